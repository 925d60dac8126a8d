/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibrium solver internals: the phase-model interface, sampled points, hull LP, Newton. */
#ifndef LIQUIDUS_THERMO_EQUIL_INTERNAL_H
#define LIQUIDUS_THERMO_EQUIL_INTERNAL_H

#include <stddef.h>

#include "liquidus/thermo.h"

/*
 * What the solver needs of a set of phase models. lq_eq_ws_alloc fills it from an lq_system;
 * tests fill it with analytic models (e.g. a regular solution) to check the numerics on their own.
 */
typedef struct lqi_eq_model {
    size_t ncomp;
    size_t nphase;
    const lq_phase_info *phases; /* [nphase], valid while the model lives */
    void *ctx;
    lq_status (*set_TP)(void *ctx, double T, double P);
    lq_status (*eval)(void *ctx, size_t phase, const double *y, unsigned what, lq_phase_eval *out);
    /* Optional (NULL: the moles of every phase are linear in y, site_ratio times
     * constituent_comp of phases[]). nonlinear(ctx, p) = 1 marks a phase whose moles per formula
     * unit come from moles (an ionic liquid's site ratios P, Q vary with y): M[ncomp], dM
     * [n * ncomp] (dM_c/dy_k at k * ncomp + c) and d2M [n * n * ncomp] ((k * n + l) * ncomp + c);
     * dM, d2M may be NULL. */
    int (*nonlinear)(void *ctx, size_t phase);
    lq_status (*moles)(void *ctx, size_t phase, const double *y, double *M, double *dM,
                       double *d2M);
} lqi_eq_model;

/** Creates a workspace over a model (copied; its arrays must outlive the workspace). */
lq_status lqi_eq_ws_alloc_model(const lqi_eq_model *m, const lq_eq_options *opt, lq_eq_ws **ws,
                                lq_diag *diag);

/* ---------------------------------------------------------------- per-phase tables */
typedef struct lqi_eq_pinfo {
    size_t nc;               /* constituents */
    size_t nfree;            /* constituents on sublattices with >= 2 constituents */
    size_t *free_idx;        /* [nfree] */
    size_t nmulti;           /* sublattices with >= 2 constituents */
    size_t *multi_sub;       /* [nmulti] sublattice index */
    size_t *free_multi;      /* [nfree] index into multi_sub of each free constituent */
    double *a;               /* [nc * ncomp] d(moles of c per formula)/dy_i (linear phases) */
    int nonlin;              /* 1: moles from lqi_eq_model.moles; the set's dM replaces a */
    double *mbuf;            /* [ncomp] scratch of lqi_eq_composition for such a phase */
    size_t sample0, nsample; /* range of this phase's samples */
    /* smallest admissible moles of atoms per formula unit: half the smallest positive amount of
     * an end member when an end member of vacancies only exists (else 0); see sample.c */
    double atoms_floor;
    /* [nc] site ratio times charge of each constituent, NULL for a phase of neutral ones; a
     * charged phase has one more constraint, sum_i q_i y_i = 0, with its multiplier psi stored
     * after the sublattice multipliers (lam[nmulti]) */
    double *q;
} lqi_eq_pinfo;

/* A composition set being refined. */
typedef struct lqi_eq_set {
    size_t phase;
    double *y; /* [maxc] */
    double N;  /* mol of formula units */
    int fixed_zero;
    /* evaluation cache */
    double G, dGdT, d2GdT2;
    double *dG;    /* [maxc] */
    double *H;     /* [maxc*maxc] */
    double *dGdTy; /* [maxc] */
    double *M;     /* [ncomp] moles of component per formula unit */
    /* phases with nonlinear moles (NULL when the model has none): dM_c/dy_i [maxc * ncomp]
     * (the y-dependent counterpart of pinfo.a) and d2M [maxc * maxc * ncomp]; lqi_eq_eval_set
     * folds -sum_c mu_c d2M_c into H, so that H is the Hessian of the Lagrangian */
    double *dM, *d2M;
    double *lam; /* [maxsub + 1] sublattice multipliers, then psi of a charged phase, J/mol */
    /* state before the last Newton step (for backtracking) */
    double *ysave, *lamsave, Nsave;
} lqi_eq_set;

