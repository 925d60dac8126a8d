/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The screening pipeline: candidates from prototypes, substitution and rescaling, prediction,
 * energy above the hull, XRD R_wp, ranking. */
/*
 * Follows the data-mining step of the Nd-Bi study (seed 004_c59e827e2707f2a7 §2.4, Fig. S1):
 * AB2 configurations substituted with Nd and Bi, ranked by a machine-learned formation energy,
 * the best compared by XRD with the measured pattern. Every row is computed from its prototype
 * and the options alone, and the ranking is a total order (ties broken by the candidate index),
 * so the table is the same for any number of threads or MPI ranks.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/core_internal.h"
#include "liquidus/ml.h"
#include "screen/screen_internal.h"

lq_screen_options lq_screen_options_default(void) {
    lq_screen_options o;
    memset(&o, 0, sizeof o);
    o.volume_rule = LQ_SCREEN_VOLUME_ELEMENTS;
    o.xrd = lq_xrd_options_default();
    o.fwhm_deg = 0.1;
    o.eta = 0.5;
    o.rank_by = LQ_SCREEN_RANK_ENERGY;
    o.first = 0;
    o.last = SIZE_MAX;
    return o;
}

lq_status lq_screen_element_volume(int z, double *v_A3_per_atom) {
    if (z < 1 || z > LQ_DFT_MAX_Z || !v_A3_per_atom) return LQ_EINVAL;
    if (!(lqi_screen_volume_A3[z] > 0.0)) return LQ_ENOTFOUND;
    *v_A3_per_atom = lqi_screen_volume_A3[z];
    return LQ_OK;
}

static lq_status check_options(const lq_screen_options *o, lq_diag *diag) {
    for (int k = 0; k < 2; k++) {
        if (o->z[k] < 1 || o->z[k] > LQ_DFT_MAX_Z)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "z", "element %d: Z = %d is not 1..%d",
                                k + 1, o->z[k], LQ_DFT_MAX_Z);
        if (!(o->amount[k] > 0.0) || !isfinite(o->amount[k]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "amount",
                                "amount of %s is not a positive number",
                                lq_element_symbol(o->z[k]));
    }
    if (o->z[0] == o->z[1])
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "z", "the two elements are the same (%s)",
                            lq_element_symbol(o->z[0]));
    if ((unsigned)o->volume_rule > (unsigned)LQ_SCREEN_VOLUME_KEEP ||
        (unsigned)o->rank_by > (unsigned)LQ_SCREEN_RANK_RWP)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "volume_rule", "unknown rule or rank key");
    if (o->volume_rule == LQ_SCREEN_VOLUME_ELEMENTS)
        for (int k = 0; k < 2; k++) {
            double v;
            if (lq_screen_element_volume(o->z[k], &v) != LQ_OK)
                return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "volume",
                                    "no elemental volume for %s: choose another volume rule",
                                    lq_element_symbol(o->z[k]));
        }
    if (o->n_measured || o->measured_two_theta_deg || o->measured_intensity) {
        if (o->n_measured < 2 || !o->measured_two_theta_deg || !o->measured_intensity)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "measured",
                                "a measured pattern needs at least 2 points");
        for (size_t i = 0; i < o->n_measured; i++)
            if (!isfinite(o->measured_two_theta_deg[i]) || !isfinite(o->measured_intensity[i]))
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "measured",
                                    "measured point %zu is not finite", i + 1);
        if (!(o->fwhm_deg > 0.0) || !(o->eta >= 0.0 && o->eta <= 1.0))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "fwhm",
                                "profile FWHM must be > 0 and eta in [0, 1]");
    }
    if (o->first > o->last)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "first", "candidate range is reversed");
    return LQ_OK;
}

/* Index of the minority element of the target (the one with the smaller amount; the first on a
 * tie). */
static int target_minor(const lq_screen_options *o) { return o->amount[1] < o->amount[0] ? 1 : 0; }

