/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fit-quality flags shared by the echem analyses: reasons collected, residual runs test. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "echem/ref/ana_internal.h"

void lqi_echem_flag(lq_echem_quality *q, unsigned bit, const char *fmt, ...) {
    q->flags |= bit;
    size_t len = strlen(q->reason);
    if (len + 3 >= sizeof q->reason) return;
    if (len) {
        memcpy(q->reason + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->reason + len, sizeof q->reason - len, fmt, ap);
    va_end(ap);
}

/*
 * Wald-Wolfowitz runs test on the signs of residuals (A. Wald, J. Wolfowitz, Ann. Math. Stat. 11
 * (1940) 147): with n+ and n- signs the number of runs R has mean 2 n+ n- / N + 1 and variance
 * (mu - 1)(mu - 2) / (N - 1); z = (R - mu) / sd, strongly negative when residuals come in long
 * runs (a systematic misfit). Zero residuals are skipped; NaN below 10 signed residuals.
 */
double lqi_echem_runs_z(const double *r, size_t n) {
    double np = 0.0, nm = 0.0, runs = 0.0;
    int last = 0;
    for (size_t i = 0; i < n; i++) {
        int s = r[i] > 0.0 ? 1 : r[i] < 0.0 ? -1 : 0;
        if (!s) continue;
        if (s > 0)
            np += 1.0;
        else
            nm += 1.0;
        if (s != last) runs += 1.0;
        last = s;
    }
    double N = np + nm;
    if (N < 10.0 || np < 1.0 || nm < 1.0) return (double)NAN;
    double mu = 2.0 * np * nm / N + 1.0, var = (mu - 1.0) * (mu - 2.0) / (N - 1.0);
    return var > 0.0 ? (runs - mu) / sqrt(var) : (double)NAN;
}
