/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep-potential training on a Na-K-Mg-Cl melt from liquidus' rigid-ion MD: speed, accuracy on
 * held-out frames (the Mg-La study's Table 2 figures), and MD with the trained model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_nkml.h"
#include "bench_util.h"
#include "dp_nkml.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/md.h"

/* The melt: NaCl-KCl with MgCl2, 92 ions, 973 K, 1.6 g/cm^3 (about the density of the NaCl-KCl
 * eutectic melt there), rigid ions of data/md/nakcl_mgcl2_lacl3_derived.pot, Ewald sums. */

#define PROG "bench_dp_train"

/* The Mg-La study's model size (embedding [25,50,100], axis 16, fitting [240,240,240], rcut
 * 6 A; issue 15's "study-sized" model), trained a few steps on the same frames for its speed. */
static double study_steps_per_s(const lq_dp_system *trn, const lq_dp_system *val, size_t steps,
                                size_t *n_params, lq_diag *d) {
    lq_dp_train_options o;
    lq_dp_train_options_default(&o);
    nkml_model_spec(&o.model);
    o.model.embed_neuron[0] = 25;
    o.model.embed_neuron[1] = 50;
    o.model.embed_neuron[2] = 100;
    o.model.axis_neuron = 16;
    o.model.fit_neuron[0] = o.model.fit_neuron[1] = o.model.fit_neuron[2] = 240;
    o.numb_steps = steps;
    o.batch_size = 1;
    o.disp_freq = steps;
    o.save_freq = steps;
    o.n_threads = 2;
    o.lcurve = "dp_study_lcurve.out";
    o.save_ckpt = "dp_study.ckpt.yaml";
    lq_dp_train_result r;
    if (lq_dp_train(&o, trn, 1, val, 1, NULL, "dp_study_model.yaml", &r, d) != LQ_OK) return -1;
    *n_params = r.n_params;
    return (double)r.steps / r.wall_s;
}

static int on_prog(void *u, const lq_dp_train_progress *p) {
    (void)u;
    fprintf(stderr, "  step %6zu lr %.2e  val: E %.3f meV/atom F %.1f meV/A  (%.0f s)\n", p->step,
            p->lr, 1e3 * p->rmse_e_val, 1e3 * p->rmse_f_val, p->wall_s);
    return 0;
}

int main(int argc, char **argv) {
    /* bench_dp_train: the training speed (make bench); bench_dp_train STEPS [FRAMES [MD_FRAMES]]:
     * the whole done-when-2 check (bench/dp_train_nkml.sh) */
    int speed_only = argc < 2;
    long nsteps = argc > 1 ? atol(argv[1]) : 60;
    size_t nframes = argc > 2 ? (size_t)atol(argv[2]) : 40;
    size_t md_frames = argc > 3 ? (size_t)atol(argv[3]) : 1000;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (nsteps < 1 || nframes < 10 || md_frames < 16) {
        fprintf(stderr, "usage: bench_dp_train [steps [frames [MD frames]]]\n");
        return 2;
    }
    lq_diag d;
    lq_diag_clear(&d);
    /* 1. rigid-ion melt */
    lq_md_system sys;
    lq_md_model *ri = NULL;
    lq_status st = nkml_melt(&sys, &ri, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "melt", st, &d);
    double t0 = lqb_wall_s();
    nkml_traj tr, trd;
    /* frames for training every 50 fs; the g(r)/D trajectory every 10 fs */
    st = nkml_run(&sys, ri, TEMP_K, 2000, nframes, 50, 11, 1, &tr, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "rigid-ion frames", st, &d);
    memset(&trd, 0, sizeof trd);
    if (!speed_only) st = nkml_run(&sys, ri, TEMP_K, 2000, md_frames, 10, 12, 1, &trd, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "rigid-ion trajectory", st, &d);
    printf("rigid-ion MD: %zu frames of %zu ions at %.0f K, L = %.3f A (%.1f s)\n", tr.n,
           sys.n_atoms, TEMP_K, tr.L, lqb_wall_s() - t0);
    /* 2. training on the first 80 %, validation on the last 20 % */
    size_t ntr = tr.n * 4 / 5;
    char names[4][8];
    int *type = malloc(sys.n_atoms * sizeof *type);
    double *box = malloc(9 * tr.n * sizeof *box);
    lq_dp_system strn, sval;
    nkml_system(&tr, 0, ntr, names, type, box, &strn);
    nkml_system(&tr, ntr, tr.n, names, type, box + 9 * ntr, &sval);
    lq_dp_train_options o;
    lq_dp_train_options_default(&o);
    nkml_model_spec(&o.model);
    o.numb_steps = (size_t)nsteps;
    o.start_lr = 1e-3;
    o.stop_lr = 1e-5;
    o.decay_steps = o.numb_steps / 40 > 0 ? o.numb_steps / 40 : 1;
    o.batch_size = 1;
    o.disp_freq = o.numb_steps / 20 > 0 ? o.numb_steps / 20 : 1;
    o.save_freq = o.numb_steps / 10 > 0 ? o.numb_steps / 10 : 1;
    o.n_threads = 2;
    o.lcurve = "dp_nkml_lcurve.out";
    o.save_ckpt = "dp_nkml.ckpt.yaml";
    o.progress = on_prog;
    lq_dp_train_result r;
    st = lq_dp_train(&o, &strn, 1, &sval, 1, NULL, "dp_nkml_model.yaml", &r, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "training", st, &d);
    double sps = (double)r.steps / r.wall_s;
    printf("training: %zu steps, %zu weights, %.1f s wall (%.2f steps/s, batch 1, 2 threads)\n",
           r.steps, r.n_params, r.wall_s, sps);
    printf(
        "held-out frames (%zu): energy RMSE %.3f meV/atom, force RMSE %.2f meV/A "
        "(study's Table 2: <= 1.20, <= 33.98)\n",
        tr.n - ntr, 1e3 * r.rmse_e_val, 1e3 * r.rmse_f_val);
    printf("training frames (%zu): energy RMSE %.3f meV/atom, force RMSE %.2f meV/A\n", ntr,
           1e3 * r.rmse_e_trn, 1e3 * r.rmse_f_trn);
    char b1[128], b2[128], b3[128];
    lqb_row("DP training steps/s (92 ions, se_e2_a [8,16,32]x8, fit [64,64,64], 2 cores)",
            lqb_fmt(b1, sizeof b1, "%.2f steps/s", sps),
            "DeePMD-kit: not installable here (no PyPI; no TF/PyTorch DeePMD in Debian)", "-");
    if (speed_only) {
        size_t np = 0;
        double ssps = study_steps_per_s(&strn, &sval, 10, &np, &d);
        if (ssps < 0) return nkml_fail(PROG, "study-sized training", LQ_EINVAL, &d);
        printf("study-sized model: %zu weights, %.3f steps/s (10 steps, batch 1, 2 threads)\n", np,
               ssps);
        lqb_row(
            "DP training steps/s, study-sized model (se_e2_a [25,50,100]x16, fit "
            "[240,240,240]; 92 ions, 2 cores)",
            lqb_fmt(b1, sizeof b1, "%.3f steps/s (%zu weights)", ssps, np),
            "DeePMD-kit: not installable here (no PyPI; no TF/PyTorch DeePMD in Debian)", "-");
        nkml_traj_free(&tr);
        lq_md_model_free(ri);
        lq_md_system_free(&sys);
        free(type);
        free(box);
        return 0;
    }
    lqb_row("DP training wall time (Na-K-Mg-Cl melt, done-when 2)",
            lqb_fmt(b2, sizeof b2, "%.0f s for %zu steps", r.wall_s, r.steps),
            lqb_fmt(b3, sizeof b3, "held-out RMSE %.2f meV/atom, %.1f meV/A", 1e3 * r.rmse_e_val,
                    1e3 * r.rmse_f_val),
            "-");
    /* 3. MD with the trained model against the rigid-ion melt */
    lq_md_model *dp = NULL;
    st = lq_md_model_read("dp_nkml_model.yaml", &dp, &d);
    if (st == LQ_OK) st = lq_md_model_apply(dp, &sys, &d);
    nkml_traj tdp;
    if (st == LQ_OK) st = nkml_run(&sys, dp, TEMP_K, 2000, md_frames, 10, 12, 1, &tdp, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "DP MD", st, &d);
    nkml_obs *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    if (!a || !b) return 1;
    st = nkml_observe(&trd, 0.01, a, &d);
    if (st == LQ_OK) st = nkml_observe(&tdp, 0.01, b, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "g(r), MSD", st, &d);
    nkml_print_obs("rigid-ion", nkml_names, a);
    nkml_print_obs("DP       ", nkml_names, b);
    char comment[160];
    snprintf(comment, sizeof comment,
             "g(r) of the rigid-ion melt and of MD with the trained DP, %s, %.0f K", COMP, TEMP_K);
    nkml_write_gr("dp_nkml_gr.csv", comment, "dp", a, b);
    nkml_traj_free(&tr);
    nkml_traj_free(&trd);
    nkml_traj_free(&tdp);
    lq_md_model_free(dp);
    lq_md_model_free(ri);
    lq_md_system_free(&sys);
    free(type);
    free(box);
    free(a);
    free(b);
    return 0;
}