/*
 * Candidates of one prototype: 0 with a reason in msg (skipped), 1, or 2 when the target ratio is
 * 1:1 and both assignments of the two elements to the two species keep it. from[c][k] is the
 * prototype species that element opt->z[k] replaces in candidate c.
 */
static lq_status candidates_of(const lq_structure *s, const lq_screen_options *o, int from[2][2],
                               size_t *nc, char *msg, size_t msg_size) {
    int z[8];
    double cnt[8];
    size_t ns = 0;
    *nc = 0;
    lq_status st = lq_structure_species(s, z, cnt, 8, &ns);
    if (st != LQ_OK) return st;
    for (size_t i = 0; i < s->n_sites; i++)
        if (s->occupancy[i] < 1.0 - 1e-9) {
            snprintf(msg, msg_size, "partially occupied site %zu", i + 1);
            return LQ_OK;
        }
    if (ns != 2) {
        snprintf(msg, msg_size, "%zu species, not 2", ns);
        return LQ_OK;
    }
    int mi = target_minor(o), ma = 1 - mi;
    double rt = o->amount[ma] / o->amount[mi], rp = cnt[1] / cnt[0];
    if (fabs(rp - rt) > 1e-6 * rt) {
        snprintf(msg, msg_size, "species ratio %g:%g is not the target's %g:%g", cnt[0], cnt[1],
                 o->amount[mi], o->amount[ma]);
        return LQ_OK;
    }
    from[0][mi] = z[0];
    from[0][ma] = z[1];
    *nc = 1;
    if (fabs(rt - 1.0) <= 1e-6) { /* 1:1: the other assignment is a different candidate */
        from[1][mi] = z[1];
        from[1][ma] = z[0];
        *nc = 2;
    }
    return LQ_OK;
}

lq_status lq_screen_count(const lq_structure *const *protos, size_t n, const lq_screen_options *opt,
                          size_t *n_candidates) {
    if (!protos || !opt || !n_candidates) return LQ_EINVAL;
    lq_status st = check_options(opt, NULL);
    if (st != LQ_OK) return st;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!protos[i]) return LQ_EINVAL;
        int from[2][2];
        size_t nc = 0;
        char msg[160];
        st = candidates_of(protos[i], opt, from, &nc, msg, sizeof msg);
        if (st != LQ_OK) return st;
        total += nc ? nc : 1; /* a skipped prototype keeps one row saying why */
    }
    *n_candidates = total;
    return LQ_OK;
}

lq_status lq_screen_structure(const lq_structure *proto, const lq_screen_options *opt,
                              const lq_screen_row *row, lq_structure **out, lq_diag *diag) {
    if (!proto || !opt || !row || !out) return LQ_EINVAL;
    if (row->state == LQ_SCREEN_SKIPPED || row->from_z[0] <= 0 || row->from_z[1] <= 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "row", "%s: no substitution (%s)",
                            row->prototype, row->message);
    lq_rescale_mode mode = LQ_RESCALE_NONE;
    double v_atom = 0.0;
    if (opt->volume_rule == LQ_SCREEN_VOLUME_ELEMENTS) {
        /* Zen's law: the ideal-mixing volume of the elements, per atom of the target formula */
        double v0 = 0.0, v1 = 0.0;
        if (lq_screen_element_volume(opt->z[0], &v0) != LQ_OK ||
            lq_screen_element_volume(opt->z[1], &v1) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "volume", "no elemental volume");
        v_atom = (opt->amount[0] * v0 + opt->amount[1] * v1) / (opt->amount[0] + opt->amount[1]);
        mode = LQ_RESCALE_VOLUME_PER_ATOM;
    } else if (opt->volume_rule == LQ_SCREEN_VOLUME_SLATER) {
        mode = LQ_RESCALE_SLATER;
    }
    lq_structure *s = NULL;
    lq_status st = lq_structure_substitute(proto, row->from_z, opt->z, 2, mode, v_atom, &s, diag);
    if (st != LQ_OK) return st;
    char f[64];
    if (lq_structure_formula_reduced(s, f, sizeof f) != LQ_OK) f[0] = '\0';
    snprintf(s->title, sizeof s->title, "%.31s from %.90s", f, row->prototype);
    *out = s;
    return LQ_OK;
}

