/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Phase-boundary (ZPF) likelihood: driving forces of the vertices to the target hyperplane. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

/*
 * ESPEI 0.9.1 espei/error_functions/zpf_error.py. For each phase region (phases in equilibrium
 * at one T, P):
 *  1. target hyperplane: for each vertex of known composition (or the __HYPERPLANE__ vertices
 *     when given), the chemical potentials of the equilibrium of all phases at the vertex's
 *     composition; an equilibrium of one stoichiometric phase (no internal degree of freedom)
 *     leaves the potentials undetermined and is skipped; the target is the mean (NaN-ignoring)
 *     of the rest (estimate_hyperplane). With no usable vertex every driving force is 0.
 *  2. driving force of each vertex (driving_force_to_hyperplane), J/mol of atoms:
 *     - known composition x: mu . x - GM of the phase alone at x (IsolatedPhase: internal
 *       constitution minimising G at x);
 *     - unknown composition: the largest mu . x(y) - GM(y) over the points at which pycalphad
 *       samples the phase (pdens = 50, see phase_samples), exactly as ESPEI;
 *     - "disordered" vertices: site fractions equal to the mole fractions on every sublattice.
 *  3. ln N(df; 0, 1000 J/mol / data_weight[ZPF] / dataset weight) for each vertex; a non-finite
 *     driving force makes the likelihood -inf.
 * Stoichiometric phases at a known composition use their only constitution (ESPEI's
 * IsolatedPhase requires the composition to be the phase's own).
 */

#define MIN_PHASE_FRACTION 1e-6 /* pycalphad/core/constants.py */

static int phase_stoich(const lq_phase_info *in) { return in->n_constituents == in->n_sublattices; }

/* ---------------------------------------------------------------- sampled constitutions */

/*
 * The points at which ESPEI evaluates a phase for a vertex of unknown composition: pycalphad's
 * _sample_phase_constitution (pycalphad/core/calculate.py) with pdens = 50 and fixed_grid, as
 * ESPEI's calculate_ (espei/shadow_functions.py) calls it:
 *   - every end member (one constituent per sublattice; all-vacancy end members left out);
 *   - for each pair of end members, pdens points evenly spaced on the segment between them
 *     (linspace(0, 1, pdens));
 *   - pdens * (dof) points of a scrambled Halton sequence in sum(m_s) dimensions (m_s
 *     constituents of sublattice s, dof = sum(m_s) - number of sublattices), mapped to the
 *     simplices by u -> -ln u normalised on each sublattice (pycalphad/core/utils.py point_sample).
 *     Dimension i uses the i-th prime p with the scrambling multiplier k of Chi, Mascagni and
 *     Warnock, Math. Comput. Simul. 70 (2005) 9: point j (1-based) is
 *     sum_n ((k d_n) mod p) p^-(n+1) over the base-p digits d_n of j.
 * Constituents are ordered by name within each sublattice, as pycalphad sorts them.
 */
#define PDENS 50
static const unsigned halton_prime[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47};
static const unsigned halton_mult[] = {1, 2, 2, 5, 3, 7, 3, 10, 18, 11, 17, 5, 17, 26, 40};
#define NHALTON (sizeof halton_prime / sizeof halton_prime[0])

static double halton(size_t j, unsigned p, unsigned k) {
    double v = 0.0, scale = 1.0 / p;
    for (size_t q = j; q > 0; q /= p, scale /= p) v += (double)((k * (q % p)) % p) * scale;
    return v;
}

/* Points per bin of the driving-force maximum's binned candidate search (binary systems). */
#define DF_BIN 16

/* Binary systems: after pmol's `used`, [3] = {1, a, b} when exactly two components a < b occur
 * in the points and x_a + x_b = 1 (to 1e-12) at each, else {0, 0, 0}; then [total] the points'
 * indices sorted by x_a (then index). */
static lq_status df_order(double *bf, const double *pm, size_t total, size_t nc) {
    const double *used = pm + 2 * total * (nc + 1);
    size_t a = nc, b = nc, nu = 0;
    bf[0] = bf[1] = bf[2] = 0.0;
    for (size_t c = 0; c < nc; c++)
        if (used[c] != 0.0) {
            nu++;
            if (a == nc)
                a = c;
            else
                b = c;
        }
    if (nu != 2 || total == 0) return LQ_OK;
    lqi_xg_pt *pt = lqi_malloc_array(total, sizeof *pt);
    if (!pt) return LQ_ENOMEM;
    for (size_t i = 0; i < total; i++) {
        const double *r = pm + i * (nc + 1);
        double N = r[nc];
        if (!(N > 0.0) || !(fabs(r[a] / N + r[b] / N - 1.0) <= 1e-12)) {
            lqi_free(pt);
            return LQ_OK;
        }
        pt[i] = (lqi_xg_pt){r[a] / N, 0.0, i};
    }
    qsort(pt, total, sizeof *pt, lqi_xg_pt_cmp);
    for (size_t i = 0; i < total; i++) bf[3 + i] = (double)pt[i].i;
    lqi_free(pt);
    bf[0] = 1.0;
    bf[1] = (double)a;
    bf[2] = (double)b;
    return LQ_OK;
}

