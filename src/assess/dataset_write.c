/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lq_dataset -> ESPEI dataset JSON (what ESPEI 0.9.1's load_datasets accepts), written atomically.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * Numbers are written with the fewest of 15, 16 or 17 significant digits that read back to the
 * same double (cJSON's own printer accepts a one-ulp difference), so they survive a write/read
 * round trip exactly. A condition with one value is written as a scalar, as
 * ESPEI's examples write "P": 101325. Keys are written in the order of ESPEI's documentation.
 */

static cJSON *number(double v) {
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return cJSON_CreateRaw(buf);
}

static cJSON *strv(char *const *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *nums(const double *v, size_t n) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        /* NaN is a ZPF "unknown composition": JSON null */
        cJSON *x = isnan(v[i]) ? cJSON_CreateNull() : number(v[i]);
        if (!x || !cJSON_AddItemToArray(a, x)) {
            cJSON_Delete(x);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

/* Adds `item` under `k` (consumes it); 0 when out of memory. */
static int add(cJSON *obj, const char *k, cJSON *item) {
    if (!item) return 0;
    if (!cJSON_AddItemToObject(obj, k, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

static int push(cJSON *arr, cJSON *item) {
    if (!item) return 0;
    if (!cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

static cJSON *conds(const lq_dataset_cond *c, size_t n) {
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < n; i++) {
        cJSON *v = c[i].n == 1 ? number(c[i].values[0]) : nums(c[i].values, c[i].n);
        if (!add(o, c[i].name, v)) {
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

static cJSON *sublattice(const lq_dataset_sublattice *s, int occupancy) {
    if (occupancy) {
        if (!s->mixing) return number(s->occupancy[0]);
        return nums(s->occupancy, s->n_species);
    }
    if (!s->mixing) return cJSON_CreateString(s->species[0]);
    return strv(s->species, s->n_species);
}

static cJSON *solver(const lq_dataset *ds) {
    cJSON *o = cJSON_CreateObject();
    int have_occ = ds->n_configs && ds->configs[0].n_sublattices && ds->configs[0].sub[0].occupancy;
    if (!o || (ds->solver_mode && !add(o, "mode", cJSON_CreateString(ds->solver_mode))) ||
        !add(o, "sublattice_site_ratios", nums(ds->site_ratios, ds->n_site_ratios)))
        goto fail;
    for (int pass = 0; pass < 1 + have_occ; pass++) {
        cJSON *all = cJSON_CreateArray();
        if (!add(o, pass ? "sublattice_occupancies" : "sublattice_configurations", all)) goto fail;
        for (size_t i = 0; i < ds->n_configs; i++) {
            cJSON *cf = cJSON_CreateArray();
            if (!push(all, cf)) goto fail;
            for (size_t s = 0; s < ds->configs[i].n_sublattices; s++)
                if (!push(cf, sublattice(&ds->configs[i].sub[s], pass))) goto fail;
        }
    }
    return o;
fail:
    cJSON_Delete(o);
    return NULL;
}

static cJSON *zpf_values(const lq_dataset *ds) {
    cJSON *all = cJSON_CreateArray();
    for (size_t i = 0; all && i < ds->n_regions; i++) {
        cJSON *reg = cJSON_CreateArray();
        if (!push(all, reg)) goto fail;
        for (size_t k = 0; k < ds->regions[i].n_vertices; k++) {
            const lq_zpf_vertex *v = &ds->regions[i].v[k];
            cJSON *vx = cJSON_CreateArray();
            if (!push(reg, vx) || !push(vx, cJSON_CreateString(v->phase)) ||
                !push(vx, strv(v->comps, v->n_comps)) || !push(vx, nums(v->x, v->n_comps)) ||
                (v->disordered && !push(vx, cJSON_CreateString("disordered"))))
                goto fail;
        }
    }
    return all;
fail:
    cJSON_Delete(all);
    return NULL;
}

static cJSON *values3(const lq_dataset *ds) {
    cJSON *a0 = cJSON_CreateArray();
    for (size_t i = 0; a0 && i < ds->shape[0]; i++) {
        cJSON *a1 = cJSON_CreateArray();
        if (!push(a0, a1)) goto fail;
        for (size_t k = 0; k < ds->shape[1]; k++)
            if (!push(a1, nums(ds->values + (i * ds->shape[1] + k) * ds->shape[2], ds->shape[2])))
                goto fail;
    }
    return a0;
fail:
    cJSON_Delete(a0);
    return NULL;
}

static int add_ref_states(cJSON *root, const lq_dataset *ds) {
    if (ds->n_ref_phases || ds->n_ref_conds) {
        cJSON *rs = cJSON_CreateObject();
        if (!add(root, "reference_state", rs) ||
            !add(rs, "phases", strv(ds->ref_phases, ds->n_ref_phases)) ||
            !add(rs, "conditions", conds(ds->ref_conds, ds->n_ref_conds)))
            return 0;
    }
    if (!ds->n_ref_states) return 1;
    cJSON *all = cJSON_CreateObject();
    if (!add(root, "reference_states", all)) return 0;
    for (size_t i = 0; i < ds->n_ref_states; i++) {
        const lq_dataset_ref_state *r = &ds->ref_states[i];
        cJSON *o = cJSON_CreateObject();
        if (!add(all, r->element, o) || !add(o, "phase", cJSON_CreateString(r->phase))) return 0;
        if (r->n_fixed && !add(o, "fixed_state_variables", conds(r->fixed, r->n_fixed))) return 0;
    }
    return 1;
}

static int add_emf(cJSON *root, const lq_dataset *ds) {
    if (!ds->emf_element) return 1;
    cJSON *re = cJSON_CreateObject();
    if (!add(re, "name", cJSON_CreateString(ds->emf_ref_name ? ds->emf_ref_name : "")) ||
        !add(re, "a_V", number(ds->emf_ref_a_V)) ||
        !add(re, "b_V_per_K", number(ds->emf_ref_b_V_per_K))) {
        cJSON_Delete(re);
        return 0;
    }
    cJSON *o = cJSON_CreateObject();
    if (!add(root, "emf", o) || !add(o, "element", cJSON_CreateString(ds->emf_element)) ||
        !add(o, "n_electrons", number((double)ds->emf_n_electrons))) {
        cJSON_Delete(re);
        return 0;
    }
    return add(o, "reference_electrode", re);
}

static int add_tail(cJSON *root, const lq_dataset *ds) {
    if (ds->n_excluded &&
        !add(root, "excluded_model_contributions", strv(ds->excluded, ds->n_excluded)))
        return 0;
    if (ds->n_tags && !add(root, "tags", strv(ds->tags, ds->n_tags))) return 0;
    if (ds->weight != 1.0 && !add(root, "weight", number(ds->weight))) return 0;
    if (ds->disabled && !add(root, "disabled", cJSON_CreateTrue())) return 0;
    if (ds->reference && !add(root, "reference", cJSON_CreateString(ds->reference))) return 0;
    if (ds->bibtex && !add(root, "bibtex", cJSON_CreateString(ds->bibtex))) return 0;
    if (ds->comment && !add(root, "comment", cJSON_CreateString(ds->comment))) return 0;
    return 1;
}

cJSON *lqi_ds_to_json(const lq_dataset *ds) {
    cJSON *root = cJSON_CreateObject();
    if (!root || !add(root, "components", strv(ds->components, ds->n_components)) ||
        !add(root, "phases", strv(ds->phases, ds->n_phases)))
        goto fail;
    if (ds->kind == LQ_DATASET_NONEQ_THERMO && !add(root, "solver", solver(ds))) goto fail;
    if (!add_ref_states(root, ds) || !add_emf(root, ds) ||
        !add(root, "conditions", conds(ds->conds, ds->n_conds)))
        goto fail;
    /* written when it differs from the default of the kind (see assess.h), and always for ZPF
       data, as ESPEI's own ZPF datasets do */
    int dflt = ds->kind != LQ_DATASET_ZPF;
    if ((ds->kind == LQ_DATASET_ZPF || ds->broadcast != dflt) &&
        !add(root, "broadcast_conditions", cJSON_CreateBool(ds->broadcast != 0)))
        goto fail;
    if (!add(root, "output", cJSON_CreateString(ds->output)) ||
        !add(root, "values", ds->kind == LQ_DATASET_ZPF ? zpf_values(ds) : values3(ds)) ||
        !add_tail(root, ds))
        goto fail;
    return root;
fail:
    cJSON_Delete(root);
    return NULL;
}

lq_status lq_dataset_write_file(const lq_dataset *ds, const char *path, lq_diag *diag) {
    if (!ds || !path || !path[0])
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL dataset or empty path");
    lq_status st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) return st;
    cJSON *root = lqi_ds_to_json(ds);
    if (!root) return lqi_diag_set(diag, LQ_ENOMEM, path, 0, NULL, "out of memory");
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) return lqi_diag_set(diag, LQ_ENOMEM, path, 0, NULL, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n'; /* replaces the NUL: exactly n + 1 bytes are written */
    st = lq_file_write_atomic(path, text, n + 1, diag);
    cJSON_free(text);
    return st;
}
