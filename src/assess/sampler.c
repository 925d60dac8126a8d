/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ensemble sampler: Goodman-Weare stretch move with emcee's red-blue split, ESPEI's start. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/sampler_internal.h"
#include "core/core_internal.h"

/*
 * Correspondence with emcee 3 (emcee/moves/red_blue.py RedBlueMove.propose with nsplits = 2 and
 * randomize_split; emcee/moves/stretch.py StretchMove.get_proposal), one iteration:
 *   emcee                                     here
 *   move = random.choice(moves)               (one move: nothing to draw)
 *   inds = arange(nwalkers) % 2               half[j] = j % 2 (lqi_sampler_draw)
 *   shuffle(inds)                             Fisher-Yates, as numpy's shuffle
 *   for split in (0, 1):                      for split in (0, 1): (move_half)
 *     s = coords[inds == split]               member[]: walkers of the half, in walker order
 *     c = coords[inds != split]               other[]: the other half, in walker order
 *     zz = ((a - 1) rand + 1)^2 / a           z from u_z[j]
 *     factors = (ndim - 1) log(zz)            factor[k]
 *     rint = randint(Nc)                      partner[j]
 *     q = c[rint] - (c[rint] - s) zz          the same expression, coordinate by coordinate
 *     new_log_probs = log_prob(q)             batch evaluator over the half
 *     lnpdiff = f + nlp - log_prob[j]         the same
 *     accept if lnpdiff > log(rand())         the same, with u_acc[j]
 * The only difference is where the random numbers come from: emcee draws them in this order from
 * one NumPy RandomState; here walker j at iteration t draws (u_z, partner, u_acc) from its own
 * stream lqi_rng_split(seed generator, (t + 1) << 32 | j), and the shuffle from stream
 * (t + 1) << 32 | 0xffffffff, so that no result depends on the order in which walkers are
 * evaluated, on threads or on ranks, and iteration t of a restart draws what the first run drew.
 * Given the same random numbers, the chains are the same to the last bit (test_emcee_replay runs
 * emcee with these numbers and compares).
 */

#define STREAM_START 0u
#define STREAM_SHUFFLE 0xffffffffu
#define MAX_INDEX 0xfffffffeu /* walkers and iterations must fit the 32-bit halves of a stream */

static uint64_t stream_id(size_t t, uint64_t j) { return ((uint64_t)t + 1u) << 32 | j; }

lq_assess_sampler_options lq_assess_sampler_options_default(void) {
    lq_assess_sampler_options o;
    memset(&o, 0, sizeof o);
    o.chains_per_parameter = 2;
    o.chain_std_deviation = 0.1;
    o.iterations = 1000;
    o.seed = 1769;
    o.save_interval = 1;
    o.stretch_a = 2.0;
    o.anchor_every = LQ_ASSESS_ANCHOR_EVERY;
    return o;
}

/* Scratch of one run: allocated once, so iterations do not allocate. */
typedef struct sampler_ws {
    size_t w, p;
    double *pos;     /* [w][p] current walkers */
    double *lnp;     /* [w] their log-probabilities */
    double *q;       /* [w][p] proposals of a half (at most ceil(w/2) rows used) */
    double *qlnp;    /* [w] */
    double *factor;  /* [w] (ndim - 1) log z */
    double *u_z;     /* [w] uniforms for z */
    double *u_acc;   /* [w] uniforms for acceptance */
    double *sorted;  /* [w] scratch for the median */
    double *anchor;  /* [p] the anchor point being set */
    double *anchor0; /* [p] the starting walkers' median (the first anchor) */
    size_t *half;    /* [w] half label (0 or 1) */
    size_t *partner; /* [w] index into the other half */
    size_t *member;  /* [w] walkers of the moving half */
    size_t *other;   /* [w] walkers of the other half */
    double *dblock;
    size_t *sblock;
} sampler_ws;

