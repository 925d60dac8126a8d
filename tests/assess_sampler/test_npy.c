/* SPDX-License-Identifier: GPL-3.0-or-later */
/* .npy files: header layout, round trips, versions 2/3 and big-endian input, errors, NumPy. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "lq_test.h"
#include "sampler_test.h"

/* Builds a whole file in memory: prefix of `version`, the dict text, padding, data. */
static size_t build(unsigned char *buf, int version, const char *dict, const void *data,
                    size_t nbytes) {
    size_t prefix = version == 1 ? 10 : 12, len = strlen(dict);
    size_t hlen = (prefix + len + 1 + 63) / 64 * 64 - prefix;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)version;
    buf[7] = 0;
    for (size_t i = 0; i < prefix - 8; i++) buf[8 + i] = (unsigned char)(hlen >> (8 * i));
    memcpy(buf + prefix, dict, len);
    memset(buf + prefix + len, ' ', hlen - len - 1);
    buf[prefix + hlen - 1] = '\n';
    if (nbytes) memcpy(buf + prefix + hlen, data, nbytes);
    return prefix + hlen + nbytes;
}

static lq_status read_mem(const unsigned char *buf, size_t len, double **d, size_t *shape,
                          size_t *nd, lq_diag *diag) {
    *d = NULL;
    return lqi_npy_read_mem(buf, len, "mem.npy", d, shape, LQI_NPY_MAX_DIM, nd, diag);
}

