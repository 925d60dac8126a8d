/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text for figures: UTF-8 checks and rich text with super/subscripts and true minus signs. */
#include <string.h>

#include "plot/plot_internal.h"

int lqi_plot_utf8_valid(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return 0;
            p++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3fu);
        }
        /* Reject overlong forms, surrogates and code points beyond U+10FFFF. */
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return 0;
        p += len;
    }
    return 1;
}

void lqi_plot_font_setup(cairo_t *cr) {
    cairo_select_font_face(cr, LQI_PLOT_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    /* Unhinted metrics: the same layout on PNG, SVG and PDF surfaces. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
}

/* A run of text with one vertical position. */
typedef struct run {
    const char *s;
    size_t len;
    int level; /* 0 normal, 1 superscript, -1 subscript */
    int minus; /* the run is a '-' to be drawn as U+2212 */
} run;

/* Script size and baseline shift as fractions of the font size (as TeX does roughly). */
#define SCRIPT_SCALE 0.7
#define SUP_RISE 0.38
#define SUB_DROP 0.18

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == ')' || c == ']';
}

/*
 * Splits text into runs; calls fn for each. "^{..}" / "_{..}" groups, "^" + [sign]digits, and a
 * '-' that starts a number (not after a letter or digit, so "Mg-La" stays) become their own runs.
 */
typedef void (*run_fn)(void *ctx, const run *r);

static void split_runs(const char *t, run_fn fn, void *ctx) {
    size_t i = 0, start = 0, n = strlen(t);
    while (i < n) {
        char c = t[i];
        int group = (c == '^' || c == '_') && i + 1 < n && t[i + 1] == '{';
        int bare_sup = c == '^' && i + 1 < n &&
                       (is_digit(t[i + 1]) ||
                        ((t[i + 1] == '-' || t[i + 1] == '+') && i + 2 < n && is_digit(t[i + 2])));
        int minus = c == '-' && i + 1 < n && (is_digit(t[i + 1]) || t[i + 1] == '.') &&
                    (i == 0 || !is_alnum(t[i - 1]));
        if (!group && !bare_sup && !minus) {
            i++;
            continue;
        }
        if (i > start) fn(ctx, &(run){t + start, i - start, 0, 0});
        if (minus) {
            fn(ctx, &(run){t + i, 1, 0, 1});
            i++;
        } else if (group) {
            int level = c == '^' ? 1 : -1;
            size_t j = i + 2;
            while (j < n && t[j] != '}') j++;
            /* Inside a group, a leading '-' is a minus too. */
            size_t k = i + 2;
            if (k < j && t[k] == '-') {
                fn(ctx, &(run){t + k, 1, level, 1});
                k++;
            }
            if (j > k) fn(ctx, &(run){t + k, j - k, level, 0});
            i = j < n ? j + 1 : j;
        } else {
            size_t k = i + 1;
            if (t[k] == '-') {
                fn(ctx, &(run){t + k, 1, 1, 1});
                k++;
            } else if (t[k] == '+') {
                fn(ctx, &(run){t + k, 1, 1, 0});
                k++;
            }
            size_t j = k;
            while (j < n && is_digit(t[j])) j++;
            fn(ctx, &(run){t + k, j - k, 1, 0});
            i = j;
        }
        start = i;
    }
    if (n > start) fn(ctx, &(run){t + start, n - start, 0, 0});
}

typedef struct text_ctx {
    cairo_t *cr;
    double fs;
    double x, y; /* pen position */
    int draw;
    lqi_plot_extent ext;
} text_ctx;

static void run_do(void *vctx, const run *r) {
    text_ctx *c = vctx;
    char buf[512];
    size_t len = r->len < sizeof buf - 1 ? r->len : sizeof buf - 1;
    /* Cut an over-long run at a character boundary: cairo rejects broken UTF-8. */
    while (len < r->len && len > 0 && ((unsigned char)r->s[len] & 0xc0) == 0x80) len--;
    if (r->minus) {
        memcpy(buf, "\xe2\x88\x92", 4); /* U+2212 MINUS SIGN */
    } else {
        memcpy(buf, r->s, len);
        buf[len] = '\0';
    }
    double fs = r->level ? c->fs * SCRIPT_SCALE : c->fs;
    double shift = r->level > 0 ? -SUP_RISE * c->fs : (r->level < 0 ? SUB_DROP * c->fs : 0.0);
    cairo_set_font_size(c->cr, fs);
    cairo_text_extents_t te;
    cairo_text_extents(c->cr, buf, &te);
    cairo_font_extents_t fe;
    cairo_font_extents(c->cr, &fe);
    if (c->draw) {
        cairo_move_to(c->cr, c->x, c->y + shift);
        cairo_show_text(c->cr, buf);
    }
    c->x += te.x_advance;
    c->ext.width += te.x_advance;
    /* Font ascent/descent (not ink) so that labels of one axis line up. */
    double asc = fe.ascent * 0.8 - shift, desc = fe.descent * 0.8 + shift;
    if (asc > c->ext.ascent) c->ext.ascent = asc;
    if (desc > c->ext.descent) c->ext.descent = desc;
}

lqi_plot_extent lqi_plot_text_measure(cairo_t *cr, const char *text, double fs) {
    text_ctx c = {cr, fs, 0.0, 0.0, 0, {0.0, 0.0, 0.0}};
    if (text) split_runs(text, run_do, &c);
    cairo_set_font_size(cr, fs);
    return c.ext;
}

double lqi_plot_text_fit(cairo_t *cr, const char *text, double fs, double avail) {
    double w = lqi_plot_text_measure(cr, text, fs).width;
    if (w <= avail || w <= 0.0) return fs;
    double f = fs * avail / w;
    return f < 6.0 ? 6.0 : f;
}

void lqi_plot_text_show(cairo_t *cr, const char *text, double fs, double x, double y) {
    text_ctx c = {cr, fs, x, y, 1, {0.0, 0.0, 0.0}};
    if (text) split_runs(text, run_do, &c);
    cairo_set_font_size(cr, fs);
}
