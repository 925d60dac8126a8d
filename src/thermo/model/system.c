/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Systems: a database restricted to components and phases, compiled into flat CEF term tables. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/thermo_internal.h"

/*
 * Each PARAMETER of a kept phase becomes one term of the compound energy formalism (CEF;
 * M. Hillert, J. Alloys Compd. 320 (2001) 161; H.L. Lukas, S.G. Fries, B. Sundman,
 * "Computational Thermodynamics", Cambridge 2007, ch. 5): its value (a "slot" evaluated once
 * per (T, P)) times a product of factors precomputed here:
 *  - one site fraction y for every constituent named in the constituent array ('*' contributes
 *    nothing: the parameter does not depend on that sublattice);
 *  - for a sublattice with two constituents i,j and order v > 0, the Redlich-Kister factor
 *    (y_i - y_j)**v (O. Redlich, A.T. Kister, Ind. Eng. Chem. 40 (1948) 345; the order of i, j
 *    is the order written in the parameter);
 *  - for a sublattice with three constituents i,j,k and order 0, 1 or 2, Muggianu's weight
 *    v_{i,j,k} = y + (1 - y_i - y_j - y_k)/3 of the constituent in position `order`
 *    (Y.-M. Muggianu, M. Gambino, J.-P. Bros, J. Chim. Phys. 72 (1975) 83; Lukas et al. eq. 5.32);
 *    when only order 0 is given it applies with weight 1 (symmetric ternary term), as in
 *    Thermo-Calc and pycalphad.
 */

static int species_kept(const lq_db *db, int sp, const int *comp_el, size_t ncomp) {
    const lqi_species *s = &db->sp[sp];
    for (int k = 0; k < s->nel; k++) {
        int e = s->el[k];
        if (lqi_strcasecmp(db->el[e].name, "VA") == 0) continue;
        int in = 0;
        for (size_t c = 0; c < ncomp; c++)
            if (comp_el[c] == e) in = 1;
        if (!in) return 0;
    }
    return 1;
}

static int species_has_atoms(const lq_db *db, int sp) {
    const lqi_species *s = &db->sp[sp];
    for (int k = 0; k < s->nel; k++)
        if (lqi_strcasecmp(db->el[s->el[k]].name, "VA") != 0) return 1;
    return 0;
}

/* Does the database give order 1 or 2 of the ternary parameter pa? */
static int ternary_has_orders(const lq_db *db, const lqi_param *pa) {
    size_t total = 0;
    for (int s = 0; s < pa->nsub; s++) total += (size_t)pa->ncons[s];
    for (size_t i = 0; i < db->npar; i++) {
        const lqi_param *q = &db->par[i];
        if (q == pa || q->phase_idx != pa->phase_idx || q->kind != pa->kind ||
            (q->order != 1 && q->order != 2) || memcmp(q->ncons, pa->ncons, sizeof pa->ncons))
            continue;
        if (memcmp(q->cons, pa->cons, total * sizeof *pa->cons) == 0) return 1;
    }
    return 0;
}

/* Name of an undefined function the pool function f needs, or NULL. */
static const char *undefined_in(const lqi_xpool *p, int node) {
    const lqi_xnode *n = &p->node[node];
    switch (n->kind) {
        case LQI_X_FUN:
            if (n->a < 0 && strcmp(p->unres[n->b], "R") != 0 &&
                strcmp(p->unres[n->b], "RTLNP") != 0)
                return p->unres[n->b];
            return NULL;
        case LQI_X_NEG:
        case LQI_X_LN:
        case LQI_X_EXP:
        case LQI_X_GEIN:
            return undefined_in(p, n->a);
        case LQI_X_ADD:
        case LQI_X_SUB:
        case LQI_X_MUL:
        case LQI_X_DIV:
        case LQI_X_POW: {
            const char *m = undefined_in(p, n->a);
            return m ? m : undefined_in(p, n->b);
        }
        default:
            return NULL;
    }
}

