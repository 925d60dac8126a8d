/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus dsc`: calorimeter files -> baselines, onsets, peak areas, heating-rate extrapolation,
 * ZPF datasets; DSC traces predicted from a database, drawn over the measured one. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "demo_thermo.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/plot.h"
#include "liquidus/thermal.h"

#define CMD "dsc"
#define MAXF 32

static const char *USAGE =
    "liquidus dsc FILE... [--composition EL=X --balance EL] [--phases P1[:x],P2[:x]...]\n"
    "             [--db TDB [--T-range A:B:STEP] [--ref-T T1,T2,...]] [--out FIG|CSV] [--json]\n"
    "  Reads DSC exports (NETZSCH, TA Universal Analysis/TRIOS, Mettler STARe, Setaram, "
    "PerkinElmer\n"
    "  Pyris, Linseis, CSV), finds the peaks of a heating segment with their baseline (linear or\n"
    "  sigmoidal), extrapolated onset (ISO 11357-1 tangent), peak and end temperatures and\n"
    "  enthalpy (J/g; J/mol of atoms with --composition). Several files of one sample at "
    "different\n"
    "  rates: each peak's onset is extrapolated to zero rate. --phases (once per peak, in order "
    "of\n"
    "  temperature) writes an ESPEI ZPF dataset per peak (--datasets PREFIX -> PREFIX_<k>.json).\n"
    "  --db predicts the DSC trace of the --composition alloy(s) from the database (enthalpy of "
    "the\n"
    "  equilibrium state, differentiated, with a first-order instrument lag --tau and a Gaussian\n"
    "  --sigma); the figure (--out .png/.svg/.pdf) draws it over the measured trace.\n"
    "  --calibrate In=T,Zn=T corrects temperatures from measured onsets (K) of reference metals.\n"
    "  Exit status 2 for a file that cannot be read (message names file, line and column).";

typedef struct dsc_args {
    const char *files[MAXF];
    size_t nfiles;
    const char *format, *T_col, *t_col, *hf_col, *T_unit, *t_unit, *hf_unit, *exo, *balance;
    const char *baseline, *db, *T_range, *ref_T, *out, *datasets, *calibrate, *reference;
    double mass_mg, smooth_K, threshold, tau_s, sigma_K, rate_Kmin, T_u;
    long segment;
    lqa_list comps, phases;
} dsc_args;

/* One alloy of --composition: element symbols and mole fractions (balance added). */
typedef struct alloy {
    char el[2][8];
    double x[2];
    size_t n;
} alloy;

static int parse_alloy(const char *spec, const char *balance, alloy *a) {
    const char *eq = strchr(spec, '=');
    double v;
    char *end;
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof a->el[0]) return -1;
    v = strtod(eq + 1, &end);
    if (*end || !(v > 0 && v < 1)) return -1;
    if (!balance || strlen(balance) >= sizeof a->el[1]) return -1;
    for (size_t i = 0; i < (size_t)(eq - spec); i++)
        a->el[0][i] = (char)toupper((unsigned char)spec[i]);
    a->el[0][eq - spec] = '\0';
    for (size_t i = 0; i <= strlen(balance); i++)
        a->el[1][i] = (char)toupper((unsigned char)balance[i]);
    a->x[0] = v;
    a->x[1] = 1.0 - v;
    a->n = 2;
    return 0;
}

static int parse(int argc, char **argv, dsc_args *a) {
    memset(a, 0, sizeof *a);
    a->mass_mg = (double)NAN;
    a->smooth_K = 1.0;
    a->threshold = 8.0;
    a->tau_s = 5.0;
    a->sigma_K = 0.5;
    a->rate_Kmin = (double)NAN;
    a->T_u = (double)NAN;
    a->segment = 0;
    const lqa_opt o[] = {
        {"format", LQA_STRING, &a->format, "NAME",
         "netzsch|ta|mettler|setaram|perkinelmer|linseis|csv"},
        {"T-column", LQA_STRING, &a->T_col, "NAME", "temperature column (name or number)"},
        {"time-column", LQA_STRING, &a->t_col, "NAME", "time column"},
        {"hf-column", LQA_STRING, &a->hf_col, "NAME", "heat-flow column"},
        {"T-unit", LQA_STRING, &a->T_unit, "U", "C or K when the file does not say"},
        {"time-unit", LQA_STRING, &a->t_unit, "U", "s or min"},
        {"hf-unit", LQA_STRING, &a->hf_unit, "U", "mW, W, W/g, mW/mg, uV"},
        {"exo", LQA_STRING, &a->exo, "up|down", "sign convention when the file does not state it"},
        {"mass-mg", LQA_DOUBLE, &a->mass_mg, "MG", "sample mass (overrides the file)"},
        {"segment", LQA_INT, &a->segment, "N",
         "segment to analyse (1-based; default the longest heating)"},
        {"baseline", LQA_STRING, &a->baseline, "KIND", "linear (default) or sigmoidal"},
        {"smooth-K", LQA_DOUBLE, &a->smooth_K, "K", "smoothing width (1 K)"},
        {"threshold", LQA_DOUBLE, &a->threshold, "SIGMA", "peak threshold in noise sigmas (8)"},
        {"composition", LQA_LIST, &a->comps, "EL=X",
         "alloy: mole fraction of EL (repeat for several alloys)"},
        {"balance", LQA_STRING, &a->balance, "EL", "element making up the rest of the alloy"},
        {"phases", LQA_LIST, &a->phases, "P[:x],...", "phases at a peak (one option per peak)"},
        {"datasets", LQA_STRING, &a->datasets, "PREFIX", "write ZPF datasets PREFIX_<k>.json"},
        {"reference", LQA_STRING, &a->reference, "TEXT", "dataset reference (default: file name)"},
        {"T-u", LQA_DOUBLE, &a->T_u, "K", "standard uncertainty of the transition temperatures"},
        {"calibrate", LQA_STRING, &a->calibrate, "EL=T,...", "reference-metal onsets (K)"},
        {"db", LQA_STRING, &a->db, "TDB", "database for the predicted trace"},
        {"T-range", LQA_STRING, &a->T_range, "A:B:STEP",
         "prediction range, K (default from the file)"},
        {"rate", LQA_DOUBLE, &a->rate_Kmin, "K/MIN",
         "prediction heating rate (default the file's, or 10)"},
        {"tau", LQA_DOUBLE, &a->tau_s, "S", "instrument time constant (5 s)"},
        {"sigma", LQA_DOUBLE, &a->sigma_K, "K", "Gaussian broadening (0.5 K)"},
        {"ref-T", LQA_STRING, &a->ref_T, "T1,T2", "temperatures to mark on the figure, K"},
        {"out", LQA_STRING, &a->out, "FILE", ".png/.svg/.pdf figure, or .csv table of peaks"},
    };
    int r =
        lqa_parse(CMD, USAGE, o, sizeof o / sizeof o[0], argc, argv, a->files, MAXF, &a->nfiles);
    if (r) return r == 1 ? -1 : LQA_EXIT_USAGE;
    if (a->nfiles == 0 && !a->db) return lqa_usage_error(CMD, "no FILE and no --db");
    if (a->db && a->comps.n == 0) return lqa_usage_error(CMD, "--db needs --composition EL=X");
    return 0;
}

static lq_status read_all(const dsc_args *a, lq_thermal_trace **tr, lq_diag *d) {
    lq_thermal_read_options o;
    lq_thermal_read_options_default(&o);
    if (a->format && lq_thermal_format_from_name(a->format, &o.format) != LQ_OK) {
        snprintf(d->msg, sizeof d->msg, "unknown --format '%s'", a->format);
        return LQ_EINVAL;
    }
    o.T_column = a->T_col;
    o.time_column = a->t_col;
    o.hf_column = a->hf_col;
    o.T_unit = a->T_unit;
    o.time_unit = a->t_unit;
    o.hf_unit = a->hf_unit;
    o.exo_sign = a->exo ? (strcmp(a->exo, "up") == 0 ? 1 : -1) : 0;
    o.mass_kg = a->mass_mg * 1e-6;
    for (size_t i = 0; i < a->nfiles; i++) {
        lq_status st = lq_thermal_read_file(a->files[i], &o, &tr[i], d);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* --calibrate In=429.1,Zn=692.0 */
static lq_status calibration(const char *spec, lq_dsc_calibration *cal, lq_diag *d) {
    const char *el[16];
    double T[16];
    char buf[512], *save = NULL;
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *tok = strtok_r(buf, ",", &save); tok && n < 16; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) break;
        *eq = '\0';
        el[n] = tok;
        T[n++] = strtod(eq + 1, NULL);
    }
    if (n == 0) {
        snprintf(d->msg, sizeof d->msg, "--calibrate wants EL=T,... (e.g. In=430.1,Zn=693.2)");
        return LQ_EINVAL;
    }
    return lq_dsc_calibration_fit(el, T, NULL, n, cal, d);
}

static void print_trace(const lq_thermal_trace *tr, const lq_dsc_result *r) {
    printf("%s: %s%s%s%s, %zu rows, mass %s", tr->file, lq_thermal_format_name(tr->format),
           tr->instrument[0] ? " (" : "", tr->instrument, tr->instrument[0] ? ")" : "", tr->n, "");
    if (isfinite(tr->mass_kg))
        printf("%.4g mg", tr->mass_kg * 1e6);
    else
        printf("not given");
    printf(", heat flow '%s' %s\n", tr->hf_label,
           tr->exo_sign > 0   ? "exo up"
           : tr->exo_sign < 0 ? "exo down"
                              : "sign not stated");
    for (size_t s = 0; s < tr->n_segments; s++)
        printf("  segment %zu: %s, %zu rows, %.3g K/min%s%s\n", s + 1,
               lq_thermal_segment_kind_name(tr->segments[s].kind), tr->segments[s].n,
               tr->segments[s].rate_K_per_s * 60, tr->segments[s].from_file ? " (file)" : "",
               r && r->segment == s ? "  <- analysed" : "");
    for (size_t w = 0; w < tr->n_warnings; w++) printf("  note: %s\n", tr->warnings[w]);
    if (!r) return;
    printf("  %-4s %-6s %10s %7s %10s %10s %12s %12s\n", "peak", "kind", "onset/K", "u/K", "peak/K",
           "end/K", "dH/(J/g)", "dH/(J/mol)");
    for (size_t k = 0; k < r->n_peaks; k++) {
        const lq_dsc_peak *p = &r->peaks[k];
        const char *kind = p->endothermic == 1 ? "endo" : p->endothermic == 0 ? "exo" : "?";
        printf("  %-4zu %-6s %10.2f %7.2f %10.2f %10.2f %12.4g %12.4g\n", k + 1, kind, p->T_onset_K,
               p->T_onset_u_K, p->T_peak_K, p->T_endset_K, p->area_J_per_kg * 1e-3,
               p->area_J_per_mol);
    }
}

static cJSON *json_trace(const lq_thermal_trace *tr, const lq_dsc_result *r) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "file", tr->file);
    cJSON_AddStringToObject(j, "format", lq_thermal_format_name(tr->format));
    cJSON_AddStringToObject(j, "instrument", tr->instrument);
    cJSON_AddStringToObject(j, "sample", tr->sample);
    if (isfinite(tr->mass_kg)) cJSON_AddNumberToObject(j, "mass_kg", tr->mass_kg);
    cJSON_AddStringToObject(j, "heat_flow_sign",
                            tr->exo_sign > 0   ? "exo up"
                            : tr->exo_sign < 0 ? "exo down"
                                               : "unknown");
    cJSON *segs = cJSON_AddArrayToObject(j, "segments");
    for (size_t s = 0; s < tr->n_segments; s++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", lq_thermal_segment_kind_name(tr->segments[s].kind));
        cJSON_AddNumberToObject(o, "rows", (double)tr->segments[s].n);
        cJSON_AddNumberToObject(o, "rate_K_per_s", tr->segments[s].rate_K_per_s);
        cJSON_AddItemToArray(segs, o);
    }
    cJSON *w = cJSON_AddArrayToObject(j, "warnings");
    for (size_t k = 0; k < tr->n_warnings; k++)
        cJSON_AddItemToArray(w, cJSON_CreateString(tr->warnings[k]));
    if (!r) return j;
    cJSON_AddNumberToObject(j, "segment", (double)r->segment + 1);
    cJSON *pk = cJSON_AddArrayToObject(j, "peaks");
    for (size_t k = 0; k < r->n_peaks; k++) {
        const lq_dsc_peak *p = &r->peaks[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "endothermic", p->endothermic);
        cJSON_AddNumberToObject(o, "T_onset_K", p->T_onset_K);
        cJSON_AddNumberToObject(o, "T_onset_u_K", p->T_onset_u_K);
        cJSON_AddNumberToObject(o, "T_peak_K", p->T_peak_K);
        cJSON_AddNumberToObject(o, "T_endset_K", p->T_endset_K);
        cJSON_AddNumberToObject(o, "T_start_K", p->T_start_K);
        cJSON_AddNumberToObject(o, "T_end_K", p->T_end_K);
        if (isfinite(p->area_J_per_kg)) cJSON_AddNumberToObject(o, "dH_J_per_kg", p->area_J_per_kg);
        if (isfinite(p->area_J_per_mol))
            cJSON_AddNumberToObject(o, "dH_J_per_mol", p->area_J_per_mol);
        cJSON_AddItemToArray(pk, o);
    }
    return j;
}

/* The peaks of every file as CSV. */
static lq_status write_csv(const char *path, lq_thermal_trace *const *tr, lq_dsc_result *const *r,
                           size_t n, lq_diag *d) {
    const char *names[] = {"file_index",   "peak",        "endothermic", "T_onset_K",
                           "T_onset_u_K",  "T_peak_K",    "T_endset_K",  "dH_J_per_kg",
                           "dH_J_per_mol", "rate_K_per_s"};
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(path, names, 10, "liquidus dsc: peaks (ISO 11357-1 onsets)", &c, d);
    for (size_t f = 0; st == LQ_OK && f < n; f++)
        for (size_t k = 0; st == LQ_OK && r[f] && k < r[f]->n_peaks; k++) {
            const lq_dsc_peak *p = &r[f]->peaks[k];
            double row[10] = {(double)f + 1,     (double)k + 1,    p->endothermic,
                              p->T_onset_K,      p->T_onset_u_K,   p->T_peak_K,
                              p->T_endset_K,     p->area_J_per_kg, p->area_J_per_mol,
                              r[f]->rate_K_per_s};
            st = lq_csv_row(c, row, 10);
        }
    (void)tr;
    if (st == LQ_OK) return lq_csv_close(c, d);
    lq_csv_abort(c);
    return st;
}

/* Onset of every peak extrapolated to zero rate over the files (same number of peaks each). */
static size_t rate_series(lq_dsc_result *const *r, size_t n, lq_dsc_rate_fit *fit, size_t max,
                          int json, cJSON *root) {
    if (n < 2) return 0;
    size_t np = r[0]->n_peaks;
    for (size_t f = 1; f < n; f++)
        if (r[f]->n_peaks != np) return 0;
    cJSON *arr = json ? cJSON_AddArrayToObject(root, "rate_extrapolation") : NULL;
    size_t k;
    for (k = 0; k < np && k < max; k++) {
        double rate[MAXF], T[MAXF];
        for (size_t f = 0; f < n; f++) {
            rate[f] = r[f]->rate_K_per_s;
            T[f] = r[f]->peaks[k].T_onset_K;
        }
        if (lq_dsc_rate_extrapolate(rate, T, n, &fit[k]) != LQ_OK) return 0;
        if (arr) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "peak", (double)k + 1);
            cJSON_AddNumberToObject(o, "T0_K", fit[k].T0_K);
            cJSON_AddNumberToObject(o, "T0_u_K", fit[k].T0_u_K);
            cJSON_AddNumberToObject(o, "lag_s", fit[k].slope_s);
            cJSON_AddItemToArray(arr, o);
        } else {
            printf("peak %zu onset at zero rate: %.2f +- %.2f K (thermal lag %.2f s, %zu runs)\n",
                   k + 1, fit[k].T0_K, fit[k].T0_u_K, fit[k].slope_s, n);
        }
    }
    return k;
}

/* One ZPF dataset per --phases option (peak k <-> k-th option). */
static int write_datasets(const dsc_args *a, const alloy *al, lq_dsc_result *const *r,
                          const lq_dsc_rate_fit *fit, size_t nfit) {
    for (size_t k = 0; k < a->phases.n && k < r[0]->n_peaks; k++) {
        const char *ph[3];
        double x[3];
        char buf[256], *save = NULL;
        size_t n = 0;
        snprintf(buf, sizeof buf, "%s", a->phases.v[k]);
        for (char *tok = strtok_r(buf, ",", &save); tok && n < 3;
             tok = strtok_r(NULL, ",", &save)) {
            char *c = strchr(tok, ':');
            x[n] = c ? strtod(c + 1, NULL) : (double)NAN;
            if (c) *c = '\0';
            ph[n++] = tok;
        }
        const lq_dsc_peak *p = &r[0]->peaks[k];
        double T = k < nfit ? fit[k].T0_K : p->T_onset_K;
        double u = isfinite(a->T_u) ? a->T_u : k < nfit ? fit[k].T0_u_K : p->T_onset_u_K;
        char comment[160], path[4096];
        snprintf(comment, sizeof comment, "%s onset of peak %zu%s", "extrapolated", k + 1,
                 k < nfit ? " at zero heating rate" : " on heating");
        lq_diag d;
        lq_diag_clear(&d);
        lq_dataset *ds = NULL;
        lq_status st =
            lq_dsc_zpf_dataset(al->el[0], al->el[1], ph, x, n, T, u,
                               a->reference ? a->reference : a->files[0], comment, &ds, &d);
        snprintf(path, sizeof path, "%s_%zu.json", a->datasets ? a->datasets : "dsc_zpf", k + 1);
        if (st == LQ_OK) st = lq_dataset_write_file(ds, path, &d);
        lq_dataset_free(ds);
        if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    }
    return 0;
}

/* Predicted traces of the --composition alloys; measured r (may be NULL) sets the default range
 * and rate. */
static int predict(const lqa_ctx *ctx, const dsc_args *a, const alloy *al, size_t nal,
                   const lq_dsc_result *r, lq_dsc_prediction **pred) {
    lqa_thermo t;
    char comps[32];
    snprintf(comps, sizeof comps, "%s,%s", al[0].el[0], al[0].el[1]);
    int rc = lqa_thermo_open(ctx, CMD, a->db, comps, NULL, &t);
    if (rc) return rc;
    lq_dsc_predict_options po;
    lq_dsc_predict_options_default(&po);
    if (r && r->n > 1) {
        po.T_min_K = floor(r->T_K[0]);
        po.T_max_K = ceil(r->T_K[r->n - 1]);
        if (r->rate_K_per_s > 0) po.rate_K_per_s = r->rate_K_per_s;
    }
    if (a->T_range && sscanf(a->T_range, "%lf:%lf:%lf", &po.T_min_K, &po.T_max_K, &po.dT_K) < 2)
        rc = lqa_usage_error(CMD, "--T-range wants A:B[:STEP] in K");
    if (isfinite(a->rate_Kmin)) po.rate_K_per_s = a->rate_Kmin / 60.0;
    po.tau_s = a->tau_s;
    po.sigma_K = a->sigma_K;
    for (size_t k = 0; rc == 0 && k < nal; k++) {
        double x[2];
        for (size_t c = 0; c < 2; c++) {
            long i = lqa_thermo_comp(&t, al[k].el[c], strlen(al[k].el[c]));
            if (i < 0 || i > 1)
                rc = lqa_usage_error(CMD, "'%s' is not a component", al[k].el[c]);
            else
                x[i] = al[k].x[c];
        }
        lqa_progress(ctx, "predicting the DSC trace of %s = %.3g", al[k].el[0], al[k].x[0]);
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = rc ? LQ_OK : lq_dsc_predict(t.ws, x, 2, &po, &pred[k], &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    lqa_thermo_close(&t);
    return rc;
}

static void report_prediction(const alloy *al, lq_dsc_prediction *const *p, size_t n, int json,
                              cJSON *root) {
    cJSON *arr = json ? cJSON_AddArrayToObject(root, "predicted") : NULL;
    for (size_t k = 0; k < n; k++) {
        cJSON *o = arr ? cJSON_CreateObject() : NULL, *tt = NULL;
        if (o) {
            cJSON_AddNumberToObject(o, al[k].el[0], al[k].x[0]);
            tt = cJSON_AddArrayToObject(o, "transitions");
            cJSON_AddItemToArray(arr, o);
        } else {
            printf("predicted x(%s) = %.4g:", al[k].el[0], al[k].x[0]);
        }
        for (size_t j = 0; j < p[k]->n_transitions; j++) {
            if (tt) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddNumberToObject(e, "T_K", p[k]->T_transition_K[j]);
                cJSON_AddNumberToObject(e, "dH_J_per_mol", p[k]->dH_transition_J_per_mol[j]);
                cJSON_AddItemToArray(tt, e);
            } else {
                printf(" %.2f K (%.0f J/mol)", p[k]->T_transition_K[j],
                       p[k]->dH_transition_J_per_mol[j]);
            }
        }
        if (!o) printf("\n");
    }
}

static int figure(const dsc_args *a, const alloy *al, size_t nal, const lq_dsc_result *r,
                  lq_dsc_prediction *const *p) {
    double refT[16], scale[LQA_LIST_MAX];
    size_t nref = a->ref_T ? lqa_parse_range(a->ref_T, refT, 16) : 0;
    char labels[LQA_LIST_MAX][48];
    const char *lp[LQA_LIST_MAX];
    for (size_t k = 0; k < nal; k++) {
        double M = (double)NAN;
        const char *el[2] = {al[k].el[0], al[k].el[1]};
        if (r && strcmp(r->signal_unit, "W/kg") == 0 &&
            lq_thermal_molar_mass(el, al[k].x, 2, &M) == LQ_OK)
            scale[k] = 1.0 / M;
        else
            scale[k] = 1.0;
        snprintf(labels[k], sizeof labels[k], "x(%.7s) = %.3g", al[k].el[0], al[k].x[0]);
        lp[k] = labels[k];
    }
    lq_diag d;
    lq_diag_clear(&d);
    char title[256];
    snprintf(title, sizeof title, "DSC%s%s", a->nfiles ? ": " : " predicted from ",
             a->nfiles ? a->files[0] : a->db);
    lq_status st = lq_plot_dsc(r, (const lq_dsc_prediction *const *)p, lp, scale, p ? nal : 0, refT,
                               nref, title, a->out, &d);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

/* Reads and analyses every file. */
static int analyse_files(const dsc_args *a, const alloy *al, size_t nal, lq_thermal_trace **tr,
                         lq_dsc_result **r) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = read_all(a, tr, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_dsc_calibration cal;
    lq_dsc_options o;
    lq_dsc_options_default(&o);
    if (a->calibrate) {
        if ((st = calibration(a->calibrate, &cal, &d)) != LQ_OK) return lqa_fail(CMD, st, &d);
        o.calibration = &cal;
    }
    o.segment = a->segment > 0 ? a->segment - 1 : -1;
    o.smooth_K = a->smooth_K;
    o.threshold_sigma = a->threshold;
    if (a->baseline && strcmp(a->baseline, "sigmoidal") == 0)
        o.baseline = LQ_DSC_BASELINE_SIGMOIDAL;
    else if (a->baseline && strcmp(a->baseline, "linear") != 0)
        return lqa_usage_error(CMD, "--baseline is linear or sigmoidal");
    if (nal > 0) {
        const char *el[2] = {al[0].el[0], al[0].el[1]};
        if (lq_thermal_molar_mass(el, al[0].x, 2, &o.molar_mass_kg_per_mol) != LQ_OK)
            return lqa_usage_error(CMD, "--composition: unknown element");
    }
    for (size_t i = 0; i < a->nfiles; i++) {
        lq_diag_clear(&d);
        if ((st = lq_dsc_analyse(tr[i], &o, &r[i], &d)) != LQ_OK) return lqa_fail(CMD, st, &d);
    }
    return 0;
}

static int outputs(const lqa_ctx *ctx, const dsc_args *a, const alloy *al, size_t nal,
                   lq_thermal_trace **tr, lq_dsc_result **r, lq_dsc_prediction **p) {
    cJSON *root = ctx->json ? cJSON_CreateObject() : NULL;
    cJSON *files = root ? cJSON_AddArrayToObject(root, "files") : NULL;
    for (size_t i = 0; i < a->nfiles; i++) {
        if (files)
            cJSON_AddItemToArray(files, json_trace(tr[i], r[i]));
        else
            print_trace(tr[i], r[i]);
    }
    lq_dsc_rate_fit fit[64];
    size_t nfit = rate_series(r, a->nfiles, fit, 64, ctx->json, root);
    int rc = 0;
    if (a->phases.n && a->nfiles) {
        if (nal == 0)
            rc = lqa_usage_error(CMD, "--phases needs --composition and --balance");
        else
            rc = write_datasets(a, al, r, fit, nfit);
    }
    if (p[0]) report_prediction(al, p, nal, ctx->json, root);
    if (rc == 0 && a->out) {
        const char *ext = strrchr(a->out, '.');
        lq_diag d;
        lq_diag_clear(&d);
        if (ext && strcmp(ext, ".csv") == 0) {
            lq_status st = write_csv(a->out, tr, r, a->nfiles, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        } else {
            rc = figure(a, al, nal, a->nfiles ? r[0] : NULL, p[0] ? p : NULL);
        }
    }
    if (root) {
        lq_diag d;
        lq_diag_clear(&d);
        if (rc == 0 && lqa_json_write(root, "-", &d) != LQ_OK) rc = lqa_fail(CMD, LQ_EIO, &d);
        cJSON_Delete(root);
    }
    return rc;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    dsc_args a;
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? LQA_EXIT_OK : rc;
    alloy al[LQA_LIST_MAX];
    size_t nal = 0;
    for (size_t k = 0; k < a.comps.n; k++, nal++)
        if (parse_alloy(a.comps.v[k], a.balance, &al[k]) != 0)
            return lqa_usage_error(CMD,
                                   "--composition '%s': want EL=X with 0 < X < 1 and "
                                   "--balance EL",
                                   a.comps.v[k]);
    lq_thermal_trace *tr[MAXF] = {0};
    lq_dsc_result *r[MAXF] = {0};
    lq_dsc_prediction *p[LQA_LIST_MAX] = {0};
    rc = analyse_files(&a, al, nal, tr, r);
    if (rc == 0 && a.db) rc = predict(ctx, &a, al, nal, a.nfiles ? r[0] : NULL, p);
    if (rc == 0) rc = outputs(ctx, &a, al, nal, tr, r, p);
    for (size_t i = 0; i < a.nfiles; i++) {
        lq_dsc_result_free(r[i]);
        lq_thermal_trace_free(tr[i]);
    }
    for (size_t k = 0; k < nal; k++) lq_dsc_prediction_free(p[k]);
    return rc;
}

const lq_cmd lq_cmd_dsc = {
    CMD, "DSC files: baselines, onsets, enthalpies, ZPF datasets; predicted traces", run};
