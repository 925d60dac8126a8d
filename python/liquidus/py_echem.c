/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Electrochemistry calls of the Python extension: potentiostat files, reference electrodes, CA,
 * OCP and SWV analyses (include/liquidus/echem.h). */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

static int format_arg(const char *name, lq_echem_format *f) {
    *f = LQ_ECHEM_FMT_AUTO;
    if (!name) return 0;
    for (int i = 1; i < LQ_ECHEM_FMT_COUNT_; i++)
        if (strcmp(name, lq_echem_format_name((lq_echem_format)i)) == 0) {
            *f = (lq_echem_format)i;
            return 0;
        }
    PyErr_Format(PyExc_ValueError, "format: unknown format '%s'", name);
    return -1;
}

static PyObject *str_or_none(const char *s) {
    if (s && *s) return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
    Py_RETURN_NONE;
}

static PyObject *record_dict(const lq_echem_record *r) {
    PyObject *o = PyDict_New(), *cols = PyDict_New(), *units = PyDict_New();
    PyObject *segs = PyList_New(0), *warns = PyList_New(0);
    if (!o || !cols || !units || !segs || !warns) goto fail;
    /* columns in SI: the three main ones (when the file has them), charge, cycle, extras */
    struct {
        const char *name, *unit;
        const double *v;
        int present;
    } main_cols[4] = {{"time_s", "s", r->time_s, r->has_time},
                      {"potential_V", "V", r->potential_V, r->has_potential},
                      {"current_A", "A", r->current_A, r->has_current},
                      {"charge_C", "C", r->charge_C, r->charge_C != NULL}};
    for (int k = 0; k < 4; k++) {
        if (!main_cols[k].present) continue;
        if (lqp_set(cols, main_cols[k].name, lqp_vec(main_cols[k].v, r->n)) < 0 ||
            lqp_set(units, main_cols[k].name, PyUnicode_FromString(main_cols[k].unit)) < 0)
            goto fail;
    }
    npy_intp n = (npy_intp)r->n;
    PyObject *cyc = PyArray_SimpleNew(1, &n, NPY_LONG);
    if (!cyc) goto fail;
    if (r->n) memcpy(PyArray_DATA((PyArrayObject *)cyc), r->cycle, r->n * sizeof(long));
    if (lqp_set(cols, "cycle", cyc) < 0 || lqp_set(units, "cycle", PyUnicode_FromString("")) < 0)
        goto fail;
    for (size_t k = 0; k < r->nextra; k++) {
        const lq_echem_column *c = &r->extra[k];
        if (lqp_set(cols, c->name, lqp_vec(c->v, r->n)) < 0 ||
            lqp_set(units, c->name, PyUnicode_FromString(c->unit ? c->unit : "")) < 0)
            goto fail;
    }
    for (size_t k = 0; k < r->nsegments; k++) {
        const lq_echem_segment *s = &r->segments[k];
        PyObject *sd =
            Py_BuildValue("{snsnslsssN}", "start", (Py_ssize_t)s->start, "count",
                          (Py_ssize_t)s->count, "index", s->index, "technique",
                          lq_echem_technique_name(s->technique), "label", str_or_none(s->label));
        if (!sd || PyList_Append(segs, sd) < 0) {
            Py_XDECREF(sd);
            goto fail;
        }
        Py_DECREF(sd);
    }
    for (size_t k = 0; k < r->nwarnings; k++) {
        PyObject *w = str_or_none(r->warnings[k]);
        if (!w || PyList_Append(warns, w) < 0) {
            Py_XDECREF(w);
            goto fail;
        }
        Py_DECREF(w);
    }
    if (PyDict_SetItemString(o, "columns", cols) < 0 ||
        PyDict_SetItemString(o, "units", units) < 0 ||
        PyDict_SetItemString(o, "segments", segs) < 0 ||
        PyDict_SetItemString(o, "warnings", warns) < 0 ||
        lqp_set(o, "n", PyLong_FromSize_t(r->n)) < 0 ||
        lqp_set(o, "format", PyUnicode_FromString(lq_echem_format_name(r->format))) < 0 ||
        lqp_set(o, "technique", PyUnicode_FromString(lq_echem_technique_name(r->technique))) < 0 ||
        lqp_set(o, "technique_label", str_or_none(r->technique_label)) < 0 ||
        lqp_set(o, "instrument", str_or_none(r->instrument)) < 0 ||
        lqp_set(o, "software", str_or_none(r->software)) < 0 ||
        lqp_set(o, "reference", str_or_none(r->reference)) < 0 ||
        lqp_set(o, "file", str_or_none(r->file)) < 0 ||
        lqp_set(o, "scan_rate_V_per_s", PyFloat_FromDouble(r->scan_rate_V_per_s)) < 0 ||
        lqp_set(o, "area_m2", PyFloat_FromDouble(r->area_m2)) < 0 ||
        lqp_set(o, "ncycles", PyLong_FromSize_t(r->ncycles)) < 0 ||
        lqp_set(o, "decimal_comma", PyBool_FromLong(r->decimal_comma)) < 0 ||
        lqp_set(o, "current_sign_converted", PyBool_FromLong(r->current_sign_converted)) < 0)
        goto fail;
    Py_DECREF(cols);
    Py_DECREF(units);
    Py_DECREF(segs);
    Py_DECREF(warns);
    return o;
fail:
    Py_XDECREF(o);
    Py_XDECREF(cols);
    Py_XDECREF(units);
    Py_XDECREF(segs);
    Py_XDECREF(warns);
    return NULL;
}

