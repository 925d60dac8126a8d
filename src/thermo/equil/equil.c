/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Equilibrium driver: workspace, hull + Newton rounds, global check, T or x unknown, results. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/equil/check_scan.h"
#include "thermo/equil/equil_internal.h"
#include "thermo/equil/fast_samples.h"
#include "thermo/thermo_internal.h"

#define LQI_EQ_MAX_ROUNDS 8  /* hull + Newton rounds before giving up (LQ_ENOCONV) */
#define LQI_EQ_MAX_OUTER 16  /* outer rounds of lq_eq_solve_T / _x */
#define LQI_EQ_LADDER 10     /* local hull points per direction: offsets 1e-4 * 2^k, k < 10 */
#define LQI_EQ_SPLIT_STEPS 7 /* split search per direction: offsets 1e-3 * 2^l, l < 7 */

void lq_eq_options_default(lq_eq_options *opt) {
    if (!opt) return;
    opt->P = LQ_ATM_PA;
    opt->grid_n = 30;
    opt->edge_min = 1e-14;
    opt->edge_per_decade = 1;
    opt->random_n = 200;
    opt->max_samples = 3000;
    opt->seed = 20261121UL;
    opt->max_iter = 100;
    opt->tol = 1e-12;
}

static void ws_release(lq_eq_ws *ws) {
    if (!ws) return;
    if (ws->pi)
        for (size_t p = 0; p < ws->m.nphase; p++) {
            lqi_free(ws->pi[p].free_idx);
            lqi_free(ws->pi[p].multi_sub);
            lqi_free(ws->pi[p].free_multi);
            lqi_free(ws->pi[p].a);
            lqi_free(ws->pi[p].mbuf);
            lqi_free(ws->pi[p].q);
        }
    lqi_free(ws->pi);
    lqi_free(ws->s_phase);
    lqi_free(ws->s_y);
    lqi_free(ws->s_x);
    lqi_free(ws->s_atoms);
    lqi_free(ws->s_g);
    for (size_t p = 0; ws->s_tab && p < ws->m.nphase; p++) lqi_free(ws->s_tab[p]);
    lqi_free(ws->s_tab);
    for (size_t p = 0; ws->s_cmax && p < ws->m.nphase; p++) lqi_free(ws->s_cmax[p]);
    lqi_free(ws->s_cmax);
    lqi_free(ws->s_stale);
    lqi_free(ws->s_bound);
    lqi_free(ws->s_ord);
    lqi_free(ws->s_bin0);
    lqi_free(ws->s_bok);
    lqi_free(ws->s_bstale);
    lqi_free(ws->s_bmask);
    lqi_free(ws->e_phase);
    lqi_free(ws->e_y);
    lqi_free(ws->e_x);
    lqi_free(ws->e_g);
    lqi_free(ws->basis);
    lqi_free(ws->lambda);
    lqi_free(ws->xtmp);
    lqi_lp_ws_free(ws->lp);
    lqi_free(ws->art_x);
    lqi_free(ws->art_g);
    lqi_free(ws->c_idx);
    lqi_free(ws->c_x);
    lqi_free(ws->c_g);
    lqi_free(ws->c_red);
    lqi_free(ws->c_new);
    lqi_free(ws->hmu);
    lqi_free(ws->gV);
    lqi_free(ws->gB);
    lqi_free(ws->gscr);
    if (ws->sets)
        for (size_t k = 0; k <= ws->maxsets; k++) {
            lqi_eq_set *s = &ws->sets[k];
            lqi_free(s->y);
            lqi_free(s->dG);
            lqi_free(s->H);
            lqi_free(s->dGdTy);
            lqi_free(s->M);
            lqi_free(s->dM);
            lqi_free(s->d2M);
            lqi_free(s->lam);
            lqi_free(s->ysave);
            lqi_free(s->lamsave);
        }
    lqi_free(ws->sets);
    lqi_free(ws->viol_y);
    lqi_free(ws->mu);
    lqi_free(ws->musave);
    lqi_free(ws->x0);
    lqi_free(ws->x0save);
    lqi_free(ws->fx_dir);
    lqi_free(ws->mu_comp);
    lqi_free(ws->mu_val);
    lqi_free(ws->mu_lna);
    lqi_free(ws->J);
    lqi_free(ws->r);
    lqi_free(ws->dx);
    lqi_free(ws->rs);
    lqi_free(ws->jpiv);
    lqi_free(ws->jidx);
    lqi_free(ws->ytmp);
    lqi_free(ws->ytmp2);
    lqi_free(ws->gtmp);
    lqi_free(ws->htmp);
    lqi_free(ws->mutmp);
    if (ws->tws_free) ws->tws_free(ws->tws);
    lqi_free(ws->own_info);
    lqi_free(ws);
}

void lq_eq_ws_free(lq_eq_ws *ws) { ws_release(ws); }

static int options_ok(const lq_eq_options *o) {
    return isfinite(o->P) && o->P > 0.0 && o->edge_min > 0.0 && o->edge_min < 1e-2 &&
           o->max_samples >= 1 && o->max_iter >= 1 && isfinite(o->tol) && o->tol > 0.0;
}

static lq_status phase_tables(lq_eq_ws *ws) {
    size_t nc = ws->ncomp;
    for (size_t p = 0; p < ws->m.nphase; p++) {
        const lq_phase_info *in = &ws->m.phases[p];
        lqi_eq_pinfo *pi = &ws->pi[p];
        size_t n = in->n_constituents, nsub = in->n_sublattices;
        if (n == 0 || nsub == 0 || !in->site_ratio || !in->sublattice_of || !in->constituent_comp)
            return LQ_EINVAL;
        pi->nc = n;
        pi->free_idx = lqi_malloc_array(n, sizeof(size_t));
        pi->free_multi = lqi_malloc_array(n, sizeof(size_t));
        pi->multi_sub = lqi_malloc_array(nsub, sizeof(size_t));
        pi->a = lqi_malloc_array(n * nc, sizeof(double));
        if (!pi->free_idx || !pi->free_multi || !pi->multi_sub || !pi->a) return LQ_ENOMEM;
        size_t cnt[64] = {0};
        if (nsub > 64) return LQ_EINVAL;
        for (size_t i = 0; i < n; i++) {
            if (in->sublattice_of[i] >= nsub) return LQ_EINVAL;
            if (i > 0 && in->sublattice_of[i] < in->sublattice_of[i - 1]) return LQ_EINVAL;
            cnt[in->sublattice_of[i]]++;
        }
        size_t mindex[64];
        pi->nmulti = 0;
        for (size_t s = 0; s < nsub; s++) {
            if (cnt[s] == 0) return LQ_EINVAL;
            if (cnt[s] >= 2) {
                mindex[s] = pi->nmulti;
                pi->multi_sub[pi->nmulti++] = s;
            }
        }
        pi->nfree = 0;
        for (size_t i = 0; i < n; i++) {
            size_t s = in->sublattice_of[i];
            for (size_t c = 0; c < nc; c++)
                pi->a[i * nc + c] = in->site_ratio[s] * in->constituent_comp[i * nc + c];
            if (cnt[s] >= 2) {
                pi->free_multi[pi->nfree] = mindex[s];
                pi->free_idx[pi->nfree++] = i;
            }
        }
        /* admissible constitutions (docs/equilibrium.md, "Vacancies"): with an end member of
         * vacancies only, G per mole of atoms falls without bound as the lattice empties (the
         * configurational entropy of a dilute lattice gas, RT ln y per atom), so the phase is
         * kept to at least half the atoms of its smallest non-empty end member */
        double zsum = 0.0, pmin = HUGE_VAL;
        for (size_t sl = 0; sl < nsub; sl++) {
            double z = HUGE_VAL, pp = HUGE_VAL;
            for (size_t i = 0; i < n; i++) {
                if (in->sublattice_of[i] != sl) continue;
                double b = 0.0;
                for (size_t c = 0; c < nc; c++) b += pi->a[i * nc + c];
                z = fmin(z, b);
                if (b > 1e-12) pp = fmin(pp, b);
            }
            zsum += z;
            pmin = fmin(pmin, pp);
        }
        pi->atoms_floor = zsum > 1e-12 || !isfinite(pmin) ? 0.0 : 0.5 * pmin;
        if (in->constituent_charge) {
            pi->q = lqi_malloc_array(n, sizeof(double));
            if (!pi->q) return LQ_ENOMEM;
            for (size_t i = 0; i < n; i++)
                pi->q[i] = in->site_ratio[in->sublattice_of[i]] * in->constituent_charge[i];
        }
        if (n > ws->maxc) ws->maxc = n;
        if (pi->nmulti > ws->maxsub) ws->maxsub = pi->nmulti;
        if (ws->m.nonlinear && ws->m.moles && ws->m.nonlinear(ws->m.ctx, p)) {
            pi->nonlin = 1;
            pi->mbuf = lqi_malloc_array(nc, sizeof(double));
            if (!pi->mbuf) return LQ_ENOMEM;
        }
    }
    return LQ_OK;
}

