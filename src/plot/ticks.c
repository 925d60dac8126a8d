/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Axis limits and "nice" ticks (1-2-5 steps, log decades) with labels free of rounding noise. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot/plot_internal.h"

/* Fraction of the data span added on each side of automatic limits. */
#define AUTO_MARGIN 0.04

lq_status lqi_plot_auto_range(double dlo, double dhi, int log, double *lo, double *hi) {
    if (!isfinite(dlo) || !isfinite(dhi) || dlo > dhi) return LQ_EINVAL;
    if (log) {
        if (!(dlo > 0.0)) return LQ_EINVAL;
        double a = log10(dlo), b = log10(dhi);
        if (b - a < 1e-9) {
            a -= 0.5;
            b += 0.5;
        } else {
            double m = AUTO_MARGIN * (b - a);
            a -= m;
            b += m;
        }
        /* Keep the limits representable (normal doubles) however wide the data span. */
        if (a < -307.0) a = -307.0;
        if (b > 308.0) b = 308.0;
        *lo = pow(10.0, a);
        *hi = pow(10.0, b);
        return (isfinite(*hi) && *lo > 0.0) ? LQ_OK : LQ_EINVAL;
    }
    double span = dhi - dlo;
    if (!isfinite(span)) return LQ_EINVAL;
    double mag = fmax(fabs(dlo), fabs(dhi));
    if (span <= 1e-12 * mag || span == 0.0) {
        /* One value (e.g. a plateau at 973 K): centre it in a +-1 % window. */
        double mid = 0.5 * (dlo + dhi);
        double half = mid != 0.0 ? 0.01 * fabs(mid) : 1.0;
        *lo = mid - half;
        *hi = mid + half;
    } else {
        double m = AUTO_MARGIN * span;
        *lo = dlo - m;
        *hi = dhi + m;
    }
    return (isfinite(*lo) && isfinite(*hi)) ? LQ_OK : LQ_EINVAL;
}

/* floor(log10(v)) robust against log10 rounding just below an exact power of ten. */
static int floor_log10(double v) {
    double l = floor(log10(v));
    if (pow(10.0, l + 1.0) <= v)
        l += 1.0;
    else if (pow(10.0, l) > v)
        l -= 1.0;
    return (int)l;
}

/* Sets decimals and the common exponent of linear labels from the step and the largest tick. */
static void label_format(lqi_plot_axis *ax) {
    double vmax = 0.0;
    for (size_t i = 0; i < ax->n; i++) vmax = fmax(vmax, fabs(ax->v[i]));
    if (vmax == 0.0) vmax = fmax(fabs(ax->lo), fabs(ax->hi));
    int estep = floor_log10(ax->step);
    int emax = floor_log10(vmax);
    /* Plain numbers from 0.01 to 99999 (as papers write them); a common factor outside, so that
     * currents read "-8 ... 6 x10^-4" rather than "-0.0008". */
    ax->exp10 = (emax >= 5 || emax <= -3) ? emax : 0;
    int dec = ax->exp10 - estep;
    ax->decimals = dec > 0 ? dec : 0;
}

static lq_status linear_ticks(double lo, double hi, size_t max_ticks, lqi_plot_axis *ax) {
    static const double mant[3] = {1.0, 2.0, 5.0};
    double span = hi - lo;
    if (!isfinite(span) || !(span > 0.0)) return LQ_EINVAL;
    /* Smallest 1-2-5 step that keeps at most max_ticks ticks inside [lo, hi]. */
    int e = floor_log10(span / (double)(max_ticks > 1 ? max_ticks - 1 : 1));
    double step = 0.0;
    int mi = 0;
    for (int guard = 0; guard < 8; guard++) {
        for (mi = 0; mi < 3; mi++) {
            step = mant[mi] * pow(10.0, e);
            double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
            if (k1 - k0 + 1.0 <= (double)max_ticks) break;
        }
        if (mi < 3) break;
        e++;
    }
    if (mi == 3) return LQ_EINVAL;
    ax->step = step;
    /* Ticks are k * step (not accumulated sums) so that every label is exact after rounding. */
    double k0 = ceil(lo / step - 1e-9), k1 = floor(hi / step + 1e-9);
    ax->n = 0;
    for (double k = k0; k <= k1 && ax->n < LQI_PLOT_MAX_TICKS; k += 1.0) {
        double v = k * step;
        if (fabs(v) < 1e-9 * step) v = 0.0;
        ax->v[ax->n++] = v;
    }
    /* Minor ticks: 5 intervals for steps 1 and 5, 4 for step 2. */
    double mstep = step / (mi == 1 ? 4.0 : 5.0);
    double m0 = ceil(lo / mstep - 1e-9), m1 = floor(hi / mstep + 1e-9);
    ax->n_minor = 0;
    for (double k = m0; k <= m1 && ax->n_minor < LQI_PLOT_MAX_MINOR; k += 1.0)
        ax->minor[ax->n_minor++] = k * mstep;
    label_format(ax);
    return LQ_OK;
}

