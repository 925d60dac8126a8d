/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell potentials: Bi-Nd E(x) against the prop API, the Mg-La plateaus inverted and run forward,
 * datasets, DFT input, and refusals (issue 19 "Done when" 1-4). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cell_tests.h"
#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/dft.h"
#include "liquidus/echem.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"
#include "lq_test.h"

#define F LQ_FARADAY_C_PER_MOL

static lq_db *bind_db(void) {
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_file(path, &db, NULL), LQ_OK);
    return db;
}

/* Dilute compositions added to the scan: the liquid at 773 K holds less than 1e-3 Nd. */
static const double DILUTE[8] = {1e-5, 3e-5, 1e-4, 3e-4, 5e-4, 0.001, 0.002, 0.004};

static void bind_options(lq_cell_options *o, double T) {
    lq_cell_options_default(o);
    o->metal = "Nd";
    o->host = "Bi";
    o->n_electrons = 3;
    o->T_K = T;
}

/* -(mu_Nd - mu°_Nd)/(3F) of LIQUID at x from the prop API (lq_props_grid_compute, stable Nd). */
static int prop_emf(lq_eq_ws *ws, size_t liquid, double T, const double *x, size_t n, double *E) {
    double *xx = malloc(2 * n * sizeof *xx);
    for (size_t i = 0; i < n; i++) {
        xx[2 * i] = 1.0 - x[i];
        xx[2 * i + 1] = x[i];
    }
    lq_props_grid_options go;
    lq_props_grid_options_default(&go);
    go.phase = liquid;
    go.T_K = &T;
    go.n_T = 1;
    go.x = xx;
    go.n_x = n;
    lq_props_grid *g = NULL;
    lq_status st = lq_props_grid_compute(ws, &go, &g, NULL);
    LQ_CHECK_STATUS(st, LQ_OK);
    for (size_t i = 0; st == LQ_OK && i < n; i++)
        E[i] = -(g->mu[i * 2 + 1] - g->G_ref[1]) / (3.0 * F);
    lq_props_grid_free(g);
    free(xx);
    return st == LQ_OK ? 0 : -1;
}

/* Done when 1: E(x) of the liquid and the liquid's plateau equal -(mu_Nd - mu°_Nd)/(3F) of the
 * prop API. Tolerance 1e-9 V: both come from mu of the same model, the equilibrium converged to
 * 1e-12 R T (3e-17 V); 1e-9 V allows the tie-line end composition to 1e-8 in x. */
