/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DSC peak analysis of one segment: global baseline, peak search, per-peak baselines (linear or
 * sigmoidal), areas, extrapolated onsets and ends (ISO 11357-1:2016, ASTM E794-06). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "thermal/thermal_internal.h"

void lq_dsc_options_default(lq_dsc_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->segment = -1;
    opt->baseline = LQ_DSC_BASELINE_LINEAR;
    opt->smooth_K = 1.0;
    opt->threshold_sigma = 8.0;
    opt->min_area_frac = 0.01;
    opt->fit_window_K = 10.0;
    opt->baseline_degree = 2;
    opt->molar_mass_kg_per_mol = (double)NAN;
    opt->calibration = NULL;
}

void lq_dsc_result_free(lq_dsc_result *r) {
    if (!r) return;
    lqi_free(r->T_K);
    lqi_free(r->signal);
    lqi_free(r->baseline);
    lqi_free(r->peaks);
    lqi_free(r);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of |v| over the mask (scratch work [n]); 0 when the mask is empty. */
static double median_abs(const double *v, const unsigned char *mask, size_t n, double *work) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!mask || mask[i]) work[m++] = fabs(v[i]);
    if (m == 0) return 0.0;
    qsort(work, m, sizeof *work, cmp_double);
    return m % 2 ? work[m / 2] : 0.5 * (work[m / 2 - 1] + work[m / 2]);
}

/* Polynomial baseline of degree deg fitted to the points in mask, iteratively trimmed: points
 * more than 3 robust sigmas (1.4826 MAD) off the fit leave the mask (peaks), until the mask stops
 * changing (at most 30 rounds). base [n] gets the fit over all points. */
static lq_status global_baseline(const double *T, const double *y, size_t n, size_t deg,
                                 unsigned char *mask, double *base, double *work) {
    size_t p = deg + 1;
    double *a = lqi_malloc_array(n * p, sizeof *a), *b = lqi_malloc_array(n > p ? n : p, sizeof *b);
    if (!a || !b) {
        lqi_free(a);
        lqi_free(b);
        return LQ_ENOMEM;
    }
    double Tm = 0.5 * (T[0] + T[n - 1]), Ts = fabs(T[n - 1] - T[0]) > 0 ? fabs(T[n - 1] - T[0]) : 1;
    lq_status st = LQ_OK;
    memset(mask, 1, n);
    for (int round = 0; round < 30 && st == LQ_OK; round++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (mask[i]) {
                double x = (T[i] - Tm) / Ts, xp = 1.0;
                for (size_t k = 0; k < p; k++, xp *= x) a[m * p + k] = xp;
                b[m++] = y[i];
            }
        if (m < 2 * p) break;
        st = lqi_lstsq(a, m, p, b, -1.0, NULL);
        if (st != LQ_OK) break;
        for (size_t i = 0; i < n; i++) {
            double x = (T[i] - Tm) / Ts, xp = 1.0, v = 0.0;
            for (size_t k = 0; k < p; k++, xp *= x) v += b[k] * xp;
            base[i] = v;
            work[i] = y[i] - v;
        }
        double *w2 = work + n;
        double sig = 1.4826 * median_abs(work, mask, n, w2);
        int changed = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char in = fabs(work[i]) <= 3.0 * sig;
            changed |= in != mask[i];
            mask[i] = in;
        }
        if (!changed) break;
    }
    lqi_free(a);
    lqi_free(b);
    return st;
}

/* Straight line through the points of [lo, hi) that are off every peak (mask); 0 when fewer
 * than 3. */
static int side_line(const double *T, const double *y, const unsigned char *mask, size_t lo,
                     size_t hi, double *c0, double *c1, double *work) {
    size_t m = 0;
    double *x = work, *v = work + (hi - lo);
    for (size_t i = lo; i < hi; i++)
        if (mask[i]) {
            x[m] = T[i];
            v[m++] = y[i];
        }
    lqi_linfit_result f;
    if (m < 3 || lqi_linfit(x, v, NULL, m, &f) != LQ_OK) return 0;
    *c0 = f.a;
    *c1 = f.b;
    return 1;
}

/* Slope of ys at i over +-w rows, clipped to [i0, i1] (NaN where the temperatures coincide:
 * exports often round T to 0.01 K, so neighbouring rows may have equal T). */
static double slope(const double *T, const double *ys, size_t i, size_t w, size_t i0, size_t i1) {
    size_t a = i >= i0 + w ? i - w : i0, b = i + w <= i1 ? i + w : i1;
    double dT = T[b] - T[a];
    return dT > 0 ? (ys[b] - ys[a]) / dT : (double)NAN;
}

