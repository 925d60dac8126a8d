/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the calorimeter readers (autodetected, and each forced by the first byte)
 * on arbitrary bytes, and the DSC analysis of whatever trace they return. */
#include <stddef.h>
#include <stdint.h>

#include "liquidus/thermal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch(const lq_thermal_trace *tr) {
    volatile double s = 0.0;
    for (size_t i = 0; i < tr->n; i++)
        s += tr->T_K[i] + tr->hf[i] + tr->t_s[i] + (double)tr->line[i];
    for (size_t k = 0; k < tr->n_segments; k++)
        if (tr->segments[k].start + tr->segments[k].n > tr->n) __builtin_trap();
    for (size_t k = 0; k < tr->n_warnings; k++)
        if (!tr->warnings[k]) __builtin_trap();
    (void)s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    lq_thermal_read_options o;
    lq_thermal_read_options_default(&o);
    if (size > 0) {
        o.format = (lq_thermal_format)(data[0] % LQ_THERMAL_FORMAT_COUNT_);
        data++, size--;
    }
    lq_thermal_trace *tr = NULL;
    lq_diag d;
    if (lq_thermal_read_buffer((const char *)data, size, "fuzz", &o, &tr, &d) != LQ_OK) return 0;
    touch(tr);
    lq_dsc_result *r = NULL;
    /* the analysis is linear-logarithmic in the rows: long traces only slow the fuzzer down */
    if (tr->n <= 4096 && lq_dsc_analyse(tr, NULL, &r, &d) == LQ_OK) {
        for (size_t k = 0; k < r->n_peaks; k++)
            if (r->peaks[k].i_end >= tr->n || r->peaks[k].i_start > r->peaks[k].i_end)
                __builtin_trap();
        lq_dsc_result_free(r);
    }
    lq_thermal_trace_free(tr);
    return 0;
}
