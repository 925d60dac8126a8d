/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole-record electrochemistry analyses of the Python extension: column summary, emf titrations,
 * CV, SWV, CA and OCP records (the "Whole-record analyses" section of include/liquidus/echem.h). */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

static PyObject *str_or_none(const char *s) {
    if (s) return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
    Py_RETURN_NONE;
}

/* Reads one record (format None: detect) with the GIL released. */
static lq_echem_record *read_record(PyObject *path, const char *fmt, const char *what) {
    PyObject *pb = NULL;
    if (!PyUnicode_FSConverter(path, &pb)) return NULL;
    lq_echem_read_options opt = lq_echem_read_options_default();
    lq_diag d;
    lq_diag_clear(&d);
    if (fmt && lq_echem_format_parse(fmt, &opt.format) != LQ_OK) {
        Py_DECREF(pb);
        PyErr_Format(PyExc_ValueError, "%s: unknown format '%s'", what, fmt);
        return NULL;
    }
    lq_echem_record *r = NULL;
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_echem_record_read(PyBytes_AS_STRING(pb), &opt, &r, &d);
    Py_END_ALLOW_THREADS Py_DECREF(pb);
    if (st != LQ_OK) {
        lqp_raise(st, &d, what);
        return NULL;
    }
    return r;
}

/* "ok", "status" (lq_status_str) and "message" of a part that may have failed (message also for
 * warnings). */
static int part_status(PyObject *dict, lq_status st, const lq_diag *d) {
    char buf[1024];
    buf[0] = '\0';
    if (st != LQ_OK || d->warning) lq_diag_format(d, buf, sizeof buf);
    if (lqp_set(dict, "ok", PyBool_FromLong(st == LQ_OK)) < 0 ||
        lqp_set(dict, "status", PyUnicode_FromString(lq_status_str(st))) < 0)
        return -1;
    return lqp_set(dict, "message",
                   buf[0] ? PyUnicode_DecodeUTF8(buf, (Py_ssize_t)strlen(buf), "replace")
                          : Py_NewRef(Py_None));
}

static PyObject *linfit_dict(const lq_echem_linfit *f) {
    return Py_BuildValue("{sdsdsdsdsdsdsdsn}", "a", f->a, "b", f->b, "a_se", f->a_se, "b_se",
                         f->b_se, "cov_ab", f->cov_ab, "r2", f->r2, "rms", f->rms, "n",
                         (Py_ssize_t)f->n);
}

/* ================================================================ summary */

const char lqp_echem_summary_doc[] =
    "echem_summary(path, format=None) -> list of dict\n\n"
    "The columns of a potentiostat file (lq_echem_record_summarise): name (time_s, E_V, I_A,\n"
    "Q_C or the extra column's canonical name), SI unit, source header and the first and last\n"
    "finite values (NaN when none), in the order `liquidus read` prints them.";

PyObject *lqp_echem_summary(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "format", NULL};
    PyObject *path;
    const char *fmt = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|z", kwlist, &path, &fmt)) return NULL;
    lq_echem_record *r = read_record(path, fmt, "echem_summary");
    if (!r) return NULL;
    lq_echem_record_summary *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_echem_record_summarise(r, &s, &d);
    PyObject *l = NULL;
    if (st != LQ_OK)
        lqp_raise(st, &d, "echem_summary");
    else
        l = PyList_New(0);
    for (size_t i = 0; l && i < s->ncolumns; i++) {
        const lq_echem_column_summary *c = &s->columns[i];
        PyObject *cd = Py_BuildValue("{sNsNsNsdsd}", "name", str_or_none(c->name), "unit",
                                     str_or_none(c->unit), "source", str_or_none(c->source),
                                     "first", c->first, "last", c->last);
        if (!cd || PyList_Append(l, cd) < 0) Py_CLEAR(l);
        Py_XDECREF(cd);
    }
    lq_echem_record_summary_free(s);
    lq_echem_record_free(r);
    return l;
}

/* ================================================================ emf */

