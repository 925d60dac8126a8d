/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One column of a LAMMPS log, a LAMMPS `fix print` file or a CSV table as a time series (energies,
 * density, temperature). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "md/md_tools_internal.h"

/* Names tried, in order, when no column is given: the total energy as engines call it. */
static const char *const total_energy_names[] = {"TotEng",  "etotal", "etot_eV",     "E_total_eV",
                                                 "Etot_eV", "E_tot",  "total_energy"};
static const char *const time_names[] = {"Time", "time_ps", "t_ps", "time", "Step", "step"};

void lq_md_series_free(lq_md_series *s) {
    if (!s) return;
    lqi_free(s->value);
    lqi_free(s->time);
    memset(s, 0, sizeof *s);
}

static long find_col(char *const *names, size_t n, const char *want) {
    for (size_t c = 0; c < n; c++)
        if (lqi_strcasecmp(names[c], want) == 0) return (long)c;
    return -1;
}

static long pick_col(char *const *names, size_t n, const char *column) {
    if (column) return find_col(names, n, column);
    for (size_t k = 0; k < sizeof total_energy_names / sizeof total_energy_names[0]; k++) {
        long c = find_col(names, n, total_energy_names[k]);
        if (c >= 0) return c;
    }
    return -1;
}

static long pick_time(char *const *names, size_t n) {
    for (size_t k = 0; k < sizeof time_names / sizeof time_names[0]; k++) {
        long c = find_col(names, n, time_names[k]);
        if (c >= 0) return c;
    }
    return -1;
}

static lq_status grow(lq_md_series *s, size_t *cap, size_t need, int with_time) {
    if (need <= *cap) return LQ_OK;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    double *v = lqi_realloc(s->value, nc * sizeof *v);
    if (!v) return LQ_ENOMEM;
    s->value = v;
    if (with_time) {
        double *t = lqi_realloc(s->time, nc * sizeof *t);
        if (!t) return LQ_ENOMEM;
        s->time = t;
    }
    *cap = nc;
    return LQ_OK;
}

static lq_status from_log(const char *path, const lq_lammps_log *log, const char *column,
                          long block, lq_md_series *out, lq_diag *diag) {
    lq_md_series s;
    memset(&s, 0, sizeof s);
    size_t cap = 0;
    long last = -1;
    for (size_t b = 0; b < log->n_blocks; b++)
        if (pick_col(log->blocks[b].names, log->blocks[b].n_cols, column) >= 0) last = (long)b;
    if (last < 0)
        return lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, column ? column : "TotEng",
                            column ? "no thermo block has this column"
                                   : "no total-energy column (TotEng, etotal, ...): name one");
    if (block > (long)log->n_blocks)
        return lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, NULL, "the log has %zu thermo blocks",
                            log->n_blocks);
    double prev_step = (double)NAN;
    for (size_t b = 0; b < log->n_blocks; b++) {
        const lq_lammps_thermo_block *k = &log->blocks[b];
        if (block == 0 && (long)b != last) continue;
        if (block > 0 && (long)b != block - 1) continue;
        long c = pick_col(k->names, k->n_cols, column);
        if (c < 0) {
            if (block > 0) {
                lq_md_series_free(&s);
                return lqi_diag_set(diag, LQ_ENOTFOUND, path, k->first_line, column,
                                    "thermo block %ld has no such column", block);
            }
            continue;
        }
        long tc = pick_time(k->names, k->n_cols);
        snprintf(s.column, sizeof s.column, "%s", k->names[c]);
        if (tc >= 0) snprintf(s.time_column, sizeof s.time_column, "%s", k->names[tc]);
        lq_status st = grow(&s, &cap, s.n + k->n_rows, 1);
        if (st != LQ_OK) {
            lq_md_series_free(&s);
            return st;
        }
        long sc = find_col(k->names, k->n_cols, "Step");
        for (size_t r = 0; r < k->n_rows; r++) {
            double t = tc >= 0 ? k->values[r * k->n_cols + (size_t)tc] : (double)s.n;
            double step = sc >= 0 ? k->values[r * k->n_cols + (size_t)sc] : (double)NAN;
            /* the first row of a run repeats the last step of the previous one */
            if (r == 0 && s.n > 0 && step == prev_step) continue;
            s.value[s.n] = k->values[r * k->n_cols + (size_t)c];
            s.time[s.n++] = t;
            prev_step = step;
        }
    }
    if (s.n == 0) {
        lq_md_series_free(&s);
        return lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, column, "the column has no rows");
    }
    *out = s;
    return LQ_OK;
}

