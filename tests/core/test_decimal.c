/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table readers' decimal parser against strtod: millions of random decimal strings, bits equal.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "lq_test.h"

void test_core_decimal(void);

/* A random decimal string: sign, leading zeros, 1..30 significant digits with the decimal mark
 * anywhere (also first or last), zeros after the mark, an exponent from a narrow (fast path) or a
 * wide range (overflow, subnormals, underflow to zero). Returns its length. */
static size_t random_decimal(lqi_rng *g, char *buf) {
    size_t k = 0;
    uint64_t r = lqi_rng_u64(g);
    if ((r & 3) == 1) buf[k++] = '-';
    if ((r & 3) == 2) buf[k++] = '+';
    r >>= 2;
    /* significant digits: mostly what instruments write (1..17), sometimes more */
    int nd = (r & 7) == 0 ? 1 + (int)((r >> 3) % 30) : 1 + (int)((r >> 3) % 17);
    r >>= 8;
    int lead = (r & 7) == 0 ? (int)((r >> 3) & 3) : 0;
    r >>= 5;
    int point = (r & 3) == 0 ? -1 : (int)((r >> 2) % (uint64_t)(nd + 1 + lead));
    r >>= 10;
    int zeros_after = (r & 3) == 0 ? (int)((r >> 2) % 6) : 0;
    r >>= 5;
    for (int i = 0; i < lead + nd; i++) {
        if (i == point) {
            buf[k++] = '.';
            for (int z = 0; z < zeros_after; z++) buf[k++] = '0';
        }
        buf[k++] = i < lead ? '0' : (char)('0' + lqi_rng_u64(g) % 10);
    }
    if (point == lead + nd) buf[k++] = '.';
    uint64_t q = lqi_rng_u64(g);
    if ((q & 1) == 0) {
        buf[k++] = (q & 2) ? 'e' : 'E';
        long ex = (q & 12) == 0 ? (long)((q >> 4) % 701) - 360 : (long)((q >> 4) % 61) - 30;
        if (ex < 0 || (q & 16)) buf[k++] = ex < 0 ? '-' : '+';
        k += (size_t)snprintf(buf + k, 16, "%ld", ex < 0 ? -ex : ex);
    }
    buf[k] = '\0';
    return k;
}

