/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI datasets: the shared Cu-Mg datasets, round trips, builders and refused files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "ds_compare.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "lq_test.h"

void test_dataset_shared(void);
void test_dataset_roundtrip(void);
void test_dataset_builders(void);
void test_dataset_bad(void);
void test_dataset_errors(void);

#define CUMG "data/espei-datasets/datasets/2-binary/Cu-Mg"

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static const lq_dataset *find(const lq_dataset_set *set, const char *tail) {
    for (size_t i = 0; i < set->n; i++)
        if (ends_with(set->ds[i]->path, tail)) return set->ds[i];
    return NULL;
}

void test_dataset_shared(void) {
    char dir[1024];
    if (lq_test_shared_path("data/espei-datasets/datasets", dir, sizeof dir)) return;
    lq_dataset_set *set = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, &set, &d), LQ_OK);
    if (!set) return;
    /* 29 *.json files below the folder (find -name '*.json' | wc -l); the one
       486-Cu-Mg-HMIX_FCC_A1.json.disabled is not a *.json file and is not read */
    LQ_CHECK(set->n == 29);
    LQ_CHECK(set->n_disabled == 0);
    size_t kinds[3] = {0, 0, 0};
    for (size_t i = 0; i < set->n; i++) {
        kinds[set->ds[i]->kind]++;
        LQ_CHECK(!ends_with(set->ds[i]->path, ".disabled"));
        if (i) LQ_CHECK(strcmp(set->ds[i - 1]->path, set->ds[i]->path) < 0); /* sorted */
    }
    LQ_CHECK(kinds[LQ_DATASET_NONEQ_THERMO] == 21);
    LQ_CHECK(kinds[LQ_DATASET_EQ_THERMO] == 1);
    LQ_CHECK(kinds[LQ_DATASET_ZPF] == 7);

    const lq_dataset *b = find(set, "CU-MG-HM_MIX-LIQUID-Batalin1987.json");
    LQ_CHECK(b != NULL);
    if (b) {
        LQ_CHECK(b->n_configs == 9 && b->shape[0] == 1 && b->shape[1] == 1 && b->shape[2] == 9);
        LQ_CHECK(b->values[0] == -3700.0 && b->values[8] == -2600.0);
        LQ_CHECK(b->configs[0].sub[0].mixing == 1 && b->configs[0].sub[0].n_species == 2);
        LQ_CHECK(b->configs[0].sub[0].occupancy[0] == 0.1);
        LQ_CHECK(strcmp(b->solver_mode, "manual") == 0);
    }
    const lq_dataset *f = find(set, "CU-MG-HM_MIX-FCC_A1-Bocklund2017unpublished.json");
    LQ_CHECK(f && f->configs[3].sub[1].mixing == 0 && f->configs[3].sub[1].occupancy[0] == 1.0 &&
             strcmp(f->configs[3].sub[1].species[0], "VA") == 0);
    const lq_dataset *z = find(set, "CU-MG-ZPF-CUMG2-HCP_A3-Jones1931.json");
    LQ_CHECK(z != NULL);
    if (z) {
        LQ_CHECK(z->n_regions == 3 && z->broadcast == 0);
        LQ_CHECK(z->regions[0].T == 733.15 && z->regions[2].P == 101325.0);
        LQ_CHECK(z->regions[2].v[0].x[0] == 0.001134 && isnan(z->regions[2].v[1].x[0]));
        LQ_CHECK(strcmp(z->regions[1].v[1].phase, "CUMG2") == 0);
    }
    const lq_dataset *a = find(set, "CU-MG-ACR_MG-LIQUID-garg1973thermodynamic.json");
    LQ_CHECK(a && a->kind == LQ_DATASET_EQ_THERMO && a->shape[2] == 10 && a->n_ref_conds == 3);
    lq_dataset_set_free(set);

    /* ESPEI's load_datasets skips "disabled": true without checking the dataset */
    char tmp[] = "/tmp/lq_ds_XXXXXX";
    if (!mkdtemp(tmp)) return;
    char p[512];
    snprintf(p, sizeof p, "%s/off.json", tmp);
    const char *off = "{\"disabled\": true, \"output\": 3}";
    LQ_CHECK_STATUS(lq_file_write_atomic(p, off, strlen(off), NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(tmp, &set, &d), LQ_OK);
    LQ_CHECK(set && set->n == 0 && set->n_disabled == 1);
    lq_dataset_set_free(set);
    remove(p);
    rmdir(tmp);
}