void lq_system_free(lq_system *sys) {
    if (!sys) return;
    for (size_t i = 0; i < sys->nph; i++) {
        const lqi_model_ops *mo = &lqi_thermo_models[sys->ph[i].model];
        if (sys->ph[i].mdata && mo->free_data) mo->free_data(sys->ph[i].mdata);
    }
    lqi_thermo_pool_free(&sys->pool);
    lqi_free(sys->comp);
    lqi_free(sys->ph);
    lqi_free(sys->sub_of);
    lqi_free(sys->cname);
    lqi_free(sys->cname_ptr);
    lqi_free(sys->ccomp);
    lqi_free(sys->ccharge);
    lqi_free(sys->term);
    lqi_free(sys->fac);
    lqi_free(sys->fidx);
    lqi_free(sys->fcoef);
    lqi_free(sys->slot_func);
    lqi_free(sys->forder);
    lqi_free(sys->rlin);
    lqi_free(sys->lf);
    lqi_free(sys->lt);
    lqi_free(sys);
}

typedef struct builder {
    const lq_db *db;
    lq_system *sys;
    lq_diag *diag;
    int *comp_el;
    size_t cap_ph, cap_term, cap_fac, cap_slot, cap_fidx, cap_fcoef;
    int *ymap; /* db phase constituent position -> local y index or -1 */
} builder;

#define NOMEM(b) lqi_diag_set((b)->diag, LQ_ENOMEM, (b)->db->name, 0, "", "out of memory")

/* Appends one factor (c0 + sum c_k y_k)^e; its coefficients go to the system's flat arrays. */
static int push_factor(builder *b, lqi_factor *f, int *nf, int e, double c0, const int *idx,
                       const double *c, int n) {
    lq_system *sys = b->sys;
    if (*nf >= LQI_TDB_MAX_FACTORS) return -2;
    if (lqi_thermo_grow((void **)&sys->fidx, &b->cap_fidx, sys->nfc + (size_t)n,
                        sizeof *sys->fidx) ||
        lqi_thermo_grow((void **)&sys->fcoef, &b->cap_fcoef, sys->nfc + (size_t)n,
                        sizeof *sys->fcoef))
        return -1;
    lqi_factor *x = &f[(*nf)++];
    x->n = n;
    x->e = e;
    x->c0 = c0;
    x->k0 = (int)sys->nfc;
    for (int k = 0; k < n; k++) {
        sys->fidx[sys->nfc] = idx[k];
        sys->fcoef[sys->nfc] = c[k];
        sys->nfc++;
    }
    return 0;
}

/*
 * Compiles parameter pa of db phase ph into a term (see the comment at the top). Mixing on two
 * sublattices (reciprocal parameters, Lukas et al. eq. 5.99): order 1 multiplies (y_i - y_j) of
 * the second mixing sublattice, order 2 that of the first, as Thermo-Calc and pycalphad do.
 */
