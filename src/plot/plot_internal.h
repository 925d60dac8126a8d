/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private types of the plot module: figure items, axes with nice ticks, layout, rich text. */
#ifndef LIQUIDUS_PLOT_INTERNAL_H
#define LIQUIDUS_PLOT_INTERNAL_H

#include <cairo.h>
#include <stddef.h>

#include "liquidus/plot.h"

/* Kinds of things a figure holds; they are drawn in this order (fills at the back, text on top). */
typedef enum lqi_plot_kind {
    LQI_PLOT_POLYGON = 0,
    LQI_PLOT_RULE,
    LQI_PLOT_LINE,
    LQI_PLOT_POINTS,
    LQI_PLOT_TEXT,
    LQI_PLOT_ANNOT,
    LQI_PLOT_KIND_COUNT
} lqi_plot_kind;

/* One item with its style resolved at the time it was added (colour from the palette, etc.). */
typedef struct lqi_plot_item {
    lqi_plot_kind kind;
    size_t n;      /* points in x, y (lines, points, polygons) */
    double *x, *y; /* owned copies; NULL for rules and text */
    double px, py; /* rule value (px) / text and annotation anchor */
    int vertical;  /* rules: 1 vertical, 0 horizontal; text: 1 centred on the anchor */
    double rgb[3];
    double alpha;    /* stroke/marker opacity; polygon fill opacity */
    double width_pt; /* line width; polygons: outline width, 0 = no outline */
    int dashed;
    lq_plot_marker marker; /* NONE on lines = no markers */
    double marker_pt;
    char *label; /* legend label (series, polygons), rule label, or the text itself */
} lqi_plot_item;

struct lq_plot {
    char *title, *xlabel, *ylabel;
    lqi_plot_item *items;
    size_t n_items, cap_items;
    size_t next_color; /* index into the palette for the next automatic colour */
    int xfixed, yfixed;
    double xmin, xmax, ymin, ymax;
    int logx, logy;
    int legend;      /* 0 none, 1 top right, 2 top left, 3 bottom right, 4 bottom left */
    int legend_auto; /* 1 until lq_plot_set_legend: the corner that hides the least data */
    int frameless;   /* 1: no frame, ticks or tick labels (e.g. a Gibbs triangle drawn as data) */
};

/* ------------------------------------------------------------------------------ axes, ticks */
#define LQI_PLOT_MAX_TICKS 64
#define LQI_PLOT_MAX_MINOR 256

/* An axis: limits, major and minor tick values and how their labels are written. */
typedef struct lqi_plot_axis {
    double lo, hi; /* limits in data units (a log axis maps log10 of them) */
    int log;
    size_t n, n_minor;
    double v[LQI_PLOT_MAX_TICKS];
    double minor[LQI_PLOT_MAX_MINOR];
    double step;  /* linear: tick spacing; log: decades between major ticks (0: 1-2-5 ticks) */
    int exp10;    /* linear labels are v / 10^exp10, with a "x10^exp10" factor shown; 0 for none */
    int decimals; /* digits after the decimal point of linear labels */
} lqi_plot_axis;

/**
 * Automatic limits from the data extent [dlo, dhi] (dlo <= dhi, finite; positive on a log axis):
 * a margin of 4 % of the span on each side (of the log span on a log axis); a single value v gets
 * v +- 1 % (+-1 for 0; a factor 10^0.5 on a log axis). Returns LQ_EINVAL when the span overflows.
 */
lq_status lqi_plot_auto_range(double dlo, double dhi, int log, double *lo, double *hi);

/**
 * Chooses major ticks in [lo, hi] (lo < hi) with a 1-2-5 step such that there are at most
 * max_ticks (>= 2) of them, minor ticks between them, and the label format (decimals, exponent).
 * A log axis (lo > 0) gets decades (every k-th when there are too many), or 1-2-5 mantissas when
 * the range spans less than about a decade.
 */
lq_status lqi_plot_ticks(double lo, double hi, int log, size_t max_ticks, lqi_plot_axis *ax);

/**
 * Writes the label of tick value v into buf as rich text (ASCII '-' for minus; "10^{k}" for log
 * decades). Linear labels are v / 10^exp10 with `decimals` digits, never "-0".
 */
