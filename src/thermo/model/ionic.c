/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ionic two-sublattice liquid (Hillert-Sundman): site ratios P, Q that vary with y. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/thermo_internal.h"

/*
 * Model: M. Hillert, B. Jansson, B. Sundman, J. Agren, Metall. Trans. A 16 (1985) 261;
 * B. Sundman, Calphad 15 (1991) 109 (vacancies and neutrals); H.L. Lukas, S.G. Fries,
 * B. Sundman, "Computational Thermodynamics", Cambridge 2007, Sec. 5.8.3. The phase is
 * (C_i^{+nu_i})_P (A_j^{-nu_j}, Va^{-Q}, B_k^0)_Q with the site numbers
 *
 *   P = sum_j nu_j y_j + Q y_Va,        Q = sum_i nu_i y_i,
 *
 * which keep the phase electrically neutral for every y: the neutrality is built in, so the
 * equilibrium needs no extra constraint for it. Per mole of formula units:
 *
 *   G = sum_i sum_j y_i y_j G_i:j + Q (y_Va sum_i y_i G_i:Va + sum_k y_k G_k)
 *     + R T (P sum_i y_i ln y_i + Q (sum_j y_j ln y_j + y_Va ln y_Va + sum_k y_k ln y_k))
 *     + excess.
 *
 * Every parameter is a CEF term built by system.c (product of the site fractions it names,
 * Redlich-Kister and Muggianu factors). A parameter that names no anion (C:Va, C1,C2:Va,
 * C:Va,B, B, B1,B2) is multiplied by Q, and the vacancy pairs with each cation it names: the
 * term carries y_Va once per cation, so C:Va gives Q y_C y_Va, C1,C2:Va gives
 * Q y_C1 y_C2 y_Va^2 and C:Va,B gives Q y_C y_Va y_B (Sundman 1991, Eq. of G^E; the Thermo-Calc
 * Database Manager's Guide writes the same sums). pycalphad's Model (model.py,
 * redlich_kister_sum, "pair rule") multiplies by one more y_Va in the last two cases, a
 * difference its issue #647 reports against Thermo-Calc; both agree on every parameter that
 * names an anion and on C:Va and neutral end members.
 *
 * In the anion sublattice the constituents are ordered anions, then Va, then neutrals (Sundman
 * 1991; pycalphad's Model does the same): L(C:A,Va;1) multiplies (y_A - y_Va), L(C:A,B;1)
 * (y_A - y_B), whatever the alphabetical order in which the reader stores them.
 *
 * Moles of component c per formula unit, M_c = P sum_i y_i n_ic + Q sum_{j,Va,k} y n_c, are not
 * linear in y; lqi_thermo_ionic_moles gives them with two derivatives for the equilibrium.
 */

#define Y_FLOOR 1e-300

enum { K_CAT = 0, K_AN = 1, K_VA = 2, K_NEU = 3 };

typedef struct ionic_data {
    size_t n;
    int *kind;  /* [n] K_CAT, K_AN, K_VA, K_NEU */
    double *nu; /* [n] |charge| */
    int iva;    /* local index of Va, or -1 */
    int t0, nt; /* the phase's G terms */
    int *tmode; /* [nt] 0: as built; 1: times Q y_Va^texp; 2: zero (needs an absent Va) */
    int *texp;  /* [nt] */
} ionic_data;

void lqi_thermo_ionic_free(void *mdata) {
    ionic_data *d = mdata;
    if (!d) return;
    lqi_free(d->kind);
    lqi_free(d->nu);
    lqi_free(d->tmode);
    lqi_free(d->texp);
    lqi_free(d);
}

static int rank_of(const ionic_data *d, int k) { return d->kind[k] == K_AN ? 0 : d->kind[k] - 1; }

/* Reorders the Redlich-Kister and Muggianu factors of the anion sublattice (anions, Va,
 * neutrals; a stable sort keeps the reader's alphabetical order within a group). */
