/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: TDB reader, writer round trip, system creation and phase evaluation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "fuzz_thermo.h"
#include "liquidus/thermo.h"
#include "thermo/thermo_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 200000) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    lq_db *db = NULL;
    lq_diag d;
    if (lq_db_read_string(text, "fuzz.tdb", &db, &d) == LQ_OK) {
        double v;
        (void)lq_db_function_eval(db, "F", 500.0, 1e5, &v, NULL);
        fuzz_thermo_exercise(db);
        /* the written text must read back */
        char *out = NULL;
        size_t len = 0;
        if (lqi_thermo_db_writable(db, NULL) == LQ_OK &&
            lqi_thermo_db_write_text(db, &out, &len) == 0) {
            lq_db *back = NULL;
            lq_status st = lq_db_read_string(out, "fuzz-written.tdb", &back, &d);
            if (st != LQ_OK && st != LQ_ENOMEM) abort(); /* writer produced unreadable TDB */
            lq_db_free(back);
            lqi_free(out);
        }
        lq_db_free(db);
    }
    free(text);
    return 0;
}
