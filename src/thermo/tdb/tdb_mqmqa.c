/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OpenCalphad's TDB dialect of the MQMQA (phase type Q): constituents and parameters. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/model/mqmqa_internal.h"
#include "thermo/thermo_internal.h"

/*
 * The dialect, as OpenCalphad writes it (e.g. MgNaCl-MQMQA.TDB, converted from a ChemSage file by
 * dat2TDB; the converter keeps the .dat lines as comments, which fixes the correspondence below):
 *   PHASE SALT:Q % 1 1.0 !
 *   CONST SALT:Q : NA/CL 6 6 2.4  MG/CL 6 3 2.4  MG,NA/CL 6 3 3 : !
 * pairs "A/X Z_A Z_X zeta" (coordination numbers in the pure quadruplet AA/XX and the pair's zeta),
 * other quadruplets "A,B/X Z_A Z_B Z_X" (one number per distinct ion, in the order written);
 *   PARAMETER G(SALT,NA/CL-Q) ... 0.33333333*GLIQNACL      G of one mole of the quadruplet
 * NaNa/ClCl = (2 / Z_Na) G(NaCl) PARAMETER G(SALT,MGNA/CL-Q) ... -5197.9              half the .dat
 * coefficient of the quadruplet's excess term (p = q = 0) PARAMETER L(SALT,MGNA/CL-Q,NA/CL-Q;0) ...
 * 330.25     half the .dat coefficient of the term with exponent order + 1 on chi_Na,Mg/Cl Mixing
 * on the quadruplets is Pelton's chi polynomial ('G' in the .dat file); ions carry no charges in
 * the file: their ratios, which alone enter the default coordination numbers, follow from
 * electroneutrality of each pure pair (q_A / Z_A = q_X / Z_X) with the first anion's charge 1. A
 * constituent list without '/' (":A,B:X,Y:", as liquidus's TDB writer emits) is read as the ions
 * alone, without coordination data.
 */

static lq_status qfail(const lq_db *db, long line, lq_diag *diag, lq_status st, const char *msg,
                       const char *arg) {
    return lqi_diag_set(diag, st, db->name, line, "CONSTITUENT", "%s%s", msg, arg ? arg : "");
}

typedef struct qent {
    int cat[2], an[2]; /* indices in the ion lists, -1 when absent */
    int nc, na;
    double v[5];
    int nv;
} qent;

/* Index of ion `sp` in list (appended when absent and add = 1); -1 when absent. */
static int ion(int *list, int *n, int sp, int add) {
    for (int k = 0; k < *n; k++)
        if (list[k] == sp) return k;
    if (!add || *n >= 256) return -1;
    list[*n] = sp;
    return (*n)++;
}

/* Splits "A,B" or "AB" (concatenated names of known ions) into species indices. */
static int split_ions(const lq_db *db, const char *s, size_t n, int *sp, int max) {
    int cnt = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] == ',') {
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && s[e] != ',') e++;
        char name[LQI_TDB_NAME_MAX];
        if (e - i >= sizeof name) return -1;
        memcpy(name, s + i, e - i);
        name[e - i] = '\0';
        int k = lqi_thermo_find_species(db, name);
        if (k < 0) { /* concatenated: longest known species name at i */
            size_t best = 0;
            for (size_t q = 0; q < db->nsp; q++) {
                size_t l = strlen(db->sp[q].name);
                if (l > best && l <= e - i && lqi_strncasecmp(s + i, db->sp[q].name, l) == 0) {
                    best = l;
                    k = (int)q;
                }
            }
            if (k < 0) return -1;
            e = i + best;
        }
        if (cnt >= max) return -1;
        sp[cnt++] = k;
        i = e;
    }
    return cnt;
}

