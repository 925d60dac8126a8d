/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timing helpers shared by the benchmarks: clocks and the median of repeated measurements. */
#ifndef LIQUIDUS_BENCH_UTIL_H
#define LIQUIDUS_BENCH_UTIL_H

#include <stddef.h>
#include <stdlib.h>
#include <time.h>

static inline double lqb_clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/** Wall-clock time, s. */
static inline double lqb_wall_s(void) { return lqb_clock_s(CLOCK_MONOTONIC); }
/** CPU time of this thread, s: excludes time spent waiting for a core on a shared machine. */
static inline double lqb_thread_cpu_s(void) { return lqb_clock_s(CLOCK_THREAD_CPUTIME_ID); }
/** CPU time of the whole process (all OpenMP threads), s. */
static inline double lqb_process_cpu_s(void) { return lqb_clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static inline int lqb_cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/** Median of n values (sorts v in place); machines here are noisy, so benchmarks report it. */
static inline double lqb_median(double *v, size_t n) {
    qsort(v, n, sizeof *v, lqb_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#endif /* LIQUIDUS_BENCH_UTIL_H */