void test_cell_bind_consistency(void) {
    lq_db *db = bind_db();
    const char *comps[2] = {"BI", "ND"};
    lq_system *sys = NULL;
    LQ_CHECK_STATUS(lq_system_create(db, comps, 2, NULL, 0, &sys, NULL), LQ_OK);
    lq_eq_ws *ws = NULL;
    LQ_CHECK_STATUS(lq_eq_ws_alloc(sys, NULL, &ws, NULL), LQ_OK);
    size_t liquid = 0;
    LQ_CHECK_STATUS(lq_system_phase_find(sys, "LIQUID", &liquid), LQ_OK);
    const double Ts[3] = {773.0, 873.0, 973.0};
    for (int t = 0; t < 3; t++) {
        lq_cell_options o;
        bind_options(&o, Ts[t]);
        o.x = DILUTE;
        o.n_x = 8;
        lq_cell_result *r = NULL;
        LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, NULL), LQ_OK);
        if (!r) continue;
        LQ_CHECK(strcmp(r->metal_phase, "DHCP") == 0);
        double x[64], Ep[64], Ec[64];
        size_t n = 0;
        for (size_t i = 0; i < r->n_points && n < 64; i++) {
            const lq_cell_field *f = &r->fields[r->points[i].field];
            if (f->n_phases == 1 && strcmp(f->phase[0], "LIQUID") == 0) {
                x[n] = r->points[i].x;
                Ec[n++] = r->points[i].E_V;
            }
        }
        LQ_CHECK(n >= 5);
        if (prop_emf(ws, liquid, Ts[t], x, n, Ep) == 0)
            for (size_t i = 0; i < n; i++) LQ_CHECK_CLOSE(Ec[i], Ep[i], 0.0, 1e-9);
        /* the plateau of the liquid's two-phase field, at its tie-line end */
        const lq_cell_field *pl = NULL;
        for (size_t i = 0; i < r->n_fields && !pl; i++)
            if (r->fields[i].n_phases == 2 && strcmp(r->fields[i].phase[0], "LIQUID") == 0)
                pl = &r->fields[i];
        LQ_CHECK(pl != NULL);
        if (pl && prop_emf(ws, liquid, Ts[t], &pl->x_lo, 1, Ep) == 0) {
            LQ_CHECK_CLOSE(pl->E_V, Ep[0], 0.0, 1e-9);
            printf("  %g K: liquid + %s plateau %.6f V vs Nd(s) (prop %.6f V), x_liq = %.5f\n",
                   Ts[t], pl->phase[1], pl->E_V, Ep[0], pl->x_lo);
            for (size_t i = 0; i < r->n_points; i++) /* constant across the field */
                if (&r->fields[r->points[i].field] == pl)
                    LQ_CHECK_CLOSE(r->points[i].E_V, pl->E_V, 0.0, 1e-9);
        }
        lq_cell_result_free(r);
    }
    lq_eq_ws_free(ws);
    lq_system_free(sys);
    lq_db_free(db);
}

/* The Nd-Bi study's a_Nd = 1.1e-13 at 973 K as an emf (Eq. 6 read backwards), and the activity
 * the cell's E implies against the prop API's ACR_ND (exp of ln a ~ -30: 1e-9 V is 4e-8 in ln a).
 */
void test_cell_bind_activity(void) {
    double T = 973.0, a = 1.1e-13;
    double E = -LQ_GAS_CONSTANT_J_PER_MOL_K * T * log(a) / (3.0 * F);
    double ln_a = 0.0, ln_g = 0.0, gex = 0.0;
    LQ_CHECK_STATUS(lq_echem_emf_activity(E, T, 3, 0.05, &ln_a, &ln_g, &gex), LQ_OK);
    LQ_CHECK_CLOSE(ln_a, log(a), 1e-12, 0.0);
    LQ_CHECK_CLOSE(E, 0.833947, 0.0, 1e-6); /* R T ln(1/1.1e-13) / 3F by hand: 0.833947 V */
    lq_db *db = bind_db();
    lq_cell_options o;
    bind_options(&o, T);
    o.x = DILUTE;
    o.n_x = 8;
    lq_cell_result *r = NULL;
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, NULL), LQ_OK);
    if (r) {
        /* where the liquid reaches the study's emf: the dilute end of the scan is above it */
        double x_at = NAN;
        for (size_t i = 1; i < r->n_points; i++)
            if (r->points[i - 1].E_V >= E && r->points[i].E_V < E) x_at = r->points[i].x;
        printf(
            "  a_Nd = 1.1e-13 at 973 K: E = %.5f V vs Nd(s); the database's liquid reaches it "
            "near x_Nd = %.4f\n",
            E, x_at);
        LQ_CHECK(isfinite(x_at));
    }
    lq_cell_result_free(r);
    lq_db_free(db);
}

static const lq_cell_plateau MGLA[2] = {
    {{"Mg3La", "Mg"}, {NULL, NULL}, -1.54},
    {{"MgLa", "Mg3La"}, {NULL, NULL}, -1.61},
};

static void mgla_options(lq_cell_inverse_options *o, lq_echem_ref *ref) {
    lq_cell_inverse_options_default(o);
    lq_echem_ref_builtin("AgAgCl", ref);
    o->metal = "La";
    o->host = "Mg";
    o->n_electrons = 3;
    o->T_K = 973.0;
    o->E_metal_V = -1.70;
    o->ref = ref;
    o->metal_phase = "DHCP";
    o->host_phase = "HCP_A3";
}

