/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit's own regression fixture (source/tests/infer/deeppot_sea.yaml + its testcase). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deepmd_test.h"
#include "lq_test.h"
#include "md/dp/dp_internal.h"

/* Tolerance: 1e-10 relative to the largest value of each array (the criterion). The
 * expected values are DeePMD-kit's float64 PyTorch results printed with 19 digits; summation
 * order differs, so agreement is to ~1e-14 of the largest term, well inside 1e-10. */
#define FIX_RTOL 1e-10

static size_t get_list(const cJSON *o, const char *key, double *out, size_t max) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    size_t n = 0;
    for (const cJSON *c = a ? a->child : NULL; c && n < max; c = c->next) out[n++] = c->valuedouble;
    return n;
}

static void check_array(const char *what, const double *got, const double *want, size_t n) {
    double amax = 0;
    for (size_t k = 0; k < n; k++)
        if (fabs(want[k]) > amax) amax = fabs(want[k]);
    size_t bad = 0;
    for (size_t k = 0; k < n; k++)
        if (!(fabs(got[k] - want[k]) <= FIX_RTOL * amax)) {
            if (bad++ < 3)
                fprintf(stderr, "  %s[%zu]: got %.17g want %.17g\n", what, k, got[k], want[k]);
        }
    LQ_CHECK(bad == 0);
}

