/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The TDB dialect: keywords, comments, functions, species, type definitions, references. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "thermo/thermo_internal.h"
#include "tt.h"

/* Everything the reader must understand, in one file (lower case, abbreviations, odd layout). */
static const char *dialect_tdb =
    "$ dialect test $ with a comment\n"
    "temp_lim 298.15 5000 !\n"
    " ELEM /- ELECTRON_GAS 0 0 0 !\n"
    " element va vacuum 0 0 0 ! ELEMENT AL FCC_A1 2.6982E+01 4.5773E+03 2.8322E+01!\n"
    " ELEMENT O 1/2_MOLE_O2(GAS) 15.999 4341 102.52 !\n"
    " ELEMENT FE BCC_A2 55.847 4489 27.28 !\n"
    " SPEC AL2O3 AL2O3 !\n"
    " SPECIES FE+2 FE/+2 !   SPECIES O-2 O1/-2 !\n"
    " SPECIES AL1O1.5 AL1O1.5 !\n"
    "$ functions in any order, with and without '#', piecewise with Y/N\n"
    " FUN F1 298.15 +F2#*2-T*LN(T)+1E3*T**(-1)\n"
    "    -3*T**2; 1000 Y\n"
    "    +F2-T*log(T)+EXP(1)*(T-1000); 3000 N REF_A !\n"
    " FUNCTION F2 ,, 10+T; ,,N !\n"
    " FUNCTION F3 298.15 -(T/100)**3+LN(P/1E5)-(-2)*T**-1+2**2**3; 6000 N !\n"
    " FUNCTION F4 298.15 +R#*T+RTLNP; 6000 N !\n"
    " TYPE_DEF % SEQ * !\n"
    " TYPE_DEFINITION & GES A_P_D FCC_A1 MAGNETIC -3.0 2.80000E-01 !\n"
    " DEFINE_SYSTEM_DEFAULT ELEMENT 2 !\n"
    " DEFAULT_COMMAND DEF_SYS_ELEMENT VA /- !\n"
    " DATABASE_INFO 'a test database' !\n"
    " pha FCC_A1 %& 2 1 1 !\n"
    " const FCC_A1 : AL%,FE% : VA% : !\n"
    " PARA G(FCC_A1,AL:VA;0) 298.15 F1#; 6000 N !\n"
    " PARAMETER G( FCC_A1 , FE : VA ; 0 ) 298.15 -1000\n"
    "     +2*T;\n"
    "   6000 N REF_B !\n"
    " PARAMETER TC(FCC_A1,FE:VA;0) 298.15 -600; 6000 N !\n"
    " PARAMETER BMAGN(FCC_A1,FE:VA;0) 298.15 -1.5; 6000 N !\n"
    " PARAMETER G(FCC_A1,AL,FE:VA) 298.15 -5000; 6000 N !\n"
    " PARAMETER MQ&FE(FCC_A1,FE:VA;0) 298.15 -20000; 6000 N !\n"
    " PHASE CORUNDUM % 1 1 !\n"
    " CONSTITUENT CORUNDUM :AL2O3: !\n"
    " PARAMETER G(CORUNDUM,AL2O3;0) 298.15 -1.7E6+300*T; 6000 N !\n"
    " PHASE LIQUID:L % 1 1.0 !\n"
    " CONSTITUENT LIQUID:L :AL,FE,AL1O1.5 : !\n"
    " PARAMETER G(LIQUID,AL;0) 298.15 +1000; 6000 N !\n"
    " PARAMETER G(LIQUID,FE;0) 298.15 +2000; 6000 N !\n"
    " PARAMETER G(LIQUID,AL1O1.5;0) 298.15 -8E5; 6000 N !\n"
    " PHASE WUSTITE % 2 1 1 !\n"
    " CONSTITUENT WUSTITE :FE+2: O-2: !\n"
    " PARAMETER G(WUSTITE,FE+2:O-2;0) 298.15 -2.7E5; 6000 N !\n"
    " LIST_OF_REFERENCES\n"
    " NUMBER  SOURCE\n"
    "   REF_A 'first source, with a ! and a $ inside,\n"
    "          and a second line'\n"
    "   REF_B 'second'\n"
    " !\n";

