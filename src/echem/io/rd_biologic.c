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

/* Adds a column named `label` to t, with " 2", " 3", ... when the name is taken, so that no two
 * columns of a record share a name. */
static long unique_column(lqi_table *t, const char *label) {
    char name[80];
    snprintf(name, sizeof name, "%s", label);
    for (int dup = 2; dup < 1000; dup++) {
        int used = 0;
        for (size_t j = 0; j < t->ncol && !used; j++) used = strcmp(t->col[j].label, name) == 0;
        if (!used) break;
        snprintf(name, sizeof name, "%s %d", label, dup);
    }
    return lqi_table_column(t, name, NULL);
}

/* EC-Lab's "control/V/mA" holds the control value in V at potentiostatic points (mode 2) and in
 * mA elsewhere: it has no one unit, and the label's last part must not scale it as a current. It
 * is kept as stored with its unit as written ("V/mA", as yadg keeps it); "control/V" and
 * "control/mA" are its parts in their own units (the export writes them, the .mpr reader derives
 * them). */
static lq_status mixed_unit_columns(lqi_table *t) {
    for (size_t j = 0; j < t->ncol; j++) {
        if (strcmp(t->col[j].label, "control/V/mA") != 0 || t->col[j].unit_row) continue;
        t->col[j].unit_row = lqi_strdup("V/mA");
        if (!t->col[j].unit_row) return LQ_ENOMEM;
        t->col[j].unit_forced = 1;
    }
    return LQ_OK;
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
    /* Decimal comma (EC-Lab in a comma locale): seen in the first data line. Some exports
     * (PEIS with Ece, EC-Lab 11.50) name more columns than the rows hold: the names past the
     * fields of the first data line have no data and are dropped with a warning. */
    int dc = dc_hint; /* the header's hint when no data line follows */
    long nrowf = nl;
    {
        lqi_lines probe = l;
        const char *ps, *pe;
        if (lqi_lines_next(&probe, &ps, &pe)) {
            dc = lqi_csv_probe_decimal_comma(&l);
            const char *fs[MPT_MAX_COLS], *fe[MPT_MAX_COLS];
            size_t nsp = lqi_csv_split(ps, pe, "\t", 0, fs, fe, MPT_MAX_COLS);
            nrowf = nsp > MPT_MAX_COLS ? MPT_MAX_COLS : (long)nsp;
            while (nrowf > 0 && fs[nrowf - 1] == fe[nrowf - 1]) nrowf--; /* trailing tabs */
        }
    }
    lqi_table t;
    lqi_table_init(&t, name);
    if (nrowf >= 2 && nrowf < nl) {
        st = lqi_table_warn(&t,
                            "%s:%ld: the header names %ld columns, the data rows hold %ld; the "
                            "last %ld names ('%s' ...) have no data and are dropped",
                            name, nhead, nl, nrowf, nl - nrowf, labels[nrowf]);
        for (long k = nrowf; k < nl; k++) lqi_free(labels[k]);
        nl = nrowf;
    }
    long map[MPT_MAX_COLS];
    for (long k = 0; k < nl && st == LQ_OK; k++) {
        /* Every column gets its own name: an empty header field is "column k", a repeated
         * name gets " 2", " 3", ... */
        char blank[32];
        snprintf(blank, sizeof blank, "column %ld", k + 1);
        if ((map[k] = unique_column(&t, labels[k][0] ? labels[k] : blank)) < 0)
            st = lqi_table_column_error(&t, map[k], diag);
    }
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
    if (st == LQ_OK) st = mixed_unit_columns(&t);
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
 * Layout (reverse-engineered by the galvani project, echemdata/galvani galvani/BioLogic.py, and by
 * yadg, dgbowl/yadg src/yadg/extractors/eclab/mpr.py; checked here against the .mpt twins of their
 * test data): a 52-byte signature, then modules "MODULE" + header + data. Header before EC-Lab
 * 11.50: short name (10), long name (25), length u32, version u32, date (8) = 51 bytes. From 11.50:
 * short name (10), long name (25), max length u32 (0xffffffff), length u32, version u32, second
 * version u32, date (8) = 59 bytes; the module version is the sum of the two (yadg).
 * The "VMP data" module holds n_points u32, n_columns u8, the column ids, then the rows:
 *   version 0:     ids u8,             rows from byte 100;
 *   version 2, 3:  ids u16 LE,         rows from byte 405 (2) or 406 (3);
 *   version 10,11: ids u16 big-endian, rows from byte 1007 (EC-Lab >= 11.50).
 * Little-endian values throughout. */

typedef struct mpr_col {
    unsigned id;
    const char *label; /* as the .mpt export names the column */
    char type;         /* 'f' f32, 'd' f64, 'b' u8, 'h' u16, 'i' u32 */
} mpr_col;

/* Column ids. From EC-Lab 11.50 (and for some columns before) an id can carry a high byte
 * (434 = 256 + 178, 295 = 256 + 39, 981 = 768 + 213); the column is the id modulo 256 (yadg's
 * rule; every id of the twins in the test data follows it). Names and types from galvani's
 * VMPdata_colID_dtype_map and yadg's data_columns, spelled as EC-Lab's .mpt export spells them.
 * Where the two projects disagree the .mpt twins decide (441 = 256 + 185 is "<Ece>/V", galvani
 * says "<Ecv>/V"; 272 = 256 + 16 is "Analog IN 1/V"). */
static const mpr_col mpr_cols[] = {
    {4, "time/s", 'd'},
    {5, "control/V/mA", 'f'},
    {6, "Ewe/V", 'f'},
    {7, "dq/mA.h", 'd'},
    {8, "I/mA", 'f'},
    {9, "Ece/V", 'f'},
    {11, "<I>/mA", 'd'},
    {13, "(Q-Qo)/mA.h", 'd'},
    {15, "Phase(Z1)/deg", 'f'},
    {16, "Analog IN 1/V", 'f'},
    {17, "Analog IN 2/V", 'f'},
    {19, "control/V", 'f'},
    {20, "control/mA", 'f'},
    {23, "dQ/mA.h", 'd'},
    {24, "cycle number", 'd'},
    {26, "Rapp/Ohm", 'f'},
    {27, "Ewe-Ece/V", 'f'},
    {32, "freq/Hz", 'f'},
    {33, "|Ewe|/V", 'f'},
    {34, "|I|/A", 'f'},
    {35, "Phase(Z)/deg", 'f'},
    {36, "|Z|/Ohm", 'f'},
    {37, "Re(Z)/Ohm", 'f'},
    {38, "-Im(Z)/Ohm", 'f'},
    {39, "I Range", 'h'},
    {45, "|Z1|/Ohm", 'f'},
    {46, "|Z2|/Ohm", 'f'},
    {69, "Rwe/Ohm", 'f'},
    {70, "P/W", 'f'},
    {74, "|Energy|/W.h", 'd'},
    {75, "Analog OUT/V", 'f'},
    {76, "<I>/mA", 'f'},
    {77, "<Ewe>/V", 'f'},
    {78,
     "Cs-2/\xC2\xB5"
     "F-2",
     'f'},
    {96, "|Ece|/V", 'f'},
    {98, "Phase(Zce)/deg", 'f'},
    {99, "|Zce|/Ohm", 'f'},
    {100, "Re(Zce)/Ohm", 'f'},
    {101, "-Im(Zce)/Ohm", 'f'},
    {105, "-Im(Z1)/Ohm", 'f'},
    {106, "-Im(Z2)/Ohm", 'f'},
    {110, "Energy ce/W.h", 'd'},
    {112, "Energy we/W.h", 'd'},
    {115, "Energy ce charge/W.h", 'd'},
    {116, "Energy ce discharge/W.h", 'd'},
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
    {135, "<E1>/V", 'f'},
    {136, "<E2>/V", 'f'},
    {163, "|Estack|/V", 'f'},
    {166, "Phase(Zstack)/deg", 'f'},
    {167, "|Zstack|/Ohm", 'f'},
    {168, "Rcmp/Ohm", 'f'},
    {169,
     "Cs/\xC2\xB5"
     "F",
     'f'},
    {172,
     "Cp/\xC2\xB5"
     "F",
     'f'},
    {173,
     "Cp-2/\xC2\xB5"
     "F-2",
     'f'},
    {174, "<Ewe>/V", 'f'},
    {175, "|Zwe-ce|/Ohm", 'f'},
    {176, "Re(Zwe-ce)/Ohm", 'f'},
    {177, "-Im(Zwe-ce)/Ohm", 'f'},
    {178, "(Q-Qo)/C", 'f'},
    {179, "dQ/C", 'f'},
    {182, "step time/s", 'd'},
    {185, "<Ece>/V", 'f'},
    {206,
     "Temperature/\xC2\xB0"
     "C",
     'f'},
    {211, "Q charge/discharge/mA.h", 'd'},
    {212, "half cycle", 'i'},
    {213, "z cycle", 'i'},
    {215, "<Ece>/V", 'f'},
    {217, "THD Ewe/%", 'f'},
    {218, "THD I/%", 'f'},
    {219, "THD Ece/%", 'f'},
    {220, "NSD Ewe/%", 'f'},
    {221, "NSD I/%", 'f'},
    {222, "NSD Ece/%", 'f'},
    {223, "NSR Ewe/%", 'f'},
    {224, "NSR I/%", 'f'},
    {225, "NSR Ece/%", 'f'},
    {230, "|Ewe h2|/V", 'f'},
    {231, "|Ewe h3|/V", 'f'},
    {232, "|Ewe h4|/V", 'f'},
    {233, "|Ewe h5|/V", 'f'},
    {234, "|Ewe h6|/V", 'f'},
    {235, "|Ewe h7|/V", 'f'},
    {236, "|I h2|/A", 'f'},
    {237, "|I h3|/A", 'f'},
    {238, "|I h4|/A", 'f'},
    {239, "|I h5|/A", 'f'},
    {240, "|I h6|/A", 'f'},
    {241, "|I h7|/A", 'f'},
    {242, "|Ece h2|/V", 'f'},
    {243, "|Ece h3|/V", 'f'},
    {244, "|Ece h4|/V", 'f'},
    {245, "|Ece h5|/V", 'f'},
    {246, "|Ece h6|/V", 'f'},
    {247, "|Ece h7|/V", 'f'},
    {248, "Rac/Ohm", 'f'},
    {249, "Rdc/Ohm", 'f'},
    {253, "Acir/Dcir Control", 'b'},
};
#define MPR_NCOLS (sizeof mpr_cols / sizeof mpr_cols[0])

/* 174 next to a potential column (6 or 77) is the phase of Z(we-ce) (yadg's conflict rule; the
 * PEIS twin peis.issue_225 shows it between -Im(Zce) and |Zwe-ce|). */
static const mpr_col mpr_phase_wece = {174, "Phase(Zwe-ce)/deg", 'f'};
/* BCD (technique 0x88) names its potential Ecell (yadg's technique_dependent_ids). */
static const mpr_col mpr_ecell = {6, "Ecell/V", 'f'};
/* From EC-Lab 11.50 (data module version 10, 11), with a counter-electrode column, the energies
 * are those of the working electrode (yadg's names; the 11.50 export of gcpl.issue_211, with Ece,
 * says "Energy we charge/W.h", the 11.2x exports of gcpl.pr_182 with Ece "Energy charge/W.h"). */
static const mpr_col mpr_energy_we[2] = {{123, "Energy we charge/W.h", 'd'},
                                         {124, "Energy we discharge/W.h", 'd'}};

/* Flags packed into one byte wherever the first of them stands (mask per id). */
static const struct {
    unsigned id;
    const char *label;
    unsigned mask;
} mpr_flags[] = {{1, "mode", 0x03},        {2, "ox/red", 0x04},
                 {3, "error", 0x08},       {21, "control changes", 0x10},
                 {31, "Ns changes", 0x20}, {65, "counter inc.", 0x80}};
#define MPR_NFLAGS 6

/* Techniques by the first byte of the settings module (yadg's technique_params_dtypes). */
static const struct {
    unsigned id;
    const char *name;
    lq_echem_technique tech;
} mpr_techs[] = {
    {0x04, "Galvanostatic Cycling with Potential Limitation", LQ_ECHEM_TECH_GCPL},
    {0x06, "Cyclic Voltammetry", LQ_ECHEM_TECH_CV},
    {0x0B, "Open Circuit Voltage", LQ_ECHEM_TECH_OCP},
    {0x16, "Modular Potentio", LQ_ECHEM_TECH_UNKNOWN},
    {0x18, "Chronoamperometry / Chronocoulometry", LQ_ECHEM_TECH_CA},
    {0x19, "Chronopotentiometry", LQ_ECHEM_TECH_CP},
    {0x1C, "Wait", LQ_ECHEM_TECH_UNKNOWN},
    {0x1D, "Potentio Electrochemical Impedance Spectroscopy", LQ_ECHEM_TECH_EIS},
    {0x1E, "Galvano Electrochemical Impedance Spectroscopy", LQ_ECHEM_TECH_EIS},
    {0x30, "Cyclic Voltammetry", LQ_ECHEM_TECH_CV},
    {0x32, "IR compensation (PEIS)", LQ_ECHEM_TECH_EIS},
    {0x33, "Cyclic Voltammetry Advanced", LQ_ECHEM_TECH_CV},
    {0x6C, "Linear Sweep Voltammetry", LQ_ECHEM_TECH_LSV},
    {0x75, "Constant Voltage", LQ_ECHEM_TECH_CA},
    {0x76, "Constant Current", LQ_ECHEM_TECH_CP},
    {0x77, "Galvanostatic Cycling with Potential Limitation", LQ_ECHEM_TECH_GCPL},
    {0x7F, "Modulo Bat", LQ_ECHEM_TECH_UNKNOWN},
    {0x88, "Battery Capacity Determination", LQ_ECHEM_TECH_GCPL},
};

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
        case 'b':
            return (double)p[0];
        case 'h':
            return (double)((unsigned)p[0] | (unsigned)p[1] << 8);
        default:
            return (double)rd_u32(p);
    }
}

