/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Structures: POSCAR/CIF reading (symmetry expansion, scale factors), malformed files, the
 * CIF -> POSCAR -> CIF round trip, truncation robustness, species substitution. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft_test.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

/* Periodic distance between fractional positions (largest component). */
static double fdist(const double a[3], const double b[3]) {
    double m = 0.0;
    for (int k = 0; k < 3; k++) {
        double d = a[k] - b[k];
        d -= floor(d + 0.5);
        m = fmax(m, fabs(d));
    }
    return m;
}

/* Every site of a has a site of b with the same element within tol (and counts agree). */
static int same_sites(const lq_structure *a, const lq_structure *b, double tol) {
    if (a->n_sites != b->n_sites) return 0;
    for (size_t i = 0; i < a->n_sites; i++) {
        int found = 0;
        for (size_t j = 0; j < b->n_sites && !found; j++)
            found = a->z[i] == b->z[j] && fdist(a->frac[i], b->frac[j]) < tol &&
                    fabs(a->occupancy[i] - b->occupancy[j]) < 1e-9;
        if (!found) return 0;
    }
    return 1;
}

static void read_good(void) {
    char path[512];
    lq_structure *s = NULL, *t = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_structure_read(dft_data("NaCl_B1.POSCAR", path, sizeof path), &s, &d),
                    LQ_OK);
    if (!s) return;
    LQ_CHECK(s->n_sites == 8 && s->z[0] == 11 && s->z[7] == 17);
    LQ_CHECK_CLOSE(lq_structure_volume_A3(s), 5.6402 * 5.6402 * 5.6402, 1e-12, 0);
    /* Same crystal given by volume (negative scale), Cartesian, selective dynamics, "Na_pv". */
    LQ_CHECK_STATUS(lq_structure_read(dft_data("NaCl_volume_cart.vasp", path, sizeof path), &t, &d),
                    LQ_OK);
    if (t) {
        LQ_CHECK_CLOSE(t->lattice_A[0][0], 5.6402, 1e-12, 0);
        LQ_CHECK_CLOSE(t->lattice_A[1][1], 5.6402, 1e-12, 0);
        LQ_CHECK(same_sites(s, t, 1e-12));
    }
    lq_structure_free(t);
    lq_structure_free(s);

    /* CIF with 36 operations (R-3m, hexagonal axes): Bi on 6c gives 6 atoms. */
    LQ_CHECK_STATUS(lq_structure_read(dft_data("Bi_A7.cif", path, sizeof path), &s, &d), LQ_OK);
    if (s) {
        LQ_CHECK(s->n_sites == 6);
        double abc[3], ang[3];
        lq_lattice_parameters((const double(*)[3])s->lattice_A, abc, ang);
        LQ_CHECK_CLOSE(abc[0], 4.5460, 1e-12, 0);
        LQ_CHECK_CLOSE(abc[2], 11.8622, 1e-12, 0);
        LQ_CHECK_CLOSE(ang[2], 120.0, 1e-10, 0);
        LQ_CHECK(strcmp(s->title, "Bi_A7") == 0);
        double z0[3] = {0, 0, 0.2339}, found = 0;
        for (size_t i = 0; i < s->n_sites; i++) found += fdist(s->frac[i], z0) < 1e-12;
        LQ_CHECK(found == 1);
    }
    lq_structure_free(s);
    /* 192 operations of Fm-3m, type symbols with charges "Nd3+". */
    LQ_CHECK_STATUS(lq_structure_read(dft_data("NdBi_B1.cif", path, sizeof path), &s, &d), LQ_OK);
    if (s) {
        LQ_CHECK(s->n_sites == 8);
        size_t nz[2] = {0, 0};
        for (size_t i = 0; i < s->n_sites; i++) nz[s->z[i] == 60 ? 0 : 1]++;
        LQ_CHECK(nz[0] == 4 && nz[1] == 4);
    }
    lq_structure_free(s);
    /* hcp with 0.33333/0.66667: images 1e-5 apart merge. */
    LQ_CHECK_STATUS(lq_structure_read(dft_data("Mg_hcp.cif", path, sizeof path), &s, &d), LQ_OK);
    if (s) LQ_CHECK(s->n_sites == 2);
    lq_structure_free(s);
}

