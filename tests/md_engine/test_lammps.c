/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Regression against LAMMPS (Debian's lmp): Ewald energies/forces, PPPM accuracy, data files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/core.h"
#include "liquidus/md.h"
#include "lq_test.h"
#include "md_test_tests.h"
#include "md_test_util.h"

/* The test system: 216 ions of NaCl on a rock-salt lattice expanded 5 % (a = 5.92 A, box
 * 17.77 A) and displaced randomly by up to 0.35 A per coordinate, so that every force is non-zero
 * and of melt-like size; real-space cutoff 8 A (box >= 2 rc). */
#define LMP_CELLS 3
#define LMP_A 5.922
#define LMP_JITTER 0.35
#define LMP_RC 8.0

typedef struct lmp_result {
    double pe, evdwl, ecoul, elong, press;
    double *f;
} lmp_result;

static int write_input(const char *name, const char *data, const lq_md_system *sys,
                       const lq_md_potential *pot, const lq_md_ff_options *o, const char *tail) {
    char path[1024];
    FILE *fp = fopen(mdt_path(name, path, sizeof path), "w");
    if (!fp) return -1;
    fprintf(fp, "units metal\natom_style charge\nboundary p p p\nread_data %s\n", data);
    char *model = NULL;
    lq_status st = lq_md_lammps_model_format(sys, pot, o, 1, &model, NULL);
    if (st == LQ_OK) fputs(model, fp);
    lq_free(model);
    fprintf(fp, "%s", tail);
    fclose(fp);
    return st == LQ_OK ? 0 : -1;
}

/* Runs LAMMPS on `sys` with options `o` (run 0) and reads energies and forces. */
static int lammps_eval(const char *tag, const lq_md_system *sys, const lq_md_potential *pot,
                       const lq_md_ff_options *o, lmp_result *res) {
    char data[256], dpath[1024], in[256], tail[1024], dump[256], dumppath[1024], log[1024];
    snprintf(data, sizeof data, "%s.data", tag);
    snprintf(in, sizeof in, "%s.in", tag);
    snprintf(dump, sizeof dump, "%s.forces", tag);
    if (lq_md_data_write(mdt_path(data, dpath, sizeof dpath), sys, "lammps regression", NULL) !=
        LQ_OK)
        return -1;
    snprintf(tail, sizeof tail,
             "thermo_style custom step pe evdwl ecoul elong press\n"
             "run 0\n"
             "print \"LQRESULT $(pe:%%.17g) $(evdwl:%%.17g) $(ecoul:%%.17g) $(elong:%%.17g) "
             "$(press:%%.17g)\"\n"
             "write_dump all custom %s id fx fy fz modify sort id format float %%.17g\n",
             dump);
    if (write_input(in, data, sys, pot, o, tail) != 0 || mdt_run_lammps(in) != 0) return -1;
    FILE *fp = fopen(mdt_path("log.lammps", log, sizeof log), "r");
    if (!fp) return -1;
    char line[1024];
    int ok = 0;
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, "LQRESULT ", 9) == 0 &&
            sscanf(line + 9, "%lf %lf %lf %lf %lf", &res->pe, &res->evdwl, &res->ecoul, &res->elong,
                   &res->press) == 5)
            ok = 1;
    fclose(fp);
    if (!ok) return -1;
    res->f = calloc(3 * sys->n_atoms, sizeof(double));
    return mdt_read_dump_forces(mdt_path(dump, dumppath, sizeof dumppath), sys->n_atoms, res->f);
}

static double rms(const double *a, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * a[i];
    return sqrt(s / (double)n);
}

static double rms_diff(const double *a, const double *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(s / (double)n);
}

static int setup(lq_md_system *sys, lq_md_potential *pot) {
    if (mdt_load_potential("tosi_fumi_NaCl.pot", pot) != 0) return -1;
    if (mdt_make_nacl(sys, LMP_CELLS, LMP_A, LMP_JITTER, 7) != 0) return -1;
    return lq_md_potential_apply(pot, sys, NULL) == LQ_OK ? 0 : -1;
}

/* Converged Ewald (accuracy 1e-9, g and kmax then pinned in both engines so that both compute
 * the same sum) with exact erfc in LAMMPS (pair_modify table 0). */