const char lqp_echem_read_doc[] =
    "echem_read(path, format=None) -> dict\n\n"
    "Reads a potentiostat file (lq_echem_record_read: BioLogic .mpt/.mpr, Gamry .DTA, Autolab,\n"
    "VersaStudio .par, CHI, PalmSens, CSV). Returns 'columns' (name -> numpy array in SI:\n"
    "time_s, potential_V, current_A [IUPAC sign, anodic positive], charge_C when present, cycle,\n"
    "and the extra columns under their canonical names), 'units' (name -> SI unit), 'technique'\n"
    "('CV', 'SWV', 'CA', ...), 'format', 'segments', 'warnings' and the file's metadata.\n"
    "format: None (detect) or a name such as 'gamry-dta'.";

PyObject *lqp_echem_read(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "format", NULL};
    PyObject *pb = NULL;
    const char *fmt = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|z", kwlist, lqp_path_conv, &pb, &fmt))
        return NULL;
    lq_echem_read_options opt = lq_echem_read_options_default();
    if (format_arg(fmt, &opt.format) < 0) {
        Py_DECREF(pb);
        return NULL;
    }
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_echem_record_read(PyBytes_AS_STRING(pb), &opt, &r, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "echem_read");
    PyObject *o = record_dict(r);
    lq_echem_record_free(r);
    return o;
}

const char lqp_echem_ref_convert_doc[] =
    "echem_ref_convert(E, T, frm, to=None) -> float or numpy array\n\n"
    "Converts potentials E (V, scalar or array) measured against reference `frm` into potentials\n"
    "against `to` (None: the base scale) at T (K): E_to = E + phi_frm(T) - phi_to(T)\n"
    "(lq_echem_ref_convert). References: built-in names ('AgAgCl', 'Cl2', 'NdSn', 'Nd') or\n"
    "'a,b@SCALE' for phi = a + b T.";

