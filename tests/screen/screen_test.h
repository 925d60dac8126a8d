/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Declarations of the screening tests. */
#ifndef LQ_SCREEN_TEST_H
#define LQ_SCREEN_TEST_H

#include "lq_test.h"

void test_screen_volume(void);
void test_screen_candidates(void);
void test_screen_hull(void);
void test_screen_rank(void);
void test_screen_xrd_determinism(void);
void test_screen_errors(void);
void test_screen_la2sb_cell(void);
void test_screen_la2sb_anti(void);

#endif
