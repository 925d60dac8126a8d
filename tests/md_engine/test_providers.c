/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Potential records, shared lists, threads, neutral atoms and pair_style deepmd decks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "lq_test.h"
#include "md/md_internal.h"
#include "md_test_tests.h"
#include "md_test_util.h"

/* ---------------------------------------------------------------- a record written by a test */
/*
 * A many-body-shaped record as a deep potential will be: a full neighbour list, neutral atoms
 * mapped by species name, per-atom energies and virials. The physics is a Lennard-Jones pair
 * sum with per-type-pair parameters, energy shifted to zero at the cutoff, written as a sum over
 * atoms of E_i = 1/2 sum_j phi(r_ij) over the full list, so that forces come from scattering
 * onto neighbours (ghosts included) exactly as a descriptor-based model does.
 */
typedef struct lj_model {
    size_t n_types;
    char name[4][LQ_MD_SPECIES_NAME];
    double eps[4][4], sig[4][4], rc;
} lj_model;

typedef struct lj_eval {
    const lj_model *m;
    int type_of[LQ_MD_MAX_SPECIES]; /* system species -> model type */
    double *fl;                     /* [3 nall] list-order forces */
    size_t cap;
} lj_eval;

static void lj_phi(const lj_model *m, int a, int b, double r2, double *e, double *fr) {
    double s2 = m->sig[a][b] * m->sig[a][b], x = s2 / r2, x3 = x * x * x;
    double xc = s2 / (m->rc * m->rc), xc3 = xc * xc * xc;
    *e = 4 * m->eps[a][b] * (x3 * x3 - x3 - (xc3 * xc3 - xc3));
    *fr = 24 * m->eps[a][b] * (2 * x3 * x3 - x3) / r2; /* -dphi/dr / r */
}

static lq_status lj_apply(const void *model, lq_md_system *sys, lq_diag *diag) {
    const lj_model *m = model;
    for (size_t t = 0; t < sys->n_species; t++) {
        size_t k = 0;
        while (k < m->n_types && strcmp(m->name[k], sys->species[t].name) != 0) k++;
        if (k == m->n_types)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species", "'%s' not in type_map",
                                sys->species[t].name);
    }
    return LQ_OK;
}

static lq_status lj_create(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           void **out, lqi_md_list_request *req, lq_diag *diag) {
    (void)o;
    lq_md_system tmp = *sys;
    lq_status st = lj_apply(model, &tmp, diag);
    if (st != LQ_OK) return st;
    lj_eval *ev = lqi_calloc(1, sizeof *ev);
    if (!ev) return LQ_ENOMEM;
    ev->m = model;
    for (size_t t = 0; t < sys->n_species; t++)
        for (size_t k = 0; k < ev->m->n_types; k++)
            if (strcmp(ev->m->name[k], sys->species[t].name) == 0) ev->type_of[t] = (int)k;
    req->cutoff_A = ev->m->rc;
    req->full = 1;
    *out = ev;
    return LQ_OK;
}

static void lj_free(void *p) {
    lj_eval *ev = p;
    if (!ev) return;
    lqi_free(ev->fl);
    lqi_free(ev);
}

