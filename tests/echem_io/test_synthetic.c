/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small hand-written files for format features the shared fixtures do not show: several Gamry
 * tables, a CHI voltammogram, a two-segment VersaStudio CV, an EC-Lab reference electrode. */
#include <math.h>
#include <string.h>

#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

static lq_echem_record *parse(const char *text, const char *name) {
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_record_read_buffer(text, strlen(text), name, NULL, &r, &d);
    if (st != LQ_OK) fprintf(stderr, "  %s: %s\n", name, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    return r;
}

void test_gamry_two_tables(void) {
    /* A CHRONOA file with the open-circuit table before the step table (as Gamry writes it). */
    const char *g =
        "EXPLAIN\r\nTAG\tCHRONOA\r\nPSTAT\tPSTAT\tREF600-1\tPotentiostat\r\n"
        "CONVENTION\tIQUANT\t1\tCurrent Convention\r\n"
        "OCVCURVE\tTABLE\t2\r\n\tPt\tT\tVf\tVm\tAch\tOver\r\n\t#\ts\tV vs. Ref.\tV\tV\tbits\r\n"
        "\t0\t0.5\t-0.1\t-0.1\t0\t....\r\n\t1\t1.0\t-0.11\t-0.11\t0\t....\r\n"
        "CURVE\tTABLE\t3\r\n\tPt\tT\tVf\tIm\tOver\r\n\t#\ts\tV vs. Ref.\tA\tbits\r\n"
        "\t0\t0\t-1.5\t-2e-3\t....\r\n\t1\t0.1\t-1.5\t-1e-3\t....\r\n\t2\t0.2\t-1.5\t-7e-4\t...."
        "\r\n";
    lq_echem_record *r = parse(g, "two.DTA");
    if (!r) return;
    LQ_CHECK(r->n == 5 && r->nsegments == 2 && r->technique == LQ_ECHEM_TECH_CA);
    if (r->nsegments == 2) {
        LQ_CHECK(r->segments[0].technique == LQ_ECHEM_TECH_OCP && r->segments[0].count == 2);
        LQ_CHECK(r->segments[1].technique == LQ_ECHEM_TECH_CA && r->segments[1].start == 2);
        LQ_CHECK(strcmp(r->segments[1].label, "CURVE") == 0);
    }
    /* The OCV table has no current: NaN there; Vm exists only in the first table. */
    LQ_CHECK(isnan(r->current_A[1]) && r->current_A[2] == -2e-3);
    LQ_CHECK(r->potential_V[1] == -0.11 && r->potential_V[4] == -1.5);
    const lq_echem_column *vm = lq_echem_record_column(r, "Vm_V");
    LQ_CHECK(vm && vm->v[0] == -0.1 && isnan(vm->v[3]));
    /* Time restarts in the second table: not "running backwards" (checked per segment). */
    LQ_CHECK(r->nwarnings == 0);
    lq_echem_record_free(r);
}

void test_chi_cv(void) {
    const char *c =
        "Mar. 3, 2021   10:00:00\nCyclic Voltammetry\nFile:  C:\\x.bin\nData Source:  Experiment\n"
        "Instrument Model:  CHI760E\nHeader:\nNote:\n\nInit E (V) = -1\nHigh E (V) = 0\n"
        "Scan Rate (V/s) = 0.05\nSegment = 2\n\nSegment 1:\nEp = -0.5V\n\n"
        "Potential/V, Current/A\n\n-1.000, 1.5e-6\n-0.999, 1.4e-6\n-0.998, 1.2e-6\n";
    lq_echem_record *r = parse(c, "cv.txt");
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_CHI_TXT && r->technique == LQ_ECHEM_TECH_CV);
    LQ_CHECK(r->n == 3 && !r->has_time && r->has_potential && r->has_current);
    LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 0.05, 1e-15, 0);
    LQ_CHECK(r->potential_V[2] == -0.998 && r->current_A[0] == 1.5e-6);
    LQ_CHECK(r->nwarnings == 1 && strstr(r->warnings[0], "sign convention"));
    lq_echem_record_free(r);
}

