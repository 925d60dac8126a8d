/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus eos`: E(V) equation-of-state fits from CSV files or folders of VASP runs. */
#include <cjson/cJSON.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/plot.h"

#define CMD "eos"

static const char *const col_names[] = {"source", "model",     "E0_eV",  "V0_A3",    "B0_GPa",
                                        "Bprime", "fit_error", "rms_eV", "n_points", "per_atom"};

/* Where the fits go: JSON array, text table, CSV of parameters, figure. */
typedef struct eos_out {
    int per_atom;
    cJSON *json;
    lq_csv *csv;
    lq_plot *fig;
} eos_out;

static void on_run(void *user, const char *run_dir, double v_A3, double e_eV) {
    lqa_progress(user, "eos: %s: V = %.6f A^3, E = %.8f eV", run_dir, v_A3, e_eV);
}

/* Reads every input (CSV file or folder of VASP runs), per atom when asked. */
static int read_inputs(const char *const *pos, size_t npos, int use_toten, int per_atom,
                       long atoms_opt, const lqa_ctx *ctx, lq_ev_points *sets) {
    lq_ev_read_options ro = lq_ev_read_options_default();
    ro.energy = use_toten ? LQ_VASP_ENERGY_TOTEN : LQ_VASP_ENERGY_SIGMA0;
    ro.progress = on_run;
    ro.user = (void *)ctx;
    for (size_t i = 0; i < npos; i++) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_ev_points_read(pos[i], &ro, &sets[i], &d);
        if (st != LQ_OK) return lqa_fail(CMD, st, &d);
        if (atoms_opt > 0) sets[i].n_atoms = (size_t)atoms_opt;
        if (per_atom) {
            if (!sets[i].n_atoms)
                return lqa_usage_error(CMD, "%s: --per-atom needs the atom count (give --atoms)",
                                       pos[i]);
            lq_ev_points_per_atom_convert(&sets[i], sets[i].n_atoms);
        }
    }
    return 0;
}

static int write_points(const char *points, const char *const *pos, const lq_ev_points *sets,
                        size_t npos, int per_atom) {
    const char *pn[3] = {"source", "volume_A3", "energy_eV"};
    lq_diag d;
    lq_diag_clear(&d);
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(points, pn, 3,
                               per_atom ? "E-V points read by liquidus eos (per atom)"
                                        : "E-V points read by liquidus eos (per cell)",
                               &csv, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    for (size_t i = 0; i < npos; i++)
        for (size_t k = 0; k < sets[i].n; k++) {
            char vb[32], eb[32];
            snprintf(vb, sizeof vb, "%.10g", sets[i].v_A3[k]);
            snprintf(eb, sizeof eb, "%.10f", sets[i].e_eV[k]);
            const char *row[3] = {pos[i], vb, eb};
            lq_csv_row_str(csv, row, 3);
        }
    st = lq_csv_close(csv, &d);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static int open_outputs(eos_out *o, const char *out, const char *plot) {
    lq_diag d;
    lq_diag_clear(&d);
    if (out) {
        lq_status st = lq_csv_open(
            out, col_names, 10,
            "E-V equation-of-state fits by liquidus eos. E0 in eV, V0 in A^3 (per atom when "
            "per_atom = 1, else per cell), B0 in GPa,\nfit_error = sqrt(sum[(E_fit-E_calc)/"
            "E_calc]^2/n) (Nd-Bi study, after Shang et al. 2010); poly4 = the study's Eq. 9",
            &o->csv, &d);
        if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    }
    if (plot && lq_plot_create("E(V) fits", o->per_atom ? "V (A^3/atom)" : "V (A^3/cell)",
                               o->per_atom ? "E (eV/atom)" : "E (eV/cell)", &o->fig) != LQ_OK)
        return LQA_EXIT_FAIL;
    return 0;
}

static void fit_json(const eos_out *o, const char *source, const lq_eos_result *r) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "source", source);
    cJSON_AddStringToObject(j, "model", lq_eos_model_name(r->model));
    cJSON_AddNumberToObject(j, "E0_eV", r->e0_eV);
    cJSON_AddNumberToObject(j, "V0_A3", r->v0_A3);
    cJSON_AddNumberToObject(j, "B0_GPa", r->b0_GPa);
    cJSON_AddNumberToObject(j, "B0_eV_per_A3", r->b0_eV_per_A3);
    cJSON_AddNumberToObject(j, "Bprime", r->bp);
    cJSON_AddNumberToObject(j, "fit_error", r->fit_error);
    cJSON_AddNumberToObject(j, "rms_eV", r->rms_eV);
    cJSON_AddNumberToObject(j, "n_points", (double)r->n_points);
    cJSON_AddBoolToObject(j, "per_atom", o->per_atom);
    if (r->model == LQ_EOS_POLY4) {
        cJSON *k = cJSON_AddArrayToObject(j, "k_eq9");
        for (int i = 0; i < 4; i++) cJSON_AddItemToArray(k, cJSON_CreateNumber(r->k[i]));
    }
    cJSON_AddItemToArray(o->json, j);
}

static void fit_csv(const eos_out *o, const char *source, const lq_eos_result *r) {
    char b[8][40];
    snprintf(b[0], 40, "%.17g", r->e0_eV);
    snprintf(b[1], 40, "%.17g", r->v0_A3);
    snprintf(b[2], 40, "%.17g", r->b0_GPa);
    snprintf(b[3], 40, "%.17g", r->bp);
    snprintf(b[4], 40, "%.17g", r->fit_error);
    snprintf(b[5], 40, "%.17g", r->rms_eV);
    snprintf(b[6], 40, "%zu", r->n_points);
    snprintf(b[7], 40, "%d", o->per_atom);
    const char *row[10] = {
        source, lq_eos_model_name(r->model), b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]};
    lq_csv_row_str(o->csv, row, 10);
}

/* The fitted curve over the volumes of the points. */
static void fit_curve(const eos_out *o, const lq_ev_points *s, const lq_eos_result *r) {
    double vmin = s->v_A3[0], vmax = s->v_A3[0], x[200], y[200];
    for (size_t k = 1; k < s->n; k++) {
        vmin = fmin(vmin, s->v_A3[k]);
        vmax = fmax(vmax, s->v_A3[k]);
    }
    for (int k = 0; k < 200; k++) {
        x[k] = vmin + (vmax - vmin) * k / 199.0;
        y[k] = lq_eos_energy(r, x[k]);
    }
    char label[128];
    snprintf(label, sizeof label, "%s (V0 %.3f, B0 %.1f GPa)", lq_eos_model_name(r->model),
             r->v0_A3, r->b0_GPa);
    lq_plot_add_line(o->fig, x, y, 200, NULL, label);
}

/* Fits every model to one input and formats the results. */
static int fit_set(const eos_out *o, const char *source, const lq_ev_points *s,
                   const lq_eos_model *models, size_t nm) {
    if (o->fig) lq_plot_add_points(o->fig, s->v_A3, s->e_eV, s->n, NULL, source);
    for (size_t m = 0; m < nm; m++) {
        lq_eos_result r;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_eos_fit(models[m], s->v_A3, s->e_eV, s->n, NULL, &r, &d);
        if (st != LQ_OK) {
            fprintf(stderr, "liquidus eos: %s: %s fit: ", source, lq_eos_model_name(models[m]));
            return lqa_fail(CMD, st, &d);
        }
        if (o->json)
            fit_json(o, source, &r);
        else
            printf("  %-24s %-9s %16.8f %14.6f %10.4f %8.4f %11.3e %10.3e %3zu\n", source,
                   lq_eos_model_name(models[m]), r.e0_eV, r.v0_A3, r.b0_GPa, r.bp, r.fit_error,
                   r.rms_eV, r.n_points);
        if (o->csv) fit_csv(o, source, &r);
        if (o->fig) fit_curve(o, s, &r);
    }
    return 0;
}

/* Commits or discards the outputs; returns the final exit code. */
static int finish(eos_out *o, int rc, const char *plot) {
    lq_diag d;
    lq_diag_clear(&d);
    if (o->csv) {
        if (rc != 0) {
            lq_csv_abort(o->csv);
        } else {
            lq_status st = lq_csv_close(o->csv, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        }
    }
    if (o->fig && rc == 0) {
        lq_status st = lq_plot_save(o->fig, plot, 480, 360, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (o->json && rc == 0) {
        lq_status st = lqa_json_write(o->json, "-", &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    lq_plot_free(o->fig);
    cJSON_Delete(o->json);
    return rc;
}

/* --model NAME|all into a list of models; 0 or a usage exit code. */
static int parse_models(const char *model, lq_eos_model *models, size_t *nm) {
    if (strcmp(model, "all") == 0) {
        models[0] = LQ_EOS_POLY4;
        models[1] = LQ_EOS_BIRCH_MURNAGHAN3;
        models[2] = LQ_EOS_MURNAGHAN;
        models[3] = LQ_EOS_VINET;
        *nm = 4;
        return 0;
    }
    if (lq_eos_model_parse(model, &models[0]) == LQ_OK) {
        *nm = 1;
        return 0;
    }
    return lqa_usage_error(CMD, "--model: unknown '%s'", model);
}

int lq_cmd_eos_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_eos_run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *model = "all", *out = NULL, *plot = NULL, *points = NULL, *energy = "sigma0";
    int per_atom = 0;
    long atoms_opt = 0;
    const lqa_opt opts[] = {
        {"model", LQA_STRING, &model, "NAME",
         "poly4 (the study's Eq. 9), bm3, murnaghan, vinet or all (default)"},
        {"energy", LQA_STRING, &energy, "KIND",
         "VASP energy: sigma0 (energy(sigma->0), default) or toten (free energy)"},
        {"per-atom", LQA_FLAG, &per_atom, NULL,
         "divide volumes and energies by the atoms per cell (from VASP, or --atoms)"},
        {"atoms", LQA_INT, &atoms_opt, "N", "atoms per cell for CSV input"},
        {"out", LQA_STRING, &out, "FILE.csv", "write the fitted parameters"},
        {"points", LQA_STRING, &points, "FILE.csv", "write the E-V points read (VASP folders)"},
        {"plot", LQA_STRING, &plot, "FIG.png|svg|pdf", "draw the points and the fitted curves"},
    };
    const char *pos[64];
    size_t npos = 0;
    int rc =
        lqa_parse(CMD,
                  "liquidus eos [options] INPUT...\n"
                  "  INPUT: a CSV of volume_A3,energy_eV, or a folder whose subfolders are VASP "
                  "runs\n  (vasprun.xml, else OUTCAR, else OSZICAR + CONTCAR/POSCAR), one "
                  "point each.\n  Energies in eV, volumes in A^3 (per cell unless --per-atom), "
                  "B0 in GPa;\n  fit_error = sqrt(sum[(E_fit-E_calc)/E_calc]^2/n) as in the "
                  "Nd-Bi study",
                  opts, sizeof opts / sizeof opts[0], argc, argv, pos, 64, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos == 0) return lqa_usage_error(CMD, "no input (see --help)");
    lq_eos_model models[4];
    size_t nm = 0;
    if ((rc = parse_models(model, models, &nm)) != 0) return rc;
    int use_toten = 0;
    if (strcmp(energy, "toten") == 0)
        use_toten = 1;
    else if (strcmp(energy, "sigma0") != 0)
        return lqa_usage_error(CMD, "--energy: expected sigma0 or toten, not '%s'", energy);
    if (atoms_opt < 0) return lqa_usage_error(CMD, "--atoms must be positive");
    /* GSL's default handler aborts; the library reports every failure as a status instead. */
    gsl_set_error_handler_off();

    lq_ev_points *sets = calloc(npos, sizeof *sets);
    if (!sets) return LQA_EXIT_FAIL;
    rc = read_inputs(pos, npos, use_toten, per_atom, atoms_opt, ctx, sets);
    if (rc == 0 && points) rc = write_points(points, pos, sets, npos, per_atom);
    eos_out o = {per_atom, ctx->json ? cJSON_CreateArray() : NULL, NULL, NULL};
    if (rc == 0) rc = open_outputs(&o, out, plot);
    if (rc == 0 && !ctx->json)
        printf("# %-24s %-9s %16s %14s %10s %8s %11s %10s %3s\n", "source", "model", "E0_eV",
               "V0_A3", "B0_GPa", "B'", "fit_error", "rms_eV", "n");
    for (size_t i = 0; i < npos && rc == 0; i++) rc = fit_set(&o, pos[i], &sets[i], models, nm);
    rc = finish(&o, rc, plot);
    for (size_t i = 0; i < npos; i++) lq_ev_points_free(&sets[i]);
    free(sets);
    return rc;
}

const lq_cmd lq_cmd_eos = {"eos",
                           "E(V) equation of state fits (Eq. 9, Birch-Murnaghan, Murnaghan, Vinet)",
                           lq_cmd_eos_run};
