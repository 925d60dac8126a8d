/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moving the warm starts' anchor: lnprob a function of (theta, anchor point) alone, bit for bit. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/assess.h"
#include "lq_test.h"

void test_anchor_moves(void);

#define NPAR 18 /* ESPEI's Cu-Mg test database: VV0000..VV0017 */
#define NQ 4

/* start x (1 + amp u), u in [-1/2, 1/2) from xorshift64 with seed s */
static void perturb(const double *start, double amp, unsigned long long s, double *theta) {
    for (size_t k = 0; k < NPAR; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        theta[k] = start[k] * (1.0 + amp * ((double)(s >> 11) / 9007199254740992.0 - 0.5));
    }
}

static lq_assess_ctx *make_ctx(const lq_db *db, const lq_dataset_set *set, size_t threads) {
    const char *comps[] = {"CU", "MG", "VA"};
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.components = comps;
    opt.n_components = 3;
    opt.n_threads = threads;
    lq_assess_ctx *ctx = NULL;
    LQ_CHECK_STATUS(lq_assess_ctx_create(db, set, NULL, 0, &opt, &ctx, NULL), LQ_OK);
    return ctx;
}

/* ESPEI's Cu-Mg test database and datasets (checked reads); 0 when the shared data are absent. */
static int read_cumg(lq_db **db, lq_dataset_set **set) {
    char dir[1024], tdb[1024];
    if (lq_test_shared_path("data/espei-datasets/datasets/2-binary/Cu-Mg", dir, sizeof dir))
        return 0;
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", tdb, sizeof tdb);
    LQ_CHECK_STATUS(lq_db_read_file(tdb, db, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, set, NULL), LQ_OK);
    return 1;
}

static double lnp(lq_assess_ctx *ctx, const double *theta) {
    double v = NAN;
    if (lq_assess_lnprob(ctx, theta, NPAR, NULL, &v, NULL) != LQ_OK) return NAN;
    return v;
}

/*
 * The Cu-Mg datasets with ESPEI's test database. Context A evaluates three points (a history),
 * then moves its anchor to P (10 % from the start) and evaluates four proposals 20 % from the
 * start; context B, new, anchored at P before any evaluation, evaluates the same proposals in
 * reverse order; context D on two threads evaluates them in parallel: every value is the same to
 * the last bit. Moving A back to the start gives the values of a new context at the default
 * anchor, bit for bit, and the values at the two anchors differ by no more than the solver's
 * tolerance (1e-9 relative, the bound of test_fastref.c).
 */
void test_anchor_moves(void) {
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    if (!read_cumg(&db, &set)) return;
    if (!db || !set) goto done;
    lq_assess_ctx *a = make_ctx(db, set, 1), *b = make_ctx(db, set, 1), *c = make_ctx(db, set, 1);
    lq_assess_ctx *d = make_ctx(db, set, 2);
    if (!a || !b || !c || !d) goto free_ctx;
    LQ_CHECK(lq_assess_ctx_param_count(a) == NPAR);
    double start[NPAR], p[NPAR], h[NPAR], q[NQ][NPAR];
    lq_assess_ctx_start(a, start, NPAR);
    perturb(start, 0.2, 7, p);
    for (size_t i = 0; i < NQ; i++) perturb(start, 0.4, 1000 + i, q[i]);

    for (unsigned long long s = 1; s <= 3; s++) { /* history of A */
        perturb(start, 0.2, 50 + s, h);
        (void)lnp(a, h);
    }
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(a, p, NPAR), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(b, p, NPAR), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(d, p, NPAR), LQ_OK);
    double va[NQ], vb[NQ], vd[NQ], vc[NQ], va0[NQ];
    for (size_t i = 0; i < NQ; i++) va[i] = lnp(a, q[i]);
    for (size_t i = NQ; i-- > 0;) vb[i] = lnp(b, q[i]);
    int ok = 1;
