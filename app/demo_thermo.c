/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thermo section of `liquidus demo`: the Bi-Nd equilibria, solubilities and activities of seed 004.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "demo_thermo.h"

/* Seed 004 (Nd-Bi study), Table 1: solubility of Nd in liquid Bi measured by emf, mol%. */
static const double TABLE1_T[3] = {773.0, 873.0, 973.0};
static const double TABLE1_MOLPCT[3] = {0.99, 2.91, 5.65};

static const char *pname(const lqa_thermo *t, size_t p) {
    lq_phase_info in;
    return lq_system_phase_info(t->sys, p, &in) == LQ_OK ? in.name : "?";
}

static void print_eq(FILE *out, const lqa_thermo *t, size_t nd) {
    const lq_eq_result *r = t->res;
    for (size_t k = 0; k < r->n_phases; k++)
        fprintf(out, "    %-8s amount %.6f mol atoms, x(Nd) = %.6f\n", pname(t, r->phases[k].phase),
                r->phases[k].amount, r->phases[k].x[nd]);
}

/* The database, its components and phases, and where the demo writes. */
typedef struct demo_bind {
    lqa_thermo t;
    size_t nd, liq, dhcp;
    FILE *out;
} demo_bind;

static int section_equilibria(demo_bind *b) {
    int fail = 0;
    double x[2];
    fprintf(b->out, "1. Equilibria at 973 K\n");
    const double xs[2] = {0.03, 0.10};
    for (int i = 0; i < 2; i++) {
        x[b->nd] = xs[i];
        x[1 - b->nd] = 1.0 - xs[i];
        lq_diag d;
        if (lq_eq_solve(b->t.ws, 973.0, x, 2, b->t.res, &d) != LQ_OK) {
            fprintf(b->out, "  x(Nd) = %.2f: no converged equilibrium (%s)\n", xs[i], d.msg);
            fail = 1;
            continue;
        }
        fprintf(b->out, "  x(Nd) = %.2f: %zu phase%s\n", xs[i], b->t.res->n_phases,
                b->t.res->n_phases > 1 ? "s" : "");
        print_eq(b->out, &b->t, b->nd);
    }
    return fail;
}

/* Liquidus of the Bi-rich side at the temperatures of Table 1, two ways; *xsat973 the last. */
static int section_solubility(demo_bind *b, double *xsat973) {
    int fail = 0;
    double x[2];
    fprintf(b->out,
            "\n2. Solubility of Nd in liquid Bi (Bi-rich liquidus)\n"
            "   T/K   solid in equilibrium   computed x(Nd)/mol%%   measured (Table 1)/mol%%   "
            "computed - measured\n");
    *xsat973 = (double)NAN;
    for (int i = 0; i < 3; i++) {
        double xl;
        size_t solid;
        if (lq_eq_liquidus_scan(b->t.ws, TABLE1_T[i], b->nd, b->liq, 0.0025, 0.5, b->t.res, &xl,
                                &solid, NULL) != LQ_OK) {
            fprintf(b->out, "   %.0f   (no liquid + solid equilibrium found)\n", TABLE1_T[i]);
            fail = 1;
            continue;
        }
        /* the same boundary with x unknown and the solid held at zero amount */
        x[b->nd] = 0.5 * xl;
        x[1 - b->nd] = 1.0 - x[b->nd];
        double xl2 = (double)NAN;
        if (lq_eq_solve_x(b->t.ws, TABLE1_T[i], x, 2, b->nd, solid, b->t.res, NULL) == LQ_OK)
            xl2 = b->t.res->x[b->nd];
        fprintf(b->out, "   %.0f   %-20s   %8.4f              %6.2f                   %+7.2f\n",
                TABLE1_T[i], pname(&b->t, solid), 100.0 * xl, TABLE1_MOLPCT[i],
                100.0 * xl - TABLE1_MOLPCT[i]);
        if (!(fabs(xl2 - xl) < 1e-9)) {
            fprintf(b->out,
                    "   (x-unknown solution %.10g differs from the two-phase equilibrium)\n", xl2);
            fail = 1;
        }
        if (i == 2) *xsat973 = xl;
    }
    fprintf(b->out,
            "   Both ways agree (liquid of the two-phase equilibrium; x(Nd) unknown with the solid "
            "held\n   at zero amount). The study's own Table 2 parameters do not reproduce its "
            "measured\n   solubilities (Table 1): the columns above are shown side by side as they "
            "come out.\n");
    return fail;
}

