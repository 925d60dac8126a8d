/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sampling of every phase's internal constitution for the global (convex hull) stage. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

void lqi_eq_composition(const lq_eq_ws *ws, size_t p, const double *y, double *M, double *x,
                        double *atoms) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    size_t nc = ws->ncomp;
    double tot = 0.0;
    /* moles not linear in y (ionic liquid): from the model (its status is LQ_OK for every
     * y >= 0; a failure leaves NaN, which the callers' finiteness checks reject) */
    if (pi->nonlin && ws->m.moles(ws->m.ctx, p, y, pi->mbuf, NULL, NULL) != LQ_OK)
        for (size_t c = 0; c < nc; c++) pi->mbuf[c] = (double)NAN;
    for (size_t c = 0; c < nc; c++) {
        double m = 0.0;
        if (pi->nonlin)
            m = pi->mbuf[c];
        else
            for (size_t i = 0; i < pi->nc; i++) m += pi->a[i * nc + c] * y[i];
        if (M) M[c] = m;
        if (x) x[c] = m;
        tot += m;
    }
    if (x && tot > 0.0)
        for (size_t c = 0; c < nc; c++) x[c] /= tot;
    if (atoms) *atoms = tot;
}

double lqi_eq_charge(const lq_eq_ws *ws, size_t p, const double *y) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    double qs = 0.0;
    if (pi->q)
        for (size_t i = 0; i < pi->nc; i++) qs += pi->q[i] * y[i];
    return qs;
}

/*
 * Electroneutral sample from y (charged phases): y is mixed with the end member of the opposite
 * extreme charge (per sublattice the constituent of largest, or smallest, charge), (1 - t) y + t e
 * with t = Q(y) / (Q(y) - Q(e)), which stays on every sublattice's simplex. Returns 0 when y
 * cannot be neutralised (no end member of the opposite sign).
 */
static int neutralise(const lq_eq_ws *ws, size_t p, double *y, const size_t *first,
                      const size_t *kk, size_t nsub) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    double Q = lqi_eq_charge(ws, p, y), qa = 0.0;
    for (size_t i = 0; i < pi->nc; i++) qa += fabs(pi->q[i] * y[i]);
    if (fabs(Q) <= 1e-14 * (qa + 1.0)) return 1;
    double *e = ws->ytmp2, Qe = 0.0;
    for (size_t sl = 0; sl < nsub; sl++) {
        size_t pick = first[sl];
        for (size_t i = first[sl]; i < first[sl] + kk[sl]; i++) {
            e[i] = 0.0;
            if (Q < 0.0 ? pi->q[i] > pi->q[pick] : pi->q[i] < pi->q[pick]) pick = i;
        }
        e[pick] = 1.0;
        Qe += pi->q[pick];
    }
    if (!(Q * Qe < 0.0)) return 0;
    double t = Q / (Q - Qe);
    for (size_t i = 0; i < pi->nc; i++) y[i] = (1.0 - t) * y[i] + t * e[i];
    /* exact zeros would stop Newton's log steps: floor them at edge_min */
    for (size_t i = 0; i < pi->nc; i++)
        if (y[i] < ws->opt.edge_min && kk[ws->m.phases[p].sublattice_of[i]] > 1)
            y[i] = ws->opt.edge_min;
    return 1;
}

/* Small fractions towards an edge: edge_min .. 1e-2, `per_decade` points per decade. */
static size_t edge_values(const lq_eq_options *o, double *t) {
    size_t n = 0;
    double lo = log10(o->edge_min);
    size_t ppd = o->edge_per_decade ? o->edge_per_decade : 1;
    size_t steps = (size_t)ceil((-2.0 - lo) * (double)ppd);
    for (size_t j = 0; j <= steps; j++) {
        double e = lo + (double)j / (double)ppd;
        if (e > -2.0 + 1e-9 || n >= 64) break;
        if (t) t[n] = pow(10.0, e);
        n++;
    }
    return n;
}

