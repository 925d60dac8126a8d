/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screening pipeline tests with analytic predictors (the real model is tested with the command). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/screen.h"
#include "screen_test.h"

/* Molar volumes / N_A of pymatgen's periodic_table.json: Nd 20.59, Bi 21.31 cm^3/mol. */
#define V_ND (20.59e24 / 6.02214076e23)
#define V_BI (21.31e24 / 6.02214076e23)

static lq_structure *read_proto(const char *name) {
    char rel[256], path[512];
    snprintf(rel, sizeof rel, "data/prototypes/ab2/%s", name);
    lq_test_source_path(rel, path, sizeof path);
    lq_structure *s = NULL;
    if (lq_structure_read(path, &s, NULL) != LQ_OK) return NULL;
    return s;
}

/* Predictor: -0.05 eV/atom per site of the cell (so larger cells rank first), or a constant. */
typedef struct {
    double constant; /* used when finite */
    int fail_big;    /* fail for cells of more than this many sites (0: never) */
} toy_ctx;

static lq_status toy_predict(void *ctx, const lq_structure *s, lq_screen_prediction *p,
                             lq_diag *diag) {
    const toy_ctx *c = ctx;
    if (c->fail_big && s->n_sites > (size_t)c->fail_big) {
        if (diag) snprintf(diag->msg, sizeof diag->msg, "cell too big for the toy model");
        return LQ_EDOM;
    }
    memset(p, 0, sizeof *p);
    p->eform_eV_per_atom = isfinite(c->constant) ? c->constant : -0.05 * (double)s->n_sites;
    p->sigma_eV_per_atom = 0.03;
    if (s->n_sites > 20) {
        p->flags = 2u;
        snprintf(p->reason, sizeof p->reason, "big cell");
    }
    return LQ_OK;
}

static lq_screen_options ndbi2_options(toy_ctx *ctx) {
    lq_screen_options o = lq_screen_options_default();
    o.z[0] = 60; /* Nd */
    o.z[1] = 83; /* Bi */
    o.amount[0] = 1;
    o.amount[1] = 2;
    o.predict = toy_predict;
    o.predict_ctx = ctx;
    return o;
}

static int load_set(lq_screen_prototypes *p) {
    char path[512];
    lq_test_source_path("data/prototypes/ab2", path, sizeof path);
    const char *paths[1] = {path};
    return lq_screen_prototypes_read(paths, 1, p, NULL) == LQ_OK;
}

