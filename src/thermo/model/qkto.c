/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kohler-Toop polynomial excess (ChemSage QKTO phases) and its terms, shared with SUBM. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/model/kt_internal.h"
#include "thermo/thermo_internal.h"

/*
 * The "quasichemical Kohler-Toop" polynomial of ChemSage (A.D. Pelton, C.W. Bale, Calphad 1
 * (1977) 253; A.D. Pelton, Calphad 25 (2001) 319, Eqs. 3-17), as Thermochimica evaluates it
 * (src/gem/CompExcessGibbsEnergyQKTO.f90, PolyRegularQKTO, commit 37dc8fa) and as pycalphad's
 * Model.kohler_toop_excess_sum writes it. With equivalent fractions y_i = w_i x_i / W,
 * W = sum_j w_j x_j (w: the "stoichiometric factor" of each species), a binary parameter
 * (i, j; exponents p, q as written in the file) contributes per mole of species
 *
 *   W L xi_1^(p-1) xi_2^(q-1) / (xi_1 + xi_2)^(p+q-2) y_i y_j,
 *
 * xi_1 summing y over i and the constituents that go with i, xi_2 over j and those with j: with
 * i and j in the same chemical group nothing else (Kohler), else the constituents of i's group
 * with i and those of j's group with j (Toop), unless an override of the triad (i, j, k) says
 * which constituent is kept constant. A ternary parameter (i, j, k; p, q, r) contributes
 *
 *   W L y_i^p y_j^q y_k^r / (y_i + y_j + y_k)^(p+q+r-3)
 *
 * (Thermochimica treats every ternary as symmetric). Written with x, every term is L times a
 * product of integer powers of linear forms in the site fractions: the binary one is
 * xi1^(p-1) xi2^(q-1) xid^(2-p-q) (w_i x_i)(w_j x_j) W^-1 with the numerators xi = sum w x, the
 * ternary one (w_i x_i)^p (w_j x_j)^q (w_k x_k)^r (sum_ijk w x)^(3-p-q-r) W^-2. The SUBM phase
 * (model/subm.c) has the same polynomial in the charge-equivalent fractions of the mixing
 * sublattice times the fraction of one constituent of the other sublattice (its terms are built
 * here too).
 *
 * A form with a negative power may vanish (xi of constituents all absent at that point): the
 * term is then taken as 0 (its other factors vanish there, or it has no limit); the forms are
 * compared with 1e-30 so that powers down to -8 stay finite.
 */

#define U_MIN 1e-30
#define E_MIN (-8)

/* (sum_{j < n} coef[k0 + j] y[idx[k0 + j]])^e */
typedef struct kt_fac {
    int k0, n, e;
} kt_fac;

/* L (slot) times the product of factors [f0, f0 + nf) */
typedef struct kt_term {
    int slot, f0, nf;
} kt_term;

typedef struct kt_data {
    kt_term *t;
    size_t nt, cap_t;
    kt_fac *f;
    size_t nf, cap_f;
    int *idx;
    double *coef;
    size_t nic, cap_idx, cap_coef;
    void *ionic; /* SUBM: the ionic liquid's own data (model/ionic.c) */
} kt_data;

#define MAX_F 8

lqi_ktdb *lqi_thermo_ktdb_alloc(int type, int n, int ncat) {
    lqi_ktdb *k = lqi_calloc(1, sizeof *k);
    if (!k) return NULL;
    k->type = type;
    k->n = n;
    k->ncat = ncat;
    k->w = lqi_malloc_array(n > 0 ? (size_t)n : 1, sizeof *k->w);
    k->group = lqi_calloc(n > 0 ? (size_t)n : 1, sizeof *k->group);
    if (!k->w || !k->group) {
        lqi_thermo_ktdb_free(k);
        return NULL;
    }
    for (int i = 0; i < n; i++) k->w[i] = 1.0;
    return k;
}

