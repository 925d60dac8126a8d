/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading calorimeter files: the table of format records, text decoding (UTF-16, BOMs) and the
 * public entry points. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "thermal/thermal_internal.h"

/* The format records: adding a format is a file with its record and one line here. */
static const lqi_thermal_reader *const readers[] = {
    &lqi_thermal_rd_netzsch, &lqi_thermal_rd_ta,          &lqi_thermal_rd_mettler,
    &lqi_thermal_rd_setaram, &lqi_thermal_rd_perkinelmer, &lqi_thermal_rd_linseis,
    &lqi_thermal_rd_csv};
#define NREADERS (sizeof readers / sizeof readers[0])

static const char *const format_names[LQ_THERMAL_FORMAT_COUNT_] = {
    "auto", "netzsch", "ta", "mettler", "setaram", "perkinelmer", "linseis", "csv"};

const char *lq_thermal_format_name(lq_thermal_format f) {
    return (unsigned)f < LQ_THERMAL_FORMAT_COUNT_ ? format_names[f] : "?";
}

lq_status lq_thermal_format_from_name(const char *name, lq_thermal_format *f) {
    if (!name || !f) return LQ_EINVAL;
    for (int i = 0; i < LQ_THERMAL_FORMAT_COUNT_; i++)
        if (lqi_strcasecmp(name, format_names[i]) == 0) {
            *f = (lq_thermal_format)i;
            return LQ_OK;
        }
    return LQ_ENOTFOUND;
}

const char *lq_thermal_segment_kind_name(lq_thermal_segment_kind k) {
    return k == LQ_THERMAL_HEATING ? "heating" : k == LQ_THERMAL_COOLING ? "cooling" : "isothermal";
}

void lq_thermal_read_options_default(lq_thermal_read_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->format = LQ_THERMAL_FORMAT_AUTO;
    opt->mass_kg = (double)NAN;
    opt->isothermal_K_per_s = 0.05 / 60.0;
    opt->min_segment_points = 10;
    opt->backstep_K = 5.0;
}

static void put_utf8(char *out, size_t *k, unsigned cp) {
    if (cp < 0x80) {
        out[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*k)++] = (char)(0xC0 | (cp >> 6));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out[(*k)++] = (char)(0xE0 | (cp >> 12));
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*k)++] = (char)(0xF0 | (cp >> 18));
        out[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* UTF-16 (BOM, or NUL bytes in every other position of the first bytes: Setaram Calisto writes
 * UTF-16LE) to UTF-8; a UTF-8 BOM is dropped; other text is kept as it is (Latin-1 bytes are
 * read byte by byte and converted where text is copied). The result is NUL-terminated. */
static lq_status decode(const char *data, size_t size, char **out, size_t *n) {
    const unsigned char *u = (const unsigned char *)data;
    int le = -1;
    size_t p = 0;
    if (size >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        le = 1;
        p = 2;
    } else if (size >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        le = 0;
        p = 2;
    } else if (size >= 8 && u[1] == 0 && u[3] == 0 && u[5] == 0 && u[0] && u[2]) {
        le = 1;
    } else if (size >= 8 && u[0] == 0 && u[2] == 0 && u[4] == 0 && u[1] && u[3]) {
        le = 0;
    }
    if (le < 0) {
        if (size >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) p = 3;
        char *s = lqi_malloc(size - p + 1);
        if (!s) return LQ_ENOMEM;
        memcpy(s, data + p, size - p);
        s[size - p] = '\0';
        *out = s;
        *n = size - p;
        return LQ_OK;
    }
    char *s = lqi_malloc_array((size - p) / 2 * 2 + 4, 2); /* <= 4 bytes per 2 input bytes */
    if (!s) return LQ_ENOMEM;
    size_t k = 0;
    for (; p + 1 < size; p += 2) {
        unsigned cp = le ? (unsigned)(u[p] | (u[p + 1] << 8)) : (unsigned)((u[p] << 8) | u[p + 1]);
        if (cp >= 0xD800 && cp < 0xDC00 && p + 3 < size) {
            unsigned lo = le ? (unsigned)(u[p + 2] | (u[p + 3] << 8))
                             : (unsigned)((u[p + 2] << 8) | u[p + 3]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p += 2;
            } else {
                cp = '?';
            }
        } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = '?';
        }
        if (cp == 0) cp = ' ';
        put_utf8(s, &k, cp);
    }
    s[k] = '\0';
    *out = s;
    *n = k;
    return LQ_OK;
}

lq_status lq_thermal_read_buffer(const char *data, size_t size, const char *name,
                                 const lq_thermal_read_options *opt, lq_thermal_trace **out,
                                 lq_diag *diag) {
    if ((!data && size) || !out) return LQ_EINVAL;
    lq_thermal_read_options def;
    if (!opt) {
        lq_thermal_read_options_default(&def);
        opt = &def;
    }
    if ((unsigned)opt->format >= LQ_THERMAL_FORMAT_COUNT_) return LQ_EINVAL;
    if (!name) name = "<buffer>";
    char *text = NULL;
    size_t n = 0;
    lq_status st = decode(data ? data : "", size, &text, &n);
    if (st != LQ_OK) return st;
    const lqi_thermal_reader *rd = NULL;
    int best = 0;
    for (size_t i = 0; i < NREADERS; i++) {
        if (opt->format != LQ_THERMAL_FORMAT_AUTO) {
            if (readers[i]->format == opt->format) rd = readers[i];
            continue;
        }
        int sc = readers[i]->probe(text, n);
        if (sc > best) {
            best = sc;
            rd = readers[i];
        }
    }
    if (!rd) {
        lqi_free(text);
        return lqi_diag_set(diag, LQ_EPARSE, name, 1, "",
                            "not a calorimeter export this version reads (NETZSCH, TA, Mettler, "
                            "Setaram, PerkinElmer, Linseis, or CSV with named columns)");
    }
    lqi_th_table t;
    lqi_th_table_init(&t, name);
    st = rd->read(text, n, &t, opt, diag);
    if (st == LQ_OK) st = lqi_th_finish(&t, rd->format, opt, out, diag);
    lqi_th_table_free(&t);
    lqi_free(text);
    return st;
}

lq_status lq_thermal_read_file(const char *path, const lq_thermal_read_options *opt,
                               lq_thermal_trace **out, lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot open: %s", strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    lq_status st = LQ_OK;
    for (;;) {
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 65536;
            char *nb = lqi_realloc(buf, nc);
            if (!nb) {
                st = LQ_ENOMEM;
                break;
            }
            buf = nb;
            cap = nc;
        }
        size_t r = fread(buf + n, 1, cap - n, fp);
        n += r;
        if (r == 0) break;
    }
    if (st == LQ_OK && ferror(fp)) st = lqi_diag_set(diag, LQ_EIO, path, 0, "", "read error");
    fclose(fp);
    if (st == LQ_OK) st = lq_thermal_read_buffer(buf, n, path, opt, out, diag);
    lqi_free(buf);
    return st;
}
