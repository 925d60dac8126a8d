/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CIFs that name their space group (Hall, Hermann-Mauguin or number) but list no symmetry
 * operations: the expanded structure equals that of the same file with explicit operations. */
#include <math.h>

#include "dft/spacegroup.h"
#include "dft_test.h"
#include "liquidus/dft.h"

/* The same set of sites: each of a has one of b at a periodic distance below tol in every
 * fractional coordinate, with the same element. */
static int same_sites_tol(const lq_structure *a, const lq_structure *b, double tol) {
    if (a->n_sites != b->n_sites) return 0;
    for (size_t i = 0; i < a->n_sites; i++) {
        int found = 0;
        for (size_t j = 0; j < b->n_sites && !found; j++) {
            double dmax = 0.0;
            for (int k = 0; k < 3; k++) {
                double d = a->frac[i][k] - b->frac[j][k];
                dmax = fmax(dmax, fabs(d - floor(d + 0.5)));
            }
            found = dmax < tol && a->z[i] == b->z[j];
        }
        if (!found) return 0;
    }
    return 1;
}

/* Exact operations on exact coordinates agree to round-off. */
static int same_sites(const lq_structure *a, const lq_structure *b) {
    return same_sites_tol(a, b, 1e-9);
}

static lq_structure *parse(const char *text, lq_diag *d) {
    lq_structure *s = NULL;
    lq_diag_clear(d);
    lq_status st = lq_structure_parse_cif(text, "sg.cif", &s, d);
    if (st != LQ_OK) fprintf(stderr, "  parse failed: %s\n", d->msg);
    return st == LQ_OK ? s : NULL;
}

/* text with the line starting at `tag` (the whole line) replaced by `repl`, into out. */
static void replace_line(const char *text, const char *tag, const char *repl, char *out,
                         size_t size) {
    const char *p = strstr(text, tag);
    if (!p) {
        snprintf(out, size, "%s", text);
        return;
    }
    const char *e = strchr(p, '\n');
    snprintf(out, size, "%.*s%s%s", (int)(p - text), text, repl, e ? e : "");
}

/* The fixture files of tests/dft/data without their loop of operations, with the symmetry named
 * by H-M symbol, Hall symbol or number only. */
static void fixtures_without_ops(void) {
    const char *files[3] = {"Bi_A7.cif", "Mg_hcp.cif", "NdBi_B1.cif"};
    const char *halls[3] = {"_space_group_name_Hall '-R 3 2\"'",
                            "_space_group_name_Hall '-P 6c 2c'",
                            "_space_group_name_Hall '-F 4 2 3'"};
    const size_t n_expect[3] = {6, 2, 8};
    static char text[32768], stripped[32768], variant[32768], tmp[32768];
    for (int f = 0; f < 3; f++) {
        char path[512];
        FILE *fp = fopen(dft_data(files[f], path, sizeof path), "rb");
        LQ_CHECK(fp != NULL);
        if (!fp) continue;
        size_t n = fread(text, 1, sizeof text - 1, fp);
        fclose(fp);
        text[n] = '\0';
        lq_diag d;
        lq_structure *full = parse(text, &d);
        LQ_CHECK(full && full->n_sites == n_expect[f]);
        /* Cut from the loop_ of the operations to the next loop_. */
        const char *a = strstr(text, "loop_\n _symmetry_equiv_pos_site_id");
        const char *b = a ? strstr(a + 5, "loop_") : NULL;
        LQ_CHECK(a && b);
        if (!a || !b || !full) {
            lq_structure_free(full);
            continue;
        }
        snprintf(stripped, sizeof stripped, "%.*s%s", (int)(a - text), text, b);
        for (int v = 0; v < 4; v++) {
            if (v == 0) snprintf(variant, sizeof variant, "%s", stripped);
            if (v == 1) /* number only */
                replace_line(stripped, "_symmetry_space_group_name_H-M", "", variant,
                             sizeof variant);
            if (v == 2) { /* Hall symbol only */
                replace_line(stripped, "_symmetry_space_group_name_H-M", halls[f], tmp, sizeof tmp);
                replace_line(tmp, "_symmetry_Int_Tables_number", "", variant, sizeof variant);
            }
            if (v == 3) /* H-M symbol only */
                replace_line(stripped, "_symmetry_Int_Tables_number", "", variant, sizeof variant);
            lq_structure *s = parse(variant, &d);
            /* Mg_hcp gives 1/3 as 0.33333: which image of a site is kept depends on the order
             * of the operations, and images differ by a few 1e-5 (x - y of rounded values). */
            double tol = f == 1 ? 1e-4 : 1e-9;
            LQ_CHECK(s && same_sites_tol(s, full, tol));
            if (s && !same_sites_tol(s, full, tol))
                fprintf(stderr, "  %s variant %d: %zu sites\n", files[f], v, s->n_sites);
            LQ_CHECK(!d.warning);
            lq_structure_free(s);
        }
        lq_structure_free(full);
    }
}

