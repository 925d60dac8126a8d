/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exact recovery of known parameters, TDB round trip, error paths of lq_assess_paramgen. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "pg.h"

#define R_PYCALPHAD 8.3145 /* pycalphad.variables.R, the value ESPEI's models use */

/* Known model (values with at most 6 significant figures, so ESPEI's rounding keeps them):
 *   CUMG2 (Cu)1(Mg)2:  G - GHSER = A + B T + C T ln T per formula unit
 *   LIQUID (Cu,Mg):    L0 = a0 + b0 T, L1 = a1 (Redlich-Kister)
 * Data per mole of atoms: CPM_FORM, SM_FORM, HM_FORM of CUMG2 at 300..900 K; HM_MIX and SM_MIX
 * (ideal mixing included, as ESPEI's datasets) of the liquid at 1000..1300 K. */
static const double A = -31234.5, B = 12.3456, C = -2.5;
static const double a0 = -34567.8, b0 = 7.25, a1 = -6543.21;

void test_synthetic_recovery(void) {
    tpm pm;
    tpm_init(&pm, "CU,MG");
    tpm_phase(&pm, "CUMG2", "CU:MG", (const double[]){1, 2});
    tpm_phase(&pm, "LIQUID", "CU,MG", (const double[]){1});
    static tds cp, sf, hf, hm, sm;
    const double Tf[] = {300, 500, 700, 900};
    double vcp[4], vsf[4], vhf[4];
    for (int i = 0; i < 4; i++) {
        double T = Tf[i];
        vcp[i] = -C / 3.0;                        /* Cp = -T d2G/dT2 */
        vsf[i] = -(B + C * (log(T) + 1.0)) / 3.0; /* S = -dG/dT */
        vhf[i] = (A - C * T) / 3.0;               /* H = G - T dG/dT */
    }
    tds_init(&cp, "CUMG2", "CPM_FORM", "CU,MG", "CU:MG", NULL, Tf, 4, vcp, 1.0, NULL);
    tds_init(&sf, "CUMG2", "SM_FORM", "CU,MG", "CU:MG", NULL, Tf, 4, vsf, 1.0, NULL);
    tds_init(&hf, "CUMG2", "HM_FORM", "CU,MG", "CU:MG", NULL, Tf, 4, vhf, 1.0, NULL);
    const double Tl[] = {1000, 1100, 1200, 1300};
    const double xs[] = {0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9};
    double occ[14], vhm[28], vsm[28];
    for (int k = 0; k < 7; k++) {
        occ[2 * k] = xs[k];
        occ[2 * k + 1] = 1.0 - xs[k];
    }
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 7; k++) {
            double x = xs[k], y = 1.0 - x, z = x - y;
            vhm[i * 7 + k] = x * y * (a0 + a1 * z);
            vsm[i * 7 + k] = -R_PYCALPHAD * (x * log(x) + y * log(y)) - x * y * b0;
        }
    const char *cfg7 = "CU,MG;CU,MG;CU,MG;CU,MG;CU,MG;CU,MG;CU,MG";
    tds_init(&hm, "LIQUID", "HM_MIX", "CU,MG", cfg7, occ, Tl, 4, vhm, 1.0, NULL);
    tds_init(&sm, "LIQUID", "SM_MIX", "CU,MG", cfg7, occ, Tl, 4, vsm, 1.0, NULL);
    lq_dataset *v[] = {&cp.d, &sf.d, &hf.d, &hm.d, &sm.d};
    lq_dataset_set set = {5, v, 0};
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, &r, NULL), LQ_OK);
    if (!r) return;
    /* CUMG2: VV0000 = C (T ln T), VV0001 = B (T), VV0002 = A; LIQUID: VV0003 = a1 (L1),
     * VV0004 = b0 (L0, T), VV0005 = a0 (L0). Tolerance 1e-6 relative (STYLE.md, fits). */
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), C, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), B, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0002"), A, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0003"), a1, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0004"), b0, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0005"), a0, 1e-6, 0);
    LQ_CHECK(r->n_symbols == 6);
    /* the right models were chosen: the simplest exact candidate in each step */
    int seen = 0;
    for (size_t i = 0; i < r->n_selections; i++) {
        const lq_assess_paramgen_selection *s = &r->selections[i];
        if (!strcmp(s->phase, "CUMG2") && !strcmp(s->data_type, "CPM"))
            seen += !strcmp(s->features, "T*log(T)") && s->n_candidates == 4 && s->n_samples == 4;
        if (!strcmp(s->phase, "LIQUID") && !strcmp(s->data_type, "SM"))
            seen += !strcmp(s->features, "T*YS") && s->n_samples == 28;
        if (!strcmp(s->phase, "LIQUID") && !strcmp(s->data_type, "HM"))
            seen += !strcmp(s->features, "YS, YS*Z");
    }
    LQ_CHECK(seen == 3);
    LQ_CHECK(strstr(r->tdb, "PARAMETER L(LIQUID,CU,MG;0) 1 +VV0004*T+VV0005; 10000 N !") != NULL);
    LQ_CHECK(strstr(r->tdb, "PARAMETER L(LIQUID,CU,MG;1) 1 +VV0003; 10000 N !") != NULL);

    /* invariance: the same datasets in another order give the same parameters */
    static tds hm2;
    double vhm2[28];
    memcpy(vhm2, vhm, sizeof vhm);
    tds_init(&hm2, "LIQUID", "HM_MIX", "CU,MG", cfg7, occ, Tl, 4, vhm2, 1.0, NULL);
    lq_dataset *v2[] = {&sm.d, &hm2.d, &hf.d, &cp.d, &sf.d};
    lq_dataset_set set2 = {5, v2, 0};
    lq_assess_paramgen_result *r2 = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set2, NULL, &r2, NULL), LQ_OK);
    for (size_t i = 0; r2 && i < r->n_symbols; i++)
        LQ_CHECK_CLOSE(pg_symbol(r2, r->symbols[i].name), r->symbols[i].value, 1e-12, 0);
    lq_assess_paramgen_free(r2);
    lq_assess_paramgen_free(r);
}

