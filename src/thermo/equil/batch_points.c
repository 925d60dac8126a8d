/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Points of an equilibrium batch: condition names, grids from a specification, CSV point files. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/thermo.h"

/* Largest grid: 1e7 points take ~2 min at 12 us each and ~2 GB of results; more is a typo. */
#define MAX_GRID_POINTS 10000000.0

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Trims [*s, *e) of blanks. */
static void trim(const char **s, const char **e) {
    while (*s < *e && is_blank(**s)) (*s)++;
    while (*e > *s && is_blank((*e)[-1])) (*e)--;
}

static int word_is(const char *s, size_t n, const char *w) {
    return strlen(w) == n && lqi_strncasecmp(s, w, n) == 0;
}

/* Component name [s, e) into c->comp, upper case; 0 or -1 when empty, too long or not a name. */
static int set_comp(lq_eq_cond *c, const char *s, const char *e) {
    trim(&s, &e);
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= sizeof c->comp) return -1;
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)s[i]) && s[i] != '_') return -1;
        c->comp[i] = (char)toupper((unsigned char)s[i]);
    }
    c->comp[n] = '\0';
    return 0;
}

lq_status lq_eq_cond_parse(const char *text, size_t len, lq_eq_cond *cond, lq_diag *diag) {
    if (!text || !cond) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    const char *s = text, *e = text + len;
    trim(&s, &e);
    size_t n = (size_t)(e - s);
    lq_eq_cond c;
    memset(&c, 0, sizeof c);
    int ok = 1;
    if (word_is(s, n, "T") || word_is(s, n, "T_K")) {
        c.kind = LQ_EQ_COND_T;
    } else if (word_is(s, n, "P") || word_is(s, n, "P_Pa")) {
        c.kind = LQ_EQ_COND_P;
    } else if (word_is(s, n, "N") || word_is(s, n, "N_mol")) {
        c.kind = LQ_EQ_COND_N;
    } else if (word_is(s, n, "B") || word_is(s, n, "B_g")) {
        c.kind = LQ_EQ_COND_B;
    } else if (n >= 5 && s[2] == '(' && e[-1] == ')' &&
               ((toupper((unsigned char)s[0]) == 'M' && toupper((unsigned char)s[1]) == 'U') ||
                (toupper((unsigned char)s[0]) == 'A' && toupper((unsigned char)s[1]) == 'C'))) {
        /* MU(EL), AC(EL): potential conditions (an open component) */
        c.kind = toupper((unsigned char)s[0]) == 'M' ? LQ_EQ_COND_MU : LQ_EQ_COND_AC;
        ok = set_comp(&c, s + 3, e - 1) == 0;
    } else if (n >= 4 && s[1] == '(' && e[-1] == ')') {
        /* X(EL), W(EL), N(EL), B(EL) as Thermo-Calc and OpenCalphad write them */
        char k = (char)toupper((unsigned char)s[0]);
        c.kind = k == 'X'   ? LQ_EQ_COND_X
                 : k == 'W' ? LQ_EQ_COND_W
                 : k == 'B' ? LQ_EQ_COND_BC
                            : LQ_EQ_COND_NC;
        ok = (k == 'X' || k == 'W' || k == 'N' || k == 'B') && set_comp(&c, s + 2, e - 1) == 0;
    } else if (n >= 3 && s[1] == '_' &&
               (toupper((unsigned char)s[0]) == 'X' || toupper((unsigned char)s[0]) == 'W')) {
        /* x_EL / w_EL: the column names of the batch's own CSV output */
        c.kind = toupper((unsigned char)s[0]) == 'X' ? LQ_EQ_COND_X : LQ_EQ_COND_W;
        ok = set_comp(&c, s + 2, e) == 0;
    } else {
        ok = 0;
    }
    if (!ok)
        return lqi_diag_set(
            diag, LQ_EPARSE, NULL, 0, NULL,
            "'%.*s' is not a condition (T, P, N, B, X(EL), W(EL), N(EL), B(EL), MU(EL), "
            "AC(EL))",
            (int)(n > 64 ? 64 : n), s);
    *cond = c;
    return LQ_OK;
}

