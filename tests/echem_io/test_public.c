/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public test files of other readers (tests/data/echem/<source>/, see the READMEs there):
 * yadg's EC-Lab files (which include galvani's EC-Lab 11.50 files byte for byte), gamry-parser's
 * and the PalmSens SDK's. Every .mpr is checked against its .mpt export column by column.
 * Tolerance of the .mpr/.mpt comparison: EC-Lab stores most quantities as float32 (24-bit
 * mantissa, 6e-8 relative) and prints them with 8 significant digits (5e-8 relative), so the two
 * agree to 1.2e-7 relative; float64 columns are printed with 16 digits and agree to 1e-15. The
 * bound used, 2e-7 relative, covers both; columns the reader derives (the current of GCPL files
 * from dq/dt) are computed in float64 from float64 columns exactly as EC-Lab does, and fall under
 * the same bound. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

/* Path of tests/<rel> ("data/echem/yadg/x.mpr") in the source tree. */
static void pub_path(const char *rel, char *path, size_t size) {
    char r[512];
    snprintf(r, sizeof r, "tests/%s", rel);
    lq_test_source_path(r, path, size);
}

static lq_echem_record *load_pub(const char *rel, lq_status want) {
    char path[1024];
    pub_path(rel, path, sizeof path);
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_record_read(path, NULL, &r, &d);
    if (st != want) {
        char buf[1024];
        fprintf(stderr, "  reading %s: %s\n", rel, lq_diag_format(&d, buf, sizeof buf));
    }
    LQ_CHECK_STATUS(st, want);
    return r;
}

/* Number of points where a and b differ by more than tol relative (NaN equals NaN). */
static size_t count_bad(const double *a, const double *b, size_t n, double tol) {
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(a[i]) && isnan(b[i])) continue;
        bad += !(fabs(a[i] - b[i]) <= tol * fabs(b[i]));
    }
    return bad;
}

/* Reads a file by its absolute path (the decompressed exports in a scratch folder). */
static lq_echem_record *load_abs(const char *path) {
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_record_read(path, NULL, &r, &d);
    if (st != LQ_OK) {
        char buf[1024];
        fprintf(stderr, "  reading %s: %s\n", path, lq_diag_format(&d, buf, sizeof buf));
    }
    LQ_CHECK_STATUS(st, LQ_OK);
    return r;
}

/* Largest relative .mpr/.mpt difference seen over all compared values (reported). */
static double twin_maxrel = 0.0;

static void note_rel(const double *a, const double *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i]) || b[i] == 0.0) continue;
        double r = fabs(a[i] - b[i]) / fabs(b[i]);
        if (r > twin_maxrel) twin_maxrel = r;
    }
}

/* Compares the .mpr and the .mpt of one run: returns the number of columns compared. The .mpt is
 * tests/data/echem/yadg/<stem>.mpt, or `mpt_abs` when given (a decompressed copy). */
