/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixture of the mapping tests. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lq_test.h"
#include "map_fixture.h"

int mapfx_open(mapfx *f, const char *file, int shared, const char *a, const char *b, double Tmin,
               double Tmax) {
    memset(f, 0, sizeof *f);
    char path[1024];
    if (shared) {
        if (lq_test_shared_path(file, path, sizeof path) != 0) return -1;
    } else {
        lq_test_source_path(file, path, sizeof path);
    }
    lq_diag d;
    LQ_CHECK_STATUS(lq_db_read_file(path, &f->db, &d), LQ_OK);
    return mapfx_map(f, a, b, Tmin, Tmax);
}

int mapfx_map(mapfx *f, const char *a, const char *b, double Tmin, double Tmax) {
    if (!f->db) return -1;
    const char *comps[2] = {a, b};
    lq_diag d;
    LQ_CHECK_STATUS(lq_system_create(f->db, comps, 2, NULL, 0, &f->sys, &d), LQ_OK);
    if (!f->sys) return -1;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(f->sys, NULL, &f->ws, &d), LQ_OK);
    if (!f->ws) return -1;
    LQ_CHECK_STATUS(lq_eq_result_alloc(f->ws, &f->res), LQ_OK);
    lq_map_options o;
    lq_map_options_default(&o);
    o.T_min = Tmin;
    o.T_max = Tmax;
    LQ_CHECK_STATUS(lq_map_compute(f->ws, &o, &f->map, &d), LQ_OK);
    if (!f->map) return -1;
    /* every event of these systems is resolved */
    LQ_CHECK(f->map->n_warnings == 0);
    return f->res ? 0 : -1;
}

void mapfx_close(mapfx *f) {
    lq_map_free(f->map);
    lq_eq_result_free(f->res);
    lq_eq_ws_free(f->ws);
    lq_system_free(f->sys);
    lq_db_free(f->db);
}

size_t mapfx_phase(const mapfx *f, const char *name) {
    size_t p = (size_t)-1;
    LQ_CHECK_STATUS(lq_system_phase_find(f->sys, name, &p), LQ_OK);
    return p;
}

const lq_map_invariant *mapfx_invariant(const mapfx *f, const char *p0, const char *p1,
                                        const char *p2) {
    size_t a = mapfx_phase(f, p0), b = mapfx_phase(f, p1), c = mapfx_phase(f, p2);
    for (size_t i = 0; i < f->map->n_invariants; i++) {
        const lq_map_invariant *v = &f->map->invariants[i];
        if (v->phase[0] == a && v->phase[1] == b && v->phase[2] == c) return v;
    }
    fprintf(stderr, "  no invariant %s + %s + %s\n", p0, p1, p2);
    LQ_CHECK(0);
    return NULL;
}

const lq_map_point *mapfx_congruent(const mapfx *f, const char *name) {
    size_t p = mapfx_phase(f, name);
    for (size_t i = 0; i < f->map->n_points; i++)
        if (f->map->points[i].kind == 0 && f->map->points[i].phase[1] == p)
            return &f->map->points[i];
    fprintf(stderr, "  no congruent point of %s\n", name);
    LQ_CHECK(0);
    return NULL;
}

size_t mapfx_phases_at(mapfx *f, double T, double xb, size_t *ph) {
    double x[2] = {1.0 - xb, xb};
    lq_status st = lq_eq_solve(f->ws, T, x, 2, f->res, NULL);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return 0;
    size_t n = f->res->n_phases < 3 ? f->res->n_phases : 3;
    for (size_t k = 0; k < n; k++) ph[k] = f->res->phases[k].phase;
    return n;
}

static int same_set(const size_t *a, size_t na, size_t p, size_t q) {
    if (na != 2) return 0;
    return (a[0] == p && a[1] == q) || (a[0] == q && a[1] == p);
}

void mapfx_check_invariant(mapfx *f, const lq_map_invariant *v) {
    if (!v) return;
    /* T converged: two solves from different starts agree to 1e-4 K */
    LQ_CHECK(v->T_spread < 1e-4);
    size_t far = fabs(v->x[2] - v->x[1]) > fabs(v->x[0] - v->x[1]) ? 2 : 0;
    double x0 = 0.5 * (v->x[1] + v->x[far]);
    size_t ph[3];
    double Tm = v->middle_above ? v->T + 0.01 : v->T - 0.01;
    double To = v->middle_above ? v->T - 0.01 : v->T + 0.01;
    size_t n = mapfx_phases_at(f, Tm, x0, ph);
    int ok1 = same_set(ph, n, v->phase[1], v->phase[far]);
    n = mapfx_phases_at(f, To, x0, ph);
    int ok2 = same_set(ph, n, v->phase[0], v->phase[2]);
    if (!ok1 || !ok2) fprintf(stderr, "  invariant at %.6f K fails the T +- 0.01 K check\n", v->T);
    LQ_CHECK(ok1);
    LQ_CHECK(ok2);
}
