/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Compound energy formalism: Gibbs energy of a phase with analytic y and T derivatives. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/thermo_internal.h"

/*
 * Gibbs energy per mole of formula units of a phase with sublattices s (site ratios a_s) and
 * site fractions y (compound energy formalism: M. Hillert, J. Alloys Compd. 320 (2001) 161;
 * H.L. Lukas, S.G. Fries, B. Sundman, "Computational Thermodynamics", Cambridge 2007, eqs. 5.12-
 * 5.36; for the Bi-Nd phases this reduces to Eqs. 10-12 of the Nd-Bi seed study):
 *
 *   G = sum_{end members} (prod_s y_{s,i_s}) G_end                          (reference surface)
 *     + R T sum_s a_s sum_i y_{s,i} ln y_{s,i}                              (ideal mixing)
 *     + sum_{interactions} (prod y) sum_v L_v (y_i - y_j)^v                 (Redlich-Kister)
 *     + y_i y_j y_k (v_i L_i + v_j L_j + v_k L_k), v = y + (1 - y_i - y_j - y_k)/3  (Muggianu)
 *     + G_mag                                                              (Inden-Hillert-Jarl,
 *                                                                           magnetic.c)
 *
 * Every parameter is one term "value x product of factors" (system.c). With F = prod_m f_m and
 * f_m = l_m^e_m, l_m linear in y, the derivatives are
 *   dF/dy_a      = sum_m P_m f_m' c_{m,a},                P_m  = prod_{n != m} f_n,
 *   d2F/dy_a dy_b = sum_{m != n} P_mn f_m' f_n' c_{m,a} c_{n,b} + sum_m P_m f_m'' c_{m,a} c_{m,b},
 * with P_mn the product without m and n, so no division by a vanishing y is ever needed.
 * Site fractions are treated as independent (no sum constraint). The ideal term uses y ln y with
 * y floored at 1e-300 (documented in thermo.h).
 */

#define Y_FLOOR 1e-300
/* constituents of a phase up to which terms_add_gd keeps the gradient in locals */
#define LQI_GD_MAXN 32

lq_status lq_thermo_ws_alloc(const lq_system *sys, lq_thermo_ws **out) {
    if (!sys || !out) return LQ_EINVAL;
    lq_thermo_ws *ws = lqi_calloc(1, sizeof *ws);
    if (!ws) return LQ_ENOMEM;
    ws->sys = sys;
    ws->R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    size_t nf = sys->pool.nfunc ? sys->pool.nfunc : 1;
    size_t m = sys->max_ncons + 1;
    ws->fcache = lqi_malloc_array(nf, sizeof *ws->fcache);
    ws->fgen = lqi_calloc(nf, sizeof *ws->fgen);
    ws->pv = lqi_malloc_array(sys->nslot ? sys->nslot : 1, sizeof *ws->pv);
    ws->scratch = lqi_malloc_array(10 * (1 + m + m * m), sizeof *ws->scratch);
    ws->tpow = lqi_malloc_array((size_t)(sys->kmax - sys->kmin + 1), sizeof *ws->tpow);
    if (!ws->fcache || !ws->fgen || !ws->pv || !ws->scratch || !ws->tpow) {
        lq_thermo_ws_free(ws);
        return LQ_ENOMEM;
    }
    *out = ws;
    return LQ_OK;
}

void lq_thermo_ws_free(lq_thermo_ws *ws) {
    if (!ws) return;
    lqi_free(ws->fcache);
    lqi_free(ws->fgen);
    lqi_free(ws->pv);
    lqi_free(ws->scratch);
    lqi_free(ws->tpow);
    lqi_free(ws->sym_on);
    lqi_free(ws->sym_val);
    lqi_free(ws->tc_dep);
    lqi_free(ws->tc_key);
    lqi_free(ws->tc_val);
    lqi_free(ws);
}

