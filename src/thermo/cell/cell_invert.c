/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From plateau potentials to Gibbs energies of formation: the common tangents read backwards
 * along the sequence of phases, with the reading uncertainty propagated exactly (linear map). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/dft.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"
#include "thermo/cell/cell_internal.h"

#define MAXP 32 /* phases in one sequence */

void lq_cell_inverse_options_default(lq_cell_inverse_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->T_K = (double)NAN;
    opt->E_metal_V = (double)NAN;
    opt->sigma_V = 0.005;
}

void lq_cell_inverse_free(lq_cell_inverse *inv) {
    if (!inv) return;
    lqi_free(inv->plateaus);
    lqi_free(inv->compounds);
    lqi_free(inv->g_cov);
    lqi_free(inv);
}

typedef struct seq_phase {
    const char *formula, *name;
    double x, atoms;
} seq_phase;

/* x of M in a formula of M and the host (the host's symbol alone gives 0). */
static lq_status formula_x(const char *f, int zm, int zh, double *x, double *atoms, lq_diag *diag) {
    int z[8];
    double a[8];
    size_t n = 0;
    if (!f || lq_formula_parse(f, z, a, 8, &n) != LQ_OK)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau", "'%s' is not a formula",
                            f ? f : "(null)");
    double nm = 0.0, nh = 0.0;
    for (size_t k = 0; k < n; k++) {
        if (z[k] == zm)
            nm += a[k];
        else if (z[k] == zh)
            nh += a[k];
        else
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                "'%s' holds %s, neither the metal %s nor the host %s", f,
                                lq_element_symbol(z[k]), lq_element_symbol(zm),
                                lq_element_symbol(zh));
    }
    *x = nm / (nm + nh);
    *atoms = nm + nh;
    return LQ_OK;
}

/* Distinct phases of the plateaus, sorted by x; pair[i][2] their indices in the sorted list. */
static lq_status collect(const lq_cell_plateau *p, size_t n, int zm, int zh, seq_phase *ph,
                         size_t *nph, size_t (*pair)[2], lq_diag *diag) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (int s = 0; s < 2; s++) {
            double x = 0.0, atoms = 0.0;
            lq_status st = formula_x(p[i].phase[s], zm, zh, &x, &atoms, diag);
            if (st != LQ_OK) return st;
            if (x >= 1.0)
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                    "plateau %s+%s: pure %s is the end of the sequence; give its "
                                    "potential as the metal's (E_metal), not as a plateau",
                                    p[i].phase[0], p[i].phase[1], lq_element_symbol(zm));
            size_t k = 0;
            while (k < m && fabs(ph[k].x - x) > 1e-9) k++;
            if (k == m) {
                if (m == MAXP)
                    return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau", "too many phases");
                ph[m++] = (seq_phase){p[i].phase[s], p[i].name[s], x, atoms};
            } else if (!ph[k].name) {
                ph[k].name = p[i].name[s];
            }
            if (k < m && strcmp(ph[k].formula, p[i].phase[s]) != 0) {
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                    "'%s' and '%s' have the same composition (x = %g): one phase "
                                    "cannot have two names",
                                    ph[k].formula, p[i].phase[s], x);
            }
        }
    for (size_t a = 1; a < m; a++) /* insertion sort by x: a handful of phases */
        for (size_t b = a; b > 0 && ph[b].x < ph[b - 1].x; b--) {
            seq_phase t = ph[b];
            ph[b] = ph[b - 1];
            ph[b - 1] = t;
        }
    for (size_t i = 0; i < n; i++)
        for (int s = 0; s < 2; s++) {
            size_t k = 0;
            while (strcmp(ph[k].formula, p[i].phase[s]) != 0) k++;
            pair[i][s] = k;
        }
    *nph = m;
    return LQ_OK;
}

