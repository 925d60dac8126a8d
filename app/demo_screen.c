/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NdBi2 screen section of `liquidus demo` (seed 004 §2.4, §3.3): the bundled AB2 prototypes with
 * Nd and Bi substituted, ranked by the bundled formation-energy model. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "liquidus/ml.h"
#include "liquidus/screen.h"

static void report(FILE *out, const lq_screen_result *r, const lq_ml_model *m) {
    fprintf(out,
            "NdBi2 from %zu AB2/A2B prototypes (pymatgen's AFLOW set + La2Sb), Nd on the minority "
            "species,\ncell volume by Zen's law (Nd 34.19 + 2 Bi 35.39 A^3)/3 = 34.99 "
            "A^3/atom; %s (MAE %.3f eV/atom).\n"
            "  rank  prototype                              E_f eV/atom  flags\n",
            r->n, lq_ml_model_name(m), lq_ml_model_mae_eV_per_atom(m));
    for (size_t j = 0; j < r->n_ranked && j < 8; j++) {
        const lq_screen_row *w = &r->rows[r->order[j]];
        fprintf(out, "  %4zu  %-38s %11.4f  %s\n", w->rank, w->prototype, w->pred.eform_eV_per_atom,
                w->pred.reason);
    }
    size_t failed = r->n - r->n_ranked;
    if (failed) fprintf(out, "  (%zu candidates not ranked: see liquidus screen --out)\n", failed);
    fprintf(out,
            "The study ranked 26,055 configurations with SIPFENN and described NdBi2 by the\n"
            "anti-La2Sb and La2Te types after DFT.\n");
    for (size_t i = 0; i < r->n; i++)
        if (strstr(r->rows[i].prototype, "La2Sb"))
            fprintf(out,
                    "The study's anti-La2Sb type (La2Sb type, Nd on the Sb site): rank %zu of %zu, "
                    "E_f %.4f eV/atom.\n",
                    r->rows[i].rank, r->n_ranked, r->rows[i].pred.eform_eV_per_atom);
    fprintf(out,
            "The La2Te type is not bundled (no public crystal data): add its CIF with\n"
            "`liquidus screen NdBi2 --prototypes FILE --label La2Te`.\n");
}

static int run(const lqa_ctx *ctx, FILE *out) {
    char dir[4096];
    lqa_data_path(ctx, "prototypes/ab2", dir, sizeof dir);
    const char *paths[1] = {dir};
    lq_screen_prototypes set = {0};
    lq_ml_model *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_screen_prototypes_read(paths, 1, &set, &d);
    if (st == LQ_OK) st = lq_ml_model_read_default(&m, &d);
    lq_screen_result *r = NULL;
    if (st == LQ_OK) {
        lq_screen_options o = lq_screen_options_default();
        o.z[0] = 60;
        o.z[1] = 83;
        o.amount[0] = 1;
        o.amount[1] = 2;
        o.predict = lq_screen_predict_ml;
        o.predict_ctx = m;
        const char *names[128];
        for (size_t i = 0; i < set.n && i < 128; i++) names[i] = set.name[i];
        st = lq_screen_run((const lq_structure *const *)set.s, set.n <= 128 ? names : NULL, set.n,
                           &o, &r, &d);
    }
    if (st == LQ_OK) report(out, r, m);
    lq_screen_result_free(r);
    lq_ml_model_free(m);
    lq_screen_prototypes_free(&set);
    return st == LQ_OK ? LQA_EXIT_OK : lqa_fail("demo", st, &d);
}

const lqa_demo_section lqa_demo_screen = {"screen", "NdBi2 structure screen (seed 004)", run};
