/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic binaries with known answers: a regular-solution liquid gap (critical point
 * Tc = L0 / 2R at x = 1/2), a monotectic, a syntectic compound between two liquids and a
 * peritectoid compound between two solids. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/units.h"
#include "lq_test.h"
#include "map_fixture.h"

void test_map_synthetic(void);

/* A melts at 1000 K, B at 1500 K (entropy of fusion 10 J/mol/K), liquid L0 = +30000 J/mol,
 * FCC L0 = +60000 J/mol (narrow terminal solutions); with `compound`, AB (1:1) with
 * G = -20000 + 9 T J/mol of atoms against the FCC end members. */
static const char *TDB_BASE =
    "ELEMENT A FCC_A1 10 0 0 !\n"
    "ELEMENT B FCC_A1 20 0 0 !\n"
    "TYPE_DEFINITION % SEQ * !\n"
    "PHASE LIQUID:L % 1 1 !\n"
    "CONSTITUENT LIQUID:L :A,B : !\n"
    "PHASE FCC_A1 % 1 1 !\n"
    "CONSTITUENT FCC_A1 :A,B : !\n"
    "PARAMETER G(LIQUID,A;0) 1 10000-10*T; 6000 N !\n"
    "PARAMETER G(LIQUID,B;0) 1 15000-10*T; 6000 N !\n"
    "PARAMETER G(LIQUID,A,B;0) 1 30000; 6000 N !\n"
    "PARAMETER G(FCC_A1,A;0) 1 0; 6000 N !\n"
    "PARAMETER G(FCC_A1,B;0) 1 0; 6000 N !\n"
    "PARAMETER G(FCC_A1,A,B;0) 1 60000; 6000 N !\n";
static const char *TDB_AB =
    "PHASE AB % 2 0.5 0.5 !\n"
    "CONSTITUENT AB :A : B : !\n"
    "PARAMETER G(AB,A:B;0) 1 -20000+9*T; 6000 N !\n";

/* Binodal of the symmetric regular liquid at T: x1 < 1/2 with RT ln(x1/(1-x1)) = L0 (2 x1 - 1)
 * (bisection to 1e-15). */
static double binodal(double T) {
    double RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T, a = 1e-300, b = 0.5 - 1e-12;
    for (int i = 0; i < 200; i++) {
        double m = 0.5 * (a + b);
        double f = RT * log(m / (1.0 - m)) - 30000.0 * (2.0 * m - 1.0);
        if (f < 0.0)
            a = m;
        else
            b = m;
    }
    return 0.5 * (a + b);
}

/* Syntectic of AB: G(AB) = the liquids' common tangent at x = 1/2, which for the symmetric excess
 * is the linear part at 1/2 plus the mixing energy at the binodal, G_mix(x1) (bisection on T). */
static double syntectic_T(double *x1_out) {
    double a = 1500.0, b = 1800.0;
    for (int i = 0; i < 100; i++) {
        double T = 0.5 * (a + b), x1 = binodal(T), RT = LQ_GAS_CONSTANT_J_PER_MOL_K * T;
        double tangent = 0.5 * (10000.0 - 10.0 * T) + 0.5 * (15000.0 - 10.0 * T) +
                         30000.0 * x1 * (1.0 - x1) + RT * (x1 * log(x1) + (1 - x1) * log(1 - x1));
        double f = (-20000.0 + 9.0 * T) - tangent; /* < 0: AB stable */
        if (f < 0.0)
            a = T;
        else
            b = T;
    }
    double T = 0.5 * (a + b);
    *x1_out = binodal(T);
    return T;
}

/* A compound stable only below ~750 K, between two solid solutions: a peritectoid. */
static const char *TDB_AB_LOW =
    "PHASE AB % 2 0.5 0.5 !\n"
    "CONSTITUENT AB :A : B : !\n"
    "PARAMETER G(AB,A:B;0) 1 -3000+4*T; 6000 N !\n";

