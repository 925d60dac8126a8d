/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uncertainty propagation: samples kept from an MCMC trace, quantiles, options and results. */
#include <ctype.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/uq_internal.h"
#include "core/core_internal.h"
#include "thermo/thermo_internal.h"

void lq_assess_uq_options_default(lq_assess_uq_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->thin = 1;
    opt->n_quantiles = 3;
    opt->quantiles[0] = 0.025;
    opt->quantiles[1] = 0.5;
    opt->quantiles[2] = 0.975;
    lq_eq_options_default(&opt->eq);
    lq_map_options_default(&opt->map);
    opt->map_dT_band_K = 10.0;
}

lq_status lqi_uq_options_check(const lq_assess_uq_options *opt, lq_diag *diag) {
    if (opt->n_quantiles == 0 || opt->n_quantiles > LQ_ASSESS_UQ_MAX_QUANTILES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "quantiles", "1 to %d quantiles",
                            LQ_ASSESS_UQ_MAX_QUANTILES);
    for (size_t i = 0; i < opt->n_quantiles; i++)
        if (!(opt->quantiles[i] >= 0.0 && opt->quantiles[i] <= 1.0) ||
            (i && !(opt->quantiles[i] > opt->quantiles[i - 1])))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "quantiles",
                                "quantiles must increase within [0, 1]");
    if (opt->thin == 0) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "thin", "thin must be >= 1");
    if (opt->symbols && opt->n_symbols == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "symbols", "empty symbol list");
    return LQ_OK;
}

int lqi_uq_threads(const lq_assess_uq_options *opt, size_t n_samples) {
    int nt = opt->n_threads > 0 ? opt->n_threads : omp_get_max_threads();
    if (nt < 1) nt = 1;
    if ((size_t)nt > n_samples) nt = (int)(n_samples ? n_samples : 1);
    return nt;
}

lq_status lqi_uq_ws_alloc(const lq_system *sys, const lq_assess_uq_options *opt, int nt,
                          lq_eq_ws ***out, lq_diag *diag) {
    lq_eq_ws **ws = lqi_calloc((size_t)nt, sizeof *ws);
    *out = ws;
    if (!ws) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    for (int i = 0; i < nt && st == LQ_OK; i++) {
        st = lq_eq_ws_alloc(sys, &opt->eq, &ws[i], diag);
        if (st == LQ_OK && opt->gas_constant != 0.0)
            st = lq_eq_ws_set_gas_constant(ws[i], opt->gas_constant);
    }
    return st;
}

