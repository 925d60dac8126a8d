/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Done-when 2 of the deep-potential training issue with a fixed-charge long-range baseline (the
 * DPLR way): the DP of bench_dp_train.c trained on rigid-ion frames of a Na-K-Mg-Cl melt (by
 * default that of the other DP benches; the MgCl2-rich MELT_MG16 by argument, so that Mg-Mg has
 * a resolved first peak) minus (Ewald - DSF within 6 A) of the formal charges, held-out RMSEs of
 * DP + baseline, and MD with DP + baseline (PPPM) against the rigid-ion melt: frames and MD
 * either from independent runs (the default of bench/dp_dplr_nkml.sh) or from one run each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_nkml.h"
#include "bench_util.h"
#include "dp_nkml.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/md.h"

#define PROG "bench_dp_dplr"
/* The melt of the other DP benches (COMP, 4 Mg ions) and a MgCl2-rich one, NaCl:KCl:MgCl2 =
 * 27.5:32.5:40 mol % as 96 ions (16 Mg: 120 Mg-Mg pairs), both at the density of the other DP
 * benches; sel with room for the Mg neighbours within 6 A of the second (4.5 on average, 11 at
 * most in its frames). */
#define COMP_DPLR COMP
#define MELT_MG16 "Na:11 K:13 Mg:16 Cl:56"
static const size_t dplr_sel[4] = {16, 16, 16, 40};

static double g_max_wall = 1e30;
static const char *g_comp = COMP_DPLR; /* the melt (argument 7) */
static double g_stop_lr = 1e-7;        /* the final learning rate (argument 8) */
static size_t g_train_runs = 1;        /* independent rigid-ion runs of the frames (argument 9) */
static size_t g_md_runs = 1;           /* independent MD runs per model (argument 10) */

/* Independent runs (g_train_runs, g_md_runs > 1): each starts from its own random placement
 * (lq_md_system_build, seed START_SEED + k), annealed by the rigid ions for 1 ps at HOT_K and
 * 1 ps at TEMP_K (1 thread, so the start does not depend on the thread count); the training
 * runs then equilibrate TRAIN_EQUIL more steps and store frames every TRAIN_EVERY steps; the
 * validation runs give each model the same start and MD_EQUIL steps of its own before sampling. */
#define HOT_K 1500.0
#define TRAIN_SEED 100
#define MD_SEED 200
#define TRAIN_EQUIL 2000
#define TRAIN_EVERY 100
#define MD_EQUIL 1000

static int on_prog(void *u, const lq_dp_train_progress *p) {
    (void)u;
    printf("  step %6zu lr %.2e  val: E %.3f meV/atom F %.1f meV/A  trn: E %.3f F %.1f  (%.0f s)\n",
           p->step, p->lr, 1e3 * p->rmse_e_val, 1e3 * p->rmse_f_val, 1e3 * p->rmse_e_trn,
           1e3 * p->rmse_f_trn, p->wall_s);
    return p->wall_s > g_max_wall;
}

/* A g(r)/D trajectory cached in the working folder (stage "ri" makes the rigid-ion one alone, so
 * it can run beside the training; stage "md" writes the DP one, so "obs" can analyse both again).
 */
static int traj_io(const char *path, nkml_traj *t, int write) {
    FILE *fp = fopen(path, write ? "wb" : "rb");
    if (!fp) return 1;
    size_t m = 3 * t->n_atoms * t->cap, ok;
    double *arr[3] = {t->pos, t->unwrapped, t->force};
    if (write) {
        ok = fwrite(&t->n, sizeof t->n, 1, fp) == 1 && fwrite(&t->L, sizeof t->L, 1, fp) == 1;
        for (int k = 0; k < 3; k++) ok = ok && fwrite(arr[k], sizeof(double), m, fp) == m;
        ok = ok && fwrite(t->energy, sizeof(double), t->cap, fp) == t->cap;
    } else {
        size_t n = 0;
        ok =
            fread(&n, sizeof n, 1, fp) == 1 && n == t->cap && fread(&t->L, sizeof t->L, 1, fp) == 1;
        for (int k = 0; k < 3; k++) ok = ok && fread(arr[k], sizeof(double), m, fp) == m;
        ok = ok && fread(t->energy, sizeof(double), t->cap, fp) == t->cap;
        t->n = n;
    }
    fclose(fp);
    return !ok;
}

/* |a - b| in combined standard errors */
static double zscore(double a, double ea, double b, double eb) {
    return fabs(a - b) / sqrt(ea * ea + eb * eb);
}

/* An empty trajectory of `cap` frames of `sys` for traj_io; 0 on success. */
static int traj_alloc(nkml_traj *t, const lq_md_system *sys, size_t cap) {
    size_t m = 3 * sys->n_atoms * cap;
    memset(t, 0, sizeof *t);
    t->n_atoms = sys->n_atoms;
    t->cap = cap;
    t->sys0 = sys;
    t->pos = malloc(m * sizeof(double));
    t->unwrapped = malloc(m * sizeof(double));
    t->force = malloc(m * sizeof(double));
    t->energy = malloc(cap * sizeof(double));
    return !t->pos || !t->unwrapped || !t->force || !t->energy;
}

