/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Energy and forces: Born–Mayer–Huggins pairs + erfc-screened Coulomb + Ewald or PPPM. */
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/md_internal.h"

typedef struct pair_coef {
    double a; /* A exp(sigma/rho), eV */
    double inv_rho;
    double c, d;   /* C, D */
    double offset; /* Born energy at the cutoff (subtracted when shifting) */
    double qq;     /* e^2/(4 pi eps0) q_i q_j, eV A */
} pair_coef;

/* Pair tables: E(s) on [s0, rc^2], s = r^2, as cubic Hermite pieces
 * E = ((c3 t + c2) t + c1) t + c0, t = (s - s_k)/h, built from the analytic E and dE/ds at the
 * knots; the force uses the derivative of the same cubic, so forces are exact derivatives of
 * the tabulated energy (energy conservation is not degraded by the table). */
#define LQ_MD_TABLE_N 2048

struct lq_md_forcefield {
    lq_md_ff_options opt;
    size_t n_atoms, n_species;
    pair_coef coef[LQ_MD_MAX_SPECIES][LQ_MD_MAX_SPECIES];
    double charge[LQ_MD_MAX_SPECIES];
    double box[3];
    double *q;    /* [n] charges scaled by sqrt(e^2/(4 pi eps0)) */
    double *fall; /* [3 (n + ghosts) nthreads] per-thread force buffers */
    size_t cap_fall;
    int nthreads;
    lqi_md_nlist nl;
    int built;
    lqi_md_ewald *ewald;
    lqi_md_pppm *pppm;
    double g;
    double tab_s0, tab_inv_h;
    double *tab; /* [n_species (n_species + 1) / 2][LQ_MD_TABLE_N + 1][4] */
    size_t tab_of[LQ_MD_MAX_SPECIES][LQ_MD_MAX_SPECIES]; /* offset of the table of a pair */
};

void lq_md_ff_options_default(lq_md_ff_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->cutoff_A = 10.0;
    opt->shift = 0;
    opt->kspace = LQ_MD_KSPACE_PPPM;
    opt->accuracy = 1e-5;
    opt->pppm_order = 5;
    opt->skin_A = 2.0;
    opt->min_distance_A = 0.5;
    opt->n_threads = 0;
    opt->tabulate = 1;
}

void lq_md_forcefield_free(lq_md_forcefield *ff) {
    if (!ff) return;
    lqi_free(ff->q);
    lqi_free(ff->tab);
    lqi_free(ff->fall);
    lqi_md_nlist_free(&ff->nl);
    lqi_md_ewald_free(ff->ewald);
    lqi_md_pppm_free(ff->pppm);
    lqi_free(ff);
}

/* Analytic pair energy and r(-dE/dr) of one pair type at distance r. */
static void pair_eval(const pair_coef *c, double g, double r, double *e, double *rf) {
    const double r2inv = 1.0 / (r * r), r6inv = r2inv * r2inv * r2inv;
    const double rexp = c->a * exp(-r * c->inv_rho);
    const double gr = g * r, expm2 = exp(-gr * gr);
    const double erfcv = lqi_md_erfc_given_exp(gr, expm2);
    *e = rexp - c->c * r6inv + c->d * r6inv * r2inv - c->offset + c->qq / r * erfcv;
    *rf = rexp * r * c->inv_rho - 6.0 * c->c * r6inv + 8.0 * c->d * r6inv * r2inv +
          c->qq / r * (erfcv + 2.0 * g / sqrt(LQ_PI) * r * expm2);
}

