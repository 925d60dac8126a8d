/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Partitioned order-disorder model: G = G_dis(x) + G_ord(y) - G_ord(y = x), analytic in y. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/thermo_internal.h"

/*
 * The partitioned model (I. Ansara, N. Dupin, H.L. Lukas, B. Sundman, J. Alloys Compd. 247 (1997)
 * 20; N. Dupin, I. Ansara, B. Sundman, Calphad 25 (2001) 279, eq. 1; H.L. Lukas, S.G. Fries,
 * B. Sundman, "Computational Thermodynamics", Cambridge 2007, sec. 5.8.4; pycalphad
 * Model.atomic_ordering_energy, after Connetable et al., Calphad 32 (2008) 361, eq. 18):
 *
 *   G(y) = r G_dis(x) + G_ord(y) - s G_ord(y := x) + R T sum_s a_s sum_i y_si ln y_si + G_mag
 *
 * where G_dis and G_ord are the compound-energy sums WITHOUT their ideal-mixing terms (reference
 * surface and excess), y the site fractions of the ordered phase (the variables), and x the site
 * fractions of the disordered part: its first sublattice collects the first `nmerge` sublattices
 * of the ordered phase (x_i = sum_{s < nmerge} a_s y_si / A, A = sum_{s < nmerge} a_s; the
 * "quasi mole fractions" of pycalphad), its other sublattices are the remaining (interstitial)
 * sublattices of the ordered phase one for one. "y := x" replaces the site fractions of every
 * merged sublattice by x. nmerge = (sublattices of the ordered phase) - (sublattices of the
 * disordered phase - 1), which gives 2 for B2/L12 written with two substitutional sublattices and
 * 4 for the four-sublattice fcc/bcc orderings (L12, L10, D03, B32 ...), as OpenCalphad counts them
 * (gtp3E.F90: "nd1"). r = A / a_dis,0 converts formula units (1 for the usual site ratios).
 *
 * s = 1 for DISORDERED_PART: the ordering contribution vanishes when y = x, so the disordered
 * state of the ordered phase is exactly the disordered phase. s = 0 for OpenCalphad's NEVER
 * (phases that cannot disorder, e.g. sigma): the disordered part is then only added.
 *
 * Configurational entropy: that of the ordered site fractions y only. With s = 1 and equal site
 * sums this equals pycalphad's form (which keeps the ideal terms of both parts, whose x-parts then
 * cancel); with s = 0 it is Thermo-Calc's, which never counts the entropy of the disordered part.
 *
 * Magnetism (Thermo-Calc; Lukas et al. sec. 5.8.6): Tc and beta are partitioned the same way,
 * Tc = Tc_dis(x) + Tc_ord(y) - s Tc_ord(y := x), and one Inden-Hillert-Jarl term is computed from
 * them with the antiferromagnetic and structure factors of the ordered phase's MAGNETIC type
 * definition, or of the disordered phase's when the ordered phase has none (OpenCalphad copies
 * the disordered phase's). pycalphad instead evaluates the disordered part's magnetic energy from
 * Tc_dis(x) and adds the ordered part's own magnetic energy difference; the two agree whenever
 * the ordered phase has no TC/BMAGN parameters of its own (Dupin's Al-Ni, and most databases).
 *
 * Derivatives: x = W y (W_mk = w_k when constituent k of the ordered phase maps to m of the
 * disordered part) and (y := x) = P x (P_jm = 1 when j maps to m), both linear, so
 *   dG/dy = g_ord(y) + W^T (r g_dis(x) - s P^T g_ord(Px)),
 *   d2G/dy2 = H_ord(y) + W^T (r H_dis(x) - s P^T H_ord(Px) P) W,
 * and the same for the T derivatives; every term is evaluated with lqi_thermo_terms_add.
 */

#define Y_FLOOR 1e-300

