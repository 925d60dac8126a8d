/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redox potentials: Table 3 of the Mg-La study (seeds/000_434b7334b4684901.txt) and error paths. */
#include <math.h>

#include "liquidus/md.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "md_tools_test.h"

void test_redox_table3(void) {
    /* Table 3: total energies (eV) of the ox/red states and the DPMD potentials vs Cl2/Cl- (V),
     * given to 0.01 V; mu(Cl2) = -6.00 eV (issue 5). Tolerance 0.01 V: the table's rounding. */
    struct {
        double e_ox, e_red;
        int n;
        double want;
    } rows[] = {
        {-316.29, -305.10, 2, -2.60}, {-294.76, -277.17, 3, -2.86}, {-295.27, -278.12, 3, -2.72}};
    for (int i = 0; i < 3; i++) {
        lq_md_redox_input in = {rows[i].e_ox, 0.0,   rows[i].e_red, 0.0,
                                rows[i].n,    -6.00, 0.0,           973.0};
        lq_md_redox_result r;
        LQ_CHECK_STATUS(lq_md_redox_potential(&in, &r), LQ_OK);
        LQ_CHECK_CLOSE(r.E_vs_cl2_V, rows[i].want, 0.0, 0.01);
        /* closed form: -(E_red + n/2 mu - E_ox)/n */
        double exact = -(rows[i].e_red - 3.0 * rows[i].n - rows[i].e_ox) / rows[i].n;
        LQ_CHECK_CLOSE(r.E_vs_cl2_V, exact, 1e-12, 1e-12);
        /* Eq. 6 at 973 K: -1.0910 + 1.17e-5 * 973 = -1.0796159 V */
        LQ_CHECK_CLOSE(r.phi_agagcl_vs_cl2_V, -1.0796159, 1e-12, 1e-12);
        LQ_CHECK_CLOSE(r.E_vs_agagcl_V, exact + 1.0796159, 1e-12, 1e-12);
        LQ_CHECK(r.E_err_V == 0.0);
    }
    /* errors add in quadrature and divide by n */
    lq_md_redox_input in = {-316.29, 0.03, -305.10, 0.04, 2, -6.0, 0.02, 973.0};
    lq_md_redox_result r;
    LQ_CHECK_STATUS(lq_md_redox_potential(&in, &r), LQ_OK);
    LQ_CHECK_CLOSE(r.E_err_V, sqrt(0.03 * 0.03 + 0.04 * 0.04 + 0.02 * 0.02) / 2.0, 1e-12, 0.0);
}

void test_redox_errors(void) {
    lq_md_redox_result r;
    lq_md_redox_input in = {-316.29, 0.0, -305.10, 0.0, 0, -6.0, 0.0, 973.0};
    LQ_CHECK_STATUS(lq_md_redox_potential(&in, &r), LQ_EINVAL);
    in.n_electrons = 2;
    in.T_K = 0.0;
    LQ_CHECK_STATUS(lq_md_redox_potential(&in, &r), LQ_EINVAL);
    in.T_K = 973.0;
    in.e_ox_eV = (double)NAN;
    LQ_CHECK_STATUS(lq_md_redox_potential(&in, &r), LQ_EINVAL);
    in.e_ox_eV = -316.29;
    in.e_red_err_eV = -1.0;
    LQ_CHECK_STATUS(lq_md_redox_potential(&in, &r), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_redox_potential(NULL, &r), LQ_EINVAL);
}
