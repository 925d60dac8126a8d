/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Al-Ni (Dupin 2001): ordered and disordered states as composition sets, and the phase diagram. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "lq_test.h"
#include "ordis_fixture.h"

void test_alni_states(void);
void test_alni_metastable(void);
void test_alni_map(void);
void test_alni_oc_equilibria(void);

static const char *const ALNI[2] = {"AL", "NI"};

typedef struct eqfx {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
} eqfx;

static int eq_open(eqfx *f, lq_db *db, const char *const *phases, size_t nph) {
    memset(f, 0, sizeof *f);
    f->db = db;
    LQ_CHECK_STATUS(lq_system_create(db, ALNI, 2, phases, nph, &f->sys, NULL), LQ_OK);
    if (!f->sys) return -1;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(f->sys, NULL, &f->ws, NULL), LQ_OK);
    if (!f->ws) return -1;
    LQ_CHECK_STATUS(lq_eq_result_alloc(f->ws, &f->res), LQ_OK);
    return f->res ? 0 : -1;
}

static void eq_close(eqfx *f) {
    lq_eq_result_free(f->res);
    lq_eq_ws_free(f->ws);
    lq_system_free(f->sys);
}

static int eq_at(eqfx *f, double T, double xni) {
    const double x[2] = {1.0 - xni, xni};
    lq_diag d;
    lq_status st = lq_eq_solve(f->ws, T, x, 2, f->res, &d);
    if (st != LQ_OK) fprintf(stderr, "  T %g x %g: %s\n", T, xni, d.msg);
    return st == LQ_OK ? 0 : -1;
}

/* Degree of order of a set of FCC_L12 (y: Al, Ni | Al, Ni | Va) or BCC_B2 (y: Al, Ni, Va | Al,
 * Ni, Va | Va): |y_Al' - y_Al''|, 0 for the disordered state. */
static double order_of(const lq_eq_phase *p, int b2) { return fabs(p->y[0] - p->y[b2 ? 3 : 2]); }

/*
 * gamma + gamma' at 1200 K, x(Ni) = 0.80 (Dupin's diagram: gamma' 0.75-0.77 and gamma 0.85-0.86
 * there): two composition sets of FCC_L12, one ordered (L12) and one with equal sublattices
 * (the disordered FCC_A1), found by the global equilibrium from the samples alone.
 */
void test_alni_states(void) {
    lq_db *db = ofx_read_alni(0);
    eqfx f;
    if (!db || eq_open(&f, db, NULL, 0)) {
        lq_db_free(db);
        return;
    }
    size_t fcc;
    LQ_CHECK_STATUS(lq_system_phase_find(f.sys, "FCC_L12", &fcc), LQ_OK);
    if (eq_at(&f, 1200.0, 0.80) == 0) {
        LQ_CHECK(f.res->n_phases == 2);
        int nord = 0, ndis = 0;
        for (size_t i = 0; i < f.res->n_phases; i++) {
            const lq_eq_phase *p = &f.res->phases[i];
            LQ_CHECK(p->phase == fcc);
            double s = order_of(p, 0);
            if (s > 0.3 && p->x[1] > 0.74 && p->x[1] < 0.78) nord++;
            if (s < 1e-6 && p->x[1] > 0.83 && p->x[1] < 0.88) ndis++;
        }
        LQ_CHECK(nord == 1 && ndis == 1);
    }
    /* single-phase gamma' and gamma on either side */
    if (eq_at(&f, 1200.0, 0.76) == 0)
        LQ_CHECK(f.res->n_phases == 1 && order_of(&f.res->phases[0], 0) > 0.3);
    if (eq_at(&f, 1200.0, 0.90) == 0)
        LQ_CHECK(f.res->n_phases == 1 && order_of(&f.res->phases[0], 0) < 1e-6);
    /* B2 at the NiAl composition, ordered (Ni on one sublattice, Al on the other) */
    size_t b2;
    LQ_CHECK_STATUS(lq_system_phase_find(f.sys, "BCC_B2", &b2), LQ_OK);
    if (eq_at(&f, 1500.0, 0.50) == 0)
        LQ_CHECK(f.res->n_phases == 1 && f.res->phases[0].phase == b2 &&
                 order_of(&f.res->phases[0], 1) > 0.9);
    eq_close(&f);
    lq_db_free(db);
}

/*
 * The order-disorder transitions themselves, metastable in Al-Ni (the liquid intervenes), with one
 * phase only: L12 <-> A1 at x(Ni) = 0.75 is first order (an ordered and a disordered set coexist
 * over a temperature interval, here at 1800 K). Above it the ordered phase's G equals that of
 * its disordered phase FCC_A1 in an equilibrium of that phase alone.
 */
