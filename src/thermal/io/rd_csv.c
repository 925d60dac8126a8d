/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain delimited tables: '#' comment lines (which may state "mass_mg: 10.2", "exo: up",
 * "rate_K_per_min: 10"), one line of column names, an optional unit row, rows. Columns are
 * guessed from their names or named by the options. */
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    (void)text;
    (void)n;
    return 1; /* the fallback */
}

static void meta(lqi_th_table *t, const char *s, const char *e) {
    if (!lqi_th_starts(s, e, "#")) return;
    const char *c = memchr(s, ':', (size_t)(e - s));
    if (!c) return;
    double v;
    if (lqi_th_find(s, c, "mass") && lqi_th_mass(c, e, &v) == 0) t->mass_kg = v;
    if (lqi_th_find(s, c, "exo"))
        t->exo_sign = lqi_th_find(c, e, "up") ? 1 : lqi_th_find(c, e, "down") ? -1 : 0;
    if (lqi_th_find(s, c, "rate") && lqi_th_number_after(c, e, 0, &v) == 0)
        t->rate_K_per_s = lqi_th_find(s, c, "min") ? v / 60.0 : v;
}

/* With columns named by the options, the first line that is not a comment and does not start
 * with a number holds the names. */
static size_t any_names(const char *s, const char *e) {
    if (lqi_th_starts(s, e, "#")) return 0;
    const char *fs[2], *fe[2];
    size_t n = lqi_csv_split(s, e, lqi_th_delims(s, e), 1, fs, fe, 2);
    double v;
    return n >= 2 && lqi_csv_num(fs[0], fe[0], 0, &v) != 0 ? n : 0;
}

static size_t guessed_names(const char *s, const char *e) {
    if (lqi_th_starts(s, e, "#")) return 0;
    return lqi_th_is_header(s, e, lqi_th_delims(s, e));
}

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    int named = opt->T_column && opt->hf_column;
    return lqi_th_read_labelled(text, n, t, meta, named ? any_names : guessed_names, NULL, 0, diag);
}

const lqi_thermal_reader lqi_thermal_rd_csv = {LQ_THERMAL_FORMAT_CSV, "csv", probe, read};
