/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hull entries files: reading, per-atom versus per-formula energies, errors with file:line. */
#include <math.h>

#include "core/core_internal.h"
#include "dft_test.h"
#include "liquidus/assess.h"
#include "liquidus/dft.h"
#include "liquidus/units.h"

static const char GOOD[] =
    "# comment\n"
    "name,formula,energy_eV,phase\n"
    "Bi_a7, Bi2 ,-8.0,BI\n"
    "Nd,Nd,-5.0,\r\n"
    "\n"
    "NdBi,NdBi,-12.0,NDBI\n"
    "NdBi2,NdBi2,-16.0,NDBI2\n";

static void good_file(void) {
    lq_hull_entries e;
    lq_diag d;
    LQ_CHECK_STATUS(lq_hull_entries_read_buffer(GOOD, sizeof GOOD - 1, "g.csv", &e, &d), LQ_OK);
    LQ_CHECK(e.n == 4 && e.n_el == 2 && e.z[0] == 83 && e.z[1] == 60);
    LQ_CHECK(strcmp(e.entries[0].formula, "Bi2") == 0 && e.entries[0].amount[0] == 2.0);
    LQ_CHECK(strcmp(e.entries[1].phase, "") == 0 && e.entries[1].line == 4);
    LQ_CHECK(strcmp(e.entries[3].phase, "NDBI2") == 0 && e.entries[3].line == 7);
    lq_hull *h = NULL;
    LQ_CHECK_STATUS(lq_hull_entries_build(&e, 0, &h, NULL), LQ_OK);
    /* exact by construction: refs Bi -4, Nd -5 eV/atom; NdBi (-12 + 9)/2 = -1.5 eV/atom */
    double ef = 0.0, ea = 0.0;
    LQ_CHECK_STATUS(lq_hull_entry(h, 2, &ef, &ea), LQ_OK);
    LQ_CHECK_CLOSE(ef, -1.5, 1e-12, 1e-12);
    LQ_CHECK_CLOSE(lq_hull_reference_eV_per_atom(h, 0), -4.0, 1e-12, 0.0);
    /* invariance: the same energies given per atom give the same hull */
    lq_hull_entries pa = e;
    lq_hull_input_entry copy[4];
    memcpy(copy, e.entries, sizeof copy);
    pa.entries = copy;
    for (size_t i = 0; i < 4; i++) {
        double atoms = 0.0;
        for (size_t k = 0; k < copy[i].nz; k++) atoms += copy[i].amount[k];
        copy[i].energy_eV /= atoms;
    }
    lq_hull *h2 = NULL;
    LQ_CHECK_STATUS(lq_hull_entries_build(&pa, 1, &h2, NULL), LQ_OK);
    for (size_t i = 0; i < 4; i++) {
        double a = 0.0, b = 0.0;
        lq_hull_entry(h, i, &a, NULL);
        lq_hull_entry(h2, i, &b, NULL);
        LQ_CHECK_CLOSE(b, a, 1e-12, 1e-12);
    }
    lq_hull_free(h2);
    lq_hull_free(h);
    lq_hull_entries_free(&e);
    lq_hull_entries_free(NULL);
}

static void check_error(const char *text, lq_status want, long line, const char *what) {
    lq_hull_entries e;
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_hull_entries_read_buffer(text, strlen(text), "bad.csv", &e, &d), want);
    LQ_CHECK(d.line == line);
    LQ_CHECK(strstr(d.msg, what) != NULL || strstr(d.field, what) != NULL);
}