void lq_eq_points_free(lq_eq_points *pts) {
    if (!pts) return;
    if (pts->error)
        for (size_t i = 0; i < pts->n_points; i++) lqi_free(pts->error[i]);
    lqi_free(pts->error);
    lqi_free(pts->cond);
    lqi_free(pts->value);
    lqi_free(pts->line);
    lqi_free(pts);
}

/* 1 when cond k of cs[0..k) names the same condition as an earlier one. */
static int cond_repeated(const lq_eq_cond *cs, size_t k) {
    for (size_t j = 0; j < k; j++)
        if (cs[j].kind == cs[k].kind && strcmp(cs[j].comp, cs[k].comp) == 0) return 1;
    return 0;
}

/* Name of a condition as written in messages: "T", "X(ND)". */
static const char *cond_text(const lq_eq_cond *c, char *buf, size_t size) {
    static const char *const names[] = {"T", "P", "X", "W", "N", "N", "B", "B", "MU", "AC"};
    if (c->comp[0])
        snprintf(buf, size, "%s(%s)", names[c->kind], c->comp);
    else
        snprintf(buf, size, "%s", names[c->kind]);
    return buf;
}

/* ---------------------------------------------------------------- grid */

typedef struct grid_axis {
    lq_eq_cond cond;
    double *v;
    size_t n, cap;
} grid_axis;

static lq_status axis_push(grid_axis *a, double v) {
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 16;
        double *nv = lqi_realloc(a->v, cap * sizeof *nv);
        if (!nv) return LQ_ENOMEM;
        a->v = nv;
        a->cap = cap;
    }
    a->v[a->n++] = v;
    return LQ_OK;
}

static int num(const char *s, const char *e, double *v) {
    trim(&s, &e);
    return e > s && lqi_parse_double(s, (size_t)(e - s), 0, v) == 0 && isfinite(*v) ? 0 : -1;
}

/* Values of [s, e): "A:B:STEP" (inclusive within 1e-9 of a step), "A:B" or "V". */
static lq_status axis_values(grid_axis *a, const char *s, const char *e, lq_diag *diag) {
    const char *c1 = memchr(s, ':', (size_t)(e - s));
    double x, b, step;
    if (!c1) {
        if (num(s, e, &x)) goto bad;
        return axis_push(a, x);
    }
    const char *c2 = memchr(c1 + 1, ':', (size_t)(e - c1 - 1));
    if (num(s, c1, &x) || num(c1 + 1, c2 ? c2 : e, &b)) goto bad;
    if (!c2) {
        lq_status st = axis_push(a, x);
        return st == LQ_OK ? axis_push(a, b) : st;
    }
    if (num(c2 + 1, e, &step) || !(step > 0.0) || b < x) goto bad;
    double nd = floor((b - x) / step + 1e-9) + 1.0;
    if (nd > MAX_GRID_POINTS)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "grid: %.0f values in '%.*s'", nd,
                            (int)(e - s), s);
    for (size_t i = 0; i < (size_t)nd; i++) {
        lq_status st = axis_push(a, x + step * (double)i);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
bad:
    return lqi_diag_set(diag, LQ_EPARSE, NULL, 0, NULL,
                        "grid: '%.*s' is not a value, A:B or A:B:STEP (STEP > 0, B >= A)",
                        (int)(e - s > 64 ? 64 : e - s), s);
}

/* Splits the specification into axes: items at commas outside parentheses. */
static lq_status grid_axes(const char *spec, grid_axis **axes, size_t *na, lq_diag *diag) {
    size_t cap = 0;
    lq_status st = LQ_OK;
    const char *s = spec;
    for (;;) {
        const char *e = s;
        for (int depth = 0; *e && (*e != ',' || depth > 0); e++)
            depth += *e == '(' ? 1 : *e == ')' ? -1 : 0;
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (eq) {
            if (*na == cap) {
                cap = cap ? 2 * cap : 4;
                grid_axis *na2 = lqi_realloc(*axes, cap * sizeof *na2);
                if (!na2) return LQ_ENOMEM;
                *axes = na2;
            }
            grid_axis *a = &(*axes)[*na];
            memset(a, 0, sizeof *a);
            (*na)++;
            st = lq_eq_cond_parse(s, (size_t)(eq - s), &a->cond, diag);
            for (size_t j = 0; st == LQ_OK && j + 1 < *na; j++)
                if ((*axes)[j].cond.kind == a->cond.kind &&
                    strcmp((*axes)[j].cond.comp, a->cond.comp) == 0)
                    st = lqi_diag_set(diag, LQ_EPARSE, NULL, 0, NULL,
                                      "grid: condition '%.*s' given twice", (int)(eq - s), s);
            if (st == LQ_OK) st = axis_values(a, eq + 1, e, diag);
        } else if (*na > 0) {
            st = axis_values(&(*axes)[*na - 1], s, e, diag);
        } else {
            st = lqi_diag_set(diag, LQ_EPARSE, NULL, 0, NULL,
                              "grid: expected NAME=VALUES at '%.*s' (e.g. T=300:2000:10)",
                              (int)(e - s > 64 ? 64 : e - s), s);
        }
        if (st != LQ_OK || !*e) break;
        s = e + 1; /* an item follows every comma: "T=1," is an error, not a silent end */
    }
    return st;
}

