/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table every calorimeter reader fills: columns, rows with their line numbers, warnings,
 * and the row reader shared by the formats. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "thermal/thermal_internal.h"

void lqi_th_table_init(lqi_th_table *t, const char *file) {
    memset(t, 0, sizeof *t);
    t->file = file;
    t->mass_kg = (double)NAN;
    t->rate_K_per_s = (double)NAN;
}

void lqi_th_table_free(lqi_th_table *t) {
    lqi_free(t->v);
    lqi_free(t->line);
    lqi_free(t->seg);
    for (size_t i = 0; i < t->nwarn; i++) lqi_free(t->warn[i]);
    lqi_free(t->warn);
    memset(t, 0, sizeof *t);
}

lq_status lqi_th_warn(lqi_th_table *t, const char *fmt, ...) {
    char buf[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **w = lqi_realloc(t->warn, (t->nwarn + 1) * sizeof *w);
    if (!w) return LQ_ENOMEM;
    t->warn = w;
    if (!(w[t->nwarn] = lqi_strdup(buf))) return LQ_ENOMEM;
    t->nwarn++;
    return LQ_OK;
}

/* Splits "Name/unit", "Name/(unit)", "Name (unit)", "Name [unit]", "name_unit" (CSV). */
static void split_label(const char *s, const char *e, lqi_th_col *c) {
    while (s < e && (*s == ' ' || *s == '\t' || *s == '"')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '"')) e--;
    const char *ls = s, *le = e, *us = e, *ue = e;
    if (e > s && (e[-1] == ')' || e[-1] == ']')) {
        char close = e[-1], open = close == ')' ? '(' : '[';
        int depth = 0;
        for (const char *p = e - 1; p >= s; p--) {
            if (*p == close) depth++;
            if (*p == open && --depth == 0) {
                le = p;
                us = p + 1;
                ue = e - 1;
                break;
            }
        }
    } else {
        const char *sl = memchr(s, '/', (size_t)(e - s));
        const char *us_ = NULL;
        for (const char *p = e; p > s; p--)
            if (p[-1] == '_') {
                us_ = p;
                break;
            }
        if (sl && sl > s) {
            le = sl;
            us = sl + 1;
        } else if (us_) {
            char u[16];
            size_t m = (size_t)(e - us_);
            if (m < sizeof u) {
                memcpy(u, us_, m);
                u[m] = '\0';
                double sc, off;
                int kind;
                if (lqi_th_unit(LQI_TH_TIME, u, &sc, &off, &kind) ||
                    lqi_th_unit(LQI_TH_TEMP, u, &sc, &off, &kind) ||
                    (lqi_th_unit(LQI_TH_HF, u, &sc, &off, &kind))) {
                    le = us_ - 1;
                    us = us_;
                }
            }
        }
    }
    while (le > ls && (le[-1] == ' ' || le[-1] == '/' || le[-1] == '\t')) le--;
    lqi_th_copy_text(c->label, sizeof c->label, ls, le);
    lqi_th_copy_text(c->unit, sizeof c->unit, us, ue);
}

lq_status lqi_th_set_columns(lqi_th_table *t, const char *const *fs, const char *const *fe,
                             size_t n, lq_diag *diag) {
    if (n > LQI_TH_MAXCOL)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, t->header_line, "", "more than %d columns",
                            LQI_TH_MAXCOL);
    /* trailing empty labels (a delimiter at the end of the line) are not columns */
    while (n > 0) {
        const char *a = fs[n - 1], *b = fe[n - 1];
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        if (a != b) break;
        n--;
    }
    t->ncol = n;
    for (size_t k = 0; k < n; k++) split_label(fs[k], fe[k], &t->col[k]);
    return LQ_OK;
}

void lqi_th_set_unit_row(lqi_th_table *t, const char *const *fs, const char *const *fe, size_t n) {
    /* a unit row shorter than the names is aligned to the right (Mettler: no unit for Index) */
    size_t off = n < t->ncol ? t->ncol - n : 0;
    for (size_t k = 0; k < n && k + off < t->ncol; k++) {
        const char *a = fs[k], *b = fe[k];
        while (a < b && (*a == ' ' || *a == '/' || *a == '[' || *a == '(')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == ']' || b[-1] == ')')) b--;
        if (b > a) lqi_th_copy_text(t->col[k + off].unit, sizeof t->col[k + off].unit, a, b);
    }
}

lq_status lqi_th_add_row(lqi_th_table *t, const double *v, long line, long seg) {
    if (t->nrow == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1024;
        double *nv = lqi_realloc(t->v, cap * (t->ncol ? t->ncol : 1) * sizeof *nv);
        if (!nv) return LQ_ENOMEM;
        t->v = nv;
        long *nl = lqi_realloc(t->line, cap * sizeof *nl);
        if (!nl) return LQ_ENOMEM;
        t->line = nl;
        long *ns = lqi_realloc(t->seg, cap * sizeof *ns);
        if (!ns) return LQ_ENOMEM;
        t->seg = ns;
        t->cap = cap;
    }
    memcpy(t->v + t->nrow * t->ncol, v, t->ncol * sizeof *v);
    t->line[t->nrow] = line;
    t->seg[t->nrow] = seg;
    t->nrow++;
    return LQ_OK;
}

static int is_blank_line(const char *s, const char *e) {
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != ',' && *s != ';') return 0;
    return 1;
}

/* Is nothing but blank lines left after the cursor? */
static int last_line(const lqi_lines *l) {
    lqi_lines p = *l;
    const char *s, *e;
    while (lqi_lines_next(&p, &s, &e))
        if (!is_blank_line(s, e)) return 0;
    return 1;
}

