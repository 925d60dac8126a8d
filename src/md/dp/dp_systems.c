/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frames from several files grouped into deepmd/npy systems with one shared type_map. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "md/dp/dp_data_internal.h"

/*
 * DeePMD-kit trains on several systems at once; each system has one atom count and one list of
 * atom types, and all share the model's type_map (dpdata's MultiSystems does the same grouping:
 * frames whose atoms are the same species in the same order join one system; the type_map is the
 * union of the names met, in the order given or met).
 */

#define DP_PATH_MAX 4096

void lq_dp_systems_free(lq_dp_systems *set) {
    if (!set) return;
    for (size_t k = 0; k < set->n; k++) lq_dp_system_free(&set->sys[k]);
    lqi_free(set->sys);
    lqi_free(set->type_map);
    memset(set, 0, sizeof *set);
}

static long map_find(const lq_dp_systems *set, const char *name) {
    for (size_t t = 0; t < set->n_types; t++)
        if (strcmp(set->type_map[t], name) == 0) return (long)t;
    return -1;
}

static lq_status map_add(lq_dp_systems *set, const char *name) {
    if (map_find(set, name) >= 0) return LQ_OK;
    char(*g)[8] = lqi_realloc(set->type_map, (set->n_types + 1) * sizeof *g);
    if (!g) return LQ_ENOMEM;
    set->type_map = g;
    memset(g[set->n_types], 0, 8);
    memcpy(g[set->n_types], name, strnlen(name, 7));
    set->n_types++;
    /* every system carries the shared map */
    for (size_t k = 0; k < set->n; k++) {
        char(*m)[8] = lqi_realloc(set->sys[k].type_map, set->n_types * sizeof *m);
        if (!m) return LQ_ENOMEM;
        memcpy(m, set->type_map, set->n_types * sizeof *m);
        set->sys[k].type_map = m;
        set->sys[k].n_types = set->n_types;
    }
    return LQ_OK;
}

lq_status lq_dp_systems_set_type_map(lq_dp_systems *set, const char *names, lq_diag *diag) {
    if (!set || !names) return LQ_EINVAL;
    if (set->n || set->n_types)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type_map", "set before any frames");
    const char *p = names;
    while (*p) {
        size_t len = strcspn(p, ",");
        char name[8];
        if (len == 0 || len > 7)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type_map",
                                "names of 1 to 7 characters, comma separated: '%s'", names);
        memcpy(name, p, len);
        name[len] = '\0';
        if (map_find(set, name) >= 0)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "type_map", "'%s' named twice", name);
        lq_status st = map_add(set, name);
        if (st != LQ_OK) return st;
        p += len;
        if (*p == ',') p++;
    }
    return LQ_OK;
}

static lq_status append_frames(lq_dp_system *d, const lq_dp_system *s) {
    size_t nf = d->n_frames + s->n_frames, w = 3 * d->n_atoms;
    struct {
        double **dst;
        const double *src;
        size_t width;
    } arr[] = {{&d->coord_A, s->coord_A, w},
               {&d->force_eV_per_A, s->force_eV_per_A, w},
               {&d->energy_eV, s->energy_eV, 1},
               {&d->box_A, s->box_A, 9},
               {&d->virial_eV, s->virial_eV, 9}};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        if (!arr[i].src) continue;
        double *g = lqi_realloc(*arr[i].dst, nf * arr[i].width * sizeof(double));
        if (!g) return LQ_ENOMEM;
        memcpy(g + d->n_frames * arr[i].width, arr[i].src,
               s->n_frames * arr[i].width * sizeof(double));
        *arr[i].dst = g;
    }
    d->n_frames = nf;
    return LQ_OK;
}

/* A deep copy of s with its types translated to the shared map. */
static lq_status copy_system(lq_dp_system *d, const lq_dp_system *s, const int *type,
                             const lq_dp_systems *set) {
    memset(d, 0, sizeof *d);
    d->n_atoms = s->n_atoms;
    d->n_types = set->n_types;
    d->path = lqi_strdup(s->path ? s->path : "");
    d->type_map = lqi_malloc_array(set->n_types, sizeof *d->type_map);
    d->type = lqi_malloc_array(s->n_atoms, sizeof(int));
    if (!d->path || !d->type_map || !d->type) return LQ_ENOMEM;
    memcpy(d->type_map, set->type_map, set->n_types * sizeof *d->type_map);
    memcpy(d->type, type, s->n_atoms * sizeof(int));
    /* an empty system of the right kind, then the frames */
    if (s->box_A) d->box_A = lqi_malloc(0);
    if (s->virial_eV) d->virial_eV = lqi_malloc(0);
    if ((s->box_A && !d->box_A) || (s->virial_eV && !d->virial_eV)) return LQ_ENOMEM;
    return append_frames(d, s);
}

