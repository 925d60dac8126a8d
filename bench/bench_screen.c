/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the screen pipeline (substitution, volume rule, prediction, hull, XRD R_wp, rank)
 * on the bundled AB2 set for NdBi2, with pymatgen doing the same substitution and XRD stages in
 * the same run. */
/*
 * Two liquidus figures: the pipeline with a constant predictor (every stage but the model, the
 * part pymatgen can be compared with) and, when the bundled model file loads, with the model.
 * The "measured" pattern is simulated from NdBi2 in the ZrSi2 type with noise (no measured NdBi2
 * pattern of the study is public). Threads: all OpenMP threads (run with OMP_NUM_THREADS=2).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "liquidus/core.h"
#include "liquidus/ml.h"
#include "liquidus/screen.h"

#define N_REPEAT 5
#define N_GRID 3001 /* 20..80 deg, step 0.02 */

static lq_status const_predict(void *ctx, const lq_structure *s, lq_screen_prediction *p,
                               lq_diag *d) {
    (void)ctx;
    (void)s;
    (void)d;
    memset(p, 0, sizeof *p);
    p->eform_eV_per_atom = -0.8;
    p->sigma_eV_per_atom = (double)NAN;
    return LQ_OK;
}

/* The simulated "measured" pattern: NdBi2 in the ZrSi2 type, 2% noise, background 2; written to
 * `path` for the Python reference. */
static int make_pattern(const lq_screen_prototypes *set, lq_screen_options *o, double *tt,
                        double *y, const char *path) {
    size_t it = set->n;
    for (size_t i = 0; i < set->n; i++)
        if (strstr(set->name[i], "ZrSi2")) it = i;
    if (it == set->n) return 1;
    const lq_structure *pp[1] = {set->s[it]};
    lq_screen_result *r = NULL;
    lq_structure *s = NULL;
    lq_xrd_pattern *pat = NULL;
    int bad = lq_screen_run(pp, NULL, 1, o, &r, NULL) != LQ_OK ||
              lq_screen_structure(set->s[it], o, &r->rows[0], &s, NULL) != LQ_OK ||
              lq_xrd_pattern_compute(s, &o->xrd, &pat, NULL) != LQ_OK;
    for (size_t i = 0; i < N_GRID; i++) tt[i] = 20.0 + 0.02 * (double)i;
    if (!bad) bad = lq_xrd_profile(pat, 0.1, 0.5, tt, N_GRID, y) != LQ_OK;
    unsigned long long st = 7;
    FILE *fp = bad ? NULL : fopen(path, "w");
    for (size_t i = 0; fp && i < N_GRID; i++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL; /* Knuth MMIX LCG */
        double u = (double)(st >> 11) / 9007199254740992.0 - 0.5;
        y[i] = 2.0 + y[i] * (1.0 + 0.04 * u);
        fprintf(fp, "%.4f %.10g\n", tt[i], y[i]);
    }
    if (fp) fclose(fp);
    lq_xrd_pattern_free(pat);
    lq_structure_free(s);
    lq_screen_result_free(r);
    return bad || !fp;
}

/* Median wall time of the screen over the set. */
static double time_screen(const lq_screen_prototypes *set, const lq_screen_options *o,
                          size_t *best) {
    double t[N_REPEAT];
    for (int k = 0; k < N_REPEAT; k++) {
        lq_screen_result *r = NULL;
        double t0 = lqb_wall_s();
        lq_status st =
            lq_screen_run((const lq_structure *const *)set->s, NULL, set->n, o, &r, NULL);
        t[k] = lqb_wall_s() - t0;
        if (st != LQ_OK) return (double)NAN;
        lq_screen_rank(r, LQ_SCREEN_RANK_RWP);
        *best = r->order[0];
        lq_screen_result_free(r);
    }
    return lqb_median(t, N_REPEAT);
}

