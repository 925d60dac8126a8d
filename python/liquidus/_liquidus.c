/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The liquidus._liquidus extension module: method table, exceptions, Database type, helpers. */
#include "pyliquidus.h"

#include <string.h>

/* ================================================================ errors */

/* One exception class per lq_status (index = status); bases give the matching Python built-in. */
static PyObject *status_exc[LQ_STATUS_COUNT_];
static PyObject *base_error;

typedef struct exc_def {
    lq_status st;
    const char *name;
    const char *doc;
} exc_def;

static const exc_def EXC[] = {
    {LQ_EINVAL, "InvalidArgumentError", "An argument was invalid (LQ_EINVAL); also a ValueError."},
    {LQ_ENOMEM, "OutOfMemoryError", "Allocation failed (LQ_ENOMEM); also a MemoryError."},
    {LQ_EDOM, "DomainError", "An argument lies outside the model's validity (LQ_EDOM)."},
    {LQ_ENOCONV, "ConvergenceError", "An iteration did not converge (LQ_ENOCONV)."},
    {LQ_ESINGULAR, "SingularError", "A singular or ill-conditioned system (LQ_ESINGULAR)."},
    {LQ_EPARSE, "ParseError", "A malformed input file (LQ_EPARSE); file/line say where."},
    {LQ_EIO, "FileError", "A file could not be read (LQ_EIO); also an OSError."},
    {LQ_EWRITE, "WriteError",
     "An output could not be written, e.g. a full disk (LQ_EWRITE); also "
     "an OSError."},
    {LQ_EUNSUPPORTED, "UnsupportedError", "A model or format liquidus does not support yet."},
    {LQ_ENOTFOUND, "NotFoundError", "A named item was not found (LQ_ENOTFOUND); a LookupError."},
    {LQ_ECANCELLED, "CancelledError", "The work was cancelled by a signal (LQ_ECANCELLED)."},
};

int lqp_errors_init(PyObject *m) {
    base_error = PyErr_NewExceptionWithDoc(
        "liquidus.Error",
        "Base of every liquidus error. Attributes: status (int lq_status), status_name, file, "
        "line, column, field and detail (the library's lq_diag).",
        PyExc_Exception, NULL);
    if (!base_error || PyModule_AddObjectRef(m, "Error", base_error) < 0) return -1;
    for (size_t i = 0; i < sizeof EXC / sizeof EXC[0]; i++) {
        PyObject *extra = EXC[i].st == LQ_EINVAL || EXC[i].st == LQ_EDOM  ? PyExc_ValueError
                          : EXC[i].st == LQ_ENOMEM                        ? PyExc_MemoryError
                          : EXC[i].st == LQ_EIO || EXC[i].st == LQ_EWRITE ? PyExc_OSError
                          : EXC[i].st == LQ_ENOTFOUND                     ? PyExc_LookupError
                                                                          : NULL;
        PyObject *bases = extra ? PyTuple_Pack(2, base_error, extra) : PyTuple_Pack(1, base_error);
        if (!bases) return -1;
        char qual[96];
        snprintf(qual, sizeof qual, "liquidus.%s", EXC[i].name);
        PyObject *e = PyErr_NewExceptionWithDoc(qual, EXC[i].doc, bases, NULL);
        Py_DECREF(bases);
        if (!e || PyModule_AddObjectRef(m, EXC[i].name, e) < 0) return -1;
        status_exc[EXC[i].st] = e;
    }
    return 0;
}

PyObject *lqp_raise(lq_status st, const lq_diag *diag, const char *what) {
    PyObject *type =
        (int)st > 0 && st < LQ_STATUS_COUNT_ && status_exc[st] ? status_exc[st] : base_error;
    char where[1024], msg[1400];
    lq_diag_format(diag, where, sizeof where);
    snprintf(msg, sizeof msg, "%s: %s%s(%s)", what, where, where[0] ? " " : "", lq_status_str(st));
    PyObject *exc = PyObject_CallFunction(type, "s", msg);
    if (!exc) return NULL;
    const lq_diag empty = {{0}, 0, 0, {0}, {0}, 0};
    const lq_diag *d = diag ? diag : &empty;
    PyObject *vals[6] = {
        PyLong_FromLong((long)st),          PyUnicode_FromString(lq_status_str(st)),
        PyUnicode_DecodeFSDefault(d->file), PyLong_FromLong(d->line),
        PyLong_FromLong(d->column),         PyUnicode_FromString(d->field)};
    static const char *const names[6] = {"status", "status_name", "file",
                                         "line",   "column",      "field"};
    for (int i = 0; i < 6; i++) {
        if (vals[i]) PyObject_SetAttrString(exc, names[i], vals[i]);
        Py_XDECREF(vals[i]);
    }
    PyObject *detail = PyUnicode_DecodeUTF8(d->msg, (Py_ssize_t)strlen(d->msg), "replace");
    if (detail) PyObject_SetAttrString(exc, "detail", detail);
    Py_XDECREF(detail);
    PyErr_Clear(); /* attribute errors above cannot happen on exception instances */
    PyErr_SetObject(type, exc);
    Py_DECREF(exc);
    return NULL;
}