static lq_status build_tables(lq_md_forcefield *ff) {
    const size_t ns = ff->n_species, N = LQ_MD_TABLE_N;
    double s0 = ff->opt.min_distance_A * ff->opt.min_distance_A;
    if (s0 < 0.01) s0 = 0.01; /* r = 0.1 A: below, the table would need far finer steps */
    const double s1 = ff->opt.cutoff_A * ff->opt.cutoff_A, h = (s1 - s0) / (double)N;
    /* One extra, all-zero piece per pair: pairs beyond the cutoff are clamped onto it, which keeps
     * the (unpredictable) cutoff test out of the pair loop. */
    ff->tab = lqi_calloc(ns * (ns + 1) / 2 * (N + 1) * 4, sizeof *ff->tab);
    if (!ff->tab) return LQ_ENOMEM;
    ff->tab_s0 = s0;
    ff->tab_inv_h = 1.0 / h;
    size_t np = 0;
    for (size_t a = 0; a < ns; a++)
        for (size_t b = a; b < ns; b++, np++) {
            ff->tab_of[a][b] = ff->tab_of[b][a] = np * (N + 1) * 4;
            double *t = &ff->tab[np * (N + 1) * 4];
            double e0, rf0, e1, rf1, s = s0;
            pair_eval(&ff->coef[a][b], ff->g, sqrt(s), &e0, &rf0);
            for (size_t k = 0; k < N; k++) {
                double sn = s0 + h * (double)(k + 1);
                pair_eval(&ff->coef[a][b], ff->g, sqrt(sn), &e1, &rf1);
                /* dE/ds = -(r (-dE/dr)) / (2 r^2), times h for the unit interval */
                double d0 = -rf0 / (2.0 * s) * h, d1 = -rf1 / (2.0 * sn) * h;
                t[4 * k] = e0;
                t[4 * k + 1] = d0;
                t[4 * k + 2] = 3.0 * (e1 - e0) - 2.0 * d0 - d1;
                t[4 * k + 3] = 2.0 * (e0 - e1) + d0 + d1;
                e0 = e1;
                rf0 = rf1;
                s = sn;
            }
        }
    return LQ_OK;
}

static lq_status check_box(const lq_md_forcefield *ff, const double box[3], lq_diag *diag) {
    for (int d = 0; d < 3; d++)
        if (!(box[d] >= 2.0 * ff->opt.cutoff_A))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "box",
                                "box edge %c = %g A is smaller than twice the cutoff (2 x %g A)",
                                "xyz"[d], box[d], ff -> opt.cutoff_A);
    return LQ_OK;
}

static double r_list(const lq_md_forcefield *ff) {
    /* The list radius must stay below the smallest edge (see neighbor.c). */
    double rl = ff->opt.cutoff_A + ff->opt.skin_A, lmin = ff->box[0];
    for (int d = 1; d < 3; d++)
        if (ff->box[d] < lmin) lmin = ff->box[d];
    if (rl > 0.999 * lmin) rl = 0.999 * lmin;
    return rl;
}

