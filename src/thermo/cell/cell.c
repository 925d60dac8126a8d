/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell potentials: options, results, reference conversion and the forward calculation from the
 * Gibbs energies of line compounds (lower convex hull, common tangents). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"
#include "thermo/cell/cell_internal.h"

void lq_cell_options_default(lq_cell_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->T_K = (double)NAN;
    opt->dx = 0.005;
    opt->E_metal_V = (double)NAN;
    opt->E_host_V = (double)NAN;
}

void lqi_cell_upper(char *dst, size_t size, const char *src) {
    size_t i = 0;
    for (; src && src[i] && i + 1 < size; i++) dst[i] = (char)toupper((unsigned char)src[i]);
    dst[i] = '\0';
}

int lqi_cell_symbol_z(const char *symbol) {
    char s[4];
    size_t n = symbol ? strlen(symbol) : 0;
    if (n == 0 || n > 2) return 0;
    s[0] = (char)toupper((unsigned char)symbol[0]);
    s[1] = n > 1 ? (char)tolower((unsigned char)symbol[1]) : '\0';
    s[2] = '\0';
    lq_element el;
    return lq_element_find(s, &el) == LQ_OK ? el.z : 0;
}

double lqi_cell_emf(double dmu_J_per_mol, int n_electrons) {
    /* Nd-Bi study Eqs. 5-6: n F E = -(mu_M - mu°_M). */
    return -dmu_J_per_mol / ((double)n_electrons * LQ_FARADAY_C_PER_MOL) + 0.0; /* no -0 */
}

void lqi_cell_convert(const lq_cell_result *r, double E_V, double *E_ref_V, double *E_scale_V) {
    double e_ref = isfinite(r->E_metal_V) ? E_V + r->E_metal_V : (double)NAN;
    if (E_ref_V) *E_ref_V = e_ref;
    if (E_scale_V) *E_scale_V = isfinite(r->phi_ref_V) ? e_ref + r->phi_ref_V : (double)NAN;
}

lq_status lqi_cell_check_options(const lq_cell_options *opt, lq_diag *diag) {
    if (!opt || !opt->metal || !opt->host || !opt->metal[0] || !opt->host[0])
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "metal",
                            "the metal and the host must be named");
    if (lqi_strcasecmp(opt->metal, opt->host) == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "host", "the metal and the host are both %s",
                            opt->metal);
    if (opt->n_electrons <= 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "n",
                            "n = %d: the charge number of %s^n+ must be >= 1", opt->n_electrons,
                            opt->metal);
    if (!isfinite(opt->T_K) || !(opt->T_K > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "temperature %g K is not > 0", opt->T_K);
    if (opt->ref && !isfinite(opt->E_metal_V) && isfinite(opt->E_host_V))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "E_metal",
                            "the host potential needs the potential of %s^%d+/%s on the same "
                            "reference",
                            opt->metal, opt->n_electrons, opt->metal);
    if ((isfinite(opt->E_metal_V) || isfinite(opt->E_host_V)) && !opt->ref)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "reference",
                            "potentials of the couples need the reference electrode they are "
                            "measured against");
    return LQ_OK;
}

lq_status lqi_cell_result_new(const lq_cell_options *opt, lq_cell_result **out, lq_diag *diag) {
    lq_cell_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    snprintf(r->metal, sizeof r->metal, "%s", opt->metal);
    snprintf(r->host, sizeof r->host, "%s", opt->host);
    r->n_electrons = opt->n_electrons;
    r->T_K = opt->T_K;
    if (opt->metal_phase) lqi_cell_upper(r->metal_phase, sizeof r->metal_phase, opt->metal_phase);
    r->E_metal_V = opt->E_metal_V;
    r->E_host_V = opt->E_host_V;
    r->phi_ref_V = (double)NAN;
    if (opt->ref) {
        snprintf(r->ref_name, sizeof r->ref_name, "%s", opt->ref->name);
        snprintf(r->ref_scale, sizeof r->ref_scale, "%s", opt->ref->scale);
        lq_status st = lq_echem_ref_potential(opt->ref, opt->T_K, &r->phi_ref_V);
        if (st != LQ_OK) {
            lqi_free(r);
            return lqi_diag_set(diag, st, NULL, 0, "reference", "bad reference electrode %s",
                                opt->ref->name);
        }
    }
    *out = r;
    return LQ_OK;
}

void lq_cell_result_free(lq_cell_result *r) {
    if (!r) return;
    lqi_free(r->points);
    lqi_free(r->fields);
    lqi_free(r->deposits);
    lqi_free(r);
}

/* mu_M - mu°_M of the two-phase field (a, b): the common tangent through (x_a, g_a) and
 * (x_b, g_b) evaluated at x = 1 (docs/cell-potentials.md, Eq. 3). */
static double tangent_dmu(double xa, double ga, double xb, double gb) {
    return ga + (1.0 - xa) * (gb - ga) / (xb - xa);
}

typedef struct hpt {
    double x, g;
    const char *name;
} hpt;