static lq_dp_model *load_fixture(void) {
    char path[1024];
    if (lq_test_shared_path("data/deepmd/deeppot_sea.yaml", path, sizeof path)) return NULL;
    lq_dp_model *m = NULL;
    lq_diag d;
    lq_status st = lq_dp_model_read(path, &m, &d);
    if (st != LQ_OK) fprintf(stderr, "  %s\n", d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    return m;
}

void test_fixture_values(void) {
    char path[1024];
    lq_dp_model *m = load_fixture();
    if (!m || lq_test_shared_path("data/deepmd/deeppot-testcase.yaml", path, sizeof path)) {
        lq_dp_model_free(m);
        return;
    }
    LQ_CHECK(lq_dp_model_ntypes(m) == 2);
    LQ_CHECK(!strcmp(lq_dp_model_type_name(m, 0), "O") &&
             !strcmp(lq_dp_model_type_name(m, 1), "H"));
    LQ_CHECK_CLOSE(lq_dp_model_rcut_A(m), 6.0, 0, 0);
    LQ_CHECK(lq_dp_model_dim_descriptor(m) == 24 && lq_dp_model_dim_fit_last(m) == 10);
    cJSON *tc = NULL;
    LQ_CHECK_STATUS(lqi_dp_tree_load(path, &tc, NULL), LQ_OK);
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(tc, "results");
    LQ_CHECK(cJSON_GetArraySize(results) == 3);
    int blocks = 0;
    for (const cJSON *r = results ? results->child : NULL; r; r = r->next, blocks++) {
        double coord[18], box[9], ae[6], f[18], av[54], desc[144], fl[60], tyd[6];
        int type[6];
        LQ_CHECK(get_list(r, "coord", coord, 18) == 18 && get_list(r, "atype", tyd, 6) == 6);
        for (int i = 0; i < 6; i++) type[i] = (int)tyd[i];
        int pbc = get_list(r, "box", box, 9) == 9;
        get_list(r, "atomic_energy", ae, 6);
        get_list(r, "force", f, 18);
        get_list(r, "atomic_virial", av, 54);
        size_t nd = get_list(r, "descriptor", desc, 144), nf = get_list(r, "fit_ll", fl, 60);
        double g_ae[6], g_f[18], g_av[54], g_desc[144], g_fl[60];
        lq_dp_frame fr = {6, type, coord, pbc ? box : NULL, NULL, NULL};
        lq_dp_result res = {0};
        res.atom_energy_eV = g_ae;
        res.forces_eV_per_A = g_f;
        res.atom_virial_eV = g_av;
        res.descriptor = g_desc;
        res.fit_last = g_fl;
        lq_diag d;
        lq_status st = lq_dp_compute(m, &fr, NULL, &res, &d);
        LQ_CHECK_STATUS(st, LQ_OK);
        if (st != LQ_OK) continue;
        check_array("atom_energy", g_ae, ae, 6);
        check_array("force", g_f, f, 18);
        check_array("atom_virial", g_av, av, 54);
        double e = 0, v[9] = {0};
        for (int i = 0; i < 6; i++) e += ae[i];
        for (int i = 0; i < 54; i++) v[i % 9] += av[i];
        LQ_CHECK_CLOSE(res.energy_eV, e, 1e-12, 0);
        check_array("virial", res.virial_eV, v, 9);
        if (nd == 144) check_array("descriptor", g_desc, desc, 144);
        if (nf == 60) check_array("fit_ll", g_fl, fl, 60);
    }
    LQ_CHECK(blocks == 3);
    cJSON_Delete(tc);
    lq_dp_model_free(m);
}

/* The same configuration translated, with atoms permuted, and wrapped by lattice vectors gives
 * the same per-atom values (to round-off: 1e-12 relative to the largest value). */
void test_fixture_invariance(void) {
    lq_dp_model *m = load_fixture();
    if (!m) return;
    double pos[18] = {12.83, 2.56, 2.18, 12.09, 2.87, 2.74, 0.25, 3.32, 1.68,
                      3.36,  3.00, 1.81, 3.51,  2.51, 2.60, 4.27, 3.22, 1.56};
    int type[6] = {0, 1, 1, 0, 1, 1};
    /* a sheared cell: a = (13,0,0), b = (3,13,0), c = (-2,1,13) */
    double box[9] = {13, 0, 0, 3, 13, 0, -2, 1, 13};
    double e0[6], f0[18], v0[54];
    lq_dp_result r0 = {0};
    r0.atom_energy_eV = e0;
    r0.forces_eV_per_A = f0;
    r0.atom_virial_eV = v0;
    lq_dp_frame fr = {6, type, pos, box, NULL, NULL};
    LQ_CHECK_STATUS(lq_dp_compute(m, &fr, NULL, &r0, NULL), LQ_OK);
    /* permuted (reverse order), shifted by lattice vectors and a translation */
    double p2[18];
    int t2[6];
    for (int i = 0; i < 6; i++) {
        int s = 5 - i;
        t2[i] = type[s];
        for (int a = 0; a < 3; a++)
            p2[3 * i + a] = pos[3 * s + a] + 0.37 * (a + 1) + (i % 2 ? box[3 + a] : -box[6 + a]);
    }
    double e1[6], f1[18], v1[54];
    lq_dp_result r1 = {0};
    r1.atom_energy_eV = e1;
    r1.forces_eV_per_A = f1;
    r1.atom_virial_eV = v1;
    lq_dp_frame fr2 = {6, t2, p2, box, NULL, NULL};
    LQ_CHECK_STATUS(lq_dp_compute(m, &fr2, NULL, &r1, NULL), LQ_OK);
    double emax = 0;
    for (int i = 0; i < 6; i++) emax = fmax(emax, fabs(e0[i]));
    for (int i = 0; i < 6; i++) {
        int s = 5 - i;
        LQ_CHECK_CLOSE(e1[i], e0[s], 0, 1e-12 * emax);
        for (int a = 0; a < 3; a++) LQ_CHECK_CLOSE(f1[3 * i + a], f0[3 * s + a], 0, 1e-12);
        for (int a = 0; a < 9; a++) LQ_CHECK_CLOSE(v1[9 * i + a], v0[9 * s + a], 0, 1e-12);
    }
    LQ_CHECK_CLOSE(r1.energy_eV, r0.energy_eV, 1e-13, 0);
    lq_dp_model_free(m);
}
