/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Warm starts with the anchor's factored Newton matrix (lqi_eq_solve_warm_lu) reach the global
 * solver's equilibrium at new parameter values. */
#include <math.h>
#include <stddef.h>

#include "fixture.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "thermo/equil/equil_internal.h"

void test_warm_lu_equilibria(void);

#define NPT 6

/* Same phases (as a set) and chemical potentials within 1e-9 |mu| + 1e-6 J/mol: both solves stop
 * at scaled residuals of 1e-12 (energies / RT), i.e. potentials within about 1e-8 J/mol of the
 * exact ones; another equilibrium (a phase more or less, another tie-line) moves them by J/mol. */
static int same_eq(const lq_eq_result *a, const lq_eq_result *b) {
    if (a->n_phases != b->n_phases) return 0;
    for (size_t k = 0; k < a->n_phases; k++) {
        int found = 0;
        for (size_t j = 0; j < b->n_phases; j++) found |= a->phases[k].phase == b->phases[j].phase;
        if (!found) return 0;
    }
    for (size_t c = 0; c < a->ncomp; c++)
        if (!(fabs(a->mu[c] - b->mu[c]) <= 1e-9 * fabs(b->mu[c]) + 1e-6)) return 0;
    return 1;
}

/* ESPEI's Cu-Mg database: equilibria at the database's values of four symbols (the anchors), their
 * factors, then the symbols moved by about 1 % (as an MCMC proposal) and every equilibrium solved
 * from its anchor with and without the factors, against the global solver at the new values. A
 * factorisation of another point's system (another size) is not used and does no harm. */
void test_warm_lu_equilibria(void) {
    const char *sym[] = {"VV0000", "VV0003", "VV0008", "VV0017"};
    const double v0[4] = {-32429.6, -14.0865, -40470.2, -31626.6};
    const double v1[4] = {-32429.6 * 1.008, -14.0865 * 0.99, -40470.2 * 1.01, -31626.6 * 0.992};
    /* liquid alone, two-phase fields with the liquid, FCC, HCP, CUMG2 and LAVES_C15 */
    const double Ts[NPT] = {1400.0, 1000.0, 900.0, 800.0, 700.0, 1050.0};
    const double xmg[NPT] = {0.5, 0.15, 0.55, 0.9, 0.3, 0.4};
    lq_eq_result *anc[NPT] = {NULL}, *res = NULL, *want = NULL;
    lqi_eq_lu *lu[NPT] = {NULL};
    lq_fixture_cumg fx;
    int ok = lq_fixture_cumg_open(&fx, sym, 4, NULL);
    lq_eq_ws *ws = fx.ws, *ref = fx.ref;
    const size_t *idx = fx.idx;
    if (!ok) goto done;
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &res), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &want), LQ_OK);
    for (size_t i = 0; i < NPT; i++) LQ_CHECK_STATUS(lq_eq_result_alloc(ws, &anc[i]), LQ_OK);
    if (!res || !want || !anc[NPT - 1]) goto done;
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ws, idx, v0, 4), LQ_OK);
    size_t sizes = 0;
    for (size_t i = 0; i < NPT; i++) {
        double x[2] = {1.0 - xmg[i], xmg[i]};
        LQ_CHECK_STATUS(lq_eq_solve(ws, Ts[i], x, 2, anc[i], NULL), LQ_OK);
        LQ_CHECK_STATUS(lqi_eq_warm_lu(ws, Ts[i], x, 2, anc[i], &lu[i]), LQ_OK);
        LQ_CHECK(lu[i] && lu[i]->n > 0);
        if (i && lu[i] && lu[0] && lu[i]->n != lu[0]->n) sizes++;
    }
    LQ_CHECK(anc[0]->n_phases == 1 && sizes > 0); /* single- and two-phase anchors */
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ws, idx, v1, 4), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_set_symbols(ref, idx, v1, 4), LQ_OK);
    size_t ok_lu = 0, ok_plain = 0, ok_other = 0, moved = 0;
    for (size_t i = 0; i < NPT; i++) {
        double x[2] = {1.0 - xmg[i], xmg[i]};
        LQ_CHECK_STATUS(lq_eq_solve(ref, Ts[i], x, 2, want, NULL), LQ_OK);
        /* the symbols did move it (by 2.5 to 430 J/mol) */
        moved += fmax(fabs(want->mu[0] - anc[i]->mu[0]), fabs(want->mu[1] - anc[i]->mu[1])) > 1.0;
        LQ_CHECK_STATUS(lqi_eq_solve_warm_lu(ws, Ts[i], x, 2, anc[i], lu[i], res), LQ_OK);
        ok_lu += (size_t)same_eq(res, want);
        LQ_CHECK_STATUS(lqi_eq_solve_warm(ws, Ts[i], x, 2, anc[i], res), LQ_OK);
        ok_plain += (size_t)same_eq(res, want);
        LQ_CHECK_STATUS(lqi_eq_solve_warm_lu(ws, Ts[i], x, 2, anc[i], lu[(i + 1) % NPT], res),
                        LQ_OK);
        ok_other += (size_t)same_eq(res, want);
    }
    LQ_CHECK(moved == NPT);
    LQ_CHECK(ok_lu == NPT && ok_plain == NPT && ok_other == NPT);
done:
    for (size_t i = 0; i < NPT; i++) {
        lqi_eq_lu_free(lu[i]);
        lq_eq_result_free(anc[i]);
    }
    lq_eq_result_free(res);
    lq_eq_result_free(want);
    lq_fixture_cumg_close(&fx);
}
