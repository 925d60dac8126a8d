/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Status messages and diagnostics formatting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

const char *lq_status_str(lq_status s) {
    static const char *const msgs[] = {
#define LQ_STATUS_MSG_(name, msg) msg,
        LQ_STATUS_LIST(LQ_STATUS_MSG_)
#undef LQ_STATUS_MSG_
    };
    if ((int)s < 0 || (int)s >= (int)LQ_STATUS_COUNT_) return "unknown status";
    return msgs[s];
}

const char *lq_version(void) { return LQ_VERSION_STRING; }

void lq_diag_clear(lq_diag *d) {
    if (d) memset(d, 0, sizeof *d);
}

static void diag_fill(lq_diag *d, const char *file, long line, const char *field, const char *fmt,
                      va_list ap) {
    memset(d, 0, sizeof *d);
    if (file) snprintf(d->file, sizeof d->file, "%s", file);
    d->line = line;
    if (field) snprintf(d->field, sizeof d->field, "%s", field);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
}

lq_status lqi_diag_set(lq_diag *d, lq_status st, const char *file, long line, const char *field,
                       const char *fmt, ...) {
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        diag_fill(d, file, line, field, fmt, ap);
        va_end(ap);
    }
    return st;
}

void lqi_diag_warn(lq_diag *d, const char *file, long line, const char *field, const char *fmt,
                   ...) {
    if (!d) return;
    va_list ap;
    va_start(ap, fmt);
    diag_fill(d, file, line, field, fmt, ap);
    va_end(ap);
    d->warning = 1;
}

char *lq_diag_format(const lq_diag *d, char *buf, unsigned long size) {
    if (!buf || size == 0) return buf;
    buf[0] = '\0';
    if (!d) return buf;
    size_t used = 0;
#define LQ_APPEND_(...)                                                              \
    do {                                                                             \
        if (used < size) {                                                           \
            int k_ = snprintf(buf + used, size - used, __VA_ARGS__);                 \
            if (k_ > 0) used += (size_t)k_ < size - used ? (size_t)k_ : size - used; \
        }                                                                            \
    } while (0)
    if (d->file[0]) {
        LQ_APPEND_("%s:", d->file);
        if (d->line > 0) LQ_APPEND_("%ld:", d->line);
        if (d->line > 0 && d->column > 0) LQ_APPEND_("%ld:", d->column);
        LQ_APPEND_(" ");
    } else if (d->line > 0) {
        LQ_APPEND_("line %ld: ", d->line);
    }
    if (d->field[0]) LQ_APPEND_("%s: ", d->field);
    LQ_APPEND_("%s", d->msg);
#undef LQ_APPEND_
    return buf;
}
