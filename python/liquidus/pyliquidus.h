/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared declarations of the liquidus Python extension (python/liquidus/_liquidus.c and py_*.c). */
#ifndef LIQUIDUS_PYLIQUIDUS_H
#define LIQUIDUS_PYLIQUIDUS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
/* One NumPy C-API table for the whole module; only _liquidus.c imports it (import_array). */
#define PY_ARRAY_UNIQUE_SYMBOL lqp_ARRAY_API
#include <numpy/arrayobject.h>

#include <liquidus/assess.h>
#include <liquidus/liquidus.h>

/* ---------------------------------------------------------------- method records */

/**
 * One call of the module: adding a binding is one entry in the table of _liquidus.c (LQP_FN) plus
 * the function, which takes (self, args, kwargs) and has its docstring `<name>_doc`.
 */
#define LQP_FN(name)                                                                  \
    {                                                                                 \
#name, (PyCFunction)(void (*)(void))lqp_##name, METH_VARARGS | METH_KEYWORDS, \
            lqp_##name##_doc                                                          \
    }
#define LQP_DECL(name)                                                  \
    PyObject *lqp_##name(PyObject *self, PyObject *args, PyObject *kw); \
    extern const char lqp_##name##_doc[]

/* ---------------------------------------------------------------- structures */

/** A structure from a path (CIF/POSCAR) or a dict shaped like structure_read's result (new, free
 *  with lq_structure_free); raises and returns NULL on failure (py_dft.c). */
lq_structure *lqp_structure_arg(PyObject *obj);

/* ---------------------------------------------------------------- errors */

/**
 * Raises the liquidus.Error subclass of `st` carrying the diag: message "<what>: <file:line:col:
 * field: msg> (<status text>)" and attributes status, status_name, file, line, column, field,
 * detail. Returns NULL so callers can `return lqp_raise(...)`.
 */
PyObject *lqp_raise(lq_status st, const lq_diag *diag, const char *what);
/** Creates the exception classes in module `m`; 0 or -1. */
int lqp_errors_init(PyObject *m);

/* ---------------------------------------------------------------- databases */

/** Equilibrium context cached by a Database: a system of given components/phases and its
 *  workspace and result (lq_eq_ws is not shared between threads: the owner's lock guards it). */
typedef struct lqp_eqctx {
    char key[512]; /**< "COMP,COMP|PHASE,...|P" */
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
} lqp_eqctx;

#define LQP_MAX_CTX 8

/** liquidus.Database: a parsed TDB database. */
typedef struct lqp_database {
    PyObject_HEAD lq_db *db;
    PyObject *path; /**< str: the file read */
    PyThread_type_lock lock;
    lqp_eqctx ctx[LQP_MAX_CTX];
    size_t nctx, next; /**< contexts in use; next slot to recycle */
} lqp_database;

extern PyTypeObject lqp_database_type;

/**
 * A Database from a Database (new reference to it) or a str/PathLike (read now; bundled names
 * resolved as in Database()).
 */
lqp_database *lqp_database_get(PyObject *obj);

/**
 * The equilibrium context of `db` for these components (NULL/None: every element but VA and /-)
 * and phases (NULL/None: all), at pressure P. Call with db->lock held. Raises and returns NULL on
 * failure.
 */
lqp_eqctx *lqp_database_context(lqp_database *db, PyObject *components, PyObject *phases, double P);

/** Acquires the Database's lock with the GIL released (so other threads can run meanwhile). */
void lqp_database_lock(lqp_database *db);
void lqp_database_unlock(lqp_database *db);

/* ---------------------------------------------------------------- helpers */

/** Path argument (str or os.PathLike) as a new bytes object (PyUnicode_FSConverter). */
int lqp_path_conv(PyObject *obj, void *out);
/** A float64 C-contiguous array of `obj` (new reference), or NULL with an exception. */
PyArrayObject *lqp_double_array(PyObject *obj);
/** A new 1-D float64 array holding a copy of v[0..n). */
PyObject *lqp_vec(const double *v, size_t n);
/** Sets d[key] = value and drops the reference to value; -1 (with value released) on failure. */
int lqp_set(PyObject *d, const char *key, PyObject *value);
/** Upper-case copy of a component or phase name into buf. */
void lqp_upper(const char *s, char *buf, size_t size);
/** Names of the components (phases = 0) or phases (1) of sys as a new list. */
PyObject *lqp_name_list(const lq_system *sys, int phases);
/** One composition set of an equilibrium as the dict liquidus.Phase reads. */
PyObject *lqp_phase_dict(const lq_system *sys, size_t nc, const lq_eq_phase *ph);
/** The dict liquidus.Equilibrium reads: result r of nc components with activities a, ln a against
 *  reference phases refp (each [nc]; a reference without a name is None). */
PyObject *lqp_eq_dict(const lq_system *sys, const lq_eq_result *r, size_t nc, const double *a,
                      const double *lna, const size_t *refp);

/* ---------------------------------------------------------------- the calls (py_*.c) */

LQP_DECL(data_path);
LQP_DECL(version);
LQP_DECL(equilibrium);
LQP_DECL(prop);
LQP_DECL(map);
LQP_DECL(solubility);
LQP_DECL(echem_read);
LQP_DECL(thermal_dsc_analyse);
LQP_DECL(echem_ref_convert);
LQP_DECL(echem_ca_analyse);
LQP_DECL(echem_ocp_plateaus);
LQP_DECL(echem_swv_fit);
LQP_DECL(echem_emf_activity);
LQP_DECL(echem_emf_temperature);
LQP_DECL(structure_read);
LQP_DECL(xrd_pattern);
LQP_DECL(ml_predict);
LQP_DECL(eos_fit);
LQP_DECL(hull);
LQP_DECL(md_rdf);
LQP_DECL(md_msd);
LQP_DECL(md_redox);
LQP_DECL(echem_summary);
LQP_DECL(echem_emf_analyse);
LQP_DECL(echem_swv_analyse);
LQP_DECL(echem_ca_record_analyse);
LQP_DECL(echem_ocp_analyse);
LQP_DECL(assess_dataset_read);
LQP_DECL(assess_datasets_read);
LQP_DECL(assess_dataset_activity);
LQP_DECL(assess_dataset_zpf_csv);
LQP_DECL(assess_run_read);
LQP_DECL(assess_paramgen);
LQP_DECL(assess_uq_props);
LQP_DECL(step);
LQP_DECL(liquidus_T);
LQP_DECL(hull_file);
LQP_DECL(ev_read);
LQP_DECL(structure_formula);
LQP_DECL(md_series_stats);
LQP_DECL(xrd_profiles);
LQP_DECL(prop_grid);
LQP_DECL(eq_batch);
LQP_DECL(equilibrium_conditions);
LQP_DECL(liquidus_projection);
LQP_DECL(liquidus_scan);
LQP_DECL(echem_cv_analyse);
LQP_DECL(assess_dataset_hm_form);
LQP_DECL(assess_dataset_zpf);
LQP_DECL(assess_datasets_check);
LQP_DECL(cell);
LQP_DECL(cell_invert);

/** Adds the assess types (Dataset, LnProb) to the module; 0 or -1 (py_assess.c). */
int lqp_assess_init(PyObject *m);
/** A new liquidus.assess.Dataset owning ds (freed on failure); None for NULL (py_assess.c). */
PyObject *lqp_dataset_wrap(lq_dataset *ds);

#endif /* LIQUIDUS_PYLIQUIDUS_H */
