/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Number parser, unit names and the CSV reader on small in-memory tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "echem/io/io_internal.h"
#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

static double num(const char *s, int dc) {
    double v = (double)NAN;
    if (lqi_csv_num(s, s + strlen(s), dc, &v) != 0) return -12345.0;
    return v;
}

void test_numbers(void) {
    /* Exactness: the fast path must agree with strtod bit for bit (correct rounding). */
    const char *cases[] = {"4.320204396882385E+004",
                           "-1.235983972946997E-006",
                           "0.1",
                           "2.4814086E+000",
                           "1e-300",
                           "123456789012345678901",
                           "-0",
                           "0.000000000000000E+000",
                           "9007199254740993",
                           "1.7976931348623157e308",
                           "2.2250738585072014e-308",
                           "  7.5 "};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double want = strtod(cases[i], NULL);
        double got = num(cases[i], 0);
        LQ_CHECK(memcmp(&got, &want, sizeof got) == 0);
    }
    LQ_CHECK(num("2,065059947832196E+001", 1) == strtod("2.065059947832196E+001", NULL));
    LQ_CHECK(num("-327,75", 1) == -327.75);
    LQ_CHECK(num("1,5", 0) == -12345.0); /* a comma is not a decimal point unless asked */
    LQ_CHECK(num("1.2.3", 0) == -12345.0);
    LQ_CHECK(num("abc", 0) == -12345.0);
    LQ_CHECK(num("1e", 0) == -12345.0);
    LQ_CHECK(isnan(num("nan", 0)));
    double v;
    const char *blank = "  ";
    LQ_CHECK(lqi_csv_num(blank, blank + 2, 0, &v) == 1);
}

void test_units(void) {
    char base[64], unit[32];
    double sc;
    const char *si;
    LQ_CHECK(lqi_echem_split_unit("E/mV", base, sizeof base, unit, sizeof unit, &sc, &si) == 1);
    LQ_CHECK(strcmp(base, "E") == 0 && sc == 1e-3 && strcmp(si, "V") == 0);
    LQ_CHECK(lqi_echem_split_unit("<I>/mA", base, sizeof base, unit, sizeof unit, &sc, &si) == 1);
    LQ_CHECK(strcmp(base, "<I>") == 0 && sc == 1e-3 && strcmp(si, "A") == 0);
    LQ_CHECK(lqi_echem_split_unit("<Ewe/V>", base, sizeof base, unit, sizeof unit, &sc, &si) == 1);
    LQ_CHECK(strcmp(base, "Ewe") == 0 && sc == 1.0);
    LQ_CHECK(lqi_echem_split_unit("WE(1).Current (A)", base, sizeof base, unit, sizeof unit, &sc,
                                  &si) == 1);
    LQ_CHECK(strcmp(base, "WE(1).Current") == 0 && strcmp(si, "A") == 0);
    LQ_CHECK(lqi_echem_split_unit("Q charge/discharge/mA.h", base, sizeof base, unit, sizeof unit,
                                  &sc, &si) == 1);
    LQ_CHECK(strcmp(base, "Q charge/discharge") == 0 && sc == 3.6);
    LQ_CHECK(lqi_echem_split_unit("I [\xC2\xB5"
                                  "A]",
                                  base, sizeof base, unit, sizeof unit, &sc, &si) == 1);
    LQ_CHECK(sc == 1e-6 && strcmp(base, "I") == 0);
    LQ_CHECK(lqi_echem_split_unit("time_min", base, sizeof base, unit, sizeof unit, &sc, &si) == 1);
    LQ_CHECK(sc == 60.0 && strcmp(base, "time") == 0);
    LQ_CHECK(lqi_echem_split_unit("(Q-Qo)", base, sizeof base, unit, sizeof unit, &sc, &si) == 0);
    LQ_CHECK(strcmp(base, "(Q-Qo)") == 0);
    int role;
    LQ_CHECK(lqi_echem_guess_role("<I>/mA", &role) > 0 && role == LQI_ROLE_I);
    LQ_CHECK(lqi_echem_guess_role("Potential applied (V)", &role) > 0 && role == LQI_ROLE_E);
    LQ_CHECK(lqi_echem_guess_role("control/V", &role) == 0 && role == LQI_ROLE_NONE);
}

void test_csv_basic(void) {
    const char *csv = "# a comment\nt/min;E/mV;I/uA;note\n0;100,5;-2;a\n1;101,5;-3;b\n";
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_echem_record_read_buffer(csv, strlen(csv), "x.csv", NULL, &r, &d), LQ_OK);
    if (!r) return;
    LQ_CHECK(r->format == LQ_ECHEM_FMT_CSV);
    LQ_CHECK(r->n == 2 && r->has_time && r->has_potential && r->has_current);
    LQ_CHECK_CLOSE(r->time_s[1], 60.0, 0, 0);
    LQ_CHECK_CLOSE(r->potential_V[0], 0.1005, 1e-15, 0);
    LQ_CHECK_CLOSE(r->current_A[1], -3e-6, 1e-15, 0);
    LQ_CHECK(r->decimal_comma == 1 && r->nextra == 0);
    lq_echem_record_free(r);
}
