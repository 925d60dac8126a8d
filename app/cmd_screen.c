/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus screen`: prototypes -> substitution -> ML formation energy -> hull -> XRD R_wp ->
 * ranked table, figure and POSCARs of the best for DFT. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/ml.h"
#include "liquidus/plot.h"
#include "liquidus/screen.h"

#define CMD "screen"

typedef struct args {
    const char *formula, *model, *known, *measured, *out, *plot, *poscar, *volume, *rank_by;
    lqa_list protos, labels;
    int known_per_atom;
    long top, threads;
    double fwhm, eta, lambda;
} args;

static const char *state_name(int s) {
    static const char *const names[] = {"done", "skipped", "failed", "not evaluated"};
    return s >= 0 && s <= 3 ? names[s] : "?";
}

static const char *const csv_cols[] = {"rank",
                                       "prototype",
                                       "prototype_formula",
                                       "Ef_eV_per_atom",
                                       "sigma_eV_per_atom",
                                       "Ehull_eV_per_atom",
                                       "R_wp",
                                       "pearson",
                                       "volume_A3_per_atom",
                                       "atoms",
                                       "state",
                                       "model_flags",
                                       "note"};
#define NCOL (sizeof csv_cols / sizeof csv_cols[0])

/* A number for the table: "" when not computed (NaN), "inf" when R_wp has no peak in range. */
static void num(char *b, const char *fmt, double v) {
    if (isnan(v))
        b[0] = '\0';
    else
        snprintf(b, 32, fmt, v);
}

static void row_fields(const lq_screen_row *w, char b[NCOL][200]) {
    snprintf(b[0], 200, "%zu", w->rank);
    snprintf(b[1], 200, "%s", w->prototype);
    snprintf(b[2], 200, "%s", w->formula);
    num(b[3], "%.10g", w->pred.eform_eV_per_atom);
    num(b[4], "%.4g", w->pred.sigma_eV_per_atom);
    num(b[5], "%.10g", w->e_above_hull_eV_per_atom);
    num(b[6], "%.6g", w->r_wp);
    num(b[7], "%.6g", w->pearson);
    num(b[8], "%.6g", w->volume_A3_per_atom);
    snprintf(b[9], 200, "%g", w->n_atoms);
    snprintf(b[10], 200, "%s", state_name(w->state));
    snprintf(b[11], 200, "%u", w->pred.flags);
    snprintf(b[12], 200, "%s", w->message[0] ? w->message : w->pred.reason);
}

static lq_status write_csv(const lq_screen_result *r, const args *a, const char *model_name,
                           lq_diag *d) {
    char comment[512];
    snprintf(comment, sizeof comment,
             "liquidus screen %s: %zu candidates, %zu ranked; model %s; energies eV/atom, "
             "Ehull against %s; R_wp against %s; volume rule %s",
             a->formula, r->n, r->n_ranked, model_name, a->known ? a->known : "(none)",
             a->measured ? a->measured : "(none)", a->volume);
    lq_csv *c = NULL;
    lq_status st = lq_csv_open(a->out, csv_cols, NCOL, comment, &c, d);
    for (size_t j = 0; st == LQ_OK && j < r->n; j++) {
        char b[NCOL][200];
        const char *v[NCOL];
        row_fields(&r->rows[r->order[j]], b);
        for (size_t k = 0; k < NCOL; k++) v[k] = b[k];
        st = lq_csv_row_str(c, v, NCOL);
    }
    if (st != LQ_OK) {
        lq_csv_abort(c);
        return st;
    }
    return lq_csv_close(c, d);
}

static void print_json(const lq_screen_result *r, const char *model_name) {
    cJSON *o = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(o, "rows");
    cJSON_AddStringToObject(o, "model", model_name);
    cJSON_AddNumberToObject(o, "hull_eV_per_atom", r->hull_eV_per_atom);
    for (size_t j = 0; j < r->n; j++) {
        char b[NCOL][200];
        row_fields(&r->rows[r->order[j]], b);
        cJSON *x = cJSON_CreateObject();
        for (size_t k = 0; k < NCOL; k++) {
            char *end = NULL;
            double v = strtod(b[k], &end);
            if (k != 1 && k != 2 && k < 10 && end && !*end && isfinite(v))
                cJSON_AddNumberToObject(x, csv_cols[k], v);
            else if (k < 10 && k != 1 && k != 2)
                cJSON_AddNullToObject(x, csv_cols[k]);
            else
                cJSON_AddStringToObject(x, csv_cols[k], b[k]);
        }
        cJSON_AddItemToArray(rows, x);
    }
    lqa_json_write(o, "-", NULL);
    cJSON_Delete(o);
}

static void print_text(const lq_screen_result *r, const args *a, const char *model_name,
                       double mae) {
    printf("# %s screen: %zu candidates, %zu ranked; model %s (MAE %.3f eV/atom)\n", a->formula,
           r->n, r->n_ranked, model_name, mae);
    if (!isnan(r->hull_eV_per_atom))
        printf("# hull of the known phases at %s: %.6f eV/atom\n", a->formula, r->hull_eV_per_atom);
    printf("# %4s %-40s %12s %12s %8s  %s\n", "rank", "prototype", "Ef_eV/atom", "Ehull_eV/at",
           "R_wp", "flags");
    for (size_t j = 0; j < r->n_ranked && j < (size_t)a->top; j++) {
        const lq_screen_row *w = &r->rows[r->order[j]];
        char eh[32], rw[32];
        num(eh, "%.5f", w->e_above_hull_eV_per_atom);
        num(rw, "%.4f", w->r_wp);
        printf("  %4zu %-40s %12.5f %12s %8s  %s\n", w->rank, w->prototype,
               w->pred.eform_eV_per_atom, eh[0] ? eh : "-", rw[0] ? rw : "-", w->pred.reason);
    }
    /* where the named types stand (--label), e.g. the study's anti-La2Sb and La2Te types */
    for (size_t k = 0; k < a->labels.n; k++)
        for (size_t i = 0; i < r->n; i++)
            if (strstr(r->rows[i].prototype, a->labels.v[k]))
                printf("# %s: %s, rank %zu of %zu, Ef %.5f eV/atom\n", a->labels.v[k],
                       r->rows[i].prototype, r->rows[i].rank, r->n_ranked,
                       r->rows[i].pred.eform_eV_per_atom);
}

/* POSCARs of the best --top candidates: DIR/NN-<prototype>.vasp */
static lq_status write_poscars(const lq_screen_result *r, const lq_screen_prototypes *p,
                               const lq_screen_options *o, const args *a, lq_diag *d) {
    lq_status st = LQ_OK;
    for (size_t j = 0; st == LQ_OK && j < r->n_ranked && j < (size_t)a->top; j++) {
        const lq_screen_row *w = &r->rows[r->order[j]];
        lq_structure *s = NULL;
        st = lq_screen_structure(p->s[w->prototype_index], o, w, &s, d);
        char path[4096];
        snprintf(path, sizeof path, "%s/%02zu-%s.vasp", a->poscar, w->rank, w->prototype);
        if (st == LQ_OK) st = lq_structure_write_poscar(s, path, d);
        lq_structure_free(s);
    }
    return st;
}

/* Inputs the run needs, released together. */
typedef struct inputs {
    lq_screen_prototypes protos;
    lq_ml_model *model;
    lq_hull_entries known;
    int have_known;
    double *tt, *y;
    size_t n_meas;
} inputs;

static void inputs_free(inputs *in) {
    lq_screen_prototypes_free(&in->protos);
    lq_ml_model_free(in->model);
    if (in->have_known) lq_hull_entries_free(&in->known);
    lq_free(in->tt);
    lq_free(in->y);
}

static lq_status load_inputs(const args *a, const lqa_ctx *ctx, inputs *in, lq_diag *d) {
    char buf[4096];
    const char *def[1] = {lqa_data_path(ctx, "prototypes/ab2", buf, sizeof buf)};
    const char *const *paths = a->protos.n ? a->protos.v : def;
    lq_status st = lq_screen_prototypes_read(paths, a->protos.n ? a->protos.n : 1, &in->protos, d);
    if (st == LQ_OK)
        st = a->model ? lq_ml_model_read(a->model, &in->model, d)
                      : lq_ml_model_read_default(&in->model, d);
    if (st == LQ_OK && a->known) {
        st = lq_hull_entries_read(a->known, &in->known, d);
        in->have_known = st == LQ_OK;
    }
    if (st == LQ_OK && a->measured)
        st = lq_xrd_read_measured(a->measured, &in->tt, &in->y, &in->n_meas, d);
    return st;
}

static int check_args(const args *a, lq_screen_options *o) {
    int z[4];
    double amt[4];
    size_t nz = 0;
    if (lq_formula_parse(a->formula, z, amt, 4, &nz) != LQ_OK || nz != 2)
        return lqa_usage_error(CMD, "'%s' is not a two-element formula such as NdBi2", a->formula);
    for (int k = 0; k < 2; k++) {
        o->z[k] = z[k];
        o->amount[k] = amt[k];
    }
    if (!strcmp(a->volume, "elements"))
        o->volume_rule = LQ_SCREEN_VOLUME_ELEMENTS;
    else if (!strcmp(a->volume, "slater"))
        o->volume_rule = LQ_SCREEN_VOLUME_SLATER;
    else if (!strcmp(a->volume, "keep"))
        o->volume_rule = LQ_SCREEN_VOLUME_KEEP;
    else
        return lqa_usage_error(CMD, "--volume must be elements, slater or keep");
    if (!strcmp(a->rank_by, "energy"))
        o->rank_by = LQ_SCREEN_RANK_ENERGY;
    else if (!strcmp(a->rank_by, "rwp"))
        o->rank_by = LQ_SCREEN_RANK_RWP;
    else
        return lqa_usage_error(CMD, "--rank must be energy or rwp");
    if (a->rank_by[0] == 'r' && !a->measured)
        return lqa_usage_error(CMD, "--rank rwp needs --measured");
    if (a->top < 1 || a->top > 1000) return lqa_usage_error(CMD, "--top must be 1..1000");
    if (a->threads < 0 || a->threads > 4096) return lqa_usage_error(CMD, "--threads must be >= 0");
    if (!(a->fwhm > 0.0) || !(a->eta >= 0.0 && a->eta <= 1.0) || !(a->lambda > 0.0))
        return lqa_usage_error(CMD, "--fwhm and --lambda must be > 0, --eta in [0, 1]");
    o->fwhm_deg = a->fwhm;
    o->eta = a->eta;
    o->xrd.lambda_A = a->lambda;
    o->n_threads = (int)a->threads;
    o->known_per_atom = a->known_per_atom;
    return 0;
}

#ifdef LQ_HAVE_MPI
/* Launched by mpirun/mpiexec (Open MPI, MPICH/PMI or PMIx environments)? */
static int under_mpi(void) {
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}
#endif

/* The screen, across MPI ranks when launched so; *r is NULL on ranks other than 0. */
static lq_status run_screen(const inputs *in, const lq_screen_options *o, lq_screen_result **r,
                            int *rank, lq_diag *d) {
    const lq_structure *const *s = (const lq_structure *const *)in->protos.s;
    const char **nm = calloc(in->protos.n ? in->protos.n : 1, sizeof *nm);
    if (!nm) return LQ_ENOMEM;
    for (size_t i = 0; i < in->protos.n; i++) nm[i] = in->protos.name[i];
    *rank = 0;
    lq_status st = LQ_OK;
#ifdef LQ_HAVE_MPI
    if (under_mpi()) {
        int size = 1, own = 0;
        st = lq_screen_mpi_begin(rank, &size, &own);
        if (st == LQ_OK) st = lq_screen_run_mpi(s, nm, in->protos.n, o, r, d);
        lq_screen_mpi_end(own);
        free(nm);
        return st;
    }
#endif
    st = lq_screen_run(s, nm, in->protos.n, o, r, d);
    free(nm);
    return st;
}

static int outputs(const lq_screen_result *r, const inputs *in, const lq_screen_options *o,
                   const args *a, const lqa_ctx *ctx) {
    lq_diag d;
    lq_diag_clear(&d);
    const char *mname = lq_ml_model_name(in->model);
    lq_status st = LQ_OK;
    if (a->out) st = write_csv(r, a, mname, &d);
    if (st == LQ_OK && a->plot) {
        char title[128];
        snprintf(title, sizeof title, "%s: %zu candidates, %s", a->formula, r->n_ranked, mname);
        st = lq_plot_screen(r, 5, a->labels.v, a->labels.n, title, a->plot, &d);
    }
    if (st == LQ_OK && a->poscar) st = write_poscars(r, &in->protos, o, a, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (ctx->json)
        print_json(r, mname);
    else
        print_text(r, a, mname, lq_ml_model_mae_eV_per_atom(in->model));
    return LQA_EXIT_OK;
}

static int run(const args *a, lq_screen_options *o, const lqa_ctx *ctx) {
    inputs in;
    memset(&in, 0, sizeof in);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = load_inputs(a, ctx, &in, &d);
    int rc = st == LQ_OK ? LQA_EXIT_OK : lqa_fail(CMD, st, &d);
    if (rc == LQA_EXIT_OK) {
        o->predict = lq_screen_predict_ml;
        o->predict_ctx = in.model;
        o->known = in.have_known ? &in.known : NULL;
        o->measured_two_theta_deg = in.tt;
        o->measured_intensity = in.y;
        o->n_measured = in.n_meas;
        lqa_progress(ctx, "screen: %zu prototypes, model %s", in.protos.n,
                     lq_ml_model_name(in.model));
        lq_screen_result *r = NULL;
        int rank = 0;
        st = run_screen(&in, o, &r, &rank, &d);
        if (st != LQ_OK)
            rc = lqa_fail(CMD, st, &d);
        else if (rank == 0)
            rc = outputs(r, &in, o, a, ctx);
        lq_screen_result_free(r);
    }
    inputs_free(&in);
    return rc;
}

int lq_cmd_screen_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_screen_run(int argc, char **argv, const lqa_ctx *ctx) {
    args a;
    memset(&a, 0, sizeof a);
    a.volume = "elements";
    a.rank_by = "energy";
    a.top = 10;
    a.fwhm = 0.1;
    a.eta = 0.5;
    a.lambda = lq_xrd_options_default().lambda_A;
    const lqa_opt opts[] = {
        {"prototypes", LQA_LIST, &a.protos, "PATH",
         "prototype file or folder (*.cif, *.vasp, POSCAR*; repeatable; default: the bundled "
         "AB2 set)"},
        {"model", LQA_STRING, &a.model, "FILE", "formation-energy model (default: bundled MEGNet)"},
        {"known", LQA_STRING, &a.known, "FILE.csv",
         "known phases (liquidus hull format): energy above their hull"},
        {"known-per-atom", LQA_FLAG, &a.known_per_atom, NULL, "their energies are per atom"},
        {"measured", LQA_STRING, &a.measured, "FILE", "measured XRD pattern (2theta, intensity)"},
        {"volume", LQA_STRING, &a.volume, "RULE",
         "cell volume: elements (sum of elemental volumes, default), slater, keep"},
        {"rank", LQA_STRING, &a.rank_by, "KEY", "rank by energy (default) or rwp"},
        {"fwhm", LQA_DOUBLE, &a.fwhm, "DEG", "simulated peak FWHM (default 0.1)"},
        {"eta", LQA_DOUBLE, &a.eta, "0..1", "pseudo-Voigt Lorentzian fraction (default 0.5)"},
        {"lambda", LQA_DOUBLE, &a.lambda, "A", "X-ray wavelength (default Cu K-alpha)"},
        {"top", LQA_INT, &a.top, "N", "candidates printed and written as POSCAR (default 10)"},
        {"label", LQA_LIST, &a.labels, "TEXT",
         "annotate and report prototypes whose name contains TEXT (repeatable)"},
        {"out", LQA_STRING, &a.out, "FILE.csv", "ranked table of all candidates"},
        {"plot", LQA_STRING, &a.plot, "FIG.png", "figure: energy against R_wp"},
        {"poscar", LQA_STRING, &a.poscar, "DIR", "POSCARs of the best --top for DFT"},
        {"threads", LQA_INT, &a.threads, "N", "OpenMP threads (default: all)"},
    };
    const char *pos[1];
    size_t npos = 0;
    int rc = lqa_parse(CMD,
                       "liquidus screen [options] FORMULA\n"
                       "  FORMULA: the two-element compound, e.g. NdBi2. Every prototype whose two "
                       "species are\n  in its ratio gets the new elements (minority on minority), "
                       "its cell scaled by --volume;\n  the model predicts E_f, the known phases "
                       "give E above hull, the measured pattern R_wp.\n  Under mpirun the "
                       "candidates are split across ranks (same table for any number).",
                       opts, sizeof opts / sizeof opts[0], argc, argv, pos, 1, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos != 1) return lqa_usage_error(CMD, "one formula expected (see --help)");
    a.formula = pos[0];
    lq_screen_options o = lq_screen_options_default();
    rc = check_args(&a, &o);
    if (rc) return rc;
    return run(&a, &o, ctx);
}

const lq_cmd lq_cmd_screen = {"screen",
                              "rank candidate structures: substitution, ML formation energy, "
                              "hull, XRD R_wp",
                              lq_cmd_screen_run};
