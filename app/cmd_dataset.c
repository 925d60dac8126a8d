/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus dataset`: check ESPEI datasets (or a whole run file), and make ZPF datasets from a
 * CSV of measured phase boundaries. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"

#define CMD "dataset"

static const char *usage_text =
    "usage: liquidus dataset check DIR|FILE.json|RUN.yaml [--json]\n"
    "       liquidus dataset zpf --csv FILE --comp EL --other EL --out FILE.json\n"
    "  check  reads every *.json below DIR (or one file) as ESPEI 0.9.1 does, or an ESPEI run\n"
    "         file with its phase models and datasets (tags applied); prints one line per\n"
    "         dataset; every bad file is reported with its name and field (exit 2)\n"
    "  zpf    ZPF dataset from a CSV of phase boundaries: T_K|T_C, phase1, x1[, phase2, x2\n"
    "         [, phase3, x3]], reference; x = mole fraction of --comp, empty = unknown";

static const char *kind_name(lq_dataset_kind k) {
    return k == LQ_DATASET_NONEQ_THERMO ? "non-equilibrium"
           : k == LQ_DATASET_EQ_THERMO  ? "equilibrium"
                                        : "zpf";
}

/* Number of measured values: thermochemical values, or ZPF phase regions. */
static size_t n_points(const lq_dataset *ds) {
    if (ds->kind == LQ_DATASET_ZPF) return ds->n_regions;
    return ds->shape[0] * ds->shape[1] * ds->shape[2];
}

static void join(char *buf, size_t size, char *const *v, size_t n) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i ? "," : "", v[i]);
        if (k < 0) break;
        used += (size_t)k;
    }
}

static cJSON *strv_json(char *const *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

static cJSON *set_json(const lq_dataset_set *set) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < set->n; i++) {
        const lq_dataset *ds = set->ds[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", ds->path ? ds->path : "");
        cJSON_AddStringToObject(o, "kind", kind_name(ds->kind));
        cJSON_AddStringToObject(o, "output", ds->output);
        cJSON_AddItemToObject(o, "components", strv_json(ds->components, ds->n_components));
        cJSON_AddItemToObject(o, "phases", strv_json(ds->phases, ds->n_phases));
        cJSON_AddNumberToObject(o, "points", (double)n_points(ds));
        cJSON_AddNumberToObject(o, "weight", ds->weight);
        cJSON_AddStringToObject(o, "reference", ds->reference ? ds->reference : "");
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static void print_set(const lq_dataset_set *set) {
    printf("%-16s %-10s %6s  %-24s %s\n", "kind", "output", "points", "phases", "file");
    for (size_t i = 0; i < set->n; i++) {
        const lq_dataset *ds = set->ds[i];
        char ph[256];
        join(ph, sizeof ph, ds->phases, ds->n_phases);
        printf("%-16s %-10s %6zu  %-24s %s\n", kind_name(ds->kind), ds->output, n_points(ds), ph,
               ds->path ? ds->path : "");
    }
    printf("%zu datasets", set->n);
    if (set->n_disabled) printf(", %zu disabled (not used)", set->n_disabled);
    printf("\n");
}

static int report(const lq_dataset_set *set, const lq_assess_phase_models *pm, const lqa_ctx *ctx) {
    if (!ctx->json) {
        if (pm) {
            char c[256];
            join(c, sizeof c, pm->components, pm->n_components);
            printf("phase models %s: %zu phases, components %s\n", pm->path, pm->n_phases, c);
        }
        print_set(set);
        return LQA_EXIT_OK;
    }
    cJSON *root = cJSON_CreateObject();
    if (pm) {
        cJSON *p = cJSON_AddObjectToObject(root, "phase_models");
        cJSON_AddStringToObject(p, "file", pm->path);
        cJSON_AddItemToObject(p, "components", strv_json(pm->components, pm->n_components));
        cJSON *names = cJSON_AddArrayToObject(p, "phases");
        for (size_t i = 0; i < pm->n_phases; i++)
            cJSON_AddItemToArray(names, cJSON_CreateString(pm->phases[i].name));
    }
    cJSON_AddItemToObject(root, "datasets", set_json(set));
    cJSON_AddNumberToObject(root, "disabled", (double)set->n_disabled);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_write(root, "-", &d);
    cJSON_Delete(root);
    return st ? lqa_fail(CMD, st, &d) : LQA_EXIT_OK;
}

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

#define MAX_REPORTED 64

/* Reads every dataset of `path`; reports each bad file on stderr (exit 2), as ESPEI's
 * --check-datasets does, or returns 0 with the set. */
static int load_all(const char *path, lq_dataset_set **out) {
    lq_diag errs[MAX_REPORTED], d;
    lq_diag_clear(&d);
    size_t ne = 0;
    lq_dataset_set *set = NULL;
    lq_status st = lq_dataset_set_check_dir(path, &set, errs, MAX_REPORTED, &ne, &d);
    if (!set) return lqa_fail(CMD, st, &d);
    if (ne) {
        for (size_t i = 0; i < ne && i < MAX_REPORTED; i++) lqa_fail(CMD, LQ_EPARSE, &errs[i]);
        fprintf(stderr, "liquidus %s: %zu of %zu dataset files refused\n", CMD, ne,
                ne + set->n + set->n_disabled);
        lq_dataset_set_free(set);
        return LQA_EXIT_USAGE;
    }
    *out = set;
    return 0;
}

/* A run file: its phase models and its datasets with the tags applied. */
static int check_run(const char *path, const lqa_ctx *ctx) {
    lq_assess_run_config cfg;
    lq_assess_phase_models *pm = NULL;
    lq_dataset_set *set = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_assess_run_read(path, &cfg, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    int rc = 0;
    st = lq_assess_phase_models_read(cfg.phase_models, &pm, &d);
    if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    if (!rc) rc = load_all(cfg.datasets, &set);
    if (!rc && (st = lq_assess_run_apply_tags(&cfg, set, &d)) != LQ_OK) rc = lqa_fail(CMD, st, &d);
    if (!rc) rc = report(set, pm, ctx);
    lq_dataset_set_free(set);
    lq_assess_phase_models_free(pm);
    lq_assess_run_free(&cfg);
    return rc;
}

static int check(const char *path, const lqa_ctx *ctx) {
    if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return check_run(path, ctx);
    lq_dataset_set *set = NULL;
    int rc = load_all(path, &set);
    if (rc) return rc;
    if (set->n == 0 && set->n_disabled == 0) {
        lq_dataset_set_free(set);
        return lqa_usage_error(CMD, "%s: no *.json datasets found", path);
    }
    rc = report(set, NULL, ctx);
    lq_dataset_set_free(set);
    return rc;
}

static void upper(char *dst, const char *src, size_t size) {
    size_t i = 0;
    for (; src[i] && i + 1 < size; i++) dst[i] = (char)toupper((unsigned char)src[i]);
    dst[i] = '\0';
}

static int zpf(const char *csv, const char *comp, const char *other, const char *out,
               const lqa_ctx *ctx) {
    if (!csv || !comp || !other || !out)
        return lqa_usage_error(CMD, "dataset zpf needs --csv, --comp, --other and --out");
    char c[16], o[16];
    upper(c, comp, sizeof c);
    upper(o, other, sizeof o);
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dataset_zpf_from_csv(csv, c, o, &ds, &d);
    if (st == LQ_OK) st = lq_dataset_write_file(ds, out, &d);
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return lqa_fail(CMD, st, &d);
    }
    char ph[256];
    join(ph, sizeof ph, ds->phases, ds->n_phases);
    if (ctx->json)
        printf("{\"file\": \"%s\", \"regions\": %zu, \"phases\": \"%s\"}\n", out, ds->n_regions,
               ph);
    else
        lqa_progress(ctx, "wrote %s: %zu phase regions, phases %s", out, ds->n_regions, ph);
    lq_dataset_free(ds);
    return LQA_EXIT_OK;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *csv = NULL, *comp = NULL, *other = NULL, *out = NULL;
    const lqa_opt opts[] = {
        {"csv", LQA_STRING, &csv, "FILE", "CSV of phase boundaries (dataset zpf)"},
        {"comp", LQA_STRING, &comp, "EL", "component whose mole fraction the x columns give"},
        {"other", LQA_STRING, &other, "EL", "the other component of the binary"},
        {"out", LQA_STRING, &out, "FILE", "ESPEI dataset JSON to write (dataset zpf)"},
    };
    const char *pos[3];
    size_t np = 0;
    int r = lqa_parse(CMD, usage_text, opts, 4, argc, argv, pos, 3, &np);
    if (r == 1) return LQA_EXIT_OK;
    if (r) return LQA_EXIT_USAGE;
    if (np >= 1 && strcmp(pos[0], "check") == 0) {
        if (np != 2) return lqa_usage_error(CMD, "dataset check takes one folder or file");
        if (csv || out) return lqa_usage_error(CMD, "--csv/--out are for 'dataset zpf'");
        return check(pos[1], ctx);
    }
    if (np >= 1 && strcmp(pos[0], "zpf") == 0) {
        if (np != 1) return lqa_usage_error(CMD, "dataset zpf takes options only");
        return zpf(csv, comp, other, out, ctx);
    }
    return lqa_usage_error(CMD, "expected 'check PATH' or 'zpf --csv ... --out ...'");
}

const lq_cmd lq_cmd_dataset = {"dataset", "check ESPEI datasets or run files; CSV -> ZPF dataset",
                               run};