/* Zen's-law volume and the assignment of the new elements to the prototype's species. */
void test_screen_volume(void) {
    double v = 0;
    LQ_CHECK_STATUS(lq_screen_element_volume(60, &v), LQ_OK);
    LQ_CHECK_CLOSE(v, V_ND, 1e-6, 0); /* the table holds 6 decimals: 34.190499 */
    LQ_CHECK_STATUS(lq_screen_element_volume(83, &v), LQ_OK);
    LQ_CHECK_CLOSE(v, V_BI, 1e-6, 0);
    LQ_CHECK_STATUS(lq_screen_element_volume(0, &v), LQ_EINVAL);

    toy_ctx tc = {(double)NAN, 0};
    lq_screen_options o = ndbi2_options(&tc);
    const char *names[2] = {"AB2_cF12_225_a_c-CaF2.vasp", "A2B_cP6_224_b_a-Cu2O.vasp"};
    for (int k = 0; k < 2; k++) {
        lq_structure *p = read_proto(names[k]);
        LQ_CHECK(p != NULL);
        if (!p) continue;
        const lq_structure *pp[1] = {p};
        lq_screen_result *r = NULL;
        LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, NULL), LQ_OK);
        if (r) {
            LQ_CHECK(r->n == 1 && r->rows[0].state == LQ_SCREEN_DONE);
            lq_structure *s = NULL;
            LQ_CHECK_STATUS(lq_screen_structure(p, &o, &r->rows[0], &s, NULL), LQ_OK);
            if (s) {
                /* (V_Nd + 2 V_Bi) / 3 per atom = 34.98755... A^3, exactly by construction */
                double want = (V_ND + 2 * V_BI) / 3;
                LQ_CHECK_CLOSE(lq_structure_volume_A3(s) / lq_structure_atom_count(s), want, 1e-6,
                               0);
                LQ_CHECK_CLOSE(r->rows[0].volume_A3_per_atom, want, 1e-6, 0);
                char f[32];
                LQ_CHECK_STATUS(lq_structure_formula_reduced(s, f, sizeof f), LQ_OK);
                LQ_CHECK(strcmp(f, "NdBi2") == 0);
                /* Ca (fluorite) and O (cuprite) are the minority: they become Nd */
                LQ_CHECK(r->rows[0].from_z[0] == (k == 0 ? 20 : 8));
                LQ_CHECK(r->rows[0].from_z[1] == (k == 0 ? 9 : 29));
                /* fractional coordinates are kept */
                for (size_t i = 0; i < s->n_sites; i++)
                    for (int d = 0; d < 3; d++) LQ_CHECK(s->frac[i][d] == p->frac[i][d]);
            }
            lq_structure_free(s);
        }
        /* the Slater rule scales by the cube of the radii; KEEP keeps the cell */
        o.volume_rule = LQ_SCREEN_VOLUME_KEEP;
        lq_screen_result *rk = NULL;
        LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &rk, NULL), LQ_OK);
        if (rk)
            LQ_CHECK_CLOSE(rk->rows[0].volume_A3_per_atom,
                           lq_structure_volume_A3(p) / lq_structure_atom_count(p), 1e-12, 0);
        o.volume_rule = LQ_SCREEN_VOLUME_ELEMENTS;
        lq_screen_result_free(rk);
        lq_screen_result_free(r);
        lq_structure_free(p);
    }
}

/* Which prototypes give candidates: the bundled set is all 1:2; NaCl is skipped for NdBi2 and
 * gives both assignments for NdBi. */
void test_screen_candidates(void) {
    lq_screen_prototypes set = {0};
    LQ_CHECK(load_set(&set));
    /* every ordered 1:2 binary of pymatgen's AFLOW prototype file (59) and the La2Sb type */
    LQ_CHECK(set.n == 60);
    toy_ctx tc = {(double)NAN, 0};
    lq_screen_options o = ndbi2_options(&tc);
    size_t nc = 0;
    LQ_CHECK_STATUS(lq_screen_count((const lq_structure *const *)set.s, set.n, &o, &nc), LQ_OK);
    LQ_CHECK(nc == 60);
    lq_screen_prototypes_free(&set);

    char path[512];
    lq_test_source_path("tests/dft/data/NaCl_B1.POSCAR", path, sizeof path);
    lq_structure *nacl = NULL;
    LQ_CHECK_STATUS(lq_structure_read(path, &nacl, NULL), LQ_OK);
    if (!nacl) return;
    const lq_structure *pp[1] = {nacl};
    lq_screen_result *r = NULL;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 1 && r->rows[0].state == LQ_SCREEN_SKIPPED && r->n_ranked == 0);
        LQ_CHECK(strstr(r->rows[0].message, "ratio") != NULL);
        LQ_CHECK(r->rows[0].rank == 0);
    }
    lq_screen_result_free(r);
    o.amount[1] = 1; /* NdBi: Nd on Na and Nd on Cl */
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 2 && r->n_ranked == 2);
        LQ_CHECK(r->rows[0].from_z[0] == 11 && r->rows[1].from_z[0] == 17);
    }
    lq_screen_result_free(r);
    lq_structure_free(nacl);
}

/* Energy above the hull of the known Nd-Bi phases of tests/dft/data/hull_NdBi.csv: by hand,
 * references Nd -18.996/4 = -4.749 and Bi -7.742/2 = -3.871 eV/atom; NdBi2 (-15.041 eV per
 * formula) has E_f = (-15.041 + 4.749 + 7.742)/3 = -0.85 eV/atom and lies on the hull (below
 * Nd3Bi7 (x 0.3, -0.78) - NdBi (x 0.5, -1.15), which gives -0.8417 at x = 1/3). A constant
 * prediction of -0.80 is 0.05 eV/atom above it. */
