/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only simulator of cyclic voltammograms (planar diffusion, Nernst or Butler-Volmer). */
#ifndef TEST_CV_SIM_H
#define TEST_CV_SIM_H

#include "liquidus/echem.h"

/** Parameters of a simulated CV (SI units); the forward sweep is cathodic unless `anodic`. */
typedef struct cv_sim_par {
    int n;                        /* electrons */
    double T_K, D, C, A;          /* K, m^2/s (both species), mol/m^3 of O, m^2 */
    double v;                     /* scan rate, V/s */
    double E0;                    /* formal potential, V */
    double E_start, E_vertex, dE; /* V; one sample per dE */
    double k0;                    /* m/s; INFINITY: Nernstian */
    double alpha;                 /* transfer coefficient */
    double Cdl;                   /* double-layer capacitance, F (current Cdl dE/dt) */
    int anodic; /* 1: only R in the bulk, the forward sweep anodic (E_start < E_vertex) */
} cv_sim_par;

/** n = 1, 298.15 K, D = 1e-9 m^2/s, 1 mol/m^3, 1e-5 m^2, 0.1 V/s, E0 = 0, 0.3 -> -0.3 V,
 *  0.5 mV steps, Nernstian, alpha = 0.5, no capacitance. */
cv_sim_par cv_sim_default(void);

/** One cycle start -> vertex -> start into a new record (times, E, I; IUPAC sign; scan rate set).
 */
lq_status cv_sim_run(const cv_sim_par *p, lq_echem_record **out);

#endif
