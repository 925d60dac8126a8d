/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sampled energies at a temperature seen before, updated for new parameter values (assessments). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/check_scan.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

/*
 * An assessment evaluates the same equilibria (ZPF vertices at the regions' temperatures) for
 * parameter vectors that differ only in the fitted symbols. At fixed T each tabulated sample's
 * G = R T S + sum_t L_t F_t (lqi_thermo_gtab_*) is linear in the parameter values L_t, and only
 * the L_t that depend on a fitted symbol change. So the energies at T for a reference parameter
 * vector are kept (lqi_eq_samples_save) and later updated by the terms whose value differs
 * (lqi_eq_samples_load): a term whose L_t is bit for bit the saved one adds exactly nothing. The
 * result equals lqi_eq_samples_eval's to rounding (a different summation order), and depends on
 * the saved state and the current parameters only.
 * The update of a phase is done when it is first needed (lqi_eq_samples_fresh): the global check
 * of a warm solve skips a phase without composition sets whose saved samples lie more than RT/20
 * plus the largest possible change (s_bound) above the hyperplane (equil.c, global_violation), so
 * neither its update nor, in a binary, a pass over its samples (the saved lower hull) is needed.
 * Anything else that reads the samples (the hull, lqi_eq_samples_eval) updates every phase first.
 */

/* Changed terms of one phase that lqi_eq_samples_load updates from the saved energies; a phase
 * with more (far more than an assessment fits) is evaluated in full by lqi_eq_samples_eval. */
#define LQI_EQ_LOAD_TERMS 256

/*
 * g[i] = save[i] + (dL_0 F_0[i] + dL_1 F_1[i] + ...) / atoms[i] over the nd changed terms, summed
 * left to right per sample (the order of a term-by-term update, so the same value to the bit),
 * but four terms per pass over the samples: g is loaded and stored once per four terms instead
 * of once per term. save[i] itself when nd = 0. 0 when a value is not finite.
 */
static int load_phase(double *g, const double *save, const double *atoms, size_t n,
                      const double *dl, const double *const *col, size_t nd) {
    if (nd == 0) {
        memcpy(g, save, n * sizeof *g);
    } else {
        const double d0 = dl[0], *F0 = col[0];
        for (size_t i = 0; i < n; i++) g[i] = d0 * F0[i];
        size_t t = 1;
        for (; t + 4 <= nd; t += 4) {
            const double a = dl[t], b = dl[t + 1], c = dl[t + 2], d = dl[t + 3];
            const double *Fa = col[t], *Fb = col[t + 1], *Fc = col[t + 2], *Fd = col[t + 3];
            for (size_t i = 0; i < n; i++)
                g[i] = (((g[i] + a * Fa[i]) + b * Fb[i]) + c * Fc[i]) + d * Fd[i];
        }
        for (; t < nd; t++) {
            const double a = dl[t], *Fa = col[t];
            for (size_t i = 0; i < n; i++) g[i] += a * Fa[i];
        }
        for (size_t i = 0; i < n; i++) g[i] = save[i] + g[i] / atoms[i];
    }
    /* v * 0 is 0 for every finite v and NaN for an infinite or NaN one; summed in two
     * interleaved runs (packed in pairs by the compiler): zero exactly when every g is finite */
    double z[2] = {0.0, 0.0};
    size_t i = 0;
    for (; i + 2 <= n; i += 2)
        for (size_t q = 0; q < 2; q++) z[q] += g[i + q] * 0.0;
    if (i < n) z[0] += g[i] * 0.0;
    return z[0] + z[1] == 0.0;
}

/*
 * Saved state: the samples' energies [ns], the parameter values [nslot] and, in a binary system,
 * per phase the count and the indices of the samples on the lower convex hull of its saved
 * (x_0, g) [nphase + ns]. The least saved driving force g - mu.x of a phase at any mu lies at one
 * of those (a linear function of the points with coefficient +1 on g is least at a vertex of the
 * lower hull), so lqi_eq_samples_stale_min finds it without a pass over every sample.
 */
static size_t hull_off(const lq_eq_ws *ws) { return ws->ns + ws->tws->sys->nslot; }

/* Bins of a binary system (after the hulls): [ns] per bin its hull's sample indices, from the
 * bin's first position j0 + LQI_EQ_BIN b on, then per bin [4]: the hull size, the least and the
 * largest x_0 of its samples and their least saved g. */
