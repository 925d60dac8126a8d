/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uncertainty propagation of properties: every kept MCMC sample evaluated on a (T, x) grid. */
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assess/uq_internal.h"
#include "core/core_internal.h"
#include "liquidus/units.h"

#define NONE SIZE_MAX

typedef struct pctx {
    const lq_system *sys;
    const lq_assess_uq_grid *g;
    const lq_assess_uq_prop *props;
    size_t nprop, ncomp, phase, xc, bal, n_points;
    size_t comp[64], ref[64]; /* per property: component, reference phase (NONE: stable) */
    size_t gcomp[64];         /* grid component c -> system component */
    double R;                 /* gas constant of activities, J/(mol K) */
} pctx;

static lq_status find_comp(const lq_system *sys, const char *name, size_t *c) {
    for (size_t i = 0; i < lq_system_component_count(sys); i++)
        if (strcasecmp(lq_system_component_name(sys, i), name) == 0) {
            *c = i;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

static lq_status check_grid(const lq_assess_uq_grid *g, lq_diag *diag) {
    if (!g->components || g->n_components < 2 || g->n_components > 64 || !g->T || !g->n_T ||
        !g->x || !g->n_x || !g->x_component)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "grid",
                            "components (2 to 64), T and x values are required");
    for (size_t i = 0; i < g->n_T; i++)
        if (!(g->T[i] > 0.0) || !isfinite(g->T[i]))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "T = %g K is not > 0", g->T[i]);
    double fixed = 0.0;
    size_t nbal = 0;
    for (size_t c = 0; g->x_fixed && c < g->n_components; c++) {
        if (strcasecmp(g->components[c], g->x_component) == 0) continue;
        if (isnan(g->x_fixed[c]))
            nbal++;
        else if (!(g->x_fixed[c] >= 0.0 && g->x_fixed[c] <= 1.0))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x_fixed", "x = %g outside [0, 1]",
                                g->x_fixed[c]);
        else
            fixed += g->x_fixed[c];
    }
    if (g->x_fixed ? nbal != 1 : g->n_components != 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x_fixed",
                            "exactly one balance component (NaN in x_fixed; NULL for a binary)");
    for (size_t i = 0; i < g->n_x; i++)
        if (!(g->x[i] >= 0.0 && g->x[i] + fixed <= 1.0 + 1e-12))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                "x(%s) = %g outside [0, 1 - fixed fractions]", g->x_component,
                                g->x[i]);
    return LQ_OK;
}

/* The system: the phase and the named reference phases (every phase when an activity refers to
 * the stable state, or for equilibria). */
static lq_status make_system(const lq_db *db, const lq_assess_uq_grid *g,
                             const lq_assess_uq_prop *props, size_t nprop, lq_system **sys,
                             lq_diag *diag) {
    const char *ph[65];
    size_t nph = 0;
    int all = g->phase == NULL;
    if (!all) ph[nph++] = g->phase;
    for (size_t k = 0; k < nprop && !all; k++) {
        if (props[k].kind != LQ_ASSESS_UQ_ACR) continue;
        if (!props[k].ref_phase) {
            all = 1;
            break;
        }
        int dup = 0;
        for (size_t i = 0; i < nph; i++) dup |= strcasecmp(ph[i], props[k].ref_phase) == 0;
        if (!dup) ph[nph++] = props[k].ref_phase;
    }
    return lq_system_create(db, g->components, g->n_components, all ? NULL : ph, all ? 0 : nph, sys,
                            diag);
}