/*
 * Gauge (docs/equilibrium.md, "Gauge"). The compositions every phase can take are its samples'
 * (sample.c: end members and interior points, electrically neutral in charged phases). Their span
 * is the row space of the Gram matrix X^T X of the sample compositions, whose SVD (lqi_nullspace)
 * also gives the complement: when it is not empty (e.g. NaCl-MgCl2 of neutral salts only, where
 * n_Na + 2 n_Mg - n_Cl = 0 in every phase) the chemical potentials are fixed only up to a multiple
 * of its vectors, and Newton's matrix would be singular. A singular value of X^T X below 1e-12 of
 * the largest (1e-6 of X's) counts as zero: compositions are exact to rounding (1e-16), but the
 * SVD of X^T X itself is only accurate to about 1e-16 of its largest singular value (a neutral
 * SUBM liquid of 4 ions gave 0.99e-16 of it), while a real direction of the span has singular
 * values of order one.
 */
static lq_status gauge_setup(lq_eq_ws *ws) {
    size_t nc = ws->ncomp, rank = nc;
    if (nc < 2 || ws->ns == 0) return LQ_OK;
    double *g = lqi_calloc(nc * nc, sizeof *g), *vt = lqi_malloc_array(nc * nc, sizeof *vt);
    lq_status st = LQ_ENOMEM;
    if (!g || !vt) goto done;
    for (size_t j = 0; j < ws->ns; j++) {
        const double *x = ws->s_x + j * nc;
        int finite = 1;
        for (size_t a = 0; a < nc; a++) finite = finite && isfinite(x[a]);
        if (!finite) continue;
        for (size_t a = 0; a < nc; a++)
            for (size_t b = 0; b < nc; b++) g[a * nc + b] += x[a] * x[b];
    }
    st = lqi_nullspace(g, nc, nc, 1e-12, vt, &rank);
    if (st != LQ_OK && st != LQ_ENOMEM) st = LQ_OK; /* no SVD: solved as before, without gauge */
    if (st != LQ_OK || rank >= nc || rank == 0) goto done;
    st = LQ_ENOMEM;
    size_t d = nc - rank;
    ws->gV = lqi_malloc_array(d * nc, sizeof *ws->gV);
    ws->gB = lqi_malloc_array(nc * rank, sizeof *ws->gB);
    ws->gscr = lqi_malloc_array(nc * (ws->nmax + 1), sizeof *ws->gscr);
    if (!ws->gV || !ws->gB || !ws->gscr) goto done;
    memcpy(ws->gV, vt + rank * nc, d * nc * sizeof *ws->gV);
    for (size_t c = 0; c < nc; c++)
        for (size_t j = 0; j < rank; j++) ws->gB[c * rank + j] = vt[j * nc + c];
    ws->ngauge = d;
    st = LQ_OK;
done:
    lqi_free(g);
    lqi_free(vt);
    return st;
}

lq_status lqi_eq_ws_alloc_model(const lqi_eq_model *m, const lq_eq_options *opt, lq_eq_ws **out,
                                lq_diag *diag) {
    if (!m || !out || !m->phases || !m->eval || !m->set_TP || m->ncomp == 0 || m->nphase == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "equilibrium: empty or NULL model");
    lq_eq_options o;
    if (opt)
        o = *opt;
    else
        lq_eq_options_default(&o);
    if (!options_ok(&o))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "equilibrium options out of range (P > 0, 0 < edge_min < 1e-2, "
                            "max_samples, max_iter >= 1, tol > 0)");
    lq_eq_ws *ws = lqi_calloc(1, sizeof *ws);
    if (!ws) return LQ_ENOMEM;
    ws->m = *m;
    ws->opt = o;
    ws->ncomp = m->ncomp;
    size_t nc = ws->ncomp;
    lq_status st = LQ_ENOMEM;
    ws->pi = lqi_calloc(m->nphase, sizeof *ws->pi);
    if (!ws->pi) goto fail;
    st = phase_tables(ws);
    if (st != LQ_OK) goto fail;
    st = LQ_ENOMEM;
    size_t maxc = ws->maxc, maxsub = ws->maxsub ? ws->maxsub : 1;
    ws->maxsets = nc + 1;
    size_t maxfree = 0;
    for (size_t p = 0; p < m->nphase; p++)
        if (ws->pi[p].nfree > maxfree) maxfree = ws->pi[p].nfree;
    ws->maxextra = (ws->maxsets + 1) * LQI_EQ_MAX_ROUNDS * (2 + 2 * LQI_EQ_LADDER * maxfree);
    ws->ytmp = lqi_malloc_array(maxc, sizeof(double));
    ws->ytmp2 = lqi_malloc_array(maxc, sizeof(double));
    ws->gtmp = lqi_malloc_array(maxc, sizeof(double));
    ws->htmp = lqi_malloc_array(maxc * maxc, sizeof(double));
    ws->mutmp = lqi_malloc_array(nc, sizeof(double));
    ws->basis = lqi_malloc_array(nc, sizeof(size_t));
    ws->lambda = lqi_malloc_array(nc, sizeof(double));
    ws->xtmp = lqi_malloc_array(nc, sizeof(double));
    if (lqi_lp_ws_alloc(nc, &ws->lp) != LQ_OK) goto fail;
    ws->art_x = lqi_calloc(nc * nc, sizeof(double));
    ws->art_g = lqi_malloc_array(nc, sizeof(double));
    if (!ws->art_x || !ws->art_g) goto fail;
    for (size_t c = 0; c < nc; c++) ws->art_x[c * nc + c] = 1.0;
    ws->hmu = lqi_malloc_array(nc, sizeof(double));
    ws->mu = lqi_malloc_array(nc, sizeof(double));
    ws->musave = lqi_malloc_array(nc, sizeof(double));
    ws->x0 = lqi_malloc_array(nc, sizeof(double));
    ws->x0save = lqi_malloc_array(nc, sizeof(double));
    ws->fx_dir = lqi_malloc_array(nc * nc, sizeof(double));
    ws->mu_comp = lqi_malloc_array(nc, sizeof(size_t));
    ws->mu_val = lqi_malloc_array(nc, sizeof(double));
    ws->mu_lna = lqi_malloc_array(nc, sizeof(double));
    ws->e_phase = lqi_malloc_array(ws->maxextra, sizeof(size_t));
    ws->e_y = lqi_malloc_array(ws->maxextra * maxc, sizeof(double));
    ws->e_x = lqi_malloc_array(ws->maxextra * nc, sizeof(double));
    ws->e_g = lqi_malloc_array(ws->maxextra, sizeof(double));
    ws->sets = lqi_calloc(ws->maxsets + 1, sizeof *ws->sets);
    ws->viol_y = lqi_malloc_array(maxc, sizeof(double));
    if (!ws->ytmp || !ws->ytmp2 || !ws->gtmp || !ws->htmp || !ws->mutmp || !ws->basis ||
        !ws->lambda || !ws->xtmp || !ws->hmu || !ws->mu || !ws->musave || !ws->x0 || !ws->x0save ||
        !ws->fx_dir || !ws->mu_comp || !ws->mu_val || !ws->mu_lna || !ws->e_phase || !ws->e_y ||
        !ws->e_x || !ws->e_g || !ws->sets || !ws->viol_y)
        goto fail;
    size_t maxcol = 0;
    for (size_t p = 0; p < m->nphase; p++) {
        size_t c = ws->pi[p].nfree + ws->pi[p].nmulti + 2; /* + psi of a charged phase */
        if (c > maxcol) maxcol = c;
    }
    /* + the chemical potentials, T and up to ncomp free composition directions (conditions.c) */
    ws->nmax = ws->maxsets * maxcol + 2 * nc + 1;
    ws->J = lqi_malloc_array(ws->nmax * ws->nmax, sizeof(double));
    ws->r = lqi_malloc_array(ws->nmax, sizeof(double));
    ws->dx = lqi_malloc_array(ws->nmax, sizeof(double));
    ws->rs = lqi_malloc_array(ws->nmax, sizeof(double));
    ws->jpiv = lqi_malloc_array(ws->nmax, sizeof(int));
    ws->jidx = lqi_malloc_array(ws->nmax, sizeof(size_t));
    if (!ws->J || !ws->r || !ws->dx || !ws->rs || !ws->jpiv || !ws->jidx) goto fail;
    for (size_t k = 0; k <= ws->maxsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        s->y = lqi_malloc_array(maxc, sizeof(double));
        s->ysave = lqi_malloc_array(maxc, sizeof(double));
        s->dG = lqi_malloc_array(maxc, sizeof(double));
        s->H = lqi_malloc_array(maxc * maxc, sizeof(double));
        s->dGdTy = lqi_malloc_array(maxc, sizeof(double));
        s->M = lqi_malloc_array(nc, sizeof(double));
        s->lam = lqi_malloc_array(maxsub + 1, sizeof(double));
        s->lamsave = lqi_malloc_array(maxsub + 1, sizeof(double));
        if (!s->y || !s->ysave || !s->dG || !s->H || !s->dGdTy || !s->M || !s->lam || !s->lamsave)
            goto fail;
        for (size_t p = 0; p < m->nphase && !s->dM; p++)
            if (ws->pi[p].nonlin) {
                s->dM = lqi_malloc_array(maxc * nc, sizeof(double));
                s->d2M = lqi_malloc_array(maxc * maxc * nc, sizeof(double));
                if (!s->dM || !s->d2M) goto fail;
            }
    }
    st = lqi_eq_samples_build(ws);
    if (st == LQ_OK) st = gauge_setup(ws);
    if (st != LQ_OK) goto fail;
    st = LQ_ENOMEM;
    ws->maxcand = LQI_EQ_CG_PASSES * LQI_EQ_CG_ADD * nc;
    ws->c_idx = lqi_malloc_array(ws->maxcand, sizeof(size_t));
    ws->c_x = lqi_malloc_array(ws->maxcand * nc, sizeof(double));
    ws->c_g = lqi_malloc_array(ws->maxcand, sizeof(double));
    ws->c_red = lqi_malloc_array(LQI_EQ_CG_ADD * nc, sizeof(double));
    ws->c_new = lqi_malloc_array(LQI_EQ_CG_ADD * nc, sizeof(size_t));
    if (!ws->c_idx || !ws->c_x || !ws->c_g || !ws->c_red || !ws->c_new) goto fail;
    *out = ws;
    return LQ_OK;
