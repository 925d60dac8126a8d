/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modified quasichemical model in the quadruplet approximation (MQMQA) as a phase-model record. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/model/mqmqa_internal.h"
#include "thermo/thermo_internal.h"

/*
 * The phase is presented to the solver as one sublattice whose constituents are the quadruplets
 * AB/XY (A <= B cations, X <= Y anions); their fractions x_q sum to one and one "formula unit" is
 * one mole of quadruplets, as in pycalphad's ModelMQMQA. The amount of cation i per mole of
 * quadruplets is n_i = sum_q x_q ([a=i]/Z^A_q + [b=i]/Z^B_q) (Poschmann et al., Calphad 75 (2021)
 * 102341, eqs. 7-8), linear in x, so constituent_comp of a quadruplet is the sum over its four
 * slots of (composition of the ion) / (its coordination number there).
 *
 * Every quantity of the model is a linear form L(x) = c0 + sum_q c_q x_q: pair amounts
 * n_i/k = sum_q x_q (count of i)(count of k) (eq. 5), site-equivalent fractions' numerators
 * Y_i (eqs. 11-12), coordination-equivalent fractions F_i = sum_k X_i/k (eqs. 13-14), the chi and
 * xi variables of the excess terms (eqs. 19-22). The Gibbs energy is then a sum of three kinds
 * of terms (pycalphad's reference_energy, ideal_mixing_energy, excess_mixing_energy; Pelton,
 * Chartrand, Eriksson, Metall. Mater. Trans. A 32 (2001) 1409, eqs. 17-24):
 *   reference   G_i/k(T) L(x)                   (pair energies times amounts of pairs),
 *   entropy     R T c A(x) ln B(x)              (each ln of a ratio split into such terms),
 *   excess      g(T) prod_j L_j(x)^e_j          (chi^p chi^q, xi terms, ternary factors and the
 *                                                 linear multiplier of eq. 17),
 * whose first and second derivatives are closed forms:
 *   d(A ln B)   = a ln B + A b / B,   d2(A ln B) = (a b' + b a') / B - A b b' / B^2,
 *   d(prod f_j) = sum_j P_j f_j' l_j,  d2 = sum_j P_j f_j'' l_j l_j' + sum_{j!=k} P_jk f_j' f_k'
 l_j l_k' (P_j, P_jk: products of the other factors; f_j = L_j^e_j).
 * Forms are floored at 1e-150 where a logarithm or a non-integer or negative power needs a
 * positive value; the solver keeps all x_q > 0, where the floor does not act.
 */

#define MQ_FLOOR 1e-150

typedef struct mq_sterm {
    int a, b;
    double c;
} mq_sterm;
typedef struct mq_rterm {
    int slot, form;
} mq_rterm;
typedef struct mq_xterm {
    int slot, k0, n;
} mq_xterm;

typedef struct mqmqa {
    size_t n; /* quadruplets */
    double *fc0;
    int *fk0, *fn;
    size_t nform, cap_form;
    int *fidx;
    double *fcoef;
    size_t nent, cap_fidx, cap_fcoef;
    mq_sterm *st;
    size_t nst, cap_st;
    mq_rterm *rt;
    size_t nrt, cap_rt;
    mq_xterm *xt;
    size_t nxt, cap_xt;
    int *xf;
    double *xe;
    size_t nxf, cap_xf, cap_xe;
} mqmqa;

lqi_mqdb *lqi_thermo_mqdb_alloc(int ncat, int nan) {
    lqi_mqdb *m = lqi_calloc(1, sizeof *m);
    if (!m) return NULL;
    size_t ns = (size_t)(ncat + nan), np = (size_t)ncat * (size_t)nan;
    m->ncat = ncat;
    m->nan = nan;
    m->charge = lqi_calloc(ns, sizeof *m->charge);
    m->group = lqi_calloc(ns, sizeof *m->group);
    m->pair_func = lqi_malloc_array(np, sizeof *m->pair_func);
    m->pair_cat = lqi_calloc(np, sizeof *m->pair_cat);
    m->zeta = lqi_calloc(np, sizeof *m->zeta);
    if (!m->charge || !m->group || !m->pair_func || !m->pair_cat || !m->zeta) {
        lqi_thermo_mqdb_free(m);
        return NULL;
    }
    for (size_t k = 0; k < np; k++) m->pair_func[k] = -1;
    return m;
}

void lqi_thermo_mqdb_free(struct lqi_mqdb *m) {
    if (!m) return;
    lqi_free(m->charge);
    lqi_free(m->group);
    lqi_free(m->pair_func);
    lqi_free(m->pair_cat);
    lqi_free(m->zeta);
    lqi_free(m->quad);
    lqi_free(m->ex);
    lqi_free(m);
}

void lqi_thermo_mqmqa_free(void *p) {
    mqmqa *m = p;
    if (!m) return;
    lqi_free(m->fc0);
    lqi_free(m->fk0);
    lqi_free(m->fn);
    lqi_free(m->fidx);
    lqi_free(m->fcoef);
    lqi_free(m->st);
    lqi_free(m->rt);
    lqi_free(m->xt);
    lqi_free(m->xf);
    lqi_free(m->xe);
    lqi_free(m);
}

/* ------------------------------------------------------------------ building */
typedef struct mqb {
    const lq_db *db;
    const lqi_phase *ph;
    const lqi_mqdb *mq;
    lq_diag *diag;
    int nc, na;
    int *cat, *an; /* local -> record index */
    int nq;
    int (*q)[4]; /* local a, b, x, y */
    double (*z)[4];
    int *qid;  /* [a][b][x][y] (local, canonical) -> quadruplet */
    double *v; /* dense work vector of length nq */
    mqmqa *m;
} mqb;

