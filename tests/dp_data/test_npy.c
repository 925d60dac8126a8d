/* SPDX-License-Identifier: GPL-3.0-or-later */
/* deepmd/npy folders: round trip, float32 big-endian input, refusal of bad data by file/frame. */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "dp_data_test.h"
#include "lq_test.h"

int dpt_tmpdir(char *buf, size_t size) {
    snprintf(buf, size, "/tmp/lq_dp_dataXXXXXX");
    return mkdtemp(buf) ? 0 : -1;
}

void dpt_rmtree(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        unlink(dir);
        return;
    }
    struct dirent *e;
    char p[4200];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            dpt_rmtree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

int dpt_write(const char *dir, const char *name, const char *text) {
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    if (!fp) return -1;
    fputs(text, fp);
    return fclose(fp);
}

void dpt_make_system(lq_dp_system *s, size_t nf, int with_box, int with_virial) {
    memset(s, 0, sizeof *s);
    s->n_atoms = 3;
    s->n_frames = nf;
    s->n_types = 2;
    s->type_map = lqi_calloc(2, sizeof *s->type_map);
    strcpy(s->type_map[0], "Na");
    strcpy(s->type_map[1], "Cl");
    s->type = lqi_malloc(3 * sizeof(int));
    s->type[0] = 1;
    s->type[1] = 0;
    s->type[2] = 1;
    s->coord_A = lqi_malloc(nf * 9 * sizeof(double));
    s->force_eV_per_A = lqi_malloc(nf * 9 * sizeof(double));
    s->energy_eV = lqi_malloc(nf * sizeof(double));
    if (with_box) s->box_A = lqi_calloc(nf * 9, sizeof(double));
    if (with_virial) s->virial_eV = lqi_malloc(nf * 9 * sizeof(double));
    for (size_t f = 0; f < nf; f++) {
        s->energy_eV[f] = -10.0 - 0.1 * (double)f;
        for (size_t k = 0; k < 9; k++) {
            s->coord_A[9 * f + k] = 0.3 * (double)k + 0.01 * (double)f;
            s->force_eV_per_A[9 * f + k] = 0.05 * (double)k - 0.2 + 1e-3 * (double)f;
            if (with_virial) s->virial_eV[9 * f + k] = (double)(k * 7 % 5) - 1.5 + (double)f;
        }
        if (with_box) {
            s->box_A[9 * f + 0] = 10.0 + 0.1 * (double)f;
            s->box_A[9 * f + 3] = 1.0; /* triclinic: b has an x component */
            s->box_A[9 * f + 4] = 11.0;
            s->box_A[9 * f + 8] = 12.0;
        }
    }
}

static int same(const double *a, const double *b, size_t n) {
    if (!a || !b) return a == b;
    return memcmp(a, b, n * sizeof(double)) == 0;
}

void test_npy_roundtrip(void) {
    char tmp[256], dir[300];
    if (dpt_tmpdir(tmp, sizeof tmp)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    for (int variant = 0; variant < 2; variant++) {
        lq_dp_system s, r;
        dpt_make_system(&s, 7, variant == 0, variant == 0);
        snprintf(dir, sizeof dir, "%s/sys%d", tmp, variant);
        lq_diag diag;
        /* 7 frames in sets of 3: set.000 (3), set.001 (3), set.002 (1), read back in order */
        LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 3, &diag), LQ_OK);
        char p[400];
        snprintf(p, sizeof p, "%s/set.002/energy.npy", dir);
        LQ_CHECK(access(p, F_OK) == 0);
        snprintf(p, sizeof p, "%s/nopbc", dir);
        LQ_CHECK((access(p, F_OK) == 0) == (variant == 1));
        LQ_CHECK_STATUS(lq_dp_system_read(dir, &r, &diag), LQ_OK);
        LQ_CHECK(r.n_atoms == 3 && r.n_frames == 7 && r.n_types == 2);
        LQ_CHECK(!strcmp(r.type_map[0], "Na") && !strcmp(r.type_map[1], "Cl"));
        LQ_CHECK(r.type[0] == 1 && r.type[1] == 0 && r.type[2] == 1);
        /* float64 files: bit-identical values */
        LQ_CHECK(same(r.coord_A, s.coord_A, 63) && same(r.force_eV_per_A, s.force_eV_per_A, 63));
        LQ_CHECK(same(r.energy_eV, s.energy_eV, 7));
        LQ_CHECK(same(r.box_A, s.box_A, 63) && same(r.virial_eV, s.virial_eV, 63));
        LQ_CHECK(r.path && !strcmp(r.path, dir));
        lq_dp_system_free(&r);
        lq_dp_system_free(&s);
        LQ_CHECK(s.type == NULL && s.n_frames == 0);
    }
    lq_dp_system_free(NULL);
    dpt_rmtree(tmp);
}

