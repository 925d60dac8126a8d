/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared declarations of the DeePMD-kit training-data tests. */
#ifndef DP_DATA_TEST_H
#define DP_DATA_TEST_H

#include <stddef.h>

#include "liquidus/deepmd.h"

void test_npy_roundtrip(void);
void test_npy_float32_bigendian(void);
void test_npy_bad_data(void);
void test_npy_write_refusals(void);
void test_outcar_h2o(void);
void test_vasprun_h2o(void);
void test_outcar_ch4(void);
void test_convert_alloc_failures(void);
void test_dp_test_recovery(void);

/** A fresh scratch folder under /tmp in buf; 0 on success. */
int dpt_tmpdir(char *buf, size_t size);
/** Removes a folder tree made by the tests (rm -r through nftw-free recursion). */
void dpt_rmtree(const char *dir);
/** Writes text to dir/name; 0 on success. */
int dpt_write(const char *dir, const char *name, const char *text);
/** A small synthetic system: 3 atoms of 2 types, nf frames, box, virial; values from k. */
void dpt_make_system(lq_dp_system *s, size_t nf, int with_box, int with_virial);

#endif