lq_status lq_thermo_ws_set_TP(lq_thermo_ws *ws, double T, double P) {
    if (!ws) return LQ_EINVAL;
    if (!isfinite(T) || !isfinite(P) || !(T > 0.0) || !(P > 0.0)) return LQ_EDOM;
    const lq_system *sys = ws->sys;
    if (ws->set && T == ws->T && P == ws->P) return LQ_OK; /* parameters already at (T, P) */
    ws->set = 0;
    if (++ws->gen == 0) { /* wrapped: reset the generation marks */
        memset(ws->fgen, 0, (sys->pool.nfunc ? sys->pool.nfunc : 1) * sizeof *ws->fgen);
        ws->gen = 1;
    }
    if (lqi_thermo_eval_functions(ws, T, P)) return LQ_EINVAL;
    for (size_t s = 0; s < sys->nslot; s++) {
        ws->pv[s] = ws->fcache[sys->slot_func[s]];
        if (!isfinite(ws->pv[s].v) || !isfinite(ws->pv[s].d) || !isfinite(ws->pv[s].dd))
            return LQ_EDOM;
    }
    ws->T = T;
    ws->P = P;
    ws->set = 1;
    return LQ_OK;
}

static double ipow_u(double x, int e) {
    double r = 1.0;
    for (int k = 0; k < e; k++) r *= x;
    return r;
}

/* The linear form of factor fa: c0 + sum_k c_k y_k, summed left to right. */
static inline double factor_lin(const lq_system *sys, const lqi_factor *fa, const double *y) {
    const int *ix = sys->fidx + fa->k0;
    const double *cf = sys->fcoef + fa->k0;
    double l = fa->c0;
    switch (fa->n) { /* the usual one or two constituents unrolled: the same sums */
        case 1:
            return l + cf[0] * y[ix[0]];
        case 2:
            l += cf[0] * y[ix[0]];
            return l + cf[1] * y[ix[1]];
        default:
            for (int k = 0; k < fa->n; k++) l += cf[k] * y[ix[k]];
            return l;
    }
}

/* Factor values f[m] and first derivatives g1[m] (d f / d l) of a term of nf factors at y, and
 * their product F, multiplied left to right (the order every G path uses, so G is the same bits).
 */
static inline double term_fg(const lq_system *sys, const lqi_factor *fa, int nf, const double *y,
                             double *f, double *g1) {
    double F = 1.0;
    for (int m = 0; m < nf; m++) {
        double l = factor_lin(sys, fa + m, y);
        int e = fa[m].e;
        if (e == 1) {
            f[m] = l;
            g1[m] = 1.0;
        } else {
            double le2 = ipow_u(l, e - 2);
            f[m] = le2 * l * l;
            g1[m] = (double)e * le2 * l;
        }
        F *= f[m];
    }
    return F;
}

/*
 * G (and its T derivatives) alone: the equilibrium solver's global and split checks evaluate G
 * thousands of times per assessment log-probability (65 % of the calls there), and the general
 * loop below spent most of its time on the derivative bookkeeping of every factor. The same
 * operations in the same order as that loop, so G is the same to the bit.
 */
static void terms_add_g(const lq_thermo_ws *ws, int t0, int t1, const double *y, int dt,
                        lq_phase_eval *acc) {
    const lq_system *sys = ws->sys;
    double G = acc->G, GT = acc->dG_dT, GTT = acc->d2G_dT2;
    for (int t = t0; t < t1; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        double F = 1.0;
        for (int m = 0; m < tm->nf; m++) {
            double l = factor_lin(sys, fa + m, y);
            int e = fa[m].e;
            if (e == 1) {
                F *= l;
            } else {
                double le2 = ipow_u(l, e - 2);
                F *= le2 * l * l;
            }
        }
        const lqi_jet *L = &ws->pv[tm->slot];
        G += L->v * F;
        if (dt) {
            GT += L->d * F;
            GTT += L->dd * F;
        }
    }
    acc->G = G;
    acc->dG_dT = GT;
    acc->d2G_dT2 = GTT;
}

/*
 * G and dG/dy without T derivatives or Hessians (the chord steps of the equilibrium solver, most
 * of its evaluations): the same operations in the same order as the general loop below, so G and
 * dG/dy are the same to the bit; the per-factor second derivatives and the generic product loops
 * are left out, and the gradient is accumulated in locals (no reloads through acc).
 */
