/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Core numerics layer: RNG, LAPACK wrappers, linear fit, LP, element table, CSV reader. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "lq_test.h"

void test_core_rng(void);
void test_core_linalg(void);
void test_core_linfit(void);
void test_core_lp(void);
void test_core_elements(void);
void test_core_csv(void);
void test_core_nlfit(void);
void test_core_csv_rows(void);

void test_core_rng(void) {
    /* the same seed gives the same stream */
    lqi_rng a, b;
    lqi_rng_seed(&a, 42);
    lqi_rng_seed(&b, 42);
    int same = 1;
    for (int i = 0; i < 1000; i++) same &= lqi_rng_u64(&a) == lqi_rng_u64(&b);
    LQ_CHECK(same);
    /* a different seed gives a different stream */
    lqi_rng_seed(&a, 42);
    lqi_rng_seed(&b, 43);
    LQ_CHECK(lqi_rng_u64(&a) != lqi_rng_u64(&b));
    /* split streams: reproducible, different from each other and from the parent, parent not
     * advanced */
    lqi_rng p, c0, c1, c0b;
    lqi_rng_seed(&p, 7);
    lqi_rng saved = p;
    lqi_rng_split(&p, 0, &c0);
    lqi_rng_split(&p, 1, &c1);
    lqi_rng_split(&p, 0, &c0b);
    LQ_CHECK(memcmp(&p, &saved, sizeof p) == 0);
    int eq01 = 0, eq0p = 0, rep = 1;
    for (int i = 0; i < 1000; i++) {
        uint64_t x0 = lqi_rng_u64(&c0), x1 = lqi_rng_u64(&c1), xp = lqi_rng_u64(&p);
        eq01 += x0 == x1;
        eq0p += x0 == xp;
        rep &= x0 == lqi_rng_u64(&c0b);
    }
    LQ_CHECK(rep);
    LQ_CHECK(eq01 == 0 && eq0p == 0);
    /* uniform on [0, 1): mean 1/2 and variance 1/12 within 5 standard errors on 1e6 draws. The
     * standard error of the mean is sqrt(1/12 / n); of the variance sqrt((1/80 - 1/144) / n)
     * (fourth central moment of U(0,1) is 1/80). */
    const size_t n = 1000000;
    lqi_rng r;
    lqi_rng_seed(&r, 2026);
    double s = 0.0, s2 = 0.0, lo = 1.0, hi = 0.0;
    for (size_t i = 0; i < n; i++) {
        double u = lqi_rng_uniform(&r);
        s += u;
        s2 += u * u;
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    double mean = s / (double)n, var = s2 / (double)n - mean * mean;
    LQ_CHECK(lo >= 0.0 && hi < 1.0);
    LQ_CHECK_CLOSE(mean, 0.5, 0.0, 5.0 * sqrt(1.0 / 12.0 / (double)n));
    LQ_CHECK_CLOSE(var, 1.0 / 12.0, 0.0, 5.0 * sqrt((1.0 / 80.0 - 1.0 / 144.0) / (double)n));
    /* standard normal: mean 0 and variance 1 within 5 standard errors (sd of the variance
     * estimate sqrt(2 / n)) */
    s = s2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = lqi_rng_normal(&r);
        s += z;
        s2 += z * z;
    }
    mean = s / (double)n;
    var = s2 / (double)n - mean * mean;
    LQ_CHECK_CLOSE(mean, 0.0, 0.0, 5.0 / sqrt((double)n));
    LQ_CHECK_CLOSE(var, 1.0, 0.0, 5.0 * sqrt(2.0 / (double)n));
}

