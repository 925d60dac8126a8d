/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scratch copies of the public test files committed xz-compressed (tests/data/echem/yadg/README).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lq_test.h"
#include "test_echem_io.h"

/* yadg's EC-Lab exports of 1-2 MB, stored as <stem>.mpt.xz, with the SHA-256 of the original
 * file of yadg's tests/test_x_eclab (the README lists the same). */
const lqt_packed lqt_yadg_big[] = {
    {"bcd.issue_241", "154e642ad24fea9b67a124439c2e2b711ae25d76082081980c1ac9de3a02a8b8"},
    {"cv.issue_149", "c5ec1397a72b018a946c7523be50c1757ba976e47ee97aeb69cb61829ed4b750"},
    {"cv.issue_217", "3d28464295a891925fdd4078b5461be89406477a8159d619391babe0959c6e8f"},
    {"gcpl.issue_211", "7d18582f97bd5f7ca322dafc641771b2bf23914623f6853c93c156fb25c2b2bf"},
    {"gcpl.pr_182.1", "a97f27cd5991c552738aa4e8e8e9efc21c69478d48bff20a4219426e512ad02b"},
    {"gcpl.pr_182.2", "a7ad8f281dfd4f71db7f27243fd7f246d0fa2f2194414a7adaabbc6a9a30aeb5"},
    {"geis", "6c47b27fddf7be527be77f9e85d7248556d219167999140b04914403dd2eb07f"},
    {"mb.issue_218", "00291b332e25aae3cb08675d85597c984dba7826e085febb2a347397fbbf7ebe"},
    {"mb", "a5559b0277468fc49bd86565f68aedc4ddfe8f5635bf19eae897f9c7341b9bfa"},
    {"vsp_peis_with", "8be2a35e53f33d62f13df6c4b6f400628e253b2bc6cce3ec8cd8fe3ccde1f1cf"}};
const size_t lqt_yadg_nbig = sizeof lqt_yadg_big / sizeof lqt_yadg_big[0];

/* One scratch folder per process, removed with its files at exit. */
static char scratch[64];
static char *made[64];
static size_t nmade;

static void cleanup(void) {
    for (size_t i = 0; i < nmade; i++) {
        unlink(made[i]);
        free(made[i]);
    }
    nmade = 0;
    if (scratch[0]) rmdir(scratch);
    scratch[0] = '\0';
}

/* Output of a shell command's first line into buf; 0 on success. */
static int run_line(const char *cmd, char *buf, size_t size) {
    FILE *fp = popen(cmd, "r");
    if (!fp) return -1;
    buf[0] = '\0';
    if (!fgets(buf, (int)size, fp)) buf[0] = '\0';
    int rc = pclose(fp);
    return rc == 0 && buf[0] ? 0 : -1;
}

int lqt_unpack_yadg(size_t k, char *path, size_t size) {
    if (k >= lqt_yadg_nbig) return -1;
    const lqt_packed *p = &lqt_yadg_big[k];
    if (!scratch[0]) {
        snprintf(scratch, sizeof scratch, "/tmp/lq_echem_ioXXXXXX");
        if (!mkdtemp(scratch)) {
            scratch[0] = '\0';
            LQ_FAIL("cannot create a scratch folder for the decompressed test files");
            return -1;
        }
        atexit(cleanup);
    }
    snprintf(path, size, "%s/%s.mpt", scratch, p->stem);
    if (access(path, R_OK) == 0) return 0; /* unpacked and checked before */
    char rel[256], src[1024], cmd[2400], line[256];
    snprintf(rel, sizeof rel, "tests/data/echem/yadg/%s.mpt.xz", p->stem);
    lq_test_source_path(rel, src, sizeof src);
    /* xz (xz-utils, scripts/deps.sh) writes the original; sha256sum (coreutils) checks it. */
    snprintf(cmd, sizeof cmd, "xz -dc '%s' > '%s' && sha256sum '%s'", src, path, path);
    if (nmade < sizeof made / sizeof made[0]) {
        size_t len = strlen(path) + 1;
        made[nmade] = malloc(len);
        if (made[nmade]) memcpy(made[nmade++], path, len);
    }
    if (run_line(cmd, line, sizeof line) != 0) {
        fprintf(stderr, "  cannot decompress %s with xz (is xz-utils installed?)\n", rel);
        LQ_FAIL("xz -dc");
        unlink(path);
        return -1;
    }
    if (strncmp(line, p->sha256, 64) != 0) {
        fprintf(stderr, "  %s: SHA-256 %.64s, expected %s\n", rel, line, p->sha256);
        LQ_FAIL("SHA-256 of a decompressed test file");
        unlink(path);
        return -1;
    }
    return 0;
}
