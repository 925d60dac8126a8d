/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test functions of tests/thermo_cell. */
#ifndef LQ_TESTS_THERMO_CELL_H
#define LQ_TESTS_THERMO_CELL_H

void test_cell_bind_consistency(void);
void test_cell_bind_activity(void);
void test_cell_mgla_inverse(void);
void test_cell_mgla_round_trip(void);
void test_cell_datasets(void);
void test_cell_bind_inverse_db(void);
void test_cell_hull(void);
void test_cell_errors(void);
void test_cell_alloc_failures(void);

#endif /* LQ_TESTS_THERMO_CELL_H */
