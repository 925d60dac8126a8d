/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS input commands for a liquidus rigid-ion model, and the whole input deck of a run. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/md.h"

static lq_status model_append(lqi_sbuf *sb, const lq_md_system *sys, const lq_md_potential *pot,
                              const lq_md_ff_options *opt_in, int table_off, lq_diag *diag) {
    if (!sys || !pot || sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
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
    lqi_sbuf_printf(sb,
                    "# model: Born-Mayer-Huggins (LAMMPS born form) + Coulomb, written by "
                    "liquidus\n");
    for (size_t t = 0; t < sys->n_species; t++)
        lqi_sbuf_printf(sb, "mass %zu %.17g  # %s\n", t + 1, sys->species[t].mass_amu,
                        sys->species[t].name);
    lqi_sbuf_printf(sb, "pair_style born/coul/long %.17g\n", o.cutoff_A);
    for (size_t a = 0; a < sys->n_species; a++)
        for (size_t b = a; b < sys->n_species; b++) {
            if (!pot->has_pair[map[a]][map[b]])
                return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "pair", "no parameters for %s-%s",
                                    sys->species[a].name, sys->species[b].name);
            const lq_md_born *p = &pot->pair[map[a]][map[b]];
            lqi_sbuf_printf(sb, "pair_coeff %zu %zu %.17g %.17g %.17g %.17g %.17g  # %s-%s\n",
                            a + 1, b + 1, p->A_eV, p->rho_A, p->sigma_A, p->C_eV_A6, p->D_eV_A8,
                            sys->species[a].name, sys->species[b].name);
        }
    if (o.shift) lqi_sbuf_printf(sb, "pair_modify shift yes\n");
    if (table_off) lqi_sbuf_printf(sb, "pair_modify table 0\n");
    lqi_sbuf_printf(sb, "kspace_style %s %.17g\n",
                    o.kspace == LQ_MD_KSPACE_EWALD ? "ewald" : "pppm", o.accuracy);
    if (o.kspace == LQ_MD_KSPACE_PPPM)
        lqi_sbuf_printf(sb, "kspace_modify order %d\n", o.pppm_order);
    if (o.g_ewald_per_A > 0) lqi_sbuf_printf(sb, "kspace_modify gewald %.17g\n", o.g_ewald_per_A);
    if (o.kspace == LQ_MD_KSPACE_EWALD && o.kmax[0] > 0)
        lqi_sbuf_printf(sb, "kspace_modify kmax/ewald %d %d %d\n", o.kmax[0], o.kmax[1], o.kmax[2]);
    if (o.kspace == LQ_MD_KSPACE_PPPM && o.mesh[0] > 0)
        lqi_sbuf_printf(sb, "kspace_modify mesh %d %d %d\n", o.mesh[0], o.mesh[1], o.mesh[2]);
    lqi_sbuf_printf(sb, "neighbor %.17g bin\nneigh_modify every 1 delay 0 check yes\n", o.skin_A);
    return sb->failed ? LQ_ENOMEM : LQ_OK;
}

lq_status lq_md_lammps_model_format(const lq_md_system *sys, const lq_md_potential *pot,
                                    const lq_md_ff_options *opt, int table_off, char **text,
                                    lq_diag *diag) {
    if (!text) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lqi_sbuf sb = {NULL, 0, 0, 0};
    lq_status st = model_append(&sb, sys, pot, opt, table_off, diag);
    if (st != LQ_OK) {
        lqi_sbuf_finish(&sb, NULL);
        return st;
    }
    return lqi_sbuf_finish(&sb, text);
}

/* The integrator fix: LAMMPS's nvt/npt are the same Nose-Hoover chain and MTK equations as
 * src/md/engine/sim.c, with the chain length passed as tchain/pchain. */
static void deck_run_append(lqi_sbuf *sb, const lq_md_system *sys, const lq_md_run_options *ro,
                            const lq_md_lammps_deck_options *dk) {
    if (dk->seed >= 0 || lq_md_system_velocities_zero(sys))
        lqi_sbuf_printf(sb, "velocity all create %.17g %ld dist gaussian mom yes rot no\n", ro->T_K,
                        dk->seed >= 0 ? dk->seed : LQ_MD_VELOCITY_SEED_DEFAULT);
    lqi_sbuf_printf(sb, "timestep %.17g\n", ro->dt_ps);
    if (ro->ensemble == LQ_MD_NVE)
        lqi_sbuf_printf(sb, "fix integrate all nve\n");
    else if (ro->ensemble == LQ_MD_NVT)
        lqi_sbuf_printf(sb, "fix integrate all nvt temp %.17g %.17g %.17g tchain %d\n", ro->T_K,
                        ro->T_K, ro->tdamp_ps, ro->chain_length);
    else
        lqi_sbuf_printf(sb,
                        "fix integrate all npt temp %.17g %.17g %.17g iso %.17g %.17g %.17g "
                        "tchain %d pchain %d\n",
                        ro->T_K, ro->T_K, ro->tdamp_ps, ro->P_bar, ro->P_bar, ro->pdamp_ps,
                        ro->chain_length, ro->chain_length);
    lqi_sbuf_printf(sb,
                    "thermo_style custom step time temp pe ke etotal econserve press vol density\n"
                    "thermo_modify format float %%.10g\nthermo %ld\n",
                    dk->thermo_every > 0 ? dk->thermo_every : 100);
    if (dk->dump_every > 0)
        lqi_sbuf_printf(sb,
                        "dump traj all custom %ld %s.lammpstrj id type x y z ix iy iz vx vy vz\n"
                        "dump_modify traj sort id\n",
                        dk->dump_every, dk->stem);
    lqi_sbuf_printf(sb, "run %ld\nwrite_data %s.final.data nocoeff\nwrite_restart %s.restart.lmp\n",
                    dk->steps, dk->stem, dk->stem);
}

lq_status lq_md_lammps_deck_write(const char *path, const lq_md_system *sys,
                                  const lq_md_potential *pot, const lq_md_ff_options *ff,
                                  const lq_md_run_options *run,
                                  const lq_md_lammps_deck_options *deck, lq_diag *diag) {
    if (!path || !sys || !pot || !deck || !deck->stem || deck->steps < 0)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument or negative steps");
    lq_md_run_options ro;
    if (run)
        ro = *run;
    else
        lq_md_run_options_default(&ro);
    lqi_sbuf sb = {NULL, 0, 0, 0};
    lqi_sbuf_printf(&sb,
                    "# LAMMPS input written by liquidus %s md export-lammps: the run `liquidus md "
                    "run`\n# would do with the same options. Run: lmp -in %s.in\n# potential: %s\n",
                    lq_version(), deck->stem, deck->potential ? deck->potential : "");
    for (const char *p = pot->source; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        lqi_sbuf_printf(&sb, "#   %.*s\n", (int)n, p);
        p += n + (e ? 1 : 0);
    }
    lqi_sbuf_printf(&sb, "units metal\natom_style charge\nboundary p p p\nread_data %s.data\n",
                    deck->stem);
    lq_status st = model_append(&sb, sys, pot, ff, deck->table_off, diag);
    if (st == LQ_OK) deck_run_append(&sb, sys, &ro, deck);
    char *text = NULL;
    if (st != LQ_OK) {
        lqi_sbuf_finish(&sb, NULL);
        return st;
    }
    size_t n = sb.len;
    st = lqi_sbuf_finish(&sb, &text);
    if (st == LQ_OK) st = lq_file_write_atomic(path, text, n, diag);
    lq_free(text);
    return st;
}
