/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PPPM: B-spline charge assignment, FFTW3, optimal influence function, ik differentiation. */
#include <fftw3.h>
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/md_internal.h"

/*
 * Particle–particle particle–mesh Ewald after Hockney & Eastwood, "Computer Simulation Using
 * Particles" (1988), ch. 8, in the form analysed by Deserno & Holm, J. Chem. Phys. 109 (1998)
 * 7678 (Eqs. 13-17: charge assignment W of order P, the optimal influence function G_opt for
 * ik differentiation) and 7694 (Eq. 23 and Table I: the RMS force error estimate whose
 * coefficients are acons below). Mesh and splitting parameter are chosen as LAMMPS's pppm.cpp
 * chooses them: an initial g from the real-space error, the mesh grown per axis until the
 * k-space estimate meets the accuracy, the mesh made a product of 2, 3 and 5, then g adjusted by
 * Newton iteration so that real- and k-space error estimates are equal.
 */

#define PPPM_MAX_ORDER 7

/* Deserno & Holm (1998b), Table I: coefficients a_m^(P) of the k-space error sum. */
static const double acons[PPPM_MAX_ORDER + 1][PPPM_MAX_ORDER] = {
    {0},
    {2.0 / 3.0},
    {1.0 / 50.0, 5.0 / 294.0},
    {1.0 / 588.0, 7.0 / 1440.0, 21.0 / 3872.0},
    {1.0 / 4320.0, 3.0 / 1936.0, 7601.0 / 2271360.0, 143.0 / 28800.0},
    {1.0 / 23232.0, 7601.0 / 13628160.0, 143.0 / 69120.0, 517231.0 / 106536960.0,
     106640677.0 / 11737571328.0},
    {691.0 / 68140800.0, 13.0 / 57600.0, 47021.0 / 35512320.0, 9694607.0 / 2095994880.0,
     733191589.0 / 59609088000.0, 326190917.0 / 11700633600.0},
    {1.0 / 345600.0, 3617.0 / 35512320.0, 745739.0 / 838397952.0, 56399353.0 / 12773376000.0,
     25091609.0 / 1560084480.0, 1755948832039.0 / 36229939200000.0, 4887769399.0 / 37838389248.0}};

struct lqi_md_pppm {
    size_t n;
    int order, nx, ny, nz, nzc;
    double g, q2, cutoff, accuracy_abs;
    double box[3];
    double *rho;          /* [nx ny nz] real mesh */
    fftw_complex *rhok;   /* [nx ny nzc] */
    fftw_complex *work;   /* [3][nx ny nzc] the three field components in k-space */
    double *fieldall;     /* [3][nx ny nz] backing store of field[] */
    double *field[3];     /* [nx ny nz] */
    double *green;        /* [nx ny nzc] */
    double *kx, *ky, *kz; /* per index wave numbers */
    double *gtab;         /* per-axis tables of the influence function */
    double *part;         /* [ny][8] per-column partial sums of energy and virial */
    /* The 3-d transforms as planes (y, z) and lines along x, so that threads can share them out
     * with the new-array execute functions (FFTW manual, "Thread safety"); any thread count
     * then applies the same plans to the same data, and gives the same bits. */
    fftw_plan fwd_yz, fwd_x, bwd_x, bwd_yz;
};

/* k-space RMS force error along one axis (Deserno & Holm 1998b, Eq. 23). */
static double ik_error(const lqi_md_pppm *pm, double h, double prd) {
    double hg = h * pm->g, sum = 0;
    for (int m = 0; m < pm->order; m++) sum += acons[pm->order][m] * pow(hg, 2.0 * m);
    return pm->q2 * pow(hg, (double)pm->order) *
           sqrt(pm->g * prd * sqrt(2.0 * LQ_PI) * sum / (double)pm->n) / (prd * prd);
}

