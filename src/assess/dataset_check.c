/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI dataset checks on the in-memory dataset (ESPEI 0.9.1 espei/datasets.py check_dataset). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"

/*
 * The checks follow check_dataset of ESPEI 0.9.1 (espei/datasets.py) and the rules its
 * documentation states (docs/input_data.rst), each noted where it is made. Where ESPEI would only
 * fail later (a KeyError or a NaN likelihood) we refuse at reading, saying why:
 *  - equilibrium data without X_ conditions (ESPEI indexes num_x_conds[0]);
 *  - a ZPF vertex naming a phase the dataset does not declare, or a region with no vertex;
 *  - a ZPF region whose phase compositions are all null (input_data.rst: "Each phase region must
 *    have at least one phase with a prescribed phase composition");
 *  - numbers that are not finite, mole fractions or occupancies outside [0, 1], T < 0 K, P <= 0,
 *    weights <= 0, activities <= 0 (ESPEI takes their logarithm).
 */

#define HYPERPLANE "__HYPERPLANE__"

typedef struct chk {
    const lq_dataset *ds;
    const char *file;
    lq_diag *diag;
    char f[LQI_DS_FIELD];
} chk;

static int in_list(char *const *v, size_t n, const char *s) {
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], s) == 0) return 1;
    return 0;
}

static int is_comp(const lq_dataset *ds, const char *s) {
    return in_list(ds->components, ds->n_components, s);
}

static size_t n_real_components(const lq_dataset *ds) {
    size_t n = 0;
    for (size_t i = 0; i < ds->n_components; i++)
        if (strcmp(ds->components[i], "VA") != 0) n++;
    return n;
}

static lq_status check_names(chk *c, char *const *v, size_t n, const char *key, int need_one) {
    if (need_one && n == 0)
        return lqi_ds_fail(c->diag, c->file, key, "must list at least one name");
    for (size_t i = 0; i < n; i++)
        if (!v[i] || !v[i][0]) {
            lqi_ds_field(c->f, "%s[%zu]", key, i);
            return lqi_ds_fail(c->diag, c->file, c->f, "empty name");
        }
    return LQ_OK;
}

/* One condition: finite values in the range of its kind. */
static lq_status check_cond(chk *c, const lq_dataset_cond *q, const char *prefix) {
    if (!q->name || !q->name[0]) return lqi_ds_fail(c->diag, c->file, prefix, "unnamed condition");
    if (q->n == 0 || !q->values) {
        lqi_ds_field(c->f, "%s.%s", prefix, q->name);
        return lqi_ds_fail(c->diag, c->file, c->f, "no values");
    }
    int is_x = strncmp(q->name, "X_", 2) == 0;
    for (size_t i = 0; i < q->n; i++) {
        double v = q->values[i];
        const char *bad = NULL;
        if (!isfinite(v))
            bad = "is not a finite number";
        else if (strcmp(q->name, "T") == 0 && v < 0.0)
            bad = "temperature below 0 K";
        else if (strcmp(q->name, "P") == 0 && v <= 0.0)
            bad = "pressure must be > 0 Pa";
        else if (is_x && (v < 0.0 || v > 1.0))
            bad = "mole fraction outside [0, 1]";
        if (bad) {
            if (q->n > 1)
                lqi_ds_field(c->f, "%s.%s[%zu]", prefix, q->name, i);
            else
                lqi_ds_field(c->f, "%s.%s", prefix, q->name);
            return lqi_ds_fail(c->diag, c->file, c->f, "%s (%g)", bad, v);
        }
    }
    return LQ_OK;
}

static lq_status check_conditions(chk *c) {
    const lq_dataset *ds = c->ds;
    for (size_t i = 0; i < ds->n_conds; i++) {
        lq_status st = check_cond(c, &ds->conds[i], "conditions");
        if (st != LQ_OK) return st;
        for (size_t j = 0; j < i; j++)
            if (strcmp(ds->conds[j].name, ds->conds[i].name) == 0) {
                lqi_ds_field(c->f, "conditions.%s", ds->conds[i].name);
                return lqi_ds_fail(c->diag, c->file, c->f, "given twice");
            }
    }
    if (!lqi_ds_cond_find(ds->conds, ds->n_conds, "P"))
        return lqi_ds_fail(c->diag, c->file, "conditions.P", "missing (pressure, Pa)");
    if (!lqi_ds_cond_find(ds->conds, ds->n_conds, "T"))
        return lqi_ds_fail(c->diag, c->file, "conditions.T", "missing (temperature, K)");
    return LQ_OK;
}