lq_status lq_md_forcefield_create(const lq_md_potential *pot, const lq_md_system *sys,
                                  const lq_md_ff_options *opt, lq_md_forcefield **out,
                                  lq_diag *diag) {
    if (!pot || !sys || !out || sys->n_atoms < 2 || !sys->pos_A || !sys->type ||
        sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or empty system");
    lq_md_ff_options o;
    if (opt)
        o = *opt;
    else
        lq_md_ff_options_default(&o);
    if (!(o.cutoff_A > 0) || !(o.skin_A >= 0) || !(o.accuracy > 0 && o.accuracy < 1) ||
        !(o.min_distance_A >= 0) || o.pppm_order < 2 || o.pppm_order > 7 || o.g_ewald_per_A < 0 ||
        (o.kspace != LQ_MD_KSPACE_EWALD && o.kspace != LQ_MD_KSPACE_PPPM))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need cutoff > 0, skin >= 0, 0 < accuracy < 1, order 2..7");
    lq_md_forcefield *ff = lqi_calloc(1, sizeof *ff);
    if (!ff) return LQ_ENOMEM;
    ff->opt = o;
    ff->n_atoms = sys->n_atoms;
    ff->n_species = sys->n_species;
    memcpy(ff->box, sys->box_A, sizeof ff->box);
    lq_status st = check_box(ff, sys->box_A, diag);
    size_t map[LQ_MD_MAX_SPECIES];
    for (size_t t = 0; st == LQ_OK && t < sys->n_species; t++) {
        if (lq_md_potential_find(pot, sys->species[t].name, &map[t]) != LQ_OK)
            st = lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                              "species '%s' (atom type %zu) is not in the potential",
                              sys->species[t].name, t + 1);
        ff->charge[t] = sys->species[t].charge_e;
    }
    const double rc = o.cutoff_A;
    for (size_t a = 0; st == LQ_OK && a < sys->n_species; a++)
        for (size_t b = 0; st == LQ_OK && b < sys->n_species; b++) {
            if (!pot->has_pair[map[a]][map[b]]) {
                st = lqi_diag_set(diag, LQ_EDOM, NULL, 0, "pair",
                                  "the potential has no parameters for the pair %s-%s",
                                  sys->species[a].name, sys->species[b].name);
                break;
            }
            const lq_md_born *p = &pot->pair[map[a]][map[b]];
            pair_coef *c = &ff->coef[a][b];
            c->a = p->A_eV * exp(p->sigma_A / p->rho_A);
            c->inv_rho = 1.0 / p->rho_A;
            c->c = p->C_eV_A6;
            c->d = p->D_eV_A8;
            double r6 = rc * rc * rc * rc * rc * rc;
            c->offset =
                o.shift ? c->a * exp(-rc * c->inv_rho) - c->c / r6 + c->d / (r6 * rc * rc) : 0;
            c->qq = LQ_COULOMB_EV_A * ff->charge[a] * ff->charge[b];
        }
    double qsum = 0, qsq = 0;
    ff->q = lqi_malloc_array(sys->n_atoms, sizeof *ff->q);
    if (st == LQ_OK && !ff->q) st = LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < sys->n_atoms; i++) {
        if (sys->type[i] < 0 || (size_t)sys->type[i] >= sys->n_species) {
            st = lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type", "atom %ld has an invalid type",
                              sys->id[i]);
            break;
        }
        double q = ff->charge[sys->type[i]];
        qsum += q;
        qsq += q * q;
        ff->q[i] = q * sqrt(LQ_COULOMB_EV_A);
    }
    if (st == LQ_OK && fabs(qsum) > 1e-8)
        st = lqi_diag_set(
            diag, LQ_EDOM, NULL, 0, "charge",
            "the system carries a net charge of %g e (Ewald/PPPM need a neutral cell)", qsum);
    if (st == LQ_OK && !(qsq > 0))
        st = lqi_diag_set(diag, LQ_EDOM, NULL, 0, "charge", "no charged atoms");
    if (st == LQ_OK) {
        /* Accuracy in force units relative to two unit charges 1 A apart (LAMMPS convention). */
        double acc = o.accuracy * LQ_COULOMB_EV_A, q2 = qsq * LQ_COULOMB_EV_A;
        if (o.kspace == LQ_MD_KSPACE_EWALD) {
            double g = o.g_ewald_per_A > 0 ? o.g_ewald_per_A
                                           : lqi_md_ewald_g(acc, q2, sys->n_atoms, rc, sys->box_A);
            st = lqi_md_ewald_create(sys->box_A, sys->n_atoms, q2, g, acc, o.kmax, &ff->ewald);
        } else {
            st = lqi_md_pppm_create(sys->box_A, sys->n_atoms, q2, rc, acc, o.pppm_order,
                                    o.g_ewald_per_A, o.mesh, &ff->pppm);
        }
        if (st == LQ_ENOCONV)
            lqi_diag_set(diag, st, NULL, 0, "accuracy",
                         "could not find a PPPM splitting parameter for accuracy %g", o.accuracy);
    }
    if (st == LQ_OK) {
        lq_md_kspace_info info;
        lq_md_forcefield_kspace_info(ff, &info);
        ff->g = info.g_ewald_per_A;
        if (o.tabulate) st = build_tables(ff);
    }
#ifdef _OPENMP
    ff->nthreads = o.n_threads > 0 ? o.n_threads : omp_get_max_threads();
