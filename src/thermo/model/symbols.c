/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Symbols set by value: named FUNCTIONs of a system replaced by constants in one workspace. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/thermo_internal.h"

/*
 * An assessment (ESPEI's MCMC, espei/error_functions/context.py) changes the values of a few
 * named symbols (FUNCTION VV0000 ... of the TDB) at every evaluation. Instead of rebuilding the
 * system, a workspace keeps per-function overrides: lqi_thermo_eval_functions (tfunc.c) gives an
 * overridden function the constant value at every T (first and second T derivatives 0), and every
 * expression that calls it reads that value from the function cache. ESPEI does the same: it
 * replaces each fitted symbol's piecewise expression by its first piece, a constant, before
 * fitting (setup_context), so a symbol has one value at all temperatures.
 */

lq_status lq_system_symbols_find(const lq_system *sys, const char *const *names, size_t n,
                                 size_t *idx) {
    if (!sys || (n && (!names || !idx))) return LQ_EINVAL;
    const lqi_xpool *p = &sys->pool;
    for (size_t i = 0; i < n; i++) {
        if (!names[i]) return LQ_EINVAL;
        size_t f = 0;
        while (f < p->nfunc &&
               (p->func[f].name[0] == '\0' || strcasecmp(p->func[f].name, names[i])))
            f++;
        if (f == p->nfunc) return LQ_ENOTFOUND;
        idx[i] = f;
    }
    return LQ_OK;
}

lq_status lq_thermo_ws_set_symbols(lq_thermo_ws *ws, const size_t *idx, const double *values,
                                   size_t n) {
    if (!ws || (n && (!idx || !values))) return LQ_EINVAL;
    size_t nf = ws->sys->pool.nfunc;
    for (size_t i = 0; i < n; i++)
        if (idx[i] >= nf || !isfinite(values[i])) return idx[i] >= nf ? LQ_EINVAL : LQ_EDOM;
    if (!ws->sym_on) {
        ws->sym_on = lqi_calloc(nf ? nf : 1, sizeof *ws->sym_on);
        ws->sym_val = lqi_calloc(nf ? nf : 1, sizeof *ws->sym_val);
        if (!ws->sym_on || !ws->sym_val) {
            lqi_free(ws->sym_on);
            lqi_free(ws->sym_val);
            ws->sym_on = NULL;
            ws->sym_val = NULL;
            return LQ_ENOMEM;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!ws->sym_on[idx[i]]) ws->tc_ok = 0; /* another function is now a symbol (tfunc.c) */
        ws->sym_on[idx[i]] = 1;
        ws->sym_val[idx[i]] = values[i];
    }
    ws->set = 0; /* parameter values at (T, P) must be evaluated again */
    return LQ_OK;
}

lq_status lq_thermo_ws_clear_symbols(lq_thermo_ws *ws) {
    if (!ws) return LQ_EINVAL;
    if (ws->sym_on) memset(ws->sym_on, 0, ws->sys->pool.nfunc * sizeof *ws->sym_on);
    ws->set = 0;
    ws->tc_ok = 0;
    return LQ_OK;
}

lq_status lq_eq_ws_set_symbols(lq_eq_ws *ws, const size_t *idx, const double *values, size_t n) {
    if (!ws || !ws->tws) return LQ_EINVAL;
    lq_status st = lq_thermo_ws_set_symbols(ws->tws, idx, values, n);
    if (st == LQ_OK) ws->s_T = 0.0; /* sampled energies belong to the old values */
    return st;
}

/* pycalphad (and so ESPEI) uses R = 8.3145 J/mol/K in its models; an assessment that must give
 * ESPEI's numbers sets that value. Only the models' ideal-mixing and magnetic terms use it. */
lq_status lq_thermo_ws_set_gas_constant(lq_thermo_ws *ws, double R) {
    if (!ws) return LQ_EINVAL;
    if (!isfinite(R) || !(R > 0.0)) return LQ_EDOM;
    ws->R = R;
    return LQ_OK;
}

lq_status lq_eq_ws_set_gas_constant(lq_eq_ws *ws, double R) {
    if (!ws || !ws->tws) return LQ_EINVAL;
    lq_status st = lq_thermo_ws_set_gas_constant(ws->tws, R);
    if (st == LQ_OK) ws->s_T = 0.0;
    return st;
}

/* ESPEI's excluded_model_contributions "mag": the model's magnetic term set to zero. */
lq_status lq_thermo_ws_set_magnetic(lq_thermo_ws *ws, int on) {
    if (!ws) return LQ_EINVAL;
    ws->no_mag = !on;
    return LQ_OK;
}