#define BNOMEM(b) lqi_diag_set((b)->diag, LQ_ENOMEM, (b)->db->name, 0, "", "out of memory")

static int qindex(const mqb *b, int a, int c, int x, int y) {
    if (a > c) {
        int t = a;
        a = c;
        c = t;
    }
    if (x > y) {
        int t = x;
        x = y;
        y = t;
    }
    return b->qid[((a * b->nc + c) * b->na + x) * b->na + y];
}

/* Appends the form c0 + sum v_q x_q (v: dense, length nq); its index or -1 (no memory). */
static int form_add(mqb *b, double c0, const double *v) {
    mqmqa *m = b->m;
    size_t nz = 0;
    for (int k = 0; k < b->nq; k++)
        if (v[k] != 0.0) nz++;
    if (lqi_thermo_grow((void **)&m->fc0, &m->cap_form, m->nform, sizeof *m->fc0)) return -1;
    size_t cap = m->cap_form;
    int *k0 = lqi_realloc(m->fk0, cap * sizeof *k0);
    if (!k0) return -1;
    m->fk0 = k0;
    int *fn = lqi_realloc(m->fn, cap * sizeof *fn);
    if (!fn) return -1;
    m->fn = fn;
    if (lqi_thermo_grow((void **)&m->fidx, &m->cap_fidx, m->nent + nz, sizeof *m->fidx) ||
        lqi_thermo_grow((void **)&m->fcoef, &m->cap_fcoef, m->nent + nz, sizeof *m->fcoef))
        return -1;
    m->fc0[m->nform] = c0;
    m->fk0[m->nform] = (int)m->nent;
    m->fn[m->nform] = (int)nz;
    for (int k = 0; k < b->nq; k++)
        if (v[k] != 0.0) {
            m->fidx[m->nent] = k;
            m->fcoef[m->nent++] = v[k];
        }
    return (int)m->nform++;
}

static void vzero(mqb *b) { memset(b->v, 0, (size_t)b->nq * sizeof *b->v); }

static int sterm(mqb *b, double c, int fa, int fb) {
    mqmqa *m = b->m;
    if (fa < 0 || fb < 0) return -1;
    if (lqi_thermo_grow((void **)&m->st, &m->cap_st, m->nst, sizeof *m->st)) return -1;
    m->st[m->nst++] = (mq_sterm){fa, fb, c};
    return 0;
}

/* Coordination numbers of quadruplet (a,b,x,y) (record indices, canonical) into z[4]: as given,
 * else the defaults of Pelton et al. 2001 eqs. 23-24 as Thermochimica (ParseCSDataBlockSUBG) and
 * pycalphad (ModelMQMQA._calc_Z) compute them. -1: a pure pair without data. */
static int coord(const lqi_mqdb *mq, int a, int c, int x, int y, double z[4], int depth) {
    for (size_t k = 0; k < mq->nquad; k++) {
        const lqi_mq_quad *q = &mq->quad[k];
        if (q->a == a && q->b == c && q->x == x && q->y == y) {
            memcpy(z, q->z, 4 * sizeof *z);
            return 0;
        }
    }
    if ((a == c && x == y) || depth > 2) return -1;
    const double qa = mq->charge[a], qb = mq->charge[c], qx = mq->charge[mq->ncat + x],
                 qy = mq->charge[mq->ncat + y];
    double za[4], zb[4], zx[4], zy[4];
    if (x == y) {
        if (coord(mq, a, a, x, x, za, depth + 1) || coord(mq, c, c, x, x, zb, depth + 1)) return -1;
        z[0] = za[0];
        z[1] = zb[0];
        z[2] = z[3] = (qx + qy) / (qa / za[0] + qb / zb[0]);
        return 0;
    }
    if (a == c) {
        if (coord(mq, a, a, x, x, zx, depth + 1) || coord(mq, a, a, y, y, zy, depth + 1)) return -1;
        z[0] = z[1] = (qa + qb) / (qx / zx[2] + qy / zy[2]);
        z[2] = zx[2];
        z[3] = zy[2];
        return 0;
    }
    double aaxy[4], bbxy[4], abxx[4], abyy[4];
    if (coord(mq, a, a, x, y, aaxy, depth + 1) || coord(mq, c, c, x, y, bbxy, depth + 1) ||
        coord(mq, a, c, x, x, abxx, depth + 1) || coord(mq, a, c, y, y, abyy, depth + 1))
        return -1;
    const double ZA = aaxy[0], ZB = bbxy[0], ZX = abxx[2], ZY = abyy[2];
    const double F = (qa / ZA + qb / ZB + qx / ZX + qy / ZY) / 8.0;
    z[0] = 1.0 / (F * (ZX / (qx * abxx[0]) + ZY / (qy * abyy[0])));
    z[1] = 1.0 / (F * (ZX / (qx * abxx[1]) + ZY / (qy * abyy[1])));
    z[2] = 1.0 / (F * (ZA / (qa * aaxy[2]) + ZB / (qb * bbxy[2])));
    z[3] = 1.0 / (F * (ZA / (qa * aaxy[3]) + ZB / (qb * bbxy[3])));
    return 0;
}

/* Z of cation (side 0) or anion (side 1) local index s in quadruplet q. */
static double zof(const mqb *b, int q, int side, int s) {
    const int *Q = b->q[q];
    if (side == 0) return Q[0] == s ? b->z[q][0] : b->z[q][1];
    return Q[2] == s ? b->z[q][2] : b->z[q][3];
}

static int cnt(const int *Q, int side, int s) {
    return side == 0 ? (Q[0] == s) + (Q[1] == s) : (Q[2] == s) + (Q[3] == s);
}

/* chemical-group filter (pycalphad's _chemical_group_filter): constituents other than i and j
 * in the group of i but not in the group of j */
