/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI phase-models JSON (components, refdata, phases with sublattices, aliases, model hints). */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * Format: ESPEI 0.9.1 docs/input_data.rst ("Phase Descriptions") and espei/phase_models.py
 * (PhaseModelSpecification: components, phases -> sublattice_model, sublattice_site_ratios as
 * positive floats, optional model import path). Aliases follow espei/utils.py extract_aliases;
 * model hints are the keys pycalphad's Database reads (order-disorder and IHJ magnetic model).
 */

typedef struct pmr {
    const char *file;
    lq_diag *diag;
    char f[LQI_DS_FIELD];
} pmr;

#define FAIL(r, ...) lqi_ds_fail((r)->diag, (r)->file, (r)->f, __VA_ARGS__)

static size_t arr_n(const cJSON *a) {
    int n = cJSON_GetArraySize(a);
    return n > 0 ? (size_t)n : 0;
}

static lq_status strv(pmr *r, const cJSON *j, char ***out, size_t *n) {
    char base[LQI_DS_FIELD];
    lqi_ds_field(base, "%s", r->f);
    if (!cJSON_IsArray(j)) return FAIL(r, "must be a list of names");
    *out = lqi_calloc(arr_n(j) + 1, sizeof **out);
    if (!*out) return LQ_ENOMEM;
    *n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lqi_ds_field(r->f, "%s[%zu]", base, *n);
        if (!cJSON_IsString(e) || !e->valuestring[0]) return FAIL(r, "must be a non-empty name");
        if (!((*out)[*n] = lqi_strdup(e->valuestring))) return LQ_ENOMEM;
        (*n)++;
    }
    return LQ_OK;
}

static void phase_free(lq_assess_phase_model *p) {
    lqi_free(p->name);
    if (p->sublattices)
        for (size_t s = 0; s < p->n_sublattices; s++)
            lqi_ds_strv_free(p->sublattices[s].species, p->sublattices[s].n_species);
    lqi_free(p->sublattices);
    lqi_free(p->site_ratios);
    lqi_ds_strv_free(p->aliases, p->n_aliases);
    if (p->equivalent)
        for (size_t k = 0; k < p->n_equivalent; k++) lqi_free(p->equivalent[k].index);
    lqi_free(p->equivalent);
    lqi_free(p->ordered_phase);
    lqi_free(p->disordered_phase);
}

void lq_assess_phase_models_free(lq_assess_phase_models *pm) {
    if (!pm) return;
    lqi_free(pm->path);
    lqi_free(pm->refdata);
    lqi_ds_strv_free(pm->components, pm->n_components);
    if (pm->phases)
        for (size_t i = 0; i < pm->n_phases; i++) phase_free(&pm->phases[i]);
    lqi_free(pm->phases);
    lqi_free(pm);
}

static int in_list(char *const *v, size_t n, const char *s) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0) return 1;
    return 0;
}