static void round_trip(void) {
    char path[512];
    const char *names[3] = {"Bi_A7.cif", "Mg_hcp.cif", "NdBi_B1.cif"};
    for (int f = 0; f < 3; f++) {
        lq_structure *a = NULL, *b = NULL, *c = NULL;
        LQ_CHECK_STATUS(lq_structure_read(dft_data(names[f], path, sizeof path), &a, NULL), LQ_OK);
        if (!a) continue;
        LQ_CHECK_STATUS(lq_structure_write(a, "POSCAR_dft_rt", NULL), LQ_OK);
        LQ_CHECK_STATUS(lq_structure_read("POSCAR_dft_rt", &b, NULL), LQ_OK);
        if (b) {
            LQ_CHECK_STATUS(lq_structure_write(b, "dft_rt.cif", NULL), LQ_OK);
            LQ_CHECK_STATUS(lq_structure_read("dft_rt.cif", &c, NULL), LQ_OK);
        }
        if (b && c) {
            /* %.16f POSCAR and %.10f/%.12f CIF keep positions to 1e-10 and cells to 1e-9. */
            LQ_CHECK(same_sites(a, b, 1e-12));
            LQ_CHECK(same_sites(a, c, 1e-10));
            double p1[3], q1[3], p2[3], q2[3];
            lq_lattice_parameters((const double(*)[3])a->lattice_A, p1, q1);
            lq_lattice_parameters((const double(*)[3])c->lattice_A, p2, q2);
            for (int k = 0; k < 3; k++) {
                LQ_CHECK_CLOSE(p2[k], p1[k], 1e-9, 0);
                LQ_CHECK_CLOSE(q2[k], q1[k], 1e-9, 0);
            }
        }
        lq_structure_free(a);
        lq_structure_free(b);
        lq_structure_free(c);
    }
    remove("POSCAR_dft_rt");
    remove("dft_rt.cif");
}

typedef struct {
    const char *file;
    lq_status st;
    long line;
    const char *field;
} bad_case;

static void malformed(void) {
    const bad_case cases[] = {
        {"bad/POSCAR_badcount", LQ_EPARSE, 7, "counts"},
        {"bad/POSCAR_lattice", LQ_EPARSE, 4, "lattice vector"},
        {"bad/POSCAR_truncated", LQ_EPARSE, 10, "atom position"},
        {"bad/POSCAR_species", LQ_EPARSE, 6, "species"},
        {"bad/POSCAR_mode", LQ_EPARSE, 8, "coordinates"},
        {"bad/bad_loop.cif", LQ_EPARSE, 9, "loop_"},
        {"bad/missing_cell.cif", LQ_EPARSE, 0, "_cell_length_c"},
        {"bad/bad_symop.cif", LQ_EPARSE, 11, "symmetry operation"},
        {"bad/bad_number.cif", LQ_EPARSE, 2, "_cell_length_a"},
        {"bad/sg_only.cif", LQ_EUNSUPPORTED, 8, "_symmetry_space_group_name_H-M"},
        {"bad/unterminated.cif", LQ_EPARSE, 2, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512], buf[1024];
        lq_structure *s = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_structure_read(dft_data(cases[i].file, path, sizeof path), &s, &d);
        LQ_CHECK_STATUS(st, cases[i].st);
        LQ_CHECK(s == NULL);
        int ok = d.line == cases[i].line && strcmp(d.field, cases[i].field) == 0 &&
                 strstr(d.file, cases[i].file) != NULL;
        if (!ok)
            fprintf(stderr, "  %s -> %s\n", cases[i].file, lq_diag_format(&d, buf, sizeof buf));
        LQ_CHECK(ok);
        lq_structure_free(s);
    }
}

/* Every prefix of a valid file is parsed without a crash or leak (ASan checks in CI). */
static void truncations(void) {
    const char *files[2] = {"Bi_A7.cif", "NaCl_volume_cart.vasp"};
    for (int f = 0; f < 2; f++) {
        char path[512];
        char *text = NULL;
        size_t n = 0;
        LQ_CHECK_STATUS(lq_file_read_all(dft_data(files[f], path, sizeof path), &text, &n, NULL),
                        LQ_OK);
        if (!text) continue;
        size_t ok = 0, failed = 0;
        for (size_t cut = 0; cut <= n; cut += (f == 0 ? 3 : 1)) {
            char saved = text[cut];
            text[cut] = '\0';
            lq_structure *s = NULL;
            lq_status st = f == 0 ? lq_structure_parse_cif(text, "cut", &s, NULL)
                                  : lq_structure_parse_poscar(text, "cut", &s, NULL);
            if (st == LQ_OK)
                ok++;
            else
                failed++;
            lq_structure_free(s);
            text[cut] = saved;
        }
        LQ_CHECK(ok >= 1 && failed >= 10);
        lq_free(text);
    }
}

