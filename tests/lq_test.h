/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Minimal test harness (STYLE.md §7): checks, a summary line "N passed, N failed", exit status. */
#ifndef LQ_TEST_H
#define LQ_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/status.h"

/* Counters live in the test executable's main.c through LQ_TEST_MAIN_DEFINE. */
extern int lq_test_passed_;
extern int lq_test_failed_;

#define LQ_TEST_MAIN_DEFINE  \
    int lq_test_passed_ = 0; \
    int lq_test_failed_ = 0

static inline void lq_test_report_(int ok, const char *file, int line, const char *what) {
    if (ok) {
        lq_test_passed_++;
    } else {
        lq_test_failed_++;
        fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
    }
}

#define LQ_CHECK(cond) lq_test_report_((cond) ? 1 : 0, __FILE__, __LINE__, #cond)

/* Counts a failure with a message (a reached line that must not be reached, a missing engine). */
#define LQ_FAIL(msg) lq_test_report_(0, __FILE__, __LINE__, (msg))

#define LQ_CHECK_STATUS(got, want)                                              \
    do {                                                                        \
        lq_status lq_g_ = (got), lq_w_ = (want);                                \
        if (lq_g_ != lq_w_)                                                     \
            fprintf(stderr, "  status %d (%s), expected %d (%s)\n", (int)lq_g_, \
                    lq_status_str(lq_g_), (int)lq_w_, lq_status_str(lq_w_));    \
        lq_test_report_(lq_g_ == lq_w_, __FILE__, __LINE__, #got " == " #want); \
    } while (0)

/* Passes when |got - want| <= atol + rtol * |want|; both values printed with %.17g on failure. */
#define LQ_CHECK_CLOSE(got, want, rtol, atol)                                             \
    do {                                                                                  \
        double lq_g_ = (double)(got), lq_w_ = (double)(want);                             \
        int lq_ok_ = isfinite(lq_g_) && isfinite(lq_w_) &&                                \
                     fabs(lq_g_ - lq_w_) <= (atol) + (rtol)*fabs(lq_w_);                  \
        if (!lq_ok_)                                                                      \
            fprintf(stderr, "  got %.17g, want %.17g (rtol %g, atol %g)\n", lq_g_, lq_w_, \
                    (double)(rtol), (double)(atol));                                      \
        lq_test_report_(lq_ok_, __FILE__, __LINE__, #got " ~ " #want);                    \
    } while (0)

/* Runs one test function and says its name (helps when reading a failure). */
#define LQ_RUN(fn)                                                                    \
    do {                                                                              \
        int lq_f0_ = lq_test_failed_;                                                 \
        fn();                                                                         \
        fprintf(stderr, "%s %s\n", lq_test_failed_ == lq_f0_ ? "ok  " : "FAIL", #fn); \
    } while (0)

/* Prints the closing line CI reads and returns the exit status. */
static inline int lq_test_finish(void) {
    printf("%d passed, %d failed\n", lq_test_passed_, lq_test_failed_);
    return lq_test_failed_ ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * Path of a file in ../shared (from the environment variable LQ_SHARED_DIR that CTest sets).
 * Returns 0 and fills buf when the file exists; otherwise prints a clear "missing shared data"
 * line, counts a failure (a test that needs data must not pass silently without it) and returns -1.
 */
static inline int lq_test_shared_path(const char *rel, char *buf, size_t size) {
    const char *dir = getenv("LQ_SHARED_DIR");
    snprintf(buf, size, "%s/%s", dir && *dir ? dir : "../shared", rel);
    FILE *fp = fopen(buf, "rb");
    if (!fp) {
        fprintf(stderr, "MISSING shared data: %s (set LQ_SHARED_DIR to the shared/ folder)\n", buf);
        lq_test_failed_++;
        return -1;
    }
    fclose(fp);
    return 0;
}

/* Path of a file in the source tree (LQ_SOURCE_DIR, set by CTest). */
static inline void lq_test_source_path(const char *rel, char *buf, size_t size) {
    const char *dir = getenv("LQ_SOURCE_DIR");
    snprintf(buf, size, "%s/%s", dir && *dir ? dir : ".", rel);
}

#endif /* LQ_TEST_H */