/* read -> write -> read gives the same dataset; the second write gives the same bytes. */
static void roundtrip_one(const lq_dataset *ds, const char *tmp) {
    lq_diag d;
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/a.json", tmp);
    snprintf(p2, sizeof p2, "%s/b.json", tmp);
    LQ_CHECK_STATUS(lq_dataset_write_file(ds, p1, &d), LQ_OK);
    lq_dataset *back = NULL;
    LQ_CHECK_STATUS(lq_dataset_read_file(p1, &back, &d), LQ_OK);
    if (!back) return;
    int same = ds_equal(ds, back);
    if (!same) fprintf(stderr, "  round trip differs: %s\n", ds->path ? ds->path : "(built)");
    LQ_CHECK(same);
    LQ_CHECK_STATUS(lq_dataset_write_file(back, p2, &d), LQ_OK);
    char *t1 = NULL, *t2 = NULL;
    size_t n1 = 0, n2 = 0;
    if (lq_file_read_all(p1, &t1, &n1, NULL) == LQ_OK && lq_file_read_all(p2, &t2, &n2, NULL) == 0)
        LQ_CHECK(n1 == n2 && memcmp(t1, t2, n1) == 0);
    lq_free(t1);
    lq_free(t2);
    lq_dataset_free(back);
    remove(p1);
    remove(p2);
}

void test_dataset_roundtrip(void) {
    char dir[1024], good[1024];
    if (lq_test_shared_path("data/espei-datasets/datasets", dir, sizeof dir)) return;
    char tmp[] = "/tmp/lq_ds_XXXXXX";
    if (!mkdtemp(tmp)) return;
    lq_dataset_set *set = NULL;
    if (lq_dataset_set_read_dir(dir, &set, NULL) == LQ_OK) {
        for (size_t i = 0; i < set->n; i++) roundtrip_one(set->ds[i], tmp);
        lq_dataset_set_free(set);
    }
    /* tolerated keys, flags, reference states and a P x T grid (tests/assess_data/good) */
    lq_test_source_path("tests/assess_data/good", good, sizeof good);
    lq_diag d;
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(good, &set, &d), LQ_OK);
    if (set) {
        LQ_CHECK(set->n == 3);
        for (size_t i = 0; i < set->n; i++) roundtrip_one(set->ds[i], tmp);
        const lq_dataset *z = find(set, "zpf_extra_keys.json");
        LQ_CHECK(z && z->regions[2].v[0].disordered == 1 && z->comment == NULL &&
                 z->weight == 2.5 && z->n_tags == 1 && strcmp(z->bibtex, "x2020") == 0);
        const lq_dataset *m = find(set, "mix_grid.json");
        LQ_CHECK(m && m->shape[0] == 2 && m->shape[1] == 2 && m->values[(1 * 2 + 0) * 2 + 1] == 6);
        const lq_dataset *e = find(set, "eq_hm_mix.json");
        LQ_CHECK(e && e->n_ref_states == 2 && e->ref_states[1].n_fixed == 1 &&
                 e->ref_states[1].fixed[0].values[0] == 1200.0);
        lq_dataset_set_free(set);
    }
    rmdir(tmp);
}

