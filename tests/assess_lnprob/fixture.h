/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A two-component database with fitted symbols whose likelihood terms have closed forms. */
#ifndef LQ_TEST_ASSESS_LNPROB_FIXTURE_H
#define LQ_TEST_ASSESS_LNPROB_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "liquidus/thermo.h"
#include "lq_test.h"

/*
 * LIQUID (A,B): G_A = G_B = 0, L0 = VV0000 + VV0002 T (regular solution, no other terms), so
 *   G = R T (x ln x + (1-x) ln(1-x)) + L x (1-x),   H_mix = VV0000 x (1-x),
 *   mu_A = R T ln(1-x) + L x^2,  mu_B = R T ln x + L (1-x)^2.
 * AB (A):(B), site ratios 1:1: G = VV0001 + 10 T per formula unit (2 atoms), so per atom
 *   GM = (VV0001 + 10 T)/2 and HM_FORM = VV0001/2 (both elements refer to LIQUID, H = 0).
 * BSOL (B only): G = 5000 J/mol, never stable; an activity reference that cannot hold A.
 * The symbols' values are printed into the text so that a database with other values can be
 * read for comparison.
 */
static inline void lq_fixture_tdb(char *buf, size_t size, double v0, double v1, double v2) {
    snprintf(buf, size,
             "ELEMENT VA VACUUM 0 0 0 !\n"
             "ELEMENT A LIQUID 10 0 0 !\n"
             "ELEMENT B LIQUID 20 0 0 !\n"
             "FUNCTION VV0000 298.15 %.17g; 6000 N !\n"
             "FUNCTION VV0001 298.15 %.17g; 6000 N !\n"
             "FUNCTION VV0002 298.15 %.17g; 6000 N !\n"
             "TYPE_DEFINITION %% SEQ * !\n"
             "PHASE LIQUID %% 1 1 !\n"
             "CONSTITUENT LIQUID :A,B: !\n"
             "PARAMETER G(LIQUID,A;0) 298.15 0; 6000 N !\n"
             "PARAMETER G(LIQUID,B;0) 298.15 0; 6000 N !\n"
             "PARAMETER L(LIQUID,A,B;0) 298.15 VV0000+VV0002*T; 6000 N !\n"
             "PHASE AB %% 2 1 1 !\n"
             "CONSTITUENT AB :A:B: !\n"
             "PARAMETER G(AB,A:B;0) 298.15 VV0001+10*T; 6000 N !\n"
             "PHASE BSOL %% 1 1 !\n"
             "CONSTITUENT BSOL :B: !\n"
             "PARAMETER G(BSOL,B;0) 298.15 5000; 6000 N !\n",
             v0, v1, v2);
}

/* ESPEI's Cu-Mg test database (tests/assess_lnprob/espei/cumg-espei.tdb) as a system with two
 * equilibrium workspaces (ws, and ref for a second solve to compare with) made with options `o`
 * (NULL: defaults), and in idx the indices of nsym (<= 8) named symbols. Returns 1 when all is
 * there; otherwise it has failed a check naming what is missing, and the caller jumps to its
 * clean-up, which calls lq_fixture_cumg_close (safe on a partly opened fixture). */
typedef struct lq_fixture_cumg {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws, *ref;
    size_t idx[8];
} lq_fixture_cumg;

static inline int lq_fixture_cumg_open(lq_fixture_cumg *f, const char *const *sym, size_t nsym,
                                       const lq_eq_options *o) {
    char tdb[1024];
    memset(f, 0, sizeof *f);
    lq_test_source_path("tests/assess_lnprob/espei/cumg-espei.tdb", tdb, sizeof tdb);
    const char *comps[] = {"CU", "MG"};
    LQ_CHECK_STATUS(lq_db_read_file(tdb, &f->db, NULL), LQ_OK);
    if (f->db) LQ_CHECK_STATUS(lq_system_create(f->db, comps, 2, NULL, 0, &f->sys, NULL), LQ_OK);
    if (f->sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(f->sys, o, &f->ws, NULL), LQ_OK);
    if (f->sys) LQ_CHECK_STATUS(lq_eq_ws_alloc(f->sys, o, &f->ref, NULL), LQ_OK);
    if (!f->ws || !f->ref || nsym > 8 ||
        lq_system_symbols_find(f->sys, sym, nsym, f->idx) != LQ_OK) {
        LQ_CHECK(!"Cu-Mg workspaces with the named symbols");
        return 0;
    }
    return 1;
}

static inline void lq_fixture_cumg_close(lq_fixture_cumg *f) {
    lq_eq_ws_free(f->ws);
    lq_eq_ws_free(f->ref);
    lq_system_free(f->sys);
    lq_db_free(f->db);
    memset(f, 0, sizeof *f);
}

#endif /* LQ_TEST_ASSESS_LNPROB_FIXTURE_H */