int main(void) {
    char dir[1024], hull[1024], model[1024], pat[] = "/tmp/lq_bench_screen_XXXXXX";
    snprintf(dir, sizeof dir, "%s/data/prototypes/ab2", LQ_SOURCE_DIR);
    snprintf(hull, sizeof hull, "%s/tests/dft/data/hull_NdBi.csv", LQ_SOURCE_DIR);
    snprintf(model, sizeof model, "%s/data/%s", LQ_SOURCE_DIR, LQ_ML_DEFAULT_MODEL);
    const char *paths[1] = {dir};
    lq_screen_prototypes set = {0};
    lq_hull_entries known;
    if (lq_screen_prototypes_read(paths, 1, &set, NULL) != LQ_OK) return 1;
    if (lq_hull_entries_read(hull, &known, NULL) != LQ_OK) return 1;
    lq_screen_options o = lq_screen_options_default();
    o.z[0] = 60;
    o.z[1] = 83;
    o.amount[0] = 1;
    o.amount[1] = 2;
    o.predict = const_predict;
    o.known = &known;
    static double tt[N_GRID], y[N_GRID];
    int fd = mkstemp(pat);
    if (fd < 0) return 1;
    close(fd);
    if (make_pattern(&set, &o, tt, y, pat)) return 1;
    o.measured_two_theta_deg = tt;
    o.measured_intensity = y;
    o.n_measured = N_GRID;
    size_t best = 0;
    double tc = time_screen(&set, &o, &best);
    printf("bench_screen: NdBi2 on %zu bundled AB2 prototypes, R_wp on %d points, median of %d\n",
           set.n, N_GRID, N_REPEAT);
    printf("  liquidus, constant predictor: %.4f s, %.0f structures/s (best R_wp: %s)\n", tc,
           (double)set.n / tc, set.name[best]);
    lq_ml_model *m = NULL;
    double tm = (double)NAN;
    if (lq_ml_model_read(model, &m, NULL) == LQ_OK) {
        o.predict = lq_screen_predict_ml;
        o.predict_ctx = m;
        tm = time_screen(&set, &o, &best);
        printf("  liquidus with %s: %.4f s, %.0f structures/s\n", lq_ml_model_name(m), tm,
               (double)set.n / tm);
    } else {
        printf("  the model file %s did not load: no figure with the model\n", model);
    }
    char cmd[2048], line[512];
    const char *py = getenv("LQ_PYTHON");
    if (!py || !*py) py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    double v_atom = 0, v0 = 0, v1 = 0;
    lq_screen_element_volume(60, &v0);
    lq_screen_element_volume(83, &v1);
    v_atom = (v0 + 2 * v1) / 3;
    snprintf(cmd, sizeof cmd, "%s %s/bench/bench_screen.py %s %s %.10f 3", py, LQ_SOURCE_DIR, dir,
             pat, v_atom);
    FILE *pp = popen(cmd, "r");
    double ps = (double)NAN, prwp = (double)NAN;
    char pbest[256] = "";
    while (pp && fgets(line, sizeof line, pp)) {
        sscanf(line, "seconds %lf", &ps);
        sscanf(line, "best_rwp %255s %lf", pbest, &prwp);
    }
    int prc = pp ? pclose(pp) : -1;
    remove(pat);
    char f1[160], f2[160], f3[96], what[64];
    snprintf(what, sizeof what, "NdBi2 screen pipeline (%zu AB2 prototypes)", set.n);
    lqb_fmt(f1, sizeof f1, "%.0f structures/s (stages without the model)%s", (double)set.n / tc,
            isfinite(tm) ? "" : "; model not loaded");
    if (prc != 0 || !isfinite(ps)) {
        printf("  pymatgen reference FAILED (exit %d): no ratio\n", prc);
        lqb_row(what, f1, lqb_fmt(f2, sizeof f2, "pymatgen FAILED in this run (exit %d)", prc),
                "not measured");
    } else {
        printf(
            "  pymatgen substitution + XRDCalculator + numpy R_wp: %.3f s, %.1f structures/s "
            "(best R_wp %s %.4f), median of 3\n",
            ps, (double)set.n / ps, pbest, prwp);
        printf("RATIO screen stages (pymatgen / liquidus): %.1f\n", ps / tc);
        lqb_row(what, f1, lqb_fmt(f2, sizeof f2, "pymatgen: %.1f structures/s", (double)set.n / ps),
                lqb_fmt(f3, sizeof f3, "%.0f× faster", ps / tc));
    }
    lq_ml_model_free(m);
    lq_hull_entries_free(&known);
    lq_screen_prototypes_free(&set);
    return 0;
}
