/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS custom dumps (round trip, column orders, errors with file:line), thermo logs and CSV
 * series. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "lq_test.h"
#include "md_tools_test.h"

void test_dump_roundtrip(void) {
    lq_md_composition c;
    LQ_CHECK_STATUS(
        lq_md_composition_parse("Na:3 Cl:5 Mg:1 Mg0:1", LQ_MD_SIZE_AS_WRITTEN, 0, &c, NULL), LQ_OK);
    lq_md_build_options o = lq_md_build_options_default();
    o.density_g_cm3 = 0.5;
    lq_md_system s;
    LQ_CHECK_STATUS(lq_md_system_build(&c, &o, &s, NULL), LQ_OK);
    s.image[0] = 2; /* one atom two boxes away in x: written unwrapped */
    lq_lammps_dump_writer *w;
    LQ_CHECK_STATUS(lq_lammps_dump_writer_open("mdt_round.lammpstrj", &w, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_lammps_dump_writer_frame(w, 0, &s), LQ_OK);
    LQ_CHECK_STATUS(lq_lammps_dump_writer_frame(w, 100, &s), LQ_OK);
    LQ_CHECK_STATUS(lq_lammps_dump_writer_close(w, NULL), LQ_OK);
    lq_lammps_dump *d;
    LQ_CHECK_STATUS(lq_lammps_dump_open("mdt_round.lammpstrj", NULL, &d, NULL), LQ_OK);
    lq_md_frame f;
    memset(&f, 0, sizeof f);
    int frames = 0;
    lq_status st;
    while ((st = lq_lammps_dump_next(d, &f, NULL)) == LQ_OK) {
        frames++;
        LQ_CHECK(f.sys.n_atoms == 10 && f.sys.n_species == 4 && f.unwrapped && f.has_velocity);
        LQ_CHECK(strcmp(f.sys.species[3].name, "Mg0") == 0 && f.sys.species[3].charge_e == 0.0);
        LQ_CHECK(f.sys.species[2].mass_amu == 24.305 && f.sys.species[2].charge_e == 2.0);
        int same = 1;
        for (size_t i = 0; i < s.n_atoms; i++)
            for (size_t k = 0; k < 3; k++) {
                double want = s.pos_A[3 * i + k] + (k == 0 && i == 0 ? 2 * s.box_A[0] : 0.0);
                if (f.sys.pos_A[3 * i + k] != want) same = 0;
                if (f.sys.vel_A_per_ps[3 * i + k] != s.vel_A_per_ps[3 * i + k]) same = 0;
            }
        LQ_CHECK(same);
        LQ_CHECK(f.sys.box_A[1] == s.box_A[1]);
    }
    LQ_CHECK_STATUS(st, LQ_ENOTFOUND);
    LQ_CHECK(frames == 2 && f.timestep == 100);
    lq_lammps_dump_close(d);
    lq_md_frame_free(&f);
    lq_md_system_free(&s);
}

void test_dump_columns(void) {
    /* wrapped x y z with image flags, shuffled ids, columns in another order, a lower corner not
     * at the origin, names from the type list, an extra unknown column */
    const char *text =
        "ITEM: TIMESTEP\n5\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n"
        "-5 5\n-5 5\n0 10\nITEM: ATOMS x type c_pe y id z iz iy ix\n"
        "1.0 2 -3.2 2.0 3 3.0 0 0 1\n"
        "-4.0 1 -1.0 0.0 1 1.0 -1 0 0\n"
        "0.5 1 -2.0 0.5 2 9.5 0 0 0\n"
        "ITEM: TIMESTEP\n10\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n"
        "-5 5\n-5 5\n0 10\nITEM: ATOMS x type c_pe y id z iz iy ix\n"
        "1.0 2 -3.2 2.0 3 3.0 0 0 1\n"
        "-4.0 1 -1.0 0.0 1 1.0 -1 0 0\n"
        "0.5 1 -2.0 0.5 2 9.5 0 0 0\n";
    mdt_write_file("mdt_cols.lammpstrj", text);
    lq_lammps_dump *d;
    LQ_CHECK_STATUS(lq_lammps_dump_open("mdt_cols.lammpstrj", "Na,Cl", &d, NULL), LQ_OK);
    lq_md_frame f;
    memset(&f, 0, sizeof f);
    LQ_CHECK_STATUS(lq_lammps_dump_next(d, &f, NULL), LQ_OK);
    LQ_CHECK(f.timestep == 5 && f.unwrapped && !f.has_velocity && !f.has_charge);
    LQ_CHECK(f.sys.n_species == 2 && strcmp(f.sys.species[1].name, "Cl") == 0);
    LQ_CHECK(f.sys.species[0].mass_amu == 22.990); /* IUPAC 2021 abridged (core table) */
    /* id 1: x = -4 + 0, y = 0, z = 1 - 10 -> minus lower corner (-5, -5, 0) */
    LQ_CHECK(f.sys.id[0] == 1 && f.sys.type[0] == 0);
    LQ_CHECK_CLOSE(f.sys.pos_A[0], 1.0, 0, 1e-12);
    LQ_CHECK_CLOSE(f.sys.pos_A[1], 5.0, 0, 1e-12);
    LQ_CHECK_CLOSE(f.sys.pos_A[2], -9.0, 0, 1e-12);
    /* id 3: x = 1 + 10 (ix = 1) */
    LQ_CHECK(f.sys.id[2] == 3 && f.sys.type[2] == 1);
    LQ_CHECK_CLOSE(f.sys.pos_A[6], 16.0, 0, 1e-12);
    LQ_CHECK_STATUS(lq_lammps_dump_next(d, &f, NULL), LQ_OK);
    LQ_CHECK(f.timestep == 10);
    LQ_CHECK_STATUS(lq_lammps_dump_next(d, &f, NULL), LQ_ENOTFOUND);
    lq_lammps_dump_close(d);
    lq_md_frame_free(&f);
    /* whole trajectories: all frames, at most one, or from the second on */
    lq_md_trajectory t;
    LQ_CHECK_STATUS(lq_md_trajectory_read("mdt_cols.lammpstrj", "Na,Cl", 0, 1, 0, &t, NULL), LQ_OK);
    LQ_CHECK(t.n_frames == 2 && t.n_atoms == 3 && t.timestep[1] == 10 && t.unwrapped_by_reader);
    LQ_CHECK_CLOSE(t.pos_A[3 * 3 + 6], 16.0, 0, 1e-12);
    lq_md_trajectory_free(&t);
    LQ_CHECK_STATUS(lq_md_trajectory_read("mdt_cols.lammpstrj", "Na,Cl", 0, 1, 1, &t, NULL), LQ_OK);
    LQ_CHECK(t.n_frames == 1 && t.timestep[0] == 5);
    lq_md_trajectory_free(&t);
    LQ_CHECK_STATUS(lq_md_trajectory_read("mdt_cols.lammpstrj", "Na,Cl", 1, 1, 0, &t, NULL), LQ_OK);
    LQ_CHECK(t.n_frames == 1 && t.timestep[0] == 10);
    lq_md_trajectory_free(&t);
    LQ_CHECK_STATUS(lq_md_trajectory_read("mdt_cols.lammpstrj", "Na,Cl", 2, 1, 0, &t, NULL),
                    LQ_ENOTFOUND);
    /* scaled coordinates and elements without a type column */
    mdt_write_file(
        "mdt_scaled.lammpstrj",
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n"
        "0 10\n0 20\n0 10\nITEM: ATOMS element xs ys zs\nK 0.5 0.5 0.5\nCl 0.1 0.2 0.3\n");
    LQ_CHECK_STATUS(lq_lammps_dump_open("mdt_scaled.lammpstrj", NULL, &d, NULL), LQ_OK);
    memset(&f, 0, sizeof f);
    LQ_CHECK_STATUS(lq_lammps_dump_next(d, &f, NULL), LQ_OK);
    LQ_CHECK(!f.unwrapped && f.sys.n_species == 2 && strcmp(f.sys.species[0].name, "K") == 0);
    LQ_CHECK_CLOSE(f.sys.pos_A[4], 4.0, 0, 1e-12);
    lq_lammps_dump_close(d);
    lq_md_frame_free(&f);
    /* LAMMPS's default: atoms unsorted, in another order in each frame, elements only. The
     * species are numbered by first appearance in id order, so both frames agree. */
    mdt_write_file("mdt_unsorted.lammpstrj",
                   "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n"
                   "0 10\n0 10\n0 10\nITEM: ATOMS id element x y z\n3 Cl 3 3 3\n2 Cl 2 2 2\n"
                   "1 Na 1 1 1\n"
                   "ITEM: TIMESTEP\n10\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n"
                   "0 10\n0 10\n0 10\nITEM: ATOMS id element x y z\n1 Na 1.5 1 1\n3 Cl 3 3 3\n"
                   "2 Cl 2 2 2\n");
    LQ_CHECK_STATUS(lq_md_trajectory_read("mdt_unsorted.lammpstrj", NULL, 0, 1, 0, &t, NULL),
                    LQ_OK);
    LQ_CHECK(t.n_frames == 2);
    if (t.n_frames == 2) {
        LQ_CHECK(t.n_species == 2 && strcmp(t.species[0].name, "Na") == 0);
        LQ_CHECK(t.type[0] == 0 && t.type[1] == 1 && t.type[2] == 1);
        LQ_CHECK_CLOSE(t.pos_A[3 * 3 + 0], 1.5, 0, 1e-12); /* frame 2, atom id 1 */
    }
    lq_md_trajectory_free(&t);
}

static void expect_dump_error(const char *text, lq_status want, long line, const char *field) {
    mdt_write_file("mdt_bad.lammpstrj", text);
    lq_lammps_dump *d;
    lq_diag diag;
    memset(&diag, 0, sizeof diag);
    LQ_CHECK_STATUS(lq_lammps_dump_open("mdt_bad.lammpstrj", NULL, &d, NULL), LQ_OK);
    lq_md_frame f;
    memset(&f, 0, sizeof f);
    lq_status st;
    while ((st = lq_lammps_dump_next(d, &f, &diag)) == LQ_OK) {
    }
    LQ_CHECK_STATUS(st, want);
    LQ_CHECK(diag.line == line);
    LQ_CHECK(strcmp(diag.file, "mdt_bad.lammpstrj") == 0);
    if (field) LQ_CHECK(strcmp(diag.field, field) == 0);
    if (diag.line != line)
        fprintf(stderr, "  diag line %ld (%s), expected %ld\n", diag.line, diag.msg, line);
    lq_lammps_dump_close(d);
    lq_md_frame_free(&f);
}

void test_dump_errors(void) {
    const char *head =
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n"
        "0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "%s1 1 0 0 0\n", head); /* one atom row missing */
    expect_dump_error(buf, LQ_EPARSE, 11, "ATOMS");
    snprintf(buf, sizeof buf, "%s1 1 0 0 0\n2 1 0 abc 0\n", head);
    expect_dump_error(buf, LQ_EPARSE, 11, "y");
    snprintf(buf, sizeof buf, "%s1 1 0 0 0\n2 1 0 0\n", head);
    expect_dump_error(buf, LQ_EPARSE, 11, "ATOMS");
    snprintf(buf, sizeof buf, "%s1 1 0 0 0\n1 1 0 0 0\n", head);
    expect_dump_error(buf, LQ_EPARSE, 9, "id");
    expect_dump_error(
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\n"
        "ITEM: BOX BOUNDS xy xz yz pp pp pp\n0 10 0\n0 10 0\n0 10 0\n",
        LQ_EUNSUPPORTED, 5, "BOX BOUNDS");
    expect_dump_error("ITEM: TIMESTEP\nzero\n", LQ_EPARSE, 2, "TIMESTEP");
    expect_dump_error("hello\n", LQ_EPARSE, 1, "ITEM");
    expect_dump_error(
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n"
        "0 10\n5 1\n",
        LQ_EPARSE, 7, "BOX BOUNDS");
    expect_dump_error(
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n"
        "0 10\n0 10\n0 10\nITEM: ATOMS id type vx\n1 1 0\n",
        LQ_EPARSE, 9, "ATOMS");
    lq_lammps_dump *d;
    lq_diag diag;
    LQ_CHECK_STATUS(lq_lammps_dump_open("/nonexistent/x.lammpstrj", NULL, &d, &diag), LQ_EIO);
}

static const char *log_text =
    "LAMMPS (29 Sep 2021 - Update 2)\n"
    "units metal\n"
    "Step Temp PotEng TotEng Press \n"
    "       0         1100   -3000.5   -2858.3    120.5 \n"
    "      50    1093.2   -3001.5   -2859.3    -30.25 \n"
    "WARNING: Bond/angle/dihedral extent > half of periodic box length (src/domain.cpp:936)\n"
    "     100    1105.0   -3002.5   -2860.3    10 \n"
    "Loop time of 1.5 on 1 procs for 100 steps with 1000 atoms\n"
    "\n"
    "run 100\n"
    "Step Time Temp TotEng Density \n"
    "     100    0.2 1105.0   -2860.3  1.51 \n"
    "     150    0.3 1101.0   -2861.3  1.52 \n"
    "     200    0.4 1099.0   -2862.3  1.53 \n"
    "Loop time of 1.5 on 1 procs for 100 steps with 1000 atoms\n";

void test_log_read(void) {
    mdt_write_file("mdt_log.lammps", log_text);
    lq_lammps_log log;
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_log.lammps", &log, NULL), LQ_OK);
    LQ_CHECK(log.n_blocks == 2 && log.n_warnings == 1);
    LQ_CHECK(log.blocks[0].n_rows == 3 && log.blocks[0].n_cols == 5);
    LQ_CHECK(strcmp(log.blocks[1].names[4], "Density") == 0 && log.blocks[1].first_line == 11);
    LQ_CHECK(log.blocks[0].values[2 * 5 + 4] == 10.0);
    lq_lammps_log_free(&log);
    lq_md_series s;
    /* default: total energy of the last block */
    LQ_CHECK_STATUS(lq_md_series_read("mdt_log.lammps", NULL, 0, &s, NULL), LQ_OK);
    LQ_CHECK(s.n == 3 && s.value[2] == -2862.3 && strcmp(s.time_column, "Time") == 0);
    lq_md_series_free(&s);
    /* all blocks joined: the repeated step 100 is dropped */
    LQ_CHECK_STATUS(lq_md_series_read("mdt_log.lammps", "toteng", -1, &s, NULL), LQ_OK);
    LQ_CHECK(s.n == 5 && s.value[0] == -2858.3 && s.value[4] == -2862.3);
    lq_md_series_free(&s);
    LQ_CHECK_STATUS(lq_md_series_read("mdt_log.lammps", "Press", 1, &s, NULL), LQ_OK);
    LQ_CHECK(s.n == 3 && s.value[1] == -30.25);
    lq_md_series_free(&s);
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_series_read("mdt_log.lammps", "Press", 2, &s, &d), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_md_series_read("mdt_log.lammps", "Volume", 0, &s, &d), LQ_ENOTFOUND);
}