static lq_status phase_samples(lqi_sysdef *d, size_t phase) {
    if (!d->samp) {
        d->nphase = lq_system_phase_count(d->sys);
        d->samp = lqi_calloc(d->nphase, sizeof *d->samp);
        d->nsamp = lqi_calloc(d->nphase, sizeof *d->nsamp);
        d->tab = lqi_calloc(d->nphase, sizeof *d->tab);
        d->tablen = lqi_calloc(d->nphase, sizeof *d->tablen);
        d->pmol = lqi_calloc(d->nphase, sizeof *d->pmol);
        d->cmax = lqi_calloc(d->nphase, sizeof *d->cmax);
        if (!d->samp || !d->nsamp || !d->tab || !d->tablen || !d->pmol || !d->cmax)
            return LQ_ENOMEM;
    }
    if (d->samp[phase]) return LQ_OK;
    lq_phase_info in;
    lq_system_phase_info(d->sys, phase, &in);
    size_t n = in.n_constituents, ns = in.n_sublattices, ord[64], first[LQI_TDB_MAX_SUBL],
           cnt[LQI_TDB_MAX_SUBL];
    if (n > 64 || n > NHALTON) return LQ_EUNSUPPORTED;
    /* pycalphad's order: sublattice by sublattice, names sorted within; ord[i] = our index */
    size_t at = 0;
    for (size_t s = 0; s < ns; s++) {
        first[s] = at;
        cnt[s] = 0;
        for (size_t k = 0; k < n; k++) {
            if (in.sublattice_of[k] != s) continue;
            size_t j = at + cnt[s]++;
            while (j > first[s] &&
                   strcmp(in.constituent_name[ord[j - 1]], in.constituent_name[k]) > 0) {
                ord[j] = ord[j - 1];
                j--;
            }
            ord[j] = k;
        }
        at += cnt[s];
    }
    /* end members, without the all-vacancy ones */
    size_t nem = 1, pick[LQI_TDB_MAX_SUBL] = {0};
    for (size_t s = 0; s < ns; s++) nem *= cnt[s];
    double *em = lqi_malloc_array(nem * n, sizeof *em);
    if (!em) return LQ_ENOMEM;
    size_t kept = 0;
    for (size_t e = 0; e < nem; e++) {
        int all_va = 1;
        double *y = em + kept * n;
        memset(y, 0, n * sizeof *y);
        for (size_t s = 0; s < ns; s++) {
            size_t k = ord[first[s] + pick[s]];
            y[k] = 1.0;
            all_va &= strcmp(in.constituent_name[k], "VA") == 0;
        }
        if (!all_va) kept++;
        for (size_t s = ns; s-- > 0;) { /* first sublattice slowest, as itertools.product */
            if (++pick[s] < cnt[s]) break;
            pick[s] = 0;
        }
    }
    size_t npair = kept * (kept - 1) / 2, dof = n - ns, nhal = PDENS * dof;
    size_t total = kept + npair * PDENS + nhal;
    double *y = lqi_malloc_array(total * n, sizeof *y);
    if (!y) {
        lqi_free(em);
        return LQ_ENOMEM;
    }
    memcpy(y, em, kept * n * sizeof *y);
    size_t m = kept;
    for (size_t a = 0; a < kept; a++)
        for (size_t b = a + 1; b < kept; b++)
            for (size_t i = 0; i < PDENS; i++, m++) {
                /* numpy's linspace(0, 1, PDENS): i * step, the last exactly 1 */
                double t = i + 1 == PDENS ? 1.0 : (double)i * (1.0 / (PDENS - 1));
                for (size_t k = 0; k < n; k++)
                    y[m * n + k] = em[a * n + k] * t + em[b * n + k] * (1.0 - t);
            }
    for (size_t j = 1; j <= nhal; j++, m++) {
        double *p = y + m * n;
        for (size_t i = 0; i < n; i++) p[ord[i]] = -log(halton(j, halton_prime[i], halton_mult[i]));
        for (size_t s = 0; s < ns; s++) {
            double sum = 0.0;
            for (size_t i = first[s]; i < first[s] + cnt[s]; i++) sum += p[ord[i]];
            for (size_t i = first[s]; i < first[s] + cnt[s]; i++) p[ord[i]] /= sum;
        }
    }
    lqi_free(em);
    d->samp[phase] = y;
    d->nsamp[phase] = total;
    /* moles of each component per formula unit at each point, and their sum */
    size_t nc = lq_system_component_count(d->sys);
    double *pm = lqi_malloc_array(2 * total * (nc + 1) + nc + 3 + total, sizeof *pm);
    if (!pm) return LQ_ENOMEM;
    double *pc = pm + total * (nc + 1), *used = pc + total * (nc + 1);
    for (size_t c = 0; c < nc; c++) used[c] = 0.0;
    for (size_t i = 0; i < total; i++) {
        double *r = pm + i * (nc + 1), N = 0.0;
        for (size_t c = 0; c < nc; c++) {
            double v = 0.0;
            for (size_t k = 0; k < n; k++)
                v += in.site_ratio[in.sublattice_of[k]] * in.constituent_comp[k * nc + c] *
                     y[i * n + k];
            r[c] = v;
            N += v;
            pc[c * total + i] = v;
            if (v != 0.0) used[c] = 1.0;
        }
        r[nc] = N;
        pc[nc * total + i] = N > 0.0 ? 1.0 / N : (double)NAN;
    }
    d->pmol[phase] = pm;
    lq_status ost = df_order(used + nc, pm, total, nc);
    if (ost != LQ_OK) return ost;
    /* the points are fixed: their G rows are computed once, stored by column (G is then one
     * dot product with the parameter values per point, the same G as lq_phase_evaluate) */
    size_t len = lqi_thermo_gtab_len(d->sys, phase);
    double row[1024];
    if (total > LQI_SLOT_BUF || len > sizeof row / sizeof row[0]) return LQ_OK;
    double *tab = lqi_malloc_array(total * len, sizeof *tab);
    if (!tab) return LQ_ENOMEM;
    for (size_t i = 0; i < total; i++) {
        if (lqi_thermo_gtab_fill(d->sys, phase, y + i * n, row)) {
            lqi_free(tab);
            return LQ_OK; /* not every point tabulated: all evaluated directly */
        }
        for (size_t k = 0; k < len; k++) tab[k * total + i] = row[k];
    }
    d->tab[phase] = tab;
    d->tablen[phase] = len;
    double *cm = lqi_malloc_array(len, sizeof *cm);
    if (!cm) return LQ_ENOMEM;
    cm[0] = 0.0;
    for (size_t k = 1; k < len; k++) {
        double big = 0.0;
        for (size_t i = 0; i < total; i++)
            if (pm[i * (nc + 1) + nc] > 0.0)
                big = fmax(big, fabs(tab[k * total + i]) / pm[i * (nc + 1) + nc]);
        cm[k] = big;
    }
    d->cmax[phase] = cm;
    return LQ_OK;
}

