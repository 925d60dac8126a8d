/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rigid-ion record: Born–Mayer–Huggins pairs + erfc-screened Coulomb + Ewald or PPPM. */
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

/* Per-thread partial sums of one pair loop: energies (2), virial (6), first overlap (2). */
typedef struct pair_part {
    double e[2], v[6];
    long bad[2];
    char pad[16]; /* keeps neighbouring threads' partials off one cache line */
} pair_part;

typedef struct bc_eval {
    lq_md_ff_options opt;
    size_t n_atoms, n_species;
    pair_coef coef[LQ_MD_MAX_SPECIES][LQ_MD_MAX_SPECIES];
    double charge[LQ_MD_MAX_SPECIES];
    double box[3];
    double *q;    /* [n] charges scaled by sqrt(e^2/(4 pi eps0)), system order */
    double *fall; /* [3 (n + ghosts) nthreads] per-thread force buffers, list order */
    size_t cap_fall;
    lqi_md_ewald *ewald;
    lqi_md_pppm *pppm;
    double g;
    double tab_s0, tab_inv_h;
    double *tab; /* [n_species (n_species + 1) / 2][LQ_MD_TABLE_N + 1][4] */
    size_t tab_of[LQ_MD_MAX_SPECIES][LQ_MD_MAX_SPECIES]; /* offset of the table of a pair */
} bc_eval;

