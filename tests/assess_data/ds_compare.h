/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep comparison of two ESPEI datasets for the round-trip tests (exact numbers, NaN == NaN). */
#ifndef LQ_TEST_DS_COMPARE_H
#define LQ_TEST_DS_COMPARE_H

#include "liquidus/assess.h"

/** 1 when a and b hold the same dataset (the path is not compared). */
int ds_equal(const lq_dataset *a, const lq_dataset *b);

#endif