/* ---------------------------------------------------------------- preparation */

lq_status lqi_zpf_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                          lq_diag *diag) {
    char *comp[64];
    size_t nc = lqi_ds_comps(ds, comp, 64), sys;
    lq_status st = lqi_ctx_system(ctx, db, comp, nc, NULL, 0, &sys, diag);
    if (st != LQ_OK) return st;
    lqi_sysdef *d = &ctx->sys[sys];
    /* ESPEI uses the dataset when one of its phases is a phase of the system */
    int any = 0;
    size_t p;
    for (size_t i = 0; i < ds->n_phases && !any; i++)
        any = lq_system_phase_find(d->sys, ds->phases[i], &p) == LQ_OK;
    if (!any) return LQ_OK;
    size_t nv = 0;
    for (size_t r = 0; r < ds->n_regions; r++) nv += ds->regions[r].n_vertices;
    pr->reg_T = lqi_malloc_array(ds->n_regions ? ds->n_regions : 1, sizeof *pr->reg_T);
    pr->reg_v0 = lqi_malloc_array(ds->n_regions ? ds->n_regions : 1, sizeof *pr->reg_v0);
    pr->reg_nv = lqi_malloc_array(ds->n_regions ? ds->n_regions : 1, sizeof *pr->reg_nv);
    pr->v_phase = lqi_malloc_array(nv ? nv : 1, sizeof *pr->v_phase);
    pr->v_flag = lqi_calloc(nv ? nv : 1, sizeof *pr->v_flag);
    pr->v_x = lqi_malloc_array((nv ? nv : 1) * nc, sizeof *pr->v_x);
    if (!pr->reg_T || !pr->reg_v0 || !pr->reg_nv || !pr->v_phase || !pr->v_flag || !pr->v_x)
        return LQ_ENOMEM;
    size_t v = 0, nres = 0;
    for (size_t r = 0; r < ds->n_regions; r++) {
        const lq_zpf_region *rg = &ds->regions[r];
        pr->reg_T[r] = rg->T;
        pr->reg_v0[r] = v;
        pr->reg_nv[r] = rg->n_vertices;
        for (size_t j = 0; j < rg->n_vertices; j++, v++) {
            const lq_zpf_vertex *vx = &rg->v[j];
            double *x = pr->v_x + v * nc, known = 0.0;
            size_t unknown = 0, at = 0;
            for (size_t c = 0; c < nc; c++) {
                x[c] = (double)NAN;
                for (size_t k = 0; k < vx->n_comps; k++)
                    if (strcasecmp(vx->comps[k], lq_system_component_name(d->sys, c)) == 0)
                        x[c] = vx->x[k];
                if (isnan(x[c]))
                    unknown++, at = c;
                else
                    known += x[c];
            }
            if (unknown == 1) x[at] = 1.0 - known; /* the dependent component by mass balance */
            if (unknown > 1) pr->v_flag[v] |= LQI_V_MISSING;
            if (vx->disordered) pr->v_flag[v] |= LQI_V_DISORDERED;
            if (strcasecmp(vx->phase, "__HYPERPLANE__") == 0) {
                if (unknown > 1)
                    return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "values",
                                        "__HYPERPLANE__ vertex needs every composition");
                pr->v_flag[v] |= LQI_V_HYPER;
                pr->v_phase[v] = SIZE_MAX;
                continue;
            }
            if (lq_system_phase_find(d->sys, vx->phase, &pr->v_phase[v]) != LQ_OK)
                return lqi_diag_set(diag, LQ_ENOTFOUND, ds->path, 0, "values",
                                    "phase %s of region %zu is not in the database", vx->phase, r);
            nres++;
            if (pr->v_flag[v] & LQI_V_MISSING) {
                st = phase_samples(d, pr->v_phase[v]);
                if (st != LQ_OK)
                    return lqi_diag_set(diag, st, ds->path, 0, vx->phase,
                                        "cannot sample the constitutions of %s", vx->phase);
            }
        }
    }
    pr->nreg = ds->n_regions;
    pr->nvert = nv;
    pr->npts = nres;
    pr->stride = nc;
    pr->sys = sys;
    pr->kind = LQ_LNPROB_ZPF;
    pr->sigma = 1000.0 / ctx->w_zpf / ds->weight;
    return LQ_OK;
}

/* ---------------------------------------------------------------- driving forces */

#define MAXC 64 /* constituents of a phase handled by the maximisation */

typedef struct dfctx {
    const lq_system *S;
    lq_thermo_ws *tws;
    lq_phase_info in;
    size_t phase, nc;
    const double *mu;
    double w[MAXC]; /* w[k] = a_s(k) sum_c mu_c q_kc: d(mu . n)/dy_k */
    double v[MAXC]; /* v[k] = a_s(k) sum_c q_kc: dN/dy_k */
} dfctx;

static void df_init(dfctx *c, const lq_system *S, lq_thermo_ws *tws, size_t phase,
                    const double *mu) {
    c->S = S;
    c->tws = tws;
    c->phase = phase;
    c->mu = mu;
    c->nc = lq_system_component_count(S);
    lq_system_phase_info(S, phase, &c->in);
    for (size_t k = 0; k < c->in.n_constituents && k < MAXC; k++) {
        double a = c->in.site_ratio[c->in.sublattice_of[k]], wm = 0.0, vn = 0.0;
        for (size_t j = 0; j < c->nc; j++) {
            wm += mu[j] * c->in.constituent_comp[k * c->nc + j];
            vn += c->in.constituent_comp[k * c->nc + j];
        }
        c->w[k] = a * wm;
        c->v[k] = a * vn;
    }
}

