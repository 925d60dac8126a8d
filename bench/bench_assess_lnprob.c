/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: one log-probability evaluation over every Cu-Mg dataset of ESPEI's collection
 * (7 ZPF files with 476 vertices, 1 activity file, 19 non-equilibrium files), median of repeats,
 * with the parameters changed before every evaluation as in MCMC: on 1 thread (thread CPU), and
 * shared by 2 threads (wall time). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "liquidus/assess.h"

/* ESPEI 0.9.1's time for one lnprob of the Cu-Mg example, as the issue states it. */
#define ESPEI_S 1.9

/* Median wall and thread-CPU seconds of n evaluations of ctx at proposals around start (each
 * parameter moved by up to +-1 %, xorshift64 from one seed: the same proposals for every
 * context); *nonfinite counts the non-finite values. */
static void run(lq_assess_ctx *ctx, const double *start, double *theta, size_t np, size_t n,
                double *wall, double *cpu, double *mw, double *mc, size_t *nonfinite) {
    unsigned long long s = 2463534242ULL;
    *nonfinite = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < np; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            theta[k] = start[k] * (1.0 + 0.02 * ((double)(s >> 11) / 9007199254740992.0 - 0.5));
        }
        double w0 = lqb_wall_s(), c0 = lqb_thread_cpu_s();
        double lp = lq_assess_lnprob_fn(theta, np, ctx);
        cpu[i] = lqb_thread_cpu_s() - c0;
        wall[i] = lqb_wall_s() - w0;
        *nonfinite += isfinite(lp) ? 0u : 1u;
    }
    *mw = lqb_median(wall, n);
    *mc = lqb_median(cpu, n);
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200;
    if (n < 5) n = 5;
    /* the Cu-Mg database ESPEI generated for its own tests (VV0000..VV0017) */
    const char *tdb = LQ_SOURCE_DIR "/tests/assess_lnprob/espei/cumg-espei.tdb";
    const char *dir = LQ_SHARED_DIR "/data/espei-datasets/datasets/2-binary/Cu-Mg";
    const char *comps[] = {"CU", "MG", "VA"};
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    lq_assess_ctx *ctx = NULL, *ctx2 = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    opt.n_threads = 1;
    lq_assess_lnprob_options opt2 = opt;
    opt2.n_threads = 2; /* one evaluation shared by 2 threads (lq_assess_lnprob) */
    if (lq_db_read_file(tdb, &db, &d) != LQ_OK || lq_dataset_set_read_dir(dir, &set, &d) != LQ_OK ||
        lq_assess_ctx_create(db, set, NULL, 0, &opt, &ctx, &d) != LQ_OK ||
        lq_assess_ctx_create(db, set, NULL, 0, &opt2, &ctx2, &d) != LQ_OK) {
        fprintf(stderr, "bench_assess_lnprob: setup failed: %s %s\n", d.file, d.msg);
        return 1;
    }
    size_t np = lq_assess_ctx_param_count(ctx);
    double *start = malloc(np * sizeof *start), *theta = malloc(np * sizeof *theta);
    double *wall = malloc(n * sizeof *wall), *cpu = malloc(n * sizeof *cpu);
    if (!start || !theta || !wall || !cpu) return 1;
    lq_assess_ctx_start(ctx, start, np);
    double lp0 = lq_assess_lnprob_fn(start, np, ctx); /* warm-up, and the value at the start */
    double lp2 = lq_assess_lnprob_fn(start, np, ctx2);
    size_t nonfinite = 0, nonfinite2 = 0;
    double mw, mc, mw2, mc2;
    run(ctx, start, theta, np, n, wall, cpu, &mw, &mc, &nonfinite);
    run(ctx2, start, theta, np, n, wall, cpu, &mw2, &mc2, &nonfinite2);
    printf("Cu-Mg lnprob at the start: %.6f (2 threads: %.6f, %s)\n", lp0, lp2,
           lp0 == lp2 ? "identical" : "DIFFERENT");
    printf(
        "one lnprob over all Cu-Mg datasets (%zu evaluations, %zu non-finite): median %.3f ms "
        "wall, %.3f ms thread CPU on 1 thread (target <= 1 ms)\n",
        n, nonfinite, 1e3 * mw, 1e3 * mc);
    printf(
        "the same shared by 2 threads (%zu non-finite): median %.3f ms wall (the calling "
        "thread's CPU %.3f ms; on a loaded machine the wall time depends on the other jobs)\n",
        nonfinite2, 1e3 * mw2, 1e3 * mc2);
    printf(
        "ESPEI 0.9.1: %.1f s per lnprob, recorded (ESPEI 0.9.1, issue text), not re-run; "
        "ratio %.0fx (thread CPU)\n",
        ESPEI_S, ESPEI_S / mc);
    char f1[160], f2[128], f3[128];
    lqb_row(
        "one Cu–Mg log-probability over ESPEI's datasets (27 files)",
        lqb_fmt(f1, sizeof f1,
                "%.3f ms CPU on 1 thread (%.3f ms wall); %.3f ms wall on 2 threads (target "
                "≤ 1 ms)",
                1e3 * mc, 1e3 * mw, 1e3 * mw2),
        lqb_fmt(f2, sizeof f2, "recorded: ESPEI 0.9.1, %.1f s (issue text), not re-run", ESPEI_S),
        lqb_fmt(f3, sizeof f3, "%.0f× faster (recorded ESPEI / liquidus 1-thread CPU)",
                ESPEI_S / mc));
    free(start);
    free(theta);
    free(wall);
    free(cpu);
    lq_assess_ctx_free(ctx);
    lq_assess_ctx_free(ctx2);
    lq_dataset_set_free(set);
    lq_db_free(db);
    return lp0 == lp2 ? 0 : 1;
}
