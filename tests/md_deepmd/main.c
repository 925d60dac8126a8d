/* SPDX-License-Identifier: GPL-3.0-or-later */
/* md_deepmd tests: a DeePMD-kit model as a potential of the MD engine (forces, NVE, LAMMPS deck).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/md.h"
#include "lq_test.h"

LQ_TEST_MAIN_DEFINE;

static const char *const type_map[5] = {"Na", "K", "Mg", "La", "Cl"};
static const size_t sel[5] = {30, 30, 10, 10, 50};

/* A small random-weight se_e2_a model of the NaCl-KCl-MgCl2-LaCl3 melt's elements (rcut 5 A). */
static int write_model(const char *path) {
    lq_dp_random_spec sp;
    lq_dp_random_spec_default(&sp);
    sp.n_types = 5;
    sp.type_map = type_map;
    sp.sel = sel;
    sp.rcut_A = 5.0;
    sp.rcut_smth_A = 0.5;
    sp.seed = 7;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dp_model_write_random(path, &sp, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) fprintf(stderr, "  %s\n", d.msg);
    return st == LQ_OK ? 0 : -1;
}

/* The reduced state of the Mg-La study's Table 1 in small: ions and one neutral Mg atom. */
static int build_melt(lq_md_system *sys, const char *comp_text) {
    lq_md_composition c;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_md_composition_parse(comp_text, LQ_MD_SIZE_AS_WRITTEN, 0, &c, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return -1;
    lq_md_build_options bo = lq_md_build_options_default();
    bo.density_g_cm3 = 1.7;
    bo.T_K = 1000;
    bo.seed = 11;
    st = lq_md_system_build(&c, &bo, sys, &d);
    LQ_CHECK_STATUS(st, LQ_OK);
    return st == LQ_OK ? 0 : -1;
}

/* Forces, energies and virials through the engine are lq_dp_compute's on the same frame: the
 * record only passes arrays through (per-atom terms bit for bit; the total virial's off-diagonal
 * entries are averaged with their transposes, equal to round-off, 1e-12 relative). */
static void test_engine_equals_model(const char *model_path) {
    lq_md_system sys;
    if (build_melt(&sys, "Na:20 K:20 La:2 Cl:46 Mg0:1") != 0) return;
    lq_md_model *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_model_read(model_path, &m, &d), LQ_OK);
    if (!m) return;
    LQ_CHECK(strcmp(lq_md_model_kind(m), "deepmd") == 0);
    LQ_CHECK(strstr(lq_md_model_source(m), "type_map Na K Mg La Cl") != NULL);
    LQ_CHECK_STATUS(lq_md_model_apply(m, &sys, &d), LQ_OK);
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.n_threads = 2;
    lq_md_forcefield *ff = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create_model(m, &sys, &fo, &ff, &d), LQ_OK);
    const size_t n = sys.n_atoms;
    double *f = calloc(3 * n, sizeof *f), *ae = calloc(n, sizeof *ae), *av = calloc(9 * n, 8);
    double *f2 = calloc(3 * n, sizeof *f2), *ae2 = calloc(n, 8), *av2 = calloc(9 * n, 8);
    int *type = calloc(n, sizeof *type);
    lq_md_energy e;
    LQ_CHECK_STATUS(lq_md_forcefield_compute_atoms(ff, &sys, f, 3 * n, &e, ae, av, &d), LQ_OK);
    /* the same frame straight to the model (positions as the engine left them: wrapped) */
    size_t mg0 = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t = 0;
        const char *nm = sys.species[sys.type[i]].name;
        if (strcmp(nm, "Mg0") == 0) mg0++;
        for (t = 0; t < 5; t++)
            if (strncmp(nm, type_map[t], strlen(type_map[t])) == 0 &&
                (nm[strlen(type_map[t])] == 0 || nm[strlen(type_map[t])] == '0'))
                break;
        type[i] = (int)t;
    }
    LQ_CHECK(mg0 == 1); /* the neutral atom is in the system and mapped to Mg */
    lq_dp_model *dm = NULL;
    LQ_CHECK_STATUS(lq_dp_model_read(model_path, &dm, &d), LQ_OK);
    const double box[9] = {sys.box_A[0], 0, 0, 0, sys.box_A[1], 0, 0, 0, sys.box_A[2]};
    lq_dp_frame fr = {n, type, sys.pos_A, box, NULL, NULL};
    lq_dp_result r;
    memset(&r, 0, sizeof r);
    r.forces_eV_per_A = f2;
    r.atom_energy_eV = ae2;
    r.atom_virial_eV = av2;
    LQ_CHECK_STATUS(lq_dp_compute(dm, &fr, NULL, &r, &d), LQ_OK);
    double fbig = 0, df = 0, dae = 0, dav = 0;
    for (size_t k = 0; k < 3 * n; k++) {
        fbig = fmax(fbig, fabs(f2[k]));
        df = fmax(df, fabs(f[k] - f2[k]));
    }
    for (size_t k = 0; k < n; k++) dae = fmax(dae, fabs(ae[k] - ae2[k]));
    for (size_t k = 0; k < 9 * n; k++) dav = fmax(dav, fabs(av[k] - av2[k]));
    fprintf(stderr,
            "  engine vs lq_dp_compute (%zu atoms, max |F| %.3g eV/A): |dF| %.2e, |dE_i| %.2e, "
            "|dW_i| %.2e, E %.10g vs %.10g eV\n",
            n, fbig, df, dae, dav, e.total_eV, r.energy_eV);
    LQ_CHECK(fbig > 1e-3); /* the model exerts forces */
    LQ_CHECK(df <= 1e-12 * fbig);
    LQ_CHECK(dae <= 1e-12 * fabs(r.energy_eV) / (double)n);
    LQ_CHECK(dav <= 1e-12 * (1 + fabs(r.virial_eV[0])));
    LQ_CHECK_CLOSE(e.total_eV, r.energy_eV, 1e-12, 0);
    const int map6[6][2] = {{0, 0}, {4, 4}, {8, 8}, {1, 3}, {2, 6}, {5, 7}};
    for (int c = 0; c < 6; c++)
        LQ_CHECK_CLOSE(e.virial_eV[c], r.virial_eV[map6[c][0]], 1e-12, 1e-12);
    for (int c = 3; c < 6; c++)
        LQ_CHECK_CLOSE(r.virial_eV[map6[c][0]], r.virial_eV[map6[c][1]], 1e-10, 1e-10);
    /* forces = minus the gradient of the engine's energy (central differences, h = 1e-5 A:
     * truncation h^2 E''' ~ 1e-10 eV/A) */
    {
        const double h = 1e-5;
        double worst = 0;
        lq_md_energy ep, em;
        for (size_t k = 0; k < 3 * n; k += 7) {
            double x0 = sys.pos_A[k];
            sys.pos_A[k] = x0 + h;
            lq_md_forcefield_compute(ff, &sys, NULL, 3 * n, &ep, NULL);
            sys.pos_A[k] = x0 - h;
            lq_md_forcefield_compute(ff, &sys, NULL, 3 * n, &em, NULL);
            sys.pos_A[k] = x0;
            worst = fmax(worst, fabs(-(ep.total_eV - em.total_eV) / (2 * h) - f[k]));
        }
        fprintf(stderr, "  max |F + dE/dx| = %.2e eV/A\n", worst);
        LQ_CHECK(worst < 1e-7);
    }
    /* virial = strain derivative through the engine: W_xx = -L dE/dL along x */
    {
        const double h = 1e-5;
        double ee[2];
        lq_md_system st = sys;
        st.pos_A = malloc(3 * n * sizeof(double));
        st.image = calloc(3 * n, sizeof(int));
        for (int s = 0; s < 2; s++) {
            double sc = 1 + (s ? -h : h);
            memcpy(st.pos_A, sys.pos_A, 3 * n * sizeof(double));
            for (size_t i = 0; i < n; i++) st.pos_A[3 * i] *= sc;
            st.box_A[0] = sys.box_A[0] * sc;
            lq_md_forcefield *f3 = NULL;
            lq_md_energy es;
            lq_md_forcefield_create_model(m, &st, &fo, &f3, NULL);
            lq_md_forcefield_compute(f3, &st, NULL, 3 * n, &es, NULL);
            ee[s] = es.total_eV;
            lq_md_forcefield_free(f3);
        }
        /* central difference, h = 1e-5: truncation ~1e-10 relative, round-off ~1e-16 E / h */
        LQ_CHECK_CLOSE(e.virial_eV[0], -(ee[0] - ee[1]) / (2 * h), 1e-6, 1e-7);
        free(st.pos_A);
        free(st.image);
    }
    lq_dp_model_free(dm);
    lq_md_forcefield_free(ff);
    /* a species the model does not know is refused naming it */
    snprintf(sys.species[0].name, LQ_MD_SPECIES_NAME, "Xe");
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_model_apply(m, &sys, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "Xe") != NULL);
    lq_md_model_free(m);
    free(f);
    free(ae);
    free(av);
    free(f2);
    free(ae2);
    free(av2);
    free(type);
    lq_md_system_free(&sys);
}

