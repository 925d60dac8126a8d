/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Neighbour lists for deep potentials: every periodic image within rcut, any triclinic cell. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_internal.h"

/* Cells are bins of fractional coordinates, nb[a] along lattice vector a, each at least as wide
 * (perpendicular to the other two vectors) as rcut when the cell allows; a neighbour of an atom
 * in bin b then lies in bins b-k..b+k with k = ceil(rcut / bin width), and wrapping a bin index
 * gives the image shift. Distinct offsets give distinct (bin, shift) pairs, so no image is
 * counted twice even when the cell is narrower than 2 rcut. */

typedef struct grow {
    size_t n, cap;
    size_t *j;
    double *d, *r;
} grow;

static int grow_push(grow *g, size_t j, const double d[3], double r) {
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 1024;
        size_t *nj = lqi_realloc(g->j, cap * sizeof *nj);
        if (!nj) return 0;
        g->j = nj;
        double *nd = lqi_realloc(g->d, 3 * cap * sizeof *nd);
        if (!nd) return 0;
        g->d = nd;
        double *nr = lqi_realloc(g->r, cap * sizeof *nr);
        if (!nr) return 0;
        g->r = nr;
        g->cap = cap;
    }
    g->j[g->n] = j;
    memcpy(g->d + 3 * g->n, d, 3 * sizeof *d);
    g->r[g->n++] = r;
    return 1;
}

static double det3(const double h[9]) {
    return h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) +
           h[2] * (h[3] * h[7] - h[4] * h[6]);
}

/* inverse of a 3x3 row-major matrix */
static void inv3(const double h[9], double det, double out[9]) {
    out[0] = (h[4] * h[8] - h[5] * h[7]) / det;
    out[1] = (h[2] * h[7] - h[1] * h[8]) / det;
    out[2] = (h[1] * h[5] - h[2] * h[4]) / det;
    out[3] = (h[5] * h[6] - h[3] * h[8]) / det;
    out[4] = (h[0] * h[8] - h[2] * h[6]) / det;
    out[5] = (h[2] * h[3] - h[0] * h[5]) / det;
    out[6] = (h[3] * h[7] - h[4] * h[6]) / det;
    out[7] = (h[1] * h[6] - h[0] * h[7]) / det;
    out[8] = (h[0] * h[4] - h[1] * h[3]) / det;
}

typedef struct grid {
    double h[9], pos_off[3];
    int periodic;
    long nb[3], k[3];
    size_t *head, *next; /* linked cells */
    double *pw;          /* [3n] positions inside the cell */
    long *bin;           /* [3n] */
} grid;

static lq_status grid_setup(grid *g, size_t n, const double *pos, const double *box, double rcut,
                            lq_diag *diag) {
    memset(g->pos_off, 0, sizeof g->pos_off);
    g->periodic = box != NULL;
    if (box) {
        memcpy(g->h, box, sizeof g->h);
    } else { /* an open cluster: an orthogonal box around it, bins not wrapped */
        double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
        for (size_t i = 0; i < n; i++)
            for (size_t a = 0; a < 3; a++) {
                double x = pos[3 * i + a];
                if (i == 0 || x < lo[a]) lo[a] = x;
                if (i == 0 || x > hi[a]) hi[a] = x;
            }
        memset(g->h, 0, sizeof g->h);
        for (size_t a = 0; a < 3; a++) {
            g->h[4 * a] = hi[a] - lo[a] + 1.0;
            g->pos_off[a] = lo[a] - 0.5;
        }
    }
    double det = det3(g->h);
    if (!(fabs(det) > 1e-12) || !isfinite(det))
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "box", "the cell is singular (volume %g A^3)",
                            det);
    double inv[9];
    inv3(g->h, det, inv);
    size_t total = 1;
    for (size_t a = 0; a < 3; a++) {
        const double *u = g->h + 3 * ((a + 1) % 3), *v = g->h + 3 * ((a + 2) % 3);
        double cx = u[1] * v[2] - u[2] * v[1], cy = u[2] * v[0] - u[0] * v[2],
               cz = u[0] * v[1] - u[1] * v[0];
        double width = fabs(det) / sqrt(cx * cx + cy * cy + cz * cz);
        long nb = (long)floor(width / rcut);
        if (nb < 1) nb = 1;
        if (nb > 200) nb = 200;
        g->nb[a] = nb;
        g->k[a] = (long)ceil(rcut * (double)nb / width);
        if (!g->periodic && g->k[a] > nb) g->k[a] = nb;
        total *= (size_t)nb;
    }
    g->head = lqi_malloc_array(total, sizeof *g->head);
    g->next = lqi_malloc_array(n ? n : 1, sizeof *g->next);
    g->pw = lqi_malloc_array(3 * (n ? n : 1), sizeof *g->pw);
    g->bin = lqi_malloc_array(3 * (n ? n : 1), sizeof *g->bin);
    if (!g->head || !g->next || !g->pw || !g->bin) return LQ_ENOMEM;
    for (size_t c = 0; c < total; c++) g->head[c] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        double r[3], f[3];
        for (size_t a = 0; a < 3; a++) r[a] = pos[3 * i + a] - g->pos_off[a];
        for (size_t a = 0; a < 3; a++) {
            f[a] = r[0] * inv[a] + r[1] * inv[3 + a] + r[2] * inv[6 + a];
            if (!isfinite(f[a]))
                return lqi_diag_set(diag, LQ_EINVAL, "", 0, "coordinates",
                                    "atom %zu has a non-finite position", i);
            if (g->periodic) f[a] -= floor(f[a]);
            long b = (long)floor(f[a] * (double)g->nb[a]);
            g->bin[3 * i + a] = b < 0 ? 0 : b >= g->nb[a] ? g->nb[a] - 1 : b;
        }
        for (size_t a = 0; a < 3; a++)
            g->pw[3 * i + a] = f[0] * g->h[a] + f[1] * g->h[3 + a] + f[2] * g->h[6 + a];
        size_t c =
            (size_t)((g->bin[3 * i] * g->nb[1] + g->bin[3 * i + 1]) * g->nb[2] + g->bin[3 * i + 2]);
        g->next[i] = g->head[c];
        g->head[c] = i;
    }
    return LQ_OK;
}

