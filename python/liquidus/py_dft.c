/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DFT post-processing calls of the Python extension: structures, powder XRD, E(V) fits, the 0 K
 * hull (include/liquidus/dft.h). */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

#define DATA(a) ((const double *)PyArray_DATA(a))

static PyObject *structure_dict(const lq_structure *s) {
    npy_intp n = (npy_intp)s->n_sites, d33[2] = {3, 3}, dn3[2] = {n, 3};
    PyObject *lat = PyArray_SimpleNew(2, d33, NPY_DOUBLE),
             *frac = PyArray_SimpleNew(2, dn3, NPY_DOUBLE);
    PyObject *z = PyArray_SimpleNew(1, &n, NPY_INT), *occ = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    PyObject *sym = PyList_New(n), *lab = PyList_New(n);
    if (!lat || !frac || !z || !occ || !sym || !lab) goto fail;
    memcpy(PyArray_DATA((PyArrayObject *)lat), s->lattice_A, sizeof s->lattice_A);
    if (n) {
        memcpy(PyArray_DATA((PyArrayObject *)frac), s->frac, (size_t)n * 3 * sizeof(double));
        memcpy(PyArray_DATA((PyArrayObject *)z), s->z, (size_t)n * sizeof(int));
        memcpy(PyArray_DATA((PyArrayObject *)occ), s->occupancy, (size_t)n * sizeof(double));
    }
    for (npy_intp i = 0; i < n; i++) {
        const char *e = lq_element_symbol(s->z[i]);
        PyObject *u = PyUnicode_FromString(e ? e : "?"), *l = PyUnicode_FromString(s->label[i]);
        if (!u || !l) {
            Py_XDECREF(u);
            Py_XDECREF(l);
            goto fail;
        }
        PyList_SET_ITEM(sym, i, u);
        PyList_SET_ITEM(lab, i, l);
    }
    double abc[3], ang[3];
    lq_lattice_parameters(s->lattice_A, abc, ang);
    return Py_BuildValue("{sNsNsNsNsNsNsNsNsNsdsd}", "title", PyUnicode_FromString(s->title),
                         "lattice_A", lat, "frac", frac, "z", z, "occupancy", occ, "species", sym,
                         "label", lab, "abc_A", lqp_vec(abc, 3), "angles_deg", lqp_vec(ang, 3),
                         "volume_A3", lq_structure_volume_A3(s), "n_atoms",
                         lq_structure_atom_count(s));
fail:
    Py_XDECREF(lat);
    Py_XDECREF(frac);
    Py_XDECREF(z);
    Py_XDECREF(occ);
    Py_XDECREF(sym);
    Py_XDECREF(lab);
    return NULL;
}

const char lqp_structure_read_doc[] =
    "structure_read(path) -> dict\n\n"
    "Reads a crystal structure (lq_structure_read: CIF, POSCAR/CONTCAR, *.vasp): 'lattice_A'\n"
    "(3, 3) rows a, b, c in Angstrom, 'frac' (n, 3) fractional coordinates, 'z' (n,) atomic\n"
    "numbers, 'species', 'occupancy', 'label', 'abc_A', 'angles_deg', 'volume_A3', 'n_atoms'.";

PyObject *lqp_structure_read(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return NULL;
    lq_structure *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_structure_read(PyBytes_AS_STRING(pb), &s, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "structure_read");
    PyObject *o = structure_dict(s);
    lq_structure_free(s);
    return o;
}

