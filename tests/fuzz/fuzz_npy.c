/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: .npy reader (header parser, data), and the header writer round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    double *d = NULL;
    size_t shape[LQI_NPY_MAX_DIM], nd = 0;
    if (lqi_npy_read_mem(data, size, "fuzz.npy", &d, shape, LQI_NPY_MAX_DIM, &nd, NULL) == LQ_OK) {
        /* a header written for the shape read must parse back to the same shape */
        char h[LQI_NPY_HEADER_MAX];
        size_t n = lqi_npy_header_format(h, sizeof h, shape, nd);
        lqi_npy_header back;
        if (n == 0 || lqi_npy_parse_header(h, n, "back", &back, NULL) != LQ_OK || back.ndim != nd ||
            memcmp(back.shape, shape, nd * sizeof(size_t)) != 0 || back.data_offset != n ||
            n % 64 != 0)
            abort();
        lqi_free(d);
    }
    return 0;
}
