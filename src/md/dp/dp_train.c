/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep-potential training: statistics, loss, learning rate, Adam, checkpoints, lcurve. */
#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/core_internal.h"
#include "md/dp/dp_train_internal.h"

/* Definitions followed (DeePMD-kit, deepmd/): the loss dpmodel/loss/ener.py (EnergyLoss, mse),
 * the learning rate dpmodel/utils/learning_rate.py (LearningRateExp, stepped), statistics
 * utils/env_mat_stat.py + dpmodel/utils/env_mat_stat.py and utils/out_stat.py
 * (compute_stats_from_redu), the optimiser torch.optim.Adam as pt/train/training.py sets it up
 * (Kingma & Ba, ICLR 2015, Algorithm 1). */

#define ADAM_B1 0.9
#define ADAM_B2 0.999
#define ADAM_EPS 1e-8

void lq_dp_train_options_default(lq_dp_train_options *o) {
    if (!o) return;
    memset(o, 0, sizeof *o);
    lq_dp_random_spec_default(&o->model);
    o->start_lr = 1e-3;
    o->stop_lr = 5e-8;
    o->decay_steps = 5000;
    o->start_pref_e = 0.02;
    o->limit_pref_e = 1.0;
    o->start_pref_f = 1000.0;
    o->limit_pref_f = 1.0;
    o->numb_steps = 1000000;
    o->batch_size = 1;
    o->disp_freq = 1000;
    o->save_freq = 1000;
    o->seed = 1;
    o->lcurve = "lcurve.out";
    o->save_ckpt = "model.ckpt.yaml";
}

typedef struct trainer {
    const lq_dp_train_options *o;
    lq_dp_model *m;
    cJSON *tree;
    size_t np, step, decay_steps;
    double *p, *g, *am, *av, decay_rate;
    dpi_tframe *trn, *val;
    size_t ntrn, nval;
    int **types; /* per system, model types */
    size_t ntypes_arr;
    size_t *perm, perm_epoch;
    int has_v, nth;
    struct timespec t0;
} trainer;

typedef struct errs {
    double loss, se_e, se_f, se_v;
    size_t nf, n_fc, n_vf;
} errs;

static double now_s(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* ---------------------------------------------------------------- data */

static lq_status map_types(trainer *t, const lq_dp_system *s, int *out, lq_diag *diag) {
    const lq_dp_random_spec *sp = &t->o->model;
    for (size_t i = 0; i < s->n_atoms; i++) {
        int ty = s->type[i];
        if (ty < 0 || (size_t)ty >= (s->type_map ? s->n_types : sp->n_types))
            return lqi_diag_set(diag, LQ_EINVAL, s->path ? s->path : "", 0, "type.raw",
                                "atom %zu has type %d beyond the type map", i, ty);
        if (!s->type_map) {
            out[i] = ty;
            continue;
        }
        size_t k = 0;
        while (k < sp->n_types && strcmp(sp->type_map[k], s->type_map[ty])) k++;
        if (k == sp->n_types)
            return lqi_diag_set(diag, LQ_EINVAL, s->path ? s->path : "", 0, "type_map.raw",
                                "type \"%s\" is not in the model's type_map", s->type_map[ty]);
        out[i] = (int)k;
    }
    return LQ_OK;
}

static lq_status add_frames(trainer *t, const lq_dp_system *sys, size_t n, dpi_tframe **out,
                            size_t *nout, lq_diag *diag) {
    size_t total = 0;
    for (size_t k = 0; k < n; k++) total += sys[k].n_frames;
    *out = lqi_calloc(total ? total : 1, sizeof **out);
    if (!*out) return LQ_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        const lq_dp_system *s = &sys[k];
        if (!s->type || !s->coord_A || !s->energy_eV || !s->force_eV_per_A || !s->n_atoms)
            return lqi_diag_set(diag, LQ_EINVAL, s->path ? s->path : "", 0, "system",
                                "missing types, coordinates, energies or forces");
        int *ty = lqi_malloc_array(s->n_atoms, sizeof *ty);
        if (!ty) return LQ_ENOMEM;
        t->types[t->ntypes_arr++] = ty;
        lq_status st = map_types(t, s, ty, diag);
        if (st != LQ_OK) return st;
        if (s->virial_eV) t->has_v = 1;
        for (size_t f = 0; f < s->n_frames; f++) {
            size_t na = s->n_atoms;
            (*out)[(*nout)++] = (dpi_tframe){na,
                                             ty,
                                             s->coord_A + 3 * na * f,
                                             s->box_A ? s->box_A + 9 * f : NULL,
                                             s->energy_eV[f],
                                             s->force_eV_per_A + 3 * na * f,
                                             s->virial_eV ? s->virial_eV + 9 * f : NULL};
        }
    }
    return LQ_OK;
}