static void ewald_reference(lq_md_system *sys, const lq_md_potential *pot, lq_md_ff_options *o,
                            double *f, lq_md_energy *e) {
    lq_md_ff_options_default(o);
    o->cutoff_A = LMP_RC;
    o->kspace = LQ_MD_KSPACE_EWALD;
    o->accuracy = 1e-9;
    o->tabulate = 0;
    lq_md_forcefield *ff = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create(pot, sys, o, &ff, NULL), LQ_OK);
    if (!ff) return;
    lq_md_kspace_info info;
    lq_md_forcefield_kspace_info(ff, &info);
    o->g_ewald_per_A = info.g_ewald_per_A;
    memcpy(o->kmax, info.kmax, sizeof o->kmax);
    LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, sys, f, 3 * sys->n_atoms, e, NULL), LQ_OK);
    fprintf(stderr, "  Ewald reference: g = %.6f /A, kmax = %d %d %d, est. error %.2e eV/A\n",
            info.g_ewald_per_A, info.kmax[0], info.kmax[1], info.kmax[2], info.est_force_error);
    lq_md_forcefield_free(ff);
}

/* The test system, its potential and its converged Ewald forces (NULL after a counted failure). */
static double *setup_reference(lq_md_system *sys, lq_md_potential *pot, lq_md_ff_options *o,
                               lq_md_energy *e) {
    if (setup(sys, pot) != 0) {
        LQ_CHECK(0);
        return NULL;
    }
    double *f = calloc(3 * sys->n_atoms, sizeof *f);
    ewald_reference(sys, pot, o, f, e);
    return f;
}

void test_lammps_ewald(void) {
    lq_md_system sys;
    lq_md_potential pot;
    lq_md_energy e;
    lq_md_ff_options o;
    double *f = setup_reference(&sys, &pot, &o, &e);
    if (!f) return;
    size_t n3 = 3 * sys.n_atoms;
    lmp_result r = {0};
    if (lammps_eval("ewald", &sys, &pot, &o, &r) != 0) {
        LQ_FAIL("LAMMPS Ewald run");
    } else {
        double fr = rms(r.f, n3), df = rms_diff(f, r.f, n3);
        double p_lq = (e.virial_eV[0] + e.virial_eV[1] + e.virial_eV[2]) / 3.0 /
                      (sys.box_A[0] * sys.box_A[1] * sys.box_A[2]) * 1.602176634e6;
        fprintf(stderr,
                "  Ewald vs LAMMPS: PE %.12f / %.12f eV (rel %.2e); Born %.9f / %.9f; "
                "Coulomb real %.9f / %.9f; kspace %.9f / %.9f\n"
                "  forces: RMS %.4f eV/A, RMS difference %.3e eV/A (rel %.2e); P %.4f / %.4f bar\n",
                e.total_eV, r.pe, fabs(e.total_eV - r.pe) / fabs(r.pe), e.born_eV, r.evdwl,
                e.coul_real_eV, r.ecoul, e.coul_kspace_eV, r.elong, fr, df, df / fr, p_lq, r.press);
        /* Issue 5, Done-when 1: total energy to 1e-6 relative, forces to 1e-5 relative RMS. */
        LQ_CHECK_CLOSE(e.total_eV, r.pe, 1e-6, 0);
        LQ_CHECK(df / fr < 1e-5);
        /* Pressure: LAMMPS's nktv2p differs from CODATA 2018 by 1e-8 relative. */
        LQ_CHECK_CLOSE(p_lq, r.press, 1e-5, 1e-3);
        /* The default tabulated pair terms: same sums through the 2048-interval tables. */
        lq_md_ff_options ot = o;
        ot.tabulate = 1;
        lq_md_forcefield *ff = NULL;
        LQ_CHECK_STATUS(lq_md_forcefield_create(&pot, &sys, &ot, &ff, NULL), LQ_OK);
        if (ff) {
            double *ft = calloc(n3, sizeof *ft);
            lq_md_energy et;
            LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &sys, ft, n3, &et, NULL), LQ_OK);
            double dt = rms_diff(ft, r.f, n3), dte = rms_diff(ft, f, n3);
            fprintf(stderr,
                    "  tabulated pairs: PE %.12f eV (rel. to LAMMPS %.2e, to analytic %.2e); "
                    "forces rel. RMS to LAMMPS %.2e, to analytic %.2e\n",
                    et.total_eV, fabs(et.total_eV - r.pe) / fabs(r.pe),
                    fabs(et.total_eV - e.total_eV) / fabs(e.total_eV), dt / fr, dte / fr);
            LQ_CHECK_CLOSE(et.total_eV, r.pe, 1e-6, 0);
            LQ_CHECK(dt / fr < 1e-5);
            /* table error: documented bound 1e-8 relative per pair term */
            LQ_CHECK_CLOSE(et.total_eV, e.total_eV, 1e-8, 0);
            free(ft);
            lq_md_forcefield_free(ff);
        }
    }
    free(r.f);
    free(f);
    lq_md_system_free(&sys);
}

