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
    double Tv[1024];
    size_t nT = lqa_parse_range(Ts, Tv, 1024);
    if (nT == 0) return lqa_usage_error("prop", "--T '%s': bad value or range", Ts);
    for (size_t i = 0; i < nT; i++)
        if (!(Tv[i] > 0.0)) return lqa_usage_error("prop", "--T: %g K is not > 0", Tv[i]);
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "prop", pos[0], comps, NULL, &t);
    if (rc) return rc;
    size_t ph = 0, rcomp = 0, nx = 0, ncol = 0, ref[LQA_THERMO_MAXC];
    double x[LQA_THERMO_MAXC], xv[4096];
    col cols[64];
    if (lq_system_phase_find(t.sys, phase, &ph) != LQ_OK) {
        lqa_thermo_close(&t);
        return lqa_usage_error("prop", "--phase: unknown phase %s", phase);
    }
    rc = lqa_thermo_parse_x("prop", &t, &xs, x, &rcomp, xv, 4096, &nx);
    if (!rc) rc = lqa_thermo_parse_refs("prop", &t, &refs, ref);
    if (!rc) rc = parse_out("prop", &t, out, cols, 64, &ncol);
    if (rc) {
        lqa_thermo_close(&t);
        return rc;
    }
    size_t nrow = nT * nx, nc = t.ncomp;
    size_t width = 1 + nc + ncol;
    double *tab = malloc(nrow * width * sizeof *tab);
    size_t *refused = malloc(nT * nc * sizeof *refused);
    if (!tab || !refused) {
        free(tab);
        free(refused);
        lqa_thermo_close(&t);
        return lqa_fail("prop", LQ_ENOMEM, NULL);
    }
    lq_phase_props pr;
    double mu[LQA_THERMO_MAXC];
    lq_diag d;
    lq_status st = LQ_OK;
    for (size_t i = 0; i < nT && st == LQ_OK; i++) {
        double T = Tv[i], RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T, gref[LQA_THERMO_MAXC];
        for (size_t c = 0; c < nc && st == LQ_OK; c++) {
            refused[i * nc + c] = ref[c];
            lq_diag_clear(&d);
            if (ref[c] == (size_t)-1)
                st = lq_eq_reference_stable(t.ws, T, c, &refused[i * nc + c], &gref[c], &d);
            else
                st = lq_eq_reference_G(t.ws, T, c, ref[c], &gref[c], NULL, NULL, NULL, &d);
        }
        for (size_t j = 0; j < nx && st == LQ_OK; j++) {
            double *row = tab + (i * nx + j) * width;
            if (lqa_thermo_set_x(&t, x, rcomp, xv[j]) != 0) {
                lqa_usage_error("prop", "x = %g leaves a negative balance", xv[j]);
                lq_diag_clear(&d);
                st = LQ_EDOM;
                break;
            }
            pr.mu = mu;
            pr.y = NULL;
            lq_diag_clear(&d);
            st = lq_props_phase_eval(t.ws, ph, T, x, nc, &pr, &d);
            if (st != LQ_OK) break;
            row[0] = T;
            for (size_t c = 0; c < nc; c++) row[1 + c] = x[c];
            for (size_t k = 0; k < ncol; k++) {
                double v = (double)NAN;
                switch (cols[k].kind) {
                    case P_GM:
                        v = pr.GM;
                        break;
                    case P_HM:
                        v = pr.HM;
                        break;
                    case P_SM:
                        v = pr.SM;
                        break;
                    case P_CPM:
                        v = pr.CPM;
                        break;
                    case P_GMMIX:
                        v = pr.GM_MIX;
                        break;
                    case P_HMMIX:
                        v = pr.HM_MIX;
                        break;
                    case P_SMMIX:
                        v = pr.SM_MIX;
                        break;
                    case P_MU:
                        v = mu[cols[k].comp];
                        break;
                    case P_ACR:
                        v = isinf(mu[cols[k].comp])
                                ? 0.0
                                : exp((mu[cols[k].comp] - gref[cols[k].comp]) / RT);
                        break;
                    default:
                        break;
                }
                row[1 + nc + k] = v;
            }
        }
    }
    if (st != LQ_OK) {
        rc = d.msg[0] ? lqa_fail("prop", st, &d) : LQA_EXIT_USAGE;
        free(tab);
        free(refused);
        lqa_thermo_close(&t);
        return rc;
    }
    /* reference description */
    char refdesc[1024] = "";
    size_t used = 0;
    for (size_t k = 0; k < ncol; k++) {
        if (cols[k].kind != P_ACR) continue;
        size_t c = cols[k].comp;
        for (size_t i = 0; i < nT; i++) {
            lq_phase_info in;
            lq_system_phase_info(t.sys, refused[i * nc + c], &in);
            used +=
                (size_t)snprintf(refdesc + used, used < sizeof refdesc ? sizeof refdesc - used : 0,
                                 "%sACR_%s vs pure %s %s at %g K", used ? "; " : "",
                                 lq_system_component_name(t.sys, c),
                                 lq_system_component_name(t.sys, c), in.name, Tv[i]);
            if (used >= sizeof refdesc) used = sizeof refdesc - 1;
        }
    }
    if (ctx->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "database", t.path);
        cJSON_AddStringToObject(o, "phase", phase);
        cJSON_AddStringToObject(o, "basis",
                                "per mole of atoms; MU and GM/HM/SM relative to SER; "
                                "_MIX against the pure components in the phase");
        cJSON_AddStringToObject(o, "activity_references", refdesc);
        cJSON *c0 = cJSON_AddArrayToObject(o, "T_K");
        for (size_t r = 0; r < nrow; r++)
            cJSON_AddItemToArray(c0, cJSON_CreateNumber(tab[r * width]));
        for (size_t c = 0; c < nc; c++) {
            char nm[48];
            snprintf(nm, sizeof nm, "X_%s", lq_system_component_name(t.sys, c));
            cJSON *a = cJSON_AddArrayToObject(o, nm);
            for (size_t r = 0; r < nrow; r++)
                cJSON_AddItemToArray(a, cJSON_CreateNumber(tab[r * width + 1 + c]));
        }
        cJSON *un = cJSON_AddObjectToObject(o, "units");
        for (size_t k = 0; k < ncol; k++) {
            cJSON *a = cJSON_AddArrayToObject(o, cols[k].name);
            for (size_t r = 0; r < nrow; r++) {
                double v = tab[r * width + 1 + nc + k];
                cJSON_AddItemToArray(a, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
            }
            cJSON_AddStringToObject(un, cols[k].name, cols[k].unit);
        }
        lq_diag_clear(&d);
        st = lqa_json_write(o, "-", &d);
        cJSON_Delete(o);
        rc = st == LQ_OK ? LQA_EXIT_OK : lqa_fail("prop", st, &d);
    } else if (csv) {
        printf("# liquidus prop: %s, phase %s, per mole of atoms, SER reference; %s\n", t.path,
               phase, refdesc);
        printf("T_K");
        for (size_t c = 0; c < nc; c++) printf(",X_%s", lq_system_component_name(t.sys, c));
        for (size_t k = 0; k < ncol; k++) /* dimensionless columns carry no unit suffix */
            printf(",%s%s%s", cols[k].name, strcmp(cols[k].unit, "1") ? "_" : "",
                   strcmp(cols[k].unit, "1") ? cols[k].unit : "");
        printf("\n");
        for (size_t r = 0; r < nrow; r++) {
            for (size_t k = 0; k < width; k++) printf("%s%.17g", k ? "," : "", tab[r * width + k]);
            printf("\n");
        }
        rc = LQA_EXIT_OK;
    } else {
        printf("Properties of %s alone (database %s), per mole of atoms.\n", phase, t.path);
        printf(
            "Units: GM, HM, GM_MIX, HM_MIX, MU in J/mol; SM, CPM, SM_MIX in J/(mol K); ACR "
            "dimensionless.\nGM, HM, SM and MU are relative to SER; _MIX against the pure "
            "components in %s at the same T.\n",
            phase);
        if (refdesc[0]) printf("Activity references: %s.\n", refdesc);
        printf("\n%10s", "T/K");
        for (size_t c = 0; c < nc; c++) {
            char nm[40];
            snprintf(nm, sizeof nm, "x(%s)", lq_system_component_name(t.sys, c));
            printf(" %12s", nm);
        }
        for (size_t k = 0; k < ncol; k++) printf(" %14s", cols[k].name);
        printf("\n");
        char b[32];
        for (size_t r = 0; r < nrow; r++) {
            printf("%10.2f", tab[r * width]);
            for (size_t c = 0; c < nc; c++) printf(" %12.6g", tab[r * width + 1 + c]);
            for (size_t k = 0; k < ncol; k++)
                printf(" %14s", lqa_fmt(tab[r * width + 1 + nc + k], b, sizeof b));
            printf("\n");
        }
        rc = LQA_EXIT_OK;
    }
    free(tab);
    free(refused);
    lqa_thermo_close(&t);
    return rc;
}

const lq_cmd lq_cmd_prop = {"prop", "properties of one phase on a T and composition grid", run};
