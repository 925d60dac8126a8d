/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal data structures shared by the TDB reader/writer (src/thermo/tdb) and the phase models.
 */
#ifndef LIQUIDUS_THERMO_INTERNAL_H
#define LIQUIDUS_THERMO_INTERNAL_H

#include <stddef.h>

#include "liquidus/status.h"
#include "liquidus/thermo.h"

/* Limits of the reader; inputs beyond them are refused with a message (never truncated). */
#define LQI_TDB_NAME_MAX 64 /* identifiers (elements, species, phases, functions), incl. NUL */
#define LQI_TDB_MAX_SUBL 16 /* sublattices per phase */
#define LQI_TDB_MAX_SPECIES_EL 16 /* distinct elements in one species */
#define LQI_TDB_MAX_DEPTH 200     /* nesting of parentheses/unary operators in an expression */
#define LQI_TDB_MAX_HEIGHT 1000   /* height of an expression tree (bounds recursion) */
#define LQI_TDB_MAX_FACTORS 32    /* factors of one CEF term (site fractions, RK, Muggianu) */

/* ------------------------------------------------------------------ expressions */
/* Value of a quantity and its first two derivatives with respect to T (a "jet"). */
typedef struct lqi_jet {
    double v, d, dd;
} lqi_jet;

typedef enum lqi_xkind {
    LQI_X_NUM, /* constant num */
    LQI_X_T,   /* temperature, K */
    LQI_X_P,   /* pressure, Pa */
    LQI_X_FUN, /* call of function index a (a < 0: unresolved, name in the pool's string) */
    LQI_X_ADD, /* a + b */
    LQI_X_SUB, /* a - b */
    LQI_X_MUL, /* a * b */
    LQI_X_DIV, /* a / b */
    LQI_X_POW, /* a ** b */
    LQI_X_NEG, /* -a */
    LQI_X_LN,  /* ln(a) (TDB LN and LOG are both natural logarithms) */
    LQI_X_EXP, /* exp(a) */
    LQI_X_GEIN /* OpenCalphad's Einstein function of theta = a: 1.5 R a + 3 R T ln(1 - exp(-a/T)) */
} lqi_xkind;

typedef struct lqi_xnode {
    int kind;
    int a, b;   /* children (node indices) or function index */
    int h;      /* height of the subtree */
    double num; /* LQI_X_NUM value */
} lqi_xnode;

/* One temperature range of a piecewise function: expression `root` valid for lo <= T < hi. */
typedef struct lqi_range {
    double lo, hi;
    int root;
} lqi_range;

/*
 * A piecewise function of T and P. Named functions come from FUNCTION statements; every
 * PARAMETER owns an unnamed one. Ranges [range0, range0 + nrange) of the pool's range array.
 */
typedef struct lqi_func {
    char name[LQI_TDB_NAME_MAX]; /* "" for a parameter's expression */
    int range0, nrange;
    long line;                  /* line of the defining statement */
    char ref[LQI_TDB_NAME_MAX]; /* reference id after N, or "" */
    int callee0, ncallee;       /* functions it calls: pool callee[callee0 .. +ncallee) */
} lqi_func;

/*
 * Expression pool: nodes, ranges and functions. The system takes a copy of it, so that it does
 * not depend on the database after creation.
 */
typedef struct lqi_xpool {
    lqi_xnode *node;
    size_t nnode, cap_node;
    lqi_range *range;
    size_t nrange, cap_range;
    lqi_func *func;
    size_t nfunc, cap_func;
    /* names of unresolved function references, kept until resolution (node.b indexes it) */
    char (*unres)[LQI_TDB_NAME_MAX];
    size_t nunres, cap_unres;
    int *callee;
    size_t ncallee, cap_callee;
} lqi_xpool;

/* ------------------------------------------------------------------ database */
typedef struct lqi_element {
    char name[LQI_TDB_NAME_MAX];
    char ref_phase[LQI_TDB_NAME_MAX];
    double mass, h298, s298;
} lqi_element;

typedef struct lqi_species {
    char name[LQI_TDB_NAME_MAX];
    int nel;
    int el[LQI_TDB_MAX_SPECIES_EL]; /* element indices */
    double n[LQI_TDB_MAX_SPECIES_EL];
    double charge;
    int is_element; /* 1: implicit species of an ELEMENT statement */
    long line;
} lqi_species;

