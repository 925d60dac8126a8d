/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library-internal helpers: allocation (with failure injection for tests) and diagnostics. */
#ifndef LIQUIDUS_CORE_INTERNAL_H
#define LIQUIDUS_CORE_INTERNAL_H

#include <stddef.h>

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

#endif /* LIQUIDUS_CORE_INTERNAL_H */
