/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Properties of one phase at given T and composition: G, H, S, Cp, mixing terms, potentials. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/equil_internal.h"

/*
 * A phase is "direct" when its constitution follows from x alone: exactly one sublattice has
 * more than one constituent, each of those is one pure component (a_ic one-hot), and the other
 * sublattices hold only vacancies. Then y_i = x_c(i) on that sublattice and the chemical
 * potentials are the partial molar Gibbs energies, per mole of atoms
 *   mu_c = (G + dG/dy_i - sum_j y_j dG/dy_j) / r        (r: sites of that sublattice),
 * the usual formula for a G written in dependent fractions (Hillert, Phase Equilibria, Phase
 * Diagrams and Phase Transformations, 2nd ed., Cambridge 2008, Eq. 3.4). Otherwise the
 * constitution minimising G at fixed x is found by the equilibrium Newton iterations with this
 * phase alone.
 */
static int direct_map(const lq_eq_ws *ws, size_t p, size_t *sub, size_t *comp_of) {
    const lq_phase_info *in = &ws->m.phases[p];
    const lqi_eq_pinfo *pi = &ws->pi[p];
    size_t nc = ws->ncomp;
    if (pi->nmulti > 1 || pi->nonlin) return 0; /* moles not linear in y: no direct map */
    size_t multi = pi->nmulti ? pi->multi_sub[0] : in->sublattice_of[0];
    for (size_t i = 0; i < pi->nc; i++) {
        size_t nz = 0, cc = 0;
        for (size_t c = 0; c < nc; c++) {
            double v = in->constituent_comp[i * nc + c];
            if (v != 0.0) {
                nz++;
                cc = c;
                if (fabs(v - 1.0) > 1e-15) return 0;
            }
        }
        if (in->sublattice_of[i] == multi) {
            if (nz != 1) return 0;
            comp_of[i] = cc;
        } else if (nz != 0) {
            return 0;
        } else {
            comp_of[i] = nc;
        }
    }
    /* distinct components on the mixing sublattice */
    for (size_t i = 0; i < pi->nc; i++)
        for (size_t j = i + 1; j < pi->nc; j++)
            if (in->sublattice_of[i] == multi && in->sublattice_of[j] == multi &&
                comp_of[i] == comp_of[j])
                return 0;
    *sub = multi;
    return 1;
}

/* Single-phase Newton at ws->x0 from constitution y (one set, N formula units per mole, every
 * potential at the phase's G per atom there). */
static lq_status isolated_newton(lq_eq_ws *ws, size_t phase, const double *y, double atoms,
                                 double g_atom) {
    lqi_eq_set *s = &ws->sets[0];
    s->phase = phase;
    memcpy(s->y, y, ws->m.phases[phase].n_constituents * sizeof *s->y);
    s->N = 1.0 / atoms;
    s->fixed_zero = 0;
    ws->nsets = 1;
    ws->free_kind = LQI_FREE_NONE;
    ws->iters = 0;
    for (size_t c = 0; c < ws->ncomp; c++) ws->mu[c] = g_atom;
    double resid;
    lq_status st = lqi_eq_newton(ws, &resid);
    if (st == LQ_OK) st = lqi_eq_eval_set(ws, s, LQ_EVAL_G | LQ_EVAL_DT);
    return st;
}

/* A start constitution y0 of the phase usable by isolated_newton: *atoms and *g_atom set. */
static int start_usable(lq_eq_ws *ws, size_t phase, const double *y0, double *atoms,
                        double *g_atom) {
    const lqi_eq_pinfo *pi = &ws->pi[phase];
    for (size_t i = 0; i < pi->nc; i++)
        if (!(y0[i] > 0.0) || !(y0[i] <= 1.0)) return 0;
    lqi_eq_composition(ws, phase, y0, NULL, NULL, atoms);
    if (!(*atoms > 1e-12) || *atoms < pi->atoms_floor) return 0;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    if (ws->m.eval(ws->m.ctx, phase, y0, LQ_EVAL_G, &ev) != LQ_OK || !isfinite(ev.G)) return 0;
    *g_atom = ev.G / *atoms;
    return 1;
}

