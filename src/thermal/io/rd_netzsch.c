/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NETZSCH Proteus ASCII export: '#KEY:value' metadata lines (#EXPORTTYPE, #INSTRUMENT,
 * #SAMPLE MASS /mg, #EXO, #RANGE, #SEGMENT, #DECIMAL, #SEPARATOR), then a '##' line of column
 * names ("##Temp./°C;Time/min;DSC/(mW/mg);Segment") and the rows. */
#include <math.h>
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    const char *e = text + (n < 20000 ? n : 20000);
    if (lqi_th_find(text, e, "#EXPORTTYPE") || lqi_th_find(text, e, "#INSTRUMENT:")) return 95;
    if (lqi_th_starts(text, e, "##") && lqi_th_find(text, e, "Temp")) return 90;
    if (lqi_th_find(text, e, "\n##") && lqi_th_find(text, e, "Temp.")) return 85;
    return 0;
}

/* The value after "#KEY:", without the delimiters NETZSCH pads it with. */
static void value(const char *c, const char *e, const char **vs, const char **ve) {
    const char *s = c + 1;
    while (s < e && (*s == ' ' || *s == '\t' || *s == ',' || *s == ';')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == ',' || e[-1] == ';')) e--;
    *vs = s;
    *ve = e;
}

static void meta(lqi_th_table *t, const char *s, const char *e) {
    if (!lqi_th_starts(s, e, "#") || lqi_th_starts(s, e, "##")) return;
    const char *c = memchr(s, ':', (size_t)(e - s)), *vs, *ve;
    if (!c) return;
    value(c, e, &vs, &ve);
    double v;
    if (lqi_th_starts(s, e, "#SAMPLE MASS") && lqi_th_mass(s, e, &v) == 0) {
        t->mass_kg = v;
    } else if (lqi_th_starts(s, e, "#EXO") && lqi_th_number_after(vs, ve, 0, &v) == 0) {
        /* #EXO: 1 exothermic effects point up, -1 down (Proteus export convention) */
        t->exo_sign = v > 0 ? 1 : v < 0 ? -1 : 0;
    } else if (lqi_th_starts(s, e, "#INSTRUMENT")) {
        lqi_th_copy_text(t->instrument, sizeof t->instrument, vs, ve);
    } else if (lqi_th_starts(s, e, "#IDENTITY") || lqi_th_starts(s, e, "#SAMPLE:")) {
        lqi_th_copy_text(t->sample, sizeof t->sample, vs, ve);
    } else if (lqi_th_starts(s, e, "#RANGE")) {
        /* "25°C/10.0(K/min)/1000°C": the rate stands before "(K/min)" */
        const char *k = lqi_th_find(vs, ve, "(K/min)");
        const char *a = k;
        while (a && a > vs && a[-1] != '/') a--;
        if (k && lqi_csv_num(a, k, 1, &v) == 0 && isfinite(v)) t->rate_K_per_s = v / 60.0;
    }
}

static size_t is_header(const char *s, const char *e) { return lqi_th_starts(s, e, "##") ? 1 : 0; }

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    (void)opt;
    lq_status st = lqi_th_read_labelled(text, n, t, meta, is_header, NULL, 0, diag);
    if (st != LQ_OK) return st;
    char *l = t->col[0].label;
    size_t k = strspn(l, "#");
    memmove(l, l + k, strlen(l + k) + 1);
    return LQ_OK;
}

const lqi_thermal_reader lqi_thermal_rd_netzsch = {LQ_THERMAL_FORMAT_NETZSCH, "netzsch", probe,
                                                   read};
