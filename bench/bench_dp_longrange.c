/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How much of the rigid-ion Na-K-Mg-Cl reference (the DP training frames) a model with a finite
 * cutoff cannot represent: the full Ewald Coulomb against damped-shifted-force Coulomb within
 * r_c, the Born energy jumps at the reference's cutoff, and a DP trained on short-range labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_nkml.h"
#include "bench_util.h"
#include "dp_nkml.h"
#include "liquidus/core.h"
#include "liquidus/deepmd.h"
#include "liquidus/md.h"
#include "liquidus/units.h"

/* The melt and the frames of bench_dp_train.c (same composition, density, seeds, schedule). */

#define PROG "bench_dp_longrange"

#define N_RC 5
#define N_ALPHA 7
static const double g_rc[N_RC] = {6.0, 8.0, 10.0, 12.0, 14.0};
static const double g_alpha[N_ALPHA] = {0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4};

/* One ordered pair i <- j (any periodic image, j == i allowed for another image): d = r_i - r_j. */
typedef struct pair {
    size_t i;
    double d[3], r, qq;
} pair;

/* All ordered pairs closer than rmax (rmax <= box edge: images -1..1 per axis suffice, because
 * wrapped coordinates differ by less than one edge). */
static size_t pairs_build(const double *pos, const int *type, const double *q, size_t n, double L,
                          double rmax, pair *out) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (int a = -1; a <= 1; a++)
                for (int b = -1; b <= 1; b++)
                    for (int c = -1; c <= 1; c++) {
                        if (i == j && a == 0 && b == 0 && c == 0) continue;
                        double d[3] = {pos[3 * i] - pos[3 * j] - a * L,
                                       pos[3 * i + 1] - pos[3 * j + 1] - b * L,
                                       pos[3 * i + 2] - pos[3 * j + 2] - c * L};
                        double r = sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                        if (r >= rmax) continue;
                        out[m].i = i;
                        memcpy(out[m].d, d, sizeof d);
                        out[m].r = r;
                        out[m].qq = q[type[i]] * q[type[j]];
                        m++;
                    }
    return m;
}

/* Damped shifted-force Coulomb (C. J. Fennell, J. D. Gezelter, J. Chem. Phys. 124 (2006) 234104,
 * Eqs. 19-20 with the self term of their Eq. 18): pair energy
 *   qq [erfc(a r)/r - erfc(a rc)/rc + (erfc(a rc)/rc^2 + 2a/sqrt(pi) exp(-a^2 rc^2)/rc)(r - rc)],
 * force and energy both zero at rc; a = 0 is the plain shifted-force Coulomb sum. */
static double dsf(const pair *p, size_t m, const double *q, const int *type, size_t n, double rc,
                  double a, double *f) {
    const double k = LQ_COULOMB_EV_A, sp = 2.0 / sqrt(LQ_PI);
    const double erc = erfc(a * rc) / rc, fc = erc / rc + sp * a * exp(-a * a * rc * rc) / rc;
    double e = 0;
    memset(f, 0, 3 * n * sizeof *f);
    for (size_t t = 0; t < m; t++) {
        double r = p[t].r;
        if (r >= rc) continue;
        double er = erfc(a * r) / r;
        e += 0.5 * k * p[t].qq * (er - erc + fc * (r - rc));
        double fr = k * p[t].qq * (er / r + sp * a * exp(-a * a * r * r) / r - fc) / r;
        for (int x = 0; x < 3; x++) f[3 * p[t].i + (size_t)x] += fr * p[t].d[x];
    }
    for (size_t i = 0; i < n; i++) e -= k * (0.5 * erc + a / sqrt(LQ_PI)) * q[type[i]] * q[type[i]];
    return e;
}

/* Sum over pairs closer than rc of the Born pair energy at rc: what LAMMPS's "pair_modify shift"
 * subtracts, i.e. the jump of the unshifted, truncated Born energy the frames were made with. */
