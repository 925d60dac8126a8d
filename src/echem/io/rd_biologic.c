/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BioLogic EC-Lab files: the text export (.mpt) and the binary original (.mpr). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"
#include "liquidus/units.h"

#define MPT_MAX_COLS 128
#define MPT_MAX_LOOPS 4096

/* "key : value" header lines of EC-Lab: value after the first " : ". */
static int mpt_value(const char *s, const char *e, const char *key, const char **vs) {
    if (!lqi_echem_starts(s, e, key)) return 0;
    const char *p = s + strlen(key);
    while (p < e && *p == ' ') p++;
    if (p >= e || *p != ':') return 0;
    p++;
    while (p < e && *p == ' ') p++;
    *vs = p;
    return 1;
}

/* Technique settings are columns of 20 characters: "dE/dt               0.100". */
static int mpt_setting(const char *s, const char *e, const char *key, const char **vs,
                       const char **ve) {
    size_t k = strlen(key);
    if ((size_t)(e - s) <= 20 || !lqi_echem_starts(s, e, key)) return 0;
    for (const char *p = s + k; p < s + 20; p++)
        if (*p != ' ') return 0;
    const char *p = s + 20;
    while (p < e && *p == ' ') p++;
    const char *q = p;
    while (q < e && *q != ' ' && *q != '\t') q++;
    *vs = p;
    *ve = q;
    return q > p;
}

typedef struct mpt_loop {
    long a, b;
} mpt_loop;