void test_alni_metastable(void) {
    lq_db *db = ofx_read_alni(0);
    if (!db) return;
    const char *l12[1] = {"FCC_L12"}, *a1[1] = {"FCC_A1"}, *b2[1] = {"BCC_B2"};
    eqfx f, g;
    if (eq_open(&f, db, l12, 1) == 0 && eq_open(&g, db, a1, 1) == 0) {
        if (eq_at(&f, 1700.0, 0.75) == 0)
            LQ_CHECK(f.res->n_phases == 1 && order_of(&f.res->phases[0], 0) > 0.3);
        if (eq_at(&f, 1800.0, 0.75) == 0) {
            LQ_CHECK(f.res->n_phases == 2);
            if (f.res->n_phases == 2) {
                double s0 = order_of(&f.res->phases[0], 0), s1 = order_of(&f.res->phases[1], 0);
                LQ_CHECK((s0 < 1e-6 && s1 > 0.2) || (s1 < 1e-6 && s0 > 0.2));
            }
        }
        if (eq_at(&f, 1900.0, 0.75) == 0 && eq_at(&g, 1900.0, 0.75) == 0) {
            LQ_CHECK(f.res->n_phases == 1 && order_of(&f.res->phases[0], 0) < 1e-6);
            /* same state, same G per mole of atoms (rounding of ~1e5 J/mol sums) */
            LQ_CHECK_CLOSE(f.res->G, g.res->G, 1e-9, 1e-6);
        }
        eq_close(&g);
    }
    eq_close(&f);
    /* B2 stays ordered at x(Ni) = 0.5 up to 2500 K; above ~3000 K this database's vacancy terms
     * make near-empty BCC (y_Va -> 1, G per atom -> -infinity as R T ln(atoms)) the model's
     * minimum, so the B2 -> A2 transition is not located here */
    if (eq_open(&f, db, b2, 1) == 0) {
        if (eq_at(&f, 2500.0, 0.5) == 0)
            LQ_CHECK(f.res->n_phases == 1 && order_of(&f.res->phases[0], 1) > 0.5);
    }
    eq_close(&f);
    lq_db_free(db);
}

/* The invariant with phases p0, p1, p2 (sorted by x) of map m, or NULL. */
static const lq_map_invariant *find_inv(const lq_system *sys, const lq_map_result *m,
                                        const char *p0, const char *p1, const char *p2) {
    size_t a, b, c;
    if (lq_system_phase_find(sys, p0, &a) || lq_system_phase_find(sys, p1, &b) ||
        lq_system_phase_find(sys, p2, &c))
        return NULL;
    for (size_t i = 0; i < m->n_invariants; i++) {
        const lq_map_invariant *v = &m->invariants[i];
        if (v->phase[0] == a && v->phase[1] == b && v->phase[2] == c) return v;
    }
    return NULL;
}

/*
 * The Al-Ni diagram from 700 to 2000 K against OpenCalphad 6.116 (sundmanbo/opencalphad, built
 * from source; the same file, which OC reads with its own DIS_PART partition): each invariant as
 * an equilibrium with the phase that appears held at zero amount and T free, from a start in the
 * field below or above, printed by "sh t" to 8 digits (tests/thermo_ordis/oc_alni.sh reproduces
 * them). Criterion 0.5 K (issue 13); the differences are below 0.01 K.
 *
 * The peritectic L + B2 -> Al3Ni2: OpenCalphad's global minimizer misses the Al-rich B2 with
 * constitutional vacancies (29 % on the Ni sublattice at x(Ni) = 0.41): at 1405 K it reports
 * L + Al3Ni2 at x(Ni) = 0.40 (G = -120348 J/mol) and Al3Ni2 alone at 0.41 (-121146), where L + B2
 * of the same model is lower (-120363.31, -121262.44), and at 0.42 it finds that B2 itself with
 * liquidus' G (-122137.6). Started from that B2, its Newton gives the driving forces of the
 * dormant LIQUID and AL3NI2 against B2 alone: both vanish at 1400.7231 K (the L/B2 tie line at
 * x(B2) = 0.4100621, liquidus 0.4100622; oc_alni.sh, last part). So the database puts the
 * invariant there, as liquidus does (1400.7294 K); the 1406 K of the assessed diagram
 * (Singleton, Murray, Nash, Binary Alloy Phase Diagrams, ASM 1986: 1133 C) is the experiment,
 * which Dupin et al.'s fit leaves 5 K away.
 */
