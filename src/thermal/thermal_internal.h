/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private interface of the thermal module: the table every calorimeter reader fills, the reader
 * records, and helpers shared by the readers and the analysis. */
#ifndef LIQUIDUS_THERMAL_INTERNAL_H
#define LIQUIDUS_THERMAL_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/thermal.h"

/* Column roles. */
enum { LQI_TH_NONE = 0, LQI_TH_TIME, LQI_TH_TEMP, LQI_TH_HF, LQI_TH_SEGMENT, LQI_TH_ROLES_ };

#define LQI_TH_MAXCOL 64

/** One column of a table being read: its label and unit as written (UTF-8). */
typedef struct lqi_th_col {
    char label[96];
    char unit[32]; /* from the label or a unit row; "" when none */
} lqi_th_col;

/** What a reader found: metadata and the numeric rows (row-major, ncol values per row). */
typedef struct lqi_th_table {
    const char *file;
    char instrument[128], sample[128];
    double mass_kg;      /* NaN: not given */
    double rate_K_per_s; /* NaN: not given */
    int exo_sign;        /* +1, -1, 0 */
    size_t ncol;
    lqi_th_col col[LQI_TH_MAXCOL];
    long header_line; /* line of the column names (0: none) */
    size_t nrow, cap;
    double *v;  /* [nrow * ncol] */
    long *line; /* [nrow] */
    long *seg;  /* [nrow] segment numbers stated by the file, or NULL */
    char **warn;
    size_t nwarn;
} lqi_th_table;

void lqi_th_table_init(lqi_th_table *t, const char *file);
void lqi_th_table_free(lqi_th_table *t);
/** Adds a warning (printf-style). */
lq_status lqi_th_warn(lqi_th_table *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Sets the columns from labels [fs[k], fe[k]) (label "Name/unit", "Name (unit)", "Name [unit]"
 *  split into label and unit). */
lq_status lqi_th_set_columns(lqi_th_table *t, const char *const *fs, const char *const *fe,
                             size_t n, lq_diag *diag);
/** Sets the units of the columns from a unit row ("/°C", "[s]", "min"). */
void lqi_th_set_unit_row(lqi_th_table *t, const char *const *fs, const char *const *fe, size_t n);
/** Appends one row of values [ncol] read at `line` with file segment number seg (-1: none). */
lq_status lqi_th_add_row(lqi_th_table *t, const double *v, long line, long seg);

/** Stop predicate of lqi_th_read_rows: 1 ends the rows at that line (left unread). */
typedef int (*lqi_th_stop)(const char *s, const char *e);

/**
 * Reads numeric rows after the header: delimiter `delims` (lqi_csv_split), decimal comma, until
 * the end, a line for which `stop` returns 1, or (trailing_text = 1) the first line whose first
 * field is not a number. Blank lines are skipped. A non-number in a row, or a short row, is
 * LQ_EPARSE naming the line and the column. Rows with too many fields keep the first ncol.
 * `marker` (may be NULL) decides rows that end a segment instead of holding data (TA).
 */
lq_status lqi_th_read_rows(lqi_th_table *t, lqi_lines *l, const char *delims, int decimal_comma,
                           lqi_th_stop stop, int trailing_text,
                           int (*marker)(const double *v, size_t n), lq_diag *diag);

/** Is [s, e) a plausible header of a DSC table (a temperature-like and a heat-flow-like label,
 *  first field not a number)? Returns the number of fields, 0 otherwise. */
size_t lqi_th_is_header(const char *s, const char *e, const char *delims);
/** Is [s, e) a line of column names (first field not a number) with a temperature column? */
int lqi_th_names_temperature(const char *s, const char *e, const char *delims);
/** The delimiter set for a header or data line: "\t", ";", "," or " ". */
const char *lqi_th_delims(const char *s, const char *e);
/** Does the line at the cursor (next non-empty) use a decimal comma with these delimiters? */
int lqi_th_decimal_comma(const lqi_lines *l, const char *delims);

/** Role and priority (0: none) of a column from its label. */
int lqi_th_guess_role(const char *label, int *role);
/** Unit factor to SI: kind LQI_TH_TIME/TEMP/HF; returns 1 when known. For TEMP *offset is
 *  added after scaling (273.15 for Celsius); for HF *unit_kind is the lq_thermal_signal_unit. */
int lqi_th_unit(int role, const char *unit, double *scale, double *offset, int *unit_kind);

/** Copies [s, e) trimmed into dst as UTF-8 (bytes that are not UTF-8 read as Windows-1252). */
void lqi_th_copy_text(char *dst, size_t size, const char *s, const char *e);
/** Case-insensitive (ASCII) search of needle in [s, e). */
const char *lqi_th_find(const char *s, const char *e, const char *needle);
/** Case-insensitive: does [s, e) (after blanks) start with prefix? */
int lqi_th_starts(const char *s, const char *e, const char *prefix);
/** First number in [s, e) after position p (any text before it skipped), decimal comma allowed
 *  when dc; returns 0 and *v when found. */
int lqi_th_number_after(const char *p, const char *e, int dc, double *v);
/** Mass in kg from a text such as "9.00000 mg", "Size\t9.0\tmg", "34.04 mg" (default mg). */
int lqi_th_mass(const char *s, const char *e, double *kg);

/**
 * Builds the trace from a table: columns by option or by guess, unit conversion to SI, sign
 * convention, segments (file or dT/dt), checks (no heat-flow or temperature column, too few rows,
 * temperature not monotonic within a segment, empty segment: LQ_EPARSE naming file, line and
 * column).
 */
lq_status lqi_th_finish(lqi_th_table *t, lq_thermal_format format,
                        const lq_thermal_read_options *opt, lq_thermal_trace **out, lq_diag *diag);

/* ---------------------------------------------------------------- reader records */

/** One format: probe scores the (UTF-8 converted) text 0..100; read fills the table. */
typedef struct lqi_thermal_reader {
    lq_thermal_format format;
    const char *name;
    int (*probe)(const char *text, size_t n);
    lq_status (*read)(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag);
} lqi_thermal_reader;

extern const lqi_thermal_reader lqi_thermal_rd_netzsch, lqi_thermal_rd_ta, lqi_thermal_rd_mettler,
    lqi_thermal_rd_setaram, lqi_thermal_rd_perkinelmer, lqi_thermal_rd_linseis, lqi_thermal_rd_csv;

/**
 * Generic labelled table: metadata lines before the header go to meta (may be NULL), the header
 * is the first line lqi_th_is_header accepts (or that `is_header` accepts when given), an
 * optional unit row follows, then rows (lqi_th_read_rows with stop/trailing_text).
 */
lq_status lqi_th_read_labelled(const char *text, size_t n, lqi_th_table *t,
                               void (*meta)(lqi_th_table *t, const char *s, const char *e),
                               size_t (*is_header)(const char *s, const char *e), lqi_th_stop stop,
                               int trailing_text, lq_diag *diag);

/* ---------------------------------------------------------------- numerics shared by dsc */

/** Moving average of y [n] over a window of half-width h points into out [n]. */
void lqi_th_smooth(const double *y, size_t n, size_t h, double *out);

#endif /* LIQUIDUS_THERMAL_INTERNAL_H */