/* Per-thread state of the evaluation. */
typedef struct eval_ctx {
    const lq_screen_options *opt;
    double hull_eV; /* hull energy at the target composition, NaN without known phases */
    double *y_calc; /* [n_measured] this thread's profile */
} eval_ctx;

static void row_fail(lq_screen_row *row, lq_status st, const char *what, const lq_diag *d) {
    row->state = LQ_SCREEN_FAILED;
    row->status = (int)st;
    snprintf(row->message, sizeof row->message, "%s: %.140s", what,
             d && d->msg[0] ? d->msg : lq_status_str(st));
}

/* R_wp of a structure's profile against the measured pattern (+inf when it has no intensity
 * there, as lq_xrd_profiles_compute). */
static lq_status xrd_rwp(const lq_structure *s, const eval_ctx *c, lq_screen_row *row, lq_diag *d) {
    const lq_screen_options *o = c->opt;
    lq_xrd_pattern *pat = NULL;
    lq_status st = lq_xrd_pattern_compute(s, &o->xrd, &pat, d);
    if (st != LQ_OK) return st;
    st = lq_xrd_profile(pat, o->fwhm_deg, o->eta, o->measured_two_theta_deg, o->n_measured,
                        c->y_calc);
    lq_xrd_pattern_free(pat);
    if (st != LQ_OK) return st;
    lq_xrd_fom fom;
    st = lq_xrd_compare(o->measured_intensity, c->y_calc, o->n_measured, &fom);
    if (st == LQ_ESINGULAR) {
        row->r_wp = (double)INFINITY;
        return LQ_OK;
    }
    if (st != LQ_OK) return st;
    row->r_wp = fom.r_wp;
    row->pearson = fom.pearson;
    return LQ_OK;
}

/* One candidate; returns LQ_ENOMEM only (other failures are written into the row). */
static lq_status evaluate(const lq_structure *proto, const eval_ctx *c, lq_screen_row *row) {
    const lq_screen_options *o = c->opt;
    lq_diag d;
    memset(&d, 0, sizeof d);
    lq_structure *s = NULL;
    lq_status st = lq_screen_structure(proto, o, row, &s, &d);
    if (st != LQ_OK) {
        row_fail(row, st, "substitution", &d);
        return st == LQ_ENOMEM ? st : LQ_OK;
    }
    row->n_atoms = lq_structure_atom_count(s);
    row->volume_A3_per_atom = lq_structure_volume_A3(s) / row->n_atoms;
    st = o->predict(o->predict_ctx, s, &row->pred, &d);
    if (st == LQ_OK && !isfinite(row->pred.eform_eV_per_atom)) {
        st = LQ_EDOM;
        snprintf(d.msg, sizeof d.msg, "the predictor returned a non-finite energy");
    }
    if (st != LQ_OK) {
        row_fail(row, st, "prediction", &d);
    } else {
        row->pred.reason[sizeof row->pred.reason - 1] = '\0';
        row->e_above_hull_eV_per_atom = row->pred.eform_eV_per_atom - c->hull_eV;
        if (o->n_measured) {
            st = xrd_rwp(s, c, row, &d);
            if (st != LQ_OK) row_fail(row, st, "XRD", &d);
        }
        if (st == LQ_OK) row->state = LQ_SCREEN_DONE;
    }
    lq_structure_free(s);
    return st == LQ_ENOMEM ? st : LQ_OK;
}

