/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the extended XYZ reader (first frame: count, key=value line with Lattice, pbc
 * and Properties, atom lines) on arbitrary bytes; what it returns must be consistent. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "liquidus/deepmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    lq_md_config cfg;
    memset(&cfg, 0, sizeof cfg);
    lq_diag d;
    if (lq_md_extxyz_parse((const char *)data, size, "fuzz.xyz", &cfg, &d) != LQ_OK) return 0;
    /* Every position finite and every atom with a species. */
    for (size_t i = 0; i < 3 * cfg.n_atoms; i++)
        if (!isfinite(cfg.pos_A[i])) __builtin_trap();
    lq_md_config_free(&cfg);
    return 0;
}