/*
 * Points of one sublattice with k constituents, written as k-vectors into pts (when not NULL).
 * Returns the count. k = 2: both edges log-spaced plus a linear grid; k >= 3: a simplex grid with
 * zeros replaced by edge_min, plus each vertex diluted by each other constituent along the edge
 * values. Random interior points are added per phase (sample_phase).
 */
static size_t sublattice_points(const lq_eq_options *o, size_t k, double *pts) {
    size_t n = 0;
    if (k == 1) {
        if (pts) pts[0] = 1.0;
        return 1;
    }
    double tv[64];
    size_t ne = edge_values(o, tv);
    if (k == 2) {
        for (size_t j = 0; j < ne; j++) {
            if (pts) {
                pts[2 * n] = tv[j];
                pts[2 * n + 1] = 1.0 - tv[j];
                pts[2 * n + 2] = 1.0 - tv[j];
                pts[2 * n + 3] = tv[j];
            }
            n += 2;
        }
        size_t g = o->grid_n < 2 ? 2 : o->grid_n;
        for (size_t i = 1; i < g; i++) {
            double t = (double)i / (double)g;
            if (t < 1e-2 + 1e-12 || t > 1.0 - 1e-2 - 1e-12) continue;
            if (pts) {
                pts[2 * n] = t;
                pts[2 * n + 1] = 1.0 - t;
            }
            n++;
        }
        return n;
    }
    /* k >= 3: simplex grid by enumerating compositions of g into k parts (k <= 8); beyond, the
     * vertices only (the grid would grow as k^g), the edges and random points covering the rest */
    size_t g = o->grid_n / 3 < 4 ? 4 : o->grid_n / 3;
    if (k > 5) g = 2;
    if (k > 8) g = 1;
    size_t idx[8] = {0};
    for (size_t first = 1;; first = 0) {
        if (k > 8) { /* vertices */
            if (n >= k) break;
            if (pts) {
                double *p = pts + n * k;
                for (size_t i = 0; i < k; i++) p[i] = o->edge_min;
                p[n] = 1.0 - (double)(k - 1) * o->edge_min;
            }
            n++;
            continue;
        }
        if (first) idx[0] = g;
        if (pts) {
            double *p = pts + n * k;
            size_t big = 0;
            for (size_t i = 0; i < k; i++) {
                p[i] = (double)idx[i] / (double)g;
                if (idx[i] > idx[big]) big = i;
            }
            for (size_t i = 0; i < k; i++)
                if (idx[i] == 0) {
                    p[i] = o->edge_min;
                    p[big] -= o->edge_min;
                }
        }
        n++;
        /* next composition (reverse lexicographic) */
        size_t i = 0;
        while (i < k - 1 && idx[i] == 0) i++;
        if (i == k - 1) break;
        size_t v = idx[i];
        idx[i] = 0;
        idx[0] = v - 1;
        idx[i + 1]++;
    }
    /* each vertex diluted by each other constituent: all edge values up to 8 constituents, only
     * 1e-2 and the smallest beyond (k^2 points) */
    size_t ne_used = k > 8 ? 2 : ne;
    double tv2[2] = {o->edge_min, 1e-2};
    const double *tu = k > 8 ? tv2 : tv;
    for (size_t v = 0; v < k; v++)
        for (size_t w = 0; w < k; w++) {
            if (w == v) continue;
            for (size_t j = 0; j < ne_used; j++) {
                if (pts) {
                    double *p = pts + n * k;
                    for (size_t i = 0; i < k; i++) p[i] = o->edge_min;
                    p[w] = tu[j];
                    p[v] = 1.0 - tu[j] - (double)(k - 2) * o->edge_min;
                }
                n++;
            }
        }
    return n;
}