/*
 * The Newton matrix of lqi_eq_newton at an equilibrium, LU-factored (lqi_eq_warm_lu): J [n * n]
 * and piv [n], as lqi_lu_factor leaves them.
 */
typedef struct lqi_eq_lu {
    size_t n;
    double *J;
    int *piv;
    /* G and dG/dy of each set at its constitution y there, for any parameter values
     * (lqi_thermo_gdrow_*): set k of phase phase[k] at y + yoff[k] has its row at rows + roff[k]
     * and index list at idx + ioff[k]; roff[k] == SIZE_MAX when the phase has none (another model
     * form, a magnetic term). nsets == 0: no rows. */
    size_t nsets;
    size_t *phase, *roff, *ioff, *yoff;
    double *rows, *y;
    int *idx;
} lqi_eq_lu;

/* Free variables of the Newton system (bit flags: T and composition directions may be free
 * together, conditions.c). */
enum { LQI_FREE_NONE = 0, LQI_FREE_T = 1, LQI_FREE_X = 2 };

struct lq_eq_ws {
    lqi_eq_model m;
    lq_eq_options opt;
    /* owned when made from an lq_system */
    const lq_system *sys;
    lq_thermo_ws *tws;
    void (*tws_free)(lq_thermo_ws *);
    lq_phase_info *own_info;
    size_t ncomp, maxc, maxsets;
    lqi_eq_pinfo *pi; /* [nphase] */
    /* samples: site fractions are fixed at creation, energies re-evaluated per (T, P) */
    size_t ns;
    size_t *s_phase; /* [ns] */
    double *s_y;     /* [ns * maxc] */
    double *s_x;     /* [ns * ncomp] mole fractions */
    double *s_atoms; /* [ns] mol atoms per formula */
    double *s_g;     /* [ns] G per mol of atoms at s_T */
    double s_T;      /* temperature of s_g (0: not evaluated) */
    /* made from an lq_system, built at the first evaluation: per phase the precomputed G rows
     * of its samples by column (lqi_thermo_gtab_fill), NULL where the samples are evaluated
     * directly */
    double **s_tab;
    /* after lqi_eq_samples_load (fast_samples.c), the energies of a tabulated phase are updated
     * on first use: while s_stale[p] is set its s_g hold the saved energies s_save, and s_bound[p]
     * bounds |updated - saved| over its samples (sum over the changed terms of |dL_t| times
     * s_cmax[p][t], the largest |F_t| / atoms of its samples); NULL until the first load */
    unsigned char *s_stale;
    double *s_bound;
    double **s_cmax;
    const double *s_save;
    /* binary systems: the saved state also holds a lower hull per bin of LQI_EQ_BIN samples
     * consecutive in s_ord (each phase's samples sorted by x_0, then index; [ns], made with the
     * first save); s_bin0[p] is phase p's first bin [nphase + 1]; s_bok[p] is set while phase p's
     * energies came from s_save with s_bound[p] bounding |current - saved| (lqi_eq_samples_load),
     * s_bstale[b] while bin b holds saved energies (s_stale[p] == 2: some bins updated);
     * s_bmask: the bins a scan visits (scratch) */
    size_t *s_ord, *s_bin0;
    unsigned char *s_bok, *s_bstale, *s_bmask;
    /* extra hull points: refined constitutions from earlier rounds */
    size_t nextra, maxextra;
    size_t *e_phase;
    double *e_y, *e_x, *e_g;
    /* hull LP */
    size_t *basis;  /* [ncomp] point index (>= ns + nextra: artificial) */
    double *lambda; /* [ncomp] */
    double *xtmp;   /* [ncomp] composition scratch */
    struct lqi_lp_ws *lp;
    double *art_x, *art_g; /* [ncomp*ncomp] identity, [ncomp]: the artificial hull points */
    /* column generation of the hull (hull.c): candidate samples copied out of s_x / s_g */
    size_t ncand, maxcand;
    size_t *c_idx;     /* [maxcand] sample index */
    double *c_x, *c_g; /* [maxcand * ncomp], [maxcand] */
    double *c_red;     /* [LQI_EQ_CG_ADD * ncomp] most negative reduced costs of a pass */
    size_t *c_new;     /* [LQI_EQ_CG_ADD * ncomp] their sample indices */
    double *hmu;       /* [ncomp] hull chemical potentials */
    /* Newton */
    lqi_eq_set *sets; /* [maxsets] */
    size_t nsets;
    double *mu; /* [ncomp] J/mol */
    double *x0; /* [ncomp] overall composition */
    size_t maxsub;
    double *musave;          /* [ncomp] */
    size_t nmax;             /* max size of the Newton system */
    double *J, *r, *dx, *rs; /* [nmax*nmax], [nmax], [nmax], [nmax] */
    int *jpiv;               /* [nmax] LU pivots */
    size_t *jidx;            /* [nmax] index scratch */
    double *ytmp, *ytmp2;    /* [maxc] */
    double *gtmp, *htmp;     /* [maxc], [maxc*maxc] evaluation scratch */
    double *mutmp;           /* [ncomp] */
    /* gauge (docs/equilibrium.md, "Gauge"): when the compositions of every phase span only a
     * subspace of dimension ncomp - ngauge, gV [ngauge * ncomp] holds an orthonormal basis of its
     * complement (rows) and gB [ncomp * (ncomp - ngauge)] one of the span (columns); Newton then
     * solves the mass balance projected on gB and gV.mu = 0. ngauge = 0 (all NULL) otherwise. */
    size_t ngauge;
    double *gV, *gB;
    double *gscr;      /* [ncomp * nmax] full mass-balance rows before the projection */
    size_t viol_phase; /* phase and constitution found below the hyperplane */
    double *viol_y;    /* [maxc] */
    int free_kind;     /* LQI_FREE_* flags */
    size_t free_comp, dep_comp;
    /* with LQI_FREE_X: nfx unknowns v_j that move the overall composition, x0 = x0save + sum_j
     * dv_j fx_dir[j * ncomp + .] (each row sums to 0); lq_eq_solve_x has one, e_free - e_dep */
    size_t nfx;
    double *fx_dir; /* [ncomp * ncomp] */
    double *x0save; /* [ncomp] */
    /* potential conditions (conditions.c): nmurow rows (mu_c - mu_val) / RT - mu_lna = 0 for
     * c = mu_comp[i] (a fixed chemical potential, or an activity: mu_val the reference's G at T
     * or 0 for SER, mu_lna = ln a) */
    size_t nmurow;
    size_t *mu_comp;         /* [ncomp] */
    double *mu_val, *mu_lna; /* [ncomp] */
    double T;
    int iters;
    int rounds;
    /* factors for the first step of the next lqi_eq_newton (lqi_eq_solve_warm_lu; NULL: none),
     * cleared by it */
    const lqi_eq_lu *warm_lu;
};

