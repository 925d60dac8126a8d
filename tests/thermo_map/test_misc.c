/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mapping: argument errors and the figure. */
#include <stdio.h>
#include <sys/stat.h>

#include "core/core_internal.h"
#include "liquidus/plot.h"
#include "lq_test.h"
#include "map_fixture.h"

void test_map_errors(void);
void test_map_plot(void);

void test_map_errors(void) {
    lq_map_result *m = NULL;
    LQ_CHECK_STATUS(lq_map_compute(NULL, NULL, &m, NULL), LQ_EINVAL);
    lq_map_free(NULL);
    mapfx f;
    if (mapfx_open(&f, "data/tdb/pbsn.tdb", 1, "PB", "SN", 400.0, 700.0) == 0) {
        lq_map_options o;
        lq_map_options_default(&o);
        o.T_min = 800.0;
        o.T_max = 700.0;
        LQ_CHECK_STATUS(lq_map_compute(f.ws, &o, &m, NULL), LQ_EINVAL);
        o.T_min = 400.0;
        o.dT_scan = 0.0;
        LQ_CHECK_STATUS(lq_map_compute(f.ws, &o, &m, NULL), LQ_EINVAL);
        LQ_CHECK(m == NULL);
        double xs;
        size_t other;
        size_t liq = mapfx_phase(&f, "LIQUID"), fcc = mapfx_phase(&f, "FCC_A1");
        LQ_CHECK_STATUS(lq_map_solubility(f.ws, -1.0, 1, liq, &xs, &other, NULL, NULL), LQ_EDOM);
        LQ_CHECK_STATUS(lq_map_solubility(f.ws, 500.0, 2, liq, &xs, &other, NULL, NULL), LQ_EINVAL);
        /* no liquid at 400 K */
        LQ_CHECK_STATUS(lq_map_solubility(f.ws, 400.0, 1, liq, &xs, &other, NULL, NULL),
                        LQ_ENOTFOUND);
        LQ_CHECK_STATUS(lq_map_solubility(f.ws, 400.0, 1, fcc, &xs, &other, NULL, NULL), LQ_OK);
        LQ_CHECK(xs > 0.0 && xs < 0.3);
        LQ_CHECK_STATUS(lq_plot_phase_diagram(f.map, f.sys, NULL, "diagram.txt", NULL), LQ_EINVAL);
        /* allocation failures anywhere in the mapping: LQ_ENOMEM, no leak (ASan), no result */
        lq_map_options_default(&o);
        o.T_min = 400.0;
        o.T_max = 700.0;
        int saw_ok = 0;
        for (long n = 0; n < 2000 && !saw_ok; n++) {
            lq_map_result *r = NULL;
            lqi_alloc_fail_after(n);
            lq_status st = lq_map_compute(f.ws, &o, &r, NULL);
            lqi_alloc_fail_after(-1);
            if (st == LQ_OK)
                saw_ok = 1;
            else {
                LQ_CHECK_STATUS(st, LQ_ENOMEM);
                LQ_CHECK(r == NULL);
            }
            lq_map_free(r);
        }
        LQ_CHECK(saw_ok);
    }
    mapfx_close(&f);
}

void test_map_plot(void) {
    mapfx f;
    if (mapfx_open(&f, "data/tdb/BiNd.tdb", 0, "BI", "ND", 400.0, 2400.0) == 0) {
        const double ex[2] = {0.0099, 0.0291}, eT[2] = {773.0, 873.0};
        lq_plot_phase_diagram_options o = {1, 1, NULL, NULL, NULL, 0, NULL};
        LQ_CHECK_STATUS(lq_plot_phase_diagram(f.map, f.sys, &o, "thermo_map_bind.png", NULL),
                        LQ_OK);
        o.mol_percent = 0;
        o.celsius = 0;
        o.exp_x = ex;
        o.exp_T = eT;
        o.n_exp = 2;
        LQ_CHECK_STATUS(lq_plot_phase_diagram(f.map, f.sys, &o, "thermo_map_bind.svg", NULL),
                        LQ_OK);
        struct stat st;
        LQ_CHECK(stat("thermo_map_bind.png", &st) == 0 && st.st_size > 20000);
        LQ_CHECK(stat("thermo_map_bind.svg", &st) == 0 && st.st_size > 5000);
    }
    mapfx_close(&f);
}
