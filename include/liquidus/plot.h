/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures with cairo: x-y plots (lines, markers, filled regions, annotations) written as PNG, SVG
 * or PDF. Used for voltammograms with peaks, fitted transients, g(r), XRD patterns, phase diagrams.
 */
#ifndef LIQUIDUS_PLOT_H
#define LIQUIDUS_PLOT_H

#include <stddef.h>

#include "liquidus/screen.h"
#include "liquidus/status.h"
#include "liquidus/thermal.h"
#include "liquidus/thermo.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A figure with one set of axes. Opaque; owned by the caller. */
typedef struct lq_plot lq_plot;

/** Marker shapes for lq_plot_add_points. */
typedef enum lq_plot_marker {
    LQ_PLOT_MARKER_NONE = 0,
    LQ_PLOT_MARKER_CIRCLE,
    LQ_PLOT_MARKER_SQUARE,
    LQ_PLOT_MARKER_TRIANGLE,
    LQ_PLOT_MARKER_CROSS,
    LQ_PLOT_MARKER_DIAMOND
} lq_plot_marker;

/**
 * Style of a series. A zeroed struct means "automatic": the next colour of the palette, a 1.5 pt
 * solid line, 5 pt markers. Colours are RGB in [0, 1]; `alpha` 0 is read as 1 (opaque).
 */
typedef struct lq_plot_style {
    int auto_color; /**< 1 (or a zeroed rgb with alpha 0) picks the next palette colour */
    double rgb[3];
    double alpha;
    double line_width_pt; /**< 0 means 1.5 */
    int dashed;           /**< 1 for a dashed line */
    lq_plot_marker marker;
    double marker_size_pt; /**< 0 means 5 */
} lq_plot_style;

/**
 * Creates a figure. Strings are copied; NULL means none.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_plot_create(const char *title, const char *xlabel, const char *ylabel,
                                lq_plot **plot);
/** Frees a figure (NULL is a no-op). */
LQ_API void lq_plot_free(lq_plot *plot);

/** Adds a polyline through n points (non-finite points break the line). Data are copied.
 *  `label` (may be NULL) goes into the legend. `style` may be NULL (automatic). */
LQ_API lq_status lq_plot_add_line(lq_plot *plot, const double *x, const double *y, size_t n,
                                  const lq_plot_style *style, const char *label);
/** Adds markers at n points (marker NONE in the style means circles). */
LQ_API lq_status lq_plot_add_points(lq_plot *plot, const double *x, const double *y, size_t n,
                                    const lq_plot_style *style, const char *label);
/** Adds a closed filled polygon (e.g. a two-phase field) with an optional outline in the style. */
LQ_API lq_status lq_plot_add_polygon(lq_plot *plot, const double *x, const double *y, size_t n,
                                     const lq_plot_style *style, const char *label);
/** Adds a vertical (vertical=1) or horizontal line across the axes at `value`, optionally labelled.
 */
LQ_API lq_status lq_plot_add_rule(lq_plot *plot, int vertical, double value,
                                  const lq_plot_style *style, const char *label);
/** Places text with its left baseline at data coordinates (x, y). */
LQ_API lq_status lq_plot_add_text(lq_plot *plot, double x, double y, const char *text);
/** Marks a point with a marker and a short annotation (e.g. a detected peak "Ep = -2.31 V"). */
LQ_API lq_status lq_plot_add_annotation(lq_plot *plot, double x, double y, const char *text);

/**
 * Places text centred (horizontally and on the digits' height) on data coordinates (x, y), e.g.
 * the name of a phase field ("L + NdBi_{2}"). Same markup as other text.
 * @return LQ_OK, LQ_EINVAL (NULL plot or text, non-finite position, invalid UTF-8), LQ_ENOMEM
 */
LQ_API lq_status lq_plot_add_label(lq_plot *plot, double x, double y, const char *text);

/** Fixes the axis ranges (min < max); otherwise they are chosen from the data with nice ticks. */
LQ_API lq_status lq_plot_set_xrange(lq_plot *plot, double min, double max);
LQ_API lq_status lq_plot_set_yrange(lq_plot *plot, double min, double max);
/** Logarithmic y axis (1) or linear (0, default). Non-positive y values are skipped on a log axis.
 */
LQ_API lq_status lq_plot_set_logy(lq_plot *plot, int logy);
/** Logarithmic x axis (1) or linear (0, default), e.g. for log-log MSD or Tafel-type plots.
 *  Non-positive x values are skipped on a log axis. @return LQ_OK, LQ_EINVAL (NULL plot) */
LQ_API lq_status lq_plot_set_logx(lq_plot *plot, int logx);
/** Legend position: 0 none, 1 top right (default), 2 top left, 3 bottom right, 4 bottom left. */
LQ_API lq_status lq_plot_set_legend(lq_plot *plot, int position);

/**
 * Writes the figure; the format follows the extension of `path` (.png, .svg, .pdf), the size is in
 * points (PNG: pixels at 1 px per pt times 2 for sharpness). Written atomically (temporary +
 * rename).
 * @return LQ_OK, LQ_EINVAL (unknown extension, empty figure), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_plot_save(const lq_plot *plot, const char *path, double width_pt,
                              double height_pt, lq_diag *diag);

/* ------------------------------------------------------------------------------------------ */
/* Figures built from results of other modules (src/plot/phase_diagram.c)                      */
/* ------------------------------------------------------------------------------------------ */