/* thermo_style multi as LAMMPS 20220106 (Debian) writes it, with fix print files of the same run
 * (a user title and the default one), and thermo_style yaml as the LAMMPS manual shows it. */
static const char *log_multi =
    "---------------- Step        0 ----- CPU =      0.0000 (sec) ----------------\n"
    "TotEng   =        -4.6334 KinEng   =         2.1400 Temp     =         1.4400 \n"
    "PotEng   =        -6.7734 E_bond   =         0.0000 E_angle  =         0.0000 \n"
    "E_dihed  =         0.0000 E_impro  =         0.0000 E_vdwl   =        -6.7734 \n"
    "E_coul   =         0.0000 E_long   =         0.0000 Press    =        -5.0309 \n"
    "---------------- Step       10 ----- CPU =      0.0006 (sec) ----------------\n"
    "TotEng   =        -4.6321 KinEng   =         1.6541 Temp     =         1.1131 \n"
    "PotEng   =        -6.2862 E_bond   =         0.0000 E_angle  =         0.0000 \n"
    "E_dihed  =         0.0000 E_impro  =         0.0000 E_vdwl   =        -6.2862 \n"
    "E_coul   =         0.0000 E_long   =         0.0000 Press    =        -2.5253 \n"
    "---------------- Step       20 ----- CPU =      0.0010 (sec) ----------------\n"
    "TotEng   =        -4.6388 KinEng   =         0.8751 Temp     =         0.5888 \n"
    "PotEng   =        -5.5138 E_bond   =         0.0000 E_angle  =         0.0000 \n"
    "E_dihed  =         0.0000 E_impro  =         0.0000 E_vdwl   =        -5.5138 \n"
    "E_coul   =         0.0000 E_long   =         0.0000 Press    =         1.0508 \n"
    "Loop time of 0.000995009 on 1 procs for 20 steps with 108 atoms\n"
    "\n"
    "---\n"
    "keywords: ['Step', 'Temp', 'E_pair', 'E_mol', 'TotEng', 'Press', ]\n"
    "data:\n"
    "  - [20, 0.5888, -5.5138, 0, -4.6388, 1.0508, ]\n"
    "  - [30, 0.757453103239935, -5.7585054860159, 0, -4.62236133677021, 0.207261053624721, ]\n"
    "...\n"
    "Loop time of 0.001 on 1 procs for 10 steps with 108 atoms\n";