static lq_status setup(pctx *c, const lq_assess_uq_grid *g, const lq_assess_uq_prop *props,
                       size_t nprop, lq_diag *diag) {
    c->g = g;
    c->props = props;
    c->nprop = nprop;
    c->ncomp = lq_system_component_count(c->sys);
    c->n_points = g->n_T * g->n_x;
    c->phase = NONE;
    if (g->phase && lq_system_phase_find(c->sys, g->phase, &c->phase) != LQ_OK)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "phase", "no phase %s", g->phase);
    for (size_t i = 0; i < g->n_components; i++)
        if (find_comp(c->sys, g->components[i], &c->gcomp[i]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "components", "no component %s",
                                g->components[i]);
    if (find_comp(c->sys, g->x_component, &c->xc) != LQ_OK)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "x_component", "%s is no component",
                            g->x_component);
    c->bal = NONE;
    for (size_t i = 0; i < g->n_components; i++)
        if (c->gcomp[i] != c->xc && (!g->x_fixed || isnan(g->x_fixed[i]))) c->bal = c->gcomp[i];
    for (size_t k = 0; k < nprop; k++) {
        const lq_assess_uq_prop *p = &props[k];
        if ((unsigned)p->kind > LQ_ASSESS_UQ_ACR)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "props", "unknown property kind");
        if (!g->phase && p->kind >= LQ_ASSESS_UQ_GM_MIX && p->kind <= LQ_ASSESS_UQ_SM_MIX)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "props",
                                "%s needs a phase (mixing properties are per phase)",
                                lqi_uq_kind_name(p->kind));
        c->ref[k] = NONE;
        if (p->kind < LQ_ASSESS_UQ_MU) continue;
        if (!p->element || find_comp(c->sys, p->element, &c->comp[k]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "props", "%s_%s: no such component",
                                lqi_uq_kind_name(p->kind), p->element ? p->element : "");
        if (p->kind == LQ_ASSESS_UQ_ACR && p->ref_phase &&
            lq_system_phase_find(c->sys, p->ref_phase, &c->ref[k]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "ref_phase", "no phase %s",
                                p->ref_phase);
    }
    return LQ_OK;
}

static void fill_x(const pctx *c, double xv, double *x) {
    double sum = 0.0;
    for (size_t i = 0; i < c->ncomp; i++) x[i] = 0.0;
    for (size_t i = 0; i < c->g->n_components; i++)
        if (c->g->x_fixed && c->gcomp[i] != c->xc && !isnan(c->g->x_fixed[i]))
            x[c->gcomp[i]] = c->g->x_fixed[i];
    x[c->xc] = xv;
    for (size_t i = 0; i < c->ncomp; i++) sum += x[i];
    x[c->bal] = sum < 1.0 ? 1.0 - sum : 0.0;
}

/* One property from the phase's properties or the equilibrium; activity a = exp((mu - G_ref)/RT)
 * against the pure component in the reference phase at T, as lq_eq_activity. */
static double prop_value(const pctx *c, size_t k, const lq_phase_props *pr, const lq_eq_result *res,
                         const double *mu, double gref, double T) {
    switch (c->props[k].kind) {
        case LQ_ASSESS_UQ_GM:
            return pr ? pr->GM : res->G;
        case LQ_ASSESS_UQ_HM:
            return pr ? pr->HM : res->H;
        case LQ_ASSESS_UQ_SM:
            return pr ? pr->SM : res->S;
        case LQ_ASSESS_UQ_CPM:
            return pr ? pr->CPM : res->Cp;
        case LQ_ASSESS_UQ_GM_MIX:
            return pr->GM_MIX;
        case LQ_ASSESS_UQ_HM_MIX:
            return pr->HM_MIX;
        case LQ_ASSESS_UQ_SM_MIX:
            return pr->SM_MIX;
        case LQ_ASSESS_UQ_MU:
            return mu[c->comp[k]];
        case LQ_ASSESS_UQ_ACR:
            return isinf(mu[c->comp[k]]) && mu[c->comp[k]] < 0.0
                       ? 0.0
                       : exp((mu[c->comp[k]] - gref) / (c->R * T));
    }
    return (double)NAN;
}

typedef struct tscratch {
    lq_eq_ws *ws;
    lq_eq_result *res;
    double *mu, *x, *gref;
} tscratch;

/* Every point for one sample; values[(k * n_points + p) * ns + s], NaN where it failed. */
/* Returns 1 when memory ran out (an error of the run, not a failure of the sample). */
static int eval_sample(const pctx *c, tscratch *t, const lqi_uq_samples *sm, size_t s,
                       double *values) {
    size_t ns = sm->n;
    int nomem = 0;
    lq_status sst = lq_eq_ws_set_symbols(t->ws, sm->sym, sm->theta + s * sm->np, sm->np);
    int ok = sst == LQ_OK;
    nomem |= sst == LQ_ENOMEM;
    for (size_t iT = 0; iT < c->g->n_T; iT++) {
        double T = c->g->T[iT];
        for (size_t k = 0; k < c->nprop; k++) {
            t->gref[k] = (double)NAN;
            if (!ok || c->props[k].kind != LQ_ASSESS_UQ_ACR) continue;
            size_t ph = 0;
            lq_status st =
                c->ref[k] == NONE
                    ? lq_eq_reference_stable(t->ws, T, c->comp[k], &ph, &t->gref[k], NULL)
                    : lq_eq_reference_G(t->ws, T, c->comp[k], c->ref[k], &t->gref[k], NULL, NULL,
                                        NULL, NULL);
            if (st != LQ_OK) t->gref[k] = (double)NAN;
        }
        for (size_t ix = 0; ix < c->g->n_x; ix++) {
            size_t p = iT * c->g->n_x + ix;
            lq_phase_props pr;
            memset(&pr, 0, sizeof pr);
            pr.mu = t->mu;
            fill_x(c, c->g->x[ix], t->x);
            lq_status st = LQ_EINVAL;
            if (ok && c->phase != NONE)
                st = lq_props_phase_eval(t->ws, c->phase, T, t->x, c->ncomp, &pr, NULL);
            else if (ok)
                st = lq_eq_solve(t->ws, T, t->x, c->ncomp, t->res, NULL);
            nomem |= st == LQ_ENOMEM;
            const double *mu = c->phase != NONE ? t->mu : (st == LQ_OK ? t->res->mu : NULL);
            for (size_t k = 0; k < c->nprop; k++) {
                double v = st == LQ_OK ? prop_value(c, k, c->phase != NONE ? &pr : NULL, t->res, mu,
                                                    t->gref[k], T)
                                       : (double)NAN;
                values[(k * c->n_points + p) * ns + s] = isfinite(v) ? v : (double)NAN;
            }
        }
    }
    return nomem;
}

