/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Columns being read from a potentiostat file, and their conversion into an SI record. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"

void lqi_table_init(lqi_table *t, const char *file) {
    memset(t, 0, sizeof *t);
    t->file = file ? file : "";
}

void lqi_table_free(lqi_table *t) {
    if (!t) return;
    for (size_t i = 0; i < t->ncol; i++) {
        lqi_free(t->col[i].label);
        lqi_free(t->col[i].unit_row);
        lqi_free(t->col[i].v);
    }
    lqi_free(t->col);
    lqi_free(t->seg);
    for (size_t i = 0; i < t->nwarn; i++) lqi_free(t->warn[i]);
    lqi_free(t->warn);
    memset(t, 0, sizeof *t);
}

long lqi_table_column(lqi_table *t, const char *label, const char *unit_row) {
    for (size_t i = 0; i < t->ncol; i++)
        if (strcmp(t->col[i].label, label) == 0 &&
            ((!unit_row && !t->col[i].unit_row) ||
             (unit_row && t->col[i].unit_row && strcmp(unit_row, t->col[i].unit_row) == 0)))
            return (long)i;
    if (t->ncol >= LQI_MAX_TABLE_COLS) return -2;
    if (t->ncol == t->capcol) {
        size_t cap = t->capcol ? 2 * t->capcol : 16;
        lqi_tcol *c = lqi_realloc(t->col, cap * sizeof *c);
        if (!c) return -1;
        t->col = c;
        t->capcol = cap;
    }
    lqi_tcol *c = &t->col[t->ncol];
    memset(c, 0, sizeof *c);
    c->label = lqi_strdup(label);
    c->unit_row = unit_row ? lqi_strdup(unit_row) : NULL;
    c->v = lqi_malloc_array(t->caprow ? t->caprow : 1, sizeof(double));
    if (!c->label || (unit_row && !c->unit_row) || !c->v) {
        lqi_free(c->label);
        lqi_free(c->unit_row);
        lqi_free(c->v);
        return -1;
    }
    for (size_t r = 0; r < t->nrow; r++) c->v[r] = (double)NAN;
    c->text = -1; /* unknown until the first non-empty cell */
    return (long)t->ncol++;
}

static int grow_rows(lqi_table *t, size_t need) {
    if (need <= t->caprow) return 0;
    size_t cap = t->caprow ? t->caprow : 256;
    while (cap < need) cap *= 2;
    for (size_t i = 0; i < t->ncol; i++) {
        double *v = lqi_realloc(t->col[i].v, cap * sizeof(double));
        if (!v) return -1;
        t->col[i].v = v;
    }
    t->caprow = cap;
    return 0;
}

lq_status lqi_table_column_error(const lqi_table *t, long code, lq_diag *diag) {
    if (code == -2)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, 0, "",
                            "more than %d distinct columns: expected a potentiostat table",
                            LQI_MAX_TABLE_COLS);
    return LQ_ENOMEM;
}

long lqi_table_add_row(lqi_table *t) {
    if (grow_rows(t, t->nrow + 1)) return -1;
    for (size_t i = 0; i < t->ncol; i++) t->col[i].v[t->nrow] = (double)NAN;
    return (long)t->nrow++;
}

lq_status lqi_table_begin_segment(lqi_table *t, long index, lq_echem_technique tech,
                                  const char *label) {
    if (t->nseg == t->capseg) {
        size_t cap = t->capseg ? 2 * t->capseg : 8;
        lq_echem_segment *s = lqi_realloc(t->seg, cap * sizeof *s);
        if (!s) return LQ_ENOMEM;
        t->seg = s;
        t->capseg = cap;
    }
    lq_echem_segment *s = &t->seg[t->nseg++];
    memset(s, 0, sizeof *s);
    s->start = t->nrow;
    s->index = index;
    s->technique = tech;
    snprintf(s->label, sizeof s->label, "%s", label ? label : "");
    return LQ_OK;
}

void lqi_table_end_segment(lqi_table *t) {
    if (t->nseg > 0) {
        lq_echem_segment *s = &t->seg[t->nseg - 1];
        s->count = t->nrow - s->start;
    }
}

