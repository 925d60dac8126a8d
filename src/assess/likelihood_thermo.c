/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thermochemical likelihoods: properties at fixed site fractions (non-equilibrium) and of
 * equilibria, against ESPEI's per-property standard deviations. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assess/likelihood_internal.h"
#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/thermo_internal.h"

/*
 * ESPEI 0.9.1 espei/error_functions/non_equilibrium_thermochemical_error.py: each dataset with a
 * "solver" and output HM/SM/CPM with _FORM or _MIX, of one phase, gives residuals
 * calc - value at every (P, T, configuration) (T >= 298.15 K, configurations the phase's active
 * constituents can represent) with standard deviation {HM: 500, SM: 0.2, CPM: 0.2} / data_weight /
 * dataset weight. The properties are pycalphad's (pycalphad/model.py), per mole of atoms:
 *   _MIX:  P(y) - P_ref(y), P_ref the end-member reference model (end-member parameters only,
 *          no ideal mixing): sum over end members of prod(y) P_end, per mole of atoms at y;
 *   _FORM: P(y) - sum_el x_el P_el, P_el of the pure element in the phase of its ELEMENT
 *          statement (Model.shift_reference_state with the database's reference states).
 * H = G - T dG/dT, S = -dG/dT, Cp = -T d2G/dT2 at fixed site fractions. An excluded "idmix"
 * contribution removes R T sum_s a_s sum_i y ln y.
 * espei/error_functions/equilibrium_thermochemical_error.py: datasets without "solver" (other
 * than ZPF and activities) compare the property of the equilibrium (the phase-amount weighted sum
 * of the phases' properties) computed with the dataset's phases only.
 */

static const double prop_std[4] = {500.0, 0.2, 0.2, 1.0}; /* HM J/mol, SM, CPM J/mol/K, other */

/* "HM_MIX" -> LQI_PROP_H, LQI_REF_MIX; -1 when not a thermochemical output. */
static int parse_output(const char *out, int *prop, int *ref) {
    static const char *const p[] = {"HM", "SM", "CPM", "GM"};
    for (int k = 0; k < 4; k++) {
        size_t n = strlen(p[k]);
        if (strncmp(out, p[k], n) != 0) continue;
        const char *s = out + n;
        *prop = k;
        if (*s == '\0')
            *ref = LQI_REF_NONE;
        else if (strcmp(s, "R") == 0)
            *ref = LQI_REF_STATES;
        else if (strcmp(s, "_MIX") == 0)
            *ref = LQI_REF_MIX;
        else if (strcmp(s, "_FORM") == 0)
            *ref = LQI_REF_FORM;
        else
            return -1;
        return 0;
    }
    return -1;
}

static double weight_of(const lq_assess_ctx *ctx, int prop) {
    return prop == LQI_PROP_H    ? ctx->w_hm
           : prop == LQI_PROP_S  ? ctx->w_sm
           : prop == LQI_PROP_CP ? ctx->w_cpm
                                 : 1.0;
}

static double pick(const lq_phase_ghsc *g, int prop) {
    return prop == LQI_PROP_H    ? g->H
           : prop == LQI_PROP_S  ? g->S
           : prop == LQI_PROP_CP ? g->Cp
                                 : g->G;
}

/* Property per mole of formula units at y, without ideal mixing when no_idmix. */
static int formula_prop(lq_thermo_ws *tws, const lq_phase_info *in, size_t phase, const double *y,
                        int prop, int no_idmix, double T, double R, double *out) {
    lq_phase_ghsc g;
    if (lq_phase_properties(tws, phase, y, 0, &g) != LQ_OK) return -1;
    if (no_idmix) {
        double s = 0.0;
        for (size_t k = 0; k < in->n_constituents; k++)
            if (y[k] > 0.0) s += in->site_ratio[in->sublattice_of[k]] * y[k] * log(y[k]);
        g.S += R * s; /* S_id = -R sum a y ln y */
        g.G -= R * T * s;
    }
    *out = pick(&g, prop);
    return isfinite(*out) ? 0 : -1;
}

