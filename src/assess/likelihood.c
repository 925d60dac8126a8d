/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Log-probability of an assessment: context, per-thread workspaces, prior + likelihood sums. */
#include <ctype.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

/*
 * ESPEI 0.9.1, espei/optimizers/opt_mcmc.py (predict): lnprob = sum of the parameters' ln priors
 * + the likelihood of each residual function registered in espei/error_functions (non-equilibrium
 * thermochemical, equilibrium thermochemical, activity, ZPF). When the prior is -inf the
 * likelihoods are not evaluated. Each likelihood is a sum of scipy.stats.norm.logpdf terms.
 */

double lqi_norm_logpdf(double r, double s) {
    double u = r / s;
    return -0.5 * u * u - log(s) - 0.5 * log(2.0 * LQ_PI);
}

void lq_assess_lnprob_options_default(lq_assess_lnprob_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->weight_zpf = opt->weight_acr = opt->weight_hm = opt->weight_sm = opt->weight_cpm = 1.0;
    opt->weight_emf = 1.0;
    opt->gas_constant = LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K;
    lq_eq_options_default(&opt->eq);
    /* 500 sampled constitutions per phase rather than the solver's 3000: the Cu-Mg
     * log-probabilities of 30 proposals agree to 1e-11 with either (docs/assess-lnprob.md), and
     * sampling dominates the cost of an evaluation */
    opt->eq.max_samples = 500;
    /* Newton to scaled residuals of LQ_ASSESS_EQ_TOL rather than the solver's 1e-12: a residual
     * row is an energy / RT (or a mole-fraction balance), so 1e-8 leaves the equations within
     * 1e-8 RT (1e-4 J/mol at 1200 K), the potentials within about 1e-3 J/mol, far below the
     * data's J/mol to kJ/mol errors; the Cu-Mg log-probability moves by at most 1e-5 over 120
     * proposals, and a warm solve needs one chord step fewer (docs/assess-lnprob.md, "Cost") */
    opt->eq.tol = LQ_ASSESS_EQ_TOL;
}

const lq_dataset_cond *lqi_ds_cond(const lq_dataset *ds, const char *name) {
    for (size_t i = 0; i < ds->n_conds; i++)
        if (ds->conds[i].name && strcasecmp(ds->conds[i].name, name) == 0) return &ds->conds[i];
    return NULL;
}

