/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Random starting configurations: cubic box at a given density, minimum separation, Maxwell-
 * Boltzmann velocities. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

lq_md_build_options lq_md_build_options_default(void) {
    lq_md_build_options o;
    o.T_K = 1000.0;
    o.density_g_cm3 = 0.0;
    o.min_separation_A = 2.0;
    o.seed = 1;
    o.max_attempts_per_atom = 100000;
    return o;
}

lq_status lq_md_system_density(const lq_md_system *sys, double *rho_g_cm3) {
    if (!sys || !rho_g_cm3 || !sys->type) return LQ_EINVAL;
    double v = sys->box_A[0] * sys->box_A[1] * sys->box_A[2];
    if (!(v > 0.0)) return LQ_EINVAL;
    double m = 0.0;
    for (size_t i = 0; i < sys->n_atoms; i++) {
        int t = sys->type[i];
        if (t < 0 || (size_t)t >= sys->n_species || !(sys->species[t].mass_amu > 0.0))
            return LQ_EINVAL;
        m += sys->species[t].mass_amu;
    }
    /* amu -> g: 1 / N_A (per mol, LQ_AMU_G_PER_MOL); A^3 -> cm^3 */
    *rho_g_cm3 = m * LQ_AMU_G_PER_MOL / LQ_AVOGADRO_PER_MOL / (v * LQ_A3_M3 / LQ_CM3_M3);
    return LQ_OK;
}

/* Cell grid for the overlap test: cells of edge >= min_sep, each holding a linked list. */
typedef struct grid {
    size_t nc;   /* cells per edge */
    double cell; /* cell edge */
    long *head;  /* [nc^3], -1 = empty */
    long *next;  /* [n_atoms] */
} grid;

static size_t cell_of(const grid *g, const double *x) {
    size_t c[3];
    for (size_t k = 0; k < 3; k++) {
        long i = (long)floor(x[k] / g->cell);
        if (i < 0) i = 0;
        if ((size_t)i >= g->nc) i = (long)g->nc - 1;
        c[k] = (size_t)i;
    }
    return (c[0] * g->nc + c[1]) * g->nc + c[2];
}

static int overlaps(const grid *g, const double *pos, const double *x, double L, double d2) {
    long c[3];
    size_t id = cell_of(g, x);
    c[2] = (long)(id % g->nc);
    c[1] = (long)((id / g->nc) % g->nc);
    c[0] = (long)(id / g->nc / g->nc);
    long nc = (long)g->nc;
    long span = nc == 1 ? 0 : 1; /* a single cell holds every atom */
    for (long a = -span; a <= span; a++)
        for (long b = -span; b <= span; b++)
            for (long e = -span; e <= span; e++) {
                long ca = (c[0] + a + nc) % nc, cb = (c[1] + b + nc) % nc,
                     ce = (c[2] + e + nc) % nc;
                for (long j = g->head[(ca * nc + cb) * nc + ce]; j >= 0; j = g->next[j]) {
                    double r2 = 0.0;
                    for (size_t k = 0; k < 3; k++) {
                        double dx = x[k] - pos[3 * (size_t)j + k];
                        dx -= L * nearbyint(dx / L);
                        r2 += dx * dx;
                    }
                    if (r2 < d2) return 1;
                }
            }
    return 0;
}

