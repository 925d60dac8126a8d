/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Newton iterations on the Lagrangian of the Gibbs energy (site fractions in log space). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/thermo_internal.h"

/*
 * Unknowns per composition set k: u_i = ln y_i of every constituent on a sublattice with two or
 * more constituents, one multiplier lambda_s per such sublattice, the amount N_k (mol of formula
 * units; absent when the set is held at zero amount). Global unknowns: the chemical potentials
 * mu_c and, in lq_eq_solve_T/_x, T or one overall mole fraction.
 * Equations per set: dG/dy_i - sum_c mu_c a_ic - lambda_s(i) = 0 (stationarity), sum_{i in s} y_i
 * = 1, G - sum_c mu_c M_c = 0 (the set lies on the hyperplane). Global: sum_k N_k M_kc = x0_c.
 * Derivation, scaling and step control: docs/equilibrium.md. Method after M. Hillert, Physica
 * 103B (1981) 31 and B. Sundman, X.-G. Lu, H. Ohtani, Calphad 51 (2015) 125.
 */

/* Site fractions at or below this are pinned (the evaluation floors y at 1e-300). */
#define LQI_Y_PIN 1.0000001e-300

lq_status lqi_eq_eval_set(lq_eq_ws *ws, lqi_eq_set *s, unsigned what) {
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    ev.dG_dy = (what & LQ_EVAL_DY) ? s->dG : NULL;
    ev.d2G_dy2 = (what & LQ_EVAL_DY2) ? s->H : NULL;
    ev.d2G_dTdy = ((what & LQ_EVAL_DT) && (what & LQ_EVAL_DY)) ? s->dGdTy : NULL;
    lq_status st = ws->m.eval(ws->m.ctx, s->phase, s->y, what, &ev);
    if (st != LQ_OK) return st;
    if (!isfinite(ev.G)) return LQ_EDOM;
    s->G = ev.G;
    if (what & LQ_EVAL_DT) {
        s->dGdT = ev.dG_dT;
        s->d2GdT2 = ev.d2G_dT2;
    }
    lqi_eq_composition(ws, s->phase, s->y, s->M, NULL, NULL);
    const lqi_eq_pinfo *pi = &ws->pi[s->phase];
    if (pi->nonlin && (what & (LQ_EVAL_DY | LQ_EVAL_DY2))) {
        /* moles not linear in y: dM replaces pinfo.a in the rows, and the Lagrangian's Hessian
         * is d2G/dy2 - sum_c mu_c d2M_c/dy2 (at the current mu) */
        const size_t n = pi->nc, nc = ws->ncomp;
        st = ws->m.moles(ws->m.ctx, s->phase, s->y, s->M, s->dM, s->d2M);
        if (st != LQ_OK) return st;
        for (size_t k = 0; (what & LQ_EVAL_DY2) && k < n * n; k++) {
            double v = 0.0;
            for (size_t c = 0; c < nc; c++) v += ws->mu[c] * s->d2M[k * nc + c];
            s->H[k] -= v;
        }
    }
    return LQ_OK;
}

/* d(moles per formula unit)/dy of a set: constant for linear phases, the set's dM otherwise. */
static const double *amat(const lq_eq_ws *ws, const lqi_eq_set *s) {
    const lqi_eq_pinfo *pi = &ws->pi[s->phase];
    return pi->nonlin ? s->dM : pi->a;
}

/*
 * Electroneutrality row of a charged set in log site fractions: Q(y) = sum_i q_i y_i written with
 * the sublattice sums as Q = C0 + sum_i (q_i - q_b(s)) y_i, with b(s) the largest constituent of
 * each sublattice with several and C0 = sum_s q_b(s) plus the fixed constituents' charges. Its
 * Jacobian in u = ln y, (q_j - q_b) y_j, is then not nearly a combination of the sublattice-sum
 * rows at a neutral end member with dilute others (the plain form q_j y_j is, to 1e-13, and the
 * Newton system became singular). The row is scaled by its largest entry (or |C0|), which leaves
 * the solution unchanged and makes the convergence test relative to the charges carried by the
 * dilute constituents. coef [nfree] (may be NULL) receives the scaled Jacobian entries; returns the
 * scaled residual.
 */
static double charge_row(const lqi_eq_pinfo *pi, const double *y, double *coef) {
    size_t big[64];
    for (size_t m = 0; m < pi->nmulti && m < 64; m++) big[m] = pi->nc;
    for (size_t a = 0; a < pi->nfree; a++) {
        size_t m = pi->free_multi[a], i = pi->free_idx[a];
        if (m < 64 && (big[m] == pi->nc || y[i] > y[big[m]])) big[m] = i;
    }
    double c0 = 0.0, scale = 0.0, res;
    for (size_t i = 0; i < pi->nc; i++) c0 += pi->q[i] * y[i];
    /* c0 so far is Q itself; split it into the constant and the small part */
    double small = 0.0;
    for (size_t a = 0; a < pi->nfree; a++) {
        size_t i = pi->free_idx[a], m = pi->free_multi[a];
        double c = m < 64 ? (pi->q[i] - pi->q[big[m]]) * y[i] : pi->q[i] * y[i];
        small += c;
        if (coef) coef[a] = c;
        scale = fmax(scale, fabs(c));
    }
    double cst = 0.0;
    for (size_t i = 0; i < pi->nc; i++) {
        int fixed = 1;
        for (size_t a = 0; a < pi->nfree && fixed; a++) fixed = pi->free_idx[a] != i;
        if (fixed) cst += pi->q[i] * y[i];
    }
    for (size_t m = 0; m < pi->nmulti && m < 64; m++)
        if (big[m] < pi->nc) cst += pi->q[big[m]];
    (void)c0;
    res = cst + small;
    scale = fmax(scale, fabs(cst));
    if (!(scale > 0.0)) scale = 1.0;
    if (coef)
        for (size_t a = 0; a < pi->nfree; a++) coef[a] /= scale;
    return res / scale;
}