static void ws_free(sampler_ws *ws) {
    lqi_free(ws->dblock);
    lqi_free(ws->sblock);
    ws->dblock = NULL;
    ws->sblock = NULL;
}

static lq_status ws_alloc(sampler_ws *ws, size_t w, size_t p) {
    memset(ws, 0, sizeof *ws);
    ws->w = w;
    ws->p = p;
    ws->dblock = lqi_malloc_array(2 * w * p + 6 * w + 2 * p, sizeof(double));
    ws->sblock = lqi_malloc_array(4 * w, sizeof(size_t));
    if (!ws->dblock || !ws->sblock) {
        ws_free(ws);
        return LQ_ENOMEM;
    }
    memset(ws->dblock, 0, (2 * w * p + 6 * w + 2 * p) * sizeof(double));
    ws->pos = ws->dblock;
    ws->q = ws->pos + w * p;
    ws->lnp = ws->q + w * p;
    ws->qlnp = ws->lnp + w;
    ws->factor = ws->qlnp + w;
    ws->u_z = ws->factor + w;
    ws->u_acc = ws->u_z + w;
    ws->sorted = ws->u_acc + w;
    ws->anchor = ws->sorted + w;
    ws->anchor0 = ws->anchor + p;
    ws->half = ws->sblock;
    ws->partner = ws->half + w;
    ws->member = ws->partner + w;
    ws->other = ws->member + w;
    return LQ_OK;
}

/* Uniform integer in [0, n), n >= 1, without modulo bias: the lowest 2^64 mod n values of the
 * generator are rejected (the method of OpenBSD's arc4random_uniform). */
static size_t draw_below(lqi_rng *r, size_t n) {
    uint64_t m = (uint64_t)n, lim = (0u - m) % m;
    for (;;) {
        uint64_t x = lqi_rng_u64(r);
        if (x >= lim) return (size_t)(x % m);
    }
}

void lqi_sampler_draw(const lqi_rng *base, size_t t, size_t w, size_t *half, double *u_z,
                      size_t *partner, double *u_acc) {
    size_t n_in[2] = {0, 0};
    lqi_rng r;
    lqi_rng_split(base, stream_id(t, STREAM_SHUFFLE), &r);
    for (size_t j = 0; j < w; j++) half[j] = j % 2;
    for (size_t i = w - 1; i > 0; i--) { /* Fisher-Yates, as numpy's shuffle */
        size_t k = draw_below(&r, i + 1), tmp = half[i];
        half[i] = half[k];
        half[k] = tmp;
    }
    for (size_t j = 0; j < w; j++) n_in[half[j]]++;
    for (size_t j = 0; j < w; j++) {
        lqi_rng_split(base, stream_id(t, j), &r);
        u_z[j] = lqi_rng_uniform(&r);
        partner[j] = draw_below(&r, n_in[1 - half[j]]);
        u_acc[j] = lqi_rng_uniform(&r);
    }
}

typedef struct sampler_run {
    const lq_assess_target *target;
    const lq_assess_sampler_options *opt;
    lq_assess_batch_fn eval;
    void *eval_ctx;
    sampler_ws ws;
    lq_assess_sample_result *r;
    lqi_sampler_files files;
} sampler_run;

static int cancelled(const sampler_run *R) { return R->opt->cancel && *R->opt->cancel; }

