/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus uq`: credible bands of properties and of the phase diagram from an MCMC trace. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo_thermo.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/units.h"

static const char *USAGE =
    "liquidus uq DB TRACE [--lnprob LNPROB] [--symbols S,S..] [--comps A,B] --out PREFIX\n"
    "            (--prop LIST [--phase P] --T K[,K..|a:b:step] --x EL=a:b:step [--ref EL=PHASE]\n"
    "             | --map [--T TMIN:TMAX[:STEP]]) [--last N] [--burn-in N] [--thin N]\n"
    "            [--quantiles 2.5,50,97.5] [--threads N] [--data DIR] [--fig png,svg]\n"
    "            [--logy] [--espei-R] [--json]\n"
    "  Propagates an ESPEI MCMC trace (trace.npy: walkers x iterations x parameters, columns in\n"
    "  the order of the database's VV symbols sorted by name, or --symbols) to properties\n"
    "  (GM HM SM CPM GM_MIX HM_MIX SM_MIX MU_<EL> ACR_<EL>, per mole of atoms; of PHASE alone, or\n"
    "  of the equilibrium without --phase; ACR against pure EL in the --ref phase, default the\n"
    "  stable pure state at T) or to the binary phase diagram (--map). Writes PREFIX.csv\n"
    "  (quantiles per point, failed samples counted) and one figure per property and T: median,\n"
    "  grey band between the outer quantiles, points of the ESPEI datasets in --data (same\n"
    "  output, T within 1 K) on top. --map writes PREFIX_invariants.csv, PREFIX_boundaries.csv\n"
    "  and PREFIX_map.<fig>. Zero-filled iterations are cut and walkers with -inf or unfilled\n"
    "  lnprob dropped.";

typedef struct uq_args {
    const char *db, *trace, *lnprob, *symbols, *comps, *out, *props, *phase, *Ts, *xs, *qs;
    const char *data, *fig;
    lqa_list refs;
    int map, logy, espei_r;
    long last, burn, thin, threads;
    double T[512], x[2048];
    size_t nT, nx;
    char xcomp[32];
    char symstore[256][32];
    const char *sym[256];
    size_t nsym;
} uq_args;

/* Splits "A,B,C" into store (at most max names of < 32 characters). */
static size_t split(const char *s, char (*store)[32], const char **out, size_t max) {
    size_t n = 0;
    while (s && *s && n < max) {
        size_t len = strcspn(s, ",");
        snprintf(store[n], 32, "%.*s", (int)(len < 31 ? len : 31), s);
        out[n] = store[n];
        n++;
        s += len;
        if (*s == ',') s++;
    }
    return n;
}

static int parse(int argc, char **argv, uq_args *a) {
    memset(a, 0, sizeof *a);
    a->fig = "png";
    a->last = a->burn = a->threads = 0;
    a->thin = 1;
    const lqa_opt opts[] = {
        {"lnprob", LQA_STRING, &a->lnprob, "LNPROB", "lnprob.npy (drops walkers at -inf)"},
        {"symbols", LQA_STRING, &a->symbols, "S,S..", "symbol of each trace column"},
        {"comps", LQA_STRING, &a->comps, "A,B", "components (default: all of DB)"},
        {"out", LQA_STRING, &a->out, "PREFIX", "output prefix (required)"},
        {"prop", LQA_STRING, &a->props, "LIST", "properties, e.g. ACR_ND,HM_MIX"},
        {"phase", LQA_STRING, &a->phase, "P", "phase alone (default: equilibrium)"},
        {"T", LQA_STRING, &a->Ts, "K", "temperatures; with --map TMIN:TMAX[:BAND_STEP]"},
        {"x", LQA_STRING, &a->xs, "EL=a:b:step", "mole fractions of EL"},
        {"ref", LQA_LIST, &a->refs, "EL=PHASE", "reference phase of ACR_<EL>"},
        {"map", LQA_FLAG, &a->map, NULL, "bands of the binary phase diagram"},
        {"espei-R", LQA_FLAG, &a->espei_r, NULL, "pycalphad's R = 8.3145 (as ESPEI's figures)"},
        {"logy", LQA_FLAG, &a->logy, NULL, "logarithmic y axis of the activity figures"},
        {"last", LQA_INT, &a->last, "N", "last N filled iterations (default all)"},
        {"burn-in", LQA_INT, &a->burn, "N", "iterations dropped at the start (0)"},
        {"thin", LQA_INT, &a->thin, "N", "every N-th iteration (1)"},
        {"quantiles", LQA_STRING, &a->qs, "P,P..", "percentiles (2.5,50,97.5)"},
        {"threads", LQA_INT, &a->threads, "N", "OpenMP threads (default: all)"},
        {"data", LQA_STRING, &a->data, "DIR", "ESPEI datasets to plot on the bands"},
        {"fig", LQA_STRING, &a->fig, "png,svg", "figure formats (png)"},
    };
    const char *pos[2];
    size_t npos = 0;
    int rc = lqa_parse("uq", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 2, &npos);
    if (rc) return rc == 1 ? -1 : LQA_EXIT_USAGE;
    if (npos != 2) return lqa_usage_error("uq", "give a database and a trace (see --help)");
    a->db = pos[0];
    a->trace = pos[1];
    if (!a->out) return lqa_usage_error("uq", "--out PREFIX is required");
    if (a->last < 0 || a->burn < 0 || a->thin < 1 || a->threads < 0)
        return lqa_usage_error("uq", "--last, --burn-in, --threads >= 0 and --thin >= 1");
    if (!a->map && (!a->props || !a->Ts || !a->xs))
        return lqa_usage_error("uq", "--prop, --T and --x are required (or --map)");
    if (a->Ts && !(a->nT = lqa_parse_range(a->Ts, a->T, 512)))
        return lqa_usage_error("uq", "--T '%s': bad value or range", a->Ts);
    if (a->xs) {
        const char *eq = strchr(a->xs, '=');
        if (!eq || eq == a->xs || !(a->nx = lqa_parse_range(eq + 1, a->x, 2048)))
            return lqa_usage_error("uq", "--x '%s': want EL=a:b:step", a->xs);
        snprintf(a->xcomp, sizeof a->xcomp, "%.*s", (int)(eq - a->xs), a->xs);
    }
    a->nsym = split(a->symbols, a->symstore, a->sym, 256);
    return 0;
}

static int make_options(const uq_args *a, lq_assess_uq_options *o) {
    lq_assess_uq_options_default(o);
    o->last = (size_t)a->last;
    o->burn_in = (size_t)a->burn;
    o->thin = (size_t)a->thin;
    o->n_threads = (int)a->threads;
    if (a->espei_r) o->gas_constant = LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K;
    if (a->nsym) {
        o->symbols = a->sym;
        o->n_symbols = a->nsym;
    }
    if (a->qs) {
        double q[LQ_ASSESS_UQ_MAX_QUANTILES];
        size_t n = lqa_parse_range(a->qs, q, LQ_ASSESS_UQ_MAX_QUANTILES);
        if (!n) return lqa_usage_error("uq", "--quantiles '%s': percentiles, e.g. 5,50,95", a->qs);
        o->n_quantiles = n;
        for (size_t i = 0; i < n; i++) o->quantiles[i] = q[i] / 100.0;
    }
    if (a->map && a->nT >= 2) {
        o->map.T_min = a->T[0];
        o->map.T_max = a->T[a->nT - 1];
        if (a->nT > 2 && a->Ts && strchr(a->Ts, ':')) o->map_dT_band_K = a->T[1] - a->T[0];
    }
    return 0;
}

/* "J/(mol K)" -> "_J_per_mol_K"; "1" -> "" (column-name suffix). */
static const char *unit_suffix(const char *u) {
    if (strcmp(u, "J/mol") == 0) return "_J_per_mol";
    if (strcmp(u, "J/(mol K)") == 0) return "_J_per_mol_K";
    return "";
}

static void qname(double q, char *buf, size_t n) { snprintf(buf, n, "q%g", 100.0 * q); }

/* Parses --prop and --ref into props; names point into store. */
static int make_props(const uq_args *a, lq_assess_uq_prop *p, size_t *np, char (*store)[32]) {
    const char *names[64];
    size_t n = split(a->props, store, names, 64);
    for (size_t k = 0; k < n; k++) {
        if (lq_assess_uq_prop_parse(names[k], &p[k]) != LQ_OK)
            return lqa_usage_error("uq", "--prop: unknown property %s", names[k]);
        for (size_t r = 0; p[k].kind == LQ_ASSESS_UQ_ACR && r < a->refs.n; r++) {
            const char *eq = strchr(a->refs.v[r], '=');
            if (eq && strncasecmp(a->refs.v[r], p[k].element, (size_t)(eq - a->refs.v[r])) == 0 &&
                strlen(p[k].element) == (size_t)(eq - a->refs.v[r]))
                p[k].ref_phase = eq + 1;
        }
    }
    *np = n;
    return n ? 0 : lqa_usage_error("uq", "--prop: no property");
}

static lq_status write_props_csv(const uq_args *a, const lq_assess_uq_result *r, lq_diag *d) {
    size_t nq = r->n_quantiles, ncol = 2 + r->n_props * (nq + 1);
    char(*names)[96] = calloc(ncol, sizeof *names);
    const char **np = calloc(ncol, sizeof *np);
    double *row = calloc(ncol, sizeof *row);
    lq_status st = names && np && row ? LQ_OK : LQ_ENOMEM;
    for (size_t c = 0; st == LQ_OK && c < ncol; c++) np[c] = names[c];
    if (st == LQ_OK) {
        snprintf(names[0], 96, "T_K");
        snprintf(names[1], 96, "X_%s", r->x_component);
        for (size_t k = 0; k < r->n_props; k++) {
            for (size_t q = 0; q < nq; q++) {
                char qn[32];
                qname(r->quantiles[q], qn, sizeof qn);
                snprintf(names[2 + k * (nq + 1) + q], 96, "%s_%s%s", r->prop_names[k], qn,
                         unit_suffix(r->prop_units[k]));
            }
            snprintf(names[2 + k * (nq + 1) + nq], 96, "%s_n_failed", r->prop_names[k]);
        }
    }
    char comment[1024], path[1024];
    snprintf(comment, sizeof comment,
             "liquidus uq: %s with trace %s; %zu samples (%zu walkers kept, %zu dropped; "
             "iterations %zu..%zu of %zu filled); quantiles over the samples, per mole of atoms; "
             "n_failed = samples whose evaluation failed at the point (left out)",
             a->db, a->trace, r->n_samples, r->n_walkers_kept, r->n_walkers_dropped,
             r->first_iteration, r->first_iteration + r->n_iterations_kept - 1,
             r->n_iterations_filled);
    snprintf(path, sizeof path, "%s.csv", a->out);
    lq_csv *c = NULL;
    if (st == LQ_OK) st = lq_csv_open(path, np, ncol, comment, &c, d);
    for (size_t p = 0; st == LQ_OK && p < r->n_points; p++) {
        row[0] = r->T[p / r->n_x];
        row[1] = r->x[p % r->n_x];
        for (size_t k = 0; k < r->n_props; k++) {
            memcpy(row + 2 + k * (nq + 1), r->band + (k * r->n_points + p) * nq, nq * sizeof *row);
            row[2 + k * (nq + 1) + nq] = (double)r->n_failed[k * r->n_points + p];
        }
        st = lq_csv_row(c, row, ncol);
    }
    if (c) st = st == LQ_OK ? lq_csv_close(c, d) : (lq_csv_abort(c), st);
    free(names);
    free(np);
    free(row);
    return st;
}

static lq_status plot_props(const uq_args *a, const lq_assess_uq_result *r,
                            const lq_dataset_set *set, lq_diag *d) {
    lq_status st = LQ_OK;
    char fmts[4][32];
    const char *fv[4];
    size_t nf = split(a->fig, fmts, fv, 4);
    for (size_t k = 0; st == LQ_OK && k < r->n_props; k++)
        for (size_t i = 0; st == LQ_OK && i < r->n_T; i++) {
            lq_assess_uq_plot_options po;
            memset(&po, 0, sizeof po);
            double *dx = NULL, *dy = NULL;
            size_t nd = 0;
            if (set)
                st = lq_assess_uq_data_points(set, r->prop_names[k], r->T[i], 1.0, r->x_component,
                                              &dx, &dy, &nd);
            po.data_x = dx;
            po.data_y = dy;
            po.n_data = nd;
            po.data_label = "datasets";
            po.logy = a->logy && strncmp(r->prop_names[k], "ACR_", 4) == 0;
            for (size_t f = 0; st == LQ_OK && f < nf; f++) {
                char path[1100];
                snprintf(path, sizeof path, "%s_%s_%gK.%s", a->out, r->prop_names[k], r->T[i],
                         fv[f]);
                st = lq_assess_uq_plot(r, k, i, &po, path, d);
            }
            lq_assess_uq_points_free(dx, dy);
        }
    return st;
}

static void json_props(const uq_args *a, const lq_assess_uq_result *r) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "database", a->db);
    cJSON_AddStringToObject(o, "trace", a->trace);
    cJSON_AddNumberToObject(o, "n_samples", (double)r->n_samples);
    cJSON_AddNumberToObject(o, "n_walkers_kept", (double)r->n_walkers_kept);
    cJSON_AddNumberToObject(o, "n_walkers_dropped", (double)r->n_walkers_dropped);
    cJSON_AddNumberToObject(o, "first_iteration", (double)r->first_iteration);
    cJSON_AddNumberToObject(o, "n_iterations_kept", (double)r->n_iterations_kept);
    cJSON_AddItemToObject(o, "quantiles",
                          cJSON_CreateDoubleArray(r->quantiles, (int)r->n_quantiles));
    cJSON_AddItemToObject(o, "T_K", cJSON_CreateDoubleArray(r->T, (int)r->n_T));
    char xn[48];
    snprintf(xn, sizeof xn, "X_%s", r->x_component);
    cJSON_AddItemToObject(o, xn, cJSON_CreateDoubleArray(r->x, (int)r->n_x));
    cJSON *props = cJSON_AddObjectToObject(o, "properties");
    for (size_t k = 0; k < r->n_props; k++) {
        cJSON *p = cJSON_AddObjectToObject(props, r->prop_names[k]);
        cJSON_AddStringToObject(p, "unit", r->prop_units[k]);
        if (r->ref_phases[k]) cJSON_AddStringToObject(p, "reference_phase", r->ref_phases[k]);
        cJSON *band = cJSON_AddArrayToObject(p, "band"),
              *nf = cJSON_AddArrayToObject(p, "n_failed");
        for (size_t i = 0; i < r->n_points; i++) {
            cJSON *row = cJSON_CreateArray();
            for (size_t q = 0; q < r->n_quantiles; q++) {
                double v = r->band[(k * r->n_points + i) * r->n_quantiles + q];
                cJSON_AddItemToArray(row, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
            }
            cJSON_AddItemToArray(band, row);
            cJSON_AddItemToArray(nf, cJSON_CreateNumber((double)r->n_failed[k * r->n_points + i]));
        }
    }
    lqa_json_write(o, "-", NULL);
    cJSON_Delete(o);
}

static void print_props(const lq_assess_uq_result *r) {
    size_t nq = r->n_quantiles;
    printf("%zu samples (%zu walkers kept, %zu dropped; %zu iterations from %zu).\n", r->n_samples,
           r->n_walkers_kept, r->n_walkers_dropped, r->n_iterations_kept, r->first_iteration);
    for (size_t k = 0; k < r->n_props; k++) {
        size_t nf = 0;
        for (size_t p = 0; p < r->n_points; p++) nf += r->n_failed[k * r->n_points + p];
        printf("%s (%s)%s%s: failed evaluations %zu\n", r->prop_names[k], r->prop_units[k],
               r->ref_phases[k] ? ", reference " : "", r->ref_phases[k] ? r->ref_phases[k] : "",
               nf);
        size_t p = r->n_points / 2; /* one line as a sample of the table */
        printf("  at T = %g K, x(%s) = %g: %g %% %.6g, %g %% %.6g, %g %% %.6g\n", r->T[p / r->n_x],
               r->x_component, r->x[p % r->n_x], 100 * r->quantiles[0],
               r->band[(k * r->n_points + p) * nq], 100 * r->quantiles[nq / 2],
               r->band[(k * r->n_points + p) * nq + nq / 2], 100 * r->quantiles[nq - 1],
               r->band[(k * r->n_points + p) * nq + nq - 1]);
    }
}

static int run_props(const uq_args *a, const lqa_ctx *ctx, const lqa_thermo *t,
                     const lq_assess_trace *tr, const lq_assess_uq_options *o) {
    lq_assess_uq_prop props[64];
    char store[64][32];
    size_t np = 0;
    int rc = make_props(a, props, &np, store);
    if (rc) return rc;
    const char *cn[LQA_THERMO_MAXC];
    for (size_t c = 0; c < t->ncomp; c++) cn[c] = lq_system_component_name(t->sys, c);
    lq_assess_uq_grid g = {cn, t->ncomp, a->phase, a->T, a->nT, a->xcomp, a->x, a->nx, NULL};
    lq_assess_uq_result *r = NULL;
    lq_dataset_set *set = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_progress(ctx, "liquidus uq: %zu properties at %zu points for every kept sample", np,
                 a->nT * a->nx);
    lq_status st = lq_assess_uq_props(t->db, tr, props, np, &g, o, &r, &d);
    if (st == LQ_OK && a->data) st = lq_dataset_set_read_dir(a->data, &set, &d);
    if (st == LQ_OK) st = write_props_csv(a, r, &d);
    if (st == LQ_OK) st = plot_props(a, r, set, &d);
    if (st == LQ_OK) ctx->json ? json_props(a, r) : print_props(r);
    rc = st == LQ_OK ? LQA_EXIT_OK : lqa_fail("uq", st, &d);
    lq_dataset_set_free(set);
    lq_assess_uq_result_free(r);
    return rc;
}

static lq_status write_invariants_csv(const uq_args *a, const lq_assess_uq_map_result *r,
                                      lq_diag *d) {
    size_t nq = r->n_quantiles, ncol = 2 + 4 * nq;
    char names[2 + 4 * LQ_ASSESS_UQ_MAX_QUANTILES][48];
    const char *np[2 + 4 * LQ_ASSESS_UQ_MAX_QUANTILES];
    static const char *const what[4] = {"T", "x1", "x2", "x3"};
    snprintf(names[0], 48, "invariant");
    snprintf(names[1], 48, "n_samples");
    for (size_t w = 0; w < 4; w++)
        for (size_t q = 0; q < nq; q++) {
            char qn[32];
            qname(r->quantiles[q], qn, sizeof qn);
            snprintf(names[2 + w * nq + q], 48, "%s_%s%s", what[w], qn, w ? "" : "_K");
        }
    for (size_t c = 0; c < ncol; c++) np[c] = names[c];
    char path[1100], comment[512];
    snprintf(path, sizeof path, "%s_invariants.csv", a->out);
    snprintf(comment, sizeof comment,
             "liquidus uq --map: %s, trace %s; %zu samples mapped, %zu failed; x = mole fraction "
             "of %s in the three phases (sorted by x); invariants matched by kind and phases",
             a->db, a->trace, r->n_samples - r->n_failed, r->n_failed, r->components[1]);
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(path, np, ncol, comment, &c, d);
    for (size_t i = 0; st == LQ_OK && i < r->n_invariants; i++) {
        const lq_assess_uq_invariant *v = &r->invariants[i];
        char label[256], cols[2 + 4 * LQ_ASSESS_UQ_MAX_QUANTILES][32];
        const char *row[2 + 4 * LQ_ASSESS_UQ_MAX_QUANTILES];
        snprintf(label, sizeof label, "%s %s+%s+%s", lq_map_reaction_name(v->kind),
                 r->phase_names[v->phase[0]], r->phase_names[v->phase[1]],
                 r->phase_names[v->phase[2]]);
        row[0] = label;
        snprintf(cols[1], 32, "%zu", v->n_samples);
        row[1] = cols[1];
        for (size_t w = 0; w < 4; w++)
            for (size_t q = 0; q < nq; q++) {
                snprintf(cols[2 + w * nq + q], 32, "%.10g", w ? v->x[w - 1][q] : v->T[q]);
                row[2 + w * nq + q] = cols[2 + w * nq + q];
            }
        st = lq_csv_row_str(c, row, ncol);
    }
    if (c) st = st == LQ_OK ? lq_csv_close(c, d) : (lq_csv_abort(c), st);
    return st;
}

static lq_status write_boundaries_csv(const uq_args *a, const lq_assess_uq_map_result *r,
                                      lq_diag *d) {
    size_t nq = r->n_quantiles, ncol = 3 + 2 * nq;
    char names[3 + 2 * LQ_ASSESS_UQ_MAX_QUANTILES][48];
    const char *np[3 + 2 * LQ_ASSESS_UQ_MAX_QUANTILES];
    snprintf(names[0], 48, "boundary");
    snprintf(names[1], 48, "T_K");
    snprintf(names[2], 48, "n_samples");
    for (size_t s = 0; s < 2; s++)
        for (size_t q = 0; q < nq; q++) {
            char qn[32];
            qname(r->quantiles[q], qn, sizeof qn);
            snprintf(names[3 + s * nq + q], 48, "x_%s_%s", s ? "right" : "left", qn);
        }
    for (size_t c = 0; c < ncol; c++) np[c] = names[c];
    char path[1100], comment[256];
    snprintf(path, sizeof path, "%s_boundaries.csv", a->out);
    snprintf(comment, sizeof comment,
             "liquidus uq --map: x = mole fraction of %s at the left and right phase of each "
             "two-phase boundary pair; n_samples = diagrams that have the pair at T",
             r->components[1]);
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(path, np, ncol, comment, &c, d);
    for (size_t i = 0; st == LQ_OK && i < r->n_boundaries; i++) {
        const lq_assess_uq_boundary *b = &r->boundaries[i];
        char label[160], cols[3 + 2 * LQ_ASSESS_UQ_MAX_QUANTILES][32];
        const char *row[3 + 2 * LQ_ASSESS_UQ_MAX_QUANTILES];
        snprintf(label, sizeof label, "%s+%s", r->phase_names[b->phase[0]],
                 r->phase_names[b->phase[1]]);
        for (size_t j = 0; st == LQ_OK && j < b->n_T; j++) {
            if (b->n_samples[j] == 0) continue;
            row[0] = label;
            snprintf(cols[1], 32, "%.10g", b->T[j]);
            snprintf(cols[2], 32, "%zu", b->n_samples[j]);
            row[1] = cols[1];
            row[2] = cols[2];
            for (size_t s = 0; s < 2; s++)
                for (size_t q = 0; q < nq; q++) {
                    snprintf(cols[3 + s * nq + q], 32, "%.10g", b->x[s][j * nq + q]);
                    row[3 + s * nq + q] = cols[3 + s * nq + q];
                }
            st = lq_csv_row_str(c, row, ncol);
        }
    }
    if (c) st = st == LQ_OK ? lq_csv_close(c, d) : (lq_csv_abort(c), st);
    return st;
}

static void report_map(const lqa_ctx *ctx, const lq_assess_uq_map_result *r) {
    size_t nq = r->n_quantiles, m = nq / 2;
    cJSON *o = ctx->json ? cJSON_CreateObject() : NULL, *inv = NULL;
    if (o) {
        cJSON_AddNumberToObject(o, "n_samples", (double)r->n_samples);
        cJSON_AddNumberToObject(o, "n_failed", (double)r->n_failed);
        cJSON_AddItemToObject(o, "quantiles", cJSON_CreateDoubleArray(r->quantiles, (int)nq));
        inv = cJSON_AddArrayToObject(o, "invariants");
    } else {
        printf("%zu samples mapped (%zu failed, left out); invariants (K):\n",
               r->n_samples - r->n_failed, r->n_failed);
    }
    for (size_t i = 0; i < r->n_invariants; i++) {
        const lq_assess_uq_invariant *v = &r->invariants[i];
        const char *k = lq_map_reaction_name(v->kind);
        const char *p0 = r->phase_names[v->phase[0]], *p1 = r->phase_names[v->phase[1]],
                   *p2 = r->phase_names[v->phase[2]];
        if (!o) {
            printf("  %-11s %s+%s+%s: %.2f [%.2f, %.2f] in %zu samples\n", k, p0, p1, p2, v->T[m],
                   v->T[0], v->T[nq - 1], v->n_samples);
            continue;
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "kind", k);
        cJSON *ph = cJSON_AddArrayToObject(e, "phases");
        cJSON_AddItemToArray(ph, cJSON_CreateString(p0));
        cJSON_AddItemToArray(ph, cJSON_CreateString(p1));
        cJSON_AddItemToArray(ph, cJSON_CreateString(p2));
        cJSON_AddNumberToObject(e, "n_samples", (double)v->n_samples);
        cJSON_AddItemToObject(e, "T_K", cJSON_CreateDoubleArray(v->T, (int)nq));
        cJSON_AddItemToArray(inv, e);
    }
    if (o) lqa_json_write(o, "-", NULL);
    cJSON_Delete(o);
}

static int run_map(const uq_args *a, const lqa_ctx *ctx, const lqa_thermo *t,
                   const lq_assess_trace *tr, const lq_assess_uq_options *o) {
    if (t->ncomp != 2) return lqa_usage_error("uq", "--map needs two components (--comps A,B)");
    const char *cn[2] = {lq_system_component_name(t->sys, 0), lq_system_component_name(t->sys, 1)};
    lq_assess_uq_map_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_progress(ctx, "liquidus uq: mapping %s-%s for every kept sample", cn[0], cn[1]);
    lq_status st = lq_assess_uq_map(t->db, tr, cn, o, &r, &d);
    if (st == LQ_OK) st = write_invariants_csv(a, r, &d);
    if (st == LQ_OK) st = write_boundaries_csv(a, r, &d);
    char fmts[4][32], path[1100];
    const char *fv[4];
    size_t nf = split(a->fig, fmts, fv, 4);
    for (size_t f = 0; st == LQ_OK && f < nf; f++) {
        snprintf(path, sizeof path, "%s_map.%s", a->out, fv[f]);
        st = lq_assess_uq_map_plot(r, path, &d);
    }
    if (st == LQ_OK) report_map(ctx, r);
    int rc = st == LQ_OK ? LQA_EXIT_OK : lqa_fail("uq", st, &d);
    lq_assess_uq_map_result_free(r);
    return rc;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    uq_args *a = calloc(1, sizeof *a);
    if (!a) return lqa_fail("uq", LQ_ENOMEM, NULL);
    int rc = parse(argc, argv, a);
    lq_assess_uq_options o;
    if (!rc) rc = make_options(a, &o);
    lqa_thermo t;
    memset(&t, 0, sizeof t);
    if (!rc) rc = lqa_thermo_open(ctx, "uq", a->db, a->comps, NULL, &t);
    lq_assess_trace *tr = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (!rc) {
        lq_status st = lq_assess_trace_read(a->trace, a->lnprob, &tr, &d);
        if (st != LQ_OK) rc = lqa_fail("uq", st, &d);
    }
    if (!rc) rc = a->map ? run_map(a, ctx, &t, tr, &o) : run_props(a, ctx, &t, tr, &o);
    lq_assess_trace_free(tr);
    if (t.db) lqa_thermo_close(&t);
    free(a);
    return rc < 0 ? LQA_EXIT_OK : rc;
}

const lq_cmd lq_cmd_uq = {
    "uq", "credible bands of properties and phase diagrams from an MCMC trace", run};