/* The baseline's share of the held-out labels (cf. docs: 104 meV/A for Ewald - DSF 6 A, 0.25). */
static lq_status print_baseline_share(const lq_dp_baseline *bl, const lq_dp_system *sval,
                                      lq_diag *d) {
    lq_dp_system c = *sval;
    size_t n3 = 3 * c.n_atoms;
    c.energy_eV = calloc(c.n_frames, sizeof(double));
    c.force_eV_per_A = calloc(n3 * c.n_frames, sizeof(double));
    lq_status st = c.energy_eV && c.force_eV_per_A ? LQ_OK : LQ_ENOMEM;
    double tb = lqb_wall_s();
    if (st == LQ_OK) st = lq_dp_baseline_labels(bl, &c, 1.0, d);
    if (st == LQ_OK) {
        double ss = 0;
        for (size_t k = 0; k < n3 * c.n_frames; k++)
            ss += c.force_eV_per_A[k] * c.force_eV_per_A[k];
        printf(
            "baseline (Ewald 1e-8 - DSF alpha %.2f /A within %.1f A) on the %zu held-out frames: "
            "RMS force %.1f meV/A (%.2f s per frame)\n",
            bl->dsf_alpha_per_A, bl->dsf_rcut_A, c.n_frames,
            1e3 * sqrt(ss / (double)(n3 * c.n_frames)), (lqb_wall_s() - tb) / (double)c.n_frames);
    }
    free(c.energy_eV);
    free(c.force_eV_per_A);
    return st;
}

/* Trains the DP + baseline on strn (held out: sval) and prints the RMSEs and the bench row. */
static lq_status train(lq_dp_baseline *bl, const lq_dp_system *strn, const lq_dp_system *sval,
                       size_t nframes, size_t nsteps, int threads, lq_diag *d) {
    lq_dp_train_options o;
    lq_dp_train_options_default(&o);
    nkml_model_spec(&o.model);
    o.model.sel = dplr_sel;
    o.numb_steps = nsteps;
    /* a small final lr (DeePMD-kit's examples end at 3.5e-8): with Adam every weight moves by
     * about lr a step, so a larger final lr keeps the energy moving from one single-frame update
     * to the next; the decay per step is set by numb_steps and stop_lr together */
    o.start_lr = 1e-3;
    o.stop_lr = g_stop_lr;
    o.decay_steps = nsteps / 200 > 0 ? nsteps / 200 : 1;
    o.batch_size = 1;
    o.disp_freq = nsteps / 40 > 0 ? nsteps / 40 : 1;
    o.save_freq = nsteps / 10 > 0 ? nsteps / 10 : 1;
    o.n_threads = threads;
    o.lcurve = "dp_dplr_lcurve.out";
    o.save_ckpt = "dp_dplr.ckpt.yaml";
    o.progress = on_prog;
    o.baseline = bl;
    printf(
        "\nDP of bench_dp_train.c (sel %zu/%zu/%zu/%zu) + baseline, %zu steps, lr 1e-3 -> "
        "%.2g, %d threads:\n",
        dplr_sel[0], dplr_sel[1], dplr_sel[2], dplr_sel[3], nsteps, g_stop_lr, threads);
    lq_dp_train_result r;
    lq_status st = lq_dp_train(&o, strn, 1, sval, 1, NULL, "dp_dplr_model.yaml", &r, d);
    if (st != LQ_OK && st != LQ_ECANCELLED) return st;
    printf("training: %zu of %zu steps%s, %zu weights, %.1f s wall (%.2f steps/s)\n", r.steps,
           nsteps, st == LQ_ECANCELLED ? " (stopped at the wall-time limit)" : "", r.n_params,
           r.wall_s, (double)r.steps / r.wall_s);
    printf(
        "held-out (%zu frames), DP + baseline against the labels: energy RMSE %.3f "
        "meV/atom, force RMSE %.2f meV/A (study's Table 2: <= 1.20, <= 33.98)\n",
        sval->n_frames, 1e3 * r.rmse_e_val, 1e3 * r.rmse_f_val);
    printf("training (%zu frames): energy RMSE %.3f meV/atom, force RMSE %.2f meV/A\n",
           strn->n_frames, 1e3 * r.rmse_e_trn, 1e3 * r.rmse_f_trn);
    char b1[128], b2[128];
    lqb_row(nframes >= 300
                ? "DP + long-range baseline training, held-out RMSE (Na-K-Mg-Cl, done-when 2)"
                : "DP + long-range baseline training, held-out RMSE (Na-K-Mg-Cl, 40 frames, "
                  "quick)",
            lqb_fmt(b1, sizeof b1, "%.2f meV/atom, %.1f meV/A after %zu steps", 1e3 * r.rmse_e_val,
                    1e3 * r.rmse_f_val, r.steps),
            lqb_fmt(b2, sizeof b2, "target 1.20 meV/atom, 33.98 meV/A; %.0f s", r.wall_s), "-");
    return LQ_OK;
}

