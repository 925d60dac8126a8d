/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI dataset JSON -> lq_dataset: key by key, with the JSON path of anything malformed. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * The keys and their types are those of ESPEI 0.9.1 (docs/input_data.rst, espei/datasets.py and the
 * error functions that read them). Keys ESPEI does not read are ignored, as ESPEI ignores them.
 * Type errors are reported here with the JSON path; the checks of check_dataset run afterwards on
 * the filled dataset (dataset_check.c), so built datasets get the same checks.
 */

typedef struct rd {
    const char *file;
    lq_diag *diag;
    char f[LQI_DS_FIELD];
} rd;

#define FAIL(r, ...) lqi_ds_fail((r)->diag, (r)->file, (r)->f, __VA_ARGS__)

static const cJSON *key(const cJSON *obj, const char *k) {
    return cJSON_GetObjectItemCaseSensitive(obj, k);
}

static size_t arr_n(const cJSON *a) {
    int n = cJSON_GetArraySize(a);
    return n > 0 ? (size_t)n : 0;
}

/* A string, copied; r->f names it. */
static lq_status get_str(rd *r, const cJSON *j, char **out) {
    if (!cJSON_IsString(j) || !j->valuestring) return FAIL(r, "must be a string");
    *out = lqi_strdup(j->valuestring);
    return *out ? LQ_OK : LQ_ENOMEM;
}

/* A finite number; null and non-finite values refused (ESPEI allows null only in ZPF). */
static lq_status get_num(rd *r, const cJSON *j, double *out) {
    if (cJSON_IsNull(j)) return FAIL(r, "null is only allowed for ZPF phase compositions");
    if (!cJSON_IsNumber(j)) return FAIL(r, "must be a number");
    if (!isfinite(j->valuedouble)) return FAIL(r, "not a finite number");
    *out = j->valuedouble;
    return LQ_OK;
}

/* Array of strings at `path` into (*v, *n). */
static lq_status get_strv(rd *r, const cJSON *j, const char *path, char ***v, size_t *n) {
    lqi_ds_field(r->f, "%s", path);
    if (!cJSON_IsArray(j)) return FAIL(r, "must be a list of strings");
    size_t m = arr_n(j);
    char **s = lqi_calloc(m ? m : 1, sizeof *s);
    if (!s) return LQ_ENOMEM;
    *v = s;
    *n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lqi_ds_field(r->f, "%s[%zu]", path, *n);
        lq_status st = get_str(r, e, &s[*n]);
        if (st != LQ_OK) return st;
        (*n)++;
    }
    return LQ_OK;
}

/* A number or a one-dimensional list of numbers (a condition). */
static lq_status get_cond(rd *r, const cJSON *j, const char *prefix, lq_dataset_cond *c) {
    lqi_ds_field(r->f, "%s.%s", prefix, j->string ? j->string : "");
    c->name = lqi_strdup(j->string ? j->string : "");
    if (!c->name) return LQ_ENOMEM;
    size_t m = cJSON_IsArray(j) ? arr_n(j) : 1;
    if (cJSON_IsArray(j) && m == 0) return FAIL(r, "empty list");
    c->values = lqi_malloc_array(m, sizeof *c->values);
    if (!c->values) return LQ_ENOMEM;
    if (!cJSON_IsArray(j)) {
        c->n = 1;
        return get_num(r, j, &c->values[0]);
    }
    char base[LQI_DS_FIELD];
    lqi_ds_field(base, "%s", r->f);
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lqi_ds_field(r->f, "%s[%zu]", base, c->n);
        lq_status st = get_num(r, e, &c->values[c->n]);
        if (st != LQ_OK) return st;
        c->n++;
    }
    return LQ_OK;
}