lq_status lqi_tdb_mqmqa_constituent(lq_db *db, int pi, const char *s, size_t len, long line,
                                    lq_diag *diag) {
    lqi_phase *ph = &db->ph[pi];
    int cats[256], ans[256], nc = 0, na = 0;
    qent *ent = NULL;
    size_t nent = 0, cap = 0;
    lqi_mqdb *mq = NULL;
    lq_status st = LQ_OK;
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i])) i++;
    if (i >= len || s[i] != ':')
        return qfail(db, line, diag, LQ_EPARSE, "constituents of ", ph->name);
    i++;
    int plain = 0, group = 0;
    while (i < len) {
        while (i < len && isspace((unsigned char)s[i])) i++;
        if (i >= len) break;
        if (s[i] == ':') { /* end of the list (or the next group of a plain list) */
            i++;
            group++;
            continue;
        }
        size_t e = i;
        while (e < len && !isspace((unsigned char)s[e]) && s[e] != ':') e++;
        const char *w = s + i;
        size_t n = e - i;
        const char *slash = memchr(w, '/', n);
        if (!slash) {
            /* plain ions (":A,B:X,Y:"): group 0 cations, group 1 anions */
            int sp[64];
            int k = split_ions(db, w, n, sp, 64);
            if (k < 0 || group > 1) {
                st =
                    qfail(db, line, diag, LQ_EPARSE, "unknown ion or misplaced list in ", ph->name);
                goto done;
            }
            for (int t = 0; t < k; t++)
                ion(group == 0 ? cats : ans, group == 0 ? &nc : &na, sp[t], 1);
            plain = 1;
            i = e;
            continue;
        }
        if (lqi_thermo_grow((void **)&ent, &cap, nent, sizeof *ent)) {
            st = qfail(db, line, diag, LQ_ENOMEM, "out of memory", NULL);
            goto done;
        }
        qent *q = &ent[nent];
        memset(q, 0, sizeof *q);
        int sc[4], sa[4];
        int kc = split_ions(db, w, (size_t)(slash - w), sc, 2);
        int ka = split_ions(db, slash + 1, (size_t)(w + n - slash - 1), sa, 2);
        if (kc < 1 || ka < 1) {
            st = qfail(db, line, diag, LQ_EPARSE, "unknown ion in quadruplet of ", ph->name);
            goto done;
        }
        q->nc = kc;
        q->na = ka;
        for (int t = 0; t < 2; t++) {
            q->cat[t] = t < kc ? ion(cats, &nc, sc[t], 1) : -1;
            q->an[t] = t < ka ? ion(ans, &na, sa[t], 1) : -1;
        }
        int want = kc + ka + (kc == 1 && ka == 1);
        i = e;
        for (int t = 0; t < want; t++) {
            while (i < len && isspace((unsigned char)s[i])) i++;
            char *end;
            double v = i < len ? strtod(s + i, &end) : 0.0;
            if (i >= len || end == s + i || !(v > 0.0) || !isfinite(v)) {
                st = qfail(db, line, diag, LQ_EPARSE,
                           "a quadruplet needs a positive coordination number per ion (and a "
                           "pair its zeta) in ",
                           ph->name);
                goto done;
            }
            q->v[q->nv++] = v;
            i = (size_t)(end - s);
        }
        nent++;
    }
    if (nc == 0 || na == 0) {
        st = qfail(db, line, diag, LQ_EPARSE, "no cation or no anion in ", ph->name);
        goto done;
    }
    (void)plain;
    mq = lqi_thermo_mqdb_alloc(nc, na);
    if (!mq) {
        st = qfail(db, line, diag, LQ_ENOMEM, "out of memory", NULL);
        goto done;
    }
    mq->type = LQI_MQ_SUBG;
    mq->quad = lqi_calloc(nent ? nent : 1, sizeof *mq->quad);
    if (!mq->quad) {
        st = qfail(db, line, diag, LQ_ENOMEM, "out of memory", NULL);
        goto done;
    }
    for (int k = 0; k < nc * na; k++) {
        mq->pair_cat[k] = 1.0;
        mq->zeta[k] = 1.0;
    }
    for (size_t k = 0; k < nent; k++) {
        const qent *q = &ent[k];
        lqi_mq_quad *Q = &mq->quad[mq->nquad++];
        double zc[2], za[2];
        for (int t = 0; t < 2; t++) {
            zc[t] = q->v[t < q->nc ? t : 0];
            za[t] = q->v[q->nc + (t < q->na ? t : 0)];
        }
        int c0 = q->cat[0], c1 = q->nc > 1 ? q->cat[1] : c0;
        int a0 = q->an[0], a1 = q->na > 1 ? q->an[1] : a0;
        int sc = c0 > c1, sa = a0 > a1;
        Q->a = sc ? c1 : c0;
        Q->b = sc ? c0 : c1;
        Q->z[0] = zc[sc];
        Q->z[1] = zc[1 - sc];
        Q->x = sa ? a1 : a0;
        Q->y = sa ? a0 : a1;
        Q->z[2] = za[sa];
        Q->z[3] = za[1 - sa];
        if (q->nc == 1 && q->na == 1) mq->zeta[c0 * na + a0] = q->v[2];
    }
    /* charge ratios from the pure pairs: q_A / Z_A = q_X / Z_X, first anion 1 */
    for (int k = 0; k < nc + na; k++) mq->charge[k] = 0.0;
    mq->charge[nc] = 1.0;
    for (int round = 0; round < nc + na; round++)
        for (size_t k = 0; k < mq->nquad; k++) {
            const lqi_mq_quad *Q = &mq->quad[k];
            if (Q->a != Q->b || Q->x != Q->y) continue;
            double *qa = &mq->charge[Q->a], *qx = &mq->charge[nc + Q->x];
            if (*qa == 0.0 && *qx > 0.0) *qa = *qx * Q->z[0] / Q->z[2];
            if (*qx == 0.0 && *qa > 0.0) *qx = *qa * Q->z[2] / Q->z[0];
        }
    for (int k = 0; k < nc + na; k++)
        if (mq->charge[k] == 0.0) mq->charge[k] = 1.0; /* no pure pair: only defaults need it */
    int *cons = lqi_malloc_array((size_t)(nc + na), sizeof *cons);
    char *major = lqi_calloc((size_t)(nc + na), 1);
    if (!cons || !major) {
        lqi_free(cons);
        lqi_free(major);
        st = qfail(db, line, diag, LQ_ENOMEM, "out of memory", NULL);
        goto done;
    }
    memcpy(cons, cats, (size_t)nc * sizeof *cons);
    memcpy(cons + nc, ans, (size_t)na * sizeof *cons);
    lqi_free(ph->cons);
    lqi_free(ph->major);
    ph->cons = cons;
    ph->major = major;
    ph->nsub = 2;
    ph->site[0] = ph->site[1] = 1.0;
    ph->ncons[0] = nc;
    ph->ncons[1] = na;
    ph->has_const = 1;
    ph->const_line = line;
    ph->mq = mq;
    mq = NULL;