static void order_factors(const lq_system *sys, const lqi_sphase *sp, const ionic_data *d,
                          const lqi_factor *fa, int nf) {
    const size_t *sub = sys->sub_of + sp->y0;
    for (int m = 0; m < nf; m++) {
        const int *ix = sys->fidx + fa[m].k0;
        double *cf = sys->fcoef + fa[m].k0;
        int n = fa[m].n, on1 = 1;
        for (int q = 0; q < n; q++)
            if (sub[ix[q]] != 1) on1 = 0;
        if (!on1) continue;
        if (n == 2 && fa[m].c0 == 0.0 && cf[0] * cf[1] == -1.0) {
            /* (y_first - y_second): first = the one of lower rank */
            int a = ix[0], b = ix[1];
            if (rank_of(d, a) > rank_of(d, b)) {
                cf[0] = -1.0;
                cf[1] = 1.0;
            }
        } else if (n == 3 && fa[m].c0 > 0.0) {
            /* Muggianu weight of the constituent in position `order` of the sorted triple */
            int pos = 0;
            for (int q = 0; q < 3; q++)
                if (cf[q] > 0.0) pos = q;
            int srt[3] = {0, 1, 2};
            for (int i = 1; i < 3; i++)
                for (int j = i; j > 0 && rank_of(d, ix[srt[j]]) < rank_of(d, ix[srt[j - 1]]); j--) {
                    int t = srt[j];
                    srt[j] = srt[j - 1];
                    srt[j - 1] = t;
                }
            for (int q = 0; q < 3; q++) cf[q] = (q == srt[pos] ? 1.0 : 0.0) - 1.0 / 3.0;
        }
    }
}

/* A factor that is a site fraction or a wildcard sum (all coefficients 1, exponent 1). */
static int plain_factor(const lq_system *sys, const lqi_factor *f) {
    if (f->c0 != 0.0 || f->e != 1) return 0;
    for (int q = 0; q < f->n; q++)
        if (sys->fcoef[f->k0 + q] != 1.0) return 0;
    return 1;
}

static void classify_term(const lq_system *sys, const lqi_sphase *sp, ionic_data *d, int t,
                          int *mode, int *ex) {
    const lqi_term *tm = &sys->term[t];
    const lqi_factor *fa = sys->fac + tm->f0;
    const size_t *sub = sys->sub_of + sp->y0;
    int anions = 0, ncat = 0, nva = 0;
    for (int m = 0; m < tm->nf; m++) {
        if (!plain_factor(sys, &fa[m])) continue;
        const int *ix = sys->fidx + fa[m].k0;
        int cat = 1;
        for (int q = 0; q < fa[m].n; q++) {
            if (d->kind[ix[q]] == K_AN) anions = 1;
            if (sub[ix[q]] != 0) cat = 0;
        }
        if (cat && fa[m].n > 0) ncat++;
        if (fa[m].n == 1 && ix[0] == d->iva) nva++;
    }
    *mode = 0;
    *ex = 0;
    if (anions) return;
    *mode = 1;
    *ex = ncat > nva ? ncat - nva : 0;
    if (*ex > 0 && d->iva < 0) *mode = 2;
}