void test_alni_map(void) {
    lq_db *db = ofx_read_alni(0);
    eqfx f;
    if (!db || eq_open(&f, db, NULL, 0)) {
        lq_db_free(db);
        return;
    }
    lq_map_options o;
    lq_map_options_default(&o);
    o.T_min = 700.0;
    o.T_max = 2000.0;
    lq_map_result *m = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_map_compute(f.ws, &o, &m, &d), LQ_OK);
    if (m) {
        static const struct {
            const char *p[3];
            double T_oc;
        } ref[5] = {
            {{"FCC_L12", "LIQUID", "AL3NI1"}, 914.82747},  /* L -> (Al) + Al3Ni */
            {{"LIQUID", "AL3NI1", "AL3NI2"}, 1123.5489},   /* L + Al3Ni2 -> Al3Ni */
            {{"BCC_B2", "AL3NI5", "FCC_L12"}, 913.96029},  /* B2 + gamma' -> Al3Ni5 */
            {{"BCC_B2", "LIQUID", "FCC_L12"}, 1641.8004},  /* L -> B2 + gamma' */
            {{"LIQUID", "FCC_L12", "FCC_L12"}, 1642.6548}, /* L + gamma -> gamma' */
        };
        LQ_CHECK(m->n_invariants == 6);
        for (int k = 0; k < 5; k++) {
            const lq_map_invariant *v = find_inv(f.sys, m, ref[k].p[0], ref[k].p[1], ref[k].p[2]);
            LQ_CHECK(v != NULL);
            if (v) LQ_CHECK_CLOSE(v->T, ref[k].T_oc, 0.0, 0.5);
        }
        const lq_map_invariant *v = find_inv(f.sys, m, "LIQUID", "AL3NI2", "BCC_B2");
        LQ_CHECK(v != NULL);
        if (v) LQ_CHECK_CLOSE(v->T, 1400.7231, 0.0, 0.5); /* L + B2 -> Al3Ni2 */
        /* gamma' / gamma at the peritectic: the ordered set (middle) and the disordered one */
        v = find_inv(f.sys, m, "LIQUID", "FCC_L12", "FCC_L12");
        if (v) LQ_CHECK(v->x[1] > 0.75 && v->x[1] < 0.77 && v->x[2] > 0.78 && v->x[2] < 0.80);
        /* NiAl melts congruently: OpenCalphad 1953.0053 K at x(Ni) = 0.49554 */
        size_t liq, b2;
        LQ_CHECK_STATUS(lq_system_phase_find(f.sys, "LIQUID", &liq), LQ_OK);
        LQ_CHECK_STATUS(lq_system_phase_find(f.sys, "BCC_B2", &b2), LQ_OK);
        int found = 0;
        for (size_t i = 0; i < m->n_points; i++) {
            const lq_map_point *q = &m->points[i];
            if (q->kind != 0 || q->x < 0.45 || q->x > 0.55) continue;
            if (!((q->phase[0] == liq && q->phase[1] == b2) ||
                  (q->phase[0] == b2 && q->phase[1] == liq)))
                continue;
            found = 1;
            LQ_CHECK_CLOSE(q->T, 1953.0053, 0.0, 0.5);
        }
        LQ_CHECK(found);
        fprintf(stderr, "  invariants:");
        for (size_t i = 0; i < m->n_invariants; i++) fprintf(stderr, " %.4f", m->invariants[i].T);
        fprintf(stderr, " K\n");
    }
    lq_map_free(m);
    eq_close(&f);
    lq_db_free(db);
}

/*
 * Equilibria against OpenCalphad 6.116 on the same file (G per mole of atoms, its 8 digits):
 * gamma + gamma' at 1200 K, x(Ni) = 0.80: -87501.691 J/mol, with x(Ni) 0.769850 (L12) and
 * 0.852982 (disordered); B2 at 1000 K, x(Ni) = 0.5: -101155.40 J/mol. Criterion: half a unit of
 * OC's last digit plus rounding (0.02 J/mol and 1e-5 in x).
 */
void test_alni_oc_equilibria(void) {
    lq_db *db = ofx_read_alni(0);
    eqfx f;
    if (!db || eq_open(&f, db, NULL, 0)) {
        lq_db_free(db);
        return;
    }
    if (eq_at(&f, 1200.0, 0.80) == 0) {
        LQ_CHECK_CLOSE(f.res->G, -87501.691, 0.0, 0.02);
        LQ_CHECK(f.res->n_phases == 2);
        for (size_t i = 0; i < f.res->n_phases; i++) {
            double x = f.res->phases[i].x[1];
            LQ_CHECK(fabs(x - 0.769850) < 1e-5 || fabs(x - 0.852982) < 1e-5);
        }
    }
    if (eq_at(&f, 1000.0, 0.50) == 0) LQ_CHECK_CLOSE(f.res->G, -101155.40, 0.0, 0.02);
    eq_close(&f);
    lq_db_free(db);
}