/* values[iP][iT][k] path of flat index i, for thermochemical data. */
static const char *value_field(chk *c, size_t i) {
    size_t n2 = c->ds->shape[2] ? c->ds->shape[2] : 1, n1 = c->ds->shape[1] ? c->ds->shape[1] : 1;
    lqi_ds_field(c->f, "values[%zu][%zu][%zu]", i / (n1 * n2), (i / n2) % n1, i % n2);
    return c->f;
}

static lq_status check_values_shape(chk *c, size_t n_last, const char *last_name) {
    const lq_dataset *ds = c->ds;
    size_t np = lqi_ds_cond_find(ds->conds, ds->n_conds, "P")->n;
    size_t nt = lqi_ds_cond_find(ds->conds, ds->n_conds, "T")->n;
    if (ds->shape[0] != np || ds->shape[1] != nt || ds->shape[2] != n_last || !ds->values)
        return lqi_ds_fail(c->diag, c->file, "values",
                           "shape (%zu, %zu, %zu) does not match the conditions (P, T, %s): "
                           "(%zu, %zu, %zu)",
                           ds->shape[0], ds->shape[1], ds->shape[2], last_name, np, nt, n_last);
    size_t n = np * nt * n_last;
    int activity = strncmp(ds->output, "ACR", 3) == 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(ds->values[i]))
            return lqi_ds_fail(c->diag, c->file, value_field(c, i), "not a finite number");
        if (activity && ds->values[i] <= 0.0)
            return lqi_ds_fail(c->diag, c->file, value_field(c, i),
                               "activity must be > 0 (%g); ESPEI takes its logarithm",
                               ds->values[i]);
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- non-equilibrium (solver) */

static int species_sorted_unique(const lq_dataset_sublattice *s) {
    for (size_t k = 1; k < s->n_species; k++)
        if (strcmp(s->species[k - 1], s->species[k]) >= 0) return 0;
    return 1;
}

static lq_status check_sublattice(chk *c, size_t i, size_t j, int want_occ) {
    const lq_dataset_sublattice *s = &c->ds->configs[i].sub[j];
    lqi_ds_field(c->f, "solver.sublattice_configurations[%zu][%zu]", i, j);
    if (s->n_species == 0 || !s->species)
        return lqi_ds_fail(c->diag, c->file, c->f, "empty sublattice");
    if (s->n_species > 1 && !s->mixing)
        return lqi_ds_fail(c->diag, c->file, c->f, "several species must be written as a list");
    for (size_t k = 0; k < s->n_species; k++) {
        if (!s->species[k] || !s->species[k][0])
            return lqi_ds_fail(c->diag, c->file, c->f, "empty species name");
        if (!is_comp(c->ds, s->species[k]))
            return lqi_ds_fail(c->diag, c->file, c->f, "species %s is not in components",
                               s->species[k]);
    }
    /* ESPEI check_dataset: mixing sublattices must be sorted (core_utils.get_samples relies on it)
     */
    if (!species_sorted_unique(s))
        return lqi_ds_fail(c->diag, c->file, c->f,
                           "mixing species must be sorted alphabetically and distinct");
    if (want_occ != (s->occupancy != NULL)) {
        lqi_ds_field(c->f, "solver.sublattice_occupancies[%zu][%zu]", i, j);
        return lqi_ds_fail(c->diag, c->file, c->f,
                           "occupancies must be given for every sublattice or for none");
    }
    for (size_t k = 0; s->occupancy && k < s->n_species; k++) {
        double y = s->occupancy[k];
        if (!isfinite(y) || y < 0.0 || y > 1.0) {
            lqi_ds_field(c->f, "solver.sublattice_occupancies[%zu][%zu]", i, j);
            return lqi_ds_fail(c->diag, c->file, c->f, "site fraction outside [0, 1] (%g)", y);
        }
    }
    return LQ_OK;
}

