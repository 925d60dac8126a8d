/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thermodynamic calls of the Python extension: equilibrium (one or a batch), prop, map, solubility.
 */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

/* ---------------------------------------------------------------- composition arguments */

/* Conditions of a call: T and the given mole fractions broadcast to one shape. */
typedef struct conds {
    lqp_eqctx *ctx;
    size_t nc, np, npts;
    int ndim;
    npy_intp shape[NPY_MAXDIMS];
    PyArrayObject *T;       /* float64, broadcast shape */
    PyArrayObject *xa[16];  /* per component: the given x, or NULL for the balance */
    size_t balance;         /* component computed as 1 - the others (nc when all are given) */
    size_t ref[16];         /* reference phase per component, (size_t)-1 = stable pure state */
    size_t zero, free_comp; /* lq_eq_solve_T/_x: phase at zero amount, free component */
    int free_T;             /* 1: T unknown */
    int has_zero;
} conds;

static void conds_free(conds *c) {
    Py_XDECREF(c->T);
    for (size_t i = 0; i < 16; i++) Py_XDECREF(c->xa[i]);
}

static int comp_index(const lq_system *sys, const char *name, size_t *idx) {
    char up[32];
    lqp_upper(name, up, sizeof up);
    for (size_t c = 0; c < lq_system_component_count(sys); c++)
        if (strcmp(lq_system_component_name(sys, c), up) == 0) {
            *idx = c;
            return 0;
        }
    return -1;
}

/* Broadcasts T and the x values (numpy.broadcast_arrays) into contiguous float64 arrays. */
static int broadcast(PyObject *T, PyObject *xd, conds *c) {
    const lq_system *sys = c->ctx->sys;
    PyObject *items = PyList_New(0), *keys = PyList_New(0);
    PyObject *np = PyImport_ImportModule("numpy");
    PyObject *res = NULL;
    int rc = -1;
    if (!items || !keys || !np || PyList_Append(items, T) < 0) goto done;
    if (PyDict_Size(xd) > 16) {
        PyErr_SetString(PyExc_ValueError, "x: at most 16 components");
        goto done;
    }
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(xd, &pos, &k, &v)) {
        const char *name = PyUnicode_AsUTF8(k);
        size_t idx;
        if (!name) goto done;
        if (comp_index(sys, name, &idx) < 0) {
            PyErr_Format(PyExc_ValueError, "x: %s is not a component of the system", name);
            goto done;
        }
        if (PyList_Append(items, v) < 0 || PyList_Append(keys, k) < 0) goto done;
    }
    PyObject *fn = PyObject_GetAttrString(np, "broadcast_arrays");
    PyObject *tup = fn ? PyList_AsTuple(items) : NULL;
    res = tup ? PyObject_CallObject(fn, tup) : NULL;
    Py_XDECREF(fn);
    Py_XDECREF(tup);
    if (!res) goto done;
    PyArrayObject *arrs[17];
    Py_ssize_t n = PySequence_Length(res);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *it = PySequence_GetItem(res, i);
        arrs[i] = it ? (PyArrayObject *)PyArray_FROMANY(
                           it, NPY_DOUBLE, 0, 0,
                           NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED | NPY_ARRAY_ENSURECOPY)
                     : NULL;
        Py_XDECREF(it);
        if (!arrs[i]) {
            for (Py_ssize_t j = 0; j < i; j++) Py_DECREF(arrs[j]);
            goto done;
        }
    }
    c->T = arrs[0];
    c->ndim = PyArray_NDIM(arrs[0]);
    memcpy(c->shape, PyArray_DIMS(arrs[0]), (size_t)c->ndim * sizeof(npy_intp));
    c->npts = (size_t)PyArray_SIZE(arrs[0]);
    for (Py_ssize_t i = 1; i < n; i++) {
        size_t idx = 0;
        comp_index(sys, PyUnicode_AsUTF8(PyList_GET_ITEM(keys, i - 1)), &idx);
        if (c->xa[idx]) {
            Py_DECREF(arrs[i]);
            PyErr_Format(PyExc_ValueError, "x: component %s given twice",
                         lq_system_component_name(sys, idx));
            for (Py_ssize_t j = i + 1; j < n; j++) Py_DECREF(arrs[j]);
            goto done;
        }
        c->xa[idx] = arrs[i];
    }
    rc = 0;
done:
    Py_XDECREF(items);
    Py_XDECREF(keys);
    Py_XDECREF(np);
    Py_XDECREF(res);
    return rc;
}

/* Phase index by name; raises NotFoundError-style ValueError. */
static int phase_arg(const lq_system *sys, const char *name, size_t *idx, const char *what) {
    char up[64];
    lqp_upper(name, up, sizeof up);
    if (lq_system_phase_find(sys, up, idx) == LQ_OK) return 0;
    PyErr_Format(PyExc_ValueError, "%s: %s is not a phase of the system", what, name);
    return -1;
}

