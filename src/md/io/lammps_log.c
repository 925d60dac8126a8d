/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thermo output of LAMMPS logs: every block of every run (LAMMPS manual, "thermo_style": one and
 * custom styles print a header line starting with "Step" and one row of numbers per output). */
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

lq_status lq_lammps_log_read(const char *path, lq_lammps_log *out, lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    FILE *fp = fopen(path, "r");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "cannot open the log");
    lq_lammps_log log;
    memset(&log, 0, sizeof log);
    char *buf = NULL;
    size_t bcap = 0, rcap = 0;
    long line = 0;
    int in_block = 0;
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
        if (strncmp(s, "-----", 5) == 0 && strstr(s, "Step")) {
            st = lqi_diag_set(diag, LQ_EUNSUPPORTED, path, line, "thermo_style",
                              "thermo_style multi is not supported: use thermo_style custom");
            break;
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
