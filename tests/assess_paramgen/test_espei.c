/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI 0.9.1's own parameter-generation tests (tests/test_parameter_generation.py), ported. */
/*
 * Each test names the ESPEI test it ports; the expected numbers are the ones those tests assert
 * (computed by ESPEI, rounded by it to 6 significant figures and compared there with ==). The
 * tolerance 1e-12 relative only allows for the last bit of the decimal-to-binary rounding.
 */
#include <math.h>
#include <string.h>

#include "lq_test.h"
#include "pg.h"

#define EXACT 1e-12

static lq_assess_paramgen_result *run(const tpm *pm, tds *const *ds, size_t n,
                                      const lq_assess_paramgen_options *opt) {
    lq_dataset *v[16];
    for (size_t i = 0; i < n; i++) v[i] = &ds[i]->d;
    lq_dataset_set set = {n, v, 0};
    lq_assess_paramgen_result *r = NULL;
    lq_diag dg;
    memset(&dg, 0, sizeof dg);
    lq_status st = lq_assess_paramgen(&pm->m, &set, opt, &r, &dg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) fprintf(stderr, "  diag: %s\n", dg.msg);
    return r;
}

static const double T298[] = {298.15};

/* test_formation_energies_are_fit: CUMG2 CPM_FORM, SM_FORM and HM_FORM fitted in turn. */
void test_espei_formation(void) {
    tpm pm;
    tpm_init(&pm, "CU,MG");
    tpm_phase(&pm, "CUMG2", "CU:MG", (const double[]){1, 2});
    static tds h, s, c;
    tds_init(&h, "CUMG2", "HM_FORM", "CU,MG", "CU:MG", NULL, T298, 1, (const double[]){-5000}, 1.0,
             NULL);
    tds_init(&s, "CUMG2", "SM_FORM", "CU,MG", "CU:MG", NULL, T298, 1, (const double[]){-2}, 1.0,
             NULL);
    tds_init(&c, "CUMG2", "CPM_FORM", "CU,MG", "CU:MG", NULL, T298, 1, (const double[]){0.3}, 1.0,
             NULL);
    tds *all[] = {&h, &s, &c};
    lq_assess_paramgen_result *r = run(&pm, all, 3, NULL);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -0.9, EXACT, 0);     /* heat capacity (T ln T) */
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), 12.0278, EXACT, 0);  /* entropy (T) */
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0002"), -15268.3, EXACT, 0); /* enthalpy (1) */
    LQ_CHECK(r && r->n_symbols == 3);
    LQ_CHECK(pg_count_params(r, 'G', "CUMG2") == 1);
    LQ_CHECK(r && strstr(r->tdb,
                         "PARAMETER G(CUMG2,CU:MG;0) 1 +VV0000*T*LN(T)+VV0001*T+VV0002"
                         "+GHSERCU+2*GHSERMG; 10000 N !"));
    lq_assess_paramgen_free(r);
}

static void albd(tpm *pm) {
    tpm_init(pm, "AL,B");
    tpm_phase(pm, "LIQUID", "AL,B", (const double[]){1});
    tpm_phase(pm, "FCC_A1", "AL,B", (const double[]){1});
}

/* test_mixing_energies_are_fit */
void test_espei_mixing(void) {
    tpm pm;
    albd(&pm);
    static tds h;
    tds_init(&h, "FCC_A1", "HM_MIX", "AL,B", "AL,B", (const double[]){0.5, 0.5}, T298, 1,
             (const double[]){-10000}, 1.0, NULL);
    tds *all[] = {&h};
    lq_assess_paramgen_result *r = run(&pm, all, 1, NULL);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -40000, EXACT, 0);
    LQ_CHECK(pg_count_params(r, 'L', NULL) == 1);
    /* the pure endmembers take the SGTE91 lattice stabilities */
    LQ_CHECK(r && strstr(r->tdb, "PARAMETER G(FCC_A1,B;0) 1 +GFCCB; 10000 N !"));
    LQ_CHECK(r && strstr(r->tdb, "PARAMETER G(LIQUID,AL;0) 1 +GLIQAL; 10000 N !"));
    lq_assess_paramgen_free(r);
}

