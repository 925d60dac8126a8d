/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sampler determinism, ESPEI's start, restarts (also after kill -9), errors, flat memory. */
#include <fcntl.h>
#include <math.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "lq_test.h"
#include "sampler_test.h"

static int same_result(const lq_assess_sample_result *a, const lq_assess_sample_result *b) {
    if (!a || !b || a->n_walkers != b->n_walkers || a->n_iterations != b->n_iterations ||
        a->n_params != b->n_params || a->n_done != b->n_done)
        return 0;
    size_t nt = a->n_walkers * a->n_iterations;
    return memcmp(a->trace, b->trace, nt * a->n_params * sizeof(double)) == 0 &&
           memcmp(a->lnprob, b->lnprob, nt * sizeof(double)) == 0 &&
           memcmp(a->accepted, b->accepted, a->n_walkers * sizeof(size_t)) == 0 &&
           memcmp(a->best, b->best, a->n_params * sizeof(double)) == 0 &&
           a->best_lnprob == b->best_lnprob;
}

static lq_status run(const lq_assess_target *tg, const double *theta0,
                     const lq_assess_sampler_options *o, lq_assess_sample_result **r) {
    *r = NULL;
    lq_diag d;
    lq_status st = lq_assess_sample(tg, theta0, o, r, &d);
    if (st != LQ_OK) {
        char buf[1024];
        fprintf(stderr, "  lq_assess_sample: %s: %s\n", lq_status_str(st),
                lq_diag_format(&d, buf, sizeof buf));
    }
    return st;
}

/* ------------------------------------------------------------------ determinism */

typedef struct thread_ctx {
    const lq_gauss *g;
    long calls;
    int thread;
} thread_ctx;

static double lnprob_thread(const double *x, size_t n, void *ctx) {
    thread_ctx *c = ctx;
    c->calls++; /* no atomic: each thread has its own context */
    if (omp_get_thread_num() != c->thread) c->thread = -1;
    return lqt_gauss_lnprob(x, n, (void *)c->g);
}

/* Same seed: the same trace, bit for bit, with 1 and 2 threads and with per-thread contexts;
 * another seed: another trace. */
void test_determinism(void) {
    lq_gauss g;
    lqt_gauss5(&g);
    const double theta0[5] = {0.5, 1.5, -0.5, 2.5, 1.0};
    lq_assess_target tg = {5, lqt_gauss_lnprob, &g, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = 30;
    o.iterations = 200;
    o.seed = 31337;
    lq_assess_sample_result *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r1), LQ_OK);
    tg.n_threads = 2;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r2), LQ_OK);
    LQ_CHECK(same_result(r1, r2));
    thread_ctx tc[2] = {{&g, 0, 0}, {&g, 0, 1}};
    void *tcp[2] = {&tc[0], &tc[1]};
    lq_assess_target tt = {5, lnprob_thread, NULL, tcp, 2, 2};
    LQ_CHECK_STATUS(run(&tt, theta0, &o, &r3), LQ_OK);
    LQ_CHECK(same_result(r1, r3));
    LQ_CHECK(tc[0].calls + tc[1].calls == 30 + 200 * 30);
    LQ_CHECK(tc[0].thread == 0 && tc[1].thread == 1); /* thread k used thread_ctx[k] only */
    o.seed = 31338;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r4), LQ_OK);
    LQ_CHECK(r4 && r1 && memcmp(r1->trace, r4->trace, 30 * 200 * 5 * sizeof(double)) != 0);
    if (r1) {
        LQ_CHECK(r1->n_done == 200 && r1->start == 0 && !r1->cancelled);
        size_t acc = 0;
        for (size_t j = 0; j < 30; j++) acc += r1->accepted[j];
        LQ_CHECK_CLOSE(r1->acceptance, (double)acc / (30.0 * 200.0), 1e-15, 0.0);
    }
    lq_assess_sample_result_free(r1);
    lq_assess_sample_result_free(r2);
    lq_assess_sample_result_free(r3);
    lq_assess_sample_result_free(r4);
}

/* ------------------------------------------------------------------ ESPEI's start */

