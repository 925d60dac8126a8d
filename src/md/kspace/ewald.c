/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ewald summation: reciprocal-space energy, forces and virial, self and background terms. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/md_internal.h"

/*
 * E = (1/2V) sum_{k != 0} (4 pi / k^2) exp(-k^2 / 4g^2) |S(k)|^2 - g/sqrt(pi) sum q^2
 *     - pi Q^2 / (2 g^2 V),   S(k) = sum_j q_j exp(i k.r_j)
 * (Ewald, Ann. Phys. 369 (1921) 253; in the notation of Frenkel & Smit, "Understanding Molecular
 * Simulation", 2nd ed., Eqs. 12.1.25-12.1.28; the last term is the neutralising background of
 * a net charge Q, as in LAMMPS's ewald.cpp). Only half of k-space is summed (k and -k give the
 * same term), hence the prefactor 4 pi / V below. All energies are multiplied by e^2/(4 pi eps0).
 */

struct lqi_md_ewald {
    size_t n;
    double g, q2, accuracy_abs;
    int kmax[3];
    double box[3];
    double gsqmx;
    size_t nk;
    int *kidx;       /* [3 nk] integer k-vector components */
    double *ug;      /* [nk] prefactor 4 pi/V exp(-k^2/4g^2)/k^2 */
    double *kvec;    /* [3 nk] */
    double *vg;      /* [6 nk] virial coefficients */
    double *cs, *sn; /* [n (2 kmax + 1) 3] cos/sin of m k1_d x_d, m = -kmax..kmax */
    int kmaxall;
};

/* RMS reciprocal-space force error for kmax vectors along an edge of length prd
 * (Kolafa & Perram 1992, Eq. 32, as in LAMMPS's Ewald::rms). */
static double rms_error(int km, double prd, size_t n, double q2, double g) {
    double k = (double)km;
    return 2.0 * q2 * g / prd * sqrt(1.0 / (LQ_PI * k * (double)n)) *
           exp(-LQ_PI * LQ_PI * k * k / (g * g * prd * prd));
}

double lqi_md_ewald_g(double accuracy_abs, double q2, size_t n, double cutoff,
                      const double box[3]) {
    /* Real-space error estimate of Kolafa & Perram inverted for g, as LAMMPS does (ewald.cpp). */
    double v = box[0] * box[1] * box[2];
    double g = accuracy_abs * sqrt((double)n * cutoff * v) / (2.0 * q2);
    if (g >= 1.0) return (1.35 - 0.15 * log(accuracy_abs)) / cutoff;
    return sqrt(-log(g)) / cutoff;
}

void lqi_md_ewald_free(lqi_md_ewald *ew) {
    if (!ew) return;
    lqi_free(ew->kidx);
    lqi_free(ew->ug);
    lqi_free(ew->kvec);
    lqi_free(ew->vg);
    lqi_free(ew->cs);
    lqi_free(ew->sn);
    lqi_free(ew);
}

static int in_half_space(int a, int b, int c) {
    return a > 0 || (a == 0 && b > 0) || (a == 0 && b == 0 && c > 0);
}