/* Free composition unknowns (lq_eq_solve_x, conditions.c). */
static size_t n_fx(const lq_eq_ws *ws) { return (ws->free_kind & LQI_FREE_X) ? ws->nfx : 0; }

/* Sizes of the Newton system for the current sets. */
static size_t system_size(const lq_eq_ws *ws, size_t *nrows) {
    size_t nr = 0, ncol = 0;
    for (size_t k = 0; k < ws->nsets; k++) {
        const lqi_eq_pinfo *pi = &ws->pi[ws->sets[k].phase];
        size_t nq = pi->q ? 1 : 0;
        nr += pi->nfree + pi->nmulti + nq + 1;
        ncol += pi->nfree + pi->nmulti + nq + (ws->sets[k].fixed_zero ? 0 : 1);
    }
    nr += ws->ncomp + ws->nmurow;
    ncol += ws->ncomp + ((ws->free_kind & LQI_FREE_T) ? 1 : 0) + n_fx(ws);
    *nrows = nr;
    return ncol;
}

void lqi_eq_gauge_mu(const lq_eq_ws *ws, double *mu) {
    size_t nc = ws->ncomp;
    for (size_t k = 0; k < ws->ngauge; k++) {
        const double *v = ws->gV + k * nc;
        double t = 0.0;
        for (size_t c = 0; c < nc; c++) t += v[c] * mu[c];
        for (size_t c = 0; c < nc; c++) mu[c] -= t * v[c];
    }
}

/*
 * Gauge rows (docs/equilibrium.md, "Gauge"): when every phase's composition lies in a subspace
 * with orthonormal basis gB (ncomp x q, q = ncomp - ngauge), the nc scaled mass-balance rows
 * D r (D = diag(1/x0), r = sum_k N_k M_k - x0 in the span) are replaced by the q rows gB^T D r,
 * zero exactly when r is (gB^T D gB is positive definite), and by the ngauge rows gV.mu / RT = 0,
 * which fix the otherwise free multiples of the gauge directions in mu (the minimum-norm mu).
 */
static void gauge_rows(lq_eq_ws *ws, size_t n, size_t rmb, size_t cmu, double *J, double *r) {
    size_t nc = ws->ncomp, d = ws->ngauge, q = nc - d;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T;
    double *fr = ws->gscr, *fJ = ws->gscr + nc;
    memcpy(fr, r + rmb, nc * sizeof *fr);
    if (J) memcpy(fJ, J + rmb * n, nc * n * sizeof *fJ);
    for (size_t j = 0; j < q; j++) {
        double v = 0.0;
        for (size_t c = 0; c < nc; c++) v += ws->gB[c * q + j] * fr[c];
        r[rmb + j] = v;
        if (!J) continue;
        double *Jr = J + (rmb + j) * n;
        memset(Jr, 0, n * sizeof *Jr);
        for (size_t c = 0; c < nc; c++) {
            double b = ws->gB[c * q + j];
            if (b == 0.0) continue;
            for (size_t i = 0; i < n; i++) Jr[i] += b * fJ[c * n + i];
        }
    }
    for (size_t k = 0; k < d; k++) {
        const double *v = ws->gV + k * nc;
        double t = 0.0;
        for (size_t c = 0; c < nc; c++) t += v[c] * ws->mu[c];
        r[rmb + q + k] = t / RT;
        if (!J) continue;
        double *Jr = J + (rmb + q + k) * n;
        memset(Jr, 0, n * sizeof *Jr);
        for (size_t c = 0; c < nc; c++) Jr[cmu + c] = v[c];
    }
}

