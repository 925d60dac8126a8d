/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loss gradients of deep-potential training against central finite differences, every weight. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dp_train_test.h"
#include "lq_test.h"
#include "md/dp/dp_train_internal.h"

#define NAT 14

/* A jittered lattice of NAT atoms in a sheared cell; three types. */
static void config(double *pos, int *type, double box[9]) {
    static const double b[9] = {7.5, 0, 0, 0.8, 7.0, 0, -0.5, 0.6, 7.2};
    memcpy(box, b, sizeof b);
    lqi_rng r;
    lqi_rng_seed(&r, 77);
    for (int i = 0; i < NAT; i++) {
        double f[3] = {(i % 3 + 0.5) / 3.0, ((i / 3) % 3 + 0.5) / 3.0, (i / 9 + 0.5) / 2.0};
        for (int a = 0; a < 3; a++) f[a] += 0.08 * (lqi_rng_uniform(&r) - 0.5);
        for (int a = 0; a < 3; a++)
            pos[3 * i + a] = f[0] * b[a] + f[1] * b[3 + a] + f[2] * b[6 + a];
        type[i] = i % 3;
    }
}

/* phi = aE E + uF . F + aV : V, by the evaluator. */
static double phi(const lq_dp_model *m, const dpi_tframe *f, double aE, const double *uF,
                  const double *aV) {
    double F[3 * NAT];
    lq_dp_frame fr = {f->n, f->type, f->pos, f->box, NULL, NULL};
    lq_dp_result r = {0};
    r.forces_eV_per_A = F;
    lq_dp_compute_options o;
    lq_dp_compute_options_default(&o);
    o.n_threads = 1;
    if (lq_dp_compute(m, &fr, &o, &r, NULL) != LQ_OK) return (double)NAN;
    double s = aE * r.energy_eV;
    for (int k = 0; k < 3 * NAT; k++) s += uF[k] * F[k];
    for (int k = 0; k < 9; k++) s += aV[k] * r.virial_eV[k];
    return s;
}

/* Five-point central differences with h = 1e-4 relative to the weight's size (at least 1e-4):
 * truncation h^4 |phi^(5)| / 30 ~ 1e-17 and round-off ~ 1e-16 |phi| / h ~ 1e-12 for phi ~ 1, far
 * inside the criterion |g - fd| <= 1e-6 |g| + 1e-9 max|g| (the absolute part covers weights whose
 * gradient vanishes, e.g. idt of a saturated neuron). */
static void check(int one_side, int resnet_dt, const char *label) {
    static const char *const names[3] = {"Na", "Cl", "Mg"};
    static const size_t sel[3] = {5, 7, 3}; /* small: some atoms truncated, some padded */
    lq_dp_random_spec s;
    lq_dp_random_spec_default(&s);
    s.n_types = 3;
    s.type_map = names;
    s.sel = sel;
    s.rcut_A = 4.2;
    s.rcut_smth_A = 1.5;
    s.embed_neuron[0] = 4;
    s.embed_neuron[1] = 8; /* resnet 4 -> 8 doubled */
    s.n_embed = 2;
    s.axis_neuron = 3;
    s.fit_neuron[0] = 6;
    s.fit_neuron[1] = 6;
    s.n_fit = 2;
    s.type_one_side = one_side;
    s.resnet_dt = resnet_dt;
    s.seed = 5;
    cJSON *root = NULL;
    lq_dp_model *m = NULL;
    LQ_CHECK_STATUS(lqi_dp_tree_random(&s, &root, NULL), LQ_OK);
    LQ_CHECK_STATUS(lqi_dp_model_from_tree(root, "t", &m, NULL), LQ_OK);
    cJSON_Delete(root);
    if (!m) return;
    LQ_CHECK_STATUS(lqi_dp_train_supported(m, NULL), LQ_OK);
    double pos[3 * NAT], box[9], uF[3 * NAT], aV[9], aE = 0.7;
    int type[NAT];
    config(pos, type, box);
    lqi_rng r;
    lqi_rng_seed(&r, 3);
    for (int k = 0; k < 3 * NAT; k++) uF[k] = lqi_rng_normal(&r);
    for (int k = 0; k < 9; k++) aV[k] = 0.3 * lqi_rng_normal(&r);
    dpi_tframe f = {NAT, type, pos, box, 0.0, NULL, NULL};
    size_t np = lqi_dp_param_count(m);
    double *p = lqi_malloc_array(np, sizeof *p), *g = lqi_calloc(np, sizeof *g);
    LQ_CHECK(p && g);
    if (!p || !g) goto done;
    lqi_dp_param_copy(m, p, 0);
    LQ_CHECK_STATUS(lqi_dp_frame_grad(m, &f, aE, uF, aV, g, np, 0, NULL), LQ_OK);
    double gmax = 0;
    for (size_t k = 0; k < np; k++) gmax = fmax(gmax, fabs(g[k]));
    size_t bad = 0;
    double worst = 0;
    for (size_t k = 0; k < np; k++) {
        double p0 = p[k], h = 1e-4 * fmax(1.0, fabs(p0)), v[4];
        const double off[4] = {-2, -1, 1, 2};
        for (int q = 0; q < 4; q++) {
            p[k] = p0 + off[q] * h;
            lqi_dp_param_copy(m, p, 1);
            lqi_dp_model_padsum(m);
            v[q] = phi(m, &f, aE, uF, aV);
        }
        p[k] = p0;
        double fd = (v[0] - 8.0 * v[1] + 8.0 * v[2] - v[3]) / (12.0 * h);
        double err = fabs(fd - g[k]), tol = 1e-6 * fabs(g[k]) + 1e-9 * gmax;
        if (err > tol) {
            if (bad < 5)
                printf("  %s: parameter %zu analytic %.12g fd %.12g\n", label, k, g[k], fd);
            bad++;
        }
        if (err / (fabs(g[k]) + 1e-300) > worst && fabs(g[k]) > 1e-6 * gmax)
            worst = err / fabs(g[k]);
    }
    lqi_dp_param_copy(m, p, 1);
    lqi_dp_model_padsum(m);
    printf("  %s: %zu parameters, largest relative error %.2e (|g| > 1e-6 max)\n", label, np,
           worst);
    LQ_CHECK(bad == 0);
done:
    lqi_free(p);
    lqi_free(g);
    lq_dp_model_free(m);
}

void test_grad_fd(void) {
    check(1, 0, "type_one_side");
    check(0, 1, "two-sided, resnet_dt");
}
