/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: DeePMD-kit model files (YAML) through the tree loader and the model builder,
 * then one evaluation of a small periodic frame. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "md/dp/dp_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 17) return 0;
    cJSON *root = NULL;
    lq_diag d;
    if (lqi_dp_tree_load_yaml_mem((const char *)data, size, "fuzz.yaml", &root, &d) != LQ_OK)
        return 0;
    lq_dp_model *m = NULL;
    if (lqi_dp_model_from_tree(root, "fuzz.yaml", &m, &d) == LQ_OK) {
        /* what is accepted is consistent */
        if (lq_dp_model_ntypes(m) < 1 || !(lq_dp_model_rcut_A(m) > 0) ||
            !lq_dp_model_type_name(m, 0))
            abort();
        size_t nfp = lq_dp_model_dim_fparam(m), nap = lq_dp_model_dim_aparam(m);
        if (nfp <= 8 && nap <= 8) {
            double pos[9] = {0.1, 0.2, 0.3, 1.4, 0.9, 0.2, 0.5, 1.7, 1.1};
            double box[9] = {4, 0, 0, 0.5, 4, 0, 0, 0.3, 4}, fp[8] = {0}, ap[24] = {0};
            int type[3] = {0, 0, (int)(lq_dp_model_ntypes(m) - 1)};
            double f[9];
            lq_dp_frame fr = {3, type, pos, box, fp, ap};
            lq_dp_result r = {0};
            r.forces_eV_per_A = f;
            lq_status st = lq_dp_compute(m, &fr, NULL, &r, &d);
            if (st != LQ_OK && st != LQ_ENOMEM) abort();
        }
        lq_dp_model_free(m);
    }
    cJSON_Delete(root);
    return 0;
}
