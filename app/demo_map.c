/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Map section of `liquidus demo`: the Bi-Nd phase diagram of seed 004 (Figure 8, Table S5). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "demo_thermo.h"
#include "liquidus/plot.h"

/* Seed 004 (Nd-Bi study): invariant temperatures, K. I-III measured by DSC (text, Table S3/S5);
 * the eutectoid (DHCP) = (BCC) + Nd2Bi is the study's modelled value. */
typedef struct study_inv {
    const char *p[3]; /* phases sorted by x(Nd) as the map reports them */
    double T;
    const char *what;
} study_inv;
static const study_inv STUDY[] = {
    {{"RHOMBOHEDRAL_A7", "LIQUID", "ND3BI7"}, 539.0, "I   L = Bi + Nd3Bi7 (measured)"},
    {{"LIQUID", "ND3BI7", "NDBI2"}, 774.0, "II  L + NdBi2 = Nd3Bi7 (measured)"},
    {{"LIQUID", "NDBI2", "NDBI1"}, 932.0, "III L + NdBi = NdBi2 (measured)"},
    {{"ND2BI", "BCC_A2", "DHCP"}, 1124.0, "(DHCP) = (BCC) + Nd2Bi (modelled)"},
};
/* Table 1: solubility of Nd in liquid Bi, mol% (this work's emf values). */
static const double TAB1_T[3] = {773.0, 873.0, 973.0};
static const double TAB1_MOLPCT[3] = {0.99, 2.91, 5.65};

static const char *pname(const lq_system *sys, size_t p) {
    lq_phase_info in;
    return lq_system_phase_info(sys, p, &in) == LQ_OK ? in.name : "?";
}

static const lq_map_invariant *find(const lq_map_result *m, const lq_system *sys,
                                    const char *const *p) {
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        int ok = 1;
        for (int k = 0; k < 3; k++) ok &= strcmp(pname(sys, v->phase[k]), p[k]) == 0;
        if (ok) return v;
    }
    return NULL;
}

static int run(const lqa_ctx *ctx, FILE *out) {
    lqa_ctx quiet = *ctx;
    quiet.quiet = 1;
    lqa_thermo t;
    if (lqa_thermo_open(&quiet, "demo", "BiNd.tdb", "BI,ND", NULL, &t) != 0) return LQA_EXIT_FAIL;
    lq_map_options o;
    lq_map_options_default(&o);
    lq_map_result *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    lq_status st = lq_map_compute(t.ws, &o, &m, &d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st != LQ_OK) {
        fprintf(out, "  mapping failed: %s\n", d.msg);
        lqa_thermo_close(&t);
        return LQA_EXIT_FAIL;
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    fprintf(out,
            "Bi-Nd phase diagram from %s, 400-2400 K (%zu invariants, %zu traced boundary pairs,\n"
            "%zu equilibria, %.3f s). x = mole fraction of Nd.\n\n",
            t.path, m->n_invariants, m->n_boundaries, m->n_equilibria, secs);
    fprintf(out, "1. Invariant reactions vs the study (seed 004, Table S5 and text)\n");
    fprintf(out, "   %-36s %9s %13s %9s   %s\n", "reaction", "study/K", "liquidus/K", "diff/K",
            "phases (x(Nd))");
    for (size_t i = 0; i < sizeof STUDY / sizeof STUDY[0]; i++) {
        const lq_map_invariant *v = find(m, t.sys, STUDY[i].p);
        if (!v) {
            fprintf(out, "   %-36s %9.0f %13s\n", STUDY[i].what, STUDY[i].T, "not found");
            continue;
        }
        fprintf(out, "   %-36s %9.0f %13.6f %+9.2f   %s (%.3g), %s (%.3g), %s (%.3g)\n",
                STUDY[i].what, STUDY[i].T, v->T, v->T - STUDY[i].T, pname(t.sys, v->phase[0]),
                v->x[0], pname(t.sys, v->phase[1]), v->x[1], pname(t.sys, v->phase[2]), v->x[2]);
    }
    fprintf(out,
            "   (The model's eutectic I is degenerate: its liquid holds x(Nd) = 9e-9, so it lies\n"
            "   just below the Bi melting point, 544.55 K; the DSC saw 539 K.)\n");
    fprintf(out, "   All invariants of the model:\n");
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        fprintf(out, "     %10.4f K  %-11s %s (%.4g) + %s (%.4g) + %s (%.4g)%s\n", v->T,
                lq_map_reaction_name(v->kind), pname(t.sys, v->phase[0]), v->x[0],
                pname(t.sys, v->phase[1]), v->x[1], pname(t.sys, v->phase[2]), v->x[2],
                v->degenerate ? "  (degenerate)" : "");
    }
    for (size_t i = 0; i < m->n_points; i++)
        if (m->points[i].kind == 0)
            fprintf(out, "     %10.4f K  congruent melting of %s at x(Nd) = %.4g\n", m->points[i].T,
                    pname(t.sys, m->points[i].phase[1]), m->points[i].x);
    fprintf(out, "\n2. Solubility of Nd in liquid Bi vs Table 1 (mol%%)\n");
    fprintf(out, "   %6s %10s %12s %10s   %s\n", "T/K", "study", "liquidus", "diff",
            "coexisting phase");
    size_t liq = 0;
    lq_system_phase_find(t.sys, "LIQUID", &liq);
    int rc = 0;
    for (int i = 0; i < 3; i++) {
        double xs;
        size_t other;
        st = lq_map_solubility(t.ws, TAB1_T[i], 1, liq, &xs, &other, NULL, &d);
        if (st != LQ_OK) {
            fprintf(out, "   %6.0f %10.2f %12s\n", TAB1_T[i], TAB1_MOLPCT[i], "failed");
            rc = LQA_EXIT_FAIL;
            continue;
        }
        fprintf(out, "   %6.0f %10.2f %12.4f %+10.2f   %s\n", TAB1_T[i], TAB1_MOLPCT[i], 100.0 * xs,
                100.0 * xs - TAB1_MOLPCT[i], pname(t.sys, other));
    }
    fprintf(
        out,
        "   (Table 1 is the emf data the model was fitted to; the model with the printed Table 2\n"
        "   parameters reproduces it only roughly.)\n");
    const char *fig = "bind_phase_diagram.png";
    lq_plot_phase_diagram_options po = {
        0, 0, "Bi-Nd (seed 004 model, data/tdb/BiNd.tdb)", NULL, NULL, 0, NULL};
    /* the study's Table 1 points over the figure */
    double ex[3], eT[3];
    for (int i = 0; i < 3; i++) {
        ex[i] = TAB1_MOLPCT[i] / 100.0;
        eT[i] = TAB1_T[i];
    }
    po.exp_x = ex;
    po.exp_T = eT;
    po.n_exp = 3;
    po.exp_label = "Table 1 (emf)";
    st = lq_plot_phase_diagram(m, t.sys, &po, fig, &d);
    if (st == LQ_OK)
        fprintf(out, "\n3. Figure: %s written in the current directory (like Figure 8).\n", fig);
    else {
        fprintf(out, "\n3. Figure: not written (%s)\n", d.msg);
        rc = LQA_EXIT_FAIL;
    }
    lq_map_free(m);
    lqa_thermo_close(&t);
    return rc;
}

const lqa_demo_section lqa_demo_map = {"map", "Phase diagram (Bi-Nd, seed 004 Figure 8)", run};
