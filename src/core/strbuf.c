/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Growing strings for library functions that return text (LAMMPS decks, JSON documents). */
#include <stdarg.h>
#include <stdio.h>

#include "core/core_internal.h"

lq_status lqi_sbuf_printf(lqi_sbuf *sb, const char *fmt, ...) {
    if (sb->failed) return LQ_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(sb->s ? sb->s + sb->len : NULL, sb->s ? sb->cap - sb->len : 0, fmt, ap);
    va_end(ap);
    if (k < 0) {
        sb->failed = 1;
        return LQ_ENOMEM;
    }
    size_t need = sb->len + (size_t)k + 1;
    if (need > sb->cap) {
        /* grow geometrically so that n appends cost O(total length) */
        size_t cap = sb->cap ? sb->cap : 256;
        while (cap < need) cap *= 2;
        char *ns = lqi_realloc(sb->s, cap);
        if (!ns) {
            sb->failed = 1;
            return LQ_ENOMEM;
        }
        sb->s = ns;
        sb->cap = cap;
        va_start(ap, fmt);
        vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, ap);
        va_end(ap);
    }
    sb->len += (size_t)k;
    return LQ_OK;
}

lq_status lqi_sbuf_finish(lqi_sbuf *sb, char **out) {
    lq_status st = LQ_OK;
    if (!sb->failed && !sb->s) st = lqi_sbuf_printf(sb, "%s", "");
    if (sb->failed) st = LQ_ENOMEM;
    if (st == LQ_OK && out)
        *out = sb->s;
    else
        lqi_free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
    sb->failed = 0;
    return st;
}