/* A .npy file of float32 values in big-endian order ('>f4'), shape (nf, width). */
static void write_f4_be(const char *path, const double *v, size_t nf, size_t width) {
    char dict[160];
    int len =
        snprintf(dict, sizeof dict,
                 "{'descr': '>f4', 'fortran_order': False, 'shape': (%zu, %zu), }", nf, width);
    size_t hlen = ((size_t)len + 11 + 63) / 64 * 64 - 10;
    FILE *fp = fopen(path, "wb");
    if (!fp) return;
    unsigned char pre[10] = {0x93,
                             'N',
                             'U',
                             'M',
                             'P',
                             'Y',
                             1,
                             0,
                             (unsigned char)(hlen & 0xff),
                             (unsigned char)(hlen >> 8)};
    fwrite(pre, 1, 10, fp);
    fwrite(dict, 1, (size_t)len, fp);
    for (size_t i = (size_t)len; i + 1 < hlen; i++) fputc(' ', fp);
    fputc('\n', fp);
    for (size_t i = 0; i < nf * width; i++) {
        float f = (float)v[i];
        uint32_t u;
        memcpy(&u, &f, 4);
        unsigned char b[4] = {(unsigned char)(u >> 24), (unsigned char)(u >> 16),
                              (unsigned char)(u >> 8), (unsigned char)u};
        fwrite(b, 1, 4, fp);
    }
    fclose(fp);
}

void test_npy_float32_bigendian(void) {
    char tmp[256], set[300], p[400];
    if (dpt_tmpdir(tmp, sizeof tmp)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_dp_system s, r;
    dpt_make_system(&s, 4, 1, 0);
    /* no type_map.raw: names Type_0, Type_1 (dpdata's default) */
    dpt_write(tmp, "type.raw", "1 0\n1\n");
    snprintf(set, sizeof set, "%s/set.000", tmp);
    mkdir(set, 0777);
    snprintf(p, sizeof p, "%s/coord.npy", set);
    write_f4_be(p, s.coord_A, 4, 9);
    snprintf(p, sizeof p, "%s/box.npy", set);
    write_f4_be(p, s.box_A, 4, 9);
    snprintf(p, sizeof p, "%s/energy.npy", set);
    write_f4_be(p, s.energy_eV, 4, 1); /* (nf, 1): accepted like (nf,) */
    snprintf(p, sizeof p, "%s/force.npy", set);
    write_f4_be(p, s.force_eV_per_A, 4, 9);
    lq_diag diag;
    LQ_CHECK_STATUS(lq_dp_system_read(tmp, &r, &diag), LQ_OK);
    LQ_CHECK(r.n_frames == 4 && r.n_types == 2 && !strcmp(r.type_map[1], "Type_1"));
    LQ_CHECK(r.virial_eV == NULL && r.box_A != NULL);
    /* each value is the float32 nearest the double: exact after widening */
    int ok = 1;
    for (size_t i = 0; i < 36; i++)
        ok &= r.coord_A[i] == (double)(float)s.coord_A[i] &&
              r.force_eV_per_A[i] == (double)(float)s.force_eV_per_A[i] &&
              r.box_A[i] == (double)(float)s.box_A[i];
    for (size_t i = 0; i < 4; i++) ok &= r.energy_eV[i] == (double)(float)s.energy_eV[i];
    LQ_CHECK(ok);
    lq_dp_system_free(&r);
    lq_dp_system_free(&s);
    dpt_rmtree(tmp);
}

/* Writes a good system to dir, then lets `spoil` change it; reads and checks status, the file
 * named in diag and a piece of the message. */
static void expect_refusal(const char *tmp, const char *name, void (*spoil)(const char *dir),
                           lq_status want, const char *file_end, const char *msg_part) {
    char dir[400];
    snprintf(dir, sizeof dir, "%s/%s", tmp, name);
    lq_dp_system s, r;
    dpt_make_system(&s, 5, 1, 1);
    lq_diag diag;
    LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 0, &diag), LQ_OK);
    lq_dp_system_free(&s);
    spoil(dir);
    lq_diag_clear(&diag);
    memset(&r, 0, sizeof r);
    lq_status st = lq_dp_system_read(dir, &r, &diag);
    LQ_CHECK_STATUS(st, want);
    size_t lf = strlen(diag.file), le = strlen(file_end);
    int file_ok = lf >= le && !strcmp(diag.file + lf - le, file_end);
    int msg_ok = strstr(diag.msg, msg_part) != NULL;
    if (!file_ok || !msg_ok)
        fprintf(stderr, "  %s: diag %s: %s (wanted %s, '%s')\n", name, diag.file, diag.msg,
                file_end, msg_part);
    LQ_CHECK(file_ok && msg_ok);
    LQ_CHECK(r.type == NULL); /* untouched on error */
    if (st == LQ_OK) lq_dp_system_free(&r);
}