typedef struct lqi_typedef {
    char code;
    int magnetic; /* 1: GES A_P_D <phase> MAGNETIC afm p */
    double afm, p;
    char phase[LQI_TDB_NAME_MAX];
    /* order-disorder: 1 GES A_P_D <phase> DISORDERED_PART <dis_phase>, 2 ... NEVER <dis_phase>
     * (the ordered part is not subtracted: a phase that never disorders, e.g. sigma) */
    int dis_part;
    char dis_phase[LQI_TDB_NAME_MAX];
    char *raw; /* whole statement text (written back as is) */
    long line;
} lqi_typedef;

typedef struct lqi_phase {
    char name[LQI_TDB_NAME_MAX];
    char suffix; /* ':G', ':L', ... or 0 */
    char codes[32];
    int nsub;
    double site[LQI_TDB_MAX_SUBL];
    int has_const; /* CONSTITUENT seen */
    int *cons;     /* species indices, sublattice by sublattice */
    char *major;   /* 1 where the constituent carried '%' */
    int ncons[LQI_TDB_MAX_SUBL];
    int magnetic;
    double afm, p;
    int ionic; /* 1: ionic two-sublattice liquid (type Y or named IONIC_LIQ*), model ionic.c */
    long line, const_line;
    struct lqi_mqdb *mq; /* MQMQA data (model/mqmqa_internal.h), owned; NULL for other models */
    struct lqi_ktdb *kt; /* Kohler-Toop excess of a .dat QKTO or SUBM phase (model/kt_internal.h),
                            owned; NULL for other models */
    int dis_part;        /* 0, or the lqi_typedef.dis_part kind linking this ordered phase ... */
    int dis_phase;       /* ... to its disordered part (database phase index) */
} lqi_phase;

typedef enum lqi_pkind {
    LQI_P_G,     /* G and L: Gibbs energy */
    LQI_P_TC,    /* Curie/Neel temperature */
    LQI_P_BMAGN, /* Bohr magneton number */
    LQI_P_NT,    /* Neel temperature of the Xiong magnetic model */
    LQI_P_THETA, /* ln of the Einstein temperature (Einstein low-T model) */
    LQI_P_GD,    /* liquid-amorphous two-state parameter */
    LQI_P_OTHER  /* mobility, volume, ...: kept for writing, not part of G */
} lqi_pkind;

typedef struct lqi_param {
    char type[LQI_TDB_NAME_MAX]; /* as written, upper case: "G", "L", "TC", "BMAGN", "MQ&FE" */
    lqi_pkind kind;
    char phase[LQI_TDB_NAME_MAX]; /* upper case, as written */
    int nsub;
    int *cons; /* species indices; -1 for the wildcard '*' */
    int ncons[LQI_TDB_MAX_SUBL];
    int order;
    int func; /* pool function holding the expression */
    long line;
    int phase_idx; /* resolved phase, or -1 when the parameter cannot be used */
} lqi_param;

typedef struct lqi_ref {
    char id[LQI_TDB_NAME_MAX];
    char *text;
} lqi_ref;

/* Statements kept verbatim for writing (DEFINE_SYSTEM_DEFAULT, DEFAULT_COMMAND, ...). */
typedef struct lqi_rawstmt {
    char *text;
    long line;
} lqi_rawstmt;

struct lq_db {
    char name[LQ_DIAG_FILE_SIZE];
    lqi_xpool pool;
    lqi_element *el;
    size_t nel, cap_el;
    lqi_species *sp;
    size_t nsp, cap_sp;
    lqi_typedef *td;
    size_t ntd, cap_td;
    lqi_phase *ph;
    size_t nph, cap_ph;
    lqi_param *par;
    size_t npar, cap_par;
    lqi_ref *ref;
    size_t nref, cap_ref;
    lqi_rawstmt *raw;
    size_t nraw, cap_raw;
    char **warn;
    size_t nwarn, cap_warn;
    long *unres_line; /* first line that used each unresolved name (parallel to pool.unres) */
    size_t cap_unres_line;
    double tlo_default, thi_default;
};

