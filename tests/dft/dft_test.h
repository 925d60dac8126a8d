/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the dft tests: fixture paths and running the Python reference engines. */
#ifndef LQ_DFT_TEST_H
#define LQ_DFT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lq_test.h"

void test_dft_eos(void);
void test_dft_vasp(void);
void test_dft_structures(void);
void test_dft_substitution(void);
void test_dft_xrd(void);
void test_dft_hull(void);
void test_dft_hull_input(void);
void test_dft_ev_input(void);
void test_dft_spacegroups(void);

/* Fixture path tests/dft/data/<rel>. */
static inline const char *dft_data(const char *rel, char *buf, size_t size) {
    char tmp[256];
    snprintf(tmp, sizeof tmp, "tests/dft/data/%s", rel);
    lq_test_source_path(tmp, buf, size);
    return buf;
}

/*
 * The Python that has pymatgen and ASE: $LQ_PYTHON, else Debian's /usr/bin/python3 (the packages
 * python3-pymatgen and python3-ase install there), else python3 on PATH.
 */
static inline const char *dft_python(void) {
    const char *p = getenv("LQ_PYTHON");
    if (p && *p) return p;
    if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
    return "python3";
}

/*
 * Runs `python3 <script> <args>` and returns its whole stdout (malloc'd) or NULL after counting a
 * failure with a clear message: a missing reference engine fails the test, never skips it.
 */
static inline char *dft_run_python(const char *script_rel, const char *args) {
    char script[1024];
    char rel[256];
    snprintf(rel, sizeof rel, "tests/dft/%s", script_rel);
    lq_test_source_path(rel, script, sizeof script);
    size_t clen = strlen(script) + strlen(args) + 64;
    char *cmd = malloc(clen);
    if (!cmd) return NULL;
    snprintf(cmd, clen, "%s %s %s", dft_python(), script, args);
    FILE *fp = popen(cmd, "r");
    free(cmd);
    if (!fp) {
        fprintf(stderr, "REFERENCE ENGINE: cannot start %s\n", dft_python());
        lq_test_failed_++;
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t r;
    while (out && (r = fread(out + n, 1, cap - n - 1, fp)) > 0) {
        n += r;
        if (n + 1 >= cap) {
            char *o = realloc(out, cap * 2);
            if (!o) {
                free(out);
                out = NULL;
                break;
            }
            out = o;
            cap *= 2;
        }
    }
    int rc = pclose(fp);
    if (!out || rc != 0 || n == 0) {
        fprintf(stderr,
                "REFERENCE ENGINE FAILED: %s %s (exit %d): pymatgen and ASE are needed "
                "(Debian python3-pymatgen, python3-ase; set LQ_PYTHON to choose the interpreter)\n",
                dft_python(), script_rel, rc);
        free(out);
        lq_test_failed_++;
        return NULL;
    }
    out[n] = '\0';
    return out;
}

#endif /* LQ_DFT_TEST_H */
