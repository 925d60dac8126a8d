/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared declarations of the thermo_dat tests. */
#ifndef LQ_TESTS_THERMO_DAT_TD_H
#define LQ_TESTS_THERMO_DAT_TD_H

#include <stddef.h>

#include "liquidus/thermo.h"

void test_dat_shared_files(void);
void test_dat_mqmqa_reference(void);
void test_dat_mqmqa_derivatives(void);
void test_dat_bad(void);
void test_dat_equilibrium(void);
void test_dat_equilibrium_almg(void);
void test_dat_nacl_mgcl2(void);
void test_dat_subi_cste(void);
void test_dat_subi_camns(void);
void test_dat_subi_orders(void);
void test_dat_subi_reciprocal(void);
void test_dat_subi_case12(void);
void test_dat_subm_thermochimica(void);
void test_dat_qkto_energies(void);
void test_dat_qkto_noble(void);
void test_dat_qkto_miscibility(void);
void test_dat_kt_derivatives(void);
void test_dat_qkto_written_out(void);
void test_dat_fetivo(void);
void test_dat_kt_alloc_failures(void);

/** Reads a file of ../shared/data/chemsage (NULL and a failure when it cannot). */
lq_db *td_read_shared(const char *rel);
/** Index of the constituent named `name` of a phase, or (size_t)-1. */
size_t td_constituent(const lq_system *sys, size_t phase, const char *name);

#endif
