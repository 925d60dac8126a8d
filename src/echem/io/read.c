/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Format detection by content and dispatch to the instrument readers. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"
#include "liquidus/core.h"

static int has_prefix(const unsigned char *d, size_t n, const char *p) {
    size_t k = strlen(p);
    return n >= k && memcmp(d, p, k) == 0;
}

static int ext_is(const char *name, const char *ext) {
    if (!name) return 0;
    size_t n = strlen(name), k = strlen(ext);
    return n >= k && lqi_strcasecmp(name + n - k, ext) == 0;
}

lq_echem_format lq_echem_format_detect(const void *data, size_t size, const char *name) {
    const unsigned char *d = data;
    if (!d || size == 0) return LQ_ECHEM_FMT_AUTO;
    if (has_prefix(d, size, "BIO-LOGIC MODULAR FILE")) return LQ_ECHEM_FMT_BIOLOGIC_MPR;
    /* UTF-16LE with BOM: PSTrace sessions are JSON whose first key is "type":"PalmSens...". */
    if (size >= 4 && d[0] == 0xFF && d[1] == 0xFE) {
        size_t lim = size < 400 ? size : 400;
        char ascii[201];
        size_t k = 0;
        for (size_t i = 2; i + 1 < lim && k < 200; i += 2) ascii[k++] = d[i + 1] ? '?' : (char)d[i];
        ascii[k] = '\0';
        if (strstr(ascii, "PalmSens")) return LQ_ECHEM_FMT_PALMSENS_SESSION;
        return LQ_ECHEM_FMT_AUTO;
    }
    size_t off = has_prefix(d, size, "\xEF\xBB\xBF") ? 3 : 0;
    d += off;
    size -= off;
    const char *s = (const char *)d;
    size_t head = size < 4096 ? size : 4096;
    if (memchr(d, '\0', head)) return LQ_ECHEM_FMT_AUTO; /* binary, and not a known one */
    if (has_prefix(d, size, "EC-Lab ASCII FILE")) return LQ_ECHEM_FMT_BIOLOGIC_MPT;
    if (has_prefix(d, size, "{\"type\":\"PalmSens")) return LQ_ECHEM_FMT_PALMSENS_SESSION;
    if (has_prefix(d, size, "EXPLAIN") && lqi_echem_find(s, s + head, "\nTAG\t"))
        return LQ_ECHEM_FMT_GAMRY_DTA;
    /* Gamry files of some instruments (VFP600) start with the instrument's name, not EXPLAIN:
     * the TAG line second and a KEY<TAB>TABLE block. */
    {
        const char *nl1 = memchr(s, '\n', head);
        if (nl1 &&
            has_prefix((const unsigned char *)nl1 + 1, (size_t)(s + size - nl1 - 1), "TAG\t") &&
            lqi_echem_find(s, s + head, "\tTABLE"))
            return LQ_ECHEM_FMT_GAMRY_DTA;
    }
    if (has_prefix(d, size, "<Application>") ||
        (lqi_echem_find(s, s + head, "VersaStudio") && lqi_echem_find(s, s + size, "<Segment")))
        return LQ_ECHEM_FMT_VERSASTUDIO_PAR;
    /* CH Instruments: a date line, the technique, then "Instrument Model:  CHI...". */
    const char *im = lqi_echem_find(s, s + (head < 1024 ? head : 1024), "Instrument Model:");
    if (im && lqi_echem_find(im, s + head, "CHI")) return LQ_ECHEM_FMT_CHI_TXT;
    /* Autolab NOVA: the first line is the header with NOVA's column names. */
    const char *nl = memchr(s, '\n', head);
    const char *le = nl ? nl : s + head;
    if (lqi_echem_find(s, le, "WE(1).") || lqi_echem_find(s, le, "Potential applied (V)") ||
        lqi_echem_find(s, le, "Corrected time (s)"))
        return LQ_ECHEM_FMT_AUTOLAB_ASCII;
    /* A text file with a binary extension is not a table. */
    if (ext_is(name, ".mpr")) return LQ_ECHEM_FMT_AUTO;
    return LQ_ECHEM_FMT_CSV;
}

static lqi_echem_reader reader_of(lq_echem_format f) {
    switch (f) {
        case LQ_ECHEM_FMT_BIOLOGIC_MPT:
            return lqi_echem_read_mpt;
        case LQ_ECHEM_FMT_BIOLOGIC_MPR:
            return lqi_echem_read_mpr;
        case LQ_ECHEM_FMT_GAMRY_DTA:
            return lqi_echem_read_gamry;
        case LQ_ECHEM_FMT_AUTOLAB_ASCII:
            return lqi_echem_read_autolab;
        case LQ_ECHEM_FMT_VERSASTUDIO_PAR:
            return lqi_echem_read_par;
        case LQ_ECHEM_FMT_CHI_TXT:
            return lqi_echem_read_chi;
        case LQ_ECHEM_FMT_PALMSENS_SESSION:
            return lqi_echem_read_palmsens;
        case LQ_ECHEM_FMT_CSV:
            return lqi_echem_read_csv;
        default:
            return NULL;
    }
}

