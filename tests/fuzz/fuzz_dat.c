/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: ChemSage .dat reader, system creation and evaluation of every phase (MQMQA
 * included) with all derivatives. */
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
    if (lqi_dat_read_string(text, "fuzz.dat", &db, &d) == LQ_OK) {
        fuzz_thermo_exercise(db);
        lq_db_free(db);
    }
    free(text);
    return 0;
}
