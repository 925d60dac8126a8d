/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The deep-potential record: a DeePMD-kit model (lq_dp_*) as a force provider of the MD engine. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/deepmd.h"
#include "md/md_internal.h"

/* A model file and what the engine reports about it. */
typedef struct dp_file {
    lq_dp_model *m;
    char path[1024];
    char source[1200];
} dp_file;

/* An evaluator: the model type of each system species and per-step scratch. */
typedef struct dp_eval {
    const dp_file *df;
    int type_of[LQ_MD_MAX_SPECIES]; /* system species -> model type */
    size_t n_atoms;
    int *type; /* [n] model type of each atom, system order */
} dp_eval;

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* A `.yaml`/`.yml` file whose head holds the keys of DeePMD-kit's serialization
 * (deepmd/dpmodel/utils/serialization.py writes "backend", "model", "@variables"...), or a `.dp`
 * (HDF5: the 8-byte signature \x89HDF\r\n\x1a\n at offset 0). */
static int dp_claims(const char *path, const char *head, size_t n_head) {
    if (ends_with(path, ".dp") || ends_with(path, ".hlo"))
        return n_head >= 8 && memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0;
    if (!ends_with(path, ".yaml") && !ends_with(path, ".yml")) return 0;
    /* head is NUL-terminated by the caller (providers.c read_head) */
    return strstr(head, "backend:") != NULL || strstr(head, "model_def_script") != NULL ||
           strstr(head, "software: deepmd") != NULL || strstr(head, "@class") != NULL ||
           strstr(head, "type_map") != NULL;
}

static lq_status dp_read(const char *path, void **model, lq_diag *diag) {
    dp_file *df = lqi_calloc(1, sizeof *df);
    if (!df) return LQ_ENOMEM;
    lq_status st = lq_dp_model_read(path, &df->m, diag);
    if (st != LQ_OK) {
        lqi_free(df);
        return st;
    }
    snprintf(df->path, sizeof df->path, "%s", path);
    size_t nt = lq_dp_model_ntypes(df->m), u;
    snprintf(df->source, sizeof df->source, "DeePMD-kit model %s (%s, rcut %g A, type_map", path,
             lq_dp_model_descriptor(df->m) == LQ_DP_SE_E2_A ? "se_e2_a" : "se_e2_r",
             lq_dp_model_rcut_A(df->m));
    for (size_t t = 0; t < nt; t++) {
        u = strlen(df->source);
        snprintf(df->source + u, sizeof df->source - u, " %s", lq_dp_model_type_name(df->m, t));
    }
    u = strlen(df->source);
    snprintf(df->source + u, sizeof df->source - u, ")");
    *model = df;
    return LQ_OK;
}

static void dp_model_free(void *model) {
    dp_file *df = model;
    if (!df) return;
    lq_dp_model_free(df->m);
    lqi_free(df);
}

static const char *dp_source(const void *model) { return ((const dp_file *)model)->source; }

/* The model's type names as an array of pointers (for lqi_md_type_map_index). */
static size_t type_names(const lq_dp_model *m, const char **names, size_t cap) {
    size_t nt = lq_dp_model_ntypes(m);
    if (nt > cap) nt = cap;
    for (size_t t = 0; t < nt; t++) names[t] = lq_dp_model_type_name(m, t);
    return nt;
}

/* System species -> model types; a species matching no type_map entry is an error. */
static lq_status map_types(const dp_file *df, const lq_md_system *sys, int *type_of,
                           lq_diag *diag) {
    const char *names[256];
    size_t nt = type_names(df->m, names, 256);
    for (size_t t = 0; t < sys->n_species; t++) {
        long k = lqi_md_type_map_index(names, nt, sys->species[t].name);
        if (k < 0)
            return lqi_diag_set(diag, LQ_ENOTFOUND, df->path, 0, "type_map",
                                "species '%s' (atom type %zu) matches no type_map entry of the "
                                "model",
                                sys->species[t].name, t + 1);
        type_of[t] = (int)k;
    }
    return LQ_OK;
}

/* Species must map onto type_map; a species without a mass (a data file with no Masses section)
 * takes the standard atomic weight of its element ("Mg0", a neutral Mg atom, is Mg). Charges are
 * kept as given: the model does not use them. */
static lq_status dp_apply(const void *model, lq_md_system *sys, lq_diag *diag) {
    const dp_file *df = model;
    int type_of[LQ_MD_MAX_SPECIES];
    lq_status st = map_types(df, sys, type_of, diag);
    if (st != LQ_OK) return st;
    for (size_t t = 0; t < sys->n_species; t++) {
        lq_md_species *s = &sys->species[t];
        if (s->mass_amu > 0) continue;
        char el[3] = {s->name[0], 0, 0};
        if (s->name[1] >= 'a' && s->name[1] <= 'z') el[1] = s->name[1];
        if (lq_md_element_mass(el, &s->mass_amu) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "mass",
                                "species '%s' has no mass and '%s' is no element with a standard "
                                "atomic weight",
                                s->name, el);
    }
    return LQ_OK;
}

