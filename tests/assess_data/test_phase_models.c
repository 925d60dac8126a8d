/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI phase-models files: the Cu-Mg input of the shared data, ESPEI's Al-Ni example, errors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "lq_test.h"

void test_phase_models_cumg(void);
void test_phase_models_alni(void);
void test_phase_models_bad(void);

void test_phase_models_cumg(void) {
    char path[1024];
    if (lq_test_shared_path("data/espei-datasets/old-phase-models/Cu-Mg-input.json", path,
                            sizeof path))
        return;
    lq_assess_phase_models *pm = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_phase_models_read(path, &pm, &d), LQ_OK);
    if (!pm) return;
    LQ_CHECK(pm->n_components == 3 && strcmp(pm->components[2], "VA") == 0);
    LQ_CHECK(pm->refdata && strcmp(pm->refdata, "SGTE91") == 0);
    LQ_CHECK(pm->n_phases == 5 && strcmp(pm->phases[0].name, "LIQUID") == 0);
    const lq_assess_phase_model *h = lq_assess_phase_models_find(pm, "HCP_A3");
    LQ_CHECK(h && h->n_sublattices == 2 && h->site_ratios[0] == 1.0 && h->site_ratios[1] == 0.5);
    LQ_CHECK(h && h->sublattices[0].n_species == 2 && h->sublattices[1].n_species == 1 &&
             strcmp(h->sublattices[1].species[0], "VA") == 0);
    const lq_assess_phase_model *c = lq_assess_phase_models_find(pm, "CUMG2");
    LQ_CHECK(c && c->site_ratios[1] == 2.0 && strcmp(c->sublattices[1].species[0], "MG") == 0);
    LQ_CHECK(c && isnan(c->ihj_magnetic_afm_factor) && c->ordered_phase == NULL);
    LQ_CHECK(lq_assess_phase_models_find(pm, "BCC_A2") == NULL);
    lq_assess_phase_models_free(pm);
}

/* ESPEI 0.9.1 docs/input_data.rst example, with model hints for the order-disorder pair. */
static const char *alni =
    "{\"refdata\": \"SGTE91\", \"components\": [\"AL\", \"NI\", \"VA\"], \"phases\": {"
    "\"LIQUID\": {\"sublattice_model\": [[\"AL\", \"NI\"]], \"sublattice_site_ratios\": [1]},"
    "\"BCC_B2\": {\"aliases\": [\"BCC_A2\"], \"sublattice_model\": [[\"AL\", \"NI\", \"VA\"], "
    "[\"AL\", \"NI\", \"VA\"], [\"VA\"]], \"sublattice_site_ratios\": [0.5, 0.5, 1], "
    "\"equivalent_sublattices\": [[0, 1]]},"
    "\"FCC_A1\": {\"sublattice_model\": [[\"AL\", \"NI\"], [\"VA\"]], "
    "\"sublattice_site_ratios\": [1, 1], \"model_hints\": {\"ihj_magnetic_afm_factor\": -3, "
    "\"ihj_magnetic_structure_factor\": 0.28}},"
    "\"FCC_L12\": {\"sublattice_model\": [[\"AL\", \"NI\"], [\"AL\", \"NI\"], [\"AL\", \"NI\"], "
    "[\"AL\", \"NI\"], [\"VA\"]], \"sublattice_site_ratios\": [0.25, 0.25, 0.25, 0.25, 1], "
    "\"equivalent_sublattices\": [[0, 1, 2, 3]], \"model_hints\": {\"ordered_phase\": "
    "\"FCC_L12\", \"disordered_phase\": \"FCC_A1\"}},"
    "\"AL3NI2\": {\"sublattice_site_ratios\": [3, 2, 1], \"sublattice_model\": [[\"AL\"], "
    "[\"AL\", \"NI\"], [\"NI\", \"VA\"]], \"comment\": \"ignored\"}}}";

