/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Princeton Applied Research VersaStudio .par files: <Section> blocks of key=value lines and
 * <SegmentN> blocks with a "Definition=" column list and comma-separated rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"
#include "liquidus/units.h"

#define PAR_MAX_COLS 64
#define PAR_MAX_ACTIONS 64

typedef struct par_action {
    char name[64];
    double rate; /* V/s, NaN if absent */
} par_action;

static int kv(const char *s, const char *e, const char *key, const char **vs) {
    size_t n = strlen(key);
    if ((size_t)(e - s) < n + 1 || memcmp(s, key, n) != 0 || s[n] != '=') return 0;
    *vs = s + n + 1;
    return 1;
}

/* Section tag "<Name>" or "</Name>": returns 1 and the name span. */
static int tag(const char *s, const char *e, int *closing, const char **ns, const char **ne) {
    if (e - s < 3 || *s != '<' || e[-1] != '>') return 0;
    *closing = s[1] == '/';
    *ns = s + 1 + *closing;
    *ne = e - 1;
    for (const char *p = *ns; p < *ne; p++)
        if (*p == '<' || *p == '>' || *p == '=' || *p == ' ') return 0;
    return *ne > *ns;
}

static int end_of_segment(const char *s, const char *e) {
    return e - s >= 2 && s[0] == '<' && s[1] == '/';
}