static PyObject *emf_run_dict(lq_echem_emf_run *r) {
    size_t n = r->nsteps;
    double *v[9];
    for (int k = 0; k < 9; k++) v[k] = PyMem_Calloc(n + 1, sizeof(double));
    npy_intp dim = (npy_intp)n;
    PyObject *flags = PyArray_SimpleNew(1, &dim, NPY_UINT);
    PyObject *d = NULL;
    for (int k = 0; k < 9; k++)
        if (!v[k]) goto out;
    if (!flags) goto out;
    for (size_t i = 0; i < n; i++) {
        const lq_echem_emf_step *s = &r->steps[i];
        v[0][i] = s->t_start_s;
        v[1][i] = s->t_end_s;
        v[2][i] = s->charge_C;
        v[3][i] = s->n_solute_mol;
        v[4][i] = s->x_solute;
        v[5][i] = s->E_V;
        v[6][i] = s->E_std_V;
        v[7][i] = s->drift_V_per_s;
        v[8][i] = (double)s->n_window;
        ((unsigned *)PyArray_DATA((PyArrayObject *)flags))[i] = s->flags;
    }
    PyObject *steps = Py_BuildValue(
        "{sNsNsNsNsNsNsNsNsNsN}", "t_start_s", lqp_vec(v[0], n), "t_end_s", lqp_vec(v[1], n),
        "charge_C", lqp_vec(v[2], n), "n_solute_mol", lqp_vec(v[3], n), "x_solute",
        lqp_vec(v[4], n), "E_measured_V", lqp_vec(v[5], n), "E_std_V", lqp_vec(v[6], n),
        "drift_V_per_s", lqp_vec(v[7], n), "n_window", lqp_vec(v[8], n), "flags", Py_NewRef(flags));
    if (!steps) goto out;
    d = PyDict_New();
    if (!d || lqp_set(d, "steps", steps) < 0) goto fail;
    PyObject *sol = Py_NewRef(Py_None);
    if (r->has_solubility) {
        Py_DECREF(sol);
        const lq_echem_emf_solubility *s = &r->sol;
        sol =
            Py_BuildValue("{snsnsdsdsnsnsNsdsd}", "i_plateau", (Py_ssize_t)s->i_plateau,
                          "n_plateau", (Py_ssize_t)s->n_plateau, "E_plateau_V", s->E_plateau_V,
                          "E_plateau_se_V", s->E_plateau_se_V, "i_liquid", (Py_ssize_t)s->i_liquid,
                          "n_liquid", (Py_ssize_t)s->n_liquid, "fit_E_vs_ln_x",
                          linfit_dict(&s->fit), "x_sat", s->x_sat, "x_sat_se", s->x_sat_se);
    }
    char w1[1024] = "", w2[1024] = "";
    if (r->steps_warning.warning) lq_diag_format(&r->steps_warning, w1, sizeof w1);
    if (r->solubility_warning.warning) lq_diag_format(&r->solubility_warning, w2, sizeof w2);
    if (lqp_set(d, "solubility", sol) < 0 || lqp_set(d, "name", str_or_none(r->name)) < 0 ||
        lqp_set(d, "T_K", PyFloat_FromDouble(r->T_K)) < 0 ||
        lqp_set(d, "E_V", lqp_vec(r->E_V, n)) < 0 || lqp_set(d, "ln_a", lqp_vec(r->ln_a, n)) < 0 ||
        lqp_set(d, "ln_gamma", lqp_vec(r->ln_gamma, n)) < 0 ||
        lqp_set(d, "g_ex_J_per_mol", lqp_vec(r->g_ex_J_per_mol, n)) < 0 ||
        lqp_set(d, "steps_warning", str_or_none(w1[0] ? w1 : NULL)) < 0 ||
        lqp_set(d, "solubility_warning", str_or_none(w2[0] ? w2 : NULL)) < 0 ||
        lqp_set(d, "solubility_note",
                str_or_none(r->solubility_note[0] ? r->solubility_note : NULL)) < 0 ||
        lqp_set(d, "ln_a_plateau", PyFloat_FromDouble(r->ln_a_plateau)) < 0 ||
        lqp_set(d, "liquid_start", PyLong_FromSize_t(r->liquid_start)) < 0 ||
        lqp_set(d, "liquid_end", PyLong_FromSize_t(r->liquid_end)) < 0 ||
        lqp_set(d, "n_liquid", PyLong_FromSize_t(r->n_liquid)) < 0 ||
        lqp_set(d, "ln_gamma_mean", PyFloat_FromDouble(r->ln_gamma_mean)) < 0 ||
        lqp_set(d, "ln_gamma_sd", PyFloat_FromDouble(r->ln_gamma_sd)) < 0 ||
        lqp_set(d, "curve_x", lqp_vec(r->curve_x, r->ncurve)) < 0 ||
        lqp_set(d, "curve_E_V", lqp_vec(r->curve_E_V, r->ncurve)) < 0 ||
        lqp_set(d, "acr_x_solute", lqp_vec(r->acr_x_solute, r->n_liquid)) < 0 ||
        lqp_set(d, "acr_activity", lqp_vec(r->acr_activity, r->n_liquid)) < 0)
        goto fail;
    /* the dataset moves to its Python object */
    lq_dataset *acr = r->acr;
    r->acr = NULL;
    if (lqp_set(d, "acr_dataset", lqp_dataset_wrap(acr)) < 0) goto fail;
    goto out;
fail:
    Py_CLEAR(d);
out:
    Py_XDECREF(flags);
    for (int k = 0; k < 9; k++) PyMem_Free(v[k]);
    return d;
}

const char lqp_echem_emf_analyse_doc[] =
    "echem_emf_analyse(paths, T_K, n_solvent_mol, names=None, format=None, n_electrons=3,\n"
    "                  n_solute0_mol=0.0, window_s=1800.0, pulse_current_A=0.0, efficiency=1.0,\n"
    "                  cathodic_positive=False, plateau_tol_V=0.002, ref=None, to=None,\n"
    "                  solute=None, solvent=None, ref_phase=None, solid_phase=None,\n"
    "                  liquid_phase=None) -> dict\n\n"
    "Coulometric titrations, one file per temperature T_K (K) (lq_echem_emf_analyse; Nd-Bi study\n"
    "2.2.2, 3.1): rests and compositions by Faraday's law, emf converted from `ref` to `to`\n"
    "(V), ln a = -zFE/(RT) of the solute against the pure solute the emf refers to, ln gamma,\n"
    "dG_ex (J/mol), liquid branch E = a + b ln x, plateau and solubility x_sat; across\n"
    "temperatures the plateau emf vs T (dS J/(mol K), dH J/mol) and R T <ln gamma> vs T; and,\n"
    "with solute/solvent/ref_phase, ESPEI ACR and (with solid_phase) ZPF datasets.";

