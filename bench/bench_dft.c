/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the NdBi2 screen: powder patterns of 10,000 substituted AB2 structures and the 0 K
 * hull over them, timed against pymatgen (XRDCalculator, PhaseDiagram) in the same run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_ab2.h"
#include "bench_util.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

#define N_STRUCT 10000
#define N_REPEAT 3

int main(void) {
    proto p[8];
    int np = make_protos(p);
    unsigned long long seed = 20261121ULL;
    lq_structure **cand = calloc(N_STRUCT, sizeof *cand);
    if (!cand) return 1;
    /* Candidates: a random prototype, strained by up to +-3 % per axis, atoms moved by up to
     * 0.01 in fractional coordinates, then A -> Nd, B -> Bi with Slater-radius rescaling. */
    int from[2] = {0, 0}, to[2] = {60, 83};
    long n_atoms_total = 0;
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
        int zs[2];
        size_t ns = 0;
        lq_structure_species(s, zs, NULL, 2, &ns);
        from[0] = zs[0];
        from[1] = zs[1];
        if (lq_structure_substitute(s, from, to, 2, LQ_RESCALE_SLATER, 0, &cand[i], NULL) != LQ_OK)
            return 1;
        n_atoms_total += q->n;
        lq_structure_free(s);
    }
    /* The same structures on disk for pymatgen, and the hull entries. */
    char dir[] = "/tmp/lq_bench_dft_XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char path[512];
    for (int i = 0; i < N_STRUCT; i++) {
        snprintf(path, sizeof path, "%s/POSCAR_%05d", dir, i);
        if (lq_structure_write_poscar(cand[i], path, NULL) != LQ_OK) return 1;
    }
    /* Entries: elements, the other Nd-Bi compounds, and every candidate with a formation energy
     * spread over 0.3 eV/atom around the NdBi2 of the hull test. */
    const double mu_nd = -4.749, mu_bi = -3.871;
    size_t ne = N_STRUCT + 6;
    double *am = calloc(2 * ne, sizeof *am), *en = calloc(ne, sizeof *en);
    snprintf(path, sizeof path, "%s/hull.csv", dir);
    FILE *fp = fopen(path, "w");
    if (!am || !en || !fp) return 1;
    fprintf(fp, "name,formula,energy_eV\n");
    const struct {
        const char *f;
        double nd, bi, ef;
    } fixed[6] = {{"Nd", 1, 0, 0.0},       {"Bi", 0, 1, 0.0},       {"NdBi", 1, 1, -1.15},
                  {"Nd5Bi3", 5, 3, -1.05}, {"Nd3Bi7", 3, 7, -0.78}, {"Nd2Bi", 2, 1, -0.95}};
    for (size_t i = 0; i < ne; i++) {
        double nd, bi, ef;
        char name[32], formula[32];
        if (i < 6) {
            nd = fixed[i].nd;
            bi = fixed[i].bi;
            ef = fixed[i].ef;
            snprintf(name, sizeof name, "%s", fixed[i].f);
        } else {
            const lq_structure *s = cand[i - 6];
            nd = bi = 0;
            for (size_t j = 0; j < s->n_sites; j++) {
                if (s->z[j] == 60)
                    nd += 1.0;
                else
                    bi += 1.0;
            }
            ef = -0.95 + 0.3 * urand(&seed);
            snprintf(name, sizeof name, "c%05zu", i - 6);
        }
        snprintf(formula, sizeof formula, "Nd%gBi%g", nd, bi);
        am[2 * i] = nd;
        am[2 * i + 1] = bi;
        en[i] = (nd + bi) * ef + nd * mu_nd + bi * mu_bi;
        fprintf(fp, "%s,%s,%.10f\n", name, formula, en[i]);
    }
    fclose(fp);

    /* liquidus: patterns (Cu K-alpha, 0-90 deg) and hull, each the median of N_REPEAT runs. */
    double t_x[N_REPEAT], t_h[N_REPEAT];
    size_t peaks_total = 0;
    for (int r = 0; r < N_REPEAT; r++) {
        double t0 = lqb_wall_s();
        size_t pk = 0;
        for (int i = 0; i < N_STRUCT; i++) {
            lq_xrd_pattern *pat = NULL;
            if (lq_xrd_pattern_compute(cand[i], NULL, &pat, NULL) != LQ_OK) return 1;
            pk += pat->n_peaks;
            lq_xrd_pattern_free(pat);
        }
        t_x[r] = lqb_wall_s() - t0;
        peaks_total = pk;
        int z[2] = {60, 83};
        t0 = lqb_wall_s();
        lq_hull *h = NULL;
        if (lq_hull_build(2, z, am, en, ne, &h, NULL) != LQ_OK) return 1;
        double sum = 0.0, ea;
        for (size_t i = 0; i < ne; i++) {
            lq_hull_entry(h, i, NULL, &ea);
            sum += ea;
        }
        t_h[r] = lqb_wall_s() - t0;
        lq_hull_free(h);
        if (!(sum >= 0.0)) return 1;
    }
    double cx = lqb_median(t_x, (size_t)N_REPEAT), ch = lqb_median(t_h, (size_t)N_REPEAT);

    /* pymatgen on the same files, in the same run. */
    int n_sub = 100; /* pymatgen needs ~0.2 s per pattern: time a subset and scale */
    char cmd[2048];
    const char *py = getenv("LQ_PYTHON");
    if (!py || !*py) py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    snprintf(cmd, sizeof cmd, "%s %s/bench/bench_dft.py %s %d %d %d", py, LQ_SOURCE_DIR, dir,
             N_STRUCT, n_sub, N_REPEAT);
    FILE *pp = popen(cmd, "r");
    double px = NAN, ph = NAN;
    long pn_hull = 0, pk_sub = -1;
    char line[256];
    while (pp && fgets(line, sizeof line, pp)) {
        sscanf(line, "xrd_seconds_per_structure %lf", &px);
        sscanf(line, "hull_seconds %lf %ld", &ph, &pn_hull);
        sscanf(line, "xrd_peaks_subset %ld", &pk_sub);
    }
    int prc = pp ? pclose(pp) : -1;
    /* Peak count of our first n_sub structures, to show both did the same work. */
    long ours_sub = 0;
    for (int i = 0; i < n_sub; i++) {
        lq_xrd_pattern *pat = NULL;
        lq_xrd_pattern_compute(cand[i], NULL, &pat, NULL);
        for (size_t k = 0; pat && k < pat->n_peaks; k++) ours_sub += pat->peaks[k].intensity > 1.0;
        lq_xrd_pattern_free(pat);
    }
    printf(
        "bench_dft: %d substituted NdBi2 candidates (%ld atoms, %d prototypes), Cu K-alpha "
        "0-90 deg\n",
        N_STRUCT, n_atoms_total, np);
    printf("  liquidus xrd : %.3f s for %d patterns (%.1f us each, %zu peaks), median of %d\n", cx,
           N_STRUCT, 1e6 * cx / N_STRUCT, peaks_total, N_REPEAT);
    printf(
        "  liquidus hull: %.4f s for %zu entries (formation energies, e_above_hull, "
        "decompositions), median of %d\n",
        ch, ne, N_REPEAT);
    if (prc != 0 || !isfinite(px) || !isfinite(ph)) {
        printf("  pymatgen reference FAILED (exit %d): no ratio\n", prc);
        char f1[128], f2[128];
        lqb_row("10,000 powder patterns + 0 K hull (substituted NdBi2 candidates)",
                lqb_fmt(f1, sizeof f1, "%.2f s (patterns %.2f s + hull %.3f s)", cx + ch, cx, ch),
                lqb_fmt(f2, sizeof f2, "pymatgen FAILED in this run (exit %d)", prc),
                "not measured");
    } else {
        double pxt = px * N_STRUCT;
        printf(
            "  pymatgen XRDCalculator: %.2f ms per pattern on the first %d structures (median "
            "of %d), scaled to %d: %.1f s\n",
            1e3 * px, n_sub, N_REPEAT, N_STRUCT, pxt);
        printf("  peaks above 1 %% on those %d: liquidus %ld, pymatgen %ld\n", n_sub, ours_sub,
               pk_sub);
        printf(
            "  pymatgen PhaseDiagram + get_e_above_hull over %ld entries: %.3f s (median of %d)\n",
            pn_hull, ph, N_REPEAT);
        printf("RATIO xrd  (pymatgen / liquidus): %.1f\n", pxt / cx);
        printf("RATIO hull (pymatgen / liquidus): %.1f\n", ph / ch);
        printf("RATIO total(pymatgen / liquidus): %.1f\n", (pxt + ph) / (cx + ch));
        char f1[128], f2[160], f3[128];
        lqb_row("10,000 powder patterns + 0 K hull (substituted NdBi2 candidates)",
                lqb_fmt(f1, sizeof f1, "%.2f s (patterns %.2f s + hull %.3f s)", cx + ch, cx, ch),
                lqb_fmt(f2, sizeof f2,
                        "pymatgen: %.1f s (XRDCalculator timed on %d, scaled) + hull %.2f s",
                        pxt + ph, n_sub, ph),
                lqb_fmt(f3, sizeof f3, "%.0f× faster (patterns %.0f×, hull %.0f×)",
                        (pxt + ph) / (cx + ch), pxt / cx, ph / ch));
    }
    for (int i = 0; i < N_STRUCT; i++) {
        snprintf(path, sizeof path, "%s/POSCAR_%05d", dir, i);
        remove(path);
        lq_structure_free(cand[i]);
    }
    snprintf(path, sizeof path, "%s/hull.csv", dir);
    remove(path);
    rmdir(dir);
    free(cand);
    free(am);
    free(en);
    return prc == 0 ? 0 : 1;
}
