/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thermo output of LAMMPS logs: every block of every run (LAMMPS manual, "thermo_style": one and
 * custom styles print a header line starting with "Step" and one row of numbers per output; multi
 * prints a "---- Step N ----- CPU = t (sec) ----" line and "Name = value" pairs; yaml prints
 * "keywords: [...]" and one "- [...]" row per output). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

#define MAX_COLS 128

void lq_lammps_log_free(lq_lammps_log *log) {
    if (!log) return;
    for (size_t b = 0; b < log->n_blocks; b++) {
        lq_lammps_thermo_block *k = &log->blocks[b];
        for (size_t c = 0; c < k->n_cols; c++) lqi_free(k->names[c]);
        lqi_free(k->names);
        lqi_free(k->values);
    }
    lqi_free(log->blocks);
    memset(log, 0, sizeof *log);
}

/* Words of a log line; more than max reads as max + 1 (callers only test for "too many"). */
static size_t split_ws(char *s, char **tok, size_t max) {
    size_t n = lqi_words(s, tok, max);
    return n > max ? max + 1 : n;
}

static int is_number(const char *t) {
    double v;
    return lqi_parse_double(t, strlen(t), 0, &v) == 0;
}

static lq_status new_block(lq_lammps_log *log, char **tok, size_t n, long line) {
    lq_lammps_thermo_block *nb =
        lqi_realloc(log->blocks, (log->n_blocks + 1) * sizeof *log->blocks);
    if (!nb) return LQ_ENOMEM;
    log->blocks = nb;
    lq_lammps_thermo_block *b = &log->blocks[log->n_blocks];
    memset(b, 0, sizeof *b);
    b->first_line = line;
    b->names = lqi_calloc(n, sizeof *b->names);
    if (!b->names) return LQ_ENOMEM;
    log->n_blocks++;
    for (size_t c = 0; c < n; c++) {
        b->names[c] = lqi_strdup(tok[c]);
        if (!b->names[c]) return LQ_ENOMEM;
        b->n_cols = c + 1;
    }
    return LQ_OK;
}

static lq_status add_row(lq_lammps_thermo_block *b, const double *v, size_t *cap) {
    if (b->n_rows == *cap) {
        size_t nc = *cap ? 2 * *cap : 256;
        double *nv = lqi_realloc(b->values, nc * b->n_cols * sizeof *nv);
        if (!nv) return LQ_ENOMEM;
        b->values = nv;
        *cap = nc;
    }
    memcpy(&b->values[b->n_rows * b->n_cols], v, b->n_cols * sizeof *v);
    b->n_rows++;
    return LQ_OK;
}

/* One record of thermo_style multi being gathered: Step, CPU and the "Name = value" pairs. */
typedef struct {
    size_t n;
    char names[MAX_COLS][32];
    double v[MAX_COLS];
    long line;
    int open;
} multi_rec;

/* "---- Step N ----- CPU = t (sec) ----": starts a record. 1 when the line is one. */
static int multi_start(char *s, multi_rec *m, long line) {
    if (strncmp(s, "-----", 5) != 0 || !strstr(s, "Step")) return 0;
    char *tok[16];
    size_t n = split_ws(s, tok, 15);
    if (n > 15) n = 15; /* "more than 15" reads as 16: only 15 were stored */
    memset(m, 0, sizeof *m);
    m->line = line;
    for (size_t k = 0; k + 1 < n && k < 15; k++) {
        double v;
        if (strcmp(tok[k], "Step") == 0 &&
            lqi_parse_double(tok[k + 1], strlen(tok[k + 1]), 0, &v) == 0) {
            snprintf(m->names[m->n], sizeof m->names[0], "Step");
            m->v[m->n++] = v;
        }
        if (strcmp(tok[k], "CPU") == 0 && k + 2 < n && strcmp(tok[k + 1], "=") == 0 &&
            lqi_parse_double(tok[k + 2], strlen(tok[k + 2]), 0, &v) == 0) {
            snprintf(m->names[m->n], sizeof m->names[0], "CPU");
            m->v[m->n++] = v;
        }
    }
    m->open = m->n > 0 && strcmp(m->names[0], "Step") == 0;
    return 1;
}

