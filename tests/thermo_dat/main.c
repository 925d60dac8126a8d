/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test executable of the ChemSage .dat reader and the MQMQA model (thermo_dat). */
#include "lq_test.h"
#include "td.h"

LQ_TEST_MAIN_DEFINE;

int main(void) {
    LQ_RUN(test_dat_shared_files);
    LQ_RUN(test_dat_mqmqa_reference);
    LQ_RUN(test_dat_mqmqa_derivatives);
    LQ_RUN(test_dat_bad);
    LQ_RUN(test_dat_equilibrium);
    LQ_RUN(test_dat_equilibrium_almg);
    LQ_RUN(test_dat_nacl_mgcl2);
    LQ_RUN(test_dat_subi_cste);
    LQ_RUN(test_dat_subi_camns);
    LQ_RUN(test_dat_subi_orders);
    LQ_RUN(test_dat_subi_reciprocal);
    LQ_RUN(test_dat_subi_case12);
    LQ_RUN(test_dat_subm_thermochimica);
    LQ_RUN(test_dat_qkto_energies);
    LQ_RUN(test_dat_qkto_noble);
    LQ_RUN(test_dat_qkto_miscibility);
    LQ_RUN(test_dat_kt_derivatives);
    LQ_RUN(test_dat_qkto_written_out);
    LQ_RUN(test_dat_fetivo);
    LQ_RUN(test_dat_kt_alloc_failures);
    return lq_test_finish();
}
