/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cr-Ti-V isopleth x(V) = 0.1 against OpenCalphad's phase sets either side of its boundaries. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "lq_test.h"

void test_isopleth_crtiv_oc(void);
void test_isopleth_errors(void);
void test_sections_alloc_failures(void);

typedef struct side {
    double s, T;
    size_t n;
    size_t ph[8]; /* distinct phase indices, sorted */
} side;

/* Phase name of OpenCalphad without composition-set suffixes. */
static void base_name(char *s) {
    char *p = strstr(s, "_AUTO");
    if (p) *p = 0;
    p = strchr(s, '#');
    if (p) *p = 0;
}

static void add_phase(side *sd, size_t p) {
    for (size_t i = 0; i < sd->n; i++)
        if (sd->ph[i] == p) return;
    if (sd->n < 8) sd->ph[sd->n++] = p;
    for (size_t i = sd->n - 1; i > 0 && sd->ph[i] < sd->ph[i - 1]; i--) {
        size_t t = sd->ph[i];
        sd->ph[i] = sd->ph[i - 1];
        sd->ph[i - 1] = t;
    }
}

/* Reads oc_isopleth.csv into one `side` per (s, T). */
static size_t read_sides(const lq_system *sys, side *sd, size_t cap) {
    char path[1024], line[256], name[64];
    lq_test_source_path("tests/thermo_ternary/ref/oc_isopleth.csv", path, sizeof path);
    FILE *fp = fopen(path, "r");
    LQ_CHECK(fp != NULL);
    if (!fp) return 0;
    size_t n = 0;
    double s, T;
    while (fgets(line, sizeof line, fp)) {
        if (sscanf(line, "%lf,%lf,%63s", &s, &T, name) != 3) continue;
        base_name(name);
        size_t p = (size_t)-1;
        LQ_CHECK_STATUS(lq_system_phase_find(sys, name, &p), LQ_OK);
        if (n == 0 || fabs(sd[n - 1].s - s) > 1e-9 || fabs(sd[n - 1].T - T) > 1e-9) {
            if (n == cap) break;
            memset(&sd[n], 0, sizeof sd[n]);
            sd[n].s = s;
            sd[n].T = T;
            n++;
        }
        add_phase(&sd[n - 1], p);
    }
    fclose(fp);
    return n;
}

static int same_set(const side *sd, const size_t *ph, size_t n) {
    side t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < n; i++) add_phase(&t, ph[i]);
    if (t.n != sd->n) return 0;
    for (size_t i = 0; i < t.n; i++)
        if (t.ph[i] != sd->ph[i]) return 0;
    return 1;
}

/*
 * Boundary points against OpenCalphad 6.116 (ref/oc_isopleth_boundaries.csv, README.md): per
 * boundary, two OpenCalphad equilibria on the side where the phase is present, 0.05 and 0.10 K
 * (or 1e-4 and 2e-4 in x(Ti)) away; the zero of the line through the phase's two amounts is
 * OpenCalphad's boundary (second-order error < 1e-3 K). Rows where OpenCalphad did not converge
 * (nan) or whose amounts do not grow away from the boundary (0 < np1 < np2 fails: OpenCalphad's
 * Laves composition sets) are skipped; at least 12 must remain. Each must be a point of the
 * isopleth at the listed position (along T at that s, or along s at that T): T within 0.05 K,
 * x(Ti) = 0.9 s within 1e-4 (the tolerances; liquidus locates T to 1e-3 K and s to 1e-5,
 * and its gas constant is CODATA's, OpenCalphad's 8.31451).
 */
static void check_boundaries_oc(const lq_isopleth *iso) {
    char path[1024], line[512], along[8], phase[32];
    lq_test_source_path("tests/thermo_ternary/ref/oc_isopleth_boundaries.csv", path, sizeof path);
    FILE *fp = fopen(path, "r");
    LQ_CHECK(fp != NULL);
    if (!fp) return;
    size_t used = 0;
    double dT = 0.0, dx = 0.0;
    while (fgets(line, sizeof line, fp)) {
        double s, T, T1, x1, n1, T2, x2, n2;
        if (sscanf(line, "%lf,%lf,%7[^,],%31[^,],%lf,%lf,%lf,%lf,%lf,%lf", &s, &T, along, phase,
                   &T1, &x1, &n1, &T2, &x2, &n2) != 10)
            continue; /* header, comment, or an OpenCalphad failure (nan) */
        if (!(n1 > 0.0 && n2 > n1)) continue;
        int by_T = along[0] == 'T';
        const lq_isopleth_point *hit = NULL;
        for (size_t k = 0; k < iso->n_points && !hit; k++) {
            const lq_isopleth_point *p = &iso->points[k];
            if (p->along_T != by_T) continue;
            if (by_T ? fabs(p->s - s) < 1e-6 && fabs(p->T - T) < 1.0
                     : fabs(p->T - T) < 1e-6 && fabs(p->s - s) < 1e-3)
                hit = p;
        }
        LQ_CHECK(hit != NULL);
        if (!hit) continue;
        used++;
        if (by_T) {
            double Tb = T1 - n1 * (T2 - T1) / (n2 - n1);
            LQ_CHECK_CLOSE(hit->T, Tb, 0.0, 0.05);
            dT = fmax(dT, fabs(hit->T - Tb));
        } else {
            double xb = x1 - n1 * (x2 - x1) / (n2 - n1);
            LQ_CHECK_CLOSE(0.9 * hit->s, xb, 0.0, 1e-4);
            dx = fmax(dx, fabs(0.9 * hit->s - xb));
        }
    }
    fclose(fp);
    LQ_CHECK(used >= 12);
    printf(
        "Cr-Ti-V isopleth: %zu boundary points against OpenCalphad, largest difference %.2g K "
        "along T, %.2g in x(Ti) along s\n",
        used, dT, dx);
}

