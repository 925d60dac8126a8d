/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Molecular-dynamics analyses of the Python extension: g(r) and MSD from a LAMMPS dump
 * (include/liquidus/md.h), as `liquidus rdf` and `liquidus msd` compute them. */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

static PyObject *species_list(const lq_md_trajectory *t) {
    PyObject *l = PyList_New((Py_ssize_t)t->n_species);
    for (size_t s = 0; l && s < t->n_species; s++) {
        PyObject *u = PyUnicode_FromString(t->species[s].name);
        if (!u) {
            Py_CLEAR(l);
            break;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)s, u);
    }
    return l;
}

static lq_status read_traj(const char *path, const char *types, Py_ssize_t skip, Py_ssize_t every,
                           Py_ssize_t count, lq_md_trajectory *t, lq_diag *d) {
    if (skip < 0 || every < 1 || count < 0) {
        snprintf(d->msg, sizeof d->msg, "skip >= 0, every >= 1, count >= 0");
        return LQ_EINVAL;
    }
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st =
        lq_md_trajectory_read(path, types, (size_t)skip, (size_t)every, (size_t)count, t, d);
    Py_END_ALLOW_THREADS return st;
}

/* Accumulates g(r) over the frames (GIL released by the caller). */
static lq_status rdf_frames(const lq_md_trajectory *t, lq_md_rdf *rdf, lq_diag *d) {
    lq_md_system view;
    memset(&view, 0, sizeof view);
    view.n_atoms = t->n_atoms;
    view.n_species = t->n_species;
    memcpy(view.species, t->species, sizeof view.species);
    view.type = t->type;
    view.id = t->id;
    lq_status st = LQ_OK;
    for (size_t f = 0; st == LQ_OK && f < t->n_frames; f++) {
        view.pos_A = t->pos_A + f * 3 * t->n_atoms;
        for (size_t k = 0; k < 3; k++) view.box_A[k] = t->box_A[3 * f + k];
        st = lq_md_rdf_add(rdf, &view, d);
    }
    return st;
}

const char lqp_md_rdf_doc[] =
    "md_rdf(dump, types=None, r_max_A=None, dr_A=0.05, skip=0, every=1, count=0) -> dict\n\n"
    "Partial radial distribution functions of a LAMMPS dump (lq_md_trajectory_read +\n"
    "lq_md_rdf_*), as `liquidus rdf`: 'r_A' (n_bins,), 'g', 'cn_ab', 'cn_ba' (n_pairs, n_bins),\n"
    "'pairs' (list of (a, b) species names), per pair 'r_peak_A', 'g_peak', 'r_min_A', 'cn'\n"
    "(first shell), 'species', 'n_frames'. r_max_A: default min(half the shortest box edge, 15).\n"
    "types: species names of atom types 1, 2, ... ('Na,Cl').";