/* ------------------------------------------------------------------ systems (src/thermo/model) */
/*
 * One factor of a CEF term: (c0 + sum_k c[k] * y[idx[k]])**e with idx, c at [k0, k0 + n) of the
 * system's fidx/fcoef arrays. Site fractions (n = 1, c = 1), Redlich-Kister differences
 * (y_i - y_j)**v (n = 2), Muggianu's v_k = y_k + (1 - y_i - y_j - y_k)/3 (n = 3, c0 = 1/3) and
 * wildcard sums sum_i y_i (n = constituents of the sublattice) all have this form.
 */
typedef struct lqi_factor {
    int n, e;
    int k0;
    double c0;
} lqi_factor;

/* A term: parameter value (slot) times the product of factors [f0, f0 + nf). */
typedef struct lqi_term {
    int slot;
    int f0, nf;
} lqi_term;

enum {
    LQI_TERM_G = 0,
    LQI_TERM_TC = 1,
    LQI_TERM_BM = 2,
    LQI_TERM_NT = 3, /* Neel temperature (Xiong magnetic model) */
    LQI_TERM_TH = 4, /* ln(theta_E) (Einstein model) */
    LQI_TERM_GD = 5, /* two-state liquid */
    LQI_TERM_COUNT
};

typedef struct lqi_sphase {
    char name[LQI_TDB_NAME_MAX];
    int db_index;
    int model;   /* lqi_model_kind: record of lqi_thermo_models[] that evaluates it */
    void *mdata; /* model data owned by the system, freed by the record's free_data */
    int nsub;
    double site[LQI_TDB_MAX_SUBL];
    size_t ncons;
    size_t y0; /* offset of its constituents in the system's constituent arrays */
    int t0[LQI_TERM_COUNT], t1[LQI_TERM_COUNT]; /* term ranges for G, TC, BMAGN, NT, THETA, GD */
    int magnetic;
    double afm, p;
} lqi_sphase;

struct lq_system {
    lqi_xpool pool;
    size_t ncomp;
    char (*comp)[LQI_TDB_NAME_MAX];
    size_t nph;
    lqi_sphase *ph;
    /* ph[nph .. nph + nph_hidden): disordered parts of order-disorder phases, evaluated only
     * through their ordered phase (ordis.c); not phases of the system */
    size_t nph_hidden;
    size_t ncons_total, max_ncons;
    size_t *sub_of;
    char (*cname)[LQI_TDB_NAME_MAX];
    const char **cname_ptr;
    double *ccomp;   /* [ncons_total * ncomp] */
    double *ccharge; /* [ncons_total] charge of each constituent (species /+n, /-n) */
    lqi_term *term;
    size_t nterm;
    lqi_factor *fac;
    size_t nfac;
    int *fidx;     /* factor site-fraction indices (local to the phase) */
    double *fcoef; /* factor coefficients */
    size_t nfc;
    int *slot_func; /* pool function of each parameter slot */
    size_t nslot;
    int *forder; /* functions to evaluate at each (T, P), callees first */
    size_t nforder;
    /* expressions compiled to sums of c T^k, c T^k ln T and c F (tfunc.c); rlin[range] = form
     * index or -1 (then the expression tree is evaluated) */
    int *rlin;
    struct lqi_lform *lf;
    size_t nlf, cap_lf;
    struct lqi_lterm *lt;
    size_t nlt, cap_lt;
    int kmin, kmax; /* range of powers of T needed (derivatives included) */
};

/* A compiled range expression: c0 + sum of terms [t0, t0 + nt). */
typedef struct lqi_lform {
    double c0;
    int t0, nt;
} lqi_lform;
/* c T^k (kind 0), c T^k ln T (kind 1), c F_f (kind 2) */
typedef struct lqi_lterm {
    int kind, k, f;
    double c;
} lqi_lterm;

/* ------------------------------------------------------------------ phase models */
/*
 * Phase models are records in one table (src/thermo/model/models.c), indexed by lqi_sphase.model.
 * lq_phase_evaluate checks its arguments (indices, y >= 0 and finite, output arrays present for
 * `what`) and then calls the record's eval, so a record need not repeat those checks. A new
 * model is a new enum value, a record and its file; nothing else branches on the kind.
 */
