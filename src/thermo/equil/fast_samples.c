/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sampled energies at a temperature seen before, updated for new parameter values (assessments). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

/*
 * An assessment evaluates the same equilibria (ZPF vertices at the regions' temperatures) for
 * parameter vectors that differ only in the fitted symbols. At fixed T each tabulated sample's
 * G = R T S + sum_t L_t F_t (lqi_thermo_gtab_*) is linear in the parameter values L_t, and only
 * the L_t that depend on a fitted symbol change. So the energies at T for a reference parameter
 * vector are kept (lqi_eq_samples_save) and later updated by the terms whose value differs
 * (lqi_eq_samples_load): a term whose L_t is bit for bit the saved one adds exactly nothing. The
 * result equals lqi_eq_samples_eval's to rounding (a different summation order), and depends on
 * the saved state and the current parameters only.
 */

/* Changed terms of one phase that lqi_eq_samples_load updates from the saved energies; a phase
 * with more (far more than an assessment fits) is evaluated in full by lqi_eq_samples_eval. */
#define LQI_EQ_LOAD_TERMS 256

/*
 * g[i] = save[i] + (dL_0 F_0[i] + dL_1 F_1[i] + ...) / atoms[i] over the nd changed terms, summed
 * left to right per sample (the order of a term-by-term update, so the same value to the bit),
 * but four terms per pass over the samples: g is loaded and stored once per four terms instead
 * of once per term. save[i] itself when nd = 0. 0 when a value is not finite.
 */
static int load_phase(double *g, const double *save, const double *atoms, size_t n,
                      const double *dl, const double *const *col, size_t nd) {
    if (nd == 0) {
        memcpy(g, save, n * sizeof *g);
    } else {
        const double d0 = dl[0], *F0 = col[0];
        for (size_t i = 0; i < n; i++) g[i] = d0 * F0[i];
        size_t t = 1;
        for (; t + 4 <= nd; t += 4) {
            const double a = dl[t], b = dl[t + 1], c = dl[t + 2], d = dl[t + 3];
            const double *Fa = col[t], *Fb = col[t + 1], *Fc = col[t + 2], *Fd = col[t + 3];
            for (size_t i = 0; i < n; i++)
                g[i] = (((g[i] + a * Fa[i]) + b * Fb[i]) + c * Fc[i]) + d * Fd[i];
        }
        for (; t < nd; t++) {
            const double a = dl[t], *Fa = col[t];
            for (size_t i = 0; i < n; i++) g[i] += a * Fa[i];
        }
        for (size_t i = 0; i < n; i++) g[i] = save[i] + g[i] / atoms[i];
    }
    /* v * 0 is 0 for every finite v and NaN for an infinite or NaN one */
    double z = 0.0;
    for (size_t i = 0; i < n; i++) z += g[i] * 0.0;
    return z == 0.0;
}

size_t lqi_eq_samples_save_len(const lq_eq_ws *ws) {
    return ws->ns + (ws->tws ? ws->tws->sys->nslot : 0);
}

lq_status lqi_eq_samples_save(lq_eq_ws *ws, double T, double *save) {
    if (!ws->tws) return LQ_EINVAL;
    lq_status st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
    if (st == LQ_OK) st = lqi_eq_samples_eval(ws, T);
    if (st != LQ_OK) return st;
    memcpy(save, ws->s_g, ws->ns * sizeof *save);
    const size_t nslot = ws->tws->sys->nslot;
    for (size_t k = 0; k < nslot; k++) save[ws->ns + k] = ws->tws->pv[k].v;
    return LQ_OK;
}

lq_status lqi_eq_samples_load(lq_eq_ws *ws, double T, const double *save) {
    if (ws->s_T == T) return LQ_OK;
    lq_status st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
    if (st != LQ_OK) return st;
    if (!ws->tws || !ws->s_tab) return lqi_eq_samples_eval(ws, T);
    const lq_thermo_ws *tws = ws->tws;
    const lq_system *sys = tws->sys;
    const double *pv0 = save + ws->ns;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    double dl[LQI_EQ_LOAD_TERMS];
    const double *col[LQI_EQ_LOAD_TERMS];
    for (size_t p = 0; p < ws->m.nphase; p++) {
        size_t j0 = ws->pi[p].sample0, n = ws->pi[p].nsample;
        double *g = ws->s_g + j0;
        if (ws->s_tab[p] && lqi_thermo_gtab_usable(tws, p)) {
            const lqi_sphase *ph = &sys->ph[p];
            size_t nd = 0;
            for (int t = ph->t0[LQI_TERM_G]; t < ph->t1[LQI_TERM_G] && nd < LQI_EQ_LOAD_TERMS;
                 t++) {
                int slot = sys->term[t].slot;
                double dL = tws->pv[slot].v - pv0[slot];
                if (dL == 0.0) continue;
                dl[nd] = dL;
                col[nd++] = ws->s_tab[p] + (size_t)(1 + t - ph->t0[LQI_TERM_G]) * n;
            }
            if (nd == LQI_EQ_LOAD_TERMS) /* more changed terms than the list holds: in full */
                return lqi_eq_samples_eval(ws, T);
            if (!load_phase(g, save + j0, ws->s_atoms + j0, n, dl, col, nd)) return LQ_EDOM;
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            st = ws->m.eval(ws->m.ctx, p, ws->s_y + (j0 + i) * ws->maxc, LQ_EVAL_G, &ev);
            if (st != LQ_OK) return st;
            if (!isfinite(ev.G)) return LQ_EDOM;
            g[i] = ev.G / ws->s_atoms[j0 + i];
        }
    }
    ws->s_T = T;
    return LQ_OK;
}
