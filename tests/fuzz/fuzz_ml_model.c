/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: MEGNet model files (HDF5) through lq_ml_model_read, then one prediction. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "liquidus/dft.h"
#include "liquidus/ml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libhdf5 1.10 (Debian 12) leaks the object header it was loading into its metadata cache when the
 * header is damaged (H5C_protect failing inside H5Dopen2/H5Aopen): memory liquidus never receives
 * and cannot free. libhdf5 has no frame pointers, so the fast unwinder sees only its module:
 * allocations made inside libhdf5 are suppressed here. liquidus's own allocations and any HDF5
 * handle it fails to close are still caught by tests/ml (truncated and damaged files under ASan,
 * without this suppression). */
const char *__lsan_default_suppressions(void) { return "leak:libhdf5\n"; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 21) return 0;
    char path[] = "/tmp/fuzz_ml_model_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return 0;
    }
    size_t w = fwrite(data, 1, size, f);
    fclose(f);
    if (w != size) {
        unlink(path);
        return 0;
    }
    lq_ml_model *m = NULL;
    lq_diag d;
    lq_status st = lq_ml_model_read(path, &m, &d);
    unlink(path);
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