/* With no data an endmember gets the SER sum only, and AICc penalty factors change the choice. */
void test_synthetic_endmember(void) {
    tpm pm;
    tpm_init(&pm, "CU,MG,VA");
    tpm_phase(&pm, "LAVES_C15", "CU,MG:CU,MG", (const double[]){2, 1});
    tpm_phase(&pm, "HCP_A3", "CU,MG:VA", (const double[]){1, 0.5});
    lq_dataset_set set = {0, NULL, 0};
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, &r, NULL), LQ_OK);
    if (!r) return;
    LQ_CHECK(r->n_symbols == 0);
    LQ_CHECK(strstr(r->tdb, "PARAMETER G(LAVES_C15,CU:MG;0) 1 +2*GHSERCU+GHSERMG; 10000 N !"));
    LQ_CHECK(strstr(r->tdb, "PARAMETER G(HCP_A3,CU:VA;0) 1 +GHCPCU; 10000 N !"));
    LQ_CHECK(strstr(r->tdb, "PARAMETER G(HCP_A3,MG:VA;0) 1 +GHCPMG; 10000 N !"));
    LQ_CHECK(pg_count_params(r, 'L', NULL) == 0);
    lq_assess_paramgen_free(r);

    /* L0 + L1 exact data: selected with penalty 1, L0 alone with a large penalty on HM */
    static tds h;
    const double T[] = {298.15};
    tds_init(&h, "HCP_A3", "HM_MIX", "CU,MG,VA", "CU,MG:VA;CU,MG:VA;CU,MG:VA",
             (const double[]){0.25, 0.75, 1, 0.5, 0.5, 1, 0.75, 0.25, 1}, T, 1,
             (const double[]){-1500, -1000, 0}, 1.0, NULL);
    lq_dataset *v[] = {&h.d};
    lq_dataset_set s1 = {1, v, 0};
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &s1, NULL, &r, NULL), LQ_OK);
    LQ_CHECK(r && pg_count_params(r, 'L', "HCP_A3") == 2);
    lq_assess_paramgen_free(r);
    r = NULL;
    lq_assess_aicc_penalty pen = {"HCP_A3", "HM", 1000.0};
    lq_assess_paramgen_options opt;
    lq_assess_paramgen_options_default(&opt);
    opt.n_aicc_penalty = 1;
    opt.aicc_penalty = &pen;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &s1, &opt, &r, NULL), LQ_OK);
    LQ_CHECK(r && pg_count_params(r, 'L', "HCP_A3") == 1);
    lq_assess_paramgen_free(r);
}