/* ================================================================ helpers */

int lqp_path_conv(PyObject *obj, void *out) { return PyUnicode_FSConverter(obj, out); }

PyArrayObject *lqp_double_array(PyObject *obj) {
    return (PyArrayObject *)PyArray_FROMANY(obj, NPY_DOUBLE, 0, 0,
                                            NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED);
}

PyObject *lqp_vec(const double *v, size_t n) {
    npy_intp dim = (npy_intp)n;
    PyObject *a = PyArray_SimpleNew(1, &dim, NPY_DOUBLE);
    if (a && n) memcpy(PyArray_DATA((PyArrayObject *)a), v, n * sizeof *v);
    return a;
}

int lqp_set(PyObject *d, const char *key, PyObject *value) {
    if (!value) return -1;
    int rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

void lqp_upper(const char *s, char *buf, size_t size) {
    size_t i = 0;
    for (; s && s[i] && i + 1 < size; i++)
        buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 'a' + 'A') : s[i];
    if (size) buf[i] = '\0';
}

/* ================================================================ data_path, version */

const char lqp_data_path_doc[] =
    "data_path(relative='') -> str\n\n"
    "Full path of a bundled data file, e.g. data_path('tdb/BiNd.tdb'): in $LIQUIDUS_DATA_DIR when\n"
    "set, else in the installed share/liquidus found from the library's location (or the source\n"
    "data/ folder when running from the build tree). Raises NotFoundError when the file is not\n"
    "there (the message names the folder searched).";

PyObject *lqp_data_path(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"relative", NULL};
    const char *rel = "";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|s", kwlist, &rel)) return NULL;
    char buf[4096];
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_data_path(rel, buf, sizeof buf, &d);
    if (st != LQ_OK) return lqp_raise(st, &d, "data_path");
    return PyUnicode_DecodeFSDefault(buf);
}

const char lqp_version_doc[] =
    "version() -> str\n\nVersion of the liquidus library the module is linked with.";

PyObject *lqp_version(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "", kwlist)) return NULL;
    return PyUnicode_FromString(lq_version());
}

/* ================================================================ Database */

static void ctx_free(lqp_eqctx *c) {
    lq_eq_result_free(c->res);
    lq_eq_ws_free(c->ws);
    lq_system_free(c->sys);
    memset(c, 0, sizeof *c);
}

