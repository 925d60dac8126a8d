/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus cell`: emf, plateau staircase and deposition potentials of an electrode alloy from a
 * database, DFT energies or compound Gibbs energies; and Gibbs energies from measured plateaus. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"

#define CMD "cell"
#define MAXT 16
#define MAXSTEP 64

static const char *USAGE =
    "liquidus cell DB --metal M --host H --n N --T K[,K..] [options]     (from a database)\n"
    "       liquidus cell --hull FILE.csv [--per-atom] --metal M --host H --n N --T K   (DFT, 0 "
    "K)\n"
    "       liquidus cell --compound FORMULA=G [...] --metal M --host H --n N --T K\n"
    "       liquidus cell --plateau A+B=V [...] --E-metal V --metal M --host H --n N --T K\n\n"
    "  Electrode alloy of the electroactive metal M (ion M^n+) in the host H; x = mole fraction\n"
    "  of M. Sign: E = phi(alloy) - phi(reference); vs M^n+/M, E = -(mu_M - mu°_M)/(n F).\n"
    "  Forward: E(x) (database), the plateau of every two-phase field with its phases, the\n"
    "  staircase an open-circuit transient walks, and the deposition potential of each compound\n"
    "  on the host (its underpotential shift). --compound G is the Gibbs energy of formation at T\n"
    "  in J per mol of atoms. Inverse (--plateau, potentials vs --ref; V may be #K for plateau K\n"
    "  of --ocp-json, a `liquidus ocp` result): Gibbs energies of formation with the reading\n"
    "  uncertainty (--sigma) propagated, ESPEI activity datasets (--datasets DIR; a phase may be\n"
    "  written FORMULA:PHASE to name it in the datasets, e.g. NdBi:NDBI1), and the\n"
    "  forward staircase from those values. --ref: AgAgCl (Mg-La study Eq. 6), Cl2, Nd, NdSn or\n"
    "  a,b[@SCALE] (phi = a + b T, V). --couple NAME=V adds another couple (e.g. Na) to the\n"
    "  staircase; --ocp FILE draws it over a measured transient; --upd-md E_alone,E_on_host\n"
    "  prints a simulated UPD shift (e.g. Mg-La Table 3: -2.86,-2.72) beside the computed one.\n"
    "  Writes PREFIX.cell.json (and .csv, .png, .staircase.png) with --out PREFIX.";

typedef struct cell_args {
    const char *db, *hull, *metal, *host, *metal_phase, *host_phase, *T, *ref, *ocp, *ocp_json;
    const char *datasets, *tag, *upd_md, *out, *xs;
    long n;
    int per_atom;
    double dx, E_metal, E_host, sigma;
    lqa_list plateaus, compounds, couples;
    double Ts[MAXT];
    size_t nT;
    lq_echem_ref refv;
    const lq_echem_ref *refp;
} cell_args;

/* A step of the staircase: a labelled potential vs the reporting electrode. */
typedef struct step {
    char label[160];
    double E;
} step;

static int parse(int argc, char **argv, cell_args *a) {
    memset(a, 0, sizeof *a);
    a->dx = 0.005;
    a->E_metal = a->E_host = (double)NAN;
    a->sigma = 0.005;
    a->tag = "liquidus_cell";
    const lqa_opt opts[] = {
        {"metal", LQA_STRING, &a->metal, "M", "electroactive metal (e.g. Nd, La)"},
        {"host", LQA_STRING, &a->host, "H", "host metal of the electrode (e.g. Bi, Mg)"},
        {"n", LQA_INT, &a->n, "N", "charge number of M^n+ (>= 1)"},
        {"T", LQA_STRING, &a->T, "K", "temperature(s), K (several: database only)"},
        {"metal-phase", LQA_STRING, &a->metal_phase, "PHASE", "reference phase of pure M"},
        {"host-phase", LQA_STRING, &a->host_phase, "PHASE", "host phase name in datasets"},
        {"dx", LQA_DOUBLE, &a->dx, "DX", "step of the composition scan (0.005)"},
        {"x", LQA_STRING, &a->xs, "a:b:step", "further compositions of E(x)"},
        {"hull", LQA_STRING, &a->hull, "FILE", "DFT entries (`liquidus hull` input)"},
        {"per-atom", LQA_FLAG, &a->per_atom, NULL, "hull energies are per atom"},
        {"compound", LQA_LIST, &a->compounds, "F=G", "compound and its g, J/mol of atoms"},
        {"plateau", LQA_LIST, &a->plateaus, "A+B=V", "measured plateau (vs --ref)"},
        {"ocp-json", LQA_STRING, &a->ocp_json, "FILE", "`liquidus ocp` result for #K"},
        {"ref", LQA_STRING, &a->ref, "REF", "reference electrode of the potentials"},
        {"E-metal", LQA_DOUBLE, &a->E_metal, "V", "potential of M^n+/M vs --ref at T"},
        {"E-host", LQA_DOUBLE, &a->E_host, "V", "potential of the host couple vs --ref"},
        {"couple", LQA_LIST, &a->couples, "NAME=V", "another couple of the staircase"},
        {"sigma", LQA_DOUBLE, &a->sigma, "V", "uncertainty of each reading (0.005)"},
        {"datasets", LQA_STRING, &a->datasets, "DIR", "write ESPEI activity datasets"},
        {"tag", LQA_STRING, &a->tag, "TAG", "dataset reference tag (liquidus_cell)"},
        {"upd-md", LQA_STRING, &a->upd_md, "E1,E2", "simulated M alone, M on host (V)"},
        {"ocp", LQA_STRING, &a->ocp, "FILE", "measured OCP transient for the figure"},
        {"out", LQA_STRING, &a->out, "PREFIX", "output files PREFIX.cell.*"},
    };
    size_t npos = 0;
    int rc =
        lqa_parse(CMD, USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, &a->db, 1, &npos);
    if (rc) return rc == 1 ? -1 : rc;
    if (npos == 0) a->db = NULL;
    int modes = (a->db != NULL) + (a->hull != NULL) + (a->compounds.n > 0) + (a->plateaus.n > 0);
    if (modes != 1)
        return lqa_usage_error(CMD,
                               "give exactly one of DB, --hull, --compound, --plateau "
                               "(see liquidus cell --help)");
    if (!a->metal || !a->host || !a->T)
        return lqa_usage_error(CMD, "--metal, --host and --T are required");
    if (a->n <= 0)
        return lqa_usage_error(CMD, "--n %ld: the charge number of %s^n+ must be >= 1", a->n,
                               a->metal);
    a->nT = lqa_parse_range(a->T, a->Ts, MAXT);
    for (size_t i = 0; i < a->nT; i++)
        if (!(a->Ts[i] > 0.0)) a->nT = 0;
    if (a->nT == 0) return lqa_usage_error(CMD, "--T '%s': expected temperatures > 0 K", a->T);
    if (a->nT > 1 && !a->db) return lqa_usage_error(CMD, "several temperatures need a database");
    for (size_t i = 0; i < a->couples.n; i++) {
        const char *eq = strchr(a->couples.v[i], '=');
        char *end = NULL;
        if (!eq || eq == a->couples.v[i] || (strtod(eq + 1, &end), end == eq + 1 || *end))
            return lqa_usage_error(CMD, "--couple '%s': expected NAME=V", a->couples.v[i]);
    }
    if (a->ref) {
        lq_diag d;
        lq_diag_clear(&d);
        if (lq_echem_ref_parse(a->ref, &a->refv, &d) != LQ_OK) return lqa_fail(CMD, LQ_EINVAL, &d);
        a->refp = &a->refv;
    }
    return 0;
}

/* ---------------------------------------------------------------- text and JSON of a result */

static void print_header(const lq_cell_result *r, const cell_args *a) {
    printf("liquidus cell: %s in %s, %s^%d+ + %d e- = %s, T = %g K\n", r->metal, r->host, r->metal,
           r->n_electrons, r->n_electrons, r->metal, r->T_K);
    int named = strcasecmp(r->metal_phase, r->metal) != 0; /* a phase name, not the symbol */
    printf(
        "  sign: E = phi(alloy) - phi(reference); vs %s^%d+/%s: E = -(mu_%s - mu°_%s)/(%d F),\n"
        "  reference state of %s: pure %s%s%s%s at T; g: Gibbs energy of formation per mol of "
        "atoms vs pure %s and %s at T\n",
        r->metal, r->n_electrons, r->metal, r->metal, r->metal, r->n_electrons, r->metal, r->metal,
        named ? " (" : "", named ? r->metal_phase : "", named ? ")" : "", r->host, r->metal);
    if (r->zero_K)
        printf(
            "  0 K approximation: DFT formation energies stand for g at %g K (entropy, heat "
            "capacity and zero-point terms neglected)\n",
            r->T_K);
    if (r->ref_name[0]) {
        printf("  reference electrode: %s, phi = %.4f V vs %s at %g K", r->ref_name, r->phi_ref_V,
               r->ref_scale, r->T_K);
        if (isfinite(r->E_metal_V))
            printf("; %s^%d+/%s at %.4f V vs %s", r->metal, r->n_electrons, r->metal, r->E_metal_V,
                   r->ref_name);
        printf("\n");
    }
    (void)a;
}

static void print_fields(const lq_cell_result *r) {
    printf("\nphase fields along x_%s (two phases: constant potential, a plateau)\n", r->metal);
    printf("  %-28s %10s %10s %14s %14s %14s\n", "phases", "x_lo", "x_hi", "E/V vs M", "E/V vs ref",
           "E/V vs scale");
    for (size_t i = 0; i < r->n_fields; i++) {
        const lq_cell_field *f = &r->fields[i];
        char name[160];
        if (f->n_phases == 2)
            snprintf(name, sizeof name, "%s + %s", f->phase[0], f->phase[1]);
        else
            snprintf(name, sizeof name, "%s", f->phase[0]);
        printf("  %-28s %10.6f %10.6f %14.6f %14.6f %14.6f\n", name, f->x_lo, f->x_hi, f->E_V,
               f->E_ref_V, f->E_scale_V);
    }
}

static int cmp_step(const void *x, const void *y) {
    const step *p = x, *q = y;
    return (p->E > q->E) - (p->E < q->E);
}

/* The staircase an OCP transient walks while the deposit dissolves: most negative first. */
static size_t staircase(const lq_cell_result *r, const cell_args *a, step *s) {
    size_t n = 0;
    int metal_known = isfinite(r->E_metal_V);
    for (size_t i = 0; i < a->couples.n && n < MAXSTEP; i++) {
        const char *eq = strchr(a->couples.v[i], '=');
        if (!eq) continue;
        snprintf(s[n].label, sizeof s[n].label, "%.*s (given)", (int)(eq - a->couples.v[i]),
                 a->couples.v[i]);
        s[n++].E = strtod(eq + 1, NULL);
    }
    size_t im = MAXSTEP;
    if (metal_known && n < MAXSTEP) {
        snprintf(s[n].label, sizeof s[n].label, "%s^%d+/%s", r->metal, r->n_electrons, r->metal);
        im = n;
        s[n++].E = r->E_metal_V;
    }
    for (size_t i = 0; i < r->n_fields && n < MAXSTEP; i++) {
        const lq_cell_field *f = &r->fields[i];
        if (f->n_phases != 2) continue;
        if (im < MAXSTEP && fabs(f->E_V) < 1e-9) {
            /* the field with pure M holds the M^n+/M potential */
            snprintf(s[im].label, sizeof s[im].label, "%s^%d+/%s (%s + %s)", r->metal,
                     r->n_electrons, r->metal, f->phase[0], f->phase[1]);
            continue;
        }
        snprintf(s[n].label, sizeof s[n].label, "%s + %s", f->phase[0], f->phase[1]);
        s[n++].E = metal_known ? f->E_ref_V : f->E_V;
    }
    if (isfinite(r->E_host_V) && n < MAXSTEP) {
        snprintf(s[n].label, sizeof s[n].label, "%s (host dissolves, given)", r->host);
        s[n++].E = r->E_host_V;
    }
    qsort(s, n, sizeof *s, cmp_step);
    return n;
}

static cJSON *print_staircase(const lq_cell_result *r, const cell_args *a, const lqa_ctx *ctx) {
    step s[MAXSTEP];
    size_t n = staircase(r, a, s);
    const char *vs = isfinite(r->E_metal_V) ? r->ref_name : "M^n+/M";
    if (!ctx->json)
        printf(
            "\nstaircase of an open-circuit transient (deposit stripping, most negative "
            "first), E/V vs %s\n",
            vs);
    cJSON *j = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        if (!ctx->json) printf("  %-44s %10.4f\n", s[i].label, s[i].E);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "step", s[i].label);
        cJSON_AddItemToObject(o, "E_V", lqa_num(s[i].E));
        cJSON_AddItemToArray(j, o);
    }
    return j;
}

/* Parses "E1,E2" of --upd-md into the simulated shift E2 - E1 (V). */
static int upd_md(const cell_args *a, double *shift, double *e1, double *e2) {
    if (!a->upd_md) return 0;
    double v[2];
    if (lqa_parse_range(a->upd_md, v, 2) != 2) return -1;
    *e1 = v[0];
    *e2 = v[1];
    *shift = v[1] - v[0];
    return 1;
}

static cJSON *print_deposits(const lq_cell_result *r, const cell_args *a, const lqa_ctx *ctx) {
    cJSON *j = cJSON_CreateArray();
    if (!ctx->json && r->n_deposits)
        printf(
            "\ndeposition of each compound on pure %s (E vs %s^%d+/%s = underpotential shift)\n"
            "  %-14s %9s %14s %14s %12s %12s %12s\n",
            r->host, r->metal, r->n_electrons, r->metal, "compound", "x", "g/(J/mol at)",
            "above hull", "E/V vs M", "E/V vs ref", "E vs scale");
    for (size_t i = 0; i < r->n_deposits; i++) {
        const lq_cell_deposit *d = &r->deposits[i];
        if (!ctx->json)
            printf("  %-14s %9.5f %14.2f %14.2f %12.4f %12.4f %12.4f\n", d->phase, d->x,
                   d->g_J_per_mol_atom, d->above_hull_J_per_mol_atom, d->E_V, d->E_ref_V,
                   d->E_scale_V);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "phase", d->phase);
        cJSON_AddNumberToObject(o, "x", d->x);
        cJSON_AddNumberToObject(o, "g_J_per_mol_atom", d->g_J_per_mol_atom);
        cJSON_AddNumberToObject(o, "above_hull_J_per_mol_atom", d->above_hull_J_per_mol_atom);
        cJSON_AddNumberToObject(o, "E_dep_vs_metal_V", d->E_V);
        cJSON_AddItemToObject(o, "E_dep_vs_ref_V", lqa_num(d->E_ref_V));
        cJSON_AddItemToObject(o, "E_dep_vs_scale_V", lqa_num(d->E_scale_V));
        cJSON_AddItemToArray(j, o);
    }
    double shift = 0.0, e1 = 0.0, e2 = 0.0, first = (double)NAN;
    for (size_t i = 0; i < r->n_fields; i++)
        if (r->fields[i].n_phases == 2 && isfinite(r->fields[i].E_V)) {
            first = r->fields[i].E_V; /* the host-side plateau: where M starts to alloy */
            break;
        }
    if (upd_md(a, &shift, &e1, &e2) == 1 && !ctx->json)
        printf(
            "\nUPD shift of %s on %s: host-side plateau %.4f V (vs %s^%d+/%s) | simulated "
            "(--upd-md) %.4f V = %.4f - (%.4f) V\n",
            r->metal, r->host, first, r->metal, r->n_electrons, r->metal, shift, e2, e1);
    return j;
}

static cJSON *fields_json(const lq_cell_result *r) {
    cJSON *j = cJSON_CreateArray();
    for (size_t i = 0; i < r->n_fields; i++) {
        const lq_cell_field *f = &r->fields[i];
        cJSON *o = cJSON_CreateObject();
        cJSON *ph = cJSON_AddArrayToObject(o, "phases");
        for (size_t k = 0; k < f->n_phases; k++)
            cJSON_AddItemToArray(ph, cJSON_CreateString(f->phase[k]));
        cJSON_AddNumberToObject(o, "x_lo", f->x_lo);
        cJSON_AddNumberToObject(o, "x_hi", f->x_hi);
        cJSON_AddItemToObject(o, "dmu_J_per_mol", lqa_num(f->dmu_J_per_mol));
        cJSON_AddItemToObject(o, "E_vs_metal_V", lqa_num(f->E_V));
        cJSON_AddItemToObject(o, "E_vs_ref_V", lqa_num(f->E_ref_V));
        cJSON_AddItemToObject(o, "E_vs_scale_V", lqa_num(f->E_scale_V));
        cJSON_AddItemToArray(j, o);
    }
    return j;
}

static cJSON *conventions_json(const lq_cell_result *r) {
    cJSON *o = cJSON_CreateObject();
    char buf[400];
    snprintf(buf, sizeof buf,
             "E = phi(alloy) - phi(reference); E vs %s^%d+/%s = -(mu_%s - mu°_%s)/(%d F); "
             "x = mole fraction of %s; g per mol of atoms vs pure %s and pure %s at T",
             r->metal, r->n_electrons, r->metal, r->metal, r->metal, r->n_electrons, r->metal,
             r->host, r->metal);
    cJSON_AddStringToObject(o, "sign", buf);
    cJSON_AddStringToObject(o, "metal_reference_state", r->metal_phase);
    cJSON_AddStringToObject(o, "reference_electrode", r->ref_name);
    cJSON_AddStringToObject(o, "reference_scale", r->ref_scale);
    cJSON_AddItemToObject(o, "phi_ref_vs_scale_V", lqa_num(r->phi_ref_V));
    cJSON_AddItemToObject(o, "E_metal_vs_ref_V", lqa_num(r->E_metal_V));
    cJSON_AddItemToObject(o, "E_host_vs_ref_V", lqa_num(r->E_host_V));
    cJSON_AddBoolToObject(o, "zero_K_approximation", r->zero_K);
    return o;
}

/* Text and JSON of one forward result. */
static cJSON *result_out(const lq_cell_result *r, const cell_args *a, const lqa_ctx *ctx) {
    if (!ctx->json) {
        print_header(r, a);
        print_fields(r);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "metal", r->metal);
    cJSON_AddStringToObject(o, "host", r->host);
    cJSON_AddNumberToObject(o, "n_electrons", r->n_electrons);
    cJSON_AddNumberToObject(o, "T_K", r->T_K);
    cJSON_AddItemToObject(o, "conventions", conventions_json(r));
    cJSON_AddItemToObject(o, "fields", fields_json(r));
    cJSON_AddItemToObject(o, "staircase", print_staircase(r, a, ctx));
    cJSON_AddItemToObject(o, "deposits", print_deposits(r, a, ctx));
    cJSON_AddNumberToObject(o, "scan_points_failed", (double)r->n_failed);
    if (r->n_failed && !ctx->quiet)
        fprintf(stderr, "liquidus cell: warning: %zu scan points without an equilibrium\n",
                r->n_failed);
    return o;
}

/* ---------------------------------------------------------------- figures */

static lq_status figure_ex(lq_cell_result *const *rs, size_t n, const char *path) {
    lq_plot *pl = NULL;
    char xl[64];
    snprintf(xl, sizeof xl, "x_{%s}", rs[0]->metal);
    char yl[64];
    snprintf(yl, sizeof yl, "E / V vs %s^{%d+}/%s", rs[0]->metal, rs[0]->n_electrons, rs[0]->metal);
    lq_status st = lq_plot_create("Cell emf from the database", xl, yl, &pl);
    for (size_t i = 0; st == LQ_OK && i < n; i++) {
        const lq_cell_result *r = rs[i];
        double *x = malloc(r->n_points * sizeof *x), *e = malloc(r->n_points * sizeof *e);
        if (!x || !e) st = LQ_ENOMEM;
        for (size_t k = 0; st == LQ_OK && k < r->n_points; k++) {
            x[k] = r->points[k].x;
            e[k] = r->points[k].E_V;
        }
        char lab[32];
        snprintf(lab, sizeof lab, "%g K", r->T_K);
        if (st == LQ_OK) st = lq_plot_add_line(pl, x, e, r->n_points, NULL, lab);
        free(x);
        free(e);
    }
    if (st == LQ_OK) st = lq_plot_save(pl, path, 560.0, 400.0, NULL);
    lq_plot_free(pl);
    return st;
}

/* The predicted staircase as horizontal lines over a measured transient (--ocp). */
static int figure_staircase(const lq_cell_result *r, const cell_args *a, const char *path,
                            const lqa_ctx *ctx) {
    lq_echem_record *rec = NULL;
    lqa_echem_in in;
    memset(&in, 0, sizeof in);
    in.o = lq_echem_read_options_default();
    int rc = lqa_echem_read(CMD, a->ocp, &in, LQA_NEED_TIME | LQA_NEED_POTENTIAL, 0, ctx, &rec);
    if (rc) return rc;
    step s[MAXSTEP];
    size_t n = staircase(r, a, s);
    char yl[96];
    snprintf(yl, sizeof yl, "E / V vs %s", isfinite(r->E_metal_V) ? r->ref_name : "M^{n+}/M");
    lq_plot *pl = NULL;
    lq_status st =
        lq_plot_create("Predicted plateaus over the open-circuit transient", "t / s", yl, &pl);
    if (st == LQ_OK)
        st = lq_plot_add_line(pl, rec->time_s, rec->potential_V, rec->n, NULL, "measured E(t)");
    double t_end = rec->n ? rec->time_s[rec->n - 1] : 1.0;
    for (size_t i = 0; st == LQ_OK && i < n; i++) {
        lq_plot_style ps = {0};
        ps.rgb[0] = 0.8;
        ps.dashed = 1;
        st = lq_plot_add_rule(pl, 0, s[i].E, &ps, i == 0 ? "predicted plateaus" : NULL);
        if (st == LQ_OK) st = lq_plot_add_text(pl, 0.02 * t_end, s[i].E + 0.004, s[i].label);
    }
    lq_diag d;
    lq_diag_clear(&d);
    if (st == LQ_OK) st = lq_plot_save(pl, path, 640.0, 440.0, &d);
    lq_plot_free(pl);
    lq_echem_record_free(rec);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lqa_progress(ctx, "wrote %s", path);
    return 0;
}

/* ---------------------------------------------------------------- outputs */

static void out_path(const cell_args *a, const char *suffix, char *buf, size_t size) {
    snprintf(buf, size, "%s%s", a->out, suffix);
}

/* E(x) of every temperature as CSV. */
static lq_status write_ex_csv(lq_cell_result *const *rs, size_t n, const char *path, lq_diag *d) {
    const char *cols[] = {"T_K",          "x",     "dmu_J_per_mol", "E_vs_metal_V", "E_vs_ref_V",
                          "E_vs_scale_V", "phases"};
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(path, cols, 7,
                               "liquidus cell: E(x) of the electrode alloy from the database\n"
                               "sign: E = phi(alloy) - phi(reference); E vs M^n+/M = -(mu_M - "
                               "mu°_M)/(n F); x = mole fraction of M",
                               &csv, d);
    for (size_t i = 0; st == LQ_OK && i < n; i++)
        for (size_t k = 0; st == LQ_OK && k < rs[i]->n_points; k++) {
            const lq_cell_point *p = &rs[i]->points[k];
            const lq_cell_field *f = &rs[i]->fields[p->field];
            char v[7][160];
            snprintf(v[0], 160, "%.10g", rs[i]->T_K);
            snprintf(v[1], 160, "%.10g", p->x);
            snprintf(v[2], 160, "%.10g", p->dmu_J_per_mol);
            snprintf(v[3], 160, "%.12g", p->E_V);
            snprintf(v[4], 160, "%.12g", p->E_ref_V);
            snprintf(v[5], 160, "%.12g", p->E_scale_V);
            snprintf(v[6], 160, "%s%s%s", f->phase[0], f->n_phases == 2 ? "+" : "", f->phase[1]);
            const char *row[7] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
            st = lq_csv_row_str(csv, row, 7);
        }
    if (st == LQ_OK) return lq_csv_close(csv, d);
    lq_csv_abort(csv);
    return st;
}

static int finish_json(cJSON *root, const cell_args *a, const lqa_ctx *ctx) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (a->out) {
        char p[1024];
        out_path(a, ".cell.json", p, sizeof p);
        st = lqa_json_write(root, p, &d);
        if (st == LQ_OK) lqa_progress(ctx, "wrote %s", p);
    }
    if (st == LQ_OK && ctx->json) st = lqa_json_write(root, "-", &d);
    cJSON_Delete(root);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static void options_from(const cell_args *a, double T, lq_cell_options *o, double *xv, size_t nx) {
    lq_cell_options_default(o);
    o->metal = a->metal;
    o->host = a->host;
    o->n_electrons = (int)a->n;
    o->T_K = T;
    o->metal_phase = a->metal_phase;
    o->dx = a->dx;
    o->x = nx ? xv : NULL;
    o->n_x = nx;
    o->ref = a->refp;
    o->E_metal_V = a->E_metal;
    o->E_host_V = a->E_host;
}

/* Figures and the JSON of forward results. */
static int forward_out(lq_cell_result *const *rs, size_t n, const cell_args *a,
                       const lqa_ctx *ctx) {
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "results");
    for (size_t i = 0; i < n; i++) {
        if (i && !ctx->json) printf("\n");
        cJSON_AddItemToArray(arr, result_out(rs[i], a, ctx));
    }
    int rc = 0;
    if (a->out && rs[0]->n_points) {
        char p[1024];
        lq_diag d;
        lq_diag_clear(&d);
        out_path(a, ".cell.csv", p, sizeof p);
        lq_status st = write_ex_csv(rs, n, p, &d);
        if (st == LQ_OK) lqa_progress(ctx, "wrote %s", p);
        out_path(a, ".cell.png", p, sizeof p);
        if (st == LQ_OK) st = figure_ex(rs, n, p);
        if (st == LQ_OK) lqa_progress(ctx, "wrote %s", p);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (!rc && a->ocp) {
        char p[1024];
        if (a->out)
            out_path(a, ".staircase.png", p, sizeof p);
        else
            snprintf(p, sizeof p, "cell.staircase.png");
        rc = figure_staircase(rs[0], a, p, ctx);
    }
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    return finish_json(root, a, ctx);
}

static int run_db(const cell_args *a, const lqa_ctx *ctx) {
    char path[1024], rel[1024];
    const char *p = a->db;
    FILE *fp = fopen(p, "r");
    if (fp) {
        fclose(fp);
    } else { /* a bundled database: <data>/tdb/NAME */
        snprintf(rel, sizeof rel, "tdb/%s", a->db);
        p = lqa_data_path(ctx, rel, path, sizeof path);
    }
    double xv[512];
    size_t nx = a->xs ? lqa_parse_range(a->xs, xv, 512) : 0;
    if (a->xs && nx == 0)
        return lqa_usage_error(CMD, "--x '%s': expected a:b:step or a,b,..", a->xs);
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(p, &db, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st == LQ_EIO ? LQ_EIO : st, &d);
    lq_cell_result *rs[MAXT] = {0};
    for (size_t i = 0; st == LQ_OK && i < a->nT; i++) {
        lq_cell_options o;
        options_from(a, a->Ts[i], &o, xv, nx);
        lqa_progress(ctx, "scanning x at %g K", a->Ts[i]);
        st = lq_cell_from_db(db, &o, &rs[i], &d);
    }
    lq_db_free(db);
    int rc = st == LQ_OK ? forward_out(rs, a->nT, a, ctx) : lqa_fail(CMD, st, &d);
    for (size_t i = 0; i < a->nT; i++) lq_cell_result_free(rs[i]);
    return rc;
}

static int run_hull(const cell_args *a, const lqa_ctx *ctx) {
    lq_hull_entries en;
    memset(&en, 0, sizeof en);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_hull_entries_read(a->hull, &en, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_cell_options o;
    options_from(a, a->Ts[0], &o, NULL, 0);
    lq_cell_result *r = NULL;
    st = lq_cell_from_hull(&en, a->per_atom, &o, &r, &d);
    lq_hull_entries_free(&en);
    int rc = st == LQ_OK ? forward_out(&r, 1, a, ctx) : lqa_fail(CMD, st, &d);
    lq_cell_result_free(r);
    return rc;
}

/* "Mg3La=-11578": a formula of M and H and its g; x from the formula. */
static int parse_compound(const cell_args *a, const char *s, lq_cell_compound *c) {
    const char *eq = strchr(s, '=');
    char *end = NULL;
    memset(c, 0, sizeof *c);
    if (!eq || (size_t)(eq - s) >= sizeof c->name) goto bad;
    snprintf(c->name, sizeof c->name, "%.*s", (int)(eq - s), s);
    c->g_J_per_mol_atom = strtod(eq + 1, &end);
    if (end == eq + 1 || *end) goto bad;
    int z[8];
    double am[8], nm = 0.0, nt = 0.0;
    size_t nz = 0;
    if (lq_formula_parse(c->name, z, am, 8, &nz) != LQ_OK) goto bad;
    for (size_t k = 0; k < nz; k++) {
        const char *sym = lq_element_symbol(z[k]);
        nt += am[k];
        if (sym && strcasecmp(sym, a->metal) == 0)
            nm += am[k];
        else if (!sym || strcasecmp(sym, a->host) != 0)
            return lqa_usage_error(CMD, "--compound '%s': %s is neither --metal %s nor --host %s",
                                   s, sym ? sym : "?", a->metal, a->host);
    }
    c->x = nm / nt;
    c->atoms_per_formula = nt;
    return 0;
bad:
    return lqa_usage_error(CMD, "--compound '%s': expected FORMULA=G (G in J per mol of atoms)", s);
}

static int run_compounds(const cell_args *a, const lqa_ctx *ctx) {
    lq_cell_compound c[LQA_LIST_MAX];
    for (size_t i = 0; i < a->compounds.n; i++) {
        int rc = parse_compound(a, a->compounds.v[i], &c[i]);
        if (rc) return rc;
    }
    lq_cell_options o;
    options_from(a, a->Ts[0], &o, NULL, 0);
    lq_cell_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_cell_from_compounds(c, a->compounds.n, &o, &r, &d);
    int rc = st == LQ_OK ? forward_out(&r, 1, a, ctx) : lqa_fail(CMD, st, &d);
    lq_cell_result_free(r);
    return rc;
}

/* ---------------------------------------------------------------- inverse */

/* Potential K (1-based, time order) of the first analysed segment of a `liquidus ocp` result. */
static int ocp_plateau(const cell_args *a, long k, double *E) {
    if (!a->ocp_json) return lqa_usage_error(CMD, "--plateau ...=#%ld needs --ocp-json", k);
    cJSON *root = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_read(a->ocp_json, &root, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    const cJSON *seg = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "segments"), 0);
    const cJSON *pl = cJSON_GetArrayItem(cJSON_GetObjectItem(seg, "plateaus"), (int)(k - 1));
    const cJSON *e = cJSON_GetObjectItem(pl, "E_V");
    int ok = k >= 1 && cJSON_IsNumber(e);
    if (ok) *E = e->valuedouble;
    cJSON_Delete(root);
    if (!ok)
        return lqa_usage_error(CMD,
                               "%s: no plateau %ld in the first segment (a `liquidus ocp` "
                               "result)",
                               a->ocp_json, k);
    return 0;
}

/* "MgLa+Mg3La=-1.61" or "MgLa+Mg3La=#3"; names are copied into buf (two NUL-terminated). */
static int parse_plateau(const cell_args *a, const char *s, char buf[2][64], lq_cell_plateau *p) {
    const char *plus = strchr(s, '+'), *eq = strchr(s, '=');
    if (!plus || !eq || eq < plus || plus == s || eq == plus + 1 || (size_t)(plus - s) >= 64 ||
        (size_t)(eq - plus - 1) >= 64)
        return lqa_usage_error(CMD, "--plateau '%s': expected A+B=V (V in volts, or #K)", s);
    snprintf(buf[0], 64, "%.*s", (int)(plus - s), s);
    snprintf(buf[1], 64, "%.*s", (int)(eq - plus - 1), plus + 1);
    for (int k = 0; k < 2; k++) { /* FORMULA or FORMULA:PHASE */
        char *colon = strchr(buf[k], ':');
        p->phase[k] = buf[k];
        p->name[k] = NULL;
        if (colon) {
            *colon = '\0';
            p->name[k] = colon + 1;
        }
    }
    char *end = NULL;
    if (eq[1] == '#') {
        long k = strtol(eq + 2, &end, 10);
        if (end == eq + 2 || *end) return lqa_usage_error(CMD, "--plateau '%s': bad #K", s);
        return ocp_plateau(a, k, &p->E_V);
    }
    p->E_V = strtod(eq + 1, &end);
    if (end == eq + 1 || *end || !isfinite(p->E_V))
        return lqa_usage_error(CMD, "--plateau '%s': '%s' is not a potential", s, eq + 1);
    return 0;
}

static cJSON *print_inverse(const lq_cell_inverse *inv, const lqa_ctx *ctx) {
    cJSON *o = cJSON_CreateObject();
    if (!ctx->json) {
        printf(
            "liquidus cell (inverse): %s in %s, n = %d, T = %g K; potentials vs %s (%s), "
            "%s^%d+/%s at %.4f V; each reading +-%.4f V (1 sd, independent)\n",
            inv->metal, inv->host, inv->n_electrons, inv->T_K,
            inv->ref_name[0] ? inv->ref_name : "the measuring electrode",
            inv->ref_scale[0] ? inv->ref_scale : "-", inv->metal, inv->n_electrons, inv->metal,
            inv->E_metal_V, inv->sigma_V);
        printf(
            "  sign: E = phi(alloy) - phi(reference); mu_%s - mu°_%s = -%d F (E - E_%s); "
            "a_%s vs pure %s (%s)\n\nplateaus (two-phase fields, host side first)\n"
            "  %-24s %10s %12s %16s %12s %10s\n",
            inv->metal, inv->metal, inv->n_electrons, inv->metal, inv->metal, inv->metal,
            inv->metal_phase, "phases", "E/V", "E vs M /V", "dmu/(J/mol)", "ln a", "sd");
    }
    cJSON *jp = cJSON_AddArrayToObject(o, "plateaus");
    for (size_t i = 0; i < inv->n_plateaus; i++) {
        const lq_cell_inverse_plateau *q = &inv->plateaus[i];
        char name[140];
        snprintf(name, sizeof name, "%s + %s", q->phase[0], q->phase[1]);
        if (!ctx->json)
            printf("  %-24s %10.4f %12.4f %16.1f %12.4f %10.4f\n", name, q->E_V, q->E_vs_metal_V,
                   q->dmu_J_per_mol, q->ln_a, q->ln_a_sd);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "phases", name);
        cJSON_AddNumberToObject(e, "E_V", q->E_V);
        cJSON_AddNumberToObject(e, "E_vs_metal_V", q->E_vs_metal_V);
        cJSON_AddNumberToObject(e, "dmu_J_per_mol", q->dmu_J_per_mol);
        cJSON_AddNumberToObject(e, "dmu_sd_J_per_mol", q->dmu_sd_J_per_mol);
        cJSON_AddNumberToObject(e, "ln_a", q->ln_a);
        cJSON_AddNumberToObject(e, "ln_a_sd", q->ln_a_sd);
        cJSON_AddItemToArray(jp, e);
    }
    if (!ctx->json)
        printf(
            "\nGibbs energies of formation at %g K (vs pure %s and pure %s), +- 1 sd\n"
            "  %-10s %8s %22s %26s\n",
            inv->T_K, inv->host, inv->metal, "compound", "x", "g/(J/mol of atoms)",
            "G/(kJ/mol of formula)");
    cJSON *jc = cJSON_AddArrayToObject(o, "compounds");
    for (size_t i = 0; i < inv->n_compounds; i++) {
        const lq_cell_compound *c = &inv->compounds[i];
        double N = c->atoms_per_formula;
        if (!ctx->json)
            printf("  %-10s %8.4f %12.1f +- %6.1f %14.3f +- %6.3f\n", c->name, c->x,
                   c->g_J_per_mol_atom, c->g_sd_J_per_mol_atom, N * c->g_J_per_mol_atom / 1e3,
                   N * c->g_sd_J_per_mol_atom / 1e3);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "compound", c->name);
        cJSON_AddNumberToObject(e, "x", c->x);
        cJSON_AddNumberToObject(e, "g_J_per_mol_atom", c->g_J_per_mol_atom);
        cJSON_AddNumberToObject(e, "g_sd_J_per_mol_atom", c->g_sd_J_per_mol_atom);
        cJSON_AddNumberToObject(e, "atoms_per_formula", N);
        cJSON_AddNumberToObject(e, "G_J_per_mol_formula", N * c->g_J_per_mol_atom);
        cJSON_AddNumberToObject(e, "G_sd_J_per_mol_formula", N * c->g_sd_J_per_mol_atom);
        cJSON_AddItemToArray(jc, e);
    }
    return o;
}

static int write_datasets(const lq_cell_inverse *inv, const cell_args *a, cJSON *o,
                          const lqa_ctx *ctx) {
    cJSON *jd = cJSON_AddArrayToObject(o, "datasets");
    for (size_t i = 0; i < inv->n_plateaus; i++) {
        lq_dataset *ds = NULL;
        char name[512], path[1536];
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_cell_inverse_dataset(inv, i, a->tag, &ds, name, sizeof name, &d);
        snprintf(path, sizeof path, "%s/%s", a->datasets, name);
        if (st == LQ_OK) st = lq_dataset_write_file(ds, path, &d);
        lq_dataset_free(ds);
        if (st != LQ_OK) return lqa_fail(CMD, st, &d);
        lqa_progress(ctx, "wrote %s", path);
        cJSON_AddItemToArray(jd, cJSON_CreateString(path));
    }
    return 0;
}

/* The forward calculation from the inverse's Gibbs energies (the round trip). */
static int inverse_forward(const lq_cell_inverse *inv, const cell_args *a, cJSON *root,
                           const lqa_ctx *ctx) {
    lq_cell_options o;
    options_from(a, inv->T_K, &o, NULL, 0);
    if (!a->refp) o.E_metal_V = o.E_host_V = (double)NAN; /* potentials vs M^n+/M only */
    lq_cell_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_cell_from_compounds(inv->compounds, inv->n_compounds, &o, &r, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (!ctx->json) printf("\nforward calculation from these Gibbs energies:\n");
    cJSON_AddItemToObject(root, "forward", result_out(r, a, ctx));
    int rc = 0;
    if (a->ocp) {
        char p[1024];
        if (a->out)
            out_path(a, ".staircase.png", p, sizeof p);
        else
            snprintf(p, sizeof p, "cell.staircase.png");
        rc = figure_staircase(r, a, p, ctx);
    }
    lq_cell_result_free(r);
    return rc;
}

static int run_inverse(const cell_args *a, const lqa_ctx *ctx) {
    lq_cell_plateau p[LQA_LIST_MAX];
    char names[LQA_LIST_MAX][2][64];
    for (size_t i = 0; i < a->plateaus.n; i++) {
        int rc = parse_plateau(a, a->plateaus.v[i], names[i], &p[i]);
        if (rc) return rc;
    }
    lq_cell_inverse_options o;
    lq_cell_inverse_options_default(&o);
    o.metal = a->metal;
    o.host = a->host;
    o.n_electrons = (int)a->n;
    o.T_K = a->Ts[0];
    o.E_metal_V = a->E_metal;
    o.sigma_V = a->sigma;
    o.ref = a->refp;
    o.metal_phase = a->metal_phase;
    o.host_phase = a->host_phase;
    lq_cell_inverse *inv = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_cell_invert(p, a->plateaus.n, &o, &inv, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    cJSON *root = print_inverse(inv, ctx);
    int rc = a->datasets ? write_datasets(inv, a, root, ctx) : 0;
    if (!rc) rc = inverse_forward(inv, a, root, ctx);
    lq_cell_inverse_free(inv);
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    return finish_json(root, a, ctx);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    cell_args a;
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    double s0, e1, e2;
    if (upd_md(&a, &s0, &e1, &e2) < 0)
        return lqa_usage_error(CMD, "--upd-md '%s': expected E_alone,E_on_host (V)", a.upd_md);
    if (a.plateaus.n) return run_inverse(&a, ctx);
    if (a.hull) return run_hull(&a, ctx);
    if (a.compounds.n) return run_compounds(&a, ctx);
    return run_db(&a, ctx);
}

const lq_cmd lq_cmd_cell = {"cell", "cell emf, OCP plateaus and UPD from thermodynamics, and back",
                            run};
