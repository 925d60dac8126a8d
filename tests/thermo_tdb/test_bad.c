/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Malformed TDB files (tests/thermo_tdb/bad), argument errors and allocation failures. */
#include <dirent.h>
#include <stdlib.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "tt.h"

static lq_status status_by_name(const char *s) {
    if (strcmp(s, "EPARSE") == 0) return LQ_EPARSE;
    if (strcmp(s, "EUNSUPPORTED") == 0) return LQ_EUNSUPPORTED;
    return LQ_OK;
}

/* Each file bad/NAME.tdb starts with "$ expect: STATUS LINE message words". */
void test_tdb_bad_files(void) {
    char dir[1024];
    lq_test_source_path("tests/thermo_tdb/bad", dir, sizeof dir);
    DIR *dp = opendir(dir);
    LQ_CHECK(dp != NULL);
    if (!dp) return;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(dp)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".tdb") != 0) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *fp = fopen(path, "r");
        char first[512] = "", stname[32] = "", sub[400] = "";
        long line = -1;
        if (fp) {
            if (!fgets(first, sizeof first, fp)) first[0] = '\0';
            fclose(fp);
        }
        first[strcspn(first, "\n")] = '\0';
        int off = 0;
        int ok = sscanf(first, "$ expect: %31s %ld %n", stname, &line, &off) == 2 && off > 0;
        LQ_CHECK(ok);
        if (!ok) continue;
        snprintf(sub, sizeof sub, "%s", first + off);
        lq_db *db = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_db_read_file(path, &db, &d);
        char buf[1024];
        lq_diag_format(&d, buf, sizeof buf);
        int good = st == status_by_name(stname) && d.line == line && strstr(d.msg, sub) != NULL &&
                   strstr(d.file, de->d_name) != NULL && db == NULL;
        if (!good)
            fprintf(stderr, "  %s: got %s \"%s\", expected %s line %ld \"%s\"\n", de->d_name,
                    lq_status_str(st), buf, stname, line, sub);
        LQ_CHECK(good);
        lq_db_free(db);
        n++;
    }
    closedir(dp);
    fprintf(stderr, "  %d malformed files checked\n", n);
    LQ_CHECK(n >= 20);
}

