/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus dp`: deep-potential training data (data), model errors on data (test), training. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"

#define CMD "dp"
#define MAX_INPUTS 256

/* ---------------------------------------------------------------- dp data */

static void print_data(const lqa_ctx *ctx, const char *out, const lq_dp_systems *set,
                       const char *const *in, size_t n_in, const size_t *frames,
                       const size_t *skipped) {
    char formula[96];
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject(), *ji = cJSON_AddArrayToObject(j, "inputs");
        for (size_t i = 0; i < n_in; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "path", in[i]);
            cJSON_AddNumberToObject(o, "frames", (double)frames[i]);
            cJSON_AddNumberToObject(o, "unconverged_skipped", (double)skipped[i]);
            cJSON_AddItemToArray(ji, o);
        }
        cJSON *tm = cJSON_AddArrayToObject(j, "type_map");
        for (size_t t = 0; t < set->n_types; t++)
            cJSON_AddItemToArray(tm, cJSON_CreateString(set->type_map[t]));
        cJSON *js = cJSON_AddArrayToObject(j, "systems");
        for (size_t k = 0; k < set->n; k++) {
            cJSON *o = cJSON_CreateObject();
            lq_dp_system_formula(&set->sys[k], formula, sizeof formula);
            cJSON_AddStringToObject(o, "formula", formula);
            cJSON_AddNumberToObject(o, "atoms", (double)set->sys[k].n_atoms);
            cJSON_AddNumberToObject(o, "frames", (double)set->sys[k].n_frames);
            cJSON_AddBoolToObject(o, "periodic", set->sys[k].box_A != NULL);
            cJSON_AddBoolToObject(o, "virial", set->sys[k].virial_eV != NULL);
            cJSON_AddItemToArray(js, o);
        }
        cJSON_AddStringToObject(j, "out", out);
        lqa_json_write(j, "-", NULL);
        cJSON_Delete(j);
        return;
    }
    for (size_t i = 0; i < n_in; i++)
        printf("%s: %zu frames%s", in[i], frames[i], skipped[i] ? "" : "\n");
    for (size_t i = 0; i < n_in; i++)
        if (skipped[i]) printf(" (%zu unconverged steps left out)\n", skipped[i]);
    printf("type_map:");
    for (size_t t = 0; t < set->n_types; t++) printf(" %s", set->type_map[t]);
    printf("\n");
    for (size_t k = 0; k < set->n; k++) {
        lq_dp_system_formula(&set->sys[k], formula, sizeof formula);
        printf("%s/%s: %zu atoms, %zu frames%s%s\n", out, formula, set->sys[k].n_atoms,
               set->sys[k].n_frames, set->sys[k].box_A ? "" : ", no PBC",
               set->sys[k].virial_eV ? ", virials" : "");
    }
}

static int cmd_data(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *format = "auto", *type_map = NULL, *types = NULL, *energy = NULL,
               *column = NULL;
    long set_size = 0;
    int force = 0, keep = 0;
    const lqa_opt opts[] = {
        {"out", LQA_STRING, &out, "DIR", "folder of the systems (one sub-folder per atom list)"},
        {"format", LQA_STRING, &format, "F",
         "auto|deepmd/npy|vasp/outcar|vasp/xml|lammps/dump (auto: folders, *OUTCAR*, *.xml, "
         "*.lammpstrj, *.dump)"},
        {"types", LQA_STRING, &types, "A,B,..", "LAMMPS dumps: names of types 1,2,..."},
        {"energy", LQA_STRING, &energy, "FILE", "LAMMPS dumps: log with the energy of each frame"},
        {"energy-column", LQA_STRING, &column, "NAME", "its column (PotEng)"},
        {"type-map", LQA_STRING, &type_map, "A,B,..", "order of the shared type_map"},
        {"set-size", LQA_INT, &set_size, "N", "frames per set.* folder (0: one set)"},
        {"keep-unconverged", LQA_FLAG, &keep, NULL, "keep VASP steps that reached NELM"},
        {"force", LQA_FLAG, &force, NULL, "replace existing system folders in DIR"},
    };
    const char *in[MAX_INPUTS];
    size_t n_in = 0;
    int pr = lqa_parse("dp data", "liquidus dp data --out DIR [options] INPUT...", opts,
                       sizeof opts / sizeof opts[0], argc, argv, in, MAX_INPUTS, &n_in);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!out || !n_in) return lqa_usage_error("dp data", "--out and at least one input are needed");
    if (set_size < 0) return lqa_usage_error("dp data", "--set-size must be >= 0");
    lq_dp_convert_options opt;
    lq_dp_convert_options_default(&opt);
    if (lq_dp_format_parse(format, &opt.format) != LQ_OK)
        return lqa_usage_error("dp data", "unknown --format '%s'", format);
    opt.type_map = type_map;
    opt.lammps_types = types;
    opt.lammps_energy = energy;
    opt.lammps_energy_column = column;
    opt.vasp.keep_unconverged = keep;
    size_t frames[MAX_INPUTS], skipped[MAX_INPUTS];
    lq_dp_systems set;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dp_data_convert(in, n_in, &opt, &set, frames, skipped, &d);
    if (st != LQ_OK) return lqa_fail("dp data", st, &d);
    st = lq_dp_systems_write(out, &set, (size_t)set_size, force, &d);
    if (st == LQ_OK) {
        lqa_warn_diag("dp data", &d);
        print_data(ctx, out, &set, in, n_in, frames, skipped);
    }
    lq_dp_systems_free(&set);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail("dp data", st, &d);
}

/* ---------------------------------------------------------------- dp test */

static void print_result_text(const char *name, const lq_dp_test_result *r) {
    printf("# %s: %zu frames\n", name, r->n_frames);
    printf("Energy MAE         : %e eV\nEnergy RMSE        : %e eV\n", r->energy_mae_eV,
           r->energy_rmse_eV);
    printf("Energy MAE/Natoms  : %e eV\nEnergy RMSE/Natoms : %e eV\n", r->energy_mae_eV_per_atom,
           r->energy_rmse_eV_per_atom);
    printf("Force  MAE         : %e eV/A\nForce  RMSE        : %e eV/A\n", r->force_mae_eV_per_A,
           r->force_rmse_eV_per_A);
    if (r->has_virial) {
        printf("Virial MAE         : %e eV\nVirial RMSE        : %e eV\n", r->virial_mae_eV,
               r->virial_rmse_eV);
        printf("Virial MAE/Natoms  : %e eV\nVirial RMSE/Natoms : %e eV\n",
               r->virial_mae_eV_per_atom, r->virial_rmse_eV_per_atom);
    }
}

static cJSON *result_json(const char *name, const lq_dp_test_result *r) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "system", name);
    cJSON_AddNumberToObject(o, "frames", (double)r->n_frames);
    cJSON_AddNumberToObject(o, "energy_rmse_eV", r->energy_rmse_eV);
    cJSON_AddNumberToObject(o, "energy_mae_eV", r->energy_mae_eV);
    cJSON_AddNumberToObject(o, "energy_rmse_eV_per_atom", r->energy_rmse_eV_per_atom);
    cJSON_AddNumberToObject(o, "energy_mae_eV_per_atom", r->energy_mae_eV_per_atom);
    cJSON_AddNumberToObject(o, "force_rmse_eV_per_A", r->force_rmse_eV_per_A);
    cJSON_AddNumberToObject(o, "force_mae_eV_per_A", r->force_mae_eV_per_A);
    if (r->has_virial) {
        cJSON_AddNumberToObject(o, "virial_rmse_eV", r->virial_rmse_eV);
        cJSON_AddNumberToObject(o, "virial_mae_eV", r->virial_mae_eV);
        cJSON_AddNumberToObject(o, "virial_rmse_eV_per_atom", r->virial_rmse_eV_per_atom);
        cJSON_AddNumberToObject(o, "virial_mae_eV_per_atom", r->virial_mae_eV_per_atom);
    }
    return o;
}

/* Tests the model on every system found under the DATA arguments; fills res[0..*n). */
static lq_status test_all(const lq_dp_model *m, const char *const *data, size_t n_data,
                          const lq_dp_test_options *opt, char ***paths, size_t *n_paths,
                          lq_dp_test_result **res, lq_diag *d) {
    lq_status st = lq_dp_system_dirs(data, n_data, paths, n_paths, d);
    if (st != LQ_OK) return st;
    *res = calloc(*n_paths ? *n_paths : 1, sizeof **res);
    if (!*res) return LQ_ENOMEM;
    for (size_t k = 0; k < *n_paths && st == LQ_OK; k++) {
        lq_dp_system s;
        st = lq_dp_system_read((*paths)[k], &s, d);
        if (st != LQ_OK) break;
        st = lq_dp_test_system(m, &s, opt, &(*res)[k], d);
        lq_dp_system_free(&s);
    }
    return st;
}

/* A model file, or a .dplr (model + fixed-charge long-range baseline): *has_b tells which. */
static lq_status read_model(const char *path, lq_dp_model **m, lq_dp_baseline *b, int *has_b,
                            lq_diag *d) {
    size_t n = strlen(path);
    char mpath[4096];
    *has_b = n > 5 && !strcmp(path + n - 5, ".dplr");
    if (!*has_b) return lq_dp_model_read(path, m, d);
    lq_status st = lq_dp_baseline_read(path, b, mpath, sizeof mpath, d);
    return st == LQ_OK ? lq_dp_model_read(mpath, m, d) : st;
}

static int cmd_test(int argc, char **argv, const lqa_ctx *ctx) {
    long threads = 0;
    const lqa_opt opts[] = {{"threads", LQA_INT, &threads, "N", "OpenMP threads (0: default)"}};
    const char *pos[MAX_INPUTS];
    size_t npos = 0;
    int pr = lqa_parse("dp test",
                       "liquidus dp test [--json] MODEL DATA...  (DATA: a deepmd/npy system "
                       "folder or a folder of them; MODEL a .dplr: the model plus its long-range "
                       "baseline)",
                       opts, 1, argc, argv, pos, MAX_INPUTS, &npos);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos < 2) return lqa_usage_error("dp test", "a model and at least one data folder");
    if (threads < 0 || threads > 4096) return lqa_usage_error("dp test", "--threads 0..4096");
    lq_diag d;
    lq_diag_clear(&d);
    lq_dp_model *m = NULL;
    lq_dp_baseline b;
    int has_b = 0;
    lq_status st = read_model(pos[0], &m, &b, &has_b, &d);
    if (st != LQ_OK) return lqa_fail("dp test", st, &d);
    lq_dp_test_options opt;
    lq_dp_test_options_default(&opt);
    if (has_b) opt.baseline = &b;
    opt.compute.n_threads = (int)threads;
    char **paths = NULL;
    size_t n = 0;
    lq_dp_test_result *res = NULL, all;
    st = test_all(m, pos + 1, npos - 1, &opt, &paths, &n, &res, &d);
    lq_dp_model_free(m);
    if (st == LQ_OK) {
        lq_dp_test_pool(res, n, &all);
        if (ctx->json) {
            cJSON *j = cJSON_CreateObject(), *js = cJSON_AddArrayToObject(j, "systems");
            for (size_t k = 0; k < n; k++) cJSON_AddItemToArray(js, result_json(paths[k], &res[k]));
            cJSON_AddItemToObject(j, "overall", result_json("weighted average", &all));
            lqa_json_write(j, "-", NULL);
            cJSON_Delete(j);
        } else {
            for (size_t k = 0; k < n; k++) print_result_text(paths[k], &res[k]);
            print_result_text("weighted average of errors", &all);
        }
    }
    lq_dp_system_dirs_free(paths, n);
    free(res);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail("dp test", st, &d);
}

/* ---------------------------------------------------------------- table */

typedef struct dp_sub {
    const char *name;
    int (*run)(int argc, char **argv, const lqa_ctx *ctx);
    const char *summary;
} dp_sub;

static const dp_sub subs[] = {
    {"data", cmd_data, "OUTCAR, vasprun.xml, LAMMPS dump + log -> deepmd/npy systems (as dpdata)"},
    {"test", cmd_test, "energy, force, virial RMSE of a model on deepmd/npy systems"},
    {"train", lqa_dp_train, "train a DeePMD-kit se_e2_a model from input.json"},
};

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    size_t n = sizeof subs / sizeof subs[0];
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        for (size_t i = 0; i < n; i++)
            printf("%s liquidus dp %-6s %s\n", i ? "      " : "usage:", subs[i].name,
                   subs[i].summary);
        printf("see liquidus dp <subcommand> --help\n");
        return argc < 2 ? LQA_EXIT_USAGE : LQA_EXIT_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(argv[1], subs[i].name) == 0) return subs[i].run(argc - 1, argv + 1, ctx);
    return lqa_usage_error(CMD, "unknown subcommand '%s' (see liquidus dp --help)", argv[1]);
}

const lq_cmd lq_cmd_dp = {"dp", "deep potentials: training data, test (data, test, train)", run};