/* Done when 2: Mg-La study Fig. 5 plateaus at 973 K vs Ag/AgCl. Closed forms (1e-12 relative):
 * G(Mg3La) = -3F (E4 - E_La) per formula; g(MgLa) = -F [(E4 - E_La)/2 + (E3 - E_La)] per atom;
 * sd from the gradients (3F/4)(-1, 0, 1) and F(-1/2, -1, 3/2) with sigma 5 mV. */
void test_cell_mgla_inverse(void) {
    lq_cell_inverse_options o;
    lq_echem_ref ref;
    mgla_options(&o, &ref);
    lq_cell_inverse *inv = NULL;
    LQ_CHECK_STATUS(lq_cell_invert(MGLA, 2, &o, &inv, NULL), LQ_OK);
    if (!inv) return;
    LQ_CHECK(inv->n_compounds == 2 && inv->n_plateaus == 2);
    const lq_cell_compound *m3 = &inv->compounds[0], *m1 = &inv->compounds[1];
    double s = 0.005;
    LQ_CHECK(strcmp(m3->name, "Mg3La") == 0 && strcmp(m1->name, "MgLa") == 0);
    LQ_CHECK_CLOSE(m3->x, 0.25, 1e-15, 0.0);
    LQ_CHECK_CLOSE(m3->atoms_per_formula * m3->g_J_per_mol_atom, -3.0 * F * 0.16, 1e-12, 0.0);
    LQ_CHECK_CLOSE(m3->atoms_per_formula * m3->g_sd_J_per_mol_atom, 3.0 * F * s * sqrt(2.0), 1e-12,
                   0.0);
    LQ_CHECK_CLOSE(m1->g_J_per_mol_atom, -F * (0.16 / 2.0 + 0.09), 1e-12, 0.0);
    LQ_CHECK_CLOSE(m1->g_sd_J_per_mol_atom, F * s * sqrt(3.5), 1e-12, 0.0);
    LQ_CHECK_CLOSE(inv->g_cov[1], 1.5 * F * F * s * s, 1e-12, 0.0);
    LQ_CHECK_CLOSE(inv->plateaus[0].ln_a, -3.0 * F * 0.16 / (LQ_GAS_CONSTANT_J_PER_MOL_K * 973.0),
                   1e-12, 0.0);
    LQ_CHECK(strcmp(inv->plateaus[0].phase[0], "HCP_A3") == 0);
    LQ_CHECK(strcmp(inv->plateaus[1].phase[1], "MGLA") == 0);
    printf("  973 K: G_f(Mg3La) = %.1f +- %.1f J/mol, G_f(MgLa) = %.1f +- %.1f J/mol (formula)\n",
           4.0 * m3->g_J_per_mol_atom, 4.0 * m3->g_sd_J_per_mol_atom, 2.0 * m1->g_J_per_mol_atom,
           2.0 * m1->g_sd_J_per_mol_atom);
    lq_cell_inverse_free(inv);
}

/* The forward calculation from the inverted Gibbs energies gives the plateau sequence back
 * (1e-12 V: a linear map and its inverse), the La/La3+ potential for MgLa + La, and the UPD
 * shift of La on Mg (the host-side plateau). */
