/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FIRE energy minimisation with any force provider (fixed box). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/md_sim_internal.h"

/*
 * FIRE, the fast inertial relaxation engine: E. Bitzek, P. Koskinen, F. Gähler, M. Moseler,
 * P. Gumbsch, Phys. Rev. Lett. 97 (2006) 170201. Each step is one MD step with the atoms' masses
 * followed by the FIRE velocity update on the new forces:
 *   P = F . v;  v <- (1 - alpha) v + alpha |v| F / |F|  (global norms);
 *   P > 0 for more than N_min steps: dt <- min(dt f_inc, dt_max), alpha <- alpha f_alpha;
 *   P <= 0: v <- 0, dt <- dt f_dec, alpha <- alpha0.
 * Parameters as the paper's Table (N_min 5, f_inc 1.1, f_dec 0.5, alpha0 0.1, f_alpha 0.99,
 * dt_max 10 dt) and LAMMPS's min_style fire/old, which also bounds the step so that no atom
 * moves more than dmax, and whose energy criterion we follow (checked only after N_min
 * downhill steps, so a restart of the velocities does not stop the search).
 */

void lq_md_min_options_default(lq_md_min_options *o) {
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->ftol_eV_per_A = 1e-3;
    o->etol = 0.0;
    o->max_iter = 10000;
    o->dt_ps = 0.001;
    o->dt_max_factor = 10.0;
    o->alpha0 = 0.1;
    o->f_alpha = 0.99;
    o->f_inc = 1.1;
    o->f_dec = 0.5;
    o->n_min = 5;
    o->dmax_A = 0.1;
}

static lq_status check_options(const lq_md_min_options *o, lq_diag *diag) {
    if (!(o->ftol_eV_per_A >= 0) || !(o->etol >= 0) || !isfinite(o->ftol_eV_per_A) ||
        !isfinite(o->etol) || o->max_iter < 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "minimize options",
                            "need ftol >= 0, etol >= 0, max_iter >= 0");
    if (!(o->dt_ps > 0 && o->dt_ps < 1) || !(o->dt_max_factor >= 1) || !(o->alpha0 > 0) ||
        !(o->alpha0 < 1) || !(o->f_alpha > 0 && o->f_alpha <= 1) || !(o->f_inc >= 1) ||
        !(o->f_dec > 0 && o->f_dec < 1) || o->n_min < 0 || !(o->dmax_A > 0) ||
        !isfinite(o->dmax_A) || !isfinite(o->dt_max_factor) || !isfinite(o->f_inc))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "minimize options",
                            "need 0 < dt < 1 ps, dt_max factor >= 1, 0 < alpha0 < 1, "
                            "0 < f_alpha <= 1, f_inc >= 1, 0 < f_dec < 1, N_min >= 0, dmax > 0");
    return LQ_OK;
}

/* Largest per-atom force norm. */
static double fmax_of(const double *f, size_t n) {
    double m2 = 0;
    for (size_t i = 0; i < n; i++) {
        const double *g = &f[3 * i];
        double s = g[0] * g[0] + g[1] * g[1] + g[2] * g[2];
        if (s > m2) m2 = s;
    }
    return sqrt(m2);
}

/* The FIRE velocity update; returns P = F . v. */
static double fire_mix(double *v, const double *f, size_t n3, double alpha) {
    double p = 0, vv = 0, ff = 0;
    for (size_t k = 0; k < n3; k++) {
        p += f[k] * v[k];
        vv += v[k] * v[k];
        ff += f[k] * f[k];
    }
    if (p > 0) {
        double c = ff > 0 ? alpha * sqrt(vv / ff) : 0.0;
        for (size_t k = 0; k < n3; k++) v[k] = (1.0 - alpha) * v[k] + c * f[k];
    } else {
        memset(v, 0, n3 * sizeof *v);
    }
    return p;
}

/* One MD step of length dt (shortened so that no atom moves more than dmax): half kicks around
 * the drift, forces recomputed in between (f and e are those of the new positions). */
static lq_status md_step(lq_md_forcefield *ff, lq_md_system *sys, double *v, double *f,
                         const double *inv_m, double dt, double dmax, lq_md_energy *e,
                         lq_diag *diag) {
    const size_t n = sys->n_atoms;
    double vmax = 0; /* the velocity after the first half kick bounds the drift */
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 3; d++) {
            size_t k = 3 * i + (size_t)d;
            double w = fabs(v[k] + 0.5 * dt * f[k] * inv_m[i]);
            if (w > vmax) vmax = w;
        }
    if (vmax * dt > dmax) dt = dmax / vmax;
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 3; d++) {
            size_t k = 3 * i + (size_t)d;
            v[k] += 0.5 * dt * f[k] * inv_m[i];
            sys->pos_A[k] += dt * v[k];
        }
    lq_status st = lq_md_forcefield_compute(ff, sys, f, 3 * n, e, diag);
    if (st != LQ_OK) return st;
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 3; d++)
            v[3 * i + (size_t)d] += 0.5 * dt * f[3 * i + (size_t)d] * inv_m[i];
    return LQ_OK;
}

