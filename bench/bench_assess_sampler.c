/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the ensemble sampler: its overhead (30 walkers x 1000 iterations on a cheap target,
 * against emcee (python3-emcee) on the same target in the same run), then the Cu-Mg run
 * (data/assess/cumg/run.yaml: 30 walkers x 1000 iterations of the real log-probability on 2
 * threads: wall time, CPU and RSS). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Resident set size of this process, MiB (/proc/self/statm); NaN when unreadable. */
static double rss_mib(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = 0;
    int ok = f && fscanf(f, "%ld %ld", &size, &res) == 2;
    if (f) fclose(f);
    return ok ? (double)res * (double)sysconf(_SC_PAGESIZE) / 1048576.0 : (double)NAN;
}

typedef struct rss_track {
    double at10, last;
} rss_track;

static void rss_progress(const lq_assess_progress *p, void *ctx) {
    rss_track *r = ctx;
    if (p->iteration == 10) r->at10 = rss_mib();
    r->last = rss_mib();
}

/* ESPEI 0.9.1's time for one lnprob of the Cu-Mg example, as the issue states it
 * (bench_assess_lnprob); a 30 x 1000 run is 30000 of them. */
#define ESPEI_LNPROB_S 1.9

/*
 * The run (Done-when 4): `liquidus assess --input data/assess/cumg/run.yaml` with its
 * parameters generated from the Cu-Mg datasets of ESPEI's collection by the command's own library
 * path (lq_assess_job_create: generate_parameters, then the log-probability of the generated
 * database), 15 parameters x chains_per_parameter 2 = 30 walkers from ESPEI's start (10 % spread,
 * seed 1769 as the file's deterministic: true), `iters` iterations on 2 OpenMP threads, the trace
 * and lnprob streamed every save_interval (10, the file's) to a scratch folder, the warm starts
 * re-anchored as lq_assess_job_run does (anchor_every; "off": never). Prints the wall time of
 * the sampling, the process CPU, the CPU per log-probability and the RSS after iteration 10 and at
 * the end (the trace is allocated whole at the start, so it must stay flat).
 */