void test_core_linalg(void) {
    /* A x = b with x = (1, -2, 3) exactly: integer data, so LU with partial pivoting recovers x
     * to rounding (1e-14 relative) */
    double a[9] = {2, 1, -1, -3, -1, 2, -2, 1, 2};
    double x[3] = {1, -2, 3}, b[3];
    for (int i = 0; i < 3; i++) b[i] = a[3 * i] * x[0] + a[3 * i + 1] * x[1] + a[3 * i + 2] * x[2];
    double a1[9], b1[3];
    memcpy(a1, a, sizeof a);
    memcpy(b1, b, sizeof b);
    LQ_CHECK_STATUS(lqi_linsolve(a1, 3, b1, 1), LQ_OK);
    for (int i = 0; i < 3; i++) LQ_CHECK_CLOSE(b1[i], x[i], 1e-14, 1e-14);
    /* factor once, solve A x = b and A^T y = c */
    int piv[3];
    memcpy(a1, a, sizeof a);
    LQ_CHECK_STATUS(lqi_lu_factor(a1, 3, piv, 1e-13), LQ_OK);
    memcpy(b1, b, sizeof b);
    lqi_lu_solve(a1, 3, piv, 0, b1);
    for (int i = 0; i < 3; i++) LQ_CHECK_CLOSE(b1[i], x[i], 1e-14, 1e-14);
    double c[3];
    for (int i = 0; i < 3; i++) c[i] = a[i] * x[0] + a[3 + i] * x[1] + a[6 + i] * x[2];
    lqi_lu_solve(a1, 3, piv, 1, c);
    for (int i = 0; i < 3; i++) LQ_CHECK_CLOSE(c[i], x[i], 1e-14, 1e-14);
    /* both paths of the factor/solve pair (n <= 16 in linalg.c, LAPACK above): a matrix whose
     * pivots need row interchanges, A x = b and A^T x = b recovered to rounding (the condition
     * number is ~1e2, so 1e-12 is far above rounding and far below an error) */
    for (size_t nn = 9; nn <= 21; nn += 12) {
        double A[21 * 21], F[21 * 21], xb[21], bb[21], cb[21];
        int pv[21];
        for (size_t i = 0; i < nn; i++) {
            xb[i] = 1.0 + 0.25 * (double)i;
            for (size_t j = 0; j < nn; j++)
                A[i * nn + j] = sin((double)(7 * i + 3 * j + 1)) + (i == (j + 3) % nn ? 4.0 : 0.0);
        }
        for (size_t i = 0; i < nn; i++) {
            bb[i] = cb[i] = 0.0;
            for (size_t j = 0; j < nn; j++) {
                bb[i] += A[i * nn + j] * xb[j];
                cb[i] += A[j * nn + i] * xb[j];
            }
        }
        memcpy(F, A, nn * nn * sizeof *A);
        LQ_CHECK_STATUS(lqi_lu_factor(F, nn, pv, 1e-13), LQ_OK);
        lqi_lu_solve(F, nn, pv, 0, bb);
        lqi_lu_solve(F, nn, pv, 1, cb);
        for (size_t i = 0; i < nn; i++) {
            LQ_CHECK_CLOSE(bb[i], xb[i], 1e-12, 1e-12);
            LQ_CHECK_CLOSE(cb[i], xb[i], 1e-12, 1e-12);
        }
    }
    /* singular (row 3 = row 1 + row 2) */
    double s[9] = {1, 2, 3, 4, 5, 6, 5, 7, 9}, sb[3] = {1, 1, 1};
    double s1[9];
    memcpy(s1, s, sizeof s);
    LQ_CHECK_STATUS(lqi_linsolve(s1, 3, sb, 1), LQ_ESINGULAR);
    double z[4] = {1, 0, 2, 0}, zb[2] = {1, 1}; /* exactly singular: a zero column */
    LQ_CHECK_STATUS(lqi_linsolve(z, 2, zb, 1), LQ_ESINGULAR);
    memcpy(s1, s, sizeof s);
    LQ_CHECK_STATUS(lqi_lu_factor(s1, 3, piv, 1e-13), LQ_ESINGULAR);
    double nan_m[4] = {1, (double)NAN, 0, 1};
    LQ_CHECK_STATUS(lqi_lu_factor(nan_m, 2, piv, 0.0), LQ_ESINGULAR);
    LQ_CHECK_STATUS(lqi_linsolve(NULL, 3, sb, 1), LQ_EINVAL);
    LQ_CHECK_STATUS(lqi_lu_factor(s1, 0, piv, 0.0), LQ_EINVAL);
    /* least squares: overdetermined y = 1 + 2 t - 0.5 t^2 sampled exactly at 6 points */
    double m[6 * 3], y[6];
    for (int i = 0; i < 6; i++) {
        double t = (double)i * 0.5;
        m[3 * i] = 1.0;
        m[3 * i + 1] = t;
        m[3 * i + 2] = t * t;
        y[i] = 1.0 + 2.0 * t - 0.5 * t * t;
    }
    size_t rank = 0;
    LQ_CHECK_STATUS(lqi_lstsq(m, 6, 3, y, -1.0, &rank), LQ_OK);
    LQ_CHECK(rank == 3);
    LQ_CHECK_CLOSE(y[0], 1.0, 1e-12, 1e-12);
    LQ_CHECK_CLOSE(y[1], 2.0, 1e-12, 1e-12);
    LQ_CHECK_CLOSE(y[2], -0.5, 1e-12, 1e-12);
    /* rank-deficient columns (second = 2 x first): SVD reports rank 1 */
    double md[4 * 2] = {1, 2, 2, 4, 3, 6, 4, 8}, yd[4] = {1, 2, 3, 4};
    LQ_CHECK_STATUS(lqi_lstsq(md, 4, 2, yd, 1e-12, &rank), LQ_OK);
    LQ_CHECK(rank == 1);
    /* Cholesky: positive definite and indefinite */
    double spd[4] = {4, 2, 2, 3}, ind[4] = {1, 2, 2, 1};
    LQ_CHECK_STATUS(lqi_chol_factor(spd, 2, 0.0), LQ_OK);
    LQ_CHECK_STATUS(lqi_chol_factor(ind, 2, 0.0), LQ_ESINGULAR);
}

