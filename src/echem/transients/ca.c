/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chronoamperometry: nucleation maximum, Scharifker-Hills comparison, automatic Cottrell region. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/units.h"

/* Logarithmic grid of candidate window edges for the Cottrell region. */
#define CA_GRID 32
/* A Cottrell window needs this many samples. */
#define CA_MIN_WINDOW 10

lq_echem_ca_options lq_echem_ca_options_default(void) {
    lq_echem_ca_options o;
    memset(&o, 0, sizeof o);
    o.max_t_over_tm = 5.0;
    o.fit_induction = 1;
    return o;
}

double lq_echem_sh_model(lq_echem_nucleation mode, double r) {
    if (!(r > 0.0) || !isfinite(r)) return (double)NAN;
    double e;
    switch (mode) {
        case LQ_ECHEM_NUCL_INSTANTANEOUS: /* Mg-La study Eq. 3 */
            e = 1.0 - exp(-LQ_ECHEM_SH_INST_B * r);
            return LQ_ECHEM_SH_INST_A / r * e * e;
        case LQ_ECHEM_NUCL_PROGRESSIVE: /* Mg-La study Eq. 4 */
            e = 1.0 - exp(-LQ_ECHEM_SH_PROG_B * r * r);
            return LQ_ECHEM_SH_PROG_A / r * e * e;
        default:
            return (double)NAN;
    }
}

/*
 * Sum of squares of y - I_m sqrt(model(tau/tm)) with I_m at its optimum for this tm. With
 * sqrt(model) = sqrt(A tm / tau) (1 - exp(-B (tau/tm)^p)) (p = 1 instantaneous, 2 progressive),
 * isq = tau^-1/2 and tp = tau^p precomputed leave one exp per point and evaluation.
 */
static double sh_sse(lq_echem_nucleation mode, const double *isq, const double *tp, const double *y,
                     size_t a, size_t b, double tm, double *im) {
    int prog = mode == LQ_ECHEM_NUCL_PROGRESSIVE;
    double A = prog ? LQ_ECHEM_SH_PROG_A : LQ_ECHEM_SH_INST_A;
    double B = prog ? LQ_ECHEM_SH_PROG_B : LQ_ECHEM_SH_INST_B;
    double c = sqrt(A * tm), k = -B / (prog ? tm * tm : tm);
    double sgy = 0.0, sgg = 0.0, syy = 0.0;
    for (size_t i = a; i < b; i++) {
        double g = c * isq[i] * (1.0 - exp(k * tp[i]));
        sgy += g * y[i];
        sgg += g * g;
        syy += y[i] * y[i];
    }
    *im = sgg > 0.0 ? sgy / sgg : 0.0;
    return syy - sgy * sgy / sgg;
}

/*
 * Least-squares t_m and I_m of one Scharifker-Hills curve. I_m is linear and solved in closed
 * form for each t_m; t_m minimises the residual over [0.5, 2] x the observed peak time by Brent's
 * method (R. P. Brent, Algorithms for Minimization without Derivatives, 1973, ch. 5: parabolic
 * interpolation through the three best points, golden-section steps when the parabola is not
 * trusted), to a relative tolerance of 1e-8 (about the best a minimum can be located in double
 * precision, sqrt(eps)); 10-20 evaluations instead of ~50 for plain golden section. Standard
 * errors from the Gauss-Newton normal matrix at the optimum with a numerical derivative in t_m.
 */
