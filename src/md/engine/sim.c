/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Velocity Verlet in NVE, NVT (Nose–Hoover chains) and NPT (isotropic MTK barostat). */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/md_sim_internal.h"

/*
 * Equations of motion and their factorisation follow G. J. Martyna, M. E. Tuckerman, D. J. Tobias,
 * M. L. Klein, Mol. Phys. 87 (1996) 1117 (Nose–Hoover chain propagator, their Eqs. 29-34 and
 * appendix) and M. E. Tuckerman, J. Alejandre, R. Lopez-Rendon, A. L. Jochim, G. J. Martyna,
 * J. Phys. A 39 (2006) 5629 (isotropic MTK barostat, their Eqs. 2.9 and 3.1-3.8):
 *   dr/dt = p/m + (p_e/W) r,  dp/dt = F - (1 + d/N_f)(p_e/W) p - (p_xi1/Q1) p,
 *   dV/dt = d V p_e/W,        dp_e/dt = d V (P_int - P_ext) + (d/N_f) sum p^2/m - (p_b1/Qb1) p_e.
 * Masses as LAMMPS's fix nvt/npt (fix_nh.cpp), so that Tdamp and Pdamp mean the same in an
 * exported deck: Q1 = N_f kT tau^2, Q_k = kT tau^2; barostat W = (N + 1) kT tau_p^2; the chain on
 * the barostat Qb_k = kT tau_p^2.
 */

void lq_md_run_options_default(lq_md_run_options *o) {
    if (!o) return;
    memset(o, 0, sizeof *o);
    o->ensemble = LQ_MD_NVE;
    o->T_K = 1000.0;
    o->P_bar = 1.0;
    o->dt_ps = 0.001;
    o->tdamp_ps = 0.1;
    o->pdamp_ps = 1.0;
    o->chain_length = 3;
}

static double kinetic(const lq_md_sim *s) {
    double ke = 0;
    const lq_md_system *y = &s->sys;
    for (size_t i = 0; i < y->n_atoms; i++) {
        const double *v = &y->vel_A_per_ps[3 * i];
        ke += y->species[y->type[i]].mass_amu * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }
    return 0.5 * ke * LQ_MD_AMU_A2_PS2_EV;
}

static void set_masses(lq_md_sim *s) {
    double kt = LQ_BOLTZMANN_EV_PER_K * s->ro.T_K, tau = s->ro.tdamp_ps, taup = s->ro.pdamp_ps;
    for (int k = 0; k < s->ro.chain_length; k++) {
        s->q[k] = (k == 0 ? s->nf : 1.0) * kt * tau * tau;
        s->qb[k] = kt * taup * taup;
    }
    s->wmass = ((double)s->sys.n_atoms + 1.0) * kt * taup * taup;
}

lq_status lqi_md_sim_forces(lq_md_sim *s, lq_diag *diag) {
    return lq_md_forcefield_compute(s->ff, &s->sys, s->f, 3 * s->sys.n_atoms, &s->e, diag);
}

lq_status lq_md_sim_create(const lq_md_system *sys, const lq_md_potential *pot,
                           const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                           lq_md_sim **out, lq_diag *diag) {
    if (!pot) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL potential");
    /* The rigid-ion record copies what it needs at create: the borrowed wrapper may go. */
    lq_md_model m;
    lqi_md_model_wrap_potential(pot, &m);
    return lq_md_sim_create_model(sys, &m, ffopt, runopt, out, diag);
}

