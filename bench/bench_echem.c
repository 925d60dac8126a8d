/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: a 10^6-point chronoamperogram read from CSV and analysed (nucleation maximum,
 * Scharifker-Hills fits, automatic Cottrell region), against NumPy doing the same (echem_ref.py).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"

#define NPTS 1000000
#define REPEATS 5

/* Gaussian noise by Box-Muller on a fixed 64-bit LCG (deterministic record). */
static double gauss(unsigned long long *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    double u1 = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    double u2 = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * LQ_PI * u2);
}

/* Instantaneous Scharifker-Hills transient (t_m = 0.5 s, I_m = -20 mA) after a charging spike,
 * 10 us sampling for 10 s, 0.1 mA noise; E is the constant step potential. */
static int write_record(const char *path) {
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    fprintf(fp, "time_s,E_V,I_A\n");
    unsigned long long s = 12345;
    for (long i = 0; i < NPTS; i++) {
        double t = 1e-5 * (double)(i + 1);
        double I = -20e-3 * sqrt(lq_echem_sh_model(LQ_ECHEM_NUCL_INSTANTANEOUS, t / 0.5)) -
                   0.03 * exp(-t / 0.005) + 1e-4 * gauss(&s);
        fprintf(fp, "%.8g,-1.6,%.9g\n", t, I);
    }
    return fclose(fp);
}

int main(int argc, char **argv) {
    const char *script = argc > 1 ? argv[1] : LQ_SOURCE_DIR "/bench/echem_ref.py";
    char path[] = "/tmp/lq_bench_echem_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || close(fd) != 0 || write_record(path) != 0) {
        fprintf(stderr, "bench_echem: cannot write the record %s\n", path);
        return 1;
    }
    double tl[REPEATS], tn[REPEATS], cl[REPEATS], cn[REPEATS];
    lq_echem_ca_result res;
    memset(&res, 0, sizeof res);
    for (int r = 0; r < REPEATS; r++) {
        double t0 = lqb_wall_s(), c0 = lqb_process_cpu_s();
        lq_echem_record *rec = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_echem_record_read(path, NULL, &rec, &d);
        if (st != LQ_OK) {
            fprintf(stderr, "bench_echem: read: %s %s\n", lq_status_str(st), d.msg);
            unlink(path);
            return 1;
        }
        lq_echem_ca_options o = lq_echem_ca_options_default();
        o.n_electrons = 2;
        o.area_m2 = 0.322e-4;
        o.conc_mol_per_m3 = 100.0;
        /* The NumPy reference fits t_m and I_m only (no induction time): the same algorithm. */
        o.fit_induction = 0;
        st = lq_echem_ca_analyse(rec->time_s, rec->current_A, rec->n, &o, &res, &d);
        size_t n = rec->n;
        lq_echem_record_free(rec);
        tl[r] = lqb_wall_s() - t0;
        cl[r] = lqb_process_cpu_s() - c0;
        if (st != LQ_OK || n != NPTS) {
            fprintf(stderr, "bench_echem: analysis: %s %s (n = %zu)\n", lq_status_str(st), d.msg,
                    n);
            unlink(path);
            return 1;
        }
        /* The NumPy reference reads the same file and runs the same algorithm; it prints its own
         * time for reading + analysis (interpreter start-up excluded) and its results. */
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s'", script, path);
        FILE *pp = popen(cmd, "r");
        double py_t = NAN, py_tm = NAN, py_im = NAN, py_d = NAN, py_c = NAN;
        if (!pp || fscanf(pp, "%lf %lf %lf %lf %lf", &py_t, &py_tm, &py_im, &py_d, &py_c) != 5) {
            fprintf(stderr,
                    "bench_echem: the NumPy reference (%s) failed: is python3-numpy "
                    "installed?\n",
                    script);
            if (pp) pclose(pp);
            unlink(path);
            return 1;
        }
        pclose(pp);
        tn[r] = py_t;
        cn[r] = py_c;
        if (r == 0) {
            printf(
                "liquidus: t_m = %.6g s, I_m = %.6g A, mode %d, Cottrell %zu points, D = %.6g "
                "m^2/s\n",
                res.t_m_s, res.I_m_A, (int)res.mode, res.cot_end - res.cot_start, res.D_m2_per_s);
            printf("numpy   : t_m = %.6g s, I_m = %.6g A, D = %.6g m^2/s\n", py_tm, py_im, py_d);
            if (fabs(py_tm - res.t_m_s) > 1e-6 * res.t_m_s ||
                fabs(py_d - res.D_m2_per_s) > 1e-6 * res.D_m2_per_s) {
                fprintf(stderr, "bench_echem: the two implementations disagree\n");
                unlink(path);
                return 1;
            }
        }
    }
    unlink(path);
    printf("runs (liquidus / NumPy, s):");
    for (int r = 0; r < REPEATS; r++) printf(" %.3f/%.3f", tl[r], tn[r]);
    printf("\n");
    printf("CPU (liquidus / NumPy, s):");
    for (int r = 0; r < REPEATS; r++) printf(" %.3f/%.3f", cl[r], cn[r]);
    printf("\n");
    double ml = lqb_median(tl, (size_t)REPEATS), mn = lqb_median(tn, (size_t)REPEATS);
    double mcl = lqb_median(cl, (size_t)REPEATS), mcn = lqb_median(cn, (size_t)REPEATS);
    /* CPU time does not count waiting for a core: the ratio that a loaded machine leaves intact */
    printf("echem CA, CPU time: liquidus %.3f s, NumPy %.3f s (median of %d); speed-up x%.2f\n",
           mcl, mcn, REPEATS, mcn / mcl);
    printf(
        "echem CA, 10^6-point CSV read + analysis: liquidus %.3f s, NumPy %.3f s (median of %d); "
        "speed-up x%.2f; %s the 1 s target\n",
        ml, mn, REPEATS, mn / ml, ml < 1.0 ? "within" : "OVER");
    char f1[128], f2[128], f3[128];
    lqb_row("10^6-point chronoamperogram read from CSV + analysed",
            lqb_fmt(f1, sizeof f1, "%.3f s (target < 1 s: %s)", ml, ml < 1.0 ? "met" : "NOT met"),
            lqb_fmt(f2, sizeof f2, "NumPy, same algorithm: %.3f s", mn),
            lqb_fmt(f3, sizeof f3, "%.2f× faster", mn / ml));
    return ml < 1.0 ? 0 : 1;
}
