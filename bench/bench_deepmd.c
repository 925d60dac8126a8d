/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: deep-potential evaluation, microseconds per atom per step, FLOPs and share of peak. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "liquidus/deepmd.h"
#include "md/dp/dp_internal.h"

/* Two models: DeePMD-kit's fixture (water, se_e2_a [3,6,12], fitting [10,10,10], rc 6 A) on 1000
 * atoms of water at 1 g/cm^3, and a model of the size of the Mg-La study (embedding [25,50,100],
 * axis 16, fitting [240,240,240], rc 6 A, five types, random weights written here) on 1000 ions
 * of a chloride melt at ~0.040 atoms/A^3. One step = energy, forces and virial. The FLOP count
 * is that of the matrix products of the real neighbours (embedding values and derivatives, the
 * gr and dE/drr products) and of the fitting net forward and backward; peak is 16 double FLOPs
 * per cycle per core (two 256-bit FMA pipes) at the clock /proc/cpuinfo reports.
 * Usage: bench_deepmd [steps [threads]]. */

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the process (all threads): on a shared, loaded machine the wall time mostly
 * measures waiting for a core, so both are printed. */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_mhz(void) {
    FILE *fp = fopen("/proc/cpuinfo", "r");
    char line[256];
    double mhz = 0;
    while (fp && fgets(line, sizeof line, fp))
        if (!strncmp(line, "cpu MHz", 7)) {
            char *c = strchr(line, ':');
            if (c) mhz = atof(c + 1);
            break;
        }
    if (fp) fclose(fp);
    return mhz > 0 ? mhz : 2000.0;
}

/* n atoms on a jittered simple-cubic grid in a cube of side L; types by pattern. */
static void lattice(size_t n, double L, const int *pattern, size_t np, double *pos, int *type) {
    size_t side = (size_t)ceil(cbrt((double)n));
    unsigned long s = 99;
    for (size_t i = 0; i < n; i++) {
        size_t ix = i % side, iy = (i / side) % side, iz = i / (side * side);
        size_t g[3] = {ix, iy, iz};
        for (int a = 0; a < 3; a++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            double j = 0.3 * ((double)(s >> 11) / 9007199254740992.0 - 0.5);
            pos[3 * i + (size_t)a] = ((double)g[a] + 0.5 + j) * L / (double)side;
        }
        type[i] = pattern[i % np];
    }
}

static double flops_per_atom(const lq_dp_model *m, double nbr) {
    double f = 0;
    const dpi_net *e = &m->embed[0];
    for (size_t l = 0; l < e->n_layers; l++)
        f += 2.0 * 2.0 * (double)(e->layers[l].nin * e->layers[l].nout); /* value + derivative */
    f += 3.0 * 2.0 * (double)(m->ng * m->ncomp);                         /* gr, T, U products */
    f *= nbr;
    const dpi_net *fn = &m->fit[0];
    for (size_t l = 0; l < fn->n_layers; l++)
        f += 2.0 * 2.0 * (double)(fn->layers[l].nin * fn->layers[l].nout); /* forward + back */
    return f;
}

/* One model on one box; *us_cpu_out and *pct_out get the CPU time per atom per step and the share
 * of one core's peak for the summary row. */