/* Sum over end members of prod(y) P_end (the end-member reference surface), per formula unit. */
static int endmember_surface(lq_thermo_ws *tws, const lq_phase_info *in, size_t phase,
                             const double *y, int prop, double T, double *ye, double *out) {
    size_t nsub = in->n_sublattices, pick_i[64], first[64], cnt[64];
    if (nsub > 64) return -1;
    for (size_t s = 0; s < nsub; s++) cnt[s] = 0;
    for (size_t k = in->n_constituents; k-- > 0;) {
        first[in->sublattice_of[k]] = k;
        cnt[in->sublattice_of[k]]++;
    }
    for (size_t s = 0; s < nsub; s++) pick_i[s] = 0;
    double sum = 0.0;
    for (;;) {
        double w = 1.0;
        memset(ye, 0, in->n_constituents * sizeof *ye);
        for (size_t s = 0; s < nsub; s++) {
            size_t k = first[s] + pick_i[s];
            w *= y[k];
            ye[k] = 1.0;
        }
        if (w != 0.0) {
            double pe;
            if (formula_prop(tws, in, phase, ye, prop, 1, T, 1.0, &pe)) return -1;
            sum += w * pe;
        }
        size_t s = 0;
        while (s < nsub && ++pick_i[s] == cnt[s]) pick_i[s++] = 0;
        if (s == nsub) break;
    }
    *out = sum;
    return 0;
}

int lqi_pure_y(const lq_phase_info *in, const char *el, double *y) {
    memset(y, 0, in->n_constituents * sizeof *y);
    for (size_t s = 0; s < in->n_sublattices; s++) {
        size_t hit = SIZE_MAX;
        for (size_t k = 0; k < in->n_constituents; k++)
            if (in->sublattice_of[k] == s && strcasecmp(in->constituent_name[k], el) == 0) hit = k;
        for (size_t k = 0; hit == SIZE_MAX && k < in->n_constituents; k++)
            if (in->sublattice_of[k] == s && strcasecmp(in->constituent_name[k], "VA") == 0)
                hit = k;
        if (hit == SIZE_MAX) return -1;
        y[hit] = 1.0;
    }
    return 0;
}

/* Property per mole of atoms of the pure element `el` in phase `ph` (pycalphad's pure reference
 * model: the element on every sublattice that holds it, vacancies elsewhere). */
static int pure_ref(const lq_system *sys, lq_thermo_ws *tws, const char *el, const char *ph,
                    int prop, double T, double *ye, double *out) {
    size_t p;
    lq_phase_info in;
    if (lq_system_phase_find(sys, ph, &p) != LQ_OK || lq_system_phase_info(sys, p, &in) != LQ_OK)
        return -1;
    if (lqi_pure_y(&in, el, ye)) return -1;
    double n, v;
    if (lq_phase_atoms(sys, p, ye, &n, NULL) != LQ_OK || !(n > 0.0)) return -1;
    if (formula_prop(tws, &in, p, ye, prop, 0, T, 1.0, &v)) return -1;
    *out = v / n;
    return 0;
}

double lqi_phase_property(const lq_assess_ctx *ctx, lqi_slot *sl, size_t sys, size_t phase,
                          double T, const double *y, int prop, int ref, int no_idmix) {
    const lq_system *S = ctx->sys[sys].sys;
    lq_thermo_ws *tws = sl->tws[sys];
    lq_phase_info in;
    double N, v;
    if (lq_system_phase_info(S, phase, &in) != LQ_OK || in.n_constituents > LQI_SLOT_BUF / 2 ||
        lq_thermo_ws_set_TP(tws, T, ctx->eq.P) != LQ_OK)
        return (double)NAN;
    double *ye = sl->buf;
    if (lq_phase_atoms(S, phase, y, &N, NULL) != LQ_OK || !(N > 0.0)) return (double)NAN;
    if (formula_prop(tws, &in, phase, y, prop, no_idmix, T, ctx->R, &v)) return (double)NAN;
    if (ref == LQI_REF_MIX) {
        double r;
        if (endmember_surface(tws, &in, phase, y, prop, T, ye, &r)) return (double)NAN;
        return (v - r) / N;
    }
    if (ref == LQI_REF_FORM) {
        size_t nc = lq_system_component_count(S);
        double res = v / N;
        for (size_t c = 0; c < nc; c++) {
            const char *el = lq_system_component_name(S, c);
            double xc = 0.0, pr;
            for (size_t k = 0; k < in.n_constituents; k++)
                xc += in.site_ratio[in.sublattice_of[k]] * y[k] * in.constituent_comp[k * nc + c];
            xc /= N;
            if (xc == 0.0) continue;
            size_t e = 0;
            while (e < ctx->ncomp && strcasecmp(ctx->comp[e], el) != 0) e++;
            if (e == ctx->ncomp || pure_ref(S, tws, el, ctx->ser[e], prop, T, ye, &pr))
                return (double)NAN;
            res -= xc * pr;
        }
        return res;
    }
    return v / N;
}

