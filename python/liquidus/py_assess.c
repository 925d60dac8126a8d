/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Assessment calls of the Python extension: ESPEI datasets, run files, parameter generation, the
 * log-probability and uncertainty propagation (include/liquidus/assess.h). */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

static PyObject *str_or_none(const char *s) {
    if (s) return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
    Py_RETURN_NONE;
}

static PyObject *str_list(char *const *s, size_t n) {
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; l && i < n; i++) {
        PyObject *u = str_or_none(s[i]);
        if (!u) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, u);
    }
    return l;
}

static PyObject *path_or_none(const char *s) {
    if (s) return PyUnicode_DecodeFSDefault(s);
    Py_RETURN_NONE;
}

/* ================================================================ Dataset */

typedef struct lqp_dataset {
    PyObject_HEAD lq_dataset *ds;
} lqp_dataset;

static void dataset_dealloc(lqp_dataset *self) {
    lq_dataset_free(self->ds);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject dataset_type;

/* A new Dataset owning ds (freed here on failure); NULL ds gives None. */
PyObject *lqp_dataset_wrap(lq_dataset *ds) {
    if (!ds) Py_RETURN_NONE;
    lqp_dataset *o = PyObject_New(lqp_dataset, &dataset_type);
    if (!o) {
        lq_dataset_free(ds);
        return NULL;
    }
    o->ds = ds;
    return (PyObject *)o;
}

static const char *const KIND_NAME[3] = {"non_equilibrium", "equilibrium", "zpf"};

static PyObject *conds_dict(const lq_dataset_cond *c, size_t n) {
    PyObject *d = PyDict_New();
    for (size_t i = 0; d && i < n; i++)
        if (lqp_set(d, c[i].name, lqp_vec(c[i].values, c[i].n)) < 0) Py_CLEAR(d);
    return d;
}

static PyObject *dataset_as_dict(lqp_dataset *self, PyObject *unused) {
    (void)unused;
    const lq_dataset *ds = self->ds;
    PyObject *d = PyDict_New();
    if (!d) return NULL;
    if (lqp_set(d, "path", path_or_none(ds->path)) < 0 ||
        lqp_set(d, "kind", PyUnicode_FromString(KIND_NAME[ds->kind])) < 0 ||
        lqp_set(d, "output", str_or_none(ds->output)) < 0 ||
        lqp_set(d, "components", str_list(ds->components, ds->n_components)) < 0 ||
        lqp_set(d, "phases", str_list(ds->phases, ds->n_phases)) < 0 ||
        lqp_set(d, "conditions", conds_dict(ds->conds, ds->n_conds)) < 0 ||
        lqp_set(d, "weight", PyFloat_FromDouble(ds->weight)) < 0 ||
        lqp_set(d, "disabled", PyBool_FromLong(ds->disabled)) < 0 ||
        lqp_set(d, "reference", str_or_none(ds->reference)) < 0 ||
        lqp_set(d, "bibtex", str_or_none(ds->bibtex)) < 0 ||
        lqp_set(d, "comment", str_or_none(ds->comment)) < 0 ||
        lqp_set(d, "tags", str_list(ds->tags, ds->n_tags)) < 0 ||
        lqp_set(d, "excluded_model_contributions", str_list(ds->excluded, ds->n_excluded)) < 0)
        goto fail;
    if (ds->kind != LQ_DATASET_ZPF) {
        npy_intp dims[3] = {(npy_intp)ds->shape[0], (npy_intp)ds->shape[1], (npy_intp)ds->shape[2]};
        PyObject *v = PyArray_SimpleNew(3, dims, NPY_DOUBLE);
        if (!v) goto fail;
        size_t nv = ds->shape[0] * ds->shape[1] * ds->shape[2];
        if (nv && ds->values) memcpy(PyArray_DATA((PyArrayObject *)v), ds->values, nv * 8);
        if (lqp_set(d, "values", v) < 0) goto fail;
    }
    if (ds->kind == LQ_DATASET_NONEQ_THERMO) {
        PyObject *cfgs = PyList_New(0);
        if (!cfgs || lqp_set(d, "sublattice_configurations", cfgs) < 0) goto fail;
        PyObject *occ = PyList_New(0);
        if (!occ || lqp_set(d, "sublattice_occupancies", occ) < 0) goto fail;
        for (size_t i = 0; i < ds->n_configs; i++) {
            const lq_dataset_config *c = &ds->configs[i];
            PyObject *cl = PyList_New(0), *ol = PyList_New(0);
            if (!cl || !ol || PyList_Append(cfgs, cl) < 0 || PyList_Append(occ, ol) < 0) {
                Py_XDECREF(cl);
                Py_XDECREF(ol);
                goto fail;
            }
            Py_DECREF(cl);
            Py_DECREF(ol);
            for (size_t k = 0; k < c->n_sublattices; k++) {
                const lq_dataset_sublattice *s = &c->sub[k];
                PyObject *e = s->mixing ? str_list(s->species, s->n_species)
                                        : str_or_none(s->n_species ? s->species[0] : NULL);
                PyObject *o =
                    s->occupancy ? lqp_vec(s->occupancy, s->n_species) : Py_NewRef(Py_None);
                int bad = !e || !o || PyList_Append(cl, e) < 0 || PyList_Append(ol, o) < 0;
                Py_XDECREF(e);
                Py_XDECREF(o);
                if (bad) goto fail;
            }
        }
        if (lqp_set(d, "site_ratios", lqp_vec(ds->site_ratios, ds->n_site_ratios)) < 0) goto fail;
    }
    if (ds->kind == LQ_DATASET_ZPF) {
        PyObject *regs = PyList_New(0);
        if (!regs || lqp_set(d, "regions", regs) < 0) goto fail;
        for (size_t i = 0; i < ds->n_regions; i++) {
            const lq_zpf_region *r = &ds->regions[i];
            PyObject *verts = PyList_New(0);
            for (size_t k = 0; verts && k < r->n_vertices; k++) {
                const lq_zpf_vertex *v = &r->v[k];
                PyObject *vd =
                    Py_BuildValue("{sNsNsNsN}", "phase", str_or_none(v->phase), "components",
                                  str_list(v->comps, v->n_comps), "x", lqp_vec(v->x, v->n_comps),
                                  "disordered", PyBool_FromLong(v->disordered));
                if (!vd || PyList_Append(verts, vd) < 0) Py_CLEAR(verts);
                Py_XDECREF(vd);
            }
            PyObject *rd =
                verts ? Py_BuildValue("{sdsdsN}", "T", r->T, "P", r->P, "vertices", verts) : NULL;
            if (!rd || PyList_Append(regs, rd) < 0) {
                Py_XDECREF(rd);
                goto fail;
            }
            Py_DECREF(rd);
        }
    }
    if (ds->n_ref_phases || ds->n_ref_conds) {
        PyObject *rs = Py_BuildValue("{sNsN}", "phases", str_list(ds->ref_phases, ds->n_ref_phases),
                                     "conditions", conds_dict(ds->ref_conds, ds->n_ref_conds));
        if (lqp_set(d, "reference_state", rs) < 0) goto fail;
    }
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

static PyObject *dataset_write(lqp_dataset *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dataset_write_file(self->ds, PyBytes_AS_STRING(pb), &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "Dataset.write");
    Py_RETURN_NONE;
}

static PyObject *ds_get(lqp_dataset *self, void *closure) {
    const lq_dataset *ds = self->ds;
    switch ((int)(intptr_t)closure) {
        case 0:
            return path_or_none(ds->path);
        case 1:
            return PyUnicode_FromString(KIND_NAME[ds->kind]);
        case 2:
            return str_or_none(ds->output);
        case 3:
            return str_list(ds->components, ds->n_components);
        case 4:
            return str_list(ds->phases, ds->n_phases);
        case 5:
            return PyFloat_FromDouble(ds->weight);
        default:
            return str_or_none(ds->reference);
    }
}

static PyObject *dataset_repr(lqp_dataset *self) {
    return PyUnicode_FromFormat("liquidus.assess.Dataset(%s, %s, %s)", KIND_NAME[self->ds->kind],
                                self->ds->output ? self->ds->output : "?",
                                self->ds->path ? self->ds->path : "<memory>");
}

static PyMethodDef dataset_methods[] = {
    {"as_dict", (PyCFunction)dataset_as_dict, METH_NOARGS,
     "as_dict() -> dict\n\nEverything the dataset holds: kind, output, components, phases,\n"
     "conditions (name -> numpy array: T in K, P in Pa, X_<EL> mole fractions), values (numpy\n"
     "array of shape (nP, nT, n_last) in the output's SI unit, J/mol or J/(mol K) per mole of\n"
     "formula units for _FORM/_MIX, dimensionless for ACR), sublattice_configurations,\n"
     "sublattice_occupancies and site_ratios (non-equilibrium), regions (ZPF: T, P, vertices\n"
     "with phase, components, x; NaN x = unknown), reference_state (activities), weight, tags."},
    {"write", (PyCFunction)(void (*)(void))dataset_write, METH_VARARGS | METH_KEYWORDS,
     "write(path)\n\nWrites the dataset as ESPEI JSON (validated first; atomic)."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef dataset_getset[] = {
    {"path", (getter)ds_get, NULL, "File read, or None when built in memory.", (void *)0},
    {"kind", (getter)ds_get, NULL, "'non_equilibrium', 'equilibrium' or 'zpf'.", (void *)1},
    {"output", (getter)ds_get, NULL, "ESPEI output: 'HM_FORM', 'ACR_ND', 'ZPF', ...", (void *)2},
    {"components", (getter)ds_get, NULL, "Components (list of str, as in the file).", (void *)3},
    {"phases", (getter)ds_get, NULL, "Phases (list of str).", (void *)4},
    {"weight", (getter)ds_get, NULL, "Dataset weight (1 when absent).", (void *)5},
    {"reference", (getter)ds_get, NULL, "'reference' of the dataset, or None.", (void *)6},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject dataset_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "liquidus.assess.Dataset",
    .tp_basicsize = sizeof(lqp_dataset),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc =
        "An ESPEI dataset (lq_dataset), from assess.read_dataset, assess.read_datasets, the\n"
        "builders or an emf analysis. as_dict() gives its content, write(path) the JSON.",
    .tp_dealloc = (destructor)dataset_dealloc,
    .tp_repr = (reprfunc)dataset_repr,
    .tp_getset = dataset_getset,
    .tp_methods = dataset_methods,
};

const char lqp_assess_dataset_read_doc[] =
    "assess_dataset_read(path) -> Dataset\n\n"
    "Reads and validates one ESPEI dataset JSON file (lq_dataset_read_file; ESPEI's checks).";

PyObject *lqp_assess_dataset_read(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return NULL;
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_dataset_read_file(PyBytes_AS_STRING(pb), &ds, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "read_dataset");
    return lqp_dataset_wrap(ds);
}

const char lqp_assess_datasets_read_doc[] =
    "assess_datasets_read(path) -> (list of Dataset, n_disabled)\n\n"
    "Every *.json below a folder, sorted by path (lq_dataset_set_read_dir); datasets marked\n"
    "\"disabled\" are skipped and counted. One bad file raises, naming it.";

PyObject *lqp_assess_datasets_read(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return NULL;
    lq_dataset_set *set = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_dataset_set_read_dir(PyBytes_AS_STRING(pb), &set, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "read_datasets");
    PyObject *l = PyList_New(0);
    for (size_t i = 0; l && i < set->n; i++) {
        PyObject *o = lqp_dataset_wrap(set->ds[i]); /* the object owns it from here */
        set->ds[i] = NULL;
        if (!o || PyList_Append(l, o) < 0) Py_CLEAR(l);
        Py_XDECREF(o);
    }
    size_t ndis = set->n_disabled;
    for (size_t i = 0; i < set->n; i++) lq_dataset_free(set->ds[i]); /* left after a failure */
    set->n = 0;
    lq_dataset_set_free(set);
    if (!l) return NULL;
    return Py_BuildValue("(Nn)", l, (Py_ssize_t)ndis);
}

const char lqp_assess_dataset_activity_doc[] =
    "assess_dataset_activity(solute, solvent, phase, ref_phase, T, x_solute, activity,\n"
    "                        reference=None) -> Dataset\n\n"
    "ACR_<solute> dataset at T (K): activities of the solute in `phase` against pure solute in\n"
    "`ref_phase` at T (lq_dataset_build_activity).";

PyObject *lqp_assess_dataset_activity(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"solute",   "solvent",  "phase",     "ref_phase", "T",
                             "x_solute", "activity", "reference", NULL};
    const char *solute, *solvent, *phase, *ref_phase, *ref = NULL;
    double T;
    PyObject *xo, *ao;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "ssssdOO|z", kwlist, &solute, &solvent, &phase,
                                     &ref_phase, &T, &xo, &ao, &ref))
        return NULL;
    PyArrayObject *x = lqp_double_array(xo), *a = x ? lqp_double_array(ao) : NULL;
    if (!a) {
        Py_XDECREF(x);
        return NULL;
    }
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_EINVAL;
    if (PyArray_SIZE(x) != PyArray_SIZE(a))
        snprintf(d.msg, sizeof d.msg, "x_solute and activity differ in length");
    else
        st = lq_dataset_build_activity(
            solute, solvent, phase, ref_phase, T, (const double *)PyArray_DATA(x),
            (const double *)PyArray_DATA(a), (size_t)PyArray_SIZE(x), ref, &ds, &d);
    Py_DECREF(x);
    Py_DECREF(a);
    if (st != LQ_OK) return lqp_raise(st, &d, "dataset_activity");
    return lqp_dataset_wrap(ds);
}

const char lqp_assess_dataset_zpf_csv_doc[] =
    "assess_dataset_zpf_csv(path, comp, other) -> Dataset\n\n"
    "ZPF dataset from a CSV of measured phase boundaries (T_K or T_C, phase1, x1, ...; x = mole\n"
    "fraction of `comp`; lq_dataset_zpf_from_csv, format in docs/datasets.md).";

PyObject *lqp_assess_dataset_zpf_csv(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "comp", "other", NULL};
    PyObject *pb = NULL;
    const char *comp, *other;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&ss", kwlist, lqp_path_conv, &pb, &comp, &other))
        return NULL;
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dataset_zpf_from_csv(PyBytes_AS_STRING(pb), comp, other, &ds, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "dataset_zpf_csv");
    return lqp_dataset_wrap(ds);
}

