/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DeePMD-kit training data in the deepmd/npy layout: folder reader, checks, atomic writer. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "md/dp/dp_data_internal.h"

/*
 * Layout (DeePMD-kit deepmd/utils/data.py DeepmdData, dpdata/deepmd/comp.py): a system folder
 * holds type.raw (the type index of each atom, blank separated), type_map.raw (one name per
 * line), an empty file `nopbc` for open clusters, and set.XXX folders; each set holds
 * coord.npy [nf, 3 na], box.npy [nf, 9], energy.npy [nf], force.npy [nf, 3 na] and optionally
 * virial.npy [nf, 9]. DeePMD-kit loads the sets in sorted name order (glob + sort), as here.
 * Units: Angstrom, eV, eV/Angstrom; the virial in eV (not divided by the volume).
 */

#define DP_PATH_MAX 4096

void lq_dp_system_free(lq_dp_system *sys) {
    if (!sys) return;
    lqi_free(sys->path);
    lqi_free(sys->type_map);
    lqi_free(sys->type);
    lqi_free(sys->coord_A);
    lqi_free(sys->box_A);
    lqi_free(sys->energy_eV);
    lqi_free(sys->force_eV_per_A);
    lqi_free(sys->virial_eV);
    memset(sys, 0, sizeof *sys);
}

static lq_status join(char *buf, const char *a, const char *b, lq_diag *diag) {
    int n = snprintf(buf, DP_PATH_MAX, "%s/%s", a, b);
    if (n < 0 || n >= DP_PATH_MAX)
        return lqi_diag_set(diag, LQ_EINVAL, a, 0, NULL, "path too long");
    return LQ_OK;
}

/* ------------------------------------------------------------------------- checks */

double lqi_dp_box_volume(const double *b) {
    return b[0] * (b[4] * b[8] - b[5] * b[7]) - b[1] * (b[3] * b[8] - b[5] * b[6]) +
           b[2] * (b[3] * b[7] - b[4] * b[6]);
}

static const char *const comp_name[3] = {"x", "y", "z"};

lq_status lqi_dp_check_frames(const char *file, const char *what, const double *v, size_t nf,
                              size_t width, size_t first, lq_diag *diag) {
    for (size_t f = 0; f < nf; f++) {
        for (size_t k = 0; k < width; k++) {
            double x = v[f * width + k];
            if (isfinite(x)) continue;
            char where[64] = "";
            if (strcmp(what, "coord") == 0 || strcmp(what, "force") == 0)
                snprintf(where, sizeof where, " (atom %zu, %s)", k / 3, comp_name[k % 3]);
            else if (width > 1)
                snprintf(where, sizeof where, " (component %zu)", k);
            return lqi_diag_set(diag, LQ_EPARSE, file, 0, what,
                                "frame %zu (frame %zu of the system): %s is %s%s", f, first + f,
                                what, isnan(x) ? "NaN" : "infinite", where);
        }
    }
    return LQ_OK;
}

lq_status lqi_dp_check_boxes(const char *file, const double *box, size_t nf, size_t first,
                             lq_diag *diag) {
    lq_status st = lqi_dp_check_frames(file, "box", box, nf, 9, first, diag);
    if (st != LQ_OK) return st;
    for (size_t f = 0; f < nf; f++) {
        const double *b = box + 9 * f;
        double v = lqi_dp_box_volume(b);
        /* Degenerate when the volume is a tiny fraction of |a||b||c| (the cell is flat). */
        double la = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
        double lb = sqrt(b[3] * b[3] + b[4] * b[4] + b[5] * b[5]);
        double lc = sqrt(b[6] * b[6] + b[7] * b[7] + b[8] * b[8]);
        if (!(v > 1e-10 * la * lb * lc) || !(v > 0))
            return lqi_diag_set(diag, LQ_EPARSE, file, 0, "box",
                                "frame %zu (frame %zu of the system): the cell has %s volume "
                                "%.6g A^3 (rows a, b, c must be right-handed and not flat)",
                                f, first + f, v < 0 ? "negative" : "zero", v);
    }
    return LQ_OK;
}