static size_t twin(const char *stem, const char *mpt_abs) {
    char rb[256], rt[256];
    snprintf(rb, sizeof rb, "data/echem/yadg/%s.mpr", stem);
    snprintf(rt, sizeof rt, "data/echem/yadg/%s.mpt", stem);
    lq_echem_record *b = load_pub(rb, LQ_OK);
    lq_echem_record *t = mpt_abs ? load_abs(mpt_abs) : load_pub(rt, LQ_OK);
    size_t ncmp = 0;
    if (b && t) {
        const double tol = 2e-7;
        LQ_CHECK(b->n == t->n);
        LQ_CHECK(b->technique == t->technique || t->technique == LQ_ECHEM_TECH_UNKNOWN);
        LQ_CHECK(b->has_time == t->has_time && b->has_potential == t->has_potential &&
                 b->has_current == t->has_current);
        size_t n = b->n < t->n ? b->n : t->n;
        note_rel(b->time_s, t->time_s, b->has_time ? n : 0);
        note_rel(b->potential_V, t->potential_V, b->has_potential ? n : 0);
        note_rel(b->current_A, t->current_A, b->has_current ? n : 0);
        if (b->has_time) LQ_CHECK(count_bad(b->time_s, t->time_s, n, tol) == 0), ncmp++;
        if (b->has_potential)
            LQ_CHECK(count_bad(b->potential_V, t->potential_V, n, tol) == 0), ncmp++;
        if (b->has_current) {
            size_t bad = count_bad(b->current_A, t->current_A, n, tol);
            if (bad) fprintf(stderr, "  %s: current differs at %zu points\n", stem, bad);
            LQ_CHECK(bad == 0);
            ncmp++;
        }
        LQ_CHECK((b->charge_C == NULL) == (t->charge_C == NULL));
        if (b->charge_C && t->charge_C)
            LQ_CHECK(count_bad(b->charge_C, t->charge_C, n, tol) == 0), ncmp++;
        /* The cycle number, when the .mpr stores it (the export can add it). */
        int bcyc = 0;
        for (size_t i = 0; i < n && !bcyc; i++) bcyc = b->cycle[i] != 0;
        size_t badc = 0;
        for (size_t i = 0; i < n && bcyc; i++) badc += b->cycle[i] != t->cycle[i];
        LQ_CHECK(badc == 0);
        /* Loops: the .mpr's loop module and the .mpt's "Loop i from point number a to b". */
        LQ_CHECK(b->nsegments == t->nsegments);
        for (size_t s = 0; s < b->nsegments && s < t->nsegments; s++)
            LQ_CHECK(b->segments[s].start == t->segments[s].start &&
                     b->segments[s].count == t->segments[s].count);
        /* EC-Lab's export prints THD = -1 and 0 for the harmonics and noise ratios at the points
         * where it judges the distortion analysis invalid (the two highest frequencies of each
         * loop of the 11.50 PEIS/GEIS twins); the .mpr keeps the measured values. Those points
         * only are left out for those columns. */
        const lq_echem_column *thd = lq_echem_record_column(t, "THD_Ewe");
        size_t masked = 0;
        for (size_t i = 0; thd && i < n; i++) masked += thd->v[i] == -1.0;
        LQ_CHECK(masked * 5 <= n);
        for (size_t k = 0; k < b->nextra; k++) {
            const lq_echem_column *x = &b->extra[k];
            const lq_echem_column *y = NULL;
            for (size_t j = 0; j < t->nextra && !y; j++)
                if (strcmp(t->extra[j].name, x->name) == 0) y = &t->extra[j];
            /* Column 70 is "P/W" in most exports and "Pwe/W" in the 11.50 impedance ones. */
            if (!y && strcmp(x->name, "P_W") == 0) y = lq_echem_record_column(t, "Pwe_W");
            if (!y) {
                /* Every .mpr column is in the .mpt export, under the same name. */
                fprintf(stderr, "  %s: .mpr column %s (%s) not in the .mpt\n", stem, x->name,
                        x->label);
                LQ_CHECK(y != NULL);
                continue;
            }
            LQ_CHECK(strcmp(x->unit, y->unit) == 0);
            int harm = strncmp(x->name, "THD", 3) == 0 || strncmp(x->name, "NSD", 3) == 0 ||
                       strncmp(x->name, "NSR", 3) == 0 || strstr(x->name, "_h") != NULL;
            size_t bad = 0;
            for (size_t i = 0; i < n; i++) {
                if (harm && thd && thd->v[i] == -1.0) continue;
                if (isnan(x->v[i]) && isnan(y->v[i])) continue;
                bad += !(fabs(x->v[i] - y->v[i]) <= tol * fabs(y->v[i]));
                if (!harm) note_rel(&x->v[i], &y->v[i], 1);
            }
            if (bad) fprintf(stderr, "  %s: column %s differs at %zu points\n", stem, x->name, bad);
            LQ_CHECK(bad == 0);
            ncmp++;
        }
    }
    lq_echem_record_free(b);
    lq_echem_record_free(t);
    return ncmp;
}

