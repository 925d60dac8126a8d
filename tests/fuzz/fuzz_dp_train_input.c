/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: DeePMD-kit input.json files through lq_dp_train_input_read. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "liquidus/deepmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 17) return 0;
    char path[] = "/tmp/fuzz_dp_train_XXXXXX";
    if (fuzz_write_temp(data, size, path) != 0) return 0;
    lq_dp_train_input in;
    lq_diag d;
    if (lq_dp_train_input_read(path, &in, &d) == LQ_OK) {
        /* what is accepted is consistent */
        const lq_dp_random_spec *s = &in.opt.model;
        if (s->n_types < 1 || !s->type_map || !s->sel || !(s->rcut_smth_A < s->rcut_A) ||
            s->n_embed < 1 || s->axis_neuron < 1 ||
            s->axis_neuron > s->embed_neuron[s->n_embed - 1] || in.n_train < 1 || !in.opt.lcurve ||
            !in.opt.save_ckpt)
            abort();
        for (size_t k = 0; k < in.n_train; k++)
            if (!in.train_systems[k]) abort();
        /* model.modifier: a charge for every type, settings in range */
        const lq_dp_baseline *b = in.opt.baseline;
        if (b && (b != &in.baseline || b->n_types != s->n_types || !(b->dsf_rcut_A > 0) ||
                  !(b->dsf_alpha_per_A >= 0) || !(b->ewald_accuracy > 0 && b->ewald_accuracy < 1)))
            abort();
        for (size_t t = 0; b && t < b->n_types; t++)
            if (!(b->charge_e[t] >= -10 && b->charge_e[t] <= 10) ||
                strcmp(b->type_map[t], s->type_map[t]))
                abort();
        lq_dp_train_input_free(&in);
    }
    unlink(path);
    return 0;
}
