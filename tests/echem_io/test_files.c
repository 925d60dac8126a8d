/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every instrument file of shared/data/echem read in place, checked against values read off the
 * files by hand (line numbers below are 1-based lines of each file as stored).
 * Tolerances: a number read from text is exact to the double nearest its decimal digits, and a
 * unit conversion multiplies once by an SI factor, so SI values agree to 1e-15 relative (a few
 * ulp). Values from the binary .mpr are float32 where EC-Lab stores float32: those agree with the
 * .mpt's 8 printed digits to 1e-7 relative (float32 has 24 bits, 6e-8 relative; the print rounds
 * to 5e-8 of the value). */
#include <math.h>
#include <string.h>

#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

#define EXACT 1e-15

static lq_echem_record *load(const char *rel) {
    char path[1024];
    if (lq_test_shared_path(rel, path, sizeof path) != 0) return NULL;
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_record_read(path, NULL, &r, &d);
    if (st != LQ_OK) {
        char buf[1024];
        fprintf(stderr, "  reading %s: %s\n", rel, lq_diag_format(&d, buf, sizeof buf));
    }
    LQ_CHECK_STATUS(st, LQ_OK);
    return r;
}

static int has_warning(const lq_echem_record *r, const char *text) {
    for (size_t i = 0; i < r->nwarnings; i++)
        if (strstr(r->warnings[i], text)) return 1;
    return 0;
}

static size_t count_cycle(const lq_echem_record *r, long c) {
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) n += r->cycle[i] == c;
    return n;
}

void test_file_biologic_cv_mpt(void) {
    lq_echem_record *r = load("data/echem/biologic_cv.mpt");
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_BIOLOGIC_MPT);
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_CV);
    LQ_CHECK(strcmp(r->technique_label, "Cyclic Voltammetry") == 0); /* line 4 */
    LQ_CHECK(strstr(r->instrument, "VMP3") != NULL);                 /* line 20 "Device : VMP3" */
    LQ_CHECK(strstr(r->software, "v11.12") != NULL);                 /* line 22 */
    /* "Nb header lines : 58", data on lines 59..5161: 5103 rows. */
    LQ_CHECK(r->n == 5103);
    LQ_CHECK(r->has_time && r->has_potential && r->has_current && r->charge_C);
    LQ_CHECK(strcmp(r->potential_label, "Ewe/V") == 0 && strcmp(r->current_label, "<I>/mA") == 0);
    /* Line 59: time/s 4.320204396882385E+004, Ewe/V 2.4807117E+000, <I>/mA
     * -1.235983972946997E-006, cycle number 1, (Q-Qo)/C 0. */
    LQ_CHECK_CLOSE(r->time_s[0], 43202.04396882385, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 2.4807117, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[0], -1.235983972946997e-9, EXACT, 0);
    LQ_CHECK(r->cycle[0] == 1 && r->charge_C[0] == 0.0);
    /* Line 5161 (last, no newline): 1.496513870154098E+005, Ewe 3.1632588,
     * <I> 6.838552079206513E-004 mA, cycle 2, (Q-Qo)/C 2.5391974E+002. */
    size_t z = r->n - 1;
    LQ_CHECK_CLOSE(r->time_s[z], 149651.3870154098, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[z], 3.1632588, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[z], 6.838552079206513e-7, EXACT, 0);
    LQ_CHECK_CLOSE(r->charge_C[z], 253.91974, EXACT, 0);
    /* cycle number column: 3778 rows of cycle 1, 1325 of cycle 2 (counted with awk). */
    LQ_CHECK(r->ncycles == 2 && count_cycle(r, 1) == 3778 && count_cycle(r, 2) == 1325);
    /* Header: "dE/dt 0.100", "dE/dt unit mV/s" (lines 36-37); "Electrode surface area : 0.001
     * cm2" (line 27). */
    LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 1e-4, EXACT, 0);
    LQ_CHECK_CLOSE(r->area_m2, 1e-7, EXACT, 0);
    /* P/W is an extra column in W; line 59 gives -3.0661198E-009. */
    const lq_echem_column *p = lq_echem_record_column(r, "P_W");
    LQ_CHECK(p && strcmp(p->unit, "W") == 0);
    if (p) LQ_CHECK_CLOSE(p->v[0], -3.0661198e-9, EXACT, 0);
    LQ_CHECK(r->nwarnings == 0 && !r->decimal_comma && !r->current_sign_converted);
    lq_echem_record_free(r);
}

