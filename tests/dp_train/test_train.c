/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Training runs on frames labelled by a random "teacher" model: learning, determinism, restart,
 * reload of the written model. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dp_train_test.h"
#include "liquidus/deepmd.h"
#include "lq_test.h"
#include "md/dp/dp_internal.h"
#include "md/dp/dp_train_internal.h"

#define NAT 16
#define NFR 24

static const char *const names[2] = {"Na", "Cl"};
static const size_t sel[2] = {12, 12};

static void spec(lq_dp_random_spec *s, unsigned long seed) {
    lq_dp_random_spec_default(s);
    s->type_map = names;
    s->sel = sel;
    s->rcut_A = 4.5;
    s->rcut_smth_A = 2.0;
    s->embed_neuron[0] = 4;
    s->embed_neuron[1] = 8;
    s->axis_neuron = 4;
    s->fit_neuron[0] = 12;
    s->fit_neuron[1] = 12;
    s->seed = seed;
}

/* NFR frames of NAT atoms (rock-salt-like lattice, jittered), labelled by a random model. */
static int make_data(lq_dp_system *sys) {
    memset(sys, 0, sizeof *sys);
    lq_dp_random_spec s;
    spec(&s, 99);
    if (lq_dp_model_write_random("dp_train_teacher.yaml", &s, NULL) != LQ_OK) return 0;
    lq_dp_model *m = NULL;
    if (lq_dp_model_read("dp_train_teacher.yaml", &m, NULL) != LQ_OK) return 0;
    sys->n_atoms = NAT;
    sys->n_frames = NFR;
    sys->n_types = 2;
    sys->type_map = lqi_calloc(2, sizeof *sys->type_map);
    sys->type = lqi_calloc(NAT, sizeof *sys->type);
    sys->coord_A = lqi_calloc(NFR * 3 * NAT, sizeof(double));
    sys->box_A = lqi_calloc(NFR * 9, sizeof(double));
    sys->energy_eV = lqi_calloc(NFR, sizeof(double));
    sys->force_eV_per_A = lqi_calloc(NFR * 3 * NAT, sizeof(double));
    sys->virial_eV = lqi_calloc(NFR * 9, sizeof(double));
    int ok = sys->type_map && sys->type && sys->coord_A && sys->box_A && sys->energy_eV &&
             sys->force_eV_per_A && sys->virial_eV;
    lqi_rng r;
    lqi_rng_seed(&r, 11);
    for (int t = 0; ok && t < 2; t++) snprintf(sys->type_map[t], 8, "%s", names[t]);
    for (size_t f = 0; ok && f < NFR; f++) {
        double L = 7.0 + 0.1 * (double)(f % 3), *box = sys->box_A + 9 * f;
        double *x = sys->coord_A + 3 * NAT * f;
        box[0] = box[4] = box[8] = L;
        for (int i = 0; i < NAT; i++) {
            int ix = i % 2, iy = (i / 2) % 2, iz = (i / 4) % 2, ib = i / 8;
            sys->type[i] = (ix + iy + iz + ib) % 2;
            double g[3] = {ix + 0.5 * ib, iy + 0.5 * ib, iz};
            for (int a = 0; a < 3; a++)
                x[3 * i + a] = L * (g[a] + 0.25) / 2.0 + 0.35 * lqi_rng_normal(&r);
        }
        lq_dp_frame fr = {NAT, sys->type, x, box, NULL, NULL};
        lq_dp_result res = {0};
        res.forces_eV_per_A = sys->force_eV_per_A + 3 * NAT * f;
        ok = lq_dp_compute(m, &fr, NULL, &res, NULL) == LQ_OK;
        sys->energy_eV[f] = res.energy_eV;
        memcpy(sys->virial_eV + 9 * f, res.virial_eV, sizeof res.virial_eV);
    }
    lq_dp_model_free(m);
    return ok;
}

