/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the batch point-file reader and the grid specification parser on arbitrary
 * bytes, then the conditions of what was read converted and solved in a small ideal ternary. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/thermo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Ideal liquid Bi-Nd-Fe: every equilibrium is cheap, so the conversions are what is exercised. */
static const char *TDB =
    "ELEMENT VA VACUUM 0 0 0 !\n"
    "ELEMENT BI LIQUID 208.98 0 0 !\n"
    "ELEMENT ND LIQUID 144.24 0 0 !\n"
    "ELEMENT FE LIQUID 55.845 0 0 !\n"
    "PHASE LIQUID % 1 1 !\n"
    "CONSTITUENT LIQUID :BI,ND,FE: !\n"
    "PARAMETER G(LIQUID,BI;0) 1 -1000-10*T; 6000 N !\n"
    "PARAMETER G(LIQUID,ND;0) 1 -2000-20*T; 6000 N !\n"
    "PARAMETER G(LIQUID,FE;0) 1 -3000-30*T; 6000 N !\n";

static void solve(const lq_eq_points *p) {
    static lq_db *db;
    static lq_system *sys;
    if (!db && lq_db_read_string(TDB, "fuzz.tdb", &db, NULL) == LQ_OK) {
        const char *comps[3] = {"BI", "ND", "FE"};
        lq_system_create(db, comps, 3, NULL, 0, &sys, NULL);
    }
    if (!sys || p->n_points > 16) return;
    lq_eq_batch_options o;
    lq_eq_batch_options_default(&o);
    o.n_threads = 1;
    lq_eq_batch_result *r = NULL;
    if (lq_eq_batch_run(db, sys, p, &o, &r, NULL) != LQ_OK) abort();
    if (r->n_failed > r->n_points) abort();
    for (size_t i = 0; i < r->n_points; i++)
        if ((r->status[i] == LQ_OK) != (r->message[i] == NULL)) abort();
    lq_eq_batch_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 100000) return 0;
    lq_eq_points *p = NULL;
    if (lq_eq_points_read_string((const char *)data, size, "fuzz.csv", &p, NULL) == LQ_OK) {
        solve(p);
        lq_eq_points_free(p);
    }
    /* the same bytes as a grid specification (NUL-terminated copy; small grids only) */
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    p = NULL;
    if (lq_eq_points_grid(s, &p, NULL) == LQ_OK) {
        solve(p);
        lq_eq_points_free(p);
    }
    free(s);
    return 0;
}
