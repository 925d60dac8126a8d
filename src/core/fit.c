/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one straight-line fit: y = a + b x by (weighted) least squares, with errors. */
#include <math.h>

#include "core/core_internal.h"

/*
 * Weighted least squares on centred sums (two passes), which keeps full precision when x sits far
 * from 0 (temperatures, times): b = Sxy / Sxx, a = ybar - b xbar with weighted means. Standard
 * errors from the residual variance s^2 = sum w r^2 / (n - 2), so weights are relative (for
 * weights 1 / sigma^2 of known sigma, s^2 estimates the reduced chi-square factor); e.g.
 * N. R. Draper, H. Smith, Applied Regression Analysis, 3rd ed., Wiley 1998, ch. 1 and 9.
 */
lq_status lqi_linfit(const double *x, const double *y, const double *w, size_t n,
                     lqi_linfit_result *fit) {
    if (!x || !y || !fit || n < 2) return LQ_EINVAL;
    double sw = 0.0, mx = 0.0, my = 0.0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (!isfinite(x[i]) || !isfinite(y[i]) || !(wi > 0.0) || !isfinite(wi)) return LQ_EINVAL;
        sw += wi;
        mx += wi * x[i];
        my += wi * y[i];
    }
    mx /= sw;
    my /= sw;
    double sxx = 0.0, sxy = 0.0, syy = 0.0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0, dx = x[i] - mx, dy = y[i] - my;
        sxx += wi * dx * dx;
        sxy += wi * dx * dy;
        syy += wi * dy * dy;
    }
    if (!(sxx > 0.0)) return LQ_ESINGULAR;
    lqi_linfit_result f;
    f.n = n;
    f.b = sxy / sxx;
    f.a = my - f.b * mx;
    double sse = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = y[i] - f.a - f.b * x[i];
        sse += (w ? w[i] : 1.0) * r * r;
    }
    f.rms = sqrt(sse / sw);
    f.r2 = syy > 0.0 ? 1.0 - sse / syy : 1.0;
    f.r = syy > 0.0 ? sxy / sqrt(sxx * syy) : (double)NAN;
    if (n > 2) {
        double s2 = sse / (double)(n - 2);
        f.b_se = sqrt(s2 / sxx);
        f.a_se = sqrt(s2 * (1.0 / sw + mx * mx / sxx));
        f.cov_ab = -mx * s2 / sxx;
    } else {
        f.a_se = f.b_se = f.cov_ab = (double)NAN;
    }
    *fit = f;
    return LQ_OK;
}
