/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the echem analyses (emf, voltammetry, transients): input checks and numerics.
 */
#ifndef LIQUIDUS_ECHEM_ANA_INTERNAL_H
#define LIQUIDUS_ECHEM_ANA_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"

/**
 * Checks that arrays (any may be NULL: not checked) hold finite values and that t increases
 * strictly. On failure fills diag naming the 1-based sample and the field ("t", "E", "I") and
 * returns LQ_EINVAL.
 */
lq_status lqi_echem_check_series(const double *t_s, const double *E_V, const double *I_A, size_t n,
                                 lq_diag *diag);

/** Median of n values (copies into scratch, which must hold n doubles). */
double lqi_echem_median(const double *v, size_t n, double *scratch);

/** Odd Savitzky-Golay window of about `frac` of n, at least 5, at most 101 and at most n. */
size_t lqi_echem_auto_window(size_t n, double frac);

/**
 * Noise standard deviation of a sampled curve from its second differences (robust: median
 * absolute value, scaled for Gaussian noise), using at most ~20000 evenly spread triples.
 */
double lqi_echem_noise_sd(const double *y, size_t n, double *scratch, size_t scratch_n);

/**
 * Local maxima of y[0..m) with their prominence (the larger of the minima between the peak and the
 * nearest higher sample on either side, or the end); those with prominence >= min_prom, the `cap`
 * most prominent, most prominent first, into idx[] and prom[]. Returns their number.
 */
size_t lqi_echem_find_maxima(const double *y, size_t m, double min_prom, size_t *idx, double *prom,
                             size_t cap);

/** Sets `bit` in q and appends the printf-formatted reason ("; "-separated, truncated). */
void lqi_echem_flag(lq_echem_quality *q, unsigned bit, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** Runs-test z of the residual signs (negative: long runs of one sign); NaN below 10 points. */
double lqi_echem_runs_z(const double *r, size_t n);

/** Runs-test z below which residuals count as structured (3 sigma one-sided). */
#define LQI_ECHEM_RUNS_Z_MIN (-3.0)

/**
 * What the sweep before a vertex leaves for the first peak of the return sweep (Nicholson's
 * empirical baseline, R. S. Nicholson, Anal. Chem. 38 (1966) 1406).
 */
typedef struct lqi_echem_cv_return {
    double ipf_A; /* |height| of the forward sweep's last peak above its baseline (> 0) */
    double isp_A; /* forward faradaic current at the switching potential, counted positive in the
                     forward direction, above the forward charging line (zero current without) */
    double ch_a_A, ch_b_A_per_V; /* forward charging line I = a + b E (record's sign); NaN: none,
                                    the return peak is measured from zero current */
} lqi_echem_cv_return;

/**
 * lq_echem_cv_sweep for a sweep after a vertex: with `ret` (may be NULL) its first peak gets
 * Nicholson's baseline instead of an extrapolated one.
 */
lq_status lqi_echem_cv_sweep_ret(const double *t_s, const double *E_V, const double *I_A, size_t n,
                                 size_t start, size_t end, const lq_echem_cv_options *opt,
                                 const lqi_echem_cv_return *ret, lq_echem_sweep_result *res,
                                 double *smoothed_A, lq_diag *diag);

/* Builder of an lq_echem_report (src/echem/ref/report.c): entries appended in order; the first
 * failure to allocate sticks and lqi_echem_rb_finish reports it. */
typedef struct lqi_echem_rb {
    lq_echem_field *f;
    size_t n, cap;
    int failed;
    lqi_sbuf text; /**< the summary, appended with lqi_sbuf_printf */
} lqi_echem_rb;

void lqi_echem_rb_num(lqi_echem_rb *b, const char *name, const char *unit, double v);
void lqi_echem_rb_count(lqi_echem_rb *b, const char *name, size_t v);
void lqi_echem_rb_text(lqi_echem_rb *b, const char *name, const char *text);
void lqi_echem_rb_quality(lqi_echem_rb *b, const char *name, const lq_echem_quality *q);
/** Opens an LQ_ECHEM_FIELD_OBJECT or LQ_ECHEM_FIELD_LIST; lqi_echem_rb_end closes it. */
void lqi_echem_rb_open(lqi_echem_rb *b, const char *name, lq_echem_field_kind kind);
void lqi_echem_rb_end(lqi_echem_rb *b);
/** Hands the report over (LQ_OK) or frees everything (LQ_ENOMEM); b is reset either way. */
lq_status lqi_echem_rb_finish(lqi_echem_rb *b, lq_echem_report **out);

#endif /* LIQUIDUS_ECHEM_ANA_INTERNAL_H */
