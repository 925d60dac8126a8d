/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep comparison of two ESPEI datasets for the round-trip tests (exact numbers, NaN == NaN). */
#include "ds_compare.h"

#include <math.h>
#include <string.h>

static int str_eq(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static int strv_eq(char *const *a, char *const *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!str_eq(a[i], b[i])) return 0;
    return 1;
}

/* Exact equality of numbers read back from JSON; NaN stands for null and equals NaN. */
static int num_eq(const double *a, const double *b, size_t n) {
    if (!a || !b) return a == b;
    for (size_t i = 0; i < n; i++) {
        if (isnan(a[i]) && isnan(b[i])) continue;
        if (memcmp(&a[i], &b[i], sizeof a[i]) != 0) return 0;
    }
    return 1;
}

static int conds_eq(const lq_dataset_cond *a, const lq_dataset_cond *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!str_eq(a[i].name, b[i].name) || a[i].n != b[i].n ||
            !num_eq(a[i].values, b[i].values, a[i].n))
            return 0;
    return 1;
}

static int configs_eq(const lq_dataset *a, const lq_dataset *b) {
    for (size_t i = 0; i < a->n_configs; i++) {
        const lq_dataset_config *x = &a->configs[i], *y = &b->configs[i];
        if (x->n_sublattices != y->n_sublattices) return 0;
        for (size_t s = 0; s < x->n_sublattices; s++) {
            const lq_dataset_sublattice *p = &x->sub[s], *q = &y->sub[s];
            if (p->n_species != q->n_species || p->mixing != q->mixing ||
                !strv_eq(p->species, q->species, p->n_species) ||
                !num_eq(p->occupancy, q->occupancy, p->n_species))
                return 0;
        }
    }
    return 1;
}

static int regions_eq(const lq_dataset *a, const lq_dataset *b) {
    for (size_t i = 0; i < a->n_regions; i++) {
        const lq_zpf_region *x = &a->regions[i], *y = &b->regions[i];
        if (!num_eq(&x->T, &y->T, 1) || !num_eq(&x->P, &y->P, 1) || x->n_vertices != y->n_vertices)
            return 0;
        for (size_t k = 0; k < x->n_vertices; k++) {
            const lq_zpf_vertex *p = &x->v[k], *q = &y->v[k];
            if (!str_eq(p->phase, q->phase) || p->n_comps != q->n_comps ||
                p->disordered != q->disordered || !strv_eq(p->comps, q->comps, p->n_comps) ||
                !num_eq(p->x, q->x, p->n_comps))
                return 0;
        }
    }
    return 1;
}

static int refs_eq(const lq_dataset *a, const lq_dataset *b) {
    if (a->n_ref_phases != b->n_ref_phases || a->n_ref_conds != b->n_ref_conds ||
        a->n_ref_states != b->n_ref_states ||
        !strv_eq(a->ref_phases, b->ref_phases, a->n_ref_phases) ||
        !conds_eq(a->ref_conds, b->ref_conds, a->n_ref_conds))
        return 0;
    for (size_t i = 0; i < a->n_ref_states; i++) {
        const lq_dataset_ref_state *p = &a->ref_states[i], *q = &b->ref_states[i];
        if (!str_eq(p->element, q->element) || !str_eq(p->phase, q->phase) ||
            p->n_fixed != q->n_fixed || !conds_eq(p->fixed, q->fixed, p->n_fixed))
            return 0;
    }
    return 1;
}

int ds_equal(const lq_dataset *a, const lq_dataset *b) {
    if (a->kind != b->kind || !str_eq(a->output, b->output) || a->n_components != b->n_components ||
        a->n_phases != b->n_phases || a->n_conds != b->n_conds || a->broadcast != b->broadcast ||
        !str_eq(a->solver_mode, b->solver_mode) || a->n_site_ratios != b->n_site_ratios ||
        a->n_configs != b->n_configs || memcmp(a->shape, b->shape, sizeof a->shape) != 0 ||
        a->n_regions != b->n_regions || a->n_excluded != b->n_excluded || a->n_tags != b->n_tags ||
        !num_eq(&a->weight, &b->weight, 1) || a->disabled != b->disabled ||
        !str_eq(a->reference, b->reference) || !str_eq(a->bibtex, b->bibtex) ||
        !str_eq(a->comment, b->comment))
        return 0;
    return strv_eq(a->components, b->components, a->n_components) &&
           strv_eq(a->phases, b->phases, a->n_phases) && conds_eq(a->conds, b->conds, a->n_conds) &&
           num_eq(a->site_ratios, b->site_ratios, a->n_site_ratios) && configs_eq(a, b) &&
           num_eq(a->values, b->values, a->shape[0] * a->shape[1] * a->shape[2]) && refs_eq(a, b) &&
           regions_eq(a, b) && strv_eq(a->excluded, b->excluded, a->n_excluded) &&
           strv_eq(a->tags, b->tags, a->n_tags);
}
