/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ChemSage's SUBM liquid: the ionic two-sublattice liquid with a Kohler-Toop excess. */
#include <math.h>

#include "thermo/thermo_internal.h"

/*
 * The SUBM phase of a ChemSage .dat file as Thermochimica defines it
 * (src/parser/ParseCSDataBlockSUBM.f90 and src/gem/CompExcessGibbsEnergySUBM.f90, commit
 * 37dc8fa; "equivalent to IS2L (SUBI), except [it] has no neutral or vacancy species"): cations
 * C with charges q_C on the first sublattice, anions A with charges q_A on the second, per
 * formula unit (C)_P (A)_Q with P = sum_A q_A y_A, Q = sum_C q_C y_C,
 *
 *   G = sum_C sum_A y_C y_A G_C:A + R T (P sum_C y_C ln y_C + Q sum_A y_A ln y_A) + G_ex.
 *
 * The file gives each pair C:A as a species C_m A_n (m q_C = n q_A) with its Gibbs energy per
 * mole of that formula; G_C:A is the energy of C_{q_A} A_{q_C}, that is q_C / n times the
 * species' (the .dat reader scales it). The reference and ideal terms are those of the ionic
 * liquid (model/ionic.c: the phase is read as one, with its moles not linear in y). Thermochimica
 * works per mole of species with the species' fractions forced to random mixing,
 * x_CA ~ y_C y_A q_C / n; per formula unit its excess is, for a parameter mixing C1, C2 (or
 * anions) with the constituent X of the other sublattice,
 *
 *   G_ex = L xi_1^(p-1) xi_2^(q-1) / (xi_1 + xi_2)^(p+q-2) Y_C1 Y_C2 Y_X P Q,
 *
 * Y the charge-equivalent fractions of each sublattice (Y_C = q_C y_C / Q, Y_A = q_A y_A / P),
 * xi the Kohler/Toop sums of model/qkto.c over the mixing sublattice; a ternary parameter has
 * L Y_1^p Y_2^q Y_3^r / (Y_1 + Y_2 + Y_3)^(p+q+r-3) Y_X P Q. Written with y these are products
 * of powers of linear forms, built and evaluated by model/qkto.c. The same record serves a SUBI
 * liquid with Thermochimica's case-12 terms L(Ci,Cj:Va,Bk) of several orders (products too).
 */

lq_status lqi_thermo_subm_eval(lq_thermo_ws *ws, size_t phase, const double *y, unsigned what,
                               lq_phase_eval *out) {
    const lqi_sphase *ph = &ws->sys->ph[phase];
    lq_status st =
        lqi_thermo_ionic_eval_data(ws, phase, lqi_thermo_kt_ionic(ph->mdata), y, what, out);
    if (st) return st;
    lqi_thermo_kt_add(ws, ph->mdata, y, ph->ncons, what, out);
    return isfinite(out->G) ? LQ_OK : LQ_EDOM;
}

lq_status lqi_thermo_subm_moles(const lq_system *sys, size_t phase, const double *y, double *M,
                                double *dM, double *d2M) {
    return lqi_thermo_ionic_moles_data(sys, phase, lqi_thermo_kt_ionic(sys->ph[phase].mdata), y, M,
                                       dM, d2M);
}
