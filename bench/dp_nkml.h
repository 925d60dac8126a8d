/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A Na-K-Mg-Cl melt by liquidus' MD: frames with energies and forces, g(r) peaks and D
 * (shared by bench/bench_dp_train.c and tests/dp_train/test_nkml.c). */
#ifndef LIQUIDUS_BENCH_DP_NKML_H
#define LIQUIDUS_BENCH_DP_NKML_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/deepmd.h"
#include "liquidus/md.h"

/** A trajectory: every stored frame's wrapped and unwrapped positions, forces and energy. */
typedef struct nkml_traj {
    size_t n_atoms, n, cap;
    double L, *pos, *unwrapped, *force, *energy;
    const lq_md_system *sys0;
} nkml_traj;

static inline int nkml_grab(void *user, const lq_md_sim *sim) {
    nkml_traj *t = user;
    if (t->n == t->cap) return 1;
    const lq_md_system *s = lq_md_sim_system(sim);
    size_t na = s->n_atoms, k = t->n++;
    lq_md_thermo th;
    lq_md_sim_thermo(sim, &th);
    t->L = s->box_A[0];
    memcpy(t->force + 3 * na * k, lq_md_sim_forces(sim), 3 * na * sizeof(double));
    for (size_t i = 0; i < 3 * na; i++) {
        double L = s->box_A[i % 3], x = s->pos_A[i];
        x -= L * floor(x / L);
        t->pos[3 * na * k + i] = x;
        t->unwrapped[3 * na * k + i] = s->pos_A[i] + L * (double)s->image[i];
    }
    t->energy[k] = th.pe_eV;
    return 0;
}

static inline void nkml_traj_free(nkml_traj *t) {
    free(t->pos);
    free(t->unwrapped);
    free(t->force);
    free(t->energy);
    memset(t, 0, sizeof *t);
}

/* Runs `equil` steps, then stores n frames every `every` steps (NVT at T, 1 fs). */
/* An NVT simulation at T of sys with model on `threads` threads, velocities drawn with `seed`
 * (*sim owned by the caller: lq_md_sim_free). */
static inline lq_status nkml_sim(const lq_md_system *sys, const lq_md_model *model, double T,
                                 unsigned long seed, int threads, lq_md_sim **sim, lq_diag *d) {
    lq_md_ff_options ff;
    lq_md_ff_options_default(&ff);
    ff.skin_A = 2.0; /* PPPM, cutoff half the edge minus the skin, as `md run` chooses */
    ff.cutoff_A = fmin(10.0, 0.5 * sys->box_A[0] - ff.skin_A);
    ff.n_threads = threads;
    lq_md_run_options ro;
    lq_md_run_options_default(&ro);
    ro.ensemble = LQ_MD_NVT;
    ro.T_K = T;
    *sim = NULL;
    lq_status st = lq_md_sim_create_model(sys, model, &ff, &ro, sim, d);
    if (st == LQ_OK) st = lq_md_sim_velocities_init(*sim, T, seed);
    return st;
}

static inline lq_status nkml_run(const lq_md_system *sys, const lq_md_model *model, double T,
                                 long equil, size_t n, long every, unsigned long seed, int threads,
                                 nkml_traj *t, lq_diag *d) {
    lq_md_sim *sim = NULL;
    lq_status st = nkml_sim(sys, model, T, seed, threads, &sim, d);
    if (st == LQ_OK && equil > 0) st = lq_md_sim_run(sim, equil, NULL, NULL, equil, d);
    memset(t, 0, sizeof *t);
    t->n_atoms = sys->n_atoms;
    t->cap = n;
    t->sys0 = sys;
    size_t m = 3 * sys->n_atoms * n;
    t->pos = malloc(m * sizeof(double));
    t->unwrapped = malloc(m * sizeof(double));
    t->force = malloc(m * sizeof(double));
    t->energy = malloc(n * sizeof(double));
    if (!t->pos || !t->unwrapped || !t->force || !t->energy) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lq_md_sim_run(sim, (long)n * every, nkml_grab, t, every, d);
    lq_md_sim_free(sim);
    return st;
}

