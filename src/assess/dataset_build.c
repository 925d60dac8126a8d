/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Builders of ESPEI datasets for the modules that produce data (echem, dft, thermal). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"

/* One standard atmosphere, the pressure of every ESPEI example dataset. */
#define STD_P_PA 101325.0

static lq_status argfail(lq_diag *diag, const char *what) {
    return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "%s", what);
}

static int name_ok(const char *s) { return s && s[0]; }

static lq_dataset *new_ds(lq_dataset_kind kind, const char *output, const char *reference) {
    lq_dataset *ds = lqi_calloc(1, sizeof *ds);
    if (!ds) return NULL;
    ds->kind = kind;
    ds->weight = 1.0;
    ds->broadcast = kind != LQ_DATASET_ZPF;
    ds->output = lqi_strdup(output);
    if (!ds->output || (reference && !(ds->reference = lqi_strdup(reference)))) {
        lq_dataset_free(ds);
        return NULL;
    }
    return ds;
}

/* Sorted components {a, b} (ESPEI sorts components; check_dataset compares sets). */
static lq_status two_components(lq_dataset *ds, const char *a, const char *b) {
    const char *v[2] = {a, b};
    if (strcmp(a, b) > 0) v[0] = b, v[1] = a;
    ds->n_components = 2;
    return lqi_ds_strv_dup(v, 2, &ds->components);
}

/* Validates; on failure frees; returns the status with the diag of the check. */
static lq_status finish(lq_dataset *ds, lq_status st, lq_dataset **out, lq_diag *diag) {
    if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    if (st == LQ_OK) st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) {
        /* a built dataset that fails the checks is the caller's bad argument */
        if (st == LQ_EPARSE) st = LQ_EINVAL;
        lq_dataset_free(ds);
        return st;
    }
    *out = ds;
    return LQ_OK;
}

lq_status lq_dataset_build_activity(const char *solute, const char *solvent, const char *phase,
                                    const char *ref_phase, double T, const double *x_solute,
                                    const double *activity, size_t n, const char *reference,
                                    lq_dataset **out, lq_diag *diag) {
    if (!out || !name_ok(solute) || !name_ok(solvent) || !name_ok(phase) || !name_ok(ref_phase) ||
        !x_solute || !activity || n == 0)
        return argfail(diag, "activity dataset: NULL/empty names or no points");
    if (strcmp(solute, solvent) == 0) return argfail(diag, "solute and solvent are the same");
    if (!isfinite(T) || T <= 0.0) return argfail(diag, "temperature must be > 0 K");
    char out_name[80], xname[80];
    snprintf(out_name, sizeof out_name, "ACR_%s", solute);
    snprintf(xname, sizeof xname, "X_%s", solute);
    lq_dataset *ds = new_ds(LQ_DATASET_EQ_THERMO, out_name, reference);
    if (!ds) return finish(NULL, LQ_ENOMEM, out, diag);
    lq_status st = two_components(ds, solute, solvent);
    if (st == LQ_OK) st = lqi_ds_strv_dup(&phase, 1, &ds->phases), ds->n_phases = 1;
    double P = STD_P_PA, one = 1.0;
    ds->conds = lqi_calloc(3, sizeof *ds->conds);
    ds->ref_conds = lqi_calloc(3, sizeof *ds->ref_conds);
    ds->values = lqi_malloc_array(n, sizeof *ds->values);
    if (!ds->conds || !ds->ref_conds || !ds->values) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[0], "P", &P, 1), ds->n_conds = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[1], "T", &T, 1), ds->n_conds = 2;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[2], xname, x_solute, n), ds->n_conds = 3;
    /* the reference: pure solute in ref_phase at the same T (ESPEI docs, activity example) */
    if (st == LQ_OK) st = lqi_ds_strv_dup(&ref_phase, 1, &ds->ref_phases), ds->n_ref_phases = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->ref_conds[0], "P", &P, 1), ds->n_ref_conds = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->ref_conds[1], "T", &T, 1), ds->n_ref_conds = 2;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->ref_conds[2], xname, &one, 1), ds->n_ref_conds = 3;
    if (st == LQ_OK) {
        memcpy(ds->values, activity, n * sizeof *activity);
        ds->shape[0] = 1, ds->shape[1] = 1, ds->shape[2] = n;
    }
    return finish(ds, st, out, diag);
}

/* The one reference state {element: {"phase": ref_phase}} of an EMF dataset. */
static lq_status emf_ref_state(lq_dataset *ds, const char *element, const char *ref_phase) {
    ds->ref_states = lqi_calloc(1, sizeof *ds->ref_states);
    if (!ds->ref_states) return LQ_ENOMEM;
    ds->n_ref_states = 1;
    ds->ref_states[0].element = lqi_strdup(element);
    ds->ref_states[0].phase = lqi_strdup(ref_phase);
    return ds->ref_states[0].element && ds->ref_states[0].phase ? LQ_OK : LQ_ENOMEM;
}

