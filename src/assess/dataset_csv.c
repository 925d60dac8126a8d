/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measured phase boundaries (DSC temperatures, solubilities) in a small CSV -> one ZPF dataset. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * Format (docs/datasets.md): '#' comment lines and blank lines anywhere; one header line with the
 * columns T_K (or T_C), phase1, x1 and optionally phase2, x2, phase3, x3 and reference, in any
 * order, names case-insensitive; then one row per phase region. xN is the mole fraction of the
 * chosen component in phaseN, empty when not measured (ESPEI null); an empty phaseN leaves that
 * vertex out. Fields may be double-quoted ("" inside quotes is a quote). Every row is one region at
 * P = 101325 Pa; the reference, when given, must be the same on every row (one ESPEI dataset has
 * one source). Phase names are upper-cased, as in TDB files.
 */

#define MAX_COLS 16
#define STD_P_PA 101325.0

enum { C_T, C_P1, C_X1, C_P2, C_X2, C_P3, C_X3, C_REF, C_N };
static const char *const col_names[C_N] = {"t_k", "phase1", "x1", "phase2",
                                           "x2",  "phase3", "x3", "reference"};

typedef struct csvr {
    const char *file;
    lq_diag *diag;
    long line;
} csvr;

static lq_status cfail(const csvr *r, const char *field, const char *msg, const char *arg) {
    return lqi_diag_set(r->diag, LQ_EPARSE, r->file, r->line, field, msg, arg ? arg : "");
}

/* Header -> column index of each known name (-1 when absent). */
static lq_status header(const csvr *r, char **f, int n, int *col, int *celsius) {
    for (int k = 0; k < C_N; k++) col[k] = -1;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < C_N && lqi_strcasecmp(f[i], col_names[k]) != 0) k++;
        if (k == C_N && lqi_strcasecmp(f[i], "t_c") == 0) k = C_T, *celsius = 1;
        if (k == C_N)
            return cfail(r, f[i], "unknown column (T_K or T_C, phase1..3, x1..3, reference)", NULL);
        if (col[k] >= 0) return cfail(r, f[i], "column given twice", NULL);
        col[k] = i;
    }
    if (col[C_T] < 0) return cfail(r, "T_K", "missing column", NULL);
    if (col[C_P1] < 0 || col[C_X1] < 0)
        return cfail(r, "phase1", "needs columns phase1 and x1", NULL);
    for (int p = 1; p < 3; p++)
        if ((col[C_P1 + 2 * p] < 0) != (col[C_X1 + 2 * p] < 0))
            return cfail(r, col_names[C_P1 + 2 * p], "phaseN and xN come in pairs", NULL);
    return LQ_OK;
}

static const char *field_of(char **f, int n, int c) { return c >= 0 && c < n ? f[c] : ""; }

/* One row -> one region (vertices for the non-empty phases). */
static lq_status row(const csvr *r, char **f, int n, const int *col, int celsius, const char *comp,
                     lq_zpf_region *g) {
    const char *ts = field_of(f, n, col[C_T]);
    double T;
    if (lqi_parse_double(ts, strlen(ts), 0, &T) != 0 || !isfinite(T))
        return cfail(r, col_names[C_T], "temperature '%s' is not a number", ts);
    if (celsius) T += 273.15; /* exact offset of the Celsius scale */
    if (T <= 0.0) return cfail(r, col_names[C_T], "temperature '%s' is not above 0 K", ts);
    g->T = T;
    g->P = STD_P_PA;
    g->v = lqi_calloc(3, sizeof *g->v);
    if (!g->v) return LQ_ENOMEM;
    for (int p = 0; p < 3; p++) {
        const char *ph = field_of(f, n, col[C_P1 + 2 * p]);
        const char *xs = field_of(f, n, col[C_X1 + 2 * p]);
        if (!ph[0]) {
            if (xs[0]) return cfail(r, col_names[C_X1 + 2 * p], "x without a phase", NULL);
            continue;
        }
        double x = (double)NAN;
        if (xs[0] &&
            (lqi_parse_double(xs, strlen(xs), 0, &x) != 0 || !isfinite(x) || x < 0.0 || x > 1.0))
            return cfail(r, col_names[C_X1 + 2 * p], "'%s' is not a mole fraction in [0, 1]", xs);
        lq_zpf_vertex *v = &g->v[g->n_vertices++];
        v->phase = lqi_strdup(ph);
        v->x = lqi_malloc(sizeof *v->x);
        if (!v->phase || !v->x || lqi_ds_strv_dup(&comp, 1, &v->comps) != LQ_OK) return LQ_ENOMEM;
        v->n_comps = 1;
        v->x[0] = x;
        for (char *c = v->phase; *c; c++) *c = (char)toupper((unsigned char)*c);
    }
    if (g->n_vertices == 0) return cfail(r, "phase1", "a phase region needs a phase", NULL);
    return LQ_OK;
}

/* The distinct vertex phases, in order of appearance, become the dataset's phases. */
static lq_status collect_phases(lq_dataset *ds) {
    size_t cap = 3 * ds->n_regions;
    ds->phases = lqi_calloc(cap ? cap : 1, sizeof *ds->phases);
    if (!ds->phases) return LQ_ENOMEM;
    for (size_t i = 0; i < ds->n_regions; i++)
        for (size_t k = 0; k < ds->regions[i].n_vertices; k++) {
            const char *ph = ds->regions[i].v[k].phase;
            size_t q = 0;
            while (q < ds->n_phases && strcmp(ds->phases[q], ph) != 0) q++;
            if (q < ds->n_phases) continue;
            if (!(ds->phases[ds->n_phases] = lqi_strdup(ph))) return LQ_ENOMEM;
            ds->n_phases++;
        }
    return LQ_OK;
}