/* sample.c */
lq_status lqi_eq_samples_build(lq_eq_ws *ws);
lq_status lqi_eq_samples_eval(lq_eq_ws *ws, double T);
/* Charge of phase p at y per formula unit (0 for a phase of neutral constituents). */
double lqi_eq_charge(const lq_eq_ws *ws, size_t p, const double *y);
/* Composition (mole fractions) and atoms per formula of phase p at y. */
void lqi_eq_composition(const lq_eq_ws *ws, size_t p, const double *y, double *M, double *x,
                        double *atoms);

/* Columns added per pricing pass of the hull's column generation, per component (hull.c). */
#define LQI_EQ_CG_ADD 8
/* Samples per bin of the global check's binned scan (fast_samples.c, binary systems). */
#define LQI_EQ_BIN 16
/* Passes at most: then the full LP over all samples is solved instead. */
#define LQI_EQ_CG_PASSES 24

/* hull.c: lower convex hull of the samples and extra points (only the extra points when
 * extras_only) at x0; fills basis, lambda, hmu. */
lq_status lqi_eq_hull(lq_eq_ws *ws, const double *x0, int extras_only);

/* Relative pivot threshold of the Newton systems (lqi_lu_factor): with the row and column scaling
 * of docs/equilibrium.md their entries are O(1), so a pivot below 1e-13 of the largest entry means
 * rank deficiency (e.g. more phases than the phase rule allows), not a merely ill-conditioned
 * system. */
#define LQI_EQ_LU_TINY 1e-13

/** Equilibrium like lq_eq_solve, first tried by Newton from `start` (an earlier result of this
 *  workspace; NULL or unusable: lq_eq_solve) and accepted only after the same global check
 *  (equil.c). Same statuses as lq_eq_solve. */
