/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Program built against an installed liquidus: the Bi-Nd equilibrium of the README from the
 * bundled database found by lq_data_path. Prints the database path and the liquid's x(Nd). */
#include <stdio.h>
#include <string.h>

#include <liquidus/liquidus.h>

static int fail(const char *what, lq_status st, const lq_diag *d) {
    char buf[1024];
    fprintf(stderr, "consumer: %s: %s: %s\n", what, lq_status_str(st),
            lq_diag_format(d, buf, sizeof buf));
    return 1;
}

int main(void) {
    char path[4096];
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_data_path("tdb/BiNd.tdb", path, sizeof path, &d);
    if (st != LQ_OK) return fail("lq_data_path", st, &d);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_eq_result *res = NULL;
    const char *comps[] = {"BI", "ND"};
    const double x[] = {0.9, 0.1};
    st = lq_db_read_file(path, &db, &d);
    if (st == LQ_OK) st = lq_system_create(db, comps, 2, NULL, 0, &sys, &d);
    if (st == LQ_OK) st = lq_eq_ws_alloc(sys, NULL, &ws, &d);
    if (st == LQ_OK) st = lq_eq_result_alloc(ws, &res);
    if (st == LQ_OK) st = lq_eq_solve(ws, 973.0, x, 2, res, &d);
    int rc = 0;
    if (st != LQ_OK) {
        rc = fail("equilibrium", st, &d);
    } else {
        size_t liquid = 0;
        lq_system_phase_find(sys, "LIQUID", &liquid);
        double x_nd = -1.0;
        for (size_t k = 0; k < res->n_phases; k++)
            if (res->phases[k].phase == liquid) x_nd = res->phases[k].x[1];
        printf("database %s\nliquidus %s\nx_ND_liquid %.9f\n", path, lq_version(), x_nd);
    }
    lq_eq_result_free(res);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
    return rc;
}
