/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private declarations of the dft module: X-ray coefficients, text scanning helpers. */
#ifndef LIQUIDUS_DFT_INTERNAL_H
#define LIQUIDUS_DFT_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/dft.h"

#define LQI_DFT_N_ELEMENTS LQ_ELEMENT_MAX_Z

/* X-ray scattering coefficients of one element (data/dft/xray_scattering_doyle_turner.csv); the
 * element data themselves (symbol, mass, Slater radius) are core's table (lqi_elements). */
typedef struct lqi_xray_coef {
    int has_xray;   /* 1 when the scattering coefficients exist */
    double a_A[4];  /* Doyle-Turner a_i (Angstrom) */
    double b_A2[4]; /* Doyle-Turner b_i (Angstrom^2) */
} lqi_xray_coef;

/* Indexed by Z (entry 0 stands for no element). Generated: src/dft/tables.c. */
extern const lqi_xray_coef lqi_dft_xray[LQI_DFT_N_ELEMENTS + 1];

/* Lines of a text: lqi_lines / lqi_lines_next of core's CSV reader (core/core_internal.h). */

/** Splits [beg, end) at blanks into at most max words (pointers/lengths); returns the count. */
size_t lqi_dft_split(const char *beg, const char *end, const char **w, size_t *len, size_t max);

/** Parses a whole word as a double (locale independent); 0 on success. */
int lqi_dft_word_double(const char *w, size_t len, double *out);

/** Allocates the arrays of a structure with capacity n (used by the readers). */
lq_status lqi_dft_structure_resize(lq_structure *s, size_t n);

/** 3x3 inverse of rows matrix m; returns 0 when singular. */
int lqi_dft_inv3(const double m[3][3], double inv[3][3]);

/** Structure from a text file by name (shared by the readers). */
typedef lq_status (*lqi_dft_parse_fn)(const char *text, const char *name, lq_structure **out,
                                      lq_diag *diag);
lq_status lqi_dft_read_file(const char *path, lqi_dft_parse_fn fn, lq_structure **out,
                            lq_diag *diag);

#endif /* LIQUIDUS_DFT_INTERNAL_H */
