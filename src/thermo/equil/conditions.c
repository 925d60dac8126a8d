/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibria under general conditions: fixed potentials (open systems), phases at zero amount
 * with T and mole fractions unknown, congruent melting at a compound's own composition. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/equil_internal.h"

#define LQI_COND_MAX_OUTER 16 /* fixed solve + Newton rounds before the bracketing fallback */

void lq_eq_conditions_default(lq_eq_conditions *c) {
    if (!c) return;
    memset(c, 0, sizeof *c);
    c->T = (double)NAN;
    c->balance = LQ_EQ_BALANCE_RATIOS;
}

/* 1 when component k has a potential condition in c. */
static int has_pot(const lq_eq_conditions *c, size_t k) {
    return (c->mu && isfinite(c->mu[k])) || (c->ac && isfinite(c->ac[k]));
}

static int in_list(const size_t *l, size_t n, size_t v) {
    for (size_t i = 0; l && i < n; i++)
        if (l[i] == v) return 1;
    return 0;
}

/* Checks the conditions and counts the potentials; writes nothing into ws but x0 and T. */
static lq_status validate(lq_eq_ws *ws, const lq_eq_conditions *c, lq_eq_result *res, size_t *npot,
                          lq_diag *diag) {
    if (!ws || !c || !c->x || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "conditions: NULL argument");
    lq_status st = lqi_eq_check_x(ws, c->T, c->x, ws->ncomp, res, diag);
    if (st != LQ_OK) return st;
    size_t nc = ws->ncomp, np = 0, nclosed = 0;
    for (size_t k = 0; k < c->n_zero; k++)
        if (!c->zero_phase || c->zero_phase[k] >= ws->m.nphase ||
            in_list(c->zero_phase, k, c->zero_phase[k]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "zero_phase",
                                "phase held at zero: index out of range or given twice");
    for (size_t k = 0; k < c->n_free_x; k++)
        if (!c->free_x || c->free_x[k] >= nc || in_list(c->free_x, k, c->free_x[k]) ||
            has_pot(c, c->free_x[k]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "free_x",
                                "free mole fraction: component out of range, given twice or "
                                "with a potential condition");
    for (size_t k = 0; k < nc; k++) {
        int m = c->mu && isfinite(c->mu[k]), a = c->ac && isfinite(c->ac[k]);
        if (m && a)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "mu",
                                "component %zu has both a chemical potential and an activity", k);
        if (a && !(c->ac[k] > 0.0))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "ac",
                                "activity %g of component %zu is "
                                "not > 0",
                                c->ac[k], k);
        size_t ref = c->ac_ref ? c->ac_ref[k] : LQ_EQ_REF_SER;
        if (a && ref != LQ_EQ_REF_SER && (ref >= ws->m.nphase || c->free_T))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "ac_ref",
                                "activity reference of component %zu: phase out of range, or a "
                                "phase reference with T free (use SER or a fixed chemical "
                                "potential)",
                                k);
        np += (size_t)(m || a);
        nclosed += (size_t)(!(m || a) && !in_list(c->free_x, c->n_free_x, k));
    }
    if (np && ws->ngauge)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "mu",
                            "potentials of single components are not defined in this system "
                            "(gauge directions, docs/equilibrium.md)");
    if (c->n_zero != (size_t)(c->free_T != 0) + c->n_free_x)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "conditions",
                            "%zu phase(s) held at zero need as many unknowns (T free and free "
                            "mole fractions), %zu given",
                            c->n_zero, (size_t)(c->free_T != 0) + c->n_free_x);
    if (nclosed == 0 && (np || c->n_free_x))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "conditions",
                            "every component is open or free: one must keep a fixed amount");
    if (c->balance != LQ_EQ_BALANCE_RATIOS &&
        (c->balance >= nc || has_pot(c, c->balance) || in_list(c->free_x, c->n_free_x, c->balance)))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "balance",
                            "the balance component must be one with a fixed amount");
    *npot = np;
    return LQ_OK;
}