static int section_activity(demo_bind *b, double xsat973) {
    int fail = 0;
    fprintf(b->out, "\n3. Nd in liquid Bi at 973 K (reference: pure Nd, DHCP, 973 K)\n");
    const double xa[2] = {0.01, xsat973}, T = 973.0;
    for (int i = 0; i < 2; i++) {
        if (!isfinite(xa[i])) continue;
        double x[2];
        x[b->nd] = xa[i];
        x[1 - b->nd] = 1.0 - xa[i];
        size_t ref[2] = {LQ_PROPS_REF_STABLE, LQ_PROPS_REF_STABLE};
        ref[b->nd] = b->dhcp;
        lq_props_grid_options o;
        lq_props_grid_options_default(&o);
        o.phase = b->liq;
        o.T_K = &T;
        o.n_T = 1;
        o.x = x;
        o.n_x = 1;
        o.ref_phase = ref;
        lq_props_grid *g = NULL;
        if (lq_props_grid_compute(b->t.ws, &o, &g, NULL) != LQ_OK) {
            fail = 1;
            continue;
        }
        double a = g->acr[b->nd];
        fprintf(b->out, "   x(Nd) = %.6f%s: a(Nd) = %.4e, gamma(Nd) = a/x = %.4e\n", xa[i],
                i == 1 ? " (saturated)" : "", a, a / xa[i]);
        lq_props_grid_free(g);
    }
    fprintf(b->out,
            "   (study, Fig. 3b/9a: gamma(Nd) about 1e-12 in the Henrian range, DHCP reference)\n");
    return fail;
}

static int section_liquidus_T(demo_bind *b) {
    fprintf(b->out,
            "\n4. Liquidus temperature of x(Nd) = 0.03 (T unknown, solid at zero amount)\n");
    double x[2], T;
    x[b->nd] = 0.03;
    x[1 - b->nd] = 0.97;
    size_t solid;
    if (lq_eq_liquidus_T_find(b->t.ws, 1200.0, x, 2, b->liq, b->t.res, &T, &solid) != LQ_OK) {
        fprintf(b->out, "   not found\n");
        return 1;
    }
    fprintf(b->out, "   %s appears at T = %.4f K on cooling\n", pname(&b->t, solid), T);
    return 0;
}

static int run(const lqa_ctx *ctx, FILE *out) {
    demo_bind b;
    b.out = out;
    lqa_ctx quiet = *ctx;
    quiet.json = 0;
    if (lqa_thermo_open(&quiet, "demo", "BiNd.tdb", "BI,ND", NULL, &b.t) != 0) return LQA_EXIT_FAIL;
    long ndl = lqa_thermo_comp(&b.t, "ND", 2);
    if (ndl < 0 || lq_system_phase_find(b.t.sys, "LIQUID", &b.liq) != LQ_OK ||
        lq_system_phase_find(b.t.sys, "DHCP", &b.dhcp) != LQ_OK) {
        fprintf(stderr, "liquidus demo: BiNd.tdb lacks ND, LIQUID or DHCP\n");
        lqa_thermo_close(&b.t);
        return LQA_EXIT_FAIL;
    }
    b.nd = (size_t)ndl;
    fprintf(out,
            "Bi-Nd with %s\n(seed 004 Table 2 parameters on SGTE 1991 unary data), P = 1 atm.\n"
            "Amounts in mol of atoms per mol of atoms; activities of Nd against pure Nd in DHCP at "
            "the same T.\n\n",
            b.t.path);
    double xsat973;
    int fail = section_equilibria(&b);
    fail |= section_solubility(&b, &xsat973);
    fail |= section_activity(&b, xsat973);
    fail |= section_liquidus_T(&b);
    lqa_thermo_close(&b.t);
    return fail ? LQA_EXIT_FAIL : 0;
}

const lqa_demo_section lqa_demo_thermo = {"thermo", "Thermodynamics: Bi-Nd (seed 004, Eqs. 10-12)",
                                          run};
