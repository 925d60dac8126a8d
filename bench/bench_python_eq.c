/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark, C side of bench/bench_python.py: a batch of 1000 Bi-Nd equilibria (40 temperatures x
 * 25 compositions, the same grid and order as the Python batch) through lq_eq_solve in one loop;
 * median thread-CPU seconds per batch. `--time-only` prints just that number for the Python side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "liquidus/thermo.h"

#define NT 40
#define NX 25
#define REPEATS 15

int main(int argc, char **argv) {
    int time_only = argc > 1 && strcmp(argv[1], "--time-only") == 0;
    const char *path = LQ_SOURCE_DIR "/data/tdb/BiNd.tdb";
    const char *comps[2] = {"BI", "ND"};
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_db_read_file(path, &db, &d) != LQ_OK ||
        lq_system_create(db, comps, 2, NULL, 0, &sys, &d) != LQ_OK ||
        lq_eq_ws_alloc(sys, NULL, &ws, &d) != LQ_OK || lq_eq_result_alloc(ws, &res) != LQ_OK) {
        fprintf(stderr, "bench_python_eq: setup failed: %s\n", d.msg);
        return 1;
    }
    /* the grid of bench_python.py: T = linspace(600, 1400, 40), x(Nd) = linspace(0.02, 0.6, 25) */
    double T[NT], xn[NX], times[REPEATS], check = 0.0;
    for (int i = 0; i < NT; i++) T[i] = 600.0 + 800.0 * i / (NT - 1);
    for (int j = 0; j < NX; j++) xn[j] = 0.02 + 0.58 * j / (NX - 1);
    size_t fails = 0;
    for (int r = -1; r < REPEATS; r++) { /* r = -1: warm-up, not timed */
        double t0 = lqb_thread_cpu_s();
        double sum = 0.0;
        for (int i = 0; i < NT; i++)
            for (int j = 0; j < NX; j++) {
                double x[2] = {1.0 - xn[j], xn[j]};
                if (lq_eq_solve(ws, T[i], x, 2, res, NULL) != LQ_OK) {
                    fails++;
                    continue;
                }
                sum += res->G; /* the result is read, as the Python batch copies it out */
            }
        if (r >= 0) times[r] = lqb_thread_cpu_s() - t0;
        check = sum;
    }
    double med = lqb_median(times, REPEATS);
    if (time_only) {
        printf("%.9g\n", med);
    } else {
        printf(
            "batch of %d Bi-Nd equilibria through C: %.3f ms (median of %d, thread CPU), "
            "%.2f us per point, %zu failures, sum G = %.6g J/mol\n",
            NT * NX, 1e3 * med, REPEATS, 1e6 * med / (NT * NX), fails, check);
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
    return fails ? 1 : 0;
}
