/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus hull`: formation energies, the 0 K convex hull, decompositions and ESPEI HM_FORM
 * datasets from a CSV of total energies. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/units.h"

#define CMD "hull"

typedef struct {
    char name[64], formula[64], phase[64];
    int z[LQ_HULL_MAX_ELEMENTS];
    double amount[LQ_HULL_MAX_ELEMENTS];
    size_t nz;
    double energy;
    long line;
} hentry;

/* Splits a CSV line on commas in place (no quoting needed for names and formulas). */
static size_t split(char *line, char **f, size_t max) {
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *c = strchr(p, ',');
        if (c) *c = '\0';
        while (*p == ' ' || *p == '\t') p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t')) *--e = '\0';
        if (n < max) f[n] = p;
        n++;
        if (!c) break;
        p = c + 1;
    }
    return n;
}

static int read_entries(const char *path, hentry **out, size_t *nout) {
    char *text = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_file_read_all(path, &text, NULL, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    size_t cap = 64, n = 0;
    hentry *e = malloc(cap * sizeof *e);
    int cname = -1, cform = -1, cen = -1, cph = -1, header = 0, rc = 0;
    long lineno = 0;
    char *next = text;
    while (e && next && *next && rc == 0) {
        char *line = next, *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            next = nl + 1;
        } else {
            next = NULL;
        }
        lineno++;
        while (*line == ' ') line++;
        if (*line == '#' || *line == '\0' || *line == '\r') continue;
        char *f[16];
        size_t nf = split(line, f, 16);
        if (!header) {
            header = 1;
            for (size_t k = 0; k < nf && k < 16; k++) {
                if (strcmp(f[k], "name") == 0) cname = (int)k;
                if (strcmp(f[k], "formula") == 0) cform = (int)k;
                if (strncmp(f[k], "energy", 6) == 0) cen = (int)k;
                if (strcmp(f[k], "phase") == 0) cph = (int)k;
            }
            if (cform < 0 || cen < 0)
                rc = lqa_usage_error(CMD, "%s:%ld: header needs 'formula' and 'energy_eV' columns",
                                     path, lineno);
            continue;
        }
        if (n == cap) {
            hentry *ne = realloc(e, 2 * cap * sizeof *e);
            if (!ne) break;
            e = ne;
            cap *= 2;
        }
        hentry *h = &e[n];
        memset(h, 0, sizeof *h);
        h->line = lineno;
        int maxc = cform > cen ? cform : cen;
        if (cname > maxc) maxc = cname;
        if (cph > maxc) maxc = cph;
        if ((int)nf <= maxc) {
            rc = lqa_usage_error(CMD, "%s:%ld: expected %d columns", path, lineno, maxc + 1);
            break;
        }
        snprintf(h->formula, sizeof h->formula, "%s", f[cform]);
        snprintf(h->name, sizeof h->name, "%s", cname >= 0 ? f[cname] : f[cform]);
        snprintf(h->phase, sizeof h->phase, "%s", cph >= 0 ? f[cph] : "");
        if (lq_formula_parse(h->formula, h->z, h->amount, LQ_HULL_MAX_ELEMENTS, &h->nz) != LQ_OK) {
            rc =
                lqa_usage_error(CMD, "%s:%ld: formula: cannot read '%s'", path, lineno, h->formula);
            break;
        }
        char *end = NULL;
        h->energy = strtod(f[cen], &end);
        if (end == f[cen] || *end || !isfinite(h->energy)) {
            rc = lqa_usage_error(CMD, "%s:%ld: energy_eV: '%s' is not a number", path, lineno,
                                 f[cen]);
            break;
        }
        n++;
    }
    lq_free(text);
    if (!e) return LQA_EXIT_FAIL;
    if (rc == 0 && n == 0) rc = lqa_usage_error(CMD, "%s: no entries", path);
    if (rc) {
        free(e);
        return rc;
    }
    *out = e;
    *nout = n;
    return 0;
}

/* Upper-case name usable as a phase name and in file names. */
static void phase_name(const hentry *h, char *buf, size_t size) {
    const char *src = h->phase[0] ? h->phase : h->name;
    size_t m = 0;
    for (; *src && m + 1 < size; src++)
        buf[m++] = isalnum((unsigned char)*src) ? (char)toupper((unsigned char)*src) : '_';
    buf[m] = '\0';
}

/* One ESPEI dataset (HM_FORM, J/mol-atom) for entry h: one sublattice per element of its
 * formula, site ratios = the formula's amounts. Format: ESPEI non-equilibrium thermochemical
 * datasets (espei.org, "Input data"). */
static int write_dataset(const char *dir, const hentry *h, double ef_eV_per_atom, double T,
                         const char *reference) {
    char comps[LQ_HULL_MAX_ELEMENTS][4];
    size_t nc = h->nz;
    for (size_t k = 0; k < nc; k++) {
        const char *s = lq_element_symbol(h->z[k]);
        snprintf(comps[k], 4, "%c%c", s[0], s[1] ? (char)toupper((unsigned char)s[1]) : '\0');
    }
    /* Components sorted alphabetically, as ESPEI lists them. */
    char sorted[LQ_HULL_MAX_ELEMENTS][4];
    memcpy(sorted, comps, sizeof comps);
    for (size_t i = 1; i < nc; i++)
        for (size_t j = i; j > 0 && strcmp(sorted[j - 1], sorted[j]) > 0; j--) {
            char t[4];
            memcpy(t, sorted[j], 4);
            memcpy(sorted[j], sorted[j - 1], 4);
            memcpy(sorted[j - 1], t, 4);
        }
    char phase[64];
    phase_name(h, phase, sizeof phase);
    cJSON *j = cJSON_CreateObject();
    cJSON *jc = cJSON_AddArrayToObject(j, "components");
    for (size_t k = 0; k < nc; k++) cJSON_AddItemToArray(jc, cJSON_CreateString(sorted[k]));
    cJSON *jp = cJSON_AddArrayToObject(j, "phases");
    cJSON_AddItemToArray(jp, cJSON_CreateString(phase));
    cJSON *solver = cJSON_AddObjectToObject(j, "solver");
    cJSON_AddStringToObject(solver, "mode", "manual");
    cJSON *ratios = cJSON_AddArrayToObject(solver, "sublattice_site_ratios");
    cJSON *configs = cJSON_AddArrayToObject(solver, "sublattice_configurations");
    cJSON *conf = cJSON_CreateArray();
    /* Integer formulas are reduced (Na4Cl4 -> 1:1), as the sublattice model of the phase is. */
    long g = 0;
    for (size_t k = 0; k < nc; k++) {
        double a = h->amount[k];
        if (a != floor(a) || a > 1e6) {
            g = 1;
            break;
        }
        long x = (long)a, y = g;
        while (y) {
            long t = x % y;
            x = y;
            y = t;
        }
        g = x;
    }
    if (g < 1) g = 1;
    for (size_t k = 0; k < nc; k++) {
        cJSON_AddItemToArray(ratios, cJSON_CreateNumber(h->amount[k] / (double)g));
        cJSON_AddItemToArray(conf, cJSON_CreateString(comps[k]));
    }
    cJSON_AddItemToArray(configs, conf);
    cJSON *cond = cJSON_AddObjectToObject(j, "conditions");
    cJSON_AddNumberToObject(cond, "P", LQ_ATM_PA);
    cJSON_AddNumberToObject(cond, "T", T);
    cJSON_AddStringToObject(j, "output", "HM_FORM");
    double val = ef_eV_per_atom * LQ_EV_PER_PARTICLE_TO_J_PER_MOL;
    cJSON *v = cJSON_CreateArray(), *v1 = cJSON_CreateArray(), *v2 = cJSON_CreateArray();
    cJSON_AddItemToArray(v2, cJSON_CreateNumber(round(val * 1000.0) / 1000.0));
    cJSON_AddItemToArray(v1, v2);
    cJSON_AddItemToArray(v, v1);
    cJSON_AddItemToObject(j, "values", v);
    cJSON_AddStringToObject(j, "reference", reference);
    char comment[256];
    snprintf(comment, sizeof comment,
             "0 K DFT formation energy of %s (%s) from liquidus hull, J/mol-atom, elemental "
             "references = lowest-energy elemental entries",
             h->name, h->formula);
    cJSON_AddStringToObject(j, "comment", comment);
    char path[4096], compstr[80] = "";
    for (size_t k = 0; k < nc; k++) {
        if (k) strcat(compstr, "-");
        strcat(compstr, sorted[k]);
    }
    snprintf(path, sizeof path, "%s/%s-HM_FORM-%s-%s.json", dir, compstr, phase, reference);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_write(j, path, &d);
    cJSON_Delete(j);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

int lq_cmd_hull_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_hull_run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *espei = NULL, *reference = "liquidus_dft";
    int per_atom = 0, all = 0;
    double T = 298.15;
    const lqa_opt opts[] = {
        {"per-atom", LQA_FLAG, &per_atom, NULL, "energy_eV is per atom (default: per formula)"},
        {"out", LQA_STRING, &out, "FILE.csv", "write the table of formation energies"},
        {"espei", LQA_STRING, &espei, "DIR", "write ESPEI HM_FORM datasets (stable compounds)"},
        {"all", LQA_FLAG, &all, NULL, "with --espei: datasets for metastable compounds too"},
        {"reference", LQA_STRING, &reference, "TAG", "dataset 'reference' (default liquidus_dft)"},
        {"T", LQA_DOUBLE, &T, "K", "temperature stated in the datasets (default 298.15)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse(CMD,
                       "liquidus hull [options] ENTRIES.csv\n"
                       "  ENTRIES.csv: name,formula,energy_eV[,phase]: total energy of the formula "
                       "as written\n  (e.g. Nd2Bi4,-30.02 for a 6-atom cell). Every element needs "
                       "an elemental entry;\n  the lowest per atom is its reference. Energies out "
                       "in eV/atom (and kJ/mol-atom);\n  energy above hull >= 0",
                       opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error(CMD, "one entries file expected (see --help)");
    if (!(T > 0.0)) return lqa_usage_error(CMD, "--T must be > 0");
    hentry *e = NULL;
    size_t n = 0;
    if ((rc = read_entries(pos[0], &e, &n)) != 0) return rc;
    /* Elements in order of first appearance. */
    int zs[LQ_HULL_MAX_ELEMENTS];
    size_t nel = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        for (size_t k = 0; k < e[i].nz; k++) {
            size_t j = 0;
            while (j < nel && zs[j] != e[i].z[k]) j++;
            if (j == nel) {
                if (nel == LQ_HULL_MAX_ELEMENTS) {
                    rc = lqa_usage_error(CMD, "more than %d elements", LQ_HULL_MAX_ELEMENTS);
                    break;
                }
                zs[nel++] = e[i].z[k];
            }
        }
    double *am = calloc(n * (nel ? nel : 1), sizeof *am), *en = calloc(n, sizeof *en);
    if (!am || !en) rc = LQA_EXIT_FAIL;
    for (size_t i = 0; i < n && rc == 0; i++) {
        double tot = 0.0;
        for (size_t k = 0; k < e[i].nz; k++) {
            size_t j = 0;
            while (zs[j] != e[i].z[k]) j++;
            am[i * nel + j] = e[i].amount[k];
            tot += e[i].amount[k];
        }
        en[i] = per_atom ? e[i].energy * tot : e[i].energy;
    }
    lq_hull *h = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    if (rc == 0) {
        lq_status st = lq_hull_build(nel, zs, am, en, n, &h, &d);
        if (st != LQ_OK) {
            if (d.line > 0 && (size_t)d.line <= n) d.line = e[d.line - 1].line;
            snprintf(d.file, sizeof d.file, "%s", pos[0]);
            rc = lqa_fail(CMD, st, &d);
        }
    }
    cJSON *json = (rc == 0 && ctx->json) ? cJSON_CreateArray() : NULL;
    lq_csv *csv = NULL;
    if (rc == 0 && out) {
        const char *names[7] = {
            "name",   "formula",      "Ef_eV_per_atom", "Ef_kJ_per_mol_atom", "Ehull_eV_per_atom",
            "stable", "decomposition"};
        char comment[512] =
            "0 K formation energies and energy above the convex hull (liquidus hull)."
            "\nReferences (eV/atom):";
        for (size_t k = 0; k < nel; k++) {
            char b[64];
            snprintf(b, sizeof b, " %s %.8f", lq_element_symbol(zs[k]),
                     lq_hull_reference_eV_per_atom(h, k));
            strncat(comment, b, sizeof comment - strlen(comment) - 1);
        }
        strncat(comment, "\ndecomposition: atom fractions of hull phases",
                sizeof comment - strlen(comment) - 1);
        lq_status st = lq_csv_open(out, names, 7, comment, &csv, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (rc == 0 && !ctx->json) {
        printf("# references (eV/atom):");
        for (size_t k = 0; k < nel; k++)
            printf(" %s %.8f", lq_element_symbol(zs[k]), lq_hull_reference_eV_per_atom(h, k));
        printf("\n# %-20s %-12s %15s %15s %15s  %s\n", "name", "formula", "Ef_eV/atom",
               "Ef_kJ/mol-atom", "Ehull_eV/atom", "decomposition (atom fractions)");
    }
    size_t n_stable = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        double ef, ea;
        lq_hull_entry(h, i, &ef, &ea);
        size_t idx[LQ_HULL_MAX_ELEMENTS], nd = 0;
        double fr[LQ_HULL_MAX_ELEMENTS];
        lq_hull_decomposition(h, i, idx, fr, LQ_HULL_MAX_ELEMENTS, &nd);
        int stable = nd == 1 && idx[0] == i;
        n_stable += stable ? 1u : 0u;
        char dec[512] = "";
        for (size_t k = 0; k < nd; k++) {
            char b[96];
            snprintf(b, sizeof b, "%s%.6g %s", k ? " + " : "", fr[k], e[idx[k]].name);
            strncat(dec, b, sizeof dec - strlen(dec) - 1);
        }
        double kj = ef * LQ_EV_PER_PARTICLE_TO_J_PER_MOL / 1000.0;
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", e[i].name);
            cJSON_AddStringToObject(o, "formula", e[i].formula);
            cJSON_AddNumberToObject(o, "Ef_eV_per_atom", ef);
            cJSON_AddNumberToObject(o, "Ef_kJ_per_mol_atom", kj);
            cJSON_AddNumberToObject(o, "Ehull_eV_per_atom", ea);
            cJSON_AddItemToObject(o, "stable", cJSON_CreateBool(stable));
            cJSON *dj = cJSON_AddArrayToObject(o, "decomposition");
            for (size_t k = 0; k < nd; k++) {
                cJSON *p = cJSON_CreateObject();
                cJSON_AddStringToObject(p, "name", e[idx[k]].name);
                cJSON_AddNumberToObject(p, "atom_fraction", fr[k]);
                cJSON_AddItemToArray(dj, p);
            }
            cJSON_AddItemToArray(json, o);
        } else {
            printf("  %-20s %-12s %15.8f %15.4f %15.8f  %s\n", e[i].name, e[i].formula, ef, kj, ea,
                   dec);
        }
        if (csv) {
            char b[3][40];
            snprintf(b[0], 40, "%.17g", ef);
            snprintf(b[1], 40, "%.17g", kj);
            snprintf(b[2], 40, "%.17g", ea);
            const char *row[7] = {e[i].name, e[i].formula,       b[0], b[1],
                                  b[2],      stable ? "1" : "0", dec};
            lq_csv_row_str(csv, row, 7);
        }
        if (espei && e[i].nz > 1 && (stable || all))
            rc = write_dataset(espei, &e[i], ef, T, reference);
    }
    if (csv) {
        if (rc != 0) {
            lq_csv_abort(csv);
        } else {
            lq_status st = lq_csv_close(csv, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        }
    }
    if (json && rc == 0) {
        lq_status st = lqa_json_write(json, "-", &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (rc == 0)
        lqa_progress(ctx, "hull: %zu entries, %zu elements, %zu on the hull", n, nel, n_stable);
    cJSON_Delete(json);
    lq_hull_free(h);
    free(am);
    free(en);
    free(e);
    return rc;
}

const lq_cmd lq_cmd_hull = {"hull", "formation energies, 0 K convex hull, ESPEI HM_FORM datasets",
                            lq_cmd_hull_run};