typedef struct series {
    size_t n, cap;
    double *t, *e;
} series;

static int record(void *user, const lq_md_sim *sim) {
    series *s = user;
    lq_md_thermo th;
    lq_md_sim_thermo(sim, &th);
    if (s->n < s->cap) {
        s->t[s->n] = th.time_ps;
        s->e[s->n++] = th.etot_eV;
    }
    return 0;
}

/* NVE with the deep potential on the reduced (neutral Mg) melt: total energy conserved. The drift
 * is the least-squares slope of E_tot(t), stated per ns and per atom. */
static void test_nve_drift(const char *model_path) {
    lq_md_system sys;
    if (build_melt(&sys, "Na:20 K:20 La:2 Cl:46 Mg0:1") != 0) return;
    lq_md_model *m = NULL;
    LQ_CHECK_STATUS(lq_md_model_read(model_path, &m, NULL), LQ_OK);
    if (!m) return;
    LQ_CHECK_STATUS(lq_md_model_apply(m, &sys, NULL), LQ_OK);
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.n_threads = 2;
    lq_md_run_options ro;
    lq_md_run_options_default(&ro);
    ro.ensemble = LQ_MD_NVE;
    ro.dt_ps = 0.00025;
    lq_md_sim *sim = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_sim_create_model(&sys, m, &fo, &ro, &sim, &d), LQ_OK);
    if (sim) {
        LQ_CHECK_STATUS(lq_md_sim_velocities_init(sim, 1000, 3), LQ_OK);
        const long steps = 1000;
        series s = {0, (size_t)steps + 2, NULL, NULL};
        s.t = calloc(s.cap, sizeof(double));
        s.e = calloc(s.cap, sizeof(double));
        lq_md_thermo t0, t1;
        lq_md_sim_thermo(sim, &t0);
        record(&s, sim);
        LQ_CHECK_STATUS(lq_md_sim_run(sim, steps, record, &s, 1, &d), LQ_OK);
        lq_md_sim_thermo(sim, &t1);
        double mt = 0, me = 0, stt = 0, ste = 0, emin = s.e[0], emax = s.e[0];
        for (size_t k = 0; k < s.n; k++) {
            mt += s.t[k] / (double)s.n;
            me += s.e[k] / (double)s.n;
            emin = fmin(emin, s.e[k]);
            emax = fmax(emax, s.e[k]);
        }
        for (size_t k = 0; k < s.n; k++) {
            stt += (s.t[k] - mt) * (s.t[k] - mt);
            ste += (s.t[k] - mt) * (s.e[k] - me);
        }
        const double slope = ste / stt; /* eV/ps */
        const double natoms = (double)sys.n_atoms;
        fprintf(stderr,
                "  DP NVE (%zu atoms incl. one Mg0, dt 0.25 fs, %ld steps, T %.0f -> %.0f K): "
                "drift %.3e eV/ns/atom, E_tot range %.2e eV, KE %.3f eV\n",
                sys.n_atoms, steps, t0.T_K, t1.T_K, slope * 1000 / natoms, emax - emin, t0.ke_eV);
        LQ_CHECK(t1.step == steps);
        /* velocity Verlet conserves a shadow energy: fluctuations O(dt^2), no systematic drift;
         * 1e-3 of KE bounds both for 1 ps of a smooth potential */
        LQ_CHECK(emax - emin < 1e-3 * t0.ke_eV);
        LQ_CHECK(fabs(slope) * 1.0 < 1e-3 * t0.ke_eV);
        free(s.t);
        free(s.e);
    }
    lq_md_sim_free(sim);
    lq_md_model_free(m);
    lq_md_system_free(&sys);
}