static lq_status check_solver(chk *c) {
    const lq_dataset *ds = c->ds;
    if (strcmp(ds->output, "ZPF") == 0)
        return lqi_ds_fail(c->diag, c->file, "solver", "ZPF data cannot have a solver");
    if (ds->n_site_ratios == 0 || !ds->site_ratios)
        return lqi_ds_fail(c->diag, c->file, "solver.sublattice_site_ratios", "missing or empty");
    for (size_t j = 0; j < ds->n_site_ratios; j++)
        if (!isfinite(ds->site_ratios[j]) || ds->site_ratios[j] <= 0.0) {
            lqi_ds_field(c->f, "solver.sublattice_site_ratios[%zu]", j);
            return lqi_ds_fail(c->diag, c->file, c->f, "must be a positive number");
        }
    if (ds->n_configs == 0 || !ds->configs)
        return lqi_ds_fail(c->diag, c->file, "solver.sublattice_configurations",
                           "missing or empty");
    int mixing = 0, have_occ = ds->configs[0].n_sublattices && ds->configs[0].sub &&
                               ds->configs[0].sub[0].occupancy;
    for (size_t i = 0; i < ds->n_configs; i++) {
        const lq_dataset_config *cf = &ds->configs[i];
        if (cf->n_sublattices != ds->n_site_ratios || !cf->sub) {
            lqi_ds_field(c->f, "solver.sublattice_configurations[%zu]", i);
            return lqi_ds_fail(c->diag, c->file, c->f,
                               "%zu sublattices but sublattice_site_ratios has %zu",
                               cf->n_sublattices, ds->n_site_ratios);
        }
        for (size_t j = 0; j < cf->n_sublattices; j++) {
            lq_status st = check_sublattice(c, i, j, have_occ);
            if (st != LQ_OK) return st;
            mixing |= cf->sub[j].mixing;
        }
    }
    /* ESPEI: a mixing configuration needs "sublattice_occupancies" */
    if (mixing && !have_occ)
        return lqi_ds_fail(c->diag, c->file, "solver.sublattice_occupancies",
                           "required: a sublattice configuration mixes species");
    /* ESPEI: every declared component (but VA) is used by a configuration (comp_dof = 0) */
    for (size_t k = 0; k < ds->n_components; k++) {
        int used = strcmp(ds->components[k], "VA") == 0;
        for (size_t i = 0; !used && i < ds->n_configs; i++)
            for (size_t j = 0; !used && j < ds->configs[i].n_sublattices; j++)
                used = in_list(ds->configs[i].sub[j].species, ds->configs[i].sub[j].n_species,
                               ds->components[k]);
        if (!used) {
            lqi_ds_field(c->f, "components[%zu]", k);
            return lqi_ds_fail(c->diag, c->file, c->f,
                               "%s is declared but no sublattice configuration uses it",
                               ds->components[k]);
        }
    }
    return check_values_shape(c, ds->n_configs, "configurations");
}

/* ---------------------------------------------------------------- equilibrium */

/* liquidus's cell-emf data (output "EMF", docs/datasets.md): the "emf" block and the reference
 * state of the electroactive element, which the predicted emf refers to. */