fail:
    ws_release(ws);
    if (st == LQ_ENOMEM) return lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
    return lqi_diag_set(diag, st, NULL, 0, NULL, "equilibrium: inconsistent phase description");
}

/* ---------------------------------------------------------------- results */
lq_status lq_eq_result_alloc(const lq_eq_ws *ws, lq_eq_result **out) {
    if (!ws || !out) return LQ_EINVAL;
    size_t nc = ws->ncomp, ns = ws->maxsets, maxc = ws->maxc;
    lq_eq_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->ncomp = nc;
    r->x = lqi_malloc_array(nc, sizeof(double));
    r->mu = lqi_malloc_array(nc, sizeof(double));
    r->phases = lqi_calloc(ns, sizeof *r->phases);
    int ok = r->x && r->mu && r->phases;
    if (r->phases) r->max_phases = ns;
    for (size_t k = 0; ok && k < ns; k++) {
        r->phases[k].y = lqi_malloc_array(maxc, sizeof(double));
        r->phases[k].x = lqi_malloc_array(nc, sizeof(double));
        ok = r->phases[k].y && r->phases[k].x;
    }
    if (!ok) {
        lq_eq_result_free(r);
        return LQ_ENOMEM;
    }
    *out = r;
    return LQ_OK;
}

void lq_eq_result_free(lq_eq_result *r) {
    if (!r) return;
    if (r->phases)
        for (size_t k = 0; k < r->max_phases; k++) {
            lqi_free(r->phases[k].y);
            lqi_free(r->phases[k].x);
        }
    lqi_free(r->phases);
    lqi_free(r->x);
    lqi_free(r->mu);
    lqi_free(r);
}

static lq_status fill_result(lq_eq_ws *ws, lq_eq_result *res, double resid) {
    size_t nc = ws->ncomp;
    double T = ws->T;
    res->T = T;
    res->P = ws->opt.P;
    memcpy(res->x, ws->x0, nc * sizeof *res->x);
    memcpy(res->mu, ws->mu, nc * sizeof *res->mu);
    res->n_gauge = ws->ngauge;
    res->G = res->H = res->S = res->Cp = 0.0;
    double tot = 0.0;
    for (size_t k = 0; k < ws->nsets; k++) {
        lqi_eq_set *s = &ws->sets[k];
        lq_status st = lqi_eq_eval_set(ws, s, LQ_EVAL_G | LQ_EVAL_DT);
        if (st != LQ_OK) return st;
        lq_eq_phase *ph = &res->phases[k];
        double atoms;
        lqi_eq_composition(ws, s->phase, s->y, NULL, ph->x, &atoms);
        ph->phase = s->phase;
        memcpy(ph->y, s->y, ws->pi[s->phase].nc * sizeof *ph->y);
        ph->moles_per_formula = atoms;
        ph->amount = s->fixed_zero ? 0.0 : s->N * atoms;
        ph->fixed_zero = s->fixed_zero;
        ph->G = s->G / atoms;
        ph->S = -s->dGdT / atoms;
        ph->H = ph->G + T * ph->S;
        ph->Cp = -T * s->d2GdT2 / atoms;
        res->G += ph->amount * ph->G;
        res->S += ph->amount * ph->S;
        res->H += ph->amount * ph->H;
        res->Cp += ph->amount * ph->Cp;
        tot += ph->amount;
    }
    if (!(tot > 0.0)) return LQ_ENOCONV;
    res->G /= tot;
    res->S /= tot;
    res->H /= tot;
    res->Cp /= tot;
    res->n_phases = ws->nsets;
    /* largest amount first (insertion sort on a handful of entries; swap whole slots) */
    for (size_t i = 1; i < res->n_phases; i++)
        for (size_t j = i; j > 0 && res->phases[j].amount > res->phases[j - 1].amount; j--) {
            lq_eq_phase t = res->phases[j];
            res->phases[j] = res->phases[j - 1];
            res->phases[j - 1] = t;
        }
    res->newton_iterations = ws->iters;
    res->hull_rounds = ws->rounds;
    res->max_residual = resid;
    return LQ_OK;
}

/* ---------------------------------------------------------------- hull -> sets */
static const double *pt_y(const lq_eq_ws *ws, size_t j) {
    return j < ws->ns ? ws->s_y + j * ws->maxc : ws->e_y + (j - ws->ns) * ws->maxc;
}
static size_t pt_phase(const lq_eq_ws *ws, size_t j) {
    return j < ws->ns ? ws->s_phase[j] : ws->e_phase[j - ws->ns];
}

/* Driving force of a constitution against the current hull potentials: g - hmu.x per atom. */
static lq_status hull_df(lq_eq_ws *ws, size_t p, const double *y, const double *mu, double *d) {
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    lq_status st = ws->m.eval(ws->m.ctx, p, y, LQ_EVAL_G, &ev);
    if (st != LQ_OK) return st;
    double atoms, *x = ws->xtmp;
    lqi_eq_composition(ws, p, y, NULL, x, &atoms);
    double v = ev.G / atoms;
    for (size_t c = 0; c < ws->ncomp; c++) v -= mu[c] * x[c];
    *d = v;
    return LQ_OK;
}

/*
 * Composition sets from the hull basis: points of one phase merge into one set when the phase's
 * energy at the midpoint of their constitutions is not above the hull plane (no hump between
 * them, so no miscibility gap); otherwise each starts its own set.
 */
static lq_status sets_from_hull(lq_eq_ws *ws, int keep_zero) {
    size_t nc = ws->ncomp, np = ws->ns + ws->nextra;
    double wsum[32];
    ws->nsets = 0;
    for (size_t i = 0; i < nc; i++) {
        size_t j = ws->basis[i];
        double lam = ws->lambda[i];
        if (j >= np) continue;
        if (!keep_zero && !(lam > 1e-14)) continue;
        size_t p = pt_phase(ws, j);
        const double *yj = pt_y(ws, j);
        size_t ncst = ws->pi[p].nc;
        double atoms;
        lqi_eq_composition(ws, p, yj, NULL, NULL, &atoms);
        double w = lam / atoms; /* formula units */
        int merged = 0;
        for (size_t k = 0; k < ws->nsets && !merged; k++) {
            lqi_eq_set *s = &ws->sets[k];
            if (s->phase != p || ws->pi[p].nfree == 0) {
                if (s->phase == p) { /* stoichiometric: same point */
                    s->N += w;
                    wsum[k] += w;
                    merged = 1;
                }
                continue;
            }
            /* a hump anywhere on the segment: probed at 1/4, 3/4 and (last, kept in ytmp2) 1/2
             * (e.g. ordered L12 beside a disordered FCC point of the same phase) */
            double d = -HUGE_VAL;
            for (int q4 = 1; q4 <= 3; q4++) {
                double t = q4 == 3 ? 0.5 : 0.25 + 0.5 * (q4 - 1), dq;
                for (size_t q = 0; q < ncst; q++) ws->ytmp2[q] = s->y[q] + t * (yj[q] - s->y[q]);
                lq_status st = hull_df(ws, p, ws->ytmp2, ws->hmu, &dq);
                if (st != LQ_OK) return st;
                d = fmax(d, dq);
            }
            double tolg = 1e-9 * fabs(ws->s_g[ws->pi[p].sample0]) + 1e-6;
            if (d <= tolg) {
                double W = wsum[k];
                for (size_t q = 0; q < ncst; q++)
                    s->y[q] = W + w > 0.0 ? (W * s->y[q] + w * yj[q]) / (W + w) : ws->ytmp2[q];
                s->N += w;
                wsum[k] += w;
                merged = 1;
            }
        }
        if (merged) continue;
        if (ws->nsets >= ws->maxsets || ws->nsets >= 32) return LQ_ESINGULAR;
        lqi_eq_set *s = &ws->sets[ws->nsets];
        s->phase = p;
        memcpy(s->y, yj, ncst * sizeof *s->y);
        s->N = w;
        s->fixed_zero = 0;
        wsum[ws->nsets] = w;
        ws->nsets++;
    }
    memcpy(ws->mu, ws->hmu, nc * sizeof *ws->mu);
    lqi_eq_gauge_mu(ws, ws->mu);
    return ws->nsets ? LQ_OK : LQ_ESINGULAR;
}