lq_status lq_dp_systems_add(lq_dp_systems *set, const lq_dp_system *s, lq_diag *diag) {
    if (!set || !s) return LQ_EINVAL;
    lq_status st = lq_dp_system_check(s, diag);
    if (st != LQ_OK) return st;
    for (size_t t = 0; t < s->n_types; t++)
        if ((st = map_add(set, s->type_map[t])) != LQ_OK) return st;
    int *type = lqi_malloc_array(s->n_atoms, sizeof(int));
    if (!type) return LQ_ENOMEM;
    for (size_t i = 0; i < s->n_atoms; i++) type[i] = (int)map_find(set, s->type_map[s->type[i]]);
    /* the system with the same atoms (and the same kind of box and virial), if any */
    for (size_t k = 0; k < set->n; k++) {
        lq_dp_system *d = &set->sys[k];
        if (d->n_atoms != s->n_atoms || !d->box_A != !s->box_A || !d->virial_eV != !s->virial_eV ||
            memcmp(d->type, type, s->n_atoms * sizeof(int)) != 0)
            continue;
        lqi_free(type);
        return append_frames(d, s);
    }
    lq_dp_system *g = lqi_realloc(set->sys, (set->n + 1) * sizeof *g);
    if (!g) {
        lqi_free(type);
        return LQ_ENOMEM;
    }
    set->sys = g;
    st = copy_system(&set->sys[set->n], s, type, set);
    lqi_free(type);
    if (st != LQ_OK) {
        lq_dp_system_free(&set->sys[set->n]);
        return st;
    }
    set->n++;
    return LQ_OK;
}

void lq_dp_system_formula(const lq_dp_system *s, char *buf, size_t size) {
    if (!buf || !size) return;
    buf[0] = '\0';
    if (!s) return;
    size_t len = 0;
    for (size_t t = 0; t < s->n_types && len < size; t++) {
        size_t c = 0;
        for (size_t i = 0; i < s->n_atoms; i++) c += (size_t)s->type[i] == t;
        if (c) len += (size_t)snprintf(buf + len, size - len, "%s%zu", s->type_map[t], c);
    }
}

/* Folder names of the systems: the formula, with ".2", ".3", ... for repeats. */
static void system_names(const lq_dp_systems *set, char (*names)[96]) {
    for (size_t k = 0; k < set->n; k++) {
        char f[80];
        lq_dp_system_formula(&set->sys[k], f, sizeof f);
        size_t rep = 1;
        for (size_t j = 0; j < k; j++) {
            char g[80];
            lq_dp_system_formula(&set->sys[j], g, sizeof g);
            rep += strcmp(f, g) == 0;
        }
        if (rep == 1)
            snprintf(names[k], 96, "%s", f);
        else
            snprintf(names[k], 96, "%s.%zu", f, rep);
    }
}