void test_core_linfit(void) {
    /* exact line: a and b to rounding, r2 = 1 */
    double x[5] = {300, 400, 500, 600, 700}, y[5];
    for (int i = 0; i < 5; i++) y[i] = -0.25 + 1.5e-3 * x[i];
    lqi_linfit_result f;
    LQ_CHECK_STATUS(lqi_linfit(x, y, NULL, 5, &f), LQ_OK);
    LQ_CHECK_CLOSE(f.a, -0.25, 1e-12, 1e-14);
    LQ_CHECK_CLOSE(f.b, 1.5e-3, 1e-12, 0);
    LQ_CHECK_CLOSE(f.r2, 1.0, 1e-12, 0);
    LQ_CHECK_CLOSE(f.r, 1.0, 1e-12, 0);
    /* standard errors by hand for y = (0, 1, 1, 3) at x = (0, 1, 2, 3): b = 0.9, a = -0.1,
     * residuals (0.1, 0.2, -0.7, 0.4), SSE = 0.7, s^2 = 0.35, Sxx = 5, se_b = sqrt(0.07),
     * se_a = sqrt(0.35 (1/4 + 2.25/5)) */
    double x2[4] = {0, 1, 2, 3}, y2[4] = {0, 1, 1, 3};
    LQ_CHECK_STATUS(lqi_linfit(x2, y2, NULL, 4, &f), LQ_OK);
    LQ_CHECK_CLOSE(f.b, 0.9, 1e-14, 0);
    LQ_CHECK_CLOSE(f.a, -0.1, 1e-13, 1e-15);
    LQ_CHECK_CLOSE(f.b_se, sqrt(0.07), 1e-13, 0);
    LQ_CHECK_CLOSE(f.a_se, sqrt(0.35 * (0.25 + 2.25 / 5.0)), 1e-13, 0);
    LQ_CHECK_CLOSE(f.cov_ab, -1.5 * 0.35 / 5.0, 1e-13, 0);
    /* weights: an integer weight equals repeating the point */
    double w[4] = {1, 2, 1, 1}, x3[5] = {0, 1, 1, 2, 3}, y3[5] = {0, 1, 1, 1, 3};
    lqi_linfit_result g;
    LQ_CHECK_STATUS(lqi_linfit(x2, y2, w, 4, &f), LQ_OK);
    LQ_CHECK_STATUS(lqi_linfit(x3, y3, NULL, 5, &g), LQ_OK);
    LQ_CHECK_CLOSE(f.a, g.a, 1e-13, 1e-15);
    LQ_CHECK_CLOSE(f.b, g.b, 1e-13, 0);
    /* errors */
    double xe[3] = {1, 1, 1};
    LQ_CHECK_STATUS(lqi_linfit(xe, y2, NULL, 3, &f), LQ_ESINGULAR);
    LQ_CHECK_STATUS(lqi_linfit(x2, y2, NULL, 1, &f), LQ_EINVAL);
    double wbad[4] = {1, 0, 1, 1};
    LQ_CHECK_STATUS(lqi_linfit(x2, y2, wbad, 4, &f), LQ_EINVAL);
}