lq_status lqi_dp_check_types(const char *file, const int *type, size_t n_atoms, size_t n_types,
                             lq_diag *diag) {
    for (size_t i = 0; i < n_atoms; i++)
        if (type[i] < 0 || (size_t)type[i] >= n_types)
            return lqi_diag_set(diag, LQ_EPARSE, file, 0, "type",
                                "atom %zu has type %d, outside the type_map (%zu names)", i,
                                type[i], n_types);
    return LQ_OK;
}

lq_status lq_dp_system_check(const lq_dp_system *s, lq_diag *diag) {
    if (!s || !s->n_atoms || !s->n_types || !s->type_map || !s->type ||
        (s->n_frames && (!s->coord_A || !s->energy_eV || !s->force_eV_per_A)))
        return lqi_diag_set(diag, LQ_EINVAL, s && s->path ? s->path : "", 0, NULL,
                            "system without atoms, types or arrays");
    const char *name = s->path ? s->path : "";
    for (size_t t = 0; t < s->n_types; t++)
        if (!s->type_map[t][0] || !memchr(s->type_map[t], '\0', 8) ||
            strpbrk(s->type_map[t], " \t\r\n"))
            return lqi_diag_set(diag, LQ_EINVAL, name, 0, "type_map",
                                "type %zu has an empty or blank-holding name", t);
    lq_status st = lqi_dp_check_types(name, s->type, s->n_atoms, s->n_types, diag);
    size_t w = 3 * s->n_atoms;
    if (st == LQ_OK) st = lqi_dp_check_frames(name, "coord", s->coord_A, s->n_frames, w, 0, diag);
    if (st == LQ_OK)
        st = lqi_dp_check_frames(name, "energy", s->energy_eV, s->n_frames, 1, 0, diag);
    if (st == LQ_OK)
        st = lqi_dp_check_frames(name, "force", s->force_eV_per_A, s->n_frames, w, 0, diag);
    if (st == LQ_OK && s->virial_eV)
        st = lqi_dp_check_frames(name, "virial", s->virial_eV, s->n_frames, 9, 0, diag);
    if (st == LQ_OK && s->box_A) st = lqi_dp_check_boxes(name, s->box_A, s->n_frames, 0, diag);
    if (st == LQ_EPARSE) st = LQ_EINVAL; /* in memory: a bad argument, not a bad file */
    if (st != LQ_OK && diag) diag->warning = 0;
    return st;
}

/* ------------------------------------------------------------------------- reading */

static lq_status read_types(const char *dir, lq_dp_system *s, lq_diag *diag) {
    char path[DP_PATH_MAX];
    lq_status st = join(path, dir, "type.raw", diag);
    if (st != LQ_OK) return st;
    char *text = NULL;
    size_t size = 0;
    st = lq_file_read_all(path, &text, &size, diag);
    if (st != LQ_OK) return st;
    size_t cap = 64, n = 0;
    int *type = lqi_malloc_array(cap, sizeof(int));
    long line = 1;
    const char *p = text;
    while (type && *p) {
        if (*p == '\n') line++;
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            p++;
            continue;
        }
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (end == p || errno || v < 0 || v > 1000000 ||
            (*end && *end != ' ' && *end != '\t' && *end != '\r' && *end != '\n')) {
            lqi_free(type);
            lq_free(text);
            return lqi_diag_set(diag, LQ_EPARSE, path, line, "type",
                                "atom %zu: not a type index (a non-negative integer)", n);
        }
        if (n == cap) {
            int *g =
                cap > SIZE_MAX / 2 / sizeof(int) ? NULL : lqi_realloc(type, 2 * cap * sizeof(int));
            if (!g) break;
            type = g;
            cap *= 2;
        }
        type[n++] = (int)v;
        p = end;
    }
    if (!type || *p) {
        lqi_free(type);
        lq_free(text);
        return LQ_ENOMEM;
    }
    lq_free(text);
    if (n == 0) {
        lqi_free(type);
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "type", "no atoms");
    }
    s->type = type;
    s->n_atoms = n;
    return LQ_OK;
}