/* Generates the samples of phase p into ws (count only when ws->s_y is NULL). */
/* Stores constitution y of phase p as sample j (made neutral first when the phase is charged);
 * 0 when it is not kept: it cannot be made neutral, it holds (nearly) only vacancies (`fewest`,
 * sample_phase) or so many that the model leaves its domain (atoms_floor, equil.c). */
static int store_sample(lq_eq_ws *ws, size_t p, double *y, const size_t *first, const size_t *kk,
                        size_t nsub, size_t j, double fewest) {
    if (ws->pi[p].q && !neutralise(ws, p, y, first, kk, nsub)) return 0;
    double atoms;
    lqi_eq_composition(ws, p, y, NULL, ws->s_x + j * ws->ncomp, &atoms);
    if (!(atoms > fewest) || atoms < ws->pi[p].atoms_floor) return 0;
    memcpy(ws->s_y + j * ws->maxc, y, ws->m.phases[p].n_constituents * sizeof *y);
    ws->s_atoms[j] = atoms;
    ws->s_phase[j] = p;
    return 1;
}

static size_t sample_phase(lq_eq_ws *ws, size_t p, size_t at, lqi_rng *rng, double *buf,
                           size_t *off, size_t *cnt) {
    const lq_phase_info *info = &ws->m.phases[p];
    const lq_eq_options *o = &ws->opt;
    size_t nsub = info->n_sublattices;
    size_t first[64], kk[64];
    /* constituents are ordered sublattice by sublattice */
    for (size_t s = 0; s < nsub; s++) kk[s] = 0;
    for (size_t i = 0; i < info->n_constituents; i++) kk[info->sublattice_of[i]]++;
    size_t pos = 0;
    double prod = 1.0;
    int any_big = 0;
    for (size_t s = 0; s < nsub; s++) {
        first[s] = s == 0 ? 0 : first[s - 1] + kk[s - 1];
        cnt[s] = sublattice_points(o, kk[s], NULL);
        off[s] = pos;
        if (buf) sublattice_points(o, kk[s], buf + pos);
        pos += cnt[s] * kk[s];
        prod *= (double)cnt[s];
        if (kk[s] >= 3) any_big = 1;
    }
    /* Fewest atoms per formula unit a sample may hold: 1 % of the phase's most. With vacancies on
     * a substitutional sublattice (BCC_A2 (Al,Ni,Va)1(Va)3 of Dupin's Al-Ni) G per atom falls
     * without bound as the atoms thin out (ideal entropy R T ln(atoms) per atom), so the
     * near-empty edge points would sit far below every real state on the hull. */
    double most = 0.0;
    for (size_t s = 0; s < nsub; s++) {
        double mx = 0.0;
        for (size_t i = first[s]; i < first[s] + kk[s]; i++) {
            double a = 0.0;
            for (size_t c = 0; c < ws->ncomp; c++) a += info->constituent_comp[i * ws->ncomp + c];
            if (a > mx) mx = a;
        }
        most += info->site_ratio[s] * mx;
    }
    const double fewest = most * 1e-2 > 1e-12 ? most * 1e-2 : 1e-12;
    size_t n = 0, nrand = any_big ? o->random_n : 0;
    size_t full = prod <= (double)o->max_samples ? (size_t)prod : 0;
    size_t total = full ? full + nrand : o->max_samples;
    double *y = ws->ytmp;
    for (size_t q = 0; q < total; q++) {
        if (q < full) {
            size_t r = q;
            for (size_t s = 0; s < nsub; s++) {
                size_t pick = r % cnt[s];
                r /= cnt[s];
                if (buf) memcpy(y + first[s], buf + off[s] + pick * kk[s], kk[s] * sizeof *y);
            }
        } else if (q < full + nrand || !full) {
            /* random point: per sublattice either a listed point or a uniform Dirichlet(1) one */
            for (size_t s = 0; s < nsub; s++) {
                double u = lqi_rng_uniform(rng);
                if (kk[s] >= 3 && u < 0.5) {
                    double sum = 0.0;
                    for (size_t i = 0; i < kk[s]; i++) {
                        double e = -log(1.0 - lqi_rng_uniform(rng)); /* Exp(1), u in (0, 1] */
                        y[first[s] + i] = e;
                        sum += e;
                    }
                    for (size_t i = 0; i < kk[s]; i++) {
                        double v = y[first[s] + i] / sum;
                        y[first[s] + i] = v < o->edge_min ? o->edge_min : v;
                    }
                } else {
                    size_t pick = (size_t)(lqi_rng_uniform(rng) * (double)cnt[s]);
                    if (pick >= cnt[s]) pick = cnt[s] - 1;
                    if (buf) memcpy(y + first[s], buf + off[s] + pick * kk[s], kk[s] * sizeof *y);
                }
            }
        }
        if (buf && !store_sample(ws, p, y, first, kk, nsub, at + n, fewest)) continue;
        n++;
    }
    /* Disordered states of an ordered phase: sublattices with the same constituents (B2's two,
     * L12's 3/4 and 1/4, the four of fcc/bcc four-sublattice orderings) also get the points with
     * equal fractions on all of them, one per listed point; the product grid or the random picks
     * above seldom fall on that diagonal, and the hull must see the disordered state as well as
     * the ordered ones (order-disorder, issue 13). Other sublattices cycle through their lists. */
    size_t twin[64], ndiag = 0;
    for (size_t s = 0; s < nsub; s++) {
        twin[s] = s;
        for (size_t t = 0; t < s && twin[s] == s; t++) {
            int same = kk[t] == kk[s] && kk[s] > 1;
            for (size_t i = 0; i < kk[s] && same; i++)
                same = strcmp(info->constituent_name[first[t] + i],
                              info->constituent_name[first[s] + i]) == 0;
            if (same) twin[s] = twin[t];
        }
        if (twin[s] != s && cnt[twin[s]] > ndiag) ndiag = cnt[twin[s]];
    }
    for (size_t q = 0; q < ndiag; q++) {
        if (buf)
            for (size_t s = 0; s < nsub; s++) {
                size_t lead = twin[s], pick = q % cnt[lead];
                memcpy(y + first[s], buf + off[lead] + pick * kk[s], kk[s] * sizeof *y);
            }
        if (buf && !store_sample(ws, p, y, first, kk, nsub, at + n, fewest)) continue;
        n++;
    }
    return n;
}