/* ---------------------------------------------------------------- statistics */

lq_status lqi_dp_energy_bias(const double *counts, const double *energy, size_t nf, size_t nt,
                             double rcond, double *bias) {
    size_t rows = nf > nt ? nf : nt;
    double *A = lqi_malloc_array(nf * nt, sizeof *A), *b = lqi_calloc(rows, sizeof *b);
    lq_status st = A && b ? LQ_OK : LQ_ENOMEM;
    if (st == LQ_OK) {
        memcpy(A, counts, nf * nt * sizeof *A);
        memcpy(b, energy, nf * sizeof *b);
        /* LAPACK's rcond -1 (machine epsilon) keeps a singular value of ~5e-16 of the largest
         * when every frame has one composition (rank 1 in exact arithmetic) and gives biases of
         * 1e11 eV that cancel only at that composition; numpy's default drops it. */
        st = lqi_lstsq(A, nf, nt, b, rcond > 0 ? rcond : DBL_EPSILON * (double)rows, NULL);
    }
    if (st == LQ_OK) memcpy(bias, b, nt * sizeof *bias);
    lqi_free(A);
    lqi_free(b);
    return st;
}

static lq_status compute_stats(trainer *t, lq_diag *diag) {
    lq_dp_model *m = t->m;
    size_t nt = m->ntypes;
    double *acc = lqi_calloc(6 * nt, sizeof *acc);
    if (!acc) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    for (size_t f = 0; f < t->ntrn && st == LQ_OK; f++)
        st = lqi_dp_env_stat_add(m, &t->trn[f], acc, diag);
    for (size_t ti = 0; ti < nt && st == LQ_OK; ti++) {
        const double *a = acc + 6 * ti;
        double mean[2], sd[2];
        for (int q = 0; q < 2; q++) { /* utils/env_mat_stat.py StatItem: default 0 / 0.1, floor */
            double n = a[3 * q], s1 = a[3 * q + 1], s2 = a[3 * q + 2];
            mean[q] = n > 0 ? s1 / n : 0.0;
            sd[q] = n > 0 ? sqrt(fmax(s2 / n - mean[q] * mean[q], 0.0)) : 0.1;
            if (fabs(sd[q]) < 1e-2) sd[q] = 1e-2;
        }
        for (size_t k = 0; k < m->nnei; k++) {
            double *av = m->davg + (ti * m->nnei + k) * 4, *dv = m->dstd + (ti * m->nnei + k) * 4;
            av[0] = mean[0];
            av[1] = av[2] = av[3] = 0.0;
            dv[0] = sd[0];
            dv[1] = dv[2] = dv[3] = sd[1];
        }
    }
    lqi_free(acc);
    if (st != LQ_OK) return st;
    /* energy bias: least squares of frame energies on atom counts per type */
    size_t nf = t->ntrn;
    double *A = lqi_calloc(nf * nt, sizeof *A), *b = lqi_calloc(nf, sizeof *b);
    double *bias = lqi_calloc(nt, sizeof *bias);
    if (!A || !b || !bias) st = LQ_ENOMEM;
    for (size_t f = 0; st == LQ_OK && f < nf; f++) {
        for (size_t i = 0; i < t->trn[f].n; i++) A[f * nt + (size_t)t->trn[f].type[i]] += 1.0;
        b[f] = t->trn[f].energy;
    }
    if (st == LQ_OK) st = lqi_dp_energy_bias(A, b, nf, nt, t->o->bias_rcond, bias);
    for (size_t k = 0; st == LQ_OK && k < nt; k++) {
        m->out_bias[k] = bias[k];
        m->bias_atom_e[k] = 0.0;
    }
    lqi_free(bias);
    lqi_free(A);
    lqi_free(b);
    return st == LQ_OK ? lqi_dp_model_padsum(m) : st;
}

/* ---------------------------------------------------------------- tree */

static lq_status set_arr(cJSON *o, const char *key, const size_t *shape, size_t nd,
                         const double *v) {
    cJSON *a = v ? lqi_dp_tree_array(shape, nd, v) : cJSON_CreateNull();
    if (!a) return LQ_ENOMEM;
    if (!cJSON_ReplaceItemInObjectCaseSensitive(o, key, a)) {
        cJSON_Delete(a);
        return LQ_ENOMEM;
    }
    return LQ_OK;
}

static cJSON *path(cJSON *o, const char *const *keys, size_t n) {
    for (size_t k = 0; o && k < n; k++) o = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
    return o;
}

