/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus tdb`: check a TDB database (summary of elements, phases, models, warnings), write it.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/thermo.h"

static const char *const usage_text =
    "liquidus tdb check DB [--json]\n"
    "       liquidus tdb write DB --out FILE [--json]\n\n"
    "check: reads a Thermo-Calc TDB database and prints its elements, phases with their models\n"
    "       (sublattices, site ratios, constituents, magnetic type) and the reader's warnings.\n"
    "       Models liquidus does not implement are refused with file:line and the model named\n"
    "       (exit status 2).\n"
    "write: reads DB and writes it again as TDB to FILE (round trip: the same Gibbs energies).\n"
    "DB is a path, or the name of a bundled database (e.g. BiNd.tdb).";

/* A path as given, or a bundled database under data/tdb when no such file exists. */
static const char *resolve_db(const lqa_ctx *ctx, const char *db, char *buf, size_t size) {
    FILE *fp = fopen(db, "rb");
    if (fp) {
        fclose(fp);
        return db;
    }
    if (strchr(db, '/')) return db;
    char rel[512];
    snprintf(rel, sizeof rel, "tdb/%s", db);
    lqa_data_path(ctx, rel, buf, size);
    fp = fopen(buf, "rb");
    if (!fp) return db;
    fclose(fp);
    return buf;
}

static void model_text(const lq_db *db, size_t i, const lq_db_phase_desc *d, char *out,
                       size_t size) {
    size_t used = 0, k = 0;
    out[0] = '\0';
    for (size_t s = 0; s < d->n_sublattices; s++) {
        int w = snprintf(out + used, size - used, "(");
        used += w > 0 && (size_t)w < size - used ? (size_t)w : 0;
        size_t sub = 0;
        int first = 1;
        for (; k < d->n_constituents; k++) {
            const char *c = lq_db_phase_constituent(db, i, k, &sub);
            if (!c || sub != s) break;
            w = snprintf(out + used, size - used, "%s%s", first ? "" : ",", c);
            used += w > 0 && (size_t)w < size - used ? (size_t)w : 0;
            first = 0;
        }
        if (d->ionic) /* site ratios P, Q vary with the constitution */
            w = snprintf(out + used, size - used, ")%s", s == 0 ? "P" : "Q");
        else
            w = snprintf(out + used, size - used, ")%g", d->site_ratio[s]);
        used += w > 0 && (size_t)w < size - used ? (size_t)w : 0;
    }
}

/* The library's model name, with the magnetic model and "stoichiometric" for a CEF phase of one
 * constituent per sublattice. */
static void model_kind(const lq_db_phase_desc *d, char *out, size_t size) {
    int cef = strcmp(d->model, "CEF") == 0;
    const char *name = cef && d->n_constituents == d->n_sublattices ? "stoichiometric" : d->model;
    /* AFM factor 0 selects the Xiong et al. (2012) model, as in pycalphad */
    const char *mag = !d->magnetic           ? ""
                      : d->afm_factor == 0.0 ? " + Xiong magnetic"
                                             : " + IHJ magnetic";
    snprintf(out, size, "%s%s", name, mag);
}

static int run_check(const char *path, const lqa_ctx *ctx) {
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(path, &db, &d);
    if (st != LQ_OK) return lqa_fail("tdb", st, &d);
    lq_db_summary s;
    lq_db_summary_get(db, &s);
    if (s.n_phases == 0 && s.n_functions == 0 && s.n_parameters == 0) {
        lq_db_free(db);
        return lqa_usage_error("tdb", "%s: no PHASE, FUNCTION or PARAMETER: not a database", path);
    }
    char model[4096];
    if (ctx->json) {
        cJSON *root = cJSON_CreateObject(), *els = cJSON_AddArrayToObject(root, "elements");
        cJSON_AddStringToObject(root, "database", path);
        for (size_t i = 0; i < lq_db_element_count(db); i++)
            cJSON_AddItemToArray(els, cJSON_CreateString(lq_db_element_name(db, i)));
        cJSON_AddNumberToObject(root, "species", (double)s.n_species);
        cJSON_AddNumberToObject(root, "functions", (double)s.n_functions);
        cJSON_AddNumberToObject(root, "parameters", (double)s.n_parameters);
        cJSON_AddNumberToObject(root, "parameters_not_in_G", (double)s.n_parameters_unused);
        cJSON_AddNumberToObject(root, "references", (double)s.n_references);
        cJSON *phs = cJSON_AddArrayToObject(root, "phases");
        for (size_t i = 0; i < s.n_phases; i++) {
            lq_db_phase_desc pd;
            lq_db_phase_describe(db, i, &pd);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", pd.name);
            char suf[2] = {pd.type_suffix, 0};
            cJSON_AddStringToObject(o, "type", suf);
            char kind[96];
            model_kind(&pd, kind, sizeof kind);
            cJSON_AddStringToObject(o, "model", kind);
            model_text(db, i, &pd, model, sizeof model);
            cJSON_AddStringToObject(o, "sublattices", model);
            cJSON_AddNumberToObject(o, "parameters", (double)pd.n_parameters);
            if (pd.disordered_part)
                cJSON_AddStringToObject(o, "disordered_part", pd.disordered_part);
            if (pd.magnetic) {
                cJSON_AddNumberToObject(o, "afm_factor", pd.afm_factor);
                cJSON_AddNumberToObject(o, "structure_factor_p", pd.structure_factor);
            }
            cJSON_AddItemToArray(phs, o);
        }
        cJSON *ws = cJSON_AddArrayToObject(root, "warnings");
        for (size_t i = 0; i < s.n_warnings; i++)
            cJSON_AddItemToArray(ws, cJSON_CreateString(lq_db_warning(db, i)));
        st = lqa_json_write(root, "-", &d);
        cJSON_Delete(root);
        lq_db_free(db);
        return st ? lqa_fail("tdb", st, &d) : LQA_EXIT_OK;
    }
    printf("%s\n", path);
    printf("  elements   %zu:", s.n_elements);
    for (size_t i = 0; i < lq_db_element_count(db); i++) printf(" %s", lq_db_element_name(db, i));
    printf("\n  species    %zu (elements included)\n  functions  %zu\n", s.n_species,
           s.n_functions);
    printf("  parameters %zu (%zu not part of G: mobilities, volumes, undeclared phases)\n",
           s.n_parameters, s.n_parameters_unused);
    printf("  references %zu\n  phases     %zu\n", s.n_references, s.n_phases);
    printf("    %-20s %-20s %6s  %s\n", "name", "model", "params", "sublattices (site ratios)");
    for (size_t i = 0; i < s.n_phases; i++) {
        lq_db_phase_desc pd;
        lq_db_phase_describe(db, i, &pd);
        model_text(db, i, &pd, model, sizeof model);
        char name[80];
        char suf[3] = {':', pd.type_suffix, 0};
        snprintf(name, sizeof name, "%s%s", pd.name, pd.type_suffix ? suf : "");
        char kind[96];
        model_kind(&pd, kind, sizeof kind);
        printf("    %-20s %-20s %6zu  %s", name, kind, pd.n_parameters, model);
        if (pd.magnetic)
            printf("  [magnetic: AFM factor %g, p %g]", pd.afm_factor, pd.structure_factor);
        if (pd.disordered_part)
            printf("  [disordered part %s%s]", pd.disordered_part,
                   pd.never_disordered ? ", never disordered" : "");
        printf("\n");
    }
    printf("  warnings   %zu\n", s.n_warnings);
    for (size_t i = 0; i < s.n_warnings; i++) printf("    %s\n", lq_db_warning(db, i));
    printf("  Temperatures outside a function's ranges use the nearest range (as pycalphad).\n");
    lq_db_free(db);
    return LQA_EXIT_OK;
}

static int run_write(const char *path, const char *out, const lqa_ctx *ctx) {
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(path, &db, &d);
    if (st != LQ_OK) return lqa_fail("tdb", st, &d);
    lqa_progress(ctx, "read %s (%zu phases)", path, lq_db_phase_count(db));
    st = lq_db_write_file(db, out, &d);
    size_t np = lq_db_phase_count(db);
    lq_db_free(db);
    if (st != LQ_OK) return lqa_fail("tdb", st, &d);
    if (ctx->json) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "input", path);
        cJSON_AddStringToObject(root, "output", out);
        cJSON_AddNumberToObject(root, "phases", (double)np);
        st = lqa_json_write(root, "-", &d);
        cJSON_Delete(root);
        if (st) return lqa_fail("tdb", st, &d);
    } else {
        printf("wrote %s (%zu phases) from %s\n", out, np, path);
    }
    return LQA_EXIT_OK;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL;
    const lqa_opt opts[] = {{"out", LQA_STRING, &out, "FILE", "output TDB file (tdb write)"}};
    const char *pos[3];
    size_t np = 0;
    int r = lqa_parse("tdb", usage_text, opts, 1, argc, argv, pos, 3, &np);
    if (r == 1) return LQA_EXIT_OK;
    if (r) return LQA_EXIT_USAGE;
    if (np != 2) return lqa_usage_error("tdb", "expected 'check DB' or 'write DB --out FILE'");
    char buf[1024];
    const char *path = resolve_db(ctx, pos[1], buf, sizeof buf);
    if (strcmp(pos[0], "check") == 0) {
        if (out) return lqa_usage_error("tdb", "--out is for 'tdb write'");
        return run_check(path, ctx);
    }
    if (strcmp(pos[0], "write") == 0) {
        if (!out) return lqa_usage_error("tdb", "tdb write needs --out FILE");
        return run_write(path, out, ctx);
    }
    return lqa_usage_error("tdb", "unknown action '%s' (check or write)", pos[0]);
}

const lq_cmd lq_cmd_tdb = {"tdb", "check a TDB database (elements, phases, models) or write it out",
                           run};