/*
 * Whether the split search along constituent i against j of set s (split_violation below) can be
 * skipped because it cannot find anything: along y + t (e_i - e_j) the moles of atoms N stay
 * constant (i and j hold the same number of atoms; moles linear in y), so N D(t) = G(t) - mu . M(t)
 * with M linear in t. With A = N D(0), B = N D'(0) and C a lower bound of G'' = N D'' over the
 * probed offsets (lqi_thermo_g_line), C > 0 makes D strictly convex there, with its minimum at
 * t* = -B / C and N D >= A - B^2 / (2 C). At a converged set A and B are rounding (the set lies on
 * the hyperplane and is stationary), so when |t*| is far below the first probe (1e-3) and the
 * bound far above -tol, every probe lies above -tol and the probes rise monotonically from the
 * set on either side: no violation and no basin past a rise, as the probes themselves would find,
 * at the cost of one pass over the phase's terms instead of up to 2 * LQI_EQ_SPLIT_STEPS
 * evaluations. 0 (probe) whenever the bound does not apply or does not hold.
 */
static int split_convex(lq_eq_ws *ws, const lqi_eq_set *s, size_t i, size_t j, double tol) {
    const lqi_eq_pinfo *pi = &ws->pi[s->phase];
    size_t nc = ws->ncomp;
    if (!ws->tws || pi->nonlin || pi->q) return 0;
    double Ni = 0.0, Nj = 0.0, muda = 0.0, N = 0.0, muM = 0.0;
    for (size_t c = 0; c < nc; c++) {
        Ni += pi->a[i * nc + c];
        Nj += pi->a[j * nc + c];
        muda += ws->mu[c] * (pi->a[i * nc + c] - pi->a[j * nc + c]);
    }
    if (Ni != Nj) return 0;
    for (size_t k = 0; k < pi->nc; k++)
        for (size_t c = 0; c < nc; c++) {
            N += pi->a[k * nc + c] * s->y[k];
            muM += ws->mu[c] * pi->a[k * nc + c] * s->y[k];
        }
    if (!(N > 1e-12)) return 0;
    double *e = ws->ytmp2, g0, g1, g2;
    memset(e, 0, pi->nc * sizeof *e);
    e[i] = 1.0;
    e[j] = -1.0;
    double h = 1e-3 * (double)(1 << (LQI_EQ_SPLIT_STEPS - 1));
    if (lqi_thermo_g_line(ws->tws, s->phase, s->y, e, h, &g0, &g1, &g2) != 0 || !(g2 > 0.0))
        return 0;
    double A = g0 - muM, B = g1 - muda;
    return fabs(B) < 1e-4 * g2 && A - B * B / (2.0 * g2) > -0.5 * tol * N;
}

/*
 * Second composition sets closer than the sample spacing: from every refined set, the driving
 * force g - mu.x per atom is evaluated along each free constituent i against the largest one of its
 * sublattice, at offsets +-1e-3 * 2^l (l < LQI_EQ_SPLIT_STEPS). The set itself is a local minimum
 * with D = 0; a point below -tol, or a local minimum of D along the ladder past a rise (the other
 * side of a hump: a miscibility gap narrower than the samples, e.g. the magnetic BCC gap of Cr-Fe
 * near 840 K, 0.016 wide), is refined by lqi_eq_phase_min. Returns 1 with *dmin, ws->viol_phase and
 * ws->viol_y updated when a point below -tol and below *dmin is found, 0 if none, -1 on an
 * evaluation failure (*st set).
 */
static int split_violation(lq_eq_ws *ws, double tol_abs, double *dmin, lq_status *st) {
    size_t nc = ws->ncomp;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T, *x = ws->xtmp;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    int found = 0;
    for (size_t k = 0; k < ws->nsets; k++) {
        const lqi_eq_set *s = &ws->sets[k];
        size_t p = s->phase;
        const lqi_eq_pinfo *pi = &ws->pi[p];
        double tol = 1e-9 * fabs(s->G) + tol_abs;
        for (size_t a = 0; a < pi->nfree; a++) {
            size_t i = pi->free_idx[a], j = i;
            for (size_t b = 0; b < pi->nfree; b++)
                if (pi->free_multi[b] == pi->free_multi[a] && s->y[pi->free_idx[b]] > s->y[j])
                    j = pi->free_idx[b];
            if (j == i || (pi->q && pi->q[i] != pi->q[j])) continue; /* keeps the charge */
            if (split_convex(ws, s, i, j, tol)) continue;
            for (int sign = -1; sign <= 1; sign += 2) {
                double dprev = 0.0, dprev2 = 0.0, rise = 0.0;
                double *y = ws->ytmp;
                for (int l = 0; l <= LQI_EQ_SPLIT_STEPS; l++) {
                    double dd = sign * 1e-3 * (double)(1 << l), D = HUGE_VAL, atoms = 0.0;
                    int ok = l < LQI_EQ_SPLIT_STEPS && s->y[i] + dd > 0.0 && s->y[j] - dd > 0.0;
                    if (ok) {
                        memcpy(y, s->y, pi->nc * sizeof *y);
                        y[i] += dd;
                        y[j] -= dd;
                        lqi_eq_composition(ws, p, y, NULL, x, &atoms);
                        ok = atoms > 1e-12 && atoms >= pi->atoms_floor;
                    }
                    if (ok) {
                        *st = ws->m.eval(ws->m.ctx, p, y, LQ_EVAL_G, &ev);
                        if (*st != LQ_OK) return -1;
                        D = ev.G / atoms;
                        for (size_t c = 0; c < nc; c++) D -= ws->mu[c] * x[c];
                        if (!isfinite(D)) D = HUGE_VAL;
                    }
                    /* previous point a local minimum past a rise: try its basin */
                    int basin =
                        l >= 2 && dprev < dprev2 && dprev <= D && rise > dprev && dprev < 0.05 * RT;
                    if (D < -tol || basin) {
                        lqi_eq_set *t = &ws->sets[ws->maxsets];
                        t->phase = p;
                        memcpy(t->y, s->y, pi->nc * sizeof *t->y);
                        double back = D < -tol ? dd : sign * 1e-3 * (double)(1 << (l - 1));
                        t->y[i] += back;
                        t->y[j] -= back;
                        double dm;
                        *st = lqi_eq_phase_min(ws, t, 12, &dm);
                        if (*st != LQ_OK) return -1;
                        if (dm < -tol && dm < *dmin) {
                            *dmin = dm;
                            ws->viol_phase = p;
                            memcpy(ws->viol_y, t->y, pi->nc * sizeof *ws->viol_y);
                            found = 1;
                        }
                        break;
                    }
                    if (!isfinite(D) || D == HUGE_VAL) break;
                    rise = fmax(rise, D);
                    dprev2 = dprev;
                    dprev = D;
                }
            }
        }
    }
    return found;
}

/* max-norm distance in site fractions from y to the nearest set of phase p (HUGE_VAL: none) */
static double set_dist(const lq_eq_ws *ws, size_t p, const double *y, size_t *kn) {
    double best = HUGE_VAL;
    for (size_t k = 0; k < ws->nsets; k++) {
        if (ws->sets[k].phase != p) continue;
        double dist = 0.0;
        for (size_t i = 0; i < ws->pi[p].nc; i++) { /* fmax without the call: y is finite */
            double a = fabs(ws->sets[k].y[i] - y[i]);
            if (a > dist) dist = a;
        }
        if (dist < best) {
            best = dist;
            if (kn) *kn = k;
        }
    }
    return best;
}

/*
 * Whether phase p may have a basin of the driving force D = g - mu.x apart from its sets: *far = 1
 * with *jbest the sample to start a local minimisation from. Without a set of p, the best sample
 * (within RT/20 of the hyperplane, checked by the caller). Otherwise the best sample farther than
 * 0.1 in site fractions from every set of p (jf at driving force dbest, from the caller's scan,
 * lqi_eq_scan_phase; ws->ns when none lies below RT/20), when D at 1/2 or 3/4 of the way from the
 * nearest set to it lies above the chord between them (D = 0 at the set): D is not convex along the
 * segment, so a hump may separate a second basin (e.g. Ni-rich FCC beside an Fe-rich FCC set in
 * Cr-Fe-Ni at 620 K). Along a convex segment the sample lies in the set's own basin and nothing is
 * done.
 */