lq_status lqi_eq_samples_build(lq_eq_ws *ws) {
    const lq_eq_options *o = &ws->opt;
    size_t np = ws->m.nphase, maxlist = 0;
    size_t off[64], cnt[64];
    for (size_t p = 0; p < np; p++) {
        const lq_phase_info *info = &ws->m.phases[p];
        if (info->n_sublattices > 64) return LQ_EINVAL;
        size_t kk[64] = {0}, tot = 0;
        for (size_t i = 0; i < info->n_constituents; i++) kk[info->sublattice_of[i]]++;
        for (size_t s = 0; s < info->n_sublattices; s++)
            tot += sublattice_points(o, kk[s], NULL) * kk[s];
        if (tot > maxlist) maxlist = tot;
    }
    double *buf = lqi_malloc_array(maxlist ? maxlist : 1, sizeof(double));
    if (!buf) return LQ_ENOMEM;
    /* upper bound of the count per phase (points of pure vacancies are dropped later) */
    /* one stream per phase (lqi_rng_split), so a phase's random points do not depend on the
     * phases before it; the counting pass and the filling pass draw the same numbers */
    lqi_rng base, rng;
    lqi_rng_seed(&base, (uint64_t)o->seed);
    size_t total = 0;
    for (size_t p = 0; p < np; p++) {
        lqi_rng_split(&base, p, &rng);
        ws->pi[p].nsample = sample_phase(ws, p, 0, &rng, NULL, off, cnt);
        total += ws->pi[p].nsample;
    }
    ws->s_phase = lqi_malloc_array(total, sizeof(size_t));
    ws->s_y = lqi_malloc_array(total * ws->maxc, sizeof(double));
    ws->s_x = lqi_malloc_array(total * ws->ncomp, sizeof(double));
    ws->s_atoms = lqi_malloc_array(total, sizeof(double));
    ws->s_g = lqi_malloc_array(total, sizeof(double));
    if (!ws->s_phase || !ws->s_y || !ws->s_x || !ws->s_atoms || !ws->s_g) {
        lqi_free(buf);
        return LQ_ENOMEM;
    }
    size_t at = 0;
    for (size_t p = 0; p < np; p++) {
        lqi_rng_split(&base, p, &rng);
        ws->pi[p].sample0 = at;
        ws->pi[p].nsample = sample_phase(ws, p, at, &rng, buf, off, cnt);
        at += ws->pi[p].nsample;
    }
    ws->ns = at;
    ws->s_T = 0.0;
    lqi_free(buf);
    return LQ_OK;
}