static void scratch_free(tscratch *t, int nt) {
    for (int i = 0; t && i < nt; i++) {
        lq_eq_ws_free(t[i].ws);
        lq_eq_result_free(t[i].res);
        lqi_free(t[i].mu);
        lqi_free(t[i].x);
        lqi_free(t[i].gref);
    }
    lqi_free(t);
}

static lq_status scratch_alloc(const pctx *c, const lq_assess_uq_options *opt, int nt,
                               tscratch **out, lq_diag *diag) {
    tscratch *t = lqi_calloc((size_t)nt, sizeof *t);
    if (!t) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    for (int i = 0; i < nt && st == LQ_OK; i++) {
        st = lq_eq_ws_alloc(c->sys, &opt->eq, &t[i].ws, diag);
        if (st == LQ_OK && opt->gas_constant != 0.0)
            st = lq_eq_ws_set_gas_constant(t[i].ws, opt->gas_constant);
        if (st == LQ_OK) st = lq_eq_result_alloc(t[i].ws, &t[i].res);
        t[i].mu = lqi_malloc(c->ncomp * sizeof *t[i].mu);
        t[i].x = lqi_malloc(c->ncomp * sizeof *t[i].x);
        t[i].gref = lqi_malloc((c->nprop ? c->nprop : 1) * sizeof *t[i].gref);
        if (st == LQ_OK && (!t[i].mu || !t[i].x || !t[i].gref)) st = LQ_ENOMEM;
    }
    if (st != LQ_OK) {
        scratch_free(t, nt);
        return st;
    }
    *out = t;
    return LQ_OK;
}

