/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NumPy .npy files of float64 arrays (float32 read too): header (format spec 1.0-3.0), atomic
 * writer, reader. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

/*
 * Format: "A Simple File Format for NumPy Arrays" (NumPy Enhancement Proposal 1, and
 * numpy/lib/format.py): the magic "\x93NUMPY", a major and minor version byte, the header length
 * (uint16 little-endian in version 1.0, uint32 in 2.0 and 3.0), then an ASCII (3.0: UTF-8) Python
 * dict literal with exactly the keys 'descr', 'fortran_order' and 'shape', padded with spaces and
 * ended by '\n' so that the data start at a multiple of 64 bytes (NumPy >= 1.15 aligns to 64; the
 * spec asks for 16, which 64 satisfies). The data follow in C (row-major) order.
 */

static const unsigned char npy_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

static int host_is_little_endian(void) {
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* ------------------------------------------------------------------------- header writing */

size_t lqi_npy_header_format(char *buf, size_t size, const size_t *shape, size_t ndim) {
    if (!buf || size < LQI_NPY_HEADER_MAX || (ndim && !shape) || ndim > LQI_NPY_MAX_DIM) return 0;
    char dict[LQI_NPY_HEADER_MAX];
    size_t len = (size_t)snprintf(dict, sizeof dict,
                                  "{'descr': '%sf8', 'fortran_order': False, "
                                  "'shape': (",
                                  host_is_little_endian() ? "<" : ">");
    for (size_t i = 0; i < ndim; i++) {
        /* A 1-tuple needs its trailing comma: "(5,)", as Python's repr writes it. */
        len += (size_t)snprintf(dict + len, sizeof dict - len, "%s%zu%s", i ? ", " : "", shape[i],
                                ndim == 1 ? "," : "");
    }
    len += (size_t)snprintf(dict + len, sizeof dict - len, "), }");
    size_t total = 10 + len + 1; /* prefix, dict, '\n' */
    size_t padded = (total + 63) / 64 * 64;
    if (padded > size || padded - 10 > 65535) return 0;
    memcpy(buf, npy_magic, 6);
    buf[6] = 1; /* version 1.0 */
    buf[7] = 0;
    size_t hlen = padded - 10;
    buf[8] = (char)(hlen & 0xff);
    buf[9] = (char)(hlen >> 8);
    memcpy(buf + 10, dict, len);
    memset(buf + 10 + len, ' ', padded - total);
    buf[padded - 1] = '\n';
    return padded;
}

lq_status lqi_npy_write(const char *path, const double *data, const size_t *shape, size_t ndim,
                        lq_diag *diag) {
    if (!path || (ndim && !shape) || ndim > LQI_NPY_MAX_DIM)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "bad .npy path or shape");
    size_t count = 1;
    for (size_t i = 0; i < ndim; i++) {
        if (shape[i] && count > SIZE_MAX / sizeof(double) / shape[i])
            return lqi_diag_set(diag, LQ_EINVAL, path, 0, "shape", "array too large");
        count *= shape[i];
    }
    if (count && !data) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no data");
    char header[LQI_NPY_HEADER_MAX];
    size_t hlen = lqi_npy_header_format(header, sizeof header, shape, ndim);
    if (!hlen) return lqi_diag_set(diag, LQ_EINVAL, path, 0, "shape", "header too long");
    lq_outfile *f = NULL;
    lq_status st = lq_outfile_open(path, &f, diag);
    if (st != LQ_OK) return st;
    FILE *fp = lqi_outfile_stream(f);
    /* The data are written in host order and the header says which ('<f8' or '>f8'). */
    if (fwrite(header, 1, hlen, fp) != hlen || fwrite(data, sizeof(double), count, fp) != count) {
        lq_outfile_abort(f);
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "write error: %s", strerror(errno));
    }
    return lq_outfile_commit(f, diag);
}

/* ------------------------------------------------------------------------- in-place updates */

lq_status lqi_npy_create(const char *path, const double *data, const size_t *shape, size_t ndim,
                         lqi_npy_file *f, lq_diag *diag) {
    if (!f) return LQ_EINVAL;
    f->fd = -1;
    lq_status st = lqi_npy_write(path, data, shape, ndim, diag);
    if (st != LQ_OK) return st;
    char header[LQI_NPY_HEADER_MAX];
    f->data_offset = lqi_npy_header_format(header, sizeof header, shape, ndim);
    f->count = 1;
    for (size_t i = 0; i < ndim; i++) f->count *= shape[i];
    f->path = path;
    f->fd = open(path, O_WRONLY);
    if (f->fd < 0)
        return lqi_diag_set(diag, LQ_EWRITE, path, 0, NULL, "cannot reopen for writing: %s",
                            strerror(errno));
    return LQ_OK;
}

