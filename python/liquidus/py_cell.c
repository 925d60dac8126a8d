/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Python bindings of the cell potentials (src/thermo/cell): forward from a database or compound
 * Gibbs energies, and Gibbs energies of formation from plateaus. */
#define NO_IMPORT_ARRAY
#include <math.h>
#include <string.h>

#include "pyliquidus.h"

/* The result as a dict of plain values: fields, deposits, E(x) points and the conventions. */
static PyObject *result_dict(const lq_cell_result *r) {
    PyObject *fields = PyList_New(0), *deps = PyList_New(0), *pts = PyList_New(0);
    for (size_t i = 0; fields && i < r->n_fields; i++) {
        const lq_cell_field *f = &r->fields[i];
        PyObject *o =
            Py_BuildValue("{s:N,s:d,s:d,s:d,s:d,s:d,s:d}", "phases",
                          f->n_phases == 2 ? Py_BuildValue("(ss)", f->phase[0], f->phase[1])
                                           : Py_BuildValue("(s)", f->phase[0]),
                          "x_lo", f->x_lo, "x_hi", f->x_hi, "dmu_J_per_mol", f->dmu_J_per_mol,
                          "E_V", f->E_V, "E_ref_V", f->E_ref_V, "E_scale_V", f->E_scale_V);
        if (!o || PyList_Append(fields, o) < 0) Py_CLEAR(fields);
        Py_XDECREF(o);
    }
    for (size_t i = 0; deps && i < r->n_deposits; i++) {
        const lq_cell_deposit *d = &r->deposits[i];
        PyObject *o = Py_BuildValue(
            "{s:s,s:d,s:d,s:d,s:d,s:d,s:d}", "phase", d->phase, "x", d->x, "g_J_per_mol_atom",
            d->g_J_per_mol_atom, "above_hull_J_per_mol_atom", d->above_hull_J_per_mol_atom, "E_V",
            d->E_V, "E_ref_V", d->E_ref_V, "E_scale_V", d->E_scale_V);
        if (!o || PyList_Append(deps, o) < 0) Py_CLEAR(deps);
        Py_XDECREF(o);
    }
    for (size_t i = 0; pts && i < r->n_points; i++) {
        const lq_cell_point *p = &r->points[i];
        PyObject *o = Py_BuildValue("(ddd)", p->x, p->E_V, p->dmu_J_per_mol);
        if (!o || PyList_Append(pts, o) < 0) Py_CLEAR(pts);
        Py_XDECREF(o);
    }
    if (!fields || !deps || !pts) {
        Py_XDECREF(fields);
        Py_XDECREF(deps);
        Py_XDECREF(pts);
        return NULL;
    }
    return Py_BuildValue("{s:s,s:s,s:i,s:d,s:s,s:O,s:s,s:s,s:d,s:d,s:d,s:N,s:N,s:N,s:s}", "metal",
                         r->metal, "host", r->host, "n_electrons", r->n_electrons, "T_K", r->T_K,
                         "metal_phase", r->metal_phase, "zero_K", r->zero_K ? Py_True : Py_False,
                         "ref", r->ref_name, "ref_scale", r->ref_scale, "phi_ref_V", r->phi_ref_V,
                         "E_metal_V", r->E_metal_V, "E_host_V", r->E_host_V, "fields", fields,
                         "deposits", deps, "points", pts, "sign",
                         "E = phi(alloy) - phi(reference); E vs M^n+/M = -(mu_M - mu°_M)/(n F)");
}

/* Compounds from a sequence of (name, x, g_J_per_mol_atom). */
static int compounds_from(PyObject *seq, lq_cell_compound **out, size_t *n) {
    PyObject *fast = PySequence_Fast(seq, "compounds: a sequence of (name, x, g) tuples");
    if (!fast) return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(fast);
    lq_cell_compound *c = PyMem_Calloc((size_t)(m ? m : 1), sizeof *c);
    for (Py_ssize_t i = 0; c && i < m; i++) {
        const char *name;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "sdd", &name, &c[i].x,
                              &c[i].g_J_per_mol_atom)) {
            PyMem_Free(c);
            Py_DECREF(fast);
            return -1;
        }
        snprintf(c[i].name, sizeof c[i].name, "%s", name);
    }
    Py_DECREF(fast);
    if (!c) return PyErr_NoMemory(), -1;
    *out = c;
    *n = (size_t)m;
    return 0;
}