static lq_status build_term(builder *b, const lqi_phase *ph, const lqi_param *pa,
                            const char *undef) {
    const lq_db *db = b->db;
    lq_system *sys = b->sys;
    lqi_factor f[LQI_TDB_MAX_FACTORS];
    int nf = 0, k = 0, rc = 0;
    /* ionic liquid: a parameter of neutrals written with the anion sublattice alone */
    const int soff = ph->ionic && ph->nsub == 2 && pa->nsub == 1;
    size_t nfc0 = sys->nfc, pbase = soff ? (size_t)ph->ncons[0] : 0;
    int mix[LQI_TDB_MAX_SUBL], nmix = 0, maxdof = 0;
    for (int s = 0; s < pa->nsub; s++) {
        if (pa->ncons[s] > 1) mix[nmix++] = s;
        if (pa->ncons[s] > maxdof) maxdof = pa->ncons[s];
    }
    if (nmix > 1 && maxdof > 2)
        return lqi_diag_set(b->diag, LQ_EUNSUPPORTED, db->name, pa->line, "PARAMETER",
                            "%s parameter of %s mixes on %d sublattices with more than two "
                            "constituents on one (not supported)",
                            pa->type, ph->name, nmix);
    if (nmix > 2 && pa->order > 0)
        return lqi_diag_set(b->diag, LQ_EUNSUPPORTED, db->name, pa->line, "PARAMETER",
                            "%s parameter of %s: order %d with mixing on %d sublattices (not "
                            "supported)",
                            pa->type, ph->name, pa->order, nmix);
    if (nmix == 2 && pa->order > 2)
        return lqi_diag_set(b->diag, LQ_EPARSE, db->name, pa->line, "PARAMETER",
                            "reciprocal %s parameter of %s with order %d (only 0, 1, 2 exist)",
                            pa->type, ph->name, pa->order);
    for (int s = 0; s < pa->nsub && rc == 0; s++) {
        int loc[LQI_TDB_MAX_FACTORS];
        int nl = 0, wild = 0;
        for (int j = 0; j < pa->ncons[s]; j++, k++) {
            int spi = pa->cons[k];
            if (spi < 0) {
                wild = 1;
                continue;
            }
            int l = -1;
            for (int m = 0; m < ph->ncons[s + soff]; m++)
                if (ph->cons[pbase + (size_t)m] == spi) l = b->ymap[pbase + (size_t)m];
            if (l < 0) { /* a constituent absent from the system: the term is zero */
                sys->nfc = nfc0;
                return LQ_OK;
            }
            if (nl >= LQI_TDB_MAX_FACTORS) {
                rc = -2;
                break;
            }
            loc[nl++] = l;
            double one = 1.0;
            rc = push_factor(b, f, &nf, 1, 0.0, &l, &one, 1);
            if (rc) break;
        }
        if (rc == 0 && wild) {
            /* '*': the sum of the site fractions of the sublattice (as pycalphad) */
            int idx[4096];
            double c[4096];
            int nw = 0;
            for (int m = 0; m < ph->ncons[s + soff]; m++) {
                int l = b->ymap[pbase + (size_t)m];
                if (l < 0) continue;
                if (nw >= 4096) {
                    rc = -2;
                    break;
                }
                idx[nw] = l;
                c[nw++] = 1.0;
            }
            if (rc == 0) rc = push_factor(b, f, &nf, 1, 0.0, idx, c, nw);
        }
        pbase += (size_t)ph->ncons[s + soff];
        if (rc) break;
        if (nl == 2 && pa->order > 0) {
            const double c[2] = {1.0, -1.0};
            if (nmix == 1)
                rc = push_factor(b, f, &nf, pa->order, 0.0, loc, c, 2);
            else if (s == mix[nmix - pa->order])
                rc = push_factor(b, f, &nf, 1, 0.0, loc, c, 2);
        } else if (nl == 3 && (pa->order > 0 || ternary_has_orders(db, pa))) {
            if (pa->order > 2)
                return lqi_diag_set(b->diag, LQ_EPARSE, db->name, pa->line, "PARAMETER",
                                    "ternary parameter of %s with order %d (Muggianu terms have "
                                    "orders 0, 1, 2)",
                                    ph->name, pa->order);
            double c[3];
            for (int m = 0; m < 3; m++) c[m] = (m == pa->order ? 1.0 : 0.0) - 1.0 / 3.0;
            rc = push_factor(b, f, &nf, 1, 1.0 / 3.0, loc, c, 3);
        } else if (nl > 3 && pa->order > 0) {
            return lqi_diag_set(b->diag, LQ_EUNSUPPORTED, db->name, pa->line, "PARAMETER",
                                "interaction of %d constituents in one sublattice with order %d "
                                "in %s is not supported",
                                nl, pa->order, ph->name);
        }
    }
    if (rc == -1) return NOMEM(b);
    if (rc == -2)
        return lqi_diag_set(b->diag, LQ_EUNSUPPORTED, db->name, pa->line, "PARAMETER",
                            "parameter of %s has more than %d factors", ph->name,
                            LQI_TDB_MAX_FACTORS);
    if (undef)
        return lqi_diag_set(b->diag, LQ_EINVAL, db->name, pa->line, "PARAMETER",
                            "parameter %s of phase %s uses function %s, which the database does "
                            "not define",
                            pa->type, ph->name, undef);
    if (lqi_thermo_grow((void **)&sys->fac, &b->cap_fac, sys->nfac + (size_t)nf,
                        sizeof *sys->fac) ||
        lqi_thermo_grow((void **)&sys->term, &b->cap_term, sys->nterm, sizeof *sys->term) ||
        lqi_thermo_grow((void **)&sys->slot_func, &b->cap_slot, sys->nslot, sizeof *sys->slot_func))
        return NOMEM(b);
    memcpy(sys->fac + sys->nfac, f, (size_t)nf * sizeof *f);
    lqi_term *t = &sys->term[sys->nterm++];
    t->slot = (int)sys->nslot;
    t->f0 = (int)sys->nfac;
    t->nf = nf;
    sys->nfac += (size_t)nf;
    sys->slot_func[sys->nslot++] = pa->func;
    return LQ_OK;
}

