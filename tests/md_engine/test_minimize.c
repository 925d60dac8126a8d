/* SPDX-License-Identifier: GPL-3.0-or-later */
/* FIRE minimisation: a displaced rock-salt crystal returns to its lattice; stops; bad options. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "lq_test.h"
#include "md_test_tests.h"
#include "md_test_util.h"

/* Largest distance of an atom from its lattice site after removing the mean displacement (the
 * crystal may translate as a whole: a uniform shift costs no energy), minimum image. */
static double lattice_deviation(const lq_md_system *a, const lq_md_system *ref) {
    double mean[3] = {0, 0, 0}, worst = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < a->n_atoms; i++) {
            double r2 = 0;
            for (int d = 0; d < 3; d++) {
                double L = ref->box_A[d];
                double u = a->pos_A[3 * i + (size_t)d] - ref->pos_A[3 * i + (size_t)d];
                u -= L * round(u / L);
                if (pass == 0)
                    mean[d] += u / (double)a->n_atoms;
                else {
                    u -= mean[d];
                    u -= L * round(u / L);
                    r2 += u * u;
                }
            }
            if (pass == 1 && sqrt(r2) > worst) worst = sqrt(r2);
        }
    }
    return worst;
}

/* 64 ions of rock salt (2 x 2 x 2 cells, a = 5.64 A) with every coordinate displaced by up to
 * 0.25 A. At a perfect rock-salt lattice every force vanishes by symmetry, at any lattice
 * constant, and for Tosi–Fumi NaCl it is the only minimum within that distance, so FIRE must
 * bring every ion back to its site. Ewald (exact momentum conservation) at 1e-8 so that the
 * reciprocal-space error (LAMMPS's estimate ~1e-7 eV/A) is far below the force tolerance. */
void test_minimize_lattice(void) {
    lq_md_potential pot;
    if (mdt_load_potential("tosi_fumi_NaCl.pot", &pot) != 0) return;
    lq_md_system ref, sys;
    LQ_CHECK(mdt_make_nacl(&ref, 2, 5.64, 0.0, 1) == 0);
    LQ_CHECK(mdt_make_nacl(&sys, 2, 5.64, 0.25, 7) == 0);
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.cutoff_A = 5.6;
    fo.skin_A = 1.0;
    fo.kspace = LQ_MD_KSPACE_EWALD;
    fo.accuracy = 1e-8;
    fo.tabulate = 0;
    lq_md_forcefield *ff = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_forcefield_create(&pot, &sys, &fo, &ff, &d), LQ_OK);
    lq_md_energy e_ref;
    double *f = calloc(3 * ref.n_atoms, sizeof *f);
    LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &ref, f, 3 * ref.n_atoms, &e_ref, &d), LQ_OK);
    double f_ref = 0;
    for (size_t k = 0; k < 3 * ref.n_atoms; k++)
        if (fabs(f[k]) > f_ref) f_ref = fabs(f[k]);
    free(f);
    fprintf(stderr, "  perfect lattice: PE %.8f eV, largest force component %.2e eV/A\n",
            e_ref.total_eV, f_ref);
    LQ_CHECK(f_ref < 1e-6); /* the symmetry argument holds for this evaluator */
    double dev0 = lattice_deviation(&sys, &ref);
    lq_md_min_options mo;
    lq_md_min_options_default(&mo);
    mo.ftol_eV_per_A = 1e-5;
    lq_md_min_result mr;
    LQ_CHECK_STATUS(lq_md_minimize(ff, &sys, &mo, &mr, &d), LQ_OK);
    double dev = lattice_deviation(&sys, &ref);
    fprintf(stderr,
            "  FIRE: %ld steps, PE %.6f -> %.8f eV, max force %.3g -> %.3g eV/A, lattice "
            "deviation %.3g -> %.3g A\n",
            mr.iterations, mr.e_initial_eV, mr.e_final_eV, mr.fmax_initial_eV_per_A,
            mr.fmax_eV_per_A, dev0, dev);
    LQ_CHECK(mr.stop == LQ_MD_MIN_FTOL);
    LQ_CHECK(mr.fmax_eV_per_A < 1e-5);
    LQ_CHECK(mr.iterations > 10 && mr.iterations < mo.max_iter);
    LQ_CHECK(dev0 > 0.2);
    /* Residual displacement ~ fmax / k with the smallest lattice stiffness k of order 1 eV/A^2
     * (Tosi–Fumi NaCl: optical and zone-boundary acoustic modes): 1e-5 A; 1e-4 A leaves room for
     * k down to 0.1 eV/A^2. The energy error is of order fmax^2 / k per ion: < 1e-8 eV. */
    LQ_CHECK(dev < 1e-4);
    LQ_CHECK(mr.e_initial_eV > e_ref.total_eV + 1.0);
    LQ_CHECK_CLOSE(mr.e_final_eV, e_ref.total_eV, 0, 1e-7);
    lq_md_forcefield_free(ff);
    lq_md_system_free(&ref);
    lq_md_system_free(&sys);
}