/* mu . x(y) - GM(y) per mole of atoms at y (NaN on failure or too many constituents). */
static double df_value(const dfctx *c, const double *y) {
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    if (c->in.n_constituents > MAXC ||
        lq_phase_evaluate(c->tws, c->phase, y, LQ_EVAL_G, &ev) != LQ_OK)
        return (double)NAN;
    double A = -ev.G, N = 0.0;
    for (size_t k = 0; k < c->in.n_constituents; k++) {
        A += c->w[k] * y[k];
        N += c->v[k] * y[k];
    }
    return N > 0.0 ? A / N : (double)NAN;
}

/*
 * Binary systems (df_order): the bins of DF_BIN points consecutive in x_a order and the lower hull
 * of the points' (x_a, G / N) at the start parameters, for df_max_pruned's binned search: into
 * out [1 + 3 nbins + 1 + ns]: 1 (else 0 and nothing more: not binary, or a G not finite), per bin
 * its least and largest x_a and least G / N, then the size of the hull and its points in x order.
 */
static void df_record_bins(const lqi_sysdef *d, size_t phase, const double *G, double *out) {
    size_t ns = d->nsamp[phase], nc = lq_system_component_count(d->sys);
    const double *pm = d->pmol[phase], *bf = pm + 2 * ns * (nc + 1) + nc, *ord = bf + 3;
    out[0] = 0.0;
    if (bf[0] != 1.0 || ns == 0) return;
    size_t a = (size_t)bf[1];
    lqi_xg_pt *pt = lqi_malloc_array(ns, sizeof *pt);
    if (!pt) return;
    for (size_t k = 0; k < ns; k++) {
        size_t i = (size_t)ord[k];
        const double *r = pm + i * (nc + 1);
        pt[k] = (lqi_xg_pt){r[a] / r[nc], G[i] / r[nc], i};
        if (!isfinite(pt[k].g)) {
            lqi_free(pt);
            return;
        }
    }
    double *bin = out + 1;
    for (size_t k0 = 0, b = 0; k0 < ns; k0 += DF_BIN, b++) {
        size_t k1 = k0 + DF_BIN < ns ? k0 + DF_BIN : ns;
        double gl = pt[k0].g;
        for (size_t k = k0 + 1; k < k1; k++) gl = pt[k].g < gl ? pt[k].g : gl;
        bin[3 * b] = pt[k0].x;
        bin[3 * b + 1] = pt[k1 - 1].x;
        bin[3 * b + 2] = gl;
    }
    /* Andrew's monotone chain on the points sorted by (x, g, index): ord is sorted by x, so an
     * insertion sort only reorders points of equal x */
    for (size_t k = 1; k < ns; k++)
        for (size_t q = k; q > 0 && lqi_xg_pt_cmp(&pt[q - 1], &pt[q]) > 0; q--) {
            lqi_xg_pt t = pt[q];
            pt[q] = pt[q - 1];
            pt[q - 1] = t;
        }
    size_t h = 0;
    for (size_t k = 0; k < ns; k++) {
        while (h >= 2 && (pt[h - 1].x - pt[h - 2].x) * (pt[k].g - pt[h - 2].g) -
                                 (pt[h - 1].g - pt[h - 2].g) * (pt[k].x - pt[h - 2].x) <=
                             0.0)
            h--;
        pt[h++] = pt[k];
    }
    double *hull = bin + 3 * ((ns + DF_BIN - 1) / DF_BIN);
    hull[0] = (double)h;
    for (size_t k = 0; k < h; k++) hull[1 + k] = (double)pt[k].i;
    lqi_free(pt);
    out[0] = 1.0;
}

/* The saved driving force (mu . M - G0) / N of point i (df_max_pruned's d0, to rounding). */
static double df_d0(const double *G0, const double *pm, size_t nc, const double *mu, size_t i) {
    const double *r = pm + i * (nc + 1);
    double A = -G0[i];
    for (size_t k = 0; k < nc; k++) A += mu[k] * r[k];
    return A / r[nc];
}

/*
 * df_max_pruned with the recorded bins (df_record_bins): the same maximum, to the bit, without
 * the pass over every point. D, the saved driving force of a vertex of the saved lower hull found
 * by bisection (the saved driving forces along the hull are concave in x; rounding can only make
 * D smaller than the largest, which keeps more candidates), plays d0max's part: the point of D
 * keeps d >= D - bound, so no point of d0 < D - 2 bound is the maximum, and a bin whose saved
 * driving forces all lie below that (its least G / N against the largest mu . x over its x range,
 * x_b = 1 - x_a, with a margin far above the rounding) is skipped. In the other bins the points
 * of d0 >= D - 2 bound (less the margin of df_max_pruned; d0 summed as there) are candidates,
 * computed as in df_max_pruned: the maximum over a set that holds the maximising point is the
 * same value. NaN when the bound is not finite.
 */