static void sh_fit(lq_echem_nucleation mode, const double *tau, const double *isq, const double *tp,
                   const double *y, size_t a, size_t b, double t_peak, double *tm_out,
                   double *im_out, double *tm_se, double *im_se) {
    const double cg = 0.3819660112501051; /* (3 - sqrt 5) / 2 */
    double lo = 0.5 * t_peak, hi = 2.0 * t_peak, im;
    double x = lo + cg * (hi - lo), w = x, v = x;
    double fx = sh_sse(mode, isq, tp, y, a, b, x, &im), fw = fx, fv = fx;
    double d = 0.0, e = 0.0;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi), tol1 = 1e-8 * fabs(x), tol2 = 2.0 * tol1;
        if (fabs(x - mid) <= tol2 - 0.5 * (hi - lo)) break;
        int golden = 1;
        if (fabs(e) > tol1) {
            double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw);
            double p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if (q > 0.0)
                p = -p;
            else
                q = -q;
            double eprev = e;
            e = d;
            if (fabs(p) < fabs(0.5 * q * eprev) && p > q * (lo - x) && p < q * (hi - x)) {
                d = p / q;
                double u = x + d;
                if (u - lo < tol2 || hi - u < tol2) d = x < mid ? tol1 : -tol1;
                golden = 0;
            }
        }
        if (golden) {
            e = x < mid ? hi - x : lo - x;
            d = cg * e;
        }
        double u = fabs(d) >= tol1 ? x + d : x + (d > 0.0 ? tol1 : -tol1);
        double fu = sh_sse(mode, isq, tp, y, a, b, u, &im);
        if (fu <= fx) {
            if (u < x)
                hi = x;
            else
                lo = x;
            v = w;
            fv = fw;
            w = x;
            fw = fx;
            x = u;
            fx = fu;
        } else {
            if (u < x)
                lo = u;
            else
                hi = u;
            /* w == x and v == x/w are identities of stored values (the start), not tolerances. */
            if (fu <= fw || w == x) {
                v = w;
                fv = fw;
                w = u;
                fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u;
                fv = fu;
            }
        }
    }
    double tm = x;
    double sse = sh_sse(mode, isq, tp, y, a, b, tm, &im);
    double h = 1e-6 * tm, jtt = 0.0, jti = 0.0, jii = 0.0;
    for (size_t i = a; i < b; i++) {
        double g = sqrt(lq_echem_sh_model(mode, tau[i] / tm));
        double dg = (sqrt(lq_echem_sh_model(mode, tau[i] / (tm + h))) -
                     sqrt(lq_echem_sh_model(mode, tau[i] / (tm - h)))) /
                    (2.0 * h);
        double jt = im * dg;
        jtt += jt * jt;
        jti += jt * g;
        jii += g * g;
    }
    double det = jtt * jii - jti * jti, s2 = (b - a > 2) ? sse / (double)(b - a - 2) : (double)NAN;
    *tm_out = tm;
    *im_out = im;
    *tm_se = det > 0.0 ? sqrt(s2 * jii / det) : (double)NAN;
    *im_se = det > 0.0 ? sqrt(s2 * jtt / det) : (double)NAN;
}

/*
 * The induction time: nucleation starts a delay t_ind after the step, and the transient is the
 * Scharifker-Hills curve in t - t_ind, zero before (B. Scharifker, G. Hills, Electrochim. Acta 28
 * (1983) 879, whose t is measured from the start of nucleation; the shift t -> t - t0 as fitted by
 * e.g. M. E. Hyde, R. G. Compton, J. Electroanal. Chem. 549 (2003) 1). With x = (tau - t_ind)/t_m,
 * I = I_m g(x), g = sqrt(A/x) (1 - exp(-B x^p)), all three (t_m, I_m, t_ind) are fitted together by
 * the library's nonlinear least squares (lqi_nlfit, Levenberg-Marquardt) from the t_ind = 0
 * optimum, with the analytic Jacobian dg/dx = -g/(2x) + sqrt(A/x) B p x^(p-1) exp(-B x^p).
 */
typedef struct ind_ctx {
    const double *tau, *y;
    size_t a, n;
    int prog;
    double t_hi; /* t_ind must stay below the observed maximum */
} ind_ctx;

static int ind_f(const double *x, void *vctx, double *r) {
    const ind_ctx *c = vctx;
    double tm = x[0], im = x[1], t0 = x[2];
    if (!(tm > 0.0) || !(t0 < c->t_hi)) return 1;
    double A = c->prog ? LQ_ECHEM_SH_PROG_A : LQ_ECHEM_SH_INST_A;
    double B = c->prog ? LQ_ECHEM_SH_PROG_B : LQ_ECHEM_SH_INST_B;
    for (size_t i = 0; i < c->n; i++) {
        double u = (c->tau[c->a + i] - t0) / tm, g = 0.0;
        if (u > 0.0) g = sqrt(A / u) * (1.0 - exp(-B * (c->prog ? u * u : u)));
        r[i] = c->y[c->a + i] - im * g;
    }
    return 0;
}