PyObject *lqp_echem_ref_convert(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"E", "T", "frm", "to", NULL};
    PyObject *E;
    double T;
    const char *from_s, *to_s = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Ods|z", kwlist, &E, &T, &from_s, &to_s))
        return NULL;
    lq_echem_ref from, to;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_ref_parse(from_s, &from, &d);
    if (st == LQ_OK && to_s) st = lq_echem_ref_parse(to_s, &to, &d);
    if (st != LQ_OK) return lqp_raise(st, &d, "echem_ref_convert");
    PyArrayObject *a = lqp_double_array(E);
    if (!a) return NULL;
    PyObject *out = PyArray_NewLikeArray(a, NPY_CORDER, NULL, 0);
    for (npy_intp i = 0; out && i < PyArray_SIZE(a); i++) {
        st = lq_echem_ref_convert(((const double *)PyArray_DATA(a))[i], T, &from, to_s ? &to : NULL,
                                  (double *)PyArray_DATA((PyArrayObject *)out) + i, &d);
        if (st != LQ_OK) {
            Py_CLEAR(out);
            lqp_raise(st, &d, "echem_ref_convert");
        }
    }
    Py_DECREF(a);
    if (out && PyArray_NDIM((PyArrayObject *)out) == 0) {
        PyObject *f = PyFloat_FromDouble(*(double *)PyArray_DATA((PyArrayObject *)out));
        Py_DECREF(out);
        return f;
    }
    return out;
}

/* Two equally long 1-D float64 arrays. */
static int two_arrays(PyObject *a, PyObject *b, PyArrayObject **pa, PyArrayObject **pb,
                      const char *what) {
    *pa = lqp_double_array(a);
    *pb = *pa ? lqp_double_array(b) : NULL;
    if (!*pb) {
        Py_XDECREF(*pa);
        return -1;
    }
    if (PyArray_NDIM(*pa) != 1 || PyArray_NDIM(*pb) != 1 ||
        PyArray_SIZE(*pa) != PyArray_SIZE(*pb)) {
        PyErr_Format(PyExc_ValueError, "%s: two 1-D arrays of the same length expected", what);
        Py_DECREF(*pa);
        Py_DECREF(*pb);
        return -1;
    }
    return 0;
}

#define DATA(a) ((const double *)PyArray_DATA(a))

const char lqp_echem_ca_analyse_doc[] =
    "echem_ca_analyse(t_s, I_A, t0_s=0.0, n_electrons=0, area_m2=nan, conc_mol_per_m3=nan)"
    " -> dict\n\n"
    "Chronoamperogram analysis (lq_echem_ca_analyse): nucleation maximum, Scharifker-Hills fits\n"
    "(instantaneous/progressive: 'mode', rms_inst, rms_prog, t_m_s, I_m_A), the Cottrell region\n"
    "and D (m^2/s, when n_electrons, area and concentration are given). SI units throughout.";

PyObject *lqp_echem_ca_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"t_s", "I_A", "t0_s", "n_electrons", "area_m2", "conc_mol_per_m3",
                             NULL};
    PyObject *t, *I;
    lq_echem_ca_options opt = lq_echem_ca_options_default();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|didd", kwlist, &t, &I, &opt.t0_s,
                                     &opt.n_electrons, &opt.area_m2, &opt.conc_mol_per_m3))
        return NULL;
    PyArrayObject *ta, *ia;
    if (two_arrays(t, I, &ta, &ia, "echem_ca_analyse") < 0) return NULL;
    lq_echem_ca_result r;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    size_t n = (size_t)PyArray_SIZE(ta);
    Py_BEGIN_ALLOW_THREADS st = lq_echem_ca_analyse(DATA(ta), DATA(ia), n, &opt, &r, &d);
    Py_END_ALLOW_THREADS Py_DECREF(ta);
    Py_DECREF(ia);
    if (st != LQ_OK) return lqp_raise(st, &d, "echem_ca_analyse");
    static const char *const mode[3] = {"none", "instantaneous", "progressive"};
    return Py_BuildValue(
        "{sNsdsdsdsdsdsdsdsdsssNsnsnsdsdsdsdsdsdsd}", "has_peak", PyBool_FromLong(r.has_peak),
        "t_peak_s", r.t_peak_s, "I_peak_A", r.I_peak_A, "t_m_s", r.t_m_s, "t_m_se_s", r.t_m_se_s,
        "I_m_A", r.I_m_A, "I_m_se_A", r.I_m_se_A, "rms_inst", r.rms_inst, "rms_prog", r.rms_prog,
        "mode", mode[r.mode], "has_cottrell", PyBool_FromLong(r.has_cottrell), "cot_start",
        (Py_ssize_t)r.cot_start, "cot_end", (Py_ssize_t)r.cot_end, "cottrell_slope_A_s05",
        r.cottrell.b, "cottrell_r2", r.cottrell.r2, "noise_A", r.noise_A, "D_m2_per_s",
        r.D_m2_per_s, "D_se", r.D_se, "t_ind_s", r.t_ind_s, "t_ind_se_s", r.t_ind_se_s);
}

