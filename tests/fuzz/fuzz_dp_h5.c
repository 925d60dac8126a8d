/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: DeePMD-kit .dp model files (HDF5) through liquidus's HDF5 reader and the tree
 * loader, then the model builder. */
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "md/dp/dp_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    cJSON *root = NULL;
    lq_diag d;
    if (lqi_dp_tree_load_h5_mem((const char *)data, size, "fuzz.dp", &root, &d) != LQ_OK) return 0;
    lq_dp_model *m = NULL;
    if (lqi_dp_model_from_tree(root, "fuzz.dp", &m, &d) == LQ_OK) {
        /* what is accepted is consistent */
        if (lq_dp_model_ntypes(m) < 1 || !(lq_dp_model_rcut_A(m) > 0)) abort();
        lq_dp_model_free(m);
    }
    cJSON_Delete(root);
    return 0;
}