static size_t type_size(char t) {
    return t == 'f' || t == 'i' ? 4 : t == 'd' ? 8 : t == 'h' ? 2 : 1;
}

static const mpr_col *mpr_lookup(unsigned id, const unsigned *ids, unsigned ncols, int bcd,
                                 int v1150) {
    unsigned low = id % 256;
    if (low == 174)
        for (unsigned k = 0; k < ncols; k++)
            if (ids[k] == 6 || ids[k] == 77) return &mpr_phase_wece;
    if (low == 6 && bcd) return &mpr_ecell;
    if ((low == 123 || low == 124) && v1150)
        for (unsigned k = 0; k < ncols; k++) {
            unsigned o = ids[k] % 256;
            if (o == 9 || o == 185 || o == 215) return &mpr_energy_we[low - 123];
        }
    for (size_t j = 0; j < MPR_NCOLS; j++)
        if (mpr_cols[j].id == low) return &mpr_cols[j];
    return NULL;
}

#define MPR_MAX_COLS 255

typedef struct mpr_field {
    const mpr_col *c;
    size_t offset;
    long tcol; /* table column */
} mpr_field;

static long mpr_find(const lqi_table *t, const char *label) {
    for (size_t j = 0; j < t->ncol; j++)
        if (strcmp(t->col[j].label, label) == 0) return (long)j;
    return -1;
}