static void free_strs(char **s, size_t n) {
    if (!s) return;
    for (size_t i = 0; i < n; i++) lqi_free(s[i]);
    lqi_free(s);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ESPEI's database_symbols_to_fit: names matching ^V[V]?[0-9]+$. */
static int is_fit_symbol(const char *s) {
    if (s[0] != 'V') return 0;
    s += s[1] == 'V' ? 2 : 1;
    if (!*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static lq_status ctx_params(lq_assess_ctx *ctx, const lq_db *db, const char *const *params,
                            size_t n, lq_diag *diag) {
    size_t cnt = 0;
    if (!params)
        for (size_t f = 0; f < db->pool.nfunc; f++)
            cnt += (size_t)is_fit_symbol(db->pool.func[f].name);
    else
        cnt = n;
    ctx->pname = lqi_calloc(cnt ? cnt : 1, sizeof *ctx->pname);
    ctx->start = lqi_calloc(cnt ? cnt : 1, sizeof *ctx->start);
    ctx->prior = lqi_calloc(cnt ? cnt : 1, sizeof *ctx->prior);
    ctx->anchor_at = lqi_calloc(cnt ? cnt : 1, sizeof *ctx->anchor_at);
    if (!ctx->pname || !ctx->start || !ctx->prior || !ctx->anchor_at) return LQ_ENOMEM;
    ctx->np = cnt; /* names are NULL until copied, so a failure frees what was copied */
    size_t k = 0;
    for (size_t f = 0; !params && f < db->pool.nfunc; f++)
        if (is_fit_symbol(db->pool.func[f].name) &&
            !(ctx->pname[k++] = lqi_strdup(db->pool.func[f].name)))
            return LQ_ENOMEM;
    for (size_t i = 0; params && i < n; i++)
        if (!params[i] || !(ctx->pname[k++] = lqi_strdup(params[i])))
            return params[i] ? LQ_ENOMEM : LQ_EINVAL;
    qsort(ctx->pname, cnt, sizeof *ctx->pname, cmp_str);
    for (size_t i = 0; i < cnt; i++) {
        /* ESPEI's start: the first piece of the symbol (unpack_piecewise), a constant */
        lq_status st =
            lq_db_function_eval(db, ctx->pname[i], 298.15, 101325.0, &ctx->start[i], NULL);
        if (st != LQ_OK)
            return lqi_diag_set(diag, st == LQ_ENOTFOUND ? LQ_ENOTFOUND : st, NULL, 0, "symbols",
                                "parameter %s is no FUNCTION of the database", ctx->pname[i]);
    }
    memcpy(ctx->anchor_at, ctx->start, cnt * sizeof *ctx->anchor_at);
    return LQ_OK;
}

static int has_comp(char *const *list, size_t n, const char *c) {
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(list[i], c) == 0) return 1;
    return 0;
}

static lq_status add_comp(lq_assess_ctx *ctx, const lq_db *db, const char *c, int strict,
                          lq_diag *diag) {
    if (strcasecmp(c, "VA") == 0 || has_comp(ctx->comp, ctx->ncomp, c)) return LQ_OK;
    int e = lqi_thermo_find_element(db, c);
    if (e < 0)
        return strict ? lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "components",
                                     "component %s is no element of the database", c)
                      : LQ_OK;
    char **nc = lqi_realloc(ctx->comp, (ctx->ncomp + 1) * sizeof *nc);
    char(*ns)[64] = lqi_realloc(ctx->ser, (ctx->ncomp + 1) * sizeof *ns);
    if (nc) ctx->comp = nc;
    if (ns) ctx->ser = ns;
    if (!nc || !ns || !(ctx->comp[ctx->ncomp] = lqi_strdup(db->el[e].name))) return LQ_ENOMEM;
    snprintf(ctx->ser[ctx->ncomp], sizeof ctx->ser[0], "%s", db->el[e].ref_phase);
    ctx->ncomp++;
    return LQ_OK;
}

static lq_status ctx_components(lq_assess_ctx *ctx, const lq_db *db,
                                const lq_assess_lnprob_options *opt, lq_diag *diag) {
    lq_status st = LQ_OK;
    if (opt->components) {
        for (size_t i = 0; i < opt->n_components && st == LQ_OK; i++)
            st = opt->components[i] ? add_comp(ctx, db, opt->components[i], 1, diag) : LQ_EINVAL;
    } else {
        for (size_t d = 0; d < ctx->ndata && st == LQ_OK; d++)
            for (size_t i = 0; i < ctx->data->ds[d]->n_components && st == LQ_OK; i++)
                st = add_comp(ctx, db, ctx->data->ds[d]->components[i], 0, diag);
    }
    if (st != LQ_OK) return st;
    if (ctx->ncomp == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "components", "no active component");
    /* sorted as ESPEI sorts the components; the reference phases follow */
    for (size_t i = 1; i < ctx->ncomp; i++)
        for (size_t j = i; j > 0 && strcmp(ctx->comp[j - 1], ctx->comp[j]) > 0; j--) {
            char *t = ctx->comp[j];
            ctx->comp[j] = ctx->comp[j - 1];
            ctx->comp[j - 1] = t;
            char ts[64];
            memcpy(ts, ctx->ser[j], sizeof ts);
            memcpy(ctx->ser[j], ctx->ser[j - 1], sizeof ts);
            memcpy(ctx->ser[j - 1], ts, sizeof ts);
        }
    return LQ_OK;
}

lq_status lqi_ctx_system(lq_assess_ctx *ctx, const lq_db *db, char *const *comp, size_t ncomp,
                         char *const *ph, size_t nph, size_t *index, lq_diag *diag) {
    for (size_t s = 0; s < ctx->nsys; s++) {
        const lqi_sysdef *d = &ctx->sys[s];
        if (d->ncomp != ncomp || d->nph != nph) continue;
        int same = 1;
        for (size_t i = 0; i < ncomp && same; i++) same = strcmp(d->comp[i], comp[i]) == 0;
        for (size_t i = 0; i < nph && same; i++) same = strcasecmp(d->ph[i], ph[i]) == 0;
        if (same) {
            *index = s;
            return LQ_OK;
        }
    }
    if (lqi_thermo_grow((void **)&ctx->sys, &ctx->cap_sys, ctx->nsys, sizeof *ctx->sys))
        return LQ_ENOMEM;
    lqi_sysdef *d = &ctx->sys[ctx->nsys];
    memset(d, 0, sizeof *d);
    d->comp = lqi_calloc(ncomp ? ncomp : 1, sizeof *d->comp);
    d->ph = lqi_calloc(nph ? nph : 1, sizeof *d->ph);
    d->sym = lqi_calloc(ctx->np ? ctx->np : 1, sizeof *d->sym);
    ctx->nsys++; /* owned from here on, freed with the context */
    if (!d->comp || !d->ph || !d->sym) return LQ_ENOMEM;
    for (size_t i = 0; i < ncomp; i++, d->ncomp++)
        if (!(d->comp[i] = lqi_strdup(comp[i]))) return LQ_ENOMEM;
    for (size_t i = 0; i < nph; i++, d->nph++)
        if (!(d->ph[i] = lqi_strdup(ph[i]))) return LQ_ENOMEM;
    lq_status st = lq_system_create(db, (const char *const *)d->comp, ncomp,
                                    nph ? (const char *const *)d->ph : NULL, nph, &d->sys, diag);
    if (st != LQ_OK) return st;
    st = lq_system_symbols_find(d->sys, (const char *const *)ctx->pname, ctx->np, d->sym);
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, "symbols", "a parameter is missing from the system");
    *index = ctx->nsys - 1;
    return LQ_OK;
}

static void prep_free(lqi_prep *p) {
    lqi_free(p->T);
    lqi_free(p->val);
    lqi_free(p->aux);
    lqi_free(p->ref_x);
    lqi_free(p->rs_phase);
    lqi_free(p->rs_T);
    lqi_free(p->reg_T);
    lqi_free(p->reg_v0);
    lqi_free(p->reg_nv);
    lqi_free(p->v_phase);
    lqi_free(p->v_flag);
    lqi_free(p->v_x);
}