/* Adds phase pi of the database; *skipped = 1 when it cannot exist with the components. */
static lq_status add_phase(builder *b, int pi, int *skipped, const char **why) {
    const lq_db *db = b->db;
    lq_system *sys = b->sys;
    const lqi_phase *ph = &db->ph[pi];
    *skipped = 0;
    if (ph->mq) { /* quadruplets of the MQMQA (mqmqa.c) */
        if (lqi_thermo_grow((void **)&sys->ph, &b->cap_ph, sys->nph, sizeof *sys->ph))
            return NOMEM(b);
        return lqi_thermo_mqmqa_add_phase(db, pi, b->comp_el, sys, &b->cap_slot, skipped, why,
                                          b->diag);
    }
    size_t total = 0;
    for (int s = 0; s < ph->nsub; s++) total += (size_t)ph->ncons[s];
    lqi_free(b->ymap);
    b->ymap = lqi_malloc_array(total ? total : 1, sizeof *b->ymap);
    if (!b->ymap) return NOMEM(b);
    /* kept constituents, sublattice by sublattice */
    size_t base = 0, nloc = 0;
    int atoms = 0;
    for (int s = 0; s < ph->nsub; s++) {
        int kept = 0;
        for (int m = 0; m < ph->ncons[s]; m++) {
            int sp = ph->cons[base + (size_t)m];
            b->ymap[base + (size_t)m] = -1;
            if (!species_kept(db, sp, b->comp_el, sys->ncomp)) continue;
            b->ymap[base + (size_t)m] = (int)nloc++;
            kept++;
            if (species_has_atoms(db, sp)) atoms = 1;
        }
        base += (size_t)ph->ncons[s];
        if (!kept) {
            *skipped = 1;
            *why = "a sublattice has no constituent made of these components";
            return LQ_OK;
        }
    }
    if (!atoms) {
        *skipped = 1;
        *why = "it has only vacancies";
        return LQ_OK;
    }
    /* charged constituents: the equilibrium solver adds the electroneutrality of the phase,
     * sum_i site_ratio * charge_i * y_i = 0, as a constraint (docs/equilibrium.md); the ionic
     * liquid is neutral by its variable site ratios P and Q and has no such constraint */
    if (lqi_thermo_grow((void **)&sys->ph, &b->cap_ph, sys->nph, sizeof *sys->ph)) return NOMEM(b);
    lqi_sphase *sp = &sys->ph[sys->nph];
    memset(sp, 0, sizeof *sp);
    memcpy(sp->name, ph->name, sizeof sp->name);
    sp->db_index = pi;
    sp->model = ph->ionic ? LQI_MODEL_IONIC : LQI_MODEL_CEF;
    sp->nsub = ph->nsub;
    memcpy(sp->site, ph->site, sizeof sp->site);
    sp->ncons = nloc;
    sp->y0 = sys->ncons_total;
    sp->magnetic = ph->magnetic;
    sp->afm = ph->afm;
    sp->p = ph->p;
    /* constituent tables */
    size_t need = sys->ncons_total + nloc;
    {
        size_t *so = lqi_realloc(sys->sub_of, (need ? need : 1) * sizeof *so);
        if (!so) return NOMEM(b);
        sys->sub_of = so;
        char(*cn)[LQI_TDB_NAME_MAX] = lqi_realloc(sys->cname, (need ? need : 1) * sizeof *cn);
        if (!cn) return NOMEM(b);
        sys->cname = cn;
        size_t ncc = need * sys->ncomp;
        double *cc = lqi_realloc(sys->ccomp, (ncc ? ncc : 1) * sizeof *cc);
        if (!cc) return NOMEM(b);
        sys->ccomp = cc;
        double *cq = lqi_realloc(sys->ccharge, (need ? need : 1) * sizeof *cq);
        if (!cq) return NOMEM(b);
        sys->ccharge = cq;
    }
    base = 0;
    for (int s = 0; s < ph->nsub; s++) {
        for (int m = 0; m < ph->ncons[s]; m++) {
            int loc = b->ymap[base + (size_t)m];
            if (loc < 0) continue;
            size_t g = sys->ncons_total + (size_t)loc;
            const lqi_species *spc = &db->sp[ph->cons[base + (size_t)m]];
            sys->sub_of[g] = (size_t)s;
            memcpy(sys->cname[g], spc->name, LQI_TDB_NAME_MAX);
            sys->ccharge[g] = spc->charge;
            for (size_t c = 0; c < sys->ncomp; c++) {
                double v = 0.0;
                for (int e = 0; e < spc->nel; e++)
                    if (spc->el[e] == b->comp_el[c]) v += spc->n[e];
                sys->ccomp[g * sys->ncomp + c] = v;
            }
        }
        base += (size_t)ph->ncons[s];
    }
    sys->ncons_total = need;
    if (nloc > sys->max_ncons) sys->max_ncons = nloc;
    /* terms: G first, then TC, BMAGN, NT (magnetic), THETA (Einstein), GD (two-state) */
    static const lqi_pkind kinds[LQI_TERM_COUNT] = {LQI_P_G,  LQI_P_TC,    LQI_P_BMAGN,
                                                    LQI_P_NT, LQI_P_THETA, LQI_P_GD};
    for (int kk = 0; kk < LQI_TERM_COUNT; kk++) {
        sp->t0[kk] = (int)sys->nterm;
        for (size_t i = 0; i < db->npar; i++) {
            const lqi_param *pa = &db->par[i];
            if (pa->phase_idx != pi || pa->kind != kinds[kk]) continue;
            if ((kk == LQI_TERM_TC || kk == LQI_TERM_BM || kk == LQI_TERM_NT) && !ph->magnetic)
                continue;
            const char *undef = NULL;
            const lqi_func *fn = &db->pool.func[pa->func];
            for (int r = 0; r < fn->nrange && !undef; r++)
                undef = undefined_in(&db->pool, db->pool.range[fn->range0 + r].root);
            lq_status st = build_term(b, ph, pa, undef);
            if (st) return st;
            /* the permutations a :F/:B order-disorder phase's parameter stands for (ordis.c) */
            lqi_param sym[24];
            int scons[24 * 64];
            size_t ns = lqi_thermo_ordis_symmetric(db, pi, pa, sym, scons, 24 * 64);
            if (ns == (size_t)-1)
                return lqi_diag_set(b->diag, LQ_EUNSUPPORTED, db->name, pa->line, "PARAMETER",
                                    "parameter of %s: too many constituents to permute", ph->name);
            for (size_t k = 0; k < ns && st == LQ_OK; k++) st = build_term(b, ph, &sym[k], undef);
            if (st) return st;
        }
        sp->t1[kk] = (int)sys->nterm;
    }
    /* no TC (nor, in the Xiong model, NT) parameter: no magnetic term */
    if (sp->t0[LQI_TERM_TC] == sp->t1[LQI_TERM_TC] && sp->t0[LQI_TERM_NT] == sp->t1[LQI_TERM_NT])
        sp->magnetic = 0;
    sys->nph++;
    lq_status st = ph->ionic ? lqi_thermo_ionic_setup(sys, sys->nph - 1, db, b->diag) : LQ_OK;
    /* the Kohler-Toop excess of a .dat QKTO or SUBM phase (qkto.c) */
    if (st == LQ_OK && ph->kt)
        st = lqi_thermo_kt_setup(db, pi, sys, sys->nph - 1, b->ymap, &b->cap_slot, b->diag);
    return st;
}

