/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Locale-independent string helpers used by the file readers. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

int lqi_strcasecmp(const char *a, const char *b) {
    for (;; a++, b++) {
        int ca = lower((unsigned char)*a), cb = lower((unsigned char)*b);
        if (ca != cb || ca == 0) return ca - cb;
    }
}

int lqi_strncasecmp(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        int ca = lower((unsigned char)a[i]), cb = lower((unsigned char)b[i]);
        if (ca != cb || ca == 0) return ca - cb;
    }
    return 0;
}

int lqi_parse_double(const char *s, size_t len, int decimal_comma, double *out) {
    while (len > 0 && isspace((unsigned char)*s)) s++, len--;
    while (len > 0 && isspace((unsigned char)s[len - 1])) len--;
    if (len == 0 || len >= 128) return -1;
    char buf[128];
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (decimal_comma) {
        for (size_t i = 0; i < len; i++)
            if (buf[i] == ',') buf[i] = '.';
    }
    /* strtod honours LC_NUMERIC; the library never changes the locale and the command keeps "C". */
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + len) return -1;
    /* overflow (HUGE_VAL) is an error; underflow to a subnormal or zero is accepted */
    if (errno == ERANGE && fabs(v) > 1.0) return -1;
    *out = v;
    return 0;
}
