/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Molecular-dynamics analyses of the Python extension: g(r), MSD and series statistics
 * (include/liquidus/md.h), as `liquidus rdf`, `liquidus msd` and `liquidus energy` compute them. */
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

const char lqp_md_rdf_doc[] =
    "md_rdf(dump, types=None, r_max_A=None, dr_A=0.05, skip=0, every=1, count=0) -> dict\n\n"
    "Partial radial distribution functions of a LAMMPS dump (lq_md_trajectory_read +\n"
    "lq_md_rdf_trajectory_compute), as `liquidus rdf`: 'r_A' (n_bins,), 'g', 'cn_ab', 'cn_ba'\n"
    "(n_pairs, n_bins), 'pairs' (list of (a, b) species names), per pair 'r_peak_A', 'g_peak',\n"
    "'r_min_A', 'cn' (first shell), 'species', 'n_frames', 'r_max_A', 'dr_A', and the mean mass\n"
    "density 'density_g_cm3' with its block-average error 'density_err_g_cm3' (NaN when the\n"
    "masses are unknown; the error NaN for fewer than 16 frames). r_max_A: default min(half the\n"
    "shortest box edge, 15). types: species names of atom types 1, 2, ... ('Na,Cl').";

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
    lq_md_rdf_data *r = NULL;
    Py_BEGIN_ALLOW_THREADS st = lq_md_rdf_trajectory_compute(&t, rmax, dr, &r, &d);
    Py_END_ALLOW_THREADS PyObject *out = NULL;
    if (st != LQ_OK) {
        lqp_raise(st, &d, "md_rdf");
        goto done;
    }
    size_t np = r->n_pairs, nb = r->n_bins;
    npy_intp d2[2] = {(npy_intp)np, (npy_intp)nb};
    PyObject *arr[3] = {PyArray_SimpleNew(2, d2, NPY_DOUBLE), PyArray_SimpleNew(2, d2, NPY_DOUBLE),
                        PyArray_SimpleNew(2, d2, NPY_DOUBLE)};
    const double *src[3] = {r->g, r->cn_ab, r->cn_ba};
    PyObject *pl = PyList_New((Py_ssize_t)np);
    if (!arr[0] || !arr[1] || !arr[2] || !pl) {
        for (int k = 0; k < 3; k++) Py_XDECREF(arr[k]);
        Py_XDECREF(pl);
        goto done;
    }
    for (int k = 0; k < 3; k++)
        memcpy(PyArray_DATA((PyArrayObject *)arr[k]), src[k], np * nb * sizeof(double));
    double pv[4][LQ_MD_MAX_SPECIES * (LQ_MD_MAX_SPECIES + 1) / 2];
    for (size_t q = 0; q < np; q++) {
        const lq_md_rdf_pair *p = &r->pairs[q];
        pv[0][q] = p->r_peak_A;
        pv[1][q] = p->g_peak;
        pv[2][q] = p->has_min ? p->r_min_A : (double)NAN;
        pv[3][q] = p->has_min ? p->cn_ab : (double)NAN;
        PyList_SET_ITEM(pl, (Py_ssize_t)q,
                        Py_BuildValue("(ss)", t.species[p->a].name, t.species[p->b].name));
    }
    double rho = r->have_density ? r->density_g_cm3 : (double)NAN;
    double rho_err = r->have_density ? r->density_err_g_cm3 : (double)NAN;
    out = Py_BuildValue("{sNsNsNsNsNsNsNsNsNsNsnsdsdsdsd}", "r_A", lqp_vec(r->r_A, nb), "g", arr[0],
                        "cn_ab", arr[1], "cn_ba", arr[2], "pairs", pl, "species", species_list(&t),
                        "r_peak_A", lqp_vec(pv[0], np), "g_peak", lqp_vec(pv[1], np), "r_min_A",
                        lqp_vec(pv[2], np), "cn", lqp_vec(pv[3], np), "n_frames",
                        (Py_ssize_t)t.n_frames, "r_max_A", r->r_max_A, "dr_A", r->dr_A,
                        "density_g_cm3", rho, "density_err_g_cm3", rho_err);
done:
    lq_md_rdf_data_free(r);
    lq_md_trajectory_free(&t);
    return out;
}

const char lqp_md_msd_doc[] =
    "md_msd(dump, dt_ps=None, types=None, skip=0, every=1, count=0, remove_drift=True,\n"
    "       timestep_ps=0.001) -> dict\n\n"
    "Mean-square displacement per species over all time origins and the diffusion coefficients\n"
    "(lq_md_msd_trajectory_compute: the drift removed with the species' masses when known), as\n"
    "`liquidus msd`: 't_ps' (n_lags,), 'msd_A2' (n_species, n_lags), 'D_cm2_s', 'D_err_cm2_s',\n"
    "'loglog_slope', 'diffusive' (per species), 'species'. dt_ps: time between the frames kept;\n"
    "None: from the dump's TIMESTEP values times timestep_ps (lq_md_trajectory_frame_dt_compute;\n"
    "LAMMPS metal units 0.001 ps).";