void lqi_uq_ws_free(lq_eq_ws **ws, int nt) {
    if (!ws) return;
    for (int i = 0; i < nt; i++) lq_eq_ws_free(ws[i]);
    lqi_free(ws);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void lqi_uq_quantiles(double *v, size_t n, const double *q, size_t nq, double *out) {
    if (n == 0) {
        for (size_t k = 0; k < nq; k++) out[k] = (double)NAN;
        return;
    }
    qsort(v, n, sizeof *v, cmp_double);
    for (size_t k = 0; k < nq; k++) {
        double h = q[k] * (double)(n - 1);
        size_t lo = (size_t)floor(h), hi = lo + 1 < n ? lo + 1 : lo;
        out[k] = v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
    }
}

/* ESPEI 0.9.1 espei/utils.py database_symbols_to_fit: FUNCTIONs named ^V[V]?[0-9]+$, sorted by
 * name (Python string order, which is strcmp order for these ASCII names). */
static int is_fit_symbol(const char *s) {
    if (s[0] != 'V') return 0;
    s += s[1] == 'V' ? 2 : 1;
    if (!*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static lq_status symbol_names(const lq_db *db, const lq_assess_uq_options *opt, lqi_uq_samples *s) {
    size_t n = 0;
    if (opt->symbols)
        n = opt->n_symbols;
    else
        for (size_t f = 0; f < db->pool.nfunc; f++)
            n += (size_t)is_fit_symbol(db->pool.func[f].name);
    s->symbols = lqi_calloc(n ? n : 1, sizeof *s->symbols);
    if (!s->symbols) return LQ_ENOMEM;
    s->np = n;
    size_t k = 0;
    for (size_t f = 0; !opt->symbols && f < db->pool.nfunc; f++)
        if (is_fit_symbol(db->pool.func[f].name) &&
            !(s->symbols[k++] = lqi_strdup(db->pool.func[f].name)))
            return LQ_ENOMEM;
    for (size_t i = 0; opt->symbols && i < n; i++)
        if (!opt->symbols[i] || !(s->symbols[k++] = lqi_strdup(opt->symbols[i])))
            return opt->symbols[i] ? LQ_ENOMEM : LQ_EINVAL;
    if (!opt->symbols) qsort(s->symbols, n, sizeof *s->symbols, cmp_str);
    return LQ_OK;
}

/* The filled iterations: espei/analysis.py truncate_arrays cuts the iterations where every walker's
 * parameters are all zero (the sampler allocates the whole trace and fills it as it goes). */
static size_t filled_iterations(const lq_assess_trace *tr) {
    size_t nf = 0;
    for (size_t w = 0; w < tr->n_walkers; w++)
        for (size_t it = tr->n_iterations; it > nf; it--) {
            const double *row = tr->trace + (w * tr->n_iterations + it - 1) * tr->n_params;
            int nz = 0;
            for (size_t p = 0; p < tr->n_params && !nz; p++) nz = row[p] != 0.0;
            if (nz) {
                nf = it;
                break;
            }
        }
    return nf;
}

static int walker_ok(const lq_assess_trace *tr, size_t w, const size_t *its, size_t n_it) {
    int nonzero = 0;
    for (size_t i = 0; i < n_it; i++) {
        size_t it = its[i];
        if (tr->lnprob) {
            double lp = tr->lnprob[w * tr->n_iterations + it];
            if (!isfinite(lp) || lp == 0.0) return 0; /* -inf, or never written */
        }
        const double *row = tr->trace + (w * tr->n_iterations + it) * tr->n_params;
        for (size_t p = 0; p < tr->n_params; p++) nonzero |= row[p] != 0.0;
    }
    return nonzero;
}

static lq_status select_samples(const lq_assess_trace *tr, const lq_assess_uq_options *opt,
                                lqi_uq_samples *s, lq_diag *diag) {
    s->n_filled = filled_iterations(tr);
    size_t first = opt->burn_in;
    if (opt->last && s->n_filled > opt->last && s->n_filled - opt->last > first)
        first = s->n_filled - opt->last;
    if (first >= s->n_filled)
        return lqi_diag_set(diag, LQ_EINVAL, tr->path, 0, "iterations",
                            "%zu filled iterations leave none after a burn-in of %zu", s->n_filled,
                            opt->burn_in);
    s->first = first;
    size_t *its = lqi_malloc((s->n_filled - first) * sizeof *its);
    size_t *ws = lqi_malloc(tr->n_walkers * sizeof *ws);
    if (!its || !ws) {
        lqi_free(its);
        lqi_free(ws);
        return LQ_ENOMEM;
    }
    size_t ni = 0, nw = 0;
    for (size_t it = first; it < s->n_filled; it++) /* thinned back from the last iteration */
        if ((s->n_filled - 1 - it) % opt->thin == 0) its[ni++] = it;
    for (size_t w = 0; w < tr->n_walkers; w++)
        if (walker_ok(tr, w, its, ni)) ws[nw++] = w;
    s->n_iter = ni;
    s->n_walkers = nw;
    s->n_dropped = tr->n_walkers - nw;
    s->n = ni * nw;
    lq_status st = LQ_OK;
    if (s->n == 0)
        st =
            lqi_diag_set(diag, LQ_EINVAL, tr->path, 0, "lnprob",
                         "every walker has a non-finite or unfilled lnprob in the kept iterations");
    else if (!(s->theta = lqi_malloc(s->n * s->np * sizeof *s->theta)))
        st = LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < ni; i++)
        for (size_t k = 0; k < nw; k++)
            memcpy(s->theta + (i * nw + k) * s->np,
                   tr->trace + (ws[k] * tr->n_iterations + its[i]) * tr->n_params,
                   s->np * sizeof *s->theta);
    lqi_free(its);
    lqi_free(ws);
    return st;
}

lq_status lqi_uq_samples_make(const lq_db *db, const lq_assess_trace *tr,
                              const lq_assess_uq_options *opt, lqi_uq_samples *s, lq_diag *diag) {
    memset(s, 0, sizeof *s);
    if (!tr->trace || tr->n_walkers == 0 || tr->n_iterations == 0)
        return lqi_diag_set(diag, LQ_EINVAL, tr->path, 0, "trace", "empty trace");
    lq_status st = symbol_names(db, opt, s);
    if (st != LQ_OK) return st;
    if (s->np != tr->n_params)
        return lqi_diag_set(diag, LQ_EPARSE, tr->path, 0, "trace",
                            "the trace has %zu parameters per sample but %zu symbols are fitted "
                            "(%s%s)",
                            tr->n_params, s->np, opt->symbols ? "given" : "the database's V/VV",
                            opt->symbols ? "" : " FUNCTIONs; give the list with symbols");
    if (!(s->sym = lqi_calloc(s->np ? s->np : 1, sizeof *s->sym))) return LQ_ENOMEM;
    return select_samples(tr, opt, s, diag);
}

void lqi_uq_samples_free(lqi_uq_samples *s) {
    if (!s) return;
    for (size_t i = 0; s->symbols && i < s->np; i++) lqi_free(s->symbols[i]);
    lqi_free(s->symbols);
    lqi_free(s->theta);
    lqi_free(s->sym);
    memset(s, 0, sizeof *s);
}

/* ----------------------------------------------------------------------------- properties */

static const char *const KIND_NAME[] = {"GM",     "HM",     "SM", "CPM", "GM_MIX",
                                        "HM_MIX", "SM_MIX", "MU", "ACR"};
static const char *const KIND_UNIT[] = {"J/mol", "J/mol",     "J/(mol K)", "J/(mol K)", "J/mol",
                                        "J/mol", "J/(mol K)", "J/mol",     "1"};

lq_status lq_assess_uq_prop_parse(const char *name, lq_assess_uq_prop *prop) {
    if (!name || !prop) return LQ_EINVAL;
    memset(prop, 0, sizeof *prop);
    for (int k = 0; k <= LQ_ASSESS_UQ_SM_MIX; k++)
        if (strcasecmp(name, KIND_NAME[k]) == 0) {
            prop->kind = (lq_assess_uq_kind)k;
            return LQ_OK;
        }
    if (strncasecmp(name, "MU_", 3) == 0 && name[3]) {
        prop->kind = LQ_ASSESS_UQ_MU;
        prop->element = name + 3;
        return LQ_OK;
    }
    if (strncasecmp(name, "ACR_", 4) == 0 && name[4]) {
        prop->kind = LQ_ASSESS_UQ_ACR;
        prop->element = name + 4;
        return LQ_OK;
    }
    return LQ_ENOTFOUND;
}

void lq_assess_uq_result_free(lq_assess_uq_result *r) {
    if (!r) return;
    for (size_t i = 0; r->symbols && i < r->n_params; i++) lqi_free(r->symbols[i]);
    for (size_t k = 0; k < r->n_props; k++) {
        if (r->prop_names) lqi_free(r->prop_names[k]);
        if (r->prop_units) lqi_free(r->prop_units[k]);
        if (r->ref_phases) lqi_free(r->ref_phases[k]);
    }
    lqi_free(r->symbols);
    lqi_free(r->prop_names);
    lqi_free(r->prop_units);
    lqi_free(r->ref_phases);
    lqi_free(r->T);
    lqi_free(r->x);
    lqi_free(r->x_component);
    lqi_free(r->band);
    lqi_free(r->n_failed);
    lqi_free(r);
}

const char *lqi_uq_kind_name(lq_assess_uq_kind k) { return KIND_NAME[k]; }
const char *lqi_uq_kind_unit(lq_assess_uq_kind k) { return KIND_UNIT[k]; }