/* Builds the scaled residual r (and the Jacobian J when J != NULL). Returns max |r|. */
static double assemble(lq_eq_ws *ws, size_t n, double *J, double *r) {
    size_t nc = ws->ncomp;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T;
    if (J) memset(J, 0, n * n * sizeof *J);
    size_t cmu = 0;
    for (size_t k = 0; k < ws->nsets; k++) {
        const lqi_eq_pinfo *pi = &ws->pi[ws->sets[k].phase];
        cmu += pi->nfree + pi->nmulti + (pi->q ? 1 : 0) + (ws->sets[k].fixed_zero ? 0 : 1);
    }
    size_t cfree = cmu + nc, cfx = cfree + ((ws->free_kind & LQI_FREE_T) ? 1 : 0);
    size_t row = 0, col = 0;
    size_t rmb = n - nc; /* first mass-balance row */
    for (size_t c = 0; c < nc; c++) r[rmb + c] = -ws->x0[c];
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        const double *A = amat(ws, s);
        size_t ncst = pi->nc;
        size_t nq = pi->q ? 1 : 0;
        size_t cu = col, cl = col + pi->nfree, cq = cl + pi->nmulti, cN = cq + nq;
        double psi = nq ? s->lam[pi->nmulti] : 0.0;
        /* stationarity */
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a];
            double v = s->dG[i] - s->lam[pi->free_multi[a]] - (nq ? psi * pi->q[i] : 0.0);
            for (size_t c = 0; c < nc; c++) v -= ws->mu[c] * A[i * nc + c];
            r[row + a] = v / RT;
            if (s->y[i] <= LQI_Y_PIN && v > 0.0) {
                /* at the 1e-300 floor and pushed further down (far below any representable
                 * amount, e.g. at a few kelvin): the constituent is absent; hold u fixed */
                r[row + a] = 0.0;
                if (J) J[(row + a) * n + cu + a] = 1.0;
                continue;
            }
            if (J) {
                double *Jr = J + (row + a) * n;
                for (size_t b = 0; b < pi->nfree; b++) {
                    size_t j = pi->free_idx[b];
                    Jr[cu + b] = s->H[i * ncst + j] * s->y[j] / RT;
                }
                Jr[cl + pi->free_multi[a]] = -1.0;
                if (nq) Jr[cq] = -pi->q[i];
                for (size_t c = 0; c < nc; c++) Jr[cmu + c] = -A[i * nc + c];
                if (ws->free_kind & LQI_FREE_T) Jr[cfree] = ws->T * s->dGdTy[i] / RT;
            }
        }
        /* sublattice sums */
        for (size_t m = 0; m < pi->nmulti; m++) r[row + pi->nfree + m] = -1.0;
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a];
            r[row + pi->nfree + pi->free_multi[a]] += s->y[i];
            if (J) J[(row + pi->nfree + pi->free_multi[a]) * n + cu + a] = s->y[i];
        }
        /* electroneutrality: sum_i q_i y_i = 0 (every constituent, fixed ones included) */
        if (nq) {
            size_t rq = row + pi->nfree + pi->nmulti;
            double *coef = ws->ytmp; /* scratch [maxc] >= nfree */
            r[rq] = charge_row(pi, s->y, coef);
            if (J)
                for (size_t a = 0; a < pi->nfree; a++) J[rq * n + cu + a] = coef[a];
        }
        /* hyperplane */
        size_t rh = row + pi->nfree + pi->nmulti + nq;
        double v = s->G;
        for (size_t c = 0; c < nc; c++) v -= ws->mu[c] * s->M[c];
        r[rh] = v / RT;
        if (J) {
            double *Jr = J + rh * n;
            for (size_t a = 0; a < pi->nfree; a++) {
                size_t i = pi->free_idx[a];
                double d = s->dG[i];
                for (size_t c = 0; c < nc; c++) d -= ws->mu[c] * A[i * nc + c];
                Jr[cu + a] = d * s->y[i] / RT;
            }
            for (size_t c = 0; c < nc; c++) Jr[cmu + c] = -s->M[c];
            if (ws->free_kind & LQI_FREE_T) Jr[cfree] = ws->T * s->dGdT / RT;
        }
        /* mass balance contributions */
        if (!s->fixed_zero) {
            for (size_t c = 0; c < nc; c++) {
                r[rmb + c] += s->N * s->M[c];
                if (J) {
                    double *Jr = J + (rmb + c) * n;
                    Jr[cN] = s->M[c];
                    for (size_t a = 0; a < pi->nfree; a++) {
                        size_t i = pi->free_idx[a];
                        Jr[cu + a] = s->N * A[i * nc + c] * s->y[i];
                    }
                }
            }
        }
        row = rh + 1;
        col = cN + (s->fixed_zero ? 0 : 1);
    }
    for (size_t c = 0; c < nc; c++) {
        double sc = 1.0 / ws->x0[c];
        r[rmb + c] *= sc;
        if (J) {
            double *Jr = J + (rmb + c) * n;
            for (size_t j = 0; j < cmu; j++) Jr[j] *= sc;
            for (size_t j = 0; j < n_fx(ws); j++) Jr[cfx + j] = -sc * ws->fx_dir[j * nc + c];
        }
    }
    /* potential conditions: (mu_c - mu_val) / RT = ln a (docs/equilibrium.md, "Conditions") */
    for (size_t i = 0; i < ws->nmurow; i++) {
        size_t c = ws->mu_comp[i], rr = rmb - ws->nmurow + i;
        double v = (ws->mu[c] - ws->mu_val[i]) / RT;
        r[rr] = v - ws->mu_lna[i];
        if (J) {
            J[rr * n + cmu + c] = 1.0;
            if (ws->free_kind & LQI_FREE_T) J[rr * n + cfree] = -v;
        }
    }
    if (ws->ngauge) gauge_rows(ws, n, rmb, cmu, J, r);
    double rmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(r[i]);
        if (!(a <= rmax)) rmax = a; /* NaN propagates */
    }
    return rmax;
}

/* Cholesky test of the symmetric m x m matrix r (destroyed): 1 when positive definite. The matrix
 * is first scaled to unit diagonal: with dilute constituents its diagonal spans dozens of orders of
 * magnitude (RT / y), and a threshold relative to the largest entry would call a well-conditioned
 * matrix indefinite. */
static int chol_ok(double *r, size_t m) {
    for (size_t i = 0; i < m; i++)
        if (!(r[i * m + i] > 0.0) || !isfinite(r[i * m + i])) return 0;
    /* 1 x 1 (one free direction, e.g. a binary solution): scaled to unit diagonal it is [1], whose
     * factor 1 passes the pivot test below, so the answer is already known (no LAPACK call) */
    if (m == 1) return 1;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            if (i != j) r[i * m + j] /= sqrt(r[i * m + i] * r[j * m + j]);
    for (size_t i = 0; i < m; i++) r[i * m + i] = 1.0;
    /* a pivot below 1e-12 of the unit diagonal counts as not positive definite */
    return lqi_chol_factor(r, m, 1e-12) == LQ_OK;
}

/*
 * Inside a miscibility gap's spinodal a phase's Hessian restricted to the sublattice-sum
 * constraints is not positive definite and plain Newton wanders between the two branches. There
 * the Hessian used in the Jacobian (never the residual, so solutions are unchanged) gets
 * sigma * RT / y_i added on its diagonal, the ideal-mixing curvature, with the smallest sigma of
 * 1e-3 * 4^k that makes the restricted Hessian positive definite (a Levenberg-type modification;
 * Nocedal and Wright, Numerical Optimization, 2nd ed., 2006, Sec. 3.4). Convergence is then
 * linear until the set leaves the spinodal, and quadratic as usual in convex regions.
 */