/* The written model as dp test runs it: DP + baseline against the held-out labels. */
static lq_status dp_test(const lq_dp_system *sval, int threads, lq_diag *d) {
    lq_dp_model *m = NULL;
    char mpath[1024];
    lq_dp_baseline rb;
    lq_status st = lq_dp_baseline_read("dp_dplr_model.dplr", &rb, mpath, sizeof mpath, d);
    if (st == LQ_OK) st = lq_dp_model_read(mpath, &m, d);
    lq_dp_test_options to;
    lq_dp_test_options_default(&to);
    to.baseline = &rb;
    to.compute.n_threads = threads;
    lq_dp_test_result tres;
    if (st == LQ_OK) st = lq_dp_test_system(m, sval, &to, &tres, d);
    if (st == LQ_OK)
        printf(
            "dp test dp_dplr_model.dplr (held-out): energy RMSE %.3f meV/atom, force RMSE "
            "%.2f meV/A\n",
            1e3 * tres.energy_rmse_eV_per_atom, 1e3 * tres.force_rmse_eV_per_A);
    lq_dp_model_free(m);
    return st;
}

/* g(r) first peaks and D of both trajectories, their z-scores and the g(r) CSV. */
static lq_status compare(const nkml_traj *trd, const nkml_traj *tdp, lq_diag *d) {
    nkml_obs *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    lq_status st = a && b ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) st = nkml_observe(trd, 0.01, a, d);
    if (st == LQ_OK) st = nkml_observe(tdp, 0.01, b, d);
    if (st == LQ_OK) {
        nkml_print_obs("rigid-ion", nkml_names, a);
        nkml_print_obs("DP+LR    ", nkml_names, b);
        printf("\ndifferences in combined standard errors (|a-b| / sqrt(ea^2 + eb^2)):\n");
        for (size_t p = 0; p < a->n_pairs; p++) {
            const lq_md_rdf_pair *x = &a->pair[p], *y = &b->pair[p];
            printf("  g_%s-%s  r_peak %.1f  g_peak %.1f\n", nkml_names[x->a], nkml_names[x->b],
                   zscore(x->r_peak_A, x->r_peak_err_A, y->r_peak_A, y->r_peak_err_A),
                   zscore(x->g_peak, x->g_peak_err, y->g_peak, y->g_peak_err));
        }
        for (size_t k = 0; k < a->n_species; k++)
            printf("  D_%s %.1f\n", nkml_names[k],
                   zscore(a->D[k], a->D_err[k], b->D[k], b->D_err[k]));
        /* blocks long against the correlation time give the same error with half the length */
        printf(
            "\nfirst-peak errors (jackknife) over %zu blocks and over blocks half as long "
            "(rigid-ion | DP+LR): r_peak (A), g_peak\n",
            a->pair[0].n_blocks);
        for (size_t p = 0; p < a->n_pairs; p++) {
            const lq_md_rdf_pair *x = &a->pair[p], *y = &b->pair[p];
            printf("  g_%s-%s  r %.4f / %.4f | %.4f / %.4f   g %.3f / %.3f | %.3f / %.3f\n",
                   nkml_names[x->a], nkml_names[x->b], x->r_peak_err_A, x->r_peak_err_short_A,
                   y->r_peak_err_A, y->r_peak_err_short_A, x->g_peak_err, x->g_peak_err_short,
                   y->g_peak_err, y->g_peak_err_short);
        }
        nkml_write_gr("dp_dplr_gr.csv", g_comp, "dplr", a, b);
    }
    free(a);
    free(b);
    return st;
}

#define NPAIRS (LQ_MD_MAX_SPECIES * (LQ_MD_MAX_SPECIES + 1) / 2)

/* Mean potential energy per atom of a trajectory's frames (eV). */
static double mean_pe(const nkml_traj *t) {
    double s = 0;
    for (size_t f = 0; f < t->n; f++) s += t->energy[f];
    return s / (double)t->n / (double)t->n_atoms;
}

/* `steps` of NVT at T by model on 1 thread from sys (velocities drawn with `seed`); the final
 * positions replace those of sys (image flags cleared). */
static lq_status relax(lq_md_system *sys, const lq_md_model *model, double T, long steps,
                       unsigned long seed, lq_diag *d) {
    lq_md_sim *sim = NULL;
    lq_status st = nkml_sim(sys, model, T, seed, 1, &sim, d);
    if (st == LQ_OK) st = lq_md_sim_run(sim, steps, NULL, NULL, steps, d);
    if (st == LQ_OK) {
        const lq_md_system *s = lq_md_sim_system(sim);
        memcpy(sys->pos_A, s->pos_A, 3 * sys->n_atoms * sizeof(double));
        memset(sys->image, 0, 3 * sys->n_atoms * sizeof(int));
    }
    lq_md_sim_free(sim);
    return st;
}