/* Every plateau joins neighbours of the sequence, each neighbour pair once, the host first. */
static lq_status check_pairs(const lq_cell_plateau *p, size_t n, const seq_phase *ph, size_t m,
                             size_t (*pair)[2], size_t *of_pair, lq_diag *diag) {
    if (ph[0].x > 0.0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                            "no plateau with the pure host: the sequence must start at the host "
                            "(x = 0), its lowest phase is %s (x = %g)",
                            ph[0].formula, ph[0].x);
    for (size_t k = 0; k + 1 < m; k++) of_pair[k] = n;
    for (size_t i = 0; i < n; i++) {
        size_t a = pair[i][0] < pair[i][1] ? pair[i][0] : pair[i][1];
        size_t b = pair[i][0] < pair[i][1] ? pair[i][1] : pair[i][0];
        if (a == b)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                "plateau %zu (%s+%s) names one phase twice", i + 1, p[i].phase[0],
                                p[i].phase[1]);
        if (b != a + 1)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                "%s+%s is not a two-phase field of the sequence: %s (x = %g) lies "
                                "between %s (x = %g) and %s (x = %g)",
                                p[i].phase[0], p[i].phase[1], ph[a + 1].formula, ph[a + 1].x,
                                ph[a].formula, ph[a].x, ph[b].formula, ph[b].x);
        if (of_pair[a] != n)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                "%s+%s is given twice (plateaus %zu and %zu)", ph[a].formula,
                                ph[b].formula, of_pair[a] + 1, i + 1);
        of_pair[a] = i;
    }
    for (size_t k = 0; k + 1 < m; k++)
        if (of_pair[k] == n)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                "no plateau for the two-phase field %s+%s", ph[k].formula,
                                ph[k + 1].formula);
    return LQ_OK;
}

/* Potentials must fall from the host side towards M and stay above pure M (mu_M rises with x
 * along a stable sequence: the lower hull is convex). */
static lq_status check_order(const lq_cell_plateau *p, const seq_phase *ph, size_t m,
                             const size_t *of_pair, double E_metal, const char *metal,
                             lq_diag *diag) {
    for (size_t k = 0; k + 1 < m; k++) {
        double e = p[of_pair[k]].E_V;
        double next = k + 2 < m ? p[of_pair[k + 1]].E_V : E_metal;
        if (!(e > next))
            return lqi_diag_set(
                diag, LQ_EINVAL, NULL, 0, "plateau",
                "potentials in the wrong order: %s+%s at %.4f V must lie above (be more positive "
                "than) %s%s%s at %.4f V, the next field towards %s (potentials fall as x_%s rises)",
                ph[k].formula, ph[k + 1].formula, e, k + 2 < m ? ph[k + 1].formula : "pure ",
                k + 2 < m ? "+" : metal, k + 2 < m ? ph[k + 2].formula : "", next, metal, metal);
    }
    return LQ_OK;
}

/* g_i and its gradient over the readings (E_1..E_k, E_metal), then the covariance. */
static void solve(lq_cell_inverse *inv, const lq_cell_plateau *p, const seq_phase *ph, size_t m,
                  const size_t *of_pair) {
    size_t k = m - 1, nv = k + 1; /* readings: k plateaus and E_metal */
    double nF = (double)inv->n_electrons * LQ_FARADAY_C_PER_MOL;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * inv->T_K, s2 = inv->sigma_V * inv->sigma_V;
    double g_prev = 0.0, grad_prev[MAXP + 1] = {0}, grad[MAXP][MAXP + 1];
    for (size_t i = 1; i < m; i++) {
        const lq_cell_plateau *pl = &p[of_pair[i - 1]];
        lq_cell_inverse_plateau *q = &inv->plateaus[i - 1];
        q->x[0] = ph[i - 1].x;
        q->x[1] = ph[i].x;
        q->E_V = pl->E_V;
        q->E_vs_metal_V = pl->E_V - inv->E_metal_V;
        q->dmu_J_per_mol = -nF * q->E_vs_metal_V; /* Nd-Bi study Eq. 5 */
        q->dmu_sd_J_per_mol = nF * sqrt(2.0 * s2);
        q->ln_a = q->dmu_J_per_mol / RT;
        q->ln_a_sd = q->dmu_sd_J_per_mol / RT;
        /* the tangent through (x_{i-1}, g_{i-1}) and (x_i, g_i) meets x = 1 at dmu_i */
        double w = (ph[i].x - ph[i - 1].x) / (1.0 - ph[i - 1].x);
        double g = g_prev + (q->dmu_J_per_mol - g_prev) * w;
        for (size_t v = 0; v < nv; v++) grad[i - 1][v] = (1.0 - w) * grad_prev[v];
        grad[i - 1][i - 1] += -nF * w;
        grad[i - 1][k] += nF * w;
        lq_cell_compound *c = &inv->compounds[i - 1];
        snprintf(c->name, sizeof c->name, "%s", ph[i].name ? ph[i].name : ph[i].formula);
        c->x = ph[i].x;
        c->atoms_per_formula = ph[i].atoms;
        c->g_J_per_mol_atom = g;
        g_prev = g;
        memcpy(grad_prev, grad[i - 1], sizeof grad_prev);
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            double s = 0.0;
            for (size_t v = 0; v < nv; v++) s += grad[a][v] * grad[b][v] * s2;
            inv->g_cov[a * k + b] = s;
        }
    for (size_t a = 0; a < k; a++)
        inv->compounds[a].g_sd_J_per_mol_atom = sqrt(inv->g_cov[a * k + a]);
}