void test_public_mpr_mpt_twins(void) {
    /* Every pair of yadg's tests/test_x_eclab whose .mpt is under 1 MB, the size of a file the
     * project may commit (the larger .mpt exports are not in yadg's public snapshot). */
    static const char *stems[] = {"ca.issue_149",
                                  "ca",
                                  "coc.issue_185",
                                  "cov.issue_185",
                                  "cp.issue_149",
                                  "cp.issue_61",
                                  "cp",
                                  "cv",
                                  "cva.issue_202",
                                  "gcpl.issue_149",
                                  "gcpl.issue_226.CxN",
                                  "gcpl.issue_226.I",
                                  "geis.issue_149",
                                  "lsv.issue_195",
                                  "lsv",
                                  "mb.issue_149",
                                  "mb.issue_223",
                                  "mb.issue_95",
                                  "ocv.issue_149",
                                  "ocv",
                                  "peis.issue_149",
                                  "peis.issue_225.ewe_ece",
                                  "peis.issue_225.no_ece",
                                  "peis.issue_225.with_ece",
                                  "peis",
                                  "vsp_ocv_with",
                                  "vsp_ocv_wo",
                                  "zir"};
    size_t total = 0;
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        size_t c = twin(stems[i], NULL);
        LQ_CHECK(c >= 3);
        total += c;
    }
    /* Pairs whose .mpt export is 1-2 MB: the export is committed xz-compressed (<stem>.mpt.xz,
     * README), unpacked into a scratch folder and checked against the SHA-256 of yadg's original
     * before it is compared like the others. */
    const size_t nbig = lqt_yadg_nbig;
    for (size_t i = 0; i < nbig; i++) {
        char mpt[256];
        if (lqt_unpack_yadg(i, mpt, sizeof mpt) != 0) continue;
        size_t c = twin(lqt_yadg_big[i].stem, mpt);
        LQ_CHECK(c >= 3);
        total += c;
    }
    printf(
        "  %zu .mpr/.mpt pairs (%zu from .mpt.xz), %zu columns compared, largest relative "
        "difference %.3g\n",
        sizeof stems / sizeof stems[0] + nbig, nbig, total, twin_maxrel);
}

/* No two columns of a record share a name, and none takes a name of the record's own columns
 * (time_s, E_V, I_A, Q_C, cycle, segment in the CSV). */
static int names_unique(const lq_echem_record *r) {
    static const char *const own[] = {"time_s", "E_V", "I_A", "Q_C", "cycle", "segment"};
    for (size_t i = 0; i < r->nextra; i++) {
        for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
            if (strcmp(r->extra[i].name, own[k]) == 0) return 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->extra[i].name, r->extra[j].name) == 0) return 0;
    }
    return 1;
}