static void slot_free(lqi_slot *sl, size_t nsys, size_t nvert, size_t nzreg) {
    for (size_t k = 0; sl->zsave && k < nzreg; k++) lqi_free(sl->zsave[k]);
    lqi_free(sl->zsave);
    for (size_t s = 0; s < nsys; s++) {
        if (sl->eq) lq_eq_ws_free(sl->eq[s]);
        if (sl->tws) lq_thermo_ws_free(sl->tws[s]);
        if (sl->res) lq_eq_result_free(sl->res[s]);
    }
    lqi_free(sl->eq);
    lqi_free(sl->tws);
    lqi_free(sl->res);
    lqi_free(sl->buf);
    lqi_free(sl->dsum);
    lqi_free(sl->dv);
    lqi_free(sl->rv);
    for (size_t v = 0; sl->warm && v < nvert; v++) lq_eq_result_free(sl->warm[v]);
    for (size_t v = 0; sl->anchor && v < nvert; v++) lq_eq_result_free(sl->anchor[v]);
    lqi_free(sl->warm);
    lqi_free(sl->warm_ok);
    lqi_free(sl->anchor);
    lqi_free(sl->anchor_ok);
    for (size_t v = 0; sl->anchor_lu && v < nvert; v++) lqi_eq_lu_free(sl->anchor_lu[v]);
    lqi_free(sl->anchor_lu);
    lqi_free(sl->iso_y);
    lqi_free(sl->iso_ok);
    lqi_free(sl->hp_w);
    for (size_t v = 0; sl->dfsave && v < nvert; v++) lqi_free(sl->dfsave[v]);
    lqi_free(sl->dfsave);
}

void lq_assess_ctx_free(lq_assess_ctx *ctx) {
    if (!ctx) return;
    for (size_t i = 0; ctx->slot && i < ctx->nslot; i++)
        slot_free(&ctx->slot[i], ctx->nsys, ctx->nvert, ctx->nzreg);
    lqi_free(ctx->slot);
    for (size_t s = 0; s < ctx->nsys; s++) {
        lq_system_free(ctx->sys[s].sys);
        free_strs(ctx->sys[s].comp, ctx->sys[s].ncomp);
        free_strs(ctx->sys[s].ph, ctx->sys[s].nph);
        lqi_free(ctx->sys[s].sym);
        for (size_t p = 0; ctx->sys[s].samp && p < ctx->sys[s].nphase; p++)
            lqi_free(ctx->sys[s].samp[p]);
        for (size_t p = 0; ctx->sys[s].tab && p < ctx->sys[s].nphase; p++)
            lqi_free(ctx->sys[s].tab[p]);
        for (size_t p = 0; ctx->sys[s].pmol && p < ctx->sys[s].nphase; p++)
            lqi_free(ctx->sys[s].pmol[p]);
        lqi_free(ctx->sys[s].pmol);
        for (size_t p = 0; ctx->sys[s].cmax && p < ctx->sys[s].nphase; p++)
            lqi_free(ctx->sys[s].cmax[p]);
        lqi_free(ctx->sys[s].cmax);
        lqi_free(ctx->sys[s].samp);
        lqi_free(ctx->sys[s].nsamp);
        lqi_free(ctx->sys[s].tab);
        lqi_free(ctx->sys[s].tablen);
    }
    lqi_free(ctx->sys);
    for (size_t d = 0; ctx->prep && d < ctx->ndata; d++) prep_free(&ctx->prep[d]);
    lqi_free(ctx->prep);
    lqi_free(ctx->zreg);
    lqi_free(ctx->gstart);
    lqi_free(ctx->voff);
    free_strs(ctx->pname, ctx->np);
    lqi_free(ctx->start);
    lqi_free(ctx->anchor_at);
    lqi_free(ctx->prior);
    free_strs(ctx->comp, ctx->ncomp);
    lqi_free(ctx->ser);
    lqi_free(ctx);
}