static lq_status nets_to_tree(cJSON *coll, const dpi_net *nets, size_t n) {
    cJSON *list = cJSON_GetObjectItemCaseSensitive(coll, "networks");
    lq_status st = LQ_OK;
    for (size_t k = 0; st == LQ_OK && k < n; k++) {
        cJSON *layers =
            cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, (int)k), "layers");
        for (size_t l = 0; st == LQ_OK && l < nets[k].n_layers; l++) {
            const dpi_layer *L = &nets[k].layers[l];
            cJSON *vars =
                cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(layers, (int)l), "@variables");
            if (!vars) return LQ_EINVAL;
            size_t sw[2] = {L->nin, L->nout};
            st = set_arr(vars, "w", sw, 2, L->w);
            if (st == LQ_OK) st = set_arr(vars, "b", &L->nout, 1, L->b);
            if (st == LQ_OK) st = set_arr(vars, "idt", &L->nout, 1, L->idt);
        }
    }
    return st;
}

/* Writes the model's current weights, statistics and biases into its tree. */
static lq_status tree_update(cJSON *root, const lq_dp_model *m) {
    static const char *const kd[] = {"model", "descriptor"}, *const kf[] = {"model", "fitting"};
    cJSON *mo = path(root, kd, 1), *d = path(root, kd, 2), *f = path(root, kf, 2);
    cJSON *mv = cJSON_GetObjectItemCaseSensitive(mo, "@variables");
    cJSON *dv = cJSON_GetObjectItemCaseSensitive(d, "@variables");
    cJSON *fv = cJSON_GetObjectItemCaseSensitive(f, "@variables");
    if (!mv || !dv || !fv) return LQ_EINVAL;
    size_t nt = m->ntypes, sd[3] = {nt, m->nnei, 4}, sb[2] = {nt, 1}, so[3] = {1, nt, 1};
    lq_status st = set_arr(dv, "davg", sd, 3, m->davg);
    if (st == LQ_OK) st = set_arr(dv, "dstd", sd, 3, m->dstd);
    if (st == LQ_OK) st = set_arr(fv, "bias_atom_e", sb, 2, m->bias_atom_e);
    if (st == LQ_OK) st = set_arr(mv, "out_bias", so, 3, m->out_bias);
    if (st == LQ_OK)
        st = nets_to_tree(cJSON_GetObjectItemCaseSensitive(d, "embeddings"), m->embed, m->n_embed);
    if (st == LQ_OK)
        st = nets_to_tree(cJSON_GetObjectItemCaseSensitive(f, "nets"), m->fit, m->n_fit);
    return st;
}

static lq_status save_model(trainer *t, const char *file, int with_state, lq_diag *diag) {
    lq_status st = tree_update(t->tree, t->m);
    if (st != LQ_OK) return st;
    cJSON_ReplaceItemInObjectCaseSensitive(t->tree, "software",
                                           cJSON_CreateString("liquidus dp train"));
    if (!with_state) return lqi_dp_tree_save(file, t->tree, diag);
    cJSON *s = cJSON_CreateObject();
    if (!s) return LQ_ENOMEM;
    cJSON_AddStringToObject(s, "@class", "liquidus.TrainState");
    cJSON_AddNumberToObject(s, "step", (double)t->step);
    cJSON_AddItemToObject(s, "adam_m", lqi_dp_tree_array(&t->np, 1, t->am));
    cJSON_AddItemToObject(s, "adam_v", lqi_dp_tree_array(&t->np, 1, t->av));
    cJSON_AddItemToObject(t->tree, "liquidus_training", s);
    if (!cJSON_GetObjectItemCaseSensitive(s, "adam_v")) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_dp_tree_save(file, t->tree, diag);
    cJSON_DeleteItemFromObjectCaseSensitive(t->tree, "liquidus_training");
    return st;
}

static lq_status load_state(trainer *t, const char *file, lq_diag *diag) {
    cJSON *s = cJSON_DetachItemFromObjectCaseSensitive(t->tree, "liquidus_training");
    const cJSON *step = cJSON_GetObjectItemCaseSensitive(s, "step");
    const cJSON *am =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s, "adam_m"), "@data");
    const cJSON *av =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s, "adam_v"), "@data");
    lq_status st = LQ_OK;
    if (!cJSON_IsNumber(step) || step->valuedouble < 0 || !cJSON_IsArray(am) ||
        !cJSON_IsArray(av) || (size_t)cJSON_GetArraySize(am) != t->np ||
        (size_t)cJSON_GetArraySize(av) != t->np)
        st = lqi_diag_set(diag, LQ_EPARSE, file, 0, "liquidus_training",
                          "not a liquidus training checkpoint of this model (%zu weights)", t->np);
    if (st == LQ_OK) {
        t->step = (size_t)step->valuedouble;
        size_t k = 0;
        for (const cJSON *a = am->child, *b = av->child; a && b; a = a->next, b = b->next, k++) {
            t->am[k] = a->valuedouble;
            t->av[k] = b->valuedouble;
        }
    }
    cJSON_Delete(s);
    return st;
}