static void database_dealloc(lqp_database *self) {
    for (size_t i = 0; i < self->nctx; i++) ctx_free(&self->ctx[i]);
    lq_db_free(self->db);
    Py_XDECREF(self->path);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

void lqp_database_lock(lqp_database *db) {
    if (PyThread_acquire_lock(db->lock, NOWAIT_LOCK)) return;
    Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(db->lock, WAIT_LOCK);
    Py_END_ALLOW_THREADS
}

void lqp_database_unlock(lqp_database *db) { PyThread_release_lock(db->lock); }

/* A readable file: the path itself; else a bundled name: data/tdb/<name>, data/tdb/<name>.tdb. */
static int resolve_db(const char *arg, char *buf, size_t size, lq_diag *d) {
    FILE *fp = fopen(arg, "rb");
    if (fp || strchr(arg, '/')) {
        if (fp) fclose(fp);
        snprintf(buf, size, "%s", arg);
        return 0;
    }
    char rel[600];
    snprintf(rel, sizeof rel, "tdb/%s", arg);
    if (lq_data_path(rel, buf, size, d) == LQ_OK) return 0;
    snprintf(rel, sizeof rel, "tdb/%s.tdb", arg);
    if (lq_data_path(rel, buf, size, d) == LQ_OK) return 0;
    snprintf(buf, size, "%s", arg);
    return 0;
}

static int database_init(lqp_database *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return -1;
    char path[4096];
    lq_diag d;
    lq_diag_clear(&d);
    resolve_db(PyBytes_AS_STRING(pb), path, sizeof path, &d);
    Py_DECREF(pb);
    lq_db *db = NULL;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_db_read_file(path, &db, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lqp_raise(st, &d, "Database");
        return -1;
    }
    for (size_t i = 0; i < self->nctx; i++) ctx_free(&self->ctx[i]);
    self->nctx = self->next = 0;
    lq_db_free(self->db);
    self->db = db;
    Py_XSETREF(self->path, PyUnicode_DecodeFSDefault(path));
    if (!self->lock) self->lock = PyThread_allocate_lock();
    if (!self->path || !self->lock) return -1;
    return 0;
}

static PyObject *name_list(const lq_db *db, size_t n, const char *(*get)(const lq_db *, size_t),
                           int elements) {
    PyObject *l = PyList_New(0);
    for (size_t i = 0; l && i < n; i++) {
        const char *s = get(db, i);
        if (!s || (elements && (strcmp(s, "VA") == 0 || s[0] == '/' || strcmp(s, "*") == 0)))
            continue;
        PyObject *u = PyUnicode_FromString(s);
        if (!u || PyList_Append(l, u) < 0) Py_CLEAR(l);
        Py_XDECREF(u);
    }
    return l;
}

static PyObject *database_elements(lqp_database *self, void *closure) {
    (void)closure;
    return name_list(self->db, lq_db_element_count(self->db), lq_db_element_name, 1);
}

static PyObject *database_phases(lqp_database *self, void *closure) {
    (void)closure;
    return name_list(self->db, lq_db_phase_count(self->db), lq_db_phase_name, 0);
}

static PyObject *database_warnings(lqp_database *self, void *closure) {
    (void)closure;
    PyObject *l = PyList_New(0);
    for (size_t i = 0; l && i < lq_db_warning_count(self->db); i++) {
        PyObject *u = PyUnicode_DecodeUTF8(
            lq_db_warning(self->db, i), (Py_ssize_t)strlen(lq_db_warning(self->db, i)), "replace");
        if (!u || PyList_Append(l, u) < 0) Py_CLEAR(l);
        Py_XDECREF(u);
    }
    return l;
}

static PyObject *database_path(lqp_database *self, void *closure) {
    (void)closure;
    return Py_NewRef(self->path);
}

static PyObject *database_repr(lqp_database *self) {
    return PyUnicode_FromFormat("liquidus.Database(%R)", self->path);
}

static PyObject *database_function(lqp_database *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"name", "T", "P", NULL};
    const char *name;
    PyObject *T;
    double P = 101325.0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "sO|d", kwlist, &name, &T, &P)) return NULL;
    PyArrayObject *ta = lqp_double_array(T);
    if (!ta) return NULL;
    PyObject *out = PyArray_NewLikeArray(ta, NPY_CORDER, NULL, 0);
    char up[128];
    lqp_upper(name, up, sizeof up);
    for (npy_intp i = 0; out && i < PyArray_SIZE(ta); i++) {
        double t = ((const double *)PyArray_DATA(ta))[i];
        lq_status st = lq_db_function_eval(self->db, up, t, P,
                                           (double *)PyArray_DATA((PyArrayObject *)out) + i, NULL);
        if (st != LQ_OK) {
            lq_diag d;
            lq_diag_clear(&d);
            snprintf(d.field, sizeof d.field, "%.63s", up);
            snprintf(d.msg, sizeof d.msg, "FUNCTION %s at T = %g K, P = %g Pa", up, t, P);
            Py_CLEAR(out);
            lqp_raise(st, &d, "Database.function");
        }
    }
    Py_DECREF(ta);
    if (out && PyArray_NDIM((PyArrayObject *)out) == 0) {
        PyObject *f = PyFloat_FromDouble(*(double *)PyArray_DATA((PyArrayObject *)out));
        Py_DECREF(out);
        return f;
    }
    return out;
}

