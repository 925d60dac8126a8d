/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI run files: the Cu-Mg tutorial files, every key, refused options, tags on datasets. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "lq_test.h"

void test_runfile_tutorial(void);
void test_runfile_full(void);
void test_runfile_bad(void);
void test_runfile_tags(void);

static int str_is(const char *got, const char *want) { return got && strcmp(got, want) == 0; }

static double weight_of(const lq_assess_run_config *c, const char *type) {
    for (size_t i = 0; i < c->n_data_weights; i++)
        if (strcmp(c->data_weights[i].type, type) == 0) return c->data_weights[i].weight;
    return -1.0;
}

void test_runfile_tutorial(void) {
    char path[1024], want[1200], dir[1024];
    lq_test_source_path("tests/assess_data", dir, sizeof dir);
    lq_test_source_path("tests/assess_data/cu-mg-generate.yaml", path, sizeof path);
    lq_assess_run_config c;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_run_read(path, &c, &d), LQ_OK);
    snprintf(want, sizeof want, "%s/Cu-Mg-input.json", dir);
    LQ_CHECK(str_is(c.phase_models, want));
    snprintf(want, sizeof want, "%s/input-data", dir);
    LQ_CHECK(str_is(c.datasets, want));
    snprintf(want, sizeof want, "%s/cu-mg_dft.tdb", dir);
    LQ_CHECK(str_is(c.output_db, want));
    /* ESPEI defaults (input-schema.yaml) */
    snprintf(want, sizeof want, "%s/trace.npy", dir);
    LQ_CHECK(str_is(c.tracefile, want));
    LQ_CHECK(c.verbosity == 0 && c.logfile == NULL);
    LQ_CHECK(c.has_generate_parameters && !c.has_mcmc);
    LQ_CHECK(str_is(c.excess_model, "linear") && str_is(c.ref_state, "SGTE91"));
    LQ_CHECK(isnan(c.ridge_alpha) && c.n_aicc == 0 && c.gp_input_db == NULL);
    LQ_CHECK(str_is(c.fitting_description,
                    "espei.parameter_selection.fitting_descriptions."
                    "gibbs_energy_fitting_description"));
    lq_assess_run_free(&c);
    LQ_CHECK(c.path == NULL);

    lq_test_source_path("tests/assess_data/cu-mg-mcmc.yaml", path, sizeof path);
    LQ_CHECK_STATUS(lq_assess_run_read(path, &c, &d), LQ_OK);
    LQ_CHECK(c.has_mcmc && !c.has_generate_parameters && c.iterations == 1000);
    snprintf(want, sizeof want, "%s/cu-mg_dft.tdb", dir);
    LQ_CHECK(str_is(c.mcmc_input_db, want));
    /* espei_script.get_run_settings defaults and the schema's */
    LQ_CHECK(c.chains_per_parameter == 2 && c.chain_std_deviation == 0.1);
    LQ_CHECK(c.save_interval == 1 && c.cores == 0 && c.scheduler == LQ_ASSESS_RUN_SCHED_LOCAL);
    LQ_CHECK(c.deterministic == 1 && c.approximate_equilibrium == 0 && c.restart_trace == NULL);
    LQ_CHECK(c.n_priors == 1 && c.priors[0].name == LQ_ASSESS_RUN_PRIOR_ZERO);
    LQ_CHECK(c.n_data_weights == 5 && weight_of(&c, "ZPF") == 1.0 && weight_of(&c, "CPM") == 1.0);
    LQ_CHECK(c.n_symbols == 0 && c.symbols == NULL && c.n_tags == 0);
    lq_assess_run_free(&c);
    lq_assess_run_free(NULL);
}

