/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prototype sets for the screen: structure files and folders of them. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core_internal.h"
#include "screen/screen_internal.h"

/* 1 when lq_structure_read knows the name's format (see its comment in dft.h). */
static int is_structure_name(const char *name) {
    size_t n = strlen(name);
    if (n > 4 && (!strcmp(name + n - 4, ".cif") || !strcmp(name + n - 4, ".CIF"))) return 1;
    if (n > 5 && !strcmp(name + n - 5, ".vasp")) return 1;
    char up[256];
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof up; i++) up[i] = (char)toupper((unsigned char)name[i]);
    up[i] = '\0';
    return strstr(up, "POSCAR") != NULL || strstr(up, "CONTCAR") != NULL;
}

/* File name without folder and extension. */
static void stem_of(const char *path, char *out, size_t size) {
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, size, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct list {
    char **v;
    size_t n, cap;
} list;

static lq_status list_add(list *l, const char *s) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **nv = lqi_realloc(l->v, cap * sizeof *nv);
        if (!nv) return LQ_ENOMEM;
        l->v = nv;
        l->cap = cap;
    }
    size_t len = strlen(s) + 1;
    l->v[l->n] = lqi_malloc(len);
    if (!l->v[l->n]) return LQ_ENOMEM;
    memcpy(l->v[l->n++], s, len);
    return LQ_OK;
}

static void list_free(list *l) {
    for (size_t i = 0; i < l->n; i++) lqi_free(l->v[i]);
    lqi_free(l->v);
}

/* The structure files of a folder in name order. */
static lq_status add_folder(list *l, const char *dir, lq_diag *diag) {
    DIR *d = opendir(dir);
    if (!d) return lqi_diag_set(diag, LQ_EIO, dir, 0, NULL, "cannot open the folder");
    list here = {0};
    lq_status st = LQ_OK;
    struct dirent *e;
    while (st == LQ_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !is_structure_name(e->d_name)) continue;
        char p[4096];
        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= sizeof p) continue;
        st = list_add(&here, p);
    }
    closedir(d);
    if (st == LQ_OK && here.n == 0)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, dir, 0, NULL,
                          "no structure files (*.cif, *.vasp, POSCAR*, CONTCAR*) in the folder");
    if (st == LQ_OK) qsort(here.v, here.n, sizeof *here.v, cmp_str);
    for (size_t i = 0; st == LQ_OK && i < here.n; i++) st = list_add(l, here.v[i]);
    list_free(&here);
    return st;
}

lq_status lq_screen_prototypes_read(const char *const *paths, size_t n_paths,
                                    lq_screen_prototypes *out, lq_diag *diag) {
    if (!paths || !out || n_paths == 0) return LQ_EINVAL;
    list files = {0};
    lq_status st = LQ_OK;
    for (size_t i = 0; st == LQ_OK && i < n_paths; i++) {
        struct stat sb;
        if (!paths[i] || stat(paths[i], &sb) != 0)
            st = lqi_diag_set(diag, LQ_EIO, paths[i] ? paths[i] : "", 0, NULL,
                              "no such file or folder");
        else if (S_ISDIR(sb.st_mode))
            st = add_folder(&files, paths[i], diag);
        else
            st = list_add(&files, paths[i]);
    }
    lq_screen_prototypes p = {0};
    if (st == LQ_OK) {
        p.s = lqi_calloc(files.n ? files.n : 1, sizeof *p.s);
        p.name = lqi_calloc(files.n ? files.n : 1, sizeof *p.name);
        if (!p.s || !p.name) st = LQ_ENOMEM;
    }
    for (size_t i = 0; st == LQ_OK && i < files.n; i++) {
        st = lq_structure_read(files.v[i], &p.s[i], diag);
        if (st != LQ_OK) break;
        stem_of(files.v[i], p.name[i], sizeof p.name[i]);
        p.n = i + 1;
    }
    list_free(&files);
    if (st != LQ_OK) {
        lq_screen_prototypes_free(&p);
        return st;
    }
    *out = p;
    return LQ_OK;
}

void lq_screen_prototypes_free(lq_screen_prototypes *p) {
    if (!p) return;
    for (size_t i = 0; p->s && i < p->n; i++) lq_structure_free(p->s[i]);
    lqi_free(p->s);
    lqi_free(p->name);
    memset(p, 0, sizeof *p);
}
