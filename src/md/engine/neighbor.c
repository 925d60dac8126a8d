/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Verlet neighbour lists with a skin, built through cell lists over owned and ghost atoms. */
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/md_internal.h"

/*
 * Periodicity by ghost atoms: images of atoms within r_list of a face are stored after the owned
 * atoms, so the force loop needs no minimum-image arithmetic. The list is a half list: an owned
 * pair (i, j) is kept when j > i, a pair (i, image of j shifted by s) when s is lexicographically
 * positive (its mirror (j, image of i shifted by -s) is then dropped). With r_list < L every
 * image pair within r_list is distinct, and with cutoff <= L/2 at most one image of a pair lies
 * within the cutoff (Allen & Tildesley, "Computer Simulation of Liquids", 2nd ed., sec. 5.3).
 * Owned atoms are stored in cell order (perm maps back to the system's order), so that the
 * neighbours of an atom, and their force accumulators, are close in memory. A full list (for
 * many-body potentials) keeps every pair (i, j != i) within r_list, images included.
 * Parallel builds: thread t scans a contiguous range of owned atoms into its own buffer and the
 * buffers are concatenated in thread order, so the list does not depend on the thread count.
 */

void lqi_md_nlist_free(lqi_md_nlist *nl) {
    if (!nl) return;
    lqi_free(nl->ghost_of);
    lqi_free(nl->ghost_first);
    for (int t = 0; t < LQI_MD_MAX_THREADS; t++) lqi_free(nl->tbuf[t]);
    lqi_free(nl->perm);
    lqi_free(nl->ghost_shift);
    lqi_free(nl->x);
    lqi_free(nl->xtype);
    lqi_free(nl->first);
    lqi_free(nl->neigh);
    lqi_free(nl->x_build);
    lqi_free(nl->cell_head_next);
    memset(nl, 0, sizeof *nl);
}

static int lex_positive(const int s[3]) {
    return s[2] > 0 || (s[2] == 0 && (s[1] > 0 || (s[1] == 0 && s[0] > 0)));
}

static lq_status grow_ghosts(lqi_md_nlist *nl, size_t need) {
    if (need <= nl->cap_ghost && nl->x) return LQ_OK;
    size_t cap = need + need / 4 + 16;
    size_t *go = lqi_realloc(nl->ghost_of, cap * sizeof *go);
    if (!go) return LQ_ENOMEM;
    nl->ghost_of = go;
    double *gs = lqi_realloc(nl->ghost_shift, 3 * cap * sizeof *gs);
    if (!gs) return LQ_ENOMEM;
    nl->ghost_shift = gs;
    double *x = lqi_realloc(nl->x, 3 * (nl->n_local + cap) * sizeof *x);
    if (!x) return LQ_ENOMEM;
    nl->x = x;
    int *xt = lqi_realloc(nl->xtype, (nl->n_local + cap) * sizeof *xt);
    if (!xt) return LQ_ENOMEM;
    nl->xtype = xt;
    nl->cap_ghost = cap;
    return LQ_OK;
}

void lqi_md_nlist_update(lqi_md_nlist *nl, const lq_md_system *sys) {
    for (size_t k = 0; k < nl->n_local; k++) {
        const double *xs = &sys->pos_A[3 * nl->perm[k]];
        nl->x[3 * k] = xs[0];
        nl->x[3 * k + 1] = xs[1];
        nl->x[3 * k + 2] = xs[2];
    }
    for (size_t g = 0; g < nl->n_ghost; g++) {
        const double *xo = &nl->x[3 * nl->ghost_of[g]];
        const double *s = &nl->ghost_shift[3 * g];
        double *xg = &nl->x[3 * (nl->n_local + g)];
        xg[0] = xo[0] + s[0] * sys->box_A[0];
        xg[1] = xo[1] + s[1] * sys->box_A[1];
        xg[2] = xo[2] + s[2] * sys->box_A[2];
    }
}

int lqi_md_nlist_stale(const lqi_md_nlist *nl, const lq_md_system *sys, double skin) {
    if (!nl->x_build || nl->n_local != sys->n_atoms) return 1;
    /* Distances between atoms scale with the box (NPT); a list stays valid while twice the
     * largest displacement (in scaled coordinates) plus the stretch of r_list is below the skin. */
    double stretch = 0;
    double sc[3];
    for (int d = 0; d < 3; d++) {
        sc[d] = sys->box_A[d] / nl->box_build[d];
        double e = fabs(sc[d] - 1.0) * nl->r_list;
        if (e > stretch) stretch = e;
    }
    double lim = 0.5 * (skin - stretch);
    if (lim <= 0) return 1;
    double lim2 = lim * lim;
    for (size_t i = 0; i < sys->n_atoms; i++) {
        double r2 = 0;
        for (int d = 0; d < 3; d++) {
            double dx = sys->pos_A[3 * i + (size_t)d] - nl->x_build[3 * i + (size_t)d] * sc[d];
            r2 += dx * dx;
        }
        if (r2 > lim2) return 1;
    }
    return 0;
}

