/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From a reader's table to a trace: column choice, SI units, sign convention, segments (stated
 * by the file or found from dT/dt) and the checks that refuse a bad file. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "thermal/thermal_internal.h"

void lq_thermal_trace_free(lq_thermal_trace *tr) {
    if (!tr) return;
    lqi_free(tr->t_s);
    lqi_free(tr->T_K);
    lqi_free(tr->hf);
    lqi_free(tr->line);
    lqi_free(tr->segments);
    for (size_t i = 0; i < tr->n_warnings; i++) lqi_free(tr->warnings[i]);
    lqi_free(tr->warnings);
    lqi_free(tr);
}

/* Column named by an option: a label (case-insensitive, with or without its unit) or a 1-based
 * number. Returns the index or -1. */
static long named_column(const lqi_th_table *t, const char *name) {
    double v;
    if (lqi_csv_num(name, name + strlen(name), 0, &v) == 0) {
        if (v >= 1 && v <= (double)t->ncol && floor(v) == v) return (long)v - 1;
        return -1;
    }
    for (size_t k = 0; k < t->ncol; k++) {
        char full[140];
        snprintf(full, sizeof full, "%s/%s", t->col[k].label, t->col[k].unit);
        if (lqi_strcasecmp(t->col[k].label, name) == 0 || lqi_strcasecmp(full, name) == 0)
            return (long)k;
    }
    return -1;
}

static long guessed_column(const lqi_th_table *t, int role) {
    long best = -1;
    int bp = 0;
    for (size_t k = 0; k < t->ncol; k++) {
        int r, p = lqi_th_guess_role(t->col[k].label, &r);
        if (r == role && p > bp) {
            bp = p;
            best = (long)k;
        }
    }
    return best;
}

static lq_status pick(const lqi_th_table *t, const char *opt_name, int role, const char *what,
                      long *col, lq_diag *diag) {
    *col = opt_name ? named_column(t, opt_name) : guessed_column(t, role);
    if (*col < 0 && opt_name)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, t->header_line, what,
                            "no column '%s' (%zu columns)", opt_name, t->ncol);
    return LQ_OK;
}

/* Segment kind and rate by least squares of T on t (or the T trend when there is no time). */
static void classify(lq_thermal_trace *tr, lq_thermal_segment *sg, double iso) {
    const double *T = tr->T_K + sg->start, *t = tr->t_s + sg->start;
    size_t n = sg->n;
    double rate = (double)NAN;
    if (n >= 2 && tr->has_time) {
        lqi_linfit_result f;
        if (lqi_linfit(t, T, NULL, n, &f) == LQ_OK) rate = f.b;
    } else if (n >= 2 && isfinite(tr->rate_K_per_s)) {
        rate = T[n - 1] > T[0] ? fabs(tr->rate_K_per_s) : -fabs(tr->rate_K_per_s);
        if (fabs(T[n - 1] - T[0]) < 0.5) rate = 0.0;
    }
    sg->rate_K_per_s = rate;
    if (isfinite(rate))
        sg->kind = rate > iso    ? LQ_THERMAL_HEATING
                   : rate < -iso ? LQ_THERMAL_COOLING
                                 : LQ_THERMAL_ISOTHERMAL;
    else
        sg->kind = n >= 2 && T[n - 1] - T[0] > 0.5    ? LQ_THERMAL_HEATING
                   : n >= 2 && T[n - 1] - T[0] < -0.5 ? LQ_THERMAL_COOLING
                                                      : LQ_THERMAL_ISOTHERMAL;
}

/* Direction class of each row from dT/dt over a window of +-h rows. */
static void directions(const lq_thermal_trace *tr, size_t h, double iso, signed char *c) {
    size_t n = tr->n;
    for (size_t i = 0; i < n; i++) {
        size_t a = i >= h ? i - h : 0, b = i + h < n ? i + h : n - 1;
        double dT = tr->T_K[b] - tr->T_K[a];
        double dt = tr->has_time ? tr->t_s[b] - tr->t_s[a] : (double)(b - a);
        double thr = tr->has_time ? iso : 1e-3; /* K per row without time */
        double r = dt > 0 ? dT / dt : 0.0;
        c[i] = (signed char)(r > thr ? 1 : r < -thr ? -1 : 0);
    }
}