void test_file_biologic_cv_mpr(void) {
    lq_echem_record *b = load("data/echem/biologic_cv.mpr");
    lq_echem_record *t = load("data/echem/biologic_cv.mpt");
    if (b && t) {
        LQ_CHECK(b->format == LQ_ECHEM_FMT_BIOLOGIC_MPR);
        LQ_CHECK(b->technique == LQ_ECHEM_TECH_CV);
        LQ_CHECK(b->n == t->n && b->n == 5103);
        LQ_CHECK(b->charge_C != NULL && b->ncycles == 2);
        const lq_echem_column *cb = lq_echem_record_column(b, "control_V");
        const lq_echem_column *ct = lq_echem_record_column(t, "control_V");
        LQ_CHECK(cb && ct);
        size_t bad_t = 0, bad_e = 0, bad_i = 0, bad_q = 0, bad_c = 0, bad_ctl = 0;
        for (size_t i = 0; b->n == t->n && i < b->n; i++) {
            bad_t += fabs(b->time_s[i] - t->time_s[i]) > 1e-15 * fabs(t->time_s[i]);
            bad_e += fabs(b->potential_V[i] - t->potential_V[i]) > 1e-7 * fabs(t->potential_V[i]);
            bad_i += fabs(b->current_A[i] - t->current_A[i]) > 1e-15 * fabs(t->current_A[i]);
            bad_q += fabs(b->charge_C[i] - t->charge_C[i]) > 1e-7 * fabs(t->charge_C[i]) + 1e-30;
            bad_c += b->cycle[i] != t->cycle[i];
            if (cb && ct) bad_ctl += fabs(cb->v[i] - ct->v[i]) > 1e-7 * fabs(ct->v[i]);
        }
        LQ_CHECK(bad_t == 0);
        LQ_CHECK(bad_e == 0);
        LQ_CHECK(bad_i == 0);
        LQ_CHECK(bad_q == 0);
        LQ_CHECK(bad_c == 0);
        LQ_CHECK(bad_ctl == 0);
        /* The flags byte: line 60 of the .mpt has "control changes" 1, line 59 has 0. */
        const lq_echem_column *cc = lq_echem_record_column(b, "control_changes");
        LQ_CHECK(cc && cc->v[0] == 0.0 && cc->v[1] == 1.0);
        const lq_echem_column *md = lq_echem_record_column(b, "mode");
        LQ_CHECK(md && md->v[0] == 2.0);
    }
    lq_echem_record_free(b);
    lq_echem_record_free(t);
}

void test_file_biologic_ca_comma(void) {
    lq_echem_record *r = load("data/echem/biologic_ca_v1150_decimal_comma.mpt");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_CA && r->decimal_comma == 1);
    LQ_CHECK(strstr(r->software, "v11.50") != NULL);
    /* "Nb header lines : 72"; data lines 73..152 = 80 rows; "Number of loops : 4", loops of
     * points 0-19, 20-39, 40-59, 60-79 (lines 64-68). */
    LQ_CHECK(r->n == 80 && r->nsegments == 4);
    for (size_t k = 0; k < 4 && r->nsegments == 4; k++)
        LQ_CHECK(r->segments[k].start == 20 * k && r->segments[k].count == 20);
    /* Line 73: time/s 2,065059947832196E+001, Ewe/V 3,4241872E+000, <I>/mA
     * 9,693702445496222E-003, (Q-Qo)/C 4,5655652E-006. */
    LQ_CHECK_CLOSE(r->time_s[0], 20.65059947832196, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 3.4241872, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[0], 9.693702445496222e-6, EXACT, 0);
    LQ_CHECK(r->charge_C != NULL);
    if (r->charge_C) LQ_CHECK_CLOSE(r->charge_C[0], 4.5655652e-6, EXACT, 0);
    /* Line 152: 6,299353971363016E+002, 3,4431317E+000, 1,332343220587126E-002 mA, cycle 3. */
    LQ_CHECK_CLOSE(r->time_s[79], 629.9353971363016, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[79], 3.4431317, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[79], 1.332343220587126e-5, EXACT, 0);
    LQ_CHECK(r->cycle[79] == 3 && r->ncycles == 4);
    /* cp1252 0xB5 in "Capacitance charge/µF" is read as micro: the column is in F. */
    const lq_echem_column *cap = lq_echem_record_column(r, "Capacitance_charge_F");
    LQ_CHECK(cap && strcmp(cap->unit, "F") == 0);
    /* Line 74: Capacitance charge 3,692414008577620E+005 µF. */
    if (cap) LQ_CHECK_CLOSE(cap->v[1], 0.3692414008577620, EXACT, 0);
    /* "Q charge/discharge/mA.h" line 73: 1,268212606404429E-006 mA.h = *3.6 C. */
    const lq_echem_column *qcd = lq_echem_record_column(r, "Q charge/discharge/mA.h");
    LQ_CHECK(qcd && strcmp(qcd->unit, "C") == 0);
    if (qcd) LQ_CHECK_CLOSE(qcd->v[0], 1.268212606404429e-6 * 3.6, EXACT, 0);
    lq_echem_record_free(r);
}

