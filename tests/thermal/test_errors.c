/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error paths of the thermal API: bad arguments, allocation failures, TRIOS layout. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermal.h"
#include "lq_test.h"
#include "synth.h"

void test_errors(void);
void test_alloc_failures(void);
void test_trios(void);

void test_errors(void) {
    lq_thermal_format f;
    LQ_CHECK_STATUS(lq_thermal_format_from_name("NETZSCH", &f), LQ_OK);
    LQ_CHECK(f == LQ_THERMAL_FORMAT_NETZSCH);
    LQ_CHECK_STATUS(lq_thermal_format_from_name("origin", &f), LQ_ENOTFOUND);
    LQ_CHECK(strcmp(lq_thermal_format_name((lq_thermal_format)99), "?") == 0);
    LQ_CHECK(strcmp(lq_thermal_segment_kind_name(LQ_THERMAL_COOLING), "cooling") == 0);
    lq_dsc_result *r = NULL;
    LQ_CHECK_STATUS(lq_dsc_analyse(NULL, NULL, &r, NULL), LQ_EINVAL);
    /* a short trace: fewer than 20 points in the segment */
    const char *csv =
        "# exo: down\nTime (s),Temperature (K),Heat Flow (mW)\n0,500,1\n60,501,1\n"
        "120,502,1\n180,503,1\n240,504,1\n300,505,1\n360,506,1\n420,507,1\n"
        "480,508,1\n540,509,1\n600,510,1\n660,511,1\n";
    lq_thermal_trace *tr = NULL;
    LQ_CHECK_STATUS(lq_thermal_read_buffer(csv, strlen(csv), "s.csv", NULL, &tr, NULL), LQ_OK);
    if (tr) {
        LQ_CHECK(tr->n_segments == 1 && tr->segments[0].kind == LQ_THERMAL_HEATING);
        LQ_CHECK_STATUS(lq_dsc_analyse(tr, NULL, &r, NULL), LQ_EDOM);
        lq_dsc_options o;
        lq_dsc_options_default(&o);
        o.segment = 3;
        LQ_CHECK_STATUS(lq_dsc_analyse(tr, &o, &r, NULL), LQ_EINVAL);
        o.segment = -1;
        o.threshold_sigma = 0;
        LQ_CHECK_STATUS(lq_dsc_analyse(tr, &o, &r, NULL), LQ_EINVAL);
    }
    lq_thermal_trace_free(tr);
    lq_dsc_prediction *p = NULL;
    double x[2] = {0.5, 0.5};
    LQ_CHECK_STATUS(lq_dsc_predict(NULL, x, 2, NULL, &p, NULL), LQ_EINVAL);
    const char *two[2] = {"In", "Sn"};
    double same[2] = {430.0, 430.0};
    lq_dsc_calibration cal;
    LQ_CHECK_STATUS(lq_dsc_calibration_fit(two, same, NULL, 2, &cal, NULL), LQ_ESINGULAR);
    LQ_CHECK_STATUS(lq_dsc_calibration_fit(two, same, NULL, 0, &cal, NULL), LQ_EINVAL);
    size_t n = 0;
    const lq_dsc_reference *ref = lq_dsc_references(&n);
    LQ_CHECK(n == 6 && strcmp(ref[0].element, "In") == 0);
    for (size_t i = 1; i < n; i++) LQ_CHECK(ref[i].T_fus_K > ref[i - 1].T_fus_K);
    lq_dsc_rate_fit fit;
    double rates[2] = {0.1, 0.1}, Ts[2] = {500, 501};
    LQ_CHECK_STATUS(lq_dsc_rate_extrapolate(rates, Ts, 2, &fit), LQ_ESINGULAR);
    lq_thermal_trace_free(NULL);
    lq_dsc_result_free(NULL);
    lq_dsc_prediction_free(NULL);
}

/* Every allocation of reading and analysing fails in turn: an error, never a crash or a leak
 * (ASan build). */
void test_alloc_failures(void) {
    synth_peak pk = {540.0, 543.0, 0.8, 1.0};
    char *csv = synth_csv(500, 580, 0.1, 10.0 / 60, 0.05, 0, &pk, 1, 0.001, 0, 1, 0, 5);
    size_t len = strlen(csv);
    int ok_seen = 0;
    for (long k = 0; k < 200 && !ok_seen; k++) {
        lqi_alloc_fail_after(k);
        lq_thermal_trace *tr = NULL;
        lq_dsc_result *r = NULL;
        lq_status st = lq_thermal_read_buffer(csv, len, "a.csv", NULL, &tr, NULL);
        if (st == LQ_OK) st = lq_dsc_analyse(tr, NULL, &r, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK)
            ok_seen = 1;
        else if (st != LQ_ENOMEM) {
            fprintf(stderr, "  allocation %ld: status %d\n", k, (int)st);
            LQ_FAIL("allocation failure gave another status");
        }
        lq_dsc_result_free(r);
        lq_thermal_trace_free(tr);
    }
    LQ_CHECK(ok_seen);
    free(csv);
}

/* TRIOS: [step] sections are segments; a unit row below the names. */
void test_trios(void) {
    const char *txt =
        "Filename\tx.tri\nSample mass\t5.2 mg\n[step]\nRamp 10.00 °C/min to 60 °C\n"
        "Time\tTemperature\tHeat Flow (Normalized)\nmin\t°C\tW/g\n0\t20\t0.1\n"
        "1\t30\t0.2\n2\t40\t0.3\n[step]\nIsothermal for 1 min\n"
        "Time\tTemperature\tHeat Flow (Normalized)\nmin\t°C\tW/g\n3\t40\t0.3\n"
        "4\t40\t0.3\n";
    lq_thermal_trace *tr = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_thermal_read_buffer(txt, strlen(txt), "t.txt", NULL, &tr, &d), LQ_OK);
    if (!tr) return;
    LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_TA && tr->n == 5);
    LQ_CHECK(tr->hf_unit == LQ_THERMAL_SIGNAL_W_PER_KG);
    LQ_CHECK_CLOSE(tr->hf[0], 100.0, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->mass_kg, 5.2e-6, 1e-12, 0);
    LQ_CHECK_CLOSE(tr->rate_K_per_s, 10.0 / 60, 1e-15, 0);
    LQ_CHECK(tr->n_segments == 2);
    if (tr->n_segments == 2) {
        LQ_CHECK(tr->segments[0].kind == LQ_THERMAL_HEATING && tr->segments[0].n == 3);
        LQ_CHECK(tr->segments[1].kind == LQ_THERMAL_ISOTHERMAL);
    }
    lq_thermal_trace_free(tr);
}