lq_status lqi_npy_update(lqi_npy_file *f, size_t first, const double *src, size_t n,
                         lq_diag *diag) {
    if (!f || f->fd < 0 || first > f->count || n > f->count - first || (n && !src))
        return LQ_EINVAL;
    const char *p = (const char *)src;
    size_t left = n * sizeof(double);
    off_t off = (off_t)(f->data_offset + first * sizeof(double));
    while (left > 0) {
        ssize_t k = pwrite(f->fd, p, left, off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0)
            return lqi_diag_set(diag, LQ_EWRITE, f->path, 0, NULL, "write error: %s",
                                k < 0 ? strerror(errno) : "no progress");
        p += k;
        left -= (size_t)k;
        off += k;
    }
    return LQ_OK;
}

lq_status lqi_npy_close(lqi_npy_file *f, lq_diag *diag) {
    if (!f || f->fd < 0) return LQ_OK;
    int rc = close(f->fd);
    f->fd = -1;
    if (rc != 0)
        return lqi_diag_set(diag, LQ_EWRITE, f->path, 0, NULL, "close failed: %s", strerror(errno));
    return LQ_OK;
}

/* ------------------------------------------------------------------------- header parsing */

typedef struct npy_cursor {
    const char *s, *end;
} npy_cursor;

static void skip_blanks(npy_cursor *c) {
    while (c->s < c->end && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' || *c->s == '\r'))
        c->s++;
}

static int accept_char(npy_cursor *c, char ch) {
    skip_blanks(c);
    if (c->s < c->end && *c->s == ch) {
        c->s++;
        return 1;
    }
    return 0;
}

/* A Python string literal in single or double quotes, no escapes (NumPy never writes any). */
static int parse_str(npy_cursor *c, char *out, size_t size) {
    skip_blanks(c);
    if (c->s >= c->end || (*c->s != '\'' && *c->s != '"')) return -1;
    char q = *c->s++;
    size_t n = 0;
    while (c->s < c->end && *c->s != q) {
        if (*c->s == '\\' || n + 1 >= size) return -1;
        out[n++] = *c->s++;
    }
    if (c->s >= c->end) return -1;
    c->s++;
    out[n] = '\0';
    return 0;
}

static int accept_word(npy_cursor *c, const char *w) {
    skip_blanks(c);
    size_t n = strlen(w);
    if ((size_t)(c->end - c->s) >= n && memcmp(c->s, w, n) == 0) {
        c->s += n;
        return 1;
    }
    return 0;
}

static int parse_shape(npy_cursor *c, lqi_npy_header *h) {
    if (!accept_char(c, '(')) return -1;
    h->ndim = 0;
    for (;;) {
        if (accept_char(c, ')')) return 0;
        skip_blanks(c);
        if (c->s >= c->end || *c->s < '0' || *c->s > '9') return -1;
        size_t v = 0;
        while (c->s < c->end && *c->s >= '0' && *c->s <= '9') {
            size_t d = (size_t)(*c->s++ - '0');
            if (v > (SIZE_MAX - d) / 10) return -1;
            v = v * 10 + d;
        }
        if (h->ndim == LQI_NPY_MAX_DIM) return -1;
        h->shape[h->ndim++] = v;
        if (!accept_char(c, ',')) return accept_char(c, ')') ? 0 : -1;
    }
}

static lq_status header_error(lq_diag *diag, const char *name, const char *field,
                              const char *what) {
    return lqi_diag_set(diag, LQ_EPARSE, name, 0, field, "not a float .npy file: %s", what);
}

/* Parses the dict; fills h->ndim, shape, swap. */
static lq_status parse_dict(const char *s, size_t len, lqi_npy_header *h, const char *name,
                            lq_diag *diag) {
    npy_cursor c = {s, s + len};
    int seen_descr = 0, seen_order = 0, seen_shape = 0;
    if (!accept_char(&c, '{')) return header_error(diag, name, NULL, "header is not a dict");
    while (!accept_char(&c, '}')) {
        char key[32], val[32];
        if (parse_str(&c, key, sizeof key) || !accept_char(&c, ':'))
            return header_error(diag, name, NULL, "bad key in header");
        if (strcmp(key, "descr") == 0 && !seen_descr) {
            seen_descr = 1;
            if (parse_str(&c, val, sizeof val))
                return header_error(diag, name, "descr", "bad descr");
            int little = host_is_little_endian();
            /* float32 ('<f4', '>f4') is read too (DeePMD-kit data are often single precision)
             * and widened to double; '|' and '=' never occur for floats in NumPy's output. */
            if ((val[0] != '<' && val[0] != '>') || val[1] != 'f' ||
                (strcmp(val + 2, "8") != 0 && strcmp(val + 2, "4") != 0))
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, "descr",
                                    "dtype '%s' is not float64 or float32 ('<f8', '>f8', '<f4', "
                                    "'>f4')",
                                    val);
            h->swap = val[0] == '<' ? !little : little;
            h->elem_size = val[2] == '8' ? 8 : 4;
        } else if (strcmp(key, "fortran_order") == 0 && !seen_order) {
            seen_order = 1;
            if (accept_word(&c, "True"))
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, "fortran_order",
                                    "Fortran-ordered arrays are not read; save in C order");
            if (!accept_word(&c, "False"))
                return header_error(diag, name, "fortran_order", "not True or False");
        } else if (strcmp(key, "shape") == 0 && !seen_shape) {
            seen_shape = 1;
            if (parse_shape(&c, h)) return header_error(diag, name, "shape", "bad shape tuple");
        } else {
            return header_error(diag, name, key, "unknown or repeated key");
        }
        if (!accept_char(&c, ',')) {
            if (!accept_char(&c, '}')) return header_error(diag, name, NULL, "missing ',' or '}'");
            break;
        }
    }
    skip_blanks(&c);
    if (c.s != c.end) return header_error(diag, name, NULL, "text after the header dict");
    if (!seen_descr || !seen_order || !seen_shape)
        return header_error(diag, name, NULL, "header lacks descr, fortran_order or shape");
    return LQ_OK;
}