void test_runfile_full(void) {
    char path[1024], shared[1024];
    lq_test_source_path("tests/assess_data/cu-mg-full.yaml", path, sizeof path);
    if (lq_test_shared_path("data/espei-datasets", shared, sizeof shared)) return;
    char *text = NULL;
    size_t n = 0;
    if (lq_file_read_all(path, &text, &n, NULL) != LQ_OK) {
        LQ_FAIL("cannot read cu-mg-full.yaml");
        return;
    }
    /* resolved against the shared ESPEI data, so the files it names can be read */
    lq_assess_run_config c;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_run_read_string(text, n, "full.yaml", shared, &c, &d), LQ_OK);
    lqi_free(text);
    LQ_CHECK(c.n_tags == 1 && str_is(c.tags[0].name, "dft") && c.tags[0].n_excluded == 2 &&
             c.tags[0].has_weight && c.tags[0].weight == 5.0 && !c.tags[0].has_disabled);
    LQ_CHECK(c.verbosity == 2 && c.tracefile == NULL && str_is(c.output_db, "/tmp/cu-mg.tdb"));
    LQ_CHECK(c.ridge_alpha == 1e-20 && str_is(c.ref_state, "SR2016") && c.n_aicc == 3);
    LQ_CHECK(str_is(c.aicc[0].phase, "LIQUID") && str_is(c.aicc[1].property, "SM") &&
             str_is(c.aicc[2].phase, "BCC_A2") && c.aicc[2].factor == 5.0);
    LQ_CHECK(c.iterations == 50 && c.save_interval == 10 && c.cores == 2);
    LQ_CHECK(c.scheduler == LQ_ASSESS_RUN_SCHED_NONE && c.deterministic == 0);
    LQ_CHECK(c.chains_per_parameter == 4 && c.chain_std_deviation == 0.05);
    LQ_CHECK(c.n_priors == 2 && c.priors[0].name == LQ_ASSESS_RUN_PRIOR_NORMAL &&
             c.priors[0].scale.set && c.priors[0].scale.mod == LQ_ASSESS_RUN_MOD_RELATIVE &&
             c.priors[0].scale.value == 0.5 && !c.priors[0].c.set);
    LQ_CHECK(c.priors[1].name == LQ_ASSESS_RUN_PRIOR_TRIANGULAR &&
             c.priors[1].loc.mod == LQ_ASSESS_RUN_MOD_SHIFT_RELATIVE &&
             c.priors[1].loc.value == -0.5 && c.priors[1].c.value == 0.25 &&
             c.priors[1].c.mod == LQ_ASSESS_RUN_MOD_ABSOLUTE);
    LQ_CHECK(weight_of(&c, "ZPF") == 20.0 && weight_of(&c, "ACR") == 2.0 &&
             weight_of(&c, "SM") == 1.0);
    LQ_CHECK(c.n_symbols == 2 && str_is(c.symbols[1], "VV0001"));

    /* the files it names load */
    lq_assess_phase_models *pm = NULL;
    LQ_CHECK_STATUS(lq_assess_phase_models_read(c.phase_models, &pm, &d), LQ_OK);
    LQ_CHECK(pm && pm->n_phases == 5);
    lq_assess_phase_models_free(pm);
    lq_dataset_set *set = NULL;
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(c.datasets, &set, &d), LQ_OK);
    LQ_CHECK(set && set->n == 29);
    LQ_CHECK_STATUS(lq_assess_run_apply_tags(&c, set, &d), LQ_OK); /* no dataset has "dft" */
    LQ_CHECK(set && set->n == 29 && set->ds[0]->weight == 1.0);
    lq_dataset_set_free(set);
    lq_assess_run_free(&c);
}