static lq_status check_emf(chk *c) {
    const lq_dataset *ds = c->ds;
    int emf = strcmp(ds->output, "EMF") == 0;
    if (!emf) {
        if (ds->emf_element)
            return lqi_ds_fail(c->diag, c->file, "emf",
                               "only data with output EMF have an emf block");
        return LQ_OK;
    }
    if (!ds->emf_element)
        return lqi_ds_fail(c->diag, c->file, "emf",
                           "EMF data need an emf block (element, "
                           "n_electrons, reference_electrode)");
    if (!is_comp(ds, ds->emf_element) || strcmp(ds->emf_element, "VA") == 0)
        return lqi_ds_fail(c->diag, c->file, "emf.element", "%s is not in components",
                           ds->emf_element);
    if (ds->emf_n_electrons < 1)
        return lqi_ds_fail(c->diag, c->file, "emf.n_electrons", "must be >= 1 (%d)",
                           ds->emf_n_electrons);
    if (!ds->emf_ref_name || !ds->emf_ref_name[0])
        return lqi_ds_fail(c->diag, c->file, "emf.reference_electrode.name", "missing or empty");
    if (!isfinite(ds->emf_ref_a_V) || !isfinite(ds->emf_ref_b_V_per_K))
        return lqi_ds_fail(c->diag, c->file, "emf.reference_electrode",
                           "a_V and b_V_per_K must be finite numbers");
    for (size_t i = 0; i < ds->n_ref_states; i++)
        if (ds->ref_states[i].element && strcmp(ds->ref_states[i].element, ds->emf_element) == 0)
            return LQ_OK;
    lqi_ds_field(c->f, "reference_states.%s", ds->emf_element);
    return lqi_ds_fail(c->diag, c->file, c->f,
                       "EMF data need the reference phase of %s (the pure element the emf "
                       "refers to)",
                       ds->emf_element);
}

static lq_status check_equilibrium(chk *c) {
    const lq_dataset *ds = c->ds;
    size_t nx = 0, len = 0;
    for (size_t i = 0; i < ds->n_conds; i++) {
        const lq_dataset_cond *q = &ds->conds[i];
        if (strncmp(q->name, "X_", 2) != 0) continue;
        lqi_ds_field(c->f, "conditions.%s", q->name);
        if (!is_comp(ds, q->name + 2))
            return lqi_ds_fail(c->diag, c->file, c->f, "%s is not in components", q->name + 2);
        /* ESPEI: composition conditions are not broadcast against each other */
        if (nx && q->n != len)
            return lqi_ds_fail(c->diag, c->file, c->f,
                               "%zu values but the other composition conditions have %zu", q->n,
                               len);
        len = q->n;
        nx++;
    }
    if (nx == 0)
        return lqi_ds_fail(c->diag, c->file, "conditions",
                           "equilibrium data need X_<component> conditions");
    /* ESPEI: at most one component (the dependent one, by mass balance) has no X_ condition */
    size_t nreal = n_real_components(ds);
    if (nreal > nx + 1)
        return lqi_ds_fail(c->diag, c->file, "components",
                           "%zu components but only %zu composition conditions", nreal, nx);
    if (strncmp(ds->output, "ACR", 3) == 0) {
        const char *el = ds->output[3] == '_' ? ds->output + 4 : "";
        if (!is_comp(ds, el))
            return lqi_ds_fail(c->diag, c->file, "output",
                               "%s: activity output must be ACR_<component of the dataset>",
                               ds->output);
        /* ESPEI activity_error reads ds['reference_state'] */
        if (ds->n_ref_phases == 0)
            return lqi_ds_fail(c->diag, c->file, "reference_state.phases",
                               "activity data need a reference_state with phases");
        lq_status st =
            check_names(c, ds->ref_phases, ds->n_ref_phases, "reference_state.phases", 1);
        if (st != LQ_OK) return st;
        if (ds->n_ref_conds == 0)
            return lqi_ds_fail(c->diag, c->file, "reference_state.conditions",
                               "activity data need reference_state conditions");
    }
    for (size_t i = 0; i < ds->n_ref_conds; i++) {
        lq_status st = check_cond(c, &ds->ref_conds[i], "reference_state.conditions");
        if (st != LQ_OK) return st;
    }
    for (size_t i = 0; i < ds->n_ref_states; i++) {
        const lq_dataset_ref_state *r = &ds->ref_states[i];
        lqi_ds_field(c->f, "reference_states.%s.phase", r->element ? r->element : "");
        /* ESPEI check_dataset: each reference state must define "phase" */
        if (!r->element || !r->element[0] || !r->phase || !r->phase[0])
            return lqi_ds_fail(c->diag, c->file, c->f, "missing reference phase");
        for (size_t k = 0; k < r->n_fixed; k++) {
            if (r->fixed[k].n != 1 || !r->fixed[k].values || !isfinite(r->fixed[k].values[0]))
                return lqi_ds_fail(c->diag, c->file, c->f,
                                   "fixed_state_variables must be finite numbers");
        }
    }
    lq_status st = check_emf(c);
    if (st != LQ_OK) return st;
    return check_values_shape(c, len, "compositions");
}

