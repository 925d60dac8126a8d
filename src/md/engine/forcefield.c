/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's evaluator: a potential record, the shared Verlet list, threads and bookkeeping. */
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/core_internal.h"
#include "md/md_internal.h"

/*
 * The evaluator is potential-agnostic: the record (lqi_md_provider_ops) computes energies and
 * forces from the list this file keeps; this file decides when the list is rebuilt (an atom
 * moved more than half the skin, or the box changed beyond the skin), wraps positions at
 * rebuilds, and hands the record the thread count.
 */

struct lq_md_forcefield {
    lq_md_ff_options opt;
    const lqi_md_provider_ops *ops;
    void *eval;
    lqi_md_list_request req;
    size_t n_atoms;
    int nthreads;
    lqi_md_nlist nl;
    int built;
    double box[3];
};

void lq_md_ff_options_default(lq_md_ff_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->cutoff_A = 10.0;
    opt->shift = 0;
    opt->kspace = LQ_MD_KSPACE_PPPM;
    opt->accuracy = 1e-5;
    opt->pppm_order = 5;
    opt->skin_A = 2.0;
    opt->min_distance_A = 0.5;
    opt->n_threads = 0;
    opt->tabulate = 1;
}

void lq_md_forcefield_free(lq_md_forcefield *ff) {
    if (!ff) return;
    if (ff->ops && ff->eval) ff->ops->free(ff->eval);
    lqi_md_nlist_free(&ff->nl);
    lqi_free(ff);
}

static double r_list_of(const lq_md_forcefield *ff, const double box[3]) {
    /* The list radius must stay below the smallest edge (see neighbor.c). */
    double rl = ff->req.cutoff_A + ff->opt.skin_A, lmin = box[0];
    for (int d = 1; d < 3; d++)
        if (box[d] < lmin) lmin = box[d];
    if (rl > 0.999 * lmin) rl = 0.999 * lmin;
    return rl;
}

lq_status lq_md_forcefield_create_model(const lq_md_model *model, const lq_md_system *sys,
                                        const lq_md_ff_options *opt, lq_md_forcefield **out,
                                        lq_diag *diag) {
    if (!model || !model->ops || !sys || !out || sys->n_atoms < 2 || !sys->pos_A || !sys->type ||
        sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or empty system");
    lq_md_ff_options o;
    if (opt)
        o = *opt;
    else
        lq_md_ff_options_default(&o);
    if (!(o.cutoff_A > 0) || !(o.skin_A >= 0) || !(o.accuracy > 0 && o.accuracy < 1) ||
        !(o.min_distance_A >= 0) || o.pppm_order < 2 || o.pppm_order > 7 || o.g_ewald_per_A < 0 ||
        (o.kspace != LQ_MD_KSPACE_EWALD && o.kspace != LQ_MD_KSPACE_PPPM))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need cutoff > 0, skin >= 0, 0 < accuracy < 1, order 2..7");
    for (size_t i = 0; i < sys->n_atoms; i++)
        if (sys->type[i] < 0 || (size_t)sys->type[i] >= sys->n_species)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type", "atom %ld has an invalid type",
                                sys->id ? sys->id[i] : (long)i + 1);
    lq_md_forcefield *ff = lqi_calloc(1, sizeof *ff);
    if (!ff) return LQ_ENOMEM;
    ff->opt = o;
    ff->ops = model->ops;
    ff->n_atoms = sys->n_atoms;
    memcpy(ff->box, sys->box_A, sizeof ff->box);
#ifdef _OPENMP
    ff->nthreads = o.n_threads > 0 ? o.n_threads : omp_get_max_threads();
#else
    ff->nthreads = 1;
#endif
    if (ff->nthreads < 1) ff->nthreads = 1;
    if (ff->nthreads > LQI_MD_MAX_THREADS) ff->nthreads = LQI_MD_MAX_THREADS;
    lq_status st = ff->ops->create(model->data, sys, &o, &ff->eval, &ff->req, diag);
    if (st != LQ_OK) {
        ff->eval = NULL;
        lq_md_forcefield_free(ff);
        return st;
    }
    *out = ff;
    return LQ_OK;
}

lq_status lq_md_forcefield_create(const lq_md_potential *pot, const lq_md_system *sys,
                                  const lq_md_ff_options *opt, lq_md_forcefield **ff,
                                  lq_diag *diag) {
    if (!pot) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL potential");
    lq_md_model m;
    lqi_md_model_wrap_potential(pot, &m);
    return lq_md_forcefield_create_model(&m, sys, opt, ff, diag);
}

void lqi_md_forcefield_invalidate(lq_md_forcefield *ff) {
    if (ff) ff->built = 0;
}

