/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI datasets: freeing, small shared helpers and the public validation entry point. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"

lq_status lqi_ds_fail(lq_diag *diag, const char *file, const char *field, const char *fmt, ...) {
    if (diag) {
        char msg[LQ_DIAG_MSG_SIZE];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        lqi_diag_set(diag, LQ_EPARSE, file, 0, field, "%s", msg);
    }
    return LQ_EPARSE;
}

void lqi_ds_field(char *buf, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, LQI_DS_FIELD, fmt, ap);
    va_end(ap);
}

const lq_dataset_cond *lqi_ds_cond_find(const lq_dataset_cond *c, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (c[i].name && strcmp(c[i].name, name) == 0) return &c[i];
    return NULL;
}

void lqi_ds_conds_free(lq_dataset_cond *c, size_t n) {
    if (!c) return;
    for (size_t i = 0; i < n; i++) {
        lqi_free(c[i].name);
        lqi_free(c[i].values);
    }
    lqi_free(c);
}

void lqi_ds_strv_free(char **v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) lqi_free(v[i]);
    lqi_free(v);
}

lq_status lqi_ds_strv_dup(const char *const *v, size_t n, char ***out) {
    char **c = lqi_calloc(n ? n : 1, sizeof *c);
    if (!c) return LQ_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        c[i] = lqi_strdup(v[i] ? v[i] : "");
        if (!c[i]) {
            lqi_ds_strv_free(c, i);
            return LQ_ENOMEM;
        }
    }
    *out = c;
    return LQ_OK;
}

lq_status lqi_ds_cond_set(lq_dataset_cond *c, const char *name, const double *v, size_t n) {
    c->name = lqi_strdup(name);
    c->values = lqi_malloc_array(n ? n : 1, sizeof *c->values);
    if (!c->name || !c->values) {
        lqi_free(c->name);
        lqi_free(c->values);
        c->name = NULL;
        c->values = NULL;
        return LQ_ENOMEM;
    }
    if (n) memcpy(c->values, v, n * sizeof *v);
    c->n = n;
    return LQ_OK;
}

static void config_free(lq_dataset_config *c) {
    for (size_t s = 0; s < c->n_sublattices; s++) {
        lqi_ds_strv_free(c->sub[s].species, c->sub[s].n_species);
        lqi_free(c->sub[s].occupancy);
    }
    lqi_free(c->sub);
}

static void region_free(lq_zpf_region *r) {
    for (size_t k = 0; k < r->n_vertices; k++) {
        lqi_free(r->v[k].phase);
        lqi_ds_strv_free(r->v[k].comps, r->v[k].n_comps);
        lqi_free(r->v[k].x);
    }
    lqi_free(r->v);
}

void lq_dataset_free(lq_dataset *ds) {
    if (!ds) return;
    lqi_free(ds->path);
    lqi_free(ds->output);
    lqi_ds_strv_free(ds->components, ds->n_components);
    lqi_ds_strv_free(ds->phases, ds->n_phases);
    lqi_ds_conds_free(ds->conds, ds->n_conds);
    lqi_free(ds->solver_mode);
    lqi_free(ds->site_ratios);
    if (ds->configs)
        for (size_t i = 0; i < ds->n_configs; i++) config_free(&ds->configs[i]);
    lqi_free(ds->configs);
    lqi_free(ds->values);
    lqi_ds_strv_free(ds->ref_phases, ds->n_ref_phases);
    lqi_ds_conds_free(ds->ref_conds, ds->n_ref_conds);
    if (ds->ref_states)
        for (size_t i = 0; i < ds->n_ref_states; i++) {
            lqi_free(ds->ref_states[i].element);
            lqi_free(ds->ref_states[i].phase);
            lqi_ds_conds_free(ds->ref_states[i].fixed, ds->ref_states[i].n_fixed);
        }
    lqi_free(ds->ref_states);
    if (ds->regions)
        for (size_t i = 0; i < ds->n_regions; i++) region_free(&ds->regions[i]);
    lqi_free(ds->regions);
    lqi_ds_strv_free(ds->excluded, ds->n_excluded);
    lqi_ds_strv_free(ds->tags, ds->n_tags);
    lqi_free(ds->emf_element);
    lqi_free(ds->emf_ref_name);
    lqi_free(ds->reference);
    lqi_free(ds->bibtex);
    lqi_free(ds->comment);
    lqi_free(ds);
}

void lq_dataset_set_free(lq_dataset_set *set) {
    if (!set) return;
    for (size_t i = 0; i < set->n; i++) lq_dataset_free(set->ds[i]);
    lqi_free(set->ds);
    lqi_free(set);
}

lq_status lq_dataset_validate(const lq_dataset *ds, lq_diag *diag) {
    if (!ds) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL dataset");
    return lqi_ds_check(ds, ds->path ? ds->path : "<dataset>", diag);
}