void test_core_lp(void) {
    /* lower convex hull of (x, g) in a binary, as the hulls use the LP: points x_B at
     * 0, 0.25, 0.5, 0.75, 1 with g = 0, -1, -1.2, -0.9, 0 (slopes -4, -0.8, 1.2, 3.6: all on the
     * hull). At x_B = 0.6 the hull is the segment 0.5 - 0.75: lambda = 0.6 / 0.4,
     * g = 0.6 (-1.2) + 0.4 (-0.9) = -1.08 */
    double cols[5 * 2], cost[5] = {0, -1, -1.2, -0.9, 0};
    double xs[5] = {0, 0.25, 0.5, 0.75, 1};
    for (int j = 0; j < 5; j++) {
        cols[2 * j] = 1.0 - xs[j];
        cols[2 * j + 1] = xs[j];
    }
    lqi_lp_ws *ws = NULL;
    LQ_CHECK_STATUS(lqi_lp_ws_alloc(2, &ws), LQ_OK);
    for (int bland = 0; bland <= 1; bland++) {
        lqi_lp lp;
        memset(&lp, 0, sizeof lp);
        lp.d = 2;
        lp.nblocks = 1;
        lp.block[0] = (lqi_lp_block){cols, cost, 5};
        lp.n = 5;
        lp.bland = bland;
        lp.tol = 1e-12;
        lp.max_iter = 100;
        size_t basis[2] = {0, 4}; /* the pure elements */
        double b[2] = {0.4, 0.6}, xb[2], mu[2], v;
        LQ_CHECK_STATUS(lqi_lp_solve(&lp, b, basis, xb, mu, &v, ws), LQ_OK);
        LQ_CHECK_CLOSE(v, -1.08, 1e-14, 1e-14);
        double lam2 = basis[0] == 2 ? xb[0] : basis[1] == 2 ? xb[1] : -1.0;
        double lam3 = basis[0] == 3 ? xb[0] : basis[1] == 3 ? xb[1] : -1.0;
        LQ_CHECK_CLOSE(lam2, 0.6, 1e-14, 1e-14);
        LQ_CHECK_CLOSE(lam3, 0.4, 1e-14, 1e-14);
        /* duals: the line through (0.5, -1.2) and (0.75, -0.9) (slope 1.2): mu_A = g at x = 0
         * = -1.8, mu_B = g at x = 1 = -0.6 */
        LQ_CHECK_CLOSE(mu[0], -1.8, 1e-13, 1e-13);
        LQ_CHECK_CLOSE(mu[1], -0.6, 1e-13, 1e-13);
    }
    /* artificial columns past n (big-M start) leave and never re-enter */
    double art[4] = {1, 0, 0, 1}, artc[2] = {100, 100};
    lqi_lp lp;
    memset(&lp, 0, sizeof lp);
    lp.d = 2;
    lp.nblocks = 2;
    lp.block[0] = (lqi_lp_block){cols, cost, 5};
    lp.block[1] = (lqi_lp_block){art, artc, 2};
    lp.n = 5;
    lp.tol = 1e-12;
    lp.max_iter = 100;
    size_t basis[2] = {5, 6};
    double b[2] = {0.5, 0.5}, xb[2], mu[2], v;
    LQ_CHECK_STATUS(lqi_lp_solve(&lp, b, basis, xb, mu, &v, ws), LQ_OK);
    LQ_CHECK(basis[0] < 5 && basis[1] < 5);
    LQ_CHECK_CLOSE(v, -1.2, 1e-14, 1e-14);
    /* iteration budget: 0 pivots from a non-optimal start is LQ_ENOCONV */
    lp.max_iter = 0;
    basis[0] = 5;
    basis[1] = 6;
    LQ_CHECK_STATUS(lqi_lp_solve(&lp, b, basis, xb, mu, &v, ws), LQ_ENOCONV);
    /* a starting basis infeasible for b, and a singular one */
    lp.max_iter = 100;
    size_t same[2] = {2, 2};
    LQ_CHECK_STATUS(lqi_lp_solve(&lp, b, same, xb, mu, &v, ws), LQ_ESINGULAR);
    double bneg[2] = {-0.5, 1.5};
    size_t pure[2] = {0, 4};
    LQ_CHECK_STATUS(lqi_lp_solve(&lp, bneg, pure, xb, mu, &v, ws), LQ_EINVAL);
    lqi_lp_ws_free(ws);
    lqi_lp_ws_free(NULL);
}

