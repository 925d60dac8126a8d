/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the order-disorder tests: the Al-Ni database of Dupin et al. 2001. */
#ifndef LQ_TEST_ORDIS_FIXTURE_H
#define LQ_TEST_ORDIS_FIXTURE_H

#include "liquidus/thermo.h"

/*
 * Reads ../shared/data/tdb/alni_dupin_2001.tdb (pycalphad's test database, N. Dupin, I. Ansara,
 * B. Sundman, Calphad 25 (2001) 279); plain = 1 drops its two DISORDERED_PART statements, so that
 * FCC_L12 and BCC_B2 are ordinary CEF phases beside FCC_A1 and BCC_A2. NULL when the file is
 * missing (reported) or cannot be read (a failed check).
 */
lq_db *ofx_read_alni(int plain);

#endif