/** Figure options of lq_plot_phase_diagram; a zeroed struct gives the defaults noted. */
typedef struct lq_plot_phase_diagram_options {
    int mol_percent;   /**< 1: x axis in mol % (0: mole fraction) */
    int celsius;       /**< 1: T axis in degrees C (0: K) */
    const char *title; /**< NULL: "A-B" from the system's components */
    const double *exp_x,
        *exp_T;            /**< experimental points (x in the axis unit, T in K), may be NULL */
    size_t n_exp;          /**< number of experimental points */
    const char *exp_label; /**< legend of the points (NULL: "experiment") */
} lq_plot_phase_diagram_options;

/**
 * Draws a binary T-x phase diagram computed by lq_map_compute (boundaries, two-phase fields
 * filled and labelled with their phases, single-phase fields and compounds labelled, invariant
 * lines, optional experimental points) on a 480 x 400 pt figure and saves it (.png, .svg or .pdf
 * by the extension of `path`, written atomically).
 * @param map   the mapped diagram (in)
 * @param sys   the system it was mapped in, two components (in; phase names for labels)
 * @param opt   figure options (in, may be NULL)
 * @param path  output file (in)
 * @return LQ_OK, LQ_EINVAL (NULL argument, not two components, unknown extension), LQ_EIO,
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_plot_phase_diagram(const lq_map_result *map, const lq_system *sys,
                                       const lq_plot_phase_diagram_options *opt, const char *path,
                                       lq_diag *diag);

/**
 * Draws a ternary isothermal section computed by lq_ternary_section_compute on a Gibbs triangle
 * (component 0 bottom left, 1 bottom right, 2 top; 480 x 440 pt): two-phase regions filled with
 * their tie-lines drawn thin, tie-triangles shaded, phase boundaries, and one label per phase
 * field placed so that labels do not overlap (a label that finds no free place near its field is
 * left out). Saved as .png, .svg or .pdf by the extension of `path`, atomically.
 * @param sec    the section (in); sys the system it was computed in, three components (in)
 * @param title  figure title (NULL: "A-B-C, T = ... K")
 * @return LQ_OK, LQ_EINVAL (NULL argument, not three components, unknown extension), LQ_EIO,
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_plot_ternary_section(const lq_ternary_section *sec, const lq_system *sys,
                                         const char *title, const char *path, lq_diag *diag);

/**
 * Draws an isopleth computed by lq_isopleth_compute: its boundary points against T (x axis: the
 * mole fraction of the component that changes most along the line) and one label per phase set,
 * placed without overlap; 480 x 400 pt, .png/.svg/.pdf by the extension of `path`.
 * @return LQ_OK, LQ_EINVAL (NULL argument, no points), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_plot_isopleth(const lq_isopleth *iso, const lq_system *sys, const char *title,
                                  const char *path, lq_diag *diag);

/**
 * Draws a ternary liquidus projection (lq_liquidus_projection_compute) on a Gibbs triangle
 * (component 0 bottom left, 1 bottom right, 2 top): liquidus isotherms every 100 K inside the
 * primary fields, univariant lines, invariants with their temperatures, and each primary phase
 * at its hottest grid node; 480 x 440 pt, .png/.svg/.pdf by the extension of `path`.
 * @return LQ_OK, LQ_EINVAL (NULL argument, not three components), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_plot_liquidus_projection(const lq_liquidus_projection *proj,
                                             const lq_system *sys, const char *title,
                                             const char *path, lq_diag *diag);

/**
 * DSC figure. Without predictions: the measured segment of `measured` (signal, dashed baseline,
 * onset and peak temperatures annotated). With predictions: the measured signal minus its
 * baseline (when `measured` is not NULL) and each predicted heat of transformation
 * (lq_dsc_prediction.excess_W_per_mol times pred_scale[k], e.g. 1/M to turn W/mol into W/kg;
 * several traces are stacked), their transition temperatures annotated; vertical dashed rules at
 * T_ref_K (e.g. measured transition temperatures of a study).
 * @return LQ_OK, LQ_EINVAL (nothing to draw, NULL path), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_plot_dsc(const lq_dsc_result *measured, const lq_dsc_prediction *const *pred,
                             const char *const *pred_labels, const double *pred_scale,
                             size_t n_pred, const double *T_ref_K, size_t n_ref, const char *title,
                             const char *path, lq_diag *diag);

/**
 * Screen figure: energy above the hull (the predicted formation energy without known phases) of
 * every evaluated candidate against its XRD R_wp (against its rank when the screen had no measured
 * pattern); failed and skipped rows are left out. The `n_best` best-ranked candidates and those
 * whose prototype name contains one of `highlight` (e.g. "La2Sb") are annotated with their rank
 * and prototype; annotations are placed where they hide the least and do not overlap.
 * @param title  figure title (NULL: "structure screen")
 * @return LQ_OK, LQ_EINVAL (NULL result or path, nothing evaluated), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_plot_screen(const lq_screen_result *r, size_t n_best,
                                const char *const *highlight, size_t n_highlight, const char *title,
                                const char *path, lq_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_PLOT_H */