/* Site fractions of configuration k in the phase's constituent order; -1 when the configuration
 * names a species the phase's active constituents lack (ESPEI drops it), -2 when a mixing
 * sublattice has no occupancies. */
static int config_y(const lq_phase_info *in, const lq_dataset_config *cf, double *y) {
    if (cf->n_sublattices != in->n_sublattices) return -1;
    memset(y, 0, in->n_constituents * sizeof *y);
    for (size_t s = 0; s < cf->n_sublattices; s++) {
        const lq_dataset_sublattice *sb = &cf->sub[s];
        if (sb->mixing && !sb->occupancy) return -2;
        for (size_t j = 0; j < sb->n_species; j++) {
            size_t k = 0;
            while (k < in->n_constituents && (in->sublattice_of[k] != s ||
                                              strcasecmp(in->constituent_name[k], sb->species[j])))
                k++;
            if (k == in->n_constituents) return -1;
            y[k] = sb->mixing ? sb->occupancy[j] : 1.0; /* ESPEI: a list uses occupancies */
        }
    }
    return 0;
}

lq_status lqi_prep_points(lqi_prep *pr, size_t n, size_t stride) {
    pr->T = lqi_malloc_array(n ? n : 1, sizeof *pr->T);
    pr->val = lqi_malloc_array(n ? n : 1, sizeof *pr->val);
    pr->aux = lqi_calloc((n ? n : 1) * (stride ? stride : 1), sizeof *pr->aux);
    pr->stride = stride;
    return pr->T && pr->val && pr->aux ? LQ_OK : LQ_ENOMEM;
}

lq_status lqi_noneq_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds, lqi_prep *pr,
                            lq_diag *diag) {
    int prop, ref;
    if (parse_output(ds->output, &prop, &ref) || (ref != LQI_REF_MIX && ref != LQI_REF_FORM) ||
        prop == LQI_PROP_G || ds->n_phases != 1)
        return LQ_OK; /* not among ESPEI's HM/SM/CPM _FORM/_MIX properties */
    for (size_t i = 0; i < ds->n_excluded; i++) {
        if (strcmp(ds->excluded[i], "idmix") == 0)
            pr->no_idmix = 1;
        else if (strcmp(ds->excluded[i], "mag") == 0)
            pr->no_mag = 1;
        else
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, ds->path, 0, "excluded_model_contributions",
                                "excluding \"%s\" is not supported (only \"idmix\", \"mag\")",
                                ds->excluded[i]);
    }
    size_t sys, phase;
    lq_status st = lqi_ctx_system(ctx, db, ctx->comp, ctx->ncomp, NULL, 0, &sys, diag);
    if (st != LQ_OK) return st;
    if (lq_system_phase_find(ctx->sys[sys].sys, ds->phases[0], &phase) != LQ_OK) return LQ_OK;
    lq_phase_info in;
    lq_system_phase_info(ctx->sys[sys].sys, phase, &in);
    const lq_dataset_cond *cT = lqi_ds_cond(ds, "T");
    size_t nP = ds->shape[0], nT = ds->shape[1], nK = ds->shape[2];
    if (!cT || nT != cT->n || nK != ds->n_configs || !ds->values)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "values",
                            "values shape does not match the conditions and configurations");
    double y[512];
    if (in.n_constituents > 512) return LQ_EUNSUPPORTED;
    if (lqi_prep_points(pr, nP * nT * nK, in.n_constituents) != LQ_OK) return LQ_ENOMEM;
    size_t n = 0;
    for (size_t iP = 0; iP < nP; iP++)
        for (size_t iT = 0; iT < nT; iT++) {
            if (!(cT->values[iT] >= 298.15)) continue; /* ESPEI's filter_temperatures */
            for (size_t k = 0; k < nK; k++) {
                int rc = config_y(&in, &ds->configs[k], y);
                if (rc == -2)
                    return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "sublattice_occupancies",
                                        "configuration %zu mixes without occupancies", k);
                if (rc) continue;
                pr->T[n] = cT->values[iT];
                pr->val[n] = ds->values[(iP * nT + iT) * nK + k];
                memcpy(pr->aux + n * in.n_constituents, y, in.n_constituents * sizeof *y);
                n++;
            }
        }
    pr->npts = n;
    pr->kind = n ? LQ_LNPROB_NONEQ : LQ_LNPROB_NONE;
    pr->sys = sys;
    pr->phase = phase;
    pr->prop = prop;
    pr->ref = ref;
    pr->sigma = prop_std[prop] / weight_of(ctx, prop) / ds->weight;
    return LQ_OK;
}