/* An object of conditions at `path`. */
static lq_status get_conds(rd *r, const cJSON *j, const char *path, lq_dataset_cond **out,
                           size_t *n) {
    lqi_ds_field(r->f, "%s", path);
    if (!cJSON_IsObject(j)) return FAIL(r, "must be an object of conditions");
    size_t m = arr_n(j);
    lq_dataset_cond *c = lqi_calloc(m ? m : 1, sizeof *c);
    if (!c) return LQ_ENOMEM;
    *out = c;
    *n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lq_status st = get_cond(r, e, path, &c[*n]);
        (*n)++;
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- solver */

/* One sublattice: "VA" or ["CU", "MG"]; `occ` is its occupancy entry (may be NULL). */
static lq_status get_sublattice(rd *r, const cJSON *j, const cJSON *occ, size_t i, size_t s,
                                lq_dataset_sublattice *out) {
    lqi_ds_field(r->f, "solver.sublattice_configurations[%zu][%zu]", i, s);
    if (cJSON_IsString(j)) {
        out->species = lqi_calloc(1, sizeof *out->species);
        if (!out->species) return LQ_ENOMEM;
        out->n_species = 1;
        lq_status st = get_str(r, j, &out->species[0]);
        if (st != LQ_OK) return st;
    } else if (cJSON_IsArray(j)) {
        char path[LQI_DS_FIELD];
        lqi_ds_field(path, "%s", r->f);
        out->mixing = 1;
        lq_status st = get_strv(r, j, path, &out->species, &out->n_species);
        if (st != LQ_OK) return st;
        lqi_ds_field(r->f, "%s", path);
        if (out->n_species == 0) return FAIL(r, "empty sublattice");
    } else {
        return FAIL(r, "must be a species name or a list of species names");
    }
    if (!occ) return LQ_OK;
    lqi_ds_field(r->f, "solver.sublattice_occupancies[%zu][%zu]", i, s);
    out->occupancy = lqi_malloc_array(out->n_species, sizeof *out->occupancy);
    if (!out->occupancy) return LQ_ENOMEM;
    if (!cJSON_IsArray(occ)) {
        /* ESPEI: a sublattice without mixing has a single occupancy (usually 1) */
        if (out->n_species != 1)
            return FAIL(r, "needs %zu site fractions, one per species", out->n_species);
        return get_num(r, occ, &out->occupancy[0]);
    }
    if (arr_n(occ) != out->n_species)
        return FAIL(r, "%zu site fractions for %zu species", arr_n(occ), out->n_species);
    size_t k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, occ) {
        lq_status st = get_num(r, e, &out->occupancy[k++]);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

static lq_status get_config(rd *r, const cJSON *j, const cJSON *occ, size_t i,
                            lq_dataset_config *out) {
    lqi_ds_field(r->f, "solver.sublattice_configurations[%zu]", i);
    if (!cJSON_IsArray(j)) return FAIL(r, "must be a list of sublattices");
    size_t m = arr_n(j);
    if (m == 0) return FAIL(r, "no sublattice");
    if (occ) {
        lqi_ds_field(r->f, "solver.sublattice_occupancies[%zu]", i);
        if (!cJSON_IsArray(occ) || arr_n(occ) != m)
            return FAIL(r, "must be a list of %zu sublattice occupancies like the configuration",
                        m);
    }
    out->sub = lqi_calloc(m, sizeof *out->sub);
    if (!out->sub) return LQ_ENOMEM;
    for (size_t s = 0; s < m; s++) {
        lq_status st =
            get_sublattice(r, cJSON_GetArrayItem(j, (int)s),
                           occ ? cJSON_GetArrayItem(occ, (int)s) : NULL, i, s, &out->sub[s]);
        out->n_sublattices = s + 1;
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

static lq_status get_solver(rd *r, const cJSON *j, lq_dataset *ds) {
    lqi_ds_field(r->f, "solver");
    if (!cJSON_IsObject(j)) return FAIL(r, "must be an object");
    const cJSON *mode = key(j, "mode"), *ratios = key(j, "sublattice_site_ratios");
    const cJSON *cfg = key(j, "sublattice_configurations"), *occ = key(j, "sublattice_occupancies");
    if (mode) {
        lqi_ds_field(r->f, "solver.mode");
        lq_status st = get_str(r, mode, &ds->solver_mode);
        if (st != LQ_OK) return st;
    }
    lqi_ds_field(r->f, "solver.sublattice_site_ratios");
    if (!cJSON_IsArray(ratios)) return FAIL(r, ratios ? "must be a list of numbers" : "missing");
    ds->site_ratios = lqi_malloc_array(arr_n(ratios) + 1, sizeof *ds->site_ratios);
    if (!ds->site_ratios) return LQ_ENOMEM;
    const cJSON *e;
    cJSON_ArrayForEach(e, ratios) {
        lqi_ds_field(r->f, "solver.sublattice_site_ratios[%zu]", ds->n_site_ratios);
        lq_status st = get_num(r, e, &ds->site_ratios[ds->n_site_ratios]);
        if (st != LQ_OK) return st;
        ds->n_site_ratios++;
    }
    lqi_ds_field(r->f, "solver.sublattice_configurations");
    if (!cJSON_IsArray(cfg)) return FAIL(r, cfg ? "must be a list of configurations" : "missing");
    size_t m = arr_n(cfg);
    if (occ && !cJSON_IsNull(occ)) {
        lqi_ds_field(r->f, "solver.sublattice_occupancies");
        /* ESPEI: one occupancy entry per configuration */
        if (!cJSON_IsArray(occ) || arr_n(occ) != m)
            return FAIL(r, "must be a list with one entry per configuration (%zu)", m);
    } else {
        occ = NULL;
    }
    ds->configs = lqi_calloc(m ? m : 1, sizeof *ds->configs);
    if (!ds->configs) return LQ_ENOMEM;
    for (size_t i = 0; i < m; i++) {
        lq_status st = get_config(r, cJSON_GetArrayItem(cfg, (int)i),
                                  occ ? cJSON_GetArrayItem(occ, (int)i) : NULL, i, &ds->configs[i]);
        ds->n_configs = i + 1;
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- values */

/* Thermochemical values: a rectangular [P][T][last] list of finite numbers. */
static lq_status get_values3(rd *r, const cJSON *j, lq_dataset *ds) {
    lqi_ds_field(r->f, "values");
    if (!cJSON_IsArray(j) || arr_n(j) == 0) return FAIL(r, "must be a [P][T][...] list of lists");
    const cJSON *a1 = cJSON_GetArrayItem(j, 0);
    const cJSON *a2 = cJSON_IsArray(a1) ? cJSON_GetArrayItem(a1, 0) : NULL;
    size_t n0 = arr_n(j), n1 = cJSON_IsArray(a1) ? arr_n(a1) : 0;
    size_t n2 = cJSON_IsArray(a2) ? arr_n(a2) : 0;
    if (n1 == 0 || n2 == 0) return FAIL(r, "must be a non-empty [P][T][...] list of lists");
    ds->values = lqi_malloc_array(n0 * n1 * n2, sizeof *ds->values);
    if (!ds->values) return LQ_ENOMEM;
    for (size_t i = 0; i < n0; i++) {
        const cJSON *b1 = cJSON_GetArrayItem(j, (int)i);
        lqi_ds_field(r->f, "values[%zu]", i);
        if (!cJSON_IsArray(b1) || arr_n(b1) != n1)
            return FAIL(r, "must be a list of %zu lists like values[0] (ragged values)", n1);
        for (size_t k = 0; k < n1; k++) {
            const cJSON *b2 = cJSON_GetArrayItem(b1, (int)k);
            lqi_ds_field(r->f, "values[%zu][%zu]", i, k);
            if (!cJSON_IsArray(b2) || arr_n(b2) != n2)
                return FAIL(r, "must be a list of %zu numbers like values[0][0] (ragged values)",
                            n2);
            for (size_t q = 0; q < n2; q++) {
                lqi_ds_field(r->f, "values[%zu][%zu][%zu]", i, k, q);
                lq_status st =
                    get_num(r, cJSON_GetArrayItem(b2, (int)q), &ds->values[(i * n1 + k) * n2 + q]);
                if (st != LQ_OK) return st;
            }
        }
    }
    ds->shape[0] = n0, ds->shape[1] = n1, ds->shape[2] = n2;
    return LQ_OK;
}

/* One ZPF vertex: [phase, [components], [fractions or null]] with an optional flag string. */
static lq_status get_vertex(rd *r, const cJSON *j, size_t i, size_t k, lq_zpf_vertex *v) {
    lqi_ds_field(r->f, "values[%zu][%zu]", i, k);
    /* ESPEI zpf_error._extract_phases_comps: 3 entries, or 4 with a flag */
    if (!cJSON_IsArray(j) || (arr_n(j) != 3 && arr_n(j) != 4))
        return FAIL(r, "must be [phase, [components], [fractions]] (optionally a 4th flag)");
    const cJSON *ph = cJSON_GetArrayItem(j, 0), *cs = cJSON_GetArrayItem(j, 1);
    const cJSON *xs = cJSON_GetArrayItem(j, 2), *fl = cJSON_GetArrayItem(j, 3);
    char path[LQI_DS_FIELD];
    lqi_ds_field(path, "%s", r->f);
    if (!cJSON_IsString(ph)) return FAIL(r, "the first entry must be the phase name");
    lq_status st = get_str(r, ph, &v->phase);
    if (st != LQ_OK) return st;
    if (!cJSON_IsArray(cs)) return FAIL(r, "the second entry must be a list of components");
    char p2[LQI_DS_FIELD];
    lqi_ds_field(p2, "%s[1]", path);
    st = get_strv(r, cs, p2, &v->comps, &v->n_comps);
    if (st != LQ_OK) return st;
    lqi_ds_field(r->f, "%s", path);
    if (!cJSON_IsArray(xs)) return FAIL(r, "the third entry must be a list of mole fractions");
    /* ESPEI check_dataset: as many fractions as components */
    if (arr_n(xs) != v->n_comps)
        return FAIL(r, "%zu components but %zu mole fractions", v->n_comps, arr_n(xs));
    v->x = lqi_malloc_array(v->n_comps + 1, sizeof *v->x);
    if (!v->x) return LQ_ENOMEM;
    for (size_t q = 0; q < v->n_comps; q++) {
        const cJSON *e = cJSON_GetArrayItem(xs, (int)q);
        lqi_ds_field(r->f, "%s[2][%zu]", path, q);
        if (cJSON_IsNull(e)) {
            v->x[q] = (double)NAN; /* unknown phase composition: ESPEI estimates it */
            continue;
        }
        st = get_num(r, e, &v->x[q]);
        if (st != LQ_OK) return st;
    }
    if (fl) {
        lqi_ds_field(r->f, "%s[3]", path);
        if (!cJSON_IsString(fl)) return FAIL(r, "the phase flag must be a string");
        v->disordered = strcmp(fl->valuestring, "disordered") == 0;
    }
    return LQ_OK;
}

static lq_status get_zpf(rd *r, const cJSON *j, lq_dataset *ds) {
    lqi_ds_field(r->f, "values");
    if (!cJSON_IsArray(j)) return FAIL(r, "must be a list of phase regions");
    size_t m = arr_n(j);
    const lq_dataset_cond *T = lqi_ds_cond_find(ds->conds, ds->n_conds, "T");
    const lq_dataset_cond *P = lqi_ds_cond_find(ds->conds, ds->n_conds, "P");
    if (!T || !P) return LQ_OK; /* reported by the checks */
    if (T->n != m) return FAIL(r, "%zu phase regions but conditions.T has %zu values", m, T->n);
    if (P->n != 1 && P->n != m)
        return FAIL(r, "%zu phase regions but conditions.P has %zu values", m, P->n);
    ds->regions = lqi_calloc(m ? m : 1, sizeof *ds->regions);
    if (!ds->regions) return LQ_ENOMEM;
    for (size_t i = 0; i < m; i++) {
        const cJSON *reg = cJSON_GetArrayItem(j, (int)i);
        lq_zpf_region *g = &ds->regions[i];
        ds->n_regions = i + 1;
        g->T = T->values[i];
        g->P = P->values[P->n > 1 ? i : 0];
        lqi_ds_field(r->f, "values[%zu]", i);
        if (!cJSON_IsArray(reg)) return FAIL(r, "must be a list of [phase, [components], [x]]");
        size_t nv = arr_n(reg);
        g->v = lqi_calloc(nv ? nv : 1, sizeof *g->v);
        if (!g->v) return LQ_ENOMEM;
        for (size_t k = 0; k < nv; k++) {
            lq_status st = get_vertex(r, cJSON_GetArrayItem(reg, (int)k), i, k, &g->v[k]);
            g->n_vertices = k + 1;
            if (st != LQ_OK) return st;
        }
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- reference states */

static lq_status get_reference_state(rd *r, const cJSON *j, lq_dataset *ds) {
    lqi_ds_field(r->f, "reference_state");
    if (!cJSON_IsObject(j)) return FAIL(r, "must be an object with phases and conditions");
    const cJSON *ph = key(j, "phases"), *co = key(j, "conditions");
    lqi_ds_field(r->f, "reference_state.phases");
    if (!ph) return FAIL(r, "missing");
    lq_status st = get_strv(r, ph, "reference_state.phases", &ds->ref_phases, &ds->n_ref_phases);
    if (st != LQ_OK) return st;
    lqi_ds_field(r->f, "reference_state.conditions");
    if (!co) return FAIL(r, "missing");
    return get_conds(r, co, "reference_state.conditions", &ds->ref_conds, &ds->n_ref_conds);
}

static lq_status get_reference_states(rd *r, const cJSON *j, lq_dataset *ds) {
    lqi_ds_field(r->f, "reference_states");
    if (!cJSON_IsObject(j)) return FAIL(r, "must be an object {element: {\"phase\": ...}}");
    size_t m = arr_n(j);
    ds->ref_states = lqi_calloc(m ? m : 1, sizeof *ds->ref_states);
    if (!ds->ref_states) return LQ_ENOMEM;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lq_dataset_ref_state *rs = &ds->ref_states[ds->n_ref_states++];
        rs->element = lqi_strdup(e->string ? e->string : "");
        if (!rs->element) return LQ_ENOMEM;
        char path[LQI_DS_FIELD];
        lqi_ds_field(path, "reference_states.%s", rs->element);
        lqi_ds_field(r->f, "%s", path);
        if (!cJSON_IsObject(e)) return FAIL(r, "must be an object with a phase");
        const cJSON *ph = key(e, "phase"), *fx = key(e, "fixed_state_variables");
        lqi_ds_field(r->f, "%s.phase", path);
        /* ESPEI check_dataset: "phase" is required */
        if (!ph) return FAIL(r, "missing reference phase");
        lq_status st = get_str(r, ph, &rs->phase);
        if (st != LQ_OK) return st;
        if (fx && !cJSON_IsNull(fx)) {
            char p2[LQI_DS_FIELD];
            lqi_ds_field(p2, "%s.fixed_state_variables", path);
            st = get_conds(r, fx, p2, &rs->fixed, &rs->n_fixed);
            if (st != LQ_OK) return st;
            for (size_t k = 0; k < rs->n_fixed; k++)
                if (rs->fixed[k].n != 1) {
                    lqi_ds_field(r->f, "%s.%s", p2, rs->fixed[k].name);
                    return FAIL(r, "must be a single number");
                }
        }
    }
    return LQ_OK;
}

/* liquidus's cell-emf block (docs/datasets.md "EMF"): element, n_electrons and the reference
 * electrode {"name", "a_V", "b_V_per_K"} (a and b default to 0: the pure element itself). */
static lq_status get_emf(rd *r, const cJSON *j, lq_dataset *ds) {
    lqi_ds_field(r->f, "emf");
    if (!cJSON_IsObject(j))
        return FAIL(r,
                    "must be an object with element, n_electrons, "
                    "reference_electrode");
    const cJSON *el = key(j, "element"), *n = key(j, "n_electrons");
    const cJSON *re = key(j, "reference_electrode");
    lqi_ds_field(r->f, "emf.element");
    if (!el) return FAIL(r, "missing (the electroactive component)");
    lq_status st = get_str(r, el, &ds->emf_element);
    if (st != LQ_OK) return st;
    lqi_ds_field(r->f, "emf.n_electrons");
    double v = 0.0;
    if (!n) return FAIL(r, "missing (charge number of the ion)");
    if ((st = get_num(r, n, &v)) != LQ_OK) return st;
    if (v < 1.0 || v > 64.0 || v != floor(v)) return FAIL(r, "must be a whole number >= 1 (%g)", v);
    ds->emf_n_electrons = (int)v;
    lqi_ds_field(r->f, "emf.reference_electrode");
    if (!cJSON_IsObject(re))
        return FAIL(r, re ? "must be an object {name, a_V, b_V_per_K}" : "missing");
    lqi_ds_field(r->f, "emf.reference_electrode.name");
    if (!key(re, "name")) return FAIL(r, "missing");
    if ((st = get_str(r, key(re, "name"), &ds->emf_ref_name)) != LQ_OK) return st;
    const char *ks[] = {"a_V", "b_V_per_K"};
    double *dst[] = {&ds->emf_ref_a_V, &ds->emf_ref_b_V_per_K};
    for (size_t i = 0; i < 2; i++)
        if (key(re, ks[i])) {
            lqi_ds_field(r->f, "emf.reference_electrode.%s", ks[i]);
            if ((st = get_num(r, key(re, ks[i]), dst[i])) != LQ_OK) return st;
        }
    return LQ_OK;
}

/* ---------------------------------------------------------------- top level */

static lq_status get_optional(rd *r, const cJSON *root, lq_dataset *ds) {
    const cJSON *j;
    lq_status st = LQ_OK;
    ds->weight = 1.0;
    if ((j = key(root, "weight")) != NULL) {
        lqi_ds_field(r->f, "weight");
        if ((st = get_num(r, j, &ds->weight)) != LQ_OK) return st;
    }
    if ((j = key(root, "excluded_model_contributions")) != NULL &&
        (st = get_strv(r, j, "excluded_model_contributions", &ds->excluded, &ds->n_excluded)) !=
            LQ_OK)
        return st;
    if ((j = key(root, "tags")) != NULL &&
        (st = get_strv(r, j, "tags", &ds->tags, &ds->n_tags)) != LQ_OK)
        return st;
    const char *bools[] = {"broadcast_conditions", "disabled"};
    int *dst[] = {&ds->broadcast, &ds->disabled};
    ds->broadcast = ds->kind != LQ_DATASET_ZPF;
    for (size_t i = 0; i < 2; i++)
        if ((j = key(root, bools[i])) != NULL) {
            lqi_ds_field(r->f, "%s", bools[i]);
            if (!cJSON_IsBool(j)) return FAIL(r, "must be true or false");
            *dst[i] = cJSON_IsTrue(j);
        }
    const char *strs[] = {"reference", "bibtex"};
    char **sdst[] = {&ds->reference, &ds->bibtex};
    for (size_t i = 0; i < 2; i++)
        if ((j = key(root, strs[i])) != NULL) {
            lqi_ds_field(r->f, "%s", strs[i]);
            if ((st = get_str(r, j, sdst[i])) != LQ_OK) return st;
        }
    /* ESPEI: "comment" can be anything and has no effect; kept when it is a string */
    if ((j = key(root, "comment")) != NULL && cJSON_IsString(j)) {
        ds->comment = lqi_strdup(j->valuestring);
        if (!ds->comment) return LQ_ENOMEM;
    }
    return LQ_OK;
}

static lq_status get_required(rd *r, const cJSON *root, lq_dataset *ds) {
    static const char *const req[] = {"components", "phases", "conditions", "output", "values"};
    for (size_t i = 0; i < sizeof req / sizeof *req; i++)
        if (!key(root, req[i])) {
            lqi_ds_field(r->f, "%s", req[i]);
            return FAIL(r, "missing (required by ESPEI)");
        }
    lqi_ds_field(r->f, "output");
    lq_status st = get_str(r, key(root, "output"), &ds->output);
    if (st == LQ_OK)
        st = get_strv(r, key(root, "components"), "components", &ds->components, &ds->n_components);
    if (st == LQ_OK) st = get_strv(r, key(root, "phases"), "phases", &ds->phases, &ds->n_phases);
    if (st == LQ_OK)
        st = get_conds(r, key(root, "conditions"), "conditions", &ds->conds, &ds->n_conds);
    return st;
}

lq_status lqi_ds_from_json(const cJSON *root, const char *file, lq_dataset **out, lq_diag *diag) {
    rd r = {file ? file : "<dataset>", diag, {0}};
    if (!cJSON_IsObject(root)) return lqi_ds_fail(diag, r.file, "", "not a JSON object");
    lq_dataset *ds = lqi_calloc(1, sizeof *ds);
    if (!ds) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    if (file && !(ds->path = lqi_strdup(file))) st = LQ_ENOMEM;
    if (st == LQ_OK) st = get_required(&r, root, ds);
    const cJSON *solver = key(root, "solver");
    if (st == LQ_OK) {
        /* ESPEI check_dataset: a "solver" makes single-phase (non-equilibrium) data */
        ds->kind = solver
                       ? LQ_DATASET_NONEQ_THERMO
                       : (strcmp(ds->output, "ZPF") == 0 ? LQ_DATASET_ZPF : LQ_DATASET_EQ_THERMO);
        st = get_optional(&r, root, ds);
    }
    if (st == LQ_OK && solver) st = get_solver(&r, solver, ds);
    const cJSON *j;
    if (st == LQ_OK && (j = key(root, "reference_state")) != NULL)
        st = get_reference_state(&r, j, ds);
    if (st == LQ_OK && (j = key(root, "reference_states")) != NULL)
        st = get_reference_states(&r, j, ds);
    if (st == LQ_OK && (j = key(root, "emf")) != NULL) st = get_emf(&r, j, ds);
    if (st == LQ_OK)
        st = ds->kind == LQ_DATASET_ZPF ? get_zpf(&r, key(root, "values"), ds)
                                        : get_values3(&r, key(root, "values"), ds);
    if (st == LQ_OK) st = lqi_ds_check(ds, r.file, diag);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, r.file, 0, NULL, "out of memory");
        lq_dataset_free(ds);
        return st;
    }
    *out = ds;
    return LQ_OK;
}

lq_status lqi_ds_json_parse(const char *text, size_t n, const char *name, cJSON **out,
                            lq_diag *diag) {
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(text, n, &end, 0);
    if (!j) {
        long line = 1, col = 1;
        const char *stop = end ? end : text;
        for (const char *p = text; p < stop && *p; p++) {
            if (*p == '\n')
                line++, col = 1;
            else
                col++;
        }
        lqi_diag_set(diag, LQ_EPARSE, name, line, NULL, "JSON syntax error");
        if (diag) diag->column = col;
        return LQ_EPARSE;
    }
    *out = j;
    return LQ_OK;
}

lq_status lq_dataset_read_string(const char *json, const char *name, lq_dataset **out,
                                 lq_diag *diag) {
    if (!json || !out) return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL, "NULL argument");
    cJSON *root = NULL;
    lq_status st = lqi_ds_json_parse(json, strlen(json), name ? name : "<string>", &root, diag);
    if (st != LQ_OK) return st;
    st = lqi_ds_from_json(root, name, out, diag);
    cJSON_Delete(root);
    return st;
}

lq_status lq_dataset_read_file(const char *path, lq_dataset **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    cJSON *root = NULL;
    st = lqi_ds_json_parse(text, n, path, &root, diag);
    lqi_free(text);
    if (st != LQ_OK) return st;
    st = lqi_ds_from_json(root, path, out, diag);
    cJSON_Delete(root);
    return st;
}
