/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: one Bi-Nd equilibrium at random (T, x), median microseconds on one core, and its ratio
 * to one Gibbs-energy evaluation of all phases; pycalphad as the reference engine when importable.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "thermo_ref_oc.h"

/*
 * Per-equilibrium CPU time of a multicomponent system (issue 14): `n` equilibria at random T in
 * [Tlo, Thi] and compositions uniform on the simplex (every x >= 1e-3), median over batches of 10,
 * and its ratio to one G evaluation of all phases (setting T included). Prints one LQ_BENCH_ROW.
 */
static void bench_multi(const char *file, const char *label, const char *const *comps, size_t nc,
                        double Tlo, double Thi, size_t n) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/solver/%s", LQ_SOURCE_DIR, file);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_thermo_ws *tws = NULL;
    lq_diag d;
    if (lq_db_read_file(path, &db, &d) != LQ_OK ||
        lq_system_create(db, comps, nc, NULL, 0, &sys, &d) != LQ_OK ||
        lq_eq_ws_alloc(sys, NULL, &ws, &d) != LQ_OK || lq_eq_result_alloc(ws, &res) != LQ_OK ||
        lq_thermo_ws_alloc(sys, &tws) != LQ_OK) {
        fprintf(stderr, "bench_thermo_eq: %s: setup failed: %s\n", label, d.msg);
        goto done;
    }
    size_t np = lq_system_phase_count(sys), nb = n / 10, fails = 0;
    double *beq = malloc(nb * sizeof *beq), *bg = malloc(nb * sizeof *bg);
    double *yall = NULL;
    size_t *off = malloc((np + 1) * sizeof *off);
    if (!beq || !bg || !off) goto done2;
    off[0] = 0;
    for (size_t p = 0; p < np; p++) {
        lq_phase_info in;
        lq_system_phase_info(sys, p, &in);
        off[p + 1] = off[p] + in.n_constituents;
    }
    yall = malloc((off[np] ? off[np] : 1) * sizeof *yall);
    if (!yall) goto done2;
    for (size_t p = 0; p < np; p++) { /* an interior constitution: equal fractions per sublattice */
        lq_phase_info in;
        lq_system_phase_info(sys, p, &in);
        size_t cnt[64] = {0};
        for (size_t k = 0; k < in.n_constituents; k++) cnt[in.sublattice_of[k] % 64]++;
        for (size_t k = 0; k < in.n_constituents; k++)
            yall[off[p] + k] = 1.0 / (double)cnt[in.sublattice_of[k] % 64];
    }
    lqi_rng rng;
    lqi_rng_seed(&rng, 1414);
    for (size_t b = 0; b < nb; b++) {
        double t0 = lqb_thread_cpu_s();
        for (int i = 0; i < 10; i++) {
            double T = Tlo + (Thi - Tlo) * lqi_rng_uniform(&rng), x[8], sum = 0.0;
            for (size_t c = 0; c < nc; c++) sum += (x[c] = -log(1.0 - lqi_rng_uniform(&rng)));
            for (size_t c = 0; c < nc; c++) x[c] = 1e-3 + (1.0 - 1e-3 * (double)nc) * x[c] / sum;
            if (lq_eq_solve(ws, T, x, nc, res, NULL) != LQ_OK) fails++;
        }
        beq[b] = (lqb_thread_cpu_s() - t0) / 10.0;
        t0 = lqb_thread_cpu_s();
        for (int i = 0; i < 10; i++) {
            lq_thermo_ws_set_TP(tws, Tlo + (Thi - Tlo) * lqi_rng_uniform(&rng), 101325.0);
            for (size_t p = 0; p < np; p++) {
                lq_phase_eval ev;
                memset(&ev, 0, sizeof ev);
                lq_phase_evaluate(tws, p, yall + off[p], LQ_EVAL_G, &ev);
            }
        }
        bg[b] = (lqb_thread_cpu_s() - t0) / 10.0;
    }
    double ceq = lqb_median(beq, nb) * 1e6, cg = lqb_median(bg, nb) * 1e6;
    printf(
        "  %s (%zu phases), %zu equilibria at random T in [%g, %g] K and x on the simplex: "
        "median %.1f us CPU per equilibrium (failures: %zu), %.2f us per G evaluation of all "
        "phases, ratio %.0f\n",
        label, np, n, Tlo, Thi, ceq, fails, cg, ceq / cg);
    char f1[160], f2[160], f3[64];
    lqb_row(lqb_fmt(f3, sizeof f3, "one %s equilibrium at random (T, x)", label),
            lqb_fmt(f1, sizeof f1, "%.0f µs CPU (%zu failures in %zu)", ceq, fails, n),
            lqb_fmt(f2, sizeof f2, "G of all %zu phases: %.2f µs", np, cg),
            "no reference engine measured");
done2:
    free(beq);
    free(bg);
    free(off);
    free(yall);
