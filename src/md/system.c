/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation of MD systems (the data structure shared by the engine, io and analysis). */
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"

lq_status lq_md_system_alloc(lq_md_system *sys, size_t n_atoms) {
    if (!sys || n_atoms == 0) return LQ_EINVAL;
    lq_md_system s;
    memset(&s, 0, sizeof s);
    s.n_atoms = n_atoms;
    s.pos_A = lqi_calloc(3 * n_atoms, sizeof *s.pos_A);
    s.vel_A_per_ps = lqi_calloc(3 * n_atoms, sizeof *s.vel_A_per_ps);
    s.type = lqi_calloc(n_atoms, sizeof *s.type);
    s.id = lqi_calloc(n_atoms, sizeof *s.id);
    s.image = lqi_calloc(3 * n_atoms, sizeof *s.image);
    if (!s.pos_A || !s.vel_A_per_ps || !s.type || !s.id || !s.image) {
        lq_md_system_free(&s);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < n_atoms; i++) s.id[i] = (long)i + 1;
    *sys = s;
    return LQ_OK;
}

void lq_md_system_free(lq_md_system *sys) {
    if (!sys) return;
    lqi_free(sys->pos_A);
    lqi_free(sys->vel_A_per_ps);
    lqi_free(sys->type);
    lqi_free(sys->id);
    lqi_free(sys->image);
    memset(sys, 0, sizeof *sys);
}