PyObject *lqp_echem_emf_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"paths",
                             "T_K",
                             "n_solvent_mol",
                             "names",
                             "format",
                             "n_electrons",
                             "n_solute0_mol",
                             "window_s",
                             "pulse_current_A",
                             "efficiency",
                             "cathodic_positive",
                             "plateau_tol_V",
                             "ref",
                             "to",
                             "solute",
                             "solvent",
                             "ref_phase",
                             "solid_phase",
                             "liquid_phase",
                             NULL};
    PyObject *paths, *To, *nameso = Py_None;
    const char *fmt = NULL, *ref_s = NULL, *to_s = NULL;
    lq_echem_emf_analysis_options opt = lq_echem_emf_analysis_options_default();
    int cathodic = 0;
    if (!PyArg_ParseTupleAndKeywords(
            args, kw,
            "OOd|Ozidddd"
            "pdzzzzzzz",
            kwlist, &paths, &To, &opt.steps.n_solvent_mol, &nameso, &fmt, &opt.steps.n_electrons,
            &opt.steps.n_solute0_mol, &opt.steps.window_s, &opt.steps.pulse_current_A,
            &opt.steps.efficiency, &cathodic, &opt.plateau_tol_V, &ref_s, &to_s, &opt.solute,
            &opt.solvent, &opt.ref_phase, &opt.solid_phase, &opt.liquid_phase))
        return NULL;
    opt.steps.cathodic_positive = cathodic;
    lq_echem_ref ref, to;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (ref_s) st = lq_echem_ref_parse(ref_s, &ref, &d);
    if (st == LQ_OK && to_s) st = lq_echem_ref_parse(to_s, &to, &d);
    if (st != LQ_OK) return lqp_raise(st, &d, "echem_emf_analyse");
    opt.ref = ref_s ? &ref : NULL;
    opt.to = to_s ? &to : NULL;
    PyObject *pt = PyUnicode_Check(paths) ? PyTuple_Pack(1, paths) : PySequence_Tuple(paths);
    if (!pt) return NULL;
    PyObject *nt = nameso == Py_None ? NULL : PySequence_Tuple(nameso);
    PyArrayObject *Ta = lqp_double_array(To);
    size_t n = (size_t)PyTuple_GET_SIZE(pt);
    lq_echem_record **recs = PyMem_Calloc(n + 1, sizeof *recs);
    const char **names = PyMem_Calloc(n + 1, sizeof *names);
    PyObject *ret = NULL;
    lq_echem_emf_analysis *a = NULL;
    if (!Ta || (nameso != Py_None && !nt) || !recs || !names) goto out;
    if ((size_t)PyArray_SIZE(Ta) != n || (nt && (size_t)PyTuple_GET_SIZE(nt) != n)) {
        PyErr_SetString(PyExc_ValueError,
                        "echem_emf_analyse: one temperature (and name) per file expected");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (nt && !(names[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(nt, i)))) goto out;
        if (!(recs[i] = read_record(PyTuple_GET_ITEM(pt, i), fmt, "echem_emf_analyse"))) goto out;
    }
    Py_BEGIN_ALLOW_THREADS st =
        lq_echem_emf_analyse((const lq_echem_record *const *)recs, nt ? names : NULL,
                             (const double *)PyArray_DATA(Ta), n, &opt, &a, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lqp_raise(st, &d, "echem_emf_analyse");
        goto out;
    }
    PyObject *runs = PyList_New(0);
    for (size_t i = 0; runs && i < a->nruns; i++) {
        PyObject *rd = emf_run_dict(&a->runs[i]);
        if (!rd || PyList_Append(runs, rd) < 0) Py_CLEAR(runs);
        Py_XDECREF(rd);
    }
    if (!runs) goto out;
    PyObject *tdep = Py_NewRef(Py_None), *lex = Py_NewRef(Py_None);
    if (a->has_plateau_tdep) {
        Py_DECREF(tdep);
        const lq_echem_emf_tdep *t = &a->plateau_tdep;
        tdep = Py_BuildValue("{sNsdsdsdsd}", "fit_E_vs_T", linfit_dict(&t->fit), "S_J_per_mol_K",
                             t->S_J_per_mol_K, "S_se", t->S_se, "H_J_per_mol", t->H_J_per_mol,
                             "H_se", t->H_se);
    }
    if (a->has_liquid_excess) {
        Py_DECREF(lex);
        const lq_echem_linfit *f = &a->liquid_excess;
        lex = Py_BuildValue("{sNsdsdsdsd}", "fit", linfit_dict(f), "H_ex_J_per_mol", f->a,
                            "H_ex_se", f->a_se, "S_ex_J_per_mol_K", -f->b, "S_ex_se", f->b_se);
    }
    lq_dataset *zpf = a->zpf;
    a->zpf = NULL;
    ret = Py_BuildValue("{sssNsNsNsN}", "scale", a->scale, "runs", runs, "plateau_vs_T", tdep,
                        "liquid_excess_vs_T", lex, "zpf_dataset", lqp_dataset_wrap(zpf));
out:
    lq_echem_emf_analysis_free(a);
    for (size_t i = 0; recs && i < n; i++) lq_echem_record_free(recs[i]);
    PyMem_Free(recs);
    PyMem_Free(names);
    Py_XDECREF(Ta);
    Py_XDECREF(nt);
    Py_DECREF(pt);
    return ret;
}

/* ================================================================ SWV */

const char lqp_echem_swv_analyse_doc[] =
    "echem_swv_analyse(path, T_K, npeaks=0, segment=0, current_column=None, format=None,\n"
    "                  min_prominence_frac=0.05, smooth_window=0, max_iter=200) -> dict\n\n"
    "Every segment of a square-wave record deconvoluted into a linear baseline and Gaussian\n"
    "peaks with n = 3.52 R T / (F W1/2) (lq_echem_swv_analyse; Mg-La study 3.1.2). Per segment:\n"
    "status/message, peaks (E_V, E_se_V, height_A, w_half_V, n_electrons, n_electrons_se,\n"
    "peak_top_A arrays), base_a_A, base_b_A_per_V, rms_A, and E_V, I_A, model_A (the data and\n"
    "the fitted curve). Potentials against the file's reference, IUPAC current sign.";

