/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the hull entries reader on arbitrary bytes, and the hull built from them. */
#include <stddef.h>
#include <stdint.h>

#include "liquidus/dft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    lq_hull_entries e;
    lq_diag d;
    if (lq_hull_entries_read_buffer((const char *)data, size, "fuzz.csv", &e, &d) != LQ_OK)
        return 0;
    if (e.n > 64) { /* the simplex is O(n^3): keep each input fast */
        lq_hull_entries_free(&e);
        return 0;
    }
    lq_hull *h = NULL;
    if (lq_hull_entries_build(&e, (int)(size & 1), &h, &d) == LQ_OK) {
        for (size_t i = 0; i < e.n; i++) {
            double ef, ea;
            if (lq_hull_entry(h, i, &ef, &ea) != LQ_OK) __builtin_trap();
        }
        lq_hull_free(h);
    }
    lq_hull_entries_free(&e);
    return 0;
}
