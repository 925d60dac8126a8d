/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus redox`: redox potential of M^n+/M vs Cl2/Cl- and vs Ag/AgCl from the total energies of
 * oxidised and reduced melts (Nam & Morgan 2015; Mg-La study Sec. 3.2.2, Table 3, Eq. 6). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/md.h"

#define CMD "redox"

/* One state's energy: given (value +- error) or from a file (mean or Gaussian centre of the
 * equilibrated part, with its block-averaged standard error). */
typedef struct state_energy {
    const char *file;
    double e, err;
    size_t n, t0;
    double gauss_mu, mean, sem;
} state_energy;

static int energy_from_file(state_energy *s, const char *column, long run_block, long skip,
                            int gauss, int accept_flagged, const lqa_ctx *ctx) {
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_series ser;
    lq_status st = lq_md_series_read(s->file, column, run_block, &ser, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    lq_md_series_stats ss;
    st = lq_md_series_stats_compute(ser.value, ser.n, skip, 0, &ss);
    if (st != LQ_OK) {
        snprintf(d.msg, sizeof d.msg,
                 "%s: %zu points: need at least 16 after the equilibration and a Gaussian fit",
                 s->file, ser.n);
        lq_md_series_free(&ser);
        return lqa_fail(CMD, st, &d);
    }
    if (gauss && ss.gauss_flagged && (!accept_flagged || !ss.hist.fit_ok)) {
        lq_diag_clear(&d);
        snprintf(d.msg, sizeof d.msg,
                 "%s: %s; not used (--estimator mean, a longer or better equilibrated run, or "
                 "--accept-flagged to use it anyway)",
                 s->file, ss.gauss_reason);
        lq_md_series_stats_free(&ss);
        lq_md_series_free(&ser);
        return lqa_fail(CMD, LQ_ESINGULAR, &d);
    }
    if (gauss && ss.gauss_flagged)
        fprintf(stderr, "liquidus redox: warning: %s: %s (used: --accept-flagged)\n", s->file,
                ss.gauss_reason);
    s->n = ser.n;
    s->t0 = ss.t0;
    s->mean = ss.block.mean;
    s->sem = ss.block.sem_plateau;
    s->gauss_mu = ss.hist.fit_mu;
    s->e = gauss ? ss.hist.fit_mu : ss.block.mean;
    s->err = ss.block.sem_plateau;
    lqa_progress(ctx,
                 "%s: %s, %zu points, equilibrated from %zu: mean %.10g +- %.3g, Gaussian "
                 "centre %.10g%s",
                 s->file, ser.column, ser.n, ss.t0, s->mean, s->sem, s->gauss_mu,
                 ss.block.plateau_found ? "" : " (block error NOT converged)");
    lq_md_series_stats_free(&ss);
    lq_md_series_free(&ser);
    return 0;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    state_energy ox = {NULL, (double)NAN, 0.0, 0, 0, (double)NAN, (double)NAN, (double)NAN};
    state_energy red = ox;
    double mu = (double)NAN, mu_err = 0.0, T = (double)NAN;
    long n = 0, run_block = 0, skip = -1;
    const char *column = NULL, *estimator = "mean", *out = NULL;
    int accept_flagged = 0;
    const lqa_opt opts[] = {
        {"ox", LQA_STRING, &ox.file, "FILE", "energies of the oxidised state (LAMMPS log or CSV)"},
        {"red", LQA_STRING, &red.file, "FILE", "energies of the reduced state"},
        {"e-ox", LQA_DOUBLE, &ox.e, "EV", "total energy of the oxidised state instead of --ox"},
        {"e-red", LQA_DOUBLE, &red.e, "EV", "total energy of the reduced state instead of --red"},
        {"e-ox-err", LQA_DOUBLE, &ox.err, "EV", "standard error of --e-ox (default 0)"},
        {"e-red-err", LQA_DOUBLE, &red.err, "EV", "standard error of --e-red (default 0)"},
        {"n", LQA_INT, &n, "N", "electrons of M^n+ + n e- -> M (required)"},
        {"mu-cl2", LQA_DOUBLE, &mu, "EV", "chemical potential of Cl2 per molecule (required)"},
        {"mu-cl2-err", LQA_DOUBLE, &mu_err, "EV", "its standard error (default 0)"},
        {"T", LQA_DOUBLE, &T, "K", "temperature, for the Ag/AgCl scale (required)"},
        {"column", LQA_STRING, &column, "NAME", "energy column in the files (default: TotEng...)"},
        {"run", LQA_INT, &run_block, "K", "LAMMPS logs: thermo block (0 = last, -1 = all)"},
        {"skip", LQA_INT, &skip, "N", "drop N points of each file (default: detect equilibration)"},
        {"estimator", LQA_STRING, &estimator, "mean|gauss",
         "energy of a state from a file: mean (default) or the centre of a Gaussian fit"},
        {"out", LQA_STRING, &out, "JSON", "write the result as JSON"},
        {"accept-flagged", LQA_FLAG, &accept_flagged, NULL,
         "use a Gaussian centre even when it is flagged (outside the data, or not the mean)"},
    };
    size_t npos = 0;
    int rc = lqa_parse(CMD,
                       "liquidus redox (--ox FILE | --e-ox EV) (--red FILE | --e-red EV) --n N "
                       "--mu-cl2 EV --T K [options]",
                       opts, sizeof opts / sizeof opts[0], argc, argv, NULL, 0, &npos);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (n < 1 || n > 8) return lqa_usage_error(CMD, "--n must be 1..8 (electrons transferred)");
    if (!isfinite(mu)) return lqa_usage_error(CMD, "--mu-cl2 is required (eV per Cl2)");
    if (!(T > 0.0)) return lqa_usage_error(CMD, "--T is required (K, > 0)");
    int gauss = strcmp(estimator, "gauss") == 0;
    if (!gauss && strcmp(estimator, "mean") != 0)
        return lqa_usage_error(CMD, "--estimator is mean or gauss");
    state_energy *states[2] = {&ox, &red};
    const char *names[2] = {"ox", "red"};
    for (int i = 0; i < 2; i++) {
        state_energy *s = states[i];
        if (s->file && isfinite(s->e))
            return lqa_usage_error(CMD, "give --%s or --e-%s, not both", names[i], names[i]);
        if (!s->file && !isfinite(s->e))
            return lqa_usage_error(CMD, "give --%s FILE or --e-%s EV", names[i], names[i]);
        if (!(s->err >= 0.0)) return lqa_usage_error(CMD, "errors must be >= 0");
        if (s->file) {
            rc = energy_from_file(s, column, run_block, skip, gauss, accept_flagged, ctx);
            if (rc) return rc;
        }
    }
    lq_md_redox_input in = {ox.e, ox.err, red.e, red.err, (int)n, mu, mu_err, T};
    lq_md_redox_result r;
    lq_status st = lq_md_redox_potential(&in, &r);
    if (st != LQ_OK) return lqa_fail(CMD, st, NULL);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "method",
                            "Nam & Morgan, J. Nucl. Mater. 465 (2015) 224: dG = E_red + (n/2) "
                            "mu(Cl2) - E_ox, E = -dG/(n e); reduction potential of M^n+/M");
    for (int i = 0; i < 2; i++) {
        cJSON *o = cJSON_AddObjectToObject(j, names[i]);
        cJSON_AddNumberToObject(o, "energy_eV", states[i]->e);
        cJSON_AddNumberToObject(o, "energy_err_eV", states[i]->err);
        if (states[i]->file) {
            cJSON_AddStringToObject(o, "file", states[i]->file);
            cJSON_AddStringToObject(o, "estimator", gauss ? "gauss" : "mean");
            cJSON_AddNumberToObject(o, "n_points", (double)states[i]->n);
            cJSON_AddNumberToObject(o, "first_used", (double)states[i]->t0);
        }
    }
    cJSON_AddNumberToObject(j, "n", (double)n);
    cJSON_AddNumberToObject(j, "mu_cl2_eV", mu);
    cJSON_AddNumberToObject(j, "T_K", T);
    cJSON_AddNumberToObject(j, "dG_eV", r.dG_eV);
    cJSON_AddNumberToObject(j, "E_vs_Cl2_V", r.E_vs_cl2_V);
    cJSON_AddNumberToObject(j, "E_err_V", r.E_err_V);
    cJSON_AddNumberToObject(j, "phi_AgAgCl_vs_Cl2_V", r.phi_agagcl_vs_cl2_V);
    cJSON_AddNumberToObject(j, "E_vs_AgAgCl_V", r.E_vs_agagcl_V);
    lq_diag d;
    lq_diag_clear(&d);
    if (out) st = lqa_json_write(j, out, &d);
    if (st == LQ_OK && ctx->json) st = lqa_json_write(j, "-", &d);
    cJSON_Delete(j);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (!ctx->json) {
        printf("M^%ld+ + %ld e- -> M, after Nam & Morgan (2015):\n", n, n);
        printf("  E_ox  = %.6f +- %.4f eV%s\n", ox.e, ox.err, ox.file ? " (from file)" : "");
        printf("  E_red = %.6f +- %.4f eV%s\n", red.e, red.err, red.file ? " (from file)" : "");
        printf("  dG = E_red + (n/2) mu(Cl2) - E_ox = %.6f eV  (mu(Cl2) = %.4f eV)\n", r.dG_eV, mu);
        printf("  E vs Cl2/Cl-  = %.4f +- %.4f V\n", r.E_vs_cl2_V, r.E_err_V);
        printf(
            "  E vs Ag/AgCl  = %.4f +- %.4f V  (Ag/AgCl at %.6f V vs Cl2/Cl- at %g K, Mg-La "
            "study Eq. 6)\n",
            r.E_vs_agagcl_V, r.E_err_V, r.phi_agagcl_vs_cl2_V, T);
        printf("  sign: reduction potential; more negative = harder to reduce\n");
    }
    return LQA_EXIT_OK;
}

const lq_cmd lq_cmd_redox = {"redox", "redox potential vs Cl2/Cl- and Ag/AgCl from ox/red energies",
                             run};