/* Frames [f0, f1) of a trajectory as a deepmd/npy system (arrays borrowed: do not free). */
static inline void nkml_system(const nkml_traj *t, size_t f0, size_t f1, char (*names)[8],
                               int *type, double *box, lq_dp_system *out) {
    const lq_md_system *s = t->sys0;
    memset(out, 0, sizeof *out);
    out->n_atoms = t->n_atoms;
    out->n_frames = f1 - f0;
    out->n_types = s->n_species;
    out->type_map = names;
    for (size_t k = 0; k < s->n_species; k++) memcpy(names[k], s->species[k].name, 8);
    out->type = type;
    memcpy(type, s->type, t->n_atoms * sizeof *type);
    for (size_t f = 0; f < f1 - f0; f++) {
        memset(box + 9 * f, 0, 9 * sizeof(double));
        box[9 * f] = box[9 * f + 4] = box[9 * f + 8] = t->L;
    }
    out->box_A = box;
    out->coord_A = t->pos + 3 * t->n_atoms * f0;
    out->force_eV_per_A = t->force + 3 * t->n_atoms * f0;
    out->energy_eV = t->energy + f0;
}

/** First peaks of every g_ab(r) (with block errors) and D of each species. */
typedef struct nkml_obs {
    size_t n_pairs, n_species, n_bins;
    lq_md_rdf_pair pair[LQ_MD_MAX_SPECIES * (LQ_MD_MAX_SPECIES + 1) / 2];
    double D[LQ_MD_MAX_SPECIES], D_err[LQ_MD_MAX_SPECIES];
    double r[400], g[LQ_MD_MAX_SPECIES * (LQ_MD_MAX_SPECIES + 1) / 2 * 400];
} nkml_obs;

static inline lq_status nkml_observe(const nkml_traj *t, double dt_ps, nkml_obs *o, lq_diag *d) {
    const lq_md_system *s0 = t->sys0;
    lq_md_system s = *s0;
    lq_md_rdf *rdf = NULL;
    o->n_species = s0->n_species;
    o->n_bins = 200;
    lq_status st = lq_md_rdf_create(s0->n_species, 0.5 * t->L - 0.01, o->n_bins, &rdf);
    for (size_t f = 0; st == LQ_OK && f < t->n; f++) {
        s.pos_A = t->pos + 3 * t->n_atoms * f;
        st = lq_md_rdf_add(rdf, &s, d);
    }
    o->n_pairs = st == LQ_OK ? lq_md_rdf_n_pairs(rdf) : 0;
    if (st == LQ_OK) st = lq_md_rdf_result(rdf, o->r, o->g, NULL, NULL, o->pair);
    lq_md_rdf_free(rdf);
    double mass[LQ_MD_MAX_SPECIES];
    for (size_t k = 0; k < s0->n_species; k++) mass[k] = s0->species[k].mass_amu;
    lq_md_msd_options mo = lq_md_msd_options_default();
    mo.dt_ps = dt_ps;
    lq_md_msd res;
    memset(&res, 0, sizeof res);
    if (st == LQ_OK)
        st = lq_md_msd_compute(t->unwrapped, t->n, t->n_atoms, s0->type, s0->n_species, mass, &mo,
                               &res, d);
    for (size_t k = 0; st == LQ_OK && k < s0->n_species; k++) {
        o->D[k] = res.D_cm2_s[k];
        o->D_err[k] = res.D_err_cm2_s[k];
    }
    lq_md_msd_free(&res);
    return st;
}

/* A failed step of a bench: message on stderr, exit status 1. */
static inline int nkml_fail(const char *prog, const char *what, lq_status st, const lq_diag *d) {
    fprintf(stderr, "%s: %s: %s (%s)\n", prog, what, lq_status_str(st), d->msg);
    return 1;
}

/* The training frames cached in the working folder (the MD takes minutes): n, L, positions,
 * forces, energies. Returns 0 when read (write 0) or written (write 1). */
static inline int nkml_cache_io(const char *path, nkml_traj *t, int write) {
    FILE *fp = fopen(path, write ? "wb" : "rb");
    if (!fp) return 1;
    size_t m = 3 * t->n_atoms * t->cap, ok = 1, n = t->n;
    if (write)
        ok = fwrite(&n, sizeof n, 1, fp) == 1 && fwrite(&t->L, sizeof t->L, 1, fp) == 1 &&
             fwrite(t->pos, sizeof(double), m, fp) == m &&
             fwrite(t->force, sizeof(double), m, fp) == m &&
             fwrite(t->energy, sizeof(double), t->cap, fp) == t->cap;
    else {
        ok = fread(&n, sizeof n, 1, fp) == 1 && n == t->cap &&
             fread(&t->L, sizeof t->L, 1, fp) == 1 && fread(t->pos, sizeof(double), m, fp) == m &&
             fread(t->force, sizeof(double), m, fp) == m &&
             fread(t->energy, sizeof(double), t->cap, fp) == t->cap;
        t->n = n;
    }
    fclose(fp);
    return !ok;
}