static lq_status read_type_map(const char *dir, lq_dp_system *s, lq_diag *diag) {
    char path[DP_PATH_MAX];
    lq_status st = join(path, dir, "type_map.raw", diag);
    if (st != LQ_OK) return st;
    int max_type = 0;
    for (size_t i = 0; i < s->n_atoms; i++)
        if (s->type[i] > max_type) max_type = s->type[i];
    if (access(path, F_OK) != 0) {
        /* No names: dpdata's convention Type_0, Type_1, ... up to the largest index used. */
        s->n_types = (size_t)max_type + 1;
        s->type_map = lqi_calloc(s->n_types, sizeof *s->type_map);
        if (!s->type_map) return LQ_ENOMEM;
        for (size_t t = 0; t < s->n_types; t++)
            snprintf(s->type_map[t], sizeof s->type_map[t], "Type_%zu", t % 100);
        return LQ_OK;
    }
    char *text = NULL;
    size_t size = 0;
    st = lq_file_read_all(path, &text, &size, diag);
    if (st != LQ_OK) return st;
    size_t n = 0, cap = 8;
    char(*map)[8] = lqi_calloc(cap, sizeof *map);
    lqi_lines l;
    lqi_lines_init(&l, text, size);
    const char *a, *e;
    while (map && lqi_lines_next(&l, &a, &e)) {
        char *w[2];
        char buf[256];
        size_t len = (size_t)(e - a) < sizeof buf - 1 ? (size_t)(e - a) : sizeof buf - 1;
        memcpy(buf, a, len);
        buf[len] = '\0';
        size_t nw = lqi_words(buf, w, 2);
        if (nw == 0) continue;
        if (nw > 1 || strlen(w[0]) > 7) {
            lqi_free(map);
            lq_free(text);
            return lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "type_map",
                                "one name of at most 7 characters per line expected");
        }
        if (n == cap) {
            char(*g)[8] = lqi_realloc(map, 2 * cap * sizeof *map);
            if (!g) {
                lqi_free(map);
                map = NULL;
                break;
            }
            map = g;
            cap *= 2;
        }
        memset(map[n], 0, 8);
        memcpy(map[n], w[0], strlen(w[0]));
        n++;
    }
    lq_free(text);
    if (!map) return LQ_ENOMEM;
    if (n == 0) {
        lqi_free(map);
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "type_map", "no names");
    }
    s->type_map = map;
    s->n_types = n;
    char tpath[DP_PATH_MAX];
    join(tpath, dir, "type.raw", NULL);
    return lqi_dp_check_types(tpath, s->type, s->n_atoms, s->n_types, diag);
}

lq_status lqi_dp_frames_reserve(size_t n_atoms, size_t nf, size_t first_cap, size_t *cap,
                                double **coord, double **force, double **box, double **virial,
                                double **energy) {
    if (nf < *cap) return LQ_OK;
    size_t nc = *cap ? 2 * *cap : first_cap, n3 = 3 * n_atoms;
    if (nc > SIZE_MAX / sizeof(double) / (n3 + 9)) return LQ_ENOMEM;
    double *c = lqi_realloc(*coord, nc * n3 * sizeof(double));
    if (c) *coord = c;
    double *f = c ? lqi_realloc(*force, nc * n3 * sizeof(double)) : NULL;
    if (f) *force = f;
    double *b = f ? lqi_realloc(*box, nc * 9 * sizeof(double)) : NULL;
    if (b) *box = b;
    double *v = b ? lqi_realloc(*virial, nc * 9 * sizeof(double)) : NULL;
    if (v) *virial = v;
    double *e = v ? lqi_realloc(*energy, nc * sizeof(double)) : NULL;
    if (!e) return LQ_ENOMEM;
    *energy = e;
    *cap = nc;
    return LQ_OK;
}

