/* SPDX-License-Identifier: GPL-3.0-or-later */
/* liquidus.equilibrium_conditions (lq_eq_solve_conditions) and liquidus.liquidus_projection
 * (lq_liquidus_projection_compute). */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

#define MAXC 16

const char lqp_equilibrium_conditions_doc[] =
    "equilibrium_conditions(db, T, x, mu=None, ac=None, zero=None, free=None, balance=None,\n"
    "                       components=None, phases=None, P=101325.0) -> dict\n\n"
    "One equilibrium under Thermo-Calc / OpenCalphad style conditions (lq_eq_solve_conditions,\n"
    "as `liquidus eq --mu/--ac/--zero/--free`): x {component: mole fraction} for all components\n"
    "but at most one (the balance: 1 - the others); mu {component: J/mol against SER} or ac\n"
    "{component: activity against SER} make a component open (its x is the start value);\n"
    "zero: phase name(s) held at zero amount, each with one unknown in free ('T' and/or\n"
    "component names: T or that x unknown, the given value the start); balance: the one\n"
    "component that compensates when x values move (default: the closed components keep their\n"
    "ratios). Returns the dict of an Equilibrium (activities against the stable pure states).";

const char lqp_liquidus_projection_doc[] =
    "liquidus_projection(db, components, phases=None, grid_n=20, T_min=300.0, T_max=4000.0,\n"
    "                    x_min=1e-4, liquid=None) -> dict\n\n"
    "Liquidus projection of a ternary (lq_liquidus_projection_compute, as `liquidus map\n"
    "--projection`): 'nodes' {'x' (n, 3), 'T' (n,), 'primary' (list of names, None where not\n"
    "found), 'ok' (n,) bool}, 'lines' (list of {'phases': (A, B), 'T' (m,), 'x' (m, 3)}: liquid\n"
    "compositions along L + A + B, in order), 'invariants' (list of {'phases': (A, B, C), 'T',\n"
    "'x' (3,)}), 'liquid', 'component_names', 'n_equilibria', 'n_failed'.";

static int comp_of(const lq_system *sys, PyObject *key, size_t *idx, const char *what) {
    const char *name = PyUnicode_AsUTF8(key);
    if (!name) return -1;
    char up[64];
    lqp_upper(name, up, sizeof up);
    for (size_t c = 0; c < lq_system_component_count(sys); c++)
        if (strcmp(lq_system_component_name(sys, c), up) == 0) {
            *idx = c;
            return 0;
        }
    PyErr_Format(PyExc_ValueError, "%s: %s is not a component of the system", what, name);
    return -1;
}