/* Cell geometry of a build: cells of side >= r_list/2 over [-r_list, L + r_list). */
typedef struct cells {
    int nc[3];
    double cs[3];
    double r_list;
    const size_t *head, *next;
} cells;

static size_t cell_of(const cells *c, const double *x, int cc[3]) {
    for (int d = 0; d < 3; d++) {
        cc[d] = (int)floor((x[d] + c->r_list) / c->cs[d]);
        if (cc[d] < 0) cc[d] = 0;
        if (cc[d] >= c->nc[d]) cc[d] = c->nc[d] - 1;
    }
    return ((size_t)cc[0] * (size_t)c->nc[1] + (size_t)cc[1]) * (size_t)c->nc[2] + (size_t)cc[2];
}

/* Neighbours of owned atoms [lo, hi) into buf (capacity cap); first[i] gets offsets relative to
 * the start of buf. Returns the number found (which may exceed cap: then only cap are stored). */
static size_t scan_range(const lqi_md_nlist *nl, const cells *c, size_t lo, size_t hi, int *buf,
                         size_t cap, size_t *first) {
    const size_t n = nl->n_local, none = (size_t)-1;
    const double rl2 = c->r_list * c->r_list;
    size_t cnt = 0;
    for (size_t i = lo; i < hi; i++) {
        first[i] = cnt;
        const double *xi = &nl->x[3 * i];
        int cc[3];
        cell_of(c, xi, cc);
        for (int a = cc[0] - 2; a <= cc[0] + 2; a++) {
            if (a < 0 || a >= c->nc[0]) continue;
            for (int b = cc[1] - 2; b <= cc[1] + 2; b++) {
                if (b < 0 || b >= c->nc[1]) continue;
                for (int e = cc[2] - 2; e <= cc[2] + 2; e++) {
                    if (e < 0 || e >= c->nc[2]) continue;
                    size_t id =
                        ((size_t)a * (size_t)c->nc[1] + (size_t)b) * (size_t)c->nc[2] + (size_t)e;
                    for (size_t j = c->head[id]; j != none; j = c->next[j]) {
                        if (nl->full) {
                            if (j == i) continue;
                        } else if (j < n) {
                            if (j <= i) continue;
                        } else {
                            const double *sh = &nl->ghost_shift[3 * (j - n)];
                            const int s[3] = {(int)sh[0], (int)sh[1], (int)sh[2]};
                            if (!lex_positive(s)) continue;
                        }
                        const double *xj = &nl->x[3 * j];
                        double dx = xj[0] - xi[0], dy = xj[1] - xi[1], dz = xj[2] - xi[2];
                        if (dx * dx + dy * dy + dz * dz >= rl2) continue;
                        if (cnt < cap) buf[cnt] = (int)j;
                        cnt++;
                    }
                }
            }
        }
    }
    return cnt;
}