static void dp_free(void *p) {
    dp_eval *ev = p;
    if (!ev) return;
    lqi_free(ev->type);
    lqi_free(ev);
}

static lq_status dp_create(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           void **out, lqi_md_list_request *req, lq_diag *diag) {
    (void)o;
    const dp_file *df = model;
    if (lq_dp_model_dim_fparam(df->m) > 0 || lq_dp_model_dim_aparam(df->m) > 0)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, df->path, 0, "model.fitting",
                            "the model takes %zu frame and %zu atomic parameters; md run does not "
                            "pass fparam/aparam yet (md eval does)",
                            lq_dp_model_dim_fparam(df->m), lq_dp_model_dim_aparam(df->m));
    dp_eval *ev = lqi_calloc(1, sizeof *ev);
    if (!ev) return LQ_ENOMEM;
    ev->df = df;
    ev->n_atoms = sys->n_atoms;
    lq_status st = map_types(df, sys, ev->type_of, diag);
    if (st == LQ_OK) {
        ev->type = lqi_malloc_array(sys->n_atoms, sizeof *ev->type);
        if (!ev->type) st = LQ_ENOMEM;
    }
    if (st != LQ_OK) {
        dp_free(ev);
        return st;
    }
    /* lq_dp_compute finds its own neighbours (all periodic images within rcut, any box size); the
     * engine's list is asked for so that positions are wrapped into the box at each rebuild. */
    req->cutoff_A = lq_dp_model_rcut_A(df->m);
    req->full = 0;
    *out = ev;
    return LQ_OK;
}

static lq_status dp_compute(void *p, const lqi_md_frame *fr, lqi_md_result *res, lq_diag *diag) {
    dp_eval *ev = p;
    const lq_md_system *sys = fr->sys;
    const size_t n = sys->n_atoms;
    if (n != ev->n_atoms)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "system does not match the model");
    for (size_t i = 0; i < n; i++) ev->type[i] = ev->type_of[sys->type[i]];
    /* The engine's box is orthorhombic with its corner at the origin: a diagonal cell. */
    const double box[9] = {sys->box_A[0], 0, 0, 0, sys->box_A[1], 0, 0, 0, sys->box_A[2]};
    lq_dp_frame f = {n, ev->type, sys->pos_A, box, NULL, NULL};
    lq_dp_result r;
    memset(&r, 0, sizeof r);
    r.forces_eV_per_A = res->f;
    r.atom_energy_eV = res->atom_e;
    r.atom_virial_eV = res->atom_virial;
    lq_dp_compute_options o;
    lq_dp_compute_options_default(&o);
    o.n_threads = fr->nthreads;
    lq_status st = lq_dp_compute(ev->df->m, &f, &o, &r, diag);
    if (st != LQ_OK) return st;
    /* DeePMD-kit's virial, -sum (dE/dr_ij) (x) r_ij, is the engine's sum r_ij (x) F_ij (the
     * rigid-ion record's pair virial); the engine keeps xx yy zz xy xz yz, the model 3x3 row-major.
     * Per-atom virials have the engine's 9-component layout already. */
    lq_md_energy *e = res->e;
    memset(e, 0, sizeof *e);
    e->total_eV = r.energy_eV;
    e->virial_eV[0] = r.virial_eV[0];
    e->virial_eV[1] = r.virial_eV[4];
    e->virial_eV[2] = r.virial_eV[8];
    e->virial_eV[3] = 0.5 * (r.virial_eV[1] + r.virial_eV[3]);
    e->virial_eV[4] = 0.5 * (r.virial_eV[2] + r.virial_eV[6]);
    e->virial_eV[5] = 0.5 * (r.virial_eV[5] + r.virial_eV[7]);
    return LQ_OK;
}

static lq_status dp_lammps(const void *model, const lq_md_system *sys, const lq_md_ff_options *o,
                           int table_off, lqi_sbuf *sb, lq_diag *diag) {
    (void)table_off;
    const dp_file *df = model;
    const char *names[256];
    size_t nt = type_names(df->m, names, 256);
    lq_md_deepmd_deck dk = {df->path, nt, names, 0, NULL};
    return lqi_md_lammps_deepmd_append(sb, sys, &dk, o->skin_A, diag);
}

const lqi_md_provider_ops lqi_md_provider_deepmd = {"deepmd",   dp_claims, dp_read,   dp_model_free,
                                                    dp_source,  dp_apply,  dp_create, dp_free,
                                                    dp_compute, NULL,      1,         dp_lammps};