lq_status lqi_eq_solve_warm(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                            const lq_eq_result *start, lq_eq_result *res);

/*
 * lqi_eq_solve_warm whose Newton starts with a chord step (C.T. Kelley, Iterative Methods for
 * Linear and Nonlinear Equations, SIAM 1995, Sec. 5.4) with `lu`, the factored Newton matrix at
 * `start` made by lqi_eq_warm_lu for the same T and x (NULL: as lqi_eq_solve_warm). When only
 * parameters of the energies changed since `start` was solved (the assessment's anchors), that
 * first step is start - J^-1 F(start), the first-order change of the equilibrium with the
 * parameters (implicit-function theorem: d(state) = -J^-1 dF, dF the change of the residuals at
 * the start); chord steps with the same factors follow while each shrinks the residual by 100,
 * then Newton as usual. The convergence test and the global check are those of lqi_eq_solve_warm.
 */
lq_status lqi_eq_solve_warm_lu(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                               const lq_eq_result *start, const lqi_eq_lu *lu, lq_eq_result *res);
/*
 * The factored Newton matrix at `start` (an equilibrium of this workspace at T, x, with the
 * current parameters), for lqi_eq_solve_warm_lu; *lu is allocated (lqi_eq_lu_free). Changes the
 * workspace's sets and potentials, not its samples.
 */
lq_status lqi_eq_warm_lu(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                         const lq_eq_result *start, lqi_eq_lu **lu);
void lqi_eq_lu_free(lqi_eq_lu *lu);

/* equil.c, for conditions.c: argument and composition checks of lq_eq_solve (sets ws->x0); the
 * fixed-T, fixed-x0 solve with its global check (rounds); the global check at ws->mu (1: a point
 * below, 0: none, -1: *st); the result from ws; the sample of phase p lowest against ws->mu. */
lq_status lqi_eq_check_x(lq_eq_ws *ws, double T, const double *x, size_t ncomp, lq_eq_result *res,
                         lq_diag *diag);
lq_status lqi_eq_solve_fixed(lq_eq_ws *ws, double *resid);
int lqi_eq_global_violation(lq_eq_ws *ws, lq_status *st);
lq_status lqi_eq_fill_result(lq_eq_ws *ws, lq_eq_result *res, double resid);
size_t lqi_eq_best_sample(const lq_eq_ws *ws, size_t p);
/*
 * lq_props_phase_eval without the mixing terms (GM_MIX, HM_MIX, SM_MIX are NaN), for a phase with
 * internal degrees of freedom started from the constitution y0 [n_constituents] when given and
 * usable (e.g. its constitution at nearby parameter values: an assessment's anchor), else, or when
 * that Newton fails, from the nearest sample as lq_props_phase_eval. The result is the same
 * constrained minimum to the solver's tolerance wherever both starts lie in its basin
 * (src/thermo/props/props.c).
 */
lq_status lqi_props_phase_eval_from(lq_eq_ws *ws, size_t phase, double T, const double *x,
                                    size_t ncomp, const double *y0, lq_phase_props *out);

/* newton.c */
/* Refines ws->sets / mu (and T or the free fraction) to convergence. lambda multipliers are
 * initialised inside. Returns LQ_OK, LQ_ENOCONV, LQ_ESINGULAR or a model status. */
lq_status lqi_eq_newton(lq_eq_ws *ws, double *resid);
/* The Jacobian of lqi_eq_newton at the current sets and mu (multipliers initialised as there),
 * factored into *lu (allocated, lqi_eq_lu_free). */
lq_status lqi_eq_newton_factor(lq_eq_ws *ws, lqi_eq_lu **lu);
/* Removes from mu [ncomp] its components along the gauge directions ws->gV (no-op without). */
void lqi_eq_gauge_mu(const lq_eq_ws *ws, double *mu);
lq_status lqi_eq_eval_set(lq_eq_ws *ws, lqi_eq_set *s, unsigned what);
/* Local minimum of G - mu.M of one phase at fixed ws->mu from s->y (driving-force check). */
lq_status lqi_eq_phase_min(lq_eq_ws *ws, lqi_eq_set *s, size_t maxit, double *d);

#endif /* LIQUIDUS_THERMO_EQUIL_INTERNAL_H */
