/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Robustness: every analysis on random records (sizes, steps, spikes, NaN, time going back) must
 * return a status (no crash; ASan/UBSan in CI), and with OK results that are finite or flagged. */

#include "core/core_internal.h"
#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_ana.h"

static int known(lq_status st) { return st >= LQ_OK && st < LQ_STATUS_COUNT_; }

void test_ana_random_inputs(void) {
    enum { NMAX = 400 };
    static double t[NMAX], E[NMAX], I[NMAX];
    lqi_rng rng_state, *rng = &rng_state;
    lqi_rng_seed(rng, 2026);
    int all_known = 1, ok_finite = 1;
    for (int rep = 0; rep < 200; rep++) {
        size_t n = (size_t)(unsigned long)(lqi_rng_uniform(rng) * (double)(NMAX + 1));
        double scale = pow(10.0, lqi_rng_uniform(rng) * 12.0 - 9.0);
        double tt = 0.0;
        for (size_t i = 0; i < n; i++) {
            tt += lqi_rng_uniform(rng) < 0.01 ? -1.0 : (1.0 - lqi_rng_uniform(rng));
            t[i] = tt;
            E[i] = (1.0) * lqi_rng_normal(rng) +
                   (lqi_rng_uniform(rng) < 0.3 ? 0.001 * (double)i : 0.0);
            /* Pulses, rests, steps and spikes. */
            double u = lqi_rng_uniform(rng);
            I[i] = u < 0.3 ? -scale : u < 0.6 ? 0.0 : scale * (1.0) * lqi_rng_normal(rng);
            if (lqi_rng_uniform(rng) < 0.002) E[i] = (double)NAN;
            if (lqi_rng_uniform(rng) < 0.002) I[i] = (double)INFINITY;
        }
        lq_diag d;
        lq_echem_emf_options eo = lq_echem_emf_options_default();
        eo.n_solvent_mol = 0.01;
        eo.window_s = (1.0 - lqi_rng_uniform(rng)) * 50.0;
        lq_echem_emf_step steps[NMAX];
        size_t ns = 0;
        lq_status st = lq_echem_emf_steps(t, E, I, n, &eo, steps, NMAX, &ns, &d);
        all_known &= known(st);
        if (st == LQ_OK) {
            double x[NMAX], e[NMAX];
            for (size_t k = 0; k < ns; k++) {
                x[k] = steps[k].x_solute;
                e[k] = steps[k].E_V;
                ok_finite &= isfinite(steps[k].E_V) && isfinite(steps[k].x_solute);
            }
            lq_echem_emf_solubility sol;
            all_known &= known(lq_echem_emf_solubility_find(x, e, ns, 0.0, &sol, &d));
        }
        size_t starts[NMAX], nsw = 0;
        st = lq_echem_sweeps_find(E, n, 0.0, starts, NMAX, &nsw);
        all_known &= known(st);
        if (st == LQ_OK) {
            lq_echem_cv_options co = lq_echem_cv_options_default();
            for (size_t k = 0; k < nsw; k++) {
                size_t a = starts[k], b = k + 1 < nsw ? starts[k + 1] : n;
                lq_echem_sweep_result sr;
                all_known &= known(lq_echem_cv_sweep(t, E, I, n, a, b, &co, &sr, NULL, &d));
                if (k + 1 < nsw) {
                    double ec[8];
                    size_t nc;
                    size_t c = k + 2 < nsw ? starts[k + 2] : n;
                    all_known &= known(lq_echem_cv_crossovers(E, I, a, b, c, ec, 8, &nc));
                    double lv[2];
                    all_known &=
                        known(lq_echem_cv_nucleation_loop(E, I, a, b, c, 1e-6, ec, 8, &nc, lv));
                }
            }
        }
        lq_echem_swv_options so = lq_echem_swv_options_default();
        so.T_K = 973.0;
        so.npeaks = (size_t)(unsigned long)(lqi_rng_uniform(rng) * (double)(4));
        so.max_iter = 25; /* random data: only that it returns, not that it converges */
        lq_echem_swv_result swr;
        st = lq_echem_swv_fit(E, I, n, &so, &swr, &d);
        all_known &= known(st);
        if (st == LQ_OK) ok_finite &= swr.npeaks > 0 && isfinite(swr.peaks[0].E_V);
        lq_echem_ca_options cao = lq_echem_ca_options_default();
        lq_echem_ca_result car;
        all_known &= known(lq_echem_ca_analyse(t, I, n, &cao, &car, &d));
        lq_echem_ocp_options oo = lq_echem_ocp_options_default();
        lq_echem_plateau pl[NMAX];
        size_t np;
        all_known &= known(lq_echem_ocp_plateaus(t, E, n, &oo, pl, NMAX, &np, &d));
    }
    LQ_CHECK(all_known);
    LQ_CHECK(ok_finite);
}
