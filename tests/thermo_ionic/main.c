/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the ionic two-sublattice liquid: G against Thermo-Calc/pycalphad values, derivatives,
 * moles per formula unit, and equilibria with variable site ratios. */
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

void test_ionic_femns_energy(void);
void test_ionic_derivatives(void);
void test_ionic_moles(void);
void test_ionic_metallic_limit(void);
void test_ionic_errors(void);
void test_ionic_round_trip(void);
void test_ionic_chloride(void);
void test_ionic_cuo_equilibrium(void);
void test_ionic_fes_gap(void);
void test_ionic_cuo_eutectic(void);
void test_ionic_alloc_failures(void);
void test_ionic_salt_liquidus(void);

int main(void) {
    LQ_RUN(test_ionic_femns_energy);
    LQ_RUN(test_ionic_derivatives);
    LQ_RUN(test_ionic_moles);
    LQ_RUN(test_ionic_metallic_limit);
    LQ_RUN(test_ionic_errors);
    LQ_RUN(test_ionic_round_trip);
    LQ_RUN(test_ionic_chloride);
    LQ_RUN(test_ionic_cuo_equilibrium);
    LQ_RUN(test_ionic_fes_gap);
    LQ_RUN(test_ionic_cuo_eutectic);
    LQ_RUN(test_ionic_salt_liquidus);
    LQ_RUN(test_ionic_alloc_failures);
    return lq_test_finish();
}