/* export-lammps: the deck of a deep-potential model names pair_style deepmd with the converted
 * model and the type_map names of each atom type (Mg0 -> Mg). */
static void test_lammps_deck(const char *model_path) {
    lq_md_system sys;
    if (build_melt(&sys, "Na:20 K:20 La:2 Cl:46 Mg0:1") != 0) return;
    lq_md_model *m = NULL;
    LQ_CHECK_STATUS(lq_md_model_read(model_path, &m, NULL), LQ_OK);
    if (!m) return;
    LQ_CHECK_STATUS(lq_md_model_apply(m, &sys, NULL), LQ_OK);
    char *text = NULL;
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    LQ_CHECK_STATUS(lq_md_model_lammps_format(m, &sys, &fo, 0, &text, NULL), LQ_OK);
    if (text) {
        LQ_CHECK(strstr(text, "pair_style deepmd ") != NULL);
        LQ_CHECK(strstr(text, ".pth") != NULL);
        LQ_CHECK(strstr(text, "pair_coeff * * Na K La Cl Mg\n") != NULL);
        LQ_CHECK(strstr(text, "kspace") == NULL);
        lq_free(text);
    }
    lq_md_model_free(m);
    lq_md_system_free(&sys);
}

/* The HDF5 form of the same model is claimed by the record (by its signature) and gives the same
 * forces bit for bit through the engine. */