static lq_status sim_create(const lq_md_system *sys, const lq_md_model *model,
                            const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                            int forces, lq_md_sim **out, lq_diag *diag) {
    if (!sys || !model || !out || sys->n_atoms < 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or empty system");
    lq_md_run_options ro;
    if (runopt)
        ro = *runopt;
    else
        lq_md_run_options_default(&ro);
    if (!(ro.dt_ps > 0 && ro.dt_ps < 0.1) || !(ro.T_K > 0) || !(ro.tdamp_ps > 0) ||
        !(ro.pdamp_ps > 0) || ro.chain_length < 1 || ro.chain_length > LQ_MD_MAX_CHAIN ||
        !isfinite(ro.P_bar) || ro.ensemble < LQ_MD_NVE || ro.ensemble > LQ_MD_NPT)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "run options",
                            "need 0 < dt < 0.1 ps, T > 0, damping times > 0, chain length 1..%d",
                            LQ_MD_MAX_CHAIN);
    lq_md_sim *s = lqi_calloc(1, sizeof *s);
    if (!s) return LQ_ENOMEM;
    s->ro = ro;
    lq_status st = lq_md_system_alloc(&s->sys, sys->n_atoms);
    if (st != LQ_OK) {
        lqi_free(s);
        return st;
    }
    size_t n = sys->n_atoms;
    s->sys.n_species = sys->n_species;
    memcpy(s->sys.species, sys->species, sizeof sys->species);
    memcpy(s->sys.box_A, sys->box_A, sizeof sys->box_A);
    memcpy(s->sys.pos_A, sys->pos_A, 3 * n * sizeof(double));
    memcpy(s->sys.vel_A_per_ps, sys->vel_A_per_ps, 3 * n * sizeof(double));
    memcpy(s->sys.type, sys->type, n * sizeof(int));
    memcpy(s->sys.id, sys->id, n * sizeof(long));
    memcpy(s->sys.image, sys->image, 3 * n * sizeof(int));
    s->nf = 3.0 * (double)n - 3.0;
    s->f = lqi_malloc_array(3 * n, sizeof *s->f);
    if (!s->f) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lq_md_forcefield_create_model(model, &s->sys, ffopt, &s->ff, diag);
    if (st == LQ_OK && forces) st = lqi_md_sim_forces(s, diag);
    if (st != LQ_OK) {
        lq_md_sim_free(s);
        return st;
    }
    set_masses(s);
    *out = s;
    return LQ_OK;
}

lq_status lq_md_sim_create_model(const lq_md_system *sys, const lq_md_model *model,
                                 const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                                 lq_md_sim **out, lq_diag *diag) {
    return sim_create(sys, model, ffopt, runopt, 1, out, diag);
}

lq_status lqi_md_sim_create_unforced(const lq_md_system *sys, const lq_md_model *model,
                                     const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                                     lq_md_sim **out, lq_diag *diag) {
    return sim_create(sys, model, ffopt, runopt, 0, out, diag);
}

void lq_md_sim_free(lq_md_sim *s) {
    if (!s) return;
    lq_md_forcefield_free(s->ff);
    lqi_free(s->f);
    lq_md_system_free(&s->sys);
    lqi_free(s);
}

lq_status lq_md_sim_velocities_init(lq_md_sim *s, double T_K, unsigned long seed) {
    if (!s || !(T_K >= 0) || !isfinite(T_K)) return LQ_EINVAL;
    lqi_rng r;
    lqi_rng_seed(&r, (uint64_t)seed);
    lq_md_system *y = &s->sys;
    double p[3] = {0, 0, 0}, mt = 0;
    for (size_t i = 0; i < y->n_atoms; i++) {
        double m = y->species[y->type[i]].mass_amu;
        double sd = sqrt(LQ_BOLTZMANN_EV_PER_K * (T_K > 0 ? T_K : 1.0) / (m * LQ_MD_AMU_A2_PS2_EV));
        for (int d = 0; d < 3; d++) {
            double v = sd * lqi_rng_normal(&r);
            y->vel_A_per_ps[3 * i + (size_t)d] = v;
            p[d] += m * v;
        }
        mt += m;
    }
    for (size_t i = 0; i < y->n_atoms; i++)
        for (int d = 0; d < 3; d++) y->vel_A_per_ps[3 * i + (size_t)d] -= p[d] / mt;
    double ke = kinetic(s);
    double target = 0.5 * s->nf * LQ_BOLTZMANN_EV_PER_K * T_K;
    double scale = ke > 0 ? sqrt(target / ke) : 0.0;
    for (size_t i = 0; i < 3 * y->n_atoms; i++) y->vel_A_per_ps[i] *= scale;
    return LQ_OK;
}

int lq_md_system_velocities_zero(const lq_md_system *sys) {
    if (!sys || !sys->vel_A_per_ps) return 1;
    for (size_t i = 0; i < 3 * sys->n_atoms; i++)
        if (sys->vel_A_per_ps[i] != 0.0) return 0; /* exact: a data file without Velocities */
    return 1;
}

lq_status lq_md_sim_velocities_start(lq_md_sim *s, double T_K, long seed) {
    if (!s || !(T_K >= 0) || !isfinite(T_K)) return LQ_EINVAL;
    if (seed < 0 && !lq_md_system_velocities_zero(&s->sys)) return LQ_OK;
    return lq_md_sim_velocities_init(
        s, T_K, (unsigned long)(seed >= 0 ? seed : LQ_MD_VELOCITY_SEED_DEFAULT));
}

