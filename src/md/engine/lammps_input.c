/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS input of a model (its record's commands, or pair_style deepmd) and the deck of a run. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/md.h"
#include "md/md_internal.h"

static lq_status model_append(lqi_sbuf *sb, const lq_md_system *sys, const lq_md_model *model,
                              const lq_md_ff_options *opt_in, int table_off, lq_diag *diag) {
    if (!sys || !model || !model->ops || sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lq_md_ff_options o;
    if (opt_in)
        o = *opt_in;
    else
        lq_md_ff_options_default(&o);
    if (!model->ops->lammps)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, "potential",
                            "the %s potential has no LAMMPS form", model->ops->name);
    return model->ops->lammps(model->data, sys, &o, table_off, sb, diag);
}

static lq_status finish_text(lqi_sbuf *sb, lq_status st, char **text) {
    if (st != LQ_OK) {
        lqi_sbuf_finish(sb, NULL);
        return st;
    }
    return lqi_sbuf_finish(sb, text);
}

lq_status lq_md_model_lammps_format(const lq_md_model *model, const lq_md_system *sys,
                                    const lq_md_ff_options *opt, int table_off, char **text,
                                    lq_diag *diag) {
    if (!text) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lqi_sbuf sb = {NULL, 0, 0, 0};
    return finish_text(&sb, model_append(&sb, sys, model, opt, table_off, diag), text);
}

lq_status lq_md_lammps_model_format(const lq_md_system *sys, const lq_md_potential *pot,
                                    const lq_md_ff_options *opt, int table_off, char **text,
                                    lq_diag *diag) {
    if (!pot) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lq_md_model m;
    lqi_md_model_wrap_potential(pot, &m);
    return lq_md_model_lammps_format(&m, sys, opt, table_off, text, diag);
}

/* ---------------------------------------------------------------- deep potentials */

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

lq_status lqi_md_lammps_deepmd_append(lqi_sbuf *sb, const lq_md_system *sys,
                                      const lq_md_deepmd_deck *dp, double skin_A, lq_diag *diag) {
    if (!sys || !dp || !dp->model_path || !dp->model_path[0] || dp->n_types == 0 || !dp->type_map ||
        (dp->n_fparam > 0 && !dp->fparam) || sys->n_species == 0 ||
        sys->n_species > LQ_MD_MAX_SPECIES || !(skin_A >= 0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "NULL argument, empty type_map or model path, or negative skin");
    for (size_t k = 0; k < dp->n_types; k++)
        if (!dp->type_map[k] || !dp->type_map[k][0] || strpbrk(dp->type_map[k], " \t\n#"))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type_map",
                                "type_map entry %zu is empty or holds blanks", k);
    if (strpbrk(dp->model_path, " \t\n#"))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "model",
                            "model path '%s' holds blanks or '#' (LAMMPS would split it)",
                            dp->model_path);
    long map[LQ_MD_MAX_SPECIES];
    for (size_t t = 0; t < sys->n_species; t++) {
        map[t] = lqi_md_type_map_index(dp->type_map, dp->n_types, sys->species[t].name);
        if (map[t] < 0)
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "type_map",
                                "species '%s' (atom type %zu) matches no type_map entry of the "
                                "model",
                                sys->species[t].name, t + 1);
    }
    /* LAMMPS's DeePMD-kit interface loads frozen (.pb) or converted (.pth, ...) models, not the
     * backend-independent serialization: name the .pth a conversion writes. */
    const char *path = dp->model_path;
    char conv[1024];
    int serialized = ends_with(path, ".yaml") || ends_with(path, ".dp");
    if (serialized) {
        size_t stem = strlen(path) - (ends_with(path, ".yaml") ? 5 : 3);
        if (stem + 5 > sizeof conv)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "model", "model path too long");
        snprintf(conv, sizeof conv, "%.*s.pth", (int)stem, path);
        lqi_sbuf_printf(sb,
                        "# model: DeePMD-kit deep potential %s; LAMMPS reads it converted:\n"
                        "#   dp convert-backend %s %s\n",
                        path, path, conv);
        path = conv;
    } else {
        lqi_sbuf_printf(sb, "# model: DeePMD-kit deep potential %s\n", path);
    }
    lqi_sbuf_printf(sb,
                    "# needs LAMMPS with the DeePMD-kit plugin (plugin load libdeepmd_lmp.so)\n");
    lqi_sbuf_printf(sb, "# type_map of the model:");
    for (size_t k = 0; k < dp->n_types; k++) lqi_sbuf_printf(sb, " %s", dp->type_map[k]);
    lqi_sbuf_printf(sb, "\n");
    for (size_t t = 0; t < sys->n_species; t++)
        lqi_sbuf_printf(sb, "mass %zu %.17g  # %s\n", t + 1, sys->species[t].mass_amu,
                        sys->species[t].name);
    lqi_sbuf_printf(sb, "pair_style deepmd %s", path);
    if (dp->n_fparam > 0) {
        lqi_sbuf_printf(sb, " fparam");
        for (size_t k = 0; k < dp->n_fparam; k++) lqi_sbuf_printf(sb, " %.17g", dp->fparam[k]);
    }
    /* pair_coeff * * lists the type_map name of each LAMMPS atom type in order (DeePMD-kit
     * documentation, "Run MD with LAMMPS"). */
    lqi_sbuf_printf(sb, "\npair_coeff * *");
    for (size_t t = 0; t < sys->n_species; t++) lqi_sbuf_printf(sb, " %s", dp->type_map[map[t]]);
    lqi_sbuf_printf(sb, "\nneighbor %.17g bin\nneigh_modify every 1 delay 0 check yes\n", skin_A);
    return sb->failed ? LQ_ENOMEM : LQ_OK;
}