void test_npy(void) {
    /* header: version 1.0, 64-byte aligned, Python's tuple spelling, ends with '\n' */
    char h[LQI_NPY_HEADER_MAX];
    size_t s3[3] = {30, 1000, 20}, s1[1] = {5};
    size_t n = lqi_npy_header_format(h, sizeof h, s3, 3);
    LQ_CHECK(n == 128 && h[6] == 1 && h[7] == 0 && h[n - 1] == '\n');
    LQ_CHECK((size_t)(unsigned char)h[8] + 256u * (unsigned char)h[9] == n - 10);
    LQ_CHECK(strstr(h + 10, "'shape': (30, 1000, 20), }") != NULL);
    LQ_CHECK(strstr(h + 10, "'descr': '<f8'") != NULL); /* x86 / arm64: little-endian hosts */
    n = lqi_npy_header_format(h, sizeof h, s1, 1);
    LQ_CHECK(n == 128 && strstr(h + 10, "'shape': (5,), }") != NULL);
    n = lqi_npy_header_format(h, sizeof h, NULL, 0);
    LQ_CHECK(n == 128 && strstr(h + 10, "'shape': (), }") != NULL);
    LQ_CHECK(lqi_npy_header_format(h, 16, s1, 1) == 0);

    /* version 2.0 and 3.0 headers, keys in another order, double quotes */
    unsigned char buf[1024];
    double v[3] = {1.5, -2.25, 1e300}, *d = NULL;
    size_t shape[LQI_NPY_MAX_DIM], nd = 0;
    lq_diag diag;
    size_t len =
        build(buf, 2, "{\"shape\": (3,), 'fortran_order': False, 'descr': '<f8'}", v, sizeof v);
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_OK);
    LQ_CHECK(d && nd == 1 && shape[0] == 3 && memcmp(d, v, sizeof v) == 0);
    lqi_free(d);
    len = build(buf, 3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }", v, sizeof v);
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_OK);
    LQ_CHECK(d && nd == 2 && shape[0] == 1 && shape[1] == 3);
    lqi_free(d);
    /* big-endian data are swapped into host order */
    unsigned char be[24];
    for (size_t i = 0; i < 3; i++) {
        unsigned char b[8];
        memcpy(b, &v[i], 8);
        for (size_t k = 0; k < 8; k++) be[i * 8 + k] = b[7 - k];
    }
    len = build(buf, 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", be, 24);
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_OK);
    LQ_CHECK(d && memcmp(d, v, sizeof v) == 0);
    lqi_free(d);
    /* 0-d array and an empty array */
    len = build(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", v, 8);
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_OK);
    LQ_CHECK(d && nd == 0 && d[0] == 1.5);
    lqi_free(d);
    len = build(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", v, 0);
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_OK);
    LQ_CHECK(nd == 2 && shape[0] == 0 && shape[1] == 4);
    lqi_free(d);

    /* float32 in both byte orders, widened exactly (1.5, -2.25, 1e-3f are float values) */
    {
        const float f[3] = {1.5f, -2.25f, 1e-3f};
        unsigned char fb[12], sw[12];
        memcpy(fb, f, 12);
        for (size_t k = 0; k < 12; k++) sw[k] = fb[k / 4 * 4 + 3 - k % 4];
        const uint16_t one = 1;
        unsigned char lo;
        memcpy(&lo, &one, 1);
        const char *host = lo ? "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
                              : "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }";
        const char *other = lo ? "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }"
                               : "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        for (int pass = 0; pass < 2; pass++) {
            len = build(buf, 1, pass ? other : host, pass ? sw : fb, 12);
            LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_OK);
            LQ_CHECK(d && nd == 1 && shape[0] == 3 && d[0] == 1.5 && d[1] == -2.25 &&
                     d[2] == (double)1e-3f);
            lqi_free(d);
        }
    }

    /* errors */
    struct {
        const char *dict;
        size_t nbytes;
        lq_status want;
    } bad[] = {
        {"{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", 6, LQ_EUNSUPPORTED},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 24, LQ_EPARSE},
        {"{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", 24, LQ_EUNSUPPORTED},
        {"{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }", 24, LQ_EUNSUPPORTED},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 16, LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 32, LQ_EPARSE},
        {"{'descr': '<f8', 'shape': (3,), }", 24, LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}", 24, LQ_EPARSE},
        {"{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (3,)}", 24, LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,-1), }", 24, LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,) } junk", 24, LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': Fals, 'shape': (3,), }", 24, LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }", 24,
         LQ_EPARSE},
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (1,2,3,4,5,6,7,8,9), }", 24, LQ_EPARSE},
    };
    unsigned char zeros[32] = {0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        len = build(buf, 1, bad[i].dict, zeros, bad[i].nbytes);
        lq_status st = read_mem(buf, len, &d, shape, &nd, &diag);
        LQ_CHECK_STATUS(st, bad[i].want);
        if (st == LQ_OK) lqi_free(d);
    }
    len = build(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", v, 24);
    buf[0] = 'x';
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_EPARSE);
    buf[0] = 0x93;
    buf[6] = 4;
    LQ_CHECK_STATUS(read_mem(buf, len, &d, shape, &nd, &diag), LQ_EUNSUPPORTED);
    buf[6] = 1;
    LQ_CHECK_STATUS(read_mem(buf, 40, &d, shape, &nd, &diag), LQ_EPARSE); /* cut header */
    LQ_CHECK_STATUS(lqi_npy_read_mem(buf, len, "m", &d, shape, 0, &nd, &diag), LQ_EPARSE);

    /* file round trip, and file errors */
    char dir[4096], path[4200];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    snprintf(path, sizeof path, "%s/a.npy", dir);
    double a[2 * 3 * 4];
    for (size_t i = 0; i < 24; i++) a[i] = sin((double)i) * 1e3;
    size_t sa[3] = {2, 3, 4};
    LQ_CHECK_STATUS(lqi_npy_write(path, a, sa, 3, &diag), LQ_OK);
    LQ_CHECK_STATUS(lqi_npy_read(path, &d, shape, 3, &nd, &diag), LQ_OK);
    LQ_CHECK(d && nd == 3 && shape[0] == 2 && shape[1] == 3 && shape[2] == 4 &&
             memcmp(d, a, sizeof a) == 0);
    lqi_free(d);
    /* in-place updates keep a valid file */
    lqi_npy_file nf;
    double z[24] = {0};
    LQ_CHECK_STATUS(lqi_npy_create(path, z, sa, 3, &nf, &diag), LQ_OK);
    LQ_CHECK_STATUS(lqi_npy_update(&nf, 5, a + 5, 7, &diag), LQ_OK);
    LQ_CHECK_STATUS(lqi_npy_update(&nf, 20, a, 5, &diag), LQ_EINVAL); /* past the end */
    LQ_CHECK_STATUS(lqi_npy_close(&nf, &diag), LQ_OK);
    LQ_CHECK_STATUS(lqi_npy_close(&nf, &diag), LQ_OK);
    LQ_CHECK_STATUS(lqi_npy_update(&nf, 0, a, 1, &diag), LQ_EINVAL); /* closed */
    LQ_CHECK_STATUS(lqi_npy_read(path, &d, shape, 3, &nd, &diag), LQ_OK);
    LQ_CHECK(d && nd == 3 && d[4] == 0.0 && memcmp(d + 5, a + 5, 7 * sizeof(double)) == 0 &&
             d[12] == 0.0);
    lqi_free(d);
    LQ_CHECK_STATUS(lqi_npy_create("/nonexistent/dir/a.npy", z, sa, 3, &nf, &diag), LQ_EWRITE);
    LQ_CHECK(nf.fd == -1);
    snprintf(path, sizeof path, "%s/missing.npy", dir);
    LQ_CHECK_STATUS(lqi_npy_read(path, &d, shape, 3, &nd, &diag), LQ_EIO);
    LQ_CHECK(strstr(diag.file, "missing.npy") != NULL);
    /* truncated and padded files */
    snprintf(path, sizeof path, "%s/cut.npy", dir);
    len = build(buf, 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", v, 24);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(buf, 1, len - 1, f);
        fclose(f);
    }
    LQ_CHECK_STATUS(lqi_npy_read(path, &d, shape, 3, &nd, &diag), LQ_EPARSE);
    f = fopen(path, "wb");
    if (f) {
        fwrite(buf, 1, len, f);
        fputc(0, f);
        fclose(f);
    }
    LQ_CHECK_STATUS(lqi_npy_read(path, &d, shape, 3, &nd, &diag), LQ_EPARSE);
    f = fopen(path, "wb");
    if (f) {
        fwrite(buf, 1, 30, f);
        fclose(f);
    }
    LQ_CHECK_STATUS(lqi_npy_read(path, &d, shape, 3, &nd, &diag), LQ_EPARSE);
    LQ_CHECK_STATUS(lqi_npy_write("/nonexistent/dir/a.npy", a, sa, 3, &diag), LQ_EWRITE);
    LQ_CHECK_STATUS(lqi_npy_write(path, NULL, sa, 3, &diag), LQ_EINVAL);
    lqt_rmdir(dir);
}