static void terms_add_gd(const lq_thermo_ws *ws, int t0, int t1, const double *y, size_t n,
                         lq_phase_eval *acc) {
    const lq_system *sys = ws->sys;
    double dG[LQI_GD_MAXN], G = acc->G;
    for (size_t k = 0; k < n; k++) dG[k] = acc->dG_dy[k];
    for (int t = t0; t < t1; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        const double L = ws->pv[tm->slot].v;
        const int nf = tm->nf;
        double f[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL],
            g1[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL];
        double F = term_fg(sys, fa, nf, y, f, g1);
        G += L * F;
        for (int m = 0; m < nf; m++) {
            double p = 1.0;
            for (int q = 0; q < nf; q++)
                if (q != m) p *= f[q];
            double w = p * g1[m];
            const int *ix = sys->fidx + fa[m].k0;
            const double *cf = sys->fcoef + fa[m].k0;
            for (int k = 0; k < fa[m].n; k++) dG[ix[k]] += L * (w * cf[k]);
        }
    }
    acc->G = G;
    for (size_t k = 0; k < n; k++) acc->dG_dy[k] = dG[k];
}

void lqi_thermo_terms_add(const lq_thermo_ws *ws, int t0, int t1, const double *y, size_t n,
                          unsigned what, lq_phase_eval *acc) {
    const lq_system *sys = ws->sys;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    if (!dy && !dy2) {
        terms_add_g(ws, t0, t1, y, dt, acc);
        return;
    }
    if (!dy2 && !dt && n <= LQI_GD_MAXN) {
        terms_add_gd(ws, t0, t1, y, n, acc);
        return;
    }
    double f[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL], g1[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL],
        g2[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL], pm[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL];
    for (int t = t0; t < t1; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        const lqi_jet L = ws->pv[tm->slot];
        const int nf = tm->nf;
        double F = 1.0;
        for (int m = 0; m < nf; m++) {
            double l = factor_lin(sys, fa + m, y);
            int e = fa[m].e;
            if (e == 1) {
                f[m] = l;
                g1[m] = 1.0;
                g2[m] = 0.0;
            } else {
                double le2 = ipow_u(l, e - 2);
                f[m] = le2 * l * l;
                g1[m] = (double)e * le2 * l;
                g2[m] = (double)e * (double)(e - 1) * le2;
            }
            F *= f[m];
        }
        acc->G += L.v * F;
        if (dt) {
            acc->dG_dT += L.d * F;
            acc->d2G_dT2 += L.dd * F;
        }
        if (!dy && !dy2) continue;
        /* products without factor m */
        for (int m = 0; m < nf; m++) {
            double p = 1.0;
            for (int q = 0; q < nf; q++)
                if (q != m) p *= f[q];
            pm[m] = p;
        }
        if (dy) {
            for (int m = 0; m < nf; m++) {
                double w = pm[m] * g1[m];
                const int *ix = sys->fidx + fa[m].k0;
                const double *cf = sys->fcoef + fa[m].k0;
                for (int k = 0; k < fa[m].n; k++) {
                    double d = w * cf[k];
                    acc->dG_dy[ix[k]] += L.v * d;
                    if (dt) acc->d2G_dTdy[ix[k]] += L.d * d;
                }
            }
        }
        if (dy2) {
            double *H = acc->d2G_dy2;
            for (int m = 0; m < nf; m++) {
                const int *im = sys->fidx + fa[m].k0;
                const double *cm = sys->fcoef + fa[m].k0;
                if (g2[m] != 0.0) {
                    double w = L.v * pm[m] * g2[m];
                    for (int a = 0; a < fa[m].n; a++)
                        for (int b = 0; b < fa[m].n; b++)
                            H[(size_t)im[a] * n + (size_t)im[b]] += w * cm[a] * cm[b];
                }
                /* pairs m < q, added in both orders (the Hessian is symmetric) */
                for (int q = m + 1; q < nf; q++) {
                    double p = 1.0;
                    for (int r = 0; r < nf; r++)
                        if (r != m && r != q) p *= f[r];
                    double w = L.v * p * g1[m] * g1[q];
                    const int *iq = sys->fidx + fa[q].k0;
                    const double *cq = sys->fcoef + fa[q].k0;
                    for (int a = 0; a < fa[m].n; a++)
                        for (int b = 0; b < fa[q].n; b++) {
                            double v = w * cm[a] * cq[b];
                            H[(size_t)im[a] * n + (size_t)iq[b]] += v;
                            H[(size_t)iq[b] * n + (size_t)im[a]] += v;
                        }
                }
            }
        }
    }
}