static double f2(double T) { return 10 + T; }
static double f1(double T) {
    if (T < 1000) return 2 * f2(T) - T * log(T) + 1e3 / T - 3 * T * T;
    return f2(T) - T * log(T) + exp(1.0) * (T - 1000);
}

static void check_dialect_db(const lq_db *db) {
    LQ_CHECK(lq_db_element_count(db) == 5);
    LQ_CHECK(strcmp(lq_db_element_name(db, 1), "VA") == 0);
    LQ_CHECK(lq_db_phase_count(db) == 4);
    double v;
    int ex = 0;
    const double Ts[] = {500.0, 999.0, 1000.0, 2000.0};
    for (int i = 0; i < 4; i++) {
        LQ_CHECK_STATUS(lq_db_function_eval(db, "f1", Ts[i], 1e5, &v, &ex), LQ_OK);
        LQ_CHECK_CLOSE(v, f1(Ts[i]), 1e-14, 1e-9);
        LQ_CHECK(ex == 0);
    }
    /* ",," limits: TEMPERATURE_LIMITS 298.15 5000; above 5000 extrapolated */
    LQ_CHECK_STATUS(lq_db_function_eval(db, "F2", 6000.0, 1e5, &v, &ex), LQ_OK);
    LQ_CHECK(ex == 1 && v == 6010.0);
    /* unary minus binds looser than **, ** is right associative, LN(P), T**-1 */
    LQ_CHECK_STATUS(lq_db_function_eval(db, "F3", 400.0, 2e5, &v, &ex), LQ_OK);
    LQ_CHECK_CLOSE(v, -64.0 + log(2.0) + 2.0 / 400.0 + 256.0, 1e-14, 1e-12);
    /* predefined R and RTLNP = R T ln(P / 1e5 Pa) */
    LQ_CHECK_STATUS(lq_db_function_eval(db, "F4", 800.0, 3e5, &v, &ex), LQ_OK);
    LQ_CHECK_CLOSE(v, LQ_GAS_CONSTANT_J_PER_MOL_K * 800.0 * (1.0 + log(3.0)), 1e-14, 1e-9);
}

