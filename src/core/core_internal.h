/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal helpers: allocation (with failure injection for tests) and diagnostics. */
#ifndef LIQUIDUS_CORE_INTERNAL_H
#define LIQUIDUS_CORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "liquidus/core.h"
#include "liquidus/status.h"

/*
 * All library allocation goes through these so that tests can inject failures: when the
 * environment variable LQ_TEST_FAIL_ALLOC_AFTER=n is set (read once, at the first allocation),
 * allocation number n+1 and every later one fail. lqi_alloc_fail_after() sets the same budget
 * from a test (-1 switches injection off). Sizes of 0 return a unique non-NULL pointer.
 */
void *lqi_malloc(size_t size);
void *lqi_calloc(size_t n, size_t size);
void *lqi_realloc(void *p, size_t size);
void lqi_free(void *p);
char *lqi_strdup(const char *s);
/** Overflow-checked n*size for array allocations; returns NULL on overflow. */
void *lqi_malloc_array(size_t n, size_t size);
void lqi_alloc_fail_after(long n);

/**
 * Fills a diag (NULL-safe) with location and a printf-style message, and returns `st` so that
 * error paths read `return lqi_diag_set(d, LQ_EPARSE, file, line, field, "...", ...);`.
 */
lq_status lqi_diag_set(lq_diag *d, lq_status st, const char *file, long line, const char *field,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/** Same as lqi_diag_set but marks a warning (on success). */
void lqi_diag_warn(lq_diag *d, const char *file, long line, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/** The stdio stream of an output file, for the library's own writers (valid until commit/abort);
 *  the public API writes through lq_outfile_write/lq_outfile_printf. */
struct lq_outfile;
FILE *lqi_outfile_stream(struct lq_outfile *f);

/**
 * A growing NUL-terminated string for functions that return text (allocated with lqi_malloc).
 * After any failed append `failed` is set and later appends do nothing, so callers check once.
 */
typedef struct lqi_sbuf {
    char *s;
    size_t len, cap;
    int failed;
} lqi_sbuf;
/** Appends printf-formatted text; returns LQ_OK or LQ_ENOMEM (then sb->failed is set). */
lq_status lqi_sbuf_printf(lqi_sbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Hands the string to the caller (*out, free with lq_free) or frees it when failed; resets sb.
 *  Returns LQ_OK or LQ_ENOMEM. */
lq_status lqi_sbuf_finish(lqi_sbuf *sb, char **out);

/** Case-insensitive ASCII string compare (locale independent). */
int lqi_strcasecmp(const char *a, const char *b);
int lqi_strncasecmp(const char *a, const char *b, size_t n);

/**
 * Locale-independent strtod that also accepts a decimal comma when `decimal_comma` is non-zero.
 * Returns 0 and sets *out on a full parse of [s, s+len) (surrounding blanks allowed), -1 otherwise.
 */
int lqi_parse_double(const char *s, size_t len, int decimal_comma, double *out);

/* Little-endian loads from byte buffers (src/core/bytes.c), correct on any host byte order; the
 * binary readers (DeePMD .dp HDF5, liquidus ML format 2) decode numbers only through these. */
/** The unsigned integer in the `width` (1..8) bytes at p, least significant byte first. */
uint64_t lqi_load_le_uint(const unsigned char *p, size_t width);
uint32_t lqi_load_le_u32(const unsigned char *p);
uint64_t lqi_load_le_u64(const unsigned char *p);
/** IEEE 754 binary32 / binary64 stored least significant byte first. */
float lqi_load_le_f32(const unsigned char *p);
double lqi_load_le_f64(const unsigned char *p);
/** A little-endian float of `width` bytes: 8 reads binary64, anything else binary32. */
double lqi_load_le_float(const unsigned char *p, size_t width);

/* ------------------------------------------------------------------------------------------ */
/* The one CSV reader (src/core/csv_read.c): lines, delimited fields, numbers, errors at file:line
 */
/* ------------------------------------------------------------------------------------------ */

/** A cursor over the lines of [data, data + size); lines end at '\n', a trailing '\r' is dropped.
 */
typedef struct lqi_lines {
    const char *p, *end;
    long lineno; /* number of the line last returned (1-based) */
} lqi_lines;
void lqi_lines_init(lqi_lines *l, const char *data, size_t size);
/** Next line in [*s, *e); returns 0 at the end of the buffer. */
int lqi_lines_next(lqi_lines *l, const char **s, const char **e);

/**
 * One number in [s, e) (blanks around allowed) without locale: optional sign, digits, '.' (or ','
 * when decimal_comma), exponent, "nan", "inf". Exact for up to 15 significant digits by Clinger's
 * fast path, otherwise through lqi_parse_double (correctly rounded). Returns 0 (number), 1 (empty
 * field) or -1 (not a number).
 */
int lqi_csv_num(const char *s, const char *e, int decimal_comma, double *out);
/**
 * The number that starts exactly at s (no blanks skipped): sign, digits, decimal mark, exponent,
 * stopping at the first character that cannot continue it (*stop). The same value as lqi_csv_num
 * gives for [s, *stop) (which calls it). Returns 0, or -1 when no number starts at s ("nan",
 * "inf" and other words are left to lqi_csv_num).
 */
int lqi_csv_num_at(const char *s, const char *e, int decimal_comma, double *out, const char **stop);
/**
 * One pass over a row of delimited numbers (the fast path of delimited-text readers): fields
 * [0, nfield) of [s, e) separated by `delim` (not a blank), blanks around a field allowed; fields
 * with want[k] != 0 are parsed into out[k] (same values as lqi_csv_num), the others skipped;
 * fields after nfield are ignored. Returns 0, or -1 when the row needs the general path (a
 * quoted, empty or non-numeric wanted field, fewer fields); out is then partly written.
 */
int lqi_csv_row_nums(const char *s, const char *e, char delim, int decimal_comma,
                     const unsigned char *want, size_t nfield, double *out);
/**
 * Decimal comma of a table whose delimiter is not ',': 1 when the next non-empty line after the
 * cursor (which is not moved) holds a comma, as files written in a comma locale do ("0,06").
 */
int lqi_csv_probe_decimal_comma(const lqi_lines *l);
/** The delimiter of a header or data line: tab, else ';', else ',', else ' ' (blanks). */
char lqi_csv_detect_delim(const char *s, const char *e);
/**
 * Splits [s, e) into fields [fs[k], fe[k]) at any character of `delims`. When delims holds ' ',
 * runs of blanks, tabs and the other delimiters separate (empty fields cannot occur); otherwise
 * every delimiter separates and empty fields count. With `quotes`, a field may be "quoted" (its
 * text is inside the quotes). Fills at most max fields; returns the count, which may exceed max
 * (single-character delimiters).
 */
size_t lqi_csv_split(const char *s, const char *e, const char *delims, int quotes, const char **fs,
                     const char **fe, size_t max);

/**
 * Splits the NUL-terminated s in place into words separated by blanks, tabs and '\r' (for the
 * blank-separated formats: LAMMPS data and logs, potential files); stores at most max of them in
 * w and returns how many there are (which may exceed max).
 */
size_t lqi_words(char *s, char **w, size_t max);

#define LQI_CSV_MAX_FIELDS 256
/**
 * Reader of a delimited table in memory: lqi_csv_init, set the options, then lqi_csv_next per
 * record. Empty lines and comment lines (first non-blank character in `comment`) are skipped.
 */
typedef struct lqi_csv {
    lqi_lines lines;      /* lines.lineno: line of the current record */
    const char *file;     /* name in messages */
    const char *delims;   /* default ","; " " for blank-separated (see lqi_csv_split) */
    int decimal_comma;    /* ',' is the decimal mark (delims must then not hold ',') */
    const char *comment;  /* comment characters, default "#" */
    int trailing_comment; /* 1: a comment character anywhere ends the line's data */
    int quotes;           /* 1: fields may be quoted */
    const char *s, *e;    /* the current line */
    size_t nfield;        /* its fields (at most LQI_CSV_MAX_FIELDS) */
    const char *fs[LQI_CSV_MAX_FIELDS], *fe[LQI_CSV_MAX_FIELDS];
} lqi_csv;
void lqi_csv_init(lqi_csv *r, const char *data, size_t size, const char *file);
/** Moves to the next record; 1 when there is one, 0 at the end. */
int lqi_csv_next(lqi_csv *r);
/** Field k of the current record, trimmed, into buf (truncated to size - 1; "" when absent). */
void lqi_csv_field(const lqi_csv *r, size_t k, char *buf, size_t size);
/**
 * Field k as a number (lqi_csv_num). An empty, absent or non-numeric field is LQ_EPARSE with diag
 * naming the file, the line, `name` (the column) and the column number.
 */
lq_status lqi_csv_number(const lqi_csv *r, size_t k, const char *name, double *out, lq_diag *diag);

/* ------------------------------------------------------------------------------------------ */
/* The element table behind lq_element_* (generated: src/core/elements_table.c).               */
/* ------------------------------------------------------------------------------------------ */
typedef struct lqi_element_data {
    const char *symbol;
    int z;
    double mass_g_per_mol;  /* IUPAC 2021 abridged; NaN: no standard atomic weight */
    int mass_conventional;  /* 1: IUPAC gives an interval, mass is its conventional value */
    double slater_radius_A; /* J. C. Slater, J. Chem. Phys. 41 (1964) 3199; 0: not tabulated */
    int usual_ion;          /* usual charge in a chloride melt; 0: none assumed */
} lqi_element_data;
/* Indexed by Z; entry 0 ("X") stands for no element. */
extern const lqi_element_data lqi_elements[LQ_ELEMENT_MAX_Z + 1];
/** Entry of the element whose symbol is exactly [sym, sym + len), or NULL. */
const lqi_element_data *lqi_element_lookup(const char *sym, size_t len);

/* ------------------------------------------------------------------------------------------ */
/* Numerics layer: the one random number generator and the one dense linear-algebra path.      */
/* ------------------------------------------------------------------------------------------ */

/*
 * xoshiro256** (D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM
 * Trans. Math. Softw. 47 (2021) 36), seeded through splitmix64. The state is the caller's, so the
 * library keeps no global state. Streams for threads, walkers or MPI ranks come from
 * lqi_rng_split: the child is seeded from (parent seed material, stream index), so stream k gives
 * the same numbers whichever thread or process draws it.
 */
typedef struct lqi_rng {
    uint64_t s[4];
} lqi_rng;
void lqi_rng_seed(lqi_rng *r, uint64_t seed);
/** Independent stream `stream` derived from r's current state (r is not advanced). */
void lqi_rng_split(const lqi_rng *r, uint64_t stream, lqi_rng *child);
uint64_t lqi_rng_u64(lqi_rng *r);
/** Uniform in [0, 1), 53 random bits. */
double lqi_rng_uniform(lqi_rng *r);
/** Standard normal (Box-Muller, one value per call). */
double lqi_rng_normal(lqi_rng *r);

/*
 * Dense linear algebra through LAPACKE (row-major, caller's arrays). Each returns LQ_OK,
 * LQ_EINVAL (bad sizes or NULL), LQ_ESINGULAR (LAPACK reports a singular/rank-deficient system),
 * or LQ_ENOMEM.
 */
/** Solves A X = B in place: a [n*n] is overwritten by its LU factors, b [n*nrhs] by X.
 *  LQ_ESINGULAR also when a pivot is at the rounding level (n eps max|a_ij|). */
lq_status lqi_linsolve(double *a, size_t n, double *b, size_t nrhs);
/**
 * LU factorisation with partial pivoting (LAPACK dgetrf) of a [n*n], row-major, in place, for
 * "factor once, solve many" (lqi_lu_solve) without allocation: the pivots go to the caller's
 * ipiv [n]. Returns LQ_ESINGULAR when an entry is not finite or a pivot |U_kk| is
 * <= rel_tiny * (largest |a_ij|) (rel_tiny = 0: exactly zero only), so that a rank-deficient
 * system is reported rather than solved to noise; LQ_EINVAL on bad sizes.
 */
lq_status lqi_lu_factor(double *a, size_t n, int *ipiv, double rel_tiny);
/**
 * Solves A x = b (transpose = 0) or A^T x = b (transpose != 0) in place in b [n], with the factors
 * and pivots of lqi_lu_factor (LAPACK dgetrs).
 */
void lqi_lu_solve(const double *a, size_t n, const int *ipiv, int transpose, double *b);
/**
 * Cholesky factorisation (LAPACK dpotrf) of the symmetric a [n*n] in place (one triangle is
 * overwritten by the factor), used as a test of positive definiteness: LQ_OK when every pivot
 * L_jj^2 exceeds min_pivot (0: positive), LQ_ESINGULAR otherwise or when an entry is not finite.
 */
lq_status lqi_chol_factor(double *a, size_t n, double min_pivot);
/**
 * Least squares min ||A x - b|| by SVD (dgelsd): a [m*n] (destroyed), b [max(m,n)] on input holds
 * the m right-hand values and on output the n coefficients. rcond: singular values below
 * rcond * largest are treated as zero (negative: machine precision). rank (may be NULL) gets the
 * effective rank.
 */
lq_status lqi_lstsq(double *a, size_t m, size_t n, double *b, double rcond, size_t *rank);
/**
 * Right singular vectors of the row-major m x n matrix a (destroyed; LAPACKE_dgesvd): vt [n * n]
 * receives V^T row by row, ordered by decreasing singular value, and *rank the number of singular
 * values above rel_tol times the largest. Rows 0..rank-1 of vt are an orthonormal basis of the row
 * space of a, rows rank..n-1 one of its null space. LQ_OK, LQ_EINVAL, LQ_ENOMEM, LQ_ESINGULAR (the
 * SVD did not converge).
 */
lq_status lqi_nullspace(double *a, size_t m, size_t n, double rel_tol, double *vt, size_t *rank);

/** Straight line y = a + b x fitted by lqi_linfit. */
typedef struct lqi_linfit_result {
    double a, b;       /* intercept and slope (units of y and y/x) */
    double a_se, b_se; /* standard errors (NaN when n = 2) */
    double cov_ab;     /* covariance of a and b (NaN when n = 2) */
    double r2;         /* coefficient of determination (1 when all y are equal) */
    double r;          /* Pearson correlation of x and y (NaN when all y are equal) */
    double rms;        /* weighted root-mean-square residual (units of y) */
    size_t n;          /* points used */
} lqi_linfit_result;
/**
 * The one straight-line fit: y = a + b x by least squares over n >= 2 points, weighted by w
 * (relative weights > 0, e.g. 1/sigma^2; NULL: all 1). Returns LQ_OK, LQ_EINVAL (NULL, n < 2,
 * non-finite data or weights <= 0), LQ_ESINGULAR (all x equal).
 */
lq_status lqi_linfit(const double *x, const double *y, const double *w, size_t n,
                     lqi_linfit_result *fit);

/**
 * The one nonlinear least-squares fit: min sum_i r_i(x)^2 over x [p] by GSL's trust-region
 * (Levenberg-Marquardt) driver. f writes the n residuals, df the n x p Jacobian (row-major,
 * dr_i/dx_j); each returns 0, or nonzero when x is outside the model's domain (the step is then
 * rejected). Stops at xtol/gtol/ftol (GSL's tests) or after max_iter iterations.
 */
typedef struct lqi_nlfit {
    size_t n, p;
    int (*f)(const double *x, void *ctx, double *r);
    int (*df)(const double *x, void *ctx, double *J);
    void *ctx;
    size_t max_iter;
    double xtol, gtol, ftol;
    int accept_noprog; /* 1: "no further progress" after >= 1 iteration counts as converged */
} lqi_nlfit;
typedef struct lqi_nlfit_result {
    size_t iterations;
    double chi2;        /* sum of squared residuals at the solution */
    const char *reason; /* why it failed (static string), NULL on success */
} lqi_nlfit_result;
/**
 * x [p]: start on input, solution on output (unchanged on failure); se [p] (may be NULL): standard
 * errors from the covariance at the solution times chi2 / (n - p). Returns LQ_OK, LQ_ENOCONV
 * (res->reason says why), LQ_ENOMEM, LQ_EINVAL.
 */
lq_status lqi_nlfit_solve(const lqi_nlfit *fit, double *x, double *se, lqi_nlfit_result *res);

/*
 * The one linear program: min sum_j c_j x_j subject to sum_j x_j a_j = b, x >= 0, with d rows and
 * columns j = 0..n-1 that may enter the basis, by the revised simplex method from a feasible
 * starting basis given by the caller (e.g. unit columns, or artificial columns of high cost with
 * indices >= n, which the callback also answers for but which never re-enter). Used by the lower
 * convex hulls of the equilibrium solver and of the DFT formation energies.
 */
typedef struct lqi_lp_block {
    const double *a;    /* [count * d]: the d entries of the block's column k at a + k * d */
    const double *cost; /* [count] */
    size_t count;
} lqi_lp_block;
#define LQI_LP_MAX_BLOCKS 4
typedef struct lqi_lp {
    size_t d; /* rows */
    /* the columns: the blocks one after the other (column j of the LP is the j-th of the
     * concatenation); contiguous arrays so that pricing is a plain loop */
    size_t nblocks;
    lqi_lp_block block[LQI_LP_MAX_BLOCKS];
    size_t n;        /* columns 0..n-1 may enter; later ones (artificial) only start the basis */
    int bland;       /* pricing: 0 most negative reduced cost (Dantzig), 1 lowest index (Bland) */
    double tol;      /* a column enters when its reduced cost is below -tol */
    size_t max_iter; /* pivots at most */
} lqi_lp;
/** Scratch of lqi_lp_solve for d rows: allocate once, reuse for any number of solves. */
typedef struct lqi_lp_ws lqi_lp_ws;
lq_status lqi_lp_ws_alloc(size_t d, lqi_lp_ws **out);
void lqi_lp_ws_free(lqi_lp_ws *ws);
/**
 * Solves the LP. basis [d] (in/out): the starting basis, the final one on return; xb [d] (out):
 * the basic values; mu [d] (out): the duals (B^T mu = c_B; for a hull, the chemical potentials of
 * the facet); value (out, may be NULL): the objective. Returns LQ_OK, LQ_ENOCONV (max_iter pivots
 * made; the outputs hold the last basis), LQ_ESINGULAR (basis matrix singular, or unbounded),
 * LQ_EINVAL (bad arguments, or the starting basis is not feasible for b).
 */
lq_status lqi_lp_solve(const lqi_lp *lp, const double *b, size_t *basis, double *xb, double *mu,
                       double *value, lqi_lp_ws *ws);

/* ------------------------------------------------------------------------------------------ */
/* NumPy .npy files of float64 arrays (src/core/npy.c): MCMC traces, DeePMD data.              */
/* ------------------------------------------------------------------------------------------ */

#define LQI_NPY_MAX_DIM 8
/** Largest header lqi_npy_header_format writes or the file reader accepts, bytes. */
#define LQI_NPY_HEADER_MAX 512

/** What a .npy header says: shape, whether the data need a byte swap, where they start. */
typedef struct lqi_npy_header {
    size_t ndim;
    size_t shape[LQI_NPY_MAX_DIM];
    size_t count;       /**< product of the shape (1 for a 0-d array) */
    size_t data_offset; /**< bytes from the start of the file to the data */
    int swap;           /**< 1 when the file's byte order is not the host's */
    size_t elem_size;   /**< 8 (float64) or 4 (float32, widened to double by the readers) */
} lqi_npy_header;

/**
 * Writes a version 1.0 header for a C-ordered float64 array of host byte order into buf (size at
 * least LQI_NPY_HEADER_MAX), padded so the data start at a multiple of 64 bytes. Returns its
 * length, or 0 when the arguments are bad.
 */
size_t lqi_npy_header_format(char *buf, size_t size, const size_t *shape, size_t ndim);
/**
 * Parses the header at the start of buf[len] (versions 1.0, 2.0, 3.0). Only float64 ('<f8' or
 * '>f8') or float32 ('<f4', '>f4') in C order is accepted: others give LQ_EUNSUPPORTED; a
 * malformed header LQ_EPARSE.
 * `name` names the file in diag.
 */
lq_status lqi_npy_parse_header(const void *buf, size_t len, const char *name, lqi_npy_header *h,
                               lq_diag *diag);
/**
 * Writes data [prod(shape)] as a .npy file atomically (temporary beside `path`, then rename), so
 * a reader or a killed writer never leaves a torn file. LQ_EINVAL, LQ_EIO, LQ_ENOMEM.
 */
lq_status lqi_npy_write(const char *path, const double *data, const size_t *shape, size_t ndim,
                        lq_diag *diag);
/**
 * Reads a float64 or float32 .npy file: *data (new, lqi_free) as double in host order,
 * shape[0..*ndim) with *ndim at most max_dim. The file must hold exactly the bytes its shape needs.
 * LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED, LQ_ENOMEM.
 */
lq_status lqi_npy_read(const char *path, double **data, size_t *shape, size_t max_dim, size_t *ndim,
                       lq_diag *diag);
/**
 * A .npy file updated in place: created whole and atomically by lqi_npy_create (so it is a
 * complete .npy file from the start, zeros where nothing was computed yet), then parts of its
 * data rewritten with lqi_npy_update (pwrite: no allocation, the size never changes, so a reader
 * or a killed writer always sees a well-formed file whose values are each old or new).
 */
typedef struct lqi_npy_file {
    int fd;             /**< -1 when closed */
    size_t data_offset; /**< bytes before the data */
    size_t count;       /**< values in the file */
    const char *path;   /**< the caller's string, for messages */
} lqi_npy_file;
/** lqi_npy_write, then opens the file for lqi_npy_update. f->fd is -1 on failure. */
lq_status lqi_npy_create(const char *path, const double *data, const size_t *shape, size_t ndim,
                         lqi_npy_file *f, lq_diag *diag);
/** Writes src [n] over the values [first, first + n) of the file (C order). LQ_EINVAL, LQ_EIO. */
lq_status lqi_npy_update(lqi_npy_file *f, size_t first, const double *src, size_t n, lq_diag *diag);
/** Closes (no-op when closed). LQ_EIO when close(2) reports a deferred write error. */
lq_status lqi_npy_close(lqi_npy_file *f, lq_diag *diag);
/** Same as lqi_npy_read from a buffer holding a whole .npy file. */
lq_status lqi_npy_read_mem(const void *buf, size_t len, const char *name, double **data,
                           size_t *shape, size_t max_dim, size_t *ndim, lq_diag *diag);

#endif /* LIQUIDUS_CORE_INTERNAL_H */