double lqi_noneq_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr) {
    double sum = 0.0;
    /* pycalphad zeroes an excluded contribution in the model and in its reference models */
    lq_thermo_ws_set_magnetic(sl->tws[pr->sys], !pr->no_mag);
    for (size_t i = 0; i < pr->npts; i++) {
        double v = lqi_phase_property(ctx, sl, pr->sys, pr->phase, pr->T[i],
                                      pr->aux + i * pr->stride, pr->prop, pr->ref, pr->no_idmix);
        sum += lqi_norm_logpdf(v - pr->val[i], pr->sigma);
    }
    lq_thermo_ws_set_magnetic(sl->tws[pr->sys], 1);
    return sum;
}

/* ------------------------------------------------------------- equilibrium thermochemical */

/* ESPEI's shift_reference_state with the dataset's reference_states: one per component, its
 * phase evaluated with every phase of the active components available. */
static lq_status eq_ref_states(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds,
                               lqi_prep *pr, const lq_system *S, lq_diag *diag) {
    size_t nc = lq_system_component_count(S);
    pr->rs_phase = lqi_calloc(nc, sizeof *pr->rs_phase);
    pr->rs_T = lqi_malloc_array(nc, sizeof *pr->rs_T);
    if (!pr->rs_phase || !pr->rs_T) return LQ_ENOMEM;
    for (size_t c = 0; c < nc; c++) {
        const char *el = lq_system_component_name(S, c);
        const lq_dataset_ref_state *rs = NULL;
        for (size_t i = 0; i < ds->n_ref_states; i++)
            if (strcasecmp(ds->ref_states[i].element, el) == 0) rs = &ds->ref_states[i];
        if (!rs || lqi_thermo_find_phase(db, rs->phase) < 0)
            return lqi_diag_set(diag, LQ_ENOTFOUND, ds->path, 0, "reference_states",
                                "no usable reference state for %s", el);
        pr->rs_phase[c] = rs->phase;
        pr->rs_T[c] = (double)NAN;
        for (size_t k = 0; k < rs->n_fixed; k++)
            if (strcasecmp(rs->fixed[k].name, "T") == 0 && rs->fixed[k].n == 1)
                pr->rs_T[c] = rs->fixed[k].values[0];
    }
    return lqi_ctx_system(ctx, db, ctx->comp, ctx->ncomp, NULL, 0, &pr->ref_sys, diag);
}

lq_status lqi_eqprop_prepare(lq_assess_ctx *ctx, const lq_db *db, const lq_dataset *ds,
                             lqi_prep *pr, lq_diag *diag) {
    int prop, ref;
    if (parse_output(ds->output, &prop, &ref) || ref == LQI_REF_FORM ||
        (ref == LQI_REF_STATES) != (ds->n_ref_states > 0))
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, ds->path, 0, "output",
                            "equilibrium property %s is not supported (HM, SM, CPM, GM, their "
                            "_MIX, and HMR, SMR, CPMR, GMR with reference_states are)",
                            ds->output);
    char *comp[64], *ph[256];
    size_t nc = lqi_ds_comps(ds, comp, 64);
    if (ds->n_phases > 256) return LQ_EUNSUPPORTED;
    for (size_t i = 0; i < ds->n_phases; i++) {
        if (lqi_thermo_find_phase(db, ds->phases[i]) < 0) return LQ_OK; /* ESPEI: unused */
        ph[i] = ds->phases[i];
    }
    size_t sys;
    lq_status st = lqi_ctx_system(ctx, db, comp, nc, ph, ds->n_phases, &sys, diag);
    if (st != LQ_OK) return st;
    const lq_dataset_cond *cT = lqi_ds_cond(ds, "T"), *cP = lqi_ds_cond(ds, "P");
    const lq_dataset_cond *cx[64];
    size_t nx = 0, ncond = 0;
    const lq_system *S = ctx->sys[sys].sys;
    for (size_t c = 0; c < nc; c++) {
        char key[80];
        snprintf(key, sizeof key, "X_%s", lq_system_component_name(S, c));
        cx[c] = lqi_ds_cond(ds, key);
        if (cx[c]) {
            ncond++;
            nx = cx[c]->n;
        }
    }
    if (!cT || !cP || ncond + 1 != nc)
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "conditions",
                            "need T, P and X of all components but one");
    size_t total = nx * cP->n * cT->n;
    if (total != ds->shape[0] * ds->shape[1] * ds->shape[2])
        return lqi_diag_set(diag, LQ_EINVAL, ds->path, 0, "values",
                            "values do not match conditions");
    if (lqi_prep_points(pr, total, nc) != LQ_OK) return LQ_ENOMEM;
    /* ESPEI computes compositions outermost, then P, then T (calc_prop_differences), and compares
     * element by element with the values flattened in their [P][T][X] order. */
    size_t n = 0;
    for (size_t ix = 0; ix < nx; ix++)
        for (size_t iP = 0; iP < cP->n; iP++)
            for (size_t iT = 0; iT < cT->n; iT++, n++) {
                double *x = pr->aux + n * nc, rest = 1.0;
                size_t dep = nc;
                for (size_t c = 0; c < nc; c++)
                    if (cx[c])
                        rest -= (x[c] = cx[c]->values[ix]);
                    else
                        dep = c;
                x[dep] = rest;
                pr->T[n] = cT->values[iT];
                pr->val[n] = ds->values[n];
            }
    if (ref == LQI_REF_STATES) {
        st = eq_ref_states(ctx, db, ds, pr, S, diag);
        if (st != LQ_OK) return st;
    }
    pr->npts = total;
    pr->kind = total ? LQ_LNPROB_EQ : LQ_LNPROB_NONE;
    pr->sys = sys;
    pr->prop = prop;
    pr->ref = ref;
    pr->sigma = prop_std[prop] / weight_of(ctx, prop) / ds->weight;
    return LQ_OK;
}