void test_core_elements(void) {
    /* IUPAC 2021 abridged standard atomic weights (Prohaska et al. 2022), exact table values */
    static const struct {
        const char *sym;
        int z;
        double m;
    } want[] = {{"H", 1, 1.008},    {"Li", 3, 6.94},    {"Nd", 60, 144.24}, {"Bi", 83, 208.98},
                {"La", 57, 138.91}, {"Mg", 12, 24.305}, {"Cl", 17, 35.45},  {"Na", 11, 22.990},
                {"K", 19, 39.098},  {"O", 8, 15.999}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        lq_element e;
        LQ_CHECK_STATUS(lq_element_find(want[i].sym, &e), LQ_OK);
        LQ_CHECK(e.z == want[i].z && strcmp(e.symbol, want[i].sym) == 0);
        LQ_CHECK(e.mass_g_per_mol == want[i].m);
        lq_element f;
        LQ_CHECK_STATUS(lq_element_by_z(want[i].z, &f), LQ_OK);
        LQ_CHECK(strcmp(f.symbol, want[i].sym) == 0 && f.mass_g_per_mol == want[i].m);
    }
    /* every Z has a symbol that finds it back */
    for (int z = 1; z <= LQ_ELEMENT_MAX_Z; z++) {
        lq_element e;
        LQ_CHECK_STATUS(lq_element_by_z(z, &e), LQ_OK);
        LQ_CHECK(lq_element_z(e.symbol) == z);
    }
    lq_element e;
    LQ_CHECK_STATUS(lq_element_find("Tc", &e), LQ_OK); /* no standard atomic weight */
    LQ_CHECK(isnan(e.mass_g_per_mol) && e.z == 43);
    LQ_CHECK_STATUS(lq_element_find("Xx", &e), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_element_find("CO", &e), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_element_find(NULL, &e), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_element_by_z(0, &e), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_element_by_z(119, &e), LQ_EINVAL);
    /* labels: longest leading symbol */
    LQ_CHECK(lq_element_z("Nd3+") == 60 && lq_element_z("N1") == 7 && lq_element_z("xx") == 0);
    LQ_CHECK(lq_element_symbol(83) && strcmp(lq_element_symbol(83), "Bi") == 0);
    LQ_CHECK(lq_element_symbol(0) == NULL);
}

