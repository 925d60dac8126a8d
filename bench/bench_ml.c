/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of MEGNet formation energies: predictions per second for 10,000 substituted AB2
 * structures on 2 threads, and a plain torch forward pass of the same weights (tests/ml/
 * ref_megnet.py; not matgl, which cannot be installed here: no PyPI, DGL is not in Debian). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_ab2.h"
#include "bench_util.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/ml.h"

#define N_STRUCT 10000
#define N_REPEAT 3
#define N_TORCH 300

int main(void) {
    proto p[8];
    int np = make_protos(p);
    unsigned long long seed = 20261207ULL;
    /* A and B drawn from rare earths, alkaline earths, transition and p-block metals */
    static const int pool_a[] = {57, 58, 59, 60, 62, 64, 39, 20, 38, 56, 12, 22, 40, 25, 26, 27};
    static const int pool_b[] = {83, 51, 33, 50, 82, 49, 31, 13, 14, 32, 29, 28, 47, 79, 48, 30};
    const int na = (int)(sizeof pool_a / sizeof *pool_a),
              nb = (int)(sizeof pool_b / sizeof *pool_b);
    lq_structure **cand = calloc(N_STRUCT, sizeof *cand);
    if (!cand) return 1;
    long n_atoms = 0;
    for (int i = 0; i < N_STRUCT; i++) {
        const proto *q = &p[(int)(urand(&seed) * np) % np];
        lq_structure *s = NULL;
        if (lq_structure_alloc((size_t)q->n, &s) != LQ_OK) return 1;
        for (int r = 0; r < 3; r++) {
            double e = 1.0 + 0.06 * (urand(&seed) - 0.5);
            for (int c = 0; c < 3; c++) s->lattice_A[r][c] = q->lat[r][c] * e;
        }
        for (int j = 0; j < q->n; j++) {
            s->z[j] = q->z[j];
            for (int c = 0; c < 3; c++) s->frac[j][c] = q->f[j][c] + 0.02 * (urand(&seed) - 0.5);
        }
        int zs[2],
            to[2] = {pool_a[(int)(urand(&seed) * na) % na], pool_b[(int)(urand(&seed) * nb) % nb]};
        size_t ns = 0;
        lq_structure_species(s, zs, NULL, 2, &ns);
        if (lq_structure_substitute(s, zs, to, 2, LQ_RESCALE_SLATER, 0, &cand[i], NULL) != LQ_OK)
            return 1;
        n_atoms += q->n;
        lq_structure_free(s);
    }
    lq_ml_model *m = NULL;
    lq_diag d;
    if (lq_ml_model_read_default(&m, &d) != LQ_OK) {
        fprintf(stderr, "model: %s\n", d.msg);
        return 1;
    }
    lq_ml_prediction *pr = calloc(N_STRUCT, sizeof *pr);
    if (!pr) return 1;
    double t[N_REPEAT], tc[N_REPEAT];
    for (int r = 0; r < N_REPEAT; r++) {
        double t0 = lqb_wall_s(), c0 = lqb_process_cpu_s();
        lq_status st =
            lq_ml_predict_many(m, (const lq_structure *const *)cand, N_STRUCT, 2, pr, &d);
        t[r] = lqb_wall_s() - t0;
        tc[r] = lqb_process_cpu_s() - c0;
        if (st != LQ_OK) {
            fprintf(stderr, "predict: %s\n", d.msg);
            return 1;
        }
    }
    double tm = lqb_median(t, N_REPEAT), tcm = lqb_median(tc, N_REPEAT);
    int flagged = 0;
    double lo = 1e9, hi = -1e9;
    for (int i = 0; i < N_STRUCT; i++) {
        flagged += pr[i].flags != 0;
        lo = fmin(lo, pr[i].eform_eV_per_atom);
        hi = fmax(hi, pr[i].eform_eV_per_atom);
    }
    double rate = N_STRUCT / tm;
    printf(
        "MEGNet-MP-2018.6.1-Eform: %d structures (%ld atoms), 2 threads: median %.3f s of %d "
        "(%.0f structures/s; %.0f per CPU second, i.e. %.0f/s on 2 free cores); eform "
        "%.3f .. %.3f eV/atom, %d flagged\n",
        N_STRUCT, n_atoms, tm, N_REPEAT, rate, N_STRUCT / tcm, 2 * N_STRUCT / tcm, lo, hi, flagged);

    /* The reference: a plain torch forward of the same weights on the first N_TORCH structures
     * (2 threads), graph building excluded from its timing. */
    char dir[] = "/tmp/lq_bench_ml_XXXXXX", cmd[1 << 16], path[512], buf[128], rbuf[160], q[96];
    double ref_rate = -1, ref_cpu = -1;
    if (mkdtemp(dir)) {
        snprintf(cmd, sizeof cmd,
                 "/usr/bin/python3 %s/tests/ml/ref_megnet.py --threads 2 --bench %d --model "
                 "%s/data/ml/megnet_mp_2018_6_1_eform.lqml",
                 LQ_SOURCE_DIR, N_TORCH, LQ_SOURCE_DIR);
        for (int i = 0; i < N_TORCH; i++) {
            snprintf(path, sizeof path, "%s/s%04d.cif", dir, i);
            if (lq_structure_write_cif(cand[i], path, NULL) != LQ_OK) return 1;
            strncat(cmd, " ", sizeof cmd - strlen(cmd) - 1);
            strncat(cmd, path, sizeof cmd - strlen(cmd) - 1);
        }
        FILE *fp = popen(cmd, "r");
        if (fp) {
            if (fscanf(fp, "bench %lf %lf", &ref_rate, &ref_cpu) != 2) ref_rate = -1;
            pclose(fp);
        }
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    lqb_fmt(buf, sizeof buf, "%.0f structures/s (2 threads; %.0f per CPU second)", rate,
            N_STRUCT / tcm);
    if (ref_rate > 0) {
        printf(
            "plain torch forward of the same weights, not matgl (tests/ml/ref_megnet.py, torch "
            "1.13, 2 threads, %d structures, graphs built beforehand): %.1f structures/s, %.1f per "
            "CPU second; ratio %.1f (wall, same load), %.1f (CPU time)\n",
            N_TORCH, ref_rate, ref_cpu, rate / ref_rate, (N_STRUCT / tcm) / ref_cpu);
        lqb_row("MEGNet formation energies, 10,000 AB2 structures", buf,
                lqb_fmt(rbuf, sizeof rbuf,
                        "%.1f structures/s (%.1f per CPU second): plain torch forward of the same "
                        "weights, not matgl",
                        ref_rate, ref_cpu),
                lqb_fmt(q, sizeof q, "%.1fx faster (wall), %.1fx (CPU time)", rate / ref_rate,
                        (N_STRUCT / tcm) / ref_cpu));
    } else {
        printf(
            "no reference: matgl cannot be installed here (no PyPI; DGL is not in Debian) and "
            "the plain torch forward (python3-torch) did not run\n");
        lqb_row("MEGNet formation energies, 10,000 AB2 structures", buf,
                "none: matgl cannot be installed (no PyPI, DGL not in Debian)", "-");
    }
    for (int i = 0; i < N_STRUCT; i++) lq_structure_free(cand[i]);
    free(cand);
    free(pr);
    lq_ml_model_free(m);
    return 0;
}