void test_tdb_dialect(void) {
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_string(dialect_tdb, "dialect.tdb", &db, &d);
    char buf[1024];
    if (st) fprintf(stderr, "  %s\n", lq_diag_format(&d, buf, sizeof buf));
    LQ_CHECK_STATUS(st, LQ_OK);
    if (!db) return;
    LQ_CHECK(lq_db_warning_count(db) == 0);
    check_dialect_db(db);
    /* species stoichiometry and charges */
    const char *comps[] = {"AL", "O"};
    lq_system *sys = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, &d), LQ_OK);
    if (sys) {
        size_t k;
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "CORUNDUM", &k), LQ_OK);
        lq_phase_info in;
        lq_system_phase_info(sys, k, &in);
        LQ_CHECK(in.n_constituents == 1 && in.constituent_comp[0] == 2.0 &&
                 in.constituent_comp[1] == 3.0);
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "LIQUID", &k), LQ_OK);
        lq_system_phase_info(sys, k, &in);
        LQ_CHECK(in.n_constituents == 2 && strcmp(in.constituent_name[1], "AL1O1.5") == 0 &&
                 in.constituent_comp[2] == 1.0 && in.constituent_comp[3] == 1.5);
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "FCC_A1", &k), LQ_OK);
        lq_system_free(sys);
    }
    /* charged constituents: kept with their charges (the solver adds electroneutrality) */
    const char *c2[] = {"FE", "O"};
    LQ_CHECK_STATUS(lq_system_create(db, c2, 2, NULL, 0, &sys, &d), LQ_OK);
    if (sys) {
        size_t k;
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "WUSTITE", &k), LQ_OK);
        lq_phase_info in;
        lq_system_phase_info(sys, k, &in);
        LQ_CHECK(in.constituent_charge != NULL);
        for (size_t i = 0; in.constituent_charge && i < in.n_constituents; i++) {
            if (strcmp(in.constituent_name[i], "FE+2") == 0)
                LQ_CHECK(in.constituent_charge[i] == 2.0);
            if (strcmp(in.constituent_name[i], "O-2") == 0)
                LQ_CHECK(in.constituent_charge[i] == -2.0);
        }
        lq_system_free(sys);
    }
    /* FCC: TC = -600 and BMAGN = -1.5 divided by the FCC factor -3: Tc = 200 K, beta = 0.5 */
    const char *c3[] = {"FE"};
    LQ_CHECK_STATUS(lq_system_create(db, c3, 1, NULL, 0, &sys, &d), LQ_OK);
    if (sys) {
        size_t k;
        LQ_CHECK_STATUS(lq_system_phase_find(sys, "FCC_A1", &k), LQ_OK);
        lq_thermo_ws *ws = NULL;
        LQ_CHECK_STATUS(lq_thermo_ws_alloc(sys, &ws), LQ_OK);
        double y[2] = {1.0, 1.0};
        for (int i = 0; i < 2; i++) {
            double T = i ? 500.0 : 150.0, tau = T / 200.0, p = 0.28;
            double D = 518.0 / 1125 + 11692.0 / 15975 * (1 / p - 1), g;
            if (tau <= 1)
                g = 1 - (79 / (140 * p * tau) +
                         474.0 / 497 * (1 / p - 1) *
                             (pow(tau, 3) / 6 + pow(tau, 9) / 135 + pow(tau, 15) / 600)) /
                            D;
            else
                g = -(pow(tau, -5) / 10 + pow(tau, -15) / 315 + pow(tau, -25) / 1500) / D;
            lq_thermo_ws_set_TP(ws, T, 1e5);
            lq_phase_eval ev = {0};
            LQ_CHECK_STATUS(lq_phase_evaluate(ws, k, y, LQ_EVAL_G, &ev), LQ_OK);
            double want = -1000 + 2 * T + LQ_GAS_CONSTANT_J_PER_MOL_K * T * log(1.5) * g;
            LQ_CHECK_CLOSE(ev.G, want, 1e-12, 1e-9);
        }
        lq_thermo_ws_free(ws);
        lq_system_free(sys);
    }
    /* write, read again: the same functions, the references and raw statements survive */
    char *text = NULL;
    size_t len = 0;
    LQ_CHECK(lqi_thermo_db_write_text(db, &text, &len) == 0);
    if (text) {
        LQ_CHECK(strstr(text, "first source, with a ! and a $ inside, and a second line") != NULL);
        LQ_CHECK(strstr(text, "DEFAULT_COMMAND DEF_SYS_ELEMENT VA /-") != NULL);
        LQ_CHECK(strstr(text, "MQ&FE(FCC_A1,FE:VA;0)") != NULL);
        LQ_CHECK(strstr(text, "SPECIES FE+2") != NULL);
        lq_db *back = NULL;
        LQ_CHECK_STATUS(lq_db_read_string(text, "dialect-written.tdb", &back, &d), LQ_OK);
        if (back) check_dialect_db(back);
        lq_db_free(back);
        lqi_free(text);
    }
    lq_db_free(db);
}

/* Keyword abbreviations and their ambiguity. */
void test_tdb_keywords(void) {
    const char *ok[] = {"FUN F 1 1; 2 N !", "FUNCT F 1 1; 2 N !", "function F 1 1; 2 N !",
                        "F F 1 1; 2 N !", "FUNC F 1 1; 2 N !"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        lq_db *db = NULL;
        LQ_CHECK_STATUS(lq_db_read_string(ok[i], "kw.tdb", &db, NULL), LQ_OK);
        double v;
        if (db) LQ_CHECK_STATUS(lq_db_function_eval(db, "F", 1.5, 1e5, &v, NULL), LQ_OK);
        lq_db_free(db);
    }
    const char *amb = "DEF X !";
    lq_db *db = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_string(amb, "kw.tdb", &db, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "ambiguous") != NULL);
    LQ_CHECK_STATUS(lq_db_read_string("LIST_OF_REF NUMBER SOURCE R1 'x' !", "kw.tdb", &db, &d),
                    LQ_OK);
    lq_db_free(db);
    LQ_CHECK_STATUS(lq_db_read_string("TYPE_DEF % SEQ * !", "kw.tdb", &db, &d), LQ_OK);
    lq_db_free(db);
    LQ_CHECK_STATUS(lq_db_read_string("TYPE_DEFX % SEQ * !", "kw.tdb", &db, &d), LQ_EPARSE);
    /* a function defined twice: the later wins, with a warning */
    LQ_CHECK_STATUS(lq_db_read_string("FUN F 1 1; 2 N ! FUN F 1 7; 2 N !", "kw.tdb", &db, &d),
                    LQ_OK);
    double v = 0;
    if (db) {
        LQ_CHECK_STATUS(lq_db_function_eval(db, "F", 1.5, 1e5, &v, NULL), LQ_OK);
        LQ_CHECK(v == 7.0 && d.warning == 1 && lq_db_warning_count(db) == 1);
    }
    lq_db_free(db);
}