#define CELL(a, b, c, al, be, ga)                                                             \
    "_cell_length_a " a "\n_cell_length_b " b "\n_cell_length_c " c "\n_cell_angle_alpha " al \
    "\n_cell_angle_beta " be "\n_cell_angle_gamma " ga "\n"
#define SITES \
    "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"

/* One structure named several ways must equal the reference text (explicit operations or P1). */
static void check_named(const char *label, const char *ref, const char *const *named, int n,
                        size_t n_sites) {
    lq_diag d;
    lq_structure *r = parse(ref, &d);
    LQ_CHECK(r && r->n_sites == n_sites);
    for (int i = 0; i < n && r; i++) {
        lq_structure *s = parse(named[i], &d);
        int ok = s && same_sites(s, r);
        LQ_CHECK(ok);
        if (!ok)
            fprintf(stderr, "  %s: form %d differs (%zu sites)\n", label, i, s ? s->n_sites : 0);
        lq_structure_free(s);
    }
    lq_structure_free(r);
}

/* A7 bismuth on rhombohedral axes (a = 4.7236 A, alpha = 57.35 deg, Bi on 2c at (u,u,u)). */
static void rhombohedral_axes(void) {
    const char *head = "data_Bi_rh\n" CELL("4.7236", "4.7236", "4.7236", "57.35", "57.35", "57.35");
    const char *site = SITES "Bi1 0.2339 0.2339 0.2339\n";
    /* R -3 m on rhombohedral axes: the 12 operations of ITA (point group -3m, no centring). */
    const char *ops =
        "loop_\n_space_group_symop_operation_xyz\nx,y,z\nz,x,y\ny,z,x\n-y,-x,-z\n-x,-z,-y\n"
        "-z,-y,-x\n-x,-y,-z\n-z,-x,-y\n-y,-z,-x\ny,x,z\nx,z,y\nz,y,x\n";
    char ref[2048], f0[2048], f1[2048], f2[2048], f3[2048];
    snprintf(ref, sizeof ref, "%s%s%s", head, ops, site);
    snprintf(f0, sizeof f0, "%s_space_group_name_H-M_alt 'R -3 m :R'\n%s", head, site);
    snprintf(f1, sizeof f1, "%s_symmetry_space_group_name_H-M 'R -3 m'\n%s", head, site);
    snprintf(f2, sizeof f2, "%s_space_group_IT_number 166\n%s", head, site);
    snprintf(f3, sizeof f3, "%s_space_group_name_Hall '-P 3* 2'\n%s", head, site);
    const char *named[4] = {f0, f1, f2, f3};
    check_named("R-3m:R", ref, named, 4, 2);
}

/* Diamond Si in F d -3 m: on 8a at (1/8,1/8,1/8) with origin choice 2, at (0,0,0) with origin
 * choice 1; the eight atoms are listed in P1 for each. */