void test_log_styles(void) {
    mdt_write_file("mdt_multi.lammps", log_multi);
    lq_lammps_log log;
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_multi.lammps", &log, NULL), LQ_OK);
    LQ_CHECK(log.n_blocks == 2);
    if (log.n_blocks == 2) {
        const lq_lammps_thermo_block *m = &log.blocks[0], *y = &log.blocks[1];
        LQ_CHECK(m->n_rows == 3 && m->n_cols == 2 + 12 && m->first_line == 1);
        LQ_CHECK(strcmp(m->names[0], "Step") == 0 && strcmp(m->names[1], "CPU") == 0 &&
                 strcmp(m->names[2], "TotEng") == 0 && strcmp(m->names[13], "Press") == 0);
        LQ_CHECK(m->values[2 * 14 + 0] == 20 && m->values[2 * 14 + 1] == 0.0010 &&
                 m->values[2 * 14 + 13] == 1.0508);
        LQ_CHECK(y->n_rows == 2 && y->n_cols == 6 && strcmp(y->names[4], "TotEng") == 0);
        LQ_CHECK(y->values[6 + 4] == -4.62236133677021 && y->values[6] == 30);
    }
    lq_lammps_log_free(&log);
    lq_md_series s;
    LQ_CHECK_STATUS(lq_md_series_read("mdt_multi.lammps", NULL, -1, &s, NULL), LQ_OK);
    LQ_CHECK(s.n == 4 && s.value[0] == -4.6334 && s.value[3] == -4.62236133677021);
    lq_md_series_free(&s);
    /* a multi record cut off at the end of the file is dropped */
    char cut[2048];
    const char *second = strstr(strstr(log_multi, "PotEng") + 1, "PotEng");
    snprintf(cut, sizeof cut, "%.*s", (int)(second - log_multi), log_multi);
    mdt_write_file("mdt_multi.lammps", cut);
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_multi.lammps", &log, NULL), LQ_OK);
    LQ_CHECK(log.n_blocks == 1 && log.blocks[0].n_rows == 1);
    lq_lammps_log_free(&log);

    mdt_write_file("mdt_print.txt",
                   "# step pe ke\n0 -6.773368 2.140000\n10 -6.286187 1.654118\n"
                   "20 -5.513848 0.875081\n");
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_series_read("mdt_print.txt", "pe", 0, &s, &d), LQ_OK);
    LQ_CHECK(s.n == 3 && s.value[2] == -5.513848 && s.time[1] == 10 &&
             strcmp(s.time_column, "step") == 0);
    lq_md_series_free(&s);
    mdt_write_file("mdt_print.txt",
                   "# Fix print output for fix q\n0 -6.773368\n10 -6.286187\n"
                   "20 -5.513848\n");
    LQ_CHECK_STATUS(lq_md_series_read("mdt_print.txt", "col2", 0, &s, &d), LQ_OK);
    LQ_CHECK(s.n == 3 && s.value[1] == -6.286187);
    lq_md_series_free(&s);
    LQ_CHECK_STATUS(lq_md_series_read("mdt_print.txt", NULL, 0, &s, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "col1") != NULL);
    mdt_write_file("mdt_print.txt", "# step pe\n0 -6.7\n10 x\n");
    LQ_CHECK_STATUS(lq_md_series_read("mdt_print.txt", "pe", 0, &s, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 3);
}

