/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the md_engine tests: test systems, scratch paths, running LAMMPS. */
#ifndef LQ_MD_TEST_UTIL_H
#define LQ_MD_TEST_UTIL_H

#include <stddef.h>

#include "liquidus/md.h"

/** Rock-salt NaCl of n_cells^3 conventional cells (8 n^3 ions), lattice a, every coordinate
 * displaced by a deterministic pseudo-random amount in [-jitter, jitter] A. Species from the
 * Tosi–Fumi potential (names Na, Cl). */
int mdt_make_nacl(lq_md_system *sys, int n_cells, double a_A, double jitter_A, unsigned seed);
/** Reads data/md/<name> from the source tree into pot (counts a failure on error). */
int mdt_load_potential(const char *name, lq_md_potential *pot);
/** Scratch file path "<tmpdir>/<name>" in a per-process folder. */
const char *mdt_path(const char *name, char *buf, size_t size);
/** Path of the LAMMPS binary, or NULL after printing why (and counting a failure). */
const char *mdt_lammps(void);
/** Runs "cd dir && lmp -in in.lmp -log log.lammps -screen none"; 0 on success. */
int mdt_run_lammps(const char *input_name);
/** Reads "id fx fy fz" rows (sorted by id) from a LAMMPS dump written by write_dump. */
int mdt_read_dump_forces(const char *path, size_t n, double *f);

#endif