/* Proposes, evaluates and accepts or rejects for the walkers of half `split`. */
static lq_status move_half(sampler_run *R, size_t split) {
    sampler_ws *ws = &R->ws;
    size_t w = ws->w, p = ws->p, ns = 0, nc = 0;
    for (size_t j = 0; j < w; j++) {
        if (ws->half[j] == split)
            ws->member[ns++] = j;
        else
            ws->other[nc++] = j;
    }
    double a = R->opt->stretch_a;
    for (size_t k = 0; k < ns; k++) {
        size_t j = ws->member[k], c = ws->other[ws->partner[j]];
        /* z = ((a - 1) u + 1)^2 / a has density ~ 1/sqrt(z) on [1/a, a] (Goodman-Weare eq. 9) */
        double z = (a - 1.0) * ws->u_z[j] + 1.0;
        z = z * z / a;
        ws->factor[k] = ((double)p - 1.0) * log(z);
        const double *xc = ws->pos + c * p, *xj = ws->pos + j * p;
        double *y = ws->q + k * p;
        for (size_t d = 0; d < p; d++) y[d] = xc[d] - (xc[d] - xj[d]) * z;
    }
    lq_status st = R->eval(R->target, ws->q, ns, ws->qlnp, R->eval_ctx);
    if (st != LQ_OK) return st;
    for (size_t k = 0; k < ns; k++) {
        size_t j = ws->member[k];
        double nlp = isnan(ws->qlnp[k]) ? -(double)INFINITY : ws->qlnp[k];
        double lnpdiff = ws->factor[k] + nlp - ws->lnp[j];
        if (lnpdiff > log(ws->u_acc[j])) {
            memcpy(ws->pos + j * p, ws->q + k * p, p * sizeof(double));
            ws->lnp[j] = nlp;
            R->r->accepted[j]++;
        }
    }
    return LQ_OK;
}

/* ------------------------------------------------------------------ start, restart, records */

/* ESPEI 0.9.1 EmceeOptimizer.initialize_new_chains: normal(theta0, |theta0 std|) for every
 * walker, then walker 0 set to theta0 exactly (the first walker's draws are made and dropped, as
 * NumPy's are). */
static void start_walkers(const lqi_rng *base, const double *theta0,
                          const lq_assess_sampler_options *opt, sampler_ws *ws, lq_diag *diag) {
    size_t w = ws->w, p = ws->p;
    if (opt->initial_walkers) {
        memcpy(ws->pos, opt->initial_walkers, w * p * sizeof(double));
        return;
    }
    lqi_rng r;
    lqi_rng_split(base, STREAM_START, &r);
    for (size_t j = 0; j < w; j++)
        for (size_t k = 0; k < p; k++) {
            double sd = fabs(theta0[k] * opt->chain_std_deviation);
            ws->pos[j * p + k] = theta0[k] + sd * lqi_rng_normal(&r);
        }
    memcpy(ws->pos, theta0, p * sizeof(double));
    size_t nzero = 0, first = 0;
    for (size_t k = p; k-- > 0;)
        if (theta0[k] == 0.0) {
            nzero++;
            first = k;
        }
    if (nzero)
        lqi_diag_warn(diag, NULL, 0, "theta0",
                      "%zu start parameter(s) are 0 (first: index %zu): every walker starts at 0 "
                      "there and the stretch move never moves them (as in ESPEI); start near 0 "
                      "instead",
                      nzero, first);
}

/* Copies the walkers after iteration t into the result and updates the best point. */
static void record_iteration(sampler_run *R, size_t t) {
    lq_assess_sample_result *r = R->r;
    size_t w = r->n_walkers, p = r->n_params, it = r->n_iterations;
    for (size_t j = 0; j < w; j++) {
        memcpy(r->trace + (j * it + t) * p, R->ws.pos + j * p, p * sizeof(double));
        r->lnprob[j * it + t] = R->ws.lnp[j];
        if (R->ws.lnp[j] > r->best_lnprob) {
            r->best_lnprob = R->ws.lnp[j];
            memcpy(r->best, R->ws.pos + j * p, p * sizeof(double));
        }
    }
}

/* ------------------------------------------------------------------ re-anchoring */

/* 1 when the anchor moves after iteration t (0-based): t + 1 a power of 2 below `every`, or a
 * multiple of it (the walkers move fastest from the start, then drift). */
static int anchor_due(size_t t, size_t every) {
    size_t n = t + 1;
    if (every == 0) return 0;
    return n % every == 0 || (n < every && (n & (n - 1)) == 0);
}

/* The iteration whose walkers set the anchor in force during iteration t: the last scheduled
 * one before t; SIZE_MAX for the starting walkers' anchor. */