static void errors(void) {
    char path[512];
    lq_structure *s = NULL;
    LQ_CHECK_STATUS(lq_structure_read("/nonexistent/POSCAR", &s, NULL), LQ_EIO);
    LQ_CHECK_STATUS(lq_structure_read("structure.xyz", &s, NULL), LQ_EUNSUPPORTED);
    LQ_CHECK_STATUS(lq_structure_read(NULL, &s, NULL), LQ_EINVAL);
    for (long k = 0; k < 12; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_structure_read(dft_data("Bi_A7.cif", path, sizeof path), &s, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_ENOMEM || st == LQ_OK);
        lq_structure_free(s);
        s = NULL;
    }
    LQ_CHECK(lq_element_z("Nd3+") == 60 && lq_element_z("Bi") == 83 && lq_element_z("N") == 7);
    LQ_CHECK(lq_element_z("Xx") == 0 && lq_element_z("") == 0 && lq_element_z("nd") == 0);
    LQ_CHECK(lq_element_symbol(0) == NULL && strcmp(lq_element_symbol(118), "Og") == 0);
    double abc[3] = {1, 1, 1}, ang[3] = {90, 90, 200}, lat[3][3];
    LQ_CHECK_STATUS(lq_lattice_from_parameters(abc, ang, lat), LQ_EINVAL);
    double ang2[3] = {10, 10, 120};
    LQ_CHECK_STATUS(lq_lattice_from_parameters(abc, ang2, lat), LQ_EINVAL);
}

/* CIF shapes other databases write (issue "Reliability"): COD's capital type symbols, ICSD's
 * oxidation states and '.' for unknown values, several data blocks (a publication block first). */
static void cif_dialects(void) {
    const char *cod =
        "data_1\n_cell_length_a 4.123\n_cell_length_b 4.123\n_cell_length_c 4.123\n"
        "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
        "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
        "_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n"
        "_atom_site_B_iso_or_equiv\n"
        "CS1 'CS' 0 0 0 1.0 .\nCL1 'CL' 0.5 0.5 0.5 . ?\n";
    lq_structure *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_structure_parse_cif(cod, "cod.cif", &s, &d), LQ_OK);
    if (s) {
        LQ_CHECK(s->n_sites == 2 && s->z[0] == 55 && s->z[1] == 17);
        LQ_CHECK(s->occupancy[1] == 1.0 && !d.warning);
    }
    lq_structure_free(s);
    s = NULL;
    /* Oxidation states on type symbols; a label that is not a symbol ('OW1' -> O). */
    const char *icsd =
        "data_global\n_journal_name_full 'Z. Kristallogr.'\n"
        "data_55555-ICSD\n_cell_length_a 6.47\n_cell_length_b 6.47\n"
        "_cell_length_c 6.47\n_cell_angle_alpha 90.\n_cell_angle_beta 90.\n"
        "_cell_angle_gamma 90.\nloop_\n_atom_site_label\n"
        "_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n"
        "_atom_site_fract_z\n_atom_site_occupancy\n"
        "Nd1 Nd3+ 0 0 0 1.\nBi1 Bi3- 0.5 0.5 0.5 1.\nOW1 . 0.25 0.25 0.25 .\n"
        "data_second\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n"
        "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
        "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n"
        "_atom_site_fract_z\nFe1 0 0 0\n";
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_structure_parse_cif(icsd, "icsd.cif", &s, &d), LQ_OK);
    if (s) {
        LQ_CHECK(s->n_sites == 3 && s->z[0] == 60 && s->z[1] == 83 && s->z[2] == 8);
        LQ_CHECK(strcmp(s->title, "55555-ICSD") == 0);
        /* Two blocks hold structures: the first is read and the other is named in a warning. */
        LQ_CHECK(d.warning && strstr(d.msg, "'second'") != NULL);
    }
    lq_structure_free(s);
    s = NULL;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_structure_parse_cif_block(icsd, "icsd.cif", "SECOND", &s, &d), LQ_OK);
    if (s) LQ_CHECK(s->n_sites == 1 && s->z[0] == 26 && !d.warning);
    lq_structure_free(s);
    s = NULL;
    LQ_CHECK_STATUS(lq_structure_parse_cif_block(icsd, "icsd.cif", "global", &s, &d), LQ_ENOTFOUND);
    LQ_CHECK(s == NULL && strstr(d.msg, "global") != NULL);
    const char *bad =
        "data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n"
        "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
        "loop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n"
        "_atom_site_fract_z\nQq2+ 0 0 0\n";
    LQ_CHECK_STATUS(lq_structure_parse_cif(bad, "bad.cif", &s, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 13 && strstr(d.msg, "Qq2+") != NULL);
}