static int in_group(const mqb *b, int side, int m, int i, int j) {
    const lqi_mqdb *mq = b->mq;
    int off = side == 0 ? 0 : mq->ncat;
    const int *loc = side == 0 ? b->cat : b->an;
    if (m == i || m == j) return 0;
    int gm = mq->group[off + loc[m]], gi = mq->group[off + loc[i]], gj = mq->group[off + loc[j]];
    return gm == gi && gm != gj;
}

/* Numerator (with_j = 0) or denominator (1) of chi_ij/k (Poschmann eqs. 21-22) into b->v;
 * side 0: cations i, j mix with anion k; side 1: anions i, j mix with cation k. A quadruplet
 * counts when both its ions of that side are in the set ({i} and its group-mates nu, plus j and
 * its group-mates gamma for the denominator): with weight 1 when its two other ions are both k,
 * and for SUBQ with weight 1/2 when one of them is k (as Thermochimica's
 * CompExcessGibbsEnergySUBG computes chi; pycalphad counts such quadruplets twice). */
static void chi_form(mqb *b, int side, int i, int j, int k, int with_j) {
    const int ns = side == 0 ? b->nc : b->na;
    vzero(b);
    const int subq = b->mq->type == LQI_MQ_SUBQ;
    for (int q = 0; q < b->nq; q++) {
        const int *Q = b->q[q];
        const int u = side == 0 ? Q[0] : Q[2], w = side == 0 ? Q[1] : Q[3];
        const int s = side == 0 ? Q[2] : Q[0], t = side == 0 ? Q[3] : Q[1];
        int in_u = u == i || in_group(b, side, u, i, j),
            in_w = w == i || in_group(b, side, w, i, j);
        if (with_j) {
            in_u |= u == j || in_group(b, side, u, j, i);
            in_w |= w == j || in_group(b, side, w, j, i);
        }
        if (!in_u || !in_w) continue;
        if (s == k && t == k)
            b->v[q] += 1.0;
        else if (subq && (s == k || t == k))
            b->v[q] += 0.5;
    }
    (void)ns;
}

/* xi_ij/k = sum over i and its group-mates nu of Y_m/k = n_m/k / 4 (Poschmann eq. 19) into v. */
static void xi_form(mqb *b, int side, int i, int j, int k) {
    vzero(b);
    int ns = side == 0 ? b->nc : b->na;
    for (int m = 0; m < ns; m++) {
        if (m != i && !in_group(b, side, m, i, j)) continue;
        for (int q = 0; q < b->nq; q++) {
            const int *Q = b->q[q];
            double c = side == 0 ? cnt(Q, 0, m) * cnt(Q, 1, k) : cnt(Q, 0, k) * cnt(Q, 1, m);
            b->v[q] += c / 4.0;
        }
    }
}

/* Y_m/k (cation m, anion k) = n_m/k / 4 (Poschmann eq. 20) into v (added). */
static void ypair_add(mqb *b, int m, int k, double s) {
    for (int q = 0; q < b->nq; q++) b->v[q] += s * cnt(b->q[q], 0, m) * cnt(b->q[q], 1, k) / 4.0;
}

typedef struct xbuild {
    int f[16];
    double e[16];
    int n;
} xbuild;

static int xfac(mqb *b, xbuild *x, double c0, double e) {
    if (e == 0.0) return 0;
    int f = form_add(b, c0, b->v);
    if (f < 0 || x->n >= 16) return -1;
    x->f[x->n] = f;
    x->e[x->n++] = e;
    return 0;
}