void test_public_eclab_names(void) {
    /* peis.mpr (EC-Lab < 11.50, PEIS with Ece): "-Im(Z)/Ohm" kept as stored, named so; line 1 of
     * peis.mpt's data gives -Im(Z) = 7.3047662E-001 Ohm (float32 in the .mpr: 1.2e-7). */
    lq_echem_record *r = load_pub("data/echem/yadg/peis.mpr", LQ_OK);
    if (r) {
        LQ_CHECK(r->technique == LQ_ECHEM_TECH_EIS && names_unique(r));
        const lq_echem_column *im = lq_echem_record_column(r, "minus_Im_Z_ohm");
        LQ_CHECK(im != NULL && lq_echem_record_column(r, "Im_Z_ohm") == NULL);
        if (im) LQ_CHECK_CLOSE(im->v[0], 0.73047662, 2e-7, 0);
        /* |I|/A is a magnitude, not a second current. */
        LQ_CHECK(lq_echem_record_column(r, "abs_I_A") != NULL);
        /* Column 471 (= 256 + 215) is <Ece>/V; 430-433 the Zwe-ce columns. */
        LQ_CHECK(lq_echem_record_column(r, "Ece_V") != NULL);
        LQ_CHECK(lq_echem_record_column(r, "minus_Im_Zwe_ce_ohm") != NULL);
    }
    lq_echem_record_free(r);
    /* Every .mpr and .mpt of the set opens with unique column names. */
    static const char *files[] = {"bcd.issue_241.mpr",  "cv.issue_149.mpr",   "cv.issue_217.mpr",
                                  "gcpl.issue_175.mpr", "gcpl.issue_211.mpr", "gcpl.issue_228.mpr",
                                  "gcpl.mpr",           "gcpl.pr_182.1.mpr",  "gcpl.pr_182.2.mpr",
                                  "geis.mpr",           "mb.issue_218.mpr",   "mb.mpr",
                                  "vsp_peis_with.mpr",  "mb.issue_95.de.mpt", "mb.old.mpt",
                                  "ocv.old.mpt",        "wait.old.mpt"};
    size_t opened = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "data/echem/yadg/%s", files[i]);
        int empty = strncmp(files[i], "wait", 4) == 0;
        lq_echem_record *x = load_pub(rel, empty ? LQ_EPARSE : LQ_OK);
        if (x) {
            LQ_CHECK(names_unique(x) && x->n > 0 && (x->has_potential || x->has_current));
            opened++;
        }
        lq_echem_record_free(x);
    }
    LQ_CHECK(opened == sizeof files / sizeof files[0] - 1);
    /* GCPL without a current column: the current is derived and said so; BCD's potential is
     * Ecell (technique 0x88). */
    r = load_pub("data/echem/yadg/gcpl.mpr", LQ_OK);
    if (r) {
        LQ_CHECK(r->has_current && r->technique == LQ_ECHEM_TECH_GCPL);
        LQ_CHECK(r->nwarnings >= 1 && strstr(r->warnings[0], "dq/dt") != NULL);
    }
    lq_echem_record_free(r);
    r = load_pub("data/echem/yadg/bcd.issue_241.mpr", LQ_OK);
    if (r) LQ_CHECK(strcmp(r->potential_label, "Ecell/V") == 0 && r->n == 2550);
    lq_echem_record_free(r);
}

void test_public_empty(void) {
    /* A WAIT technique records no point: the .mpr's data module holds 0 points and the .mpt has
     * its header only. Both say the file is empty; so does a Gamry file whose header ends without
     * a table (gamry-parser's cv_data_incompleteheader.dta). */
    static const char *files[] = {"yadg/wait.mpr", "yadg/wait.mpt",
                                  "gamry-parser/cv_data_incompleteheader.dta"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char rel[256], path[1024];
        snprintf(rel, sizeof rel, "data/echem/%s", files[i]);
        pub_path(rel, path, sizeof path);
        lq_echem_record *r = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        LQ_CHECK_STATUS(lq_echem_record_read(path, NULL, &r, &d), LQ_EPARSE);
        LQ_CHECK(r == NULL && (strstr(d.msg, "empty") || strstr(d.msg, "no data")));
    }
}

/* Values of gamry-parser's own tests (tests/test_gamryparser.py and the per-technique tests at
 * the commit named in the README), exact to the digits of the file. */