/* Shifted Born terms (pair_modify shift yes) agree as well: same converged Ewald settings. */
void test_lammps_shift(void) {
    lq_md_system sys;
    lq_md_potential pot;
    lq_md_energy e;
    lq_md_ff_options o;
    double *f = setup_reference(&sys, &pot, &o, &e);
    if (!f) return;
    size_t n3 = 3 * sys.n_atoms;
    o.shift = 1;
    lq_md_forcefield *ff = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create(&pot, &sys, &o, &ff, NULL), LQ_OK);
    if (ff) {
        LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &sys, f, n3, &e, NULL), LQ_OK);
        lq_md_forcefield_free(ff);
    }
    lmp_result r = {0};
    if (lammps_eval("shift", &sys, &pot, &o, &r) != 0) {
        LQ_FAIL("LAMMPS shifted run");
    } else {
        fprintf(stderr, "  shifted Born: liquidus %.9f eV, LAMMPS %.9f eV; PE rel. diff %.2e\n",
                e.born_eV, r.evdwl, fabs(e.total_eV - r.pe) / fabs(r.pe));
        LQ_CHECK_CLOSE(e.born_eV, r.evdwl, 1e-9, 0);
        LQ_CHECK_CLOSE(e.total_eV, r.pe, 1e-6, 0);
        LQ_CHECK(rms_diff(f, r.f, n3) / rms(r.f, n3) < 1e-5);
    }
    free(r.f);
    free(f);
    lq_md_system_free(&sys);
}

void test_lammps_pppm(void) {
    lq_md_system sys;
    lq_md_potential pot;
    lq_md_energy ee, ep;
    lq_md_ff_options oe, op;
    double *fe = setup_reference(&sys, &pot, &oe, &ee);
    if (!fe) return;
    size_t n3 = 3 * sys.n_atoms;
    double *fp = calloc(n3, sizeof *fp);
    lq_md_ff_options_default(&op);
    op.cutoff_A = LMP_RC;
    op.kspace = LQ_MD_KSPACE_PPPM;
    op.accuracy = 1e-5;
    lq_md_forcefield *ff = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create(&pot, &sys, &op, &ff, NULL), LQ_OK);
    if (ff) {
        LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &sys, fp, n3, &ep, NULL), LQ_OK);
        lq_md_kspace_info info;
        lq_md_forcefield_kspace_info(ff, &info);
        double acc = op.accuracy * 14.399645478425668; /* eV/A, LAMMPS's definition */
        double d = rms_diff(fp, fe, n3);
        fprintf(stderr,
                "  liquidus PPPM (g %.5f, mesh %d %d %d, order %d, est. %.2e eV/A): RMS force "
                "error vs Ewald %.3e eV/A = %.2e relative (requested %.0e = %.2e eV/A); "
                "energy %.6f vs %.6f eV\n",
                info.g_ewald_per_A, info.mesh[0], info.mesh[1], info.mesh[2], info.order,
                info.est_force_error, d, d / 14.399645478425668, op.accuracy, acc, ep.total_eV,
                ee.total_eV);
        /* Done-when 1: within the requested accuracy of the converged Ewald forces. */
        LQ_CHECK(d <= acc);
        lq_md_forcefield_free(ff);
    }
    lmp_result r = {0};
    if (lammps_eval("pppm", &sys, &pot, &op, &r) != 0) {
        LQ_FAIL("LAMMPS PPPM run");
    } else {
        double d = rms_diff(r.f, fe, n3);
        fprintf(stderr,
                "  LAMMPS PPPM 1e-5 (pair_modify table 0): RMS force error vs Ewald %.3e eV/A = "
                "%.2e relative\n",
                d, d / 14.399645478425668);
        /* LAMMPS's PPPM is known to sit near its requested accuracy (issue 5: 1.7e-4 eV/A);
         * the check only guards against a broken comparison (a factor 3). */
        LQ_CHECK(d <= 3 * op.accuracy * 14.399645478425668);
    }
    free(r.f);
    free(fe);
    free(fp);
    lq_md_system_free(&sys);
}