static double kspace_error(const lqi_md_pppm *pm) {
    double ex = ik_error(pm, pm->box[0] / pm->nx, pm->box[0]);
    double ey = ik_error(pm, pm->box[1] / pm->ny, pm->box[1]);
    double ez = ik_error(pm, pm->box[2] / pm->nz, pm->box[2]);
    return sqrt(ex * ex + ey * ey + ez * ez) / sqrt(3.0);
}

/* Real-space RMS force error (Kolafa & Perram 1992, Eq. 18). */
static double rspace_error(const lqi_md_pppm *pm) {
    double v = pm->box[0] * pm->box[1] * pm->box[2];
    return 2.0 * pm->q2 * exp(-pm->g * pm->g * pm->cutoff * pm->cutoff) /
           sqrt((double)pm->n * pm->cutoff * v);
}

static int factorable(int n) {
    static const int fac[3] = {2, 3, 5};
    while (n > 1) {
        int k;
        for (k = 0; k < 3; k++)
            if (n % fac[k] == 0) {
                n /= fac[k];
                break;
            }
        if (k == 3) return 0;
    }
    return 1;
}

static int choose_mesh(lqi_md_pppm *pm, double prd) {
    double h = 1.0 / pm->g;
    int nm = (int)(prd / h) + 1;
    double err = ik_error(pm, h, prd);
    while (err > pm->accuracy_abs && nm < 4096) {
        err = ik_error(pm, h, prd);
        nm++;
        h = prd / nm;
    }
    while (!factorable(nm)) nm++;
    return nm;
}

/* Newton iteration on f(g) = rspace_error - kspace_error with a forward-difference slope, as
 * LAMMPS's PPPM::adjust_gewald (step 1e-6, tolerance 1e-5 eV/A, at most 10000 iterations). */
static lq_status adjust_g(lqi_md_pppm *pm) {
    for (int it = 0; it < 10000; it++) {
        double f1 = rspace_error(pm) - kspace_error(pm);
        double g0 = pm->g;
        pm->g = g0 + 1e-6;
        double f2 = rspace_error(pm) - kspace_error(pm);
        pm->g = g0;
        double df = (f2 - f1) / 1e-6;
        if (df == 0.0 || !isfinite(df)) return LQ_ENOCONV;
        pm->g -= f1 / df;
        if (!(pm->g > 0) || !isfinite(pm->g)) return LQ_ENOCONV;
        if (fabs(rspace_error(pm) - kspace_error(pm)) < 1e-5) return LQ_OK;
    }
    return LQ_ENOCONV;
}

static double sinc(double x) { return fabs(x) < 1e-8 ? 1.0 - x * x / 6.0 : sin(x) / x; }

/* Optimal influence function for ik differentiation (Hockney & Eastwood Eq. 8-22; Deserno & Holm
 * 1998a Eq. 17): G(k) = 4 pi sum_m (k.k_m/k_m^2) exp(-k_m^2/4g^2) U^2(k_m) / (k^2 [sum_m U^2]^2),
 * U(k) = prod_d sinc(k_d h_d / 2)^P, k_m = k + 2 pi m / h. The denominator sum factorises per
 * axis and is summed to |m| <= 20 (terms fall as m^-2P); the numerator sums |m_d| <= nb with nb
 * from LAMMPS's criterion but at least 1. */
#define PPPM_MAX_NB 4

