/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rigid-ion potential files (Born–Mayer–Huggins pairs in LAMMPS's born form): reader and mapping.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/md.h"

/* Format (docs/md-engine.md, data/md/README.md), one statement per line, '#' comments:
 *   species NAME mass M_amu charge Q_e
 *   pair I J A_eV rho_A sigma_A C_eV_A6 D_eV_A8      E = A exp((sigma-r)/rho) - C/r^6 + D/r^8
 *   source TEXT     (literature reference; kept for output headers)
 *   derived TEXT    (how parameters that are not from the literature were obtained) */

static int num(const char *s, double *v) { return lqi_parse_double(s, strlen(s), 0, v); }

lq_status lq_md_potential_find(const lq_md_potential *pot, const char *name, size_t *index) {
    if (!pot || !name || !index) return LQ_EINVAL;
    for (size_t k = 0; k < pot->n_species; k++)
        if (strcmp(pot->species[k].name, name) == 0) {
            *index = k;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

static void add_source(lq_md_potential *p, const char *kw, const char *text) {
    size_t used = strlen(p->source);
    if (used + 1 >= sizeof p->source) return;
    snprintf(p->source + used, sizeof p->source - used, "%s%s: %s", used ? "\n" : "", kw, text);
}

static lq_status parse_species(lq_md_potential *p, char **w, size_t n, const char *path, long ln,
                               lq_diag *diag) {
    double m, q;
    if (n != 6 || strcmp(w[2], "mass") != 0 || strcmp(w[4], "charge") != 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "species",
                            "expected 'species NAME mass M_amu charge Q_e'");
    if (strlen(w[1]) >= LQ_MD_SPECIES_NAME)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "species", "name '%s' is too long", w[1]);
    size_t k;
    if (lq_md_potential_find(p, w[1], &k) == LQ_OK)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "species", "species '%s' defined twice",
                            w[1]);
    if (p->n_species >= LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "species", "more than %d species",
                            LQ_MD_MAX_SPECIES);
    if (num(w[3], &m) || !(m > 0))
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "mass", "mass must be a positive number");
    if (num(w[5], &q) || fabs(q) > 10)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "charge",
                            "charge must be a number in -10..10");
    lq_md_species *s = &p->species[p->n_species++];
    snprintf(s->name, sizeof s->name, "%s", w[1]);
    s->mass_amu = m;
    s->charge_e = q;
    return LQ_OK;
}

static lq_status parse_pair(lq_md_potential *p, char **w, size_t n, const char *path, long ln,
                            lq_diag *diag) {
    static const char *const field[5] = {"A_eV", "rho_A", "sigma_A", "C_eV_A6", "D_eV_A8"};
    if (n != 8)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "pair",
                            "expected 'pair I J A_eV rho_A sigma_A C_eV_A6 D_eV_A8'");
    size_t a, b;
    if (lq_md_potential_find(p, w[1], &a) != LQ_OK || lq_md_potential_find(p, w[2], &b) != LQ_OK)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "pair",
                            "unknown species '%s' (declare it with a species line first)",
                            lq_md_potential_find(p, w[1], &a) != LQ_OK ? w[1] : w[2]);
    if (p->has_pair[a][b])
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, "pair", "pair %s-%s given twice", w[1],
                            w[2]);
    double v[5];
    for (int k = 0; k < 5; k++)
        if (num(w[3 + k], &v[k]))
            return lqi_diag_set(diag, LQ_EPARSE, path, ln, field[k], "'%s' is not a number",
                                w[3 + k]);
    if (v[0] < 0 || !(v[1] > 0))
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, v[0] < 0 ? "A_eV" : "rho_A",
                            "need A >= 0 and rho > 0");
    lq_md_born bm = {v[0], v[1], v[2], v[3], v[4]};
    p->pair[a][b] = p->pair[b][a] = bm;
    p->has_pair[a][b] = p->has_pair[b][a] = 1;
    return LQ_OK;
}

