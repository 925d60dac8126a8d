/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: an MCMC trace (.npy bytes) through the uncertainty propagation's sample
 * selection (zero-filled tail, burn-in/last/thin from the first bytes, walkers) and evaluation. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *TDB =
    "ELEMENT VA VACUUM 0 0 0 !\nELEMENT BI RHOMBOHEDRAL_A7 208.98 0 0 !\n"
    "ELEMENT ND DHCP 144.24 0 0 !\nTYPE_DEFINITION % SEQ * !\n"
    "FUNCTION VV0000 298.15 -20000; 6000 N !\nFUNCTION VV0001 298.15 1.5; 6000 N !\n"
    "PHASE LIQUID % 1 1 !\nCONSTITUENT LIQUID :BI,ND: !\n"
    "PARAMETER G(LIQUID,BI;0) 298.15 11000-20*T; 6000 N !\n"
    "PARAMETER G(LIQUID,ND;0) 298.15 7000-10*T; 6000 N !\n"
    "PARAMETER L(LIQUID,BI,ND;0) 298.15 VV0000+VV0001*T; 6000 N !\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3 || size > 1 << 16) return 0;
    static lq_db *db = NULL;
    if (!db && lq_db_read_string(TDB, "fuzz.tdb", &db, NULL) != LQ_OK) abort();
    lq_assess_trace tr;
    memset(&tr, 0, sizeof tr);
    size_t shape[LQI_NPY_MAX_DIM], nd = 0;
    if (lqi_npy_read_mem(data + 3, size - 3, "fuzz.npy", &tr.trace, shape, LQI_NPY_MAX_DIM, &nd,
                         NULL) != LQ_OK)
        return 0;
    if (nd == 3 && shape[0] * shape[1] <= 256) {
        tr.n_walkers = shape[0];
        tr.n_iterations = shape[1];
        tr.n_params = shape[2];
        tr.path = "fuzz.npy";
        lq_assess_uq_options opt;
        lq_assess_uq_options_default(&opt);
        opt.burn_in = data[0] % 8;
        opt.last = data[1] % 8;
        opt.thin = 1 + data[2] % 4;
        opt.n_threads = 1;
        double T = 973.0, x = 0.3;
        const char *comps[] = {"BI", "ND"};
        lq_assess_uq_grid g = {comps, 2, "LIQUID", &T, 1, "ND", &x, 1, NULL};
        lq_assess_uq_prop p[2];
        lq_assess_uq_prop_parse("HM_MIX", &p[0]);
        lq_assess_uq_prop_parse("ACR_ND", &p[1]);
        lq_assess_uq_result *r = NULL;
        if (lq_assess_uq_props(db, &tr, p, 2, &g, &opt, &r, NULL) == LQ_OK) {
            /* every sample is either in the quantiles or counted as failed */
            if (!r || r->n_samples == 0 || r->n_failed[0] > r->n_samples) abort();
            for (size_t q = 1; q < r->n_quantiles; q++)
                if (r->band[q] < r->band[q - 1]) abort(); /* NaN compares false */
        }
        lq_assess_uq_result_free(r);
    }
    lqi_free(tr.trace);
    return 0;
}