typedef enum lqi_model_kind {
    LQI_MODEL_CEF = 0, /* compound energy formalism + IHJ magnetic (cef.c, magnetic.c) */
    LQI_MODEL_ORDIS,   /* partitioned order-disorder: G_dis(x) + G_ord(y) - G_ord(y = x) */
    LQI_MODEL_IONIC,   /* ionic two-sublattice liquid (Hillert-Sundman), site ratios P, Q vary */
    LQI_MODEL_MQMQA,   /* modified quasichemical model, quadruplet approximation */
    LQI_MODEL_QKTO,    /* CEF + Kohler-Toop polynomial excess (ChemSage QKTO, qkto.c) */
    LQI_MODEL_SUBM,    /* ionic liquid + Kohler-Toop/product terms (ChemSage SUBM; SUBI case 12) */
    LQI_MODEL_COUNT
} lqi_model_kind;

typedef struct lqi_model_ops {
    const char *name; /* shown by `liquidus tdb` ("CEF", "order-disorder", ...) */
    /* G and its derivatives per mole of formula units (contract of lq_phase_evaluate) */
    lq_status (*eval)(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                      lq_phase_eval *out);
    /* Moles of each system component per mole of formula units, M[ncomp]; dM (may be NULL)
     * [n * ncomp] row-major dM_c/dy_k; d2M (may be NULL) [n * n * ncomp], d2M_c/dy_k dy_l at
     * (k * n + l) * ncomp + c. NULL record entry: linear in y (site ratios times
     * constituent_comp, as lq_phase_info documents). */
    lq_status (*moles)(const lq_system *sys, size_t phase, const double *y, double *M, double *dM,
                       double *d2M);
    /* 1 when the precomputed G rows (lqi_thermo_gtab_*) describe the phase (CEF only) */
    int gtab;
    /* frees lqi_sphase.mdata (NULL: nothing to free) */
    void (*free_data)(void *mdata);
    /* 1: electrically neutral at every y through its site ratios (the ionic liquids), so the
     * equilibrium adds no neutrality constraint for its charged constituents */
    int neutral;
} lqi_model_ops;

/* The model record a database phase is evaluated with (the choice lq_system_create makes). */
lqi_model_kind lqi_thermo_phase_model(const lqi_phase *ph);

extern const lqi_model_ops lqi_thermo_models[LQI_MODEL_COUNT];

/* ------------------------------------------------------------------ MQMQA (model/mqmqa.c) */
struct lqi_mqdb;
/** Frees a reader's MQMQA record (NULL: nothing). */
void lqi_thermo_mqdb_free(struct lqi_mqdb *mq);
/**
 * Adds db phase pi (with ph->mq set) to the system as sys->ph[sys->nph] (capacity for it
 * reserved by the caller): quadruplets as the constituents of one sublattice, model data, pair
 * and excess functions as slots. *skipped = 1 (and *why) when no quadruplet exists with the
 * components. LQ_OK, LQ_ENOMEM, LQ_EINVAL (missing pair or coordination data), LQ_EUNSUPPORTED.
 */
lq_status lqi_thermo_mqmqa_add_phase(const lq_db *db, int pi, const int *comp_el, lq_system *sys,
                                     size_t *cap_slot, int *skipped, const char **why,
                                     lq_diag *diag);
lq_status lqi_thermo_mqmqa_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                lq_phase_eval *out);
void lqi_thermo_mqmqa_free(void *mdata);

/** OpenCalphad's MQMQA dialect (tdb/tdb_mqmqa.c): the CONSTITUENT text after the phase name of
 * a type-Q phase, and one of its PARAMETERs (array text without the order, function index). */
lq_status lqi_tdb_mqmqa_constituent(lq_db *db, int pi, const char *s, size_t len, long line,
                                    lq_diag *diag);
lq_status lqi_tdb_mqmqa_param(lq_db *db, int pi, const char *type, const char *arr, int order,
                              int func, long line, lq_diag *diag);

/* ------------------------------------------------------------------ ChemSage .dat (dat/) */
/** Reads a ChemSage/FactSage .dat database from a NUL-terminated string (dat_read.c). */
lq_status lqi_dat_read_string(const char *text, const char *name, lq_db **db, lq_diag *diag);

