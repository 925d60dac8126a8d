/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the echem analyses (reference electrodes, emf, CV, SWV, CA, OCP). */
#include "lq_test.h"
#include "test_echem_ana.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_ana_ref_seed);
    LQ_RUN(test_ana_numerics);
    LQ_RUN(test_ana_emf_titration);
    LQ_RUN(test_ana_emf_errors);
    LQ_RUN(test_ana_cv_synthetic);
    LQ_RUN(test_ana_cv_diffusion);
    LQ_RUN(test_ana_swv_n);
    LQ_RUN(test_ana_ca_sh);
    LQ_RUN(test_ana_ca_cottrell);
    LQ_RUN(test_ana_ca_physical);
    LQ_RUN(test_ana_ca_flags);
    LQ_RUN(test_ana_ca_induction);
    LQ_RUN(test_ana_cv_baseline);
    LQ_RUN(test_ana_cv_ir);
    LQ_RUN(test_ana_swv_flags);
    LQ_RUN(test_ana_ocp_plateaus);
    LQ_RUN(test_ana_errors);
    LQ_RUN(test_ana_random_inputs);
    LQ_RUN(test_ana_emf_analyse);
    LQ_RUN(test_ana_emf_analyse_errors);
    LQ_RUN(test_ana_cv_analyse);
    LQ_RUN(test_ana_cv_report);
    LQ_RUN(test_ana_swv_analyse);
    LQ_RUN(test_ana_ca_analyse);
    LQ_RUN(test_ana_ocp_analyse);
    LQ_RUN(test_ana_record_summary);
    LQ_RUN(test_ana_cv_nicholson);
    LQ_RUN(test_ana_cv_nicholson_anodic);
    LQ_RUN(test_ana_cv_kinetics);
    LQ_RUN(test_ana_cv_diffusion_rates);
    LQ_RUN(test_ana_semi_integral);
    LQ_RUN(test_ana_cv_semi);
    LQ_RUN(test_ana_cv_user_baseline);
    LQ_RUN(test_ana_cv_deconvolve);
    return lq_test_finish();
}