/* "Name = value Name = value ...": adds the pairs to the record. 0 when the line is not pairs. */
static int multi_pairs(const char *line_text, multi_rec *m, const char *path, long line,
                       lq_status *st, lq_diag *diag) {
    char s[512]; /* split a copy: the caller tests the line further when it is not pairs */
    if (strlen(line_text) >= sizeof s) return 0;
    memcpy(s, line_text, strlen(line_text) + 1);
    char *tok[3 * 8 + 1];
    size_t n = split_ws(s, tok, 3 * 8);
    if (n == 0 || n % 3 != 0 || n > 3 * 8) return 0;
    for (size_t k = 0; k < n; k += 3)
        if (strcmp(tok[k + 1], "=") != 0) return 0;
    for (size_t k = 0; k < n; k += 3) {
        if (m->n == MAX_COLS) {
            *st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "more than %d thermo columns",
                               MAX_COLS);
            return 1;
        }
        double v;
        if (lqi_parse_double(tok[k + 2], strlen(tok[k + 2]), 0, &v) != 0) {
            *st = lqi_diag_set(diag, LQ_EPARSE, path, line, tok[k], "'%.40s' is not a number",
                               tok[k + 2]);
            return 1;
        }
        snprintf(m->names[m->n], sizeof m->names[0], "%s", tok[k]);
        m->v[m->n++] = v;
    }
    return 1;
}

/* Ends a multi record: a row of the current multi block when the names agree, else a new block. */
static lq_status multi_flush(lq_lammps_log *log, multi_rec *m, int *in_multi, size_t *rcap) {
    if (!m->open) return LQ_OK;
    m->open = 0;
    lq_lammps_thermo_block *b = *in_multi ? &log->blocks[log->n_blocks - 1] : NULL;
    int prefix = b && m->n <= b->n_cols;
    for (size_t c = 0; prefix && c < m->n; c++) prefix = strcmp(b->names[c], m->names[c]) == 0;
    if (prefix && m->n < b->n_cols) return LQ_OK; /* a record cut off at the end of the file */
    int same = prefix && b->n_cols == m->n;
    if (!same) {
        char *tok[MAX_COLS];
        for (size_t c = 0; c < m->n; c++) tok[c] = m->names[c];
        lq_status st = new_block(log, tok, m->n, m->line);
        if (st != LQ_OK) return st;
        *rcap = 0;
        *in_multi = 1;
        b = &log->blocks[log->n_blocks - 1];
    }
    return add_row(b, m->v, rcap);
}

/* thermo_style yaml: "keywords: ['Step', 'Temp', ...]" -> names; "- [0, 1.5, ...]" -> values.
 * The text between the brackets is split at commas and stripped of blanks and quotes. */
static size_t yaml_list(char *s, char **tok, size_t max) {
    char *b = strchr(s, '['), *e = b ? strrchr(b, ']') : NULL;
    if (!b || !e) return 0;
    *e = '\0';
    size_t n = 0;
    for (char *p = b + 1; n <= max;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        while (*p == ' ' || *p == '\'' || *p == '"') p++;
        size_t len = strlen(p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\'' || p[len - 1] == '"'))
            p[--len] = '\0';
        if (len == 0 && !comma) break; /* "[a, b, ]": LAMMPS ends the list with a comma */
        if (n < max) tok[n] = p;
        n++;
        if (!comma) break;
        p = comma + 1;
    }
    return n;
}

