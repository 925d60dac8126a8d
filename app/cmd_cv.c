/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus cv`: cyclic voltammograms: cycles, peaks, onsets, crossovers, D across scan rates. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"

static const char *const usage =
    "liquidus cv FILE [FILE...] [--out PREFIX] [--n Z --T K [--area M2 --conc MOL_M3] "
    "[--model rs|bd|irr] [--D M2_S --alpha A]] [--Ru OHM]\n\n"
    "Cyclic voltammograms: sweeps and cycles separated at the vertices, Savitzky-Golay smoothing,\n"
    "a linear baseline per sweep, reduction peaks on cathodic sweeps and oxidation peaks on "
    "anodic\n"
    "ones, onset (deposition) potentials by the tangent method, crossover potentials of each\n"
    "cycle. With several files (one scan rate each) and --n --area --conc --T: D from the largest\n"
    "cathodic peak by Randles-Sevcik (rs, soluble product) or Berzins-Delahay (bd, insoluble\n"
    "product, the default for metal deposition), with the linearity of Ip vs v^1/2.\n"
    "--Ru: iR compensation, every potential analysed as E - I Ru (sweeps split on the recorded "
    "E).\n"
    "The first peak of a return sweep is measured on Nicholson's (1966) baseline and each cycle\n"
    "gets |Ip,return/Ip,forward|. With --n and --T, dEp is compared with 2.218 RT/nF (flagged\n"
    "beyond --rev-tol) and, across files, a dEp growing with v is flagged; with --D as well, k0\n"
    "from Nicholson's psi (Lavagnini's fit, 61 <= n dEp <= 212 mV at 25 C; alpha 0.3-0.7).\n"
    "--model irr: totally irreversible peaks, Ip = 0.4958 nFAC (alpha F v D / RT)^1/2.\n"
    "--semi: the semi-integral m(t) of the first sweep's current above its charging line; its\n"
    "plateau m_lim = nFAC D^1/2 gives D (with --n --area --conc), E vs ln((m_lim - m)/m) gives\n"
    "E1/2 and n (slope RT/nF, reversible wave; with --T).\n"
    "--deconv: each sweep as a line plus exact reversible waves (Levenberg-Marquardt): E1/2, Ep,\n"
    "height and n of each, with standard errors (overlapping waves, a wave on a tail).\n"
    "--base-range / --base-manual: a least-squares polynomial (--base-deg) through the sweep's\n"
    "samples in potential ranges, or through points, replaces the conventional baseline on the\n"
    "sweeps of --base-dir.\n"
    "Writes PREFIX.cv.csv (peaks), PREFIX.cv.json and PREFIX.cv.png. Potentials vs the file's\n"
    "reference electrode; IUPAC sign (reduction current negative).";

#define CV_MAX_FILES 64

typedef struct cv_args {
    lqa_echem_in in;
    const char *out, *model, *fig, *base_range, *base_manual, *base_dir;
    long base_deg, deconv_peaks;
    long smooth;
    const char *files[CV_MAX_FILES];
    size_t nf;
} cv_args;

/* "x:y[,x:y...]" into at most LQ_ECHEM_CV_MAX_BASE pairs; the count, or -1 when malformed. */
static long parse_pairs(const char *s, double (*xy)[2]) {
    long n = 0;
    while (*s) {
        char *end;
        if (n >= LQ_ECHEM_CV_MAX_BASE) return -1;
        xy[n][0] = strtod(s, &end);
        if (end == s || *end != ':') return -1;
        s = end + 1;
        xy[n][1] = strtod(s, &end);
        if (end == s || (*end && *end != ',') || !isfinite(xy[n][0]) || !isfinite(xy[n][1]))
            return -1;
        n++;
        s = *end ? end + 1 : end;
    }
    return n;
}

/* --base-range / --base-manual / --base-deg / --base-dir into the user baseline. */
static int parse_base(const cv_args *a, lq_echem_cv_user_baseline *ub) {
    if (a->base_range && a->base_manual)
        return lqa_usage_error("cv", "--base-range and --base-manual exclude each other");
    if (!a->base_range && !a->base_manual) return 0;
    double xy[LQ_ECHEM_CV_MAX_BASE][2];
    long n = parse_pairs(a->base_range ? a->base_range : a->base_manual, xy);
    if (n < 1)
        return lqa_usage_error("cv",
                               "--base-range/--base-manual: expected x:y[,x:y...] (at "
                               "most 16 pairs)");
    if (a->base_deg < 0 || a->base_deg > 5) return lqa_usage_error("cv", "--base-deg must be 0..5");
    ub->kind = a->base_range ? LQ_ECHEM_BASE_POLYNOMIAL : LQ_ECHEM_BASE_MANUAL;
    ub->order = (int)a->base_deg;
    for (long k = 0; k < n; k++) {
        if (a->base_range) {
            ub->ranges_V[k][0] = xy[k][0];
            ub->ranges_V[k][1] = xy[k][1];
        } else {
            ub->points_E_V[k] = xy[k][0];
            ub->points_I_A[k] = xy[k][1];
        }
    }
    if (a->base_range)
        ub->nranges = (size_t)n;
    else
        ub->npoints = (size_t)n;
    const char *dir = a->base_dir ? a->base_dir : "all";
    if (strcmp(dir, "c") && strcmp(dir, "a") && strcmp(dir, "all"))
        return lqa_usage_error("cv", "--base-dir: expected c, a or all");
    ub->direction = dir[0] == 'c' ? -1 : strcmp(dir, "a") == 0 ? 1 : 0;
    return 0;
}

static int parse(int argc, char **argv, cv_args *a, lq_echem_cv_analysis_options *o) {
    memset(a, 0, sizeof *a);
    a->model = "bd";
    a->base_deg = 1;
    *o = lq_echem_cv_analysis_options_default();
    long z = 0;
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &a->out, "PREFIX", "output prefix (default: the first file's name)"},
        {"figure", LQA_STRING, &a->fig, "PATH", "figure path (.png, .svg, .pdf)"},
        {"smooth", LQA_INT, &a->smooth, "W",
         "Savitzky-Golay window (odd; default ~2 % of a sweep)"},
        {"prominence", LQA_DOUBLE, &o->sweep.min_prominence_frac, "F",
         "minimum peak prominence as a fraction of the sweep's range (0.05)"},
        {"baseline", LQA_DOUBLE, &o->sweep.baseline_frac, "F",
         "fraction of each sweep's start fitted as baseline (0.1)"},
        {"n", LQA_INT, &z, "Z", "electrons exchanged (for D)"},
        {"area", LQA_DOUBLE, &o->area_m2, "M2", "electrode area, m^2 (for D)"},
        {"conc", LQA_DOUBLE, &o->conc_mol_per_m3, "MOL_M3", "bulk concentration, mol/m^3 (for D)"},
        {"T", LQA_DOUBLE, &o->T_K, "K", "temperature (for D)"},
        {"model", LQA_STRING, &a->model, "rs|bd|irr",
         "Randles-Sevcik, Berzins-Delahay (bd) or irreversible"},
        {"Ru", LQA_DOUBLE, &o->Ru_ohm, "OHM", "uncompensated resistance: E - I Ru (0)"},
        {"D", LQA_DOUBLE, &o->D_m2_per_s, "M2_S", "diffusion coefficient for k0 (m^2/s)"},
        {"alpha", LQA_DOUBLE, &o->alpha, "A", "transfer coefficient (0.5; alpha n_alpha for irr)"},
        {"rev-tol", LQA_DOUBLE, &o->rev_tol, "F", "dEp tolerance around 2.218 RT/nF (0.1)"},
        {"base-range", LQA_STRING, &a->base_range, "LO:HI[,LO:HI...]",
         "polynomial baseline through these potential ranges (V)"},
        {"base-manual", LQA_STRING, &a->base_manual, "E:I[,E:I...]",
         "manual baseline through these points (V, A; IUPAC sign)"},
        {"base-deg", LQA_INT, &a->base_deg, "K", "degree of that baseline (1; at most 5)"},
        {"base-dir", LQA_STRING, &a->base_dir, "c|a|all",
         "sweeps the user baseline applies to (all)"},
        {"deconv", LQA_FLAG, &o->deconv, NULL,
         "deconvolute each sweep into reversible waves (needs --T)"},
        {"deconv-peaks", LQA_INT, &a->deconv_peaks, "K", "components per sweep (0: as detected)"},
        {"semi", LQA_FLAG, &o->semi, NULL,
         "semi-integral voltammetry of each file's first sweep (PREFIX.cv_semi.png)"},
    };
    int rc = lqa_echem_parse("cv", usage, opts, sizeof opts / sizeof opts[0], 1, &a->in, argc, argv,
                             a->files, CV_MAX_FILES, &a->nf);
    if (rc == 1) return -1;
    if (rc) return LQA_EXIT_USAGE;
    if (a->nf == 0) return lqa_usage_error("cv", "expected FILE (see liquidus cv --help)");
    if (a->smooth < 0 || (a->smooth > 0 && a->smooth % 2 == 0))
        return lqa_usage_error("cv", "--smooth must be an odd positive window");
    o->sweep.smooth_window = (size_t)a->smooth;
    if (strcmp(a->model, "rs") == 0)
        o->model = LQ_ECHEM_RANDLES_SEVCIK;
    else if (strcmp(a->model, "bd") == 0)
        o->model = LQ_ECHEM_BERZINS_DELAHAY;
    else if (strcmp(a->model, "irr") == 0)
        o->model = LQ_ECHEM_IRREVERSIBLE;
    else
        return lqa_usage_error("cv", "--model: expected rs, bd or irr");
    /* --area/--conc: D across scan rates (two files or more) and from the semi-integral. */
    o->diffusion = o->area_m2 != 0.0 || o->conc_mol_per_m3 != 0.0;
    if (o->diffusion &&
        (z < 1 || !(o->area_m2 > 0.0) || !(o->conc_mol_per_m3 > 0.0) || !(o->T_K > 0.0)))
        return lqa_usage_error("cv", "D needs all of --n, --area, --conc and --T (> 0)");
    if ((z != 0 && (z < 1 || z > 100 || !(o->T_K > 0.0))) || !(o->T_K >= 0.0))
        return lqa_usage_error("cv", "--n needs --T (n >= 1, T > 0)");
    if (o->D_m2_per_s != 0.0 && (z < 1 || !(o->D_m2_per_s > 0.0)))
        return lqa_usage_error("cv", "--D needs --n and --T and must be > 0 (m^2/s)");
    o->n_electrons = (int)z;
    if (a->nf < 2 && o->semi) o->diffusion = 0;
    if (!(o->Ru_ohm >= 0.0) || !isfinite(o->Ru_ohm))
        return lqa_usage_error("cv", "--Ru must be a resistance >= 0 (ohm)");
    if (!(o->alpha > 0.0 && o->alpha < 1.0) || !(o->rev_tol > 0.0) || !isfinite(o->rev_tol))
        return lqa_usage_error("cv", "--alpha must be in (0, 1) and --rev-tol > 0");
    if (o->deconv && (!(o->T_K > 0.0) || a->deconv_peaks < 0 || a->deconv_peaks > 16))
        return lqa_usage_error("cv", "--deconv needs --T; --deconv-peaks 0..16");
    o->deconv_npeaks = (size_t)a->deconv_peaks;
    return parse_base(a, &o->sweep.user_base);
}

/* Reads the files into recs (freed by the caller) and analyses them. */
static int analyse(const cv_args *a, const lq_echem_cv_analysis_options *o, const lqa_ctx *ctx,
                   lq_echem_record **recs, lq_echem_cv_analysis **res) {
    int rc = 0;
    for (size_t f = 0; f < a->nf && rc == 0; f++)
        rc = lqa_echem_read("cv", a->files[f], &a->in, LQA_NEED_POTENTIAL | LQA_NEED_CURRENT, 0,
                            ctx, &recs[f]);
    if (rc == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st =
            lq_echem_cv_analyse((const lq_echem_record *const *)recs, a->files, a->nf, o, res, &d);
        if (st != LQ_OK) rc = lqa_fail("cv", st, &d);
    }
    if (rc == 0 && !ctx->quiet)
        for (size_t f = 0; f < a->nf; f++)
            for (size_t s = 0; s < (*res)->files[f].nsweeps; s++) {
                const lq_echem_cv_sweep_entry *e = &(*res)->files[f].sweeps[s];
                if (e->status != LQ_OK)
                    fprintf(stderr, "liquidus cv: warning: %s: sweep %zu skipped: %s\n",
                            a->files[f], s + 1,
                            e->diag.msg[0] ? e->diag.msg : lq_status_str(e->status));
            }
    return rc;
}

/* One CSV row: file, cycle, sweep, direction, scan rate, kind, E, I, Ip, prominence. */
static void csv_row(lq_csv *csv, const char *file, size_t cycle, size_t sweep, const char *dir,
                    double rate, const char *kind, const double *v, size_t nv) {
    char sc[32] = "", sw[32] = "", sv[32] = "", num[4][32] = {"", "", "", ""};
    snprintf(sc, sizeof sc, "%zu", cycle);
    if (sweep) snprintf(sw, sizeof sw, "%zu", sweep);
    if (sweep) snprintf(sv, sizeof sv, "%.9g", rate);
    for (size_t i = 0; i < nv; i++) snprintf(num[i], sizeof num[i], "%.9g", v[i]);
    const char *row[] = {file, sc, sw, dir, sv, kind, num[0], num[1], num[2], num[3]};
    lq_csv_row_str(csv, row, 10);
}

/* The cycle whose cathodic sweep is sweep s (0-based), if any. */
static const lq_echem_cv_cycle *cycle_of(const lq_echem_cv_file *F, size_t s) {
    for (size_t c = 0; c < F->ncycles; c++)
        if (F->cycles[c].sweep_c == s) return &F->cycles[c];
    return NULL;
}

/* Peaks, onset and the cycle's crossovers of one analysed sweep in the CSV and the figure. */
static void sweep_out(const lq_echem_cv_file *F, size_t s, lq_csv *csv, lq_plot *plot) {
    const lq_echem_cv_sweep_entry *e = &F->sweeps[s];
    const lq_echem_sweep_result *sr = &e->res;
    const char *dir = sr->direction < 0 ? "cathodic" : "anodic";
    for (size_t k = 0; k < sr->npeaks; k++) {
        const lq_echem_peak *p = &sr->peaks[k];
        double v[4] = {p->E_V, p->I_A, p->Ip_A, p->prominence_A};
        csv_row(csv, F->name, e->cycle, s + 1, dir, sr->scan_rate_V_per_s, "peak", v, 4);
        char note[64];
        snprintf(note, sizeof note, "%s %.3f V%s", p->cathodic ? "Epc" : "Epa", p->E_V,
                 p->quality.flags ? " (flagged, see JSON)" : "");
        lq_plot_add_annotation(plot, p->E_V, p->I_A, note);
        if (isfinite(p->base_ext_I_A)) {
            /* The height read: from the peak down to its baseline (dashed for Nicholson's). */
            double x[2] = {p->E_V, p->E_V}, y[2] = {p->base_ext_I_A, p->I_A};
            lq_plot_style bs = {0};
            bs.rgb[0] = bs.rgb[1] = bs.rgb[2] = 0.35;
            bs.line_width_pt = 1.0;
            bs.dashed = p->base_kind == LQ_ECHEM_BASE_NICHOLSON;
            lq_plot_add_line(plot, x, y, 2, &bs, NULL);
        }
    }
    if (isfinite(sr->onset_E_V))
        csv_row(csv, F->name, e->cycle, s + 1, dir, sr->scan_rate_V_per_s, "onset", &sr->onset_E_V,
                1);
    const lq_echem_cv_cycle *c = cycle_of(F, s);
    for (size_t k = 0; c && k < c->ncross && k < LQ_ECHEM_CV_MAX_CROSS; k++) {
        csv_row(csv, F->name, c->cycle, 0, "", 0.0, "crossover", &c->E_cross_V[k], 1);
        lq_plot_style rs = {0};
        rs.dashed = 1;
        rs.rgb[0] = rs.rgb[1] = rs.rgb[2] = 0.5;
        lq_plot_add_rule(plot, 1, c->E_cross_V[k], &rs, k == 0 && s == 0 ? "crossover" : NULL);
    }
    if (isfinite(sr->onset_E_V)) {
        lq_plot_style os = {0};
        os.rgb[0] = 0.8;
        os.marker = LQ_PLOT_MARKER_TRIANGLE;
        lq_plot_add_points(plot, &sr->onset_E_V, &sr->onset_I_A, 1, &os,
                           s == 0 ? "onset (tangent)" : NULL);
    }
}

/* D: the |Ip| vs v^1/2 figure, its path in the JSON's "diffusion". */
static lq_status diffusion_out(const cv_args *a, const lq_echem_cv_analysis *A, cJSON *root,
                               const lqa_ctx *ctx, lq_diag *d) {
    const lq_echem_scanrate_fit *sf = &A->diffusion;
    cJSON *jd = cJSON_GetObjectItemCaseSensitive(root, "diffusion");
    char ip_path[1024], note[128];
    lqa_echem_outpath(a->files[0], a->out, ".cv_ip.png", ip_path, sizeof ip_path);
    snprintf(note, sizeof note, "D = %.3g m^2/s, R^2 = %.4f%s", sf->D_m2_per_s, sf->lin.r2,
             sf->quality.flags ? " (flagged, see JSON)" : "");
    lq_plot *pi = NULL;
    lq_status st =
        lq_plot_create("Peak current vs scan rate", "v^1/2 / (V/s)^1/2", "|Ip| / A", &pi);
    lq_plot_style ms = {0};
    ms.auto_color = 1;
    ms.marker = LQ_PLOT_MARKER_CIRCLE;
    if (st == LQ_OK)
        st = lq_plot_add_points(pi, A->sqrt_v, A->Ip_A, A->npoints, &ms, "largest cathodic peak");
    if (st == LQ_OK) st = lq_plot_add_line(pi, A->line_sqrt_v, A->line_Ip_A, 2, NULL, note);
    if (st == LQ_OK) return lqa_echem_figure(pi, ip_path, 480.0, 360.0, jd, "figure", ctx, d);
    lq_plot_free(pi);
    return st;
}

/* The semi-integrals m vs E of the files' first sweeps in one figure; none when no file has one
 * (the report says why each was skipped). */
static lq_status semi_out(const cv_args *a, const lq_echem_cv_analysis *A, cJSON *root,
                          const lqa_ctx *ctx, lq_diag *d) {
    size_t n_semi = 0;
    for (size_t f = 0; f < A->nfiles; f++) n_semi += A->files[f].has_semi != 0;
    if (n_semi == 0) return LQ_OK;
    lq_plot *pm = NULL;
    lq_status st =
        lq_plot_create("Semi-integral of the first sweep", "E / V", "m / (A s^1/2)", &pm);
    for (size_t f = 0; f < A->nfiles && st == LQ_OK; f++) {
        const lq_echem_cv_file *F = &A->files[f];
        if (!F->has_semi) continue;
        const char *base = strrchr(F->name, '/');
        st = lq_plot_add_line(pm, F->semi_E_V, F->semi_m, F->semi_n, NULL,
                              base ? base + 1 : F->name);
    }
    char path[1024];
    lqa_echem_outpath(a->files[0], a->out, ".cv_semi.png", path, sizeof path);
    if (st == LQ_OK) return lqa_echem_figure(pm, path, 480.0, 360.0, root, "semi_figure", ctx, d);
    lq_plot_free(pm);
    return st;
}

/* The voltammogram of a record, labelled with its file name. */
static lq_status add_record(lq_plot *plot, lq_echem_record *r, const char *file, double Ru) {
    /* Drawn on the potential the peaks were analysed on (the record is not used after this). */
    if (Ru > 0.0)
        for (size_t i = 0; i < r->n; i++) r->potential_V[i] -= r->current_A[i] * Ru;
    char label[128];
    const char *base = strrchr(file, '/');
    snprintf(label, sizeof label, "%s", base ? base + 1 : file);
    return lq_plot_add_line(plot, r->potential_V, r->current_A, r->n, NULL, label);
}

static int output(const cv_args *a, const lq_echem_cv_analysis_options *o,
                  lq_echem_record *const *recs, const lq_echem_cv_analysis *A, const lqa_ctx *ctx) {
    char csv_path[1024], json_path[1024], fig_path[1024];
    lqa_echem_outpath(a->files[0], a->out, ".cv.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(a->files[0], a->out, ".cv.json", json_path, sizeof json_path);
    lqa_echem_outpath(a->files[0], a->out, ".cv.png", fig_path, sizeof fig_path);
    if (a->fig) snprintf(fig_path, sizeof fig_path, "%s", a->fig);
    const char *cols[] = {"file", "cycle", "sweep", "direction", "scan_rate_V_per_s",
                          "kind", "E_V",   "I_A",   "Ip_A",      "prominence_A"};
    lq_diag d;
    lq_diag_clear(&d);
    lq_csv *csv = NULL;
    lq_plot *plot = NULL;
    lq_status st = lq_csv_open(csv_path, cols, 10,
                               "liquidus cv: peaks, onsets and crossovers of each sweep\n"
                               "potentials vs the file's reference electrode; IUPAC sign "
                               "(reduction current negative); Ip_A above the sweep's baseline",
                               &csv, &d);
    if (st == LQ_OK)
        st = lq_plot_create("Cyclic voltammetry", o->Ru_ohm > 0.0 ? "E - I Ru / V" : "E / V",
                            "I / A", &plot);
    lq_echem_report *rep = NULL;
    if (st == LQ_OK) st = lq_echem_cv_report(A, (const lq_echem_record *const *)recs, o, &rep, &d);
    cJSON *root = rep ? lqa_echem_report_json(rep) : NULL;
    for (size_t f = 0; f < A->nfiles && st == LQ_OK; f++) {
        const lq_echem_cv_file *F = &A->files[f];
        for (size_t s = 0; s < F->nsweeps; s++)
            if (F->sweeps[s].status == LQ_OK) sweep_out(F, s, csv, plot);
        add_record(plot, recs[f], a->files[f], o->Ru_ohm);
    }
    if (st == LQ_OK && A->has_diffusion) st = diffusion_out(a, A, root, ctx, &d);
    if (st == LQ_OK && o->semi) st = semi_out(a, A, root, ctx, &d);
    if (st == LQ_OK) {
        st = lq_csv_close(csv, &d);
        csv = NULL;
    }
    if (st != LQ_OK) {
        lq_csv_abort(csv);
        lq_plot_free(plot);
        cJSON_Delete(root);
        lq_echem_report_free(rep);
        return lqa_fail("cv", st, &d);
    }
    lqa_progress(ctx, "wrote %s", csv_path);
    if (!ctx->json) fputs(rep->text, stdout);
    lq_echem_report_free(rep);
    return lqa_echem_finish("cv", plot, fig_path, root, json_path, ctx);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    cv_args a;
    lq_echem_cv_analysis_options o;
    int rc = parse(argc, argv, &a, &o);
    if (rc) return rc < 0 ? LQA_EXIT_OK : rc;
    lq_echem_record *recs[CV_MAX_FILES] = {0};
    lq_echem_cv_analysis *A = NULL;
    rc = analyse(&a, &o, ctx, recs, &A);
    if (rc == 0) rc = output(&a, &o, recs, A, ctx);
    lq_echem_cv_analysis_free(A);
    for (size_t f = 0; f < a.nf; f++) lq_echem_record_free(recs[f]);
    return rc;
}

const lq_cmd lq_cmd_cv = {"cv", "cyclic voltammetry: peaks, reversibility, D, semi-integral", run};
