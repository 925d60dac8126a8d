/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figure objects: creation, series/polygons/rules/text with resolved styles, axis settings. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "plot/plot_internal.h"

/*
 * Okabe & Ito, "Color Universal Design" (2008), the eight colours distinguishable with the common
 * colour-vision deficiencies; ordered for a white background (yellow, weakest on white, last).
 */
static const double palette[][3] = {
    {0.0 / 255, 114.0 / 255, 178.0 / 255},   /* blue */
    {213.0 / 255, 94.0 / 255, 0.0 / 255},    /* vermillion */
    {0.0 / 255, 158.0 / 255, 115.0 / 255},   /* bluish green */
    {204.0 / 255, 121.0 / 255, 167.0 / 255}, /* reddish purple */
    {230.0 / 255, 159.0 / 255, 0.0 / 255},   /* orange */
    {86.0 / 255, 180.0 / 255, 233.0 / 255},  /* sky blue */
    {0.0, 0.0, 0.0},                         /* black */
    {240.0 / 255, 228.0 / 255, 66.0 / 255},  /* yellow */
};
#define PALETTE_N (sizeof palette / sizeof palette[0])

/* Reference marks (rules, annotations) are dark grey so that they do not use up data colours. */
static const double rule_grey[3] = {0.35, 0.35, 0.35};

/* Default fill opacity of polygons: light enough for lines and labels to show through. */
#define POLYGON_DEFAULT_ALPHA 0.3

static lq_status dup_opt(const char *s, char **out) {
    *out = NULL;
    if (!s || !*s) return LQ_OK; /* "" is the same as none */
    if (!lqi_plot_utf8_valid(s)) return LQ_EINVAL;
    *out = lqi_strdup(s);
    return *out ? LQ_OK : LQ_ENOMEM;
}

lq_status lq_plot_create(const char *title, const char *xlabel, const char *ylabel,
                         lq_plot **plot) {
    if (!plot) return LQ_EINVAL;
    if ((title && !lqi_plot_utf8_valid(title)) || (xlabel && !lqi_plot_utf8_valid(xlabel)) ||
        (ylabel && !lqi_plot_utf8_valid(ylabel)))
        return LQ_EINVAL;
    lq_plot *p = lqi_calloc(1, sizeof *p);
    if (!p) return LQ_ENOMEM;
    p->legend = 1;
    p->legend_auto = 1;
    if (dup_opt(title, &p->title) != LQ_OK || dup_opt(xlabel, &p->xlabel) != LQ_OK ||
        dup_opt(ylabel, &p->ylabel) != LQ_OK) {
        lq_plot_free(p);
        return LQ_ENOMEM;
    }
    *plot = p;
    return LQ_OK;
}

void lq_plot_free(lq_plot *plot) {
    if (!plot) return;
    for (size_t i = 0; i < plot->n_items; i++) {
        lqi_free(plot->items[i].x);
        lqi_free(plot->items[i].y);
        lqi_free(plot->items[i].label);
    }
    lqi_free(plot->items);
    lqi_free(plot->title);
    lqi_free(plot->xlabel);
    lqi_free(plot->ylabel);
    lqi_free(plot);
}

static int style_valid(const lq_plot_style *s) {
    if (!s) return 1;
    for (int k = 0; k < 3; k++)
        if (!(s->rgb[k] >= 0.0 && s->rgb[k] <= 1.0)) return 0;
    if (!(s->alpha >= 0.0 && s->alpha <= 1.0)) return 0;
    if (!(s->line_width_pt >= 0.0 && s->line_width_pt <= 100.0)) return 0;
    if (!(s->marker_size_pt >= 0.0 && s->marker_size_pt <= 100.0)) return 0;
    if ((int)s->marker < (int)LQ_PLOT_MARKER_NONE || (int)s->marker > (int)LQ_PLOT_MARKER_DIAMOND)
        return 0;
    return 1;
}

