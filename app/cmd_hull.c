/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus hull`: formation energies, the 0 K convex hull, decompositions and ESPEI HM_FORM
 * datasets from a CSV of total energies. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/units.h"

#define CMD "hull"

/* The ESPEI HM_FORM dataset of entry h, written into dir. */
static int write_dataset(const char *dir, const lq_hull_input_entry *h, double ef_eV_per_atom,
                         double T, const char *reference) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_dataset *ds = NULL;
    char name[512], path[4096];
    lq_status st =
        lq_hull_dataset_build(h, ef_eV_per_atom, T, reference, &ds, name, sizeof name, &d);
    if (st == LQ_OK) {
        snprintf(path, sizeof path, "%s/%s", dir, name);
        st = lq_dataset_write_file(ds, path, &d);
    }
    lq_dataset_free(ds);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

/* The hull and where its table goes. */
typedef struct hull_out {
    const lq_hull_entries *e;
    const lq_hull *h;
    cJSON *json; /* --json: array of entries */
    lq_csv *csv; /* --out */
    size_t n_stable;
} hull_out;

static int open_csv(hull_out *o, const char *out) {
    const char *names[7] = {
        "name",   "formula",      "Ef_eV_per_atom", "Ef_kJ_per_mol_atom", "Ehull_eV_per_atom",
        "stable", "decomposition"};
    char comment[512] =
        "0 K formation energies and energy above the convex hull (liquidus hull)."
        "\nReferences (eV/atom):";
    for (size_t k = 0; k < o->e->n_el; k++) {
        char b[64];
        snprintf(b, sizeof b, " %s %.8f", lq_element_symbol(o->e->z[k]),
                 lq_hull_reference_eV_per_atom(o->h, k));
        strncat(comment, b, sizeof comment - strlen(comment) - 1);
    }
    strncat(comment, "\ndecomposition: atom fractions of hull phases",
            sizeof comment - strlen(comment) - 1);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_csv_open(out, names, 7, comment, &o->csv, &d);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static void print_header(const hull_out *o) {
    printf("# references (eV/atom):");
    for (size_t k = 0; k < o->e->n_el; k++)
        printf(" %s %.8f", lq_element_symbol(o->e->z[k]), lq_hull_reference_eV_per_atom(o->h, k));
    printf("\n# %-20s %-12s %15s %15s %15s  %s\n", "name", "formula", "Ef_eV/atom",
           "Ef_kJ/mol-atom", "Ehull_eV/atom", "decomposition (atom fractions)");
}

/* Formats entry i (JSON item, text line, CSV row); returns 1 when it is on the hull. */
static int format_entry(hull_out *o, size_t i, double *ef_out) {
    const lq_hull_input_entry *en = o->e->entries;
    double ef, ea;
    lq_hull_entry(o->h, i, &ef, &ea);
    size_t idx[LQ_HULL_MAX_ELEMENTS], nd = 0;
    double fr[LQ_HULL_MAX_ELEMENTS];
    lq_hull_decomposition(o->h, i, idx, fr, LQ_HULL_MAX_ELEMENTS, &nd);
    int stable = nd == 1 && idx[0] == i;
    o->n_stable += stable ? 1u : 0u;
    char dec[512] = "";
    for (size_t k = 0; k < nd; k++) {
        char b[96];
        snprintf(b, sizeof b, "%s%.6g %s", k ? " + " : "", fr[k], en[idx[k]].name);
        strncat(dec, b, sizeof dec - strlen(dec) - 1);
    }
    double kj = ef * LQ_EV_PER_PARTICLE_TO_J_PER_MOL / 1000.0;
    if (o->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "name", en[i].name);
        cJSON_AddStringToObject(j, "formula", en[i].formula);
        cJSON_AddNumberToObject(j, "Ef_eV_per_atom", ef);
        cJSON_AddNumberToObject(j, "Ef_kJ_per_mol_atom", kj);
        cJSON_AddNumberToObject(j, "Ehull_eV_per_atom", ea);
        cJSON_AddItemToObject(j, "stable", cJSON_CreateBool(stable));
        cJSON *dj = cJSON_AddArrayToObject(j, "decomposition");
        for (size_t k = 0; k < nd; k++) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "name", en[idx[k]].name);
            cJSON_AddNumberToObject(p, "atom_fraction", fr[k]);
            cJSON_AddItemToArray(dj, p);
        }
        cJSON_AddItemToArray(o->json, j);
    } else {
        printf("  %-20s %-12s %15.8f %15.4f %15.8f  %s\n", en[i].name, en[i].formula, ef, kj, ea,
               dec);
    }
    if (o->csv) {
        char b[3][40];
        snprintf(b[0], 40, "%.17g", ef);
        snprintf(b[1], 40, "%.17g", kj);
        snprintf(b[2], 40, "%.17g", ea);
        const char *row[7] = {en[i].name, en[i].formula, b[0], b[1], b[2], stable ? "1" : "0", dec};
        lq_csv_row_str(o->csv, row, 7);
    }
    *ef_out = ef;
    return stable;
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
    lq_diag d;
    lq_diag_clear(&d);
    lq_hull_entries e;
    lq_status st = lq_hull_entries_read(pos[0], &e, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_hull *h = NULL;
    st = lq_hull_entries_build(&e, per_atom, &h, &d);
    if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    hull_out o = {&e, h, ctx->json ? cJSON_CreateArray() : NULL, NULL, 0};
    if (rc == 0 && out) rc = open_csv(&o, out);
    if (rc == 0 && !ctx->json) print_header(&o);
    for (size_t i = 0; i < e.n && rc == 0; i++) {
        double ef;
        int stable = format_entry(&o, i, &ef);
        if (espei && e.entries[i].nz > 1 && (stable || all))
            rc = write_dataset(espei, &e.entries[i], ef, T, reference);
    }
    if (o.csv) {
        if (rc != 0) {
            lq_csv_abort(o.csv);
        } else {
            st = lq_csv_close(o.csv, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        }
    }
    if (o.json && rc == 0) {
        st = lqa_json_write(o.json, "-", &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (rc == 0)
        lqa_progress(ctx, "hull: %zu entries, %zu elements, %zu on the hull", e.n, e.n_el,
                     o.n_stable);
    cJSON_Delete(o.json);
    lq_hull_free(h);
    lq_hull_entries_free(&e);
    return rc;
}

const lq_cmd lq_cmd_hull = {"hull", "formation energies, 0 K convex hull, ESPEI HM_FORM datasets",
                            lq_cmd_hull_run};