lq_status lqi_th_read_rows(lqi_th_table *t, lqi_lines *l, const char *delims, int decimal_comma,
                           lqi_th_stop stop, int trailing_text,
                           int (*marker)(const double *v, size_t n), lq_diag *diag) {
    const char *fs[LQI_TH_MAXCOL + 1], *fe[LQI_TH_MAXCOL + 1];
    double v[LQI_TH_MAXCOL];
    long seg = t->seg && t->nrow ? t->seg[t->nrow - 1] : -1;
    for (;;) {
        lqi_lines save = *l;
        const char *s, *e;
        if (!lqi_lines_next(l, &s, &e)) break;
        if (is_blank_line(s, e)) continue;
        if (stop && stop(s, e)) {
            *l = save;
            break;
        }
        size_t nf = lqi_csv_split(s, e, delims, 1, fs, fe, LQI_TH_MAXCOL + 1);
        double v0;
        if (trailing_text && (nf == 0 || lqi_csv_num(fs[0], fe[0], decimal_comma, &v0) != 0)) {
            *l = save;
            break;
        }
        if (nf < t->ncol && last_line(l)) /* a file cut short: the last row is dropped */
            return lqi_th_warn(t,
                               "line %ld: last row has %zu of %zu fields (file cut short?); "
                               "left out",
                               l->lineno, nf, t->ncol);
        if (nf < t->ncol)
            return lqi_diag_set(diag, LQ_EPARSE, t->file, l->lineno, t->col[nf].label,
                                "row has %zu fields, the header names %zu (column %zu missing)", nf,
                                t->ncol, nf + 1);
        for (size_t k = 0; k < t->ncol; k++) {
            int r = lqi_csv_num(fs[k], fe[k], decimal_comma, &v[k]);
            if (r == 1) v[k] = (double)NAN;
            if (r < 0) {
                char txt[40];
                lqi_th_copy_text(txt, sizeof txt, fs[k], fe[k]);
                lq_status st = lqi_diag_set(diag, LQ_EPARSE, t->file, l->lineno, t->col[k].label,
                                            "column %zu: '%s' is not a number", k + 1, txt);
                if (diag) diag->column = (long)(k + 1);
                return st;
            }
        }
        if (marker && marker(v, t->ncol)) {
            seg++;
            continue;
        }
        lq_status st = lqi_th_add_row(t, v, l->lineno, marker ? seg : -1);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

lq_status lqi_th_read_labelled(const char *text, size_t n, lqi_th_table *t,
                               void (*meta)(lqi_th_table *t, const char *s, const char *e),
                               size_t (*is_header)(const char *s, const char *e), lqi_th_stop stop,
                               int trailing_text, lq_diag *diag) {
    lqi_lines l;
    lqi_lines_init(&l, text, n);
    const char *s, *e;
    const char *delims = ",";
    long names_line = 0; /* a line of names with a temperature but no heat flow */
    char names[200] = "";
    for (;;) {
        if (!lqi_lines_next(&l, &s, &e)) {
            if (names_line > 0)
                return lqi_diag_set(diag, LQ_EPARSE, t->file, names_line, "heat flow",
                                    "no heat-flow column among the columns '%s'", names);
            return lqi_diag_set(diag, LQ_EPARSE, t->file, l.lineno, "heat flow",
                                "no line of column names with a temperature and a heat-flow "
                                "column (e.g. 'Temp./°C;Time/min;DSC/(mW/mg)')");
        }
        delims = lqi_th_delims(s, e);
        if (is_header ? is_header(s, e) > 0 : lqi_th_is_header(s, e, delims) > 0) break;
        if (names_line == 0 && lqi_th_names_temperature(s, e, delims)) {
            names_line = l.lineno;
            lqi_th_copy_text(names, sizeof names, s, e);
        }
        if (meta) meta(t, s, e);
    }
    t->header_line = l.lineno;
    const char *fs[LQI_TH_MAXCOL], *fe[LQI_TH_MAXCOL];
    size_t nf = lqi_csv_split(s, e, delims, 1, fs, fe, LQI_TH_MAXCOL);
    lq_status st = lqi_th_set_columns(t, fs, fe, nf, diag);
    if (st != LQ_OK) return st;
    /* a unit row: the next line, when its first field is not a number */
    lqi_lines save = l;
    if (lqi_lines_next(&l, &s, &e)) {
        double v;
        size_t m = lqi_csv_split(s, e, delims, 1, fs, fe, LQI_TH_MAXCOL);
        if (m > 0 && lqi_csv_num(fs[0], fe[0], 1, &v) != 0 && !(stop && stop(s, e)))
            lqi_th_set_unit_row(t, fs, fe, m);
        else
            l = save;
    }
    int dc = lqi_th_decimal_comma(&l, delims);
    return lqi_th_read_rows(t, &l, delims, dc, stop, trailing_text, NULL, diag);
}

void lqi_th_smooth(const double *y, size_t n, size_t h, double *out) {
    /* running sum over the clipped window [i - h, i + h] */
    double sum = 0.0;
    size_t lo = 0, hi = 0; /* window [lo, hi) */
    for (size_t i = 0; i < n; i++) {
        size_t a = i >= h ? i - h : 0, b = i + h + 1 < n ? i + h + 1 : n;
        while (hi < b) sum += y[hi++];
        while (lo < a) sum -= y[lo++];
        out[i] = sum / (double)(hi - lo);
    }
}
