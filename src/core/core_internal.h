/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal helpers: allocation (with failure injection for tests) and diagnostics. */
#ifndef LIQUIDUS_CORE_INTERNAL_H
#define LIQUIDUS_CORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

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

/** Case-insensitive ASCII string compare (locale independent). */
int lqi_strcasecmp(const char *a, const char *b);
int lqi_strncasecmp(const char *a, const char *b, size_t n);

/**
 * Locale-independent strtod that also accepts a decimal comma when `decimal_comma` is non-zero.
 * Returns 0 and sets *out on a full parse of [s, s+len) (surrounding blanks allowed), -1 otherwise.
 */
int lqi_parse_double(const char *s, size_t len, int decimal_comma, double *out);

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
/** Solves A X = B in place: a [n*n] is overwritten by its LU factors, b [n*nrhs] by X. */
lq_status lqi_linsolve(double *a, size_t n, double *b, size_t nrhs);
/**
 * Least squares min ||A x - b|| by SVD (dgelsd): a [m*n] (destroyed), b [max(m,n)] on input holds
 * the m right-hand values and on output the n coefficients. rcond: singular values below
 * rcond * largest are treated as zero (negative: machine precision). rank (may be NULL) gets the
 * effective rank.
 */
lq_status lqi_lstsq(double *a, size_t m, size_t n, double *b, double rcond, size_t *rank);

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
} lqi_npy_header;

/**
 * Writes a version 1.0 header for a C-ordered float64 array of host byte order into buf (size at
 * least LQI_NPY_HEADER_MAX), padded so the data start at a multiple of 64 bytes. Returns its
 * length, or 0 when the arguments are bad.
 */
size_t lqi_npy_header_format(char *buf, size_t size, const size_t *shape, size_t ndim);
/**
 * Parses the header at the start of buf[len] (versions 1.0, 2.0, 3.0). Only float64 ('<f8' or
 * '>f8') in C order is accepted: others give LQ_EUNSUPPORTED; a malformed header LQ_EPARSE.
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
 * Reads a float64 .npy file: *data (new, lqi_free) in host order, shape[0..*ndim) with *ndim at
 * most max_dim. The file must hold exactly the bytes its shape needs. LQ_EIO, LQ_EPARSE,
 * LQ_EUNSUPPORTED, LQ_ENOMEM.
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