void test_cell_mgla_round_trip(void) {
    lq_cell_inverse_options io;
    lq_echem_ref ref;
    mgla_options(&io, &ref);
    lq_cell_inverse *inv = NULL;
    LQ_CHECK_STATUS(lq_cell_invert(MGLA, 2, &io, &inv, NULL), LQ_OK);
    if (!inv) return;
    lq_cell_options o;
    lq_cell_options_default(&o);
    o.metal = "La";
    o.host = "Mg";
    o.n_electrons = 3;
    o.T_K = 973.0;
    o.ref = &ref;
    o.E_metal_V = -1.70;
    o.E_host_V = -1.48;
    lq_cell_result *r = NULL;
    LQ_CHECK_STATUS(lq_cell_from_compounds(inv->compounds, inv->n_compounds, &o, &r, NULL), LQ_OK);
    if (r && r->n_fields == 3) {
        const double want[3] = {-1.54, -1.61, -1.70};
        double phi = -1.0910 + 1.17e-5 * 973.0; /* Mg-La study Eq. 6 */
        for (int i = 0; i < 3; i++) {
            LQ_CHECK_CLOSE(r->fields[i].E_ref_V, want[i], 0.0, 1e-12);
            LQ_CHECK_CLOSE(r->fields[i].E_scale_V, want[i] + phi, 0.0, 1e-12);
        }
        LQ_CHECK(strcmp(r->fields[0].phase[1], "Mg3La") == 0);
        LQ_CHECK(strcmp(r->fields[1].phase[0], "Mg3La") == 0);
        LQ_CHECK(strcmp(r->fields[1].phase[1], "MgLa") == 0);
        LQ_CHECK(r->n_deposits == 2);
        double upd = r->deposits[0].E_V;
        LQ_CHECK_CLOSE(upd, 0.16, 0.0, 1e-12);
        LQ_CHECK_CLOSE(r->deposits[1].E_V, 0.17 / 1.5, 1e-12, 0.0);
        /* Table 3: -2.72 (La on Mg) - (-2.86) (La) = 0.14 V from DPMD, whose potentials deviate
         * from experiment by 0.02-0.03 V: the plateau value must agree within 0.03 V. */
        LQ_CHECK_CLOSE(upd, -2.72 - (-2.86), 0.0, 0.03);
        printf("  UPD shift of La on Mg: plateau %.3f V, study Table 3 (DPMD) %.2f V\n", upd,
               -2.72 + 2.86);
    } else {
        LQ_CHECK(r && r->n_fields == 3);
    }
    lq_cell_result_free(r);
    lq_cell_inverse_free(inv);
}

/* Done when 3: the activity datasets pass the dataset reader's validation. */
void test_cell_datasets(void) {
    lq_cell_inverse_options io;
    lq_echem_ref ref;
    mgla_options(&io, &ref);
    lq_cell_inverse *inv = NULL;
    LQ_CHECK_STATUS(lq_cell_invert(MGLA, 2, &io, &inv, NULL), LQ_OK);
    if (!inv) return;
    char dir[] = "/tmp/lq_cell_XXXXXX";
    LQ_CHECK(mkdtemp(dir) != NULL);
    char paths[2][1024];
    for (size_t k = 0; k < 2; k++) {
        lq_dataset *ds = NULL;
        char name[256];
        LQ_CHECK_STATUS(lq_cell_inverse_dataset(inv, k, "test", &ds, name, sizeof name, NULL),
                        LQ_OK);
        snprintf(paths[k], sizeof paths[k], "%s/%s", dir, name);
        LQ_CHECK_STATUS(lq_dataset_write_file(ds, paths[k], NULL), LQ_OK);
        lq_dataset_free(ds);
        lq_dataset *back = NULL;
        LQ_CHECK_STATUS(lq_dataset_read_file(paths[k], &back, NULL), LQ_OK);
        if (!back) continue;
        LQ_CHECK(strcmp(back->output, "ACR_LA") == 0 && back->n_phases == 2);
        LQ_CHECK(strcmp(back->phases[0], inv->plateaus[k].phase[0]) == 0);
        LQ_CHECK(strcmp(back->phases[1], inv->plateaus[k].phase[1]) == 0);
        LQ_CHECK(back->n_ref_phases == 1 && strcmp(back->ref_phases[0], "DHCP") == 0);
        LQ_CHECK_CLOSE(back->values[0], exp(inv->plateaus[k].ln_a), 1e-12, 0.0);
        LQ_CHECK_CLOSE(back->conds[2].values[0], k == 0 ? 0.125 : 0.375, 1e-15, 0.0);
        lq_dataset_free(back);
    }
    lq_dataset_set *set = NULL;
    size_t nerr = 9;
    LQ_CHECK_STATUS(lq_dataset_set_check_dir(dir, &set, NULL, 0, &nerr, NULL), LQ_OK);
    LQ_CHECK(set && set->n == 2 && nerr == 0);
    lq_dataset_set_free(set);
    LQ_CHECK_STATUS(lq_cell_inverse_dataset(inv, 2, "test", &(lq_dataset *){NULL}, NULL, 0, NULL),
                    LQ_EINVAL);
    for (int k = 0; k < 2; k++) remove(paths[k]);
    rmdir(dir);
    lq_cell_inverse_free(inv);
}

