/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole-trajectory analyses (frame times, MSD with masses and its fitted line, g(r) with the
 * density) against the single calls they are made of, and the histogram's fitted Gaussian. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "lq_test.h"
#include "md_tools_test.h"

/* A random walk of 2 species in a 20 x 21 x 22 A box, 40 frames 10 steps apart. */
static void walk(lq_md_trajectory *t, size_t F, size_t N) {
    memset(t, 0, sizeof *t);
    t->n_frames = F;
    t->n_atoms = N;
    t->n_species = 2;
    snprintf(t->species[0].name, LQ_MD_SPECIES_NAME, "Na");
    snprintf(t->species[1].name, LQ_MD_SPECIES_NAME, "Cl");
    t->species[0].mass_amu = 22.99;
    t->species[1].mass_amu = 35.45;
    t->type = malloc(N * sizeof *t->type);
    t->id = malloc(N * sizeof *t->id);
    t->timestep = malloc(F * sizeof *t->timestep);
    t->box_A = malloc(3 * F * sizeof *t->box_A);
    t->pos_A = malloc(F * 3 * N * sizeof *t->pos_A);
    lqi_rng r;
    lqi_rng_seed(&r, 5);
    for (size_t i = 0; i < N; i++) {
        t->type[i] = (int)(i % 2);
        t->id[i] = (long)i + 1;
    }
    for (size_t f = 0; f < F; f++) {
        t->timestep[f] = 100 + 10 * (long)f;
        t->box_A[3 * f] = 20.0, t->box_A[3 * f + 1] = 21.0, t->box_A[3 * f + 2] = 22.0;
        for (size_t i = 0; i < 3 * N; i++)
            t->pos_A[f * 3 * N + i] =
                f == 0 ? 20.0 * lqi_rng_uniform(&r)
                       : t->pos_A[(f - 1) * 3 * N + i] + 0.3 * lqi_rng_normal(&r);
    }
}

static void unwalk(lq_md_trajectory *t) {
    free(t->type);
    free(t->id);
    free(t->timestep);
    free(t->box_A);
    free(t->pos_A);
}

