/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz targets whose reader takes a path: the input written to a temporary file. */
#ifndef LIQUIDUS_FUZZ_FILE_H
#define LIQUIDUS_FUZZ_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes size bytes to a new file made from the mkstemp template `path` (its name is left in
 * `path`; the caller unlinks it). 0 on success; -1, with no file left behind, otherwise. Needs
 * _POSIX_C_SOURCE 200809L defined before the first include. */
static inline int fuzz_write_temp(const void *data, size_t size, char *path) {
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(path);
        return -1;
    }
    fwrite(data, 1, size, fp);
    fclose(fp);
    return 0;
}

#endif /* LIQUIDUS_FUZZ_FILE_H */