/* Exact recovery: plateaus of the database at 500 K (line compounds only, Bi solid) inverted give
 * back the database's Gibbs energies of formation (1e-9 relative: the equilibria's mu). */
void test_cell_bind_inverse_db(void) {
    lq_db *db = bind_db();
    lq_cell_options o;
    bind_options(&o, 500.0);
    lq_cell_result *r = NULL;
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, NULL), LQ_OK);
    lq_db_free(db);
    if (!r) return;
    lq_cell_plateau p[16];
    char form[16][2][64];
    size_t n = 0;
    for (size_t i = 0; i < r->n_fields && n < 16; i++) {
        const lq_cell_field *f = &r->fields[i];
        if (f->n_phases != 2 || f->x_hi > 0.999) continue;
        double xs[2] = {f->x_lo, f->x_hi};
        for (int s = 0; s < 2; s++) {
            if (xs[s] < 1e-12)
                snprintf(form[n][s], 64, "Bi");
            else
                snprintf(form[n][s], 64, "Bi%.6gNd%.6g", 1.0 - xs[s], xs[s]);
            p[n].phase[s] = form[n][s];
            p[n].name[s] = f->phase[s];
        }
        p[n++].E_V = f->E_V;
    }
    LQ_CHECK(n == 6);
    lq_cell_inverse_options io;
    lq_cell_inverse_options_default(&io);
    io.metal = "ND";
    io.host = "BI";
    io.n_electrons = 3;
    io.T_K = 500.0;
    io.E_metal_V = 0.0;
    lq_cell_inverse *inv = NULL;
    LQ_CHECK_STATUS(lq_cell_invert(p, n, &io, &inv, NULL), LQ_OK);
    for (size_t i = 0; inv && i < inv->n_compounds; i++) {
        const lq_cell_deposit *d = NULL;
        for (size_t k = 0; k < r->n_deposits; k++)
            if (strcmp(r->deposits[k].phase, inv->compounds[i].name) == 0) d = &r->deposits[k];
        LQ_CHECK(d != NULL);
        if (d) LQ_CHECK_CLOSE(inv->compounds[i].g_J_per_mol_atom, d->g_J_per_mol_atom, 1e-9, 0.0);
    }
    /* ND3BI7 at 500 K: -77900 + 10.28 T (data/tdb/BiNd.tdb) */
    if (inv) LQ_CHECK_CLOSE(inv->compounds[0].g_J_per_mol_atom, -77900.0 + 5140.0, 1e-9, 0.0);
    lq_cell_inverse_free(inv);
    lq_cell_result_free(r);
}

/* DFT entries: 0 K formation energies -0.12 eV/atom (Mg3La) and -0.17 eV/atom (MgLa) give plateaus
 * -4(-0.12)/3 = 0.16 V and 0.09 V vs La (eV per atom over n: exact to rounding), an off-hull
 * entry is kept out of the plateaus but listed with its deposition potential. */