static void origin_choices(void) {
    const char *head = "data_Si\n" CELL("5.431", "5.431", "5.431", "90", "90", "90");
    static const double fcc[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
    char p1_2[2048], p1_1[2048];
    for (int choice = 1; choice <= 2; choice++) {
        char *buf = choice == 1 ? p1_1 : p1_2;
        size_t m = (size_t)snprintf(buf, 2048, "%s%s", head, SITES);
        /* Choice 1: 0 and (1/4,1/4,1/4); choice 2 (origin moved by -1/8): +-(1/8,1/8,1/8). */
        double o = choice == 1 ? 0.0 : 0.125;
        for (int k = 0; k < 4; k++)
            for (int t = 0; t < 2; t++) {
                double sh = choice == 1 ? 0.25 * t : -0.25 * t;
                m += (size_t)snprintf(buf + m, 2048 - m, "Si%d %.6f %.6f %.6f\n", 2 * k + t,
                                      o + sh + fcc[k][0], o + sh + fcc[k][1], o + sh + fcc[k][2]);
            }
    }
    const char *s2 = SITES "Si1 0.125 0.125 0.125\n";
    const char *s1 = SITES "Si1 0 0 0\n";
    char f[6][1024];
    snprintf(f[0], sizeof f[0], "%s_space_group_name_H-M_alt 'F d -3 m :2'\n%s", head, s2);
    snprintf(f[1], sizeof f[1], "%s_symmetry_space_group_name_H-M 'Fd-3mZ'\n%s", head, s2);
    snprintf(f[2], sizeof f[2], "%s_space_group_name_Hall '-F 4vw 2vw 3'\n%s", head, s2);
    snprintf(f[3], sizeof f[3], "%s_symmetry_space_group_name_H-M 'F d -3 m :1'\n%s", head, s1);
    snprintf(f[4], sizeof f[4], "%s_symmetry_space_group_name_H-M 'F d 3 m S'\n%s", head, s1);
    snprintf(f[5], sizeof f[5], "%s_space_group_name_Hall 'F 4d 2 3 -1d'\n%s", head, s1);
    const char *c2[3] = {f[0], f[1], f[2]}, *c1[3] = {f[3], f[4], f[5]};
    check_named("Fd-3m:2", p1_2, c2, 3, 8);
    check_named("Fd-3m:1", p1_1, c1, 3, 8);
    /* Without a code: origin choice 2, said in a warning. */
    char g[1024];
    snprintf(g, sizeof g, "%s_symmetry_space_group_name_H-M 'F d -3 m'\n%s", head, s2);
    lq_diag d;
    lq_structure *s = parse(g, &d), *r = parse(p1_2, &d);
    lq_diag_clear(&d);
    lq_structure_free(s);
    s = parse(g, &d);
    LQ_CHECK(s && r && same_sites(s, r) && d.warning && strstr(d.msg, "origin choice 2"));
    lq_structure_free(s);
    lq_structure_free(r);
}

/* P 1 21/n 1 (a non-standard cell of P 21/c) and C m c a / C m c e (the old and the new symbol
 * of group 64), each against its explicit operations from ITA. */
static void monoclinic_and_old_symbols(void) {
    const char *head = "data_m\n" CELL("5.1", "6.2", "7.3", "90", "101.5", "90");
    const char *site = SITES "Fe1 0.1 0.2 0.3\nO1 0.31 0.07 0.42\n";
    const char *ops21n =
        "loop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n'-x+1/2, y+1/2, -z+1/2'\n'-x, -y, -z'\n"
        "'x+1/2, -y+1/2, z+1/2'\n";
    char ref[2048], f[4][1024];
    snprintf(ref, sizeof ref, "%s%s%s", head, ops21n, site);
    snprintf(f[0], sizeof f[0], "%s_symmetry_space_group_name_H-M 'P 1 21/n 1'\n%s", head, site);
    snprintf(f[1], sizeof f[1], "%s_symmetry_space_group_name_H-M 'P 21/n'\n%s", head, site);
    snprintf(f[2], sizeof f[2], "%s_symmetry_space_group_name_H-M 'P2_1/n'\n%s", head, site);
    snprintf(f[3], sizeof f[3], "%s_space_group_name_Hall '-P 2yn'\n%s", head, site);
    const char *named[4] = {f[0], f[1], f[2], f[3]};
    check_named("P21/n", ref, named, 4, 8);

    const char *ohead = "data_o\n" CELL("5.1", "6.2", "7.3", "90", "90", "90");
    const char *osite = SITES "Fe1 0.1 0.2 0.3\n";
    /* C m c a (ITA No. 64, origin at -1): the 8 coset representatives and C centring. */
    const char *cmca =
        "loop_\n_symmetry_equiv_pos_as_xyz\nx,y,z\n-x,-y+1/2,z+1/2\n-x,y+1/2,-z+1/2\nx,-y,-z\n"
        "-x,-y,-z\nx,y+1/2,-z+1/2\nx,-y+1/2,z+1/2\n-x,y,z\nx+1/2,y+1/2,z\n-x+1/2,-y+1,z+1/2\n"
        "-x+1/2,y+1,-z+1/2\nx+1/2,-y+1/2,-z\n-x+1/2,-y+1/2,-z\nx+1/2,y+1,-z+1/2\n"
        "x+1/2,-y+1,z+1/2\n-x+1/2,y+1/2,z\n";
    char oref[2048], g[3][1024];
    snprintf(oref, sizeof oref, "%s%s%s", ohead, cmca, osite);
    snprintf(g[0], sizeof g[0], "%s_symmetry_space_group_name_H-M 'C m c a'\n%s", ohead, osite);
    snprintf(g[1], sizeof g[1], "%s_space_group_name_H-M_alt 'C m c e'\n%s", ohead, osite);
    snprintf(g[2], sizeof g[2], "%s_symmetry_Int_Tables_number 64\n%s", ohead, osite);
    const char *onamed[3] = {g[0], g[1], g[2]};
    check_named("Cmca", oref, onamed, 3, 16);
}

/* Every setting of the table: found again by its Hall symbol and by its H-M symbol with its
 * code; a general position gives as many atoms as the group has operations, and feeding all
 * of them back gives no new one (the operations form a group modulo the lattice). */
static void whole_table(void) {
    int bad_lookup = 0, bad_orbit = 0;
    static char text[16384];
    for (int k = 0; k < LQI_N_SPACEGROUPS; k++) {
        const lqi_spacegroup *g = &lqi_spacegroups[k];
        char sym[64];
        snprintf(sym, sizeof sym, "%s%s%s", g->hm, g->choice[0] ? " :" : "", g->choice);
        if (lqi_spacegroup_by_hall(g->hall, strlen(g->hall)) != k) bad_lookup++;
        if (lqi_spacegroup_by_hm(sym, strlen(sym), g->choice[0] == 'R').index != k) bad_lookup++;
        double cen[4][3];
        size_t nrep = 1;
        for (const char *q = g->ops; *q; q++) nrep += *q == ';';
        size_t order = nrep * (size_t)lqi_spacegroup_centring(g->lattice, cen);
        /* Rhombohedral axes need a rhombohedral cell; the metric does not matter otherwise. A
         * text field holds any Hall symbol, quotes included. */
        const char *cell = g->choice[0] == 'R' ? CELL("5", "5", "5", "70", "70", "70")
                                               : CELL("5", "6", "7", "90", "90", "90");
        snprintf(text, sizeof text, "data_t\n%s_space_group_name_Hall\n;%s\n;\n%s", cell, g->hall,
                 SITES "C1 0.1234 0.2345 0.3456\n");
        lq_structure *s = NULL;
        lq_status st = lq_structure_parse_cif(text, "t", &s, NULL);
        if (st != LQ_OK || s->n_sites != order) {
            bad_orbit++;
            lq_structure_free(s);
            continue;
        }
        /* All the orbit's sites as input: closure means no new site appears. */
        int len = snprintf(text, sizeof text, "data_t\n%s_space_group_name_Hall\n;%s\n;\n%s", cell,
                           g->hall, SITES);
        for (size_t i = 0; i < s->n_sites && len > 0 && (size_t)len < sizeof text - 100; i++)
            len += snprintf(text + len, sizeof text - (size_t)len, "C%zu %.12f %.12f %.12f\n", i,
                            s->frac[i][0], s->frac[i][1], s->frac[i][2]);
        lq_structure *t = NULL;
        st = lq_structure_parse_cif(text, "t", &t, NULL);
        /* Closure: the images of every site of the orbit lie in the orbit. */
        int closed = st == LQ_OK && t->n_sites == order * order;
        for (size_t i = 0; closed && i < t->n_sites; i++) {
            int found = 0;
            for (size_t j = 0; j < s->n_sites && !found; j++) {
                double dmax = 0.0;
                for (int a = 0; a < 3; a++) {
                    double dd = t->frac[i][a] - s->frac[j][a];
                    dmax = fmax(dmax, fabs(dd - floor(dd + 0.5)));
                }
                found = dmax < 1e-9;
            }
            closed = found;
        }
        if (!closed) bad_orbit++;
        lq_structure_free(t);
        lq_structure_free(s);
    }
    LQ_CHECK(bad_lookup == 0);
    LQ_CHECK(bad_orbit == 0);
    if (bad_lookup || bad_orbit) fprintf(stderr, "  lookup %d, orbit %d\n", bad_lookup, bad_orbit);
}

static void errors(void) {
    lq_diag d;
    lq_structure *s = NULL;
    const char *head = "data_e\n" CELL("5", "5", "5", "90", "90", "90");
    char t[1024];
    snprintf(t, sizeof t, "%s_symmetry_space_group_name_H-M 'Q 9 z'\n%sNa1 0 0 0\n", head, SITES);
    LQ_CHECK_STATUS(lq_structure_parse_cif(t, "e.cif", &s, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(d.line == 8 && strstr(d.msg, "Q 9 z") != NULL);
    snprintf(t, sizeof t, "%s_space_group_IT_number 231\n%sNa1 0 0 0\n", head, SITES);
    LQ_CHECK_STATUS(lq_structure_parse_cif(t, "e.cif", &s, &d), LQ_EPARSE);
    snprintf(
        t, sizeof t,
        "%s_symmetry_space_group_name_H-M 'F m -3 m'\n_space_group_IT_number 227\n%sNa1 0 0 0\n",
        head, SITES);
    LQ_CHECK_STATUS(lq_structure_parse_cif(t, "e.cif", &s, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "227") != NULL);
    /* A full symbol not known here, with its number: the number decides, with a warning. */
    snprintf(t, sizeof t,
             "%s_symmetry_space_group_name_H-M 'F 4/m -3 2/m'\n_space_group_IT_number 225\n%s"
             "Na1 0 0 0\n",
             head, SITES);
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_structure_parse_cif(t, "e.cif", &s, &d), LQ_OK);
    LQ_CHECK(s && s->n_sites == 4 && d.warning);
    lq_structure_free(s);
}

void test_dft_spacegroups(void) {
    fixtures_without_ops();
    rhombohedral_axes();
    origin_choices();
    monoclinic_and_old_symbols();
    whole_table();
    errors();
}