static int style_auto_color(const lq_plot_style *s) {
    return !s || s->auto_color ||
           (s->rgb[0] == 0.0 && s->rgb[1] == 0.0 && s->rgb[2] == 0.0 && s->alpha == 0.0);
}

/* Fills the style fields of `it` from `s` (NULL = automatic) with the defaults of plot.h. */
static void style_resolve(lq_plot *p, const lq_plot_style *s, lqi_plot_item *it) {
    int grey = it->kind == LQI_PLOT_RULE;
    if (style_auto_color(s)) {
        const double *c = grey ? rule_grey : palette[p->next_color % PALETTE_N];
        if (!grey) p->next_color++;
        memcpy(it->rgb, c, sizeof it->rgb);
    } else {
        memcpy(it->rgb, s->rgb, sizeof it->rgb);
    }
    double alpha = s ? s->alpha : 0.0;
    if (alpha == 0.0) alpha = it->kind == LQI_PLOT_POLYGON ? POLYGON_DEFAULT_ALPHA : 1.0;
    it->alpha = alpha;
    double lw = s ? s->line_width_pt : 0.0;
    if (it->kind == LQI_PLOT_RULE && lw == 0.0)
        lw = 0.8;
    else if (it->kind != LQI_PLOT_POLYGON && lw == 0.0)
        lw = 1.5;
    it->width_pt = lw; /* polygons: 0 = no outline */
    it->dashed = s ? (s->dashed != 0) : (it->kind == LQI_PLOT_RULE);
    it->marker = s ? s->marker : LQ_PLOT_MARKER_NONE;
    if (it->kind == LQI_PLOT_POINTS && it->marker == LQ_PLOT_MARKER_NONE)
        it->marker = LQ_PLOT_MARKER_CIRCLE;
    it->marker_pt = s && s->marker_size_pt > 0.0 ? s->marker_size_pt : 5.0;
}

/* Appends a zeroed item; returns NULL when out of memory. */
static lqi_plot_item *item_push(lq_plot *p) {
    if (p->n_items == p->cap_items) {
        size_t cap = p->cap_items ? 2 * p->cap_items : 8;
        lqi_plot_item *items = lqi_realloc(p->items, cap * sizeof *items);
        if (!items) return NULL;
        p->items = items;
        p->cap_items = cap;
    }
    lqi_plot_item *it = &p->items[p->n_items];
    memset(it, 0, sizeof *it);
    return it;
}

static lq_status add_series(lq_plot *p, lqi_plot_kind kind, const double *x, const double *y,
                            size_t n, const lq_plot_style *style, const char *label) {
    if (!p || !x || !y || n == 0 || !style_valid(style)) return LQ_EINVAL;
    if (kind == LQI_PLOT_POLYGON && n < 3) return LQ_EINVAL;
    if (label && !lqi_plot_utf8_valid(label)) return LQ_EINVAL;
    lqi_plot_item *it = item_push(p);
    if (!it) return LQ_ENOMEM;
    it->kind = kind;
    it->n = n;
    it->x = lqi_malloc_array(n, sizeof(double));
    it->y = lqi_malloc_array(n, sizeof(double));
    if (!it->x || !it->y || dup_opt(label, &it->label) != LQ_OK) {
        lqi_free(it->x);
        lqi_free(it->y);
        return LQ_ENOMEM;
    }
    memcpy(it->x, x, n * sizeof(double));
    memcpy(it->y, y, n * sizeof(double));
    style_resolve(p, style, it);
    p->n_items++;
    return LQ_OK;
}

lq_status lq_plot_add_line(lq_plot *plot, const double *x, const double *y, size_t n,
                           const lq_plot_style *style, const char *label) {
    return add_series(plot, LQI_PLOT_LINE, x, y, n, style, label);
}

lq_status lq_plot_add_points(lq_plot *plot, const double *x, const double *y, size_t n,
                             const lq_plot_style *style, const char *label) {
    return add_series(plot, LQI_PLOT_POINTS, x, y, n, style, label);
}