/* Reads with a NUL-terminated private copy so that readers may rely on data[size] == 0. */
static lq_status read_terminated(const char *data, size_t size, const char *name,
                                 const lq_echem_read_options *opt, lq_echem_record **out,
                                 lq_diag *diag) {
    lq_echem_read_options def = lq_echem_read_options_default();
    if (!opt) opt = &def;
    const char *base = lqi_echem_basename(name);
    lq_echem_format f = opt->format;
    if (f == LQ_ECHEM_FMT_AUTO) f = lq_echem_format_detect(data, size, name);
    if (size == 0)
        return lqi_diag_set(diag, LQ_EPARSE, base, 0, "", "empty file: expected potentiostat data");
    if (f == LQ_ECHEM_FMT_AUTO) {
        if (ext_is(name, ".mpr"))
            return lqi_diag_set(diag, LQ_EPARSE, base, 0, "",
                                "not a BioLogic .mpr file: expected the 'BIO-LOGIC MODULAR FILE' "
                                "signature");
        return lqi_diag_set(diag, LQ_EPARSE, base, 1, "",
                            "unrecognised file: expected a BioLogic, Gamry, Autolab, VersaStudio, "
                            "CHI, PalmSens or CSV/TSV text file");
    }
    lqi_echem_reader rd = reader_of(f);
    if (!rd)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, base, 0, "", "no reader for format %s",
                            lq_echem_format_name(f));
    lq_echem_record *r = NULL;
    lq_status st = rd(data, size, base, opt, &r, diag);
    if (st != LQ_OK) return st;
    r->format = f;
    snprintf(r->file, sizeof r->file, "%s", base);
    r->ncycles = lqi_echem_count_cycles(r);
    if (r->ncycles == 0) {
        lq_echem_record_free(r);
        return LQ_ENOMEM;
    }
    if (r->technique == LQ_ECHEM_TECH_UNKNOWN && r->nsegments > 0)
        r->technique = r->segments[0].technique;
    if (r->nsegments > 0 && r->segments[0].technique == LQ_ECHEM_TECH_UNKNOWN)
        for (size_t i = 0; i < r->nsegments; i++)
            if (r->segments[i].technique == LQ_ECHEM_TECH_UNKNOWN)
                r->segments[i].technique = r->technique;
    *out = r;
    return LQ_OK;
}

lq_status lq_echem_record_read_buffer(const void *data, size_t size, const char *name,
                                      const lq_echem_read_options *opt, lq_echem_record **out,
                                      lq_diag *diag) {
    if ((!data && size > 0) || !out) return LQ_EINVAL;
    char *copy = lqi_malloc(size + 1);
    if (!copy) return LQ_ENOMEM;
    if (size) memcpy(copy, data, size);
    copy[size] = '\0';
    lq_status st = read_terminated(copy, size, name, opt, out, diag);
    lqi_free(copy);
    return st;
}

/* A regular file mapped read-only instead of copied: a 10^6-row table is ~30 MB, and copying it
 * through a growing buffer cost about a fifth of reading it. The readers need data[size] == 0:
 * POSIX fills the rest of the last page of a mapping with zeros, so a file whose size is not a
 * multiple of the page size is NUL-terminated in place; any other file (a whole number of
 * pages, a pipe, a device, an empty file) is read into memory as before. Returns 1 when mapped. */
static int map_file(const char *path, const char **data, size_t *size) {
    /* Only regular files are opened here: opening a FIFO and closing it unread would lose what
     * its writer sent before the second open. */
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    long page = sysconf(_SC_PAGESIZE);
    int ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && page > 0 &&
             (unsigned long long)sb.st_size < (unsigned long long)SIZE_MAX &&
             sb.st_size % page != 0;
    void *m = ok ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (m == MAP_FAILED) return 0;
    /* The readers walk the file once from the start. */
    posix_madvise(m, (size_t)sb.st_size, POSIX_MADV_SEQUENTIAL);
    *data = m;
    *size = (size_t)sb.st_size;
    return 1;
}

lq_status lq_echem_record_read(const char *path, const lq_echem_read_options *opt,
                               lq_echem_record **out, lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    const char *mapped = NULL;
    size_t size = 0;
    if (map_file(path, &mapped, &size)) {
        lq_status st = read_terminated(mapped, size, path, opt, out, diag);
        munmap((void *)(uintptr_t)mapped, size);
        return st;
    }
    char *data = NULL;
    lq_status st = lq_file_read_all(path, &data, &size, diag);
    if (st != LQ_OK) return st;
    st = read_terminated(data, size, path, opt, out, diag);
    lq_free(data);
    return st;
}
