/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Synthetic Bi-Nd datasets from the study's Table 2 liquid (activities, HM_MIX, ZPF), with noise.
 */
#include "synth.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/thermo.h"
#include "liquidus/units.h"

/* Nd-Bi study (shared/seeds/004_c59e827e2707f2a7.txt) Table 2, liquid (Bi,Nd)1:
 * 0L = -210930 - 39.74 T, 1L = 3606 + 6.56 T, 2L = 97170 - 44.30 T, 3L = -8893. */
const double synth_truth[SYNTH_NPAR] = {-210930.0, -39.74, 3606.0, 6.56, 97170.0, -44.30, -8893.0};
const char *const synth_names[SYNTH_NPAR] = {"VV0000", "VV0001", "VV0002", "VV0003",
                                             "VV0004", "VV0005", "VV0006"};

static char *read_text(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) s[n] = '\0';
    fclose(fp);
    return s;
}

static int write_text(const char *path, const char *text) {
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    int ok = fputs(text, fp) >= 0;
    return (fclose(fp) == 0 && ok) ? 0 : -1;
}

char *synth_tdb_with_symbols(const char *tdb, const double p[SYNTH_NPAR]) {
    size_t n = strlen(tdb);
    char *out = malloc(n + 4096);
    if (!out) return NULL;
    size_t o = 0;
    const char *s = tdb;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) + 1 : strlen(s);
        int j = -1;
        if (strncmp(s, " PARAMETER L(LIQUID,BI,ND;", 26) == 0) j = s[26] - '0';
        if (strncmp(s, " TYPE_DEFINITION", 16) == 0) {
            /* the fitted symbols, as ESPEI writes them: one constant piece each */
            for (int k = 0; k < SYNTH_NPAR; k++)
                o += (size_t)snprintf(out + o, 128, " FUNCTION %s 298.15 %.17g; 6000 N !\n",
                                      synth_names[k], p[k]);
        }
        if (j >= 0 && j <= 3) {
            if (j < 3)
                o += (size_t)snprintf(
                    out + o, 160, " PARAMETER L(LIQUID,BI,ND;%d) 298.15 %s#+%s#*T; 6000 N REF1 !\n",
                    j, synth_names[2 * j], synth_names[2 * j + 1]);
            else
                o += (size_t)snprintf(out + o, 160,
                                      " PARAMETER L(LIQUID,BI,ND;3) 298.15 %s#; 6000 N REF1 !\n",
                                      synth_names[6]);
        } else {
            memcpy(out + o, s, len);
            o += len;
        }
        s += len;
    }
    out[o] = '\0';
    return out;
}

/* HM_MIX of the liquid (Eq. 10): the ideal part has no enthalpy, so HM_MIX = x_Bi x_Nd
 * sum_j a_j (x_Bi - x_Nd)^j with a_j the T-independent parts of the L_j. */
static double hm_mix_truth(double x_nd) {
    double xb = 1.0 - x_nd, d = xb - x_nd, s = 0.0, dj = 1.0;
    for (int j = 0; j < 4; j++, dj *= d) s += synth_truth[2 * j] * dj;
    return xb * x_nd * s;
}

typedef struct synth_eq {
    lq_db *db;
    lq_system *sys;
    lq_eq_ws *ws;
    lq_eq_result *res;
    size_t liq, dhcp;
} synth_eq;

static void eq_free(synth_eq *q) {
    lq_eq_result_free(q->res);
    lq_eq_ws_free(q->ws);
    lq_system_free(q->sys);
    lq_db_free(q->db);
}

static lq_status eq_open(const char *tdb_text, synth_eq *q, lq_diag *diag) {
    static const char *const comps[] = {"BI", "ND"};
    memset(q, 0, sizeof *q);
    lq_status st = lq_db_read_string(tdb_text, "truth.tdb", &q->db, diag);
    if (st == LQ_OK) st = lq_system_create(q->db, comps, 2, NULL, 0, &q->sys, diag);
    if (st == LQ_OK) st = lq_eq_ws_alloc(q->sys, NULL, &q->ws, diag);
    if (st == LQ_OK) st = lq_eq_result_alloc(q->ws, &q->res);
    if (st == LQ_OK) st = lq_system_phase_find(q->sys, "LIQUID", &q->liq);
    if (st == LQ_OK) st = lq_system_phase_find(q->sys, "DHCP", &q->dhcp);
    if (st != LQ_OK) eq_free(q);
    return st;
}

