/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dp test: exact recovery of known errors on frames labelled by the model itself. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dp_data_test.h"
#include "lq_test.h"

#define NA 8
#define NF 4

/* 8 atoms (types A,B alternating) in a 9 A cube, displaced per frame; labelled by the model. */
static int labelled_system(const lq_dp_model *m, lq_dp_system *s) {
    memset(s, 0, sizeof *s);
    s->n_atoms = NA;
    s->n_frames = NF;
    s->n_types = 2;
    s->type_map = lqi_calloc(2, sizeof *s->type_map);
    s->type = lqi_malloc(NA * sizeof(int));
    s->coord_A = lqi_malloc(NF * 3 * NA * sizeof(double));
    s->force_eV_per_A = lqi_malloc(NF * 3 * NA * sizeof(double));
    s->energy_eV = lqi_malloc(NF * sizeof(double));
    s->box_A = lqi_calloc(NF * 9, sizeof(double));
    s->virial_eV = lqi_malloc(NF * 9 * sizeof(double));
    strcpy(s->type_map[0], "A");
    strcpy(s->type_map[1], "B");
    unsigned long x = 12345;
    for (size_t i = 0; i < NA; i++) s->type[i] = (int)(i % 2);
    for (size_t f = 0; f < NF; f++) {
        double *b = s->box_A + 9 * f;
        b[0] = b[4] = b[8] = 9.0;
        for (size_t i = 0; i < NA; i++)
            for (size_t k = 0; k < 3; k++) {
                x = x * 6364136223846793005UL + 1442695040888963407UL;
                double u = (double)(x >> 11) / 9007199254740992.0;
                /* a 2x2x2 lattice of spacing 4.5 A, displaced by up to 0.4 A */
                double site = 4.5 * (double)((i >> k) & 1) + 1.0;
                s->coord_A[3 * NA * f + 3 * i + k] = site + 0.8 * (u - 0.5);
            }
        lq_dp_frame fr = {NA, s->type, s->coord_A + 3 * NA * f, b, NULL, NULL};
        lq_dp_result r;
        memset(&r, 0, sizeof r);
        r.forces_eV_per_A = s->force_eV_per_A + 3 * NA * f;
        if (lq_dp_compute(m, &fr, NULL, &r, NULL) != LQ_OK) return -1;
        s->energy_eV[f] = r.energy_eV;
        memcpy(s->virial_eV + 9 * f, r.virial_eV, sizeof r.virial_eV);
    }
    return 0;
}

