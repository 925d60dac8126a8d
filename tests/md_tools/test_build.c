/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Element table, species, compositions (checked by hand) and the random system builder. */
#include <math.h>
#include <string.h>

#include "liquidus/md.h"
#include "liquidus/units.h"
#include "lq_test.h"
#include "md_tools_test.h"

static long count_of(const lq_md_composition *c, const char *name) {
    for (size_t i = 0; i < c->n_species; i++)
        if (strcmp(c->species[i].name, name) == 0) return c->count[i];
    return -1;
}

void test_species_and_elements(void) {
    double m;
    /* the library's element table: IUPAC 2021 abridged standard atomic weights (core.h) */
    LQ_CHECK_STATUS(lq_md_element_mass("Na", &m), LQ_OK);
    LQ_CHECK_CLOSE(m, 22.990, 0.0, 0.0);
    LQ_CHECK_STATUS(lq_md_element_mass("La", &m), LQ_OK);
    LQ_CHECK_CLOSE(m, 138.91, 0.0, 0.0);
    LQ_CHECK_STATUS(lq_md_element_mass("Cl", &m), LQ_OK);
    LQ_CHECK_CLOSE(m, 35.45, 0.0, 0.0);
    LQ_CHECK_STATUS(lq_md_element_mass("Xx", &m), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_md_element_mass("Tc", &m), LQ_ENOTFOUND); /* no standard weight */
    LQ_CHECK_STATUS(lq_md_element_mass(NULL, &m), LQ_EINVAL);
    lq_md_species sp;
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_species_parse("Mg", &sp, NULL), LQ_OK);
    LQ_CHECK(sp.charge_e == 2.0 && strcmp(sp.name, "Mg") == 0);
    LQ_CHECK_STATUS(lq_md_species_parse("La3+", &sp, NULL), LQ_OK);
    LQ_CHECK(sp.charge_e == 3.0);
    LQ_CHECK_STATUS(lq_md_species_parse("Ce+4", &sp, NULL), LQ_OK);
    LQ_CHECK(sp.charge_e == 4.0);
    LQ_CHECK_STATUS(lq_md_species_parse("Cl-", &sp, NULL), LQ_OK);
    LQ_CHECK(sp.charge_e == -1.0);
    LQ_CHECK_STATUS(lq_md_species_parse("Mg0", &sp, NULL), LQ_OK);
    LQ_CHECK(sp.charge_e == 0.0 && strcmp(sp.name, "Mg0") == 0 && sp.mass_amu == 24.305);
    LQ_CHECK_STATUS(lq_md_species_parse("Qz", &sp, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "Qz") != NULL);
    LQ_CHECK_STATUS(lq_md_species_parse("W", &sp, &d), LQ_ENOTFOUND); /* no usual ion */
    LQ_CHECK_STATUS(lq_md_species_parse("Mg2x", &sp, &d), LQ_EINVAL);
}

void test_composition_forms(void) {
    lq_md_composition c;
    lq_diag d;
    /* 50:50 mol%, 1000 ions: 250 NaCl + 250 KCl */
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl-KCl (50:50 mol%)", LQ_MD_SIZE_IONS, 1000, &c, &d),
                    LQ_OK);
    LQ_CHECK(count_of(&c, "Na") == 250 && count_of(&c, "K") == 250 && count_of(&c, "Cl") == 500);
    /* 50.6:49.4 mol%, 500 formula units: 253 NaCl + 247 KCl */
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl-KCl (50.6:49.4 mol%)", LQ_MD_SIZE_FORMULA_UNITS,
                                            500, &c, NULL),
                    LQ_OK);
    LQ_CHECK(count_of(&c, "Na") == 253 && count_of(&c, "K") == 247 && count_of(&c, "Cl") == 500);
    /* wt% base: 44:56 wt% NaCl:KCl, 1000 formula units. By hand: 44/58.43976928 = 0.752911,
     * 56/74.5483 = 0.751191 -> x_NaCl = 0.500572 -> 500.57 / 499.43 -> 501 and 499. */
    LQ_CHECK_STATUS(
        lq_md_composition_parse("NaCl-KCl (44:56 wt%)", LQ_MD_SIZE_FORMULA_UNITS, 1000, &c, NULL),
        LQ_OK);
    LQ_CHECK(count_of(&c, "Na") == 501 && count_of(&c, "K") == 499);
    /* The study's melt, 1000 ions. By hand (per gram: 0.005 g MgCl2 / 95.205, 0.02 g LaCl3 /
     * 245.25547, 0.975 g base of mean molar mass 0.506 * 58.43977 + 0.494 * 74.5483): formula
     * units 248.900 NaCl, 242.997 KCl, 1.759 MgCl2, 2.732 LaCl3 (sum 496.39 -> 496); floors 248,
     * 242, 1, 2 and the three largest remainders (KCl .997, NaCl .900, MgCl2 .759) get one more:
     * 249, 243, 2, 2 -> Na 249, K 243, Mg 2, La 2, Cl 249 + 243 + 4 + 6 = 502 (998 ions). */
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl-KCl eutectic + 0.5 wt% MgCl2 + 2 wt% LaCl3",
                                            LQ_MD_SIZE_IONS, 1000, &c, &d),
                    LQ_OK);
    LQ_CHECK(count_of(&c, "Na") == 249 && count_of(&c, "K") == 243);
    LQ_CHECK(count_of(&c, "Mg") == 2 && count_of(&c, "La") == 2 && count_of(&c, "Cl") == 502);
    LQ_CHECK(c.n_salts == 4 && c.salt_units[2] == 2);
    /* explicit counts (must be neutral: 250 + 250 + 2*5 - 510 = 0) */
    LQ_CHECK_STATUS(
        lq_md_composition_parse("Na:250 K:250 Cl:510 Mg:5", LQ_MD_SIZE_AS_WRITTEN, 0, &c, NULL),
        LQ_OK);
    LQ_CHECK(c.n_species == 4 && count_of(&c, "Cl") == 510 && count_of(&c, "Mg") == 5);
    /* a single salt and mol% additives: 100 formula units NaCl + 10 mol% LaCl3 -> 90 + 10 */
    LQ_CHECK_STATUS(
        lq_md_composition_parse("NaCl + 10 mol% LaCl3", LQ_MD_SIZE_FORMULA_UNITS, 100, &c, NULL),
        LQ_OK);
    LQ_CHECK(count_of(&c, "Na") == 90 && count_of(&c, "La") == 10 && count_of(&c, "Cl") == 120);
}