/* Start k of a series: g_comp placed at random (build seed `seed`), 1 ps at HOT_K and 1 ps at
 * TEMP_K with the rigid ions; *out owned by the caller (lq_md_system_free). */
static lq_status start_config(const lq_md_model *ri, unsigned long seed, lq_md_system *out,
                              lq_diag *d) {
    lq_md_composition comp;
    lq_md_build_options bo = lq_md_build_options_default();
    bo.T_K = TEMP_K;
    bo.density_g_cm3 = RHO;
    bo.seed = seed;
    memset(out, 0, sizeof *out);
    lq_status st = lq_md_composition_parse(g_comp, LQ_MD_SIZE_AS_WRITTEN, 0, &comp, d);
    if (st == LQ_OK) st = lq_md_system_build(&comp, &bo, out, d);
    if (st == LQ_OK) st = lq_md_model_apply(ri, out, d);
    if (st == LQ_OK) st = relax(out, ri, HOT_K, 1000, 1000 + seed, d);
    if (st == LQ_OK) st = relax(out, ri, TEMP_K, 1000, 2000 + seed, d);
    return st;
}

/* The training frames from g_train_runs independent rigid-ion runs (nframes / g_train_runs
 * each, every TRAIN_EVERY fs after TRAIN_EQUIL more steps), run after run in tr; cached in
 * `path`. */
static lq_status frames_runs(const lq_md_system *sys, const lq_md_model *ri, size_t nframes,
                             const char *path, nkml_traj *tr, lq_diag *d) {
    size_t n3 = 3 * sys->n_atoms, per = nframes / g_train_runs;
    if (nkml_frames_alloc(sys, nframes, tr)) return LQ_ENOMEM;
    if (nkml_cache_io(path, tr, 0) == 0) return LQ_OK;
    lq_status st = LQ_OK;
    for (size_t k = 0; st == LQ_OK && k < g_train_runs; k++) {
        lq_md_system s0;
        nkml_traj t;
        memset(&t, 0, sizeof t);
        st = start_config(ri, TRAIN_SEED + k, &s0, d);
        if (st == LQ_OK)
            st = nkml_run(&s0, ri, TEMP_K, TRAIN_EQUIL, per, TRAIN_EVERY, 3000 + TRAIN_SEED + k, 1,
                          &t, d);
        if (st == LQ_OK) {
            memcpy(tr->pos + n3 * per * k, t.pos, n3 * per * sizeof(double));
            memcpy(tr->force + n3 * per * k, t.force, n3 * per * sizeof(double));
            memcpy(tr->energy + per * k, t.energy, per * sizeof(double));
            tr->L = t.L;
            tr->n += per;
            printf("  training run %zu (build seed %d): %zu frames, mean PE %.4f eV/atom\n", k,
                   TRAIN_SEED + (int)k, per, mean_pe(&t));
        }
        nkml_traj_free(&t);
        lq_md_system_free(&s0);
    }
    if (st == LQ_OK) nkml_cache_io(path, tr, 1);
    return st;
}

/* Validation run k of `model` (the rigid ions when model == ri): start k of the MD series,
 * MD_EQUIL steps, then md_frames frames every 10 fs; read from `path` when there, else run
 * (unless load_only) and cached there. */
static lq_status md_run_k(const lq_md_system *sys, const lq_md_model *ri, const lq_md_model *model,
                          size_t k, size_t md_frames, int threads, const char *path, int load_only,
                          nkml_traj *t, lq_diag *d) {
    if (traj_alloc(t, sys, md_frames)) return LQ_ENOMEM;
    if (traj_io(path, t, 0) == 0) return LQ_OK;
    nkml_traj_free(t);
    if (load_only) {
        snprintf(d->msg, sizeof d->msg, "cannot read the kept trajectory %s", path);
        return LQ_EIO;
    }
    lq_md_system s0;
    lq_status st = start_config(ri, MD_SEED + k, &s0, d);
    if (st == LQ_OK && model != ri) st = lq_md_model_apply(model, &s0, d);
    if (st == LQ_OK)
        st = nkml_run(&s0, model, TEMP_K, MD_EQUIL, md_frames, 10, 4000 + MD_SEED + k, threads, t,
                      d);
    t->sys0 = sys;
    if (st == LQ_OK) traj_io(path, t, 1);
    lq_md_system_free(&s0);
    return st;
}