lq_status lqi_thermo_ionic_setup(lq_system *sys, size_t phase, const lq_db *db, lq_diag *diag) {
    lqi_sphase *sp = &sys->ph[phase];
    const lqi_phase *dph = &db->ph[sp->db_index];
    if (sp->nsub != 2)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dph->line, "PHASE",
                            "ionic liquid %s has %d sublattices (the model has two: cations : "
                            "anions, VA, neutrals)",
                            sp->name, sp->nsub);
    if (sp->magnetic)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dph->line, "PHASE",
                            "ionic liquid %s with a magnetic contribution is not supported",
                            sp->name);
    const size_t n = sp->ncons;
    ionic_data *d = lqi_calloc(1, sizeof *d);
    if (!d) return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
    sp->mdata = d; /* freed with the system, also on failure */
    int nt = sp->t1[LQI_TERM_G] - sp->t0[LQI_TERM_G];
    d->n = n;
    d->iva = -1;
    d->t0 = sp->t0[LQI_TERM_G];
    d->nt = nt;
    d->kind = lqi_malloc_array(n ? n : 1, sizeof *d->kind);
    d->nu = lqi_malloc_array(n ? n : 1, sizeof *d->nu);
    d->tmode = lqi_malloc_array(nt ? (size_t)nt : 1, sizeof *d->tmode);
    d->texp = lqi_malloc_array(nt ? (size_t)nt : 1, sizeof *d->texp);
    if (!d->kind || !d->nu || !d->tmode || !d->texp)
        return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
    for (size_t k = 0; k < n; k++) {
        const size_t g = sp->y0 + k;
        int si = lqi_thermo_find_species(db, sys->cname[g]);
        double q = si >= 0 ? db->sp[si].charge : 0.0;
        int atoms = 0;
        for (size_t c = 0; c < sys->ncomp; c++)
            if (sys->ccomp[g * sys->ncomp + c] != 0.0) atoms = 1;
        d->nu[k] = fabs(q);
        if (sys->sub_of[g] == 0) {
            if (!(q > 0.0))
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dph->const_line, "CONSTITUENT",
                                    "ionic liquid %s: %s in the first sublattice is not a cation "
                                    "(the model has cations : anions, VA, neutrals)",
                                    sp->name, sys->cname[g]);
            d->kind[k] = K_CAT;
        } else if (q < 0.0) {
            d->kind[k] = K_AN;
        } else if (q > 0.0) {
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dph->const_line, "CONSTITUENT",
                                "ionic liquid %s: cation %s in the second sublattice (the model "
                                "has cations : anions, VA, neutrals)",
                                sp->name, sys->cname[g]);
        } else if (!atoms) {
            d->kind[k] = K_VA;
            d->iva = (int)k;
        } else {
            d->kind[k] = K_NEU;
        }
    }
    for (int t = 0; t < nt; t++) {
        const lqi_term *tm = &sys->term[d->t0 + t];
        order_factors(sys, sp, d, sys->fac + tm->f0, tm->nf);
        classify_term(sys, sp, d, d->t0 + t, &d->tmode[t], &d->texp[t]);
    }
    return LQ_OK;
}

/* P and Q, and the sums of y ln y over each sublattice. */
static void sites(const ionic_data *d, const double *y, double *P, double *Q) {
    double p = 0.0, q = 0.0;
    for (size_t k = 0; k < d->n; k++) {
        if (d->kind[k] == K_CAT) q += d->nu[k] * y[k];
        if (d->kind[k] == K_AN) p += d->nu[k] * y[k];
    }
    if (d->iva >= 0) p += q * y[d->iva];
    *P = p;
    *Q = q;
}

/* dP/dy_k and dQ/dy_k */
static double dP(const ionic_data *d, const double *y, double Q, size_t k) {
    switch (d->kind[k]) {
        case K_CAT:
            return d->iva >= 0 ? d->nu[k] * y[d->iva] : 0.0;
        case K_AN:
            return d->nu[k];
        case K_VA:
            return Q;
        default:
            return 0.0;
    }
}
static double dQ(const ionic_data *d, size_t k) { return d->kind[k] == K_CAT ? d->nu[k] : 0.0; }
/* d2P/dy_k dy_l: nonzero for a cation and Va only (from Q y_Va) */
static double d2P(const ionic_data *d, size_t k, size_t l) {
    if (d->iva < 0) return 0.0;
    if (d->kind[k] == K_CAT && (int)l == d->iva) return d->nu[k];
    if (d->kind[l] == K_CAT && (int)k == d->iva) return d->nu[l];
    return 0.0;
}

static double ipow(double x, int e) {
    double r = 1.0;
    for (int k = 0; k < e; k++) r *= x;
    return r;
}

