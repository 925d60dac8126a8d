/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus solubility`: the saturation composition of a solute in a phase (liquidus, solvus). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "demo_thermo.h"
#include "liquidus/core.h"

static const char *USAGE =
    "liquidus solubility DB --solute EL --in PHASE --T K[,K...|A:B:STEP] [--comps A,B] [--json]\n"
    "  Solubility of EL in PHASE at each T (binary systems, P = 101325 Pa): the composition of\n"
    "  PHASE on its boundary towards more EL (a liquidus or a solvus) and the phase that coexists\n"
    "  there, from the tie-line solved exactly at T. Mole fractions and mol %. A temperature\n"
    "  without a result (PHASE not stable there, no convergence) is reported on stderr and left\n"
    "  out; the others are printed and the exit status is then 1.";

/* The solved temperatures as a table or JSON (failed ones are left out). */
static void print_sweep(const lqa_ctx *ctx, const lqa_thermo *t, size_t sc, const char *in,
                        const lq_map_solubility_result *r) {
    cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
    if (!ctx->json)
        printf("Solubility of %s in %s (%s), P = 101325 Pa\n  %-10s %-16s %-10s %-16s %s\n",
               lq_system_component_name(t->sys, sc), in, t->path, "T / K", "x(solute)", "mol %",
               "coexisting", "x(solute) there");
    for (size_t i = 0; i < r->n_T; i++) {
        if (r->status[i] != LQ_OK) continue;
        lq_phase_info oi;
        lq_system_phase_info(t->sys, r->other[i], &oi);
        double xs = r->x_solute[i], xo = r->x_other[i];
        if (arr) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "T_K", r->T_K[i]);
            cJSON_AddNumberToObject(e, "x_solute", xs);
            cJSON_AddNumberToObject(e, "mol_percent", 100.0 * xs);
            cJSON_AddStringToObject(e, "coexisting_phase", oi.name);
            cJSON_AddNumberToObject(e, "x_solute_coexisting", xo);
            cJSON_AddItemToArray(arr, e);
        } else {
            printf("  %-10.6g %-16.9g %-10.5g %-16s %.9g\n", r->T_K[i], xs, 100.0 * xs, oi.name,
                   xo);
        }
    }
    if (arr) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "database", t->path);
        cJSON_AddStringToObject(o, "solute", lq_system_component_name(t->sys, sc));
        cJSON_AddStringToObject(o, "phase", in);
        cJSON_AddItemToObject(o, "solubility", arr);
        cJSON_AddNumberToObject(o, "n_failed", (double)r->n_failed);
        lqa_json_write(o, "-", NULL);
        cJSON_Delete(o);
    }
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *solute = NULL, *in = NULL, *Ts = NULL, *comps = NULL;
    const lqa_opt opts[] = {
        {"solute", LQA_STRING, &solute, "EL", "the dissolved component (required)"},
        {"in", LQA_STRING, &in, "PHASE", "the solvent phase, e.g. LIQUID (required)"},
        {"T", LQA_STRING, &Ts, "K", "temperature(s): 773,873,973 or 700:1000:50 (required)"},
        {"comps", LQA_STRING, &comps, "A,B", "the two components (default: those of DB)"},
    };
    const char *pos[2];
    size_t npos = 0;
    int rc = lqa_parse("solubility", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1,
                       &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("solubility", "give one database (see --help)");
    if (!solute || !in || !Ts)
        return lqa_usage_error("solubility", "--solute, --in and --T are required");
    double Tv[1024];
    size_t nT = lqa_parse_range(Ts, Tv, 1024);
    if (nT == 0) return lqa_usage_error("solubility", "--T '%s': bad value or range", Ts);
    for (size_t i = 0; i < nT; i++)
        if (!(Tv[i] > 0.0)) return lqa_usage_error("solubility", "--T: %g K is not > 0", Tv[i]);
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "solubility", pos[0], comps, NULL, &t);
    if (rc) return rc;
    size_t ph = 0;
    long sc = lqa_thermo_comp(&t, solute, strlen(solute));
    if (t.ncomp != 2)
        rc = lqa_usage_error("solubility",
                             "the system needs two components "
                             "(use --comps A,B)");
    else if (sc < 0)
        rc = lqa_usage_error("solubility", "--solute %s is not a component of the system", solute);
    else if (lq_system_phase_find(t.sys, in, &ph) != LQ_OK)
        rc = lqa_usage_error("solubility", "--in: unknown phase %s", in);
    if (rc) {
        lqa_thermo_close(&t);
        return rc;
    }
    lq_map_solubility_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_map_solubility_sweep(t.ws, Tv, nT, (size_t)sc, ph, &r, &d);
    if (st != LQ_OK) {
        rc = lqa_fail("solubility", st, &d);
        lqa_thermo_close(&t);
        return rc;
    }
    for (size_t i = 0; i < nT; i++)
        if (r->status[i] != LQ_OK)
            fprintf(stderr, "liquidus solubility: T = %.17g K skipped: %s\n", Tv[i], r->message[i]);
    print_sweep(ctx, &t, (size_t)sc, in, r);
    if (r->n_failed) {
        fprintf(stderr, "liquidus solubility: %zu of %zu temperatures without a result, skipped\n",
                r->n_failed, nT);
        rc = LQA_EXIT_FAIL;
    }
    lq_map_solubility_result_free(r);
    lqa_thermo_close(&t);
    return rc;
}

const lq_cmd lq_cmd_solubility = {"solubility",
                                  "saturation composition of a solute in a phase (binary)", run};