typedef struct capture {
    double first[600 * 3];
    size_t n_first;
} capture;

/* A batch evaluator that keeps the first batch (the starting walkers) and then evaluates. */
static lq_status capture_eval(const lq_assess_target *t, const double *theta, size_t n, double *lnp,
                              void *ctx) {
    capture *c = ctx;
    if (!c->n_first && n * t->n_params <= 600 * 3) {
        memcpy(c->first, theta, n * t->n_params * sizeof(double));
        c->n_first = n;
    }
    return lq_assess_evaluate_openmp(t, theta, n, lnp, NULL);
}

static double flat_box(const double *x, size_t n, void *ctx) {
    (void)ctx;
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i]) > 100.0) return -(double)INFINITY;
    return 0.0;
}

/*
 * ESPEI 0.9.1 initialize_new_chains: chains_per_parameter x n walkers, walker 0 at the start,
 * the others normal(theta0, |theta0| 0.1); a zero parameter stays 0 (with a warning).
 * 200 walkers per parameter: the sample standard deviation of 599 draws has a relative standard
 * error of 1/sqrt(2 x 598) = 2.9 %; checked within 4 of them (12 %); the mean within 4 standard
 * errors of the mean.
 */
void test_espei_start(void) {
    const double theta0[3] = {2.0, -50.0, 0.0};
    lq_assess_target tg = {3, flat_box, NULL, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.chains_per_parameter = 200;
    o.iterations = 3;
    capture *c = lqi_calloc(1, sizeof *c);
    if (!c) return;
    o.batch_eval = capture_eval;
    o.batch_ctx = c;
    lq_assess_sample_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, &d), LQ_OK);
    LQ_CHECK(d.warning == 1 && strstr(d.msg, "index 2") != NULL);
    LQ_CHECK(c->n_first == 600 && r && r->n_walkers == 600);
    LQ_CHECK(memcmp(c->first, theta0, sizeof theta0) == 0);
    for (size_t k = 0; k < 2; k++) {
        double m = 0.0, v = 0.0;
        for (size_t j = 1; j < 600; j++) m += c->first[j * 3 + k] / 599.0;
        for (size_t j = 1; j < 600; j++) v += pow(c->first[j * 3 + k] - m, 2) / 598.0;
        LQ_CHECK_CLOSE(sqrt(v), 0.1 * fabs(theta0[k]), 0.12, 0.0);
        LQ_CHECK_CLOSE(m, theta0[k], 0.0, 4.0 * 0.1 * fabs(theta0[k]) / sqrt(599.0));
    }
    int zero = 1;
    for (size_t j = 0; j < 600; j++) zero &= c->first[j * 3 + 2] == 0.0;
    for (size_t i = 0; r && i < 600 * 3; i++) zero &= r->trace[i * 3 + 2] == 0.0;
    LQ_CHECK(zero);
    lq_assess_sample_result_free(r);
    lqi_free(c);
}

/* ------------------------------------------------------------------ restarts */

typedef struct cancel_at {
    volatile sig_atomic_t flag;
    size_t at;
} cancel_at;

static void progress_cancel(const lq_assess_progress *p, void *ctx) {
    cancel_at *c = ctx;
    if (p->iteration == c->at) c->flag = 1;
}

static void paths(const char *dir, const char *tag, char *tr, char *lp, size_t size) {
    snprintf(tr, size, "%s/%s_trace.npy", dir, tag);
    snprintf(lp, size, "%s/%s_lnprob.npy", dir, tag);
}

/* The files hold the result's arrays exactly. */
static int files_match(const lq_assess_sample_result *r, const char *tr, const char *lp) {
    double *a = NULL, *b = NULL;
    size_t sa[3], sb[3], na = 0, nb = 0;
    int ok = lqi_npy_read(tr, &a, sa, 3, &na, NULL) == LQ_OK &&
             lqi_npy_read(lp, &b, sb, 3, &nb, NULL) == LQ_OK && na == 3 && nb == 2 &&
             sa[0] == r->n_walkers && sa[1] == r->n_iterations && sa[2] == r->n_params &&
             sb[0] == r->n_walkers && sb[1] == r->n_iterations &&
             memcmp(a, r->trace, r->n_walkers * r->n_iterations * r->n_params * 8) == 0 &&
             memcmp(b, r->lnprob, r->n_walkers * r->n_iterations * 8) == 0;
    lqi_free(a);
    lqi_free(b);
    return ok;
}