static lq_status log_ticks(double lo, double hi, size_t max_ticks, lqi_plot_axis *ax) {
    double a = log10(lo), b = log10(hi);
    double d0 = ceil(a - 1e-9), d1 = floor(b + 1e-9);
    double nd = d1 - d0 + 1.0;
    ax->n = ax->n_minor = 0;
    ax->exp10 = 0;
    ax->decimals = 0;
    if (nd >= 2.0) {
        static const double dsteps[] = {1, 2, 3, 5, 10, 20, 50, 100};
        double ds = 100.0;
        for (size_t i = 0; i < sizeof dsteps / sizeof dsteps[0]; i++) {
            double k0 = ceil(d0 / dsteps[i]), k1 = floor(d1 / dsteps[i]);
            if (k1 - k0 + 1.0 <= (double)max_ticks) {
                ds = dsteps[i];
                break;
            }
        }
        ax->step = ds;
        for (double k = ceil(d0 / ds) * ds; k <= d1 && ax->n < LQI_PLOT_MAX_TICKS; k += ds)
            ax->v[ax->n++] = pow(10.0, k);
        /* Minor ticks: 2..9 x 10^k within one-decade steps; otherwise the skipped decades
         * (every decade up to 5 per step, then every ds/5-th). */
        double md = ds <= 5.0 ? 1.0 : ds / 5.0;
        for (double k = floor(a / md) * md; k <= ceil(b) && ax->n_minor < LQI_PLOT_MAX_MINOR;
             k += md) {
            if (ds == 1.0) {
                for (int m = 2; m <= 9 && ax->n_minor < LQI_PLOT_MAX_MINOR; m++) {
                    double v = m * pow(10.0, k);
                    if (v >= lo && v <= hi) ax->minor[ax->n_minor++] = v;
                }
            } else if (fmod(k, ds) != 0.0) {
                double v = pow(10.0, k);
                if (v >= lo && v <= hi) ax->minor[ax->n_minor++] = v;
            }
        }
        return LQ_OK;
    }
    /* Less than about a decade: 1-2-5 mantissas, if that gives at least two ticks. */
    static const double mant[3] = {1.0, 2.0, 5.0};
    for (double k = floor(a); k <= ceil(b) && ax->n < LQI_PLOT_MAX_TICKS; k += 1.0)
        for (int m = 0; m < 3; m++) {
            double v = mant[m] * pow(10.0, k);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && ax->n < LQI_PLOT_MAX_TICKS)
                ax->v[ax->n++] = v;
        }
    if (ax->n >= 2 && ax->n <= max_ticks) {
        ax->step = 0.0;
        for (double k = floor(a); k <= ceil(b) && ax->n_minor < LQI_PLOT_MAX_MINOR; k += 1.0)
            for (int m = 1; m <= 9 && ax->n_minor < LQI_PLOT_MAX_MINOR; m++) {
                double v = m * pow(10.0, k);
                if (m != 1 && m != 2 && m != 5 && v >= lo && v <= hi) ax->minor[ax->n_minor++] = v;
            }
        return LQ_OK;
    }
    /* Narrower still: linear ticks on the log-mapped axis, labelled like a linear axis. */
    lq_status st = linear_ticks(lo, hi, max_ticks, ax);
    ax->step = -ax->step; /* negative step marks linear labels on a log axis */
    return st;
}

lq_status lqi_plot_ticks(double lo, double hi, int log, size_t max_ticks, lqi_plot_axis *ax) {
    if (!ax || !isfinite(lo) || !isfinite(hi) || !(lo < hi) || max_ticks < 2) return LQ_EINVAL;
    if (max_ticks > LQI_PLOT_MAX_TICKS) max_ticks = LQI_PLOT_MAX_TICKS;
    memset(ax, 0, sizeof *ax);
    ax->lo = lo;
    ax->hi = hi;
    ax->log = log != 0;
    if (log) {
        if (!(lo > 0.0)) return LQ_EINVAL;
        return log_ticks(lo, hi, max_ticks, ax);
    }
    return linear_ticks(lo, hi, max_ticks, ax);
}

/* Prints x with d decimals, never "-0" / "-0.00". */
static void fixed(char *buf, size_t size, double x, int d) {
    snprintf(buf, size, "%.*f", d, x);
    if (buf[0] == '-') {
        int zero = 1;
        for (const char *c = buf + 1; *c; c++)
            if (*c >= '1' && *c <= '9') zero = 0;
        if (zero) memmove(buf, buf + 1, strlen(buf));
    }
}

void lqi_plot_tick_label(const lqi_plot_axis *ax, double v, char *buf, size_t size) {
    if (!buf || size == 0) return;
    if (ax->log && ax->step >= 0.0) {
        int k = floor_log10(v);
        double m = v / pow(10.0, k);
        int mi = (int)lround(m);
        if (fabs(m - mi) > 1e-6) {
            snprintf(buf, size, "%g", v);
        } else if (mi == 1 && ax->step > 0.0) {
            snprintf(buf, size, "10^{%d}", k); /* decade ticks: powers of ten throughout */
        } else if (k >= -3 && k <= 4) {
            fixed(buf, size, v, k < 0 ? -k : 0); /* 1-2-5 ticks near 1: plain numbers */
        } else if (mi == 1) {
            snprintf(buf, size, "10^{%d}", k);
        } else {
            snprintf(buf, size,
                     "%d\xc3\x97"
                     "10^{%d}",
                     mi, k);
        }
        return;
    }
    double s = pow(10.0, ax->exp10);
    fixed(buf, size, v / s, ax->decimals);
}