int lqi_dp_cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set.* sub-folders of dir, sorted by name. */
static lq_status list_sets(const char *dir, char ***names, size_t *n, lq_diag *diag) {
    DIR *d = opendir(dir);
    if (!d) return lqi_diag_set(diag, LQ_EIO, dir, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 8, k = 0;
    char **v = lqi_malloc_array(cap, sizeof *v);
    struct dirent *ent;
    lq_status st = v ? LQ_OK : LQ_ENOMEM;
    while (st == LQ_OK && (ent = readdir(d)) != NULL) {
        if (strncmp(ent->d_name, "set.", 4) != 0) continue;
        char p[DP_PATH_MAX];
        struct stat sb;
        if (join(p, dir, ent->d_name, NULL) != LQ_OK || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))
            continue;
        if (k == cap) {
            char **g = lqi_realloc(v, 2 * cap * sizeof *v);
            if (!g) {
                st = LQ_ENOMEM;
                break;
            }
            v = g;
            cap *= 2;
        }
        v[k] = lqi_strdup(ent->d_name);
        if (!v[k])
            st = LQ_ENOMEM;
        else
            k++;
    }
    closedir(d);
    if (st == LQ_OK && k == 0) st = lqi_diag_set(diag, LQ_EPARSE, dir, 0, NULL, "no set.* folder");
    if (st != LQ_OK) {
        for (size_t i = 0; i < k; i++) lqi_free(v[i]);
        lqi_free(v);
        return st;
    }
    qsort(v, k, sizeof *v, lqi_dp_cmp_str);
    *names = v;
    *n = k;
    return LQ_OK;
}

/* One array of a set: rows [nf] of `width` values; accepted shapes (nf, width), (nf, width/3, 3)
 * for per-atom arrays, (nf, 3, 3) for 9-wide and (nf) or (nf, 1) for width 1. *nf_io: 0 on input
 * means "any", otherwise the frame count the other files of the set have. */
static lq_status read_array(const char *setdir, const char *file, size_t width, double **out,
                            size_t *nf_io, const char *nf_from, lq_diag *diag) {
    char path[DP_PATH_MAX];
    lq_status st = join(path, setdir, file, diag);
    if (st != LQ_OK) return st;
    double *d = NULL;
    size_t shape[LQI_NPY_MAX_DIM], nd = 0;
    st = lqi_npy_read(path, &d, shape, LQI_NPY_MAX_DIM, &nd, diag);
    if (st != LQ_OK) return st;
    size_t rest = 1;
    for (size_t i = 1; i < nd; i++) rest *= shape[i];
    int ok = nd >= 1 && rest == width &&
             (nd <= 2 || (nd == 3 && shape[2] == 3 && (width == 9 || shape[1] * 3 == width)));
    if (!ok) {
        lqi_free(d);
        char sh[96] = "";
        size_t len = 0;
        for (size_t i = 0; i < nd && len < sizeof sh - 24; i++)
            len += (size_t)snprintf(sh + len, sizeof sh - len, "%s%zu", i ? ", " : "", shape[i]);
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "shape",
                            "shape (%s) where (frames, %zu) was expected", sh, width);
    }
    if (*nf_io != SIZE_MAX && shape[0] != *nf_io) {
        lqi_free(d);
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "shape",
                            "%zu frames, but %s has %zu (frame %zu has no partner)", shape[0],
                            nf_from, *nf_io, shape[0] < *nf_io ? shape[0] : *nf_io);
    }
    *nf_io = shape[0];
    *out = d;
    return LQ_OK;
}

/* Appends nf rows of `width` from src to *dst holding `have` rows. */
static lq_status append_rows(double **dst, size_t have, const double *src, size_t nf,
                             size_t width) {
    if (!nf) return LQ_OK;
    size_t total = have + nf;
    if (width && total > SIZE_MAX / sizeof(double) / width) return LQ_ENOMEM;
    double *g = lqi_realloc(*dst, total * width * sizeof(double));
    if (!g) return LQ_ENOMEM;
    memcpy(g + have * width, src, nf * width * sizeof(double));
    *dst = g;
    return LQ_OK;
}

typedef struct set_arrays {
    double *coord, *box, *energy, *force, *virial;
} set_arrays;

static void set_arrays_free(set_arrays *a) {
    lqi_free(a->coord);
    lqi_free(a->box);
    lqi_free(a->energy);
    lqi_free(a->force);
    lqi_free(a->virial);
    memset(a, 0, sizeof *a);
}