void test_screen_hull(void) {
    char path[512];
    lq_test_source_path("tests/dft/data/hull_NdBi.csv", path, sizeof path);
    lq_hull_entries known;
    LQ_CHECK_STATUS(lq_hull_entries_read(path, &known, NULL), LQ_OK);
    lq_structure *p = read_proto("AB2_cF12_225_a_c-CaF2.vasp");
    LQ_CHECK(p != NULL);
    if (!p) return;
    toy_ctx tc = {-0.80, 0};
    lq_screen_options o = ndbi2_options(&tc);
    o.known = &known;
    const lq_structure *pp[1] = {p};
    lq_screen_result *r = NULL;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, NULL), LQ_OK);
    if (r) {
        /* sums of a few numbers given to 3 decimals: 1e-12 absolute */
        LQ_CHECK_CLOSE(r->hull_eV_per_atom, -0.85, 0, 1e-12);
        LQ_CHECK_CLOSE(r->rows[0].e_above_hull_eV_per_atom, 0.05, 0, 1e-12);
        LQ_CHECK(isnan(r->rows[0].r_wp)); /* no measured pattern */
    }
    lq_screen_result_free(r);
    /* known phases without the element: refused naming it */
    o.z[0] = 57; /* La */
    lq_diag d = {0};
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "La") != NULL);
    lq_structure_free(p);
    lq_hull_entries_free(&known);
}

static int cmp_rows_expected(const lq_screen_row *a, size_t ia, const lq_screen_row *b, size_t ib) {
    if (a->pred.eform_eV_per_atom != b->pred.eform_eV_per_atom)
        return a->pred.eform_eV_per_atom < b->pred.eform_eV_per_atom ? -1 : 1;
    return ia < ib ? -1 : 1;
}

/* Ranking by energy: larger cells first (toy model), ties in input order; failures unranked. */
void test_screen_rank(void) {
    lq_screen_prototypes set = {0};
    if (!load_set(&set)) {
        LQ_FAIL("prototype set");
        return;
    }
    toy_ctx tc = {(double)NAN, 30};
    lq_screen_options o = ndbi2_options(&tc);
    lq_screen_result *r = NULL;
    LQ_CHECK_STATUS(lq_screen_run((const lq_structure *const *)set.s, (const char *const *)NULL,
                                  set.n, &o, &r, NULL),
                    LQ_OK);
    if (r) {
        size_t failed = 0;
        for (size_t i = 0; i < set.n; i++)
            if (set.s[i]->n_sites > 30) failed++;
        LQ_CHECK(failed > 0);
        LQ_CHECK(r->n_ranked == r->n - failed);
        for (size_t i = 0; i < r->n; i++) {
            const lq_screen_row *row = &r->rows[i];
            if (set.s[i]->n_sites > 30) {
                LQ_CHECK(row->state == LQ_SCREEN_FAILED && row->rank == 0);
                LQ_CHECK(row->status == LQ_EDOM && strstr(row->message, "toy") != NULL);
            } else {
                LQ_CHECK(row->state == LQ_SCREEN_DONE);
                LQ_CHECK_CLOSE(row->pred.eform_eV_per_atom, -0.05 * (double)set.s[i]->n_sites, 0,
                               0);
            }
        }
        /* the order is the expected total order */
        for (size_t j = 0; j + 1 < r->n_ranked; j++) {
            size_t a = r->order[j], b = r->order[j + 1];
            LQ_CHECK(cmp_rows_expected(&r->rows[a], a, &r->rows[b], b) < 0);
            LQ_CHECK(r->rows[a].rank == j + 1);
        }
        for (size_t j = r->n_ranked; j < r->n; j++)
            LQ_CHECK(r->rows[r->order[j]].state == LQ_SCREEN_FAILED);
        /* model flags are passed through */
        int flagged = 0;
        for (size_t i = 0; i < r->n; i++)
            flagged += r->rows[i].pred.flags == 2u && !strcmp(r->rows[i].pred.reason, "big cell");
        LQ_CHECK(flagged > 0);
    }
    lq_screen_result_free(r);
    lq_screen_prototypes_free(&set);
}