#else
    ff->nthreads = 1;
#endif
    if (ff->nthreads < 1) ff->nthreads = 1;
    if (st != LQ_OK) {
        lq_md_forcefield_free(ff);
        return st;
    }
    *out = ff;
    return LQ_OK;
}

void lqi_md_forcefield_invalidate(lq_md_forcefield *ff) {
    if (ff) ff->built = 0;
}

void lq_md_forcefield_kspace_info(const lq_md_forcefield *ff, lq_md_kspace_info *info) {
    if (!ff || !info) return;
    memset(info, 0, sizeof *info);
    if (ff->ewald) lqi_md_ewald_info(ff->ewald, info);
    if (ff->pppm) lqi_md_pppm_info(ff->pppm, info);
}

/* Pair forces from the tables (same contract as pair_loop; Born and Coulomb are not separated:
 * the whole pair energy is returned in *eborn and *ecoul is 0). */
static void pair_loop_table(lq_md_forcefield *ff, double *fbuf, size_t nall, double *epair,
                            double vir[6], long bad[2]) {
    const lqi_md_nlist *nl = &ff->nl;
    const size_t n = nl->n_local;
    const double dmin2 = ff->opt.min_distance_A * ff->opt.min_distance_A;
    const double s0 = ff->tab_s0, ih = ff->tab_inv_h;
    double ep = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
    long b0 = -1, b1 = -1;
    const int nt = ff->nthreads;
#pragma omp parallel num_threads(nt) reduction(+ : ep, v0, v1, v2, v3, v4, v5)
    {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        double *f = fbuf + (size_t)tid * 3 * nall;
        memset(f, 0, 3 * nall * sizeof *f);
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            const double xi = nl->x[3 * i], yi = nl->x[3 * i + 1], zi = nl->x[3 * i + 2];
            const size_t *toff = ff->tab_of[nl->xtype[i]];
            double fxi = 0, fyi = 0, fzi = 0;
            for (size_t k = nl->first[i]; k < nl->first[i + 1]; k++) {
                const size_t j = (size_t)nl->neigh[k];
                const double dx = xi - nl->x[3 * j], dy = yi - nl->x[3 * j + 1],
                             dz = zi - nl->x[3 * j + 2];
                const double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < dmin2 || r2 < s0) {
#pragma omp critical(lq_md_overlap_t)
                    {
                        b0 = (long)nl->perm[i];
                        b1 = (long)nl->perm[j < n ? j : nl->ghost_of[j - n]];
                    }
                    continue;
                }
                const double u = (r2 - s0) * ih;
                size_t m = (size_t)u;
                m = m < LQ_MD_TABLE_N ? m : LQ_MD_TABLE_N; /* r >= cutoff: the zero piece */
                const double t = u - (double)m;
                const double *c = ff->tab + toff[nl->xtype[j]] + 4 * m;
                ep += ((c[3] * t + c[2]) * t + c[1]) * t + c[0];
                /* F_i = -dE/dr_i = -2 dE/ds (r_i - r_j) */
                const double fpair = -2.0 * ih * ((3.0 * c[3] * t + 2.0 * c[2]) * t + c[1]);
                fxi += dx * fpair;
                fyi += dy * fpair;
                fzi += dz * fpair;
                f[3 * j] -= dx * fpair;
                f[3 * j + 1] -= dy * fpair;
                f[3 * j + 2] -= dz * fpair;
                v0 += dx * dx * fpair;
                v1 += dy * dy * fpair;
                v2 += dz * dz * fpair;
                v3 += dx * dy * fpair;
                v4 += dx * dz * fpair;
                v5 += dy * dz * fpair;
            }
            f[3 * i] += fxi;
            f[3 * i + 1] += fyi;
            f[3 * i + 2] += fzi;
        }
    }
    *epair = ep;
    vir[0] = v0;
    vir[1] = v1;
    vir[2] = v2;
    vir[3] = v3;
    vir[4] = v4;
    vir[5] = v5;
    bad[0] = b0;
    bad[1] = b1;
}

