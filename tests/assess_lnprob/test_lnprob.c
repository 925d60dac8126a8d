/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each likelihood term against its closed form on the fixture database; totals, threads, errors. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "fixture.h"
#include "liquidus/assess.h"
#include "lq_test.h"

void test_lnprob_noneq(void);
void test_lnprob_eqprop(void);
void test_lnprob_activity(void);
void test_lnprob_activity_pure_ref(void);
void test_lnprob_zpf(void);
void test_lnprob_prior_and_total(void);
void test_lnprob_threads(void);
void test_lnprob_errors(void);
void test_lnprob_alloc_failures(void);
void test_lnprob_excluded_mag(void);

#define R_MODEL 8.3145 /* the context's gas constant by default: pycalphad's, as ESPEI */
#define R_PYC 8.3145
#define V0 (-5000.0)
#define V1 (-20000.0)
#define V2 2.0

static double norm_lp(double r, double s) {
    return -0.5 * (r / s) * (r / s) - log(s) - 0.5 * log(2.0 * 3.14159265358979323846);
}
/* Liquid of the fixture: L = V0 + V2 T */
static double L_of(double T) { return V0 + V2 * T; }
static double mu_a(double T, double x) { return R_MODEL * T * log(1 - x) + L_of(T) * x * x; }
static double mu_b(double T, double x) {
    return R_MODEL * T * log(x) + L_of(T) * (1 - x) * (1 - x);
}
static double gm_liq(double T, double x) {
    return R_MODEL * T * (x * log(x) + (1 - x) * log(1 - x)) + L_of(T) * x * (1 - x);
}

/* Radical inverse of j in base p with digits scrambled by d -> (k d) mod p. */
static double halton_ref(int j, int p, int k) {
    double v = 0.0, f = 1.0 / p;
    for (; j > 0; j /= p, f /= p) v += (double)((k * (j % p)) % p) * f;
    return v;
}

/* max of mu . x - GM of the liquid over pycalphad's points for a one-sublattice binary phase
 * with pdens 50 (docs/assess-lnprob.md): 50 evenly spaced y_A in [0, 1], and 50 Halton points
 * (bases 2 and 3, multipliers 1 and 2) mapped by u -> -ln u and normalised. The ends x = 0, 1
 * have GM = 0 (pure liquids). */
static double sampled_df_max(double T, double ma, double mb) {
    double best = -HUGE_VAL;
    for (int i = 0; i < 100; i++) {
        double yA;
        if (i < 50) {
            yA = i == 49 ? 1.0 : i * (1.0 / 49.0);
        } else {
            double a = -log(halton_ref(i - 49, 2, 1)), b = -log(halton_ref(i - 49, 3, 2));
            yA = a / (a + b);
        }
        double x = 1.0 - yA; /* x_B */
        double gm = (x <= 0.0 || x >= 1.0) ? 0.0 : gm_liq(T, x);
        double df = ma * (1.0 - x) + mb * x - gm;
        if (df > best) best = df;
    }
    return best;
}

/* ---------------------------------------------------------------- datasets built in memory */
static char *AB[] = {"A", "B"}, *LIQ[] = {"LIQUID"}, *ABPH[] = {"AB"}, *LIQAB[] = {"LIQUID", "AB"};
static double P1[] = {101325.0};

static void base(lq_dataset *d, lq_dataset_kind kind, char *output, char **phases, size_t nph) {
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->output = output;
    d->n_components = 2;
    d->components = AB;
    d->n_phases = nph;
    d->phases = phases;
    d->weight = 1.0;
    d->broadcast = 1;
}

/* HM_MIX of the liquid at y_B = 0.7 and 0.5, at 1000 K and at 200 K (dropped, < 298.15 K), plus a
 * configuration naming a species the phase lacks (dropped). */
static lq_dataset_sublattice sub_ab[2] = {{2, AB, (double[]){0.3, 0.7}, 1},
                                          {2, AB, (double[]){0.5, 0.5}, 1}};
