/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hull entries files (name,formula,energy_eV[,phase] CSV) and the hull built from them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

typedef struct hcols {
    int name, formula, energy, phase, header;
} hcols;

static lq_status read_header(char **f, size_t nf, hcols *c, const char *path, long line,
                             lq_diag *diag) {
    c->header = 1;
    for (size_t k = 0; k < nf && k < 16; k++) {
        if (strcmp(f[k], "name") == 0) c->name = (int)k;
        if (strcmp(f[k], "formula") == 0) c->formula = (int)k;
        if (strncmp(f[k], "energy", 6) == 0) c->energy = (int)k;
        if (strcmp(f[k], "phase") == 0) c->phase = (int)k;
    }
    if (c->formula < 0 || c->energy < 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, line, NULL,
                            "header needs 'formula' and 'energy_eV' columns");
    return LQ_OK;
}

static lq_status read_row(char **f, size_t nf, const hcols *c, const char *path, long line,
                          lq_hull_input_entry *h, lq_diag *diag) {
    memset(h, 0, sizeof *h);
    h->line = line;
    int maxc = c->formula > c->energy ? c->formula : c->energy;
    if (c->name > maxc) maxc = c->name;
    if (c->phase > maxc) maxc = c->phase;
    if ((int)nf <= maxc)
        return lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "expected %d columns", maxc + 1);
    snprintf(h->formula, sizeof h->formula, "%s", f[c->formula]);
    snprintf(h->name, sizeof h->name, "%s", c->name >= 0 ? f[c->name] : f[c->formula]);
    snprintf(h->phase, sizeof h->phase, "%s", c->phase >= 0 ? f[c->phase] : "");
    if (lq_formula_parse(h->formula, h->z, h->amount, LQ_HULL_MAX_ELEMENTS, &h->nz) != LQ_OK)
        return lqi_diag_set(diag, LQ_EPARSE, path, line, "formula", "cannot read '%s'", h->formula);
    double v = 0.0;
    if (lqi_parse_double(f[c->energy], strlen(f[c->energy]), 0, &v) != 0 || !isfinite(v))
        return lqi_diag_set(diag, LQ_EPARSE, path, line, "energy_eV", "'%s' is not a number",
                            f[c->energy]);
    h->energy_eV = v;
    return LQ_OK;
}

/* Elements in order of first appearance over all entries. */
static lq_status gather_elements(lq_hull_entries *e, lq_diag *diag) {
    e->n_el = 0;
    for (size_t i = 0; i < e->n; i++)
        for (size_t k = 0; k < e->entries[i].nz; k++) {
            size_t j = 0;
            while (j < e->n_el && e->z[j] != e->entries[i].z[k]) j++;
            if (j < e->n_el) continue;
            if (e->n_el == LQ_HULL_MAX_ELEMENTS)
                return lqi_diag_set(diag, LQ_EPARSE, NULL, 0, NULL, "more than %d elements",
                                    LQ_HULL_MAX_ELEMENTS);
            e->z[e->n_el++] = e->entries[i].z[k];
        }
    return LQ_OK;
}

/* Comma-separated records (names and formulas need no quoting), '#' comment lines, through the
 * library's CSV reader; fields are trimmed copies. */
static lq_status parse_lines(const char *text, size_t size, const char *path, lq_hull_entries *e,
                             lq_diag *diag) {
    size_t cap = 0;
    hcols c = {-1, -1, -1, -1, 0};
    lq_status st = LQ_OK;
    lqi_csv r;
    lqi_csv_init(&r, text, size, path);
    char fb[16][128];
    char *f[16];
    for (size_t k = 0; k < 16; k++) f[k] = fb[k];
    while (st == LQ_OK && lqi_csv_next(&r)) {
        long lineno = r.lines.lineno;
        size_t nf = r.nfield < 16 ? r.nfield : 16;
        for (size_t k = 0; k < nf; k++) lqi_csv_field(&r, k, fb[k], sizeof fb[k]);
        if (!c.header) {
            st = read_header(f, nf, &c, path, lineno, diag);
            continue;
        }
        if (e->n == cap) {
            size_t nc = cap ? 2 * cap : 64;
            lq_hull_input_entry *ne = lqi_realloc(e->entries, nc * sizeof *ne);
            if (!ne) return LQ_ENOMEM;
            e->entries = ne;
            cap = nc;
        }
        st = read_row(f, nf, &c, path, lineno, &e->entries[e->n], diag);
        if (st == LQ_OK) e->n++;
    }
    if (st == LQ_OK && e->n == 0) st = lqi_diag_set(diag, LQ_EPARSE, path, 0, NULL, "no entries");
    if (st == LQ_OK) st = gather_elements(e, diag);
    return st;
}

lq_status lq_hull_entries_read_buffer(const char *data, size_t size, const char *name,
                                      lq_hull_entries *out, lq_diag *diag) {
    if ((!data && size) || !out)
        return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL, "NULL argument");
    lq_hull_entries e;
    memset(&e, 0, sizeof e);
    snprintf(e.path, sizeof e.path, "%s", name ? name : "");
    lq_status st = parse_lines(data ? data : "", size, name, &e, diag);
    if (st != LQ_OK) {
        lq_hull_entries_free(&e);
        return st;
    }
    *out = e;
    return LQ_OK;
}

lq_status lq_hull_entries_read(const char *path, lq_hull_entries *out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    st = lq_hull_entries_read_buffer(text, n, path, out, diag);
    lq_free(text);
    return st;
}

void lq_hull_entries_free(lq_hull_entries *e) {
    if (!e) return;
    lqi_free(e->entries);
    e->entries = NULL;
    e->n = 0;
}

lq_status lq_hull_entries_build(const lq_hull_entries *e, int per_atom, lq_hull **out,
                                lq_diag *diag) {
    if (!e || !out || e->n == 0 || e->n_el == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "no hull entries");
    size_t n = e->n, nel = e->n_el;
    double *am = lqi_calloc(n * nel, sizeof *am), *en = lqi_calloc(n, sizeof *en);
    if (!am || !en) {
        lqi_free(am);
        lqi_free(en);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const lq_hull_input_entry *h = &e->entries[i];
        double tot = 0.0;
        for (size_t k = 0; k < h->nz; k++) {
            size_t j = 0;
            while (e->z[j] != h->z[k]) j++;
            am[i * nel + j] = h->amount[k];
            tot += h->amount[k];
        }
        en[i] = per_atom ? h->energy_eV * tot : h->energy_eV;
    }
    lq_status st = lq_hull_build(nel, e->z, am, en, n, out, diag);
    if (st != LQ_OK && diag) {
        /* lq_hull_build numbers entries from 1; name the line of the file instead */
        if (diag->line > 0 && (size_t)diag->line <= n) diag->line = e->entries[diag->line - 1].line;
        snprintf(diag->file, sizeof diag->file, "%s", e->path);
    }
    lqi_free(am);
    lqi_free(en);
    return st;
}