static double df_max_binned(const lqi_sysdef *d, const lq_thermo_ws *tws, size_t phase,
                            const double *mu, const double *save, const double *L, double bound) {
    size_t ns = d->nsamp[phase], nc = lq_system_component_count(d->sys), nt = d->tablen[phase] - 1;
    const double *G0 = save, *pm = d->pmol[phase], *tab = d->tab[phase];
    const double *bf = pm + 2 * ns * (nc + 1) + nc, *ord = bf + 3, *inv = pm + ns * (2 * nc + 1);
    const double *bin = save + ns + nt + 1, *hull = bin + 3 * ((ns + DF_BIN - 1) / DF_BIN);
    size_t a = (size_t)bf[1], b = (size_t)bf[2], h = (size_t)hull[0];
    if (h == 0 || !isfinite(bound)) return (double)NAN;
    size_t lo = 0, hi = h - 1;
    while (hi - lo > 2) {
        size_t mid = lo + (hi - lo) / 2;
        if (df_d0(G0, pm, nc, mu, (size_t)hull[1 + mid]) <
            df_d0(G0, pm, nc, mu, (size_t)hull[2 + mid]))
            lo = mid + 1;
        else
            hi = mid;
    }
    double D = -HUGE_VAL;
    for (size_t k = lo; k <= hi; k++) {
        double v = df_d0(G0, pm, nc, mu, (size_t)hull[1 + k]);
        D = v > D ? v : D;
    }
    if (!isfinite(D)) return (double)NAN;
    double thr = D - 2.0 * bound - (1e-9 * fabs(D) + 1e-6), best = -HUGE_VAL;
    const double RT = tws->R * tws->T, ma = mu[a], mb = mu[b], am = fabs(ma) + fabs(mb);
    for (size_t k0 = 0, q = 0; k0 < ns; k0 += DF_BIN, q++) {
        const double *bq = bin + 3 * q;
        double ml = ma * bq[0] + mb * (1.0 - bq[0]), mr = ma * bq[1] + mb * (1.0 - bq[1]);
        double ub = (ml > mr ? ml : mr) - bq[2];
        if (ub + 1e-9 * (fabs(bq[2]) + am) + 1e-6 < thr) continue;
        size_t k1 = k0 + DF_BIN < ns ? k0 + DF_BIN : ns;
        for (size_t k = k0; k < k1; k++) {
            size_t i = (size_t)ord[k];
            const double *r = pm + i * (nc + 1);
            /* df_max_pruned's d0 (the same sum), then the same test */
            if ((-G0[i] + ma * r[a] + mb * r[b]) * inv[i] < thr) continue;
            double G = 0.0 + RT * tab[i];
            for (size_t t = 0; t < nt; t++) G += L[t] * tab[(1 + t) * ns + i];
            if (!isfinite(G)) continue; /* lq_phase_evaluate's LQ_EDOM: NaN, never the max */
            double A = -G, N = r[nc];
            for (size_t c = 0; c < nc; c++) A += mu[c] * r[c];
            double v = N > 0.0 ? A / N : (double)NAN;
            if (v > best) best = v;
        }
    }
    return best > -HUGE_VAL ? best : (double)NAN;
}

/*
 * df_max from the G of the points at the start parameters (save: G [nsamp], then the phase's term
 * values L_t [tablen - 1] at the same T). At the new parameters each point's G moves by
 * sum_t (L_t - L0_t) F_t, so its driving force d = (mu . M - G) / N by at most
 * bound = sum_t |L_t - L0_t| cmax_t. With d0 the driving forces from the saved G and d0max their
 * largest, the point of d0max keeps d >= d0max - bound, so a point with d0 < d0max - 2 bound cannot
 * be the maximum: only the others get their G at the new parameters, computed as
 * lqi_thermo_gtab_G_cols does (same terms, same order), so the maximum is the same to the bit. A
 * point whose saved driving force is not a number stays among the candidates. NaN when the bound
 * is not finite (the caller then evaluates every point).
 */
static double df_max_pruned(const lqi_sysdef *d, const lq_thermo_ws *tws, size_t phase,
                            const double *mu, const double *save, double *buf) {
    const lqi_sphase *ph = &tws->sys->ph[phase];
    const lqi_term *term = tws->sys->term;
    size_t ns = d->nsamp[phase], nc = lq_system_component_count(d->sys), nt = d->tablen[phase] - 1;
    const double *G0 = save, *L0 = save + ns, *tab = d->tab[phase], *cm = d->cmax[phase];
    double *L = buf, *d0 = buf + nt, bound = 0.0, d0max = -HUGE_VAL;
    for (size_t t = 0; t < nt; t++) {
        L[t] = tws->pv[term[ph->t0[LQI_TERM_G] + (int)t].slot].v;
        bound += fabs(L[t] - L0[t]) * cm[1 + t];
    }
    if (save[ns + nt] == 1.0) return df_max_binned(d, tws, phase, mu, save, L, bound);
    /* by columns (pmol's second half), in loops that vectorise; d0 only selects the candidates,
     * so 1/N by multiplication (within an ulp of the division, far inside the margin below) */
    const double *pc = d->pmol[phase] + ns * (nc + 1), *inv = pc + nc * ns, *used = inv + ns;
    for (size_t i = 0; i < ns; i++) d0[i] = -G0[i];
    for (size_t k = 0; k < nc; k++) {
        if (used[k] == 0.0) continue; /* a component no point holds (e.g. VA): adds zeros */
        const double m = mu[k], *Mk = pc + k * ns;
        for (size_t i = 0; i < ns; i++) d0[i] += m * Mk[i];
    }
    for (size_t i = 0; i < ns; i++) d0[i] *= inv[i];
    /* the largest in two interleaved runs (packed in pairs); NaN is never taken */
    double mx[2] = {-HUGE_VAL, -HUGE_VAL};
    size_t i2 = 0;
    for (; i2 + 2 <= ns; i2 += 2)
        for (size_t q = 0; q < 2; q++) mx[q] = d0[i2 + q] > mx[q] ? d0[i2 + q] : mx[q];
    if (i2 < ns) mx[0] = d0[i2] > mx[0] ? d0[i2] : mx[0];
    d0max = mx[1] > mx[0] ? mx[1] : mx[0];
    if (!isfinite(bound) || !isfinite(d0max)) return (double)NAN;
    double thr = d0max - 2.0 * bound - (1e-9 * fabs(d0max) + 1e-6), best = -HUGE_VAL;
    const double RT = tws->R * tws->T;
    const double *pm = d->pmol[phase];
    for (size_t i = 0; i < ns; i++) {
        if (d0[i] < thr) continue;
        double G = 0.0 + RT * tab[i];
        for (size_t t = 0; t < nt; t++) G += L[t] * tab[(1 + t) * ns + i];
        if (!isfinite(G)) continue; /* lq_phase_evaluate's LQ_EDOM: NaN, never the max */
        const double *r = pm + i * (nc + 1);
        double A = -G, N = r[nc];
        for (size_t k = 0; k < nc; k++) A += mu[k] * r[k];
        double v = N > 0.0 ? A / N : (double)NAN;
        if (v > best) best = v;
    }
    return best > -HUGE_VAL ? best : (double)NAN;
}

