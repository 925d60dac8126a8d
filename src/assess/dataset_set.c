/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every *.json dataset below a folder, in sorted order (ESPEI's recursive_glob + load_datasets). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * ESPEI 0.9.1 (espei/datasets.py recursive_glob) walks the folder following links, keeps names
 * matching *.json and sorts the full paths; load_datasets skips a dataset with "disabled": true
 * before checking it. Folder links that loop are cut by a depth limit.
 */

#define MAX_DEPTH 32

typedef struct paths {
    char **p;
    size_t n, cap;
} paths;

static int ends_with_json(const char *s) {
    size_t n = strlen(s);
    return n >= 5 && strcmp(s + n - 5, ".json") == 0;
}

static lq_status paths_add(paths *ps, const char *s) {
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 32;
        char **p = lqi_realloc(ps->p, cap * sizeof *p);
        if (!p) return LQ_ENOMEM;
        ps->p = p, ps->cap = cap;
    }
    if (!(ps->p[ps->n] = lqi_strdup(s))) return LQ_ENOMEM;
    ps->n++;
    return LQ_OK;
}

static lq_status walk(const char *dir, int depth, paths *ps, lq_diag *diag) {
    if (depth > MAX_DEPTH)
        return lqi_diag_set(diag, LQ_EIO, dir, 0, NULL, "folders nested deeper than %d (a loop?)",
                            MAX_DEPTH);
    DIR *d = opendir(dir);
    if (!d) return lqi_diag_set(diag, LQ_EIO, dir, 0, NULL, "cannot open folder");
    lq_status st = LQ_OK;
    struct dirent *e;
    size_t len = strlen(dir);
    while (st == LQ_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *full = lqi_malloc(len + strlen(e->d_name) + 2);
        if (!full) {
            st = LQ_ENOMEM;
            break;
        }
        strcpy(full, dir);
        if (len && dir[len - 1] != '/') strcat(full, "/");
        strcat(full, e->d_name);
        struct stat sb;
        if (stat(full, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                st = walk(full, depth + 1, ps, diag);
            else if (S_ISREG(sb.st_mode) && ends_with_json(e->d_name))
                st = paths_add(ps, full);
        }
        lqi_free(full);
    }
    closedir(d);
    return st;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads one file into the set, skipping it when it says "disabled": true. */
static lq_status read_one(const char *path, lq_dataset_set *set, lq_diag *diag) {
    char *text = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &text, &n, diag);
    if (st != LQ_OK) return st;
    cJSON *root = cJSON_ParseWithLength(text, n);
    lqi_free(text);
    const cJSON *dis = root ? cJSON_GetObjectItemCaseSensitive(root, "disabled") : NULL;
    if (cJSON_IsTrue(dis)) {
        set->n_disabled++;
        cJSON_Delete(root);
        return LQ_OK;
    }
    cJSON_Delete(root);
    /* parse again through the reader so syntax errors carry their line and column */
    lq_dataset *ds = NULL;
    st = lq_dataset_read_file(path, &ds, diag);
    if (st != LQ_OK) return st;
    set->ds[set->n++] = ds;
    return LQ_OK;
}

/* Reads the files of `dir`; with errs, goes on after a bad file and records up to max_errs
   diagnostics (espei --check-datasets reports every error at once). */
static lq_status read_all(const char *dir, lq_dataset_set **out, lq_diag *errs, size_t max_errs,
                          size_t *n_errs, lq_diag *diag) {
    if (!dir || !dir[0] || !out)
        return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "NULL or empty folder");
    struct stat sb;
    if (stat(dir, &sb) != 0) return lqi_diag_set(diag, LQ_EIO, dir, 0, NULL, "no such file");
    paths ps = {NULL, 0, 0};
    lq_status st = S_ISDIR(sb.st_mode) ? walk(dir, 0, &ps, diag) : paths_add(&ps, dir);
    lq_dataset_set *set = lqi_calloc(1, sizeof *set);
    if (!set) st = st == LQ_OK ? LQ_ENOMEM : st;
    if (st == LQ_OK) {
        if (ps.n) qsort(ps.p, ps.n, sizeof *ps.p, cmp_str);
        set->ds = lqi_calloc(ps.n ? ps.n : 1, sizeof *set->ds);
        if (!set->ds) st = LQ_ENOMEM;
    }
    lq_status first_bad = LQ_OK;
    for (size_t i = 0; st == LQ_OK && i < ps.n; i++) {
        lq_diag one;
        st = read_one(ps.p[i], set, errs ? &one : diag);
        if (!errs || st == LQ_OK || st == LQ_ENOMEM) continue;
        if (*n_errs < max_errs) errs[*n_errs] = one;
        if (first_bad == LQ_OK) {
            first_bad = st;
            if (diag) *diag = one;
        }
        (*n_errs)++;
        st = LQ_OK;
    }
    lqi_ds_strv_free(ps.p, ps.n);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, LQ_ENOMEM, dir, 0, NULL, "out of memory");
        lq_dataset_set_free(set);
        return st;
    }
    *out = set;
    return first_bad;
}

lq_status lq_dataset_set_read_dir(const char *dir, lq_dataset_set **out, lq_diag *diag) {
    if (!out) return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "NULL output");
    lq_dataset_set *set = NULL;
    lq_status st = read_all(dir, &set, NULL, 0, NULL, diag);
    if (st == LQ_OK) *out = set;
    return st;
}

lq_status lq_dataset_set_check_dir(const char *dir, lq_dataset_set **out, lq_diag *errors,
                                   size_t max_errors, size_t *n_errors, lq_diag *diag) {
    if (!out || !n_errors || (max_errors && !errors))
        return lqi_diag_set(diag, LQ_EINVAL, dir, 0, NULL, "NULL error list");
    lq_diag spare[1];
    *n_errors = 0;
    lq_dataset_set *set = NULL;
    lq_status st = read_all(dir, &set, max_errors ? errors : spare, max_errors, n_errors, diag);
    if (set) *out = set;
    return st;
}