static size_t bins_off(const lq_eq_ws *ws) { return hull_off(ws) + ws->m.nphase + ws->ns; }

static size_t n_bins(const lq_eq_ws *ws) {
    size_t nb = 0;
    for (size_t p = 0; p < ws->m.nphase; p++)
        nb += (ws->pi[p].nsample + LQI_EQ_BIN - 1) / LQI_EQ_BIN;
    return nb;
}

size_t lqi_eq_samples_save_len(const lq_eq_ws *ws) {
    if (!ws->tws) return 0;
    return hull_off(ws) + (ws->ncomp == 2 ? ws->m.nphase + 2 * ws->ns + 4 * n_bins(ws) : 0);
}

/* Lower hull (Andrew's monotone chain) of the n points pt sorted by lqi_xg_pt_cmp, in place: its
 * size. */
static size_t lower_hull(lqi_xg_pt *pt, size_t n) {
    size_t h = 0;
    for (size_t i = 0; i < n; i++) {
        /* pt[0..h) is the hull so far (in place): drop points that do not turn left */
        while (h >= 2 && (pt[h - 1].x - pt[h - 2].x) * (pt[i].g - pt[h - 2].g) -
                                 (pt[h - 1].g - pt[h - 2].g) * (pt[i].x - pt[h - 2].x) <=
                             0.0)
            h--;
        pt[h++] = pt[i];
    }
    return h;
}

