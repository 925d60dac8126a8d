/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the structure readers on arbitrary bytes: CIF (every block, or a named one),
 * POSCAR, and the VASP outputs OUTCAR, OSZICAR and vasprun.xml (read from a file). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, close, unlink */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "liquidus/dft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch(const lq_structure *s) {
    volatile double v = 0.0;
    for (size_t i = 0; i < s->n_sites; i++)
        v += s->frac[i][0] + s->frac[i][1] + s->frac[i][2] + s->occupancy[i] + (double)s->z[i];
    (void)v;
}

/* The VASP readers take a path: the bytes go to a temporary file. */
static void vasp(const uint8_t *data, size_t size, int which) {
    char path[] = "/tmp/lq_fuzz_vaspXXXXXX";
    if (fuzz_write_temp(data, size, path) != 0) return;
    lq_vasp_run run;
    memset(&run, 0, sizeof run);
    lq_diag d;
    lq_status st = which == 0   ? lq_vasp_read_outcar(path, &run, &d)
                   : which == 1 ? lq_vasp_read_oszicar(path, &run, &d)
                                : lq_vasp_read_vasprun(path, &run, &d);
    (void)st;
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    int which = data[0] % 6;
    data++, size--;
    if (which >= 3) {
        vasp(data, size, which - 3);
        return 0;
    }
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    lq_structure *s = NULL;
    lq_diag d;
    lq_status st = which == 0   ? lq_structure_parse_cif(text, "f.cif", &s, &d)
                   : which == 1 ? lq_structure_parse_cif_block(text, "f.cif", "x", &s, &d)
                                : lq_structure_parse_poscar(text, "POSCAR", &s, &d);
    if (st == LQ_OK) {
        touch(s);
        lq_structure_free(s);
    }
    free(text);
    return 0;
}