lq_status lqi_md_ewald_setup(lqi_md_ewald *ew, const double box[3]) {
    memcpy(ew->box, box, sizeof ew->box);
    double unitk[3], gmx = 0;
    for (int d = 0; d < 3; d++) {
        unitk[d] = 2.0 * LQ_PI / box[d];
        double g2 = unitk[d] * unitk[d] * ew->kmax[d] * ew->kmax[d];
        if (g2 > gmx) gmx = g2;
    }
    ew->gsqmx = gmx * 1.00001; /* LAMMPS's margin so that the axis vectors are included */
    size_t nk = 0;
    for (int pass = 0; pass < 2; pass++) {
        nk = 0;
        for (int a = 0; a <= ew->kmax[0]; a++)
            for (int b = -ew->kmax[1]; b <= ew->kmax[1]; b++)
                for (int c = -ew->kmax[2]; c <= ew->kmax[2]; c++) {
                    if (!in_half_space(a, b, c)) continue;
                    double k[3] = {unitk[0] * a, unitk[1] * b, unitk[2] * c};
                    double k2 = k[0] * k[0] + k[1] * k[1] + k[2] * k[2];
                    if (k2 > ew->gsqmx) continue;
                    if (pass == 1) {
                        double v = box[0] * box[1] * box[2];
                        double pre = 4.0 * LQ_PI / v * exp(-0.25 * k2 / (ew->g * ew->g)) / k2;
                        ew->ug[nk] = pre;
                        double f = 2.0 * (1.0 / k2 + 0.25 / (ew->g * ew->g));
                        double *vg = &ew->vg[6 * nk];
                        vg[0] = 1.0 - f * k[0] * k[0];
                        vg[1] = 1.0 - f * k[1] * k[1];
                        vg[2] = 1.0 - f * k[2] * k[2];
                        vg[3] = -f * k[0] * k[1];
                        vg[4] = -f * k[0] * k[2];
                        vg[5] = -f * k[1] * k[2];
                        memcpy(&ew->kvec[3 * nk], k, sizeof k);
                        ew->kidx[3 * nk] = a;
                        ew->kidx[3 * nk + 1] = b;
                        ew->kidx[3 * nk + 2] = c;
                    }
                    nk++;
                }
        if (pass == 0) {
            if (nk != ew->nk || !ew->ug) {
                lqi_free(ew->kidx);
                lqi_free(ew->ug);
                lqi_free(ew->kvec);
                lqi_free(ew->vg);
                ew->kidx = lqi_malloc_array(3 * nk + 1, sizeof *ew->kidx);
                ew->ug = lqi_malloc_array(nk + 1, sizeof *ew->ug);
                ew->kvec = lqi_malloc_array(3 * nk + 1, sizeof *ew->kvec);
                ew->vg = lqi_malloc_array(6 * nk + 1, sizeof *ew->vg);
                if (!ew->kidx || !ew->ug || !ew->kvec || !ew->vg) return LQ_ENOMEM;
            }
        }
    }
    ew->nk = nk;
    return LQ_OK;
}

lq_status lqi_md_ewald_create(const double box[3], size_t n, double q2, double g,
                              double accuracy_abs, const int kmax_in[3], lqi_md_ewald **out) {
    lqi_md_ewald *ew = lqi_calloc(1, sizeof *ew);
    if (!ew) return LQ_ENOMEM;
    ew->n = n;
    ew->g = g;
    ew->q2 = q2;
    ew->accuracy_abs = accuracy_abs;
    ew->kmaxall = 0;
    for (int d = 0; d < 3; d++) {
        int km = kmax_in ? kmax_in[d] : 0;
        if (km <= 0) {
            km = 1;
            while (rms_error(km, box[d], n, q2, g) > accuracy_abs && km < 1000) km++;
        }
        ew->kmax[d] = km;
        if (km > ew->kmaxall) ew->kmaxall = km;
    }
    size_t per = (size_t)(2 * ew->kmaxall + 1) * 3;
    ew->cs = lqi_malloc_array(n * per, sizeof *ew->cs);
    ew->sn = lqi_malloc_array(n * per, sizeof *ew->sn);
    lq_status st = (ew->cs && ew->sn) ? lqi_md_ewald_setup(ew, box) : LQ_ENOMEM;
    if (st != LQ_OK) {
        lqi_md_ewald_free(ew);
        return st;
    }
    *out = ew;
    return LQ_OK;
}

void lqi_md_ewald_info(const lqi_md_ewald *ew, lq_md_kspace_info *info) {
    info->kspace = LQ_MD_KSPACE_EWALD;
    info->g_ewald_per_A = ew->g;
    double e2 = 0;
    for (int d = 0; d < 3; d++) {
        info->kmax[d] = ew->kmax[d];
        info->mesh[d] = 0;
        double e = rms_error(ew->kmax[d], ew->box[d], ew->n, ew->q2, ew->g);
        e2 += e * e;
    }
    info->order = 0;
    /* LAMMPS reports sqrt of the sum of squares of the three axis estimates over sqrt(3). */
    info->est_force_error = sqrt(e2 / 3.0);
    info->est_relative = info->est_force_error / LQ_COULOMB_EV_A;
}