PyObject *lqp_md_rdf(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"dump", "types", "r_max_A", "dr_A", "skip", "every", "count", NULL};
    PyObject *pb = NULL, *rmo = Py_None;
    const char *types = NULL;
    double dr = 0.05, rmax = (double)NAN;
    Py_ssize_t skip = 0, every = 1, count = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|zOdnnn", kwlist, lqp_path_conv, &pb, &types,
                                     &rmo, &dr, &skip, &every, &count))
        return NULL;
    if (rmo != Py_None && (rmax = PyFloat_AsDouble(rmo)) == -1.0 && PyErr_Occurred()) {
        Py_DECREF(pb);
        return NULL;
    }
    lq_md_trajectory t;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = read_traj(PyBytes_AS_STRING(pb), types, skip, every, count, &t, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "md_rdf");
    if (isnan(rmax)) {
        double half = 0.5 * t.box_A[0];
        for (size_t f = 0; f < t.n_frames; f++)
            for (size_t k = 0; k < 3; k++)
                if (0.5 * t.box_A[3 * f + k] < half) half = 0.5 * t.box_A[3 * f + k];
        rmax = half < 15.0 ? half : 15.0;
    }
    size_t nb = dr > 0.0 ? (size_t)floor(rmax / dr + 1e-9) : 0;
    size_t np = t.n_species * (t.n_species + 1) / 2;
    lq_md_rdf *rdf = NULL;
    PyObject *out = NULL;
    npy_intp d2[2] = {(npy_intp)np, (npy_intp)nb}, dnb = (npy_intp)nb;
    PyObject *r = PyArray_SimpleNew(1, &dnb, NPY_DOUBLE), *g = PyArray_SimpleNew(2, d2, NPY_DOUBLE);
    PyObject *ca = PyArray_SimpleNew(2, d2, NPY_DOUBLE), *cb = PyArray_SimpleNew(2, d2, NPY_DOUBLE);
    lq_md_rdf_pair *pairs = PyMem_Calloc(np + 1, sizeof *pairs);
    if (!r || !g || !ca || !cb || !pairs) {
        PyErr_NoMemory();
        goto done;
    }
    st = nb >= 2 ? lq_md_rdf_create(t.n_species, rmax, nb, &rdf) : LQ_EINVAL;
    if (st == LQ_EINVAL && nb < 2) snprintf(d.msg, sizeof d.msg, "r_max / dr gives < 2 bins");
    if (st == LQ_OK) {
        Py_BEGIN_ALLOW_THREADS st = rdf_frames(&t, rdf, &d);
        Py_END_ALLOW_THREADS
    }
    if (st == LQ_OK)
        st = lq_md_rdf_result(rdf, (double *)PyArray_DATA((PyArrayObject *)r),
                              (double *)PyArray_DATA((PyArrayObject *)g),
                              (double *)PyArray_DATA((PyArrayObject *)ca),
                              (double *)PyArray_DATA((PyArrayObject *)cb), pairs);
    if (st != LQ_OK) {
        lqp_raise(st, &d, "md_rdf");
        goto done;
    }
    double pv[4][LQ_MD_MAX_SPECIES * (LQ_MD_MAX_SPECIES + 1) / 2];
    PyObject *pl = PyList_New((Py_ssize_t)np);
    if (!pl) goto done;
    for (size_t q = 0; q < np; q++) {
        pv[0][q] = pairs[q].r_peak_A;
        pv[1][q] = pairs[q].g_peak;
        pv[2][q] = pairs[q].has_min ? pairs[q].r_min_A : (double)NAN;
        pv[3][q] = pairs[q].has_min ? pairs[q].cn_ab : (double)NAN;
        PyList_SET_ITEM(
            pl, (Py_ssize_t)q,
            Py_BuildValue("(ss)", t.species[pairs[q].a].name, t.species[pairs[q].b].name));
    }
    out = Py_BuildValue("{sOsOsOsOsNsNsNsNsNsNsnsd}", "r_A", r, "g", g, "cn_ab", ca, "cn_ba", cb,
                        "pairs", pl, "species", species_list(&t), "r_peak_A", lqp_vec(pv[0], np),
                        "g_peak", lqp_vec(pv[1], np), "r_min_A", lqp_vec(pv[2], np), "cn",
                        lqp_vec(pv[3], np), "n_frames", (Py_ssize_t)t.n_frames, "r_max_A", rmax);
done:
    Py_XDECREF(r);
    Py_XDECREF(g);
    Py_XDECREF(ca);
    Py_XDECREF(cb);
    PyMem_Free(pairs);
    lq_md_rdf_free(rdf);
    lq_md_trajectory_free(&t);
    return out;
}

const char lqp_md_msd_doc[] =
    "md_msd(dump, dt_ps, types=None, skip=0, every=1, count=0, remove_drift=True) -> dict\n\n"
    "Mean-square displacement per species over all time origins and the diffusion coefficients\n"
    "(lq_md_msd_compute), as `liquidus msd`: 't_ps' (n_lags,), 'msd_A2' (n_species, n_lags),\n"
    "'D_cm2_s', 'D_err_cm2_s', 'loglog_slope', 'diffusive' (per species), 'species'.\n"
    "dt_ps: time between the frames kept.";