void test_public_gamry_parser(void) {
    const double ex = 1e-15;
    lq_echem_record *r = load_pub("data/echem/gamry-parser/cv_data.dta", LQ_OK);
    if (r) {
        /* curve_count 5; curve 1: T 0.1 .. 1.0, last Vf 0.5; curve 5 last point: T 601.1,
         * Vf 0.889001, Im 2.62272e-07, Sig 0.890, IERange 5; scan_rate 1.23456 (mV/s). */
        LQ_CHECK(r->nsegments == 5 && r->ncycles == 5 && r->n == 50);
        LQ_CHECK_CLOSE(r->time_s[0], 0.1, ex, 0);
        LQ_CHECK_CLOSE(r->time_s[9], 1.0, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[9], 0.5, ex, 0);
        LQ_CHECK(r->cycle[0] == 1 && r->cycle[49] == 5);
        LQ_CHECK_CLOSE(r->time_s[49], 601.1, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[49], 0.889001, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[49], 2.62272e-7, ex, 0);
        const lq_echem_column *sig = lq_echem_record_column(r, "Sig_V");
        const lq_echem_column *ier = lq_echem_record_column(r, "IERange");
        LQ_CHECK(sig && ier);
        if (sig) LQ_CHECK_CLOSE(sig->v[49], 0.890, ex, 0);
        if (ier) LQ_CHECK(ier->v[49] == 5.0);
        LQ_CHECK_CLOSE(r->scan_rate_V_per_s, 1.23456e-3, ex, 0);
    }
    lq_echem_record_free(r);
    /* ocv_curve: T 0.258333 .. 10.3333, last Vf 0.283437 (40 points), then CURVE1. */
    r = load_pub("data/echem/gamry-parser/ocvcurve_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->nsegments == 2 && r->segments[0].count == 40);
        LQ_CHECK(r->segments[0].technique == LQ_ECHEM_TECH_OCP);
        LQ_CHECK_CLOSE(r->time_s[0], 0.258333, ex, 0);
        LQ_CHECK_CLOSE(r->time_s[39], 10.3333, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[39], 0.283437, ex, 0);
    }
    lq_echem_record_free(r);
    /* chronoa (point) and chronoa_de (comma): T[-1] 270; Vf[0] -5.4e-4 / -5e-4, Vf[-1] 0.4;
     * Im[0] -2e-8 (de), Im[-1] 3e-9. */
    r = load_pub("data/echem/gamry-parser/chronoa_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 10);
        LQ_CHECK_CLOSE(r->time_s[9], 270, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[0], -5.4e-4, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[9], 0.4, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[9], 3e-9, ex, 0);
    }
    lq_echem_record_free(r);
    r = load_pub("data/echem/gamry-parser/chronoa_de_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->decimal_comma && r->n == 10);
        LQ_CHECK_CLOSE(r->potential_V[0], -5e-4, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[0], -2e-8, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[9], 3e-9, ex, 0);
    }
    lq_echem_record_free(r);
    /* eispot_data: 10 points (four rows blank-separated); curveaborted: 5 points. */
    r = load_pub("data/echem/gamry-parser/eispot_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 10 && r->technique == LQ_ECHEM_TECH_EIS);
        const lq_echem_column *f = lq_echem_record_column(r, "Freq_Hz");
        LQ_CHECK(f != NULL);
        if (f) LQ_CHECK_CLOSE(f->v[9], 0.5, ex, 0);
    }
    lq_echem_record_free(r);
    r = load_pub("data/echem/gamry-parser/eispot_data_curveaborted.dta", LQ_OK);
    if (r) LQ_CHECK(r->n == 5);
    lq_echem_record_free(r);
    /* ocp_data: 21 points, T 5.00833 .. 105.175, Vf 0.0205436 .. 0.0345678. */
    r = load_pub("data/echem/gamry-parser/ocp_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 21);
        LQ_CHECK_CLOSE(r->time_s[0], 5.00833, ex, 0);
        LQ_CHECK_CLOSE(r->time_s[20], 105.175, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[0], 0.0205436, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[20], 0.0345678, ex, 0);
    }
    lq_echem_record_free(r);
    /* squarewave_data: 10 rows, T[0] 0.01. */
    r = load_pub("data/echem/gamry-parser/squarewave_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 10 && r->technique == LQ_ECHEM_TECH_SWV);
        LQ_CHECK_CLOSE(r->time_s[0], 0.01, ex, 0);
    }
    lq_echem_record_free(r);
    /* vfp600_data: 20 samples at 15 Hz: T[0] 0, round(100 T[-1]) = 127, Voltage[-1] 0.033333,
     * round(1e13 Current[-1]) = 5125. */
    r = load_pub("data/echem/gamry-parser/vfp600_data.dta", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 20 && r->has_time);
        LQ_CHECK(r->time_s[0] == 0.0 && lround(r->time_s[19] * 100) == 127);
        LQ_CHECK_CLOSE(r->potential_V[19], 0.033333, ex, 0);
        LQ_CHECK(lround(r->current_A[19] * 1e13) == 5125);
    }
    lq_echem_record_free(r);
}

/* Values of the PalmSens SDK's tests (python/tests: test_curve.py, test_dataset.py,
 * test_eis_data.py, test_peak.py). */