/* test_mixing_energies_are_reduced_with_ridge_alpha (ridge_alpha = 1e-2) */
void test_espei_ridge(void) {
    tpm pm;
    albd(&pm);
    static tds h;
    tds_init(&h, "FCC_A1", "HM_MIX", "AL,B", "AL,B", (const double[]){0.5, 0.5}, T298, 1,
             (const double[]){-10000}, 1.0, NULL);
    tds *all[] = {&h};
    lq_assess_paramgen_options opt;
    lq_assess_paramgen_options_default(&opt);
    opt.use_ridge = 1;
    opt.ridge_alpha = 1e-2;
    lq_assess_paramgen_result *r = run(&pm, all, 1, &opt);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -34482.8, EXACT, 0);
    LQ_CHECK(pg_count_params(r, 'L', NULL) == 1);
    lq_assess_paramgen_free(r);
}

/* test_mixing_energies_are_fit_with_higher_order_data: SM_MIX (idmix excluded) then HM_MIX */
void test_espei_higher_order(void) {
    tpm pm;
    albd(&pm);
    static tds h, s;
    tds_init(&h, "FCC_A1", "HM_MIX", "AL,B", "AL,B", (const double[]){0.5, 0.5}, T298, 1,
             (const double[]){-10000}, 1.0, NULL);
    tds_init(&s, "FCC_A1", "SM_MIX", "AL,B", "AL,B", (const double[]){0.5, 0.5}, T298, 1,
             (const double[]){0.1}, 1.0, "idmix,mag");
    tds *all[] = {&h, &s};
    lq_assess_paramgen_result *r = run(&pm, all, 2, NULL);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -0.4, EXACT, 0);   /* entropy */
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), -40000, EXACT, 0); /* enthalpy */
    LQ_CHECK(pg_count_params(r, 'L', NULL) == 1);
    lq_assess_paramgen_free(r);
}

/* test_mixing_data_is_excess_only: SM_MIX = 0 with idmix excluded gives no (or a zero) L */
void test_espei_excess_only(void) {
    tpm pm;
    albd(&pm);
    static tds s;
    tds_init(&s, "FCC_A1", "SM_MIX", "AL,B", "AL,B", (const double[]){0.5, 0.5}, T298, 1,
             (const double[]){0}, 1.0, "idmix,mag");
    tds *all[] = {&s};
    lq_assess_paramgen_result *r = run(&pm, all, 1, NULL);
    size_t nl = pg_count_params(r, 'L', NULL);
    LQ_CHECK(nl == 0 || (nl == 1 && fabs(pg_symbol(r, "VV0000")) <= 1e-14));
    lq_assess_paramgen_free(r);
}

/* test_multi_sublattice_mixing_energies_are_fit: (AL,B)1(AL,VA)3 */
void test_espei_multi_sublattice(void) {
    tpm pm;
    tpm_init(&pm, "AL,B,VA");
    tpm_phase(&pm, "FCC_A1", "AL,B:AL,VA", (const double[]){1, 3});
    static tds h;
    tds_init(&h, "FCC_A1", "HM_MIX", "AL,B,VA", "AL,B:VA;AL,B:AL",
             (const double[]){0.5, 0.5, 1, 0.5, 0.5, 1}, T298, 1, (const double[]){-10000, -10000},
             1.0, NULL);
    tds *all[] = {&h};
    lq_assess_paramgen_result *r = run(&pm, all, 1, NULL);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -160000.0, EXACT, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), -40000.0, EXACT, 0);
    LQ_CHECK(pg_count_params(r, 'L', NULL) == 2);
    lq_assess_paramgen_free(r);
}