/* g(r) and its first peaks over the frames of runs t[0..m) but run `skip` (skip >= m: all). */
static lq_status pooled_rdf(const nkml_traj *t, size_t m, size_t skip, nkml_obs *o, lq_diag *d) {
    lq_md_system s = *t[0].sys0;
    lq_md_rdf *rdf = NULL;
    o->n_species = s.n_species;
    o->n_bins = 200; /* as nkml_observe */
    lq_status st = lq_md_rdf_create(s.n_species, 0.5 * t[0].L - 0.01, o->n_bins, &rdf);
    for (size_t k = 0; k < m; k++)
        for (size_t f = 0; st == LQ_OK && k != skip && f < t[k].n; f++) {
            s.pos_A = t[k].pos + 3 * t[k].n_atoms * f;
            st = lq_md_rdf_add(rdf, &s, d);
        }
    o->n_pairs = st == LQ_OK ? lq_md_rdf_n_pairs(rdf) : 0;
    if (st == LQ_OK) st = lq_md_rdf_result(rdf, o->r, o->g, NULL, NULL, o->pair);
    lq_md_rdf_free(rdf);
    return st;
}

/* Observables of m independent runs: the first peaks of g(r) pooled over all runs with the
 * jackknife error over the runs (leave one run out; Efron & Stein 1981), D the mean of the runs'
 * D with the standard error of that mean; the per-run values in the log. */
typedef struct runs_obs {
    nkml_obs
        all; /* pooled g(r), its peaks (and the library's block errors over the pooled frames) */
    double r[NPAIRS], r_err[NPAIRS], g[NPAIRS], g_err[NPAIRS];
    double D[LQ_MD_MAX_SPECIES], D_err[LQ_MD_MAX_SPECIES];
} runs_obs;

static lq_status observe_runs(const char *label, const nkml_traj *t, size_t m, runs_obs *o,
                              lq_diag *d) {
    nkml_obs *jk = calloc(1, sizeof *jk);
    nkml_obs *one = calloc(1, sizeof *one);
    double *rv = calloc(m * 64, sizeof(double)), *gv = calloc(m * 64, sizeof(double));
    double dv[LQ_MD_MAX_SPECIES][64];
    lq_status st = jk && one && rv && gv && m <= 64 ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) st = pooled_rdf(t, m, m, &o->all, d);
    size_t np = o->all.n_pairs, ns = o->all.n_species;
    for (size_t i = 0; st == LQ_OK && i < m; i++) {
        st = pooled_rdf(t, m, i, jk, d);
        for (size_t p = 0; st == LQ_OK && p < np; p++) {
            rv[p * m + i] = jk->pair[p].r_peak_A;
            gv[p * m + i] = jk->pair[p].g_peak;
        }
    }
    for (size_t p = 0; st == LQ_OK && p < np; p++) {
        double *x[2] = {rv + p * m, gv + p * m}, *err[2] = {&o->r_err[p], &o->g_err[p]};
        o->r[p] = o->all.pair[p].r_peak_A;
        o->g[p] = o->all.pair[p].g_peak;
        for (int q = 0; q < 2; q++) {
            double mean = 0, ss = 0;
            for (size_t i = 0; i < m; i++) mean += x[q][i] / (double)m;
            for (size_t i = 0; i < m; i++) ss += (x[q][i] - mean) * (x[q][i] - mean);
            *err[q] = sqrt((double)(m - 1) / (double)m * ss);
        }
    }
    /* per run: its own g(r) peaks (printed) and D */
    for (size_t i = 0; st == LQ_OK && i < m; i++) {
        st = nkml_observe(&t[i], 0.01, one, d);
        for (size_t p = 0; st == LQ_OK && p < np; p++) {
            rv[p * m + i] = one->pair[p].r_peak_A;
            gv[p * m + i] = one->pair[p].g_peak;
        }
        for (size_t k = 0; st == LQ_OK && k < ns; k++) dv[k][i] = one->D[k];
    }
    for (size_t k = 0; st == LQ_OK && k < ns; k++) {
        double mean = 0, ss = 0;
        for (size_t i = 0; i < m; i++) mean += dv[k][i] / (double)m;
        for (size_t i = 0; i < m; i++) ss += (dv[k][i] - mean) * (dv[k][i] - mean);
        o->D[k] = mean;
        o->D_err[k] = sqrt(ss / (double)(m - 1) / (double)m);
    }
    if (st == LQ_OK) {
        printf("\n%s, %zu independent runs of %zu frames (10 fs apart):\n", label, m, t[0].n);
        for (size_t p = 0; p < np; p++) {
            const lq_md_rdf_pair *x = &o->all.pair[p];
            printf(
                "%s g_%s-%s first peak r %.3f +- %.3f A  height %.3f +- %.3f  (pooled; "
                "jackknife over runs)\n",
                label, nkml_names[x->a], nkml_names[x->b], o->r[p], o->r_err[p], o->g[p],
                o->g_err[p]);
            printf("    per run r:");
            for (size_t i = 0; i < m; i++) printf(" %.3f", rv[p * m + i]);
            printf("   g:");
            for (size_t i = 0; i < m; i++) printf(" %.2f", gv[p * m + i]);
            printf("\n");
        }
        for (size_t k = 0; k < ns; k++) {
            printf("%s D_%s %.3e +- %.1e cm^2/s (mean of the runs +- its standard error); per run:",
                   label, nkml_names[k], o->D[k], o->D_err[k]);
            for (size_t i = 0; i < m; i++) printf(" %.2e", dv[k][i]);
            printf("\n");
        }
    }
    free(jk);
    free(one);
    free(rv);
    free(gv);
    return st;
}