static void green_setup(lqi_md_pppm *pm) {
    const int nn[3] = {pm->nx, pm->ny, pm->nz};
    double *kk[3] = {pm->kx, pm->ky, pm->kz};
    int nb[3];
    const double inv4g2 = 0.25 / (pm->g * pm->g);
    /* Per-axis tables: den[d][i] = sum_m U_d^2, ua[d][i][m] = U_d^2 exp(-k_m^2/4g^2), km[d][i][m].
     */
    double *den[3], *ua[3], *kmv[3];
    double *tab = pm->gtab;
    for (int d = 0; d < 3; d++) {
        double L = pm->box[d], h = L / nn[d];
        nb[d] = (int)(pm->g * L / (LQ_PI * nn[d]) * pow(-log(1e-7), 0.25));
        if (nb[d] < 1) nb[d] = 1;
        if (nb[d] > PPPM_MAX_NB) nb[d] = PPPM_MAX_NB;
        den[d] = tab;
        ua[d] = tab + nn[d];
        kmv[d] = ua[d] + (size_t)nn[d] * (2 * PPPM_MAX_NB + 1);
        tab = kmv[d] + (size_t)nn[d] * (2 * PPPM_MAX_NB + 1);
        for (int i = 0; i < nn[d]; i++) {
            int m0 = i <= nn[d] / 2 ? i : i - nn[d];
            if (2 * i == nn[d]) m0 = -nn[d] / 2;
            kk[d][i] = 2.0 * LQ_PI * m0 / L;
            double sum = 0;
            for (int m = -20; m <= 20; m++) {
                double km = kk[d][i] + 2.0 * LQ_PI * m / h;
                double u = pow(sinc(0.5 * km * h), 2.0 * pm->order);
                sum += u;
                if (m >= -nb[d] && m <= nb[d]) {
                    size_t o = (size_t)i * (2 * PPPM_MAX_NB + 1) + (size_t)(m + nb[d]);
                    ua[d][o] = u * exp(-km * km * inv4g2);
                    kmv[d][o] = km;
                }
            }
            den[d][i] = sum;
        }
    }
    for (int ix = 0; ix < pm->nx; ix++)
        for (int iy = 0; iy < pm->ny; iy++)
            for (int iz = 0; iz < pm->nzc; iz++) {
                size_t idx =
                    ((size_t)ix * (size_t)pm->ny + (size_t)iy) * (size_t)pm->nzc + (size_t)iz;
                double k[3] = {pm->kx[ix], pm->ky[iy], pm->kz[iz]};
                double k2 = k[0] * k[0] + k[1] * k[1] + k[2] * k[2];
                if (k2 == 0.0) {
                    pm->green[idx] = 0.0;
                    continue;
                }
                const size_t w = 2 * PPPM_MAX_NB + 1;
                const double *ax = &ua[0][(size_t)ix * w], *kax = &kmv[0][(size_t)ix * w];
                const double *ay = &ua[1][(size_t)iy * w], *kay = &kmv[1][(size_t)iy * w];
                const double *az = &ua[2][(size_t)iz * w], *kaz = &kmv[2][(size_t)iz * w];
                double num = 0;
                for (int a = 0; a <= 2 * nb[0]; a++)
                    for (int b = 0; b <= 2 * nb[1]; b++) {
                        double qx = kax[a], qy = kay[b], uxy = ax[a] * ay[b];
                        double dxy = k[0] * qx + k[1] * qy, sxy = qx * qx + qy * qy;
                        for (int c = 0; c <= 2 * nb[2]; c++) {
                            double qz = kaz[c];
                            num += (dxy + k[2] * qz) / (sxy + qz * qz) * uxy * az[c];
                        }
                    }
                double dd = den[0][ix] * den[1][iy] * den[2][iz];
                pm->green[idx] = 4.0 * LQ_PI * num / (k2 * dd * dd);
            }
}

void lqi_md_pppm_free(lqi_md_pppm *pm) {
    if (!pm) return;
    if (pm->fwd_yz) fftw_destroy_plan(pm->fwd_yz);
    if (pm->fwd_x) fftw_destroy_plan(pm->fwd_x);
    if (pm->bwd_x) fftw_destroy_plan(pm->bwd_x);
    if (pm->bwd_yz) fftw_destroy_plan(pm->bwd_yz);
    lqi_free(pm->part);
    lqi_free(pm->fieldall);
    lqi_free(pm->rho);
    lqi_free(pm->rhok);
    lqi_free(pm->work);
    lqi_free(pm->green);
    lqi_free(pm->kx);
    lqi_free(pm->ky);
    lqi_free(pm->kz);
    lqi_free(pm->gtab);
    lqi_free(pm);
}