PyObject *lqp_md_msd(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"dump",  "dt_ps",        "types",       "skip", "every",
                             "count", "remove_drift", "timestep_ps", NULL};
    PyObject *pb = NULL, *dto = Py_None;
    const char *types = NULL;
    Py_ssize_t skip = 0, every = 1, count = 0;
    double step_ps = 0.001;
    lq_md_msd_options o = lq_md_msd_options_default();
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|Oznnnpd", kwlist, lqp_path_conv, &pb, &dto,
                                     &types, &skip, &every, &count, &o.remove_drift, &step_ps))
        return NULL;
    if (dto != Py_None && (o.dt_ps = PyFloat_AsDouble(dto)) == -1.0 && PyErr_Occurred()) {
        Py_DECREF(pb);
        return NULL;
    }
    lq_md_trajectory t;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = read_traj(PyBytes_AS_STRING(pb), types, skip, every, count, &t, &d);
    Py_DECREF(pb);
    if (st != LQ_OK) return lqp_raise(st, &d, "md_msd");
    if (dto == Py_None) st = lq_md_trajectory_frame_dt_compute(&t, step_ps, &o.dt_ps, &d);
    lq_md_msd m;
    memset(&m, 0, sizeof m);
    if (st == LQ_OK) {
        Py_BEGIN_ALLOW_THREADS st = lq_md_msd_trajectory_compute(&t, &o, &m, &d);
        Py_END_ALLOW_THREADS
    }
    PyObject *out = NULL;
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

const char lqp_md_series_stats_doc[] =
    "md_series_stats(x, skip=-1, n_bins=0) -> dict\n\n"
    "Statistics of a series (e.g. total energies, eV) as `liquidus energy` computes them\n"
    "(lq_md_series_stats_compute): equilibration 't0' (detected when skip = -1, with\n"
    "'t0_detected'), 'n_used', statistical inefficiency 'g_chodera', block average 'mean',\n"
    "'variance', 'sem' (at the plateau level; 'sem_converged' False when no plateau), the block\n"
    "levels ('block_size', 'block_sem'), and the histogram ('hist_center', 'hist_count') with\n"
    "its Gaussian fit ('fit_mu', 'fit_sigma', 'fit_ok'). n_bins = 0: Freedman-Diaconis.";

PyObject *lqp_md_series_stats(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"x", "skip", "n_bins", NULL};
    PyObject *xo;
    long skip = -1;
    Py_ssize_t nbins = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|ln", kwlist, &xo, &skip, &nbins)) return NULL;
    if (nbins < 0) {
        PyErr_SetString(PyExc_ValueError, "n_bins must be >= 0");
        return NULL;
    }
    PyArrayObject *xa = lqp_double_array(xo);
    if (!xa) return NULL;
    lq_md_series_stats r;
    memset(&r, 0, sizeof r);
    lq_status st;
    size_t n = (size_t)PyArray_SIZE(xa);
    Py_BEGIN_ALLOW_THREADS st =
        lq_md_series_stats_compute((const double *)PyArray_DATA(xa), n, skip, (size_t)nbins, &r);
    Py_END_ALLOW_THREADS Py_DECREF(xa);
    if (st != LQ_OK) {
        lq_diag d;
        lq_diag_clear(&d);
        snprintf(d.msg, sizeof d.msg,
                 "%zu points, skip %ld: at least 16 finite, non-constant points must remain", n,
                 skip);
        return lqp_raise(st, &d, "md_series_stats");
    }
    const lq_md_block_result *b = &r.block;
    double bs[LQ_MD_BLOCK_MAX_LEVELS];
    for (size_t k = 0; k < b->n_levels; k++) bs[k] = (double)b->block_size[k];
    PyObject *o = Py_BuildValue(
        "{snsNsnsdsdsdsdsNsNsNsNsNsdsdsdsN}", "t0", (Py_ssize_t)r.t0, "t0_detected",
        PyBool_FromLong(r.t0_detected), "n_used", (Py_ssize_t)r.n_used, "g_chodera", r.g_chodera,
        "mean", b->mean, "variance", b->variance, "sem", b->sem_plateau, "sem_converged",
        PyBool_FromLong(b->plateau_found), "block_size", lqp_vec(bs, b->n_levels), "block_sem",
        lqp_vec(b->sem, b->n_levels), "hist_center", lqp_vec(r.hist.center, r.hist.n_bins),
        "hist_count", lqp_vec(r.hist.count, r.hist.n_bins), "statistical_inefficiency",
        b->statistical_inefficiency, "fit_mu", r.hist.fit_mu, "fit_sigma", r.hist.fit_sigma,
        "fit_ok", PyBool_FromLong(r.hist.fit_ok));
    lq_md_series_stats_free(&r);
    return o;
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