/* ---------------------------------------------------------------- schedule and loss */

static double lr_at(const trainer *t, size_t step) {
    double e = floor((double)step / (double)t->decay_steps);
    return fmax(t->o->start_lr * pow(t->decay_rate, e), t->o->stop_lr);
}

static void lr_setup(trainer *t) { /* LearningRateExp.__init__ */
    size_t ns = t->o->numb_steps, ds = t->o->decay_steps;
    if (ds >= ns) ds = ns / 10 > 100 ? 100 : ns / 100 + 1;
    t->decay_steps = ds;
    t->decay_rate =
        ns ? exp(log(fmax(t->o->stop_lr, 1e-10) / t->o->start_lr) / ((double)ns / (double)ds))
           : 1.0;
}

static void prefs(const trainer *t, double lr, double p[3]) {
    const lq_dp_train_options *o = t->o;
    double r = lr / o->start_lr;
    p[0] = o->limit_pref_e + (o->start_pref_e - o->limit_pref_e) * r;
    p[1] = o->limit_pref_f + (o->start_pref_f - o->limit_pref_f) * r;
    p[2] = o->limit_pref_v + (o->start_pref_v - o->limit_pref_v) * r;
}

/* One frame: prediction, its share of the loss (batch of nf frames), and, when grad is non-NULL,
 * the gradient of that share. */
static lq_status frame_eval(const trainer *t, const dpi_tframe *f, size_t nf, const double pf[3],
                            double *grad, int inner_threads, errs *e, lq_diag *diag) {
    double *F = lqi_malloc_array(3 * f->n, sizeof *F);
    if (!F) return LQ_ENOMEM;
    lq_dp_frame fr = {f->n, f->type, f->pos, f->box, NULL, NULL};
    lq_dp_result r = {0};
    r.forces_eV_per_A = F;
    lq_dp_compute_options co = {1};
    lq_status st = lq_dp_compute(t->m, &fr, &co, &r, diag);
    if (st == LQ_OK) {
        double N = (double)f->n, kE = t->o->intensive_ener_virial ? 1.0 / (N * N) : 1.0 / N;
        double dE = r.energy_eV - f->energy, sf = 0, sv = 0, w = 2.0 / (double)nf;
        for (size_t k = 0; k < 3 * f->n; k++) {
            F[k] -= f->force[k];
            sf += F[k] * F[k];
        }
        double dV[9] = {0};
        for (int k = 0; f->virial && k < 9; k++) {
            dV[k] = r.virial_eV[k] - f->virial[k];
            sv += dV[k] * dV[k];
        }
        e->loss +=
            (pf[0] * kE * dE * dE + pf[1] * sf / (3.0 * N) + pf[2] * kE * sv / 9.0) / (double)nf;
        e->se_e += dE * dE / (N * N);
        e->se_f += sf;
        e->se_v += sv / (N * N);
        e->nf++;
        e->n_fc += 3 * f->n;
        e->n_vf += f->virial ? 1 : 0;
        if (grad) {
            double aE = w * pf[0] * kE * dE, aV[9];
            for (size_t k = 0; k < 3 * f->n; k++) F[k] *= w * pf[1] / (3.0 * N);
            for (int k = 0; k < 9; k++) aV[k] = w * pf[2] * kE * dV[k] / 9.0;
            st = lqi_dp_frame_grad(t->m, f, aE, F, f->virial ? aV : NULL, grad, t->np,
                                   inner_threads, diag);
        }
    }
    lqi_free(F);
    return st;
}

/* Frames fr[0..nf): errors summed in frame order; the gradient too when grad is non-NULL. */
static lq_status batch_eval(const trainer *t, const dpi_tframe *const *fr, size_t nf, double lr,
                            double *grad, errs *tot, lq_diag *diag) {
    double pf[3];
    prefs(t, lr, pf);
    errs *e = lqi_calloc(nf, sizeof *e);
    double *gb = grad && nf > 1 ? lqi_calloc(nf * t->np, sizeof *gb) : NULL;
    lq_status *sts = lqi_calloc(nf, sizeof *sts);
    if (!e || !sts || (grad && nf > 1 && !gb)) {
        lqi_free(e);
        lqi_free(gb);
        lqi_free(sts);
        return LQ_ENOMEM;
    }
    int outer = nf > 1 && t->nth > 1;
    if (grad && nf == 1) memset(grad, 0, t->np * sizeof *grad);
#pragma omp parallel for schedule(dynamic, 1) num_threads(t->nth) if (outer)
    for (size_t k = 0; k < nf; k++) {
        double *g = grad ? (nf > 1 ? gb + k * t->np : grad) : NULL;
        sts[k] = frame_eval(t, fr[k], nf, pf, g, outer ? 1 : t->nth, &e[k], NULL);
    }
    lq_status st = LQ_OK;
    memset(tot, 0, sizeof *tot);
    for (size_t k = 0; k < nf; k++) {
        if (sts[k] != LQ_OK && st == LQ_OK) {
            st = frame_eval(t, fr[k], nf, pf, NULL, 1, &e[k], diag); /* for the message */
            if (st == LQ_OK) st = sts[k];
        }
        tot->loss += e[k].loss;
        tot->se_e += e[k].se_e;
        tot->se_f += e[k].se_f;
        tot->se_v += e[k].se_v;
        tot->nf += e[k].nf;
        tot->n_fc += e[k].n_fc;
        tot->n_vf += e[k].n_vf;
    }
    if (st == LQ_OK && gb) {
        memset(grad, 0, t->np * sizeof *grad);
        for (size_t k = 0; k < nf; k++)
            for (size_t q = 0; q < t->np; q++) grad[q] += gb[k * t->np + q];
    }
    lqi_free(e);
    lqi_free(gb);
    lqi_free(sts);
    return st;
}