static lq_status lj_compute(void *p, const lqi_md_frame *fr, lqi_md_result *res, lq_diag *diag) {
    (void)diag;
    lj_eval *ev = p;
    const lqi_md_nlist *nl = fr->nl;
    const size_t n = nl->n_local, nall = n + nl->n_ghost;
    if (3 * nall > ev->cap) {
        lqi_free(ev->fl);
        ev->fl = lqi_malloc_array(3 * nall, sizeof(double));
        ev->cap = ev->fl ? 3 * nall : 0;
        if (!ev->fl) return LQ_ENOMEM;
    }
    memset(ev->fl, 0, 3 * nall * sizeof(double));
    memset(res->e, 0, sizeof *res->e);
    if (res->atom_virial) memset(res->atom_virial, 0, 9 * n * sizeof(double));
    const double rc2 = ev->m->rc * ev->m->rc;
    for (size_t i = 0; i < n; i++) {
        int a = ev->type_of[nl->xtype[i]];
        double ei = 0;
        for (size_t k = nl->first[i]; k < nl->first[i + 1]; k++) {
            size_t j = (size_t)nl->neigh[k];
            double d[3];
            for (int c = 0; c < 3; c++) d[c] = nl->x[3 * j + (size_t)c] - nl->x[3 * i + (size_t)c];
            double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if (r2 >= rc2) continue;
            double e, frr;
            lj_phi(ev->m, a, ev->type_of[nl->xtype[j]], r2, &e, &frr);
            ei += 0.5 * e;
            /* E_i depends on r_j - r_i: dE_i/dr_j = -1/2 frr d; F_j = -dE_i/dr_j, F_i opposite */
            for (int c = 0; c < 3; c++) {
                ev->fl[3 * j + (size_t)c] += 0.5 * frr * d[c];
                ev->fl[3 * i + (size_t)c] -= 0.5 * frr * d[c];
            }
            /* virial of atom i: -sum_j d (dE_i/d d)^T, i.e. 1/2 frr d d^T */
            double *w = res->atom_virial ? &res->atom_virial[9 * nl->perm[i]] : NULL;
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 * frr * d[r] * d[c];
                    if (w) w[3 * r + c] += v;
                }
            res->e->virial_eV[0] += 0.5 * frr * d[0] * d[0];
            res->e->virial_eV[1] += 0.5 * frr * d[1] * d[1];
            res->e->virial_eV[2] += 0.5 * frr * d[2] * d[2];
            res->e->virial_eV[3] += 0.5 * frr * d[0] * d[1];
            res->e->virial_eV[4] += 0.5 * frr * d[0] * d[2];
            res->e->virial_eV[5] += 0.5 * frr * d[1] * d[2];
        }
        if (res->atom_e) res->atom_e[nl->perm[i]] = ei;
        res->e->total_eV += ei;
    }
    lqi_md_nlist_reduce_forces(nl, ev->fl, 1, res->f, fr->nthreads);
    return LQ_OK;
}

static lq_status lj_lammps(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           int table_off, lqi_sbuf *sb, lq_diag *diag) {
    (void)model;
    (void)sys;
    (void)o;
    (void)table_off;
    (void)sb;
    return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, "potential", "test record");
}

static const lqi_md_provider_ops lj_ops = {"test-lj", NULL,    NULL,       NULL, NULL, lj_apply,
                                           lj_create, lj_free, lj_compute, NULL, 1,    lj_lammps};

/* 64 atoms of 3 neutral species "Mg", "La", "Cl" (names as a DP type_map has them) on a jittered
 * simple cubic lattice of spacing 2.6 A. */
static int make_mixed(lq_md_system *s) {
    if (lq_md_system_alloc(s, 64) != LQ_OK) return -1;
    s->n_species = 3;
    const char *nm[3] = {"Cl", "Mg", "La"};
    const double mass[3] = {35.45, 24.305, 138.905};
    for (int t = 0; t < 3; t++) {
        snprintf(s->species[t].name, LQ_MD_SPECIES_NAME, "%s", nm[t]);
        s->species[t].mass_amu = mass[t];
        s->species[t].charge_e = 0;
    }
    lqi_rng r;
    lqi_rng_seed(&r, 5);
    size_t k = 0;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            for (int l = 0; l < 4; l++, k++) {
                s->type[k] = (int)(k % 7 == 0 ? 2 : (k % 3 == 0 ? 1 : 0));
                const int c[3] = {i, j, l};
                for (int d = 0; d < 3; d++)
                    s->pos_A[3 * k + (size_t)d] =
                        2.6 * (c[d] + 0.5) + 0.2 * (lqi_rng_uniform(&r) - 0.5);
            }
    for (int d = 0; d < 3; d++) s->box_A[d] = 10.4;
    return 0;
}

static const lj_model lj_params = {3,
                                   {"Cl", "Mg", "La"},
                                   {{0.02, 0.03, 0.04}, {0.03, 0.05, 0.06}, {0.04, 0.06, 0.08}},
                                   {{2.4, 2.3, 2.5}, {2.3, 2.2, 2.4}, {2.5, 2.4, 2.6}},
                                   5.0};

/* The engine runs a full-list record with per-atom terms: they add up to the totals, the forces
 * are minus the gradient, the virial is the strain derivative, NVE conserves energy. */
