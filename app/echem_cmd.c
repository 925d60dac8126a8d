/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the echem analysis commands: reading, output names, figures and JSON. */
#include "echem_cmd.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/core.h"

int lqa_echem_parse(const char *cmd, const char *usage, const lqa_opt *own, size_t nown, int sweep,
                    lqa_echem_in *in, int argc, char **argv, const char **positional,
                    size_t max_pos, size_t *npos) {
    memset(in, 0, sizeof *in);
    in->o = lq_echem_read_options_default();
    lq_echem_read_options *o = &in->o;
    const lqa_opt shared[] = {
        {"format", LQA_STRING, &in->format, "NAME",
         "force the file format: biologic-mpt biologic-mpr gamry-dta autolab-ascii "
         "versastudio-par chi-txt palmsens-pssession csv"},
        {"col-t", LQA_STRING, &o->col_time, "NAME", "CSV: time column (header name)"},
        {"col-E", LQA_STRING, &o->col_potential, "NAME", "CSV: potential column"},
        {"col-I", LQA_STRING, &o->col_current, "NAME", "CSV: current column"},
        {"col-Q", LQA_STRING, &o->col_charge, "NAME", "CSV: charge column"},
        {"col-cycle", LQA_STRING, &o->col_cycle, "NAME", "CSV: cycle column"},
        {"unit-t", LQA_STRING, &o->unit_time, "U", "CSV: unit of the time column (s, min, h)"},
        {"unit-E", LQA_STRING, &o->unit_potential, "U", "CSV: unit of the potential (V, mV)"},
        {"unit-I", LQA_STRING, &o->unit_current, "U", "CSV: unit of the current (A, mA, uA)"},
        {"unit-Q", LQA_STRING, &o->unit_charge, "U", "CSV: unit of the charge (C, mC, mA.h)"},
        {"decimal-comma", LQA_FLAG, &in->dcomma, NULL, "CSV: numbers use a decimal comma"},
        {"decimal-point", LQA_FLAG, &in->dpoint, NULL, "CSV: numbers use a decimal point"},
        {"delimiter", LQA_STRING, &in->delim, "C", "CSV: field separator: , ; tab space"},
        {"negate-current", LQA_FLAG, &o->negate_current, NULL,
         "CSV: the file's current is cathodic-positive (negate it)"},
        {"scan-rate", LQA_DOUBLE, &in->scan_rate, "V_S",
         "scan rate, V/s, for files without a time column (overrides the file's)"},
    };
    size_t nshared = sizeof shared / sizeof shared[0] - (sweep ? 0 : 1);
    lqa_opt all[64 + LQA_ECHEM_IN_NOPTS];
    if (nown > 64) return lqa_usage_error(cmd, "too many options");
    memcpy(all, own, nown * sizeof *own);
    memcpy(all + nown, shared, nshared * sizeof *shared);
    int rc = lqa_parse(cmd, usage, all, nown + nshared, argc, argv, positional, max_pos, npos);
    if (rc) return rc;
    if (in->dcomma && in->dpoint) {
        lqa_usage_error(cmd, "--decimal-comma and --decimal-point exclude each other");
        return 2;
    }
    if (in->dcomma) o->decimal_comma = 1;
    if (in->dpoint) o->decimal_comma = 0;
    if (in->format && lq_echem_format_parse(in->format, &o->format) != LQ_OK) {
        lqa_usage_error(cmd, "unknown --format '%s' (see liquidus read --help)", in->format);
        return 2;
    }
    if (in->delim) {
        const char *dl = in->delim;
        if (strcmp(dl, "tab") == 0 || strcmp(dl, "\\t") == 0)
            o->delimiter = '\t';
        else if (strcmp(dl, "space") == 0)
            o->delimiter = ' ';
        else if (strlen(dl) == 1 && strchr(",;\t ", dl[0]))
            o->delimiter = dl[0];
        else {
            lqa_usage_error(cmd, "--delimiter: expected , ; tab or space");
            return 2;
        }
    }
    if (in->scan_rate < 0.0) {
        lqa_usage_error(cmd, "--scan-rate must be > 0 (V/s)");
        return 2;
    }
    return 0;
}