static int cmp_ord(const void *pa, const void *pb) {
    const lqi_xg_pt *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* ws->s_ord and ws->s_bin0 (binary systems; the samples never change, so once per workspace). */
static lq_status make_order(lq_eq_ws *ws, lqi_xg_pt *pt) {
    if (ws->s_ord) return LQ_OK;
    size_t np = ws->m.nphase;
    ws->s_ord = lqi_malloc_array(ws->ns ? ws->ns : 1, sizeof *ws->s_ord);
    ws->s_bin0 = lqi_malloc_array(np + 1, sizeof *ws->s_bin0);
    ws->s_bstale = lqi_calloc(n_bins(ws) + 1, 1);
    ws->s_bmask = lqi_calloc(n_bins(ws) + 1, 1);
    ws->s_bok = lqi_calloc(np ? np : 1, 1);
    if (!ws->s_ord || !ws->s_bin0 || !ws->s_bstale || !ws->s_bmask || !ws->s_bok) {
        lqi_free(ws->s_ord);
        lqi_free(ws->s_bin0);
        lqi_free(ws->s_bstale);
        lqi_free(ws->s_bmask);
        lqi_free(ws->s_bok);
        ws->s_ord = ws->s_bin0 = NULL;
        ws->s_bstale = ws->s_bmask = ws->s_bok = NULL;
        return LQ_ENOMEM;
    }
    size_t nb = 0;
    for (size_t p = 0; p < np; p++) {
        size_t j0 = ws->pi[p].sample0, n = ws->pi[p].nsample;
        for (size_t i = 0; i < n; i++) pt[i] = (lqi_xg_pt){ws->s_x[(j0 + i) * 2], 0.0, j0 + i};
        qsort(pt, n, sizeof *pt, cmp_ord);
        for (size_t i = 0; i < n; i++) ws->s_ord[j0 + i] = pt[i].i;
        ws->s_bin0[p] = nb;
        nb += (n + LQI_EQ_BIN - 1) / LQI_EQ_BIN;
    }
    ws->s_bin0[np] = nb;
    return LQ_OK;
}

/* Lower hull of each phase's saved points into save + hull_off, and of each bin's (bins_off). */
static lq_status save_hulls(lq_eq_ws *ws, double *save) {
    double *cnt = save + hull_off(ws), *idx = cnt + ws->m.nphase;
    double *bidx = save + bins_off(ws), *bcnt = bidx + ws->ns;
    lqi_xg_pt *pt = lqi_malloc_array(ws->ns ? ws->ns : 1, sizeof *pt);
    if (!pt) return LQ_ENOMEM;
    lq_status st = make_order(ws, pt);
    for (size_t p = 0; st == LQ_OK && p < ws->m.nphase; p++) {
        size_t j0 = ws->pi[p].sample0, n = ws->pi[p].nsample;
        for (size_t i = 0; i < n; i++)
            pt[i] = (lqi_xg_pt){ws->s_x[(j0 + i) * 2], save[j0 + i], j0 + i};
        qsort(pt, n, sizeof *pt, lqi_xg_pt_cmp);
        size_t h = lower_hull(pt, n);
        cnt[p] = (double)h;
        for (size_t i = 0; i < h; i++) idx[j0 + i] = (double)pt[i].i;
        for (size_t b = 0, i0 = 0; i0 < n; b++, i0 += LQI_EQ_BIN) {
            size_t m = n - i0 < LQI_EQ_BIN ? n - i0 : LQI_EQ_BIN;
            lqi_xg_pt q[LQI_EQ_BIN];
            for (size_t i = 0; i < m; i++) {
                size_t j = ws->s_ord[j0 + i0 + i];
                q[i] = (lqi_xg_pt){ws->s_x[2 * j], save[j], j};
            }
            for (size_t i = 1; i < m; i++) /* insertion sort: at most LQI_EQ_BIN points */
                for (size_t k = i; k > 0 && lqi_xg_pt_cmp(&q[k - 1], &q[k]) > 0; k--) {
                    lqi_xg_pt tmp = q[k];
                    q[k] = q[k - 1];
                    q[k - 1] = tmp;
                }
            double gl = q[0].g;
            for (size_t i = 1; i < m; i++) gl = q[i].g < gl ? q[i].g : gl;
            double *bc = bcnt + 4 * (ws->s_bin0[p] + b);
            bc[1] = q[0].x;
            bc[2] = q[m - 1].x;
            bc[3] = gl;
            size_t hb = lower_hull(q, m);
            bc[0] = (double)hb;
            for (size_t i = 0; i < hb; i++) bidx[j0 + i0 + i] = (double)q[i].i;
        }
    }
    lqi_free(pt);
    return st;
}

lq_status lqi_eq_samples_save(lq_eq_ws *ws, double T, double *save) {
    if (!ws->tws) return LQ_EINVAL;
    lq_status st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
    if (st == LQ_OK) st = lqi_eq_samples_eval(ws, T);
    if (st != LQ_OK) return st;
    memcpy(save, ws->s_g, ws->ns * sizeof *save);
    const size_t nslot = ws->tws->sys->nslot;
    for (size_t k = 0; k < nslot; k++) save[ws->ns + k] = ws->tws->pv[k].v;
    return ws->ncomp == 2 ? save_hulls(ws, save) : LQ_OK;
}

/* The changed terms of tabulated phase p against the saved parameter values pv0: their dL and
 * columns; LQI_EQ_LOAD_TERMS when there are more than the lists hold. */
static size_t changed_terms(const lq_eq_ws *ws, size_t p, const double *pv0, double *dl,
                            const double **col) {
    const lq_system *sys = ws->tws->sys;
    const lqi_sphase *ph = &sys->ph[p];
    size_t nd = 0, n = ws->pi[p].nsample;
    for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G] && nd < LQI_EQ_LOAD_TERMS; t++) {
        int slot = sys->term[t].slot;
        double dL = ws->tws->pv[slot].v - pv0[slot];
        if (dL == 0.0) continue;
        dl[nd] = dL;
        col[nd++] = ws->s_tab[p] + (size_t)(1 + t - ph->t0[LQI_TERM_G]) * n;
    }
    return nd;
}

/* Bound of |updated - saved| energies of tabulated phase p for the changed terms (dl, col): sum of
 * |dL_t| times the largest |F_t| / atoms over its samples (s_cmax, computed on first use). */
static double change_bound(lq_eq_ws *ws, size_t p, const double *dl, const double *const *col,
                           size_t nd) {
    const lqi_sphase *ph = &ws->tws->sys->ph[p];
    size_t nt = (size_t)(ph->t1[LQI_TERM_G] - ph->t0[LQI_TERM_G]), n = ws->pi[p].nsample;
    const double *atoms = ws->s_atoms + ws->pi[p].sample0;
    if (!ws->s_cmax[p]) {
        double *c = lqi_malloc_array(nt ? nt : 1, sizeof *c);
        if (!c) return (double)INFINITY;
        for (size_t t = 0; t < nt; t++) {
            const double *F = ws->s_tab[p] + (1 + t) * n;
            double m = 0.0;
            for (size_t i = 0; i < n; i++) m = fmax(m, fabs(F[i]) / atoms[i]);
            c[t] = m;
        }
        ws->s_cmax[p] = c;
    }
    double b = 0.0;
    for (size_t k = 0; k < nd; k++) {
        size_t t = (size_t)(col[k] - ws->s_tab[p]) / n - 1;
        b += fabs(dl[k]) * ws->s_cmax[p][t];
    }
    return b * (1.0 + 1e-12);
}