/* One equilibrium result per ZPF vertex and activity point (ctx->voff), with its "ok" flags. */
static lq_status results_alloc(const lq_assess_ctx *ctx, lqi_slot *sl, lq_eq_result ***out,
                               unsigned char **ok) {
    lq_eq_result **r = lqi_calloc(ctx->nvert ? ctx->nvert : 1, sizeof *r);
    *out = r;
    *ok = lqi_calloc(ctx->nvert ? ctx->nvert : 1, sizeof **ok);
    if (!r || !*ok) return LQ_ENOMEM;
    for (size_t d = 0; d < ctx->ndata; d++) {
        const lqi_prep *pr = &ctx->prep[d];
        if (pr->kind == LQ_LNPROB_ACR) /* the reference state, then the points */
            for (size_t v = 0; v <= pr->npts; v++) {
                lq_status st =
                    lq_eq_result_alloc(sl->eq[v ? pr->sys : pr->ref_sys], &r[ctx->voff[d] + v]);
                if (st != LQ_OK) return st;
            }
        for (size_t v = 0; pr->kind == LQ_LNPROB_ZPF && v < pr->nvert; v++) {
            lq_status st = lq_eq_result_alloc(sl->eq[pr->sys], &r[ctx->voff[d] + v]);
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

/* The workspaces of one slot, fresh: its first evaluation anchors it (see lqi_slot). */
static lq_status slot_alloc(const lq_assess_ctx *ctx, lqi_slot *sl, lq_diag *diag) {
    memset(sl, 0, sizeof *sl);
    sl->eq = lqi_calloc(ctx->nsys ? ctx->nsys : 1, sizeof *sl->eq);
    sl->tws = lqi_calloc(ctx->nsys ? ctx->nsys : 1, sizeof *sl->tws);
    sl->res = lqi_calloc(ctx->nsys ? ctx->nsys : 1, sizeof *sl->res);
    sl->buf = lqi_malloc_array(LQI_SLOT_BUF, sizeof *sl->buf);
    sl->dsum = lqi_calloc(ctx->ndata ? ctx->ndata : 1, sizeof *sl->dsum);
    sl->dv = lqi_calloc(ctx->ndata ? ctx->ndata : 1, sizeof *sl->dv);
    sl->rv = lqi_calloc(ctx->nzreg ? ctx->nzreg : 1, sizeof *sl->rv);
    size_t nv = ctx->nvert ? ctx->nvert : 1;
    sl->iso_y = lqi_malloc_array(nv * ctx->iso_stride, sizeof *sl->iso_y);
    sl->iso_ok = lqi_calloc(nv, sizeof *sl->iso_ok);
    sl->hp_w = lqi_malloc_array(nv, sizeof *sl->hp_w);
    sl->dfsave = lqi_calloc(nv, sizeof *sl->dfsave);
    sl->anchor_lu = lqi_calloc(nv, sizeof *sl->anchor_lu);
    if (!sl->eq || !sl->tws || !sl->res || !sl->buf || !sl->dsum || !sl->dv || !sl->rv ||
        !sl->iso_y || !sl->iso_ok || !sl->hp_w || !sl->dfsave || !sl->anchor_lu)
        return LQ_ENOMEM;
    for (size_t s = 0; s < ctx->nsys; s++) {
        lq_status st = lq_eq_ws_alloc(ctx->sys[s].sys, &ctx->eq, &sl->eq[s], diag);
        if (st == LQ_OK) st = lq_thermo_ws_alloc(ctx->sys[s].sys, &sl->tws[s]);
        if (st == LQ_OK) st = lq_eq_result_alloc(sl->eq[s], &sl->res[s]);
        if (st == LQ_OK) st = lq_eq_ws_set_gas_constant(sl->eq[s], ctx->R);
        if (st == LQ_OK) st = lq_thermo_ws_set_gas_constant(sl->tws[s], ctx->R);
        if (st != LQ_OK) return st;
    }
    lq_status st = results_alloc(ctx, sl, &sl->warm, &sl->warm_ok);
    if (st == LQ_OK) st = results_alloc(ctx, sl, &sl->anchor, &sl->anchor_ok);
    return st;
}

static lq_status slots_alloc(lq_assess_ctx *ctx, lq_diag *diag) {
    ctx->slot = lqi_calloc(ctx->nslot, sizeof *ctx->slot);
    if (!ctx->slot) return LQ_ENOMEM;
    ctx->iso_stride = 1;
    for (size_t s = 0; s < ctx->nsys; s++)
        for (size_t p = 0; p < lq_system_phase_count(ctx->sys[s].sys); p++) {
            lq_phase_info in;
            lq_system_phase_info(ctx->sys[s].sys, p, &in);
            if (in.n_constituents > ctx->iso_stride) ctx->iso_stride = in.n_constituents;
        }
    for (size_t i = 0; i < ctx->nslot; i++) {
        lq_status st = slot_alloc(ctx, &ctx->slot[i], diag);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* Chooses the likelihood of each dataset, as ESPEI's residual functions select their data. */
static lq_status prepare_all(lq_assess_ctx *ctx, const lq_db *db, lq_diag *diag) {
    for (size_t d = 0; d < ctx->ndata; d++) {
        const lq_dataset *ds = ctx->data->ds[d];
        lqi_prep *pr = &ctx->prep[d];
        int inside = 1;
        for (size_t i = 0; i < ds->n_components && inside; i++)
            inside = strcasecmp(ds->components[i], "VA") == 0 ||
                     has_comp(ctx->comp, ctx->ncomp, ds->components[i]);
        if (!inside || !ds->output) continue;
        lq_status st = LQ_OK;
        if (ds->kind == LQ_DATASET_NONEQ_THERMO)
            st = lqi_noneq_prepare(ctx, db, ds, pr, diag);
        else if (strcmp(ds->output, "ZPF") == 0 || ds->kind == LQ_DATASET_ZPF)
            st = lqi_zpf_prepare(ctx, db, ds, pr, diag);
        else if (strcmp(ds->output, "EMF") == 0)
            st = lqi_emf_prepare(ctx, db, ds, pr, diag);
        else if (strstr(ds->output, "ACR"))
            st = lqi_acr_prepare(ctx, db, ds, pr, diag);
        else if (!strstr(ds->output, "DIFF") && !strstr(ds->output, "TRACER"))
            st = lqi_eqprop_prepare(ctx, db, ds, pr, diag);
        if (st != LQ_OK) {
            if (diag && ds->path && diag->file[0] == '\0')
                snprintf(diag->file, sizeof diag->file, "%s", ds->path);
            return st;
        }
    }
    return LQ_OK;
}

static int cmp_zreg(const void *pa, const void *pb) {
    const lqi_zreg *a = pa, *b = pb;
    if (a->sys != b->sys) return a->sys < b->sys ? -1 : 1;
    if (a->T != b->T) return a->T < b->T ? -1 : 1;
    if (a->d != b->d) return a->d < b->d ? -1 : 1;
    return (a->r > b->r) - (a->r < b->r);
}

/* The ZPF regions of all datasets, by system and temperature. */
static lq_status order_regions(lq_assess_ctx *ctx) {
    size_t n = 0;
    for (size_t d = 0; d < ctx->ndata; d++)
        if (ctx->prep[d].kind == LQ_LNPROB_ZPF) n += ctx->prep[d].nreg;
    ctx->zreg = lqi_malloc_array(n ? n : 1, sizeof *ctx->zreg);
    ctx->voff = lqi_calloc(ctx->ndata ? ctx->ndata : 1, sizeof *ctx->voff);
    if (!ctx->zreg || !ctx->voff) return LQ_ENOMEM;
    for (size_t d = 0; d < ctx->ndata; d++) {
        ctx->voff[d] = ctx->nvert;
        if (ctx->prep[d].kind == LQ_LNPROB_ZPF) ctx->nvert += ctx->prep[d].nvert;
        if (ctx->prep[d].kind == LQ_LNPROB_ACR) ctx->nvert += ctx->prep[d].npts + 1;
    }
    for (size_t d = 0; d < ctx->ndata; d++)
        for (size_t r = 0; ctx->prep[d].kind == LQ_LNPROB_ZPF && r < ctx->prep[d].nreg; r++)
            ctx->zreg[ctx->nzreg++] = (lqi_zreg){d, r, ctx->prep[d].sys, ctx->prep[d].reg_T[r]};
    qsort(ctx->zreg, ctx->nzreg, sizeof *ctx->zreg, cmp_zreg);
    /* the groups of one system and T (the items of a shared evaluation) */
    ctx->gstart = lqi_malloc_array(n + 1, sizeof *ctx->gstart);
    if (!ctx->gstart) return LQ_ENOMEM;
    for (size_t k = 0; k < ctx->nzreg; k++) {
        const lqi_zreg *z = &ctx->zreg[k];
        if (k == 0 || z->sys != z[-1].sys || z->T != z[-1].T) ctx->gstart[ctx->ngroup++] = k;
    }
    ctx->gstart[ctx->ngroup] = ctx->nzreg;
    return LQ_OK;
}

lq_status lq_assess_ctx_create(const lq_db *db, const lq_dataset_set *data,
                               const char *const *params, size_t n_params,
                               const lq_assess_lnprob_options *opt, lq_assess_ctx **out,
                               lq_diag *diag) {
    if (!db || !data || !out || (data->n && !data->ds))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "lq_assess_ctx_create: NULL argument");
    lq_assess_lnprob_options dflt;
    lq_assess_lnprob_options_default(&dflt);
    if (!opt) opt = &dflt;
    if (!(opt->weight_zpf > 0) || !(opt->weight_acr > 0) || !(opt->weight_hm > 0) ||
        !(opt->weight_sm > 0) || !(opt->weight_cpm > 0) || !(opt->weight_emf > 0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "data_weights", "weights must be > 0");
    if (!(opt->gas_constant > 0.0) || !isfinite(opt->gas_constant))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "gas_constant", "must be > 0");
    lq_assess_ctx *ctx = lqi_calloc(1, sizeof *ctx);
    if (!ctx) return LQ_ENOMEM;
    ctx->data = data;
    ctx->ndata = data->n;
    ctx->w_zpf = opt->weight_zpf;
    ctx->w_acr = opt->weight_acr;
    ctx->w_hm = opt->weight_hm;
    ctx->w_sm = opt->weight_sm;
    ctx->w_cpm = opt->weight_cpm;
    ctx->w_emf = opt->weight_emf;
    ctx->eq = opt->eq;
    ctx->R = opt->gas_constant;
    ctx->nslot = opt->n_threads ? opt->n_threads : (size_t)omp_get_max_threads();
    ctx->prep = lqi_calloc(data->n ? data->n : 1, sizeof *ctx->prep);
    lq_status st = ctx->prep ? ctx_params(ctx, db, params, n_params, diag) : LQ_ENOMEM;
    if (st == LQ_OK && opt->n_priors != 0 && opt->n_priors != 1 && opt->n_priors != ctx->np)
        st = lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "prior", "%zu priors for %zu parameters",
                          opt->n_priors, ctx->np);
    for (size_t i = 0; st == LQ_OK && i < ctx->np; i++) {
        if (opt->n_priors)
            ctx->prior[i] = opt->priors[opt->n_priors == 1 ? 0 : i];
        else
            lq_prior_spec_default(&ctx->prior[i]);
    }
    if (st == LQ_OK) st = ctx_components(ctx, db, opt, diag);
    if (st == LQ_OK) st = prepare_all(ctx, db, diag);
    if (st == LQ_OK) st = order_regions(ctx);
    if (st == LQ_OK) st = slots_alloc(ctx, diag);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
        lq_assess_ctx_free(ctx);
        return st;
    }
    *out = ctx;
    return LQ_OK;
}

size_t lq_assess_ctx_param_count(const lq_assess_ctx *ctx) { return ctx ? ctx->np : 0; }

const char *lq_assess_ctx_param_name(const lq_assess_ctx *ctx, size_t i) {
    return ctx && i < ctx->np ? ctx->pname[i] : NULL;
}

lq_status lq_assess_ctx_start(const lq_assess_ctx *ctx, double *theta, size_t n) {
    if (!ctx || n != ctx->np || (n && !theta)) return LQ_EINVAL;
    memcpy(theta, ctx->start, n * sizeof *theta);
    return LQ_OK;
}

lq_status lq_assess_terms_alloc(const lq_assess_ctx *ctx, lq_assess_terms **out) {
    if (!ctx || !out) return LQ_EINVAL;
    lq_assess_terms *t = lqi_calloc(1, sizeof *t);
    size_t n = ctx->ndata ? ctx->ndata : 1;
    if (t) {
        t->dataset = lqi_calloc(n, sizeof *t->dataset);
        t->kind = lqi_calloc(n, sizeof *t->kind);
        t->n_residuals = lqi_calloc(n, sizeof *t->n_residuals);
        t->misfit = lqi_calloc(n, sizeof *t->misfit);
    }
    if (!t || !t->dataset || !t->kind || !t->n_residuals || !t->misfit) {
        lq_assess_terms_free(t);
        return LQ_ENOMEM;
    }
    t->n_datasets = ctx->ndata;
    *out = t;
    return LQ_OK;
}

void lq_assess_terms_free(lq_assess_terms *t) {
    if (!t) return;
    lqi_free(t->dataset);
    lqi_free(t->kind);
    lqi_free(t->n_residuals);
    lqi_free(t->misfit);
    lqi_free(t);
}

static lq_status set_symbols(lq_assess_ctx *ctx, lqi_slot *sl, const double *theta) {
    for (size_t s = 0; s < ctx->nsys; s++) {
        lq_status st = lq_eq_ws_set_symbols(sl->eq[s], ctx->sys[s].sym, theta, ctx->np);
        if (st == LQ_OK) st = lq_thermo_ws_set_symbols(sl->tws[s], ctx->sys[s].sym, theta, ctx->np);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* A dataset that is not ZPF (those are evaluated region by region, eval_groups). */
static double prep_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr) {
    switch (pr->kind) {
        case LQ_LNPROB_NONEQ:
            return lqi_noneq_eval(ctx, sl, pr);
        case LQ_LNPROB_EQ:
            return lqi_eqprop_eval(ctx, sl, pr);
        case LQ_LNPROB_ACR:
            return lqi_acr_eval(ctx, sl, pr);
        case LQ_LNPROB_EMF:
            return lqi_emf_eval(ctx, sl, pr);
        default:
            return 0.0;
    }
}

/* The ZPF regions of groups [g0, g1) into rv (by region, ctx->zreg order). Every region is
 * evaluated, also after a failed one of its dataset, so that what a slot computes does not depend
 * on regions other threads evaluate. */
static void eval_groups(const lq_assess_ctx *ctx, lqi_slot *sl, size_t g0, size_t g1, double *rv) {
    sl->hp_n = 0; /* no equilibrium of this evaluation yet (see lqi_slot.hp_w) */
    for (size_t k = ctx->gstart[g0]; k < ctx->gstart[g1]; k++) {
        const lqi_zreg *z = &ctx->zreg[k];
        /* the sampled energies at this T from the anchors' (on failure lqi_eq_solve_warm
         * evaluates them itself) */
        if (sl->zsave && sl->zsave[k]) lqi_eq_samples_load(sl->eq[z->sys], z->T, sl->zsave[k]);
        rv[k] = lqi_zpf_region(ctx, sl, &ctx->prep[z->d], z->r);
    }
}

/* Every dataset but the ZPF ones into dv. */
static void eval_others(const lq_assess_ctx *ctx, lqi_slot *sl, double *dv) {
    for (size_t d = 0; d < ctx->ndata; d++)
        if (ctx->prep[d].kind != LQ_LNPROB_ZPF) dv[d] = prep_eval(ctx, sl, &ctx->prep[d]);
}

/* The sums of one evaluation from its values, in one order whoever computed them: each ZPF
 * dataset's regions in ctx->zreg order (-inf from its first failed region on, as ESPEI stops
 * there), then the datasets in their order into by_kind (and terms). */
static void combine(const lq_assess_ctx *ctx, lqi_slot *sl, const double *rv, const double *dv,
                    lq_assess_terms *terms, double *by_kind) {
    memset(sl->dsum, 0, ctx->ndata * sizeof *sl->dsum);
    for (size_t k = 0; k < ctx->nzreg; k++) {
        size_t d = ctx->zreg[k].d;
        if (sl->dsum[d] > -HUGE_VAL) sl->dsum[d] += rv[k];
    }
    for (size_t d = 0; d < ctx->ndata; d++) {
        const lqi_prep *pr = &ctx->prep[d];
        double v = pr->kind == LQ_LNPROB_ZPF ? sl->dsum[d] : dv[d];
        if (isnan(v)) v = -HUGE_VAL; /* a failed calculation, as ESPEI's -inf */
        by_kind[pr->kind] += v;
        if (terms) {
            terms->dataset[d] = v;
            terms->n_residuals[d] = pr->npts;
            terms->misfit[d] = pr->kind == LQ_LNPROB_NONE
                                   ? 0.0
                                   : v - (double)pr->npts * lqi_norm_logpdf(0.0, pr->sigma);
        }
    }
}

/* The likelihood terms at theta into by_kind (and terms, when given), on one slot. */
static lq_status evaluate(lq_assess_ctx *ctx, lqi_slot *sl, const double *theta,
                          lq_assess_terms *terms, double *by_kind) {
    lq_status st = set_symbols(ctx, sl, theta);
    if (st != LQ_OK) return st;
    eval_groups(ctx, sl, 0, ctx->ngroup, sl->rv);
    eval_others(ctx, sl, sl->dv);
    combine(ctx, sl, sl->rv, sl->dv, terms, by_kind);
    return LQ_OK;
}

lq_status lqi_slot_solve(lqi_slot *sl, size_t sys, size_t w, double T, const double *x, size_t nc,
                         lq_eq_result *res) {
    const lqi_eq_lu *lu = sl->anchored && sl->anchor_ok[w] ? sl->anchor_lu[w] : NULL;
    lq_status st = lqi_eq_solve_warm_lu(sl->eq[sys], T, x, nc, lqi_slot_warm_start(sl, w), lu, res);
    if (st == LQ_OK && !sl->anchored) {
        /* the factors at the anchor (at the start parameters): without them (e.g. a singular
         * system) the vertex is warm-started without */
        lqi_eq_lu_free(sl->anchor_lu[w]);
        sl->anchor_lu[w] = NULL;
        if (lqi_eq_warm_lu(sl->eq[sys], T, x, nc, res, &sl->anchor_lu[w]) != LQ_OK)
            sl->anchor_lu[w] = NULL;
    }
    return st;
}

/* First evaluation of a slot: the equilibria at the anchor point (the start parameters unless
 * lq_assess_ctx_set_anchor moved it), solved globally, become the slot's anchors (the warm starts
 * of every later evaluation; see lqi_slot). */
static lq_status anchor(lq_assess_ctx *ctx, lqi_slot *sl) {
    double by_kind[6] = {0, 0, 0, 0, 0, 0};
    sl->used = 1;
    lq_status st = evaluate(ctx, sl, ctx->anchor_at, NULL, by_kind);
    if (st != LQ_OK) return st;
    lq_eq_result **r = sl->anchor;
    unsigned char *ok = sl->anchor_ok;
    sl->anchor = sl->warm;
    sl->anchor_ok = sl->warm_ok;
    sl->warm = r;
    sl->warm_ok = ok;
    sl->anchored = 1;
    /* the solver's sampled energies at the start parameters at each region temperature (without
     * memory for them, every evaluation computes them in full) */
    sl->zsave = lqi_calloc(ctx->nzreg ? ctx->nzreg : 1, sizeof *sl->zsave);
    for (size_t k = 0; sl->zsave && k < ctx->nzreg; k++) {
        const lqi_zreg *z = &ctx->zreg[k];
        if (k && z->sys == ctx->zreg[k - 1].sys && z->T == ctx->zreg[k - 1].T) continue;
        size_t len = lqi_eq_samples_save_len(sl->eq[z->sys]);
        double *b = len ? lqi_malloc_array(len, sizeof *b) : NULL;
        if (b && lqi_eq_samples_save(sl->eq[z->sys], z->T, b) != LQ_OK) {
            lqi_free(b);
            b = NULL;
        }
        sl->zsave[k] = b;
    }
    return LQ_OK;
}

/*
 * One evaluation shared by nt threads, each on its own slot: the groups and the other datasets
 * are taken one at a time by whichever thread is free (their costs differ too much for a fixed
 * split: by vertex counts, one thread of two had 1.6 times the other's work), into slot 0's
 * values, which are summed as one slot sums them. A group's regions are evaluated in the order and
 * on the slot state one slot has (each group starts from the sampled energies saved at the anchor,
 * and the within-evaluation reuse stays inside a group), and every slot has the same anchors, so
 * the value is the one-slot value to the last bit, for any number of threads.
 */
static lq_status evaluate_shared(lq_assess_ctx *ctx, size_t nt, const double *theta,
                                 lq_assess_terms *terms, double *by_kind) {
    lqi_slot *s0 = &ctx->slot[0];
    lq_status st_all = LQ_OK;
#pragma omp parallel num_threads((int)nt)
    {
        size_t t = (size_t)omp_get_thread_num();
        lqi_slot *sl = &ctx->slot[t];
        lq_status st = sl->broken ? LQ_ENOMEM : LQ_OK;
        if (st == LQ_OK && !sl->anchored) st = anchor(ctx, sl);
        if (st == LQ_OK) st = set_symbols(ctx, sl, theta);
            /* slot 0's anchoring writes its value arrays */
#pragma omp barrier
            /* item 0: the datasets other than ZPF (the largest item), item g + 1: group g; taken
             * by whichever thread is free, since no value depends on where it is computed */
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i <= ctx->ngroup; i++) {
            if (st != LQ_OK) continue;
            if (i == 0)
                eval_others(ctx, sl, s0->dv);
            else
                eval_groups(ctx, sl, i - 1, i, s0->rv);
        }
        if (st != LQ_OK) {
#pragma omp critical(lq_assess_shared)
            st_all = st;
        }
    }
    if (st_all != LQ_OK) return st_all;
    combine(ctx, s0, s0->rv, s0->dv, terms, by_kind);
    return LQ_OK;
}

lq_status lq_assess_lnprob(lq_assess_ctx *ctx, const double *theta, size_t n,
                           lq_assess_terms *terms, double *lnprob, lq_diag *diag) {
    if (!ctx || !lnprob || n != ctx->np || (n && !theta) ||
        (terms && terms->n_datasets != ctx->ndata))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "lq_assess_lnprob: bad argument");
    size_t tid = (size_t)omp_get_thread_num();
    if (tid >= ctx->nslot)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "thread %zu beyond the context's %zu workspaces", tid, ctx->nslot);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(theta[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, ctx->pname[i], "parameter not finite");
    lqi_slot *sl = &ctx->slot[tid];
    if (sl->broken) /* lq_assess_ctx_set_anchor could not make its workspaces again */
        return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    double prior = 0.0, by_kind[6] = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        prior += lq_prior_logpdf(&ctx->prior[i], ctx->start[i], theta[i]);
    if (isnan(prior)) prior = -HUGE_VAL;
    if (terms) {
        memset(terms->dataset, 0, terms->n_datasets * sizeof *terms->dataset);
        memset(terms->n_residuals, 0, terms->n_datasets * sizeof *terms->n_residuals);
        memset(terms->misfit, 0, terms->n_datasets * sizeof *terms->misfit);
    }
    if (prior > -HUGE_VAL) {
        lq_status st = LQ_OK;
        /* outside a parallel region (a single evaluation, e.g. `liquidus assess --lnprob`) the
         * context's slots share it; inside one (the sampler's walkers) each thread evaluates
         * its own */
        size_t nt = omp_in_parallel() ? 1 : ctx->nslot < ctx->ngroup ? ctx->nslot : ctx->ngroup;
        if (nt > 1) {
            st = evaluate_shared(ctx, nt, theta, terms, by_kind);
        } else {
            if (!sl->anchored) st = anchor(ctx, sl);
            if (st == LQ_OK) st = evaluate(ctx, sl, theta, terms, by_kind);
        }
        if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, NULL, "cannot set the parameters");
    }
    double total = prior + by_kind[1] + by_kind[2] + by_kind[3] + by_kind[4] + by_kind[5];
    if (terms) {
        terms->prior = prior;
        terms->noneq = by_kind[LQ_LNPROB_NONEQ];
        terms->eq = by_kind[LQ_LNPROB_EQ];
        terms->acr = by_kind[LQ_LNPROB_ACR];
        terms->zpf = by_kind[LQ_LNPROB_ZPF];
        terms->emf = by_kind[LQ_LNPROB_EMF];
        terms->lnprob = total;
        for (size_t d = 0; d < ctx->ndata; d++) terms->kind[d] = ctx->prep[d].kind;
    }
    *lnprob = isnan(total) ? -HUGE_VAL : total;
    return LQ_OK;
}