/* A dict {component: float} into v[nc] (NaN elsewhere); None leaves v NaN. */
static int comp_values(const lq_system *sys, PyObject *d, double *v, const char *what) {
    size_t nc = lq_system_component_count(sys);
    for (size_t c = 0; c < nc; c++) v[c] = (double)NAN;
    if (!d || d == Py_None) return 0;
    if (!PyDict_Check(d)) {
        PyErr_Format(PyExc_TypeError, "%s: expected a dict {component: value}", what);
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *k, *val;
    while (PyDict_Next(d, &pos, &k, &val)) {
        size_t c;
        if (comp_of(sys, k, &c, what) < 0) return -1;
        v[c] = PyFloat_AsDouble(val);
        if (PyErr_Occurred()) return -1;
    }
    return 0;
}

/* A str or a sequence of str as a new list (None: empty). */
static PyObject *str_list(PyObject *o) {
    if (!o || o == Py_None) return PyList_New(0);
    if (PyUnicode_Check(o)) return Py_BuildValue("[O]", o);
    return PySequence_List(o);
}

/* The conditions from the Python arguments; 0 or -1 with an exception. */
typedef struct cond_args {
    double x[MAXC], mu[MAXC], ac[MAXC];
    size_t zero[MAXC], free_x[MAXC], n_zero, n_free_x;
    int free_T;
    size_t balance;
} cond_args;

static int x_arg(const lq_system *sys, PyObject *xd, double *x) {
    size_t nc = lq_system_component_count(sys), missing = nc;
    if (comp_values(sys, xd, x, "x") < 0) return -1;
    double sum = 0.0;
    for (size_t c = 0; c < nc; c++) {
        if (isnan(x[c])) {
            if (missing < nc) {
                PyErr_SetString(PyExc_ValueError, "x: give every component but one");
                return -1;
            }
            missing = c;
        } else {
            sum += x[c];
        }
    }
    if (missing < nc) x[missing] = 1.0 - sum;
    return 0;
}

static int lists_arg(const lq_system *sys, PyObject *zero, PyObject *free_, cond_args *a) {
    PyObject *zl = str_list(zero), *fl = str_list(free_);
    int rc = -1;
    if (!zl || !fl) goto done;
    if (PyList_GET_SIZE(zl) > MAXC || PyList_GET_SIZE(fl) > MAXC) {
        PyErr_SetString(PyExc_ValueError, "zero/free: too many");
        goto done;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(zl); i++) {
        const char *name = PyUnicode_AsUTF8(PyList_GET_ITEM(zl, i));
        char up[64];
        if (!name) goto done;
        lqp_upper(name, up, sizeof up);
        if (lq_system_phase_find(sys, up, &a->zero[a->n_zero]) != LQ_OK) {
            PyErr_Format(PyExc_ValueError, "zero: %s is not a phase of the system", name);
            goto done;
        }
        a->n_zero++;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(fl); i++) {
        PyObject *k = PyList_GET_ITEM(fl, i);
        const char *name = PyUnicode_AsUTF8(k);
        if (!name) goto done;
        if (strcmp(name, "T") == 0 || strcmp(name, "t") == 0)
            a->free_T = 1;
        else if (comp_of(sys, k, &a->free_x[a->n_free_x++], "free") < 0)
            goto done;
    }
    rc = 0;
done:
    Py_XDECREF(zl);
    Py_XDECREF(fl);
    return rc;
}

/* Conditions into c (pointers into a) and the solve; GIL released. */
static lq_status solve(lqp_eqctx *e, cond_args *a, double T, double *act, double *lna, size_t *refp,
                       lq_diag *d) {
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = T;
    c.free_T = a->free_T;
    c.x = a->x;
    c.mu = a->mu;
    c.ac = a->ac;
    c.zero_phase = a->zero;
    c.n_zero = a->n_zero;
    c.free_x = a->free_x;
    c.n_free_x = a->n_free_x;
    c.balance = a->balance;
    lq_status st = lq_eq_solve_conditions(e->ws, &c, e->res, d);
    if (st == LQ_OK)
        st = lq_eq_activities_compute(e->ws, e->res, NULL, act, lna, refp, e->res->ncomp, d);
    return st;
}

PyObject *lqp_equilibrium_conditions(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db",   "T",       "x",          "mu",     "ac", "zero",
                             "free", "balance", "components", "phases", "P",  NULL};
    PyObject *dbo, *xd, *mud = Py_None, *acd = Py_None, *zero = Py_None, *free_ = Py_None,
                        *comps = Py_None, *phases = Py_None;
    const char *balance = NULL;
    double T, P = 101325.0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OdO|OOOOzOOd", kwlist, &dbo, &T, &xd, &mud, &acd,
                                     &zero, &free_, &balance, &comps, &phases, &P))
        return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL;
    lqp_database_lock(db);
    lqp_eqctx *e = lqp_database_context(db, comps, phases, P);
    cond_args a;
    memset(&a, 0, sizeof a);
    a.balance = LQ_EQ_BALANCE_RATIOS;
    if (!e) goto done;
    if (lq_system_component_count(e->sys) > MAXC) {
        PyErr_SetString(PyExc_ValueError, "equilibrium_conditions: at most 16 components");
        goto done;
    }
    if (x_arg(e->sys, xd, a.x) < 0 || comp_values(e->sys, mud, a.mu, "mu") < 0 ||
        comp_values(e->sys, acd, a.ac, "ac") < 0 || lists_arg(e->sys, zero, free_, &a) < 0)
        goto done;
    if (balance) {
        PyObject *u = PyUnicode_FromString(balance);
        int bad = !u || comp_of(e->sys, u, &a.balance, "balance") < 0;
        Py_XDECREF(u);
        if (bad) goto done;
    }
    {
        double act[MAXC], lna[MAXC];
        size_t refp[MAXC];
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st;
        Py_BEGIN_ALLOW_THREADS st = solve(e, &a, T, act, lna, refp, &d);
        Py_END_ALLOW_THREADS if (st != LQ_OK) lqp_raise(st, &d, "equilibrium_conditions");
        else out = lqp_eq_dict(e->sys, e->res, e->res->ncomp, act, lna, refp);
    }
done:
    lqp_database_unlock(db);
    Py_DECREF(db);
    return out;
}

/* ---------------------------------------------------------------- liquidus projection */

static PyObject *names_tuple(const lq_system *sys, const size_t *ph, size_t n) {
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    for (size_t k = 0; t && k < n; k++) {
        lq_phase_info in;
        lq_system_phase_info(sys, ph[k], &in);
        PyObject *u = PyUnicode_FromString(in.name);
        if (!u) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, (Py_ssize_t)k, u);
    }
    return t;
}

static PyObject *mat3(size_t n) {
    npy_intp dims[2] = {(npy_intp)n, 3};
    return PyArray_SimpleNew(2, dims, NPY_DOUBLE);
}

