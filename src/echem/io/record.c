/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Potentiostat records: allocation, warnings, look-up of columns and the plain SI CSV writer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"
#include "liquidus/core.h"

lq_echem_read_options lq_echem_read_options_default(void) {
    lq_echem_read_options o;
    memset(&o, 0, sizeof o);
    o.format = LQ_ECHEM_FMT_AUTO;
    o.decimal_comma = -1;
    o.delimiter = 0;
    return o;
}

const char *lq_echem_format_name(lq_echem_format f) {
    static const char *names[LQ_ECHEM_FMT_COUNT_] = {
        "auto",      "biologic-mpt",       "biologic-mpr",
        "gamry-dta", "autolab-ascii",      "versastudio-par",
        "chi-txt",   "palmsens-pssession", "csv"};
    return (f >= 0 && f < LQ_ECHEM_FMT_COUNT_) ? names[f] : "unknown";
}

const char *lq_echem_technique_name(lq_echem_technique t) {
    static const char *names[LQ_ECHEM_TECH_COUNT_] = {"unknown", "CV", "LSV", "SWV", "DPV",
                                                      "CA",      "CP", "OCP", "EIS", "GCPL"};
    return (t >= 0 && t < LQ_ECHEM_TECH_COUNT_) ? names[t] : "unknown";
}

lq_status lq_echem_record_alloc(size_t n, int with_charge, lq_echem_record **out) {
    if (!out) return LQ_EINVAL;
    lq_echem_record *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    size_t m = n ? n : 1;
    r->n = n;
    r->time_s = lqi_calloc(m, sizeof(double));
    r->potential_V = lqi_calloc(m, sizeof(double));
    r->current_A = lqi_calloc(m, sizeof(double));
    r->cycle = lqi_calloc(m, sizeof(long));
    r->charge_C = with_charge ? lqi_calloc(m, sizeof(double)) : NULL;
    r->segments = lqi_calloc(1, sizeof *r->segments);
    if (!r->time_s || !r->potential_V || !r->current_A || !r->cycle ||
        (with_charge && !r->charge_C) || !r->segments) {
        lq_echem_record_free(r);
        return LQ_ENOMEM;
    }
    r->nsegments = 1;
    r->segments[0].count = n;
    snprintf(r->segments[0].label, sizeof r->segments[0].label, "all");
    r->has_time = r->has_potential = r->has_current = 1;
    r->ncycles = 1;
    r->scan_rate_V_per_s = (double)NAN;
    r->area_m2 = (double)NAN;
    *out = r;
    return LQ_OK;
}

void lq_echem_record_free(lq_echem_record *r) {
    if (!r) return;
    lqi_free(r->time_s);
    lqi_free(r->potential_V);
    lqi_free(r->current_A);
    lqi_free(r->charge_C);
    lqi_free(r->cycle);
    for (size_t i = 0; i < r->nextra; i++) {
        lqi_free(r->extra[i].name);
        lqi_free(r->extra[i].label);
        lqi_free(r->extra[i].unit);
        lqi_free(r->extra[i].v);
    }
    lqi_free(r->extra);
    lqi_free(r->segments);
    for (size_t i = 0; i < r->nwarnings; i++) lqi_free(r->warnings[i]);
    lqi_free(r->warnings);
    lqi_free(r);
}

const lq_echem_column *lq_echem_record_column(const lq_echem_record *r, const char *name) {
    if (!r || !name) return NULL;
    for (size_t i = 0; i < r->nextra; i++)
        if (lqi_strcasecmp(r->extra[i].name, name) == 0) return &r->extra[i];
    for (size_t i = 0; i < r->nextra; i++)
        if (lqi_strcasecmp(r->extra[i].label, name) == 0) return &r->extra[i];
    return NULL;
}

