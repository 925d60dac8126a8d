/* SPDX-License-Identifier: GPL-3.0-or-later */
/* emf by coulometric titration: segmentation, Faraday's law, steady OCP, activity, solubility. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

/* Drift above which a rest is flagged as not yet steady: 1 mV/h. */
#define EMF_DRIFT_LIMIT_V_PER_S (1e-3 / LQ_HOUR_S)

lq_echem_emf_options lq_echem_emf_options_default(void) {
    lq_echem_emf_options o;
    memset(&o, 0, sizeof o);
    o.n_electrons = 3;
    o.window_s = 0.5 * LQ_HOUR_S; /* Nd-Bi study §3.1: "the last 0.5 h of each step" */
    o.efficiency = 1.0;
    return o;
}

/* Mean, standard deviation and least-squares slope of E(t) over samples [a, b). */
static void window_stats(const double *t, const double *E, size_t a, size_t b, double *mean,
                         double *sd, double *slope) {
    size_t m = b - a;
    double me = 0.0;
    for (size_t i = a; i < b; i++) me += E[i];
    me /= (double)m;
    double see = 0.0;
    for (size_t i = a; i < b; i++) see += (E[i] - me) * (E[i] - me);
    *mean = me;
    *sd = m > 1 ? sqrt(see / (double)(m - 1)) : (double)NAN;
    lqi_linfit_result f;
    *slope = m > 1 && lqi_linfit(t + a, E + a, NULL, m, &f) == LQ_OK ? f.b : (double)NAN;
}

lq_status lq_echem_emf_steps(const double *t_s, const double *E_V, const double *I_A, size_t n,
                             const lq_echem_emf_options *opt, lq_echem_emf_step *steps, size_t cap,
                             size_t *nsteps, lq_diag *diag) {
    if (!t_s || !E_V || !I_A || !opt || !nsteps || (cap && !steps))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (n < 2) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "record has %zu samples", n);
    if (opt->n_electrons < 1 || !(opt->n_solvent_mol > 0.0) || !isfinite(opt->n_solvent_mol) ||
        !(opt->n_solute0_mol >= 0.0) || !(opt->window_s > 0.0) || !(opt->efficiency > 0.0) ||
        opt->efficiency > 1.0 || !isfinite(opt->pulse_current_A))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need z >= 1, n_solvent > 0, n_solute0 >= 0, window > 0, "
                            "0 < efficiency <= 1");
    lq_status st = lqi_echem_check_series(t_s, E_V, I_A, n, diag);
    if (st != LQ_OK) return st;

    double imax = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(I_A[i]) > imax) imax = fabs(I_A[i]);
    double thr = opt->pulse_current_A > 0.0 ? opt->pulse_current_A : 0.02 * imax;
    /* Reduction (deposition of the solute into the electrode) is negative in IUPAC. */
    double red_sign = opt->cathodic_positive ? 1.0 : -1.0;
    double zf = (double)opt->n_electrons * LQ_FARADAY_C_PER_MOL;

    size_t count = 0, nskipped = 0;
    double charge = 0.0;
    int warned_tail = 0;
    size_t i = 0;
    while (i < n) {
        int pulse = thr > 0.0 && fabs(I_A[i]) > thr;
        size_t j = i + 1;
        while (j < n && (thr > 0.0 && fabs(I_A[j]) > thr) == pulse) j++;
        if (pulse) {
            /* Trapezoid rule over the pulse, including the half-intervals to its neighbours so
             * that a rectangular pulse sampled at its edges is integrated exactly. */
            size_t a = i > 0 ? i - 1 : i, b = j < n ? j : n - 1;
            for (size_t k = a; k < b; k++)
                charge += 0.5 * (I_A[k] + I_A[k + 1]) * (t_s[k + 1] - t_s[k]) * red_sign;
            if (j >= n) warned_tail = 1;
        } else if (j - i < 2 || !(t_s[j - 1] > t_s[i])) {
            nskipped++;
        } else {
            lq_echem_emf_step s;
            memset(&s, 0, sizeof s);
            s.t_start_s = t_s[i];
            s.t_end_s = t_s[j - 1];
            s.charge_C = charge;
            s.n_solute_mol = opt->n_solute0_mol + opt->efficiency * charge / zf;
            double ntot = s.n_solute_mol + opt->n_solvent_mol;
            s.x_solute = ntot > 0.0 ? s.n_solute_mol / ntot : (double)NAN;
            double tw = s.t_end_s - opt->window_s;
            size_t a = i;
            if (tw > s.t_start_s) {
                while (a < j && t_s[a] < tw) a++;
            } else {
                s.flags |= LQ_ECHEM_EMF_SHORT_REST;
            }
            if (j - a < 2) a = j - 2;
            s.n_window = j - a;
            window_stats(t_s, E_V, a, j, &s.E_V, &s.E_std_V, &s.drift_V_per_s);
            if (fabs(s.drift_V_per_s) > EMF_DRIFT_LIMIT_V_PER_S) s.flags |= LQ_ECHEM_EMF_DRIFTING;
            if (cap) {
                if (count >= cap)
                    return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                                        "more than %zu rests in the record", cap);
                steps[count] = s;
            }
            count++;
        }
        i = j;
    }
    if (count == 0)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "I",
                            "no open-circuit rest (|I| <= %.3g A for 2 samples or more)", thr);
    if (warned_tail)
        lqi_diag_warn(diag, NULL, 0, "I",
                      "the record ends in a current pulse with no rest: its composition has no "
                      "emf and is not reported");
    else if (nskipped)
        lqi_diag_warn(diag, NULL, 0, "I", "%zu rest(s) of a single sample skipped (empty segments)",
                      nskipped);
    *nsteps = count;
    return LQ_OK;
}