static void convexify(lq_eq_ws *ws) {
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T;
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        size_t m = pi->nfree - pi->nmulti, nc = pi->nc;
        /* charged phases: the test below ignores electroneutrality, and the Hessian is often
         * indefinite along the charged directions the constraint excludes (e.g. UO2+x); the
         * shift would then make Newton linear for nothing, so these phases are not shifted */
        if (m == 0 || pi->q) continue;
        /* reduced directions e_i - e_big, with big the largest constituent of the sublattice:
         * against a dilute one (RT / y of 1e14 RT) the unit-diagonal scaling of chol_ok would
         * leave every direction nearly parallel and a positive definite matrix would fail */
        size_t *di = ws->jidx, *dj = ws->jidx + m; /* scratch (jidx has nmax >= 2m entries) */
        size_t q = 0;
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t big = pi->nfree; /* the first largest one: ties must pick one per sublattice */
            for (size_t b = 0; b < pi->nfree; b++)
                if (pi->free_multi[b] == pi->free_multi[a] &&
                    (big == pi->nfree || s->y[pi->free_idx[b]] > s->y[pi->free_idx[big]]))
                    big = b;
            if (big == a) continue;
            di[q] = pi->free_idx[a];
            dj[q] = pi->free_idx[big];
            q++;
        }
        double sigma = 0.0;
        for (int attempt = 0; attempt < 40; attempt++) {
            double *r = ws->htmp;
            for (size_t p1 = 0; p1 < m; p1++)
                for (size_t p2 = 0; p2 < m; p2++) {
                    size_t i1 = di[p1], j1 = dj[p1], i2 = di[p2], j2 = dj[p2];
                    double v = s->H[i1 * nc + i2] - s->H[i1 * nc + j2] - s->H[j1 * nc + i2] +
                               s->H[j1 * nc + j2];
                    if (sigma > 0.0) {
                        if (i1 == i2) v += sigma * RT / s->y[i1];
                        if (j1 == j2) v += sigma * RT / s->y[j1];
                        if (i1 == j2) v -= sigma * RT / s->y[i1];
                        if (j1 == i2) v -= sigma * RT / s->y[j1];
                    }
                    r[p1 * m + p2] = v;
                }
            if (chol_ok(r, m)) break;
            sigma = sigma == 0.0 ? 1e-3 : 4.0 * sigma;
        }
        if (sigma > 0.0)
            for (size_t a = 0; a < pi->nfree; a++) {
                size_t i = pi->free_idx[a];
                s->H[i * nc + i] += sigma * RT / s->y[i];
            }
    }
}

static lq_status eval_all(lq_eq_ws *ws) {
    unsigned what = LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DY2;
    if (ws->free_kind & LQI_FREE_T) what |= LQ_EVAL_DT;
    for (size_t k = 0; k < ws->nsets; k++) {
        lq_status st = lqi_eq_eval_set(ws, &ws->sets[k], what);
        if (st != LQ_OK) return st;
    }
    convexify(ws);
    return LQ_OK;
}

/* The Hessians of every set whose G and dG/dy are current (after eval_grad at the same
 * constitutions: a chord step that failed its test); G is evaluated again, to the same bits. */
static lq_status eval_hess(lq_eq_ws *ws) {
    if (ws->free_kind != LQI_FREE_NONE) return eval_all(ws);
    for (size_t k = 0; k < ws->nsets; k++) {
        lq_status st = lqi_eq_eval_set(ws, &ws->sets[k], LQ_EVAL_G | LQ_EVAL_DY2);
        if (st != LQ_OK) return st;
    }
    convexify(ws);
    return LQ_OK;
}

/* Multipliers from the current state: y-weighted mean of dG/dy_i - mu.a_i over each sublattice. */
static void init_lambda(lq_eq_ws *ws) {
    size_t nc = ws->ncomp;
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        const double *A = amat(ws, s);
        for (size_t m = 0; m <= pi->nmulti; m++) s->lam[m] = 0.0; /* psi included */
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a];
            double d = s->dG[i];
            for (size_t c = 0; c < nc; c++) d -= ws->mu[c] * A[i * nc + c];
            s->lam[pi->free_multi[a]] += s->y[i] * d;
        }
        if (!pi->q || pi->nmulti == 0) continue;
        /* charged: d_i = lambda_s(i) + psi q_i fitted by least squares weighted by y_i (one
         * intercept per sublattice, a common slope); psi = 0 would start the stationarity
         * residuals tens of RT away (the charge's potential of an oxide) */
        double *wm = ws->htmp, *dm = wm + pi->nmulti, *qm = dm + pi->nmulti, sxy = 0.0, sxx = 0.0;
        for (size_t m = 0; m < pi->nmulti; m++) wm[m] = dm[m] = qm[m] = 0.0;
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a], m = pi->free_multi[a];
            double d = s->dG[i];
            for (size_t c = 0; c < nc; c++) d -= ws->mu[c] * A[i * nc + c];
            wm[m] += s->y[i];
            dm[m] += s->y[i] * d;
            qm[m] += s->y[i] * pi->q[i];
        }
        for (size_t m = 0; m < pi->nmulti; m++) {
            dm[m] /= wm[m];
            qm[m] /= wm[m];
        }
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a], m = pi->free_multi[a];
            double d = s->dG[i];
            for (size_t c = 0; c < nc; c++) d -= ws->mu[c] * A[i * nc + c];
            sxy += s->y[i] * (d - dm[m]) * (pi->q[i] - qm[m]);
            sxx += s->y[i] * (pi->q[i] - qm[m]) * (pi->q[i] - qm[m]);
        }
        double psi = sxx > 0.0 ? sxy / sxx : 0.0;
        for (size_t m = 0; m < pi->nmulti; m++) s->lam[m] = dm[m] - psi * qm[m];
        s->lam[pi->nmulti] = psi;
    }
}

static void save_state(lq_eq_ws *ws, double *Tsave, double *xsave) {
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        memcpy(s->ysave, s->y, pi->nc * sizeof *s->y);
        memcpy(s->lamsave, s->lam, (pi->nmulti + 1) * sizeof *s->lam);
        s->Nsave = s->N;
    }
    memcpy(ws->musave, ws->mu, ws->ncomp * sizeof *ws->mu);
    *Tsave = ws->T;
    *xsave = 0.0;
    memcpy(ws->x0save, ws->x0, ws->ncomp * sizeof *ws->x0);
}