static char *ABC[] = {"A", "C"};
static lq_dataset_sublattice sub_ac = {2, ABC, (double[]){0.5, 0.5}, 1};
static lq_dataset_config cfg_liq[3] = {{1, &sub_ab[0]}, {1, &sub_ab[1]}, {1, &sub_ac}};
static double T_hm[] = {1000.0, 200.0};
static lq_dataset_cond cond_hm[2] = {{"P", 1, P1}, {"T", 2, T_hm}};
static double val_hm[] = {-1000.0, -1200.0, 0.0, 5.0, 6.0, 7.0};

static char *SA[] = {"A"}, *SB[] = {"B"};
static lq_dataset_sublattice sub_form[2] = {{1, SA, NULL, 0}, {1, SB, NULL, 0}};
static lq_dataset_config cfg_form[1] = {{2, sub_form}};
static double T_form[] = {298.15}, val_form[] = {-9000.0}, sr_form[] = {1.0, 1.0};
static lq_dataset_cond cond_form[2] = {{"P", 1, P1}, {"T", 1, T_form}};

static lq_dataset_config cfg_sm[1] = {{1, &sub_ab[1]}};
static double T_sm[] = {1000.0}, val_sm[] = {-0.3};
static lq_dataset_cond cond_sm[2] = {{"P", 1, P1}, {"T", 1, T_sm}};
static char *IDMIX[] = {"idmix"};

static void ds_hm_mix(lq_dataset *d) {
    base(d, LQ_DATASET_NONEQ_THERMO, "HM_MIX", LIQ, 1);
    d->n_conds = 2;
    d->conds = cond_hm;
    d->n_configs = 3;
    d->configs = cfg_liq;
    d->shape[0] = 1, d->shape[1] = 2, d->shape[2] = 3;
    d->values = val_hm;
}
static void ds_hm_form(lq_dataset *d) {
    base(d, LQ_DATASET_NONEQ_THERMO, "HM_FORM", ABPH, 1);
    d->n_conds = 2;
    d->conds = cond_form;
    d->n_site_ratios = 2;
    d->site_ratios = sr_form;
    d->n_configs = 1;
    d->configs = cfg_form;
    d->shape[0] = d->shape[1] = d->shape[2] = 1;
    d->values = val_form;
    d->weight = 0.5;
}
static void ds_sm_mix(lq_dataset *d) {
    base(d, LQ_DATASET_NONEQ_THERMO, "SM_MIX", LIQ, 1);
    d->n_conds = 2;
    d->conds = cond_sm;
    d->n_configs = 1;
    d->configs = cfg_sm;
    d->shape[0] = d->shape[1] = d->shape[2] = 1;
    d->values = val_sm;
    d->n_excluded = 1;
    d->excluded = IDMIX;
}

static double T_eq[] = {1000.0}, X_eq[] = {0.4}, val_eq[] = {-1100.0};
static lq_dataset_cond cond_eq[3] = {{"P", 1, P1}, {"T", 1, T_eq}, {"X_B", 1, X_eq}};
static void ds_eq(lq_dataset *d) {
    base(d, LQ_DATASET_EQ_THERMO, "HM_MIX", LIQ, 1);
    d->n_conds = 3;
    d->conds = cond_eq;
    d->shape[0] = d->shape[1] = d->shape[2] = 1;
    d->values = val_eq;
}

static double T_acr[] = {1000.0}, X_acr[] = {0.2, 0.6}, val_acr[] = {0.1, 0.5}, X_ref[] = {1.0};
static lq_dataset_cond cond_acr[3] = {{"P", 1, P1}, {"T", 1, T_acr}, {"X_B", 2, X_acr}};
static lq_dataset_cond ref_acr[3] = {{"P", 1, P1}, {"T", 1, T_acr}, {"X_B", 1, X_ref}};
static void ds_acr(lq_dataset *d) {
    base(d, LQ_DATASET_EQ_THERMO, "ACR_B", LIQ, 1);
    d->n_conds = 3;
    d->conds = cond_acr;
    d->shape[0] = d->shape[1] = 1, d->shape[2] = 2;
    d->values = val_acr;
    d->n_ref_phases = 1;
    d->ref_phases = LIQ;
    d->n_ref_conds = 3;
    d->ref_conds = ref_acr;
}