static lq_status check_set(const char *setdir, const set_arrays *a, size_t nf, size_t na,
                           size_t first, lq_diag *diag) {
    char p[DP_PATH_MAX];
    struct {
        const char *file, *what;
        const double *v;
        size_t w;
    } arr[] = {{"coord.npy", "coord", a->coord, 3 * na},
               {"energy.npy", "energy", a->energy, 1},
               {"force.npy", "force", a->force, 3 * na},
               {"virial.npy", "virial", a->virial, 9}};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        if (!arr[i].v) continue;
        join(p, setdir, arr[i].file, NULL);
        lq_status st = lqi_dp_check_frames(p, arr[i].what, arr[i].v, nf, arr[i].w, first, diag);
        if (st != LQ_OK) return st;
    }
    if (a->box) {
        join(p, setdir, "box.npy", NULL);
        return lqi_dp_check_boxes(p, a->box, nf, first, diag);
    }
    return LQ_OK;
}

static lq_status read_set(const char *dir, const char *set, lq_dp_system *s, int nopbc,
                          int *virial_state, lq_diag *diag) {
    char setdir[DP_PATH_MAX], p[DP_PATH_MAX];
    lq_status st = join(setdir, dir, set, diag);
    if (st != LQ_OK) return st;
    set_arrays a = {0};
    size_t nf = SIZE_MAX, na = s->n_atoms;
    st = read_array(setdir, "coord.npy", 3 * na, &a.coord, &nf, "", diag);
    if (st == LQ_OK) st = read_array(setdir, "energy.npy", 1, &a.energy, &nf, "coord.npy", diag);
    if (st == LQ_OK) st = read_array(setdir, "force.npy", 3 * na, &a.force, &nf, "coord.npy", diag);
    if (st == LQ_OK && !nopbc)
        st = read_array(setdir, "box.npy", 9, &a.box, &nf, "coord.npy", diag);
    if (st == LQ_OK) {
        join(p, setdir, "virial.npy", NULL);
        int has = access(p, F_OK) == 0;
        if (*virial_state >= 0 && has != *virial_state) {
            set_arrays_free(&a);
            return lqi_diag_set(diag, LQ_EPARSE, has ? p : setdir, 0, "virial",
                                "virial.npy is in some set.* folders but not in all");
        }
        *virial_state = has;
        if (has) st = read_array(setdir, "virial.npy", 9, &a.virial, &nf, "coord.npy", diag);
    }
    if (st == LQ_OK) st = check_set(setdir, &a, nf, na, s->n_frames, diag);
    size_t have = s->n_frames;
    if (st == LQ_OK) st = append_rows(&s->coord_A, have, a.coord, nf, 3 * na);
    if (st == LQ_OK) st = append_rows(&s->energy_eV, have, a.energy, nf, 1);
    if (st == LQ_OK) st = append_rows(&s->force_eV_per_A, have, a.force, nf, 3 * na);
    if (st == LQ_OK && a.box) st = append_rows(&s->box_A, have, a.box, nf, 9);
    if (st == LQ_OK && a.virial) st = append_rows(&s->virial_eV, have, a.virial, nf, 9);
    set_arrays_free(&a);
    if (st == LQ_OK) s->n_frames += nf;
    return st;
}

lq_status lq_dp_system_read(const char *dir, lq_dp_system *sys, lq_diag *diag) {
    if (!dir || !*dir || !sys) return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "no folder");
    lq_dp_system s;
    memset(&s, 0, sizeof s);
    s.path = lqi_strdup(dir);
    if (!s.path) return LQ_ENOMEM;
    char p[DP_PATH_MAX];
    lq_status st = read_types(dir, &s, diag);
    if (st == LQ_OK) st = read_type_map(dir, &s, diag);
    int nopbc = 0;
    if (st == LQ_OK) st = join(p, dir, "nopbc", diag);
    if (st == LQ_OK) nopbc = access(p, F_OK) == 0;
    char **sets = NULL;
    size_t n_sets = 0;
    if (st == LQ_OK) st = list_sets(dir, &sets, &n_sets, diag);
    int virial_state = -1;
    for (size_t i = 0; st == LQ_OK && i < n_sets; i++)
        st = read_set(dir, sets[i], &s, nopbc, &virial_state, diag);
    for (size_t i = 0; i < n_sets; i++) lqi_free(sets[i]);
    lqi_free(sets);
    if (st == LQ_OK && s.n_frames == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, dir, 0, NULL, "no frames in the set.* folders");
    if (st != LQ_OK) {
        lq_dp_system_free(&s);
        return st;
    }
    *sys = s;
    return LQ_OK;
}