/* Pair forces over the half list; returns the id pair of an overlap in bad[] (else -1). */
static void pair_loop(lq_md_forcefield *ff, double *fbuf, size_t nall, double *eborn, double *ecoul,
                      double vir[6], long bad[2]) {
    const lqi_md_nlist *nl = &ff->nl;
    const size_t n = nl->n_local;
    const double rc2 = ff->opt.cutoff_A * ff->opt.cutoff_A;
    const double dmin2 = ff->opt.min_distance_A * ff->opt.min_distance_A;
    const double gew = ff->g;
    const double two_g_sqrtpi = 2.0 * gew / sqrt(LQ_PI);
    double eb = 0, ec = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
    long b0 = -1, b1 = -1;
    const int nt = ff->nthreads;
#pragma omp parallel num_threads(nt) reduction(+ : eb, ec, v0, v1, v2, v3, v4, v5)
    {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        double *f = fbuf + (size_t)tid * 3 * nall;
        memset(f, 0, 3 * nall * sizeof *f);
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            const double xi = nl->x[3 * i], yi = nl->x[3 * i + 1], zi = nl->x[3 * i + 2];
            const pair_coef *crow = ff->coef[nl->xtype[i]];
            double fxi = 0, fyi = 0, fzi = 0;
            for (size_t k = nl->first[i]; k < nl->first[i + 1]; k++) {
                const size_t j = (size_t)nl->neigh[k];
                const double dx = xi - nl->x[3 * j], dy = yi - nl->x[3 * j + 1],
                             dz = zi - nl->x[3 * j + 2];
                const double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= rc2) continue;
                if (r2 < dmin2) {
#pragma omp critical(lq_md_overlap)
                    {
                        b0 = (long)nl->perm[i];
                        b1 = (long)nl->perm[j < n ? j : nl->ghost_of[j - n]];
                    }
                    continue;
                }
                const pair_coef *c = &crow[nl->xtype[j]];
                const double r = sqrt(r2), r2inv = 1.0 / r2, r6inv = r2inv * r2inv * r2inv;
                /* Born: E = a exp(-r/rho) - C/r^6 + D/r^8; r (-dE/dr) below. */
                const double rexp = c->a * exp(-r * c->inv_rho);
                const double fborn =
                    rexp * r * c->inv_rho - 6.0 * c->c * r6inv + 8.0 * c->d * r6inv * r2inv;
                eb += rexp - c->c * r6inv + c->d * r6inv * r2inv - c->offset;
                /* Coulomb: E = qq erfc(g r)/r; r (-dE/dr) = qq (erfc + 2 g r/sqrt(pi) e^{-g^2
                 * r^2})/r */
                const double gr = gew * r, expm2 = exp(-gr * gr);
                const double erfcv = lqi_md_erfc_given_exp(gr, expm2);
                const double prefac = c->qq / r;
                ec += prefac * erfcv;
                const double fcoul = prefac * (erfcv + two_g_sqrtpi * r * expm2);
                const double fpair = (fcoul + fborn) * r2inv;
                fxi += dx * fpair;
                fyi += dy * fpair;
                fzi += dz * fpair;
                f[3 * j] -= dx * fpair;
                f[3 * j + 1] -= dy * fpair;
                f[3 * j + 2] -= dz * fpair;
                v0 += dx * dx * fpair;
                v1 += dy * dy * fpair;
                v2 += dz * dz * fpair;
                v3 += dx * dy * fpair;
                v4 += dx * dz * fpair;
                v5 += dy * dz * fpair;
            }
            f[3 * i] += fxi;
            f[3 * i + 1] += fyi;
            f[3 * i + 2] += fzi;
        }
    }
    *eborn = eb;
    *ecoul = ec;
    vir[0] = v0;
    vir[1] = v1;
    vir[2] = v2;
    vir[3] = v3;
    vir[4] = v4;
    vir[5] = v5;
    bad[0] = b0;
    bad[1] = b1;
}

