/* SPDX-License-Identifier: GPL-3.0-or-later */
/* liquidus.eq_batch: a batch of equilibria (lq_eq_batch_run) over a grid or a CSV points file,
 * returned as NumPy arrays with one status per point. */
#define NO_IMPORT_ARRAY
#include <string.h>

#include "pyliquidus.h"

const char lqp_eq_batch_doc[] =
    "eq_batch(db, grid=None, points=None, components=None, phases=None, threads=0, chunk=64,\n"
    "         zero=None, free=None) -> dict\n\n"
    "Equilibria at every point of a grid specification ('T=300:2000:10,X(ND)=0:1:0.01', the\n"
    "first condition slowest) or of a CSV points file (a header of conditions: T, P, X(EL),\n"
    "W(EL), N(EL), N, B(EL), B), OpenMP over points with warm starts (lq_eq_batch_run, as\n"
    "`liquidus eq --grid/--points`). A failed point never stops the others: 'status' (n, status\n"
    "names, 'ok' for a solved point) and 'message' (n, None or why) say which; their values are\n"
    "NaN. Arrays: 'T_K', 'P_Pa', 'N_mol', 'G', 'H', 'S', 'Cp' (n; per mole of atoms, SER), 'x'\n"
    "and 'mu' (n, ncomp; mu = -inf for an absent component), 'amount' (n, n_phases; mol of\n"
    "atoms per mol of atoms), 'component_names', 'phase_names', 'n_failed', 'n_invalid'. With\n"
    "zero (a phase) and free ('T' or a component) every point starts a boundary solve with that\n"
    "phase at zero amount and T or x(free) unknown.";

/* A 2-D float64 array copy of v[rows * cols]. */
static PyObject *mat(const double *v, size_t rows, size_t cols) {
    npy_intp dims[2] = {(npy_intp)rows, (npy_intp)cols};
    PyObject *a = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    if (a) memcpy(PyArray_DATA((PyArrayObject *)a), v, rows * cols * sizeof(double));
    return a;
}

/* Lists of the status names and messages of every point. */
static int status_lists(const lq_eq_batch_result *r, PyObject **st, PyObject **msg) {
    *st = PyList_New((Py_ssize_t)r->n_points);
    *msg = PyList_New((Py_ssize_t)r->n_points);
    if (!*st || !*msg) return -1;
    for (size_t i = 0; i < r->n_points; i++) {
        int ok = r->status[i] == LQ_OK;
        PyObject *s = PyUnicode_FromString(ok ? "ok" : lq_status_str(r->status[i]));
        PyObject *m = ok || !r->message[i] ? (Py_INCREF(Py_None), Py_None)
                                           : PyUnicode_FromString(r->message[i]);
        if (!s || !m) {
            Py_XDECREF(s);
            Py_XDECREF(m);
            return -1;
        }
        PyList_SET_ITEM(*st, (Py_ssize_t)i, s);
        PyList_SET_ITEM(*msg, (Py_ssize_t)i, m);
    }
    return 0;
}

/* Names of the components and phases of sys. */
static int name_lists(const lq_system *sys, PyObject **comps, PyObject **phases) {
    size_t nc = lq_system_component_count(sys), np = lq_system_phase_count(sys);
    *comps = PyList_New((Py_ssize_t)nc);
    *phases = PyList_New((Py_ssize_t)np);
    if (!*comps || !*phases) return -1;
    for (size_t c = 0; c < nc; c++) {
        PyObject *u = PyUnicode_FromString(lq_system_component_name(sys, c));
        if (!u) return -1;
        PyList_SET_ITEM(*comps, (Py_ssize_t)c, u);
    }
    for (size_t p = 0; p < np; p++) {
        lq_phase_info in;
        lq_system_phase_info(sys, p, &in);
        PyObject *u = PyUnicode_FromString(in.name);
        if (!u) return -1;
        PyList_SET_ITEM(*phases, (Py_ssize_t)p, u);
    }
    return 0;
}