/*
 * OpenCalphad 6.116 (tests/thermo_ternary/ref/README.md) solved the equilibrium 0.05 K below and
 * above seven boundaries of the isopleth (liquidus, solidus, solvus of C15 and C36); each must be a
 * boundary of liquidus's isopleth between the same phase sets (distinct phases; OpenCalphad lists
 * duplicate composition sets of BCC) within those 0.05 K (plus tol_T = 1e-3 K of the bisection).
 */
void test_isopleth_crtiv_oc(void) {
    char path[1024];
    lq_test_source_path("tests/data/ternary/crtiv_ghosh.tdb", path, sizeof path);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_isopleth *iso = NULL;
    lq_diag d;
    const char *comps[3] = {"CR", "TI", "V"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db, comps, 3, NULL, 0, &sys, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, &d), LQ_OK);
    double x0[3] = {0.9, 0.0, 0.1}, x1[3] = {0.0, 0.9, 0.1};
    lq_isopleth_options o;
    lq_isopleth_options_default(&o);
    o.x0 = x0;
    o.x1 = x1;
    o.ncomp = 3;
    o.T_min = 1000.0;
    o.T_max = 2300.0;
    o.n_s = 20;
    o.n_T = 26;
    LQ_CHECK_STATUS(lq_isopleth_compute(ws, &o, &iso, &d), LQ_OK);
    side sd[32];
    size_t ns = sys ? read_sides(sys, sd, 32) : 0, matched = 0;
    LQ_CHECK(ns == 14);
    for (size_t i = 0; iso && i + 1 < ns; i += 2) {
        double Tref = 0.5 * (sd[i].T + sd[i + 1].T);
        int found = 0;
        for (size_t k = 0; k < iso->n_points && !found; k++) {
            const lq_isopleth_point *p = &iso->points[k];
            if (!p->along_T || fabs(p->s - sd[i].s) > 1e-9) continue;
            if (!same_set(&sd[i], p->phase_lo, p->n_lo) ||
                !same_set(&sd[i + 1], p->phase_hi, p->n_hi))
                continue;
            found = fabs(p->T - Tref) <= 0.05 + 1e-3;
        }
        LQ_CHECK(found);
        matched += (size_t)found;
    }
    if (iso)
        printf(
            "Cr-Ti-V isopleth x(V) = 0.1: %zu of %zu OpenCalphad brackets matched (0.05 K); "
            "%zu boundary points, %zu equilibria\n",
            matched, ns / 2, iso->n_points, iso->n_equilibria);
    if (iso) check_boundaries_oc(iso);
    lq_isopleth_free(iso);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

void test_isopleth_errors(void) {
    lq_isopleth_options o;
    lq_isopleth_options_default(&o);
    lq_isopleth *iso = NULL;
    LQ_CHECK_STATUS(lq_isopleth_compute(NULL, &o, &iso, NULL), LQ_EINVAL);
    LQ_CHECK(iso == NULL);
    lq_isopleth_free(NULL);
}

/* Every allocation failure inside the section and the isopleth returns LQ_ENOMEM, writes no result
 * and leaks nothing (checked under ASan); small grids keep the loop short. */
void test_sections_alloc_failures(void) {
    char path[1024];
    lq_test_source_path("tests/data/ternary/crtiv_ghosh.tdb", path, sizeof path);
    lq_db *db = NULL;
    lq_system *sys = NULL;
    lq_eq_ws *ws = NULL;
    lq_diag d;
    const char *comps[3] = {"CR", "TI", "V"};
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(db, comps, 3, NULL, 0, &sys, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, &d), LQ_OK);
    lq_ternary_section_options o;
    lq_ternary_section_options_default(&o);
    o.T = 800.0;
    o.grid_n = 6;
    int ok = 0, bad = 0;
    for (long n = 0; n < 5000 && !ok; n++) {
        lq_ternary_section *s = NULL;
        lqi_alloc_fail_after(n);
        lq_status st = lq_ternary_section_compute(ws, &o, &s, &d);
        lqi_alloc_fail_after(-1);
        ok = st == LQ_OK;
        bad += !ok && (st != LQ_ENOMEM || s != NULL);
        lq_ternary_section_free(s);
    }
    LQ_CHECK(ok);
    LQ_CHECK(bad == 0);
    double x0[3] = {0.9, 0.0, 0.1}, x1[3] = {0.0, 0.9, 0.1};
    lq_isopleth_options io;
    lq_isopleth_options_default(&io);
    io.x0 = x0;
    io.x1 = x1;
    io.ncomp = 3;
    io.n_s = 4;
    io.n_T = 4;
    ok = 0;
    for (long n = 0; n < 5000 && !ok; n++) {
        lq_isopleth *r = NULL;
        lqi_alloc_fail_after(n);
        lq_status st = lq_isopleth_compute(ws, &io, &r, &d);
        lqi_alloc_fail_after(-1);
        ok = st == LQ_OK;
        bad += !ok && (st != LQ_ENOMEM || r != NULL);
        lq_isopleth_free(r);
    }
    LQ_CHECK(ok);
    LQ_CHECK(bad == 0);
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}