typedef struct parse_state {
    int col[C_N], celsius, have_header;
    size_t cap;
    long *lines; /* CSV line of each region, for messages from the dataset checks */
} parse_state;

static lq_status add_line(const csvr *r, char **f, int n, parse_state *ps, const char *comp,
                          lq_dataset *ds) {
    if (!ps->have_header) {
        ps->have_header = 1;
        return header(r, f, n, ps->col, &ps->celsius);
    }
    if (ds->n_regions == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 16;
        lq_zpf_region *g = lqi_realloc(ds->regions, cap * sizeof *g);
        if (g) ds->regions = g;
        long *l = g ? lqi_realloc(ps->lines, cap * sizeof *l) : NULL;
        if (l) ps->lines = l;
        if (!g || !l) return LQ_ENOMEM;
        ps->cap = cap;
    }
    lq_zpf_region *g = &ds->regions[ds->n_regions];
    memset(g, 0, sizeof *g);
    ps->lines[ds->n_regions] = r->line;
    ds->n_regions++;
    lq_status st = row(r, f, n, ps->col, ps->celsius, comp, g);
    if (st != LQ_OK) return st;
    const char *ref = field_of(f, n, ps->col[C_REF]);
    if (!ref[0]) return LQ_OK;
    if (ds->reference && strcmp(ds->reference, ref) != 0)
        return cfail(r, "reference",
                     "differs from the earlier rows ('%s'): write one CSV per source",
                     ds->reference);
    if (!ds->reference && !(ds->reference = lqi_strdup(ref))) return LQ_ENOMEM;
    return LQ_OK;
}

static lq_status finish_ds(const csvr *r, const char *comp, const char *other, lq_dataset *ds,
                           const parse_state *ps) {
    csvr rr = *r;
    rr.line = 0;
    if (ds->n_regions == 0) return cfail(&rr, NULL, "no phase-region rows", NULL);
    const char *cv[2] = {comp, other};
    if (strcmp(comp, other) > 0) cv[0] = other, cv[1] = comp;
    lq_status st = lqi_ds_strv_dup(cv, 2, &ds->components);
    if (st != LQ_OK) return st;
    ds->n_components = 2;
    if ((st = collect_phases(ds)) != LQ_OK) return st;
    double P = STD_P_PA;
    double *T = lqi_malloc_array(ds->n_regions, sizeof *T);
    ds->conds = lqi_calloc(2, sizeof *ds->conds);
    if (!T || !ds->conds) {
        lqi_free(T);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < ds->n_regions; i++) T[i] = ds->regions[i].T;
    st = lqi_ds_cond_set(&ds->conds[0], "P", &P, 1);
    ds->n_conds = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[1], "T", T, ds->n_regions), ds->n_conds = 2;
    lqi_free(T);
    if (st != LQ_OK) return st;
    st = lqi_ds_check(ds, r->file, r->diag);
    /* name the CSV line of a region the checks refuse */
    size_t i;
    if (st == LQ_EPARSE && r->diag && sscanf(r->diag->field, "values[%zu]", &i) == 1 &&
        i < ds->n_regions)
        r->diag->line = ps->lines[i];
    return st;
}

lq_status lqi_ds_zpf_from_csv_text(char *text, const char *name, const char *comp,
                                   const char *other, lq_dataset **out, lq_diag *diag) {
    csvr r = {name, diag, 0};
    lq_dataset *ds = lqi_calloc(1, sizeof *ds);
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    lq_status st = ds ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) {
        ds->kind = LQ_DATASET_ZPF;
        ds->weight = 1.0;
        ds->broadcast = 0;
        if (!(ds->output = lqi_strdup("ZPF")) || !(ds->path = lqi_strdup(name))) st = LQ_ENOMEM;
    }
    /* Records through the library's one CSV reader ('#' comments, "quoted" fields). */
    lqi_csv cr;
    lqi_csv_init(&cr, text, strlen(text), name);
    cr.quotes = 1;
    char fb[MAX_COLS][256];
    char *f[MAX_COLS];
    while (st == LQ_OK && lqi_csv_next(&cr)) {
        r.line = cr.lines.lineno;
        size_t nq = 0;
        for (const char *c = cr.s; c < cr.e; c++) nq += *c == '"';
        if (nq % 2 || cr.nfield > MAX_COLS) {
            st = cfail(&r, NULL, "unbalanced quotes or more than 16 columns", NULL);
            break;
        }
        for (size_t k = 0; k < cr.nfield; k++) {
            lqi_csv_field(&cr, k, fb[k], sizeof fb[k]);
            f[k] = fb[k];
        }
        st = add_line(&r, f, (int)cr.nfield, &ps, comp, ds);
    }
    r.line = cr.lines.lineno;
    if (st == LQ_OK && !ps.have_header) st = cfail(&r, NULL, "no header line", NULL);
    if (st == LQ_OK) st = finish_ds(&r, comp, other, ds, &ps);
    lqi_free(ps.lines);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, name, 0, NULL, "out of memory");
        lq_dataset_free(ds);
        return st;
    }
    lqi_free(ds->path); /* built, not read from an ESPEI file */
    ds->path = NULL;
    *out = ds;
    return LQ_OK;
}

lq_status lq_dataset_zpf_from_csv(const char *path, const char *comp, const char *other,
                                  lq_dataset **out, lq_diag *diag) {
    if (!path || !comp || !comp[0] || !other || !other[0] || !out)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL or empty argument");
    if (strcmp(comp, other) == 0)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "the two components are the same");
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    if (strlen(text) != n) {
        lqi_free(text);
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, NULL, "NUL byte in a text file");
    }
    st = lqi_ds_zpf_from_csv_text(text, path, comp, other, out, diag);
    lqi_free(text);
    return st;
}