lq_status lq_dp_systems_write(const char *dir, const lq_dp_systems *set, size_t set_size,
                              int overwrite, lq_diag *diag) {
    if (!dir || !*dir || !set || !set->n)
        return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "no folder or no systems");
    char(*names)[96] = lqi_malloc_array(set->n, sizeof *names);
    if (!names) return LQ_ENOMEM;
    system_names(set, names);
    char p[DP_PATH_MAX + 128];
    lq_status st = LQ_OK;
    DIR *d = opendir(dir);
    int exists = d != NULL, empty = 1;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            empty &= e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, ".."));
        closedir(d);
    }
    if (exists && !empty) {
        /* An existing collection: each system replaced (overwrite) or added on its own. */
        for (size_t k = 0; st == LQ_OK && k < set->n; k++) {
            if (snprintf(p, sizeof p, "%s/%s", dir, names[k]) >= (int)sizeof p)
                st = lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "path too long");
            else
                st = lq_dp_system_write_ex(p, &set->sys[k], set_size, overwrite, diag);
        }
        lqi_free(names);
        return st;
    }
    /* A new collection appears whole: the systems go into a temporary folder renamed at the end. */
    char tmp[DP_PATH_MAX];
    if (strlen(dir) > DP_PATH_MAX - 16 || snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", dir) < 0 ||
        !mkdtemp(tmp)) {
        lqi_free(names);
        return lqi_diag_set(diag, LQ_EWRITE, dir, 0, NULL, "cannot create a folder beside it: %s",
                            strerror(errno));
    }
    size_t done = 0;
    for (; st == LQ_OK && done < set->n; done++) {
        snprintf(p, sizeof p, "%s/%s", tmp, names[done]);
        st = lq_dp_system_write_ex(p, &set->sys[done], set_size, 0, diag);
        if (st != LQ_OK) break;
    }
    if (st == LQ_OK && exists) rmdir(dir);
    if (st == LQ_OK && rename(tmp, dir) != 0)
        st = lqi_diag_set(diag, LQ_EWRITE, dir, 0, NULL, "cannot rename the new folder: %s",
                          strerror(errno));
    if (st != LQ_OK) { /* remove what was written */
        for (size_t k = 0; k <= done && k < set->n; k++) {
            snprintf(p, sizeof p, "%s/%s", tmp, names[k]);
            lqi_dp_remove_system(p);
        }
        rmdir(tmp);
    }
    lqi_free(names);
    return st;
}

/* ------------------------------------------------------------------------- conversion */

void lq_dp_convert_options_default(lq_dp_convert_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->format = LQ_DP_FORMAT_AUTO;
    lq_dp_vasp_options_default(&opt->vasp);
}

lq_dp_format lq_dp_format_detect(const char *path) {
    if (!path) return LQ_DP_FORMAT_AUTO;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) return LQ_DP_FORMAT_NPY;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (strstr(base, "OUTCAR")) return LQ_DP_FORMAT_OUTCAR;
    if (n >= 4 && lqi_strcasecmp(base + n - 4, ".xml") == 0) return LQ_DP_FORMAT_VASPRUN;
    if ((n >= 10 && lqi_strcasecmp(base + n - 10, ".lammpstrj") == 0) ||
        (n >= 5 && lqi_strcasecmp(base + n - 5, ".dump") == 0))
        return LQ_DP_FORMAT_LAMMPS;
    return LQ_DP_FORMAT_AUTO;
}

const char *lq_dp_format_name(lq_dp_format f) {
    switch (f) {
        case LQ_DP_FORMAT_NPY:
            return "deepmd/npy";
        case LQ_DP_FORMAT_OUTCAR:
            return "vasp/outcar";
        case LQ_DP_FORMAT_VASPRUN:
            return "vasp/xml";
        case LQ_DP_FORMAT_LAMMPS:
            return "lammps/dump";
        case LQ_DP_FORMAT_AUTO:
            break;
    }
    return "auto";
}

