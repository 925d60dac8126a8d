/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the ml tests: the bundled model, small structures. */
#ifndef LQ_ML_TEST_H
#define LQ_ML_TEST_H

#include <stdio.h>

#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/ml.h"
#include "lq_test.h"

void test_ml_published(void);
void test_ml_invariance(void);
void test_ml_flags(void);
void test_ml_many(void);
void test_ml_errors(void);
void test_ml_reader(void);
void test_ml_torch_reference(void);

/* Path of the bundled MEGNet model in the source tree. */
static inline const char *ml_model_path(char *buf, size_t size) {
    lq_test_source_path("data/ml/megnet_mp_2018_6_1_eform.lqml", buf, size);
    return buf;
}

/* Reads the bundled model (a failure is counted). */
static inline lq_ml_model *ml_model(void) {
    char path[1024];
    lq_ml_model *m = NULL;
    lq_diag d;
    lq_status st = lq_ml_model_read(ml_model_path(path, sizeof path), &m, &d);
    if (st != LQ_OK) fprintf(stderr, "model: %s: %s\n", d.file, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    return m;
}

/* A structure from a lattice (rows) and n sites given as element symbols and fractional
 * coordinates. */
static inline lq_structure *ml_cell(const double lat[3][3], size_t n, const char *const *sym,
                                    const double (*frac)[3]) {
    lq_structure *s = NULL;
    if (lq_structure_alloc(n, &s) != LQ_OK) return NULL;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) s->lattice_A[i][j] = lat[i][j];
    for (size_t i = 0; i < n; i++) {
        s->z[i] = lq_element_z(sym[i]);
        for (int c = 0; c < 3; c++) s->frac[i][c] = frac[i][c];
    }
    return s;
}

/* CsCl, Pm-3m, a = 4.1437 A: the structure of matgl's README and notebook example. */
static inline lq_structure *ml_cscl(double a) {
    const double lat[3][3] = {{a, 0, 0}, {0, a, 0}, {0, 0, a}};
    const char *sym[2] = {"Cs", "Cl"};
    const double f[2][3] = {{0, 0, 0}, {0.5, 0.5, 0.5}};
    return ml_cell(lat, 2, sym, f);
}

#endif /* LQ_ML_TEST_H */