lq_status lqi_table_warn(lqi_table *t, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (t->nwarn == t->capwarn) {
        size_t cap = t->capwarn ? 2 * t->capwarn : 4;
        char **w = lqi_realloc(t->warn, cap * sizeof *w);
        if (!w) return LQ_ENOMEM;
        t->warn = w;
        t->capwarn = cap;
    }
    char *m = lqi_strdup(buf);
    if (!m) return LQ_ENOMEM;
    t->warn[t->nwarn++] = m;
    return LQ_OK;
}

long lqi_split_header(const char *s, const char *e, char delim, char **labels, size_t max) {
    const char delims[2] = {delim, '\0'};
    const char *fs[LQI_CSV_MAX_FIELDS], *fe[LQI_CSV_MAX_FIELDS];
    if (max > LQI_CSV_MAX_FIELDS) max = LQI_CSV_MAX_FIELDS;
    size_t n = lqi_csv_split(s, e, delims, 0, fs, fe, max);
    if (n > max) n = max;
    for (size_t k = 0; k < n; k++) {
        labels[k] = lqi_echem_dup_text(fs[k], fe[k]);
        if (!labels[k]) {
            for (size_t i = 0; i < k; i++) lqi_free(labels[i]);
            return -1;
        }
    }
    while (n > 0 && labels[n - 1][0] == '\0') lqi_free(labels[--n]);
    return (long)n;
}

#define LQI_MAX_FIELDS 256