/* Tangent at the steepest point of ys (direction-signed, baseline removed) between i0 and i1
 * (sense +1: rising edge, -1: falling edge), fitted to sig over the neighbours whose slope is at
 * least 80 % of the steepest; crossed with the line c0 + c1 T. Slopes over +-w rows. */
static double tangent_cross(const double *T, const double *ys, const double *sig, size_t i0,
                            size_t i1, int sense, double c0, double c1, size_t w, double *u) {
    size_t best = i0;
    double bs = 0.0;
    *u = (double)NAN;
    for (size_t i = i0 + 1; i < i1; i++) {
        double d = sense * slope(T, ys, i, w, i0, i1);
        if (d > bs) {
            bs = d;
            best = i;
        }
    }
    if (!(bs > 0)) return (double)NAN;
    size_t a = best, b = best;
    while (a > i0 + 1 && sense * slope(T, ys, a - 1, w, i0, i1) >= 0.8 * bs) a--;
    while (b + 1 < i1 && sense * slope(T, ys, b + 1, w, i0, i1) >= 0.8 * bs) b++;
    if (b - a + 1 < 3) {
        a = best > i0 ? best - 1 : best;
        b = best + 1 <= i1 ? best + 1 : best;
    }
    size_t m = b - a + 1;
    lqi_linfit_result f;
    if (m < 2 || lqi_linfit(T + a, sig + a, NULL, m, &f) != LQ_OK) return (double)NAN;
    double den = f.b - c1;
    if (!(fabs(den) > 0)) return (double)NAN;
    double Tx = (c0 - f.a) / den;
    /* standard uncertainty from the covariance of the tangent's intercept and slope */
    if (m > 2 && isfinite(f.a_se)) {
        double var =
            (f.a_se * f.a_se + Tx * Tx * f.b_se * f.b_se + 2 * Tx * f.cov_ab) / (den * den);
        *u = sqrt(var > 0 ? var : 0.0);
    }
    return Tx;
}

/* Integral of (s - b) dt over [i0, i1] by trapezoids; NaN without time. */
static double integrate(const double *t, const double *s, const double *b, size_t i0, size_t i1) {
    double a = 0.0;
    for (size_t i = i0; i < i1; i++)
        a += 0.5 * ((s[i] - b[i]) + (s[i + 1] - b[i + 1])) * (t[i + 1] - t[i]);
    return a;
}

typedef struct ctx {
    size_t n;
    size_t w; /* slope stencil, rows: the smoothing half-width (at least 1) */
    const double *T, *t;
    double *s, *ss, *base, *work;
    unsigned char *mask;
    const lq_dsc_options *opt;
} ctx;