static void rmses(const errs *e, double out[4]) {
    double nan = (double)NAN;
    out[0] = e->nf ? sqrt(e->loss) : nan;
    out[1] = e->nf ? sqrt(e->se_e / (double)e->nf) : nan;
    out[2] = e->n_fc ? sqrt(e->se_f / (double)e->n_fc) : nan;
    out[3] = e->n_vf ? sqrt(e->se_v / (9.0 * (double)e->n_vf)) : nan;
}

/* Validation over all frames, or training RMSEs over all frames (final figures). */
static lq_status set_eval(const trainer *t, const dpi_tframe *set, size_t n, double lr,
                          double out[4], lq_diag *diag) {
    for (int k = 0; k < 4; k++) out[k] = (double)NAN;
    if (!n) return LQ_OK;
    const dpi_tframe **fr = lqi_malloc_array(n, sizeof *fr);
    if (!fr) return LQ_ENOMEM;
    for (size_t k = 0; k < n; k++) fr[k] = &set[k];
    errs e;
    lq_status st = batch_eval(t, fr, n, lr, NULL, &e, diag);
    lqi_free(fr);
    if (st == LQ_OK) rmses(&e, out);
    return st;
}

/* ---------------------------------------------------------------- batches */

/* Frame k of the training stream: epoch k / ntrn, shuffled by the seed and the epoch. */
static const dpi_tframe *stream_frame(trainer *t, size_t k) {
    size_t ep = k / t->ntrn, pos = k % t->ntrn;
    if (ep != t->perm_epoch) {
        lqi_rng base, r;
        lqi_rng_seed(&base, (uint64_t)t->o->seed);
        lqi_rng_split(&base, (uint64_t)ep, &r);
        for (size_t i = 0; i < t->ntrn; i++) t->perm[i] = i;
        for (size_t i = t->ntrn; i-- > 1;) { /* Fisher-Yates */
            size_t j = (size_t)(lqi_rng_uniform(&r) * (double)(i + 1));
            if (j > i) j = i;
            size_t x = t->perm[i];
            t->perm[i] = t->perm[j];
            t->perm[j] = x;
        }
        t->perm_epoch = ep;
    }
    return &t->trn[t->perm[pos]];
}

/* ---------------------------------------------------------------- lcurve */

static lq_status lcurve_open(const trainer *t, FILE **fp, lq_diag *diag) {
    const char *file = t->o->lcurve;
    *fp = NULL;
    if (!file) return LQ_OK;
    char *keep = NULL;
    size_t len = 0;
    if (t->step > 0) { /* keep the lines before the checkpoint's step */
        FILE *in = fopen(file, "r");
        char line[1024];
        keep = lqi_calloc(1, 1);
        while (keep && in && fgets(line, sizeof line, in)) {
            long s = -1;
            if (line[0] != '#' && sscanf(line, "%ld", &s) == 1 && s >= (long)t->step) break;
            size_t l = strlen(line);
            char *n = lqi_realloc(keep, len + l + 1);
            if (!n) break;
            keep = n;
            memcpy(keep + len, line, l + 1);
            len += l;
        }
        if (in) fclose(in);
        if (!keep) return LQ_ENOMEM;
    }
    *fp = fopen(file, "w");
    if (!*fp) {
        lqi_free(keep);
        return lqi_diag_set(diag, LQ_EIO, file, 0, "", "cannot write the learning curve");
    }
    if (keep) {
        fputs(keep, *fp);
        lqi_free(keep);
    } else {
        static const char *const keys[] = {"rmse", "rmse_e", "rmse_f", "rmse_v"};
        int nk = t->has_v ? 4 : 3;
        char k1[24], k2[24];
        fprintf(*fp, "# %-5s", "step");
        for (int k = 0; k < nk; k++) {
            snprintf(k1, sizeof k1, "%s_val", keys[k]);
            snprintf(k2, sizeof k2, "%s_trn", keys[k]);
            if (t->nval)
                fprintf(*fp, "   %11s %11s", k1, k2);
            else
                fprintf(*fp, "   %11s", k2);
        }
        fprintf(*fp, "   %-8s\n", "lr");
        fprintf(*fp,
                "# If there is no available reference data, rmse_*_{val,trn} will print nan\n");
    }
    fflush(*fp);
    return LQ_OK;
}