static lq_status excess_term(mqb *b, const lqi_mq_excess *e, int slot) {
    /* local indices; a term with a constituent outside the system is zero */
    int A = -1, B = -1, X = -1, Y = -1, M = -1;
    for (int k = 0; k < b->nc; k++) {
        if (b->cat[k] == e->a) A = k;
        if (b->cat[k] == e->b) B = k;
        if (e->m_cat >= 0 && b->cat[k] == e->m_cat) M = k;
    }
    for (int k = 0; k < b->na; k++) {
        if (b->an[k] == e->x) X = k;
        if (b->an[k] == e->y) Y = k;
        if (e->m_an >= 0 && b->an[k] == e->m_an) M = k;
    }
    if (A < 0 || B < 0 || X < 0 || Y < 0) return LQ_OK;
    if ((e->m_cat >= 0 || e->m_an >= 0) && M < 0) return LQ_OK;
    xbuild xb;
    xb.n = 0;
    int rc = 0;
    /* mixing on one sublattice: side 0 cations (A != B, X == Y), side 1 anions */
    int side = -1, i = 0, j = 0, k = 0;
    if (A != B && X == Y) side = 0, i = A, j = B, k = X;
    if (A == B && X != Y) side = 1, i = X, j = Y, k = A;
    if (side >= 0) {
        if (e->code == 'G') {
            chi_form(b, side, i, j, k, 0);
            rc |= xfac(b, &xb, 0.0, e->p);
            chi_form(b, side, j, i, k, 0);
            rc |= xfac(b, &xb, 0.0, e->q);
            if (e->p + e->q != 0) {
                chi_form(b, side, i, j, k, 1);
                rc |= xfac(b, &xb, 0.0, -(double)(e->p + e->q));
            }
        } else {
            xi_form(b, side, i, j, k);
            rc |= xfac(b, &xb, 0.0, e->p);
            xi_form(b, side, j, i, k);
            rc |= xfac(b, &xb, 0.0, e->q);
            if (e->p + e->q != 0) {
                xi_form(b, side, i, j, k);
                double *keep = lqi_malloc_array((size_t)b->nq, sizeof *keep);
                if (!keep) return BNOMEM(b);
                memcpy(keep, b->v, (size_t)b->nq * sizeof *keep);
                xi_form(b, side, j, i, k);
                for (int q = 0; q < b->nq; q++) b->v[q] += keep[q];
                lqi_free(keep);
                rc |= xfac(b, &xb, 0.0, -(double)(e->p + e->q));
            }
        }
        if (M >= 0) { /* ternary factor (Poschmann eqs. 25-26) */
            int mside = e->m_cat >= 0 ? 0 : 1;
            if (mside != side)
                return lqi_diag_set(b->diag, LQ_EUNSUPPORTED, b->db->name, e->line, "excess",
                                    "phase %s: additional constituent on the other sublattice "
                                    "(not supported)",
                                    b->ph->name);
            vzero(b);
            if (side == 0)
                ypair_add(b, M, k, 1.0);
            else
                ypair_add(b, k, M, 1.0);
            rc |= xfac(b, &xb, 0.0, 1.0);
            const double r = e->r;
            int gam = in_group(b, side, M, j, i), nu = in_group(b, side, M, i, j);
            if (gam || nu) {
                int s1 = gam ? j : i, s2 = gam ? i : j;
                xi_form(b, side, s1, s2, k);
                rc |= xfac(b, &xb, 0.0, -r);
                xi_form(b, side, s1, s2, k); /* xi - Y_s1/k */
                if (side == 0)
                    ypair_add(b, s1, k, -1.0);
                else
                    ypair_add(b, k, s1, -1.0);
                rc |= xfac(b, &xb, 0.0, r - 1.0);
            } else {
                double *keep = lqi_malloc_array((size_t)b->nq, sizeof *keep);
                if (!keep) return BNOMEM(b);
                xi_form(b, side, i, j, k);
                memcpy(keep, b->v, (size_t)b->nq * sizeof *keep);
                xi_form(b, side, j, i, k);
                for (int q = 0; q < b->nq; q++) b->v[q] = -(b->v[q] + keep[q]);
                lqi_free(keep);
                rc |= xfac(b, &xb, 1.0, r - 1.0);
            }
        }
    }
    /* linear multiplier of eq. 17, with the factor 1/2 */
    vzero(b);
    int q0 = qindex(b, A, B, X, Y);
    b->v[q0] += 0.5;
    if (A == B) {
        double zq = zof(b, q0, 0, A);
        for (int m = 0; m < b->nc; m++) {
            if (m == A) continue;
            int q = qindex(b, A, m, X, Y);
            b->v[q] += 0.5 * zq / 2.0 / zof(b, q, 0, A);
        }
    }
    if (X == Y) {
        double zq = zof(b, q0, 1, X);
        for (int m = 0; m < b->na; m++) {
            if (m == X) continue;
            int q = qindex(b, A, B, X, m);
            b->v[q] += 0.5 * zq / 2.0 / zof(b, q, 1, X);
        }
    }
    rc |= xfac(b, &xb, 0.0, 1.0);
    if (rc) return BNOMEM(b);
    mqmqa *m = b->m;
    if (lqi_thermo_grow((void **)&m->xt, &m->cap_xt, m->nxt, sizeof *m->xt) ||
        lqi_thermo_grow((void **)&m->xf, &m->cap_xf, m->nxf + (size_t)xb.n, sizeof *m->xf) ||
        lqi_thermo_grow((void **)&m->xe, &m->cap_xe, m->nxf + (size_t)xb.n, sizeof *m->xe))
        return BNOMEM(b);
    m->xt[m->nxt++] = (mq_xterm){slot, (int)m->nxf, xb.n};
    for (int t = 0; t < xb.n; t++) {
        m->xf[m->nxf] = xb.f[t];
        m->xe[m->nxf++] = xb.e[t];
    }
    return LQ_OK;
}

static int add_slot(lq_system *sys, size_t *cap_slot, int func) {
    if (lqi_thermo_grow((void **)&sys->slot_func, cap_slot, sys->nslot, sizeof *sys->slot_func))
        return -1;
    sys->slot_func[sys->nslot] = func;
    return (int)sys->nslot++;
}

static int species_in(const lq_db *db, int sp, const int *comp_el, size_t ncomp) {
    const lqi_species *s = &db->sp[sp];
    for (int k = 0; k < s->nel; k++) {
        int in = 0;
        for (size_t c = 0; c < ncomp; c++)
            if (comp_el[c] == s->el[k]) in = 1;
        if (!in) return 0;
    }
    return 1;
}