void test_par_two_segments(void) {
    const char *p =
        "<Application>\nName=VersaStudio\nVersion=2.60.3\n</Application>\n\n<Action0>\n"
        "Working Electrode Area (cm2)=0.5\nReference Electrode=Ag/AgCl (0.197 Volts)\n</Action0>\n"
        "<Instrument>\nType=PARSTAT4000\nSN=1\n</Instrument>\n<Action1>\nScan Rate (V/s)=0.1\n"
        "Name=Cyclic Voltammetry (Multiple Cycles)\n</Action1>\n"
        "<Segment1>\nType=1\nDefinition=Segment #, Point #, E(V), I(A), Elapsed Time(s), 0\n"
        "0,0,-1.0,-1e-5,0.01\n0,1,-1.1,-2e-5,0.02\n</Segment1>\n"
        "<Segment2>\nDefinition=Segment #, Point #, E(V), I(A), Elapsed Time(s), 0\n"
        "1,0,-1.2,-3e-5,0.03\n</Segment2>\n";
    lq_echem_record *r = parse(p, "cv.par");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_CV && r->n == 3 && r->nsegments == 2);
    LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 0.1, 1e-15, 0);
    LQ_CHECK_CLOSE(r->area_m2, 0.5e-4, 1e-15, 0);
    LQ_CHECK(strcmp(r->reference, "Ag/AgCl (0.197 Volts)") == 0);
    LQ_CHECK(strstr(r->instrument, "PARSTAT4000") != NULL);
    LQ_CHECK(r->current_A[2] == -3e-5 && r->time_s[2] == 0.03);
    lq_echem_record_free(r);
}

void test_mpt_reference(void) {
    const char *m =
        "EC-Lab ASCII FILE\nNb header lines : 8\n\nLinear Sweep Voltammetry\n"
        "Reference electrode : Ag/AgCl (1 mol% AgCl in LiCl-KCl)\n"
        "dE/dt               10.000              \ndE/dt unit          mV/s                \n"
        "mode\ttime/s\tEwe/V\tI/mA\n2\t0\t-1.0\t-0.5\n2\t1\t-1.01\t-0.6\n";
    lq_echem_record *r = parse(m, "lsv.mpt");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_LSV && r->n == 2);
    LQ_CHECK(strcmp(r->reference, "Ag/AgCl (1 mol% AgCl in LiCl-KCl)") == 0);
    LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 0.01, 1e-15, 0);
    LQ_CHECK_CLOSE(r->current_A[1], -6e-4, 1e-15, 0);
    lq_echem_record_free(r);
}

void test_short_rows(void) {
    /* A VersaStudio impedance segment whose rows hold fewer fields than 'Definition=' names: the
     * names without data are dropped, with a warning, and the rows read. */
    const char *p =
        "<Application>\nName=VersaStudio\nVersion=2.60.3\n</Application>\n"
        "<Action1>\nName=Potentiostatic EIS\n</Action1>\n"
        "<Segment1>\nDefinition=Segment #, Point #, E(V), I(A), Elapsed Time(s), Frequency(Hz), "
        "Z'(Ohm), Z''(Ohm), Phase, 0\n"
        "0,0,0.1,1e-6,0.5,1000,10.5,-2.5\n0,1,0.1,1e-6,1.0,100,11.5,-4.5\n</Segment1>\n";
    lq_echem_record *r = parse(p, "eis.par");
    if (r) {
        LQ_CHECK(r->n == 2 && r->nwarnings == 1 && strstr(r->warnings[0], "Phase"));
        const lq_echem_column *z = lq_echem_record_column(r, "Zpp_ohm");
        LQ_CHECK(z && z->v[1] == -4.5);
    }
    lq_echem_record_free(r);
    /* The same in an EC-Lab export: the header names a column the rows do not hold. */
    const char *m =
        "EC-Lab ASCII FILE\nNb header lines : 4\n\n"
        "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s\t<Ewe>/V\t<I>/mA\t\tEwe-Ece/V\n"
        "1000\t10.5\t2.5\t0.5\t0.1\t0.001\n100\t11.5\t4.5\t1.0\t0.1\t0.001\n";
    r = parse(m, "peis.mpt");
    if (r) {
        LQ_CHECK(r->n == 2 && r->nwarnings == 1 && strstr(r->warnings[0], "6"));
        LQ_CHECK(lq_echem_record_column(r, "minus_Im_Z_ohm") != NULL);
        LQ_CHECK(lq_echem_record_column(r, "Ewe_Ece_V") == NULL);
    }
    lq_echem_record_free(r);
    /* Repeated and empty header names stay apart. */
    const char *d =
        "EC-Lab ASCII FILE\nNb header lines : 4\n\n"
        "time/s\tEwe/V\tI/mA\tEwe/V\t\n0\t0.1\t1\t0.2\t7\n1\t0.1\t1\t0.3\t8\n";
    r = parse(d, "dup.mpt");
    if (r) {
        LQ_CHECK(r->n == 2 && r->nextra >= 1);
        const lq_echem_column *e2 = lq_echem_record_column(r, "Ewe_V_2");
        LQ_CHECK(e2 && e2->v[1] == 0.3);
    }
    lq_echem_record_free(r);
}
