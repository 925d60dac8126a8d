/* SPDX-License-Identifier: GPL-3.0-or-later */
/* liquidus' read of yadg's EC-Lab test files against yadg's own parse (its .pkl expected outputs,
 * condensed by tests/data/echem/yadg/make_pkl_refs.py into pkl_refs.tsv). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

/* yadg's names that differ from EC-Lab's column names, which liquidus keeps as labels: yadg
 * writes " or " for a "/" inside a name. */
static const struct {
    const char *yadg, *label;
} renames[] = {{"ox or red", "ox/red"}, {"Q charge or discharge", "Q charge/discharge"}};

/* Names yadg gives by EC-Lab version where the export of the same file keeps the older one
 * (liquidus follows the export, tests/echem_io/test_public.c): column 70 is "P/W" in most
 * exports, "Pwe" in yadg's parse of EC-Lab 11.50 files; columns 123/124 are "Energy charge/W.h"
 * in the exports of files before 11.50, "Energy we charge" in yadg. Tried when the name itself
 * is not found. */
static const struct {
    const char *yadg, *label;
} aliases[] = {{"Pwe", "P"},
               {"Energy we charge", "Energy charge"},
               {"Energy we discharge", "Energy discharge"}};

/* yadg's units: the factor to the SI unit of liquidus' column and that unit's name. Units
 * liquidus does not convert keep their EC-Lab spelling ("%" is a number without unit). */
static const struct {
    const char *yadg;
    double f;
    const char *si;
} units[] = {{"", 1.0, ""},
             {"V", 1.0, "V"},
             {"mA", 1e-3, "A"},
             {"A", 1.0, "A"},
             {"s", 1.0, "s"},
             {"C", 1.0, "C"},
             {"mA\xC2\xB7h", 3.6, "C"},
             {"W\xC2\xB7h", 3600.0, "J"},
             {"W", 1.0, "W"},
             {"\xCE\xA9", 1.0, "ohm"},
             {"deg", 1.0, "deg"},
             {"\xC2\xB5"
              "F",
              1e-6, "F"},
             {"Hz", 1.0, "Hz"},
             {"%", 1.0, ""},
             {"S", 1.0, "S"},
             {"nF", 1e-9, "F"},
             {"\xCE\xA9\xC2\xB7"
              "cm",
              1e-2, "ohm_m"},
             {"mS/cm", 0.1, "S/m"}};

/* A column of a record as values, whatever its role. */
typedef struct colref {
    const double *v;
    const long *iv; /* the cycle numbers */
    double *own;    /* values derived here (freed by the caller) */
    const char *unit;
} colref;

/* Does `label` name the column `name`: the same text (level 2), the name followed by "/unit"
 * with a unit without a slash (level 1: "Q charge/mA.h" is "Q charge", "Q charge/discharge/mA.h"
 * is not), with any unit ("Re(Conductivity)/mS/cm"), or for an averaged "<X>" EC-Lab's
 * "<X/unit>" (level 0)? */
static int label_is(const char *label, const char *name, int level) {
    size_t k = strlen(name);
    if (strncmp(label, name, k) == 0 && label[k] == '\0') return 1;
    if (level < 2 && strncmp(label, name, k) == 0 && label[k] == '/' &&
        (level == 0 || !strchr(label + k + 1, '/')))
        return 1;
    if (level == 0 && k > 2 && name[0] == '<' && name[k - 1] == '>' &&
        strncmp(label, name, k - 1) == 0 && label[k - 1] == '/' && label[strlen(label) - 1] == '>')
        return 1;
    return 0;
}

static const lq_echem_column *extra_named(const lq_echem_record *r, const char *name) {
    for (int level = 2; level >= 0; level--)
        for (size_t k = 0; k < r->nextra; k++)
            if (label_is(r->extra[k].label, name, level)) return &r->extra[k];
    return NULL;
}

static int find_named(const lq_echem_record *r, const char *name, colref *c) {
    const lq_echem_column *x = extra_named(r, name);
    if (x) {
        c->v = x->v, c->unit = x->unit;
        return 1;
    }
    if (strcmp(name, "time") == 0 && r->has_time) {
        c->v = r->time_s, c->unit = "s";
        return 1;
    }
    if (r->has_potential && label_is(r->potential_label, name, 0)) {
        c->v = r->potential_V, c->unit = "V";
        return 1;
    }
    if (r->has_current && label_is(r->current_label, name, 0)) {
        c->v = r->current_A, c->unit = "A";
        return 1;
    }
    if (strcmp(name, "cycle number") == 0) {
        c->iv = r->cycle, c->unit = "";
        return 1;
    }
    if (strcmp(name, "(Q-Qo)") == 0 && r->charge_C) {
        c->v = r->charge_C, c->unit = "C";
        return 1;
    }
    return 0;
}