void test_traj_frame_dt_msd(void) {
    lq_md_trajectory t;
    walk(&t, 40, 200);
    double dt = 0.0;
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_trajectory_frame_dt_compute(&t, 0.001, &dt, &d), LQ_OK);
    LQ_CHECK(dt == 10 * 0.001); /* exact: the same product */
    t.timestep[7] += 1;
    LQ_CHECK_STATUS(lq_md_trajectory_frame_dt_compute(&t, 0.001, &dt, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "160") != NULL && strstr(d.msg, "171") != NULL);
    t.timestep[7] -= 1;
    t.n_frames = 1;
    LQ_CHECK_STATUS(lq_md_trajectory_frame_dt_compute(&t, 0.001, &dt, &d), LQ_EINVAL);
    t.n_frames = 40;
    LQ_CHECK_STATUS(lq_md_trajectory_frame_dt_compute(&t, 0.0, &dt, &d), LQ_EINVAL);
    /* MSD with the species' masses, and with equal weights once a mass is unknown */
    LQ_CHECK(lq_md_trajectory_masses_known(&t) == 1);
    lq_md_msd_options o = lq_md_msd_options_default();
    o.dt_ps = 0.01;
    lq_md_msd a, b;
    double mass[2] = {22.99, 35.45};
    LQ_CHECK_STATUS(lq_md_msd_trajectory_compute(&t, &o, &a, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_md_msd_compute(t.pos_A, 40, 200, t.type, 2, mass, &o, &b, NULL), LQ_OK);
    LQ_CHECK(a.D_cm2_s[0] == b.D_cm2_s[0] && a.D_cm2_s[1] == b.D_cm2_s[1]);
    /* the fitted line: slope 6 D (A^2/ps) and zero mean residual over the fit lags */
    for (size_t s = 0; s < 2; s++) {
        double t0 = a.fit_t0_ps[s], t1 = a.fit_t1_ps[s];
        double y0 = lq_md_msd_fit_eval(&a, s, t0), y1 = lq_md_msd_fit_eval(&a, s, t1);
        /* 1e-9: differences of A^2 values of order 1 */
        LQ_CHECK_CLOSE((y1 - y0) / (t1 - t0), 6.0 * a.D_cm2_s[s] * 1e4, 1e-9, 0.0);
        double res = 0.0;
        size_t i0 = (size_t)lround(t0 / a.dt_ps), i1 = (size_t)lround(t1 / a.dt_ps);
        for (size_t i = i0; i <= i1; i++)
            res += a.msd_A2[s * a.n_lags + i] - lq_md_msd_fit_eval(&a, s, a.t_ps[i]);
        LQ_CHECK_CLOSE(res, 0.0, 0.0, 1e-9);
    }
    LQ_CHECK(isnan(lq_md_msd_fit_eval(&a, 5, 0.1)));
    lq_md_msd_free(&a);
    lq_md_msd_free(&b);
    t.species[1].mass_amu = 0.0;
    LQ_CHECK(lq_md_trajectory_masses_known(&t) == 0);
    LQ_CHECK_STATUS(lq_md_msd_trajectory_compute(&t, &o, &a, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_md_msd_compute(t.pos_A, 40, 200, t.type, 2, NULL, &o, &b, NULL), LQ_OK);
    LQ_CHECK(a.D_cm2_s[0] == b.D_cm2_s[0]);
    lq_md_msd_free(&a);
    lq_md_msd_free(&b);
    unwalk(&t);
}

void test_traj_rdf(void) {
    lq_md_trajectory t;
    walk(&t, 5, 300);
    lq_md_rdf_data *rd = NULL;
    LQ_CHECK_STATUS(lq_md_rdf_trajectory_compute(&t, (double)NAN, 0.05, &rd, NULL), LQ_OK);
    /* automatic r_max: half the shortest edge */
    LQ_CHECK(rd && rd->r_max_A == 10.0 && rd->n_bins == 200 && rd->n_pairs == 3);
    LQ_CHECK(rd && rd->have_density && rd->density_g_cm3 > 0.0);
    /* the same g(r) as the accumulator fed frame by frame (exact: the same sums) */
    lq_md_rdf *acc = NULL;
    LQ_CHECK_STATUS(lq_md_rdf_create(2, 10.0, 200, &acc), LQ_OK);
    lq_md_system v;
    memset(&v, 0, sizeof v);
    v.n_atoms = t.n_atoms;
    v.n_species = 2;
    memcpy(v.species, t.species, sizeof v.species);
    v.type = t.type;
    v.id = t.id;
    for (size_t f = 0; f < t.n_frames; f++) {
        v.pos_A = t.pos_A + f * 3 * t.n_atoms;
        memcpy(v.box_A, t.box_A + 3 * f, sizeof v.box_A);
        LQ_CHECK_STATUS(lq_md_rdf_add(acc, &v, NULL), LQ_OK);
    }
    double *g = malloc(3 * 200 * sizeof *g);
    LQ_CHECK_STATUS(lq_md_rdf_result(acc, NULL, g, NULL, NULL, NULL), LQ_OK);
    int same = 1;
    for (size_t i = 0; rd && i < 3 * 200; i++) same &= g[i] == rd->g[i];
    LQ_CHECK(same);
    free(g);
    lq_md_rdf_free(acc);
    lq_md_rdf_data_free(rd);
    /* a bin width leaving fewer than 2 bins, and bad arguments */
    LQ_CHECK_STATUS(lq_md_rdf_trajectory_compute(&t, 0.07, 0.05, &rd, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_rdf_trajectory_compute(&t, 5.0, 0.0, &rd, NULL), LQ_EINVAL);
    lq_md_rdf_data_free(NULL);
    unwalk(&t);
}

void test_histogram_fit_eval(void) {
    lq_md_histogram h;
    memset(&h, 0, sizeof h);
    h.fit_ok = 0;
    LQ_CHECK(isnan(lq_md_histogram_fit_eval(&h, 1.0)));
    LQ_CHECK(isnan(lq_md_histogram_fit_eval(NULL, 1.0)));
    h.fit_ok = 1;
    h.fit_mu = 2.0;
    h.fit_sigma = 0.5;
    h.fit_amplitude = 10.0;
    LQ_CHECK(lq_md_histogram_fit_eval(&h, 2.0) == 10.0);
    /* one sigma off the centre: A exp(-1/2), 1e-15 relative (one exp) */
    LQ_CHECK_CLOSE(lq_md_histogram_fit_eval(&h, 2.5), 10.0 * exp(-0.5), 1e-15, 0.0);
}