/* Baseline of one peak in base[i0..i1] and its characteristic temperatures and area. */
static void one_peak(ctx *c, lq_dsc_peak *pk, size_t i0, size_t i1) {
    const double *T = c->T;
    double W = c->opt->fit_window_K;
    size_t lo = i0, hi = i1;
    while (lo > 0 && T[i0] - T[lo - 1] <= W) lo--;
    while (hi + 1 < c->n && T[hi + 1] - T[i1] <= W) hi++;
    double p0, p1, q0, q1;
    if (!side_line(T, c->s, c->mask, lo, i0 + 1, &p0, &p1, c->work)) {
        double dT = T[i0 + 1] - T[i0];
        p1 = dT > 0 ? (c->base[i0 + 1] - c->base[i0]) / dT : 0.0;
        p0 = c->base[i0] - p1 * T[i0];
    }
    if (!side_line(T, c->s, c->mask, i1, hi + 1, &q0, &q1, c->work)) {
        double dT = T[i1] - T[i1 - 1];
        q1 = dT > 0 ? (c->base[i1] - c->base[i1 - 1]) / dT : 0.0;
        q0 = c->base[i1] - q1 * T[i1];
    }
    double ya = p0 + p1 * T[i0], yb = q0 + q1 * T[i1], span = T[i1] - T[i0];
    for (size_t i = i0; i <= i1; i++)
        c->base[i] = span > 0 ? ya + (yb - ya) * (T[i] - T[i0]) / span : ya;
    if (c->opt->baseline == LQ_DSC_BASELINE_SIGMOIDAL) {
        /* converted fraction alpha(T) from partial areas, iterated on its own baseline */
        for (int it = 0; it < 5; it++) {
            double tot = 0.0, acc = 0.0;
            for (size_t i = i0; i < i1; i++)
                tot += 0.5 * ((c->s[i] - c->base[i]) + (c->s[i + 1] - c->base[i + 1])) *
                       (T[i + 1] - T[i]);
            if (!(fabs(tot) > 0)) break;
            double prev = c->s[i0] - c->base[i0];
            for (size_t i = i0; i <= i1; i++) {
                double d = c->s[i] - c->base[i];
                if (i > i0) acc += 0.5 * (prev + d) * (T[i] - T[i - 1]);
                prev = d;
                c->work[i - i0] = acc / tot;
            }
            for (size_t i = i0; i <= i1; i++) {
                double al = c->work[i - i0];
                c->base[i] = (1 - al) * (p0 + p1 * T[i]) + al * (q0 + q1 * T[i]);
            }
        }
    }
    /* direction, peak */
    size_t ip = i0;
    double best = 0.0, area_T = 0.0;
    for (size_t i = i0; i <= i1; i++) {
        double d = c->ss[i] - c->base[i];
        if (fabs(d) > best) {
            best = fabs(d);
            ip = i;
        }
        if (i < i1) area_T += (c->s[i] - c->base[i]) * (T[i + 1] - T[i]);
    }
    int dir = area_T >= 0 ? 1 : -1;
    pk->direction = dir;
    pk->i_start = i0;
    pk->i_end = i1;
    pk->i_peak = ip;
    pk->T_start_K = T[i0];
    pk->T_end_K = T[i1];
    pk->height = best;
    pk->T_peak_K = T[ip];
    if (ip > i0 && ip < i1) { /* parabola through the three points around the extremum */
        double y0 = c->ss[ip - 1] - c->base[ip - 1], y1 = c->ss[ip] - c->base[ip],
               y2 = c->ss[ip + 1] - c->base[ip + 1];
        double den = y0 - 2 * y1 + y2, h = 0.5 * (T[ip + 1] - T[ip - 1]);
        if (fabs(den) > 0) {
            double dx = 0.5 * (y0 - y2) / den;
            if (fabs(dx) < 1) pk->T_peak_K = T[ip] + dx * h;
        }
    }
    /* tangents on the smoothed signal (dir-signed difference for the slope search) */
    double *yd = c->work;
    for (size_t i = i0; i <= i1; i++) yd[i] = dir * (c->ss[i] - c->base[i]);
    double u = 0.0;
    pk->T_onset_K = tangent_cross(T, yd, c->ss, i0, ip, 1, p0, p1, c->w, &u);
    pk->T_onset_u_K = u;
    pk->T_endset_K = tangent_cross(T, yd, c->ss, ip, i1, -1, q0, q1, c->w, &u);
    pk->area = fabs(integrate(c->t, c->s, c->base, i0, i1));
}

/* Runs of |r| above thr, widened to where |r| falls below lvl; [i0, i1] pairs into runs. */
static size_t find_runs(const double *r, size_t n, double thr, double lvl, size_t *runs,
                        size_t max) {
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        if (fabs(r[i]) <= thr) continue;
        int sgn = r[i] > 0 ? 1 : -1;
        size_t a = i, b = i;
        while (a > 0 && sgn * r[a - 1] > lvl) a--;
        while (b + 1 < n && sgn * r[b + 1] > lvl) b++;
        if (a > 0) a--;
        if (b + 1 < n) b++;
        if (k > 0 && a <= runs[2 * k - 1]) { /* touches the previous run: merge */
            runs[2 * k - 1] = b > runs[2 * k - 1] ? b : runs[2 * k - 1];
        } else {
            runs[2 * k] = a;
            runs[2 * k + 1] = b;
            k++;
        }
        i = b;
    }
    return k;
}

static lq_status pick_segment(const lq_thermal_trace *tr, long want, size_t *seg, lq_diag *diag) {
    if (want >= 0) {
        if ((size_t)want >= tr->n_segments)
            return lqi_diag_set(diag, LQ_EINVAL, tr->file, 0, "segment",
                                "segment %ld asked, the trace has %zu", want + 1, tr->n_segments);
        if (tr->segments[want].kind == LQ_THERMAL_ISOTHERMAL)
            return lqi_diag_set(diag, LQ_EINVAL, tr->file, 0, "segment",
                                "segment %ld is isothermal", want + 1);
        *seg = (size_t)want;
        return LQ_OK;
    }
    long best = -1;
    for (int pass = 0; pass < 2 && best < 0; pass++)
        for (size_t s = 0; s < tr->n_segments; s++) {
            lq_thermal_segment_kind k = tr->segments[s].kind;
            if ((pass == 0 ? k == LQ_THERMAL_HEATING : k == LQ_THERMAL_COOLING) &&
                (best < 0 || tr->segments[s].n > tr->segments[best].n))
                best = (long)s;
        }
    if (best < 0)
        return lqi_diag_set(diag, LQ_EINVAL, tr->file, 0, "segment",
                            "no heating or cooling segment");
    *seg = (size_t)best;
    return LQ_OK;
}

