/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Molecular dynamics of ionic melts: systems, rigid-ion potentials, Ewald/PPPM, integrators,
 * LAMMPS interchange, trajectory analysis and redox potentials.
 * Units: LAMMPS "metal" units, carried in names: Angstrom (_A), eV (_eV), ps (_ps), amu (_amu),
 * elementary charges (_e), K, bar (_bar). */
#ifndef LIQUIDUS_MD_H
#define LIQUIDUS_MD_H

#include <stddef.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Systems (shared by the engine, the builders, the LAMMPS readers/writers and the analyses)     */
/* ============================================================================================ */

#define LQ_MD_MAX_SPECIES 16
#define LQ_MD_SPECIES_NAME 8

/** One atom or ion type. */
typedef struct lq_md_species {
    char name[LQ_MD_SPECIES_NAME]; /**< e.g. "Na", "Cl", "La" */
    double mass_amu;
    double charge_e; /**< formal charge in elementary charges (0 for a neutral metal atom) */
} lq_md_species;

/**
 * Atoms in an orthorhombic periodic box with its lower corner at the origin. The arrays are owned by
 * the system (lq_md_system_alloc / lq_md_system_free). Positions may lie outside [0, L) (unwrapped);
 * `image` then counts the box crossings when known (all zero otherwise).
 */
typedef struct lq_md_system {
    size_t n_atoms;
    size_t n_species;
    lq_md_species species[LQ_MD_MAX_SPECIES];
    double box_A[3];      /**< edge lengths */
    double *pos_A;        /**< [3 * n_atoms] x, y, z of atom i at 3i..3i+2 */
    double *vel_A_per_ps; /**< [3 * n_atoms] */
    int *type;            /**< [n_atoms] index into species[] */
    long *id;             /**< [n_atoms] 1-based atom ids (LAMMPS convention) */
    int *image;           /**< [3 * n_atoms] periodic image flags */
} lq_md_system;

/**
 * Allocates the arrays of a system of n atoms (zeroed; ids set to 1..n). `sys` itself is the
 * caller's (e.g. on the stack); lq_md_system_free releases only the arrays.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM (then nothing is allocated)
 */
LQ_API lq_status lq_md_system_alloc(lq_md_system *sys, size_t n_atoms);
/** Frees the arrays of a system and zeroes it (NULL is a no-op). */
LQ_API void lq_md_system_free(lq_md_system *sys);

/* ============================================================================================ */
/* Engine: potentials, Coulomb (Ewald, PPPM), neighbour lists, integrators (src/md)              */
/* ============================================================================================ */

/* ============================================================================================ */
/* Builders, LAMMPS interchange, analysis and redox potentials (src/md/io, src/md/analysis)     */
/* ============================================================================================ */

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_MD_H */