static int etol_met(double etol, double e0, double e1) {
    return etol > 0 && fabs(e1 - e0) < etol * 0.5 * (fabs(e1) + fabs(e0) + 1e-300);
}

static lq_status fire(lq_md_forcefield *ff, lq_md_system *sys, const lq_md_min_options *o,
                      double *v, double *f, const double *inv_m, lq_md_min_result *res,
                      lq_diag *diag) {
    const size_t n3 = 3 * sys->n_atoms;
    lq_md_energy e;
    lq_status st = lq_md_forcefield_compute(ff, sys, f, n3, &e, diag);
    if (st != LQ_OK) return st;
    res->e_initial_eV = res->e_final_eV = e.total_eV;
    res->fmax_initial_eV_per_A = res->fmax_eV_per_A = fmax_of(f, sys->n_atoms);
    res->stop = LQ_MD_MIN_MAXITER;
    if (res->fmax_eV_per_A < o->ftol_eV_per_A) {
        res->stop = LQ_MD_MIN_FTOL;
        return LQ_OK;
    }
    double dt = o->dt_ps, dt_max = o->dt_max_factor * o->dt_ps, alpha = o->alpha0;
    long downhill = 0;
    memset(v, 0, n3 * sizeof *v);
    for (long it = 0; it < o->max_iter; it++) {
        double e_prev = e.total_eV;
        st = md_step(ff, sys, v, f, inv_m, dt, o->dmax_A, &e, diag);
        if (st != LQ_OK) return st;
        res->iterations = it + 1;
        res->e_final_eV = e.total_eV;
        res->fmax_eV_per_A = fmax_of(f, sys->n_atoms);
        if (!isfinite(e.total_eV) || !isfinite(res->fmax_eV_per_A))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "energy",
                                "non-finite energy or force at minimisation step %ld", it + 1);
        if (res->fmax_eV_per_A < o->ftol_eV_per_A) {
            res->stop = LQ_MD_MIN_FTOL;
            return LQ_OK;
        }
        if (downhill > o->n_min && etol_met(o->etol, e_prev, e.total_eV)) {
            res->stop = LQ_MD_MIN_ETOL;
            return LQ_OK;
        }
        if (fire_mix(v, f, n3, alpha) > 0) {
            if (++downhill > o->n_min) {
                dt = dt * o->f_inc < dt_max ? dt * o->f_inc : dt_max;
                alpha *= o->f_alpha;
            }
        } else {
            downhill = 0;
            dt *= o->f_dec;
            alpha = o->alpha0;
        }
    }
    return LQ_OK;
}

lq_status lq_md_minimize(lq_md_forcefield *ff, lq_md_system *sys, const lq_md_min_options *opt,
                         lq_md_min_result *res, lq_diag *diag) {
    if (!ff || !sys || !res || !sys->pos_A || !sys->type || sys->n_atoms == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or empty system");
    lq_md_min_options o;
    if (opt)
        o = *opt;
    else
        lq_md_min_options_default(&o);
    lq_status st = check_options(&o, diag);
    if (st != LQ_OK) return st;
    const size_t n = sys->n_atoms;
    for (size_t i = 0; i < n; i++)
        if (sys->type[i] < 0 || (size_t)sys->type[i] >= sys->n_species ||
            !(sys->species[sys->type[i]].mass_amu > 0))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "mass",
                                "atom %zu has an invalid type or a mass <= 0", i + 1);
    double *v = lqi_malloc_array(3 * n, sizeof *v);
    double *f = lqi_malloc_array(3 * n, sizeof *f);
    double *inv_m = lqi_malloc_array(n, sizeof *inv_m);
    if (!v || !f || !inv_m) {
        st = LQ_ENOMEM;
    } else {
        /* dv = dt F / m in A/ps for F in eV/A and m in amu */
        for (size_t i = 0; i < n; i++)
            inv_m[i] = 1.0 / (sys->species[sys->type[i]].mass_amu * LQ_MD_AMU_A2_PS2_EV);
        lq_md_min_result r;
        memset(&r, 0, sizeof r);
        st = fire(ff, sys, &o, v, f, inv_m, &r, diag);
        if (st == LQ_OK) *res = r;
    }
    lqi_free(v);
    lqi_free(f);
    lqi_free(inv_m);
    return st;
}

lq_status lq_md_sim_minimize(lq_md_sim *sim, const lq_md_min_options *opt, lq_md_min_result *res,
                             lq_diag *diag) {
    if (!sim) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL simulation");
    lq_status st = lq_md_minimize(sim->ff, &sim->sys, opt, res, diag);
    /* forces and energy of the current positions (after a failure too, keeping its diag) */
    lq_status st2 = lqi_md_sim_forces(sim, st == LQ_OK ? diag : NULL);
    return st != LQ_OK ? st : st2;
}
