/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of the echem analyses. */
#ifndef TEST_ECHEM_ANA_H
#define TEST_ECHEM_ANA_H

void test_ana_ref_seed(void);
void test_ana_numerics(void);
void test_ana_emf_titration(void);
void test_ana_emf_errors(void);
void test_ana_cv_synthetic(void);
void test_ana_cv_diffusion(void);
void test_ana_swv_n(void);
void test_ana_ca_sh(void);
void test_ana_ca_cottrell(void);
void test_ana_ca_physical(void);
void test_ana_ca_flags(void);
void test_ana_ca_induction(void);
void test_ana_cv_baseline(void);
void test_ana_cv_ir(void);
void test_ana_swv_flags(void);
void test_ana_ocp_plateaus(void);
void test_ana_errors(void);
void test_ana_random_inputs(void);
void test_ana_emf_analyse(void);
void test_ana_emf_analyse_errors(void);
void test_ana_cv_analyse(void);
void test_ana_cv_report(void);
void test_ana_swv_analyse(void);
void test_ana_ca_analyse(void);
void test_ana_ocp_analyse(void);
void test_ana_record_summary(void);
void test_ana_cv_nicholson(void);
void test_ana_cv_nicholson_anodic(void);
void test_ana_cv_kinetics(void);
void test_ana_cv_diffusion_rates(void);
void test_ana_semi_integral(void);
void test_ana_cv_semi(void);
void test_ana_cv_user_baseline(void);
void test_ana_cv_deconvolve(void);

/* Prints a measured value against its reference (the figures quoted in the report). */
#include <math.h>
#include <stdio.h>
static inline void ana_report(const char *what, double got, double want) {
    fprintf(stderr, "  measured %-34s got %.10g want %.10g (rel. dev. %.3g)\n", what, got, want,
            want != 0.0 ? fabs(got - want) / fabs(want) : fabs(got - want));
}

#endif
