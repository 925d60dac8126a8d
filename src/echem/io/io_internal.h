/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers of the potentiostat readers: number parsing, text lines, tables, unit names. */
#ifndef LIQUIDUS_ECHEM_IO_INTERNAL_H
#define LIQUIDUS_ECHEM_IO_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"

/* Lines (lqi_lines), numbers (lqi_csv_num) and fields (lqi_csv_split) come from the library's one
 * CSV reader in core (core/core_internal.h). */

/* ---------------------------------------------------------------- text */

/** Copies [s, e) into dst (size dstsize, NUL-terminated), trimming blanks and converting to
 *  UTF-8 (bytes of text that is not valid UTF-8 are read as Windows-1252). */
void lqi_echem_copy_text(char *dst, size_t dstsize, const char *s, const char *e);
/** Same into new memory (lqi_malloc); NULL on allocation failure. */
char *lqi_echem_dup_text(const char *s, const char *e);

/** Case-insensitive: does [s, e) start with the NUL-terminated prefix? */
int lqi_echem_starts(const char *s, const char *e, const char *prefix);
/** Case-insensitive search of needle in [s, e); pointer to the match or NULL. */
const char *lqi_echem_find(const char *s, const char *e, const char *needle);

/* ---------------------------------------------------------------- units */

/**
 * Splits a column header into a base name and unit ("E/mV", "<I>/mA", "Potential applied (V)",
 * "E(V)", "I [uA]", "time_s") and looks the unit up: *scale converts to SI, *si_unit names the
 * SI unit ("V", "A", "s", "C", "Hz", "ohm", ...). When the unit is absent or unknown, scale is 1
 * and si_unit is the unit as written (or ""), and the return value is 0; 1 when known.
 */
int lqi_echem_split_unit(const char *label, char *base, size_t basesize, char *unit,
                         size_t unitsize, double *scale, const char **si_unit);
/** Looks up one unit text; 1 and scale/si_unit when known, 0 otherwise. */
int lqi_echem_unit(const char *unit, double *scale, const char **si_unit);

/* ---------------------------------------------------------------- tables being read */

/** Roles a column can have in a record. */
enum {
    LQI_ROLE_NONE = 0,
    LQI_ROLE_TIME,
    LQI_ROLE_E,
    LQI_ROLE_I,
    LQI_ROLE_Q,
    LQI_ROLE_CYCLE,
    LQI_ROLE_COUNT_
};

/** A growing column of numbers. */
typedef struct lqi_tcol {
    char *label;    /**< header as in the file (UTF-8) */
    char *unit_row; /**< unit given apart from the name (Gamry's second header row), or NULL */
    double *v;
    int text;        /**< 1 when the column holds text (its first cell was not a number): dropped */
    int role;        /**< LQI_ROLE_* chosen by the reader (0 = guess from the label) */
    int unit_forced; /**< 1: unit_row overrides the unit in the label (user's choice) */
} lqi_tcol;

/** Columns read so far; a file may add several tables (segments) with the union of columns. */
typedef struct lqi_table {
    lqi_tcol *col;
    size_t ncol, capcol;
    size_t nrow, caprow;
    lq_echem_segment *seg;
    size_t nseg, capseg;
    char **warn;
    size_t nwarn, capwarn;
    const char *file;        /**< name for messages */
    lq_echem_technique tech; /**< technique when known: EIS records need no E or I column */
    long text_line;          /**< line where a column was first taken for text (0: none) */
    size_t blank_rows;       /**< rows of a tab-separated table read as blank-separated */
} lqi_table;

void lqi_table_init(lqi_table *t, const char *file);
void lqi_table_free(lqi_table *t);
/** Most distinct columns a table may have (a guard against inputs that multiply columns). */
#define LQI_MAX_TABLE_COLS 1024

/** Index of the column with this label (added, NaN-filled, when new); -1 on ENOMEM, -2 when the
 *  table already has LQI_MAX_TABLE_COLS columns (callers report LQ_EPARSE). */
