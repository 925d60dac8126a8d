/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole-or-nothing output files: write to a temporary beside the target, then rename(2). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

struct lq_outfile {
    FILE *fp;
    char *path;
    char *tmp;
    unsigned long group; /* id of the output group current at open, 0 if none */
};

/* An output group (include/liquidus/core.h): temporaries of committed members, renamed together. */
struct lq_outset {
    unsigned long id;
    size_t n, cap;
    char **path, **tmp; /* [n] final name and temporary of each committed member */
    char *failed;       /* first member that failed (NULL while none has) */
    lq_status failed_st;
};

/* The one piece of process-wide state of the library: the current output group (see core.h). */
static lq_outset *current_set;
static unsigned long last_set_id;

static lq_outset *set_of(const lq_outfile *f) {
    return f->group && current_set && current_set->id == f->group ? current_set : NULL;
}

static void set_fail(lq_outset *s, const char *path) {
    if (!s || s->failed) return;
    s->failed = lqi_strdup(path ? path : "(no name)");
    s->failed_st = LQ_EWRITE;
}

lq_status lq_outfile_open(const char *path, lq_outfile **out, lq_diag *diag) {
    if (!path || !*path || !out) {
        set_fail(current_set, path);
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no output path");
    }
    lq_outfile *f = lqi_calloc(1, sizeof *f);
    if (!f) {
        set_fail(current_set, path);
        return LQ_ENOMEM;
    }
    size_t n = strlen(path);
    f->path = lqi_strdup(path);
    f->tmp = lqi_malloc(n + 32);
    if (!f->path || !f->tmp) {
        set_fail(current_set, path);
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
        set_fail(current_set, path);
        lqi_free(f->path);
        lqi_free(f->tmp);
        lqi_free(f);
        return st;
    }
    f->group = current_set ? current_set->id : 0;
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
    /* path and tmp are NULL when a group took them */
    lqi_free(f->path);
    lqi_free(f->tmp);
    lqi_free(f);
}

/* Hands a closed, complete temporary to its group; 0 on success, -1 when out of memory. */
static int set_add(lq_outset *s, lq_outfile *f) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        char **p = lqi_realloc(s->path, cap * sizeof *p);
        if (!p) return -1;
        s->path = p;
        char **t = lqi_realloc(s->tmp, cap * sizeof *t);
        if (!t) return -1;
        s->tmp = t;
        s->cap = cap;
    }
    s->path[s->n] = f->path; /* the group takes both names */
    s->tmp[s->n] = f->tmp;
    s->n++;
    f->path = f->tmp = NULL;
    return 0;
}

lq_status lq_outfile_commit(lq_outfile *f, lq_diag *diag) {
    if (!f) return LQ_EINVAL;
    lq_outset *set = set_of(f);
    int bad = ferror(f->fp);
    if (fflush(f->fp) != 0) bad = 1;
    if (fclose(f->fp) != 0) bad = 1;
    lq_status st = LQ_OK;
    if (bad) {
        st = lqi_diag_set(diag, LQ_EWRITE, f->path, 0, NULL, "write error (disk full?)");
        unlink(f->tmp);
        set_fail(set, f->path);
    } else if (set) {
        if (set_add(set, f) != 0) {
            st = LQ_ENOMEM;
            unlink(f->tmp);
            set_fail(set, f->path);
        }
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
    set_fail(set_of(f), f->path);
    outfile_free(f);
}

lq_status lq_outset_begin(lq_outset **out, lq_diag *diag) {
    if (!out) return LQ_EINVAL;
    if (current_set)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "an output group is already current (groups do not nest)");
    lq_outset *s = lqi_calloc(1, sizeof *s);
    if (!s) return LQ_ENOMEM;
    s->id = ++last_set_id;
    current_set = s;
    *out = s;
    return LQ_OK;
}

size_t lq_outset_count(const lq_outset *s) { return s ? s->n : 0; }

static void set_free(lq_outset *s) {
    for (size_t i = 0; i < s->n; i++) {
        lqi_free(s->path[i]);
        lqi_free(s->tmp[i]);
    }
    lqi_free(s->path);
    lqi_free(s->tmp);
    lqi_free(s->failed);
    if (current_set == s) current_set = NULL;
    lqi_free(s);
}

void lq_outset_abort(lq_outset *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) unlink(s->tmp[i]);
    set_free(s);
}

lq_status lq_outset_commit(lq_outset *s, lq_diag *diag) {
    if (!s || s != current_set) return LQ_EINVAL;
    lq_status st = LQ_OK;
    if (s->failed) {
        st = lqi_diag_set(diag, s->failed_st, s->failed, 0, NULL,
                          "could not be written, so none of the command's outputs were kept (%zu "
                          "other file%s discarded)",
                          s->n, s->n == 1 ? "" : "s");
        lq_outset_abort(s);
        return st;
    }
    /* rename(2) cannot replace a directory: find that before renaming anything. */
    for (size_t i = 0; i < s->n; i++) {
        struct stat sb;
        if (stat(s->path[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            st = lqi_diag_set(diag, LQ_EWRITE, s->path[i], 0, NULL,
                              "is a directory, so none of the command's outputs were kept");
            lq_outset_abort(s);
            return st;
        }
    }
    size_t i = 0;
    for (; i < s->n; i++)
        if (rename(s->tmp[i], s->path[i]) != 0) {
            st = lqi_diag_set(diag, LQ_EWRITE, s->path[i], 0, NULL,
                              "cannot rename into place: %s (%zu of %zu outputs were already "
                              "renamed)",
                              strerror(errno), i, s->n);
            break;
        }
    for (; i < s->n; i++) unlink(s->tmp[i]);
    set_free(s);
    return st;
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