/* Applies alpha * step (scaled unknowns in ws->dx) from the saved state. */
static lq_status apply_step(lq_eq_ws *ws, double alpha, double Tsave, double xsave) {
    size_t nc = ws->ncomp, col = 0;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * Tsave;
    const double *d = ws->dx;
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        memcpy(s->y, s->ysave, pi->nc * sizeof *s->y);
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a];
            double y = s->ysave[i] * exp(alpha * d[col + a]);
            if (y > 1.0) y = 1.0;
            if (y < 1e-300) y = 1e-300;
            s->y[i] = y;
        }
        col += pi->nfree;
        for (size_t m = 0; m < pi->nmulti; m++) s->lam[m] = s->lamsave[m] + alpha * RT * d[col + m];
        col += pi->nmulti;
        if (pi->q) s->lam[pi->nmulti] = s->lamsave[pi->nmulti] + alpha * RT * d[col++];
        if (!s->fixed_zero) s->N = s->Nsave + alpha * d[col++];
    }
    for (size_t c = 0; c < nc; c++) ws->mu[c] = ws->musave[c] + alpha * RT * d[col + c];
    col += nc;
    (void)xsave;
    if (ws->free_kind & LQI_FREE_T) {
        ws->T = Tsave * (1.0 + alpha * d[col++]);
        lq_status st = ws->m.set_TP(ws->m.ctx, ws->T, ws->opt.P);
        if (st != LQ_OK) return st;
    }
    if (n_fx(ws)) {
        memcpy(ws->x0, ws->x0save, nc * sizeof *ws->x0);
        for (size_t j = 0; j < ws->nfx; j++)
            for (size_t c = 0; c < nc; c++)
                ws->x0[c] += alpha * d[col + j] * ws->fx_dir[j * nc + c];
    }
    return LQ_OK;
}

/* Largest step fraction that keeps y increases below 0.5, y decreases within e^-40, T within
 * 5 % and the free mole fraction inside (0, its sum with the dependent one). */
static double step_limit(const lq_eq_ws *ws, int guard_amounts) {
    double alpha = 1.0;
    size_t col = 0;
    const double *d = ws->dx;
    for (size_t k = 0; k < ws->nsets; k++) {
        const lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        for (size_t a = 0; a < pi->nfree; a++) {
            double du = d[col + a], y = s->y[pi->free_idx[a]];
            if (du > 0.0) {
                double lim = log1p(0.5 / y);
                if (du > lim) alpha = fmin(alpha, lim / du);
            } else if (du < -40.0) {
                alpha = fmin(alpha, -40.0 / du);
            }
        }
        col += pi->nfree + pi->nmulti + (pi->q ? 1 : 0);
        if (!s->fixed_zero) {
            /* in the first steps from a start an amount may at most halve while it is above
             * 1e-6 (of one mole of formula units): a small phase across a gap (e.g. Ni-rich FCC
             * beside L12) is not dropped because a long first step overshot; later (or below)
             * the step may take it negative and the set leaves (lqi_eq_newton), so a phase that
             * must vanish does not hold every step back */
            double dN = d[col];
            if (guard_amounts && s->N > 1e-6 && s->N + dN < 0.0)
                alpha = fmin(alpha, 0.5 * s->N / -dN);
            col++;
        }
    }
    col += ws->ncomp;
    if (ws->free_kind & LQI_FREE_T) {
        if (fabs(d[col]) > 0.05) alpha = fmin(alpha, 0.05 / fabs(d[col]));
        col++;
    }
    /* free composition: no overall mole fraction falls below half its value in one step */
    for (size_t c = 0; c < ws->ncomp && n_fx(ws); c++) {
        double dxc = 0.0, xc = ws->x0[c];
        for (size_t j = 0; j < ws->nfx; j++) dxc += d[col + j] * ws->fx_dir[j * ws->ncomp + c];
        if (dxc < 0.0 && xc + dxc < 0.5 * xc) alpha = fmin(alpha, 0.5 * xc / -dxc);
    }
    return alpha;
}

static void remove_set(lq_eq_ws *ws, size_t k) {
    lqi_eq_set tmp = ws->sets[k];
    ws->sets[k] = ws->sets[ws->nsets - 1];
    ws->sets[ws->nsets - 1] = tmp;
    ws->nsets--;
}

