/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Database record of a modified quasichemical (quadruplet) phase, shared by its two readers. */
#ifndef LIQUIDUS_THERMO_MQMQA_INTERNAL_H
#define LIQUIDUS_THERMO_MQMQA_INTERNAL_H

#include "thermo/thermo_internal.h"

/*
 * What a reader (ChemSage .dat SUBG/SUBQ, OpenCalphad TDB phase type Q) stores on an lqi_phase for
 * the MQMQA (A.D. Pelton, P. Chartrand, G. Eriksson, Metall. Mater. Trans. A 32 (2001) 1409;
 * M. Poschmann et al., Calphad 75 (2021) 102341). Indices: cations 0..ncat-1, anions
 * 0..nan-1, pairs (i, k) at i * nan + k. The phase's constituent list (lqi_phase.cons) holds the
 * cation species then the anion species, in this order.
 */
enum { LQI_MQ_SUBG = 0, LQI_MQ_SUBQ = 1 };

/* Coordination numbers given for one quadruplet AB/XY (a <= b, x <= y after reading). */
typedef struct lqi_mq_quad {
    int a, b, x, y;
    double z[4]; /* Z of A, B, X, Y in this quadruplet */
} lqi_mq_quad;

/* One excess parameter of quadruplet AB/XY (Poschmann et al. eqs. 17-26). */
typedef struct lqi_mq_excess {
    int a, b, x, y;
    char code;       /* 'G' (polynomial in chi) or 'Q' (polynomial in xi) */
    int p, q;        /* exponents of the two binary variables */
    int r;           /* exponent of the additional (ternary) constituent's term */
    int m_cat, m_an; /* additional constituent: cation or anion index, -1 when none */
    int func;        /* pool function of the coefficient (J/mol) */
    long line;
} lqi_mq_excess;

typedef struct lqi_mqdb {
    int type; /* LQI_MQ_SUBG or LQI_MQ_SUBQ */
    int ncat, nan;
    double *charge; /* absolute charges, ncat + nan */
    int *group;     /* chemical groups (Kohler/Toop-like choice of the chi variables), ncat + nan */
    int *pair_func; /* pool function of the Gibbs energy of pair (i,k), per mole of the pair's
                     * formula (-1: not given), ncat * nan */
    double *pair_cat; /* cations in the pair's formula (the first "stoichiometry" number) */
    double *zeta;     /* zeta_ik: ratio of coordination numbers for the pair entropy (SUBQ) */
    lqi_mq_quad *quad;
    size_t nquad;
    lqi_mq_excess *ex;
    size_t nex, cap_ex;
} lqi_mqdb;

/** Allocates an empty record for ncat cations and nan anions; NULL when out of memory. */
lqi_mqdb *lqi_thermo_mqdb_alloc(int ncat, int nan);

#endif /* LIQUIDUS_THERMO_MQMQA_INTERNAL_H */