/* Largest mu . x - GM over the phase's sampled constitutions (ESPEI: df.max() over calculate_'s
 * points with pdens = 50). buf: LQI_SLOT_BUF doubles of scratch. save: the points' energies and
 * term values at the start parameters (df_max_pruned) or NULL; rec: where to record them (a
 * pointer still NULL), or NULL. */
static double df_max(const lqi_sysdef *d, lq_thermo_ws *tws, size_t phase, const double *mu,
                     double *buf, const double *save, double **rec) {
    dfctx c;
    df_init(&c, d->sys, tws, phase, mu);
    size_t n = c.in.n_constituents;
    if (n > MAXC || !d->samp || !d->samp[phase]) return (double)NAN;
    double best = -HUGE_VAL;
    const double *s = d->samp[phase];
    if (d->tab[phase] && lqi_thermo_gtab_usable(tws, phase)) {
        size_t ns = d->nsamp[phase], nt = d->tablen[phase] - 1;
        if (save && d->cmax[phase] && ns + nt <= LQI_SLOT_BUF) {
            double v = df_max_pruned(d, tws, phase, mu, save, buf);
            if (!isnan(v)) return v;
        }
        /* as df_value with G from the precomputed rows (G into the slot's scratch) */
        double *G = buf;
        size_t nc = c.nc;
        const double *pm = d->pmol[phase];
        lqi_thermo_gtab_G_cols(tws, phase, d->tab[phase], d->nsamp[phase], G);
        size_t nb = (ns + DF_BIN - 1) / DF_BIN;
        if (rec && !*rec &&
            (*rec = lqi_malloc_array(2 * ns + nt + 3 * nb + 2, sizeof **rec)) != NULL) {
            const lqi_sphase *ph = &tws->sys->ph[phase];
            memcpy(*rec, G, ns * sizeof **rec);
            for (size_t t = 0; t < nt; t++)
                (*rec)[ns + t] = tws->pv[tws->sys->term[ph->t0[LQI_TERM_G] + (int)t].slot].v;
            df_record_bins(d, phase, G, *rec + ns + nt);
        }
        for (size_t i = 0; i < d->nsamp[phase]; i++, pm += nc + 1) {
            if (!isfinite(G[i])) continue; /* lq_phase_evaluate's LQ_EDOM: NaN, never the max */
            double A = -G[i], N = pm[nc];
            for (size_t k = 0; k < nc; k++) A += mu[k] * pm[k];
            double v = N > 0.0 ? A / N : (double)NAN;
            if (v > best) best = v;
        }
        return best > -HUGE_VAL ? best : (double)NAN;
    }
    for (size_t i = 0; i < d->nsamp[phase]; i++) {
        double v = df_value(&c, s + i * n);
        if (v > best) best = v;
    }
    return best > -HUGE_VAL ? best : (double)NAN;
}

double lqi_zpf_df_max(const lqi_sysdef *d, lq_thermo_ws *tws, size_t phase, const double *mu,
                      double *buf, const double *save, double **rec) {
    return df_max(d, tws, phase, mu, buf, save, rec);
}

/* The thermodynamic workspace of the ZPF driving forces: the one inside the system's equilibrium
 * workspace (same symbols, gas constant and pressure), which the region's hyperplane equilibria
 * have just put at the region's temperature, so that its parameter values are not evaluated a
 * second time per temperature. */
static lq_thermo_ws *zpf_tws(lqi_slot *sl, const lqi_prep *pr) { return sl->eq[pr->sys]->tws; }

/*
 * G per mole of atoms of a phase whose constitution follows from x alone (the "direct" phases of
 * lq_props_phase_eval, src/thermo/props/props.c: one sublattice holds more than one constituent,
 * each of them one pure component, the other sublattices only vacancies): y = x on that sublattice,
 * GM = G / (its site ratio), the GM that lq_props_phase_eval returns, without the mixing
 * references it also computes. 1 with *GM set (NaN when x is outside the phase's reach, as
 * lq_props_phase_eval's LQ_EDOM), 0 when the phase is not direct. The workspace must be at T.
 */
static int direct_GM(lq_thermo_ws *tws, const lq_phase_info *in, size_t ph, const double *x,
                     size_t nc, double *y, double *GM) {
    size_t multi = SIZE_MAX, n = in->n_constituents;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < k; j++)
            if (in->sublattice_of[j] == in->sublattice_of[k]) {
                if (multi != SIZE_MAX && multi != in->sublattice_of[k]) return 0;
                multi = in->sublattice_of[k];
            }
    if (multi == SIZE_MAX) multi = in->sublattice_of[0];
    unsigned long long held = 0;
    for (size_t k = 0; k < n; k++) {
        const double *cc = in->constituent_comp + k * nc;
        size_t nz = 0, which = 0;
        for (size_t c = 0; c < nc; c++)
            if (cc[c] != 0.0) {
                if (fabs(cc[c] - 1.0) > 1e-15) return 0;
                nz++, which = c;
            }
        if (in->sublattice_of[k] != multi) {
            if (nz) return 0;
            y[k] = 1.0;
            continue;
        }
        if (nz != 1 || (held >> which & 1ULL)) return 0;
        held |= 1ULL << which;
        y[k] = x[which];
    }
    double sum = 0.0;
    *GM = (double)NAN;
    for (size_t c = 0; c < nc; c++) {
        if (!(x[c] >= 0.0) || !(x[c] <= 1.0) || (!(held >> c & 1ULL) && x[c] > 0.0)) return 1;
        sum += x[c];
    }
    if (fabs(sum - 1.0) > 1e-9) return 1;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    if (lq_phase_evaluate(tws, ph, y, LQ_EVAL_G, &ev) == LQ_OK) *GM = ev.G / in->site_ratio[multi];
    return 1;
}