/* ref: None, or a dict {component: phase name}. */
static int refs_arg(PyObject *ref, conds *c) {
    for (size_t i = 0; i < 16; i++) c->ref[i] = (size_t)-1;
    if (!ref || ref == Py_None) return 0;
    if (!PyDict_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "ref: expected a dict {component: phase}");
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(ref, &pos, &k, &v)) {
        const char *cn = PyUnicode_AsUTF8(k), *pn = PyUnicode_AsUTF8(v);
        size_t ci;
        if (!cn || !pn) return -1;
        if (comp_index(c->ctx->sys, cn, &ci) < 0) {
            PyErr_Format(PyExc_ValueError, "ref: %s is not a component", cn);
            return -1;
        }
        if (phase_arg(c->ctx->sys, pn, &c->ref[ci], "ref") < 0) return -1;
    }
    return 0;
}

static int conds_parse(PyObject *T, PyObject *xd, conds *c) {
    if (!PyDict_Check(xd)) {
        PyErr_SetString(PyExc_TypeError, "x: expected a dict {component: mole fraction(s)}");
        return -1;
    }
    c->nc = lq_system_component_count(c->ctx->sys);
    c->np = lq_system_phase_count(c->ctx->sys);
    if (broadcast(T, xd, c) < 0) return -1;
    size_t missing = 0;
    c->balance = c->nc;
    for (size_t i = 0; i < c->nc; i++)
        if (!c->xa[i]) {
            missing++;
            c->balance = i;
        }
    if (missing > 1) {
        PyErr_Format(PyExc_ValueError,
                     "x: give the mole fractions of all components but one (the balance); %zu "
                     "of %zu are missing",
                     missing, c->nc);
        return -1;
    }
    return 0;
}

/* Overall composition of point i; -1 when the balance would be negative. */
static int point_x(const conds *c, size_t i, double *x) {
    double s = 0.0;
    for (size_t k = 0; k < c->nc; k++)
        if (k != c->balance) {
            x[k] = ((const double *)PyArray_DATA(c->xa[k]))[i];
            s += x[k];
        }
    if (c->balance < c->nc) {
        x[c->balance] = 1.0 - s;
        if (!(x[c->balance] > -1e-12)) return -1;
    }
    return 0;
}

static lq_status solve_point(const conds *c, size_t i, lq_diag *d) {
    double x[16];
    double T = ((const double *)PyArray_DATA(c->T))[i];
    if (point_x(c, i, x) < 0) {
        lq_diag_clear(d);
        snprintf(d->field, sizeof d->field, "x");
        snprintf(d->msg, sizeof d->msg, "the given mole fractions sum to more than 1");
        return LQ_EDOM;
    }
    lqp_eqctx *e = c->ctx;
    if (!c->has_zero) return lq_eq_solve(e->ws, T, x, c->nc, e->res, d);
    if (c->free_T) return lq_eq_solve_T(e->ws, T, x, c->nc, c->zero, e->res, d);
    return lq_eq_solve_x(e->ws, T, x, c->nc, c->free_comp, c->zero, e->res, d);
}

/* Activities of every component against the reference phases (stable pure state by default;
 * c->ref holds LQ_PROPS_REF_STABLE for those). */
static lq_status activities(const conds *c, double *a, double *lna, size_t *refp, lq_diag *d) {
    return lq_eq_activities_compute(c->ctx->ws, c->ctx->res, c->ref, a, lna, refp, c->nc, d);
}

static PyObject *phase_name(const lq_system *sys, size_t p) {
    lq_phase_info in;
    lq_system_phase_info(sys, p, &in);
    return PyUnicode_FromString(in.name);
}

PyObject *lqp_name_list(const lq_system *sys, int phases) {
    size_t n = phases ? lq_system_phase_count(sys) : lq_system_component_count(sys);
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; l && i < n; i++) {
        PyObject *u =
            phases ? phase_name(sys, i) : PyUnicode_FromString(lq_system_component_name(sys, i));
        if (!u) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, u);
    }
    return l;
}

/* ---------------------------------------------------------------- one equilibrium */

