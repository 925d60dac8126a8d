/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing figures: PNG (2x raster), SVG and PDF cairo surfaces streamed into an atomic file. */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "plot/plot_internal.h"

/* Accepted figure sizes, pt; a PNG is rendered at PNG_SCALE px per pt. */
#define SIZE_MIN_PT 32.0
#define SIZE_MAX_PT 8000.0
#define PNG_SCALE 2.0
/* Largest PNG area, pt^2 (2000 x 2000 pt = 4000 x 4000 px, 64 MB of pixels). */
#define PNG_AREA_MAX_PT2 4.0e6

typedef enum fmt { FMT_PNG, FMT_SVG, FMT_PDF, FMT_UNKNOWN } fmt;

static fmt format_of(const char *path) {
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return FMT_UNKNOWN;
    if (lqi_strcasecmp(dot, ".png") == 0) return FMT_PNG;
    if (lqi_strcasecmp(dot, ".svg") == 0) return FMT_SVG;
    if (lqi_strcasecmp(dot, ".pdf") == 0) return FMT_PDF;
    return FMT_UNKNOWN;
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int length) {
    FILE *fp = closure;
    return fwrite(data, 1, length, fp) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static lq_status cairo_error(cairo_status_t cs, const char *path, lq_diag *diag) {
    lq_status st = cs == CAIRO_STATUS_NO_MEMORY     ? LQ_ENOMEM
                   : cs == CAIRO_STATUS_WRITE_ERROR ? LQ_EWRITE
                                                    : LQ_EINVAL;
    return lqi_diag_set(diag, st, path, 0, NULL, "cairo: %s", cairo_status_to_string(cs));
}

lq_status lq_plot_save(const lq_plot *plot, const char *path, double width_pt, double height_pt,
                       lq_diag *diag) {
    if (!plot || !path || !*path)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "no figure or no output path");
    fmt fm = format_of(path);
    if (fm == FMT_UNKNOWN)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL,
                            "unknown figure format: the name must end in .png, .svg or .pdf");
    if (!(width_pt >= SIZE_MIN_PT && width_pt <= SIZE_MAX_PT && height_pt >= SIZE_MIN_PT &&
          height_pt <= SIZE_MAX_PT) ||
        (fm == FMT_PNG && width_pt * height_pt > PNG_AREA_MAX_PT2))
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL,
                            "figure size %g x %g pt outside %g..%g pt (PNG: at most %g pt^2)",
                            width_pt, height_pt, SIZE_MIN_PT, SIZE_MAX_PT, PNG_AREA_MAX_PT2);

    /* Lay out on a scratch surface first: a figure that cannot be drawn leaves no file behind. */
    lqi_plot_frame frame;
    lq_status st = lqi_plot_frame_compute(plot, width_pt, height_pt, &frame, diag);
    if (st != LQ_OK) {
        if (diag && !diag->file[0]) snprintf(diag->file, sizeof diag->file, "%s", path);
        return st;
    }

    lq_outfile *out = NULL;
    st = lq_outfile_open(path, &out, diag);
    if (st != LQ_OK) return st;
    FILE *fp = lqi_outfile_stream(out);

    cairo_surface_t *surf;
    double colw;
    if (fm == FMT_PNG) {
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(width_pt * PNG_SCALE),
                                          (int)ceil(height_pt * PNG_SCALE));
        colw = 1.0 / PNG_SCALE;
    } else if (fm == FMT_SVG) {
        surf = cairo_svg_surface_create_for_stream(write_cb, fp, width_pt, height_pt);
        if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS)
            cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
        colw = 0.25;
    } else {
        surf = cairo_pdf_surface_create_for_stream(write_cb, fp, width_pt, height_pt);
        if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS) {
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "liquidus");
            if (plot->title)
                cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, plot->title);
        }
        colw = 0.25;
    }
    cairo_t *cr = cairo_create(surf);
    cairo_status_t cs = cairo_status(cr);
    if (cs == CAIRO_STATUS_SUCCESS) {
        if (fm == FMT_PNG) cairo_scale(cr, PNG_SCALE, PNG_SCALE);
        lq_status dst = lqi_plot_draw(plot, cr, &frame, colw);
        cs = dst == LQ_ENOMEM ? CAIRO_STATUS_NO_MEMORY : cairo_status(cr);
    }
    cairo_destroy(cr);
    if (cs == CAIRO_STATUS_SUCCESS && fm == FMT_PNG)
        cs = cairo_surface_write_to_png_stream(surf, write_cb, fp);
    cairo_surface_finish(surf);
    if (cs == CAIRO_STATUS_SUCCESS) cs = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (cs != CAIRO_STATUS_SUCCESS) {
        lq_outfile_abort(out);
        return cairo_error(cs, path, diag);
    }
    return lq_outfile_commit(out, diag);
}