/* A CSV table of energies (any engine): '#' comment lines, a header of (possibly quoted) names,
 * then rows of as many fields, read by the library's CSV reader. */
static lq_status from_csv(const char *path, const char *text, const char *column, lq_md_series *out,
                          lq_diag *diag) {
    lq_md_series s;
    memset(&s, 0, sizeof s);
    size_t cap = 0;
    long col = -1, tcol = -1;
    size_t ncol = 0;
    enum { MAX_COLS = 128 };
    char names_buf[MAX_COLS][64];
    char *names[MAX_COLS];
    lqi_csv r;
    lqi_csv_init(&r, text, strlen(text), path);
    r.quotes = 1;
    lq_status st = LQ_OK;
    while (lqi_csv_next(&r)) {
        size_t nc = r.nfield < MAX_COLS ? r.nfield : MAX_COLS;
        if (ncol == 0) {
            ncol = nc;
            for (size_t c = 0; c < nc; c++) {
                lqi_csv_field(&r, c, names_buf[c], sizeof names_buf[c]);
                names[c] = names_buf[c];
            }
            col = pick_col(names, ncol, column);
            tcol = pick_time(names, ncol);
            if (col < 0) {
                st = lqi_diag_set(diag, LQ_ENOTFOUND, path, r.lines.lineno,
                                  column ? column : "TotEng",
                                  column ? "no such column in the CSV header"
                                         : "no total-energy column (TotEng, E_total_eV, ...): "
                                           "name one");
                break;
            }
            snprintf(s.column, sizeof s.column, "%s", names[col]);
            if (tcol >= 0) snprintf(s.time_column, sizeof s.time_column, "%s", names[tcol]);
            continue;
        }
        if (nc != ncol) {
            st = lqi_diag_set(diag, LQ_EPARSE, path, r.lines.lineno, NULL,
                              "row has %zu fields, the header has %zu", nc, ncol);
            break;
        }
        st = grow(&s, &cap, s.n + 1, 1);
        if (st != LQ_OK) break;
        double v, t = (double)s.n;
        st = lqi_csv_number(&r, (size_t)col, s.column, &v, diag);
        if (st == LQ_OK && tcol >= 0)
            st = lqi_csv_number(&r, (size_t)tcol, s.time_column, &t, diag);
        if (st != LQ_OK) break;
        s.value[s.n] = v;
        s.time[s.n++] = t;
    }
    if (st == LQ_OK && s.n == 0)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, NULL, "no data rows");
    if (st != LQ_OK) {
        lq_md_series_free(&s);
        return st;
    }
    *out = s;
    return LQ_OK;
}

static int looks_like_log(const char *text) {
    /* a line whose first word is "Step" followed by more names, a thermo_style multi or yaml line,
     * or the LAMMPS banner */
    if (strncmp(text, "LAMMPS (", 8) == 0) return 1;
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        const char *s = p + strspn(p, " \t");
        if (strncmp(s, "Step ", 5) == 0 && !strchr(s, ',')) return 1;
        if (strncmp(s, "-----", 5) == 0 && strstr(s, " Step ") && strstr(s, "CPU")) return 1;
        if (strncmp(s, "keywords: [", 11) == 0) return 1;
    }
    return 0;
}

/* A `fix print ... file F` output: a '#' title line ("# Fix print output for fix ID" by default,
 * or the user's `title`), then rows of blank-separated numbers. */
