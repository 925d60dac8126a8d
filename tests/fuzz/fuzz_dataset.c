/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: ESPEI dataset JSON, phase-models JSON and the phase-boundary CSV readers;
 * what the dataset reader accepts must validate, write and read back unchanged in shape. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/dataset_internal.h"
#include "liquidus/assess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const lq_dataset *ds) {
    lq_diag d;
    if (lq_dataset_validate(ds, &d) != LQ_OK) abort(); /* read datasets are valid */
    char path[64];
    snprintf(path, sizeof path, "/tmp/lq_fuzz_ds_%ld.json", (long)getpid());
    if (lq_dataset_write_file(ds, path, &d) != LQ_OK) return;
    lq_dataset *back = NULL;
    lq_status st = lq_dataset_read_file(path, &back, &d);
    if (st != LQ_OK && st != LQ_ENOMEM) abort(); /* the writer produced a refused file */
    if (back && (back->kind != ds->kind || back->n_regions != ds->n_regions ||
                 back->n_configs != ds->n_configs || back->shape[2] != ds->shape[2]))
        abort();
    lq_dataset_free(back);
    remove(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 200000) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    lq_diag d;
    lq_dataset *ds = NULL;
    if (lq_dataset_read_string(text, "fuzz.json", &ds, &d) == LQ_OK) {
        roundtrip(ds);
        lq_dataset_free(ds);
    }
    lq_assess_phase_models *pm = NULL;
    if (lq_assess_phase_models_read_string(text, "fuzz-pm.json", &pm, &d) == LQ_OK) {
        for (size_t i = 0; i < pm->n_phases; i++)
            if (lq_assess_phase_models_find(pm, pm->phases[i].name) == NULL) abort();
        lq_assess_phase_models_free(pm);
    }
    ds = NULL;
    if (lqi_ds_zpf_from_csv_text(text, "fuzz.csv", "ND", "BI", &ds, &d) == LQ_OK) {
        roundtrip(ds);
        lq_dataset_free(ds);
    }
    free(text);
    return 0;
}