/* A sequence of str as a NULL-terminated C array of at most 64 (pointers into the tuple `keep`). */
static int str_seq(PyObject *o, PyObject **keep, const char **out, size_t *n, const char *what) {
    *keep = PySequence_Tuple(o);
    if (!*keep) return -1;
    *n = (size_t)PyTuple_GET_SIZE(*keep);
    if (*n > 64) {
        PyErr_Format(PyExc_ValueError, "%s: at most 64 names", what);
        return -1;
    }
    for (size_t i = 0; i < *n; i++)
        if (!(out[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(*keep, i)))) return -1;
    return 0;
}

const char lqp_assess_dataset_hm_form_doc[] =
    "assess_dataset_hm_form(elements, site_ratios, phase, T, hm_form_J_per_mol, reference=None)\n"
    "    -> Dataset\n\n"
    "Formation-enthalpy dataset (HM_FORM, J/mol of formula units of the sublattice model, one\n"
    "sublattice per element with these site ratios) of one compound at T (K; 298.15 for 0 K DFT)\n"
    "(lq_dataset_build_hm_form).";

PyObject *lqp_assess_dataset_hm_form(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"elements",          "site_ratios", "phase", "T",
                             "hm_form_J_per_mol", "reference",   NULL};
    PyObject *elo, *sro, *keep = NULL;
    const char *phase, *ref = NULL, *els[64];
    double T, hm;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOsdd|z", kwlist, &elo, &sro, &phase, &T, &hm,
                                     &ref))
        return NULL;
    size_t n = 0;
    PyArrayObject *sr = NULL;
    PyObject *ret = NULL;
    if (str_seq(elo, &keep, els, &n, "elements") < 0 || !(sr = lqp_double_array(sro))) goto out;
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_EINVAL;
    if ((size_t)PyArray_SIZE(sr) != n)
        snprintf(d.msg, sizeof d.msg, "one site ratio per element expected");
    else
        st = lq_dataset_build_hm_form(els, (const double *)PyArray_DATA(sr), n, phase, T, hm, ref,
                                      &ds, &d);
    if (st != LQ_OK)
        lqp_raise(st, &d, "dataset_hm_form");
    else
        ret = lqp_dataset_wrap(ds);
out:
    Py_XDECREF(keep);
    Py_XDECREF(sr);
    return ret;
}

