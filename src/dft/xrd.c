/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Powder X-ray diffraction: peak list (structure factors, Lorentz-polarisation), broadened
 * profile, figures of merit against a measured pattern, reader for two-column patterns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"
#include "liquidus/core.h"
#include "liquidus/units.h"

lq_xrd_options lq_xrd_options_default(void) {
    lq_xrd_options o;
    o.lambda_A = LQ_XRD_CU_KALPHA_A;
    o.two_theta_min_deg = 0.0;
    o.two_theta_max_deg = 90.0;
    o.debye_waller_B_A2 = NULL;
    o.merge_tol_deg = 1e-5;
    o.min_rel_intensity = 1e-3;
    return o;
}

double lq_xrd_scattering_factor(int z, double s_per_A) {
    if (z < 1 || z > LQI_DFT_N_ELEMENTS || !lqi_dft_xray[z].has_xray) return (double)NAN;
    const lqi_xray_coef *e = &lqi_dft_xray[z];
    double s2 = s_per_A * s_per_A, fe = 0.0;
    for (int i = 0; i < 4; i++) fe += e->a_A[i] * exp(-e->b_A2[i] * s2);
    /* Mott-Bethe: f_x = Z - 8 pi^2 a0 s^2 f_e(s) (Doyle & Turner 1968). */
    return (double)z - LQ_XRD_MOTT_BETHE_A * s2 * fe;
}

void lq_xrd_pattern_free(lq_xrd_pattern *p) {
    if (!p) return;
    lqi_free(p->peaks);
    lqi_free(p);
}

typedef struct {
    double tt, i;
    int hkl[3];
} refl;

static int cmp_refl(const void *a, const void *b) {
    double x = ((const refl *)a)->tt, y = ((const refl *)b)->tt;
    return (x > y) - (x < y);
}

/* Preference for the representative of a peak: non-negative indices, then larger ones. */
static int better_hkl(const int a[3], const int b[3]) {
    int na = (a[0] >= 0) + (a[1] >= 0) + (a[2] >= 0), nb = (b[0] >= 0) + (b[1] >= 0) + (b[2] >= 0);
    if (na != nb) return na > nb;
    for (int k = 0; k < 3; k++)
        if (a[k] != b[k]) return a[k] > b[k];
    return 0;
}

