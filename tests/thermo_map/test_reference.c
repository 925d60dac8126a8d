/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Invariant temperatures of Cu-Mg, Pb-Sn and Bi-Nd against pycalphad and OpenCalphad, same files.
 */
#include <math.h>
#include <stdio.h>

#include "lq_test.h"
#include "map_fixture.h"

void test_map_reference_cumg(void);
void test_map_reference_pbsn(void);
void test_map_reference_bind(void);

/*
 * Reference values, all computed from the same TDB files as liquidus reads (../shared/data/tdb):
 *
 * [PC] pycalphad 0.11.2, published in sachinkumarage/phase-diagram-explorer@cb97bd56,
 *      docs/validation/engine_vs_pycalphad.md, table "Invariant reactions": the temperature at
 *      which the reacting phase appears or disappears at a composition inside the reaction line,
 *      bisected on pycalphad equilibria to 0.01 K, on pycalphad's own test databases cumg.tdb and
 *      pbsn.tdb (the files copied verbatim to ../shared/data/tdb from pycalphad@c3766376).
 *
 * [OC] OpenCalphad 6.116 (sundmanbo/opencalphad@76a0482f, 2026-05-16; built from source with its
 *      Makefile, gfortran -O2), run by us on 2026-11-22 with tests/thermo_map/oc_invariants.sh:
 *      per invariant, `set c t=T0 p=1e5 n=1 x(B)=x0`, `c e`, `set stat ph PHASE=f 0`,
 *      `set c t=none`, `c e`, `c e`, `sh t` (PHASE is the phase that appears at the invariant at
 *      overall x0; for a congruent point the compound, fixed at zero amount in its liquid at the
 *      congruent x). OpenCalphad uses R = 8.31451 J/(mol K), liquidus CODATA 2018 R; that alone
 *      moves these temperatures by a few mK. OpenCalphad does not parse `T**(3)`: the script
 *      rewrites it as `T**3` (line 75 of cumg.tdb, G(CU2MG,CU:MG)); nothing else is changed.
 *      In four Bi-Nd runs (marked) OpenCalphad's last T-free iteration stopped with error 4204
 *      (too many iterations) at the printed T; for those its fixed-T equilibria bracket the
 *      invariant: 544.545 K A7 + ND3BI7 / 544.555 K LIQUID + ND3BI7 (x = 0.1); 932.943 K
 *      NDBI1 + NDBI2 / 932.953 K LIQUID + NDBI1 (x = 0.4); 1838.100 K ND4BI3 + NDBI1 / 1838.111 K
 *      LIQUID + NDBI1 (x = 0.53); 773.765 K ND3BI7 + NDBI2 / 774.0 K LIQUID + NDBI2 (x = 0.31; at
 *      773.775 and 773.8 K its grid misses the liquid at x(Nd) = 7.6e-4 and keeps the metastable
 *      pair, whose G lies above LIQUID + NDBI2 by only dS*dT = 2 J/(mol K) * (T - 773.77 K)).
 *
 * Tolerance: 0.5 K (issue 3, Done-when 2). The largest difference found is 0.0026 K (OC) and
 * 0.005 K (pycalphad, its 0.01 K bisection); a second check at 0.01 K guards against a silent drift
 * that would still pass 0.5 K.
 */
#define REF_TOL_K 0.5
#define REF_TIGHT_K 0.01

typedef struct ref_inv {
    const char *p[3];  /* phases sorted by x of B, as the map reports them */
    double T_oc, T_pc; /* reference temperatures (K); 0 = not published by that source */
} ref_inv;

static void check_T(const char *what, double T, double ref, const char *src) {
    if (ref <= 0.0) return;
    fprintf(stderr, "  %-34s liquidus %.4f K  %s %.4f K  diff %+.4f K\n", what, T, src, ref,
            T - ref);
    LQ_CHECK_CLOSE(T, ref, 0, REF_TOL_K);
    LQ_CHECK_CLOSE(T, ref, 0, REF_TIGHT_K);
}