PyObject *lqp_phase_dict(const lq_system *sys, size_t nc, const lq_eq_phase *ph) {
    lq_phase_info in;
    lq_system_phase_info(sys, ph->phase, &in);
    PyObject *o = PyDict_New(), *cons = PyList_New((Py_ssize_t)in.n_constituents);
    if (!o || !cons) goto fail;
    for (size_t k = 0; k < in.n_constituents; k++) {
        PyObject *u = PyUnicode_FromString(in.constituent_name[k]);
        if (!u) goto fail;
        PyList_SET_ITEM(cons, (Py_ssize_t)k, u);
    }
    npy_intp n = (npy_intp)in.n_constituents;
    PyObject *sub = PyArray_SimpleNew(1, &n, NPY_INTP);
    if (!sub) goto fail;
    for (size_t k = 0; k < in.n_constituents; k++)
        ((npy_intp *)PyArray_DATA((PyArrayObject *)sub))[k] = (npy_intp)in.sublattice_of[k];
    if (lqp_set(o, "sublattice", sub) < 0 ||
        lqp_set(o, "name", PyUnicode_FromString(in.name)) < 0 ||
        lqp_set(o, "index", PyLong_FromSize_t(ph->phase)) < 0 ||
        lqp_set(o, "amount", PyFloat_FromDouble(ph->amount)) < 0 ||
        lqp_set(o, "x", lqp_vec(ph->x, nc)) < 0 ||
        lqp_set(o, "y", lqp_vec(ph->y, in.n_constituents)) < 0 ||
        lqp_set(o, "site_ratio", lqp_vec(in.site_ratio, in.n_sublattices)) < 0 ||
        lqp_set(o, "moles_per_formula", PyFloat_FromDouble(ph->moles_per_formula)) < 0 ||
        lqp_set(o, "G", PyFloat_FromDouble(ph->G)) < 0 ||
        lqp_set(o, "H", PyFloat_FromDouble(ph->H)) < 0 ||
        lqp_set(o, "S", PyFloat_FromDouble(ph->S)) < 0 ||
        lqp_set(o, "Cp", PyFloat_FromDouble(ph->Cp)) < 0 ||
        lqp_set(o, "fixed_zero", PyBool_FromLong(ph->fixed_zero)) < 0)
        goto fail;
    if (PyDict_SetItemString(o, "constituents", cons) < 0) goto fail;
    Py_DECREF(cons);
    return o;
fail:
    Py_XDECREF(o);
    Py_XDECREF(cons);
    return NULL;
}

PyObject *lqp_eq_dict(const lq_system *sys, const lq_eq_result *r, size_t nc, const double *a,
                      const double *lna, const size_t *refp) {
    PyObject *o = PyDict_New(), *phases = PyList_New(0), *refs = PyList_New(0);
    if (!o || !phases || !refs) goto fail;
    for (size_t k = 0; k < r->n_phases; k++) {
        PyObject *p = lqp_phase_dict(sys, nc, &r->phases[k]);
        if (!p || PyList_Append(phases, p) < 0) {
            Py_XDECREF(p);
            goto fail;
        }
        Py_DECREF(p);
    }
    for (size_t k = 0; k < nc; k++) {
        lq_phase_info in;
        PyObject *u = lq_system_phase_info(sys, refp[k], &in) == LQ_OK
                          ? PyUnicode_FromString(in.name)
                          : (Py_INCREF(Py_None), Py_None);
        if (!u || PyList_Append(refs, u) < 0) {
            Py_XDECREF(u);
            goto fail;
        }
        Py_DECREF(u);
    }
    if (lqp_set(o, "T", PyFloat_FromDouble(r->T)) < 0 ||
        lqp_set(o, "P", PyFloat_FromDouble(r->P)) < 0 ||
        lqp_set(o, "components", lqp_name_list(sys, 0)) < 0 ||
        lqp_set(o, "x", lqp_vec(r->x, nc)) < 0 || lqp_set(o, "mu", lqp_vec(r->mu, nc)) < 0 ||
        lqp_set(o, "activity", lqp_vec(a, nc)) < 0 ||
        lqp_set(o, "ln_activity", lqp_vec(lna, nc)) < 0 ||
        lqp_set(o, "G", PyFloat_FromDouble(r->G)) < 0 ||
        lqp_set(o, "H", PyFloat_FromDouble(r->H)) < 0 ||
        lqp_set(o, "S", PyFloat_FromDouble(r->S)) < 0 ||
        lqp_set(o, "Cp", PyFloat_FromDouble(r->Cp)) < 0 ||
        lqp_set(o, "newton_iterations", PyLong_FromLong(r->newton_iterations)) < 0 ||
        lqp_set(o, "max_residual", PyFloat_FromDouble(r->max_residual)) < 0 ||
        PyDict_SetItemString(o, "phases", phases) < 0 ||
        PyDict_SetItemString(o, "reference", refs) < 0)
        goto fail;
    Py_DECREF(phases);
    Py_DECREF(refs);
    return o;
fail:
    Py_XDECREF(o);
    Py_XDECREF(phases);
    Py_XDECREF(refs);
    return NULL;
}

static PyObject *single(conds *c) {
    lqp_eqctx *e = c->ctx;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    double a[16], lna[16];
    size_t refp[16];
    Py_BEGIN_ALLOW_THREADS st = solve_point(c, 0, &d);
    if (st == LQ_OK) st = activities(c, a, lna, refp, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) return lqp_raise(st, &d, "equilibrium");
    return lqp_eq_dict(e->sys, e->res, c->nc, a, lna, refp);
}

/* ---------------------------------------------------------------- a batch of equilibria */

/* Output arrays of a batch, shape = conditions' shape + trailing dims. */
typedef struct batch_out {
    double *T, *x, *mu, *G, *H, *S, *Cp, *amount, *phase_x, *a;
    int *status;
} batch_out;

static PyObject *new_array(const conds *c, int extra, npy_intp d1, npy_intp d2, int type) {
    npy_intp dims[NPY_MAXDIMS + 2];
    memcpy(dims, c->shape, (size_t)c->ndim * sizeof(npy_intp));
    int nd = c->ndim;
    if (extra >= 1) dims[nd++] = d1;
    if (extra >= 2) dims[nd++] = d2;
    return PyArray_SimpleNew(nd, dims, type);
}