static int cumg_run(size_t iters, const char *anchor_arg) {
    const char *yaml = LQ_SOURCE_DIR "/data/assess/cumg/run.yaml";
    char datasets[] = LQ_SHARED_DIR "/data/espei-datasets/datasets/2-binary/Cu-Mg";
    lq_assess_run_config cfg;
    lq_assess_job *job = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_assess_run_read(yaml, &cfg, &d) != LQ_OK) {
        fprintf(stderr, "bench_assess_sampler: %s: %s %s\n", yaml, d.field, d.msg);
        return 1;
    }
    char *file_datasets = cfg.datasets; /* as `--datasets` does: the shared data of this build */
    cfg.datasets = datasets;
    lq_assess_job_options jo;
    lq_assess_job_options_default(&jo);
    jo.write_outputs = 0;
    jo.n_threads = 2;
    double g0 = lqb_wall_s();
    lq_status st = lq_assess_job_create(&cfg, &jo, &job, &d);
    double gen_s = lqb_wall_s() - g0;
    lq_assess_ctx *ctx = lq_assess_job_ctx(job);
    const lq_assess_target *tg = lq_assess_job_target(job);
    if (st != LQ_OK || !ctx || !tg) {
        fprintf(stderr, "bench_assess_sampler: Cu-Mg job failed: %s %s %s\n", d.file, d.field,
                d.msg);
        cfg.datasets = file_datasets;
        lq_assess_run_free(&cfg);
        lq_assess_job_free(job);
        return 1;
    }
    size_t np = tg->n_params;
    double *theta0 = malloc(np * sizeof *theta0);
    char dir[] = "/tmp/lq_bench_cumg_XXXXXX", trace[256], lnp[256];
    if (!theta0 || !mkdtemp(dir)) return 1;
    snprintf(trace, sizeof trace, "%s/trace.npy", dir);
    snprintf(lnp, sizeof lnp, "%s/lnprob.npy", dir);
    lq_assess_ctx_start(ctx, theta0, np);
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.chains_per_parameter = (size_t)cfg.chains_per_parameter;
    o.chain_std_deviation = cfg.chain_std_deviation;
    o.seed = 1769; /* deterministic: true */
    o.iterations = iters;
    o.save_interval = (size_t)cfg.save_interval;
    o.trace_path = trace;
    o.lnprob_path = lnp;
    int anchored = !(anchor_arg && strcmp(anchor_arg, "off") == 0);
    if (anchored) { /* as lq_assess_job_run */
        o.anchor = lq_assess_ctx_anchor_fn;
        o.anchor_ctx = ctx;
        if (anchor_arg) o.anchor_every = (size_t)strtoul(anchor_arg, NULL, 10);
    }
    rss_track rt = {(double)NAN, (double)NAN};
    o.progress = rss_progress;
    o.progress_ctx = &rt;
    lq_assess_sample_result *res = NULL;
    double rss0 = rss_mib(), w0 = lqb_wall_s(), c0 = lqb_process_cpu_s();
    st = lq_assess_sample(tg, theta0, &o, &res, &d);
    double wall = lqb_wall_s() - w0, cpu = lqb_process_cpu_s() - c0;
    unlink(trace);
    unlink(lnp);
    rmdir(dir);
    cfg.datasets = file_datasets;
    lq_assess_run_free(&cfg);
    if (st != LQ_OK) {
        fprintf(stderr, "bench_assess_sampler: Cu-Mg run failed: %s\n", d.msg);
        return 1;
    }
    size_t nw = res->n_walkers;
    /* per proposal, as the issue counts (the start's and the anchorings' evaluations included in
     * the CPU) */
    double n_lnp = (double)nw * (double)iters;
    double espei_h = ESPEI_LNPROB_S * (double)nw * (double)iters / 3600.0;
    char anc[64];
    if (anchored)
        snprintf(anc, sizeof anc, "re-anchored every %zu iterations", o.anchor_every);
    else
        snprintf(anc, sizeof anc, "anchored at the start only");
    printf(
        "Cu-Mg (data/assess/cumg/run.yaml: %zu generated parameters, generation %.2f s wall), "
        "%zu walkers x %zu iterations, 2 threads, %s: %.1f s wall, %.1f s CPU (%.3f ms CPU per "
        "lnprob), acceptance %.3f, best lnprob %.6f\n",
        np, gen_s, nw, iters, anc, wall, cpu, 1e3 * cpu / n_lnp, res->acceptance, res->best_lnprob);
    printf(
        "  RSS: %.1f MiB before the run, %.1f MiB after iteration 10, %.1f MiB at the end "
        "(%+.1f %%)\n",
        rss0, rt.at10, rt.last, 100.0 * (rt.last - rt.at10) / rt.at10);
    printf(
        "  ESPEI 0.9.1: %.1f s per lnprob recorded (issue text), not re-run: %.1f h of CPU "
        "for the same run\n",
        ESPEI_LNPROB_S, espei_h);
    char f1[192], f2[160], f3[128], f4[160];
    lqb_row(lqb_fmt(f4, sizeof f4,
                    "Cu–Mg MCMC as run.yaml (%zu generated parameters), %zu walkers × %zu "
                    "iterations, 2 threads",
                    np, nw, iters),
            lqb_fmt(f1, sizeof f1,
                    "%.1f s wall (target ≤ 60 s), %.2f ms CPU per lnprob, RSS %.1f → %.1f MiB",
                    wall, 1e3 * cpu / n_lnp, rt.at10, rt.last),
            lqb_fmt(f2, sizeof f2,
                    "recorded: ESPEI 0.9.1, %.1f s per lnprob (issue text), %.1f h CPU, not re-run",
                    ESPEI_LNPROB_S, espei_h),
            lqb_fmt(f3, sizeof f3, "%.0f× less CPU (recorded ESPEI / liquidus)",
                    espei_h * 3600.0 / cpu));
    lq_assess_sample_result_free(res);
    free(theta0);
    lq_assess_job_free(job);
    return 0;
}

/* argv[1]: iterations of the Cu-Mg run (default 1000; 0 leaves it out); argv[2] "cumg": only it;
 * argv[3]: the run's anchor_every, or "off" (default: the sampler's default). */
int main(int argc, char **argv) {
    size_t cumg_iters = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
    const char *anchor_arg = argc > 3 ? argv[3] : NULL;
    if (argc > 2 && strcmp(argv[2], "cumg") == 0)
        return cumg_iters ? cumg_run(cumg_iters, anchor_arg) : 0;
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
        return cumg_iters ? cumg_run(cumg_iters, NULL) : 0;
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
    return cumg_iters ? cumg_run(cumg_iters, NULL) : 0;
}