static void free_data(lq_dp_system *s) {
    lqi_free(s->type_map);
    lqi_free(s->type);
    lqi_free(s->coord_A);
    lqi_free(s->box_A);
    lqi_free(s->energy_eV);
    lqi_free(s->force_eV_per_A);
    lqi_free(s->virial_eV);
}

static void options(lq_dp_train_options *o, const char *tag) {
    static char lc[64], ck[64];
    lq_dp_train_options_default(o);
    spec(&o->model, 7);
    o->start_lr = 5e-3;
    o->stop_lr = 1e-4;
    o->decay_steps = 20;
    o->numb_steps = 120;
    o->batch_size = 2;
    o->disp_freq = 10;
    o->save_freq = 40;
    o->start_pref_v = 0.5;
    o->limit_pref_v = 0.1;
    o->seed = 3;
    snprintf(lc, sizeof lc, "dp_train_%s.lcurve", tag);
    snprintf(ck, sizeof ck, "dp_train_%s.ckpt.yaml", tag);
    o->lcurve = lc;
    o->save_ckpt = ck;
}

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "r");
    if (!fp) return NULL;
    char *buf = lqi_calloc(1 << 16, 1);
    if (buf) buf[fread(buf, 1, (1 << 16) - 1, fp)] = '\0';
    fclose(fp);
    return buf;
}

static int stop_at_50(void *ctx, const lq_dp_train_progress *p) {
    (void)ctx;
    return p->step == 50;
}

static int first_last(void *ctx, const lq_dp_train_progress *p) {
    double *v = ctx;
    if (p->step == 0) v[0] = p->rmse_f_val;
    v[1] = p->rmse_f_val;
    return 0;
}

void test_train_teacher(void) {
    lq_dp_system sys;
    LQ_CHECK(make_data(&sys));
    lq_dp_system trn = sys, val = sys;
    trn.n_frames = 18; /* 18 training, 6 validation frames */
    val.n_frames = 6;
    val.coord_A += 18 * 3 * NAT;
    val.box_A += 18 * 9;
    val.energy_eV += 18;
    val.force_eV_per_A += 18 * 3 * NAT;
    val.virial_eV += 18 * 9;
    /* 1. an uninterrupted run with 2 threads learns: validation force RMSE falls */
    lq_dp_train_options o;
    options(&o, "a");
    o.n_threads = 2;
    double fl[2] = {0, 0};
    o.progress = first_last;
    o.progress_ctx = fl;
    lq_dp_train_result ra;
    LQ_CHECK_STATUS(lq_dp_train(&o, &trn, 1, &val, 1, NULL, "dp_train_a.yaml", &ra, NULL), LQ_OK);
    printf("  validation force RMSE %.4g -> %.4g eV/A, energy %.3g eV/atom, %zu weights\n", fl[0],
           fl[1], ra.rmse_e_val, ra.n_params);
    LQ_CHECK(fl[1] < 0.5 * fl[0]);
    /* 2. the same with 1 thread: the same learning curve, character for character */
    options(&o, "b");
    o.n_threads = 1;
    LQ_CHECK_STATUS(lq_dp_train(&o, &trn, 1, &val, 1, NULL, NULL, NULL, NULL), LQ_OK);
    char *a = slurp("dp_train_a.lcurve"), *b = slurp("dp_train_b.lcurve");
    LQ_CHECK(a && b && strlen(a) > 200 && !strcmp(a, b));
    lqi_free(b);
    /* 3. stopped at step 50, restarted from its checkpoint: the same curve again */
    options(&o, "c");
    o.progress = stop_at_50;
    LQ_CHECK_STATUS(lq_dp_train(&o, &trn, 1, &val, 1, NULL, NULL, NULL, NULL), LQ_ECANCELLED);
    o.progress = NULL;
    lq_dp_train_result rc;
    LQ_CHECK_STATUS(
        lq_dp_train(&o, &trn, 1, &val, 1, "dp_train_c.ckpt.yaml", "dp_train_c.yaml", &rc, NULL),
        LQ_OK);
    char *c = slurp("dp_train_c.lcurve");
    LQ_CHECK(a && c && !strcmp(a, c));
    LQ_CHECK_CLOSE(rc.rmse_f_val, ra.rmse_f_val, 0.0, 0.0);
    lqi_free(a);
    lqi_free(c);
    /* 4. the written model reloads and gives the energies the trainer saw (bit for bit: the YAML
     * keeps every double exactly) */
    lq_dp_model *m = NULL;
    LQ_CHECK_STATUS(lq_dp_model_read("dp_train_a.yaml", &m, NULL), LQ_OK);
    double se = 0;
    for (size_t f = 0; m && f < 6; f++) {
        lq_dp_frame fr = {NAT, val.type, val.coord_A + 3 * NAT * f, val.box_A + 9 * f, NULL, NULL};
        lq_dp_result r = {0};
        LQ_CHECK_STATUS(lq_dp_compute(m, &fr, NULL, &r, NULL), LQ_OK);
        double d = (r.energy_eV - val.energy_eV[f]) / NAT;
        se += d * d;
    }
    LQ_CHECK_CLOSE(sqrt(se / 6.0), ra.rmse_e_val, 1e-12, 0.0);
    /* 5. every frame has one composition (8 Na, 8 Cl), so the energy bias is numpy.linalg.lstsq's
     * minimum-norm solution: counts x mean(E) / |counts|^2, the same for both types here (LAPACK's
     * default rcond gave two biases of +-1e11 eV that cancel only at this composition) */
    double mean_e = 0;
    for (size_t f = 0; f < 18; f++) mean_e += trn.energy_eV[f] / 18.0;
    for (size_t k = 0; m && k < 2; k++)
        LQ_CHECK_CLOSE(m->out_bias[k], 8.0 * mean_e / 128.0, 1e-10, 0.0);
    lq_dp_model_free(m);
    free_data(&sys);
}

