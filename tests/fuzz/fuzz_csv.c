/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the core CSV reader (every delimiter mode, quotes, comments, numbers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 200000) return 0;
    /* no NUL terminator on purpose: the reader must stay inside [data, data + size) */
    char *text = malloc(size ? size : 1);
    if (!text) return 0;
    memcpy(text, data, size);
    static const char *const delims[] = {",", ";", "\t", " ", " ,;"};
    for (size_t m = 0; m < 5; m++) {
        lqi_csv r;
        lqi_csv_init(&r, text, size, "fuzz.csv");
        r.delims = delims[m];
        r.decimal_comma = m == 1;
        r.quotes = m == 0;
        r.trailing_comment = m == 4;
        r.comment = m == 4 ? "#!" : "#";
        (void)lqi_csv_probe_decimal_comma(&r.lines);
        while (lqi_csv_next(&r)) {
            if (r.nfield > LQI_CSV_MAX_FIELDS || r.s > r.e) abort();
            for (size_t k = 0; k <= r.nfield; k++) {
                double v;
                lq_diag d;
                (void)lqi_csv_number(&r, k, "x", &v, &d);
                char buf[32];
                lqi_csv_field(&r, k, buf, sizeof buf);
                if (strlen(buf) >= sizeof buf) abort();
            }
        }
    }
    free(text);
    return 0;
}
