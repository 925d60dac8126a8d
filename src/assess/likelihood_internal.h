/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Log-probability internals: the prepared datasets, the systems and the per-thread workspaces. */
#ifndef LIQUIDUS_ASSESS_LIKELIHOOD_INTERNAL_H
#define LIQUIDUS_ASSESS_LIKELIHOOD_INTERNAL_H

#include <stddef.h>

#include "liquidus/assess.h"
#include "liquidus/thermo.h"

/* Smallest mole fraction handed to the equilibrium solver, which needs every x > 0: ESPEI's data
 * give x = 0 for pure ends (activity reference states, pure-element vertices). The chemical
 * potentials change by about R T x_floor there, far below the 500-1000 J/mol deviations. */
#define LQI_X_FLOOR 1e-12

/* One system: components (sorted, upper case) and optionally a phase list (NULL: every phase
 * that can exist with them), with the indices of the fitted symbols in it. */
typedef struct lqi_sysdef {
    size_t ncomp;
    char **comp;
    size_t nph; /* 0: every phase */
    char **ph;
    lq_system *sys;
    size_t *sym; /* [n_params] */
    /* per phase, built when a ZPF vertex of unknown composition needs it: start points of the
     * driving-force maximisation, nsamp[p] site-fraction vectors of the phase */
    size_t nphase;
    double **samp;
    size_t *nsamp;
    /* per phase with samples: their precomputed G rows (lqi_thermo_gtab_fill), nsamp[p] rows of
     * tablen[p] doubles; NULL where a point cannot be tabulated (evaluated directly then) */
    double **tab;
    size_t *tablen;
    /* per phase with samples: for each point, the moles of each component per formula unit and
     * their sum, nsamp[p] rows of (ncomp of the system + 1) doubles (df_max's mu . x and N),
     * then the same by columns with 1/N (NaN where N <= 0) in place of N, then per component 1
     * when a point holds it, else 0 (df_max_pruned) */
    double **pmol;
    /* per phase with rows: for each G term t, the largest |F_t| / N over its points (N: atoms per
     * formula unit), which bounds how far a parameter change moves a point's driving force */
    double **cmax;
} lqi_sysdef;

/* Workspaces of one thread: per system an equilibrium workspace (with its own thermodynamic
 * workspace), a thermodynamic workspace for single-phase evaluations, and a result. */
typedef struct lqi_slot {
    lq_eq_ws **eq;
    lq_thermo_ws **tws;
    lq_eq_result **res;
    double *buf;  /* scratch, LQI_SLOT_BUF doubles */
    double *dsum; /* [n datasets] ZPF sums of one evaluation */
    /* one evaluation's values: rv [nzreg] of each ZPF region (ctx->zreg order), dv [n datasets]
     * of each other dataset; filled by this slot, or by every thread of an evaluation shared
     * among the slots (lq_assess_lnprob), then summed in a fixed order */
    double *rv, *dv;
    /* per ZPF vertex and activity point (ctx->voff): the equilibrium of the current evaluation
     * (warm, warm_ok), and the anchor it is warm-started from (lqi_eq_solve_warm): the equilibria
     * at the anchor point (ctx->anchor_at: the start parameters unless lq_assess_ctx_set_anchor
     * moved it; "the start parameters" below means that point), solved globally once per slot on
     * its first evaluation. Starting from a fixed anchor, not from the previous evaluation, keeps
     * lnprob a function of theta and the anchor point alone: the same value whatever thread,
     * rank or history evaluates it, so sampler traces are reproducible bit for bit. */
    lq_eq_result **warm;
    unsigned char *warm_ok;
    lq_eq_result **anchor;
    unsigned char *anchor_ok;
    int anchored;
    /* per equilibrium (ctx->voff): the solver's factored Newton matrix at its anchor
     * (lqi_eq_warm_lu, recorded by the anchoring evaluation; NULL where it could not be made), so
     * that the first step from the anchor is the first-order change of the equilibrium with the
     * parameters (lqi_eq_solve_warm_lu) */
    struct lqi_eq_lu **anchor_lu;
    /* per ZPF region in ctx->zreg order that starts a run of regions of one system and T: the
     * solver's sampled energies there at the start parameters (lqi_eq_samples_save), saved with
     * the anchors; later evaluations update them for the changed parameters only
     * (lqi_eq_samples_load). NULL elsewhere or when they could not be saved. */
    double **zsave;
    /* per ZPF vertex (ctx->voff) of known composition in a phase with internal degrees of freedom:
     * its constitution minimising G at that composition at the start parameters (iso_stride
     * doubles each, iso_ok[w] set), recorded by the anchoring evaluation; later evaluations start
     * the phase's Newton there (lqi_props_phase_eval_from), a function of theta alone as above */
    double *iso_y;
    unsigned char *iso_ok;
    /* the vertices (ctx->voff) whose equilibria of the current evaluation hold as many phases as
     * components, solved at the system and temperature of the region in hand (hp_sys, hp_T;
     * hp_n of them, in hp_w [nvert]): a later vertex at a composition inside one of their
     * simplices has that equilibrium (likelihood_zpf.c, hyperplane) */
    size_t *hp_w, hp_n, hp_sys;
    double hp_T;
    /* per ZPF vertex (ctx->voff) of unknown composition whose phase has rows: G of the sampled
     * points and the phase's term values L_t at the region's T and the start parameters
     * (recorded by the anchoring evaluation; likelihood_zpf.c, df_max) */
    double **dfsave;
    /* used: the slot has evaluated (lq_assess_ctx_set_anchor makes it afresh); broken: making
     * it afresh failed (out of memory), its evaluations fail */
    int used, broken;
} lqi_slot;