lq_status lqi_eq_samples_load(lq_eq_ws *ws, double T, const double *save) {
    if (ws->s_T == T) return LQ_OK;
    lq_status st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
    if (st != LQ_OK) return st;
    if (!ws->tws || !ws->s_tab) return lqi_eq_samples_eval(ws, T);
    if (!ws->s_stale) {
        ws->s_stale = lqi_calloc(ws->m.nphase, 1);
        ws->s_bound = lqi_calloc(ws->m.nphase, sizeof *ws->s_bound);
        ws->s_cmax = lqi_calloc(ws->m.nphase, sizeof *ws->s_cmax);
        if (!ws->s_stale || !ws->s_bound || !ws->s_cmax) return LQ_ENOMEM;
    }
    const lq_thermo_ws *tws = ws->tws;
    const double *pv0 = save + ws->ns;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    double dl[LQI_EQ_LOAD_TERMS];
    const double *col[LQI_EQ_LOAD_TERMS];
    ws->s_T = 0.0; /* until every phase is loaded */
    ws->s_save = save;
    for (size_t p = 0; p < ws->m.nphase; p++) {
        size_t j0 = ws->pi[p].sample0, n = ws->pi[p].nsample;
        double *g = ws->s_g + j0;
        ws->s_stale[p] = 0;
        if (ws->s_bok) ws->s_bok[p] = 0;
        if (ws->s_tab[p] && lqi_thermo_gtab_usable(tws, p)) {
            size_t nd = changed_terms(ws, p, pv0, dl, col);
            if (nd == LQI_EQ_LOAD_TERMS) /* more changed terms than the list holds: in full */
                return lqi_eq_samples_eval(ws, T);
            memcpy(g, save + j0, n * sizeof *g);
            ws->s_bound[p] = 0.0;
            if (ws->s_bok) ws->s_bok[p] = ws->ncomp == 2;
            if (nd == 0) continue;
            /* updated when first used (lqi_eq_samples_fresh) */
            ws->s_bound[p] = change_bound(ws, p, dl, col, nd);
            ws->s_stale[p] = 1;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            st = ws->m.eval(ws->m.ctx, p, ws->s_y + (j0 + i) * ws->maxc, LQ_EVAL_G, &ev);
            if (st != LQ_OK) return st;
            if (!isfinite(ev.G)) return LQ_EDOM;
            g[i] = ev.G / ws->s_atoms[j0 + i];
        }
    }
    ws->s_T = T;
    return LQ_OK;
}

int lqi_eq_samples_stale(const lq_eq_ws *ws, size_t p, double *bound) {
    if (!ws->s_stale || !ws->s_stale[p] || !isfinite(ws->s_bound[p])) return 0;
    *bound = ws->s_bound[p];
    return 1;
}

int lqi_eq_samples_stale_min(const lq_eq_ws *ws, size_t p, double *dmin) {
    if (!ws->s_stale || !ws->s_stale[p] || ws->ncomp != 2) return 0;
    const double *cnt = ws->s_save + hull_off(ws), *idx = cnt + ws->m.nphase;
    size_t j0 = ws->pi[p].sample0, h = (size_t)cnt[p];
    const double *hx = idx + j0;
    double best = HUGE_VAL, m0 = ws->mu[0], m1 = ws->mu[1];
    if (h == 0) return 0;
    /* along the hull (in x order) g - mu.x is convex: bisection on the sign of its steps, then
     * the least of the last few vertices. Rounding can mislead a step only where two vertices'
     * values agree to rounding, i.e. next to the least, so the value found exceeds the least by
     * no more than the rounding of g - mu.x, far inside the margin of the caller's test. */
    size_t lo = 0, hi = h - 1;
    while (hi - lo > 2) {
        size_t mid = lo + (hi - lo) / 2, ja = (size_t)hx[mid], jb = (size_t)hx[mid + 1];
        double da = ws->s_save[ja] - m0 * ws->s_x[2 * ja] - m1 * ws->s_x[2 * ja + 1];
        double db = ws->s_save[jb] - m0 * ws->s_x[2 * jb] - m1 * ws->s_x[2 * jb + 1];
        if (db < da)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i <= hi; i++) {
        size_t j = (size_t)hx[i];
        double d = ws->s_save[j] - m0 * ws->s_x[2 * j] - m1 * ws->s_x[2 * j + 1];
        best = d < best ? d : best;
    }
    *dmin = best;
    return 1;
}