/* ACR_B against pure B in BSOL, a phase that holds B alone (as DHCP holds Nd alone in Bi-Nd). */
static char *BSOL[] = {"BSOL"};
static double val_acr_pure[2];
static void ds_acr_pure(lq_dataset *d) {
    ds_acr(d);
    d->ref_phases = BSOL;
    d->values = val_acr_pure;
}

/* ZPF regions (see test_lnprob_zpf). */
static char *CB[] = {"B"};
#define VX(ph, x) \
    { ph, 1, CB, (double[]){x}, 0 }
static lq_zpf_vertex r1[2] = {VX("LIQUID", 0.3), VX("AB", (double)NAN)};
static lq_zpf_vertex r2[2] = {VX("LIQUID", 0.2), VX("LIQUID", 0.45)};
static lq_zpf_vertex r3[2] = {VX("LIQUID", 0.3), VX("LIQUID", (double)NAN)};
static lq_zpf_vertex r4[2] = {VX("AB", 0.5), VX("AB", (double)NAN)};
static lq_zpf_vertex r5[2] = {VX("AB", 0.5), VX("AB", (double)NAN)};
static lq_zpf_region regs[5] = {{1000.0, 101325.0, 2, r1},
                                {1000.0, 101325.0, 2, r2},
                                {1000.0, 101325.0, 2, r3},
                                {1000.0, 101325.0, 2, r4},
                                {300.0, 101325.0, 2, r5}};
static void ds_zpf(lq_dataset *d) {
    base(d, LQ_DATASET_ZPF, "ZPF", LIQAB, 2);
    d->n_regions = 5;
    d->regions = regs;
    d->weight = 2.0;
}

/* ---------------------------------------------------------------- helpers */
typedef struct fx {
    lq_db *db;
    lq_dataset ds[8];
    lq_dataset *ptr[8];
    lq_dataset_set set;
    lq_assess_ctx *ctx;
    lq_assess_terms *terms;
} fx;

static int fx_open(fx *f, void (*const *make)(lq_dataset *), size_t n,
                   const lq_assess_lnprob_options *opt) {
    char text[4096];
    memset(f, 0, sizeof *f);
    lq_fixture_tdb(text, sizeof text, V0, V1, V2);
    LQ_CHECK_STATUS(lq_db_read_string(text, "fixture", &f->db, NULL), LQ_OK);
    for (size_t i = 0; i < n; i++) {
        make[i](&f->ds[i]);
        f->ptr[i] = &f->ds[i];
    }
    f->set.n = n;
    f->set.ds = f->ptr;
    lq_diag dg;
    lq_diag_clear(&dg);
    lq_status st = lq_assess_ctx_create(f->db, &f->set, NULL, 0, opt, &f->ctx, &dg);
    if (st != LQ_OK) fprintf(stderr, "  ctx: %s: %s\n", lq_status_str(st), dg.msg);
    LQ_CHECK_STATUS(st, LQ_OK);
    if (st != LQ_OK) return -1;
    LQ_CHECK_STATUS(lq_assess_terms_alloc(f->ctx, &f->terms), LQ_OK);
    return 0;
}

static double fx_eval(fx *f, const double *theta) {
    double lp = 0.0;
    LQ_CHECK_STATUS(lq_assess_lnprob(f->ctx, theta, 3, f->terms, &lp, NULL), LQ_OK);
    return lp;
}

