/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Database queries: elements, phases, warnings, and evaluation of FUNCTIONs. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "thermo/thermo_internal.h"

size_t lq_db_element_count(const lq_db *db) { return db ? db->nel : 0; }

const char *lq_db_element_name(const lq_db *db, size_t i) {
    return db && i < db->nel ? db->el[i].name : NULL;
}

size_t lq_db_phase_count(const lq_db *db) { return db ? db->nph : 0; }

const char *lq_db_phase_name(const lq_db *db, size_t i) {
    return db && i < db->nph ? db->ph[i].name : NULL;
}

size_t lq_db_warning_count(const lq_db *db) { return db ? db->nwarn : 0; }

const char *lq_db_warning(const lq_db *db, size_t i) {
    return db && i < db->nwarn ? db->warn[i] : NULL;
}

lq_status lq_db_function_eval(const lq_db *db, const char *name, double T, double P, double *value,
                              int *extrapolated) {
    if (!db || !name || !value) return LQ_EINVAL;
    if (!isfinite(T) || !(T > 0.0) || !isfinite(P) || !(P > 0.0)) return LQ_EDOM;
    int f = lqi_thermo_find_func(db, name);
    if (f < 0) return LQ_ENOTFOUND;
    const lqi_xpool *p = &db->pool;
    int *order = lqi_malloc_array(p->nfunc, sizeof *order);
    lqi_jet *cache = lqi_malloc_array(p->nfunc, sizeof *cache);
    unsigned *gen = lqi_calloc(p->nfunc, sizeof *gen);
    lq_status st = LQ_OK;
    size_t no = 0;
    if (!order || !cache || !gen) {
        st = LQ_ENOMEM;
    } else {
        int rc = lqi_thermo_func_order(p, &f, 1, order, &no, NULL);
        if (rc == -1) st = LQ_ENOMEM;
        if (rc == -2) st = LQ_EINVAL; /* cycles are refused when reading; kept for safety */
    }
    lqi_jet out = {0.0, 0.0, 0.0};
    int ex = 0;
    for (size_t k = 0; k < no && st == LQ_OK; k++) {
        int e = 0;
        if (lqi_thermo_func_eval(p, order[k], T, P, cache, gen, 1u, &out, &e, NULL))
            st = LQ_ENOTFOUND; /* it calls a function that is not defined */
        if (order[k] == f) ex = e;
    }
    lqi_free(order);
    lqi_free(cache);
    lqi_free(gen);
    if (st != LQ_OK) return st;
    if (!isfinite(out.v)) return LQ_EDOM;
    *value = out.v;
    if (extrapolated) *extrapolated = ex;
    return LQ_OK;
}

lq_status lq_db_summary_get(const lq_db *db, lq_db_summary *s) {
    if (!db || !s) return LQ_EINVAL;
    memset(s, 0, sizeof *s);
    s->n_elements = db->nel;
    s->n_species = db->nsp;
    for (size_t f = 0; f < db->pool.nfunc; f++)
        if (db->pool.func[f].name[0]) s->n_functions++;
    s->n_phases = db->nph;
    s->n_parameters = db->npar;
    for (size_t i = 0; i < db->npar; i++)
        if (db->par[i].phase_idx < 0) s->n_parameters_unused++;
    s->n_references = db->nref;
    s->n_warnings = db->nwarn;
    return LQ_OK;
}

lq_status lq_db_phase_describe(const lq_db *db, size_t i, lq_db_phase_desc *d) {
    if (!db || !d || i >= db->nph) return LQ_EINVAL;
    const lqi_phase *ph = &db->ph[i];
    memset(d, 0, sizeof *d);
    d->name = ph->name;
    d->type_suffix = ph->suffix;
    d->n_sublattices = (size_t)ph->nsub;
    d->site_ratio = ph->site;
    for (int s = 0; s < ph->nsub; s++) d->n_constituents += (size_t)ph->ncons[s];
    d->magnetic = ph->magnetic;
    d->afm_factor = ph->magnetic ? ph->afm : 0.0;
    d->structure_factor = ph->magnetic ? ph->p : 0.0;
    for (size_t k = 0; k < db->npar; k++)
        if (db->par[k].phase_idx == (int)i) d->n_parameters++;
    d->line = ph->line;
    d->ionic = ph->ionic;
    if (ph->dis_part) {
        d->disordered_part = db->ph[ph->dis_phase].name;
        d->never_disordered = ph->dis_part == 2;
    }
    d->model = lqi_thermo_models[lqi_thermo_phase_model(ph)].name;
    return LQ_OK;
}

const char *lq_db_phase_constituent(const lq_db *db, size_t i, size_t k, size_t *sublattice) {
    if (!db || i >= db->nph) return NULL;
    const lqi_phase *ph = &db->ph[i];
    size_t base = 0;
    for (int s = 0; s < ph->nsub; s++) {
        if (k < base + (size_t)ph->ncons[s]) {
            if (sublattice) *sublattice = (size_t)s;
            return db->sp[ph->cons[k]].name;
        }
        base += (size_t)ph->ncons[s];
    }
    return NULL;
}