PyObject *lqp_echem_swv_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path",
                             "T_K",
                             "npeaks",
                             "segment",
                             "current_column",
                             "format",
                             "min_prominence_frac",
                             "smooth_window",
                             "max_iter",
                             NULL};
    PyObject *path;
    const char *fmt = NULL;
    lq_echem_swv_analysis_options opt = lq_echem_swv_analysis_options_default();
    Py_ssize_t npk = 0, seg = 0, sw = (Py_ssize_t)opt.fit.smooth_window;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Od|nnzzdni", kwlist, &path, &opt.fit.T_K, &npk,
                                     &seg, &opt.current_column, &fmt, &opt.fit.min_prominence_frac,
                                     &sw, &opt.fit.max_iter))
        return NULL;
    if (npk < 0 || seg < 0 || sw < 0) {
        PyErr_SetString(PyExc_ValueError, "npeaks, segment and smooth_window must be >= 0");
        return NULL;
    }
    opt.fit.npeaks = (size_t)npk;
    opt.segment = (size_t)seg;
    opt.fit.smooth_window = (size_t)sw;
    lq_echem_record *r = read_record(path, fmt, "echem_swv_analyse");
    if (!r) return NULL;
    lq_echem_swv_analysis *a = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_echem_swv_analyse(r, &opt, &a, &d);
    Py_END_ALLOW_THREADS PyObject *segs = NULL;
    if (st != LQ_OK)
        lqp_raise(st, &d, "echem_swv_analyse");
    else
        segs = PyList_New(0);
    for (size_t i = 0; segs && i < a->nsegments; i++) {
        const lq_echem_swv_segment *s = &a->segments[i];
        PyObject *sd = Py_BuildValue("{snsNsnsn}", "segment", (Py_ssize_t)s->segment, "label",
                                     str_or_none(s->label), "start", (Py_ssize_t)s->start, "count",
                                     (Py_ssize_t)s->count);
        if (!sd || PyList_Append(segs, sd) < 0 || part_status(sd, s->status, &s->diag) < 0) {
            Py_XDECREF(sd);
            Py_CLEAR(segs);
            break;
        }
        Py_DECREF(sd);
        if (s->status != LQ_OK) continue;
        const lq_echem_swv_result *f = &s->fit;
        double v[6][LQ_ECHEM_MAX_PEAKS];
        for (size_t k = 0; k < f->npeaks; k++) {
            v[0][k] = f->peaks[k].E_V;
            v[1][k] = f->peaks[k].E_se_V;
            v[2][k] = f->peaks[k].height_A;
            v[3][k] = f->peaks[k].w_half_V;
            v[4][k] = f->peaks[k].n_electrons;
            v[5][k] = f->peaks[k].n_electrons_se;
        }
        size_t m = f->npeaks;
        PyObject *pk = Py_BuildValue(
            "{sNsNsNsNsNsNsN}", "E_V", lqp_vec(v[0], m), "E_se_V", lqp_vec(v[1], m), "height_A",
            lqp_vec(v[2], m), "w_half_V", lqp_vec(v[3], m), "n_electrons", lqp_vec(v[4], m),
            "n_electrons_se", lqp_vec(v[5], m), "peak_top_A", lqp_vec(s->peak_top_A, m));
        if (lqp_set(sd, "peaks", pk) < 0 ||
            lqp_set(sd, "base_a_A", PyFloat_FromDouble(f->base_a_A)) < 0 ||
            lqp_set(sd, "base_b_A_per_V", PyFloat_FromDouble(f->base_b_A_per_V)) < 0 ||
            lqp_set(sd, "rms_A", PyFloat_FromDouble(f->rms_A)) < 0 ||
            lqp_set(sd, "E_V", lqp_vec(s->E_V, s->count)) < 0 ||
            lqp_set(sd, "I_A", lqp_vec(s->I_A, s->count)) < 0 ||
            lqp_set(sd, "model_A", lqp_vec(s->model_A, s->count)) < 0)
            Py_CLEAR(segs);
    }
    PyObject *ret =
        segs ? Py_BuildValue("{sNsn}", "segments", segs, "n_analysed", (Py_ssize_t)a->n_analysed)
             : NULL;
    lq_echem_swv_analysis_free(a);
    lq_echem_record_free(r);
    return ret;
}

/* ================================================================ CA */

const char lqp_echem_ca_record_analyse_doc[] =
    "echem_ca_record_analyse(path, t0_s=nan, segment=0, n_electrons=0, area_m2=nan,\n"
    "                        conc_mol_per_m3=nan, max_t_over_tm=5.0, format=None) -> dict\n\n"
    "Every potential step of a chronoamperometry record (lq_echem_ca_record_analyse): nucleation\n"
    "maximum, Scharifker-Hills mode (Mg-La study Eqs. 3-4), Cottrell region and D (m^2/s, Eq. 5,\n"
    "with n_electrons, area_m2 and conc_mol_per_m3), t_rel_s and I_A arrays, the dimensionless\n"
    "t/t_m and (I/I_m)^2 points, and the model curves sh_t_over_tm, sh_instantaneous,\n"
    "sh_progressive. t0_s NaN: one sampling interval before each segment.";

PyObject *lqp_echem_ca_record_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path",          "t0_s",    "segment",
                             "n_electrons",   "area_m2", "conc_mol_per_m3",
                             "max_t_over_tm", "format",  NULL};
    PyObject *path;
    const char *fmt = NULL;
    lq_echem_ca_analysis_options opt = lq_echem_ca_analysis_options_default();
    Py_ssize_t seg = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|dnidddz", kwlist, &path, &opt.t0_s, &seg,
                                     &opt.ca.n_electrons, &opt.ca.area_m2, &opt.ca.conc_mol_per_m3,
                                     &opt.ca.max_t_over_tm, &fmt))
        return NULL;
    if (seg < 0) {
        PyErr_SetString(PyExc_ValueError, "segment must be >= 0");
        return NULL;
    }
    opt.segment = (size_t)seg;
    lq_echem_record *r = read_record(path, fmt, "echem_ca_record_analyse");
    if (!r) return NULL;
    lq_echem_ca_analysis *a = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_echem_ca_record_analyse(r, &opt, &a, &d);
    Py_END_ALLOW_THREADS PyObject *segs = NULL;
    if (st != LQ_OK)
        lqp_raise(st, &d, "echem_ca_record_analyse");
    else
        segs = PyList_New(0);
    static const char *const mode[3] = {"none", "instantaneous", "progressive"};
    for (size_t i = 0; segs && i < a->nsegments; i++) {
        const lq_echem_ca_segment *s = &a->segments[i];
        PyObject *sd = Py_BuildValue("{snsNsnsnsd}", "segment", (Py_ssize_t)s->segment, "label",
                                     str_or_none(s->label), "start", (Py_ssize_t)s->start, "count",
                                     (Py_ssize_t)s->count, "t0_s", s->t0_s);
        if (!sd || PyList_Append(segs, sd) < 0 || part_status(sd, s->status, &s->diag) < 0) {
            Py_XDECREF(sd);
            Py_CLEAR(segs);
            break;
        }
        Py_DECREF(sd);
        if (s->status != LQ_OK) continue;
        const lq_echem_ca_result *c = &s->res;
        size_t ncot = c->has_cottrell ? c->cot_end - c->cot_start : 0;
        PyObject *res = Py_BuildValue(
            "{sNsdsdsdsdsdsdsdsdsssNsnsnsdsdsdsdsdsdsd}", "has_peak", PyBool_FromLong(c->has_peak),
            "t_peak_s", c->t_peak_s, "I_peak_A", c->I_peak_A, "t_m_s", c->t_m_s, "t_m_se_s",
            c->t_m_se_s, "I_m_A", c->I_m_A, "I_m_se_A", c->I_m_se_A, "rms_inst", c->rms_inst,
            "rms_prog", c->rms_prog, "mode", mode[c->mode], "has_cottrell",
            PyBool_FromLong(c->has_cottrell), "cot_start", (Py_ssize_t)c->cot_start, "cot_end",
            (Py_ssize_t)c->cot_end, "cottrell_slope_A_s05", c->cottrell.b, "cottrell_r2",
            c->cottrell.r2, "noise_A", c->noise_A, "D_m2_per_s", c->D_m2_per_s, "D_se", c->D_se,
            "t_ind_s", c->t_ind_s, "t_ind_se_s", c->t_ind_se_s);
        if (lqp_set(sd, "result", res) < 0 ||
            lqp_set(sd, "cot_t_start_s", PyFloat_FromDouble(s->cot_t_start_s)) < 0 ||
            lqp_set(sd, "cot_t_end_s", PyFloat_FromDouble(s->cot_t_end_s)) < 0 ||
            lqp_set(sd, "t_rel_s", lqp_vec(s->t_rel_s, s->count)) < 0 ||
            lqp_set(sd, "I_A", lqp_vec(s->I_A, s->count)) < 0 ||
            lqp_set(sd, "cottrell_I_A", lqp_vec(s->cottrell_I_A, s->cottrell_I_A ? ncot : 0)) < 0 ||
            lqp_set(sd, "t_over_tm", lqp_vec(s->t_over_tm, s->n_dimless)) < 0 ||
            lqp_set(sd, "i2_over_im2", lqp_vec(s->i2_over_im2, s->n_dimless)) < 0)
            Py_CLEAR(segs);
    }
    PyObject *ret =
        segs ? Py_BuildValue("{sNsnsNsNsN}", "segments", segs, "n_analysed",
                             (Py_ssize_t)a->n_analysed, "sh_t_over_tm",
                             lqp_vec(a->sh_t_over_tm, LQ_ECHEM_SH_CURVE_N), "sh_instantaneous",
                             lqp_vec(a->sh_instantaneous, LQ_ECHEM_SH_CURVE_N), "sh_progressive",
                             lqp_vec(a->sh_progressive, LQ_ECHEM_SH_CURVE_N))
             : NULL;
    lq_echem_ca_analysis_free(a);
    lq_echem_record_free(r);
    return ret;
}

