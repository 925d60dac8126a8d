/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Condition names, grid specifications and CSV point files of a batch. */
#include <math.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "lq_test.h"

void test_cond_parse(void);
void test_grid(void);
void test_points_read(void);

static int parses(const char *s, lq_eq_cond_kind kind, const char *comp) {
    lq_eq_cond c;
    return lq_eq_cond_parse(s, strlen(s), &c, NULL) == LQ_OK && c.kind == kind &&
           strcmp(c.comp, comp) == 0;
}

void test_cond_parse(void) {
    LQ_CHECK(parses("T", LQ_EQ_COND_T, ""));
    LQ_CHECK(parses(" t_k ", LQ_EQ_COND_T, ""));
    LQ_CHECK(parses("P_Pa", LQ_EQ_COND_P, ""));
    LQ_CHECK(parses("N", LQ_EQ_COND_N, ""));
    LQ_CHECK(parses("x(nd)", LQ_EQ_COND_X, "ND"));
    LQ_CHECK(parses("W(Bi)", LQ_EQ_COND_W, "BI"));
    LQ_CHECK(parses("N(ND)", LQ_EQ_COND_NC, "ND"));
    LQ_CHECK(parses("x_ND", LQ_EQ_COND_X, "ND"));
    LQ_CHECK(parses("B_g", LQ_EQ_COND_B, ""));
    LQ_CHECK(parses("b(Nd)", LQ_EQ_COND_BC, "ND"));
    LQ_CHECK(parses("MU(nd)", LQ_EQ_COND_MU, "ND"));
    LQ_CHECK(parses("ac(Cl)", LQ_EQ_COND_AC, "CL"));
    lq_eq_cond c;
    lq_diag d;
    const char *bad[] = {"", "Q", "X()", "X(N D)", "Y(ND)", "X(ND", "TT", "W_", "MU()", "MV(ND)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        LQ_CHECK_STATUS(lq_eq_cond_parse(bad[i], strlen(bad[i]), &c, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "not a condition") != NULL);
    LQ_CHECK_STATUS(lq_eq_cond_parse(NULL, 0, &c, NULL), LQ_EINVAL);
}

void test_grid(void) {
    lq_eq_points *p = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_eq_points_grid("T=300:400:50,X(ND)=0.1,0.2", &p, &d), LQ_OK);
    if (p) {
        /* 3 x 2 points, the first condition slowest */
        LQ_CHECK(p->n_cond == 2 && p->n_points == 6);
        LQ_CHECK(p->cond[0].kind == LQ_EQ_COND_T && p->cond[1].kind == LQ_EQ_COND_X);
        const double want[6][2] = {{300, 0.1}, {300, 0.2}, {350, 0.1},
                                   {350, 0.2}, {400, 0.1}, {400, 0.2}};
        for (size_t i = 0; i < 6; i++)
            for (size_t k = 0; k < 2; k++) LQ_CHECK(p->value[i * 2 + k] == want[i][k]);
        LQ_CHECK(p->line[5] == 0 && p->error[5] == NULL);
        lq_eq_points_free(p);
        p = NULL;
    }
    /* A:B:STEP includes B when it lies on the grid within 1e-9 of a step (0:1:0.01: 101 values) */
    LQ_CHECK_STATUS(lq_eq_points_grid("x(nd)=0:1:0.01", &p, NULL), LQ_OK);
    LQ_CHECK(p && p->n_points == 101 && fabs(p->value[100] - 1.0) < 1e-15);
    lq_eq_points_free(p);
    p = NULL;
    LQ_CHECK_STATUS(lq_eq_points_grid("T=500:600", &p, NULL), LQ_OK);
    LQ_CHECK(p && p->n_points == 2 && p->value[1] == 600.0);
    lq_eq_points_free(p);
    p = NULL;
    const char *bad[] = {"T=400:300:10", "T=300:400:0", "F=1", "T=1,T=2", "1,2", "T=abc", "",
                         "T=",           "X(ND)=0.1,"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        LQ_CHECK_STATUS(lq_eq_points_grid(bad[i], &p, &d), LQ_EPARSE);
        LQ_CHECK(p == NULL);
    }
    LQ_CHECK_STATUS(lq_eq_points_grid("T=1:1e9:1", &p, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_points_grid("T=1:1e4:1,X(ND)=0:1:1e-4", &p, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_eq_points_grid(NULL, &p, NULL), LQ_EINVAL);
    lq_eq_points_free(NULL);
}

void test_points_read(void) {
    const char *text =
        "# conditions of a batch\n"
        "T_K,\"X(ND)\",W(ND)\n"
        "900,0.1,\n"
        "\n"
        "1000,,0.25\n"
        "950,abc,\n"
        "960,0.2,,7\n"
        "970\n";
    lq_eq_points *p = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_eq_points_read_string(text, strlen(text), "pts.csv", &p, &d), LQ_OK);
    if (!p) return;
    LQ_CHECK(p->n_cond == 3 && p->n_points == 5);
    LQ_CHECK(p->cond[1].kind == LQ_EQ_COND_X && strcmp(p->cond[1].comp, "ND") == 0);
    LQ_CHECK(p->value[0] == 900.0 && p->value[1] == 0.1 && isnan(p->value[2]));
    LQ_CHECK(p->line[0] == 3 && p->line[1] == 5 && p->line[4] == 8);
    LQ_CHECK(isnan(p->value[4]) && p->value[5] == 0.25);
    /* a bad field fails that point only, named by file:line:column */
    LQ_CHECK(p->error[0] == NULL && p->error[1] == NULL && p->error[4] == NULL);
    LQ_CHECK(p->error[2] && strstr(p->error[2], "pts.csv:6:2") && strstr(p->error[2], "abc"));
    LQ_CHECK(p->error[3] && strstr(p->error[3], "pts.csv:7:4"));
    LQ_CHECK(isnan(p->value[4 * 3 + 1]));
    lq_eq_points_free(p);
    p = NULL;
    /* blank-separated with a decimal comma */
    const char *semi = "T;X(ND)\n900;0,1\n";
    LQ_CHECK_STATUS(lq_eq_points_read_string(semi, strlen(semi), "s.csv", &p, NULL), LQ_OK);
    LQ_CHECK(p && p->n_points == 1 && p->value[1] == 0.1);
    lq_eq_points_free(p);
    p = NULL;
    /* whole-file errors: no header, a column that is no condition (named), a repeat, no rows */
    const char *bad[] = {"# nothing\n", "T,X(ND),colour\n900,0.1,red\n", "T,t_k\n1,2\n", "T\n"};
    const long col[] = {0, 3, 2, 0};
    for (size_t i = 0; i < 4; i++) {
        lq_diag_clear(&d);
        LQ_CHECK_STATUS(lq_eq_points_read_string(bad[i], strlen(bad[i]), "b.csv", &p, &d),
                        LQ_EPARSE);
        LQ_CHECK(p == NULL && strcmp(d.file, "b.csv") == 0 && d.column == col[i]);
    }
    LQ_CHECK_STATUS(lq_eq_points_read("/nonexistent/p.csv", &p, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_eq_points_read_string(NULL, 3, "x", &p, NULL), LQ_EINVAL);
}