static void lcurve_line(const trainer *t, FILE *fp, const lq_dp_train_progress *p) {
    if (!fp) return;
    const double v[4] = {p->rmse_val, p->rmse_e_val, p->rmse_f_val, p->rmse_v_val};
    const double r[4] = {p->rmse_trn, p->rmse_e_trn, p->rmse_f_trn, p->rmse_v_trn};
    fprintf(fp, "%7zu", p->step);
    for (int k = 0; k < (t->has_v ? 4 : 3); k++) {
        if (t->nval)
            fprintf(fp, "   %11.2e %11.2e", v[k], r[k]);
        else
            fprintf(fp, "   %11.2e", r[k]);
    }
    fprintf(fp, "   %8.1e\n", p->lr);
    fflush(fp);
}

/* ---------------------------------------------------------------- driver */

static lq_status check_opts(const lq_dp_train_options *o, lq_diag *diag) {
    const char *bad = NULL;
    if (!(o->start_lr > 0) || !isfinite(o->start_lr)) bad = "start_lr";
    if (!(o->stop_lr >= 0) || o->stop_lr > o->start_lr) bad = "stop_lr";
    if (!o->decay_steps) bad = "decay_steps";
    if (o->batch_size > 64) bad = "batch_size (1 to 64)";
    if (!o->disp_freq) bad = "disp_freq";
    if (!o->save_freq) bad = "save_freq";
    const double pr[6] = {o->start_pref_e, o->limit_pref_e, o->start_pref_f,
                          o->limit_pref_f, o->start_pref_v, o->limit_pref_v};
    for (int k = 0; k < 6; k++)
        if (!(pr[k] >= 0) || !isfinite(pr[k])) bad = "loss prefactors";
    if (o->model.descriptor != LQ_DP_SE_E2_A) bad = "descriptor (se_e2_a only)";
    if (bad) return lqi_diag_set(diag, LQ_EINVAL, "", 0, bad, "invalid training option");
    return LQ_OK;
}

static void trainer_free(trainer *t) {
    lq_dp_model_free(t->m);
    cJSON_Delete(t->tree);
    lqi_free(t->p);
    lqi_free(t->g);
    lqi_free(t->am);
    lqi_free(t->av);
    lqi_free(t->trn);
    lqi_free(t->val);
    lqi_free(t->perm);
    for (size_t k = 0; k < t->ntypes_arr; k++) lqi_free(t->types[k]);
    lqi_free(t->types);
}

static lq_status trainer_init(trainer *t, const lq_dp_train_options *o, const lq_dp_system *train,
                              size_t n_train, const lq_dp_system *valid, size_t n_valid,
                              const char *restart, lq_diag *diag) {
    memset(t, 0, sizeof *t);
    t->o = o;
    t->perm_epoch = (size_t)-1;
    t->nth = o->n_threads > 0 ? o->n_threads : omp_get_max_threads();
    lq_status st = restart ? lqi_dp_tree_load(restart, &t->tree, diag)
                           : lqi_dp_tree_random(&o->model, &t->tree, diag);
    if (st == LQ_OK)
        st = lqi_dp_model_from_tree(t->tree, restart ? restart : "(new model)", &t->m, diag);
    if (st == LQ_OK) st = lqi_dp_train_supported(t->m, diag);
    if (st != LQ_OK) return st;
    int same = t->m->ntypes == o->model.n_types;
    for (size_t k = 0; same && k < t->m->ntypes; k++)
        same = !strcmp(t->m->type_map[k], o->model.type_map[k]);
    if (!same)
        return lqi_diag_set(diag, LQ_EINVAL, restart ? restart : "", 0, "type_map",
                            "the checkpoint's type_map differs from the input's");
    t->np = lqi_dp_param_count(t->m);
    t->p = lqi_malloc_array(t->np, sizeof *t->p);
    t->g = lqi_calloc(t->np, sizeof *t->g);
    t->am = lqi_calloc(t->np, sizeof *t->am);
    t->av = lqi_calloc(t->np, sizeof *t->av);
    t->types = lqi_calloc(n_train + n_valid + 1, sizeof *t->types);
    if (!t->p || !t->g || !t->am || !t->av || !t->types) return LQ_ENOMEM;
    lqi_dp_param_copy(t->m, t->p, 0);
    st = add_frames(t, train, n_train, &t->trn, &t->ntrn, diag);
    if (st == LQ_OK) st = add_frames(t, valid, n_valid, &t->val, &t->nval, diag);
    if (st != LQ_OK) return st;
    if (!t->ntrn) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "training_data", "no frames");
    t->perm = lqi_malloc_array(t->ntrn, sizeof *t->perm);
    if (!t->perm) return LQ_ENOMEM;
    lr_setup(t);
    if (restart) return load_state(t, restart, diag);
    return compute_stats(t, diag);
}

