/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV writer: comment block, unit-carrying header, %.17g numbers, atomic commit. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

struct lq_csv {
    lq_outfile *f;
    size_t ncol;
    int failed;
};

static void write_field(FILE *fp, const char *s) {
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', fp);
        for (; *s; s++) {
            if (*s == '"') fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
}

lq_status lq_csv_open(const char *path, const char *const *names, size_t ncol, const char *comment,
                      lq_csv **out, lq_diag *diag) {
    if (!names || ncol == 0 || !out) return LQ_EINVAL;
    *out = NULL; /* callers may abort what they got whatever the status */
    lq_csv *c = lqi_calloc(1, sizeof *c);
    if (!c) return LQ_ENOMEM;
    lq_status st = lq_outfile_open(path, &c->f, diag);
    if (st != LQ_OK) {
        lqi_free(c);
        return st;
    }
    c->ncol = ncol;
    FILE *fp = lqi_outfile_stream(c->f);
    if (comment && *comment) {
        /* Every line of the comment block starts with '#'. */
        fputs("# ", fp);
        for (const char *p = comment; *p; p++) {
            fputc(*p, fp);
            if (*p == '\n' && p[1]) fputs("# ", fp);
        }
        if (comment[strlen(comment) - 1] != '\n') fputc('\n', fp);
    }
    for (size_t j = 0; j < ncol; j++) {
        if (j) fputc(',', fp);
        write_field(fp, names[j] ? names[j] : "");
    }
    fputc('\n', fp);
    *out = c;
    return LQ_OK;
}

lq_status lq_csv_row(lq_csv *c, const double *values, size_t ncol) {
    if (!c || !values || ncol != c->ncol) return LQ_EINVAL;
    FILE *fp = lqi_outfile_stream(c->f);
    for (size_t j = 0; j < ncol; j++) {
        if (j) fputc(',', fp);
        if (isnan(values[j]))
            fputs("nan", fp);
        else
            fprintf(fp, "%.17g", values[j]);
    }
    if (fputc('\n', fp) == EOF) c->failed = 1;
    return c->failed ? LQ_EWRITE : LQ_OK;
}

lq_status lq_csv_row_str(lq_csv *c, const char *const *values, size_t ncol) {
    if (!c || !values || ncol != c->ncol) return LQ_EINVAL;
    FILE *fp = lqi_outfile_stream(c->f);
    for (size_t j = 0; j < ncol; j++) {
        if (j) fputc(',', fp);
        write_field(fp, values[j] ? values[j] : "");
    }
    if (fputc('\n', fp) == EOF) c->failed = 1;
    return c->failed ? LQ_EWRITE : LQ_OK;
}

lq_status lq_csv_close(lq_csv *c, lq_diag *diag) {
    if (!c) return LQ_EINVAL;
    lq_status st;
    if (c->failed) {
        lq_outfile_abort(c->f);
        st = LQ_EWRITE;
    } else {
        st = lq_outfile_commit(c->f, diag);
    }
    lqi_free(c);
    return st;
}

void lq_csv_abort(lq_csv *c) {
    if (!c) return;
    lq_outfile_abort(c->f);
    lqi_free(c);
}