static int ind_df(const double *x, void *vctx, double *J) {
    const ind_ctx *c = vctx;
    double tm = x[0], im = x[1], t0 = x[2];
    if (!(tm > 0.0) || !(t0 < c->t_hi)) return 1;
    double A = c->prog ? LQ_ECHEM_SH_PROG_A : LQ_ECHEM_SH_INST_A;
    double B = c->prog ? LQ_ECHEM_SH_PROG_B : LQ_ECHEM_SH_INST_B;
    for (size_t i = 0; i < c->n; i++) {
        double u = (c->tau[c->a + i] - t0) / tm, g = 0.0, dg = 0.0;
        if (u > 0.0) {
            double up = c->prog ? u * u : u, E = exp(-B * up), s = sqrt(A / u);
            g = s * (1.0 - E);
            dg = -0.5 * g / u + s * B * (c->prog ? 2.0 * u : 1.0) * E;
        }
        /* r = y - I_m g(u), du/dt_m = -u / t_m, du/dt_ind = -1 / t_m */
        J[3 * i] = im * dg * u / tm;
        J[3 * i + 1] = -g;
        J[3 * i + 2] = im * dg / tm;
    }
    return 0;
}

/* Refines (t_m, I_m) of sh_fit with t_ind; returns 0 and fills the values and errors on
 * convergence, -1 when the fit fails (the caller keeps t_ind = 0 and says so). */
static int sh_fit_induction(lq_echem_nucleation mode, const double *tau, const double *y, size_t a,
                            size_t b, double t_peak, double *tm, double *im, double *tind,
                            double se[3]) {
    ind_ctx c = {tau, y, a, b - a, mode == LQ_ECHEM_NUCL_PROGRESSIVE, t_peak};
    lqi_nlfit f;
    memset(&f, 0, sizeof f);
    f.n = b - a;
    f.p = 3;
    f.f = ind_f;
    f.df = ind_df;
    f.ctx = &c;
    f.max_iter = 200;
    f.xtol = 1e-10;
    f.gtol = 1e-12;
    f.ftol = 0.0;
    f.accept_noprog = 1;
    double x[3] = {*tm, *im, 0.0};
    lqi_nlfit_result res;
    if (b - a < 4 || lqi_nlfit_solve(&f, x, se, &res) != LQ_OK || !(x[0] > 0.0)) return -1;
    *tm = x[0];
    *im = x[1];
    *tind = x[2];
    return 0;
}

/* RMS distance of (y/I_peak)^2 to the dimensionless model over tau/t_peak <= rmax. */
static double sh_rms(lq_echem_nucleation mode, const double *tau, const double *y, size_t a,
                     size_t b, double t_peak, double i_peak) {
    double s = 0.0;
    for (size_t i = a; i < b; i++) {
        double q = y[i] / i_peak, d = q * q - lq_echem_sh_model(mode, tau[i] / t_peak);
        s += d * d;
    }
    return b > a ? sqrt(s / (double)(b - a)) : (double)NAN;
}

/* Sums of a straight-line fit over a block, on shifted values to limit cancellation. */
typedef struct lsum {
    double n, u, y, uu, uy, yy;
} lsum;

/* RMS residual of the straight line through the sums; *ok is 0 when the window has no spread in
 * u or the line does not fall with time (a Cottrell decay has |I| rising with t^-1/2). */
static double window_rms(const lsum *s, int *ok) {
    double n = s->n;
    double suu = s->uu - s->u * s->u / n, suy = s->uy - s->u * s->y / n,
           syy = s->yy - s->y * s->y / n;
    *ok = suu > 0.0 && suy > 0.0;
    if (!*ok) return (double)INFINITY;
    double sse = syy - suy * suy / suu;
    return sqrt((sse > 0.0 ? sse : 0.0) / n);
}

/* RMS distance of (I/I_m)^2 to the model above which a transient fits neither model: the
 * models differ by more than this over 0.2 < t/t_m < 3 (the worst misfit of the wrong model on
 * exact data is ~0.15), plus the noise carried into (I/I_m)^2 (2 sd/I_m, twice for margin). */
#define CA_SH_RMS_MAX 0.05
/* The two models count as distinguished when the worse is this many times as far as the better. */
#define CA_SH_DECIDE 1.5