void test_dataset_builders(void) {
    char tmp[] = "/tmp/lq_ds_XXXXXX";
    if (!mkdtemp(tmp)) return;
    lq_diag d;
    lq_dataset *ds = NULL;
    /* Nd activity in liquid Bi at 973 K (numbers of the kind the emf analysis gives) */
    const double x[] = {0.01, 0.02, 0.03}, a[] = {1e-13, 3e-13, 8e-13};
    LQ_CHECK_STATUS(
        lq_dataset_build_activity("ND", "BI", "LIQUID", "BCC_A2", 973.0, x, a, 3, "test", &ds, &d),
        LQ_OK);
    if (ds) {
        LQ_CHECK(strcmp(ds->output, "ACR_ND") == 0 && strcmp(ds->components[0], "BI") == 0);
        LQ_CHECK(ds->shape[2] == 3 && ds->values[1] == 3e-13 && ds->n_ref_conds == 3);
        LQ_CHECK_STATUS(lq_dataset_validate(ds, &d), LQ_OK);
        roundtrip_one(ds, tmp);
        lq_dataset_free(ds);
        ds = NULL;
    }
    const double bad_x[] = {0.01, 1.2, 0.03}, bad_a[] = {1e-13, 0.0, 8e-13};
    LQ_CHECK_STATUS(lq_dataset_build_activity("ND", "BI", "LIQUID", "BCC_A2", 973.0, bad_x, a, 3,
                                              NULL, &ds, &d),
                    LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "conditions.X_ND[1]") == 0);
    LQ_CHECK_STATUS(lq_dataset_build_activity("ND", "BI", "LIQUID", "BCC_A2", 973.0, x, bad_a, 3,
                                              NULL, &ds, &d),
                    LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "values[0][0][1]") == 0);
    LQ_CHECK_STATUS(
        lq_dataset_build_activity("ND", "ND", "LIQUID", "L", 973.0, x, a, 3, NULL, &ds, &d),
        LQ_EINVAL);
    LQ_CHECK(ds == NULL);

    /* NdBi2 formation enthalpy on two sublattices */
    const char *els[] = {"ND", "BI"};
    const double ratios[] = {1.0, 2.0};
    LQ_CHECK_STATUS(
        lq_dataset_build_hm_form(els, ratios, 2, "NDBI2", 298.15, -60000.0, "dft", &ds, &d), LQ_OK);
    if (ds) {
        LQ_CHECK(ds->n_components == 2 && strcmp(ds->components[0], "BI") == 0);
        LQ_CHECK(ds->n_configs == 1 && ds->configs[0].n_sublattices == 2 &&
                 strcmp(ds->configs[0].sub[0].species[0], "ND") == 0 &&
                 ds->configs[0].sub[0].occupancy == NULL && ds->values[0] == -60000.0);
        roundtrip_one(ds, tmp);
        lq_dataset_free(ds);
        ds = NULL;
    }
    const double bad_ratio[] = {1.0, -2.0};
    LQ_CHECK_STATUS(
        lq_dataset_build_hm_form(els, bad_ratio, 2, "NDBI2", 298.15, -6e4, NULL, &ds, &d),
        LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "solver.sublattice_site_ratios[1]") == 0);

    /* two two-phase regions and a three-phase invariant (x of BI, NaN = unknown) */
    const char *ph[] = {"LIQUID", "NDBI2"};
    const double T[] = {900.0, 1000.0};
    const double xz[] = {0.95, (double)NAN, 0.9, 0.6667};
    LQ_CHECK_STATUS(lq_dataset_build_zpf("BI", "ND", ph, 2, T, xz, 2, "dsc", &ds, &d), LQ_OK);
    if (ds) {
        LQ_CHECK(ds->n_regions == 2 && ds->n_phases == 2 && isnan(ds->regions[0].v[1].x[0]));
        LQ_CHECK(ds->regions[1].v[1].x[0] == 0.6667 && ds->regions[1].T == 1000.0);
        roundtrip_one(ds, tmp);
        lq_dataset_free(ds);
        ds = NULL;
    }
    const double xnull[] = {(double)NAN, (double)NAN, 0.9, 0.6667};
    LQ_CHECK_STATUS(lq_dataset_build_zpf("BI", "ND", ph, 2, T, xnull, 2, NULL, &ds, &d), LQ_EINVAL);
    LQ_CHECK(strcmp(d.field, "values[0]") == 0);
    LQ_CHECK_STATUS(lq_dataset_build_zpf("BI", "ND", ph, 2, NULL, xz, 2, NULL, &ds, &d), LQ_EINVAL);
    rmdir(tmp);
}