lq_status lq_echem_emf_activity(double E_V, double T_K, int n_electrons, double x, double *ln_a,
                                double *ln_gamma, double *g_ex_J_per_mol) {
    if (!ln_a || !ln_gamma || !g_ex_J_per_mol || n_electrons < 1 || !isfinite(E_V) ||
        !isfinite(T_K) || !isfinite(x))
        return LQ_EINVAL;
    if (!(T_K > 0.0) || !(x > 0.0) || x > 1.0) return LQ_EDOM;
    double rt = LQ_GAS_CONSTANT_J_PER_MOL_K * T_K;
    /* Nd-Bi study Eq. 6: E = -(RT / zF) ln a; Eq. 13: dG_ex = RT (ln a - ln x) = RT ln gamma. */
    double la = -(double)n_electrons * LQ_FARADAY_C_PER_MOL * E_V / rt;
    *ln_a = la;
    *ln_gamma = la - log(x);
    *g_ex_J_per_mol = rt * (*ln_gamma);
    return LQ_OK;
}

lq_status lq_echem_emf_solubility_find(const double *x, const double *E_V, size_t n, double tol_V,
                                       lq_echem_emf_solubility *out, lq_diag *diag) {
    if (!x || !E_V || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(E_V[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x/E", "point %zu is not finite", i + 1);
        if (i > 0 && x[i] < x[i - 1])
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x",
                                "point %zu: composition decreases (titration order expected)",
                                i + 1);
    }
    double tol = tol_V > 0.0 ? tol_V : 0.002;
    size_t il = 0;
    while (il < n && !(x[il] > 0.0)) il++;
    /* Two trajectories (Nd-Bi study §3.1, Fig. 3a): a liquid branch E = a + b ln x and, at the
     * end of the titration, a constant emf (Gibbs phase rule in a two-phase field). The split is
     * the one of least total squared residual among those whose plateau points all lie within
     * tol of their mean; so a liquid point just short of saturation, closer than tol to the
     * plateau, still goes to the branch it follows. */
    double *lx = lqi_malloc_array(n ? n : 1, sizeof *lx);
    if (!lx) return LQ_ENOMEM;
    for (size_t i = il; i < n; i++) lx[i] = log(x[i]);
    double best = (double)INFINITY;
    size_t kbest = 0;
    lq_echem_linfit fbest;
    memset(&fbest, 0, sizeof fbest);
    for (size_t k = il + 2; k + 2 <= n; k++) {
        double mean = 0.0, sse_p = 0.0, dev = 0.0;
        for (size_t i = k; i < n; i++) mean += E_V[i];
        mean /= (double)(n - k);
        for (size_t i = k; i < n; i++) {
            double d = E_V[i] - mean;
            sse_p += d * d;
            if (fabs(d) > dev) dev = fabs(d);
        }
        if (dev > tol) continue;
        /* The liquid branch must leave the plateau somewhere, or there is no liquid region. */
        double ldev = 0.0;
        for (size_t i = il; i < k; i++)
            if (fabs(E_V[i] - mean) > ldev) ldev = fabs(E_V[i] - mean);
        if (ldev <= tol) continue;
        lq_echem_linfit f;
        if (lq_echem_linfit_compute(lx + il, E_V + il, k - il, &f) != LQ_OK) continue;
        double sse = f.rms * f.rms * (double)f.n + sse_p;
        if (sse < best) {
            best = sse;
            kbest = k;
            fbest = f;
        }
    }
    lqi_free(lx);
    if (kbest == 0) {
        int flat_end = n >= 2 && fabs(E_V[n - 1] - E_V[n - 2]) <= tol;
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "E",
                            flat_end ? "no split into >= 2 liquid points (x > 0) and a plateau of "
                                       ">= 2 points within %.3g V"
                                     : "no two-phase plateau: the last two emfs differ by more "
                                       "than %.3g V",
                            tol);
    }
    lq_echem_emf_solubility r;
    memset(&r, 0, sizeof r);
    r.i_plateau = kbest;
    r.n_plateau = n - kbest;
    double sum = 0.0, ss = 0.0;
    for (size_t i = kbest; i < n; i++) sum += E_V[i];
    r.E_plateau_V = sum / (double)r.n_plateau;
    for (size_t i = kbest; i < n; i++) ss += (E_V[i] - r.E_plateau_V) * (E_V[i] - r.E_plateau_V);
    r.E_plateau_se_V = sqrt(ss / (double)(r.n_plateau - 1)) / sqrt((double)r.n_plateau);
    r.i_liquid = il;
    r.n_liquid = kbest - il;
    r.fit = fbest;
    if (!(fabs(r.fit.b) > 0.0))
        return lqi_diag_set(diag, LQ_ESINGULAR, NULL, 0, "E", "flat liquid fit: no intersection");
    /* a + b ln x_sat = E_p  =>  ln x_sat = (E_p - a) / b. */
    double lxs = (r.E_plateau_V - r.fit.a) / r.fit.b;
    r.x_sat = exp(lxs);
    /* Linear propagation: d lnx/dEp = 1/b, d lnx/da = -1/b, d lnx/db = -lnx/b. */
    double var = (double)NAN;
    if (r.n_liquid > 2) {
        double b = r.fit.b;
        var = (r.E_plateau_se_V * r.E_plateau_se_V + r.fit.a_se * r.fit.a_se +
               lxs * lxs * r.fit.b_se * r.fit.b_se + 2.0 * lxs * r.fit.cov_ab) /
              (b * b);
    }
    r.x_sat_se = r.x_sat * sqrt(var);
    if (r.x_sat < x[r.i_plateau - 1] || r.x_sat > x[r.i_plateau])
        lqi_diag_warn(diag, NULL, 0, "x",
                      "the solubility %.5g lies outside the last liquid and first plateau "
                      "compositions [%.5g, %.5g]",
                      r.x_sat, x[r.i_plateau - 1], x[r.i_plateau]);
    *out = r;
    return LQ_OK;
}

lq_status lq_echem_emf_temperature(const double *T_K, const double *E_V, size_t n, int n_electrons,
                                   lq_echem_emf_tdep *out) {
    if (!T_K || !E_V || !out || n < 2 || n_electrons < 1) return LQ_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(T_K[i]) || !(T_K[i] > 0.0)) return LQ_EINVAL;
    lq_echem_emf_tdep r;
    lq_status st = lq_echem_linfit_compute(T_K, E_V, n, &r.fit);
    if (st != LQ_OK) return st;
    double zf = (double)n_electrons * LQ_FARADAY_C_PER_MOL;
    /* dG = -zFE; dS = -d(dG)/dT = zF dE/dT; dH = dG + T dS = -zF (E - T dE/dT) = -zF a. */
    r.S_J_per_mol_K = zf * r.fit.b;
    r.S_se = zf * r.fit.b_se;
    r.H_J_per_mol = -zf * r.fit.a;
    r.H_se = zf * r.fit.a_se;
    *out = r;
    return LQ_OK;
}