/* Flags on the nucleation fit: models undecided or both far, residuals structured, too few
 * points before the maximum, t_m at the edge of its search interval. */
static void sh_quality(lq_echem_ca_result *r, const lq_echem_ca_options *opt, const double *tau,
                       const double *y, size_t a, size_t b, size_t ip, double *scr) {
    lq_echem_quality *q = &r->sh_quality;
    double lo = fmin(r->rms_inst, r->rms_prog), hi = fmax(r->rms_inst, r->rms_prog);
    double im = fabs(r->I_m_A), lim = CA_SH_RMS_MAX + 4.0 * r->noise_A / im;
    if (lo > lim)
        lqi_echem_flag(q, LQ_ECHEM_Q_UNDECIDED,
                       "fits neither Scharifker-Hills model: RMS of (I/I_m)^2 %.3g (inst) and "
                       "%.3g (prog) both above %.3g",
                       r->rms_inst, r->rms_prog, lim);
    else if (hi < CA_SH_DECIDE * lo)
        lqi_echem_flag(q, LQ_ECHEM_Q_UNDECIDED,
                       "instantaneous and progressive within a factor %.2g in RMS (%.3g, %.3g)",
                       hi / lo, r->rms_inst, r->rms_prog);
    for (size_t i = a; i < b; i++) {
        double u = (tau[i] - r->t_ind_s) / r->t_m_s;
        scr[i] = y[i] - (u > 0.0 ? im * sqrt(lq_echem_sh_model(r->mode, u)) : 0.0);
    }
    double z = lqi_echem_runs_z(scr + a, b - a);
    if (z < LQI_ECHEM_RUNS_Z_MIN)
        lqi_echem_flag(q, LQ_ECHEM_Q_RESIDUALS,
                       "residuals of the %s fit structured (runs test z = %.1f)",
                       r->mode == LQ_ECHEM_NUCL_INSTANTANEOUS ? "instantaneous" : "progressive", z);
    if (ip - a < 20)
        lqi_echem_flag(q, LQ_ECHEM_Q_RANGE_SHORT, "%zu samples before the maximum (need 20)",
                       ip - a);
    /* t_ind + t_m is where the fitted curve peaks: it must sit near the observed maximum. */
    double tpk = r->t_m_s + r->t_ind_s;
    if (!(fabs(tpk / r->t_peak_s - 1.0) < 0.49))
        lqi_echem_flag(q, LQ_ECHEM_Q_UNPHYSICAL,
                       "fitted t_ind + t_m %.3g s at the edge of [0.5, 2] x the observed maximum",
                       tpk);
    if (r->t_ind_s < 0.0 && -r->t_ind_s > 3.0 * r->t_ind_se_s)
        lqi_echem_flag(q, LQ_ECHEM_Q_UNPHYSICAL,
                       "negative induction time %.3g +- %.2g s (nucleation before the step: "
                       "wrong step time, or a charging current in the fit range)",
                       r->t_ind_s, r->t_ind_se_s);
    if (!(r->t_m_se_s < 0.2 * r->t_m_s))
        lqi_echem_flag(q, LQ_ECHEM_Q_UNPHYSICAL, "t_m uncertain: se %.2g s of %.3g s", r->t_m_se_s,
                       r->t_m_s);
    (void)opt;
}

/*
 * D from the maximum and the nucleation density (B. Scharifker, G. Hills, Electrochim. Acta 28
 * (1983) 879, Table 1): instantaneous i_m^2 t_m = 0.1629 (z F c)^2 D and t_m = 1.2564 / (N0 pi k
 * D); progressive i_m^2 t_m = 0.2598 (z F c)^2 D and t_m^2 = 4.6733 / (A N_inf pi k' D), with
 * k = (8 pi c M / rho)^1/2, k' = 4/3 k and i the current density I / area.
 */