/* Precomputed G rows of the samples (workspaces made from an lq_system): the samples' site
 * fractions never change, so their ideal-mixing sums and term products are computed once and each
 * new T or set of parameter values costs one dot product per sample, same G to the last bit. */
static void samples_table(lq_eq_ws *ws) {
    ws->s_tab = lqi_calloc(ws->m.nphase, sizeof *ws->s_tab);
    if (!ws->s_tab) return; /* without memory for the rows the samples are evaluated directly */
    double row[1024];
    for (size_t p = 0; p < ws->m.nphase; p++) {
        size_t n = ws->pi[p].nsample, j0 = ws->pi[p].sample0;
        size_t len = lqi_thermo_gtab_len(ws->sys, p);
        if (n == 0 || len > sizeof row / sizeof row[0]) continue;
        double *tab = lqi_malloc_array(n * len, sizeof *tab);
        if (!tab) continue;
        for (size_t i = 0; i < n && tab; i++) {
            if (lqi_thermo_gtab_fill(ws->sys, p, ws->s_y + (j0 + i) * ws->maxc, row)) {
                lqi_free(tab);
                tab = NULL;
                break;
            }
            for (size_t k = 0; k < len; k++) tab[k * n + i] = row[k];
        }
        ws->s_tab[p] = tab;
    }
}

lq_status lqi_eq_samples_eval(lq_eq_ws *ws, double T) {
    if (ws->s_T == T) return lqi_eq_samples_fresh_all(ws);
    if (ws->s_stale) memset(ws->s_stale, 0, ws->m.nphase);
    if (ws->s_bok) memset(ws->s_bok, 0, ws->m.nphase);
    if (ws->sys && ws->tws && !ws->s_tab) samples_table(ws);
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    for (size_t p = 0; p < ws->m.nphase; p++) {
        size_t j0 = ws->pi[p].sample0, j1 = j0 + ws->pi[p].nsample;
        if (ws->s_tab && ws->s_tab[p] && lqi_thermo_gtab_usable(ws->tws, p)) {
            lqi_thermo_gtab_G_cols(ws->tws, p, ws->s_tab[p], j1 - j0, ws->s_g + j0);
            for (size_t j = j0; j < j1; j++) {
                if (!isfinite(ws->s_g[j])) return LQ_EDOM;
                ws->s_g[j] /= ws->s_atoms[j];
            }
            continue;
        }
        for (size_t j = j0; j < j1; j++) {
            lq_status st = ws->m.eval(ws->m.ctx, p, ws->s_y + j * ws->maxc, LQ_EVAL_G, &ev);
            if (st != LQ_OK) return st;
            if (!isfinite(ev.G)) return LQ_EDOM;
            ws->s_g[j] = ev.G / ws->s_atoms[j];
        }
    }
    ws->s_T = T;
    return LQ_OK;
}
