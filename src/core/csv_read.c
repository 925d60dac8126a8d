/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one CSV reader: lines, delimited fields, locale-free numbers, file:line errors. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/core_internal.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* ---------------------------------------------------------------- lines */

void lqi_lines_init(lqi_lines *l, const char *data, size_t size) {
    l->p = data;
    l->end = data + size;
    l->lineno = 0;
}

int lqi_lines_next(lqi_lines *l, const char **s, const char **e) {
    if (l->p >= l->end) return 0;
    const char *a = l->p;
    const char *nl = memchr(a, '\n', (size_t)(l->end - a));
    const char *b = nl ? nl : l->end;
    l->p = nl ? nl + 1 : l->end;
    if (b > a && b[-1] == '\r') b--;
    *s = a;
    *e = b;
    l->lineno++;
    return 1;
}

/* ---------------------------------------------------------------- numbers */

/* Exact powers of ten: every 10^k with k <= 22 is a double without rounding, which is what makes
 * the fast path exact (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990:
 * a mantissa below 2^53 times or divided by an exact power of ten rounds once, correctly). */
static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Runs of ASCII digits, up to eight at a time: the eight bytes at p are loaded as one
 * little-endian word, the digits among them found with two masks (a byte is a digit when its high
 * nibble is 3 and adding 6 keeps it below 0x40) and converted pairwise in three multiplications:
 * the SWAR digit parsing of D. Lemire, "Number parsing at a gigabyte per second", Software:
 * Practice and Experience 51 (2021) 1700 (written here from the paper's description; the count of
 * leading digits by the lowest non-digit byte is ours). Little-endian GCC/clang only; elsewhere,
 * one digit at a time. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static const uint64_t pow10_u64[9] = {1,      10,      100,      1000,     10000,
                                      100000, 1000000, 10000000, 100000000};

/* The digits that start the eight bytes at p (p + 8 within the buffer) appended to *m; returns
 * how many (0..8). */
static inline int digits8(const char *p, uint64_t *m) {
    uint64_t v;
    memcpy(&v, p, 8);
    /* zero bytes where there are digits; a carry of the +6 only moves up from a byte >= 0xFA,
     * which is a non-digit already, so bytes before the first non-digit are exact */
    uint64_t t =
        ((v & 0xF0F0F0F0F0F0F0F0u) | (((v + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) ^
        0x3333333333333333u;
    int n = t ? __builtin_ctzll(t) >> 3 : 8;
    if (n == 0) return 0;
    /* right-align the n digits, '0' before them */
    if (n < 8) v = (v << (8 * (8 - n))) | (0x3030303030303030u >> (8 * n));
    v -= 0x3030303030303030u;
    v = v * 10 + (v >> 8); /* byte 2k: the two-digit number of digits 2k, 2k+1 */
    v = (((v & 0x000000FF000000FFu) * (100 + (1000000ull << 32))) +
         (((v >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32)))) >>
        32;
    *m = *m * pow10_u64[n] + v;
    return n;
}
#endif

/* The run of digits at p appended to *m (wrapping past 19 digits: the caller counts them);
 * returns the end of the run. */
static inline const char *digit_run(const char *p, const char *e, uint64_t *m) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (e - p >= 8) {
        int n = digits8(p, m);
        p += n;
        if (n < 8) return p;
    }
#endif
    for (unsigned dg; p < e && (dg = (unsigned)(unsigned char)*p - '0') <= 9; p++)
        *m = *m * 10 + dg;
    return p;
}

/* The scanner behind lqi_csv_num_at and the row parser (inlined into both). Digits accumulate
 * in m without a per-digit bound (unsigned arithmetic wraps harmlessly); a number with more than
 * 19 significant digits, or outside the exact range below, goes to strtod. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
scan_num(const char *s, const char *e, char dp, double *out, const char **stop) {
    const char *p = s;
    int neg = 0;
    if (p < e && (*p == '-' || *p == '+')) neg = *p++ == '-';
    const char *d0 = p;
    uint64_t m = 0;
    /* Leading zeros carry no digit. */
    while (p < e && *p == '0') p++;
    const char *i0 = p;
    /* integer parts are short (instruments write 0.0123, 1.6e-3): one digit at a time */
    for (unsigned dg; p < e && (dg = (unsigned)(unsigned char)*p - '0') <= 9; p++) m = m * 10 + dg;
    long sig = (long)(p - i0), frac = 0;
    int any = p > d0;
    if (p < e && *p == dp) {
        const char *f0 = ++p;
        if (sig == 0) /* zeros right after the mark only shift the exponent */
            while (p < e && *p == '0') p++;
        const char *f1 = p;
        p = digit_run(p, e, &m);
        frac = (long)(p - f0);
        sig += (long)(p - f1);
        any |= p > f0;
    }
    if (!any) return -1;
    long ex = 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0;
        if (p < e && (*p == '+' || *p == '-')) eneg = (*p++ == '-');
        if (p == e || *p < '0' || *p > '9') return -1;
        for (; p < e && *p >= '0' && *p <= '9'; p++)
            if (ex < 100000) ex = ex * 10 + (*p - '0');
        if (eneg) ex = -ex;
    }
    *stop = p;
    const uint64_t two53 = (uint64_t)1 << 53;
    if (sig <= 19 && m <= two53) {
        long e10 = ex - frac;
        if (m == 0) {
            *out = neg ? -0.0 : 0.0;
            return 0;
        }
        /* "12e30": move the excess powers into the mantissa while it stays exact (below 2^53),
         * then one rounding as below. */
        for (; e10 > 22 && e10 <= 22 + 15 && m <= two53 / 10; e10--) m *= 10;
        if (e10 >= -22 && e10 <= 22) {
            double v = (double)m;
            v = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
            *out = neg ? -v : v;
            return 0;
        }
    }
    return lqi_parse_double(s, (size_t)(p - s), dp == ',', out) == 0 ? 0 : -1;
}

