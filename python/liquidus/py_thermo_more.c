/* SPDX-License-Identifier: GPL-3.0-or-later */
/* More thermodynamic calls of the Python extension: temperature step (lq_step_compute), liquidus
 * temperature and composition (lq_eq_liquidus_T_find, lq_eq_liquidus_scan) and one phase's
 * properties on a grid (lq_props_grid_compute). */
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
    "'phase_names', 'present' (phases with an amount somewhere) and 'ok' (n_T: False where\n"
    "no equilibrium was found; that row of 'amount' is NaN and the sweep goes on).";

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
    PyObject *ok = amount ? PyArray_SimpleNew(1, &dims[0], NPY_BOOL) : NULL;
    for (size_t i = 0; ok && i < r->n_T; i++)
        ((npy_bool *)PyArray_DATA((PyArrayObject *)ok))[i] = r->status[i] == LQ_OK;
    if (amount && present && names && ok)
        out = Py_BuildValue("{sNsNsNsNsN}", "T_K", lqp_vec(r->T_K, r->n_T), "amount", amount,
                            "present", present, "phase_names", names, "ok", ok);
    else {
        Py_XDECREF(ok);
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

const char lqp_prop_grid_doc[] =
    "prop_grid(db, phase, T, x, components=None, ref=None) -> dict\n\n"
    "Properties of `phase` alone on the grid T (K, 1-D) x compositions (lq_props_grid_compute):\n"
    "x = {component: 1-D array} of the same length n_x, one component the balance. 'GM', 'HM',\n"
    "'SM', 'CPM', 'GM_MIX', 'HM_MIX', 'SM_MIX' (n_T, n_x) per mole of atoms (J/mol, J/(mol K);\n"
    "SER; _MIX against the pure components in the phase), 'MU' and 'ACR' (n_T, n_x, ncomp; ACR\n"
    "against ref = {component: phase}, default the stable pure state at each T), 'ref_phase'\n"
    "(n_T lists of the reference phase of each component) and 'G_ref' (n_T, ncomp, J/mol).";

PyObject *lqp_prop_grid(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "phase", "T", "x", "components", "ref", NULL};
    PyObject *dbo, *To, *xd, *comps = Py_None, *refo = Py_None;
    const char *phase;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OsOO|OO", kwlist, &dbo, &phase, &To, &xd, &comps,
                                     &refo))
        return NULL;
    if (!PyDict_Check(xd) || (refo != Py_None && !PyDict_Check(refo))) {
        PyErr_SetString(PyExc_TypeError, "prop_grid: x and ref are dicts keyed by component");
        return NULL;
    }
    PyArrayObject *Ta = lqp_double_array(To);
    if (!Ta) return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) {
        Py_DECREF(Ta);
        return NULL;
    }
    PyObject *out = NULL;
    lq_props_grid *g = NULL;
    double *xs = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, Py_None, 101325.0);
    size_t nc = c ? lq_system_component_count(c->sys) : 0, ph = 0, nx = 0;
    size_t refs[16];
    if (!c) goto done;
    char up[64];
    lqp_upper(phase, up, sizeof up);
    if (lq_system_phase_find(c->sys, up, &ph) != LQ_OK) {
        PyErr_Format(PyExc_ValueError, "prop_grid: %s is not a phase of the system", phase);
        goto done;
    }
    for (size_t i = 0; i < nc; i++) refs[i] = LQ_PROPS_REF_STABLE;
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (refo != Py_None && PyDict_Next(refo, &pos, &k, &v)) {
        const char *cn = PyUnicode_AsUTF8(k), *pn = PyUnicode_AsUTF8(v);
        if (!cn || !pn) goto done;
        char cu[64], pu[64];
        lqp_upper(cn, cu, sizeof cu);
        lqp_upper(pn, pu, sizeof pu);
        size_t i = 0, rp = 0;
        while (i < nc && strcmp(lq_system_component_name(c->sys, i), cu) != 0) i++;
        if (i == nc || lq_system_phase_find(c->sys, pu, &rp) != LQ_OK) {
            PyErr_Format(PyExc_ValueError, "prop_grid: ref %s=%s: unknown component or phase", cn,
                         pn);
            goto done;
        }
        refs[i] = rp;
    }
    /* the compositions: one row per point, the balance component 1 - sum of the others */
    int given[16] = {0};
    PyArrayObject *cols[16] = {NULL};
    pos = 0;
    int bad = 0;
    while (!bad && PyDict_Next(xd, &pos, &k, &v)) {
        const char *cn = PyUnicode_AsUTF8(k);
        char cu[64];
        if (!cn) {
            bad = 1;
            break;
        }
        lqp_upper(cn, cu, sizeof cu);
        size_t i = 0;
        while (i < nc && strcmp(lq_system_component_name(c->sys, i), cu) != 0) i++;
        if (i == nc) {
            PyErr_Format(PyExc_ValueError, "prop_grid: %s is not a component", cn);
            bad = 1;
            break;
        }
        cols[i] = lqp_double_array(v);
        if (!cols[i] || PyArray_NDIM(cols[i]) > 1) {
            if (cols[i]) PyErr_SetString(PyExc_ValueError, "prop_grid: x values are 1-D");
            bad = 1;
            break;
        }
        size_t len = (size_t)PyArray_SIZE(cols[i]);
        if (nx && len != nx) {
            PyErr_SetString(PyExc_ValueError, "prop_grid: x arrays of one length expected");
            bad = 1;
        }
        nx = len;
        given[i] = 1;
    }
    size_t nfree = 0;
    for (size_t i = 0; i < nc; i++) nfree += !given[i];
    if (!bad && nfree != 1) {
        PyErr_SetString(PyExc_ValueError, "prop_grid: give x of all components but one");
        bad = 1;
    }
    xs = bad ? NULL : PyMem_Calloc(nx * nc + 1, sizeof *xs);
    for (size_t j = 0; xs && j < nx; j++) {
        double sum = 0.0;
        size_t bal = 0;
        for (size_t i = 0; i < nc; i++) {
            if (!given[i]) {
                bal = i;
                continue;
            }
            xs[j * nc + i] = ((const double *)PyArray_DATA(cols[i]))[j];
            sum += xs[j * nc + i];
        }
        xs[j * nc + bal] = 1.0 - sum;
    }
    for (size_t i = 0; i < nc; i++) Py_XDECREF(cols[i]);
    if (!xs) {
        if (!bad) PyErr_NoMemory();
        goto done;
    }
    lq_props_grid_options opt;
    lq_props_grid_options_default(&opt);
    opt.phase = ph;
    opt.T_K = (const double *)PyArray_DATA(Ta);
    opt.n_T = (size_t)PyArray_SIZE(Ta);
    opt.x = xs;
    opt.n_x = nx;
    opt.ref_phase = refs;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_props_grid_compute(c->ws, &opt, &g, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lqp_raise(st, &d, "prop_grid");
        goto done;
    }
    npy_intp d2[2] = {(npy_intp)g->n_T, (npy_intp)g->n_x};
    npy_intp d3[3] = {(npy_intp)g->n_T, (npy_intp)g->n_x, (npy_intp)nc};
    npy_intp dr[2] = {(npy_intp)g->n_T, (npy_intp)nc};
    static const char *const names[7] = {"GM", "HM", "SM", "CPM", "GM_MIX", "HM_MIX", "SM_MIX"};
    out = PyDict_New();
    for (int q = 0; out && q < 7; q++) {
        PyObject *a = PyArray_SimpleNew(2, d2, NPY_DOUBLE);
        for (size_t r = 0; a && r < g->n_T * g->n_x; r++) {
            const lq_phase_props *pp = &g->props[r];
            const double vals[7] = {pp->GM,     pp->HM,     pp->SM,    pp->CPM,
                                    pp->GM_MIX, pp->HM_MIX, pp->SM_MIX};
            ((double *)PyArray_DATA((PyArrayObject *)a))[r] = vals[q];
        }
        if (lqp_set(out, names[q], a) < 0) Py_CLEAR(out);
    }
    PyObject *mu = out ? PyArray_SimpleNew(3, d3, NPY_DOUBLE) : NULL;
    PyObject *acr = mu ? PyArray_SimpleNew(3, d3, NPY_DOUBLE) : NULL;
    PyObject *gref = acr ? PyArray_SimpleNew(2, dr, NPY_DOUBLE) : NULL;
    PyObject *rl = gref ? PyList_New(0) : NULL;
    if (!rl) {
        Py_XDECREF(mu);
        Py_XDECREF(acr);
        Py_XDECREF(gref);
        Py_CLEAR(out);
        goto done;
    }
    size_t np = g->n_T * g->n_x * nc;
    memcpy(PyArray_DATA((PyArrayObject *)mu), g->mu, np * sizeof(double));
    memcpy(PyArray_DATA((PyArrayObject *)acr), g->acr, np * sizeof(double));
    memcpy(PyArray_DATA((PyArrayObject *)gref), g->G_ref, g->n_T * nc * sizeof(double));
    for (size_t t = 0; rl && t < g->n_T; t++) {
        PyObject *row = PyList_New((Py_ssize_t)nc);
        for (size_t i = 0; row && i < nc; i++) {
            PyObject *u = phase_str(c->sys, g->ref_phase[t * nc + i]);
            if (!u) {
                Py_CLEAR(row);
                break;
            }
            PyList_SET_ITEM(row, (Py_ssize_t)i, u);
        }
        if (!row || PyList_Append(rl, row) < 0) Py_CLEAR(rl);
        Py_XDECREF(row);
    }
    PyObject *cl = PyList_New((Py_ssize_t)nc);
    for (size_t i = 0; cl && i < nc; i++)
        PyList_SET_ITEM(cl, (Py_ssize_t)i,
                        PyUnicode_FromString(lq_system_component_name(c->sys, i)));
    if (lqp_set(out, "MU", mu) < 0 || lqp_set(out, "ACR", acr) < 0 ||
        lqp_set(out, "G_ref", gref) < 0 || lqp_set(out, "ref_phase", rl) < 0 ||
        lqp_set(out, "components", cl) < 0 || lqp_set(out, "T", lqp_vec(opt.T_K, opt.n_T)) < 0)
        Py_CLEAR(out);