/* x floored at LQI_X_FLOOR and renormalised, for the equilibrium solver. */
void lqi_x_floor(const double *x, size_t n, double *out) {
    double s = 0.0;
    for (size_t c = 0; c < n; c++) s += (out[c] = x[c] > LQI_X_FLOOR ? x[c] : LQI_X_FLOOR);
    for (size_t c = 0; c < n; c++) out[c] /= s;
}

double lqi_eqprop_eval(const lq_assess_ctx *ctx, lqi_slot *sl, const lqi_prep *pr) {
    double sum = 0.0, x[64];
    lq_eq_result *res = sl->res[pr->sys];
    for (size_t i = 0; i < pr->npts; i++) {
        lqi_x_floor(pr->aux + i * pr->stride, pr->stride, x);
        if (lq_eq_solve(sl->eq[pr->sys], pr->T[i], x, pr->stride, res, NULL) != LQ_OK)
            return -HUGE_VAL;
        double v = 0.0;
        if (pr->ref == LQI_REF_NONE) {
            v = pr->prop == LQI_PROP_H    ? res->H
                : pr->prop == LQI_PROP_S  ? res->S
                : pr->prop == LQI_PROP_CP ? res->Cp
                                          : res->G;
        } else if (pr->ref == LQI_REF_STATES) {
            /* sum over phases of amount (P - sum_el x_el P_el) = P_eq - sum_el X_el P_el */
            v = pr->prop == LQI_PROP_H    ? res->H
                : pr->prop == LQI_PROP_S  ? res->S
                : pr->prop == LQI_PROP_CP ? res->Cp
                                          : res->G;
            const lq_system *R = ctx->sys[pr->ref_sys].sys, *S = ctx->sys[pr->sys].sys;
            for (size_t c = 0; c < pr->stride; c++) {
                double Tr = isnan(pr->rs_T[c]) ? pr->T[i] : pr->rs_T[c], pe;
                if (lq_thermo_ws_set_TP(sl->tws[pr->ref_sys], Tr, ctx->eq.P) != LQ_OK ||
                    pure_ref(R, sl->tws[pr->ref_sys], lq_system_component_name(S, c),
                             pr->rs_phase[c], pr->prop, Tr, sl->buf, &pe))
                    return -HUGE_VAL;
                v -= res->x[c] * pe;
            }
        } else {
            for (size_t p = 0; p < res->n_phases; p++)
                v += res->phases[p].amount *
                     lqi_phase_property(ctx, sl, pr->sys, res->phases[p].phase, pr->T[i],
                                        res->phases[p].y, pr->prop, LQI_REF_MIX, 0);
        }
        sum += lqi_norm_logpdf(v - pr->val[i], pr->sigma);
    }
    return sum;
}