lq_status lqi_table_read_rows(lqi_table *t, lqi_lines *l, char delim, int decimal_comma,
                              const long *map, size_t nfield,
                              int (*stop)(const char *s, const char *e), lq_diag *diag) {
    const char *fs[LQI_MAX_FIELDS], *fe[LQI_MAX_FIELDS];
    const char delims[2] = {delim, '\0'};
    if (nfield > LQI_MAX_FIELDS) nfield = LQI_MAX_FIELDS;
    size_t needed = 0; /* fields a row must have: up to the last mapped one */
    for (size_t k = 0; k < nfield; k++)
        if (map[k] >= 0) needed = k + 1;
    /* The one-pass path (lqi_csv_row_nums) for rows of plain numbers once every mapped column
     * is known to hold numbers or text (text columns are skipped, as below: a Gamry table with
     * its "Over" flags takes this path too); any other row takes the general path below, which
     * alone decides what a column holds. want[] changes only there. */
    unsigned char want[LQI_MAX_FIELDS];
    double vals[LQI_MAX_FIELDS];
    unsigned char filled[LQI_MAX_TABLE_COLS];
    size_t nan_col[LQI_MAX_TABLE_COLS]; /* columns a fast row does not fill: NaN */
    size_t nnan = 0;
    int fast_ok = delim != ' ' && !(decimal_comma && delim == ',') && needed > 0;
    int fast = 0;
    int fast_stale = 1;
    /* Room for the rows the rest of the buffer holds at the next line's length (+10 %), so that a
     * long table is not copied through every doubling of its columns. */
    if (t->nrow == 0 && l->p < l->end) {
        const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
        size_t len = nl ? (size_t)(nl - l->p) + 1 : (size_t)(l->end - l->p);
        if (len >= 4 && grow_rows(t, (size_t)(l->end - l->p) / len * 11 / 10 + 16))
            return LQ_ENOMEM;
    }
    const char *s, *e;
    for (;;) {
        const char *save = l->p;
        long save_no = l->lineno;
        if (!lqi_lines_next(l, &s, &e)) break;
        if (stop && stop(s, e)) {
            l->p = save;
            l->lineno = save_no;
            break;
        }
        if (fast_ok && fast_stale) {
            /* At least one number per row: a blank line must not pass as a row of text. */
            int nwant = 0, unknown = 0;
            memset(filled, 0, t->ncol);
            for (size_t k = 0; k < needed; k++) {
                want[k] = map[k] >= 0 && t->col[map[k]].text == 0;
                nwant += want[k];
                unknown |= map[k] >= 0 && t->col[map[k]].text < 0;
                if (want[k]) filled[map[k]] = 1;
            }
            nnan = 0;
            for (size_t c = 0; c < t->ncol; c++)
                if (!filled[c]) nan_col[nnan++] = c;
            fast = nwant > 0 && !unknown;
            fast_stale = 0;
        }
        if (fast) {
            if (t->nrow == t->caprow && grow_rows(t, t->nrow + 1)) return LQ_ENOMEM;
            if (lqi_csv_row_nums(s, e, delim, decimal_comma, want, needed, vals) == 0) {
                size_t r = t->nrow++;
                for (size_t k = 0; k < needed; k++)
                    if (want[k]) t->col[map[k]].v[r] = vals[k];
                for (size_t c = 0; c < nnan; c++) t->col[nan_col[c]].v[r] = (double)NAN;
                continue;
            }
        }
        fast_stale = 1;
        const char *b = s;
        while (b < e && (*b == ' ' || *b == '\t' || *b == '\r')) b++;
        if (b == e) continue;
        size_t nf = lqi_csv_split(s, e, delims, 0, fs, fe, LQI_MAX_FIELDS);
        if (nf < needed && delim == '\t') {
            /* A tab-separated table with a row whose fields are separated by blanks (a Gamry
             * ZCURVE of gamry-parser's tests has "  6 8 10<TAB>226.885..."): read the row as
             * blank-separated, keeping the empty first field of tables whose rows start with a
             * tab (the header's first name is then empty and unmapped). */
            size_t off = nfield > 0 && map[0] < 0 ? 1 : 0;
            size_t nb = lqi_csv_split(s, e, " ", 0, fs + off, fe + off, LQI_MAX_FIELDS - off);
            if (nb + off >= needed) {
                if (off) fs[0] = fe[0] = s;
                nf = nb + off;
                if (!t->blank_rows) {
                    lq_status st = lqi_table_warn(t,
                                                  "%s:%ld: fields separated by blanks, not tabs; "
                                                  "read as blank-separated",
                                                  t->file, l->lineno);
                    if (st != LQ_OK) return st;
                }
                t->blank_rows++;
            }
        }
        if (nf < needed) {
            if (l->p >= l->end) {
                lq_status st = lqi_table_warn(t,
                                              "%s:%ld: last line has %zu of %zu fields (file "
                                              "truncated?); line dropped",
                                              t->file, l->lineno, nf, needed);
                if (st != LQ_OK) return st;
                break;
            }
            return lqi_diag_set(diag, LQ_EPARSE, t->file, l->lineno, "",
                                "expected %zu fields, found %zu", needed, nf);
        }
        long r = lqi_table_add_row(t);
        if (r < 0) return LQ_ENOMEM;
        for (size_t k = 0; k < needed; k++) {
            if (map[k] < 0) continue;
            lqi_tcol *c = &t->col[map[k]];
            if (c->text == 1) continue;
            double v;
            int rc = lqi_csv_num(fs[k], fe[k], decimal_comma, &v);
            if (rc == 0) {
                c->v[r] = v;
                if (c->text < 0) c->text = 0;
            } else if (rc == 1) {
                c->v[r] = (double)NAN;
            } else if (c->text < 0) {
                c->text = 1;
                if (t->text_line == 0) t->text_line = l->lineno;
            } else {
                int trunc = l->p >= l->end;
                if (trunc) {
                    /* The last line of a cut file may end inside a number. */
                    t->nrow--;
                    return lqi_table_warn(t,
                                          "%s:%ld: last line is incomplete (file truncated?);"
                                          " line dropped",
                                          t->file, l->lineno);
                }
                char got[40];
                lqi_echem_copy_text(got, sizeof got, fs[k], fe[k]);
                lqi_diag_set(diag, LQ_EPARSE, t->file, l->lineno, c->label,
                             "expected a number in column %zu, found '%s'", k + 1, got);
                if (diag) diag->column = (long)(k + 1);
                return LQ_EPARSE;
            }
        }
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- roles */

typedef struct role_name {
    const char *base; /* lower case, units removed */
    int role;
    int prio;
} role_name;

/* Names of time, potential, current, charge and cycle columns as the supported instruments write
 * them (BioLogic, Gamry, Autolab NOVA, CHI, VersaStudio, PalmSens, our own CSV). Measured
 * potentials outrank applied ones; for SWV the staircase potential and difference current win. */
static const role_name role_names[] = {
    {"time", LQI_ROLE_TIME, 10},
    {"t", LQI_ROLE_TIME, 9},
    {"corrected time", LQI_ROLE_TIME, 10},
    {"elapsed time", LQI_ROLE_TIME, 10},
    {"ewe", LQI_ROLE_E, 10},
    {"ecell", LQI_ROLE_E, 10},
    {"we(1).potential", LQI_ROLE_E, 10},
    {"e", LQI_ROLE_E, 9},
    {"vf", LQI_ROLE_E, 9},
    {"potential", LQI_ROLE_E, 9},
    {"voltage", LQI_ROLE_E, 8},
    {"vstep", LQI_ROLE_E, 8},
    {"ewe-ece", LQI_ROLE_E, 3},
    {"potential applied", LQI_ROLE_E, 5},
    {"e applied", LQI_ROLE_E, 4},
    {"i", LQI_ROLE_I, 10},
    {"im", LQI_ROLE_I, 10},
    {"we(1).current", LQI_ROLE_I, 10},
    {"current", LQI_ROLE_I, 9},
    {"idif", LQI_ROLE_I, 8},
    {"(q-qo)", LQI_ROLE_Q, 10},
    {"q", LQI_ROLE_Q, 8},
    {"charge", LQI_ROLE_Q, 9},
    {"cycle number", LQI_ROLE_CYCLE, 10},
    {"cycle", LQI_ROLE_CYCLE, 9},
    {"scan", LQI_ROLE_CYCLE, 8},
};

int lqi_echem_guess_role(const char *label, int *role) {
    char base[96], unit[32];
    double sc;
    const char *si;
    lqi_echem_split_unit(label, base, sizeof base, unit, sizeof unit, &sc, &si);
    /* "<I>" (averaged current) reads as "I". */
    size_t n = strlen(base);
    if (n > 2 && base[0] == '<' && base[n - 1] == '>') {
        memmove(base, base + 1, n - 2);
        base[n - 2] = '\0';
    }
    *role = LQI_ROLE_NONE;
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (lqi_strcasecmp(base, role_names[i].base) == 0) {
            *role = role_names[i].role;
            return role_names[i].prio;
        }
    return 0;
}

/* ---------------------------------------------------------------- record */

/* A canonical ASCII column name: letters and digits of the base name joined by '_' plus the SI
 * unit ("Re(Z)/Ohm" -> "Re_Z_ohm", "-Im(Z)/Ohm" -> "minus_Im_Z_ohm",
 * "|Z|/Ohm" -> "abs_Z_ohm", "Z'/ohm" -> "Zp_ohm",
 * "Z\"/ohm" -> "Zpp_ohm"). */
static void canonical_name(char *dst, size_t size, const char *base, const char *unit) {
    size_t k = 0;
    int sep = 0;
    for (const unsigned char *p = (const unsigned char *)base; *p && k + 4 < size; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            if (sep && k > 0) dst[k++] = '_';
            sep = 0;
            dst[k++] = (char)c;
        } else if (c == '\'') {
            dst[k++] = 'p';
        } else if (c == '|' && k == 0 && p[1] != '\0') {
            /* A magnitude: EC-Lab's "|Z|/Ohm" and "|I|/A" are "abs_Z_ohm" and "abs_I_A". */
            for (const char *w = "abs"; *w && k + 4 < size; w++) dst[k++] = *w;
            sep = 1;
        } else if (c == '-' && k == 0 && p[1] != '\0') {
            /* A leading minus is part of the quantity: EC-Lab's "-Im(Z)/Ohm" holds -Im(Z) and
             * is kept as stored, named "minus_Im_Z_ohm". */
            for (const char *w = "minus"; *w && k + 4 < size; w++) dst[k++] = *w;
            sep = 1;
        } else if (c == '+' || (c == '-' && p[1] == '\0' && k > 0)) {
            /* Autolab's "Q+" and "Q-" stay apart. */
            const char *w = c == '+' ? "_plus" : "_minus";
            for (; *w && k + 4 < size; w++) dst[k++] = *w;
        } else if (c == '"') {
            dst[k++] = 'p';
            if (k + 4 < size) dst[k++] = 'p';
        } else {
            sep = 1;
        }
    }
    if (k == 0) dst[k++] = 'c';
    dst[k] = '\0';
    if (unit && *unit) {
        char u[16];
        size_t j = 0;
        for (const char *p = unit; *p && j + 1 < sizeof u; p++)
            u[j++] = (*p == '/') ? 'p' : (*p == '.' ? '_' : *p);
        u[j] = '\0';
        size_t used = strlen(dst);
        snprintf(dst + used, size - used, "_%s", u);
    }
}

/* Moves the column's values into a new extra column of the record (scaled in place; the table
 * keeps no copy), so that a 10^6-row file is not copied twice. */
static lq_status add_extra(lq_echem_record *r, lqi_tcol *c, double scale, const char *si,
                           const char *base) {
    lq_echem_column *x = &r->extra[r->nextra];
    memset(x, 0, sizeof *x);
    char name[96];
    canonical_name(name, sizeof name, base, si);
    /* Unique names: a second "Ewe_V" becomes "Ewe_V_2". After a few tries the suffix jumps past
     * the column count, so that many same-named columns cost O(n) each, not O(n^2). */
    for (size_t k = 2;; k = (k < 9) ? k + 1 : (k == 9 ? r->nextra + 10 : k + 1)) {
        /* The record's own columns (as lq_echem_record_write_csv names them) count as taken:
         * an averaged "<I>/mA" next to "I/mA" must not become a second "I_A". */
        static const char *const own[] = {"time_s", "E_V", "I_A", "Q_C", "cycle", "segment"};
        int dup = 0;
        for (size_t i = 0; i < sizeof own / sizeof own[0] && !dup; i++)
            dup = strcmp(own[i], name) == 0;
        for (size_t i = 0; i < r->nextra && !dup; i++) dup = strcmp(r->extra[i].name, name) == 0;
        if (!dup) break;
        char tmp[96];
        canonical_name(tmp, sizeof tmp, base, si);
        /* Room for the suffix: a long name is shortened, or the suffix would be cut off and
         * every try would give the same name. */
        size_t used = strlen(tmp);
        if (used > sizeof tmp - 24) used = sizeof tmp - 24;
        snprintf(tmp + used, sizeof tmp - used, "_%zu", k);
        memcpy(name, tmp, sizeof name);
    }
    x->name = lqi_strdup(name);
    x->label = lqi_strdup(c->label);
    x->unit = lqi_strdup(si);
    if (!x->name || !x->label || !x->unit) {
        lqi_free(x->name);
        lqi_free(x->label);
        lqi_free(x->unit);
        return LQ_ENOMEM;
    }
    x->v = c->v;
    c->v = NULL;
    if (scale != 1.0)
        for (size_t i = 0; i < r->n; i++) x->v[i] *= scale;
    r->nextra++;
    return LQ_OK;
}

/* Unit of a column: from its header, or from a separate unit row (Gamry, or the user's choice).
 * Unknown units stay as written (sanitised into `ubuf`) with scale 1. */
static void column_unit(const lqi_tcol *c, char *base, size_t bs, char *ubuf, size_t ubs,
                        double *scale, const char **si) {
    char unit[32];
    int known = lqi_echem_split_unit(c->label, base, bs, unit, sizeof unit, scale, si);
    if ((!known || c->unit_forced) && c->unit_row && c->unit_row[0]) {
        known = lqi_echem_unit(c->unit_row, scale, si);
        if (!known) snprintf(unit, sizeof unit, "%s", c->unit_row);
    }
    if (known) return;
    *scale = 1.0;
    /* Keep letters and digits of an unknown unit ("deg C" -> "deg_C", "#" -> ""). */
    size_t k = 0;
    int sep = 0;
    for (const unsigned char *p = (const unsigned char *)unit; *p && k + 2 < ubs; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
            if (sep && k > 0) ubuf[k++] = '_';
            sep = 0;
            ubuf[k++] = (char)*p;
        } else {
            sep = 1;
        }
    }
    ubuf[k] = '\0';
    *si = ubuf;
}