int lqi_csv_num_at(const char *s, const char *e, int decimal_comma, double *out,
                   const char **stop) {
    return scan_num(s, e, decimal_comma ? ',' : '.', out, stop);
}

int lqi_csv_num(const char *s, const char *e, int decimal_comma, double *out) {
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    if (s == e) return 1;
    const char *stop = s;
    double v;
    if (lqi_csv_num_at(s, e, decimal_comma, &v, &stop) == 0 && stop == e) {
        *out = v;
        return 0;
    }
    /* Anything else (nan, inf, hex, a number the scan above stops inside): strtod decides. */
    return lqi_parse_double(s, (size_t)(e - s), decimal_comma, out) == 0 ? 0 : -1;
}

int lqi_csv_row_nums(const char *s, const char *e, char delim, int decimal_comma,
                     const unsigned char *want, size_t nfield, double *out) {
    const char *p = s;
    const char dp = decimal_comma ? ',' : '.';
    const char tab = delim == '\t' ? ' ' : '\t'; /* blanks around a field: ' ', '\t' */
    for (size_t k = 0; k < nfield; k++) {
        while (p < e && (*p == ' ' || *p == tab)) p++;
        if (!want[k]) {
            const char *q = memchr(p, delim, (size_t)(e - p));
            if (!q) return k + 1 == nfield ? 0 : -1;
            p = q + 1;
            continue;
        }
        const char *stop = p;
        if (scan_num(p, e, dp, &out[k], &stop) != 0) return -1;
        p = stop;
        if (p < e && *p == delim) {
            p++;
            continue;
        }
        while (p < e && (*p == ' ' || *p == tab)) p++;
        if (p < e && *p == delim) {
            p++;
        } else if (p < e || k + 1 < nfield) {
            return -1; /* text after the number, or a field missing */
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- fields */

char lqi_csv_detect_delim(const char *s, const char *e) {
    size_t tab = 0, semi = 0, comma = 0;
    for (const char *p = s; p < e; p++) tab += *p == '\t', semi += *p == ';', comma += *p == ',';
    return tab ? '\t' : semi ? ';' : comma ? ',' : ' ';
}

int lqi_csv_probe_decimal_comma(const lqi_lines *l) {
    lqi_lines probe = *l;
    const char *s, *e;
    while (lqi_lines_next(&probe, &s, &e))
        if (s != e) return memchr(s, ',', (size_t)(e - s)) != NULL;
    return 0;
}

/* Is c one of the (few) delimiters in set? A plain loop: strchr per character of a 10^6-row
 * table cost 40 % of reading it. */
static inline int in_set(char c, const char *set) {
    if (c == '\0') return 0;
    for (; *set; set++)
        if (*set == c) return 1;
    return 0;
}

size_t lqi_csv_split(const char *s, const char *e, const char *delims, int quotes, const char **fs,
                     const char **fe, size_t max) {
    size_t n = 0;
    if (strchr(delims, ' ')) {
        /* blank-separated: runs of blanks, tabs and the other delimiters make one separator */
        const char *p = s;
        while (n < max) {
            while (p < e && (*p == ' ' || *p == '\t' || in_set(*p, delims))) p++;
            if (p >= e) break;
            const char *q = p;
            while (q < e && *q != ' ' && *q != '\t' && !in_set(*q, delims)) q++;
            fs[n] = p;
            fe[n++] = q;
            p = q;
        }
        return n;
    }
    const char *p = s;
    for (;;) {
        const char *q = p, *a = p, *b;
        while (q < e && (*q == ' ' || *q == '\t')) q++;
        if (quotes && q < e && *q == '"') {
            /* "quoted" field: its text is inside the quotes; a delimiter may stand in it */
            a = q + 1;
            b = memchr(a, '"', (size_t)(e - a));
            if (!b) b = e;
            q = b;
            while (q < e && !in_set(*q, delims)) q++;
        } else if (delims[0] && !delims[1]) {
            /* one delimiter (the common case): memchr to the end of the field */
            q = memchr(p, delims[0], (size_t)(e - p));
            if (!q) q = e;
            b = q;
        } else {
            q = p;
            while (q < e && !in_set(*q, delims)) q++;
            b = q;
        }
        if (n < max) {
            fs[n] = a;
            fe[n] = b;
        }
        n++;
        if (q >= e) break;
        p = q + 1;
    }
    return n;
}

size_t lqi_words(char *s, char **w, size_t max) {
    size_t n = 0;
    char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (!*p) break;
        char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\r') q++;
        if (n < max) w[n] = p;
        n++;
        if (!*q) break;
        *q = '\0';
        p = q + 1;
    }
    return n;
}

/* ---------------------------------------------------------------- reader */

void lqi_csv_init(lqi_csv *r, const char *data, size_t size, const char *file) {
    memset(r, 0, sizeof *r);
    lqi_lines_init(&r->lines, data, size);
    r->file = file;
    r->delims = ",";
    r->comment = "#";
}

int lqi_csv_next(lqi_csv *r) {
    const char *s, *e;
    while (lqi_lines_next(&r->lines, &s, &e)) {
        if (r->trailing_comment) {
            for (const char *p = s; p < e; p++)
                if (in_set(*p, r->comment)) {
                    e = p;
                    break;
                }
        }
        const char *b = s;
        while (b < e && is_blank(*b)) b++;
        if (b == e || in_set(*b, r->comment)) continue;
        r->s = s;
        r->e = e;
        r->nfield = lqi_csv_split(s, e, r->delims, r->quotes, r->fs, r->fe, LQI_CSV_MAX_FIELDS);
        if (r->nfield > LQI_CSV_MAX_FIELDS) r->nfield = LQI_CSV_MAX_FIELDS;
        return 1;
    }
    return 0;
}

void lqi_csv_field(const lqi_csv *r, size_t k, char *buf, size_t size) {
    if (size == 0) return;
    const char *s = k < r->nfield ? r->fs[k] : "", *e = k < r->nfield ? r->fe[k] : s;
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    size_t n = (size_t)(e - s) < size - 1 ? (size_t)(e - s) : size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

lq_status lqi_csv_number(const lqi_csv *r, size_t k, const char *name, double *out, lq_diag *diag) {
    double v = (double)NAN;
    int rc = k < r->nfield ? lqi_csv_num(r->fs[k], r->fe[k], r->decimal_comma, &v) : 1;
    if (rc == 0) {
        *out = v;
        return LQ_OK;
    }
    char got[41];
    lqi_csv_field(r, k, got, sizeof got);
    lq_status st = lqi_diag_set(diag, LQ_EPARSE, r->file, r->lines.lineno, name,
                                "'%s' is not a number (column %zu)", got, k + 1);
    if (diag) diag->column = (long)(k + 1);
    return st;
}
