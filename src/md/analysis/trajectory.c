/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole trajectories from LAMMPS dumps (unwrapped, id-ordered), their density, and the statistics
 * of energy series (equilibration + block average + Gaussian fit). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

void lq_md_trajectory_free(lq_md_trajectory *t) {
    if (!t) return;
    lqi_free(t->type);
    lqi_free(t->id);
    lqi_free(t->timestep);
    lqi_free(t->box_A);
    lqi_free(t->pos_A);
    memset(t, 0, sizeof *t);
}

static lq_status grow_frames(lq_md_trajectory *t, size_t *cap) {
    if (t->n_frames < *cap) return LQ_OK;
    size_t nc = *cap ? 2 * *cap : 64;
    long *ts = lqi_realloc(t->timestep, nc * sizeof *ts);
    if (!ts) return LQ_ENOMEM;
    t->timestep = ts;
    double *b = lqi_realloc(t->box_A, 3 * nc * sizeof *b);
    if (!b) return LQ_ENOMEM;
    t->box_A = b;
    double *p = lqi_realloc(t->pos_A, nc * 3 * t->n_atoms * sizeof *p);
    if (!p) return LQ_ENOMEM;
    t->pos_A = p;
    *cap = nc;
    return LQ_OK;
}

lq_status lq_md_trajectory_read(const char *path, const char *type_names, size_t skip, size_t every,
                                size_t max_frames, lq_md_trajectory *out, lq_diag *diag) {
    if (!path || !out || every < 1) return LQ_EINVAL;
    lq_lammps_dump *d;
    lq_status st = lq_lammps_dump_open(path, type_names, &d, diag);
    if (st != LQ_OK) return st;
    lq_md_frame f;
    memset(&f, 0, sizeof f);
    lq_md_trajectory t;
    memset(&t, 0, sizeof t);
    t.unwrapped_by_reader = 1;
    size_t cap = 0, index = 0;
    while ((max_frames == 0 || t.n_frames < max_frames) &&
           (st = lq_lammps_dump_next(d, &f, diag)) == LQ_OK) {
        size_t k = index++;
        if (k < skip || (k - skip) % every != 0) continue;
        if (t.n_frames == 0) {
            t.n_atoms = f.sys.n_atoms;
            t.n_species = f.sys.n_species;
            memcpy(t.species, f.sys.species, sizeof t.species);
            t.type = lqi_malloc_array(t.n_atoms, sizeof *t.type);
            t.id = lqi_malloc_array(t.n_atoms, sizeof *t.id);
            if (!t.type || !t.id) {
                st = LQ_ENOMEM;
                break;
            }
            memcpy(t.type, f.sys.type, t.n_atoms * sizeof *t.type);
            memcpy(t.id, f.sys.id, t.n_atoms * sizeof *t.id);
            t.unwrapped_by_reader = f.unwrapped;
        } else {
            int same = f.sys.n_atoms == t.n_atoms;
            for (size_t i = 0; same && i < t.n_atoms; i++)
                same = f.sys.id[i] == t.id[i] && f.sys.type[i] == t.type[i];
            if (!same) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "ATOMS",
                                  "frame at timestep %ld has other atoms, ids or types than the "
                                  "first frame",
                                  f.timestep);
                break;
            }
        }
        st = grow_frames(&t, &cap);
        if (st != LQ_OK) break;
        size_t n3 = 3 * t.n_atoms;
        double *p = t.pos_A + t.n_frames * n3;
        memcpy(p, f.sys.pos_A, n3 * sizeof *p);
        for (size_t c = 0; c < 3; c++) t.box_A[3 * t.n_frames + c] = f.sys.box_A[c];
        t.timestep[t.n_frames] = f.timestep;
        if (!f.unwrapped && t.n_frames > 0) {
            /* minimum-image step from the previous (already unwrapped) frame */
            const double *q = p - n3;
            for (size_t i = 0; i < n3; i++) {
                double L = f.sys.box_A[i % 3];
                double dx = p[i] - q[i];
                p[i] = q[i] + dx - L * nearbyint(dx / L);
            }
        }
        t.n_frames++;
    }
    lq_lammps_dump_close(d);
    lq_md_frame_free(&f);
    if ((st == LQ_ENOTFOUND && t.n_frames > 0) || (max_frames && t.n_frames == max_frames))
        st = LQ_OK;
    if (st == LQ_ENOTFOUND)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, path, 0, NULL, "no frame read (after skipping %zu)",
                          skip);
    if (st != LQ_OK) {
        lq_md_trajectory_free(&t);
        return st;
    }
    *out = t;
    return LQ_OK;
}

