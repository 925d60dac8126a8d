/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus xrd`: powder patterns of structures, broadened profiles, and the comparison of
 * candidate structures with a measured pattern (figures of merit and one figure). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/plot.h"
#include "liquidus/units.h"

#define CMD "xrd"
#define MAX_FILES 256

static const struct {
    const char *name;
    double lambda_A;
} radiations[] = {{"CuKa", LQ_XRD_CU_KALPHA_A}, {"CuKa1", LQ_XRD_CU_KALPHA1_A},
                  {"MoKa", LQ_XRD_MO_KALPHA_A}, {"CoKa", LQ_XRD_CO_KALPHA_A},
                  {"FeKa", LQ_XRD_FE_KALPHA_A}, {"CrKa", LQ_XRD_CR_KALPHA_A},
                  {"AgKa", LQ_XRD_AG_KALPHA_A}};

/* "Na=1.2,Cl=0.9" into B factors indexed by Z. */
static int parse_dw(const char *s, double *b) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        if (!eq) return -1;
        *eq = '\0';
        int z = lq_element_z(t);
        char *end = NULL;
        double v = strtod(eq + 1, &end);
        if (!z || strcmp(lq_element_symbol(z), t) != 0 || end == eq + 1 || *end || !(v >= 0.0))
            return -1;
        b[z] = v;
    }
    return 0;
}

typedef struct {
    const char *file;
    lq_xrd_pattern *p;
    lq_xrd_fom fom;
    double *y; /* profile on the measured grid */
} cand;

static int cmp_cand(const void *a, const void *b) {
    double x = ((const cand *)a)->fom.r_wp, y = ((const cand *)b)->fom.r_wp;
    return (x > y) - (x < y);
}

static const char *const peak_cols[] = {"two_theta_deg", "d_A", "intensity_rel", "h", "k", "l",
                                        "multiplicity"};

static int write_peaks(const char *path, const cand *c, size_t nc, double lambda) {
    const char *names[8] = {"structure"};
    for (int k = 0; k < 7; k++) names[k + 1] = peak_cols[k];
    char comment[256];
    snprintf(comment, sizeof comment,
             "powder peaks by liquidus xrd, lambda = %.6f A; intensity_rel: strongest = 100; "
             "multiplicity: reciprocal lattice points in the peak",
             lambda);
    lq_csv *csv = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_csv_open(path, names, 8, comment, &csv, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    for (size_t i = 0; i < nc; i++)
        for (size_t k = 0; k < c[i].p->n_peaks; k++) {
            const lq_xrd_peak *q = &c[i].p->peaks[k];
            char b[7][32];
            snprintf(b[0], 32, "%.10f", q->two_theta_deg);
            snprintf(b[1], 32, "%.10f", q->d_A);
            snprintf(b[2], 32, "%.8f", q->intensity);
            snprintf(b[3], 32, "%d", q->hkl[0]);
            snprintf(b[4], 32, "%d", q->hkl[1]);
            snprintf(b[5], 32, "%d", q->hkl[2]);
            snprintf(b[6], 32, "%d", q->multiplicity);
            const char *row[8] = {c[i].file, b[0], b[1], b[2], b[3], b[4], b[5], b[6]};
            lq_csv_row_str(csv, row, 8);
        }
    st = lq_csv_close(csv, &d);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

int lq_cmd_xrd_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_xrd_run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *radiation = NULL, *range = "0:90", *dw = NULL, *peaks = NULL, *profile = NULL;
    const char *measured = NULL, *plot = NULL;
    double lambda = 0.0, fwhm = 0.1, eta = 0.5, step = 0.02;
    long show = 3;
    const lqa_opt opts[] = {
        {"lambda", LQA_DOUBLE, &lambda, "A", "wavelength (default Cu K-alpha 1.54184 A)"},
        {"radiation", LQA_STRING, &radiation, "NAME", "CuKa, CuKa1, MoKa, CoKa, FeKa, CrKa, AgKa"},
        {"range", LQA_STRING, &range, "MIN:MAX", "2theta range in degrees (default 0:90)"},
        {"dw", LQA_STRING, &dw, "El=B,...", "Debye-Waller B factors in A^2 (default none)"},
        {"peaks", LQA_STRING, &peaks, "FILE.csv", "write the peak lists"},
        {"profile", LQA_STRING, &profile, "FILE.csv", "write the broadened profiles"},
        {"fwhm", LQA_DOUBLE, &fwhm, "DEG", "peak full width at half maximum (default 0.1)"},
        {"eta", LQA_DOUBLE, &eta, "0..1", "Lorentzian fraction of the pseudo-Voigt (default 0.5)"},
        {"step", LQA_DOUBLE, &step, "DEG", "profile step when no measured grid (default 0.02)"},
        {"measured", LQA_STRING, &measured, "FILE",
         "two-column measured pattern: rank the structures by R_wp against it"},
        {"show", LQA_INT, &show, "N", "candidates drawn with --measured (default 3)"},
        {"plot", LQA_STRING, &plot, "FIG.png|svg|pdf", "draw the pattern(s)"},
    };
    const char *pos[MAX_FILES];
    size_t npos = 0;
    int rc =
        lqa_parse(CMD,
                  "liquidus xrd [options] STRUCTURE...\n"
                  "  STRUCTURE: CIF or POSCAR/CONTCAR. Intensities: |F|^2 x Lorentz-polarisation,"
                  "\n  Doyle-Turner scattering factors (the same as pymatgen), strongest peak = "
                  "100",
                  opts, sizeof opts / sizeof opts[0], argc, argv, pos, MAX_FILES, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos == 0) return lqa_usage_error(CMD, "no structure given (see --help)");
    lq_xrd_options o = lq_xrd_options_default();
    if (radiation) {
        size_t k = 0, nr = sizeof radiations / sizeof radiations[0];
        while (k < nr && strcmp(radiations[k].name, radiation) != 0) k++;
        if (k == nr) return lqa_usage_error(CMD, "--radiation: unknown '%s'", radiation);
        o.lambda_A = radiations[k].lambda_A;
    }
    if (lambda != 0.0) {
        if (!(lambda > 0.0)) return lqa_usage_error(CMD, "--lambda must be > 0");
        o.lambda_A = lambda;
    }
    double rg[2];
    if (lqa_parse_range(range, rg, 2) != 2 || !(rg[0] >= 0.0) || !(rg[1] > rg[0]) || rg[1] > 180.0)
        return lqa_usage_error(CMD, "--range: expected MIN:MAX within 0..180 degrees");
    o.two_theta_min_deg = rg[0];
    o.two_theta_max_deg = rg[1];
    double bfac[LQ_DFT_MAX_Z + 1];
    memset(bfac, 0, sizeof bfac);
    if (dw) {
        if (parse_dw(dw, bfac) != 0)
            return lqa_usage_error(CMD, "--dw: expected El=B,... with B >= 0 (A^2)");
        o.debye_waller_B_A2 = bfac;
    }
    if (!(fwhm > 0.0) || !(eta >= 0.0 && eta <= 1.0) || !(step > 0.0))
        return lqa_usage_error(CMD, "--fwhm and --step must be > 0, --eta in [0, 1]");

    cand *c = calloc(npos, sizeof *c);
    if (!c) return LQA_EXIT_FAIL;
    for (size_t i = 0; i < npos && rc == 0; i++) {
        lq_structure *s = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_structure_read(pos[i], &s, &d);
        if (st == LQ_OK) st = lq_xrd_pattern_compute(s, &o, &c[i].p, &d);
        if (st != LQ_OK) {
            if (!d.file[0]) snprintf(d.file, sizeof d.file, "%s", pos[i]);
            rc = lqa_fail(CMD, st, &d);
        }
        c[i].file = pos[i];
        lq_structure_free(s);
    }
    /* The 2theta grid: the measured one, or a regular one over the range. */
    double *gx = NULL, *gy = NULL;
    size_t ng = 0;
    if (rc == 0 && measured) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_xrd_read_measured(measured, &gx, &gy, &ng, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    } else if (rc == 0 && (profile || plot)) {
        ng = (size_t)floor((rg[1] - rg[0]) / step) + 1;
        gx = malloc(ng * sizeof *gx);
        if (!gx) rc = LQA_EXIT_FAIL;
        for (size_t k = 0; k < ng && gx; k++) gx[k] = rg[0] + step * (double)k;
    }
    for (size_t i = 0; i < npos && rc == 0 && gx; i++) {
        c[i].y = malloc(ng * sizeof(double));
        if (!c[i].y) {
            rc = LQA_EXIT_FAIL;
            break;
        }
        lq_xrd_profile(c[i].p, fwhm, eta, gx, ng, c[i].y);
        if (measured) {
            lq_status st = lq_xrd_compare(gy, c[i].y, ng, &c[i].fom);
            if (st != LQ_OK) {
                fprintf(stderr, "liquidus xrd: %s: no calculated intensity on the measured range\n",
                        c[i].file);
                c[i].fom.r_wp = (double)INFINITY;
                c[i].fom.r_p = (double)INFINITY;
                c[i].fom.pearson = (double)NAN;
            }
        }
    }
    if (rc == 0 && peaks) rc = write_peaks(peaks, c, npos, o.lambda_A);
    if (rc == 0 && profile && gx) {
        const char **names = calloc(npos + 1, sizeof *names);
        double *row = calloc(npos + 1, sizeof *row);
        lq_csv *csv = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        if (!names || !row) rc = LQA_EXIT_FAIL;
        if (rc == 0) {
            names[0] = "two_theta_deg";
            for (size_t i = 0; i < npos; i++) names[i + 1] = c[i].file;
            char comment[256];
            snprintf(comment, sizeof comment,
                     "pseudo-Voigt profiles (FWHM %g deg, eta %g), peak height = relative "
                     "intensity (%%); columns named by structure; lambda = %.6f A",
                     fwhm, eta, o.lambda_A);
            lq_status st = lq_csv_open(profile, names, npos + 1, comment, &csv, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        }
        for (size_t k = 0; k < ng && rc == 0; k++) {
            row[0] = gx[k];
            for (size_t i = 0; i < npos; i++) row[i + 1] = c[i].y[k];
            lq_csv_row(csv, row, npos + 1);
        }
        if (csv) {
            lq_status st = lq_csv_close(csv, &d);
            if (st != LQ_OK && rc == 0) rc = lqa_fail(CMD, st, &d);
        }
        free(names);
        free(row);
    }
    if (rc == 0 && measured) qsort(c, npos, sizeof *c, cmp_cand);
    /* Report. */
    cJSON *json = (rc == 0 && ctx->json) ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < npos && rc == 0; i++) {
        if (json) {
            cJSON *o2 = cJSON_CreateObject();
            cJSON_AddStringToObject(o2, "structure", c[i].file);
            cJSON_AddNumberToObject(o2, "lambda_A", o.lambda_A);
            if (measured) {
                cJSON_AddNumberToObject(o2, "R_wp", c[i].fom.r_wp);
                cJSON_AddNumberToObject(o2, "R_p", c[i].fom.r_p);
                cJSON_AddNumberToObject(o2, "pearson", c[i].fom.pearson);
                cJSON_AddNumberToObject(o2, "scale", c[i].fom.scale);
                cJSON_AddNumberToObject(o2, "background", c[i].fom.background);
            }
            cJSON *pk = cJSON_AddArrayToObject(o2, "peaks");
            for (size_t k = 0; k < c[i].p->n_peaks; k++) {
                const lq_xrd_peak *q = &c[i].p->peaks[k];
                cJSON *e = cJSON_CreateObject();
                cJSON_AddNumberToObject(e, "two_theta_deg", q->two_theta_deg);
                cJSON_AddNumberToObject(e, "d_A", q->d_A);
                cJSON_AddNumberToObject(e, "intensity", q->intensity);
                cJSON *h = cJSON_AddArrayToObject(e, "hkl");
                for (int j = 0; j < 3; j++) cJSON_AddItemToArray(h, cJSON_CreateNumber(q->hkl[j]));
                cJSON_AddNumberToObject(e, "multiplicity", q->multiplicity);
                cJSON_AddItemToArray(pk, e);
            }
            cJSON_AddItemToArray(json, o2);
        } else if (measured) {
            if (i == 0)
                printf(
                    "# ranking against %s (y_obs ~ s y_calc + background by least squares; "
                    "R_wp weights 1/max(y,1))\n# %-40s %10s %10s %10s\n",
                    measured, "structure", "R_wp", "R_p", "pearson");
            printf("  %-40s %10.4f %10.4f %10.4f\n", c[i].file, c[i].fom.r_wp, c[i].fom.r_p,
                   c[i].fom.pearson);
        } else {
            printf("# %s: lambda = %.6f A, %zu peaks\n# %12s %10s %10s %12s %4s\n", c[i].file,
                   o.lambda_A, c[i].p->n_peaks, "2theta_deg", "d_A", "I_rel", "hkl", "mult");
            for (size_t k = 0; k < c[i].p->n_peaks; k++) {
                const lq_xrd_peak *q = &c[i].p->peaks[k];
                char hkl[40];
                snprintf(hkl, sizeof hkl, "(%d %d %d)", q->hkl[0], q->hkl[1], q->hkl[2]);
                printf("  %12.4f %10.5f %10.3f %12s %4d\n", q->two_theta_deg, q->d_A, q->intensity,
                       hkl, q->multiplicity);
            }
        }
    }
    if (json && rc == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lqa_json_write(json, "-", &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    cJSON_Delete(json);
    /* Figure: measured (background removed) with the best candidates scaled onto it, or the
     * computed profiles with their peaks as sticks. */
    if (rc == 0 && plot && gx) {
        lq_plot *fig = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        char xl[64];
        snprintf(xl, sizeof xl, "2theta (deg), lambda = %.5f A", o.lambda_A);
        if (lq_plot_create(measured ? "measured vs calculated" : "powder pattern", xl,
                           "intensity (a.u.)", &fig) != LQ_OK) {
            rc = LQA_EXIT_FAIL;
        } else {
            double *tmp = malloc(ng * sizeof *tmp);
            if (measured && tmp) {
                /* Measured as given; candidates drawn as s y_calc + background. */
                for (size_t k = 0; k < ng; k++) tmp[k] = gy[k];
                lq_plot_style st0;
                memset(&st0, 0, sizeof st0);
                st0.rgb[0] = st0.rgb[1] = st0.rgb[2] = 0.0;
                st0.alpha = 1.0;
                lq_plot_add_line(fig, gx, tmp, ng, &st0, measured);
            }
            size_t nshow = measured ? (size_t)(show > 0 ? show : 1) : npos;
            for (size_t i = 0; i < npos && i < nshow && tmp; i++) {
                double sc = measured ? c[i].fom.scale : 1.0;
                if (!isfinite(sc)) continue;
                double off = measured ? c[i].fom.background : 0.0;
                for (size_t k = 0; k < ng; k++) tmp[k] = sc * c[i].y[k] + off;
                char label[300];
                if (measured)
                    snprintf(label, sizeof label, "%s (R_wp %.3f)", c[i].file, c[i].fom.r_wp);
                else
                    snprintf(label, sizeof label, "%s", c[i].file);
                lq_plot_add_line(fig, gx, tmp, ng, NULL, label);
            }
            free(tmp);
            lq_plot_set_xrange(fig, gx[0], gx[ng - 1]);
            lq_status st = lq_plot_save(fig, plot, 640, 360, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        }
        lq_plot_free(fig);
    }
    for (size_t i = 0; i < npos; i++) {
        lq_xrd_pattern_free(c[i].p);
        free(c[i].y);
    }
    free(c);
    lq_free(gx);
    lq_free(gy);
    return rc;
}

const lq_cmd lq_cmd_xrd = {"xrd", "powder X-ray patterns, profiles, comparison with a measurement",
                           lq_cmd_xrd_run};