lq_status lqi_md_pppm_setup(lqi_md_pppm *pm, const double box[3]) {
    memcpy(pm->box, box, sizeof pm->box);
    green_setup(pm);
    return LQ_OK;
}

lq_status lqi_md_pppm_create(const double box[3], size_t n, double q2, double cutoff,
                             double accuracy_abs, int order, double g_in, const int mesh_in[3],
                             lqi_md_pppm **out) {
    if (order < 2 || order > PPPM_MAX_ORDER || n == 0 || !(q2 > 0)) return LQ_EINVAL;
    lqi_md_pppm *pm = lqi_calloc(1, sizeof *pm);
    if (!pm) return LQ_ENOMEM;
    pm->n = n;
    pm->order = order;
    pm->q2 = q2;
    pm->cutoff = cutoff;
    pm->accuracy_abs = accuracy_abs;
    memcpy(pm->box, box, sizeof pm->box);
    if (g_in > 0) {
        pm->g = g_in;
    } else {
        double v = box[0] * box[1] * box[2];
        double g = accuracy_abs * sqrt((double)n * cutoff * v) / (2.0 * q2);
        pm->g = g >= 1.0 ? (1.35 - 0.15 * log(accuracy_abs)) / cutoff : sqrt(-log(g)) / cutoff;
    }
    int mesh[3];
    for (int d = 0; d < 3; d++)
        mesh[d] = (mesh_in && mesh_in[d] > 0) ? mesh_in[d] : choose_mesh(pm, box[d]);
    pm->nx = mesh[0];
    pm->ny = mesh[1];
    pm->nz = mesh[2];
    pm->nzc = pm->nz / 2 + 1;
    lq_status st = LQ_OK;
    if (!(g_in > 0)) st = adjust_g(pm);
    if (st != LQ_OK) {
        lqi_md_pppm_free(pm);
        return st;
    }
    size_t nr = (size_t)pm->nx * (size_t)pm->ny * (size_t)pm->nz;
    size_t nc = (size_t)pm->nx * (size_t)pm->ny * (size_t)pm->nzc;
    pm->rho = lqi_malloc_array(nr, sizeof *pm->rho);
    pm->rhok = lqi_malloc_array(nc, sizeof *pm->rhok);
    pm->work = lqi_malloc_array(3 * nc, sizeof *pm->work);
    pm->green = lqi_malloc_array(nc, sizeof *pm->green);
    pm->kx = lqi_malloc_array((size_t)pm->nx, sizeof(double));
    pm->ky = lqi_malloc_array((size_t)pm->ny, sizeof(double));
    pm->kz = lqi_malloc_array((size_t)pm->nz, sizeof(double));
    pm->fieldall = lqi_malloc_array(3 * nr, sizeof(double));
    for (int d = 0; d < 3 && pm->fieldall; d++) pm->field[d] = pm->fieldall + (size_t)d * nr;
    size_t ntab = (size_t)(pm->nx + pm->ny + pm->nz) * (2 * (2 * PPPM_MAX_NB + 1) + 1);
    pm->gtab = lqi_malloc_array(ntab, sizeof(double));
    pm->part = lqi_malloc_array((size_t)pm->ny * 8, sizeof(double));
    if (!pm->part || !pm->rho || !pm->rhok || !pm->work || !pm->green || !pm->kx || !pm->ky ||
        !pm->kz || !pm->gtab || !pm->fieldall) {
        lqi_md_pppm_free(pm);
        return LQ_ENOMEM;
    }
    /* FFTW_ESTIMATE: plans (and so roundoff) do not depend on timing, which keeps runs and
     * restarted runs bit-for-bit reproducible. FFTW_UNALIGNED: the plans are executed on other
     * planes and lines than the ones they were made for. */
    const unsigned fl = FFTW_ESTIMATE | FFTW_UNALIGNED;
    const int nxi = pm->nx, nyzc = pm->ny * pm->nzc;
    pm->fwd_yz = fftw_plan_dft_r2c_2d(pm->ny, pm->nz, pm->rho, pm->rhok, fl);
    pm->fwd_x = fftw_plan_many_dft(1, &nxi, pm->nzc, pm->rhok, NULL, nyzc, 1, pm->rhok, NULL, nyzc,
                                   1, FFTW_FORWARD, fl);
    pm->bwd_x = fftw_plan_many_dft(1, &nxi, pm->nzc, pm->work, NULL, nyzc, 1, pm->work, NULL, nyzc,
                                   1, FFTW_BACKWARD, fl);
    pm->bwd_yz = fftw_plan_dft_c2r_2d(pm->ny, pm->nz, pm->work, pm->fieldall, fl);
    if (!pm->fwd_yz || !pm->fwd_x || !pm->bwd_x || !pm->bwd_yz) {
        lqi_md_pppm_free(pm);
        return LQ_ENOMEM;
    }
    lqi_md_pppm_setup(pm, box);
    *out = pm;
    return LQ_OK;
}

