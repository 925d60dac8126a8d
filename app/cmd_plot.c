/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus plot`: draws columns of a CSV file (as liquidus writes them) into a PNG, SVG or PDF. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"

#define CMD "plot"
#define MAX_Y 16

/* Index of a column by header name, or by 1-based number when no header matches. */
static int find_column(const lq_csv_table *t, const char *path, const char *name, size_t *col) {
    if (lq_csv_table_column_find(t, name, col) == LQ_OK) return 0;
    fprintf(stderr, "liquidus %s: error: %s: no column '%s'; the header has:", CMD, path, name);
    for (size_t c = 0; c < t->ncol; c++) fprintf(stderr, "%s '%s'", c ? "," : "", t->names[c]);
    fputc('\n', stderr);
    return LQA_EXIT_USAGE;
}

/* One column as numbers (empty fields and "nan" are NaN: breaks in lines); a text field in it is
 * an error naming the file, line and column. */
static int column_values(const lq_csv_table *t, const char *path, size_t col, double *v) {
    if (t->bad_line[col])
        return lqa_usage_error(CMD, "%s:%ld: column '%s': '%s' is not a number", path,
                               t->bad_line[col], t->names[col], t->bad_text[col]);
    for (size_t r = 0; r < t->nrow; r++) v[r] = t->values[r * t->ncol + col];
    return 0;
}

/* --x and the comma-separated --y (modified in place) into column indices. */
static int find_columns(const lq_csv_table *t, const char *path, const char *xcol, char *ylist,
                        size_t *cx, size_t *cy, size_t *ny) {
    int rc = find_column(t, path, xcol, cx);
    *ny = 0;
    for (char *tok = strtok(ylist, ","); !rc && tok; tok = strtok(NULL, ",")) {
        if (*ny == MAX_Y) return lqa_usage_error(CMD, "--y: at most %d columns", MAX_Y);
        rc = find_column(t, path, tok, &cy[*ny]);
        (*ny)++;
    }
    if (!rc && *ny == 0) rc = lqa_usage_error(CMD, "--y: no column given");
    return rc;
}

static int print_json(const char *out, const lq_csv_table *t, size_t cx, const size_t *cy,
                      size_t ny, double width, double height, int logx, int logy) {
    cJSON *json = cJSON_CreateObject();
    cJSON *series = cJSON_CreateArray();
    if (!json || !series) {
        cJSON_Delete(json);
        cJSON_Delete(series);
        return lqa_fail(CMD, LQ_ENOMEM, NULL);
    }
    cJSON_AddStringToObject(json, "out", out);
    cJSON_AddStringToObject(json, "x", t->names[cx]);
    for (size_t k = 0; k < ny; k++)
        cJSON_AddItemToArray(series, cJSON_CreateString(t->names[cy[k]]));
    cJSON_AddItemToObject(json, "y", series);
    cJSON_AddNumberToObject(json, "rows", (double)t->nrow);
    cJSON_AddNumberToObject(json, "width_pt", width);
    cJSON_AddNumberToObject(json, "height_pt", height);
    cJSON_AddBoolToObject(json, "logx", logx);
    cJSON_AddBoolToObject(json, "logy", logy);
    lq_status st = lqa_json_write(json, "-", NULL);
    cJSON_Delete(json);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, NULL);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *xcol = NULL, *ycols = NULL, *out = NULL, *title = NULL, *xlabel = NULL,
               *ylabel = NULL;
    const char *xrange = NULL, *yrange = NULL;
    int logx = 0, logy = 0, points = 0;
    double width = 400.0, height = 300.0;
    const lqa_opt opts[] = {
        {"x", LQA_STRING, &xcol, "COL", "column for x (header name or 1-based number)"},
        {"y", LQA_STRING, &ycols, "COL[,COL...]", "column(s) for y, one series each"},
        {"out", LQA_STRING, &out, "FILE", "figure to write: .png, .svg or .pdf"},
        {"logx", LQA_FLAG, &logx, NULL, "logarithmic x axis (x <= 0 is left out)"},
        {"logy", LQA_FLAG, &logy, NULL, "logarithmic y axis (y <= 0 is left out)"},
        {"xrange", LQA_STRING, &xrange, "MIN:MAX", "fixed x range (default: from the data)"},
        {"yrange", LQA_STRING, &yrange, "MIN:MAX", "fixed y range (default: from the data)"},
        {"points", LQA_FLAG, &points, NULL, "markers instead of lines"},
        {"title", LQA_STRING, &title, "TEXT", "figure title"},
        {"xlabel", LQA_STRING, &xlabel, "TEXT", "x axis label (default: the column name)"},
        {"ylabel", LQA_STRING, &ylabel, "TEXT", "y axis label (default: the column name)"},
        {"width", LQA_DOUBLE, &width, "PT", "figure width in points (default 400; PNG: 2 px/pt)"},
        {"height", LQA_DOUBLE, &height, "PT", "figure height in points (default 300)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc =
        lqa_parse(CMD,
                  "liquidus plot FILE.csv --x COL --y COL[,COL...] [--logx] [--logy] [--points] "
                  "[--title T] [--xrange A:B] [--yrange A:B] --out FIG.png|svg|pdf\n\n"
                  "Draws columns of a CSV table ('#' comment lines skipped, one header line). "
                  "Empty fields and 'nan'\nbreak the lines. Labels may use ^{..} and _{..} "
                  "for super- and subscripts.",
                  opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return rc;
    if (npos != 1) return lqa_usage_error(CMD, "give one CSV file (see --help)");
    if (!xcol || !ycols || !out) return lqa_usage_error(CMD, "--x, --y and --out are required");
    double xr[2] = {0.0, 0.0}, yr[2] = {0.0, 0.0};
    if (xrange && (lqa_parse_range(xrange, xr, 2) != 2 || !(xr[0] < xr[1])))
        return lqa_usage_error(CMD, "--xrange: '%s' is not MIN:MAX with MIN < MAX", xrange);
    if (yrange && (lqa_parse_range(yrange, yr, 2) != 2 || !(yr[0] < yr[1])))
        return lqa_usage_error(CMD, "--yrange: '%s' is not MIN:MAX with MIN < MAX", yrange);

    lq_csv_table *t = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_csv_table_read(pos[0], &t, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    /* Resolve the columns before drawing anything. */
    size_t cx = 0, cy[MAX_Y], ny = 0;
    char *ylist = malloc(strlen(ycols) + 1);
    double *x = malloc(t->nrow * sizeof *x), *y = malloc(t->nrow * sizeof *y);
    lq_plot *p = NULL;
    if (!ylist || !x || !y) {
        rc = lqa_fail(CMD, LQ_ENOMEM, NULL);
        goto done;
    }
    strcpy(ylist, ycols);
    rc = find_columns(t, pos[0], xcol, ylist, &cx, cy, &ny);
    if (!rc) rc = column_values(t, pos[0], cx, x);
    if (rc) goto done;

    const char *yl = ylabel ? ylabel : (ny == 1 ? t->names[cy[0]] : NULL);
    st = lq_plot_create(title, xlabel ? xlabel : t->names[cx], yl, &p);
    if (st != LQ_OK) {
        rc = st == LQ_EINVAL ? lqa_usage_error(CMD, "title or labels are not one-line UTF-8 text")
                             : lqa_fail(CMD, st, NULL);
        goto done;
    }
    for (size_t k = 0; k < ny; k++) {
        rc = column_values(t, pos[0], cy[k], y);
        if (rc) goto done;
        const char *label = ny > 1 ? t->names[cy[k]] : NULL;
        st = points ? lq_plot_add_points(p, x, y, t->nrow, NULL, label)
                    : lq_plot_add_line(p, x, y, t->nrow, NULL, label);
        if (st != LQ_OK) {
            rc = lqa_fail(CMD, st, NULL);
            goto done;
        }
    }
    if (logx) lq_plot_set_logx(p, 1);
    if (logy) lq_plot_set_logy(p, 1);
    if ((xrange && lq_plot_set_xrange(p, xr[0], xr[1]) != LQ_OK) ||
        (yrange && lq_plot_set_yrange(p, yr[0], yr[1]) != LQ_OK)) {
        rc = lqa_usage_error(CMD, "--xrange/--yrange: range too narrow for its magnitude");
        goto done;
    }
    lq_diag_clear(&d);
    st = lq_plot_save(p, out, width, height, &d);
    if (st != LQ_OK) {
        rc = lqa_fail(CMD, st, &d);
        goto done;
    }
    lqa_progress(ctx, "liquidus plot: wrote %s (%zu rows, %zu series)", out, t->nrow, ny);
    if (ctx->json) rc = print_json(out, t, cx, cy, ny, width, height, logx, logy);
done:
    lq_plot_free(p);
    free(x);
    free(y);
    free(ylist);
    lq_csv_table_free(t);
    return rc;
}

const lq_cmd lq_cmd_plot = {"plot", "draw columns of a CSV file as a PNG, SVG or PDF figure", run};
