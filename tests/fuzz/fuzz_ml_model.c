/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: MEGNet model files (liquidus ML format 2) through the reader, then one
 * prediction. */
#include <stdint.h>
#include <stdlib.h>

#include "liquidus/dft.h"
#include "ml/ml_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 21) return 0;
    lq_ml_model *m = NULL;
    lq_diag d;
    lq_status st = lqi_ml_model_read_mem((const char *)data, size, "fuzz.lqml", &m, &d);
    if (st != LQ_OK) return 0;
    /* what is accepted is consistent and can predict */
    if (!(lq_ml_model_cutoff_A(m) > 0) || !(lq_ml_model_mae_eV_per_atom(m) > 0)) abort();
    lq_structure *s = NULL;
    if (lq_structure_alloc(2, &s) == LQ_OK) {
        for (int i = 0; i < 3; i++) s->lattice_A[i][i] = 4.1437;
        s->z[0] = 55;
        s->z[1] = 17;
        s->frac[1][0] = s->frac[1][1] = s->frac[1][2] = 0.5;
        lq_ml_prediction p;
        st = lq_ml_predict(m, s, &p, &d);
        if (st != LQ_OK && st != LQ_EDOM && st != LQ_ENOMEM) abort();
        lq_structure_free(s);
    }
    lq_ml_model_free(m);
    return 0;
}