done:
    lqi_thermo_mqdb_free(mq);
    lqi_free(ent);
    return st;
}

/* A function `scale` times pool function f (valid wherever f is); its index or -1. */
static int scaled(lq_db *db, int f, double scale) {
    lqi_xpool *p = &db->pool;
    int c = lqi_thermo_node_add(p, LQI_X_NUM, 0, 0, scale);
    int g = c < 0 ? -1 : lqi_thermo_node_add(p, LQI_X_FUN, f, 0, 0.0);
    int m = g < 0 ? -1 : lqi_thermo_node_add(p, LQI_X_MUL, c, g, 0.0);
    if (m < 0) return -1;
    if (lqi_thermo_grow((void **)&p->range, &p->cap_range, p->nrange, sizeof *p->range) ||
        lqi_thermo_grow((void **)&p->func, &p->cap_func, p->nfunc, sizeof *p->func))
        return -1;
    p->range[p->nrange].lo = 1e-3;
    p->range[p->nrange].hi = 1e6;
    p->range[p->nrange].root = m;
    lqi_func *fn = &p->func[p->nfunc];
    memset(fn, 0, sizeof *fn);
    fn->range0 = (int)p->nrange++;
    fn->nrange = 1;
    fn->line = p->func[f].line;
    return (int)p->nfunc++;
}

/* "MGNA/CL-Q" -> cation and anion indices of the phase's record (sorted); counts in *nc, *na. */
static int quad_of(const lq_db *db, const lqi_phase *ph, const char *s, size_t n, int *c, int *nc,
                   int *a, int *na) {
    const lqi_mqdb *mq = ph->mq;
    if (n > 2 && (s[n - 1] == 'Q' || s[n - 1] == 'q') && s[n - 2] == '-') n -= 2;
    const char *slash = memchr(s, '/', n);
    if (!slash) return -1;
    int sc[4], sa[4];
    int kc = split_ions(db, s, (size_t)(slash - s), sc, 2);
    int ka = split_ions(db, slash + 1, (size_t)(s + n - slash - 1), sa, 2);
    if (kc < 1 || ka < 1) return -1;
    for (int t = 0; t < kc; t++) {
        c[t] = -1;
        for (int k = 0; k < mq->ncat; k++)
            if (ph->cons[k] == sc[t]) c[t] = k;
        if (c[t] < 0) return -1;
    }
    for (int t = 0; t < ka; t++) {
        a[t] = -1;
        for (int k = 0; k < mq->nan; k++)
            if (ph->cons[mq->ncat + k] == sa[t]) a[t] = k;
        if (a[t] < 0) return -1;
    }
    *nc = kc;
    *na = ka;
    return 0;
}