/* What lqi_csv_num must give for buf: strtod's value (bits), or -1 when strtod overflows. */
static int reference(const char *buf, double *v) {
    char *end;
    errno = 0;
    *v = strtod(buf, &end);
    if (*end != '\0') return -2; /* cannot happen for the generated strings */
    if (errno == ERANGE && fabs(*v) > 1.0) return -1;
    return 0;
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Parses n random strings (plain, with a decimal comma, and as a row of three) against strtod;
 * returns the number of disagreements (the first few printed). */
static long compare_random(uint64_t seed, long n) {
    lqi_rng g;
    lqi_rng_seed(&g, seed);
    long bad = 0;
    char a[3][96], row[300], comma[96];
    for (long i = 0; i < n; i++) {
        size_t len = random_decimal(&g, a[i % 3]);
        const char *s = a[i % 3];
        double want, got = 0.0;
        int rw = reference(s, &want);
        int rg = lqi_csv_num(s, s + len, 0, &got);
        int ok = rw == -2 ? 0 : rw == -1 ? rg == -1 : rg == 0 && same_bits(got, want);
        /* the same number with a decimal comma (EC-Lab exports in a French locale) */
        memcpy(comma, s, len + 1);
        char *dot = strchr(comma, '.');
        if (dot) *dot = ',';
        double gotc = 0.0;
        int rc = lqi_csv_num(comma, comma + len, 1, &gotc);
        ok = ok && (rw == -1 ? rc == -1 : rc == 0 && same_bits(gotc, want));
        /* every third string: the last three as one row of the one-pass parser */
        if (ok && i % 3 == 2) {
            int r0 = snprintf(row, sizeof row, "%s, %s ,%s", a[0], a[1], a[2]);
            double vals[3], w[3];
            unsigned char want3[3] = {1, 1, 1};
            int all = 1;
            for (int k = 0; k < 3; k++) all &= reference(a[k], &w[k]) == 0;
            int rr = lqi_csv_row_nums(row, row + r0, ',', 0, want3, 3, vals);
            if (all)
                ok = rr == 0 && same_bits(vals[0], w[0]) && same_bits(vals[1], w[1]) &&
                     same_bits(vals[2], w[2]);
            else
                ok = rr == -1;
        }
        if (!ok && bad++ < 5)
            fprintf(stderr, "  '%s': strtod %.17g (%d), lqi_csv_num %.17g (%d), comma %.17g (%d)\n",
                    s, want, rw, got, rg, gotc, rc);
    }
    return bad;
}

void test_core_decimal(void) {
    /* Cases at the edges of the fast path and of double precision. */
    static const char *edge[] = {
        "9007199254740992",
        "9007199254740993",
        "9007199254740991e-22",
        "1e22",
        "1e23",
        "123456789012345e22",
        "12e30",
        "9e37",
        "1e38",
        "0.1",
        "0.30000000000000004",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "4.9e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1e-400",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.8e308",
        "-0",
        "-0.0e5",
        "00000000000000000001.5",
        "0.000000000000000000000000000001",
        "12345678.12345678",
        "1234567812345678.9",
        "123456781234567812345678",
        "7.038531e-26",
        "89255e-22",
        "8.9255e-18",
    };
    long bad = 0;
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        double want, got = 0.0;
        int rw = reference(edge[i], &want);
        int rg = lqi_csv_num(edge[i], edge[i] + strlen(edge[i]), 0, &got);
        int ok = rw == -1 ? rg == -1 : rg == 0 && same_bits(got, want);
        if (!ok && bad++ < 5)
            fprintf(stderr, "  '%s': strtod %.17g, lqi_csv_num %.17g (%d)\n", edge[i], want, got,
                    rg);
    }
    LQ_CHECK(bad == 0);
    /* Two million random strings: every value equal to strtod's to the last bit. */
    LQ_CHECK(compare_random(20261207, 2000000) == 0);
    /* Locale independence: under a comma locale (when the system has one; without one installed,
     * `localedef -i de_DE -f UTF-8 DIR/de_DE.UTF-8` and LOCPATH=DIR provide it) the parser still
     * reads '.' and gives the same bits, and refuses the locale's ','; strtod in that locale
     * would read "2.5e-3" as 2. */
    enum { NLOC = 20000 };
    char(*str)[96] = malloc(NLOC * sizeof *str);
    double *ref = malloc(NLOC * sizeof *ref);
    int *ref_rc = malloc(NLOC * sizeof *ref_rc);
    LQ_CHECK(str && ref && ref_rc);
    if (!str || !ref || !ref_rc) {
        free(str);
        free(ref);
        free(ref_rc);
        return;
    }
    lqi_rng g;
    lqi_rng_seed(&g, 7);
    for (int i = 0; i < NLOC; i++) {
        random_decimal(&g, str[i]);
        ref_rc[i] = reference(str[i], &ref[i]); /* in the "C" locale */
    }
    static const char *const comma_locales[] = {"fr_FR.UTF-8", "de_DE.UTF-8", "fr_FR", "de_DE"};
    const char *got_locale = NULL;
    for (size_t i = 0; i < 4 && !got_locale; i++)
        if (setlocale(LC_NUMERIC, comma_locales[i])) got_locale = comma_locales[i];
    if (got_locale) {
        double v = 0.0;
        /* 17 digits: not the fast path, strtod decides */
        LQ_CHECK(lqi_csv_num("0.12345678901234567", "0.12345678901234567" + 19, 0, &v) == 0 &&
                 v == 0.12345678901234567);
        LQ_CHECK(lqi_parse_double("2.5e-3", 6, 0, &v) == 0 && v == 2.5e-3);
        LQ_CHECK(lqi_parse_double("2,5e-3", 6, 0, &v) == -1);
        LQ_CHECK(lqi_parse_double("2,5e-3", 6, 1, &v) == 0 && v == 2.5e-3);
        long bad_loc = 0;
        for (int i = 0; i < NLOC; i++) {
            double got = 0.0;
            int rc = lqi_csv_num(str[i], str[i] + strlen(str[i]), 0, &got);
            int ok = ref_rc[i] == -1 ? rc == -1 : rc == 0 && same_bits(got, ref[i]);
            if (!ok && bad_loc++ < 5)
                fprintf(stderr, "  %s: '%s' -> %.17g (%d), \"C\": %.17g\n", got_locale, str[i], got,
                        rc, ref[i]);
        }
        LQ_CHECK(bad_loc == 0);
        setlocale(LC_NUMERIC, "C");
    } else {
        printf("  (no comma locale installed: locale independence checked only in \"C\")\n");
    }
    free(str);
    free(ref);
    free(ref_rc);
}