lq_status lq_phase_evaluate(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                            lq_phase_eval *out) {
    if (!ws || !y || !out || !ws->set || phase >= ws->sys->nph) return LQ_EINVAL;
    const lqi_sphase *ph = &ws->sys->ph[phase];
    const size_t n = ph->ncons;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    if ((dy && !out->dG_dy) || (dy2 && !out->d2G_dy2) || (dt && dy && !out->d2G_dTdy))
        return LQ_EINVAL;
    for (size_t k = 0; k < n; k++)
        if (!(y[k] >= 0.0) || !isfinite(y[k])) return LQ_EDOM;
    return lqi_thermo_models[ph->model].eval(ws, phase, y, what, out);
}

/* S = sum_s a_s sum_i y ln y of phase ph at y (floored at Y_FLOOR; ln 1 taken as exactly 0,
 * which saves the call for compounds); when a and l1 are given, a[k] = a_s of constituent k and
 * l1[k] = ln y_k + 1. The operations and their order are those of lqi_thermo_ideal_add, so rows
 * made from S reproduce lq_phase_evaluate to the bit. */
static inline double ideal_sum(const lq_system *sys, const lqi_sphase *ph, const double *y,
                               double *a, double *l1) {
    const size_t n = ph->ncons, *sub = sys->sub_of + ph->y0;
    double S = 0.0;
    for (size_t k = 0; k < n; k++) {
        double ak = ph->site[sub[k]];
        double yk = y[k] > Y_FLOOR ? y[k] : Y_FLOOR;
        double l = yk == 1.0 ? 0.0 : log(yk);
        S += ak * yk * l;
        if (a) {
            a[k] = ak;
            l1[k] = l + 1.0;
        }
    }
    return S;
}

/* The ideal configurational part R T sum_s a_s sum_i y ln y (y floored at Y_FLOOR; ln 1 taken as
 * exactly 0, which saves the call for compounds) and the derivatives `what` asks for, added to acc
 * (arrays zeroed by the caller). */
void lqi_thermo_ideal_add(const lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                          unsigned what, lq_phase_eval *acc) {
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    const double R = ws->R, RT = R * ws->T; /* R: symbols.c */
    const size_t n = ph->ncons, *sub = ws->sys->sub_of + ph->y0;
    double S = 0.0;
    for (size_t k = 0; k < n; k++) {
        double a = ph->site[sub[k]];
        double yk = y[k] > Y_FLOOR ? y[k] : Y_FLOOR;
        double l = yk == 1.0 ? 0.0 : log(yk);
        S += a * yk * l;
        if (dy) {
            acc->dG_dy[k] += RT * a * (l + 1.0);
            if (dt) acc->d2G_dTdy[k] += R * a * (l + 1.0);
        }
        if (dy2) acc->d2G_dy2[k * n + k] += RT * a / yk;
    }
    acc->G += RT * S;
    if (dt) acc->dG_dT += R * S;
}

lq_status lqi_thermo_cef_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                              lq_phase_eval *out) {
    const lq_system *sys = ws->sys;
    const lqi_sphase *ph = &sys->ph[phase];
    const size_t n = ph->ncons;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    lq_phase_eval acc = {0.0, 0.0, 0.0, out->dG_dy, out->d2G_dy2, out->d2G_dTdy};
    unsigned w = what;
    if (!dy) {
        acc.d2G_dTdy = NULL;
    }
    if (dy) memset(acc.dG_dy, 0, n * sizeof *acc.dG_dy);
    if (dy2) memset(acc.d2G_dy2, 0, n * n * sizeof *acc.d2G_dy2);
    if (dt && dy) memset(acc.d2G_dTdy, 0, n * sizeof *acc.d2G_dTdy);
    lqi_thermo_ideal_add(ws, ph, y, what, &acc);
    lqi_thermo_terms_add(ws, ph->t0[LQI_TERM_G], ph->t1[LQI_TERM_G], y, n, w, &acc);
    if (ph->magnetic && !ws->no_mag) { /* no_mag: symbols.c */
        lq_status st = lqi_thermo_magnetic_add(ws, ph, y, w, &acc);
        if (st) return st;
    }
    if (ph->t1[LQI_TERM_TH] > ph->t0[LQI_TERM_TH]) { /* Einstein, twostate: einstein.c */
        lq_status st = lqi_thermo_einstein_add(ws, ph, y, w, &acc);
        if (st) return st;
    }
    if (ph->t1[LQI_TERM_GD] > ph->t0[LQI_TERM_GD]) {
        lq_status st = lqi_thermo_twostate_add(ws, ph, y, w, &acc);
        if (st) return st;
    }
    if (!isfinite(acc.G)) return LQ_EDOM;
    out->G = acc.G;
    if (dt) {
        out->dG_dT = acc.dG_dT;
        out->d2G_dT2 = acc.d2G_dT2;
    }
    return LQ_OK;
}

