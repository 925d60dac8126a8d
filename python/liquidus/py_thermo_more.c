/* SPDX-License-Identifier: GPL-3.0-or-later */
/* More thermodynamic calls of the Python extension: temperature step (lq_step_compute) and the
 * liquidus temperature of a composition (lq_eq_liquidus_T_find). */
#define NO_IMPORT_ARRAY
#include <string.h>

#include "pyliquidus.h"

static PyObject *phase_str(const lq_system *sys, size_t p) {
    lq_phase_info info;
    if (lq_system_phase_info(sys, p, &info) != LQ_OK) Py_RETURN_NONE;
    return PyUnicode_FromString(info.name);
}

/* Overall composition from {component: x} with one component left out as the balance. */
static int x_arg(const lq_system *sys, PyObject *xd, double *x, size_t nc, const char *what) {
    if (!PyDict_Check(xd)) {
        PyErr_Format(PyExc_TypeError, "%s: x must be a dict {component: mole fraction}", what);
        return -1;
    }
    int given[16] = {0};
    double sum = 0.0;
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(xd, &pos, &k, &v)) {
        const char *name = PyUnicode_AsUTF8(k);
        double val = PyFloat_AsDouble(v);
        if (!name || PyErr_Occurred()) return -1;
        char up[64];
        lqp_upper(name, up, sizeof up);
        size_t i = 0;
        for (; i < nc; i++)
            if (strcmp(lq_system_component_name(sys, i), up) == 0) break;
        if (i == nc) {
            PyErr_Format(PyExc_ValueError, "%s: %s is not a component of the system", what, name);
            return -1;
        }
        x[i] = val;
        given[i] = 1;
        sum += val;
    }
    size_t nfree = 0, bal = 0;
    for (size_t i = 0; i < nc; i++)
        if (!given[i]) {
            nfree++;
            bal = i;
        }
    if (nfree != 1) {
        PyErr_Format(PyExc_ValueError, "%s: give the mole fractions of all components but one",
                     what);
        return -1;
    }
    x[bal] = 1.0 - sum;
    return 0;
}

const char lqp_step_doc[] =
    "step(db, x, T, components=None, invariant_points=False) -> dict\n\n"
    "Equilibrium at every temperature T (K, array) for the fixed overall composition x\n"
    "({component: mole fraction}, one component the balance), P = 101325 Pa\n"
    "(lq_step_compute, as `liquidus step`): 'T_K' (the temperatures; with invariant_points, for a\n"
    "binary, also 1e-3 K either side of each invariant reaction, sorted), 'amount' (n_T x\n"
    "n_phases: mol of atoms of each phase per mol of atoms, two composition sets added),\n"
    "'phase_names' and 'present' (phases with an amount somewhere).";

PyObject *lqp_step(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "x", "T", "components", "invariant_points", NULL};
    PyObject *dbo, *xd, *To, *comps = Py_None;
    int inv = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|Op", kwlist, &dbo, &xd, &To, &comps, &inv))
        return NULL;
    PyArrayObject *Ta = lqp_double_array(To);
    if (!Ta) return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) {
        Py_DECREF(Ta);
        return NULL;
    }
    PyObject *out = NULL;
    lq_step_result *r = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, Py_None, 101325.0);
    double x[16];
    size_t nc = c ? lq_system_component_count(c->sys) : 0;
    if (!c || x_arg(c->sys, xd, x, nc, "step") < 0) goto done;
    lq_step_options so;
    lq_step_options_default(&so);
    so.x = x;
    so.ncomp = nc;
    so.T_K = (const double *)PyArray_DATA(Ta);
    so.n_T = (size_t)PyArray_SIZE(Ta);
    so.invariant_points = inv;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_step_compute(c->ws, &so, &r, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lqp_raise(st, &d, "step");
        goto done;
    }
    npy_intp dims[2] = {(npy_intp)r->n_T, (npy_intp)r->n_phases};
    PyObject *amount = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    PyObject *present = PyArray_SimpleNew(1, &dims[1], NPY_BOOL);
    PyObject *names = PyList_New(0);
    if (amount && present && names) {
        memcpy(PyArray_DATA((PyArrayObject *)amount), r->amount,
               r->n_T * r->n_phases * sizeof(double));
        for (size_t p = 0; p < r->n_phases; p++) {
            ((npy_bool *)PyArray_DATA((PyArrayObject *)present))[p] = r->present[p] != 0;
            PyObject *u = phase_str(c->sys, p);
            if (!u || PyList_Append(names, u) < 0) Py_CLEAR(names);
            Py_XDECREF(u);
            if (!names) break;
        }
    }
    if (amount && present && names)
        out = Py_BuildValue("{sNsNsNsN}", "T_K", lqp_vec(r->T_K, r->n_T), "amount", amount,
                            "present", present, "phase_names", names);
    else {
        Py_XDECREF(amount);
        Py_XDECREF(present);
        Py_XDECREF(names);
    }
done:
    lq_step_result_free(r);
    lqp_database_unlock(db);
    Py_DECREF(db);
    Py_DECREF(Ta);
    return out;
}

const char lqp_liquidus_T_doc[] =
    "liquidus_T(db, x, T_guess=1000.0, liquid='LIQUID', components=None) -> (float, str)\n\n"
    "Liquidus temperature (K) of the overall composition x ({component: mole fraction}, one\n"
    "the balance) and the phase that appears there (lq_eq_liquidus_T_find: for every other phase\n"
    "the T at which it appears with zero amount next to the liquid, from T_guess; the highest).";

PyObject *lqp_liquidus_T(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "x", "T_guess", "liquid", "components", NULL};
    PyObject *dbo, *xd, *comps = Py_None;
    double Tg = 1000.0;
    const char *liq = "LIQUID";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|dsO", kwlist, &dbo, &xd, &Tg, &liq, &comps))
        return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, Py_None, 101325.0);
    double x[16];
    size_t nc = c ? lq_system_component_count(c->sys) : 0, lp = 0, solid = 0;
    char up[64];
    lqp_upper(liq, up, sizeof up);
    if (!c || x_arg(c->sys, xd, x, nc, "liquidus_T") < 0) goto done;
    if (lq_system_phase_find(c->sys, up, &lp) != LQ_OK) {
        PyErr_Format(PyExc_ValueError, "liquidus_T: %s is not a phase of the system", liq);
        goto done;
    }
    double T = 0.0;
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_eq_liquidus_T_find(c->ws, Tg, x, nc, lp, c->res, &T, &solid);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lq_diag d;
        lq_diag_clear(&d);
        snprintf(d.msg, sizeof d.msg, "no phase appears next to %s (from T = %g K)", up, Tg);
        lqp_raise(st, &d, "liquidus_T");
        goto done;
    }
    out = Py_BuildValue("(dN)", T, phase_str(c->sys, solid));
done:
    lqp_database_unlock(db);
    Py_DECREF(db);
    return out;
}