lq_status lqi_echem_read_mpt(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag) {
    (void)opt;
    lqi_lines l;
    lqi_lines_init(&l, data, size);
    const char *s, *e;
    if (!lqi_lines_next(&l, &s, &e) || !lqi_echem_starts(s, e, "EC-Lab ASCII FILE"))
        return lqi_diag_set(diag, LQ_EPARSE, name, 1, "", "expected 'EC-Lab ASCII FILE'");
    const char *vs;
    long nhead = 0;
    if (!lqi_lines_next(&l, &s, &e) || !mpt_value(s, e, "Nb header lines", &vs) ||
        (nhead = strtol(vs, NULL, 10)) < 3 || nhead > 100000)
        return lqi_diag_set(diag, LQ_EPARSE, name, 2, "Nb header lines",
                            "expected 'Nb header lines : N' with N >= 3");
    char tech[LQ_ECHEM_META_SIZE] = "", device[96] = "";
    char software[96] = "", ref[LQ_ECHEM_META_SIZE] = "";
    double rate = (double)NAN, rate_scale = 1e-3; /* dE/dt unit defaults to mV/s */
    const char *area_s = NULL, *area_e = NULL;
    mpt_loop *loops = NULL;
    long nloops = 0;
    lq_status st = LQ_OK;
    int dc_hint = 0;
    while (l.lineno < nhead - 1 && lqi_lines_next(&l, &s, &e)) {
        const char *ve;
        if (!tech[0] && l.lineno >= 3 && e > s && *s != ' ')
            lqi_echem_copy_text(tech, sizeof tech, s, e);
        if (mpt_value(s, e, "Device", &vs))
            lqi_echem_copy_text(device, sizeof device, vs, e);
        else if (lqi_echem_starts(s, e, "EC-Lab for windows")) {
            const char *v = lqi_echem_find(s, e, " v");
            const char *ve2 = v ? lqi_echem_find(v, e, " (") : NULL;
            if (v) lqi_echem_copy_text(software, sizeof software, v + 1, ve2 ? ve2 : e);
        } else if (mpt_value(s, e, "Electrode surface area", &vs)) {
            area_s = vs;
            area_e = e;
        } else if (mpt_value(s, e, "Reference electrode", &vs))
            lqi_echem_copy_text(ref, sizeof ref, vs, e);
        else if (mpt_value(s, e, "Ewe ctrl range", &vs))
            dc_hint = lqi_echem_find(vs, e, ",") != NULL;
        else if (mpt_setting(s, e, "dE/dt unit", &vs, &ve)) {
            char u[16];
            lqi_echem_copy_text(u, sizeof u, vs, ve);
            const char *si;
            if (!lqi_echem_unit(u, &rate_scale, &si) || strcmp(si, "V/s") != 0)
                rate_scale = (double)NAN;
        } else if (mpt_setting(s, e, "dE/dt", &vs, &ve)) {
            if (isnan(rate)) {
                double v;
                if (lqi_csv_num(vs, ve, 0, &v) == 0 || lqi_csv_num(vs, ve, 1, &v) == 0) rate = v;
            }
        } else if (lqi_echem_starts(s, e, "Loop ")) {
            /* "Loop 2 from point number 40 to 59" */
            const char *p = lqi_echem_find(s, e, "point number");
            const char *q = p ? lqi_echem_find(p, e, " to ") : NULL;
            if (p && q && nloops < MPT_MAX_LOOPS) {
                if (!loops) {
                    loops = lqi_malloc_array(MPT_MAX_LOOPS, sizeof *loops);
                    if (!loops) return LQ_ENOMEM;
                }
                loops[nloops].a = strtol(p + 12, NULL, 10);
                loops[nloops].b = strtol(q + 4, NULL, 10);
                nloops++;
            }
        }
    }
    if (l.lineno != nhead - 1 || !lqi_lines_next(&l, &s, &e)) {
        lqi_free(loops);
        return lqi_diag_set(diag, LQ_EPARSE, name, l.lineno, "Nb header lines",
                            "file ends inside the header: expected %ld header lines", nhead);
    }
    /* Line nhead: the column names, tab-separated. */
    char *labels[MPT_MAX_COLS];
    long nl = lqi_split_header(s, e, '\t', labels, MPT_MAX_COLS);
    if (nl < 0) {
        lqi_free(loops);
        return LQ_ENOMEM;
    }
    if (nl < 2) {
        for (long k = 0; k < nl; k++) lqi_free(labels[k]);
        lqi_free(loops);
        return lqi_diag_set(diag, LQ_EPARSE, name, nhead, "",
                            "expected the tab-separated column names (mode, time/s, Ewe/V, ...) "
                            "on header line %ld",
                            nhead);
    }
    /* Decimal comma (EC-Lab in a comma locale): seen in the first data line. */
    int dc = dc_hint; /* the header's hint when no data line follows */
    {
        lqi_lines probe = l;
        const char *ps, *pe;
        if (lqi_lines_next(&probe, &ps, &pe)) dc = lqi_csv_probe_decimal_comma(&l);
    }
    lqi_table t;
    lqi_table_init(&t, name);
    long map[MPT_MAX_COLS];
    for (long k = 0; k < nl && st == LQ_OK; k++)
        if ((map[k] = lqi_table_column(&t, labels[k], NULL)) < 0)
            st = lqi_table_column_error(&t, map[k], diag);
    for (long k = 0; k < nl; k++) lqi_free(labels[k]);
    lq_echem_technique tq = lqi_echem_technique_from_name(tech);
    t.tech = tq;
    if (st == LQ_OK) st = lqi_table_read_rows(&t, &l, '\t', dc, map, (size_t)nl, NULL, diag);
    /* Loops become segments when they tile the points; otherwise say so and keep one. */
    if (st == LQ_OK && nloops > 0) {
        /* Each loop starts where the previous ended (so every bound stays below the row count
         * before it is used in arithmetic); an empty loop has b = a - 1. */
        int ok = loops[0].a == 0;
        for (long i = 0; i < nloops && ok; i++) {
            ok = i == 0 || loops[i].a == loops[i - 1].b + 1;
            ok = ok && loops[i].a <= (long)t.nrow && loops[i].b < (long)t.nrow &&
                 loops[i].b >= loops[i].a - 1;
        }
        ok = ok && loops[nloops - 1].b == (long)t.nrow - 1;
        if (!ok) {
            st = lqi_table_warn(&t,
                                "loop table (%ld loops) does not match the %zu data points; "
                                "loops ignored",
                                nloops, t.nrow);
        } else {
            for (long i = 0; i < nloops && st == LQ_OK; i++) {
                char lab[32];
                snprintf(lab, sizeof lab, "Loop %ld", i);
                st = lqi_table_begin_segment(&t, i, tq, lab);
                if (st == LQ_OK) {
                    t.seg[t.nseg - 1].start = (size_t)loops[i].a;
                    t.seg[t.nseg - 1].count = (size_t)(loops[i].b - loops[i].a + 1);
                }
            }
        }
    }
    lqi_free(loops);
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    if (area_s) {
        /* "0.001 cm²": the number, then its unit (EC-Lab writes cm²). */
        const char *p = area_s;
        while (p < area_e && *p != ' ') p++;
        double v;
        if (lqi_csv_num(area_s, p, dc, &v) == 0 && v > 0 && lqi_echem_find(p, area_e, "cm"))
            r->area_m2 = v * LQ_CM2_M2;
    }
    if (isfinite(rate) && isfinite(rate_scale)) r->scan_rate_V_per_s = rate * rate_scale;
    r->technique = tq;
    r->decimal_comma = dc;
    snprintf(r->technique_label, sizeof r->technique_label, "%s", tech);
    snprintf(r->instrument, sizeof r->instrument, "BioLogic %s",
             device[0] ? device : "(device not stated)");
    snprintf(r->software, sizeof r->software, "EC-Lab %s", software);
    snprintf(r->reference, sizeof r->reference, "%s", ref);
    for (size_t i = 0; i < r->nsegments; i++) r->segments[i].technique = tq;
    *out = r;
    return LQ_OK;
}