/* Hull formation energy at the target composition from the known phases. */
static lq_status hull_at_target(const lq_screen_options *o, double *e, lq_diag *diag) {
    const lq_hull_entries *k = o->known;
    double x[LQ_HULL_MAX_ELEMENTS] = {0};
    for (int t = 0; t < 2; t++) {
        size_t j = k->n_el;
        for (size_t i = 0; i < k->n_el; i++)
            if (k->z[i] == o->z[t]) j = i;
        if (j == k->n_el)
            return lqi_diag_set(diag, LQ_ENOTFOUND, k->path, 0, "formula",
                                "the known phases contain no %s", lq_element_symbol(o->z[t]));
        x[j] = o->amount[t] / (o->amount[0] + o->amount[1]);
    }
    lq_hull *h = NULL;
    lq_status st = lq_hull_entries_build(k, o->known_per_atom, &h, diag);
    if (st == LQ_OK) st = lq_hull_energy(h, x, e);
    lq_hull_free(h);
    return st;
}

/* Rows of all candidates in order, without evaluation. */
static lq_status make_rows(const lq_structure *const *protos, const char *const *names, size_t n,
                           const lq_screen_options *o, lq_screen_result *r) {
    size_t m = 0;
    lq_status st = lq_screen_count(protos, n, o, &m);
    if (st != LQ_OK) return st;
    r->rows = lqi_calloc(m ? m : 1, sizeof *r->rows);
    r->order = lqi_calloc(m ? m : 1, sizeof *r->order);
    if (!r->rows || !r->order) return LQ_ENOMEM;
    r->n = m;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        int from[2][2] = {{0, 0}, {0, 0}};
        size_t nc = 0;
        char msg[160] = "";
        (void)candidates_of(protos[i], o, from, &nc, msg, sizeof msg); /* ran in count */
        for (size_t c = 0; c < (nc ? nc : 1); c++) {
            lq_screen_row *row = &r->rows[at++];
            const char *nm = names && names[i] ? names[i] : protos[i]->title;
            snprintf(row->prototype, sizeof row->prototype, "%.95s", nm);
            row->prototype_index = i;
            row->from_z[0] = from[c][0];
            row->from_z[1] = from[c][1];
            if (lq_structure_formula_reduced(protos[i], row->formula, sizeof row->formula))
                row->formula[0] = '\0';
            row->n_atoms = lq_structure_atom_count(protos[i]);
            row->volume_A3_per_atom = (double)NAN;
            row->pred.eform_eV_per_atom = row->pred.sigma_eV_per_atom = (double)NAN;
            row->e_above_hull_eV_per_atom = row->r_wp = row->pearson = (double)NAN;
            row->state = nc ? LQ_SCREEN_NOT_EVALUATED : LQ_SCREEN_SKIPPED;
            if (!nc) snprintf(row->message, sizeof row->message, "%s", msg);
        }
    }
    return LQ_OK;
}

lq_status lq_screen_run(const lq_structure *const *protos, const char *const *names, size_t n,
                        const lq_screen_options *opt, lq_screen_result **out, lq_diag *diag) {
    if (!protos || !opt || !out || n == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "no prototypes");
    if (!opt->predict)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "predict", "no formation-energy predictor");
    lq_status st = check_options(opt, diag);
    if (st != LQ_OK) return st;
    for (size_t i = 0; i < n; i++)
        if (!protos[i])
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "prototype %zu NULL", i);
    eval_ctx base = {opt, (double)NAN, NULL};
    if (opt->known) {
        st = hull_at_target(opt, &base.hull_eV, diag);
        if (st != LQ_OK) return st;
    }
    lq_screen_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->hull_eV_per_atom = base.hull_eV;
    st = make_rows(protos, names, n, opt, r);
    if (st != LQ_OK) {
        lq_screen_result_free(r);
        return st;
    }
    size_t lo = opt->first < r->n ? opt->first : r->n, hi = opt->last < r->n ? opt->last : r->n;
    int nt = opt->n_threads;
#ifdef _OPENMP
    if (nt <= 0) nt = omp_get_max_threads();
#endif
    if (nt <= 0) nt = 1;
    lq_status fatal = LQ_OK;