typedef struct ordis_data {
    size_t dis;   /* system index of the disordered part (a hidden phase) */
    int subtract; /* s: 1 DISORDERED_PART, 0 NEVER */
    double r;     /* formula units of the disordered part per formula unit of the ordered phase */
    size_t n, nd; /* constituents of the ordered phase, of the disordered part */
    int *map;     /* [n] constituent of the disordered part of each ordered constituent */
    double *w;    /* [n] dx_map[k] / dy_k */
    int mag;      /* 1 when either part has TC parameters */
    double afm, p;
} ordis_data;

void lqi_thermo_ordis_free(void *mdata) {
    ordis_data *od = mdata;
    if (!od) return;
    lqi_free(od->map);
    lqi_free(od->w);
    lqi_free(od);
}

/* Scratch of one evaluation, after the two magnetic jet blocks of ws->scratch (the setup raises
 * sys->max_ncons to n + nd + 2 so that all of it fits). */
typedef struct ordis_tmp {
    double *x, *z;        /* [nd], [n] */
    double *gX, *HX, *tX; /* disordered-space accumulators [nd], [nd*nd], [nd] */
    double *g2, *H2, *t2; /* one part's derivatives [q], [q*q], [q], q = max(n, nd) */
    double *gy, *Hy, *ty; /* ordered-space (magnetic jets) [n], [n*n], [n] */
    double GX, GXT, GXTT; /* disordered-space values */
} ordis_tmp;

static void tmp_layout(const lq_thermo_ws *ws, const ordis_data *od, ordis_tmp *t) {
    const size_t n = od->n, nd = od->nd, q = n > nd ? n : nd, m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch + 2 * B;
    t->x = s;
    t->z = t->x + nd;
    t->gX = t->z + n;
    t->HX = t->gX + nd;
    t->tX = t->HX + nd * nd;
    t->g2 = t->tX + nd;
    t->H2 = t->g2 + q;
    t->t2 = t->H2 + q * q;
    t->gy = t->t2 + q;
    t->Hy = t->gy + n;
    t->ty = t->Hy + n * n;
}

static void tmp_zero_X(const ordis_data *od, ordis_tmp *t) {
    const size_t nd = od->nd;
    memset(t->gX, 0, nd * sizeof *t->gX);
    memset(t->HX, 0, nd * nd * sizeof *t->HX);
    memset(t->tX, 0, nd * sizeof *t->tX);
    t->GX = t->GXT = t->GXTT = 0.0;
}

/*
 * Adds coef * (terms [t0, t1) at v[0..nv)) to the disordered-space accumulators; fold maps index i
 * of v to its disordered constituent (NULL: v is in disordered space already).
 */
static void add_part(const lq_thermo_ws *ws, const ordis_data *od, int t0, int t1, const double *v,
                     size_t nv, unsigned what, double coef, const int *fold, ordis_tmp *t) {
    const size_t nd = od->nd;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    if (dy) memset(t->g2, 0, nv * sizeof *t->g2);
    if (dy2) memset(t->H2, 0, nv * nv * sizeof *t->H2);
    if (dy && dt) memset(t->t2, 0, nv * sizeof *t->t2);
    lq_phase_eval acc = {0.0, 0.0, 0.0, t->g2, t->H2, dy ? t->t2 : NULL};
    lqi_thermo_terms_add(ws, t0, t1, v, nv, what, &acc);
    t->GX += coef * acc.G;
    if (dt) {
        t->GXT += coef * acc.dG_dT;
        t->GXTT += coef * acc.d2G_dT2;
    }
    for (size_t i = 0; i < nv && (dy || dy2); i++) {
        size_t fi = fold ? (size_t)fold[i] : i;
        if (dy) {
            t->gX[fi] += coef * t->g2[i];
            if (dt) t->tX[fi] += coef * t->t2[i];
        }
        if (dy2)
            for (size_t j = 0; j < nv; j++) {
                size_t fj = fold ? (size_t)fold[j] : j;
                t->HX[fi * nd + fj] += coef * t->H2[i * nv + j];
            }
    }
}

/* The partitioned sum of the terms of kind `kind` (G, TC or BMAGN) into the disordered-space
 * accumulators: r_kind * dis(x) - s * ord(y := x). */