/* The two series compared: z per quantity with the errors over runs; beside them, the library's
 * block errors of the pooled frames (blocks of consecutive frames, and blocks half as long). */
static lq_status compare_runs(const nkml_traj *trd, const nkml_traj *tdp, size_t m, lq_diag *d) {
    runs_obs *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    lq_status st = a && b ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) st = observe_runs("rigid-ion", trd, m, a, d);
    if (st == LQ_OK) st = observe_runs("DP+LR    ", tdp, m, b, d);
    if (st == LQ_OK) {
        printf(
            "\ndifferences in combined standard errors over the runs (|a-b| / sqrt(ea^2 + "
            "eb^2)):\n");
        for (size_t p = 0; p < a->all.n_pairs; p++) {
            const lq_md_rdf_pair *x = &a->all.pair[p];
            printf("  g_%s-%s  r_peak %.3f / %.3f  z %.2f   g_peak %.3f / %.3f  z %.2f\n",
                   nkml_names[x->a], nkml_names[x->b], a->r[p], b->r[p],
                   zscore(a->r[p], a->r_err[p], b->r[p], b->r_err[p]), a->g[p], b->g[p],
                   zscore(a->g[p], a->g_err[p], b->g[p], b->g_err[p]));
        }
        for (size_t k = 0; k < a->all.n_species; k++)
            printf("  D_%s %.2e / %.2e  z %.2f\n", nkml_names[k], a->D[k], b->D[k],
                   zscore(a->D[k], a->D_err[k], b->D[k], b->D_err[k]));
        printf(
            "\nfirst-peak errors: over runs | library blocks of the pooled frames (%zu) | "
            "blocks half as long; rigid-ion then DP+LR\n",
            a->all.pair[0].n_blocks);
        for (size_t p = 0; p < a->all.n_pairs; p++) {
            const lq_md_rdf_pair *x = &a->all.pair[p], *y = &b->all.pair[p];
            printf(
                "  g_%s-%s  r %.4f | %.4f | %.4f ; %.4f | %.4f | %.4f   g %.3f | %.3f | %.3f ; "
                "%.3f | %.3f | %.3f\n",
                nkml_names[x->a], nkml_names[x->b], a->r_err[p], x->r_peak_err_A,
                x->r_peak_err_short_A, b->r_err[p], y->r_peak_err_A, y->r_peak_err_short_A,
                a->g_err[p], x->g_peak_err, x->g_peak_err_short, b->g_err[p], y->g_peak_err,
                y->g_peak_err_short);
        }
        char c[160];
        snprintf(c, sizeof c, "%s, %zu independent runs per model, pooled", g_comp, m);
        nkml_write_gr("dp_dplr_gr.csv", c, "dplr", &a->all, &b->all);
    }
    free(a);
    free(b);
    return st;
}