/*
 * The liquidus column holding yadg's column `yname`. control_V and control_I are yadg's split of
 * EC-Lab's "control/V/mA" by the mode flag: the value where mode is 2 (potentiostatic), NaN
 * elsewhere, and the value where mode is not 2, NaN elsewhere (yadg's split_control). EC-Lab's
 * export writes its own split as "control/V" and "control/mA" with 0 at the other points and at
 * rest (mode 3); liquidus keeps that export's columns (the .mpr/.mpt twins agree on them), so
 * yadg's are rebuilt here from liquidus' "control/V/mA" and "mode" by yadg's rule. Files without
 * the combined column store control/V or control/mA directly.
 */
static int find_col(const lq_echem_record *r, const char *yname, colref *c) {
    memset(c, 0, sizeof *c);
    int cv = strcmp(yname, "control_V") == 0, ci = strcmp(yname, "control_I") == 0;
    if (cv || ci) {
        const lq_echem_column *raw = extra_named(r, "control/V/mA");
        const lq_echem_column *mode = extra_named(r, "mode");
        if (raw && mode) {
            c->own = malloc((r->n ? r->n : 1) * sizeof *c->own);
            if (!c->own) return 0;
            for (size_t i = 0; i < r->n; i++)
                c->own[i] = (mode->v[i] == 2.0) == cv ? raw->v[i] * (ci ? 1e-3 : 1.0) : (double)NAN;
            c->v = c->own;
            c->unit = cv ? "V" : "A";
            return 1;
        }
        return find_named(r, cv ? "control/V" : "control/mA", c);
    }
    const char *name = yname;
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++)
        if (strcmp(yname, renames[i].yadg) == 0) name = renames[i].label;
    if (find_named(r, name, c)) return 1;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(yname, aliases[i].yadg) == 0 && find_named(r, aliases[i].label, c)) return 1;
    return 0;
}

static double at(const colref *c, size_t i) { return c->v ? c->v[i] : (double)c->iv[i]; }

/* Splits a line at tabs in place; returns the number of fields. */
static size_t split_tabs(char *s, char **f, size_t cap) {
    size_t n = 0;
    while (n < cap) {
        f[n++] = s;
        char *t = strchr(s, '\t');
        if (!t) break;
        *t = '\0';
        s = t + 1;
    }
    char *nl = strchr(f[n - 1], '\n');
    if (nl) *nl = '\0';
    return n;
}

/* Opens one file of the table: committed as such, or a 1-2 MB export committed compressed. */
static lq_status open_yadg(const char *file, lq_echem_record **r, lq_diag *d) {
    char rel[256], full[1024];
    snprintf(rel, sizeof rel, "tests/data/echem/yadg/%s", file);
    lq_test_source_path(rel, full, sizeof full);
    FILE *probe = fopen(full, "rb");
    if (probe) {
        fclose(probe);
    } else {
        size_t k = 0, len = strlen(file);
        while (k < lqt_yadg_nbig && !(len == strlen(lqt_yadg_big[k].stem) + 4 &&
                                      strncmp(file, lqt_yadg_big[k].stem, len - 4) == 0))
            k++;
        if (k == lqt_yadg_nbig || lqt_unpack_yadg(k, full, sizeof full) != 0) {
            snprintf(d->msg, sizeof d->msg, "no such test file");
            return LQ_EIO;
        }
    }
    return lq_echem_record_read(full, NULL, r, d);
}

/*
 * Every file of pkl_refs.tsv (yadg's parse of the EC-Lab files here, both .mpr and .mpt, the
 * compressed exports included) read by liquidus: the same number of rows, every numeric column of
 * yadg's present under EC-Lab's name (the tables above), in the same unit after conversion, and
 * equal at the seven sampled rows and in sum, minimum and maximum. Tolerance 1e-8 relative (the
 * sum: 1e-8 of n max|x|): both projects read the same float32/float64 values of the .mpr and the
 * same decimal text of the .mpt, so what remains is the 9-digit printing of float32 values in
 * pkl_refs.tsv (at most 5e-9 relative), unit factors (1e-16) and the order of summation. yadg's
 * WAIT files hold a timestamp and no variable: liquidus must call the file empty. Left out by
 * design (README):
 * yadg's *_uncertainty values (its estimates of instrument resolution), its absolute time axis
 * "uts" and the text column "I Range".
 */