/* Nose–Hoover chain acting on kinetic energy 2*ke2/2 with `ndof` degrees of freedom, over dt/2
 * (Martyna et al. 1996, appendix: one Trotter step, no Suzuki–Yoshida subdivision).
 * Returns the velocity scale factor. */
static double nhc_half(int m, double dt, double ke2, double ndof, double kt, const double *q,
                       double *eta, double *veta) {
    const double dt2 = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
    double g[LQ_MD_MAX_CHAIN];
    g[0] = (ke2 - ndof * kt) / q[0];
    for (int k = 1; k < m; k++) g[k] = (q[k - 1] * veta[k - 1] * veta[k - 1] - kt) / q[k];
    veta[m - 1] += g[m - 1] * dt4;
    for (int k = m - 2; k >= 0; k--) {
        double e = exp(-veta[k + 1] * dt8);
        veta[k] = (veta[k] * e + g[k] * dt4) * e;
    }
    double scale = exp(-veta[0] * dt2);
    ke2 *= scale * scale;
    for (int k = 0; k < m; k++) eta[k] += veta[k] * dt2;
    g[0] = (ke2 - ndof * kt) / q[0];
    for (int k = 0; k < m - 1; k++) {
        double e = exp(-veta[k + 1] * dt8);
        veta[k] = (veta[k] * e + g[k] * dt4) * e;
        g[k + 1] = (q[k] * veta[k] * veta[k] - kt) / q[k + 1];
    }
    veta[m - 1] += g[m - 1] * dt4;
    return scale;
}

static void scale_velocities(lq_md_sim *s, double c) {
    for (size_t i = 0; i < 3 * s->sys.n_atoms; i++) s->sys.vel_A_per_ps[i] *= c;
}

static void thermostats(lq_md_sim *s) {
    const double kt = LQ_BOLTZMANN_EV_PER_K * s->ro.T_K;
    const int m = s->ro.chain_length;
    if (s->ro.ensemble == LQ_MD_NPT) {
        double c = nhc_half(m, s->ro.dt_ps, s->wmass * s->veps * s->veps, 1.0, kt, s->qb, s->etab,
                            s->vetab);
        s->veps *= c;
    }
    if (s->ro.ensemble != LQ_MD_NVE)
        scale_velocities(
            s, nhc_half(m, s->ro.dt_ps, 2.0 * kinetic(s), s->nf, kt, s->q, s->eta, s->veta));
}

static double sinhc(double x) { return fabs(x) < 1e-4 ? 1.0 + x * x / 6.0 : sinh(x) / x; }

/* dp/dt = F - alpha v_e p over dt/2 (exact for constant F and v_e; Tuckerman 2006 Eq. 3.6). */
static void kick(lq_md_sim *s) {
    const double h = 0.5 * s->ro.dt_ps;
    double a = 0, b = 1;
    if (s->ro.ensemble == LQ_MD_NPT) {
        double x = (1.0 + 3.0 / s->nf) * s->veps * h;
        a = exp(-x);
        b = exp(-0.5 * x) * sinhc(0.5 * x);
    } else {
        a = 1.0;
    }
    lq_md_system *y = &s->sys;
    for (size_t i = 0; i < y->n_atoms; i++) {
        double c = h / (y->species[y->type[i]].mass_amu * LQ_MD_AMU_A2_PS2_EV) * b;
        for (int d = 0; d < 3; d++) {
            size_t k = 3 * i + (size_t)d;
            y->vel_A_per_ps[k] = y->vel_A_per_ps[k] * a + s->f[k] * c;
        }
    }
}

static void drift(lq_md_sim *s) {
    const double dt = s->ro.dt_ps;
    lq_md_system *y = &s->sys;
    if (s->ro.ensemble == LQ_MD_NPT) {
        double x = s->veps * dt, e = exp(x), c = dt * exp(0.5 * x) * sinhc(0.5 * x);
        for (size_t k = 0; k < 3 * y->n_atoms; k++)
            y->pos_A[k] = y->pos_A[k] * e + y->vel_A_per_ps[k] * c;
        for (int d = 0; d < 3; d++) y->box_A[d] *= e;
    } else {
        for (size_t k = 0; k < 3 * y->n_atoms; k++) y->pos_A[k] += y->vel_A_per_ps[k] * dt;
    }
}