/* The other stops, the simulation entry point and bad options. */
void test_minimize_stops(void) {
    lq_md_potential pot;
    if (mdt_load_potential("tosi_fumi_NaCl.pot", &pot) != 0) return;
    lq_md_system sys;
    LQ_CHECK(mdt_make_nacl(&sys, 2, 5.64, 0.25, 11) == 0);
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.cutoff_A = 5.6;
    fo.skin_A = 1.0;
    lq_md_sim *sim = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_md_sim_create(&sys, &pot, &fo, NULL, &sim, &d), LQ_OK);
    if (!sim) {
        lq_md_system_free(&sys);
        return;
    }
    lq_md_min_options mo;
    lq_md_min_options_default(&mo);
    lq_md_min_result mr;
    mo.max_iter = 7;
    LQ_CHECK_STATUS(lq_md_sim_minimize(sim, &mo, &mr, &d), LQ_OK);
    LQ_CHECK(mr.stop == LQ_MD_MIN_MAXITER && mr.iterations == 7);
    LQ_CHECK(mr.e_final_eV < mr.e_initial_eV);
    /* the simulation's energy and forces are those of the relaxed positions */
    lq_md_thermo t;
    lq_md_sim_thermo(sim, &t);
    LQ_CHECK_CLOSE(t.pe_eV, mr.e_final_eV, 0, 1e-9);
    const double *f = lq_md_sim_forces(sim);
    double fm = 0;
    for (size_t i = 0; i < sys.n_atoms; i++)
        fm = fmax(fm, sqrt(f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1] +
                           f[3 * i + 2] * f[3 * i + 2]));
    LQ_CHECK_CLOSE(fm, mr.fmax_eV_per_A, 1e-9, 0);
    /* energy criterion only */
    mo.max_iter = 10000;
    mo.ftol_eV_per_A = 0;
    mo.etol = 1e-8;
    LQ_CHECK_STATUS(lq_md_sim_minimize(sim, &mo, &mr, &d), LQ_OK);
    LQ_CHECK(mr.stop == LQ_MD_MIN_ETOL && mr.iterations < 10000);
    fprintf(stderr, "  etol 1e-8: %ld steps, max force %.3g eV/A\n", mr.iterations,
            mr.fmax_eV_per_A);
    LQ_CHECK(mr.fmax_eV_per_A < 0.05);
    /* a converged system stops at once */
    mo.etol = 0;
    mo.ftol_eV_per_A = 1.0;
    LQ_CHECK_STATUS(lq_md_sim_minimize(sim, &mo, &mr, &d), LQ_OK);
    LQ_CHECK(mr.stop == LQ_MD_MIN_FTOL && mr.iterations == 0);
    const lq_md_min_options bad[] = {
        {-1, 0, 10, 0.001, 10, 0.1, 0.99, 1.1, 0.5, 5, 0.1},
        {1e-3, 0, 10, 0.0, 10, 0.1, 0.99, 1.1, 0.5, 5, 0.1},
        {1e-3, 0, 10, 0.001, 10, 0.1, 0.99, 1.1, 1.5, 5, 0.1},
        {1e-3, 0, 10, 0.001, 10, 0.1, 0.99, 1.1, 0.5, 5, 0.0},
        {1e-3, 0, -1, 0.001, 10, 0.1, 0.99, 1.1, 0.5, 5, 0.1},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        LQ_CHECK_STATUS(lq_md_sim_minimize(sim, &bad[k], &mr, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_minimize(NULL, &sys, NULL, &mr, NULL), LQ_EINVAL);
    /* allocation failures: LQ_ENOMEM and nothing leaked (ASan), then success */
    mo.max_iter = 3;
    int ok_seen = 0, other = 0;
    for (long k = 0; k < 50 && !ok_seen; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_md_sim_minimize(sim, &mo, &mr, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) ok_seen = 1;
        if (st != LQ_OK && st != LQ_ENOMEM) other = 1;
    }
    LQ_CHECK(ok_seen && !other);
    lq_md_sim_free(sim);
    lq_md_system_free(&sys);
}
