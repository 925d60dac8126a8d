/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The held-out corpus: every public file of tests/data/tdb-corpus loads or is refused as listed. */
#include <dirent.h>
#include <stdlib.h>

#include "core/core_internal.h"
#include "liquidus/thermo.h"
#include "lq_test.h"
#include "tt.h"

/*
 * tests/data/tdb-corpus/expected.txt lists each file with its outcome, one a line:
 *   <dir/file> load
 *   <dir/file> refuse <line> <words the message must contain>
 *   <dir/file> load <line> <words>   (reads, but the system of all its elements is refused)
 * A loaded file also goes through the round trip of test_shared.c (system of all elements, G of
 * every phase at random points, written and read back). A refusal must name the file and the
 * line. Every file of the corpus folders must be listed, so that none is skipped silently.
 */
typedef struct outcome {
    char file[256];
    int refuse;
    long line;
    char words[256];
    int seen;
} outcome;

static size_t read_expected(const char *path, outcome *o, size_t max) {
    FILE *fp = fopen(path, "r");
    LQ_CHECK(fp != NULL);
    if (!fp) return 0;
    char buf[1024];
    size_t n = 0;
    while (fgets(buf, sizeof buf, fp) && n < max) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0] == '#' || buf[0] == '\0') continue;
        char kind[16] = "";
        int off = 0;
        memset(&o[n], 0, sizeof o[n]);
        if (sscanf(buf, "%255s %15s %n", o[n].file, kind, &off) < 2) {
            LQ_CHECK(0);
            continue;
        }
        if (strcmp(kind, "refuse") == 0) {
            int off2 = 0;
            o[n].refuse = 1;
            LQ_CHECK(sscanf(buf + off, "%ld %n", &o[n].line, &off2) == 1 && off2 > 0);
            snprintf(o[n].words, sizeof o[n].words, "%s", buf + off + off2);
        } else {
            LQ_CHECK(strcmp(kind, "load") == 0);
            int off2 = 0;
            if (sscanf(buf + off, "%ld %n", &o[n].line, &off2) == 1 && off2 > 0)
                snprintf(o[n].words, sizeof o[n].words, "%s", buf + off + off2);
        }
        n++;
    }
    fclose(fp);
    return n;
}

static void check_file(const char *dir, outcome *o, int *loaded, int *refused) {
    char path[1024];
    snprintf(path, sizeof path, "%.700s/%.255s", dir, o->file);
    lq_db *db = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(path, &db, &d);
    char buf[1024];
    int good;
    if (o->refuse) {
        const char *base = strrchr(o->file, '/');
        base = base ? base + 1 : o->file;
        good = st == LQ_EUNSUPPORTED && d.line == o->line && strstr(d.msg, o->words) != NULL &&
               strstr(d.file, base) != NULL && db == NULL;
        *refused += good;
    } else {
        good = st == LQ_OK && db != NULL;
        *loaded += good;
    }
    if (!good)
        fprintf(stderr, "  %s: got %s \"%s\"\n", o->file, lq_status_str(st),
                lq_diag_format(&d, buf, sizeof buf));
    LQ_CHECK(good);
    if (db && !o->refuse && o->words[0]) {
        /* the system of all elements is refused (a phase needs an undefined function) */
        const char *c[64];
        size_t nc = 0;
        for (size_t i = 0; i < lq_db_element_count(db) && nc < 64; i++) {
            const char *e = lq_db_element_name(db, i);
            if (strcmp(e, "VA") != 0 && e[0] != '/') c[nc++] = e;
        }
        lq_system *sys = NULL;
        lq_diag_clear(&d);
        st = lq_system_create(db, c, nc, NULL, 0, &sys, &d);
        good = st != LQ_OK && d.line == o->line && strstr(d.msg, o->words) != NULL;
        if (!good)
            fprintf(stderr, "  %s system: got %s \"%s\"\n", o->file, lq_status_str(st),
                    lq_diag_format(&d, buf, sizeof buf));
        LQ_CHECK(good);
        lq_system_free(sys);
    } else if (db && !o->refuse) {
        tt_round_trip(path, db);
    }
    lq_db_free(db);
}

void test_tdb_corpus(void) {
    char dir[1024], list[1100];
    lq_test_source_path("tests/data/tdb-corpus", dir, sizeof dir);
    snprintf(list, sizeof list, "%.1000s/expected.txt", dir);
    static outcome o[256];
    size_t n = read_expected(list, o, 256);
    int loaded = 0, refused = 0;
    for (size_t i = 0; i < n; i++) check_file(dir, &o[i], &loaded, &refused);
    /* every file in the corpus folders is listed */
    static const char *const sub[] = {"pycalphad", "opencalphad", "thermochimica"};
    for (size_t s = 0; s < 3; s++) {
        char sd[1200];
        snprintf(sd, sizeof sd, "%.1000s/%s", dir, sub[s]);
        DIR *dp = opendir(sd);
        LQ_CHECK(dp != NULL);
        struct dirent *de;
        while (dp && (de = readdir(dp)) != NULL) {
            if (de->d_name[0] == '.') continue;
            char rel[512];
            snprintf(rel, sizeof rel, "%s/%s", sub[s], de->d_name);
            int found = 0;
            for (size_t i = 0; i < n; i++) found |= strcmp(o[i].file, rel) == 0;
            if (!found) fprintf(stderr, "  %s is not listed in expected.txt\n", rel);
            LQ_CHECK(found);
        }
        if (dp) closedir(dp);
    }
    fprintf(stderr, "  corpus: %zu files, %d load, %d refused as expected\n", n, loaded, refused);
    LQ_CHECK(n >= 30);
}