/* Columns the .mpt export derives from the binary data, so that both read alike:
 * - "control/V/mA" (GCPL, MB) split by the mode flag into "control/V" (mode 2, potentiostatic)
 *   and "control/mA" (mode 1, galvanostatic), 0 elsewhere (mode 3, rest), as EC-Lab's export
 *   writes them (yadg's split_control; the rest points checked on gcpl.issue_149);
 * - a current when the file stores none (GCPL stores only dq): <I> = dq / dt over the step from
 *   the previous point, in mA (dq in mA.h times 3600 s/h over dt in s), 0 on the first point and
 *   where dt = 0, which is what EC-Lab's export prints (checked on gcpl.issue_149 of yadg). */
static lq_status mpr_derived(lqi_table *t) {
    long ctl = mpr_find(t, "control/V/mA"), mode = mpr_find(t, "mode");
    if (ctl >= 0 && mode >= 0 && mpr_find(t, "control/V") < 0 && mpr_find(t, "control/mA") < 0) {
        long cv = lqi_table_column(t, "control/V", NULL);
        long ci = lqi_table_column(t, "control/mA", NULL);
        if (cv < 0 || ci < 0) return LQ_ENOMEM;
        for (size_t i = 0; i < t->nrow; i++) {
            double c = t->col[ctl].v[i], m = t->col[mode].v[i];
            t->col[cv].v[i] = m == 2.0 ? c : 0.0;
            t->col[ci].v[i] = m == 1.0 ? c : 0.0;
        }
    }
    int has_i = mpr_find(t, "I/mA") >= 0 || mpr_find(t, "<I>/mA") >= 0;
    long dq = mpr_find(t, "dq/mA.h"), tm = mpr_find(t, "time/s");
    if (!has_i && dq >= 0 && tm >= 0) {
        long ci = lqi_table_column(t, "<I>/mA", NULL);
        if (ci < 0) return LQ_ENOMEM;
        const double *q = t->col[dq].v, *ts = t->col[tm].v;
        double *iv = t->col[ci].v;
        for (size_t i = 0; i < t->nrow; i++) {
            double dt = i > 0 ? ts[i] - ts[i - 1] : 0.0;
            iv[i] = dt != 0.0 ? q[i] * 3600.0 / dt : 0.0;
        }
        return lqi_table_warn(t,
                              "%s: the file stores no current column; <I>/mA is derived from "
                              "dq/mA.h and time/s (dq/dt), as EC-Lab's export does",
                              t->file);
    }
    return LQ_OK;
}