lq_status lq_xrd_pattern_compute(const lq_structure *s, const lq_xrd_options *opt,
                                 lq_xrd_pattern **out, lq_diag *diag) {
    if (!s || !out || s->n_sites == 0) return LQ_EINVAL;
    lq_xrd_options o = opt ? *opt : lq_xrd_options_default();
    if (!(o.lambda_A > 0.0) || !(o.two_theta_min_deg >= 0.0) ||
        !(o.two_theta_max_deg > o.two_theta_min_deg) || !(o.two_theta_max_deg <= 180.0) ||
        !(o.merge_tol_deg >= 0.0) || !(o.min_rel_intensity >= 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options", "invalid XRD options");
    /* Distinct elements and their scattering factors. */
    int species[64];
    size_t nsp = 0;
    size_t *site_sp = lqi_malloc_array(s->n_sites, sizeof *site_sp);
    if (!site_sp) return LQ_ENOMEM;
    for (size_t i = 0; i < s->n_sites; i++) {
        int z = s->z[i];
        if (z < 1 || z > LQI_DFT_N_ELEMENTS || !lqi_dft_xray[z].has_xray) {
            lqi_free(site_sp);
            return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "element",
                                "no X-ray scattering coefficients for %s (Z = %d)",
                                lq_element_symbol(z) ? lq_element_symbol(z) : "?", z);
        }
        size_t k = 0;
        while (k < nsp && species[k] != z) k++;
        if (k == nsp) {
            if (nsp == 64) {
                lqi_free(site_sp);
                return LQ_EUNSUPPORTED;
            }
            species[nsp++] = z;
        }
        site_sp[i] = k;
    }
    double inv[3][3];
    if (!lqi_dft_inv3(s->lattice_A, inv)) {
        lqi_free(site_sp);
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "lattice", "singular lattice");
    }
    /* Reciprocal vectors without 2 pi: b_j = column j of L^-1, so a_i . b_j = delta_ij. */
    double b[3][3];
    for (int j = 0; j < 3; j++)
        for (int c = 0; c < 3; c++) b[j][c] = inv[c][j];
    double lam = o.lambda_A;
    double deg = LQ_PI / 180.0;
    double max_r = 2.0 * sin(o.two_theta_max_deg * deg / 2.0) / lam;
    double min_r = 2.0 * sin(o.two_theta_min_deg * deg / 2.0) / lam;
    int hmax[3];
    for (int i = 0; i < 3; i++) {
        double len =
            sqrt(s->lattice_A[i][0] * s->lattice_A[i][0] + s->lattice_A[i][1] * s->lattice_A[i][1] +
                 s->lattice_A[i][2] * s->lattice_A[i][2]);
        /* h = g . a_i, so |h| <= |g| |a_i|. */
        hmax[i] = (int)floor(max_r * len + 1e-9);
    }
    /* About (4/3) pi max_r^3 V points lie in the limiting sphere: refuse absurd requests (huge
     * cells or tiny wavelengths) instead of running for hours. */
    double n_est = 4.0 / 3.0 * LQ_PI * max_r * max_r * max_r * fabs(lq_structure_volume_A3(s)) *
                   (double)s->n_sites;
    if (!(n_est < 5e9)) {
        lqi_free(site_sp);
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "reflections",
                            "about %.3g reflection-site terms: cell or 2theta range too large",
                            n_est);
    }
    size_t cap = 256, nr = 0;
    refl *r = lqi_malloc_array(cap, sizeof *r);
    double *cw = lqi_malloc_array(s->n_sites, sizeof *cw);
    if (!r || !cw) {
        lqi_free(r);
        lqi_free(cw);
        lqi_free(site_sp);
        return LQ_ENOMEM;
    }
    double fsp[64];
    for (int h = 0; h <= hmax[0]; h++) {
        for (int k = (h == 0 ? 0 : -hmax[1]); k <= hmax[1]; k++) {
            for (int l = (h == 0 && k == 0 ? 1 : -hmax[2]); l <= hmax[2]; l++) {
                /* Only one of each Friedel pair (h,k,l) / (-h,-k,-l): equal intensities without
                 * anomalous dispersion, so it is counted twice. */
                double g[3];
                for (int c = 0; c < 3; c++) g[c] = h * b[0][c] + k * b[1][c] + l * b[2][c];
                double g2 = g[0] * g[0] + g[1] * g[1] + g[2] * g[2];
                if (g2 > max_r * max_r) continue;
                double gl = sqrt(g2);
                if (gl < min_r || gl == 0.0) continue;
                double sin_t = lam * gl / 2.0;
                if (sin_t > 1.0) continue;
                double theta = asin(sin_t);
                double s2 = gl * gl / 4.0; /* s = sin(theta)/lambda = |g|/2 */
                for (size_t q = 0; q < nsp; q++) {
                    double f = lq_xrd_scattering_factor(species[q], gl / 2.0);
                    if (o.debye_waller_B_A2) f *= exp(-o.debye_waller_B_A2[species[q]] * s2);
                    fsp[q] = f;
                }
                double re = 0.0, im = 0.0;
                for (size_t i = 0; i < s->n_sites; i++) {
                    double ph = h * s->frac[i][0] + k * s->frac[i][1] + l * s->frac[i][2];
                    ph -= floor(ph); /* exact reduction keeps the phase accurate */
                    double w = s->occupancy[i] * fsp[site_sp[i]];
                    re += w * cos(2.0 * LQ_PI * ph);
                    im += w * sin(2.0 * LQ_PI * ph);
                }
                double c2 = cos(2.0 * theta);
                /* Lorentz-polarisation factor for an unpolarised beam, no monochromator. */
                double lp = (1.0 + c2 * c2) / (sin_t * sin_t * cos(theta));
                if (nr == cap) {
                    refl *nrp = lqi_realloc(r, 2 * cap * sizeof *r);
                    if (!nrp) {
                        lqi_free(r);
                        lqi_free(cw);
                        lqi_free(site_sp);
                        return LQ_ENOMEM;
                    }
                    r = nrp;
                    cap *= 2;
                }
                r[nr].tt = 2.0 * theta / deg;
                r[nr].i = 2.0 * (re * re + im * im) * lp;
                r[nr].hkl[0] = h;
                r[nr].hkl[1] = k;
                r[nr].hkl[2] = l;
                nr++;
            }
        }
    }
    lqi_free(cw);
    lqi_free(site_sp);
    qsort(r, nr, sizeof *r, cmp_refl);
    lq_xrd_pattern *p = lqi_calloc(1, sizeof *p);
    lq_xrd_peak *pk = lqi_malloc_array(nr ? nr : 1, sizeof *pk);
    if (!p || !pk) {
        lqi_free(p);
        lqi_free(pk);
        lqi_free(r);
        return LQ_ENOMEM;
    }
    size_t np = 0;
    double imax = 0.0;
    for (size_t a = 0; a < nr;) {
        size_t e = a;
        lq_xrd_peak q;
        memset(&q, 0, sizeof q);
        q.two_theta_deg = r[a].tt;
        int best[3] = {r[a].hkl[0], r[a].hkl[1], r[a].hkl[2]};
        while (e < nr && r[e].tt - r[a].tt < o.merge_tol_deg) {
            q.intensity_abs += r[e].i;
            q.multiplicity += 2;
            int m[3] = {-r[e].hkl[0], -r[e].hkl[1], -r[e].hkl[2]};
            if (better_hkl(r[e].hkl, best)) memcpy(best, r[e].hkl, sizeof best);
            if (better_hkl(m, best)) memcpy(best, m, sizeof best);
            e++;
        }
        memcpy(q.hkl, best, sizeof best);
        q.d_A = lam / (2.0 * sin(q.two_theta_deg * deg / 2.0));
        imax = fmax(imax, q.intensity_abs);
        pk[np++] = q;
        a = e;
    }
    lqi_free(r);
    size_t kept = 0;
    for (size_t a = 0; a < np; a++) {
        pk[a].intensity = imax > 0.0 ? 100.0 * pk[a].intensity_abs / imax : 0.0;
        if (imax > 0.0 && pk[a].intensity > o.min_rel_intensity) pk[kept++] = pk[a];
    }
    p->n_peaks = kept;
    p->peaks = pk;
    *out = p;
    return LQ_OK;
}

