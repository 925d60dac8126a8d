/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A two-component database with fitted symbols whose likelihood terms have closed forms. */
#ifndef LQ_TEST_ASSESS_LNPROB_FIXTURE_H
#define LQ_TEST_ASSESS_LNPROB_FIXTURE_H

#include <stdio.h>

/*
 * LIQUID (A,B): G_A = G_B = 0, L0 = VV0000 + VV0002 T (regular solution, no other terms), so
 *   G = R T (x ln x + (1-x) ln(1-x)) + L x (1-x),   H_mix = VV0000 x (1-x),
 *   mu_A = R T ln(1-x) + L x^2,  mu_B = R T ln x + L (1-x)^2.
 * AB (A):(B), site ratios 1:1: G = VV0001 + 10 T per formula unit (2 atoms), so per atom
 *   GM = (VV0001 + 10 T)/2 and HM_FORM = VV0001/2 (both elements refer to LIQUID, H = 0).
 * BSOL (B only): G = 5000 J/mol, never stable; an activity reference that cannot hold A.
 * The symbols' values are printed into the text so that a database with other values can be
 * read for comparison.
 */
static inline void lq_fixture_tdb(char *buf, size_t size, double v0, double v1, double v2) {
    snprintf(buf, size,
             "ELEMENT VA VACUUM 0 0 0 !\n"
             "ELEMENT A LIQUID 10 0 0 !\n"
             "ELEMENT B LIQUID 20 0 0 !\n"
             "FUNCTION VV0000 298.15 %.17g; 6000 N !\n"
             "FUNCTION VV0001 298.15 %.17g; 6000 N !\n"
             "FUNCTION VV0002 298.15 %.17g; 6000 N !\n"
             "TYPE_DEFINITION %% SEQ * !\n"
             "PHASE LIQUID %% 1 1 !\n"
             "CONSTITUENT LIQUID :A,B: !\n"
             "PARAMETER G(LIQUID,A;0) 298.15 0; 6000 N !\n"
             "PARAMETER G(LIQUID,B;0) 298.15 0; 6000 N !\n"
             "PARAMETER L(LIQUID,A,B;0) 298.15 VV0000+VV0002*T; 6000 N !\n"
             "PHASE AB %% 2 1 1 !\n"
             "CONSTITUENT AB :A:B: !\n"
             "PARAMETER G(AB,A:B;0) 298.15 VV0001+10*T; 6000 N !\n"
             "PHASE BSOL %% 1 1 !\n"
             "CONSTITUENT BSOL :B: !\n"
             "PARAMETER G(BSOL,B;0) 298.15 5000; 6000 N !\n",
             v0, v1, v2);
}

#endif /* LQ_TEST_ASSESS_LNPROB_FIXTURE_H */