static void fx_close(fx *f) {
    lq_assess_terms_free(f->terms);
    lq_assess_ctx_free(f->ctx);
    lq_db_free(f->db);
}

static const double theta0[3] = {V0, V1, V2};

/* ---------------------------------------------------------------- tests */

void test_lnprob_noneq(void) {
    void (*const make[])(lq_dataset *) = {ds_hm_mix, ds_hm_form, ds_sm_mix};
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.weight_hm = 2.0;
    fx f;
    if (fx_open(&f, make, 3, &opt)) return;
    LQ_CHECK(lq_assess_ctx_param_count(f.ctx) == 3);
    LQ_CHECK(strcmp(lq_assess_ctx_param_name(f.ctx, 2), "VV0002") == 0);
    double start[3];
    LQ_CHECK_STATUS(lq_assess_ctx_start(f.ctx, start, 3), LQ_OK);
    LQ_CHECK(start[0] == V0 && start[1] == V1 && start[2] == V2);
    /* at theta = (-7000, -18000, 1): HM_MIX = V0' y_A y_B; HM_FORM per atom = V1'/2;
     * SM_MIX without ideal mixing = -V2' x (1 - x) */
    const double th[3] = {-7000.0, -18000.0, 1.0};
    fx_eval(&f, th);
    double s_hm = 500.0 / 2.0; /* data_weight HM = 2 */
    double want_mix =
        norm_lp(-7000.0 * 0.21 - (-1000.0), s_hm) + norm_lp(-7000.0 * 0.25 - (-1200.0), s_hm);
    double want_form = norm_lp(-9000.0 - (-9000.0), s_hm / 0.5); /* dataset weight 0.5 */
    double want_sm = norm_lp(-1.0 * 0.25 - (-0.3), 0.2);
    /* closed forms against property evaluations: 1e-10 relative on the log-densities */
    LQ_CHECK_CLOSE(f.terms->dataset[0], want_mix, 1e-10, 1e-10);
    LQ_CHECK_CLOSE(f.terms->dataset[1], want_form, 1e-10, 1e-10);
    LQ_CHECK_CLOSE(f.terms->dataset[2], want_sm, 1e-10, 1e-10);
    LQ_CHECK(f.terms->n_residuals[0] == 2 && f.terms->n_residuals[1] == 1);
    /* misfit: the same without the normalisation, -r^2 / (2 s^2) */
    double q1 = (-7000.0 * 0.21 + 1000.0) / s_hm, q2 = (-7000.0 * 0.25 + 1200.0) / s_hm;
    LQ_CHECK_CLOSE(f.terms->misfit[0], -0.5 * (q1 * q1 + q2 * q2), 1e-9, 1e-12);
    LQ_CHECK(f.terms->kind[0] == LQ_LNPROB_NONEQ);
    LQ_CHECK_CLOSE(f.terms->noneq, want_mix + want_form + want_sm, 1e-10, 1e-10);
    LQ_CHECK(f.terms->prior == 0.0 && f.terms->zpf == 0.0);
    fx_close(&f);
}

void test_lnprob_eqprop(void) {
    void (*const make[])(lq_dataset *) = {ds_eq};
    fx f;
    if (fx_open(&f, make, 1, NULL)) return;
    fx_eval(&f, theta0);
    /* one-phase (LIQUID only) equilibrium: HM_MIX = V0 x (1 - x); Newton on one phase converges
     * quadratically, its last step lands far below the context's tolerance (1e-8) */
    double want = norm_lp(V0 * 0.24 - (-1100.0), 500.0);
    LQ_CHECK_CLOSE(f.terms->eq, want, 1e-9, 1e-9);
    LQ_CHECK(f.terms->kind[0] == LQ_LNPROB_EQ);
    fx_close(&f);
}