long lqi_table_column(lqi_table *t, const char *label, const char *unit_row);
/** Status for a negative lqi_table_column result: LQ_ENOMEM or LQ_EPARSE with a message. */
lq_status lqi_table_column_error(const lqi_table *t, long code, lq_diag *diag);
/** Appends a NaN-filled row; returns its index or -1 on ENOMEM. */
long lqi_table_add_row(lqi_table *t);
/** Opens a segment starting at the current row. */
lq_status lqi_table_begin_segment(lqi_table *t, long index, lq_echem_technique tech,
                                  const char *label);
/** Closes the open segment at the current row count. */
void lqi_table_end_segment(lqi_table *t);
/** Records a warning (printf-style); returns LQ_ENOMEM on failure. */
lq_status lqi_table_warn(lqi_table *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/**
 * Reads delimited rows from `lines` into table columns `map[0..nfield)` (map[k] < 0: field
 * ignored) until a line for which `stop` returns 1 (that line is left unread: l->p points at it)
 * or the end. Empty lines are skipped. A last line with fewer fields than expected is dropped
 * with a warning (a truncated file); elsewhere a short line or a non-number in a numeric column
 * is LQ_EPARSE naming the line and column. Text columns are those whose first cell is not a
 * number. delim ' ' means runs of blanks.
 */
lq_status lqi_table_read_rows(lqi_table *t, lqi_lines *l, char delim, int decimal_comma,
                              const long *map, size_t nfield,
                              int (*stop)(const char *s, const char *e), lq_diag *diag);

/** Splits a header line at delim into labels (trailing empty fields dropped); returns the count
 *  or -1 on ENOMEM; labels[i] are new strings (free with lqi_free). At most `max` fields. */
long lqi_split_header(const char *s, const char *e, char delim, char **labels, size_t max);

/**
 * Guesses the role of a column from its label (BioLogic, Gamry, Autolab, CHI, VersaStudio, CSV
 * names) and returns a priority (0 = no role): higher wins when several columns fit a role.
 */
int lqi_echem_guess_role(const char *label, int *role);

/**
 * Builds the record: picks the column of each role (those with role set by the reader first,
 * else the best guess), converts units to SI, negates the current when `negate_current`, moves
 * other numeric columns to extras, copies segments and warnings, checks the data (NaN, time
 * running backwards, empty segments -> warnings; no rows -> LQ_EPARSE).
 * Frees nothing of `t` (the caller frees the table).
 */
lq_status lqi_table_to_record(lqi_table *t, int negate_current, lq_echem_record **out,
                              lq_diag *diag);

/* ---------------------------------------------------------------- readers */

/** Every reader: data/size is the whole file (NUL-terminated at data[size]), `name` for
 *  messages. On success *out is a new record whose format/metadata fields the reader has set. */
typedef lq_status (*lqi_echem_reader)(const char *data, size_t size, const char *name,
                                      const lq_echem_read_options *opt, lq_echem_record **out,
                                      lq_diag *diag);

lq_status lqi_echem_read_mpt(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag);
lq_status lqi_echem_read_mpr(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag);
lq_status lqi_echem_read_gamry(const char *data, size_t size, const char *name,
                               const lq_echem_read_options *opt, lq_echem_record **out,
                               lq_diag *diag);
lq_status lqi_echem_read_autolab(const char *data, size_t size, const char *name,
                                 const lq_echem_read_options *opt, lq_echem_record **out,
                                 lq_diag *diag);
lq_status lqi_echem_read_par(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag);
lq_status lqi_echem_read_chi(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag);
lq_status lqi_echem_read_palmsens(const char *data, size_t size, const char *name,
                                  const lq_echem_read_options *opt, lq_echem_record **out,
                                  lq_diag *diag);
lq_status lqi_echem_read_csv(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag);

/** Technique from a name as instruments write it ("Cyclic Voltammetry", "CHRONOA", "swv"). */
lq_echem_technique lqi_echem_technique_from_name(const char *s);

/** Number of distinct cycle numbers of a record (0 on allocation failure). */
size_t lqi_echem_count_cycles(const lq_echem_record *r);

/** Base name of a path (for messages and record->file). */
const char *lqi_echem_basename(const char *path);

#endif /* LIQUIDUS_ECHEM_IO_INTERNAL_H */