/* Entropy and reference terms (pycalphad ModelMQMQA.ideal_mixing_energy, reference_energy). */
static lq_status build_terms(mqb *b, lq_system *sys, size_t *cap_slot) {
    const lqi_mqdb *mq = b->mq;
    const int subq = mq->type == LQI_MQ_SUBQ;
    const int nc = b->nc, na = b->na, nq = b->nq;
    int rc = 0;
    /* species amounts n_i and their sums over each sublattice */
    int *fs = lqi_malloc_array((size_t)(nc + na), sizeof *fs);
    int *fY = lqi_malloc_array((size_t)(nc + na), sizeof *fY);
    int *fF = lqi_malloc_array((size_t)(nc + na), sizeof *fF);
    int *fp = lqi_malloc_array((size_t)(nc * na), sizeof *fp); /* n_i/k */
    int *fw = lqi_malloc_array((size_t)(nc * na), sizeof *fw); /* n_i/k or n*_i/k */
    double *tot = lqi_calloc((size_t)nq, sizeof *tot);
    if (!fs || !fY || !fF || !fp || !fw || !tot) {
        rc = -1;
        goto out;
    }
    for (int side = 0; side < 2; side++) {
        int ns = side == 0 ? nc : na, off = side == 0 ? 0 : nc;
        memset(tot, 0, (size_t)nq * sizeof *tot);
        for (int s = 0; s < ns; s++) {
            vzero(b);
            for (int q = 0; q < nq; q++) {
                const int *Q = b->q[q];
                int p0 = side == 0 ? 0 : 2;
                if (Q[p0] == s) b->v[q] += 1.0 / b->z[q][p0];
                if (Q[p0 + 1] == s) b->v[q] += 1.0 / b->z[q][p0 + 1];
                tot[q] += b->v[q];
            }
            fs[off + s] = form_add(b, 0.0, b->v);
            vzero(b);
            for (int q = 0; q < nq; q++) b->v[q] = cnt(b->q[q], side, s) / 2.0;
            fY[off + s] = form_add(b, 0.0, b->v);
        }
        int ftot = form_add(b, 0.0, tot);
        for (int s = 0; s < ns; s++) { /* n_i ln X_i, X_i = n_i / sum */
            rc |= sterm(b, 1.0, fs[off + s], fs[off + s]);
            rc |= sterm(b, -1.0, fs[off + s], ftot);
        }
    }
    /* pairs */
    memset(tot, 0, (size_t)nq * sizeof *tot);
    double *totw = lqi_calloc((size_t)nq, sizeof *totw);
    if (!totw) {
        rc = -1;
        goto out;
    }
    for (int i = 0; i < nc; i++)
        for (int k = 0; k < na; k++) {
            vzero(b);
            for (int q = 0; q < nq; q++) b->v[q] = cnt(b->q[q], 0, i) * cnt(b->q[q], 1, k);
            fp[i * na + k] = form_add(b, 0.0, b->v);
            for (int q = 0; q < nq; q++) tot[q] += b->v[q];
            /* pair weights n_i/k / zeta_i/k for SUBG and SUBQ alike (Thermochimica,
             * CompExcessGibbsEnergySUBG; pycalphad leaves zeta out for SUBG, the same whenever
             * there is one ion on a sublattice) */
            double zeta = mq->zeta[b->cat[i] * mq->nan + b->an[k]];
            for (int q = 0; q < nq; q++) b->v[q] /= zeta;
            for (int q = 0; q < nq; q++) totw[q] += b->v[q];
            fw[i * na + k] = form_add(b, 0.0, b->v);
        }
    int fP = form_add(b, 0.0, tot), fPw = form_add(b, 0.0, totw);
    lqi_free(totw);
    /* coordination-equivalent fractions F_i = sum_k Xw_i/k (numerators over Pw) */
    for (int side = 0; side < 2; side++) {
        int ns = side == 0 ? nc : na, off = side == 0 ? 0 : nc;
        for (int s = 0; s < ns; s++) {
            vzero(b);
            for (int t = 0; t < (side == 0 ? na : nc); t++) {
                int f = side == 0 ? fw[s * na + t] : fw[t * na + s];
                const mqmqa *m = b->m;
                for (int e = 0; e < m->fn[f]; e++)
                    b->v[m->fidx[m->fk0[f] + e]] += m->fcoef[m->fk0[f] + e];
            }
            fF[off + s] = form_add(b, 0.0, b->v);
        }
    }
    /* pair term: w ln(Xw / (F_i F_k)) = w (ln w + ln Pw - ln Fn_i - ln Fn_k) */
    for (int i = 0; i < nc; i++)
        for (int k = 0; k < na; k++) {
            int w = fw[i * na + k];
            rc |= sterm(b, 1.0, w, w);
            rc |= sterm(b, 1.0, w, fPw);
            rc |= sterm(b, -1.0, w, fF[i]);
            rc |= sterm(b, -1.0, w, fF[nc + k]);
        }
    /* quadruplet term: x ln(x / (C (prod X_i/k)^px / (prod Y)^py)) */
    const double px = subq ? 0.75 : 1.0, py = subq ? 0.5 : 1.0;
    for (int q = 0; q < nq; q++) {
        const int *Q = b->q[q];
        vzero(b);
        b->v[q] = 1.0;
        int fx = form_add(b, 0.0, b->v);
        vzero(b);
        double C = (Q[0] == Q[1] ? 1.0 : 2.0) * (Q[2] == Q[3] ? 1.0 : 2.0);
        int fC = form_add(b, C, b->v);
        rc |= sterm(b, 1.0, fx, fx);
        rc |= sterm(b, -1.0, fx, fC);
        const int pr[4][2] = {{Q[0], Q[2]}, {Q[0], Q[3]}, {Q[1], Q[2]}, {Q[1], Q[3]}};
        for (int t = 0; t < 4; t++) {
            rc |= sterm(b, -px, fx, fp[pr[t][0] * na + pr[t][1]]);
            rc |= sterm(b, px, fx, fP);
        }
        rc |= sterm(b, py, fx, fY[Q[0]]);
        rc |= sterm(b, py, fx, fY[Q[1]]);
        rc |= sterm(b, py, fx, fY[nc + Q[2]]);
        rc |= sterm(b, py, fx, fY[nc + Q[3]]);
    }
    /* reference: sum over the four (cation, anion) slots of quadruplet AB/XY of
     *   2 q_X G_A/X / (2 Z_A Z_X) / (q_X / Z_X + q_Y / Z_Y) / (cations in the pair's formula),
     * with the quadruplet's coordination numbers, as Thermochimica (CompThermoData) forms the
     * standard Gibbs energy of a quadruplet; it is 2 G_A/X / Z_A for AA/XX and equals pycalphad's
     * reference_energy unless the anions of a quadruplet differ in q/Z */
    for (int i = 0; i < nc && !rc; i++)
        for (int k = 0; k < na && !rc; k++) {
            int p = b->cat[i] * mq->nan + b->an[k];
            vzero(b);
            for (int q = 0; q < nq; q++) {
                const int *Q = b->q[q];
                const double *z = b->z[q];
                const double qx = mq->charge[mq->ncat + b->an[Q[2]]],
                             qy = mq->charge[mq->ncat + b->an[Q[3]]];
                const double den = qx / z[2] + qy / z[3];
                for (int cs = 0; cs < 2; cs++)
                    for (int as = 0; as < 2; as++) {
                        if (Q[cs] != i || Q[2 + as] != k) continue;
                        const double qa = as == 0 ? qx : qy;
                        b->v[q] += qa / (z[cs] * z[2 + as]) / den / mq->pair_cat[p];
                    }
            }
            int f = form_add(b, 0.0, b->v);
            int slot = add_slot(sys, cap_slot, mq->pair_func[p]);
            mqmqa *m = b->m;
            if (f < 0 || slot < 0 ||
                lqi_thermo_grow((void **)&m->rt, &m->cap_rt, m->nrt, sizeof *m->rt)) {
                rc = -1;
                break;
            }
            m->rt[m->nrt++] = (mq_rterm){slot, f};
        }
out:
    lqi_free(fs);
    lqi_free(fY);
    lqi_free(fF);
    lqi_free(fp);
    lqi_free(fw);
    lqi_free(tot);
    return rc ? BNOMEM(b) : LQ_OK;
}

