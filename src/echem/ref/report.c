/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Echem results as named fields with units and quality flags (lq_echem_report), and their builder.
 */
#include <string.h>

#include "echem/ref/ana_internal.h"

const char *lq_echem_quality_flag_name(unsigned flag) {
    switch (flag) {
        case LQ_ECHEM_Q_RANGE_SHORT:
            return "range_short";
        case LQ_ECHEM_Q_RESIDUALS:
            return "residuals_structured";
        case LQ_ECHEM_Q_UNPHYSICAL:
            return "unphysical";
        case LQ_ECHEM_Q_UNDECIDED:
            return "model_undecided";
        case LQ_ECHEM_Q_BASELINE:
            return "baseline";
        case LQ_ECHEM_Q_NOISE:
            return "noise";
        default:
            return NULL;
    }
}

/* The next entry, zeroed, or NULL once an allocation failed. */
static lq_echem_field *next(lqi_echem_rb *b) {
    if (b->failed) return NULL;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        lq_echem_field *f = lqi_malloc_array(cap, sizeof *f);
        if (!f) {
            b->failed = 1;
            return NULL;
        }
        if (b->n) memcpy(f, b->f, b->n * sizeof *f);
        lqi_free(b->f);
        b->f = f;
        b->cap = cap;
    }
    lq_echem_field *e = &b->f[b->n++];
    memset(e, 0, sizeof *e);
    e->unit = "";
    return e;
}

void lqi_echem_rb_num(lqi_echem_rb *b, const char *name, const char *unit, double v) {
    lq_echem_field *e = next(b);
    if (!e) return;
    e->kind = LQ_ECHEM_FIELD_NUMBER;
    e->name = name;
    e->unit = unit;
    e->value = v;
}

void lqi_echem_rb_count(lqi_echem_rb *b, const char *name, size_t v) {
    lq_echem_field *e = next(b);
    if (!e) return;
    e->kind = LQ_ECHEM_FIELD_COUNT;
    e->name = name;
    e->value = (double)v;
}

void lqi_echem_rb_text(lqi_echem_rb *b, const char *name, const char *text) {
    lq_echem_field *e = next(b);
    if (!e) return;
    e->kind = LQ_ECHEM_FIELD_TEXT;
    e->name = name;
    e->text = text;
}

void lqi_echem_rb_quality(lqi_echem_rb *b, const char *name, const lq_echem_quality *q) {
    lq_echem_field *e = next(b);
    if (!e) return;
    e->kind = LQ_ECHEM_FIELD_QUALITY;
    e->name = name;
    e->flags = q->flags;
    e->text = q->flags ? q->reason : "";
}

void lqi_echem_rb_open(lqi_echem_rb *b, const char *name, lq_echem_field_kind kind) {
    lq_echem_field *e = next(b);
    if (!e) return;
    e->kind = kind;
    e->name = name;
}

void lqi_echem_rb_end(lqi_echem_rb *b) {
    lq_echem_field *e = next(b);
    if (e) e->kind = LQ_ECHEM_FIELD_END;
}

lq_status lqi_echem_rb_finish(lqi_echem_rb *b, lq_echem_report **out) {
    char *text = NULL;
    lq_status st = lqi_sbuf_finish(&b->text, &text); /* "" when nothing was appended */
    lq_echem_report *r = st == LQ_OK && !b->failed ? lqi_malloc(sizeof *r) : NULL;
    if (!r) {
        lqi_free(text);
        lqi_free(b->f);
        st = LQ_ENOMEM;
    } else {
        r->nfields = b->n;
        r->fields = b->f;
        r->text = text;
        *out = r;
    }
    memset(b, 0, sizeof *b);
    return st;
}

void lq_echem_report_free(lq_echem_report *r) {
    if (!r) return;
    lqi_free(r->fields);
    lqi_free(r->text);
    lqi_free(r);
}