const char lqp_echem_ocp_plateaus_doc[] =
    "echem_ocp_plateaus(t_s, E_V, t_from_s=0.0) -> dict\n\n"
    "Potential plateaus of an open-circuit chronopotentiogram (lq_echem_ocp_plateaus), as numpy\n"
    "arrays in time order: t_start_s, t_end_s, duration_s, E_V, E_std_V, i_start, i_end.";

PyObject *lqp_echem_ocp_plateaus(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"t_s", "E_V", "t_from_s", NULL};
    PyObject *t, *E;
    lq_echem_ocp_options opt = lq_echem_ocp_options_default();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|d", kwlist, &t, &E, &opt.t_from_s)) return NULL;
    PyArrayObject *ta, *ea;
    if (two_arrays(t, E, &ta, &ea, "echem_ocp_plateaus") < 0) return NULL;
    size_t n = (size_t)PyArray_SIZE(ta), np = 0;
    lq_diag d;
    lq_diag_clear(&d);
    /* first call counts, second fills */
    lq_status st = lq_echem_ocp_plateaus(DATA(ta), DATA(ea), n, &opt, NULL, 0, &np, &d);
    lq_echem_plateau *pl = st == LQ_OK ? PyMem_Calloc(np + 1, sizeof *pl) : NULL;
    if (st == LQ_OK && !pl) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lq_echem_ocp_plateaus(DATA(ta), DATA(ea), n, &opt, pl, np, &np, &d);
    Py_DECREF(ta);
    Py_DECREF(ea);
    if (st != LQ_OK) {
        PyMem_Free(pl);
        return lqp_raise(st, &d, "echem_ocp_plateaus");
    }
    npy_intp dim = (npy_intp)np;
    PyObject *arr[7];
    for (int k = 0; k < 7; k++) arr[k] = PyArray_SimpleNew(1, &dim, k < 5 ? NPY_DOUBLE : NPY_INTP);
    for (int k = 0; k < 7; k++)
        if (!arr[k]) {
            for (int j = 0; j < 7; j++) Py_XDECREF(arr[j]);
            PyMem_Free(pl);
            return NULL;
        }
    for (size_t i = 0; i < np; i++) {
        const double v[5] = {pl[i].t_start_s, pl[i].t_end_s, pl[i].duration_s, pl[i].E_V,
                             pl[i].E_std_V};
        for (int k = 0; k < 5; k++) ((double *)PyArray_DATA((PyArrayObject *)arr[k]))[i] = v[k];
        ((npy_intp *)PyArray_DATA((PyArrayObject *)arr[5]))[i] = (npy_intp)pl[i].i_start;
        ((npy_intp *)PyArray_DATA((PyArrayObject *)arr[6]))[i] = (npy_intp)pl[i].i_end;
    }
    PyMem_Free(pl);
    return Py_BuildValue("{sNsNsNsNsNsNsN}", "t_start_s", arr[0], "t_end_s", arr[1], "duration_s",
                         arr[2], "E_V", arr[3], "E_std_V", arr[4], "i_start", arr[5], "i_end",
                         arr[6]);
}