/* Adam step t (1-based) with learning rate lr. */
static void adam(trainer *t, double lr) {
    double k = (double)(t->step + 1), c1 = 1.0 - pow(ADAM_B1, k), c2 = 1.0 - pow(ADAM_B2, k);
    for (size_t q = 0; q < t->np; q++) {
        double g = t->g[q];
        t->am[q] = ADAM_B1 * t->am[q] + (1.0 - ADAM_B1) * g;
        t->av[q] = ADAM_B2 * t->av[q] + (1.0 - ADAM_B2) * g * g;
        t->p[q] -= lr * (t->am[q] / c1) / (sqrt(t->av[q] / c2) + ADAM_EPS);
    }
    lqi_dp_param_copy(t->m, t->p, 1);
}

/* The step's batch (and gradient when grad); the progress line when it is a display step. */
static lq_status one_step(trainer *t, int update, FILE *lc, int *stop, lq_diag *diag) {
    const lq_dp_train_options *o = t->o;
    const dpi_tframe *bf[64];
    size_t bs = o->batch_size; /* at most 64 (check_opts) */
    for (size_t k = 0; k < bs; k++) bf[k] = stream_frame(t, t->step * bs + k);
    double lr = lr_at(t, t->step), r[4], v[4];
    errs e;
    lq_status st = batch_eval(t, bf, bs, lr, update ? t->g : NULL, &e, diag);
    if (st != LQ_OK) return st;
    if (t->step % o->disp_freq == 0 || !update) {
        rmses(&e, r);
        st = set_eval(t, t->val, t->nval, lr, v, diag);
        if (st != LQ_OK) return st;
        lq_dp_train_progress p = {t->step, o->numb_steps, lr,   r[0], r[1], r[2],
                                  r[3],    v[0],          v[1], v[2], v[3], now_s(&t->t0)};
        lcurve_line(t, lc, &p);
        if (o->progress && o->progress(o->progress_ctx, &p)) *stop = 1;
    }
    if (update && !*stop) {
        adam(t, lr);
        t->step++;
        st = lqi_dp_model_padsum(t->m);
    }
    return st;
}

static lq_status run(trainer *t, const char *model_out, lq_dp_train_result *res, lq_diag *diag) {
    const lq_dp_train_options *o = t->o;
    FILE *lc = NULL;
    lq_status st = lcurve_open(t, &lc, diag);
    int stop = 0;
    while (st == LQ_OK && !stop && t->step < o->numb_steps) {
        st = one_step(t, 1, lc, &stop, diag);
        if (st == LQ_OK && o->save_ckpt && !stop && t->step < o->numb_steps &&
            t->step % o->save_freq == 0)
            st = save_model(t, o->save_ckpt, 1, diag);
    }
    if (st == LQ_OK && !stop && t->step % o->disp_freq == 0) /* the last line */
        st = one_step(t, 0, lc, &stop, diag);
    if (lc) fclose(lc);
    if (st == LQ_OK && o->save_ckpt) st = save_model(t, o->save_ckpt, 1, diag);
    if (st == LQ_OK && model_out) st = save_model(t, model_out, 0, diag);
    if (st == LQ_OK && res) {
        double a[4], b[4], lr = lr_at(t, t->step);
        st = set_eval(t, t->trn, t->ntrn, lr, a, diag);
        if (st == LQ_OK) st = set_eval(t, t->val, t->nval, lr, b, diag);
        res->steps = t->step;
        res->rmse_e_trn = a[1];
        res->rmse_f_trn = a[2];
        res->rmse_v_trn = a[3];
        res->rmse_e_val = b[1];
        res->rmse_f_val = b[2];
        res->rmse_v_val = b[3];
        res->wall_s = now_s(&t->t0);
        res->n_params = t->np;
    }
    if (st == LQ_OK && stop) st = LQ_ECANCELLED;
    return st;
}

