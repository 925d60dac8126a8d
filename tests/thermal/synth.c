/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic DSC traces for the tests (see synth.h). */
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"

static double peak_value(const synth_peak *p, double T) {
    if (T <= p->T0) return 0.0;
    if (T <= p->Tp) return p->h * (T - p->T0) / (p->Tp - p->T0);
    return p->h * exp(-(T - p->Tp) / p->delta);
}

double synth_area_J_per_kg(const synth_peak *pk, double rate) {
    return pk->h * (0.5 * (pk->Tp - pk->T0) + pk->delta) / rate * 1e3;
}

char *synth_csv(double Ta, double Tb, double dT, double rate, double b0, double b1,
                const synth_peak *pk, size_t npk, double noise, double lag_s, double T_scale,
                double T_shift, unsigned long seed) {
    size_t n = (size_t)((Tb - Ta) / dT) + 1, cap = 128 + n * 64, k = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    k += (size_t)snprintf(s + k, cap - k,
                          "# synthetic DSC trace\n# exo: down\nTime (s),Temperature (K),Heat "
                          "Flow (W/g)\n");
    lqi_rng rng;
    lqi_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) {
        double T = Ta + (double)i * dT, t = (T - Ta) / rate;
        double y = b0 + b1 * (T - 500.0);
        for (size_t j = 0; j < npk; j++) y += peak_value(&pk[j], T);
        if (noise > 0) y += noise * lqi_rng_normal(&rng);
        double Trec = T_scale * (T + lag_s * rate) + T_shift;
        k += (size_t)snprintf(s + k, cap - k, "%.4f,%.6f,%.8f\n", t, Trec, y);
    }
    return s;
}
