/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crystal graph of MEGNet: every periodic image of every atom within the cut-off radius. */
#include <math.h>
#include <string.h>

#include "ml/ml_internal.h"

/* As matgl.ext._pymatgen_dgl.Structure2Graph (pymatgen's find_points_in_spheres with r = cutoff,
 * tol 1e-8): one directed edge per ordered pair (i, j, image n) with
 * 0 < |r_j + n.L - r_i| <= rc, the pair of an atom with itself in the home cell dropped. Both
 * directions of every bond are present, so the edge set is symmetric. */

#define GRAPH_MAX_IMAGES 1000000L
#define SELF_TOL_A 1e-8

static lq_status push(lqi_ml_graph *g, int i, int j, double d) {
    if (g->n_edges == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 256;
        int *s = lqi_realloc(g->src, cap * sizeof *s);
        if (!s) return LQ_ENOMEM;
        g->src = s;
        int *t = lqi_realloc(g->dst, cap * sizeof *t);
        if (!t) return LQ_ENOMEM;
        g->dst = t;
        double *r = lqi_realloc(g->dist_A, cap * sizeof *r);
        if (!r) return LQ_ENOMEM;
        g->dist_A = r;
        g->cap = cap;
    }
    g->src[g->n_edges] = i;
    g->dst[g->n_edges] = j;
    g->dist_A[g->n_edges] = d;
    g->n_edges++;
    return LQ_OK;
}

static void cross(const double a[3], const double b[3], double c[3]) {
    c[0] = a[1] * b[2] - a[2] * b[1];
    c[1] = a[2] * b[0] - a[0] * b[2];
    c[2] = a[0] * b[1] - a[1] * b[0];
}

lq_status lqi_ml_graph_build(const lq_structure *s, double rc, lqi_ml_graph *g, lq_diag *diag) {
    g->n_edges = 0;
    g->n_nodes = s->n_sites;
    const double(*L)[3] = s->lattice_A;
    for (int k = 0; k < 3; k++)
        for (int c = 0; c < 3; c++)
            if (!isfinite(L[k][c]))
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "lattice", "non-finite lattice");
    double vol = fabs(lq_structure_volume_A3(s));
    if (!(vol > 1e-6))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "lattice", "degenerate cell (volume %g A^3)",
                            vol);
    /* Images needed along axis k: the planes spanned by the other two vectors are d_k apart, so
     * |f_k + n_k| d_k <= rc with the fractional difference f_k in (-1, 1). */
    long nmax[3];
    double nimg = 1.0;
    for (int k = 0; k < 3; k++) {
        double c[3];
        cross(L[(k + 1) % 3], L[(k + 2) % 3], c);
        double d = vol / sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        double n = ceil(rc / d) + 1.0;
        nimg *= 2.0 * n + 1.0;
        if (!(nimg <= (double)GRAPH_MAX_IMAGES))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "lattice",
                                "cell too thin for the %.1f A cut-off (more than %ld images)", rc,
                                GRAPH_MAX_IMAGES);
        nmax[k] = (long)n;
    }
    const double rc2 = rc * rc;
    for (size_t i = 0; i < s->n_sites; i++) {
        for (size_t j = 0; j < s->n_sites; j++) {
            double df[3];
            for (int c = 0; c < 3; c++) {
                double x = s->frac[j][c] - s->frac[i][c];
                df[c] = x - floor(x); /* [0, 1): images cover the rest */
            }
            for (long a = -nmax[0]; a <= nmax[0]; a++)
                for (long b = -nmax[1]; b <= nmax[1]; b++)
                    for (long c = -nmax[2]; c <= nmax[2]; c++) {
                        double f0 = df[0] + (double)a, f1 = df[1] + (double)b,
                               f2 = df[2] + (double)c;
                        double r[3];
                        for (int q = 0; q < 3; q++)
                            r[q] = f0 * L[0][q] + f1 * L[1][q] + f2 * L[2][q];
                        double d2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
                        if (d2 > rc2) continue;
                        double d = sqrt(d2);
                        if (i == j && d <= SELF_TOL_A) continue;
                        lq_status st = push(g, (int)i, (int)j, d);
                        if (st != LQ_OK) return st;
                    }
        }
    }
    return LQ_OK;
}

void lqi_ml_graph_free(lqi_ml_graph *g) {
    if (!g) return;
    lqi_free(g->src);
    lqi_free(g->dst);
    lqi_free(g->dist_A);
    memset(g, 0, sizeof *g);
}