/* One ACR_ND dataset at T: activities of Nd in the single-phase liquid at fractions `frac` of the
 * saturation composition, against pure DHCP Nd at T, with noise on R T ln a. */
static lq_status write_acr(synth_eq *q, double T, lqi_rng *rng, const synth_noise *nz,
                           const char *dir, synth_info *info, lq_diag *diag) {
    static const double frac[] = {0.15, 0.5, 0.85};
    enum { NF = sizeof frac / sizeof frac[0] };
    double xsat = 0, xo = 0, x[NF], a[NF];
    size_t other = 0;
    lq_status st = lq_map_solubility(q->ws, T, 1, q->liq, &xsat, &other, &xo, diag);
    if (st != LQ_OK) return st;
    for (size_t k = 0; k < NF; k++) {
        x[k] = xsat * frac[k];
        double xx[2] = {1.0 - x[k], x[k]}, act = 0, lna = 0;
        st = lq_eq_solve(q->ws, T, xx, 2, q->res, diag);
        if (st == LQ_OK && (q->res->n_phases != 1 || q->res->phases[0].phase != q->liq))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "x", "%g K, x_ND %g is not single liquid",
                                T, x[k]);
        if (st == LQ_OK) st = lq_eq_activity(q->ws, q->res, 1, q->dhcp, &act, &lna, diag);
        if (st != LQ_OK) return st;
        double RT = LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K * T;
        a[k] = exp(lna + nz->acr_J * lqi_rng_normal(rng) / RT);
    }
    char ref[64], path[1024];
    snprintf(ref, sizeof ref, "synthetic-Table2-ACR-%.0fK", T);
    lq_dataset *ds = NULL;
    st = lq_dataset_build_activity("ND", "BI", "LIQUID", "DHCP", T, x, a, NF, ref, &ds, diag);
    snprintf(path, sizeof path, "%s/datasets/BI-ND-ACR_ND-LIQUID-%.0fK.json", dir, T);
    if (st == LQ_OK) st = lq_dataset_write_file(ds, path, diag);
    lq_dataset_free(ds);
    info->n_acr += NF;
    return st;
}

/* HM_MIX of the liquid at 973 K (Fig. 9b) as a non-equilibrium dataset at fixed site fractions. */
static lq_status write_hm(lqi_rng *rng, const synth_noise *nz, const char *dir, synth_info *info,
                          lq_diag *diag) {
    char json[8192], path[1024];
    size_t o = 0;
    o += (size_t)snprintf(json + o, sizeof json - o,
                          "{\"components\": [\"BI\", \"ND\"], \"phases\": [\"LIQUID\"],\n"
                          "\"solver\": {\"mode\": \"manual\", \"sublattice_site_ratios\": [1],\n"
                          "\"sublattice_configurations\": [");
    for (int k = 1; k <= 9; k++)
        o += (size_t)snprintf(json + o, sizeof json - o, "%s[[\"BI\", \"ND\"]]", k > 1 ? ", " : "");
    o += (size_t)snprintf(json + o, sizeof json - o, "],\n\"sublattice_occupancies\": [");
    for (int k = 1; k <= 9; k++)
        o += (size_t)snprintf(json + o, sizeof json - o, "%s[[%.17g, %.17g]]", k > 1 ? ", " : "",
                              1.0 - 0.1 * k, 0.1 * k);
    o += (size_t)snprintf(json + o, sizeof json - o,
                          "]},\n\"conditions\": {\"P\": 101325, \"T\": 973},\n"
                          "\"output\": \"HM_MIX\", \"values\": [[[");
    for (int k = 1; k <= 9; k++)
        o += (size_t)snprintf(json + o, sizeof json - o, "%s%.17g", k > 1 ? ", " : "",
                              hm_mix_truth(0.1 * k) + nz->hm_J * lqi_rng_normal(rng));
    snprintf(json + o, sizeof json - o,
             "]]],\n\"reference\": \"synthetic-Table2-HM_MIX\",\n"
             "\"comment\": \"x_BI x_ND sum_j a_j (x_BI - x_ND)^j of Table 2 + noise\"}\n");
    lq_dataset *ds = NULL;
    lq_status st = lq_dataset_read_string(json, "hm_mix", &ds, diag);
    snprintf(path, sizeof path, "%s/datasets/BI-ND-HM_MIX-LIQUID-973K.json", dir);
    if (st == LQ_OK) st = lq_dataset_write_file(ds, path, diag);
    lq_dataset_free(ds);
    info->n_hm = 9;
    return st;
}