lq_status lqi_eq_samples_fresh(lq_eq_ws *ws, size_t p) {
    if (!ws->s_stale || !ws->s_stale[p]) return LQ_OK;
    double dl[LQI_EQ_LOAD_TERMS];
    const double *col[LQI_EQ_LOAD_TERMS];
    size_t j0 = ws->pi[p].sample0, n = ws->pi[p].nsample;
    ws->s_stale[p] = 0;
    if (ws->tws->T != ws->s_T) { /* the workspace left the loaded T: evaluated again in full */
        ws->s_T = 0.0;
        return LQ_EINVAL;
    }
    size_t nd = changed_terms(ws, p, ws->s_save + ws->ns, dl, col);
    if (!load_phase(ws->s_g + j0, ws->s_save + j0, ws->s_atoms + j0, n, dl, col, nd)) {
        ws->s_T = 0.0; /* evaluated again in full by the next lqi_eq_samples_eval */
        return LQ_EDOM;
    }
    return LQ_OK;
}

lq_status lqi_eq_samples_fresh_all(lq_eq_ws *ws) {
    for (size_t p = 0; ws->s_stale && p < ws->m.nphase; p++) {
        lq_status st = lqi_eq_samples_fresh(ws, p);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* Whether every sample of bin b (phase p) lies above the hyperplane of ws->mu by more than thr,
 * whatever the change of its energies within s_bound[p]: the least saved driving force of the bin
 * lies at a vertex of the bin's saved lower hull. The margin (1e-6 J/mol plus 1e-9 of the values
 * summed) covers the rounding of the saved and the updated driving forces many times over. */
static int bin_above(const lq_eq_ws *ws, size_t p, size_t b, size_t pos, double lim) {
    const double *bidx = ws->s_save + bins_off(ws), *bc = bidx + ws->ns + 4 * (ws->s_bin0[p] + b);
    double m0 = ws->mu[0], m1 = ws->mu[1], am = fabs(m0) + fabs(m1);
    /* first the least g less the largest mu.x over the bin's x range (x_1 = 1 - x_0 to rounding):
     * enough for most bins far above */
    double ml = m0 * bc[1] + m1 * (1.0 - bc[1]), mr = m0 * bc[2] + m1 * (1.0 - bc[2]);
    if (bc[3] - (ml > mr ? ml : mr) - 1e-9 * (fabs(bc[3]) + am) > lim) return 1;
    size_t h = (size_t)bc[0];
    for (size_t i = 0; i < h; i++) {
        size_t j = (size_t)bidx[pos + i];
        double g0 = ws->s_save[j];
        double d = g0 - m0 * ws->s_x[2 * j] - m1 * ws->s_x[2 * j + 1];
        if (!(d - 1e-9 * (fabs(g0) + am) > lim)) return 0;
    }
    return h > 0;
}

/* The updated energies of the samples j of one bin (positions pos .. pos + m of s_ord): per
 * sample the operations of load_phase in the same order, so the same values to the bit. 0 when a
 * value is not finite. */
static int load_bin(lq_eq_ws *ws, size_t p, size_t pos, size_t m, const double *dl,
                    const double *const *col, size_t nd) {
    size_t j0 = ws->pi[p].sample0;
    int ok = 1;
    for (size_t k = 0; k < m; k++) {
        size_t j = ws->s_ord[pos + k], i = j - j0;
        double g = ws->s_save[j];
        if (nd > 0) {
            double a = dl[0] * col[0][i];
            size_t t = 1;
            for (; t + 4 <= nd; t += 4)
                a = (((a + dl[t] * col[t][i]) + dl[t + 1] * col[t + 1][i]) +
                     dl[t + 2] * col[t + 2][i]) +
                    dl[t + 3] * col[t + 3][i];
            for (; t < nd; t++) a += dl[t] * col[t][i];
            g = g + a / ws->s_atoms[j];
        }
        ws->s_g[j] = g;
        ok &= isfinite(g) != 0;
    }
    return ok;
}

int lqi_eq_samples_scan_binned(lq_eq_ws *ws, size_t p, int want_far, double thr, double *pbest,
                               size_t *jbest, double *dfar, size_t *jfar, lq_status *st) {
    *st = LQ_OK;
    if (ws->ncomp != 2 || !ws->s_bok || !ws->s_bok[p] || ws->s_T == 0.0 || !ws->s_save ||
        !(ws->s_bound[p] < 1e300) || *pbest != HUGE_VAL || *jbest != ws->pi[p].sample0 ||
        *dfar != thr || *jfar != ws->ns)
        return 0;
    size_t j0 = ws->pi[p].sample0, n = ws->pi[p].nsample, b0 = ws->s_bin0[p];
    double lim = thr + ws->s_bound[p] + 1e-6, m0 = ws->mu[0], m1 = ws->mu[1];
    /* the bins to scan; when they hold more than a third of the samples, the full update and
     * scan (contiguous, in loops that vectorise) cost less than the gathered ones below */
    unsigned char *scan = ws->s_bmask + b0;
    size_t nscan = 0;
    for (size_t b = 0, i0 = 0; i0 < n; b++, i0 += LQI_EQ_BIN) {
        scan[b] = !bin_above(ws, p, b, j0 + i0, lim);
        nscan += scan[b] ? (n - i0 < LQI_EQ_BIN ? n - i0 : LQI_EQ_BIN) : 0;
    }
    if (3 * nscan > n) return 0;
    double dl[LQI_EQ_LOAD_TERMS];
    const double *col[LQI_EQ_LOAD_TERMS];
    size_t nd = 0;
    if (ws->s_stale[p]) {
        if (ws->tws->T != ws->s_T) return 0; /* lqi_eq_samples_fresh reports it */
        nd = changed_terms(ws, p, ws->s_save + ws->ns, dl, col);
        if (ws->s_stale[p] == 1) {
            memset(ws->s_bstale + b0, 1, ws->s_bin0[p + 1] - b0);
            ws->s_stale[p] = 2;
        }
    }
    double best = HUGE_VAL, fbest = thr;
    size_t jb = j0, jf = ws->ns;
    int fset = 0;
    for (size_t b = 0, i0 = 0; i0 < n; b++, i0 += LQI_EQ_BIN) {
        size_t m = n - i0 < LQI_EQ_BIN ? n - i0 : LQI_EQ_BIN, pos = j0 + i0;
        if (!scan[b]) continue;
        if (ws->s_stale[p] && ws->s_bstale[b0 + b]) {
            if (!load_bin(ws, p, pos, m, dl, col, nd)) {
                ws->s_stale[p] = 0;
                ws->s_T = 0.0; /* evaluated again in full by the next lqi_eq_samples_eval */
                *st = LQ_EDOM;
                return -1;
            }
            ws->s_bstale[b0 + b] = 0;
        }
        /* the least (d, j): the first sample of least d in sample order, as the full scan */
        for (size_t k = 0; k < m; k++) {
            size_t j = ws->s_ord[pos + k];
            double d = ws->s_g[j] - m0 * ws->s_x[2 * j] - m1 * ws->s_x[2 * j + 1];
            if (d < best || (d == best && j < jb)) {
                best = d;
                jb = j;
            }
            if (want_far && (d < fbest || (fset && d == fbest && j < jf)) &&
                lqi_eq_far_from_sets(ws, p, ws->s_y + j * ws->maxc, 0.1)) {
                fbest = d;
                jf = j;
                fset = 1;
            }
        }
    }
    if (!(best <= thr)) {
        /* every sample lies above thr (the skipped ones by their bound, the others as computed):
         * the full scan's least d would be above thr too; nothing below it was found */
        *pbest = best;
        return 2;
    }
    *pbest = best;
    *jbest = jb;
    *dfar = fbest;
    *jfar = jf;
    return 1;
}
