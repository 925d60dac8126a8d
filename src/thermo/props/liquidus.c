/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Liquidus compositions by a scan of global equilibria, and liquidus temperatures as the highest
 * temperature at which a solid appears. */
#include <math.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"

lq_status lq_eq_liquidus_scan(lq_eq_ws *ws, double T, size_t solute, size_t phase, double x_step,
                              double x_max, lq_eq_result *res, double *x_phase, size_t *other,
                              lq_diag *diag) {
    if (!ws || !res || !x_phase || !other || solute > 1 || !(x_step > 0.0) || !(x_max < 1.0) ||
        !(x_step < x_max))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "liquidus scan: bad argument");
    if (lq_system_component_count(lq_eq_ws_system(ws)) != 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "liquidus scan: not a binary");
    double x[2];
    /* the same accumulated steps as a loop x += step, so results do not depend on rounding of
     * k * step */
    for (double xs = x_step; xs < x_max; xs += x_step) {
        x[solute] = xs;
        x[1 - solute] = 1.0 - xs;
        lq_status st = lq_eq_solve(ws, T, x, 2, res, diag);
        if (st != LQ_OK) return st;
        if (res->n_phases == 2 &&
            (res->phases[0].phase == phase || res->phases[1].phase == phase)) {
            size_t k = res->phases[0].phase == phase ? 0 : 1;
            *x_phase = res->phases[k].x[solute];
            *other = res->phases[1 - k].phase;
            return LQ_OK;
        }
        if (res->n_phases != 1 || res->phases[0].phase != phase)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, NULL,
                                "x = %g at %g K is outside the field of the phase", xs, T);
    }
    return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, NULL, "no two-phase equilibrium below x = %g",
                        x_max);
}

lq_status lq_eq_liquidus_T_find(lq_eq_ws *ws, double T_guess, const double *x, size_t ncomp,
                                size_t liquid, lq_eq_result *res, double *T, size_t *solid) {
    if (!ws || !x || !res || !T || !solid) return LQ_EINVAL;
    size_t np = lq_system_phase_count(lq_eq_ws_system(ws));
    double best = -1.0;
    size_t pbest = 0;
    for (size_t p = 0; p < np; p++) {
        if (p == liquid) continue;
        if (lq_eq_solve_T(ws, T_guess, x, ncomp, p, res, NULL) != LQ_OK) continue;
        if (res->n_phases == 2 && res->T > best) {
            best = res->T;
            pbest = p;
        }
    }
    if (!(best > 0.0)) return LQ_ENOTFOUND;
    *T = best;
    *solid = pbest;
    return LQ_OK;
}