/* Driving force of a vertex of known composition. */
static double df_known(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t v,
                       double T, const double *mu) {
    const lqi_sysdef *d = &ctx->sys[pr->sys];
    size_t nc = pr->stride, ph = pr->v_phase[v];
    const double *x = pr->v_x + v * nc;
    lq_phase_info in;
    lq_system_phase_info(d->sys, ph, &in);
    double GM, mux = 0.0;
    for (size_t c = 0; c < nc; c++) mux += mu[c] * x[c];
    if (phase_stoich(&in)) {
        double *y = sl->buf, N;
        lq_phase_eval ev;
        memset(&ev, 0, sizeof ev);
        for (size_t k = 0; k < in.n_constituents; k++) y[k] = 1.0;
        if (lq_thermo_ws_set_TP(zpf_tws(sl, pr), T, ctx->eq.P) != LQ_OK ||
            lq_phase_evaluate(zpf_tws(sl, pr), ph, y, LQ_EVAL_G, &ev) != LQ_OK ||
            lq_phase_atoms(d->sys, ph, y, &N, NULL) != LQ_OK || !(N > 0.0))
            return (double)NAN;
        GM = ev.G / N;
    } else if (nc <= 64 && in.n_constituents <= LQI_SLOT_BUF &&
               lq_thermo_ws_set_TP(zpf_tws(sl, pr), T, ctx->eq.P) == LQ_OK &&
               direct_GM(zpf_tws(sl, pr), &in, ph, x, nc, sl->buf, &GM)) {
        if (isnan(GM)) { /* as lq_props_phase_eval's LQ_EDOM below: floored x once more */
            double xf[64];
            lqi_x_floor(x, nc, xf);
            direct_GM(zpf_tws(sl, pr), &in, ph, xf, nc, sl->buf, &GM);
        }
        if (isnan(GM)) return (double)NAN;
    } else {
        /* the constitution minimising G at x (lq_props_phase_eval's GM; its mixing terms are not
         * needed), from the anchor's constitution once the slot has one (lqi_slot.iso_y), while
         * the anchoring evaluation records it */
        size_t w = ctx->voff[pr - ctx->prep] + v;
        double *yw = sl->iso_y + w * ctx->iso_stride;
        const double *y0 = sl->anchored && sl->iso_ok[w] ? yw : NULL;
        lq_phase_props pp;
        memset(&pp, 0, sizeof pp);
        pp.y = sl->anchored ? NULL : yw;
        lq_status st = lqi_props_phase_eval_from(sl->eq[pr->sys], ph, T, x, nc, y0, &pp);
        if (st == LQ_EDOM) {
            double xf[64];
            lqi_x_floor(x, nc, xf);
            st = lqi_props_phase_eval_from(sl->eq[pr->sys], ph, T, xf, nc, y0, &pp);
        }
        if (!sl->anchored) sl->iso_ok[w] = st == LQ_OK;
        if (st != LQ_OK) return (double)NAN;
        GM = pp.GM;
    }
    return mux - GM;
}

/* ESPEI's "disordered" vertex: on each sublattice the site fractions are the mole fractions of
 * its constituents (a sublattice holding vacancies among others gets 1.0 for each, as ESPEI's
 * broadcast of [1.0] does; a sublattice of vacancies alone gives a driving force of 0). */
static double df_disordered(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t v,
                            double T, const double *mu) {
    const lqi_sysdef *d = &ctx->sys[pr->sys];
    size_t nc = pr->stride, ph = pr->v_phase[v];
    const double *x = pr->v_x + v * nc;
    lq_phase_info in;
    lq_system_phase_info(d->sys, ph, &in);
    double *y = sl->buf;
    for (size_t s = 0; s < in.n_sublattices; s++) {
        int has_va = 0;
        size_t cnt = 0;
        double known = 0.0;
        for (size_t k = 0; k < in.n_constituents; k++)
            if (in.sublattice_of[k] == s) {
                cnt++;
                has_va |= strcasecmp(in.constituent_name[k], "VA") == 0;
            }
        if (has_va && cnt == 1) return 0.0;
        for (size_t k = 0; k < in.n_constituents; k++) {
            if (in.sublattice_of[k] != s) continue;
            y[k] = has_va ? 1.0 : (double)NAN;
            for (size_t c = 0; !has_va && c < nc; c++)
                if (strcasecmp(in.constituent_name[k], lq_system_component_name(d->sys, c)) == 0)
                    y[k] = x[c];
            if (!isnan(y[k])) known += y[k];
        }
        for (size_t k = 0; k < in.n_constituents; k++)
            if (in.sublattice_of[k] == s && isnan(y[k])) y[k] = 1.0 - known;
    }
    if (lq_thermo_ws_set_TP(zpf_tws(sl, pr), T, ctx->eq.P) != LQ_OK) return (double)NAN;
    dfctx c;
    df_init(&c, d->sys, zpf_tws(sl, pr), ph, mu);
    return df_value(&c, y);
}

/*
 * An equilibrium of this evaluation at the region's system and temperature whose phases'
 * compositions enclose x: as many phases as components (a two-phase field of a binary, a
 * three-phase triangle of a ternary) with x = sum_k a_k x_k, every a_k >= HP_INSIDE (lever rule).
 * Its hyperplane lies on or below every phase (the solver's global check accepted it, and that
 * check looks at the phases' constitutions and mu only, never at the overall composition or the
 * amounts) and touches the phases at compositions that enclose x, so the same phases and
 * constitutions with the amounts a_k are the equilibrium at x too: the state a solve at x would
 * return, to the solver's tolerance (residual 1e-12), without its Newton iterations and global
 * check. The list holds results of the current evaluation only, in the fixed order of ctx->zreg,
 * so lnprob stays a function of theta alone. NULL when none encloses x.
 */
#define HP_INSIDE 1e-4 /* far above MIN_PHASE_FRACTION: every phase counts in the hyperplane */