void test_provider_record(void) {
    lq_md_system sys;
    if (make_mixed(&sys) != 0) return;
    lq_md_model m = {&lj_ops, (void *)(uintptr_t)&lj_params, 0};
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.skin_A = 0.5;
    fo.n_threads = 2;
    lq_md_forcefield *ff = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create_model(&m, &sys, &fo, &ff, NULL), LQ_OK);
    if (!ff) return;
    const size_t n = sys.n_atoms, n3 = 3 * n;
    double *f = calloc(n3, sizeof *f), *ae = calloc(n, sizeof *ae), *av = calloc(9 * n, sizeof *av);
    lq_md_energy e0, ep, em;
    LQ_CHECK_STATUS(lq_md_forcefield_compute_atoms(ff, &sys, f, n3, &e0, ae, av, NULL), LQ_OK);
    double se = 0, sv[9] = {0};
    for (size_t i = 0; i < n; i++) {
        se += ae[i];
        for (int c = 0; c < 9; c++) sv[c] += av[9 * i + (size_t)c];
    }
    /* sums of the same terms in another order: round-off only */
    LQ_CHECK_CLOSE(se, e0.total_eV, 1e-12, 1e-14);
    LQ_CHECK_CLOSE(sv[0], e0.virial_eV[0], 1e-12, 1e-14);
    LQ_CHECK_CLOSE(sv[5], e0.virial_eV[5], 1e-12, 1e-14);
    LQ_CHECK(fabs(e0.total_eV) > 0.1);
    /* central differences with h = 1e-5 A: truncation ~ h^2 E''' ~ 1e-9 eV/A */
    const double h = 1e-5;
    double worst = 0;
    for (size_t k = 0; k < n3; k += 5) {
        double x0 = sys.pos_A[k];
        sys.pos_A[k] = x0 + h;
        lq_md_forcefield_compute(ff, &sys, NULL, n3, &ep, NULL);
        sys.pos_A[k] = x0 - h;
        lq_md_forcefield_compute(ff, &sys, NULL, n3, &em, NULL);
        sys.pos_A[k] = x0;
        worst = fmax(worst, fabs(-(ep.total_eV - em.total_eV) / (2 * h) - f[k]));
    }
    fprintf(stderr, "  test record (full list): max |F + dE/dx| = %.2e eV/A\n", worst);
    LQ_CHECK(worst < 1e-7);
    /* virial W_xx = -L dE/dL along x (affine strain of box and positions) */
    lq_md_system st = sys;
    st.pos_A = malloc(n3 * sizeof(double));
    double wnum;
    {
        double ee[2];
        for (int s = 0; s < 2; s++) {
            double sc = 1 + (s ? -h : h);
            memcpy(st.pos_A, sys.pos_A, n3 * sizeof(double));
            for (size_t i = 0; i < n; i++) st.pos_A[3 * i] *= sc;
            st.box_A[0] = sys.box_A[0] * sc;
            lq_md_forcefield *f2 = NULL;
            lq_md_forcefield_create_model(&m, &st, &fo, &f2, NULL);
            lq_md_forcefield_compute(f2, &st, NULL, n3, &ep, NULL);
            ee[s] = ep.total_eV;
            lq_md_forcefield_free(f2);
        }
        wnum = -(ee[0] - ee[1]) / (2 * h);
    }
    LQ_CHECK_CLOSE(e0.virial_eV[0], wnum, 1e-6, 1e-8);
    free(st.pos_A);
    /* the rigid-ion record has no per-atom terms */
    lq_md_forcefield_free(ff);
    /* NVE with the record: conserved to the time-step error */
    lq_md_run_options ro;
    lq_md_run_options_default(&ro);
    ro.dt_ps = 0.001;
    lq_md_sim *sim = NULL;
    LQ_CHECK_STATUS(lq_md_sim_create_model(&sys, &m, &fo, &ro, &sim, NULL), LQ_OK);
    if (sim) {
        lq_md_sim_velocities_init(sim, 300, 3);
        lq_md_thermo t0, t1;
        lq_md_sim_thermo(sim, &t0);
        LQ_CHECK_STATUS(lq_md_sim_run(sim, 200, NULL, NULL, 0, NULL), LQ_OK);
        lq_md_sim_thermo(sim, &t1);
        fprintf(stderr, "  test record NVE: dE = %.2e eV over 200 steps (KE %.3f eV)\n",
                t1.etot_eV - t0.etot_eV, t0.ke_eV);
        LQ_CHECK(fabs(t1.etot_eV - t0.etot_eV) < 1e-3 * t0.ke_eV);
        LQ_CHECK(t1.step == 200);
    }
    lq_md_sim_free(sim);
    /* a species the model does not know */
    snprintf(sys.species[2].name, LQ_MD_SPECIES_NAME, "Xx");
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_forcefield_create_model(&m, &sys, &fo, &ff, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "Xx") != NULL);
    free(f);
    free(ae);
    free(av);
    lq_md_system_free(&sys);
}

