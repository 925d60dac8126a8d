/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of the echem_io executable. */
#ifndef TEST_ECHEM_IO_H
#define TEST_ECHEM_IO_H
void test_numbers(void);
void test_units(void);
void test_csv_basic(void);
#endif