static lq_status check_options(const lq_dsc_options *o) {
    if (!(o->smooth_K >= 0) || !(o->threshold_sigma > 0) || !(o->fit_window_K > 0) ||
        !(o->min_area_frac >= 0) || o->baseline_degree > 6 ||
        (o->baseline != LQ_DSC_BASELINE_LINEAR && o->baseline != LQ_DSC_BASELINE_SIGMOIDAL))
        return LQ_EINVAL;
    return LQ_OK;
}

/* The segment's arrays: calibrated T (increasing), time, endo-positive signal per kg. */
static lq_status setup(const lq_thermal_trace *tr, const lq_dsc_options *opt, lq_dsc_result *r,
                       double **t_out) {
    const lq_thermal_segment *sg = &tr->segments[r->segment];
    size_t n = sg->n;
    r->start = sg->start;
    r->n = n;
    r->rate_K_per_s = sg->rate_K_per_s;
    r->T_K = lqi_malloc_array(n, sizeof(double));
    r->signal = lqi_malloc_array(n, sizeof(double));
    r->baseline = lqi_malloc_array(n, sizeof(double));
    double *t = lqi_malloc_array(n, sizeof(double));
    if (!r->T_K || !r->signal || !r->baseline || !t) {
        lqi_free(t);
        return LQ_ENOMEM;
    }
    int per_kg =
        tr->hf_unit == LQ_THERMAL_SIGNAL_W_PER_KG || tr->hf_unit == LQ_THERMAL_SIGNAL_V_PER_KG;
    double div = !per_kg && tr->mass_kg > 0 ? tr->mass_kg : 1.0;
    int volts = tr->hf_unit == LQ_THERMAL_SIGNAL_V || tr->hf_unit == LQ_THERMAL_SIGNAL_V_PER_KG;
    r->signal_unit =
        volts ? (per_kg || div != 1.0 ? "V/kg" : "V") : (per_kg || div != 1.0 ? "W/kg" : "W");
    double sign = tr->exo_sign > 0 ? -1.0 : 1.0; /* endothermic positive */
    int cooling = sg->kind == LQ_THERMAL_COOLING;
    for (size_t k = 0; k < n; k++) {
        size_t i = sg->start + (cooling ? n - 1 - k : k); /* T increasing for the analysis */
        r->T_K[k] = lq_dsc_calibration_T(opt->calibration, tr->T_K[i]);
        r->signal[k] = sign * tr->hf[i] / div;
        t[k] = cooling ? -tr->t_s[i] : tr->t_s[i];
    }
    *t_out = t;
    return LQ_OK;
}

static lq_status find_peaks(ctx *c, lq_dsc_result *r) {
    size_t n = c->n;
    lq_status st =
        global_baseline(c->T, c->ss, n, c->opt->baseline_degree, c->mask, c->base, c->work);
    if (st != LQ_OK) return st;
    double *res = c->work + 2 * n, *tmp = c->work;
    double mx = 0.0;
    for (size_t i = 0; i < n; i++) {
        res[i] = c->ss[i] - c->base[i];
        if (fabs(res[i]) > mx) mx = fabs(res[i]);
    }
    r->noise = 1.4826 * median_abs(res, c->mask, n, tmp);
    double thr = fmax(c->opt->threshold_sigma * r->noise, 0.02 * mx);
    double lvl = fmax(2.0 * r->noise, 1e-3 * mx);
    size_t maxr = n / 2 + 1;
    size_t *runs = lqi_malloc_array(2 * maxr, sizeof *runs);
    if (!runs) return LQ_ENOMEM;
    size_t nr = mx > 0 ? find_runs(res, n, thr, lvl, runs, maxr) : 0;
    for (size_t k = 0; k < nr; k++)
        for (size_t i = runs[2 * k]; i <= runs[2 * k + 1]; i++) c->mask[i] = 0;
    r->peaks = lqi_calloc(nr ? nr : 1, sizeof *r->peaks);
    if (!r->peaks) {
        lqi_free(runs);
        return LQ_ENOMEM;
    }
    double amax = 0.0;
    for (size_t k = 0; k < nr; k++) {
        if (runs[2 * k + 1] - runs[2 * k] < 4) continue;
        lq_dsc_peak *pk = &r->peaks[r->n_peaks];
        one_peak(c, pk, runs[2 * k], runs[2 * k + 1]);
        double aT = fabs(pk->height) * (pk->T_end_K - pk->T_start_K);
        if (aT > amax) amax = aT;
        r->n_peaks++;
    }
    /* drop the small ones (height x width against the largest) */
    size_t m = 0;
    for (size_t k = 0; k < r->n_peaks; k++) {
        lq_dsc_peak *pk = &r->peaks[k];
        if (fabs(pk->height) * (pk->T_end_K - pk->T_start_K) >= c->opt->min_area_frac * amax)
            r->peaks[m++] = *pk;
    }
    r->n_peaks = m;
    lqi_free(runs);
    return LQ_OK;
}