int lqa_echem_read(const char *cmd, const char *path, const lqa_echem_in *in, unsigned need,
                   long segment, const lqa_ctx *ctx, lq_echem_record **out) {
    const lq_echem_read_options *op = &in->o;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_progress(ctx, "reading %s", path);
    lq_echem_record *r = NULL;
    lq_status st = lq_echem_record_read(path, op, &r, &d);
    if (st != LQ_OK) {
        int rc = lqa_fail(cmd, st, &d);
        if (st == LQ_EPARSE && strstr(d.msg, "column"))
            fprintf(stderr,
                    "liquidus %s: hint: name the columns of a table with --col-t, --col-E, "
                    "--col-I (and their units with --unit-t, --unit-E, --unit-I)\n",
                    cmd);
        return rc;
    }
    /* --scan-rate: the sweep rate of a file that states none (a two-column E, I table). */
    if (in->scan_rate > 0.0) {
        if (isfinite(r->scan_rate_V_per_s) &&
            fabs(r->scan_rate_V_per_s - in->scan_rate) > 1e-9 * in->scan_rate && !ctx->quiet)
            fprintf(stderr,
                    "liquidus %s: warning: %s: --scan-rate %g V/s replaces the file's %g V/s\n",
                    cmd, path, in->scan_rate, r->scan_rate_V_per_s);
        r->scan_rate_V_per_s = in->scan_rate;
    }
    for (size_t i = 0; i < r->nwarnings; i++)
        if (!ctx->quiet) fprintf(stderr, "liquidus %s: warning: %s\n", cmd, r->warnings[i]);
    int missing = ((need & LQA_NEED_TIME) && !r->has_time) ||
                  ((need & LQA_NEED_POTENTIAL) && !r->has_potential) ||
                  ((need & LQA_NEED_CURRENT) && !r->has_current);
    if (missing) {
        /* Name every column the analysis needs, e.g. "needs time and current columns". */
        const char *names[3];
        size_t k = 0;
        if (need & LQA_NEED_TIME) names[k++] = "time";
        if (need & LQA_NEED_POTENTIAL) names[k++] = "potential";
        if (need & LQA_NEED_CURRENT) names[k++] = "current";
        char list[64] = "";
        for (size_t i = 0; i < k; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i == 0 ? "" : (i + 1 == k ? " and " : ", "), names[i]);
        lq_echem_record_free(r);
        return lqa_usage_error(cmd,
                               "%s: needs %s columns (name them with --col-t, --col-E, --col-I; "
                               "units with --unit-t, --unit-E, --unit-I)",
                               path, list);
    }
    if (segment < 0 || (size_t)segment > r->nsegments) {
        size_t nseg = r->nsegments;
        lq_echem_record_free(r);
        return lqa_usage_error(cmd, "--segment %ld: the file has %zu segment(s)", segment, nseg);
    }
    *out = r;
    return 0;
}

/* PREFIX + suffix, or the input's name without folder and extension + suffix (in the current
 * folder) when no --out was given. */
void lqa_echem_outpath(const char *in, const char *prefix, const char *suffix, char *buf,
                       size_t size) {
    if (prefix) {
        snprintf(buf, size, "%s%s", prefix, suffix);
        return;
    }
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    const char *dot = strrchr(base, '.');
    int len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "%.*s%s", len, base, suffix);
}