/* ---------------------------------------------------------------- ZPF */

static lq_status check_vertex(chk *c, size_t i, size_t j, size_t *n_known) {
    const lq_dataset *ds = c->ds;
    const lq_zpf_vertex *v = &ds->regions[i].v[j];
    lqi_ds_field(c->f, "values[%zu][%zu]", i, j);
    if (!v->phase || !v->phase[0]) return lqi_ds_fail(c->diag, c->file, c->f, "no phase name");
    if (v->n_comps && (!v->comps || !v->x))
        return lqi_ds_fail(c->diag, c->file, c->f, "components or fractions missing");
    int hyper = strcmp(v->phase, HYPERPLANE) == 0;
    if (!hyper && !in_list(ds->phases, ds->n_phases, v->phase))
        return lqi_ds_fail(c->diag, c->file, c->f, "phase %s is not in phases", v->phase);
    /* ESPEI: each phase composition is given by c-1 components (implicit N = 1) */
    if (v->n_comps + 1 != n_real_components(ds))
        return lqi_ds_fail(c->diag, c->file, c->f,
                           "%zu components given; %zu independent components expected", v->n_comps,
                           n_real_components(ds) - 1);
    double sum = 0.0;
    size_t known = 0;
    for (size_t k = 0; k < v->n_comps; k++) {
        if (!v->comps[k] || !is_comp(ds, v->comps[k]) || strcmp(v->comps[k], "VA") == 0)
            return lqi_ds_fail(c->diag, c->file, c->f, "component %s is not in components",
                               v->comps[k] ? v->comps[k] : "");
        for (size_t q = 0; q < k; q++)
            if (strcmp(v->comps[q], v->comps[k]) == 0)
                return lqi_ds_fail(c->diag, c->file, c->f, "component %s given twice", v->comps[k]);
        double x = v->x[k];
        if (isnan(x)) continue;
        if (!isfinite(x) || x < 0.0 || x > 1.0)
            return lqi_ds_fail(c->diag, c->file, c->f, "mole fraction outside [0, 1] (%g)", x);
        sum += x;
        known++;
    }
    /* ESPEI: known fractions of one vertex sum to at most one */
    if (known && sum > 1.0)
        return lqi_ds_fail(c->diag, c->file, c->f, "mole fractions sum to %g > 1", sum);
    if (hyper && known != v->n_comps)
        return lqi_ds_fail(c->diag, c->file, c->f,
                           "a __HYPERPLANE__ vertex needs every composition (ESPEI zpf_error)");
    if (known == v->n_comps) (*n_known)++;
    return LQ_OK;
}