static void check_record(lq_echem_record *r, lqi_table *t) {
    /* Warnings go to the table first (they are moved to the record afterwards). */
    static const char *names[3] = {"time", "potential", "current"};
    double *arr[3] = {r->time_s, r->potential_V, r->current_A};
    int has[3] = {r->has_time, r->has_potential, r->has_current};
    for (int k = 0; k < 3; k++) {
        if (!has[k]) continue;
        size_t bad = 0, first = 0;
        /* Open-circuit segments (Gamry OCVCURVE) have no current column: not a defect. */
        for (size_t g = 0; g < t->nseg; g++) {
            if (k == 2 && t->seg[g].technique == LQ_ECHEM_TECH_OCP) continue;
            size_t end = t->seg[g].start + t->seg[g].count;
            for (size_t i = t->seg[g].start; i < end && i < r->n; i++)
                if (!isfinite(arr[k][i]) && bad++ == 0) first = i;
        }
        if (bad)
            lqi_table_warn(t, "%zu points without a finite %s (first at point %zu)", bad, names[k],
                           first);
    }
    if (r->has_time) {
        for (size_t s = 0; s < t->nseg; s++) {
            const lq_echem_segment *g = &t->seg[s];
            for (size_t i = g->start + 1; i < g->start + g->count; i++)
                if (r->time_s[i] < r->time_s[i - 1]) {
                    lqi_table_warn(t, "time runs backwards at point %zu (%.9g s after %.9g s)", i,
                                   r->time_s[i], r->time_s[i - 1]);
                    break;
                }
        }
    }
    for (size_t s = 0; s < t->nseg; s++)
        if (t->seg[s].count == 0)
            lqi_table_warn(t, "segment %zu (%s) holds no points", s, t->seg[s].label);
}