void lqi_plot_tick_label(const lqi_plot_axis *ax, double v, char *buf, size_t size);

/* ------------------------------------------------------------------------------ rich text */
/*
 * Rich text: "^{...}" and "_{...}" are super- and subscripts, "^" directly followed by an optional
 * sign and digits ("cm^2", "s^-1", "10^-6") is a superscript, and a '-' that starts a number is
 * drawn as a true minus sign (U+2212). Everything else is literal UTF-8.
 */
typedef struct lqi_plot_extent {
    double width, ascent, descent; /* pt; ascent/descent above/below the baseline, positive */
} lqi_plot_extent;

/** Measures rich text at font size fs (pt) with the current font face of cr. */
lqi_plot_extent lqi_plot_text_measure(cairo_t *cr, const char *text, double fs);
/** Draws rich text with its left baseline at (x, y) in the current user space. */
void lqi_plot_text_show(cairo_t *cr, const char *text, double fs, double x, double y);
/** Font size <= fs (and >= 6 pt) at which text fits in `avail` pt of width. */
double lqi_plot_text_fit(cairo_t *cr, const char *text, double fs, double avail);
/** 1 when s is valid UTF-8 without control characters (one-line text), else 0. */
int lqi_plot_utf8_valid(const char *s);

/* ------------------------------------------------------------------------------ layout */
/* Where the axes box lies in the figure (pt, origin top left) and the two axes. */
typedef struct lqi_plot_frame {
    double width, height; /* figure size, pt */
    double left, right;   /* x of the axes box edges, pt */
    double top, bottom;   /* y of the axes box edges, pt (top < bottom) */
    lqi_plot_axis xaxis, yaxis;
    double fs_title, fs_xlabel, fs_ylabel; /* font sizes, pt, shrunk to fit the figure */
} lqi_plot_frame;

/**
 * Computes ranges, ticks and margins of a figure of width x height pt, measuring text with cr.
 * @return LQ_OK, LQ_EINVAL (empty figure, no finite data, log axis with non-positive range)
 */
lq_status lqi_plot_layout(const lq_plot *p, cairo_t *cr, double width, double height,
                          lqi_plot_frame *f, lq_diag *diag);

/** Same as lqi_plot_layout with a private measuring surface (for tests). */
lq_status lqi_plot_frame_compute(const lq_plot *p, double width, double height, lqi_plot_frame *f,
                                 lq_diag *diag);

/** 1 when (x, y) can be drawn: both finite, and positive on a log axis. */
int lqi_plot_frame_valid(const lqi_plot_frame *f, double x, double y);

/** 1 when a rule's value can be drawn on its axis (finite; positive on a log axis). */
int lqi_plot_rule_visible(const lqi_plot_frame *f, const lqi_plot_item *it);

/** Maps data coordinates to figure coordinates (pt). */
double lqi_plot_map_x(const lqi_plot_frame *f, double x);
double lqi_plot_map_y(const lqi_plot_frame *f, double y);

/* ------------------------------------------------------------------------------ placement */
#define LQI_PLOT_MAX_TAKEN 256

/* A rectangle in figure coordinates, pt (y down). */
typedef struct lqi_plot_box {
    double x0, y0, x1, y1;
} lqi_plot_box;

/* Where the data are drawn (a grid of CELL_PT cells over the axes) and which boxes are taken. */
typedef struct lqi_plot_occupancy {
    double x0, y0, cell;
    size_t nx, ny;
    unsigned char *cells; /* 1 where a line, marker, polygon edge or rule passes */
    lqi_plot_box taken[LQI_PLOT_MAX_TAKEN];
    size_t ntaken;
} lqi_plot_occupancy;

/** Rasterises the data of p into a new grid. @return LQ_OK, LQ_ENOMEM */
lq_status lqi_plot_occupancy_build(const lq_plot *p, const lqi_plot_frame *f,
                                   lqi_plot_occupancy *o);
void lqi_plot_occupancy_free(lqi_plot_occupancy *o);
/**
 * Cost of putting a box there: the data cells it covers, 1e3 per taken box it overlaps, 1e6 when
 * it leaves the axes. Lower is better.
 */