/* Liquidus (Nd solubility in liquid Bi) at several T, one ZPF dataset per coexisting phase. */
static lq_status write_solubility(synth_eq *q, lqi_rng *rng, const synth_noise *nz, const char *dir,
                                  synth_info *info, lq_diag *diag) {
    static const double Ts[] = {773, 823, 873, 923, 973, 1073, 1173, 1373};
    enum { NT = sizeof Ts / sizeof Ts[0] };
    size_t other[NT];
    double xl[NT];
    lq_status st = LQ_OK;
    for (size_t i = 0; i < NT && st == LQ_OK; i++) {
        double xo = 0;
        st = lq_map_solubility(q->ws, Ts[i], 1, q->liq, &xl[i], &other[i], &xo, diag);
        xl[i] *= exp(nz->x_rel * lqi_rng_normal(rng));
    }
    int done[NT] = {0};
    for (size_t i = 0; i < NT && st == LQ_OK; i++) {
        if (done[i]) continue;
        double T[NT], x[2 * NT];
        size_t n = 0;
        for (size_t k = i; k < NT; k++) {
            if (other[k] != other[i]) continue;
            done[k] = 1;
            T[n] = Ts[k];
            x[2 * n] = xl[k];
            x[2 * n + 1] = NAN; /* the compound: unknown (stoichiometric) */
            n++;
        }
        lq_phase_info pi;
        st = lq_system_phase_info(q->sys, other[i], &pi);
        if (st != LQ_OK) break;
        const char *phases[2] = {"LIQUID", pi.name};
        lq_dataset *ds = NULL;
        char path[1024];
        st = lq_dataset_build_zpf("ND", "BI", phases, 2, T, x, n, "synthetic-Table2-liquidus", &ds,
                                  diag);
        snprintf(path, sizeof path, "%s/datasets/BI-ND-ZPF-LIQUID-%s.json", dir, pi.name);
        if (st == LQ_OK) st = lq_dataset_write_file(ds, path, diag);
        lq_dataset_free(ds);
        info->n_solubility += n;
    }
    return st;
}

/* The three invariants with the liquid on the Bi side below 1000 K (the study's 539, 774 and
 * 932 K), each a three-phase ZPF region at the noisy T with the liquid's composition given. */
static lq_status write_invariants(synth_eq *q, lqi_rng *rng, const synth_noise *nz, const char *dir,
                                  synth_info *info, lq_diag *diag) {
    lq_map_options mo;
    lq_map_options_default(&mo);
    mo.T_min = 450;
    mo.T_max = 1000;
    lq_map_result *map = NULL;
    lq_status st = lq_map_compute(q->ws, &mo, &map, diag);
    if (st != LQ_OK) return st;
    size_t n = 0;
    for (size_t i = 0; i < map->n_invariants && st == LQ_OK; i++) {
        const lq_map_invariant *iv = &map->invariants[i];
        int has_liq = -1;
        for (int k = 0; k < 3; k++)
            if (iv->phase[k] == q->liq) has_liq = k;
        if (has_liq < 0 || iv->x[has_liq] > 0.2 || n >= 3) continue;
        const char *phases[3];
        double x[3];
        for (int k = 0; k < 3; k++) {
            lq_phase_info pi;
            st = lq_system_phase_info(q->sys, iv->phase[k], &pi);
            if (st != LQ_OK) break;
            phases[k] = pi.name;
            /* the liquid measured; the solids unknown except a terminal solution (Bi) */
            x[k] = NAN;
            if (k == has_liq) x[k] = iv->x[k] * exp(nz->x_rel * lqi_rng_normal(rng));
        }
        if (st != LQ_OK) break;
        double T = iv->T + nz->T_K * lqi_rng_normal(rng);
        info->inv_T[n] = iv->T;
        snprintf(info->inv_name[n], sizeof info->inv_name[n], "%s+%s+%s", phases[0], phases[1],
                 phases[2]);
        lq_dataset *ds = NULL;
        char path[1024];
        st = lq_dataset_build_zpf("ND", "BI", phases, 3, &T, x, 1, "synthetic-Table2-invariant",
                                  &ds, diag);
        snprintf(path, sizeof path, "%s/datasets/BI-ND-ZPF-invariant-%zu.json", dir, n);
        if (st == LQ_OK) st = lq_dataset_write_file(ds, path, diag);
        lq_dataset_free(ds);
        n++;
    }
    info->n_invariant = n;
    lq_map_free(map);
    return st;
}