static void bc_free(void *p) {
    bc_eval *ev = p;
    if (!ev) return;
    lqi_free(ev->q);
    lqi_free(ev->tab);
    lqi_free(ev->fall);
    lqi_md_ewald_free(ev->ewald);
    lqi_md_pppm_free(ev->pppm);
    lqi_free(ev);
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

static lq_status build_tables(bc_eval *ev) {
    const size_t ns = ev->n_species, N = LQ_MD_TABLE_N;
    double s0 = ev->opt.min_distance_A * ev->opt.min_distance_A;
    if (s0 < 0.01) s0 = 0.01; /* r = 0.1 A: below, the table would need far finer steps */
    const double s1 = ev->opt.cutoff_A * ev->opt.cutoff_A, h = (s1 - s0) / (double)N;
    /* One extra, all-zero piece per pair: pairs beyond the cutoff are clamped onto it, which keeps
     * the (unpredictable) cutoff test out of the pair loop. */
    ev->tab = lqi_calloc(ns * (ns + 1) / 2 * (N + 1) * 4, sizeof *ev->tab);
    if (!ev->tab) return LQ_ENOMEM;
    ev->tab_s0 = s0;
    ev->tab_inv_h = 1.0 / h;
    size_t np = 0;
    for (size_t a = 0; a < ns; a++)
        for (size_t b = a; b < ns; b++, np++) {
            ev->tab_of[a][b] = ev->tab_of[b][a] = np * (N + 1) * 4;
            double *t = &ev->tab[np * (N + 1) * 4];
            double e0, rf0, e1, rf1, s = s0;
            pair_eval(&ev->coef[a][b], ev->g, sqrt(s), &e0, &rf0);
            for (size_t k = 0; k < N; k++) {
                double sn = s0 + h * (double)(k + 1);
                pair_eval(&ev->coef[a][b], ev->g, sqrt(sn), &e1, &rf1);
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

static lq_status check_box(const bc_eval *ev, const double box[3], lq_diag *diag) {
    for (int d = 0; d < 3; d++)
        if (!(box[d] >= 2.0 * ev->opt.cutoff_A))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "box",
                                "box edge %c = %g A is smaller than twice the cutoff (2 x %g A)",
                                "xyz"[d], box[d], ev -> opt.cutoff_A);
    return LQ_OK;
}

static void bc_kspace_info(const void *p, lq_md_kspace_info *info) {
    const bc_eval *ev = p;
    memset(info, 0, sizeof *info);
    if (ev->ewald) lqi_md_ewald_info(ev->ewald, info);
    if (ev->pppm) lqi_md_pppm_info(ev->pppm, info);
}

/* Pair coefficients of the system's species from the potential (map: system -> potential). */
static lq_status set_coefs(bc_eval *ev, const lq_md_potential *pot, const lq_md_system *sys,
                           lq_diag *diag) {
    size_t map[LQ_MD_MAX_SPECIES];
    for (size_t t = 0; t < sys->n_species; t++) {
        if (lq_md_potential_find(pot, sys->species[t].name, &map[t]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                                "species '%s' (atom type %zu) is not in the potential",
                                sys->species[t].name, t + 1);
        ev->charge[t] = sys->species[t].charge_e;
    }
    const double rc = ev->opt.cutoff_A, r6 = rc * rc * rc * rc * rc * rc;
    for (size_t a = 0; a < sys->n_species; a++)
        for (size_t b = 0; b < sys->n_species; b++) {
            if (!pot->has_pair[map[a]][map[b]])
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "pair",
                                    "the potential has no parameters for the pair %s-%s",
                                    sys->species[a].name, sys->species[b].name);
            const lq_md_born *p = &pot->pair[map[a]][map[b]];
            pair_coef *c = &ev->coef[a][b];
            c->a = p->A_eV * exp(p->sigma_A / p->rho_A);
            c->inv_rho = 1.0 / p->rho_A;
            c->c = p->C_eV_A6;
            c->d = p->D_eV_A8;
            c->offset = ev->opt.shift
                            ? c->a * exp(-rc * c->inv_rho) - c->c / r6 + c->d / (r6 * rc * rc)
                            : 0;
            c->qq = LQ_COULOMB_EV_A * ev->charge[a] * ev->charge[b];
        }
    return LQ_OK;
}

/* Charges per atom; the cell must be neutral and carry some charge (Ewald/PPPM). Neutral atoms
 * (charge 0, e.g. a reduced Mg atom) take part in the Born terms only. */
static lq_status set_charges(bc_eval *ev, const lq_md_system *sys, double *qsq, lq_diag *diag) {
    double qsum = 0;
    *qsq = 0;
    for (size_t i = 0; i < sys->n_atoms; i++) {
        if (sys->type[i] < 0 || (size_t)sys->type[i] >= sys->n_species)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type", "atom %ld has an invalid type",
                                sys->id[i]);
        double q = ev->charge[sys->type[i]];
        qsum += q;
        *qsq += q * q;
        ev->q[i] = q * sqrt(LQ_COULOMB_EV_A);
    }
    if (fabs(qsum) > 1e-8)
        return lqi_diag_set(
            diag, LQ_EDOM, NULL, 0, "charge",
            "the system carries a net charge of %g e (Ewald/PPPM need a neutral cell)", qsum);
    if (!(*qsq > 0)) return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "charge", "no charged atoms");
    return LQ_OK;
}

static lq_status bc_create(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           void **out, lqi_md_list_request *req, lq_diag *diag) {
    const lq_md_potential *pot = model;
    bc_eval *ev = lqi_calloc(1, sizeof *ev);
    if (!ev) return LQ_ENOMEM;
    ev->opt = *o;
    ev->n_atoms = sys->n_atoms;
    ev->n_species = sys->n_species;
    memcpy(ev->box, sys->box_A, sizeof ev->box);
    const double rc = o->cutoff_A;
    lq_status st = check_box(ev, sys->box_A, diag);
    if (st == LQ_OK) st = set_coefs(ev, pot, sys, diag);
    double qsq = 0;
    ev->q = lqi_malloc_array(sys->n_atoms, sizeof *ev->q);
    if (st == LQ_OK && !ev->q) st = LQ_ENOMEM;
    if (st == LQ_OK) st = set_charges(ev, sys, &qsq, diag);
    if (st == LQ_OK) {
        /* Accuracy in force units relative to two unit charges 1 A apart (LAMMPS convention). */
        double acc = o->accuracy * LQ_COULOMB_EV_A, q2 = qsq * LQ_COULOMB_EV_A;
        if (o->kspace == LQ_MD_KSPACE_EWALD) {
            double g = o->g_ewald_per_A > 0 ? o->g_ewald_per_A
                                            : lqi_md_ewald_g(acc, q2, sys->n_atoms, rc, sys->box_A);
            st = lqi_md_ewald_create(sys->box_A, sys->n_atoms, q2, g, acc, o->kmax, &ev->ewald);
        } else {
            st = lqi_md_pppm_create(sys->box_A, sys->n_atoms, q2, rc, acc, o->pppm_order,
                                    o->g_ewald_per_A, o->mesh, &ev->pppm);
        }
        if (st == LQ_ENOCONV)
            lqi_diag_set(diag, st, NULL, 0, "accuracy",
                         "could not find a PPPM splitting parameter for accuracy %g", o->accuracy);
    }
    if (st == LQ_OK) {
        lq_md_kspace_info info;
        bc_kspace_info(ev, &info);
        ev->g = info.g_ewald_per_A;
        if (o->tabulate) st = build_tables(ev);
    }
    if (st != LQ_OK) {
        bc_free(ev);
        return st;
    }
    req->cutoff_A = rc;
    req->full = 0;
    *out = ev;
    return LQ_OK;
}

/* One pair of the half list: energy terms and r(-dE/dr)/r^2 (fpair); analytic form. */
static inline double pair_analytic(const pair_coef *c, double r2, double gew, double two_g_sqrtpi,
                                   double *eb, double *ec) {
    const double r = sqrt(r2), r2inv = 1.0 / r2, r6inv = r2inv * r2inv * r2inv;
    /* Born: E = a exp(-r/rho) - C/r^6 + D/r^8; r (-dE/dr) below. */
    const double rexp = c->a * exp(-r * c->inv_rho);
    const double fborn = rexp * r * c->inv_rho - 6.0 * c->c * r6inv + 8.0 * c->d * r6inv * r2inv;
    *eb += rexp - c->c * r6inv + c->d * r6inv * r2inv - c->offset;
    /* Coulomb: E = qq erfc(g r)/r; r (-dE/dr) = qq (erfc + 2 g r/sqrt(pi) e^{-g^2 r^2})/r */
    const double gr = gew * r, expm2 = exp(-gr * gr);
    const double erfcv = lqi_md_erfc_given_exp(gr, expm2);
    const double prefac = c->qq / r;
    *ec += prefac * erfcv;
    const double fcoul = prefac * (erfcv + two_g_sqrtpi * r * expm2);
    return (fcoul + fborn) * r2inv;
}

/* One pair from the tables: whole pair energy into *eb, returns fpair. */
static inline double pair_table(const bc_eval *ev, const double *tab, double r2, double *eb) {
    const double u = (r2 - ev->tab_s0) * ev->tab_inv_h;
    size_t m = (size_t)u;
    m = m < LQ_MD_TABLE_N ? m : LQ_MD_TABLE_N; /* r >= cutoff: the zero piece */
    const double t = u - (double)m;
    const double *c = tab + 4 * m;
    *eb += ((c[3] * t + c[2]) * t + c[1]) * t + c[0];
    /* F_i = -dE/dr_i = -2 dE/ds (r_i - r_j) */
    return -2.0 * ev->tab_inv_h * ((3.0 * c[3] * t + 2.0 * c[2]) * t + c[1]);
}

/* Pair forces of owned atoms [lo, hi) into the thread's list-order buffer f (zeroed here). */
static void pair_range(const bc_eval *ev, const lqi_md_nlist *nl, size_t lo, size_t hi, double *f,
                       size_t nall, pair_part *pp) {
    const size_t n = nl->n_local;
    const double rc2 = ev->opt.cutoff_A * ev->opt.cutoff_A;
    double dmin2 = ev->opt.min_distance_A * ev->opt.min_distance_A;
    if (ev->tab && dmin2 < ev->tab_s0) dmin2 = ev->tab_s0;
    const double gew = ev->g, two_g_sqrtpi = 2.0 * gew / sqrt(LQ_PI);
    double eb = 0, ec = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
    memset(f, 0, 3 * nall * sizeof *f);
    pp->bad[0] = pp->bad[1] = -1;
    for (size_t i = lo; i < hi; i++) {
        const double xi = nl->x[3 * i], yi = nl->x[3 * i + 1], zi = nl->x[3 * i + 2];
        const int ti = nl->xtype[i];
        double fxi = 0, fyi = 0, fzi = 0;
        for (size_t k = nl->first[i]; k < nl->first[i + 1]; k++) {
            const size_t j = (size_t)nl->neigh[k];
            const double dx = xi - nl->x[3 * j], dy = yi - nl->x[3 * j + 1],
                         dz = zi - nl->x[3 * j + 2];
            const double r2 = dx * dx + dy * dy + dz * dz;
            if (!ev->tab && r2 >= rc2) continue;
            if (r2 < dmin2) {
                if (pp->bad[0] < 0) {
                    pp->bad[0] = (long)nl->perm[i];
                    pp->bad[1] = (long)nl->perm[j < n ? j : nl->ghost_of[j - n]];
                }
                continue;
            }
            const double fpair =
                ev->tab
                    ? pair_table(ev, ev->tab + ev->tab_of[ti][nl->xtype[j]], r2, &eb)
                    : pair_analytic(&ev->coef[ti][nl->xtype[j]], r2, gew, two_g_sqrtpi, &eb, &ec);
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
    pp->e[0] = eb;
    pp->e[1] = ec;
    pp->v[0] = v0;
    pp->v[1] = v1;
    pp->v[2] = v2;
    pp->v[3] = v3;
    pp->v[4] = v4;
    pp->v[5] = v5;
}

static lq_status bc_compute(void *p, const lqi_md_frame *fr, lqi_md_result *res, lq_diag *diag) {
    bc_eval *ev = p;
    const lq_md_system *sys = fr->sys;
    const lqi_md_nlist *nl = fr->nl;
    lq_status st;
    if (memcmp(ev->box, sys->box_A, sizeof ev->box) != 0) {
        st = check_box(ev, sys->box_A, diag);
        if (st != LQ_OK) return st;
        memcpy(ev->box, sys->box_A, sizeof ev->box);
        st = ev->ewald ? lqi_md_ewald_setup(ev->ewald, ev->box)
                       : lqi_md_pppm_setup(ev->pppm, ev->box);
        if (st != LQ_OK) return st;
    }
    int nt = fr->nthreads < 1 ? 1 : fr->nthreads;
    if (nt > LQI_MD_MAX_THREADS) nt = LQI_MD_MAX_THREADS;
    const size_t nall = nl->n_local + nl->n_ghost;
    size_t need = 3 * nall * (size_t)nt;
    if (need > ev->cap_fall) {
        lqi_free(ev->fall);
        ev->cap_fall = need + need / 4;
        ev->fall = lqi_malloc_array(ev->cap_fall, sizeof *ev->fall);
        if (!ev->fall) {
            ev->cap_fall = 0;
            return LQ_ENOMEM;
        }
    }
    /* Contiguous atom ranges with equal pair counts, one per thread; partial sums are combined
     * in thread order below, so a given thread count always gives the same numbers. */
    size_t lo[LQI_MD_MAX_THREADS + 1];
    pair_part part[LQI_MD_MAX_THREADS];
    lqi_md_nlist_balance(nl, nt, lo);
    /* One region: pair ranges, then (after the barrier) the ordered reduction of the buffers. */
#pragma omp parallel num_threads(nt)
    {
#pragma omp for schedule(static, 1)
        for (int t = 0; t < nt; t++)
            pair_range(ev, nl, lo[t], lo[t + 1], ev->fall + (size_t)t * 3 * nall, nall, &part[t]);
        lqi_md_nlist_reduce_for(nl, ev->fall, 3, nt, res->f);
    }
    double eborn = 0, ecoul = 0, vir[6] = {0, 0, 0, 0, 0, 0};
    for (int t = 0; t < nt; t++) {
        if (part[t].bad[0] >= 0)
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "positions",
                                "atoms %ld and %ld are closer than %g A (overlapping atoms)",
                                sys->id[part[t].bad[0]], sys->id[part[t].bad[1]],
                                ev->opt.min_distance_A);
        eborn += part[t].e[0];
        ecoul += part[t].e[1];
        for (int a = 0; a < 6; a++) vir[a] += part[t].v[a];
    }
    double ek;
    if (ev->ewald)
        ek = lqi_md_ewald_compute(ev->ewald, ev->n_atoms, sys->pos_A, ev->q, res->f, vir);
    else
        ek = lqi_md_pppm_compute(ev->pppm, ev->n_atoms, sys->pos_A, ev->q, res->f, vir, nt);
    lq_md_energy *e = res->e;
    e->born_eV = eborn;
    e->coul_real_eV = ecoul;
    e->coul_kspace_eV = ek;
    e->total_eV = eborn + ecoul + ek;
    memcpy(e->virial_eV, vir, sizeof vir);
    return LQ_OK;
}

/* ---------------------------------------------------------------- model (the .pot file) */

/* A `.pot` file, or any file whose first statement is a keyword of the rigid-ion format. */
static int bc_claims(const char *path, const char *head, size_t n_head) {
    size_t n = strlen(path);
    if (n >= 4 && strcmp(path + n - 4, ".pot") == 0) return 1;
    static const char *const kw[4] = {"species", "pair", "source", "derived"};
    size_t i = 0;
    while (i < n_head) {
        while (i < n_head &&
               (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
            i++;
        if (i < n_head && head[i] == '#') {
            while (i < n_head && head[i] != '\n') i++;
            continue;
        }
        break;
    }
    for (int k = 0; k < 4; k++) {
        size_t m = strlen(kw[k]);
        if (i + m < n_head && strncmp(head + i, kw[k], m) == 0 &&
            (head[i + m] == ' ' || head[i + m] == '\t'))
            return 1;
    }
    return 0;
}

static lq_status bc_read(const char *path, void **model, lq_diag *diag) {
    lq_md_potential *pot = lqi_malloc(sizeof *pot);
    if (!pot) return LQ_ENOMEM;
    lq_status st = lq_md_potential_read(path, pot, diag);
    if (st != LQ_OK) {
        lqi_free(pot);
        return st;
    }
    *model = pot;
    return LQ_OK;
}

static void bc_model_free(void *model) { lqi_free(model); }

static const char *bc_source(const void *model) { return ((const lq_md_potential *)model)->source; }

static lq_status bc_apply(const void *model, lq_md_system *sys, lq_diag *diag) {
    return lq_md_potential_apply(model, sys, diag);
}

static lq_status bc_lammps(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           int table_off, lqi_sbuf *sb, lq_diag *diag) {
    const lq_md_potential *pot = model;
    size_t map[LQ_MD_MAX_SPECIES];
    for (size_t t = 0; t < sys->n_species; t++)
        if (lq_md_potential_find(pot, sys->species[t].name, &map[t]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                                "species '%s' is not in the potential", sys->species[t].name);
    lqi_sbuf_printf(sb,
                    "# model: Born-Mayer-Huggins (LAMMPS born form) + Coulomb, written by "
                    "liquidus\n");
    for (size_t t = 0; t < sys->n_species; t++)
        lqi_sbuf_printf(sb, "mass %zu %.17g  # %s\n", t + 1, sys->species[t].mass_amu,
                        sys->species[t].name);
    lqi_sbuf_printf(sb, "pair_style born/coul/long %.17g\n", o->cutoff_A);
    for (size_t a = 0; a < sys->n_species; a++)
        for (size_t b = a; b < sys->n_species; b++) {
            if (!pot->has_pair[map[a]][map[b]])
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "pair", "no parameters for %s-%s",
                                    sys->species[a].name, sys->species[b].name);
            const lq_md_born *p = &pot->pair[map[a]][map[b]];
            lqi_sbuf_printf(sb, "pair_coeff %zu %zu %.17g %.17g %.17g %.17g %.17g  # %s-%s\n",
                            a + 1, b + 1, p->A_eV, p->rho_A, p->sigma_A, p->C_eV_A6, p->D_eV_A8,
                            sys->species[a].name, sys->species[b].name);
        }
    if (o->shift) lqi_sbuf_printf(sb, "pair_modify shift yes\n");
    if (table_off) lqi_sbuf_printf(sb, "pair_modify table 0\n");
    lqi_sbuf_printf(sb, "kspace_style %s %.17g\n",
                    o->kspace == LQ_MD_KSPACE_EWALD ? "ewald" : "pppm", o->accuracy);
    if (o->kspace == LQ_MD_KSPACE_PPPM)
        lqi_sbuf_printf(sb, "kspace_modify order %d\n", o->pppm_order);
    if (o->g_ewald_per_A > 0) lqi_sbuf_printf(sb, "kspace_modify gewald %.17g\n", o->g_ewald_per_A);
    if (o->kspace == LQ_MD_KSPACE_EWALD && o->kmax[0] > 0)
        lqi_sbuf_printf(sb, "kspace_modify kmax/ewald %d %d %d\n", o->kmax[0], o->kmax[1],
                        o->kmax[2]);
    if (o->kspace == LQ_MD_KSPACE_PPPM && o->mesh[0] > 0)
        lqi_sbuf_printf(sb, "kspace_modify mesh %d %d %d\n", o->mesh[0], o->mesh[1], o->mesh[2]);
    lqi_sbuf_printf(sb, "neighbor %.17g bin\nneigh_modify every 1 delay 0 check yes\n", o->skin_A);
    return sb->failed ? LQ_ENOMEM : LQ_OK;
}

const lqi_md_provider_ops lqi_md_provider_born_coul = {
    "born-coul", bc_claims, bc_read,    bc_model_free,  bc_source, bc_apply,
    bc_create,   bc_free,   bc_compute, bc_kspace_info, 0,         bc_lammps};
