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

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 when it is not one. Strict
 * (RFC 3629, Table 3-7 of the Unicode standard): no lead bytes F5-FF, no overlong forms, no
 * surrogates, nothing above U+10FFFF, as a strict decoder (Python's, a terminal's) requires. */
static size_t utf8_len(const unsigned char *p, size_t n) {
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    size_t k;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        k = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        k = 3;
        if (p[0] == 0xE0) lo = 0xA0;
        if (p[0] == 0xED) hi = 0x9F;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        k = 4;
        if (p[0] == 0xF0) lo = 0x90;
        if (p[0] == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (k > n || p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < k; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return k;
}

/* Input quoted in a message may hold any bytes (a binary file read as text): control characters
 * and bytes that are not UTF-8 are shown as '?', so a message never writes raw binary to a
 * terminal. Tabs become blanks. */
static void sanitize(char *s) {
    unsigned char *p = (unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            if (p[i] == '\t')
                p[i] = ' ';
            else if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7F)
                p[i] = '?';
            i++;
            continue;
        }
        size_t k = utf8_len(p + i, n - i);
        if (k == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) { /* C1 control characters */
            p[i] = '?';
            p[i + 1] = '?';
            i += 2;
        } else if (k == 0) {
            p[i++] = '?';
        } else {
            i += k;
        }
    }
}

static void diag_fill(lq_diag *d, const char *file, long line, const char *field, const char *fmt,
                      va_list ap) {
    memset(d, 0, sizeof *d);
    if (file) snprintf(d->file, sizeof d->file, "%s", file);
    d->line = line;
    if (field) snprintf(d->field, sizeof d->field, "%s", field);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    sanitize(d->field);
    sanitize(d->msg);
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