/* First peaks of every g(r) and D of every species, with their block errors. */
static inline void nkml_print_obs(const char *label, const char *const *names, const nkml_obs *o) {
    for (size_t a = 0; a < o->n_species; a++)
        for (size_t b = a; b < o->n_species; b++) {
            const lq_md_rdf_pair *p = &o->pair[lq_md_rdf_pair_index(o->n_species, a, b)];
            printf("%s g_%s-%s first peak r %.3f +- %.3f A  height %.3f +- %.3f\n", label, names[a],
                   names[b], p->r_peak_A, p->r_peak_err_A, p->g_peak, p->g_peak_err);
        }
    for (size_t k = 0; k < o->n_species; k++)
        printf("%s D_%s %.3e +- %.1e cm^2/s\n", label, names[k], o->D[k], o->D_err[k]);
}

/* An empty frame set of `nframes` frames of sys (positions, forces, energies; no unwrapped
 * positions) for nkml_cache_io; 0 on success, else 1 with nothing allocated. */
static inline int nkml_frames_alloc(const lq_md_system *sys, size_t nframes, nkml_traj *tr) {
    size_t n3 = 3 * sys->n_atoms;
    memset(tr, 0, sizeof *tr);
    tr->n_atoms = sys->n_atoms;
    tr->cap = nframes;
    tr->sys0 = sys;
    tr->pos = malloc(n3 * nframes * sizeof(double));
    tr->force = malloc(n3 * nframes * sizeof(double));
    tr->energy = malloc(nframes * sizeof(double));
    if (tr->pos && tr->force && tr->energy) return 0;
    nkml_traj_free(tr);
    return 1;
}

/* The training frames of bench_dp_train.c (same call and seeds: every 50 fs after 2 ps of
 * equilibration at T_K): read from the cache file `path` when `read` and it holds them, else run
 * and, when `write`, cached there. 0 on success; on failure `d` says why. */
static inline lq_status nkml_frames(const lq_md_system *sys, const lq_md_model *ri, double T_K,
                                    size_t nframes, const char *path, int read, int write,
                                    nkml_traj *tr, lq_diag *d) {
    if (nkml_frames_alloc(sys, nframes, tr)) return LQ_ENOMEM;
    if (read && nkml_cache_io(path, tr, 0) == 0) return LQ_OK;
    nkml_traj_free(tr);
    lq_status st = nkml_run(sys, ri, T_K, 2000, nframes, 50, 11, 1, tr, d);
    if (st == LQ_OK && write) nkml_cache_io(path, tr, 1);
    return st;
}

/* The melt's species and the DP trained on it in the DP benches: se_e2_a rcut 6 A (smooth from
 * 0.5 A), embedding [8,16,32], axis 8, fitting [64,64,64], type_one_side, seed 1. */
static const char *const nkml_names[4] = {"Na", "K", "Mg", "Cl"};
static const size_t nkml_sel[4] = {16, 16, 8, 40};

static inline void nkml_model_spec(lq_dp_random_spec *s) {
    lq_dp_random_spec_default(s);
    s->n_types = 4;
    s->type_map = nkml_names;
    s->sel = nkml_sel;
    s->rcut_A = 6.0;
    s->rcut_smth_A = 0.5;
    s->n_embed = 3;
    s->embed_neuron[0] = 8;
    s->embed_neuron[1] = 16;
    s->embed_neuron[2] = 32;
    s->axis_neuron = 8;
    s->n_fit = 3;
    s->fit_neuron[0] = s->fit_neuron[1] = s->fit_neuron[2] = 64;
    s->type_one_side = 1;
    s->seed = 1;
}

/* g(r) of the rigid-ion melt (a) and of a DP run (b, columns "<tag>_X-Y") side by side in a CSV
 * file, after an optional comment line. */
static inline void nkml_write_gr(const char *path, const char *comment, const char *tag,
                                 const nkml_obs *a, const nkml_obs *b) {
    FILE *fp = fopen(path, "w");
    if (!fp) return;
    if (comment) fprintf(fp, "# %s\n", comment);
    fprintf(fp, "r_A");
    for (size_t p = 0; p < a->n_pairs; p++)
        fprintf(fp, ",rigid_%s-%s,%s_%s-%s", nkml_names[a->pair[p].a], nkml_names[a->pair[p].b],
                tag, nkml_names[a->pair[p].a], nkml_names[a->pair[p].b]);
    fprintf(fp, "\n");
    for (size_t k = 0; k < a->n_bins; k++) {
        fprintf(fp, "%.4f", a->r[k]);
        for (size_t p = 0; p < a->n_pairs; p++)
            fprintf(fp, ",%.5f,%.5f", a->g[p * a->n_bins + k], b->g[p * a->n_bins + k]);
        fprintf(fp, "\n");
    }
    fclose(fp);
}

#endif /* LIQUIDUS_BENCH_DP_NKML_H */