static PyMethodDef database_methods[] = {
    {"function", (PyCFunction)(void (*)(void))database_function, METH_VARARGS | METH_KEYWORDS,
     "function(name, T, P=101325.0) -> float or numpy array\n\n"
     "Value of the database's FUNCTION `name` at T (K, scalar or array) and P (Pa), J/mol\n"
     "(lq_db_function_eval; outside the tabulated ranges the nearest range's expression)."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef database_getset[] = {
    {"path", (getter)database_path, NULL, "The TDB file that was read (str).", NULL},
    {"elements", (getter)database_elements, NULL,
     "Element names of the database without VA and /- (list of str, upper case).", NULL},
    {"phases", (getter)database_phases, NULL, "Phase names (list of str, upper case).", NULL},
    {"warnings", (getter)database_warnings, NULL,
     "Warnings collected while reading, 'file:line: message' (list of str).", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject lqp_database_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "liquidus.Database",
    .tp_basicsize = sizeof(lqp_database),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc =
        "Database(path)\n\n"
        "A thermodynamic database (Thermo-Calc TDB) read with lq_db_read_file. `path` is a\n"
        "file, or the name of a bundled database ('BiNd' or 'BiNd.tdb'), looked up as\n"
        "data_path('tdb/<name>') and data_path('tdb/<name>.tdb') when no such file exists.\n"
        "A Database keeps the equilibrium workspaces of the systems it was used with, so\n"
        "repeated equilibria cost no set-up; it may be shared between threads (calls on one\n"
        "Database are serialised, the GIL is released while they run).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)database_init,
    .tp_dealloc = (destructor)database_dealloc,
    .tp_repr = (reprfunc)database_repr,
    .tp_getset = database_getset,
    .tp_methods = database_methods,
};

lqp_database *lqp_database_get(PyObject *obj) {
    if (PyObject_TypeCheck(obj, &lqp_database_type)) {
        if (!((lqp_database *)obj)->db || !((lqp_database *)obj)->lock) {
            PyErr_SetString(PyExc_ValueError, "Database not initialised (call Database(path))");
            return NULL;
        }
        return (lqp_database *)Py_NewRef(obj);
    }
    return (lqp_database *)PyObject_CallOneArg((PyObject *)&lqp_database_type, obj);
}

/* Names from None (-> n = 0), a str "A,B" or a sequence of str, upper-cased into store. */
static int names_arg(PyObject *obj, char store[][32], const char **ptr, size_t max, size_t *n,
                     const char *what) {
    *n = 0;
    if (!obj || obj == Py_None) return 0;
    PyObject *seq = NULL;
    if (PyUnicode_Check(obj)) {
        PyObject *sep = PyUnicode_FromString(",");
        seq = sep ? PyUnicode_Split(obj, sep, -1) : NULL;
        Py_XDECREF(sep);
    } else {
        seq = PySequence_Fast(obj, "expected a sequence of names");
    }
    if (!seq) return -1;
    Py_ssize_t len = PySequence_Fast_GET_SIZE(seq);
    if ((size_t)len > max) {
        Py_DECREF(seq);
        PyErr_Format(PyExc_ValueError, "%s: at most %zu names", what, max);
        return -1;
    }
    for (Py_ssize_t i = 0; i < len; i++) {
        const char *s = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i));
        if (!s || strlen(s) >= 32) {
            Py_DECREF(seq);
            if (s) PyErr_Format(PyExc_ValueError, "%s: name '%s' too long", what, s);
            return -1;
        }
        lqp_upper(s, store[*n], 32);
        ptr[*n] = store[*n];
        (*n)++;
    }
    Py_DECREF(seq);
    return 0;
}

lqp_eqctx *lqp_database_context(lqp_database *db, PyObject *components, PyObject *phases,
                                double P) {
    char cs[16][32], ps[64][32];
    const char *cp[16], *pp[64];
    size_t nc = 0, np = 0;
    if (names_arg(components, cs, cp, 16, &nc, "components") < 0 ||
        names_arg(phases, ps, pp, 64, &np, "phases") < 0)
        return NULL;
    if (nc == 0)
        for (size_t i = 0; i < lq_db_element_count(db->db) && nc < 16; i++) {
            const char *e = lq_db_element_name(db->db, i);
            if (!e || strcmp(e, "VA") == 0 || e[0] == '/' || strcmp(e, "*") == 0) continue;
            snprintf(cs[nc], 32, "%s", e);
            cp[nc] = cs[nc];
            nc++;
        }
    char key[512];
    size_t used = 0;
    for (size_t i = 0; i < nc; i++)
        used +=
            (size_t)snprintf(key + used, used < sizeof key ? sizeof key - used : 0, "%s,", cp[i]);
    for (size_t i = 0; i < np && used < sizeof key; i++)
        used += (size_t)snprintf(key + used, sizeof key - used, "|%s", pp[i]);
    if (used < sizeof key) snprintf(key + used, sizeof key - used, "@%.17g", P);
    for (size_t i = 0; i < db->nctx; i++)
        if (strcmp(db->ctx[i].key, key) == 0) return &db->ctx[i];
    size_t slot = db->nctx < LQP_MAX_CTX ? db->nctx++ : (db->next++ % LQP_MAX_CTX);
    lqp_eqctx *c = &db->ctx[slot];
    ctx_free(c);
    lq_eq_options opt;
    lq_eq_options_default(&opt);
    opt.P = P;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_system_create(db->db, cp, nc, np ? pp : NULL, np, &c->sys, &d);
    if (st == LQ_OK) st = lq_eq_ws_alloc(c->sys, &opt, &c->ws, &d);
    if (st == LQ_OK) st = lq_eq_result_alloc(c->ws, &c->res);
    if (st != LQ_OK) {
        ctx_free(c);
        if (slot == db->nctx - 1) db->nctx--;
        lqp_raise(st, &d, "system");
        return NULL;
    }
    snprintf(c->key, sizeof c->key, "%s", key);
    return c;
}

/* ================================================================ the module */

/* The method records: one entry per call (declared in pyliquidus.h, defined in py_*.c). */
static PyMethodDef methods[] = {LQP_FN(version),
                                LQP_FN(cell),
                                LQP_FN(cell_invert),
                                LQP_FN(data_path),
                                LQP_FN(equilibrium),
                                LQP_FN(prop),
                                LQP_FN(map),
                                LQP_FN(solubility),
                                LQP_FN(echem_read),
                                LQP_FN(echem_ref_convert),
                                LQP_FN(echem_ca_analyse),
                                LQP_FN(echem_ocp_plateaus),
                                LQP_FN(echem_swv_fit),
                                LQP_FN(echem_emf_activity),
                                LQP_FN(echem_emf_temperature),
                                LQP_FN(structure_read),
                                LQP_FN(xrd_pattern),
                                LQP_FN(ml_predict),
                                LQP_FN(eos_fit),
                                LQP_FN(hull),
                                LQP_FN(md_rdf),
                                LQP_FN(md_msd),
                                LQP_FN(md_redox),
                                LQP_FN(echem_summary),
                                LQP_FN(echem_emf_analyse),
                                LQP_FN(echem_swv_analyse),
                                LQP_FN(echem_ca_record_analyse),
                                LQP_FN(echem_ocp_analyse),
                                LQP_FN(assess_dataset_read),
                                LQP_FN(assess_datasets_read),
                                LQP_FN(assess_dataset_activity),
                                LQP_FN(assess_dataset_zpf_csv),
                                LQP_FN(assess_run_read),
                                LQP_FN(assess_paramgen),
                                LQP_FN(assess_uq_props),
                                LQP_FN(step),
                                LQP_FN(liquidus_T),
                                LQP_FN(hull_file),
                                LQP_FN(ev_read),
                                LQP_FN(structure_formula),
                                LQP_FN(md_series_stats),
                                LQP_FN(xrd_profiles),
                                LQP_FN(prop_grid),
                                LQP_FN(eq_batch),
                                LQP_FN(equilibrium_conditions),
                                LQP_FN(liquidus_projection),
                                LQP_FN(liquidus_scan),
                                LQP_FN(echem_cv_analyse),
                                LQP_FN(assess_dataset_hm_form),
                                LQP_FN(assess_dataset_zpf),
                                LQP_FN(assess_datasets_check),
                                LQP_FN(thermal_dsc_analyse),
                                {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "liquidus._liquidus",
    "C extension of the liquidus package over the public API of libliquidus (see liquidus).",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL};

PyMODINIT_FUNC PyInit__liquidus(void);
PyMODINIT_FUNC PyInit__liquidus(void) {
    import_array();
    if (PyType_Ready(&lqp_database_type) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (lqp_errors_init(m) < 0 || lqp_assess_init(m) < 0 ||
        PyModule_AddObjectRef(m, "Database", (PyObject *)&lqp_database_type) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
