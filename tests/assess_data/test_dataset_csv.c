/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV of measured phase boundaries -> ESPEI ZPF dataset. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess/dataset_internal.h"
#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "lq_test.h"

void test_zpf_csv(void);
void test_zpf_csv_bad(void);

void test_zpf_csv(void) {
    char path[1024];
    lq_test_source_path("tests/assess_data/ndbi-boundaries.csv", path, sizeof path);
    lq_dataset *ds = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_dataset_zpf_from_csv(path, "ND", "BI", &ds, &d), LQ_OK);
    if (!ds) return;
    LQ_CHECK(ds->kind == LQ_DATASET_ZPF && ds->n_regions == 4 && ds->path == NULL);
    LQ_CHECK(strcmp(ds->components[0], "BI") == 0 && strcmp(ds->components[1], "ND") == 0);
    LQ_CHECK(ds->n_phases == 5 && strcmp(ds->phases[1], "ND3BI7") == 0 &&
             strcmp(ds->phases[4], "BI_RHOMBO") == 0);
    LQ_CHECK(ds->regions[0].T == 773.0 && ds->regions[0].v[0].x[0] == 0.0099);
    LQ_CHECK(isnan(ds->regions[1].v[1].x[0]) && strcmp(ds->regions[2].v[0].phase, "LIQUID") == 0);
    LQ_CHECK(ds->regions[3].n_vertices == 3 && isnan(ds->regions[3].v[0].x[0]) &&
             ds->regions[3].v[2].x[0] == 0.3 && ds->regions[3].T == 539.0);
    LQ_CHECK(strcmp(ds->reference, "seed004") == 0 &&
             strcmp(ds->regions[0].v[0].comps[0], "ND") == 0);
    LQ_CHECK_STATUS(lq_dataset_validate(ds, &d), LQ_OK);
    lq_dataset_free(ds);

    /* T in Celsius (exact 273.15 offset), quoted fields, columns in another order */
    lq_test_source_path("tests/assess_data/ndbi-celsius.csv", path, sizeof path);
    LQ_CHECK_STATUS(lq_dataset_zpf_from_csv(path, "ND", "BI", &ds, &d), LQ_OK);
    if (!ds) return;
    LQ_CHECK_CLOSE(ds->regions[0].T, 773.0, 1e-12, 0.0); /* 499.85 + 273.15, binary rounding */
    LQ_CHECK(strcmp(ds->reference, "Kurata, 1996") == 0 && ds->n_regions == 2);
    lq_dataset_free(ds);
}

void test_zpf_csv_bad(void) {
    static const struct {
        const char *csv, *field;
        long line;
    } cases[] = {
        {"T_K,phase1,x1\n", "", 0},                                  /* no rows */
        {"# only a comment\n", "", 1},                               /* no header */
        {"T_K,phase1,x1,colour\n900,LIQUID,0.1,red\n", "colour", 1}, /* unknown column */
        {"phase1,x1\nLIQUID,0.1\n", "T_K", 1},
        {"T_K,phase1,x1,phase2\n900,LIQUID,0.1,FCC\n", "phase2", 1},
        {"T_K,phase1,x1\nhot,LIQUID,0.1\n", "t_k", 2},
        {"T_K,phase1,x1\n-5,LIQUID,0.1\n", "t_k", 2},
        {"T_K,phase1,x1\n900,LIQUID,1.5\n", "x1", 2},
        {"T_K,phase1,x1,phase2,x2\n900,LIQUID,0.1,,0.2\n", "x2", 2},
        {"T_K,phase1,x1\n900,,\n", "phase1", 2},
        {"T_K,phase1,x1,phase2,x2\n900,LIQUID,0.1,FCC,\n\n950,LIQUID,,FCC,\n", "values[1]", 4},
        {"T_K,phase1,x1,reference\n900,LIQUID,0.1,A\n950,LIQUID,0.2,B\n", "reference", 3},
        {"T_K,phase1,x1\n900,\"LIQUID,0.1\n", "", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s", cases[i].csv);
        lq_dataset *ds = NULL;
        lq_diag d;
        lq_status st = lqi_ds_zpf_from_csv_text(text, "b.csv", "ND", "BI", &ds, &d);
        int ok = st == LQ_EPARSE && !ds && strcmp(d.field, cases[i].field) == 0 &&
                 d.line == cases[i].line && strcmp(d.file, "b.csv") == 0;
        if (!ok)
            fprintf(stderr, "  csv case %zu: %s line %ld field '%s': %s\n", i, lq_status_str(st),
                    d.line, d.field, d.msg);
        LQ_CHECK(ok);
    }
    lq_dataset *ds = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_dataset_zpf_from_csv("/nonexistent.csv", "ND", "BI", &ds, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_dataset_zpf_from_csv("x.csv", "ND", "ND", &ds, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_dataset_zpf_from_csv(NULL, "ND", "BI", &ds, &d), LQ_EINVAL);
    char path[1024];
    lq_test_source_path("tests/assess_data/ndbi-boundaries.csv", path, sizeof path);
    for (long k = 0; k < 400; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_dataset_zpf_from_csv(path, "ND", "BI", &ds, &d);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        if (st == LQ_OK) {
            lq_dataset_free(ds);
            break;
        }
    }
}