double lqi_md_ewald_compute(lqi_md_ewald *ew, size_t n, const double *x, const double *q, double *f,
                            double virial[6]) {
    const int km = ew->kmaxall, stride = 2 * km + 1;
    /* cos/sin(m k1_d x_d) for m = -km..km by the angle-addition recurrence. */
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 3; d++) {
            double *c = &ew->cs[(i * 3 + (size_t)d) * (size_t)stride + (size_t)km];
            double *s = &ew->sn[(i * 3 + (size_t)d) * (size_t)stride + (size_t)km];
            double th = 2.0 * LQ_PI / ew->box[d] * x[3 * i + (size_t)d];
            double c1 = cos(th), s1 = sin(th);
            c[0] = 1.0;
            s[0] = 0.0;
            for (int m = 1; m <= ew->kmax[d]; m++) {
                c[m] = c[m - 1] * c1 - s[m - 1] * s1;
                s[m] = s[m - 1] * c1 + c[m - 1] * s1;
                c[-m] = c[m];
                s[-m] = -s[m];
            }
        }
    double energy = 0;
    double vir[6] = {0, 0, 0, 0, 0, 0};
    for (size_t k = 0; k < ew->nk; k++) {
        const int *ki = &ew->kidx[3 * k];
        double re = 0, im = 0;
        for (size_t i = 0; i < n; i++) {
            const double *c = &ew->cs[i * 3 * (size_t)stride + (size_t)km];
            const double *s = &ew->sn[i * 3 * (size_t)stride + (size_t)km];
            double cx = c[ki[0]], sx = s[ki[0]];
            double cy = c[stride + ki[1]], sy = s[stride + ki[1]];
            double cz = c[2 * stride + ki[2]], sz = s[2 * stride + ki[2]];
            double cxy = cx * cy - sx * sy, sxy = sx * cy + cx * sy;
            double cc = cxy * cz - sxy * sz, ss = sxy * cz + cxy * sz;
            re += q[i] * cc;
            im += q[i] * ss;
        }
        double s2 = re * re + im * im;
        double e = ew->ug[k] * s2;
        energy += e;
        for (int a = 0; a < 6; a++) vir[a] += e * ew->vg[6 * k + (size_t)a];
        /* F_i = sum_k 2 ug q_i k (sin(k.r_i) Re S - cos(k.r_i) Im S) */
        const double *kv = &ew->kvec[3 * k];
        for (size_t i = 0; i < n; i++) {
            const double *c = &ew->cs[i * 3 * (size_t)stride + (size_t)km];
            const double *s = &ew->sn[i * 3 * (size_t)stride + (size_t)km];
            double cx = c[ki[0]], sx = s[ki[0]];
            double cy = c[stride + ki[1]], sy = s[stride + ki[1]];
            double cz = c[2 * stride + ki[2]], sz = s[2 * stride + ki[2]];
            double cxy = cx * cy - sx * sy, sxy = sx * cy + cx * sy;
            double cc = cxy * cz - sxy * sz, ss = sxy * cz + cxy * sz;
            double fac = 2.0 * ew->ug[k] * q[i] * (ss * re - cc * im);
            f[3 * i] += fac * kv[0];
            f[3 * i + 1] += fac * kv[1];
            f[3 * i + 2] += fac * kv[2];
        }
    }
    double qsq = 0, qsum = 0;
    for (size_t i = 0; i < n; i++) {
        qsq += q[i] * q[i];
        qsum += q[i];
    }
    double v = ew->box[0] * ew->box[1] * ew->box[2];
    energy -= ew->g * qsq / sqrt(LQ_PI) + LQ_PI * qsum * qsum / (2.0 * ew->g * ew->g * v);
    for (int a = 0; a < 6; a++) virial[a] += vir[a];
    return energy;
}
