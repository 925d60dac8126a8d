/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI HM_FORM datasets of compounds on (or above) the 0 K hull. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/dft.h"
#include "liquidus/units.h"

/* Upper-case name usable as a phase name and in file names. */
static void phase_name(const lq_hull_input_entry *h, char *buf, size_t size) {
    const char *src = h->phase[0] ? h->phase : h->name;
    size_t m = 0;
    for (; *src && m + 1 < size; src++)
        buf[m++] = isalnum((unsigned char)*src) ? (char)toupper((unsigned char)*src) : '_';
    buf[m] = '\0';
}

/* Greatest common divisor of integral amounts (up to 1e6); 1 when any is not integral. */
static long amounts_gcd(const lq_hull_input_entry *h) {
    long g = 0;
    for (size_t k = 0; k < h->nz; k++) {
        double a = h->amount[k];
        if (a != floor(a) || a > 1e6) return 1;
        long x = (long)a, y = g;
        while (y) { /* Euclid */
            long t = x % y;
            x = y;
            y = t;
        }
        g = x;
    }
    return g < 1 ? 1 : g;
}

lq_status lq_hull_dataset_build(const lq_hull_input_entry *h, double ef_eV_per_atom, double T,
                                const char *reference, struct lq_dataset **out, char *file_name,
                                size_t name_size, lq_diag *diag) {
    if (!h || !out || !reference || h->nz == 0 || h->nz > LQ_HULL_MAX_ELEMENTS ||
        !isfinite(ef_eV_per_atom))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "hull dataset: bad argument");
    char comps[LQ_HULL_MAX_ELEMENTS][4];
    const char *cp[LQ_HULL_MAX_ELEMENTS];
    double ratios[LQ_HULL_MAX_ELEMENTS];
    long g = amounts_gcd(h);
    for (size_t k = 0; k < h->nz; k++) {
        const char *s = lq_element_symbol(h->z[k]);
        snprintf(comps[k], 4, "%c%c", s[0], s[1] ? (char)toupper((unsigned char)s[1]) : '\0');
        cp[k] = comps[k];
        ratios[k] = h->amount[k] / (double)g;
    }
    char phase[64];
    phase_name(h, phase, sizeof phase);
    /* J/mol of atoms to the 1e-3 J/mol a TDB parameter can carry */
    double val = ef_eV_per_atom * LQ_EV_PER_PARTICLE_TO_J_PER_MOL;
    lq_dataset *ds = NULL;
    lq_status st = lq_dataset_build_hm_form(cp, ratios, h->nz, phase, T,
                                            round(val * 1000.0) / 1000.0, reference, &ds, diag);
    if (st != LQ_OK) return st;
    char comment[256];
    snprintf(comment, sizeof comment,
             "0 K DFT formation energy of %s (%s) from liquidus hull, J/mol-atom, elemental "
             "references = lowest-energy elemental entries",
             h->name, h->formula);
    if (!(ds->comment = lqi_strdup(comment))) {
        lq_dataset_free(ds);
        return LQ_ENOMEM;
    }
    if (file_name && name_size) {
        /* the components as the dataset lists them (sorted), joined by '-' */
        char compstr[80] = "";
        for (size_t k = 0; k < ds->n_components; k++) {
            if (k) strncat(compstr, "-", sizeof compstr - strlen(compstr) - 1);
            strncat(compstr, ds->components[k], sizeof compstr - strlen(compstr) - 1);
        }
        snprintf(file_name, name_size, "%s-HM_FORM-%s-%s.json", compstr, phase, reference);
    }
    *out = ds;
    return LQ_OK;
}
