/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell potentials from DFT energies: 0 K formation energies of the hull entries stand for the
 * Gibbs energies of formation at T (the 0 K approximation), then the compound calculation. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/dft.h"
#include "liquidus/units.h"
#include "thermo/cell/cell_internal.h"

/* Atoms of M and of the host in an entry; -1 when it holds another element. */
static int entry_counts(const lq_hull_input_entry *e, int zm, int zh, double *nm, double *nh) {
    *nm = *nh = 0.0;
    for (size_t k = 0; k < e->nz; k++) {
        if (e->z[k] == zm)
            *nm += e->amount[k];
        else if (e->z[k] == zh)
            *nh += e->amount[k];
        else
            return -1;
    }
    return 0;
}

static lq_status to_compounds(const lq_hull_entries *en, const lq_hull *h, int zm, int zh,
                              lq_cell_compound *c, size_t *nc, lq_diag *diag) {
    *nc = 0;
    for (size_t i = 0; i < en->n; i++) {
        const lq_hull_input_entry *e = &en->entries[i];
        double nm, nh, ef;
        if (entry_counts(e, zm, zh, &nm, &nh) != 0)
            return lqi_diag_set(diag, LQ_EINVAL, en->path, e->line, "formula",
                                "%s holds an element other than %s and %s", e->formula,
                                lq_element_symbol(zm), lq_element_symbol(zh));
        if (nm <= 0.0 || nh <= 0.0) continue; /* an elemental entry: a reference */
        lq_status st = lq_hull_entry(h, i, &ef, NULL);
        if (st != LQ_OK) return st;
        lq_cell_compound *k = &c[(*nc)++];
        memset(k, 0, sizeof *k);
        snprintf(k->name, sizeof k->name, "%s", e->name[0] ? e->name : e->formula);
        k->x = nm / (nm + nh);
        k->atoms_per_formula = nm + nh;
        k->g_J_per_mol_atom = ef * LQ_EV_PER_PARTICLE_TO_J_PER_MOL;
    }
    return LQ_OK;
}

lq_status lq_cell_from_hull(const lq_hull_entries *entries, int per_atom,
                            const lq_cell_options *opt, lq_cell_result **out, lq_diag *diag) {
    if (!entries || !out) return LQ_EINVAL;
    lq_status st = lqi_cell_check_options(opt, diag);
    if (st != LQ_OK) return st;
    int zm = lqi_cell_symbol_z(opt->metal), zh = lqi_cell_symbol_z(opt->host);
    if (!zm || !zh)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, zm ? "host" : "metal",
                            "%s is not an element symbol", zm ? opt->host : opt->metal);
    for (size_t i = 0; i < entries->n; i++) {
        double nm, nh;
        const lq_hull_input_entry *e = &entries->entries[i];
        if (entry_counts(e, zm, zh, &nm, &nh) != 0)
            return lqi_diag_set(diag, LQ_EINVAL, entries->path, e->line, "formula",
                                "%s holds an element other than %s and %s", e->formula,
                                lq_element_symbol(zm), lq_element_symbol(zh));
    }
    lq_hull *h = NULL;
    st = lq_hull_entries_build(entries, per_atom, &h, diag);
    if (st != LQ_OK) return st;
    lq_cell_compound *c = lqi_calloc(entries->n ? entries->n : 1, sizeof *c);
    size_t nc = 0;
    st = c ? to_compounds(entries, h, zm, zh, c, &nc, diag) : LQ_ENOMEM;
    lq_hull_free(h);
    if (st == LQ_OK) st = lq_cell_from_compounds(c, nc, opt, out, diag);
    if (st == LQ_OK) (*out)->zero_K = 1;
    lqi_free(c);
    return st;
}