void test_composition_table1(void) {
    /* Table 1 of the Mg-La study: the red states follow from the ox states */
    lq_md_composition ox, red;
    lq_diag d;
    LQ_CHECK_STATUS(
        lq_md_composition_parse("Na:20 K:20 Mg:2 La:2 Cl:50", LQ_MD_SIZE_AS_WRITTEN, 0, &ox, NULL),
        LQ_OK);
    LQ_CHECK_STATUS(lq_md_composition_reduce(&ox, "Mg", &red, NULL), LQ_OK);
    LQ_CHECK(count_of(&red, "Na") == 20 && count_of(&red, "K") == 20 && count_of(&red, "Mg") == 1 &&
             count_of(&red, "La") == 2 && count_of(&red, "Cl") == 48 && count_of(&red, "Mg0") == 1);
    LQ_CHECK_STATUS(
        lq_md_composition_parse("Na:20 K:20 La:2 Cl:46", LQ_MD_SIZE_AS_WRITTEN, 0, &ox, NULL),
        LQ_OK);
    LQ_CHECK_STATUS(lq_md_composition_reduce(&ox, "La", &red, NULL), LQ_OK);
    LQ_CHECK(count_of(&red, "La") == 1 && count_of(&red, "Cl") == 43 && count_of(&red, "La0") == 1);
    LQ_CHECK_STATUS(
        lq_md_composition_parse("Na:20 K:20 La:2 Cl:46 Mg0:1", LQ_MD_SIZE_AS_WRITTEN, 0, &ox, NULL),
        LQ_OK);
    LQ_CHECK_STATUS(lq_md_composition_reduce(&ox, "La", &red, NULL), LQ_OK);
    LQ_CHECK(count_of(&red, "La") == 1 && count_of(&red, "Cl") == 43 &&
             count_of(&red, "La0") == 1 && count_of(&red, "Mg0") == 1);
    LQ_CHECK_STATUS(lq_md_composition_reduce(&ox, "Mg", &red, &d), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_md_composition_reduce(&ox, "Cl", &red, &d), LQ_EINVAL);
}

void test_composition_errors(void) {
    lq_md_composition c;
    lq_diag d;
    LQ_CHECK_STATUS(lq_md_composition_parse("Xx:5 Cl:5", LQ_MD_SIZE_AS_WRITTEN, 0, &c, &d),
                    LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_md_composition_parse("Na:5 Cl:4", LQ_MD_SIZE_AS_WRITTEN, 0, &c, &d),
                    LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "charge") != NULL);
    LQ_CHECK_STATUS(lq_md_composition_parse("Na:5 Cl:5", LQ_MD_SIZE_IONS, 100, &c, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl + 120 wt% KCl", LQ_MD_SIZE_IONS, 100, &c, &d),
                    LQ_EDOM);
    LQ_CHECK_STATUS(
        lq_md_composition_parse("NaCl + 60 wt% KCl + 50 wt% LiCl", LQ_MD_SIZE_IONS, 100, &c, &d),
        LQ_EDOM);
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl + 0.01 mol% LaCl3", LQ_MD_SIZE_IONS, 100, &c, &d),
                    LQ_EDOM);
    LQ_CHECK(strstr(d.msg, "LaCl3") != NULL);
    LQ_CHECK_STATUS(lq_md_composition_parse("MgCl3", LQ_MD_SIZE_IONS, 100, &c, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl-KCl", LQ_MD_SIZE_IONS, 100, &c, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl-CsCl eutectic", LQ_MD_SIZE_IONS, 100, &c, &d),
                    LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl + 5 % KCl", LQ_MD_SIZE_IONS, 100, &c, &d),
                    LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl", LQ_MD_SIZE_AS_WRITTEN, 0, &c, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_md_composition_parse(NULL, LQ_MD_SIZE_IONS, 10, &c, &d), LQ_EINVAL);
}