void test_lnprob_activity(void) {
    void (*const make[])(lq_dataset *) = {ds_acr};
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.weight_acr = 4.0;
    fx f;
    if (fx_open(&f, make, 1, &opt)) return;
    fx_eval(&f, theta0);
    /* all liquid at 1000 K (AB lies above the liquid there); reference: pure liquid B, mu = 0
     * (the solver's 1e-12 floor on x_A moves it by R T 1e-12) */
    double T = 1000.0, want = 0.0;
    for (int i = 0; i < 2; i++)
        want += norm_lp(mu_b(T, X_acr[i]) - (R_PYC * T * log(val_acr[i]) + 0.0), 500.0 / 4.0);
    LQ_CHECK_CLOSE(f.terms->acr, want, 1e-9, 1e-9);
    LQ_CHECK(f.terms->n_residuals[0] == 2);
    fx_close(&f);
}

void test_lnprob_activity_pure_ref(void) {
    /* the reference equilibrium at X_B = 1 in BSOL alone: the solver's 1e-12 floor on x_A cannot
     * be met by BSOL, so mu_ref is pure B's Gibbs energy in BSOL (5000 J/mol), as pycalphad's
     * equilibrium at X_A = 0 gives; data made exactly from the model fit with residual 0 */
    const double T = 1000.0;
    for (int i = 0; i < 2; i++) val_acr_pure[i] = exp((mu_b(T, X_acr[i]) - 5000.0) / (R_PYC * T));
    void (*const make[])(lq_dataset *) = {ds_acr_pure};
    fx f;
    if (fx_open(&f, make, 1, NULL)) return;
    fx_eval(&f, theta0);
    LQ_CHECK(isfinite(f.terms->acr));
    LQ_CHECK_CLOSE(f.terms->misfit[0], 0.0, 0.0, 1e-9);
    fx_close(&f);
}

void test_lnprob_zpf(void) {
    void (*const make[])(lq_dataset *) = {ds_zpf};
    fx f;
    if (fx_open(&f, make, 1, NULL)) return;
    fx_eval(&f, theta0);
    const double T = 1000.0, s = 1000.0 / 2.0; /* dataset weight 2 */
    const double gab = (V1 + 10.0 * T) / 2.0;  /* AB per atom */
    /* R1: hyperplane = liquid at 0.3; liquid's own driving force 0; AB: mu . (1/2, 1/2) - G */
    double ma = mu_a(T, 0.3), mb = mu_b(T, 0.3);
    double want = norm_lp(0.0, s) + norm_lp(0.5 * (ma + mb) - gab, s);
    /* R2: mean of the potentials at 0.2 and 0.45 */
    double ha = 0.5 * (mu_a(T, 0.2) + mu_a(T, 0.45)), hb = 0.5 * (mu_b(T, 0.2) + mu_b(T, 0.45));
    want += norm_lp(ha * 0.8 + hb * 0.2 - gm_liq(T, 0.2), s);
    want += norm_lp(ha * 0.55 + hb * 0.45 - gm_liq(T, 0.45), s);
    /* R3: unknown liquid composition against the liquid's own tangent at 0.3: the largest
     * mu . x - GM over ESPEI's sampled points (sampled_df_max) */
    want += norm_lp(0.0, s) + norm_lp(sampled_df_max(T, ma, mb), s);
    /* R4: the equilibrium at x = 0.5 is liquid, AB (known and unknown) lies above it */
    double m5 = 0.5 * (mu_a(T, 0.5) + mu_b(T, 0.5));
    want += 2.0 * norm_lp(m5 - gab, s);
    /* R5 (300 K): AB alone is stable at 0.5, a stoichiometric phase: no hyperplane, 0 */
    want += 2.0 * norm_lp(0.0, s);
    /* one-phase equilibria (quadratic Newton, far below the context's 1e-8), the maximum by Newton
     * to 1e-12 in y */
    LQ_CHECK_CLOSE(f.terms->zpf, want, 1e-9, 1e-7);
    LQ_CHECK(f.terms->n_residuals[0] == 10);
    fx_close(&f);
}