void test_tdb_bad_generated(void) {
    lq_db *db = NULL;
    lq_diag d;
    /* NUL byte inside the text (file read): refused, not truncated */
    char path[] = "lq_tdb_nul_XXXXXX";
    int fd = mkstemp(path);
    LQ_CHECK(fd >= 0);
    if (fd >= 0) {
        static const char txt[] = " ELEMENT A BLANK 1 0 0 !\n FUNC\0TION X 1 1; 2 N !\n";
        FILE *fp = fdopen(fd, "wb");
        fwrite(txt, 1, sizeof txt - 1, fp);
        fclose(fp);
        LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_EPARSE);
        LQ_CHECK(d.line == 2 && strstr(d.msg, "NUL") != NULL);
        remove(path);
    }
    /* deep nesting and very long expressions: refused, no stack overflow */
    size_t big = 200000;
    char *s = malloc(big + 200);
    if (s) {
        size_t k = (size_t)sprintf(s, " FUNCTION GA 298.15 ");
        for (size_t i = 0; i < 5000; i++) s[k++] = '(';
        s[k++] = 'T';
        for (size_t i = 0; i < 5000; i++) s[k++] = ')';
        k += (size_t)sprintf(s + k, "; 6000 N !\n");
        s[k] = '\0';
        LQ_CHECK_STATUS(lq_db_read_string(s, "deep.tdb", &db, &d), LQ_EPARSE);
        LQ_CHECK(strstr(d.msg, "nested too deeply") != NULL);
        k = (size_t)sprintf(s, " FUNCTION GA 298.15 1");
        for (size_t i = 0; i < 20000; i++) k += (size_t)sprintf(s + k, "+T");
        k += (size_t)sprintf(s + k, "; 6000 N !\n");
        LQ_CHECK_STATUS(lq_db_read_string(s, "long.tdb", &db, &d), LQ_EPARSE);
        LQ_CHECK(strstr(d.msg, "too long") != NULL);
        k = (size_t)sprintf(s, " ELEMENT ");
        for (size_t i = 0; i < 300; i++) s[k++] = 'X';
        k += (size_t)sprintf(s + k, " BLANK 0 0 0 !\n");
        s[k] = '\0';
        LQ_CHECK_STATUS(lq_db_read_string(s, "name.tdb", &db, &d), LQ_EPARSE);
        LQ_CHECK(strstr(d.msg, "too long") != NULL);
        free(s);
    }
    /* arguments */
    LQ_CHECK_STATUS(lq_db_read_string(NULL, "x", &db, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_db_read_string("", "x", NULL, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_db_read_file(NULL, &db, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_db_read_file("/nonexistent/dir/x.tdb", &db, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_db_write_file(NULL, "x", &d), LQ_EINVAL);
    lq_db_free(NULL);
    LQ_CHECK(lq_db_element_count(NULL) == 0 && lq_db_phase_name(NULL, 0) == NULL);
    /* an empty text is a valid, empty database */
    LQ_CHECK_STATUS(lq_db_read_string("$ nothing\n", "empty.tdb", &db, &d), LQ_OK);
    LQ_CHECK(db && lq_db_phase_count(db) == 0);
    lq_db_free(db);
}

void test_tdb_system_errors(void) {
    lq_db *db = tt_read_source("data/tdb/BiNd.tdb");
    if (!db) return;
    lq_system *sys = NULL;
    lq_diag d;
    const char *c1[] = {"BI", "XX"}, *c2[] = {"BI", "VA"}, *c3[] = {"BI", "bi"}, *c4[] = {"BI"};
    const char *p1[] = {"LIQUID", "NOPE"}, *p2[] = {"NDBI1"}, *p3[] = {"LIQUID", "liquid"};
    LQ_CHECK_STATUS(lq_system_create(db, c1, 2, NULL, 0, &sys, &d), LQ_ENOTFOUND);
    LQ_CHECK(strstr(d.msg, "XX") != NULL);
    LQ_CHECK_STATUS(lq_system_create(db, c2, 2, NULL, 0, &sys, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_system_create(db, c3, 2, NULL, 0, &sys, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_system_create(db, c4, 1, p1, 2, &sys, &d), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_system_create(db, c4, 1, p3, 2, &sys, &d), LQ_EINVAL);
    /* NdBi cannot exist without Nd */
    LQ_CHECK_STATUS(lq_system_create(db, c4, 1, p2, 1, &sys, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "cannot exist") != NULL);
    LQ_CHECK_STATUS(lq_system_create(db, c4, 0, NULL, 0, &sys, &d), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_system_create(NULL, c4, 1, NULL, 0, &sys, &d), LQ_EINVAL);
    /* Bi alone: the phases with a Bi-only constitution (compounds need Nd) */
    LQ_CHECK_STATUS(lq_system_create(db, c4, 1, NULL, 0, &sys, &d), LQ_OK);
    LQ_CHECK(lq_system_phase_count(sys) == 4);
    size_t idx;
    LQ_CHECK_STATUS(lq_system_phase_find(sys, "NDBI1", &idx), LQ_ENOTFOUND);
    LQ_CHECK_STATUS(lq_system_phase_find(NULL, "X", &idx), LQ_EINVAL);
    lq_phase_info info;
    LQ_CHECK_STATUS(lq_system_phase_info(sys, 99, &info), LQ_EINVAL);
    LQ_CHECK(lq_system_component_count(sys) == 1 &&
             strcmp(lq_system_component_name(sys, 0), "BI") == 0 &&
             lq_system_component_name(sys, 1) == NULL);
    lq_thermo_ws *ws = NULL;
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(NULL, &ws), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_thermo_ws_alloc(sys, &ws), LQ_OK);
    double y[1] = {1.0};
    lq_phase_eval ev = {0};
    /* not set to a temperature yet */
    LQ_CHECK_STATUS(lq_phase_evaluate(ws, 0, y, LQ_EVAL_G, &ev), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, 0.0, 1e5), LQ_EDOM);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, 900.0, -1.0), LQ_EDOM);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, (double)INFINITY, 1e5), LQ_EDOM);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(NULL, 900.0, 1e5), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_thermo_ws_set_TP(ws, 900.0, 1e5), LQ_OK);
    LQ_CHECK_STATUS(lq_phase_evaluate(ws, 0, NULL, LQ_EVAL_G, &ev), LQ_EINVAL);
    lq_thermo_ws_free(ws);
    lq_thermo_ws_free(NULL);
    lq_system_free(sys);
    lq_system_free(NULL);
    /* a parameter calling an undefined function: reading warns, the system refuses */
    const char *t =
        " ELEMENT A BLANK 1 0 0 !\n PHASE X % 1 1 !\n CONST X :A: !\n"
        " PARAMETER G(X,A;0) 298.15 +GMISSING#; 6000 N !\n";
    lq_db *d2 = NULL;
    LQ_CHECK_STATUS(lq_db_read_string(t, "undef.tdb", &d2, &d), LQ_OK);
    LQ_CHECK(d.warning == 1 && strstr(d.msg, "GMISSING") != NULL && strstr(d.msg, ":4:") != NULL);
    const char *ca[] = {"A"};
    LQ_CHECK_STATUS(lq_system_create(d2, ca, 1, NULL, 0, &sys, &d), LQ_EINVAL);
    LQ_CHECK(strstr(d.msg, "GMISSING") != NULL && d.line == 4);
    lq_db_free(d2);
    lq_db_free(db);
}

