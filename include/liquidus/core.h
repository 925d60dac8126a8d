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
 * @return LQ_OK, LQ_EINVAL (NULL/empty path), LQ_EWRITE (cannot create), LQ_ENOMEM
 */
LQ_API lq_status lq_outfile_open(const char *path, lq_outfile **out, lq_diag *diag);
/**
 * Appends `n` bytes to the file.
 * @param f     open file (in/out)
 * @param data  bytes (in; may be NULL when n is 0)
 * @return LQ_OK, LQ_EINVAL (NULL f, or NULL data with n > 0), LQ_EWRITE (write error; the file is
 *         still open: abort it, or commit, which then fails and removes the temporary)
 */
LQ_API lq_status lq_outfile_write(lq_outfile *f, const void *data, size_t n);
/**
 * Appends printf-formatted text to the file (C locale conventions of the stdio printf family).
 * @return LQ_OK, LQ_EINVAL (NULL f or fmt), LQ_EWRITE (write or formatting error)
 */
LQ_API lq_status lq_outfile_printf(lq_outfile *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/**
 * Flushes, checks for write errors, closes and renames into place; always frees `f`.
 * @return LQ_OK, or LQ_EWRITE (then the temporary is removed and `path` is unchanged)
 */
LQ_API lq_status lq_outfile_commit(lq_outfile *f, lq_diag *diag);
/** Closes and removes the temporary; frees `f`. NULL is a no-op. */
LQ_API void lq_outfile_abort(lq_outfile *f);

/**
 * An output group: the outputs of one command, which appear together or not at all.
 *
 * lq_outset_begin makes a new group the process's *current* group. While it is current, every
 * lq_outfile opened (and so every lq_csv, lq_file_write_atomic, figure and data-file writer of the
 * library, which all write through lq_outfile) becomes a member: lq_outfile_commit of a member
 * checks for write errors and closes its temporary but does not rename it; the group keeps the
 * temporary. lq_outset_commit then renames every member into place, in the order they were
 * committed, and ends the group; lq_outset_abort removes every temporary and ends the group.
 *
 * How it fails: the group is *failed* as soon as one member fails to open, fails to commit (a write
 * error) or is aborted. lq_outset_commit of a failed group removes all temporaries, renames none
 * and returns LQ_EWRITE naming the first failed file; so a failure of any output leaves none of
 * them, and files that existed before keep their old contents. A target that is a directory is
 * found before anything is renamed and fails the group the same way. The one case it cannot undo:
 * a rename(2) that fails after earlier members were renamed (temporary and target share a
 * directory, so only a directory removed or made read-only during the commit); the remaining
 * temporaries are then removed and the status names the file.
 *
 * Who owns what: the caller owns the group from begin until commit or abort (exactly one of them,
 * which frees it). Each member lq_outfile is owned by its writer as before until its own
 * commit/abort; after a member commit the group owns the temporary file and its name. Members still
 * open when the group ends are not members any more: their own commit renames them directly.
 *
 * This is the library's one piece of process-wide state, set by the application around a command
 * (the `liquidus` CLI does it for its multi-output commands). Only one group may be current; begin,
 * the member writes and commit/abort must happen on one thread. A process killed between member
 * commits and the group commit leaves `path.tmpXXXXXXXX` files, as a killed lq_outfile does.
 */
typedef struct lq_outset lq_outset;

/**
 * Creates an output group and makes it current.
 * @param out   new group (out), owned by the caller: finish with lq_outset_commit or
 * lq_outset_abort
 * @return LQ_OK, LQ_EINVAL (NULL out, or a group is already current: groups do not nest),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_outset_begin(lq_outset **out, lq_diag *diag);
/**
 * Renames every member into place, or, when a member failed, removes them all; ends the group and
 * frees `s`.
 * @return LQ_OK; LQ_EWRITE (a member failed: nothing renamed, diag names the failed file and how
 *         many outputs were discarded; or a rename failed); LQ_EINVAL (NULL or not current)
 */
LQ_API lq_status lq_outset_commit(lq_outset *s, lq_diag *diag);
/** Removes every member's temporary, renames none; ends the group and frees `s`. NULL: no-op. */
LQ_API void lq_outset_abort(lq_outset *s);
/** Number of members committed into the group so far (for tests and messages); 0 for NULL. */
LQ_API size_t lq_outset_count(const lq_outset *s);

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

/** Opens `path` through an lq_outfile; `ncol` columns named by `names` (copied). *out is NULL
 *  on any error after the arguments are checked. */
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

/**
 * A CSV table read into numbers: '#' comment lines and empty lines skipped, one header row (or
 * none: when the first row is all numbers the columns are named "1", "2", ...), then rows of
 * fields separated by the delimiter of the first row (tab, else ';', else ',', else blanks;
 * double-quoted fields allowed). Read through the library's one CSV
 * reader (src/core/csv_read.c), so numbers are read without locale and exactly.
 */
typedef struct lq_csv_table {
    size_t ncol, nrow;
    char **names; /**< [ncol] header names, trimmed, quotes removed */
    double *
        values; /**< [nrow * ncol] row-major; NaN where a field is empty, missing or not a number */
    long *line; /**< [nrow] 1-based line of each row in the file */
    long *bad_line;  /**< [ncol] line of the column's first field that is not a number, 0 if none */
    char **bad_text; /**< [ncol] that field's text (NULL if none) */
} lq_csv_table;

/**
 * Reads a CSV table. Text columns are allowed: their fields are NaN in `values` and the column's
 * bad_line says where the first one is, so a caller that needs the column as numbers can name it.
 * @param path  file (in)
 * @param out   new table (out), free with lq_csv_table_free
 * @param diag  on failure: the file (and line)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (no header, no data rows, more than 256 columns),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_csv_table_read(const char *path, lq_csv_table **out, lq_diag *diag);
/** Index of the column named `name` (exact match), else of the 1-based column number `name`;
 *  LQ_ENOTFOUND when neither. */
LQ_API lq_status lq_csv_table_column_find(const lq_csv_table *t, const char *name, size_t *col);
/** Frees a table (NULL is a no-op). */
LQ_API void lq_csv_table_free(lq_csv_table *t);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_CORE_H */
