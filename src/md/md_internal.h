/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal interfaces of the MD engine: erfc, Verlet lists, Ewald and PPPM solvers. */
#ifndef LIQUIDUS_MD_INTERNAL_H
#define LIQUIDUS_MD_INTERNAL_H

#include <stddef.h>

#include "liquidus/md.h"

/** Position of atom i wrapped into [0, L) per axis, and its image flags updated accordingly. */
void lqi_md_wrap(const lq_md_system *sys, size_t i, double x[3], int img[3]);

/**
 * erfc(x) for x >= 0 given exp(-x^2) (which the caller needs anyway for the force): a rational
 * fit in t = 1/(1 + p x), relative error below 1e-13 on [0, 9] (docs/md-engine.md).
 */
double lqi_md_erfc_given_exp(double x, double exp_mx2);

/* ---------------------------------------------------------------- Verlet list (ghost atoms) */
typedef struct lqi_md_nlist {
    size_t n_local; /* owned atoms */
    size_t n_ghost; /* periodic images near the faces */
    size_t cap_ghost;
    size_t *ghost_of;    /* [cap_ghost] owner of each ghost (index into x: sorted order) */
    size_t *perm;        /* [n_local] system atom at sorted position k (cell order) */
    double *ghost_shift; /* [3 cap_ghost] shift vector (multiples of the box) */
    double *x;           /* [3 (n_local + cap_ghost)] positions, owned first */
    int *xtype;          /* [n_local + cap_ghost] */
    size_t *first;       /* [n_local + 1] CSR offsets of neighbours of owned atom i */
    int *neigh;          /* [cap_neigh] neighbour indices (into x) */
    size_t cap_neigh;
    double *x_build; /* [3 n_local] positions at the last build */
    double box_build[3];
    double r_list;          /* cutoff + skin */
    size_t *cell_head_next; /* scratch: [n_cells + n_local + cap_ghost] */
    size_t cap_cells;
    long builds;
} lqi_md_nlist;

/** Builds the list for the system's positions (wrapping positions into the box first). */
lq_status lqi_md_nlist_build(lqi_md_nlist *nl, lq_md_system *sys, double r_list);
/** 1 when some atom moved more than skin/2 since the build or the box changed. */
int lqi_md_nlist_stale(const lqi_md_nlist *nl, const lq_md_system *sys, double skin);
/** Copies current owned positions into nl->x and updates ghost positions. */
void lqi_md_nlist_update(lqi_md_nlist *nl, const lq_md_system *sys);
void lqi_md_nlist_free(lqi_md_nlist *nl);

/* ---------------------------------------------------------------- long-range solvers */
typedef struct lqi_md_ewald lqi_md_ewald;
typedef struct lqi_md_pppm lqi_md_pppm;

/**
 * The Ewald parameters LAMMPS would choose (ewald.cpp: g_ewald from the accuracy and the cutoff,
 * then kmax per axis until the RMS reciprocal force error estimate of Kolafa & Perram,
 * Mol. Simul. 9 (1992) 351, drops below it). accuracy_abs = accuracy * qqr2e (eV/A).
 */
double lqi_md_ewald_g(double accuracy_abs, double q2, size_t n, double cutoff, const double box[3]);

/** q[i] per atom; q2 = qqr2e * sum q^2. */
lq_status lqi_md_ewald_create(const double box[3], size_t n, double q2, double g,
                              double accuracy_abs, const int kmax_in[3], lqi_md_ewald **out);
void lqi_md_ewald_free(lqi_md_ewald *ew);
void lqi_md_ewald_info(const lqi_md_ewald *ew, lq_md_kspace_info *info);
/** Re-derives the k-vectors after a box change (kmax kept). */
lq_status lqi_md_ewald_setup(lqi_md_ewald *ew, const double box[3]);
/** Adds reciprocal forces (eV/A) and returns energy (eV) incl. self and background terms. */
double lqi_md_ewald_compute(lqi_md_ewald *ew, size_t n, const double *x, const double *q, double *f,
                            double virial[6]);

lq_status lqi_md_pppm_create(const double box[3], size_t n, double q2, double cutoff,
                             double accuracy_abs, int order, double g_in, const int mesh_in[3],
                             lqi_md_pppm **out);
void lqi_md_pppm_free(lqi_md_pppm *pm);
void lqi_md_pppm_info(const lqi_md_pppm *pm, lq_md_kspace_info *info);
lq_status lqi_md_pppm_setup(lqi_md_pppm *pm, const double box[3]);
double lqi_md_pppm_compute(lqi_md_pppm *pm, size_t n, const double *x, const double *q, double *f,
                           double virial[6]);

/** Forces a Verlet-list rebuild at the next compute (restart files, see restart.c). */
void lqi_md_forcefield_invalidate(lq_md_forcefield *ff);

#endif /* LIQUIDUS_MD_INTERNAL_H */