/*
 * 20 iterations with save_interval 1 uninterrupted; the same cancelled after 10 (SIGINT path)
 * and restarted to 20; 10 iterations run to completion, then restarted with 20; a restart
 * without the lnprob file (values evaluated again); save_interval 3 cancelled at 8 (iterations
 * 7 and 8 recomputed): every restarted run equals the uninterrupted one bit for bit.
 */
void test_restart(void) {
    char dir[4096], tr[4200], lp[4200];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_gauss g;
    lqt_gauss2(&g);
    const double theta0[2] = {1.5, -1.5};
    lq_assess_target tg = {2, lqt_gauss_lnprob, &g, NULL, 0, 0};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = 8;
    o.iterations = 20;
    o.seed = 5;
    lq_assess_sample_result *full = NULL, *r = NULL;
    paths(dir, "full", tr, lp, sizeof tr);
    o.trace_path = tr;
    o.lnprob_path = lp;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &full), LQ_OK);
    LQ_CHECK(full && files_match(full, tr, lp));

    /* cancelled after 10, restarted */
    paths(dir, "cancel", tr, lp, sizeof tr);
    cancel_at c = {0, 10};
    o.progress = progress_cancel;
    o.progress_ctx = &c;
    o.cancel = &c.flag;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->cancelled && r->n_done == 10);
    lq_assess_sample_result_free(r);
    o.cancel = NULL;
    o.restart = 1;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->start == 10 && r->n_done == 20 && same_result(full, r));
    LQ_CHECK(r && files_match(r, tr, lp));
    lq_assess_sample_result_free(r);
    /* restarting a finished run computes nothing and changes nothing */
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->start == 20 && same_result(full, r));
    lq_assess_sample_result_free(r);

    /* 10 complete iterations, then extended to 20 */
    paths(dir, "extend", tr, lp, sizeof tr);
    o.restart = 0;
    o.progress = NULL;
    o.iterations = 10;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    lq_assess_sample_result_free(r);
    o.iterations = 20;
    o.restart = 1;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->start == 10 && same_result(full, r) && files_match(r, tr, lp));
    lq_assess_sample_result_free(r);

    /* no lnprob file: trace identical (the last values are evaluated again) */
    paths(dir, "nolnp", tr, lp, sizeof tr);
    o.lnprob_path = NULL;
    o.restart = 0;
    o.iterations = 10;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    lq_assess_sample_result_free(r);
    o.iterations = 20;
    o.restart = 1;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && full && memcmp(r->trace, full->trace, 8 * 20 * 2 * sizeof(double)) == 0);
    LQ_CHECK(r && full && memcmp(r->lnprob + 10, full->lnprob + 10, 10 * sizeof(double)) == 0);
    lq_assess_sample_result_free(r);

    /* save_interval 3, cancelled at 8: the files hold 6 iterations; the restart redoes 7-8 */
    paths(dir, "interval", tr, lp, sizeof tr);
    o.lnprob_path = lp;
    o.restart = 0;
    o.save_interval = 3;
    c.flag = 0;
    c.at = 8;
    o.progress = progress_cancel;
    o.cancel = &c.flag;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->cancelled && r->n_done == 8);
    lq_assess_sample_result_free(r);
    o.cancel = NULL;
    o.restart = 1;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->start == 8 && same_result(full, r)); /* cancel saves: 8 were kept */
    lq_assess_sample_result_free(r);

    /* a writer killed mid-save: iteration 11 on disk for walkers 0-2 only, lnprob up to 12 */
    paths(dir, "torn", tr, lp, sizeof tr);
    if (full) {
        static double t_tr[8 * 20 * 2], t_lp[8 * 20];
        memcpy(t_tr, full->trace, sizeof t_tr);
        memcpy(t_lp, full->lnprob, sizeof t_lp);
        for (size_t j = 0; j < 8; j++)
            for (size_t t = 11; t < 20; t++) {
                if (t > 11 || j > 2) t_tr[(j * 20 + t) * 2] = t_tr[(j * 20 + t) * 2 + 1] = 0.0;
                if (t > 12) t_lp[j * 20 + t] = 0.0;
            }
        size_t s3[3] = {8, 20, 2};
        LQ_CHECK_STATUS(lqi_npy_write(tr, t_tr, s3, 3, NULL), LQ_OK);
        LQ_CHECK_STATUS(lqi_npy_write(lp, t_lp, s3, 2, NULL), LQ_OK);
        o.progress = NULL;
        LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
        LQ_CHECK(r && r->start == 11 && same_result(full, r) && files_match(r, tr, lp));
        lq_assess_sample_result_free(r);
    }

    /* ESPEI's restart_trace: the last complete walkers of a trace, for a new run */
    paths(dir, "full", tr, lp, sizeof tr);
    size_t nw = 0, np = 0;
    double last[16];
    LQ_CHECK_STATUS(lq_assess_trace_last(tr, NULL, 0, &nw, &np, NULL), LQ_OK);
    LQ_CHECK(nw == 8 && np == 2);
    LQ_CHECK_STATUS(lq_assess_trace_last(tr, last, 16, &nw, &np, NULL), LQ_OK);
    int same = full != NULL;
    for (size_t j = 0; full && j < 8; j++)
        same &= memcmp(last + j * 2, full->trace + (j * 20 + 19) * 2, 2 * sizeof(double)) == 0;
    LQ_CHECK(same);
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_trace_last(tr, last, 15, &nw, &np, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_trace_last(lp, last, 16, &nw, &np, &d), LQ_EINVAL); /* 2-D */
    LQ_CHECK(strcmp(d.field, "shape") == 0);
    paths(dir, "zeros", tr, lp, sizeof tr);
    static const double zeros[8 * 3 * 2];
    size_t zs[3] = {8, 3, 2};
    LQ_CHECK_STATUS(lqi_npy_write(tr, zeros, zs, 3, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_trace_last(tr, last, 16, &nw, &np, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_trace_last(NULL, last, 16, &nw, &np, &d), LQ_EINVAL);

    lq_assess_sample_result_free(full);
    lqt_rmdir(dir);
}

/* Serial batch evaluator that sleeps per point, so the parent can kill the run mid-way. */
static lq_status slow_eval(const lq_assess_target *t, const double *theta, size_t n, double *lnp,
                           void *ctx) {
    (void)ctx;
    struct timespec ts = {0, 300000}; /* 0.3 ms per point */
    for (size_t i = 0; i < n; i++) {
        nanosleep(&ts, NULL);
        lnp[i] = t->lnprob(theta + i * t->n_params, t->n_params, t->ctx);
    }
    return LQ_OK;
}

/* Iterations complete on disk: those before the first one in which some walker is all zeros
 * (the sampler's restart rule). */
static size_t iterations_on_disk(const char *tr) {
    double *a = NULL;
    size_t s[3], nd = 0, done = 0;
    if (lqi_npy_read(tr, &a, s, 3, &nd, NULL) != LQ_OK || nd != 3) return 0;
    for (int complete = 1; complete && done < s[1]; done += (size_t)complete)
        for (size_t j = 0; j < s[0] && complete; j++) {
            int nonzero = 0;
            for (size_t k = 0; k < s[2]; k++) nonzero |= a[(j * s[1] + done) * s[2] + k] != 0.0;
            complete = nonzero;
        }
    lqi_free(a);
    return done;
}

/*
 * kill -9 in the middle of a run (a child process, save_interval 1), then a restart from its
 * files: the completed trace equals the uninterrupted run's bit for bit, so no accepted sample
 * was lost or changed.
 */
void test_kill_restart(void) {
    char dir[4096], tr[4200], lp[4200];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_gauss g;
    lqt_gauss5(&g);
    const double theta0[5] = {0.5, 1.5, -0.5, 2.5, 1.0};
    lq_assess_target tg = {5, lqt_gauss_lnprob, &g, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = 10;
    o.iterations = 400;
    o.seed = 99;
    o.batch_eval = slow_eval; /* serial: no OpenMP threads in the forked child */
    paths(dir, "kill", tr, lp, sizeof tr);
    o.trace_path = tr;
    o.lnprob_path = lp;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        lq_assess_sample_result *r = NULL;
        lq_assess_sample(&tg, theta0, &o, &r, NULL);
        _exit(0);
    }
    size_t seen = 0;
    for (int i = 0; i < 3000 && seen < 40 && pid > 0; i++) {
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
        seen = iterations_on_disk(tr);
    }
    int status = 0;
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    size_t at_kill = iterations_on_disk(tr);
    fprintf(stderr, "  killed with %zu of 400 iterations on disk\n", at_kill);
    LQ_CHECK(pid > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    LQ_CHECK(at_kill >= 40 && at_kill < 400);
    lq_assess_sample_result *full = NULL, *r = NULL;
    o.batch_eval = NULL;
    o.restart = 1;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    LQ_CHECK(r && r->start == at_kill && r->n_done == 400);
    o.restart = 0;
    o.trace_path = o.lnprob_path = NULL;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &full), LQ_OK);
    LQ_CHECK(same_result(full, r));
    lq_assess_sample_result_free(r);
    lq_assess_sample_result_free(full);
    lqt_rmdir(dir);
}

