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

/* The structures' patterns and, when a grid is needed, their profiles. */
typedef struct xrd_run {
    const char *const *files;
    lq_xrd_pattern **p; /* [n] */
    size_t n;
    double lambda_A;
    const char *measured;
    lq_xrd_profiles *prof; /* NULL without --measured, --profile or --plot */
    const char *block;     /* CIF data block (--block) or NULL */
} xrd_run;

static const char *const peak_cols[] = {"two_theta_deg", "d_A", "intensity_rel", "h", "k", "l",
                                        "multiplicity"};

static int write_peaks(const char *path, const xrd_run *x) {
    const char *names[8] = {"structure"};
    for (int k = 0; k < 7; k++) names[k + 1] = peak_cols[k];
    char comment[256];
    snprintf(comment, sizeof comment,
             "powder peaks by liquidus xrd, lambda = %.6f A; intensity_rel: strongest = 100; "
             "multiplicity: reciprocal lattice points in the peak",
             x->lambda_A);
    lq_csv *csv = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_csv_open(path, names, 8, comment, &csv, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    for (size_t i = 0; i < x->n; i++)
        for (size_t k = 0; k < x->p[i]->n_peaks; k++) {
            const lq_xrd_peak *q = &x->p[i]->peaks[k];
            char b[7][32];
            snprintf(b[0], 32, "%.10f", q->two_theta_deg);
            snprintf(b[1], 32, "%.10f", q->d_A);
            snprintf(b[2], 32, "%.8f", q->intensity);
            snprintf(b[3], 32, "%d", q->hkl[0]);
            snprintf(b[4], 32, "%d", q->hkl[1]);
            snprintf(b[5], 32, "%d", q->hkl[2]);
            snprintf(b[6], 32, "%d", q->multiplicity);
            const char *row[8] = {x->files[i], b[0], b[1], b[2], b[3], b[4], b[5], b[6]};
            lq_csv_row_str(csv, row, 8);
        }
    st = lq_csv_close(csv, &d);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static int write_profiles(const char *path, const xrd_run *x, double fwhm, double eta) {
    const lq_xrd_profiles *pr = x->prof;
    const char **names = calloc(x->n + 1, sizeof *names);
    double *row = calloc(x->n + 1, sizeof *row);
    lq_csv *csv = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    int rc = names && row ? 0 : LQA_EXIT_FAIL;
    if (rc == 0) {
        names[0] = "two_theta_deg";
        for (size_t i = 0; i < x->n; i++) names[i + 1] = x->files[i];
        char comment[256];
        snprintf(comment, sizeof comment,
                 "pseudo-Voigt profiles (FWHM %g deg, eta %g), peak height = relative "
                 "intensity (%%); columns named by structure; lambda = %.6f A",
                 fwhm, eta, x->lambda_A);
        lq_status st = lq_csv_open(path, names, x->n + 1, comment, &csv, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    for (size_t k = 0; k < pr->n_grid && rc == 0; k++) {
        row[0] = pr->two_theta_deg[k];
        for (size_t i = 0; i < x->n; i++) row[i + 1] = pr->profile[i * pr->n_grid + k];
        lq_csv_row(csv, row, x->n + 1);
    }
    if (csv) {
        lq_status st = lq_csv_close(csv, &d);
        if (st != LQ_OK && rc == 0) rc = lqa_fail(CMD, st, &d);
    }
    free(names);
    free(row);
    return rc;
}

static cJSON *pattern_json(const xrd_run *x, size_t i) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "structure", x->files[i]);
    cJSON_AddNumberToObject(o, "lambda_A", x->lambda_A);
    if (x->measured) {
        const lq_xrd_fom *f = &x->prof->fom[i];
        cJSON_AddNumberToObject(o, "R_wp", f->r_wp);
        cJSON_AddNumberToObject(o, "R_p", f->r_p);
        cJSON_AddNumberToObject(o, "pearson", f->pearson);
        cJSON_AddNumberToObject(o, "scale", f->scale);
        cJSON_AddNumberToObject(o, "background", f->background);
    }
    cJSON *pk = cJSON_AddArrayToObject(o, "peaks");
    for (size_t k = 0; k < x->p[i]->n_peaks; k++) {
        const lq_xrd_peak *q = &x->p[i]->peaks[k];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "two_theta_deg", q->two_theta_deg);
        cJSON_AddNumberToObject(e, "d_A", q->d_A);
        cJSON_AddNumberToObject(e, "intensity", q->intensity);
        cJSON *h = cJSON_AddArrayToObject(e, "hkl");
        for (int j = 0; j < 3; j++) cJSON_AddItemToArray(h, cJSON_CreateNumber(q->hkl[j]));
        cJSON_AddNumberToObject(e, "multiplicity", q->multiplicity);
        cJSON_AddItemToArray(pk, e);
    }
    return o;
}

static void print_pattern(const xrd_run *x, size_t i, int first) {
    if (x->measured) {
        const lq_xrd_fom *f = &x->prof->fom[i];
        if (first)
            printf(
                "# ranking against %s (y_obs ~ s y_calc + background by least squares; "
                "R_wp weights 1/max(y,1))\n# %-40s %10s %10s %10s\n",
                x->measured, "structure", "R_wp", "R_p", "pearson");
        printf("  %-40s %10.4f %10.4f %10.4f\n", x->files[i], f->r_wp, f->r_p, f->pearson);
        return;
    }
    printf("# %s: lambda = %.6f A, %zu peaks\n# %12s %10s %10s %12s %4s\n", x->files[i],
           x->lambda_A, x->p[i]->n_peaks, "2theta_deg", "d_A", "I_rel", "hkl", "mult");
    for (size_t k = 0; k < x->p[i]->n_peaks; k++) {
        const lq_xrd_peak *q = &x->p[i]->peaks[k];
        char hkl[40];
        snprintf(hkl, sizeof hkl, "(%d %d %d)", q->hkl[0], q->hkl[1], q->hkl[2]);
        printf("  %12.4f %10.5f %10.3f %12s %4d\n", q->two_theta_deg, q->d_A, q->intensity, hkl,
               q->multiplicity);
    }
}

/* The report, ranked by R_wp against the measured pattern (else in the order given). */
static int report(const xrd_run *x, const lqa_ctx *ctx) {
    cJSON *json = ctx->json ? cJSON_CreateArray() : NULL;
    for (size_t r = 0; r < x->n; r++) {
        size_t i = x->measured ? x->prof->rank[r] : r;
        if (json)
            cJSON_AddItemToArray(json, pattern_json(x, i));
        else
            print_pattern(x, i, r == 0);
    }
    int rc = 0;
    if (json) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lqa_json_write(json, "-", &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    cJSON_Delete(json);
    return rc;
}

/* Figure: the measured pattern with the best candidates drawn as s y_calc + background, or the
 * computed profiles. */
static int draw(const xrd_run *x, const double *y_measured, long show, const char *plot) {
    const lq_xrd_profiles *pr = x->prof;
    size_t ng = pr->n_grid;
    const double *gx = pr->two_theta_deg;
    lq_plot *fig = NULL;
    char xl[64];
    snprintf(xl, sizeof xl, "2theta (deg), lambda = %.5f A", x->lambda_A);
    if (lq_plot_create(x->measured ? "measured vs calculated" : "powder pattern", xl,
                       "intensity (a.u.)", &fig) != LQ_OK)
        return LQA_EXIT_FAIL;
    double *tmp = malloc(ng * sizeof *tmp);
    if (x->measured && tmp) {
        for (size_t k = 0; k < ng; k++) tmp[k] = y_measured[k];
        lq_plot_style st0;
        memset(&st0, 0, sizeof st0);
        st0.alpha = 1.0;
        lq_plot_add_line(fig, gx, tmp, ng, &st0, x->measured);
    }
    size_t nshow = x->measured ? (size_t)(show > 0 ? show : 1) : x->n;
    for (size_t r = 0; r < x->n && r < nshow && tmp; r++) {
        size_t i = pr->rank[r];
        double sc = x->measured ? pr->fom[i].scale : 1.0;
        if (!isfinite(sc)) continue;
        double off = x->measured ? pr->fom[i].background : 0.0;
        for (size_t k = 0; k < ng; k++) tmp[k] = sc * pr->profile[i * ng + k] + off;
        char label[300];
        if (x->measured)
            snprintf(label, sizeof label, "%s (R_wp %.3f)", x->files[i], pr->fom[i].r_wp);
        else
            snprintf(label, sizeof label, "%s", x->files[i]);
        lq_plot_add_line(fig, gx, tmp, ng, NULL, label);
    }
    free(tmp);
    lq_plot_set_xrange(fig, gx[0], gx[ng - 1]);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_plot_save(fig, plot, 640, 360, &d);
    lq_plot_free(fig);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

/* --radiation, --lambda, --range and --dw into pattern options; 0 or a usage exit code. */
static int xrd_settings(const char *radiation, double lambda, const char *range, const char *dw,
                        double *bfac, double *rg, lq_xrd_options *o) {
    if (radiation) {
        size_t k = 0, nr = sizeof radiations / sizeof radiations[0];
        while (k < nr && strcmp(radiations[k].name, radiation) != 0) k++;
        if (k == nr) return lqa_usage_error(CMD, "--radiation: unknown '%s'", radiation);
        o->lambda_A = radiations[k].lambda_A;
    }
    if (lambda != 0.0) {
        if (!(lambda > 0.0)) return lqa_usage_error(CMD, "--lambda must be > 0");
        o->lambda_A = lambda;
    }
    if (lqa_parse_range(range, rg, 2) != 2 || !(rg[0] >= 0.0) || !(rg[1] > rg[0]) || rg[1] > 180.0)
        return lqa_usage_error(CMD, "--range: expected MIN:MAX within 0..180 degrees");
    o->two_theta_min_deg = rg[0];
    o->two_theta_max_deg = rg[1];
    memset(bfac, 0, (LQ_DFT_MAX_Z + 1) * sizeof *bfac);
    if (dw) {
        if (parse_dw(dw, bfac) != 0)
            return lqa_usage_error(CMD, "--dw: expected El=B,... with B >= 0 (A^2)");
        o->debye_waller_B_A2 = bfac;
    }
    return 0;
}

static int read_patterns(xrd_run *x, const lq_xrd_options *o) {
    for (size_t i = 0; i < x->n; i++) {
        lq_structure *s = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_structure_read_block(x->files[i], x->block, &s, &d);
        lqa_warn_diag(CMD, &d);
        if (st == LQ_OK) st = lq_xrd_pattern_compute(s, o, &x->p[i], &d);
        lq_structure_free(s);
        if (st != LQ_OK) {
            if (!d.file[0]) snprintf(d.file, sizeof d.file, "%s", x->files[i]);
            return lqa_fail(CMD, st, &d);
        }
    }
    return 0;
}

int lq_cmd_xrd_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_xrd_run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *radiation = NULL, *range = "0:90", *dw = NULL, *peaks = NULL, *profile = NULL;
    const char *measured = NULL, *plot = NULL, *block = NULL;
    const lq_xrd_profiles_options pdef = lq_xrd_profiles_options_default();
    double lambda = 0.0, fwhm = pdef.fwhm_deg, eta = pdef.eta, step = pdef.step_deg;
    long show = 3;
    const lqa_opt opts[] = {
        {"lambda", LQA_DOUBLE, &lambda, "A", "wavelength (default Cu K-alpha 1.54184 A)"},
        {"radiation", LQA_STRING, &radiation, "NAME", "CuKa, CuKa1, MoKa, CoKa, FeKa, CrKa, AgKa"},
        {"range", LQA_STRING, &range, "MIN:MAX", "2theta range in degrees (default 0:90)"},
        {"block", LQA_STRING, &block, "NAME",
         "CIF data block to read (default: the first holding atom sites)"},
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
    double bfac[LQ_DFT_MAX_Z + 1], rg[2];
    if ((rc = xrd_settings(radiation, lambda, range, dw, bfac, rg, &o)) != 0) return rc;
    if (!(fwhm > 0.0) || !(eta >= 0.0 && eta <= 1.0) || !(step > 0.0))
        return lqa_usage_error(CMD, "--fwhm and --step must be > 0, --eta in [0, 1]");
    xrd_run x = {pos,  calloc(npos, sizeof(lq_xrd_pattern *)), npos, o.lambda_A, measured, NULL,
                 block};
    if (!x.p) return LQA_EXIT_FAIL;
    rc = read_patterns(&x, &o);
    double *gx = NULL, *gy = NULL;
    size_t ng = 0;
    lq_diag d;
    lq_diag_clear(&d);
    if (rc == 0 && measured) {
        lq_status st = lq_xrd_read_measured(measured, &gx, &gy, &ng, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (rc == 0 && (measured || profile || plot)) {
        lq_xrd_profiles_options po = lq_xrd_profiles_options_default();
        po.fwhm_deg = fwhm;
        po.eta = eta;
        po.two_theta_min_deg = rg[0];
        po.two_theta_max_deg = rg[1];
        po.step_deg = step;
        po.measured_two_theta_deg = gx;
        po.measured_intensity = gy;
        po.n_measured = ng;
        lq_status st =
            lq_xrd_profiles_compute((const lq_xrd_pattern *const *)x.p, npos, &po, &x.prof);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, NULL);
        for (size_t i = 0; rc == 0 && measured && i < npos; i++)
            if (!x.prof->fom_ok[i])
                fprintf(stderr, "liquidus xrd: %s: no calculated intensity on the measured range\n",
                        pos[i]);
    }
    if (rc == 0 && peaks) rc = write_peaks(peaks, &x);
    if (rc == 0 && profile) rc = write_profiles(profile, &x, fwhm, eta);
    if (rc == 0) rc = report(&x, ctx);
    if (rc == 0 && plot) rc = draw(&x, gy, show, plot);
    for (size_t i = 0; i < npos; i++) lq_xrd_pattern_free(x.p[i]);
    free(x.p);
    lq_xrd_profiles_free(x.prof);
    lq_free(gx);
    lq_free(gy);
    return rc;
}

const lq_cmd lq_cmd_xrd = {"xrd", "powder X-ray patterns, profiles, comparison with a measurement",
                           lq_cmd_xrd_run};