void test_lnprob_prior_and_total(void) {
    void (*const make[])(lq_dataset *) = {ds_hm_mix, ds_eq, ds_acr, ds_zpf};
    lq_prior_spec pr;
    lq_prior_spec_default(&pr);
    lq_prior_spec_set_name(&pr, "normal");
    lq_prior_spec_set(&pr, "loc_identity", 1.0);
    lq_prior_spec_set(&pr, "scale_relative", 0.1);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.priors = &pr;
    opt.n_priors = 1;
    fx f;
    if (fx_open(&f, make, 4, &opt)) return;
    const double th[3] = {-5500.0, -20000.0, 2.2};
    double lp = fx_eval(&f, th), want_prior = 0.0;
    for (int i = 0; i < 3; i++) want_prior += lq_prior_logpdf(&pr, theta0[i], th[i]);
    LQ_CHECK_CLOSE(f.terms->prior, want_prior, 1e-14, 0);
    LQ_CHECK_CLOSE(want_prior, norm_lp(500.0, 500.0) + norm_lp(0.0, 2000.0) + norm_lp(0.2, 0.2),
                   1e-13, 0);
    LQ_CHECK_CLOSE(lp, f.terms->prior + f.terms->noneq + f.terms->eq + f.terms->acr + f.terms->zpf,
                   1e-14, 1e-12);
    double per = 0.0;
    for (size_t d = 0; d < 4; d++) per += f.terms->dataset[d];
    LQ_CHECK_CLOSE(per + f.terms->prior, lp, 1e-14, 1e-12);
    LQ_CHECK_CLOSE(lq_assess_lnprob_fn(th, 3, f.ctx), lp, 0, 0);
    fx_close(&f);

    /* a uniform prior that excludes theta: -inf, likelihoods not evaluated (ESPEI) */
    lq_prior_spec_set_name(&pr, "uniform");
    lq_prior_spec_set(&pr, "loc_shift_relative", -0.05);
    if (fx_open(&f, make, 4, &opt)) return;
    lp = fx_eval(&f, th);
    LQ_CHECK(lp == -HUGE_VAL && f.terms->prior == -HUGE_VAL && f.terms->zpf == 0.0);
    fx_close(&f);
}

void test_lnprob_threads(void) {
    void (*const make[])(lq_dataset *) = {ds_hm_mix, ds_acr, ds_zpf};
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.n_threads = 2;
    fx f;
    if (fx_open(&f, make, 3, &opt)) return;
    double th[4][3], serial[4], par[4];
    for (int k = 0; k < 4; k++) {
        th[k][0] = V0 - 300.0 * k;
        th[k][1] = V1 + 100.0 * k;
        th[k][2] = V2 + 0.1 * k;
        serial[k] = lq_assess_lnprob_fn(th[k], 3, f.ctx);
    }
    int bad = 0;
#pragma omp parallel for num_threads(2) schedule(static, 1)
    for (int k = 0; k < 4; k++) {
        par[k] = lq_assess_lnprob_fn(th[(k + 1) % 4], 3, f.ctx);
        if (!isfinite(par[k])) bad = 1;
    }
    LQ_CHECK(!bad);
    /* the same workspaces' arithmetic in each thread: identical */
    for (int k = 0; k < 4; k++) LQ_CHECK_CLOSE(par[k], serial[(k + 1) % 4], 1e-13, 0);
    fx_close(&f);
}

