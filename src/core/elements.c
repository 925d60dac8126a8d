/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one element table: look-up by symbol and by atomic number. */
#include <string.h>

#include "core/core_internal.h"

const lqi_element_data *lqi_element_lookup(const char *sym, size_t len) {
    if (!sym || len == 0 || len > 2) return NULL;
    for (int z = 1; z <= LQ_ELEMENT_MAX_Z; z++) {
        const char *s = lqi_elements[z].symbol;
        if (strncmp(s, sym, len) == 0 && s[len] == '\0') return &lqi_elements[z];
    }
    return NULL;
}

static void fill(const lqi_element_data *e, lq_element *out) {
    out->symbol = e->symbol;
    out->z = e->z;
    out->mass_g_per_mol = e->mass_g_per_mol;
}

lq_status lq_element_find(const char *symbol, lq_element *out) {
    if (!symbol || !out) return LQ_EINVAL;
    const lqi_element_data *e = lqi_element_lookup(symbol, strlen(symbol));
    if (!e) return LQ_ENOTFOUND;
    fill(e, out);
    return LQ_OK;
}

lq_status lq_element_by_z(int z, lq_element *out) {
    if (!out || z < 1 || z > LQ_ELEMENT_MAX_Z) return LQ_EINVAL;
    fill(&lqi_elements[z], out);
    return LQ_OK;
}

int lq_element_z(const char *symbol) {
    if (!symbol) return 0;
    while (*symbol == ' ' || *symbol == '\t') symbol++;
    if (symbol[0] < 'A' || symbol[0] > 'Z') return 0;
    /* Longest match first: "Nd" before "N". */
    const lqi_element_data *e = NULL;
    if (symbol[1] >= 'a' && symbol[1] <= 'z') e = lqi_element_lookup(symbol, 2);
    if (!e) e = lqi_element_lookup(symbol, 1);
    return e ? e->z : 0;
}

const char *lq_element_symbol(int z) {
    if (z < 1 || z > LQ_ELEMENT_MAX_Z) return NULL;
    return lqi_elements[z].symbol;
}
