/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Powder XRD: scattering factors, pymatgen XRDCalculator run in the test (NaCl, A7 Bi, NdBi, hcp
 * Mg; another wavelength; Debye-Waller factors), cell-choice invariance, profile and figures of
 * merit. */
#include <math.h>

#include "core/core_internal.h"
#include "dft_test.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

typedef struct {
    const char *file;
    double lambda;
    const char *dw; /* pymatgen argument */
    double b_na, b_cl;
} xjob;

static const xjob jobs[] = {
    {"NaCl_B1.POSCAR", 1.54184, "-", 0, 0},
    {"Bi_A7.cif", 1.54184, "-", 0, 0},
    {"NdBi_B1.cif", 1.54184, "-", 0, 0},
    {"Mg_hcp.cif", 1.54184, "-", 0, 0},
    {"Bi_A7.cif", 0.71073, "-", 0, 0},                      /* Mo K-alpha */
    {"NaCl_B1.POSCAR", 1.54184, "Na=1.2,Cl=0.9", 1.2, 0.9}, /* Debye-Waller */
};
#define N_JOBS (sizeof jobs / sizeof jobs[0])

static lq_xrd_pattern *pattern_of(const char *file, double lambda, double b_na, double b_cl) {
    char path[512];
    lq_structure *s = NULL;
    if (lq_structure_read(dft_data(file, path, sizeof path), &s, NULL) != LQ_OK) return NULL;
    lq_xrd_options o = lq_xrd_options_default();
    o.lambda_A = lambda;
    double b[LQ_DFT_MAX_Z + 1];
    memset(b, 0, sizeof b);
    if (b_na > 0 || b_cl > 0) {
        b[11] = b_na;
        b[17] = b_cl;
        o.debye_waller_B_A2 = b;
    }
    lq_xrd_pattern *p = NULL;
    lq_xrd_pattern_compute(s, &o, &p, NULL);
    lq_structure_free(s);
    return p;
}

static void against_pymatgen(void) {
    char args[8192] = "", path[512], job[700];
    for (size_t j = 0; j < N_JOBS; j++) {
        snprintf(job, sizeof job, "%s:%.5f:%s ", dft_data(jobs[j].file, path, sizeof path),
                 jobs[j].lambda, jobs[j].dw);
        strncat(args, job, sizeof args - strlen(args) - 1);
    }
    char *out = dft_run_python("ref_xrd.py", args);
    if (!out) return;
    double worst_tt = 0.0, worst_i = 0.0;
    for (size_t j = 0; j < N_JOBS; j++) {
        lq_xrd_pattern *p = pattern_of(jobs[j].file, jobs[j].lambda, jobs[j].b_na, jobs[j].b_cl);
        LQ_CHECK(p != NULL);
        if (!p) continue;
        /* Reference peaks of this job. */
        size_t nref = 0, matched = 0, nref_1pct = 0;
        const char *line = out;
        while (line && *line) {
            size_t k;
            double tt, in;
            if (sscanf(line, "%zu %lf %lf", &k, &tt, &in) == 3 && k == j) {
                nref++;
                /* Issue 6: positions to 0.01 deg, intensities to 1 % of the strongest peak.
                 * Peaks below 1e-3 % may fall either side of the cut-off. */
                const lq_xrd_peak *best = NULL;
                for (size_t q = 0; q < p->n_peaks; q++)
                    if (fabs(p->peaks[q].two_theta_deg - tt) < 0.01) best = &p->peaks[q];
                if (in > 1e-2 || best) {
                    LQ_CHECK(best != NULL);
                    if (best) {
                        matched++;
                        LQ_CHECK_CLOSE(best->intensity, in, 0, 1.0);
                        worst_tt = fmax(worst_tt, fabs(best->two_theta_deg - tt));
                        worst_i = fmax(worst_i, fabs(best->intensity - in));
                    }
                }
                if (in > 1.0) nref_1pct++;
            }
            line = strchr(line, '\n');
            if (line) line++;
        }
        size_t mine_1pct = 0, mine_visible = 0;
        for (size_t q = 0; q < p->n_peaks; q++) {
            mine_1pct += p->peaks[q].intensity > 1.0;
            mine_visible += p->peaks[q].intensity > 1e-2;
        }
        /* Same number of peaks above 1 % (exact), every visible peak of ours is one of theirs. */
        LQ_CHECK(nref > 0 && mine_1pct == nref_1pct);
        LQ_CHECK(matched >= mine_visible);
        fprintf(stderr, "  xrd %s (%.5f A%s): %zu pymatgen peaks, %zu matched\n", jobs[j].file,
                jobs[j].lambda, jobs[j].b_na > 0 ? ", Debye-Waller" : "", nref, matched);
        lq_xrd_pattern_free(p);
    }
    fprintf(stderr, "  xrd: worst |d 2theta| %.2e deg, worst |d I| %.2e %% of strongest\n",
            worst_tt, worst_i);
    free(out);
}