double lqi_plot_occupancy_cost(const lqi_plot_occupancy *o, const lqi_plot_frame *f,
                               const lqi_plot_box *b);
/** Marks a box as taken (e.g. a placed label). */
void lqi_plot_occupancy_take(lqi_plot_occupancy *o, const lqi_plot_box *b);

/**
 * Draws the whole figure on cr (user space in pt), after lqi_plot_layout filled f. `colw` (pt) is
 * the device column width for line decimation and the cell size for marker thinning (about one
 * device pixel). @return LQ_OK, LQ_ENOMEM
 */
lq_status lqi_plot_draw(const lq_plot *p, cairo_t *cr, const lqi_plot_frame *f, double colw);

/* Font sizes (pt) and the font face used everywhere. */
#define LQI_PLOT_FONT "DejaVu Sans"
#define LQI_PLOT_FS_TICK 9.0
#define LQI_PLOT_FS_LABEL 10.0
#define LQI_PLOT_FS_TITLE 11.0
#define LQI_PLOT_FS_LEGEND 8.5
#define LQI_PLOT_FS_TEXT 8.5

/* ------------------------------------------------------------------------------ label boxes */
/* Labels placed in data coordinates so that none overlaps another (src/plot/labels.c): each
 * label's box is estimated from its length (char_w per character, height label_h, data units). */
#define LQI_PLOT_MAX_LABELS 256
typedef struct lqi_plot_labels {
    double char_w, label_h;    /* data units */
    double xlo, xhi, ylo, yhi; /* boxes must stay inside */
    double x0[LQI_PLOT_MAX_LABELS], x1[LQI_PLOT_MAX_LABELS];
    double y0[LQI_PLOT_MAX_LABELS], y1[LQI_PLOT_MAX_LABELS];
    size_t n;
} lqi_plot_labels;

void lqi_plot_labels_init(lqi_plot_labels *L, double char_w, double label_h, double xlo, double xhi,
                          double ylo, double yhi);
/** Marks the box of text centred at (x, y) as taken without drawing it. */
void lqi_plot_label_reserve(lqi_plot_labels *L, double x, double y, const char *text);
/**
 * Adds a centred label (lq_plot_add_label) near (x, y): the first of the positions y, y + h,
 * y - h, y + 2h, y - 2h (h the label height) whose box is inside the limits and overlaps no label
 * placed before; none when all are taken. @return LQ_OK or the status of lq_plot_add_label
 */
lq_status lqi_plot_label_place(lq_plot *p, lqi_plot_labels *L, double x, double y,
                               const char *text);

/* ------------------------------------------------------------------------ Gibbs triangle */
/* The ternary figures (src/plot/gibbs.c): corner 0 at (0, 0), 1 at (1, 0), 2 at (1/2, sqrt(3)/2).
 */
#define LQI_PLOT_GIBBS_H3 0.86602540378443864676 /* sqrt(3)/2 */
#define LQI_PLOT_GIBBS_CHAR_W 0.0135             /* label width per character, data units */
/** Mole fractions x[3] to the triangle's (X, Y). */
void lqi_plot_gibbs_xy(const double *x, double *X, double *Y);
/** Name of phase p of sys, "?" when it has none. */
const char *lqi_plot_phase_name(const lq_system *sys, size_t p);
/** A frameless figure and its label set (lqi_free) with the triangle's limits; on failure the
 *  caller frees what was made (lq_plot_free(*p), lqi_free(*L)). */
lq_status lqi_plot_gibbs_create(const char *title, lq_plot **p, lqi_plot_labels **L);
/** The triangle's outline and its corner names (reserved in L). */
lq_status lqi_plot_gibbs_frame(lq_plot *p, const lq_system *sys, lqi_plot_labels *L);
/** Ranges around the triangle, no legend, and the page (480 x 440 pt) written to path. */
lq_status lqi_plot_gibbs_save(lq_plot *p, const char *path, lq_diag *diag);

/** Selects the module's font face and hinting-free metrics on cr. */
void lqi_plot_font_setup(cairo_t *cr);

#endif /* LIQUIDUS_PLOT_INTERNAL_H */
