/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CV reversibility on simulated voltammograms: Nicholson's return baseline, dEp, psi -> k0, D. */
#include <math.h>
#include <string.h>

#include "cv_sim.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "test_echem_ana.h"

/* Analyses one simulated record; NULL on failure (counted). */
static lq_echem_cv_analysis *analyse1(const lq_echem_record *r,
                                      const lq_echem_cv_analysis_options *o) {
    lq_echem_cv_analysis *a = NULL;
    const lq_echem_record *rr[1] = {r};
    LQ_CHECK_STATUS(lq_echem_cv_analyse(rr, NULL, 1, o, &a, NULL), LQ_OK);
    if (a && (a->files[0].nsweeps != 2 || a->files[0].ncycles != 1 ||
              !a->files[0].sweeps[0].res.npeaks || !a->files[0].sweeps[1].res.npeaks)) {
        LQ_FAIL("simulated CV: expected one cycle with a peak on each sweep");
        lq_echem_cv_analysis_free(a);
        return NULL;
    }
    return a;
}

/*
 * The simulator against theory first (so the numbers below test the analysis, not the
 * simulation): Ip = 0.4463 nFAC (nFvD/RT)^1/2 (Bard & Faulkner Eq. 6.2.19, 4 digits) within 0.5 %
 * and Ep = E0 - 1.109 RT/nF within 0.5 mV (the 0.5 mV grid). Then a reversible couple with a
 * double-layer capacitance (charging current 5 % of Ip) switched 150 and 300 mV past E0:
 * - the return peak gets Nicholson's baseline, and |Ipa/Ipc| = 1 within 2 % at both switching
 *   potentials (Nicholson's relation on the exact simulated currents gives 0.996-1.011 for 100-300
 *   mV past E0; the forward height carries the extrapolated baseline's ~0.5 %); the local
 *   baseline of the return peak (line between its minima) reads 0.83 at 300 mV past E0;
 * - dEp = 57.8 mV at 300 mV past E0 and 58.3... 59 mV at 150 mV (Bard & Faulkner Table 6.2.1:
 *   57.8 and 58.3-59.2 mV for n(E_lambda - E1/2) = -271.5 and -171.5...-121.5 mV) within 1.5 mV
 *   (peak potentials on a 0.5 mV grid after smoothing), no reversibility flag; 2.218 RT/F = 57.0
 * mV.
 */
void test_ana_cv_nicholson(void) {
    cv_sim_par p = cv_sim_default();
    const double f = LQ_FARADAY_C_PER_MOL / (LQ_GAS_CONSTANT_J_PER_MOL_K * p.T_K);
    const double ip_rs = 0.4463 * LQ_FARADAY_C_PER_MOL * p.A * p.C * sqrt(f * p.v * p.D);
    lq_echem_record *r = NULL;
    LQ_CHECK_STATUS(cv_sim_run(&p, &r), LQ_OK);
    if (!r) return;
    size_t ipk = 0;
    for (size_t i = 0; i < r->n / 2; i++)
        if (r->current_A[i] < r->current_A[ipk]) ipk = i;
    LQ_CHECK_CLOSE(-r->current_A[ipk], ip_rs, 0.005, 0);
    LQ_CHECK_CLOSE(r->potential_V[ipk], -1.109 / f, 0, 0.5e-3);
    ana_report("simulated Ip / Randles-Sevcik", -r->current_A[ipk] / ip_rs, 1.0);
    lq_echem_record_free(r);
    lq_echem_cv_analysis_options o = lq_echem_cv_analysis_options_default();
    o.n_electrons = 1;
    o.T_K = p.T_K;
    const double past[2] = {0.15, 0.3}, dep_want[2] = {58.8e-3, 57.8e-3};
    p.Cdl = 0.05 * ip_rs / p.v;
    for (int k = 0; k < 2; k++) {
        p.E_vertex = p.E0 - past[k];
        r = NULL;
        LQ_CHECK_STATUS(cv_sim_run(&p, &r), LQ_OK);
        if (!r) return;
        lq_echem_cv_analysis *a = analyse1(r, &o);
        lq_echem_record_free(r);
        if (!a) return;
        const lq_echem_cv_cycle *c = &a->files[0].cycles[0];
        const lq_echem_peak *pa = &a->files[0].sweeps[1].res.peaks[0];
        const lq_echem_peak *pc = &a->files[0].sweeps[0].res.peaks[0];
        LQ_CHECK(pa->base_kind == LQ_ECHEM_BASE_NICHOLSON);
        LQ_CHECK(pc->base_kind == LQ_ECHEM_BASE_EXTRAPOLATED);
        LQ_CHECK_CLOSE(-pc->Ip_ext_A, ip_rs, 0.01, 0);
        LQ_CHECK_CLOSE(c->ip_ratio, 1.0, 0.02, 0);
        if (k == 1) LQ_CHECK(fabs(pa->Ip_A / pc->Ip_ext_A) < 0.9);
        LQ_CHECK(c->ratio_quality.flags == 0);
        LQ_CHECK_CLOSE(c->dEp_V, dep_want[k], 0, 1.5e-3);
        LQ_CHECK_CLOSE(c->dEp_rev_V, 2.218 / f, 1e-12, 0);
        LQ_CHECK(c->quality.flags == 0);
        if (c->quality.flags) fprintf(stderr, "  unexpected flag: %s\n", c->quality.reason);
        if (pa->quality.flags) fprintf(stderr, "  return peak flag: %s\n", pa->quality.reason);
        fprintf(stderr,
                "  measured switching %.0f mV past E0: Ipa/Ipc (Nicholson) %.4f, local %.4f; dEp "
                "%.2f mV (table %.1f), psi %.3g\n",
                1e3 * past[k], c->ip_ratio, fabs(pa->Ip_A / pc->Ip_ext_A), 1e3 * c->dEp_V,
                1e3 * dep_want[k], c->psi);
        lq_echem_cv_analysis_free(a);
    }
}