/* ---------------------------------------------------------------- .mpr (binary)
 * Layout (reverse-engineered by the galvani project, echemdata/galvani BioLogic.py, and checked
 * here against the .mpt twin in the test data): 52-byte signature, then modules "MODULE" +
 * short name (10) + long name (25) + length u32 + version u32 + date (8) + data. The "VMP data"
 * module holds n_points u32, n_columns u8, column ids (u8 in version 0, u16 in versions 2 and 3),
 * then rows from byte 100 (v0), 405 (v2) or 406 (v3). Little-endian throughout. */

typedef struct mpr_col {
    unsigned id;
    const char *label; /* as the .mpt export names the column */
    char type;         /* 'f' f32, 'd' f64, 'h' u16, 'i' u32 */
} mpr_col;

static const mpr_col mpr_cols[] = {
    {4, "time/s", 'd'},
    {5, "control/V/mA", 'f'},
    {6, "Ewe/V", 'f'},
    {7, "dQ/mA.h", 'd'},
    {8, "I/mA", 'f'},
    {9, "Ece/V", 'f'},
    {11, "<I>/mA", 'd'},
    {13, "(Q-Qo)/mA.h", 'd'},
    {19, "control/V", 'f'},
    {20, "control/mA", 'f'},
    {23, "dQ/mA.h", 'd'},
    {24, "cycle number", 'd'},
    {32, "freq/Hz", 'f'},
    {33, "|Ewe|/V", 'f'},
    {34, "|I|/A", 'f'},
    {35, "Phase(Z)/deg", 'f'},
    {36, "|Z|/Ohm", 'f'},
    {37, "Re(Z)/Ohm", 'f'},
    {38, "-Im(Z)/Ohm", 'f'},
    {39, "I Range", 'h'},
    {70, "P/W", 'f'},
    {74, "Energy/W.h", 'd'},
    {76, "<I>/mA", 'f'},
    {77, "<Ewe>/V", 'f'},
    {123, "Energy charge/W.h", 'd'},
    {124, "Energy discharge/W.h", 'd'},
    {125,
     "Capacitance charge/\xC2\xB5"
     "F",
     'd'},
    {126,
     "Capacitance discharge/\xC2\xB5"
     "F",
     'd'},
    {131, "Ns", 'h'},
    {169,
     "Cs/\xC2\xB5"
     "F",
     'f'},
    {172,
     "Cp/\xC2\xB5"
     "F",
     'f'},
    {434, "(Q-Qo)/C", 'f'},
    {435, "dQ/C", 'f'},
    {467, "Q charge/discharge/mA.h", 'd'},
    {468, "half cycle", 'i'},
};

/* Flags packed into one byte wherever the first of them stands (mask per id). */
static const struct {
    unsigned id;
    const char *label;
    unsigned mask;
} mpr_flags[] = {{1, "mode", 0x03},        {2, "ox/red", 0x04},
                 {3, "error", 0x08},       {21, "control changes", 0x10},
                 {31, "Ns changes", 0x20}, {65, "counter inc.", 0x80}};

static uint32_t rd_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t rd_u64(const unsigned char *p) {
    return (uint64_t)rd_u32(p) | (uint64_t)rd_u32(p + 4) << 32;
}

static double rd_value(const unsigned char *p, char type) {
    switch (type) {
        case 'f': {
            uint32_t u = rd_u32(p);
            float f;
            memcpy(&f, &u, sizeof f);
            return (double)f;
        }
        case 'd': {
            uint64_t u = rd_u64(p);
            double d;
            memcpy(&d, &u, sizeof d);
            return d;
        }
        case 'h':
            return (double)((unsigned)p[0] | (unsigned)p[1] << 8);
        default:
            return (double)rd_u32(p);
    }
}