done:
    lq_props_grid_free(g);
    PyMem_Free(xs);
    lqp_database_unlock(db);
    Py_DECREF(db);
    Py_DECREF(Ta);
    return out;
}

const char lqp_liquidus_scan_doc[] =
    "liquidus_scan(db, T, solute, phase='LIQUID', x_step=0.001, x_max=0.999, components=None)\n"
    "    -> (float, str)\n\n"
    "Liquidus (or solvus) composition of a binary at T (K) by a scan (lq_eq_liquidus_scan): the\n"
    "overall mole fraction of `solute` is stepped by x_step until `phase` coexists with another\n"
    "phase; returns the solute fraction in `phase` there (resolution x_step) and the other phase.";

PyObject *lqp_liquidus_scan(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db", "T", "solute", "phase", "x_step", "x_max", "components", NULL};
    PyObject *dbo, *comps = Py_None;
    double T, step = 1e-3, xmax = 0.999;
    const char *solute, *phase = "LIQUID";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Ods|sddO", kwlist, &dbo, &T, &solute, &phase, &step,
                                     &xmax, &comps))
        return NULL;
    lqp_database *db = lqp_database_get(dbo);
    if (!db) return NULL;
    PyObject *out = NULL;
    lqp_database_lock(db);
    lqp_eqctx *c = lqp_database_context(db, comps, Py_None, 101325.0);
    size_t nc = c ? lq_system_component_count(c->sys) : 0, ph = 0, sc = 0, other = 0;
    char up[64], su[64];
    lqp_upper(phase, up, sizeof up);
    lqp_upper(solute, su, sizeof su);
    if (!c) goto done;
    while (sc < nc && strcmp(lq_system_component_name(c->sys, sc), su) != 0) sc++;
    if (sc == nc || lq_system_phase_find(c->sys, up, &ph) != LQ_OK) {
        PyErr_Format(PyExc_ValueError, "liquidus_scan: unknown solute %s or phase %s", solute,
                     phase);
        goto done;
    }
    double xp = 0.0;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st =
        lq_eq_liquidus_scan(c->ws, T, sc, ph, step, xmax, c->res, &xp, &other, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) lqp_raise(st, &d, "liquidus_scan");
    else out = Py_BuildValue("(dN)", xp, phase_str(c->sys, other));
done:
    lqp_database_unlock(db);
    Py_DECREF(db);
    return out;
}
