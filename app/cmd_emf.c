/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus emf`: coulometric titration -> emf, activity, gamma, solubility, dS, dH, datasets. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "echem_cmd.h"
#include "liquidus/core.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"
#include "liquidus/units.h"

static const char *const usage =
    "liquidus emf FILE [FILE...] --T K[,K...] (--solvent-mol MOL | --solvent-g G "
    "--solvent-molar-mass G_PER_MOL)\n"
    "             [--z 3] [--ref NAME|a,b@SCALE] [--to NAME] [--window S] [--tol V]\n"
    "             [--solute ND --solvent BI --solid-phase NAME --ref-phase NAME] [--out PREFIX]\n\n"
    "Coulometric titration records (current pulses, each followed by open circuit; one file per\n"
    "temperature, --T in the same order): composition from the passed charge (Faraday's law) and\n"
    "the initial amount of electrode metal, the steady emf averaged over the last --window s of\n"
    "each rest (default 1800 s = 0.5 h) with its drift, conversion from the measuring reference\n"
    "(--ref, e.g. NdSn: Nd-Bi study Eq. 8; AgAgCl: Mg-La study Eq. 6; or a,b[@SCALE] for\n"
    "phi = a + bT) to --to (e.g. Nd, the pure solute), activity ln a = -zFE/RT (Eq. 6), activity\n"
    "coefficient and partial molar excess Gibbs energy RT ln gamma (Eq. 13), the two-phase "
    "plateau\n"
    "and the solubility where the liquid fit E = a + b ln x meets it, and across temperatures the\n"
    "partial molar entropy and enthalpy from E(T) of the plateau and of the liquid's RT ln gamma.\n"
    "Activities assume the converted emf is against the pure solute. With --solute and --solvent,\n"
    "writes ESPEI datasets: PREFIX-ACR_<SOLUTE>-<T>K.json per temperature and, with "
    "--solid-phase,\n"
    "PREFIX-ZPF.json. Also PREFIX.emf.csv (steps), PREFIX.emf.json and PREFIX.emf.png (E vs x).\n"
    "Current: IUPAC sign from the reader (reduction negative: deposition into the electrode).";

#define EMF_MAX_FILES 32
#define EMF_MAX_STEPS 4096

static void upper(char *dst, size_t size, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        dst[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    dst[i] = '\0';
}

/* ESPEI dataset header shared by ACR and ZPF files. */
static cJSON *espei_head(const char *solute, const char *solvent) {
    cJSON *o = cJSON_CreateObject();
    cJSON *comps = cJSON_AddArrayToObject(o, "components");
    const char *a = strcmp(solute, solvent) < 0 ? solute : solvent;
    const char *b = a == solute ? solvent : solute;
    cJSON_AddItemToArray(comps, cJSON_CreateString(a));
    cJSON_AddItemToArray(comps, cJSON_CreateString(b));
    cJSON_AddItemToArray(comps, cJSON_CreateString("VA"));
    return o;
}

typedef struct emf_file_result {
    double T;
    int has_sol;
    lq_echem_emf_solubility sol;
    double lng_mean, lng_sd;
    size_t nliq;
} emf_file_result;

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *out = NULL, *format = NULL, *Ts = NULL, *refs = NULL, *tos = NULL;
    const char *solute = NULL, *solvent = NULL, *solid = NULL, *refphase = NULL;
    const char *liquid = "LIQUID";
    double nsolv = 0.0, gsolv = 0.0, msolv = 0.0, tol = 0.002;
    long z = 3;
    int negate = 0;
    lq_echem_emf_options eo = lq_echem_emf_options_default();
    const lqa_opt opts[] = {
        {"T", LQA_STRING, &Ts, "K[,K...]", "temperature of each file (required)"},
        {"solvent-mol", LQA_DOUBLE, &nsolv, "MOL", "initial amount of electrode metal, mol"},
        {"solvent-g", LQA_DOUBLE, &gsolv, "G", "initial mass of electrode metal, g"},
        {"solvent-molar-mass", LQA_DOUBLE, &msolv, "G_PER_MOL", "its molar mass (with -g)"},
        {"solute0-mol", LQA_DOUBLE, &eo.n_solute0_mol, "MOL", "solute present at the start (0)"},
        {"z", LQA_INT, &z, "Z", "charge number of the solute ion (3 for Nd3+)"},
        {"window", LQA_DOUBLE, &eo.window_s, "S", "final part of each rest averaged (1800 s)"},
        {"pulse-current", LQA_DOUBLE, &eo.pulse_current_A, "A",
         "|I| above which a sample is a pulse (default 2 % of max|I|)"},
        {"efficiency", LQA_DOUBLE, &eo.efficiency, "F", "coulombic efficiency (1)"},
        {"ref", LQA_STRING, &refs, "REF", "measuring reference: AgAgCl, Cl2, NdSn, Nd, a,b@SCALE"},
        {"to", LQA_STRING, &tos, "REF", "report potentials vs this reference (default: base)"},
        {"tol", LQA_DOUBLE, &tol, "V", "plateau tolerance (0.002 V)"},
        {"solute", LQA_STRING, &solute, "EL", "solute element for the datasets (e.g. ND)"},
        {"solvent", LQA_STRING, &solvent, "EL", "electrode metal element (e.g. BI)"},
        {"solid-phase", LQA_STRING, &solid, "PHASE", "solid in equilibrium on the plateau (ZPF)"},
        {"ref-phase", LQA_STRING, &refphase, "PHASE", "phase of the pure solute (activity ref.)"},
        {"liquid-phase", LQA_STRING, &liquid, "PHASE", "name of the liquid phase (LIQUID)"},
        {"out", LQA_STRING, &out, "PREFIX", "output prefix (default: the first file's name)"},
        {"format", LQA_STRING, &format, "NAME", "force the file format (see liquidus read)"},
        {"negate-current", LQA_FLAG, &negate, NULL, "CSV: the file's current is cathodic-positive"},
    };
    const char *files[EMF_MAX_FILES];
    size_t nf = 0;
    int rc = lqa_parse("emf", usage, opts, sizeof opts / sizeof opts[0], argc, argv, files,
                       EMF_MAX_FILES, &nf);
    if (rc == 1) return LQA_EXIT_OK;
    if (rc) return LQA_EXIT_USAGE;
    if (nf == 0) return lqa_usage_error("emf", "expected FILE (see liquidus emf --help)");
    double T[EMF_MAX_FILES];
    size_t nT = Ts ? lqa_parse_range(Ts, T, EMF_MAX_FILES) : 0;
    if (nT != nf)
        return lqa_usage_error("emf", "--T must give one temperature per file (%zu file(s))", nf);
    for (size_t i = 0; i < nT; i++)
        if (!(T[i] > 0.0)) return lqa_usage_error("emf", "--T: temperatures must be > 0 K");
    if (gsolv > 0.0 || msolv > 0.0) {
        if (!(gsolv > 0.0) || !(msolv > 0.0) || nsolv > 0.0)
            return lqa_usage_error("emf",
                                   "give --solvent-g with --solvent-molar-mass, or "
                                   "--solvent-mol");
        nsolv = gsolv / msolv;
    }
    if (!(nsolv > 0.0)) return lqa_usage_error("emf", "the electrode metal amount is required");
    if (z < 1 || z > 8) return lqa_usage_error("emf", "--z must be 1..8");
    eo.n_solvent_mol = nsolv;
    eo.n_electrons = (int)z;
    if ((solute == NULL) != (solvent == NULL))
        return lqa_usage_error("emf", "--solute and --solvent go together");
    if (solute && !refphase)
        return lqa_usage_error("emf",
                               "the datasets need --ref-phase: the phase of the pure solute "
                               "the emf refers to (e.g. DHCP for Nd(s))");
    lq_echem_ref ref, to;
    lq_diag d;
    lq_diag_clear(&d);
    int have_ref = refs != NULL, have_to = tos != NULL;
    if (have_to && !have_ref) return lqa_usage_error("emf", "--to needs --ref");
    if (have_ref && lq_echem_ref_parse(refs, &ref, &d) != LQ_OK)
        return lqa_fail("emf", LQ_EINVAL, &d);
    if (have_to && lq_echem_ref_parse(tos, &to, &d) != LQ_OK) return lqa_fail("emf", LQ_EINVAL, &d);
    const char *scale = have_to ? to.name : have_ref ? ref.scale : "the measuring reference";

    char csv_path[1024], json_path[1024], fig_path[1024];
    lqa_echem_outpath(files[0], out, ".emf.csv", csv_path, sizeof csv_path);
    lqa_echem_outpath(files[0], out, ".emf.json", json_path, sizeof json_path);
    lqa_echem_outpath(files[0], out, ".emf.png", fig_path, sizeof fig_path);
    const char *cols[] = {"T_K",      "step",           "t_start_s", "t_end_s",
                          "charge_C", "n_solute_mol",   "x_solute",  "E_meas_V",
                          "E_std_V",  "drift_V_per_h",  "E_V",       "ln_a",
                          "ln_gamma", "G_ex_J_per_mol", "flags"};
    char comment[512];
    snprintf(comment, sizeof comment,
             "liquidus emf: coulometric titration steps (Nd-Bi study Eqs. 5-8, 13)\n"
             "E_meas_V: mean over the last %g s of each rest vs the measuring reference; E_V vs "
             "%s\nln_a = -zFE/RT with z = %ld (E_V taken vs the pure solute); G_ex = RT ln gamma; "
             "flags: 1 short rest, 2 drifting (> 1 mV/h)",
             eo.window_s, scale, z);
    lq_csv *csv = NULL;
    lq_status st = lq_csv_open(csv_path, cols, 15, comment, &csv, &d);
    lq_plot *pl = NULL, *pg = NULL;
    if (st == LQ_OK)
        st = lq_plot_create("Activity coefficient (Eq. 13)", "x (solute)", "ln gamma", &pg);
    if (st == LQ_OK) {
        char ylab[96];
        snprintf(ylab, sizeof ylab, "E vs %s / V", scale);
        st = lq_plot_create("Coulometric titration", "x (solute)", ylab, &pl);
    }
    if (st != LQ_OK) {
        lq_csv_abort(csv);
        lq_plot_free(pg);
        return lqa_fail("emf", st, &d);
    }
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "potential_scale", scale);
    cJSON_AddNumberToObject(root, "z", (double)z);
    cJSON_AddNumberToObject(root, "n_solvent_mol", nsolv);
    cJSON_AddNumberToObject(root, "window_s", eo.window_s);
    cJSON *jT = cJSON_AddArrayToObject(root, "temperatures");
    lq_echem_emf_step *steps = malloc(EMF_MAX_STEPS * sizeof *steps);
    double *xv = malloc(EMF_MAX_STEPS * sizeof *xv), *ev = malloc(EMF_MAX_STEPS * sizeof *ev);
    emf_file_result fr[EMF_MAX_FILES];
    cJSON *acr[EMF_MAX_FILES] = {0};
    int exit_code = steps && xv && ev ? LQA_EXIT_OK : lqa_fail("emf", LQ_ENOMEM, NULL);
    char solU[16] = "", solvU[16] = "";
    if (solute) {
        upper(solU, sizeof solU, solute);
        upper(solvU, sizeof solvU, solvent);
    }
    for (size_t f = 0; f < nf && exit_code == LQA_EXIT_OK; f++) {
        lq_echem_record *r = NULL;
        rc = lqa_echem_read("emf", files[f], format, negate,
                            LQA_NEED_TIME | LQA_NEED_POTENTIAL | LQA_NEED_CURRENT, 0, ctx, &r);
        if (rc) {
            exit_code = rc;
            break;
        }
        size_t ns = 0;
        lq_diag_clear(&d);
        st = lq_echem_emf_steps(r->time_s, r->potential_V, r->current_A, r->n, &eo, steps,
                                EMF_MAX_STEPS, &ns, &d);
        lq_echem_record_free(r);
        if (st != LQ_OK) {
            if (!d.file[0]) snprintf(d.file, sizeof d.file, "%s", files[f]);
            exit_code = lqa_fail("emf", st, &d);
            break;
        }
        cJSON *jt = cJSON_CreateObject();
        cJSON_AddItemToArray(jT, jt);
        cJSON_AddStringToObject(jt, "file", files[f]);
        cJSON_AddNumberToObject(jt, "T_K", T[f]);
        cJSON_AddNumberToObject(jt, "steps", (double)ns);
        if (d.warning) {
            lqa_warn_diag("emf", &d);
            cJSON_AddStringToObject(jt, "warning", d.msg);
        }
        emf_file_result *R = &fr[f];
        memset(R, 0, sizeof *R);
        R->T = T[f];
        size_t nx = 0;
        for (size_t i = 0; i < ns; i++) {
            double e = steps[i].E_V;
            if (have_ref && lq_echem_ref_convert(steps[i].E_V, T[f], &ref, have_to ? &to : NULL, &e,
                                                 &d) != LQ_OK) {
                exit_code = lqa_fail("emf", LQ_EINVAL, &d);
                break;
            }
            double la = (double)NAN, lg = (double)NAN, g = (double)NAN;
            if (steps[i].x_solute > 0.0)
                lq_echem_emf_activity(e, T[f], (int)z, steps[i].x_solute, &la, &lg, &g);
            double row[15] = {T[f],
                              (double)(i + 1),
                              steps[i].t_start_s,
                              steps[i].t_end_s,
                              steps[i].charge_C,
                              steps[i].n_solute_mol,
                              steps[i].x_solute,
                              steps[i].E_V,
                              steps[i].E_std_V,
                              steps[i].drift_V_per_s * LQ_HOUR_S,
                              e,
                              la,
                              lg,
                              g,
                              (double)steps[i].flags};
            lq_csv_row(csv, row, 15);
            xv[nx] = steps[i].x_solute;
            ev[nx++] = e;
        }
        if (exit_code != LQA_EXIT_OK) break;
        lq_diag_clear(&d);
        st = lq_echem_emf_solubility_find(xv, ev, nx, tol, &R->sol, &d);
        R->has_sol = st == LQ_OK;
        size_t l0 = 0, l1 = nx;
        if (R->has_sol) {
            l0 = R->sol.i_liquid;
            l1 = R->sol.i_plateau;
            if (d.warning) lqa_warn_diag("emf", &d);
            cJSON *js = cJSON_AddObjectToObject(jt, "solubility");
            cJSON_AddNumberToObject(js, "x_sat", R->sol.x_sat);
            cJSON_AddItemToObject(js, "x_sat_se", lqa_num(R->sol.x_sat_se));
            cJSON_AddNumberToObject(js, "E_plateau_V", R->sol.E_plateau_V);
            cJSON_AddItemToObject(js, "E_plateau_se_V", lqa_num(R->sol.E_plateau_se_V));
            cJSON_AddNumberToObject(js, "plateau_points", (double)R->sol.n_plateau);
            cJSON_AddNumberToObject(js, "liquid_points", (double)R->sol.n_liquid);
            cJSON_AddNumberToObject(js, "fit_a_V", R->sol.fit.a);
            cJSON_AddNumberToObject(js, "fit_b_V", R->sol.fit.b);
            cJSON_AddItemToObject(js, "fit_r2", lqa_num(R->sol.fit.r2));
            double la, lg, g;
            if (lq_echem_emf_activity(R->sol.E_plateau_V, T[f], (int)z, R->sol.x_sat, &la, &lg,
                                      &g) == LQ_OK)
                cJSON_AddNumberToObject(js, "ln_a_plateau", la);
        } else {
            /* No plateau is a finding, not a failure: noted, and the run goes on. */
            cJSON_AddStringToObject(jt, "solubility_note", d.msg[0] ? d.msg : lq_status_str(st));
            st = LQ_OK;
            while (l0 < nx && !(xv[l0] > 0.0)) l0++;
        }
        /* Henrian check: mean and spread of ln gamma over the liquid points. */
        double s1 = 0.0, s2 = 0.0;
        for (size_t i = l0; i < l1; i++) {
            double la, lg, g;
            if (lq_echem_emf_activity(ev[i], T[f], (int)z, xv[i], &la, &lg, &g) != LQ_OK) continue;
            s1 += lg;
            s2 += lg * lg;
            R->nliq++;
        }
        R->lng_mean = R->nliq ? s1 / (double)R->nliq : (double)NAN;
        R->lng_sd = R->nliq > 1
                        ? sqrt(fmax(0.0, (s2 - s1 * s1 / (double)R->nliq) / (double)(R->nliq - 1)))
                        : (double)NAN;
        cJSON_AddItemToObject(jt, "ln_gamma_liquid_mean", lqa_num(R->lng_mean));
        cJSON_AddItemToObject(jt, "ln_gamma_liquid_sd", lqa_num(R->lng_sd));
        cJSON_AddNumberToObject(jt, "liquid_points", (double)R->nliq);
        if (!ctx->json) {
            printf("T = %g K (%s): %zu steps", T[f], files[f], ns);
            if (R->has_sol)
                printf(", plateau %.5f V (%zu points), solubility x = %.5f +- %.5f",
                       R->sol.E_plateau_V, R->sol.n_plateau, R->sol.x_sat, R->sol.x_sat_se);
            if (R->nliq) printf(", ln gamma (liquid) = %.3f +- %.3f", R->lng_mean, R->lng_sd);
            printf("\n");
        }
        /* Figure: the points, the liquid fit and the plateau. */
        char label[64];
        snprintf(label, sizeof label, "%g K", T[f]);
        lq_plot_style ps = {0};
        ps.auto_color = 1;
        ps.marker = LQ_PLOT_MARKER_CIRCLE;
        lq_plot_add_points(pl, xv + l0, ev + l0, nx - l0, &ps, label);
        {
            /* ln gamma of every point with x > 0 (two-phase points fall off the Henrian line). */
            double gx[EMF_MAX_STEPS], gy[EMF_MAX_STEPS];
            size_t ng0 = 0;
            for (size_t i = 0; i < nx; i++) {
                double la, lg, g;
                if (lq_echem_emf_activity(ev[i], T[f], (int)z, xv[i], &la, &lg, &g) != LQ_OK)
                    continue;
                gx[ng0] = xv[i];
                gy[ng0++] = lg;
            }
            lq_plot_add_points(pg, gx, gy, ng0, &ps, label);
            if (R->has_sol) lq_plot_add_rule(pg, 1, R->sol.x_sat, NULL, NULL);
        }
        if (R->has_sol) {
            enum { NF = 60 };
            double fx[NF], fy[NF];
            double xa = xv[R->sol.i_liquid], xb = R->sol.x_sat;
            for (int i = 0; i < NF; i++) {
                fx[i] = xa * pow(xb / xa, (double)i / (NF - 1));
                fy[i] = R->sol.fit.a + R->sol.fit.b * log(fx[i]);
            }
            lq_plot_style ls = {0};
            ls.rgb[0] = ls.rgb[1] = ls.rgb[2] = 0.3;
            lq_plot_add_line(pl, fx, fy, NF, &ls, f == 0 ? "E = a + b ln x" : NULL);
            double px[2] = {xb, xv[nx - 1]}, py[2] = {R->sol.E_plateau_V, R->sol.E_plateau_V};
            ls.dashed = 1;
            lq_plot_add_line(pl, px, py, 2, &ls, f == 0 ? "two-phase plateau" : NULL);
            char note[64];
            snprintf(note, sizeof note, "x_sat %.4f", xb);
            lq_plot_add_annotation(pl, xb, R->sol.E_plateau_V, note);
        }
        /* ESPEI activity dataset of the liquid points at this temperature. */
        if (solute && R->nliq) {
            cJSON *o = espei_head(solU, solvU);
            cJSON *ph = cJSON_AddArrayToObject(o, "phases");
            cJSON_AddItemToArray(ph, cJSON_CreateString(liquid));
            cJSON *rs = cJSON_AddObjectToObject(o, "reference_state");
            cJSON *rph = cJSON_AddArrayToObject(rs, "phases");
            cJSON_AddItemToArray(rph, cJSON_CreateString(refphase));
            cJSON *rc2 = cJSON_AddObjectToObject(rs, "conditions");
            char xs[24];
            snprintf(xs, sizeof xs, "X_%s", solvU);
            cJSON_AddNumberToObject(rc2, "P", LQ_ATM_PA);
            cJSON_AddNumberToObject(rc2, "T", T[f]);
            cJSON_AddNumberToObject(rc2, xs, 0.0);
            cJSON *cond = cJSON_AddObjectToObject(o, "conditions");
            cJSON_AddNumberToObject(cond, "P", LQ_ATM_PA);
            cJSON_AddNumberToObject(cond, "T", T[f]);
            cJSON *xa = cJSON_AddArrayToObject(cond, xs);
            char outname[24];
            snprintf(outname, sizeof outname, "ACR_%s", solU);
            cJSON_AddStringToObject(o, "output", outname);
            cJSON *v1 = cJSON_CreateArray(), *v2 = cJSON_CreateArray(), *v3 = cJSON_CreateArray();
            cJSON_AddItemToArray(v1, v2);
            cJSON_AddItemToArray(v2, v3);
            for (size_t i = l0; i < l1; i++) {
                double la, lg, g;
                if (lq_echem_emf_activity(ev[i], T[f], (int)z, xv[i], &la, &lg, &g) != LQ_OK)
                    continue;
                cJSON_AddItemToArray(xa, cJSON_CreateNumber(1.0 - xv[i]));
                cJSON_AddItemToArray(v3, cJSON_CreateNumber(exp(la)));
            }
            cJSON_AddItemToObject(o, "values", v1);
            cJSON_AddStringToObject(o, "reference", "liquidus emf");
            char cm[512];
            snprintf(cm, sizeof cm,
                     "coulometric titration %s at %g K; a = exp(-zFE/RT), z = %ld, E vs %s "
                     "(last %g s of each rest); liquid points only",
                     files[f], T[f], z, scale, eo.window_s);
            cJSON_AddStringToObject(o, "comment", cm);
            acr[f] = o;
        }
    }
    free(steps);
    free(xv);
    free(ev);
    if (exit_code != LQA_EXIT_OK) {
        for (size_t f = 0; f < nf; f++) cJSON_Delete(acr[f]);
        lq_csv_abort(csv);
        lq_plot_free(pl);
        lq_plot_free(pg);
        cJSON_Delete(root);
        return exit_code;
    }
    /* Across temperatures: plateau emf and the liquid's RT ln gamma, both linear in T. */
    double Tp[EMF_MAX_FILES], Ep[EMF_MAX_FILES], Tg[EMF_MAX_FILES], Gg[EMF_MAX_FILES];
    size_t np = 0, ng = 0;
    for (size_t f = 0; f < nf; f++) {
        if (fr[f].has_sol) {
            Tp[np] = fr[f].T;
            Ep[np++] = fr[f].sol.E_plateau_V;
        }
        if (fr[f].nliq) {
            Tg[ng] = fr[f].T;
            Gg[ng++] = LQ_GAS_CONSTANT_J_PER_MOL_K * fr[f].T * fr[f].lng_mean;
        }
    }
    lq_echem_emf_tdep td;
    if (np >= 2 && lq_echem_emf_temperature(Tp, Ep, np, (int)z, &td) == LQ_OK) {
        cJSON *j = cJSON_AddObjectToObject(root, "plateau_vs_T");
        cJSON_AddNumberToObject(j, "dE_dT_V_per_K", td.fit.b);
        cJSON_AddNumberToObject(j, "E0_V", td.fit.a);
        cJSON_AddNumberToObject(j, "dS_J_per_mol_K", td.S_J_per_mol_K);
        cJSON_AddItemToObject(j, "dS_se_J_per_mol_K", lqa_num(td.S_se));
        cJSON_AddNumberToObject(j, "dH_J_per_mol", td.H_J_per_mol);
        cJSON_AddItemToObject(j, "dH_se_J_per_mol", lqa_num(td.H_se));
        if (!ctx->json)
            printf("plateau emf vs T: dS = %.4g J/(mol K), dH = %.5g J/mol (z = %ld)\n",
                   td.S_J_per_mol_K, td.H_J_per_mol, z);
    }
    lq_echem_linfit gf;
    if (ng >= 2 && lq_echem_linfit_compute(Tg, Gg, ng, &gf) == LQ_OK) {
        /* dG_ex = dH_ex - T dS_ex (Eq. 13 at each T). */
        cJSON *j = cJSON_AddObjectToObject(root, "liquid_excess_vs_T");
        cJSON_AddNumberToObject(j, "H_ex_J_per_mol", gf.a);
        cJSON_AddItemToObject(j, "H_ex_se_J_per_mol", lqa_num(gf.a_se));
        cJSON_AddNumberToObject(j, "S_ex_J_per_mol_K", -gf.b);
        cJSON_AddItemToObject(j, "S_ex_se_J_per_mol_K", lqa_num(gf.b_se));
        if (!ctx->json)
            printf("liquid RT ln gamma vs T: H_ex = %.5g J/mol, S_ex = %.4g J/(mol K)\n", gf.a,
                   -gf.b);
    }
    /* ESPEI files. */
    cJSON *jd = cJSON_AddArrayToObject(root, "espei_datasets");
    for (size_t f = 0; f < nf; f++) {
        if (!acr[f]) continue;
        char suffix[96], path[1024];
        snprintf(suffix, sizeof suffix, "-ACR_%s-%gK.json", solU, fr[f].T);
        lqa_echem_outpath(files[0], out, suffix, path, sizeof path);
        st = lqa_json_write(acr[f], path, &d);
        if (st != LQ_OK) break;
        cJSON_AddItemToArray(jd, cJSON_CreateString(path));
        lqa_progress(ctx, "wrote %s", path);
    }
    for (size_t f = 0; f < nf; f++) cJSON_Delete(acr[f]);
    if (st == LQ_OK && solute && solid && np > 0) {
        cJSON *o = espei_head(solU, solvU);
        cJSON *ph = cJSON_AddArrayToObject(o, "phases");
        cJSON_AddItemToArray(ph, cJSON_CreateString(liquid));
        cJSON_AddItemToArray(ph, cJSON_CreateString(solid));
        cJSON *cond = cJSON_AddObjectToObject(o, "conditions");
        cJSON_AddNumberToObject(cond, "P", LQ_ATM_PA);
        cJSON *ta = cJSON_AddArrayToObject(cond, "T");
        cJSON_AddFalseToObject(o, "broadcast_conditions");
        cJSON_AddStringToObject(o, "output", "ZPF");
        cJSON *vals = cJSON_AddArrayToObject(o, "values");
        for (size_t f = 0; f < nf; f++) {
            if (!fr[f].has_sol) continue;
            cJSON_AddItemToArray(ta, cJSON_CreateNumber(fr[f].T));
            cJSON *pt = cJSON_CreateArray(), *l = cJSON_CreateArray(), *s = cJSON_CreateArray();
            cJSON *le = cJSON_CreateArray(), *lx = cJSON_CreateArray();
            cJSON *se = cJSON_CreateArray(), *sx = cJSON_CreateArray();
            cJSON_AddItemToArray(l, cJSON_CreateString(liquid));
            cJSON_AddItemToArray(le, cJSON_CreateString(solU));
            cJSON_AddItemToArray(l, le);
            cJSON_AddItemToArray(lx, cJSON_CreateNumber(fr[f].sol.x_sat));
            cJSON_AddItemToArray(l, lx);
            cJSON_AddItemToArray(s, cJSON_CreateString(solid));
            cJSON_AddItemToArray(se, cJSON_CreateString(solU));
            cJSON_AddItemToArray(s, se);
            cJSON_AddItemToArray(sx, cJSON_CreateNull());
            cJSON_AddItemToArray(s, sx);
            cJSON_AddItemToArray(pt, l);
            cJSON_AddItemToArray(pt, s);
            cJSON_AddItemToArray(vals, pt);
        }
        cJSON_AddStringToObject(o, "reference", "liquidus emf");
        cJSON_AddStringToObject(o, "comment",
                                "solubility of the solute in the liquid from the intersection "
                                "of the liquid emf fit with the two-phase plateau");
        char path[1024];
        lqa_echem_outpath(files[0], out, "-ZPF.json", path, sizeof path);
        st = lqa_json_write(o, path, &d);
        cJSON_Delete(o);
        if (st == LQ_OK) {
            cJSON_AddItemToArray(jd, cJSON_CreateString(path));
            lqa_progress(ctx, "wrote %s", path);
        }
    }
    if (st == LQ_OK)
        st = lq_csv_close(csv, &d);
    else
        lq_csv_abort(csv);
    if (st != LQ_OK) {
        lq_plot_free(pl);
        lq_plot_free(pg);
        cJSON_Delete(root);
        return lqa_fail("emf", st, &d);
    }
    lqa_progress(ctx, "wrote %s", csv_path);
    char gpath[1024];
    lqa_echem_outpath(files[0], out, ".emf_gamma.png", gpath, sizeof gpath);
    st = lqa_echem_figure(pg, gpath, 560.0, 400.0, root, "figure_ln_gamma", ctx, &d);
    if (st != LQ_OK) {
        lq_plot_free(pl);
        cJSON_Delete(root);
        return lqa_fail("emf", st, &d);
    }
    return lqa_echem_finish("emf", pl, fig_path, root, json_path, ctx);
}

const lq_cmd lq_cmd_emf = {"emf", "coulometric titration: emf, activity, gamma, solubility, dS/dH",
                           run};