lq_status lqi_tdb_mqmqa_param(lq_db *db, int pi, const char *type, const char *arr, int order,
                              int func, long line, lq_diag *diag) {
    lqi_phase *ph = &db->ph[pi];
    lqi_mqdb *mq = ph->mq;
    if (!mq)
        return lqi_diag_set(diag, LQ_EPARSE, db->name, line, "PARAMETER",
                            "parameter of MQMQA phase %s before its CONSTITUENT statement",
                            ph->name);
    const char *comma = strchr(arr, ',');
    size_t n1 = comma ? (size_t)(comma - arr) : strlen(arr);
    int c[2], a[2], nc, na;
    if (quad_of(db, ph, arr, n1, c, &nc, a, &na))
        return lqi_diag_set(diag, LQ_EPARSE, db->name, line, "PARAMETER",
                            "%s(%s,%s): not a quadruplet of the phase's ions", type, ph->name, arr);
    int is_g = lqi_strcasecmp(type, "G") == 0, is_l = lqi_strcasecmp(type, "L") == 0;
    if (!is_g && !is_l)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, line, "PARAMETER",
                            "%s(%s,...): only G and L parameters exist for an MQMQA phase", type,
                            ph->name);
    if (is_g && nc == 1 && na == 1 && !comma) {
        /* pair: G of the pure quadruplet AA/XX = (2 / Z_A) G_A/X */
        double z = 0.0;
        for (size_t k = 0; k < mq->nquad; k++) {
            const lqi_mq_quad *Q = &mq->quad[k];
            if (Q->a == c[0] && Q->b == c[0] && Q->x == a[0] && Q->y == a[0]) z = Q->z[0];
        }
        if (!(z > 0.0))
            return lqi_diag_set(diag, LQ_EPARSE, db->name, line, "PARAMETER",
                                "G(%s,%s): the pair has no coordination numbers in CONSTITUENT",
                                ph->name, arr);
        int f = scaled(db, func, z / 2.0);
        if (f < 0) return lqi_diag_set(diag, LQ_ENOMEM, db->name, line, "", "out of memory");
        mq->pair_func[c[0] * mq->nan + a[0]] = f;
        return LQ_OK;
    }
    if (nc == 1 && na == 1)
        return lqi_diag_set(diag, LQ_EPARSE, db->name, line, "PARAMETER",
                            "%s(%s,%s): an interaction needs a quadruplet with two cations or two "
                            "anions",
                            type, ph->name, arr);
    lqi_mq_excess e;
    memset(&e, 0, sizeof e);
    e.a = nc > 1 && c[1] < c[0] ? c[1] : c[0];
    e.b = nc > 1 && c[1] < c[0] ? c[0] : (nc > 1 ? c[1] : c[0]);
    e.x = na > 1 && a[1] < a[0] ? a[1] : a[0];
    e.y = na > 1 && a[1] < a[0] ? a[0] : (na > 1 ? a[1] : a[0]);
    e.code = 'G';
    e.m_cat = e.m_an = -1;
    e.line = line;
    if (is_l) {
        /* the pair named after the comma carries exponent order + 1 */
        int c2[2], a2[2], nc2, na2;
        if (!comma || quad_of(db, ph, comma + 1, strlen(comma + 1), c2, &nc2, a2, &na2) ||
            nc2 != 1 || na2 != 1)
            return lqi_diag_set(diag, LQ_EPARSE, db->name, line, "PARAMETER",
                                "L(%s,%s): the second item must be one pair of the quadruplet",
                                ph->name, arr);
        int first = nc > 1 ? c2[0] == e.a : a2[0] == e.x;
        int second = nc > 1 ? c2[0] == e.b : a2[0] == e.y;
        if (!first && !second)
            return lqi_diag_set(diag, LQ_EPARSE, db->name, line, "PARAMETER",
                                "L(%s,%s): the pair is not part of the quadruplet", ph->name, arr);
        if (first)
            e.p = order + 1;
        else
            e.q = order + 1;
    }
    e.func = scaled(db, func, 2.0); /* the .dat coefficient; the model halves it (eq. 17) */
    if (e.func < 0 || lqi_thermo_grow((void **)&mq->ex, &mq->cap_ex, mq->nex, sizeof *mq->ex))
        return lqi_diag_set(diag, LQ_ENOMEM, db->name, line, "", "out of memory");
    mq->ex[mq->nex++] = e;
    return LQ_OK;
}
