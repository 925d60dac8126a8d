/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus dp train input.json`: trains a Deep Potential as DeePMD-kit's `dp train` does. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"

typedef struct prog {
    const lqa_ctx *ctx;
} prog;

/* Progress on stderr (the lcurve columns); a signal stops the training at the next line after a
 * checkpoint. */
static int on_progress(void *user, const lq_dp_train_progress *p) {
    const prog *pg = user;
    lqa_progress(pg->ctx,
                 "dp train: step %zu/%zu  lr %.2e  rmse_e %.3e/%.3e eV/atom  rmse_f %.3e/%.3e "
                 "eV/A (val/trn)  %.0f s",
                 p->step, p->numb_steps, p->lr, p->rmse_e_val, p->rmse_e_trn, p->rmse_f_val,
                 p->rmse_f_trn, p->wall_s);
    return *lqa_cancel_flag() != 0;
}

static lq_status read_systems(char **paths, size_t n, lq_dp_system *out, size_t *nread,
                              lq_diag *d) {
    *nread = 0;
    for (size_t k = 0; k < n; k++) {
        lq_status st = lq_dp_system_read(paths[k], &out[k], d);
        if (st != LQ_OK) return st;
        *nread = k + 1;
    }
    return LQ_OK;
}

static void report(const lqa_ctx *ctx, const char *out, const lq_dp_train_result *r) {
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "model", out);
        cJSON_AddNumberToObject(j, "steps", (double)r->steps);
        cJSON_AddNumberToObject(j, "n_params", (double)r->n_params);
        const char *k[6] = {"rmse_e_trn_eV_per_atom", "rmse_f_trn_eV_per_A",
                            "rmse_v_trn_eV_per_atom", "rmse_e_val_eV_per_atom",
                            "rmse_f_val_eV_per_A",    "rmse_v_val_eV_per_atom"};
        double v[6] = {r->rmse_e_trn, r->rmse_f_trn, r->rmse_v_trn,
                       r->rmse_e_val, r->rmse_f_val, r->rmse_v_val};
        for (int q = 0; q < 6; q++)
            if (isfinite(v[q]))
                cJSON_AddNumberToObject(j, k[q], v[q]);
            else
                cJSON_AddNullToObject(j, k[q]);
        cJSON_AddNumberToObject(j, "wall_s", r->wall_s);
        lqa_json_write(j, "-", NULL);
        cJSON_Delete(j);
        return;
    }
    printf("wrote %s: %zu steps, %zu weights, %.1f s\n", out, r->steps, r->n_params, r->wall_s);
    printf("training   RMSE energy %.4g meV/atom  force %.4g meV/A\n", 1e3 * r->rmse_e_trn,
           1e3 * r->rmse_f_trn);
    if (isfinite(r->rmse_e_val))
        printf("validation RMSE energy %.4g meV/atom  force %.4g meV/A\n", 1e3 * r->rmse_e_val,
               1e3 * r->rmse_f_val);
}

int lqa_dp_train(int argc, char **argv, const lqa_ctx *ctx) {
    const char *restart = NULL, *out = "frozen_model.yaml", *pos[1] = {NULL};
    long threads = 0;
    const lqa_opt opts[] = {
        {"restart", LQA_STRING, &restart, "CKPT", "continue from a checkpoint (save_ckpt)"},
        {"output", LQA_STRING, &out, "FILE", "trained model, .yaml (frozen_model.yaml)"},
        {"threads", LQA_INT, &threads, "N", "OpenMP threads (0: OMP_NUM_THREADS)"},
    };
    size_t npos = 0;
    int pr = lqa_parse("dp train",
                       "liquidus dp train input.json [--restart CKPT] [--output FILE.yaml]  "
                       "(DeePMD-kit's input.json: se_e2_a + ener; other keys are refused)",
                       opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("dp train", "one input.json is required");
    if (threads < 0 || threads > 4096) return lqa_usage_error("dp train", "--threads 0..4096");
    lq_diag d;
    lq_diag_clear(&d);
    lq_dp_train_input in;
    lq_status st = lq_dp_train_input_read(pos[0], &in, &d);
    if (st != LQ_OK) return lqa_fail("dp train", st, &d);
    lq_dp_system *sys = calloc(in.n_train + in.n_valid + 1, sizeof *sys);
    size_t nt = 0, nv = 0;
    if (!sys) st = LQ_ENOMEM;
    if (st == LQ_OK) st = read_systems(in.train_systems, in.n_train, sys, &nt, &d);
    if (st == LQ_OK) st = read_systems(in.valid_systems, in.n_valid, sys + in.n_train, &nv, &d);
    prog pg = {ctx};
    lq_dp_train_result res;
    if (st == LQ_OK) {
        in.opt.n_threads = (int)threads;
        in.opt.progress = on_progress;
        in.opt.progress_ctx = &pg;
        lqa_signals_catch();
        st = lq_dp_train(&in.opt, sys, nt, sys + in.n_train, nv, restart, out, &res, &d);
    }
    for (size_t k = 0; sys && k < nt; k++) lq_dp_system_free(&sys[k]);
    for (size_t k = 0; sys && k < nv; k++) lq_dp_system_free(&sys[in.n_train + k]);
    free(sys);
    char kept[600];
    snprintf(kept, sizeof kept, "the checkpoint %s", in.opt.save_ckpt);
    lq_dp_train_input_free(&in);
    if (st == LQ_ECANCELLED && *lqa_cancel_flag()) return lqa_exit_interrupted("dp train", kept);
    if (st != LQ_OK) return lqa_fail("dp train", st, &d);
    report(ctx, out, &res);
    return LQA_EXIT_OK;
}