static size_t anchor_source(size_t t, size_t every) {
    while (t-- > 0)
        if (anchor_due(t, every)) return t;
    return SIZE_MAX;
}

/* Sorts x[0..n) ascending (insertion sort: n is tens to hundreds of walkers). */
static void sort_small(double *x, size_t n) {
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t k = i;
        for (; k > 0 && x[k - 1] > v; k--) x[k] = x[k - 1];
        x[k] = v;
    }
}

/* The coordinate-wise median of the w walkers, walker j's parameters at pos + j * stride, into
 * out [p]: a function of the positions alone (no log-probability, which a restart without the
 * lnprob file does not have), inside the walkers' box, and robust to strays. */
static void walker_median(sampler_ws *ws, const double *pos, size_t stride, double *out) {
    size_t w = ws->w;
    for (size_t k = 0; k < ws->p; k++) {
        for (size_t j = 0; j < w; j++) ws->sorted[j] = pos[j * stride + k];
        sort_small(ws->sorted, w);
        out[k] = w % 2 ? ws->sorted[w / 2] : 0.5 * (ws->sorted[w / 2 - 1] + ws->sorted[w / 2]);
    }
}

/* Moves the target's anchor to the median of the walkers after iteration src (from the trace),
 * or of the starting walkers (ws->anchor0) for SIZE_MAX. */
static lq_status set_anchor(sampler_run *R, size_t src) {
    sampler_ws *ws = &R->ws;
    const lq_assess_sample_result *r = R->r;
    if (src == SIZE_MAX)
        memcpy(ws->anchor, ws->anchor0, ws->p * sizeof(double));
    else
        walker_median(ws, r->trace + src * r->n_params, r->n_iterations * r->n_params, ws->anchor);
    return R->opt->anchor(ws->anchor, ws->p, R->opt->anchor_ctx);
}

/* Restart without the lnprob file: the walkers' log-probabilities again, each at the anchor that
 * was in force when its position was accepted (acc[j], the iteration, SIZE_MAX for a starting
 * position), so that they are the values the uninterrupted run holds, bit for bit; then the
 * anchor of iteration n_done again. Walkers sharing an anchor are evaluated in one batch. */
static lq_status reevaluate(sampler_run *R, const size_t *acc) {
    sampler_ws *ws = &R->ws;
    size_t w = ws->w, p = ws->p, every = R->opt->anchor_every, *key = ws->partner;
    size_t *done = ws->other, now = anchor_source(R->r->n_done, every);
    if (!R->opt->anchor) return R->eval(R->target, ws->pos, w, ws->lnp, R->eval_ctx);
    for (size_t j = 0; j < w; j++) {
        key[j] = acc[j] == SIZE_MAX ? SIZE_MAX : anchor_source(acc[j], every);
        done[j] = 0;
    }
    int moved = 0;
    for (;;) {
        size_t k = SIZE_MAX, n = 0, first = w;
        for (size_t j = 0; j < w; j++) /* the smallest key left (SIZE_MAX last) */
            if (!done[j] && (first == w || key[j] < k)) {
                k = key[j];
                first = j;
            }
        if (first == w) break;
        if (k != now) moved = 1;
        lq_status st = set_anchor(R, k);
        for (size_t j = 0; st == LQ_OK && j < w; j++)
            if (!done[j] && key[j] == k)
                memcpy(ws->q + n++ * p, ws->pos + j * p, p * sizeof(double));
        if (st == LQ_OK) st = R->eval(R->target, ws->q, n, ws->qlnp, R->eval_ctx);
        if (st != LQ_OK) return st;
        n = 0;
        for (size_t j = 0; j < w; j++)
            if (!done[j] && key[j] == k) {
                ws->lnp[j] = ws->qlnp[n++];
                done[j] = 1;
            }
    }
    return moved ? set_anchor(R, now) : LQ_OK;
}