/* ------------------------------------------------------------------------- writing */

/* A .npy file written with plain stdio: the folder around it is what appears atomically. */
static lq_status write_npy(const char *dir, const char *name, const double *v, size_t nf,
                           size_t width, int flat, lq_diag *diag) {
    char path[DP_PATH_MAX], header[LQI_NPY_HEADER_MAX];
    lq_status st = join(path, dir, name, diag);
    if (st != LQ_OK) return st;
    size_t shape[2] = {nf, width};
    size_t hlen = lqi_npy_header_format(header, sizeof header, shape, flat ? 1 : 2);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "cannot create: %s", strerror(errno));
    size_t n = nf * width;
    int bad = fwrite(header, 1, hlen, fp) != hlen || (n && fwrite(v, sizeof(double), n, fp) != n);
    if (fclose(fp) != 0) bad = 1;
    if (bad)
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "write error: %s", strerror(errno));
    return LQ_OK;
}

static lq_status write_text(const char *dir, const char *name, const char *text, size_t len,
                            lq_diag *diag) {
    char path[DP_PATH_MAX];
    lq_status st = join(path, dir, name, diag);
    if (st != LQ_OK) return st;
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "cannot create: %s", strerror(errno));
    int bad = len && fwrite(text, 1, len, fp) != len;
    if (fclose(fp) != 0) bad = 1;
    if (bad)
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "write error: %s", strerror(errno));
    return LQ_OK;
}

static lq_status write_raw_files(const char *dir, const lq_dp_system *s, lq_diag *diag) {
    lqi_sbuf sb = {0};
    for (size_t i = 0; i < s->n_atoms; i++) lqi_sbuf_printf(&sb, "%d\n", s->type[i]);
    char *text = NULL;
    lq_status st = lqi_sbuf_finish(&sb, &text);
    if (st != LQ_OK) return st;
    st = write_text(dir, "type.raw", text, strlen(text), diag);
    lq_free(text);
    if (st != LQ_OK) return st;
    for (size_t t = 0; t < s->n_types; t++) lqi_sbuf_printf(&sb, "%s\n", s->type_map[t]);
    st = lqi_sbuf_finish(&sb, &text);
    if (st != LQ_OK) return st;
    st = write_text(dir, "type_map.raw", text, strlen(text), diag);
    lq_free(text);
    if (st == LQ_OK && !s->box_A) st = write_text(dir, "nopbc", "", 0, diag);
    return st;
}

