/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference electrodes (seed numbers) and the coulometric titration on a synthetic record. */

#include "core/core_internal.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "test_echem_ana.h"

void test_ana_ref_seed(void) {
    lq_echem_ref agcl, nd_sn, nd, user;
    LQ_CHECK_STATUS(lq_echem_ref_builtin("AgAgCl", &agcl), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_ref_builtin("ndsn", &nd_sn), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_ref_builtin("Nd", &nd), LQ_OK);
    /* Mg-La study: the Mg deposition onset -1.49 V vs Ag/AgCl at 973 K is -2.57 V vs Cl2/Cl-
     * (Eq. 6: -1.0910 + 1.17e-5 * 973 = -1.079616 V). Exact arithmetic: 1e-12; the seed's
     * two-decimal value: 0.005 V. */
    double e;
    LQ_CHECK_STATUS(lq_echem_ref_convert(-1.49, 973.0, &agcl, NULL, &e, NULL), LQ_OK);
    LQ_CHECK_CLOSE(e, -1.49 - 1.0910 + 1.17e-5 * 973.0, 1e-12, 0);
    LQ_CHECK_CLOSE(e, -2.57, 0, 0.005);
    ana_report("-1.49 V vs Ag/AgCl at 973 K, V", e, -2.57);
    /* ... and back again. */
    lq_echem_ref cl2;
    LQ_CHECK_STATUS(lq_echem_ref_builtin("cl2", &cl2), LQ_OK);
    double back;
    LQ_CHECK_STATUS(lq_echem_ref_convert(e, 973.0, &cl2, &agcl, &back, NULL), LQ_OK);
    LQ_CHECK_CLOSE(back, -1.49, 1e-12, 0);
    /* Nd-Bi study Eqs. 7-8: E_eq = E_I + E_II with E_II = 0.590 + 1.52e-4 T vs Nd(s). */
    double phi;
    LQ_CHECK_STATUS(lq_echem_ref_potential(&nd_sn, 873.0, &phi), LQ_OK);
    LQ_CHECK_CLOSE(phi, 0.590 + 1.52e-4 * 873.0, 1e-12, 0);
    LQ_CHECK_STATUS(lq_echem_ref_convert(-0.1, 873.0, &nd_sn, &nd, &e, NULL), LQ_OK);
    LQ_CHECK_CLOSE(e, -0.1 + 0.590 + 1.52e-4 * 873.0, 1e-12, 0);
    /* Consistency with Eq. 7: ln(a/a*) from E_I plus ln a* from E_II is ln a from E_eq. */
    double la, lg, g, la_rel, la_star;
    LQ_CHECK_STATUS(lq_echem_emf_activity(e, 873.0, 3, 0.01, &la, &lg, &g), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_emf_activity(-0.1, 873.0, 3, 0.01, &la_rel, &lg, &g), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_emf_activity(phi, 873.0, 3, 0.01, &la_star, &lg, &g), LQ_OK);
    LQ_CHECK_CLOSE(la, la_rel + la_star, 1e-12, 0);
    /* Different base scales cannot be mixed. */
    lq_diag d;
    LQ_CHECK_STATUS(lq_echem_ref_convert(-1.0, 973.0, &agcl, &nd, &e, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "base scales") != NULL);
    /* User-defined reference. */
    LQ_CHECK_STATUS(lq_echem_ref_parse("-1.0910,1.17e-5@Cl2/Cl-", &user, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_echem_ref_convert(-1.49, 973.0, &user, &cl2, &e, NULL), LQ_OK);
    LQ_CHECK_CLOSE(e, -1.49 - 1.0910 + 1.17e-5 * 973.0, 1e-12, 0);
    LQ_CHECK_STATUS(lq_echem_ref_parse("bogus", &user, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "bogus") != NULL);
    LQ_CHECK_STATUS(lq_echem_ref_parse("1,x", &user, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_ref_parse("1,2@", &user, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_ref_builtin("nope", &user), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_echem_ref_convert(0.0, -5.0, &agcl, NULL, &e, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_ref_convert((double)NAN, 900.0, &agcl, NULL, &e, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_ref_potential(&agcl, 0.0, &phi), LQ_EINVAL);
}

/* Synthetic titration of Nd into 2.02 g Bi at 973 K (Nd-Bi study §2.2.2: 25 mA/cm^2 on 0.5 cm^2
 * for 550 s, then open circuit), measured against the Nd-Sn reference. */
#define TIT_T 973.0
#define TIT_LNG (-27.631021115928547) /* ln(1e-12): the study's Henrian gamma_Nd */
#define TIT_XS 0.0565                 /* solubility at 973 K (Table 1) */
#define TIT_NBI (2.02 / 208.98)       /* mol Bi */

static double tit_emf_vs_nd(double x) {
    double rt3f = LQ_GAS_CONSTANT_J_PER_MOL_K * TIT_T / (3.0 * LQ_FARADAY_C_PER_MOL);
    return -rt3f * (TIT_LNG + log(x < TIT_XS ? x : TIT_XS));
}

/* Builds the record; returns the number of samples written (cap must be large enough). */
static size_t tit_record(double *t, double *E, double *I, size_t cap, int npulses, double noise_V,
                         lqi_rng *rng) {
    const double dt = 5.0, ipulse = -12.5e-3, tpulse = 550.0, trest = 3600.0;
    double e2 = LQ_ECHEM_NDSN_VS_ND_A_V + LQ_ECHEM_NDSN_VS_ND_B_V_PER_K * TIT_T;
    size_t k = 0;
    double now = 0.0, nnd = 0.0;
    /* 600 s at open circuit on pure Bi first (emf of pure Bi is arbitrary here). */
    for (; now < 600.0 && k < cap; now += dt, k++) {
        t[k] = now;
        E[k] = 0.9 - e2 + (noise_V)*lqi_rng_normal(rng);
        I[k] = 0.0;
    }
    for (int p = 0; p < npulses; p++) {
        double t1 = now + tpulse;
        for (; now < t1 - 1e-9 && k < cap; now += dt, k++) {
            t[k] = now;
            E[k] = -0.05 + (noise_V)*lqi_rng_normal(rng);
            I[k] = ipulse;
        }
        nnd += -ipulse * tpulse / (3.0 * LQ_FARADAY_C_PER_MOL);
        double x = nnd / (nnd + TIT_NBI), e_i = tit_emf_vs_nd(x) - e2, t2 = now + trest, t0 = now;
        for (; now < t2 - 1e-9 && k < cap; now += dt, k++) {
            t[k] = now;
            /* Relaxation towards the steady emf (time constant 300 s) plus noise. */
            E[k] = e_i - 0.02 * exp(-(now - t0) / 300.0) + (noise_V)*lqi_rng_normal(rng);
            I[k] = 0.0;
        }
    }
    return k;
}

void test_ana_emf_titration(void) {
    size_t cap = 40000;
    double *t = malloc(cap * sizeof *t), *E = malloc(cap * sizeof *E), *I = malloc(cap * sizeof *I);
    lqi_rng rng_state, *rng = &rng_state;
    lqi_rng_seed(rng, 4242);
    size_t n = tit_record(t, E, I, cap, 30, 3e-4, rng);
    LQ_CHECK(n < cap);
    lq_echem_emf_options o = lq_echem_emf_options_default();
    o.n_solvent_mol = TIT_NBI;
    lq_echem_emf_step steps[64];
    size_t ns = 0;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I, n, &o, NULL, 0, &ns, NULL), LQ_OK);
    LQ_CHECK(ns == 31);
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I, n, &o, steps, 64, &ns, &d), LQ_OK);
    LQ_CHECK(ns == 31);
    LQ_CHECK(d.warning == 0);
    /* The first rest (600 s) is shorter than the 0.5 h window. */
    LQ_CHECK(steps[0].flags & LQ_ECHEM_EMF_SHORT_REST);
    LQ_CHECK_CLOSE(steps[0].x_solute, 0.0, 0, 1e-15);
    /* Faraday's law: every pulse passes 12.5 mA x 550 s exactly (trapezoid over a rectangle). */
    double dn = 12.5e-3 * 550.0 / (3.0 * LQ_FARADAY_C_PER_MOL);
    LQ_CHECK_CLOSE(steps[30].n_solute_mol, 30.0 * dn, 1e-12, 0);
    LQ_CHECK_CLOSE(steps[30].charge_C, 30.0 * 12.5e-3 * 550.0, 1e-12, 0);
    LQ_CHECK(steps[5].n_window == 361); /* 1800 s at 5 s, both ends */
    LQ_CHECK(!(steps[5].flags & LQ_ECHEM_EMF_DRIFTING));
    /* Convert to Nd(s) with Eq. 8, then activity and gamma (Eqs. 6, 13). */
    lq_echem_ref ndsn, nd;
    lq_echem_ref_builtin("NdSn", &ndsn);
    lq_echem_ref_builtin("Nd", &nd);
    double x[64], Eeq[64];
    for (size_t i = 0; i < ns; i++) {
        x[i] = steps[i].x_solute;
        LQ_CHECK_STATUS(lq_echem_ref_convert(steps[i].E_V, TIT_T, &ndsn, &nd, &Eeq[i], NULL),
                        LQ_OK);
    }
    lq_echem_emf_solubility sol;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_echem_emf_solubility_find(x, Eeq, ns, 0.0, &sol, &d), LQ_OK);
    /* Solubility within 0.1 mol% (issue 4, Done-when 2). */
    LQ_CHECK_CLOSE(sol.x_sat, TIT_XS, 0, 1e-3);
    ana_report("titration solubility x_sat", sol.x_sat, TIT_XS);
    LQ_CHECK(sol.i_liquid == 1);
    /* gamma from the liquid points within 5 %. */
    double slg = 0.0;
    size_t nl = 0;
    for (size_t i = sol.i_liquid; i < sol.i_plateau; i++) {
        double la, lg, g;
        LQ_CHECK_STATUS(lq_echem_emf_activity(Eeq[i], TIT_T, 3, x[i], &la, &lg, &g), LQ_OK);
        slg += lg;
        nl++;
    }
    LQ_CHECK(nl >= 20);
    LQ_CHECK_CLOSE(exp(slg / (double)nl), exp(TIT_LNG), 0.05, 0);
    ana_report("titration gamma (liquid mean)", exp(slg / (double)nl), exp(TIT_LNG));
    /* Henrian slope of the liquid fit: b = -RT/(3F). */
    LQ_CHECK_CLOSE(sol.fit.b, -LQ_GAS_CONSTANT_J_PER_MOL_K * TIT_T / (3.0 * LQ_FARADAY_C_PER_MOL),
                   0.02, 0);
    LQ_CHECK_CLOSE(sol.E_plateau_V, tit_emf_vs_nd(TIT_XS), 0, 2e-4);
    LQ_CHECK(sol.x_sat_se > 0.0 && sol.x_sat_se < 1e-3);

    /* Temperature dependence: E(T) = a + bT exactly gives dS = 3F b and dH = -3F a. */
    double T[3] = {773.0, 873.0, 973.0}, Ep[3];
    for (int i = 0; i < 3; i++) Ep[i] = 0.8 - 1.0e-4 * T[i];
    lq_echem_emf_tdep td;
    LQ_CHECK_STATUS(lq_echem_emf_temperature(T, Ep, 3, 3, &td), LQ_OK);
    LQ_CHECK_CLOSE(td.S_J_per_mol_K, 3.0 * LQ_FARADAY_C_PER_MOL * -1.0e-4, 1e-9, 0);
    LQ_CHECK_CLOSE(td.H_J_per_mol, -3.0 * LQ_FARADAY_C_PER_MOL * 0.8, 1e-9, 0);
    LQ_CHECK_STATUS(lq_echem_emf_temperature(T, Ep, 1, 3, &td), LQ_EINVAL);
    double Tsame[2] = {900.0, 900.0};
    LQ_CHECK_STATUS(lq_echem_emf_temperature(Tsame, Ep, 2, 3, &td), LQ_ESINGULAR);
    free(t);
    free(E);
    free(I);
}