/* Copies of the systems whose labels are reference - baseline (arrays owned; others borrowed). */
static lq_status baseline_copies(const lq_dp_baseline *b, const lq_dp_system *in, size_t n,
                                 lq_dp_system **out, lq_diag *diag) {
    *out = lqi_calloc(n ? n : 1, sizeof **out);
    if (!*out) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    for (size_t k = 0; k < n && st == LQ_OK; k++) {
        lq_dp_system *c = &(*out)[k];
        const lq_dp_system *s = &in[k];
        *c = *s;
        c->energy_eV = NULL;
        c->force_eV_per_A = NULL;
        c->virial_eV = NULL;
        size_t nf = s->n_frames, m = 3 * s->n_atoms * nf;
        if (!s->energy_eV || !s->force_eV_per_A)
            return lqi_diag_set(diag, LQ_EINVAL, s->path ? s->path : "", 0, "system",
                                "missing energies or forces");
        c->energy_eV = lqi_malloc_array(nf ? nf : 1, sizeof(double));
        c->force_eV_per_A = lqi_malloc_array(m ? m : 1, sizeof(double));
        if (s->virial_eV) c->virial_eV = lqi_malloc_array(9 * (nf ? nf : 1), sizeof(double));
        if (!c->energy_eV || !c->force_eV_per_A || (s->virial_eV && !c->virial_eV))
            return LQ_ENOMEM;
        memcpy(c->energy_eV, s->energy_eV, nf * sizeof(double));
        memcpy(c->force_eV_per_A, s->force_eV_per_A, m * sizeof(double));
        if (s->virial_eV) memcpy(c->virial_eV, s->virial_eV, 9 * nf * sizeof(double));
        st = lq_dp_baseline_labels(b, c, -1.0, diag);
    }
    return st;
}

static void baseline_copies_free(lq_dp_system *c, size_t n) {
    for (size_t k = 0; c && k < n; k++) {
        lqi_free(c[k].energy_eV);
        lqi_free(c[k].force_eV_per_A);
        lqi_free(c[k].virial_eV);
    }
    lqi_free(c);
}

/* model.yaml -> model.dplr (the extension replaced; appended when there is none). */
static lq_status write_dplr(const lq_dp_baseline *b, const char *model_out, lq_diag *diag) {
    size_t len = strlen(model_out);
    const char *slash = strrchr(model_out, '/'), *dot = strrchr(model_out, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - model_out) : len;
    char *p = lqi_malloc_array(stem + 6, 1);
    if (!p) return LQ_ENOMEM;
    memcpy(p, model_out, stem);
    memcpy(p + stem, ".dplr", 6);
    lq_status st = lq_dp_baseline_write(p, b, slash ? slash + 1 : model_out, diag);
    lqi_free(p);
    return st;
}

lq_status lq_dp_train(const lq_dp_train_options *opt, const lq_dp_system *train, size_t n_train,
                      const lq_dp_system *valid, size_t n_valid, const char *restart,
                      const char *model_out, lq_dp_train_result *res, lq_diag *diag) {
    if (!opt || !opt->baseline)
        return lqi_dp_train_labels(opt, train, n_train, valid, n_valid, restart, model_out, res,
                                   diag);
    if (!train || (n_valid && !valid))
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    lq_dp_system *ct = NULL, *cv = NULL;
    lq_status st = baseline_copies(opt->baseline, train, n_train, &ct, diag);
    if (st == LQ_OK) st = baseline_copies(opt->baseline, valid, n_valid, &cv, diag);
    if (st == LQ_OK)
        st = lqi_dp_train_labels(opt, ct, n_train, cv, n_valid, restart, model_out, res, diag);
    if ((st == LQ_OK || st == LQ_ECANCELLED) && model_out) {
        lq_status s2 = write_dplr(opt->baseline, model_out, diag);
        if (s2 != LQ_OK) st = s2;
    }
    baseline_copies_free(ct, n_train);
    baseline_copies_free(cv, n_valid);
    return st;
}

/* lq_dp_train on labels as given. */
lq_status lqi_dp_train_labels(const lq_dp_train_options *opt, const lq_dp_system *train,
                              size_t n_train, const lq_dp_system *valid, size_t n_valid,
                              const char *restart, const char *model_out, lq_dp_train_result *res,
                              lq_diag *diag) {
    if (!opt || !train || (n_valid && !valid))
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    lq_status st = check_opts(opt, diag);
    if (st != LQ_OK) return st;
    lq_dp_train_options o = *opt;
    if (!o.batch_size) { /* "auto": DeePMD-kit's smallest batch of at least 32 atoms */
        size_t na = n_train && train[0].n_atoms ? train[0].n_atoms : 32;
        o.batch_size = (32 + na - 1) / na;
        if (o.batch_size > 64) o.batch_size = 64;
    }
    trainer t;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = trainer_init(&t, &o, train, n_train, valid, n_valid, restart, diag);
    t.t0 = t0;
    if (st == LQ_OK) st = run(&t, model_out, res, diag);
    trainer_free(&t);
    return st;
}