void lqi_thermo_ktdb_free(struct lqi_ktdb *k) {
    if (!k) return;
    lqi_free(k->w);
    lqi_free(k->group);
    lqi_free(k->par);
    lqi_free(k->ov);
    lqi_free(k);
}

void lqi_thermo_kt_free(void *mdata) {
    kt_data *d = mdata;
    if (!d) return;
    lqi_thermo_ionic_free(d->ionic);
    lqi_free(d->t);
    lqi_free(d->f);
    lqi_free(d->idx);
    lqi_free(d->coef);
    lqi_free(d);
}

const void *lqi_thermo_kt_ionic(const void *mdata) { return ((const kt_data *)mdata)->ionic; }

/* ------------------------------------------------------------------ evaluation */
static double ipow(double x, int e) {
    double r = 1.0;
    int a = e < 0 ? -e : e;
    for (int k = 0; k < a; k++) r *= x;
    return e < 0 ? 1.0 / r : r;
}

void lqi_thermo_kt_add(const lq_thermo_ws *ws, const void *mdata, const double *y, size_t n,
                       unsigned what, lq_phase_eval *acc) {
    const kt_data *d = mdata;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    double f[MAX_F], g1[MAX_F], g2[MAX_F], pm[MAX_F];
    for (size_t t = 0; t < d->nt; t++) {
        const kt_term *tm = &d->t[t];
        const kt_fac *fa = d->f + tm->f0;
        const int nf = tm->nf;
        double F = 1.0;
        int skip = 0;
        for (int m = 0; m < nf; m++) {
            double u = 0.0;
            for (int k = 0; k < fa[m].n; k++) u += d->coef[fa[m].k0 + k] * y[d->idx[fa[m].k0 + k]];
            const int e = fa[m].e;
            if (e < 0 && !(u > U_MIN)) {
                skip = 1;
                break;
            }
            if (e == 1) { /* u^-1 would meet a vanishing u */
                f[m] = u;
                g1[m] = 1.0;
                g2[m] = 0.0;
            } else {
                f[m] = ipow(u, e);
                g1[m] = (double)e * ipow(u, e - 1);
                g2[m] = (double)e * (double)(e - 1) * ipow(u, e - 2);
            }
            F *= f[m];
        }
        if (skip) continue;
        const lqi_jet L = ws->pv[tm->slot];
        acc->G += L.v * F;
        if (dt) {
            acc->dG_dT += L.d * F;
            acc->d2G_dT2 += L.dd * F;
        }
        if (!dy && !dy2) continue;
        for (int m = 0; m < nf; m++) {
            double p = 1.0;
            for (int q = 0; q < nf; q++)
                if (q != m) p *= f[q];
            pm[m] = p;
        }
        for (int m = 0; dy && m < nf; m++) {
            const double w = pm[m] * g1[m];
            for (int k = 0; k < fa[m].n; k++) {
                const int i = d->idx[fa[m].k0 + k];
                const double v = w * d->coef[fa[m].k0 + k];
                acc->dG_dy[i] += L.v * v;
                if (dt) acc->d2G_dTdy[i] += L.d * v;
            }
        }
        if (!dy2) continue;
        double *H = acc->d2G_dy2;
        for (int m = 0; m < nf; m++) {
            const int *im = d->idx + fa[m].k0;
            const double *cm = d->coef + fa[m].k0;
            if (g2[m] != 0.0) {
                const double w = L.v * pm[m] * g2[m];
                for (int a = 0; a < fa[m].n; a++)
                    for (int b = 0; b < fa[m].n; b++)
                        H[(size_t)im[a] * n + (size_t)im[b]] += w * cm[a] * cm[b];
            }
            for (int q = m + 1; q < nf; q++) {
                double p = 1.0;
                for (int r = 0; r < nf; r++)
                    if (r != m && r != q) p *= f[r];
                const double w = L.v * p * g1[m] * g1[q];
                const int *iq = d->idx + fa[q].k0;
                const double *cq = d->coef + fa[q].k0;
                for (int a = 0; a < fa[m].n; a++)
                    for (int b = 0; b < fa[q].n; b++) {
                        const double v = w * cm[a] * cq[b];
                        H[(size_t)im[a] * n + (size_t)iq[b]] += v;
                        H[(size_t)iq[b] * n + (size_t)im[a]] += v;
                    }
            }
        }
    }
}