static void partition_X(const lq_thermo_ws *ws, const ordis_data *od, const lqi_sphase *ph,
                        const lqi_sphase *dp, int kind, double rdis, unsigned what, ordis_tmp *t) {
    tmp_zero_X(od, t);
    add_part(ws, od, dp->t0[kind], dp->t1[kind], t->x, od->nd, what, rdis, NULL, t);
    if (od->subtract)
        add_part(ws, od, ph->t0[kind], ph->t1[kind], t->z, od->n, what, -1.0, od->map, t);
}

/* Adds W^T (disordered-space accumulators) to ordered-space G, gradient, Hessian and dT arrays. */
static void fold_to_y(const ordis_data *od, const ordis_tmp *t, unsigned what, lq_phase_eval *acc) {
    const size_t n = od->n, nd = od->nd;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    acc->G += t->GX;
    if (dt) {
        acc->dG_dT += t->GXT;
        acc->d2G_dT2 += t->GXTT;
    }
    for (size_t k = 0; k < n; k++) {
        const size_t mk = (size_t)od->map[k];
        const double wk = od->w[k];
        if (dy) {
            acc->dG_dy[k] += wk * t->gX[mk];
            if (dt) acc->d2G_dTdy[k] += wk * t->tX[mk];
        }
        if (dy2)
            for (size_t l = 0; l < n; l++)
                acc->d2G_dy2[k * n + l] += wk * od->w[l] * t->HX[mk * nd + (size_t)od->map[l]];
    }
}

/* Tc (kind LQI_TERM_TC) or beta (LQI_TERM_BM) as a jet over (T, y) into block `blk` of the
 * magnetic scratch (layout of magnetic.c). */
static void magnetic_jet(const lq_thermo_ws *ws, const ordis_data *od, const lqi_sphase *ph,
                         const lqi_sphase *dp, const double *y, int kind, ordis_tmp *t,
                         double *blk) {
    const size_t n = od->n, m = n + 1;
    memset(t->gy, 0, n * sizeof *t->gy);
    memset(t->Hy, 0, n * n * sizeof *t->Hy);
    memset(t->ty, 0, n * sizeof *t->ty);
    lq_phase_eval acc = {0.0, 0.0, 0.0, t->gy, t->Hy, t->ty};
    lqi_thermo_terms_add(ws, ph->t0[kind], ph->t1[kind], y, n, LQ_EVAL_ALL, &acc);
    partition_X(ws, od, ph, dp, kind, 1.0, LQ_EVAL_ALL, t);
    fold_to_y(od, t, LQ_EVAL_ALL, &acc);
    double *g = blk + 1, *h = blk + 1 + m;
    blk[0] = acc.G;
    g[0] = acc.dG_dT;
    h[0] = acc.d2G_dT2;
    for (size_t a = 0; a < n; a++) {
        g[1 + a] = t->gy[a];
        h[1 + a] = h[(1 + a) * m] = t->ty[a];
        for (size_t b = 0; b < n; b++) h[(1 + a) * m + 1 + b] = t->Hy[a * n + b];
    }
}

