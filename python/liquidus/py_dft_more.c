/* SPDX-License-Identifier: GPL-3.0-or-later */
/* More DFT calls of the Python extension: hull entries files with ESPEI datasets
 * (lq_hull_entries_read/_build, lq_hull_dataset_build), E-V points (lq_ev_points_read) and the
 * reduced formula of a structure (lq_structure_formula_reduced). */
#define NO_IMPORT_ARRAY
#include <string.h>

#include "pyliquidus.h"

const char lqp_hull_file_doc[] =
    "hull_file(path, per_atom=False, datasets=None, T=298.15, reference='liquidus_dft') -> dict\n\n"
    "0 K convex hull of a hull entries file (lq_hull_entries_read + lq_hull_entries_build, as\n"
    "`liquidus hull`): CSV name,formula,energy_eV[,phase], energies of the formula as written\n"
    "(per atom with per_atom=True), references the lowest elemental entries. Returns per entry\n"
    "'names', 'formulas', 'phases', 'eform_eV_per_atom' and 'e_above_hull_eV_per_atom' (numpy,\n"
    "eV/atom; 0 on the hull), 'stable' (bool array: decomposes into itself), 'decomposition'\n"
    "(list of [(name, atom fraction)]), 'elements', 'reference_eV_per_atom'. datasets='stable' or\n"
    "'all' adds 'datasets' {file name: ESPEI HM_FORM Dataset} of the compounds\n"
    "(lq_hull_dataset_build; J/mol of atoms at T, K).";

PyObject *lqp_hull_file(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "per_atom", "datasets", "T", "reference", NULL};
    PyObject *pb = NULL;
    int per_atom = 0;
    const char *which = NULL, *ref = "liquidus_dft";
    double T = 298.15;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|pzds", kwlist, lqp_path_conv, &pb, &per_atom,
                                     &which, &T, &ref))
        return NULL;
    int all = 0;
    if (which && strcmp(which, "all") == 0)
        all = 1;
    else if (which && strcmp(which, "stable") != 0) {
        Py_DECREF(pb);
        PyErr_SetString(PyExc_ValueError, "datasets: None, 'stable' or 'all'");
        return NULL;
    }
    lq_hull_entries e;
    memset(&e, 0, sizeof e);
    lq_hull *h = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_hull_entries_read(PyBytes_AS_STRING(pb), &e, &d);
    if (st == LQ_OK) st = lq_hull_entries_build(&e, per_atom, &h, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    if (st != LQ_OK) {
        lq_hull_entries_free(&e);
        return lqp_raise(st, &d, "hull_file");
    }
    size_t n = e.n;
    npy_intp dim = (npy_intp)n, del = (npy_intp)e.n_el;
    PyObject *ef = PyArray_SimpleNew(1, &dim, NPY_DOUBLE),
             *ea = PyArray_SimpleNew(1, &dim, NPY_DOUBLE);
    PyObject *stab = PyArray_SimpleNew(1, &dim, NPY_BOOL),
             *refs = PyArray_SimpleNew(1, &del, NPY_DOUBLE);
    PyObject *names = PyList_New(0), *forms = PyList_New(0), *phases = PyList_New(0);
    PyObject *decs = PyList_New(0), *els = PyList_New(0), *dsd = which ? PyDict_New() : NULL;
    PyObject *out = NULL;
    size_t *idx = PyMem_Calloc(n + 1, sizeof *idx);
    double *frac = PyMem_Calloc(n + 1, sizeof *frac);
    if (!ef || !ea || !stab || !refs || !names || !forms || !phases || !decs || !els ||
        (which && !dsd) || !idx || !frac)
        goto done;
    for (size_t k = 0; k < e.n_el; k++) {
        PyObject *u = PyUnicode_FromString(lq_element_symbol(e.z[k]));
        if (!u || PyList_Append(els, u) < 0) {
            Py_XDECREF(u);
            goto done;
        }
        Py_DECREF(u);
        ((double *)PyArray_DATA((PyArrayObject *)refs))[k] = lq_hull_reference_eV_per_atom(h, k);
    }
    for (size_t i = 0; i < n; i++) {
        const lq_hull_input_entry *en = &e.entries[i];
        double f = 0.0, a = 0.0;
        size_t nd = 0;
        lq_hull_entry(h, i, &f, &a);
        st = lq_hull_decomposition(h, i, idx, frac, n, &nd);
        if (st != LQ_OK) {
            lqp_raise(st, NULL, "hull_file");
            goto done;
        }
        int stable = nd == 1 && idx[0] == i;
        ((double *)PyArray_DATA((PyArrayObject *)ef))[i] = f;
        ((double *)PyArray_DATA((PyArrayObject *)ea))[i] = a;
        ((npy_bool *)PyArray_DATA((PyArrayObject *)stab))[i] = (npy_bool)stable;
        PyObject *dl = PyList_New(0);
        for (size_t k = 0; dl && k < nd; k++) {
            PyObject *t = Py_BuildValue("(sd)", e.entries[idx[k]].name, frac[k]);
            if (!t || PyList_Append(dl, t) < 0) Py_CLEAR(dl);
            Py_XDECREF(t);
        }
        PyObject *nm = PyUnicode_FromString(en->name), *fm = PyUnicode_FromString(en->formula);
        PyObject *ph = PyUnicode_FromString(en->phase);
        int bad = !dl || !nm || !fm || !ph || PyList_Append(decs, dl) < 0 ||
                  PyList_Append(names, nm) < 0 || PyList_Append(forms, fm) < 0 ||
                  PyList_Append(phases, ph) < 0;
        Py_XDECREF(dl);
        Py_XDECREF(nm);
        Py_XDECREF(fm);
        Py_XDECREF(ph);
        if (bad) goto done;
        if (dsd && en->nz > 1 && (stable || all)) {
            struct lq_dataset *ds = NULL;
            char fname[512];
            lq_diag_clear(&d);
            st = lq_hull_dataset_build(en, f, T, ref, &ds, fname, sizeof fname, &d);
            if (st != LQ_OK) {
                lqp_raise(st, &d, "hull_file");
                goto done;
            }
            if (lqp_set(dsd, fname, lqp_dataset_wrap(ds)) < 0) goto done;
        }
    }
    out = Py_BuildValue("{sOsOsOsOsOsOsOsOsO}", "names", names, "formulas", forms, "phases", phases,
                        "eform_eV_per_atom", ef, "e_above_hull_eV_per_atom", ea, "stable", stab,
                        "decomposition", decs, "elements", els, "reference_eV_per_atom", refs);
    if (out && dsd && PyDict_SetItemString(out, "datasets", dsd) < 0) Py_CLEAR(out);
done:
    PyMem_Free(idx);
    PyMem_Free(frac);
    Py_XDECREF(ef);
    Py_XDECREF(ea);
    Py_XDECREF(stab);
    Py_XDECREF(refs);
    Py_XDECREF(names);
    Py_XDECREF(forms);
    Py_XDECREF(phases);
    Py_XDECREF(decs);
    Py_XDECREF(els);
    Py_XDECREF(dsd);
    lq_hull_free(h);
    lq_hull_entries_free(&e);
    return out;
}

