/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV tables read into numbers (lq_csv_table) through the one CSV reader of csv_read.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

void lq_csv_table_free(lq_csv_table *t) {
    if (!t) return;
    for (size_t c = 0; c < t->ncol; c++) {
        if (t->names) lqi_free(t->names[c]);
        if (t->bad_text) lqi_free(t->bad_text[c]);
    }
    lqi_free(t->names);
    lqi_free(t->bad_text);
    lqi_free(t->bad_line);
    lqi_free(t->values);
    lqi_free(t->line);
    lqi_free(t);
}

/* Field k of the current record as a new string (trimmed, quotes removed by the reader). */
static char *field_dup(const lqi_csv *r, size_t k) {
    char buf[512];
    lqi_csv_field(r, k, buf, sizeof buf);
    return lqi_strdup(buf);
}

/* 1 when every field of the current record is a number (a first record like that is data). */
static int all_numeric(const lqi_csv *r) {
    for (size_t c = 0; c < r->nfield; c++) {
        double v;
        if (lqi_csv_num(r->fs[c], r->fe[c], 0, &v) != 0) return 0;
    }
    return r->nfield > 0;
}

/* Column names from the header record, or "1".."n" when the first record is already data. */
static lq_status header(lq_csv_table *t, const lqi_csv *r, int numbered) {
    t->ncol = r->nfield;
    t->names = lqi_calloc(t->ncol, sizeof *t->names);
    t->bad_text = lqi_calloc(t->ncol, sizeof *t->bad_text);
    t->bad_line = lqi_calloc(t->ncol, sizeof *t->bad_line);
    if (!t->names || !t->bad_text || !t->bad_line) return LQ_ENOMEM;
    for (size_t c = 0; c < t->ncol; c++) {
        char num[24];
        snprintf(num, sizeof num, "%zu", c + 1);
        if (!(t->names[c] = numbered ? lqi_strdup(num) : field_dup(r, c))) return LQ_ENOMEM;
    }
    return LQ_OK;
}

/* The delimiter of the first record that is not a comment: tab, ';', ',' or blanks. */
static const char *delimiters(const char *text, size_t size) {
    lqi_lines l;
    lqi_lines_init(&l, text, size);
    const char *s, *e;
    while (lqi_lines_next(&l, &s, &e)) {
        const char *b = s;
        while (b < e && (*b == ' ' || *b == '\t')) b++;
        if (b == e || *b == '#') continue;
        switch (lqi_csv_detect_delim(s, e)) {
            case '\t':
                return "\t";
            case ';':
                return ";";
            case ',':
                return ",";
            default:
                return " ";
        }
    }
    return ",";
}

static lq_status row(lq_csv_table *t, const lqi_csv *r, size_t *cap) {
    if (t->nrow == *cap) {
        size_t nc = *cap ? 2 * *cap : 256;
        double *v = lqi_realloc(t->values, nc * t->ncol * sizeof *v);
        if (!v) return LQ_ENOMEM;
        t->values = v;
        long *l = lqi_realloc(t->line, nc * sizeof *l);
        if (!l) return LQ_ENOMEM;
        t->line = l;
        *cap = nc;
    }
    double *v = t->values + t->nrow * t->ncol;
    for (size_t c = 0; c < t->ncol; c++) {
        v[c] = (double)NAN;
        if (c >= r->nfield) continue;
        int rc = lqi_csv_num(r->fs[c], r->fe[c], 0, &v[c]);
        if (rc < 0) {
            v[c] = (double)NAN;
            if (!t->bad_line[c]) {
                t->bad_line[c] = r->lines.lineno;
                if (!(t->bad_text[c] = field_dup(r, c))) return LQ_ENOMEM;
            }
        }
    }
    t->line[t->nrow++] = r->lines.lineno;
    return LQ_OK;
}

lq_status lq_csv_table_read(const char *path, lq_csv_table **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, "", "NULL argument");
    char *text = NULL;
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &text, &size, diag);
    if (st != LQ_OK) return st;
    lq_csv_table *t = lqi_calloc(1, sizeof *t);
    if (!t) {
        lq_free(text);
        return LQ_ENOMEM;
    }
    lqi_csv r;
    lqi_csv_init(&r, text, size, path);
    r.quotes = 1;
    r.delims = delimiters(text, size);
    size_t cap = 0;
    int have_header = 0;
    while (st == LQ_OK && lqi_csv_next(&r)) {
        if (!have_header) {
            if (r.nfield >= LQI_CSV_MAX_FIELDS)
                st = lqi_diag_set(diag, LQ_EPARSE, path, r.lines.lineno, "header",
                                  "more than %d columns", LQI_CSV_MAX_FIELDS - 1);
            else if (all_numeric(&r)) {
                st = header(t, &r, 1);
                if (st == LQ_OK) st = row(t, &r, &cap);
            } else {
                st = header(t, &r, 0);
            }
            have_header = 1;
        } else {
            st = row(t, &r, &cap);
        }
    }
    lq_free(text);
    if (st == LQ_OK && !have_header)
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "header",
                          "no header line (only comments or empty lines)");
    else if (st == LQ_OK && t->nrow == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "", "no data rows after the header");
    if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, path, 0, "", "out of memory");
    if (st != LQ_OK) {
        lq_csv_table_free(t);
        return st;
    }
    *out = t;
    return LQ_OK;
}

lq_status lq_csv_table_column_find(const lq_csv_table *t, const char *name, size_t *col) {
    if (!t || !name || !col) return LQ_EINVAL;
    for (size_t c = 0; c < t->ncol; c++)
        if (strcmp(t->names[c], name) == 0) {
            *col = c;
            return LQ_OK;
        }
    char *end = NULL;
    errno = 0;
    long k = strtol(name, &end, 10);
    if (end != name && *end == '\0' && !errno && k >= 1 && (size_t)k <= t->ncol) {
        *col = (size_t)(k - 1);
        return LQ_OK;
    }
    return LQ_ENOTFOUND;
}