static void sh_physical(lq_echem_ca_result *r, const lq_echem_ca_options *opt) {
    if (!(opt->n_electrons > 0 && opt->area_m2 > 0.0 && opt->conc_mol_per_m3 > 0.0)) return;
    int prog = r->mode == LQ_ECHEM_NUCL_PROGRESSIVE;
    double jm = fabs(r->I_m_A) / opt->area_m2,
           nfc = (double)opt->n_electrons * LQ_FARADAY_C_PER_MOL * opt->conc_mol_per_m3;
    r->D_sh_m2_per_s = jm * jm * r->t_m_s / ((prog ? 0.2598 : 0.1629) * nfc * nfc);
    double ri = r->I_m_se_A / fabs(r->I_m_A), rt = r->t_m_se_s / r->t_m_s;
    r->D_sh_se = r->D_sh_m2_per_s * sqrt(4.0 * ri * ri + rt * rt);
    if (opt->molar_mass_kg_per_mol > 0.0 && opt->density_kg_per_m3 > 0.0) {
        double k = sqrt(8.0 * LQ_PI * opt->conc_mol_per_m3 * opt->molar_mass_kg_per_mol /
                        opt->density_kg_per_m3);
        double D = r->D_sh_m2_per_s, tm = r->t_m_s;
        if (prog)
            r->N_nucl = 4.6733 / (LQ_PI * (4.0 / 3.0) * k * D * tm * tm);
        else
            r->N_nucl = 1.2564 / (LQ_PI * k * D * tm);
        /* N ~ 1 / (D t_m^p) with D ~ I_m^2 t_m: N ~ I_m^-2 t_m^-(p+1). */
        double p1 = prog ? 3.0 : 2.0;
        r->N_nucl_se = r->N_nucl * sqrt(4.0 * ri * ri + p1 * p1 * rt * rt);
    }
    if (r->D_sh_m2_per_s > 1e-6 || r->D_sh_m2_per_s < 1e-14)
        lqi_echem_flag(&r->sh_quality, LQ_ECHEM_Q_UNPHYSICAL,
                       "D from the maximum %.3g m^2/s outside 1e-14..1e-6", r->D_sh_m2_per_s);
}

/* Flags on the Cottrell fit: a narrow window, a near-steady current (the t^-1/2 term small
 * against the mean, or a large intercept: spherical or convective steady state), structured
 * residuals. */
static void cottrell_quality(lq_echem_ca_result *r, const double *tau, const double *isq,
                             const double *y, size_t a, size_t b, double *scr) {
    lq_echem_quality *q = &r->cot_quality;
    const lq_echem_linfit *f = &r->cottrell;
    double mean = 0.0;
    for (size_t i = a; i < b; i++) {
        mean += y[i];
        scr[i] = y[i] - (f->a + f->b * isq[i]);
    }
    mean /= (double)(b - a);
    if (b - a < 20 || tau[b - 1] < 4.0 * tau[a])
        lqi_echem_flag(q, LQ_ECHEM_Q_RANGE_SHORT,
                       "window %.3g-%.3g s, %zu samples (need 20 and t_end/t_start >= 4)", tau[a],
                       tau[b - 1], b - a);
    double decay = f->b * (isq[a] - isq[b - 1]);
    if (!(decay > 0.3 * fabs(mean)))
        lqi_echem_flag(q, LQ_ECHEM_Q_UNPHYSICAL,
                       "current nearly steady: the t^-1/2 term changes |I| by %.3g %% of its mean "
                       "over the window (need 30 %%)",
                       100.0 * decay / fabs(mean));
    if (fabs(f->a) > 0.2 * fabs(mean) && fabs(f->a) > 3.0 * f->a_se)
        lqi_echem_flag(q, LQ_ECHEM_Q_UNPHYSICAL,
                       "intercept %.3g A is %.3g %% of the mean current (Cottrell has none: "
                       "steady-state or spherical diffusion)",
                       f->a, 100.0 * fabs(f->a) / fabs(mean));
    double z = lqi_echem_runs_z(scr + a, b - a);
    if (z < LQI_ECHEM_RUNS_Z_MIN)
        lqi_echem_flag(q, LQ_ECHEM_Q_RESIDUALS,
                       "Cottrell residuals structured (runs test z = %.1f)", z);
}

