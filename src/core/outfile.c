/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole-or-nothing output files: write to a temporary beside the target, then rename(2). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

struct lq_outfile {
    FILE *fp;
    char *path;
    char *tmp;
};

lq_status lq_outfile_open(const char *path, lq_outfile **out, lq_diag *diag) {
    if (!path || !*path || !out)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no output path");
    lq_outfile *f = lqi_calloc(1, sizeof *f);
    if (!f) return LQ_ENOMEM;
    size_t n = strlen(path);
    f->path = lqi_strdup(path);
    f->tmp = lqi_malloc(n + 32);
    if (!f->path || !f->tmp) {
        lqi_free(f->path);
        lqi_free(f->tmp);
        lqi_free(f);
        return LQ_ENOMEM;
    }
    /* The temporary sits in the same directory so that rename() is atomic (same file system).
     * It is created with open(O_EXCL, 0666) rather than mkstemp() so that the final file gets the
     * permissions the user's umask gives any new file (mkstemp would make it 0600). */
    int fd = -1, e = 0;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    lqi_rng rng; /* names only need to differ between processes and attempts */
    lqi_rng_seed(&rng, (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)f);
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(f->tmp, n + 32, "%s.tmp%08x", path, (unsigned)(lqi_rng_u64(&rng) >> 32));
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        e = errno;
        if (fd < 0 && e != EEXIST) break;
    }
    if (fd < 0 || !(f->fp = fdopen(fd, "w"))) {
        if (fd >= 0) {
            e = errno;
            close(fd);
            unlink(f->tmp);
        }
        lq_status st = lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "cannot create output file: %s",
                                    strerror(e));
        lqi_free(f->path);
        lqi_free(f->tmp);
        lqi_free(f);
        return st;
    }
    *out = f;
    return LQ_OK;
}

FILE *lqi_outfile_stream(lq_outfile *f) { return f ? f->fp : NULL; }

lq_status lq_outfile_write(lq_outfile *f, const void *data, size_t n) {
    if (!f || (!data && n)) return LQ_EINVAL;
    if (n && fwrite(data, 1, n, f->fp) != n) return LQ_EWRITE;
    return LQ_OK;
}

lq_status lq_outfile_printf(lq_outfile *f, const char *fmt, ...) {
    if (!f || !fmt) return LQ_EINVAL;
    va_list ap;
    va_start(ap, fmt);
    int k = vfprintf(f->fp, fmt, ap);
    va_end(ap);
    return k < 0 ? LQ_EWRITE : LQ_OK;
}

static void outfile_free(lq_outfile *f) {
    lqi_free(f->path);
    lqi_free(f->tmp);
    lqi_free(f);
}

lq_status lq_outfile_commit(lq_outfile *f, lq_diag *diag) {
    if (!f) return LQ_EINVAL;
    int bad = ferror(f->fp);
    if (fflush(f->fp) != 0) bad = 1;
    if (fclose(f->fp) != 0) bad = 1;
    lq_status st = LQ_OK;
    if (bad) {
        st = lqi_diag_set(diag, LQ_EWRITE, f->path, 0, NULL, "write error (disk full?)");
        unlink(f->tmp);
    } else if (rename(f->tmp, f->path) != 0) {
        st = lqi_diag_set(diag, LQ_EWRITE, f->path, 0, NULL, "cannot rename into place: %s",
                          strerror(errno));
        unlink(f->tmp);
    }
    outfile_free(f);
    return st;
}

void lq_outfile_abort(lq_outfile *f) {
    if (!f) return;
    fclose(f->fp);
    unlink(f->tmp);
    outfile_free(f);
}

lq_status lq_file_write_atomic(const char *path, const void *data, size_t n, lq_diag *diag) {
    if (!data && n) return LQ_EINVAL;
    lq_outfile *f = NULL;
    lq_status st = lq_outfile_open(path, &f, diag);
    if (st != LQ_OK) return st;
    if (n && fwrite(data, 1, n, f->fp) != n) {
        lq_outfile_abort(f);
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "write error");
    }
    return lq_outfile_commit(f, diag);
}

lq_status lq_file_read_all(const char *path, char **data, size_t *size, lq_diag *diag) {
    if (!path || !data) return LQ_EINVAL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 65536, len = 0;
    char *buf = lqi_malloc(cap);
    if (!buf) {
        fclose(fp);
        return LQ_ENOMEM;
    }
    for (;;) {
        if (cap - len < 2) {
            char *nb = lqi_realloc(buf, cap * 2);
            if (!nb) {
                lqi_free(buf);
                fclose(fp);
                return LQ_ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + len, 1, cap - len - 1, fp);
        len += k;
        if (k == 0) break;
    }
    int err = ferror(fp);
    fclose(fp);
    if (err) {
        lqi_free(buf);
        return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "read error");
    }
    buf[len] = '\0';
    *data = buf;
    if (size) *size = len;
    return LQ_OK;
}