lq_status lq_echem_record_warn(lq_echem_record *r, const char *msg) {
    if (!r || !msg) return LQ_EINVAL;
    char **w = lqi_realloc(r->warnings, (r->nwarnings + 1) * sizeof *w);
    if (!w) return LQ_ENOMEM;
    r->warnings = w;
    char *m = lqi_strdup(msg);
    if (!m) return LQ_ENOMEM;
    r->warnings[r->nwarnings++] = m;
    return LQ_OK;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Distinct cycle numbers: counted from runs when they never decrease, else by sorting the run
 * values (allocation only in that rare case). */
size_t lqi_echem_count_cycles(const lq_echem_record *r) {
    if (r->n == 0) return 1;
    size_t runs = 1;
    int sorted = 1;
    for (size_t i = 1; i < r->n; i++)
        if (r->cycle[i] != r->cycle[i - 1]) {
            runs++;
            if (r->cycle[i] < r->cycle[i - 1]) sorted = 0;
        }
    if (sorted) return runs;
    long *v = lqi_malloc_array(runs, sizeof(long));
    if (!v) return 0;
    size_t k = 0;
    v[k++] = r->cycle[0];
    for (size_t i = 1; i < r->n; i++)
        if (r->cycle[i] != r->cycle[i - 1]) v[k++] = r->cycle[i];
    qsort(v, k, sizeof(long), cmp_long);
    size_t d = 1;
    for (size_t i = 1; i < k; i++) d += v[i] != v[i - 1];
    lqi_free(v);
    return d;
}

/* Which segment each point belongs to (segments are in order and cover the points). */
static size_t segment_of(const lq_echem_record *r, size_t i, size_t *hint) {
    size_t s = *hint;
    while (s + 1 < r->nsegments && i >= r->segments[s].start + r->segments[s].count) s++;
    *hint = s;
    return s;
}

lq_status lq_echem_record_write_csv(const lq_echem_record *r, const char *path, lq_diag *diag) {
    if (!r || !path) return LQ_EINVAL;
    size_t ncol = (r->charge_C ? 6u : 5u) + r->nextra;
    const char **names = lqi_malloc_array(ncol, sizeof *names);
    double *row = lqi_malloc_array(ncol, sizeof *row);
    char *comment = lqi_malloc(4096);
    if (!names || !row || !comment) {
        lqi_free(names);
        lqi_free(row);
        lqi_free(comment);
        return LQ_ENOMEM;
    }
    size_t k = 0;
    names[k++] = "time_s";
    names[k++] = "E_V";
    names[k++] = "I_A";
    if (r->charge_C) names[k++] = "Q_C";
    names[k++] = "cycle";
    names[k++] = "segment";
    for (size_t i = 0; i < r->nextra; i++) names[k++] = r->extra[i].name;
    snprintf(comment, 4096,
             "source: %s (%s, %s)\n"
             "technique: %s (%s)\n"
             "units: SI (s, V, A, C); E_V is the working-electrode potential vs the reference "
             "electrode '%s' as written in the source\n"
             "sign convention: IUPAC, anodic current positive%s\n"
             "missing values: nan (time %s, potential %s, current %s)\n"
             "written by liquidus %s",
             r->file, lq_echem_format_name(r->format), r->instrument,
             lq_echem_technique_name(r->technique), r->technique_label,
             r->reference[0] ? r->reference : "not stated",
             r->current_sign_converted ? " (converted from the instrument's cathodic-positive "
                                         "current)"
                                       : "",
             r->has_time ? "from file" : "absent", r->has_potential ? "from file" : "absent",
             r->has_current ? "from file" : "absent", lq_version());
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(path, names, ncol, comment, &csv, diag);
    size_t hint = 0;
    for (size_t i = 0; st == LQ_OK && i < r->n; i++) {
        k = 0;
        row[k++] = r->time_s[i];
        row[k++] = r->potential_V[i];
        row[k++] = r->current_A[i];
        if (r->charge_C) row[k++] = r->charge_C[i];
        row[k++] = (double)r->cycle[i];
        row[k++] = (double)segment_of(r, i, &hint);
        for (size_t j = 0; j < r->nextra; j++) row[k++] = r->extra[j].v[i];
        st = lq_csv_row(csv, row, ncol);
    }
    if (csv) {
        if (st == LQ_OK)
            st = lq_csv_close(csv, diag);
        else
            lq_csv_abort(csv);
    }
    lqi_free(names);
    lqi_free(row);
    lqi_free(comment);
    return st;
}
