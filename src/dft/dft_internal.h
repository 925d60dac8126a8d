/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private declarations of the dft module: element table, text scanning helpers. */
#ifndef LIQUIDUS_DFT_INTERNAL_H
#define LIQUIDUS_DFT_INTERNAL_H

#include <stddef.h>

#include "liquidus/dft.h"

#define LQI_DFT_N_ELEMENTS 118

/** One element: data/dft/elements.csv and data/dft/xray_scattering_doyle_turner.csv. */
typedef struct lqi_element {
    int z;
    const char *symbol;
    double mass_g_per_mol;
    double slater_radius_A; /* 0 when not tabulated */
    int has_xray;           /* 1 when the scattering coefficients exist */
    double a_A[4];          /* Doyle-Turner a_i (Angstrom) */
    double b_A2[4];         /* Doyle-Turner b_i (Angstrom^2) */
} lqi_element;

/* Indexed by Z (entry 0, "X", stands for no element). Generated: src/dft/tables.c. */
extern const lqi_element lqi_dft_elements[LQI_DFT_N_ELEMENTS + 1];

/** A line cursor over a NUL-terminated text: next line (without the newline) and its number. */
typedef struct lqi_lines {
    const char *p;
    long lineno;
} lqi_lines;

/** Returns 1 and the line [*beg, *end) when there is one; strips a trailing '\r'. */
int lqi_dft_next_line(lqi_lines *it, const char **beg, const char **end);

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