lq_status lq_assess_ctx_set_anchor(lq_assess_ctx *ctx, const double *theta, size_t n) {
    if (!ctx || n != ctx->np || (n && !theta)) return LQ_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(theta[i])) return LQ_EINVAL;
    if (memcmp(ctx->anchor_at, theta, n * sizeof *theta) == 0) return LQ_OK;
    memcpy(ctx->anchor_at, theta, n * sizeof *theta);
    /* Every slot that has evaluated starts afresh, with new workspaces, so that its next
     * evaluation anchors it exactly as the first evaluation of a new context anchored at theta
     * would: the equilibrium workspaces keep sampled energies, saved hulls and other state of
     * earlier evaluations, and the anchors must not depend on them. */
    for (size_t i = 0; i < ctx->nslot; i++) {
        lqi_slot *sl = &ctx->slot[i];
        if (!sl->used) continue;
        slot_free(sl, ctx->nsys, ctx->nvert, ctx->nzreg);
        lq_status st = slot_alloc(ctx, sl, NULL);
        if (st != LQ_OK) {
            /* a half-made slot is freed again, so that the context stays freeable; its next
             * evaluation then fails (anchor) rather than use it */
            slot_free(sl, ctx->nsys, ctx->nvert, ctx->nzreg);
            memset(sl, 0, sizeof *sl);
            sl->broken = 1;
            return st;
        }
    }
    return LQ_OK;
}

lq_status lq_assess_ctx_anchor_fn(const double *theta, size_t n, void *ctx) {
    return lq_assess_ctx_set_anchor((lq_assess_ctx *)ctx, theta, n);
}

double lq_assess_lnprob_fn(const double *theta, size_t n, void *ctx) {
    double lp = -HUGE_VAL;
    if (lq_assess_lnprob((lq_assess_ctx *)ctx, theta, n, NULL, &lp, NULL) != LQ_OK)
        return -HUGE_VAL;
    return lp;
}