/* 1 when the diagnostics name their files in sorted order (the read order). */
static int i_strcmp_sorted(const lq_diag *e, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (strcmp(e[i - 1].file, e[i].file) >= 0) return 0;
    return 1;
}

/* Each file of tests/assess_data/bad is refused, naming the file and the field. */
void test_dataset_bad(void) {
    static const struct {
        const char *file, *field;
    } cases[] = {
        {"missing_output", "output"},
        {"missing_values", "values"},
        {"missing_T", "conditions.T"},
        {"shape_noneq", "values"},
        {"shape_eq", "values"},
        {"ragged_values", "values[0][1]"},
        {"unknown_component", "solver.sublattice_configurations[0][1]"},
        {"unused_component", "components[2]"},
        {"zpf_unknown_phase", "values[1][0]"},
        {"zpf_unused_phase", "phases[3]"},
        {"zpf_empty_region", "values[1]"},
        {"zpf_no_phase", "values[2][0]"},
        {"zpf_phase_not_string", "values[2][0]"},
        {"zpf_all_null", "values[0]"},
        {"zpf_sum_gt_one", "values[2][0]"},
        {"zpf_ncomps", "values[0][1]"},
        {"zpf_ncount", "values[0][1]"},
        {"zpf_T_count", "values"},
        {"zpf_x_range", "values[2][0]"},
        {"mixing_no_occupancies", "solver.sublattice_occupancies"},
        {"mixing_unsorted", "solver.sublattice_configurations[1][0]"},
        {"occupancy_shape", "solver.sublattice_occupancies[1][0]"},
        {"occupancy_count", "solver.sublattice_occupancies"},
        {"site_ratio_count", "solver.sublattice_configurations[0]"},
        {"components_type", "components"},
        {"phases_type", "phases[0]"},
        {"values_string", "values[0][0][0]"},
        {"values_null", "values[0][0][1]"},
        {"values_inf", "values[0][0][0]"},
        {"activity_no_reference_state", "reference_state.phases"},
        {"activity_unknown_component", "output"},
        {"activity_zero", "values[0][0][0]"},
        {"eq_x_unknown", "conditions.X_ZN"},
        {"eq_x_lengths", "conditions.X_NI"},
        {"eq_no_x", "conditions"},
        {"x_range", "conditions.X_CU[2]"},
        {"weight_negative", "weight"},
        {"broadcast_type", "broadcast_conditions"},
        {"reference_states_no_phase", "reference_states.CU.phase"},
        {"emf_no_block", "emf"},
        {"emf_element_unknown", "emf.element"},
        {"emf_n_electrons", "emf.n_electrons"},
        {"emf_no_reference_state", "reference_states.ND"},
        {"emf_reference_name", "emf.reference_electrode.name"},
        {"emf_not_emf_output", "emf"},
        {"not_object", ""},
        {"syntax", ""},
    };
    size_t n = sizeof cases / sizeof *cases;
    for (size_t i = 0; i < n; i++) {
        char rel[256], path[1024];
        snprintf(rel, sizeof rel, "tests/assess_data/bad/%s.json", cases[i].file);
        lq_test_source_path(rel, path, sizeof path);
        lq_dataset *ds = NULL;
        lq_diag d;
        lq_status st = lq_dataset_read_file(path, &ds, &d);
        int ok = st == LQ_EPARSE && ds == NULL && strcmp(d.file, path) == 0 &&
                 strcmp(d.field, cases[i].field) == 0 && d.msg[0] != '\0';
        if (!ok)
            fprintf(stderr, "  %s: status %s, file '%s', field '%s' (want '%s'): %s\n",
                    cases[i].file, lq_status_str(st), d.file, d.field, cases[i].field, d.msg);
        LQ_CHECK(ok);
        lq_dataset_free(ds);
    }
    /* the JSON syntax error names its line */
    char path[1024];
    lq_test_source_path("tests/assess_data/bad/syntax.json", path, sizeof path);
    lq_diag d;
    lq_dataset *ds = NULL;
    LQ_CHECK_STATUS(lq_dataset_read_file(path, &ds, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 3);
    /* a folder with one bad file fails, naming that file */
    char dir[1024];
    lq_test_source_path("tests/assess_data/bad", dir, sizeof dir);
    lq_dataset_set *set = NULL;
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, &set, &d), LQ_EPARSE);
    LQ_CHECK(set == NULL && strstr(d.file, "tests/assess_data/bad/") != NULL);

    /* checking goes on after a bad file: tests/assess_data holds good/ (3) and bad/ (47) */
    lq_test_source_path("tests/assess_data", dir, sizeof dir);
    lq_diag errs[64];
    size_t ne = 0;
    LQ_CHECK_STATUS(lq_dataset_set_check_dir(dir, &set, errs, 64, &ne, &d), LQ_EPARSE);
    LQ_CHECK(set && set->n == 3 && ne == n);
    size_t named = 0;
    for (size_t i = 0; i < ne && i < 64; i++)
        named += strstr(errs[i].file, "/bad/") != NULL && errs[i].msg[0] != '\0';
    LQ_CHECK(named == n);
    LQ_CHECK(i_strcmp_sorted(errs, ne));
    lq_dataset_set_free(set);
    set = NULL;
    LQ_CHECK_STATUS(lq_dataset_set_check_dir(dir, &set, NULL, 0, &ne, &d), LQ_EPARSE);
    LQ_CHECK(set && set->n == 3 && ne == n && strstr(d.file, "/bad/") != NULL);
    lq_dataset_set_free(set);
    LQ_CHECK_STATUS(lq_dataset_set_check_dir(dir, &set, NULL, 4, &ne, &d), LQ_EINVAL);
}