static lq_status mpr_data(const unsigned char *d, size_t len, unsigned version, int bcd,
                          const char *name, lqi_table *t, lq_diag *diag) {
    if (len < 5) return lqi_diag_set(diag, LQ_EPARSE, name, 0, "VMP data", "data module too short");
    uint32_t npts = rd_u32(d);
    unsigned ncols = d[4];
    size_t start, idsize;
    int big = 0;
    if (version == 0)
        start = 100, idsize = 1;
    else if (version == 2 || version == 3)
        start = version == 2 ? 405 : 406, idsize = 2;
    else
        start = 1007, idsize = 2, big = 1;
    if (ncols == 0 || 5 + ncols * idsize > start || start > len)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "VMP data",
                            "data module header: %u columns do not fit", ncols);
    unsigned ids[MPR_MAX_COLS];
    for (unsigned k = 0; k < ncols; k++) {
        const unsigned char *p = d + 5 + k * idsize;
        ids[k] = idsize == 1 ? p[0] : big ? (unsigned)p[0] << 8 | p[1] : p[0] | (unsigned)p[1] << 8;
    }
    mpr_field f[MPR_MAX_COLS];
    size_t nf = 0, row = 0;
    long flag_col[MPR_NFLAGS];
    for (int j = 0; j < MPR_NFLAGS; j++) flag_col[j] = -1;
    int flags_seen = 0;
    size_t flags_off = 0;
    for (unsigned k = 0; k < ncols; k++) {
        unsigned id = ids[k];
        int fl = -1;
        for (int j = 0; j < MPR_NFLAGS; j++)
            if (mpr_flags[j].id == id) fl = j;
        if (fl >= 0) {
            if (!flags_seen) {
                flags_seen = 1;
                flags_off = row;
                row += 1;
            }
            if (flag_col[fl] < 0 &&
                (flag_col[fl] = lqi_table_column(t, mpr_flags[fl].label, NULL)) < 0)
                return lqi_table_column_error(t, flag_col[fl], diag);
            continue;
        }
        const mpr_col *c = mpr_lookup(id, ids, ncols, bcd, version >= 10);
        if (!c)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, "VMP data",
                                "column id %u (column %u) is not one galvani or yadg know, so its "
                                "size in a row is unknown; export the file to .mpt in EC-Lab",
                                id, k + 1);
        f[nf].c = c;
        f[nf].offset = row;
        f[nf].tcol = unique_column(t, c->label);
        if (f[nf].tcol < 0) return lqi_table_column_error(t, f[nf].tcol, diag);
        nf++;
        row += type_size(c->type);
    }
    if (npts == 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "VMP data",
                            "the file is empty: its data module holds 0 points");
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
        for (int j = 0; j < MPR_NFLAGS; j++) {
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
    int tech_id = -1;
    const unsigned char *loop = NULL, *dmod = NULL;
    size_t loop_len = 0, dlen = 0;
    unsigned dver = 0;
    int newhdr = 0;
    while (st == LQ_OK && pos < size) {
        if (size - pos < 6 + 51 || memcmp(d + pos, "MODULE", 6) != 0) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, 0, "",
                              "byte %zu: expected a 'MODULE' header (file truncated?)", pos);
            break;
        }
        const unsigned char *h = d + pos + 6;
        char sname[11];
        memcpy(sname, h, 10);
        sname[10] = '\0';
        /* EC-Lab >= 11.50 writes 0xffffffff ("max length") where the length stood (galvani). */
        int v2 = rd_u32(h + 35) == 0xffffffffu;
        size_t hlen = v2 ? 59 : 51;
        if (size - pos < 6 + hlen) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, 0, sname,
                              "module header at byte %zu is cut off (file truncated)", pos);
            break;
        }
        uint32_t len = v2 ? rd_u32(h + 39) : rd_u32(h + 35);
        uint64_t version = v2 ? (uint64_t)rd_u32(h + 43) + rd_u32(h + 47) : rd_u32(h + 39);
        newhdr |= v2;
        size_t body = pos + 6 + hlen;
        if (len > size - body) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, 0, sname,
                              "module declares %u bytes, only %zu left (file truncated)",
                              (unsigned)len, size - body);
            break;
        }
        if (memcmp(sname, "VMP data  ", 10) == 0) {
            if (dmod) {
                st = lqi_diag_set(diag, LQ_EPARSE, name, 0, sname, "second data module");
                break;
            }
            if (version != 0 && version != 2 && version != 3 && version != 10 && version != 11) {
                st = lqi_diag_set(diag, LQ_EUNSUPPORTED, name, 0, sname,
                                  "data module version %llu (known: 0, 2, 3, 10, 11)",
                                  (unsigned long long)version);
                break;
            }
            dmod = d + body;
            dlen = len;
            dver = (unsigned)version;
        } else if (memcmp(sname, "VMP Set   ", 10) == 0 && len > 0) {
            tech_id = d[body];
        } else if (memcmp(sname, "VMP loop  ", 10) == 0 && (version == 0 || version == 10)) {
            /* Version 10 is the same layout under the 11.50 header (loops of the twins agree). */
            loop = d + body;
            loop_len = len;
        }
        pos = body + len;
    }
    if (st == LQ_OK && !dmod)
        st = lqi_diag_set(diag, LQ_EPARSE, name, 0, "", "no 'VMP data' module");
    if (st == LQ_OK) st = mpr_data(dmod, dlen, dver, tech_id == 0x88, name, &t, diag);
    if (st == LQ_OK) st = mpr_derived(&t);
    lq_echem_technique tq = LQ_ECHEM_TECH_UNKNOWN;
    const char *tname = NULL;
    for (size_t j = 0; j < sizeof mpr_techs / sizeof mpr_techs[0]; j++)
        if ((int)mpr_techs[j].id == tech_id) tq = mpr_techs[j].tech, tname = mpr_techs[j].name;
    t.tech = tq;
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
    if (st == LQ_OK) st = mixed_unit_columns(&t);
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    r->technique = tq;
    for (size_t i = 0; i < r->nsegments; i++) r->segments[i].technique = tq;
    if (tech_id >= 0)
        snprintf(r->technique_label, sizeof r->technique_label, "%s (EC-Lab technique id 0x%02x)",
                 tname ? tname : "unknown", (unsigned)tech_id);
    snprintf(r->instrument, sizeof r->instrument, "BioLogic (binary .mpr)");
    snprintf(r->software, sizeof r->software, "EC-Lab %s", newhdr ? ">= 11.50" : "< 11.50");
    *out = r;
    return LQ_OK;
}