/* The loop over points: runs without the GIL. Returns the index of the first failure or npts. */
static size_t batch_loop(const conds *c, const batch_out *o, int want_act, lq_status *first_st,
                         lq_diag *first_d) {
    lqp_eqctx *e = c->ctx;
    size_t nc = c->nc, np = c->np, first = c->npts;
    double a[16], lna[16];
    size_t refp[16];
    lq_diag d;
    for (size_t i = 0; i < c->npts; i++) {
        lq_status st = solve_point(c, i, &d);
        if (st == LQ_OK && want_act) st = activities(c, a, lna, refp, &d);
        o->status[i] = (int)st;
        for (size_t p = 0; p < np; p++) {
            o->amount[i * np + p] = st == LQ_OK ? 0.0 : (double)NAN;
            for (size_t k = 0; k < nc; k++) o->phase_x[(i * np + p) * nc + k] = NAN;
        }
        if (st != LQ_OK) {
            if (first == c->npts) {
                first = i;
                *first_st = st;
                *first_d = d;
            }
            o->T[i] = o->G[i] = o->H[i] = o->S[i] = o->Cp[i] = NAN;
            for (size_t k = 0; k < nc; k++) {
                o->x[i * nc + k] = o->mu[i * nc + k] = NAN;
                if (want_act) o->a[i * nc + k] = NAN;
            }
            continue;
        }
        const lq_eq_result *r = e->res;
        o->T[i] = r->T;
        o->G[i] = r->G;
        o->H[i] = r->H;
        o->S[i] = r->S;
        o->Cp[i] = r->Cp;
        for (size_t k = 0; k < nc; k++) {
            o->x[i * nc + k] = r->x[k];
            o->mu[i * nc + k] = r->mu[k];
            if (want_act) o->a[i * nc + k] = a[k];
        }
        /* composition sets come largest first: the first of a phase gives its x */
        for (size_t s = 0; s < r->n_phases; s++) {
            const lq_eq_phase *ph = &r->phases[s];
            size_t p = ph->phase;
            if (isnan(o->phase_x[(i * np + p) * nc]))
                for (size_t k = 0; k < nc; k++) o->phase_x[(i * np + p) * nc + k] = ph->x[k];
            o->amount[i * np + p] += ph->amount;
        }
    }
    return first;
}

static PyObject *batch(conds *c, int want_act, int raise) {
    npy_intp nc = (npy_intp)c->nc, np = (npy_intp)c->np;
    PyObject *arr[11] = {new_array(c, 0, 0, 0, NPY_DOUBLE),   new_array(c, 1, nc, 0, NPY_DOUBLE),
                         new_array(c, 1, nc, 0, NPY_DOUBLE),  new_array(c, 0, 0, 0, NPY_DOUBLE),
                         new_array(c, 0, 0, 0, NPY_DOUBLE),   new_array(c, 0, 0, 0, NPY_DOUBLE),
                         new_array(c, 0, 0, 0, NPY_DOUBLE),   new_array(c, 1, np, 0, NPY_DOUBLE),
                         new_array(c, 2, np, nc, NPY_DOUBLE), new_array(c, 0, 0, 0, NPY_INT),
                         new_array(c, 1, nc, 0, NPY_DOUBLE)};
    static const char *const names[11] = {"T",  "x",      "mu",      "G",      "H",       "S",
                                          "Cp", "amount", "phase_x", "status", "activity"};
    PyObject *o = NULL;
    for (int i = 0; i < 11; i++)
        if (!arr[i]) goto fail;
#define D(i) ((double *)PyArray_DATA((PyArrayObject *)arr[i]))
    batch_out out = {D(0),
                     D(1),
                     D(2),
                     D(3),
                     D(4),
                     D(5),
                     D(6),
                     D(7),
                     D(8),
                     D(10),
                     (int *)PyArray_DATA((PyArrayObject *)arr[9])};
#undef D
    lq_status st = LQ_OK;
    lq_diag d;
    lq_diag_clear(&d);
    size_t first;
    Py_BEGIN_ALLOW_THREADS first = batch_loop(c, &out, want_act, &st, &d);
    Py_END_ALLOW_THREADS if (first < c->npts && raise) {
        char what[160];
        snprintf(what, sizeof what, "equilibrium (point %zu of %zu, T = %.6g K)", first, c->npts,
                 ((const double *)PyArray_DATA(c->T))[first]);
        lqp_raise(st, &d, what);
        goto fail;
    }
    o = PyDict_New();
    if (!o) goto fail;
    for (int i = 0; i < 11; i++) {
        if (i == 10 && !want_act) {
            Py_CLEAR(arr[i]);
            continue;
        }
        if (PyDict_SetItemString(o, names[i], arr[i]) < 0) goto fail;
        Py_CLEAR(arr[i]);
    }
    if (lqp_set(o, "components", lqp_name_list(c->ctx->sys, 0)) < 0 ||
        lqp_set(o, "phase_names", lqp_name_list(c->ctx->sys, 1)) < 0)
        goto fail;
    return o;
fail:
    for (int i = 0; i < 11; i++) Py_XDECREF(arr[i]);
    Py_XDECREF(o);
    return NULL;
}