static void check_system(const char *file, const char *a, const char *b, double Tmin, double Tmax,
                         const ref_inv *inv, size_t ninv, const char *const *cong,
                         const double *cong_oc, size_t ncong) {
    mapfx f;
    if (mapfx_open(&f, file, 1, a, b, Tmin, Tmax) == 0) {
        /* no invariant beyond the referenced ones */
        LQ_CHECK(f.map->n_invariants == ninv);
        for (size_t i = 0; i < ninv; i++) {
            const lq_map_invariant *v = mapfx_invariant(&f, inv[i].p[0], inv[i].p[1], inv[i].p[2]);
            if (!v) continue;
            char what[96];
            snprintf(what, sizeof what, "%s+%s+%s", inv[i].p[0], inv[i].p[1], inv[i].p[2]);
            check_T(what, v->T, inv[i].T_oc, "OpenCalphad");
            check_T(what, v->T, inv[i].T_pc, "pycalphad");
        }
        for (size_t i = 0; i < ncong; i++) {
            const lq_map_point *q = mapfx_congruent(&f, cong[i]);
            if (!q) continue;
            LQ_CHECK(q->maximum);
            check_T(cong[i], q->T, cong_oc[i], "OpenCalphad");
        }
    }
    mapfx_close(&f);
}

/* Cu-Mg (cumg.tdb, Coughanowr 1991 / Liang 1998, NIMS file): three eutectics, two congruent
 * maxima. OC congruent points: compound fixed at zero in the liquid at x(Mg) = 0.6666667 (CuMg2)
 * and 0.334055 (Cu2Mg, the liquidus maximum liquidus finds); from the solid side OC gives the
 * same 1070.6461 K for Cu2Mg and fails on the stoichiometric CuMg2 at its own composition. */
void test_map_reference_cumg(void) {
    static const ref_inv inv[] = {
        {{"CUMG2", "LIQUID", "HCP_A3"}, 759.57794, 759.583}, /* OC at x = 0.9 */
        {{"CU2MG", "LIQUID", "CUMG2"}, 824.48326, 824.488},  /* OC at x = 0.5 */
        {{"FCC_A1", "LIQUID", "CU2MG"}, 992.01381, 992.019}, /* OC at x = 0.15 */
    };
    static const char *const cong[] = {"CUMG2", "CU2MG"};
    static const double cong_oc[] = {840.81987, 1070.6461};
    check_system("data/tdb/cumg.tdb", "CU", "MG", 500.0, 1500.0, inv, 3, cong, cong_oc, 2);
}

/* Pb-Sn (pbsn.tdb, Ngai & Chang 1981, NIMS file): the eutectic (OC at x(Sn) = 0.6). */
void test_map_reference_pbsn(void) {
    static const ref_inv inv[] = {{{"FCC_A1", "LIQUID", "BCT_A5"}, 454.56196, 454.567}};
    check_system("data/tdb/pbsn.tdb", "PB", "SN", 300.0, 800.0, inv, 1, NULL, NULL, 0);
}

/* Bi-Nd (BiNd-this-work.tdb: seed paper Table 2 + SGTE 1991): eight invariants and the
 * congruent melting of NdBi; OpenCalphad only (pycalphad published nothing for this file).
 * OC overall x(Nd) and fixed phase per line; * = OC ended with error 4204, see above. */
void test_map_reference_bind(void) {
    static const ref_inv inv[] = {
        {{"RHOMBOHEDRAL_A7", "LIQUID", "ND3BI7"}, 544.55004, 0}, /* 0.1 LIQUID * */
        {{"LIQUID", "ND3BI7", "NDBI2"}, 773.76971, 0},           /* 0.31 LIQUID * */
        {{"LIQUID", "NDBI2", "NDBI1"}, 932.94737, 0},            /* 0.4 LIQUID * */
        {{"ND2BI", "BCC_A2", "DHCP"}, 1124.5456, 0},             /* 0.9 BCC_A2 */
        {{"ND2BI", "LIQUID", "BCC_A2"}, 1216.9935, 0},           /* 0.98 LIQUID */
        {{"ND5BI3", "ND2BI", "LIQUID"}, 1533.2720, 0},           /* 0.64 LIQUID */
        {{"ND4BI3", "ND5BI3", "LIQUID"}, 1722.8474, 0},          /* 0.6 LIQUID */
        {{"NDBI1", "ND4BI3", "LIQUID"}, 1838.1055, 0},           /* 0.53 LIQUID * */
    };
    static const char *const cong[] = {"NDBI1"};
    static const double cong_oc[] = {2048.2050}; /* 0.5 NDBI1 */
    check_system("data/tdb/BiNd-this-work.tdb", "BI", "ND", 400.0, 2400.0, inv, 8, cong, cong_oc,
                 1);
}