/** The compound-energy-formalism evaluation (cef.c), also a building block of other models. */
lq_status lqi_thermo_cef_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                              lq_phase_eval *out);

/*
 * The ionic two-sublattice liquid (ionic.c). lq_system_create calls setup once the phase's terms
 * are built (sys->nph - 1 is the phase); it checks the constitution (cations : anions, VA,
 * neutrals), orders the anion sublattice's Redlich-Kister differences as Thermo-Calc does and
 * attaches the model data. LQ_OK, LQ_EUNSUPPORTED (diag names the phase), LQ_ENOMEM.
 */
lq_status lqi_thermo_ionic_setup(lq_system *sys, size_t phase, const lq_db *db, lq_diag *diag);
lq_status lqi_thermo_ionic_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                lq_phase_eval *out);
lq_status lqi_thermo_ionic_moles(const lq_system *sys, size_t phase, const double *y, double *M,
                                 double *dM, double *d2M);
void lqi_thermo_ionic_free(void *mdata);
/** The same with the ionic liquid's data given (a model that embeds it: subm.c). */
lq_status lqi_thermo_ionic_eval_data(lq_thermo_ws *ws, size_t phase, const void *data,
                                     const double *y, unsigned what, lq_phase_eval *out);
lq_status lqi_thermo_ionic_moles_data(const lq_system *sys, size_t phase, const void *data,
                                      const double *y, double *M, double *dM, double *d2M);

/* ------------------------------------------------------------------ Kohler-Toop (qkto.c) */
struct lqi_ktdb;
/** Frees a reader's Kohler-Toop record (NULL: nothing). */
void lqi_thermo_ktdb_free(struct lqi_ktdb *kt);
/**
 * Gives phase `phase` of sys (database phase pi, built as CEF or as ionic liquid, ymap: database
 * constituent position -> local index or -1) the Kohler-Toop excess terms of db->ph[pi].kt, their
 * slots, and the LQI_MODEL_QKTO or LQI_MODEL_SUBM record. LQ_OK, LQ_ENOMEM, LQ_EUNSUPPORTED.
 */
lq_status lqi_thermo_kt_setup(const lq_db *db, int pi, lq_system *sys, size_t phase,
                              const int *ymap, size_t *cap_slot, lq_diag *diag);
/** Adds the Kohler-Toop terms of model data mdata (qkto.c) to acc, as `what` asks. */
void lqi_thermo_kt_add(const lq_thermo_ws *ws, const void *mdata, const double *y, size_t n,
                       unsigned what, lq_phase_eval *acc);
/** The ionic liquid's data embedded in a SUBM phase's model data. */
const void *lqi_thermo_kt_ionic(const void *mdata);
void lqi_thermo_kt_free(void *mdata);
lq_status lqi_thermo_qkto_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                               lq_phase_eval *out);
lq_status lqi_thermo_subm_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                               lq_phase_eval *out);
lq_status lqi_thermo_subm_moles(const lq_system *sys, size_t phase, const double *y, double *M,
                                double *dM, double *d2M);
/** The partitioned order-disorder model (ordis.c): record functions. */
lq_status lqi_thermo_ordis_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                lq_phase_eval *out);
void lqi_thermo_ordis_free(void *mdata);
/** Adds database phase db_phase to the system being built (system.c); *skipped = 1 when it
 *  cannot exist with the components. */
typedef lq_status (*lqi_ordis_add_fn)(void *ctx, int db_phase, int *skipped);
/**
 * Links every ordered phase of sys whose database phase has a disordered part (DISORDERED_PART,
 * NEVER) to that part: adds the part when absent (through `add`), moves it behind the system's
 * phases (sys->nph_hidden), and gives the ordered phase the LQI_MODEL_ORDIS record and its data.
 * Called once by lq_system_create after the phases are added. LQ_OK, LQ_EINVAL, LQ_EUNSUPPORTED
 * (sublattices that do not merge into the disordered ones), LQ_ENOMEM.
 */
lq_status lqi_thermo_ordis_setup(const lq_db *db, lq_system *sys, lqi_ordis_add_fn add, void *ctx,
                                 lq_diag *diag);

