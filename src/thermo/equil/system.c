/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibrium workspace over an lq_system: the phase models of src/thermo/model as solver input. */
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/thermo_internal.h"

/* ---------------------------------------------------------------- adapter over lq_system */
static lq_status sys_set_TP(void *ctx, double T, double P) {
    return lq_thermo_ws_set_TP((lq_thermo_ws *)ctx, T, P);
}
static lq_status sys_eval(void *ctx, size_t p, const double *y, unsigned what, lq_phase_eval *o) {
    return lq_phase_evaluate((lq_thermo_ws *)ctx, p, y, what, o);
}
/* phases whose model record has a moles callback (moles not linear in y: the ionic liquid) */
static int sys_nonlinear(void *ctx, size_t p) {
    const lq_system *sys = ((const lq_thermo_ws *)ctx)->sys;
    return lqi_thermo_models[sys->ph[p].model].moles != NULL;
}
static lq_status sys_moles(void *ctx, size_t p, const double *y, double *M, double *dM,
                           double *d2M) {
    const lq_system *sys = ((const lq_thermo_ws *)ctx)->sys;
    return lqi_thermo_models[sys->ph[p].model].moles(sys, p, y, M, dM, d2M);
}

lq_status lq_eq_ws_alloc(const lq_system *sys, const lq_eq_options *opt, lq_eq_ws **out,
                         lq_diag *diag) {
    if (!sys || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "lq_eq_ws_alloc: NULL argument");
    size_t np = lq_system_phase_count(sys), nc = lq_system_component_count(sys);
    if (np == 0 || nc == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "system without phases or components");
    lq_phase_info *info = lqi_calloc(np, sizeof *info);
    lq_thermo_ws *tws = NULL;
    if (!info) return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    lq_status st = lq_thermo_ws_alloc(sys, &tws);
    for (size_t p = 0; st == LQ_OK && p < np; p++) st = lq_system_phase_info(sys, p, &info[p]);
    if (st != LQ_OK) {
        lq_thermo_ws_free(tws);
        lqi_free(info);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "cannot prepare the system's phases");
    }
    lqi_eq_model m = {nc, np, info, tws, sys_set_TP, sys_eval, sys_nonlinear, sys_moles};
    lq_eq_ws *ws = NULL;
    st = lqi_eq_ws_alloc_model(&m, opt, &ws, diag);
    if (st != LQ_OK) {
        lq_thermo_ws_free(tws);
        lqi_free(info);
        return st;
    }
    ws->sys = sys;
    ws->tws = tws;
    ws->tws_free = lq_thermo_ws_free;
    ws->own_info = info;
    *out = ws;
    return LQ_OK;
}

const lq_system *lq_eq_ws_system(const lq_eq_ws *ws) { return ws ? ws->sys : NULL; }