/* A structure from a path or from a dict shaped like structure_read's result (pyliquidus.h). */
lq_structure *lqp_structure_arg(PyObject *obj) {
    lq_structure *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (!PyDict_Check(obj)) {
        PyObject *pb = NULL;
        if (!PyUnicode_FSConverter(obj, &pb)) return NULL;
        lq_status st = lq_structure_read(PyBytes_AS_STRING(pb), &s, &d);
        Py_DECREF(pb);
        if (st != LQ_OK) lqp_raise(st, &d, "structure");
        return st == LQ_OK ? s : NULL;
    }
    PyObject *lo = PyDict_GetItemString(obj, "lattice_A"), *fo = PyDict_GetItemString(obj, "frac");
    PyObject *zo = PyDict_GetItemString(obj, "z"), *oo = PyDict_GetItemString(obj, "occupancy");
    if (!lo || !fo || !zo) {
        PyErr_SetString(PyExc_ValueError, "structure dict needs lattice_A, frac and z");
        return NULL;
    }
    PyArrayObject *lat = lqp_double_array(lo), *frac = lat ? lqp_double_array(fo) : NULL;
    PyArrayObject *z =
        frac ? (PyArrayObject *)PyArray_FROMANY(zo, NPY_INT, 1, 1, NPY_ARRAY_CARRAY) : NULL;
    PyArrayObject *occ = z && oo ? lqp_double_array(oo) : NULL;
    npy_intp n = z ? PyArray_SIZE(z) : 0;
    if (!z || (oo && !occ)) goto done;
    if (PyArray_SIZE(lat) != 9 || PyArray_SIZE(frac) != 3 * n || (occ && PyArray_SIZE(occ) != n)) {
        PyErr_SetString(PyExc_ValueError, "structure dict: lattice_A (3, 3), frac (n, 3), z (n,)");
        goto done;
    }
    if (lq_structure_alloc((size_t)n, &s) != LQ_OK) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(s->lattice_A, PyArray_DATA(lat), sizeof s->lattice_A);
    for (npy_intp i = 0; i < n; i++) {
        for (int k = 0; k < 3; k++) s->frac[i][k] = DATA(frac)[3 * i + k];
        s->z[i] = ((const int *)PyArray_DATA(z))[i];
        s->occupancy[i] = occ ? DATA(occ)[i] : 1.0;
    }
done:
    Py_XDECREF(lat);
    Py_XDECREF(frac);
    Py_XDECREF(z);
    Py_XDECREF(occ);
    return s;
}

const char lqp_xrd_pattern_doc[] =
    "xrd_pattern(structure, lambda_A=LQ_XRD_CU_KALPHA_A, two_theta_min_deg=0.0,\n"
    "            two_theta_max_deg=90.0) -> dict\n\n"
    "Powder X-ray pattern (lq_xrd_pattern_compute) of a structure (a path, or a dict such as\n"
    "structure_read returns): arrays over peaks sorted by 2 theta: two_theta_deg, d_A, intensity\n"
    "(strongest = 100), intensity_abs, hkl (n, 3), multiplicity.";

PyObject *lqp_xrd_pattern(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"structure", "lambda_A", "two_theta_min_deg", "two_theta_max_deg",
                             NULL};
    PyObject *so;
    lq_xrd_options opt = lq_xrd_options_default();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|ddd", kwlist, &so, &opt.lambda_A,
                                     &opt.two_theta_min_deg, &opt.two_theta_max_deg))
        return NULL;
    lq_structure *s = lqp_structure_arg(so);
    if (!s) return NULL;
    lq_xrd_pattern *p = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_xrd_pattern_compute(s, &opt, &p, &d);
    Py_END_ALLOW_THREADS lq_structure_free(s);
    if (st != LQ_OK) return lqp_raise(st, &d, "xrd_pattern");
    npy_intp n = (npy_intp)p->n_peaks, dn3[2] = {n, 3};
    PyObject *arr[4], *hkl = PyArray_SimpleNew(2, dn3, NPY_INT),
                      *mult = PyArray_SimpleNew(1, &n, NPY_INT);
    for (int k = 0; k < 4; k++) arr[k] = PyArray_SimpleNew(1, &n, NPY_DOUBLE);
    if (!arr[0] || !arr[1] || !arr[2] || !arr[3] || !hkl || !mult) {
        for (int k = 0; k < 4; k++) Py_XDECREF(arr[k]);
        Py_XDECREF(hkl);
        Py_XDECREF(mult);
        lq_xrd_pattern_free(p);
        return NULL;
    }
    for (npy_intp i = 0; i < n; i++) {
        const lq_xrd_peak *pk = &p->peaks[i];
        const double v[4] = {pk->two_theta_deg, pk->d_A, pk->intensity, pk->intensity_abs};
        for (int k = 0; k < 4; k++) ((double *)PyArray_DATA((PyArrayObject *)arr[k]))[i] = v[k];
        for (int k = 0; k < 3; k++)
            ((int *)PyArray_DATA((PyArrayObject *)hkl))[3 * i + k] = pk->hkl[k];
        ((int *)PyArray_DATA((PyArrayObject *)mult))[i] = pk->multiplicity;
    }
    lq_xrd_pattern_free(p);
    return Py_BuildValue("{sNsNsNsNsNsN}", "two_theta_deg", arr[0], "d_A", arr[1], "intensity",
                         arr[2], "intensity_abs", arr[3], "hkl", hkl, "multiplicity", mult);
}

const char lqp_eos_fit_doc[] =
    "eos_fit(V_A3, E_eV, model='bm3') -> dict\n\n"
    "E(V) equation of state fit (lq_eos_fit); model 'poly4' (the Nd-Bi study's Eq. 9), 'bm3'\n"
    "(Birch-Murnaghan), 'murnaghan' or 'vinet'. Returns e0_eV, v0_A3, b0_GPa, b0_eV_per_A3, bp,\n"
    "k (poly4 coefficients), fit_error, rms_eV, n_points, iterations.";