void test_ana_emf_errors(void) {
    lq_echem_emf_options o = lq_echem_emf_options_default();
    o.n_solvent_mol = 0.01;
    lq_echem_emf_step st[8];
    size_t ns = 99;
    lq_diag d;
    /* A pulse with no rest at the end: warning, the earlier rest still reported. */
    double t[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    double E[8] = {0.5, 0.5, 0.5, 0.1, 0.1, 0.4, 0.4, 0.1};
    double I[8] = {0, 0, 0, -1e-3, -1e-3, 0, 0, -1e-3};
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I, 8, &o, st, 8, &ns, &d), LQ_OK);
    LQ_CHECK(ns == 2);
    LQ_CHECK(d.warning == 1 && strstr(d.msg, "no rest") != NULL);
    /* An empty (one-sample) rest between two pulses: skipped with a warning. */
    double I2[8] = {0, 0, -1e-3, 0, -1e-3, 0, 0, 0};
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I2, 8, &o, st, 8, &ns, &d), LQ_OK);
    LQ_CHECK(ns == 2);
    LQ_CHECK(d.warning == 1 && strstr(d.msg, "empty") != NULL);
    /* Only pulses: no rest at all. */
    double I3[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I3, 8, &o, st, 8, &ns, &d), LQ_ENOTFOUND);
    /* NaN and time running backwards name the sample. */
    double En[8] = {0.5, 0.5, (double)NAN, 0.1, 0.1, 0.4, 0.4, 0.1};
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, En, I, 8, &o, st, 8, &ns, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "sample 3") != NULL && strcmp(d.field, "E") == 0);
    double tb[8] = {0, 1, 2, 3, 2.5, 5, 6, 7};
    LQ_CHECK_STATUS(lq_echem_emf_steps(tb, E, I, 8, &o, st, 8, &ns, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "sample 5") != NULL && strcmp(d.field, "t") == 0);
    /* Capacity too small; bad options; empty record. */
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I, 8, &o, st, 1, &ns, &d), LQ_EINVAL);
    lq_echem_emf_options bad = o;
    bad.n_solvent_mol = 0.0;
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I, 8, &bad, st, 8, &ns, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_emf_steps(t, E, I, 0, &o, st, 8, &ns, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_emf_steps(NULL, E, I, 8, &o, st, 8, &ns, &d), LQ_EINVAL);
    /* Activity domain. */
    double la, lg, g;
    LQ_CHECK_STATUS(lq_echem_emf_activity(0.5, 900.0, 3, 0.0, &la, &lg, &g), LQ_EDOM);
    LQ_CHECK_STATUS(lq_echem_emf_activity(0.5, -1.0, 3, 0.1, &la, &lg, &g), LQ_EDOM);
    LQ_CHECK_STATUS(lq_echem_emf_activity(0.5, 900.0, 0, 0.1, &la, &lg, &g), LQ_EINVAL);
    /* Solubility: no plateau, no liquid, decreasing x. */
    double xs[5] = {0.01, 0.02, 0.03, 0.04, 0.05}, Es[5] = {0.9, 0.85, 0.8, 0.75, 0.7};
    lq_echem_emf_solubility sol;
    LQ_CHECK_STATUS(lq_echem_emf_solubility_find(xs, Es, 5, 0.002, &sol, &d), LQ_ENOTFOUND);
    double Ef[5] = {0.7, 0.7, 0.7, 0.7, 0.7};
    LQ_CHECK_STATUS(lq_echem_emf_solubility_find(xs, Ef, 5, 0.002, &sol, &d), LQ_ENOTFOUND);
    double xd[5] = {0.01, 0.03, 0.02, 0.04, 0.05};
    LQ_CHECK_STATUS(lq_echem_emf_solubility_find(xd, Es, 5, 0.002, &sol, &d), LQ_EINVAL);
    /* Allocation failure inside the solubility fit. */
    double Ep[5] = {0.9, 0.85, 0.8, 0.7, 0.7};
    lqi_alloc_fail_after(0);
    LQ_CHECK_STATUS(lq_echem_emf_solubility_find(xs, Ep, 5, 0.002, &sol, NULL), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
    LQ_CHECK_STATUS(lq_echem_emf_solubility_find(xs, Ep, 5, 0.002, &sol, NULL), LQ_OK);
}