void test_file_biologic_ocv_comma(void) {
    lq_echem_record *r = load("data/echem/biologic_ocv_v1150_decimal_comma.mpt");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_OCP && r->decimal_comma == 1);
    /* "Nb header lines : 54", data lines 55..97 = 43 rows; loops 0-9, 10-20, 21-31, 32-42. */
    LQ_CHECK(r->n == 43 && r->nsegments == 4);
    if (r->nsegments == 4) {
        LQ_CHECK(r->segments[0].count == 10 && r->segments[1].start == 10);
        LQ_CHECK(r->segments[3].start == 32 && r->segments[3].count == 11);
    }
    LQ_CHECK(r->has_time && r->has_potential && !r->has_current && !r->charge_C);
    LQ_CHECK(strcmp(r->potential_label, "<Ewe/V>") == 0);
    /* Line 55: 9,999999747378752E-001 s, 3,4206879E+000 V; line 97: 6,098325976441411E+002,
     * 3,4408994E+000. */
    LQ_CHECK_CLOSE(r->time_s[0], 0.9999999747378752, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 3.4206879, EXACT, 0);
    LQ_CHECK_CLOSE(r->time_s[42], 609.8325976441411, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[42], 3.4408994, EXACT, 0);
    LQ_CHECK(isnan(r->current_A[0]));
    lq_echem_record_free(r);
}

void test_file_gamry_cv(void) {
    lq_echem_record *r = load("data/echem/gamry_cv_decimal_comma.DTA");
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_GAMRY_DTA && r->technique == LQ_ECHEM_TECH_CV);
    LQ_CHECK(r->decimal_comma == 1);
    /* "CURVE TABLE 3597" (line 65) but rows Pt 0..80 on lines 68..148: 81 rows and a warning;
     * EXPERIMENTABORTED T (line 64). */
    LQ_CHECK(r->n == 81);
    LQ_CHECK(has_warning(r, "declares 3597 points"));
    LQ_CHECK(has_warning(r, "aborted"));
    LQ_CHECK(strcmp(r->potential_label, "Vf") == 0 && strcmp(r->current_label, "Im") == 0);
    /* Line 68: T 0,06 s, Vf 2,00054E-001 V, Im 1,72821E-005 A, Cycle 0. */
    LQ_CHECK_CLOSE(r->time_s[0], 0.06, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 0.200054, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[0], 1.72821e-5, EXACT, 0);
    /* Line 148: 4,86 s, -3,98239E-002 V, -2,14737E-006 A. */
    LQ_CHECK_CLOSE(r->time_s[80], 4.86, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[80], -0.0398239, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[80], -2.14737e-6, EXACT, 0);
    LQ_CHECK(r->cycle[80] == 0 && r->ncycles == 1);
    /* SCANRATE 4,99999E+001 mV/s (line 13), AREA 1 cm^2 (line 18), CONVENTION 1 (anodic). */
    LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 0.0499999, EXACT, 0);
    LQ_CHECK_CLOSE(r->area_m2, 1e-4, EXACT, 0);
    LQ_CHECK(!r->current_sign_converted);
    lq_echem_record_free(r);
}