static const lq_eq_result *enclosing(const lqi_slot *sl, const double *x, size_t nc) {
    double M[8 * 8], a[8];
    int piv[8];
    if (nc < 2 || nc > 8) return NULL;
    for (size_t i = 0; i < sl->hp_n; i++) {
        const lq_eq_result *e = sl->warm[sl->hp_w[i]];
        for (size_t k = 0; k < nc; k++)
            for (size_t c = 0; c < nc; c++) M[c * nc + k] = e->phases[k].x[c];
        memcpy(a, x, nc * sizeof *a);
        if (lqi_lu_factor(M, nc, piv, 1e-10) != LQ_OK) continue;
        lqi_lu_solve(M, nc, piv, 0, a);
        size_t k = 0;
        while (k < nc && a[k] >= HP_INSIDE) k++;
        if (k == nc) return e;
    }
    return NULL;
}

/* Target hyperplane of region r into mu[nc]; 0, or -1 when no vertex determines it. */
static int hyperplane(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t r,
                      double *mu) {
    const lqi_sysdef *d = &ctx->sys[pr->sys];
    size_t nc = pr->stride, v0 = pr->reg_v0[r], nv = pr->reg_nv[r], cnt[64] = {0};
    int any_hyper = 0;
    for (size_t v = v0; v < v0 + nv; v++) any_hyper |= (pr->v_flag[v] & LQI_V_HYPER) != 0;
    for (size_t c = 0; c < nc; c++) mu[c] = 0.0;
    if (sl->hp_sys != pr->sys || sl->hp_T != pr->reg_T[r]) sl->hp_n = 0;
    sl->hp_sys = pr->sys;
    sl->hp_T = pr->reg_T[r];
    for (size_t v = v0; v < v0 + nv; v++) {
        if (any_hyper && !(pr->v_flag[v] & LQI_V_HYPER)) continue;
        if (pr->v_flag[v] & LQI_V_MISSING) continue;
        double x[64];
        lqi_x_floor(pr->v_x + v * nc, nc, x);
        /* inside the phase field of an equilibrium already solved here (after the anchoring
         * evaluation, which solves every vertex so that each has its own anchor): its potentials,
         * every phase counting (each holds at least HP_INSIDE) */
        const lq_eq_result *encl = sl->anchored ? enclosing(sl, x, nc) : NULL;
        if (encl) {
            for (size_t c = 0; c < nc; c++) {
                mu[c] += encl->mu[c];
                cnt[c]++;
            }
            continue;
        }
        /* warm-started from this vertex's anchor (the equilibrium at the start parameters);
         * accepted only after the solver's global check, else solved from the global sampling
         * (lqi_eq_solve_warm) */
        size_t w = ctx->voff[pr - ctx->prep] + v;
        lq_eq_result *res = sl->res[pr->sys];
        lq_status st = lqi_slot_solve(sl, pr->sys, w, pr->reg_T[r], x, nc, res);
        sl->warm_ok[w] = st == LQ_OK;
        if (st != LQ_OK) continue;
        sl->res[pr->sys] = sl->warm[w]; /* swap: the result is kept as the vertex's */
        sl->warm[w] = res;
        int all_present = res->n_phases == nc;
        for (size_t p = 0; all_present && p < res->n_phases; p++)
            all_present = res->phases[p].amount > 0.0;
        for (size_t c = 0; all_present && c < nc; c++) all_present = isfinite(res->mu[c]) != 0;
        if (all_present && sl->anchored) sl->hp_w[sl->hp_n++] = w;
        /* one stoichiometric phase leaves the potentials undetermined; phases below pycalphad's
         * MIN_PHASE_FRACTION (1e-6) do not count, as a vertex at a compound's rounded
         * composition gives that compound alone in pycalphad */
        size_t big = 0, which = 0;
        for (size_t p = 0; p < res->n_phases; p++)
            if (res->phases[p].amount > MIN_PHASE_FRACTION) big++, which = p;
        if (big == 1) {
            lq_phase_info in;
            lq_system_phase_info(d->sys, res->phases[which].phase, &in);
            if (phase_stoich(&in)) continue;
        }
        for (size_t c = 0; c < nc; c++)
            if (isfinite(res->mu[c])) {
                mu[c] += res->mu[c];
                cnt[c]++;
            }
    }
    for (size_t c = 0; c < nc; c++) {
        if (cnt[c] == 0) return -1;
        mu[c] /= (double)cnt[c];
    }
    return 0;
}

double lqi_zpf_region(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t r) {
    double sum = 0.0, mu[64];
    const lqi_sysdef *d = &ctx->sys[pr->sys];
    size_t v0 = pr->reg_v0[r], nv = pr->reg_nv[r];
    if (hyperplane(ctx, sl, pr, r, mu)) {
        for (size_t v = v0; v < v0 + nv; v++)
            if (!(pr->v_flag[v] & LQI_V_HYPER)) sum += lqi_norm_logpdf(0.0, pr->sigma);
        return sum;
    }
    for (size_t v = v0; v < v0 + nv; v++) {
        double df;
        if (pr->v_flag[v] & LQI_V_HYPER) continue;
        if (pr->v_flag[v] & LQI_V_MISSING) {
            if (lq_thermo_ws_set_TP(zpf_tws(sl, pr), pr->reg_T[r], ctx->eq.P) != LQ_OK)
                return -HUGE_VAL;
            /* the anchoring evaluation records the points' energies at the start parameters,
             * later ones start from them (a function of theta alone, as the anchors) */
            double **rec = sl->dfsave + ctx->voff[pr - ctx->prep] + v;
            df = df_max(d, zpf_tws(sl, pr), pr->v_phase[v], mu, sl->buf, sl->anchored ? *rec : NULL,
                        sl->anchored ? NULL : rec);
        } else if (pr->v_flag[v] & LQI_V_DISORDERED) {
            df = df_disordered(ctx, sl, pr, v, pr->reg_T[r], mu);
        } else {
            df = df_known(ctx, sl, pr, v, pr->reg_T[r], mu);
        }
        if (!isfinite(df)) return -HUGE_VAL;
        sum += lqi_norm_logpdf(df, pr->sigma);
    }
    return sum;
}