void test_dft_structures(void) {
    cif_dialects();
    read_good();
    round_trip();
    malformed();
    truncations();
    errors();
}

void test_dft_substitution(void) {
    char path[512];
    lq_structure *s = NULL, *t = NULL;
    /* Build an AB2 prototype (fluorite CaF2) and map A (minority) -> Nd, B -> Bi. */
    LQ_CHECK_STATUS(lq_structure_alloc(3, &s), LQ_OK);
    if (!s) return;
    double a = 5.4626;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) s->lattice_A[i][j] = (i == j) ? 0.0 : a / 2;
    s->z[0] = 20;
    s->z[1] = 9;
    s->z[2] = 9;
    for (int k = 0; k < 3; k++) {
        s->frac[1][k] = 0.25;
        s->frac[2][k] = 0.75;
    }
    int zs[4];
    double cnt[4];
    size_t n = 0;
    LQ_CHECK_STATUS(lq_structure_species(s, zs, cnt, 4, &n), LQ_OK);
    LQ_CHECK(n == 2 && zs[0] == 20 && zs[1] == 9 && cnt[0] == 1.0 && cnt[1] == 2.0);
    int from[2] = {20, 9}, to[2] = {60, 83};
    LQ_CHECK_STATUS(lq_structure_substitute(s, from, to, 2, LQ_RESCALE_SLATER, 0, &t, NULL), LQ_OK);
    if (t) {
        LQ_CHECK(t->z[0] == 60 && t->z[1] == 83 && t->z[2] == 83);
        /* Slater radii: Ca 1.80, F 0.50, Nd 1.85, Bi 1.60 A. */
        double ratio = (1.85 * 1.85 * 1.85 + 2 * 1.6 * 1.6 * 1.6) / (1.8 * 1.8 * 1.8 + 2 * 0.125);
        LQ_CHECK_CLOSE(lq_structure_volume_A3(t), lq_structure_volume_A3(s) * ratio, 1e-12, 0);
        LQ_CHECK(strcmp(t->label[1], "Bi") == 0);
    }
    lq_structure_free(t);
    t = NULL;
    /* Swap is simultaneous; fixed volume per atom. */
    int f2[2] = {20, 9}, t2[2] = {9, 20};
    LQ_CHECK_STATUS(
        lq_structure_substitute(s, f2, t2, 2, LQ_RESCALE_VOLUME_PER_ATOM, 31.0, &t, NULL), LQ_OK);
    if (t) {
        LQ_CHECK(t->z[0] == 9 && t->z[1] == 20);
        LQ_CHECK_CLOSE(lq_structure_volume_A3(t), 3 * 31.0, 1e-12, 0);
    }
    lq_structure_free(t);
    t = NULL;
    LQ_CHECK_STATUS(lq_structure_substitute(s, f2, t2, 2, LQ_RESCALE_VOLUME_PER_ATOM, -1, &t, NULL),
                    LQ_EINVAL);
    int bad[1] = {0};
    LQ_CHECK_STATUS(lq_structure_substitute(s, bad, t2, 1, LQ_RESCALE_NONE, 0, &t, NULL),
                    LQ_EINVAL);
    int he[1] = {20}, to_he[1] = {2};
    lq_diag d;
    LQ_CHECK_STATUS(lq_structure_substitute(s, he, to_he, 1, LQ_RESCALE_SLATER, 0, &t, &d),
                    LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "He") != NULL);
    /* POSCAR cannot hold partial occupancy. */
    s->occupancy[0] = 0.5;
    LQ_CHECK_STATUS(lq_structure_write_poscar(s, "dft_partial_POSCAR", &d), LQ_EUNSUPPORTED);
    LQ_CHECK_STATUS(lq_structure_write_cif(s, "dft_partial.cif", &d), LQ_OK);
    LQ_CHECK_STATUS(lq_structure_read_cif("dft_partial.cif", &t, &d), LQ_OK);
    if (t) LQ_CHECK(t->n_sites == 3 && fabs(t->occupancy[0] - 0.5) < 1e-12);
    lq_structure_free(t);
    remove("dft_partial.cif");
    (void)path;
    lq_structure_free(s);
}