/**
 * Copies of parameter pa (of database phase pi) under the sublattice symmetry of a four-sublattice
 * order-disorder phase with option F or B (ordis.c): up to 23 distinct permuted constituent
 * arrays into out, their constituents stored in cons (capacity cap_cons ints). Returns the count
 * (0 when the phase has no such option), or (size_t)-1 when cons is too small.
 */
size_t lqi_thermo_ordis_symmetric(const lq_db *db, int pi, const lqi_param *pa, lqi_param *out,
                                  int *cons, size_t cap_cons);

/** Compiles the range expressions of the functions in sys->forder (tfunc.c); LQ_OK/LQ_ENOMEM. */
lq_status lqi_thermo_compile(lq_system *sys);
/** Evaluates sys->forder at (T, P) into ws->fcache (tfunc.c); 0, or -1 (undefined function). */
int lqi_thermo_eval_functions(lq_thermo_ws *ws, double T, double P);

struct lq_thermo_ws {
    const lq_system *sys;
    lqi_jet *fcache;
    unsigned *fgen;
    unsigned gen;
    lqi_jet *pv; /* parameter values at (T, P), by slot */
    double T, P;
    int set;
    double *scratch; /* magnetic, Einstein and two-state terms: 10 blocks of (1 + m + m*m),
                        m = max_ncons + 1 */
    double *tpow;    /* T^k for k = kmin .. kmax */
    /* symbols set by value (symbols.c): sym_on[f] = 1 makes pool function f the constant
     * sym_val[f] at every T; NULL until lq_thermo_ws_set_symbols is first called */
    unsigned char *sym_on;
    double *sym_val;
    /* gas constant of the ideal-mixing and magnetic terms, J/mol/K (CODATA unless changed by
     * lq_thermo_ws_set_gas_constant) */
    double R;
    /* 1: the magnetic contribution is left out (ESPEI's excluded "mag" contribution) */
    int no_mag;
    /* while symbols are set by value (an assessment: the same temperatures at every parameter
     * vector), the values at each (T, P) of the functions no symbol reaches, kept by (T, P)
     * (tfunc.c): tc_dep[f] = 1 for the functions evaluated every time (a symbol, one that calls a
     * symbol, or one evaluated from its expression tree); tc_ok = 0 when the symbols set by value
     * changed since tc_dep was made; tc_key [2 tc_cap] (T, P; T = 0: free) and tc_val [tc_cap x
     * tc_nind] in the order of sys->forder (tc_nval values allocated) */
    unsigned char *tc_dep;
    int tc_ok;
    size_t tc_nind, tc_cap, tc_used, tc_nval;
    double *tc_key;
    lqi_jet *tc_val;
};

/** Adds the Inden-Hillert-Jarl magnetic contribution (src/thermo/model/magnetic.c). */
lq_status lqi_thermo_magnetic_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out);
/** Adds the Einstein contribution of THETA parameters (src/thermo/model/einstein.c). */
lq_status lqi_thermo_einstein_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out);
/** Adds the liquid-amorphous two-state contribution of GD parameters (einstein.c). */
lq_status lqi_thermo_twostate_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out);
/**
 * Adds scale * (Inden-Hillert-Jarl term) from Tc and beta given as jets over (T, y_1..y_n):
 * blocks 0 and 1 of ws->scratch, each value, gradient [m], Hessian [m*m] with m = n + 1 and
 * variable 0 = T (magnetic.c; the order-disorder model partitions Tc and beta before calling it).
 * Negative Tc, beta are divided by afm; blocks 2..7 of size 1 + m + m*m are overwritten.
 */
lq_status lqi_thermo_magnetic_jets_add(lq_thermo_ws *ws, double afm, double p, double scale,
                                       size_t n, unsigned what, lq_phase_eval *out);
/**
 * Adds sum over terms [t0, t1) of parameter value times product of factors to acc (site
 * fractions y[0..n) of one phase): G, and as `what` asks dG/dy, d2G/dy2 (n*n), dG/dT, d2G/dT2,
 * d2G/dTdy. Arrays of acc that `what` asks for must be non-NULL.
 */
void lqi_thermo_terms_add(const lq_thermo_ws *ws, int t0, int t1, const double *y, size_t n,
                          unsigned what, lq_phase_eval *acc);
/** R T sum_s a_s sum_i y ln y of phase ph at site fractions y (floored at 1e-300) and the
 * derivatives `what` asks for, added to acc (cef.c; the CEF and order-disorder records). */