/* ------------------------------------------------------------------ errors */

static double nan_lnprob(const double *x, size_t n, void *ctx) {
    (void)x;
    (void)n;
    (void)ctx;
    return (double)NAN;
}

static lq_status failing_eval(const lq_assess_target *t, const double *theta, size_t n, double *lnp,
                              void *ctx) {
    (void)t;
    (void)theta;
    (void)n;
    (void)lnp;
    (void)ctx;
    return LQ_EIO;
}

void test_errors(void) {
    lq_gauss g;
    lqt_gauss2(&g);
    const double theta0[2] = {1.5, -1.5}, bad0[2] = {(double)NAN, 1.0};
    lq_assess_target tg = {2, lqt_gauss_lnprob, &g, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default(), b;
    o.iterations = 5;
    lq_assess_sample_result *r = (lq_assess_sample_result *)&o; /* must stay untouched */
    lq_assess_sample_result *const sentinel = r;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_sample(NULL, theta0, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, NULL, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_sample(&tg, NULL, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_sample(&tg, bad0, &o, &r, &d), LQ_EINVAL);
    b = o, b.n_walkers = 3; /* fewer than 2 x 2 */
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "n_walkers") == 0);
    b = o, b.chains_per_parameter = 1;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.stretch_a = 1.0;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.iterations = 0;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.save_interval = 0;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.chain_std_deviation = 0.0;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.restart = 1;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.initial_walkers = theta0; /* n_walkers not given */
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
    b = o, b.restart = 1, b.trace_path = "/nonexistent/dir/trace.npy";
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EIO);
    b = o, b.trace_path = "/nonexistent/dir/trace.npy";
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EWRITE);
    lq_assess_target tn = {2, nan_lnprob, NULL, NULL, 0, 1};
    LQ_CHECK_STATUS(lq_assess_sample(&tn, theta0, &o, &r, &d), LQ_EDOM);
    LQ_CHECK(strstr(d.msg, "NaN") != NULL);
    b = o, b.batch_eval = failing_eval;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EIO);
    LQ_CHECK(r == sentinel);
    LQ_CHECK_STATUS(lq_assess_evaluate_openmp(NULL, theta0, 1, NULL, NULL), LQ_EINVAL);
    lq_assess_sample_result_free(NULL);

    /* restart files of the wrong shape, or with more iterations done than asked */
    char dir[4096], tr[4200], lp[4200];
    if (lqt_tmpdir(dir, sizeof dir) == 0) {
        paths(dir, "err", tr, lp, sizeof tr);
        b = o, b.trace_path = tr, b.lnprob_path = lp, b.iterations = 6;
        LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_OK);
        lq_assess_sample_result_free(r);
        b.restart = 1, b.iterations = 4;
        LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
        b.iterations = 8, b.n_walkers = 6;
        LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &b, &r, &d), LQ_EINVAL);
        LQ_CHECK(strcmp(d.field, "shape") == 0);
        lq_gauss g5;
        lqt_gauss5(&g5);
        const double t5[5] = {1, 1, 1, 1, 1};
        lq_assess_target t5g = {5, lqt_gauss_lnprob, &g5, NULL, 0, 1};
        b.n_walkers = 0;
        LQ_CHECK_STATUS(lq_assess_sample(&t5g, t5, &b, &r, &d), LQ_EINVAL);
        lqt_rmdir(dir);
    }

    /* allocation failures: every one reported as LQ_ENOMEM, nothing leaked (ASan build) */
    int ok_seen = 0;
    for (long n = 0; n < 40 && !ok_seen; n++) {
        lqi_alloc_fail_after(n);
        lq_status st = lq_assess_sample(&tg, theta0, &o, &r, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            ok_seen = 1;
            lq_assess_sample_result_free(r);
        } else {
            LQ_CHECK_STATUS(st, LQ_ENOMEM);
        }
    }
    LQ_CHECK(ok_seen);
}

