/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fixed-charge long-range baseline: labels against an independent Ewald sum, training with it,
 * the .dplr MD record against finite differences, and the input option's errors. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dp_train_test.h"
#include "liquidus/deepmd.h"
#include "liquidus/md.h"
#include "liquidus/units.h"
#include "lq_test.h"

/* 12 ions: Na3 Mg2 Cl7 in a cubic box of 8 A (DSF r_c 6 A reaches beyond half the box, so the
 * periodic images of the baseline's DSF sum are exercised). */
#define NB 12
static const char *const g_tm[3] = {"Na", "Mg", "Cl"};
static const double g_q[3] = {1.0, 2.0, -1.0};
static const double g_L = 8.0;

static void ions(double *pos, int *type, unsigned long seed) {
    lqi_rng r;
    lqi_rng_seed(&r, seed);
    for (int i = 0; i < NB; i++) {
        type[i] = i < 3 ? 0 : i < 5 ? 1 : 2;
        /* a jittered 3x2x2 lattice: no two ions closer than about 1.5 A */
        double f[3] = {(i % 3 + 0.5) / 3.0, ((i / 3) % 2 + 0.5) / 2.0, (i / 6 + 0.5) / 2.0};
        for (int a = 0; a < 3; a++)
            pos[3 * i + a] = g_L * (f[a] + 0.12 * (lqi_rng_uniform(&r) - 0.5));
    }
}

/* Independent Ewald sum (Allen & Tildesley, Computer Simulation of Liquids, 2nd ed., sec. 6.2)
 * with direct real-space images up to 6 boxes and k-vectors up to |n| <= 12 at g = 0.45 /A
 * (both terms converged far below 1e-10), minus the DSF sum written out pair by pair. Energy,
 * forces, virial (sum r_ij F_ij, 3x3). */
static double ewald_minus_dsf(const double *pos, const int *type, double alpha, double rc,
                              double *f, double w[9]) {
    const double k = LQ_COULOMB_EV_A, g = 0.45, V = g_L * g_L * g_L, sp = 2.0 / sqrt(LQ_PI);
    double e = 0;
    memset(f, 0, 3 * NB * sizeof *f);
    memset(w, 0, 9 * sizeof *w);
    const int R = 6;
    const double erc = erfc(alpha * rc) / rc,
                 fc = erc / rc + sp * alpha * exp(-alpha * alpha * rc * rc) / rc;
    for (int i = 0; i < NB; i++)
        for (int j = 0; j < NB; j++)
            for (int a = -R; a <= R; a++)
                for (int b = -R; b <= R; b++)
                    for (int c = -R; c <= R; c++) {
                        if (i == j && !a && !b && !c) continue;
                        double d[3] = {pos[3 * i] - pos[3 * j] + a * g_L,
                                       pos[3 * i + 1] - pos[3 * j + 1] + b * g_L,
                                       pos[3 * i + 2] - pos[3 * j + 2] + c * g_L};
                        double r = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                        double qq = k * g_q[type[i]] * g_q[type[j]];
                        /* Ewald real space minus DSF (half: ordered pairs) */
                        double ee = erfc(g * r) / r, fr = (ee + sp * g * exp(-g * g * r * r)) / r;
                        if (r < rc) {
                            double ed = erfc(alpha * r) / r;
                            ee -= ed - erc + fc * (r - rc);
                            fr -= ed / r + sp * alpha * exp(-alpha * alpha * r * r) / r - fc;
                        }
                        e += 0.5 * qq * ee;
                        for (int x = 0; x < 3; x++) {
                            f[3 * i + x] += qq * fr / r * d[x];
                            for (int y = 0; y < 3; y++)
                                w[3 * x + y] += 0.5 * qq * fr / r * d[x] * d[y];
                        }
                    }
    for (int i = 0; i < NB; i++) {
        double q2 = k * g_q[type[i]] * g_q[type[i]];
        e -= q2 * g / sqrt(LQ_PI);                   /* Ewald self */
        e += q2 * (0.5 * erc + alpha / sqrt(LQ_PI)); /* minus the DSF self term */
    }
    const int K = 12;
    for (int a = -K; a <= K; a++)
        for (int b = -K; b <= K; b++)
            for (int c = -K; c <= K; c++) {
                if (!a && !b && !c) continue;
                double kv[3] = {2 * LQ_PI * a / g_L, 2 * LQ_PI * b / g_L, 2 * LQ_PI * c / g_L};
                double k2 = kv[0] * kv[0] + kv[1] * kv[1] + kv[2] * kv[2];
                double A = exp(-k2 / (4 * g * g)) / k2, sr = 0, si = 0;
                for (int j = 0; j < NB; j++) {
                    double th =
                        kv[0] * pos[3 * j] + kv[1] * pos[3 * j + 1] + kv[2] * pos[3 * j + 2];
                    sr += g_q[type[j]] * cos(th);
                    si += g_q[type[j]] * sin(th);
                }
                double ek = k * 2 * LQ_PI / V * A * (sr * sr + si * si);
                e += ek;
                for (int x = 0; x < 3; x++)
                    for (int y = 0; y < 3; y++)
                        w[3 * x + y] +=
                            ek * ((x == y) - 2 * kv[x] * kv[y] / k2 * (1 + k2 / (4 * g * g)));
                for (int i = 0; i < NB; i++) {
                    double th =
                        kv[0] * pos[3 * i] + kv[1] * pos[3 * i + 1] + kv[2] * pos[3 * i + 2];
                    /* Im(S* e^{i th}) */
                    double im = sr * sin(th) - si * cos(th);
                    for (int x = 0; x < 3; x++)
                        f[3 * i + x] += k * 4 * LQ_PI / V * A * g_q[type[i]] * kv[x] * im;
                }
            }
    return e;
}