const char lqp_assess_dataset_zpf_doc[] =
    "assess_dataset_zpf(comp, other, phases, T, x, reference=None) -> Dataset\n\n"
    "ZPF dataset of regions measured at temperatures T (K, n_regions): each region has the given\n"
    "phases; x (n_regions, n_phases) is the mole fraction of `comp` in each phase, NaN when\n"
    "unknown (lq_dataset_build_zpf).";

PyObject *lqp_assess_dataset_zpf(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"comp", "other", "phases", "T", "x", "reference", NULL};
    PyObject *pho, *To, *xo, *keep = NULL;
    const char *comp, *other, *ref = NULL, *phs[64];
    if (!PyArg_ParseTupleAndKeywords(args, kw, "ssOOO|z", kwlist, &comp, &other, &pho, &To, &xo,
                                     &ref))
        return NULL;
    size_t np = 0;
    PyArrayObject *Ta = NULL, *xa = NULL;
    PyObject *ret = NULL;
    if (str_seq(pho, &keep, phs, &np, "phases") < 0 || !(Ta = lqp_double_array(To)) ||
        !(xa = lqp_double_array(xo)))
        goto out;
    size_t nr = (size_t)PyArray_SIZE(Ta);
    lq_dataset *ds = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_EINVAL;
    if ((size_t)PyArray_SIZE(xa) != nr * np)
        snprintf(d.msg, sizeof d.msg, "x must hold n_regions x n_phases = %zu x %zu values", nr,
                 np);
    else
        st = lq_dataset_build_zpf(comp, other, phs, np, (const double *)PyArray_DATA(Ta),
                                  (const double *)PyArray_DATA(xa), nr, ref, &ds, &d);
    if (st != LQ_OK)
        lqp_raise(st, &d, "dataset_zpf");
    else
        ret = lqp_dataset_wrap(ds);
out:
    Py_XDECREF(keep);
    Py_XDECREF(Ta);
    Py_XDECREF(xa);
    return ret;
}

const char lqp_assess_datasets_check_doc[] =
    "assess_datasets_check(path, max_errors=100) -> (list of Dataset, list of str)\n\n"
    "Reads every *.json below a folder going on after bad files, as `espei --check-datasets`\n"
    "(lq_dataset_set_check_dir): the good datasets and one message per bad file (file, field).";

PyObject *lqp_assess_datasets_check(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "max_errors", NULL};
    PyObject *pb = NULL;
    Py_ssize_t maxe = 100;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|n", kwlist, lqp_path_conv, &pb, &maxe))
        return NULL;
    if (maxe < 0 || maxe > 100000) {
        Py_DECREF(pb);
        PyErr_SetString(PyExc_ValueError, "max_errors in 0..100000");
        return NULL;
    }
    lq_diag *errs = PyMem_Calloc((size_t)maxe + 1, sizeof *errs);
    if (!errs) {
        Py_DECREF(pb);
        return PyErr_NoMemory();
    }
    lq_dataset_set *set = NULL;
    size_t nerr = 0;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st =
        lq_dataset_set_check_dir(PyBytes_AS_STRING(pb), &set, errs, (size_t)maxe, &nerr, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    PyObject *ret = NULL;
    if (!set) {
        PyMem_Free(errs);
        return lqp_raise(st, &d, "check_datasets");
    }
    PyObject *l = PyList_New(0), *el = PyList_New(0);
    for (size_t i = 0; l && i < set->n; i++) {
        PyObject *o = lqp_dataset_wrap(set->ds[i]);
        set->ds[i] = NULL;
        if (!o || PyList_Append(l, o) < 0) Py_CLEAR(l);
        Py_XDECREF(o);
    }
    for (size_t i = 0; el && i < nerr && i < (size_t)maxe; i++) {
        char buf[1024];
        lq_diag_format(&errs[i], buf, sizeof buf);
        PyObject *u = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)strlen(buf), "replace");
        if (!u || PyList_Append(el, u) < 0) Py_CLEAR(el);
        Py_XDECREF(u);
    }
    for (size_t i = 0; i < set->n; i++) lq_dataset_free(set->ds[i]);
    set->n = 0;
    lq_dataset_set_free(set);
    PyMem_Free(errs);
    if (l && el) ret = Py_BuildValue("(OO)", l, el);
    Py_XDECREF(l);
    Py_XDECREF(el);
    return ret;
}

/* ================================================================ run files */

static const char *const PRIOR_NAME[4] = {"zero", "normal", "uniform", "triangular"};
static const char *const MOD_SUFFIX[5] = {"", "_relative", "_shift_absolute", "_shift_relative",
                                          "_identity"};

static PyObject *run_dict(const lq_assess_run_config *c) {
    PyObject *d = PyDict_New(), *w = PyDict_New(), *pr = PyList_New(0), *tags = PyDict_New();
    PyObject *aicc = PyDict_New();
    if (!d || !w || !pr || !tags || !aicc) goto fail;
    for (size_t i = 0; i < c->n_data_weights; i++)
        if (lqp_set(w, c->data_weights[i].type, PyFloat_FromDouble(c->data_weights[i].weight)) < 0)
            goto fail;
    for (size_t i = 0; i < c->n_priors; i++) {
        const lq_assess_run_prior *p = &c->priors[i];
        PyObject *pd = PyDict_New();
        if (!pd || PyList_Append(pr, pd) < 0) {
            Py_XDECREF(pd);
            goto fail;
        }
        Py_DECREF(pd);
        if (lqp_set(pd, "name", PyUnicode_FromString(PRIOR_NAME[p->name])) < 0) goto fail;
        const lq_assess_run_prior_hyper *h[3] = {&p->loc, &p->scale, &p->c};
        static const char *const base[3] = {"loc", "scale", "c"};
        for (int k = 0; k < 3; k++) {
            if (!h[k]->set) continue;
            char key[48];
            snprintf(key, sizeof key, "%s%s", base[k], MOD_SUFFIX[h[k]->mod]);
            if (lqp_set(pd, key, PyFloat_FromDouble(h[k]->value)) < 0) goto fail;
        }
    }
    for (size_t i = 0; i < c->n_tags; i++) {
        const lq_assess_run_tag *t = &c->tags[i];
        PyObject *td = PyDict_New();
        if (!td || lqp_set(tags, t->name, td) < 0) goto fail;
        if ((t->has_weight && lqp_set(td, "weight", PyFloat_FromDouble(t->weight)) < 0) ||
            (t->n_excluded && lqp_set(td, "excluded_model_contributions",
                                      str_list(t->excluded, t->n_excluded)) < 0) ||
            (t->has_disabled && lqp_set(td, "disabled", PyBool_FromLong(t->disabled)) < 0))
            goto fail;
    }
    for (size_t i = 0; i < c->n_aicc; i++) {
        PyObject *ph = PyDict_GetItemString(aicc, c->aicc[i].phase);
        if (!ph) {
            ph = PyDict_New();
            if (!ph || lqp_set(aicc, c->aicc[i].phase, ph) < 0) goto fail;
        }
        if (lqp_set(ph, c->aicc[i].property, PyFloat_FromDouble(c->aicc[i].factor)) < 0) goto fail;
    }
    if (lqp_set(d, "path", path_or_none(c->path)) < 0 ||
        lqp_set(d, "phase_models", path_or_none(c->phase_models)) < 0 ||
        lqp_set(d, "datasets", path_or_none(c->datasets)) < 0 ||
        lqp_set(d, "output_db", path_or_none(c->output_db)) < 0 ||
        lqp_set(d, "tracefile", path_or_none(c->tracefile)) < 0 ||
        lqp_set(d, "probfile", path_or_none(c->probfile)) < 0 ||
        lqp_set(d, "verbosity", PyLong_FromLong(c->verbosity)) < 0 ||
        lqp_set(d, "has_generate_parameters", PyBool_FromLong(c->has_generate_parameters)) < 0 ||
        lqp_set(d, "excess_model", str_or_none(c->excess_model)) < 0 ||
        lqp_set(d, "ref_state", str_or_none(c->ref_state)) < 0 ||
        lqp_set(d, "ridge_alpha",
                isnan(c->ridge_alpha) ? Py_NewRef(Py_None) : PyFloat_FromDouble(c->ridge_alpha)) <
            0 ||
        lqp_set(d, "generate_parameters_input_db", path_or_none(c->gp_input_db)) < 0 ||
        lqp_set(d, "has_mcmc", PyBool_FromLong(c->has_mcmc)) < 0 ||
        lqp_set(d, "iterations", PyLong_FromLong(c->iterations)) < 0 ||
        lqp_set(d, "save_interval", PyLong_FromLong(c->save_interval)) < 0 ||
        lqp_set(d, "cores", PyLong_FromLong(c->cores)) < 0 ||
        lqp_set(d, "mcmc_input_db", path_or_none(c->mcmc_input_db)) < 0 ||
        lqp_set(d, "restart_trace", path_or_none(c->restart_trace)) < 0 ||
        lqp_set(d, "chains_per_parameter", PyLong_FromLong(c->chains_per_parameter)) < 0 ||
        lqp_set(d, "chain_std_deviation", PyFloat_FromDouble(c->chain_std_deviation)) < 0 ||
        lqp_set(d, "deterministic", PyBool_FromLong(c->deterministic)) < 0 ||
        lqp_set(d, "symbols", str_list(c->symbols, c->n_symbols)) < 0 ||
        PyDict_SetItemString(d, "data_weights", w) < 0 ||
        PyDict_SetItemString(d, "prior", pr) < 0 || PyDict_SetItemString(d, "tags", tags) < 0 ||
        PyDict_SetItemString(d, "aicc_penalty_factor", aicc) < 0)
        goto fail;
    Py_DECREF(w);
    Py_DECREF(pr);
    Py_DECREF(tags);
    Py_DECREF(aicc);
    return d;
fail:
    Py_XDECREF(d);
    Py_XDECREF(w);
    Py_XDECREF(pr);
    Py_XDECREF(tags);
    Py_XDECREF(aicc);
    return NULL;
}

