/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared declarations of the thermo_tdb tests. */
#ifndef LQ_TESTS_THERMO_TDB_TT_H
#define LQ_TESTS_THERMO_TDB_TT_H

#include <stddef.h>

#include "liquidus/thermo.h"

void test_tdb_bind_hand(void);
void test_tdb_bind_reference(void);
void test_tdb_functions(void);
void test_tdb_derivatives_bind(void);
void test_tdb_cef_synthetic(void);
void test_tdb_magnetic(void);
void test_tdb_timing(void);
void test_tdb_properties(void);
void test_tdb_compiled_functions(void);
void test_tdb_magnetic_crfe(void);
void test_tdb_dialect(void);
void test_tdb_keywords(void);
void test_tdb_lenient(void);
void test_tdb_shared_files(void);
void test_tdb_bad_files(void);
void test_tdb_bad_generated(void);
void test_tdb_system_errors(void);
void test_tdb_alloc_failures(void);
void test_tdb_xiong_einstein_twostate(void);
void test_tdb_xiong_synthetic(void);
void test_tdb_gein(void);
void test_tdb_oc_dialect(void);
void test_tdb_corpus(void);
void test_tdb_extrapolations(void);
void test_tdb_sniff_format(void);

/** Reads data/tdb/BiNd.tdb of the source tree (NULL and a failure when it cannot). */
lq_db *tt_read_source(const char *rel);
/**
 * Checks every analytic derivative of phase `ph` of ws at (T, y) against central finite
 * differences (y steps h_y, T step h_T); rtol relative to the derivative's scale.
 */
void tt_check_fd(lq_thermo_ws *ws, const lq_system *sys, size_t ph, double T, const double *y,
                 double rtol);

/**
 * Writes db to a temporary TDB, reads it back and compares G of every phase of the system of all
 * elements at random (T, y) (test_shared.c); path names db in messages.
 */
void tt_round_trip(const char *path, const lq_db *db);

#endif
