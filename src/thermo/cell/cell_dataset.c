/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI activity datasets of the plateaus of an inverse: a_M is constant across a two-phase
 * field, so one point in the middle of the field carries the measurement. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "thermo/cell/cell_internal.h"

/* Adds the second coexisting phase to a dataset built for one phase (the builder's arrays are
 * allocated with lqi_malloc, and lq_dataset_free releases them with lqi_free). */
static lq_status add_phase(lq_dataset *ds, const char *phase) {
    char **v = lqi_malloc_array(ds->n_phases + 1, sizeof *v);
    char *s = lqi_strdup(phase);
    if (!v || !s) {
        lqi_free(v);
        lqi_free(s);
        return LQ_ENOMEM;
    }
    for (size_t i = 0; i < ds->n_phases; i++) v[i] = ds->phases[i];
    v[ds->n_phases] = s;
    lqi_free(ds->phases);
    ds->phases = v;
    ds->n_phases++;
    return LQ_OK;
}

static lq_status add_comment(lq_dataset *ds, const lq_cell_inverse *inv,
                             const lq_cell_inverse_plateau *q) {
    char buf[640];
    snprintf(buf, sizeof buf,
             "liquidus cell (inverse): plateau %s+%s at %.4f V vs %s, pure %s (%s^%d+/%s) at "
             "%.4f V vs the same electrode, T = %g K; E vs %s^%d+/%s = %.4f V; "
             "a_%s = exp(-n F E / R T) = exp(%.6g), sd of ln a %.3g (readings +-%.3g V); "
             "sign: E = phi(alloy) - phi(reference)",
             q->phase[0], q->phase[1], q->E_V, inv->ref_name[0] ? inv->ref_name : "the reference",
             inv->metal, inv->metal, inv->n_electrons, inv->metal, inv->E_metal_V, inv->T_K,
             inv->metal, inv->n_electrons, inv->metal, q->E_vs_metal_V, inv->metal, q->ln_a,
             q->ln_a_sd, inv->sigma_V);
    lqi_free(ds->comment);
    ds->comment = lqi_strdup(buf);
    return ds->comment ? LQ_OK : LQ_ENOMEM;
}

lq_status lq_cell_inverse_dataset(const lq_cell_inverse *inv, size_t k, const char *reference,
                                  lq_dataset **out, char *file_name, size_t name_size,
                                  lq_diag *diag) {
    if (!inv || !out || k >= inv->n_plateaus || !reference || !reference[0])
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "plateau",
                            "no such plateau or no reference tag");
    const lq_cell_inverse_plateau *q = &inv->plateaus[k];
    char M[8], H[8]; /* ESPEI components are capitals */
    lqi_cell_upper(M, sizeof M, inv->metal);
    lqi_cell_upper(H, sizeof H, inv->host);
    double x_mid = 0.5 * (q->x[0] + q->x[1]), a = exp(q->ln_a);
    lq_dataset *ds = NULL;
    lq_status st = lq_dataset_build_activity(M, H, q->phase[0], inv->metal_phase, inv->T_K, &x_mid,
                                             &a, 1, reference, &ds, diag);
    if (st == LQ_OK) st = add_phase(ds, q->phase[1]);
    if (st == LQ_OK) st = add_comment(ds, inv, q);
    if (st == LQ_OK) st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return st;
    }
    if (file_name && name_size) {
        int sorted = strcmp(H, M) < 0;
        snprintf(file_name, name_size, "%s-%s-ACR_%s-%s-%s-%s.json", sorted ? H : M, sorted ? M : H,
                 M, q->phase[0], q->phase[1], reference);
    }
    *out = ds;
    return LQ_OK;
}