lq_status lq_dsc_analyse(const lq_thermal_trace *tr, const lq_dsc_options *opt, lq_dsc_result **out,
                         lq_diag *diag) {
    if (!tr || !out || !tr->segments) return LQ_EINVAL;
    lq_dsc_options def;
    if (!opt) {
        lq_dsc_options_default(&def);
        opt = &def;
    }
    if (check_options(opt) != LQ_OK) return LQ_EINVAL;
    size_t seg = 0;
    lq_status st = pick_segment(tr, opt->segment, &seg, diag);
    if (st != LQ_OK) return st;
    if (tr->segments[seg].n < 20)
        return lqi_diag_set(diag, LQ_EDOM, tr->file, tr->line[tr->segments[seg].start], "segment",
                            "segment %zu has %zu points (20 needed)", seg + 1, tr->segments[seg].n);
    lq_dsc_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return LQ_ENOMEM;
    r->segment = seg;
    double *t = NULL;
    st = setup(tr, opt, r, &t);
    size_t n = r->n;
    ctx c = {n, 1, r->T_K, t, r->signal, NULL, r->baseline, NULL, NULL, opt};
    if (st == LQ_OK) {
        c.ss = lqi_malloc_array(n, sizeof(double));
        c.work = lqi_malloc_array(3 * n + 4, sizeof(double));
        c.mask = lqi_malloc(n);
        if (!c.ss || !c.work || !c.mask) st = LQ_ENOMEM;
    }
    if (st == LQ_OK) {
        double dT = fabs(r->T_K[n - 1] - r->T_K[0]) / (double)(n - 1);
        double hh = dT > 0 ? 0.5 * opt->smooth_K / dT : 0.0;
        size_t h = hh < (double)n ? (size_t)hh : n;
        lqi_th_smooth(r->signal, n, h, c.ss);
        c.w = h > 1 ? h : 1;
        st = find_peaks(&c, r);
    }
    double M = opt->molar_mass_kg_per_mol;
    double factor = opt->calibration ? opt->calibration->area_factor : 1.0;
    int calibrated = r->signal_unit && strcmp(r->signal_unit, "W/kg") == 0;
    for (size_t k = 0; st == LQ_OK && k < r->n_peaks; k++) {
        lq_dsc_peak *pk = &r->peaks[k];
        pk->area *= factor;
        pk->area_J_per_kg = calibrated ? pk->area : (double)NAN;
        pk->area_J_per_mol = calibrated && M > 0 ? pk->area * M : (double)NAN;
        pk->endothermic = tr->exo_sign == 0 ? -1 : pk->direction > 0;
        if (tr->segments[seg].kind == LQ_THERMAL_COOLING) { /* report in file order of rows */
            size_t a = pk->i_start, b = pk->i_end, p = pk->i_peak;
            pk->i_start = r->start + (n - 1 - b);
            pk->i_end = r->start + (n - 1 - a);
            pk->i_peak = r->start + (n - 1 - p);
        } else {
            pk->i_start += r->start;
            pk->i_end += r->start;
            pk->i_peak += r->start;
        }
    }
    lqi_free(t);
    lqi_free(c.ss);
    lqi_free(c.work);
    lqi_free(c.mask);
    if (st != LQ_OK) {
        lq_dsc_result_free(r);
        return st;
    }
    *out = r;
    return LQ_OK;
}