lq_status lq_lammps_log_read(const char *path, lq_lammps_log *out, lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    FILE *fp = fopen(path, "r");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "cannot open the log");
    lq_lammps_log log;
    memset(&log, 0, sizeof log);
    char *buf = NULL;
    size_t bcap = 0, rcap = 0;
    long line = 0;
    int in_block = 0, in_multi = 0, in_yaml = 0;
    multi_rec m;
    memset(&m, 0, sizeof m);
    lq_status st = LQ_OK;
    char *tok[MAX_COLS + 1];
    double vals[MAX_COLS];
    ssize_t r;
    while ((r = getline(&buf, &bcap, fp)) >= 0) {
        line++;
        int complete = r > 0 && buf[r - 1] == '\n';
        while (r > 0 && (buf[r - 1] == '\n' || buf[r - 1] == '\r')) buf[--r] = '\0';
        const char *s = buf + strspn(buf, " \t");
        if (strncmp(s, "WARNING", 7) == 0) {
            log.n_warnings++;
            continue;
        }
        if (m.open || in_multi) {
            if (m.open && multi_pairs(buf, &m, path, line, &st, diag)) {
                if (st != LQ_OK) break;
                continue;
            }
            if ((st = multi_flush(&log, &m, &in_multi, &rcap)) != LQ_OK) break;
        }
        if (multi_start(buf, &m, line)) continue;
        in_multi = in_multi && !(lqi_strncasecmp(s, "Loop time", 9) == 0);
        if (strncmp(s, "keywords:", 9) == 0) {
            size_t n = yaml_list(buf, tok, MAX_COLS);
            if (n > MAX_COLS) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "more than %d thermo columns",
                                  MAX_COLS);
                break;
            }
            if (n < 2) continue;
            if ((st = new_block(&log, tok, n, line)) != LQ_OK) break;
            rcap = 0;
            in_yaml = 1;
            in_block = 0;
            continue;
        }
        if (in_yaml) {
            if (strncmp(s, "data:", 5) == 0) continue;
            if (s[0] == '-' && s[1] == ' ' && strchr(s, '[')) {
                lq_lammps_thermo_block *b = &log.blocks[log.n_blocks - 1];
                size_t n = yaml_list(buf, tok, MAX_COLS);
                if (n != b->n_cols) {
                    if (!complete) break;
                    st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL,
                                      "thermo row has %zu values, the keywords (line %ld) name %zu",
                                      n, b->first_line, b->n_cols);
                    break;
                }
                for (size_t c = 0; c < n && st == LQ_OK; c++)
                    if (lqi_parse_double(tok[c], strlen(tok[c]), 0, &vals[c]) != 0)
                        st = lqi_diag_set(diag, LQ_EPARSE, path, line, b->names[c],
                                          "'%.40s' is not a number", tok[c]);
                if (st == LQ_OK) st = add_row(b, vals, &rcap);
                if (st != LQ_OK) break;
                continue;
            }
            in_yaml = 0;
        }
        if (in_block) {
            lq_lammps_thermo_block *b = &log.blocks[log.n_blocks - 1];
            size_t n = split_ws(buf, tok, MAX_COLS);
            if (n == 0 || !is_number(tok[0])) {
                in_block = 0; /* "Loop time", an ERROR, any text: the block ends */
            } else {
                if (n != b->n_cols) {
                    if (!complete) break; /* a row cut off at the end of the file */
                    st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL,
                                      "thermo row has %zu values, the header (line %ld) names %zu",
                                      n > MAX_COLS ? (size_t)MAX_COLS + 1 : n, b->first_line,
                                      b->n_cols);
                    break;
                }
                for (size_t c = 0; c < n; c++) {
                    if (lqi_parse_double(tok[c], strlen(tok[c]), 0, &vals[c]) != 0) {
                        st = lqi_diag_set(diag, LQ_EPARSE, path, line, b->names[c],
                                          "'%.40s' is not a number", tok[c]);
                        break;
                    }
                }
                if (st != LQ_OK) break;
                st = add_row(b, vals, &rcap);
                if (st != LQ_OK) break;
                continue;
            }
        }
        if (lqi_strncasecmp(s, "Step", 4) == 0 && (s[4] == ' ' || s[4] == '\t')) {
            size_t n = split_ws(buf, tok, MAX_COLS);
            if (n > MAX_COLS) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "more than %d thermo columns",
                                  MAX_COLS);
                break;
            }
            int names_only = 1;
            for (size_t c = 0; c < n; c++)
                if (is_number(tok[c])) names_only = 0;
            if (!names_only || n < 2) continue; /* e.g. "Step 100 ..." prose */
            st = new_block(&log, tok, n, line);
            if (st != LQ_OK) break;
            rcap = 0;
            in_block = 1;
        }
    }
    if (st == LQ_OK) st = multi_flush(&log, &m, &in_multi, &rcap);
    free(buf); /* from getline */
    if (st == LQ_OK && ferror(fp)) st = lqi_diag_set(diag, LQ_EIO, path, line, NULL, "read error");
    fclose(fp);
    if (st == LQ_OK && log.n_blocks == 0)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, NULL,
                          "no thermo output (no header line starting with 'Step')");
    if (st != LQ_OK) {
        lq_lammps_log_free(&log);
        return st;
    }
    *out = log;
    return LQ_OK;
}