done:
    lq_thermo_ws_free(tws);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 20000;
    if (n < 10) n = 10;
    const char *path = LQ_SOURCE_DIR "/data/tdb/BiNd.tdb";
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_thermo_ws *tws = NULL;
    lq_diag d;
    const char *comps[2] = {"BI", "ND"};
    if (lq_db_read_file(path, &db, &d) != LQ_OK ||
        lq_system_create(db, comps, 2, NULL, 0, &sys, &d) != LQ_OK ||
        lq_eq_ws_alloc(sys, NULL, &ws, &d) != LQ_OK || lq_eq_result_alloc(ws, &res) != LQ_OK ||
        lq_thermo_ws_alloc(sys, &tws) != LQ_OK) {
        fprintf(stderr, "bench_thermo_eq: setup failed: %s\n", d.msg);
        return 1;
    }
    size_t np = lq_system_phase_count(sys);
    double *teq = malloc(n * sizeof *teq), *tg = malloc(n * sizeof *tg);
    if (!teq || !tg) return 1;
    lqi_rng rng; /* the library's generator: reproducible random conditions */
    lqi_rng_seed(&rng, 12345);
    size_t fails = 0, nphase_hist[4] = {0};
    /* warm-up */
    for (int i = 0; i < 100; i++) {
        double x[2] = {0.5, 0.5};
        lq_eq_solve(ws, 900.0, x, 2, res, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        double T = 500.0 + 1000.0 * lqi_rng_uniform(&rng);
        double xn = 0.001 + 0.998 * lqi_rng_uniform(&rng);
        double x[2] = {1.0 - xn, xn};
        double t0 = lqb_wall_s();
        lq_status st = lq_eq_solve(ws, T, x, 2, res, NULL);
        teq[i] = lqb_wall_s() - t0;
        if (st != LQ_OK) {
            fails++;
            if (fails <= 5)
                fprintf(stderr, "  no equilibrium at T = %.17g K, x(Nd) = %.17g\n", T, xn);
        } else if (res->n_phases < 4) {
            nphase_hist[res->n_phases]++;
        }
    }
    /* one Gibbs-energy evaluation of all phases: set T (all T-dependent parameters) + G of every
     * phase at one constitution (prepared outside the timed region) */
    double ys[32][16];
    if (np > 32) return 1;
    for (size_t p = 0; p < np; p++) {
        lq_phase_info in;
        lq_system_phase_info(sys, p, &in);
        for (size_t k = 0; k < in.n_constituents && k < 16; k++)
            ys[p][k] = in.n_constituents == in.n_sublattices ? 1.0 : (k % 2 ? 0.3 : 0.7);
    }
    for (size_t i = 0; i < n; i++) {
        double T = 500.0 + 1000.0 * lqi_rng_uniform(&rng);
        double t0 = lqb_wall_s();
        lq_thermo_ws_set_TP(tws, T, 101325.0);
        for (size_t p = 0; p < np; p++) {
            lq_phase_eval ev;
            memset(&ev, 0, sizeof ev);
            lq_phase_evaluate(tws, p, ys[p], LQ_EVAL_G, &ev);
        }
        tg[i] = lqb_wall_s() - t0;
    }
    /* the same in CPU time, per item of batches of 50 (median over batches) */
    size_t nb = n / 50;
    double *beq = malloc(nb * sizeof *beq), *bg = malloc(nb * sizeof *bg);
    if (!beq || !bg) return 1;
    for (size_t b = 0; b < nb; b++) {
        double t0 = lqb_thread_cpu_s();
        for (int i = 0; i < 50; i++) {
            double T = 500.0 + 1000.0 * lqi_rng_uniform(&rng),
                   xn = 0.001 + 0.998 * lqi_rng_uniform(&rng);
            double x[2] = {1.0 - xn, xn};
            lq_eq_solve(ws, T, x, 2, res, NULL);
        }
        beq[b] = (lqb_thread_cpu_s() - t0) / 50.0;
        t0 = lqb_thread_cpu_s();
        for (int i = 0; i < 50; i++) {
            lq_thermo_ws_set_TP(tws, 500.0 + 1000.0 * lqi_rng_uniform(&rng), 101325.0);
            for (size_t p = 0; p < np; p++) {
                lq_phase_eval ev;
                memset(&ev, 0, sizeof ev);
                lq_phase_evaluate(tws, p, ys[p], LQ_EVAL_G, &ev);
            }
        }
        bg[b] = (lqb_thread_cpu_s() - t0) / 50.0;
    }
    double ceq = lqb_median(beq, nb) * 1e6, cg = lqb_median(bg, nb) * 1e6;
    free(beq);
    free(bg);
    double meq = lqb_median(teq, n) * 1e6, mg = lqb_median(tg, n) * 1e6;
    printf(
        "bench_thermo_eq: Bi-Nd (%zu phases), %zu equilibria at random T in [500, 1500] K and "
        "x(Nd) in [0.001, 0.999]\n",
        np, n);
    printf(
        "  median time per equilibrium: %.2f us (failures: %zu; 1/2/3-phase results: "
        "%zu/%zu/%zu)\n",
        meq, fails, nphase_hist[1], nphase_hist[2], nphase_hist[3]);
    printf("  median time of one G evaluation of all %zu phases (incl. setting T): %.3f us\n", np,
           mg);
    printf("  ratio equilibrium / G evaluation of all phases: %.1f\n", meq / mg);
    printf(
        "  CPU time (batches of 50, median; excludes waiting for a core): %.2f us per "
        "equilibrium, %.3f us per G evaluation of all phases, ratio %.1f\n",
        ceq, cg, ceq / cg);
    char f1[160], f2[200], f3[160];
    lqb_fmt(f1, sizeof f1, "%.1f µs wall, %.1f µs CPU (%zu failures; target ≤ 50 µs)", meq, ceq,
            fails);
    int rc = system("python3 -c 'import pycalphad' >/dev/null 2>&1");
    if (rc == 0) {
        /* reference engine in the same run: pycalphad on the same database and ranges */
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "nice python3 %s/bench/bench_thermo_eq_pycalphad.py %s 30",
                 LQ_SOURCE_DIR, path);
        FILE *fp = popen(cmd, "r");
        double ms = NAN;
        char line[256];
        while (fp && fgets(line, sizeof line, fp))
            if (sscanf(line, "pycalphad_median_ms %lf", &ms) == 1) break;
        if (fp) pclose(fp);
        if (isfinite(ms)) {
            printf(
                "  pycalphad (same run, 30 points): median %.3f ms per equilibrium; "
                "liquidus / pycalphad speed ratio: %.0f\n",
                ms, ms * 1e3 / meq);
            lqb_row(
                "one Bi–Nd equilibrium at random (T, x), vs pycalphad", f1,
                lqb_fmt(f2, sizeof f2, "pycalphad: %.3f ms wall per point (30 points)", ms),
                lqb_fmt(f3, sizeof f3, "%.0f× faster (pycalphad / liquidus wall)", ms * 1e3 / meq));
        } else {
            printf("  pycalphad is importable but its benchmark script failed\n");
            lqb_row("one Bi–Nd equilibrium at random (T, x), vs pycalphad", f1,
                    "pycalphad is importable but its benchmark script failed", "not measured");
        }
    } else {
        printf(
            "  reference engine: pycalphad is not installed (not a Debian package); no ratio "
            "against it measured in this run\n");
    }
    /* reference engine in the same run: OpenCalphad on the same file and ranges, when installed */
    char ocout[1024];
    double us = lqb_opencalphad_eq_us(path, ocout, sizeof ocout);
    if (us > 0) {
        printf(
            "  OpenCalphad (same run, 400 points x 5 runs, one thread): median %.1f us CPU per\n"
            "  converged equilibrium (its own timer; %.0f of 400 converged), %.0f us wall per "
            "point\n"
            "  incl. its command handling; OpenCalphad / liquidus speed ratio: %.1f (vs liquidus\n"
            "  CPU median), %.1f (vs liquidus wall median)\n",
            us, lqb_opencalphad_value(ocout, "converged"),
            lqb_opencalphad_value(ocout, "opencalphad_wall_us"), us / ceq, us / meq);
        lqb_row("one Bi–Nd equilibrium at random (T, x)", f1,
                lqb_fmt(f2, sizeof f2, "OpenCalphad: %.1f µs CPU per converged point (%.0f of 400)",
                        us, lqb_opencalphad_value(ocout, "converged")),
                lqb_fmt(f3, sizeof f3, "%.1f× faster (CPU), %.1f× (vs liquidus wall)", us / ceq,
                        us / meq));
    } else {
        printf("  reference engine OpenCalphad: %s\n", ocout);
        lqb_row("one Bi–Nd equilibrium at random (T, x)", f1,
                lqb_fmt(f2, sizeof f2, "OpenCalphad %s%s", ocout,
                        rc == 0 ? "" : "; pycalphad not installed (not a Debian package)"),
                "not measured");
    }
    const char *c3[3] = {"AL", "CU", "MG"}, *c4[4] = {"AL", "CU", "MG", "SI"};
    size_t nm = n / 20 < 100 ? 100 : n / 20;
    bench_multi("cost507R.TDB", "Al–Cu–Mg (COST 507)", c3, 3, 400.0, 1200.0, nm);
    bench_multi("cost507R.TDB", "Al–Cu–Mg–Si (COST 507)", c4, 4, 400.0, 1200.0, nm);
    free(teq);
    free(tg);
    lq_thermo_ws_free(tws);
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
    return fails ? 2 : 0;
}