/* Refused run files: status, key and line. */
void test_runfile_bad(void) {
    static const char *sys = "system:\n  phase_models: pm.json\n  datasets: data\n";
    static const struct {
        const char *tail, *field;
        long line;
        lq_status st;
    } cases[] = {
        {"foo: 1\n", "foo", 4, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  walkers: 8\n", "mcmc.walkers", 7,
         LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  scheduler: sched.json\n", "mcmc.scheduler",
         7, LQ_EUNSUPPORTED},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  approximate_equilibrium: true\n",
         "mcmc.approximate_equilibrium", 7, LQ_EUNSUPPORTED},
        {"generate_parameters:\n  excess_model: linear\n  ref_state: SGTE91\n"
         "  fitting_description: espei.parameter_selection.fitting_descriptions."
         "molar_volume_fitting_description\n",
         "generate_parameters.fitting_description", 7, LQ_EUNSUPPORTED},
        {"generate_parameters:\n  excess_model: exponential\n  ref_state: SGTE91\n",
         "generate_parameters.excess_model", 5, LQ_EUNSUPPORTED},
        {"generate_parameters:\n  excess_model: linear\n  ref_state: MYREF\n",
         "generate_parameters.ref_state", 6, LQ_EUNSUPPORTED},
        {"generate_parameters:\n  excess_model: linear\n", "generate_parameters.ref_state", 4,
         LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  chains_per_parameter: 3\n",
         "mcmc.chains_per_parameter", 7, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n", "mcmc.input_db", 4, LQ_EPARSE},
        {"mcmc:\n  input_db: a.tdb\n", "mcmc.iterations", 4, LQ_EPARSE},
        {"mcmc:\n  iterations: -1\n  input_db: a.tdb\n", "mcmc.iterations", 5, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  restart_trace: t.npy\n"
         "  chains_per_parameter: 4\n",
         "mcmc.restart_trace", 7, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  prior: {name: normal, c: 0.5}\n",
         "mcmc.prior", 7, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  prior: {name: gamma}\n", "mcmc.prior.name",
         7, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  prior: {name: normal, loc_times: 2}\n",
         "mcmc.prior.loc_times", 7, LQ_EPARSE},
        {"mcmc:\n  iterations: ten\n  input_db: a.tdb\n", "mcmc.iterations", 5, LQ_EPARSE},
        {"mcmc:\n  iterations: 10\n  input_db: a.tdb\n  deterministic: 1\n", "mcmc.deterministic",
         7, LQ_EPARSE},
        {"output:\n  verbosity: 5\n", "output.verbosity", 5, LQ_EPARSE},
        {"output:\n  tracefile: trace.txt\n", "output.tracefile", 5, LQ_EPARSE},
        {"output:\n  output_db: a.tdb\n  output_db: b.tdb\n", "output.output_db", 6, LQ_EPARSE},
        {"mcmc: \n", "mcmc", 4, LQ_EPARSE},
    };
    char text[1024];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "%s%s", sys, cases[i].tail);
        lq_assess_run_config c;
        memset(&c, 0x5a, sizeof c); /* untouched on failure */
        lq_diag d;
        lq_status st = lq_assess_run_read_string(text, strlen(text), "run.yaml", NULL, &c, &d);
        int ok = st == cases[i].st && strcmp(d.field, cases[i].field) == 0 &&
                 d.line == cases[i].line && strcmp(d.file, "run.yaml") == 0 && d.msg[0] &&
                 c.iterations != 0 && *(unsigned char *)&c.path == 0x5a;
        if (!ok)
            fprintf(stderr, "  case %zu: %s line %ld field '%s' (want %ld '%s'): %s\n", i,
                    lq_status_str(st), d.line, d.field, cases[i].line, cases[i].field, d.msg);
        LQ_CHECK(ok);
        if (st == LQ_OK) lq_assess_run_free(&c);
    }
    static const char *const other[] = {
        "system:\n  datasets: data\n",                      /* system.phase_models required */
        "system:\n  phase_models: pm.txt\n  datasets: d\n", /* must be *.json */
        "output:\n  verbosity: 1\n",                        /* system required */
        "system: [1, 2\n",                                  /* YAML syntax */
        "",                                                 /* empty */
        "system:\n  phase_models: pm.json\n  datasets: d\n  tags:\n    dft:\n      foo: 1\n",
    };
    static const char *const fields[] = {
        "system.phase_models", "system.phase_models", "system", "", "", "system.tags.dft.foo"};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        lq_assess_run_config c;
        lq_diag d;
        lq_status st =
            lq_assess_run_read_string(other[i], strlen(other[i]), "r.yaml", NULL, &c, &d);
        LQ_CHECK(st == (i == 5 ? LQ_EUNSUPPORTED : LQ_EPARSE));
        LQ_CHECK(strcmp(d.field, fields[i]) == 0);
        if (st == LQ_OK) lq_assess_run_free(&c);
    }
    lq_assess_run_config c;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_run_read("/nonexistent.yaml", &c, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_assess_run_read(NULL, &c, &d), LQ_EINVAL);

    /* allocation failures at every step */
    char path[1024];
    lq_test_source_path("tests/assess_data/cu-mg-full.yaml", path, sizeof path);
    for (long k = 0; k < 500; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_assess_run_read(path, &c, &d);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        if (st == LQ_OK) {
            lq_assess_run_free(&c);
            break;
        }
    }
}

void test_runfile_tags(void) {
    char dir[1024];
    lq_test_source_path("tests/assess_data/good", dir, sizeof dir);
    const char *yaml =
        "system:\n  phase_models: pm.json\n  datasets: good\n  tags:\n    dsc:\n"
        "      weight: 3\n      excluded_model_contributions: [mag]\n"
        "    none: {weight: 7}\n";
    lq_assess_run_config c;
    lq_diag d;
    LQ_CHECK_STATUS(lq_assess_run_read_string(yaml, strlen(yaml), "t.yaml", NULL, &c, &d), LQ_OK);
    lq_dataset_set *set = NULL;
    LQ_CHECK_STATUS(lq_dataset_set_read_dir(dir, &set, &d), LQ_OK);
    if (!set) return;
    LQ_CHECK_STATUS(lq_assess_run_apply_tags(&c, set, &d), LQ_OK);
    size_t tagged = 0;
    for (size_t i = 0; i < set->n; i++) {
        const lq_dataset *ds = set->ds[i];
        if (ds->n_tags) {
            tagged++;
            LQ_CHECK(ds->weight == 3.0 && ds->n_excluded == 1 &&
                     strcmp(ds->excluded[0], "mag") == 0);
        } else {
            LQ_CHECK(ds->weight == 1.0);
        }
    }
    LQ_CHECK(tagged == 1 && set->n == 3);
    lq_assess_run_free(&c);
    /* a tag that disables moves the dataset out, as ESPEI removes disabled datasets */
    const char *off =
        "system:\n  phase_models: pm.json\n  datasets: good\n  tags:\n"
        "    dsc: {disabled: yes, excluded_model_contributions: [idmix]}\n";
    LQ_CHECK_STATUS(lq_assess_run_read_string(off, strlen(off), "t.yaml", NULL, &c, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_assess_run_apply_tags(&c, set, &d), LQ_OK);
    LQ_CHECK(set->n == 2 && set->n_disabled == 1);
    LQ_CHECK_STATUS(lq_assess_run_apply_tags(NULL, set, &d), LQ_EINVAL);
    lq_assess_run_free(&c);
    lq_dataset_set_free(set);
}
