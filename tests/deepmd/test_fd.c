/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forces and virials of random-weight models against finite differences of the energy. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deepmd_test.h"
#include "lq_test.h"

/* Five-point central differences with h = 1e-4 A (strain 1e-5): truncation ~h^4 E^(5) ~ 1e-14 and
 * round-off ~1e-16 |E| / h ~ 1e-11 eV/A, far below the criterion of 1e-7 relative to the largest
 * force (virial) component. */
#define FD_H 1e-3
#define FD_EPS 1e-4
#define FD_RTOL 1e-7

#define NAT 24

static const char *const names3[3] = {"Na", "Cl", "La"};

/* A jittered lattice of NAT atoms in a sheared cell (no atoms closer than ~1.5 A). */
static void config(double *pos, int *type, double box[9]) {
    static const double b[9] = {9.0, 0, 0, 1.2, 8.5, 0, -0.8, 0.9, 8.8};
    memcpy(box, b, sizeof b);
    unsigned long s = 12345;
    for (int i = 0; i < NAT; i++) {
        int ix = i % 3, iy = (i / 3) % 3, iz = i / 9;
        double f[3] = {(ix + 0.5) / 3.0, (iy + 0.5) / 3.0, (iz + 0.5) / 3.0};
        for (int a = 0; a < 3; a++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            f[a] += 0.06 * ((double)(s >> 11) / 9007199254740992.0 - 0.5);
        }
        for (int a = 0; a < 3; a++)
            pos[3 * i + a] = f[0] * b[a] + f[1] * b[3 + a] + f[2] * b[6 + a];
        type[i] = i % 3 == 2 ? 2 : i % 2;
    }
}

static double energy(const lq_dp_model *m, const double *pos, const int *type, const double *box,
                     const double *fp, const double *ap) {
    lq_dp_frame fr = {NAT, type, pos, box, fp, ap};
    lq_dp_result r = {0};
    if (lq_dp_compute(m, &fr, NULL, &r, NULL) != LQ_OK) return (double)NAN;
    return r.energy_eV;
}

static double fd5(double em2, double em1, double ep1, double ep2, double h) {
    return (em2 - 8.0 * em1 + 8.0 * ep1 - ep2) / (12.0 * h);
}

static void check_model(const lq_dp_model *m, int periodic, const char *label) {
    double pos[3 * NAT], box[9], fp[2] = {0.3, -1.1}, ap[2 * NAT];
    int type[NAT];
    config(pos, type, box);
    for (int i = 0; i < 2 * NAT; i++) ap[i] = 0.1 * (i % 7) - 0.2;
    const double *bx = periodic ? box : NULL;
    const double *fpp = lq_dp_model_dim_fparam(m) ? fp : NULL;
    const double *app = lq_dp_model_dim_aparam(m) ? ap : NULL;
    double f[3 * NAT], ae[NAT], av[9 * NAT];
    lq_dp_frame fr = {NAT, type, pos, bx, fpp, app};
    lq_dp_result r = {0};
    r.forces_eV_per_A = f;
    r.atom_energy_eV = ae;
    r.atom_virial_eV = av;
    LQ_CHECK_STATUS(lq_dp_compute(m, &fr, NULL, &r, NULL), LQ_OK);
    double esum = 0, vsum[9] = {0}, fmaxv = 0, vmax = 0, ferr = 0, verr = 0;
    for (int i = 0; i < NAT; i++) esum += ae[i];
    for (int i = 0; i < 9 * NAT; i++) vsum[i % 9] += av[i];
    LQ_CHECK_CLOSE(esum, r.energy_eV, 1e-13, 1e-13);
    for (int k = 0; k < 9; k++) LQ_CHECK_CLOSE(vsum[k], r.virial_eV[k], 1e-12, 1e-12);
    for (int k = 0; k < 3 * NAT; k++) fmaxv = fmax(fmaxv, fabs(f[k]));
    for (int k = 0; k < 9; k++) vmax = fmax(vmax, fabs(r.virial_eV[k]));
    for (int k = 0; k < 3 * NAT; k++) {
        double p[3 * NAT], e[4];
        const double s[4] = {-2, -1, 1, 2};
        for (int q = 0; q < 4; q++) {
            memcpy(p, pos, sizeof p);
            p[k] += s[q] * FD_H;
            e[q] = energy(m, p, type, bx, fpp, app);
        }
        ferr = fmax(ferr, fabs(f[k] + fd5(e[0], e[1], e[2], e[3], FD_H)));
    }
    /* virial[k][l] = -dE/d(eps_kl) for x_k -> x_k + eps_kl x_l of atoms and cell */
    for (int k = 0; periodic && k < 3; k++)
        for (int l = 0; l < 3; l++) {
            double e[4];
            const double s[4] = {-2, -1, 1, 2};
            for (int q = 0; q < 4; q++) {
                double p[3 * NAT], b2[9], eps = s[q] * FD_EPS;
                memcpy(p, pos, sizeof p);
                memcpy(b2, box, sizeof b2);
                for (int i = 0; i < NAT; i++) p[3 * i + k] += eps * pos[3 * i + l];
                for (int v = 0; v < 3; v++) b2[3 * v + k] += eps * box[3 * v + l];
                e[q] = energy(m, p, type, b2, fpp, app);
            }
            verr = fmax(verr, fabs(r.virial_eV[3 * k + l] + fd5(e[0], e[1], e[2], e[3], FD_EPS)));
        }
    fprintf(stderr,
            "  %-34s max|F| %.3g eV/A, FD error %.2g rel; max|W| %.3g eV, FD error %.2g rel\n",
            label, fmaxv, ferr / fmaxv, vmax, periodic ? verr / vmax : 0.0);
    LQ_CHECK(fmaxv > 1e-4); /* the model is not trivially flat */
    LQ_CHECK(ferr <= FD_RTOL * fmaxv);
    if (periodic) LQ_CHECK(verr <= FD_RTOL * vmax);
}