/* After reading a trace: current walkers, acceptance counts and best point from its first
 * n_done iterations (a walker accepted at t when its position differs from t - 1, or from the
 * start for t = 0), scanning in the order the run recorded them. */
static lq_status resume_from_trace(sampler_run *R) {
    lq_assess_sample_result *r = R->r;
    size_t w = r->n_walkers, p = r->n_params, it = r->n_iterations, n = r->n_done;
    size_t *acc = R->ws.member; /* per walker, the iteration its position was accepted */
    for (size_t j = 0; j < w; j++) acc[j] = SIZE_MAX;
    for (size_t t = 0; t < n; t++)
        for (size_t j = 0; j < w; j++) {
            const double *row = r->trace + (j * it + t) * p;
            const double *prev = t ? row - p : R->ws.pos + j * p;
            if (memcmp(row, prev, p * sizeof(double)) != 0) {
                r->accepted[j]++;
                acc[j] = t;
            }
            if (R->opt->lnprob_path && r->lnprob[j * it + t] > r->best_lnprob) {
                r->best_lnprob = r->lnprob[j * it + t];
                memcpy(r->best, row, p * sizeof(double));
            }
        }
    for (size_t j = 0; j < w; j++) {
        memcpy(R->ws.pos + j * p, r->trace + (j * it + n - 1) * p, p * sizeof(double));
        R->ws.lnp[j] = r->lnprob[j * it + n - 1];
    }
    if (R->opt->lnprob_path) return LQ_OK;
    /* no lnprob file: evaluate the walkers again (the same values for a deterministic lnprob) */
    lq_status st = reevaluate(R, acc);
    for (size_t j = 0; st == LQ_OK && j < w; j++) {
        r->lnprob[j * it + n - 1] = R->ws.lnp[j];
        if (R->ws.lnp[j] > r->best_lnprob) {
            r->best_lnprob = R->ws.lnp[j];
            memcpy(r->best, R->ws.pos + j * p, p * sizeof(double));
        }
    }
    return st;
}

static lq_status evaluate_start(sampler_run *R, lq_diag *diag) {
    sampler_ws *ws = &R->ws;
    lq_status st = R->eval(R->target, ws->pos, ws->w, ws->lnp, R->eval_ctx);
    if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, "lnprob", "batch evaluator failed");
    for (size_t j = 0; j < ws->w; j++)
        if (isnan(ws->lnp[j]))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "lnprob",
                                "log-probability of starting walker %zu is NaN", j);
    return LQ_OK;
}

/* ------------------------------------------------------------------ result and checks */

void lq_assess_sample_result_free(lq_assess_sample_result *r) {
    if (!r) return;
    lqi_free(r->trace);
    lqi_free(r->lnprob);
    lqi_free(r->accepted);
    lqi_free(r->best);
    lqi_free(r);
}

/* The whole result is allocated and written here (every page touched), so the run's resident
 * memory is reached before the first iteration and stays flat. */
static lq_status result_alloc(size_t w, size_t it, size_t p, lq_assess_sample_result **out) {
    lq_assess_sample_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->n_walkers = w;
    r->n_iterations = it;
    r->n_params = p;
    r->best_lnprob = -(double)INFINITY;
    r->trace = lqi_malloc_array(w * it, p * sizeof(double));
    r->lnprob = lqi_malloc_array(w * it, sizeof(double));
    r->accepted = lqi_malloc_array(w, sizeof(size_t));
    r->best = lqi_malloc_array(p, sizeof(double));
    if (!r->trace || !r->lnprob || !r->accepted || !r->best) {
        lq_assess_sample_result_free(r);
        return LQ_ENOMEM;
    }
    memset(r->trace, 0, w * it * p * sizeof(double));
    memset(r->lnprob, 0, w * it * sizeof(double));
    memset(r->accepted, 0, w * sizeof(size_t));
    memset(r->best, 0, p * sizeof(double));
    *out = r;
    return LQ_OK;
}

