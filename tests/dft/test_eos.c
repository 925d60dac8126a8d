/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equations of state (exact recovery, Eq. 9 = BM3, pymatgen and ASE run in the test) and the VASP
 * output readers (good and malformed files). */
#include <math.h>

#include "core/core_internal.h"
#include "dft_test.h"
#include "liquidus/dft.h"
#include "liquidus/units.h"

/* Reads "volume_A3,energy_eV" rows of a fixture CSV. */
static size_t read_ev(const char *path, double *v, double *e, size_t max) {
    FILE *fp = fopen(path, "r");
    if (!fp) return 0;
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof line, fp) && n < max)
        if (sscanf(line, "%lf,%lf", &v[n], &e[n]) == 2) n++;
    fclose(fp);
    return n;
}

static const char *const ev_sets[] = {"ev_NdBi_rocksalt.csv", "ev_Bi_A7.csv", "ev_Mg_hcp.csv",
                                      "ev_Nd3Bi7_cell.csv"};
#define N_SETS (sizeof ev_sets / sizeof ev_sets[0])

static void exact_recovery(void) {
    /* Synthetic points from known parameters: every form must give them back. The linear Eq. 9
     * fit is exact for BM3 data (a cubic in V^-2/3), so 1e-9; nonlinear fits stop at 1e-14
     * relative steps, 1e-8 is far above that and far below any physical meaning. */
    const double e0 = -7.5, b0 = 0.45, bp = 4.7, v0 = 20.3;
    const lq_eos_model models[3] = {LQ_EOS_BIRCH_MURNAGHAN3, LQ_EOS_MURNAGHAN, LQ_EOS_VINET};
    for (int m = 0; m < 3; m++) {
        lq_eos_result gen;
        memset(&gen, 0, sizeof gen);
        gen.model = models[m];
        gen.e0_eV = e0;
        gen.b0_eV_per_A3 = b0;
        gen.bp = bp;
        gen.v0_A3 = v0;
        double v[11], e[11];
        for (int i = 0; i < 11; i++) {
            v[i] = v0 * (0.9 + 0.02 * i);
            e[i] = lq_eos_energy(&gen, v[i]);
        }
        lq_eos_result r;
        LQ_CHECK_STATUS(lq_eos_fit(models[m], v, e, 11, NULL, &r, NULL), LQ_OK);
        LQ_CHECK_CLOSE(r.v0_A3, v0, 1e-8, 0);
        LQ_CHECK_CLOSE(r.b0_eV_per_A3, b0, 1e-8, 0);
        LQ_CHECK_CLOSE(r.e0_eV, e0, 1e-10, 0);
        LQ_CHECK_CLOSE(r.bp, bp, 1e-6, 0);
        LQ_CHECK(r.fit_error < 1e-10);
        LQ_CHECK_CLOSE(r.b0_GPa, b0 * LQ_EV_PER_A3_TO_PA / LQ_GPA_PA, 1e-8, 0);
        if (models[m] == LQ_EOS_BIRCH_MURNAGHAN3) {
            LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_POLY4, v, e, 11, NULL, &r, NULL), LQ_OK);
            LQ_CHECK_CLOSE(r.v0_A3, v0, 1e-9, 0);
            LQ_CHECK_CLOSE(r.b0_eV_per_A3, b0, 1e-9, 0);
            LQ_CHECK_CLOSE(r.e0_eV, e0, 1e-12, 0);
            LQ_CHECK_CLOSE(r.bp, bp, 1e-9, 0);
            /* The polynomial reproduces every point. */
            for (int i = 0; i < 11; i++) LQ_CHECK_CLOSE(lq_eos_energy(&r, v[i]), e[i], 1e-12, 0);
        }
    }
}

/* Parses the reference lines "<file> <model> <engine> V0 B0 E0 B'" for one set/model/engine. */
static int find_ref(const char *out, const char *file, const char *model, const char *engine,
                    double ref[4]) {
    char key[600];
    snprintf(key, sizeof key, "%s %s %s ", file, model, engine);
    const char *p = strstr(out, key);
    if (!p) return -1;
    return sscanf(p + strlen(key), "%lf %lf %lf %lf", &ref[0], &ref[1], &ref[2], &ref[3]) == 4 ? 0
                                                                                               : -1;
}