static void header(lq_cell_inverse *inv, const lq_cell_inverse_options *opt) {
    snprintf(inv->metal, sizeof inv->metal, "%s", opt->metal);
    snprintf(inv->host, sizeof inv->host, "%s", opt->host);
    inv->n_electrons = opt->n_electrons;
    inv->T_K = opt->T_K;
    inv->E_metal_V = opt->E_metal_V;
    inv->sigma_V = opt->sigma_V;
    if (opt->ref) {
        snprintf(inv->ref_name, sizeof inv->ref_name, "%s", opt->ref->name);
        snprintf(inv->ref_scale, sizeof inv->ref_scale, "%s", opt->ref->scale);
    }
    lqi_cell_upper(inv->metal_phase, sizeof inv->metal_phase,
                   opt->metal_phase ? opt->metal_phase : opt->metal);
    lqi_cell_upper(inv->host_phase, sizeof inv->host_phase,
                   opt->host_phase ? opt->host_phase : opt->host);
}

static lq_status check_opt(const lq_cell_inverse_options *opt, int *zm, int *zh, lq_diag *diag) {
    if (!opt || !opt->metal || !opt->host)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "metal",
                            "the metal and the host must be named");
    *zm = lqi_cell_symbol_z(opt->metal);
    *zh = lqi_cell_symbol_z(opt->host);
    if (!*zm || !*zh || *zm == *zh)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "metal",
                            "metal %s and host %s must be two element symbols", opt->metal,
                            opt->host);
    if (opt->n_electrons <= 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "n",
                            "n = %d: the charge number of %s^n+ must be >= 1", opt->n_electrons,
                            opt->metal);
    if (!isfinite(opt->T_K) || !(opt->T_K > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "temperature %g K is not > 0", opt->T_K);
    if (!isfinite(opt->E_metal_V))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "E_metal",
                            "the potential of pure %s (%s^%d+/%s) must be given", opt->metal,
                            opt->metal, opt->n_electrons, opt->metal);
    if (!isfinite(opt->sigma_V) || opt->sigma_V < 0.0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "sigma", "reading uncertainty %g V < 0",
                            opt->sigma_V);
    return LQ_OK;
}

lq_status lq_cell_invert(const lq_cell_plateau *p, size_t n, const lq_cell_inverse_options *opt,
                         lq_cell_inverse **out, lq_diag *diag) {
    if (!out || (n && !p)) return LQ_EINVAL;
    int zm = 0, zh = 0;
    lq_status st = check_opt(opt, &zm, &zh, diag);
    if (st != LQ_OK) return st;
    if (n == 0 || n >= MAXP)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                            "%zu plateaus: give between 1 and %d", n, MAXP - 1);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(p[i].E_V))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                                "plateau %zu: potential is not finite", i + 1);
    seq_phase ph[MAXP];
    size_t m = 0, pair[MAXP][2], of_pair[MAXP];
    st = collect(p, n, zm, zh, ph, &m, pair, diag);
    if (st == LQ_OK) st = check_pairs(p, n, ph, m, pair, of_pair, diag);
    if (st == LQ_OK) st = check_order(p, ph, m, of_pair, opt->E_metal_V, opt->metal, diag);
    if (st != LQ_OK) return st;
    lq_cell_inverse *inv = lqi_calloc(1, sizeof *inv);
    if (inv) {
        inv->plateaus = lqi_calloc(m - 1, sizeof *inv->plateaus);
        inv->compounds = lqi_calloc(m - 1, sizeof *inv->compounds);
        inv->g_cov = lqi_malloc_array((m - 1) * (m - 1), sizeof *inv->g_cov);
    }
    if (!inv || !inv->plateaus || !inv->compounds || !inv->g_cov) {
        lq_cell_inverse_free(inv);
        return LQ_ENOMEM;
    }
    header(inv, opt);
    inv->n_plateaus = inv->n_compounds = m - 1;
    solve(inv, p, ph, m, of_pair);
    for (size_t i = 0; i + 1 < m; i++)
        for (size_t s = 0; s < 2; s++) {
            const seq_phase *q = &ph[i + s];
            char *dst = inv->plateaus[i].phase[s];
            if (q->name)
                lqi_cell_upper(dst, LQ_CELL_NAME_SIZE, q->name);
            else if (i + s == 0)
                snprintf(dst, LQ_CELL_NAME_SIZE, "%s", inv->host_phase);
            else
                lqi_cell_upper(dst, LQ_CELL_NAME_SIZE, q->formula);
        }
    *out = inv;
    return LQ_OK;
}