const char lqp_equilibrium_doc[] =
    "equilibrium(db, T, x, components=None, phases=None, P=101325.0, ref=None, zero=None,\n"
    "            free=None, activities=False, on_error='raise') -> dict\n\n"
    "Global equilibrium (lq_eq_solve) at temperature T (K), pressure P (Pa) and overall mole\n"
    "fractions x = {component: value}; the one component left out of x is the balance.\n"
    "T and the x values may be numpy arrays (broadcast together): then every point is solved in\n"
    "one C loop with the GIL released, and arrays come back (see liquidus.equilibrium).\n"
    "db: a Database or a path/bundled name. components: names (default: every element of the\n"
    "database). phases: names (default: all). ref: {component: phase} references of the\n"
    "activities (default: the stable pure state at T). zero/free: a phase held at zero amount\n"
    "with T ('T') or one component's x unknown (lq_eq_solve_T / lq_eq_solve_x).\n"
    "Raises liquidus.Error subclasses carrying the library's message.";

PyObject *lqp_equilibrium(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db",  "T",    "x",    "components", "phases",   "P",
                             "ref", "zero", "free", "activities", "on_error", NULL};
    PyObject *dbo, *T, *xd, *comps = Py_None, *phases = Py_None, *ref = Py_None;
    const char *zero = NULL, *free_ = NULL, *on_error = "raise";
    double P = 101325.0;
    int want_act = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|OOdOzzps", kwlist, &dbo, &T, &xd, &comps,
                                     &phases, &P, &ref, &zero, &free_, &want_act, &on_error))
        return NULL;
    int raise = strcmp(on_error, "raise") == 0;
    if (!raise && strcmp(on_error, "nan") != 0) {
        PyErr_SetString(PyExc_ValueError, "on_error: 'raise' or 'nan'");
        return NULL;
    }
    if ((zero == NULL) != (free_ == NULL)) {
        PyErr_SetString(PyExc_ValueError,
                        "zero and free go together (e.g. zero='LIQUID', "
                        "free='T')");
        return NULL;
    }
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL;
    conds c;
    memset(&c, 0, sizeof c);
    lqp_database_lock(db);
    c.ctx = lqp_database_context(db, comps, phases, P);
    if (!c.ctx || conds_parse(T, xd, &c) < 0 || refs_arg(ref, &c) < 0) goto done;
    if (zero) {
        c.has_zero = 1;
        if (phase_arg(c.ctx->sys, zero, &c.zero, "zero") < 0) goto done;
        if (strcmp(free_, "T") == 0 || strcmp(free_, "t") == 0) {
            c.free_T = 1;
        } else if (comp_index(c.ctx->sys, free_, &c.free_comp) < 0) {
            PyErr_Format(PyExc_ValueError, "free: 'T' or a component, not %s", free_);
            goto done;
        }
    }
    out = c.ndim == 0 ? single(&c) : batch(&c, want_act, raise);
    if (out && c.ndim > 0 && lqp_set(out, "P", PyFloat_FromDouble(P)) < 0) Py_CLEAR(out);
done:
    lqp_database_unlock(db);
    conds_free(&c);
    Py_DECREF(db);
    return out;
}

/* ---------------------------------------------------------------- prop */

enum { PR_GM, PR_HM, PR_SM, PR_CPM, PR_GMMIX, PR_HMMIX, PR_SMMIX, PR_N };
static const char *const PR_NAME[PR_N] = {"GM", "HM", "SM", "CPM", "GM_MIX", "HM_MIX", "SM_MIX"};
static const char *const PR_UNIT[PR_N] = {"J/mol", "J/mol", "J/(mol K)", "J/(mol K)",
                                          "J/mol", "J/mol", "J/(mol K)"};

/* Properties of one phase at every point, GIL released. */
static size_t prop_loop(const conds *c, size_t phase, double **v, double *mu, double *acr,
                        lq_status *first_st, lq_diag *first_d) {
    lqp_eqctx *e = c->ctx;
    size_t nc = c->nc;
    lq_diag d;
    for (size_t i = 0; i < c->npts; i++) {
        double x[16], gref[16], T = ((const double *)PyArray_DATA(c->T))[i];
        lq_phase_props pr;
        pr.mu = mu + i * nc;
        pr.y = NULL;
        lq_status st = LQ_OK;
        lq_diag_clear(&d);
        if (point_x(c, i, x) < 0) {
            snprintf(d.field, sizeof d.field, "x");
            snprintf(d.msg, sizeof d.msg, "the given mole fractions sum to more than 1");
            st = LQ_EDOM;
        }
        for (size_t k = 0; k < nc && st == LQ_OK; k++) {
            size_t refp = c->ref[k];
            if (refp == (size_t)-1)
                st = lq_eq_reference_stable(e->ws, T, k, &refp, &gref[k], &d);
            else
                st = lq_eq_reference_G(e->ws, T, k, refp, &gref[k], NULL, NULL, NULL, &d);
        }
        if (st == LQ_OK) st = lq_props_phase_eval(e->ws, phase, T, x, nc, &pr, &d);
        if (st != LQ_OK) {
            *first_st = st;
            *first_d = d;
            return i;
        }
        const double vals[PR_N] = {pr.GM, pr.HM, pr.SM, pr.CPM, pr.GM_MIX, pr.HM_MIX, pr.SM_MIX};
        for (int k = 0; k < PR_N; k++) v[k][i] = vals[k];
        /* activity against the reference: a = exp((mu - G_ref) / RT) */
        for (size_t k = 0; k < nc; k++)
            acr[i * nc + k] = exp((pr.mu[k] - gref[k]) / (LQ_GAS_CONSTANT_J_PER_MOL_K * T));
    }
    return c->npts;
}

