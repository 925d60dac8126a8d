/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The .dat reader on the shared ChemSage files and on malformed inputs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/units.h"
#include "lq_test.h"
#include "td.h"

lq_db *td_read_shared(const char *rel) {
    char path[1024];
    if (lq_test_shared_path(rel, path, sizeof path)) return NULL;
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(path, &db, &d);
    if (st != LQ_OK) fprintf(stderr, "%s: %s\n", rel, d.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    return db;
}

size_t td_constituent(const lq_system *sys, size_t phase, const char *name) {
    lq_phase_info in;
    if (lq_system_phase_info(sys, phase, &in) != LQ_OK) return (size_t)-1;
    for (size_t k = 0; k < in.n_constituents; k++)
        if (strcmp(in.constituent_name[k], name) == 0) return k;
    return (size_t)-1;
}

static int has_phase(const lq_db *db, const char *name) {
    for (size_t i = 0; i < lq_db_phase_count(db); i++)
        if (strcmp(lq_db_phase_name(db, i), name) == 0) return 1;
    return 0;
}

/* Every file of ../shared/data/chemsage loads; counts are those of the files' headers (dummy
 * compounds marked '#' are left out, as ChemApp's manual prescribes). */
void test_dat_shared_files(void) {
    lq_db *db = td_read_shared("data/chemsage/ClAlNa.dat");
    if (db) {
        LQ_CHECK(lq_db_element_count(db) == 3);
        /* gas_ideal, MSsoln and the 4 real compounds of the 7 (3 are dummies) */
        LQ_CHECK(lq_db_phase_count(db) == 6);
        LQ_CHECK(has_phase(db, "MSSOLN"));
        LQ_CHECK(has_phase(db, "GAS_IDEAL"));
        LQ_CHECK(has_phase(db, "NACL_S1(S)"));
        LQ_CHECK(!has_phase(db, "CL2(G)"));
        double G;
        /* NaCl_S1(s) below 1500 K: -425542.29 + 240.42080 T - 45.94 T ln T - 0.8159e-2 T^2 */
        lq_db_phase_desc pd;
        LQ_CHECK_STATUS(lq_db_phase_describe(db, 2, &pd), LQ_OK);
        (void)G;
        lq_db_free(db);
    }
    db = td_read_shared("data/chemsage/KF-NIF2_switched.dat");
    if (db) {
        LQ_CHECK(lq_db_element_count(db) == 5);
        LQ_CHECK(has_phase(db, "LIQUID2"));
        LQ_CHECK(has_phase(db, "NIK2F4_S1(S)"));
        LQ_CHECK(!has_phase(db, "NI_SOLID_FCC(S)"));
        lq_db_free(db);
    }
    db = td_read_shared("data/chemsage/ZrFeKClNaFOLi.dat");
    if (db) {
        LQ_CHECK(lq_db_element_count(db) == 8);
        /* the SUBM solution (an ionic liquid with a Kohler-Toop excess) and no compound: all
         * 16 are dummies */
        LQ_CHECK(has_phase(db, "TESTSOLN"));
        LQ_CHECK(lq_db_phase_count(db) == 1);
        LQ_CHECK(lq_db_warning_count(db) == 0);
        lq_db_free(db);
    }
}

static void expect_error(const char *text, lq_status want, long line, const char *what) {
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_string(text, "bad.dat", &db, &d);
    LQ_CHECK_STATUS(st, want);
    LQ_CHECK(db == NULL);
    if (st != LQ_OK) {
        LQ_CHECK(d.line == line);
        LQ_CHECK((strstr(d.msg, what) != NULL || strstr(d.field, what) != NULL));
        if (d.line != line || (!strstr(d.msg, what) && !strstr(d.field, what)))
            fprintf(stderr, "got line %ld: %s\n", d.line, d.msg);
    }
    lq_db_free(db);
}

#define HDR " System A-B\n    2    1    2    1\n A B\n 10.0 20.0\n 6 1 2 3 4 5 6\n 6 1 2 3 4 5 6\n"
#define HDR_MAG " System A-B\n    2    0    1\n A B\n 10.0 20.0\n 6 1 2 3 4 5 6\n 6 1 2 3 4 5 6\n"
#define SP_A " A\n 1 1 1.0 0.0\n 3000.0 -1000.0 1.0 0 0 0 0\n"
#define SP_B " B\n 1 1 0.0 1.0\n 3000.0 -2000.0 2.0 0 0 0 0\n"

/* A magnetic compound (data option 16: Curie temperature and moment after the intervals, the
 * AFM and structure factors after them) gives the same G as the same data in a TDB with the
 * Inden-Hillert-Jarl TYPE_DEFINITION: ChemSage's AFM factor 1 is TDB's -1/1 = -1 (pycalphad's
 * conversion). Same model and operations: 1e-12 relative. */
static void magnetic_compound(void) {
    const char *dat = HDR_MAG
        " AB\n 16 1 1.0 1.0\n 3000.0 -9000.0 3.0 0 0 0 0\n 1 0.0 0.0\n"
        " 500.0 1.5\n 1.0 0.4\n";
    const char *tdb =
        " ELEMENT A BLANK 10 0 0 !\n ELEMENT B BLANK 20 0 0 !\n SPECIES AB A1B1 !\n"
        " TYPE_DEFINITION & GES A_P_D AB MAGNETIC -1.0 0.4 !\n"
        " PHASE AB %& 1 1 !\n CONSTITUENT AB :AB: !\n"
        " PARAMETER G(AB,AB;0) 1 -9000+3*T; 3000 N !\n"
        " PARAMETER TC(AB,AB;0) 1 500; 3000 N !\n"
        " PARAMETER BMAGN(AB,AB;0) 1 1.5; 3000 N !\n";
    lq_db *d1 = NULL, *d2 = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_string(dat, "mag.dat", &d1, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_db_read_string(tdb, "mag.tdb", &d2, &d), LQ_OK);
    const char *comps[2] = {"A", "B"};
    lq_system *s1 = NULL, *s2 = NULL;
    lq_thermo_ws *w1 = NULL, *w2 = NULL;
    if (d1 && d2 && lq_system_create(d1, comps, 2, NULL, 0, &s1, &d) == LQ_OK &&
        lq_system_create(d2, comps, 2, NULL, 0, &s2, &d) == LQ_OK &&
        lq_thermo_ws_alloc(s1, &w1) == LQ_OK && lq_thermo_ws_alloc(s2, &w2) == LQ_OK) {
        lq_phase_info in;
        lq_system_phase_info(s1, 0, &in);
        LQ_CHECK(in.magnetic);
        for (double T = 300.0; T < 1000.0; T += 250.0) {
            const double y = 1.0;
            lq_phase_eval e1 = {0.0, 0.0, 0.0, NULL, NULL, NULL}, e2 = e1;
            lq_thermo_ws_set_TP(w1, T, 101325.0);
            lq_thermo_ws_set_TP(w2, T, 101325.0);
            LQ_CHECK_STATUS(lq_phase_evaluate(w1, 0, &y, LQ_EVAL_G, &e1), LQ_OK);
            LQ_CHECK_STATUS(lq_phase_evaluate(w2, 0, &y, LQ_EVAL_G, &e2), LQ_OK);
            LQ_CHECK_CLOSE(e1.G, e2.G, 1e-12, 1e-9);
            LQ_CHECK(fabs(e1.G - (-9000.0 + 3.0 * T)) > 1.0); /* the magnetic term is there */
        }
    } else {
        LQ_FAIL(d.msg);
    }
    lq_thermo_ws_free(w1);
    lq_thermo_ws_free(w2);
    lq_system_free(s1);
    lq_system_free(s2);
    lq_db_free(d1);
    lq_db_free(d2);
}

/* A SUBL phase (sublattices, site ratios, endmember indices, an excess parameter across
 * sublattices numbered linearly) gives the G of the same phase written as a TDB. */
static void subl_phase(void) {
    const char *dat =
        " System A-B-C\n 3 1 2 0\n A B C\n 10.0 20.0 30.0\n 6 1 2 3 4 5 6\n 6 1 2 3 4 5 6\n"
        " PH\n SUBL\n A:C\n 1 1 1.0 0.0 2.0\n 3000.0 -1000.0 1.0 0 0 0 0\n"
        " B:C\n 1 1 0.0 1.0 2.0\n 3000.0 -2000.0 2.0 0 0 0 0\n"
        " 2\n 1.0 2.0\n 2 1\n A B\n C\n 1 2\n 1 1\n"
        " 3\n 1 2 3 2\n 100 0 0 0 0 0\n 30 0 0 0 0 0\n 0 = end of excess\n";
    const char *tdb =
        " ELEMENT A BLANK 10 0 0 !\n ELEMENT B BLANK 20 0 0 !\n ELEMENT C BLANK 30 0 0 !\n"
        " PHASE PH % 2 1 2 !\n CONSTITUENT PH :A,B:C: !\n"
        " PARAMETER G(PH,A:C;0) 1 -1000+T; 3000 N !\n"
        " PARAMETER G(PH,B:C;0) 1 -2000+2*T; 3000 N !\n"
        " PARAMETER L(PH,A,B:C;0) 1 100; 3000 N !\n"
        " PARAMETER L(PH,A,B:C;1) 1 30; 3000 N !\n";
    lq_db *d1 = NULL, *d2 = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_string(dat, "subl.dat", &d1, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_db_read_string(tdb, "subl.tdb", &d2, &d), LQ_OK);
    const char *comps[3] = {"A", "B", "C"};
    lq_system *s1 = NULL, *s2 = NULL;
    lq_thermo_ws *w1 = NULL, *w2 = NULL;
    if (d1 && d2 && lq_system_create(d1, comps, 3, NULL, 0, &s1, &d) == LQ_OK &&
        lq_system_create(d2, comps, 3, NULL, 0, &s2, &d) == LQ_OK &&
        lq_thermo_ws_alloc(s1, &w1) == LQ_OK && lq_thermo_ws_alloc(s2, &w2) == LQ_OK) {
        lq_phase_info in;
        lq_system_phase_info(s1, 0, &in);
        LQ_CHECK(in.n_sublattices == 2 && in.n_constituents == 3);
        LQ_CHECK_CLOSE(in.site_ratio[1], 2.0, 0.0, 0.0);
        const double y[3] = {0.3, 0.7, 1.0};
        lq_phase_eval e1 = {0.0, 0.0, 0.0, NULL, NULL, NULL}, e2 = e1;
        lq_thermo_ws_set_TP(w1, 1000.0, 101325.0);
        lq_thermo_ws_set_TP(w2, 1000.0, 101325.0);
        LQ_CHECK_STATUS(lq_phase_evaluate(w1, 0, y, LQ_EVAL_G, &e1), LQ_OK);
        LQ_CHECK_STATUS(lq_phase_evaluate(w2, 0, y, LQ_EVAL_G, &e2), LQ_OK);
        LQ_CHECK_CLOSE(e1.G, e2.G, 1e-12, 1e-9); /* same terms, same operations */
    } else {
        LQ_FAIL(d.msg);
    }
    lq_thermo_ws_free(w1);
    lq_thermo_ws_free(w2);
    lq_system_free(s1);
    lq_system_free(s2);
    lq_db_free(d1);
    lq_db_free(d2);
}

/* Malformed files fail with the line and the field named; a minimal valid file reads. */
void test_dat_bad(void) {
    const char *good = HDR " LIQ\n RKMP\n" SP_A SP_B
                           " 2\n 1 2 2\n 100 0 0 0 0 0\n 50 0 0 0 0 0\n 0\n"
                           " AB(s)\n 1 1 1.0 1.0\n 3000.0 -9000.0 3.0 0 0 0 0\n";
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_db_read_string(good, "good.dat", &db, &d), LQ_OK);
    if (db) {
        LQ_CHECK(lq_db_phase_count(db) == 2);
        const char *comps[2] = {"A", "B"};
        lq_system *sys = NULL;
        LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, &d), LQ_OK);
        lq_thermo_ws *ws = NULL;
        if (sys && lq_thermo_ws_alloc(sys, &ws) == LQ_OK) {
            LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, 1000.0, 101325.0), LQ_OK);
            size_t liq = 0;
            LQ_CHECK_STATUS(lq_system_phase_find(sys, "LIQ", &liq), LQ_OK);
            const double y[2] = {0.25, 0.75};
            lq_phase_eval ev = {0.0, 0.0, 0.0, NULL, NULL, NULL};
            LQ_CHECK_STATUS(lq_phase_evaluate(ws, liq, y, LQ_EVAL_G, &ev), LQ_OK);
            /* hand value: G_A, G_B of the file, ideal mixing, L0 = 100, L1 = 50 (y_A - y_B) */
            const double R = LQ_GAS_CONSTANT_J_PER_MOL_K, T = 1000.0;
            double want = 0.25 * (-1000.0 + T) + 0.75 * (-2000.0 + 2.0 * T) +
                          R * T * (0.25 * log(0.25) + 0.75 * log(0.75)) +
                          0.25 * 0.75 * (100.0 + 50.0 * (0.25 - 0.75));
            LQ_CHECK_CLOSE(ev.G, want, 1e-12, 1e-9); /* closed form, same operations */
        }
        lq_thermo_ws_free(ws);
        lq_system_free(sys);
        lq_db_free(db);
    }
    expect_error(HDR " LIQ\n RKMP\n" SP_A " B\n 1 x 0.0 1.0\n", LQ_EPARSE, 13,
                 "number of temperature intervals");
    expect_error(HDR " LIQ\n WXYZ\n", LQ_EUNSUPPORTED, 8, "WXYZ");
    expect_error(HDR " LIQ\n RKMP\n" SP_A " B\n 7 1 0.0 1.0\n", LQ_EUNSUPPORTED, 13,
                 "heat-capacity");
    expect_error(HDR " LIQ\n RKMP\n" SP_A SP_B " 2\n 1 9 1\n", LQ_EPARSE, 16, "excess parameter");
    expect_error(HDR " LIQ\n RKMP\n" SP_A, LQ_EPARSE, 11, "end of file");
    /* a species twice in one phase (found by fuzz_tdb: written as TDB it could not be read) */
    expect_error(HDR " LIQ\n RKMP\n" SP_A SP_A " 0\n", LQ_EPARSE, 14, "A listed twice");
    lq_db_free(NULL);
    magnetic_compound();
    subl_phase();
}