static void grid_free(grid *g) {
    lqi_free(g->head);
    lqi_free(g->next);
    lqi_free(g->pw);
    lqi_free(g->bin);
}

static long floor_div(long a, long b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* All neighbours of atom i into gr. */
static int neighbours_of(const grid *g, size_t i, double rc2, grow *gr) {
    long o[3], s[3], b[3];
    for (o[0] = -g->k[0]; o[0] <= g->k[0]; o[0]++)
        for (o[1] = -g->k[1]; o[1] <= g->k[1]; o[1]++)
            for (o[2] = -g->k[2]; o[2] <= g->k[2]; o[2]++) {
                int skip = 0;
                for (size_t a = 0; a < 3; a++) {
                    long raw = g->bin[3 * i + a] + o[a];
                    s[a] = floor_div(raw, g->nb[a]);
                    b[a] = raw - s[a] * g->nb[a];
                    if (!g->periodic && s[a] != 0) skip = 1;
                }
                if (skip) continue;
                double shift[3];
                for (size_t a = 0; a < 3; a++)
                    shift[a] = (double)s[0] * g->h[a] + (double)s[1] * g->h[3 + a] +
                               (double)s[2] * g->h[6 + a];
                size_t c = (size_t)((b[0] * g->nb[1] + b[1]) * g->nb[2] + b[2]);
                for (size_t j = g->head[c]; j != (size_t)-1; j = g->next[j]) {
                    if (j == i && !s[0] && !s[1] && !s[2]) continue;
                    double d[3], r2 = 0;
                    for (size_t a = 0; a < 3; a++) {
                        d[a] = g->pw[3 * j + a] + shift[a] - g->pw[3 * i + a];
                        r2 += d[a] * d[a];
                    }
                    if (r2 < rc2 && !grow_push(gr, j, d, sqrt(r2))) return 0;
                }
            }
    return 1;
}

lq_status lqi_dp_nlist_build(size_t n, const double *pos, const double *box, double rcut,
                             dpi_nlist *nl, lq_diag *diag) {
    memset(nl, 0, sizeof *nl);
    grid g = {0};
    lq_status st = grid_setup(&g, n, pos, box, rcut, diag);
    grow gr = {0};
    size_t *start = st == LQ_OK ? lqi_malloc_array(n + 1, sizeof *start) : NULL;
    if (st == LQ_OK && !start) st = LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < n; i++) {
        start[i] = gr.n;
        if (!neighbours_of(&g, i, rcut * rcut, &gr)) st = LQ_ENOMEM;
    }
    grid_free(&g);
    if (st != LQ_OK) {
        lqi_free(start);
        lqi_free(gr.j);
        lqi_free(gr.d);
        lqi_free(gr.r);
        return st;
    }
    start[n] = gr.n;
    nl->n_atoms = n;
    nl->start = start;
    nl->j = gr.j;
    nl->d = gr.d;
    nl->r = gr.r;
    return LQ_OK;
}

void lqi_dp_nlist_free(dpi_nlist *nl) {
    if (!nl) return;
    lqi_free(nl->start);
    lqi_free(nl->j);
    lqi_free(nl->d);
    lqi_free(nl->r);
    memset(nl, 0, sizeof *nl);
}