void test_lnprob_errors(void) {
    void (*const make[])(lq_dataset *) = {ds_hm_mix};
    fx f;
    if (fx_open(&f, make, 1, NULL)) return;
    double lp;
    LQ_CHECK_STATUS(lq_assess_lnprob(f.ctx, theta0, 2, NULL, &lp, NULL), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_assess_lnprob(f.ctx, theta0, 3, NULL, NULL, NULL), LQ_EINVAL);
    const double nan3[3] = {(double)NAN, 0, 0};
    LQ_CHECK_STATUS(lq_assess_lnprob(f.ctx, nan3, 3, NULL, &lp, NULL), LQ_EINVAL);
    LQ_CHECK(lq_assess_lnprob_fn(nan3, 3, f.ctx) == -HUGE_VAL);
    const char *unknown[] = {"VV0000", "VV0042"};
    lq_assess_ctx *c2 = NULL;
    LQ_CHECK_STATUS(lq_assess_ctx_create(f.db, &f.set, unknown, 2, NULL, &c2, NULL), LQ_ENOTFOUND);
    LQ_CHECK(c2 == NULL);
    LQ_CHECK_STATUS(lq_assess_ctx_create(NULL, &f.set, NULL, 0, NULL, &c2, NULL), LQ_EINVAL);
    /* an excluded contribution other than idmix is refused, naming it */
    static char *MAG[] = {"orderingx"};
    f.ds[0].n_excluded = 1;
    f.ds[0].excluded = MAG;
    lq_diag dg;
    lq_diag_clear(&dg);
    LQ_CHECK_STATUS(lq_assess_ctx_create(f.db, &f.set, NULL, 0, NULL, &c2, &dg), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(dg.msg, "orderingx") != NULL);
    lq_assess_lnprob_options opt;
    lq_assess_lnprob_options_default(&opt);
    opt.weight_zpf = 0.0;
    f.ds[0].n_excluded = 0;
    LQ_CHECK_STATUS(lq_assess_ctx_create(f.db, &f.set, NULL, 0, &opt, &c2, NULL), LQ_EINVAL);
    fx_close(&f);
}

/* Every allocation of the context, the terms and the first evaluation may fail: the status is
 * LQ_ENOMEM and nothing leaks (ASan), until enough allocations succeed. */
void test_lnprob_alloc_failures(void) {
    void (*const make[])(lq_dataset *) = {ds_hm_mix, ds_acr, ds_zpf};
    fx f;
    if (fx_open(&f, make, 3, NULL)) return;
    int ok_seen = 0;
    for (long k = 0; k < 20000 && !ok_seen; k += k < 64 ? 1 : 13) {
        lq_assess_ctx *c = NULL;
        lq_assess_terms *t = NULL;
        double lp = 0.0;
        lqi_alloc_fail_after(k);
        lq_status st = lq_assess_ctx_create(f.db, &f.set, NULL, 0, NULL, &c, NULL);
        if (st == LQ_OK) st = lq_assess_terms_alloc(c, &t);
        if (st == LQ_OK) st = lq_assess_lnprob(c, theta0, 3, t, &lp, NULL);
        lqi_alloc_fail_after(-1);
        LQ_CHECK(st == LQ_OK || st == LQ_ENOMEM);
        if (st == LQ_OK) {
            ok_seen = 1;
            LQ_CHECK_CLOSE(lp, fx_eval(&f, theta0), 1e-12, 1e-9);
        }
        lq_assess_terms_free(t);
        lq_assess_ctx_free(c);
    }
    LQ_CHECK(ok_seen);
    fx_close(&f);
}

/* Excluding "mag" (pycalphad: the magnetic contribution zeroed in the model and its end-member
 * reference): HM_MIX of a magnetic BCC with L0 = VV0000 is then VV0000 y_A y_B exactly. */
