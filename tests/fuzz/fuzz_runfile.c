/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: ESPEI run files (YAML) through lq_assess_run_read_string. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/assess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 100000) return 0;
    lq_assess_run_config c;
    lq_diag d;
    if (lq_assess_run_read_string((const char *)data, size, "fuzz.yaml", "/base", &c, &d) ==
        LQ_OK) {
        /* what is accepted satisfies the schema's rules */
        if (!c.phase_models || !c.datasets || !c.output_db || c.verbosity < 0 || c.verbosity > 3)
            abort();
        if (c.has_mcmc &&
            (c.iterations < 0 || c.save_interval < 1 || c.n_priors == 0 ||
             (!c.restart_trace && (c.chains_per_parameter < 2 || c.chains_per_parameter % 2 ||
                                   !(c.chain_std_deviation >= 0.0)))))
            abort();
        if (c.approximate_equilibrium) abort();
        lq_assess_run_free(&c);
    }
    return 0;
}