/* The TDB reads back into liquidus: the unary functions are SGTE's and the symbols the fit's. */
void test_tdb_roundtrip(void) {
    tpm pm;
    tpm_init(&pm, "CU,MG");
    tpm_phase(&pm, "LIQUID", "CU,MG", (const double[]){1});
    tpm_phase(&pm, "CUMG2", "CU:MG", (const double[]){1, 2});
    static tds hf;
    const double T[] = {298.15};
    tds_init(&hf, "CUMG2", "HM_FORM", "CU,MG", "CU:MG", NULL, T, 1, (const double[]){-10809.9}, 1.0,
             NULL);
    lq_dataset *v[] = {&hf.d};
    lq_dataset_set set = {1, v, 0};
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, &r, NULL), LQ_OK);
    if (!r) return;
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -32429.7, 1e-12, 0); /* 3 * -10809.9, 6 digits */
    lq_db *db = NULL;
    lq_diag dg;
    memset(&dg, 0, sizeof dg);
    LQ_CHECK_STATUS(lq_assess_paramgen_db(r, &db, &dg), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_paramgen_db(NULL, &db, &dg), LQ_EINVAL);
    if (db) {
        double g = 0, g2 = 0;
        LQ_CHECK_STATUS(lq_db_function_eval(db, "VV0000", 500, 101325, &g, NULL), LQ_OK);
        LQ_CHECK_CLOSE(g, -32429.7, 1e-12, 0);
        /* SER convention: H(298.15) = 0, so G(298.15) = -298.15 S298 (S298 from the SER table);
         * the SGTE polynomials reproduce it to about 0.1 J/mol: tolerance 0.5 J/mol. */
        LQ_CHECK_STATUS(lq_db_function_eval(db, "GHSERCU", 298.15, 101325, &g, NULL), LQ_OK);
        LQ_CHECK_CLOSE(g, -298.15 * 33.15, 0, 0.5);
        LQ_CHECK_STATUS(lq_db_function_eval(db, "GHSERMG", 298.15, 101325, &g, NULL), LQ_OK);
        LQ_CHECK_CLOSE(g, -298.15 * 32.671, 0, 0.5);
        /* GLIQCU - GHSERCU below the melting point is SGTE's a + bT + cT^7 (closed form) */
        LQ_CHECK_STATUS(lq_db_function_eval(db, "GLIQCU", 1000, 101325, &g, NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_db_function_eval(db, "GHSERCU", 1000, 101325, &g2, NULL), LQ_OK);
        LQ_CHECK_CLOSE(g - g2, 12964.735 - 9.511904 * 1000 - 5.8489e-21 * 1e21, 1e-12, 1e-9);
        /* the two Cu pieces of GHSERCU meet at 1357.77 K (SGTE continuity, 0.1 J/mol) */
        LQ_CHECK_STATUS(lq_db_function_eval(db, "GHSERCU", 1357.77 - 1e-9, 101325, &g, NULL),
                        LQ_OK);
        LQ_CHECK_STATUS(lq_db_function_eval(db, "GHSERCU", 1357.77 + 1e-9, 101325, &g2, NULL),
                        LQ_OK);
        LQ_CHECK_CLOSE(g, g2, 0, 0.1);
        LQ_CHECK(lq_db_warning_count(db) == 0);
    }
    lq_db_free(db);
    lq_assess_paramgen_free(r);
}