/* Composition x [n components of S] of point i from X_<EL> conditions (value i of each, or
 * value 0 of a single-valued one), the dependent component by balance; -1 unless exactly one
 * component is left out. Shared by the activity and emf likelihoods. */
int lqi_comp_from_conds(const lq_system *S, const lq_dataset_cond *const *conds, size_t ncond,
                        size_t i, double *x);

/* Site fractions y [in->n_constituents] of the pure element `el` in a phase (pycalphad's pure
 * reference: the element on every sublattice that holds it, vacancies elsewhere); -1 when a
 * sublattice holds neither. */
int lqi_pure_y(const lq_phase_info *in, const char *el, double *y);

/* The warm start of equilibrium w of a slot: its anchor when there is one, else none (global). */
static inline const lq_eq_result *lqi_slot_warm_start(const lqi_slot *sl, size_t w) {
    return sl->anchored && sl->anchor_ok[w] ? sl->anchor[w] : NULL;
}

/* Equilibrium w of a slot (system sys, at T, x) into res: warm-started from its anchor with the
 * anchor's factors when the slot has them (lqi_eq_solve_warm_lu, accepted only after the solver's
 * global check), else solved globally; the anchoring evaluation records the factors. */
lq_status lqi_slot_solve(lqi_slot *sl, size_t sys, size_t w, double T, const double *x, size_t nc,
                         lq_eq_result *res);

#define LQI_SLOT_BUF 16384

/* Property of thermochemical data. */
enum { LQI_PROP_H = 0, LQI_PROP_S = 1, LQI_PROP_CP = 2, LQI_PROP_G = 3 };
/* Reference of thermochemical data. */
enum { LQI_REF_NONE = 0, LQI_REF_MIX = 1, LQI_REF_FORM = 2, LQI_REF_STATES = 3 };

/* A dataset prepared for one likelihood. Points are the flattened (P, T, config/x) values. */
typedef struct lqi_prep {
    lq_lnprob_kind kind;
    size_t sys;     /* system used (ACR, ZPF, EQ: the dataset's; NONEQ: the active components') */
    size_t ref_sys; /* ACR: system of the reference state's phases */
    double sigma;   /* standard deviation of every residual */
    size_t phase;   /* NONEQ: phase index in the system */
    int prop, ref;  /* NONEQ, EQ: LQI_PROP_*, LQI_REF_* */
    int no_idmix;   /* NONEQ: "idmix" excluded */
    int no_mag;     /* NONEQ: "mag" excluded */
    size_t comp;    /* ACR: component index in the system */
    size_t npts, stride;
    double *T;   /* [npts] */
    double *val; /* [npts] measured value */
    double *aux; /* [npts * stride]: NONEQ site fractions, ACR/EQ mole fractions */
    double ref_T;
    double *ref_x; /* ACR: [ncomp] reference composition */
    /* EQ with reference_states ("HMR"): per component of the system, its reference phase and
     * fixed temperature (NaN: the point's T); the phases are evaluated in ref_sys */
    const char **rs_phase;
    double *rs_T;
    /* ZPF: regions [nreg] with vertices [reg_v0[r], reg_v0[r] + reg_nv[r]) */
    size_t nreg, nvert;
    double *reg_T;
    size_t *reg_v0, *reg_nv;
    size_t *v_phase; /* [nvert] phase index; SIZE_MAX for __HYPERPLANE__ */
    int *v_flag;     /* [nvert] LQI_V_* bits */
    double *v_x;     /* [nvert * stride] mole fractions, NaN when unknown */
    /* EMF (likelihood_emf.c): n F, the reference electrode's phi = a + b T, the element's
     * reference phase (evaluated pure in ref_sys) */
    double emf_nF, emf_a, emf_b;
    const char *emf_ref_phase;
} lqi_prep;

enum { LQI_V_MISSING = 1, LQI_V_DISORDERED = 2, LQI_V_HYPER = 4 };

