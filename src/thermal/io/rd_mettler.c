/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mettler-Toledo STARe text export of a curve: header blocks ("Curve Name:", "Sample:" with the
 * mass in mg, "Method:"), "Curve Values:", the names "Index t Ts Tr Value", a unit row
 * "[s] [°C] [°C] [mW]" without a unit for Index, blank-separated rows, then "Results:". */
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    const char *e = text + (n < 20000 ? n : 20000);
    const char *p = lqi_th_find(text, e, "Index");
    int names = p && lqi_th_find(p, e, " Ts") && lqi_th_find(p, e, "Value");
    if (names && lqi_th_find(text, e, "Curve Values")) return 95;
    if (names) return 80;
    if (lqi_th_find(text, e, "STARe")) return 60;
    return 0;
}

static void meta(lqi_th_table *t, const char *s, const char *e) {
    double m;
    /* the sample line: "  Indium, 10.0400 mg" (below "Sample:"), or "Sample: name, 10.04 mg" */
    if (lqi_th_find(s, e, " mg") && !t->sample[0] && lqi_th_mass(s, e, &m) == 0) {
        t->mass_kg = m;
        const char *c = memchr(s, ',', (size_t)(e - s));
        const char *a = s;
        if (lqi_th_starts(s, e, "Sample:")) a = (const char *)memchr(s, ':', (size_t)(e - s)) + 1;
        if (c && c > a) lqi_th_copy_text(t->sample, sizeof t->sample, a, c);
    }
    if (lqi_th_starts(s, e, "Instrument") || lqi_th_find(s, e, "STARe"))
        lqi_th_copy_text(t->instrument, sizeof t->instrument, s, e);
}

static size_t is_header(const char *s, const char *e) {
    return lqi_th_starts(s, e, "Index") ? lqi_th_is_header(s, e, " ") : 0;
}

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    (void)opt;
    return lqi_th_read_labelled(text, n, t, meta, is_header, NULL, 1, diag);
}

const lqi_thermal_reader lqi_thermal_rd_mettler = {LQ_THERMAL_FORMAT_METTLER, "mettler", probe,
                                                   read};
