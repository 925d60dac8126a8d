/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Einstein (THETA) and liquid-amorphous two-state (GD) contributions to the Gibbs energy. */
#include <math.h>

#include "thermo/model/mvjet.h"
#include "thermo/thermo_internal.h"

/*
 * Both follow pycalphad (model.py, einstein_energy and twostate_energy), per formula unit:
 *
 * Einstein: the THETA parameters are ln(theta_E) and mix as a CEF/Redlich-Kister sum; with
 * theta = exp(sum), G_E = 1.5 R theta + 3 R T ln(1 - exp(-theta/T)), the Gibbs energy of an
 * Einstein solid including its zero-point energy (Q. Chen, B. Sundman, J. Phase Equilib. 22
 * (2001) 631; the third-generation unary descriptions use it). With u = theta/T and
 * s = 1/(exp(u) - 1): G_theta = 1.5 R + 3 R s, G_T = 3 R (ln(1 - e^-u) - u s),
 * G_theta,theta = -3 R s (1 + s)/T, G_theta,T = 3 R u s (1 + s)/T, G_T,T = -3 R u^2 s (1 + s)/T.
 *
 * Two-state liquid (J. Agren, Phys. Chem. Liq. 18 (1988) 123; J. Agren, B. Cheynet,
 * M.T. Clavaguera-Mora et al., Calphad 19 (1995) 449): GD, the Gibbs energy of the
 * amorphous-to-liquid change, a CEF sum; G_2st = -R T ln(1 + exp(-GD/(R T))). With
 * sigma = 1/(1 + exp(GD/(R T))): G_GD = sigma, G_T = -R ln(1 + exp(-GD/(R T))) - sigma GD/T,
 * G_GD,GD = -sigma (1 - sigma)/(R T), G_GD,T = sigma (1 - sigma) GD/(R T^2),
 * G_T,T = -sigma (1 - sigma) GD^2/(R T^3).
 *
 * The parameters may depend on T and on the site fractions; the jets of mvjet.h carry both.
 */

lq_status lqi_thermo_einstein_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out) {
    const size_t n = ph->ncons, m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch;
    lqi_mv lnth = lqi_mv_at(s, m), th = lqi_mv_at(s + B, m), res = lqi_mv_at(s + 2 * B, m);
    lqi_mv_cef_sum(ws, ph->t0[LQI_TERM_TH], ph->t1[LQI_TERM_TH], y, n, &lnth, s + 8 * B);
    double theta = exp(*lnth.v);
    lqi_mv_compose(&lnth, theta, theta, theta, &th, m);
    const double T = ws->T, R = ws->R, u = theta / T;
    if (!(u > 0.0) || !isfinite(u)) return LQ_EDOM;
    double sv = 1.0 / expm1(u); /* exp overflows for large u: sv = 0, the right limit */
    double ss = sv * (1.0 + sv), L = log1p(-exp(-u));
    double f = 1.5 * R * theta + 3.0 * R * T * L;
    lqi_mv_compose_T(&th, f, 1.5 * R + 3.0 * R * sv, 3.0 * R * (L - u * sv), -3.0 * R * ss / T,
                     3.0 * R * u * ss / T, -3.0 * R * u * u * ss / T, &res, m);
    lqi_mv_add_to_eval(&res, n, what, out);
    return LQ_OK;
}

lq_status lqi_thermo_twostate_add(lq_thermo_ws *ws, const lqi_sphase *ph, const double *y,
                                  unsigned what, lq_phase_eval *out) {
    const size_t n = ph->ncons, m = n + 1, B = 1 + m + m * m;
    double *s = ws->scratch;
    lqi_mv gd = lqi_mv_at(s, m), res = lqi_mv_at(s + B, m);
    lqi_mv_cef_sum(ws, ph->t0[LQI_TERM_GD], ph->t1[LQI_TERM_GD], y, n, &gd, s + 8 * B);
    const double T = ws->T, R = ws->R, RT = R * T, w = *gd.v, z = -w / RT;
    if (!isfinite(z)) return LQ_EDOM;
    /* softplus(z) = ln(1 + e^z) and sigma = e^z/(1 + e^z), written so that neither overflows */
    double e = exp(-fabs(z));
    double sp = (z > 0.0 ? z : 0.0) + log1p(e);
    double sig = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    double q = sig * (1.0 - sig);
    lqi_mv_compose_T(&gd, -RT * sp, sig, -R * sp - sig * w / T, -q / RT, q * w / (RT * T),
                     -q * w * w / (RT * T * T), &res, m);
    lqi_mv_add_to_eval(&res, n, what, out);
    return LQ_OK;
}