/* ================================================================ OCP */

const char lqp_echem_ocp_analyse_doc[] =
    "echem_ocp_analyse(path, t_from_s=0.0, segment=0, smooth_window=0, slope_frac=0.2,\n"
    "                  min_duration_frac=0.02, merge_V=0.005, format=None) -> dict\n\n"
    "Potential plateaus (two-phase coexistences, Mg-La study Fig. 5) of every segment of an\n"
    "open-circuit record (lq_echem_ocp_analyse). Per segment: status/message and numpy arrays\n"
    "t_start_s, t_end_s, duration_s, E_V, E_std_V (V vs the file's reference), i_start, i_end.";

PyObject *lqp_echem_ocp_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path",          "t_from_s",   "segment",
                             "smooth_window", "slope_frac", "min_duration_frac",
                             "merge_V",       "format",     NULL};
    PyObject *path;
    const char *fmt = NULL;
    lq_echem_ocp_analysis_options opt = lq_echem_ocp_analysis_options_default();
    Py_ssize_t seg = 0, sw = (Py_ssize_t)opt.ocp.smooth_window;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|dnndddz", kwlist, &path, &opt.ocp.t_from_s, &seg,
                                     &sw, &opt.ocp.slope_frac, &opt.ocp.min_duration_frac,
                                     &opt.ocp.merge_V, &fmt))
        return NULL;
    if (seg < 0 || sw < 0) {
        PyErr_SetString(PyExc_ValueError, "segment and smooth_window must be >= 0");
        return NULL;
    }
    opt.segment = (size_t)seg;
    opt.ocp.smooth_window = (size_t)sw;
    lq_echem_record *r = read_record(path, fmt, "echem_ocp_analyse");
    if (!r) return NULL;
    lq_echem_ocp_analysis *a = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_echem_ocp_analyse(r, &opt, &a, &d);
    Py_END_ALLOW_THREADS PyObject *segs = NULL;
    if (st != LQ_OK)
        lqp_raise(st, &d, "echem_ocp_analyse");
    else
        segs = PyList_New(0);
    for (size_t i = 0; segs && i < a->nsegments; i++) {
        const lq_echem_ocp_segment *s = &a->segments[i];
        PyObject *sd = Py_BuildValue("{snsN}", "segment", (Py_ssize_t)s->segment, "label",
                                     str_or_none(s->label));
        if (!sd || PyList_Append(segs, sd) < 0 || part_status(sd, s->status, &s->diag) < 0) {
            Py_XDECREF(sd);
            Py_CLEAR(segs);
            break;
        }
        Py_DECREF(sd);
        size_t np = s->status == LQ_OK ? s->nplateaus : 0;
        npy_intp dim = (npy_intp)np;
        PyObject *arr[7];
        int bad = 0;
        for (int k = 0; k < 7; k++) {
            arr[k] = PyArray_SimpleNew(1, &dim, k < 5 ? NPY_DOUBLE : NPY_INTP);
            bad |= !arr[k];
        }
        for (size_t j = 0; !bad && j < np; j++) {
            const lq_echem_plateau *p = &s->plateaus[j];
            const double v[5] = {p->t_start_s, p->t_end_s, p->duration_s, p->E_V, p->E_std_V};
            for (int k = 0; k < 5; k++) ((double *)PyArray_DATA((PyArrayObject *)arr[k]))[j] = v[k];
            ((npy_intp *)PyArray_DATA((PyArrayObject *)arr[5]))[j] = (npy_intp)p->i_start;
            ((npy_intp *)PyArray_DATA((PyArrayObject *)arr[6]))[j] = (npy_intp)p->i_end;
        }
        static const char *const names[7] = {"t_start_s", "t_end_s", "duration_s", "E_V",
                                             "E_std_V",   "i_start", "i_end"};
        for (int k = 0; k < 7; k++) {
            if (bad) {
                Py_XDECREF(arr[k]);
                continue;
            }
            if (lqp_set(sd, names[k], arr[k]) < 0) bad = 1;
        }
        if (bad) Py_CLEAR(segs);
    }
    PyObject *ret =
        segs ? Py_BuildValue("{sNsn}", "segments", segs, "n_analysed", (Py_ssize_t)a->n_analysed)
             : NULL;
    lq_echem_ocp_analysis_free(a);
    lq_echem_record_free(r);
    return ret;
}