/* Potential rows and composition directions (ws->mu_*, ws->fx_dir, ws->nfx) from c at ws->T. */
static lq_status setup(lq_eq_ws *ws, const lq_eq_conditions *c, lq_diag *diag) {
    size_t nc = ws->ncomp, nr = 0, nf = 0;
    for (size_t k = 0; k < nc; k++) {
        if (!has_pot(c, k)) continue;
        ws->mu_comp[nr] = k;
        if (c->mu && isfinite(c->mu[k])) {
            ws->mu_val[nr] = c->mu[k];
            ws->mu_lna[nr] = 0.0;
        } else {
            size_t ref = c->ac_ref ? c->ac_ref[k] : LQ_EQ_REF_SER;
            double g = 0.0;
            if (ref != LQ_EQ_REF_SER) {
                lq_status st = lq_eq_reference_G(ws, ws->T, k, ref, &g, NULL, NULL, NULL, diag);
                if (st != LQ_OK) return st;
            }
            ws->mu_val[nr] = g;
            ws->mu_lna[nr] = log(c->ac[k]);
        }
        nr++;
    }
    ws->nmurow = nr;
    /* closed components: their share of what a free one gains (ratios kept, or the balance) */
    double *share = ws->mutmp, tot = 0.0;
    for (size_t k = 0; k < nc; k++) {
        int closed = !has_pot(c, k) && !in_list(c->free_x, c->n_free_x, k);
        share[k] =
            closed && (c->balance == LQ_EQ_BALANCE_RATIOS || c->balance == k) ? ws->x0[k] : 0.0;
        tot += share[k];
    }
    for (size_t k = 0; k < nc; k++) {
        if (!has_pot(c, k) && !in_list(c->free_x, c->n_free_x, k)) continue;
        double *d = ws->fx_dir + nf * nc;
        for (size_t j = 0; j < nc; j++) d[j] = -share[j] / tot;
        d[k] = 1.0;
        nf++;
    }
    ws->nfx = nf;
    return LQ_OK;
}

/* The fixed-T, fixed-x solve without the potential rows. */
static lq_status fixed_solve(lq_eq_ws *ws, double *resid) {
    size_t nr = ws->nmurow;
    ws->nmurow = 0;
    lq_status st = lqi_eq_solve_fixed(ws, resid);
    ws->nmurow = nr;
    return st;
}

static void swap_sets(lq_eq_ws *ws, size_t a, size_t b) {
    lqi_eq_set t = ws->sets[a];
    ws->sets[a] = ws->sets[b];
    ws->sets[b] = t;
}

/*
 * A single phase of fixed constitution (a stoichiometric compound) holds all the matter at the
 * overall composition: with T free and one phase at zero, its amount is fixed by the mass
 * balance while the potentials along the compound are not, and Newton's matrix is singular. The
 * phase that appears does so at the compound's own composition (congruent melting: G of the
 * liquid at that composition equals the compound's), so the roles swap: the zero phase carries
 * the mass balance and the compound is held on the hyperplane. Returns the index of that set or
 * ws->nsets when the state is not of this kind.
 */
static size_t stoich_set(const lq_eq_ws *ws) {
    size_t nc = ws->ncomp, k1 = ws->nsets, n1 = 0;
    double x[64];
    if (nc > 64) return ws->nsets;
    for (size_t k = 0; k < ws->nsets; k++) {
        double atoms;
        lqi_eq_composition(ws, ws->sets[k].phase, ws->sets[k].y, NULL, x, &atoms);
        if (ws->sets[k].N * atoms > 1e-12) {
            k1 = k;
            n1++;
        }
    }
    if (n1 != 1 || ws->pi[ws->sets[k1].phase].nfree > 0) return ws->nsets;
    double atoms;
    lqi_eq_composition(ws, ws->sets[k1].phase, ws->sets[k1].y, NULL, x, &atoms);
    for (size_t c = 0; c < nc; c++)
        if (fabs(x[c] - ws->x0[c]) > 1e-10) return ws->nsets;
    return k1;
}

