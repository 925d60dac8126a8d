/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the autodetecting potentiostat reader on arbitrary bytes, plus each reader
 * forced on the same bytes (a file may be detected as one format and still be read as another).
 * The seed corpus (tests/fuzz/smoke.sh) holds the public test files of shared/data/echem and its
 * folders (EC-Lab .mpr of every data module version incl. the 11.50 header, Gamry multi-table
 * and VFP600 files, PSTrace 5.11 and curve-only sessions), each after a 0 byte (= detect). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/echem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch(const lq_echem_record *r) {
    /* Walk everything the record claims to own so that ASan sees every array end. */
    volatile double s = 0.0;
    for (size_t i = 0; i < r->n; i++) {
        s += r->time_s[i] + r->potential_V[i] + r->current_A[i] + (double)r->cycle[i];
        if (r->charge_C) s += r->charge_C[i];
        for (size_t j = 0; j < r->nextra; j++) s += r->extra[j].v[i];
    }
    for (size_t k = 0; k < r->nsegments; k++) {
        const lq_echem_segment *g = &r->segments[k];
        if (g->start + g->count > r->n) __builtin_trap();
    }
    for (size_t k = 0; k < r->nwarnings; k++)
        if (!r->warnings[k]) __builtin_trap();
    /* Column names are unique and never those of the record's own CSV columns. */
    static const char *const own[] = {"time_s", "E_V", "I_A", "Q_C", "cycle", "segment"};
    for (size_t j = 0; j < r->nextra; j++) {
        for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
            if (strcmp(r->extra[j].name, own[k]) == 0) __builtin_trap();
        for (size_t k = 0; k < j; k++)
            if (strcmp(r->extra[j].name, r->extra[k].name) == 0) __builtin_trap();
    }
    (void)s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* The first byte picks the format (0 = detect) so the fuzzer reaches every reader. */
    lq_echem_read_options o = lq_echem_read_options_default();
    if (size > 0) {
        o.format = (lq_echem_format)(data[0] % LQ_ECHEM_FMT_COUNT_);
        data++, size--;
    }
    const char *names[] = {"f.csv", "f.mpr", "f.DTA", "f.txt"};
    lq_echem_record *r = NULL;
    lq_diag d;
    if (lq_echem_record_read_buffer(data, size, names[size % 4], &o, &r, &d) == LQ_OK) {
        touch(r);
        lq_echem_record_free(r);
    }
    return 0;
}