int main(int argc, char **argv) {
    /* bench_dp_dplr: 40 frames, 60 steps, no MD (make bench); bench_dp_dplr FRAMES STEPS
     * [MD_FRAMES [THREADS [MAX_TRAIN_S [all|train|ri|md|obs [COMPOSITION [STOP_LR [TRAIN_RUNS
     * [MD_RUNS]]]]]]]]]: the done-when-2 run
     * of bench/dp_dplr_nkml.sh (600 frames from 5 runs, 6 MD runs; MD_FRAMES 0: no MD; training
     * stopped after MAX_TRAIN_S seconds; ri makes the rigid-ion trajectory alone and caches it for
     * md; md caches the DP trajectory; obs analyses the two cached trajectories again; COMPOSITION
     * of the four species in the order Na K Mg Cl, default COMP_DPLR; STOP_LR default 1e-7;
     * TRAIN_RUNS 1: the frames of nkml_frames, the last 20 % held out, else FRAMES / TRAIN_RUNS
     * frames from each of TRAIN_RUNS independent runs, the last fifth of the runs held out; MD_RUNS
     * 1: one run per model with block errors, else MD_RUNS independent runs per model with errors
     * over the runs)
     */
    size_t nframes = argc > 1 ? (size_t)atol(argv[1]) : 40;
    size_t nsteps = argc > 2 ? (size_t)atol(argv[2]) : 60;
    size_t md_frames = argc > 3 ? (size_t)atol(argv[3]) : 0;
    int threads = argc > 4 ? atoi(argv[4]) : 2;
    if (argc > 5) g_max_wall = atof(argv[5]);
    const char *stage = argc > 6 ? argv[6] : "all";
    if (argc > 7) g_comp = argv[7];
    if (argc > 8) g_stop_lr = atof(argv[8]);
    if (argc > 9) g_train_runs = (size_t)atol(argv[9]);
    if (argc > 10) g_md_runs = (size_t)atol(argv[10]);
    int do_train = !strcmp(stage, "all") || !strcmp(stage, "train");
    int do_md = strcmp(stage, "train") != 0 && md_frames > 0;
    int is_ri = !strcmp(stage, "ri"), is_obs = !strcmp(stage, "obs");
    setvbuf(stdout, NULL, _IOLBF, 0);
    int bad_runs = g_train_runs < 1 || g_md_runs < 1 || g_md_runs > 64 ||
                   (g_train_runs > 1 && (g_train_runs % 5 || nframes % g_train_runs));
    if (nframes < 10 || nsteps < 1 || threads < 1 || !(g_stop_lr > 0.0) || bad_runs ||
        (strcmp(stage, "all") && !do_train && !is_ri && !is_obs && strcmp(stage, "md"))) {
        fprintf(stderr,
                "usage: bench_dp_dplr [frames [steps [md frames [threads [max s "
                "[all|train|ri|md|obs [composition [stop lr [train runs [md runs]]]]]]]]]]\n"
                "  composition: Na K Mg Cl in this order, default \"" COMP_DPLR
                "\", e.g. \"" MELT_MG16
                "\"\n"
                "  train runs: 1, or a multiple of 5 dividing frames; md runs: 1 to 64\n");
        return 2;
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_system sys;
    lq_md_model *ri = NULL;
    lq_status st = nkml_melt_comp(g_comp, &sys, &ri, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "melt", st, &d);
    const size_t n = sys.n_atoms;
    if (sys.n_species != 4) {
        fprintf(stderr, "%s: the composition must name Na, K, Mg, Cl in this order\n", PROG);
        return 2;
    }
    printf("melt %s, %zu ions, %.0f K, %.2f g/cm^3\n", g_comp, n, TEMP_K, RHO);
    nkml_traj tr;
    memset(&tr, 0, sizeof tr);
    int *type = malloc(n * sizeof *type);
    double *box = malloc(9 * nframes * sizeof *box);
    if (!type || !box) return 1;
    if (!is_ri && !is_obs) {
        /* 1. frames every 50 fs after 2 ps (the call and seeds of bench_dp_train.c) */
        double t0 = lqb_wall_s();
        char cpath[64];
        if (g_train_runs > 1) {
            snprintf(cpath, sizeof cpath, "dp_dplr_frames_%zux%zu.bin", nframes, g_train_runs);
            st = frames_runs(&sys, ri, nframes, cpath, &tr, &d);
        } else {
            snprintf(cpath, sizeof cpath, "dp_dplr_frames_%zu.bin", nframes);
            st = nkml_frames(&sys, ri, TEMP_K, nframes, cpath, 1, md_frames > 0 || do_train, &tr,
                             &d);
        }
        if (st != LQ_OK) return nkml_fail(PROG, "rigid-ion frames", st, &d);
        printf("frames: %zu of %zu ions, L = %.3f A (%.1f s)\n", tr.n, n, tr.L, lqb_wall_s() - t0);
        /* 2. the baseline: formal charges of the rigid-ion model, DSF alpha 0.25 /A within 6 A */
        lq_dp_baseline bl;
        lq_dp_baseline_default(&bl);
        bl.n_types = 4;
        for (size_t t = 0; t < 4; t++) {
            snprintf(bl.type_map[t], sizeof bl.type_map[t], "%s", nkml_names[t]);
            bl.charge_e[t] = sys.species[t].charge_e;
        }
        size_t ntr = tr.n * 4 / 5;
        char names[4][8];
        lq_dp_system strn, sval;
        nkml_system(&tr, 0, ntr, names, type, box, &strn);
        nkml_system(&tr, ntr, tr.n, names, type, box + 9 * ntr, &sval);
        st = print_baseline_share(&bl, &sval, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "baseline", st, &d);
        if (do_train) st = train(&bl, &strn, &sval, nframes, nsteps, threads, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "training", st, &d);
        st = dp_test(&sval, threads, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "dp test", st, &d);
    }
    if (do_md && g_md_runs > 1) {
        /* 3'. independent MD runs, each model from the same g_md_runs starts */
        size_t m = g_md_runs;
        nkml_traj *trd = calloc(m, sizeof *trd), *tdp = calloc(m, sizeof *tdp);
        if (!trd || !tdp) return 1;
        char path[96];
        double tm = lqb_wall_s();
        for (size_t k = 0; st == LQ_OK && k < m; k++) {
            snprintf(path, sizeof path, "dp_dplr_rigid_%zu_run%zu.bin", md_frames, k);
            st = md_run_k(&sys, ri, ri, k, md_frames, threads, path, is_obs, &trd[k], &d);
        }
        const char *what = st != LQ_OK ? "rigid-ion trajectories" : NULL;
        if (!what)
            printf("rigid-ion MD: %zu runs of %d + %zu x 10 steps after the 2-ps start, %.1f s%s\n",
                   m, MD_EQUIL, md_frames, lqb_wall_s() - tm,
                   lqb_wall_s() - tm < 1 ? " (kept runs)" : "");
        lq_md_model *dp = NULL;
        if (!what && !is_ri && !is_obs) {
            st = lq_md_model_read("dp_dplr_model.dplr", &dp, &d);
            if (st == LQ_OK) printf("model: %s\n", lq_md_model_source(dp));
        }
        for (size_t k = 0; st == LQ_OK && !is_ri && k < m; k++) {
            double tk = lqb_wall_s();
            snprintf(path, sizeof path, "dp_dplr_dp_%zu_run%zu.bin", md_frames, k);
            st = md_run_k(&sys, ri, dp, k, md_frames, threads, path, is_obs, &tdp[k], &d);
            if (st == LQ_OK && !is_obs)
                printf("DP + baseline MD run %zu: %.1f s (%.1f ms a step)\n", k, lqb_wall_s() - tk,
                       1e3 * (lqb_wall_s() - tk) / (double)(MD_EQUIL + 10 * (long)md_frames));
        }
        if (!what && st != LQ_OK) what = "DP + baseline trajectories";
        if (!what && !is_ri && (st = compare_runs(trd, tdp, m, &d)) != LQ_OK) what = "g(r), MSD";
        for (size_t k = 0; k < m; k++) {
            nkml_traj_free(&trd[k]);
            nkml_traj_free(&tdp[k]);
        }
        free(trd);
        free(tdp);
        lq_md_model_free(dp);
        if (what) {
            nkml_traj_free(&tr);
            lq_md_model_free(ri);
            lq_md_system_free(&sys);
            free(type);
            free(box);
            return nkml_fail(PROG, what, st, &d);
        }
    } else if (do_md) {
        /* 3. MD: rigid ions and DP + baseline (PPPM), NVT 973 K, 2 ps + md_frames x 10 fs */
        double tm = lqb_wall_s();
        nkml_traj trd, tdp;
        char tpath[64], dpath[64];
        snprintf(tpath, sizeof tpath, "dp_dplr_rigid_%zu.bin", md_frames);
        snprintf(dpath, sizeof dpath, "dp_dplr_dp_%zu.bin", md_frames);
        if (traj_alloc(&trd, &sys, md_frames)) return 1;
        if (traj_io(tpath, &trd, 0)) {
            nkml_traj_free(&trd);
            if (is_obs) return nkml_fail(PROG, tpath, LQ_EIO, &d);
            st = nkml_run(&sys, ri, TEMP_K, 2000, md_frames, 10, 12, threads, &trd, &d);
            if (st != LQ_OK) return nkml_fail(PROG, "rigid-ion trajectory", st, &d);
            traj_io(tpath, &trd, 1);
            printf("rigid-ion MD: %.1f s, trajectory in %s\n", lqb_wall_s() - tm, tpath);
        }
        if (is_ri) {
            nkml_traj_free(&trd);
            nkml_traj_free(&tr);
            lq_md_model_free(ri);
            lq_md_system_free(&sys);
            free(type);
            free(box);
            return 0;
        }
        tm = lqb_wall_s();
        lq_md_model *dp = NULL;
        lq_md_system sdp = sys;
        if (is_obs) {
            if (traj_alloc(&tdp, &sys, md_frames)) return 1;
            if (traj_io(dpath, &tdp, 0)) return nkml_fail(PROG, dpath, LQ_EIO, &d);
        } else {
            st = lq_md_model_read("dp_dplr_model.dplr", &dp, &d);
            if (st == LQ_OK) printf("model: %s\n", lq_md_model_source(dp));
            if (st == LQ_OK) st = lq_md_model_apply(dp, &sdp, &d);
            if (st == LQ_OK)
                st = nkml_run(&sdp, dp, TEMP_K, 2000, md_frames, 10, 12, threads, &tdp, &d);
            if (st != LQ_OK) return nkml_fail(PROG, "DP + baseline MD", st, &d);
            printf("DP + baseline MD: %.1f s\n", lqb_wall_s() - tm);
            tdp.sys0 = &sys;
            traj_io(dpath, &tdp, 1);
        }
        st = compare(&trd, &tdp, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "g(r), MSD", st, &d);
        nkml_traj_free(&trd);
        nkml_traj_free(&tdp);
        lq_md_model_free(dp);
    }
    nkml_traj_free(&tr);
    lq_md_model_free(ri);
    lq_md_system_free(&sys);
    free(type);
    free(box);
    return 0;
}