lq_status lqi_md_nlist_build(lqi_md_nlist *nl, lq_md_system *sys, double r_list, int full,
                             int nthreads) {
    const size_t n = sys->n_atoms;
    const double *L = sys->box_A;
    if (nl->n_local != n || !nl->first) {
        lqi_md_nlist_free(nl);
        nl->n_local = n;
        nl->first = lqi_malloc_array(n + 1, sizeof *nl->first);
        nl->ghost_first = lqi_malloc_array(n + 1, sizeof *nl->ghost_first);
        nl->x_build = lqi_malloc_array(3 * n, sizeof *nl->x_build);
        nl->perm = lqi_malloc_array(n, sizeof *nl->perm);
        if (!nl->first || !nl->ghost_first || !nl->x_build || !nl->perm) {
            lqi_md_nlist_free(nl);
            return LQ_ENOMEM;
        }
    }
    nl->r_list = r_list;
    nl->full = full;
    /* Wrap owned atoms into [0, L), counting box crossings in the image flags. */
    for (size_t i = 0; i < n; i++) {
        double x[3];
        int img[3];
        lqi_md_wrap(sys, i, x, img);
        for (int d = 0; d < 3; d++) {
            sys->pos_A[3 * i + (size_t)d] = x[d];
            sys->image[3 * i + (size_t)d] = img[d];
        }
    }
    /* Cells of side >= r_list/2 over [-r_list, L + r_list); neighbours lie within 2 cells.
     * Half-size cells cut the candidates scanned per atom from 27 r^3 to 15.6 r^3. */
    int nc[3];
    double cs[3];
    for (int d = 0; d < 3; d++) {
        nc[d] = (int)floor((L[d] + 2 * r_list) / (0.5 * r_list));
        if (nc[d] < 1) nc[d] = 1;
        cs[d] = (L[d] + 2 * r_list) / nc[d];
    }
    /* Sort owned atoms by cell (counting sort, stable: deterministic for given positions). */
    {
        size_t nsc = (size_t)nc[0] * (size_t)nc[1] * (size_t)nc[2];
        size_t *cnt = lqi_calloc(nsc + 1, sizeof *cnt);
        size_t *key = lqi_malloc_array(n, sizeof *key);
        if (!cnt || !key) {
            lqi_free(cnt);
            lqi_free(key);
            return LQ_ENOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            int c[3];
            for (int d = 0; d < 3; d++) {
                c[d] = (int)floor((sys->pos_A[3 * i + (size_t)d] + r_list) / cs[d]);
                if (c[d] < 0) c[d] = 0;
                if (c[d] >= nc[d]) c[d] = nc[d] - 1;
            }
            key[i] = ((size_t)c[0] * (size_t)nc[1] + (size_t)c[1]) * (size_t)nc[2] + (size_t)c[2];
            cnt[key[i] + 1]++;
        }
        for (size_t c = 0; c < nsc; c++) cnt[c + 1] += cnt[c];
        for (size_t i = 0; i < n; i++) nl->perm[cnt[key[i]]++] = i;
        lqi_free(cnt);
        lqi_free(key);
    }
    /* Count then make ghosts. */
    size_t ng = 0;
    for (int pass = 0; pass < 2; pass++) {
        ng = 0;
        for (size_t i = 0; i < n; i++) {
            const double *x = &sys->pos_A[3 * nl->perm[i]];
            if (pass == 1) nl->ghost_first[i] = ng;
            for (int sx = -1; sx <= 1; sx++)
                for (int sy = -1; sy <= 1; sy++)
                    for (int sz = -1; sz <= 1; sz++) {
                        const int s[3] = {sx, sy, sz};
                        if (!sx && !sy && !sz) continue;
                        int ok = 1;
                        for (int d = 0; d < 3 && ok; d++)
                            if ((s[d] == 1 && !(x[d] < r_list)) ||
                                (s[d] == -1 && !(x[d] >= L[d] - r_list)))
                                ok = 0;
                        if (!ok) continue;
                        if (pass == 1) {
                            nl->ghost_of[ng] = i;
                            for (int d = 0; d < 3; d++) nl->ghost_shift[3 * ng + (size_t)d] = s[d];
                            nl->xtype[n + ng] = sys->type[nl->perm[i]];
                        }
                        ng++;
                    }
        }
        if (pass == 0 && grow_ghosts(nl, ng) != LQ_OK) return LQ_ENOMEM;
    }
    nl->ghost_first[n] = ng;
    nl->n_ghost = ng;
    for (size_t k = 0; k < n; k++) nl->xtype[k] = sys->type[nl->perm[k]];
    lqi_md_nlist_update(nl, sys);
    memcpy(nl->x_build, sys->pos_A, 3 * n * sizeof *nl->x_build);
    memcpy(nl->box_build, sys->box_A, sizeof nl->box_build);

    size_t ncell = (size_t)nc[0] * (size_t)nc[1] * (size_t)nc[2];
    size_t nall = n + ng;
    const size_t none = (size_t)-1;
    if (nl->cap_cells < ncell + nall) {
        lqi_free(nl->cell_head_next);
        nl->cell_head_next = lqi_malloc_array(ncell + nall, sizeof(size_t));
        if (!nl->cell_head_next) {
            nl->cap_cells = 0;
            return LQ_ENOMEM;
        }
        nl->cap_cells = ncell + nall;
    }
    size_t *head = nl->cell_head_next, *next = head + ncell;
    for (size_t c = 0; c < ncell; c++) head[c] = none;
    cells cl = {{nc[0], nc[1], nc[2]}, {cs[0], cs[1], cs[2]}, r_list, head, next};
    /* Insert in reverse so that each cell lists its atoms in increasing index order. */
    for (size_t k = nall; k-- > 0;) {
        int cc[3];
        size_t id = cell_of(&cl, &nl->x[3 * k], cc);
        next[k] = head[id];
        head[id] = k;
    }
    int nt = nthreads < 1 ? 1 : (nthreads > LQI_MD_MAX_THREADS ? LQI_MD_MAX_THREADS : nthreads);
    if ((size_t)nt > n) nt = n > 0 ? (int)n : 1;
    /* Each thread's buffer starts at the expected count of its range (pair density of a uniform
     * system, 25 % margin) and grows after an overflowing pass, which is then repeated. */
    const double vol = L[0] * L[1] * L[2];
    const double per_atom =
        (double)n / vol * 4.0 / 3.0 * LQ_PI * r_list * r_list * r_list * (full ? 1.0 : 0.5);
    size_t cnt_t[LQI_MD_MAX_THREADS];
    for (int pass = 0;; pass++) {
        int run = pass == 0;
        for (int t = 0; t < nt; t++) {
            size_t lo = n * (size_t)t / (size_t)nt, hi = n * (size_t)(t + 1) / (size_t)nt;
            size_t est = (size_t)(1.25 * per_atom * (double)(hi - lo)) + 64;
            if (pass == 0 ? nl->tcap[t] >= est : cnt_t[t] <= nl->tcap[t]) continue;
            size_t want = pass == 0 ? est : cnt_t[t] + cnt_t[t] / 8 + 64;
            lqi_free(nl->tbuf[t]);
            nl->tbuf[t] = lqi_malloc_array(want, sizeof(int));
            nl->tcap[t] = nl->tbuf[t] ? want : 0;
            if (!nl->tbuf[t]) return LQ_ENOMEM;
            run = 1;
        }
        if (!run) break;
#pragma omp parallel for num_threads(nt) schedule(static, 1)
        for (int t = 0; t < nt; t++) {
            size_t lo = n * (size_t)t / (size_t)nt, hi = n * (size_t)(t + 1) / (size_t)nt;
            cnt_t[t] = scan_range(nl, &cl, lo, hi, nl->tbuf[t], nl->tcap[t], nl->first);
        }
    }
    size_t off[LQI_MD_MAX_THREADS + 1];
    off[0] = 0;
    for (int t = 0; t < nt; t++) {
        off[t + 1] = off[t] + cnt_t[t];
    }
    size_t cnt = off[nt];
    if (cnt > nl->cap_neigh || !nl->neigh) {
        size_t cap = cnt + cnt / 4 + 1024;
        lqi_free(nl->neigh);
        nl->neigh = lqi_malloc_array(cap, sizeof *nl->neigh);
        nl->cap_neigh = nl->neigh ? cap : 0;
        if (!nl->neigh) return LQ_ENOMEM;
    }
#pragma omp parallel for num_threads(nt) schedule(static, 1)
    for (int t = 0; t < nt; t++) {
        size_t lo = n * (size_t)t / (size_t)nt, hi = n * (size_t)(t + 1) / (size_t)nt;
        memcpy(nl->neigh + off[t], nl->tbuf[t], cnt_t[t] * sizeof(int));
        for (size_t i = lo; i < hi; i++) nl->first[i] += off[t];
    }
    nl->first[n] = cnt;
    nl->builds++;
    return LQ_OK;
}

