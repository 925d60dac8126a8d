/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus md eval`: energy, forces and virials of one configuration with a deep potential. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/dft.h"
#include "liquidus/md.h"

#define CMD "md eval"

static int name_has(const char *path, const char *what) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (const char *s = base; *s; s++) {
        size_t k = 0;
        while (what[k] && tolower((unsigned char)s[k]) == tolower((unsigned char)what[k])) k++;
        if (!what[k]) return 1;
    }
    return 0;
}

/* A configuration from extended XYZ, POSCAR/CONTCAR (*.vasp) or a LAMMPS data file. */
static lq_status config_from_poscar(const char *path, lq_md_config *cfg, lq_diag *d) {
    lq_structure *s = NULL;
    lq_status st = lq_structure_read_poscar(path, &s, d);
    if (st != LQ_OK) return st;
    memset(cfg, 0, sizeof *cfg);
    cfg->n_atoms = s->n_sites;
    cfg->periodic = 1;
    cfg->symbol = calloc(s->n_sites ? s->n_sites : 1, sizeof *cfg->symbol);
    cfg->pos_A = calloc(3 * (s->n_sites ? s->n_sites : 1), sizeof *cfg->pos_A);
    if (!cfg->symbol || !cfg->pos_A) st = LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < s->n_sites; i++) {
        const char *sym = lq_element_symbol(s->z[i]);
        snprintf(cfg->symbol[i], sizeof cfg->symbol[i], "%s", sym ? sym : "?");
        for (size_t a = 0; a < 3; a++)
            cfg->pos_A[3 * i + a] = s->frac[i][0] * s->lattice_A[0][a] +
                                    s->frac[i][1] * s->lattice_A[1][a] +
                                    s->frac[i][2] * s->lattice_A[2][a];
    }
    for (size_t r = 0; r < 3; r++)
        for (size_t a = 0; a < 3; a++) cfg->box_A[3 * r + a] = s->lattice_A[r][a];
    lq_structure_free(s);
    return st;
}

static lq_status config_from_data(const char *path, lq_md_config *cfg, lq_diag *d) {
    lq_md_system sys;
    lq_status st = lq_md_data_read(path, &sys, d);
    if (st != LQ_OK) return st;
    memset(cfg, 0, sizeof *cfg);
    cfg->n_atoms = sys.n_atoms;
    cfg->periodic = 1;
    cfg->symbol = calloc(sys.n_atoms ? sys.n_atoms : 1, sizeof *cfg->symbol);
    cfg->pos_A = calloc(3 * (sys.n_atoms ? sys.n_atoms : 1), sizeof *cfg->pos_A);
    if (!cfg->symbol || !cfg->pos_A) st = LQ_ENOMEM;
    for (size_t i = 0; st == LQ_OK && i < sys.n_atoms; i++) {
        snprintf(cfg->symbol[i], sizeof cfg->symbol[i], "%s", sys.species[sys.type[i]].name);
        memcpy(cfg->pos_A + 3 * i, sys.pos_A + 3 * i, 3 * sizeof(double));
    }
    for (size_t a = 0; a < 3; a++) cfg->box_A[4 * a] = sys.box_A[a];
    lq_md_system_free(&sys);
    return st;
}

/* The POSCAR and data paths fill the arrays with calloc (the command's own memory). */
static void config_free(lq_md_config *cfg, int own) {
    if (own) {
        free(cfg->symbol);
        free(cfg->pos_A);
        memset(cfg, 0, sizeof *cfg);
    } else {
        lq_md_config_free(cfg);
    }
}

static lq_status load_config(const char *path, lq_md_config *cfg, int *own, lq_diag *d) {
    *own = 1;
    if (name_has(path, ".xyz") || name_has(path, ".extxyz")) {
        *own = 0;
        return lq_md_extxyz_read(path, cfg, d);
    }
    if (name_has(path, "POSCAR") || name_has(path, "CONTCAR") || name_has(path, ".vasp"))
        return config_from_poscar(path, cfg, d);
    return config_from_data(path, cfg, d);
}

/* "v,v,..." into exactly n values. */
static int parse_values(const char *s, double *v, size_t n) {
    size_t k = 0;
    char *end;
    const char *p = s;
    while (*p && k < n + 1) {
        double x = strtod(p, &end);
        if (end == p) return 0;
        if (k < n) v[k] = x;
        k++;
        p = end;
        while (*p == ',' || isspace((unsigned char)*p)) p++;
    }
    return k == n && !*p;
}

static void print_text(const lq_md_config *c, const lq_dp_result *r) {
    printf("energy_eV %.12f\n", r->energy_eV);
    printf("virial_eV %.10g %.10g %.10g  %.10g %.10g %.10g  %.10g %.10g %.10g\n", r->virial_eV[0],
           r->virial_eV[1], r->virial_eV[2], r->virial_eV[3], r->virial_eV[4], r->virial_eV[5],
           r->virial_eV[6], r->virial_eV[7], r->virial_eV[8]);
    printf("%6s %-4s %18s %16s %16s %16s\n", "atom", "sp", "energy_eV", "fx_eV_per_A",
           "fy_eV_per_A", "fz_eV_per_A");
    for (size_t i = 0; i < c->n_atoms; i++)
        printf("%6zu %-4s %18.10f %16.10f %16.10f %16.10f\n", i + 1, c->symbol[i],
               r->atom_energy_eV[i], r->forces_eV_per_A[3 * i], r->forces_eV_per_A[3 * i + 1],
               r->forces_eV_per_A[3 * i + 2]);
}

static cJSON *rows(const double *v, size_t n, size_t w) {
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateDoubleArray(v + i * w, (int)w));
    return a;
}

static void print_json(const lq_md_config *c, const lq_dp_model *m, const lq_dp_result *r) {
    cJSON *j = cJSON_CreateObject();
    cJSON *tm = cJSON_CreateArray();
    for (size_t t = 0; t < lq_dp_model_ntypes(m); t++)
        cJSON_AddItemToArray(tm, cJSON_CreateString(lq_dp_model_type_name(m, t)));
    cJSON_AddItemToObject(j, "type_map", tm);
    cJSON_AddNumberToObject(j, "n_atoms", (double)c->n_atoms);
    cJSON_AddBoolToObject(j, "periodic", c->periodic);
    cJSON_AddNumberToObject(j, "energy_eV", r->energy_eV);
    cJSON_AddItemToObject(j, "atom_energy_eV",
                          cJSON_CreateDoubleArray(r->atom_energy_eV, (int)c->n_atoms));
    cJSON_AddItemToObject(j, "forces_eV_per_A", rows(r->forces_eV_per_A, c->n_atoms, 3));
    cJSON_AddItemToObject(j, "virial_eV", cJSON_CreateDoubleArray(r->virial_eV, 9));
    cJSON_AddItemToObject(j, "atom_virial_eV", rows(r->atom_virial_eV, c->n_atoms, 9));
    lqa_json_write(j, "-", NULL);
    cJSON_Delete(j);
}

typedef struct eval_args {
    const char *potential, *fparam, *aparam;
    long threads;
    double compress;
} eval_args;

/* Model, frame parameters and types; returns an exit code (0: go on). */
static int evaluate(const eval_args *a, const lq_md_config *c, const lqa_ctx *ctx) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_dp_model *m = NULL;
    lq_status st = lq_dp_model_read(a->potential, &m, &d);
    if (st == LQ_OK && a->compress > 0) st = lq_dp_model_compress(m, a->compress, 0.5, NULL, &d);
    if (st != LQ_OK) {
        lq_dp_model_free(m);
        return lqa_fail(CMD, st, &d);
    }
    size_t n = c->n_atoms, nfp = lq_dp_model_dim_fparam(m), nap = lq_dp_model_dim_aparam(m);
    double *buf = calloc(nfp + n * (nap + 14) + 1, sizeof *buf);
    int *type = calloc(n ? n : 1, sizeof *type);
    int rc = 0;
    if (!buf || !type) rc = lqa_fail(CMD, LQ_ENOMEM, NULL);
    double *fp = buf, *ap = buf + nfp;
    if (!rc && nfp && a->fparam && !parse_values(a->fparam, fp, nfp))
        rc = lqa_usage_error(CMD, "--fparam needs %zu numbers", nfp);
    if (!rc && nap && (!a->aparam || !parse_values(a->aparam, ap, n * nap)))
        rc = lqa_usage_error(CMD, "--aparam needs %zu numbers (%zu per atom, in atom order)",
                             n * nap, nap);
    if (!rc && (st = lq_dp_config_types(m, c, type, &d)) != LQ_OK) rc = lqa_fail(CMD, st, &d);
    if (!rc) {
        lq_dp_frame fr = {n,
                          type,
                          c->pos_A,
                          c->periodic ? c->box_A : NULL,
                          nfp && a->fparam ? fp : NULL,
                          nap ? ap : NULL};
        lq_dp_result r = {0};
        r.atom_energy_eV = buf + nfp + n * nap;
        r.forces_eV_per_A = r.atom_energy_eV + n;
        r.atom_virial_eV = r.forces_eV_per_A + 3 * n;
        lq_dp_compute_options o;
        lq_dp_compute_options_default(&o);
        o.n_threads = (int)a->threads;
        st = lq_dp_compute(m, &fr, &o, &r, &d);
        if (st != LQ_OK)
            rc = lqa_fail(CMD, st, &d);
        else if (ctx->json)
            print_json(c, m, &r);
        else
            print_text(c, &r);
    }
    free(buf);
    free(type);
    lq_dp_model_free(m);
    return rc;
}

int lqa_md_eval(int argc, char **argv, const lqa_ctx *ctx) {
    eval_args a = {NULL, NULL, NULL, 0, 0.0};
    const lqa_opt opts[] = {
        {"potential", LQA_STRING, &a.potential, "MODEL",
         "DeePMD-kit model (.yaml/.yml or .dp from dp convert-backend)"},
        {"fparam", LQA_STRING, &a.fparam, "v,..", "frame parameters of the model"},
        {"aparam", LQA_STRING, &a.aparam, "v,..", "atomic parameters, per atom in atom order"},
        {"threads", LQA_INT, &a.threads, "N", "OpenMP threads (0: OMP_NUM_THREADS)"},
        {"compress", LQA_DOUBLE, &a.compress, "STEP",
         "tabulate the embedding nets with this input step (e.g. 0.01; 0: exact nets)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int pr = lqa_parse(CMD,
                       "liquidus md eval --potential MODEL [--fparam v,..] [--aparam v,..] "
                       "[--json] CONFIG   (extended XYZ, POSCAR or LAMMPS data file)",
                       opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!a.potential) return lqa_usage_error(CMD, "--potential is required");
    if (npos != 1) return lqa_usage_error(CMD, "one configuration file is required");
    lq_md_config c;
    int own;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = load_config(pos[0], &c, &own, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    int rc = evaluate(&a, &c, ctx);
    config_free(&c, own);
    return rc ? rc : LQA_EXIT_OK;
}

/* `liquidus md random-model`: a DeePMD-kit model with random weights (lq_dp_model_write_random),
 * for tests and timings of the deep-potential path; its forces mean nothing physically. */
int lqa_md_random_model(int argc, char **argv, const lqa_ctx *ctx) {
    const char *types = NULL, *out = NULL;
    double rcut = 5.0, rsmth = 0.5;
    long sel = 40, seed = 1;
    const lqa_opt opts[] = {
        {"types", LQA_STRING, &types, "A,B,..", "type_map of the model (element names)"},
        {"rcut", LQA_DOUBLE, &rcut, "A", "descriptor cutoff (5)"},
        {"rcut-smth", LQA_DOUBLE, &rsmth, "A", "start of the smooth switch (0.5)"},
        {"sel", LQA_INT, &sel, "N", "neighbours kept per type (40)"},
        {"seed", LQA_INT, &seed, "N", "random seed (1)"},
        {"out", LQA_STRING, &out, "FILE", "model file to write (.yaml)"},
    };
    int pr = lqa_parse("md random-model",
                       "liquidus md random-model --types A,B,.. --out FILE.yaml [options]  "
                       "(random weights: for tests and timings, not physics)",
                       opts, sizeof opts / sizeof opts[0], argc, argv, NULL, 0, NULL);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!types || !out) return lqa_usage_error("md random-model", "--types and --out are required");
    if (sel < 1 || sel > 100000 || seed < 0)
        return lqa_usage_error("md random-model", "--sel must be 1..100000, --seed >= 0");
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", types);
    const char *names[64];
    size_t sels[64], nt = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (nt == 64) return lqa_usage_error("md random-model", "--types: at most 64 names");
        sels[nt] = (size_t)sel;
        names[nt++] = w;
    }
    if (nt == 0) return lqa_usage_error("md random-model", "--types: no names");
    lq_dp_random_spec sp;
    lq_dp_random_spec_default(&sp);
    sp.n_types = nt;
    sp.type_map = names;
    sp.sel = sels;
    sp.rcut_A = rcut;
    sp.rcut_smth_A = rsmth;
    sp.seed = (unsigned long)seed;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dp_model_write_random(out, &sp, &d);
    if (st != LQ_OK) return lqa_fail("md random-model", st, &d);
    if (!ctx->json) printf("wrote %s (%zu types, random weights)\n", out, nt);
    return LQA_EXIT_OK;
}