void test_build_system(void) {
    lq_md_composition c;
    LQ_CHECK_STATUS(lq_md_composition_parse("NaCl", LQ_MD_SIZE_IONS, 1000, &c, NULL), LQ_OK);
    lq_md_build_options o = lq_md_build_options_default();
    o.T_K = 1100.0;
    o.density_g_cm3 = 1.55;
    o.min_separation_A = 2.2;
    o.seed = 42;
    lq_md_system s, s2, s3;
    LQ_CHECK_STATUS(lq_md_system_build(&c, &o, &s, NULL), LQ_OK);
    LQ_CHECK(s.n_atoms == 1000 && s.n_species == 2);
    double rho;
    LQ_CHECK_STATUS(lq_md_system_density(&s, &rho), LQ_OK);
    LQ_CHECK_CLOSE(rho, 1.55, 1e-12, 0.0);
    /* box edge by hand: 500 * 58.44 g/mol (Na 22.990 + Cl 35.45) / N_A / 1.55 g/cm^3 */
    LQ_CHECK_CLOSE(s.box_A[0], cbrt(500.0 * 58.44 / 6.02214076e23 / 1.55 * 1e24), 1e-12, 0);
    /* minimum separation, brute force with the minimum image */
    double dmin = 1e9;
    for (size_t i = 0; i < s.n_atoms; i++)
        for (size_t j = i + 1; j < s.n_atoms; j++) {
            double r2 = 0;
            for (size_t k = 0; k < 3; k++) {
                double dx = s.pos_A[3 * i + k] - s.pos_A[3 * j + k];
                dx -= s.box_A[k] * nearbyint(dx / s.box_A[k]);
                r2 += dx * dx;
            }
            if (r2 < dmin) dmin = r2;
        }
    LQ_CHECK(sqrt(dmin) >= 2.2);
    /* zero momentum and T exactly (3N - 3 dof); 1 eV/amu = 9648.533212 A^2/ps^2 */
    double p[3] = {0}, k2 = 0;
    for (size_t i = 0; i < s.n_atoms; i++) {
        double m = s.species[s.type[i]].mass_amu;
        for (size_t k = 0; k < 3; k++) {
            p[k] += m * s.vel_A_per_ps[3 * i + k];
            k2 += m * s.vel_A_per_ps[3 * i + k] * s.vel_A_per_ps[3 * i + k];
        }
    }
    LQ_CHECK(fabs(p[0]) + fabs(p[1]) + fabs(p[2]) < 1e-9);
    double T = k2 / 9648.533212331 / (3.0 * 1000 - 3.0) / LQ_BOLTZMANN_EV_PER_K;
    LQ_CHECK_CLOSE(T, 1100.0, 1e-9, 0.0);
    /* reproducible seed */
    LQ_CHECK_STATUS(lq_md_system_build(&c, &o, &s2, NULL), LQ_OK);
    LQ_CHECK(memcmp(s.pos_A, s2.pos_A, 3 * s.n_atoms * sizeof(double)) == 0);
    o.seed = 43;
    LQ_CHECK_STATUS(lq_md_system_build(&c, &o, &s3, NULL), LQ_OK);
    LQ_CHECK(memcmp(s.pos_A, s3.pos_A, 3 * s.n_atoms * sizeof(double)) != 0);
    lq_md_system_free(&s);
    lq_md_system_free(&s2);
    lq_md_system_free(&s3);
    /* impossible: the separation cannot fit at this density */
    lq_diag d;
    o.min_separation_A = 4.0;
    o.max_attempts_per_atom = 2000;
    LQ_CHECK_STATUS(lq_md_system_build(&c, &o, &s, &d), LQ_ENOCONV);
    LQ_CHECK(strstr(d.msg, "density") != NULL);
    o.density_g_cm3 = 0.0;
    LQ_CHECK_STATUS(lq_md_system_build(&c, &o, &s, &d), LQ_EINVAL);
}