lq_status lqi_echem_read_par(const char *data, size_t size, const char *name,
                             const lq_echem_read_options *opt, lq_echem_record **out,
                             lq_diag *diag) {
    (void)opt;
    char app[48] = "", ver[48] = "", itype[40] = "", sn[40] = "", ref[LQ_ECHEM_META_SIZE] = "";
    double area = (double)NAN;
    par_action act[PAR_MAX_ACTIONS];
    for (int i = 0; i < PAR_MAX_ACTIONS; i++) act[i].name[0] = '\0', act[i].rate = (double)NAN;
    /* Pass 1: metadata and actions (sections may come in any order). */
    lqi_lines l;
    lqi_lines_init(&l, data, size);
    const char *s, *e, *vs, *ns, *ne;
    char section[64] = "";
    int closing;
    while (lqi_lines_next(&l, &s, &e)) {
        if (tag(s, e, &closing, &ns, &ne)) {
            if (closing)
                section[0] = '\0';
            else
                lqi_echem_copy_text(section, sizeof section, ns, ne);
            continue;
        }
        if (strcmp(section, "Application") == 0) {
            if (kv(s, e, "Name", &vs)) lqi_echem_copy_text(app, sizeof app, vs, e);
            if (kv(s, e, "Version", &vs)) lqi_echem_copy_text(ver, sizeof ver, vs, e);
        } else if (strcmp(section, "Instrument") == 0) {
            if (kv(s, e, "Type", &vs)) lqi_echem_copy_text(itype, sizeof itype, vs, e);
            if (kv(s, e, "SN", &vs)) lqi_echem_copy_text(sn, sizeof sn, vs, e);
        } else if (strncmp(section, "Action", 6) == 0) {
            long k = strtol(section + 6, NULL, 10);
            if (kv(s, e, "DataFormat", &vs) && lqi_echem_starts(vs, e, "Binary"))
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, l.lineno, "DataFormat",
                                    "VersaStudio binary data are not supported: save the "
                                    "experiment as text (ASCII) data");
            if (k == 0) {
                double v;
                if (kv(s, e, "Working Electrode Area (cm2)", &vs) &&
                    lqi_csv_num(vs, e, 0, &v) == 0 && v > 0)
                    area = v * LQ_CM2_M2;
                if (kv(s, e, "Reference Electrode", &vs))
                    lqi_echem_copy_text(ref, sizeof ref, vs, e);
            } else if (k > 0 && k < PAR_MAX_ACTIONS) {
                double v;
                if (kv(s, e, "Name", &vs))
                    lqi_echem_copy_text(act[k].name, sizeof act[k].name, vs, e);
                if (kv(s, e, "Scan Rate (V/s)", &vs) && lqi_csv_num(vs, e, 0, &v) == 0)
                    act[k].rate = v;
            }
        } else if (strcmp(section, "Experiment") == 0) {
            if (kv(s, e, "DataFormat", &vs) && lqi_echem_starts(vs, e, "Binary"))
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, name, l.lineno, "DataFormat",
                                    "VersaStudio binary data are not supported: save the "
                                    "experiment as text (ASCII) data");
        }
    }
    /* Pass 2: the segments. */
    lqi_table t;
    lqi_table_init(&t, name);
    lq_status st = LQ_OK;
    lqi_lines_init(&l, data, size);
    long nseg = 0;
    while (st == LQ_OK && lqi_lines_next(&l, &s, &e)) {
        if (!tag(s, e, &closing, &ns, &ne) || closing || !lqi_echem_starts(ns, ne, "Segment"))
            continue;
        char segname[32];
        lqi_echem_copy_text(segname, sizeof segname, ns, ne);
        long k = strtol(segname + 7, NULL, 10);
        long seg_line = l.lineno;
        const char *ds = NULL, *de = NULL;
        /* Key lines until "Definition=". */
        while (lqi_lines_next(&l, &s, &e)) {
            if (kv(s, e, "Definition", &vs)) {
                ds = vs, de = e;
                break;
            }
            if (end_of_segment(s, e)) break;
        }
        if (!ds) {
            st = lqi_diag_set(diag, LQ_EPARSE, name, seg_line, segname,
                              "expected 'Definition=' with the column names in <%s>", segname);
            break;
        }
        char *labels[PAR_MAX_COLS];
        long nl = lqi_split_header(ds, de, ',', labels, PAR_MAX_COLS);
        if (nl < 0) {
            st = LQ_ENOMEM;
            break;
        }
        /* VersaStudio ends the list with a bare number ("..., AC Amplitude, 0") that has no
         * column in the rows. */
        double dummy;
        while (nl > 0 &&
               lqi_csv_num(labels[nl - 1], labels[nl - 1] + strlen(labels[nl - 1]), 0, &dummy) == 0)
            lqi_free(labels[--nl]);
        /* Impedance segments can hold fewer fields per row than 'Definition=' names: the names
         * past the fields of the first row have no data and are dropped with a warning. */
        {
            lqi_lines probe = l;
            const char *ps, *pe;
            if (lqi_lines_next(&probe, &ps, &pe) && !end_of_segment(ps, pe)) {
                const char *fs[PAR_MAX_COLS], *fe[PAR_MAX_COLS];
                size_t nsp = lqi_csv_split(ps, pe, ",", 0, fs, fe, PAR_MAX_COLS);
                long nf = nsp > PAR_MAX_COLS ? PAR_MAX_COLS : (long)nsp;
                while (nf > 0 && fs[nf - 1] == fe[nf - 1]) nf--;
                if (nf >= 2 && nf < nl) {
                    st = lqi_table_warn(&t,
                                        "%s:%ld: <%s> names %ld columns, its rows hold %ld; the "
                                        "last %ld names ('%s' ...) have no data and are dropped",
                                        name, probe.lineno, segname, nl, nf, nl - nf, labels[nf]);
                    while (nl > nf) lqi_free(labels[--nl]);
                }
            }
        }
        long map[PAR_MAX_COLS];
        for (long j = 0; j < nl && st == LQ_OK; j++)
            if ((map[j] = lqi_table_column(&t, labels[j], NULL)) < 0)
                st = lqi_table_column_error(&t, map[j], diag);
        for (long j = 0; j < nl; j++) lqi_free(labels[j]);
        if (st != LQ_OK) break;
        lq_echem_technique tq = k > 0 && k < PAR_MAX_ACTIONS
                                    ? lqi_echem_technique_from_name(act[k].name)
                                    : LQ_ECHEM_TECH_UNKNOWN;
        st = lqi_table_begin_segment(&t, k, tq, segname);
        if (st == LQ_OK)
            st = lqi_table_read_rows(&t, &l, ',', 0, map, (size_t)nl, end_of_segment, diag);
        lqi_table_end_segment(&t);
        nseg++;
        if (st == LQ_OK && (!lqi_lines_next(&l, &s, &e) || !end_of_segment(s, e)))
            st = lqi_table_warn(&t, "<%s> is not closed (file truncated?)", segname);
    }
    if (st == LQ_OK && nseg == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, name, l.lineno, "",
                          "no data: expected a <Segment1> block with 'Definition=' and rows");
    if (t.nseg > 0) t.tech = t.seg[0].technique;
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    r->technique = r->segments[0].technique;
    long k0 = r->segments[0].index;
    if (k0 > 0 && k0 < PAR_MAX_ACTIONS) {
        snprintf(r->technique_label, sizeof r->technique_label, "%s", act[k0].name);
        /* The scan rate is kept only for sweeps (EIS actions carry an unused default). */
        if (r->technique == LQ_ECHEM_TECH_CV || r->technique == LQ_ECHEM_TECH_LSV)
            r->scan_rate_V_per_s = act[k0].rate;
    }
    r->area_m2 = area;
    snprintf(r->instrument, sizeof r->instrument, "Princeton Applied Research %s%s%s%s",
             itype[0] ? itype : "(instrument not stated)", sn[0] ? " (SN " : "", sn,
             sn[0] ? ")" : "");
    snprintf(r->software, sizeof r->software, "%s %s", app[0] ? app : "VersaStudio", ver);
    snprintf(r->reference, sizeof r->reference, "%s", ref);
    *out = r;
    return LQ_OK;
}
