/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus md`: run MD from a LAMMPS data file, or export the same run to LAMMPS. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/md.h"

#define CMD "md"

typedef struct md_args {
    const char *data, *potential, *types, *ensemble, *kspace, *out, *restart_in, *restart_out;
    const char *dp_frames; /* md run --dp-frames: deepmd/npy system folder */
    long dp_every;
    double T, P, dt_fs, accuracy, cutoff, skin, tdamp, pdamp, min_dist, ftol, etol;
    long steps, thermo, dump, seed, restart_every, threads, order, maxiter;
    int shift, table_off, have_seed, minimize;
} md_args;

/* Option defaults are the library's (lq_md_ff_options_default, lq_md_run_options_default). */
static void args_default(md_args *a) {
    memset(a, 0, sizeof *a);
    lq_md_ff_options fo;
    lq_md_run_options ro;
    lq_md_ff_options_default(&fo);
    lq_md_run_options_default(&ro);
    lq_md_min_options mo;
    lq_md_min_options_default(&mo);
    a->ftol = mo.ftol_eV_per_A;
    a->etol = mo.etol;
    a->maxiter = mo.max_iter;
    a->ensemble = ro.ensemble == LQ_MD_NPT ? "npt" : ro.ensemble == LQ_MD_NVT ? "nvt" : "nve";
    a->kspace = fo.kspace == LQ_MD_KSPACE_EWALD ? "ewald" : "pppm";
    a->out = "md";
    a->T = ro.T_K;
    a->P = ro.P_bar;
    a->dt_fs = ro.dt_ps * 1e3;
    a->accuracy = fo.accuracy;
    a->cutoff = (double)NAN; /* not given: the default, shortened to fit the box (fit_cutoff) */
    a->skin = fo.skin_A;
    a->tdamp = ro.tdamp_ps;
    a->pdamp = ro.pdamp_ps;
    a->min_dist = fo.min_distance_A;
    a->shift = fo.shift;
    a->threads = fo.n_threads;
    a->steps = 1000;
    a->thermo = 100;
    a->dump = 0;
    a->seed = -1;
    a->order = fo.pppm_order;
    a->dp_every = 10;
}

#define MD_OPTS(a)                                                                                 \
    {"data", LQA_STRING, &(a).data, "FILE", "LAMMPS data file (atom_style charge)"},               \
        {"potential", LQA_STRING, &(a).potential, "FILE",                                          \
         "potential file (path, or name in data/md/, e.g. tosi_fumi_NaCl.pot; DeePMD-kit "         \
         "model .yaml/.dp; .dplr: model + long-range baseline)"},                                  \
        {"types", LQA_STRING, &(a).types, "A,B,..", "species names of atom types 1,2,..."},        \
        {"ensemble", LQA_STRING, &(a).ensemble, "nve|nvt|npt", "ensemble (nve)"},                  \
        {"T", LQA_DOUBLE, &(a).T, "K", "temperature: target and initial velocities (1000)"},       \
        {"P", LQA_DOUBLE, &(a).P, "bar", "pressure for npt (1)"},                                  \
        {"dt", LQA_DOUBLE, &(a).dt_fs, "fs", "time step (1)"},                                     \
        {"steps", LQA_INT, &(a).steps, "N", "number of steps (1000)"},                             \
        {"thermo", LQA_INT, &(a).thermo, "N", "thermo row every N steps (100)"},                   \
        {"dump", LQA_INT, &(a).dump, "N", "dump frame every N steps (0: none)"},                   \
        {"seed", LQA_INT, &(a).seed, "S",                                                          \
         "draw velocities at T with this seed (default: keep the data file's, 12345 if none)"},    \
        {"kspace", LQA_STRING, &(a).kspace, "ewald|pppm", "long-range Coulomb solver (pppm)"},     \
        {"accuracy", LQA_DOUBLE, &(a).accuracy, "REL", "relative force accuracy (1e-5)"},          \
        {"order", LQA_INT, &(a).order, "P", "PPPM charge assignment order (5)"},                   \
        {"cutoff", LQA_DOUBLE, &(a).cutoff, "A",                                                   \
         "real-space cutoff (10, or less to fit the box: half the shortest edge minus the skin)"}, \
        {"skin", LQA_DOUBLE, &(a).skin, "A", "neighbour-list skin (2)"},                           \
        {"shift", LQA_FLAG, &(a).shift, NULL, "shift Born energies to zero at the cutoff"},        \
        {"min-distance", LQA_DOUBLE, &(a).min_dist, "A", "closer atoms are an error (0.5)"},       \
        {"tdamp", LQA_DOUBLE, &(a).tdamp, "ps", "thermostat period (0.1)"},                        \
        {"pdamp", LQA_DOUBLE, &(a).pdamp, "ps", "barostat period (1)"},                            \
        {"threads", LQA_INT, &(a).threads, "N", "OpenMP threads (0: OMP_NUM_THREADS)"}, {          \
        "out", LQA_STRING, &(a).out, "PREFIX", "output prefix (md)"                                \
    }

static int resolve_potential(const lqa_ctx *ctx, const char *name, char *buf, size_t size) {
    if (access(name, R_OK) == 0) {
        snprintf(buf, size, "%s", name);
        return 0;
    }
    char rel[512];
    snprintf(rel, sizeof rel, "md/%s", name);
    lqa_data_path(ctx, rel, buf, size);
    return access(buf, R_OK) == 0 ? 0 : -1;
}

/* Engine and integrator options from the command line. */
static int load_options(const md_args *a, lq_md_ff_options *fo, lq_md_run_options *ro) {
    lq_md_ff_options_default(fo);
    if (isfinite(a->cutoff)) fo->cutoff_A = a->cutoff;
    fo->skin_A = a->skin;
    fo->shift = a->shift;
    fo->accuracy = a->accuracy;
    fo->pppm_order = (int)a->order;
    fo->min_distance_A = a->min_dist;
    fo->n_threads = (int)a->threads;
    if (strcmp(a->kspace, "ewald") == 0)
        fo->kspace = LQ_MD_KSPACE_EWALD;
    else if (strcmp(a->kspace, "pppm") == 0)
        fo->kspace = LQ_MD_KSPACE_PPPM;
    else
        return lqa_usage_error(CMD, "--kspace must be ewald or pppm, not '%s'", a->kspace);
    lq_md_run_options_default(ro);
    if (strcmp(a->ensemble, "nve") == 0)
        ro->ensemble = LQ_MD_NVE;
    else if (strcmp(a->ensemble, "nvt") == 0)
        ro->ensemble = LQ_MD_NVT;
    else if (strcmp(a->ensemble, "npt") == 0)
        ro->ensemble = LQ_MD_NPT;
    else
        return lqa_usage_error(CMD, "--ensemble must be nve, nvt or npt, not '%s'", a->ensemble);
    ro->T_K = a->T;
    ro->P_bar = a->P;
    ro->dt_ps = a->dt_fs * 1e-3;
    ro->tdamp_ps = a->tdamp;
    ro->pdamp_ps = a->pdamp;
    if (a->steps < 0 || a->thermo < 0 || a->dump < 0 || a->restart_every < 0)
        return lqa_usage_error(CMD, "--steps, --thermo, --dump and --restart-every must be >= 0");
    if (a->dp_every < 1) return lqa_usage_error(CMD, "--dp-every must be >= 1");
    return 0;
}

/* The data file, type names (--types) and the potential's species (model may be NULL). */
static int load_system(const md_args *a, const lq_md_model *model, lq_md_system *sys) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st;
    if (!a->data) return lqa_usage_error(CMD, "--data is required");
    st = lq_md_data_read_types(a->data, a->types, sys, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_diag_clear(&d);
    st = model ? lq_md_model_apply(model, sys, &d) : LQ_OK;
    if (st != LQ_OK) {
        lq_md_system_free(sys);
        return lqa_fail(CMD, st, &d);
    }
    lqa_warn_diag(CMD, &d);
    return 0;
}

/* Minimisation options; md run --minimize defaults to a looser tolerance (RUN_MIN_*): it only
 * has to remove the overlaps of a random start (on 216 NaCl ions from build: 180 FIRE steps reach
 * 0.1 eV/A and the energy within 6 eV of the 1e-3 eV/A minimum, 1900 steps). */
#define RUN_MIN_FTOL 0.1
#define RUN_MIN_MAXITER 1000
#define MIN_OPTS(a)                                                                         \
    {"ftol", LQA_DOUBLE, &(a).ftol, "eV/A",                                                 \
     "minimise until the largest force is below this (minimize 1e-3, run --minimize 0.1)"}, \
        {"etol", LQA_DOUBLE, &(a).etol, "REL",                                              \
         "or until the relative energy change of a step is below this (0: off)"},           \
    {                                                                                       \
        "maxiter", LQA_INT, &(a).maxiter, "N",                                              \
            "at most N minimisation steps (minimize 10000, run --minimize 1000)"            \
    }

/* The box of a restart file (its "box" line), for choosing the cutoff; -1 when absent. */
static int restart_box(const char *path, double box[3]) {
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    char line[256];
    int found = -1;
    for (int k = 0; k < 8 && found && fgets(line, sizeof line, fp); k++)
        if (sscanf(line, "box %la %la %la", &box[0], &box[1], &box[2]) == 3) found = 0;
    fclose(fp);
    return found;
}

/* The cutoff for a box: --cutoff as given when the box holds twice it (else refused, naming the
 * largest value that fits); without --cutoff the default, shortened when needed to half the
 * shortest edge minus the skin (rounded down to 0.1 A) with a note saying so. */
static int fit_cutoff(const md_args *a, const double box[3], lq_md_ff_options *fo) {
    double lmin = box[0];
    for (int d = 1; d < 3; d++)
        if (box[d] < lmin) lmin = box[d];
    double fit = floor(10.0 * (0.5 * lmin - fo->skin_A) + 1e-9) / 10.0;
    if (isfinite(a->cutoff)) {
        if (!(a->cutoff > 0)) return lqa_usage_error(CMD, "--cutoff must be > 0");
        if (2.0 * a->cutoff <= lmin) return 0;
        return lqa_usage_error(CMD,
                               "--cutoff %g A does not fit the box: its shortest edge, %g A, must "
                               "be at least twice the cutoff; the largest allowed is --cutoff %.1f "
                               "(or omit --cutoff to choose one that fits, or build a larger box)",
                               a->cutoff, lmin, floor(10.0 * 0.5 * lmin + 1e-9) / 10.0);
    }
    if (fit >= fo->cutoff_A) return 0;
    if (!(fit > 0))
        return lqa_usage_error(CMD,
                               "the box (shortest edge %g A) is too small for a cutoff with a %g A "
                               "skin: build a larger box or give --skin and --cutoff",
                               lmin, fo->skin_A);
    fprintf(stderr,
            "liquidus %s: note: no --cutoff given and the box's shortest edge is %g A: using a "
            "cutoff of %.1f A instead of %g A (half the edge minus the %g A skin)\n",
            CMD, lmin, fit, fo->cutoff_A, fo->skin_A);
    fo->cutoff_A = fit;
    return 0;
}

/* Reads the potential (any kind: lq_md_model_read) and the data file, names the types, maps the
 * species onto the potential; fills options. Without --potential *model stays NULL (the caller
 * decides whether that is allowed). On failure nothing is left allocated. */
static int load_inputs(const md_args *a, const lqa_ctx *ctx, lq_md_model **model, lq_md_system *sys,
                       int need_data, lq_md_ff_options *fo, lq_md_run_options *ro) {
    lq_diag d;
    lq_diag_clear(&d);
    char ppath[1024];
    *model = NULL;
    if (a->potential) {
        if (resolve_potential(ctx, a->potential, ppath, sizeof ppath) != 0)
            return lqa_usage_error(CMD, "potential file '%s' not found (nor in %s/md/)",
                                   a->potential, ctx->data_dir);
        lq_status st = lq_md_model_read(ppath, model, &d);
        if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    }
    int rc = load_options(a, fo, ro);
    if (rc == 0 && need_data) rc = load_system(a, *model, sys);
    double rbox[3];
    if (rc == 0 && need_data) {
        rc = fit_cutoff(a, sys->box_A, fo);
        if (rc) lq_md_system_free(sys);
    } else if (rc == 0 && a->restart_in && restart_box(a->restart_in, rbox) == 0) {
        rc = fit_cutoff(a, rbox, fo);
    }
    if (rc) {
        lq_md_model_free(*model);
        *model = NULL;
    }
    return rc;
}

typedef struct run_ctx {
    const md_args *a;
    const lqa_ctx *ctx;
    lq_csv *csv;
    lq_lammps_dump_writer *dump;
    lq_dp_frames *dpf; /* --dp-frames */
    lq_status err;
    long step0;   /* step of the run's start (non-zero after a restart) */
    lq_diag diag; /* what stopped the run from a callback (a frame --dp-frames refused) */
} run_ctx;

static int on_step(void *user, const lq_md_sim *sim) {
    run_ctx *r = user;
    lq_md_thermo t;
    lq_md_sim_thermo(sim, &t);
    if (r->a->thermo > 0 && t.step % r->a->thermo == 0) {
        double row[10] = {(double)t.step, t.time_ps,       t.T_K,   t.pe_eV,     t.ke_eV,
                          t.etot_eV,      t.econserved_eV, t.P_bar, t.volume_A3, t.density_g_cm3};
        if (lq_csv_row(r->csv, row, 10) != LQ_OK) r->err = LQ_EWRITE;
        lqa_progress(
            r->ctx, "step %8ld  t %9.3f ps  T %8.2f K  PE %14.6f eV  Econs %14.6f eV  P %10.1f bar",
            t.step, t.time_ps, t.T_K, t.pe_eV, t.econserved_eV, t.P_bar);
    }
    if (r->dump && r->a->dump > 0 && t.step % r->a->dump == 0)
        if (lq_lammps_dump_writer_frame(r->dump, t.step, lq_md_sim_system(sim)) != LQ_OK)
            r->err = LQ_EWRITE;
    if (r->dpf && t.step % r->a->dp_every == 0) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_dp_frames_add_sim(r->dpf, sim, &d);
        if (st != LQ_OK) {
            r->err = st;
            r->diag = d;
        }
    }
    return r->err != LQ_OK || *lqa_cancel_flag() != 0; /* a signal stops after this step */
}

/* The final state of a run, as text or JSON. */
static void print_final(const lqa_ctx *ctx, const md_args *a, const lq_md_sim *sim,
                        const lq_md_kspace_info *ki, const char *rpath) {
    lq_md_thermo t;
    lq_md_sim_thermo(sim, &t);
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "step", (double)t.step);
        cJSON_AddNumberToObject(j, "time_ps", t.time_ps);
        cJSON_AddNumberToObject(j, "T_K", t.T_K);
        cJSON_AddNumberToObject(j, "pe_eV", t.pe_eV);
        cJSON_AddNumberToObject(j, "etot_eV", t.etot_eV);
        cJSON_AddNumberToObject(j, "econserved_eV", t.econserved_eV);
        cJSON_AddNumberToObject(j, "P_bar", t.P_bar);
        cJSON_AddNumberToObject(j, "density_g_cm3", t.density_g_cm3);
        cJSON_AddNumberToObject(j, "g_ewald_per_A", ki->g_ewald_per_A);
        cJSON_AddStringToObject(j, "restart", rpath);
        lqa_json_write(j, "-", NULL);
        cJSON_Delete(j);
    } else {
        printf(
            "step %ld  t = %.4f ps  T = %.2f K  PE = %.6f eV  Etot = %.6f eV  P = %.1f bar  "
            "density = %.5f g/cm3\noutputs: %s.thermo.csv%s, %s, %s.final.data\n",
            t.step, t.time_ps, t.T_K, t.pe_eV, t.etot_eV, t.P_bar, t.density_g_cm3, a->out,
            a->dump > 0 ? ", .lammpstrj" : "", rpath, a->out);
    }
}

/* A signal stopped the run after a whole step: the state of that step goes to the restart file,
 * the thermo and trajectory files of the run are removed (a run's outputs are all or none), and
 * the message says how to continue. */
static int interrupted(const md_args *a, run_ctx *r, lq_md_sim *sim, const char *rpath) {
    lq_csv_abort(r->csv);
    if (r->dump) lq_lammps_dump_writer_abort(r->dump);
    lq_dp_frames_abort(r->dpf);
    lq_md_thermo t;
    lq_md_sim_thermo(sim, &t);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_md_sim_restart_write(sim, rpath, &d);
    lq_md_sim_free(sim);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    char kept[2200];
    snprintf(kept, sizeof kept,
             "restart written to %s at step %ld; continue with --restart-in %s --steps %ld", rpath,
             t.step, rpath, a->steps - (t.step - r->step0));
    return lqa_exit_interrupted(CMD, kept);
}

static void min_options(const md_args *a, lq_md_min_options *mo) {
    lq_md_min_options_default(mo);
    mo->ftol_eV_per_A = a->ftol;
    mo->etol = a->etol;
    mo->max_iter = a->maxiter;
    mo->dt_ps = a->dt_fs * 1e-3;
}

static const char *stop_name(lq_md_min_stop s) {
    return s == LQ_MD_MIN_FTOL ? "ftol" : s == LQ_MD_MIN_ETOL ? "etol" : "maxiter";
}

/* One line on stderr about a minimisation (and a warning when it did not converge). */
static void min_report(const lqa_ctx *ctx, const md_args *a, const lq_md_min_result *mr) {
    lqa_progress(ctx,
                 "minimised: %ld FIRE steps (stop: %s), PE %.6f -> %.6f eV, max force %.4g -> "
                 "%.4g eV/A",
                 mr->iterations, stop_name(mr->stop), mr->e_initial_eV, mr->e_final_eV,
                 mr->fmax_initial_eV_per_A, mr->fmax_eV_per_A);
    if (mr->stop == LQ_MD_MIN_MAXITER)
        fprintf(stderr,
                "liquidus %s: warning: minimisation stopped at --maxiter %ld with the largest "
                "force %.4g eV/A above --ftol %g\n",
                CMD, a->maxiter, mr->fmax_eV_per_A, a->ftol);
}

/* The simulation of a run: from a restart file, or from the system (minimised first with
 * --minimize) with velocities drawn at T. */
static lq_status start_sim(const lqa_ctx *ctx, const md_args *a, const lq_md_model *model,
                           const lq_md_system *sys, const lq_md_ff_options *fo,
                           const lq_md_run_options *ro, lq_md_sim **sim, lq_diag *d) {
    if (a->restart_in) return lq_md_sim_restart_read_model(a->restart_in, model, fo, ro, sim, d);
    lq_status st = lq_md_sim_create_model(sys, model, fo, ro, sim, d);
    if (st == LQ_OK && a->minimize) {
        lq_md_min_options mo;
        lq_md_min_result mr;
        min_options(a, &mo);
        st = lq_md_sim_minimize(*sim, &mo, &mr, d);
        if (st == LQ_OK) min_report(ctx, a, &mr);
    }
    if (st == LQ_OK) st = lq_md_sim_velocities_start(*sim, a->T, a->seed);
    return st;
}

/* The outputs of a run after its last step: written when st is LQ_OK, else discarded. The
 * --dp-frames folder goes first, so that a failure to write it discards the others too. */
static lq_status close_outputs(const md_args *a, run_ctx *r, const lq_md_sim *sim, lq_status st,
                               lq_diag *d) {
    char path[1024];
    if (r->dpf) {
        if (st == LQ_OK)
            st = lq_dp_frames_commit(r->dpf, d);
        else
            lq_dp_frames_abort(r->dpf);
        r->dpf = NULL;
    }
    if (st == LQ_OK) {
        snprintf(path, sizeof path, "%s.final.data", a->out);
        st = lq_md_data_write(path, lq_md_sim_system(sim), "final configuration", d);
    }
    if (st == LQ_OK)
        st = lq_csv_close(r->csv, d);
    else
        lq_csv_abort(r->csv);
    if (r->dump) {
        if (st == LQ_OK)
            st = lq_lammps_dump_writer_close(r->dump, d);
        else
            lq_lammps_dump_writer_abort(r->dump);
    }
    return st;
}

static int cmd_run(int argc, char **argv, const lqa_ctx *ctx) {
    md_args a;
    args_default(&a);
    a.ftol = RUN_MIN_FTOL;
    a.maxiter = RUN_MIN_MAXITER;
    const lqa_opt opts[] = {
        MD_OPTS(a),
        {"restart-in", LQA_STRING, &a.restart_in, "FILE", "continue from a restart file"},
        {"restart-out", LQA_STRING, &a.restart_out, "FILE",
         "restart file (default PREFIX.restart)"},
        {"restart-every", LQA_INT, &a.restart_every, "N", "also write the restart every N steps"},
        {"minimize", LQA_FLAG, &a.minimize, NULL,
         "relax the positions (FIRE, as md minimize) before velocities are drawn"},
        {"dp-frames", LQA_STRING, &a.dp_frames, "DIR",
         "also write frames (positions, energy, forces, virial) as a deepmd/npy system"},
        {"dp-every", LQA_INT, &a.dp_every, "N", "a --dp-frames frame every N steps (10)"},
        MIN_OPTS(a),
    };
    int pr = lqa_parse("md run", "liquidus md run --data FILE --potential FILE [options]", opts,
                       sizeof opts / sizeof opts[0], argc, argv, NULL, 0, NULL);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!a.potential) return lqa_usage_error(CMD, "--potential is required");
    lq_md_model *model = NULL;
    lq_md_system sys;
    memset(&sys, 0, sizeof sys);
    lq_md_ff_options fo;
    lq_md_run_options ro;
    int rc = load_inputs(&a, ctx, &model, &sys, a.restart_in == NULL, &fo, &ro);
    if (rc) return rc;
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_sim *sim = NULL;
    if (a.minimize && a.restart_in)
        fprintf(stderr, "liquidus %s: note: --minimize ignored with --restart-in\n", CMD);
    lq_status st = start_sim(ctx, &a, model, &sys, &fo, &ro, &sim, &d);
    lq_md_system_free(&sys);
    if (st != LQ_OK) {
        lq_md_sim_free(sim);
        lq_md_model_free(model);
        return lqa_fail(CMD, st, &d);
    }
    lq_md_kspace_info ki;
    lq_md_sim_kspace_info(sim, &ki);
    char path[1024], comment[4096];
    snprintf(comment, sizeof comment,
             "liquidus %s md run: %s, T %g K, P %g bar, dt %g fs, cutoff %g A, %s g_ewald %.6g /A "
             "(mesh %d %d %d order %d | kmax %d %d %d), accuracy %g (est. RMS force error %.3g "
             "eV/A)\nunits: LAMMPS metal (eV, A, ps, bar, K); T from 3N-3 degrees of freedom; "
             "Econserved includes thermostat/barostat energy\npotential: %s\n%s",
             lq_version(), a.ensemble, a.T, a.P, a.dt_fs, fo.cutoff_A, a.kspace, ki.g_ewald_per_A,
             ki.mesh[0], ki.mesh[1], ki.mesh[2], ki.order, ki.kmax[0], ki.kmax[1], ki.kmax[2],
             a.accuracy, ki.est_force_error, a.potential, lq_md_model_source(model));
    if (!lq_md_model_potential(model)) /* no Coulomb part: cutoff and k-space do not apply */
        snprintf(comment, sizeof comment,
                 "liquidus %s md run: %s, T %g K, P %g bar, dt %g fs, %s potential\nunits: LAMMPS "
                 "metal (eV, A, ps, bar, K); T from 3N-3 degrees of freedom; Econserved includes "
                 "thermostat/barostat energy\npotential: %s\n%s",
                 lq_version(), a.ensemble, a.T, a.P, a.dt_fs, lq_md_model_kind(model), a.potential,
                 lq_md_model_source(model));
    static const char *const cols[10] = {"step",      "time_ps",      "T_K",           "pe_eV",
                                         "ke_eV",     "etot_eV",      "econserved_eV", "P_bar",
                                         "volume_A3", "density_g_cm3"};
    lq_md_thermo t0;
    lq_md_sim_thermo(sim, &t0);
    run_ctx r;
    memset(&r, 0, sizeof r);
    r.a = &a;
    r.ctx = ctx;
    r.err = LQ_OK;
    r.step0 = t0.step;
    snprintf(path, sizeof path, "%s.thermo.csv", a.out);
    st = lq_csv_open(path, cols, 10, comment, &r.csv, &d);
    if (st == LQ_OK && a.dump > 0) {
        snprintf(path, sizeof path, "%s.lammpstrj", a.out);
        st = lq_lammps_dump_writer_open(path, &r.dump, &d);
    }
    if (st == LQ_OK && a.dp_frames) st = lq_dp_frames_begin(a.dp_frames, 0, 0, &r.dpf, &d);
    if (st == LQ_OK) on_step(&r, sim);
    char rpath[1024];
    snprintf(rpath, sizeof rpath, "%s", a.restart_out ? a.restart_out : "");
    if (!a.restart_out) snprintf(rpath, sizeof rpath, "%s.restart", a.out);
    long done = 0;
    lqa_signals_catch();
    while (st == LQ_OK && r.err == LQ_OK && done < a.steps && !*lqa_cancel_flag()) {
        long chunk = a.steps - done;
        if (a.restart_every > 0 && chunk > a.restart_every) chunk = a.restart_every;
        st = lq_md_sim_run(sim, chunk, on_step, &r, 1, &d);
        done += chunk;
        if (st == LQ_OK && r.err == LQ_OK && !*lqa_cancel_flag() &&
            (a.restart_every > 0 || done == a.steps))
            st = lq_md_sim_restart_write(sim, rpath, &d);
    }
    if (st == LQ_OK && r.err == LQ_OK && *lqa_cancel_flag()) {
        int irc = interrupted(&a, &r, sim, rpath); /* frees sim (the model must outlive it) */
        lq_md_model_free(model);
        return irc;
    }
    if (st == LQ_OK && r.err != LQ_OK) {
        st = r.err;
        if (r.diag.msg[0]) d = r.diag;
    }
    st = close_outputs(&a, &r, sim, st, &d);
    if (st != LQ_OK) {
        lq_md_sim_free(sim);
        lq_md_model_free(model);
        return lqa_fail(CMD, st, &d);
    }
    print_final(ctx, &a, sim, &ki, rpath);
    lq_md_sim_free(sim);
    lq_md_model_free(model);
    return LQA_EXIT_OK;
}

/* The result of md minimize, as text or JSON. */
static void print_min(const lqa_ctx *ctx, const lq_md_min_result *mr, const char *path) {
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "iterations", (double)mr->iterations);
        cJSON_AddStringToObject(j, "stop", stop_name(mr->stop));
        cJSON_AddBoolToObject(j, "converged", mr->stop != LQ_MD_MIN_MAXITER);
        cJSON_AddNumberToObject(j, "pe_initial_eV", mr->e_initial_eV);
        cJSON_AddNumberToObject(j, "pe_final_eV", mr->e_final_eV);
        cJSON_AddNumberToObject(j, "fmax_initial_eV_per_A", mr->fmax_initial_eV_per_A);
        cJSON_AddNumberToObject(j, "fmax_eV_per_A", mr->fmax_eV_per_A);
        cJSON_AddStringToObject(j, "data", path);
        lqa_json_write(j, "-", NULL);
        cJSON_Delete(j);
    } else {
        printf(
            "FIRE: %ld steps, stopped by %s\nPE %.6f -> %.6f eV\nmax force %.6g -> %.6g "
            "eV/A\noutput: %s\n",
            mr->iterations, stop_name(mr->stop), mr->e_initial_eV, mr->e_final_eV,
            mr->fmax_initial_eV_per_A, mr->fmax_eV_per_A, path);
    }
}

static int cmd_minimize(int argc, char **argv, const lqa_ctx *ctx) {
    md_args a;
    args_default(&a);
    const lqa_opt opts[] = {MD_OPTS(a), MIN_OPTS(a)};
    int pr = lqa_parse("md minimize",
                       "liquidus md minimize --data FILE --potential FILE [--ftol eV/A] [--etol "
                       "REL] [--maxiter N] --out PREFIX  (writes PREFIX.min.data; --dt is FIRE's "
                       "initial time step)",
                       opts, sizeof opts / sizeof opts[0], argc, argv, NULL, 0, NULL);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!a.potential) return lqa_usage_error(CMD, "--potential is required");
    if (!(a.ftol >= 0) || !(a.etol >= 0) || a.maxiter < 0 || !(a.dt_fs > 0))
        return lqa_usage_error(CMD, "need --ftol >= 0, --etol >= 0, --maxiter >= 0, --dt > 0");
    lq_md_model *model = NULL;
    lq_md_system sys;
    memset(&sys, 0, sizeof sys);
    lq_md_ff_options fo;
    lq_md_run_options ro;
    int rc = load_inputs(&a, ctx, &model, &sys, 1, &fo, &ro);
    if (rc) return rc;
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_forcefield *ff = NULL;
    lq_md_min_options mo;
    lq_md_min_result mr;
    min_options(&a, &mo);
    lq_status st = lq_md_forcefield_create_model(model, &sys, &fo, &ff, &d);
    if (st == LQ_OK) st = lq_md_minimize(ff, &sys, &mo, &mr, &d);
    char path[1024];
    snprintf(path, sizeof path, "%s.min.data", a.out);
    if (st == LQ_OK) st = lq_md_data_write(path, &sys, "minimised by liquidus md minimize", &d);
    lq_md_forcefield_free(ff);
    lq_md_system_free(&sys);
    lq_md_model_free(model);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (mr.stop == LQ_MD_MIN_MAXITER) min_report(ctx, &a, &mr);
    print_min(ctx, &mr, path);
    return LQA_EXIT_OK;
}

/* Comma-separated names or numbers of an option (at most max; returns the count, or -1). */
static int split_list(const char *text, char *buf, size_t size, const char **out, int max) {
    snprintf(buf, size, "%s", text);
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (n >= max) return -1;
        out[n++] = w;
    }
    return n;
}

/* The pair_style deepmd description of --deepmd-model, --type-map and --fparam. */
static int deepmd_deck(const char *model, const char *type_map, const char *fparam, char *buf,
                       size_t size, const char **names, double *fp, lq_md_deepmd_deck *dp) {
    memset(dp, 0, sizeof *dp);
    if (!type_map)
        return lqa_usage_error(CMD, "--deepmd-model needs --type-map (the model's type names)");
    int nt = split_list(type_map, buf, size / 2, names, 64);
    if (nt < 1) return lqa_usage_error(CMD, "--type-map: 1 to 64 comma-separated names");
    const char *fw[64];
    int nf = fparam ? split_list(fparam, buf + size / 2, size / 2, fw, 64) : 0;
    if (nf < 0) return lqa_usage_error(CMD, "--fparam: at most 64 values");
    for (int k = 0; k < nf; k++) {
        char *end = NULL;
        fp[k] = strtod(fw[k], &end);
        if (end == fw[k] || *end || !isfinite(fp[k]))
            return lqa_usage_error(CMD, "--fparam: '%s' is not a number", fw[k]);
    }
    dp->model_path = model;
    dp->n_types = (size_t)nt;
    dp->type_map = names;
    dp->n_fparam = (size_t)nf;
    dp->fparam = fp;
    return 0;
}

static int cmd_export(int argc, char **argv, const lqa_ctx *ctx) {
    md_args a;
    args_default(&a);
    const char *dp_model = NULL, *dp_types = NULL, *dp_fparam = NULL;
    const lqa_opt opts[] = {
        MD_OPTS(a),
        {"table-off", LQA_FLAG, &a.table_off, NULL, "pair_modify table 0 (exact erfc in LAMMPS)"},
        {"deepmd-model", LQA_STRING, &dp_model, "FILE",
         "write pair_style deepmd FILE (a DeePMD-kit model run by LAMMPS) instead of --potential"},
        {"type-map", LQA_STRING, &dp_types, "A,B,..",
         "the DeePMD-kit model's type_map, in its order (with --deepmd-model)"},
        {"fparam", LQA_STRING, &dp_fparam, "v,..", "frame parameters of the model (deepmd)"},
    };
    int pr = lqa_parse("md export-lammps",
                       "liquidus md export-lammps --data FILE (--potential FILE | --deepmd-model "
                       "FILE --type-map A,B,..) [options] --out PREFIX  (writes PREFIX.in and "
                       "PREFIX.data)",
                       opts, sizeof opts / sizeof opts[0], argc, argv, NULL, 0, NULL);
    if (pr) return pr == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (!a.potential == !dp_model)
        return lqa_usage_error(CMD, "give exactly one of --potential and --deepmd-model");
    char dbuf[2048];
    const char *names[64];
    double fp[64];
    lq_md_deepmd_deck dp;
    if (dp_model) {
        int rc = deepmd_deck(dp_model, dp_types, dp_fparam, dbuf, sizeof dbuf, names, fp, &dp);
        if (rc) return rc;
    }
    lq_md_model *model = NULL;
    lq_md_system sys;
    lq_md_ff_options fo;
    lq_md_run_options ro;
    int rc = load_inputs(&a, ctx, &model, &sys, 1, &fo, &ro);
    if (rc) return rc;
    lq_diag d;
    lq_diag_clear(&d);
    /* The same checks as a liquidus run (species, box, charge) before writing anything. */
    lq_md_forcefield *ff = NULL;
    lq_status st = model ? lq_md_forcefield_create_model(model, &sys, &fo, &ff, &d) : LQ_OK;
    lq_md_forcefield_free(ff);
    char dpath[1024], ipath[1024];
    snprintf(dpath, sizeof dpath, "%s.data", a.out);
    snprintf(ipath, sizeof ipath, "%s.in", a.out);
    const char *base = strrchr(a.out, '/');
    base = base ? base + 1 : a.out;
    lq_md_lammps_deck_options dk = {
        base, a.potential ? a.potential : dp_model, a.steps, a.thermo, a.dump, a.seed, a.table_off};
    /* The deck first: it checks the species against the type_map before any file is written. */
    if (st == LQ_OK)
        st = model ? lq_md_lammps_deck_write_model(ipath, &sys, model, &fo, &ro, &dk, &d)
                   : lq_md_lammps_deck_write_deepmd(ipath, &sys, &dp, &fo, &ro, &dk, &d);
    if (st == LQ_OK)
        st = lq_md_data_write(dpath, &sys, "exported by liquidus md export-lammps", &d);
    lq_md_system_free(&sys);
    lq_md_model_free(model);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (!ctx->json)
        printf("wrote %s and %s (run with: lmp -in %s)\n", ipath, dpath, ipath);
    else {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "input", ipath);
        cJSON_AddStringToObject(j, "data", dpath);
        lqa_json_write(j, "-", NULL);
        cJSON_Delete(j);
    }
    return LQA_EXIT_OK;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf(
            "usage: liquidus md run [options]            molecular dynamics (rigid ions or a "
            "DeePMD model)\n"
            "       liquidus md minimize [options]       relax positions to an energy minimum\n"
            "       liquidus md export-lammps [options]  the same run as a LAMMPS input deck\n"
            "       liquidus md eval [options] CONFIG    energy and forces of a deep potential\n"
            "       liquidus md random-model [options]   a DeePMD-kit model with random weights\n"
            "see liquidus md run --help\n");
        return argc < 2 ? LQA_EXIT_USAGE : LQA_EXIT_OK;
    }
    if (strcmp(argv[1], "run") == 0) return cmd_run(argc - 1, argv + 1, ctx);
    if (strcmp(argv[1], "minimize") == 0) return cmd_minimize(argc - 1, argv + 1, ctx);
    if (strcmp(argv[1], "export-lammps") == 0) return cmd_export(argc - 1, argv + 1, ctx);
    if (strcmp(argv[1], "eval") == 0) return lqa_md_eval(argc - 1, argv + 1, ctx);
    if (strcmp(argv[1], "random-model") == 0) return lqa_md_random_model(argc - 1, argv + 1, ctx);
    return lqa_usage_error(CMD,
                           "unknown subcommand '%s' (run, minimize, export-lammps, eval, "
                           "random-model)",
                           argv[1]);
}

const lq_cmd lq_cmd_md = {
    "md", "molecular dynamics of ionic melts (run, minimize, eval, export-lammps)", run};
