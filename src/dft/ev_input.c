/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Energy-volume points for equation-of-state fits: CSV files and folders of VASP runs. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

lq_ev_read_options lq_ev_read_options_default(void) {
    lq_ev_read_options o = {LQ_VASP_ENERGY_SIGMA0, NULL, NULL};
    return o;
}

void lq_ev_points_free(lq_ev_points *p) {
    if (!p) return;
    lqi_free(p->v_A3);
    lqi_free(p->e_eV);
    p->v_A3 = p->e_eV = NULL;
    p->n = 0;
}

lq_status lq_ev_points_per_atom_convert(lq_ev_points *p, size_t atoms) {
    if (!p || atoms == 0) return LQ_EINVAL;
    for (size_t k = 0; k < p->n; k++) {
        p->v_A3[k] /= (double)atoms;
        p->e_eV[k] /= (double)atoms;
    }
    p->n_atoms = 1;
    return LQ_OK;
}

static lq_status push(lq_ev_points *p, size_t *cap, double v, double e) {
    if (p->n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        double *nv = lqi_realloc(p->v_A3, nc * sizeof *nv);
        if (nv) p->v_A3 = nv;
        double *ne = nv ? lqi_realloc(p->e_eV, nc * sizeof *ne) : NULL;
        if (!nv || !ne) return LQ_ENOMEM;
        p->e_eV = ne;
        *cap = nc;
    }
    p->v_A3[p->n] = v;
    p->e_eV[p->n++] = e;
    return LQ_OK;
}

/* Arrays exist even for zero points, so that a fit of an empty set reports "0 points". */
static lq_status reserve(lq_ev_points *p, size_t *cap) {
    p->v_A3 = lqi_malloc_array(64, sizeof *p->v_A3);
    p->e_eV = lqi_malloc_array(64, sizeof *p->e_eV);
    *cap = 64;
    return p->v_A3 && p->e_eV ? LQ_OK : LQ_ENOMEM;
}

/* One field as a finite number. */
static int number(const lqi_csv *r, size_t k, double *v) {
    return k < r->nfield && lqi_csv_num(r->fs[k], r->fe[k], 0, v) == 0 && isfinite(*v);
}

/* One record: the header (first record, first field not a number) or a point. */
static lq_status csv_record(const lqi_csv *r, int *cols, int *header, lq_ev_points *p, size_t *cap,
                            lq_diag *diag) {
    size_t nf = r->nfield < 16 ? r->nfield : 16;
    double v = 0.0, e = 0.0;
    if (!(nf > 0 && number(r, 0, &v)) && !*header && p->n == 0) {
        *header = 1;
        for (size_t k = 0; k < nf; k++) {
            char f[64];
            lqi_csv_field(r, k, f, sizeof f);
            if (strncmp(f, "vol", 3) == 0 || strncmp(f, "V_", 2) == 0) cols[0] = (int)k;
            if (strncmp(f, "ener", 4) == 0 || strncmp(f, "E_", 2) == 0) cols[1] = (int)k;
        }
        return LQ_OK;
    }
    if ((size_t)(cols[0] > cols[1] ? cols[0] : cols[1]) >= nf || !number(r, (size_t)cols[0], &v) ||
        !number(r, (size_t)cols[1], &e))
        return lqi_diag_set(diag, LQ_EPARSE, r->file, r->lines.lineno, NULL,
                            "expected volume_A3 and energy_eV numbers");
    return push(p, cap, v, e);
}

lq_status lq_ev_points_read_csv_buffer(const char *data, size_t size, const char *name,
                                       lq_ev_points *out, lq_diag *diag) {
    if ((!data && size) || !out)
        return lqi_diag_set(diag, LQ_EINVAL, name, 0, NULL, "NULL argument");
    lq_ev_points p = {NULL, NULL, 0, 0};
    size_t cap = 0;
    int cols[2] = {0, 1}, header = 0;
    /* fields separated by commas, semicolons, tabs or blanks (runs count once); '#' comments */
    lqi_csv r;
    lqi_csv_init(&r, data ? data : "", size, name);
    r.delims = " ,;";
    lq_status st = reserve(&p, &cap);
    while (st == LQ_OK && lqi_csv_next(&r)) st = csv_record(&r, cols, &header, &p, &cap, diag);
    if (st != LQ_OK) {
        lq_ev_points_free(&p);
        return st;
    }
    *out = p;
    return LQ_OK;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The entries of a folder but "." files, sorted by name (so points come in a stable order). */
static lq_status list_dir(const char *dir, char ***names_out, size_t *n_out, lq_diag *diag) {
    DIR *dp = opendir(dir);
    if (!dp) return lqi_diag_set(diag, LQ_EIO, dir, 0, NULL, "cannot open folder");
    char **names = NULL;
    size_t n = 0, cap = 0;
    lq_status st = LQ_OK;
    for (struct dirent *de; st == LQ_OK && (de = readdir(dp));) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = lqi_realloc(names, cap * sizeof *nn);
            if (!nn) {
                st = LQ_ENOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = lqi_strdup(de->d_name))) st = LQ_ENOMEM;
        n += st == LQ_OK;
    }
    closedir(dp);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    *names_out = names;
    *n_out = n;
    return st;
}

static lq_status read_runs(const char *dir, const lq_ev_read_options *o, lq_ev_points *p,
                           lq_diag *diag) {
    char **names = NULL;
    size_t n = 0, cap = 0, atoms = 0;
    lq_status st = reserve(p, &cap);
    if (st == LQ_OK) st = list_dir(dir, &names, &n, diag);
    for (size_t i = 0; i < n && st == LQ_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (!is_dir(path)) continue;
        lq_vasp_run run;
        st = lq_vasp_read_dir(path, &run, diag);
        if (st == LQ_ENOTFOUND) { /* not a run folder */
            if (diag) lq_diag_clear(diag);
            st = LQ_OK;
            continue;
        }
        if (st != LQ_OK) break;
        if (atoms && run.n_atoms && run.n_atoms != atoms) {
            st = lqi_diag_set(diag, LQ_EPARSE, path, 0, NULL,
                              "%zu atoms, but earlier runs have %zu", run.n_atoms, atoms);
            break;
        }
        if (run.n_atoms) atoms = run.n_atoms;
        double e = o->energy == LQ_VASP_ENERGY_TOTEN ? run.free_energy_eV : run.energy_eV;
        st = push(p, &cap, run.volume_A3, e);
        if (st == LQ_OK && o->progress) o->progress(o->user, path, run.volume_A3, e);
    }
    for (size_t i = 0; i < n; i++) lqi_free(names[i]);
    lqi_free(names);
    p->n_atoms = atoms;
    if (st == LQ_OK && p->n == 0)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, dir, 0, NULL,
                          "no VASP run folders (vasprun.xml, OUTCAR or OSZICAR) in it");
    return st;
}

lq_status lq_ev_points_read(const char *path, const lq_ev_read_options *opt, lq_ev_points *out,
                            lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    lq_ev_read_options o = opt ? *opt : lq_ev_read_options_default();
    if (is_dir(path)) {
        lq_ev_points p = {NULL, NULL, 0, 0};
        lq_status st = read_runs(path, &o, &p, diag);
        if (st != LQ_OK) {
            lq_ev_points_free(&p);
            return st;
        }
        *out = p;
        return LQ_OK;
    }
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    st = lq_ev_points_read_csv_buffer(text, n, path, out, diag);
    lq_free(text);
    return st;
}