static void put(const char *dir, const char *file, const double *v, size_t nf, size_t w, int flat) {
    char p[500];
    snprintf(p, sizeof p, "%s/set.000/%s", dir, file);
    size_t shape[2] = {nf, w};
    lqi_npy_write(p, v, shape, flat ? 1 : 2, NULL);
}

static void spoil_energy_count(const char *dir) {
    double e[4] = {-1, -2, -3, -4};
    put(dir, "energy.npy", e, 4, 1, 1);
}
static void spoil_box_count(const char *dir) {
    double b[6 * 9] = {0};
    for (int f = 0; f < 6; f++) b[9 * f] = b[9 * f + 4] = b[9 * f + 8] = 10;
    put(dir, "box.npy", b, 6, 9, 0);
}
static void spoil_force_nan(const char *dir) {
    lq_dp_system s;
    dpt_make_system(&s, 5, 1, 1);
    s.force_eV_per_A[9 * 3 + 4] = (double)NAN; /* frame 3, atom 1, y */
    put(dir, "force.npy", s.force_eV_per_A, 5, 9, 0);
    lq_dp_system_free(&s);
}
static void spoil_energy_inf(const char *dir) {
    double e[5] = {-1, -2, (double)INFINITY, -4, -5};
    put(dir, "energy.npy", e, 5, 1, 1);
}
static void spoil_box_flat(const char *dir) {
    lq_dp_system s;
    dpt_make_system(&s, 5, 1, 1);
    s.box_A[9 * 1 + 8] = 0; /* frame 1: c = 0 */
    put(dir, "box.npy", s.box_A, 5, 9, 0);
    lq_dp_system_free(&s);
}
static void spoil_box_negative(const char *dir) {
    lq_dp_system s;
    dpt_make_system(&s, 5, 1, 1);
    s.box_A[9 * 4 + 8] = -12; /* frame 4: left-handed */
    put(dir, "box.npy", s.box_A, 5, 9, 0);
    lq_dp_system_free(&s);
}
static void spoil_type(const char *dir) { dpt_write(dir, "type.raw", "1\n0\n2\n"); }
static void spoil_coord_shape(const char *dir) {
    double c[5 * 6] = {0};
    put(dir, "coord.npy", c, 5, 6, 0);
}
static void spoil_virial_shape(const char *dir) {
    double v[5 * 6] = {0};
    put(dir, "virial.npy", v, 5, 6, 0);
}
static void spoil_no_force(const char *dir) {
    char p[500];
    snprintf(p, sizeof p, "%s/set.000/force.npy", dir);
    unlink(p);
}
static void spoil_int_dtype(const char *dir) {
    char p[500];
    snprintf(p, sizeof p, "%s/set.000/energy.npy", dir);
    char hd[LQI_NPY_HEADER_MAX];
    size_t shape[1] = {5};
    size_t hl = lqi_npy_header_format(hd, sizeof hd, shape, 1);
    char *f8 = strstr(hd + 10, "f8");
    if (f8) f8[0] = 'i'; /* int64: same size, a dtype the reader refuses */
    FILE *fp = fopen(p, "wb");
    if (!fp) return;
    fwrite(hd, 1, hl, fp);
    long long z[5] = {0};
    fwrite(z, 8, 5, fp);
    fclose(fp);
}