/* lqi_ordis_add_fn over add_phase: lets ordis.c add the disordered part of an ordered phase. */
static lq_status add_phase_cb(void *ctx, int pi, int *skipped) {
    const char *why = "";
    return add_phase(ctx, pi, skipped, &why);
}

lq_status lq_system_create(const lq_db *db, const char *const *components, size_t ncomp,
                           const char *const *phases, size_t nphases, lq_system **out,
                           lq_diag *diag) {
    if (!db || !out || (!components && ncomp) || ncomp == 0 || (!phases && nphases))
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL or empty argument");
    builder b;
    memset(&b, 0, sizeof b);
    b.db = db;
    b.diag = diag;
    lq_system *sys = lqi_calloc(1, sizeof *sys);
    b.sys = sys;
    b.comp_el = lqi_malloc_array(ncomp, sizeof *b.comp_el);
    if (sys) sys->comp = lqi_malloc_array(ncomp, sizeof *sys->comp);
    lq_status st = LQ_OK;
    if (!sys || !b.comp_el || !sys->comp) {
        st = lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
        goto fail;
    }
    for (size_t c = 0; c < ncomp; c++) {
        if (!components[c]) {
            st = lqi_diag_set(diag, LQ_EINVAL, db->name, 0, "", "NULL component name");
            goto fail;
        }
        int e = lqi_thermo_find_element(db, components[c]);
        if (e < 0) {
            st = lqi_diag_set(diag, LQ_ENOTFOUND, db->name, 0, "",
                              "element %.64s is not in the "
                              "database",
                              components[c]);
            goto fail;
        }
        if (lqi_strcasecmp(db->el[e].name, "VA") == 0 || db->el[e].name[0] == '/') {
            st = lqi_diag_set(diag, LQ_EINVAL, db->name, 0, "",
                              "%s cannot be a component (VA is added automatically)",
                              db->el[e].name);
            goto fail;
        }
        for (size_t k = 0; k < c; k++)
            if (b.comp_el[k] == e) {
                st = lqi_diag_set(diag, LQ_EINVAL, db->name, 0, "", "component %s given twice",
                                  db->el[e].name);
                goto fail;
            }
        b.comp_el[c] = e;
        memcpy(sys->comp[c], db->el[e].name, LQI_TDB_NAME_MAX);
    }
    sys->ncomp = ncomp;
    if (phases) {
        for (size_t i = 0; i < nphases; i++) {
            int pi = phases[i] ? lqi_thermo_find_phase(db, phases[i]) : -1;
            if (pi < 0) {
                st = lqi_diag_set(diag, LQ_ENOTFOUND, db->name, 0, "",
                                  "phase %.64s is not in the "
                                  "database",
                                  phases[i] ? phases[i] : "(NULL)");
                goto fail;
            }
            for (size_t k = 0; k < sys->nph; k++)
                if (sys->ph[k].db_index == pi) {
                    st = lqi_diag_set(diag, LQ_EINVAL, db->name, 0, "", "phase %s given twice",
                                      db->ph[pi].name);
                    goto fail;
                }
            int skipped = 0;
            const char *why = "";
            st = add_phase(&b, pi, &skipped, &why);
            if (st) goto fail;
            if (skipped) {
                st = lqi_diag_set(diag, LQ_EINVAL, db->name, db->ph[pi].line, "PHASE",
                                  "phase %s cannot exist with these components: %s",
                                  db->ph[pi].name, why);
                goto fail;
            }
        }
    } else {
        for (size_t pi = 0; pi < db->nph; pi++) {
            int skipped = 0;
            const char *why = "";
            st = add_phase(&b, (int)pi, &skipped, &why);
            if (st) goto fail;
        }
    }
    st = lqi_thermo_ordis_setup(db, sys, add_phase_cb, &b, diag); /* order-disorder links */
    if (st) goto fail;
    /* names as pointers for lq_phase_info */
    sys->cname_ptr =
        lqi_malloc_array(sys->ncons_total ? sys->ncons_total : 1, sizeof *sys->cname_ptr);
    if (!sys->cname_ptr) {
        st = NOMEM(&b);
        goto fail;
    }
    for (size_t k = 0; k < sys->ncons_total; k++) sys->cname_ptr[k] = sys->cname[k];
    /* own copy of the expressions, and the evaluation order of the functions needed */
    if (lqi_thermo_pool_copy(&db->pool, &sys->pool)) {
        st = NOMEM(&b);
        goto fail;
    }
    sys->forder = lqi_malloc_array(sys->pool.nfunc ? sys->pool.nfunc : 1, sizeof *sys->forder);
    if (!sys->forder) {
        st = NOMEM(&b);
        goto fail;
    }
    int rc = lqi_thermo_func_order(&sys->pool, sys->slot_func, sys->nslot, sys->forder,
                                   &sys->nforder, NULL);
    if (rc == -1) {
        st = NOMEM(&b);
        goto fail;
    }
    if (rc == -2) {
        st = lqi_diag_set(diag, LQ_EINVAL, db->name, 0, "", "cycle of functions");
        goto fail;
    }
    if (lqi_thermo_compile(sys)) {
        st = NOMEM(&b);
        goto fail;
    }
    lqi_free(b.comp_el);
    lqi_free(b.ymap);
    *out = sys;
    return LQ_OK;
fail:
    lqi_free(b.comp_el);
    lqi_free(b.ymap);
    lq_system_free(sys);
    return st;
}