static lq_status bad(lq_diag *diag, const char *field, const char *msg) {
    return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, field, "%s", msg);
}

static lq_status check_args(const lq_assess_target *tg, const double *theta0,
                            const lq_assess_sampler_options *o, size_t *n_walkers, lq_diag *diag) {
    if (!tg || !tg->lnprob || tg->n_params == 0)
        return bad(diag, "target", "no target, no lnprob or no parameters");
    size_t p = tg->n_params;
    if (!o->initial_walkers && !theta0) return bad(diag, "theta0", "no start point");
    for (size_t k = 0; theta0 && k < p; k++)
        if (!isfinite(theta0[k])) return bad(diag, "theta0", "start parameter not finite");
    if (o->iterations == 0 || o->iterations > MAX_INDEX)
        return bad(diag, "iterations", "iterations must be in [1, 2^32 - 2]");
    if (o->save_interval == 0) return bad(diag, "save_interval", "save_interval must be >= 1");
    if (!(o->stretch_a > 1.0) || !isfinite(o->stretch_a))
        return bad(diag, "stretch_a", "the stretch scale a must be > 1");
    if (o->restart && !o->trace_path) return bad(diag, "restart", "restart needs trace_path");
    size_t w = o->n_walkers;
    if (w > MAX_INDEX || p > MAX_INDEX) return bad(diag, "n_walkers", "too many walkers");
    if (o->initial_walkers) {
        if (w == 0) return bad(diag, "n_walkers", "initial_walkers needs n_walkers");
        for (size_t i = 0; i < w * p; i++)
            if (!isfinite(o->initial_walkers[i]))
                return bad(diag, "initial_walkers", "starting walker not finite");
    } else if (w == 0) {
        if (o->chains_per_parameter < 2 || o->chains_per_parameter > MAX_INDEX / p)
            return bad(diag, "chains_per_parameter", "chains_per_parameter must be >= 2");
        w = o->chains_per_parameter * p;
    }
    if (!(o->chain_std_deviation > 0.0) || !isfinite(o->chain_std_deviation))
        return bad(diag, "chain_std_deviation", "chain_std_deviation must be > 0");
    if (w < 2 * p || w > MAX_INDEX)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "n_walkers",
                            "%zu walkers for %zu parameters: the stretch move needs at least "
                            "2 x parameters (emcee's rule)",
                            w, p);
    if (w * p > SIZE_MAX / sizeof(double) / o->iterations)
        return bad(diag, "iterations", "trace too large for memory");
    *n_walkers = w;
    return LQ_OK;
}

/* ------------------------------------------------------------------ the run */

static double median_lnprob(sampler_ws *ws) {
    memcpy(ws->sorted, ws->lnp, ws->w * sizeof(double));
    sort_small(ws->sorted, ws->w);
    size_t w = ws->w;
    return w % 2 ? ws->sorted[w / 2] : 0.5 * (ws->sorted[w / 2 - 1] + ws->sorted[w / 2]);
}

static double wall_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void report(sampler_run *R, size_t t, double t0, int saved) {
    if (!R->opt->progress) return;
    lq_assess_sample_result *r = R->r;
    size_t acc = 0;
    for (size_t j = 0; j < r->n_walkers; j++) acc += r->accepted[j];
    double dt = wall_s() - t0;
    lq_assess_progress pr = {t + 1,
                             r->n_iterations,
                             r->n_walkers,
                             (double)acc / ((double)r->n_walkers * (double)(t + 1)),
                             r->best_lnprob,
                             median_lnprob(&R->ws),
                             dt > 0.0 ? (double)(t + 1 - r->start) / dt : 0.0,
                             saved};
    R->opt->progress(&pr, R->opt->progress_ctx);
}