static size_t type_size(char t) { return t == 'f' || t == 'i' ? 4 : t == 'd' ? 8 : 2; }

#define MPR_MAX_COLS 64

typedef struct mpr_field {
    int flag;         /* 1: the flags byte */
    const mpr_col *c; /* column (flag == 0) */
    size_t offset;
    long tcol; /* table column (flag == 0) */
} mpr_field;

static lq_status mpr_data(const unsigned char *d, size_t len, unsigned version, const char *name,
                          lqi_table *t, lq_diag *diag) {
    if (len < 5) return lqi_diag_set(diag, LQ_EPARSE, name, 0, "VMP data", "data module too short");
    uint32_t npts = rd_u32(d);
    unsigned ncols = d[4];
    size_t start = version == 0 ? 100 : version == 2 ? 405 : 406;
    size_t idsize = version == 0 ? 1 : 2;
    if (ncols == 0 || ncols > MPR_MAX_COLS || 5 + ncols * idsize > start || start > len)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "VMP data",
                            "data module header: %u columns do not fit", ncols);
    mpr_field f[MPR_MAX_COLS];
    size_t nf = 0, row = 0;
    long flag_col[6] = {-1, -1, -1, -1, -1, -1};
    int flags_seen = 0;
    size_t flags_off = 0;
    for (unsigned k = 0; k < ncols; k++) {
        unsigned id = idsize == 1 ? d[5 + k] : (unsigned)d[5 + 2 * k] | (unsigned)d[6 + 2 * k] << 8;
        int fl = -1;
        for (int j = 0; j < 6; j++)
            if (mpr_flags[j].id == id) fl = j;
        if (fl >= 0) {
            if (!flags_seen) {
                flags_seen = 1;
                flags_off = row;
                row += 1;
            }
            if (flag_col[fl] < 0 &&
                (flag_col[fl] = lqi_table_column(t, mpr_flags[fl].label, NULL)) < 0)
                return LQ_ENOMEM;
            continue;
        }
        const mpr_col *c = NULL;
        for (size_t j = 0; j < sizeof mpr_cols / sizeof mpr_cols[0]; j++)
            if (mpr_cols[j].id == id) c = &mpr_cols[j];
        if (!c)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, "VMP data",
                                "column id %u (column %u) has an unknown layout; export the file "
                                "to .mpt in EC-Lab",
                                id, k + 1);
        char label[64];
        snprintf(label, sizeof label, "%s", c->label);
        /* A second column of the same name gets a suffix so that the table keeps both. */
        for (int dup = 2; dup < 100; dup++) {
            int used = 0;
            for (size_t j = 0; j < t->ncol; j++) used |= strcmp(t->col[j].label, label) == 0;
            if (!used) break;
            snprintf(label, sizeof label, "%s %d", c->label, dup);
        }
        f[nf].flag = 0;
        f[nf].c = c;
        f[nf].offset = row;
        f[nf].tcol = lqi_table_column(t, label, NULL);
        if (f[nf].tcol < 0) return LQ_ENOMEM;
        nf++;
        row += type_size(c->type);
    }
    size_t avail = (len - start) / row;
    size_t n = npts;
    if (avail < n) {
        lq_status st = lqi_table_warn(t,
                                      "%s: data module declares %u points, holds %zu (file "
                                      "truncated?)",
                                      name, (unsigned)npts, avail);
        if (st != LQ_OK) return st;
        n = avail;
    }
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = d + start + i * row;
        long r = lqi_table_add_row(t);
        if (r < 0) return LQ_ENOMEM;
        for (size_t j = 0; j < nf; j++)
            t->col[f[j].tcol].v[r] = rd_value(p + f[j].offset, f[j].c->type);
        for (int j = 0; j < 6; j++) {
            if (flag_col[j] < 0) continue;
            unsigned b = p[flags_off] & mpr_flags[j].mask, sh = 0;
            while (!((mpr_flags[j].mask >> sh) & 1u)) sh++;
            t->col[flag_col[j]].v[r] = (double)(b >> sh);
        }
    }
    for (size_t j = 0; j < t->ncol; j++) t->col[j].text = 0;
    return LQ_OK;
}