/* Bad arguments, data and files are refused; every allocation failure is reported as LQ_ENOMEM
 * and leaks nothing (ASan). */
void test_train_errors(void) {
    lq_dp_system sys;
    LQ_CHECK(make_data(&sys));
    lq_dp_train_options o;
    options(&o, "e");
    o.numb_steps = 2;
    o.lcurve = NULL;
    o.save_ckpt = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_dp_train(NULL, &sys, 1, NULL, 0, NULL, NULL, NULL, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dp_train(&o, NULL, 1, NULL, 0, NULL, NULL, NULL, NULL), LQ_EINVAL);
    o.batch_size = 65;
    LQ_CHECK_STATUS(lq_dp_train(&o, &sys, 1, NULL, 0, NULL, NULL, NULL, &d), LQ_EINVAL);
    o.batch_size = 2;
    o.stop_lr = 1.0;
    LQ_CHECK_STATUS(lq_dp_train(&o, &sys, 1, NULL, 0, NULL, NULL, NULL, &d), LQ_EINVAL);
    o.stop_lr = 1e-4;
    snprintf(sys.type_map[1], 8, "Xx"); /* a type the model does not have */
    LQ_CHECK_STATUS(lq_dp_train(&o, &sys, 1, NULL, 0, NULL, NULL, NULL, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "Xx") != NULL);
    snprintf(sys.type_map[1], 8, "Cl");
    LQ_CHECK(lq_dp_train(&o, &sys, 1, NULL, 0, "none.ckpt.yaml", NULL, NULL, &d) != LQ_OK);
    /* a model file without a training state is not a checkpoint */
    LQ_CHECK_STATUS(lq_dp_train(&o, &sys, 1, NULL, 0, "dp_train_teacher.yaml", NULL, NULL, &d),
                    LQ_EPARSE);
    lq_dp_train_input in;
    LQ_CHECK_STATUS(lq_dp_train_input_read("none.json", &in, &d), LQ_EIO);
    FILE *fp = fopen("dp_train_bad.json", "w");
    if (fp) {
        fputs(
            "{\"model\": {\"type_map\": [\"Na\"], \"descriptor\": {\"type\": \"se_e2_a\", \"sel\": "
            "[4], \"rcut\": 4, \"rcut_smth\": 1, \"neuron\": [4], \"axis_neuron\": 2, "
            "\"frobnicate\": 1}, \"fitting_net\": {}}, \"learning_rate\": {\"start_lr\": 1e-3}, "
            "\"training\": {\"training_data\": {\"systems\": \"x\"}, \"numb_steps\": 1}}",
            fp);
        fclose(fp);
    }
    LQ_CHECK_STATUS(lq_dp_train_input_read("dp_train_bad.json", &in, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "model.descriptor.frobnicate") != NULL);
    lq_dp_train_input_free(NULL);
    /* allocation failures */
    lq_status st = LQ_ENOMEM;
    for (long k = 0; st == LQ_ENOMEM && k < 100000000; k += k < 60 ? 1 : k / 2) {
        lqi_alloc_fail_after(k);
        st = lq_dp_train(&o, &sys, 1, &sys, 1, NULL, NULL, NULL, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
    }
    LQ_CHECK_STATUS(st, LQ_OK); /* until the budget was large enough for the whole run */
    st = LQ_ENOMEM;
    for (long k = 0; st == LQ_ENOMEM && k < 1000; k++) {
        lqi_alloc_fail_after(k);
        st = lq_dp_train_input_read("dp_train_bad.json", &in, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_EUNSUPPORTED || st == LQ_ENOMEM);
    }
    free_data(&sys);
}

/* The per-type energy bias (lqi_dp_energy_bias). One composition in every frame, as in an MD run
 * of one melt (240 frames of Na16 K16 Mg8 Cl48): the minimum-norm solution counts x mean(E) /
 * |counts|^2, as numpy.linalg.lstsq gives (-2.22238461 -2.22238461 -1.1111923 -6.66715382 for
 * these energies with numpy 1.24); with LAPACK's default rcond the solution had rank 2 and
 * biases of 1e11 eV. Four compositions determine the biases: recovered exactly. */
void test_energy_bias(void) {
    enum { NF = 240, NT = 4 };
    static double counts[NF * NT], e[NF];
    static const double c0[NT] = {16, 16, 8, 48};
    double mean = 0;
    for (size_t f = 0; f < NF; f++) {
        memcpy(counts + NT * f, c0, sizeof c0);
        e[f] = -400.0 + 0.3 * sin(0.7 * (double)f);
        mean += e[f] / NF;
    }
    double bias[NT];
    LQ_CHECK_STATUS(lqi_dp_energy_bias(counts, e, NF, NT, 0.0, bias), LQ_OK);
    for (size_t k = 0; k < NT; k++) LQ_CHECK_CLOSE(bias[k], c0[k] * mean / 2880.0, 1e-10, 0.0);
    static const double comp[4][NT] = {
        {16, 16, 8, 48}, {20, 16, 8, 48}, {16, 20, 8, 48}, {16, 16, 12, 48}};
    static const double truth[NT] = {-3.1, -2.9, -5.2, -1.7};
    for (size_t f = 0; f < NF; f++) {
        memcpy(counts + NT * f, comp[f % 4], sizeof c0);
        e[f] = 0;
        for (size_t k = 0; k < NT; k++) e[f] += comp[f % 4][k] * truth[k];
    }
    LQ_CHECK_STATUS(lqi_dp_energy_bias(counts, e, NF, NT, 0.0, bias), LQ_OK);
    for (size_t k = 0; k < NT; k++) LQ_CHECK_CLOSE(bias[k], truth[k], 1e-10, 0.0);
}
