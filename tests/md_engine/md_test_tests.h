/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of the md_engine executable. */
#ifndef LQ_MD_TEST_TESTS_H
#define LQ_MD_TEST_TESTS_H

void test_lammps_ewald(void);
void test_lammps_pppm(void);
void test_lammps_data_roundtrip(void);

#endif