static lq_status result_make(const pctx *c, const lqi_uq_samples *sm,
                             const lq_assess_uq_options *opt, double *values,
                             lq_assess_uq_result **out) {
    lq_assess_uq_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    size_t np = c->n_points, nq = opt->n_quantiles, ns = sm->n;
    r->n_samples = ns;
    r->n_walkers_kept = sm->n_walkers;
    r->n_walkers_dropped = sm->n_dropped;
    r->n_iterations_filled = sm->n_filled;
    r->first_iteration = sm->first;
    r->n_iterations_kept = sm->n_iter;
    r->n_quantiles = nq;
    memcpy(r->quantiles, opt->quantiles, sizeof r->quantiles);
    r->n_T = c->g->n_T;
    r->n_x = c->g->n_x;
    r->n_points = np;
    r->symbols = lqi_calloc(sm->np ? sm->np : 1, sizeof *r->symbols);
    r->prop_names = lqi_calloc(c->nprop, sizeof *r->prop_names);
    r->prop_units = lqi_calloc(c->nprop, sizeof *r->prop_units);
    r->ref_phases = lqi_calloc(c->nprop, sizeof *r->ref_phases);
    r->T = lqi_malloc(r->n_T * sizeof *r->T);
    r->x = lqi_malloc(r->n_x * sizeof *r->x);
    r->x_component = lqi_strdup(lq_system_component_name(c->sys, c->xc));
    r->band = lqi_malloc(c->nprop * np * nq * sizeof *r->band);
    r->n_failed = lqi_calloc(c->nprop * np, sizeof *r->n_failed);
    if (r->symbols) r->n_params = sm->np;
    if (r->prop_names && r->prop_units && r->ref_phases) r->n_props = c->nprop;
    int bad =
        !r->symbols || !r->n_props || !r->T || !r->x || !r->x_component || !r->band || !r->n_failed;
    for (size_t i = 0; !bad && i < sm->np; i++) bad = !(r->symbols[i] = lqi_strdup(sm->symbols[i]));
    for (size_t k = 0; !bad && k < c->nprop; k++) {
        char nm[96];
        const lq_assess_uq_prop *p = &c->props[k];
        if (p->kind >= LQ_ASSESS_UQ_MU)
            snprintf(nm, sizeof nm, "%s_%s", lqi_uq_kind_name(p->kind),
                     lq_system_component_name(c->sys, c->comp[k]));
        else
            snprintf(nm, sizeof nm, "%s", lqi_uq_kind_name(p->kind));
        bad = !(r->prop_names[k] = lqi_strdup(nm)) ||
              !(r->prop_units[k] = lqi_strdup(lqi_uq_kind_unit(p->kind))) ||
              (p->kind == LQ_ASSESS_UQ_ACR &&
               !(r->ref_phases[k] = lqi_strdup(p->ref_phase ? p->ref_phase : "stable")));
    }
    if (bad) {
        lq_assess_uq_result_free(r);
        return LQ_ENOMEM;
    }
    memcpy(r->T, c->g->T, r->n_T * sizeof *r->T);
    memcpy(r->x, c->g->x, r->n_x * sizeof *r->x);
    for (size_t kp = 0; kp < c->nprop * np; kp++) {
        double *v = values + kp * ns;
        size_t n = 0;
        for (size_t s = 0; s < ns; s++)
            if (!isnan(v[s])) v[n++] = v[s];
        r->n_failed[kp] = ns - n;
        lqi_uq_quantiles(v, n, opt->quantiles, nq, r->band + kp * nq);
    }
    *out = r;
    return LQ_OK;
}

static lq_status run(pctx *c, const lqi_uq_samples *sm, const lq_assess_uq_options *opt,
                     lq_assess_uq_result **out, lq_diag *diag) {
    lq_status st =
        lq_system_symbols_find(c->sys, (const char *const *)sm->symbols, sm->np, sm->sym);
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, "symbols",
                            "a symbol of the trace is no FUNCTION of the database");
    int nt = lqi_uq_threads(opt, sm->n);
    tscratch *t = NULL;
    st = scratch_alloc(c, opt, nt, &t, diag);
    if (st != LQ_OK) return st;
    double *values = lqi_malloc(c->nprop * c->n_points * sm->n * sizeof *values);
    if (!values) {
        scratch_free(t, nt);
        return LQ_ENOMEM;
    }
    /* each sample writes only its own slots, so any schedule gives the same values */
    int nomem = 0;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) reduction(| : nomem)
    for (size_t s = 0; s < sm->n; s++)
        nomem |= eval_sample(c, &t[omp_get_thread_num()], sm, s, values);
    scratch_free(t, nt);
    st = nomem ? LQ_ENOMEM : result_make(c, sm, opt, values, out);
    lqi_free(values);
    return st;
}

lq_status lq_assess_uq_props(const lq_db *db, const lq_assess_trace *tr,
                             const lq_assess_uq_prop *props, size_t n_props,
                             const lq_assess_uq_grid *grid, const lq_assess_uq_options *opt,
                             lq_assess_uq_result **out, lq_diag *diag) {
    if (!db || !tr || !props || !n_props || n_props > 64 || !grid || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "database, trace, 1 to 64 properties, grid and result are required");
    lq_assess_uq_options def;
    if (!opt) {
        lq_assess_uq_options_default(&def);
        opt = &def;
    }
    lq_status st = lqi_uq_options_check(opt, diag);
    if (st == LQ_OK) st = check_grid(grid, diag);
    if (st != LQ_OK) return st;
    pctx c;
    memset(&c, 0, sizeof c);
    lq_system *sys = NULL;
    st = make_system(db, grid, props, n_props, &sys, diag);
    if (st != LQ_OK) return st;
    c.sys = sys;
    c.R = opt->gas_constant != 0.0 ? opt->gas_constant : LQ_GAS_CONSTANT_J_PER_MOL_K;
    lqi_uq_samples sm;
    memset(&sm, 0, sizeof sm);
    st = setup(&c, grid, props, n_props, diag);
    if (st == LQ_OK) st = lqi_uq_samples_make(db, tr, opt, &sm, diag);
    if (st == LQ_OK) st = run(&c, &sm, opt, out, diag);
    lqi_uq_samples_free(&sm);
    lq_system_free(sys);
    return st;
}
