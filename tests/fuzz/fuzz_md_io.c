/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the MD file readers on arbitrary bytes (written to a temporary file, since
 * they take paths): LAMMPS data, dump (every frame), log (any thermo style), the series reader
 * (log, fix print or CSV) and rigid-ion potential files. The first byte picks the reader. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, close, unlink */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_file.h"
#include "liquidus/md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_one(const char *path, int which, const char *names) {
    lq_diag d;
    if (which == 0) {
        lq_md_system s;
        if (lq_md_data_read_types(path, names, &s, &d) == LQ_OK) lq_md_system_free(&s);
    } else if (which == 1) {
        lq_lammps_dump *dp = NULL;
        if (lq_lammps_dump_open(path, NULL, &dp, &d) != LQ_OK) return;
        lq_md_frame f;
        memset(&f, 0, sizeof f);
        for (int k = 0; k < 64 && lq_lammps_dump_next(dp, &f, &d) == LQ_OK; k++) {
        }
        lq_md_frame_free(&f);
        lq_lammps_dump_close(dp);
    } else if (which == 2) {
        lq_lammps_log log;
        if (lq_lammps_log_read(path, &log, &d) == LQ_OK) lq_lammps_log_free(&log);
    } else if (which == 3) {
        lq_md_series s;
        if (lq_md_series_read(path, NULL, -1, &s, &d) == LQ_OK) lq_md_series_free(&s);
        if (lq_md_series_read(path, "col2", 0, &s, &d) == LQ_OK) lq_md_series_free(&s);
    } else {
        lq_md_potential pot;
        (void)lq_md_potential_read(path, &pot, &d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    int which = data[0] % 5;
    const char *names = data[0] & 0x80 ? "Na,Cl" : NULL;
    data++, size--;
    char path[] = "/tmp/lq_fuzz_mdXXXXXX";
    if (fuzz_write_temp(data, size, path) != 0) return 0;
    read_one(path, which, names);
    unlink(path);
    return 0;
}