void test_public_palmsens_sdk(void) {
    const double ex = 1e-15;
    /* DPV example (PSTrace 5.0, data only in curves): 201 points, x -1.0 .. 0.0 V, y 1.93339 ..
     * 36.5019 uA; the peak of test_peak.py at index 37: x -0.815 V, y 4.1635 uA; left index 25
     * (-0.875 V, 3.21169 uA), right index 51 (-0.745 V, 2.10081 uA). */
    lq_echem_record *r = load_pub("data/echem/palmsens-sdk/DPV example.pssession", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 201 && r->has_potential && r->has_current);
        double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
        for (size_t i = 0; i < r->n; i++) {
            xmin = fmin(xmin, r->potential_V[i]), xmax = fmax(xmax, r->potential_V[i]);
            ymin = fmin(ymin, r->current_A[i]), ymax = fmax(ymax, r->current_A[i]);
        }
        LQ_CHECK(xmin == -1.0 && xmax == 0.0);
        LQ_CHECK_CLOSE(ymin, 1.93339e-6, ex, 0);
        LQ_CHECK_CLOSE(ymax, 36.5019e-6, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[37], -0.815, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[37], 4.1635e-6, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[25], -0.875, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[25], 3.21169e-6, ex, 0);
        LQ_CHECK_CLOSE(r->potential_V[51], -0.745, ex, 0);
        LQ_CHECK_CLOSE(r->current_A[51], 2.10081e-6, ex, 0);
    }
    lq_echem_record_free(r);
    /* cv_1scan (PSTrace 5.11, PascalCase): a data set of Time, Potential, Current, Charge with
     * 41 points each. */
    r = load_pub("data/echem/palmsens-sdk/cv_1scan.pssession", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 41 && r->has_time && r->has_potential && r->has_current);
        LQ_CHECK(r->charge_C != NULL && r->technique == LQ_ECHEM_TECH_CV);
    }
    lq_echem_record_free(r);
    /* cv_3scan and CV example: one segment per scan curve, cycles 1..3. */
    static const struct {
        const char *file;
        size_t n0, n1, n2;
    } cvs[] = {{"cv_3scan.pssession", 40, 40, 41}, {"CV example.pssession", 437, 436, 436}};
    for (size_t k = 0; k < 2; k++) {
        char rel[256];
        snprintf(rel, sizeof rel, "data/echem/palmsens-sdk/%s", cvs[k].file);
        r = load_pub(rel, LQ_OK);
        if (r) {
            LQ_CHECK(r->nsegments == 3 && r->ncycles == 3);
            LQ_CHECK(r->segments[0].count == cvs[k].n0 && r->segments[1].count == cvs[k].n1 &&
                     r->segments[2].count == cvs[k].n2);
            LQ_CHECK(r->cycle[0] == 1 && r->cycle[r->n - 1] == 3);
        }
        lq_echem_record_free(r);
    }
    /* eis_5freq: 5 points; eis_3ch_4scan_5freq: 20 points (4 scans of 5 frequencies). ZIm holds
     * -Z'' (its unit's quantity is "-Z''"): named minus_ZIm_ohm. */
    r = load_pub("data/echem/palmsens-sdk/eis_5freq.pssession", LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 5 && r->technique == LQ_ECHEM_TECH_EIS);
        LQ_CHECK(lq_echem_record_column(r, "minus_ZIm_ohm") != NULL && names_unique(r));
    }
    lq_echem_record_free(r);
    r = load_pub("data/echem/palmsens-sdk/eis_3ch_4scan_5freq.pssession", LQ_OK);
    if (r) LQ_CHECK(r->n == 20);
    lq_echem_record_free(r);
    static const char *more[] = {"PSDiffPulse.pssession", "PSNoiseTest.pssession",
                                 "BatteryCurve.pssession"};
    for (size_t k = 0; k < 3; k++) {
        char rel[256];
        snprintf(rel, sizeof rel, "data/echem/palmsens-sdk/%s", more[k]);
        r = load_pub(rel, LQ_OK);
        if (r) LQ_CHECK(r->n > 0 && names_unique(r));
        lq_echem_record_free(r);
    }
}