lq_status lq_md_trajectory_density(const lq_md_trajectory *t, double *rho, double *rho_err) {
    if (!t || !rho || t->n_frames == 0) return LQ_EINVAL;
    double m = 0.0;
    for (size_t i = 0; i < t->n_atoms; i++) {
        double mi = t->species[t->type[i]].mass_amu;
        if (!(mi > 0.0)) return LQ_EINVAL;
        m += mi;
    }
    double *r = lqi_malloc_array(t->n_frames, sizeof *r);
    if (!r) return LQ_ENOMEM;
    double mean = 0.0;
    for (size_t f = 0; f < t->n_frames; f++) {
        double v = t->box_A[3 * f] * t->box_A[3 * f + 1] * t->box_A[3 * f + 2];
        r[f] = m * LQ_AMU_G_PER_MOL / LQ_AVOGADRO_PER_MOL / (v * LQ_A3_M3 / LQ_CM3_M3);
        mean += r[f] / (double)t->n_frames;
    }
    *rho = mean;
    if (rho_err) {
        lq_md_block_result b;
        *rho_err = t->n_frames >= 16 && lq_md_block_average(r, t->n_frames, &b) == LQ_OK
                       ? b.sem_plateau
                       : (double)NAN;
    }
    lqi_free(r);
    return LQ_OK;
}

void lq_md_series_stats_free(lq_md_series_stats *st) {
    if (!st) return;
    lq_md_histogram_free(&st->hist);
}

lq_status lq_md_series_stats_compute(const double *x, size_t n, long skip, size_t n_bins,
                                     lq_md_series_stats *out) {
    if (!x || !out) return LQ_EINVAL;
    lq_md_series_stats s;
    memset(&s, 0, sizeof s);
    s.n = n;
    if (skip >= 0) {
        s.t0 = (size_t)skip;
    } else {
        if (n < 16) return LQ_EINVAL;
        lq_status st = lq_md_equilibration_detect(x, n, &s.t0, NULL, NULL);
        if (st != LQ_OK) return st;
        s.t0_detected = 1;
    }
    if (s.t0 >= n || n - s.t0 < 16) return LQ_EINVAL;
    s.n_used = n - s.t0;
    const double *y = x + s.t0;
    lq_status st = lq_md_statistical_inefficiency(y, s.n_used, &s.g_chodera);
    if (st == LQ_OK) st = lq_md_block_average(y, s.n_used, &s.block);
    if (st == LQ_OK) st = lq_md_histogram_gauss(y, s.n_used, n_bins, &s.hist);
    if (st != LQ_OK) return st;
    /* The Gaussian centre is a trustworthy estimate only inside the data and in agreement with
     * the mean (a skewed or drifting series gives a centre the data do not support). */
    const lq_md_histogram *h = &s.hist;
    double lo = y[0], hi = y[0];
    for (size_t i = 1; i < s.n_used; i++) {
        lo = y[i] < lo ? y[i] : lo;
        hi = y[i] > hi ? y[i] : hi;
    }
    double err = sqrt(h->fit_mu_err * h->fit_mu_err + s.block.sem_plateau * s.block.sem_plateau);
    s.gauss_flagged = 1;
    if (!h->fit_ok)
        snprintf(s.gauss_reason, sizeof s.gauss_reason,
                 "no Gaussian: the histogram is not bell-shaped");
    else if (!(h->fit_mu >= lo && h->fit_mu <= hi))
        snprintf(s.gauss_reason, sizeof s.gauss_reason,
                 "Gaussian centre %.8g lies outside the data used (%.8g .. %.8g)", h->fit_mu, lo,
                 hi);
    else if (!(fabs(h->fit_mu - s.block.mean) <= 3.0 * err))
        snprintf(s.gauss_reason, sizeof s.gauss_reason,
                 "Gaussian centre %.8g differs from the mean %.8g by %.2g standard errors "
                 "(drift left after the equilibration cut?)",
                 h->fit_mu, s.block.mean, fabs(h->fit_mu - s.block.mean) / err);
    else
        s.gauss_flagged = 0;
    *out = s;
    return LQ_OK;
}
