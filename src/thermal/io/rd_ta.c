/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TA Instruments text exports: Universal Analysis ("Sig1 Time (min)" ... "StartOfData", rows;
 * a row with time -1 and zero signal closes a segment) and TRIOS ("[step]" sections, each a
 * segment: a description line, column names, a unit row, rows). */
#include <math.h>
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    const char *e = text + (n < 20000 ? n : 20000);
    if (lqi_th_find(text, e, "StartOfData") && lqi_th_find(text, e, "Sig1")) return 95;
    if (lqi_th_find(text, e, "[step]")) return 85;
    return 0;
}

/* Universal Analysis marks the end of a method segment with "-1.000000 <T> 0.0000000". */
static int ua_marker(const double *v, size_t n) {
    return n >= 2 && v[0] == -1.0 && v[n - 1] == 0.0;
}

static void ua_meta(lqi_th_table *t, const char *s, const char *e, const char **sig, size_t *nsig) {
    const char *tab = memchr(s, '\t', (size_t)(e - s));
    const char *v = tab ? tab + 1 : e;
    double m;
    if (lqi_th_starts(s, e, "Size\t") && lqi_th_mass(v, e, &m) == 0) t->mass_kg = m;
    if (lqi_th_starts(s, e, "Exotherm\t"))
        t->exo_sign = lqi_th_find(v, e, "up") ? 1 : lqi_th_find(v, e, "down") ? -1 : 0;
    if (lqi_th_starts(s, e, "Instrument\t"))
        lqi_th_copy_text(t->instrument, sizeof t->instrument, v, e);
    if (lqi_th_starts(s, e, "Sample\t")) lqi_th_copy_text(t->sample, sizeof t->sample, v, e);
    if (lqi_th_starts(s, e, "Sig") && tab) {
        double k;
        if (lqi_csv_num(s + 3, tab, 0, &k) == 0 && k >= 1 && k <= LQI_TH_MAXCOL) {
            size_t i = (size_t)k - 1;
            sig[2 * i] = v;
            sig[2 * i + 1] = e;
            if (i + 1 > *nsig) *nsig = i + 1;
        }
    }
}

static lq_status read_ua(const char *text, size_t n, lqi_th_table *t, lq_diag *diag) {
    lqi_lines l;
    lqi_lines_init(&l, text, n);
    const char *s, *e, *sig[2 * LQI_TH_MAXCOL] = {0};
    size_t nsig = 0;
    for (;;) {
        if (!lqi_lines_next(&l, &s, &e))
            return lqi_diag_set(diag, LQ_EPARSE, t->file, l.lineno, "StartOfData",
                                "no 'StartOfData' line");
        if (lqi_th_starts(s, e, "StartOfData")) break;
        ua_meta(t, s, e, sig, &nsig);
    }
    t->header_line = l.lineno;
    const char *fs[LQI_TH_MAXCOL], *fe[LQI_TH_MAXCOL];
    for (size_t k = 0; k < nsig; k++) {
        if (!sig[2 * k])
            return lqi_diag_set(diag, LQ_EPARSE, t->file, t->header_line, "Sig",
                                "signal %zu is not named", k + 1);
        fs[k] = sig[2 * k];
        fe[k] = sig[2 * k + 1];
    }
    lq_status st = lqi_th_set_columns(t, fs, fe, nsig, diag);
    if (st != LQ_OK) return st;
    int dc = lqi_th_decimal_comma(&l, " ");
    return lqi_th_read_rows(t, &l, " ", dc, NULL, 0, ua_marker, diag);
}

static int step_line(const char *s, const char *e) { return lqi_th_starts(s, e, "[step]"); }

static lq_status read_trios(const char *text, size_t n, lqi_th_table *t, lq_diag *diag) {
    lqi_lines l;
    lqi_lines_init(&l, text, n);
    const char *s, *e;
    long step = 0;
    while (lqi_lines_next(&l, &s, &e)) {
        if (!step_line(s, e)) {
            const char *tab = memchr(s, '\t', (size_t)(e - s));
            double m;
            if (step == 0 && tab && (lqi_th_find(s, tab, "mass") || lqi_th_find(s, tab, "size")) &&
                lqi_th_mass(tab, e, &m) == 0)
                t->mass_kg = m;
            if (step == 0 && tab && lqi_th_starts(s, e, "Instrument"))
                lqi_th_copy_text(t->instrument, sizeof t->instrument, tab + 1, e);
            continue;
        }
        step++;
        if (!lqi_lines_next(&l, &s, &e)) break; /* the step's description */
        double r;
        const char *k = lqi_th_find(s, e, "/min");
        if (k && lqi_th_number_after(s, k, 0, &r) == 0 && isfinite(r) && step == 1)
            t->rate_K_per_s = r / 60.0;
        if (!lqi_lines_next(&l, &s, &e)) break; /* column names */
        const char *fs[LQI_TH_MAXCOL], *fe[LQI_TH_MAXCOL];
        size_t nf = lqi_csv_split(s, e, "\t", 1, fs, fe, LQI_TH_MAXCOL);
        if (step == 1) {
            t->header_line = l.lineno;
            lq_status st = lqi_th_set_columns(t, fs, fe, nf, diag);
            if (st != LQ_OK) return st;
        }
        lqi_lines save = l;
        double v;
        if (lqi_lines_next(&l, &s, &e)) {
            nf = lqi_csv_split(s, e, "\t", 1, fs, fe, LQI_TH_MAXCOL);
            if (nf > 0 && lqi_csv_num(fs[0], fe[0], 1, &v) != 0 && !step_line(s, e)) {
                if (step == 1) lqi_th_set_unit_row(t, fs, fe, nf);
            } else {
                l = save;
            }
        }
        size_t before = t->nrow;
        int dc = lqi_th_decimal_comma(&l, "\t");
        lq_status st = lqi_th_read_rows(t, &l, "\t", dc, step_line, 0, NULL, diag);
        if (st != LQ_OK) return st;
        for (size_t i = before; i < t->nrow; i++) t->seg[i] = step;
    }
    if (step == 0)
        return lqi_diag_set(diag, LQ_EPARSE, t->file, l.lineno, "[step]", "no '[step]' section");
    return LQ_OK;
}

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    (void)opt;
    const char *e = text + (n < 20000 ? n : 20000);
    if (lqi_th_find(text, e, "StartOfData")) return read_ua(text, n, t, diag);
    return read_trios(text, n, t, diag);
}

const lqi_thermal_reader lqi_thermal_rd_ta = {LQ_THERMAL_FORMAT_TA, "ta", probe, read};