static lq_status get_sublattices(pmr *r, const cJSON *ph, const lq_assess_phase_models *pm,
                                 lq_assess_phase_model *p) {
    const cJSON *sm = cJSON_GetObjectItemCaseSensitive(ph, "sublattice_model");
    const cJSON *sr = cJSON_GetObjectItemCaseSensitive(ph, "sublattice_site_ratios");
    lqi_ds_field(r->f, "phases.%s.sublattice_model", p->name);
    if (!sm) return FAIL(r, "missing");
    if (!cJSON_IsArray(sm) || arr_n(sm) == 0) return FAIL(r, "must be a list of species lists");
    size_t n = arr_n(sm);
    p->sublattices = lqi_calloc(n, sizeof *p->sublattices);
    p->site_ratios = lqi_calloc(n, sizeof *p->site_ratios);
    if (!p->sublattices || !p->site_ratios) return LQ_ENOMEM;
    for (size_t s = 0; s < n; s++) {
        lq_assess_sublattice *sl = &p->sublattices[s];
        p->n_sublattices = s + 1;
        lqi_ds_field(r->f, "phases.%s.sublattice_model[%zu]", p->name, s);
        /* docs: "a single element sublattice is [\"A\"] in a phase model", never a bare string */
        lq_status st = strv(r, cJSON_GetArrayItem(sm, (int)s), &sl->species, &sl->n_species);
        if (st != LQ_OK) return st;
        lqi_ds_field(r->f, "phases.%s.sublattice_model[%zu]", p->name, s);
        if (sl->n_species == 0) return FAIL(r, "empty sublattice");
        for (size_t k = 0; k < sl->n_species; k++) {
            lqi_ds_field(r->f, "phases.%s.sublattice_model[%zu][%zu]", p->name, s, k);
            if (!in_list(pm->components, pm->n_components, sl->species[k]))
                return FAIL(r, "%s is not in components", sl->species[k]);
            if (in_list(sl->species, k, sl->species[k]))
                return FAIL(r, "%s appears twice in the sublattice", sl->species[k]);
        }
    }
    lqi_ds_field(r->f, "phases.%s.sublattice_site_ratios", p->name);
    if (!sr) return FAIL(r, "missing");
    if (!cJSON_IsArray(sr) || arr_n(sr) != n)
        return FAIL(r, "must be a list of %zu numbers, one per sublattice", n);
    for (size_t s = 0; s < n; s++) {
        const cJSON *e = cJSON_GetArrayItem(sr, (int)s);
        lqi_ds_field(r->f, "phases.%s.sublattice_site_ratios[%zu]", p->name, s);
        /* PhaseModelSpecification: List[PositiveFloat] */
        if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble) || e->valuedouble <= 0.0)
            return FAIL(r, "must be a positive number");
        p->site_ratios[s] = e->valuedouble;
    }
    return LQ_OK;
}

static lq_status get_equivalent(pmr *r, const cJSON *j, lq_assess_phase_model *p) {
    lqi_ds_field(r->f, "phases.%s.equivalent_sublattices", p->name);
    if (!cJSON_IsArray(j)) return FAIL(r, "must be a list of lists of sublattice indices");
    p->equivalent = lqi_calloc(arr_n(j) + 1, sizeof *p->equivalent);
    if (!p->equivalent) return LQ_ENOMEM;
    const cJSON *set;
    cJSON_ArrayForEach(set, j) {
        lq_assess_equivalent *q = &p->equivalent[p->n_equivalent];
        lqi_ds_field(r->f, "phases.%s.equivalent_sublattices[%zu]", p->name, p->n_equivalent++);
        if (!cJSON_IsArray(set) || arr_n(set) < 2) return FAIL(r, "must list two or more indices");
        q->index = lqi_calloc(arr_n(set), sizeof *q->index);
        if (!q->index) return LQ_ENOMEM;
        const cJSON *e;
        cJSON_ArrayForEach(e, set) {
            double v = cJSON_IsNumber(e) ? e->valuedouble : -1.0;
            if (v < 0.0 || v != floor(v) || v >= (double)p->n_sublattices)
                return FAIL(r, "indices must be integers from 0 to %zu", p->n_sublattices - 1);
            q->index[q->n++] = (size_t)v;
        }
    }
    return LQ_OK;
}

