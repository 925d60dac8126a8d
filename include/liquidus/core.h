/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Core services: version, safe output files (temporary + rename), CSV and JSON writers. */
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
/* Bundled data (databases, potentials, element tables: the data/ folder of the sources)        */
/* ------------------------------------------------------------------------------------------ */

/**
 * Path of a bundled data file, e.g. lq_data_path("tdb/BiNd.tdb", buf, sizeof buf, &diag).
 * The data folder is, in this order:
 *  1. the environment variable LIQUIDUS_DATA_DIR when it is set and not empty (no fallback then);
 *  2. found from the library's own location (dladdr; the executable for static links): the
 *     source data/ folder when the library runs from its build tree, else
 *     <libdir or bindir>/../share/liquidus when that folder exists (relocated installs);
 *  3. <install prefix>/share/liquidus as configured at build time, when it exists;
 *  4. the source data/ folder the library was built from, when it still exists.
 * @param relative  path inside the data folder ("" for the folder itself); not absolute (in)
 * @param buf       the full path (out), `size` bytes; on LQ_ENOTFOUND it holds the path that was
 *                  looked for (when a data folder was found), so callers can name it
 * @param diag      optional detail (the folder and how it was chosen)
 * @return LQ_OK, LQ_EINVAL (NULL, absolute `relative`, buffer too small), LQ_ENOTFOUND (no data
 *         folder, or no such file in it)
 */
LQ_API lq_status lq_data_path(const char *relative, char *buf, size_t size, lq_diag *diag);

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
/**
 * Appends `n` bytes to the file.
 * @param f     open file (in/out)
 * @param data  bytes (in; may be NULL when n is 0)
 * @return LQ_OK, LQ_EINVAL (NULL f, or NULL data with n > 0), LQ_EIO (write error; the file is
 *         still open: abort it, or commit, which then fails and removes the temporary)
 */
LQ_API lq_status lq_outfile_write(lq_outfile *f, const void *data, size_t n);
/**
 * Appends printf-formatted text to the file (C locale conventions of the stdio printf family).
 * @return LQ_OK, LQ_EINVAL (NULL f or fmt), LQ_EIO (write or formatting error)
 */
LQ_API lq_status lq_outfile_printf(lq_outfile *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
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

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_CORE_H */