static lq_eq_points *points_alloc(size_t n_cond, size_t n_points) {
    lq_eq_points *p = lqi_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n_cond = n_cond;
    p->n_points = n_points;
    p->cond = lqi_calloc(n_cond ? n_cond : 1, sizeof *p->cond);
    size_t nv = n_points * n_cond;
    p->value = lqi_malloc_array(nv > 0 ? nv : 1, sizeof *p->value);
    p->line = lqi_calloc(n_points ? n_points : 1, sizeof *p->line);
    p->error = lqi_calloc(n_points ? n_points : 1, sizeof *p->error);
    if (!p->cond || !p->value || !p->line || !p->error) {
        lq_eq_points_free(p);
        return NULL;
    }
    return p;
}

lq_status lq_eq_points_grid(const char *spec, lq_eq_points **out, lq_diag *diag) {
    if (!spec || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    grid_axis *axes = NULL;
    size_t na = 0;
    lq_status st = grid_axes(spec, &axes, &na, diag);
    double total = 1.0;
    for (size_t k = 0; st == LQ_OK && k < na; k++) total *= (double)axes[k].n;
    if (st == LQ_OK && total > MAX_GRID_POINTS)
        st = lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "grid: %.0f points (at most %.0f)", total,
                          MAX_GRID_POINTS);
    lq_eq_points *p = NULL;
    if (st == LQ_OK && !(p = points_alloc(na, (size_t)total))) st = LQ_ENOMEM;
    if (st == LQ_OK) {
        for (size_t k = 0; k < na; k++) p->cond[k] = axes[k].cond;
        /* first axis slowest: mixed-radix digits of the point index, last digit fastest */
        for (size_t i = 0; i < p->n_points; i++) {
            size_t rest = i;
            for (size_t k = na; k-- > 0;) {
                p->value[i * na + k] = axes[k].v[rest % axes[k].n];
                rest /= axes[k].n;
            }
        }
        *out = p;
    }
    for (size_t k = 0; k < na; k++) lqi_free(axes[k].v);
    lqi_free(axes);
    if (st == LQ_ENOMEM) return lqi_diag_set(diag, st, NULL, 0, NULL, "grid: out of memory");
    return st;
}

/* ---------------------------------------------------------------- CSV file */

/* Appends one row to p (grown by doubling); the row's error (if any) is taken over. */
static lq_status points_push(lq_eq_points *p, size_t *cap, const double *row, long line,
                             char *err) {
    if (p->n_points == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        double *v = lqi_realloc(p->value, c * p->n_cond * sizeof *v);
        if (v) p->value = v;
        long *l = v ? lqi_realloc(p->line, c * sizeof *l) : NULL;
        if (l) p->line = l;
        char **e = l ? lqi_realloc(p->error, c * sizeof *e) : NULL;
        if (!e) {
            lqi_free(err);
            return LQ_ENOMEM;
        }
        p->error = e;
        *cap = c;
    }
    memcpy(p->value + p->n_points * p->n_cond, row, p->n_cond * sizeof *row);
    p->line[p->n_points] = line;
    p->error[p->n_points] = err;
    p->n_points++;
    return LQ_OK;
}