static int run(const char *label, const char *path, size_t n, double L, const int *pattern,
               size_t np, long steps, int threads, int compress, double *us_cpu_out,
               double *pct_out) {
    lq_dp_model *m = NULL;
    lq_diag d;
    double terr = 0;
    if (lq_dp_model_read(path, &m, &d) != LQ_OK ||
        (compress && lq_dp_model_compress(m, 0.01, 0.5, &terr, &d) != LQ_OK)) {
        fprintf(stderr, "%s: %s\n", path, d.msg);
        lq_dp_model_free(m);
        return 1;
    }
    double *pos = malloc(3 * n * sizeof *pos), *f = malloc(3 * n * sizeof *f);
    int *type = malloc(n * sizeof *type);
    lattice(n, L, pattern, np, pos, type);
    double box[9] = {L, 0, 0, 0, L, 0, 0, 0, L};
    lq_dp_frame fr = {n, type, pos, box, NULL, NULL};
    lq_dp_result r = {0};
    r.forces_eV_per_A = f;
    lq_dp_compute_options o;
    lq_dp_compute_options_default(&o);
    o.n_threads = threads;
    lq_dp_compute(m, &fr, &o, &r, NULL); /* warm-up */
    double best = 1e300, best_cpu = 1e300;
    for (long s = 0; s < steps; s++) {
        double t0 = now(), c0 = cpu_now();
        lq_dp_compute(m, &fr, &o, &r, NULL);
        double t = now() - t0, c = cpu_now() - c0;
        if (t < best) best = t;
        if (c < best_cpu) best_cpu = c;
    }
    dpi_nlist nl;
    lqi_dp_nlist_build(n, pos, box, m->rcut, &nl, NULL);
    double nbr = (double)nl.start[n] / (double)n;
    lqi_dp_nlist_free(&nl);
    double fl = flops_per_atom(m, nbr), us = best / (double)n * 1e6;
    double us_cpu = best_cpu / (double)n * 1e6, peak1 = cpu_mhz() * 1e6 * 16.0;
    if (compress) printf("  (table error %.2g)\n", terr);
    printf(
        "%-26s %-10s %5zu atoms %5.1f neighbours  wall %8.2f us/atom/step (%d thr)  CPU %8.2f "
        "us/atom/step  %8.3g FLOP/atom  %5.1f%% of one core's peak\n",
        label, compress ? "compressed" : "exact", n, nbr, us, threads, us_cpu, fl,
        100.0 * fl / (us_cpu * 1e-6) / peak1);
    *us_cpu_out = us_cpu;
    *pct_out = 100.0 * fl / (us_cpu * 1e-6) / peak1;
    free(pos);
    free(f);
    free(type);
    lq_dp_model_free(m);
    return 0;
}

/* The README row of one model: exact and compressed CPU time per atom per step. */
static void summary(const char *model, int threads, const double us[2], const double pct[2]) {
    char cap[160], f1[160];
    snprintf(cap, sizeof cap, "DP energy+forces+virial, %s, 1000 atoms, %d thread(s)", model,
             threads);
    lqb_row(cap,
            lqb_fmt(f1, sizeof f1,
                    "%.1f us/atom/step exact (%.1f%% of peak), %.1f compressed (%.1f%%), CPU",
                    us[0], pct[0], us[1], pct[1]),
            "DeePMD-kit: not installable here (no PyPI; no TF/PyTorch DeePMD in Debian)", "-");
}

int main(int argc, char **argv) {
    long steps = argc > 1 ? atol(argv[1]) : 5;
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    if (steps < 1 || threads < 1) return 2;
    char fixture[1024];
    snprintf(fixture, sizeof fixture, "%s/data/deepmd/deeppot_sea.yaml", LQ_SHARED_DIR);
    static const int water[3] = {0, 1, 1};
    /* 1000 atoms of water at 1 g/cm^3: 333.3 molecules of 29.9 A^3 */
    int rc = 0;
    double us[2], pct[2];
    for (int c = 0; c < 2; c++)
        rc |= run("fixture se_e2_a (water)", fixture, 1000, cbrt(1000.0 / 3.0 * 29.915), water, 3,
                  steps, threads, c, &us[c], &pct[c]);
    if (rc == 0) summary("DeePMD-kit fixture se_e2_a (water)", threads, us, pct);
    static const char *const names[5] = {"Na", "K", "Mg", "La", "Cl"};
    static const size_t sel[5] = {40, 40, 20, 20, 100};
    lq_dp_random_spec s;
    lq_dp_random_spec_default(&s);
    s.n_types = 5;
    s.type_map = names;
    s.sel = sel;
    s.rcut_A = 6.0;
    s.rcut_smth_A = 0.5;
    s.n_embed = 3;
    s.embed_neuron[0] = 25;
    s.embed_neuron[1] = 50;
    s.embed_neuron[2] = 100;
    s.axis_neuron = 16;
    s.n_fit = 3;
    s.fit_neuron[0] = s.fit_neuron[1] = s.fit_neuron[2] = 240;
    s.seed = 2024;
    const char *study = "bench_deepmd_study.yaml";
    if (lq_dp_model_write_random(study, &s, NULL) != LQ_OK) return 1;
    static const int melt[10] = {0, 4, 1, 4, 2, 4, 4, 0, 4, 3};
    for (int c = 0; c < 2; c++)
        rc |= run("study size se_e2_a (melt)", study, 1000, cbrt(1000.0 / 0.040), melt, 10, steps,
                  threads, c, &us[c], &pct[c]);
    if (rc == 0) summary("study-sized se_e2_a [25,50,100]/[240,240,240] (melt)", threads, us, pct);
    remove(study);
    return rc;
}