const char lqp_prop_doc[] =
    "prop(db, phase, T, x, components=None, ref=None, P=101325.0) -> dict\n\n"
    "Properties of one phase alone (lq_props_phase_eval) per mole of atoms at T (K) and overall\n"
    "mole fractions x = {component: value(s)} (arrays broadcast with T): GM HM SM CPM, GM_MIX\n"
    "HM_MIX SM_MIX (against the pure components in the phase), MU (chemical potentials, SER) and\n"
    "ACR (activities against `ref` = {component: phase}, default the stable pure state at T),\n"
    "both with a trailing axis over `components`. 'units' maps each key to its unit.";

PyObject *lqp_prop(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "phase", "T", "x", "components", "ref", "P", NULL};
    PyObject *dbo, *T, *xd, *comps = Py_None, *ref = Py_None;
    const char *phase;
    double P = 101325.0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OsOO|OOd", kwlist, &dbo, &phase, &T, &xd, &comps,
                                     &ref, &P))
        return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL, *arr[PR_N + 2] = {NULL}, *units = NULL;
    conds c;
    memset(&c, 0, sizeof c);
    size_t ph = 0;
    lqp_database_lock(db);
    c.ctx = lqp_database_context(db, comps, Py_None, P);
    if (!c.ctx || conds_parse(T, xd, &c) < 0 || refs_arg(ref, &c) < 0 ||
        phase_arg(c.ctx->sys, phase, &ph, "phase") < 0)
        goto done;
    double *v[PR_N];
    for (int k = 0; k < PR_N + 2; k++) {
        arr[k] = k < PR_N ? new_array(&c, 0, 0, 0, NPY_DOUBLE)
                          : new_array(&c, 1, (npy_intp)c.nc, 0, NPY_DOUBLE);
        if (!arr[k]) goto done;
        if (k < PR_N) v[k] = (double *)PyArray_DATA((PyArrayObject *)arr[k]);
    }
    lq_status st = LQ_OK;
    lq_diag d;
    lq_diag_clear(&d);
    size_t first;
    Py_BEGIN_ALLOW_THREADS first =
        prop_loop(&c, ph, v, (double *)PyArray_DATA((PyArrayObject *)arr[PR_N]),
                  (double *)PyArray_DATA((PyArrayObject *)arr[PR_N + 1]), &st, &d);
    Py_END_ALLOW_THREADS if (first < c.npts) {
        char what[96];
        snprintf(what, sizeof what, "prop (point %zu)", first);
        lqp_raise(st, &d, what);
        goto done;
    }
    out = PyDict_New();
    units = PyDict_New();
    if (!out || !units) goto done;
    for (int k = 0; k < PR_N + 2; k++) {
        const char *name = k < PR_N ? PR_NAME[k] : k == PR_N ? "MU" : "ACR";
        const char *unit = k < PR_N ? PR_UNIT[k] : k == PR_N ? "J/mol" : "1";
        if (PyDict_SetItemString(out, name, arr[k]) < 0 ||
            lqp_set(units, name, PyUnicode_FromString(unit)) < 0) {
            Py_CLEAR(out);
            goto done;
        }
    }
    if (PyDict_SetItemString(out, "units", units) < 0 ||
        lqp_set(out, "components", lqp_name_list(c.ctx->sys, 0)) < 0 ||
        lqp_set(out, "phase", phase_name(c.ctx->sys, ph)) < 0 ||
        PyDict_SetItemString(out, "T", (PyObject *)c.T) < 0)
        Py_CLEAR(out);
done:
    lqp_database_unlock(db);
    for (int k = 0; k < PR_N + 2; k++) Py_XDECREF(arr[k]);
    Py_XDECREF(units);
    conds_free(&c);
    Py_DECREF(db);
    return out;
}

/* ---------------------------------------------------------------- map */

