/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Warning of eq, map and step when the database's functions are used outside their T ranges. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "demo_thermo.h"

#define SHOWN 6 /* functions named on stderr; JSON lists them all */

static void describe(const lq_thermo_extrapolation *e, char *buf, size_t size) {
    if (e->function[0])
        snprintf(buf, size, "%s (%g-%g K, line %ld)", e->function, e->T_low_K, e->T_high_K,
                 e->line);
    else
        snprintf(buf, size, "parameter of line %ld (%g-%g K)", e->line, e->T_low_K, e->T_high_K);
}

static void add_json(cJSON *json, const lq_thermo_extrapolation *e, size_t n) {
    cJSON *o = cJSON_AddObjectToObject(json, "extrapolated");
    cJSON_AddBoolToObject(o, "trusted", 0);
    cJSON_AddStringToObject(o, "note",
                            "functions used outside every temperature range the database gives "
                            "them (nearest range extrapolated)");
    cJSON *a = cJSON_AddArrayToObject(o, "functions");
    for (size_t i = 0; i < n; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "function", e[i].function);
        cJSON_AddNumberToObject(f, "line", (double)e[i].line);
        cJSON_AddNumberToObject(f, "T_low_K", e[i].T_low_K);
        cJSON_AddNumberToObject(f, "T_high_K", e[i].T_high_K);
        cJSON_AddItemToArray(a, f);
    }
}

size_t lqa_thermo_extrapolation(const char *cmd, const lq_system *sys, double T_lo, double T_hi,
                                void *json) {
    size_t n = 0;
    if (lq_system_extrapolations(sys, T_lo, T_hi, NULL, 0, &n) != LQ_OK || n == 0) return 0;
    lq_thermo_extrapolation *e = malloc(n * sizeof *e);
    if (!e) return n;
    size_t m = n;
    lq_system_extrapolations(sys, T_lo, T_hi, e, n, &m);
    char span[64], one[256];
    if (json) {
        add_json((cJSON *)json, e, n);
        free(e);
        return n;
    }
    if (T_lo == T_hi)
        snprintf(span, sizeof span, "T = %g K", T_lo);
    else
        snprintf(span, sizeof span, "T = %g-%g K", T_lo, T_hi);
    fprintf(stderr,
            "liquidus %s: warning: at %s, %zu function(s) of the database are used outside every "
            "temperature range it gives them and are extrapolated; results there are not to be "
            "trusted:",
            cmd, span, n);
    for (size_t i = 0; i < n && i < SHOWN; i++) {
        describe(&e[i], one, sizeof one);
        fprintf(stderr, "%s %s", i ? "," : "", one);
    }
    fprintf(stderr, "%s\n", n > SHOWN ? ", ..." : "");
    free(e);
    return n;
}
