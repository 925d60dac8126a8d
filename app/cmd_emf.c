/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus emf`: coulometric titration -> emf, activity, gamma, solubility, dS, dH, datasets. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"
#include "liquidus/units.h"

static const char *const usage =
    "liquidus emf FILE [FILE...] --T K[,K...] (--solvent-mol MOL | --solvent-g G "
    "--solvent-molar-mass G_PER_MOL)\n"
    "             [--z 3] [--ref NAME|a,b@SCALE] [--to NAME] [--window S] [--tol V]\n"
    "             [--solute ND --solvent BI --solid-phase NAME --ref-phase NAME] [--out PREFIX]\n"
    "             [--espei-emf PREFIX]\n\n"
    "Coulometric titration records (current pulses, each followed by open circuit; one file per\n"
    "temperature, --T in the same order): composition from the passed charge (Faraday's law) and\n"
    "the initial amount of electrode metal, the steady emf averaged over the last --window s of\n"
    "each rest (default 1800 s = 0.5 h) with its drift, conversion from the measuring reference\n"
    "(--ref, e.g. NdSn: Nd-Bi study Eq. 8; AgAgCl: Mg-La study Eq. 6; or a,b[@SCALE] for\n"
    "phi = a + bT) to --to (e.g. Nd, the pure solute), activity ln a = -zFE/RT (Eq. 6), activity\n"
    "coefficient and partial molar excess Gibbs energy RT ln gamma (Eq. 13), the two-phase "
    "plateau\n"
    "and the solubility where the liquid fit E = a + b ln x meets it, and across temperatures the\n"
    "partial molar entropy and enthalpy from E(T) of the plateau and of the liquid's RT ln gamma.\n"
    "Activities assume the converted emf is against the pure solute. With --solute and --solvent,\n"
    "writes ESPEI datasets: PREFIX-ACR_<SOLUTE>-<T>K.json per temperature and, with "
    "--solid-phase,\n"
    "PREFIX-ZPF.json. With --espei-emf P also P-EMF_<SOLUTE>-<T>K.json: the emfs as measured vs\n"
    "--ref, with --ref's potential vs --to declared, for liquidus assess (output EMF; the plateau\n"
    "too with --solid-phase). Also PREFIX.emf.csv (steps), PREFIX.emf.json and PREFIX.emf.png.\n"
    "Current: IUPAC sign from the reader (reduction negative: deposition into the electrode).";

#define EMF_MAX_FILES 32

/* Command-line values that are not options of the library. */
typedef struct emf_args {
    lqa_echem_in in;
    const char *out, *Ts, *refs, *tos, *emf_prefix;
    double gsolv, msolv;
    long z;
    const char *files[EMF_MAX_FILES];
    size_t nf;
    double T[EMF_MAX_FILES];
    lq_echem_ref ref, to;
} emf_args;

static int parse(int argc, char **argv, emf_args *a, lq_echem_emf_analysis_options *eo) {
    memset(a, 0, sizeof *a);
    a->z = 3;
    *eo = lq_echem_emf_analysis_options_default();
    lq_echem_emf_options *so = &eo->steps;
    const lqa_opt opts[] = {
        {"T", LQA_STRING, &a->Ts, "K[,K...]", "temperature of each file (required)"},
        {"solvent-mol", LQA_DOUBLE, &so->n_solvent_mol, "MOL",
         "initial amount of electrode metal, mol"},
        {"solvent-g", LQA_DOUBLE, &a->gsolv, "G", "initial mass of electrode metal, g"},
        {"solvent-molar-mass", LQA_DOUBLE, &a->msolv, "G_PER_MOL", "its molar mass (with -g)"},
        {"solute0-mol", LQA_DOUBLE, &so->n_solute0_mol, "MOL", "solute present at the start (0)"},
        {"z", LQA_INT, &a->z, "Z", "charge number of the solute ion (3 for Nd3+)"},
        {"window", LQA_DOUBLE, &so->window_s, "S", "final part of each rest averaged (1800 s)"},
        {"pulse-current", LQA_DOUBLE, &so->pulse_current_A, "A",
         "|I| above which a sample is a pulse (default 2 % of max|I|)"},
        {"efficiency", LQA_DOUBLE, &so->efficiency, "F", "coulombic efficiency (1)"},
        {"ref", LQA_STRING, &a->refs, "REF",
         "measuring reference: AgAgCl, Cl2, NdSn, Nd, a,b@SCALE"},
        {"to", LQA_STRING, &a->tos, "REF", "report potentials vs this reference (default: base)"},
        {"tol", LQA_DOUBLE, &eo->plateau_tol_V, "V", "plateau tolerance (0.002 V)"},
        {"solute", LQA_STRING, &eo->solute, "EL", "solute element for the datasets (e.g. ND)"},
        {"solvent", LQA_STRING, &eo->solvent, "EL", "electrode metal element (e.g. BI)"},
        {"solid-phase", LQA_STRING, &eo->solid_phase, "PHASE",
         "solid in equilibrium on the plateau (ZPF)"},
        {"ref-phase", LQA_STRING, &eo->ref_phase, "PHASE",
         "phase of the pure solute (activity ref.)"},
        {"liquid-phase", LQA_STRING, &eo->liquid_phase, "PHASE",
         "name of the liquid phase (LIQUID)"},
        {"out", LQA_STRING, &a->out, "PREFIX", "output prefix (default: the first file's name)"},
        {"espei-emf", LQA_STRING, &a->emf_prefix, "PREFIX",
         "also write cell-emf datasets PREFIX-EMF_<SOLUTE>-<T>K.json"},
    };
    int rc = lqa_echem_parse("emf", usage, opts, sizeof opts / sizeof opts[0], 0, &a->in, argc,
                             argv, a->files, EMF_MAX_FILES, &a->nf);
    if (rc == 1) return -1;
    if (rc) return LQA_EXIT_USAGE;
    if (a->nf == 0) return lqa_usage_error("emf", "expected FILE (see liquidus emf --help)");
    size_t nT = a->Ts ? lqa_parse_range(a->Ts, a->T, EMF_MAX_FILES) : 0;
    if (nT != a->nf)
        return lqa_usage_error("emf", "--T must give one temperature per file (%zu file(s))",
                               a->nf);
    for (size_t i = 0; i < nT; i++)
        if (!(a->T[i] > 0.0)) return lqa_usage_error("emf", "--T: temperatures must be > 0 K");
    if (a->gsolv > 0.0 || a->msolv > 0.0) {
        if (!(a->gsolv > 0.0) || !(a->msolv > 0.0) || so->n_solvent_mol > 0.0)
            return lqa_usage_error("emf",
                                   "give --solvent-g with --solvent-molar-mass, or "
                                   "--solvent-mol");
        so->n_solvent_mol = a->gsolv / a->msolv;
    }
    if (!(so->n_solvent_mol > 0.0))
        return lqa_usage_error("emf", "the electrode metal amount is required");
    if (a->z < 1 || a->z > 8) return lqa_usage_error("emf", "--z must be 1..8");
    so->n_electrons = (int)a->z;
    if ((eo->solute == NULL) != (eo->solvent == NULL))
        return lqa_usage_error("emf", "--solute and --solvent go together");
    if (a->emf_prefix && !eo->solute)
        return lqa_usage_error("emf", "--espei-emf needs --solute, --solvent and --ref-phase");
    if (eo->solute && !eo->ref_phase)
        return lqa_usage_error("emf",
                               "the datasets need --ref-phase: the phase of the pure solute "
                               "the emf refers to (e.g. DHCP for Nd(s))");
    lq_diag d;
    lq_diag_clear(&d);
    if (a->tos && !a->refs) return lqa_usage_error("emf", "--to needs --ref");
    if (a->refs && lq_echem_ref_parse(a->refs, &a->ref, &d) != LQ_OK)
        return lqa_fail("emf", LQ_EINVAL, &d);
    if (a->tos && lq_echem_ref_parse(a->tos, &a->to, &d) != LQ_OK)
        return lqa_fail("emf", LQ_EINVAL, &d);
    eo->ref = a->refs ? &a->ref : NULL;
    eo->to = a->tos ? &a->to : NULL;
    return 0;
}

/* Reads every file and runs the analysis. */
static int analyse(const emf_args *a, const lq_echem_emf_analysis_options *eo, const lqa_ctx *ctx,
                   lq_echem_emf_analysis **res) {
    lq_echem_record *recs[EMF_MAX_FILES] = {0};
    int rc = 0;
    for (size_t f = 0; f < a->nf && rc == 0; f++)
        rc =
            lqa_echem_read("emf", a->files[f], &a->in,
                           LQA_NEED_TIME | LQA_NEED_POTENTIAL | LQA_NEED_CURRENT, 0, ctx, &recs[f]);
    if (rc == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_echem_emf_analyse((const lq_echem_record *const *)recs, a->files, a->T,
                                            a->nf, eo, res, &d);
        if (st != LQ_OK) rc = lqa_fail("emf", st, &d);
    }
    for (size_t f = 0; f < a->nf; f++) lq_echem_record_free(recs[f]);
    return rc;
}

/* The steps table (PREFIX.emf.csv). */
static lq_status write_steps(const lq_echem_emf_analysis *A, const lq_echem_emf_options *so,
                             const char *path, lq_diag *d) {
    const char *cols[] = {"T_K",      "step",           "t_start_s", "t_end_s",
                          "charge_C", "n_solute_mol",   "x_solute",  "E_meas_V",
                          "E_std_V",  "drift_V_per_h",  "E_V",       "ln_a",
                          "ln_gamma", "G_ex_J_per_mol", "flags"};
    char comment[512];
    snprintf(comment, sizeof comment,
             "liquidus emf: coulometric titration steps (Nd-Bi study Eqs. 5-8, 13)\n"
             "E_meas_V: mean over the last %g s of each rest vs the measuring reference; E_V vs "
             "%s\nln_a = -zFE/RT with z = %d (E_V taken vs the pure solute); G_ex = RT ln gamma; "
             "flags: 1 short rest, 2 drifting (> 1 mV/h)",
             so->window_s, A->scale, so->n_electrons);
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(path, cols, 15, comment, &csv, d);
    if (st != LQ_OK) return st;
    for (size_t f = 0; f < A->nruns; f++) {
        const lq_echem_emf_run *R = &A->runs[f];
        for (size_t i = 0; i < R->nsteps; i++) {
            const lq_echem_emf_step *s = &R->steps[i];
            double row[15] = {R->T_K,          (double)(i + 1),
                              s->t_start_s,    s->t_end_s,
                              s->charge_C,     s->n_solute_mol,
                              s->x_solute,     s->E_V,
                              s->E_std_V,      s->drift_V_per_s * LQ_HOUR_S,
                              R->E_V[i],       R->ln_a[i],
                              R->ln_gamma[i],  R->g_ex_J_per_mol[i],
                              (double)s->flags};
            lq_csv_row(csv, row, 15);
        }
    }
    return lq_csv_close(csv, d);
}

static void run_json(const lq_echem_emf_run *R, cJSON *jt) {
    cJSON_AddStringToObject(jt, "file", R->name);
    cJSON_AddNumberToObject(jt, "T_K", R->T_K);
    cJSON_AddNumberToObject(jt, "steps", (double)R->nsteps);
    if (R->steps_warning.warning) cJSON_AddStringToObject(jt, "warning", R->steps_warning.msg);
    if (R->has_solubility) {
        const lq_echem_emf_solubility *s = &R->sol;
        cJSON *js = cJSON_AddObjectToObject(jt, "solubility");
        cJSON_AddNumberToObject(js, "x_sat", s->x_sat);
        cJSON_AddItemToObject(js, "x_sat_se", lqa_num(s->x_sat_se));
        cJSON_AddNumberToObject(js, "E_plateau_V", s->E_plateau_V);
        cJSON_AddItemToObject(js, "E_plateau_se_V", lqa_num(s->E_plateau_se_V));
        cJSON_AddNumberToObject(js, "plateau_points", (double)s->n_plateau);
        cJSON_AddNumberToObject(js, "liquid_points", (double)s->n_liquid);
        cJSON_AddNumberToObject(js, "fit_a_V", s->fit.a);
        cJSON_AddNumberToObject(js, "fit_b_V", s->fit.b);
        cJSON_AddItemToObject(js, "fit_r2", lqa_num(s->fit.r2));
        if (isfinite(R->ln_a_plateau)) cJSON_AddNumberToObject(js, "ln_a_plateau", R->ln_a_plateau);
    } else {
        cJSON_AddStringToObject(jt, "solubility_note", R->solubility_note);
    }
    cJSON_AddItemToObject(jt, "ln_gamma_liquid_mean", lqa_num(R->ln_gamma_mean));
    cJSON_AddItemToObject(jt, "ln_gamma_liquid_sd", lqa_num(R->ln_gamma_sd));
    cJSON_AddNumberToObject(jt, "liquid_points", (double)R->n_liquid);
}

static cJSON *to_json(const lq_echem_emf_analysis *A, const lq_echem_emf_options *so) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "potential_scale", A->scale);
    cJSON_AddNumberToObject(root, "z", (double)so->n_electrons);
    cJSON_AddNumberToObject(root, "n_solvent_mol", so->n_solvent_mol);
    cJSON_AddNumberToObject(root, "window_s", so->window_s);
    cJSON *jT = cJSON_AddArrayToObject(root, "temperatures");
    for (size_t f = 0; f < A->nruns; f++) {
        cJSON *jt = cJSON_CreateObject();
        cJSON_AddItemToArray(jT, jt);
        run_json(&A->runs[f], jt);
    }
    if (A->has_plateau_tdep) {
        const lq_echem_emf_tdep *td = &A->plateau_tdep;
        cJSON *j = cJSON_AddObjectToObject(root, "plateau_vs_T");
        cJSON_AddNumberToObject(j, "dE_dT_V_per_K", td->fit.b);
        cJSON_AddNumberToObject(j, "E0_V", td->fit.a);
        cJSON_AddNumberToObject(j, "dS_J_per_mol_K", td->S_J_per_mol_K);
        cJSON_AddItemToObject(j, "dS_se_J_per_mol_K", lqa_num(td->S_se));
        cJSON_AddNumberToObject(j, "dH_J_per_mol", td->H_J_per_mol);
        cJSON_AddItemToObject(j, "dH_se_J_per_mol", lqa_num(td->H_se));
    }
    if (A->has_liquid_excess) {
        const lq_echem_linfit *gf = &A->liquid_excess;
        cJSON *j = cJSON_AddObjectToObject(root, "liquid_excess_vs_T");
        cJSON_AddNumberToObject(j, "H_ex_J_per_mol", gf->a);
        cJSON_AddItemToObject(j, "H_ex_se_J_per_mol", lqa_num(gf->a_se));
        cJSON_AddNumberToObject(j, "S_ex_J_per_mol_K", -gf->b);
        cJSON_AddItemToObject(j, "S_ex_se_J_per_mol_K", lqa_num(gf->b_se));
    }
    return root;
}

static void print_text(const lq_echem_emf_analysis *A, int z) {
    for (size_t f = 0; f < A->nruns; f++) {
        const lq_echem_emf_run *R = &A->runs[f];
        printf("T = %g K (%s): %zu steps", R->T_K, R->name, R->nsteps);
        if (R->has_solubility)
            printf(", plateau %.5f V (%zu points), solubility x = %.5f +- %.5f", R->sol.E_plateau_V,
                   R->sol.n_plateau, R->sol.x_sat, R->sol.x_sat_se);
        if (R->n_liquid)
            printf(", ln gamma (liquid) = %.3f +- %.3f", R->ln_gamma_mean, R->ln_gamma_sd);
        printf("\n");
    }
    if (A->has_plateau_tdep)
        printf("plateau emf vs T: dS = %.4g J/(mol K), dH = %.5g J/mol (z = %d)\n",
               A->plateau_tdep.S_J_per_mol_K, A->plateau_tdep.H_J_per_mol, z);
    if (A->has_liquid_excess)
        printf("liquid RT ln gamma vs T: H_ex = %.5g J/mol, S_ex = %.4g J/(mol K)\n",
               A->liquid_excess.a, -A->liquid_excess.b);
}

/* Figures: E vs x with the liquid fit and the plateau; ln gamma vs x. */
static lq_status figures(const lq_echem_emf_analysis *A, lq_plot *pl, lq_plot *pg) {
    lq_status st = LQ_OK;
    for (size_t f = 0; f < A->nruns && st == LQ_OK; f++) {
        const lq_echem_emf_run *R = &A->runs[f];
        char label[64];
        snprintf(label, sizeof label, "%g K", R->T_K);
        lq_plot_style ps = {0};
        ps.auto_color = 1;
        ps.marker = LQ_PLOT_MARKER_CIRCLE;
        size_t n = R->nsteps, l0 = R->liquid_start, ng = 0;
        double *x = malloc((n ? n : 1) * sizeof *x), *e = malloc((n ? n : 1) * sizeof *e);
        double *gx = malloc((n ? n : 1) * sizeof *gx), *gy = malloc((n ? n : 1) * sizeof *gy);
        if (!x || !e || !gx || !gy) st = LQ_ENOMEM;
        for (size_t i = 0; st == LQ_OK && i < n; i++) {
            x[i] = R->steps[i].x_solute;
            e[i] = R->E_V[i];
            if (isfinite(R->ln_gamma[i])) {
                gx[ng] = x[i];
                gy[ng++] = R->ln_gamma[i];
            }
        }
        if (st == LQ_OK) {
            lq_plot_add_points(pl, x + l0, e + l0, n - l0, &ps, label);
            lq_plot_add_points(pg, gx, gy, ng, &ps, label);
        }
        if (st == LQ_OK && R->has_solubility) {
            lq_plot_add_rule(pg, 1, R->sol.x_sat, NULL, NULL);
            lq_plot_style ls = {0};
            ls.rgb[0] = ls.rgb[1] = ls.rgb[2] = 0.3;
            lq_plot_add_line(pl, R->curve_x, R->curve_E_V, R->ncurve, &ls,
                             f == 0 ? "E = a + b ln x" : NULL);
            double px[2] = {R->sol.x_sat, x[n - 1]};
            double py[2] = {R->sol.E_plateau_V, R->sol.E_plateau_V};
            ls.dashed = 1;
            lq_plot_add_line(pl, px, py, 2, &ls, f == 0 ? "two-phase plateau" : NULL);
            char note[64];
            snprintf(note, sizeof note, "x_sat %.4f", R->sol.x_sat);
            lq_plot_add_annotation(pl, R->sol.x_sat, R->sol.E_plateau_V, note);
        }
        free(x);
        free(e);
        free(gx);
        free(gy);
    }
    return st;
}

/* The ESPEI datasets: PREFIX-ACR_<SOLUTE>-<T>K.json per temperature and PREFIX-ZPF.json. */
static lq_status write_datasets(const emf_args *a, const lq_echem_emf_analysis_options *eo,
                                const lq_echem_emf_analysis *A, cJSON *root, const lqa_ctx *ctx,
                                lq_diag *d) {
    cJSON *jd = cJSON_AddArrayToObject(root, "espei_datasets");
    char solU[16] = "", suffix[96], path[1024];
    for (size_t i = 0; eo->solute && eo->solute[i] && i + 1 < sizeof solU; i++)
        solU[i] = (char)toupper((unsigned char)eo->solute[i]);
    for (size_t f = 0; f < A->nruns; f++) {
        if (!A->runs[f].acr) continue;
        snprintf(suffix, sizeof suffix, "-ACR_%s-%gK.json", solU, A->runs[f].T_K);
        lqa_echem_outpath(a->files[0], a->out, suffix, path, sizeof path);
        lq_status st = lq_dataset_write_file(A->runs[f].acr, path, d);
        if (st != LQ_OK) return st;
        cJSON_AddItemToArray(jd, cJSON_CreateString(path));
        lqa_progress(ctx, "wrote %s", path);
    }
    for (size_t f = 0; a->emf_prefix && f < A->nruns; f++) {
        if (!A->runs[f].emf) continue;
        snprintf(path, sizeof path, "%s-EMF_%s-%gK.json", a->emf_prefix, solU, A->runs[f].T_K);
        lq_status st = lq_dataset_write_file(A->runs[f].emf, path, d);
        if (st != LQ_OK) return st;
        cJSON_AddItemToArray(jd, cJSON_CreateString(path));
        lqa_progress(ctx, "wrote %s", path);
    }
    if (!A->zpf) return LQ_OK;
    lqa_echem_outpath(a->files[0], a->out, "-ZPF.json", path, sizeof path);
    lq_status st = lq_dataset_write_file(A->zpf, path, d);
    if (st != LQ_OK) return st;
    cJSON_AddItemToArray(jd, cJSON_CreateString(path));
    lqa_progress(ctx, "wrote %s", path);
    return LQ_OK;
}

static int output(const emf_args *a, const lq_echem_emf_analysis_options *eo,
                  const lq_echem_emf_analysis *A, const lqa_ctx *ctx) {
    char csv_path[1024], json_path[1024], fig_path[1024], gpath[1024], ylab[96];
    lqa_echem_outpath(a->files[0], a->out, ".emf.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(a->files[0], a->out, ".emf.json", json_path, sizeof json_path);
    lqa_echem_outpath(a->files[0], a->out, ".emf.png", fig_path, sizeof fig_path);
    lqa_echem_outpath(a->files[0], a->out, ".emf_gamma.png", gpath, sizeof gpath);
    for (size_t f = 0; f < A->nruns; f++) {
        lqa_warn_diag("emf", &A->runs[f].steps_warning);
        lqa_warn_diag("emf", &A->runs[f].solubility_warning);
    }
    if (!ctx->json) print_text(A, eo->steps.n_electrons);
    lq_diag d;
    lq_diag_clear(&d);
    lq_plot *pl = NULL, *pg = NULL;
    snprintf(ylab, sizeof ylab, "E vs %s / V", A->scale);
    lq_status st = lq_plot_create("Activity coefficient (Eq. 13)", "x (solute)", "ln gamma", &pg);
    if (st == LQ_OK) st = lq_plot_create("Coulometric titration", "x (solute)", ylab, &pl);
    if (st == LQ_OK) st = figures(A, pl, pg);
    cJSON *root = to_json(A, &eo->steps);
    if (st == LQ_OK) st = write_datasets(a, eo, A, root, ctx, &d);
    if (st == LQ_OK) st = write_steps(A, &eo->steps, csv_path, &d);
    if (st == LQ_OK) lqa_progress(ctx, "wrote %s", csv_path);
    if (st == LQ_OK) {
        st = lqa_echem_figure(pg, gpath, 560.0, 400.0, root, "figure_ln_gamma", ctx, &d);
        pg = NULL;
    }
    if (st != LQ_OK) {
        lq_plot_free(pl);
        lq_plot_free(pg);
        cJSON_Delete(root);
        return lqa_fail("emf", st, &d);
    }
    return lqa_echem_finish("emf", pl, fig_path, root, json_path, ctx);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    emf_args a;
    lq_echem_emf_analysis_options eo;
    int rc = parse(argc, argv, &a, &eo);
    if (rc) return rc < 0 ? LQA_EXIT_OK : rc;
    lq_echem_emf_analysis *A = NULL;
    rc = analyse(&a, &eo, ctx, &A);
    if (rc == 0) rc = output(&a, &eo, A, ctx);
    lq_echem_emf_analysis_free(A);
    return rc;
}

const lq_cmd lq_cmd_emf = {"emf", "coulometric titration: emf, activity, gamma, solubility, dS/dH",
                           run};
