/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uncertainty propagation: trace files (ESPEI's trace.npy / lnprob.npy) and dataset points. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/uq_internal.h"
#include "core/core_internal.h"

void lq_assess_trace_free(lq_assess_trace *tr) {
    if (!tr) return;
    lqi_free(tr->trace);
    lqi_free(tr->lnprob);
    lqi_free(tr->path);
    lqi_free(tr);
}

lq_status lq_assess_trace_read(const char *trace_path, const char *lnprob_path,
                               lq_assess_trace **out, lq_diag *diag) {
    if (!trace_path || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "a trace file is required");
    lq_assess_trace *tr = lqi_calloc(1, sizeof *tr);
    if (!tr || !(tr->path = lqi_strdup(trace_path))) {
        lq_assess_trace_free(tr);
        return LQ_ENOMEM;
    }
    size_t shape[LQI_NPY_MAX_DIM], nd = 0;
    lq_status st = lqi_npy_read(trace_path, &tr->trace, shape, LQI_NPY_MAX_DIM, &nd, diag);
    if (st == LQ_OK && nd != 3)
        st =
            lqi_diag_set(diag, LQ_EPARSE, trace_path, 0, "shape",
                         "a trace has 3 dimensions (walkers, iterations, parameters), not %zu", nd);
    if (st == LQ_OK) {
        tr->n_walkers = shape[0];
        tr->n_iterations = shape[1];
        tr->n_params = shape[2];
    }
    if (st == LQ_OK && lnprob_path) {
        st = lqi_npy_read(lnprob_path, &tr->lnprob, shape, LQI_NPY_MAX_DIM, &nd, diag);
        if (st == LQ_OK && (nd != 2 || shape[0] != tr->n_walkers || shape[1] != tr->n_iterations))
            st = lqi_diag_set(diag, LQ_EPARSE, lnprob_path, 0, "shape",
                              "lnprob must be (%zu walkers, %zu iterations) as the trace %s",
                              tr->n_walkers, tr->n_iterations, trace_path);
    }
    if (st != LQ_OK) {
        lq_assess_trace_free(tr);
        return st;
    }
    *out = tr;
    return LQ_OK;
}

static const lq_dataset_cond *find_cond(const lq_dataset *ds, const char *name) {
    for (size_t i = 0; i < ds->n_conds; i++)
        if (strcasecmp(ds->conds[i].name, name) == 0) return &ds->conds[i];
    return NULL;
}

static lq_status push(double **x, double **y, size_t *n, size_t *cap, double xv, double yv) {
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        double *nx = lqi_realloc(*x, nc * sizeof *nx);
        if (nx) *x = nx;
        double *ny = lqi_realloc(*y, nc * sizeof *ny);
        if (ny) *y = ny;
        if (!nx || !ny) return LQ_ENOMEM;
        *cap = nc;
    }
    (*x)[*n] = xv;
    (*y)[*n] = yv;
    (*n)++;
    return LQ_OK;
}

/* Values of equilibrium thermochemical datasets are [n_P][n_T][n_X] (ESPEI's broadcast of the
 * conditions, espei/datasets.py); a condition given once applies to every value. */
static lq_status dataset_points(const lq_dataset *ds, double T, double tol_K, const char *xname,
                                double **x, double **y, size_t *n, size_t *cap) {
    const lq_dataset_cond *ct = find_cond(ds, "T"), *cx = find_cond(ds, xname);
    if (!ct || !cx || !ds->values) return LQ_OK;
    size_t nP = ds->shape[0], nT = ds->shape[1], nl = ds->shape[2];
    for (size_t iP = 0; iP < nP; iP++)
        for (size_t iT = 0; iT < nT; iT++) {
            double Td = ct->values[ct->n == 1 ? 0 : iT];
            if (!(fabs(Td - T) <= tol_K)) continue;
            for (size_t k = 0; k < nl; k++) {
                double xv = cx->values[cx->n == 1 ? 0 : k],
                       yv = ds->values[(iP * nT + iT) * nl + k];
                if (!isfinite(xv) || !isfinite(yv)) continue;
                lq_status st = push(x, y, n, cap, xv, yv);
                if (st != LQ_OK) return st;
            }
        }
    return LQ_OK;
}

/* x of a one-sublattice configuration (non-equilibrium data of a substitutional phase, e.g.
 * HM_MIX of the liquid at fixed occupancies); NaN for other configurations. */
static double config_x(const lq_dataset_config *cf, const char *comp) {
    if (cf->n_sublattices != 1) return (double)NAN;
    const lq_dataset_sublattice *sl = &cf->sub[0];
    double x = 0.0;
    for (size_t i = 0; i < sl->n_species; i++)
        if (strcasecmp(sl->species[i], comp) == 0)
            x = sl->occupancy ? sl->occupancy[i] : (sl->n_species == 1 ? 1.0 : (double)NAN);
    return x;
}

static lq_status noneq_points(const lq_dataset *ds, double T, double tol_K, const char *comp,
                              double **x, double **y, size_t *n, size_t *cap) {
    const lq_dataset_cond *ct = find_cond(ds, "T");
    if (!ct || !ds->values || ds->shape[2] != ds->n_configs) return LQ_OK;
    size_t nP = ds->shape[0], nT = ds->shape[1], nl = ds->shape[2];
    for (size_t iP = 0; iP < nP; iP++)
        for (size_t iT = 0; iT < nT; iT++) {
            double Td = ct->values[ct->n == 1 ? 0 : iT];
            if (!(fabs(Td - T) <= tol_K)) continue;
            for (size_t k = 0; k < nl; k++) {
                double xv = config_x(&ds->configs[k], comp),
                       yv = ds->values[(iP * nT + iT) * nl + k];
                if (!isfinite(xv) || !isfinite(yv)) continue;
                lq_status st = push(x, y, n, cap, xv, yv);
                if (st != LQ_OK) return st;
            }
        }
    return LQ_OK;
}

lq_status lq_assess_uq_data_points(const lq_dataset_set *set, const char *prop, double T,
                                   double tol_K, const char *x_component, double **x, double **y,
                                   size_t *n) {
    if (!set || !prop || !x_component || !x || !y || !n || !isfinite(T) || !(tol_K >= 0.0))
        return LQ_EINVAL;
    char xname[80];
    snprintf(xname, sizeof xname, "X_%s", x_component);
    double *px = NULL, *py = NULL;
    size_t np = 0, cap = 0;
    lq_status st = LQ_OK;
    for (size_t i = 0; i < set->n && st == LQ_OK; i++) {
        const lq_dataset *ds = set->ds[i];
        if (ds->kind == LQ_DATASET_EQ_THERMO && strcasecmp(ds->output, prop) == 0)
            st = dataset_points(ds, T, tol_K, xname, &px, &py, &np, &cap);
        else if (ds->kind == LQ_DATASET_NONEQ_THERMO && strcasecmp(ds->output, prop) == 0)
            st = noneq_points(ds, T, tol_K, x_component, &px, &py, &np, &cap);
    }
    if (st != LQ_OK) {
        lq_assess_uq_points_free(px, py);
        return st;
    }
    *x = px;
    *y = py;
    *n = np;
    return LQ_OK;
}

void lq_assess_uq_points_free(double *x, double *y) {
    lqi_free(x);
    lqi_free(y);
}
