/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timing helpers shared by the benchmarks: clocks and the median of repeated measurements. */
#ifndef LIQUIDUS_BENCH_UTIL_H
#define LIQUIDUS_BENCH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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

/** Prints the machine-readable summary row of one capability, read by scripts/bench_table.py to
 * write README.md's table: "LQ_BENCH_ROW<TAB>capability<TAB>liquidus<TAB>reference<TAB>ratio".
 * `liquidus` is the figure measured (the median of the repeats), `reference` the reference
 * engine's figure in the same run, or "recorded: ..." for a figure not re-run, or why there is
 * none; `ratio` says which way it is taken. Fields are formatted with lqb_fmt (no tabs). */
static inline void lqb_row(const char *capability, const char *liquidus, const char *reference,
                           const char *ratio) {
    printf("LQ_BENCH_ROW\t%s\t%s\t%s\t%s\n", capability, liquidus, reference, ratio);
    fflush(stdout);
}

/** printf into buf for one field of lqb_row, tabs and newlines replaced by spaces so that the row
 * stays one tab-separated line; returns buf. */
__attribute__((format(printf, 3, 4))) static inline char *lqb_fmt(char *buf, size_t n,
                                                                  const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    for (char *c = buf; *c; c++)
        if (*c == '\t' || *c == '\n') *c = ' ';
    return buf;
}

#endif /* LIQUIDUS_BENCH_UTIL_H */
