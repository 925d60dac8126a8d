/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS dumps with per-atom forces plus energies from a log or series file, as deepmd/npy frames.
 */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "md/dp/dp_data_internal.h"

/*
 * dpdata's "lammps/dump" reads positions, cell and, when dumped, forces (fx fy fz); the energies
 * are not in a dump, so they come from the run's thermo output: a LAMMPS log (any thermo style)
 * or any series lq_md_series_read reads, column PotEng by default. Frames are matched to rows by
 * the timestep when the series has a Step column, else in order (the counts must agree). Units
 * are taken as LAMMPS `units metal` (Angstrom, eV, eV/Angstrom), the ones DeePMD-kit uses. The
 * dump reader is the library's (lq_lammps_dump_next, orthorhombic boxes); the box's lower
 * corner is moved to the origin, which DeePMD-kit's periodic descriptors do not see.
 */

static lq_status read_energies(const char *dump, const lq_dp_convert_options *opt,
                               lq_md_series *ser, int *by_step, lq_diag *diag) {
    if (!opt->lammps_energy)
        return lqi_diag_set(diag, LQ_EINVAL, dump, 0, "energy",
                            "a LAMMPS dump holds no energies: give the log (or a series file) "
                            "with the potential energy of each frame");
    const char *col = opt->lammps_energy_column ? opt->lammps_energy_column : "PotEng";
    lq_status st = lq_md_series_read(opt->lammps_energy, col, -1, ser, diag);
    if (st != LQ_OK) return st;
    *by_step = ser->time && lqi_strcasecmp(ser->time_column, "step") == 0;
    return LQ_OK;
}

/* Row of the series for a frame: the row of its timestep, else the frame's index. */
static lq_status energy_of(const lq_md_series *ser, int by_step, size_t frame, long step,
                           const char *path, double *e, lq_diag *diag) {
    if (by_step) {
        for (size_t i = 0; i < ser->n; i++)
            if (fabs(ser->time[i] - (double)step) < 0.5) {
                *e = ser->value[i];
                return LQ_OK;
            }
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, ser->column,
                            "no row for timestep %ld (frame %zu of the dump)", step, frame);
    }
    if (frame >= ser->n)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, ser->column,
                            "%zu values for more frames (frame %zu has none)", ser->n, frame);
    *e = ser->value[frame];
    return LQ_OK;
}

static lq_status take_frame(lq_dp_system *s, size_t *cap, const lq_md_frame *fr, double e,
                            const char *path, size_t k, lq_diag *diag) {
    const lq_md_system *sys = &fr->sys;
    if (!fr->has_force)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "fx",
                            "frame %zu (timestep %ld) has no fx fy fz columns", k, fr->timestep);
    if (!s->type) {
        s->n_atoms = sys->n_atoms;
        s->n_types = sys->n_species;
        s->type = lqi_malloc_array(sys->n_atoms, sizeof(int));
        s->type_map = lqi_calloc(sys->n_species ? sys->n_species : 1, sizeof *s->type_map);
        if (!s->type || !s->type_map) return LQ_ENOMEM;
        memcpy(s->type, sys->type, sys->n_atoms * sizeof(int));
        for (size_t t = 0; t < sys->n_species; t++)
            memcpy(s->type_map[t], sys->species[t].name, strnlen(sys->species[t].name, 7));
    } else if (sys->n_atoms != s->n_atoms ||
               memcmp(sys->type, s->type, s->n_atoms * sizeof(int)) != 0) {
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "ATOMS",
                            "frame %zu (timestep %ld) has other atoms than frame 0", k,
                            fr->timestep);
    }
    size_t n3 = 3 * s->n_atoms, f = s->n_frames;
    if (f == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        double *a = lqi_realloc(s->coord_A, c * n3 * sizeof(double));
        if (a) s->coord_A = a;
        double *b = a ? lqi_realloc(s->force_eV_per_A, c * n3 * sizeof(double)) : NULL;
        if (b) s->force_eV_per_A = b;
        double *x = b ? lqi_realloc(s->box_A, c * 9 * sizeof(double)) : NULL;
        if (x) s->box_A = x;
        double *en = x ? lqi_realloc(s->energy_eV, c * sizeof(double)) : NULL;
        if (!en) return LQ_ENOMEM;
        s->energy_eV = en;
        *cap = c;
    }
    memcpy(s->coord_A + f * n3, sys->pos_A, n3 * sizeof(double));
    memcpy(s->force_eV_per_A + f * n3, fr->force_eV_per_A, n3 * sizeof(double));
    double *bx = s->box_A + 9 * f;
    memset(bx, 0, 9 * sizeof(double));
    bx[0] = sys->box_A[0];
    bx[4] = sys->box_A[1];
    bx[8] = sys->box_A[2];
    s->energy_eV[f] = e;
    s->n_frames++;
    return LQ_OK;
}

lq_status lq_dp_lammps_read(const char *path, const lq_dp_convert_options *opt, lq_dp_system *out,
                            lq_diag *diag) {
    if (!path || !opt || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no file");
    lq_md_series ser;
    memset(&ser, 0, sizeof ser);
    int by_step = 0;
    lq_status st = read_energies(path, opt, &ser, &by_step, diag);
    if (st != LQ_OK) return st;
    lq_lammps_dump *d = NULL;
    st = lq_lammps_dump_open(path, opt->lammps_types, &d, diag);
    lq_md_frame fr;
    memset(&fr, 0, sizeof fr);
    lq_dp_system s;
    memset(&s, 0, sizeof s);
    size_t cap = 0;
    for (size_t k = 0; st == LQ_OK; k++) {
        st = lq_lammps_dump_next(d, &fr, diag);
        if (st == LQ_ENOTFOUND) {
            st = k ? LQ_OK : lqi_diag_set(diag, LQ_EPARSE, path, 0, NULL, "no frames");
            break;
        }
        double e = 0;
        if (st == LQ_OK)
            st = energy_of(&ser, by_step, k, fr.timestep, opt->lammps_energy, &e, diag);
        if (st == LQ_OK) st = take_frame(&s, &cap, &fr, e, path, k, diag);
    }
    if (st == LQ_OK && !by_step && ser.n != s.n_frames)
        st = lqi_diag_set(diag, LQ_EPARSE, opt->lammps_energy, 0, ser.column,
                          "%zu energies for %zu dump frames (no Step column to match them)", ser.n,
                          s.n_frames);
    lq_md_frame_free(&fr);
    lq_lammps_dump_close(d);
    lq_md_series_free(&ser);
    if (st == LQ_OK) {
        s.path = lqi_strdup(path);
        if (!s.path) st = LQ_ENOMEM;
    }
    if (st == LQ_OK) {
        lq_diag c;
        lq_diag_clear(&c);
        st = lq_dp_system_check(&s, &c);
        if (st != LQ_OK) st = lqi_diag_set(diag, LQ_EPARSE, path, 0, c.field, "%s", c.msg);
    }
    if (st != LQ_OK) {
        lq_dp_system_free(&s);
        return st;
    }
    *out = s;
    return LQ_OK;
}