lq_status lqi_npy_parse_header(const void *buf, size_t len, const char *name, lqi_npy_header *h,
                               lq_diag *diag) {
    const unsigned char *b = buf;
    if (!b || !h) return LQ_EINVAL;
    memset(h, 0, sizeof *h);
    if (len < 10 || memcmp(b, npy_magic, 6) != 0)
        return header_error(diag, name, NULL, "no \\x93NUMPY magic");
    size_t hlen, prefix;
    if (b[6] == 1) {
        hlen = (size_t)b[8] | (size_t)b[9] << 8;
        prefix = 10;
    } else if (b[6] == 2 || b[6] == 3) {
        if (len < 12) return header_error(diag, name, NULL, "truncated header");
        hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
        prefix = 12;
    } else {
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, NULL, ".npy format version %u.%u",
                            (unsigned)b[6], (unsigned)b[7]);
    }
    if (hlen > len - prefix) return header_error(diag, name, NULL, "truncated header");
    lq_status st = parse_dict((const char *)b + prefix, hlen, h, name, diag);
    if (st != LQ_OK) return st;
    h->data_offset = prefix + hlen;
    h->count = 1;
    for (size_t i = 0; i < h->ndim; i++) {
        if (h->shape[i] && h->count > SIZE_MAX / sizeof(double) / h->shape[i])
            return header_error(diag, name, "shape", "array too large");
        h->count *= h->shape[i];
    }
    return LQ_OK;
}

/* ------------------------------------------------------------------------- reading */

static void byteswap_doubles(double *d, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char b[8], t[8];
        memcpy(b, &d[i], 8);
        for (int k = 0; k < 8; k++) t[k] = b[7 - k];
        memcpy(&d[i], t, 8);
    }
}

/* float32 values stored in the first 4 count bytes of data, widened in place (backwards, so no
 * value is overwritten before it is read), byte-swapped first when needed. */
static void widen_floats(double *data, size_t count, int swap) {
    const unsigned char *src = (const unsigned char *)data;
    for (size_t i = count; i-- > 0;) {
        unsigned char b[4];
        memcpy(b, src + 4 * i, 4);
        if (swap) {
            unsigned char t = b[0];
            b[0] = b[3];
            b[3] = t;
            t = b[1];
            b[1] = b[2];
            b[2] = t;
        }
        float f;
        memcpy(&f, b, 4);
        data[i] = (double)f;
    }
}