static void make_sys(lq_dp_system *s, double *pos, int *type, double *box, double *e, double *f,
                     double *v, char (*names)[8], size_t nf) {
    memset(s, 0, sizeof *s);
    s->path = (char *)"baseline-test";
    s->n_atoms = NB;
    s->n_frames = nf;
    s->n_types = 3;
    for (int t = 0; t < 3; t++) snprintf(names[t], 8, "%s", g_tm[t]);
    s->type_map = names;
    s->type = type;
    s->coord_A = pos;
    s->box_A = box;
    s->energy_eV = e;
    s->force_eV_per_A = f;
    s->virial_eV = v;
    for (size_t k = 0; k < nf; k++) {
        memset(box + 9 * k, 0, 9 * sizeof *box);
        box[9 * k] = box[9 * k + 4] = box[9 * k + 8] = g_L;
    }
}

static void baseline(lq_dp_baseline *b) {
    lq_dp_baseline_default(b);
    b->n_types = 3;
    for (int t = 0; t < 3; t++) {
        snprintf(b->type_map[t], 8, "%s", g_tm[t]);
        b->charge_e[t] = g_q[t];
    }
    b->ewald_accuracy = 1e-10;
}

/* Labels minus the baseline against the independent sum. Tolerances: the baseline's Ewald sum at
 * relative accuracy 1e-10 has an estimated RMS force error of 1e-10 x 14.4 eV/A; 1e-6 eV/A
 * (forces), 1e-6 eV (energy) and 1e-5 eV (virial) leave room for the largest component and the
 * real-space cut of the engine's sum while any error of the DSF or Ewald terms (>= 1e-3) fails. */
