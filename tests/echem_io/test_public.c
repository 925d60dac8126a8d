/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The public test files of other readers (shared/data/echem/<source>/, see the README there):
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
#include <string.h>

#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

static lq_echem_record *load_pub(const char *rel, lq_status want) {
    char path[1024];
    if (lq_test_shared_path(rel, path, sizeof path) != 0) return NULL;
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

/* Compares the .mpr and the .mpt of one run: returns the number of columns compared. */
static size_t twin(const char *stem) {
    char rb[256], rt[256];
    snprintf(rb, sizeof rb, "data/echem/yadg/%s.mpr", stem);
    snprintf(rt, sizeof rt, "data/echem/yadg/%s.mpt", stem);
    lq_echem_record *b = load_pub(rb, LQ_OK), *t = load_pub(rt, LQ_OK);
    size_t ncmp = 0;
    if (b && t) {
        const double tol = 2e-7;
        LQ_CHECK(b->n == t->n);
        LQ_CHECK(b->technique == t->technique || t->technique == LQ_ECHEM_TECH_UNKNOWN);
        LQ_CHECK(b->has_time == t->has_time && b->has_potential == t->has_potential &&
                 b->has_current == t->has_current);
        size_t n = b->n < t->n ? b->n : t->n;
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
    /* Every pair of yadg's tests/test_x_eclab with both files under 1 MB. */
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
        size_t c = twin(stems[i]);
        LQ_CHECK(c >= 3);
        total += c;
    }
    printf("  %zu .mpr/.mpt pairs, %zu columns compared\n", sizeof stems / sizeof stems[0], total);
}