/* Ideal mixing R T (P S_c + Q S_a) with P, Q variable. */
static void ideal_add(const lq_thermo_ws *ws, const ionic_data *d, const double *y, unsigned what,
                      lq_phase_eval *acc) {
    const size_t n = d->n;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    const double R = ws->R, RT = R * ws->T;
    double P, Q, Sc = 0.0, Sa = 0.0;
    sites(d, y, &P, &Q);
    double *l1 = ws->scratch; /* ln y + 1, [n] */
    for (size_t k = 0; k < n; k++) {
        double yk = y[k] > Y_FLOOR ? y[k] : Y_FLOOR;
        double l = yk == 1.0 ? 0.0 : log(yk);
        if (d->kind[k] == K_CAT)
            Sc += yk * l;
        else
            Sa += yk * l;
        l1[k] = l + 1.0;
    }
    double S = P * Sc + Q * Sa;
    acc->G += RT * S;
    if (dt) acc->dG_dT += R * S;
    for (size_t k = 0; dy && k < n; k++) {
        int cat = d->kind[k] == K_CAT;
        double g = dP(d, y, Q, k) * Sc + dQ(d, k) * Sa + (cat ? P : Q) * l1[k];
        acc->dG_dy[k] += RT * g;
        if (dt) acc->d2G_dTdy[k] += R * g;
    }
    if (!dy2) return;
    for (size_t k = 0; k < n; k++) {
        int ck = d->kind[k] == K_CAT;
        double pk = dP(d, y, Q, k), qk = dQ(d, k);
        for (size_t l = 0; l < n; l++) {
            int cl = d->kind[l] == K_CAT;
            double pl = dP(d, y, Q, l), ql = dQ(d, l);
            double h = d2P(d, k, l) * Sc;
            h += (cl ? pk : qk) * l1[l] + (ck ? pl : ql) * l1[k];
            if (k == l) {
                double yk = y[k] > Y_FLOOR ? y[k] : Y_FLOOR;
                h += (ck ? P : Q) / yk;
            }
            acc->d2G_dy2[k * n + l] += RT * h;
        }
    }
}

lq_status lqi_thermo_ionic_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                lq_phase_eval *out) {
    return lqi_thermo_ionic_eval_data(ws, phase, ws->sys->ph[phase].mdata, y, what, out);
}