/* Arguments, missing files, and allocation failures at every step (leak-free under ASan). */
void test_dataset_errors(void) {
    lq_diag d;
    lq_dataset *ds = NULL;
    LQ_CHECK_STATUS(lq_dataset_read_file(NULL, &ds, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_read_file("/nonexistent/x.json", &ds, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_dataset_read_string(NULL, "x", &ds, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_set_read_dir("/nonexistent", NULL, &d), LQ_EINVAL);
    lq_dataset_set *set = NULL;
    LQ_CHECK_STATUS(lq_dataset_set_read_dir("/nonexistent", &set, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_dataset_validate(NULL, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_write_file(NULL, "x.json", &d), LQ_EINVAL);
    lq_dataset_free(NULL);
    lq_dataset_set_free(NULL);

    char path[1024];
    lq_test_source_path("tests/assess_data/good/zpf_extra_keys.json", path, sizeof path);
    int ok_seen = 0;
    for (long k = 0; k < 400 && !ok_seen; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_dataset_read_file(path, &ds, &d);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        if (st == LQ_OK) {
            ok_seen = 1;
            lq_dataset_free(ds);
        }
    }
    LQ_CHECK(ok_seen);
    const double x[] = {0.1, 0.2}, a[] = {0.01, 0.03}, T[] = {900, 950},
                 xz[] = {0.1, (double)NAN, 0.2, 0.5};
    const char *els[] = {"CU", "MG"}, *ph[] = {"LIQUID", "CUMG2"};
    const double r[] = {1, 2};
    for (int b = 0; b < 3; b++) {
        ok_seen = 0;
        for (long k = 0; k < 400 && !ok_seen; k++) {
            lqi_alloc_fail_after(k);
            lq_status st =
                b == 0   ? lq_dataset_build_activity("MG", "CU", "LIQUID", "HCP_A3", 1200, x, a, 2,
                                                     "r", &ds, &d)
                : b == 1 ? lq_dataset_build_hm_form(els, r, 2, "CUMG2", 298.15, -1e4, "r", &ds, &d)
                         : lq_dataset_build_zpf("MG", "CU", ph, 2, T, xz, 2, "r", &ds, &d);
            lqi_alloc_fail_after(-1);
            LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
            if (st == LQ_OK) {
                ok_seen = 1;
                lq_dataset_free(ds);
            }
        }
        LQ_CHECK(ok_seen);
    }
}
