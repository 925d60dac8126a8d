/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Phase-boundary (ZPF) likelihood: driving forces of the vertices to the target hyperplane. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
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
 *     - unknown composition: max over the phase's constitutions of mu . x(y) - GM(y). ESPEI takes
 *       the maximum over pycalphad's sampled points (pdens = 50); liquidus refines the best of its
 *       sampled points by Newton iterations, the value the sampling tends to;
 *     - "disordered" vertices: site fractions equal to the mole fractions on every sublattice.
 *  3. ln N(df; 0, 1000 J/mol / data_weight[ZPF] / dataset weight) for each vertex; a non-finite
 *     driving force makes the likelihood -inf.
 * Stoichiometric phases at a known composition use their only constitution (ESPEI's
 * IsolatedPhase requires the composition to be the phase's own).
 */

static int phase_stoich(const lq_phase_info *in) { return in->n_constituents == in->n_sublattices; }

/* ---------------------------------------------------------------- start points per phase */

/* Values of the first constituent on a sublattice of two: a grid plus points towards each end. */
static const double grid2[] = {1e-9, 1e-6, 1e-4, 1e-3,     1e-2,     0.03,     0.06,    0.1,
                               0.15, 0.2,  0.25, 0.3,      0.35,     0.4,      0.45,    0.5,
                               0.55, 0.6,  0.65, 0.7,      0.75,     0.8,      0.85,    0.9,
                               0.94, 0.97, 0.99, 1 - 1e-3, 1 - 1e-4, 1 - 1e-6, 1 - 1e-9};
#define NGRID2 (sizeof grid2 / sizeof grid2[0])
#define GRIDM 4 /* divisions of the simplex grid on a sublattice of three or more */

/* Points of sublattice s: writes them (m values each) into out (capacity cap points). */
static size_t subl_points(size_t m, double *out, size_t cap) {
    if (m == 1) {
        out[0] = 1.0;
        return 1;
    }
    if (m == 2) {
        size_t n = 0;
        for (size_t i = 0; i < NGRID2 && n < cap; i++, n++) {
            out[2 * n] = grid2[i];
            out[2 * n + 1] = 1.0 - grid2[i];
        }
        return n;
    }
    /* simplex lattice with denominator GRIDM, zeros lifted to 1e-6 and renormalised */
    size_t n = 0, c[64] = {0};
    if (m > 64) return 0;
    c[0] = GRIDM;
    for (;;) {
        if (n < cap) {
            double s = 0.0;
            for (size_t j = 0; j < m; j++)
                s += (out[n * m + j] = c[j] ? (double)c[j] / GRIDM : 1e-6);
            for (size_t j = 0; j < m; j++) out[n * m + j] /= s;
            n++;
        }
        /* next composition of GRIDM into m parts (reverse lexicographic) */
        size_t j = m - 1;
        while (j > 0 && c[j - 1] == 0) j--;
        if (j == 0) break;
        size_t last = c[m - 1];
        c[m - 1] = 0;
        c[j - 1]--;
        c[j] = last + 1;
    }
    return n;
}

static lq_status phase_samples(lqi_sysdef *d, size_t phase) {
    if (!d->samp) {
        d->nphase = lq_system_phase_count(d->sys);
        d->samp = lqi_calloc(d->nphase, sizeof *d->samp);
        d->nsamp = lqi_calloc(d->nphase, sizeof *d->nsamp);
        if (!d->samp || !d->nsamp) return LQ_ENOMEM;
    }
    if (d->samp[phase]) return LQ_OK;
    lq_phase_info in;
    lq_system_phase_info(d->sys, phase, &in);
    size_t ns = in.n_sublattices, cnt[LQI_TDB_MAX_SUBL], first[LQI_TDB_MAX_SUBL];
    double *pts[LQI_TDB_MAX_SUBL];
    size_t npts[LQI_TDB_MAX_SUBL], total = 1;
    for (size_t s = 0; s < ns; s++) cnt[s] = 0;
    for (size_t k = in.n_constituents; k-- > 0;) {
        cnt[in.sublattice_of[k]]++;
        first[in.sublattice_of[k]] = k;
    }
    lq_status st = LQ_OK;
    for (size_t s = 0; s < ns; s++) pts[s] = NULL;
    for (size_t s = 0; s < ns && st == LQ_OK; s++) {
        size_t cap = cnt[s] == 2 ? NGRID2 : 2048;
        pts[s] = lqi_malloc_array(cap * cnt[s], sizeof(double));
        if (!pts[s])
            st = LQ_ENOMEM;
        else
            npts[s] = subl_points(cnt[s], pts[s], cap);
        total *= pts[s] ? npts[s] : 1;
        if (total > 100000) st = LQ_EUNSUPPORTED;
    }
    if (st == LQ_OK) {
        d->samp[phase] = lqi_malloc_array(total * in.n_constituents, sizeof(double));
        if (!d->samp[phase]) st = LQ_ENOMEM;
    }
    for (size_t i = 0; st == LQ_OK && i < total; i++) {
        size_t r = i;
        double *y = d->samp[phase] + i * in.n_constituents;
        for (size_t s = 0; s < ns; s++) {
            size_t j = r % npts[s];
            r /= npts[s];
            memcpy(y + first[s], pts[s] + j * cnt[s], cnt[s] * sizeof *y);
        }
    }
    if (st == LQ_OK) d->nsamp[phase] = total;
    for (size_t s = 0; s < ns; s++) lqi_free(pts[s]);
    return st;
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

/* mu . x(y) - GM(y) per mole of atoms at y (NaN on failure); phi = G - (w - t v) . y. */
static double df_value(const dfctx *c, const double *y, double t, double *phi) {
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    if (lq_phase_evaluate(c->tws, c->phase, y, LQ_EVAL_G, &ev) != LQ_OK) return (double)NAN;
    double A = -ev.G, N = 0.0;
    for (size_t k = 0; k < c->in.n_constituents; k++) {
        A += c->w[k] * y[k];
        N += c->v[k] * y[k];
    }
    if (phi) *phi = t * N - A;
    return N > 0.0 ? A / N : (double)NAN;
}

/*
 * Minimises phi(y) = G(y) - (w - t v) . y over the site fractions (each sublattice summing to 1)
 * by Newton iterations in the independent fractions (the last constituent of each sublattice
 * depends), with steps kept inside y > 0 and halved until phi decreases. Stops when a step no
 * longer lowers phi or is below 1e-12; y holds the best point found.
 */
static void df_newton(const dfctx *c, double *y, double t, double *buf) {
    size_t n = c->in.n_constituents, fv[MAXC], dep[MAXC], m = 0;
    double *g = buf, *H = g + n, *Hr = H + n * n, *gr = Hr + MAXC * MAXC, *yn = gr + MAXC,
           *dy = yn + n;
    for (size_t k = 0; k < n; k++) {
        size_t s = c->in.sublattice_of[k], last = k;
        for (size_t j = k + 1; j < n; j++)
            if (c->in.sublattice_of[j] == s) last = j;
        if (last != k) {
            dep[m] = last;
            fv[m++] = k;
        }
    }
    if (m == 0) return;
    double phi;
    if (isnan(df_value(c, y, t, &phi))) return;
    for (int it = 0; it < 60; it++) {
        lq_phase_eval ev;
        memset(&ev, 0, sizeof ev);
        ev.dG_dy = g;
        ev.d2G_dy2 = H;
        if (lq_phase_evaluate(c->tws, c->phase, y, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DY2, &ev) !=
            LQ_OK)
            return;
        for (size_t k = 0; k < n; k++) g[k] -= c->w[k] - t * c->v[k];
        for (size_t i = 0; i < m; i++) {
            gr[i] = -(g[fv[i]] - g[dep[i]]);
            for (size_t j = 0; j < m; j++)
                Hr[i * m + j] = H[fv[i] * n + fv[j]] - H[fv[i] * n + dep[j]] -
                                H[dep[i] * n + fv[j]] + H[dep[i] * n + dep[j]];
        }
        double g0[MAXC];
        memcpy(g0, gr, m * sizeof *g0);
        if (lqi_linsolve(Hr, m, gr, 1) != LQ_OK) return;
        double slope = 0.0;
        for (size_t i = 0; i < m; i++) slope -= g0[i] * gr[i];
        if (!(slope < 0.0)) return; /* not a descent direction: phi is not convex here */
        memset(dy, 0, n * sizeof *dy);
        for (size_t i = 0; i < m; i++) {
            dy[fv[i]] += gr[i];
            dy[dep[i]] -= gr[i];
        }
        double alpha = 1.0, step = 0.0;
        for (size_t k = 0; k < n; k++)
            if (dy[k] < 0.0 && y[k] + alpha * dy[k] <= 0.0) alpha = 0.9 * y[k] / -dy[k];
        int done = 0;
        for (int ls = 0; ls < 40 && !done; ls++, alpha *= 0.5) {
            for (size_t k = 0; k < n; k++) yn[k] = y[k] + alpha * dy[k];
            double pn;
            if (!isnan(df_value(c, yn, t, &pn)) && pn <= phi + 1e-4 * alpha * slope) {
                for (size_t k = 0; k < n; k++) step = fmax(step, fabs(yn[k] - y[k]));
                memcpy(y, yn, n * sizeof *y);
                phi = pn;
                done = 1;
            }
        }
        if (!done || step < 1e-12) return;
    }
}

/* Largest mu . x - GM over the constitutions of the phase (Dinkelbach's method on the ratio
 * (mu . n(y) - G(y)) / N(y), each subproblem by df_newton from the best sampled point). */
static double df_max(const lqi_sysdef *d, lq_thermo_ws *tws, size_t phase, const double *mu,
                     double *buf) {
    dfctx c;
    df_init(&c, d->sys, tws, phase, mu);
    size_t n = c.in.n_constituents;
    if (n > MAXC || !d->samp || !d->samp[phase]) return (double)NAN;
    double *y = buf, *work = buf + n, best = -HUGE_VAL;
    const double *s = d->samp[phase];
    for (size_t i = 0; i < d->nsamp[phase]; i++) {
        double v = df_value(&c, s + i * n, 0.0, NULL);
        if (v > best) {
            best = v;
            memcpy(y, s + i * n, n * sizeof *y);
        }
    }
    if (!(best > -HUGE_VAL)) return (double)NAN;
    double t = best;
    for (int outer = 0; outer < 20; outer++) {
        df_newton(&c, y, t, work);
        double v = df_value(&c, y, 0.0, NULL);
        if (!(v >= t)) break; /* no improvement (Newton kept the start or failed) */
        double change = v - t;
        t = v;
        if (change < 1e-9) break;
    }
    return t;
}

/* Driving force of a vertex of known composition. */
static double df_known(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t v,
                       double T, const double *mu) {
    (void)ctx;
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
        if (lq_thermo_ws_set_TP(sl->tws[pr->sys], T, ctx->eq.P) != LQ_OK ||
            lq_phase_evaluate(sl->tws[pr->sys], ph, y, LQ_EVAL_G, &ev) != LQ_OK ||
            lq_phase_atoms(d->sys, ph, y, &N, NULL) != LQ_OK || !(N > 0.0))
            return (double)NAN;
        GM = ev.G / N;
    } else {
        lq_phase_props pp;
        memset(&pp, 0, sizeof pp);
        lq_status st = lq_props_phase_eval(sl->eq[pr->sys], ph, T, x, nc, &pp, NULL);
        if (st == LQ_EDOM) {
            double xf[64];
            lqi_x_floor(x, nc, xf);
            st = lq_props_phase_eval(sl->eq[pr->sys], ph, T, xf, nc, &pp, NULL);
        }
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
    if (lq_thermo_ws_set_TP(sl->tws[pr->sys], T, ctx->eq.P) != LQ_OK) return (double)NAN;
    dfctx c;
    df_init(&c, d->sys, sl->tws[pr->sys], ph, mu);
    return df_value(&c, y, 0.0, NULL);
}

/* Target hyperplane of region r into mu[nc]; 0, or -1 when no vertex determines it. */
static int hyperplane(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr, size_t r,
                      double *mu) {
    const lqi_sysdef *d = &ctx->sys[pr->sys];
    size_t nc = pr->stride, v0 = pr->reg_v0[r], nv = pr->reg_nv[r], cnt[64] = {0};
    int any_hyper = 0;
    for (size_t v = v0; v < v0 + nv; v++) any_hyper |= (pr->v_flag[v] & LQI_V_HYPER) != 0;
    for (size_t c = 0; c < nc; c++) mu[c] = 0.0;
    lq_eq_result *res = sl->res[pr->sys];
    for (size_t v = v0; v < v0 + nv; v++) {
        if (any_hyper && !(pr->v_flag[v] & LQI_V_HYPER)) continue;
        if (pr->v_flag[v] & LQI_V_MISSING) continue;
        double x[64];
        lqi_x_floor(pr->v_x + v * nc, nc, x);
        if (lq_eq_solve(sl->eq[pr->sys], pr->reg_T[r], x, nc, res, NULL) != LQ_OK) continue;
        if (res->n_phases == 1) {
            lq_phase_info in;
            lq_system_phase_info(d->sys, res->phases[0].phase, &in);
            if (phase_stoich(&in)) continue; /* potentials undetermined */
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

double lqi_zpf_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr) {
    double sum = 0.0, mu[64];
    const lqi_sysdef *d = &ctx->sys[pr->sys];
    for (size_t r = 0; r < pr->nreg; r++) {
        size_t v0 = pr->reg_v0[r], nv = pr->reg_nv[r];
        if (hyperplane(ctx, sl, pr, r, mu)) {
            for (size_t v = v0; v < v0 + nv; v++)
                if (!(pr->v_flag[v] & LQI_V_HYPER)) sum += lqi_norm_logpdf(0.0, pr->sigma);
            continue;
        }
        for (size_t v = v0; v < v0 + nv; v++) {
            double df;
            if (pr->v_flag[v] & LQI_V_HYPER) continue;
            if (pr->v_flag[v] & LQI_V_MISSING) {
                if (lq_thermo_ws_set_TP(sl->tws[pr->sys], pr->reg_T[r], ctx->eq.P) != LQ_OK)
                    return -HUGE_VAL;
                df = df_max(d, sl->tws[pr->sys], pr->v_phase[v], mu, sl->buf);
            } else if (pr->v_flag[v] & LQI_V_DISORDERED) {
                df = df_disordered(ctx, sl, pr, v, pr->reg_T[r], mu);
            } else {
                df = df_known(ctx, sl, pr, v, pr->reg_T[r], mu);
            }
            if (!isfinite(df)) return -HUGE_VAL;
            sum += lqi_norm_logpdf(df, pr->sigma);
        }
    }
    return sum;
}