lq_status lqi_thermo_qkto_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                               lq_phase_eval *out) {
    lq_status st = lqi_thermo_cef_eval(ws, phase, y, what, out);
    if (st) return st;
    const lqi_sphase *ph = &ws->sys->ph[phase];
    lqi_thermo_kt_add(ws, ph->mdata, y, ph->ncons, what, out);
    return isfinite(out->G) ? LQ_OK : LQ_EDOM;
}

/* ------------------------------------------------------------------ terms */
/* A linear form being built: sum coef * y over local indices (sorted), and its power. */
#define LIN_MAX 256 /* constituents of a phase with a Kohler-Toop record (checked in setup) */
typedef struct lin {
    int n, e;
    int idx[LIN_MAX];
    double c[LIN_MAX];
} lin;

typedef struct kt_build {
    const lqi_ktdb *kt;
    const int *loc; /* database constituent position -> local index or -1 */
    lin fac[MAX_F];
    int nf;
} kt_build;

/* Adds w_i y_i for database constituent i (absent ones add nothing). */
static void lin_add(const kt_build *b, lin *l, int i) {
    int k = b->loc[i];
    if (k < 0 || l->n >= LIN_MAX) return; /* LIN_MAX: not reached (setup checks the phase) */
    int p = l->n;
    while (p > 0 && l->idx[p - 1] > k) {
        l->idx[p] = l->idx[p - 1];
        l->c[p] = l->c[p - 1];
        p--;
    }
    l->idx[p] = k;
    l->c[p] = b->kt->w[i];
    l->n++;
}

/* Appends factor l (power e); a factor with the same form gets the powers added. */
static void push(kt_build *b, const lin *l, int e) {
    if (e == 0 || l->n == 0) return;
    for (int m = 0; m < b->nf; m++) {
        lin *o = &b->fac[m];
        if (o->n != l->n) continue;
        int same = 1;
        for (int k = 0; k < l->n && same; k++) same = o->idx[k] == l->idx[k] && o->c[k] == l->c[k];
        if (same) {
            o->e += e;
            return;
        }
    }
    if (b->nf >= MAX_F) return; /* cannot happen: at most 7 forms per term */
    b->fac[b->nf] = *l;
    b->fac[b->nf].e = e;
    b->nf++;
}

static lin single(const kt_build *b, int i) {
    lin l;
    memset(&l, 0, sizeof l);
    lin_add(b, &l, i);
    return l;
}

/*
 * Where constituent i stands for the binary parameter (a, b): 1 with a, 2 with b, 0 neither
 * (Thermochimica's lAsymmetric1/2 in PolyRegularQKTO and CompExcessGibbsEnergySUBM).
 */
static int side_of(const lqi_ktdb *kt, int a, int b, int i) {
    if (i == a) return 1;
    if (i == b) return 2;
    for (size_t k = 0; k < kt->nov; k++) {
        const lqi_kt_override *o = &kt->ov[k];
        int in = 1;
        for (int m = 0; m < 3; m++) in = in && (o->t[m] == a || o->t[m] == b || o->t[m] == i);
        if (!in) continue;
        if (o->asym == b) return 1;
        if (o->asym == a) return 2;
        return 0;
    }
    if (kt->group[a] != kt->group[b]) {
        if (kt->group[i] == kt->group[a]) return 1;
        if (kt->group[i] == kt->group[b]) return 2;
    }
    return 0;
}