void test_baseline_labels(void) {
    double pos[2 * 3 * NB], box[18], e[2], f[2 * 3 * NB], v[18], fr[3 * NB], w[9];
    int type[NB];
    char names[3][8];
    ions(pos, type, 3);
    ions(pos + 3 * NB, type, 4);
    lq_dp_system s;
    make_sys(&s, pos, type, box, e, f, v, names, 2);
    for (int k = 0; k < 2; k++) e[k] = 1.0 + k;
    for (int k = 0; k < 6 * NB; k++) f[k] = 0.01 * k;
    for (int k = 0; k < 18; k++) v[k] = 0.1 * k;
    lq_dp_baseline b;
    baseline(&b);
    lq_diag d;
    LQ_CHECK_STATUS(lq_dp_baseline_labels(&b, &s, -1.0, &d), LQ_OK);
    for (int k = 0; k < 2; k++) {
        double er = ewald_minus_dsf(pos + 3 * NB * k, type, b.dsf_alpha_per_A, b.dsf_rcut_A, fr, w);
        LQ_CHECK_CLOSE(e[k], 1.0 + k - er, 0, 1e-6);
        for (int c = 0; c < 3 * NB; c++)
            LQ_CHECK_CLOSE(f[3 * NB * k + c], 0.01 * (3 * NB * k + c) - fr[c], 0, 1e-6);
        for (int c = 0; c < 9; c++) LQ_CHECK_CLOSE(v[9 * k + c], 0.1 * (9 * k + c) - w[c], 0, 1e-5);
        if (k == 0) LQ_CHECK(fabs(er) > 0.1); /* the test means something */
    }
    /* errors: a type without a charge, a triclinic box, nopbc */
    snprintf(names[1], 8, "Ca");
    LQ_CHECK_STATUS(lq_dp_baseline_labels(&b, &s, -1.0, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "Ca") != NULL);
    snprintf(names[1], 8, "Mg");
    box[9 + 3] = 0.5;
    LQ_CHECK_STATUS(lq_dp_baseline_labels(&b, &s, -1.0, &d), LQ_EUNSUPPORTED);
    LQ_CHECK(strstr(d.msg, "frame 1") != NULL);
    s.box_A = NULL;
    LQ_CHECK_STATUS(lq_dp_baseline_labels(&b, &s, -1.0, &d), LQ_EUNSUPPORTED);
    b.n_types = 0;
    LQ_CHECK_STATUS(lq_dp_baseline_labels(&b, &s, -1.0, &d), LQ_EINVAL);
}

/* Training with the baseline writes model + .dplr; the .dplr loads in MD (Ewald at 1e-12 so the
 * forces are exact derivatives) and its forces and diagonal virial match central differences
 * of its energy (h 1e-5 A: truncation ~h^2 |E'''| ~ 1e-9 eV/A, round-off 1e-16 E/h ~ 1e-10;
 * tolerance 1e-6 eV/A, 1e-6 relative on the virial). With PPPM (the MD default, accuracy 1e-5)
 * the forces agree with the Ewald ones to the PPPM accuracy (0.5 eV/A x 1e-3 bound). */
