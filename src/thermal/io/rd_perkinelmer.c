/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PerkinElmer Pyris text export: header lines ("Filename:", "Sample Weight: 5.000 mg"), then
 * tab-separated columns such as "Time (min)", "Heat Flow Endo Up (mW)", "Sample Temperature
 * (°C)". The heat-flow name states the sign convention (Endo Up: exothermic negative); Pyris
 * plots endothermic up by default, assumed when the name does not say. */
#include <stdio.h>
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    const char *e = text + (n < 20000 ? n : 20000);
    if (lqi_th_find(text, e, "Endo Up") || lqi_th_find(text, e, "Endo Down")) return 90;
    if (lqi_th_find(text, e, "Pyris")) return 80;
    return 0;
}

static void meta(lqi_th_table *t, const char *s, const char *e) {
    double m;
    if ((lqi_th_starts(s, e, "Sample Weight") || lqi_th_starts(s, e, "Sample Mass")) &&
        lqi_th_mass(s, e, &m) == 0)
        t->mass_kg = m;
    if (lqi_th_starts(s, e, "Sample ID:") || lqi_th_starts(s, e, "Sample Name:")) {
        const char *c = memchr(s, ':', (size_t)(e - s));
        lqi_th_copy_text(t->sample, sizeof t->sample, c + 1, e);
    }
}

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    (void)opt;
    snprintf(t->instrument, sizeof t->instrument, "PerkinElmer (Pyris)");
    lq_status st = lqi_th_read_labelled(text, n, t, meta, NULL, NULL, 1, diag);
    if (st != LQ_OK) return st;
    t->exo_sign = -1;
    int stated = 0;
    for (size_t k = 0; k < t->ncol; k++) {
        const char *l = t->col[k].label;
        const char *le = l + strlen(l);
        if (lqi_th_find(l, le, "endo down")) t->exo_sign = 1;
        stated |= lqi_th_find(l, le, "endo up") || lqi_th_find(l, le, "endo down");
    }
    if (!stated)
        return lqi_th_warn(t,
                           "heat-flow name does not say Endo Up/Down: Pyris default endo up "
                           "(exothermic negative) assumed");
    return LQ_OK;
}

const lqi_thermal_reader lqi_thermal_rd_perkinelmer = {LQ_THERMAL_FORMAT_PERKINELMER, "perkinelmer",
                                                       probe, read};