lq_status lqi_thermo_ionic_eval_data(lq_thermo_ws *ws, size_t phase, const void *data,
                                     const double *y, unsigned what, lq_phase_eval *out) {
    const lq_system *sys = ws->sys;
    const lqi_sphase *ph = &sys->ph[phase];
    const ionic_data *d = data;
    const size_t n = ph->ncons;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    lq_phase_eval acc = {0.0, 0.0, 0.0, out->dG_dy, out->d2G_dy2, dy ? out->d2G_dTdy : NULL};
    if (dy) memset(acc.dG_dy, 0, n * sizeof *acc.dG_dy);
    if (dy2) memset(acc.d2G_dy2, 0, n * n * sizeof *acc.d2G_dy2);
    if (dt && dy) memset(acc.d2G_dTdy, 0, n * sizeof *acc.d2G_dTdy);
    ideal_add(ws, d, y, what, &acc);
    /* terms: those naming an anion as CEF; the others times E = Q y_Va^e (product rule) */
    double P, Q;
    sites(d, y, &P, &Q);
    const double yva = d->iva >= 0 ? y[d->iva] : 0.0;
    double *tg = ws->scratch, *th = tg + n, *tty = th + n * n, *dE = tty + n;
    for (int t = 0; t < d->nt; t++) {
        const int t0 = d->t0 + t;
        if (d->tmode[t] == 2) continue;
        if (d->tmode[t] == 0) {
            lqi_thermo_terms_add(ws, t0, t0 + 1, y, n, what, &acc);
            continue;
        }
        lq_phase_eval f = {0.0, 0.0, 0.0, tg, th, dy ? tty : NULL};
        if (dy) memset(tg, 0, n * sizeof *tg);
        if (dy2) memset(th, 0, n * n * sizeof *th);
        if (dt && dy) memset(tty, 0, n * sizeof *tty);
        lqi_thermo_terms_add(ws, t0, t0 + 1, y, n, what, &f);
        const int e = d->texp[t];
        const double ve = ipow(yva, e), E = Q * ve;
        for (size_t k = 0; k < n; k++) {
            double v = 0.0;
            if (d->kind[k] == K_CAT) v = d->nu[k] * ve;
            if ((int)k == d->iva && e > 0) v = Q * (double)e * ipow(yva, e - 1);
            dE[k] = v;
        }
        acc.G += f.G * E;
        if (dt) {
            acc.dG_dT += f.dG_dT * E;
            acc.d2G_dT2 += f.d2G_dT2 * E;
        }
        if (dy)
            for (size_t k = 0; k < n; k++) {
                acc.dG_dy[k] += tg[k] * E + f.G * dE[k];
                if (dt) acc.d2G_dTdy[k] += tty[k] * E + f.dG_dT * dE[k];
            }
        if (dy2)
            for (size_t k = 0; k < n; k++)
                for (size_t l = 0; l < n; l++) {
                    double h = th[k * n + l] * E + tg[k] * dE[l] + tg[l] * dE[k];
                    if (e > 0 && (int)l == d->iva && d->kind[k] == K_CAT)
                        h += f.G * d->nu[k] * (double)e * ipow(yva, e - 1);
                    if (e > 0 && (int)k == d->iva && d->kind[l] == K_CAT)
                        h += f.G * d->nu[l] * (double)e * ipow(yva, e - 1);
                    if (e > 1 && (int)k == d->iva && (int)l == d->iva)
                        h += f.G * Q * (double)(e * (e - 1)) * ipow(yva, e - 2);
                    acc.d2G_dy2[k * n + l] += h;
                }
    }
    if (!isfinite(acc.G)) return LQ_EDOM;
    out->G = acc.G;
    if (dt) {
        out->dG_dT = acc.dG_dT;
        out->d2G_dT2 = acc.d2G_dT2;
    }
    return LQ_OK;
}

lq_status lqi_thermo_ionic_moles(const lq_system *sys, size_t phase, const double *y, double *M,
                                 double *dM, double *d2M) {
    return lqi_thermo_ionic_moles_data(sys, phase, sys->ph[phase].mdata, y, M, dM, d2M);
}

lq_status lqi_thermo_ionic_moles_data(const lq_system *sys, size_t phase, const void *data,
                                      const double *y, double *M, double *dM, double *d2M) {
    const lqi_sphase *ph = &sys->ph[phase];
    const ionic_data *d = data;
    const size_t n = ph->ncons, nc = sys->ncomp;
    const double *cc = sys->ccomp + ph->y0 * nc; /* moles of c in constituent k: cc[k*nc + c] */
    double P, Q;
    sites(d, y, &P, &Q);
    for (size_t c = 0; c < nc; c++) {
        double A = 0.0, B = 0.0; /* sum_cations y n_c, sum_second sublattice y n_c */
        for (size_t k = 0; k < n; k++) {
            if (d->kind[k] == K_CAT)
                A += y[k] * cc[k * nc + c];
            else
                B += y[k] * cc[k * nc + c];
        }
        M[c] = P * A + Q * B;
        for (size_t k = 0; dM && k < n; k++) {
            int ck = d->kind[k] == K_CAT;
            dM[k * nc + c] = dP(d, y, Q, k) * A + dQ(d, k) * B + (ck ? P : Q) * cc[k * nc + c];
        }
        for (size_t k = 0; d2M && k < n; k++) {
            int ck = d->kind[k] == K_CAT;
            for (size_t l = 0; l < n; l++) {
                int cl = d->kind[l] == K_CAT;
                double pk = dP(d, y, Q, k), pl = dP(d, y, Q, l);
                double h = d2P(d, k, l) * A;
                h += (cl ? pk : dQ(d, k)) * cc[l * nc + c];
                h += (ck ? pl : dQ(d, l)) * cc[k * nc + c];
                d2M[(k * n + l) * nc + c] = h;
            }
        }
    }
    return LQ_OK;
}