void test_baseline_md(void) {
    double pos[4 * 3 * NB], box[36], e[4], f[4 * 3 * NB];
    int type[NB];
    char names[3][8];
    for (int k = 0; k < 4; k++) ions(pos + 3 * NB * k, type, 10 + (unsigned long)k);
    lq_dp_system s;
    make_sys(&s, pos, type, box, e, f, NULL, names, 4);
    for (int k = 0; k < 4; k++) e[k] = -3.0 * NB + 0.1 * k;
    lqi_rng r;
    lqi_rng_seed(&r, 9);
    for (int k = 0; k < 12 * NB; k++) f[k] = lqi_rng_uniform(&r) - 0.5;
    lq_dp_baseline b;
    baseline(&b);
    lq_dp_train_options o;
    lq_dp_train_options_default(&o);
    static const size_t sel[3] = {6, 4, 10};
    o.model.n_types = 3;
    o.model.type_map = g_tm;
    o.model.sel = sel;
    o.model.rcut_A = 3.9;
    o.model.rcut_smth_A = 1.0;
    o.model.n_embed = 2;
    o.model.embed_neuron[0] = 4;
    o.model.embed_neuron[1] = 8;
    o.model.axis_neuron = 2;
    o.model.n_fit = 2;
    o.model.fit_neuron[0] = o.model.fit_neuron[1] = 8;
    o.numb_steps = 5;
    o.disp_freq = 5;
    o.save_freq = 5;
    o.n_threads = 1;
    o.lcurve = NULL;
    o.save_ckpt = NULL;
    o.baseline = &b;
    lq_dp_train_result res;
    lq_diag d;
    LQ_CHECK_STATUS(lq_dp_train(&o, &s, 1, &s, 1, NULL, "dp_baseline_model.yaml", &res, &d), LQ_OK);
    /* dp test of the .dplr against the original labels = the trainer's RMSE on labels - baseline */
    lq_dp_baseline rb;
    char mpath[256];
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_model.dplr", &rb, mpath, sizeof mpath, &d),
                    LQ_OK);
    LQ_CHECK(strcmp(mpath, "dp_baseline_model.yaml") == 0);
    LQ_CHECK(rb.n_types == 3 && rb.charge_e[1] == 2.0 && rb.ewald_accuracy == 1e-10);
    lq_dp_model *m = NULL;
    LQ_CHECK_STATUS(lq_dp_model_read(mpath, &m, &d), LQ_OK);
    lq_dp_test_options to;
    lq_dp_test_options_default(&to);
    to.baseline = &rb;
    lq_dp_test_result tr;
    LQ_CHECK_STATUS(lq_dp_test_system(m, &s, &to, &tr, &d), LQ_OK);
    LQ_CHECK_CLOSE(tr.force_rmse_eV_per_A, res.rmse_f_val, 1e-9, 0);
    LQ_CHECK_CLOSE(tr.energy_rmse_eV_per_atom, res.rmse_e_val, 1e-9, 0);
    lq_dp_model_free(m);
    /* the MD record */
    lq_md_model *mm = NULL;
    LQ_CHECK_STATUS(lq_md_model_read("dp_baseline_model.dplr", &mm, &d), LQ_OK);
    if (!mm) return;
    LQ_CHECK(strcmp(lq_md_model_kind(mm), "deepmd+long-range") == 0);
    lq_md_system ms;
    LQ_CHECK_STATUS(lq_md_system_alloc(&ms, NB), LQ_OK);
    ms.n_species = 3;
    for (int t = 0; t < 3; t++)
        snprintf(ms.species[t].name, sizeof ms.species[t].name, "%s", g_tm[t]);
    memcpy(ms.type, type, sizeof type);
    memcpy(ms.pos_A, pos, 3 * NB * sizeof(double));
    ms.box_A[0] = ms.box_A[1] = ms.box_A[2] = g_L;
    LQ_CHECK_STATUS(lq_md_model_apply(mm, &ms, &d), LQ_OK);
    LQ_CHECK_CLOSE(ms.species[1].charge_e, 2.0, 0, 0);
    lq_md_ff_options fo;
    lq_md_ff_options_default(&fo);
    fo.kspace = LQ_MD_KSPACE_EWALD;
    fo.accuracy = 1e-12;
    fo.skin_A = 0.5;
    fo.cutoff_A = 3.9;
    fo.n_threads = 1;
    lq_md_forcefield *ff = NULL;
    LQ_CHECK_STATUS(lq_md_forcefield_create_model(mm, &ms, &fo, &ff, &d), LQ_OK);
    double F[3 * NB], Fp[3 * NB], x0[3 * NB];
    lq_md_energy en, ep, em;
    memcpy(x0, ms.pos_A, sizeof x0);
    LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &ms, F, 3 * NB, &en, &d), LQ_OK);
    /* the energy is the DP's plus the baseline's: against dp test's pieces */
    const double h = 1e-5;
    for (int c = 0; c < 3 * NB; c++) {
        memcpy(ms.pos_A, x0, sizeof x0);
        ms.pos_A[c] += h;
        lq_md_forcefield_compute(ff, &ms, Fp, 3 * NB, &ep, &d);
        memcpy(ms.pos_A, x0, sizeof x0);
        ms.pos_A[c] -= h;
        lq_md_forcefield_compute(ff, &ms, Fp, 3 * NB, &em, &d);
        LQ_CHECK_CLOSE(F[c], -(ep.total_eV - em.total_eV) / (2 * h), 0, 1e-6);
    }
    /* virial: W_aa = -dE/d eps_aa (box and positions scaled along a) */
    for (int a = 0; a < 3; a++) {
        double eps[2] = {h, -h}, es[2];
        for (int sgn = 0; sgn < 2; sgn++) {
            memcpy(ms.pos_A, x0, sizeof x0);
            for (int i = 0; i < NB; i++) ms.pos_A[3 * i + a] *= 1 + eps[sgn];
            ms.box_A[a] = g_L * (1 + eps[sgn]);
            lq_md_energy es1;
            lq_md_forcefield_compute(ff, &ms, Fp, 3 * NB, &es1, &d);
            es[sgn] = es1.total_eV;
            ms.box_A[a] = g_L;
        }
        LQ_CHECK_CLOSE(en.virial_eV[a], -(es[0] - es[1]) / (2 * h), 1e-6, 1e-7);
    }
    lq_md_forcefield_free(ff);
    /* PPPM, the MD default */
    memcpy(ms.pos_A, x0, sizeof x0);
    fo.kspace = LQ_MD_KSPACE_PPPM;
    fo.accuracy = 1e-5;
    LQ_CHECK_STATUS(lq_md_forcefield_create_model(mm, &ms, &fo, &ff, &d), LQ_OK);
    LQ_CHECK_STATUS(lq_md_forcefield_compute(ff, &ms, Fp, 3 * NB, &ep, &d), LQ_OK);
    for (int c = 0; c < 3 * NB; c++) LQ_CHECK_CLOSE(Fp[c], F[c], 0, 5e-4);
    LQ_CHECK_CLOSE(ep.total_eV, en.total_eV, 0, 1e-3);
    lq_md_forcefield_free(ff);
    /* a species the baseline has no charge for */
    snprintf(ms.species[1].name, sizeof ms.species[1].name, "Ca");
    LQ_CHECK(lq_md_model_apply(mm, &ms, &d) != LQ_OK);
    lq_md_system_free(&ms);
    lq_md_model_free(mm);
}