void test_cell_hull(void) {
    const char *csv =
        "formula,energy_eV\n"
        "Mg,-1.5\nLa,-4.9\nLa,-4.8\n"
        "Mg3La,-9.88\n"   /* 3(-1.5) - 4.9 + 4(-0.12) */
        "MgLa,-6.74\n"    /* -1.5 - 4.9 + 2(-0.17) */
        "MgLa2,-11.48\n"; /* -1.5 - 9.8 + 3(-0.06): above the hull */
    lq_hull_entries en;
    memset(&en, 0, sizeof en);
    LQ_CHECK_STATUS(lq_hull_entries_read_buffer(csv, strlen(csv), "t.csv", &en, NULL), LQ_OK);
    lq_cell_options o;
    lq_cell_options_default(&o);
    o.metal = "La";
    o.host = "Mg";
    o.n_electrons = 3;
    o.T_K = 973.0;
    lq_cell_result *r = NULL;
    LQ_CHECK_STATUS(lq_cell_from_hull(&en, 0, &o, &r, NULL), LQ_OK);
    if (r) {
        LQ_CHECK(r->zero_K == 1 && r->n_fields == 3 && r->n_deposits == 3);
        LQ_CHECK_CLOSE(r->fields[0].E_V, 0.16, 0.0, 1e-12);
        LQ_CHECK_CLOSE(r->fields[1].E_V, 0.09, 0.0, 1e-12);
        LQ_CHECK_CLOSE(r->fields[2].E_V, 0.0, 0.0, 1e-12);
        LQ_CHECK(r->deposits[2].above_hull_J_per_mol_atom > 0.0);
        LQ_CHECK_CLOSE(r->deposits[2].E_V, 0.06 / (2.0 / 3.0) / 3.0, 1e-12, 0.0);
    }
    lq_cell_result_free(r);
    /* an element that is neither the host nor the metal */
    const char *bad = "formula,energy_eV\nMg,-1.5\nLa,-4.9\nNa,-1.3\nMgNa,-3\n";
    lq_hull_entries_free(&en);
    memset(&en, 0, sizeof en);
    LQ_CHECK_STATUS(lq_hull_entries_read_buffer(bad, strlen(bad), "b.csv", &en, NULL), LQ_OK);
    lq_diag d;
    lq_diag_clear(&d);
    r = NULL;
    LQ_CHECK_STATUS(lq_cell_from_hull(&en, 0, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "other than") != NULL && d.line == 4);
    lq_hull_entries_free(&en);
}

static lq_status invert(const lq_cell_plateau *p, size_t n, double E_metal, int nel, lq_diag *d) {
    lq_cell_inverse_options o;
    lq_echem_ref ref;
    mgla_options(&o, &ref);
    o.E_metal_V = E_metal;
    o.n_electrons = nel;
    lq_cell_inverse *inv = NULL;
    lq_diag_clear(d);
    lq_status st = lq_cell_invert(p, n, &o, &inv, d);
    lq_cell_inverse_free(inv);
    return st;
}