void test_log_errors(void) {
    lq_lammps_log log;
    lq_diag d;
    mdt_write_file("mdt_badlog.lammps",
                   "LAMMPS (x)\nStep Temp TotEng\n0 1100 -5\n10 1100\n20 1100 -6\n");
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_badlog.lammps", &log, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 4 && strcmp(d.file, "mdt_badlog.lammps") == 0);
    mdt_write_file("mdt_badlog.lammps", "Step Temp TotEng\n0 1100 -5\n10 1100 x5\n");
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_badlog.lammps", &log, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 3 && strcmp(d.field, "TotEng") == 0);
    /* a run cut off in the middle of the last row keeps its complete rows */
    mdt_write_file("mdt_badlog.lammps", "Step Temp TotEng\n0 1100 -5\n10 1100 -6\n20 11");
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_badlog.lammps", &log, &d), LQ_OK);
    LQ_CHECK(log.n_blocks == 1 && log.blocks[0].n_rows == 2);
    lq_lammps_log_free(&log);
    mdt_write_file("mdt_badlog.lammps", "nothing here\n");
    LQ_CHECK_STATUS(lq_lammps_log_read("mdt_badlog.lammps", &log, &d), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_lammps_log_read("/nonexistent/log", &log, &d), LQ_EIO);
}