void lqi_md_pppm_info(const lqi_md_pppm *pm, lq_md_kspace_info *info) {
    info->kspace = LQ_MD_KSPACE_PPPM;
    info->g_ewald_per_A = pm->g;
    info->kmax[0] = info->kmax[1] = info->kmax[2] = 0;
    info->mesh[0] = pm->nx;
    info->mesh[1] = pm->ny;
    info->mesh[2] = pm->nz;
    info->order = pm->order;
    double ek = kspace_error(pm), er = rspace_error(pm);
    info->est_force_error = sqrt(ek * ek + er * er);
    info->est_relative = info->est_force_error / LQ_COULOMB_EV_A;
}

/* Cardinal B-spline weights of order P (Hockney & Eastwood's assignment function; Essmann et
 * al., J. Chem. Phys. 103 (1995) 8577, Eq. 4.1 recursion): w[j] is the weight of mesh point
 * g0 + j for a particle at mesh coordinate u. */
static int bspline(double u, int P, double *w) {
    double s = u - 0.5 * P;
    double fl = floor(s);
    double t = s - fl; /* in [0, 1) */
    double m[PPPM_MAX_ORDER + 1];
    m[0] = t;
    m[1] = 1.0 - t;
    for (int n = 3; n <= P; n++) {
        double prev = 0.0;
        for (int k = 0; k < n; k++) {
            double cur = k < n - 1 ? m[k] : 0.0;
            double val = ((t + k) * cur + (n - t - k) * prev) / (n - 1);
            prev = cur;
            m[k] = val;
        }
    }
    for (int j = 0; j < P; j++) w[j] = m[P - 1 - j];
    return (int)fl + 1;
}

static int wrapi(int i, int n) {
    i %= n;
    return i < 0 ? i + n : i;
}

/* B-spline weights w[3 P] and wrapped mesh indices ix[3 P] of a particle at x. */
static void atom_weights(const lqi_md_pppm *pm, const double *x, double *w, int *ix) {
    const int P = pm->order;
    const int nn[3] = {pm->nx, pm->ny, pm->nz};
    for (int d = 0; d < 3; d++) {
        int g0 = bspline(x[d] * nn[d] / pm->box[d], P, &w[d * P]);
        for (int c = 0; c < P; c++) ix[d * P + c] = wrapi(g0 + c, nn[d]);
    }
}

/* Charges of all atoms onto the x-planes [x0, x1) of the mesh, in atom order, then the (y, z)
 * transforms of those planes (only this thread writes them, so no barrier is needed between). */