/* ================================================================ CV */

static PyObject *sweep_dict(const lq_echem_cv_sweep_entry *e) {
    PyObject *sd = Py_BuildValue("{snsnsn}", "start", (Py_ssize_t)e->start, "end",
                                 (Py_ssize_t)e->end, "cycle", (Py_ssize_t)e->cycle);
    if (!sd || part_status(sd, e->status, &e->diag) < 0) {
        Py_XDECREF(sd);
        return NULL;
    }
    if (e->status != LQ_OK) return sd;
    const lq_echem_sweep_result *r = &e->res;
    size_t m = r->npeaks;
    double v[7][LQ_ECHEM_MAX_PEAKS];
    int cath[LQ_ECHEM_MAX_PEAKS];
    for (size_t k = 0; k < m; k++) {
        v[0][k] = r->peaks[k].E_V;
        v[1][k] = r->peaks[k].I_A;
        v[2][k] = r->peaks[k].base_I_A;
        v[3][k] = r->peaks[k].Ip_A;
        v[4][k] = r->peaks[k].prominence_A;
        v[5][k] = r->peaks[k].base_ext_I_A;
        v[6][k] = r->peaks[k].Ip_ext_A;
        cath[k] = r->peaks[k].cathodic;
    }
    npy_intp dm = (npy_intp)m;
    PyObject *ca = PyArray_SimpleNew(1, &dm, NPY_BOOL);
    if (!ca) {
        Py_DECREF(sd);
        return NULL;
    }
    for (size_t k = 0; k < m; k++)
        ((npy_bool *)PyArray_DATA((PyArrayObject *)ca))[k] = cath[k] != 0;
    PyObject *kinds = PyList_New((Py_ssize_t)m);
    for (size_t k = 0; kinds && k < m; k++) {
        PyObject *ks = PyUnicode_FromString(lq_echem_baseline_kind_name(r->peaks[k].base_kind));
        if (!ks)
            Py_CLEAR(kinds);
        else
            PyList_SET_ITEM(kinds, (Py_ssize_t)k, ks);
    }
    if (!kinds) {
        Py_DECREF(ca);
        Py_DECREF(sd);
        return NULL;
    }
    PyObject *pk = Py_BuildValue(
        "{sNsNsNsNsNsNsNsNsN}", "E_V", lqp_vec(v[0], m), "I_A", lqp_vec(v[1], m), "base_I_A",
        lqp_vec(v[2], m), "Ip_A", lqp_vec(v[3], m), "prominence_A", lqp_vec(v[4], m), "cathodic",
        ca, "base_ext_I_A", lqp_vec(v[5], m), "Ip_ext_A", lqp_vec(v[6], m), "base_kind", kinds);
    PyObject *dc = Py_NewRef(Py_None);
    if (e->deconv_status == LQ_OK && e->deconv.ncomp) {
        Py_DECREF(dc);
        dc = PyList_New(0);
        for (size_t k = 0; dc && k < e->deconv.ncomp; k++) {
            const lq_echem_cv_component *c = &e->deconv.comp[k];
            PyObject *cd = Py_BuildValue("{sdsdsdsdsdsdsdss}", "E_half_V", c->E_half_V,
                                         "E_half_se_V", c->E_half_se_V, "Ep_V", c->Ep_V, "Ip_A",
                                         c->Ip_A, "Ip_se_A", c->Ip_se_A, "n", c->n_apparent, "n_se",
                                         c->n_se, "quality", c->quality.reason);
            if (!cd || PyList_Append(dc, cd) < 0) Py_CLEAR(dc);
            Py_XDECREF(cd);
        }
    }
    if (lqp_set(sd, "deconv", dc) < 0 || lqp_set(sd, "peaks", pk) < 0 ||
        lqp_set(sd, "direction", PyLong_FromLong(r->direction)) < 0 ||
        lqp_set(sd, "scan_rate_V_per_s", PyFloat_FromDouble(r->scan_rate_V_per_s)) < 0 ||
        lqp_set(sd, "base_a_A", PyFloat_FromDouble(r->base_a_A)) < 0 ||
        lqp_set(sd, "base_b_A_per_V", PyFloat_FromDouble(r->base_b_A_per_V)) < 0 ||
        lqp_set(sd, "onset_E_V", PyFloat_FromDouble(r->onset_E_V)) < 0 ||
        lqp_set(sd, "onset_I_A", PyFloat_FromDouble(r->onset_I_A)) < 0)
        Py_CLEAR(sd);
    return sd;
}

/* The entry at *i of a library report (an OBJECT or LIST with everything up to its END) as
 * Python objects, moving *i past it; NUMBER fields' units collected in `units` by name. */
static PyObject *report_obj(const lq_echem_report *r, size_t *i, PyObject *units) {
    const lq_echem_field *e = &r->fields[(*i)++];
    switch (e->kind) {
        case LQ_ECHEM_FIELD_NUMBER:
            if (e->name && e->unit[0] && lqp_set(units, e->name, PyUnicode_FromString(e->unit)) < 0)
                return NULL;
            return PyFloat_FromDouble(e->value);
        case LQ_ECHEM_FIELD_COUNT:
            return PyLong_FromSize_t((size_t)e->value);
        case LQ_ECHEM_FIELD_TEXT:
            return PyUnicode_FromString(e->text);
        case LQ_ECHEM_FIELD_QUALITY: {
            if (!e->flags) return Py_NewRef(Py_None);
            PyObject *fl = PyList_New(0);
            for (unsigned b = 0; fl && b < 32; b++) {
                const char *name = lq_echem_quality_flag_name(1u << b);
                PyObject *o = (e->flags & (1u << b)) && name ? PyUnicode_FromString(name) : NULL;
                if (o && PyList_Append(fl, o) < 0) Py_CLEAR(fl);
                Py_XDECREF(o);
            }
            return fl ? Py_BuildValue("{sNss}", "flags", fl, "reason", e->text) : NULL;
        }
        case LQ_ECHEM_FIELD_OBJECT:
        case LQ_ECHEM_FIELD_LIST:
            break;
        case LQ_ECHEM_FIELD_END:
            return Py_NewRef(Py_None);
    }
    int obj = e->kind == LQ_ECHEM_FIELD_OBJECT;
    PyObject *c = obj ? PyDict_New() : PyList_New(0);
    while (*i < r->nfields && r->fields[*i].kind != LQ_ECHEM_FIELD_END) {
        const char *name = r->fields[*i].name;
        PyObject *v = c ? report_obj(r, i, units) : NULL;
        if (!v) {
            Py_XDECREF(c);
            return NULL;
        }
        if (obj ? lqp_set(c, name ? name : "", v) < 0 : PyList_Append(c, v) < 0) Py_CLEAR(c);
        if (!obj) Py_DECREF(v);
    }
    (*i)++; /* the END */
    return c;
}