lq_status lq_dataset_build_emf(const char *element, const char *other, int n_electrons,
                               const char *phase, const char *ref_phase, const char *ref_electrode,
                               double ref_a_V, double ref_b_V_per_K, const double *T, size_t n_T,
                               const double *x_element, size_t n_x, const double *E_V,
                               const char *reference, lq_dataset **out, lq_diag *diag) {
    if (!out || !name_ok(element) || !name_ok(other) || !name_ok(phase) || !name_ok(ref_phase) ||
        !name_ok(ref_electrode) || !T || !x_element || !E_V || n_T == 0 || n_x == 0)
        return argfail(diag, "emf dataset: NULL/empty names or no points");
    if (strcmp(element, other) == 0) return argfail(diag, "element and other are the same");
    if (n_electrons < 1) return argfail(diag, "n_electrons must be >= 1");
    char xname[80];
    snprintf(xname, sizeof xname, "X_%s", element);
    lq_dataset *ds = new_ds(LQ_DATASET_EQ_THERMO, "EMF", reference);
    if (!ds) return finish(NULL, LQ_ENOMEM, out, diag);
    lq_status st = two_components(ds, element, other);
    if (st == LQ_OK) st = lqi_ds_strv_dup(&phase, 1, &ds->phases), ds->n_phases = 1;
    double P = STD_P_PA;
    ds->conds = lqi_calloc(3, sizeof *ds->conds);
    ds->values = lqi_malloc_array(n_T * n_x, sizeof *ds->values);
    ds->emf_element = lqi_strdup(element);
    ds->emf_ref_name = lqi_strdup(ref_electrode);
    if (!ds->conds || !ds->values || !ds->emf_element || !ds->emf_ref_name) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[0], "P", &P, 1), ds->n_conds = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[1], "T", T, n_T), ds->n_conds = 2;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[2], xname, x_element, n_x), ds->n_conds = 3;
    if (st == LQ_OK) st = emf_ref_state(ds, element, ref_phase);
    if (st == LQ_OK) {
        memcpy(ds->values, E_V, n_T * n_x * sizeof *E_V);
        ds->shape[0] = 1, ds->shape[1] = n_T, ds->shape[2] = n_x;
        ds->emf_n_electrons = n_electrons;
        ds->emf_ref_a_V = ref_a_V;
        ds->emf_ref_b_V_per_K = ref_b_V_per_K;
    }
    return finish(ds, st, out, diag);
}

lq_status lq_dataset_build_hm_form(const char *const *elements, const double *site_ratios,
                                   size_t n_elements, const char *phase, double T,
                                   double hm_form_J_per_mol, const char *reference,
                                   lq_dataset **out, lq_diag *diag) {
    if (!out || !elements || !site_ratios || n_elements == 0 || !name_ok(phase))
        return argfail(diag, "formation-enthalpy dataset: NULL arguments or no elements");
    for (size_t i = 0; i < n_elements; i++)
        if (!name_ok(elements[i])) return argfail(diag, "empty element name");
    if (!isfinite(T) || T < 0.0) return argfail(diag, "temperature must be >= 0 K");
    lq_dataset *ds = new_ds(LQ_DATASET_NONEQ_THERMO, "HM_FORM", reference);
    if (!ds) return finish(NULL, LQ_ENOMEM, out, diag);
    /* components: the distinct elements, sorted */
    const char *uniq[64];
    size_t nu = 0;
    lq_status st = n_elements > 64 ? LQ_EINVAL : LQ_OK;
    for (size_t i = 0; st == LQ_OK && i < n_elements; i++) {
        size_t k = 0;
        while (k < nu && strcmp(uniq[k], elements[i]) < 0) k++;
        if (k < nu && strcmp(uniq[k], elements[i]) == 0) continue;
        memmove(uniq + k + 1, uniq + k, (nu - k) * sizeof *uniq);
        uniq[k] = elements[i];
        nu++;
    }
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return argfail(diag, "more than 64 sublattices");
    }
    st = lqi_ds_strv_dup(uniq, nu, &ds->components);
    ds->n_components = nu;
    if (st == LQ_OK) st = lqi_ds_strv_dup(&phase, 1, &ds->phases), ds->n_phases = 1;
    if (st == LQ_OK) st = (ds->solver_mode = lqi_strdup("manual")) ? LQ_OK : LQ_ENOMEM;
    ds->site_ratios = lqi_malloc_array(n_elements, sizeof *ds->site_ratios);
    ds->configs = lqi_calloc(1, sizeof *ds->configs);
    ds->conds = lqi_calloc(2, sizeof *ds->conds);
    ds->values = lqi_malloc_array(1, sizeof *ds->values);
    if (!ds->site_ratios || !ds->configs || !ds->conds || !ds->values) st = LQ_ENOMEM;
    if (st == LQ_OK) {
        memcpy(ds->site_ratios, site_ratios, n_elements * sizeof *site_ratios);
        ds->n_site_ratios = n_elements;
        ds->n_configs = 1;
        ds->configs[0].sub = lqi_calloc(n_elements, sizeof *ds->configs[0].sub);
        if (!ds->configs[0].sub) st = LQ_ENOMEM;
    }
    for (size_t i = 0; st == LQ_OK && i < n_elements; i++) {
        lq_dataset_sublattice *s = &ds->configs[0].sub[i];
        ds->configs[0].n_sublattices = i + 1;
        st = lqi_ds_strv_dup(&elements[i], 1, &s->species);
        if (st == LQ_OK) s->n_species = 1;
    }
    double P = STD_P_PA;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[0], "P", &P, 1), ds->n_conds = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[1], "T", &T, 1), ds->n_conds = 2;
    if (st == LQ_OK) {
        ds->values[0] = hm_form_J_per_mol;
        ds->shape[0] = ds->shape[1] = ds->shape[2] = 1;
    }
    return finish(ds, st, out, diag);
}