#pragma omp parallel num_threads(nt)
    {
        eval_ctx c = base;
        c.y_calc = lqi_malloc_array(opt->n_measured ? opt->n_measured : 1, sizeof(double));
        lq_status mine = c.y_calc ? LQ_OK : LQ_ENOMEM;
#pragma omp for schedule(dynamic, 1)
        for (size_t i = lo; i < hi; i++) {
            lq_screen_row *row = &r->rows[i];
            if (mine != LQ_OK || row->state != LQ_SCREEN_NOT_EVALUATED) continue;
            mine = evaluate(protos[row->prototype_index], &c, row);
        }
        lqi_free(c.y_calc);
        if (mine != LQ_OK) {
#pragma omp critical(lq_screen_fatal)
            fatal = mine;
        }
    }
    if (fatal == LQ_OK) fatal = lq_screen_rank(r, opt->rank_by);
    if (fatal != LQ_OK) {
        lq_screen_result_free(r);
        return lqi_diag_set(diag, fatal, NULL, 0, NULL, "out of memory in the screen");
    }
    *out = r;
    return LQ_OK;
}

/* Sort key of a ranked row: primary and secondary value, then the row index. NaN sorts last. */
typedef struct rank_key {
    double k1, k2;
    size_t i;
} rank_key;

static int cmp_nan_last(double a, double b) {
    int na = isnan(a), nb = isnan(b);
    if (na || nb) return na - nb;
    return (a > b) - (a < b);
}

static int cmp_key(const void *pa, const void *pb) {
    const rank_key *a = pa, *b = pb;
    int c = cmp_nan_last(a->k1, b->k1);
    if (!c) c = cmp_nan_last(a->k2, b->k2);
    if (!c) c = (a->i > b->i) - (a->i < b->i);
    return c;
}

lq_status lq_screen_rank(lq_screen_result *r, lq_screen_rank_by by) {
    if (!r || (r->n && (!r->rows || !r->order))) return LQ_EINVAL;
    if ((unsigned)by > (unsigned)LQ_SCREEN_RANK_RWP) return LQ_EINVAL;
    rank_key *k = lqi_malloc_array(r->n ? r->n : 1, sizeof *k);
    if (!k) return LQ_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++) {
        lq_screen_row *row = &r->rows[i];
        row->rank = 0;
        if (row->state != LQ_SCREEN_DONE) continue;
        double e = isnan(row->e_above_hull_eV_per_atom) ? row->pred.eform_eV_per_atom
                                                        : row->e_above_hull_eV_per_atom;
        k[m].k1 = by == LQ_SCREEN_RANK_RWP ? row->r_wp : e;
        k[m].k2 = by == LQ_SCREEN_RANK_RWP ? e : row->r_wp;
        k[m].i = i;
        m++;
    }
    qsort(k, m, sizeof *k, cmp_key);
    for (size_t j = 0; j < m; j++) {
        r->rows[k[j].i].rank = j + 1;
        r->order[j] = k[j].i;
    }
    size_t at = m;
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].state != LQ_SCREEN_DONE) r->order[at++] = i;
    r->n_ranked = m;
    lqi_free(k);
    return LQ_OK;
}

void lq_screen_result_free(lq_screen_result *r) {
    if (!r) return;
    lqi_free(r->rows);
    lqi_free(r->order);
    lqi_free(r);
}

lq_status lq_screen_predict_ml(void *ctx, const lq_structure *s, lq_screen_prediction *p,
                               lq_diag *diag) {
    if (!ctx || !s || !p) return LQ_EINVAL;
    lq_ml_prediction q;
    lq_status st = lq_ml_predict(ctx, s, &q, diag);
    if (st != LQ_OK) return st;
    memset(p, 0, sizeof *p);
    p->eform_eV_per_atom = q.eform_eV_per_atom;
    p->sigma_eV_per_atom = q.sigma_eV_per_atom;
    p->flags = q.flags;
    snprintf(p->reason, sizeof p->reason, "%s", q.reason);
    return LQ_OK;
}