static lq_status write_run(const char *pm_path, const char *dir, const synth_noise *nz,
                           lq_diag *diag) {
    char path[1024], text[2048];
    char *pm = read_text(pm_path);
    if (!pm) return lqi_diag_set(diag, LQ_EIO, pm_path, 0, NULL, "cannot read");
    snprintf(path, sizeof path, "%s/phase_models.json", dir);
    int bad = write_text(path, pm);
    free(pm);
    snprintf(text, sizeof text,
             "# Re-assessment of the Table 2 liquid from synthetic data (tests/assess_bind).\n"
             "system:\n  phase_models: phase_models.json\n  datasets: datasets\n"
             "output:\n  output_db: synth-mcmc.tdb\n  tracefile: null\n  probfile: null\n"
             "mcmc:\n  iterations: %zu\n  input_db: start.tdb\n  chains_per_parameter: %zu\n"
             "  chain_std_deviation: 0.1\n  deterministic: true\n  cores: 2\n"
             "  symbols: [VV0000, VV0001, VV0002, VV0003, VV0004, VV0005, VV0006]\n",
             nz->iterations, nz->chains_per_parameter);
    snprintf(path, sizeof path, "%s/run.yaml", dir);
    if (bad || write_text(path, text))
        return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "cannot write");
    return LQ_OK;
}

lq_status synth_write(const char *tdb_path, const char *pm_path, const char *dir,
                      const synth_noise *nz, synth_info *info, lq_diag *diag) {
    memset(info, 0, sizeof *info);
    char *tdb = read_text(tdb_path);
    if (!tdb) return lqi_diag_set(diag, LQ_EIO, tdb_path, 0, NULL, "cannot read");
    lqi_rng rng;
    lqi_rng_seed(&rng, nz->seed);
    for (int k = 0; k < SYNTH_NPAR; k++)
        info->start[k] =
            synth_truth[k] * (1.0 + (lqi_rng_uniform(&rng) < 0.5 ? -nz->perturb : nz->perturb));
    char *truth = synth_tdb_with_symbols(tdb, synth_truth);
    char *start = synth_tdb_with_symbols(tdb, info->start);
    free(tdb);
    char path[1024];
    lq_status st = (truth && start) ? LQ_OK : LQ_ENOMEM;
    snprintf(path, sizeof path, "%s/truth.tdb", dir);
    if (st == LQ_OK && write_text(path, truth)) st = LQ_EIO;
    snprintf(path, sizeof path, "%s/start.tdb", dir);
    if (st == LQ_OK && write_text(path, start)) st = LQ_EIO;
    snprintf(path, sizeof path, "%s/datasets", dir);
    if (st == LQ_OK && mkdir(path, 0777) != 0 && errno != EEXIST) st = LQ_EIO;
    if (st != LQ_OK) lqi_diag_set(diag, st, path, 0, NULL, "cannot write");
    synth_eq q;
    int open = 0;
    if (st == LQ_OK) open = (st = eq_open(truth, &q, diag)) == LQ_OK;
    static const double Tacr[] = {773, 873, 973, 1173, 1373};
    for (size_t i = 0; i < sizeof Tacr / sizeof Tacr[0] && st == LQ_OK; i++)
        st = write_acr(&q, Tacr[i], &rng, nz, dir, info, diag);
    if (st == LQ_OK) st = write_hm(&rng, nz, dir, info, diag);
    if (st == LQ_OK) st = write_solubility(&q, &rng, nz, dir, info, diag);
    if (st == LQ_OK) st = write_invariants(&q, &rng, nz, dir, info, diag);
    if (st == LQ_OK) st = write_run(pm_path, dir, nz, diag);
    if (open) eq_free(&q);
    free(truth);
    free(start);
    return st;
}
