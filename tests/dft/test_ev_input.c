/* SPDX-License-Identifier: GPL-3.0-or-later */
/* E-V points for equation-of-state fits: CSV forms, VASP run folders, per-atom scaling, errors. */
#include <math.h>

#include "core/core_internal.h"
#include "dft_test.h"
#include "liquidus/dft.h"

static void csv_forms(void) {
    /* the same points with a named header in other column order, and without a header */
    const char *a = "# E-V\nenergy_eV;volume_A3\n-1.0 10\n-1.5\t12\n\n-1.2,14\r\n";
    const char *b = "10,-1.0\n12,-1.5\n14,-1.2\n";
    lq_ev_points pa, pb;
    LQ_CHECK_STATUS(lq_ev_points_read_csv_buffer(a, strlen(a), "a.csv", &pa, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_ev_points_read_csv_buffer(b, strlen(b), "b.csv", &pb, NULL), LQ_OK);
    LQ_CHECK(pa.n == 3 && pb.n == 3 && pa.n_atoms == 0);
    for (size_t k = 0; k < 3 && pa.n == 3 && pb.n == 3; k++) {
        LQ_CHECK(pa.v_A3[k] == pb.v_A3[k]); /* exact: the same decimal strings */
        LQ_CHECK(pa.e_eV[k] == pb.e_eV[k]);
    }
    LQ_CHECK_STATUS(lq_ev_points_per_atom_convert(&pa, 2), LQ_OK);
    LQ_CHECK(pa.v_A3[1] == 6.0 && pa.e_eV[1] == -0.75 && pa.n_atoms == 1);
    LQ_CHECK_STATUS(lq_ev_points_per_atom_convert(&pa, 0), LQ_EINVAL);
    lq_ev_points_free(&pa);
    lq_ev_points_free(&pb);
    lq_ev_points_free(NULL);
    /* an empty file is zero points (the fit then says how many it needs) */
    lq_ev_points pe;
    LQ_CHECK_STATUS(lq_ev_points_read_csv_buffer("", 0, "e.csv", &pe, NULL), LQ_OK);
    LQ_CHECK(pe.n == 0 && pe.v_A3 != NULL);
    lq_ev_points_free(&pe);
}

static void errors(void) {
    const char *bad = "V,E\n10,-1\nx,3\n";
    lq_ev_points p;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_ev_points_read_csv_buffer(bad, strlen(bad), "bad.csv", &p, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 3 && strcmp(d.file, "bad.csv") == 0);
    const char *inf = "10,inf\n";
    LQ_CHECK_STATUS(lq_ev_points_read_csv_buffer(inf, strlen(inf), "i.csv", &p, NULL), LQ_EPARSE);
    LQ_CHECK_STATUS(lq_ev_points_read("/nonexistent/ev.csv", NULL, &p, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_ev_points_read(NULL, NULL, &p, NULL), LQ_EINVAL);
    const char *good = "10,-1\n12,-1.5\n";
    int saw_ok = 0;
    for (long n = 0; n < 20 && !saw_ok; n++) {
        lqi_alloc_fail_after(n);
        lq_status st = lq_ev_points_read_csv_buffer(good, strlen(good), "g.csv", &p, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            saw_ok = 1;
            lq_ev_points_free(&p);
        } else {
            LQ_CHECK_STATUS(st, LQ_ENOMEM);
        }
    }
    LQ_CHECK(saw_ok);
}

static int progress_calls;
static void count(void *user, const char *dir, double v, double e) {
    (void)user, (void)dir, (void)v, (void)e;
    progress_calls++;
}

static void vasp_folder(void) {
    char dir[1024];
    dft_data("vasp_ev", dir, sizeof dir);
    lq_ev_read_options o = lq_ev_read_options_default();
    o.progress = count;
    lq_ev_points s, t;
    progress_calls = 0;
    LQ_CHECK_STATUS(lq_ev_points_read(dir, &o, &s, NULL), LQ_OK);
    LQ_CHECK(s.n >= 4 && s.n_atoms > 0 && progress_calls == (int)s.n);
    /* the run folders come in name order, each with its own vasp reader result */
    char run[1100];
    snprintf(run, sizeof run, "%s/run_01", dir);
    lq_vasp_run r;
    LQ_CHECK_STATUS(lq_vasp_read_dir(run, &r, NULL), LQ_OK);
    LQ_CHECK(s.n > 0 && s.v_A3[0] == r.volume_A3 && s.e_eV[0] == r.energy_eV);
    o.energy = LQ_VASP_ENERGY_TOTEN;
    o.progress = NULL;
    LQ_CHECK_STATUS(lq_ev_points_read(dir, &o, &t, NULL), LQ_OK);
    LQ_CHECK(t.n == s.n && t.n > 0 && t.e_eV[0] == r.free_energy_eV);
    lq_ev_points_free(&s);
    lq_ev_points_free(&t);
}

void test_dft_ev_input(void) {
    csv_forms();
    errors();
    vasp_folder();
}