int lqi_md_forcefield_list_state(const lq_md_forcefield *ff, const double **x_build,
                                 double box_build[3], double *r_list) {
    if (!ff || !ff->built || ff->req.cutoff_A <= 0 || !ff->nl.x_build) return 0;
    *x_build = ff->nl.x_build;
    memcpy(box_build, ff->nl.box_build, 3 * sizeof(double));
    *r_list = ff->nl.r_list;
    return 1;
}

lq_status lqi_md_forcefield_list_restore(lq_md_forcefield *ff, const lq_md_system *sys,
                                         const double *x_build, const double box_build[3],
                                         double r_list) {
    if (!ff || !sys || !x_build || sys->n_atoms != ff->n_atoms || ff->req.cutoff_A <= 0)
        return LQ_EINVAL;
    for (int d = 0; d < 3; d++)
        if (!(box_build[d] > 0)) return LQ_EINVAL;
    /* Exact comparison on purpose: the same options and box give the same bits. */
    if (r_list != r_list_of(ff, box_build)) return LQ_EINVAL;
    /* A system at the build positions: they are wrapped already, so the build's wrap leaves them
     * unchanged and the list is the one built then (the build is deterministic). */
    lq_md_system tmp;
    lq_status st = lq_md_system_alloc(&tmp, sys->n_atoms);
    if (st != LQ_OK) return st;
    tmp.n_species = sys->n_species;
    memcpy(tmp.species, sys->species, sizeof tmp.species);
    memcpy(tmp.box_A, box_build, sizeof tmp.box_A);
    memcpy(tmp.pos_A, x_build, 3 * sys->n_atoms * sizeof(double));
    memcpy(tmp.type, sys->type, sys->n_atoms * sizeof(int));
    st = lqi_md_nlist_build(&ff->nl, &tmp, r_list, ff->req.full, ff->nthreads);
    for (size_t i = 0; st == LQ_OK && i < 3 * sys->n_atoms; i++)
        if (memcmp(&tmp.pos_A[i], &x_build[i], sizeof(double)) != 0) st = LQ_EINVAL;
    lq_md_system_free(&tmp);
    ff->built = st == LQ_OK;
    return st;
}

void lq_md_forcefield_kspace_info(const lq_md_forcefield *ff, lq_md_kspace_info *info) {
    if (!ff || !info) return;
    memset(info, 0, sizeof *info);
    if (ff->ops->kspace_info) ff->ops->kspace_info(ff->eval, info);
}

lq_status lq_md_forcefield_compute_atoms(lq_md_forcefield *ff, lq_md_system *sys, double *forces,
                                         size_t n3, lq_md_energy *e, double *atom_e_eV,
                                         double *atom_virial_eV, lq_diag *diag) {
    if (!ff || !sys || sys->n_atoms != ff->n_atoms || !forces || n3 != 3 * ff->n_atoms)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "system does not match the force field");
    if ((atom_e_eV || atom_virial_eV) && !ff->ops->has_atom_terms)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, "potential",
                            "the %s potential has no per-atom energies or virials", ff->ops->name);
    int box_changed = memcmp(ff->box, sys->box_A, sizeof ff->box) != 0;
    memcpy(ff->box, sys->box_A, sizeof ff->box);
    if (ff->req.cutoff_A > 0) {
        if (!ff->built || lqi_md_nlist_stale(&ff->nl, sys, ff->opt.skin_A)) {
            lq_status st = lqi_md_nlist_build(&ff->nl, sys, r_list_of(ff, sys->box_A), ff->req.full,
                                              ff->nthreads);
            if (st != LQ_OK) {
                ff->built = 0;
                return st;
            }
            ff->built = 1;
        } else {
            lqi_md_nlist_update(&ff->nl, sys);
        }
    }
    lq_md_energy en;
    memset(&en, 0, sizeof en);
    lqi_md_frame fr = {sys, ff->req.cutoff_A > 0 ? &ff->nl : NULL, box_changed, ff->nthreads};
    lqi_md_result res = {forces, &en, atom_e_eV, atom_virial_eV};
    lq_status st = ff->ops->compute(ff->eval, &fr, &res, diag);
    if (st != LQ_OK) return st;
    if (e) *e = en;
    return LQ_OK;
}

lq_status lq_md_forcefield_compute(lq_md_forcefield *ff, lq_md_system *sys, double *forces,
                                   size_t n3, lq_md_energy *e, lq_diag *diag) {
    if (!ff || !sys || sys->n_atoms != ff->n_atoms || (forces && n3 != 3 * ff->n_atoms))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "system does not match the force field");
    if (forces) return lq_md_forcefield_compute_atoms(ff, sys, forces, n3, e, NULL, NULL, diag);
    double *f = lqi_malloc_array(3 * ff->n_atoms, sizeof *f);
    if (!f) return LQ_ENOMEM;
    lq_status st = lq_md_forcefield_compute_atoms(ff, sys, f, 3 * ff->n_atoms, e, NULL, NULL, diag);
    lqi_free(f);
    return st;
}