void test_file_gamry_chronoa(void) {
    lq_echem_record *r = load("data/echem/gamry_chronoa.DTA");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_CA);
    /* Rows Pt 0..9 on lines 67..76 (the table declares 5258). */
    LQ_CHECK(r->n == 10 && has_warning(r, "declares 5258"));
    /* Line 67: T 0, Vf -5.40000E-004, Im -2.34197E-008; line 76: 270, 4.00000E-001, 3.00000E-009.
     */
    LQ_CHECK_CLOSE(r->time_s[0], 0.0, 0, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], -5.4e-4, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[0], -2.34197e-8, EXACT, 0);
    LQ_CHECK_CLOSE(r->time_s[9], 270.0, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[9], 0.4, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[9], 3e-9, EXACT, 0);
    /* The "Over" column ("...........") is text and left out. */
    LQ_CHECK(lq_echem_record_column(r, "Over") == NULL);
    lq_echem_record_free(r);
}

void test_file_gamry_swv(void) {
    lq_echem_record *r = load("data/echem/gamry_squarewave.DTA");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_SWV);
    /* Rows Pt 0..9 on lines 66..75; CONVENTION 0 (line 37): cathodic positive, so every current
     * is negated to the IUPAC sign. */
    LQ_CHECK(r->n == 10 && r->current_sign_converted);
    LQ_CHECK(strcmp(r->potential_label, "Vstep") == 0 && strcmp(r->current_label, "Idif") == 0);
    /* Line 66: T 0.01, Vstep 6.02416E-003, Ifwd 1.95523E-007, Irev -1.73274E-006, Idif
     * 1.92826E-006. */
    LQ_CHECK_CLOSE(r->time_s[0], 0.01, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 6.02416e-3, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[0], -1.92826e-6, EXACT, 0);
    const lq_echem_column *f = lq_echem_record_column(r, "Ifwd_A");
    const lq_echem_column *b = lq_echem_record_column(r, "Irev_A");
    const lq_echem_column *vf = lq_echem_record_column(r, "Vfwd_V");
    LQ_CHECK(f && b && vf);
    if (f && b && vf) {
        LQ_CHECK_CLOSE(f->v[0], -1.95523e-7, EXACT, 0);
        LQ_CHECK_CLOSE(b->v[0], 1.73274e-6, EXACT, 0);
        LQ_CHECK_CLOSE(vf->v[0], -2.55258e-2, EXACT, 0);
        /* Line 75: Vfwd -6.00258E-002, Idif -4.02055E-007. */
        LQ_CHECK_CLOSE(vf->v[9], -6.00258e-2, EXACT, 0);
    }
    LQ_CHECK_CLOSE(r->current_A[9], 4.02055e-7, EXACT, 0);
    lq_echem_record_free(r);
}

void test_file_gamry_ocp(void) {
    lq_echem_record *r = load("data/echem/gamry_ocp.DTA");
    if (!r) return;
    LQ_CHECK(r->technique == LQ_ECHEM_TECH_OCP && !r->has_current);
    /* Rows Pt 0..20 on lines 50..70 (CRLF); line 50: T 5.00833, Vf 2.05436E-002; line 70:
     * 105.175, 3.45678E-002. */
    LQ_CHECK(r->n == 21);
    LQ_CHECK_CLOSE(r->time_s[0], 5.00833, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 2.05436e-2, EXACT, 0);
    LQ_CHECK_CLOSE(r->time_s[20], 105.175, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[20], 3.45678e-2, EXACT, 0);
    lq_echem_record_free(r);
}

