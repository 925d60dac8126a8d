/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Locale-independent string helpers used by the file readers. */
#include <errno.h>
#include <locale.h>
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

static int blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int lqi_parse_double(const char *s, size_t len, int decimal_comma, double *out) {
    while (len > 0 && blank(*s)) s++, len--;
    while (len > 0 && blank(s[len - 1])) len--;
    if (len == 0 || len >= 128) return -1;
    char buf[128];
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (decimal_comma) {
        for (size_t i = 0; i < len; i++)
            if (buf[i] == ',') buf[i] = '.';
    }
    /* strtod reads the decimal mark of the current locale: a caller in a comma locale
     * (setlocale(LC_ALL, "de_DE.UTF-8")) would have "2.5" read as 2. When the mark is not '.',
     * text that already holds the locale's mark is refused (it is not a number in our syntax) and
     * the '.' is written as that mark (no global state, no locale object). */
    char tmp[128 + 8];
    char *num = buf, *stop = buf + len;
    const char *mark = localeconv()->decimal_point;
    if (mark && mark[0] && (mark[0] != '.' || mark[1])) {
        size_t ml = strlen(mark), k = 0;
        if (ml > 8 || memchr(buf, mark[0], len)) return -1;
        const char *dot = memchr(buf, '.', len);
        size_t at = dot ? (size_t)(dot - buf) : len;
        memcpy(tmp, buf, at);
        k = at;
        if (dot) {
            memcpy(tmp + k, mark, ml);
            k += ml;
            memcpy(tmp + k, dot + 1, len - at - 1);
            k += len - at - 1;
        }
        tmp[k] = '\0';
        num = tmp;
        stop = tmp + k;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(num, &end);
    if (end != stop) return -1;
    /* overflow (HUGE_VAL) is an error; underflow to a subnormal or zero is accepted */
    if (errno == ERANGE && fabs(v) > 1.0) return -1;
    *out = v;
    return 0;
}