void test_errors(void) {
    tpm pm;
    tpm_init(&pm, "CU,MG");
    tpm_phase(&pm, "LIQUID", "CU,MG", (const double[]){1});
    lq_dataset_set set = {0, NULL, 0};
    lq_assess_paramgen_result *r = NULL;
    lq_diag dg;
    LQ_CHECK_STATUS(lq_assess_paramgen(NULL, &set, NULL, &r, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, NULL, NULL, &r, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, NULL, NULL), LQ_EINVAL);
    lq_assess_paramgen_options opt;
    lq_assess_paramgen_options_default(&opt);
    opt.ref_state = "SR2016";
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, &opt, &r, &dg), LQ_EUNSUPPORTED);
    lq_assess_paramgen_options_default(&opt);
    opt.excess_model = "quadratic";
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, &opt, &r, &dg), LQ_EUNSUPPORTED);
    lq_assess_paramgen_options_default(&opt);
    opt.use_ridge = 1;
    opt.ridge_alpha = -1;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, &opt, &r, &dg), LQ_EINVAL);
    tpm fe;
    tpm_init(&fe, "FE,NI");
    tpm_phase(&fe, "LIQUID", "FE,NI", (const double[]){1});
    memset(&dg, 0, sizeof dg);
    LQ_CHECK_STATUS(lq_assess_paramgen(&fe.m, &set, NULL, &r, &dg), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(dg.msg, "FE") != NULL);
    /* _MIX data without occupancies are refused, as ESPEI refuses them */
    static tds bad;
    const double T[] = {1000};
    tds_init(&bad, "LIQUID", "HM_MIX", "CU,MG", "CU,MG", NULL, T, 1, (const double[]){-1000}, 1.0,
             NULL);
    lq_dataset *v[] = {&bad.d};
    lq_dataset_set s1 = {1, v, 0};
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &s1, NULL, &r, &dg), LQ_EINVAL);
    LQ_CHECK(r == NULL);
    /* allocation failures: every one is reported as LQ_ENOMEM without leaks (ASan) */
    static tds good;
    tds_init(&good, "LIQUID", "HM_MIX", "CU,MG", "CU,MG;CU,MG",
             (const double[]){0.3, 0.7, 0.6, 0.4}, T, 1, (const double[]){-1000, -1200}, 1.0, NULL);
    lq_dataset *vg[] = {&good.d};
    lq_dataset_set sg = {1, vg, 0};
    int ok = 0, nomem = 0;
    for (long n = 0; n < 400 && !ok; n++) {
        lqi_alloc_fail_after(n);
        lq_status st = lq_assess_paramgen(&pm.m, &sg, NULL, &r, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            ok = 1;
            lq_assess_paramgen_free(r);
            r = NULL;
        } else {
            nomem += st == LQ_ENOMEM;
        }
    }
    LQ_CHECK(ok && nomem > 0);
    lq_assess_paramgen_free(NULL);
}

/* The Bi and Nd unary data against the project's hand-written data/tdb/BiNd.tdb (SGTE 1991,
 * typed independently from Dinsdale's tables): same functions, so 1e-9 relative. The Nd BCC
 * piece above 1799 K differs in ESPEI's table (ESPEI extends the 1289 K piece to 1800 K), so
 * GBCCND is compared below 1799 K only. */
void test_unary_bind(void) {
    char path[1024];
    const char *src = getenv("LQ_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/data/tdb/BiNd.tdb", src && *src ? src : "..");
    lq_db *ref = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(path, &ref, NULL), LQ_OK);
    tpm pm;
    tpm_init(&pm, "BI,ND");
    tpm_phase(&pm, "LIQUID", "BI,ND", (const double[]){1});
    tpm_phase(&pm, "BCC_A2", "BI,ND", (const double[]){1});
    lq_dataset_set set = {0, NULL, 0};
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, &r, NULL), LQ_OK);
    lq_db *db = NULL;
    if (r) LQ_CHECK_STATUS(lq_db_read_string(r->tdb, "generated", &db, NULL), LQ_OK);
    const char *fn[] = {"GHSERBI", "GLIQBI", "GBCCBI", "GHSERND", "GLIQND", "GBCCND"};
    const double Ts[] = {298.15, 299.5, 350, 500, 544.56, 700, 850, 950, 1130, 1250, 1500, 1790};
    for (size_t i = 0; db && ref && i < 6; i++)
        for (size_t k = 0; k < sizeof Ts / sizeof Ts[0]; k++) {
            double a = 0, b = 0;
            LQ_CHECK_STATUS(lq_db_function_eval(db, fn[i], Ts[k], 101325, &a, NULL), LQ_OK);
            LQ_CHECK_STATUS(lq_db_function_eval(ref, fn[i], Ts[k], 101325, &b, NULL), LQ_OK);
            LQ_CHECK_CLOSE(a, b, 1e-9, 1e-9);
        }
    LQ_CHECK(r && strstr(r->tdb, "ELEMENT BI  RHOMBOHEDRAL_A7 208.98 6426.6 56.735 !"));
    lq_db_free(db);
    lq_db_free(ref);
    lq_assess_paramgen_free(r);
}

/* Equivalent sublattices (ESPEI's symmetry): one fit per distinct endmember, parameters for every
 * symmetric copy; a configuration written out of canonical order is refused (ESPEI fails in
 * calculate_points_array on it). */