cJSON *lqa_num(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

/* Saves a further figure (w x h pt), frees it, and records its path in obj under key. */
lq_status lqa_echem_figure(lq_plot *plot, const char *path, double w, double h, cJSON *obj,
                           const char *key, const lqa_ctx *ctx, lq_diag *diag) {
    lq_diag_clear(diag);
    lq_status st = lq_plot_save(plot, path, w, h, diag);
    lq_plot_free(plot);
    if (st != LQ_OK) return st;
    cJSON_AddStringToObject(obj, key, path);
    lqa_progress(ctx, "wrote %s", path);
    return LQ_OK;
}

/* Saves the figure and the JSON result file, prints the JSON on stdout with --json; frees both. */
int lqa_echem_finish(const char *cmd, lq_plot *plot, const char *fig, cJSON *json,
                     const char *json_path, const lqa_ctx *ctx) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (plot) {
        cJSON_AddStringToObject(json, "figure", fig);
        st = lq_plot_save(plot, fig, 560.0, 400.0, &d);
        lq_plot_free(plot);
        if (st != LQ_OK) {
            cJSON_Delete(json);
            return lqa_fail(cmd, st, &d);
        }
        lqa_progress(ctx, "wrote %s", fig);
    }
    st = lqa_json_write(json, json_path, &d);
    if (st == LQ_OK) lqa_progress(ctx, "wrote %s", json_path);
    if (st == LQ_OK && ctx->json) st = lqa_json_write(json, "-", &d);
    cJSON_Delete(json);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail(cmd, st, &d);
}

void lqa_echem_segment_warn(const char *cmd, const char *file, size_t segment, const char *label,
                            lq_status st, const lq_diag *diag, const lqa_ctx *ctx) {
    if (ctx->quiet) return;
    fprintf(stderr, "liquidus %s: warning: %s: segment %zu (%s) not analysed: %s\n", cmd, file,
            segment, label, diag->msg[0] ? diag->msg : lq_status_str(st));
}

int lqa_echem_none_analysed(const char *cmd, const char *file, lq_status st, const lq_diag *last) {
    lq_diag d;
    lq_diag_clear(&d);
    if (last) d = *last;
    if (!d.file[0]) snprintf(d.file, sizeof d.file, "%s", file);
    return lqa_fail(cmd, last ? st : LQ_OK, &d);
}

/* {"flags": [names], "reason": "..."}, or null when nothing is flagged. */
static cJSON *quality_json(unsigned flags, const char *reason) {
    if (!flags) return cJSON_CreateNull();
    cJSON *j = cJSON_CreateObject();
    cJSON *f = cJSON_AddArrayToObject(j, "flags");
    for (unsigned b = 0; b < 32; b++) {
        const char *name = lq_echem_quality_flag_name(1u << b);
        if ((flags & (1u << b)) && name) cJSON_AddItemToArray(f, cJSON_CreateString(name));
    }
    cJSON_AddStringToObject(j, "reason", reason);
    return j;
}

cJSON *lqa_echem_quality_json(const lq_echem_quality *q) {
    return quality_json(q->flags, q->reason);
}

/* The entry at *i (an OBJECT or LIST with everything up to its END), moving *i past it. */
static cJSON *field_json(const lq_echem_report *r, size_t *i) {
    const lq_echem_field *e = &r->fields[(*i)++];
    switch (e->kind) {
        case LQ_ECHEM_FIELD_NUMBER:
            return lqa_num(e->value);
        case LQ_ECHEM_FIELD_COUNT:
            return cJSON_CreateNumber(e->value);
        case LQ_ECHEM_FIELD_TEXT:
            return cJSON_CreateString(e->text);
        case LQ_ECHEM_FIELD_QUALITY:
            return quality_json(e->flags, e->text);
        case LQ_ECHEM_FIELD_OBJECT:
        case LQ_ECHEM_FIELD_LIST:
            break;
        case LQ_ECHEM_FIELD_END:
            return NULL;
    }
    int obj = e->kind == LQ_ECHEM_FIELD_OBJECT;
    cJSON *j = obj ? cJSON_CreateObject() : cJSON_CreateArray();
    while (*i < r->nfields && r->fields[*i].kind != LQ_ECHEM_FIELD_END) {
        const char *name = r->fields[*i].name;
        cJSON *c = field_json(r, i);
        if (obj)
            cJSON_AddItemToObject(j, name ? name : "", c);
        else
            cJSON_AddItemToArray(j, c);
    }
    (*i)++; /* the END */
    return j;
}

cJSON *lqa_echem_report_json(const lq_echem_report *r) {
    size_t i = 0;
    return r->nfields ? field_json(r, &i) : cJSON_CreateNull();
}