static void spread_planes(lqi_md_pppm *pm, size_t n, const double *x, const double *q, int x0,
                          int x1) {
    const int P = pm->order;
    const size_t sy = (size_t)pm->nz, sx = (size_t)pm->ny * sy;
    const size_t syzc = (size_t)pm->ny * (size_t)pm->nzc;
    memset(pm->rho + (size_t)x0 * sx, 0, (size_t)(x1 - x0) * sx * sizeof *pm->rho);
    double w[3 * PPPM_MAX_ORDER];
    int ix[3 * PPPM_MAX_ORDER];
    for (size_t i = 0; i < n; i++) {
        atom_weights(pm, &x[3 * i], w, ix);
        for (int a = 0; a < P; a++) {
            if (ix[a] < x0 || ix[a] >= x1) continue;
            double wa = q[i] * w[a];
            size_t ra = (size_t)ix[a] * sx;
            for (int b = 0; b < P; b++) {
                double wab = wa * w[P + b];
                double *row = &pm->rho[ra + (size_t)ix[P + b] * sy];
                for (int c = 0; c < P; c++) row[ix[2 * P + c]] += wab * w[2 * P + c];
            }
        }
    }
    for (int p = x0; p < x1; p++)
        fftw_execute_dft_r2c(pm->fwd_yz, pm->rho + (size_t)p * sx, pm->rhok + (size_t)p * syzc);
}

/* Everything along x for the k-space column iyk (all kx, kz): the forward x transform, the
 * energy and virial terms (into part[0..6]), the field E_d(k) = -i k_d G rho(k) / V and its
 * three inverse x transforms. The Nyquist plane of axis d is odd under k -> -k and is dropped
 * for E_d (the real part of its contribution vanishes). */
static void column(lqi_md_pppm *pm, size_t iyk, double *part) {
    const double v = pm->box[0] * pm->box[1] * pm->box[2];
    const double inv4g2 = 0.25 / (pm->g * pm->g);
    const int nn[3] = {pm->nx, pm->ny, pm->nz};
    const size_t nzc = (size_t)pm->nzc, nc = (size_t)pm->nx * (size_t)pm->ny * nzc;
    fftw_execute_dft(pm->fwd_x, pm->rhok + iyk * nzc, pm->rhok + iyk * nzc);
    double energy = 0, vir[6] = {0, 0, 0, 0, 0, 0};
    for (size_t ixk = 0; ixk < (size_t)pm->nx; ixk++) {
        size_t base = (ixk * (size_t)pm->ny + iyk) * nzc;
        for (size_t iz = 0; iz < nzc; iz++) {
            size_t idx = base + iz;
            /* r2c stores half of k-space along z: interior planes stand for k and -k. */
            double mult = (iz == 0 || 2 * iz == (size_t)pm->nz) ? 1.0 : 2.0;
            double re = pm->rhok[idx][0], im = pm->rhok[idx][1];
            double e = mult * 0.5 / v * pm->green[idx] * (re * re + im * im);
            energy += e;
            double k[3] = {pm->kx[ixk], pm->ky[iyk], pm->kz[iz]};
            double k2 = k[0] * k[0] + k[1] * k[1] + k[2] * k[2];
            if (k2 != 0.0) {
                double fk = 2.0 * (1.0 / k2 + inv4g2);
                vir[0] += e * (1.0 - fk * k[0] * k[0]);
                vir[1] += e * (1.0 - fk * k[1] * k[1]);
                vir[2] += e * (1.0 - fk * k[2] * k[2]);
                vir[3] -= e * fk * k[0] * k[1];
                vir[4] -= e * fk * k[0] * k[2];
                vir[5] -= e * fk * k[1] * k[2];
            }
            const size_t id[3] = {ixk, iyk, iz};
            for (int d = 0; d < 3; d++) {
                double kk = 2 * id[d] == (size_t)nn[d] ? 0.0 : k[d];
                double sc = pm->green[idx] * kk / v;
                fftw_complex *w = &pm->work[(size_t)d * nc + idx];
                (*w)[0] = sc * im;
                (*w)[1] = -sc * re;
            }
        }
    }
    part[0] = energy;
    for (int a = 0; a < 6; a++) part[1 + a] = vir[a];
    for (int d = 0; d < 3; d++) {
        fftw_complex *c = pm->work + (size_t)d * nc + iyk * nzc;
        fftw_execute_dft(pm->bwd_x, c, c);
    }
}