static void invariance_and_profile(void) {
    /* Rock-salt NdBi: conventional 8-atom cell (CIF) and 2-atom primitive cell agree. */
    lq_xrd_pattern *a = pattern_of("NdBi_B1.cif", 1.54184, 0, 0);
    lq_structure *s = NULL;
    LQ_CHECK_STATUS(lq_structure_alloc(2, &s), LQ_OK);
    if (!a || !s) {
        lq_xrd_pattern_free(a);
        lq_structure_free(s);
        return;
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) s->lattice_A[i][j] = i == j ? 0.0 : 6.42 / 2;
    s->z[0] = 60;
    s->z[1] = 83;
    s->frac[1][0] = s->frac[1][1] = s->frac[1][2] = 0.5;
    lq_xrd_pattern *b = NULL;
    LQ_CHECK_STATUS(lq_xrd_pattern_compute(s, NULL, &b, NULL), LQ_OK);
    if (b) {
        LQ_CHECK(a->n_peaks == b->n_peaks);
        for (size_t k = 0; k < a->n_peaks && k < b->n_peaks; k++) {
            LQ_CHECK_CLOSE(a->peaks[k].two_theta_deg, b->peaks[k].two_theta_deg, 1e-12, 0);
            LQ_CHECK_CLOSE(a->peaks[k].intensity, b->peaks[k].intensity, 1e-9, 1e-9);
            /* The conventional cell sees each reflection of the primitive one once. */
            LQ_CHECK(a->peaks[k].multiplicity == b->peaks[k].multiplicity);
        }
        /* (200) of rock salt at d = a/2, multiplicity 6, strongest for NdBi. */
        const lq_xrd_peak *p200 = NULL;
        for (size_t k = 0; k < a->n_peaks; k++)
            if (fabs(a->peaks[k].d_A - 6.42 / 2) < 1e-9) p200 = &a->peaks[k];
        LQ_CHECK(p200 && p200->multiplicity == 6 && p200->hkl[0] == 2 && p200->hkl[1] == 0);
        if (p200) LQ_CHECK_CLOSE(p200->intensity, 100.0, 1e-12, 0);
    }
    /* Profile of one peak: height = intensity, half height at FWHM/2 for any Lorentzian
     * fraction (both shapes share the FWHM), exactly. */
    lq_xrd_peak one = a->peaks[0];
    lq_xrd_pattern single = {1, &one};
    double tt[2] = {one.two_theta_deg, one.two_theta_deg + 0.05};
    double y[2];
    for (int k = 0; k <= 2; k++) {
        LQ_CHECK_STATUS(lq_xrd_profile(&single, 0.1, 0.5 * k, tt, 2, y), LQ_OK);
        LQ_CHECK_CLOSE(y[0], one.intensity, 1e-14, 0);
        LQ_CHECK_CLOSE(y[1], one.intensity / 2, 1e-12, 0);
    }
    LQ_CHECK_STATUS(lq_xrd_profile(a, 0.0, 0.5, tt, 2, y), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_xrd_profile(a, 0.1, 1.5, tt, 2, y), LQ_EINVAL);
    /* Figures of merit: a scaled copy on a background fits perfectly; another phase does not. */
    double grid[600], ya[600], yb[600], obs[600];
    for (int i = 0; i < 600; i++) grid[i] = 20.0 + 0.1 * i;
    lq_xrd_profile(a, 0.15, 0.3, grid, 600, ya);
    for (int i = 0; i < 600; i++) obs[i] = 37.0 + 3.5 * ya[i];
    lq_xrd_fom f;
    LQ_CHECK_STATUS(lq_xrd_compare(obs, ya, 600, &f), LQ_OK);
    LQ_CHECK_CLOSE(f.scale, 3.5, 1e-12, 0);
    LQ_CHECK_CLOSE(f.background, 37.0, 1e-12, 0);
    LQ_CHECK(f.r_wp < 1e-12 && f.r_p < 1e-12);
    LQ_CHECK_CLOSE(f.pearson, 1.0, 1e-12, 0);
    lq_xrd_pattern *m = pattern_of("Mg_hcp.cif", 1.54184, 0, 0);
    if (m) {
        lq_xrd_profile(m, 0.15, 0.3, grid, 600, yb);
        LQ_CHECK_STATUS(lq_xrd_compare(obs, yb, 600, &f), LQ_OK);
        LQ_CHECK(f.r_wp > 0.5 && f.pearson < 0.5);
    }
    double zero[600];
    memset(zero, 0, sizeof zero);
    LQ_CHECK_STATUS(lq_xrd_compare(obs, zero, 600, &f), LQ_ESINGULAR);
    lq_xrd_pattern_free(m);
    lq_xrd_pattern_free(a);
    lq_xrd_pattern_free(b);
    lq_structure_free(s);
}