static lq_status get_hints(pmr *r, const cJSON *j, lq_assess_phase_model *p) {
    lqi_ds_field(r->f, "phases.%s.model_hints", p->name);
    if (!cJSON_IsObject(j)) return FAIL(r, "must be an object");
    const cJSON *e;
    cJSON_ArrayForEach(e, j) {
        lqi_ds_field(r->f, "phases.%s.model_hints.%s", p->name, e->string);
        char **dst = strcmp(e->string, "ordered_phase") == 0      ? &p->ordered_phase
                     : strcmp(e->string, "disordered_phase") == 0 ? &p->disordered_phase
                                                                  : NULL;
        double *num = strcmp(e->string, "ihj_magnetic_afm_factor") == 0
                          ? &p->ihj_magnetic_afm_factor
                      : strcmp(e->string, "ihj_magnetic_structure_factor") == 0
                          ? &p->ihj_magnetic_structure_factor
                          : NULL;
        if (dst) {
            if (!cJSON_IsString(e) || !e->valuestring[0]) return FAIL(r, "must be a phase name");
            if (!(*dst = lqi_strdup(e->valuestring))) return LQ_ENOMEM;
        } else if (num) {
            if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble)) return FAIL(r, "must be a number");
            *num = e->valuedouble;
        } else {
            /* dropping a hint would silently change the model */
            lqi_diag_set(r->diag, LQ_EUNSUPPORTED, r->file, 0, r->f,
                         "model hint %s is not supported (ordered_phase, disordered_phase, "
                         "ihj_magnetic_afm_factor, ihj_magnetic_structure_factor are)",
                         e->string);
            return LQ_EUNSUPPORTED;
        }
    }
    return LQ_OK;
}

static lq_status get_phase(pmr *r, const cJSON *ph, const lq_assess_phase_models *pm,
                           lq_assess_phase_model *p) {
    p->ihj_magnetic_afm_factor = (double)NAN;
    p->ihj_magnetic_structure_factor = (double)NAN;
    if (!(p->name = lqi_strdup(ph->string))) return LQ_ENOMEM;
    lqi_ds_field(r->f, "phases.%s", p->name);
    if (!p->name[0]) return FAIL(r, "empty phase name");
    if (!cJSON_IsObject(ph)) return FAIL(r, "must be an object");
    lq_status st = get_sublattices(r, ph, pm, p);
    if (st != LQ_OK) return st;
    const cJSON *j;
    if ((j = cJSON_GetObjectItemCaseSensitive(ph, "model")) != NULL && !cJSON_IsNull(j)) {
        lqi_ds_field(r->f, "phases.%s.model", p->name);
        return lqi_diag_set(r->diag, LQ_EUNSUPPORTED, r->file, 0, r->f,
                            "custom Python model classes cannot be loaded by liquidus");
    }
    if ((j = cJSON_GetObjectItemCaseSensitive(ph, "aliases")) != NULL) {
        lqi_ds_field(r->f, "phases.%s.aliases", p->name);
        if ((st = strv(r, j, &p->aliases, &p->n_aliases)) != LQ_OK) return st;
    }
    if ((j = cJSON_GetObjectItemCaseSensitive(ph, "equivalent_sublattices")) != NULL &&
        (st = get_equivalent(r, j, p)) != LQ_OK)
        return st;
    if ((j = cJSON_GetObjectItemCaseSensitive(ph, "model_hints")) != NULL &&
        (st = get_hints(r, j, p)) != LQ_OK)
        return st;
    return LQ_OK;
}

/* Names across phases: unique phase names, each alias claimed once (extract_aliases), hints
   that name phases of the file. */
static lq_status check_names(pmr *r, const lq_assess_phase_models *pm) {
    for (size_t i = 0; i < pm->n_phases; i++) {
        const lq_assess_phase_model *p = &pm->phases[i];
        for (size_t k = 0; k < p->n_aliases; k++) {
            lqi_ds_field(r->f, "phases.%s.aliases[%zu]", p->name, k);
            for (size_t q = 0; q < pm->n_phases; q++) {
                if (strcmp(pm->phases[q].name, p->aliases[k]) == 0)
                    return FAIL(r, "%s is already the name of a phase", p->aliases[k]);
                size_t lim = q < i ? pm->phases[q].n_aliases : q == i ? k : 0;
                if (in_list(pm->phases[q].aliases, lim, p->aliases[k]))
                    return FAIL(r, "%s is already an alias of %s", p->aliases[k],
                                pm->phases[q].name);
            }
        }
        const char *hint[2] = {p->ordered_phase, p->disordered_phase};
        for (int h = 0; h < 2; h++) {
            if (!hint[h] || lq_assess_phase_models_find(pm, hint[h])) continue;
            lqi_ds_field(r->f, "phases.%s.model_hints.%s", p->name,
                         h ? "disordered_phase" : "ordered_phase");
            return FAIL(r, "%s is not a phase of the file", hint[h]);
        }
    }
    return LQ_OK;
}