static int rows_equal(const lq_screen_result *a, const lq_screen_result *b) {
    if (a->n != b->n || a->n_ranked != b->n_ranked) return 0;
    for (size_t i = 0; i < a->n; i++) {
        const lq_screen_row *x = &a->rows[i], *y = &b->rows[i];
        if (memcmp(&x->pred.eform_eV_per_atom, &y->pred.eform_eV_per_atom, sizeof(double)) ||
            memcmp(&x->r_wp, &y->r_wp, sizeof(double)) ||
            memcmp(&x->volume_A3_per_atom, &y->volume_A3_per_atom, sizeof(double)) ||
            x->rank != y->rank || x->state != y->state || a->order[i] != b->order[i])
            return 0;
    }
    return 1;
}

/*
 * A "measured" pattern simulated from NdBi2 in the ZrSi2 (C49) type with 2% Gaussian noise and a
 * flat background (no measured NdBi2 pattern of the study is public): that candidate has the
 * lowest R_wp. The table is bit-identical for 1 and 2 threads and when the candidates are
 * evaluated in two blocks and merged (what the MPI ranks of the command do).
 */
void test_screen_xrd_determinism(void) {
    lq_screen_prototypes set = {0};
    if (!load_set(&set)) {
        LQ_FAIL("prototype set");
        return;
    }
    toy_ctx tc = {(double)NAN, 0};
    lq_screen_options o = ndbi2_options(&tc);
    size_t itrue = set.n;
    for (size_t i = 0; i < set.n; i++)
        if (!strcmp(set.name[i], "A2B_oC12_63_2c_c-ZrSi2")) itrue = i;
    LQ_CHECK(itrue < set.n);
    if (itrue == set.n) {
        lq_screen_prototypes_free(&set);
        return;
    }
    /* the true structure: its row of a run without a pattern */
    const lq_structure *pp[1] = {set.s[itrue]};
    lq_screen_result *r0 = NULL;
    lq_structure *truth = NULL;
    lq_xrd_pattern *pat = NULL;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r0, NULL), LQ_OK);
    if (r0)
        LQ_CHECK_STATUS(lq_screen_structure(set.s[itrue], &o, &r0->rows[0], &truth, NULL), LQ_OK);
    if (truth) LQ_CHECK_STATUS(lq_xrd_pattern_compute(truth, &o.xrd, &pat, NULL), LQ_OK);
    size_t n = 3001; /* 20..80 degrees, step 0.02 */
    double *tt = lqi_malloc_array(n, sizeof *tt), *y = lqi_malloc_array(n, sizeof *y);
    if (pat && tt && y) {
        for (size_t i = 0; i < n; i++) tt[i] = 20.0 + 0.02 * (double)i;
        LQ_CHECK_STATUS(lq_xrd_profile(pat, 0.1, 0.5, tt, n, y), LQ_OK);
        lqi_rng rng;
        lqi_rng_seed(&rng, 20);
        for (size_t i = 0; i < n; i++) y[i] = 5.0 + y[i] * (1.0 + 0.02 * lqi_rng_normal(&rng));
        o.measured_two_theta_deg = tt;
        o.measured_intensity = y;
        o.n_measured = n;
        const lq_structure *const *all = (const lq_structure *const *)set.s;
        lq_screen_result *r1 = NULL, *r2 = NULL, *ra = NULL, *rb = NULL;
        o.n_threads = 1;
        LQ_CHECK_STATUS(lq_screen_run(all, NULL, set.n, &o, &r1, NULL), LQ_OK);
        o.n_threads = 2;
        LQ_CHECK_STATUS(lq_screen_run(all, NULL, set.n, &o, &r2, NULL), LQ_OK);
        o.first = 0;
        o.last = 23;
        LQ_CHECK_STATUS(lq_screen_run(all, NULL, set.n, &o, &ra, NULL), LQ_OK);
        o.first = 23;
        o.last = SIZE_MAX;
        LQ_CHECK_STATUS(lq_screen_run(all, NULL, set.n, &o, &rb, NULL), LQ_OK);
        if (r1 && r2 && ra && rb) {
            LQ_CHECK(rows_equal(r1, r2));
            LQ_CHECK(ra->rows[30].state == LQ_SCREEN_NOT_EVALUATED && ra->n_ranked == 23);
            for (size_t i = 23; i < ra->n; i++) ra->rows[i] = rb->rows[i];
            LQ_CHECK_STATUS(lq_screen_rank(ra, LQ_SCREEN_RANK_ENERGY), LQ_OK);
            LQ_CHECK(rows_equal(r1, ra));
            /* the true structure has the lowest R_wp, well below the others */
            double best_other = (double)INFINITY;
            for (size_t i = 0; i < r1->n; i++)
                if (i != itrue && r1->rows[i].r_wp < best_other) best_other = r1->rows[i].r_wp;
            LQ_CHECK(r1->rows[itrue].r_wp < 0.05);
            LQ_CHECK(best_other > 2 * r1->rows[itrue].r_wp);
            LQ_CHECK_STATUS(lq_screen_rank(r1, LQ_SCREEN_RANK_RWP), LQ_OK);
            LQ_CHECK(r1->order[0] == itrue && r1->rows[itrue].rank == 1);
        }
        lq_screen_result_free(r1);
        lq_screen_result_free(r2);
        lq_screen_result_free(ra);
        lq_screen_result_free(rb);
    }
    lqi_free(tt);
    lqi_free(y);
    lq_xrd_pattern_free(pat);
    lq_structure_free(truth);
    lq_screen_result_free(r0);
    lq_screen_prototypes_free(&set);
}