void lqi_thermo_ideal_add(const lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                          unsigned what, lq_phase_eval *acc);

/*
 * Gibbs energy at fixed site fractions from a precomputed row (cef.c): for a phase and a point y
 * the row holds the ideal-mixing sum S = sum_s a_s sum_i y ln y and the product of factors F_t of
 * each G term, none of which depends on T, P or the parameter values; then
 * G = R T S + sum_t L_t(T, P) F_t, evaluated in the same order as lq_phase_evaluate so that the
 * result is the same to the last bit. Used where one set of points is evaluated at many (T, P) or
 * parameter values (the solver's samples, an assessment's sampled constitutions).
 */
/** Length of a row of `phase`: 1 + its number of G terms. */
size_t lqi_thermo_gtab_len(const lq_system *sys, size_t phase);
/** Fills row (lqi_thermo_gtab_len doubles) at y; -1 (row unusable) when y is not a valid point
 *  (negative or non-finite site fraction), else 0. */
int lqi_thermo_gtab_fill(const lq_system *sys, size_t phase, const double *y, double *row);
/** Along y + t e, |t| <= h (e [n constituents] keeping each sublattice's sum), for a phase that
 *  lqi_thermo_gtab_usable accepts: G at t = 0 (*g0), dG/dt at 0 (*g1) and a lower bound of
 *  d2G/dt2 over the interval (*g2min), per formula unit. -1 when not applicable (another model
 *  form, a moving site fraction at 0, or a polynomial of too high a degree). */
int lqi_thermo_g_line(const lq_thermo_ws *ws, size_t phase, const double *y, const double *e,
                      double h, double *g0, double *g1, double *g2min);
/** 1 when rows give this workspace's G of `phase`: (T, P) set and no magnetic term. */
int lqi_thermo_gtab_usable(const lq_thermo_ws *ws, size_t phase);
/** G per formula unit from a row (requires lqi_thermo_gtab_usable); not finite on overflow. */
double lqi_thermo_gtab_G(const lq_thermo_ws *ws, size_t phase, const double *row);
/** G of n points whose rows are stored by column: element k of point i at tab[k * n + i]
 *  (requires lqi_thermo_gtab_usable); each G[i] equals lqi_thermo_gtab_G of its row exactly. */
void lqi_thermo_gtab_G_cols(const lq_thermo_ws *ws, size_t phase, const double *tab, size_t n,
                            double *G);

/*
 * Precomputed gradient rows: G and dG/dy of a phase at one fixed constitution y for any parameter
 * values at the workspace's (T, P), from what depends on y alone (the ideal-mixing sum, each
 * constituent's a_s and ln y + 1, each G term's product F_t and the weights of its gradient
 * contributions), with the same operations in the same order as lq_phase_evaluate with
 * LQ_EVAL_G | LQ_EVAL_DY, so that G and dG/dy are the same to the last bit. Used for the first
 * step of a warm-started equilibrium, whose start constitution is fixed (newton.c).
 */
/** Doubles of a gradient row of `phase`; *nidx receives the ints of its index list. */
size_t lqi_thermo_gdrow_len(const lq_system *sys, size_t phase, size_t *nidx);
/** Fills row and idx at y; -1 (unusable) for another model form or an invalid y, else 0. */
int lqi_thermo_gdrow_fill(const lq_system *sys, size_t phase, const double *y, double *row,
                          int *idx);
/** *G and dG [n constituents] from a row (-1 when lqi_thermo_gtab_usable refuses the phase or G
 *  is not finite; nothing is written to *G then). */
int lqi_thermo_gdrow_eval(const lq_thermo_ws *ws, size_t phase, const double *row, const int *idx,
                          double *G, double *dG);

/* ------------------------------------------------------------------ shared helpers */
/** Grows *arr (element size `sz`) so that it holds at least n+1 elements; 0 or -1 (no memory). */
int lqi_thermo_grow(void **arr, size_t *cap, size_t n, size_t sz);