static void mqb_free(mqb *b) {
    lqi_free(b->cat);
    lqi_free(b->an);
    lqi_free(b->q);
    lqi_free(b->z);
    lqi_free(b->qid);
    lqi_free(b->v);
}

/* Constituent tables of the system for the quadruplets of the new phase. */
static lq_status tables(mqb *b, lq_system *sys, const int *comp_el, lqi_sphase *sp) {
    size_t need = sys->ncons_total + (size_t)b->nq;
    size_t *so = lqi_realloc(sys->sub_of, need * sizeof *so);
    if (!so) return BNOMEM(b);
    sys->sub_of = so;
    char(*cn)[LQI_TDB_NAME_MAX] = lqi_realloc(sys->cname, need * sizeof *cn);
    if (!cn) return BNOMEM(b);
    sys->cname = cn;
    double *cc = lqi_realloc(sys->ccomp, need * sys->ncomp * sizeof *cc);
    if (!cc) return BNOMEM(b);
    sys->ccomp = cc;
    double *cq = lqi_realloc(sys->ccharge, need * sizeof *cq);
    if (!cq) return BNOMEM(b);
    sys->ccharge = cq;
    const lq_db *db = b->db;
    const lqi_phase *ph = b->ph;
    for (int q = 0; q < b->nq; q++) {
        size_t g = sys->ncons_total + (size_t)q;
        sys->ccharge[g] = 0.0; /* a quadruplet is neutral */
        const int *Q = b->q[q];
        int spi[4] = {ph->cons[b->cat[Q[0]]], ph->cons[b->cat[Q[1]]],
                      ph->cons[b->mq->ncat + b->an[Q[2]]], ph->cons[b->mq->ncat + b->an[Q[3]]]};
        sys->sub_of[g] = 0;
        char name[4 * LQI_TDB_NAME_MAX + 8];
        snprintf(name, sizeof name, "%s,%s/%s,%s", db->sp[spi[0]].name, db->sp[spi[1]].name,
                 db->sp[spi[2]].name, db->sp[spi[3]].name);
        if (strlen(name) >= LQI_TDB_NAME_MAX)
            snprintf(name, sizeof name, "Q%d", q + 1); /* long ion names: numbered */
        memcpy(sys->cname[g], name, LQI_TDB_NAME_MAX);
        sys->cname[g][LQI_TDB_NAME_MAX - 1] = '\0';
        for (size_t c = 0; c < sys->ncomp; c++) {
            double v = 0.0;
            for (int t = 0; t < 4; t++) {
                const lqi_species *s = &db->sp[spi[t]];
                for (int e = 0; e < s->nel; e++)
                    if (s->el[e] == comp_el[c]) v += s->n[e] / b->z[q][t];
            }
            sys->ccomp[g * sys->ncomp + c] = v;
        }
    }
    sp->y0 = sys->ncons_total;
    sp->ncons = (size_t)b->nq;
    sys->ncons_total = need;
    if ((size_t)b->nq > sys->max_ncons) sys->max_ncons = (size_t)b->nq;
    return LQ_OK;
}