/* test_symmetric_ternary_parameter_can_be_generated (+ _in_presence_of_binary_data),
 * test_asymmetric_ternary_parameters_can_be_generated (+ _for_2_sublattice) */
void test_espei_ternary(void) {
    tpm a2;
    tpm_init(&a2, "AL,CO,CR");
    tpm_phase(&a2, "BCC_A2", "AL,CO,CR", (const double[]){1});
    static tds sym, bin, asym, asym2;
    tds_init(&sym, "BCC_A2", "HM_MIX", "AL,CO,CR", "AL,CO,CR",
             (const double[]){0.333, 0.333, 0.334}, T298, 1, (const double[]){-7860.0}, 1.0, NULL);
    tds_init(&bin, "BCC_A2", "HM_MIX", "AL,CO", "AL,CO", (const double[]){0.5, 0.5}, T298, 1,
             (const double[]){-1000.0}, 1.0, NULL);
    tds_init(&asym, "BCC_A2", "HM_MIX", "AL,CO,CR", "AL,CO,CR;AL,CO,CR;AL,CO,CR",
             (const double[]){0.25, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25, 0.25}, T298, 1,
             (const double[]){-70.3125, -62.5, -54.6875}, 1.0, NULL);
    {
        tds *all[] = {&sym};
        lq_assess_paramgen_result *r = run(&a2, all, 1, NULL);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -212221.0, EXACT, 0);
        LQ_CHECK(pg_count_params(r, 'L', NULL) == 1);
        lq_assess_paramgen_free(r);
    }
    {
        tds *all[] = {&bin, &sym};
        lq_assess_paramgen_result *r = run(&a2, all, 2, NULL);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -4000.0, EXACT, 0);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), -200245.0, EXACT, 0);
        LQ_CHECK(pg_count_params(r, 'L', NULL) == 2);
        lq_assess_paramgen_free(r);
    }
    {
        tds *all[] = {&asym};
        lq_assess_paramgen_result *r = run(&a2, all, 1, NULL);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -3000.0, EXACT, 0);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), -2000.0, EXACT, 0);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0002"), -1000.0, EXACT, 0);
        LQ_CHECK(pg_count_params(r, 'L', NULL) == 3);
        lq_assess_paramgen_free(r);
    }
    tpm b2;
    tpm_init(&b2, "AL,CO,CR");
    tpm_phase(&b2, "BCC_B2", "AL,CO,CR:AL,CO,CR", (const double[]){0.5, 0.5});
    tds_init(&asym2, "BCC_B2", "HM_MIX", "AL,CO,CR", "AL,CO,CR:AL;AL,CO,CR:AL;AL,CO,CR:AL",
             (const double[]){0.25, 0.25, 0.5, 1, 0.25, 0.5, 0.25, 1, 0.5, 0.25, 0.25, 1}, T298, 1,
             (const double[]){-140.625, -125.0, -109.375}, 1.0, NULL);
    {
        tds *all[] = {&asym2};
        lq_assess_paramgen_result *r = run(&b2, all, 1, NULL);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -6000.0, EXACT, 0);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), -4000.0, EXACT, 0);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0002"), -2000.0, EXACT, 0);
        LQ_CHECK(pg_count_params(r, 'L', NULL) == 3);
        lq_assess_paramgen_free(r);
    }
}

/* test_cpm_sm_data_can_be_fit_successively and test_high_order_interaction_terms_no_spurious_
 * symbols (Cu-Zn liquid) */