lq_status lq_plot_add_polygon(lq_plot *plot, const double *x, const double *y, size_t n,
                              const lq_plot_style *style, const char *label) {
    return add_series(plot, LQI_PLOT_POLYGON, x, y, n, style, label);
}

static lq_status add_single(lq_plot *p, lqi_plot_kind kind, double px, double py, int vertical,
                            const lq_plot_style *style, const char *text) {
    lqi_plot_item *it = item_push(p);
    if (!it) return LQ_ENOMEM;
    it->kind = kind;
    it->px = px;
    it->py = py;
    it->vertical = vertical;
    if (dup_opt(text, &it->label) != LQ_OK) return LQ_ENOMEM;
    if (kind == LQI_PLOT_RULE) {
        style_resolve(p, style, it);
    } else {
        /* Text and annotations are black; annotation markers are small filled triangles. */
        it->alpha = 1.0;
        it->width_pt = 1.0;
        it->marker = kind == LQI_PLOT_ANNOT ? LQ_PLOT_MARKER_TRIANGLE : LQ_PLOT_MARKER_NONE;
        it->marker_pt = 4.0;
    }
    p->n_items++;
    return LQ_OK;
}

lq_status lq_plot_add_rule(lq_plot *plot, int vertical, double value, const lq_plot_style *style,
                           const char *label) {
    if (!plot || !isfinite(value) || !style_valid(style)) return LQ_EINVAL;
    if (label && !lqi_plot_utf8_valid(label)) return LQ_EINVAL;
    return add_single(plot, LQI_PLOT_RULE, value, 0.0, vertical != 0, style, label);
}

lq_status lq_plot_add_text(lq_plot *plot, double x, double y, const char *text) {
    if (!plot || !text || !isfinite(x) || !isfinite(y) || !lqi_plot_utf8_valid(text))
        return LQ_EINVAL;
    return add_single(plot, LQI_PLOT_TEXT, x, y, 0, NULL, text);
}

lq_status lq_plot_add_label(lq_plot *plot, double x, double y, const char *text) {
    if (!plot || !text || !isfinite(x) || !isfinite(y) || !lqi_plot_utf8_valid(text))
        return LQ_EINVAL;
    return add_single(plot, LQI_PLOT_TEXT, x, y, 1, NULL, text);
}

lq_status lq_plot_add_annotation(lq_plot *plot, double x, double y, const char *text) {
    if (!plot || !text || !isfinite(x) || !isfinite(y) || !lqi_plot_utf8_valid(text))
        return LQ_EINVAL;
    return add_single(plot, LQI_PLOT_ANNOT, x, y, 0, NULL, text);
}

/* A range must be finite, ordered and wider than double rounding noise at its magnitude. */
static int range_ok(double min, double max) {
    if (!isfinite(min) || !isfinite(max) || !(min < max) || !isfinite(max - min)) return 0;
    double mag = fmax(fabs(min), fabs(max));
    return max - min > 1e-12 * mag;
}

lq_status lq_plot_set_xrange(lq_plot *plot, double min, double max) {
    if (!plot || !range_ok(min, max)) return LQ_EINVAL;
    plot->xfixed = 1;
    plot->xmin = min;
    plot->xmax = max;
    return LQ_OK;
}

lq_status lq_plot_set_yrange(lq_plot *plot, double min, double max) {
    if (!plot || !range_ok(min, max)) return LQ_EINVAL;
    plot->yfixed = 1;
    plot->ymin = min;
    plot->ymax = max;
    return LQ_OK;
}

lq_status lq_plot_set_logx(lq_plot *plot, int logx) {
    if (!plot) return LQ_EINVAL;
    plot->logx = logx != 0;
    return LQ_OK;
}

lq_status lq_plot_set_logy(lq_plot *plot, int logy) {
    if (!plot) return LQ_EINVAL;
    plot->logy = logy != 0;
    return LQ_OK;
}

lq_status lq_plot_set_legend(lq_plot *plot, int position) {
    if (!plot || position < 0 || position > 4) return LQ_EINVAL;
    plot->legend = position;
    plot->legend_auto = 0;
    return LQ_OK;
}