PyObject *lqp_md_msd(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"dump",  "dt_ps", "types",        "skip",
                             "every", "count", "remove_drift", NULL};
    PyObject *pb = NULL;
    const char *types = NULL;
    Py_ssize_t skip = 0, every = 1, count = 0;
    lq_md_msd_options o = lq_md_msd_options_default();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&d|znnnp", kwlist, lqp_path_conv, &pb, &o.dt_ps,
                                     &types, &skip, &every, &count, &o.remove_drift))
        return NULL;
    lq_md_trajectory t;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = read_traj(PyBytes_AS_STRING(pb), types, skip, every, count, &t, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "md_msd");
    double mass[LQ_MD_MAX_SPECIES];
    int have_mass = 1;
    for (size_t s = 0; s < t.n_species; s++) {
        mass[s] = t.species[s].mass_amu;
        if (!(mass[s] > 0.0)) have_mass = 0;
    }
    lq_md_msd m;
    memset(&m, 0, sizeof m);
    Py_BEGIN_ALLOW_THREADS st = lq_md_msd_compute(t.pos_A, t.n_frames, t.n_atoms, t.type,
                                                  t.n_species, have_mass ? mass : NULL, &o, &m, &d);
    Py_END_ALLOW_THREADS PyObject *out = NULL;
    if (st != LQ_OK) {
        lqp_raise(st, &d, "md_msd");
    } else {
        npy_intp d2[2] = {(npy_intp)m.n_species, (npy_intp)m.n_lags};
        PyObject *msd = PyArray_SimpleNew(2, d2, NPY_DOUBLE);
        double diff[LQ_MD_MAX_SPECIES];
        for (size_t s = 0; s < m.n_species; s++) diff[s] = m.diffusive[s];
        if (msd) {
            memcpy(PyArray_DATA((PyArrayObject *)msd), m.msd_A2,
                   m.n_species * m.n_lags * sizeof(double));
            out = Py_BuildValue("{sNsNsNsNsNsNsNsnsd}", "t_ps", lqp_vec(m.t_ps, m.n_lags), "msd_A2",
                                msd, "D_cm2_s", lqp_vec(m.D_cm2_s, m.n_species), "D_err_cm2_s",
                                lqp_vec(m.D_err_cm2_s, m.n_species), "loglog_slope",
                                lqp_vec(m.loglog_slope, m.n_species), "diffusive",
                                lqp_vec(diff, m.n_species), "species", species_list(&t), "n_frames",
                                (Py_ssize_t)t.n_frames, "dt_ps", m.dt_ps);
        }
    }
    lq_md_msd_free(&m);
    lq_md_trajectory_free(&t);
    return out;
}

const char lqp_md_redox_doc[] =
    "md_redox(e_ox_eV, e_red_eV, n_electrons, mu_cl2_eV, T_K, e_ox_err_eV=0.0, e_red_err_eV=0.0,\n"
    "         mu_cl2_err_eV=0.0) -> dict\n\n"
    "Redox potential of M^n+/M from the total energies of the oxidised and reduced states\n"
    "(lq_md_redox_potential, Mg-La study Sec. 3.2.2): dG_eV = E_red + (n/2) mu(Cl2) - E_ox,\n"
    "E_vs_cl2_V = -dG / (n e), E_err_V (errors in quadrature), phi_agagcl_vs_cl2_V (Eq. 6 at T)\n"
    "and E_vs_agagcl_V.";

PyObject *lqp_md_redox(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"e_ox_eV",     "e_red_eV",     "n_electrons",   "mu_cl2_eV", "T_K",
                             "e_ox_err_eV", "e_red_err_eV", "mu_cl2_err_eV", NULL};
    lq_md_redox_input in;
    memset(&in, 0, sizeof in);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "ddidd|ddd", kwlist, &in.e_ox_eV, &in.e_red_eV,
                                     &in.n_electrons, &in.mu_cl2_eV, &in.T_K, &in.e_ox_err_eV,
                                     &in.e_red_err_eV, &in.mu_cl2_err_eV))
        return NULL;
    lq_md_redox_result r;
    lq_status st = lq_md_redox_potential(&in, &r);
    if (st != LQ_OK) {
        lq_diag d;
        lq_diag_clear(&d);
        snprintf(
            d.msg, sizeof d.msg,
            "n >= 1, finite energies, T > 0 and non-negative errors expected (n = %d, T = %g K)",
            in.n_electrons, in.T_K);
        return lqp_raise(st, &d, "md_redox");
    }
    return Py_BuildValue("{sdsdsdsdsd}", "dG_eV", r.dG_eV, "E_vs_cl2_V", r.E_vs_cl2_V, "E_err_V",
                         r.E_err_V, "phi_agagcl_vs_cl2_V", r.phi_agagcl_vs_cl2_V, "E_vs_agagcl_V",
                         r.E_vs_agagcl_V);
}