/* A data file written by liquidus is read by LAMMPS, written back by LAMMPS and read by liquidus:
 * same atoms, types, charges, masses, box, unwrapped positions and velocities. */
void test_lammps_data_roundtrip(void) {
    lq_md_system sys;
    lq_md_potential pot;
    if (setup(&sys, &pot) != 0) {
        LQ_CHECK(0);
        return;
    }
    /* Velocities and unwrapped positions with image flags make the round trip non-trivial. */
    for (size_t i = 0; i < sys.n_atoms; i++)
        for (int d = 0; d < 3; d++) {
            sys.vel_A_per_ps[3 * i + (size_t)d] =
                0.001 * (double)((i * 7 + (size_t)d * 13) % 97) - 0.05;
            if (i % 5 == 0) sys.pos_A[3 * i + (size_t)d] += sys.box_A[d] * (d == 1 ? -1 : 2);
        }
    char path[1024], back[1024], in[1024];
    LQ_CHECK_STATUS(
        lq_md_data_write(mdt_path("rt.data", path, sizeof path), &sys, "round trip", NULL), LQ_OK);
    FILE *fp = fopen(mdt_path("rt.in", in, sizeof in), "w");
    if (!fp) {
        LQ_CHECK(0);
        return;
    }
    fprintf(fp,
            "units metal\natom_style charge\nboundary p p p\nread_data rt.data\n"
            "write_data rt_back.data nocoeff\n");
    fclose(fp);
    if (mdt_run_lammps("rt.in") != 0) {
        lq_md_system_free(&sys);
        return;
    }
    lq_md_system s2;
    lq_diag dg;
    lq_diag_clear(&dg);
    lq_status st = lq_md_data_read(mdt_path("rt_back.data", back, sizeof back), &s2, &dg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) {
        char b[1024];
        fprintf(stderr, "  %s\n", lq_diag_format(&dg, b, sizeof b));
    }
    if (st == LQ_OK) {
        LQ_CHECK(s2.n_atoms == sys.n_atoms && s2.n_species == sys.n_species);
        double dx = 0, dv = 0;
        int same = 1;
        for (size_t i = 0; i < sys.n_atoms && same; i++) {
            same = s2.id[i] == sys.id[i] && s2.type[i] == sys.type[i];
            for (int d = 0; d < 3; d++) {
                size_t k = 3 * i + (size_t)d;
                double u1 = sys.pos_A[k] + sys.image[k] * sys.box_A[d];
                double u2 = s2.pos_A[k] + s2.image[k] * s2.box_A[d];
                dx = fmax(dx, fabs(u1 - u2));
                dv = fmax(dv, fabs(sys.vel_A_per_ps[k] - s2.vel_A_per_ps[k]));
            }
        }
        LQ_CHECK(same);
        /* LAMMPS writes %.16e: 17 significant digits, so ~1e-15 relative of ~50 A. */
        LQ_CHECK(dx < 1e-12);
        LQ_CHECK(dv < 1e-15);
        for (size_t t = 0; t < sys.n_species; t++) {
            LQ_CHECK_CLOSE(s2.species[t].mass_amu, sys.species[t].mass_amu, 1e-15, 0);
            LQ_CHECK_CLOSE(s2.species[t].charge_e, sys.species[t].charge_e, 1e-15, 0);
        }
        for (int d = 0; d < 3; d++) LQ_CHECK_CLOSE(s2.box_A[d], sys.box_A[d], 1e-15, 0);
        fprintf(stderr, "  data round trip via LAMMPS: max |dx| %.1e A, max |dv| %.1e A/ps\n", dx,
                dv);
        lq_md_system_free(&s2);
    }
    lq_md_system_free(&sys);
}
