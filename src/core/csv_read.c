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

/* Eight ASCII digits at p (p + 8 within the buffer) as one number in *out; 0 when any of the
 * eight bytes is not a digit. Loads the bytes as one little-endian word, tests all eight with
 * two masks and combines them pairwise in three multiplications: the digit trick of D. Lemire,
 * "Number parsing at a gigabyte per second", Software: Practice and Experience 51 (2021) 1700
 * (SWAR digit parsing; written here from the paper's description). Little-endian only. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LQI_SWAR_DIGITS 1
static inline int eight_digits(const char *p, uint64_t *out) {
    uint64_t v;
    memcpy(&v, p, 8);
    /* each byte 0x30..0x39: high nibble 3, and adding 6 keeps it below 0x40 */
    if (((v & 0xF0F0F0F0F0F0F0F0u) | (((v + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) !=
        0x3333333333333333u)
        return 0;
    v -= 0x3030303030303030u;
    v = v * 10 + (v >> 8); /* pairs: byte 2k holds the two-digit number of digits 2k, 2k+1 */
    v = (((v & 0x000000FF000000FFu) * (100 + (1000000ull << 32))) +
         (((v >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32)))) >>
        32;
    *out = v;
    return 1;
}
#else
#define LQI_SWAR_DIGITS 0
static inline int eight_digits(const char *p, uint64_t *out) {
    (void)p;
    (void)out;
    return 0;
}
#endif

int lqi_csv_num_at(const char *s, const char *e, int decimal_comma, double *out,
                   const char **stop) {
    const char *p = s;
    int neg = 0;
    if (p < e && (*p == '+' || *p == '-')) neg = (*p++ == '-');
    uint64_t m = 0, x;
    int ndig = 0, frac_digits = 0, exact = 1, any = 0;
    char dp = decimal_comma ? ',' : '.';
    /* Leading zeros carry no digit; then up to 19 significant digits go into m, eight at a time
     * while they last (the hot loop of reading a table), then one compare per character. */
    while (p < e && *p == '0') p++, any = 1;
    while (LQI_SWAR_DIGITS && ndig <= 11 && e - p >= 8 && eight_digits(p, &x))
        m = m * 100000000u + x, ndig += 8, p += 8, any = 1;
    for (unsigned dg; p < e && (dg = (unsigned)(unsigned char)*p - '0') <= 9; p++) {
        any = 1;
        if (ndig < 19)
            m = m * 10 + dg, ndig++;
        else
            exact = 0;
    }
    if (p < e && *p == dp) {
        p++;
        if (m == 0) /* zeros right after the mark only shift the exponent */
            while (p < e && *p == '0') p++, frac_digits++, any = 1;
        while (LQI_SWAR_DIGITS && ndig <= 11 && e - p >= 8 && eight_digits(p, &x))
            m = m * 100000000u + x, ndig += 8, frac_digits += 8, p += 8, any = 1;
        for (unsigned dg; p < e && (dg = (unsigned)(unsigned char)*p - '0') <= 9; p++) {
            any = 1;
            if (ndig < 19)
                m = m * 10 + dg, ndig++, frac_digits++;
            else
                exact = 0;
        }
    }
    if (!any) return -1;
    long ex = 0;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0;
        if (p < e && (*p == '+' || *p == '-')) eneg = (*p++ == '-');
        if (p == e || *p < '0' || *p > '9') return -1;
        while (p < e && *p >= '0' && *p <= '9') {
            if (ex < 100000) ex = ex * 10 + (*p - '0');
            p++;
        }
        if (eneg) ex = -ex;
    }
    *stop = p;
    long e10 = ex - frac_digits;
    if (exact && m == 0) {
        *out = neg ? -0.0 : 0.0;
        return 0;
    }
    const uint64_t two53 = (uint64_t)1 << 53;
    if (exact && m <= two53 && e10 > 22 && e10 <= 22 + 15) {
        /* "12e30": move the excess powers into the mantissa when it stays exact (m 10^(e10-22)
         * below 2^53), then one rounding as below. */
        for (; e10 > 22 && m <= two53 / 10; e10--) m *= 10;
    }
    if (exact && m <= two53 && e10 >= -22 && e10 <= 22) {
        double v = (double)m;
        v = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
        *out = neg ? -v : v;
        return 0;
    }
    return lqi_parse_double(s, (size_t)(p - s), decimal_comma, out) == 0 ? 0 : -1;
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
    for (size_t k = 0; k < nfield; k++) {
        while (p < e && (*p == ' ' || (*p == '\t' && delim != '\t'))) p++;
        if (!want[k]) {
            const char *q = memchr(p, delim, (size_t)(e - p));
            if (!q) return k + 1 == nfield ? 0 : -1;
            p = q + 1;
            continue;
        }
        const char *stop = p;
        if (lqi_csv_num_at(p, e, decimal_comma, &out[k], &stop) != 0) return -1;
        p = stop;
        while (p < e && (*p == ' ' || (*p == '\t' && delim != '\t'))) p++;
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
