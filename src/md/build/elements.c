/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Element masses and species ("Mg2+", "Cl-", "Mg0") of the md tools, from the core element table.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

/* The library's element table (src/core/elements_table.c: IUPAC 2021 abridged standard atomic
 * weights, conventional values for interval elements, and usual ion charges in chloride melts).
 * Elements without a standard atomic weight cannot be simulated without a mass: not found. */
static const lqi_element_data *find_element(const char *sym, size_t len) {
    const lqi_element_data *e = lqi_element_lookup(sym, len);
    return e && isfinite(e->mass_g_per_mol) ? e : NULL;
}

lq_status lq_md_element_mass(const char *symbol, double *mass_amu) {
    if (!symbol || !mass_amu) return LQ_EINVAL;
    const lqi_element_data *e = find_element(symbol, strlen(symbol));
    if (!e) return LQ_ENOTFOUND;
    *mass_amu = e->mass_g_per_mol;
    return LQ_OK;
}

lq_status lq_md_species_parse(const char *text, lq_md_species *sp, lq_diag *diag) {
    if (!text || !sp) return LQ_EINVAL;
    const char *p = text;
    while (*p == ' ') p++;
    size_t len = 0;
    if (!isupper((unsigned char)p[0]))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species",
                            "'%s' is not a species (an element symbol such as Na, Mg2+, Mg0)",
                            text);
    len = 1;
    while (islower((unsigned char)p[len])) len++;
    const lqi_element_data *e = find_element(p, len);
    if (!e)
        return lqi_diag_set(
            diag, LQ_ENOTFOUND, NULL, 0, "species",
            "unknown element '%.*s' in '%s' (or one without a standard atomic weight)", (int)len, p,
            text);
    const char *q = p + len;
    int charge = e->usual_ion, neutral = 0;
    /* charge forms: "", "+", "-", "2+", "+2", "3-", "0" */
    if (*q == '0' && (q[1] == '\0' || q[1] == ' ')) {
        neutral = 1;
        charge = 0;
        q++;
    } else if (*q) {
        int sign = 0, mag = 1;
        if (*q == '+' || *q == '-') {
            sign = *q == '+' ? 1 : -1;
            q++;
            if (isdigit((unsigned char)*q)) mag = (int)strtol(q, (char **)&q, 10);
        } else if (isdigit((unsigned char)*q)) {
            mag = (int)strtol(q, (char **)&q, 10);
            if (*q == '+' || *q == '-') {
                sign = *q == '+' ? 1 : -1;
                q++;
            }
        }
        if (sign == 0 || mag < 1 || mag > 8)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species",
                                "bad charge in '%s' (write e.g. Mg2+, Cl-, Mg0)", text);
        charge = sign * mag;
    } else if (charge == 0) {
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                            "no usual ion charge for '%s': write it (e.g. %s2+) or %s0 for atoms",
                            text, e->symbol, e->symbol);
    }
    while (*q == ' ') q++;
    if (*q)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species", "trailing text in species '%s'",
                            text);
    lq_md_species s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s%s", e->symbol, neutral ? "0" : "");
    s.mass_amu = e->mass_g_per_mol;
    s.charge_e = (double)charge;
    *sp = s;
    return LQ_OK;
}
