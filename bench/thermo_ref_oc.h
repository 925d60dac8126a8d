/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmarks' access to the OpenCalphad reference (bench/thermo_ref_oc.sh, $LQ_OPENCALPHAD). */
#ifndef LQ_BENCH_THERMO_REF_OC_H
#define LQ_BENCH_THERMO_REF_OC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs bench/thermo_ref_oc.sh with `args` under nice and copies its output (at most n - 1 bytes,
 * NUL-terminated) to out. Returns 0 when $LQ_OPENCALPHAD names an executable and the script ran,
 * -1 when OpenCalphad is absent (out then holds the reason). */
static int lqb_opencalphad(const char *args, char *out, size_t n) {
    const char *oc = getenv("LQ_OPENCALPHAD");
    out[0] = '\0';
    if (!oc || !*oc || access(oc, X_OK) != 0) {
        snprintf(out, n, "absent (set LQ_OPENCALPHAD=/path/to/oc6P to measure it in this run)");
        return -1;
    }
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "nice bash %s/bench/thermo_ref_oc.sh %s", LQ_SOURCE_DIR, args);
    FILE *fp = popen(cmd, "r");
    if (!fp) {
        snprintf(out, n, "absent (popen of bench/thermo_ref_oc.sh failed)");
        return -1;
    }
    size_t k = fread(out, 1, n - 1, fp);
    out[k] = '\0';
    pclose(fp);
    return 0;
}

/* The number after `key` in the script's output, or -1 when missing. */
static double lqb_opencalphad_value(const char *out, const char *key) {
    const char *p = strstr(out, key);
    double v = -1.0;
    if (p && sscanf(p + strlen(key), "%lf", &v) != 1) v = -1.0;
    return v;
}

/* OpenCalphad's median CPU time (us) per converged Bi-Nd equilibrium of `tdb` (400 random points,
 * 5 runs); the script's output is left in out. Returns -1 when absent or failed. */
static double lqb_opencalphad_eq_us(const char *tdb, char *out, size_t n) {
    char args[1200];
    snprintf(args, sizeof args, "%s 400 5", tdb);
    if (lqb_opencalphad(args, out, n) != 0) return -1.0;
    return lqb_opencalphad_value(out, "opencalphad_median_us");
}

#endif