static lq_status add_term(lq_system *sys, kt_data *d, const kt_build *b, int slot) {
    size_t cap_t = d->cap_t, cap_f = d->cap_f;
    if (lqi_thermo_grow((void **)&d->t, &cap_t, d->nt, sizeof *d->t)) return LQ_ENOMEM;
    d->cap_t = cap_t;
    kt_term *t = &d->t[d->nt];
    t->slot = slot;
    t->f0 = (int)d->nf;
    t->nf = 0;
    for (int m = 0; m < b->nf; m++) {
        const lin *l = &b->fac[m];
        if (l->e == 0) continue;
        if (lqi_thermo_grow((void **)&d->f, &cap_f, d->nf, sizeof *d->f)) return LQ_ENOMEM;
        d->cap_f = cap_f;
        for (int k = 0; k < l->n; k++) {
            if (lqi_thermo_grow((void **)&d->idx, &d->cap_idx, d->nic, sizeof *d->idx) ||
                lqi_thermo_grow((void **)&d->coef, &d->cap_coef, d->nic, sizeof *d->coef))
                return LQ_ENOMEM;
            d->idx[d->nic] = l->idx[k];
            d->coef[d->nic] = l->c[k];
            d->nic++;
        }
        d->f[d->nf++] = (kt_fac){(int)d->nic - l->n, l->n, l->e};
        t->nf++;
    }
    (void)sys;
    d->nt++;
    return LQ_OK;
}

/* Form c * y_i (one constituent, local index of database position i). */
static lin unit(const kt_build *b, int i, double c) {
    lin l;
    memset(&l, 0, sizeof l);
    l.idx[0] = b->loc[i];
    l.c[0] = c;
    l.n = 1;
    return l;
}

/*
 * Thermochimica's L(Ci,Cj:Va,Bk) term of order o in an ionic liquid (CompExcessGibbsEnergySUBI.f90,
 * case 12): Q y_Ci y_Cj y_Bk y_Va^2 L v_o, v_o = w_o + (1 - w_0 - w_1 - w_2) / 3 with the
 * Muggianu-like weights w_0 = y_Ci y_Va, w_1 = y_Cj y_Va, w_2 = y_Bk, Q = sum_C q_C y_C. Expanded,
 * four products of powers of forms with the constant in Q's coefficients:
 * (1/3) B + sum_p (delta_po - 1/3) B w_p, B = Q y_Ci y_Cj y_Bk y_Va^2. Returns 0 or -1 (memory).
 */
static int subi12_terms(lq_system *sys, kt_data *d, const lqi_ktdb *kt, const int *ymap,
                        const lqi_kt_param *pa, size_t *cap_slot) {
    for (int w = -1; w < 3; w++) {
        const double c = w < 0 ? 1.0 / 3.0 : (w == pa->e[0] ? 1.0 : 0.0) - 1.0 / 3.0;
        kt_build b;
        memset(&b, 0, sizeof b);
        b.kt = kt;
        b.loc = ymap;
        lin Q;
        memset(&Q, 0, sizeof Q);
        for (int i = 0; i < kt->ncat; i++) lin_add(&b, &Q, i);
        for (int k = 0; k < Q.n; k++) Q.c[k] *= c;
        lin yi = unit(&b, pa->c[0], 1.0), yj = unit(&b, pa->c[1], 1.0),
            yb = unit(&b, pa->c[2], 1.0), yv = unit(&b, pa->other, 1.0);
        push(&b, &Q, 1);
        push(&b, &yi, 1 + (w == 0));
        push(&b, &yj, 1 + (w == 1));
        push(&b, &yb, 1 + (w == 2));
        push(&b, &yv, 2 + (w == 0 || w == 1));
        if (lqi_thermo_grow((void **)&sys->slot_func, cap_slot, sys->nslot,
                            sizeof *sys->slot_func) ||
            add_term(sys, d, &b, (int)sys->nslot))
            return -1;
        sys->slot_func[sys->nslot++] = pa->func;
    }
    return 0;
}