/* One data row: values (NaN for empty fields) and, when a field is bad, an error message. */
static lq_status read_row(const lqi_csv *r, const lq_eq_points *p, double *row, char **err) {
    char buf[LQ_DIAG_MSG_SIZE + 64], cn[48];
    *err = NULL;
    const char *why = NULL;
    size_t bad = 0;
    for (size_t k = 0; k < p->n_cond; k++) {
        row[k] = (double)NAN;
        if (k >= r->nfield) continue;
        int rc = lqi_csv_num(r->fs[k], r->fe[k], r->decimal_comma, &row[k]);
        if (rc < 0 && !why) {
            why = "is not a number";
            bad = k;
        }
        if (rc > 0) row[k] = (double)NAN;
    }
    for (size_t k = p->n_cond; k < r->nfield && !why; k++) {
        const char *s = r->fs[k], *e = r->fe[k];
        trim(&s, &e);
        if (e > s) {
            why = "is beyond the last column of the header";
            bad = k;
        }
    }
    if (!why) return LQ_OK;
    char field[41];
    lqi_csv_field(r, bad, field, sizeof field);
    snprintf(buf, sizeof buf, "%s:%ld:%zu: %s: '%s' %s", r->file, r->lines.lineno, bad + 1,
             bad < p->n_cond ? cond_text(&p->cond[bad], cn, sizeof cn) : "extra field", field, why);
    *err = lqi_strdup(buf);
    return *err ? LQ_OK : LQ_ENOMEM;
}

lq_status lq_eq_points_read_string(const char *text, size_t size, const char *name,
                                   lq_eq_points **out, lq_diag *diag) {
    if ((!text && size) || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (!name) name = "(points)";
    lqi_csv r;
    lqi_csv_init(&r, text ? text : "", size, name);
    r.quotes = 1;
    /* the header fixes the delimiter: find its line first without splitting */
    r.delims = "\x01";
    if (!lqi_csv_next(&r))
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, NULL, "no header naming the conditions");
    char d = lqi_csv_detect_delim(r.s, r.e);
    const char *delims = d == '\t' ? "\t" : d == ';' ? ";" : d == ',' ? "," : " ";
    long hline = r.lines.lineno;
    r.delims = delims;
    r.nfield = lqi_csv_split(r.s, r.e, r.delims, 1, r.fs, r.fe, LQI_CSV_MAX_FIELDS);
    if (r.nfield > LQI_CSV_MAX_FIELDS)
        return lqi_diag_set(diag, LQ_EPARSE, name, hline, NULL, "more than %d columns",
                            LQI_CSV_MAX_FIELDS);
    if (d != ',') r.decimal_comma = lqi_csv_probe_decimal_comma(&r.lines);
    lq_eq_points *p = points_alloc(r.nfield, 0);
    if (!p) return lqi_diag_set(diag, LQ_ENOMEM, name, 0, NULL, "out of memory");
    lq_status st = LQ_OK;
    for (size_t k = 0; k < p->n_cond && st == LQ_OK; k++) {
        st = lq_eq_cond_parse(r.fs[k], (size_t)(r.fe[k] - r.fs[k]), &p->cond[k], diag);
        if (st == LQ_OK && cond_repeated(p->cond, k))
            st = lqi_diag_set(diag, LQ_EPARSE, NULL, 0, NULL, "condition given twice");
        if (st != LQ_OK && diag) {
            snprintf(diag->file, sizeof diag->file, "%s", name);
            diag->line = hline;
            diag->column = (long)(k + 1);
        }
    }
    size_t cap = 0;
    double row[LQI_CSV_MAX_FIELDS];
    while (st == LQ_OK && lqi_csv_next(&r)) {
        char *err = NULL;
        st = read_row(&r, p, row, &err);
        if (st == LQ_OK) st = points_push(p, &cap, row, r.lines.lineno, err);
    }
    if (st == LQ_OK && p->n_points == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, name, hline, NULL, "no points after the header");
    if (st != LQ_OK) {
        lq_eq_points_free(p);
        return st == LQ_ENOMEM ? lqi_diag_set(diag, st, name, 0, NULL, "out of memory") : st;
    }
    *out = p;
    return LQ_OK;
}

lq_status lq_eq_points_read(const char *path, lq_eq_points **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    char *text = NULL;
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &text, &size, diag);
    if (st != LQ_OK) return st;
    st = lq_eq_points_read_string(text, size, path, out, diag);
    lq_free(text);
    return st;
}
