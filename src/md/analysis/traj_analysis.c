/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole-trajectory analyses as the commands run them: frame times, MSD with masses, g(r) of all
 * frames with the density. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "liquidus/units.h"

lq_status lq_md_trajectory_frame_dt_compute(const lq_md_trajectory *t, double timestep_ps,
                                            double *dt_ps, lq_diag *diag) {
    if (!t || !dt_ps || !(timestep_ps > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or time step <= 0");
    if (t->n_frames < 2) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "fewer than 2 frames");
    long step = t->timestep[1] - t->timestep[0];
    for (size_t f = 1; f < t->n_frames; f++)
        if (t->timestep[f] - t->timestep[f - 1] != step || step <= 0)
            return lqi_diag_set(diag, LQ_EPARSE, NULL, 0, NULL,
                                "frames are not equally spaced in time (timesteps %ld, %ld)",
                                t->timestep[f - 1], t->timestep[f]);
    *dt_ps = (double)step * timestep_ps;
    return LQ_OK;
}

int lq_md_trajectory_masses_known(const lq_md_trajectory *t) {
    if (!t) return 0;
    for (size_t s = 0; s < t->n_species; s++)
        if (!(t->species[s].mass_amu > 0.0)) return 0;
    return 1;
}

lq_status lq_md_msd_trajectory_compute(const lq_md_trajectory *t, const lq_md_msd_options *o,
                                       lq_md_msd *m, lq_diag *diag) {
    if (!t || !o || !m || t->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    double mass[LQ_MD_MAX_SPECIES];
    for (size_t s = 0; s < t->n_species; s++) mass[s] = t->species[s].mass_amu;
    return lq_md_msd_compute(t->pos_A, t->n_frames, t->n_atoms, t->type, t->n_species,
                             lq_md_trajectory_masses_known(t) ? mass : NULL, o, m, diag);
}

double lq_md_msd_fit_eval(const lq_md_msd *m, size_t s, double t_ps) {
    if (!m || s >= m->n_species || !isfinite(m->D_cm2_s[s]) || !(m->dt_ps > 0.0))
        return (double)NAN;
    size_t i0 = (size_t)lround(m->fit_t0_ps[s] / m->dt_ps);
    size_t i1 = (size_t)lround(m->fit_t1_ps[s] / m->dt_ps);
    if (i1 >= m->n_lags || i0 > i1) return (double)NAN;
    double sx = 0, sy = 0;
    for (size_t i = i0; i <= i1; i++) {
        sx += m->t_ps[i];
        sy += m->msd_A2[s * m->n_lags + i];
    }
    /* MSD = a + 6 D t with D in cm^2/s turned into A^2/ps; the least-squares line passes through
     * the means of its points */
    double slope = 6.0 * m->D_cm2_s[s] * LQ_CM2_M2 / (LQ_ANGSTROM_M * LQ_ANGSTROM_M / LQ_PS_S);
    double a = (sy - slope * sx) / (double)(i1 - i0 + 1);
    return a + slope * t_ps;
}

void lq_md_rdf_data_free(lq_md_rdf_data *d) {
    if (!d) return;
    lqi_free(d->r_A);
    lqi_free(d->g);
    lqi_free(d->cn_ab);
    lqi_free(d->cn_ba);
    lqi_free(d->pairs);
    lqi_free(d);
}

/* Every frame added to the accumulator through a system view of the trajectory's arrays. */
static lq_status rdf_frames(const lq_md_trajectory *t, lq_md_rdf *rdf, lq_diag *diag) {
    lq_md_system view;
    memset(&view, 0, sizeof view);
    view.n_atoms = t->n_atoms;
    view.n_species = t->n_species;
    memcpy(view.species, t->species, sizeof view.species);
    view.type = t->type;
    view.id = t->id;
    lq_status st = LQ_OK;
    for (size_t f = 0; st == LQ_OK && f < t->n_frames; f++) {
        view.pos_A = t->pos_A + f * 3 * t->n_atoms;
        for (size_t k = 0; k < 3; k++) view.box_A[k] = t->box_A[3 * f + k];
        st = lq_md_rdf_add(rdf, &view, diag);
    }
    return st;
}

lq_status lq_md_rdf_trajectory_compute(const lq_md_trajectory *t, double r_max_A, double dr_A,
                                       lq_md_rdf_data **out, lq_diag *diag) {
    if (!t || !out || !(dr_A > 0.0) || t->n_frames == 0) return LQ_EINVAL;
    if (isnan(r_max_A)) {
        /* the minimum image reaches half the shortest edge of every frame */
        double half = 0.5 * t->box_A[0];
        for (size_t f = 0; f < t->n_frames; f++)
            for (size_t k = 0; k < 3; k++)
                if (0.5 * t->box_A[3 * f + k] < half) half = 0.5 * t->box_A[3 * f + k];
        r_max_A = half < 15.0 ? half : 15.0;
    }
    size_t nb = (size_t)floor(r_max_A / dr_A + 1e-9); /* 1e-9: r_max a multiple of dr */
    if (nb < 2) return LQ_EINVAL;
    lq_md_rdf_data *d = lqi_calloc(1, sizeof *d);
    if (!d) return LQ_ENOMEM;
    size_t np = t->n_species * (t->n_species + 1) / 2;
    d->r_max_A = r_max_A;
    d->n_bins = nb;
    d->n_pairs = np;
    d->dr_A = r_max_A / (double)nb;
    lq_md_rdf *rdf = NULL;
    lq_status st = lq_md_rdf_create(t->n_species, r_max_A, nb, &rdf);
    if (st == LQ_OK) st = rdf_frames(t, rdf, diag);
    d->r_A = lqi_malloc_array(nb, sizeof *d->r_A);
    d->g = lqi_malloc_array(np * nb, sizeof *d->g);
    d->cn_ab = lqi_malloc_array(np * nb, sizeof *d->cn_ab);
    d->cn_ba = lqi_malloc_array(np * nb, sizeof *d->cn_ba);
    d->pairs = lqi_malloc_array(np, sizeof *d->pairs);
    if (st == LQ_OK && (!d->r_A || !d->g || !d->cn_ab || !d->cn_ba || !d->pairs)) st = LQ_ENOMEM;
    if (st == LQ_OK) st = lq_md_rdf_result(rdf, d->r_A, d->g, d->cn_ab, d->cn_ba, d->pairs);
    lq_md_rdf_free(rdf);
    if (st != LQ_OK) {
        lq_md_rdf_data_free(d);
        return st;
    }
    d->have_density =
        lq_md_trajectory_density(t, &d->density_g_cm3, &d->density_err_g_cm3) == LQ_OK;
    *out = d;
    return LQ_OK;
}
