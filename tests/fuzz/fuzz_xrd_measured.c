/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the measured powder-pattern reader (two columns, any separator, comments, a
 * header) on arbitrary bytes, written to a temporary file since it takes a path. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, close, unlink */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[] = "/tmp/lq_fuzz_xrdXXXXXX";
    if (fuzz_write_temp(data, size, path) != 0) return 0;
    double *tt = NULL, *y = NULL;
    size_t n = 0;
    lq_diag d;
    if (lq_xrd_read_measured(path, &tt, &y, &n, &d) == LQ_OK) {
        for (size_t i = 0; i < n; i++)
            if (!isfinite(tt[i]) || !isfinite(y[i])) __builtin_trap();
        lq_free(tt);
        lq_free(y);
    }
    unlink(path);
    return 0;
}