void test_public_yadg_pkl(void) {
    char path[1024];
    lq_test_source_path("tests/data/echem/yadg/pkl_refs.tsv", path, sizeof path);
    FILE *fp = fopen(path, "r");
    LQ_CHECK(fp != NULL);
    if (!fp) return;
    char line[4096];
    lq_echem_record *r = NULL;
    char file[128] = "";
    size_t rows[7] = {0}, nfiles = 0, nagree = 0, ncols = 0, nvals = 0, fbad = 0;
    double maxrel = 0.0;
    int skip = 1, is_mpr = 0;
    const double tol = 1e-8;
    for (int more = 1; more;) {
        more = fgets(line, sizeof line, fp) != NULL;
        if (more && line[0] == '#') continue;
        char *f[16];
        size_t nf = more ? split_tabs(line, f, 16) : 0;
        if (!more || strcmp(f[0], "file") == 0) {
            /* The end of the previous file's block. */
            if (file[0] && !skip && fbad == 0) nagree++;
            file[0] = '\0';
            lq_echem_record_free(r);
            r = NULL;
            if (!more) break;
            if (nf < 3) {
                LQ_FAIL("pkl_refs.tsv: bad file line");
                continue;
            }
            snprintf(file, sizeof file, "%s", f[1]);
            size_t len = strlen(file);
            is_mpr = len > 4 && strcmp(file + len - 4, ".mpr") == 0;
            size_t nrows = (size_t)strtoul(f[2], NULL, 10);
            fbad = 0;
            skip = 1;
            nfiles++;
            lq_diag d;
            lq_diag_clear(&d);
            lq_status st = open_yadg(file, &r, &d);
            if (nrows == 0) {
                /* yadg: no variable (a WAIT technique); liquidus: an empty file. */
                LQ_CHECK(st == LQ_EPARSE && strstr(d.msg, "empty") != NULL);
                if (st == LQ_EPARSE && strstr(d.msg, "empty")) nagree++;
                continue;
            }
            if (st != LQ_OK || nf != 10) {
                fprintf(stderr, "  %s: %s\n", file, d.msg);
                LQ_FAIL("a file of yadg's does not open");
                continue;
            }
            for (int k = 0; k < 7; k++) rows[k] = (size_t)strtoul(f[3 + k], NULL, 10);
            if (r->n != nrows) {
                fprintf(stderr, "  %s: %zu rows, yadg %zu\n", file, r->n, nrows);
                LQ_FAIL("row count differs from yadg's");
                continue;
            }
            skip = 0;
            continue;
        }
        if (strcmp(f[0], "col") != 0 || nf != 13 || skip) continue;
        const char *yname = f[1], *yunit = f[2];
        /* yadg's parse of the .mpr says C for "Q charge or discharge" (column 211); the values
         * are those of its .mpt parse of the same run, which says mA.h as EC-Lab's export does. */
        if (is_mpr && strcmp(yname, "Q charge or discharge") == 0 && strcmp(yunit, "C") == 0)
            yunit = "mA\xC2\xB7h";
        colref c;
        if (!find_col(r, yname, &c)) {
            fprintf(stderr, "  %s: yadg column '%s' [%s] not in liquidus' record\n", file, yname,
                    yunit);
            LQ_FAIL("a column of yadg's parse is missing");
            fbad++;
            continue;
        }
        double fac = NAN;
        const char *si = NULL;
        for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
            if (strcmp(yunit, units[k].yadg) == 0) fac = units[k].f, si = units[k].si;
        if (!si || strcmp(si, c.unit) != 0) {
            fprintf(stderr, "  %s: column '%s': yadg unit '%s', liquidus '%s'\n", file, yname,
                    yunit, c.unit);
            LQ_FAIL("unit differs from yadg's");
            free(c.own);
            fbad++;
            continue;
        }
        ncols++;
        size_t bad = 0;
        for (int k = 0; k < 7; k++) {
            double y = strtod(f[3 + k], NULL) * fac, l = at(&c, rows[k]);
            if (isnan(y) && isnan(l)) continue;
            nvals++;
            if (y != 0.0 && isfinite(l)) maxrel = fmax(maxrel, fabs(l - y) / fabs(y));
            if (!(fabs(l - y) <= tol * fabs(y)) && bad++ < 2)
                fprintf(stderr, "  %s: column '%s' row %zu: liquidus %.9g, yadg %.9g\n", file,
                        yname, rows[k], l, y);
        }
        /* Sum, min, max over the finite values of every row (NaN: no finite value). */
        double sum = 0.0, mn = INFINITY, mx = -INFINITY;
        size_t nfin = 0;
        for (size_t i = 0; i < r->n; i++) {
            double v = at(&c, i);
            if (!isfinite(v)) continue;
            nfin++;
            sum += v;
            mn = fmin(mn, v);
            mx = fmax(mx, v);
        }
        double ysum = strtod(f[10], NULL) * fac, ymn = strtod(f[11], NULL) * fac,
               ymx = strtod(f[12], NULL) * fac;
        int ok = isnan(ymn)
                     ? nfin == 0
                     : nfin > 0 &&
                           fabs(sum - ysum) <= tol * fmax(fabs(ymn), fabs(ymx)) * (double)r->n &&
                           fabs(mn - ymn) <= tol * fabs(ymn) && fabs(mx - ymx) <= tol * fabs(ymx);
        if (!ok) {
            bad++;
            fprintf(stderr, "  %s: column '%s': sum/min/max %.9g %.9g %.9g, yadg %.9g %.9g %.9g\n",
                    file, yname, sum, mn, mx, ysum, ymn, ymx);
        }
        if (bad) {
            LQ_FAIL("values differ from yadg's");
            fbad++;
        }
        free(c.own);
    }
    fclose(fp);
    LQ_CHECK(nagree == nfiles);
    printf(
        "  %zu files against yadg's .pkl: %zu agree; %zu columns, %zu sampled values, largest "
        "relative difference %.3g\n",
        nfiles, nagree, ncols, nvals, maxrel);
}