/* G and dG/dy of every set, without the Hessians (a chord iteration of lqi_eq_newton). */
static lq_status eval_grad(lq_eq_ws *ws) {
    unsigned what = LQ_EVAL_G | LQ_EVAL_DY;
    if (ws->free_kind == LQI_FREE_T) what |= LQ_EVAL_DT;
    for (size_t k = 0; k < ws->nsets; k++) {
        lq_status st = lqi_eq_eval_set(ws, &ws->sets[k], what);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/*
 * G and dG/dy of every set at a warm start given factors (lqi_eq_solve_warm_lu): a set still at the
 * constitution the factors were made at takes them from the rows stored with the factors (a dot
 * product per term with the current parameter values, the same bits as the model's evaluation,
 * lqi_thermo_gdrow_*); the others are evaluated as in eval_grad.
 */
static lq_status eval_grad_rows(lq_eq_ws *ws, const lqi_eq_lu *pre) {
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        const lqi_eq_pinfo *pi = &ws->pi[s->phase];
        int done = 0;
        if (k < pre->nsets && pre->phase[k] == s->phase && pre->roff[k] != SIZE_MAX &&
            !pi->nonlin && memcmp(pre->y + pre->yoff[k], s->y, pi->nc * sizeof *s->y) == 0)
            done = lqi_thermo_gdrow_eval(ws->tws, s->phase, pre->rows + pre->roff[k],
                                         pre->idx + pre->ioff[k], &s->G, s->dG) == 0;
        if (done) {
            lqi_eq_composition(ws, s->phase, s->y, s->M, NULL, NULL);
            continue;
        }
        lq_status st = lqi_eq_eval_set(ws, s, LQ_EVAL_G | LQ_EVAL_DY);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/*
 * Chord steps (simplified Newton; C.T. Kelley, Iterative Methods for Linear and Nonlinear
 * Equations, SIAM 1995, Sec. 5.4): once a full step of length 1 was taken from a residual below
 * LQI_EQ_CHORD_R, the next steps reuse that step's LU factors instead of a new Hessian and
 * factorisation. Their error contracts by a factor of the order of the distance walked since the
 * factorisation (of the order of that residual), so they converge nearly as fast as Newton's
 * quadratic steps at a fraction of the cost (no Hessians, no LU). A chord step must shrink the
 * residual by LQI_EQ_CHORD_RATIO, else the Hessians are evaluated where it ended and Newton
 * continues from there as usual (backtracking included). The convergence test is unchanged, so
 * the result meets the same tolerance. A warm start given the factors at its start point
 * (lqi_eq_solve_warm_lu: an equilibrium at other parameter values, the same T and composition)
 * begins with chord steps with those factors, under the same ratio test.
 */
#define LQI_EQ_CHORD_R 1e-2
#define LQI_EQ_CHORD_RATIO 0.1
/* Chord steps with a warm start's factors (made at other parameter values) must shrink the
 * residual by this: a slower contraction (far from the start's parameters) gives way to Newton,
 * whose own chord steps may follow as usual. 1/20: at the assessment's tolerance (1e-8,
 * LQ_ASSESS_EQ_TOL) a first step contracting by 1/50 is followed by two or three more chord steps
 * at less cost than Hessians and a factorisation (1/100 was chosen for 1e-12; 1/20 costs 4 %
 * fewer instructions per Cu-Mg log-probability at +-1 % and +-4 % proposals, 2 % at +-10 %). */
#define LQI_EQ_WARM_RATIO 5e-2
/* Margin of the predicted convergence of warm starts given factors (lqi_eq_newton). */
#define LQI_EQ_PRED_SAFETY 1e-2

lq_status lqi_eq_newton(lq_eq_ws *ws, double *resid) {
    size_t nrows, n, nfact = 0;
    /* stale: the sets were evaluated without Hessians (a chord step led here); nochord: a chord
     * step failed in this solve, so no more are tried */
    int stale = 0, nochord = 0;
    /* factors given for the start (lqi_eq_solve_warm_lu): the first step is a chord step with
     * them, so the start needs neither Hessians nor a factorisation */
    const lqi_eq_lu *pre = ws->warm_lu;
    ws->warm_lu = NULL;
    if (pre && ws->free_kind == LQI_FREE_NONE) {
        n = system_size(ws, &nrows);
        if (n == nrows && n == pre->n && n <= ws->nmax) {
            memcpy(ws->J, pre->J, n * n * sizeof *ws->J);
            memcpy(ws->jpiv, pre->piv, n * sizeof *ws->jpiv);
            nfact = n;
            stale = 1;
        }
    }
    /* prechord: the factors are still those given for the start */
    int prechord = stale;
    lq_status st =
        stale ? (pre->nsets && ws->tws ? eval_grad_rows(ws, pre) : eval_grad(ws)) : eval_all(ws);
    if (st != LQ_OK) return st;
    init_lambda(ws);
    double rprev = HUGE_VAL, alpha = 1.0, Tsave = ws->T, xsave = 0.0;
    int backtracks = 0, have_step = 0, since_start = 0;
    double eps_floor = 64.0 * DBL_EPSILON;
    for (size_t it = 0; it < ws->opt.max_iter; it++) {
        ws->iters++;
        n = system_size(ws, &nrows);
        if (n != nrows || n > ws->nmax) return LQ_ESINGULAR;
        double rmax = assemble(ws, n, stale ? NULL : ws->J, ws->r);
        if (!isfinite(rmax)) {
            if (!have_step || backtracks >= 8) return LQ_ENOCONV;
            rmax = HUGE_VAL;
        }
        /* a set whose amount turned clearly negative in the last step leaves, unless the step
         * also made the residual grow: then it was too long (e.g. from a coarse hull start
         * across a miscibility gap) and is shortened first */
        size_t worst = ws->nsets;
        double nmin = -1e-3;
        for (size_t k = 0; have_step && ws->nsets > 1 && k < ws->nsets; k++)
            if (!ws->sets[k].fixed_zero && ws->sets[k].N < nmin) {
                nmin = ws->sets[k].N;
                worst = k;
            }
        double ratio = prechord ? LQI_EQ_WARM_RATIO : LQI_EQ_CHORD_RATIO;
        if (stale && (worst < ws->nsets || !(rmax <= ratio * rprev))) {
            /* the chord step did not do its job: Hessians here, then as after a Newton step */
            st = eval_hess(ws);
            if (st != LQ_OK) return st;
            stale = 0;
            nochord = !prechord;
            ws->iters--;
            it--;
            continue;
        }
        /* backtrack when the residual grew a lot */
        if (have_step && backtracks < 8 &&
            (rmax > 2.0 * rprev || (worst < ws->nsets && !(rmax < rprev)))) {
            alpha *= 0.5;
            backtracks++;
            st = apply_step(ws, alpha, Tsave, xsave);
            if (st == LQ_OK) st = eval_all(ws);
            if (st != LQ_OK) return st;
            continue;
        }
        backtracks = 0;
        if (worst < ws->nsets) {
            remove_set(ws, worst); /* the other sets' evaluations stay valid */
            have_step = 0;
            rprev = HUGE_VAL;
            continue;
        }
        /* convergence: tolerance, floored by the rounding of the energies involved */
        double scale = 0.0, RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T;
        for (size_t k = 0; k < ws->nsets; k++) scale = fmax(scale, fabs(ws->sets[k].G) / RT);
        for (size_t c = 0; c < ws->ncomp; c++) scale = fmax(scale, fabs(ws->mu[c]) / RT);
        double tol = fmax(ws->opt.tol, eps_floor * (1.0 + scale));
        if (rmax <= tol) {
            /* a set with a negative amount leaves; the others are re-converged */
            nmin = -1e-12;
            for (size_t k = 0; k < ws->nsets; k++)
                if (!ws->sets[k].fixed_zero && ws->sets[k].N < nmin) {
                    nmin = ws->sets[k].N;
                    worst = k;
                }
            if (worst == ws->nsets) {
                if (resid) *resid = rmax;
                return LQ_OK;
            }
            if (ws->nsets <= 1) return LQ_ENOCONV;
            remove_set(ws, worst);
            have_step = 0;
            rprev = HUGE_VAL;
            continue;
        }
        int chord = stale && n == nfact;
        /* predicted convergence (a warm start given factors only): a chord step after the first
         * that shrank the residual from rprev to rmax predicts about rmax^2 / rprev after the
         * next one (linear contraction); when that is below tol / 100 the next step is taken and
         * the solve ends without evaluating where it lands. The first step's contraction is not
         * used (the first-order step from the anchor contracts far more than the chord steps
         * after it). Measured on the Cu-Mg log-probability (docs/assess-lnprob.md, "Cost"): of
         * 5670 such ends, the residual where they landed was at most 0.95 tol. */
        int last = pre && chord && have_step && since_start >= 2 &&
                   rmax * (rmax / rprev) <= LQI_EQ_PRED_SAFETY * tol;
        if (!chord) {
            if (stale) { /* a set left since the factorisation: a Newton step, with Hessians */
                st = eval_hess(ws);
                if (st != LQ_OK) return st;
                stale = 0;
                assemble(ws, n, ws->J, ws->r);
            }
            st = lqi_lu_factor(ws->J, n, ws->jpiv, LQI_EQ_LU_TINY);
            if (st != LQ_OK) return st;
            nfact = n;
            prechord = 0;
        }
        for (size_t i = 0; i < n; i++) ws->dx[i] = -ws->r[i];
        lqi_lu_solve(ws->J, n, ws->jpiv, 0, ws->dx);
        save_state(ws, &Tsave, &xsave);
        alpha = step_limit(ws, since_start++ < 3);
        st = apply_step(ws, alpha, Tsave, xsave);
        if (st != LQ_OK) return st;
        have_step = 1;
        if (last && alpha == 1.0) {
            int neg = 0;
            for (size_t k = 0; k < ws->nsets; k++)
                neg |= !ws->sets[k].fixed_zero && ws->sets[k].N < -1e-12;
            if (!neg) {
                if (resid) *resid = rmax * (rmax / rprev);
                return LQ_OK;
            }
        }
        /* the next step may be a chord step: a full step from close to the solution */
        stale = !nochord && alpha == 1.0 && (chord || rmax <= LQI_EQ_CHORD_R);
        rprev = rmax;
        st = stale ? eval_grad(ws) : eval_all(ws);
        if (st != LQ_OK) return st;
    }
    return LQ_ENOCONV;
}

/* The gradient rows of the sets at their current constitutions, into f (lqi_eq_lu); none when the
 * workspace was not made from an lq_system. */
static lq_status gd_rows(const lq_eq_ws *ws, lqi_eq_lu *f) {
    if (!ws->tws || ws->nsets == 0) return LQ_OK;
    const lq_system *sys = ws->tws->sys;
    size_t ns = ws->nsets, nd = 0, ni = 0, ny = 0;
    for (size_t k = 0; k < ns; k++) {
        size_t nik, ndk = lqi_thermo_gdrow_len(sys, ws->sets[k].phase, &nik);
        nd += ndk;
        ni += nik;
        ny += ws->pi[ws->sets[k].phase].nc;
    }
    f->phase = lqi_malloc_array(4 * ns, sizeof *f->phase);
    f->rows = lqi_malloc_array(nd ? nd : 1, sizeof *f->rows);
    f->y = lqi_malloc_array(ny ? ny : 1, sizeof *f->y);
    f->idx = lqi_malloc_array(ni ? ni : 1, sizeof *f->idx);
    if (!f->phase || !f->rows || !f->y || !f->idx) return LQ_ENOMEM;
    f->roff = f->phase + ns;
    f->ioff = f->phase + 2 * ns;
    f->yoff = f->phase + 3 * ns;
    nd = ni = ny = 0;
    for (size_t k = 0; k < ns; k++) {
        const lqi_eq_set *s = &ws->sets[k];
        size_t nc = ws->pi[s->phase].nc, nik, ndk = lqi_thermo_gdrow_len(sys, s->phase, &nik);
        f->phase[k] = s->phase;
        f->yoff[k] = ny;
        memcpy(f->y + ny, s->y, nc * sizeof *s->y);
        ny += nc;
        f->roff[k] = nd;
        f->ioff[k] = ni;
        if (lqi_thermo_gdrow_fill(sys, s->phase, s->y, f->rows + nd, f->idx + ni) != 0)
            f->roff[k] = SIZE_MAX;
        nd += ndk;
        ni += nik;
    }
    f->nsets = ns;
    return LQ_OK;
}

lq_status lqi_eq_newton_factor(lq_eq_ws *ws, lqi_eq_lu **out) {
    *out = NULL;
    lq_status st = eval_all(ws);
    if (st != LQ_OK) return st;
    init_lambda(ws);
    size_t nrows, n = system_size(ws, &nrows);
    if (n != nrows || n > ws->nmax) return LQ_ESINGULAR;
    double rmax = assemble(ws, n, ws->J, ws->r);
    if (!isfinite(rmax)) return LQ_ENOCONV;
    st = lqi_lu_factor(ws->J, n, ws->jpiv, LQI_EQ_LU_TINY);
    if (st != LQ_OK) return st;
    lqi_eq_lu *f = lqi_calloc(1, sizeof *f);
    if (f) {
        f->J = lqi_malloc_array(n * n, sizeof *f->J);
        f->piv = lqi_malloc_array(n, sizeof *f->piv);
    }
    if (!f || !f->J || !f->piv) {
        lqi_eq_lu_free(f);
        return LQ_ENOMEM;
    }
    f->n = n;
    memcpy(f->J, ws->J, n * n * sizeof *f->J);
    memcpy(f->piv, ws->jpiv, n * sizeof *f->piv);
    st = gd_rows(ws, f);
    if (st != LQ_OK) {
        lqi_eq_lu_free(f);
        return st;
    }
    *out = f;
    return LQ_OK;
}

/*
 * Minimum of the driving-force function D(y) = G(y) - sum_c mu_c M_c(y) of one phase at fixed
 * potentials, from the constitution in s->y (Newton in log site fractions on dG/dy_i - mu.a_i -
 * lambda_s = 0, sum_s y = 1, with the same Hessian shift and step limits as lqi_eq_newton). On
 * return s->y holds the best constitution met and *d its D per mole of atoms, J/mol. A negative
 * d means the phase has a point below the hyperplane of mu. At most `maxit` iterations.
 */
lq_status lqi_eq_phase_min(lq_eq_ws *ws, lqi_eq_set *s, size_t maxit, double *d) {
    const lqi_eq_pinfo *pi = &ws->pi[s->phase];
    size_t nc = ws->ncomp, nf = pi->nfree, nq = pi->q ? 1 : 0, n = nf + pi->nmulti + nq;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T, best = HUGE_VAL;
    double *ybest = ws->ytmp2;
    int neutral = 1;
    memcpy(ybest, s->y, pi->nc * sizeof *ybest);
    for (size_t it = 0; it <= maxit; it++) {
        lq_status st = lqi_eq_eval_set(ws, s, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DY2);
        if (st != LQ_OK) return st;
        double atoms = 0.0, D = s->G;
        for (size_t c = 0; c < nc; c++) {
            D -= ws->mu[c] * s->M[c];
            atoms += s->M[c];
        }
        if (atoms < pi->atoms_floor) break; /* left the model's domain (equil.c) */
        D /= atoms;
        if (nq) { /* only electrically neutral points are compared */
            double qs = 0.0, qa = 0.0;
            for (size_t i = 0; i < pi->nc; i++) {
                qs += pi->q[i] * s->y[i];
                qa += fabs(pi->q[i] * s->y[i]);
            }
            neutral = fabs(qs) <= 1e-12 * (qa + 1.0);
        }
        if (neutral && D < best) {
            best = D;
            memcpy(ybest, s->y, pi->nc * sizeof *ybest);
        }
        if (it == maxit || n == 0) break;
        if (it == 0) /* multipliers: y-weighted means, as in init_lambda; psi 0 */
            for (size_t m = 0; m <= pi->nmulti; m++) s->lam[m] = 0.0;
        /* convexify this set alone */
        size_t keep = ws->nsets;
        lqi_eq_set tmp = ws->sets[0];
        ws->sets[0] = *s;
        ws->nsets = 1;
        convexify(ws);
        ws->sets[0] = tmp;
        ws->nsets = keep;
        double *J = ws->J, *r = ws->dx, rmax = 0.0;
        const double *A = amat(ws, s);
        memset(J, 0, n * n * sizeof *J);
        for (size_t m = 0; m < pi->nmulti; m++) r[nf + m] = -1.0;
        for (size_t a = 0; a < nf; a++) {
            size_t i = pi->free_idx[a];
            double v = s->dG[i];
            for (size_t c = 0; c < nc; c++) v -= ws->mu[c] * A[i * nc + c];
            if (it == 0) s->lam[pi->free_multi[a]] += s->y[i] * v;
            r[a] = v;
            for (size_t b = 0; b < nf; b++)
                J[a * n + b] = s->H[i * pi->nc + pi->free_idx[b]] * s->y[pi->free_idx[b]] / RT;
            J[a * n + nf + pi->free_multi[a]] = -1.0;
            r[nf + pi->free_multi[a]] += s->y[i];
            J[(nf + pi->free_multi[a]) * n + a] = s->y[i];
        }
        for (size_t a = 0; a < nf; a++) {
            size_t i = pi->free_idx[a];
            r[a] = (r[a] - s->lam[pi->free_multi[a]] - (nq ? s->lam[pi->nmulti] * pi->q[i] : 0.0)) /
                   RT;
            rmax = fmax(rmax, fabs(r[a]));
        }
        if (nq) { /* electroneutrality row and the psi column */
            size_t rq = nf + pi->nmulti;
            r[rq] = charge_row(pi, s->y, ws->ytmp);
            for (size_t a = 0; a < nf; a++) {
                J[rq * n + a] = ws->ytmp[a];
                J[a * n + rq] = -pi->q[pi->free_idx[a]];
            }
        }
        for (size_t m = 0; m < pi->nmulti + nq; m++) rmax = fmax(rmax, fabs(r[nf + m]));
        if (rmax < 1e-11) break;
        if (lqi_lu_factor(J, n, ws->jpiv, LQI_EQ_LU_TINY) != LQ_OK) break;
        for (size_t i = 0; i < n; i++) r[i] = -r[i];
        lqi_lu_solve(J, n, ws->jpiv, 0, r);
        double alpha = 1.0;
        for (size_t a = 0; a < nf; a++) {
            double du = r[a], y = s->y[pi->free_idx[a]];
            if (du > 0.0 && du > log1p(0.5 / y)) alpha = fmin(alpha, log1p(0.5 / y) / du);
            if (du < -40.0) alpha = fmin(alpha, -40.0 / du);
        }
        for (size_t a = 0; a < nf; a++) {
            size_t i = pi->free_idx[a];
            double y = s->y[i] * exp(alpha * r[a]);
            s->y[i] = y > 1.0 ? 1.0 : (y < 1e-300 ? 1e-300 : y);
        }
        for (size_t m = 0; m < pi->nmulti + nq; m++) s->lam[m] += alpha * RT * r[nf + m];
        /* back onto the sublattice sums, so that every D compared is that of a feasible point
         * (electroneutrality, not restored by this scaling, is tested above) */
        for (size_t m = 0; m < pi->nmulti; m++) {
            double sum = 0.0;
            for (size_t a = 0; a < nf; a++)
                if (pi->free_multi[a] == m) sum += s->y[pi->free_idx[a]];
            for (size_t a = 0; a < nf; a++)
                if (pi->free_multi[a] == m) s->y[pi->free_idx[a]] /= sum;
        }
    }
    memcpy(s->y, ybest, pi->nc * sizeof *ybest);
    *d = best;
    return LQ_OK;
}