/* {"fields": the report as dicts and lists, "units": unit of each number by name, "text"}. */
static PyObject *report_dict(const lq_echem_report *r) {
    PyObject *units = PyDict_New();
    size_t i = 0;
    PyObject *f = units && r->nfields ? report_obj(r, &i, units) : NULL;
    if (!f) {
        Py_XDECREF(units);
        return NULL;
    }
    return Py_BuildValue("{sNsNss}", "fields", f, "units", units, "text", r->text);
}

const char lqp_echem_cv_analyse_doc[] =
    "echem_cv_analyse(paths, names=None, format=None, hysteresis_V=0.0, max_sweeps=4096,\n"
    "                 smooth_window=0, smooth_order=2, baseline_frac=0.1,\n"
    "                 min_prominence_frac=0.05, cathodic_positive=False, diffusion=False,\n"
    "                 model='berzins-delahay', n_electrons=0, area_m2=nan, conc_mol_per_m3=nan,\n"
    "                 T_K=nan, D_m2_per_s=0.0, alpha=0.5, rev_tol=0.1, semi=False,\n"
    "                 deconv=False, deconv_npeaks=0, report=False) -> dict\n\n"
    "Cyclic voltammograms (lq_echem_cv_analyse, as `liquidus cv`): each file split into sweeps\n"
    "at its vertices; per sweep status, direction, scan rate (V/s), peaks (E_V, Ip_A above the\n"
    "local baseline, IUPAC sign: cathodic negative), onset potential; per cycle the crossover\n"
    "potentials; the largest cathodic peak of the first cycle. With diffusion=True (and\n"
    "n_electrons, area_m2, conc_mol_per_m3, T_K) D (m^2/s) across the files by Berzins-Delahay\n"
    "(metal deposition), Randles-Sevcik ('randles-sevcik') or the irreversible form\n"
    "('irreversible', alpha n_alpha = alpha), with its quality flags. Return peaks carry\n"
    "Nicholson's baseline (peaks base_kind); cycles dEp against 2.218 RT/nF (with n_electrons,\n"
    "T_K), psi and k0 (with D_m2_per_s), |Ipr/Ipf|; semi=True: the semi-integral analysis of each\n"
    "file's first sweep (D, E1/2, n); deconv=True (with T_K): each sweep's reversible waves\n"
    "(sweep 'deconv': E_half_V, Ep_V, Ip_A, n with standard errors). report=True adds 'report'\n"
    "(lq_echem_cv_report): 'fields', the result as `liquidus cv` writes its JSON (figures\n"
    "aside), 'units' of each number by name, 'text' the command's text summary.";