/*
 * The sampler's files as NumPy (and so ESPEI, corner, ArviZ) read them: a run cancelled after 7
 * of 12 iterations; emcee_ref.py check loads both arrays, checks shapes (walkers, iterations,
 * params) and (walkers, iterations), float64, C order, zeros after the 7 done, ESPEI's count of
 * done iterations and its restart walkers, and saves them again with np.save: those files must
 * read back here equal to the sampler's arrays.
 */
static void cancel_at_7(const lq_assess_progress *p, void *ctx) {
    if (p->iteration == 7) *(volatile sig_atomic_t *)ctx = 1;
}

void test_npy_numpy(void) {
    char dir[4096], tr[4200], lp[4200], args[8400];
    if (lqt_tmpdir(dir, sizeof dir)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    snprintf(tr, sizeof tr, "%s/check_trace.npy", dir);
    snprintf(lp, sizeof lp, "%s/check_lnprob.npy", dir);
    lq_gauss g;
    lqt_gauss5(&g);
    const double theta0[5] = {0.5, 1.5, -0.5, 2.5, 1.0};
    lq_assess_target tg = {5, lqt_gauss_lnprob, &g, NULL, 0, 1};
    lq_assess_sampler_options o = lq_assess_sampler_options_default();
    o.iterations = 12;
    o.trace_path = tr;
    o.lnprob_path = lp;
    volatile sig_atomic_t flag = 0;
    o.cancel = &flag;
    o.progress = cancel_at_7;
    o.progress_ctx = (void *)&flag;
    lq_assess_sample_result *r = NULL;
    LQ_CHECK_STATUS(lq_assess_sample(&tg, theta0, &o, &r, NULL), LQ_OK);
    LQ_CHECK(r && r->n_walkers == 10 && r->n_done == 7 && r->cancelled);
    snprintf(args, sizeof args, "check '%s' 10 12 5 7", dir);
    LQ_CHECK(lqt_python(args) == 0);
    double *a = NULL, *b = NULL;
    size_t sa[3], sb[3], na = 0, nb = 0;
    snprintf(tr, sizeof tr, "%s/check_trace_np.npy", dir);
    snprintf(lp, sizeof lp, "%s/check_lnprob_np.npy", dir);
    LQ_CHECK_STATUS(lqi_npy_read(tr, &a, sa, 3, &na, NULL), LQ_OK);
    LQ_CHECK_STATUS(lqi_npy_read(lp, &b, sb, 3, &nb, NULL), LQ_OK);
    LQ_CHECK(r && a && b && na == 3 && nb == 2 &&
             memcmp(a, r->trace, 10 * 12 * 5 * sizeof(double)) == 0 &&
             memcmp(b, r->lnprob, 10 * 12 * sizeof(double)) == 0);
    lqi_free(a);
    lqi_free(b);
    lq_assess_sample_result_free(r);
    lqt_rmdir(dir);
}