lq_status lqi_thermo_mqmqa_add_phase(const lq_db *db, int pi, const int *comp_el, lq_system *sys,
                                     size_t *cap_slot, int *skipped, const char **why,
                                     lq_diag *diag) {
    const lqi_phase *ph = &db->ph[pi];
    const lqi_mqdb *mq = ph->mq;
    mqb b;
    memset(&b, 0, sizeof b);
    b.db = db;
    b.ph = ph;
    b.mq = mq;
    b.diag = diag;
    *skipped = 0;
    b.cat = lqi_malloc_array((size_t)mq->ncat, sizeof *b.cat);
    b.an = lqi_malloc_array((size_t)mq->nan, sizeof *b.an);
    if (!b.cat || !b.an) {
        mqb_free(&b);
        return BNOMEM(&b);
    }
    int atoms = 0;
    for (int k = 0; k < mq->ncat; k++)
        if (species_in(db, ph->cons[k], comp_el, sys->ncomp)) {
            b.cat[b.nc++] = k;
            if (db->sp[ph->cons[k]].nel) atoms = 1;
        }
    for (int k = 0; k < mq->nan; k++)
        if (species_in(db, ph->cons[mq->ncat + k], comp_el, sys->ncomp)) {
            b.an[b.na++] = k;
            if (db->sp[ph->cons[mq->ncat + k]].nel) atoms = 1;
        }
    if (b.nc == 0 || b.na == 0 || !atoms) {
        mqb_free(&b);
        *skipped = 1;
        *why = "no cation or no anion is made of these components";
        return LQ_OK;
    }
    lq_status st = LQ_OK;
    for (int i = 0; i < b.nc && !st; i++)
        for (int k = 0; k < b.na && !st; k++)
            if (mq->pair_func[b.cat[i] * mq->nan + b.an[k]] < 0)
                st = lqi_diag_set(diag, LQ_EINVAL, db->name, ph->line, "pair",
                                  "phase %s: no Gibbs energy for the pair %s/%s", ph->name,
                                  db->sp[ph->cons[b.cat[i]]].name,
                                  db->sp[ph->cons[mq->ncat + b.an[k]]].name);
    if (st) {
        mqb_free(&b);
        return st;
    }
    size_t npc = (size_t)b.nc * (size_t)(b.nc + 1) / 2, npa = (size_t)b.na * (size_t)(b.na + 1) / 2;
    b.nq = (int)(npc * npa);
    size_t nid = (size_t)b.nc * (size_t)b.nc * (size_t)b.na * (size_t)b.na;
    b.q = lqi_malloc_array((size_t)b.nq, sizeof *b.q);
    b.z = lqi_malloc_array((size_t)b.nq, sizeof *b.z);
    b.qid = lqi_malloc_array(nid, sizeof *b.qid);
    b.v = lqi_calloc((size_t)b.nq, sizeof *b.v);
    mqmqa *m = lqi_calloc(1, sizeof *m);
    b.m = m;
    if (!b.q || !b.z || !b.qid || !b.v || !m) {
        st = BNOMEM(&b);
        goto fail;
    }
    m->n = (size_t)b.nq;
    int nq = 0;
    for (int x = 0; x < b.na; x++)
        for (int y = x; y < b.na; y++)
            for (int a = 0; a < b.nc; a++)
                for (int c = a; c < b.nc; c++) {
                    b.q[nq][0] = a;
                    b.q[nq][1] = c;
                    b.q[nq][2] = x;
                    b.q[nq][3] = y;
                    b.qid[((a * b.nc + c) * b.na + x) * b.na + y] = nq;
                    if (coord(mq, b.cat[a], b.cat[c], b.an[x], b.an[y], b.z[nq], 0)) {
                        st = lqi_diag_set(
                            diag, LQ_EINVAL, db->name, ph->line, "coordination",
                            "phase %s: no coordination numbers for the quadruplet %s,%s/%s,%s",
                            ph->name, db->sp[ph->cons[b.cat[a]]].name,
                            db->sp[ph->cons[b.cat[c]]].name,
                            db->sp[ph->cons[mq->ncat + b.an[x]]].name,
                            db->sp[ph->cons[mq->ncat + b.an[y]]].name);
                        goto fail;
                    }
                    nq++;
                }
    lqi_sphase *sp = &sys->ph[sys->nph];
    memset(sp, 0, sizeof *sp);
    memcpy(sp->name, ph->name, sizeof sp->name);
    sp->db_index = pi;
    sp->model = LQI_MODEL_MQMQA;
    sp->nsub = 1;
    sp->site[0] = 1.0;
    for (int k = 0; k < 3; k++) sp->t0[k] = sp->t1[k] = (int)sys->nterm;
    if ((st = build_terms(&b, sys, cap_slot))) goto fail;
    for (size_t e = 0; e < mq->nex && !st; e++) {
        const lqi_mq_excess *ex = &mq->ex[e];
        size_t before = m->nxt;
        int slot = add_slot(sys, cap_slot, ex->func);
        if (slot < 0) {
            st = BNOMEM(&b);
            break;
        }
        st = excess_term(&b, ex, slot);
        if (st == LQ_OK && m->nxt == before) sys->nslot--; /* term was zero */
    }
    if (st) goto fail;
    /* the evaluation keeps the forms' values and two sums per form in the workspace's scratch */
    size_t mm = (size_t)b.nq + 1;
    if (3 * m->nform > 10 * (1 + mm + mm * mm)) {
        st = lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, ph->line, "PHASE",
                          "phase %s: too many excess terms for %d quadruplets", ph->name, b.nq);
        goto fail;
    }
    if ((st = tables(&b, sys, comp_el, sp))) goto fail;
    sp->mdata = m;
    sys->nph++;
    mqb_free(&b);
    return LQ_OK;
fail:
    lqi_thermo_mqmqa_free(m);
    mqb_free(&b);
    return st;
}