/* Atoms per formula unit of a model whose moles are not linear in y: the sum over components. */
static lq_status model_atoms(const lq_system *sys, const lqi_model_ops *mo, size_t phase,
                             const double *y, double *n_atoms, double *dN_dy) {
    const size_t nc = sys->ncomp, n = sys->ph[phase].ncons;
    double *M = lqi_malloc(nc * (n + 1) * sizeof *M);
    if (!M) return LQ_ENOMEM;
    double *dM = M + nc;
    lq_status st = mo->moles(sys, phase, y, M, dN_dy ? dM : NULL, NULL);
    if (st == LQ_OK) {
        double N = 0.0;
        for (size_t c = 0; c < nc; c++) N += M[c];
        *n_atoms = N;
        for (size_t k = 0; dN_dy && k < n; k++) {
            double d = 0.0;
            for (size_t c = 0; c < nc; c++) d += dM[k * nc + c];
            dN_dy[k] = d;
        }
    }
    lqi_free(M);
    return st;
}

lq_status lq_phase_atoms(const lq_system *sys, size_t phase, const double *y, double *n_atoms,
                         double *dN_dy) {
    if (!sys || !y || !n_atoms || phase >= sys->nph) return LQ_EINVAL;
    const lqi_sphase *ph = &sys->ph[phase];
    const lqi_model_ops *mo = &lqi_thermo_models[ph->model];
    if (mo->moles) return model_atoms(sys, mo, phase, y, n_atoms, dN_dy);
    double N = 0.0;
    for (size_t k = 0; k < ph->ncons; k++) {
        size_t g = ph->y0 + k;
        double atoms = 0.0;
        for (size_t c = 0; c < sys->ncomp; c++) atoms += sys->ccomp[g * sys->ncomp + c];
        double w = ph->site[sys->sub_of[g]] * atoms;
        N += w * y[k];
        if (dN_dy) dN_dy[k] = w;
    }
    *n_atoms = N;
    return LQ_OK;
}

lq_status lq_phase_properties(lq_thermo_ws *ws, size_t phase, const double *y, int per_atom,
                              lq_phase_ghsc *out) {
    if (!ws || !y || !out) return LQ_EINVAL;
    lq_phase_eval ev = {0.0, 0.0, 0.0, NULL, NULL, NULL};
    lq_status st = lq_phase_evaluate(ws, phase, y, LQ_EVAL_G | LQ_EVAL_DT, &ev);
    if (st) return st;
    double scale = 1.0;
    if (per_atom) {
        double N;
        st = lq_phase_atoms(ws->sys, phase, y, &N, NULL);
        if (st) return st;
        if (!(N > 0.0)) return LQ_EDOM;
        scale = 1.0 / N;
    }
    const double T = ws->T;
    out->G = ev.G * scale;
    out->S = -ev.dG_dT * scale;
    out->H = (ev.G - T * ev.dG_dT) * scale;
    out->Cp = -T * ev.d2G_dT2 * scale;
    return LQ_OK;
}

/* ---------------------------------------------------------------- precomputed rows */

size_t lqi_thermo_gtab_len(const lq_system *sys, size_t phase) {
    const lqi_sphase *ph = &sys->ph[phase];
    return 1 + (size_t)(ph->t1[LQI_TERM_G] - ph->t0[LQI_TERM_G]);
}

int lqi_thermo_gtab_fill(const lq_system *sys, size_t phase, const double *y, double *row) {
    const lqi_sphase *ph = &sys->ph[phase];
    const size_t n = ph->ncons;
    if (!lqi_thermo_models[ph->model].gtab) return -1;
    for (size_t k = 0; k < n; k++)
        if (!(y[k] >= 0.0) || !isfinite(y[k])) return -1;
    /* the same operations, in the same order, as lq_phase_evaluate and lqi_thermo_terms_add */
    row[0] = ideal_sum(sys, ph, y, NULL, NULL);
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        double F = 1.0;
        for (int m = 0; m < tm->nf; m++) {
            double l = fa[m].c0, f;
            const int *ix = sys->fidx + fa[m].k0;
            const double *cf = sys->fcoef + fa[m].k0;
            for (int k = 0; k < fa[m].n; k++) l += cf[k] * y[ix[k]];
            int e = fa[m].e;
            if (e == 1) {
                f = l;
            } else {
                double le2 = ipow_u(l, e - 2);
                f = le2 * l * l;
            }
            F *= f;
        }
        row[1 + (t - ph->t0[LQI_TERM_G])] = F;
    }
    return 0;
}