static lq_status zpf_regions(lq_dataset *ds, const char *comp, const char *const *phases,
                             size_t n_phases, const double *T, const double *x, size_t n_regions) {
    ds->regions = lqi_calloc(n_regions, sizeof *ds->regions);
    if (!ds->regions) return LQ_ENOMEM;
    for (size_t i = 0; i < n_regions; i++) {
        lq_zpf_region *r = &ds->regions[i];
        ds->n_regions = i + 1;
        r->T = T[i];
        r->P = STD_P_PA;
        r->v = lqi_calloc(n_phases, sizeof *r->v);
        if (!r->v) return LQ_ENOMEM;
        for (size_t p = 0; p < n_phases; p++) {
            lq_zpf_vertex *v = &r->v[p];
            r->n_vertices = p + 1;
            v->phase = lqi_strdup(phases[p]);
            v->x = lqi_malloc_array(1, sizeof *v->x);
            if (!v->phase || !v->x || lqi_ds_strv_dup(&comp, 1, &v->comps) != LQ_OK)
                return LQ_ENOMEM;
            v->n_comps = 1;
            v->x[0] = x[i * n_phases + p];
        }
    }
    return LQ_OK;
}

lq_status lq_dataset_build_zpf(const char *comp, const char *other, const char *const *phases,
                               size_t n_phases, const double *T, const double *x, size_t n_regions,
                               const char *reference, lq_dataset **out, lq_diag *diag) {
    if (!out || !name_ok(comp) || !name_ok(other) || !phases || n_phases == 0 || !T || !x ||
        n_regions == 0)
        return argfail(diag, "ZPF dataset: NULL/empty arguments or no regions");
    if (strcmp(comp, other) == 0) return argfail(diag, "the two components are the same");
    for (size_t p = 0; p < n_phases; p++)
        if (!name_ok(phases[p])) return argfail(diag, "empty phase name");
    lq_dataset *ds = new_ds(LQ_DATASET_ZPF, "ZPF", reference);
    if (!ds) return finish(NULL, LQ_ENOMEM, out, diag);
    lq_status st = two_components(ds, comp, other);
    /* phases: the distinct names, in the order given */
    ds->phases = lqi_calloc(n_phases, sizeof *ds->phases);
    if (!ds->phases) st = LQ_ENOMEM;
    for (size_t p = 0; st == LQ_OK && p < n_phases; p++) {
        int seen = 0;
        for (size_t q = 0; q < ds->n_phases; q++) seen |= strcmp(ds->phases[q], phases[p]) == 0;
        if (seen) continue;
        if (!(ds->phases[ds->n_phases] = lqi_strdup(phases[p])))
            st = LQ_ENOMEM;
        else
            ds->n_phases++;
    }
    double P = STD_P_PA;
    ds->conds = lqi_calloc(2, sizeof *ds->conds);
    if (!ds->conds) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[0], "P", &P, 1), ds->n_conds = 1;
    if (st == LQ_OK) st = lqi_ds_cond_set(&ds->conds[1], "T", T, n_regions), ds->n_conds = 2;
    if (st == LQ_OK) st = zpf_regions(ds, comp, phases, n_phases, T, x, n_regions);
    return finish(ds, st, out, diag);
}