static lq_status far_basin(lq_eq_ws *ws, size_t p, size_t jf, double dbest, size_t *jbest,
                           int *far) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    size_t nc = ws->ncomp, kn = 0;
    *far = 0;
    if (set_dist(ws, p, ws->s_y + *jbest * ws->maxc, &kn) == HUGE_VAL) {
        *far = 1;
        return LQ_OK;
    }
    if (jf == ws->ns) return LQ_OK;
    const double *yf = ws->s_y + jf * ws->maxc;
    set_dist(ws, p, yf, &kn);
    const double *ys = ws->sets[kn].y;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    for (int q = 2; q <= 3; q++) {
        double t = 0.25 * q, atoms, *y = ws->ytmp, *x = ws->xtmp;
        for (size_t i = 0; i < pi->nc; i++) y[i] = ys[i] + t * (yf[i] - ys[i]);
        lqi_eq_composition(ws, p, y, NULL, x, &atoms);
        if (!(atoms > 1e-12) || atoms < pi->atoms_floor) continue;
        lq_status st = ws->m.eval(ws->m.ctx, p, y, LQ_EVAL_G, &ev);
        if (st != LQ_OK) return st;
        double D = ev.G / atoms;
        for (size_t c = 0; c < nc; c++) D -= ws->mu[c] * x[c];
        if (D > t * dbest + 1e-9 * fabs(ev.G / atoms) + 1e-6) {
            *far = 1;
            *jbest = jf;
            return LQ_OK;
        }
    }
    return LQ_OK;
}

/*
 * Global check at ws->mu: every sample's driving force g - mu.x, and, for each phase whose best
 * sample lies within RT/20 of the hyperplane but which is not among the sets (or whose best sample
 * is far from its sets: a possible second composition set), a local minimisation of the driving
 * force from that sample, which finds dips narrower than the sample spacing (e.g. a solid solution
 * just below its eutectic). Returns 1, with ws->viol_phase / ws->viol_y set, when a point lies
 * below the hyperplane by more than 1e-9 |g| + 1e-6 J/mol (rounding of G and mu.x); 0 if none;
 * -1 with *st set when an evaluation failed.
 */
static int global_violation(lq_eq_ws *ws, lq_status *st) {
    size_t np = ws->m.nphase;
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * ws->T;
    double dmin = 0.0;
    int found = 0;
    *st = LQ_OK;
    for (size_t p = 0; p < np; p++) {
        const lqi_eq_pinfo *pi = &ws->pi[p];
        double pbest = HUGE_VAL, dfar = 0.05 * RT;
        size_t jbest = pi->sample0, jfar = ws->ns;
        if (pi->nsample == 0) continue;
        /* one pass for the best sample and far_basin's best sample far from the sets of p (only
         * when p has sets and free constituents: else far_basin does not look at it) */
        int has_set = set_dist(ws, p, ws->s_y + pi->sample0 * ws->maxc, NULL) != HUGE_VAL;
        int want_far = pi->nfree > 0 && has_set;
        double bound;
        if (lqi_eq_samples_stale(ws, p, &bound)) {
            /* energies still at the saved parameters: a phase without sets whose samples lie
             * above the hyperplane by more than RT/20 (the most this check acts on) even after
             * the largest change the new parameters can make does nothing below, whatever its
             * updated energies; otherwise they are updated first */
            if (!has_set) {
                if (!lqi_eq_samples_stale_min(ws, p, &pbest))
                    lqi_eq_scan_phase(ws, p, 0, &pbest, &jbest, &dfar, &jfar);
                if (pbest - bound > 0.05 * RT + 1e-9 * fabs(pbest) + 1e-6) continue;
                pbest = HUGE_VAL;
                jbest = pi->sample0;
            }
        }
        /* in a binary, only the bins of samples that may lie within RT/20 of the hyperplane are
         * updated and scanned (the same outputs); else, or when none of those does, all */
        int binned = lqi_eq_samples_scan_binned(ws, p, want_far, 0.05 * RT, &pbest, &jbest, &dfar,
                                                &jfar, st);
        if (binned < 0) return -1;
        if (binned == 2) continue; /* every sample above RT/20: as pbest > 0.05 RT below */
        if (!binned) {
            *st = lqi_eq_samples_fresh(ws, p);
            if (*st != LQ_OK) return -1;
            lqi_eq_scan_phase(ws, p, want_far, &pbest, &jbest, &dfar, &jfar);
        }
        double gbest = pbest == HUGE_VAL ? 0.0 : ws->s_g[jbest];
        double tol = 1e-9 * fabs(gbest) + 1e-6;
        if (pbest < -tol) {
            if (pbest < dmin) {
                dmin = pbest;
                ws->viol_phase = p;
                memcpy(ws->viol_y, ws->s_y + jbest * ws->maxc, pi->nc * sizeof *ws->viol_y);
                found = 1;
            }
            continue;
        }
        if (pi->nfree == 0 || pbest > 0.05 * RT) continue;
        int far = 0;
        lq_status fst = far_basin(ws, p, jfar, dfar, &jbest, &far);
        if (fst != LQ_OK) {
            *st = fst;
            return -1;
        }
        if (!far) continue;
        lqi_eq_set *s = &ws->sets[ws->maxsets];
        s->phase = p;
        memcpy(s->y, ws->s_y + jbest * ws->maxc, pi->nc * sizeof *s->y);
        double d;
        *st = lqi_eq_phase_min(ws, s, 12, &d);
        if (*st != LQ_OK) return -1;
        if (d < -tol && d < dmin) {
            dmin = d;
            ws->viol_phase = p;
            memcpy(ws->viol_y, s->y, pi->nc * sizeof *ws->viol_y);
            found = 1;
        }
    }
    if (!found || dmin > -1e-3) {
        int f2 = split_violation(ws, 1e-6, &dmin, st);
        if (f2 < 0) return -1;
        found |= f2;
    }
    return found;
}

/* Remembers the refined constitutions of the current sets as extra hull points. */
static void add_extras(lq_eq_ws *ws) {
    for (size_t k = 0; k < ws->nsets && ws->nextra < ws->maxextra; k++) {
        lqi_eq_set *s = &ws->sets[k];
        size_t e = ws->nextra;
        double atoms;
        memcpy(ws->e_y + e * ws->maxc, s->y, ws->pi[s->phase].nc * sizeof *s->y);
        lqi_eq_composition(ws, s->phase, s->y, NULL, ws->e_x + e * ws->ncomp, &atoms);
        ws->e_g[e] = s->G / atoms;
        ws->e_phase[e] = s->phase;
        ws->nextra++;
    }
}

/*
 * Hull points around each refined set: every free constituent i is moved against the largest
 * constituent j of its sublattice by +-1e-4 * 2^k (k < LQI_EQ_LADDER). They let the next hull place
 * a tangent point that the coarse samples cannot resolve (e.g. a solution phase in equilibrium with
 * a phase whose best sample sits across a miscibility gap).
 */
static lq_status add_ladder(lq_eq_ws *ws, size_t phase, const double *ys) {
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    const lqi_eq_pinfo *pi = &ws->pi[phase];
    for (size_t a = 0; a < pi->nfree; a++) {
        size_t i = pi->free_idx[a], j = i;
        for (size_t b = 0; b < pi->nfree; b++)
            if (pi->free_multi[b] == pi->free_multi[a] && ys[pi->free_idx[b]] > ys[j])
                j = pi->free_idx[b];
        if (j == i || (pi->q && pi->q[i] != pi->q[j])) continue; /* keeps the charge */
        for (int sign = -1; sign <= 1; sign += 2)
            for (int l = 0; l < LQI_EQ_LADDER; l++) {
                double d = sign * 1e-4 * (double)(1 << l);
                if (ys[i] + d <= 0.0 || ys[j] - d <= 0.0) continue;
                if (ws->nextra >= ws->maxextra) return LQ_OK;
                size_t e = ws->nextra;
                double *y = ws->e_y + e * ws->maxc, atoms;
                memcpy(y, ys, pi->nc * sizeof *y);
                y[i] += d;
                y[j] -= d;
                lq_status st = ws->m.eval(ws->m.ctx, phase, y, LQ_EVAL_G, &ev);
                if (st != LQ_OK) return st;
                lqi_eq_composition(ws, phase, y, NULL, ws->e_x + e * ws->ncomp, &atoms);
                if (!(atoms > 1e-12) || atoms < pi->atoms_floor || !isfinite(ev.G)) continue;
                ws->e_g[e] = ev.G / atoms;
                ws->e_phase[e] = phase;
                ws->nextra++;
            }
    }
    return LQ_OK;
}

/* Ladders around each refined set and around the violating point (whose neighbourhood places the
 * tangent point of a phase the Newton from a coarse start lost, e.g. FCC beside the liquid). */
static lq_status add_local_extras(lq_eq_ws *ws) {
    for (size_t k = 0; k < ws->nsets; k++) {
        lq_status st = add_ladder(ws, ws->sets[k].phase, ws->sets[k].y);
        if (st != LQ_OK) return st;
    }
    return add_ladder(ws, ws->viol_phase, ws->viol_y);
}