void test_file_autolab(void) {
    lq_echem_record *r = load("data/echem/autolab_nova_cv.txt");
    if (r) {
        LQ_CHECK(r->format == LQ_ECHEM_FMT_AUTOLAB_ASCII && r->technique == LQ_ECHEM_TECH_CV);
        /* Header on line 1, rows on lines 2..6281 (Index 1..6280). */
        LQ_CHECK(r->n == 6280);
        /* Line 2: 0.001068115234375 V; 132.321907665919 s; -1.79473876953125E-05 A; Scan 1. */
        LQ_CHECK_CLOSE(r->potential_V[0], 0.001068115234375, EXACT, 0);
        LQ_CHECK_CLOSE(r->time_s[0], 132.321907665919, EXACT, 0);
        LQ_CHECK_CLOSE(r->current_A[0], -1.79473876953125e-05, EXACT, 0);
        /* Line 6281: 0.10040283203125; 467.658180819277; 4.07470703125E-05; Scan 3. */
        LQ_CHECK_CLOSE(r->potential_V[6279], 0.10040283203125, EXACT, 0);
        LQ_CHECK_CLOSE(r->time_s[6279], 467.658180819277, EXACT, 0);
        LQ_CHECK_CLOSE(r->current_A[6279], 4.07470703125e-05, EXACT, 0);
        /* Scan column: 2156, 2062, 2062 rows of scans 1, 2, 3 (counted with awk). */
        LQ_CHECK(r->ncycles == 3 && count_cycle(r, 1) == 2156 && count_cycle(r, 3) == 2062);
        /* "Current range" ("1 mA") is text and left out; Q+ and Q- stay apart. */
        LQ_CHECK(lq_echem_record_column(r, "Current range") == NULL);
        LQ_CHECK(lq_echem_record_column(r, "Q+") && lq_echem_record_column(r, "Q-"));
        lq_echem_record_free(r);
    }
    r = load("data/echem/autolab_nova_chrono.txt");
    if (r) {
        LQ_CHECK(r->technique == LQ_ECHEM_TECH_CA && !r->has_potential);
        /* UTF-8 BOM, rows on lines 2..31. Line 2: Corrected time 0, current -0.001793212890625;
         * line 31: 28.999999926782 s, -0.001336669921875 A. */
        LQ_CHECK(r->n == 30);
        LQ_CHECK_CLOSE(r->time_s[0], 0.0, 0, 0);
        LQ_CHECK_CLOSE(r->current_A[0], -0.001793212890625, EXACT, 0);
        LQ_CHECK_CLOSE(r->time_s[29], 28.999999926782, EXACT, 0);
        LQ_CHECK_CLOSE(r->current_A[29], -0.001336669921875, EXACT, 0);
        /* "Column 2 (V)" is -0.857 on line 2 and empty below: NaN there. */
        const lq_echem_column *c2 = lq_echem_record_column(r, "Column 2 (V)");
        LQ_CHECK(c2 && strcmp(c2->unit, "V") == 0);
        if (c2) LQ_CHECK(c2->v[0] == -0.857 && isnan(c2->v[1]));
        lq_echem_record_free(r);
    }
}

void test_file_versastudio(void) {
    lq_echem_record *r = load("data/echem/versastudio_versastat4_eis.par");
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_VERSASTUDIO_PAR && r->technique == LQ_ECHEM_TECH_EIS);
    LQ_CHECK(strstr(r->instrument, "VersaSTAT4") && strstr(r->software, "2.52.3"));
    LQ_CHECK(strcmp(r->technique_label, "Potentiostatic EIS") == 0); /* <Action1> Name= */
    /* <Segment1>: rows on lines 117..177 (Point # 0..60). */
    LQ_CHECK(r->n == 61 && r->nsegments == 1);
    /* Line 117: E 0 V, I -3.282372E-06 A, Elapsed Time 1.812 s, Frequency 100000 Hz, Z Real
     * 55.31571; line 177: 1575.401 s, 0.02154435 Hz, Z Real 1516.313, Z Imag -122.8279. */
    LQ_CHECK_CLOSE(r->current_A[0], -3.282372e-06, EXACT, 0);
    LQ_CHECK_CLOSE(r->time_s[0], 1.812, EXACT, 0);
    LQ_CHECK_CLOSE(r->time_s[60], 1575.401, EXACT, 0);
    const lq_echem_column *f = lq_echem_record_column(r, "Frequency_Hz");
    const lq_echem_column *zr = lq_echem_record_column(r, "Z Real");
    const lq_echem_column *zi = lq_echem_record_column(r, "Z Imag");
    LQ_CHECK(f && zr && zi);
    if (f && zr && zi) {
        LQ_CHECK_CLOSE(f->v[0], 100000.0, EXACT, 0);
        LQ_CHECK_CLOSE(f->v[60], 0.02154435, EXACT, 0);
        LQ_CHECK_CLOSE(zr->v[0], 55.31571, EXACT, 0);
        LQ_CHECK_CLOSE(zr->v[60], 1516.313, EXACT, 0);
        LQ_CHECK_CLOSE(zi->v[60], -122.8279, EXACT, 0);
    }
    /* <Action0>: "Working Electrode Area (cm2)=1", "Reference Electrode=(unspecified) (0 Volts)".
     */
    LQ_CHECK_CLOSE(r->area_m2, 1e-4, EXACT, 0);
    LQ_CHECK(strcmp(r->reference, "(unspecified) (0 Volts)") == 0);
    LQ_CHECK(isnan(r->scan_rate_V_per_s)); /* EIS: the action's default scan rate is not used */
    lq_echem_record_free(r);
}

