/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark: 1000-ion NaCl melt, rc 10 A, PPPM 1e-5, dt 2 fs: steps/s of liquidus and LAMMPS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "liquidus/core.h"
#include "liquidus/md.h"

/* Same configuration, model, accuracy and number of cores for both engines (liquidus: OpenMP
 * threads; LAMMPS: MPI ranks, Debian's build having no OPENMP package), measured in the same
 * run; each timing repeated (median reported). LAMMPS's time is its "Loop time" (setup excluded),
 * liquidus's the time inside lq_md_sim_run. Usage: bench_md [steps [repeats [threads]]]. */

/* 1000 ions on a 10^3 simple-cubic rock-salt arrangement at the density of molten NaCl near
 * 1100 K (1.54 g/cm^3: L = 31.59 A). */
static int make_system(lq_md_system *s) {
    if (lq_md_system_alloc(s, 1000) != LQ_OK) return -1;
    s->n_species = 2;
    snprintf(s->species[0].name, LQ_MD_SPECIES_NAME, "Na");
    s->species[0].mass_amu = 22.98976928;
    s->species[0].charge_e = 1;
    snprintf(s->species[1].name, LQ_MD_SPECIES_NAME, "Cl");
    s->species[1].mass_amu = 35.453;
    s->species[1].charge_e = -1;
    const double L = 31.59, h = L / 10;
    size_t k = 0;
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++)
            for (int l = 0; l < 10; l++, k++) {
                s->type[k] = (i + j + l) % 2;
                s->pos_A[3 * k] = (i + 0.5) * h;
                s->pos_A[3 * k + 1] = (j + 0.5) * h;
                s->pos_A[3 * k + 2] = (l + 0.5) * h;
            }
    for (int d = 0; d < 3; d++) s->box_A[d] = L;
    return 0;
}