void test_symmetry(void) {
    tpm pm;
    tpm_init(&pm, "AL,CU");
    tpm_phase(&pm, "BCC_B2", "AL,CU:AL,CU", (const double[]){0.5, 0.5});
    tpm_equivalent(&pm, "0,1");
    static tds hf, bad;
    const double T[] = {298.15};
    tds_init(&hf, "BCC_B2", "HM_FORM", "AL,CU", "AL:CU", NULL, T, 1, (const double[]){-10000}, 1.0,
             NULL);
    lq_dataset *v[] = {&hf.d};
    lq_dataset_set set = {1, v, 0};
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, &r, NULL), LQ_OK);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), -10000, 1e-12, 0);
    LQ_CHECK(r && r->n_symbols == 1);
    LQ_CHECK(r && strstr(r->tdb, "PARAMETER G(BCC_B2,AL:CU;0) 1 +VV0000+0.5*GHSERAL+0.5*GHSERCU"));
    LQ_CHECK(r && strstr(r->tdb, "PARAMETER G(BCC_B2,CU:AL;0) 1 +VV0000+0.5*GHSERAL+0.5*GHSERCU"));
    /* no SGTE91 lattice stability for (AL, BCC_B2): the unfitted endmember gets the SER sum */
    LQ_CHECK(r && strstr(r->tdb, "PARAMETER G(BCC_B2,AL:AL;0) 1 +0.5*GHSERAL+0.5*GHSERAL;"));
    lq_assess_paramgen_free(r);
    r = NULL;
    tds_init(&bad, "BCC_B2", "HM_FORM", "AL,CU", "CU:AL", NULL, T, 1, (const double[]){-10000}, 1.0,
             NULL);
    lq_dataset *vb[] = {&bad.d};
    lq_dataset_set sb = {1, vb, 0};
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &sb, NULL, &r, NULL), LQ_EINVAL);
}

/* Heat-capacity features: G = A + B T + C T ln T + D T^2 + E/T per formula unit of CuMg2, with
 * CPM, SM and HM formation data at 300..1000 K. The CPM step must choose T ln T, T^2, T^-1 and
 * the symbols follow ESPEI's sorted feature order: T**(-1) ("[-1, T]"), T**2 ("[2, T]"),
 * T*log(T) ("[T, log(T)]"), then T and 1. Tolerance 1e-6 relative (fits, STYLE.md). */
void test_synthetic_cp(void) {
    const double gA = -10000, gB = 140.5, gC = -25.5, gD = -0.0012, gE = 85000;
    tpm pm;
    tpm_init(&pm, "CU,MG");
    tpm_phase(&pm, "CUMG2", "CU:MG", (const double[]){1, 2});
    static tds cp, sf, hf;
    double T[8], vcp[8], vsf[8], vhf[8];
    for (int i = 0; i < 8; i++) {
        double t = 300.0 + 100.0 * i;
        T[i] = t;
        vcp[i] = (-gC - 2.0 * gD * t - 2.0 * gE / (t * t)) / 3.0;
        vsf[i] = -(gB + gC * (log(t) + 1.0) + 2.0 * gD * t - gE / (t * t)) / 3.0;
        vhf[i] = (gA - gC * t - gD * t * t + 2.0 * gE / t) / 3.0;
    }
    tds_init(&cp, "CUMG2", "CPM_FORM", "CU,MG", "CU:MG", NULL, T, 8, vcp, 1.0, NULL);
    tds_init(&sf, "CUMG2", "SM_FORM", "CU,MG", "CU:MG", NULL, T, 8, vsf, 1.0, NULL);
    tds_init(&hf, "CUMG2", "HM_FORM", "CU,MG", "CU:MG", NULL, T, 8, vhf, 1.0, NULL);
    lq_dataset *v[] = {&cp.d, &sf.d, &hf.d};
    lq_dataset_set set = {3, v, 0};
    lq_assess_paramgen_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_paramgen(&pm.m, &set, NULL, &r, NULL), LQ_OK);
    if (!r) return;
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0000"), gE, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0001"), gD, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0002"), gC, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0003"), gB, 1e-6, 0);
    LQ_CHECK_CLOSE(pg_symbol(r, "VV0004"), gA, 1e-6, 0);
    LQ_CHECK(r->n_symbols == 5);
    LQ_CHECK(r->n_selections == 3 && !strcmp(r->selections[0].features, "T*log(T), T**2, T**(-1)"));
    LQ_CHECK(strstr(r->tdb,
                    "PARAMETER G(CUMG2,CU:MG;0) 1 +VV0000*T**(-1)+VV0001*T**2"
                    "+VV0002*T*LN(T)+VV0003*T+VV0004+GHSERCU+2*GHSERMG; 10000 N !"));
    lq_assess_paramgen_free(r);
}