lq_status lq_dp_format_parse(const char *name, lq_dp_format *f) {
    if (!name || !f) return LQ_EINVAL;
    static const struct {
        const char *name;
        lq_dp_format f;
    } tab[] = {{"auto", LQ_DP_FORMAT_AUTO},       {"deepmd/npy", LQ_DP_FORMAT_NPY},
               {"npy", LQ_DP_FORMAT_NPY},         {"vasp/outcar", LQ_DP_FORMAT_OUTCAR},
               {"outcar", LQ_DP_FORMAT_OUTCAR},   {"vasp/xml", LQ_DP_FORMAT_VASPRUN},
               {"vasprun", LQ_DP_FORMAT_VASPRUN}, {"lammps/dump", LQ_DP_FORMAT_LAMMPS},
               {"lammps", LQ_DP_FORMAT_LAMMPS}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (lqi_strcasecmp(name, tab[i].name) == 0) {
            *f = tab[i].f;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

static lq_status read_one(const char *path, lq_dp_format f, const lq_dp_convert_options *opt,
                          lq_dp_system *s, size_t *skipped, lq_diag *diag) {
    *skipped = 0;
    switch (f) {
        case LQ_DP_FORMAT_NPY:
            return lq_dp_system_read(path, s, diag);
        case LQ_DP_FORMAT_OUTCAR:
            return lq_dp_vasp_outcar_read(path, &opt->vasp, s, skipped, diag);
        case LQ_DP_FORMAT_VASPRUN:
            return lq_dp_vasp_vasprun_read(path, &opt->vasp, s, skipped, diag);
        case LQ_DP_FORMAT_LAMMPS:
            return lq_dp_lammps_read(path, opt, s, diag);
        case LQ_DP_FORMAT_AUTO:
            break;
    }
    return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, NULL,
                        "format not recognised from the name (a deepmd/npy folder, *OUTCAR*, "
                        "*.xml, *.lammpstrj, *.dump); give it");
}

lq_status lq_dp_data_convert(const char *const *inputs, size_t n_inputs,
                             const lq_dp_convert_options *opt, lq_dp_systems *out, size_t *frames,
                             size_t *skipped, lq_diag *diag) {
    if (!inputs || !n_inputs || !out)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "no input");
    lq_dp_convert_options def;
    lq_dp_convert_options_default(&def);
    if (!opt) opt = &def;
    lq_dp_systems set;
    memset(&set, 0, sizeof set);
    lq_status st = LQ_OK;
    if (opt->type_map && *opt->type_map) st = lq_dp_systems_set_type_map(&set, opt->type_map, diag);
    for (size_t i = 0; st == LQ_OK && i < n_inputs; i++) {
        lq_dp_format f =
            opt->format != LQ_DP_FORMAT_AUTO ? opt->format : lq_dp_format_detect(inputs[i]);
        lq_dp_system s;
        memset(&s, 0, sizeof s);
        size_t sk = 0;
        st = read_one(inputs[i], f, opt, &s, &sk, diag);
        if (st == LQ_OK) st = lq_dp_systems_add(&set, &s, diag);
        if (st == LQ_OK && frames) frames[i] = s.n_frames;
        if (st == LQ_OK && skipped) skipped[i] = sk;
        lq_dp_system_free(&s);
    }
    if (st != LQ_OK) {
        lq_dp_systems_free(&set);
        return st;
    }
    *out = set;
    return LQ_OK;
}

/* ------------------------------------------------------------------------- finding systems */

static int has_type_raw(const char *dir) {
    char p[DP_PATH_MAX];
    if (snprintf(p, sizeof p, "%s/type.raw", dir) >= (int)sizeof p) return 0;
    return access(p, F_OK) == 0;
}

static lq_status push_path(char ***v, size_t *n, const char *path) {
    char **g = lqi_realloc(*v, (*n + 1) * sizeof *g);
    if (!g) return LQ_ENOMEM;
    *v = g;
    g[*n] = lqi_strdup(path);
    if (!g[*n]) return LQ_ENOMEM;
    (*n)++;
    return LQ_OK;
}

lq_status lq_dp_system_dirs(const char *const *roots, size_t n_roots, char ***paths, size_t *n,
                            lq_diag *diag) {
    if (!roots || !paths || !n) return LQ_EINVAL;
    char **v = NULL;
    size_t k = 0;
    lq_status st = LQ_OK;
    for (size_t r = 0; r < n_roots && st == LQ_OK; r++) {
        if (has_type_raw(roots[r])) {
            st = push_path(&v, &k, roots[r]);
            continue;
        }
        /* a folder of systems: its sub-folders holding type.raw, in name order */
        DIR *d = opendir(roots[r]);
        if (!d) {
            st = lqi_diag_set(diag, LQ_EIO, roots[r], 0, NULL, "cannot open: %s", strerror(errno));
            break;
        }
        size_t first = k;
        struct dirent *e;
        char p[DP_PATH_MAX + 256];
        while (st == LQ_OK && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue;
            snprintf(p, sizeof p, "%s/%s", roots[r], e->d_name);
            if (has_type_raw(p)) st = push_path(&v, &k, p);
        }
        closedir(d);
        if (st == LQ_OK && k == first)
            st = lqi_diag_set(diag, LQ_EPARSE, roots[r], 0, NULL,
                              "neither a deepmd/npy system (type.raw) nor a folder of them");
        if (st == LQ_OK) qsort(v + first, k - first, sizeof *v, lqi_dp_cmp_str);
    }
    if (st != LQ_OK) {
        lq_dp_system_dirs_free(v, k);
        return st;
    }
    *paths = v;
    *n = k;
    return LQ_OK;
}

void lq_dp_system_dirs_free(char **paths, size_t n) {
    if (!paths) return;
    for (size_t i = 0; i < n; i++) lqi_free(paths[i]);
    lqi_free(paths);
}