static PyObject *map_dict(const lq_map_result *m, const lq_system *sys) {
    PyObject *o = PyDict_New(), *inv = PyDict_New(), *pts = PyDict_New(), *fld = PyDict_New();
    PyObject *bnd = PyList_New(0), *kinds = PyList_New(0);
    if (!o || !inv || !pts || !fld || !bnd || !kinds) goto fail;
    npy_intp ni = (npy_intp)m->n_invariants, d3[2] = {ni, 3};
    PyObject *iT = PyArray_SimpleNew(1, &ni, NPY_DOUBLE),
             *ix = PyArray_SimpleNew(2, d3, NPY_DOUBLE);
    PyObject *ip = PyArray_SimpleNew(2, d3, NPY_INTP);
    if (lqp_set(inv, "T", iT) < 0 || lqp_set(inv, "x", ix) < 0 || lqp_set(inv, "phases", ip) < 0)
        goto fail;
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        ((double *)PyArray_DATA((PyArrayObject *)iT))[i] = v->T;
        for (int k = 0; k < 3; k++) {
            ((double *)PyArray_DATA((PyArrayObject *)ix))[3 * i + (size_t)k] = v->x[k];
            ((npy_intp *)PyArray_DATA((PyArrayObject *)ip))[3 * i + (size_t)k] =
                (npy_intp)v->phase[k];
        }
        PyObject *u = PyUnicode_FromString(lq_map_reaction_name(v->kind));
        if (!u || PyList_Append(kinds, u) < 0) {
            Py_XDECREF(u);
            goto fail;
        }
        Py_DECREF(u);
    }
    if (PyDict_SetItemString(inv, "kind", kinds) < 0) goto fail;
    npy_intp npt = (npy_intp)m->n_points, d2[2] = {npt, 2};
    PyObject *pT = PyArray_SimpleNew(1, &npt, NPY_DOUBLE),
             *px = PyArray_SimpleNew(1, &npt, NPY_DOUBLE);
    PyObject *pp = PyArray_SimpleNew(2, d2, NPY_INTP), *pk = PyArray_SimpleNew(1, &npt, NPY_INTP);
    if (lqp_set(pts, "T", pT) < 0 || lqp_set(pts, "x", px) < 0 || lqp_set(pts, "phases", pp) < 0 ||
        lqp_set(pts, "kind", pk) < 0)
        goto fail;
    for (size_t i = 0; i < m->n_points; i++) {
        ((double *)PyArray_DATA((PyArrayObject *)pT))[i] = m->points[i].T;
        ((double *)PyArray_DATA((PyArrayObject *)px))[i] = m->points[i].x;
        ((npy_intp *)PyArray_DATA((PyArrayObject *)pk))[i] = m->points[i].kind;
        for (int k = 0; k < 2; k++)
            ((npy_intp *)PyArray_DATA((PyArrayObject *)pp))[2 * i + (size_t)k] =
                (npy_intp)m->points[i].phase[k];
    }
    for (size_t i = 0; i < m->n_boundaries; i++) {
        const lq_map_boundary *b = &m->boundaries[i];
        PyObject *bd = PyDict_New();
        if (!bd || PyList_Append(bnd, bd) < 0) {
            Py_XDECREF(bd);
            goto fail;
        }
        Py_DECREF(bd);
        PyObject *names =
            Py_BuildValue("(NN)", phase_name(sys, b->phase[0]), phase_name(sys, b->phase[1]));
        if (lqp_set(bd, "phases", names) < 0 || lqp_set(bd, "T", lqp_vec(b->T, b->n)) < 0 ||
            lqp_set(bd, "x_left", lqp_vec(b->x[0], b->n)) < 0 ||
            lqp_set(bd, "x_right", lqp_vec(b->x[1], b->n)) < 0 ||
            lqp_set(bd, "group", PyLong_FromLong(b->group)) < 0)
            goto fail;
    }
    npy_intp nf = (npy_intp)m->n_fields;
    PyObject *fa[5];
    static const char *const fnames[5] = {"T_lo", "T_hi", "x_lo", "x_hi", "phase"};
    for (int k = 0; k < 5; k++) {
        fa[k] = PyArray_SimpleNew(1, &nf, k < 4 ? NPY_DOUBLE : NPY_INTP);
        if (lqp_set(fld, fnames[k], fa[k]) < 0) goto fail;
    }
    for (size_t i = 0; i < m->n_fields; i++) {
        const lq_map_field *f = &m->fields[i];
        const double fv[4] = {f->T_lo, f->T_hi, f->x_lo, f->x_hi};
        for (int k = 0; k < 4; k++) ((double *)PyArray_DATA((PyArrayObject *)fa[k]))[i] = fv[k];
        ((npy_intp *)PyArray_DATA((PyArrayObject *)fa[4]))[i] = (npy_intp)f->phase;
    }
    if (PyDict_SetItemString(o, "invariants", inv) < 0 ||
        PyDict_SetItemString(o, "points", pts) < 0 || PyDict_SetItemString(o, "fields", fld) < 0 ||
        PyDict_SetItemString(o, "boundaries", bnd) < 0 ||
        lqp_set(o, "components", lqp_name_list(sys, 0)) < 0 ||
        lqp_set(o, "phase_names", lqp_name_list(sys, 1)) < 0 ||
        lqp_set(o, "T_min", PyFloat_FromDouble(m->T_min)) < 0 ||
        lqp_set(o, "T_max", PyFloat_FromDouble(m->T_max)) < 0 ||
        lqp_set(o, "n_equilibria", PyLong_FromSize_t(m->n_equilibria)) < 0 ||
        lqp_set(o, "n_warnings", PyLong_FromSize_t(m->n_warnings)) < 0)
        goto fail;
    Py_DECREF(inv);
    Py_DECREF(pts);
    Py_DECREF(fld);
    Py_DECREF(bnd);
    Py_DECREF(kinds);
    return o;