void test_core_csv(void) {
    /* decimal comma with ';' delimiter, comment lines, blank lines, quoted header names */
    const char *text =
        "# measured 2026\n"
        "\"T, K\";E_V\n"
        "\n"
        "  # another comment\n"
        "773,15;-1,25\n"
        "873,5;1e-3\n";
    lqi_csv r;
    lqi_csv_init(&r, text, strlen(text), "emf.csv");
    r.delims = ";";
    r.decimal_comma = 1;
    r.quotes = 1;
    LQ_CHECK(lqi_csv_next(&r) == 1);
    LQ_CHECK(r.nfield == 2 && r.lines.lineno == 2);
    char name[16];
    lqi_csv_field(&r, 0, name, sizeof name);
    LQ_CHECK(strcmp(name, "T, K") == 0);
    double v[4];
    LQ_CHECK(lqi_csv_next(&r) == 1 && r.lines.lineno == 5);
    LQ_CHECK_STATUS(lqi_csv_number(&r, 0, "T", &v[0], NULL), LQ_OK);
    LQ_CHECK_STATUS(lqi_csv_number(&r, 1, "E", &v[1], NULL), LQ_OK);
    LQ_CHECK(lqi_csv_next(&r) == 1 && r.lines.lineno == 6);
    LQ_CHECK_STATUS(lqi_csv_number(&r, 0, "T", &v[2], NULL), LQ_OK);
    LQ_CHECK_STATUS(lqi_csv_number(&r, 1, "E", &v[3], NULL), LQ_OK);
    LQ_CHECK(v[0] == 773.15 && v[1] == -1.25 && v[2] == 873.5 && v[3] == 1e-3);
    LQ_CHECK(lqi_csv_next(&r) == 0);
    /* a bad field: LQ_EPARSE naming file:line, the column name and number */
    const char *bad = "x,y\n1,2\n3,abc\n";
    lqi_csv_init(&r, bad, strlen(bad), "data.csv");
    lq_diag d;
    memset(&d, 0, sizeof d);
    LQ_CHECK(lqi_csv_next(&r) && lqi_csv_next(&r) && lqi_csv_next(&r));
    LQ_CHECK_STATUS(lqi_csv_number(&r, 1, "y", &v[0], &d), LQ_EPARSE);
    char msg[256];
    lq_diag_format(&d, msg, sizeof msg);
    LQ_CHECK(strstr(msg, "data.csv:3") != NULL && strstr(msg, "y") && strstr(msg, "abc"));
    LQ_CHECK(d.line == 3 && d.column == 2);
    /* an absent field is an error too */
    LQ_CHECK_STATUS(lqi_csv_number(&r, 5, "z", &v[0], &d), LQ_EPARSE);
    /* blank-separated with mixed delimiters and trailing comments (XRD patterns) */
    const char *xy = "10.0, 5 ! first\n11.0;\t6 # second\n";
    lqi_csv_init(&r, xy, strlen(xy), "p.xy");
    r.delims = " ,;";
    r.comment = "#!";
    r.trailing_comment = 1;
    LQ_CHECK(lqi_csv_next(&r) && r.nfield == 2);
    LQ_CHECK(lqi_csv_next(&r) && r.nfield == 2);
    LQ_CHECK_STATUS(lqi_csv_number(&r, 1, "I", &v[0], NULL), LQ_OK);
    LQ_CHECK(v[0] == 6.0);
    /* empty fields count with a single-character delimiter */
    const char *fs[8], *fe[8];
    const char *line = "1,,3,";
    LQ_CHECK(lqi_csv_split(line, line + strlen(line), ",", 0, fs, fe, 8) == 4);
    LQ_CHECK(lqi_csv_num(fs[1], fe[1], 0, &v[0]) == 1);
    /* numbers: exact fast path and the slow path agree with strtod's correctly rounded value */
    const char *nums[] = {"0.1", "-2.5e-3", "123456789012345678901", "1e-320", "nan", "+inf"};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        double fast, ref;
        LQ_CHECK(lqi_csv_num(nums[i], nums[i] + strlen(nums[i]), 0, &fast) == 0);
        LQ_CHECK(lqi_parse_double(nums[i], strlen(nums[i]), 0, &ref) == 0);
        LQ_CHECK((isnan(fast) && isnan(ref)) || fast == ref);
    }
    LQ_CHECK(lqi_csv_num("1.2.3", "1.2.3" + 5, 0, &v[0]) == -1);
    LQ_CHECK(lqi_csv_detect_delim(line, line + 5) == ',');
    /* in-place words */
    char buf[] = "  pair Na Cl\t1.0\r";
    char *w[3];
    LQ_CHECK(lqi_words(buf, w, 3) == 4);
    LQ_CHECK(strcmp(w[0], "pair") == 0 && strcmp(w[2], "Cl") == 0);
}

/* y = A exp(-k t) at 20 exact points */
typedef struct {
    const double *t, *y;
    size_t n;
} exp_data;

static int exp_f(const double *x, void *ctx, double *r) {
    const exp_data *d = ctx;
    for (size_t i = 0; i < d->n; i++) r[i] = x[0] * exp(-x[1] * d->t[i]) - d->y[i];
    return 0;
}

static int exp_df(const double *x, void *ctx, double *J) {
    const exp_data *d = ctx;
    if (!(x[1] > -10.0)) return -1; /* outside the domain: GSL rejects the step */
    for (size_t i = 0; i < d->n; i++) {
        double e = exp(-x[1] * d->t[i]);
        J[2 * i] = e;
        J[2 * i + 1] = -x[0] * d->t[i] * e;
    }
    return 0;
}

