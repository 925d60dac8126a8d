/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain CSV/TSV potentiostat tables: a header of column names (units in the names), then rows. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"

#define CSV_MAX_COLS 256

/* Does the user's name match this column (whole label or its base name, case-insensitive)? */
static int name_matches(const char *label, const char *want) {
    if (lqi_strcasecmp(label, want) == 0) return 1;
    char base[96], unit[32];
    double sc;
    const char *si;
    lqi_echem_split_unit(label, base, sizeof base, unit, sizeof unit, &sc, &si);
    return lqi_strcasecmp(base, want) == 0;
}

lq_status lqi_echem_read_csv(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag) {
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, size -= 3;
    lqi_lines l;
    lqi_lines_init(&l, data, size);
    const char *s = NULL, *e = NULL;
    int found = 0;
    while (lqi_lines_next(&l, &s, &e)) {
        const char *b = s;
        while (b < e && (*b == ' ' || *b == '\t')) b++;
        if (b == e || *b == '#') continue;
        found = 1;
        break;
    }
    if (!found)
        return lqi_diag_set(diag, LQ_EPARSE, name, l.lineno, "",
                            "expected a header line with column names (e.g. time/s,E/V,I/A)");
    char delim = opt->delimiter ? opt->delimiter : lqi_csv_detect_delim(s, e);
    char *labels[CSV_MAX_COLS];
    long nl = lqi_split_header(s, e, delim, labels, CSV_MAX_COLS);
    if (nl < 0) return LQ_ENOMEM;
    long header_line = l.lineno;
    lq_status st = LQ_OK;
    double dummy;
    if (nl == 0 || lqi_csv_num(labels[0], labels[0] + strlen(labels[0]), 0, &dummy) == 0 ||
        lqi_csv_num(labels[0], labels[0] + strlen(labels[0]), 1, &dummy) == 0) {
        st = lqi_diag_set(diag, LQ_EPARSE, name, header_line, "",
                          "expected a header line with column names (e.g. time/s,E/V,I/A), "
                          "found numbers");
    }
    /* Decimal comma: as asked, else when the fields of the first data row hold commas. */
    int dc = opt->decimal_comma;
    if (dc < 0) {
        dc = delim != ',' && lqi_csv_probe_decimal_comma(&l);
    }
    lqi_table t;
    lqi_table_init(&t, name);
    long map[CSV_MAX_COLS];
    for (long k = 0; k < nl && st == LQ_OK; k++) {
        map[k] = lqi_table_column(&t, labels[k], NULL);
        if (map[k] < 0) st = lqi_table_column_error(&t, map[k], diag);
    }
    /* Columns chosen by name (--col-t, --col-E, ...), with units when the header has none. */
    const char *want[LQI_ROLE_COUNT_] = {
        NULL, opt->col_time, opt->col_potential, opt->col_current, opt->col_charge, opt->col_cycle};
    const char *unit[LQI_ROLE_COUNT_] = {
        NULL, opt->unit_time, opt->unit_potential, opt->unit_current, opt->unit_charge, NULL};
    for (int role = 1; role < LQI_ROLE_COUNT_ && st == LQ_OK; role++) {
        if (!want[role]) continue;
        long hit = -1;
        for (long k = 0; k < nl && hit < 0; k++)
            if (name_matches(labels[k], want[role])) hit = k;
        if (hit < 0) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, header_line, want[role],
                              "no column named '%s' in the header", want[role]);
            break;
        }
        t.col[map[hit]].role = role;
        if (unit[role]) {
            double sc;
            const char *si;
            if (!lqi_echem_unit(unit[role], &sc, &si)) {
                st = lqi_diag_set(diag, LQ_EINVAL, name, 0, unit[role],
                                  "unknown unit '%s' (known: V mV uV A mA uA nA s ms min h C mC "
                                  "mA.h)",
                                  unit[role]);
                break;
            }
            lqi_free(t.col[map[hit]].unit_row);
            t.col[map[hit]].unit_row = lqi_strdup(unit[role]);
            t.col[map[hit]].unit_forced = 1;
            if (!t.col[map[hit]].unit_row) st = LQ_ENOMEM;
        }
    }
    for (long k = 0; k < nl; k++) lqi_free(labels[k]);
    if (st == LQ_OK) st = lqi_table_read_rows(&t, &l, delim, dc, map, (size_t)nl, NULL, diag);
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, opt->negate_current, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    r->decimal_comma = dc;
    snprintf(r->instrument, sizeof r->instrument, "unknown (plain table)");
    *out = r;
    return LQ_OK;
}