PyObject *lqp_echem_cv_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"paths",
                             "names",
                             "format",
                             "hysteresis_V",
                             "max_sweeps",
                             "smooth_window",
                             "smooth_order",
                             "baseline_frac",
                             "min_prominence_frac",
                             "cathodic_positive",
                             "diffusion",
                             "model",
                             "n_electrons",
                             "area_m2",
                             "conc_mol_per_m3",
                             "T_K",
                             "D_m2_per_s",
                             "alpha",
                             "rev_tol",
                             "semi",
                             "deconv",
                             "deconv_npeaks",
                             "report",
                             NULL};
    PyObject *paths, *nameso = Py_None;
    const char *fmt = NULL, *model = "berzins-delahay";
    lq_echem_cv_analysis_options opt = lq_echem_cv_analysis_options_default();
    Py_ssize_t maxsw = (Py_ssize_t)opt.max_sweeps, sw = (Py_ssize_t)opt.sweep.smooth_window;
    Py_ssize_t dnp = 0;
    int want_report = 0;
    if (!PyArg_ParseTupleAndKeywords(
            args, kw,
            "O|Ozdnnidd"
            "ppsiddddddppnp",
            kwlist, &paths, &nameso, &fmt, &opt.hysteresis_V, &maxsw, &sw, &opt.sweep.smooth_order,
            &opt.sweep.baseline_frac, &opt.sweep.min_prominence_frac, &opt.sweep.cathodic_positive,
            &opt.diffusion, &model, &opt.n_electrons, &opt.area_m2, &opt.conc_mol_per_m3, &opt.T_K,
            &opt.D_m2_per_s, &opt.alpha, &opt.rev_tol, &opt.semi, &opt.deconv, &dnp, &want_report))
        return NULL;
    if (dnp < 0) {
        PyErr_SetString(PyExc_ValueError, "deconv_npeaks >= 0");
        return NULL;
    }
    opt.deconv_npeaks = (size_t)dnp;
    if (maxsw < 1 || sw < 0) {
        PyErr_SetString(PyExc_ValueError, "max_sweeps >= 1 and smooth_window >= 0");
        return NULL;
    }
    opt.max_sweeps = (size_t)maxsw;
    opt.sweep.smooth_window = (size_t)sw;
    if (strcmp(model, "randles-sevcik") == 0)
        opt.model = LQ_ECHEM_RANDLES_SEVCIK;
    else if (strcmp(model, "berzins-delahay") == 0)
        opt.model = LQ_ECHEM_BERZINS_DELAHAY;
    else if (strcmp(model, "irreversible") == 0)
        opt.model = LQ_ECHEM_IRREVERSIBLE;
    else {
        PyErr_SetString(PyExc_ValueError,
                        "model: 'berzins-delahay', 'randles-sevcik' or 'irreversible'");
        return NULL;
    }
    /* T_K defaults to NaN here (no temperature); the library takes 0 as "not given". */
    if (isnan(opt.T_K) && !opt.diffusion) opt.T_K = 0.0;
    if (isnan(opt.area_m2) && !opt.diffusion) opt.area_m2 = 0.0;
    if (isnan(opt.conc_mol_per_m3) && !opt.diffusion) opt.conc_mol_per_m3 = 0.0;
    PyObject *pt = PyUnicode_Check(paths) ? PyTuple_Pack(1, paths) : PySequence_Tuple(paths);
    if (!pt) return NULL;
    PyObject *nt = nameso == Py_None ? NULL : PySequence_Tuple(nameso);
    size_t n = (size_t)PyTuple_GET_SIZE(pt);
    lq_echem_record **recs = PyMem_Calloc(n + 1, sizeof *recs);
    const char **names = PyMem_Calloc(n + 1, sizeof *names);
    PyObject *ret = NULL, *files = NULL;
    lq_echem_cv_analysis *a = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    if ((nameso != Py_None && !nt) || !recs || !names) goto out;
    if (nt && (size_t)PyTuple_GET_SIZE(nt) != n) {
        PyErr_SetString(PyExc_ValueError, "echem_cv_analyse: one name per file expected");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (nt && !(names[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(nt, i)))) goto out;
        if (!(recs[i] = read_record(PyTuple_GET_ITEM(pt, i), fmt, "echem_cv_analyse"))) goto out;
    }
    Py_BEGIN_ALLOW_THREADS st = lq_echem_cv_analyse((const lq_echem_record *const *)recs,
                                                    nt ? names : NULL, n, &opt, &a, &d);
    Py_END_ALLOW_THREADS if (st != LQ_OK) {
        lqp_raise(st, &d, "echem_cv_analyse");
        goto out;
    }
    files = PyList_New(0);
    for (size_t i = 0; files && i < a->nfiles; i++) {
        const lq_echem_cv_file *f = &a->files[i];
        PyObject *sweeps = PyList_New(0), *cycles = PyList_New(0);
        for (size_t k = 0; sweeps && k < f->nsweeps; k++) {
            PyObject *sd = sweep_dict(&f->sweeps[k]);
            if (!sd || PyList_Append(sweeps, sd) < 0) Py_CLEAR(sweeps);
            Py_XDECREF(sd);
        }
        for (size_t k = 0; cycles && k < f->ncycles; k++) {
            const lq_echem_cv_cycle *c = &f->cycles[k];
            size_t nx = c->ncross < LQ_ECHEM_CV_MAX_CROSS ? c->ncross : LQ_ECHEM_CV_MAX_CROSS;
            PyObject *cd = Py_BuildValue(
                "{snsNsnsdszsdsdsdsdssss}", "cycle", (Py_ssize_t)c->cycle, "E_cross_V",
                lqp_vec(c->E_cross_V, nx), "n_cross", (Py_ssize_t)c->ncross, "dEp_V", c->dEp_V,
                "loop_note", c->loop_note, "dEp_rev_V", c->dEp_rev_V, "psi", c->psi, "k0_m_per_s",
                c->k0_m_per_s, "ip_ratio", c->ip_ratio, "quality", c->quality.reason,
                "ratio_quality", c->ratio_quality.reason);
            if (!cd || PyList_Append(cycles, cd) < 0) Py_CLEAR(cycles);
            Py_XDECREF(cd);
        }
        PyObject *semi =
            f->has_semi ? Py_BuildValue("{sdsdsdsdsdss}", "m_lim_A_s05", f->semi.m_lim_A_s05,
                                        "D_m2_per_s", f->semi.D_m2_per_s, "E_half_V",
                                        f->semi.E_half_V, "slope_V", f->semi.slope_V, "n_apparent",
                                        f->semi.n_apparent, "quality", f->semi.quality.reason)
                        : Py_NewRef(Py_None);
        PyObject *fd =
            sweeps && cycles && semi
                ? Py_BuildValue("{sNsOsOsdsdsO}", "name", str_or_none(f->name), "sweeps", sweeps,
                                "cycles", cycles, "scan_rate_V_per_s", f->scan_rate_V_per_s,
                                "largest_cathodic_Ip_A", f->largest_cathodic_Ip_A, "semi", semi)
                : NULL;
        Py_XDECREF(semi);
        Py_XDECREF(sweeps);
        Py_XDECREF(cycles);
        if (!fd || PyList_Append(files, fd) < 0) Py_CLEAR(files);
        Py_XDECREF(fd);
    }
    if (!files) goto out;
    PyObject *dif = Py_NewRef(Py_None);
    if (a->has_diffusion) {
        Py_DECREF(dif);
        const lq_echem_scanrate_fit *s = &a->diffusion;
        dif = Py_BuildValue("{sdsdsdsdsNsNsNsNsNss}", "slope_A", s->slope_A, "slope_se_A",
                            s->slope_se_A, "D_m2_per_s", s->D_m2_per_s, "D_se", s->D_se, "lin",
                            linfit_dict(&s->lin), "log", linfit_dict(&s->log), "v_V_per_s",
                            lqp_vec(a->v_V_per_s, a->npoints), "Ip_A", lqp_vec(a->Ip_A, a->npoints),
                            "sqrt_v", lqp_vec(a->sqrt_v, a->npoints), "quality", s->quality.reason);
    }
    ret = Py_BuildValue("{sNsN}", "files", files, "diffusion", dif);
    files = NULL;
    if (ret && want_report) {
        lq_echem_report *rep = NULL;
        st = lq_echem_cv_report(a, (const lq_echem_record *const *)recs, &opt, &rep, &d);
        PyObject *rd = st == LQ_OK ? report_dict(rep) : NULL;
        if (st != LQ_OK) lqp_raise(st, &d, "echem_cv_analyse");
        lq_echem_report_free(rep);
        if (!rd || lqp_set(ret, "report", rd) < 0) Py_CLEAR(ret);
    }
out:
    Py_XDECREF(files);
    lq_echem_cv_analysis_free(a);
    for (size_t i = 0; recs && i < n; i++) lq_echem_record_free(recs[i]);
    PyMem_Free(recs);
    PyMem_Free(names);
    Py_XDECREF(nt);
    Py_DECREF(pt);
    return ret;
}