static PyObject *result_dict(const lq_system *sys, const lq_eq_batch_result *r) {
    PyObject *st = NULL, *msg = NULL, *cn = NULL, *pn = NULL;
    if (status_lists(r, &st, &msg) < 0 || name_lists(sys, &cn, &pn) < 0) {
        Py_XDECREF(st);
        Py_XDECREF(msg);
        Py_XDECREF(cn);
        Py_XDECREF(pn);
        return NULL;
    }
    size_t n = r->n_points;
    return Py_BuildValue("{sNsNsNsNsNsNsNsNsNsNsNsNsNsNsnsn}", "T_K", lqp_vec(r->T, n), "P_Pa",
                         lqp_vec(r->P, n), "N_mol", lqp_vec(r->N, n), "G", lqp_vec(r->G, n), "H",
                         lqp_vec(r->H, n), "S", lqp_vec(r->S, n), "Cp", lqp_vec(r->Cp, n), "x",
                         mat(r->x, n, r->ncomp), "mu", mat(r->mu, n, r->ncomp), "amount",
                         mat(r->amount, n, r->n_phases), "status", st, "message", msg,
                         "component_names", cn, "phase_names", pn, "n_failed",
                         (Py_ssize_t)r->n_failed, "n_invalid", (Py_ssize_t)r->n_invalid);
}

/* zero (phase name) and free ("T" or a component) into the options; 0, or -1 with ValueError. */
static int zero_free(const lq_system *sys, const char *zero, const char *free_var,
                     lq_eq_batch_options *o) {
    if (!zero) return 0;
    char up[64];
    lqp_upper(zero, up, sizeof up);
    if (lq_system_phase_find(sys, up, &o->zero_phase) != LQ_OK) {
        PyErr_Format(PyExc_ValueError, "eq_batch: %s is not a phase of the system", zero);
        return -1;
    }
    lqp_upper(free_var, up, sizeof up);
    if (strcmp(up, "T") == 0) return 0;
    for (size_t c = 0; c < lq_system_component_count(sys); c++)
        if (strcmp(up, lq_system_component_name(sys, c)) == 0) {
            o->free_var = c;
            return 0;
        }
    PyErr_Format(PyExc_ValueError, "eq_batch: free=%s is neither T nor a component", free_var);
    return -1;
}

PyObject *lqp_eq_batch(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db",      "grid",  "points", "components", "phases",
                             "threads", "chunk", "zero",   "free",       NULL};
    PyObject *dbo, *comps = Py_None, *phases = Py_None, *pathb = NULL, *patho = Py_None;
    const char *grid = NULL, *zero = NULL, *free_var = NULL;
    int threads = 0;
    Py_ssize_t chunk = 64;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|zOOOinzz", kwlist, &dbo, &grid, &patho, &comps,
                                     &phases, &threads, &chunk, &zero, &free_var))
        return NULL;
    if ((zero == NULL) != (free_var == NULL)) {
        PyErr_SetString(PyExc_ValueError, "eq_batch: zero and free go together");
        return NULL;
    }
    if (patho != Py_None && !lqp_path_conv(patho, &pathb)) return NULL;
    if ((grid == NULL) == (pathb == NULL) || threads < 0 || chunk < 1) {
        Py_XDECREF(pathb);
        PyErr_SetString(PyExc_ValueError,
                        "eq_batch: give grid or points (one of them), threads >= 0, chunk >= 1");
        return NULL;
    }
    lq_eq_points *pts = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = grid ? lq_eq_points_grid(grid, &pts, &d)
                        : lq_eq_points_read(PyBytes_AS_STRING(pathb), &pts, &d);
    Py_XDECREF(pathb);
    if (st != LQ_OK) return lqp_raise(st, &d, "eq_batch");
    lqp_database *db = lqp_database_get(dbo);
    if (!db) {
        lq_eq_points_free(pts);
        return NULL;
    }
    PyObject *out = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, phases, 101325.0);
    if (c) {
        lq_eq_batch_options o;
        lq_eq_batch_options_default(&o);
        o.n_threads = threads;
        o.chunk = (size_t)chunk;
        if (zero_free(c->sys, zero, free_var, &o) == 0) {
            lq_eq_batch_result *r = NULL;
            Py_BEGIN_ALLOW_THREADS st = lq_eq_batch_run(db->db, c->sys, pts, &o, &r, &d);
            Py_END_ALLOW_THREADS if (st != LQ_OK) lqp_raise(st, &d, "eq_batch");
            else out = result_dict(c->sys, r);
            lq_eq_batch_result_free(r);
        }
    }
    lqp_database_unlock(db);
    Py_DECREF(db);
    lq_eq_points_free(pts);
    return out;
}