void test_npy_bad_data(void) {
    char tmp[256];
    if (dpt_tmpdir(tmp, sizeof tmp)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    expect_refusal(tmp, "ecount", spoil_energy_count, LQ_EPARSE, "set.000/energy.npy",
                   "4 frames, but coord.npy has 5 (frame 4");
    expect_refusal(tmp, "bcount", spoil_box_count, LQ_EPARSE, "set.000/box.npy",
                   "6 frames, but coord.npy has 5 (frame 5");
    expect_refusal(tmp, "fnan", spoil_force_nan, LQ_EPARSE, "set.000/force.npy",
                   "frame 3 (frame 3 of the system): force is NaN (atom 1, y)");
    expect_refusal(tmp, "einf", spoil_energy_inf, LQ_EPARSE, "set.000/energy.npy",
                   "frame 2 (frame 2 of the system): energy is infinite");
    expect_refusal(tmp, "bflat", spoil_box_flat, LQ_EPARSE, "set.000/box.npy",
                   "frame 1 (frame 1 of the system): the cell has zero volume");
    expect_refusal(tmp, "bneg", spoil_box_negative, LQ_EPARSE, "set.000/box.npy",
                   "frame 4 (frame 4 of the system): the cell has negative volume -1372.8");
    expect_refusal(tmp, "type", spoil_type, LQ_EPARSE, "type.raw",
                   "atom 2 has type 2, outside the type_map (2 names)");
    expect_refusal(tmp, "cshape", spoil_coord_shape, LQ_EPARSE, "set.000/coord.npy",
                   "shape (5, 6) where (frames, 9) was expected");
    expect_refusal(tmp, "vshape", spoil_virial_shape, LQ_EPARSE, "set.000/virial.npy",
                   "shape (5, 6) where (frames, 9) was expected");
    expect_refusal(tmp, "noforce", spoil_no_force, LQ_EIO, "set.000/force.npy", "cannot open");
    expect_refusal(tmp, "dtype", spoil_int_dtype, LQ_EUNSUPPORTED, "set.000/energy.npy", "<i8");

    /* a NaN in the second set is named by the frame in its file and in the system */
    char dir[400];
    snprintf(dir, sizeof dir, "%s/two", tmp);
    lq_dp_system s, r;
    dpt_make_system(&s, 5, 1, 0);
    lq_diag diag;
    LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 3, &diag), LQ_OK);
    s.coord_A[9 * 4 + 2] = (double)NAN;
    char p[500];
    snprintf(p, sizeof p, "%s/set.001/coord.npy", dir);
    size_t shape[2] = {2, 9};
    LQ_CHECK_STATUS(lqi_npy_write(p, s.coord_A + 27, shape, 2, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_dp_system_read(dir, &r, &diag), LQ_EPARSE);
    LQ_CHECK(strstr(diag.file, "set.001/coord.npy") &&
             strstr(diag.msg, "frame 1 (frame 4 of the system): coord is NaN (atom 0, z)"));
    /* the same system in memory is refused by the writer and by lq_dp_system_check */
    LQ_CHECK_STATUS(lq_dp_system_check(&s, &diag), LQ_EINVAL);
    LQ_CHECK(strstr(diag.msg, "frame 4") != NULL);
    snprintf(dir, sizeof dir, "%s/never", tmp);
    LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 0, &diag), LQ_EINVAL);
    LQ_CHECK(access(dir, F_OK) != 0);
    lq_dp_system_free(&s);

    /* no sets, no type.raw, bad type.raw text */
    snprintf(dir, sizeof dir, "%s/empty", tmp);
    mkdir(dir, 0777);
    LQ_CHECK_STATUS(lq_dp_system_read(dir, &r, &diag), LQ_EIO);
    dpt_write(dir, "type.raw", "0 1\n");
    LQ_CHECK_STATUS(lq_dp_system_read(dir, &r, &diag), LQ_EPARSE);
    LQ_CHECK(strstr(diag.msg, "no set.*") != NULL);
    dpt_write(dir, "type.raw", "0\n-1\n");
    LQ_CHECK_STATUS(lq_dp_system_read(dir, &r, &diag), LQ_EPARSE);
    LQ_CHECK(diag.line == 2 && strstr(diag.msg, "atom 1") != NULL);
    LQ_CHECK_STATUS(lq_dp_system_read(NULL, &r, &diag), LQ_EINVAL);
    dpt_rmtree(tmp);
}

