/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal helpers shared by the ESPEI dataset files (reader, checks, writer, builders). */
#ifndef LIQUIDUS_ASSESS_DATASET_INTERNAL_H
#define LIQUIDUS_ASSESS_DATASET_INTERNAL_H

#include <stddef.h>

#include "liquidus/assess.h"

struct cJSON;

/** Size of the field paths written into lq_diag.field ("values[12][3]"). */
#define LQI_DS_FIELD 64

/** Sets `diag` to LQ_EPARSE at (file, field) with a printf message; returns LQ_EPARSE. */
lq_status lqi_ds_fail(lq_diag *diag, const char *file, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/** Writes a field path (printf style) into buf[LQI_DS_FIELD], truncating quietly. */
void lqi_ds_field(char *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** The condition called `name` of an array of conditions, or NULL. */
const lq_dataset_cond *lqi_ds_cond_find(const lq_dataset_cond *c, size_t n, const char *name);
/** Frees `n` conditions and the array. */
void lqi_ds_conds_free(lq_dataset_cond *c, size_t n);
/** Frees `n` strings and the array. */
void lqi_ds_strv_free(char **v, size_t n);
/** Copies n strings into a new array (*out); LQ_ENOMEM on failure (nothing left allocated). */
lq_status lqi_ds_strv_dup(const char *const *v, size_t n, char ***out);
/** Fills one condition with a copy of name and values. */
lq_status lqi_ds_cond_set(lq_dataset_cond *c, const char *name, const double *v, size_t n);

/** Parses JSON text; on a syntax error the diag names the line and column (LQ_EPARSE). */
lq_status lqi_ds_json_parse(const char *text, size_t n, const char *name, struct cJSON **out,
                            lq_diag *diag);

/**
 * Builds a dataset from a parsed ESPEI JSON object and checks it (lqi_ds_check).
 * `file` names the source in diagnostics and becomes ds->path (may be NULL).
 */
lq_status lqi_ds_from_json(const struct cJSON *root, const char *file, lq_dataset **out,
                           lq_diag *diag);
/** Semantic checks of ESPEI's check_dataset (and the stricter ones documented in assess.h). */
lq_status lqi_ds_check(const lq_dataset *ds, const char *file, lq_diag *diag);
/** The dataset as an ESPEI JSON object (cJSON_Delete it), or NULL when out of memory. */
struct cJSON *lqi_ds_to_json(const lq_dataset *ds);

/** lq_dataset_zpf_from_csv on a NUL-terminated text (modified in place); `name` names it. */
lq_status lqi_ds_zpf_from_csv_text(char *text, const char *name, const char *comp,
                                   const char *other, lq_dataset **out, lq_diag *diag);

#endif /* LIQUIDUS_ASSESS_DATASET_INTERNAL_H */
