/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus eq`: one equilibrium (T and composition given, or T / one x unknown at a phase
 * boundary). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_thermo.h"
#include "eq_batch.h"
#include "liquidus/core.h"
#include "liquidus/units.h"

static const char *USAGE =
    "liquidus eq DB --T K --x EL=X [--x EL=X ...] [--comps A,B] [--phases P,Q] [--ref EL=PHASE]\n"
    "                [--mu EL=J] [--ac EL=A[@PHASE]] [--zero PHASE --free T|EL ...] [--csv] "
    "[--json]\n"
    "  Equilibrium at fixed T, P = 101325 Pa and overall composition (the component without --x "
    "is\n"
    "  the balance). Conditions as in Thermo-Calc / OpenCalphad (docs/equilibrium.md,\n"
    "  Conditions): --mu EL=J fixes the chemical potential of EL (J/mol, SER), --ac EL=A its\n"
    "  activity against SER (a = exp(mu/RT)) or, with @PHASE, against pure EL in PHASE at T: an\n"
    "  open system whose x(EL) follows (its --x is the start value; the other --x stay fixed and\n"
    "  the balance compensates, or, when EL is the balance, the others keep their ratios).\n"
    "  --zero PHASE holds PHASE at zero amount and needs one unknown --free T (T is the start)\n"
    "  or --free EL (x(EL) unknown, --x its start); both repeatable in pairs, e.g. two phases at\n"
    "  zero with --free T --free EL. At a compound's exact composition, --zero LIQUID --free T\n"
    "  is its congruent melting point. Mass fractions, amounts and pure components: a one-point\n"
    "  batch, e.g. --grid 'T=973,W(ND)=0.05' or --grid 'T=973,X(ND)=1'.\n"
    "  DB is a TDB path or a bundled database name (BiNd.tdb).\n"
    "liquidus eq DB --grid 'T=300:2000:10,X(ND)=0:1:0.01' | --points FILE.csv [--out "
    "F.csv|F.json]\n"
    "                [--threads N] [--comps A,B] [--phases P,Q] [--json]\n"
    "  A batch: every point of the grid (first condition slowest) or of the file (a header of\n"
    "  conditions, one point per row) in one process, OpenMP over points, each warm-started from\n"
    "  its neighbour. Conditions: T (K), P (Pa), X(EL) mole fraction, W(EL) mass fraction, N(EL)\n"
    "  mol, N total mol, B(EL) g, B total g, MU(EL) J/mol (SER), AC(EL) activity vs SER (EL\n"
    "  open: its x follows; the others then by X only); one component without a condition is\n"
    "  the balance (docs/equilibrium.md, Batches); a pure component (X(EL)=1) is solved in its\n"
    "  own system.\n"
    "  The good points go to --out (written whole or not at\n"
    "  all) or stdout as CSV (JSON with --json or .json); each failed point is reported on\n"
    "  stderr with its index (0-based) and skipped. Exit status 0 all points solved, 2 some\n"
    "  points had impossible conditions (x > 1, T <= 0, a component not in the system, an\n"
    "  unreadable row), 1 some points only failed to converge; the good points are written in\n"
    "  every case. With one --zero PHASE --free T|EL each point is the start of a boundary solve\n"
    "  (as for one equilibrium): a boundary line over a grid, e.g. --grid\n"
    "  'T=773:973:50,X(ND)=0.01' --zero NDBI2 --free ND.";

static cJSON *phase_json(const lqa_thermo *t, const lq_eq_phase *ph) {
    lq_phase_info in;
    lq_system_phase_info(t->sys, ph->phase, &in);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "phase", in.name);
    cJSON_AddNumberToObject(o, "amount_mol_atoms", ph->amount);
    cJSON_AddBoolToObject(o, "held_at_zero", ph->fixed_zero);
    cJSON *x = cJSON_AddObjectToObject(o, "x");
    for (size_t c = 0; c < t->ncomp; c++)
        cJSON_AddNumberToObject(x, lq_system_component_name(t->sys, c), ph->x[c]);
    cJSON *y = cJSON_AddArrayToObject(o, "site_fractions");
    for (size_t i = 0; i < in.n_constituents; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "sublattice", (double)in.sublattice_of[i]);
        cJSON_AddStringToObject(e, "constituent", in.constituent_name[i]);
        cJSON_AddNumberToObject(e, "y", ph->y[i]);
        cJSON_AddItemToArray(y, e);
    }
    cJSON_AddNumberToObject(o, "G_J_per_mol_atoms", ph->G);
    cJSON_AddNumberToObject(o, "H_J_per_mol_atoms", ph->H);
    cJSON_AddNumberToObject(o, "S_J_per_mol_atoms_K", ph->S);
    cJSON_AddNumberToObject(o, "Cp_J_per_mol_atoms_K", ph->Cp);
    return o;
}

static int print_result(const char *cmd, const lqa_ctx *ctx, const lqa_thermo *t, const size_t *ref,
                        int csv) {
    const lq_eq_result *r = t->res;
    size_t nc = t->ncomp;
    double act[LQA_THERMO_MAXC], lna[LQA_THERMO_MAXC];
    size_t refp[LQA_THERMO_MAXC];
    lq_diag dg;
    lq_diag_clear(&dg);
    lq_status sa = lq_eq_activities_compute(t->ws, r, ref, act, lna, refp, nc, &dg);
    if (sa != LQ_OK) return lqa_fail(cmd, sa, &dg);
    lqa_thermo_extrapolation(cmd, t->sys, r->T, r->T, NULL);
    if (ctx->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "database", t->path);
        lqa_thermo_extrapolation(cmd, t->sys, r->T, r->T, o);
        cJSON_AddNumberToObject(o, "T_K", r->T);
        cJSON_AddNumberToObject(o, "P_Pa", r->P);
        cJSON *x = cJSON_AddObjectToObject(o, "x");
        for (size_t c = 0; c < nc; c++)
            cJSON_AddNumberToObject(x, lq_system_component_name(t->sys, c), r->x[c]);
        cJSON *ph = cJSON_AddArrayToObject(o, "phases");
        for (size_t k = 0; k < r->n_phases; k++)
            cJSON_AddItemToArray(ph, phase_json(t, &r->phases[k]));
        cJSON *mu = cJSON_AddObjectToObject(o, "mu_J_per_mol");
        cJSON *ac = cJSON_AddObjectToObject(o, "activity");
        for (size_t c = 0; c < nc; c++) {
            const char *cn = lq_system_component_name(t->sys, c);
            lq_phase_info in;
            lq_system_phase_info(t->sys, refp[c], &in);
            cJSON_AddNumberToObject(mu, cn, r->mu[c]);
            cJSON *a = cJSON_AddObjectToObject(ac, cn);
            cJSON_AddNumberToObject(a, "a", act[c]);
            cJSON_AddNumberToObject(a, "ln_a", lna[c]);
            cJSON_AddStringToObject(a, "reference", in.name);
        }
        cJSON_AddStringToObject(o, "mu_reference", "database reference states (SER for SGTE data)");
        cJSON_AddNumberToObject(o, "G_J_per_mol_atoms", r->G);
        cJSON_AddNumberToObject(o, "H_J_per_mol_atoms", r->H);
        cJSON_AddNumberToObject(o, "S_J_per_mol_atoms_K", r->S);
        cJSON_AddNumberToObject(o, "Cp_J_per_mol_atoms_K", r->Cp);
        cJSON_AddStringToObject(o, "Cp_note", "phase amounts and constitutions held fixed");
        cJSON_AddNumberToObject(o, "newton_iterations", r->newton_iterations);
        cJSON_AddNumberToObject(o, "max_scaled_residual", r->max_residual);
        lq_diag d;
        lq_status st = lqa_json_write(o, "-", &d);
        cJSON_Delete(o);
        return st == LQ_OK ? 0 : lqa_fail(cmd, st, &d);
    }
    char b1[32], b2[32];
    if (csv) {
        printf(
            "# liquidus eq: %s, T = %.17g K, P = %.17g Pa; amounts in mol of atoms per mol of "
            "atoms; G per mol of atoms, SER reference\n",
            t->path, r->T, r->P);
        printf("phase,amount_mol_atoms");
        for (size_t c = 0; c < nc; c++) printf(",x_%s", lq_system_component_name(t->sys, c));
        printf(",G_J_per_mol_atoms,H_J_per_mol_atoms,S_J_per_mol_atoms_K\n");
        for (size_t k = 0; k < r->n_phases; k++) {
            const lq_eq_phase *p = &r->phases[k];
            lq_phase_info in;
            lq_system_phase_info(t->sys, p->phase, &in);
            printf("%s,%.17g", in.name, p->amount);
            for (size_t c = 0; c < nc; c++) printf(",%.17g", p->x[c]);
            printf(",%.17g,%.17g,%.17g\n", p->G, p->H, p->S);
        }
        return 0;
    }
    printf("Equilibrium at T = %.2f K, P = %.0f Pa  (database %s)\n", r->T, r->P, t->path);
    printf("Overall composition (mole fractions):");
    for (size_t c = 0; c < nc; c++)
        printf(" x(%s) = %.8g", lq_system_component_name(t->sys, c), r->x[c]);
    printf("\n\n  %-18s %-16s", "phase", "amount/mol atoms");
    for (size_t c = 0; c < nc; c++)
        printf(" x(%s)%*s", lq_system_component_name(t->sys, c),
               (int)(12 - strlen(lq_system_component_name(t->sys, c))), "");
    printf("\n");
    for (size_t k = 0; k < r->n_phases; k++) {
        const lq_eq_phase *p = &r->phases[k];
        lq_phase_info in;
        lq_system_phase_info(t->sys, p->phase, &in);
        printf("  %-18s %-16.10g", in.name, p->amount);
        for (size_t c = 0; c < nc; c++) printf(" %-15.10g", p->x[c]);
        printf("%s\n", p->fixed_zero ? "  (held at zero amount)" : "");
        printf("  %-18s site fractions:", "");
        for (size_t i = 0; i < in.n_constituents; i++) {
            /* sublattices separated by ':' as in TDB constituent lists */
            if (i > 0 && in.sublattice_of[i] != in.sublattice_of[i - 1]) printf(" :");
            printf(" %s=%.8g", in.constituent_name[i], p->y[i]);
        }
        printf("\n");
    }
    printf("\nChemical potentials (J/mol, database reference = SER) and activities:\n");
    for (size_t c = 0; c < nc; c++) {
        lq_phase_info in;
        lq_system_phase_info(t->sys, refp[c], &in);
        printf("  mu(%s) = %.10g J/mol   a(%s) = %s (ln a = %s) vs pure %s %s at %.2f K\n",
               lq_system_component_name(t->sys, c), r->mu[c], lq_system_component_name(t->sys, c),
               lqa_fmt(act[c], b1, sizeof b1), lqa_fmt(lna[c], b2, sizeof b2),
               lq_system_component_name(t->sys, c), in.name, r->T);
    }
    printf(
        "\nSystem, per mol of atoms: G = %.10g J/mol, H = %.10g J/mol, S = %.8g J/(mol K),\n"
        "  Cp = %.8g J/(mol K) (phase amounts and constitutions fixed)\n",
        r->G, r->H, r->S, r->Cp);
    return 0;
}

/* --grid or --points: the batch replaces the single-point options. */
static int run_batch(const lqa_ctx *ctx, const char *db, const char *comps, const char *phases,
                     const lqa_eq_batch_args *ba, int single_options) {
    if (ba->grid && ba->points) return lqa_usage_error("eq", "give --grid or --points, not both");
    if (single_options)
        return lqa_usage_error("eq",
                               "--T, --x and --csv are for one equilibrium; a batch takes T "
                               "and the composition from --grid or --points");
    lqa_thermo t;
    int rc = lqa_thermo_open(ctx, "eq", db, comps, phases, &t);
    if (rc) return rc;
    rc = lqa_eq_batch(ctx, &t, ba);
    lqa_thermo_close(&t);
    return rc;
}

/* Potential conditions: --mu EL=J and --ac EL=A[@PHASE] into mu / ac / ac_ref. */
static int parse_potentials(const lqa_thermo *t, const lqa_list *mus, const lqa_list *acs,
                            double *mu, double *ac, size_t *ac_ref) {
    for (size_t c = 0; c < t->ncomp; c++) {
        mu[c] = ac[c] = (double)NAN;
        ac_ref[c] = LQ_EQ_REF_SER;
    }
    for (int which = 0; which < 2; which++) {
        const lqa_list *l = which ? acs : mus;
        const char *opt = which ? "--ac" : "--mu";
        for (size_t i = 0; i < l->n; i++) {
            const char *s = l->v[i], *eq = strchr(s, '=');
            long c = eq ? lqa_thermo_comp(t, s, (size_t)(eq - s)) : -1;
            if (c < 0)
                return lqa_usage_error("eq", "%s '%s': expected EL=VALUE, EL a component", opt, s);
            char *end;
            double v = strtod(eq + 1, &end);
            if (end == eq + 1 || !isfinite(v) || (*end && !(which && *end == '@')))
                return lqa_usage_error("eq", "%s '%s': bad value", opt, s);
            if (which && *end == '@' && lq_system_phase_find(t->sys, end + 1, &ac_ref[c]) != LQ_OK)
                return lqa_usage_error("eq", "--ac '%s': unknown phase %s", s, end + 1);
            if (isfinite(mu[c]) || isfinite(ac[c]))
                return lqa_usage_error("eq", "%s '%s': a second potential for one component", opt,
                                       s);
            (which ? ac : mu)[c] = v;
        }
    }
    return 0;
}

/* --zero / --free pairs into phase and component indices (T sets *free_T). */
static int parse_zero_free(const lqa_thermo *t, const lqa_list *zero, const lqa_list *frees,
                           size_t *zp, size_t *fx, size_t *nfx, int *free_T) {
    if (zero->n != frees->n) return lqa_usage_error("eq", "--zero and --free go in pairs");
    *nfx = 0;
    *free_T = 0;
    for (size_t i = 0; i < zero->n; i++) {
        if (lq_system_phase_find(t->sys, zero->v[i], &zp[i]) != LQ_OK)
            return lqa_usage_error("eq", "--zero: unknown phase %s", zero->v[i]);
        const char *f = frees->v[i];
        if (strcmp(f, "T") == 0 || strcmp(f, "t") == 0) {
            if (*free_T) return lqa_usage_error("eq", "--free T given twice");
            *free_T = 1;
            continue;
        }
        long c = lqa_thermo_comp(t, f, strlen(f));
        if (c < 0) return lqa_usage_error("eq", "--free: %s is neither T nor a component", f);
        fx[(*nfx)++] = (size_t)c;
    }
    return 0;
}

/* One equilibrium under the parsed conditions (lq_eq_solve_conditions). */
static int solve_one(const lqa_ctx *ctx, lqa_thermo *t, double T, const lqa_list *xs,
                     const lqa_list *refs, const lqa_list *pots[2], const lqa_list *zf[2],
                     int csv) {
    double x[LQA_THERMO_MAXC], vals[4], mu[LQA_THERMO_MAXC], ac[LQA_THERMO_MAXC];
    size_t rcomp, nvals, ref[LQA_THERMO_MAXC], acref[LQA_THERMO_MAXC];
    size_t zp[LQA_LIST_MAX], fx[LQA_LIST_MAX], nfx = 0;
    int free_T = 0;
    int rc = lqa_thermo_parse_x("eq", t, xs, x, &rcomp, vals, 4, &nvals);
    if (!rc && nvals != 1)
        rc = lqa_usage_error("eq", "eq takes one composition (use prop for ranges)");
    if (!rc) rc = lqa_thermo_parse_refs("eq", t, refs, ref);
    if (!rc) rc = parse_potentials(t, pots[0], pots[1], mu, ac, acref);
    if (!rc) rc = parse_zero_free(t, zf[0], zf[1], zp, fx, &nfx, &free_T);
    if (rc) return rc;
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = T;
    c.free_T = free_T;
    c.x = x;
    c.mu = mu;
    c.ac = ac;
    c.ac_ref = acref;
    c.zero_phase = zp;
    c.n_zero = zf[0]->n;
    c.free_x = fx;
    c.n_free_x = nfx;
    /* X conditions stay fixed and the balance compensates, unless the balance itself is open */
    int bal_open = isfinite(mu[t->balance]) || isfinite(ac[t->balance]);
    for (size_t i = 0; i < nfx; i++) bal_open |= fx[i] == t->balance;
    c.balance = bal_open ? LQ_EQ_BALANCE_RATIOS : t->balance;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_eq_solve_conditions(t->ws, &c, t->res, &d);
    if (st != LQ_OK) return lqa_fail("eq", st, &d);
    return print_result("eq", ctx, t, ref, csv);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    double T = (double)NAN;
    const char *comps = NULL, *phases = NULL;
    int csv = 0;
    lqa_eq_batch_args ba = {NULL, NULL, NULL, 0, NULL, NULL};
    lqa_list xs = {{0}, 0}, refs = {{0}, 0}, mus = {{0}, 0}, acs = {{0}, 0};
    lqa_list zero = {{0}, 0}, frees = {{0}, 0};
    const lqa_opt opts[] = {
        {"T", LQA_DOUBLE, &T, "K", "temperature (the start value with --free T)"},
        {"x", LQA_LIST, &xs, "EL=X", "overall mole fraction of a component (repeatable)"},
        {"comps", LQA_STRING, &comps, "A,B", "components (default: all elements of DB)"},
        {"phases", LQA_STRING, &phases, "P,Q", "phases to consider (default: all)"},
        {"ref", LQA_LIST, &refs, "EL=PHASE",
         "activity reference: pure EL in PHASE at T (default: the stable pure state at T)"},
        {"mu", LQA_LIST, &mus, "EL=J", "chemical potential of EL fixed, J/mol (SER)"},
        {"ac", LQA_LIST, &acs, "EL=A[@PHASE]",
         "activity of EL fixed (vs SER, or pure EL in PHASE)"},
        {"zero", LQA_LIST, &zero, "PHASE", "phase held at zero amount (with --free; repeatable)"},
        {"free", LQA_LIST, &frees, "T|EL", "unknown: the temperature or x of EL (repeatable)"},
        {"csv", LQA_FLAG, &csv, NULL, "phase table as CSV on stdout"},
        {"grid", LQA_STRING, &ba.grid, "SPEC", "batch over a grid: T=A:B:STEP,X(EL)=A:B:STEP,..."},
        {"points", LQA_STRING, &ba.points, "FILE", "batch over the points of a CSV file"},
        {"out", LQA_STRING, &ba.out, "FILE", "batch output: .csv or .json (default: stdout)"},
        {"threads", LQA_INT, &ba.threads, "N", "batch threads (default 0: OMP_NUM_THREADS)"},
    };
    const char *pos[2];
    size_t npos = 0;
    int rc = lqa_parse("eq", USAGE, opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error("eq", "give one database (see --help)");
    if (zero.n != frees.n) return lqa_usage_error("eq", "--zero and --free go in pairs");
    if (ba.grid || ba.points) {
        if (zero.n > 1 || mus.n || acs.n)
            return lqa_usage_error("eq", "a batch takes one --zero/--free pair and no --mu/--ac");
        ba.zero = zero.n ? zero.v[0] : NULL;
        ba.free_var = frees.n ? frees.v[0] : NULL;
        return run_batch(ctx, pos[0], comps, phases, &ba, isfinite(T) || xs.n || csv);
    }
    if (ba.out || ba.threads)
        return lqa_usage_error("eq", "--out and --threads go with --grid or --points");
    if (!isfinite(T)) return lqa_usage_error("eq", "--T is required");
    lqa_thermo t;
    rc = lqa_thermo_open(ctx, "eq", pos[0], comps, phases, &t);
    if (rc) return rc;
    const lqa_list *pots[2] = {&mus, &acs}, *zf[2] = {&zero, &frees};
    rc = solve_one(ctx, &t, T, &xs, &refs, pots, zf, csv);
    lqa_thermo_close(&t);
    return rc ? rc : LQA_EXIT_OK;
}

const lq_cmd lq_cmd_eq = {"eq", "equilibrium at T and composition (or T / x at a phase boundary)",
                          run};