/* ---------------------------------------------------------------- lists and threads */

/* The full list holds every pair of the half list from both ends; lists do not depend on the
 * thread count. */
void test_nlist_full_threads(void) {
    lq_md_system sys;
    if (mdt_make_nacl(&sys, 3, 5.922, 0.3, 9) != 0) return;
    lqi_md_nlist h1, h3, f2;
    memset(&h1, 0, sizeof h1);
    memset(&h3, 0, sizeof h3);
    memset(&f2, 0, sizeof f2);
    LQ_CHECK_STATUS(lqi_md_nlist_build(&h1, &sys, 7.0, 0, 1), LQ_OK);
    LQ_CHECK_STATUS(lqi_md_nlist_build(&h3, &sys, 7.0, 0, 3), LQ_OK);
    LQ_CHECK_STATUS(lqi_md_nlist_build(&f2, &sys, 7.0, 1, 2), LQ_OK);
    const size_t n = sys.n_atoms;
    LQ_CHECK(h1.first[n] == h3.first[n]);
    LQ_CHECK(memcmp(h1.first, h3.first, (n + 1) * sizeof(size_t)) == 0);
    LQ_CHECK(memcmp(h1.neigh, h3.neigh, h1.first[n] * sizeof(int)) == 0);
    LQ_CHECK(f2.first[n] == 2 * h1.first[n]);
    /* every stored pair of the full list is within r_list and not an atom with itself */
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = f2.first[i]; k < f2.first[i + 1]; k++) {
            size_t j = (size_t)f2.neigh[k];
            double r2 = 0;
            for (int d = 0; d < 3; d++) {
                double x = f2.x[3 * j + (size_t)d] - f2.x[3 * i + (size_t)d];
                r2 += x * x;
            }
            if (j == i || r2 >= 49.0) bad++;
        }
    LQ_CHECK(bad == 0);
    /* balanced ranges cover the atoms in order */
    size_t lo[5];
    lqi_md_nlist_balance(&h1, 4, lo);
    LQ_CHECK(lo[0] == 0 && lo[4] == n && lo[1] <= lo[2] && lo[2] <= lo[3]);
    lqi_md_nlist_free(&h1);
    lqi_md_nlist_free(&h3);
    lqi_md_nlist_free(&f2);
    lq_md_system_free(&sys);
}

/* PPPM gives the same bits for any thread count (each mesh point and sum in a fixed order); the
 * whole evaluation is deterministic for a thread count and agrees across counts to round-off:
 * |dF| < 1e-12 eV/A on forces of ~1 eV/A (summation order of ~200 terms of <= 10 eV/A, each
 * exact to 1e-16 relative), energies to 1e-13 relative. */