const char lqp_assess_run_read_doc[] =
    "assess_run_read(path) -> dict\n\n"
    "Reads an ESPEI run file (YAML) with ESPEI 0.9.1's defaults applied (lq_assess_run_read):\n"
    "paths resolved against the file's folder, data_weights, prior (list of ESPEI prior dicts),\n"
    "tags, generate_parameters and mcmc settings.";

PyObject *lqp_assess_run_read(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return NULL;
    lq_assess_run_config cfg;
    memset(&cfg, 0, sizeof cfg);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_assess_run_read(PyBytes_AS_STRING(pb), &cfg, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "read_run");
    PyObject *o = run_dict(&cfg);
    lq_assess_run_free(&cfg);
    return o;
}

/* ================================================================ parameter generation */

const char lqp_assess_paramgen_doc[] =
    "assess_paramgen(phase_models, datasets, ref_state='SGTE91', excess_model='linear',\n"
    "                ridge_alpha=None, aicc_penalty=None, lstsq_cond=0.0) -> dict\n\n"
    "ESPEI 0.9.1's generate_parameters (lq_assess_paramgen): from the phase models JSON and the\n"
    "datasets folder, the fitted symbols {'VV0000': value, ...} (J/mol, J/(mol K); 6 significant\n"
    "figures as ESPEI), the model selections (phase, configuration, data_type, n_samples,\n"
    "n_candidates, features, aicc) and the generated database as TDB text ('tdb'; unary data\n"
    "from the reference state, SER). aicc_penalty: {phase: {'HM'|'SM'|'CPM': factor}}.";

PyObject *lqp_assess_paramgen(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"phase_models", "datasets",     "ref_state",  "excess_model",
                             "ridge_alpha",  "aicc_penalty", "lstsq_cond", NULL};
    PyObject *pmb = NULL, *dsb = NULL, *ridge = Py_None, *aicc = Py_None;
    lq_assess_paramgen_options opt;
    lq_assess_paramgen_options_default(&opt);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&O&|ssOOd", kwlist, lqp_path_conv, &pmb,
                                     lqp_path_conv, &dsb, &opt.ref_state, &opt.excess_model, &ridge,
                                     &aicc, &opt.lstsq_cond))
        return NULL;
    lq_assess_aicc_penalty pen[64];
    size_t npen = 0;
    PyObject *ret = NULL;
    if (ridge != Py_None) {
        opt.use_ridge = 1;
        opt.ridge_alpha = PyFloat_AsDouble(ridge);
        if (PyErr_Occurred()) goto out;
    }
    if (aicc != Py_None) {
        if (!PyDict_Check(aicc)) {
            PyErr_SetString(PyExc_TypeError, "aicc_penalty: {phase: {data_type: factor}}");
            goto out;
        }
        PyObject *ph, *sub;
        Py_ssize_t pos = 0;
        while (PyDict_Next(aicc, &pos, &ph, &sub)) {
            PyObject *k, *v;
            Py_ssize_t p2 = 0;
            if (!PyDict_Check(sub)) {
                PyErr_SetString(PyExc_TypeError, "aicc_penalty: {phase: {data_type: factor}}");
                goto out;
            }
            while (PyDict_Next(sub, &p2, &k, &v)) {
                if (npen == 64) {
                    PyErr_SetString(PyExc_ValueError, "aicc_penalty: at most 64 factors");
                    goto out;
                }
                pen[npen].phase = PyUnicode_AsUTF8(ph);
                pen[npen].data_type = PyUnicode_AsUTF8(k);
                pen[npen].factor = PyFloat_AsDouble(v);
                if (PyErr_Occurred()) goto out;
                npen++;
            }
        }
        opt.aicc_penalty = pen;
        opt.n_aicc_penalty = npen;
    }
    lq_assess_phase_models *pm = NULL;
    lq_dataset_set *set = NULL;
    lq_assess_paramgen_result *res = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_assess_phase_models_read(PyBytes_AS_STRING(pmb), &pm, &d);
    if (st == LQ_OK) st = lq_dataset_set_read_dir(PyBytes_AS_STRING(dsb), &set, &d);
    if (st == LQ_OK) st = lq_assess_paramgen(pm, set, &opt, &res, &d);
    Py_END_ALLOW_THREADS lq_assess_phase_models_free(pm);
    lq_dataset_set_free(set);
    if (st != LQ_OK) {
        lqp_raise(st, &d, "paramgen");
        goto out;
    }
    PyObject *sym = PyDict_New(), *sel = PyList_New(0);
    for (size_t i = 0; sym && i < res->n_symbols; i++)
        if (lqp_set(sym, res->symbols[i].name, PyFloat_FromDouble(res->symbols[i].value)) < 0)
            Py_CLEAR(sym);
    for (size_t i = 0; sel && i < res->n_selections; i++) {
        const lq_assess_paramgen_selection *s = &res->selections[i];
        PyObject *sd = Py_BuildValue(
            "{sssssssnsnsssd}", "phase", s->phase, "configuration", s->configuration, "data_type",
            s->data_type, "n_samples", (Py_ssize_t)s->n_samples, "n_candidates",
            (Py_ssize_t)s->n_candidates, "features", s->features, "aicc", s->aicc);
        if (!sd || PyList_Append(sel, sd) < 0) Py_CLEAR(sel);
        Py_XDECREF(sd);
    }
    if (sym && sel)
        ret = Py_BuildValue("{sNsNss}", "symbols", sym, "selections", sel, "tdb", res->tdb);
    else {
        Py_XDECREF(sym);
        Py_XDECREF(sel);
    }
    lq_assess_paramgen_free(res);
out:
    Py_XDECREF(pmb);
    Py_XDECREF(dsb);
    return ret;
}

/* ================================================================ LnProb */

typedef struct lqp_lnprob {
    PyObject_HEAD lq_db *db;
    lq_dataset_set *set;
    lq_assess_phase_models *pm;
    lq_assess_ctx *ctx;
    lq_assess_terms *terms;
    lq_prior_spec *priors;
    char **names; /**< component names copied from the keyword argument */
    size_t n_names;
    PyThread_type_lock lock;
} lqp_lnprob;

static void lnprob_clear(lqp_lnprob *s) {
    lq_assess_terms_free(s->terms);
    lq_assess_ctx_free(s->ctx);
    lq_assess_phase_models_free(s->pm);
    lq_dataset_set_free(s->set);
    lq_db_free(s->db);
    PyMem_Free(s->priors);
    for (size_t i = 0; i < s->n_names; i++) PyMem_Free(s->names[i]);
    PyMem_Free(s->names);
    s->terms = NULL;
    s->ctx = NULL;
    s->pm = NULL;
    s->set = NULL;
    s->db = NULL;
    s->priors = NULL;
    s->names = NULL;
    s->n_names = 0;
}