const char lqp_echem_swv_fit_doc[] =
    "echem_swv_fit(E_V, I_A, T_K, npeaks=0) -> dict\n\n"
    "Square-wave voltammogram deconvolution into a linear baseline and Gaussian peaks\n"
    "(lq_echem_swv_fit); arrays over the peaks in order of potential: E_V, E_se_V, height_A,\n"
    "w_half_V, n_electrons (n = 3.52 R T / (F W1/2)), n_electrons_se; base_a_A, base_b_A_per_V,\n"
    "rms_A. npeaks = 0: as many peaks as detected.";

PyObject *lqp_echem_swv_fit(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"E_V", "I_A", "T_K", "npeaks", NULL};
    PyObject *E, *I;
    lq_echem_swv_options opt = lq_echem_swv_options_default();
    Py_ssize_t npk = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOd|n", kwlist, &E, &I, &opt.T_K, &npk))
        return NULL;
    if (npk < 0) {
        PyErr_SetString(PyExc_ValueError, "npeaks must be >= 0");
        return NULL;
    }
    opt.npeaks = (size_t)npk;
    PyArrayObject *ea, *ia;
    if (two_arrays(E, I, &ea, &ia, "echem_swv_fit") < 0) return NULL;
    lq_echem_swv_result r;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    size_t n = (size_t)PyArray_SIZE(ea);
    Py_BEGIN_ALLOW_THREADS st = lq_echem_swv_fit(DATA(ea), DATA(ia), n, &opt, &r, &d);
    Py_END_ALLOW_THREADS Py_DECREF(ea);
    Py_DECREF(ia);
    if (st != LQ_OK) return lqp_raise(st, &d, "echem_swv_fit");
    double v[6][LQ_ECHEM_MAX_PEAKS];
    for (size_t i = 0; i < r.npeaks; i++) {
        v[0][i] = r.peaks[i].E_V;
        v[1][i] = r.peaks[i].E_se_V;
        v[2][i] = r.peaks[i].height_A;
        v[3][i] = r.peaks[i].w_half_V;
        v[4][i] = r.peaks[i].n_electrons;
        v[5][i] = r.peaks[i].n_electrons_se;
    }
    return Py_BuildValue("{sNsNsNsNsNsNsdsdsd}", "E_V", lqp_vec(v[0], r.npeaks), "E_se_V",
                         lqp_vec(v[1], r.npeaks), "height_A", lqp_vec(v[2], r.npeaks), "w_half_V",
                         lqp_vec(v[3], r.npeaks), "n_electrons", lqp_vec(v[4], r.npeaks),
                         "n_electrons_se", lqp_vec(v[5], r.npeaks), "base_a_A", r.base_a_A,
                         "base_b_A_per_V", r.base_b_A_per_V, "rms_A", r.rms_A);
}

const char lqp_echem_emf_activity_doc[] =
    "echem_emf_activity(E_V, T_K, x, n_electrons=3) -> dict\n\n"
    "Activity of a solute from its emf against the pure solute (lq_echem_emf_activity): ln_a =\n"
    "-z F E / (R T) (Nd-Bi study Eq. 6), ln_gamma = ln_a - ln x, g_ex_J_per_mol = R T ln_gamma\n"
    "(Eq. 13). E, T and x broadcast together; numpy arrays of their shape come back.";