static lq_status phase_eval(lq_eq_ws *ws, size_t phase, double T, const double *x, size_t ncomp,
                            const double *y0, int mix, lq_phase_props *out, lq_diag *diag) {
    if (!ws || !x || !out || phase >= ws->m.nphase || ncomp != ws->ncomp)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "phase properties: bad argument");
    if (!(T > 0.0) || !isfinite(T))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "temperature %g K is not > 0", T);
    double sum = 0.0;
    for (size_t c = 0; c < ncomp; c++) {
        if (!(x[c] >= 0.0) || !(x[c] <= 1.0))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x", "mole fraction %g outside [0, 1]",
                                x[c]);
        sum += x[c];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x", "mole fractions sum to %.12g", sum);
    const lq_phase_info *in = &ws->m.phases[phase];
    size_t nc = ws->ncomp, n = in->n_constituents;
    size_t comp_of[256], sub = 0;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T;
    double G, dGdT, d2GdT2, atoms;
    double *mu = ws->mutmp;
    lq_status st;
    if (n <= 256 && direct_map(ws, phase, &sub, comp_of)) {
        double *y = ws->ytmp;
        for (size_t i = 0; i < n; i++) y[i] = comp_of[i] < nc ? x[comp_of[i]] : 1.0;
        /* components that the phase cannot hold must be absent */
        for (size_t c = 0; c < nc; c++) {
            int held = 0;
            for (size_t i = 0; i < n; i++) held |= comp_of[i] == c;
            if (!held && x[c] > 0.0)
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, in->name,
                                    "phase %s holds no component %zu", in->name, c);
        }
        st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
        if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, "T", "cannot evaluate at %g K", T);
        ws->T = T;
        lq_phase_eval ev;
        memset(&ev, 0, sizeof ev);
        ev.dG_dy = ws->gtmp;
        ev.d2G_dTdy = ws->ytmp2; /* asked for with DY and DT together (not used here) */
        st = ws->m.eval(ws->m.ctx, phase, y, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DT, &ev);
        if (st != LQ_OK)
            return lqi_diag_set(diag, st, NULL, 0, in->name, "evaluation failed: %s",
                                lq_status_str(st));
        double r = in->site_ratio[sub];
        double ydg = 0.0;
        for (size_t i = 0; i < n; i++)
            if (comp_of[i] < nc) ydg += y[i] * ws->gtmp[i];
        for (size_t c = 0; c < nc; c++) mu[c] = -HUGE_VAL;
        for (size_t i = 0; i < n; i++)
            if (comp_of[i] < nc && x[comp_of[i]] > 0.0)
                mu[comp_of[i]] = (ev.G + ws->gtmp[i] - ydg) / r;
        G = ev.G;
        dGdT = ev.dG_dT;
        d2GdT2 = ev.d2G_dT2;
        atoms = r;
        if (out->y) memcpy(out->y, y, n * sizeof *y);
    } else {
        for (size_t c = 0; c < ncomp; c++)
            if (!(x[c] > 0.0))
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                    "phase %s has internal degrees of freedom: every x must be > 0",
                                    in->name);
        memcpy(ws->x0, x, nc * sizeof *x);
        for (size_t c = 0; c < nc; c++) ws->x0[c] /= sum;
        ws->T = T;
        st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
        if (st == LQ_OK) st = lqi_eq_samples_eval(ws, T);
        if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, "T", "cannot evaluate at %g K", T);
        /* from y0 when given (a constitution at nearby conditions: a few Newton steps instead of
         * the many from a sample), else, or when that fails, from the phase's sample nearest in
         * composition */
        double a0, g0;
        int warm = y0 && start_usable(ws, phase, y0, &a0, &g0) &&
                   isolated_newton(ws, phase, y0, a0, g0) == LQ_OK;
        const lqi_eq_pinfo *pi = &ws->pi[phase];
        size_t best = pi->sample0;
        double dbest = HUGE_VAL;
        for (size_t j = pi->sample0; !warm && j < pi->sample0 + pi->nsample; j++) {
            double d = 0.0;
            for (size_t c = 0; c < nc; c++) {
                double e = ws->s_x[j * nc + c] - ws->x0[c];
                d += e * e;
            }
            if (d < dbest) {
                dbest = d;
                best = j;
            }
        }
        st = warm ? LQ_OK
                  : isolated_newton(ws, phase, ws->s_y + best * ws->maxc, ws->s_atoms[best],
                                    ws->s_g[best]);
        if (st != LQ_OK)
            return lqi_diag_set(diag, st == LQ_ESINGULAR ? LQ_EDOM : st, NULL, 0, in->name,
                                "no constitution of %s reaches this composition at %g K", in->name,
                                T);
        const lqi_eq_set *s = &ws->sets[0];
        lqi_eq_composition(ws, phase, s->y, NULL, NULL, &atoms);
        memcpy(mu, ws->mu, nc * sizeof *mu);
        G = s->G;
        dGdT = s->dGdT;
        d2GdT2 = s->d2GdT2;
        if (out->y) memcpy(out->y, s->y, n * sizeof *s->y);
    }
    out->GM = G / atoms;
    out->SM = -dGdT / atoms;
    out->HM = out->GM + T * out->SM;
    out->CPM = -T * d2GdT2 / atoms;
    if (out->mu) memcpy(out->mu, mu, nc * sizeof *mu);
    if (!mix) {
        out->GM_MIX = out->HM_MIX = out->SM_MIX = (double)NAN;
        return LQ_OK;
    }
    /* mixing terms against the pure components in this phase */
    double gr = 0.0, hr = 0.0, sr = 0.0;
    int have = 1;
    double mucopy[64];
    if (nc > 64) return LQ_EINVAL;
    memcpy(mucopy, mu, nc * sizeof *mu); /* lq_eq_reference_G reuses ws->mutmp */
    for (size_t c = 0; c < nc && have; c++) {
        if (!(x[c] > 0.0)) continue;
        double g, h, s;
        st = lq_eq_reference_G(ws, T, c, phase, &g, &h, &s, NULL, NULL);
        if (st == LQ_ENOTFOUND) {
            have = 0;
            break;
        }
        if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, in->name, "reference failed");
        gr += x[c] * g;
        hr += x[c] * h;
        sr += x[c] * s;
    }
    if (out->mu) memcpy(out->mu, mucopy, nc * sizeof *mu);
    out->GM_MIX = have ? out->GM - gr : (double)NAN;
    out->HM_MIX = have ? out->HM - hr : (double)NAN;
    out->SM_MIX = have ? out->SM - sr : (double)NAN;
    (void)RT;
    return LQ_OK;
}

lq_status lq_props_phase_eval(lq_eq_ws *ws, size_t phase, double T, const double *x, size_t ncomp,
                              lq_phase_props *out, lq_diag *diag) {
    return phase_eval(ws, phase, T, x, ncomp, NULL, 1, out, diag);
}

lq_status lqi_props_phase_eval_from(lq_eq_ws *ws, size_t phase, double T, const double *x,
                                    size_t ncomp, const double *y0, lq_phase_props *out) {
    return phase_eval(ws, phase, T, x, ncomp, y0, 0, out, NULL);
}