static void lnprob_dealloc(lqp_lnprob *s) {
    lnprob_clear(s);
    if (s->lock) PyThread_free_lock(s->lock);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

/* One ESPEI prior dict {"name": ..., "loc_relative": ...} into spec. */
static int prior_from_dict(PyObject *o, lq_prior_spec *spec) {
    lq_prior_spec_default(spec);
    if (!PyDict_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "prior: a dict such as {'name': 'normal', ...}");
        return -1;
    }
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(o, &pos, &k, &v)) {
        const char *key = PyUnicode_AsUTF8(k);
        if (!key) return -1;
        lq_status st;
        if (strcmp(key, "name") == 0) {
            const char *name = PyUnicode_AsUTF8(v);
            if (!name) return -1;
            st = lq_prior_spec_set_name(spec, name);
        } else {
            double x = PyFloat_AsDouble(v);
            if (PyErr_Occurred()) return -1;
            st = lq_prior_spec_set(spec, key, x);
        }
        if (st != LQ_OK) {
            lq_diag d;
            lq_diag_clear(&d);
            snprintf(d.field, sizeof d.field, "prior.%.40s", key);
            snprintf(d.msg, sizeof d.msg, "not an ESPEI prior entry (name, loc, scale, c)");
            lqp_raise(st, &d, "LnProb");
            return -1;
        }
    }
    return 0;
}

/* Sets the options' data weights from {"ZPF": w, ...}. */
static int weights_from_dict(PyObject *o, lq_assess_lnprob_options *opt) {
    if (!o || o == Py_None) return 0;
    if (!PyDict_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "weights: {'ZPF'|'ACR'|'HM'|'SM'|'CPM': weight}");
        return -1;
    }
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(o, &pos, &k, &v)) {
        const char *t = PyUnicode_AsUTF8(k);
        double w = PyFloat_AsDouble(v);
        if (!t || PyErr_Occurred()) return -1;
        if (strcmp(t, "ZPF") == 0)
            opt->weight_zpf = w;
        else if (strcmp(t, "ACR") == 0)
            opt->weight_acr = w;
        else if (strcmp(t, "HM") == 0)
            opt->weight_hm = w;
        else if (strcmp(t, "SM") == 0)
            opt->weight_sm = w;
        else if (strcmp(t, "CPM") == 0)
            opt->weight_cpm = w;
        else {
            PyErr_Format(PyExc_ValueError, "weights: unknown data type '%s'", t);
            return -1;
        }
    }
    return 0;
}

static int lnprob_init(lqp_lnprob *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"db",      "datasets", "phase_models", "components", "params",
                             "weights", "prior",    "run",          NULL};
    PyObject *dbo = Py_None, *dso = Py_None, *pmo = Py_None, *comps = Py_None, *params = Py_None;
    PyObject *weights = Py_None, *prior = Py_None, *run = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOOOOOOO", kwlist, &dbo, &dso, &pmo, &comps,
                                     &params, &weights, &prior, &run))
        return -1;
    lnprob_clear(self);
    if (!self->lock) self->lock = PyThread_allocate_lock();
    if (!self->lock) return -1;
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.n_threads = 1;
    lq_assess_run_config cfg;
    memset(&cfg, 0, sizeof cfg);
    int have_cfg = 0, rc = -1;
    PyObject *dbb = NULL, *dsb = NULL, *pmb = NULL, *rb = NULL, *pseq = NULL;
    const char *pnames[256];
    size_t nparams = 0;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    const char *db_path = NULL, *ds_path = NULL, *pm_path = NULL;
    if (run != Py_None) {
        if (!PyUnicode_FSConverter(run, &rb)) goto out;
        st = lq_assess_run_read(PyBytes_AS_STRING(rb), &cfg, &d);
        if (st != LQ_OK) goto fail_st;
        have_cfg = 1;
        if (!cfg.mcmc_input_db) {
            snprintf(d.file, sizeof d.file, "%s", PyBytes_AS_STRING(rb));
            snprintf(d.field, sizeof d.field, "mcmc.input_db");
            snprintf(d.msg, sizeof d.msg, "LnProb(run=...) needs mcmc.input_db");
            st = LQ_EINVAL;
            goto fail_st;
        }
        db_path = cfg.mcmc_input_db;
        ds_path = cfg.datasets;
        pm_path = cfg.phase_models;
        for (size_t i = 0; i < cfg.n_data_weights; i++) {
            const char *t = cfg.data_weights[i].type;
            double w = cfg.data_weights[i].weight;
            if (strcmp(t, "ZPF") == 0) opt.weight_zpf = w;
            if (strcmp(t, "ACR") == 0) opt.weight_acr = w;
            if (strcmp(t, "HM") == 0) opt.weight_hm = w;
            if (strcmp(t, "SM") == 0) opt.weight_sm = w;
            if (strcmp(t, "CPM") == 0) opt.weight_cpm = w;
        }
        if (cfg.n_priors) {
            self->priors = PyMem_Calloc(cfg.n_priors, sizeof *self->priors);
            if (!self->priors) {
                PyErr_NoMemory();
                goto out;
            }
            for (size_t i = 0; i < cfg.n_priors; i++) {
                const lq_assess_run_prior *r = &cfg.priors[i];
                lq_prior_spec *p = &self->priors[i];
                p->kind = (lq_prior_kind)r->name; /* same order, as espei/priors.py */
                const lq_assess_run_prior_hyper *h[3] = {&r->loc, &r->scale, &r->c};
                lq_prior_param *q[3] = {&p->loc, &p->scale, &p->c};
                for (int k = 0; k < 3; k++) {
                    q[k]->set = h[k]->set;
                    q[k]->ref = (lq_prior_ref)h[k]->mod;
                    q[k]->value = h[k]->value;
                }
            }
            opt.priors = self->priors;
            opt.n_priors = cfg.n_priors;
        }
        for (size_t i = 0; i < cfg.n_symbols && i < 256; i++) pnames[nparams++] = cfg.symbols[i];
    } else {
        if (dbo == Py_None || dso == Py_None) {
            PyErr_SetString(PyExc_TypeError, "LnProb needs db and datasets, or run");
            goto out;
        }
        if (PyObject_TypeCheck(dbo, &lqp_database_type)) {
            dbb = PyUnicode_EncodeFSDefault(((lqp_database *)dbo)->path);
        } else if (!PyUnicode_FSConverter(dbo, &dbb))
            dbb = NULL;
        if (!dbb || !PyUnicode_FSConverter(dso, &dsb)) goto out;
        db_path = PyBytes_AS_STRING(dbb);
        ds_path = PyBytes_AS_STRING(dsb);
        if (pmo != Py_None) {
            if (!PyUnicode_FSConverter(pmo, &pmb)) goto out;
            pm_path = PyBytes_AS_STRING(pmb);
        }
        if (weights_from_dict(weights, &opt) < 0) goto out;
        if (prior != Py_None) {
            PyObject *seq = PyDict_Check(prior) ? PyTuple_Pack(1, prior) : PySequence_Tuple(prior);
            if (!seq) goto out;
            Py_ssize_t np = PyTuple_GET_SIZE(seq);
            self->priors = PyMem_Calloc((size_t)np + 1, sizeof *self->priors);
            for (Py_ssize_t i = 0; self->priors && i < np; i++)
                if (prior_from_dict(PyTuple_GET_ITEM(seq, i), &self->priors[i]) < 0) {
                    Py_DECREF(seq);
                    goto out;
                }
            Py_DECREF(seq);
            if (!self->priors) {
                PyErr_NoMemory();
                goto out;
            }
            opt.priors = self->priors;
            opt.n_priors = (size_t)np;
        }
        if (params != Py_None) {
            pseq = PySequence_Tuple(params);
            if (!pseq) goto out;
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(pseq) && nparams < 256; i++) {
                pnames[nparams] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(pseq, i));
                if (!pnames[nparams++]) goto out;
            }
        }
        if (comps != Py_None) {
            PyObject *cs = PySequence_Tuple(comps);
            if (!cs) goto out;
            Py_ssize_t nc = PyTuple_GET_SIZE(cs);
            self->names = PyMem_Calloc((size_t)nc + 1, sizeof *self->names);
            for (Py_ssize_t i = 0; self->names && i < nc; i++) {
                const char *s = PyUnicode_AsUTF8(PyTuple_GET_ITEM(cs, i));
                if (!s) break;
                self->names[i] = PyMem_Malloc(strlen(s) + 1);
                if (!self->names[i]) break;
                lqp_upper(s, self->names[i], strlen(s) + 1);
                self->n_names++;
            }
            Py_DECREF(cs);
            if (PyErr_Occurred()) goto out;
            if (!self->names || self->n_names != (size_t)nc) {
                PyErr_NoMemory();
                goto out;
            }
            opt.components = (const char *const *)self->names;
            opt.n_components = self->n_names;
        }
    }
    Py_BEGIN_ALLOW_THREADS st = lq_db_read_file(db_path, &self->db, &d);
    if (st == LQ_OK) st = lq_dataset_set_read_dir(ds_path, &self->set, &d);
    if (st == LQ_OK && pm_path) st = lq_assess_phase_models_read(pm_path, &self->pm, &d);
    if (st == LQ_OK && have_cfg) st = lq_assess_run_apply_tags(&cfg, self->set, &d);
    if (st == LQ_OK && self->pm && !opt.components) {
        opt.components = (const char *const *)self->pm->components;
        opt.n_components = self->pm->n_components;
    }
    if (st == LQ_OK)
        st = lq_assess_ctx_create(self->db, self->set, nparams ? pnames : NULL, nparams, &opt,
                                  &self->ctx, &d);
    if (st == LQ_OK) st = lq_assess_terms_alloc(self->ctx, &self->terms);
    Py_END_ALLOW_THREADS if (st == LQ_OK) rc = 0;