void test_lnprob_excluded_mag(void) {
    static const char *tdb =
        "ELEMENT VA VACUUM 0 0 0 !\n"
        "ELEMENT A BCC_A2 10 0 0 !\n"
        "ELEMENT B BCC_A2 20 0 0 !\n"
        "FUNCTION VV0000 298.15 -3000; 6000 N !\n"
        "TYPE_DEFINITION % SEQ * !\n"
        "TYPE_DEFINITION & GES A_P_D BCC_A2 MAGNETIC -1.0 0.4 !\n"
        "PHASE BCC_A2 %& 2 1 3 !\n"
        "CONSTITUENT BCC_A2 :A,B:VA: !\n"
        "PARAMETER G(BCC_A2,A:VA;0) 298.15 -1000; 6000 N !\n"
        "PARAMETER G(BCC_A2,B:VA;0) 298.15 -2000; 6000 N !\n"
        "PARAMETER TC(BCC_A2,A:VA;0) 298.15 1000; 6000 N !\n"
        "PARAMETER BMAGN(BCC_A2,A:VA;0) 298.15 2.2; 6000 N !\n"
        "PARAMETER L(BCC_A2,A,B:VA;0) 298.15 VV0000; 6000 N !\n";
    static char *BCC[] = {"BCC_A2"}, *VA[] = {"VA"}, *MAGX[] = {"mag"};
    static double occ[] = {0.5, 0.5};
    static lq_dataset_sublattice sb[2] = {{2, AB, occ, 1}, {1, VA, NULL, 0}};
    static lq_dataset_config cf[1] = {{2, sb}};
    static double T5[] = {500.0}, val[] = {-700.0};
    static lq_dataset_cond cond[2] = {{"P", 1, P1}, {"T", 1, T5}};
    static char *ABVA[] = {"A", "B", "VA"};
    lq_dataset ds[2];
    for (int k = 0; k < 2; k++) {
        base(&ds[k], LQ_DATASET_NONEQ_THERMO, "HM_MIX", BCC, 1);
        ds[k].n_components = 3;
        ds[k].components = ABVA;
        ds[k].n_conds = 2;
        ds[k].conds = cond;
        ds[k].n_configs = 1;
        ds[k].configs = cf;
        ds[k].shape[0] = ds[k].shape[1] = ds[k].shape[2] = 1;
        ds[k].values = val;
    }
    ds[0].n_excluded = 1;
    ds[0].excluded = MAGX;
    lq_dataset *ptr[2] = {&ds[0], &ds[1]};
    lq_dataset_set set = {2, ptr, 0};
    lq_db *db = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(tdb, "bcc", &db, NULL), LQ_OK);
    lq_assess_ctx *ctx = NULL;
    lq_assess_terms *t = NULL;
    LQ_CHECK_STATUS(lq_assess_ctx_create(db, &set, NULL, 0, NULL, &ctx, NULL), LQ_OK);
    if (ctx && lq_assess_terms_alloc(ctx, &t) == LQ_OK) {
        double th[1] = {-3000.0}, lp;
        LQ_CHECK_STATUS(lq_assess_lnprob(ctx, th, 1, t, &lp, NULL), LQ_OK);
        LQ_CHECK_CLOSE(t->dataset[0], norm_lp(-3000.0 * 0.25 + 700.0, 500.0), 1e-12, 0);
        /* with the magnetic term the mixing enthalpy differs (Tc and beta mix linearly) */
        LQ_CHECK(fabs(t->dataset[1] - t->dataset[0]) > 1e-6);
        /* the exclusion does not leak into the next dataset: same value evaluated alone */
        double with_mag = t->dataset[1];
        set.n = 1;
        ptr[0] = &ds[1];
        lq_assess_ctx *c2 = NULL;
        LQ_CHECK_STATUS(lq_assess_ctx_create(db, &set, NULL, 0, NULL, &c2, NULL), LQ_OK);
        lq_assess_terms *t2 = NULL;
        if (c2 && lq_assess_terms_alloc(c2, &t2) == LQ_OK) {
            LQ_CHECK_STATUS(lq_assess_lnprob(c2, th, 1, t2, &lp, NULL), LQ_OK);
            LQ_CHECK_CLOSE(t2->dataset[0], with_mag, 1e-14, 0);
        }
        lq_assess_terms_free(t2);
        lq_assess_ctx_free(c2);
    }
    lq_assess_terms_free(t);
    lq_assess_ctx_free(ctx);
    lq_db_free(db);
}
