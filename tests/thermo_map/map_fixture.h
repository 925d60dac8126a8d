/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared fixture of the mapping tests: a binary system, its map, independent checks. */
#ifndef LQ_TEST_MAP_FIXTURE_H
#define LQ_TEST_MAP_FIXTURE_H

#include <stddef.h>

#include "liquidus/thermo.h"

typedef struct mapfx {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
    lq_map_result *map;
} mapfx;

/* Opens `file` (shared=1: under LQ_SHARED_DIR, else the source tree) and maps A-B over
 * [Tmin, Tmax]. Returns 0, or -1 after counting a failure. */
int mapfx_open(mapfx *f, const char *file, int shared, const char *a, const char *b, double Tmin,
               double Tmax);
/* Maps A-B of the database already in f->db (builds the system, workspace and map). */
int mapfx_map(mapfx *f, const char *a, const char *b, double Tmin, double Tmax);
void mapfx_close(mapfx *f);
/* Phase index by name (counts a failure when absent). */
size_t mapfx_phase(const mapfx *f, const char *name);
/* The invariant with these three phases (sorted by x as given), or NULL. */
const lq_map_invariant *mapfx_invariant(const mapfx *f, const char *p0, const char *p1,
                                        const char *p2);
/* The congruent point (kind 0) where `name` melts or transforms congruently, or NULL (counts a
 * failure when absent). */
const lq_map_point *mapfx_congruent(const mapfx *f, const char *name);
/* Independent check of an invariant: global equilibria at T - 0.01 K and T + 0.01 K at an
 * overall x between the middle phase and the outer phase farther from it show the middle phase
 * with that outer phase on the middle phase's side, and the two outer phases on the other. */
void mapfx_check_invariant(mapfx *f, const lq_map_invariant *v);
/* Set of stable phases at (T, x of B): fills up to 3 indices, returns the count (0 on error). */
size_t mapfx_phases_at(mapfx *f, double T, double xb, size_t *ph);

#endif