int main(int argc, char **argv) {
    long steps = argc > 1 ? atol(argv[1]) : 500;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (steps < 10 || reps < 1 || reps > 20 || threads < 1) return 2;
    char pot_path[1024];
    snprintf(pot_path, sizeof pot_path, "%s/data/md/tosi_fumi_NaCl.pot", LQ_SOURCE_DIR);
    lq_md_potential pot;
    lq_diag d;
    lq_diag_clear(&d);
    if (lq_md_potential_read(pot_path, &pot, &d) != LQ_OK) {
        fprintf(stderr, "bench_md: %s: %s\n", pot_path, d.msg);
        return 1;
    }
    lq_md_system sys;
    if (make_system(&sys) != 0) return 1;
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.cutoff_A = 10.0;
    fo.kspace = LQ_MD_KSPACE_PPPM;
    fo.accuracy = 1e-5;
    fo.n_threads = threads;
    lq_md_run_options ro;
    lq_md_run_options_default(&ro);
    ro.ensemble = LQ_MD_NVT;
    ro.T_K = 1100;
    ro.dt_ps = 0.002;
    /* Melt: 2 ps at 3000 K, then 1 ps at 1100 K; the benchmark starts from that liquid. */
    lq_md_sim *sim = NULL;
    lq_md_run_options hot = ro;
    hot.T_K = 3000;
    if (lq_md_sim_create(&sys, &pot, &fo, &hot, &sim, &d) != LQ_OK) {
        fprintf(stderr, "bench_md: %s\n", d.msg);
        return 1;
    }
    lq_md_sim_velocities_init(sim, 3000, 2024);
    lq_md_sim_run(sim, 1000, NULL, NULL, 0, NULL);
    lq_md_system melt;
    const lq_md_system *cur = lq_md_sim_system(sim);
    lq_md_system_alloc(&melt, cur->n_atoms);
    melt.n_species = cur->n_species;
    memcpy(melt.species, cur->species, sizeof melt.species);
    memcpy(melt.box_A, cur->box_A, sizeof melt.box_A);
    memcpy(melt.pos_A, cur->pos_A, 3 * cur->n_atoms * sizeof(double));
    memcpy(melt.type, cur->type, cur->n_atoms * sizeof(int));
    lq_md_sim_free(sim);
    sim = NULL;
    lq_md_sim_create(&melt, &pot, &fo, &ro, &sim, NULL);
    lq_md_sim_velocities_init(sim, 1100, 7);
    lq_md_sim_run(sim, 500, NULL, NULL, 0, NULL);
    cur = lq_md_sim_system(sim);
    memcpy(melt.pos_A, cur->pos_A, 3 * cur->n_atoms * sizeof(double));
    memcpy(melt.vel_A_per_ps, cur->vel_A_per_ps, 3 * cur->n_atoms * sizeof(double));
    memcpy(melt.image, cur->image, 3 * cur->n_atoms * sizeof(int));
    lq_md_sim_free(sim);

    char dir[] = "/tmp/lq_bench_md_XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char path[1200], cmd[4096];
    snprintf(path, sizeof path, "%s/melt.data", dir);
    if (lq_md_data_write(path, &melt, "bench melt", NULL) != LQ_OK) return 1;
    snprintf(path, sizeof path, "%s/bench.in", dir);
    FILE *fp = fopen(path, "w");
    if (!fp) return 1;
    fprintf(fp, "units metal\natom_style charge\nboundary p p p\nread_data melt.data\n");
    char *model = NULL;
    if (lq_md_lammps_model_format(&melt, &pot, &fo, 0, &model, NULL) == LQ_OK) fputs(model, fp);
    lq_free(model);
    fprintf(fp,
            "timestep 0.002\nfix 1 all nvt temp 1100 1100 0.1 tchain 3\nthermo %ld\n"
            "run %ld\n",
            steps, steps);
    fclose(fp);

    double *tl = calloc((size_t)reps, sizeof *tl), *tq = calloc((size_t)reps, sizeof *tq);
    double *cl = calloc((size_t)reps, sizeof *cl), *cq = calloc((size_t)reps, sizeof *cq);
    lq_md_kspace_info ki = {0};
    for (int r = 0; r < reps; r++) {
        lq_md_sim *b = NULL;
        if (lq_md_sim_create(&melt, &pot, &fo, &ro, &b, &d) != LQ_OK) return 1;
        lq_md_sim_kspace_info(b, &ki);
        double t0 = lqb_wall_s(), c0 = lqb_process_cpu_s();
        lq_md_sim_run(b, steps, NULL, NULL, 0, NULL);
        tq[r] = (double)steps / (lqb_wall_s() - t0);
        cq[r] = (double)steps / (lqb_process_cpu_s() - c0);
        lq_md_sim_free(b);
        /* Debian's LAMMPS has no OPENMP package: its parallel runs use MPI ranks. */
        if (threads > 1)
            snprintf(cmd, sizeof cmd,
                     "cd %s && OMP_NUM_THREADS=1 mpirun --allow-run-as-root --oversubscribe -np %d "
                     "lmp -in bench.in -log log.lammps -screen none >/dev/null 2>&1 && "
                     "grep -E '^Loop time|CPU use' log.lammps",
                     dir, threads);
        else
            snprintf(cmd, sizeof cmd,
                     "cd %s && OMP_NUM_THREADS=1 lmp -in bench.in -log log.lammps -screen none "
                     ">/dev/null 2>&1 && grep -E '^Loop time|CPU use' log.lammps",
                     dir);
        FILE *p = popen(cmd, "r");
        char line[512] = "";
        double loop = 0;
        int nproc = 0;
        long nst = 0;
        double cpu_pct = 0;
        if (p) {
            if (fgets(line, sizeof line, p))
                sscanf(line, "Loop time of %lf on %d procs for %ld steps", &loop, &nproc, &nst);
            if (fgets(line, sizeof line, p)) sscanf(line, "%lf%% CPU use", &cpu_pct);
            pclose(p);
        }
        if (!(loop > 0)) {
            fprintf(stderr, "bench_md: LAMMPS (lmp) did not run; see %s/log.lammps\n", dir);
            char f1[128], f2[128];
            lqb_row("1000-ion NaCl melt, PPPM 1e-5, dt 2 fs",
                    lqb_fmt(f1, sizeof f1, "%.1f steps/s (%d thread(s), one run)", tq[r], threads),
                    lqb_fmt(f2, sizeof f2, "LAMMPS (lmp) did not run in this run"), "not measured");
            return 1;
        }
        tl[r] = (double)nst / loop;
        /* LAMMPS reports its CPU share of the loop ("% CPU use"): steps per CPU second. */
        cl[r] = cpu_pct > 0 ? (double)nst / (loop * cpu_pct / 100.0) : 0;
    }
    double q = lqb_median(tq, (size_t)reps), l = lqb_median(tl, (size_t)reps);
    double qc = lqb_median(cq, (size_t)reps), lc = lqb_median(cl, (size_t)reps);
    printf(
        "bench_md: 1000-ion NaCl melt (Tosi-Fumi), rc 10 A, PPPM 1e-5 (g %.4f, mesh %dx%dx%d, "
        "order %d), dt 2 fs, NVT 1100 K, %ld steps x %d repeats, %d thread(s)\n",
        ki.g_ewald_per_A, ki.mesh[0], ki.mesh[1], ki.mesh[2], ki.order, steps, reps, threads);
    printf(
        "wall clock: liquidus %.1f steps/s   LAMMPS %.1f steps/s   ratio liquidus/LAMMPS = %.3f\n",
        q, l, q / l);
    if (threads == 1)
        printf(
            "CPU time:   liquidus %.1f steps/CPU-s   LAMMPS %.1f steps/CPU-s   ratio = %.3f "
            "(less sensitive to other load on a shared machine)\n",
            qc, lc, lc > 0 ? qc / lc : 0.0);
    char f1[128], f2[128], f3[128], cap[96];
    snprintf(cap, sizeof cap, "1000-ion NaCl melt, PPPM 1e-5, dt 2 fs, %d core(s)", threads);
    if (threads == 1)
        lqb_row(cap, lqb_fmt(f1, sizeof f1, "%.1f steps/s (%.1f steps/CPU-s)", q, qc),
                lqb_fmt(f2, sizeof f2, "LAMMPS (Debian): %.1f steps/s (%.1f steps/CPU-s)", l, lc),
                lqb_fmt(f3, sizeof f3, "liquidus/LAMMPS %.2f (CPU %.2f)", q / l,
                        lc > 0 ? qc / lc : 0.0));
    else
        lqb_row(cap, lqb_fmt(f1, sizeof f1, "%.1f steps/s (%d OpenMP threads)", q, threads),
                lqb_fmt(f2, sizeof f2, "LAMMPS (Debian, %d MPI ranks): %.1f steps/s", threads, l),
                lqb_fmt(f3, sizeof f3, "liquidus/LAMMPS %.2f", q / l));
    free(tl);
    free(tq);
    free(cl);
    free(cq);
    lq_md_system_free(&sys);
    lq_md_system_free(&melt);
    return 0;
}