const char lqp_cell_doc[] =
    "cell(metal, host, n, T, db=None, compounds=None, metal_phase=None, ref=None,\n"
    "     E_metal=nan, E_host=nan, dx=0.005) -> dict\n\n"
    "Cell potentials of an M-host electrode alloy at T (K) (lq_cell_from_db or\n"
    "lq_cell_from_compounds): 'fields' (phases, x range, plateau E vs M^n+/M, vs `ref` and its\n"
    "scale), 'deposits' (deposition potential of each compound on the host = UPD shift),\n"
    "'points' (x, E, dmu) of E(x) from a database. compounds: (name, x_M, g J/mol of atoms).";

PyObject *lqp_cell(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"metal",       "host", "n",       "T",      "db", "compounds",
                             "metal_phase", "ref",  "E_metal", "E_host", "dx", NULL};
    const char *metal, *host, *mphase = NULL, *refs = NULL;
    int n;
    double T, Em = NAN, Eh = NAN, dx = 0.005;
    PyObject *dbo = Py_None, *comp = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "ssid|OOzzddd", kwlist, &metal, &host, &n, &T, &dbo,
                                     &comp, &mphase, &refs, &Em, &Eh, &dx))
        return NULL;
    if ((dbo == Py_None) == (comp == Py_None))
        return PyErr_Format(PyExc_ValueError, "cell: give exactly one of db and compounds");
    lq_diag d;
    lq_diag_clear(&d);
    lq_echem_ref ref;
    if (refs && lq_echem_ref_parse(refs, &ref, &d) != LQ_OK)
        return lqp_raise(LQ_EINVAL, &d, "cell");
    lq_cell_options o;
    lq_cell_options_default(&o);
    o.metal = metal;
    o.host = host;
    o.n_electrons = n;
    o.T_K = T;
    o.metal_phase = mphase;
    o.ref = refs ? &ref : NULL;
    o.E_metal_V = Em;
    o.E_host_V = Eh;
    o.dx = dx;
    lq_cell_result *r = NULL;
    lq_status st;
    if (comp != Py_None) {
        lq_cell_compound *c = NULL;
        size_t nc = 0;
        if (compounds_from(comp, &c, &nc) < 0) return NULL;
        st = lq_cell_from_compounds(c, nc, &o, &r, &d);
        PyMem_Free(c);
    } else {
        lqp_database *db = lqp_database_get(dbo);
        if (!db) return NULL;
        lqp_database_lock(db);
        Py_BEGIN_ALLOW_THREADS st = lq_cell_from_db(db->db, &o, &r, &d);
        Py_END_ALLOW_THREADS lqp_database_unlock(db);
        Py_DECREF(db);
    }
    if (st != LQ_OK) return lqp_raise(st, &d, "cell");
    PyObject *out = result_dict(r);
    lq_cell_result_free(r);
    return out;
}