/* ------------------------------------------------------------------ memory */

/* Resident set, kB, from /proc/self/statm read with read(2): stdio would allocate a FILE per
 * call, which the ASan build keeps in quarantine and so counts as growth. */
static long rss_kb(void) {
    char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    long pages = 0, res = 0;
    if (n <= 0) return -1;
    buf[n] = '\0';
    if (sscanf(buf, "%ld %ld", &pages, &res) != 2) return -1;
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

typedef struct rss_track {
    long at10, max_after;
} rss_track;

static void progress_rss(const lq_assess_progress *p, void *ctx) {
    rss_track *t = ctx;
    long kb = rss_kb();
    if (p->iteration == 10) {
        t->at10 = kb;
        lqi_alloc_fail_after(0); /* from here on every library allocation would fail */
    }
    if (p->iteration >= 10 && kb > t->max_after) t->max_after = kb;
}

static double sum_sq(const double *x, size_t n, void *ctx) {
    (void)ctx;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += x[i] * x[i] / (double)(i + 1);
    return -0.5 * s;
}

/* 30 walkers x 1000 iterations x 15 parameters (2 x 15 walkers: emcee's minimum) with files
 * every 50 iterations: resident memory from iteration 10 to the end stays within 10 % of its
 * value at iteration 10; and the iterations allocate nothing: every allocation through
 * lqi_malloc fails after iteration 10, and the run still succeeds. */
void test_memory_flat(void) {
    char dir[4096], tr[4200], lp[4200];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    double theta0[15];
    for (size_t k = 0; k < 15; k++) theta0[k] = 0.5 + 0.1 * (double)k;
    lq_assess_target tg = {15, sum_sq, NULL, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.n_walkers = 30;
    o.iterations = 1000;
    o.save_interval = 50;
    paths(dir, "rss", tr, lp, sizeof tr);
    o.trace_path = tr;
    o.lnprob_path = lp;
    rss_track t = {0, 0};
    o.progress = progress_rss;
    o.progress_ctx = &t;
    lq_assess_sample_result *r = NULL;
    LQ_CHECK_STATUS(run(&tg, theta0, &o, &r), LQ_OK);
    lqi_alloc_fail_after(-1);
    LQ_CHECK(r && r->n_done == 1000);
    fprintf(stderr, "  RSS at iteration 10: %ld kB, largest after: %ld kB (trace %zu kB)\n", t.at10,
            t.max_after, (size_t)30 * 1000 * 16 * 8 / 1024);
    LQ_CHECK(t.at10 > 0 && (double)t.max_after <= 1.10 * (double)t.at10);
    lq_assess_sample_result_free(r);
    lqt_rmdir(dir);
}
