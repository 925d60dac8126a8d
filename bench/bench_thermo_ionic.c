/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: one Gibbs-energy evaluation of the ionic two-sublattice liquid (Fe-Mn-S, 5
 * constituents, 20 parameters) and one Cu-O equilibrium of the ionic liquid alone. */
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"
#include "liquidus/thermo.h"

/* Median over `reps` batches of `batch` calls, ns per call (thread CPU). */
static double time_eval(lq_thermo_ws *tws, size_t ph, const double *y, unsigned what, size_t reps,
                        size_t batch) {
    double g[5], h[25], gt[5], *t = malloc(reps * sizeof *t), sink = 0.0;
    if (!t) return -1.0;
    for (size_t r = 0; r < reps; r++) {
        double c0 = lqb_thread_cpu_s();
        for (size_t i = 0; i < batch; i++) {
            lq_phase_eval e = {0, 0, 0, g, h, gt};
            if (lq_phase_evaluate(tws, ph, y, what, &e) != LQ_OK) sink += 1e300;
            sink += e.G;
        }
        t[r] = (lqb_thread_cpu_s() - c0) / (double)batch;
    }
    double m = lqb_median(t, reps);
    free(t);
    if (sink == 0.0) fprintf(stderr, "(sink %g)\n", sink); /* keeps the loop */
    return 1e9 * m;
}

int main(int argc, char **argv) {
    size_t reps = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 50;
    if (reps < 5) reps = 5;
    lq_db *db = NULL, *dbc = NULL;
    lq_system *sys = NULL, *sysc = NULL;
    lq_thermo_ws *tws = NULL;
    lq_eq_ws *ews = NULL;
    lq_eq_result *res = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    const char *comps[3] = {"FE", "MN", "S"}, *ph[1] = {"IONIC_LIQ"}, *cc[2] = {"CU", "O"};
    if (lq_db_read_file(LQ_SOURCE_DIR "/tests/data/ionic/femns.tdb", &db, &d) != LQ_OK ||
        lq_system_create(db, comps, 3, ph, 1, &sys, &d) != LQ_OK ||
        lq_thermo_ws_alloc(sys, &tws) != LQ_OK || lq_thermo_ws_set_TP(tws, 1600.0, 101325.0) ||
        lq_db_read_file(LQ_SOURCE_DIR "/tests/data/ionic/cuo.tdb", &dbc, &d) != LQ_OK ||
        lq_system_create(dbc, cc, 2, ph, 1, &sysc, &d) != LQ_OK ||
        lq_eq_ws_alloc(sysc, NULL, &ews, &d) != LQ_OK || lq_eq_result_alloc(ews, &res) != LQ_OK) {
        fprintf(stderr, "bench_thermo_ionic: setup failed: %s:%ld %s\n", d.file, d.line, d.msg);
        return 1;
    }
    /* FE+2, MN+2 : S-2, VA, S (the order of the CONSTITUENT statement) */
    const double y[5] = {0.7, 0.3, 0.45, 0.2, 0.35};
    double tg = time_eval(tws, 0, y, LQ_EVAL_G, reps, 20000);
    double ta = time_eval(tws, 0, y, LQ_EVAL_ALL, reps, 20000);
    /* one equilibrium: Cu-O, IONIC_LIQ alone, 1000 K, x(CU) = 0.6618 (pycalphad's test case) */
    const double x[2] = {0.6618, 0.3382};
    double *te = malloc(reps * sizeof *te), G = 0.0;
    if (!te) return 1;
    for (size_t r = 0; r < reps; r++) {
        double c0 = lqb_thread_cpu_s();
        if (lq_eq_solve(ews, 1000.0, x, 2, res, &d) != LQ_OK) {
            fprintf(stderr, "bench_thermo_ionic: equilibrium failed: %s\n", d.msg);
            return 1;
        }
        te[r] = lqb_thread_cpu_s() - c0;
        G = res->G;
    }
    double tq = 1e6 * lqb_median(te, reps);
    printf(
        "Fe-Mn-S ionic liquid (5 constituents, 20 parameters), 1600 K: G %.0f ns, "
        "G + dG/dy + d2G/dy2 + T derivatives %.0f ns per evaluation (median thread CPU)\n",
        tg, ta);
    printf(
        "Cu-O ionic liquid alone at 1000 K, x(CU) = 0.6618: %.1f us per equilibrium, "
        "GM %.3f J/mol (pycalphad test: -92505.7)\n",
        tq, G);
    char f1[160], f2[160], f3[64];
    lqb_row("one G evaluation of an ionic two-sublattice liquid (Fe-Mn-S, 5 constituents)",
            lqb_fmt(f1, sizeof f1, "%.0f ns G only, %.0f ns with all derivatives", tg, ta),
            lqb_fmt(f2, sizeof f2, "none run here (pycalphad is not installable on this machine)"),
            lqb_fmt(f3, sizeof f3, "-"));
    lqb_row("one equilibrium of the Cu-O ionic liquid (1000 K, x(CU) = 0.6618)",
            lqb_fmt(f1, sizeof f1, "%.1f µs CPU", tq),
            lqb_fmt(f2, sizeof f2, "none run here (pycalphad is not installable on this machine)"),
            lqb_fmt(f3, sizeof f3, "-"));
    free(te);
    lq_eq_result_free(res);
    lq_eq_ws_free(ews);
    lq_system_free(sysc);
    lq_db_free(dbc);
    lq_thermo_ws_free(tws);
    lq_system_free(sys);
    lq_db_free(db);
    return 0;
}
