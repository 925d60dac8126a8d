/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every shared TDB loads or is refused with the model named; read -> write -> read keeps G. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "tt.h"

/* Expected outcome of each file of shared/data/tdb (a new file must be added here). */
static const struct {
    const char *file;
    lq_status st;
    const char *model; /* words the refusal must contain */
    long line;         /* line of the refused statement */
} expected[] = {
    {"BiNd-this-work.tdb", LQ_OK, NULL, 0},
    {"SGTE-unary1991-2010.TDB", LQ_OK, NULL, 0},
    {"agcu.TDB", LQ_OK, NULL, 0},
    {"crfe.TDB", LQ_OK, NULL, 0},
    {"FENI.TDB", LQ_OK, NULL, 0},
    {"cumg.tdb", LQ_OK, NULL, 0},
    {"alzn_mey.tdb", LQ_OK, NULL, 0},
    {"pbsn.tdb", LQ_OK, NULL, 0},
    {"crfe_bcc_magnetic.tdb", LQ_OK, NULL, 0},
    {"alni_dupin_2001.tdb", LQ_OK, NULL, 0},
    {"MgNaCl-MQMQA.TDB", LQ_OK, "", 0}, /* MQMQA (type Q): read; not written back (below) */
};

/* Largest relative G difference seen by the round-trip test (reported in the output). */
static double worst_rel = 0.0;

/* All elements except VA and /-, for a system that keeps every phase. */
static size_t all_components(const lq_db *db, const char **c, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < lq_db_element_count(db) && n < max; i++) {
        const char *e = lq_db_element_name(db, i);
        if (strcmp(e, "VA") != 0 && e[0] != '/') c[n++] = e;
    }
    return n;
}

/* random numbers of this file (seeded in test_tdb_shared_files) */
static lqi_rng test_rng;

static void random_y(const lq_phase_info *in, double *y) {
    for (size_t s = 0, k = 0; s < in->n_sublattices; s++) {
        double sum = 0.0;
        size_t k0 = k;
        for (; k < in->n_constituents && in->sublattice_of[k] == s; k++)
            sum += (y[k] = 1e-3 + lqi_rng_uniform(&test_rng));
        for (size_t q = k0; q < k; q++) y[q] /= sum;
    }
}