/*
 * G along a line y + t e for |t| <= h, for a phase of the precomputed-row form
 * G = R T sum_k a_k y_k ln y_k + sum_t L_t F_t(y): every F_t is a product of linear factors raised
 * to integer powers, so sum_t L_t F_t(y + t e) is a polynomial in t whose coefficients p_k follow
 * by multiplying the factors out; the entropy part is convex with second derivative
 * R T sum_k a_k e_k^2 / y_k(t) >= R T sum_k a_k e_k^2 / min(1, y_k + h |e_k|). Bound of the
 * polynomial's second derivative: 2 p_2 - sum_{k >= 3} k (k - 1) |p_k| h^(k - 2).
 */
#define GLINE_MAXDEG 24

int lqi_thermo_g_line(const lq_thermo_ws *ws, size_t phase, const double *y, const double *e,
                      double h, double *g0, double *g1, double *g2min) {
    if (!lqi_thermo_gtab_usable(ws, phase)) return -1;
    const lq_system *sys = ws->sys;
    const lqi_sphase *ph = &sys->ph[phase];
    const size_t n = ph->ncons, *sub = sys->sub_of + ph->y0;
    const double RT = ws->R * ws->T;
    double S0 = 0.0, S1 = 0.0, S2 = 0.0;
    for (size_t k = 0; k < n; k++) {
        double a = ph->site[sub[k]];
        if (e[k] == 0.0) {
            if (y[k] > Y_FLOOR && y[k] != 1.0) S0 += a * y[k] * log(y[k]);
            continue;
        }
        if (!(y[k] > Y_FLOOR) || !(y[k] <= 1.0)) return -1;
        double l = log(y[k]);
        S0 += a * y[k] * l;
        S1 += a * e[k] * (l + 1.0);
        S2 += a * e[k] * e[k] / fmin(1.0, y[k] + h * fabs(e[k]));
    }
    double P[GLINE_MAXDEG + 1] = {0.0}, q[GLINE_MAXDEG + 1];
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        int deg = 0;
        q[0] = 1.0;
        for (int m = 0; m < tm->nf; m++) {
            const int *ix = sys->fidx + fa[m].k0;
            const double *cf = sys->fcoef + fa[m].k0;
            double l0 = fa[m].c0, d = 0.0;
            for (int k = 0; k < fa[m].n; k++) {
                l0 += cf[k] * y[ix[k]];
                d += cf[k] * e[ix[k]];
            }
            for (int r = 0; r < fa[m].e; r++) { /* q *= (l0 + d t) */
                if (d != 0.0 && deg == GLINE_MAXDEG) return -1;
                if (d != 0.0) q[++deg] = 0.0;
                for (int k = deg; k > 0; k--) q[k] = q[k] * l0 + q[k - 1] * d;
                q[0] *= l0;
            }
        }
        const double L = ws->pv[tm->slot].v;
        for (int k = 0; k <= deg; k++) P[k] += L * q[k];
    }
    double rest = 0.0, hk = h;
    for (int k = 3; k <= GLINE_MAXDEG; k++, hk *= h)
        rest += (double)(k * (k - 1)) * fabs(P[k]) * hk;
    *g0 = RT * S0 + P[0];
    *g1 = RT * S1 + P[1];
    *g2min = RT * S2 + 2.0 * P[2] - rest;
    return isfinite(*g0) && isfinite(*g1) && isfinite(*g2min) ? 0 : -1;
}

int lqi_thermo_gtab_usable(const lq_thermo_ws *ws, size_t phase) {
    if (!ws->set || phase >= ws->sys->nph) return 0;
    const lqi_sphase *ph = &ws->sys->ph[phase];
    return lqi_thermo_models[ph->model].gtab && !(ph->magnetic && !ws->no_mag) &&
           ph->t1[LQI_TERM_TH] == ph->t0[LQI_TERM_TH] && ph->t1[LQI_TERM_GD] == ph->t0[LQI_TERM_GD];
}