void test_file_chi(void) {
    lq_echem_record *r = load("data/echem/chi660e_eis.txt");
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_CHI_TXT && r->technique == LQ_ECHEM_TECH_EIS);
    LQ_CHECK(strstr(r->instrument, "CHI660E") != NULL); /* line 5 */
    /* Names on line 17, rows on lines 19..91: 73 rows, no E or I column. */
    LQ_CHECK(r->n == 73 && !r->has_potential && !r->has_current && r->nextra == 5);
    const lq_echem_column *f = lq_echem_record_column(r, "Freq/Hz");
    const lq_echem_column *z1 = lq_echem_record_column(r, "Z'/ohm");
    const lq_echem_column *z2 = lq_echem_record_column(r, "Z\"/ohm");
    const lq_echem_column *ph = lq_echem_record_column(r, "Phase/deg");
    LQ_CHECK(f && z1 && z2 && ph);
    if (f && z1 && z2 && ph) {
        /* Line 19: 9.961e+4, 9.891e+1, -2.748e+0, 9.894e+1, -1.6; line 91: 1.000e-1, 5.685e+3,
         * -1.586e+4, 1.685e+4, -70.3. */
        LQ_CHECK_CLOSE(f->v[0], 99610.0, EXACT, 0);
        LQ_CHECK_CLOSE(z1->v[0], 98.91, EXACT, 0);
        LQ_CHECK_CLOSE(z2->v[0], -2.748, EXACT, 0);
        LQ_CHECK_CLOSE(ph->v[0], -1.6, EXACT, 0);
        LQ_CHECK_CLOSE(f->v[72], 0.1, EXACT, 0);
        LQ_CHECK_CLOSE(z2->v[72], -15860.0, EXACT, 0);
        LQ_CHECK_CLOSE(ph->v[72], -70.3, EXACT, 0);
    }
    lq_echem_record_free(r);
}

void test_file_palmsens(void) {
    lq_echem_record *r = load("data/echem/palmsens_swv.pssession");
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_PALMSENS_SESSION && r->technique == LQ_ECHEM_TECH_SWV);
    LQ_CHECK(strstr(r->instrument, "PS4A19N001043") != NULL);
    /* Three measurements "Square Wave Voltammetry [3..5]" of 70 points each. */
    LQ_CHECK(r->n == 210 && r->nsegments == 3 && r->ncycles == 3);
    /* First point: time 0, potential 0.389962 V, current -3023.66 uA (MicroAmpere); last point
     * of the third: 6.9 s, -0.299649 V, -2083.09 uA (read with iconv -f utf-16le). */
    LQ_CHECK_CLOSE(r->time_s[0], 0.0, 0, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 0.389962, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[0], -3023.66e-6, EXACT, 0);
    LQ_CHECK_CLOSE(r->time_s[209], 6.9, EXACT, 0);
    LQ_CHECK_CLOSE(r->potential_V[209], -0.299649, EXACT, 0);
    LQ_CHECK_CLOSE(r->current_A[209], -2083.09e-6, EXACT, 0);
    /* Second measurement starts at point 70 with -2485.69 uA. */
    LQ_CHECK(r->nsegments == 3 && r->segments[1].start == 70 && r->segments[1].count == 70);
    LQ_CHECK_CLOSE(r->current_A[70], -2485.69e-6, EXACT, 0);
    /* Method: E_STEP 0.01 V at FREQ 10 Hz: 0.1 V/s. */
    LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 0.1, 1e-12, 0);
    lq_echem_record_free(r);
}