#pragma omp parallel for num_threads(2) schedule(static, 1) reduction(& : ok)
    for (int i = 0; i < NQ; i++) {
        double v = NAN;
        ok &= lq_assess_lnprob(d, q[i], NPAR, NULL, &v, NULL) == LQ_OK;
        vd[i] = v;
    }
    LQ_CHECK(ok);
    for (size_t i = 0; i < NQ; i++) vc[i] = lnp(c, q[i]); /* C: the default anchor (the start) */
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(a, start, NPAR), LQ_OK);
    for (size_t i = 0; i < NQ; i++) va0[i] = lnp(a, q[i]);
    for (size_t i = 0; i < NQ; i++) {
        LQ_CHECK(isfinite(va[i]));
        LQ_CHECK(memcmp(&va[i], &vb[i], sizeof(double)) == 0);
        LQ_CHECK(memcmp(&va[i], &vd[i], sizeof(double)) == 0);
        LQ_CHECK(memcmp(&va0[i], &vc[i], sizeof(double)) == 0);
        LQ_CHECK(fabs(va[i] - vc[i]) <= 1e-9 * fabs(vc[i]));
    }
    /* the same anchor again is no change (the workspaces are kept) */
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(b, p, NPAR), LQ_OK);
    double again = lnp(b, q[0]);
    LQ_CHECK(memcmp(&again, &va[0], sizeof(double)) == 0);

    lq_diag dg;
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(a, p, NPAR - 1), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(NULL, p, NPAR), LQ_EINVAL);
    h[3] = NAN;
    LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(a, h, NPAR), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_ctx_anchor_fn(p, NPAR, a), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_lnprob(a, q[1], NPAR, NULL, &again, &dg), LQ_OK);
    LQ_CHECK(memcmp(&again, &va[1], sizeof(double)) == 0);
free_ctx:
    lq_assess_ctx_free(a);
    lq_assess_ctx_free(b);
    lq_assess_ctx_free(c);
    lq_assess_ctx_free(d);
done:
    lq_dataset_set_free(set);
    lq_db_free(db);
}

void test_shared_evaluation(void);

/* Bitwise equality of two breakdowns (total and every term). */
static int same_terms(const lq_assess_terms *a, const lq_assess_terms *b) {
    return a->n_datasets == b->n_datasets &&
           memcmp(&a->lnprob, &b->lnprob, sizeof a->lnprob) == 0 &&
           memcmp(&a->zpf, &b->zpf, sizeof a->zpf) == 0 &&
           memcmp(&a->acr, &b->acr, sizeof a->acr) == 0 &&
           memcmp(&a->noneq, &b->noneq, sizeof a->noneq) == 0 &&
           memcmp(a->dataset, b->dataset, a->n_datasets * sizeof *a->dataset) == 0 &&
           memcmp(a->misfit, b->misfit, a->n_datasets * sizeof *a->misfit) == 0;
}

/*
 * One evaluation shared by the context's threads (called outside a parallel region): contexts of
 * 1, 2 and 3 threads give the same total and terms to the last bit at the start and at proposals
 * 20 % away, also after the anchor moved, and the same as a 2-thread context evaluating inside a
 * parallel region (one slot per evaluation).
 */
void test_shared_evaluation(void) {
    lq_db *db = NULL;
    lq_dataset_set *set = NULL;
    if (!read_cumg(&db, &set)) return;
    lq_assess_ctx *c[3] = {NULL, NULL, NULL};
    lq_assess_terms *t[3] = {NULL, NULL, NULL};
    for (size_t i = 0; db && set && i < 3; i++) {
        c[i] = make_ctx(db, set, i + 1);
        if (c[i]) LQ_CHECK_STATUS(lq_assess_terms_alloc(c[i], &t[i]), LQ_OK);
    }
    if (!c[0] || !c[1] || !c[2] || !t[0] || !t[1] || !t[2]) goto done;
    double start[NPAR], p[NPAR], q[NPAR];
    lq_assess_ctx_start(c[0], start, NPAR);
    perturb(start, 0.2, 7, p);
    for (size_t round = 0; round < 4; round++) {
        if (round == 2) /* the anchor moved: every context anchors again */
            for (size_t i = 0; i < 3; i++)
                LQ_CHECK_STATUS(lq_assess_ctx_set_anchor(c[i], p, NPAR), LQ_OK);
        if (round == 0)
            memcpy(q, start, sizeof q);
        else
            perturb(start, 0.4, 300 + round, q);
        double v[3];
        for (size_t i = 0; i < 3; i++)
            LQ_CHECK_STATUS(lq_assess_lnprob(c[i], q, NPAR, t[i], &v[i], NULL), LQ_OK);
        LQ_CHECK(isfinite(v[0]));
        LQ_CHECK(same_terms(t[0], t[1]));
        LQ_CHECK(same_terms(t[0], t[2]));
        double in_par[2] = {NAN, NAN};
#pragma omp parallel for num_threads(2) schedule(static, 1)
        for (int i = 0; i < 2; i++) (void)lq_assess_lnprob(c[1], q, NPAR, NULL, &in_par[i], NULL);
        LQ_CHECK(memcmp(&in_par[0], &v[0], sizeof(double)) == 0);
        LQ_CHECK(memcmp(&in_par[1], &v[0], sizeof(double)) == 0);
    }
done:
    for (size_t i = 0; i < 3; i++) {
        lq_assess_terms_free(t[i]);
        lq_assess_ctx_free(c[i]);
    }
    lq_dataset_set_free(set);
    lq_db_free(db);
}