void test_fd_random_models(void) {
    static const size_t sel[3] = {24, 24, 16};
    static const int excl[1][2] = {{0, 2}};
    struct {
        lq_dp_descriptor d;
        int one_side, n_excl, nfp, nap, resnet_dt, periodic;
        const char *act;
    } cases[] = {
        {LQ_DP_SE_E2_A, 1, 0, 0, 0, 0, 1, NULL},      {LQ_DP_SE_E2_A, 0, 0, 0, 0, 1, 1, NULL},
        {LQ_DP_SE_E2_A, 1, 1, 2, 1, 1, 1, "gelu"},    {LQ_DP_SE_E2_A, 0, 1, 0, 2, 0, 1, "silu"},
        {LQ_DP_SE_E2_R, 1, 0, 1, 0, 1, 1, NULL},      {LQ_DP_SE_E2_R, 0, 1, 0, 1, 0, 1, "softplus"},
        {LQ_DP_SE_E2_R, 1, 1, 0, 0, 0, 1, "sigmoid"}, {LQ_DP_SE_E2_A, 0, 1, 0, 0, 1, 0, NULL},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        lq_dp_random_spec s;
        lq_dp_random_spec_default(&s);
        s.descriptor = cases[c].d;
        s.n_types = 3;
        s.type_map = names3;
        s.sel = sel;
        s.rcut_A = 5.0;
        s.rcut_smth_A = 1.0;
        s.n_embed = 3;
        s.embed_neuron[0] = 4;
        s.embed_neuron[1] = 8;
        s.embed_neuron[2] = 16;
        s.axis_neuron = 4;
        s.n_fit = 3;
        s.fit_neuron[0] = s.fit_neuron[1] = s.fit_neuron[2] = 12;
        s.type_one_side = cases[c].one_side;
        s.n_exclude = (size_t)cases[c].n_excl;
        s.exclude = excl;
        s.numb_fparam = (size_t)cases[c].nfp;
        s.numb_aparam = (size_t)cases[c].nap;
        s.resnet_dt = cases[c].resnet_dt;
        s.activation = cases[c].act;
        s.seed = 100 + c;
        char path[64], label[96];
        snprintf(path, sizeof path, "dp_fd_%zu.yaml", c);
        snprintf(label, sizeof label, "%s one_side=%d excl=%d fp=%d ap=%d %s%s",
                 cases[c].d == LQ_DP_SE_E2_A ? "se_e2_a" : "se_e2_r", cases[c].one_side,
                 cases[c].n_excl, cases[c].nfp, cases[c].nap, cases[c].act ? cases[c].act : "tanh",
                 cases[c].periodic ? "" : " open");
        lq_diag d;
        lq_status st = lq_dp_model_write_random(path, &s, &d);
        if (st != LQ_OK) fprintf(stderr, "  %s\n", d.msg);
        LQ_CHECK_STATUS(st, LQ_OK);
        lq_dp_model *m = NULL;
        st = lq_dp_model_read(path, &m, &d);
        if (st != LQ_OK) fprintf(stderr, "  %s\n", d.msg);
        LQ_CHECK_STATUS(st, LQ_OK);
        if (m) check_model(m, cases[c].periodic, label);
        lq_dp_model_free(m);
        remove(path);
    }
}