void test_phase_models_alni(void) {
    lq_assess_phase_models *pm = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_phase_models_read_string(alni, "alni.json", &pm, &d), LQ_OK);
    if (!pm) return;
    LQ_CHECK(pm->n_phases == 5);
    const lq_assess_phase_model *b = lq_assess_phase_models_find(pm, "BCC_A2");
    LQ_CHECK(b && strcmp(b->name, "BCC_B2") == 0 && b->n_equivalent == 1 &&
             b->equivalent[0].n == 2 && b->equivalent[0].index[1] == 1);
    const lq_assess_phase_model *l = lq_assess_phase_models_find(pm, "FCC_L12");
    LQ_CHECK(l && l->equivalent[0].n == 4 && strcmp(l->disordered_phase, "FCC_A1") == 0 &&
             strcmp(l->ordered_phase, "FCC_L12") == 0);
    const lq_assess_phase_model *f = lq_assess_phase_models_find(pm, "FCC_A1");
    LQ_CHECK(f && f->ihj_magnetic_afm_factor == -3.0 && f->ihj_magnetic_structure_factor == 0.28);
    lq_assess_phase_models_free(pm);

    for (long k = 0; k < 300; k++) { /* allocation failures at every step */
        lqi_alloc_fail_after(k);
        lq_status st = lq_assess_phase_models_read_string(alni, "alni.json", &pm, &d);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        if (st == LQ_OK) {
            lq_assess_phase_models_free(pm);
            break;
        }
    }
}

void test_phase_models_bad(void) {
    static const struct {
        const char *json, *field;
        lq_status st;
    } cases[] = {
        {"{\"phases\": {}}", "components", LQ_EPARSE},
        {"{\"components\": [\"A\"]}", "phases", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]]}}}",
         "phases.L.sublattice_site_ratios", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1, 2]}}}",
         "phases.L.sublattice_site_ratios", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [-1]}}}",
         "phases.L.sublattice_site_ratios[0]", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\", \"B\"]], "
         "\"sublattice_site_ratios\": [1]}}}",
         "phases.L.sublattice_model[0][1]", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [\"A\"], "
         "\"sublattice_site_ratios\": [1]}}}",
         "phases.L.sublattice_model[0]", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1], \"aliases\": [\"S\"]}, \"S\": {\"sublattice_model\": "
         "[[\"A\"]], \"sublattice_site_ratios\": [1]}}}",
         "phases.L.aliases[0]", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1], \"aliases\": [\"X\"]}, \"S\": {\"sublattice_model\": "
         "[[\"A\"]], \"sublattice_site_ratios\": [1], \"aliases\": [\"X\"]}}}",
         "phases.S.aliases[0]", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1], \"equivalent_sublattices\": [[0, 1]]}}}",
         "phases.L.equivalent_sublattices[0]", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1], \"model_hints\": {\"disordered_phase\": \"Q\"}}}}",
         "phases.L.model_hints.disordered_phase", LQ_EPARSE},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1], \"model_hints\": {\"gas_pressure\": 1}}}}",
         "phases.L.model_hints.gas_pressure", LQ_EUNSUPPORTED},
        {"{\"components\": [\"A\"], \"phases\": {\"L\": {\"sublattice_model\": [[\"A\"]], "
         "\"sublattice_site_ratios\": [1], \"model\": \"my.Model\"}}}",
         "phases.L.model", LQ_EUNSUPPORTED},
        {"[1]", "", LQ_EPARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        lq_assess_phase_models *pm = NULL;
        lq_diag d;
        lq_status st = lq_assess_phase_models_read_string(cases[i].json, "pm.json", &pm, &d);
        int ok = st == cases[i].st && !pm && strcmp(d.field, cases[i].field) == 0 &&
                 strcmp(d.file, "pm.json") == 0 && d.msg[0];
        if (!ok)
            fprintf(stderr, "  case %zu: %s field '%s' (want '%s'): %s\n", i, lq_status_str(st),
                    d.field, cases[i].field, d.msg);
        LQ_CHECK(ok);
    }
    lq_assess_phase_models *pm = NULL;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_phase_models_read("/nonexistent.json", &pm, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_assess_phase_models_read(NULL, &pm, &d), LQ_EINVAL);
    lq_assess_phase_models_free(NULL);
}
