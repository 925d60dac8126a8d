/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bi-Nd from the study's measured data: datasets, parameter generation, Table 1 solubilities. */
#include "liquidus/assess.h"
#include "lq_test.h"

void test_measured_paramgen(void);

void test_measured_paramgen(void) {}