PyObject *lqp_eos_fit(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"V_A3", "E_eV", "model", NULL};
    PyObject *V, *E;
    const char *mname = "bm3";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|s", kwlist, &V, &E, &mname)) return NULL;
    lq_eos_model m;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_eos_model_parse(mname, &m) != LQ_OK) {
        snprintf(d.field, sizeof d.field, "model");
        snprintf(d.msg, sizeof d.msg, "unknown model '%s' (poly4, bm3, murnaghan, vinet)", mname);
        return lqp_raise(LQ_ENOTFOUND, &d, "eos_fit");
    }
    PyArrayObject *va = lqp_double_array(V), *ea = va ? lqp_double_array(E) : NULL;
    if (!ea) {
        Py_XDECREF(va);
        return NULL;
    }
    if (PyArray_SIZE(va) != PyArray_SIZE(ea)) {
        Py_DECREF(va);
        Py_DECREF(ea);
        PyErr_SetString(PyExc_ValueError, "eos_fit: V and E must have the same length");
        return NULL;
    }
    lq_eos_result r;
    lq_status st = lq_eos_fit(m, DATA(va), DATA(ea), (size_t)PyArray_SIZE(va), NULL, &r, &d);
    Py_DECREF(va);
    Py_DECREF(ea);
    if (st != LQ_OK) return lqp_raise(st, &d, "eos_fit");
    return Py_BuildValue("{sssdsdsdsdsdsNsdsdsnsn}", "model", lq_eos_model_name(r.model), "e0_eV",
                         r.e0_eV, "v0_A3", r.v0_A3, "b0_GPa", r.b0_GPa, "b0_eV_per_A3",
                         r.b0_eV_per_A3, "bp", r.bp, "k", lqp_vec(r.k, 4), "fit_error", r.fit_error,
                         "rms_eV", r.rms_eV, "n_points", (Py_ssize_t)r.n_points, "iterations",
                         (Py_ssize_t)r.iterations);
}

const char lqp_hull_doc[] =
    "hull(formulas, energies_eV) -> dict\n\n"
    "0 K convex hull (lq_hull_build) of entries given as chemical formulas of their cells\n"
    "('Nd', 'Bi2', 'NdBi2', ...) and the total energies of those cells (eV). Returns 'elements',\n"
    "'eform_eV_per_atom' and 'e_above_hull_eV_per_atom' (arrays over the entries), and\n"
    "'reference_eV_per_atom' (per element).";

PyObject *lqp_hull(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"formulas", "energies_eV", NULL};
    PyObject *fo, *eo;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO", kwlist, &fo, &eo)) return NULL;
    PyObject *seq = PySequence_Fast(fo, "formulas: a sequence of str");
    if (!seq) return NULL;
    PyArrayObject *ea = lqp_double_array(eo);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (!ea || PyArray_SIZE(ea) != n) {
        if (ea) PyErr_SetString(PyExc_ValueError, "hull: one energy per formula");
        Py_XDECREF(ea);
        Py_DECREF(seq);
        return NULL;
    }
    int zel[LQ_HULL_MAX_ELEMENTS];
    size_t nel = 0;
    double *amounts = PyMem_Calloc((size_t)n * LQ_HULL_MAX_ELEMENTS + 1, sizeof(double));
    PyObject *out = NULL;
    lq_hull *h = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (!amounts) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *f = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i));
        int z[LQ_HULL_MAX_ELEMENTS];
        double am[LQ_HULL_MAX_ELEMENTS];
        size_t m = 0;
        if (!f) goto done;
        lq_status st = lq_formula_parse(f, z, am, LQ_HULL_MAX_ELEMENTS, &m);
        if (st != LQ_OK) {
            snprintf(d.field, sizeof d.field, "formulas[%zd]", i);
            snprintf(d.msg, sizeof d.msg, "cannot parse formula '%s'", f);
            lqp_raise(st, &d, "hull");
            goto done;
        }
        for (size_t k = 0; k < m; k++) {
            size_t e = 0;
            while (e < nel && zel[e] != z[k]) e++;
            if (e == nel) {
                if (nel == LQ_HULL_MAX_ELEMENTS) {
                    PyErr_SetString(PyExc_ValueError, "hull: too many elements");
                    goto done;
                }
                zel[nel++] = z[k];
            }
            amounts[(size_t)i * LQ_HULL_MAX_ELEMENTS + e] += am[k];
        }
    }
    /* compact the rows to n_el columns */
    for (Py_ssize_t i = 0; i < n; i++)
        for (size_t e = 0; e < nel; e++)
            amounts[(size_t)i * nel + e] = amounts[(size_t)i * LQ_HULL_MAX_ELEMENTS + e];
    lq_status st = lq_hull_build(nel, zel, amounts, DATA(ea), (size_t)n, &h, &d);
    if (st != LQ_OK) {
        lqp_raise(st, &d, "hull");
        goto done;
    }
    double *ef = PyMem_Calloc((size_t)n + 1, sizeof(double));
    double *ea_h = PyMem_Calloc((size_t)n + 1, sizeof(double)), ref[LQ_HULL_MAX_ELEMENTS];
    PyObject *els = PyList_New((Py_ssize_t)nel);
    if (!ef || !ea_h || !els) {
        PyMem_Free(ef);
        PyMem_Free(ea_h);
        Py_XDECREF(els);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) lq_hull_entry(h, (size_t)i, &ef[i], &ea_h[i]);
    for (size_t e = 0; e < nel; e++) {
        ref[e] = lq_hull_reference_eV_per_atom(h, e);
        PyList_SET_ITEM(els, (Py_ssize_t)e, PyUnicode_FromString(lq_element_symbol(zel[e])));
    }
    out = Py_BuildValue("{sNsNsNsN}", "elements", els, "eform_eV_per_atom", lqp_vec(ef, (size_t)n),
                        "e_above_hull_eV_per_atom", lqp_vec(ea_h, (size_t)n),
                        "reference_eV_per_atom", lqp_vec(ref, nel));
    PyMem_Free(ef);
    PyMem_Free(ea_h);
