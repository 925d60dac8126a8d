/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the ensemble sampler's overhead: 30 walkers x 1000 iterations on a cheap target,
 * against emcee (python3-emcee) on the same target in the same run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench_util.h"
#include "liquidus/assess.h"

#define N_WALKERS 30
#define N_ITER 1000
#define N_PARAMS 15 /* emcee's minimum of 2 x parameters walkers */
#define N_REPEAT 5

/* A diagonal Gaussian: a few nanoseconds per call, so the time is the sampler's own. */
static double lnprob(const double *x, size_t n, void *ctx) {
    (void)ctx;
    double s = 0.0;
    for (size_t k = 0; k < n; k++) s += x[k] * x[k] / (double)(k + 1);
    return -0.5 * s;
}

/* Seconds per iteration, median of N_REPEAT runs. */
static double time_run(int n_threads, const char *trace, const char *lnp, size_t save_interval) {
    double theta0[N_PARAMS], t[N_REPEAT];
    for (size_t k = 0; k < N_PARAMS; k++) theta0[k] = 0.5 + 0.1 * (double)k;
    lq_assess_target tg = {N_PARAMS, lnprob, NULL, NULL, 0, n_threads};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = N_WALKERS;
    o.iterations = N_ITER;
    o.trace_path = trace;
    o.lnprob_path = lnp;
    o.save_interval = save_interval;
    for (int r = 0; r < N_REPEAT; r++) {
        lq_assess_sample_result *res = NULL;
        o.seed = (uint64_t)r + 1;
        double t0 = lqb_wall_s();
        if (lq_assess_sample(&tg, theta0, &o, &res, NULL) != LQ_OK) return NAN;
        t[r] = (lqb_wall_s() - t0) / N_ITER;
        lq_assess_sample_result_free(res);
    }
    return lqb_median(t, N_REPEAT);
}

int main(void) {
    char dir[] = "/tmp/lq_bench_sampler_XXXXXX", trace[256], lnp[256];
    if (!mkdtemp(dir)) return 1;
    snprintf(trace, sizeof trace, "%s/trace.npy", dir);
    snprintf(lnp, sizeof lnp, "%s/lnprob.npy", dir);
    double t1 = time_run(1, NULL, NULL, 1);
    double tn = time_run(0, NULL, NULL, 1);
    double tf = time_run(1, trace, lnp, 1);
    double tf50 = time_run(1, trace, lnp, 50);
    unlink(trace);
    unlink(lnp);
    rmdir(dir);

    char cmd[2048];
    const char *py = getenv("LQ_PYTHON");
    if (!py || !*py) py = "/usr/bin/python3";
    snprintf(cmd, sizeof cmd, "%s %s/bench/bench_assess_sampler_emcee.py %d %d %d 3", py,
             LQ_SOURCE_DIR, N_WALKERS, N_ITER, N_PARAMS);
    FILE *pp = popen(cmd, "r");
    double em = NAN, ev = NAN, es = NAN;
    char line[256];
    while (pp && fgets(line, sizeof line, pp)) {
        sscanf(line, "emcee_map_s_per_iteration %lf", &em);
        sscanf(line, "emcee_vectorized_s_per_iteration %lf", &ev);
        sscanf(line, "espei_s_per_iteration %lf", &es);
    }
    int prc = pp ? pclose(pp) : -1;

    printf("bench_assess_sampler: %d walkers x %d iterations x %d parameters, cheap Gaussian\n",
           N_WALKERS, N_ITER, N_PARAMS);
    printf("  liquidus, 1 thread, no files          : %8.2f us per iteration (median of %d)\n",
           1e6 * t1, N_REPEAT);
    printf("  liquidus, OpenMP default threads      : %8.2f us per iteration\n", 1e6 * tn);
    printf("  liquidus, 1 thread, .npy every 1 it.  : %8.2f us per iteration (ESPEI's default)\n",
           1e6 * tf);
    printf("  liquidus, 1 thread, .npy every 50 it. : %8.2f us per iteration\n", 1e6 * tf50);
    if (prc != 0 || !isfinite(em) || !isfinite(ev) || !isfinite(es)) {
        printf("  emcee reference FAILED (exit %d): no ratio\n", prc);
        char f1[128], f2[128];
        lqb_row("ensemble sampler overhead, 30 walkers × 15 parameters, 1 thread",
                lqb_fmt(f1, sizeof f1, "%.1f µs per iteration", 1e6 * t1),
                lqb_fmt(f2, sizeof f2, "emcee (python3-emcee) FAILED in this run (exit %d)", prc),
                "not measured");
        return 0;
    }
    printf("  emcee, log_prob per walker (as ESPEI) : %8.2f us per iteration (median of 3)\n",
           1e6 * em);
    printf("  emcee, vectorized log_prob            : %8.2f us per iteration\n", 1e6 * ev);
    printf("  emcee + np.save every iteration (ESPEI): %7.2f us per iteration (one run)\n",
           1e6 * es);
    printf("RATIO sampler overhead (emcee per-walker / liquidus 1 thread): %.1f\n", em / t1);
    printf("RATIO sampler overhead (emcee vectorized / liquidus 1 thread): %.1f\n", ev / t1);
    printf("RATIO with files every iteration (ESPEI-style emcee / liquidus): %.1f\n", es / tf);
    char f1[128], f2[160], f3[128];
    lqb_row("ensemble sampler overhead, 30 walkers × 15 parameters, 1 thread",
            lqb_fmt(f1, sizeof f1, "%.1f µs per iteration", 1e6 * t1),
            lqb_fmt(f2, sizeof f2, "emcee, log_prob per walker: %.1f µs; vectorized: %.1f µs",
                    1e6 * em, 1e6 * ev),
            lqb_fmt(f3, sizeof f3, "%.1f× faster (%.1f× vs vectorized emcee)", em / t1, ev / t1));
    lqb_row("the same, chain saved to .npy every iteration (ESPEI's default)",
            lqb_fmt(f1, sizeof f1, "%.1f µs per iteration", 1e6 * tf),
            lqb_fmt(f2, sizeof f2, "emcee + np.save every iteration: %.1f µs (one run)", 1e6 * es),
            lqb_fmt(f3, sizeof f3, "%.1f× faster", es / tf));
    return 0;
}