lq_status lqi_echem_read_mpr(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag) {
    (void)opt;
    const unsigned char *d = (const unsigned char *)data;
    if (size < 52 || memcmp(d, "BIO-LOGIC MODULAR FILE\x1a", 23) != 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "",
                            "expected the 52-byte 'BIO-LOGIC MODULAR FILE' signature");
    size_t pos = 52;
    lqi_table t;
    lqi_table_init(&t, name);
    lq_status st = LQ_OK;
    int have_data = 0, tech_id = -1;
    const unsigned char *loop = NULL;
    size_t loop_len = 0;
    while (st == LQ_OK && pos < size) {
        if (size - pos < 6 + 51 || memcmp(d + pos, "MODULE", 6) != 0) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, 0, "",
                              "byte %zu: expected a 'MODULE' header (file truncated or not "
                              "EC-Lab < 11.50 layout)",
                              pos);
            break;
        }
        const unsigned char *h = d + pos + 6;
        char sname[11];
        memcpy(sname, h, 10);
        sname[10] = '\0';
        uint32_t len = rd_u32(h + 35), version = rd_u32(h + 39);
        /* The date (e.g. "01.10.18" or "01/10/18") tells the pre-11.50 header layout. */
        const unsigned char *date = h + 43;
        int date_ok = date[2] == date[5] && (date[2] == '/' || date[2] == '.' || date[2] == '-');
        if (!date_ok) {
            st = lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, sname,
                              "module header at byte %zu is not in the EC-Lab < 11.50 layout "
                              "(EC-Lab 11.50 changed it); export the file to .mpt",
                              pos);
            break;
        }
        size_t body = pos + 6 + 51;
        if (len > size - body) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, 0, sname,
                              "module declares %u bytes, only %zu left (file truncated)",
                              (unsigned)len, size - body);
            break;
        }
        if (memcmp(sname, "VMP data  ", 10) == 0) {
            if (have_data) {
                st = lqi_diag_set(diag, LQ_EPARSE, name, 0, sname, "second data module");
                break;
            }
            if (version != 0 && version != 2 && version != 3) {
                st = lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, sname,
                                  "data module version %u (known: 0, 2, 3)", (unsigned)version);
                break;
            }
            st = mpr_data(d + body, len, version, name, &t, diag);
            have_data = 1;
        } else if (memcmp(sname, "VMP Set   ", 10) == 0 && len > 0) {
            tech_id = d[body];
        } else if (memcmp(sname, "VMP loop  ", 10) == 0 && version == 0) {
            loop = d + body;
            loop_len = len;
        }
        pos = body + len;
    }
    if (st == LQ_OK && !have_data)
        st = lqi_diag_set(diag, LQ_EPARSE, name, 0, "", "no 'VMP data' module");
    /* Technique: only the id checked against an .mpt twin is named (0x06 = cyclic voltammetry). */
    lq_echem_technique tq = tech_id == 6 ? LQ_ECHEM_TECH_CV : LQ_ECHEM_TECH_UNKNOWN;
    if (st == LQ_OK && loop && loop_len >= 4) {
        /* Loop module v0: count u32, then the index of the first point of each loop. */
        uint32_t nl = rd_u32(loop);
        if ((size_t)nl <= (loop_len - 4) / 4) {
            size_t prev = 0;
            int ok = nl > 0 && rd_u32(loop + 4) == 0;
            for (uint32_t i = 0; i < nl && ok; i++) {
                size_t a = rd_u32(loop + 4 + 4 * i);
                ok = a >= prev && a <= t.nrow;
                prev = a;
            }
            for (uint32_t i = 0; i < nl && ok && st == LQ_OK; i++) {
                size_t a = rd_u32(loop + 4 + 4 * i);
                size_t b = i + 1 < nl ? rd_u32(loop + 8 + 4 * i) : t.nrow;
                if (i + 1 == nl && a == t.nrow && i > 0) break; /* trailing end marker */
                char lab[32];
                snprintf(lab, sizeof lab, "Loop %u", (unsigned)i);
                st = lqi_table_begin_segment(&t, (long)i, tq, lab);
                if (st == LQ_OK) {
                    t.seg[t.nseg - 1].start = a;
                    t.seg[t.nseg - 1].count = b - a;
                }
            }
        }
    }
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    r->technique = tq;
    if (tech_id >= 0)
        snprintf(r->technique_label, sizeof r->technique_label, "%s (EC-Lab technique id %d)",
                 tq == LQ_ECHEM_TECH_CV ? "Cyclic Voltammetry" : "unknown", tech_id);
    snprintf(r->instrument, sizeof r->instrument, "BioLogic (binary .mpr)");
    snprintf(r->software, sizeof r->software, "EC-Lab");
    *out = r;
    return LQ_OK;
}