void test_dp_test_recovery(void) {
    char tmp[256], path[400];
    if (dpt_tmpdir(tmp, sizeof tmp)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    snprintf(path, sizeof path, "%s/m.yaml", tmp);
    lq_dp_random_spec spec;
    lq_dp_random_spec_default(&spec); /* types A, B */
    lq_dp_model *m = NULL;
    lq_dp_system s;
    LQ_CHECK_STATUS(lq_dp_model_write_random(path, &spec, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dp_model_read(path, &m, NULL), LQ_OK);
    if (!m || labelled_system(m, &s) != 0) {
        LQ_FAIL("model or labels");
        lq_dp_model_free(m);
        dpt_rmtree(tmp);
        return;
    }
    lq_dp_test_result r;
    lq_diag diag;
    /* labels from the model itself: every error is exactly zero */
    LQ_CHECK_STATUS(lq_dp_test_system(m, &s, NULL, &r, &diag), LQ_OK);
    LQ_CHECK(r.n_frames == NF && r.n_atoms == NA && r.has_virial);
    LQ_CHECK(r.energy_rmse_eV == 0 && r.force_rmse_eV_per_A == 0 && r.virial_rmse_eV == 0);
    /* known offsets: energy of frame f by -0.01 (f+1) eV; every force component of frame 0 by
     * -0.1 eV/A; virial xy of frame 3 by -0.9 eV. Closed forms (rounding of x + d - x at
     * |x| ~ 10 eV: 1e-15 absolute, so 1e-10 relative of the offsets): */
    for (size_t f = 0; f < NF; f++) s.energy_eV[f] -= 0.01 * (double)(f + 1);
    for (size_t k = 0; k < 3 * NA; k++) s.force_eV_per_A[k] -= 0.1;
    s.virial_eV[9 * 3 + 1] -= 0.9;
    LQ_CHECK_STATUS(lq_dp_test_system(m, &s, NULL, &r, &diag), LQ_OK);
    LQ_CHECK_CLOSE(r.energy_rmse_eV, 0.01 * sqrt(30.0 / 4.0), 1e-10, 0);
    LQ_CHECK_CLOSE(r.energy_mae_eV, 0.025, 1e-10, 0);
    LQ_CHECK_CLOSE(r.energy_rmse_eV_per_atom, 0.01 * sqrt(30.0 / 4.0) / NA, 1e-10, 0);
    LQ_CHECK_CLOSE(r.energy_mae_eV_per_atom, 0.025 / NA, 1e-10, 0);
    LQ_CHECK_CLOSE(r.force_rmse_eV_per_A, 0.1 / 2.0, 1e-10, 0); /* sqrt(0.01 / 4) */
    LQ_CHECK_CLOSE(r.force_mae_eV_per_A, 0.1 / 4.0, 1e-10, 0);
    LQ_CHECK_CLOSE(r.virial_rmse_eV, 0.9 / 6.0, 1e-10, 0); /* sqrt(0.81 / 36) */
    LQ_CHECK_CLOSE(r.virial_mae_eV, 0.9 / 36.0, 1e-10, 0);
    LQ_CHECK_CLOSE(r.virial_rmse_eV_per_atom, 0.9 / 6.0 / NA, 1e-10, 0);

    /* invariance: the same data with the names in the other order and the indices swapped */
    lq_dp_test_result r2;
    strcpy(s.type_map[0], "B");
    strcpy(s.type_map[1], "A");
    for (size_t i = 0; i < NA; i++) s.type[i] = 1 - s.type[i];
    LQ_CHECK_STATUS(lq_dp_test_system(m, &s, NULL, &r2, &diag), LQ_OK);
    LQ_CHECK(r2.energy_rmse_eV == r.energy_rmse_eV &&
             r2.force_rmse_eV_per_A == r.force_rmse_eV_per_A);

    /* pooling two halves equals the whole: frames 0-1 and 2-3 as systems of their own */
    lq_dp_system h[2];
    lq_dp_test_result rh[2], pooled;
    for (int k = 0; k < 2; k++) {
        h[k] = s;
        h[k].n_frames = 2;
        h[k].coord_A = s.coord_A + 2 * k * 3 * NA;
        h[k].force_eV_per_A = s.force_eV_per_A + 2 * k * 3 * NA;
        h[k].energy_eV = s.energy_eV + 2 * k;
        h[k].box_A = s.box_A + 2 * k * 9;
        h[k].virial_eV = s.virial_eV + 2 * k * 9;
        LQ_CHECK_STATUS(lq_dp_test_system(m, &h[k], NULL, &rh[k], &diag), LQ_OK);
    }
    lq_dp_test_pool(rh, 2, &pooled);
    LQ_CHECK(pooled.n_frames == NF);
    LQ_CHECK_CLOSE(pooled.energy_rmse_eV, r.energy_rmse_eV, 1e-12, 0);
    LQ_CHECK_CLOSE(pooled.energy_mae_eV_per_atom, r.energy_mae_eV_per_atom, 1e-12, 0);
    LQ_CHECK_CLOSE(pooled.force_rmse_eV_per_A, r.force_rmse_eV_per_A, 1e-12, 0);
    LQ_CHECK_CLOSE(pooled.virial_rmse_eV_per_atom, r.virial_rmse_eV_per_atom, 1e-12, 0);

    /* a name the model lacks; a frame lq_dp_compute refuses */
    strcpy(s.type_map[0], "C");
    LQ_CHECK_STATUS(lq_dp_test_system(m, &s, NULL, &r2, &diag), LQ_ENOTFOUND);
    LQ_CHECK(strstr(diag.msg, "'C'") != NULL);
    strcpy(s.type_map[0], "B");
    LQ_CHECK_STATUS(lq_dp_test_system(NULL, &s, NULL, &r2, &diag), LQ_EINVAL);
    lq_dp_system_free(&s);
    lq_dp_model_free(m);
    dpt_rmtree(tmp);
}
