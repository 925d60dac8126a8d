/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Analytic binary phase models with exact derivatives for the solver tests. */
#include <math.h>
#include <string.h>

#include "analytic.h"
#include "liquidus/units.h"

static lq_status ta_set_TP(void *ctx, double T, double P) {
    (void)P;
    if (!(T > 0.0)) return LQ_EDOM;
    ((ta_model *)ctx)->T = T;
    return LQ_OK;
}

static double xlogx(double y) { return y * log(y < 1e-300 ? 1e-300 : y); }
static double logf_(double y) { return log(y < 1e-300 ? 1e-300 : y); }

static lq_status ta_eval(void *ctx, size_t p, const double *y, unsigned what, lq_phase_eval *o) {
    ta_model *t = ctx;
    const ta_phase *ph = &t->ph[p];
    double T = t->T, R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    if (ph->compound) {
        o->G =
            ph->p * (ph->gA0 + ph->gA1 * T) + ph->q * (ph->gB0 + ph->gB1 * T) + ph->d0 + ph->d1 * T;
        o->dG_dT = ph->p * ph->gA1 + ph->q * ph->gB1 + ph->d1;
        o->d2G_dT2 = 0.0;
        size_t n = (size_t)(ph->p > 0.0) + (size_t)(ph->q > 0.0);
        if ((what & LQ_EVAL_DY) && o->dG_dy)
            for (size_t i = 0; i < n; i++) o->dG_dy[i] = o->G; /* linear in each y: G * y */
        if ((what & LQ_EVAL_DY2) && o->d2G_dy2) memset(o->d2G_dy2, 0, n * n * sizeof(double));
        if ((what & LQ_EVAL_DT) && (what & LQ_EVAL_DY) && o->d2G_dTdy)
            for (size_t i = 0; i < n; i++) o->d2G_dTdy[i] = o->dG_dT;
        return LQ_OK;
    }
    double a = y[0], b = y[1];
    if (a < 0.0 || b < 0.0) return LQ_EDOM;
    double gA = ph->gA0 + ph->gA1 * T, gB = ph->gB0 + ph->gB1 * T, L = ph->L0 + ph->L1 * T;
    o->G = a * gA + b * gB + R * T * (xlogx(a) + xlogx(b)) + a * b * L;
    o->dG_dT = a * ph->gA1 + b * ph->gB1 + R * (xlogx(a) + xlogx(b)) + a * b * ph->L1;
    o->d2G_dT2 = 0.0;
    if ((what & LQ_EVAL_DY) && o->dG_dy) {
        o->dG_dy[0] = gA + R * T * (logf_(a) + 1.0) + b * L;
        o->dG_dy[1] = gB + R * T * (logf_(b) + 1.0) + a * L;
    }
    if ((what & LQ_EVAL_DY2) && o->d2G_dy2) {
        o->d2G_dy2[0] = R * T / fmax(a, 1e-300);
        o->d2G_dy2[1] = o->d2G_dy2[2] = L;
        o->d2G_dy2[3] = R * T / fmax(b, 1e-300);
    }
    if ((what & LQ_EVAL_DT) && (what & LQ_EVAL_DY) && o->d2G_dTdy) {
        o->d2G_dTdy[0] = ph->gA1 + R * (logf_(a) + 1.0) + b * ph->L1;
        o->d2G_dTdy[1] = ph->gB1 + R * (logf_(b) + 1.0) + a * ph->L1;
    }
    return LQ_OK;
}

void ta_model_init(ta_model *t) {
    static const char *names[2] = {"A", "B"};
    for (size_t p = 0; p < t->nphase; p++) {
        lq_phase_info *in = &t->info[p];
        const ta_phase *ph = &t->ph[p];
        memset(in, 0, sizeof *in);
        in->name = ph->name;
        memset(t->comp[p], 0, sizeof t->comp[p]);
        if (!ph->compound) {
            in->n_sublattices = 1;
            t->site[p][0] = 1.0;
            in->n_constituents = 2;
            t->subl[p][0] = t->subl[p][1] = 0;
            t->comp[p][0] = 1.0; /* A: (1, 0) */
            t->comp[p][3] = 1.0; /* B: (0, 1) */
            t->cname[p][0] = names[0];
            t->cname[p][1] = names[1];
        } else {
            size_t k = 0;
            if (ph->p > 0.0) {
                t->site[p][k] = ph->p;
                t->subl[p][k] = k;
                t->comp[p][2 * k] = 1.0;
                t->cname[p][k] = names[0];
                k++;
            }
            if (ph->q > 0.0) {
                t->site[p][k] = ph->q;
                t->subl[p][k] = k;
                t->comp[p][2 * k + 1] = 1.0;
                t->cname[p][k] = names[1];
                k++;
            }
            in->n_sublattices = k;
            in->n_constituents = k;
        }
        in->site_ratio = t->site[p];
        in->sublattice_of = t->subl[p];
        in->constituent_comp = t->comp[p];
        in->constituent_name = t->cname[p];
    }
    t->m.ncomp = 2;
    t->m.nphase = t->nphase;
    t->m.phases = t->info;
    t->m.ctx = t;
    t->m.set_TP = ta_set_TP;
    t->m.eval = ta_eval;
}