lq_status lqi_table_to_record(lqi_table *t, int negate_current, lq_echem_record **out,
                              lq_diag *diag) {
    if (t->nrow == 0)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, 0, "",
                            "no data rows: the file is empty (a header and no line of "
                            "numbers)");
    /* Pick the column of each role: a role set by the reader wins, then the best guess. */
    long pick[LQI_ROLE_COUNT_];
    int prio[LQI_ROLE_COUNT_];
    for (int k = 0; k < LQI_ROLE_COUNT_; k++) pick[k] = -1, prio[k] = 0;
    for (size_t i = 0; i < t->ncol; i++) {
        const lqi_tcol *c = &t->col[i];
        if (c->text == 1) continue;
        if (c->role > 0) {
            pick[c->role] = (long)i;
            prio[c->role] = 1000;
            continue;
        }
    }
    for (size_t i = 0; i < t->ncol; i++) {
        const lqi_tcol *c = &t->col[i];
        if (c->text == 1 || c->role != 0) continue;
        int role, p = lqi_echem_guess_role(c->label, &role);
        if (role > 0 && p > prio[role]) pick[role] = (long)i, prio[role] = p;
    }
    size_t nnum = 0;
    for (size_t i = 0; i < t->ncol; i++) nnum += t->col[i].text != 1;
    if (nnum == 0)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, t->text_line, "",
                            "expected numbers under the column names, found text");
    lq_echem_record *r = NULL;
    lq_status st = lq_echem_record_alloc(t->nrow, pick[LQI_ROLE_Q] >= 0, &r);
    if (st != LQ_OK) return st;
    size_t nextra_max = t->ncol;
    r->extra = lqi_malloc_array(nextra_max ? nextra_max : 1, sizeof *r->extra);
    if (!r->extra) {
        lq_echem_record_free(r);
        return LQ_ENOMEM;
    }
    double **dst[LQI_ROLE_COUNT_] = {NULL,          &r->time_s,   &r->potential_V,
                                     &r->current_A, &r->charge_C, NULL};
    const char *want_si[LQI_ROLE_COUNT_] = {NULL, "s", "V", "A", "C", NULL};
    for (size_t i = 0; i < t->ncol && st == LQ_OK; i++) {
        lqi_tcol *c = &t->col[i];
        if (c->text == 1) continue;
        char base[96], ubuf[32];
        double scale;
        const char *si;
        column_unit(c, base, sizeof base, ubuf, sizeof ubuf, &scale, &si);
        int role = LQI_ROLE_NONE;
        for (int k = 1; k < LQI_ROLE_COUNT_; k++)
            if (pick[k] == (long)i) role = k;
        if (role == LQI_ROLE_CYCLE) {
            for (size_t j = 0; j < r->n; j++)
                r->cycle[j] = isfinite(c->v[j]) && fabs(c->v[j]) < 1e15 ? (long)c->v[j] : 0;
            continue;
        }
        if (role != LQI_ROLE_NONE) {
            if (si[0] && strcmp(si, want_si[role]) != 0) {
                /* e.g. a current density "I/mA/cm2" or a potential in a unit we cannot convert */
                st = lqi_table_warn(t, "column '%s' has unit '%s', expected %s; kept as extra",
                                    c->label, si, want_si[role]);
                if (st == LQ_OK) st = add_extra(r, c, scale, si, base);
                continue;
            }
            if (!si[0]) {
                st = lqi_table_warn(t, "column '%s' states no unit; %s assumed", c->label,
                                    want_si[role]);
                if (st != LQ_OK) break;
            }
            /* Scale in place and swap arrays: the record takes the column's values, the table
             * frees the record's unused array. */
            double f = scale * ((role == LQI_ROLE_I && negate_current) ? -1.0 : 1.0);
            if (f != 1.0)
                for (size_t j = 0; j < r->n; j++) c->v[j] *= f;
            double *tmp = *dst[role];
            *dst[role] = c->v;
            c->v = tmp;
            if (role == LQI_ROLE_TIME) r->has_time = 2;
            if (role == LQI_ROLE_E) {
                r->has_potential = 2;
                lqi_echem_copy_text(r->potential_label, sizeof r->potential_label, c->label,
                                    c->label + strlen(c->label));
            }
            if (role == LQI_ROLE_I) {
                r->has_current = 2;
                r->current_sign_converted = negate_current;
                lqi_echem_copy_text(r->current_label, sizeof r->current_label, c->label,
                                    c->label + strlen(c->label));
            }
            continue;
        }
        /* Extras that are currents of the same measurement share the sign convention. */
        double f = (negate_current && strcmp(si, "A") == 0) ? -scale : scale;
        st = add_extra(r, c, f, si, base);
    }
    if (st != LQ_OK) {
        lq_echem_record_free(r);
        return st;
    }
    /* has_* = 2 marks "set from a column"; the rest keep NaN. */
    if (r->has_time != 2)
        for (size_t j = 0; j < r->n; j++) r->time_s[j] = (double)NAN;
    if (r->has_potential != 2)
        for (size_t j = 0; j < r->n; j++) r->potential_V[j] = (double)NAN;
    if (r->has_current != 2)
        for (size_t j = 0; j < r->n; j++) r->current_A[j] = (double)NAN;
    r->has_time = r->has_time == 2;
    r->has_potential = r->has_potential == 2;
    r->has_current = r->has_current == 2;
    if (!r->has_potential && !r->has_current && !(t->tech == LQ_ECHEM_TECH_EIS && r->nextra > 0)) {
        lq_echem_record_free(r);
        return lqi_diag_set(diag, LQ_EPARSE, t->file, 0, "",
                            "no potential or current column: expected names such as Ewe/V, "
                            "E/mV, I/mA, Current (A)");
    }
    /* Segments: as given by the reader (closing the last), else one covering all points. */
    if (t->nseg == 0) {
        st = lqi_table_begin_segment(t, 0, LQ_ECHEM_TECH_UNKNOWN, "all");
        if (st != LQ_OK) {
            lq_echem_record_free(r);
            return st;
        }
        t->seg[0].start = 0;
    }
    if (t->seg[t->nseg - 1].count == 0)
        t->seg[t->nseg - 1].count = t->nrow - t->seg[t->nseg - 1].start;
    check_record(r, t);
    lqi_free(r->segments);
    r->segments = lqi_malloc_array(t->nseg, sizeof *r->segments);
    if (!r->segments) {
        r->nsegments = 0;
        lq_echem_record_free(r);
        return LQ_ENOMEM;
    }
    memcpy(r->segments, t->seg, t->nseg * sizeof *r->segments);
    r->nsegments = t->nseg;
    for (size_t i = 0; i < t->nwarn; i++) {
        st = lq_echem_record_warn(r, t->warn[i]);
        if (st != LQ_OK) {
            lq_echem_record_free(r);
            return st;
        }
    }
    *out = r;
    return LQ_OK;
}