/* Done when 4: refusals with a message naming the offence. */
void test_cell_errors(void) {
    lq_diag d;
    LQ_CHECK_STATUS(invert(MGLA, 2, -1.70, 0, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "must be >= 1") != NULL);
    LQ_CHECK_STATUS(invert(MGLA, 2, -1.70, -3, &d), LQ_EINVAL);
    const lq_cell_plateau skip[2] = {{{"Mg3La", "Mg"}, {NULL, NULL}, -1.54},
                                     {{"MgLa", "Mg"}, {NULL, NULL}, -1.61}};
    LQ_CHECK_STATUS(invert(skip, 2, -1.70, 3, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "is not a two-phase field") != NULL);
    LQ_CHECK(strstr(d.msg, "Mg3La") != NULL);
    const lq_cell_plateau order[2] = {{{"Mg3La", "Mg"}, {NULL, NULL}, -1.61},
                                      {{"MgLa", "Mg3La"}, {NULL, NULL}, -1.54}};
    LQ_CHECK_STATUS(invert(order, 2, -1.70, 3, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "wrong order") != NULL);
    LQ_CHECK_STATUS(invert(MGLA, 2, -1.58, 3, &d), LQ_EINVAL); /* La above MgLa + Mg3La */
    LQ_CHECK(strstr(d.msg, "wrong order") != NULL);
    const lq_cell_plateau nohost[1] = {{{"MgLa", "Mg3La"}, {NULL, NULL}, -1.61}};
    LQ_CHECK_STATUS(invert(nohost, 1, -1.70, 3, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "host") != NULL);
    const lq_cell_plateau pure[1] = {{{"La", "Mg"}, {NULL, NULL}, -1.61}};
    LQ_CHECK_STATUS(invert(pure, 1, -1.70, 3, &d), LQ_EINVAL);
    const lq_cell_plateau foreign[1] = {{{"NaMg", "Mg"}, {NULL, NULL}, -1.61}};
    LQ_CHECK_STATUS(invert(foreign, 1, -1.70, 3, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "Na") != NULL);
    const lq_cell_plateau twice[2] = {{{"Mg3La", "Mg"}, {NULL, NULL}, -1.54},
                                      {{"Mg", "Mg3La"}, {NULL, NULL}, -1.55}};
    LQ_CHECK_STATUS(invert(twice, 2, -1.70, 3, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(invert(MGLA, 2, NAN, 3, &d), LQ_EINVAL);
    /* forward */
    lq_db *db = bind_db();
    lq_cell_options o;
    lq_cell_result *r = NULL;
    bind_options(&o, 973.0);
    o.n_electrons = 0;
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, &d), LQ_EINVAL);
    bind_options(&o, -5.0);
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, &d), LQ_EDOM);
    bind_options(&o, 973.0);
    o.metal = "La";
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, &d), LQ_EINVAL);
    bind_options(&o, 973.0);
    o.dx = 0.0;
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, &d), LQ_EINVAL);
    bind_options(&o, 973.0);
    o.E_metal_V = -1.7; /* a potential without its reference electrode */
    LQ_CHECK_STATUS(lq_cell_from_db(db, &o, &r, &d), LQ_EINVAL);
    LQ_CHECK(r == NULL);
    lq_cell_compound c = {"X", 1.5, 1.0, -100.0, 0.0};
    bind_options(&o, 973.0);
    LQ_CHECK_STATUS(lq_cell_from_compounds(&c, 1, &o, &r, &d), LQ_EINVAL);
    lq_db_free(db);
    lq_cell_result_free(NULL);
    lq_cell_inverse_free(NULL);
}

/* Every allocation failure is reported as LQ_ENOMEM and leaks nothing (ASan). */
void test_cell_alloc_failures(void) {
    lq_cell_inverse_options io;
    lq_echem_ref ref;
    mgla_options(&io, &ref);
    int ok = 0;
    for (long k = 0; k < 200 && !ok; k++) {
        lqi_alloc_fail_after(k);
        lq_cell_inverse *inv = NULL;
        lq_cell_result *r = NULL;
        lq_dataset *ds = NULL;
        lq_status st = lq_cell_invert(MGLA, 2, &io, &inv, NULL);
        lq_cell_options o;
        lq_cell_options_default(&o);
        o.metal = "La";
        o.host = "Mg";
        o.n_electrons = 3;
        o.T_K = 973.0;
        if (st == LQ_OK) st = lq_cell_from_compounds(inv->compounds, 2, &o, &r, NULL);
        if (st == LQ_OK) st = lq_cell_inverse_dataset(inv, 0, "t", &ds, NULL, 0, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        ok = st == LQ_OK;
        lq_dataset_free(ds);
        lq_cell_result_free(r);
        lq_cell_inverse_free(inv);
    }
    LQ_CHECK(ok);
}
