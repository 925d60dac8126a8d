/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One Gibbs-energy evaluation of an order-disorder phase (Dupin's Al-Ni FCC_L12 and BCC_B2). */
#include <math.h>
#include <stdio.h>

#include "bench_util.h"
#include "liquidus/thermo.h"

/*
 * G alone (what the solver's sampled points need) and G with dG/dy and d2G/dy2 (one Newton
 * evaluation) of FCC_L12 ((Al,Ni)0.75(Al,Ni)0.25(Va)1) and BCC_B2 ((Al,Ni,Va)0.5(Al,Ni,Va)0.5(Va)3)
 * at 1000 K and ordered constitutions, against the CEF evaluation of their disordered parts
 * (FCC_A1, BCC_A2) at the same composition: the order-disorder model evaluates the disordered
 * part once and the ordered part twice, so about 3x is the expected ratio. No reference engine is
 * run (pycalphad is not installed here). Median of 7 repeats of 20000 evaluations, thread CPU
 * time.
 */
static double time_eval(lq_thermo_ws *ws, size_t p, const double *y, unsigned what, size_t n) {
    double g[16], H[256], s = 0.0, t[7];
    lq_phase_eval ev = {0.0, 0.0, 0.0, g, H, NULL};
    for (int r = 0; r < 7; r++) {
        double t0 = lqb_thread_cpu_s();
        for (size_t i = 0; i < n; i++) {
            if (lq_phase_evaluate(ws, p, y, what, &ev) != LQ_OK) return NAN;
            s += ev.G;
        }
        t[r] = (lqb_thread_cpu_s() - t0) / (double)n;
    }
    if (!isfinite(s)) return NAN;
    return lqb_median(t, 7);
}

int main(void) {
    const char *path = LQ_SHARED_DIR "/data/tdb/alni_dupin_2001.tdb";
    lq_db *db = NULL;
    lq_diag d;
    if (lq_db_read_file(path, &db, &d) != LQ_OK) {
        fprintf(stderr, "bench_thermo_ordis: %s: %s\n", path, d.msg);
        return 1;
    }
    const char *comps[2] = {"AL", "NI"}, *dis[2] = {"FCC_A1", "BCC_A2"};
    lq_system *sys = NULL, *sd = NULL;
    lq_thermo_ws *ws = NULL, *wd = NULL;
    if (lq_system_create(db, comps, 2, NULL, 0, &sys, &d) != LQ_OK ||
        lq_system_create(db, comps, 2, dis, 2, &sd, &d) != LQ_OK ||
        lq_thermo_ws_alloc(sys, &ws) != LQ_OK || lq_thermo_ws_alloc(sd, &wd) != LQ_OK ||
        lq_thermo_ws_set_TP(ws, 1000.0, 101325.0) != LQ_OK ||
        lq_thermo_ws_set_TP(wd, 1000.0, 101325.0) != LQ_OK) {
        fprintf(stderr, "bench_thermo_ordis: setup failed: %s\n", d.msg);
        return 1;
    }
    const struct {
        const char *ord, *dis;
        double y[8], x[8];
    } cases[2] = {
        {"FCC_L12", "FCC_A1", {0.02, 0.98, 0.9, 0.1, 1.0}, {0.24, 0.76, 1.0}},
        {"BCC_B2", "BCC_A2", {0.05, 0.93, 0.02, 0.9, 0.08, 0.02, 1.0}, {0.475, 0.505, 0.02, 1.0}},
    };
    const size_t n = 20000;
    int rc = 0;
    for (int c = 0; c < 2; c++) {
        size_t po, pd;
        if (lq_system_phase_find(sys, cases[c].ord, &po) ||
            lq_system_phase_find(sd, cases[c].dis, &pd))
            return 1;
        double tg = time_eval(ws, po, cases[c].y, LQ_EVAL_G, n);
        double th = time_eval(ws, po, cases[c].y, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DY2, n);
        double dg = time_eval(wd, pd, cases[c].x, LQ_EVAL_G, n);
        double dh = time_eval(wd, pd, cases[c].x, LQ_EVAL_G | LQ_EVAL_DY | LQ_EVAL_DY2, n);
        if (!isfinite(tg) || !isfinite(th) || !isfinite(dg) || !isfinite(dh)) {
            rc = 1;
            continue;
        }
        printf("%s: G %.3f us, G+dy+dy2 %.3f us; %s (CEF) %.3f us, %.3f us\n", cases[c].ord,
               tg * 1e6, th * 1e6, cases[c].dis, dg * 1e6, dh * 1e6);
        char cap[128], f1[128], f2[128], f3[128];
        lqb_row(lqb_fmt(cap, sizeof cap, "one G of an order-disorder phase (%s, Al-Ni Dupin 2001)",
                        cases[c].ord),
                lqb_fmt(f1, sizeof f1, "%.2f us (G), %.2f us (G + gradient + Hessian)", tg * 1e6,
                        th * 1e6),
                lqb_fmt(f2, sizeof f2,
                        "no reference engine run; its disordered part %s (CEF): "
                        "%.2f us, %.2f us",
                        cases[c].dis, dg * 1e6, dh * 1e6),
                lqb_fmt(f3, sizeof f3, "%.1fx, %.1fx the CEF part (time ratio)", tg / dg, th / dh));
    }
    lq_thermo_ws_free(wd);
    lq_thermo_ws_free(ws);
    lq_system_free(sd);
    lq_system_free(sys);
    lq_db_free(db);
    return rc;
}