const char lqp_ev_read_doc[] =
    "ev_read(path, energy='sigma0') -> dict\n\n"
    "Energy-volume points (lq_ev_points_read) from a CSV (volume column 'vol...'/'V_...' in\n"
    "Angstrom^3, energy 'ener...'/'E_...' in eV) or a folder of VASP runs (one subfolder per\n"
    "point; energy 'sigma0' = energy(sigma->0) or 'toten' = free energy TOTEN): 'V_A3', 'E_eV'\n"
    "per cell and 'n_atoms' (atoms per cell when the input says, else 0).";

PyObject *lqp_ev_read(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "energy", NULL};
    PyObject *pb = NULL;
    const char *en = "sigma0";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|s", kwlist, lqp_path_conv, &pb, &en))
        return NULL;
    lq_ev_read_options opt = lq_ev_read_options_default();
    if (strcmp(en, "toten") == 0)
        opt.energy = LQ_VASP_ENERGY_TOTEN;
    else if (strcmp(en, "sigma0") != 0) {
        Py_DECREF(pb);
        PyErr_SetString(PyExc_ValueError, "energy: 'sigma0' or 'toten'");
        return NULL;
    }
    lq_ev_points p;
    memset(&p, 0, sizeof p);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_ev_points_read(PyBytes_AS_STRING(pb), &opt, &p, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "ev_read");
    PyObject *o = Py_BuildValue("{sNsNsn}", "V_A3", lqp_vec(p.v_A3, p.n), "E_eV",
                                lqp_vec(p.e_eV, p.n), "n_atoms", (Py_ssize_t)p.n_atoms);
    lq_ev_points_free(&p);
    return o;
}

const char lqp_structure_formula_doc[] =
    "structure_formula(path) -> str\n\n"
    "Reduced formula of a structure file, e.g. 'NdBi2' (lq_structure_formula_reduced: elements\n"
    "by increasing count, counts divided by the smallest; occupancy sums when not integers).";

PyObject *lqp_structure_formula(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", NULL};
    PyObject *pb = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&", kwlist, lqp_path_conv, &pb)) return NULL;
    lq_structure *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_structure_read(PyBytes_AS_STRING(pb), &s, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "structure_formula");
    char buf[1024];
    st = lq_structure_formula_reduced(s, buf, sizeof buf);
    lq_structure_free(s);
    if (st != LQ_OK) return lqp_raise(st, NULL, "structure_formula");
    return PyUnicode_FromString(buf);
}