static double born_jump(const lq_md_potential *pot, const int *type, const int *pmap, double rc,
                        const double *pos, size_t n, double L) {
    double e = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double r2 = 0;
            for (size_t x = 0; x < 3; x++) {
                double d = pos[3 * i + x] - pos[3 * j + x];
                d -= L * round(d / L);
                r2 += d * d;
            }
            if (r2 >= rc * rc) continue;
            const lq_md_born *b = &pot->pair[pmap[type[i]]][pmap[type[j]]];
            e += b->A_eV * exp((b->sigma_A - rc) / b->rho_A) - b->C_eV_A6 / pow(rc, 6) +
                 b->D_eV_A8 / pow(rc, 8);
        }
    return e;
}

static double sd(const double *v, size_t n) {
    double m = 0, s = 0;
    for (size_t k = 0; k < n; k++) m += v[k];
    m /= (double)n;
    for (size_t k = 0; k < n; k++) s += (v[k] - m) * (v[k] - m);
    return sqrt(s / (double)n);
}

static size_t g_stop_step;
static int on_prog(void *u, const lq_dp_train_progress *p) {
    (void)u;
    printf("  step %6zu lr %.2e  val: E %.3f meV/atom F %.1f meV/A  trn: E %.3f F %.1f  (%.0f s)\n",
           p->step, p->lr, 1e3 * p->rmse_e_val, 1e3 * p->rmse_f_val, 1e3 * p->rmse_e_trn,
           1e3 * p->rmse_f_trn, p->wall_s);
    return p->step >= g_stop_step;
}