/* Value of the first unknown: T, or the mole fraction of the first free component. */
static double first_unknown(const lq_eq_ws *ws, const lq_eq_conditions *c) {
    if (c->free_T) return ws->T;
    size_t f = 0;
    for (size_t k = 0; k < ws->ncomp; k++)
        if (ws->fx_dir[k] > ws->fx_dir[f]) f = k;
    return ws->x0[f];
}

/*
 * The phase rule's cap on the sets of non-zero amount: at fixed P, C + 1 phases less one per
 * fixed potential (T when it is fixed, each mu or activity) and per phase held at zero. A fixed
 * equilibrium at the start composition can hold more (e.g. two phases where two fixed potentials
 * of a ternary leave room for one); Newton with the potential rows is then singular. `keep` >= 0
 * keeps `cap` sets, starting at rank `keep` of the sets ordered by amount (largest first), and
 * drops the others; *capped = 1 when sets were dropped.
 */
static void cap_sets(lq_eq_ws *ws, const lq_eq_conditions *c, int keep, int *capped) {
    size_t nc = ws->ncomp, fixed = (size_t)(c->free_T == 0) + ws->nmurow + c->n_zero;
    if (keep < 0 || fixed > nc || ws->nsets <= nc + 1 - fixed) return;
    size_t cap = nc + 1 - fixed, n = ws->nsets, order[64];
    if (cap == 0 || n > 64) return;
    double amt[64];
    for (size_t k = 0; k < n; k++) {
        double atoms;
        lqi_eq_composition(ws, ws->sets[k].phase, ws->sets[k].y, NULL, NULL, &atoms);
        amt[k] = ws->sets[k].N * atoms;
        order[k] = k;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort, largest amount first */
        for (size_t j = i; j > 0 && amt[order[j]] > amt[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    /* the kept sets to the front, in order (a slot moved away is tracked through pos) */
    size_t pos[64];
    for (size_t k = 0; k < n; k++) pos[k] = k;
    for (size_t i = 0; i < cap; i++) {
        size_t want = order[((size_t)keep + i) % n], at = 0;
        while (pos[at] != want) at++;
        swap_sets(ws, i, at);
        size_t t = pos[i];
        pos[i] = pos[at];
        pos[at] = t;
    }
    ws->nsets = cap;
    *capped = 1;
}

/*
 * Rounds of: fixed equilibrium at the current T and x0; the zero phases as sets of zero amount
 * from their best samples; Newton with the conditions; the global check. A violation starts the
 * next round from the state reached. *newton_failed = 1 when Newton did not converge. keep:
 * cap_sets (-1: no cap).
 */
static lq_status rounds(lq_eq_ws *ws, const lq_eq_conditions *c, int allow_stoich,
                        lq_eq_result *res, int *newton_failed, int keep, int *capped) {
    lq_status st = LQ_ENOCONV;
    double resid = 0.0;
    *newton_failed = 0;
    for (int outer = 0; outer < LQI_COND_MAX_OUTER; outer++) {
        st = fixed_solve(ws, &resid);
        if (st != LQ_OK) return st;
        for (size_t k = ws->nsets; k-- > 0;)
            if (in_list(c->zero_phase, c->n_zero, ws->sets[k].phase)) {
                swap_sets(ws, k, ws->nsets - 1); /* every slot keeps its own buffers */
                ws->nsets--;
            }
        size_t ks = ws->nsets;
        if (allow_stoich && outer == 0 && c->free_T && c->n_zero == 1 && ws->nmurow == 0)
            ks = stoich_set(ws);
        int congruent = ks < ws->nsets;
        if (congruent) {
            swap_sets(ws, ks, 0);
            ws->nsets = 1;
            ws->sets[0].fixed_zero = 1;
        } else {
            cap_sets(ws, c, keep, capped);
        }
        if (ws->nsets == 0 || ws->nsets + c->n_zero > ws->maxsets) return LQ_ENOCONV;
        for (size_t z = 0; z < c->n_zero; z++) {
            size_t p = c->zero_phase[z], j = lqi_eq_best_sample(ws, p);
            lqi_eq_set *s = &ws->sets[ws->nsets++];
            memcpy(s->y, ws->s_y + j * ws->maxc, ws->pi[p].nc * sizeof *s->y);
            s->phase = p;
            s->N = congruent ? 1.0 / ws->s_atoms[j] : 0.0;
            s->fixed_zero = !congruent;
            /* from the best sample to the local minimum of its driving force at the fixed
             * equilibrium's potentials (its tangent point when it is about to appear) */
            double dk;
            if (ws->pi[p].nfree > 0) {
                st = lqi_eq_phase_min(ws, s, 12, &dk);
                if (st != LQ_OK) return st;
            }
        }
        ws->free_kind = (c->free_T ? LQI_FREE_T : 0) | (ws->nfx ? LQI_FREE_X : 0);
        double before = first_unknown(ws, c);
        st = lqi_eq_newton(ws, &resid);
        ws->free_kind = LQI_FREE_NONE;
        if (st != LQ_OK) {
            *newton_failed = 1;
            return LQ_ENOCONV;
        }
        if (congruent) {
            /* back to the conditions' roles: the compound holds the matter */
            lqi_eq_set *z = &ws->sets[1], *s = &ws->sets[0];
            double az, as;
            lqi_eq_composition(ws, z->phase, z->y, NULL, NULL, &az);
            lqi_eq_composition(ws, s->phase, s->y, NULL, NULL, &as);
            s->N = z->N * az / as;
            s->fixed_zero = 0;
            z->N = 0.0;
            z->fixed_zero = 1;
        }
        if (c->free_T) {
            st = lqi_eq_samples_eval(ws, ws->T);
            if (st != LQ_OK) return st;
        }
        int bad = lqi_eq_global_violation(ws, &st);
        if (bad < 0) return st;
        if (!bad) return lqi_eq_fill_result(ws, res, resid);
        double after = first_unknown(ws, c);
        if (fabs(after - before) < 1e-14 * fabs(before)) return LQ_ENOCONV; /* no progress */
    }
    return LQ_ENOCONV;
}

/* Moves the single unknown to v: T, or x0 = xs + (v - v0) times the first direction. */
static void set_unknown(lq_eq_ws *ws, const lq_eq_conditions *c, const double *xs, double v0,
                        double v) {
    if (c->free_T) {
        ws->T = v;
        return;
    }
    for (size_t k = 0; k < ws->ncomp; k++) ws->x0[k] = xs[k] + (v - v0) * ws->fx_dir[k];
}

/* Sign of the released condition at a fixed equilibrium: zero phase present (1) or not (0);
 * the potential above its target (1) or not (0); -1 when no equilibrium was found. */
static int indicator(lq_eq_ws *ws, const lq_eq_conditions *c) {
    double resid;
    if (fixed_solve(ws, &resid) != LQ_OK) return -1;
    if (c->n_zero == 1) {
        for (size_t k = 0; k < ws->nsets; k++)
            if (ws->sets[k].phase == c->zero_phase[0] && ws->sets[k].N > 0.0) return 1;
        return 0;
    }
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T;
    return (ws->mu[ws->mu_comp[0]] - ws->mu_val[0]) / RT > ws->mu_lna[0];
}

/*
 * Fallback with one released condition (one zero phase, or one potential): the unknown is
 * bracketed by fixed equilibria at start +- 5 * 2^k K (or a growing fraction of the room the
 * direction leaves every mole fraction), bisected to 1e-3 K (1e-10 of that room), and the rounds
 * restart from the side where the zero phase is absent (or from the bracket's end nearer in
 * potential).
 */
static lq_status bracket(lq_eq_ws *ws, const lq_eq_conditions *c, const double *xs, double Ts,
                         lq_eq_result *res) {
    size_t nc = ws->ncomp;
    double v0 = c->free_T ? Ts : 0.0, lo = -HUGE_VAL, hi = HUGE_VAL;
    if (!c->free_T) {
        for (size_t k = 0; k < nc; k++) {
            double d = ws->fx_dir[k];
            if (d > 0.0) lo = fmax(lo, -xs[k] / d);
            if (d < 0.0) hi = fmin(hi, xs[k] / -d);
        }
    }
    ws->T = Ts;
    set_unknown(ws, c, xs, v0, v0);
    int p0 = indicator(ws, c);
    if (p0 < 0) return LQ_ENOCONV;
    double va = v0, vb = v0;
    int found = 0;
    /* in x: fractions 2^-10 .. 1/2 of the room, then 1 - 2^-j up to 1 - 2^-30 (a dilute open
     * component started from an equal share is reached only near the end of the room) */
    for (int k = 0; k < (c->free_T ? 10 : 40) && !found; k++) {
        for (int sign = 1; sign >= -1 && !found; sign -= 2) {
            double v;
            if (c->free_T) {
                v = v0 + sign * 5.0 * (double)(1 << k);
                if (v <= 1.0) continue;
            } else {
                double f = k < 10 ? ldexp(1.0, k - 10) : 1.0 - ldexp(1.0, 9 - k);
                v = sign > 0 ? f * hi : f * lo;
            }
            set_unknown(ws, c, xs, v0, v);
            int p = indicator(ws, c);
            if (p >= 0 && p != p0) {
                vb = v;
                found = 1;
            }
        }
    }
    if (!found) return LQ_ENOCONV;
    double tolv = c->free_T ? 1e-3 : 1e-10 * (hi - lo);
    for (int it = 0; it < 200 && fabs(vb - va) > tolv; it++) {
        double vm = 0.5 * (va + vb);
        set_unknown(ws, c, xs, v0, vm);
        int p = indicator(ws, c);
        if (p < 0) return LQ_ENOCONV;
        if (p == p0)
            va = vm;
        else
            vb = vm;
    }
    set_unknown(ws, c, xs, v0, (c->n_zero == 1 && p0 == 1) ? vb : va);
    int failed, capped = 0;
    return rounds(ws, c, 0, res, &failed, -1, &capped);
}

lq_status lq_eq_solve_conditions(lq_eq_ws *ws, const lq_eq_conditions *c, lq_eq_result *res,
                                 lq_diag *diag) {
    size_t npot = 0;
    lq_status st = validate(ws, c, res, &npot, diag);
    if (st != LQ_OK) return st;
    if (npot == 0 && c->n_zero == 0) return lq_eq_solve(ws, c->T, c->x, ws->ncomp, res, diag);
    ws->T = c->T;
    ws->iters = 0;
    st = ws->m.set_TP(ws->m.ctx, ws->T, ws->opt.P);
    if (st == LQ_OK) st = setup(ws, c, diag);
    if (st != LQ_OK) {
        ws->nmurow = 0;
        return st;
    }
    /* the start composition, for the fallback's moves along the free direction */
    double *xs = lqi_malloc_array(ws->ncomp, sizeof *xs);
    if (!xs) st = LQ_ENOMEM;
    int failed = 0;
    if (xs) {
        memcpy(xs, ws->x0, ws->ncomp * sizeof *xs);
        int capped = 0;
        st = rounds(ws, c, 1, res, &failed, -1, &capped);
        if (st == LQ_ENOCONV && npot + c->n_zero == 1) st = bracket(ws, c, xs, c->T, res);
        /* more sets at the start than the conditions allow: each choice of the kept sets in
         * turn, from the start again, until one converges or no set was dropped */
        for (int keep = 0; st == LQ_ENOCONV && npot > 0 && keep < (int)ws->maxsets; keep++) {
            memcpy(ws->x0, xs, ws->ncomp * sizeof *xs);
            ws->T = c->T;
            capped = 0;
            st = rounds(ws, c, 0, res, &failed, keep, &capped);
            if (!capped) break;
        }
    }
    lqi_free(xs);
    ws->nmurow = 0;
    ws->nfx = 0;
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, NULL,
                            "equilibrium under the conditions from "
                            "T = %g K: %s",
                            c->T, lq_status_str(st));
    return LQ_OK;
}
