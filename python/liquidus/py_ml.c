/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Python binding of the ml module: MEGNet formation energies of structures. */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

const char lqp_ml_predict_doc[] =
    "ml_predict(structures, model=None, n_threads=0) -> dict\n\n"
    "Formation energies (lq_ml_predict_many) of structures (paths or dicts as structure_read\n"
    "returns) with a MEGNet model file (None: the bundled MEGNet-MP-2018.6.1-Eform). Returns\n"
    "model, mae_eV_per_atom and arrays over structures: eform_eV_per_atom (NaN where it failed),\n"
    "sigma_eV_per_atom, flags (LQ_ML_FLAG_*: 1 element, 2 bonding, 4 isolated), status (0 ok)\n"
    "and the list reason.";

PyObject *lqp_ml_predict(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"structures", "model", "n_threads", NULL};
    PyObject *so, *mo = Py_None, *res = NULL;
    int nt = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|Oi", kwlist, &so, &mo, &nt)) return NULL;
    PyObject *seq = PySequence_Fast(so, "structures must be a sequence");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    lq_structure **s = PyMem_Calloc((size_t)n + 1, sizeof *s);
    lq_ml_prediction *p = PyMem_Calloc((size_t)n + 1, sizeof *p);
    lq_ml_model *m = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (!s || !p) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(s[i] = lqp_structure_arg(PySequence_Fast_GET_ITEM(seq, i)))) goto done;
    lq_status st;
    if (mo == Py_None) {
        st = lq_ml_model_read_default(&m, &d);
    } else {
        PyObject *pb = NULL;
        if (!PyUnicode_FSConverter(mo, &pb)) goto done;
        st = lq_ml_model_read(PyBytes_AS_STRING(pb), &m, &d);
        Py_DECREF(pb);
    }
    if (st != LQ_OK) {
        lqp_raise(st, &d, "ml_predict");
        goto done;
    }
    npy_intp dn = (npy_intp)n;
    PyObject *e = PyArray_SimpleNew(1, &dn, NPY_DOUBLE),
             *sg = PyArray_SimpleNew(1, &dn, NPY_DOUBLE);
    PyObject *fl = PyArray_SimpleNew(1, &dn, NPY_INT), *ss = PyArray_SimpleNew(1, &dn, NPY_INT);
    PyObject *rs = PyList_New(n);
    if (!e || !sg || !fl || !ss || !rs) {
        Py_XDECREF(e);
        Py_XDECREF(sg);
        Py_XDECREF(fl);
        Py_XDECREF(ss);
        Py_XDECREF(rs);
        goto done;
    }
    /* every structure gets its prediction or its reason; the first failure is not raised */
    Py_BEGIN_ALLOW_THREADS lq_ml_predict_many(m, (const lq_structure *const *)s, (size_t)n, nt, p,
                                              NULL);
    Py_END_ALLOW_THREADS for (Py_ssize_t i = 0; i < n; i++) {
        ((double *)PyArray_DATA((PyArrayObject *)e))[i] = p[i].eform_eV_per_atom;
        ((double *)PyArray_DATA((PyArrayObject *)sg))[i] = p[i].sigma_eV_per_atom;
        ((int *)PyArray_DATA((PyArrayObject *)fl))[i] = (int)p[i].flags;
        ((int *)PyArray_DATA((PyArrayObject *)ss))[i] = isnan(p[i].eform_eV_per_atom) ? 1 : 0;
        PyList_SET_ITEM(rs, i, PyUnicode_FromString(p[i].reason));
    }
    res = Py_BuildValue("{sssdsNsNsNsNsN}", "model", lq_ml_model_name(m), "mae_eV_per_atom",
                        lq_ml_model_mae_eV_per_atom(m), "eform_eV_per_atom", e, "sigma_eV_per_atom",
                        sg, "flags", fl, "status", ss, "reason", rs);
done:
    if (s)
        for (Py_ssize_t i = 0; i < n; i++) lq_structure_free(s[i]);
    PyMem_Free(s);
    PyMem_Free(p);
    lq_ml_model_free(m);
    Py_DECREF(seq);
    return res;
}