void test_core_nlfit(void) {
    double t[20], y[20];
    for (int i = 0; i < 20; i++) {
        t[i] = 0.1 * i;
        y[i] = 2.5 * exp(-1.3 * t[i]);
    }
    exp_data d = {t, y, 20};
    lqi_nlfit fit = {20, 2, exp_f, exp_df, &d, 200, 1e-12, 1e-12, 1e-14, 1};
    double x[2] = {1.0, 0.5}, se[2];
    lqi_nlfit_result r;
    LQ_CHECK_STATUS(lqi_nlfit_solve(&fit, x, se, &r), LQ_OK);
    /* exact data: recovery to the solver's tolerance */
    LQ_CHECK_CLOSE(x[0], 2.5, 1e-9, 0);
    LQ_CHECK_CLOSE(x[1], 1.3, 1e-9, 0);
    LQ_CHECK(r.chi2 < 1e-20 && r.iterations > 0 && r.reason == NULL);
    LQ_CHECK(se[0] < 1e-9 && se[1] < 1e-9);
    /* too few iterations: LQ_ENOCONV with a reason, x unchanged */
    fit.max_iter = 1;
    fit.accept_noprog = 0;
    double x2[2] = {1.0, 0.5};
    LQ_CHECK_STATUS(lqi_nlfit_solve(&fit, x2, NULL, &r), LQ_ENOCONV);
    LQ_CHECK(r.reason != NULL && x2[0] == 1.0 && x2[1] == 0.5);
    fit.p = 0;
    LQ_CHECK_STATUS(lqi_nlfit_solve(&fit, x2, NULL, &r), LQ_EINVAL);
}

/* The one-pass row parser gives the values of lqi_csv_num (itself checked against strtod here)
 * bit for bit, and hands every row it cannot read plainly back to the general path. */
void test_core_csv_rows(void) {
    static const char *const nums[] = {"1e-05",
                                       "-0.0298123456",
                                       "0.000",
                                       "-0",
                                       "12345678901234567890123",
                                       "1.5e300",
                                       "4.9e-324",
                                       "0.1",
                                       "3",
                                       "+2.5E+3",
                                       "123456789012345.678",
                                       "1e23",
                                       "7.0e-22",
                                       "9007199254740993",
                                       "0.30000000000000004"};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        const char *s = nums[i], *e = s + strlen(s), *stop = NULL;
        double a = 0.0, b = 0.0, c = strtod(s, NULL);
        LQ_CHECK(lqi_csv_num(s, e, 0, &a) == 0);
        LQ_CHECK(lqi_csv_num_at(s, e, 0, &b, &stop) == 0 && stop == e);
        LQ_CHECK(memcmp(&a, &b, sizeof a) == 0 && memcmp(&a, &c, sizeof a) == 0);
    }
    const unsigned char want[3] = {1, 0, 1};
    double v[3] = {0.0, 0.0, 0.0};
    const char *row = " 1.25 ,skip,-3e-2 ,extra";
    LQ_CHECK(lqi_csv_row_nums(row, row + strlen(row), ',', 0, want, 3, v) == 0);
    LQ_CHECK(v[0] == 1.25 && v[2] == -3e-2);
    const char *dc = "1,5;2,25";
    const unsigned char w2[2] = {1, 1};
    LQ_CHECK(lqi_csv_row_nums(dc, dc + strlen(dc), ';', 1, w2, 2, v) == 0);
    LQ_CHECK(v[0] == 1.5 && v[1] == 2.25);
    /* General path: text, an empty or missing wanted field, nan, a quoted number, a unit. An
     * unwanted field is skipped whatever it holds. */
    static const char *const bad[] = {"abc,1,2", ",1,2", "1,2", "nan,1,2", "\"1\",1,2", "1x,1,2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        LQ_CHECK(lqi_csv_row_nums(bad[i], bad[i] + strlen(bad[i]), ',', 0, want, 3, v) == -1);
    const char *skip = "1,abc,2";
    LQ_CHECK(lqi_csv_row_nums(skip, skip + strlen(skip), ',', 0, want, 3, v) == 0 && v[2] == 2.0);
    /* Tab-separated: a tab is a delimiter, not a blank. */
    const char *tb = "1\t\t2";
    LQ_CHECK(lqi_csv_row_nums(tb, tb + strlen(tb), '\t', 0, want, 3, v) == 0 && v[2] == 2.0);
}
