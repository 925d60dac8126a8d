/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Metrohm Autolab NOVA ASCII exports: one header line of NOVA column names, then rows. */
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"

#define NOVA_MAX_COLS 128

lq_status lqi_echem_read_autolab(const char *data, size_t size, const char *name,
                                 const lq_echem_read_options *opt, lq_echem_record **out,
                                 lq_diag *diag) {
    (void)opt;
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, size -= 3;
    lqi_lines l;
    lqi_lines_init(&l, data, size);
    const char *s, *e;
    if (!lqi_lines_next(&l, &s, &e))
        return lqi_diag_set(diag, LQ_EPARSE, name, 1, "", "expected the NOVA column names");
    char delim = memchr(s, ';', (size_t)(e - s))    ? ';'
                 : memchr(s, '\t', (size_t)(e - s)) ? '\t'
                                                    : ',';
    char *labels[NOVA_MAX_COLS];
    long nl = lqi_split_header(s, e, delim, labels, NOVA_MAX_COLS);
    if (nl < 0) return LQ_ENOMEM;
    int dc = delim != ',' && lqi_csv_probe_decimal_comma(&l);
    lqi_table t;
    lqi_table_init(&t, name);
    lq_status st = LQ_OK;
    long map[NOVA_MAX_COLS];
    int has_scan = 0, has_freq = 0, has_corr_time = 0, has_pot = 0;
    for (long k = 0; k < nl && st == LQ_OK; k++) {
        if ((map[k] = lqi_table_column(&t, labels[k], NULL)) < 0)
            st = lqi_table_column_error(&t, map[k], diag);
        const char *a = labels[k], *b = a + strlen(a);
        has_scan |= lqi_strcasecmp(a, "Scan") == 0;
        has_freq |= lqi_echem_find(a, b, "Frequency") != NULL;
        has_corr_time |= lqi_echem_find(a, b, "Corrected time") != NULL;
        has_pot |= lqi_echem_find(a, b, "Potential") != NULL;
    }
    for (long k = 0; k < nl; k++) lqi_free(labels[k]);
    if (has_freq) t.tech = LQ_ECHEM_TECH_EIS;
    if (st == LQ_OK) st = lqi_table_read_rows(&t, &l, delim, dc, map, (size_t)nl, NULL, diag);
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    /* NOVA exports carry no technique name: it follows from the columns the procedure wrote. */
    r->technique = has_freq                          ? LQ_ECHEM_TECH_EIS
                   : has_scan && has_pot             ? LQ_ECHEM_TECH_CV
                   : has_corr_time && r->has_current ? LQ_ECHEM_TECH_CA
                                                     : LQ_ECHEM_TECH_UNKNOWN;
    snprintf(r->technique_label, sizeof r->technique_label, "%s (from the NOVA columns)",
             lq_echem_technique_name(r->technique));
    for (size_t i = 0; i < r->nsegments; i++) r->segments[i].technique = r->technique;
    r->decimal_comma = dc;
    snprintf(r->instrument, sizeof r->instrument, "Metrohm Autolab");
    snprintf(r->software, sizeof r->software, "NOVA (ASCII export)");
    *out = r;
    return LQ_OK;
}