static int looks_like_fix_print(const char *text) {
    const char *p = text + strspn(text, " \t\r\n");
    if (*p != '#') return 0;
    const char *nl = strchr(p, '\n');
    if (!nl) return 0;
    const char *row = nl + 1 + strspn(nl + 1, " \t");
    const char *end = strchr(row, '\n');
    size_t len = end ? (size_t)(end - row) : strlen(row);
    if (len == 0 || memchr(row, ',', len)) return 0;
    return isdigit((unsigned char)row[0]) || row[0] == '-' || row[0] == '+' || row[0] == '.';
}

/* Columns of a fix print file are named by the title's words when there are as many as values
 * ("# step pe ke"), else col1, col2, ... */
static lq_status from_fix_print(const char *path, char *text, const char *column, lq_md_series *out,
                                lq_diag *diag) {
    enum { MAX_COLS = 64 };
    char *title = text + strspn(text, " \t\r\n") + 1;
    char *body = strchr(title, '\n');
    *body++ = '\0';
    char *tw[MAX_COLS + 1];
    size_t nt = lqi_words(title, tw, MAX_COLS + 1);
    char names_buf[MAX_COLS][64];
    char *names[MAX_COLS];
    lq_md_series s;
    memset(&s, 0, sizeof s);
    size_t cap = 0, ncol = 0;
    long col = -1, tcol = -1, line = 1;
    lq_status st = LQ_OK;
    for (char *p = body; p && *p && st == LQ_OK;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        line++;
        char *w[MAX_COLS + 1];
        size_t n = lqi_words(p, w, MAX_COLS + 1);
        p = nl ? nl + 1 : NULL;
        if (n == 0 || w[0][0] == '#') continue;
        if (ncol == 0) {
            if (n > MAX_COLS)
                return lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "more than %d values",
                                    MAX_COLS);
            ncol = n;
            for (size_t c = 0; c < n; c++) {
                if (nt == n)
                    snprintf(names_buf[c], sizeof names_buf[c], "%s", tw[c]);
                else
                    snprintf(names_buf[c], sizeof names_buf[c], "col%zu", c + 1);
                names[c] = names_buf[c];
            }
            col = pick_col(names, ncol, column);
            tcol = pick_time(names, ncol);
            if (col < 0)
                return lqi_diag_set(diag, LQ_ENOTFOUND, path, 1, column ? column : "TotEng",
                                    "fix print file: no such column (columns are named by the "
                                    "title's words when they match the values, else col1, col2, "
                                    "...)");
            snprintf(s.column, sizeof s.column, "%s", names[col]);
            if (tcol >= 0) snprintf(s.time_column, sizeof s.time_column, "%s", names[tcol]);
        }
        if (n != ncol) {
            if (!p) break; /* a row cut off at the end of the file */
            st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "row has %zu values, not %zu", n,
                              ncol);
            break;
        }
        if ((st = grow(&s, &cap, s.n + 1, 1)) != LQ_OK) break;
        double v, t = (double)s.n;
        if (lqi_parse_double(w[col], strlen(w[col]), 0, &v) != 0 ||
            (tcol >= 0 && lqi_parse_double(w[tcol], strlen(w[tcol]), 0, &t) != 0)) {
            st = lqi_diag_set(diag, LQ_EPARSE, path, line, s.column, "not a number");
            break;
        }
        s.value[s.n] = v;
        s.time[s.n++] = t;
    }
    if (st == LQ_OK && s.n == 0)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, NULL, "no data rows");
    if (st != LQ_OK) {
        lq_md_series_free(&s);
        return st;
    }
    *out = s;
    return LQ_OK;
}

lq_status lq_md_series_read(const char *path, const char *column, long block, lq_md_series *out,
                            lq_diag *diag) {
    if (!path || !out || block < -1) return LQ_EINVAL;
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    int is_log = looks_like_log(text);
    if (!is_log && looks_like_fix_print(text)) {
        st = from_fix_print(path, text, column, out, diag);
        lq_free(text);
        return st;
    }
    if (!is_log) {
        st = from_csv(path, text, column, out, diag);
        lq_free(text);
        return st;
    }
    lq_free(text);
    lq_lammps_log log;
    st = lq_lammps_log_read(path, &log, diag);
    if (st != LQ_OK) return st;
    st = from_log(path, &log, column, block, out, diag);
    lq_lammps_log_free(&log);
    return st;
}
