/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Gamry Framework .DTA files: tab-separated header of KEY TYPE VALUE lines and CURVE tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"
#include "liquidus/units.h"

#define DTA_MAX_COLS 64

/* Fields of a header line: KEY \t TYPE \t VALUE \t ... (at most n). */
static size_t tab_fields(const char *s, const char *e, const char **fs, const char **fe, size_t n) {
    size_t k = 0;
    const char *p = s;
    while (k < n) {
        const char *q = memchr(p, '\t', (size_t)(e - p));
        if (!q) q = e;
        fs[k] = p;
        fe[k++] = q;
        if (q == e) break;
        p = q + 1;
    }
    return k;
}

static int field_is(const char *s, const char *e, const char *word) {
    size_t n = strlen(word);
    return (size_t)(e - s) == n && memcmp(s, word, n) == 0;
}

/* A table row starts with a tab (or, in hand-edited files, blanks and a number); anything else
 * ends the table. */
static int not_table_row(const char *s, const char *e) {
    if (s == e) return 1;
    if (*s == '\t') return 0;
    while (s < e && *s == ' ') s++;
    return s == e || !((*s >= '0' && *s <= '9') || *s == '-' || *s == '.');
}

lq_status lqi_echem_read_gamry(const char *data, size_t size, const char *name,
                               const lq_echem_read_options *opt, lq_echem_record **out,
                               lq_diag *diag) {
    (void)opt;
    lqi_lines l;
    lqi_lines_init(&l, data, size);
    const char *s, *e;
    if (!lqi_lines_next(&l, &s, &e))
        return lqi_diag_set(diag, LQ_EPARSE, name, 1, "", "expected 'EXPLAIN' (Gamry .DTA)");
    if (!lqi_echem_starts(s, e, "EXPLAIN")) {
        /* VFP600 files: the instrument's name, then the TAG line. */
        lqi_lines probe = l;
        const char *ps, *pe;
        if (!lqi_lines_next(&probe, &ps, &pe) || !lqi_echem_starts(ps, pe, "TAG\t"))
            return lqi_diag_set(diag, LQ_EPARSE, name, 1, "",
                                "expected 'EXPLAIN' or a 'TAG' line second (Gamry .DTA)");
    }
    char tag[LQ_ECHEM_META_SIZE] = "", pstat[96] = "";
    char fw[96] = "";
    const char *rate_s = NULL, *rate_e = NULL, *rate_lab = NULL, *rate_labe = NULL;
    const char *area_s = NULL, *area_e = NULL, *freq_s = NULL, *freq_e = NULL;
    int convention = -1, aborted = 0, dc = -1;
    lqi_table t;
    lqi_table_init(&t, name);
    lq_status st = LQ_OK;
    lq_echem_technique tq = LQ_ECHEM_TECH_UNKNOWN;
    long ntables = 0;
    while (st == LQ_OK && lqi_lines_next(&l, &s, &e)) {
        const char *fs[6] = {0}, *fe[6] = {0};
        size_t nf = tab_fields(s, e, fs, fe, 6);
        if (nf < 2 || fs[0] == fe[0]) continue;
        if (nf >= 2 && field_is(fs[0], fe[0], "TAG")) {
            lqi_echem_copy_text(tag, sizeof tag, fs[1], fe[1]);
            tq = lqi_echem_technique_from_name(tag);
            continue;
        }
        if (field_is(fs[1], fe[1], "TABLE")) {
            /* KEY TABLE [count], then names, units and tab-led rows. Multi-cycle files have
             * CURVE1..CURVEn, impedance ZCURVE, and many tables state no count. */
            char key[32];
            lqi_echem_copy_text(key, sizeof key, fs[0], fe[0]);
            long declared = nf >= 3 && fs[2] < fe[2] ? strtol(fs[2], NULL, 10) : -1;
            long table_line = l.lineno;
            const char *ns, *ne, *us, *ue;
            if (!lqi_lines_next(&l, &ns, &ne) || not_table_row(ns, ne) ||
                !lqi_lines_next(&l, &us, &ue) || not_table_row(us, ue)) {
                st = lqi_diag_set(diag, LQ_EPARSE, name, l.lineno, key,
                                  "expected the column names and units of table %s (line %ld)", key,
                                  table_line);
                break;
            }
            char *names[DTA_MAX_COLS], *units[DTA_MAX_COLS];
            long nn = lqi_split_header(ns, ne, '\t', names, DTA_MAX_COLS);
            long nu = nn < 0 ? -1 : lqi_split_header(us, ue, '\t', units, DTA_MAX_COLS);
            if (nn < 0 || nu < 0) {
                if (nn > 0)
                    for (long k = 0; k < nn; k++) lqi_free(names[k]);
                st = LQ_ENOMEM;
                break;
            }
            /* Decimal comma: German-locale files write "0,06" in the first row. */
            if (dc < 0) dc = lqi_csv_probe_decimal_comma(&l);
            long map[DTA_MAX_COLS];
            for (long k = 0; k < nn && st == LQ_OK; k++) {
                map[k] = -1;
                if (names[k][0] == '\0') continue;
                map[k] = lqi_table_column(&t, names[k], k < nu ? units[k] : NULL);
                if (map[k] < 0) st = lqi_table_column_error(&t, map[k], diag);
            }
            for (long k = 0; k < nn; k++) lqi_free(names[k]);
            for (long k = 0; k < nu; k++) lqi_free(units[k]);
            if (st != LQ_OK) break;
            lq_echem_technique segt =
                lqi_echem_starts(key, key + strlen(key), "OCV") ? LQ_ECHEM_TECH_OCP : tq;
            st = lqi_table_begin_segment(&t, ntables++, segt, key);
            size_t before = t.nrow;
            if (st == LQ_OK)
                st = lqi_table_read_rows(&t, &l, '\t', dc, map, (size_t)nn, not_table_row, diag);
            lqi_table_end_segment(&t);
            if (st == LQ_OK && declared >= 0 && (size_t)declared != t.nrow - before)
                st = lqi_table_warn(&t, "table %s declares %ld points, the file holds %zu", key,
                                    declared, t.nrow - before);
            continue;
        }
        if (nf < 3) continue;
        if (field_is(fs[0], fe[0], "PSTAT"))
            lqi_echem_copy_text(pstat, sizeof pstat, fs[2], fe[2]);
        else if (field_is(fs[0], fe[0], "FRAMEWORKVERSION"))
            lqi_echem_copy_text(fw, sizeof fw, fs[2], fe[2]);
        else if (field_is(fs[0], fe[0], "SCANRATE")) {
            rate_s = fs[2], rate_e = fe[2];
            if (nf >= 4) rate_lab = fs[3], rate_labe = fe[3];
        } else if (field_is(fs[0], fe[0], "AREA"))
            area_s = fs[2], area_e = fe[2];
        else if (field_is(fs[0], fe[0], "FREQ"))
            freq_s = fs[2], freq_e = fe[2];
        else if (field_is(fs[0], fe[0], "CONVENTION"))
            convention = (int)strtol(fs[2], NULL, 10);
        else if (field_is(fs[0], fe[0], "EXPERIMENTABORTED"))
            aborted = fs[2] < fe[2] && *fs[2] == 'T';
    }
    if (st == LQ_OK && ntables == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, name, l.lineno, "CURVE",
                          "the file holds no data: its header ends without a table (a "
                          "'CURVE<TAB>TABLE' block)");
    if (st == LQ_OK && aborted)
        st = lqi_table_warn(&t, "the experiment was aborted (EXPERIMENTABORTED T)");
    /* Gamry's CONVENTION: 1 = anodic currents positive (IUPAC), 0 = cathodic positive; the latter
     * is negated here (docs/echem-formats.md). */
    int negate = convention == 0;
    t.tech = tq;
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, negate, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    /* Multi-cycle CV files hold cycle n in table CURVEn and have no cycle column: the table
     * number becomes the cycle number (as gamry-parser numbers its curves). */
    int cyc_col = 0;
    for (size_t i = 0; i < r->n && !cyc_col; i++) cyc_col = r->cycle[i] != 0;
    for (size_t g = 0; g < r->nsegments && !cyc_col; g++) {
        const lq_echem_segment *sg = &r->segments[g];
        const char *lab = sg->label;
        if (strncmp(lab, "CURVE", 5) != 0 || lab[5] < '0' || lab[5] > '9') continue;
        long c = strtol(lab + 5, NULL, 10);
        for (size_t i = sg->start; i < sg->start + sg->count && i < r->n; i++) r->cycle[i] = c;
    }
    if (dc < 0) dc = 0;
    double v;
    if (rate_s && lqi_csv_num(rate_s, rate_e, dc, &v) == 0) {
        /* The label carries the unit, "&Scan Rate (mV/s)". */
        int mv = rate_lab && lqi_echem_find(rate_lab, rate_labe, "(mV/s)");
        int vs = rate_lab && lqi_echem_find(rate_lab, rate_labe, "(V/s)");
        if (mv || vs) r->scan_rate_V_per_s = mv ? v * 1e-3 : v;
    }
    if (area_s && lqi_csv_num(area_s, area_e, dc, &v) == 0 && v > 0) r->area_m2 = v * LQ_CM2_M2;
    /* VFP600 tables have no time column; the header's "FREQ ... Acquisition Frequency (Hz)"
     * gives it: point i at i / FREQ (as gamry-parser's VFP600 reader does). */
    if (!r->has_time && freq_s && lqi_csv_num(freq_s, freq_e, dc, &v) == 0 && v > 0 &&
        isfinite(v)) {
        for (size_t i = 0; i < r->n; i++) r->time_s[i] = (double)i / v;
        r->has_time = 1;
    }
    r->technique = tq;
    r->decimal_comma = dc;
    r->current_sign_converted = negate && r->has_current;
    snprintf(r->technique_label, sizeof r->technique_label, "%s", tag);
    snprintf(r->instrument, sizeof r->instrument, "Gamry %s",
             pstat[0] ? pstat : "(potentiostat not stated)");
    snprintf(r->software, sizeof r->software, "Gamry Framework %s", fw);
    *out = r;
    return LQ_OK;
}
