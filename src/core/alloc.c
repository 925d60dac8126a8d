/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation wrappers with failure injection (LQ_TEST_FAIL_ALLOC_AFTER) for error-path tests. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

/* -2: not yet read from the environment; -1: injection off; n >= 0: allocations left. This is the
 * one piece of mutable global state in the library; it exists for tests only (STYLE.md §5). */
static atomic_long alloc_budget = -2;

void lqi_alloc_fail_after(long n) { atomic_store(&alloc_budget, n < 0 ? -1 : n); }

static int alloc_allowed(void) {
    long b = atomic_load(&alloc_budget);
    if (b == -2) {
        const char *env = getenv("LQ_TEST_FAIL_ALLOC_AFTER");
        long v = env && *env ? strtol(env, NULL, 10) : -1;
        long expected = -2;
        atomic_compare_exchange_strong(&alloc_budget, &expected, v < 0 ? -1 : v);
        b = atomic_load(&alloc_budget);
    }
    if (b == -1) return 1;
    for (;;) {
        if (b <= 0) return 0;
        if (atomic_compare_exchange_weak(&alloc_budget, &b, b - 1)) return 1;
        if (b == -1) return 1;
    }
}

void *lqi_malloc(size_t size) {
    if (!alloc_allowed()) return NULL;
    return malloc(size ? size : 1);
}

void *lqi_calloc(size_t n, size_t size) {
    if (!alloc_allowed()) return NULL;
    if (n == 0 || size == 0) return calloc(1, 1);
    return calloc(n, size);
}

void *lqi_realloc(void *p, size_t size) {
    if (!alloc_allowed()) return NULL;
    return realloc(p, size ? size : 1);
}

void *lqi_malloc_array(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    return lqi_malloc(n * size);
}

void lqi_free(void *p) { free(p); }

void lq_free(void *p) { free(p); }

char *lqi_strdup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *c = lqi_malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}