lq_status lq_md_system_build(const lq_md_composition *comp, const lq_md_build_options *opt,
                             lq_md_system *sys, lq_diag *diag) {
    if (!comp || !opt || !sys) return LQ_EINVAL;
    if (!(opt->density_g_cm3 > 0.0) || !isfinite(opt->density_g_cm3))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "density",
                            "the starting density must be a positive number of g/cm^3");
    if (!(opt->T_K >= 0.0) || !isfinite(opt->T_K))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "T", "T must be >= 0 K");
    if (!(opt->min_separation_A >= 0.0) || opt->max_attempts_per_atom < 1)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "min_separation",
                            "bad minimum separation or attempt count");
    if (comp->n_species == 0 || comp->n_species > LQ_MD_MAX_SPECIES) return LQ_EINVAL;
    size_t n = 0;
    double mass = 0.0, q = 0.0;
    for (size_t s = 0; s < comp->n_species; s++) {
        if (comp->count[s] < 0) return LQ_EINVAL;
        n += (size_t)comp->count[s];
        mass += (double)comp->count[s] * comp->species[s].mass_amu;
        q += (double)comp->count[s] * comp->species[s].charge_e;
    }
    if (n == 0) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "no atoms");
    if (fabs(q) > 1e-9)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                            "the composition carries a net charge of %+g e", q);
    /* box edge from the density: V = m / rho, m in g = amu / N_A */
    double v_cm3 = mass * LQ_AMU_G_PER_MOL / LQ_AVOGADRO_PER_MOL / opt->density_g_cm3;
    double L = cbrt(v_cm3 * LQ_CM3_M3 / LQ_A3_M3);

    lq_md_system s;
    lq_status st = lq_md_system_alloc(&s, n);
    if (st != LQ_OK) return st;
    s.n_species = comp->n_species;
    for (size_t k = 0; k < comp->n_species; k++) s.species[k] = comp->species[k];
    for (int k = 0; k < 3; k++) s.box_A[k] = L;
    size_t i = 0;
    for (size_t k = 0; k < comp->n_species; k++)
        for (long c = 0; c < comp->count[k]; c++) s.type[i++] = (int)k;

    grid g;
    double d = opt->min_separation_A;
    g.nc = d > 0.0 ? (size_t)floor(L / d) : 1;
    if (g.nc < 3) g.nc = 1; /* the 27-cell search needs >= 3 cells per edge */
    if (g.nc > 200) g.nc = 200;
    g.cell = L / (double)g.nc;
    g.head = lqi_malloc_array(g.nc * g.nc * g.nc, sizeof *g.head);
    g.next = lqi_malloc_array(n, sizeof *g.next);
    if (!g.head || !g.next) {
        lqi_free(g.head);
        lqi_free(g.next);
        lq_md_system_free(&s);
        return LQ_ENOMEM;
    }
    for (size_t c = 0; c < g.nc * g.nc * g.nc; c++) g.head[c] = -1;
    lqi_rng rng;
    lqi_rng_seed(&rng, opt->seed);
    for (i = 0; i < n; i++) {
        double *x = &s.pos_A[3 * i];
        long tries = 0;
        do {
            if (tries++ >= opt->max_attempts_per_atom) {
                lqi_free(g.head);
                lqi_free(g.next);
                lq_md_system_free(&s);
                return lqi_diag_set(diag, LQ_ENOCONV, NULL, 0, "min_separation",
                                    "atom %zu of %zu found no place %.3g A from all others in a "
                                    "%.4g A box after %ld tries: lower the density or the minimum "
                                    "separation",
                                    i + 1, n, d, L, opt->max_attempts_per_atom);
            }
            for (int k = 0; k < 3; k++) x[k] = L * lqi_rng_uniform(&rng);
        } while (i > 0 && d > 0.0 && overlaps(&g, s.pos_A, x, L, d * d));
        size_t c = cell_of(&g, x);
        g.next[i] = g.head[c];
        g.head[c] = (long)i;
    }
    lqi_free(g.head);
    lqi_free(g.next);

    /* Maxwell-Boltzmann: v_k ~ N(0, kT/m), total momentum removed, rescaled to exactly T with
     * 3N - 3 degrees of freedom (one atom: no momentum removal, 3 dof). */
    double p[3] = {0.0, 0.0, 0.0}, kin2 = 0.0;
    double kT = LQ_BOLTZMANN_EV_PER_K * opt->T_K;
    for (i = 0; i < n; i++) {
        double m = s.species[s.type[i]].mass_amu;
        double sd = sqrt(kT / m * LQI_MD_EV_PER_AMU_A2_PS2);
        for (size_t k = 0; k < 3; k++) {
            s.vel_A_per_ps[3 * i + k] = sd * lqi_rng_normal(&rng);
            p[k] += m * s.vel_A_per_ps[3 * i + k];
        }
    }
    if (n > 1)
        for (i = 0; i < n; i++)
            for (size_t k = 0; k < 3; k++) s.vel_A_per_ps[3 * i + k] -= p[k] / mass;
    for (i = 0; i < n; i++) {
        double m = s.species[s.type[i]].mass_amu;
        for (size_t k = 0; k < 3; k++)
            kin2 += m * s.vel_A_per_ps[3 * i + k] * s.vel_A_per_ps[3 * i + k];
    }
    double dof = n > 1 ? 3.0 * (double)n - 3.0 : 3.0;
    double t_now = kin2 / LQI_MD_EV_PER_AMU_A2_PS2 / (dof * LQ_BOLTZMANN_EV_PER_K);
    double f = t_now > 0.0 ? sqrt(opt->T_K / t_now) : 0.0;
    for (i = 0; i < 3 * n; i++) s.vel_A_per_ps[i] *= f;
    *sys = s;
    return LQ_OK;
}