lq_status lqi_thermo_ordis_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                                lq_phase_eval *out) {
    const lq_system *sys = ws->sys;
    const lqi_sphase *ph = &sys->ph[phase];
    const ordis_data *od = ph->mdata;
    const lqi_sphase *dp = &sys->ph[od->dis];
    const size_t n = od->n;
    const int dy = (what & LQ_EVAL_DY) != 0, dy2 = (what & LQ_EVAL_DY2) != 0,
              dt = (what & LQ_EVAL_DT) != 0;
    ordis_tmp t;
    tmp_layout(ws, od, &t);
    /* x = W y, z = P x */
    memset(t.x, 0, od->nd * sizeof *t.x);
    for (size_t k = 0; k < n; k++) t.x[od->map[k]] += od->w[k] * y[k];
    for (size_t k = 0; k < n; k++) t.z[k] = t.x[od->map[k]];
    lq_phase_eval acc = {0.0, 0.0, 0.0, out->dG_dy, out->d2G_dy2, dy ? out->d2G_dTdy : NULL};
    if (dy) memset(acc.dG_dy, 0, n * sizeof *acc.dG_dy);
    if (dy2) memset(acc.d2G_dy2, 0, n * n * sizeof *acc.d2G_dy2);
    if (dt && dy) memset(acc.d2G_dTdy, 0, n * sizeof *acc.d2G_dTdy);
    /* ideal configurational entropy of the ordered site fractions */
    lqi_thermo_ideal_add(ws, ph, y, what, &acc);
    /* G_ord(y), then r G_dis(x) - s G_ord(y := x) through W */
    lqi_thermo_terms_add(ws, ph->t0[LQI_TERM_G], ph->t1[LQI_TERM_G], y, n, what, &acc);
    partition_X(ws, od, ph, dp, LQI_TERM_G, od->r, what, &t);
    fold_to_y(od, &t, what, &acc);
    if (od->mag && !ws->no_mag) {
        const size_t m = n + 1, B = 1 + m + m * m;
        magnetic_jet(ws, od, ph, dp, y, LQI_TERM_TC, &t, ws->scratch);
        magnetic_jet(ws, od, ph, dp, y, LQI_TERM_BM, &t, ws->scratch + B);
        lq_status st = lqi_thermo_magnetic_jets_add(ws, od->afm, od->p, od->r, n, what, &acc);
        if (st) return st;
    }
    if (!isfinite(acc.G)) return LQ_EDOM;
    out->G = acc.G;
    if (dt) {
        out->dG_dT = acc.dG_dT;
        out->d2G_dT2 = acc.d2G_dT2;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- building (lq_system_create) */

static lq_status link_phase(const lq_db *db, lq_system *sys, size_t o, size_t d, lq_diag *diag) {
    lqi_sphase *ph = &sys->ph[o];
    const lqi_sphase *dp = &sys->ph[d];
    const lqi_phase *dbo = &db->ph[ph->db_index], *dbd = &db->ph[dp->db_index];
    const int nmerge = ph->nsub - (dp->nsub - 1);
    if (nmerge < 1)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dbo->line, "PHASE",
                            "order-disorder: %s has %d sublattices, fewer than its disordered "
                            "part %s (%d)",
                            ph->name, ph->nsub, dp->name, dp->nsub);
    double A = 0.0;
    for (int s = 0; s < nmerge; s++) A += ph->site[s];
    if (!(A > 0.0) || !(dp->site[0] > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, db->name, dbo->line, "PHASE",
                            "order-disorder: %s has no sites to merge into %s", ph->name, dp->name);
    const double r = A / dp->site[0];
    for (int s = nmerge; s < ph->nsub; s++) {
        double want = r * dp->site[s - nmerge + 1];
        if (fabs(ph->site[s] - want) > 1e-9 * fabs(want))
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dbo->line, "PHASE",
                                "order-disorder: sublattice %d of %s has %g sites, its disordered "
                                "part %s gives %g per formula unit",
                                s + 1, ph->name, ph->site[s], dp->name, want);
    }
    ordis_data *od = lqi_calloc(1, sizeof *od);
    if (!od) return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
    od->n = ph->ncons;
    od->nd = dp->ncons;
    od->map = lqi_malloc_array(od->n ? od->n : 1, sizeof *od->map);
    od->w = lqi_malloc_array(od->n ? od->n : 1, sizeof *od->w);
    if (!od->map || !od->w) {
        lqi_thermo_ordis_free(od);
        return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
    }
    od->dis = d;
    od->subtract = dbo->dis_part == 1;
    od->r = r;
    for (size_t k = 0; k < od->n; k++) {
        size_t g = ph->y0 + k, s = sys->sub_of[g];
        size_t ds = (int)s < nmerge ? 0 : s - (size_t)nmerge + 1;
        int found = -1;
        for (size_t j = 0; j < od->nd && found < 0; j++)
            if (sys->sub_of[dp->y0 + j] == ds &&
                lqi_strcasecmp(sys->cname[dp->y0 + j], sys->cname[g]) == 0)
                found = (int)j;
        if (found < 0) {
            lqi_thermo_ordis_free(od);
            return lqi_diag_set(diag, LQ_EINVAL, db->name, dbo->line, "PHASE",
                                "order-disorder: constituent %s of sublattice %zu of %s is not in "
                                "sublattice %zu of its disordered part %s",
                                sys->cname[g], s + 1, ph->name, ds + 1, dp->name);
        }
        od->map[k] = found;
        od->w[k] = (int)s < nmerge ? ph->site[s] / A : 1.0;
    }
    od->mag =
        ph->t0[LQI_TERM_TC] < ph->t1[LQI_TERM_TC] || dp->t0[LQI_TERM_TC] < dp->t1[LQI_TERM_TC];
    od->afm = dbo->magnetic ? dbo->afm : dbd->afm;
    od->p = dbo->magnetic ? dbo->p : dbd->p;
    if (od->mag && !(od->p > 0.0)) od->mag = 0; /* TC terms exist only with a MAGNETIC type */
    if (od->mag && od->afm == 0.0) { /* the Xiong model's TC/NT split is not partitioned here */
        lqi_thermo_ordis_free(od);
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, dbo->line, "PHASE",
                            "order-disorder phase %s with the Xiong magnetic model (MAGNETIC 0 "
                            "p): partitioning its Curie and Neel temperatures is not implemented",
                            ph->name);
    }
    ph->model = LQI_MODEL_ORDIS;
    ph->mdata = od;
    ph->magnetic = od->mag;
    ph->afm = od->afm;
    ph->p = od->p;
    /* the evaluation's scratch (ordis_tmp) lives in ws->scratch, sized by max_ncons */
    if (sys->max_ncons < od->n + od->nd + 2) sys->max_ncons = od->n + od->nd + 2;
    return LQ_OK;
}