static int open_text(mapfx *f, const char *text) {
    memset(f, 0, sizeof *f);
    LQ_CHECK_STATUS(lq_db_read_string(text, "synthetic.tdb", &f->db, NULL), LQ_OK);
    return mapfx_map(f, "A", "B", 300.0, 2200.0);
}

static void check_gap(const mapfx *f) {
    /* regular solution: Tc = L0 / (2R), x = 1/2; the gap is followed until its sets merge
     * (|dx| < 1e-5, i.e. Tc - T ~ 1e-7 K); 0.01 K */
    int n = 0;
    for (size_t i = 0; i < f->map->n_points; i++) {
        const lq_map_point *q = &f->map->points[i];
        if (q->kind != 1) continue;
        n++;
        LQ_CHECK_CLOSE(q->T, 30000.0 / (2.0 * LQ_GAS_CONSTANT_J_PER_MOL_K), 0, 0.01);
        LQ_CHECK_CLOSE(q->x, 0.5, 0, 1e-3);
    }
    LQ_CHECK(n == 1);
}

void test_map_synthetic(void) {
    mapfx f;
    if (open_text(&f, TDB_BASE) == 0) {
        LQ_CHECK(f.map->n_invariants == 2);
        const lq_map_invariant *e = mapfx_invariant(&f, "FCC_A1", "LIQUID", "FCC_A1");
        const lq_map_invariant *m = mapfx_invariant(&f, "LIQUID", "LIQUID", "FCC_A1");
        if (e) LQ_CHECK(e->kind == LQ_MAP_EUTECTIC);
        if (m) {
            LQ_CHECK(m->kind == LQ_MAP_MONOTECTIC);
            /* the two liquids of a symmetric regular solution: x and 1 - x */
            LQ_CHECK_CLOSE(m->x[0] + m->x[1], 1.0, 0, 1e-9);
            mapfx_check_invariant(&f, m);
        }
        check_gap(&f);
    }
    mapfx_close(&f);
    char text[4096];
    snprintf(text, sizeof text, "%s%s", TDB_BASE, TDB_AB);
    if (open_text(&f, text) == 0) {
        LQ_CHECK(f.map->n_invariants == 3);
        const lq_map_invariant *s = mapfx_invariant(&f, "LIQUID", "AB", "LIQUID");
        if (s) {
            LQ_CHECK(s->kind == LQ_MAP_SYNTECTIC);
            LQ_CHECK_CLOSE(s->x[0] + s->x[2], 1.0, 0, 1e-9);
            /* exact recovery: the analytic syntectic (converged Newton vs nested bisections:
             * 1e-6 K and 1e-8 in x) */
            double x1, Ts = syntectic_T(&x1);
            LQ_CHECK_CLOSE(s->T, Ts, 0, 1e-6);
            LQ_CHECK_CLOSE(s->x[0], x1, 0, 1e-8);
            fprintf(stderr, "  syntectic %.9f K (analytic %.9f K), liquid x = %.9f\n", s->T, Ts,
                    s->x[0]);
            mapfx_check_invariant(&f, s);
        }
        check_gap(&f);
        for (size_t i = 0; i < f.map->n_invariants; i++)
            mapfx_check_invariant(&f, &f.map->invariants[i]);
    }
    mapfx_close(&f);
    snprintf(text, sizeof text, "%s%s", TDB_BASE, TDB_AB_LOW);
    if (open_text(&f, text) == 0) {
        LQ_CHECK(f.map->n_invariants == 3);
        const lq_map_invariant *p = mapfx_invariant(&f, "FCC_A1", "AB", "FCC_A1");
        if (p) {
            LQ_CHECK(p->kind == LQ_MAP_PERITECTOID && !p->middle_above);
            /* G(AB) = 0 at 750 K against the pure FCC end members; the terminal solutions
             * (x ~ 7e-5) lower the two-phase tangent slightly, so AB decomposes a little lower */
            LQ_CHECK(p->T < 750.0 && p->T > 749.0);
            mapfx_check_invariant(&f, p);
        }
    }
    mapfx_close(&f);
}