/* Allocation failure at every allocation of read + system + workspace: clean status, no leak. */
void test_tdb_alloc_failures(void) {
    char path[1024];
    lq_test_source_path("data/tdb/BiNd.tdb", path, sizeof path);
    int done = 0, nomem = 0;
    for (long n = 0; n < 20000 && !done; n++) {
        lqi_alloc_fail_after(n);
        lq_db *db = NULL;
        lq_system *sys = NULL;
        lq_thermo_ws *ws = NULL;
        const char *comps[] = {"BI", "ND"};
        lq_status st = lq_db_read_file(path, &db, NULL);
        if (st == LQ_OK) st = lq_system_create(db, comps, 2, NULL, 0, &sys, NULL);
        if (st == LQ_OK) st = lq_thermo_ws_alloc(sys, &ws);
        double v;
        if (st == LQ_OK) st = lq_db_function_eval(db, "GHSERBI", 900, 1e5, &v, NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK) {
            done = 1;
        } else if (st == LQ_ENOMEM) {
            nomem++;
        } else {
            fprintf(stderr, "  allocation %ld: status %s\n", n, lq_status_str(st));
            LQ_CHECK(0);
            break;
        }
        lq_thermo_ws_free(ws);
        lq_system_free(sys);
        lq_db_free(db);
    }
    lqi_alloc_fail_after(-1);
    LQ_CHECK(done);
    LQ_CHECK(nomem > 50);
    /* the writer too */
    lq_db *db = tt_read_source("data/tdb/BiNd.tdb");
    if (!db) return;
    int wdone = 0;
    for (long n = 0; n < 200 && !wdone; n++) {
        lqi_alloc_fail_after(n);
        lq_status st = lq_db_write_file(db, "lq_tdb_alloc_out.tdb", NULL);
        lqi_alloc_fail_after(-1);
        if (st == LQ_OK)
            wdone = 1;
        else
            LQ_CHECK(st == LQ_ENOMEM || st == LQ_EIO);
    }
    LQ_CHECK(wdone);
    remove("lq_tdb_alloc_out.tdb");
    lq_db_free(db);
}
