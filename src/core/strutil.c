/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Locale-independent string helpers used by the file readers. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
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

/* The "C" locale for strtod, made once and kept: a caller that runs in a comma locale
 * (setlocale(LC_ALL, "de_DE.UTF-8")) must not change how a file reads. uselocale() switches
 * only the calling thread (POSIX.1-2008), so this is safe while other threads read. */
static _Atomic(locale_t) c_locale_cache;

static locale_t c_locale(void) {
    locale_t l = atomic_load(&c_locale_cache);
    if (l != (locale_t)0) return l;
    locale_t made = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (made == (locale_t)0) return (locale_t)0;
    locale_t expect = (locale_t)0;
    if (!atomic_compare_exchange_strong(&c_locale_cache, &expect, made)) {
        freelocale(made); /* another thread was first */
        return expect;
    }
    return made;
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
    /* strtod in the "C" locale whatever the process's locale is (when the C locale object
     * cannot be made, the current one is used, which the command keeps at "C"). */
    locale_t c = c_locale();
    locale_t prev = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    int erange = errno == ERANGE;
    if (prev != (locale_t)0) uselocale(prev);
    if (end != buf + len) return -1;
    /* overflow (HUGE_VAL) is an error; underflow to a subnormal or zero is accepted */
    if (erange && fabs(v) > 1.0) return -1;
    *out = v;
    return 0;
}
