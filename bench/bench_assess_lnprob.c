/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: one log-probability evaluation over every Cu-Mg dataset of ESPEI's collection
 * (7 ZPF files with 476 vertices, 1 activity file, 19 non-equilibrium files), median of repeats,
 * with the parameters changed before every evaluation as in MCMC. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "liquidus/assess.h"

/* ESPEI 0.9.1's time for one lnprob of the Cu-Mg example, as the issue states it. */
#define ESPEI_S 1.9

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200;
    if (n < 5) n = 5;
    /* the Cu-Mg database ESPEI generated for its own tests (VV0000..VV0017) */
    const char *tdb = LQ_SOURCE_DIR "/tests/assess_lnprob/espei/cumg-espei.tdb";
    const char *dir = LQ_SHARED_DIR "/data/espei-datasets/datasets/2-binary/Cu-Mg";
    const char *comps[] = {"CU", "MG", "VA"};
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    lq_assess_ctx *ctx = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    opt.n_threads = 1;
    if (lq_db_read_file(tdb, &db, &d) != LQ_OK || lq_dataset_set_read_dir(dir, &set, &d) != LQ_OK ||
        lq_assess_ctx_create(db, set, NULL, 0, &opt, &ctx, &d) != LQ_OK) {
        fprintf(stderr, "bench_assess_lnprob: setup failed: %s %s\n", d.file, d.msg);
        return 1;
    }
    size_t np = lq_assess_ctx_param_count(ctx);
    double *start = malloc(np * sizeof *start), *theta = malloc(np * sizeof *theta);
    double *wall = malloc(n * sizeof *wall), *cpu = malloc(n * sizeof *cpu);
    if (!start || !theta || !wall || !cpu) return 1;
    lq_assess_ctx_start(ctx, start, np);
    double lp0 = lq_assess_lnprob_fn(start, np, ctx); /* warm-up, and the value at the start */
    unsigned long long s = 2463534242ULL;
    size_t nonfinite = 0;
    for (size_t i = 0; i < n; i++) {
        /* a proposal: each parameter moved by up to +-1 % (xorshift64) */
        for (size_t k = 0; k < np; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            theta[k] = start[k] * (1.0 + 0.02 * ((double)(s >> 11) / 9007199254740992.0 - 0.5));
        }
        double w0 = lqb_wall_s(), c0 = lqb_thread_cpu_s();
        double lp = lq_assess_lnprob_fn(theta, np, ctx);
        cpu[i] = lqb_thread_cpu_s() - c0;
        wall[i] = lqb_wall_s() - w0;
        nonfinite += isfinite(lp) ? 0u : 1u;
    }
    double mw = lqb_median(wall, n), mc = lqb_median(cpu, n);
    printf("Cu-Mg lnprob at the start: %.6f\n", lp0);
    printf(
        "one lnprob over all Cu-Mg datasets (%zu evaluations, %zu non-finite): median %.3f ms "
        "wall, %.3f ms thread CPU (target <= 1 ms)\n",
        n, nonfinite, 1e3 * mw, 1e3 * mc);
    printf(
        "ESPEI 0.9.1: %.1f s per lnprob, recorded (ESPEI 0.9.1, issue text), not re-run; "
        "ratio %.0fx (thread CPU)\n",
        ESPEI_S, ESPEI_S / mc);
    char f1[128], f2[128], f3[128];
    lqb_row(
        "one Cu–Mg log-probability over ESPEI's datasets (27 files)",
        lqb_fmt(f1, sizeof f1, "%.3f ms CPU (%.3f ms wall; target ≤ 1 ms)", 1e3 * mc, 1e3 * mw),
        lqb_fmt(f2, sizeof f2, "recorded: ESPEI 0.9.1, %.1f s (issue text), not re-run", ESPEI_S),
        lqb_fmt(f3, sizeof f3, "%.0f× faster (recorded ESPEI / liquidus CPU)", ESPEI_S / mc));
    free(start);
    free(theta);
    free(wall);
    free(cpu);
    lq_assess_ctx_free(ctx);
    lq_dataset_set_free(set);
    lq_db_free(db);
    return 0;
}