static lq_status check_zpf(chk *c) {
    const lq_dataset *ds = c->ds;
    if (strcmp(ds->output, "ZPF") != 0)
        return lqi_ds_fail(c->diag, c->file, "output", "ZPF data must have output ZPF");
    for (size_t i = 0; i < ds->n_conds; i++)
        if (strncmp(ds->conds[i].name, "X_", 2) == 0) {
            lqi_ds_field(c->f, "conditions.%s", ds->conds[i].name);
            return lqi_ds_fail(c->diag, c->file, c->f,
                               "ZPF data give compositions in values, not conditions");
        }
    const lq_dataset_cond *T = lqi_ds_cond_find(ds->conds, ds->n_conds, "T");
    const lq_dataset_cond *P = lqi_ds_cond_find(ds->conds, ds->n_conds, "P");
    /* ESPEI: one phase region per temperature */
    if (ds->n_regions == 0 || T->n != ds->n_regions)
        return lqi_ds_fail(c->diag, c->file, "values",
                           "%zu phase regions but conditions.T has %zu values (one per region)",
                           ds->n_regions, T->n);
    /* ESPEI zpf_error._extract_pot_conds: a condition is a scalar or one value per region */
    if (P->n != 1 && P->n != ds->n_regions)
        return lqi_ds_fail(c->diag, c->file, "conditions.P",
                           "%zu values: give one, or one per phase region (%zu)", P->n,
                           ds->n_regions);
    for (size_t i = 0; i < ds->n_regions; i++) {
        const lq_zpf_region *r = &ds->regions[i];
        lqi_ds_field(c->f, "values[%zu]", i);
        if (r->n_vertices == 0 || !r->v)
            return lqi_ds_fail(c->diag, c->file, c->f, "phase region names no phase");
        if (r->T != T->values[i] || r->P != P->values[P->n > 1 ? i : 0])
            return lqi_ds_fail(c->diag, c->file, c->f,
                               "region (T, P) differs from the conditions at this index");
        size_t n_known = 0;
        for (size_t j = 0; j < r->n_vertices; j++) {
            lq_status st = check_vertex(c, i, j, &n_known);
            if (st != LQ_OK) return st;
        }
        if (n_known == 0) {
            lqi_ds_field(c->f, "values[%zu]", i);
            return lqi_ds_fail(c->diag, c->file, c->f,
                               "every phase composition is null; ESPEI needs at least one known "
                               "to define the target hyperplane");
        }
    }
    /* ESPEI check_dataset: every declared phase is used by some region */
    for (size_t p = 0; p < ds->n_phases; p++) {
        int used = 0;
        for (size_t i = 0; !used && i < ds->n_regions; i++)
            for (size_t j = 0; !used && j < ds->regions[i].n_vertices; j++)
                used = strcmp(ds->regions[i].v[j].phase, ds->phases[p]) == 0;
        if (!used) {
            lqi_ds_field(c->f, "phases[%zu]", p);
            return lqi_ds_fail(c->diag, c->file, c->f, "%s is declared but in no phase region",
                               ds->phases[p]);
        }
    }
    /* ESPEI: each declared component (but VA) is used by the vertices (comp_dof = 1, above) */
    return LQ_OK;
}

static lq_status check_common(chk *c) {
    const lq_dataset *ds = c->ds;
    if (!ds->output || !ds->output[0])
        return lqi_ds_fail(c->diag, c->file, "output", "missing or empty");
    lq_status st = check_names(c, ds->components, ds->n_components, "components", 1);
    if (st == LQ_OK) st = check_names(c, ds->phases, ds->n_phases, "phases", 1);
    if (st == LQ_OK)
        st = check_names(c, ds->excluded, ds->n_excluded, "excluded_model_contributions", 0);
    if (st == LQ_OK) st = check_names(c, ds->tags, ds->n_tags, "tags", 0);
    if (st != LQ_OK) return st;
    if (ds->kind != LQ_DATASET_EQ_THERMO && (ds->emf_element || strcmp(ds->output, "EMF") == 0))
        return lqi_ds_fail(c->diag, c->file, ds->kind == LQ_DATASET_ZPF ? "emf" : "solver",
                           "EMF data are equilibrium data: no solver, output EMF");
    if (!isfinite(ds->weight) || ds->weight <= 0.0)
        return lqi_ds_fail(c->diag, c->file, "weight", "must be a positive number (%g)",
                           ds->weight);
    return check_conditions(c);
}

lq_status lqi_ds_check(const lq_dataset *ds, const char *file, lq_diag *diag) {
    chk c = {ds, file, diag, {0}};
    lq_status st = check_common(&c);
    if (st != LQ_OK) return st;
    switch (ds->kind) {
        case LQ_DATASET_NONEQ_THERMO:
            return check_solver(&c);
        case LQ_DATASET_EQ_THERMO:
            if (strcmp(ds->output, "ZPF") == 0)
                return lqi_ds_fail(diag, file, "output", "ZPF is not thermochemical data");
            return check_equilibrium(&c);
        case LQ_DATASET_ZPF:
            return check_zpf(&c);
    }
    return lqi_ds_fail(diag, file, "", "unknown dataset kind");
}
