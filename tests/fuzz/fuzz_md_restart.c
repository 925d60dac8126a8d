/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: md restart files (header, step, box, k-space parameters, thermostat, species,
 * atoms, Verlet-list section) on arbitrary bytes, read with a Tosi-Fumi NaCl potential; a file
 * that reads is advanced two steps. Bytes go to a temporary file since the reader takes a path. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, close, unlink */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "liquidus/md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data/md/tosi_fumi_NaCl.pot (its source lines dropped). */
static const char pot_text[] =
    "species Na mass 22.98976928 charge 1\nspecies Cl mass 35.453 charge -1\n"
    "pair Na Na 0.2637037584 0.317 2.3400 1.048573525 -0.499320726\n"
    "pair Na Cl 0.2109630067 0.317 2.7550 6.990490163 -8.675697614\n"
    "pair Cl Cl 0.158222255 0.317 3.1700 72.40150526 -145.4271614\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static lq_md_potential pot;
    static int have_pot = -1;
    if (have_pot < 0) {
        char pp[] = "/tmp/lq_fuzz_potXXXXXX";
        have_pot = fuzz_write_temp(pot_text, sizeof pot_text - 1, pp) == 0 &&
                   lq_md_potential_read(pp, &pot, NULL) == LQ_OK;
        unlink(pp);
    }
    if (!have_pot) return 0;
    char path[] = "/tmp/lq_fuzz_rsXXXXXX";
    if (fuzz_write_temp(data, size, path) != 0) return 0;
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.cutoff_A = 3.0; /* small boxes pass the cutoff check, so forces are computed */
    fo.skin_A = 0.5;
    fo.n_threads = 1;
    lq_md_sim *s = NULL;
    lq_diag d;
    if (lq_md_sim_restart_read(path, &pot, &fo, NULL, &s, &d) == LQ_OK) {
        if (lq_md_sim_system(s)->n_atoms <= 64) (void)lq_md_sim_run(s, 2, NULL, NULL, 0, &d);
        lq_md_sim_free(s);
    }
    unlink(path);
    return 0;
}