lq_status lq_md_lammps_deepmd_format(const lq_md_system *sys, const lq_md_deepmd_deck *dp,
                                     double skin_A, char **text, lq_diag *diag) {
    if (!text) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lqi_sbuf sb = {NULL, 0, 0, 0};
    return finish_text(&sb, lqi_md_lammps_deepmd_append(&sb, sys, dp, skin_A, diag), text);
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

/* The deck around a model: header, data, the model commands (from `model` or `dp`), the run. */
static lq_status deck_write(const char *path, const lq_md_system *sys, const lq_md_model *model,
                            const lq_md_deepmd_deck *dp, const lq_md_ff_options *ff,
                            const lq_md_run_options *run, const lq_md_lammps_deck_options *deck,
                            lq_diag *diag) {
    if (!path || !sys || (!model && !dp) || !deck || !deck->stem || deck->steps < 0)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument or negative steps");
    lq_md_run_options ro;
    if (run)
        ro = *run;
    else
        lq_md_run_options_default(&ro);
    lq_md_ff_options fo;
    if (ff)
        fo = *ff;
    else
        lq_md_ff_options_default(&fo);
    lqi_sbuf sb = {NULL, 0, 0, 0};
    lqi_sbuf_printf(&sb,
                    "# LAMMPS input written by liquidus %s md export-lammps: the run `liquidus md "
                    "run`\n# would do with the same options. Run: lmp -in %s.in\n# potential: %s\n",
                    lq_version(), deck->stem,
                    deck->potential ? deck->potential : (dp ? dp->model_path : ""));
    for (const char *p = model ? lq_md_model_source(model) : ""; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        lqi_sbuf_printf(&sb, "#   %.*s\n", (int)n, p);
        p += n + (e ? 1 : 0);
    }
    lqi_sbuf_printf(&sb, "units metal\natom_style charge\nboundary p p p\nread_data %s.data\n",
                    deck->stem);
    lq_status st = model ? model_append(&sb, sys, model, &fo, deck->table_off, diag)
                         : lqi_md_lammps_deepmd_append(&sb, sys, dp, fo.skin_A, diag);
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

lq_status lq_md_lammps_deck_write_model(const char *path, const lq_md_system *sys,
                                        const lq_md_model *model, const lq_md_ff_options *ff,
                                        const lq_md_run_options *run,
                                        const lq_md_lammps_deck_options *deck, lq_diag *diag) {
    if (!model) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL model");
    return deck_write(path, sys, model, NULL, ff, run, deck, diag);
}

lq_status lq_md_lammps_deck_write(const char *path, const lq_md_system *sys,
                                  const lq_md_potential *pot, const lq_md_ff_options *ff,
                                  const lq_md_run_options *run,
                                  const lq_md_lammps_deck_options *deck, lq_diag *diag) {
    if (!pot) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL potential");
    lq_md_model m;
    lqi_md_model_wrap_potential(pot, &m);
    return deck_write(path, sys, &m, NULL, ff, run, deck, diag);
}

lq_status lq_md_lammps_deck_write_deepmd(const char *path, const lq_md_system *sys,
                                         const lq_md_deepmd_deck *dp, const lq_md_ff_options *ff,
                                         const lq_md_run_options *run,
                                         const lq_md_lammps_deck_options *deck, lq_diag *diag) {
    if (!dp) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL deep potential");
    return deck_write(path, sys, NULL, dp, ff, run, deck, diag);
}