lq_status lq_md_potential_read(const char *path, lq_md_potential *pot, lq_diag *diag) {
    if (!path || !pot) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *buf = NULL;
    lq_status st = lq_file_read_all(path, &buf, NULL, diag);
    if (st != LQ_OK) return st;
    lq_md_potential *p = lqi_calloc(1, sizeof *p);
    if (!p) {
        lqi_free(buf);
        return LQ_ENOMEM;
    }
    long ln = 0;
    char *save_line = NULL;
    /* strtok_r would merge empty lines and break line numbers: walk the buffer by hand. */
    (void)save_line;
    char *s = buf;
    while (st == LQ_OK && s && *s) {
        char *e = strchr(s, '\n');
        if (e) *e = '\0';
        ln++;
        char *hash = strchr(s, '#');
        char *w[10];
        char *text = s;
        while (isspace((unsigned char)*text)) text++;
        if (strncmp(text, "source", 6) == 0 || strncmp(text, "derived", 7) == 0) {
            int src = text[0] == 's';
            char *t = text + (src ? 6 : 7);
            if (*t && !isspace((unsigned char)*t)) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, ln, NULL, "unknown keyword");
                break;
            }
            while (isspace((unsigned char)*t)) t++;
            size_t len = strlen(t);
            while (len && isspace((unsigned char)t[len - 1])) t[--len] = '\0';
            add_source(p, src ? "source" : "derived", t);
        } else {
            if (hash) *hash = '\0';
            size_t n = lqi_words(s, w, 10);
            if (n == 0) {
            } else if (strcmp(w[0], "species") == 0) {
                st = parse_species(p, w, n, path, ln, diag);
            } else if (strcmp(w[0], "pair") == 0) {
                st = parse_pair(p, w, n, path, ln, diag);
            } else {
                st = lqi_diag_set(diag, LQ_EPARSE, path, ln, w[0],
                                  "unknown keyword (expected species, pair, source or derived)");
            }
        }
        s = e ? e + 1 : NULL;
    }
    if (st == LQ_OK && p->n_species == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, path, ln, "species", "no species defined");
    if (st == LQ_OK) *pot = *p;
    lqi_free(p);
    lqi_free(buf);
    return st;
}

lq_status lq_md_potential_apply(const lq_md_potential *pot, lq_md_system *sys, lq_diag *diag) {
    if (!pot || !sys || sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL or empty argument");
    size_t map[LQ_MD_MAX_SPECIES];
    for (size_t t = 0; t < sys->n_species; t++) {
        const lq_md_species *s = &sys->species[t];
        size_t k = 0;
        if (s->name[0]) {
            if (lq_md_potential_find(pot, s->name, &k) != LQ_OK)
                return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                                    "species '%s' (atom type %zu) is not in the potential", s->name,
                                    t + 1);
        } else {
            size_t hits = 0;
            for (size_t j = 0; j < pot->n_species; j++)
                if (fabs(pot->species[j].mass_amu - s->mass_amu) < 0.05) {
                    k = j;
                    hits++;
                }
            if (hits != 1)
                return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                                    "atom type %zu (mass %g amu) has no name and %s species of the "
                                    "potential has that mass; name the types",
                                    t + 1, s->mass_amu, hits ? "more than one" : "no");
        }
        map[t] = k;
    }
    for (size_t a = 0; a < sys->n_species; a++)
        for (size_t b = a; b < sys->n_species; b++)
            if (!pot->has_pair[map[a]][map[b]])
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "pair",
                                    "the potential has no parameters for the pair %s-%s",
                                    pot->species[map[a]].name, pot->species[map[b]].name);
    int changed = 0;
    for (size_t t = 0; t < sys->n_species; t++) {
        const lq_md_species *ps = &pot->species[map[t]];
        if (fabs(sys->species[t].charge_e - ps->charge_e) > 1e-9) changed = 1;
        sys->species[t] = *ps;
    }
    if (changed && diag)
        lqi_diag_warn(diag, NULL, 0, "charge",
                      "atom charges replaced by the potential's formal charges");
    return LQ_OK;
}