static lq_status check_common(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                              const lq_eq_result *res, lq_diag *diag) {
    if (!ws || !x || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "equilibrium: NULL argument");
    if (ncomp != ws->ncomp || res->ncomp != ws->ncomp)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "x",
                            "equilibrium: %zu mole fractions given, the system has %zu components",
                            ncomp, ws->ncomp);
    if (!(T > 0.0) || !isfinite(T))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "temperature %g K is not > 0", T);
    double sum = 0.0;
    for (size_t c = 0; c < ncomp; c++) {
        if (!(x[c] > 0.0) || !(x[c] < 1.0 || ncomp == 1))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                "x(%s) = %g: every component of the system needs 0 < x < 1 "
                                "(leave absent components out of the system)",
                                ws->sys ? lq_system_component_name(ws->sys, c) : "?", x[c]);
        sum += x[c];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x", "mole fractions sum to %.12g, not 1", sum);
    for (size_t c = 0; c < ncomp; c++) ws->x0[c] = x[c] / sum;
    for (size_t k = 0; k < ws->ngauge; k++) {
        /* the part of x0 outside the phases' span: 1e-9 is far above rounding (1e-16) and far
         * below any intended excess */
        double v = 0.0;
        for (size_t c = 0; c < ncomp; c++) v += ws->gV[k * ncomp + c] * ws->x0[c];
        if (fabs(v) > 1e-9)
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x",
                                "composition outside what the phases can form: it is %.3g off "
                                "their span (%zu direction(s) of the components no phase holds, "
                                "e.g. a metal excess over salts of neutral ions only)",
                                fabs(v), ws->ngauge);
    }
    return LQ_OK;
}

/* Appends the violating point (ws->viol_phase, ws->viol_y) as an extra hull point. */
static lq_status add_violation_extra(lq_eq_ws *ws) {
    if (ws->nextra >= ws->maxextra) return LQ_OK;
    size_t e = ws->nextra, p = ws->viol_phase;
    lq_phase_eval ev;
    memset(&ev, 0, sizeof ev);
    lq_status st = ws->m.eval(ws->m.ctx, p, ws->viol_y, LQ_EVAL_G, &ev);
    if (st != LQ_OK) return st;
    double atoms;
    memcpy(ws->e_y + e * ws->maxc, ws->viol_y, ws->pi[p].nc * sizeof *ws->e_y);
    lqi_eq_composition(ws, p, ws->viol_y, NULL, ws->e_x + e * ws->ncomp, &atoms);
    ws->e_g[e] = ev.G / atoms;
    ws->e_phase[e] = p;
    ws->nextra++;
    return LQ_OK;
}

/*
 * Equilibrium at ws->T, composition ws->x0. Round 0: hull of all samples, Newton from its basis.
 * When a sample lies below the solution's hyperplane, rounds alternate between (even) a new hull
 * of all samples plus the refined sets and the violating point, and (odd) adding the violating
 * point as a new composition set of amount 0 (or, when the phase rule leaves no room, a hull of
 * the refined points plus the violating one, which chooses the phases to keep); Newton again
 * after each. The first helps when Newton crossed into the wrong basin of a phase with a
 * miscibility gap, the second when the samples are too coarse to place a tangent point.
 */
static lq_status solve_fixed(lq_eq_ws *ws, double *resid) {
    lq_status st = ws->m.set_TP(ws->m.ctx, ws->T, ws->opt.P);
    if (st == LQ_OK) st = lqi_eq_samples_eval(ws, ws->T);
    if (st != LQ_OK) return st;
    ws->nextra = 0;
    ws->free_kind = LQI_FREE_NONE;
    st = lqi_eq_hull(ws, ws->x0, 0);
    if (st != LQ_OK) return st;
    st = sets_from_hull(ws, 0);
    for (int round = 0; round < LQI_EQ_MAX_ROUNDS; round++) {
        ws->rounds = round + 1;
        /* after the first round, each set first moves to its own tangent point at the current
         * potentials (local minimum of its driving force): Newton then starts near the solution
         * instead of at hull points that may sit across a tie-line from it (e.g. FCC beside the
         * liquid of Cr-Fe-Ni at 1700 K, dropped again and again from the raw start) */
        for (size_t k = 0; st == LQ_OK && round > 0 && k < ws->nsets; k++) {
            double dk;
            if (ws->pi[ws->sets[k].phase].nfree > 0)
                st = lqi_eq_phase_min(ws, &ws->sets[k], 12, &dk);
        }
        if (st == LQ_OK) st = lqi_eq_newton(ws, resid);
        if (st == LQ_ESINGULAR && round == 0) {
            /* degenerate basis (x0 at a stoichiometric composition): keep zero-weight points */
            st = sets_from_hull(ws, 1);
            if (st == LQ_OK) st = lqi_eq_newton(ws, resid);
        }
        if ((st == LQ_ESINGULAR || st == LQ_ENOCONV) && round + 1 < LQI_EQ_MAX_ROUNDS) {
            /* Newton lost its way from this start (e.g. a tie-line between samples far from its
             * ends): ladders of hull points around the start's points (the basis of the last
             * hull) resolve it finer, and Newton restarts from the new hull */
            st = LQ_OK;
            size_t np = ws->ns + ws->nextra, nb = 0, bj[64];
            for (size_t i = 0; i < ws->ncomp && nb < 64; i++)
                if (ws->basis[i] < np) bj[nb++] = ws->basis[i];
            for (size_t b = 0; b < nb && st == LQ_OK; b++)
                st = add_ladder(ws, pt_phase(ws, bj[b]), pt_y(ws, bj[b]));
            if (st == LQ_OK) st = lqi_eq_hull(ws, ws->x0, 0);
            if (st == LQ_OK) st = sets_from_hull(ws, 0);
            continue;
        }
        if (st != LQ_OK) return st == LQ_ESINGULAR ? LQ_ENOCONV : st;
        int v = global_violation(ws, &st);
        if (v < 0) return st;
        if (v == 0) return LQ_OK;
        if (round % 2 == 0) {
            /* the refined sets and the violating point join all samples in a new hull */
            add_extras(ws);
            st = add_violation_extra(ws);
            if (st == LQ_OK) st = add_local_extras(ws);
            if (st == LQ_OK) st = lqi_eq_hull(ws, ws->x0, 0);
            if (st == LQ_OK) st = sets_from_hull(ws, 0);
        } else if (ws->nsets < ws->ncomp) {
            lqi_eq_set *s = &ws->sets[ws->nsets++];
            s->phase = ws->viol_phase;
            memcpy(s->y, ws->viol_y, ws->pi[s->phase].nc * sizeof *s->y);
            s->N = 0.0;
            s->fixed_zero = 0;
        } else {
            add_extras(ws);
            st = add_violation_extra(ws);
            if (st == LQ_OK) st = lqi_eq_hull(ws, ws->x0, 1);
            if (st == LQ_OK) st = sets_from_hull(ws, 1);
        }
    }
    return LQ_ENOCONV;
}

lq_status lq_eq_solve(lq_eq_ws *ws, double T, const double *x, size_t ncomp, lq_eq_result *res,
                      lq_diag *diag) {
    lq_status st = check_common(ws, T, x, ncomp, res, diag);
    if (st != LQ_OK) return st;
    ws->T = T;
    ws->iters = 0;
    double resid = 0.0;
    st = solve_fixed(ws, &resid);
    if (st == LQ_OK) st = fill_result(ws, res, resid);
    if (st == LQ_ENOCONV)
        return lqi_diag_set(diag, st, NULL, 0, NULL, "equilibrium at T = %g K did not converge", T);
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, NULL, "equilibrium at T = %g K: %s", T,
                            lq_status_str(st));
    return LQ_OK;
}

/*
 * Warm start: Newton from the phases, constitutions, amounts and chemical potentials of `start`
 * (an earlier equilibrium of this workspace, e.g. at nearby parameter values), accepted only when
 * it converges and the global check that ends every solve of solve_fixed finds no sample (nor
 * locally minimised constitution) below the hyperplane. Anything else falls back to lq_eq_solve,
 * so the result is an equilibrium that the global path accepts as well.
 */
/* Loads `start` into the sets and potentials of ws at T, x (warm starts); 0 when it cannot be
 * used there, -1 on *st (the argument checks of lq_eq_solve or the model). */
static int load_start(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                      const lq_eq_result *start, lq_eq_result *res, lq_status *st) {
    int usable = start && start != res && start->n_phases > 0 && start->ncomp == ncomp && ws &&
                 start->n_phases <= ws->maxsets && start->n_phases <= ws->ncomp;
    for (size_t k = 0; usable && k < start->n_phases; k++)
        usable = !start->phases[k].fixed_zero && start->phases[k].phase < ws->m.nphase &&
                 start->phases[k].moles_per_formula > 0.0 && start->phases[k].amount >= 0.0;
    if (!usable) return 0;
    *st = check_common(ws, T, x, ncomp, res ? res : start, NULL);
    if (*st != LQ_OK) return -1;
    ws->T = T;
    ws->iters = 0;
    *st = ws->m.set_TP(ws->m.ctx, ws->T, ws->opt.P);
    if (*st != LQ_OK) return 0;
    ws->nextra = 0;
    ws->free_kind = LQI_FREE_NONE;
    ws->nsets = start->n_phases;
    for (size_t k = 0; k < start->n_phases; k++) {
        const lq_eq_phase *ph = &start->phases[k];
        lqi_eq_set *s = &ws->sets[k];
        s->phase = ph->phase;
        memcpy(s->y, ph->y, ws->pi[ph->phase].nc * sizeof *s->y);
        s->N = ph->amount / ph->moles_per_formula;
        s->fixed_zero = 0;
    }
    memcpy(ws->mu, start->mu, ws->ncomp * sizeof *ws->mu);
    lqi_eq_gauge_mu(ws, ws->mu);
    return 1;
}