static double volume(const lq_md_sim *s) {
    return s->sys.box_A[0] * s->sys.box_A[1] * s->sys.box_A[2];
}

/* Barostat force: d V (P_int - P_ext) + (d/N_f) 2 KE = (1 + 3/N_f) 2 KE + W - 3 V P_ext. */
static void barostat_half(lq_md_sim *s) {
    double w = s->e.virial_eV[0] + s->e.virial_eV[1] + s->e.virial_eV[2];
    double pext = s->ro.P_bar / LQ_MD_EV_A3_BAR;
    double g = (1.0 + 3.0 / s->nf) * 2.0 * kinetic(s) + w - 3.0 * volume(s) * pext;
    s->veps += 0.5 * s->ro.dt_ps * g / s->wmass;
}

static lq_status one_step(lq_md_sim *s, lq_diag *diag) {
    thermostats(s);
    if (s->ro.ensemble == LQ_MD_NPT) barostat_half(s);
    kick(s);
    drift(s);
    lq_status st = lqi_md_sim_forces(s, diag);
    if (st != LQ_OK) return st;
    kick(s);
    if (s->ro.ensemble == LQ_MD_NPT) barostat_half(s);
    thermostats(s);
    s->step++;
    s->time_ps += s->ro.dt_ps;
    return LQ_OK;
}

lq_status lq_md_sim_run(lq_md_sim *s, long n_steps, lq_md_step_callback cb, void *user, long every,
                        lq_diag *diag) {
    if (!s || n_steps < 0) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "bad arguments");
    for (long k = 0; k < n_steps; k++) {
        lq_status st = one_step(s, diag);
        if (st != LQ_OK) return st;
        double ke = kinetic(s);
        if (!isfinite(ke) || !isfinite(s->e.total_eV))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "temperature",
                                "the dynamics blew up at step %ld (non-finite energy); reduce the "
                                "time step",
                                s->step);
        int last = k == n_steps - 1;
        if (cb && ((every > 0 && s->step % every == 0) || last))
            if (cb(user, s)) break;
    }
    return LQ_OK;
}

void lq_md_sim_thermo(const lq_md_sim *s, lq_md_thermo *t) {
    if (!s || !t) return;
    memset(t, 0, sizeof *t);
    const double kb = LQ_BOLTZMANN_EV_PER_K, kt = kb * s->ro.T_K;
    double ke = kinetic(s), v = volume(s);
    t->step = s->step;
    t->time_ps = s->time_ps;
    t->ke_eV = ke;
    t->pe_eV = s->e.total_eV;
    t->etot_eV = ke + s->e.total_eV;
    t->T_K = 2.0 * ke / (s->nf * kb);
    double w = s->e.virial_eV[0] + s->e.virial_eV[1] + s->e.virial_eV[2];
    t->P_bar = (2.0 * ke + w) / (3.0 * v) * LQ_MD_EV_A3_BAR;
    t->volume_A3 = v;
    double mass = 0;
    for (size_t i = 0; i < s->sys.n_atoms; i++) mass += s->sys.species[s->sys.type[i]].mass_amu;
    t->density_g_cm3 = mass / v * LQ_MD_AMU_A3_G_CM3;
    double h = t->etot_eV;
    const int m = s->ro.chain_length;
    if (s->ro.ensemble != LQ_MD_NVE) {
        for (int k = 0; k < m; k++)
            h += 0.5 * s->q[k] * s->veta[k] * s->veta[k] + (k == 0 ? s->nf : 1.0) * kt * s->eta[k];
    }
    if (s->ro.ensemble == LQ_MD_NPT) {
        h += 0.5 * s->wmass * s->veps * s->veps + s->ro.P_bar / LQ_MD_EV_A3_BAR * v;
        for (int k = 0; k < m; k++)
            h += 0.5 * s->qb[k] * s->vetab[k] * s->vetab[k] + kt * s->etab[k];
    }
    t->econserved_eV = h;
}

const lq_md_system *lq_md_sim_system(const lq_md_sim *s) { return s ? &s->sys : NULL; }
const double *lq_md_sim_forces(const lq_md_sim *s) { return s ? s->f : NULL; }
void lq_md_sim_kspace_info(const lq_md_sim *s, lq_md_kspace_info *info) {
    if (s) lq_md_forcefield_kspace_info(s->ff, info);
}