static PyObject *nodes_dict(const lq_system *sys, const lq_liquidus_projection *p) {
    size_t n = p->n_nodes;
    npy_intp dn = (npy_intp)n;
    PyObject *x = mat3(n), *T = PyArray_SimpleNew(1, &dn, NPY_DOUBLE),
             *ok = PyArray_SimpleNew(1, &dn, NPY_BOOL), *prim = PyList_New((Py_ssize_t)n);
    if (!x || !T || !ok || !prim) goto fail;
    for (size_t i = 0; i < n; i++) {
        const lq_liquidus_projection_node *q = &p->nodes[i];
        memcpy((double *)PyArray_DATA((PyArrayObject *)x) + 3 * i, q->x, sizeof q->x);
        ((double *)PyArray_DATA((PyArrayObject *)T))[i] = q->ok ? q->T : (double)NAN;
        ((npy_bool *)PyArray_DATA((PyArrayObject *)ok))[i] = (npy_bool)(q->ok != 0);
        PyObject *u;
        if (q->ok) {
            lq_phase_info in;
            lq_system_phase_info(sys, q->primary, &in);
            u = PyUnicode_FromString(in.name);
        } else {
            Py_INCREF(Py_None);
            u = Py_None;
        }
        if (!u) goto fail;
        PyList_SET_ITEM(prim, (Py_ssize_t)i, u);
    }
    return Py_BuildValue("{sNsNsNsN}", "x", x, "T", T, "ok", ok, "primary", prim);
fail:
    Py_XDECREF(x);
    Py_XDECREF(T);
    Py_XDECREF(ok);
    Py_XDECREF(prim);
    return NULL;
}

static PyObject *lines_list(const lq_system *sys, const lq_liquidus_projection *p) {
    PyObject *l = PyList_New(0);
    for (size_t k = 0; l && k < p->n_lines; k++) {
        const lq_liquidus_projection_line *ln = &p->lines[k];
        npy_intp m = (npy_intp)ln->n;
        PyObject *T = PyArray_SimpleNew(1, &m, NPY_DOUBLE), *x = mat3(ln->n);
        if (T && x)
            for (size_t i = 0; i < ln->n; i++) {
                const lq_liquidus_projection_point *q = &p->points[ln->first + i];
                ((double *)PyArray_DATA((PyArrayObject *)T))[i] = q->T;
                memcpy((double *)PyArray_DATA((PyArrayObject *)x) + 3 * i, q->x, sizeof q->x);
            }
        PyObject *d = T && x ? Py_BuildValue("{sNsNsN}", "phases", names_tuple(sys, ln->phase, 2),
                                             "T", T, "x", x)
                             : NULL;
        if (!d) {
            Py_XDECREF(T);
            Py_XDECREF(x);
        }
        if (!d || PyList_Append(l, d) < 0) Py_CLEAR(l);
        Py_XDECREF(d);
    }
    return l;
}

static PyObject *invariants_list(const lq_system *sys, const lq_liquidus_projection *p) {
    PyObject *l = PyList_New(0);
    for (size_t k = 0; l && k < p->n_invariants; k++) {
        const lq_liquidus_projection_invariant *v = &p->invariants[k];
        PyObject *d = Py_BuildValue("{sNsdsN}", "phases", names_tuple(sys, v->phase, 3), "T", v->T,
                                    "x", lqp_vec(v->x, 3));
        if (!d || PyList_Append(l, d) < 0) Py_CLEAR(l);
        Py_XDECREF(d);
    }
    return l;
}

PyObject *lqp_liquidus_projection(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db",    "components", "phases", "grid_n", "T_min",
                             "T_max", "x_min",      "liquid", NULL};
    PyObject *dbo, *comps, *phases = Py_None;
    Py_ssize_t grid_n = 20;
    double T_min = 300.0, T_max = 4000.0, x_min = 1e-4;
    const char *liquid = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|Ondddz", kwlist, &dbo, &comps, &phases, &grid_n,
                                     &T_min, &T_max, &x_min, &liquid))
        return NULL;
    if (grid_n < 2) {
        PyErr_SetString(PyExc_ValueError, "liquidus_projection: grid_n >= 2");
        return NULL;
    }
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL;
    lqp_database_lock(db);
    lqp_eqctx *e = lqp_database_context(db, comps, phases, 101325.0);
    lq_liquidus_projection_options o;
    lq_liquidus_projection_options_default(&o);
    o.grid_n = (size_t)grid_n;
    o.T_min = T_min;
    o.T_max = T_max;
    o.x_min = x_min;
    if (e && liquid) {
        char up[64];
        lqp_upper(liquid, up, sizeof up);
        if (lq_system_phase_find(e->sys, up, &o.liquid) != LQ_OK) {
            PyErr_Format(PyExc_ValueError, "liquid: %s is not a phase of the system", liquid);
            e = NULL;
        }
    }
    if (e) {
        lq_liquidus_projection *p = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st;
        Py_BEGIN_ALLOW_THREADS st = lq_liquidus_projection_compute(e->ws, &o, &p, &d);
        Py_END_ALLOW_THREADS if (st != LQ_OK) lqp_raise(st, &d, "liquidus_projection");
        else {
            lq_phase_info in;
            lq_system_phase_info(e->sys, p->liquid, &in);
            out = Py_BuildValue("{sNsNsNsssNsnsn}", "nodes", nodes_dict(e->sys, p), "lines",
                                lines_list(e->sys, p), "invariants", invariants_list(e->sys, p),
                                "liquid", in.name, "component_names", lqp_name_list(e->sys, 0),
                                "n_equilibria", (Py_ssize_t)p->n_equilibria, "n_failed",
                                (Py_ssize_t)p->n_failed);
        }
        lq_liquidus_projection_free(p);
    }
    lqp_database_unlock(db);
    Py_DECREF(db);
    return out;
}