int main(int argc, char **argv) {
    /* bench_dp_longrange: 40 frames (make bench); bench_dp_longrange FRAMES [STOP_STEP
     * [NUMB_STEPS [sr|ref [THREADS]]]]: the frames of bench/dp_train_nkml.sh (300) and, with
     * STOP_STEP, the DP of bench_dp_train.c trained on the short-range labels (sr) or on the
     * reference labels (ref) with its schedule over NUMB_STEPS (3000), stopped at STOP_STEP. */
    size_t nframes = argc > 1 ? (size_t)atol(argv[1]) : 40;
    g_stop_step = argc > 2 ? (size_t)atol(argv[2]) : 0;
    size_t numb_steps = argc > 3 ? (size_t)atol(argv[3]) : 3000;
    int sr_labels = argc > 4 ? strcmp(argv[4], "ref") != 0 : 1;
    int threads = argc > 5 ? atoi(argv[5]) : 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (nframes < 10) {
        fprintf(stderr, "usage: bench_dp_longrange [frames [stop step]]\n");
        return 2;
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_md_system sys;
    lq_md_model *ri = NULL;
    lq_status st = nkml_melt(&sys, &ri, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "melt", st, &d);
    const size_t n = sys.n_atoms, n3 = 3 * n;
    /* 1. the training frames of bench_dp_train.c (same call, same seeds) */
    double t0 = lqb_wall_s();
    nkml_traj tr;
    char cpath[64];
    snprintf(cpath, sizeof cpath, "dp_longrange_frames_%zu.bin", nframes);
    /* cached only for the training runs (repeated with other labels); make bench leaves no file */
    st = nkml_frames(&sys, ri, TEMP_K, nframes, cpath, g_stop_step > 0, g_stop_step > 0, &tr, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "rigid-ion frames", st, &d);
    const double L = tr.L, rc_ref = fmin(10.0, 0.5 * L - 2.0);
    printf(
        "frames: %zu of %zu ions, L = %.3f A, reference: PPPM (accuracy 1e-5), Born and real-space"
        " Coulomb cut at %.3f A, unshifted (%.1f s)\n",
        tr.n, n, L, rc_ref, lqb_wall_s() - t0);
    /* 2. evaluators: the reference recomputed (PPPM, as nkml_run), the same model by Ewald at
     * accuracy 1e-8, and the Coulomb sum alone by Ewald (Born parameters zeroed) */
    const lq_md_potential *pot = lq_md_model_potential(ri);
    lq_md_potential cpot = *pot;
    for (size_t a = 0; a < cpot.n_species; a++)
        for (size_t b = 0; b < cpot.n_species; b++) {
            cpot.pair[a][b].A_eV = 0;
            cpot.pair[a][b].C_eV_A6 = 0;
            cpot.pair[a][b].D_eV_A8 = 0;
        }
    lq_md_model *cm = NULL;
    st = lq_md_model_from_potential(&cpot, &cm);
    lq_md_system s;
    if (st == LQ_OK) st = lq_md_system_alloc(&s, n);
    if (st != LQ_OK) return nkml_fail(PROG, "Coulomb model", st, &d);
    s.n_species = sys.n_species;
    memcpy(s.species, sys.species, sizeof s.species);
    memcpy(s.type, sys.type, n * sizeof *s.type);
    s.box_A[0] = s.box_A[1] = s.box_A[2] = L;
    int pmap[LQ_MD_MAX_SPECIES];
    double q[LQ_MD_MAX_SPECIES];
    for (size_t k = 0; k < s.n_species; k++) {
        size_t idx = 0;
        lq_md_potential_find(pot, s.species[k].name, &idx);
        pmap[k] = (int)idx;
        q[k] = s.species[k].charge_e;
    }
    memcpy(s.pos_A, tr.pos, n3 * sizeof(double));
    lq_md_ff_options fo_ref, fo_ew;
    lq_md_ff_options_default(&fo_ref);
    fo_ref.skin_A = 2.0;
    fo_ref.cutoff_A = rc_ref;
    fo_ref.n_threads = 1;
    fo_ew = fo_ref;
    fo_ew.kspace = LQ_MD_KSPACE_EWALD;
    fo_ew.accuracy = 1e-8;
    fo_ew.tabulate = 0;
    lq_md_forcefield *ff_ref = NULL, *ff_ew = NULL, *ff_c = NULL;
    st = lq_md_forcefield_create_model(ri, &s, &fo_ref, &ff_ref, &d);
    if (st == LQ_OK) st = lq_md_forcefield_create_model(ri, &s, &fo_ew, &ff_ew, &d);
    if (st == LQ_OK) st = lq_md_forcefield_create_model(cm, &s, &fo_ew, &ff_c, &d);
    if (st != LQ_OK) return nkml_fail(PROG, "force fields", st, &d);
    lq_md_kspace_info ki;
    lq_md_forcefield_kspace_info(ff_ref, &ki);
    printf("reference PPPM: g = %.4f /A, mesh %d^3, order %d, estimated force error %.3f meV/A\n",
           ki.g_ewald_per_A, ki.mesh[0], ki.order, 1e3 * ki.est_force_error);
    lq_md_forcefield_kspace_info(ff_ew, &ki);
    printf("Ewald for the decomposition: g = %.4f /A, kmax %d, estimated force error %.5f meV/A\n",
           ki.g_ewald_per_A, ki.kmax[0], 1e3 * ki.est_force_error);
    /* 3. per frame: F_ref (stored labels), F_ew (Ewald, same Born), F_c (Ewald Coulomb alone),
     * DSF Coulomb for every (rc, alpha); residuals F_c - F_dsf, E_c - E_dsf */
    const size_t nf = tr.n;
    pair *pl = malloc(n * 2000 * sizeof *pl);
    double *fc = malloc(n3 * nf * sizeof *fc), *ec = malloc(nf * sizeof *ec);
    double *f1 = malloc(n3 * sizeof *f1), *f2 = malloc(n3 * sizeof *f2);
    double *de = malloc(N_RC * N_ALPHA * nf * sizeof *de), *jump = malloc(nf * sizeof *jump);
    double *de_pppm = malloc(nf * sizeof *de_pppm), *eb = malloc(nf * sizeof *eb);
    if (!pl || !fc || !ec || !f1 || !f2 || !de || !jump || !de_pppm || !eb) return 1;
    double ss_recomp = 0, ss_pppm = 0, ss_ref = 0, ss_c = 0, ss_b = 0;
    double ss_dsf[N_RC][N_ALPHA] = {{0}};
    for (size_t f = 0; f < nf; f++) {
        const double *x = tr.pos + n3 * f, *fref = tr.force + n3 * f;
        lq_md_energy e;
        memcpy(s.pos_A, x, n3 * sizeof(double));
        st = lq_md_forcefield_compute(ff_ref, &s, f1, n3, &e, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "reference", st, &d);
        for (size_t k = 0; k < n3; k++) ss_recomp += (f1[k] - fref[k]) * (f1[k] - fref[k]);
        memcpy(s.pos_A, x, n3 * sizeof(double));
        st = lq_md_forcefield_compute(ff_ew, &s, f1, n3, &e, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "Ewald", st, &d);
        de_pppm[f] = tr.energy[f] - e.total_eV;
        eb[f] = e.born_eV;
        memcpy(s.pos_A, x, n3 * sizeof(double));
        st = lq_md_forcefield_compute(ff_c, &s, fc + n3 * f, n3, &e, &d);
        if (st != LQ_OK) return nkml_fail(PROG, "Ewald Coulomb", st, &d);
        ec[f] = e.total_eV;
        for (size_t k = 0; k < n3; k++) {
            double fck = fc[n3 * f + k];
            ss_pppm += (fref[k] - f1[k]) * (fref[k] - f1[k]);
            ss_ref += fref[k] * fref[k];
            ss_c += fck * fck;
            ss_b += (f1[k] - fck) * (f1[k] - fck);
        }
        size_t m = pairs_build(x, s.type, q, n, L, g_rc[N_RC - 1], pl);
        jump[f] = born_jump(pot, s.type, pmap, rc_ref, x, n, L);
        for (size_t r = 0; r < N_RC; r++)
            for (size_t a = 0; a < N_ALPHA; a++) {
                double ed = dsf(pl, m, q, s.type, n, g_rc[r], g_alpha[a], f2);
                de[(r * N_ALPHA + a) * nf + f] = ec[f] - ed;
                for (size_t k = 0; k < n3; k++)
                    ss_dsf[r][a] += (fc[n3 * f + k] - f2[k]) * (fc[n3 * f + k] - f2[k]);
            }
        if (f == 0) {
            /* check of the DSF code: its force is minus the gradient of its energy */
            double h = 1e-5, worst = 0;
            double *xx = malloc(n3 * sizeof *xx);
            memcpy(xx, x, n3 * sizeof *xx);
            dsf(pl, m, q, s.type, n, 6.0, 0.2, f2);
            for (size_t k = 0; k < 6; k++) {
                xx[k] = x[k] + h;
                size_t mp = pairs_build(xx, s.type, q, n, L, g_rc[N_RC - 1], pl);
                double ep = dsf(pl, mp, q, s.type, n, 6.0, 0.2, f1);
                xx[k] = x[k] - h;
                mp = pairs_build(xx, s.type, q, n, L, g_rc[N_RC - 1], pl);
                double em = dsf(pl, mp, q, s.type, n, 6.0, 0.2, f1);
                xx[k] = x[k];
                double fd = -(ep - em) / (2 * h);
                worst = fmax(worst, fabs(fd - f2[k]));
            }
            printf("DSF check (rc 6 A, alpha 0.2): |F + dE/dx| <= %.2e eV/A on 6 coordinates\n",
                   worst);
            free(xx);
        }
    }
    const double nc = (double)(n3 * nf), na = (double)n;
    printf("\nrecomputed PPPM forces against the stored labels: RMS %.2e meV/A\n",
           1e3 * sqrt(ss_recomp / nc));
    printf("RMS force component: reference %.1f meV/A, Coulomb part %.1f, Born part %.1f\n",
           1e3 * sqrt(ss_ref / nc), 1e3 * sqrt(ss_c / nc), 1e3 * sqrt(ss_b / nc));
    printf(
        "label noise of the PPPM reference (PPPM - Ewald 1e-8): force %.2f meV/A, energy sd "
        "%.4f meV/atom\n",
        1e3 * sqrt(ss_pppm / nc), 1e3 * sd(de_pppm, nf) / na);
    printf(
        "Born energy jumps at the reference cutoff %.3f A (sum of pair energies at the cutoff, "
        "mean %.1f meV): sd %.3f meV/atom\n",
        rc_ref, 1e3 * (jump[0]), 1e3 * sd(jump, nf) / na);
    printf(
        "\nCoulomb beyond what DSF within r_c gives (Ewald - DSF), RMS force component meV/A /"
        " sd of the energy difference meV/atom:\n");
    printf("%8s", "r_c \\ a");
    for (size_t a = 0; a < N_ALPHA; a++) printf("  %11.2f", g_alpha[a]);
    printf("\n");
    size_t abest = 0;
    for (size_t r = 0; r < N_RC; r++) {
        printf("%6.1f A", g_rc[r]);
        for (size_t a = 0; a < N_ALPHA; a++) {
            printf("  %5.1f/%5.2f", 1e3 * sqrt(ss_dsf[r][a] / nc),
                   1e3 * sd(de + (r * N_ALPHA + a) * nf, nf) / na);
            if (r == 0 && ss_dsf[0][a] < ss_dsf[0][abest]) abest = a;
        }
        printf("\n");
    }
    char b1[128], b2[128];
    lqb_row("DP reference: Coulomb force a 6 A local model misses (Na-K-Mg-Cl, 973 K)",
            lqb_fmt(b1, sizeof b1, "%.1f meV/A (DSF, alpha %.2f /A)",
                    1e3 * sqrt(ss_dsf[0][abest] / nc), g_alpha[abest]),
            lqb_fmt(b2, sizeof b2, "target 33.98 meV/A; reference RMS force %.0f meV/A",
                    1e3 * sqrt(ss_ref / nc)),
            "-");
    if (g_stop_step > 0) {
        /* 4. short-range labels: reference - Ewald Coulomb + DSF(6 A, best alpha), Born energy
         * shifted (continuous at its cutoff); the DP of bench_dp_train.c on them */
        double *fsr = malloc(n3 * nf * sizeof *fsr), *esr = malloc(nf * sizeof *esr);
        if (!fsr || !esr) return 1;
        for (size_t f = 0; f < nf; f++) {
            const double *x = tr.pos + n3 * f;
            size_t m = pairs_build(x, s.type, q, n, L, 6.0, pl);
            double ed = dsf(pl, m, q, s.type, n, 6.0, g_alpha[abest], f2);
            esr[f] = tr.energy[f] - ec[f] + ed - jump[f];
            for (size_t k = 0; k < n3; k++)
                fsr[n3 * f + k] = tr.force[n3 * f + k] - fc[n3 * f + k] + f2[k];
        }
        nkml_traj ts = tr;
        if (sr_labels) {
            ts.force = fsr;
            ts.energy = esr;
        }
        size_t ntr = nf * 4 / 5;
        char names[4][8];
        int *type = malloc(n * sizeof *type);
        double *box = malloc(9 * nf * sizeof *box);
        lq_dp_system strn, sval;
        nkml_system(&ts, 0, ntr, names, type, box, &strn);
        nkml_system(&ts, ntr, nf, names, type, box + 9 * ntr, &sval);
        lq_dp_train_options o;
        lq_dp_train_options_default(&o);
        nkml_model_spec(&o.model);
        o.numb_steps = numb_steps; /* the schedule of bench/dp_train_nkml.sh */
        o.start_lr = 1e-3;
        o.stop_lr = 1e-5;
        o.decay_steps = numb_steps / 40 > 0 ? numb_steps / 40 : 1;
        o.batch_size = 1;
        o.disp_freq = numb_steps / 20 > 0 ? numb_steps / 20 : 1;
        o.save_freq = numb_steps;
        o.n_threads = threads;
        o.lcurve = "dp_longrange_lcurve.out";
        o.save_ckpt = "dp_longrange.ckpt.yaml";
        o.progress = on_prog;
        lq_dp_train_result res;
        if (sr_labels)
            printf(
                "\nDP of bench_dp_train.c on the short-range labels (DSF 6 A, alpha %.2f), "
                "%zu-step schedule:\n",
                g_alpha[abest], numb_steps);
        else
            printf("\nDP of bench_dp_train.c on the reference labels, %zu-step schedule:\n",
                   numb_steps);
        st = lq_dp_train(&o, &strn, 1, &sval, 1, NULL, "dp_longrange_model.yaml", &res, &d);
        if (st != LQ_OK && st != LQ_ECANCELLED) return nkml_fail(PROG, "training", st, &d);
        free(fsr);
        free(esr);
        free(type);
        free(box);
    }
    lq_md_forcefield_free(ff_ref);
    lq_md_forcefield_free(ff_ew);
    lq_md_forcefield_free(ff_c);
    lq_md_model_free(cm);
    lq_md_model_free(ri);
    lq_md_system_free(&s);
    lq_md_system_free(&sys);
    nkml_traj_free(&tr);
    free(pl);
    free(fc);
    free(ec);
    free(f1);
    free(f2);
    free(de);
    free(jump);
    free(de_pppm);
    free(eb);
    return 0;
}