/* Irregularities found in published files: read with a warning (as pycalphad), never silently. */
void test_tdb_lenient(void) {
    static const struct {
        const char *text, *warning;
        size_t nwarn;
    } cases[] = {
        /* no N after the last limit (pycalphad alnifcc4sl.tdb) */
        {" FUN F 298.15 7; 6000.00 01DUP !", "'01DUP' read as the reference", 1},
        /* a stray '"' after a '!' (crtiv_ghosh.tdb) and ': !' (SGTE PURE5) */
        {" FUN F 298.15 7; 6000 N !\"\n : !  : !\n", "text after '!' ignored", 3},
        /* unknown species and wrong sublattice count in parameters (parameter_filter_test.tdb) */
        {" ELEMENT B X 1 0 0 ! ELEMENT C X 1 0 0 ! PHASE P % 2 1 1 ! CONST P :B:B,C: !\n"
         " PARAMETER G(P,B:D;0) 1 1e5; 10000 N !\n PARAMETER G(P,B:B:C;0) 1 1e5; 10000 N !\n"
         " FUN F 1 7; 2 N !",
         "unknown species 'D'; parameter not used", 3}, /* and: no TYPE_DEFINITION for '%' */
        /* a number between reference id and text (Al-Cu-Y.tdb), "-1 0.400," (COST507.tdb) */
        {" LIST_OF_REFERENCES NUMBER SOURCE REF1 1 'text' ! TYPE_DEF B GES A_P_D BCC_A2 MAGNETIC "
         "-1 0.400, ! FUN F 1 7; 2 N !",
         NULL, 0},
        /* a TYPE_DEFINITION action liquidus does not know is reported */
        {" TYPE_DEF & GES A_P_D X FOO_BAR 1 ! FUN F 1 7; 2 N !", "action 'FOO_BAR' not known", 1},
        /* unquoted reference texts (CrFeNb_Jacob2016.tdb): kept as written */
        {" LIST_OF_REFERENCES\n REF1 SGTE database\n REF2 Andersson (1987)\n NUMBER SOURCE ! "
         "FUN F 1 7; 2 N !",
         "kept as written", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lq_db *db = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        LQ_CHECK_STATUS(lq_db_read_string(cases[i].text, "lenient.tdb", &db, &d), LQ_OK);
        if (!db) continue;
        LQ_CHECK(lq_db_warning_count(db) == cases[i].nwarn);
        if (cases[i].warning) LQ_CHECK(d.warning == 1 && strstr(d.msg, cases[i].warning) != NULL);
        double v = 0.0;
        LQ_CHECK_STATUS(lq_db_function_eval(db, "F", 1.5, 1e5, &v, NULL), LQ_OK);
        LQ_CHECK(v == 7.0);
        lq_db_free(db);
    }
    /* a reference list kept as written is written back as written, and reads again */
    lq_db *dr = NULL;
    char *t = NULL;
    size_t tl = 0;
    LQ_CHECK_STATUS(lq_db_read_string(cases[5].text, "lenient.tdb", &dr, NULL), LQ_OK);
    if (dr && lqi_thermo_db_write_text(dr, &t, &tl) == 0) {
        LQ_CHECK(strstr(t, "REF2 Andersson (1987)") != NULL);
        lq_db *back = NULL;
        LQ_CHECK_STATUS(lq_db_read_string(t, "lenient-written.tdb", &back, NULL), LQ_OK);
        lq_db_free(back);
        lqi_free(t);
    }
    lq_db_free(dr);
    /* the unused parameters do not enter G */
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(cases[2].text, "lenient.tdb", &db, NULL), LQ_OK);
    lq_db_summary s;
    if (db) {
        LQ_CHECK_STATUS(lq_db_summary_get(db, &s), LQ_OK);
        LQ_CHECK(s.n_parameters == 1 && s.n_parameters_unused == 1);
    }
    lq_db_free(db);
}