lq_status lq_echem_ca_analyse(const double *t_s, const double *I_A, size_t n,
                              const lq_echem_ca_options *opt, lq_echem_ca_result *res,
                              lq_diag *diag) {
    if (!t_s || !I_A || !opt || !res)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (!isfinite(opt->t0_s) || !(opt->max_t_over_tm > 1.0) || opt->n_electrons < 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options",
                            "need a finite t0, max t/tm > 1 and n >= 0");
    int user_win = opt->cot_t_from_s != 0.0 || opt->cot_t_to_s != 0.0;
    if (user_win && !(opt->cot_t_from_s >= 0.0 && opt->cot_t_to_s > opt->cot_t_from_s &&
                      isfinite(opt->cot_t_to_s)))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "cottrell window",
                            "need 0 <= from < to (finite), got [%g, %g] s", opt->cot_t_from_s,
                            opt->cot_t_to_s);
    if (!(opt->molar_mass_kg_per_mol >= 0.0) || !(opt->density_kg_per_m3 >= 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "options", "need M >= 0 and rho >= 0");
    lq_status st = lqi_echem_check_series(t_s, NULL, I_A, n, diag);
    if (st != LQ_OK) return st;
    size_t i0 = 0;
    while (i0 < n && !(t_s[i0] - opt->t0_s > 0.0)) i0++;
    size_t m = n - i0;
    if (m < 20)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "t",
                            "%zu samples after the step at t0 = %g s; need 20", m, opt->t0_s);
    double *buf = lqi_malloc_array(5 * m, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *tau = buf, *y = buf + m, *ys = buf + 2 * m, *scr = buf + 3 * m, *isq = buf + 4 * m;
    double sum = 0.0;
    for (size_t i = 0; i < m; i++) sum += I_A[i0 + i];
    double sgn = sum < 0.0 ? -1.0 : 1.0;
    for (size_t i = 0; i < m; i++) {
        tau[i] = t_s[i0 + i] - opt->t0_s;
        isq[i] = 1.0 / sqrt(tau[i]);
        y[i] = sgn * I_A[i0 + i];
    }
    /* A centred moving average (not Savitzky-Golay): it keeps a monotonic decay monotonic,
     * where a polynomial filter rings after a sharp charging spike and fakes a maximum. */
    size_t w = lqi_echem_auto_window(m, 0.01), h = w / 2;
    {
        double run = 0.0;
        size_t a = 0, b = 0;
        for (size_t i = 0; i < m; i++) {
            size_t na = i > h ? i - h : 0, nb = i + h + 1 < m ? i + h + 1 : m;
            while (b < nb) run += y[b++];
            while (a < na) run -= y[a++];
            ys[i] = run / (double)(b - a);
        }
    }
    lq_echem_ca_result r;
    memset(&r, 0, sizeof r);
    r.noise_A = lqi_echem_noise_sd(y, m, scr, m < 20000 ? m : 20000);
    r.D_m2_per_s = r.D_se = (double)NAN;
    r.t_ind_s = 0.0;
    r.t_ind_se_s = (double)NAN;
    r.t_m_s = r.t_m_se_s = r.I_m_A = r.I_m_se_A = r.rms_inst = r.rms_prog = (double)NAN;
    r.D_sh_m2_per_s = r.D_sh_se = r.N_nucl = r.N_nucl_se = (double)NAN;

    /* Charging decay: the smoothed current falls from the first sample; then look for a
     * nucleation maximum (Mg-La study §3.1.4: rise to a maximum, then diffusion-controlled
     * decay). */
    size_t imin = 0;
    while (imin + 1 < m && ys[imin + 1] <= ys[imin]) imin++;
    size_t ip = imin;
    for (size_t i = imin; i < m; i++)
        if (ys[i] > ys[ip]) ip = i;
    double ymax = 0.0;
    for (size_t i = 0; i < m; i++)
        if (fabs(y[i]) > ymax) ymax = fabs(y[i]);
    r.has_peak = ip > imin && ip + 1 < m && ys[ip] - ys[imin] > 3.0 * r.noise_A + 0.01 * ys[ip];
    r.t_peak_s = tau[ip];
    r.I_peak_A = sgn * ys[ip];
    r.mode = LQ_ECHEM_NUCL_NONE;
    if (r.has_peak) {
        size_t b = ip;
        while (b < m && tau[b] <= opt->max_t_over_tm * tau[ip]) b++;
        r.rms_inst = sh_rms(LQ_ECHEM_NUCL_INSTANTANEOUS, tau, y, imin, b, tau[ip], ys[ip]);
        r.rms_prog = sh_rms(LQ_ECHEM_NUCL_PROGRESSIVE, tau, y, imin, b, tau[ip], ys[ip]);
        r.mode = r.rms_inst <= r.rms_prog ? LQ_ECHEM_NUCL_INSTANTANEOUS : LQ_ECHEM_NUCL_PROGRESSIVE;
        double tm, im, tmse, imse;
        /* tau^p for the chosen model (scr is free until the Cottrell search). */
        for (size_t i = imin; i < b; i++)
            scr[i] = r.mode == LQ_ECHEM_NUCL_PROGRESSIVE ? tau[i] * tau[i] : tau[i];
        sh_fit(r.mode, tau, isq, scr, y, imin, b, tau[ip], &tm, &im, &tmse, &imse);
        r.t_ind_s = 0.0;
        r.t_ind_se_s = (double)NAN;
        if (opt->fit_induction) {
            double se[3], tind = 0.0;
            if (sh_fit_induction(r.mode, tau, y, imin, b, tau[ip], &tm, &im, &tind, se) == 0) {
                tmse = se[0];
                imse = se[1];
                r.t_ind_s = tind;
                r.t_ind_se_s = se[2];
            } else {
                lqi_echem_flag(&r.sh_quality, LQ_ECHEM_Q_UNDECIDED,
                               "induction time fit did not converge: t_m and I_m with t_ind = 0");
            }
        }
        r.t_m_s = tm;
        r.t_m_se_s = tmse;
        r.I_m_A = sgn * im;
        r.I_m_se_A = imse;
        sh_quality(&r, opt, tau, y, imin, b, ip, scr);
    }

    /* Cottrell region: windows between points of a logarithmic time grid after the maximum (or
     * the charging decay); the widest in u = t^-1/2 whose line leaves residuals within 1.5 x the
     * noise wins. Block sums make each candidate O(1). */
    /* Without a maximum the search starts at the first sample: the end of a monotonic decay
     * (imin) runs to the last samples on a clean Cottrell transient, and the window tests below
     * keep a charging spike out. */
    size_t s0 = r.has_peak ? ip : 0;
    if (m - s0 < CA_MIN_WINDOW) s0 = m > CA_MIN_WINDOW ? m - CA_MIN_WINDOW : 0;
    size_t grid[CA_GRID + 1];
    size_t ng = 0;
    double la = log(tau[s0]), lb = log(tau[m - 1]);
    for (size_t g = 0; g <= CA_GRID; g++) {
        double tg = exp(la + (lb - la) * (double)g / CA_GRID);
        size_t k = ng ? grid[ng - 1] : s0;
        while (k < m - 1 && tau[k] < tg) k++;
        if (g == CA_GRID) k = m;
        if (ng == 0 || k > grid[ng - 1]) grid[ng++] = k;
    }
    lsum blk[CA_GRID];
    double uref = 1.0 / sqrt(tau[m - 1]), yref = y[m - 1];
    for (size_t g = 0; g + 1 < ng; g++) {
        lsum s = {0, 0, 0, 0, 0, 0};
        for (size_t i = grid[g]; i < grid[g + 1]; i++) {
            double u = isq[i] - uref, v = y[i] - yref;
            s.n += 1.0;
            s.u += u;
            s.y += v;
            s.uu += u * u;
            s.uy += u * v;
            s.yy += v * v;
        }
        blk[g] = s;
    }
    double accept = 1.5 * r.noise_A + 1e-3 * ymax, best_span = -1.0;
    size_t ba = 0, bb = 0;
    /* The whole diffusion-limited range: the earliest grid start whose window runs to the end of
     * the record and passes; only when none does, the widest window anywhere (below). */
    for (size_t ga = 0; ga + 1 < ng && !(best_span > 0.0); ga++) {
        lsum s = {0, 0, 0, 0, 0, 0};
        for (size_t g = ga; g + 1 < ng; g++) {
            s.n += blk[g].n;
            s.u += blk[g].u;
            s.y += blk[g].y;
            s.uu += blk[g].uu;
            s.uy += blk[g].uy;
            s.yy += blk[g].yy;
        }
        int ok;
        if (s.n < CA_MIN_WINDOW || window_rms(&s, &ok) > accept || !ok) continue;
        /* The tail's line y = la + lb t^-1/2 from its block sums (shifted by uref, yref): the
         * cheap tests first, the O(n) runs test last (each candidate used to cost a fit and a
         * runs test over the whole tail: most of the analysis time on 10^6 points). */
        double su = s.uu - s.u * s.u / s.n, sy = s.uy - s.u * s.y / s.n;
        double tb = sy / su, ta = yref + s.y / s.n - tb * (s.u / s.n) - tb * uref;
        /* The first grid block must sit on the line within 3 standard errors of a block mean (a
         * start still bending away biases the slope long before the runs test sees it)... */
        double mb = 0.0;
        for (size_t i = grid[ga]; i < grid[ga + 1]; i++) mb += y[i] - (ta + tb * isq[i]);
        double nb = (double)(grid[ga + 1] - grid[ga]);
        if (fabs(mb / nb) > 3.0 * r.noise_A / sqrt(nb)) continue;
        /* ... and, since the RMS of a long tail hides a misfit at its start (a nucleation
         * transient not yet diffusion-limited), its residuals must pass the runs test. */
        for (size_t i = grid[ga]; i < m; i++) scr[i] = y[i] - (ta + tb * isq[i]);
        if (lqi_echem_runs_z(scr + grid[ga], m - grid[ga]) < LQI_ECHEM_RUNS_Z_MIN) continue;
        best_span = isq[grid[ga]] - isq[m - 1];
        ba = grid[ga];
        bb = m;
    }
    if (user_win) {
        ba = 0;
        while (ba < m && tau[ba] < opt->cot_t_from_s) ba++;
        bb = ba;
        while (bb < m && tau[bb] <= opt->cot_t_to_s) bb++;
        if (bb - ba < 3) {
            lqi_free(buf);
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "cottrell window",
                                "%zu samples in [%g, %g] s after t0; need 3", bb - ba,
                                opt->cot_t_from_s, opt->cot_t_to_s);
        }
        best_span = isq[ba] - isq[bb - 1];
    }
    for (size_t ga = 0; ga + 1 < ng && !(best_span > 0.0); ga++) {
        lsum s = {0, 0, 0, 0, 0, 0};
        for (size_t gb = ga + 1; gb < ng; gb++) {
            const lsum *q = &blk[gb - 1];
            s.n += q->n;
            s.u += q->u;
            s.y += q->y;
            s.uu += q->uu;
            s.uy += q->uy;
            s.yy += q->yy;
            if (s.n < CA_MIN_WINDOW) continue;
            int ok;
            double rms = window_rms(&s, &ok);
            if (!ok || rms > accept) continue;
            double span = isq[grid[ga]] - isq[grid[gb] - 1];
            if (span > best_span) {
                best_span = span;
                ba = grid[ga];
                bb = grid[gb];
            }
        }
    }
    if (!(best_span > 0.0)) {
        /* Not an error: the nucleation analysis stands; the caller sees has_cottrell = 0. */
        lqi_diag_warn(diag, NULL, 0, "I",
                      "no region where |I| falls linearly with t^-1/2 within %.3g A: no Cottrell D",
                      accept);
    } else {
        st = lq_echem_linfit_compute(isq + ba, y + ba, bb - ba, &r.cottrell);
        if (st != LQ_OK) {
            lqi_free(buf);
            return lqi_diag_set(diag, st, NULL, 0, "I", "Cottrell fit failed");
        }
        r.has_cottrell = 1;
        r.cot_start = i0 + ba;
        r.cot_end = i0 + bb;
        if (opt->n_electrons > 0 && opt->area_m2 > 0.0 && opt->conc_mol_per_m3 > 0.0) {
            /* Mg-La study Eq. 5: I = n F A C D^1/2 / (pi t)^1/2, so the slope b of I against
             * t^-1/2 gives D = pi (b / (n F A C))^2. */
            double q = r.cottrell.b / ((double)opt->n_electrons * LQ_FARADAY_C_PER_MOL *
                                       opt->area_m2 * opt->conc_mol_per_m3);
            r.D_m2_per_s = LQ_PI * q * q;
            r.D_se = 2.0 * r.D_m2_per_s * r.cottrell.b_se / fabs(r.cottrell.b);
        }
        cottrell_quality(&r, tau, isq, y, ba, bb, scr);
    }
    if (r.has_peak) sh_physical(&r, opt);
    lqi_free(buf);
    *res = r;
    return LQ_OK;
}