/* Segments from the data: runs of one direction, runs shorter than min merged into the run
 * before (or after, for the first), until none is short. */
static lq_status detect_segments(lq_thermal_trace *tr, const lq_thermal_read_options *opt) {
    size_t n = tr->n, minp = opt->min_segment_points ? opt->min_segment_points : 1;
    signed char *c = lqi_malloc(n);
    if (!c) return LQ_ENOMEM;
    directions(tr, minp / 2 + 1, opt->isothermal_K_per_s, c);
    for (int changed = 1, guard = 0; changed && guard < 50; guard++) {
        changed = 0;
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && c[j] == c[i]) j++;
            if (j - i < minp && !(i == 0 && j == n)) {
                signed char to = i > 0 ? c[i - 1] : c[j];
                for (size_t k = i; k < j; k++) c[k] = to;
                changed = 1;
            }
            i = j;
        }
    }
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || c[i] != c[i - 1]) ns++;
    tr->segments = lqi_calloc(ns ? ns : 1, sizeof *tr->segments);
    if (!tr->segments) {
        lqi_free(c);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && c[j] == c[i]) j++;
        lq_thermal_segment *sg = &tr->segments[tr->n_segments++];
        sg->start = i;
        sg->n = j - i;
        sg->from_file = 0;
        i = j;
    }
    lqi_free(c);
    return LQ_OK;
}

/* Segments stated by the file (segment column or markers): consecutive rows with one number. A
 * number that skips one (1 then 3) is an empty segment. */
static lq_status file_segments(lq_thermal_trace *tr, const lqi_th_table *t, const long *segno,
                               long segcol, lq_diag *diag) {
    size_t ns = 0;
    for (size_t i = 0; i < tr->n; i++)
        if (i == 0 || segno[i] != segno[i - 1]) ns++;
    tr->segments = lqi_calloc(ns, sizeof *tr->segments);
    if (!tr->segments) return LQ_ENOMEM;
    for (size_t i = 0; i < tr->n;) {
        size_t j = i;
        while (j < tr->n && segno[j] == segno[i]) j++;
        if (i > 0 && segcol >= 0 && segno[i] != segno[i - 1] + 1) {
            lq_status st = lqi_diag_set(diag, LQ_EPARSE, t->file, tr->line[i], t->col[segcol].label,
                                        "segment %ld follows segment %ld: segment %ld is empty",
                                        segno[i], segno[i - 1], segno[i - 1] + 1);
            if (diag) diag->column = segcol + 1;
            return st;
        }
        lq_thermal_segment *sg = &tr->segments[tr->n_segments++];
        sg->start = i;
        sg->n = j - i;
        sg->from_file = 1;
        i = j;
    }
    return LQ_OK;
}

/* Temperature monotonic within each heating/cooling segment, up to backstep_K of noise. */
static lq_status check_monotonic(const lq_thermal_trace *tr, const lqi_th_table *t, long Tcol,
                                 double backstep, lq_diag *diag) {
    for (size_t s = 0; s < tr->n_segments; s++) {
        const lq_thermal_segment *sg = &tr->segments[s];
        if (sg->kind == LQ_THERMAL_ISOTHERMAL) continue;
        double dir = sg->kind == LQ_THERMAL_HEATING ? 1.0 : -1.0;
        double ext = tr->T_K[sg->start];
        for (size_t i = sg->start; i < sg->start + sg->n; i++) {
            double T = tr->T_K[i];
            if (dir * (T - ext) > 0) ext = T;
            if (dir * (ext - T) > backstep) {
                lq_status st = lqi_diag_set(
                    diag, LQ_EPARSE, t->file, tr->line[i], t->col[Tcol].label,
                    "temperature not monotonic within %s segment %zu: %.6g K after %.6g K",
                    lq_thermal_segment_kind_name(sg->kind), s + 1, T, ext);
                if (diag) diag->column = Tcol + 1;
                return st;
            }
        }
    }
    return LQ_OK;
}

