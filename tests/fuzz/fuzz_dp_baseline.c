/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: .dplr files (model + long-range baseline) through lq_dp_baseline_read. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "liquidus/deepmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 16) return 0;
    char path[] = "/tmp/fuzz_dp_baseline_XXXXXX";
    if (fuzz_write_temp(data, size, path) != 0) return 0;
    lq_dp_baseline b;
    lq_diag d;
    char model[256];
    if (lq_dp_baseline_read(path, &b, model, sizeof model, &d) == LQ_OK) {
        /* what is accepted is consistent */
        if (b.n_types < 1 || b.n_types > LQ_DP_BASELINE_MAX_TYPES || !model[0] ||
            !(b.dsf_rcut_A > 0) || !(b.dsf_alpha_per_A >= 0) ||
            !(b.ewald_accuracy > 0 && b.ewald_accuracy < 1))
            abort();
        for (size_t t = 0; t < b.n_types; t++)
            if (!(b.charge_e[t] >= -10 && b.charge_e[t] <= 10) || !b.type_map[t][0]) abort();
    }
    unlink(path);
    return 0;
}
