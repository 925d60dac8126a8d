/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus read`: what a potentiostat file holds, and its conversion to a plain SI CSV. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"

static const char *const usage =
    "liquidus read FILE [--csv OUT] [--json] [--format NAME] [--col-t NAME --col-E NAME "
    "--col-I NAME ...]\n\n"
    "Reads a potentiostat file (BioLogic .mpt/.mpr, Gamry .DTA, Autolab NOVA ASCII, VersaStudio\n"
    ".par, CHI text, PalmSens .pssession, CSV/TSV), detecting the format from its content, and\n"
    "reports instrument, technique, columns, units, rows, cycles and warnings. --csv writes the\n"
    "data in SI units (s, V, A, C) with the IUPAC sign (anodic current positive).";

static cJSON *to_json(const lq_echem_record *r, const lq_echem_record_summary *sum) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "file", r->file);
    cJSON_AddStringToObject(o, "format", lq_echem_format_name(r->format));
    cJSON_AddStringToObject(o, "instrument", r->instrument);
    cJSON_AddStringToObject(o, "software", r->software);
    cJSON_AddStringToObject(o, "technique", lq_echem_technique_name(r->technique));
    cJSON_AddStringToObject(o, "technique_label", r->technique_label);
    cJSON_AddNumberToObject(o, "rows", (double)r->n);
    cJSON_AddNumberToObject(o, "cycles", (double)r->ncycles);
    cJSON_AddItemToObject(o, "scan_rate_V_per_s", lqa_num(r->scan_rate_V_per_s));
    cJSON_AddItemToObject(o, "area_m2", lqa_num(r->area_m2));
    cJSON_AddStringToObject(o, "reference_electrode", r->reference);
    cJSON_AddBoolToObject(o, "decimal_comma", r->decimal_comma);
    cJSON_AddStringToObject(o, "sign_convention", "IUPAC: anodic current positive");
    cJSON_AddBoolToObject(o, "current_sign_converted", r->current_sign_converted);
    cJSON *cols = cJSON_AddArrayToObject(o, "columns");
    for (size_t i = 0; i < sum->ncolumns; i++) {
        const lq_echem_column_summary *cs = &sum->columns[i];
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "name", cs->name);
        cJSON_AddStringToObject(c, "unit", cs->unit);
        cJSON_AddStringToObject(c, "source", cs->source ? cs->source : "");
        cJSON_AddItemToObject(c, "first", lqa_num(cs->first));
        cJSON_AddItemToObject(c, "last", lqa_num(cs->last));
        cJSON_AddItemToArray(cols, c);
    }
    cJSON *segs = cJSON_AddArrayToObject(o, "segments");
    for (size_t i = 0; i < r->nsegments; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "label", r->segments[i].label);
        cJSON_AddNumberToObject(s, "index", (double)r->segments[i].index);
        cJSON_AddStringToObject(s, "technique", lq_echem_technique_name(r->segments[i].technique));
        cJSON_AddNumberToObject(s, "start", (double)r->segments[i].start);
        cJSON_AddNumberToObject(s, "rows", (double)r->segments[i].count);
        cJSON_AddItemToArray(segs, s);
    }
    cJSON *w = cJSON_AddArrayToObject(o, "warnings");
    for (size_t i = 0; i < r->nwarnings; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings[i]));
    return o;
}

static void print_text(const lq_echem_record *r, const lq_echem_record_summary *sum) {
    printf("file        %s\n", r->file);
    printf("format      %s\n", lq_echem_format_name(r->format));
    printf("instrument  %s\n", r->instrument);
    printf("software    %s\n", r->software);
    printf("technique   %s (%s)\n", lq_echem_technique_name(r->technique), r->technique_label);
    printf("rows        %zu\n", r->n);
    printf("cycles      %zu\n", r->ncycles);
    printf("segments    %zu\n", r->nsegments);
    for (size_t i = 0; i < r->nsegments; i++)
        printf("  %-24s %-7s start %zu rows %zu\n", r->segments[i].label,
               lq_echem_technique_name(r->segments[i].technique), r->segments[i].start,
               r->segments[i].count);
    if (isfinite(r->scan_rate_V_per_s)) printf("scan rate   %.6g V/s\n", r->scan_rate_V_per_s);
    if (isfinite(r->area_m2)) printf("area        %.6g m^2\n", r->area_m2);
    printf("reference   %s\n", r->reference[0] ? r->reference : "(not stated in the file)");
    printf(
        "sign        IUPAC, anodic current positive%s\n",
        r->current_sign_converted ? " (converted from the file's cathodic-positive current)" : "");
    printf("decimal     %s\n", r->decimal_comma ? "comma" : "point");
    printf("columns     (SI units; first and last finite values)\n");
    for (size_t i = 0; i < sum->ncolumns; i++) {
        const lq_echem_column_summary *c = &sum->columns[i];
        printf("  %-22s %-5s %-14.9g %-14.9g", c->name, c->unit, c->first, c->last);
        if (c->source) printf(" from '%s'", c->source);
        printf("\n");
    }
    printf("warnings    %zu\n", r->nwarnings);
    for (size_t i = 0; i < r->nwarnings; i++) printf("  %s\n", r->warnings[i]);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *csv = NULL;
    lqa_echem_in in;
    const lqa_opt opts[] = {
        {"csv", LQA_STRING, &csv, "OUT", "write the record as a plain SI CSV (atomically)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_echem_parse("read", usage, opts, sizeof opts / sizeof opts[0], 1, &in, argc, argv,
                             pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("read", "expected one FILE (see liquidus read --help)");
    lq_echem_record *r = NULL;
    rc = lqa_echem_read("read", pos[0], &in, 0, 0, ctx, &r);
    if (rc) return rc;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (csv) {
        st = lq_echem_record_write_csv(r, csv, &d);
        if (st != LQ_OK) {
            lq_echem_record_free(r);
            return lqa_fail("read", st, &d);
        }
        lqa_progress(ctx, "wrote %s (%zu rows, SI units)", csv, r->n);
    }
    lq_echem_record_summary *sum = NULL;
    st = lq_echem_record_summarise(r, &sum, &d);
    if (st == LQ_OK && ctx->json) {
        cJSON *j = to_json(r, sum);
        st = j ? lqa_json_write(j, "-", &d) : LQ_ENOMEM;
        cJSON_Delete(j);
    } else if (st == LQ_OK) {
        print_text(r, sum);
    }
    lq_echem_record_summary_free(sum);
    lq_echem_record_free(r);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail("read", st, &d);
}

const lq_cmd lq_cmd_read = {"read", "describe a potentiostat file; convert it to SI CSV", run};