fail:
    Py_XDECREF(o);
    Py_XDECREF(inv);
    Py_XDECREF(pts);
    Py_XDECREF(fld);
    Py_XDECREF(bnd);
    Py_XDECREF(kinds);
    return NULL;
}

const char lqp_map_doc[] =
    "map(db, components=None, T_min=400.0, T_max=2400.0, dT_scan=10.0, max_dx=0.01) -> dict\n\n"
    "Binary phase diagram (lq_map_compute); x is the mole fraction of the second component.\n"
    "Returns 'invariants' (T (n,), x (n, 3), phases (n, 3) indices into 'phase_names', kind),\n"
    "'points' (congruent, critical, pure-component points: T, x, phases (n, 2), kind),\n"
    "'boundaries' (list of {phases, T, x_left, x_right, group} with numpy arrays), 'fields'\n"
    "(single-phase fields: T_lo, T_hi, x_lo, x_hi, phase), T in K.";

PyObject *lqp_map(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "components", "T_min", "T_max", "dT_scan", "max_dx", NULL};
    PyObject *dbo, *comps = Py_None;
    lq_map_options opt;
    lq_map_options_default(&opt);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|Odddd", kwlist, &dbo, &comps, &opt.T_min,
                                     &opt.T_max, &opt.dT_scan, &opt.max_dx))
        return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, Py_None, 101325.0);
    if (c) {
        lq_map_result *m = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st;
        Py_BEGIN_ALLOW_THREADS st = lq_map_compute(c->ws, &opt, &m, &d);
        Py_END_ALLOW_THREADS if (st != LQ_OK) lqp_raise(st, &d, "map");
        else out = map_dict(m, c->sys);
        lq_map_free(m);
    }
    lqp_database_unlock(db);
    Py_DECREF(db);
    return out;
}

/* ---------------------------------------------------------------- solubility */

const char lqp_solubility_doc[] =
    "solubility(db, T, solute, phase='LIQUID', components=None) -> dict\n\n"
    "Saturation of `phase` with component `solute` at T (K; scalar or array) "
    "(lq_map_solubility):\n"
    "'x' (mole fraction of the solute in the phase), 'other' (the coexisting phase's name per\n"
    "point) and 'x_other' (its solute fraction).";

PyObject *lqp_solubility(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "T", "solute", "phase", "components", NULL};
    PyObject *dbo, *T, *comps = Py_None;
    const char *solute, *phase = "LIQUID";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOs|sO", kwlist, &dbo, &T, &solute, &phase, &comps))
        return NULL;
    PyArrayObject *Ta = lqp_double_array(T);
    if (!Ta) return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) {
        Py_DECREF(Ta);
        return NULL;
    }
    PyObject *out = NULL, *xs = NULL, *xo = NULL, *others = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, Py_None, 101325.0);
    size_t comp = 0, ph = 0, n = (size_t)PyArray_SIZE(Ta);
    if (!c || phase_arg(c->sys, phase, &ph, "phase") < 0) goto done;
    if (comp_index(c->sys, solute, &comp) < 0) {
        PyErr_Format(PyExc_ValueError, "solute: %s is not a component", solute);
        goto done;
    }
    xs = PyArray_SimpleNew(PyArray_NDIM(Ta), PyArray_DIMS(Ta), NPY_DOUBLE);
    xo = PyArray_SimpleNew(PyArray_NDIM(Ta), PyArray_DIMS(Ta), NPY_DOUBLE);
    others = PyList_New(0);
    if (!xs || !xo || !others) goto done;
    for (size_t i = 0; i < n; i++) {
        size_t other = 0;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st;
        double t = ((const double *)PyArray_DATA(Ta))[i];
        double *xv = (double *)PyArray_DATA((PyArrayObject *)xs) + i;
        double *ov = (double *)PyArray_DATA((PyArrayObject *)xo) + i;
        Py_BEGIN_ALLOW_THREADS st = lq_map_solubility(c->ws, t, comp, ph, xv, &other, ov, &d);
        Py_END_ALLOW_THREADS if (st != LQ_OK) {
            lqp_raise(st, &d, "solubility");
            goto done;
        }
        PyObject *u = phase_name(c->sys, other);
        if (!u || PyList_Append(others, u) < 0) {
            Py_XDECREF(u);
            goto done;
        }
        Py_DECREF(u);
    }
    out = Py_BuildValue("{sOsOsO}", "x", xs, "x_other", xo, "other", others);
done:
    lqp_database_unlock(db);
    Py_XDECREF(xs);
    Py_XDECREF(xo);
    Py_XDECREF(others);
    Py_DECREF(Ta);
    Py_DECREF(db);
    return out;
}
