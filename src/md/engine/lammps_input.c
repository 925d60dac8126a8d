/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS input commands for a liquidus rigid-ion model (export and the regression test). */
#include <stdio.h>

#include "core/core_internal.h"
#include "liquidus/md.h"

lq_status lq_md_lammps_model_write(FILE *fp, const lq_md_system *sys, const lq_md_potential *pot,
                                   const lq_md_ff_options *opt_in, int table_off, lq_diag *diag) {
    if (!fp || !sys || !pot || sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lq_md_ff_options o;
    if (opt_in)
        o = *opt_in;
    else
        lq_md_ff_options_default(&o);
    size_t map[LQ_MD_MAX_SPECIES];
    for (size_t t = 0; t < sys->n_species; t++)
        if (lq_md_potential_find(pot, sys->species[t].name, &map[t]) != LQ_OK)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                                "species '%s' is not in the potential", sys->species[t].name);
    fprintf(fp, "# model: Born-Mayer-Huggins (LAMMPS born form) + Coulomb, written by liquidus\n");
    for (size_t t = 0; t < sys->n_species; t++)
        fprintf(fp, "mass %zu %.17g  # %s\n", t + 1, sys->species[t].mass_amu,
                sys->species[t].name);
    fprintf(fp, "pair_style born/coul/long %.17g\n", o.cutoff_A);
    for (size_t a = 0; a < sys->n_species; a++)
        for (size_t b = a; b < sys->n_species; b++) {
            if (!pot->has_pair[map[a]][map[b]])
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "pair", "no parameters for %s-%s",
                                    sys->species[a].name, sys->species[b].name);
            const lq_md_born *p = &pot->pair[map[a]][map[b]];
            fprintf(fp, "pair_coeff %zu %zu %.17g %.17g %.17g %.17g %.17g  # %s-%s\n", a + 1, b + 1,
                    p->A_eV, p->rho_A, p->sigma_A, p->C_eV_A6, p->D_eV_A8, sys->species[a].name,
                    sys->species[b].name);
        }
    if (o.shift) fprintf(fp, "pair_modify shift yes\n");
    if (table_off) fprintf(fp, "pair_modify table 0\n");
    fprintf(fp, "kspace_style %s %.17g\n", o.kspace == LQ_MD_KSPACE_EWALD ? "ewald" : "pppm",
            o.accuracy);
    if (o.kspace == LQ_MD_KSPACE_PPPM) fprintf(fp, "kspace_modify order %d\n", o.pppm_order);
    if (o.g_ewald_per_A > 0) fprintf(fp, "kspace_modify gewald %.17g\n", o.g_ewald_per_A);
    if (o.kspace == LQ_MD_KSPACE_EWALD && o.kmax[0] > 0)
        fprintf(fp, "kspace_modify kmax/ewald %d %d %d\n", o.kmax[0], o.kmax[1], o.kmax[2]);
    if (o.kspace == LQ_MD_KSPACE_PPPM && o.mesh[0] > 0)
        fprintf(fp, "kspace_modify mesh %d %d %d\n", o.mesh[0], o.mesh[1], o.mesh[2]);
    fprintf(fp, "neighbor %.17g bin\nneigh_modify every 1 delay 0 check yes\n", o.skin_A);
    return ferror(fp) ? lqi_diag_set(diag, LQ_EIO, NULL, 0, NULL, "write error") : LQ_OK;
}
