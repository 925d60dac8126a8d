/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a record holds: format names parsed back, and each column's first and last values. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"

lq_status lq_echem_format_parse(const char *name, lq_echem_format *out) {
    if (!name || !out) return LQ_EINVAL;
    for (int f = 1; f < LQ_ECHEM_FMT_COUNT_; f++)
        if (strcmp(name, lq_echem_format_name((lq_echem_format)f)) == 0) {
            *out = (lq_echem_format)f;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

/* First (last = 0) or last (last = 1) finite value, NaN when there is none. */
static double first_finite(const double *v, size_t n, int last) {
    for (size_t k = 0; v && k < n; k++) {
        size_t i = last ? n - 1 - k : k;
        if (isfinite(v[i])) return v[i];
    }
    return (double)NAN;
}

static void column(lq_echem_column_summary *c, const char *name, const char *unit,
                   const char *source, const double *v, size_t n) {
    c->name = name;
    c->unit = unit;
    c->source = source;
    c->first = first_finite(v, n, 0);
    c->last = first_finite(v, n, 1);
}

lq_status lq_echem_record_summarise(const lq_echem_record *rec, lq_echem_record_summary **out,
                                    lq_diag *diag) {
    if (!rec || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lq_echem_record_summary *s = lqi_calloc(1, sizeof *s);
    if (!s || !(s->columns = lqi_calloc(4 + rec->nextra, sizeof *s->columns))) {
        lqi_free(s);
        return lqi_diag_set(diag, LQ_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    size_t k = 0, n = rec->n;
    if (rec->has_time) column(&s->columns[k++], "time_s", "s", NULL, rec->time_s, n);
    if (rec->has_potential)
        column(&s->columns[k++], "E_V", "V", rec->potential_label, rec->potential_V, n);
    if (rec->has_current)
        column(&s->columns[k++], "I_A", "A", rec->current_label, rec->current_A, n);
    if (rec->charge_C) column(&s->columns[k++], "Q_C", "C", NULL, rec->charge_C, n);
    for (size_t i = 0; i < rec->nextra; i++)
        column(&s->columns[k++], rec->extra[i].name, rec->extra[i].unit, rec->extra[i].label,
               rec->extra[i].v, n);
    s->ncolumns = k;
    *out = s;
    return LQ_OK;
}

void lq_echem_record_summary_free(lq_echem_record_summary *s) {
    if (!s) return;
    lqi_free(s->columns);
    lqi_free(s);
}