void test_series_csv(void) {
    mdt_write_file("mdt_series.csv",
                   "# liquidus md thermo, energies in eV\nstep,time_ps,T_K,E_total_eV\n"
                   "0,0,1000,-10.5\n10,0.01,1001,-10.25\n20,0.02,999,-10.0\n");
    lq_md_series s;
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_series_read("mdt_series.csv", NULL, 0, &s, NULL), LQ_OK);
    LQ_CHECK(s.n == 3 && s.value[1] == -10.25 && strcmp(s.column, "E_total_eV") == 0);
    LQ_CHECK(s.time[2] == 0.02 && strcmp(s.time_column, "time_ps") == 0);
    lq_md_series_free(&s);
    LQ_CHECK_STATUS(lq_md_series_read("mdt_series.csv", "T_K", 0, &s, NULL), LQ_OK);
    LQ_CHECK(s.value[2] == 999.0);
    lq_md_series_free(&s);
    mdt_write_file("mdt_series.csv", "a,E_total_eV\n1,2\n3\n");
    LQ_CHECK_STATUS(lq_md_series_read("mdt_series.csv", NULL, 0, &s, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 3);
    mdt_write_file("mdt_series.csv", "a,E_total_eV\n1,zz\n");
    LQ_CHECK_STATUS(lq_md_series_read("mdt_series.csv", NULL, 0, &s, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 2 && strcmp(d.field, "E_total_eV") == 0);
    mdt_write_file("mdt_series.csv", "a,b\n1,2\n");
    LQ_CHECK_STATUS(lq_md_series_read("mdt_series.csv", NULL, 0, &s, &d), LQ_ENOTFOUND);
}

/* Allocation failures at every point of the allocating functions give LQ_ENOMEM (or LQ_OK once the
 * budget suffices) and leak nothing (checked under ASan). */
void test_alloc_failures(void) {
    lq_md_composition c;
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl", LQ_MD_SIZE_IONS, 64, &c, NULL), LQ_OK);
    lq_md_build_options o = lq_md_build_options_default();
    o.density_g_cm3 = 1.5;
    mdt_write_file("mdt_alloc.log", log_text);
    int all_ok = 1;
    for (long k = 0; k < 40; k++) {
        lqi_alloc_fail_after(k);
        lq_md_system s;
        lq_status st = lq_md_system_build(&c, &o, &s, NULL);
        if (st == LQ_OK) lq_md_system_free(&s);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
        lq_lammps_log log;
        st = lq_lammps_log_read("mdt_alloc.log", &log, NULL);
        if (st == LQ_OK) lq_lammps_log_free(&log);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
        lq_md_series ser;
        st = lq_md_series_read("mdt_alloc.log", NULL, -1, &ser, NULL);
        if (st == LQ_OK) lq_md_series_free(&ser);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
        lq_md_trajectory t;
        st = lq_md_trajectory_read("mdt_cols.lammpstrj", "Na,Cl", 0, 1, 0, &t, NULL);
        if (st == LQ_OK) lq_md_trajectory_free(&t);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
        lq_md_rdf *rdf;
        st = lq_md_rdf_create(2, 5.0, 10, &rdf);
        if (st == LQ_OK) lq_md_rdf_free(rdf);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
        double x[64];
        for (int i = 0; i < 64; i++) x[i] = (double)(i % 7);
        lq_md_histogram h;
        st = lq_md_histogram_gauss(x, 64, 0, &h);
        if (st == LQ_OK) lq_md_histogram_free(&h);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
        lq_md_block_result b;
        st = lq_md_block_average(x, 64, &b);
        all_ok &= st == LQ_OK || st == LQ_ENOMEM;
    }
    lqi_alloc_fail_after(-1);
    LQ_CHECK(all_ok);
}