void test_threads_determinism(void) {
    lq_md_potential pot;
    lq_md_system sys;
    if (mdt_load_potential("tosi_fumi_NaCl.pot", &pot) != 0) return;
    if (mdt_make_nacl(&sys, 3, 5.922, 0.3, 9) != 0) return;
    const size_t n = sys.n_atoms, n3 = 3 * n;
    double *f[4];
    lq_md_energy e[4];
    const int nt[4] = {1, 2, 3, 2};
    for (int r = 0; r < 4; r++) {
        f[r] = calloc(n3, sizeof(double));
        lq_md_ff_options fo;
        lq_md_ff_options_default(&fo);
        fo.cutoff_A = 8.0;
        fo.n_threads = nt[r];
        lq_md_forcefield *ff = NULL;
        LQ_CHECK_STATUS(lq_md_forcefield_create(&pot, &sys, &fo, &ff, NULL), LQ_OK);
        if (ff) LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &sys, f[r], n3, &e[r], NULL), LQ_OK);
        lq_md_forcefield_free(ff);
    }
    /* repeat with the same count: identical bits */
    LQ_CHECK(memcmp(f[1], f[3], n3 * sizeof(double)) == 0);
    LQ_CHECK(memcmp(&e[1], &e[3], sizeof e[1]) == 0);
    /* k-space part alone: identical for 1 and 3 threads */
    LQ_CHECK(memcmp(&e[0].coul_kspace_eV, &e[2].coul_kspace_eV, sizeof(double)) == 0);
    for (int r = 1; r < 3; r++) {
        double d = 0;
        for (size_t k = 0; k < n3; k++) d = fmax(d, fabs(f[0][k] - f[r][k]));
        LQ_CHECK(d < 1e-12);
        LQ_CHECK_CLOSE(e[r].total_eV, e[0].total_eV, 1e-13, 0);
    }
    for (int r = 0; r < 4; r++) free(f[r]);
    lq_md_system_free(&sys);
}

/* ---------------------------------------------------------------- models, neutral atoms */

