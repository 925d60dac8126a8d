/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Core services: version, element table, safe output files, CSV reader and writers, JSON. */
#ifndef LIQUIDUS_CORE_H
#define LIQUIDUS_CORE_H

#include <stddef.h>
#include <stdio.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Library version, "MAJOR.MINOR.PATCH" (static string). */
LQ_API const char *lq_version(void);

/* ------------------------------------------------------------------------------------------ */
/* Elements                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Largest atomic number of the element table. */
#define LQ_ELEMENT_MAX_Z 118

/**
 * One element of the library's table (the one used by every module). Atomic weights are the
 * abridged standard atomic weights of IUPAC 2021 (T. Prohaska et al., Pure Appl. Chem. 94 (2022)
 * 573); for elements whose standard atomic weight is an interval, IUPAC's conventional value
 * (H 1.008, Li 6.94, Mg 24.305, Cl 35.45, ...). Source table: data/core/elements.csv.
 */
typedef struct lq_element {
    const char *symbol;    /**< "Nd" (static string) */
    int z;                 /**< atomic number 1..LQ_ELEMENT_MAX_Z */
    double mass_g_per_mol; /**< standard atomic weight; NaN when IUPAC gives none (e.g. Tc, Pm) */
} lq_element;

/**
 * Looks up an element by its exact symbol (case matters: "Co" is cobalt, "CO" is not a symbol).
 * @param symbol  element symbol (in)
 * @param out     the element (out, written on success)
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOTFOUND (no such element)
 */
LQ_API lq_status lq_element_find(const char *symbol, lq_element *out);
/**
 * Looks up an element by atomic number.
 * @return LQ_OK, LQ_EINVAL (NULL out, or z outside 1..LQ_ELEMENT_MAX_Z)
 */
LQ_API lq_status lq_element_by_z(int z, lq_element *out);
/**
 * Atomic number of an element symbol. Also accepts CIF type symbols and site labels that start
 * with the symbol ("Nd3+", "Bi1", "O2-"): the longest leading match of one capital and an optional
 * lower-case letter that is a known element. Case matters ("Co" is cobalt, "CO" is not a symbol).
 * @return Z in 1..LQ_ELEMENT_MAX_Z, or 0 when no element matches.
 */
LQ_API int lq_element_z(const char *symbol);
/** Symbol of element `z` (static string), or NULL when z is outside 1..LQ_ELEMENT_MAX_Z. */
LQ_API const char *lq_element_symbol(int z);

/* ------------------------------------------------------------------------------------------ */
/* Output files that appear whole or not at all.                                               */
/* ------------------------------------------------------------------------------------------ */

/**
 * A file being written: data go to a temporary file beside `path` that lq_outfile_commit renames
 * over `path`; lq_outfile_abort (or commit after a write error) deletes it. So a reader never sees
 * a half-written output and a failed run leaves whatever was there before untouched.
 */
typedef struct lq_outfile lq_outfile;

/**
 * Opens a temporary file in the directory of `path` (which must be writable).
 * @param path  final path (in)
 * @param out   new handle (out), owned by the caller: finish with commit or abort
 * @param diag  optional detail
 * @return LQ_OK, LQ_EINVAL (NULL/empty path), LQ_EIO (cannot create), LQ_ENOMEM
 */
LQ_API lq_status lq_outfile_open(const char *path, lq_outfile **out, lq_diag *diag);
/** The stdio stream to write to (valid until commit/abort). */
LQ_API FILE *lq_outfile_stream(lq_outfile *f);
/**
 * Flushes, checks for write errors, closes and renames into place; always frees `f`.
 * @return LQ_OK, or LQ_EIO (then the temporary is removed and `path` is unchanged)
 */
LQ_API lq_status lq_outfile_commit(lq_outfile *f, lq_diag *diag);
/** Closes and removes the temporary; frees `f`. NULL is a no-op. */
LQ_API void lq_outfile_abort(lq_outfile *f);

/** Writes `n` bytes to `path` atomically (open + write + commit). */
LQ_API lq_status lq_file_write_atomic(const char *path, const void *data, size_t n, lq_diag *diag);

/**
 * Reads a whole file into a NUL-terminated buffer allocated with lqi_malloc; free it with lq_free.
 * @param size  bytes read, excluding the added NUL (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO (cannot open/read; diag names the file), LQ_ENOMEM
 */
LQ_API lq_status lq_file_read_all(const char *path, char **data, size_t *size, lq_diag *diag);

/** Frees memory the library returned to the caller (NULL is a no-op). */
LQ_API void lq_free(void *p);

/* ------------------------------------------------------------------------------------------ */
/* CSV                                                                                         */
/* ------------------------------------------------------------------------------------------ */

/**
 * Writes a CSV table: an optional block of '#'-prefixed comment lines (provenance, units,
 * reference states), one header row whose names carry their units (e.g. "T_K", "E_V"), then rows.
 * Numbers are written with %.17g so that they read back exactly.
 */
typedef struct lq_csv lq_csv;

/** Opens `path` through an lq_outfile; `ncol` columns named by `names` (copied). */
LQ_API lq_status lq_csv_open(const char *path, const char *const *names, size_t ncol,
                             const char *comment, lq_csv **out, lq_diag *diag);
/** Writes one row of `ncol` numbers (NaN is written as "nan"). */
LQ_API lq_status lq_csv_row(lq_csv *c, const double *values, size_t ncol);
/** Writes one row of strings, quoted when they contain a comma, quote or newline. */
LQ_API lq_status lq_csv_row_str(lq_csv *c, const char *const *values, size_t ncol);
/** Commits the file (see lq_outfile_commit) and frees `c`. */
LQ_API lq_status lq_csv_close(lq_csv *c, lq_diag *diag);
/** Discards the file and frees `c`. NULL is a no-op. */
LQ_API void lq_csv_abort(lq_csv *c);

/* ------------------------------------------------------------------------------------------ */
/* JSON (cJSON objects built by the caller)                                                    */
/* ------------------------------------------------------------------------------------------ */

struct cJSON;

/**
 * Writes a cJSON tree, formatted, to `path` atomically, or to stdout when path is "-".
 * The tree stays owned by the caller.
 */
LQ_API lq_status lq_json_write(const struct cJSON *json, const char *path, lq_diag *diag);

/**
 * Parses a JSON file into a cJSON tree owned by the caller (free with cJSON_Delete).
 * On a syntax error, diag names the file, line and column.
 */
LQ_API lq_status lq_json_read(const char *path, struct cJSON **json, lq_diag *diag);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_CORE_H */