static void errors(void) {
    check_error("name,formula\nBi,Bi\n", LQ_EPARSE, 1, "header needs");
    check_error("formula,energy_eV\nBi,abc\n", LQ_EPARSE, 2, "energy_eV");
    check_error("formula,energy_eV\nBi,-1\nQq2,3\n", LQ_EPARSE, 3, "formula");
    check_error("formula,energy_eV,phase\nBi\n", LQ_EPARSE, 2, "expected 3 columns");
    check_error("# only\nformula,energy_eV\n", LQ_EPARSE, 0, "no entries");
    LQ_CHECK_STATUS(lq_hull_entries_read_buffer(NULL, 3, "x", &(lq_hull_entries){0}, NULL),
                    LQ_EINVAL);
    /* an element without an elemental entry: the build names the file and the entry's line */
    const char *noref = "formula,energy_eV\nBi,-4\n\nNdBi,-12\n";
    lq_hull_entries e;
    LQ_CHECK_STATUS(lq_hull_entries_read_buffer(noref, strlen(noref), "noref.csv", &e, NULL),
                    LQ_OK);
    lq_hull *h = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_hull_entries_build(&e, 0, &h, &d);
    LQ_CHECK_STATUS(st, LQ_ENOTFOUND);
    LQ_CHECK(strcmp(d.file, "noref.csv") == 0);
    lq_hull_entries_free(&e);
    /* allocation failures: LQ_ENOMEM and nothing leaked (ASan) */
    int saw_ok = 0;
    for (long n = 0; n < 50 && !saw_ok; n++) {
        lqi_alloc_fail_after(n);
        st = lq_hull_entries_read_buffer(GOOD, sizeof GOOD - 1, "g.csv", &e, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            saw_ok = 1;
            lq_hull_entries_free(&e);
        } else {
            LQ_CHECK_STATUS(st, LQ_ENOMEM);
        }
    }
    LQ_CHECK(saw_ok);
}

static void dataset(void) {
    lq_hull_input_entry e;
    memset(&e, 0, sizeof e);
    snprintf(e.name, sizeof e.name, "Nd2Bi4 cell");
    snprintf(e.formula, sizeof e.formula, "Nd2Bi4");
    LQ_CHECK_STATUS(lq_formula_parse(e.formula, e.z, e.amount, LQ_HULL_MAX_ELEMENTS, &e.nz), LQ_OK);
    lq_dataset *ds = NULL;
    char name[256];
    LQ_CHECK_STATUS(lq_hull_dataset_build(&e, -1.0, 298.15, "t", &ds, name, sizeof name, NULL),
                    LQ_OK);
    /* Nd2Bi4 -> 1:2 in formula order, components sorted, phase from the name */
    LQ_CHECK(strcmp(name, "BI-ND-HM_FORM-ND2BI4_CELL-t.json") == 0);
    LQ_CHECK(ds && ds->n_site_ratios == 2 && ds->site_ratios[0] == 1.0 &&
             ds->site_ratios[1] == 2.0);
    LQ_CHECK(ds && ds->n_components == 2 && strcmp(ds->components[0], "BI") == 0);
    LQ_CHECK(ds && strcmp(ds->configs[0].sub[0].species[0], "ND") == 0);
    /* -1 eV/atom in J/mol, rounded to 1e-3 J/mol */
    double want = round(-LQ_EV_PER_PARTICLE_TO_J_PER_MOL * 1000.0) / 1000.0;
    LQ_CHECK(ds && ds->values[0] == want && strcmp(ds->output, "HM_FORM") == 0);
    LQ_CHECK(ds && ds->comment && strstr(ds->comment, "Nd2Bi4") != NULL);
    /* a written dataset reads back as a valid ESPEI dataset */
    char path[] = "hull_dataset_test.json";
    LQ_CHECK_STATUS(lq_dataset_write_file(ds, path, NULL), LQ_OK);
    lq_dataset *back = NULL;
    LQ_CHECK_STATUS(lq_dataset_read_file(path, &back, NULL), LQ_OK);
    LQ_CHECK(back && back->values[0] == want);
    lq_dataset_free(back);
    lq_dataset_free(ds);
    unlink(path);
    /* fractional amounts keep their ratios */
    e.amount[0] = 0.5;
    e.amount[1] = 1.5;
    LQ_CHECK_STATUS(lq_hull_dataset_build(&e, -1.0, 298.15, "t", &ds, NULL, 0, NULL), LQ_OK);
    LQ_CHECK(ds && ds->site_ratios[0] == 0.5 && ds->site_ratios[1] == 1.5);
    lq_dataset_free(ds);
    LQ_CHECK_STATUS(lq_hull_dataset_build(&e, (double)NAN, 298.15, "t", &ds, NULL, 0, NULL),
                    LQ_EINVAL);
}

void test_dft_hull_input(void) {
    good_file();
    errors();
    dataset();
}