static void against_pymatgen_ase(void) {
    char args[4096] = "", path[512];
    for (size_t s = 0; s < N_SETS; s++) {
        dft_data(ev_sets[s], path, sizeof path);
        strncat(args, path, sizeof args - strlen(args) - 2);
        strncat(args, " ", sizeof args - strlen(args) - 1);
    }
    /* One Python start for all sets and models (importing pymatgen costs seconds). */
    char *out = dft_run_python("ref_eos.py", args);
    if (!out) return;
    static const char *const names[3] = {"bm3", "murnaghan", "vinet"};
    const lq_eos_model models[3] = {LQ_EOS_BIRCH_MURNAGHAN3, LQ_EOS_MURNAGHAN, LQ_EOS_VINET};
    double worst_v0 = 0.0, worst_b0 = 0.0;
    for (size_t s = 0; s < N_SETS; s++) {
        double v[32], e[32];
        dft_data(ev_sets[s], path, sizeof path);
        size_t n = read_ev(path, v, e, 32);
        LQ_CHECK(n >= 7);
        lq_eos_result eq9;
        LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_POLY4, v, e, n, NULL, &eq9, NULL), LQ_OK);
        for (int m = 0; m < 3; m++) {
            lq_eos_result r;
            LQ_CHECK_STATUS(lq_eos_fit(models[m], v, e, n, NULL, &r, NULL), LQ_OK);
            for (int eng = 0; eng < 2; eng++) {
                double ref[4];
                int ok = find_ref(out, path, names[m], eng ? "ase" : "pymatgen", ref) == 0;
                LQ_CHECK(ok);
                if (!ok) continue;
                /* Issue 6: 1e-6 relative in V0 and B0. E0 is far better determined (1e-9);
                 * B' is a third derivative: pymatgen and ASE differ by up to 3e-5 relative
                 * between themselves (their leastsq/curve_fit stop at 1.5e-8 steps), so 1e-4. */
                LQ_CHECK_CLOSE(r.v0_A3, ref[0], 1e-6, 0);
                LQ_CHECK_CLOSE(r.b0_eV_per_A3, ref[1], 1e-6, 0);
                LQ_CHECK_CLOSE(r.e0_eV, ref[2], 1e-9, 0);
                LQ_CHECK_CLOSE(r.bp, ref[3], 1e-4, 0);
                worst_v0 = fmax(worst_v0, fabs(r.v0_A3 / ref[0] - 1.0));
                worst_b0 = fmax(worst_b0, fabs(r.b0_eV_per_A3 / ref[1] - 1.0));
                if (m == 0) {
                    /* Eq. 9 (linear) reproduces the third-order Birch-Murnaghan fit. */
                    LQ_CHECK_CLOSE(eq9.v0_A3, ref[0], 1e-6, 0);
                    LQ_CHECK_CLOSE(eq9.b0_eV_per_A3, ref[1], 1e-6, 0);
                    LQ_CHECK_CLOSE(eq9.e0_eV, ref[2], 1e-9, 0);
                    LQ_CHECK_CLOSE(eq9.bp, ref[3], 1e-4, 0);
                }
            }
            if (m == 0) {
                /* Same least-squares problem in two parametrisations: both converge to it. */
                LQ_CHECK_CLOSE(eq9.v0_A3, r.v0_A3, 1e-9, 0);
                LQ_CHECK_CLOSE(eq9.b0_eV_per_A3, r.b0_eV_per_A3, 1e-8, 0);
                LQ_CHECK_CLOSE(eq9.bp, r.bp, 1e-6, 0);
                LQ_CHECK_CLOSE(eq9.fit_error, r.fit_error, 1e-6, 1e-15);
            }
        }
        /* The study's fitting error, recomputed from its definition. */
        double s2 = 0.0;
        for (size_t i = 0; i < n; i++) {
            double d = (lq_eos_energy(&eq9, v[i]) - e[i]) / e[i];
            s2 += d * d;
        }
        LQ_CHECK_CLOSE(eq9.fit_error, sqrt(s2 / (double)n), 1e-12, 0);
        LQ_CHECK(eq9.fit_error > 0.0 && eq9.fit_error < 1e-3);
    }
    fprintf(stderr, "  eos: worst relative deviation from pymatgen/ASE: V0 %.2e, B0 %.2e\n",
            worst_v0, worst_b0);
    free(out);
}