/* Three barriers per call: slabs (spreading + (y, z) transforms), columns along x, inverse (y, z)
 * transforms, then interpolation. */
double lqi_md_pppm_compute(lqi_md_pppm *pm, size_t n, const double *x, const double *q, double *f,
                           double virial[6], int nthreads) {
    const int P = pm->order;
    const size_t nr = (size_t)pm->nx * (size_t)pm->ny * (size_t)pm->nz;
    const size_t nc = (size_t)pm->nx * (size_t)pm->ny * (size_t)pm->nzc;
    const size_t sy = (size_t)pm->nz, sx = (size_t)pm->ny * sy;
    const size_t syzc = (size_t)pm->ny * (size_t)pm->nzc;
    const int nt = nthreads < 1 ? 1 : nthreads;
    const long nx = pm->nx, ny = pm->ny;
#pragma omp parallel num_threads(nt)
    {
        /* Each thread owns a slab of x-planes and adds every atom's charge there in atom order:
         * each mesh point sums in the same order for any thread count. */
#pragma omp for schedule(static, 1)
        for (int t = 0; t < nt; t++)
            spread_planes(pm, n, x, q, (int)(nx * t / nt), (int)(nx * (t + 1) / nt));
#pragma omp for schedule(static)
        for (long iy = 0; iy < ny; iy++) column(pm, (size_t)iy, &pm->part[8 * (size_t)iy]);
#pragma omp for schedule(static)
        for (long k = 0; k < 3 * nx; k++)
            fftw_execute_dft_c2r(pm->bwd_yz,
                                 pm->work + (size_t)(k / nx) * nc + (size_t)(k % nx) * syzc,
                                 pm->fieldall + (size_t)(k / nx) * nr + (size_t)(k % nx) * sx);
        const double *f0 = pm->field[0], *f1 = pm->field[1], *f2 = pm->field[2];
        double w[3 * PPPM_MAX_ORDER];
        int ix[3 * PPPM_MAX_ORDER];
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            atom_weights(pm, &x[3 * i], w, ix);
            double e0 = 0, e1 = 0, e2 = 0;
            for (int a = 0; a < P; a++) {
                size_t ra = (size_t)ix[a] * sx;
                for (int b = 0; b < P; b++) {
                    size_t row = ra + (size_t)ix[P + b] * sy;
                    double wab = w[a] * w[P + b];
                    for (int c = 0; c < P; c++) {
                        size_t m = row + (size_t)ix[2 * P + c];
                        double wt = wab * w[2 * P + c];
                        e0 += wt * f0[m];
                        e1 += wt * f1[m];
                        e2 += wt * f2[m];
                    }
                }
            }
            f[3 * i] += q[i] * e0;
            f[3 * i + 1] += q[i] * e1;
            f[3 * i + 2] += q[i] * e2;
        }
    }
    /* Column sums in column order: the same for any thread count. */
    double energy = 0, vir[6] = {0, 0, 0, 0, 0, 0};
    for (size_t iy = 0; iy < (size_t)ny; iy++) {
        energy += pm->part[8 * iy];
        for (int a = 0; a < 6; a++) vir[a] += pm->part[8 * iy + 1 + (size_t)a];
    }
    const double v = pm->box[0] * pm->box[1] * pm->box[2];
    double qsq = 0, qsum = 0;
    for (size_t i = 0; i < n; i++) {
        qsq += q[i] * q[i];
        qsum += q[i];
    }
    energy -= pm->g * qsq / sqrt(LQ_PI) + LQ_PI * qsum * qsum / (2.0 * pm->g * pm->g * v);
    for (int a = 0; a < 6; a++) virial[a] += vir[a];
    return energy;
}