lq_status lq_xrd_profile(const lq_xrd_pattern *p, double fwhm_deg, double eta,
                         const double *two_theta_deg, size_t n, double *y) {
    if (!p || !two_theta_deg || !y || !(fwhm_deg > 0.0) || !(eta >= 0.0 && eta <= 1.0))
        return LQ_EINVAL;
    /* Pseudo-Voigt of unit height: eta L + (1 - eta) G with the same FWHM w,
     * G = exp(-4 ln2 (x/w)^2), L = 1 / (1 + 4 (x/w)^2). */
    const double c = 4.0 * log(2.0);
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (size_t k = 0; k < p->n_peaks; k++) {
            double u = (two_theta_deg[i] - p->peaks[k].two_theta_deg) / fwhm_deg;
            double v = 0.0;
            if (eta < 1.0 && fabs(u) < 8.0) v += (1.0 - eta) * exp(-c * u * u);
            if (eta > 0.0) v += eta / (1.0 + 4.0 * u * u);
            sum += p->peaks[k].intensity * v;
        }
        y[i] = sum;
    }
    return LQ_OK;
}

lq_status lq_xrd_compare(const double *y_obs, const double *y_calc, size_t n, lq_xrd_fom *fom) {
    if (!y_obs || !y_calc || !fom || n < 2) return LQ_EINVAL;
    /* y_obs ~ s y_calc + b by linear least squares */
    lqi_linfit_result f;
    lq_status st = lqi_linfit(y_calc, y_obs, NULL, n, &f);
    if (st != LQ_OK) return st;
    double s = f.b, bg = f.a;
    double sp = 0.0, sa = 0.0, swr = 0.0, swo = 0.0;
    for (size_t i = 0; i < n; i++) {
        double yo = y_obs[i] - bg, d = yo - s * y_calc[i];
        double w = 1.0 / fmax(yo, 1.0);
        sp += fabs(d);
        sa += fabs(yo);
        swr += w * d * d;
        swo += w * yo * yo;
    }
    fom->scale = s;
    fom->background = bg;
    fom->r_p = sa > 0.0 ? sp / sa : (double)NAN;
    fom->r_wp = swo > 0.0 ? sqrt(swr / swo) : (double)NAN;
    fom->pearson = f.r;
    fom->n = n;
    return LQ_OK;
}

lq_status lq_xrd_read_measured(const char *path, double **two_theta_deg, double **intensity,
                               size_t *n, lq_diag *diag) {
    if (!path || !two_theta_deg || !intensity || !n) return LQ_EINVAL;
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    size_t cap = 1024, m = 0;
    double *x = lqi_malloc_array(cap, sizeof *x), *y = lqi_malloc_array(cap, sizeof *y);
    if (!x || !y) {
        st = LQ_ENOMEM;
        goto fail;
    }
    /* two numbers per line separated by blanks, commas, semicolons or tabs; '#' or '!' starts a
     * comment; one header line may precede the data */
    lqi_csv r;
    lqi_csv_init(&r, text, strlen(text), path);
    r.delims = " ,;";
    r.comment = "#!";
    r.trailing_comment = 1;
    int header_seen = 0;
    while (lqi_csv_next(&r)) {
        double tt, in;
        if (r.nfield < 2 || lqi_csv_num(r.fs[0], r.fe[0], 0, &tt) != 0 ||
            lqi_csv_num(r.fs[1], r.fe[1], 0, &in) != 0 || !isfinite(tt) || !isfinite(in)) {
            if (m == 0 && !header_seen) {
                header_seen = 1;
                continue;
            }
            st = lqi_diag_set(diag, LQ_EPARSE, path, r.lines.lineno, "pattern",
                              "expected two numbers (2theta_deg intensity)");
            goto fail;
        }
        if (m == cap) {
            double *nx = lqi_realloc(x, 2 * cap * sizeof *x);
            if (!nx) {
                st = LQ_ENOMEM;
                goto fail;
            }
            x = nx;
            double *ny = lqi_realloc(y, 2 * cap * sizeof *y);
            if (!ny) {
                st = LQ_ENOMEM;
                goto fail;
            }
            y = ny;
            cap *= 2;
        }
        x[m] = tt;
        y[m] = in;
        m++;
    }
    if (m < 2) {
        st =
            lqi_diag_set(diag, LQ_EPARSE, path, r.lines.lineno, "pattern", "fewer than two points");
        goto fail;
    }
    lq_free(text);
    *two_theta_deg = x;
    *intensity = y;
    *n = m;
    return LQ_OK;
fail:
    lq_free(text);
    lqi_free(x);
    lqi_free(y);
    return st;
}