void test_npy_write_refusals(void) {
    char tmp[256], dir[400];
    if (dpt_tmpdir(tmp, sizeof tmp)) {
        LQ_FAIL("no scratch folder");
        return;
    }
    lq_dp_system s, r;
    dpt_make_system(&s, 2, 1, 0);
    lq_diag diag;
    snprintf(dir, sizeof dir, "%s/sys", tmp);
    /* an existing empty folder is fine; a non-empty one is refused, then replaced when told */
    mkdir(dir, 0777);
    LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 0, &diag), LQ_OK);
    LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 0, &diag), LQ_EINVAL);
    LQ_CHECK(strstr(diag.msg, "not empty") != NULL);
    s.energy_eV[1] = 42.0;
    LQ_CHECK_STATUS(lq_dp_system_write_ex(dir, &s, 0, 1, &diag), LQ_OK);
    LQ_CHECK_STATUS(lq_dp_system_read(dir, &r, &diag), LQ_OK);
    LQ_CHECK(r.n_frames == 2 && r.energy_eV[1] == 42.0);
    lq_dp_system_free(&r);
    /* nothing but the system is left beside it (no temporary or old folder) */
    DIR *d = opendir(tmp);
    int entries = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) entries += e->d_name[0] != '.';
    if (d) closedir(d);
    LQ_CHECK(entries == 1);
    /* a name longer than 7 characters, a type beyond the map */
    strcpy(s.type_map[0], "Na");
    s.type[2] = 5;
    snprintf(dir, sizeof dir, "%s/bad", tmp);
    LQ_CHECK_STATUS(lq_dp_system_write(dir, &s, 0, &diag), LQ_EINVAL);
    LQ_CHECK(strstr(diag.msg, "atom 2 has type 5") != NULL);
    LQ_CHECK_STATUS(lq_dp_system_write(NULL, &s, 0, &diag), LQ_EINVAL);
    lq_dp_system_free(&s);
    /* allocation failures: every one is reported and nothing leaks (ASan) */
    dpt_make_system(&s, 3, 1, 1);
    snprintf(dir, sizeof dir, "%s/sys", tmp);
    int seen_ok = 0;
    for (long k = 0; k < 200 && !seen_ok; k++) {
        lqi_alloc_fail_after(k);
        lq_status st = lq_dp_system_read(dir, &r, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            seen_ok = 1;
            lq_dp_system_free(&r);
        } else {
            LQ_CHECK(st == LQ_ENOMEM || st == LQ_EIO);
        }
    }
    LQ_CHECK(seen_ok);
    lq_dp_system_free(&s);
    dpt_rmtree(tmp);
}
