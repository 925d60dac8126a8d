/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Formation energies and the 0 K lower convex hull in any number of elements, by linear
 * programming (dense simplex method with Bland's rule); formula parsing. Derivation: docs/dft.md.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"

/* ---------------------------------------------------------------- formulas */

typedef struct {
    const char *p;
    int *z;
    double *amount;
    size_t max, n;
    int depth;
} fparser;

static int add_element(fparser *f, int z, double a) {
    for (size_t i = 0; i < f->n; i++)
        if (f->z[i] == z) {
            f->amount[i] += a;
            return 0;
        }
    if (f->n >= f->max) return -1;
    f->z[f->n] = z;
    f->amount[f->n++] = a;
    return 0;
}

static int read_count(fparser *f, double *c) {
    const char *b = f->p;
    while (isdigit((unsigned char)*f->p) || *f->p == '.') f->p++;
    if (f->p == b) {
        *c = 1.0;
        return 0;
    }
    return lqi_dft_word_double(b, (size_t)(f->p - b), c) == 0 && *c > 0.0 ? 0 : -1;
}

/* group := (element count? | '(' group ')' count?)* ; multiplies what it reads by `mult`. */
static int parse_group(fparser *f, double mult) {
    if (++f->depth > 8) return -1;
    while (*f->p && *f->p != ')') {
        if (*f->p == '(') {
            /* Read the bracket into its own list, then add it times its count. */
            int zi[LQ_HULL_MAX_ELEMENTS];
            double ai[LQ_HULL_MAX_ELEMENTS];
            fparser in = {f->p + 1, zi, ai, LQ_HULL_MAX_ELEMENTS, 0, f->depth};
            if (parse_group(&in, 1.0) != 0 || *in.p != ')') return -1;
            f->p = in.p + 1;
            double c;
            if (read_count(f, &c) != 0) return -1;
            for (size_t i = 0; i < in.n; i++)
                if (add_element(f, zi[i], ai[i] * c * mult) != 0) return -1;
        } else if (isupper((unsigned char)*f->p)) {
            char sym[3] = {f->p[0], 0, 0};
            f->p++;
            if (islower((unsigned char)*f->p)) sym[1] = *f->p++;
            int z = lq_element_z(sym);
            if (!z || strcmp(lq_element_symbol(z), sym) != 0) return -1;
            double c;
            if (read_count(f, &c) != 0 || add_element(f, z, c * mult) != 0) return -1;
        } else {
            return -1;
        }
    }
    f->depth--;
    return 0;
}

lq_status lq_formula_parse(const char *formula, int *z, double *amount, size_t max, size_t *n) {
    if (!formula || !z || !amount || !n) return LQ_EINVAL;
    fparser f = {formula, z, amount, max < LQ_HULL_MAX_ELEMENTS ? max : LQ_HULL_MAX_ELEMENTS, 0, 0};
    while (*f.p == ' ') f.p++;
    if (parse_group(&f, 1.0) != 0 || *f.p != '\0' || f.n == 0) return LQ_EPARSE;
    *n = f.n;
    return LQ_OK;
}

/* ---------------------------------------------------------------- hull */

struct lq_hull {
    size_t n_el, n;
    double *x;      /* n x n_el atom fractions */
    double *eform;  /* n, eV/atom */
    double *eabove; /* n, eV/atom */
    size_t *ucomp;  /* n: index of the entry's distinct composition */
    double ref[LQ_HULL_MAX_ELEMENTS];
    /* Distinct compositions: lowest entry of each, and its decomposition. */
    size_t nu;
    size_t *ubest;    /* nu: entry with the lowest energy at that composition */
    size_t *dec_n;    /* nu */
    size_t *dec_idx;  /* nu x n_el entry indices */
    double *dec_frac; /* nu x n_el */
};

void lq_hull_free(lq_hull *h) {
    if (!h) return;
    lqi_free(h->x);
    lqi_free(h->eform);
    lqi_free(h->eabove);
    lqi_free(h->ucomp);
    lqi_free(h->ubest);
    lqi_free(h->dec_n);
    lqi_free(h->dec_idx);
    lqi_free(h->dec_frac);
    lqi_free(h);
}

size_t lq_hull_count(const lq_hull *h) { return h ? h->n : 0; }

double lq_hull_reference_eV_per_atom(const lq_hull *h, size_t k) {
    return (h && k < h->n_el) ? h->ref[k] : (double)NAN;
}

/*
 * min c.l subject to A l = b, l >= 0, with A (column j = composition of candidate j, stored as m
 * rows of d: candidate j's fractions at A + j d), by the
 * library's simplex (lqi_lp_solve) from the feasible basis of the d elemental candidates (column j
 * = unit vector), listed in `elem_col`. Bland's rule (lowest index enters, lowest basis index
 * leaves on ties) prevents cycling on the degenerate vertices that compositions on hull edges
 * produce.
 */
typedef struct {
    lqi_lp_ws *lp;
    size_t basis[LQ_HULL_MAX_ELEMENTS];
    double rhs[LQ_HULL_MAX_ELEMENTS], mu[LQ_HULL_MAX_ELEMENTS];
} lp_ws;

static lq_status lp_solve(lp_ws *w, const double *A, const double *c, size_t d, size_t m,
                          const double *b, const size_t *elem_col, double *value) {
    lqi_lp lp;
    memset(&lp, 0, sizeof lp);
    lp.d = d;
    lp.nblocks = 1;
    lp.block[0] = (lqi_lp_block){A, c, m};
    lp.n = m;
    lp.bland = 1;
    lp.tol = 1e-12;
    lp.max_iter = 50 * (m + d) + 1000;
    memcpy(w->basis, elem_col, d * sizeof *w->basis);
    lq_status st = lqi_lp_solve(&lp, b, w->basis, w->rhs, w->mu, value, w->lp);
    /* unbounded or a singular basis cannot happen for compositions: report as not converged */
    return st == LQ_OK || st == LQ_ENOMEM ? st : LQ_ENOCONV;
}

/* qsort has no context argument in C11: sort an index array holding pointers to rows. */
typedef struct {
    const double *x;
    double e;
    size_t idx;
    size_t n_el;
} row_ref;

static int cmp_rows(const void *pa, const void *pb) {
    const row_ref *a = pa, *b = pb;
    for (size_t k = 0; k < a->n_el; k++) {
        if (a->x[k] < b->x[k]) return -1;
        if (a->x[k] > b->x[k]) return 1;
    }
    if (a->e < b->e) return -1;
    if (a->e > b->e) return 1;
    return a->idx < b->idx ? -1 : (a->idx > b->idx);
}

static int same_comp(const double *a, const double *b, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (fabs(a[k] - b[k]) > 1e-9) return 0;
    return 1;
}

lq_status lq_hull_build(size_t n_el, const int *z, const double *amounts, const double *energy_eV,
                        size_t n_entries, lq_hull **out, lq_diag *diag) {
    if (!z || !amounts || !energy_eV || !out || n_el == 0 || n_el > LQ_HULL_MAX_ELEMENTS ||
        n_entries == 0)
        return LQ_EINVAL;
    for (size_t i = 0; i < n_entries; i++) {
        double tot = 0.0;
        for (size_t k = 0; k < n_el; k++) {
            double a = amounts[i * n_el + k];
            if (!(a >= 0.0) || !isfinite(a))
                return lqi_diag_set(diag, LQ_EINVAL, NULL, (long)i + 1, "amount",
                                    "entry %zu: negative or non-finite amount", i + 1);
            tot += a;
        }
        if (!(tot > 0.0) || !isfinite(energy_eV[i]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, (long)i + 1, "entry",
                                "entry %zu: no atoms or non-finite energy", i + 1);
    }
    lq_hull *h = lqi_calloc(1, sizeof *h);
    if (!h) return LQ_ENOMEM;
    h->n_el = n_el;
    h->n = n_entries;
    h->x = lqi_malloc_array(n_entries * n_el, sizeof *h->x);
    h->eform = lqi_malloc_array(n_entries, sizeof *h->eform);
    h->eabove = lqi_malloc_array(n_entries, sizeof *h->eabove);
    h->ucomp = lqi_malloc_array(n_entries, sizeof *h->ucomp);
    row_ref *rows = lqi_malloc_array(n_entries, sizeof *rows);
    double *epa = lqi_malloc_array(n_entries, sizeof *epa);
    lp_ws w;
    w.lp = NULL;
    double *A = NULL, *c = NULL, *hullv = NULL;
    lq_status st = LQ_ENOMEM;
    if (!h->x || !h->eform || !h->eabove || !h->ucomp || !rows || !epa) goto done;

    /* Per-atom energies, fractions, elemental references (lowest per-atom energy). */
    for (size_t k = 0; k < n_el; k++) h->ref[k] = (double)INFINITY;
    for (size_t i = 0; i < n_entries; i++) {
        double tot = 0.0;
        for (size_t k = 0; k < n_el; k++) tot += amounts[i * n_el + k];
        epa[i] = energy_eV[i] / tot;
        size_t nonzero = 0, which = 0;
        for (size_t k = 0; k < n_el; k++) {
            h->x[i * n_el + k] = amounts[i * n_el + k] / tot;
            if (amounts[i * n_el + k] > 0.0) {
                nonzero++;
                which = k;
            }
        }
        if (nonzero == 1 && epa[i] < h->ref[which]) h->ref[which] = epa[i];
    }
    for (size_t k = 0; k < n_el; k++)
        if (!isfinite(h->ref[k])) {
            st = lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "reference",
                              "no elemental entry for %s: its reference energy is unknown",
                              lq_element_symbol(z[k]) ? lq_element_symbol(z[k]) : "?");
            goto done;
        }
    for (size_t i = 0; i < n_entries; i++) {
        double e = epa[i];
        for (size_t k = 0; k < n_el; k++) e -= h->x[i * n_el + k] * h->ref[k];
        h->eform[i] = e;
        rows[i] = (row_ref){&h->x[i * n_el], e, i, n_el};
    }
    /* Distinct compositions and the lowest entry of each. */
    qsort(rows, n_entries, sizeof *rows, cmp_rows);
    h->ubest = lqi_malloc_array(n_entries, sizeof *h->ubest);
    if (!h->ubest) goto done;
    for (size_t r = 0; r < n_entries; r++) {
        if (r == 0 || !same_comp(rows[r].x, rows[r - 1].x, n_el)) h->ubest[h->nu++] = rows[r].idx;
        h->ucomp[rows[r].idx] = h->nu - 1;
    }
    size_t nu = h->nu;
    h->dec_n = lqi_malloc_array(nu, sizeof *h->dec_n);
    h->dec_idx = lqi_malloc_array(nu * n_el, sizeof *h->dec_idx);
    h->dec_frac = lqi_malloc_array(nu * n_el, sizeof *h->dec_frac);
    A = lqi_malloc_array(n_el * nu, sizeof *A);
    c = lqi_malloc_array(nu, sizeof *c);
    hullv = lqi_malloc_array(nu, sizeof *hullv);
    if (!h->dec_n || !h->dec_idx || !h->dec_frac || !A || !c || !hullv ||
        lqi_lp_ws_alloc(n_el, &w.lp) != LQ_OK)
        goto done;
    size_t elem_col[LQ_HULL_MAX_ELEMENTS];
    for (size_t k = 0; k < n_el; k++) elem_col[k] = nu;
    for (size_t u = 0; u < nu; u++) {
        size_t i = h->ubest[u];
        for (size_t k = 0; k < n_el; k++) {
            A[u * n_el + k] = h->x[i * n_el + k];
            if (h->x[i * n_el + k] == 1.0) elem_col[k] = u;
        }
        /* The lowest elemental entry has eform exactly 0 by construction. */
        c[u] = h->eform[i];
    }
    for (size_t u = 0; u < nu; u++) {
        size_t i = h->ubest[u];
        double v;
        st = lp_solve(&w, A, c, n_el, nu, &h->x[i * n_el], elem_col, &v);
        if (st != LQ_OK) {
            lqi_diag_set(diag, st, NULL, 0, "hull", "simplex method did not converge");
            goto done;
        }
        size_t nd = 0;
        for (size_t r = 0; r < n_el; r++)
            if (w.rhs[r] > 1e-12) {
                h->dec_idx[u * n_el + nd] = h->ubest[w.basis[r]];
                h->dec_frac[u * n_el + nd] = w.rhs[r];
                nd++;
            }
        h->dec_n[u] = nd;
        hullv[u] = v;
    }
    /* Energy above hull: e_i - hull(x_i), clipped at 0 (rounding). */
    for (size_t i = 0; i < n_entries; i++) {
        double d = h->eform[i] - hullv[h->ucomp[i]];
        h->eabove[i] = d > 0.0 ? d : 0.0;
    }
    st = LQ_OK;
done:
    lqi_free(rows);
    lqi_free(epa);
    lqi_free(A);
    lqi_free(c);
    lqi_free(hullv);
    lqi_lp_ws_free(w.lp);
    if (st != LQ_OK) {
        lq_hull_free(h);
        return st;
    }
    *out = h;
    return LQ_OK;
}

lq_status lq_hull_entry(const lq_hull *h, size_t i, double *eform_eV_per_atom,
                        double *e_above_hull_eV_per_atom) {
    if (!h || i >= h->n) return LQ_EINVAL;
    if (eform_eV_per_atom) *eform_eV_per_atom = h->eform[i];
    if (e_above_hull_eV_per_atom) *e_above_hull_eV_per_atom = h->eabove[i];
    return LQ_OK;
}

lq_status lq_hull_decomposition(const lq_hull *h, size_t i, size_t *idx, double *frac, size_t max,
                                size_t *n) {
    if (!h || i >= h->n || !n || (max && (!idx || !frac))) return LQ_EINVAL;
    size_t u = h->ucomp[i], nd = h->dec_n[u];
    /* A stable entry that is not the lowest at its composition cannot be: ties decompose into the
     * lowest one, which is what pymatgen reports too. */
    for (size_t k = 0; k < nd && k < max; k++) {
        idx[k] = h->dec_idx[u * h->n_el + k];
        frac[k] = h->dec_frac[u * h->n_el + k];
    }
    *n = nd;
    return LQ_OK;
}

lq_status lq_hull_energy(const lq_hull *h, const double *x, double *e_eV_per_atom) {
    if (!h || !x || !e_eV_per_atom) return LQ_EINVAL;
    double s = 0.0;
    for (size_t k = 0; k < h->n_el; k++) {
        if (!(x[k] >= 0.0)) return LQ_EINVAL;
        s += x[k];
    }
    if (fabs(s - 1.0) > 1e-9) return LQ_EINVAL;
    size_t nu = h->nu, d = h->n_el;
    double *A = lqi_malloc_array(d * nu, sizeof *A);
    double *c = lqi_malloc_array(nu, sizeof *c);
    lp_ws w;
    w.lp = NULL;
    lq_status st = LQ_ENOMEM;
    if (A && c && lqi_lp_ws_alloc(d, &w.lp) == LQ_OK) {
        size_t elem_col[LQ_HULL_MAX_ELEMENTS];
        for (size_t u = 0; u < nu; u++) {
            size_t i = h->ubest[u];
            for (size_t k = 0; k < d; k++) {
                A[u * d + k] = h->x[i * d + k];
                if (h->x[i * d + k] == 1.0) elem_col[k] = u;
            }
            c[u] = h->eform[i];
        }
        st = lp_solve(&w, A, c, d, nu, x, elem_col, e_eV_per_atom);
    }
    lqi_free(A);
    lqi_free(c);
    lqi_lp_ws_free(w.lp);
    return st;
}