lq_status lq_md_forcefield_compute(lq_md_forcefield *ff, lq_md_system *sys, double *forces,
                                   size_t n3, lq_md_energy *e, lq_diag *diag) {
    if (!ff || !sys || sys->n_atoms != ff->n_atoms || (forces && n3 != 3 * ff->n_atoms))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "system does not match the force field");
    lq_status st;
    int box_changed = memcmp(ff->box, sys->box_A, sizeof ff->box) != 0;
    if (box_changed) {
        st = check_box(ff, sys->box_A, diag);
        if (st != LQ_OK) return st;
        memcpy(ff->box, sys->box_A, sizeof ff->box);
        st = ff->ewald ? lqi_md_ewald_setup(ff->ewald, ff->box)
                       : lqi_md_pppm_setup(ff->pppm, ff->box);
        if (st != LQ_OK) return st;
    }
    if (!ff->built || lqi_md_nlist_stale(&ff->nl, sys, ff->opt.skin_A)) {
        st = lqi_md_nlist_build(&ff->nl, sys, r_list(ff));
        if (st != LQ_OK) return st;
        ff->built = 1;
    } else {
        lqi_md_nlist_update(&ff->nl, sys);
    }
    size_t nall = ff->nl.n_local + ff->nl.n_ghost;
    size_t need = 3 * nall * (size_t)ff->nthreads + 3 * ff->n_atoms; /* + unsorted output */
    if (need > ff->cap_fall) {
        lqi_free(ff->fall);
        ff->cap_fall = need + need / 4;
        ff->fall = lqi_malloc_array(ff->cap_fall, sizeof *ff->fall);
        if (!ff->fall) {
            ff->cap_fall = 0;
            return LQ_ENOMEM;
        }
    }
    double eborn, ecoul, vir[6];
    long bad[2];
    if (ff->tab) {
        pair_loop_table(ff, ff->fall, nall, &eborn, vir, bad);
        ecoul = 0;
    } else {
        pair_loop(ff, ff->fall, nall, &eborn, &ecoul, vir, bad);
    }
    if (bad[0] >= 0)
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "positions",
                            "atoms %ld and %ld are closer than %g A (overlapping atoms)",
                            sys->id[bad[0]], sys->id[bad[1]], ff->opt.min_distance_A);
    /* Reduce thread buffers and fold ghost forces onto their owners. */
    const size_t n = ff->n_atoms;
    double *f0 = ff->fall;
    for (int t = 1; t < ff->nthreads; t++) {
        const double *ft = ff->fall + (size_t)t * 3 * nall;
        for (size_t k = 0; k < 3 * nall; k++) f0[k] += ft[k];
    }
    for (size_t gi = 0; gi < ff->nl.n_ghost; gi++) {
        size_t o = ff->nl.ghost_of[gi];
        for (int d = 0; d < 3; d++) f0[3 * o + (size_t)d] += f0[3 * (n + gi) + (size_t)d];
    }
    /* Back from cell order to the system's order (the ghost slots serve as the buffer). */
    double *fo = f0 + 3 * nall;
    for (size_t k = 0; k < n; k++)
        for (int d = 0; d < 3; d++) fo[3 * ff->nl.perm[k] + (size_t)d] = f0[3 * k + (size_t)d];
    double ek;
    if (ff->ewald)
        ek = lqi_md_ewald_compute(ff->ewald, n, sys->pos_A, ff->q, fo, vir);
    else
        ek = lqi_md_pppm_compute(ff->pppm, n, sys->pos_A, ff->q, fo, vir);
    if (forces) memcpy(forces, fo, 3 * n * sizeof *forces);
    if (e) {
        e->born_eV = eborn;
        e->coul_real_eV = ecoul;
        e->coul_kspace_eV = ek;
        e->total_eV = eborn + ecoul + ek;
        memcpy(e->virial_eV, vir, sizeof vir);
    }
    return LQ_OK;
}