void test_model_api(void) {
    char path[1024];
    lq_test_source_path("data/md/tosi_fumi_NaCl.pot", path, sizeof path);
    lq_md_model *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_model_read(path, &m, &d), LQ_OK);
    if (!m) return;
    LQ_CHECK(strcmp(lq_md_model_kind(m), "born-coul") == 0);
    LQ_CHECK(strstr(lq_md_model_source(m), "Tosi") != NULL);
    LQ_CHECK(lq_md_model_potential(m) != NULL);
    lq_md_system sys;
    if (mdt_make_nacl(&sys, 2, 5.9, 0.3, 3) != 0) {
        lq_md_model_free(m);
        return;
    }
    LQ_CHECK_STATUS(lq_md_model_apply(m, &sys, NULL), LQ_OK);
    /* the model path and the potential path give the same bits */
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.cutoff_A = 5.5;
    fo.n_threads = 1;
    const size_t n3 = 3 * sys.n_atoms;
    double *fa = calloc(n3, sizeof *fa), *fb = calloc(n3, sizeof *fb);
    lq_md_energy ea, eb;
    lq_md_forcefield *ffa = NULL, *ffb = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create_model(m, &sys, &fo, &ffa, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_md_forcefield_create(lq_md_model_potential(m), &sys, &fo, &ffb, NULL),
                    LQ_OK);
    if (ffa && ffb) {
        lq_md_forcefield_compute(ffa, &sys, fa, n3, &ea, NULL);
        lq_md_forcefield_compute(ffb, &sys, fb, n3, &eb, NULL);
        LQ_CHECK(memcmp(fa, fb, n3 * sizeof *fa) == 0 && ea.total_eV == eb.total_eV);
        double ae[2];
        lq_diag_clear(&d);
        LQ_CHECK_STATUS(lq_md_forcefield_compute_atoms(ffa, &sys, fa, n3, &ea, ae, NULL, &d),
                        LQ_EUNSUPPORTED);
    }
    lq_md_forcefield_free(ffa);
    lq_md_forcefield_free(ffb);
    char *text = NULL;
    LQ_CHECK_STATUS(lq_md_model_lammps_format(m, &sys, &fo, 0, &text, NULL), LQ_OK);
    LQ_CHECK(text && strstr(text, "pair_style born/coul/long 5.5"));
    lq_free(text);
    lq_md_model *copy = NULL;
    LQ_CHECK_STATUS(lq_md_model_from_potential(lq_md_model_potential(m), &copy), LQ_OK);
    LQ_CHECK(copy && strcmp(lq_md_model_kind(copy), "born-coul") == 0);
    lq_md_model_free(copy);
    lq_md_model_free(m);
    /* a file kind no record reads is refused, naming the file */
    char ypath[1024];
    FILE *fp = fopen(mdt_path("model.yaml", ypath, sizeof ypath), "w");
    if (fp) {
        fputs("model: {}\n", fp);
        fclose(fp);
    }
    lq_diag_clear(&d);
    m = NULL;
    LQ_CHECK_STATUS(lq_md_model_read(ypath, &m, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(m == NULL && strstr(d.file, "model.yaml") != NULL);
    LQ_CHECK_STATUS(lq_md_model_read(NULL, &m, NULL), LQ_EINVAL);
    free(fa);
    free(fb);
    lq_md_system_free(&sys);
}

/* A reduced state: a neutral Mg atom (species "Mg0", charge 0) among ions survives the data
 * file, the restart file and a rigid-ion run; with Born terms only, it moves as a neutral atom. */
void test_neutral_atom(void) {
    char ppath[1024];
    FILE *fp = fopen(mdt_path("neutral.pot", ppath, sizeof ppath), "w");
    if (!fp) return;
    /* Tosi-Fumi NaCl plus a neutral Mg with the Na-Cl repulsion (a test model only) */
    fputs(
        "species Na mass 22.98977 charge 1\nspecies Cl mass 35.453 charge -1\n"
        "species Mg0 mass 24.305 charge 0\n"
        "pair Na Na 0.2637 0.317 2.340 1.048553 -0.49935\n"
        "pair Na Cl 0.21096 0.317 2.755 6.99 -8.676\n"
        "pair Cl Cl 0.158221 0.317 3.170 72.4 -145.427\n"
        "pair Mg0 Na 0.2637 0.317 2.340 0 0\npair Mg0 Cl 0.21096 0.317 2.755 0 0\n"
        "pair Mg0 Mg0 0.2637 0.317 2.340 0 0\n",
        fp);
    fclose(fp);
    lq_md_potential pot;
    LQ_CHECK_STATUS(lq_md_potential_read(ppath, &pot, NULL), LQ_OK);
    lq_md_system sys;
    if (mdt_make_nacl(&sys, 2, 5.9, 0.2, 4) != 0) return;
    /* replace one Na-Cl pair by two neutral Mg atoms: the cell stays neutral */
    sys.n_species = 3;
    snprintf(sys.species[2].name, LQ_MD_SPECIES_NAME, "Mg0");
    int done[2] = {0, 0};
    for (size_t i = 0; i < sys.n_atoms && !(done[0] && done[1]); i++)
        if (!done[sys.type[i]]) {
            done[sys.type[i]] = 1;
            sys.type[i] = 2;
        }
    LQ_CHECK_STATUS(lq_md_potential_apply(&pot, &sys, NULL), LQ_OK);
    LQ_CHECK(sys.species[2].charge_e == 0.0);
    char dpath[1024];
    LQ_CHECK_STATUS(
        lq_md_data_write(mdt_path("neutral.data", dpath, sizeof dpath), &sys, "t", NULL), LQ_OK);
    lq_md_system back;
    memset(&back, 0, sizeof back);
    LQ_CHECK_STATUS(lq_md_data_read(dpath, &back, NULL), LQ_OK);
    LQ_CHECK(back.n_species == 3 && strcmp(back.species[2].name, "Mg0") == 0);
    LQ_CHECK(back.species[2].charge_e == 0.0);
    lq_md_system_free(&back);
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.cutoff_A = 5.5;
    fo.n_threads = 2;
    lq_md_sim *s = NULL;
    LQ_CHECK_STATUS(lq_md_sim_create(&sys, &pot, &fo, NULL, &s, NULL), LQ_OK);
    if (s) {
        lq_md_sim_velocities_init(s, 1000, 1);
        LQ_CHECK_STATUS(lq_md_sim_run(s, 20, NULL, NULL, 0, NULL), LQ_OK);
        char rpath[1024];
        LQ_CHECK_STATUS(
            lq_md_sim_restart_write(s, mdt_path("neutral.restart", rpath, sizeof rpath), NULL),
            LQ_OK);
        lq_md_sim *r = NULL;
        LQ_CHECK_STATUS(lq_md_sim_restart_read(rpath, &pot, &fo, NULL, &r, NULL), LQ_OK);
        if (r) {
            const lq_md_system *y = lq_md_sim_system(r);
            LQ_CHECK(strcmp(y->species[2].name, "Mg0") == 0 && y->species[2].charge_e == 0.0);
            lq_md_thermo a, b;
            lq_md_sim_run(s, 10, NULL, NULL, 0, NULL);
            lq_md_sim_run(r, 10, NULL, NULL, 0, NULL);
            lq_md_sim_thermo(s, &a);
            lq_md_sim_thermo(r, &b);
            LQ_CHECK(a.pe_eV == b.pe_eV && a.etot_eV == b.etot_eV);
        }
        lq_md_sim_free(r);
    }
    lq_md_sim_free(s);
    lq_md_system_free(&sys);
}

/* ---------------------------------------------------------------- pair_style deepmd decks */

void test_deepmd_deck(void) {
    lq_md_system sys;
    if (lq_md_system_alloc(&sys, 4) != LQ_OK) return;
    sys.n_species = 4;
    const char *nm[4] = {"Na", "Cl", "Mg0", "La"};
    for (int t = 0; t < 4; t++) {
        snprintf(sys.species[t].name, LQ_MD_SPECIES_NAME, "%s", nm[t]);
        lq_md_element_mass(t == 2 ? "Mg" : nm[t], &sys.species[t].mass_amu);
        sys.type[t] = t;
    }
    for (int d = 0; d < 3; d++) sys.box_A[d] = 20;
    const char *tm[5] = {"Na", "K", "Mg", "La", "Cl"};
    const double fpv[1] = {1100};
    lq_md_deepmd_deck dp = {"graph.yaml", 5, tm, 1, fpv};
    char *text = NULL;
    LQ_CHECK_STATUS(lq_md_lammps_deepmd_format(&sys, &dp, 2.0, &text, NULL), LQ_OK);
    if (text) {
        LQ_CHECK(strstr(text, "pair_style deepmd graph.pth fparam 1100\n") != NULL);
        LQ_CHECK(strstr(text, "pair_coeff * * Na Cl Mg La\n") != NULL);
        LQ_CHECK(strstr(text, "dp convert-backend graph.yaml graph.pth") != NULL);
        LQ_CHECK(strstr(text, "mass 3 24.305") != NULL);
        LQ_CHECK(strstr(text, "neighbor 2 bin") != NULL);
    }
    lq_free(text);
    dp.model_path = "frozen.pb";
    dp.n_fparam = 0;
    LQ_CHECK_STATUS(lq_md_lammps_deepmd_format(&sys, &dp, 1.0, &text, NULL), LQ_OK);
    if (text) LQ_CHECK(strstr(text, "pair_style deepmd frozen.pb\n") && !strstr(text, "convert"));
    lq_free(text);
    /* a whole deck */
    char path[1024];
    lq_md_lammps_deck_options dk = {"melt", NULL, 100, 10, 0, 7, 0};
    LQ_CHECK_STATUS(lq_md_lammps_deck_write_deepmd(mdt_path("dp.in", path, sizeof path), &sys, &dp,
                                                   NULL, NULL, &dk, NULL),
                    LQ_OK);
    char *deck = NULL;
    if (lq_file_read_all(path, &deck, NULL, NULL) == LQ_OK) {
        LQ_CHECK(strstr(deck, "read_data melt.data") && strstr(deck, "pair_coeff * * Na Cl Mg La"));
        LQ_CHECK(strstr(deck, "run 100") != NULL);
        lq_free(deck);
    }
    /* errors: a species matching no type, blanks, no model */
    tm[2] = "Ca";
    lq_diag d;
    lq_diag_clear(&d);
    text = NULL;
    LQ_CHECK_STATUS(lq_md_lammps_deepmd_format(&sys, &dp, 2.0, &text, &d), LQ_ENOTFOUND);
    LQ_CHECK(text == NULL && strstr(d.msg, "Mg0") != NULL);
    tm[2] = "M g";
    LQ_CHECK_STATUS(lq_md_lammps_deepmd_format(&sys, &dp, 2.0, &text, NULL), LQ_EINVAL);
    tm[2] = "Mg";
    dp.model_path = NULL;
    LQ_CHECK_STATUS(lq_md_lammps_deepmd_format(&sys, &dp, 2.0, &text, NULL), LQ_EINVAL);
    lq_md_system_free(&sys);
}