PyObject *lqp_echem_emf_activity(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"E_V", "T_K", "x", "n_electrons", NULL};
    PyObject *E, *T, *x;
    int z = 3;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|i", kwlist, &E, &T, &x, &z)) return NULL;
    PyArrayObject *ops[6] = {lqp_double_array(E), NULL, NULL, NULL, NULL, NULL};
    ops[1] = ops[0] ? lqp_double_array(T) : NULL;
    ops[2] = ops[1] ? lqp_double_array(x) : NULL;
    if (!ops[2]) {
        for (int k = 0; k < 3; k++) Py_XDECREF(ops[k]);
        return NULL;
    }
    npy_uint32 flags[6] = {NPY_ITER_READONLY,
                           NPY_ITER_READONLY,
                           NPY_ITER_READONLY,
                           NPY_ITER_WRITEONLY | NPY_ITER_ALLOCATE,
                           NPY_ITER_WRITEONLY | NPY_ITER_ALLOCATE,
                           NPY_ITER_WRITEONLY | NPY_ITER_ALLOCATE};
    PyArray_Descr *dt[6];
    for (int k = 0; k < 6; k++) dt[k] = PyArray_DescrFromType(NPY_DOUBLE);
    /* the iterator broadcasts the inputs and allocates the outputs (C order, one element per
     * step: buffering is unnecessary as every operand is float64) */
    NpyIter *it = NpyIter_MultiNew(6, ops, NPY_ITER_ZEROSIZE_OK | NPY_ITER_REFS_OK, NPY_CORDER,
                                   NPY_NO_CASTING, flags, dt);
    for (int k = 0; k < 6; k++) Py_DECREF(dt[k]);
    PyObject *out = NULL;
    if (!it) goto done;
    lq_status st = LQ_OK;
    lq_diag d;
    lq_diag_clear(&d);
    if (NpyIter_GetIterSize(it) > 0) {
        NpyIter_IterNextFunc *next = NpyIter_GetIterNext(it, NULL);
        char **ptr = NpyIter_GetDataPtrArray(it);
        if (!next) goto done_it;
        do {
            double e = *(double *)ptr[0], t = *(double *)ptr[1], xv = *(double *)ptr[2];
            st = lq_echem_emf_activity(e, t, z, xv, (double *)ptr[3], (double *)ptr[4],
                                       (double *)ptr[5]);
            if (st != LQ_OK) {
                snprintf(d.msg, sizeof d.msg, "E = %g V, T = %g K, x = %g, z = %d", e, t, xv, z);
                break;
            }
        } while (next(it));
    }
    if (st != LQ_OK) {
        lqp_raise(st, &d, "echem_emf_activity");
        goto done_it;
    }
    PyArrayObject **res = NpyIter_GetOperandArray(it);
    out = Py_BuildValue("{sOsOsO}", "ln_a", res[3], "ln_gamma", res[4], "g_ex_J_per_mol", res[5]);
done_it:
    NpyIter_Deallocate(it);
done:
    for (int k = 0; k < 3; k++) Py_XDECREF(ops[k]);
    return out;
}

const char lqp_echem_emf_temperature_doc[] =
    "echem_emf_temperature(T_K, E_V, n_electrons=3) -> dict\n\n"
    "Linear fit E = a + b T of emfs at several temperatures and the partial molar entropy and\n"
    "enthalpy dS = z F b, dH = -z F a (lq_echem_emf_temperature): a_V, b_V_per_K, r2,\n"
    "S_J_per_mol_K, S_se, H_J_per_mol, H_se.";

PyObject *lqp_echem_emf_temperature(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"T_K", "E_V", "n_electrons", NULL};
    PyObject *T, *E;
    int z = 3;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|i", kwlist, &T, &E, &z)) return NULL;
    PyArrayObject *ta, *ea;
    if (two_arrays(T, E, &ta, &ea, "echem_emf_temperature") < 0) return NULL;
    lq_echem_emf_tdep r;
    npy_intp n = PyArray_SIZE(ta);
    lq_status st = lq_echem_emf_temperature(DATA(ta), DATA(ea), (size_t)n, z, &r);
    Py_DECREF(ta);
    Py_DECREF(ea);
    if (st != LQ_OK) {
        lq_diag d;
        lq_diag_clear(&d);
        snprintf(d.msg, sizeof d.msg, "E(T) fit of %ld points with z = %d", (long)n, z);
        return lqp_raise(st, &d, "echem_emf_temperature");
    }
    return Py_BuildValue("{sdsdsdsdsdsdsd}", "a_V", r.fit.a, "b_V_per_K", r.fit.b, "r2", r.fit.r2,
                         "S_J_per_mol_K", r.S_J_per_mol_K, "S_se", r.S_se, "H_J_per_mol",
                         r.H_J_per_mol, "H_se", r.H_se);
}