static lq_status finish_read(const lqi_npy_header *h, double *data, double **out, size_t *shape,
                             size_t max_dim, size_t *ndim, const char *name, lq_diag *diag) {
    if (h->ndim > max_dim) {
        lqi_free(data);
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "shape",
                            "array has %zu dimensions, at most %zu expected", h->ndim, max_dim);
    }
    if (h->elem_size == 4)
        widen_floats(data, h->count, h->swap);
    else if (h->swap)
        byteswap_doubles(data, h->count);
    for (size_t i = 0; i < h->ndim; i++) shape[i] = h->shape[i];
    *ndim = h->ndim;
    *out = data;
    return LQ_OK;
}

lq_status lqi_npy_read_mem(const void *buf, size_t len, const char *name, double **data,
                           size_t *shape, size_t max_dim, size_t *ndim, lq_diag *diag) {
    if (!buf || !data || !shape || !ndim) return LQ_EINVAL;
    lqi_npy_header h;
    lq_status st = lqi_npy_parse_header(buf, len, name, &h, diag);
    if (st != LQ_OK) return st;
    if (len - h.data_offset != h.count * h.elem_size)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, NULL,
                            "data are %zu bytes, the shape needs %zu", len - h.data_offset,
                            h.count * h.elem_size);
    double *d = lqi_malloc_array(h.count, sizeof(double));
    if (!d) return LQ_ENOMEM;
    if (h.count) memcpy(d, (const unsigned char *)buf + h.data_offset, h.count * h.elem_size);
    return finish_read(&h, d, data, shape, max_dim, ndim, name, diag);
}

/* Reads the prefix and the header text of an open file into buf (at most LQI_NPY_HEADER_MAX
 * bytes: larger headers come only with huge shapes, beyond LQI_NPY_MAX_DIM). */
static lq_status read_header(FILE *fp, const char *path, lqi_npy_header *h, lq_diag *diag) {
    unsigned char buf[LQI_NPY_HEADER_MAX];
    size_t got = fread(buf, 1, 12, fp);
    /* a bad magic, an unknown version or a short file: the parser names the fault */
    if (got < 12 || memcmp(buf, npy_magic, 6) != 0 || buf[6] < 1 || buf[6] > 3)
        return lqi_npy_parse_header(buf, got, path, h, diag);
    size_t prefix = buf[6] == 1 ? 10 : 12;
    size_t hlen = buf[6] == 1 ? ((size_t)buf[8] | (size_t)buf[9] << 8)
                              : ((size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
                                 (size_t)buf[11] << 24);
    if (prefix + hlen > sizeof buf)
        return header_error(diag, path, NULL, "header longer than any float array of <= 8 dims");
    if (prefix + hlen < got) return header_error(diag, path, NULL, "truncated header");
    size_t want = prefix + hlen - got;
    if (fread(buf + got, 1, want, fp) != want)
        return header_error(diag, path, NULL, "truncated header");
    return lqi_npy_parse_header(buf, prefix + hlen, path, h, diag);
}

lq_status lqi_npy_read(const char *path, double **data, size_t *shape, size_t max_dim, size_t *ndim,
                       lq_diag *diag) {
    if (!path || !data || !shape || !ndim) return LQ_EINVAL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    lqi_npy_header h;
    lq_status st = read_header(fp, path, &h, diag);
    if (st != LQ_OK) {
        fclose(fp);
        return st;
    }
    double *d = lqi_malloc_array(h.count, sizeof(double));
    if (!d) {
        fclose(fp);
        return LQ_ENOMEM;
    }
    size_t got = fread(d, h.elem_size, h.count, fp);
    int trailing = fgetc(fp) != EOF, err = ferror(fp);
    fclose(fp);
    if (err || got != h.count || trailing) {
        lqi_free(d);
        if (err) return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "read error");
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, NULL,
                            "%s: the shape needs %zu values, the file %s",
                            got != h.count ? "truncated" : "trailing bytes", h.count,
                            got != h.count ? "holds fewer" : "holds more");
    }
    return finish_read(&h, d, data, shape, max_dim, ndim, path, diag);
}