fail_st:
    if (st != LQ_OK) lqp_raise(st, &d, "LnProb");
out:
    if (have_cfg) lq_assess_run_free(&cfg);
    Py_XDECREF(dbb);
    Py_XDECREF(dsb);
    Py_XDECREF(pmb);
    Py_XDECREF(rb);
    Py_XDECREF(pseq);
    if (rc < 0) lnprob_clear(self);
    return rc;
}

static int lnprob_ready(lqp_lnprob *s) {
    if (s->ctx) return 0;
    PyErr_SetString(PyExc_ValueError, "LnProb not initialised");
    return -1;
}

static PyObject *lnprob_params(lqp_lnprob *s, void *closure) {
    (void)closure;
    if (lnprob_ready(s) < 0) return NULL;
    size_t n = lq_assess_ctx_param_count(s->ctx);
    PyObject *l = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; l && i < n; i++) {
        PyObject *u = PyUnicode_FromString(lq_assess_ctx_param_name(s->ctx, i));
        if (!u) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, u);
    }
    return l;
}

static PyObject *lnprob_start(lqp_lnprob *s, void *closure) {
    (void)closure;
    if (lnprob_ready(s) < 0) return NULL;
    npy_intp n = (npy_intp)lq_assess_ctx_param_count(s->ctx);
    PyObject *a = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    if (!a) return NULL;
    lq_status st = lq_assess_ctx_start(s->ctx, PyArray_DATA((PyArrayObject *)a), (size_t)n);
    if (st != LQ_OK) {
        Py_DECREF(a);
        return lqp_raise(st, NULL, "LnProb.start");
    }
    return a;
}

static PyObject *lnprob_datasets(lqp_lnprob *s, void *closure) {
    (void)closure;
    if (lnprob_ready(s) < 0) return NULL;
    PyObject *l = PyList_New((Py_ssize_t)s->set->n);
    for (size_t i = 0; l && i < s->set->n; i++) {
        PyObject *u = path_or_none(s->set->ds[i]->path);
        if (!u) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, u);
    }
    return l;
}

/* Evaluates at theta (None: the start) with the GIL released; fills s->terms. */
static int lnprob_eval(lqp_lnprob *s, PyObject *theta, double *out) {
    if (lnprob_ready(s) < 0) return -1;
    size_t n = lq_assess_ctx_param_count(s->ctx);
    PyArrayObject *a = NULL;
    double start[256];
    const double *th;
    if (!theta || theta == Py_None) {
        if (n > 256 || lq_assess_ctx_start(s->ctx, start, n) != LQ_OK) {
            PyErr_SetString(PyExc_ValueError, "LnProb: start values unavailable");
            return -1;
        }
        th = start;
    } else {
        a = lqp_double_array(theta);
        if (!a) return -1;
        if (PyArray_NDIM(a) != 1 || (size_t)PyArray_SIZE(a) != n) {
            PyErr_Format(PyExc_ValueError, "LnProb: theta must hold %zu values", n);
            Py_DECREF(a);
            return -1;
        }
        th = (const double *)PyArray_DATA(a);
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(s->lock, WAIT_LOCK);
    st = lq_assess_lnprob(s->ctx, th, n, s->terms, out, &d);
    Py_END_ALLOW_THREADS Py_XDECREF(a);
    if (st != LQ_OK) {
        PyThread_release_lock(s->lock);
        lqp_raise(st, &d, "lnprob");
        return -1;
    }
    return 0; /* lock held: the caller reads the terms, then releases */
}

static PyObject *lnprob_call(lqp_lnprob *s, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"theta", NULL};
    PyObject *theta = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O", kwlist, &theta)) return NULL;
    double v;
    if (lnprob_eval(s, theta, &v) < 0) return NULL;
    PyThread_release_lock(s->lock);
    return PyFloat_FromDouble(v);
}

static PyObject *lnprob_terms(lqp_lnprob *s, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"theta", NULL};
    PyObject *theta = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O", kwlist, &theta)) return NULL;
    double v;
    if (lnprob_eval(s, theta, &v) < 0) return NULL;
    const lq_assess_terms *t = s->terms;
    static const char *const kn[5] = {"unused", "non_equilibrium", "equilibrium", "activity",
                                      "zpf"};
    size_t nd = t->n_datasets;
    PyObject *kinds = PyList_New((Py_ssize_t)nd);
    npy_intp dim = (npy_intp)nd;
    PyObject *nres = PyArray_SimpleNew(1, &dim, NPY_INTP);
    for (size_t i = 0; kinds && nres && i < nd; i++) {
        PyList_SET_ITEM(kinds, (Py_ssize_t)i, PyUnicode_FromString(kn[t->kind[i]]));
        ((npy_intp *)PyArray_DATA((PyArrayObject *)nres))[i] = (npy_intp)t->n_residuals[i];
    }
    PyObject *r = NULL;
    if (kinds && nres)
        r = Py_BuildValue("{sdsdsdsdsdsdsNsNsNsN}", "lnprob", t->lnprob, "prior", t->prior,
                          "non_equilibrium", t->noneq, "equilibrium", t->eq, "activity", t->acr,
                          "zpf", t->zpf, "dataset", lqp_vec(t->dataset, nd), "misfit",
                          lqp_vec(t->misfit, nd), "kind", kinds, "n_residuals", nres);
    else {
        Py_XDECREF(kinds);
        Py_XDECREF(nres);
    }
    PyThread_release_lock(s->lock);
    return r;
}