/** Frees the pool's arrays (the struct itself is the caller's). */
void lqi_thermo_pool_free(lqi_xpool *p);
/** Deep copy of a pool; LQ_OK or LQ_ENOMEM. */
lq_status lqi_thermo_pool_copy(const lqi_xpool *src, lqi_xpool *dst);
/** Appends a node; returns its index or -1 (no memory). */
int lqi_thermo_node_add(lqi_xpool *p, int kind, int a, int b, double num);

/**
 * Parses an arithmetic expression of T and P from s[0..len) into the pool (TDB syntax: numbers,
 * T, P, function names with optional '#', LN/LOG/EXP, + - * / **, unary minus, parentheses).
 * Unknown function names are recorded as unresolved references. Returns the root node, or -1
 * with a message in errbuf.
 */
int lqi_thermo_expr_parse(lqi_xpool *p, const char *s, size_t len, char *errbuf, size_t errsize);

/**
 * Evaluates the jet of expression `root` at (T, P). Function references read fcache[f], which
 * must be valid (fgen[f] == gen): callers evaluate functions in the order given by
 * lqi_thermo_func_order. Returns 0, or -1 for an unresolved or not yet evaluated function (its
 * name in *missing, may be NULL) or an expression that cannot be evaluated.
 */
int lqi_thermo_expr_eval(const lqi_xpool *p, int root, double T, double P, const lqi_jet *fcache,
                         const unsigned *fgen, unsigned gen, lqi_jet *out, const char **missing);
/**
 * Evaluates pool function f at (T, P) (its callees must be in fcache): the range containing T,
 * else the nearest range (extrapolation as pycalphad since its PR #431: below the first range the
 * first expression, above the last range the last one). *extrap (may be NULL) is set to 1 when T is
 * outside all ranges. On success also stores the result in fcache[f] and sets fgen[f] = gen.
 */
int lqi_thermo_func_eval(const lqi_xpool *p, int f, double T, double P, lqi_jet *fcache,
                         unsigned *fgen, unsigned gen, lqi_jet *out, int *extrap,
                         const char **missing);
/** Index (0-based) of the range of function fn used at T (see lqi_thermo_func_eval). */
int lqi_thermo_pick_range(const lqi_xpool *p, const lqi_func *fn, double T, int *extrap);
/**
 * Post-order (callees first) of the functions reachable from roots[0..nroots) into order
 * (capacity pool->nfunc); *norder receives the count. Returns 0, -1 (no memory), or -2 when the
 * functions call each other in a cycle (*cyc receives one function of it).
 */
int lqi_thermo_func_order(const lqi_xpool *p, const int *roots, size_t nroots, int *order,
                          size_t *norder, int *cyc);
/** Fills the callee lists of every function (after resolution); 0 or -1 (no memory). */
int lqi_thermo_pool_callees(lqi_xpool *p);

/** Appends the TDB text of expression `root` to a growing string; 0 or -1 (no memory). */
int lqi_thermo_expr_print(const lqi_xpool *p, int root, char **buf, size_t *len, size_t *cap);

/** Database text formats told apart by lqi_db_sniff_format (format.c). */
enum lqi_db_format { LQI_DB_FORMAT_TDB = 0, LQI_DB_FORMAT_CHEMSAGE_DAT = 1 };
/** Format of a NUL-terminated database text: LQI_DB_FORMAT_CHEMSAGE_DAT for a ChemSage/FactSage
 *  .dat file (title line, line of counts, element names), else LQI_DB_FORMAT_TDB (format.c). */
int lqi_db_sniff_format(const char *text);

/** LQ_OK when the database can be written as TDB; else LQ_EUNSUPPORTED naming the phase or
 *  species that cannot (MQMQA phases, names from .dat files such as "C(S)"). */
lq_status lqi_thermo_db_writable(const lq_db *db, lq_diag *diag);
/** The database as TDB text (allocated with lqi_malloc); 0, or -1 when out of memory. */
int lqi_thermo_db_write_text(const lq_db *db, char **text, size_t *len);

/** Case-insensitive lookup helpers; -1 when absent. */
int lqi_thermo_find_element(const lq_db *db, const char *name);
int lqi_thermo_find_species(const lq_db *db, const char *name);
int lqi_thermo_find_phase(const lq_db *db, const char *name);
int lqi_thermo_find_func(const lq_db *db, const char *name);

#endif /* LIQUIDUS_THERMO_INTERNAL_H */
