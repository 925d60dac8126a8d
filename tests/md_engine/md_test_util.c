/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the md_engine tests. */
#include "md_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq_test.h"

int mdt_make_nacl(lq_md_system *sys, int n_cells, double a_A, double jitter_A, unsigned seed) {
    size_t n = 8 * (size_t)n_cells * (size_t)n_cells * (size_t)n_cells;
    if (lq_md_system_alloc(sys, n) != LQ_OK) return -1;
    sys->n_species = 2;
    snprintf(sys->species[0].name, LQ_MD_SPECIES_NAME, "Na");
    sys->species[0].mass_amu = 22.98976928;
    sys->species[0].charge_e = 1;
    snprintf(sys->species[1].name, LQ_MD_SPECIES_NAME, "Cl");
    sys->species[1].mass_amu = 35.453;
    sys->species[1].charge_e = -1;
    int m = 2 * n_cells;
    double h = 0.5 * a_A;
    for (int d = 0; d < 3; d++) sys->box_A[d] = m * h;
    unsigned long s = seed ? seed : 1u;
    size_t k = 0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            for (int l = 0; l < m; l++, k++) {
                int c[3] = {i, j, l};
                sys->type[k] = (i + j + l) % 2;
                for (int d = 0; d < 3; d++) {
                    s = s * 6364136223846793005ul + 1442695040888963407ul; /* Knuth MMIX LCG */
                    double u = (double)(s >> 11) / 9007199254740992.0;
                    sys->pos_A[3 * k + (size_t)d] = c[d] * h + 0.25 * h + jitter_A * (2 * u - 1);
                }
            }
    return 0;
}

int mdt_load_potential(const char *name, lq_md_potential *pot) {
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "data/md/%s", name);
    lq_test_source_path(rel, path, sizeof path);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_md_potential_read(path, pot, &d);
    if (st != LQ_OK) {
        char b[1024];
        fprintf(stderr, "cannot read %s: %s\n", path, lq_diag_format(&d, b, sizeof b));
        lq_test_failed_++;
        return -1;
    }
    return 0;
}

const char *mdt_path(const char *name, char *buf, size_t size) {
    static char dir[256];
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/lq_md_engine_%ld", t && *t ? t : "/tmp", (long)getpid());
        mkdir(dir, 0700);
    }
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

const char *mdt_lammps(void) {
    static const char *const cand[] = {"/usr/bin/lmp", "/usr/local/bin/lmp", "/usr/bin/lmp_serial"};
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++)
        if (access(cand[i], X_OK) == 0) return cand[i];
    fprintf(stderr,
            "LAMMPS NOT FOUND: the md_engine regression test needs Debian's 'lammps' package "
            "(binary /usr/bin/lmp): apt-get install lammps\n");
    lq_test_failed_++;
    return NULL;
}

int mdt_run_lammps(const char *input_name) {
    const char *lmp = mdt_lammps();
    if (!lmp) return -1;
    char dir[1024], cmd[4096];
    mdt_path("", dir, sizeof dir);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && OMP_NUM_THREADS=1 '%s' -in '%s' -log log.lammps -screen none "
             ">/dev/null 2>&1",
             dir, lmp, input_name);
    int rc = system(cmd);
    if (rc != 0) {
        fprintf(stderr, "LAMMPS failed on %s%s (exit %d); see %slog.lammps\n", dir, input_name, rc,
                dir);
        lq_test_failed_++;
        return -1;
    }
    return 0;
}

int mdt_read_dump_forces(const char *path, size_t n, double *f) {
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    char line[512];
    size_t got = 0;
    int in_atoms = 0;
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "ITEM: ATOMS", 11) == 0) {
            in_atoms = 1;
            continue;
        }
        if (!in_atoms) continue;
        long id;
        double fx, fy, fz;
        if (sscanf(line, "%ld %lf %lf %lf", &id, &fx, &fy, &fz) != 4) break;
        if (id < 1 || (size_t)id > n) break;
        f[3 * (size_t)(id - 1)] = fx;
        f[3 * (size_t)(id - 1) + 1] = fy;
        f[3 * (size_t)(id - 1) + 2] = fz;
        got++;
    }
    fclose(fp);
    return got == n ? 0 : -1;
}