static void factors_and_errors(void) {
    /* f(0) = Z; Na at s = 0.5/A from the Doyle-Turner coefficients by hand. */
    LQ_CHECK_CLOSE(lq_xrd_scattering_factor(11, 0.0), 11.0, 1e-15, 0);
    double s2 = 0.25;
    double fe = 2.241 * exp(-108.004 * s2) + 1.333 * exp(-24.505 * s2) + 0.907 * exp(-3.391 * s2) +
                0.286 * exp(-0.435 * s2);
    LQ_CHECK_CLOSE(lq_xrd_scattering_factor(11, 0.5), 11.0 - 41.78214 * s2 * fe, 1e-7, 0);
    LQ_CHECK(isnan(lq_xrd_scattering_factor(0, 0.1)));
    lq_structure *s = NULL;
    lq_xrd_pattern *p = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_structure_alloc(1, &s), LQ_OK);
    if (!s) return;
    s->z[0] = 110; /* Ds: no coefficients */
    LQ_CHECK_STATUS(lq_xrd_pattern_compute(s, NULL, &p, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "Ds") != NULL);
    s->z[0] = 12;
    lq_xrd_options o = lq_xrd_options_default();
    o.two_theta_max_deg = 200;
    LQ_CHECK_STATUS(lq_xrd_pattern_compute(s, &o, &p, NULL), LQ_EINVAL);
    /* A 1e4 A cell at Cu K-alpha: refused, not computed for hours. */
    for (int k = 0; k < 3; k++) s->lattice_A[k][k] = 1e4;
    LQ_CHECK_STATUS(lq_xrd_pattern_compute(s, NULL, &p, NULL), LQ_EDOM);
    for (int k = 0; k < 3; k++) s->lattice_A[k][k] = 3.0;
    lqi_alloc_fail_after(1);
    LQ_CHECK_STATUS(lq_xrd_pattern_compute(s, NULL, &p, NULL), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
    lq_structure_free(s);
    /* Measured pattern reader. */
    FILE *fp = fopen("dft_meas.xy", "w");
    if (fp) {
        fprintf(fp, "2theta intensity\n# comment\n20.0, 10\n20.1\t12 ! note\n\n20.2;11\n");
        fclose(fp);
    }
    double *x = NULL, *y = NULL;
    size_t n = 0;
    LQ_CHECK_STATUS(lq_xrd_read_measured("dft_meas.xy", &x, &y, &n, &d), LQ_OK);
    LQ_CHECK(n == 3 && x && y && x[1] == 20.1 && y[2] == 11.0);
    lq_free(x);
    lq_free(y);
    fp = fopen("dft_meas.xy", "w");
    if (fp) {
        fprintf(fp, "20.0 10\n20.1 twelve\n");
        fclose(fp);
    }
    LQ_CHECK_STATUS(lq_xrd_read_measured("dft_meas.xy", &x, &y, &n, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 2);
    remove("dft_meas.xy");
}

void test_dft_xrd(void) {
    factors_and_errors();
    against_pymatgen();
    invariance_and_profile();
}
