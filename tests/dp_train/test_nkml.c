/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A reduced done-when-2 check: a small Na-K-Mg-Cl melt from liquidus' rigid-ion MD, a small DP
 * trained on 80 % of its frames must predict the other 20 % far better than knowing nothing. The
 * full check (92 ions, the study's RMSE targets, g(r) and D) is bench/bench_dp_train.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../bench/dp_nkml.h"
#include "dp_train_test.h"
#include "liquidus/core.h"
#include "lq_test.h"

void test_nkml_small(void) {
    static const char *const names[4] = {"Na", "K", "Mg", "Cl"};
    static const size_t sel[4] = {10, 10, 4, 24};
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_composition comp;
    lq_md_build_options bo = lq_md_build_options_default();
    bo.T_K = 973.0;
    bo.density_g_cm3 = 1.6;
    bo.seed = 3;
    lq_md_system sys;
    memset(&sys, 0, sizeof sys);
    lq_md_model *ri = NULL;
    char pot[1024];
    lq_status st = lq_data_path("md/nakcl_mgcl2_lacl3_derived.pot", pot, sizeof pot, &d);
    if (st == LQ_OK)
        st = lq_md_composition_parse("Na:10 K:10 Mg:2 Cl:24", LQ_MD_SIZE_AS_WRITTEN, 0, &comp, &d);
    if (st == LQ_OK) st = lq_md_system_build(&comp, &bo, &sys, &d);
    if (st == LQ_OK) st = lq_md_model_read(pot, &ri, &d);
    if (st == LQ_OK) st = lq_md_model_apply(ri, &sys, &d);
    nkml_traj tr;
    memset(&tr, 0, sizeof tr);
    if (st == LQ_OK) st = nkml_run(&sys, ri, 973.0, 500, 50, 20, 5, 1, &tr, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) {
        printf("  %s\n", d.msg);
        goto done;
    }
    char tn[4][8];
    int type[46];
    double box[9 * 50];
    lq_dp_system trn, val;
    nkml_system(&tr, 0, 40, tn, type, box, &trn);
    nkml_system(&tr, 40, 50, tn, type, box + 9 * 40, &val);
    /* the scale of the forces to learn: their RMS on the held-out frames */
    double s2 = 0;
    for (size_t k = 0; k < 10 * 3 * 46; k++) s2 += val.force_eV_per_A[k] * val.force_eV_per_A[k];
    double f_rms = sqrt(s2 / (10.0 * 3 * 46));
    lq_dp_train_options o;
    lq_dp_train_options_default(&o);
    o.model.n_types = 4;
    o.model.type_map = names;
    o.model.sel = sel;
    o.model.rcut_A = 5.0;
    o.model.rcut_smth_A = 0.5;
    o.model.embed_neuron[0] = 8;
    o.model.embed_neuron[1] = 16;
    o.model.axis_neuron = 4;
    o.model.fit_neuron[0] = o.model.fit_neuron[1] = 24;
    o.numb_steps = 400;
    o.start_lr = 3e-3;
    o.stop_lr = 3e-4;
    o.decay_steps = 50;
    o.batch_size = 2;
    o.disp_freq = 100;
    o.save_freq = 400;
    o.lcurve = "dp_train_nkml.lcurve";
    o.save_ckpt = NULL;
    lq_dp_train_result r;
    LQ_CHECK_STATUS(lq_dp_train(&o, &trn, 1, &val, 1, NULL, NULL, &r, &d), LQ_OK);
    printf(
        "  46 ions, 40/10 frames, %zu weights, 400 steps: held-out force RMSE %.3f eV/A "
        "(forces RMS %.3f), energy %.2f meV/atom, %.1f s\n",
        r.n_params, r.rmse_f_val, f_rms, 1e3 * r.rmse_e_val, r.wall_s);
    /* 400 steps of a small model on 40 frames: the force error must be well below the forces
     * themselves (an untrained model is at ~1x; the figures reached are printed above) */
    LQ_CHECK(r.rmse_f_val < 0.5 * f_rms);
    LQ_CHECK(r.rmse_e_val < 0.02);
done:
    nkml_traj_free(&tr);
    lq_md_model_free(ri);
    lq_md_system_free(&sys);
}
