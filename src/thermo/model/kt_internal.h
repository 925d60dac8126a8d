/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Database record of a Kohler-Toop polynomial excess (ChemSage QKTO and SUBM phases). */
#ifndef LIQUIDUS_THERMO_KT_INTERNAL_H
#define LIQUIDUS_THERMO_KT_INTERNAL_H

#include <stddef.h>

#include "thermo/thermo_internal.h"

/*
 * What the .dat reader stores on an lqi_phase (lqi_phase.kt) for the excess Gibbs energy of a
 * QKTO phase (one sublattice of species, "quasichemical Kohler-Toop" polynomial in equivalent
 * fractions) or of a SUBM phase (the two-sublattice ionic liquid (cations)_P (anions)_Q without
 * vacancies and neutrals, whose excess is the same polynomial in charge-equivalent fractions on
 * the mixing sublattice). The model is written out in model/qkto.c. Indices are positions in the
 * database phase's constituent list (lqi_phase.cons): for SUBM the cations 0..ncat-1, then the
 * anions.
 */
enum { LQI_KT_QKTO = 0, LQI_KT_SUBM = 1 };

/*
 * One excess parameter. kind LQI_KT_POLY: n = 2 (binary) or 3 (ternary) constituents of one
 * sublattice. kind LQI_KT_SUBI12 (an ionic liquid's L(Ci,Cj:Va,Bk) term of order e[0] = 0, 1, 2,
 * Thermochimica's case 12): c = {Ci, Cj, Bk}, other = Va (model/qkto.c writes it out).
 */
enum { LQI_KT_POLY = 0, LQI_KT_SUBI12 = 1 };
typedef struct lqi_kt_param {
    int kind;
    int n;
    int c[3];  /* the mixing constituents, in the file's order */
    int e[3];  /* their exponents, as written in the file */
    int other; /* SUBM: the constituent of the other sublattice; -1 for QKTO */
    int func;  /* pool function of the coefficient L(T), J/mol */
    long line;
} lqi_kt_param;

/* An override of the interpolation scheme for the triad t (ChemSage "-n" block): asym is the
 * constituent kept constant (Toop), or -1 for a symmetric (Kohler) triad. */
typedef struct lqi_kt_override {
    int t[3];
    int asym;
} lqi_kt_override;

typedef struct lqi_ktdb {
    int type;   /* LQI_KT_QKTO or LQI_KT_SUBM */
    int n;      /* constituents of the phase */
    int ncat;   /* SUBM: cations (the first sublattice); QKTO: n */
    double *w;  /* [n] QKTO: stoichiometric (equivalence) factor; SUBM: absolute charge */
    int *group; /* [n] chemical group */
    lqi_kt_param *par;
    size_t npar, cap_par;
    lqi_kt_override *ov;
    size_t nov, cap_ov;
} lqi_ktdb;

/** Allocates an empty record for n constituents (w = 1, group 0); NULL when out of memory. */
lqi_ktdb *lqi_thermo_ktdb_alloc(int type, int n, int ncat);

#endif /* LIQUIDUS_THERMO_KT_INTERNAL_H */
