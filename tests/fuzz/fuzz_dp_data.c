/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: DeePMD-kit training data readers. The first byte picks the reader: 0/1 the
 * deepmd/npy folder reader (the rest, split at "@@@@", becomes type.raw, type_map.raw and the
 * set.000 arrays coord, energy, force, box, virial, then set.001/coord.npy, in a temporary folder;
 * 1 also writes nopbc), 2 the OUTCAR reader, 3 the vasprun.xml reader. Whatever is read must pass
 * lq_dp_system_check and survive a write/read round trip. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "liquidus/deepmd.h"
#include "md/dp/dp_data_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {"type.raw",           "type_map.raw",      "set.000/coord.npy",
                                    "set.000/energy.npy", "set.000/force.npy", "set.000/box.npy",
                                    "set.000/virial.npy", "set.001/coord.npy"};
#define NPARTS (sizeof parts / sizeof parts[0])

static void put(const char *dir, const char *name, const uint8_t *p, size_t n) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) return;
    if (n) fwrite(p, 1, n, fp);
    fclose(fp);
}

static void remove_tree(const char *dir, int with_out) {
    char path[512];
    for (size_t i = 0; i < NPARTS; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, parts[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/nopbc", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/set.000", dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/set.001", dir);
    rmdir(path);
    if (with_out) {
        snprintf(path, sizeof path, "%s/out", dir);
        lqi_dp_remove_system(path);
    }
    rmdir(dir);
}

/* A system that was read must be consistent and round-trip through the writer. */
static void round_trip(const char *dir, const lq_dp_system *s) {
    if (lq_dp_system_check(s, NULL) != LQ_OK) abort();
    char out[512];
    snprintf(out, sizeof out, "%s/out", dir);
    if (lq_dp_system_write(out, s, 2, NULL) != LQ_OK) return; /* e.g. names the writer refuses */
    lq_dp_system r;
    if (lq_dp_system_read(out, &r, NULL) != LQ_OK) abort();
    if (r.n_frames != s->n_frames || r.n_atoms != s->n_atoms ||
        memcmp(r.energy_eV, s->energy_eV, s->n_frames * sizeof(double)) != 0)
        abort();
    lq_dp_system_free(&r);
}

static void folder(const uint8_t *data, size_t size, int nopbc) {
    char dir[] = "/tmp/lq_fuzz_dpXXXXXX";
    if (!mkdtemp(dir)) return;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/set.000", dir);
    mkdir(sub, 0700);
    size_t k = 0, start = 0;
    for (size_t i = 0; i + 4 <= size && k + 1 < NPARTS; i++)
        if (memcmp(data + i, "@@@@", 4) == 0) {
            if (k == NPARTS - 2) {
                snprintf(sub, sizeof sub, "%s/set.001", dir);
                mkdir(sub, 0700);
            }
            put(dir, parts[k++], data + start, i - start);
            start = i + 4;
            i += 3;
        }
    put(dir, parts[k], data + start, size - start);
    if (nopbc) put(dir, "nopbc", NULL, 0);
    lq_dp_system s;
    lq_diag d;
    if (lq_dp_system_read(dir, &s, &d) == LQ_OK) {
        round_trip(dir, &s);
        lq_dp_system_free(&s);
    }
    remove_tree(dir, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    int which = data[0] % 4;
    data++, size--;
    if (which < 2) {
        folder(data, size, which == 1);
        return 0;
    }
    char *text = malloc(size + 1); /* the parsers read a NUL-terminated text */
    if (!text) return 0;
    if (size) memcpy(text, data, size);
    text[size] = '\0';
    lq_dp_system s;
    lq_diag d;
    lq_dp_vasp_options opt;
    lq_dp_vasp_options_default(&opt);
    opt.keep_unconverged = size & 1;
    size_t skipped = 0;
    lq_status st =
        which == 2 ? lqi_dp_vasp_outcar_parse(text, size, "OUTCAR", &opt, &s, &skipped, &d)
                   : lqi_dp_vasp_vasprun_parse(text, size, "vasprun.xml", &opt, &s, &skipped, &d);
    if (st == LQ_OK) {
        char dir[] = "/tmp/lq_fuzz_dpXXXXXX";
        if (mkdtemp(dir)) {
            round_trip(dir, &s);
            remove_tree(dir, 1);
        }
        lq_dp_system_free(&s);
    }
    free(text);
    return 0;
}