static lq_status copy_warnings(lq_thermal_trace *tr, lqi_th_table *t) {
    tr->warnings = t->warn;
    tr->n_warnings = t->nwarn;
    t->warn = NULL;
    t->nwarn = 0;
    return LQ_OK;
}

/* Fills n, T, hf, t and line from the chosen columns (rows without T or heat flow dropped). */
static lq_status fill(lq_thermal_trace *tr, lqi_th_table *t, long cT, long ct, long ch, long cs,
                      const double sc[3], const double off[3], long **segno) {
    size_t n = t->nrow;
    tr->T_K = lqi_malloc_array(n ? n : 1, sizeof(double));
    tr->hf = lqi_malloc_array(n ? n : 1, sizeof(double));
    tr->t_s = lqi_malloc_array(n ? n : 1, sizeof(double));
    tr->line = lqi_malloc_array(n ? n : 1, sizeof(long));
    *segno = lqi_malloc_array(n ? n : 1, sizeof(long));
    if (!tr->T_K || !tr->hf || !tr->t_s || !tr->line || !*segno) return LQ_ENOMEM;
    size_t k = 0, dropped = 0;
    for (size_t i = 0; i < n; i++) {
        const double *row = t->v + i * t->ncol;
        double T = row[cT] * sc[1] + off[1], h = row[ch] * sc[2];
        if (!isfinite(T) || !isfinite(h) || T <= 0) {
            dropped++;
            continue;
        }
        tr->T_K[k] = T;
        tr->hf[k] = h;
        tr->t_s[k] = ct >= 0 ? row[ct] * sc[0] : (double)NAN;
        tr->line[k] = t->line[i];
        double sv = cs >= 0 ? row[cs] : (double)t->seg[i];
        (*segno)[k] = isfinite(sv) && fabs(sv) < 1e9 ? (long)sv : -1;
        k++;
    }
    tr->n = k;
    if (dropped &&
        lqi_th_warn(t, "%zu rows without a temperature or heat flow left out", dropped) != LQ_OK)
        return LQ_ENOMEM;
    return LQ_OK;
}

/* Time from the temperature and the stated rate when the file has no time column. */
static void time_from_rate(lq_thermal_trace *tr) {
    double acc = 0.0;
    for (size_t i = 0; i < tr->n; i++) {
        if (i > 0) acc += fabs(tr->T_K[i] - tr->T_K[i - 1]) / fabs(tr->rate_K_per_s);
        tr->t_s[i] = acc;
    }
}

static lq_status units(lqi_th_table *t, const lq_thermal_read_options *opt, long ct, long cT,
                       long ch, double sc[3], double off[3], int *hf_kind) {
    const char *u[3] = {ct >= 0 ? t->col[ct].unit : "", t->col[cT].unit, t->col[ch].unit};
    const char *ou[3] = {opt->time_unit, opt->T_unit, opt->hf_unit};
    const int role[3] = {LQI_TH_TIME, LQI_TH_TEMP, LQI_TH_HF};
    const char *what[3] = {"time", "temperature", "heat flow"};
    const char *assumed[3] = {"s", "°C", "mW"};
    for (int k = 0; k < 3; k++) {
        const char *unit = ou[k] ? ou[k] : u[k];
        int kind = LQ_THERMAL_SIGNAL_W;
        int known = lqi_th_unit(role[k], unit, &sc[k], &off[k], &kind);
        if (k == 2) *hf_kind = kind;
        if (!known && (k != 0 || ct >= 0) &&
            lqi_th_warn(t, "%s unit '%s' not recognised: %s assumed", what[k], unit, assumed[k]) !=
                LQ_OK)
            return LQ_ENOMEM;
        if (!known && k == 0) sc[0] = 1.0;
    }
    return LQ_OK;
}