static lq_status from_json(pmr *r, const cJSON *root, lq_assess_phase_models *pm) {
    lqi_ds_field(r->f, "%s", "");
    if (!cJSON_IsObject(root)) return FAIL(r, "not a JSON object");
    const cJSON *comps = cJSON_GetObjectItemCaseSensitive(root, "components");
    const cJSON *phases = cJSON_GetObjectItemCaseSensitive(root, "phases");
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(root, "refdata");
    lqi_ds_field(r->f, "components");
    if (!comps) return FAIL(r, "missing");
    lq_status st = strv(r, comps, &pm->components, &pm->n_components);
    if (st != LQ_OK) return st;
    lqi_ds_field(r->f, "components");
    if (pm->n_components == 0) return FAIL(r, "empty");
    if (ref && !cJSON_IsNull(ref)) {
        lqi_ds_field(r->f, "refdata");
        if (!cJSON_IsString(ref)) return FAIL(r, "must be a string such as \"SGTE91\"");
        if (!(pm->refdata = lqi_strdup(ref->valuestring))) return LQ_ENOMEM;
    }
    lqi_ds_field(r->f, "phases");
    if (!phases) return FAIL(r, "missing");
    if (!cJSON_IsObject(phases) || arr_n(phases) == 0)
        return FAIL(r, "must be an object {phase name: model}");
    pm->phases = lqi_calloc(arr_n(phases), sizeof *pm->phases);
    if (!pm->phases) return LQ_ENOMEM;
    const cJSON *ph;
    cJSON_ArrayForEach(ph, phases) {
        lq_assess_phase_model *p = &pm->phases[pm->n_phases++];
        if ((st = get_phase(r, ph, pm, p)) != LQ_OK) return st;
        for (size_t q = 0; q + 1 < pm->n_phases; q++)
            if (strcmp(pm->phases[q].name, p->name) == 0) {
                lqi_ds_field(r->f, "phases.%s", p->name);
                return FAIL(r, "phase given twice");
            }
    }
    return check_names(r, pm);
}

static lq_status read_text(const char *text, size_t n, const char *name,
                           lq_assess_phase_models **out, lq_diag *diag) {
    cJSON *root = NULL;
    lq_status st = lqi_ds_json_parse(text, n, name, &root, diag);
    if (st != LQ_OK) return st;
    pmr r = {name, diag, {0}};
    lq_assess_phase_models *pm = lqi_calloc(1, sizeof *pm);
    if (!pm || !(pm->path = lqi_strdup(name)))
        st = LQ_ENOMEM;
    else
        st = from_json(&r, root, pm);
    cJSON_Delete(root);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, name, 0, NULL, "out of memory");
        lq_assess_phase_models_free(pm);
        return st;
    }
    *out = pm;
    return LQ_OK;
}

lq_status lq_assess_phase_models_read_string(const char *json, const char *name,
                                             lq_assess_phase_models **out, lq_diag *diag) {
    if (!json || !out) return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL, "NULL argument");
    return read_text(json, strlen(json), name ? name : "<string>", out, diag);
}

lq_status lq_assess_phase_models_read(const char *path, lq_assess_phase_models **out,
                                      lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    st = read_text(text, n, path, out, diag);
    lqi_free(text);
    return st;
}

const lq_assess_phase_model *lq_assess_phase_models_find(const lq_assess_phase_models *pm,
                                                         const char *name) {
    if (!pm || !name) return NULL;
    for (size_t i = 0; i < pm->n_phases; i++)
        if (strcmp(pm->phases[i].name, name) == 0) return &pm->phases[i];
    for (size_t i = 0; i < pm->n_phases; i++)
        if (in_list(pm->phases[i].aliases, pm->phases[i].n_aliases, name)) return &pm->phases[i];
    return NULL;
}