/* A ZPF region in the evaluation order. */
typedef struct lqi_zreg {
    size_t d, r, sys;
    double T;
} lqi_zreg;

struct lq_assess_ctx {
    size_t np;
    char **pname;
    double *start;
    /* [np] the point the slots' anchors are solved at: start, or where lq_assess_ctx_set_anchor
     * moved it (lnprob is a function of theta and this point alone) */
    double *anchor_at;
    lq_prior_spec *prior; /* [np] */
    double w_zpf, w_acr, w_hm, w_sm, w_cpm, w_emf;
    lq_eq_options eq;
    double R;     /* gas constant of the models and the activity target */
    size_t ncomp; /* active components */
    char **comp;
    size_t nsys, cap_sys;
    lqi_sysdef *sys;
    size_t nslot;
    lqi_slot *slot;
    const lq_dataset_set *data; /* read while the context is made (the datasets outlive it) */
    size_t ndata;               /* datasets in it then */
    lqi_prep *prep;             /* [data->n] */
    char (*ser)[64]; /* [ncomp] reference phase of each active element (ELEMENT statement) */
    /* every ZPF region of every dataset, ordered by system and T so that equilibria at one T
     * follow each other (the solver's sampled energies are evaluated once per T) */
    size_t nzreg;
    struct lqi_zreg *zreg; /* [nzreg] */
    /* the runs of regions of one system and T (the within-evaluation reuse groups, see
     * lqi_slot.hp_w): group g is zreg [gstart[g], gstart[g + 1]) */
    size_t ngroup;
    size_t *gstart;
    /* [ndata] index of a dataset's first warm-started equilibrium: ZPF vertices, activity
     * reference + points */
    size_t *voff;
    size_t iso_stride; /* largest constituent count of a phase of any system (lqi_slot.iso_y) */
    size_t nvert;      /* warm-started equilibria of all datasets */
};

/** Gaussian log-density ln N(r; 0, s), scipy.stats.norm.logpdf. */
double lqi_norm_logpdf(double r, double s);

/** Index of the system with these components and phases, created when new (likelihood.c). */
lq_status lqi_ctx_system(lq_assess_ctx *ctx, const lq_db *db, char *const *comp, size_t ncomp,
                         char *const *ph, size_t nph, size_t *index, lq_diag *diag);

/* Preparation and evaluation of each likelihood; eval returns the sum of log-densities (-inf on
 * a failed calculation) and the number of residuals. */
lq_status lqi_noneq_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                            lq_diag *diag);
double lqi_noneq_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr);
lq_status lqi_acr_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                          lq_diag *diag);
double lqi_acr_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr);
lq_status lqi_zpf_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                          lq_diag *diag);
/* One ZPF region's sum of log-densities (-inf when a driving force is not finite). */
double lqi_zpf_region(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t r);
/* The largest mu . x - GM over the points at which pycalphad samples the phase (ESPEI's
 * unknown-composition vertex; likelihood_zpf.c): from the points' energies recorded at other
 * parameters (save, which *rec of an earlier call recorded) or over every point (save NULL;
 * records them into *rec when rec is given and *rec is NULL). buf: LQI_SLOT_BUF doubles. */
double lqi_zpf_df_max(const lqi_sysdef *d, lq_thermo_ws *tws, size_t phase, const double *mu,
                      double *buf, const double *save, double **rec);
lq_status lqi_emf_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                          lq_diag *diag);
double lqi_emf_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr);
lq_status lqi_eqprop_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds,
                             lqi_prep *pr, lq_diag *diag);
double lqi_eqprop_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr);

/** Property (per mole of atoms) of a phase at fixed site fractions y, with ESPEI/pycalphad's
 *  _MIX (against the end members' surface) or _FORM (against the pure elements in their
 *  reference phases) (likelihood_thermo.c). NaN on failure. */
double lqi_phase_property(const lq_assess_ctx *ctx, lqi_slot *sl, size_t sys, size_t phase,
                          double T, const double *y, int prop, int ref, int no_idmix);

/** Allocates a preparation's T, val and aux (n points of `stride`). LQ_OK or LQ_ENOMEM. */
lq_status lqi_prep_points(lqi_prep *pr, size_t n, size_t stride);
/** x floored at LQI_X_FLOOR and renormalised (for the equilibrium solver). */
void lqi_x_floor(const double *x, size_t n, double *out);
/** Sorted dataset components without VA into comp (capacity cap); returns the count. */
size_t lqi_ds_comps(const lq_dataset *ds, char **comp, size_t cap);

/** Finds the element's dataset condition "X_<EL>" index; helpers shared by the preparations. */
const lq_dataset_cond *lqi_ds_cond(const lq_dataset *ds, const char *name);

#endif /* LIQUIDUS_ASSESS_LIKELIHOOD_INTERNAL_H */
