/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setaram exports: Calisto ("HeatFlow :", "Initial Mass : 34.04 mg", then "Index;Time (s);
 * Furnace Temperature (°C);Sample Temperature (°C);TG (mg);HeatFlow (mW)", often UTF-16) and the
 * SetSoft/µDSC text (sample name, "Furnace temperature<TAB>Time<TAB>HeatFlow", unit row
 * "/°C<TAB>/s<TAB>/mW"). */
#include <stdio.h>
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    const char *e = text + (n < 20000 ? n : 20000);
    if (lqi_th_find(text, e, "Initial Mass") && lqi_th_find(text, e, "HeatFlow")) return 90;
    if (lqi_th_find(text, e, "Furnace temperature") && lqi_th_find(text, e, "HeatFlow")) return 85;
    return 0;
}

static void meta(lqi_th_table *t, const char *s, const char *e) {
    double m;
    if (lqi_th_find(s, e, "Initial Mass") && !(t->mass_kg > 0) && lqi_th_mass(s, e, &m) == 0)
        t->mass_kg = m;
    /* the first line names the sample (Calisto: "name - method - mass") */
    if (!t->sample[0] && !memchr(s, ':', (size_t)(e - s)))
        lqi_th_copy_text(t->sample, sizeof t->sample, s, e);
}

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    (void)opt;
    snprintf(t->instrument, sizeof t->instrument, "Setaram");
    return lqi_th_read_labelled(text, n, t, meta, NULL, NULL, 1, diag);
}

const lqi_thermal_reader lqi_thermal_rd_setaram = {LQ_THERMAL_FORMAT_SETARAM, "setaram", probe,
                                                   read};