static lq_status write_sets(const char *dir, const lq_dp_system *s, size_t set_size,
                            lq_diag *diag) {
    size_t per = set_size ? set_size : s->n_frames;
    size_t w = 3 * s->n_atoms;
    for (size_t f0 = 0, k = 0; f0 < s->n_frames; f0 += per, k++) {
        size_t nf = s->n_frames - f0 < per ? s->n_frames - f0 : per;
        char name[32], setdir[DP_PATH_MAX];
        snprintf(name, sizeof name, "set.%03zu", k);
        lq_status st = join(setdir, dir, name, diag);
        if (st != LQ_OK) return st;
        if (mkdir(setdir, 0777) != 0)
            return lqi_diag_set(diag, LQ_EWRITE, setdir, 0, NULL, "cannot create: %s",
                                strerror(errno));
        st = write_npy(setdir, "coord.npy", s->coord_A + f0 * w, nf, w, 0, diag);
        if (st == LQ_OK && s->box_A)
            st = write_npy(setdir, "box.npy", s->box_A + f0 * 9, nf, 9, 0, diag);
        if (st == LQ_OK) st = write_npy(setdir, "energy.npy", s->energy_eV + f0, nf, 1, 1, diag);
        if (st == LQ_OK)
            st = write_npy(setdir, "force.npy", s->force_eV_per_A + f0 * w, nf, w, 0, diag);
        if (st == LQ_OK && s->virial_eV)
            st = write_npy(setdir, "virial.npy", s->virial_eV + f0 * 9, nf, 9, 0, diag);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/* Removes what write_raw_files/write_sets can create inside dir (and nothing else), then dir;
 * returns 0 when dir is gone. Used on a temporary folder after a failure and on a replaced
 * system folder. */
int lqi_dp_remove_system(const char *dir) {
    static const char *const top[] = {"type.raw", "type_map.raw", "nopbc"};
    static const char *const inner[] = {"coord.npy", "box.npy", "energy.npy", "force.npy",
                                        "virial.npy"};
    char p[DP_PATH_MAX], q[DP_PATH_MAX];
    for (size_t i = 0; i < 3; i++)
        if (join(p, dir, top[i], NULL) == LQ_OK) unlink(p);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *ent;
        while ((ent = readdir(d)) != NULL) {
            if (strncmp(ent->d_name, "set.", 4) != 0 || join(p, dir, ent->d_name, NULL) != LQ_OK)
                continue;
            for (size_t i = 0; i < 5; i++)
                if (join(q, p, inner[i], NULL) == LQ_OK) unlink(q);
            rmdir(p);
        }
        closedir(d);
    }
    return rmdir(dir);
}

/* 1 when dir does not exist or is an empty folder, 0 when it holds something, -1 not a folder */
static int dir_is_empty(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return errno == ENOENT ? 1 : -1;
    struct dirent *ent;
    int empty = 1;
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0) {
            empty = 0;
            break;
        }
    closedir(d);
    return empty;
}

lq_status lq_dp_system_write_ex(const char *dir, const lq_dp_system *sys, size_t set_size,
                                int overwrite, lq_diag *diag) {
    if (!dir || !*dir || !sys) return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "no folder");
    lq_status st = lq_dp_system_check(sys, diag);
    if (st != LQ_OK) return st;
    int empty = dir_is_empty(dir);
    if (empty < 0 || (!empty && !overwrite))
        return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL,
                            empty < 0 ? "exists and is not a readable folder"
                                      : "folder exists and is not empty (not overwritten)");
    char tmp[DP_PATH_MAX], old[DP_PATH_MAX];
    int n = snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", dir);
    if (n < 0 || (size_t)n >= sizeof tmp - 8)
        return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "path too long");
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    snprintf(tmp, sizeof tmp, "%.*s.tmpXXXXXX", (int)dl, dir);
    if (!mkdtemp(tmp))
        return lqi_diag_set(diag, LQ_EWRITE, dir, 0, NULL, "cannot create a folder beside it: %s",
                            strerror(errno));
    st = write_raw_files(tmp, sys, diag);
    if (st == LQ_OK) st = write_sets(tmp, sys, set_size, diag);
    if (st != LQ_OK) {
        lqi_dp_remove_system(tmp);
        return st;
    }
    /* An existing folder (empty, or replaced when told) is moved aside first: rename(2) over a
     * non-empty folder fails, and moving it keeps the old data until the new one is in place. */
    int moved = 0;
    if (empty) {
        rmdir(dir); /* ENOENT when it did not exist */
    } else {
        snprintf(old, sizeof old, "%.*s.oldXXXXXX", (int)dl, dir);
        if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0) {
            lqi_dp_remove_system(tmp);
            return lqi_diag_set(diag, LQ_EWRITE, dir, 0, NULL, "cannot move the old folder aside");
        }
        moved = 1;
    }
    if (rename(tmp, dir) != 0) {
        int e = errno;
        if (moved) rename(old, dir);
        lqi_dp_remove_system(tmp);
        return lqi_diag_set(diag, LQ_EWRITE, dir, 0, NULL, "cannot rename the new folder: %s",
                            strerror(e));
    }
    if (moved && lqi_dp_remove_system(old) != 0)
        lqi_diag_warn(diag, old, 0, NULL,
                      "the replaced folder held other files and was kept under this name");
    return LQ_OK;
}

lq_status lq_dp_system_write(const char *dir, const lq_dp_system *sys, size_t set_size,
                             lq_diag *diag) {
    return lq_dp_system_write_ex(dir, sys, set_size, 0, diag);
}