static PyObject *lnprob_sample(lqp_lnprob *s, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"iterations",          "chains_per_parameter",
                             "chain_std_deviation", "seed",
                             "n_walkers",           "theta0",
                             "trace_path",          "lnprob_path",
                             "save_interval",       "restart",
                             "stretch_a",           NULL};
    if (lnprob_ready(s) < 0) return NULL;
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    Py_ssize_t iters = (Py_ssize_t)o.iterations, cpp = (Py_ssize_t)o.chains_per_parameter;
    Py_ssize_t nw = 0, save = (Py_ssize_t)o.save_interval;
    unsigned long long seed = (unsigned long long)o.seed;
    PyObject *th = Py_None, *tp = Py_None, *lp = Py_None, *tpb = NULL, *lpb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|nndKnOOOnpd", kwlist, &iters, &cpp,
                                     &o.chain_std_deviation, &seed, &nw, &th, &tp, &lp, &save,
                                     &o.restart, &o.stretch_a))
        return NULL;
    if (iters < 0 || cpp < 0 || nw < 0 || save < 0) {
        PyErr_SetString(PyExc_ValueError,
                        "iterations, chains_per_parameter, n_walkers, save_interval >= 0");
        return NULL;
    }
    o.iterations = (size_t)iters;
    o.chains_per_parameter = (size_t)cpp;
    o.n_walkers = (size_t)nw;
    o.save_interval = (size_t)save;
    o.seed = (uint64_t)seed;
    size_t n = lq_assess_ctx_param_count(s->ctx);
    PyArrayObject *ta = NULL;
    PyObject *out = NULL;
    lq_assess_sample_result *r = NULL;
    double start[256];
    if ((tp != Py_None && !PyUnicode_FSConverter(tp, &tpb)) ||
        (lp != Py_None && !PyUnicode_FSConverter(lp, &lpb)))
        goto done;
    o.trace_path = tpb ? PyBytes_AS_STRING(tpb) : NULL;
    o.lnprob_path = lpb ? PyBytes_AS_STRING(lpb) : NULL;
    const double *theta0 = start;
    if (th != Py_None) {
        ta = lqp_double_array(th);
        if (!ta) goto done;
        if (PyArray_NDIM(ta) != 1 || (size_t)PyArray_SIZE(ta) != n) {
            PyErr_Format(PyExc_ValueError, "sample: theta0 must hold %zu values", n);
            goto done;
        }
        theta0 = (const double *)PyArray_DATA(ta);
    } else if (n > 256 || lq_assess_ctx_start(s->ctx, start, n) != LQ_OK) {
        PyErr_SetString(PyExc_ValueError, "sample: start values unavailable (give theta0)");
        goto done;
    }
    /* the library's own log-probability, serially on this context (no Python callback) */
    lq_assess_target tg = {n, lq_assess_lnprob_fn, s->ctx, NULL, 0, 1};
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(s->lock, WAIT_LOCK);
    st = lq_assess_sample(&tg, theta0, &o, &r, &d);
    PyThread_release_lock(s->lock);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lqp_raise(st, &d, "sample");
        goto done;
    }
    npy_intp d3[3] = {(npy_intp)r->n_walkers, (npy_intp)r->n_iterations, (npy_intp)r->n_params};
    PyObject *trace = PyArray_SimpleNew(3, d3, NPY_DOUBLE);
    PyObject *lnp = PyArray_SimpleNew(2, d3, NPY_DOUBLE);
    PyObject *acc = PyArray_SimpleNew(1, d3, NPY_INTP);
    if (!trace || !lnp || !acc) {
        Py_XDECREF(trace);
        Py_XDECREF(lnp);
        Py_XDECREF(acc);
        goto done;
    }
    size_t nwi = r->n_walkers * r->n_iterations;
    memcpy(PyArray_DATA((PyArrayObject *)trace), r->trace, nwi * r->n_params * sizeof(double));
    memcpy(PyArray_DATA((PyArrayObject *)lnp), r->lnprob, nwi * sizeof(double));
    for (size_t w = 0; w < r->n_walkers; w++)
        ((npy_intp *)PyArray_DATA((PyArrayObject *)acc))[w] = (npy_intp)r->accepted[w];
    char warn[1024] = "";
    if (d.warning) lq_diag_format(&d, warn, sizeof warn);
    out = Py_BuildValue("{sNsNsNsdsNsdsnsnsN}", "trace", trace, "lnprob", lnp, "accepted", acc,
                        "acceptance", r->acceptance, "best", lqp_vec(r->best, r->n_params),
                        "best_lnprob", r->best_lnprob, "n_done", (Py_ssize_t)r->n_done, "start",
                        (Py_ssize_t)r->start, "warning",
                        warn[0] ? PyUnicode_FromString(warn) : Py_NewRef(Py_None));
done:
    lq_assess_sample_result_free(r);
    Py_XDECREF(ta);
    Py_XDECREF(tpb);
    Py_XDECREF(lpb);
    return out;
}