static lq_status run_iterations(sampler_run *R, const lqi_rng *base, lq_diag *diag) {
    lq_assess_sample_result *r = R->r;
    double t0 = wall_s();
    for (size_t t = r->n_done; t < r->n_iterations; t++) {
        sampler_ws *ws = &R->ws;
        lqi_sampler_draw(base, t, ws->w, ws->half, ws->u_z, ws->partner, ws->u_acc);
        for (size_t split = 0; split < 2; split++) {
            if (cancelled(R)) {
                r->cancelled = 1;
                return lqi_sampler_files_flush(r, &R->files, diag);
            }
            lq_status st = move_half(R, split);
            if (st != LQ_OK)
                return lqi_diag_set(diag, st, NULL, 0, "lnprob", "batch evaluator failed");
        }
        record_iteration(R, t);
        r->n_done = t + 1;
        int save = (t + 1) % R->opt->save_interval == 0 || t + 1 == r->n_iterations;
        if (save) {
            lq_status st = lqi_sampler_files_flush(r, &R->files, diag);
            if (st != LQ_OK) return st;
        }
        report(R, t, t0, save);
        if (R->opt->anchor && t + 1 < r->n_iterations && anchor_due(t, R->opt->anchor_every)) {
            lq_status st = set_anchor(R, t); /* the trace's row t: the walkers now */
            if (st != LQ_OK)
                return lqi_diag_set(diag, st, NULL, 0, "anchor", "re-anchoring failed");
        }
    }
    return LQ_OK;
}

lq_status lq_assess_sample(const lq_assess_target *target, const double *theta0,
                           const lq_assess_sampler_options *opt, lq_assess_sample_result **out,
                           lq_diag *diag) {
    lq_assess_sampler_options o = opt ? *opt : lq_assess_sampler_options_default();
    size_t w = 0;
    if (!out) return bad(diag, "out", "no result pointer");
    lq_status st = check_args(target, theta0, &o, &w, diag);
    if (st != LQ_OK) return st;
    size_t p = target->n_params;
    sampler_run R;
    memset(&R, 0, sizeof R);
    R.target = target;
    R.opt = &o;
    R.eval = o.batch_eval ? o.batch_eval : lq_assess_evaluate_openmp;
    R.eval_ctx = o.batch_ctx;
    R.files.trace.fd = R.files.lnprob.fd = -1;
    st = ws_alloc(&R.ws, w, p);
    if (st == LQ_OK) st = result_alloc(w, o.iterations, p, &R.r);
    if (st != LQ_OK) {
        ws_free(&R.ws);
        return LQ_ENOMEM;
    }
    lqi_rng base;
    lqi_rng_seed(&base, o.seed);
    start_walkers(&base, theta0, &o, &R.ws, diag);
    if (o.anchor) walker_median(&R.ws, R.ws.pos, p, R.ws.anchor0);
    if (o.restart) st = lqi_sampler_load(R.r, &o, diag);
    /* the anchor in force for iteration n_done (lq_assess_sampler_options.anchor) */
    if (st == LQ_OK && o.anchor &&
        (st = set_anchor(&R, anchor_source(R.r->n_done, o.anchor_every))) != LQ_OK)
        lqi_diag_set(diag, st, NULL, 0, "anchor", "anchoring failed");
    if (st == LQ_OK && R.r->n_done > 0)
        st = resume_from_trace(&R);
    else if (st == LQ_OK)
        st = evaluate_start(&R, diag);
    R.r->start = R.r->n_done;
    if (st == LQ_OK) st = lqi_sampler_files_open(R.r, &o, &R.files, diag);
    if (st == LQ_OK) st = run_iterations(&R, &base, diag);
    lq_status cst = lqi_sampler_files_close(&R.files, st == LQ_OK ? diag : NULL);
    if (st == LQ_OK) st = cst;
    if (st == LQ_OK) {
        size_t acc = 0;
        for (size_t j = 0; j < w; j++) acc += R.r->accepted[j];
        R.r->acceptance = R.r->n_done ? (double)acc / ((double)w * (double)R.r->n_done) : 0.0;
        *out = R.r;
    } else {
        lq_assess_sample_result_free(R.r);
    }
    ws_free(&R.ws);
    return st;
}