void test_espei_cpm_sm(void) {
    tpm pm;
    tpm_init(&pm, "CU,ZN");
    tpm_phase(&pm, "LIQUID", "CU,ZN", (const double[]){1});
    static tds cp, sm, l1;
    tds_init(&cp, "LIQUID", "CPM_MIX", "CU,ZN", "CU,ZN;CU,ZN;CU,ZN",
             (const double[]){0.5, 0.5, 0.1, 0.9, 0.8, 0.2}, (const double[]){300}, 1,
             (const double[]){11.1425, -5.0, 5.0}, 1.0, NULL);
    tds_init(&sm, "LIQUID", "SM_MIX", "CU,ZN", "CU,ZN", (const double[]){0.25, 0.75},
             (const double[]){600}, 1, (const double[]){-9.952211364}, 1.0, "idmix");
    /* the same with scikit-learn 1.0-1.5's lstsq cutoff (machine epsilon) and 1.6-1.8's */
    for (int v = 0; v < 2; v++) {
        lq_assess_paramgen_options opt;
        lq_assess_paramgen_options_default(&opt);
        if (v) opt.lstsq_cond = 2.220446049250313e-16;
        tds *all[] = {&cp, &sm};
        lq_assess_paramgen_result *r = run(&pm, all, 2, &opt);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), 105.255, EXACT, 0); /* T ln T, L2 */
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), -40.953, EXACT, 0); /* T ln T, L1 */
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0002"), -44.57, EXACT, 0);  /* T ln T, L0 */
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0003"), 36.6556, EXACT, 0); /* T, L0 */
        lq_assess_paramgen_free(r);
    }
    tds_init(&l1, "LIQUID", "SM_MIX", "CU,ZN", "CU,ZN;CU,ZN",
             (const double[]){0.5, 0.5, 0.25, 0.75}, (const double[]){600}, 1,
             (const double[]){0, 10000}, 1.0, "idmix");
    {
        tds *all[] = {&l1};
        lq_assess_paramgen_result *r = run(&pm, all, 1, NULL);
        LQ_CHECK(!isnan(pg_symbol(r, "VV0000")) && !isnan(pg_symbol(r, "VV0001")));
        /* the L1 parameter is exactly VV0000*T: no stray Z or YS */
        LQ_CHECK(r && strstr(r->tdb, "PARAMETER L(LIQUID,CU,ZN;1) 1 +VV0000*T; 10000 N !"));
        lq_assess_paramgen_free(r);
    }
}

/* test_weighting_invariance: weights do not change the selected model */
void test_espei_weighting(void) {
    tpm pm;
    tpm_init(&pm, "AL,B");
    tpm_phase(&pm, "ALPHA", "AL,B", (const double[]){1});
    static tds l0, l1;
    for (int wi = 0; wi < 2; wi++) {
        double w = wi ? 0.1 : 1.0;
        tds_init(&l0, "ALPHA", "HM_MIX", "AL,B", "AL,B", (const double[]){0.5, 0.5}, T298, 1,
                 (const double[]){-1000}, w, NULL);
        tds *all[] = {&l0};
        lq_assess_paramgen_result *r = run(&pm, all, 1, NULL);
        LQ_CHECK(pg_count_params(r, 'L', NULL) == 1);
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -4000, EXACT, 0);
        lq_assess_paramgen_free(r);
    }
    for (int wi = 0; wi < 2; wi++) {
        double w = wi ? 0.1 : 1.0;
        tds_init(&l1, "ALPHA", "HM_MIX", "AL,B", "AL,B;AL,B;AL,B",
                 (const double[]){0.25, 0.75, 0.5, 0.5, 0.75, 0.25}, T298, 1,
                 (const double[]){-1000.0, 0, 1000.0}, w, NULL);
        tds *all[] = {&l1};
        lq_assess_paramgen_result *r = run(&pm, all, 1, NULL);
        /* ESPEI asserts np.isclose (rtol 1e-5, atol 1e-8) here */
        LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), 1000.0 * 32 / 3, 1e-5, 1e-8); /* L1 */
        if (!wi) {
            LQ_CHECK(pg_count_params(r, 'L', NULL) == 2);
            LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), 0.0, 1e-5, 1e-8); /* L0 */
        }
        lq_assess_paramgen_free(r);
    }
}
