/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bad input: empty, garbage, truncated, wrong encodings, NaN, time running back, empty
 * segments; and allocation failures on every reader (no crash, no leak: run under ASan). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"
#include "lq_test.h"
#include "test_echem_io.h"

static lq_status rd(const char *text, size_t n, const char *name, lq_echem_record **r, lq_diag *d) {
    lq_diag_clear(d);
    *r = NULL;
    return lq_echem_record_read_buffer(text, n, name, NULL, r, d);
}

static int has_warning(const lq_echem_record *r, const char *text) {
    for (size_t i = 0; r && i < r->nwarnings; i++)
        if (strstr(r->warnings[i], text)) return 1;
    return 0;
}

static const char *mpt_ok =
    "EC-Lab ASCII FILE\r\nNb header lines : 5\r\n\r\nChronoamperometry / Chronocoulometry\r\n"
    "mode\ttime/s\tEwe/V\t<I>/mA\t\r\n"
    "2\t1.0\t0.5\t1.0\r\n2\t2.0\t0.6\t2.0\r\n2\t3.0\t0.7\t3.0\r\n";

void test_bad_empty_garbage(void) {
    lq_echem_record *r;
    lq_diag d;
    LQ_CHECK_STATUS(rd("", 0, "empty.mpt", &r, &d), LQ_EPARSE);
    LQ_CHECK(r == NULL && strcmp(d.file, "empty.mpt") == 0 && strstr(d.msg, "empty"));
    const unsigned char bin[] = {0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x20, 0x30};
    LQ_CHECK_STATUS(rd((const char *)bin, sizeof bin, "x.bin", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "unrecognised") != NULL);
    /* Text without numbers under the header. */
    LQ_CHECK_STATUS(rd("hello world\nthis is text\n", 25, "notes.txt", &r, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 2 && strstr(d.msg, "number"));
    /* Numbers but no header. */
    LQ_CHECK_STATUS(rd("1,2,3\n4,5,6\n", 12, "x.csv", &r, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 1 && strstr(d.msg, "header"));
    /* A header and no rows. */
    LQ_CHECK_STATUS(rd("E/V,I/A\n", 8, "x.csv", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "no data rows") != NULL);
    /* Columns with no recognisable role. */
    LQ_CHECK_STATUS(rd("a,b\n1,2\n", 8, "x.csv", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "potential or current") != NULL);
    /* A text file named .mpr is not taken for a table. */
    LQ_CHECK_STATUS(rd("E/V,I/A\n1,2\n", 12, "x.mpr", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "BIO-LOGIC") != NULL);
    LQ_CHECK_STATUS(lq_echem_record_read("/nonexistent/x.mpt", NULL, &r, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_echem_record_read(NULL, NULL, &r, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_echem_record_read_buffer("x", 1, "x", NULL, NULL, &d), LQ_EINVAL);
}

void test_bad_mpt(void) {
    lq_echem_record *r;
    lq_diag d;
    LQ_CHECK_STATUS(rd(mpt_ok, strlen(mpt_ok), "ok.mpt", &r, &d), LQ_OK);
    LQ_CHECK(r && r->n == 3 && r->technique == LQ_ECHEM_TECH_CA && r->nwarnings == 0);
    if (r) LQ_CHECK_CLOSE(r->current_A[2], 3e-3, 1e-15, 0);
    lq_echem_record_free(r);
    /* Cut inside the last line (a number cut to a shorter number cannot be told apart, so the
     * cut here removes fields): the last line is dropped with a warning. */
    size_t cut = strlen(mpt_ok) - 8;
    LQ_CHECK_STATUS(rd(mpt_ok, cut, "cut.mpt", &r, &d), LQ_OK);
    LQ_CHECK(r && r->n == 2 && has_warning(r, "truncated"));
    lq_echem_record_free(r);
    /* Cut after two fields of the last line. */
    const char *p = strstr(mpt_ok, "2\t3.0");
    LQ_CHECK_STATUS(rd(mpt_ok, (size_t)(p - mpt_ok) + 5, "cut2.mpt", &r, &d), LQ_OK);
    LQ_CHECK(r && r->n == 2 && has_warning(r, "truncated"));
    lq_echem_record_free(r);
    /* Cut inside the header. */
    LQ_CHECK_STATUS(rd(mpt_ok, 60, "head.mpt", &r, &d), LQ_EPARSE);
    LQ_CHECK(strcmp(d.file, "head.mpt") == 0 && strstr(d.msg, "header"));
    /* Wrong header count line. */
    const char *bad = "EC-Lab ASCII FILE\nNb header lines : x\n";
    LQ_CHECK_STATUS(rd(bad, strlen(bad), "b.mpt", &r, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 2 && strstr(d.msg, "Nb header lines"));
    /* A word inside the numbers, not on the last line: error naming line 7 and column 3. */
    char buf[512];
    snprintf(buf, sizeof buf, "%s", mpt_ok);
    char *q = strstr(buf, "0.6");
    memcpy(q, "abc", 3);
    LQ_CHECK_STATUS(rd(buf, strlen(buf), "word.mpt", &r, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 7 && d.column == 3 && strcmp(d.field, "Ewe/V") == 0);
    LQ_CHECK(strstr(d.msg, "expected a number") && strstr(d.msg, "abc"));
    /* NaN and time running backwards are warnings. */
    snprintf(buf, sizeof buf, "%s", mpt_ok);
    q = strstr(buf, "2\t2.0\t0.6");
    memcpy(q + 2, "9.0", 3);
    q = strstr(buf, "0.7");
    memcpy(q, "nan", 3);
    LQ_CHECK_STATUS(rd(buf, strlen(buf), "nan.mpt", &r, &d), LQ_OK);
    LQ_CHECK(r && has_warning(r, "backwards") && has_warning(r, "finite potential"));
    if (r) LQ_CHECK(isnan(r->potential_V[2]));
    lq_echem_record_free(r);
    /* Loop table that does not match the points: warning, one segment. */
    const char *loops =
        "EC-Lab ASCII FILE\nNb header lines : 8\n\nOpen Circuit Voltage\nNumber of loops : 2\n"
        "Loop 0 from point number 0 to 0\nLoop 1 from point number 1 to 5\n"
        "mode\ttime/s\tEwe/V\n3\t1\t0.1\n3\t2\t0.2\n";
    LQ_CHECK_STATUS(rd(loops, strlen(loops), "loops.mpt", &r, &d), LQ_OK);
    LQ_CHECK(r && r->nsegments == 1 && has_warning(r, "loop table"));
    lq_echem_record_free(r);
    /* An empty loop (start > end) is kept and reported. */
    const char *empty_loop =
        "EC-Lab ASCII FILE\nNb header lines : 9\n\nOpen Circuit Voltage\nNumber of loops : 3\n"
        "Loop 0 from point number 0 to 0\nLoop 1 from point number 1 to 0\n"
        "Loop 2 from point number 1 to 1\nmode\ttime/s\tEwe/V\n3\t1\t0.1\n3\t2\t0.2\n";
    LQ_CHECK_STATUS(rd(empty_loop, strlen(empty_loop), "el.mpt", &r, &d), LQ_OK);
    LQ_CHECK(r && r->nsegments == 3 && has_warning(r, "holds no points"));
    lq_echem_record_free(r);
}

void test_bad_other_formats(void) {
    lq_echem_record *r;
    lq_diag d;
    /* Gamry without a table. */
    const char *g = "EXPLAIN\nTAG\tCV\nTITLE\tLABEL\tx\tTest\n";
    LQ_CHECK_STATUS(rd(g, strlen(g), "g.DTA", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "CURVE") != NULL);
    /* Gamry table cut after the names line. */
    const char *g2 = "EXPLAIN\nTAG\tCV\nCURVE\tTABLE\t3\n\tPt\tT\tVf\tIm\n";
    LQ_CHECK_STATUS(rd(g2, strlen(g2), "g2.DTA", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "units") != NULL);
    /* Gamry with an empty table: no rows is an error. */
    const char *g3 = "EXPLAIN\nTAG\tCV\nCURVE\tTABLE\t0\n\tPt\tT\tVf\tIm\n\t#\ts\tV\tA\n";
    LQ_CHECK_STATUS(rd(g3, strlen(g3), "g3.DTA", &r, &d), LQ_EPARSE);
    /* VersaStudio binary data are refused with a clear message. */
    const char *v =
        "<Application>\nName=VersaStudio\n</Application>\n<Experiment>\n"
        "DataFormat=Binary\n</Experiment>\n";
    LQ_CHECK_STATUS(rd(v, strlen(v), "b.par", &r, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(d.line == 5 && strstr(d.msg, "binary"));
    /* VersaStudio segment without Definition. */
    const char *v2 =
        "<Application>\nName=VersaStudio\n</Application>\n<Segment1>\nType=1\n"
        "</Segment1>\n";
    LQ_CHECK_STATUS(rd(v2, strlen(v2), "d.par", &r, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 4 && strstr(d.msg, "Definition"));
    /* VersaStudio segment cut before its end tag: warning. */
    const char *v3 =
        "<Application>\n</Application>\n<Segment1>\nDefinition=E(V), I(A)\n"
        "0.1,1e-6\n0.2,2e-6\n";
    LQ_CHECK_STATUS(rd(v3, strlen(v3), "c.par", &r, &d), LQ_OK);
    LQ_CHECK(r && r->n == 2 && has_warning(r, "not closed"));
    lq_echem_record_free(r);
    /* PalmSens: broken JSON (UTF-16LE) names the position. */
    const char js[] = "{\"type\":\"PalmSens.DataFiles.SessionFile\",\"measurements\":[{]}";
    unsigned char u16[2 * sizeof js + 2];
    u16[0] = 0xFF, u16[1] = 0xFE;
    for (size_t i = 0; i + 1 < sizeof js; i++)
        u16[2 + 2 * i] = (unsigned char)js[i], u16[3 + 2 * i] = 0;
    LQ_CHECK_STATUS(rd((const char *)u16, 2 * (sizeof js - 1) + 2, "b.pssession", &r, &d),
                    LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "JSON") != NULL);
    /* UTF-16 that is not PalmSens is not read as a table. */
    const char plain[] = "E/V,I/A\n1,2\n";
    unsigned char u16b[2 * sizeof plain + 2];
    u16b[0] = 0xFF, u16b[1] = 0xFE;
    for (size_t i = 0; i + 1 < sizeof plain; i++)
        u16b[2 + 2 * i] = (unsigned char)plain[i], u16b[3 + 2 * i] = 0;
    LQ_CHECK_STATUS(rd((const char *)u16b, 2 * (sizeof plain - 1) + 2, "w.csv", &r, &d), LQ_EPARSE);
    /* .mpr: signature only, then a cut module. */
    char mpr[120];
    memset(mpr, ' ', sizeof mpr);
    memcpy(mpr, "BIO-LOGIC MODULAR FILE\x1a", 23);
    memset(mpr + 48, 0, 4);
    LQ_CHECK_STATUS(rd(mpr, 52, "sig.mpr", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "VMP data") != NULL);
    memcpy(mpr + 52, "MODULEVMP data  ", 16);
    LQ_CHECK_STATUS(rd(mpr, 80, "cut.mpr", &r, &d), LQ_EPARSE);
    /* CHI without a names line. */
    const char *c = "Feb. 20, 2020\nCyclic Voltammetry\nInstrument Model:  CHI660E\n";
    LQ_CHECK_STATUS(rd(c, strlen(c), "c.txt", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "Potential/V") != NULL);
}

void test_bad_mpr_truncated(void) {
    char path[1024];
    if (lq_test_shared_path("data/echem/biologic_cv.mpr", path, sizeof path) != 0) return;
    char *data = NULL;
    size_t n = 0;
    LQ_CHECK_STATUS(lq_file_read_all(path, &data, &n, NULL), LQ_OK);
    if (!data) return;
    lq_echem_record *r;
    lq_diag d;
    /* Cut inside the data module (module at byte 1965, 189216 bytes long). */
    LQ_CHECK_STATUS(rd(data, 100000, "cut.mpr", &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "truncated") != NULL && strcmp(d.file, "cut.mpr") == 0);
    /* An unknown column id (the 11th id, 434 at byte 1965+6+51+5+20) is refused by name. */
    char *copy = lqi_malloc(n);
    memcpy(copy, data, n);
    size_t id_at = 1965 + 6 + 51 + 5 + 20;
    LQ_CHECK((unsigned char)copy[id_at] == 0xB2 && (unsigned char)copy[id_at + 1] == 0x01);
    copy[id_at] = (char)0x34, copy[id_at + 1] = (char)0x12;
    LQ_CHECK_STATUS(rd(copy, n, "id.mpr", &r, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "4660") != NULL);
    lqi_free(copy);
    lq_free(data);
}

void test_csv_options(void) {
    /* cp1252 header (0xB5 = micro) and columns chosen by name with units given apart. */
    const char *csv =
        "Zeit;Spannung;Strom/\xB5"
        "A\n0;-1,5;2\n30;-1,4;4\n";
    lq_echem_read_options o = lq_echem_read_options_default();
    o.col_time = "Zeit";
    o.unit_time = "min";
    o.col_potential = "Spannung";
    o.unit_potential = "mV";
    o.col_current = "Strom";
    o.negate_current = 1;
    lq_echem_record *r = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_echem_record_read_buffer(csv, strlen(csv), "de.csv", &o, &r, &d), LQ_OK);
    if (r) {
        LQ_CHECK(r->n == 2 && r->decimal_comma == 1 && r->current_sign_converted == 1);
        LQ_CHECK_CLOSE(r->time_s[1], 1800.0, 1e-15, 0);
        LQ_CHECK_CLOSE(r->potential_V[0], -1.5e-3, 1e-15, 0);
        LQ_CHECK_CLOSE(r->current_A[1], -4e-6, 1e-15, 0);
        LQ_CHECK(strcmp(r->current_label,
                        "Strom/\xC2\xB5"
                        "A") == 0);
    }
    lq_echem_record_free(r);
    o.col_charge = "Ladung";
    LQ_CHECK_STATUS(lq_echem_record_read_buffer(csv, strlen(csv), "de.csv", &o, &r, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "Ladung") != NULL && d.line == 1);
    o.col_charge = NULL;
    o.unit_current = "furlong";
    LQ_CHECK_STATUS(lq_echem_record_read_buffer(csv, strlen(csv), "de.csv", &o, &r, &d), LQ_EINVAL);
    /* Whitespace-separated with a unit that is not a current kept apart: I/mA/cm2 is a density. */
    const char *ws = "# comment\ntime_s   E_V    j/mA/cm2\n0 0.1 1\n1 0.2 2\n";
    LQ_CHECK_STATUS(rd(ws, strlen(ws), "ws.txt", &r, &d), LQ_OK);
    LQ_CHECK(r && r->has_potential && !r->has_current && r->nextra == 1);
    lq_echem_record_free(r);
    /* Round trip through the SI CSV writer. */
    const char *src = "t/min,E/mV,I/mA,Q/mC,cycle\n0,100,1,0,1\n1,200,-2,5,2\n";
    LQ_CHECK_STATUS(rd(src, strlen(src), "rt.csv", &r, &d), LQ_OK);
    if (!r) return;
    LQ_CHECK(r->charge_C && r->ncycles == 2);
    const char *out = "echem_io_roundtrip.csv";
    LQ_CHECK_STATUS(lq_echem_record_write_csv(r, out, &d), LQ_OK);
    lq_echem_record *b = NULL;
    LQ_CHECK_STATUS(lq_echem_record_read(out, NULL, &b, &d), LQ_OK);
    if (b) {
        LQ_CHECK(b->n == 2 && b->charge_C && b->ncycles == 2);
        for (size_t i = 0; i < 2; i++) {
            LQ_CHECK(b->time_s[i] == r->time_s[i] && b->potential_V[i] == r->potential_V[i]);
            LQ_CHECK(b->current_A[i] == r->current_A[i] && b->charge_C[i] == r->charge_C[i]);
            LQ_CHECK(b->cycle[i] == r->cycle[i]);
        }
    }
    lq_echem_record_free(b);
    lq_echem_record_free(r);
    remove(out);
}

void test_alloc_failures(void) {
    /* Every allocation of every reader fails once in turn: the result is LQ_ENOMEM (or LQ_OK
     * once the budget suffices), never a crash or a leak (ASan checks). */
    static const char *files[] = {"data/echem/biologic_ocv_v1150_decimal_comma.mpt",
                                  "data/echem/gamry_squarewave.DTA",
                                  "data/echem/autolab_nova_chrono.txt",
                                  "data/echem/chi660e_eis.txt",
                                  "data/echem/versastudio_versastat4_eis.par",
                                  "data/echem/palmsens_swv.pssession",
                                  "data/echem/biologic_cv.mpr"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[1024];
        if (lq_test_shared_path(files[f], path, sizeof path) != 0) continue;
        char *data = NULL;
        size_t n = 0;
        if (lq_file_read_all(path, &data, &n, NULL) != LQ_OK) {
            LQ_CHECK(0);
            continue;
        }
        int ok_seen = 0, bad = 0;
        for (long k = 0; k < 400 && !ok_seen; k++) {
            lq_echem_record *r = NULL;
            lqi_alloc_fail_after(k);
            lq_status st = lq_echem_record_read_buffer(data, n, files[f], NULL, &r, NULL);
            lqi_alloc_fail_after(-1);
            if (st == LQ_OK)
                ok_seen = 1;
            else if (st != LQ_ENOMEM)
                bad++;
            if (st != LQ_OK && r) bad++;
            lq_echem_record_free(r);
        }
        LQ_CHECK(ok_seen && bad == 0);
        if (!ok_seen || bad) fprintf(stderr, "  alloc failures: %s\n", files[f]);
        lq_free(data);
    }
    lq_echem_record *r = NULL;
    lqi_alloc_fail_after(0);
    LQ_CHECK_STATUS(lq_echem_record_alloc(10, 1, &r), LQ_ENOMEM);
    lqi_alloc_fail_after(3);
    LQ_CHECK_STATUS(lq_echem_record_alloc(10, 1, &r), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
    LQ_CHECK_STATUS(lq_echem_record_alloc(10, 1, &r), LQ_OK);
    LQ_CHECK(r && r->n == 10 && r->charge_C && r->nsegments == 1 && isnan(r->scan_rate_V_per_s));
    LQ_CHECK_STATUS(lq_echem_record_warn(r, "w"), LQ_OK);
    LQ_CHECK(r && r->nwarnings == 1);
    lq_echem_record_free(r);
    lq_echem_record_free(NULL);
    LQ_CHECK_STATUS(lq_echem_record_alloc(1, 0, NULL), LQ_EINVAL);
}

void test_too_many_columns(void) {
    /* 20 Gamry tables of 60 new columns each: more than 1024 distinct columns is refused. */
    size_t cap = 200000, k = 0;
    char *g = malloc(cap);
    if (!g) return;
    k += (size_t)snprintf(g + k, cap - k, "EXPLAIN\nTAG\tCV\n");
    for (int t = 0; t < 20; t++) {
        k += (size_t)snprintf(g + k, cap - k, "C%d\tTABLE\t1\n", t);
        for (int c = 0; c < 60; c++) k += (size_t)snprintf(g + k, cap - k, "\tx%d_%d", t, c);
        k += (size_t)snprintf(g + k, cap - k, "\n");
        for (int c = 0; c < 60; c++) k += (size_t)snprintf(g + k, cap - k, "\tV");
        k += (size_t)snprintf(g + k, cap - k, "\n");
        for (int c = 0; c < 60; c++) k += (size_t)snprintf(g + k, cap - k, "\t1");
        k += (size_t)snprintf(g + k, cap - k, "\n");
    }
    lq_echem_record *r;
    lq_diag d;
    LQ_CHECK_STATUS(rd(g, k, "wide.DTA", &r, &d), LQ_EPARSE);
    LQ_CHECK(r == NULL && strstr(d.msg, "1024") != NULL);
    /* Long labels that give the same canonical name still get distinct names (a fuzzed file once
     * looped here: the suffix did not fit). */
    k = (size_t)snprintf(g, cap, "E/V");
    for (int c = 0; c < 3; c++) {
        g[k++] = ',';
        for (int j = 0; j < 150; j++) g[k++] = 'a';
        g[k++] = (char)('!' + c);
        g[k++] = '/';
        g[k++] = 'm';
        g[k++] = 'V';
    }
    k += (size_t)snprintf(g + k, cap - k, "\n1,2,3,4\n");
    LQ_CHECK_STATUS(rd(g, k, "long.csv", &r, &d), LQ_OK);
    LQ_CHECK(r && r->nextra == 3);
    if (r && r->nextra == 3) {
        LQ_CHECK(strcmp(r->extra[0].name, r->extra[1].name) != 0);
        LQ_CHECK(strcmp(r->extra[1].name, r->extra[2].name) != 0);
    }
    lq_echem_record_free(r);
    free(g);
}
