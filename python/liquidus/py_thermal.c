/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Python bindings of the thermal module: DSC files read and analysed (as `liquidus dsc`). */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

static PyObject *peak_dict(const lq_dsc_peak *p) {
    return Py_BuildValue("{s:i,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d,s:d}", "endothermic", p->endothermic,
                         "T_onset_K", p->T_onset_K, "T_onset_u_K", p->T_onset_u_K, "T_peak_K",
                         p->T_peak_K, "T_endset_K", p->T_endset_K, "T_start_K", p->T_start_K,
                         "T_end_K", p->T_end_K, "height", p->height, "dH_J_per_kg",
                         p->area_J_per_kg, "dH_J_per_mol", p->area_J_per_mol);
}

static PyObject *result_dict(const lq_thermal_trace *tr, const lq_dsc_result *r) {
    PyObject *peaks = PyList_New(0), *segs = PyList_New(0);
    for (size_t k = 0; peaks && k < r->n_peaks; k++) {
        PyObject *d = peak_dict(&r->peaks[k]);
        if (!d || PyList_Append(peaks, d) < 0) Py_CLEAR(peaks);
        Py_XDECREF(d);
    }
    for (size_t s = 0; segs && s < tr->n_segments; s++) {
        const lq_thermal_segment *g = &tr->segments[s];
        PyObject *d =
            Py_BuildValue("{s:s,s:n,s:n,s:d,s:O}", "kind", lq_thermal_segment_kind_name(g->kind),
                          "start", (Py_ssize_t)g->start, "n", (Py_ssize_t)g->n, "rate_K_per_s",
                          g->rate_K_per_s, "from_file", g->from_file ? Py_True : Py_False);
        if (!d || PyList_Append(segs, d) < 0) Py_CLEAR(segs);
        Py_XDECREF(d);
    }
    PyObject *T = lqp_vec(r->T_K, r->n), *sig = lqp_vec(r->signal, r->n),
             *base = lqp_vec(r->baseline, r->n);
    PyObject *ret = NULL;
    if (peaks && segs && T && sig && base)
        ret = Py_BuildValue("{s:s,s:s,s:s,s:d,s:i,s:O,s:n,s:d,s:s,s:O,s:O,s:O,s:O}", "format",
                            lq_thermal_format_name(tr->format), "instrument", tr->instrument,
                            "sample", tr->sample, "mass_kg", tr->mass_kg, "exo_sign", tr->exo_sign,
                            "segments", segs, "segment", (Py_ssize_t)r->segment, "rate_K_per_s",
                            r->rate_K_per_s, "signal_unit", r->signal_unit, "T_K", T, "signal", sig,
                            "baseline", base, "peaks", peaks);
    Py_XDECREF(peaks);
    Py_XDECREF(segs);
    Py_XDECREF(T);
    Py_XDECREF(sig);
    Py_XDECREF(base);
    return ret;
}

const char lqp_thermal_dsc_analyse_doc[] =
    "thermal_dsc_analyse(path, format=None, exo=0, mass_kg=nan, segment=-1, baseline='linear',\n"
    "                    smooth_K=1.0, threshold_sigma=8.0, molar_mass_kg_per_mol=nan) -> dict\n\n"
    "Reads a calorimeter export (lq_thermal_read_file) and analyses one segment (lq_dsc_analyse,\n"
    "as `liquidus dsc`): format, instrument, sample, mass_kg, exo_sign, segments, the analysed\n"
    "segment's T_K, signal (endothermic positive) and baseline arrays, and the peaks "
    "(extrapolated\n"
    "onset with its uncertainty, peak and end temperatures, dH in J/kg and J/mol).";

PyObject *lqp_thermal_dsc_analyse(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path",     "format",          "exo",
                             "mass_kg",  "segment",         "baseline",
                             "smooth_K", "threshold_sigma", "molar_mass_kg_per_mol",
                             NULL};
    const char *path, *fmt = NULL, *bl = "linear";
    lq_thermal_read_options ro;
    lq_thermal_read_options_default(&ro);
    lq_dsc_options o;
    lq_dsc_options_default(&o);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s|zidlsddd", kwlist, &path, &fmt, &ro.exo_sign,
                                     &ro.mass_kg, &o.segment, &bl, &o.smooth_K, &o.threshold_sigma,
                                     &o.molar_mass_kg_per_mol))
        return NULL;
    if (fmt && lq_thermal_format_from_name(fmt, &ro.format) != LQ_OK) {
        PyErr_SetString(PyExc_ValueError,
                        "format: netzsch, ta, mettler, setaram, perkinelmer, "
                        "linseis or csv");
        return NULL;
    }
    if (strcmp(bl, "sigmoidal") == 0) {
        o.baseline = LQ_DSC_BASELINE_SIGMOIDAL;
    } else if (strcmp(bl, "linear") != 0) {
        PyErr_SetString(PyExc_ValueError, "baseline: 'linear' or 'sigmoidal'");
        return NULL;
    }
    lq_thermal_trace *tr = NULL;
    lq_dsc_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    Py_BEGIN_ALLOW_THREADS st = lq_thermal_read_file(path, &ro, &tr, &d);
    if (st == LQ_OK) st = lq_dsc_analyse(tr, &o, &r, &d);
    Py_END_ALLOW_THREADS PyObject *ret =
        st == LQ_OK ? result_dict(tr, r) : lqp_raise(st, &d, "thermal_dsc_analyse");
    lq_dsc_result_free(r);
    lq_thermal_trace_free(tr);
    return ret;
}