double lqi_thermo_gtab_G(const lq_thermo_ws *ws, size_t phase, const double *row) {
    const lqi_sphase *ph = &ws->sys->ph[phase];
    const lqi_term *term = ws->sys->term;
    double G = 0.0;
    G += ws->R * ws->T * row[0];
    const double *F = row + 1 - ph->t0[LQI_TERM_G];
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++)
        G += ws->pv[term[t].slot].v * F[t];
    return G;
}

void lqi_thermo_gtab_G_cols(const lq_thermo_ws *ws, size_t phase, const double *tab, size_t n,
                            double *G) {
    const lqi_sphase *ph = &ws->sys->ph[phase];
    const lqi_term *term = ws->sys->term;
    const double RT = ws->R * ws->T;
    /* point by point the same sum in the same order as lqi_thermo_gtab_G; the loops over points
     * vectorise */
    for (size_t i = 0; i < n; i++) G[i] = 0.0 + RT * tab[i];
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++) {
        const double L = ws->pv[term[t].slot].v;
        const double *F = tab + (size_t)(1 + t - ph->t0[LQI_TERM_G]) * n;
        for (size_t i = 0; i < n; i++) G[i] += L * F[i];
    }
}

/* ------------------------------------------------------------- precomputed gradient rows */

size_t lqi_thermo_gdrow_len(const lq_system *sys, size_t phase, size_t *nidx) {
    const lqi_sphase *ph = &sys->ph[phase];
    size_t nd = 1 + 2 * ph->ncons, ni = 0;
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++) {
        const lqi_term *tm = &sys->term[t];
        nd++;
        for (int m = 0; m < tm->nf; m++) ni += (size_t)sys->fac[tm->f0 + m].n;
    }
    *nidx = ni;
    return nd + ni;
}

int lqi_thermo_gdrow_fill(const lq_system *sys, size_t phase, const double *y, double *row,
                          int *idx) {
    const lqi_sphase *ph = &sys->ph[phase];
    const size_t n = ph->ncons;
    if (!lqi_thermo_models[ph->model].gtab || n > LQI_GD_MAXN) return -1;
    for (size_t k = 0; k < n; k++)
        if (!(y[k] >= 0.0) || !isfinite(y[k])) return -1;
    /* the operations of lqi_thermo_cef_eval's ideal part and of terms_add_gd that depend on y
     * alone, in their order: S, then per constituent a and ln y + 1, then per term F and the
     * factor w c of each gradient contribution */
    row[0] = ideal_sum(sys, ph, y, row + 1, row + 1 + n);
    size_t r = 1 + 2 * n, q = 0;
    double f[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL], g1[LQI_TDB_MAX_FACTORS + LQI_TDB_MAX_SUBL];
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        const int nf = tm->nf;
        double F = term_fg(sys, fa, nf, y, f, g1);
        row[r++] = F;
        for (int m = 0; m < nf; m++) {
            double p = 1.0;
            for (int s = 0; s < nf; s++)
                if (s != m) p *= f[s];
            double w = p * g1[m];
            const int *ix = sys->fidx + fa[m].k0;
            const double *cf = sys->fcoef + fa[m].k0;
            for (int k = 0; k < fa[m].n; k++) {
                row[r++] = w * cf[k];
                idx[q++] = ix[k];
            }
        }
    }
    return 0;
}

int lqi_thermo_gdrow_eval(const lq_thermo_ws *ws, size_t phase, const double *row, const int *idx,
                          double *G, double *dG) {
    if (!lqi_thermo_gtab_usable(ws, phase)) return -1;
    const lq_system *sys = ws->sys;
    const lqi_sphase *ph = &sys->ph[phase];
    const size_t n = ph->ncons;
    const double R = ws->R, T = ws->T, RT = R * T;
    double g = 0.0;
    for (size_t k = 0; k < n; k++) dG[k] = 0.0 + RT * row[1 + k] * row[1 + n + k];
    g += RT * row[0];
    size_t r = 1 + 2 * n, q = 0;
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G]; t++) {
        const lqi_term *tm = &sys->term[t];
        const lqi_factor *fa = sys->fac + tm->f0;
        const double L = ws->pv[tm->slot].v;
        g += L * row[r++];
        for (int m = 0; m < tm->nf; m++)
            for (int k = 0; k < fa[m].n; k++) dG[idx[q++]] += L * row[r++];
    }
    if (!isfinite(g)) return -1;
    *G = g;
    return 0;
}