static int cmp_hpt(const void *a, const void *b) {
    const hpt *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return (p->g > q->g) - (p->g < q->g);
}

/* Lower hull of points sorted by x (Andrew's monotone chain); keeps collinear points out so that
 * each field has two phases. Returns the number of vertices written to v. */
static size_t lower_hull(const hpt *p, size_t n, hpt *v) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && fabs(p[i].x - v[m - 1].x) < 1e-12) continue; /* same x: lowest came first */
        while (m >= 2) {
            double cross = (v[m - 1].x - v[m - 2].x) * (p[i].g - v[m - 2].g) -
                           (v[m - 1].g - v[m - 2].g) * (p[i].x - v[m - 2].x);
            if (cross > 0.0) break;
            m--;
        }
        v[m++] = p[i];
    }
    return m;
}

/* g of the lower hull at x (v sorted, spanning [0, 1]). */
static double hull_at(const hpt *v, size_t m, double x) {
    for (size_t i = 1; i < m; i++)
        if (x <= v[i].x)
            return v[i - 1].g + (x - v[i - 1].x) * (v[i].g - v[i - 1].g) / (v[i].x - v[i - 1].x);
    return v[m - 1].g;
}

static lq_status compounds_fill(lq_cell_result *r, const lq_cell_compound *c, size_t n,
                                const char *host_name, const char *metal_name) {
    hpt *p = lqi_malloc_array(n + 2, sizeof *p), *v = lqi_malloc_array(n + 2, sizeof *v);
    r->deposits = lqi_calloc(n ? n : 1, sizeof *r->deposits);
    r->fields = lqi_calloc(n + 1, sizeof *r->fields);
    if (!p || !v || !r->deposits || !r->fields) {
        lqi_free(p);
        lqi_free(v);
        return LQ_ENOMEM;
    }
    p[0] = (hpt){0.0, 0.0, host_name};
    p[1] = (hpt){1.0, 0.0, metal_name};
    for (size_t i = 0; i < n; i++) p[i + 2] = (hpt){c[i].x, c[i].g_J_per_mol_atom, c[i].name};
    qsort(p, n + 2, sizeof *p, cmp_hpt);
    size_t m = lower_hull(p, n + 2, v);
    for (size_t i = 1; i < m; i++) {
        lq_cell_field *f = &r->fields[r->n_fields++];
        f->n_phases = 2;
        snprintf(f->phase[0], sizeof f->phase[0], "%s", v[i - 1].name);
        snprintf(f->phase[1], sizeof f->phase[1], "%s", v[i].name);
        f->x_lo = v[i - 1].x;
        f->x_hi = v[i].x;
        f->dmu_J_per_mol = tangent_dmu(v[i - 1].x, v[i - 1].g, v[i].x, v[i].g);
        f->E_V = lqi_cell_emf(f->dmu_J_per_mol, r->n_electrons);
        lqi_cell_convert(r, f->E_V, &f->E_ref_V, &f->E_scale_V);
    }
    for (size_t i = 0, k = 0; i < n + 2; i++) {
        if (p[i].x <= 0.0 || p[i].x >= 1.0) continue;
        lq_cell_deposit *d = &r->deposits[k++];
        snprintf(d->phase, sizeof d->phase, "%s", p[i].name);
        d->x = p[i].x;
        d->g_J_per_mol_atom = p[i].g;
        d->above_hull_J_per_mol_atom = p[i].g - hull_at(v, m, p[i].x);
        /* The tangent from the pure host (0, 0) through the compound, at x = 1. */
        d->E_V = lqi_cell_emf(p[i].g / p[i].x, r->n_electrons);
        lqi_cell_convert(r, d->E_V, &d->E_ref_V, &d->E_scale_V);
        r->n_deposits = k;
    }
    lqi_free(p);
    lqi_free(v);
    return LQ_OK;
}

lq_status lq_cell_from_compounds(const lq_cell_compound *c, size_t n, const lq_cell_options *opt,
                                 lq_cell_result **out, lq_diag *diag) {
    if (!out || (n && !c)) return LQ_EINVAL;
    lq_status st = lqi_cell_check_options(opt, diag);
    if (st != LQ_OK) return st;
    for (size_t i = 0; i < n; i++)
        if (!(c[i].x > 0.0 && c[i].x < 1.0) || !isfinite(c[i].g_J_per_mol_atom))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "compound",
                                "compound %zu (%s): x = %g must lie in (0, 1) and g be finite",
                                i + 1, c[i].name, c[i].x);
    lq_cell_result *r = NULL;
    st = lqi_cell_result_new(opt, &r, diag);
    if (st != LQ_OK) return st;
    if (!r->metal_phase[0]) snprintf(r->metal_phase, sizeof r->metal_phase, "%s", r->metal);
    st = compounds_fill(r, c, n, opt->host, opt->metal);
    if (st != LQ_OK) {
        lq_cell_result_free(r);
        return st;
    }
    *out = r;
    return LQ_OK;
}