static PyObject *inverse_dict(const lq_cell_inverse *inv) {
    PyObject *pl = PyList_New(0), *cs = PyList_New(0);
    for (size_t i = 0; pl && i < inv->n_plateaus; i++) {
        const lq_cell_inverse_plateau *q = &inv->plateaus[i];
        PyObject *o =
            Py_BuildValue("{s:(ss),s:(dd),s:d,s:d,s:d,s:d,s:d,s:d}", "phases", q->phase[0],
                          q->phase[1], "x", q->x[0], q->x[1], "E_V", q->E_V, "E_vs_metal_V",
                          q->E_vs_metal_V, "dmu_J_per_mol", q->dmu_J_per_mol, "dmu_sd_J_per_mol",
                          q->dmu_sd_J_per_mol, "ln_a", q->ln_a, "ln_a_sd", q->ln_a_sd);
        if (!o || PyList_Append(pl, o) < 0) Py_CLEAR(pl);
        Py_XDECREF(o);
    }
    for (size_t i = 0; cs && i < inv->n_compounds; i++) {
        const lq_cell_compound *c = &inv->compounds[i];
        PyObject *o =
            Py_BuildValue("{s:s,s:d,s:d,s:d,s:d}", "name", c->name, "x", c->x, "atoms_per_formula",
                          c->atoms_per_formula, "g_J_per_mol_atom", c->g_J_per_mol_atom,
                          "g_sd_J_per_mol_atom", c->g_sd_J_per_mol_atom);
        if (!o || PyList_Append(cs, o) < 0) Py_CLEAR(cs);
        Py_XDECREF(o);
    }
    if (!pl || !cs) {
        Py_XDECREF(pl);
        Py_XDECREF(cs);
        return NULL;
    }
    return Py_BuildValue("{s:s,s:s,s:i,s:d,s:d,s:d,s:N,s:N}", "metal", inv->metal, "host",
                         inv->host, "n_electrons", inv->n_electrons, "T_K", inv->T_K, "E_metal_V",
                         inv->E_metal_V, "sigma_V", inv->sigma_V, "plateaus", pl, "compounds", cs);
}

const char lqp_cell_invert_doc[] =
    "cell_invert(plateaus, metal, host, n, T, E_metal, sigma=0.005, ref=None) -> dict\n\n"
    "Gibbs energies of formation of the compounds at T (K) from plateau potentials\n"
    "(lq_cell_invert): plateaus are (formula_a, formula_b, E_V) vs the same electrode as E_metal\n"
    "(the potential of pure M); 'compounds' carry g and its sd (J/mol of atoms) with every "
    "reading\n"
    "+-sigma (V) propagated exactly. Refuses pairs that are not neighbouring two-phase fields,\n"
    "potentials in the wrong order and n < 1 (InvalidArgumentError).";

PyObject *lqp_cell_invert(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"plateaus", "metal", "host", "n", "T",
                             "E_metal",  "sigma", "ref",  NULL};
    PyObject *seq;
    const char *metal, *host, *refs = NULL;
    int n;
    double T, Em, sigma = 0.005;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Ossidd|dz", kwlist, &seq, &metal, &host, &n, &T,
                                     &Em, &sigma, &refs))
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "plateaus: a sequence of (A, B, E) tuples");
    if (!fast) return NULL;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(fast);
    lq_cell_plateau *p = PyMem_Calloc((size_t)(m ? m : 1), sizeof *p);
    for (Py_ssize_t i = 0; p && i < m; i++)
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "ssd", &p[i].phase[0],
                              &p[i].phase[1], &p[i].E_V)) {
            PyMem_Free(p);
            Py_DECREF(fast);
            return NULL;
        }
    lq_diag d;
    lq_diag_clear(&d);
    lq_echem_ref ref;
    lq_cell_inverse_options o;
    lq_cell_inverse_options_default(&o);
    o.metal = metal;
    o.host = host;
    o.n_electrons = n;
    o.T_K = T;
    o.E_metal_V = Em;
    o.sigma_V = sigma;
    lq_status st = p ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK && refs) st = lq_echem_ref_parse(refs, &ref, &d);
    o.ref = refs ? &ref : NULL;
    lq_cell_inverse *inv = NULL;
    if (st == LQ_OK) st = lq_cell_invert(p, (size_t)m, &o, &inv, &d);
    PyMem_Free(p);
    Py_DECREF(fast); /* the phase strings point into it until here */
    if (st != LQ_OK) return lqp_raise(st, &d, "cell_invert");
    PyObject *out = inverse_dict(inv);
    lq_cell_inverse_free(inv);
    return out;
}