void lqi_eq_lu_free(lqi_eq_lu *lu) {
    if (!lu) return;
    lqi_free(lu->J);
    lqi_free(lu->piv);
    lqi_free(lu->phase);
    lqi_free(lu->rows);
    lqi_free(lu->y);
    lqi_free(lu->idx);
    lqi_free(lu);
}

lq_status lqi_eq_warm_lu(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                         const lq_eq_result *start, lqi_eq_lu **lu) {
    if (!lu) return LQ_EINVAL;
    *lu = NULL;
    lq_status st = LQ_OK;
    int ld = load_start(ws, T, x, ncomp, start, NULL, &st);
    if (ld < 0) return st;
    if (ld == 0) return st != LQ_OK ? st : LQ_EINVAL;
    return lqi_eq_newton_factor(ws, lu);
}

lq_status lqi_eq_solve_warm(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                            const lq_eq_result *start, lq_eq_result *res) {
    return lqi_eq_solve_warm_lu(ws, T, x, ncomp, start, NULL, res);
}

lq_status lqi_eq_solve_warm_lu(lq_eq_ws *ws, double T, const double *x, size_t ncomp,
                               const lq_eq_result *start, const lqi_eq_lu *lu, lq_eq_result *res) {
    lq_status st = LQ_OK;
    int ld = load_start(ws, T, x, ncomp, start, res, &st);
    if (ld < 0) return st;
    if (ld == 0) return lq_eq_solve(ws, T, x, ncomp, res, NULL);
    /* samples loaded at T (lqi_eq_samples_load) stay as they are: the global check updates the
     * phases it needs (global_violation) */
    if (ws->s_T != ws->T) st = lqi_eq_samples_eval(ws, ws->T);
    if (st != LQ_OK) return lq_eq_solve(ws, T, x, ncomp, res, NULL);
    ws->warm_lu = lu;
    ws->rounds = 1;
    double resid = 0.0;
    st = lqi_eq_newton(ws, &resid);
    int v = st == LQ_OK ? global_violation(ws, &st) : -1;
    if (v == 1 && st == LQ_OK) {
        /* a point below the warm solution's hyperplane (e.g. a phase that appears at the new
         * parameters): one more try as the odd rounds of solve_fixed do, before the global path
         * from the start: the point as a new set of amount 0 or, when the phase rule leaves no
         * room, the sets from a hull of the refined points and the violating one */
        ws->rounds = 2;
        if (ws->nsets < ws->ncomp) {
            lqi_eq_set *s = &ws->sets[ws->nsets++];
            s->phase = ws->viol_phase;
            memcpy(s->y, ws->viol_y, ws->pi[s->phase].nc * sizeof *s->y);
            s->N = 0.0;
            s->fixed_zero = 0;
        } else {
            add_extras(ws);
            st = lqi_eq_samples_fresh_all(ws); /* the hull reads every sample */
            if (st == LQ_OK) st = add_violation_extra(ws);
            if (st == LQ_OK) st = lqi_eq_hull(ws, ws->x0, 1);
            if (st == LQ_OK) st = sets_from_hull(ws, 1);
        }
        if (st == LQ_OK) st = lqi_eq_newton(ws, &resid);
        v = st == LQ_OK ? global_violation(ws, &st) : -1;
    }
    if (v == 0 && st == LQ_OK && fill_result(ws, res, resid) == LQ_OK) return LQ_OK;
    return lq_eq_solve(ws, T, x, ncomp, res, NULL);
}

/* The sample of phase p with the lowest driving force against ws->mu (at the samples' T). */
static size_t best_sample(const lq_eq_ws *ws, size_t p) {
    const lqi_eq_pinfo *pi = &ws->pi[p];
    size_t best = pi->sample0, nc = ws->ncomp;
    double dmin = HUGE_VAL;
    for (size_t j = pi->sample0; j < pi->sample0 + pi->nsample; j++) {
        double d = ws->s_g[j];
        for (size_t c = 0; c < nc; c++) d -= ws->mu[c] * ws->s_x[j * nc + c];
        if (d < dmin) {
            dmin = d;
            best = j;
        }
    }
    return best;
}

/* Shared outer loop of the solvers with T or one mole fraction unknown. */
static lq_status solve_free_from(lq_eq_ws *ws, int kind, size_t zero_phase, lq_eq_result *res) {
    lq_status st = LQ_ENOCONV;
    double resid = 0.0;
    for (int outer = 0; outer < LQI_EQ_MAX_OUTER; outer++) {
        st = solve_fixed(ws, &resid);
        if (st != LQ_OK) break;
        for (size_t k = ws->nsets; k-- > 0;)
            if (ws->sets[k].phase == zero_phase) {
                /* swap the slot to the end so that every slot keeps its own buffers */
                lqi_eq_set t = ws->sets[k];
                ws->sets[k] = ws->sets[ws->nsets - 1];
                ws->sets[ws->nsets - 1] = t;
                ws->nsets--;
            }
        if (ws->nsets == 0 || ws->nsets >= ws->maxsets) {
            st = LQ_ENOCONV;
            break;
        }
        size_t j = best_sample(ws, zero_phase);
        lqi_eq_set *z = &ws->sets[ws->nsets];
        memcpy(z->y, ws->s_y + j * ws->maxc, ws->pi[zero_phase].nc * sizeof *z->y);
        z->phase = zero_phase;
        z->N = 0.0;
        z->fixed_zero = 1;
        ws->nsets++;
        ws->free_kind = kind;
        double before = kind == LQI_FREE_T ? ws->T : ws->x0[ws->free_comp];
        st = lqi_eq_newton(ws, &resid);
        ws->free_kind = LQI_FREE_NONE;
        if (st != LQ_OK) {
            st = LQ_ENOCONV;
            break;
        }
        if (kind == LQI_FREE_T) {
            st = lqi_eq_samples_eval(ws, ws->T);
            if (st != LQ_OK) break;
        }
        int bad = global_violation(ws, &st);
        if (bad < 0) break;
        double after = kind == LQI_FREE_T ? ws->T : ws->x0[ws->free_comp];
        if (!bad) {
            st = fill_result(ws, res, resid);
            break;
        }
        st = LQ_ENOCONV;
        if (fabs(after - before) < 1e-14 * fabs(before)) break; /* no progress */
    }
    return st;
}

/* Sets the free variable (T, or x of free_comp balanced by dep_comp) to v. */
static void set_free(lq_eq_ws *ws, int kind, double v, double tot) {
    if (kind == LQI_FREE_T) {
        ws->T = v;
    } else {
        ws->x0[ws->free_comp] = v;
        ws->x0[ws->dep_comp] = tot - v;
    }
}

/* 1 when zero_phase is present with a positive amount at the current conditions, 0 when absent,
 * -1 when no equilibrium was found. */
static int phase_present(lq_eq_ws *ws, size_t zero_phase) {
    double resid;
    if (solve_fixed(ws, &resid) != LQ_OK) return -1;
    for (size_t k = 0; k < ws->nsets; k++)
        if (ws->sets[k].phase == zero_phase && ws->sets[k].N > 0.0) return 1;
    return 0;
}

/*
 * Newton from the start value; when that fails (typically because the phases at the start cannot
 * hold the zero phase's boundary, e.g. the liquid sought from above its appearance), the boundary
 * is bracketed by fixed equilibria at start +- 5 * 2^k K (or +- a growing fraction of the room
 * left to x), narrowed by bisection to 1e-3 K (or 1e-9 in x), and Newton restarts from the side
 * where the phase is absent.
 */
static lq_status solve_free(lq_eq_ws *ws, int kind, size_t zero_phase, lq_eq_result *res) {
    ws->iters = 0;
    double v0 = kind == LQI_FREE_T ? ws->T : ws->x0[ws->free_comp];
    double tot = kind == LQI_FREE_T ? 0.0 : ws->x0[ws->free_comp] + ws->x0[ws->dep_comp];
    lq_status st = solve_free_from(ws, kind, zero_phase, res);
    if (st == LQ_OK) return st;
    set_free(ws, kind, v0, tot);
    int p0 = phase_present(ws, zero_phase);
    if (p0 < 0) return LQ_ENOCONV;
    double va = v0, vb = v0;
    int pb = p0, found = 0;
    for (int k = 0; k < 10 && !found; k++) {
        for (int sign = 1; sign >= -1 && !found; sign -= 2) {
            double v;
            if (kind == LQI_FREE_T) {
                v = v0 + sign * 5.0 * (double)(1 << k);
                if (v <= 1.0) continue;
            } else {
                double f = (double)(1 << k) / 1024.0;
                v = sign > 0 ? v0 + f * (tot - v0) : v0 - f * v0;
                if (!(v > 0.0 && v < tot)) continue;
            }
            set_free(ws, kind, v, tot);
            int p = phase_present(ws, zero_phase);
            if (p >= 0 && p != p0) {
                vb = v;
                pb = p;
                found = 1;
            }
        }
    }
    if (!found) return LQ_ENOCONV;
    double tolv = kind == LQI_FREE_T ? 1e-3 : 1e-9 * tot;
    for (int it = 0; it < 60 && fabs(vb - va) > tolv; it++) {
        double vm = 0.5 * (va + vb);
        set_free(ws, kind, vm, tot);
        int p = phase_present(ws, zero_phase);
        if (p < 0) return LQ_ENOCONV;
        if (p == p0)
            va = vm;
        else
            vb = vm;
    }
    set_free(ws, kind, p0 == 0 ? va : vb, tot);
    (void)pb;
    return solve_free_from(ws, kind, zero_phase, res);
}

