/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic DSC traces with known onsets, areas and baseline, written as CSV text. */
#ifndef LQ_TEST_THERMAL_SYNTH_H
#define LQ_TEST_THERMAL_SYNTH_H

#include <stddef.h>

/* A melting peak of a pure substance as a heat-flux DSC records it: a straight rise from the
 * onset T0 to the peak Tp (height h, W/g), then an exponential return of length delta (K). Its
 * extrapolated onset is T0 exactly and its area (J/g) is h ((Tp - T0)/2 + delta) / rate. */
typedef struct synth_peak {
    double T0, Tp, h, delta;
} synth_peak;

/* CSV "Time (s),Temperature (K),Heat Flow (W/g)" with '# exo: down' (endothermic positive):
 * heating at rate (K/s) from Ta to Tb in steps of dT, baseline b0 + b1 (T - 500) (W/g), peaks,
 * Gaussian noise of sd noise (W/g), the recorded temperature shifted by lag_s * rate plus
 * T_shift (a thermocouple reading off). Returns malloc'd text (free()). */
char *synth_csv(double Ta, double Tb, double dT, double rate, double b0, double b1,
                const synth_peak *pk, size_t npk, double noise, double lag_s, double T_scale,
                double T_shift, unsigned long seed);

/* Area of a peak in J/kg at the rate (K/s). */
double synth_area_J_per_kg(const synth_peak *pk, double rate);

#endif
