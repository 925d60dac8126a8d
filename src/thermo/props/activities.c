/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Activities of all components of an equilibrium against given or stable pure references. */
#include "core/core_internal.h"
#include "liquidus/thermo.h"

lq_status lq_eq_activities_compute(lq_eq_ws *ws, const lq_eq_result *res, const size_t *ref_phase,
                                   double *a, double *ln_a, size_t *ref_used, size_t ncomp,
                                   lq_diag *diag) {
    if (!ws || !res || !a || ncomp != lq_system_component_count(lq_eq_ws_system(ws)))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "activities: bad argument");
    for (size_t c = 0; c < ncomp; c++) {
        size_t r = ref_phase ? ref_phase[c] : LQ_PROPS_REF_STABLE;
        lq_status st = LQ_OK;
        if (r == LQ_PROPS_REF_STABLE) st = lq_eq_reference_stable(ws, res->T, c, &r, NULL, diag);
        double lna = 0.0;
        if (st == LQ_OK) st = lq_eq_activity(ws, res, c, r, &a[c], &lna, diag);
        if (st != LQ_OK) return st;
        if (ln_a) ln_a[c] = lna;
        if (ref_used) ref_used[c] = r;
    }
    return LQ_OK;
}