lq_status lqi_thermo_kt_setup(const lq_db *db, int pi, lq_system *sys, size_t phase,
                              const int *ymap, size_t *cap_slot, lq_diag *diag) {
    const lqi_phase *dph = &db->ph[pi];
    const lqi_ktdb *kt = dph->kt;
    lqi_sphase *sp = &sys->ph[phase];
    const int subm = kt->type == LQI_KT_SUBM;
    if (kt->n > LIN_MAX)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dph->line, "PHASE",
                            "phase %s: a Kohler-Toop excess over %d constituents (at most %d)",
                            dph->name, kt->n, LIN_MAX);
    kt_data *d = lqi_calloc(1, sizeof *d);
    if (!d) return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
    for (size_t p = 0; p < kt->npar; p++) {
        const lqi_kt_param *pa = &kt->par[p];
        kt_build b;
        memset(&b, 0, sizeof b);
        b.kt = kt;
        b.loc = ymap;
        int absent = pa->other >= 0 && ymap[pa->other] < 0;
        for (int m = 0; m < pa->n; m++) absent = absent || ymap[pa->c[m]] < 0;
        if (absent) continue; /* Thermochimica drops the parameters of absent constituents */
        /* the mixing sublattice [s0, s1) and its sum W of w y */
        int s0 = 0, s1 = kt->n;
        if (subm) {
            s0 = pa->c[0] < kt->ncat ? 0 : kt->ncat;
            s1 = pa->c[0] < kt->ncat ? kt->ncat : kt->n;
        }
        lin W;
        memset(&W, 0, sizeof W);
        for (int i = s0; i < s1; i++) lin_add(&b, &W, i);
        const int a = pa->c[0], bb = pa->c[1];
        if (pa->kind == LQI_KT_SUBI12) {
            if (subi12_terms(sys, d, kt, ymap, pa, cap_slot)) {
                lqi_thermo_kt_free(d);
                return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
            }
            continue;
        }
        if (pa->n == 2) {
            lin x1, x2, xd;
            memset(&x1, 0, sizeof x1);
            memset(&x2, 0, sizeof x2);
            memset(&xd, 0, sizeof xd);
            for (int i = s0; i < s1; i++) {
                int s = side_of(kt, a, bb, i);
                if (s == 1) lin_add(&b, &x1, i);
                if (s == 2) lin_add(&b, &x2, i);
                if (s) lin_add(&b, &xd, i);
            }
            const int ep = pa->e[0], eq = pa->e[1];
            lin ya = single(&b, a), yb = single(&b, bb);
            push(&b, &ya, 1);
            push(&b, &yb, 1);
            push(&b, &x1, ep - 1);
            push(&b, &x2, eq - 1);
            push(&b, &xd, 2 - ep - eq);
            push(&b, &W, -1);
        } else {
            lin s;
            memset(&s, 0, sizeof s);
            for (int m = 0; m < 3; m++) {
                lin l = single(&b, pa->c[m]);
                push(&b, &l, pa->e[m]);
                lin_add(&b, &s, pa->c[m]);
            }
            push(&b, &s, 3 - pa->e[0] - pa->e[1] - pa->e[2]);
            push(&b, &W, -2);
        }
        if (subm) {
            lin o = single(&b, pa->other);
            push(&b, &o, 1);
        }
        for (int m = 0; m < b.nf; m++)
            if (b.fac[m].e < E_MIN) {
                lqi_thermo_kt_free(d);
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, pa->line, "excess parameter",
                                    "phase %s: an exponent gives a power %d (below %d) of a sum of "
                                    "fractions",
                                    dph->name, b.fac[m].e, E_MIN);
            }
        if (lqi_thermo_grow((void **)&sys->slot_func, cap_slot, sys->nslot,
                            sizeof *sys->slot_func) ||
            add_term(sys, d, &b, (int)sys->nslot)) {
            lqi_thermo_kt_free(d);
            return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
        }
        sys->slot_func[sys->nslot++] = pa->func;
    }
    if (subm) {
        d->ionic = sp->mdata; /* the ionic liquid's data (lqi_thermo_ionic_setup) */
        sp->model = LQI_MODEL_SUBM;
    } else {
        sp->model = LQI_MODEL_QKTO;
    }
    sp->mdata = d;
    return LQ_OK;
}