static PyMethodDef lnprob_methods[] = {
    {"terms", (PyCFunction)(void (*)(void))lnprob_terms, METH_VARARGS | METH_KEYWORDS,
     "terms(theta=None) -> dict\n\n"
     "The log-probability at theta (None: the database's values) and its breakdown: lnprob,\n"
     "prior, non_equilibrium, equilibrium, activity, zpf (floats), and per dataset (in the order\n"
     "of .datasets) numpy arrays 'dataset' (contribution), 'misfit' (-sum r^2/(2 s^2)),\n"
     "'n_residuals' and the list 'kind' ('unused' for data outside the context)."},
    {"sample", (PyCFunction)(void (*)(void))lnprob_sample, METH_VARARGS | METH_KEYWORDS,
     "sample(iterations=1000, chains_per_parameter=2, chain_std_deviation=0.1, seed=1769,\n"
     "       n_walkers=0, theta0=None, trace_path=None, lnprob_path=None, save_interval=1,\n"
     "       restart=False, stretch_a=2.0) -> dict\n\n"
     "ESPEI's MCMC (lq_assess_sample: the affine-invariant ensemble sampler, emcee's stretch\n"
     "move) of this log-probability, evaluated by the library serially with the GIL released.\n"
     "Walkers start around theta0 (None: the start values) with relative spread\n"
     "chain_std_deviation; the run depends on the seed alone. trace_path/lnprob_path: .npy files\n"
     "as ESPEI writes them (restart=True continues them). Returns 'trace' (walkers, iterations,\n"
     "params), 'lnprob' (walkers, iterations), 'accepted', 'acceptance', 'best', 'best_lnprob',\n"
     "'n_done', 'start' and 'warning' (e.g. a parameter that starts at 0 never moves)."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef lnprob_getset[] = {
    {"params", (getter)lnprob_params, NULL, "Names of the fitted parameters (sorted as ESPEI).",
     NULL},
    {"start", (getter)lnprob_start, NULL, "Start values of the parameters (numpy array).", NULL},
    {"datasets", (getter)lnprob_datasets, NULL, "Dataset files, in the order of the terms.", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyTypeObject lnprob_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "liquidus.assess.LnProb",
    .tp_basicsize = sizeof(lqp_lnprob),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc =
        "LnProb(db=None, datasets=None, phase_models=None, components=None, params=None,\n"
        "       weights=None, prior=None, run=None)\n\n"
        "ESPEI 0.9.1's log-probability (lq_assess_ctx_create + lq_assess_lnprob): prior plus the\n"
        "Gaussian likelihoods of non-equilibrium, equilibrium, activity and ZPF data\n"
        "(docs/assess-lnprob.md), in nats. Either run= an ESPEI run file (mcmc.input_db,\n"
        "datasets, phase_models, tags, data_weights, prior, symbols), or db (TDB path or\n"
        "Database), datasets (folder or .json), phase_models (its components are the active\n"
        "ones) or components, params (default: every VV#### FUNCTION), weights ({'ZPF': 2.0,\n"
        "...}: divide the standard deviations) and prior (an ESPEI prior dict, or one per\n"
        "parameter). Call it with theta (None: the start) for the total; terms() for the\n"
        "breakdown. The GIL is released while it evaluates; calls are serialised.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)lnprob_init,
    .tp_dealloc = (destructor)lnprob_dealloc,
    .tp_call = (ternaryfunc)lnprob_call,
    .tp_getset = lnprob_getset,
    .tp_methods = lnprob_methods,
};

/* ================================================================ uncertainty propagation */

const char lqp_assess_uq_props_doc[] =
    "assess_uq_props(db, trace, props, T, x, x_component, components, phase=None,\n"
    "                lnprob=None, burn_in=0, last=0, thin=1, quantiles=(0.025, 0.5, 0.975),\n"
    "                symbols=None, n_threads=0, gas_constant=0.0, ref=None) -> dict\n\n"
    "Credible bands (lq_assess_uq_props): every kept sample of the trace (trace.npy, lnprob.npy)\n"
    "is put into the database's fitted symbols and each property ('HM_MIX', 'ACR_ND', 'GM', ...;\n"
    "per mole of atoms; GM/HM SER-referred, _MIX against the pure components in the phase, ACR\n"
    "against the stable pure element at T, or ref={element: phase}) is computed on the grid T (K) "
    "x x (mole fraction of\n"
    "x_component). 'band' has shape (n_props, n_T, n_x, n_quantiles); 'n_failed' (n_props, n_T,\n"
    "n_x); with 'units', 'quantiles', 'symbols', sample counts. The GIL is released.";

PyObject *lqp_assess_uq_props(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"db",           "trace",      "props",     "T",       "x",
                             "x_component",  "components", "phase",     "lnprob",  "burn_in",
                             "last",         "thin",       "quantiles", "symbols", "n_threads",
                             "gas_constant", "ref",        NULL};
    PyObject *dbo, *trb = NULL, *lpo = Py_None, *lpb = NULL, *propso, *To, *xo, *compso;
    PyObject *qo = Py_None, *symo = Py_None, *refo = Py_None;
    const char *xcomp, *phase = NULL;
    lq_assess_uq_options opt;
    lq_assess_uq_options_default(&opt);
    Py_ssize_t burn = 0, last = 0, thin = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO&OOOsO|zOnnnOOidO", kwlist, &dbo, lqp_path_conv,
                                     &trb, &propso, &To, &xo, &xcomp, &compso, &phase, &lpo, &burn,
                                     &last, &thin, &qo, &symo, &opt.n_threads, &opt.gas_constant,
                                     &refo))
        return NULL;
    PyObject *ret = NULL, *props_t = NULL, *comps_t = NULL, *sym_t = NULL;
    PyArrayObject *Ta = NULL, *xa = NULL;
    lqp_database *db = NULL;
    lq_assess_trace *tr = NULL;
    lq_assess_uq_result *res = NULL;
    lq_assess_uq_prop props[32];
    const char *cnames[16], *snames[256];
    char pnames[32][64];
    if (burn < 0 || last < 0 || thin < 1) {
        PyErr_SetString(PyExc_ValueError, "burn_in, last >= 0 and thin >= 1");
        goto out;
    }
    opt.burn_in = (size_t)burn;
    opt.last = (size_t)last;
    opt.thin = (size_t)thin;
    if (lpo != Py_None && !PyUnicode_FSConverter(lpo, &lpb)) goto out;
    props_t = PyUnicode_Check(propso) ? PyTuple_Pack(1, propso) : PySequence_Tuple(propso);
    comps_t = props_t ? PySequence_Tuple(compso) : NULL;
    if (!comps_t) goto out;
    size_t np = (size_t)PyTuple_GET_SIZE(props_t), nc = (size_t)PyTuple_GET_SIZE(comps_t);
    if (np == 0 || np > 32 || nc > 16) {
        PyErr_SetString(PyExc_ValueError, "1 to 32 props and at most 16 components");
        goto out;
    }
    for (size_t i = 0; i < np; i++) {
        const char *s = PyUnicode_AsUTF8(PyTuple_GET_ITEM(props_t, i));
        if (!s) goto out;
        lqp_upper(s, pnames[i], sizeof pnames[i]);
        lq_status st = lq_assess_uq_prop_parse(pnames[i], &props[i]);
        if (st != LQ_OK) {
            lq_diag d;
            lq_diag_clear(&d);
            snprintf(d.field, sizeof d.field, "props[%zu]", i);
            snprintf(d.msg, sizeof d.msg, "unknown property '%.60s'", s);
            lqp_raise(st, &d, "uq_props");
            goto out;
        }
        if (refo != Py_None && props[i].element) {
            if (!PyDict_Check(refo)) {
                PyErr_SetString(PyExc_TypeError, "ref: {element: reference phase}");
                goto out;
            }
            PyObject *k, *v;
            Py_ssize_t pos = 0;
            while (PyDict_Next(refo, &pos, &k, &v)) {
                const char *e = PyUnicode_AsUTF8(k);
                if (!e) goto out;
                char up[32];
                lqp_upper(e, up, sizeof up);
                if (strcmp(up, props[i].element) == 0 &&
                    !(props[i].ref_phase = PyUnicode_AsUTF8(v)))
                    goto out;
            }
        }
    }
    for (size_t i = 0; i < nc; i++)
        if (!(cnames[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(comps_t, i)))) goto out;
    if (qo != Py_None) {
        PyArrayObject *qa = lqp_double_array(qo);
        if (!qa) goto out;
        if (PyArray_SIZE(qa) < 1 || PyArray_SIZE(qa) > LQ_ASSESS_UQ_MAX_QUANTILES) {
            Py_DECREF(qa);
            PyErr_SetString(PyExc_ValueError, "quantiles: 1 to 16 values");
            goto out;
        }
        opt.n_quantiles = (size_t)PyArray_SIZE(qa);
        memcpy(opt.quantiles, PyArray_DATA(qa), opt.n_quantiles * sizeof(double));
        Py_DECREF(qa);
    }
    if (symo != Py_None) {
        sym_t = PySequence_Tuple(symo);
        if (!sym_t) goto out;
        opt.n_symbols = (size_t)PyTuple_GET_SIZE(sym_t);
        if (opt.n_symbols > 256) {
            PyErr_SetString(PyExc_ValueError, "symbols: at most 256");
            goto out;
        }
        for (size_t i = 0; i < opt.n_symbols; i++)
            if (!(snames[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(sym_t, i)))) goto out;
        opt.symbols = snames;
    }
    Ta = lqp_double_array(To);
    xa = Ta ? lqp_double_array(xo) : NULL;
    db = xa ? lqp_database_get(dbo) : NULL;
    if (!db) goto out;
    lq_assess_uq_grid grid = {cnames,
                              nc,
                              phase,
                              (const double *)PyArray_DATA(Ta),
                              (size_t)PyArray_SIZE(Ta),
                              xcomp,
                              (const double *)PyArray_DATA(xa),
                              (size_t)PyArray_SIZE(xa),
                              NULL};
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    lqp_database_lock(db);
    Py_BEGIN_ALLOW_THREADS st =
        lq_assess_trace_read(PyBytes_AS_STRING(trb), lpb ? PyBytes_AS_STRING(lpb) : NULL, &tr, &d);
    if (st == LQ_OK) st = lq_assess_uq_props(db->db, tr, props, np, &grid, &opt, &res, &d);
    Py_END_ALLOW_THREADS lqp_database_unlock(db);
    if (st != LQ_OK) {
        lqp_raise(st, &d, "uq_props");
        goto out;
    }
    npy_intp bd[4] = {(npy_intp)res->n_props, (npy_intp)res->n_T, (npy_intp)res->n_x,
                      (npy_intp)res->n_quantiles};
    PyObject *band = PyArray_SimpleNew(4, bd, NPY_DOUBLE);
    PyObject *nf = PyArray_SimpleNew(3, bd, NPY_INTP);
    if (!band || !nf) {
        Py_XDECREF(band);
        Py_XDECREF(nf);
        goto out;
    }
    size_t nb = res->n_props * res->n_points;
    memcpy(PyArray_DATA((PyArrayObject *)band), res->band, nb * res->n_quantiles * sizeof(double));
    for (size_t i = 0; i < nb; i++)
        ((npy_intp *)PyArray_DATA((PyArrayObject *)nf))[i] = (npy_intp)res->n_failed[i];
    PyObject *refs = PyList_New((Py_ssize_t)res->n_props);
    for (size_t i = 0; refs && i < res->n_props; i++)
        PyList_SET_ITEM(refs, (Py_ssize_t)i, str_or_none(res->ref_phases[i]));
    ret = Py_BuildValue(
        "{sNsNsNsNsNsNsNsNsNsNsnsnsnsnsnsn}", "band", band, "n_failed", nf, "props",
        str_list(res->prop_names, res->n_props), "units", str_list(res->prop_units, res->n_props),
        "ref_phases", refs, "symbols", str_list(res->symbols, res->n_params), "quantiles",
        lqp_vec(res->quantiles, res->n_quantiles), "T", lqp_vec(res->T, res->n_T), "x",
        lqp_vec(res->x, res->n_x), "x_component", str_or_none(res->x_component), "n_samples",
        (Py_ssize_t)res->n_samples, "n_walkers_kept", (Py_ssize_t)res->n_walkers_kept,
        "n_walkers_dropped", (Py_ssize_t)res->n_walkers_dropped, "n_iterations_filled",
        (Py_ssize_t)res->n_iterations_filled, "first_iteration", (Py_ssize_t)res->first_iteration,
        "n_iterations_kept", (Py_ssize_t)res->n_iterations_kept);
out:
    lq_assess_uq_result_free(res);
    lq_assess_trace_free(tr);
    Py_XDECREF(db);
    Py_XDECREF(Ta);
    Py_XDECREF(xa);
    Py_XDECREF(trb);
    Py_XDECREF(lpb);
    Py_XDECREF(props_t);
    Py_XDECREF(comps_t);
    Py_XDECREF(sym_t);
    return ret;
}

/* ================================================================ types */

int lqp_assess_init(PyObject *m) {
    if (PyType_Ready(&dataset_type) < 0 || PyType_Ready(&lnprob_type) < 0) return -1;
    if (PyModule_AddObjectRef(m, "Dataset", (PyObject *)&dataset_type) < 0 ||
        PyModule_AddObjectRef(m, "LnProb", (PyObject *)&lnprob_type) < 0)
        return -1;
    return 0;
}