void lqi_md_nlist_balance(const lqi_md_nlist *nl, int nt, size_t *lo) {
    const size_t n = nl->n_local, total = nl->first[n];
    lo[0] = 0;
    size_t i = 0;
    for (int t = 1; t < nt; t++) {
        /* first atom whose pairs start at or after t/nt of all pairs */
        size_t target =
            total / (size_t)nt * (size_t)t + total % (size_t)nt * (size_t)t / (size_t)nt;
        while (i < n && nl->first[i] < target) i++;
        lo[t] = i;
    }
    lo[nt] = n;
}

void lqi_md_nlist_reduce_for(const lqi_md_nlist *nl, const double *buf, int ncomp, int nt,
                             double *out_sys) {
    const size_t n = nl->n_local, nc = (size_t)ncomp, stride = nc * (n + nl->n_ghost);
#pragma omp for schedule(static)
    for (size_t k = 0; k < n; k++) {
        double s[16];
        for (size_t d = 0; d < nc; d++) {
            double v = buf[nc * k + d];
            for (int t = 1; t < nt; t++) v += buf[(size_t)t * stride + nc * k + d];
            s[d] = v;
        }
        /* ghosts of atom k, in the order they were made (the order of a serial fold) */
        for (size_t g = n + nl->ghost_first[k]; g < n + nl->ghost_first[k + 1]; g++)
            for (size_t d = 0; d < nc; d++) {
                double v = buf[nc * g + d];
                for (int t = 1; t < nt; t++) v += buf[(size_t)t * stride + nc * g + d];
                s[d] += v;
            }
        memcpy(&out_sys[nc * nl->perm[k]], s, nc * sizeof(double));
    }
}

void lqi_md_nlist_reduce(const lqi_md_nlist *nl, const double *buf, int ncomp, int nt,
                         double *out_sys, int nthreads) {
#pragma omp parallel num_threads(nthreads)
    lqi_md_nlist_reduce_for(nl, buf, ncomp, nt, out_sys);
}

void lqi_md_nlist_reduce_forces(const lqi_md_nlist *nl, double *fbuf, int nt, double *f_sys,
                                int nthreads) {
    lqi_md_nlist_reduce(nl, fbuf, 3, nt, f_sys, nthreads);
}
