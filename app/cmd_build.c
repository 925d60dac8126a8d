/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus build`: a starting configuration from a composition as chemists write it, written as
 * a LAMMPS data file (and optionally a dump and the ion counts); the Mg-La study's ox/red states.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/md.h"

#define CMD "build"

static int write_counts(const char *path, const char *text, const lq_md_composition *c,
                        lq_diag *d) {
    const char *names[] = {"species", "charge_e", "mass_amu", "count"};
    char comment[1400];
    snprintf(comment, sizeof comment,
             "liquidus build: whole numbers of ions for \"%.1000s\"; masses = CIAAW 2021 standard "
             "atomic weights (g/mol); a trailing 0 marks a neutral atom",
             text);
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(path, names, 4, comment, &csv, d);
    for (size_t i = 0; st == LQ_OK && i < c->n_species; i++) {
        char q[32], m[32], n[32];
        snprintf(q, sizeof q, "%g", c->species[i].charge_e);
        snprintf(m, sizeof m, "%.10g", c->species[i].mass_amu);
        snprintf(n, sizeof n, "%ld", c->count[i]);
        const char *row[] = {c->species[i].name, q, m, n};
        st = lq_csv_row_str(csv, row, 4);
    }
    if (st == LQ_OK)
        st = lq_csv_close(csv, d);
    else if (csv)
        lq_csv_abort(csv);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, d);
}

/* Masses and charges from a potential file (a path, or a name in the bundled data/md/). */
static lq_status apply_potential(const lqa_ctx *ctx, const char *pot, lq_md_system *sys,
                                 lq_diag *d) {
    lq_md_potential p;
    char rel[512], path[1024];
    FILE *fp = fopen(pot, "r");
    if (fp) {
        fclose(fp);
    } else {
        snprintf(rel, sizeof rel, "md/%.500s", pot);
        pot = lqa_data_path(ctx, rel, path, sizeof path);
    }
    lq_status st = lq_md_potential_read(pot, &p, d);
    if (st == LQ_OK) st = lq_md_potential_apply(&p, sys, d);
    if (st == LQ_OK) lqa_warn_diag(CMD, d);
    return st;
}

static lq_status write_dump(const char *dump, const lq_md_system *sys, lq_diag *d) {
    lq_lammps_dump_writer *w;
    lq_status st = lq_lammps_dump_writer_open(dump, &w, d);
    if (st != LQ_OK) return st;
    st = lq_lammps_dump_writer_frame(w, 0, sys);
    if (st == LQ_OK)
        st = lq_lammps_dump_writer_close(w, d);
    else
        lq_lammps_dump_writer_abort(w);
    return st;
}

/* What was built, for the report. */
typedef struct build_out {
    const char *text, *reduce, *out, *dump;
    const lq_md_composition *c;
    const lq_md_system *sys;
    double T, dens;
    long seed;
} build_out;

static int print_json(const build_out *b) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "composition", b->text);
    if (b->reduce) cJSON_AddStringToObject(j, "reduced", b->reduce);
    cJSON_AddStringToObject(j, "data_file", b->out);
    cJSON_AddNumberToObject(j, "atoms", (double)b->sys->n_atoms);
    cJSON_AddNumberToObject(j, "box_A", b->sys->box_A[0]);
    cJSON_AddNumberToObject(j, "density_g_cm3", b->dens);
    cJSON *arr = cJSON_AddArrayToObject(j, "species");
    for (size_t i = 0; i < b->c->n_species; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", b->c->species[i].name);
        cJSON_AddNumberToObject(e, "charge_e", b->c->species[i].charge_e);
        cJSON_AddNumberToObject(e, "mass_amu", b->sys->species[i].mass_amu);
        cJSON_AddNumberToObject(e, "count", (double)b->c->count[i]);
        cJSON_AddItemToArray(arr, e);
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lqa_json_write(j, "-", &d);
    cJSON_Delete(j);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static void print_text(const build_out *b) {
    const lq_md_composition *c = b->c;
    printf("%s%s%s: %zu atoms in a cubic box of %.4f A (%.4f g/cm^3), T = %g K, seed %ld\n",
           b->text, b->reduce ? " -> reduced " : "", b->reduce ? b->reduce : "", b->sys->n_atoms,
           b->sys->box_A[0], b->dens, b->T, b->seed);
    for (size_t i = 0; i < c->n_salts; i++)
        printf("  %-8s %6ld formula units (mole fraction requested %.5f, built %.5f)\n", c->salt[i],
               c->salt_units[i], c->salt_x_requested[i], lq_md_composition_salt_x_compute(c, i));
    for (size_t i = 0; i < c->n_species; i++)
        printf("  %-4s %+3g  %6ld\n", c->species[i].name, c->species[i].charge_e, c->count[i]);
    printf("wrote %s%s%s\n", b->out, b->dump ? " and " : "", b->dump ? b->dump : "");
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    lq_md_build_options o = lq_md_build_options_default();
    double ions = (double)NAN, units = (double)NAN, T = o.T_K, rho = (double)NAN;
    double minsep = o.min_separation_A;
    long seed = (long)o.seed;
    const char *reduce = NULL, *out = "system.data", *dump = NULL, *counts = NULL, *pot = NULL;
    const lqa_opt opts[] = {
        {"ions", LQA_DOUBLE, &ions, "N", "total number of ions/atoms (salt compositions)"},
        {"units", LQA_DOUBLE, &units, "N", "total number of formula units (instead of --ions)"},
        {"density", LQA_DOUBLE, &rho, "G_CM3", "starting density in g/cm^3 (required)"},
        {"T", LQA_DOUBLE, &T, "K", "temperature of the initial velocities (default 1000)"},
        {"seed", LQA_INT, &seed, "N", "random seed (default 1; the same seed, the same system)"},
        {"min-sep", LQA_DOUBLE, &minsep, "A", "smallest distance between atoms (default 2.0)"},
        {"reduce", LQA_STRING, &reduce, "M",
         "build the reduced state: one M^n+ and n Cl- fewer, one M atom more (Table 1)"},
        {"potential", LQA_STRING, &pot, "FILE",
         "take masses and charges from this potential (path, or name in data/md/)"},
        {"out", LQA_STRING, &out, "DATA", "LAMMPS data file to write (default system.data)"},
        {"dump", LQA_STRING, &dump, "FILE", "also write the configuration as a LAMMPS dump"},
        {"counts", LQA_STRING, &counts, "CSV", "write the ion counts"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse(CMD,
                       "liquidus build \"COMPOSITION\" (--ions N | --units N) --density G_CM3 "
                       "[options]\n  e.g. \"NaCl-KCl eutectic + 0.5 wt% MgCl2 + 2 wt% LaCl3\", "
                       "\"NaCl-KCl (50.6:49.4 mol%)\", \"Na:250 K:250 Cl:510 Mg:5\"",
                       opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error(CMD, "give one composition (quote it)");
    if (isfinite(ions) && isfinite(units)) return lqa_usage_error(CMD, "give --ions or --units");
    if (!(rho > 0.0)) return lqa_usage_error(CMD, "--density (g/cm^3, > 0) is required");
    if (seed < 0) return lqa_usage_error(CMD, "--seed must be >= 0");
    lq_md_size_kind kind = isfinite(ions)    ? LQ_MD_SIZE_IONS
                           : isfinite(units) ? LQ_MD_SIZE_FORMULA_UNITS
                                             : LQ_MD_SIZE_AS_WRITTEN;
    double size = isfinite(ions) ? ions : isfinite(units) ? units : 0.0;
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_composition c, red;
    lq_status st = lq_md_composition_parse(pos[0], kind, size, &c, &d);
    if (st == LQ_OK && reduce) {
        st = lq_md_composition_reduce(&c, reduce, &red, &d);
        if (st == LQ_OK) c = red;
    }
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    o.T_K = T;
    o.density_g_cm3 = rho;
    o.min_separation_A = minsep;
    o.seed = (unsigned long long)seed;
    lq_md_system sys;
    st = lq_md_system_build(&c, &o, &sys, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (pot) st = apply_potential(ctx, pot, &sys, &d);
    char title[256];
    snprintf(title, sizeof title, "liquidus build: %.160s%s%s, T = %g K, seed %ld", pos[0],
             reduce ? ", reduced " : "", reduce ? reduce : "", T, seed);
    if (st == LQ_OK) st = lq_md_data_write(out, &sys, title, &d);
    if (st == LQ_OK && dump) st = write_dump(dump, &sys, &d);
    rc = st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
    if (rc == 0 && counts) rc = write_counts(counts, pos[0], &c, &d);
    build_out b = {pos[0], reduce, out, dump, &c, &sys, T, (double)NAN, seed};
    if (rc == 0) lq_md_system_density(&sys, &b.dens);
    if (rc == 0 && ctx->json)
        rc = print_json(&b);
    else if (rc == 0)
        print_text(&b);
    lq_md_system_free(&sys);
    return rc;
}

const lq_cmd lq_cmd_build = {"build",
                             "starting configuration from a composition (LAMMPS data file)", run};
