/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus eq --grid/--points`: runs lq_eq_batch_run and writes the good points as CSV or JSON;
 * failed points go to stderr (and into the JSON) with their index. */
#include "eq_batch.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "liquidus/core.h"

/* Columns of the CSV: index, T, P, N, x per component, phases, f per phase present somewhere,
 * mu per component, G, H, S, Cp. */
typedef struct batch_out {
    const lqa_thermo *t;
    const lq_eq_batch_result *r;
    size_t pidx[64], m; /* phases present at some good point */
} batch_out;

static void out_init(batch_out *o, const lqa_thermo *t, const lq_eq_batch_result *r) {
    o->t = t;
    o->r = r;
    o->m = 0;
    for (size_t p = 0; p < r->n_phases && o->m < 64; p++) {
        int present = 0;
        for (size_t i = 0; i < r->n_points && !present; i++)
            present = r->status[i] == LQ_OK && r->amount[i * r->n_phases + p] > 0.0;
        if (present) o->pidx[o->m++] = p;
    }
}

static const char *phase_name(const lqa_thermo *t, size_t p) {
    lq_phase_info in;
    return lq_system_phase_info(t->sys, p, &in) == LQ_OK ? in.name : "?";
}

/* Header names into store (one line each) and pointers into names; returns the count. */
static size_t csv_names(const batch_out *o, char (*store)[48], const char **names) {
    size_t n = 0, nc = o->r->ncomp;
    const char *fixed[] = {"index", "T_K", "P_Pa", "N_mol"};
    for (size_t k = 0; k < 4; k++) snprintf(store[n++], 48, "%s", fixed[k]);
    for (size_t c = 0; c < nc; c++)
        snprintf(store[n++], 48, "x_%s", lq_system_component_name(o->t->sys, c));
    snprintf(store[n++], 48, "phases");
    for (size_t k = 0; k < o->m; k++)
        snprintf(store[n++], 48, "f_%s_mol_per_mol", phase_name(o->t, o->pidx[k]));
    for (size_t c = 0; c < nc; c++)
        snprintf(store[n++], 48, "mu_%s_J_per_mol", lq_system_component_name(o->t->sys, c));
    const char *tail[] = {"G_J_per_mol_atoms", "H_J_per_mol_atoms", "S_J_per_mol_atoms_K",
                          "Cp_J_per_mol_atoms_K"};
    for (size_t k = 0; k < 4; k++) snprintf(store[n++], 48, "%s", tail[k]);
    for (size_t k = 0; k < n; k++) names[k] = store[k];
    return n;
}

/* Fields of point i (store must hold csv_names' count of 32-byte strings plus the phases). */
static size_t csv_row(const batch_out *o, size_t i, char (*store)[32], char *phases, size_t psize,
                      const char **f) {
    const lq_eq_batch_result *r = o->r;
    size_t n = 0, nc = r->ncomp;
    snprintf(store[n++], 32, "%zu", i);
    double head[3] = {r->T[i], r->P[i], r->N[i]};
    for (size_t k = 0; k < 3; k++) snprintf(store[n++], 32, "%.17g", head[k]);
    for (size_t c = 0; c < nc; c++) snprintf(store[n++], 32, "%.17g", r->x[i * nc + c]);
    phases[0] = '\0';
    for (size_t k = 0; k < r->n_sets[i]; k++) {
        size_t l = strlen(phases);
        snprintf(phases + l, psize - l, "%s%s", k ? "+" : "",
                 phase_name(o->t, r->set_phase[i * r->max_sets + k]));
    }
    size_t iph = n++;
    for (size_t k = 0; k < o->m; k++)
        snprintf(store[n++], 32, "%.17g", r->amount[i * r->n_phases + o->pidx[k]]);
    for (size_t c = 0; c < nc; c++) snprintf(store[n++], 32, "%.17g", r->mu[i * nc + c]);
    double tail[4] = {r->G[i], r->H[i], r->S[i], r->Cp[i]};
    for (size_t k = 0; k < 4; k++) snprintf(store[n++], 32, "%.17g", tail[k]);
    for (size_t k = 0; k < n; k++) f[k] = store[k];
    f[iph] = phases;
    return n;
}

#define MAXCOL (4 + 2 * LQA_THERMO_MAXC + 1 + 64 + 4)

/* The good points as CSV: to `path` whole or not at all, or to stdout when path is NULL. */
static lq_status write_csv(const batch_out *o, const char *path, lq_diag *d) {
    static char hstore[MAXCOL][48], rstore[MAXCOL][32];
    const char *names[MAXCOL], *f[MAXCOL];
    char phases[1024], com[1400];
    size_t n = csv_names(o, hstore, names);
    snprintf(com, sizeof com,
             "liquidus eq batch: %s; %zu points, %zu failed (listed on stderr, not here); amounts "
             "f in mol of atoms per mol of atoms (times N_mol for moles); mu and G, H, S against "
             "the database reference (SER for SGTE data), per mol of atoms; -inf: component absent",
             o->t->path, o->r->n_points, o->r->n_failed);
    lq_csv *c = NULL;
    lq_status st = LQ_OK;
    if (path)
        st = lq_csv_open(path, names, n, com, &c, d);
    else
        printf("# %s\n", com);
    for (size_t k = 0; !path && k < n; k++) printf("%s%s", k ? "," : "", names[k]);
    if (!path) printf("\n");
    for (size_t i = 0; st == LQ_OK && i < o->r->n_points; i++) {
        if (o->r->status[i] != LQ_OK) continue;
        size_t m = csv_row(o, i, rstore, phases, sizeof phases, f);
        if (path) {
            st = lq_csv_row_str(c, f, m);
        } else {
            for (size_t k = 0; k < m; k++) printf("%s%s", k ? "," : "", f[k]);
            printf("\n");
        }
    }
    if (!path) return ferror(stdout) ? LQ_EIO : LQ_OK;
    if (st == LQ_OK) return lq_csv_close(c, d);
    lq_csv_abort(c);
    return st;
}

/* A finite number, or null (JSON has no infinities: mu of an absent component). */
static void add_num(cJSON *o, const char *name, double v) {
    if (isfinite(v))
        cJSON_AddNumberToObject(o, name, v);
    else
        cJSON_AddNullToObject(o, name);
}

static cJSON *point_json(const batch_out *o, size_t i) {
    const lq_eq_batch_result *r = o->r;
    size_t nc = r->ncomp;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "index", (double)i);
    add_num(e, "T_K", r->T[i]);
    add_num(e, "P_Pa", r->P[i]);
    add_num(e, "N_mol", r->N[i]);
    cJSON *x = cJSON_AddObjectToObject(e, "x");
    cJSON *mu = cJSON_CreateObject();
    for (size_t c = 0; c < nc; c++) {
        add_num(x, lq_system_component_name(o->t->sys, c), r->x[i * nc + c]);
        add_num(mu, lq_system_component_name(o->t->sys, c), r->mu[i * nc + c]);
    }
    cJSON *ph = cJSON_AddArrayToObject(e, "phases");
    for (size_t k = 0; k < r->n_sets[i]; k++) {
        size_t s = i * r->max_sets + k;
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "phase", phase_name(o->t, r->set_phase[s]));
        cJSON_AddNumberToObject(p, "amount_mol_per_mol", r->set_amount[s]);
        cJSON *px = cJSON_AddObjectToObject(p, "x");
        for (size_t c = 0; c < nc; c++)
            add_num(px, lq_system_component_name(o->t->sys, c), r->set_x[s * nc + c]);
        cJSON_AddItemToArray(ph, p);
    }
    cJSON_AddItemToObject(e, "mu_J_per_mol", mu);
    add_num(e, "G_J_per_mol_atoms", r->G[i]);
    add_num(e, "H_J_per_mol_atoms", r->H[i]);
    add_num(e, "S_J_per_mol_atoms_K", r->S[i]);
    add_num(e, "Cp_J_per_mol_atoms_K", r->Cp[i]);
    return e;
}

static lq_status write_json(const batch_out *o, const lq_eq_points *pts, const char *path,
                            lq_diag *d) {
    const lq_eq_batch_result *r = o->r;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "database", o->t->path);
    cJSON_AddNumberToObject(j, "n_points", (double)r->n_points);
    cJSON_AddNumberToObject(j, "n_failed", (double)r->n_failed);
    cJSON_AddStringToObject(j, "mu_reference", "database reference states (SER for SGTE data)");
    cJSON *good = cJSON_AddArrayToObject(j, "points");
    cJSON *bad = cJSON_AddArrayToObject(j, "failed");
    for (size_t i = 0; i < r->n_points; i++) {
        if (r->status[i] == LQ_OK) {
            cJSON_AddItemToArray(good, point_json(o, i));
            continue;
        }
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "index", (double)i);
        if (pts->line[i] > 0) cJSON_AddNumberToObject(e, "line", (double)pts->line[i]);
        cJSON_AddStringToObject(e, "status", lq_status_str(r->status[i]));
        cJSON_AddStringToObject(e, "message", r->message[i] ? r->message[i] : "");
        cJSON_AddItemToArray(bad, e);
    }
    lq_status st = lqa_json_write(j, path ? path : "-", d);
    cJSON_Delete(j);
    return st;
}

/* Reads or builds the points; returns 0 or an exit code (message printed). */
static int get_points(const lqa_eq_batch_args *a, lq_eq_points **pts) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st =
        a->grid ? lq_eq_points_grid(a->grid, pts, &d) : lq_eq_points_read(a->points, pts, &d);
    return st == LQ_OK ? 0 : lqa_fail("eq", st, &d);
}

/* --zero PHASE --free T|EL into the options; returns 0 or an exit code. */
static int zero_free(const lqa_thermo *t, const lqa_eq_batch_args *a, lq_eq_batch_options *bo) {
    if (!a->zero) return 0;
    if (lq_system_phase_find(t->sys, a->zero, &bo->zero_phase) != LQ_OK)
        return lqa_usage_error("eq", "--zero: unknown phase %s", a->zero);
    if (strcasecmp(a->free_var, "T") == 0) return 0;
    long c = lqa_thermo_comp(t, a->free_var, strlen(a->free_var));
    if (c < 0) return lqa_usage_error("eq", "--free: %s is neither T nor a component", a->free_var);
    bo->free_var = (size_t)c;
    return 0;
}

int lqa_eq_batch(const lqa_ctx *ctx, lqa_thermo *t, const lqa_eq_batch_args *a) {
    const char *ext = a->out ? strrchr(a->out, '.') : NULL;
    int json = ctx->json;
    if (a->out) {
        if (!ext || (strcasecmp(ext, ".csv") && strcasecmp(ext, ".json")))
            return lqa_usage_error("eq", "--out %s: the name must end in .csv or .json", a->out);
        json = strcasecmp(ext, ".json") == 0;
    }
    if (a->threads < 0 || a->threads > 4096)
        return lqa_usage_error("eq", "--threads %ld: give 0 (OpenMP default) to 4096", a->threads);
    lq_eq_points *pts = NULL;
    int rc = get_points(a, &pts);
    if (rc) return rc;
    lq_eq_batch_options bo;
    lq_eq_batch_options_default(&bo);
    bo.n_threads = (int)a->threads;
    if ((rc = zero_free(t, a, &bo)) != 0) {
        lq_eq_points_free(pts);
        return rc;
    }
    lq_eq_batch_result *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lqa_progress(ctx, "liquidus eq: %zu points", pts->n_points);
    bo.cancel = lqa_cancel_flag();
    lqa_signals_catch();
    lq_status st = lq_eq_batch_run(t->db, t->sys, pts, &bo, &r, &d);
    if (st != LQ_OK) {
        lq_eq_points_free(pts);
        return st == LQ_ECANCELLED ? lqa_exit_interrupted("eq", NULL) : lqa_fail("eq", st, &d);
    }
    for (size_t i = 0; i < r->n_points; i++)
        if (r->status[i] != LQ_OK)
            fprintf(stderr, "liquidus eq: %s: %s\n", lq_status_str(r->status[i]),
                    r->message[i] ? r->message[i] : "(no message)");
    batch_out o;
    out_init(&o, t, r);
    lq_diag_clear(&d);
    st = json ? write_json(&o, pts, a->out, &d) : write_csv(&o, a->out, &d);
    if (st == LQ_OK && *lqa_cancel_flag()) { /* while writing: the file is complete, say so */
        rc = lqa_exit_interrupted("eq", "the output was completed before stopping");
    } else if (st != LQ_OK) {
        rc = lqa_fail("eq", st, &d);
    } else {
        if (a->out) lqa_progress(ctx, "liquidus eq: wrote %s", a->out);
        if (r->n_failed)
            fprintf(stderr,
                    "liquidus eq: %zu of %zu points failed (%zu with impossible conditions); the "
                    "other %zu are written\n",
                    r->n_failed, r->n_points, r->n_invalid, r->n_points - r->n_failed);
        rc = r->n_invalid ? LQA_EXIT_USAGE : r->n_failed ? LQA_EXIT_FAIL : LQA_EXIT_OK;
    }
    lq_eq_batch_result_free(r);
    lq_eq_points_free(pts);
    return rc;
}