lq_status lq_eq_solve_T(lq_eq_ws *ws, double T_guess, const double *x, size_t ncomp,
                        size_t zero_phase, lq_eq_result *res, lq_diag *diag) {
    lq_status st = check_common(ws, T_guess, x, ncomp, res, diag);
    if (st != LQ_OK) return st;
    if (zero_phase >= ws->m.nphase)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "phase", "phase index %zu out of range",
                            zero_phase);
    ws->T = T_guess;
    st = solve_free(ws, LQI_FREE_T, zero_phase, res);
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, NULL, "temperature of zero %s from %g K: %s",
                            ws->m.phases[zero_phase].name, T_guess, lq_status_str(st));
    return LQ_OK;
}

lq_status lq_eq_solve_x(lq_eq_ws *ws, double T, const double *x_guess, size_t ncomp,
                        size_t free_comp, size_t zero_phase, lq_eq_result *res, lq_diag *diag) {
    lq_status st = check_common(ws, T, x_guess, ncomp, res, diag);
    if (st != LQ_OK) return st;
    if (zero_phase >= ws->m.nphase || free_comp >= ws->ncomp || ws->ncomp < 2)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "phase or component index out of range (or a unary system)");
    size_t dep = free_comp == 0 ? 1 : 0;
    for (size_t c = 0; c < ws->ncomp; c++)
        if (c != free_comp && ws->x0[c] > ws->x0[dep]) dep = c;
    for (size_t k = 0; k < ws->ngauge; k++)
        if (fabs(ws->gV[k * ws->ncomp + free_comp] - ws->gV[k * ws->ncomp + dep]) > 1e-12)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "free_comp",
                                "exchanging component %zu for %zu leaves the compositions the "
                                "phases can form (see Gauge in docs/equilibrium.md)",
                                free_comp, dep);
    ws->free_comp = free_comp;
    ws->dep_comp = dep;
    ws->nfx = 1;
    memset(ws->fx_dir, 0, ws->ncomp * sizeof *ws->fx_dir);
    ws->fx_dir[free_comp] = 1.0;
    ws->fx_dir[dep] = -1.0;
    ws->T = T;
    st = solve_free(ws, LQI_FREE_X, zero_phase, res);
    if (st != LQ_OK)
        return lqi_diag_set(diag, st, NULL, 0, NULL, "composition of zero %s at %g K: %s",
                            ws->m.phases[zero_phase].name, T, lq_status_str(st));
    return LQ_OK;
}

/* ---------------------------------------------------------------- reference states, activity */
lq_status lq_eq_reference_G(lq_eq_ws *ws, double T, size_t comp, size_t ref_phase, double *G_ref,
                            double *H_ref, double *S_ref, double *Cp_ref, lq_diag *diag) {
    if (!ws || !G_ref || comp >= ws->ncomp || ref_phase >= ws->m.nphase)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "reference state: bad argument");
    if (!(T > 0.0) || !isfinite(T))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "T", "temperature %g K is not > 0", T);
    const lq_phase_info *in = &ws->m.phases[ref_phase];
    const lqi_eq_pinfo *pi = &ws->pi[ref_phase];
    size_t nc = ws->ncomp, n = in->n_constituents, nsub = in->n_sublattices;
    lq_status st = ws->m.set_TP(ws->m.ctx, T, ws->opt.P);
    if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, "T", "cannot evaluate at %g K", T);
    ws->T = T;
    /* end members: one constituent per sublattice, enumerated with a mixed-radix counter */
    size_t pick[64] = {0}, first[64], cnt[64] = {0};
    for (size_t i = 0; i < n; i++) cnt[in->sublattice_of[i]]++;
    for (size_t s = 0; s < nsub; s++) first[s] = s == 0 ? 0 : first[s - 1] + cnt[s - 1];
    double best = HUGE_VAL, bH = 0.0, bS = 0.0, bCp = 0.0;
    double *y = ws->ytmp, *M = ws->mutmp;
    for (;;) {
        for (size_t i = 0; i < n; i++) y[i] = 0.0;
        for (size_t s = 0; s < nsub; s++) y[first[s] + pick[s]] = 1.0;
        double atoms;
        lqi_eq_composition(ws, ref_phase, y, M, NULL, &atoms);
        int pure = atoms > 1e-12 && M[comp] > 1e-12;
        for (size_t c = 0; c < nc; c++)
            if (c != comp && fabs(M[c]) > 1e-12) pure = 0;
        if (pure) {
            lq_phase_eval ev;
            memset(&ev, 0, sizeof ev);
            st = ws->m.eval(ws->m.ctx, ref_phase, y, LQ_EVAL_G | LQ_EVAL_DT, &ev);
            if (st != LQ_OK) return lqi_diag_set(diag, st, NULL, 0, in->name, "evaluation failed");
            double g = ev.G / atoms;
            if (g < best) {
                best = g;
                bS = -ev.dG_dT / atoms;
                bH = g + T * bS;
                bCp = -T * ev.d2G_dT2 / atoms;
            }
        }
        size_t s = 0;
        while (s < nsub && ++pick[s] == cnt[s]) pick[s++] = 0;
        if (s == nsub) break;
    }
    (void)pi;
    if (!isfinite(best))
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, in->name,
                            "phase %s has no end member of pure component %zu", in->name, comp);
    *G_ref = best;
    if (H_ref) *H_ref = bH;
    if (S_ref) *S_ref = bS;
    if (Cp_ref) *Cp_ref = bCp;
    return LQ_OK;
}

lq_status lq_eq_activity(lq_eq_ws *ws, const lq_eq_result *res, size_t comp, size_t ref_phase,
                         double *a, double *ln_a, lq_diag *diag) {
    if (!ws || !res || !a || comp >= ws->ncomp || res->ncomp != ws->ncomp)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "activity: bad argument");
    if (ws->ngauge > 0)
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, NULL,
                            "activity of component %zu is not defined: the phases span only %zu "
                            "of the %zu component directions (see Gauge in docs/equilibrium.md)",
                            comp, ws->ncomp - ws->ngauge, ws->ncomp);
    double g;
    lq_status st = lq_eq_reference_G(ws, res->T, comp, ref_phase, &g, NULL, NULL, NULL, diag);
    if (st != LQ_OK) return st;
    double la = (res->mu[comp] - g) / (LQ_GAS_CONSTANT_J_PER_MOL_K * res->T);
    *a = exp(la);
    if (ln_a) *ln_a = la;
    return LQ_OK;
}

lq_status lq_eq_reference_stable(lq_eq_ws *ws, double T, size_t comp, size_t *phase, double *G_ref,
                                 lq_diag *diag) {
    if (!ws || !phase || comp >= ws->ncomp)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "reference state: bad argument");
    double best = HUGE_VAL;
    size_t bp = ws->m.nphase;
    for (size_t p = 0; p < ws->m.nphase; p++) {
        double g;
        lq_status st = lq_eq_reference_G(ws, T, comp, p, &g, NULL, NULL, NULL, diag);
        if (st == LQ_ENOTFOUND) continue;
        if (st != LQ_OK) return st;
        if (g < best) {
            best = g;
            bp = p;
        }
    }
    if (bp == ws->m.nphase)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, NULL, "no phase holds pure component %zu",
                            comp);
    if (diag) lq_diag_clear(diag);
    *phase = bp;
    if (G_ref) *G_ref = best;
    return LQ_OK;
}

/* ---------------------------------------------------------------- for conditions.c */
lq_status lqi_eq_check_x(lq_eq_ws *ws, double T, const double *x, size_t ncomp, lq_eq_result *res,
                         lq_diag *diag) {
    return check_common(ws, T, x, ncomp, res, diag);
}
lq_status lqi_eq_solve_fixed(lq_eq_ws *ws, double *resid) { return solve_fixed(ws, resid); }
int lqi_eq_global_violation(lq_eq_ws *ws, lq_status *st) { return global_violation(ws, st); }
lq_status lqi_eq_fill_result(lq_eq_ws *ws, lq_eq_result *res, double resid) {
    return fill_result(ws, res, resid);
}
size_t lqi_eq_best_sample(const lq_eq_ws *ws, size_t p) { return best_sample(ws, p); }
