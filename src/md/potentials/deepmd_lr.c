/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The DPLR record: a DeePMD-kit model plus its fixed-charge long-range baseline (a .dplr file). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/deepmd.h"
#include "md/dp/dp_internal.h"
#include "md/md_internal.h"

/* E = E_DP + E_PPPM(q) - E_DSF(q; alpha, r_c) (lq_dp_baseline; Zhang et al., J. Chem. Phys. 156
 * (2022) 124107, with fixed charges). The DP part is the deepmd record itself (its data and
 * evaluator), the baseline the evaluator of dp_baseline.c that makes the training labels, with the
 * engine's k-space solver and accuracy instead of the labels' Ewald sum. */

typedef struct lr_file {
    void *dp; /* the deepmd record's model */
    lq_dp_baseline b;
    char path[1024];
    char source[1600];
} lr_file;

typedef struct lr_eval {
    void *dp; /* the deepmd record's evaluator */
    lqi_dp_lr *lr;
    size_t n;
    double *f; /* [3n] scratch */
} lr_eval;

static int lr_claims(const char *path, const char *head, size_t n_head) {
    size_t n = strlen(path);
    (void)n_head;
    return (n >= 5 && strcmp(path + n - 5, ".dplr") == 0) ||
           strncmp(head, "liquidus-dplr", 13) == 0;
}

static void lr_model_free(void *model) {
    lr_file *lf = model;
    if (!lf) return;
    if (lf->dp) lqi_md_provider_deepmd.model_free(lf->dp);
    lqi_free(lf);
}

static lq_status lr_read(const char *path, void **model, lq_diag *diag) {
    lr_file *lf = lqi_calloc(1, sizeof *lf);
    if (!lf) return LQ_ENOMEM;
    char mpath[1024];
    lq_status st = lq_dp_baseline_read(path, &lf->b, mpath, sizeof mpath, diag);
    if (st == LQ_OK) st = lqi_md_provider_deepmd.read(mpath, &lf->dp, diag);
    if (st != LQ_OK) {
        lr_model_free(lf);
        return st;
    }
    snprintf(lf->path, sizeof lf->path, "%s", path);
    size_t u = (size_t)snprintf(lf->source, sizeof lf->source, "%s + fixed-charge baseline (%s:",
                                lqi_md_provider_deepmd.source(lf->dp), path);
    for (size_t t = 0; t < lf->b.n_types && u < sizeof lf->source; t++)
        u += (size_t)snprintf(lf->source + u, sizeof lf->source - u, " %s %+g", lf->b.type_map[t],
                              lf->b.charge_e[t]);
    if (u < sizeof lf->source)
        snprintf(lf->source + u, sizeof lf->source - u,
                 "; k-space Coulomb - DSF alpha %g /A r_c %g A)", lf->b.dsf_alpha_per_A,
                 lf->b.dsf_rcut_A);
    *model = lf;
    return LQ_OK;
}

static const char *lr_source(const void *model) { return ((const lr_file *)model)->source; }

/* The deepmd record's mapping and masses; every species needs a charge of the baseline. The
 * system's charges become the baseline's (what the model was trained with). */
static lq_status lr_apply(const void *model, lq_md_system *sys, lq_diag *diag) {
    const lr_file *lf = model;
    lq_status st = lqi_md_provider_deepmd.apply(lf->dp, sys, diag);
    const char *names[LQ_DP_BASELINE_MAX_TYPES];
    for (size_t t = 0; t < lf->b.n_types; t++) names[t] = lf->b.type_map[t];
    for (size_t t = 0; st == LQ_OK && t < sys->n_species; t++) {
        long k = lqi_md_type_map_index(names, lf->b.n_types, sys->species[t].name);
        if (k < 0)
            return lqi_diag_set(diag, LQ_ENOTFOUND, lf->path, 0, "charge",
                                "species '%s' (atom type %zu) has no charge in the baseline",
                                sys->species[t].name, t + 1);
        sys->species[t].charge_e = lf->b.charge_e[k];
    }
    return st;
}

static void lr_free(void *p) {
    lr_eval *ev = p;
    if (!ev) return;
    if (ev->dp) lqi_md_provider_deepmd.free(ev->dp);
    lqi_dp_lr_free(ev->lr);
    lqi_free(ev->f);
    lqi_free(ev);
}

static lq_status lr_create(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           void **out, lqi_md_list_request *req, lq_diag *diag) {
    const lr_file *lf = model;
    lr_eval *ev = lqi_calloc(1, sizeof *ev);
    if (!ev) return LQ_ENOMEM;
    ev->n = sys->n_atoms;
    ev->f = lqi_malloc_array(3 * sys->n_atoms, sizeof *ev->f);
    lq_status st = ev->f ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_md_provider_deepmd.create(lf->dp, sys, o, &ev->dp, req, diag);
    if (st == LQ_OK)
        st = lqi_dp_lr_create(&lf->b, sys, o->kspace, o->accuracy, o->n_threads, &ev->lr, diag);
    if (st != LQ_OK) {
        lr_free(ev);
        return st;
    }
    *out = ev;
    return LQ_OK;
}

static lq_status lr_compute(void *p, const lqi_md_frame *fr, lqi_md_result *res, lq_diag *diag) {
    lr_eval *ev = p;
    lqi_md_result r0 = {res->f, res->e, NULL, NULL};
    lq_status st = lqi_md_provider_deepmd.compute(ev->dp, fr, &r0, diag);
    double e = 0, v[6];
    if (st == LQ_OK)
        st = lqi_dp_lr_compute(ev->lr, fr->sys->pos_A, fr->sys->box_A, ev->f, &e, v, diag);
    if (st != LQ_OK) return st;
    for (size_t k = 0; k < 3 * ev->n; k++) res->f[k] += ev->f[k];
    res->e->total_eV += e;
    for (int c = 0; c < 6; c++) res->e->virial_eV[c] += v[c];
    return LQ_OK;
}

static void lr_kspace_info(const void *p, lq_md_kspace_info *info) {
    lqi_dp_lr_kspace_info(((const lr_eval *)p)->lr, info);
}

const lqi_md_provider_ops lqi_md_provider_deepmd_lr = {
    "deepmd+long-range", lr_claims, lr_read,    lr_model_free,  lr_source, lr_apply,
    lr_create,           lr_free,   lr_compute, lr_kspace_info, 0,         NULL};