static void test_dp_form(const char *model_path) {
    const char *dp_path = "md_deepmd_test_model.dp";
    LQ_CHECK_STATUS(lq_dp_model_convert(model_path, dp_path, NULL), LQ_OK);
    lq_md_system sys;
    if (build_melt(&sys, "Na:20 K:20 La:2 Cl:46 Mg0:1") != 0) return;
    const size_t n = sys.n_atoms;
    double *f[2] = {calloc(3 * n, sizeof(double)), calloc(3 * n, sizeof(double))};
    lq_md_energy e[2];
    const char *paths[2] = {model_path, dp_path};
    /* the engine wraps positions into the box at a list build: start both from the same ones */
    double *x0 = malloc(3 * n * sizeof(double));
    memcpy(x0, sys.pos_A, 3 * n * sizeof(double));
    for (int k = 0; k < 2; k++) {
        memcpy(sys.pos_A, x0, 3 * n * sizeof(double));
        lq_md_model *m = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        LQ_CHECK_STATUS(lq_md_model_read(paths[k], &m, &d), LQ_OK);
        if (!m) continue;
        LQ_CHECK(strcmp(lq_md_model_kind(m), "deepmd") == 0);
        lq_md_forcefield *ff = NULL;
        LQ_CHECK_STATUS(lq_md_forcefield_create_model(m, &sys, NULL, &ff, &d), LQ_OK);
        LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &sys, f[k], 3 * n, &e[k], &d), LQ_OK);
        lq_md_forcefield_free(ff);
        lq_md_model_free(m);
    }
    LQ_CHECK(memcmp(f[0], f[1], 3 * n * sizeof(double)) == 0);
    LQ_CHECK(e[0].total_eV == e[1].total_eV);
    /* a .dp name on a file that is not HDF5 is claimed by no record */
    FILE *fp = fopen("md_deepmd_not.dp", "w");
    if (fp) {
        fputs("not an HDF5 file\n", fp);
        fclose(fp);
    }
    lq_md_model *bad = NULL;
    LQ_CHECK_STATUS(lq_md_model_read("md_deepmd_not.dp", &bad, NULL), LQ_EUNSUPPORTED);
    lq_md_model_free(bad);
    remove("md_deepmd_not.dp");
    remove(dp_path);
    free(x0);
    free(f[0]);
    free(f[1]);
    lq_md_system_free(&sys);
}

int main(void) {
    char path[] = "md_deepmd_test_model.yaml";
    if (write_model(path) != 0) return lq_test_finish();
    test_engine_equals_model(path);
    test_nve_drift(path);
    test_lammps_deck(path);
    test_dp_form(path);
    remove(path);
    return lq_test_finish();
}