done:
    lq_hull_free(h);
    PyMem_Free(amounts);
    Py_XDECREF(ea);
    Py_DECREF(seq);
    return out;
}

const char lqp_xrd_profiles_doc[] =
    "xrd_profiles(structures, measured=None, lambda_A=LQ_XRD_CU_KALPHA_A, fwhm_deg=0.1,\n"
    "             eta=0.5, two_theta_min_deg=0.0, two_theta_max_deg=90.0, step_deg=0.02)\n"
    "             -> dict\n\n"
    "Pseudo-Voigt profiles (FWHM fwhm_deg, Lorentzian fraction eta) of the powder patterns of\n"
    "several structures (paths or dicts) on one grid (lq_xrd_profiles_compute), as `liquidus\n"
    "xrd --match`: 'two_theta_deg' (the measured grid, or min..max by step_deg), 'profile'\n"
    "(n_structures, n_grid). With measured = a pattern file (lq_xrd_read_measured) or a pair of\n"
    "arrays (two_theta_deg, intensity): per structure 'r_wp', 'r_p', 'pearson', 'scale',\n"
    "'background' (NaN/inf where no intensity falls on the measured range) and 'rank' (indices by\n"
    "increasing R_wp).";

PyObject *lqp_xrd_profiles(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"structures",        "measured", "lambda_A",
                             "fwhm_deg",          "eta",      "two_theta_min_deg",
                             "two_theta_max_deg", "step_deg", NULL};
    PyObject *so, *mo = Py_None;
    lq_xrd_options xo = lq_xrd_options_default();
    lq_xrd_profiles_options po = lq_xrd_profiles_options_default();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|Odddddd", kwlist, &so, &mo, &xo.lambda_A,
                                     &po.fwhm_deg, &po.eta, &po.two_theta_min_deg,
                                     &po.two_theta_max_deg, &po.step_deg))
        return NULL;
    PyObject *seq =
        PyUnicode_Check(so) || PyDict_Check(so) ? PyTuple_Pack(1, so) : PySequence_Tuple(so);
    if (!seq) return NULL;
    size_t n = (size_t)PyTuple_GET_SIZE(seq);
    lq_xrd_pattern **pats = PyMem_Calloc(n + 1, sizeof *pats);
    double *mt = NULL, *mi = NULL;
    PyArrayObject *ta = NULL, *ia = NULL;
    lq_xrd_profiles *pr = NULL;
    PyObject *out = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (!pats) goto done;
    /* the reflections of the profile range (as `liquidus xrd --range`) */
    xo.two_theta_min_deg = po.two_theta_min_deg;
    xo.two_theta_max_deg = po.two_theta_max_deg;
    for (size_t i = 0; i < n; i++) {
        lq_structure *s = lqp_structure_arg(PyTuple_GET_ITEM(seq, i));
        if (!s) goto done;
        Py_BEGIN_ALLOW_THREADS st = lq_xrd_pattern_compute(s, &xo, &pats[i], &d);
        Py_END_ALLOW_THREADS lq_structure_free(s);
        if (st != LQ_OK) {
            lqp_raise(st, &d, "xrd_profiles");
            goto done;
        }
    }
    if (mo != Py_None) {
        if (PyTuple_Check(mo) && PyTuple_GET_SIZE(mo) == 2) {
            ta = lqp_double_array(PyTuple_GET_ITEM(mo, 0));
            ia = ta ? lqp_double_array(PyTuple_GET_ITEM(mo, 1)) : NULL;
            if (!ia) goto done;
            if (PyArray_SIZE(ta) != PyArray_SIZE(ia)) {
                PyErr_SetString(PyExc_ValueError, "measured: two arrays of the same length");
                goto done;
            }
            po.measured_two_theta_deg = DATA(ta);
            po.measured_intensity = DATA(ia);
            po.n_measured = (size_t)PyArray_SIZE(ta);
        } else {
            PyObject *pb = NULL;
            if (!PyUnicode_FSConverter(mo, &pb)) goto done;
            size_t nm = 0;
            st = lq_xrd_read_measured(PyBytes_AS_STRING(pb), &mt, &mi, &nm, &d);
            Py_DECREF(pb);
            if (st != LQ_OK) {
                lqp_raise(st, &d, "xrd_profiles");
                goto done;
            }
            po.measured_two_theta_deg = mt;
            po.measured_intensity = mi;
            po.n_measured = nm;
        }
    }
    Py_BEGIN_ALLOW_THREADS st =
        lq_xrd_profiles_compute((const lq_xrd_pattern *const *)pats, n, &po, &pr);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        snprintf(d.msg, sizeof d.msg,
                 "%zu patterns, fwhm %g deg, eta %g, step %g deg: fwhm, step > 0, eta in [0, 1]", n,
                 po.fwhm_deg, po.eta, po.step_deg);
        lqp_raise(st, &d, "xrd_profiles");
        goto done;
    }
    npy_intp dims[2] = {(npy_intp)pr->n_patterns, (npy_intp)pr->n_grid};
    PyObject *prof = PyArray_SimpleNew(2, dims, NPY_DOUBLE);
    PyObject *rank = PyArray_SimpleNew(1, dims, NPY_INTP);
    if (!prof || !rank) {
        Py_XDECREF(prof);
        Py_XDECREF(rank);
        goto done;
    }
    memcpy(PyArray_DATA((PyArrayObject *)prof), pr->profile,
           pr->n_patterns * pr->n_grid * sizeof(double));
    double v[5][64];
    size_t m = pr->n_patterns < 64 ? pr->n_patterns : 64;
    for (size_t i = 0; i < pr->n_patterns; i++) {
        ((npy_intp *)PyArray_DATA((PyArrayObject *)rank))[i] = (npy_intp)pr->rank[i];
        if (i >= 64) continue;
        const lq_xrd_fom *f = &pr->fom[i];
        v[0][i] = f->r_wp;
        v[1][i] = f->r_p;
        v[2][i] = f->pearson;
        v[3][i] = f->scale;
        v[4][i] = f->background;
    }
    out = Py_BuildValue("{sNsN}", "two_theta_deg", lqp_vec(pr->two_theta_deg, pr->n_grid),
                        "profile", prof);
    if (out && po.n_measured) {
        if (m < pr->n_patterns) {
            Py_CLEAR(out);
            PyErr_SetString(PyExc_ValueError, "xrd_profiles: at most 64 structures to rank");
            Py_DECREF(rank);
            goto done;
        }
        if (lqp_set(out, "r_wp", lqp_vec(v[0], m)) < 0 ||
            lqp_set(out, "r_p", lqp_vec(v[1], m)) < 0 ||
            lqp_set(out, "pearson", lqp_vec(v[2], m)) < 0 ||
            lqp_set(out, "scale", lqp_vec(v[3], m)) < 0 ||
            lqp_set(out, "background", lqp_vec(v[4], m)) < 0)
            Py_CLEAR(out);
    }
    if (out && lqp_set(out, "rank", rank) < 0)
        Py_CLEAR(out);
    else if (!out)
        Py_DECREF(rank);
done:
    lq_xrd_profiles_free(pr);
    for (size_t i = 0; pats && i < n; i++) lq_xrd_pattern_free(pats[i]);
    PyMem_Free(pats);
    Py_XDECREF(ta);
    Py_XDECREF(ia);
    lq_free(mt);
    lq_free(mi);
    Py_DECREF(seq);
    return out;
}
