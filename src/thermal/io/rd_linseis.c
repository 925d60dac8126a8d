/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linseis TA-Evaluation text export: a header block naming the instrument ("Linseis ...") and
 * the sample ("Sample weight [mg]: 20.1"), then columns such as "Time [min]", "Temp. [°C]",
 * "DSC [uV]" or "HeatFlow [mW]", separated by tabs or semicolons, possibly with decimal commas. */
#include <string.h>

#include "thermal/thermal_internal.h"

static int probe(const char *text, size_t n) {
    const char *e = text + (n < 20000 ? n : 20000);
    return lqi_th_find(text, e, "Linseis") ? 85 : 0;
}

static void meta(lqi_th_table *t, const char *s, const char *e) {
    double m;
    const char *c = memchr(s, ':', (size_t)(e - s));
    if (!c) return;
    if ((lqi_th_find(s, c, "weight") || lqi_th_find(s, c, "mass")) &&
        lqi_th_number_after(c, e, 1, &m) == 0 && m > 0) {
        /* the unit is in the key ("Sample weight [mg]") or after the value */
        double kg;
        t->mass_kg = lqi_th_mass(s, e, &kg) == 0 ? kg : m * 1e-6;
    }
    if (lqi_th_find(s, c, "Linseis") || lqi_th_starts(s, e, "Instrument"))
        lqi_th_copy_text(t->instrument, sizeof t->instrument, c + 1, e);
    if (lqi_th_starts(s, e, "Sample name") || lqi_th_starts(s, e, "Sample:"))
        lqi_th_copy_text(t->sample, sizeof t->sample, c + 1, e);
}

static lq_status read(const char *text, size_t n, lqi_th_table *t,
                      const lq_thermal_read_options *opt, lq_diag *diag) {
    (void)opt;
    lq_status st = lqi_th_read_labelled(text, n, t, meta, NULL, NULL, 1, diag);
    if (st == LQ_OK && !t->instrument[0]) memcpy(t->instrument, "Linseis", 8);
    return st;
}

const lqi_thermal_reader lqi_thermal_rd_linseis = {LQ_THERMAL_FORMAT_LINSEIS, "linseis", probe,
                                                   read};
