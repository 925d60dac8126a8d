/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of potential records and the model type that selects one by the file's kind. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "md/md_internal.h"

/* One line per record. A file is read by the first record that claims it. */
const lqi_md_provider_ops *const lqi_md_providers[] = {
    &lqi_md_provider_deepmd_lr,
    &lqi_md_provider_deepmd,
    &lqi_md_provider_born_coul,
    NULL,
};

void lqi_md_model_wrap_potential(const lq_md_potential *pot, lq_md_model *m) {
    m->ops = &lqi_md_provider_born_coul;
    m->data = (void *)(uintptr_t)pot; /* borrowed, never written through */
    m->owned = 0;
}

/* The first bytes of a file, for records that recognise their kind by content. */
static size_t read_head(const char *path, char *head, size_t size) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    size_t n = fread(head, 1, size - 1, fp);
    fclose(fp);
    head[n] = '\0';
    return n;
}

lq_status lq_md_model_read(const char *path, lq_md_model **out, lq_diag *diag) {
    if (!path || !out) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char head[512];
    size_t nh = read_head(path, head, sizeof head);
    const lqi_md_provider_ops *ops = NULL;
    for (size_t k = 0; lqi_md_providers[k]; k++)
        if (lqi_md_providers[k]->claims(path, head, nh)) {
            ops = lqi_md_providers[k];
            break;
        }
    if (!ops) {
        char kinds[256] = "";
        for (size_t k = 0; lqi_md_providers[k]; k++) {
            size_t u = strlen(kinds);
            snprintf(kinds + u, sizeof kinds - u, "%s%s", u ? ", " : "", lqi_md_providers[k]->name);
        }
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "potential",
                            "no potential record reads this kind of file (records: %s; rigid-ion "
                            "files end in .pot)",
                            kinds);
    }
    lq_md_model *m = lqi_calloc(1, sizeof *m);
    if (!m) return LQ_ENOMEM;
    lq_status st = ops->read(path, &m->data, diag);
    if (st != LQ_OK) {
        lqi_free(m);
        return st;
    }
    m->ops = ops;
    m->owned = 1;
    *out = m;
    return LQ_OK;
}

lq_status lq_md_model_from_potential(const lq_md_potential *pot, lq_md_model **out) {
    if (!pot || !out) return LQ_EINVAL;
    lq_md_model *m = lqi_calloc(1, sizeof *m);
    lq_md_potential *copy = lqi_malloc(sizeof *copy);
    if (!m || !copy) {
        lqi_free(m);
        lqi_free(copy);
        return LQ_ENOMEM;
    }
    *copy = *pot;
    m->ops = &lqi_md_provider_born_coul;
    m->data = copy;
    m->owned = 1;
    *out = m;
    return LQ_OK;
}

void lq_md_model_free(lq_md_model *m) {
    if (!m) return;
    if (m->owned && m->data) m->ops->model_free(m->data);
    lqi_free(m);
}

const char *lq_md_model_kind(const lq_md_model *m) { return m && m->ops ? m->ops->name : ""; }

const char *lq_md_model_source(const lq_md_model *m) {
    if (!m || !m->ops || !m->ops->source) return "";
    const char *s = m->ops->source(m->data);
    return s ? s : "";
}

const lq_md_potential *lq_md_model_potential(const lq_md_model *m) {
    return m && m->ops == &lqi_md_provider_born_coul ? (const lq_md_potential *)m->data : NULL;
}

lq_status lq_md_model_apply(const lq_md_model *m, lq_md_system *sys, lq_diag *diag) {
    if (!m || !m->ops || !sys || sys->n_species == 0 || sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL or empty argument");
    return m->ops->apply(m->data, sys, diag);
}

/* The element part of a species name: leading capital + optional lower-case letter. */
static size_t element_len(const char *name) {
    if (!(name[0] >= 'A' && name[0] <= 'Z')) return 0;
    return (name[1] >= 'a' && name[1] <= 'z') ? 2 : 1;
}

long lqi_md_type_map_index(const char *const *type_map, size_t n_types, const char *name) {
    for (size_t k = 0; k < n_types; k++)
        if (strcmp(type_map[k], name) == 0) return (long)k;
    size_t le = element_len(name);
    if (le == 0) return -1;
    for (size_t k = 0; k < n_types; k++)
        if (strlen(type_map[k]) == le && strncmp(type_map[k], name, le) == 0) return (long)k;
    return -1;
}
