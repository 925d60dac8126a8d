/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: one Gibbs-energy evaluation of an MQMQA liquid (G alone, and G with all derivatives),
 * median over batches, on the ChemSage files of ../shared/data/chemsage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "liquidus/thermo.h"

typedef struct case_ {
    const char *file, *phase, *label;
    const char *comps[3];
} case_;

static int run(const case_ *c, size_t n, const char *shared) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/chemsage/%s", shared, c->file);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_thermo_ws *ws = NULL;
    lq_diag d;
    const char *ph[1] = {c->phase};
    if (lq_db_read_file(path, &db, &d) != LQ_OK ||
        lq_system_create(db, c->comps, 3, ph, 1, &sys, &d) != LQ_OK ||
        lq_thermo_ws_alloc(sys, &ws) != LQ_OK || lq_thermo_ws_set_TP(ws, 1000.0, 101325.0)) {
        fprintf(stderr, "bench_thermo_mqmqa: setup failed: %s\n", d.msg);
        return 1;
    }
    lq_phase_info in;
    lq_system_phase_info(sys, 0, &in);
    size_t m = in.n_constituents;
    double *y = malloc(m * sizeof *y), *g = malloc(m * sizeof *g), *h = malloc(m * m * sizeof *h),
           *gt = malloc(m * sizeof *gt), *tg = malloc(n * sizeof *tg), *ta = malloc(n * sizeof *ta);
    if (!y || !g || !h || !gt || !tg || !ta) return 1;
    for (size_t k = 0; k < m; k++) y[k] = (1.0 + (double)(k % 3)) / (2.0 * (double)m);
    double s = 0.0;
    for (size_t k = 0; k < m; k++) s += y[k];
    for (size_t k = 0; k < m; k++) y[k] /= s;
    const int batch = 100;
    volatile double sink = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t0 = lqb_thread_cpu_s();
        for (int b = 0; b < batch; b++) {
            lq_phase_eval ev = {0.0, 0.0, 0.0, NULL, NULL, NULL};
            lq_phase_evaluate(ws, 0, y, LQ_EVAL_G, &ev);
            sink += ev.G;
        }
        tg[i] = (lqb_thread_cpu_s() - t0) / batch;
        t0 = lqb_thread_cpu_s();
        for (int b = 0; b < batch; b++) {
            lq_phase_eval ev = {0.0, 0.0, 0.0, g, h, gt};
            lq_phase_evaluate(ws, 0, y, LQ_EVAL_ALL, &ev);
            sink += ev.G;
        }
        ta[i] = (lqb_thread_cpu_s() - t0) / batch;
    }
    double mg = lqb_median(tg, n) * 1e6, ma = lqb_median(ta, n) * 1e6;
    printf(
        "bench_thermo_mqmqa: %s (%zu quadruplets): G %.3f us, G + gradient + Hessian + T "
        "derivatives %.3f us (CPU, median of %zu batches of %d)\n",
        c->label, m, mg, ma, n, batch);
    char cap[160], f1[160];
    lqb_fmt(cap, sizeof cap, "one G evaluation of an MQMQA liquid (%s, %zu quadruplets)", c->label,
            m);
    lqb_fmt(f1, sizeof f1, "%.2f µs G; %.2f µs with all derivatives", mg, ma);
    lqb_row(cap, f1, "none run (pycalphad compiles MQMQA symbolically; no like-for-like figure)",
            "—");
    free(y);
    free(g);
    free(h);
    free(gt);
    free(tg);
    free(ta);
    lq_thermo_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
    (void)sink;
    return 0;
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 200;
    if (n < 5) n = 5;
    const char *shared = getenv("LQ_SHARED_DIR");
    if (!shared || !*shared) shared = LQ_SOURCE_DIR "/../shared";
    static const case_ cases[2] = {
        {"KF-NIF2_switched.dat", "LIQUID2", "KF-NiF2 SUBG", {"K", "NI", "F"}},
        {"ClAlNa.dat", "MSSOLN", "NaCl-AlCl3 SUBQ", {"CL", "AL", "NA"}},
    };
    for (int k = 0; k < 2; k++)
        if (run(&cases[k], n, shared)) return 1;
    return 0;
}
