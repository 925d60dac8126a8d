/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parameter generation internals: unary reference data tables and their evaluation. */
#ifndef LIQUIDUS_ASSESS_PARAMGEN_INTERNAL_H
#define LIQUIDUS_ASSESS_PARAMGEN_INTERNAL_H

#include <stddef.h>

/** One term c * T^p * ln(T)^lg of a CALPHAD temperature polynomial (lg is 0 or 1). */
typedef struct lqi_pg_mono {
    double c;
    int p;
    int lg;
} lqi_pg_mono;

/** One temperature range [lo, hi) of a piecewise function; `ghser` adds GHSER<element>. */
typedef struct lqi_pg_piece {
    double lo, hi;
    size_t n;
    const lqi_pg_mono *t;
    int ghser;
} lqi_pg_piece;

/** A piecewise unary function (zero outside every range, as pycalphad's Piecewise(..., (0, True))).
 */
typedef struct lqi_pg_piecewise {
    size_t n;
    const lqi_pg_piece *pieces;
} lqi_pg_piecewise;

/** Stable-element reference data (SGTE91SER in ESPEI): reference phase, mass, H298-H0, S298. */
typedef struct lqi_pg_ser {
    const char *element;
    const char *phase;
    double mass, h298, s298;
    const lqi_pg_piecewise *ghser; /**< GHSER<EL>, NULL for VA */
} lqi_pg_ser;

/** SER data of `element` in the named reference state ("SGTE91"), or NULL when not tabulated. */
const lqi_pg_ser *lqi_pg_ser_find(const char *ref_state, const char *element);
/** Lattice stability of `element` in `phase` (ESPEI's refdata[(EL, PHASE)]), or NULL. */
const lqi_pg_piecewise *lqi_pg_lattice_find(const char *ref_state, const char *element,
                                            const char *phase);
/** 1 when the reference state name is one liquidus tabulates. */
int lqi_pg_ref_state_known(const char *ref_state);

/** Kinds of property transforms of a Gibbs energy G(T) (ESPEI fitting_steps.py). */
enum { LQI_PG_GM = 0, LQI_PG_HM = 1, LQI_PG_SM = 2, LQI_PG_CPM = 3 };

/** Transformed value of T^p ln(T)^lg: G itself, H = G - T dG/dT, S = -dG/dT, Cp = -T d2G/dT2. */
double lqi_pg_mono_transform(int p, int lg, double T, int kind);
/** Transformed value of a piecewise function at T with every GHSER set to zero. */
double lqi_pg_piecewise_transform(const lqi_pg_piecewise *f, double T, int kind);

/* ------------------------------------------------------------------ the database being built */
#define LQI_PG_MAX_SUBL 8 /* sublattices per phase */
#define LQI_PG_MAX_SP 16  /* constituents per sublattice */

/** Kinds of symbols (ESPEI's dbf.symbols): fitted values, GHSER functions, lattice stabilities. */
enum { LQI_PG_SYM_VALUE = 0, LQI_PG_SYM_GHSER = 1, LQI_PG_SYM_LATTICE = 2 };

typedef struct lqi_pg_symbol {
    char name[72];
    int kind;
    double value;              /**< LQI_PG_SYM_VALUE */
    const lqi_pg_piecewise *f; /**< GHSER or lattice stability */
    char ghser[16];            /**< for a lattice stability: the GHSER name its pieces add */
} lqi_pg_symbol;

/** coef * [symbol] * T^p ln(T)^lg; sym < 0 for no symbol. */
typedef struct lqi_pg_term {
    double coef;
    long sym;
    int p, lg;
} lqi_pg_term;

typedef struct lqi_pg_param {
    size_t phase;
    char type; /**< 'G' or 'L' */
    size_t ns;
    size_t n_sp[LQI_PG_MAX_SUBL];
    const char *sp[LQI_PG_MAX_SUBL][LQI_PG_MAX_SP];
    int order;
    size_t nt;
    lqi_pg_term *t;
} lqi_pg_param;

typedef struct lqi_pg_phase {
    const char *name;
    size_t ns;
    double ratio[LQI_PG_MAX_SUBL];
    size_t nc[LQI_PG_MAX_SUBL];
    const char *c[LQI_PG_MAX_SUBL][LQI_PG_MAX_SP]; /**< active constituents, sorted */
} lqi_pg_phase;

typedef struct lqi_pg_db {
    const char *ref_state;
    size_t n_el;
    char **el; /**< upper-case elements, sorted */
    size_t n_ph;
    lqi_pg_phase *ph; /**< phases in the order they are fitted (alphabetical) */
    size_t n_sym, cap_sym;
    lqi_pg_symbol *sym;
    size_t n_par, cap_par;
    lqi_pg_param *par;
} lqi_pg_db;

/** Writes the database as TDB text (new string in *out, lqi_free it). */
int lqi_pg_db_tdb(const lqi_pg_db *db, char **out);

#endif /* LIQUIDUS_ASSESS_PARAMGEN_INTERNAL_H */