lq_status lqi_th_finish(lqi_th_table *t, lq_thermal_format format,
                        const lq_thermal_read_options *opt, lq_thermal_trace **out, lq_diag *diag) {
    long cT, ct, ch, cs = -1;
    lq_status st = pick(t, opt->T_column, LQI_TH_TEMP, "temperature", &cT, diag);
    if (st == LQ_OK) st = pick(t, opt->hf_column, LQI_TH_HF, "heat flow", &ch, diag);
    if (st == LQ_OK) st = pick(t, opt->time_column, LQI_TH_TIME, "time", &ct, diag);
    if (st != LQ_OK) return st;
    if (ch < 0)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, t->header_line, "heat flow",
                            "no heat-flow column among the %zu columns", t->ncol);
    if (cT < 0)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, t->header_line, "temperature",
                            "no temperature column among the %zu columns", t->ncol);
    cs = guessed_column(t, LQI_TH_SEGMENT);
    double sc[3] = {1, 1, 1}, off[3] = {0, 0, 0};
    int hf_kind = LQ_THERMAL_SIGNAL_W;
    if ((st = units(t, opt, ct, cT, ch, sc, off, &hf_kind)) != LQ_OK) return st;
    lq_thermal_trace *tr = lqi_calloc(1, sizeof *tr);
    if (!tr) return LQ_ENOMEM;
    long *segno = NULL;
    tr->format = format;
    snprintf(tr->file, sizeof tr->file, "%s", t->file ? t->file : "");
    snprintf(tr->instrument, sizeof tr->instrument, "%s", t->instrument);
    snprintf(tr->sample, sizeof tr->sample, "%s", t->sample);
    snprintf(tr->hf_label, sizeof tr->hf_label, "%.40s%s%.20s", t->col[ch].label,
             t->col[ch].unit[0] ? "/" : "", t->col[ch].unit);
    tr->hf_unit = (lq_thermal_signal_unit)hf_kind;
    tr->has_time = ct >= 0;
    tr->exo_sign = opt->exo_sign ? (opt->exo_sign > 0 ? 1 : -1) : t->exo_sign;
    tr->mass_kg = opt->mass_kg > 0 && isfinite(opt->mass_kg) ? opt->mass_kg : t->mass_kg;
    tr->rate_K_per_s = t->rate_K_per_s;
    st = fill(tr, t, cT, ct, ch, cs, sc, off, &segno);
    if (st == LQ_OK && tr->n < 2)
        st = lqi_diag_set(diag, LQ_EPARSE, t->file, t->header_line, t->col[cT].label,
                          "fewer than two data rows");
    if (st == LQ_OK && !tr->has_time) {
        if (isfinite(tr->rate_K_per_s) && tr->rate_K_per_s != 0.0)
            time_from_rate(tr);
        else
            st = lqi_th_warn(t, "no time column and no heating rate: areas cannot be computed");
    }
    if (st == LQ_OK) {
        int stated = cs >= 0;
        for (size_t i = 0; !stated && i < tr->n; i++) stated = segno[i] >= 0;
        st = stated ? file_segments(tr, t, segno, cs, diag) : detect_segments(tr, opt);
    }
    for (size_t s = 0; st == LQ_OK && s < tr->n_segments; s++)
        classify(tr, &tr->segments[s], opt->isothermal_K_per_s);
    if (st == LQ_OK) st = check_monotonic(tr, t, cT, opt->backstep_K, diag);
    if (st == LQ_OK && tr->exo_sign == 0)
        st = lqi_th_warn(t,
                         "the file does not state the heat-flow sign convention (exo up or "
                         "down); peaks are reported by direction");
    if (st == LQ_OK) st = copy_warnings(tr, t);
    lqi_free(segno);
    if (st != LQ_OK) {
        lq_thermal_trace_free(tr);
        return st;
    }
    *out = tr;
    return LQ_OK;
}