static int sys_find_db(const lq_system *sys, int db_index) {
    for (size_t j = 0; j < sys->nph; j++)
        if (sys->ph[j].db_index == db_index) return (int)j;
    return -1;
}

lq_status lqi_thermo_ordis_setup(const lq_db *db, lq_system *sys, lqi_ordis_add_fn add, void *ctx,
                                 lq_diag *diag) {
    const size_t nreq = sys->nph;
    size_t nord = 0;
    /* the disordered part of every ordered phase, added when the caller did not ask for it */
    for (size_t i = 0; i < nreq; i++) {
        const lqi_phase *dbo = &db->ph[sys->ph[i].db_index];
        if (!dbo->dis_part) continue;
        nord++;
        if (sys_find_db(sys, dbo->dis_phase) >= 0) continue;
        int skipped = 0;
        lq_status st = add(ctx, dbo->dis_phase, &skipped);
        if (st) return st;
        if (skipped)
            return lqi_diag_set(diag, LQ_EINVAL, db->name, dbo->line, "PHASE",
                                "order-disorder: the disordered part %s of %s cannot exist with "
                                "these components",
                                db->ph[dbo->dis_phase].name, dbo->name);
    }
    if (nord == 0) return LQ_OK;
    /* disordered parts go behind the phases of the system (pycalphad's filter_phases drops them
     * too; Thermo-Calc and OpenCalphad do not enter them as phases) */
    const size_t nall = sys->nph;
    unsigned char *hidden = lqi_calloc(nall, 1);
    lqi_sphase *tmp = lqi_malloc_array(nall, sizeof *tmp);
    if (!hidden || !tmp) {
        lqi_free(hidden);
        lqi_free(tmp);
        return lqi_diag_set(diag, LQ_ENOMEM, db->name, 0, "", "out of memory");
    }
    for (size_t i = 0; i < nall; i++) {
        const lqi_phase *dbo = &db->ph[sys->ph[i].db_index];
        if (dbo->dis_part) hidden[sys_find_db(sys, dbo->dis_phase)] = 1;
    }
    size_t nvis = 0, at = 0;
    for (size_t i = 0; i < nall; i++)
        if (!hidden[i]) tmp[at++] = sys->ph[i];
    nvis = at;
    for (size_t i = 0; i < nall; i++)
        if (hidden[i]) tmp[at++] = sys->ph[i];
    memcpy(sys->ph, tmp, nall * sizeof *tmp);
    lqi_free(tmp);
    lqi_free(hidden);
    sys->nph = nvis;
    sys->nph_hidden = nall - nvis;
    for (size_t i = 0; i < nvis; i++) {
        const lqi_phase *dbo = &db->ph[sys->ph[i].db_index];
        if (!dbo->dis_part) continue;
        size_t d = nvis;
        while (d < nall && sys->ph[d].db_index != dbo->dis_phase) d++;
        if (d == nall) continue; /* cannot happen: added above */
        lq_status st = link_phase(db, sys, i, d, diag);
        if (st) return st;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- sublattice symmetry (:F, :B) */

/*
 * Thermo-Calc's phase options F and B on a four-sublattice ordered phase with a disordered part
 * (e.g. PHASE FCC_4SL:F, BCC_4SL:B) say that its first four sublattices are equivalent, so that a
 * parameter stands for all its permutations: F (fcc) all 24 permutations of sublattices 0-3;
 * B (bcc) permutations within {0, 1} and within {2, 3} and the exchange of the two pairs (8), as
 * pycalphad's generate_symmetric_group with symmetry [[0, 1, 2, 3]] and [[0, 1], [2, 3]] (applied
 * by io/tdb.py add_phase_symmetry_ordering_parameters to ordered phases with a disordered part).
 * Each distinct permuted constituent array other than the parameter's own becomes one more term.
 */
static int perm_allowed(char opt, const int *p) {
    if (opt == 'F') return 1;
    /* B: {p0, p1} and {p2, p3} are each one of the pairs {0, 1}, {2, 3} */
    int a = p[0] < 2, b = p[1] < 2, c = p[2] < 2, d = p[3] < 2;
    return a == b && c == d && a != c;
}

size_t lqi_thermo_ordis_symmetric(const lq_db *db, int pi, const lqi_param *pa, lqi_param *out,
                                  int *cons, size_t cap_cons) {
    const lqi_phase *ph = &db->ph[pi];
    char opt = ph->suffix;
    if (!ph->dis_part || (opt != 'F' && opt != 'B') || ph->nsub < 4 || pa->nsub != ph->nsub)
        return 0;
    int start[LQI_TDB_MAX_SUBL + 1];
    start[0] = 0;
    for (int s = 0; s < pa->nsub; s++) start[s + 1] = start[s] + pa->ncons[s];
    const size_t total = (size_t)start[pa->nsub];
    size_t nout = 0;
    int p[4];
    for (p[0] = 0; p[0] < 4; p[0]++)
        for (p[1] = 0; p[1] < 4; p[1]++)
            for (p[2] = 0; p[2] < 4; p[2]++)
                for (p[3] = 0; p[3] < 4; p[3]++) {
                    if (p[0] == p[1] || p[0] == p[2] || p[0] == p[3] || p[1] == p[2] ||
                        p[1] == p[3] || p[2] == p[3] || !perm_allowed(opt, p))
                        continue;
                    if ((nout + 2) * total > cap_cons) return (size_t)-1;
                    /* candidate: sublattice s < 4 takes the constituents of sublattice p[s] */
                    lqi_param q = *pa;
                    int *c = cons + nout * total, k = 0;
                    for (int s = 0; s < pa->nsub; s++) {
                        int src = s < 4 ? p[s] : s;
                        q.ncons[s] = pa->ncons[src];
                        for (int j = 0; j < pa->ncons[src]; j++) c[k++] = pa->cons[start[src] + j];
                    }
                    q.cons = c;
                    int dup = memcmp(q.ncons, pa->ncons, sizeof q.ncons) == 0 &&
                              memcmp(c, pa->cons, total * sizeof *c) == 0;
                    for (size_t o = 0; o < nout && !dup; o++)
                        dup = memcmp(q.ncons, out[o].ncons, sizeof q.ncons) == 0 &&
                              memcmp(c, out[o].cons, total * sizeof *c) == 0;
                    if (!dup) out[nout++] = q;
                }
    return nout;
}