void test_screen_errors(void) {
    lq_structure *p = read_proto("AB2_cF12_225_a_c-CaF2.vasp");
    if (!p) {
        LQ_FAIL("prototype");
        return;
    }
    const lq_structure *pp[1] = {p};
    toy_ctx tc = {(double)NAN, 0};
    lq_screen_options o = ndbi2_options(&tc);
    lq_screen_result *r = NULL;
    lq_diag d = {0};
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 0, &o, &r, &d), LQ_EINVAL);
    o.predict = NULL;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "predictor") != NULL);
    o = ndbi2_options(&tc);
    o.z[1] = 60;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, &d), LQ_EINVAL);
    o = ndbi2_options(&tc);
    o.amount[0] = -1;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, &d), LQ_EINVAL);
    o = ndbi2_options(&tc);
    o.z[0] = 118; /* Og: no molar volume in the table */
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "Og") != NULL);
    o = ndbi2_options(&tc);
    double tt[1] = {20}, y[1] = {1};
    o.measured_two_theta_deg = tt;
    o.measured_intensity = y;
    o.n_measured = 1;
    LQ_CHECK_STATUS(lq_screen_run(pp, NULL, 1, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK(r == NULL);
    LQ_CHECK_STATUS(lq_screen_rank(NULL, LQ_SCREEN_RANK_ENERGY), LQ_EINVAL);
    lq_screen_row skipped;
    memset(&skipped, 0, sizeof skipped);
    skipped.state = LQ_SCREEN_SKIPPED;
    lq_structure *s = NULL;
    LQ_CHECK_STATUS(lq_screen_structure(p, &o, &skipped, &s, NULL), LQ_EINVAL);
    const char *missing[1] = {"/nonexistent/prototypes"};
    lq_screen_prototypes set = {0};
    LQ_CHECK_STATUS(lq_screen_prototypes_read(missing, 1, &set, &d), LQ_EIO);
    char path[512];
    lq_test_source_path("tests/screen", path, sizeof path); /* a folder without structures */
    const char *empty[1] = {path};
    LQ_CHECK_STATUS(lq_screen_prototypes_read(empty, 1, &set, &d), LQ_ENOTFOUND);
    lq_screen_result_free(NULL);
    lq_screen_prototypes_free(NULL);
    lq_structure_free(p);
}