/* .dplr files and the input option: errors name the file and the key. */
static int write_file(const char *path, const char *text) {
    FILE *fp = fopen(path, "w");
    if (!fp) return 0;
    fputs(text, fp);
    fclose(fp);
    return 1;
}

static lq_status read_input(const char *modifier, lq_dp_train_input *in, lq_diag *d) {
    char text[2048];
    snprintf(text, sizeof text,
             "{\"model\": {\"type_map\": [\"Na\", \"Mg\", \"Cl\"], \"descriptor\": {\"type\": "
             "\"se_e2_a\", \"sel\": [4, 4, 4], \"rcut\": 4, \"rcut_smth\": 1, \"neuron\": [4], "
             "\"axis_neuron\": 2}, \"fitting_net\": {}, \"modifier\": %s}, \"learning_rate\": "
             "{\"start_lr\": 1e-3}, \"training\": {\"training_data\": {\"systems\": \"x\"}, "
             "\"numb_steps\": 1}}",
             modifier);
    if (!write_file("dp_baseline_in.json", text)) return LQ_EIO;
    return lq_dp_train_input_read("dp_baseline_in.json", in, d);
}

void test_baseline_input(void) {
    lq_dp_train_input in;
    lq_diag d;
    LQ_CHECK_STATUS(read_input("{\"type\": \"fixed_charge\", \"sys_charge_map\": [1, 2, -1], "
                               "\"dsf_alpha\": 0.2, \"dsf_rcut\": 7, \"ewald_accuracy\": 1e-7}",
                               &in, &d),
                    LQ_OK);
    LQ_CHECK(in.opt.baseline == &in.baseline && in.baseline.n_types == 3);
    LQ_CHECK(in.baseline.charge_e[1] == 2 && in.baseline.dsf_alpha_per_A == 0.2 &&
             in.baseline.dsf_rcut_A == 7 && in.baseline.ewald_accuracy == 1e-7);
    LQ_CHECK(strcmp(in.baseline.type_map[2], "Cl") == 0);
    lq_dp_train_input_free(&in);
    LQ_CHECK_STATUS(read_input("{\"type\": \"fixed_charge\", \"sys_charge_map\": {\"Cl\": -1, "
                               "\"Na\": 1, \"Mg\": 2}}",
                               &in, &d),
                    LQ_OK);
    LQ_CHECK(in.baseline.charge_e[0] == 1 && in.baseline.charge_e[2] == -1 &&
             in.baseline.dsf_rcut_A == 6.0);
    lq_dp_train_input_free(&in);
    static const struct {
        const char *mod, *key;
        lq_status st;
    } bad[] = {
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": [1, 2]}",
         "model.modifier.sys_charge_map: 2 charges for the 3 types", LQ_EPARSE},
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": [1, 2, -1, 0]}",
         "model.modifier.sys_charge_map: more charges", LQ_EPARSE},
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": [1, \"x\", -1]}",
         "model.modifier.sys_charge_map: entry 1", LQ_EPARSE},
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": {\"Na\": 1, \"Cl\": -1}}",
         "no charge for type \"Mg\"", LQ_EPARSE},
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": {\"Na\": 1, \"Mg\": 2, \"Cl\": -1, "
         "\"K\": 1}}",
         "\"K\" is not a type", LQ_EPARSE},
        {"{\"sys_charge_map\": [1, 2, -1]}", "model.modifier.type: missing", LQ_EPARSE},
        {"{\"type\": \"dipole_charge\", \"sys_charge_map\": [1, 2, -1]}", "model.modifier.type",
         LQ_EUNSUPPORTED},
        {"{\"type\": \"fixed_charge\"}", "model.modifier.sys_charge_map: missing", LQ_EPARSE},
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": [1, 2, -1], \"dsf_rcut\": 0}",
         "model.modifier.dsf_rcut", LQ_EPARSE},
        {"{\"type\": \"fixed_charge\", \"sys_charge_map\": [1, 2, -1], \"ewald_h\": 1}",
         "model.modifier.ewald_h", LQ_EUNSUPPORTED},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        LQ_CHECK_STATUS(read_input(bad[k].mod, &in, &d), bad[k].st);
        LQ_CHECK(strstr(d.msg, bad[k].key) != NULL);
        LQ_CHECK(strcmp(d.file, "dp_baseline_in.json") == 0);
    }
    /* .dplr reader */
    lq_dp_baseline b;
    char mp[64];
    LQ_CHECK(write_file("dp_baseline_bad.dplr",
                        "liquidus-dplr 1\nmodel m.yaml\ncharge Na 1\n"
                        "charge Na 2\n"));
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_bad.dplr", &b, mp, sizeof mp, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 4 && strstr(d.msg, "twice") != NULL);
    LQ_CHECK(write_file("dp_baseline_bad.dplr", "liquidus-dplr 1\nmodel m.yaml\ncharge Na x\n"));
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_bad.dplr", &b, mp, sizeof mp, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 3);
    LQ_CHECK(write_file("dp_baseline_bad.dplr", "model m.yaml\n"));
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_bad.dplr", &b, mp, sizeof mp, &d), LQ_EPARSE);
    LQ_CHECK(write_file("dp_baseline_bad.dplr", "liquidus-dplr 1\ncharge Na 1\n"));
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_bad.dplr", &b, mp, sizeof mp, &d), LQ_EPARSE);
    LQ_CHECK(strstr(d.msg, "model") != NULL);
    LQ_CHECK(write_file("dp_baseline_bad.dplr",
                        "liquidus-dplr 1\nmodel m.yaml\ncharge Na 1\n"
                        "dsf_rcut 5\nfrob 1\n"));
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_bad.dplr", &b, mp, sizeof mp, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 5);
    /* a NUL byte is refused at its line, not read as the end of the file */
    static const char nul_text[] = "liquidus-dplr 1\nmodel m.yaml\ncharge Na 1\n\0frob 1\n";
    FILE *fp = fopen("dp_baseline_bad.dplr", "wb");
    LQ_CHECK(fp != NULL && fwrite(nul_text, 1, sizeof nul_text - 1, fp) == sizeof nul_text - 1);
    if (fp) fclose(fp);
    LQ_CHECK_STATUS(lq_dp_baseline_read("dp_baseline_bad.dplr", &b, mp, sizeof mp, &d), LQ_EPARSE);
    LQ_CHECK(d.line == 4 && strstr(d.msg, "NUL") != NULL);
    LQ_CHECK(write_file("sub_dplr_model.dplr", "liquidus-dplr 1\nmodel m.yaml\ncharge Na 1\n"));
    LQ_CHECK_STATUS(lq_dp_baseline_read("./sub_dplr_model.dplr", &b, mp, sizeof mp, &d), LQ_OK);
    LQ_CHECK(strcmp(mp, "./m.yaml") == 0 && b.dsf_alpha_per_A == 0.25);
}
