/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frames of a liquidus MD run (positions, energy, forces, virial) gathered as a deepmd/npy system.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_data_internal.h"
#include "md/md_sim_internal.h"

/*
 * The frames stay in memory and the folder is written by lq_dp_frames_commit in one piece
 * (lq_dp_system_write_ex: a temporary folder renamed into place), so a run that fails or is
 * interrupted leaves no folder, like its thermo and trajectory files. The virial is the
 * simulation's W_ab = sum r_a F_b (potential part, eV), DeePMD-kit's virial convention: tr W / 3V
 * is the potential part of the pressure.
 */

struct lq_dp_frames {
    char *dir;
    size_t set_size;
    int overwrite;
    size_t cap;
    lq_dp_system s;
};

/* 1: absent or empty; 0: holds something; -1: not usable as a folder (a file, a bad path) */
static int dir_usable(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return errno == ENOENT ? 1 : -1;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = 0;
    closedir(d);
    return empty;
}

lq_status lq_dp_frames_begin(const char *dir, size_t set_size, int overwrite, lq_dp_frames **out,
                             lq_diag *diag) {
    if (!dir || !*dir || !out) return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "no folder");
    /* refused now rather than after the run */
    int usable = dir_usable(dir);
    if (usable < 0)
        return lqi_diag_set(diag, LQ_EWRITE, dir, 0, NULL, "cannot be an output folder: %s",
                            strerror(errno));
    if (!overwrite && !usable)
        return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL,
                            "folder exists and is not empty (not overwritten)");
    lq_dp_frames *w = lqi_calloc(1, sizeof *w);
    if (!w) return LQ_ENOMEM;
    w->dir = lqi_strdup(dir);
    if (!w->dir) {
        lqi_free(w);
        return LQ_ENOMEM;
    }
    w->set_size = set_size;
    w->overwrite = overwrite;
    *out = w;
    return LQ_OK;
}

size_t lq_dp_frames_count(const lq_dp_frames *w) { return w ? w->s.n_frames : 0; }

static lq_status first_frame(lq_dp_frames *w, const lq_md_system *sys, lq_diag *diag) {
    lq_dp_system *s = &w->s;
    s->n_atoms = sys->n_atoms;
    s->n_types = sys->n_species;
    s->type_map = lqi_calloc(sys->n_species ? sys->n_species : 1, sizeof *s->type_map);
    s->type = lqi_malloc_array(sys->n_atoms, sizeof(int));
    if (!s->type_map || !s->type) return LQ_ENOMEM;
    for (size_t t = 0; t < sys->n_species; t++) {
        const char *name = sys->species[t].name;
        if (!name[0] || strlen(name) > 7)
            return lqi_diag_set(diag, LQ_EINVAL, w->dir, 0, "type_map",
                                "species %zu has no name or one longer than 7 characters", t);
        memcpy(s->type_map[t], name, strlen(name));
    }
    memcpy(s->type, sys->type, sys->n_atoms * sizeof(int));
    return LQ_OK;
}

static lq_status grow(lq_dp_frames *w) {
    lq_dp_system *s = &w->s;
    return lqi_dp_frames_reserve(s->n_atoms, s->n_frames, 64, &w->cap, &s->coord_A,
                                 &s->force_eV_per_A, &s->box_A, &s->virial_eV, &s->energy_eV);
}

lq_status lq_dp_frames_add_sim(lq_dp_frames *w, const struct lq_md_sim *sim, lq_diag *diag) {
    if (!w || !sim) return LQ_EINVAL;
    const lq_md_system *sys = &sim->sys;
    lq_dp_system *s = &w->s;
    lq_status st = LQ_OK;
    if (!s->type) {
        st = first_frame(w, sys, diag);
        if (st != LQ_OK) {
            lq_dp_system_free(s);
            return st;
        }
    } else if (sys->n_atoms != s->n_atoms ||
               memcmp(sys->type, s->type, s->n_atoms * sizeof(int)) != 0) {
        return lqi_diag_set(diag, LQ_EINVAL, w->dir, 0, NULL,
                            "the atoms of the simulation changed between frames");
    }
    if ((st = grow(w)) != LQ_OK) return st;
    size_t f = s->n_frames, n3 = 3 * s->n_atoms;
    memcpy(s->coord_A + f * n3, sys->pos_A, n3 * sizeof(double));
    memcpy(s->force_eV_per_A + f * n3, sim->f, n3 * sizeof(double));
    double *b = s->box_A + 9 * f, *v = s->virial_eV + 9 * f;
    memset(b, 0, 9 * sizeof(double));
    b[0] = sys->box_A[0];
    b[4] = sys->box_A[1];
    b[8] = sys->box_A[2];
    const double *w6 = sim->e.virial_eV; /* xx yy zz xy xz yz */
    v[0] = w6[0];
    v[4] = w6[1];
    v[8] = w6[2];
    v[1] = v[3] = w6[3];
    v[2] = v[6] = w6[4];
    v[5] = v[7] = w6[5];
    s->energy_eV[f] = sim->e.total_eV;
    /* a frame that is not finite is refused now, naming the step */
    st = lqi_dp_check_frames(w->dir, "force", s->force_eV_per_A + f * n3, 1, n3, f, diag);
    if (st == LQ_OK) st = lqi_dp_check_frames(w->dir, "energy", s->energy_eV + f, 1, 1, f, diag);
    if (st == LQ_OK) st = lqi_dp_check_frames(w->dir, "virial", v, 1, 9, f, diag);
    if (st != LQ_OK) return LQ_EDOM;
    s->n_frames++;
    return LQ_OK;
}

lq_status lq_dp_frames_commit(lq_dp_frames *w, lq_diag *diag) {
    if (!w) return LQ_EINVAL;
    lq_status st = w->s.n_frames
                       ? lq_dp_system_write_ex(w->dir, &w->s, w->set_size, w->overwrite, diag)
                       : lqi_diag_set(diag, LQ_EINVAL, w->dir, 0, NULL, "no frames to write");
    lq_dp_frames_abort(w);
    return st;
}

void lq_dp_frames_abort(lq_dp_frames *w) {
    if (!w) return;
    lq_dp_system_free(&w->s);
    lqi_free(w->dir);
    lqi_free(w);
}
