/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test functions of the echem_io executable. */
#ifndef TEST_ECHEM_IO_H
#define TEST_ECHEM_IO_H
void test_numbers(void);
void test_units(void);
void test_csv_basic(void);
void test_file_biologic_cv_mpt(void);
void test_file_biologic_cv_mpr(void);
void test_file_biologic_ca_comma(void);
void test_file_biologic_ocv_comma(void);
void test_file_gamry_cv(void);
void test_file_gamry_chronoa(void);
void test_file_gamry_swv(void);
void test_file_gamry_ocp(void);
void test_file_autolab(void);
void test_file_versastudio(void);
void test_file_chi(void);
void test_file_palmsens(void);
void test_bad_empty_garbage(void);
void test_bad_mpt(void);
void test_bad_other_formats(void);
void test_bad_mpr_truncated(void);
void test_csv_options(void);
void test_alloc_failures(void);
void test_gamry_two_tables(void);
void test_chi_cv(void);
void test_par_two_segments(void);
void test_mpt_reference(void);
void test_too_many_columns(void);
void test_public_mpr_mpt_twins(void);
void test_public_eclab_names(void);
void test_public_empty(void);
void test_public_yadg_pkl(void);
void test_public_gamry_parser(void);
void test_public_palmsens_sdk(void);
void test_short_rows(void);
void test_mapped_files(void);

#include <stddef.h>

/* A public test file stored xz-compressed: its stem and the SHA-256 of the original. */
typedef struct lqt_packed {
    const char *stem, *sha256;
} lqt_packed;
extern const lqt_packed lqt_yadg_big[];
extern const size_t lqt_yadg_nbig;
/* Decompresses tests/data/echem/yadg/<stem>.mpt.xz of lqt_yadg_big[k] into a scratch folder
 * (once per process; removed at exit), checks its SHA-256 and writes its path; 0 on success,
 * else -1 after counting a failure. */
int lqt_unpack_yadg(size_t k, char *path, size_t size);
#endif