static void errors(void) {
    double v[5] = {10, 11, 12, 13, 14}, e[5] = {-1, -1.2, -1.25, -1.2, -1.1};
    lq_eos_result r;
    lq_diag d;
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_POLY4, v, e, 3, NULL, &r, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "at least 4") != NULL);
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_VINET, NULL, e, 5, NULL, &r, NULL), LQ_EINVAL);
    double vbad[5] = {10, -11, 12, 13, 14};
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_BIRCH_MURNAGHAN3, vbad, e, 5, NULL, &r, NULL), LQ_EINVAL);
    /* Concave data have no minimum. */
    double econ[5] = {-1, -0.9, -0.7, -0.4, 0.0};
    for (size_t i = 0; i < 5; i++) econ[i] = -econ[i];
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_MURNAGHAN, v, econ, 5, NULL, &r, &d), LQ_EDOM);
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_POLY4, v, econ, 5, NULL, &r, &d), LQ_EDOM);
    /* All volumes equal: singular. */
    double vs[5] = {10, 10, 10, 10, 10};
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_POLY4, vs, e, 5, NULL, &r, NULL), LQ_ESINGULAR);
    lq_eos_model m;
    LQ_CHECK_STATUS(lq_eos_model_parse("eq9", &m), LQ_OK);
    LQ_CHECK(m == LQ_EOS_POLY4);
    LQ_CHECK_STATUS(lq_eos_model_parse("birch", &m), LQ_ENOTFOUND);
    LQ_CHECK(strcmp(lq_eos_model_name(LQ_EOS_VINET), "vinet") == 0);
    lqi_alloc_fail_after(0);
    LQ_CHECK_STATUS(lq_eos_fit(LQ_EOS_POLY4, v, e, 5, NULL, &r, NULL), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
}

void test_dft_eos(void) {
    exact_recovery();
    against_pymatgen_ase();
    errors();
}

void test_dft_vasp(void) {
    char path[512];
    lq_vasp_run run;
    lq_diag d;
    /* OUTCAR: the last ionic step wins (values written by make_fixtures.py). */
    LQ_CHECK_STATUS(
        lq_vasp_read_outcar(dft_data("vasp_ev/run_02/OUTCAR", path, sizeof path), &run, &d), LQ_OK);
    LQ_CHECK_CLOSE(run.energy_eV, -11.21373407, 0, 1e-12);
    LQ_CHECK_CLOSE(run.free_energy_eV, -11.21336207, 0, 1e-12);
    LQ_CHECK_CLOSE(run.volume_A3, 63.27, 0, 1e-12);
    LQ_CHECK(run.n_atoms == 2);
    /* vasprun.xml: calculation-level energies, not the electronic steps'. */
    LQ_CHECK_STATUS(lq_vasp_read_dir(dft_data("vasp_ev/run_04", path, sizeof path), &run, &d),
                    LQ_OK);
    LQ_CHECK_CLOSE(run.energy_eV, -11.23352520, 0, 1e-12);
    LQ_CHECK_CLOSE(run.volume_A3, 65.533429, 0, 1e-9);
    LQ_CHECK(run.n_atoms == 2);
    /* OSZICAR + CONTCAR: E0 of the last ionic step, volume of the fcc cell a^3/4. */
    LQ_CHECK_STATUS(lq_vasp_read_dir(dft_data("vasp_ev/run_07", path, sizeof path), &run, &d),
                    LQ_OK);
    LQ_CHECK_CLOSE(run.energy_eV, -1.12167173E+01, 0, 1e-12); /* %.8E as OSZICAR prints */
    LQ_CHECK_CLOSE(run.volume_A3, 68.932857, 1e-9, 0);
    /* Malformed files: errors with file and line, no crash. */
    LQ_CHECK_STATUS(
        lq_vasp_read_outcar(dft_data("bad/OUTCAR_truncated", path, sizeof path), &run, &d),
        LQ_EPARSE);
    LQ_CHECK(d.line == 3 && strstr(d.file, "OUTCAR_truncated") != NULL);
    LQ_CHECK(strcmp(d.field, "TOTEN") == 0);
    LQ_CHECK_STATUS(
        lq_vasp_read_outcar(dft_data("bad/OUTCAR_noenergy", path, sizeof path), &run, &d),
        LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "TOTEN") != NULL);
    LQ_CHECK_STATUS(
        lq_vasp_read_oszicar(dft_data("bad/OUTCAR_noenergy", path, sizeof path), &run, &d),
        LQ_EPARSE);
    LQ_CHECK_STATUS(
        lq_vasp_read_vasprun(dft_data("bad/OUTCAR_noenergy", path, sizeof path), &run, &d),
        LQ_EPARSE);
    LQ_CHECK_STATUS(lq_vasp_read_dir(dft_data("bad", path, sizeof path), &run, &d), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_vasp_read_outcar("/nonexistent/OUTCAR", &run, &d), LQ_EIO);
}