/* ------------------------------------------------------------------ evaluation */
lq_status lqi_thermo_mqmqa_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                lq_phase_eval *out) {
    const lq_system *sys = ws->sys;
    const lqi_sphase *ph = &sys->ph[phase];
    const mqmqa *m = ph->mdata;
    const size_t n = m->n;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    double *L = ws->scratch;
    double *g = out->dG_dy, *H = out->d2G_dy2, *gT = dt && dy ? out->d2G_dTdy : NULL;
    if (dy) memset(g, 0, n * sizeof *g);
    if (dy2) memset(H, 0, n * n * sizeof *H);
    if (gT) memset(gT, 0, n * sizeof *gT);
    for (size_t f = 0; f < m->nform; f++) {
        double v = m->fc0[f];
        for (int e = 0; e < m->fn[f]; e++) v += m->fcoef[m->fk0[f] + e] * y[m->fidx[m->fk0[f] + e]];
        L[f] = v;
    }
    /* configurational part, R T S with S = sum c A ln B; derivatives of S first. The parts
     * c A b / B and -c A b b' / B^2 are gathered per form B (many terms share B, e.g. the total
     * pair amount), so each dense b b' is added once. */
    double *W1 = L + m->nform, *W2 = W1 + m->nform;
    memset(W1, 0, 2 * m->nform * sizeof *W1);
    double S = 0.0;
    for (size_t t = 0; t < m->nst; t++) {
        const mq_sterm *s = &m->st[t];
        const double A = L[s->a], B = L[s->b] > MQ_FLOOR ? L[s->b] : MQ_FLOOR, lB = log(B);
        S += s->c * A * lB;
        const int ka = m->fk0[s->a], na = m->fn[s->a], kb = m->fk0[s->b], nb = m->fn[s->b];
        if (dy) {
            for (int i = 0; i < na; i++) g[m->fidx[ka + i]] += s->c * m->fcoef[ka + i] * lB;
            W1[s->b] += s->c * A / B;
        }
        if (dy2) {
            const double w1 = s->c / B;
            for (int i = 0; i < na; i++)
                for (int j = 0; j < nb; j++) {
                    const size_t p = (size_t)m->fidx[ka + i], r = (size_t)m->fidx[kb + j];
                    const double v = w1 * m->fcoef[ka + i] * m->fcoef[kb + j];
                    H[p * n + r] += v;
                    H[r * n + p] += v;
                }
            W2[s->b] += s->c * A / (B * B);
        }
    }
    for (size_t f = 0; dy && f < m->nform; f++) {
        const int kb = m->fk0[f], nb = m->fn[f];
        if (W1[f] != 0.0)
            for (int j = 0; j < nb; j++) g[m->fidx[kb + j]] += W1[f] * m->fcoef[kb + j];
        if (dy2 && W2[f] != 0.0)
            for (int i = 0; i < nb; i++)
                for (int j = 0; j < nb; j++)
                    H[(size_t)m->fidx[kb + i] * n + (size_t)m->fidx[kb + j]] -=
                        W2[f] * m->fcoef[kb + i] * m->fcoef[kb + j];
    }
    const double R = ws->R, T = ws->T, RT = R * T;
    double G = RT * S, GT = R * S, GTT = 0.0;
    if (dy)
        for (size_t k = 0; k < n; k++) {
            if (gT) gT[k] = R * g[k];
            g[k] *= RT;
        }
    if (dy2)
        for (size_t k = 0; k < n * n; k++) H[k] *= RT;
    /* reference terms: G_pair(T) times a linear form */
    for (size_t t = 0; t < m->nrt; t++) {
        const lqi_jet J = ws->pv[m->rt[t].slot];
        const int f = m->rt[t].form;
        G += J.v * L[f];
        GT += J.d * L[f];
        GTT += J.dd * L[f];
        for (int e = 0; dy && e < m->fn[f]; e++) {
            const int k = m->fidx[m->fk0[f] + e];
            g[k] += J.v * m->fcoef[m->fk0[f] + e];
            if (gT) gT[k] += J.d * m->fcoef[m->fk0[f] + e];
        }
    }
    /* excess terms: g(T) prod_j f_j with f_j = L_j^e_j; derivatives through the products of
     * the other factors (as cef.c), so no division by a vanishing form */
    for (size_t t = 0; t < m->nxt; t++) {
        const mq_xterm *x = &m->xt[t];
        const lqi_jet J = ws->pv[x->slot];
        double fv[16], f1[16], f2[16];
        const int nf = x->n;
        for (int j = 0; j < nf; j++) {
            const int f = m->xf[x->k0 + j];
            const double e = m->xe[x->k0 + j];
            double v = L[f];
            if (e != floor(e) || e < 0.0) v = v > MQ_FLOOR ? v : MQ_FLOOR;
            if (e == 1.0) {
                fv[j] = v;
                f1[j] = 1.0;
                f2[j] = 0.0;
            } else {
                fv[j] = pow(v, e);
                f1[j] = e * pow(v, e - 1.0);
                f2[j] = e * (e - 1.0) * pow(v, e - 2.0);
            }
        }
        double P = 1.0;
        for (int j = 0; j < nf; j++) P *= fv[j];
        G += J.v * P;
        GT += J.d * P;
        GTT += J.dd * P;
        if (!dy) continue;
        for (int j = 0; j < nf; j++) {
            double Pj = 1.0;
            for (int i = 0; i < nf; i++)
                if (i != j) Pj *= fv[i];
            const int f = m->xf[x->k0 + j], k0 = m->fk0[f];
            for (int i = 0; i < m->fn[f]; i++) {
                const int k = m->fidx[k0 + i];
                g[k] += J.v * Pj * f1[j] * m->fcoef[k0 + i];
                if (gT) gT[k] += J.d * Pj * f1[j] * m->fcoef[k0 + i];
            }
            if (!dy2) continue;
            const double w = J.v * Pj * f2[j];
            for (int i = 0; w != 0.0 && i < m->fn[f]; i++)
                for (int k = 0; k < m->fn[f]; k++)
                    H[(size_t)m->fidx[k0 + i] * n + (size_t)m->fidx[k0 + k]] +=
                        w * m->fcoef[k0 + i] * m->fcoef[k0 + k];
            for (int q = j + 1; q < nf; q++) {
                double Pjq = 1.0;
                for (int i = 0; i < nf; i++)
                    if (i != j && i != q) Pjq *= fv[i];
                const double wq = J.v * Pjq * f1[j] * f1[q];
                const int fq = m->xf[x->k0 + q], kq = m->fk0[fq];
                for (int i = 0; i < m->fn[f]; i++)
                    for (int k = 0; k < m->fn[fq]; k++) {
                        const size_t r = (size_t)m->fidx[k0 + i], c = (size_t)m->fidx[kq + k];
                        const double v = wq * m->fcoef[k0 + i] * m->fcoef[kq + k];
                        H[r * n + c] += v;
                        H[c * n + r] += v;
                    }
            }
        }
    }
    if (!isfinite(G)) return LQ_EDOM;
    out->G = G;
    if (dt) {
        out->dG_dT = GT;
        out->d2G_dT2 = GTT;
    }
    return LQ_OK;
}
