/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the E-V points CSV reader on arbitrary bytes, then a fit of what it read. */
#include <stddef.h>
#include <stdint.h>

#include "liquidus/dft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    lq_ev_points p;
    lq_diag d;
    if (lq_ev_points_read_csv_buffer((const char *)data, size, "fuzz.csv", &p, &d) != LQ_OK)
        return 0;
    volatile double s = 0.0;
    for (size_t i = 0; i < p.n; i++) s += p.v_A3[i] + p.e_eV[i];
    (void)s;
    lq_eos_result r;
    if (p.n <= 256) lq_eos_fit(LQ_EOS_POLY4, p.v_A3, p.e_eV, p.n, NULL, &r, &d);
    lq_ev_points_free(&p);
    return 0;
}
