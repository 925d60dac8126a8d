/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit training data, library-internal: value checks shared by the readers and writers. */
#ifndef LIQUIDUS_MD_DP_DATA_INTERNAL_H
#define LIQUIDUS_MD_DP_DATA_INTERNAL_H

#include <stddef.h>

#include "liquidus/deepmd.h"
#include "liquidus/status.h"

/** Signed volume of a cell with rows a, b, c (9 values), A^3. */
double lqi_dp_box_volume(const double *box);
/** Every value of nf rows of `width` finite; LQ_EPARSE naming `file`, `what` and the frame
 *  (0-based in the file; `first` + frame in the system) otherwise. */
lq_status lqi_dp_check_frames(const char *file, const char *what, const double *v, size_t nf,
                              size_t width, size_t first, lq_diag *diag);
/** Finite boxes of positive volume (right-handed, not flat); LQ_EPARSE naming file and frame. */
lq_status lqi_dp_check_boxes(const char *file, const double *box, size_t nf, size_t first,
                             lq_diag *diag);
/** Type indices in [0, n_types); LQ_EPARSE naming file and atom. */
lq_status lqi_dp_check_types(const char *file, const int *type, size_t n_atoms, size_t n_types,
                             lq_diag *diag);

/**
 * Room for frame nf in the five per-frame arrays of the lq_dp_system layout (coordinates and forces
 * 3 n_atoms doubles a frame, box and virial 9, energy 1): when nf == *cap, each array is grown to
 * twice *cap frames (first_cap the first time). On LQ_ENOMEM the arrays grown so far are kept
 * (the caller frees them all) and *cap is unchanged.
 */
lq_status lqi_dp_frames_reserve(size_t n_atoms, size_t nf, size_t first_cap, size_t *cap,
                                double **coord, double **force, double **box, double **virial,
                                double **energy);
/** qsort comparison of two char * by strcmp. */
int lqi_dp_cmp_str(const void *a, const void *b);
/** Removes the deepmd/npy files of a system folder (nothing else), then the folder; 0 when gone. */
int lqi_dp_remove_system(const char *dir);
/** lq_dp_vasp_outcar_read / lq_dp_vasp_vasprun_read of a text in memory (`path` names it); the
 *  text must be NUL-terminated at text[size]. */
lq_status lqi_dp_vasp_outcar_parse(const char *text, size_t size, const char *path,
                                   const lq_dp_vasp_options *opt, lq_dp_system *sys,
                                   size_t *n_skipped, lq_diag *diag);
lq_status lqi_dp_vasp_vasprun_parse(const char *text, size_t size, const char *path,
                                    const lq_dp_vasp_options *opt, lq_dp_system *sys,
                                    size_t *n_skipped, lq_diag *diag);

#endif /* LIQUIDUS_MD_DP_DATA_INTERNAL_H */
