/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CH Instruments "convert to text" exports: date, technique, header lines, then a line of
 * "Name/unit, Name/unit" column names followed by comma-separated rows. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"

#define CHI_MAX_COLS 32

/* A column-name line: commas, a '/' in the first field, and no number as first field. */
static int names_line(const char *s, const char *e) {
    const char *c = memchr(s, ',', (size_t)(e - s));
    if (!c) return 0;
    double v;
    if (lqi_csv_num(s, c, 0, &v) == 0) return 0;
    return memchr(s, '/', (size_t)(c - s)) != NULL;
}

lq_status lqi_echem_read_chi(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag) {
    (void)opt;
    lqi_lines l;
    lqi_lines_init(&l, data, size);
    const char *s, *e;
    char tech[LQ_ECHEM_META_SIZE] = "", model[64] = "";
    double rate = -1.0;
    int found = 0;
    while (lqi_lines_next(&l, &s, &e)) {
        if (l.lineno == 2) lqi_echem_copy_text(tech, sizeof tech, s, e);
        const char *p;
        if ((p = lqi_echem_find(s, e, "Instrument Model:")) != NULL)
            lqi_echem_copy_text(model, sizeof model, p + 17, e);
        if (lqi_echem_starts(s, e, "Scan Rate (V/s)")) {
            const char *q = memchr(s, '=', (size_t)(e - s));
            double v;
            if (q && lqi_csv_num(q + 1, e, 0, &v) == 0) rate = v;
        }
        if (names_line(s, e)) {
            found = 1;
            break;
        }
    }
    if (!found)
        return lqi_diag_set(diag, LQ_EPARSE, name, l.lineno, "",
                            "expected a line of column names such as 'Potential/V, Current/A'");
    long names_at = l.lineno;
    char *labels[CHI_MAX_COLS];
    long nl = lqi_split_header(s, e, ',', labels, CHI_MAX_COLS);
    if (nl < 0) return LQ_ENOMEM;
    lqi_table t;
    lqi_table_init(&t, name);
    t.tech = lqi_echem_technique_from_name(tech);
    lq_status st = LQ_OK;
    long map[CHI_MAX_COLS];
    for (long k = 0; k < nl && st == LQ_OK; k++)
        if ((map[k] = lqi_table_column(&t, labels[k], NULL)) < 0)
            st = lqi_table_column_error(&t, map[k], diag);
    for (long k = 0; k < nl; k++) lqi_free(labels[k]);
    if (st == LQ_OK) st = lqi_table_read_rows(&t, &l, ',', 0, map, (size_t)nl, NULL, diag);
    lq_echem_record *r = NULL;
    if (st == LQ_OK && t.nrow == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, name, names_at, "",
                          "no data rows after the column names");
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    /* CHI files do not state their current sign convention (the software can plot either). */
    if (r->has_current &&
        lq_echem_record_warn(r,
                             "CH Instruments files do not state the current sign convention; "
                             "current kept as written (check the 'polarity' setting used)") !=
            LQ_OK) {
        lq_echem_record_free(r);
        return LQ_ENOMEM;
    }
    r->technique = lqi_echem_technique_from_name(tech);
    for (size_t i = 0; i < r->nsegments; i++) r->segments[i].technique = r->technique;
    snprintf(r->technique_label, sizeof r->technique_label, "%s", tech);
    snprintf(r->instrument, sizeof r->instrument, "CH Instruments %s", model[0] ? model : "");
    snprintf(r->software, sizeof r->software, "CHI (text export)");
    if (rate > 0) r->scan_rate_V_per_s = rate;
    *out = r;
    return LQ_OK;
}
