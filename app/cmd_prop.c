/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus prop`: properties of one phase on a grid of temperatures and compositions. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo_thermo.h"
#include "liquidus/core.h"
#include "liquidus/units.h"

static const char *USAGE =
    "liquidus prop DB --phase PHASE --T K[,K..|a:b:step] --x EL=X|EL=a:b:step [--x ...]\n"
    "                  [--out PROP,PROP..] [--ref EL=PHASE] [--comps A,B] [--csv] [--json]\n"
    "  Properties of PHASE alone (no other phase considered), per mole of atoms:\n"
    "  GM HM SM CPM (J/mol, J/mol, J/(mol K), J/(mol K); database reference = SER),\n"
    "  GM_MIX HM_MIX SM_MIX (against the pure components in PHASE at the same T),\n"
    "  MU_<EL> (J/mol, SER) and ACR_<EL> (activity against pure EL in the --ref phase at T;\n"
    "  default: the stable pure state of EL at T). Default --out: all of them.";

enum { P_GM, P_HM, P_SM, P_CPM, P_GMMIX, P_HMMIX, P_SMMIX, P_MU, P_ACR };
static const char *const PNAME[] = {"GM", "HM", "SM", "CPM", "GM_MIX", "HM_MIX", "SM_MIX"};
static const char *const PUNIT[] = {"J_per_mol", "J_per_mol", "J_per_mol_K", "J_per_mol_K",
                                    "J_per_mol", "J_per_mol", "J_per_mol_K"};

typedef struct col {
    int kind;
    size_t comp;
    char name[48];
    char unit[24];
} col;

static int parse_out(const char *cmd, const lqa_thermo *t, const char *spec, col *cols, size_t max,
                     size_t *ncol) {
    size_t n = 0;
    if (!spec) {
        for (int k = 0; k < 7; k++) {
            cols[n].kind = k;
            snprintf(cols[n].name, sizeof cols[n].name, "%s", PNAME[k]);
            snprintf(cols[n].unit, sizeof cols[n].unit, "%s", PUNIT[k]);
            n++;
        }
        for (int k = P_MU; k <= P_ACR; k++)
            for (size_t c = 0; c < t->ncomp; c++) {
                cols[n].kind = k;
                cols[n].comp = c;
                snprintf(cols[n].name, sizeof cols[n].name, "%s_%s", k == P_MU ? "MU" : "ACR",
                         lq_system_component_name(t->sys, c));
                snprintf(cols[n].unit, sizeof cols[n].unit, "%s", k == P_MU ? "J_per_mol" : "1");
                n++;
            }
        *ncol = n;
        return 0;
    }
    const char *s = spec;
    while (*s) {
        size_t len = strcspn(s, ",");
        if (n >= max) return lqa_usage_error(cmd, "--out: too many properties");
        col *cl = &cols[n];
        memset(cl, 0, sizeof *cl);
        cl->kind = -1;
        for (int k = 0; k < 7; k++)
            if (strlen(PNAME[k]) == len && strncasecmp(s, PNAME[k], len) == 0) {
                cl->kind = k;
                snprintf(cl->unit, sizeof cl->unit, "%s", PUNIT[k]);
            }
        if (cl->kind < 0 && (strncasecmp(s, "MU_", 3) == 0 || strncasecmp(s, "ACR_", 4) == 0)) {
            size_t pre = strncasecmp(s, "MU_", 3) == 0 ? 3 : 4;
            long c = lqa_thermo_comp(t, s + pre, len - pre);
            if (c < 0) return lqa_usage_error(cmd, "--out: %.*s names no component", (int)len, s);
            cl->kind = pre == 3 ? P_MU : P_ACR;
            cl->comp = (size_t)c;
            snprintf(cl->unit, sizeof cl->unit, "%s", pre == 3 ? "J_per_mol" : "1");
        }
        if (cl->kind < 0)
            return lqa_usage_error(cmd,
                                   "--out: unknown property '%.*s' (GM HM SM CPM GM_MIX HM_MIX "
                                   "SM_MIX MU_<EL> ACR_<EL>)",
                                   (int)len, s);
        snprintf(cl->name, sizeof cl->name, "%.*s", (int)len, s);
        for (char *p = cl->name; *p; p++)
            if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
        n++;
        s += len;
        if (*s == ',') s++;
    }
    if (n == 0) return lqa_usage_error(cmd, "--out: no property");
    *ncol = n;
    return 0;
}

/* The value of column k at grid row r (r = i * n_x + j). */
static double col_value(const lq_props_grid *g, const col *cl, size_t r) {
    const lq_phase_props *pr = &g->props[r];
    switch (cl->kind) {
        case P_GM:
            return pr->GM;
        case P_HM:
            return pr->HM;
        case P_SM:
            return pr->SM;
        case P_CPM:
            return pr->CPM;
        case P_GMMIX:
            return pr->GM_MIX;
        case P_HMMIX:
            return pr->HM_MIX;
        case P_SMMIX:
            return pr->SM_MIX;
        case P_MU:
            return g->mu[r * g->ncomp + cl->comp];
        case P_ACR:
            return g->acr[r * g->ncomp + cl->comp];
        default:
            return (double)NAN;
    }
}

/* What the command prints: the grid, its columns and the composition of each row. */
typedef struct prop_out {
    const lqa_thermo *t;
    const char *phase;
    const lq_props_grid *g;
    const double *T, *x; /* [n_T], [n_x * ncomp] */
    const col *cols;
    size_t ncol;
    char refdesc[1024];
} prop_out;

static void describe_refs(prop_out *o) {
    size_t used = 0, nc = o->g->ncomp;
    o->refdesc[0] = '\0';
    for (size_t k = 0; k < o->ncol; k++) {
        if (o->cols[k].kind != P_ACR) continue;
        size_t c = o->cols[k].comp;
        for (size_t i = 0; i < o->g->n_T; i++) {
            lq_phase_info in;
            lq_system_phase_info(o->t->sys, o->g->ref_phase[i * nc + c], &in);
            used += (size_t)snprintf(o->refdesc + used,
                                     used < sizeof o->refdesc ? sizeof o->refdesc - used : 0,
                                     "%sACR_%s vs pure %s %s at %g K", used ? "; " : "",
                                     lq_system_component_name(o->t->sys, c),
                                     lq_system_component_name(o->t->sys, c), in.name, o->T[i]);
            if (used >= sizeof o->refdesc) used = sizeof o->refdesc - 1;
        }
    }
}

static int print_json(const prop_out *o) {
    const lq_props_grid *g = o->g;
    size_t nrow = g->n_T * g->n_x, nc = g->ncomp;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "database", o->t->path);
    cJSON_AddStringToObject(j, "phase", o->phase);
    cJSON_AddStringToObject(j, "basis",
                            "per mole of atoms; MU and GM/HM/SM relative to SER; "
                            "_MIX against the pure components in the phase");
    cJSON_AddStringToObject(j, "activity_references", o->refdesc);
    cJSON *c0 = cJSON_AddArrayToObject(j, "T_K");
    for (size_t r = 0; r < nrow; r++)
        cJSON_AddItemToArray(c0, cJSON_CreateNumber(o->T[r / g->n_x]));
    for (size_t c = 0; c < nc; c++) {
        char nm[48];
        snprintf(nm, sizeof nm, "X_%s", lq_system_component_name(o->t->sys, c));
        cJSON *a = cJSON_AddArrayToObject(j, nm);
        for (size_t r = 0; r < nrow; r++)
            cJSON_AddItemToArray(a, cJSON_CreateNumber(o->x[(r % g->n_x) * nc + c]));
    }
    cJSON *un = cJSON_AddObjectToObject(j, "units");
    for (size_t k = 0; k < o->ncol; k++) {
        cJSON *a = cJSON_AddArrayToObject(j, o->cols[k].name);
        for (size_t r = 0; r < nrow; r++) {
            double v = col_value(g, &o->cols[k], r);
            cJSON_AddItemToArray(a, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
        }
        cJSON_AddStringToObject(un, o->cols[k].name, o->cols[k].unit);
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_write(j, "-", &d);
    cJSON_Delete(j);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail("prop", st, &d);
}

static void print_csv(const prop_out *o) {
    const lq_props_grid *g = o->g;
    size_t nrow = g->n_T * g->n_x, nc = g->ncomp;
    printf("# liquidus prop: %s, phase %s, per mole of atoms, SER reference; %s\n", o->t->path,
           o->phase, o->refdesc);
    printf("T_K");
    for (size_t c = 0; c < nc; c++) printf(",X_%s", lq_system_component_name(o->t->sys, c));
    for (size_t k = 0; k < o->ncol; k++) { /* dimensionless columns carry no unit suffix */
        int unit = strcmp(o->cols[k].unit, "1") != 0;
        printf(",%s%s%s", o->cols[k].name, unit ? "_" : "", unit ? o->cols[k].unit : "");
    }
    printf("\n");
    for (size_t r = 0; r < nrow; r++) {
        printf("%.17g", o->T[r / g->n_x]);
        for (size_t c = 0; c < nc; c++) printf(",%.17g", o->x[(r % g->n_x) * nc + c]);
        for (size_t k = 0; k < o->ncol; k++) printf(",%.17g", col_value(g, &o->cols[k], r));
        printf("\n");
    }
}

static void print_table(const prop_out *o) {
    const lq_props_grid *g = o->g;
    size_t nrow = g->n_T * g->n_x, nc = g->ncomp;
    printf("Properties of %s alone (database %s), per mole of atoms.\n", o->phase, o->t->path);
    printf(
        "Units: GM, HM, GM_MIX, HM_MIX, MU in J/mol; SM, CPM, SM_MIX in J/(mol K); ACR "
        "dimensionless.\nGM, HM, SM and MU are relative to SER; _MIX against the pure "
        "components in %s at the same T.\n",
        o->phase);
    if (o->refdesc[0]) printf("Activity references: %s.\n", o->refdesc);
    printf("\n%10s", "T/K");
    for (size_t c = 0; c < nc; c++) {
        char nm[40];
        snprintf(nm, sizeof nm, "x(%s)", lq_system_component_name(o->t->sys, c));
        printf(" %12s", nm);
    }
    for (size_t k = 0; k < o->ncol; k++) printf(" %14s", o->cols[k].name);
    printf("\n");
    char b[32];
    for (size_t r = 0; r < nrow; r++) {
        printf("%10.2f", o->T[r / g->n_x]);
        for (size_t c = 0; c < nc; c++) printf(" %12.6g", o->x[(r % g->n_x) * nc + c]);
        for (size_t k = 0; k < o->ncol; k++)
            printf(" %14s", lqa_fmt(col_value(g, &o->cols[k], r), b, sizeof b));
        printf("\n");
    }
}

/* The grid of compositions: one row per value of the ranged component, the balance filled in. */
static int x_rows(const lqa_thermo *t, const double *x0, size_t rcomp, const double *xv, size_t nx,
                  double *rows) {
    for (size_t j = 0; j < nx; j++) {
        double *x = rows + j * t->ncomp;
        memcpy(x, x0, t->ncomp * sizeof *x);
        if (lqa_thermo_set_x(t, x, rcomp, xv[j]) != 0)
            return lqa_usage_error("prop", "x = %g leaves a negative balance", xv[j]);
    }
    return 0;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *phase = NULL, *Ts = NULL, *out = NULL, *comps = NULL;
    int csv = 0;
    lqa_list xs = {{0}, 0}, refs = {{0}, 0};
    const lqa_opt opts[] = {
        {"phase", LQA_STRING, &phase, "PHASE", "the phase (required)"},
        {"T", LQA_STRING, &Ts, "K", "temperature(s): 973, 773,873,973 or 700:1000:50"},
        {"x", LQA_LIST, &xs, "EL=X", "mole fraction or range of a component (repeatable)"},
        {"out", LQA_STRING, &out, "LIST", "properties, e.g. ACR_ND,HM_MIX (default: all)"},
        {"ref", LQA_LIST, &refs, "EL=PHASE", "reference phase of ACR_<EL>"},
        {"comps", LQA_STRING, &comps, "A,B", "components (default: all elements of DB)"},
        {"csv", LQA_FLAG, &csv, NULL, "CSV on stdout"},
    };
    const char *pos[2];
    size_t npos = 0;
    int rc =
        lqa_parse("prop", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("prop", "give one database (see --help)");
    if (!phase) return lqa_usage_error("prop", "--phase is required");
    if (!Ts) return lqa_usage_error("prop", "--T is required");
    double Tv[1024], xv[4096];
    size_t nT = lqa_parse_range(Ts, Tv, 1024);
    if (nT == 0) return lqa_usage_error("prop", "--T '%s': bad value or range", Ts);
    for (size_t i = 0; i < nT; i++)
        if (!(Tv[i] > 0.0)) return lqa_usage_error("prop", "--T: %g K is not > 0", Tv[i]);
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "prop", pos[0], comps, NULL, &t);
    if (rc) return rc;
    size_t ph = 0, rcomp = 0, nx = 0, ncol = 0, ref[LQA_THERMO_MAXC];
    double x[LQA_THERMO_MAXC], *rows = NULL;
    col cols[64];
    if (lq_system_phase_find(t.sys, phase, &ph) != LQ_OK) {
        lqa_thermo_close(&t);
        return lqa_usage_error("prop", "--phase: unknown phase %s", phase);
    }
    rc = lqa_thermo_parse_x("prop", &t, &xs, x, &rcomp, xv, 4096, &nx);
    if (!rc) rc = lqa_thermo_parse_refs("prop", &t, &refs, ref);
    if (!rc) rc = parse_out("prop", &t, out, cols, 64, &ncol);
    if (!rc && !(rows = malloc(nx * t.ncomp * sizeof *rows)))
        rc = lqa_fail("prop", LQ_ENOMEM, NULL);
    if (!rc) rc = x_rows(&t, x, rcomp, xv, nx, rows);
    lq_props_grid *g = NULL;
    if (!rc) {
        lq_props_grid_options po;
        lq_props_grid_options_default(&po);
        po.phase = ph;
        po.T_K = Tv;
        po.n_T = nT;
        po.x = rows;
        po.n_x = nx;
        po.ref_phase = ref; /* LQ_PROPS_REF_STABLE where --ref names none */
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_props_grid_compute(t.ws, &po, &g, &d);
        if (st != LQ_OK) rc = lqa_fail("prop", st, &d);
    }
    if (!rc) {
        prop_out o = {&t, phase, g, Tv, rows, cols, ncol, ""};
        describe_refs(&o);
        if (ctx->json)
            rc = print_json(&o);
        else if (csv)
            print_csv(&o);
        else
            print_table(&o);
    }
    lq_props_grid_free(g);
    free(rows);
    lqa_thermo_close(&t);
    return rc;
}

const lq_cmd lq_cmd_prop = {"prop", "properties of one phase on a T and composition grid", run};