size_t lq_system_component_count(const lq_system *sys) { return sys ? sys->ncomp : 0; }

const char *lq_system_component_name(const lq_system *sys, size_t i) {
    return sys && i < sys->ncomp ? sys->comp[i] : NULL;
}

size_t lq_system_phase_count(const lq_system *sys) { return sys ? sys->nph : 0; }

lq_status lq_system_phase_find(const lq_system *sys, const char *name, size_t *index) {
    if (!sys || !name || !index) return LQ_EINVAL;
    for (size_t i = 0; i < sys->nph; i++)
        if (lqi_strcasecmp(sys->ph[i].name, name) == 0) {
            *index = i;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

lq_status lq_system_phase_info(const lq_system *sys, size_t phase, lq_phase_info *info) {
    if (!sys || !info || phase >= sys->nph) return LQ_EINVAL;
    const lqi_sphase *p = &sys->ph[phase];
    info->name = p->name;
    info->n_sublattices = (size_t)p->nsub;
    info->site_ratio = p->site;
    info->n_constituents = p->ncons;
    info->sublattice_of = sys->sub_of + p->y0;
    info->constituent_name = sys->cname_ptr + p->y0;
    info->constituent_comp = sys->ccomp + p->y0 * sys->ncomp;
    info->constituent_charge = NULL;
    /* the ionic liquids are neutral through their site ratios P and Q: no neutrality constraint */
    for (size_t k = 0; k < p->ncons && !lqi_thermo_models[p->model].neutral; k++)
        if (sys->ccharge[p->y0 + k] != 0.0) info->constituent_charge = sys->ccharge + p->y0;
    info->magnetic = p->magnetic;
    return LQ_OK;
}

void lq_system_phase_set_name(const lq_system *sys, const size_t *phases, size_t n, char *buf,
                              size_t size) {
    if (!buf || size == 0) return;
    buf[0] = 0;
    for (size_t k = 0; k < n && phases; k++) {
        lq_phase_info in;
        const char *nm = lq_system_phase_info(sys, phases[k], &in) == LQ_OK ? in.name : "?";
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s%s", k ? " + " : "", nm);
    }
}
