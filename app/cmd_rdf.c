/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus rdf`: partial g(r), running coordination numbers and first shells from a LAMMPS dump
 * (written by LAMMPS or by liquidus), plus the mean density. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/md.h"
#include "liquidus/plot.h"

#define CMD "rdf"

static int write_csv(const char *path, const char *src, const lq_md_trajectory *t,
                     const lq_md_rdf_data *rd, lq_diag *d) {
    size_t nb = rd->n_bins, np = rd->n_pairs;
    const double *r = rd->r_A, *g = rd->g, *ca = rd->cn_ab, *cb = rd->cn_ba;
    size_t ncol = 1 + 3 * np;
    char(*names)[48] = calloc(ncol, sizeof *names);
    const char **nm = calloc(ncol, sizeof *nm);
    double *row = calloc(ncol, sizeof *row);
    lq_status st = names && nm && row ? LQ_OK : LQ_ENOMEM;
    for (size_t c = 0; st == LQ_OK && c < ncol; c++) nm[c] = names[c];
    if (st == LQ_OK) snprintf(names[0], sizeof names[0], "r_A");
    for (size_t a = 0, p = 0; st == LQ_OK && a < t->n_species; a++)
        for (size_t b = a; b < t->n_species; b++, p++) {
            const char *A = t->species[a].name, *B = t->species[b].name;
            snprintf(names[1 + p], sizeof names[0], "g_%s_%s", A, B);
            snprintf(names[1 + np + p], sizeof names[0], "cn_%s_around_%s", B, A);
            snprintf(names[1 + 2 * np + p], sizeof names[0], "cn_%s_around_%s", A, B);
        }
    char comment[512];
    snprintf(comment, sizeof comment,
             "liquidus rdf of %s (%zu frames): partial g(r) (ideal gas = 1) and running "
             "coordination numbers (mean number of the first species within r of the second); "
             "r in Angstrom",
             src, t->n_frames);
    lq_csv *c = NULL;
    if (st == LQ_OK) st = lq_csv_open(path, nm, ncol, comment, &c, d);
    for (size_t k = 0; st == LQ_OK && k < nb; k++) {
        row[0] = r[k];
        for (size_t p = 0; p < np; p++) {
            row[1 + p] = g[p * nb + k];
            row[1 + np + p] = ca[p * nb + k];
            row[1 + 2 * np + p] = cb[p * nb + k];
        }
        st = lq_csv_row(c, row, ncol);
    }
    if (c) {
        if (st == LQ_OK)
            st = lq_csv_close(c, d);
        else
            lq_csv_abort(c);
    }
    free(names);
    free(nm);
    free(row);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, d);
}

static int plot_rdf(const char *path, const lq_md_trajectory *t, const lq_md_rdf_data *rd,
                    lq_diag *d) {
    size_t nb = rd->n_bins, np = rd->n_pairs;
    const double *r = rd->r_A, *g = rd->g, *ca = rd->cn_ab;
    const lq_md_rdf_pair *pairs = rd->pairs;
    lq_plot *p = NULL;
    lq_status st = lq_plot_create("Partial g(r) (solid) and running coordination (dashed)", "r / A",
                                  "g(r), CN", &p);
    double gmax = 1.0;
    for (size_t i = 0; i < np * nb; i++)
        if (g[i] > gmax) gmax = g[i];
    for (size_t q = 0; st == LQ_OK && q < np; q++) {
        const char *A = t->species[pairs[q].a].name, *B = t->species[pairs[q].b].name;
        char lab[40];
        snprintf(lab, sizeof lab, "%.16s-%.16s", A, B);
        lq_plot_style s = {0};
        double pal[6][3] = {{0, .45, .7},   {.84, .37, 0},   {0, .62, .45},
                            {.8, .47, .65}, {.34, .71, .91}, {.9, .6, 0}};
        for (int k = 0; k < 3; k++) s.rgb[k] = pal[q % 6][k];
        s.alpha = 1;
        st = lq_plot_add_line(p, r, g + q * nb, nb, &s, lab);
        s.dashed = 1;
        if (st == LQ_OK) st = lq_plot_add_line(p, r, ca + q * nb, nb, &s, NULL);
        if (st == LQ_OK && pairs[q].has_min) {
            char ann[128];
            snprintf(ann, sizeof ann, "%s: CN %.2f at %.2f A", lab, pairs[q].cn_ab,
                     pairs[q].r_min_A);
            st = lq_plot_add_annotation(p, pairs[q].r_min_A, pairs[q].g_min, ann);
        }
    }
    if (st == LQ_OK) st = lq_plot_set_yrange(p, 0.0, 1.1 * gmax);
    if (st == LQ_OK) st = lq_plot_save(p, path, 520, 360, d);
    lq_plot_free(p);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, d);
}

static int print_json(const char *file, const lq_md_trajectory *t, const lq_md_rdf_data *rd) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "file", file);
    cJSON_AddNumberToObject(j, "frames", (double)t->n_frames);
    cJSON_AddNumberToObject(j, "atoms", (double)t->n_atoms);
    cJSON_AddNumberToObject(j, "rmax_A", rd->r_max_A);
    cJSON_AddNumberToObject(j, "dr_A", rd->dr_A);
    if (rd->have_density) {
        cJSON_AddNumberToObject(j, "density_g_cm3", rd->density_g_cm3);
        if (isfinite(rd->density_err_g_cm3))
            cJSON_AddNumberToObject(j, "density_err_g_cm3", rd->density_err_g_cm3);
    }
    cJSON *arr = cJSON_AddArrayToObject(j, "pairs");
    for (size_t q = 0; q < rd->n_pairs; q++) {
        const lq_md_rdf_pair *pq = &rd->pairs[q];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "a", t->species[pq->a].name);
        cJSON_AddStringToObject(o, "b", t->species[pq->b].name);
        /* errors: block standard errors, null when there are too few frames */
        if (isfinite(pq->r_peak_A)) {
            cJSON_AddNumberToObject(o, "r_peak_A", pq->r_peak_A);
            cJSON_AddNumberToObject(o, "r_peak_err_A", pq->r_peak_err_A);
            cJSON_AddNumberToObject(o, "g_peak", pq->g_peak);
            cJSON_AddNumberToObject(o, "g_peak_err", pq->g_peak_err);
        }
        if (pq->has_min) {
            cJSON_AddNumberToObject(o, "r_min_A", pq->r_min_A);
            cJSON_AddNumberToObject(o, "r_min_err_A", pq->r_min_err_A);
            cJSON_AddNumberToObject(o, "cn_b_around_a", pq->cn_ab);
            cJSON_AddNumberToObject(o, "cn_b_around_a_err", pq->cn_ab_err);
            cJSON_AddNumberToObject(o, "cn_a_around_b", pq->cn_ba);
            cJSON_AddNumberToObject(o, "cn_a_around_b_err", pq->cn_ba_err);
        }
        cJSON_AddNumberToObject(o, "error_blocks", (double)pq->n_blocks);
        cJSON_AddItemToArray(arr, o);
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_write(j, "-", &d);
    cJSON_Delete(j);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static void print_text(const char *file, const lq_md_trajectory *t, const lq_md_rdf_data *rd) {
    printf("%s: %zu frames of %zu atoms, r <= %g A, bins of %g A\n", file, t->n_frames, t->n_atoms,
           rd->r_max_A, rd->dr_A);
    if (rd->have_density && isfinite(rd->density_err_g_cm3))
        printf("density %.5f +- %.5f g/cm^3 (mean over frames, block error)\n", rd->density_g_cm3,
               rd->density_err_g_cm3);
    else if (rd->have_density)
        printf("density %.5f g/cm^3 (mean over frames)\n", rd->density_g_cm3);
    printf("%-12s %16s %14s %16s %16s %16s\n", "pair a-b", "r_peak/A", "g_peak", "r_min/A",
           "CN(b at a)", "CN(a at b)");
    for (size_t q = 0; q < rd->n_pairs; q++) {
        const lq_md_rdf_pair *pq = &rd->pairs[q];
        char lab[32];
        snprintf(lab, sizeof lab, "%s-%s", t->species[pq->a].name, t->species[pq->b].name);
        printf("%-12s %8.3f+-%-6.3f %7.3f+-%-5.3f", lab, pq->r_peak_A, pq->r_peak_err_A, pq->g_peak,
               pq->g_peak_err);
        if (pq->has_min)
            printf(" %8.3f+-%-6.3f %8.3f+-%-6.3f %8.3f+-%-6.3f\n", pq->r_min_A, pq->r_min_err_A,
                   pq->cn_ab, pq->cn_ab_err, pq->cn_ba, pq->cn_ba_err);
        else
            printf(" %16s %16s %16s   (no first minimum inside r_max)\n", "-", "-", "-");
    }
    if (rd->n_pairs > 0)
        printf(
            "errors: standard errors over %zu blocks of consecutive frames (nan: fewer than 8 "
            "frames, or a block without the shell)\n",
            rd->pairs[0].n_blocks);
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *types = NULL, *out = NULL, *plot = NULL;
    double rmax = (double)NAN, dr = 0.05;
    long skip = 0, every = 1, count = 0;
    const lqa_opt opts[] = {
        {"types", LQA_STRING, &types, "A,B,..",
         "names of LAMMPS types 1, 2, ... (no element column)"},
        {"rmax", LQA_DOUBLE, &rmax, "A",
         "largest r (default: half the shortest box edge, <= 15 A)"},
        {"dr", LQA_DOUBLE, &dr, "A", "bin width (default 0.05 A)"},
        {"skip", LQA_INT, &skip, "N", "frames to skip at the start (default 0)"},
        {"every", LQA_INT, &every, "N", "use every N-th frame (default 1)"},
        {"count", LQA_INT, &count, "N", "use at most N frames (default 0: all)"},
        {"out", LQA_STRING, &out, "CSV", "write r, g(r) of every pair and running CNs"},
        {"plot", LQA_STRING, &plot, "FILE", "figure of g(r) with CN (png/svg/pdf)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse(CMD, "liquidus rdf DUMP [options]   (DUMP: LAMMPS text dump)", opts,
                       sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error(CMD, "give one dump file");
    if (skip < 0 || every < 1 || count < 0)
        return lqa_usage_error(CMD, "--skip >= 0, --every >= 1, --count >= 0");
    if (!(dr > 0.0)) return lqa_usage_error(CMD, "--dr must be > 0");
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_trajectory t;
    lq_status st =
        lq_md_trajectory_read(pos[0], types, (size_t)skip, (size_t)every, (size_t)count, &t, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_md_rdf_data *rd = NULL;
    st = lq_md_rdf_trajectory_compute(&t, rmax, dr, &rd, &d);
    rc = st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
    if (rc == 0 && out) rc = write_csv(out, pos[0], &t, rd, &d);
    if (rc == 0 && plot) rc = plot_rdf(plot, &t, rd, &d);
    if (rc == 0 && ctx->json)
        rc = print_json(pos[0], &t, rd);
    else if (rc == 0)
        print_text(pos[0], &t, rd);
    lq_md_rdf_data_free(rd);
    lq_md_trajectory_free(&t);
    return rc;
}

const lq_cmd lq_cmd_rdf = {"rdf", "partial g(r), coordination numbers, density from a LAMMPS dump",
                           run};