void tt_round_trip(const char *path, const lq_db *db) {
    char out[] = "lq_tdb_rt_XXXXXX";
    int fd = mkstemp(out);
    LQ_CHECK(fd >= 0);
    if (fd < 0) return;
    close(fd);
    lq_diag d;
    lq_status wst = lq_db_write_file(db, out, &d);
    if (wst == LQ_EUNSUPPORTED && (strstr(d.msg, "MQMQA") || strstr(d.msg, "Kohler-Toop") ||
                                   strstr(d.msg, "cannot be written as a TDB name"))) {
        /* no TDB writer for MQMQA yet; the Kohler-Toop excess of .dat QKTO and SUBM phases and
         * .dat names such as C_GRAPHITE(S) have no TDB form */
        remove(out);
        return;
    }
    LQ_CHECK_STATUS(wst, LQ_OK);
    /* lines stay within 80 columns (Thermo-Calc-era readers expect short lines) */
    FILE *fp = fopen(out, "r");
    char line[4096];
    int longest = 0;
    while (fp && fgets(line, sizeof line, fp)) {
        int l = (int)strcspn(line, "\n");
        if (l > longest) longest = l;
    }
    if (fp) fclose(fp);
    if (longest > 80) fprintf(stderr, "  %s written with a line of %d columns\n", path, longest);
    LQ_CHECK(longest <= 80);
    lq_db *back = NULL;
    lq_status st = lq_db_read_file(out, &back, &d);
    if (st) {
        char buf[1024];
        fprintf(stderr, "  re-reading %s written from %s: %s\n", out, path,
                lq_diag_format(&d, buf, sizeof buf));
    }
    LQ_CHECK_STATUS(st, LQ_OK);
    remove(out);
    if (!back) return;
    LQ_CHECK(lq_db_phase_count(back) == lq_db_phase_count(db));
    LQ_CHECK(lq_db_element_count(back) == lq_db_element_count(db));
    const char *comps[128];
    size_t nc = all_components(db, comps, 128);
    lq_system *s1 = NULL, *s2 = NULL;
    lq_status sst = lq_system_create(db, comps, nc, NULL, 0, &s1, &d);
    if (sst != LQ_OK) {
        char buf[1024];
        fprintf(stderr, "  system of all elements of %s: %s\n", path,
                lq_diag_format(&d, buf, sizeof buf));
    }
    LQ_CHECK_STATUS(sst, LQ_OK);
    LQ_CHECK_STATUS(lq_system_create(back, comps, nc, NULL, 0, &s2, NULL), LQ_OK);
    lq_thermo_ws *w1 = NULL, *w2 = NULL;
    if (s1 && s2 && lq_thermo_ws_alloc(s1, &w1) == LQ_OK && lq_thermo_ws_alloc(s2, &w2) == LQ_OK) {
        LQ_CHECK(lq_system_phase_count(s1) == lq_system_phase_count(s2));
        /* a .dat file whose only solution is a model left out (SUBM, QKTO) has no phase */
        LQ_CHECK(lq_system_phase_count(s1) > 0 || lq_db_phase_count(db) == 0);
        double *y = malloc(4096 * sizeof *y);
        for (int it = 0; it < 12 && y; it++) {
            double T = 300.0 + 2700.0 * lqi_rng_uniform(&test_rng);
            LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w1, T, 101325.0), LQ_OK);
            LQ_CHECK_STATUS(lq_thermo_ws_set_TP(w2, T, 101325.0), LQ_OK);
            for (size_t p = 0; p < lq_system_phase_count(s1); p++) {
                lq_phase_info i1, i2;
                lq_system_phase_info(s1, p, &i1);
                lq_system_phase_info(s2, p, &i2);
                LQ_CHECK(strcmp(i1.name, i2.name) == 0 && i1.n_constituents == i2.n_constituents);
                if (i1.n_constituents > 4096) continue;
                random_y(&i1, y);
                lq_phase_eval e1 = {0}, e2 = {0};
                LQ_CHECK_STATUS(lq_phase_evaluate(w1, p, y, LQ_EVAL_G, &e1), LQ_OK);
                LQ_CHECK_STATUS(lq_phase_evaluate(w2, p, y, LQ_EVAL_G, &e2), LQ_OK);
                double rel = fabs(e1.G - e2.G) / fmax(fabs(e1.G), 1.0);
                if (rel > worst_rel) worst_rel = rel;
                /* the criterion: 1e-10 relative (the writer is exact: expect 0) */
                LQ_CHECK_CLOSE(e2.G, e1.G, 1e-10, 1e-10);
            }
        }
        free(y);
    }
    lq_thermo_ws_free(w1);
    lq_thermo_ws_free(w2);
    lq_system_free(s1);
    lq_system_free(s2);
    lq_db_free(back);
}

void test_tdb_shared_files(void) {
    char readme[1024];
    if (lq_test_shared_path("data/tdb/README.md", readme, sizeof readme)) return;
    char dir[1024];
    snprintf(dir, sizeof dir, "%.*s", (int)(strlen(readme) - strlen("/README.md")), readme);
    DIR *dp = opendir(dir);
    LQ_CHECK(dp != NULL);
    if (!dp) return;
    struct dirent *de;
    int seen = 0;
    lqi_rng_seed(&test_rng, 4242);
    while ((de = readdir(dp)) != NULL) {
        const char *nm = de->d_name;
        size_t l = strlen(nm);
        if (l < 4 || lqi_strcasecmp(nm + l - 4, ".tdb") != 0) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, nm);
        int k = -1;
        for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
            if (strcmp(expected[i].file, nm) == 0) k = (int)i;
        if (k < 0) fprintf(stderr, "  new shared TDB %s: add its expected outcome\n", nm);
        LQ_CHECK(k >= 0);
        if (k < 0) continue;
        seen++;
        lq_db *db = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_db_read_file(path, &db, &d);
        char buf[1024];
        fprintf(stderr, "  %-26s %s %s\n", nm, lq_status_str(st),
                st || d.warning ? lq_diag_format(&d, buf, sizeof buf) : "");
        LQ_CHECK_STATUS(st, expected[k].st);
        if (expected[k].st == LQ_EUNSUPPORTED) {
            LQ_CHECK(strstr(d.msg, expected[k].model) != NULL);
            LQ_CHECK(d.line == expected[k].line);
            LQ_CHECK(strstr(d.file, nm) != NULL);
            LQ_CHECK(db == NULL);
        }
        if (db) tt_round_trip(path, db);
        lq_db_free(db);
    }
    closedir(dp);
    LQ_CHECK(seen == (int)(sizeof expected / sizeof expected[0]));
    fprintf(stderr, "  round trip: largest relative G difference %.3g\n", worst_rel);
}
