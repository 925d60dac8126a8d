/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output groups: the members appear together on commit, and none of them when one fails. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "lq_test.h"

void test_core_outset(void);

/* Number of entries of `dir` (without . and ..); `tmps` counts the names holding ".tmp". */
static int count_files(const char *dir, int *tmps) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    *tmps = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        n++;
        if (strstr(e->d_name, ".tmp")) (*tmps)++;
    }
    closedir(d);
    return n;
}

static int exists(const char *path) { return access(path, F_OK) == 0; }

static int has_text(const char *path, const char *want) {
    char *t = NULL;
    if (lq_file_read_all(path, &t, NULL, NULL) != LQ_OK) return 0;
    int ok = strcmp(t, want) == 0;
    lq_free(t);
    return ok;
}

void test_core_outset(void) {
    char dir[] = "/tmp/lq_outset_XXXXXX";
    LQ_CHECK(mkdtemp(dir) != NULL);
    char a[512], b[512], c[512], sub[512];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.json", dir);
    snprintf(c, sizeof c, "%s/c.txt", dir);
    snprintf(sub, sizeof sub, "%s/missing/x.png", dir);
    const char *names[1] = {"T_K"};
    double row[1] = {973.15};
    int tmps = 0;

    /* Commit renames all members; before it, only temporaries exist. */
    lq_outset *s = NULL;
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    lq_outset *s2 = NULL;
    LQ_CHECK_STATUS(lq_outset_begin(&s2, NULL), LQ_EINVAL); /* groups do not nest */
    lq_csv *csv = NULL;
    LQ_CHECK_STATUS(lq_csv_open(a, names, 1, NULL, &csv, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_row(csv, row, 1), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_close(csv, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(b, "{}\n", 3, NULL), LQ_OK);
    LQ_CHECK(!exists(a) && !exists(b));
    LQ_CHECK(count_files(dir, &tmps) == 2 && tmps == 2);
    LQ_CHECK(lq_outset_count(s) == 2);
    LQ_CHECK_STATUS(lq_outset_commit(s, NULL), LQ_OK);
    LQ_CHECK(has_text(a, "T_K\n973.14999999999998\n"));
    LQ_CHECK(has_text(b, "{}\n"));
    LQ_CHECK(count_files(dir, &tmps) == 2 && tmps == 0);

    /* With no group current, a commit renames at once (the group ended). */
    LQ_CHECK_STATUS(lq_file_write_atomic(c, "old\n", 4, NULL), LQ_OK);
    LQ_CHECK(has_text(c, "old\n"));

    /* A member that cannot be created: commit renames none, removes all temporaries, and the
     * files from before keep their contents. */
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(a, "new a\n", 6, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(c, "new c\n", 6, NULL), LQ_OK);
    lq_diag d;
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_file_write_atomic(sub, "x", 1, &d), LQ_EWRITE);
    lq_diag_clear(&d);
    LQ_CHECK_STATUS(lq_outset_commit(s, &d), LQ_EWRITE);
    LQ_CHECK(strstr(d.file, "missing/x.png") != NULL);
    LQ_CHECK(has_text(a, "T_K\n973.14999999999998\n") && has_text(c, "old\n"));
    LQ_CHECK(count_files(dir, &tmps) == 3 && tmps == 0);

    /* A member aborted (its writer gave up) fails the group the same way; a member with a write
     * error too (a file on /dev/full, when the system has one). */
    unlink(c);
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(c, "c\n", 2, NULL), LQ_OK);
    lq_outfile *of = NULL;
    LQ_CHECK_STATUS(lq_outfile_open(b, &of, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_outfile_write(of, "half", 4), LQ_OK);
    lq_outfile_abort(of);
    LQ_CHECK_STATUS(lq_outset_commit(s, NULL), LQ_EWRITE);
    LQ_CHECK(!exists(c) && has_text(b, "{}\n"));
    LQ_CHECK(count_files(dir, &tmps) == 2 && tmps == 0);

    /* Abort leaves nothing: no new file, no temporary. */
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(c, "c\n", 2, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_open(a, names, 1, NULL, &csv, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_close(csv, NULL), LQ_OK);
    lq_outset_abort(s);
    LQ_CHECK(!exists(c) && has_text(a, "T_K\n973.14999999999998\n"));
    LQ_CHECK(count_files(dir, &tmps) == 2 && tmps == 0);
    lq_outset_abort(NULL);
    LQ_CHECK_STATUS(lq_outset_commit(NULL, NULL), LQ_EINVAL);

    /* A member whose target is a directory is found before any rename: none is renamed. */
    char dsub[512];
    snprintf(dsub, sizeof dsub, "%s/d.png", dir);
    LQ_CHECK(mkdir(dsub, 0755) == 0);
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(c, "c\n", 2, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_file_write_atomic(dsub, "png", 3, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_outset_commit(s, &d), LQ_EWRITE);
    LQ_CHECK(!exists(c));
    LQ_CHECK(count_files(dir, &tmps) == 3 && tmps == 0);
    rmdir(dsub);

    /* An outfile opened inside a group but committed after the group ended is renamed at once. */
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    LQ_CHECK_STATUS(lq_outfile_open(c, &of, NULL), LQ_OK);
    lq_outset_abort(s);
    LQ_CHECK_STATUS(lq_outfile_write(of, "late\n", 5), LQ_OK);
    LQ_CHECK_STATUS(lq_outfile_commit(of, NULL), LQ_OK);
    LQ_CHECK(has_text(c, "late\n"));

    /* Out of memory while beginning is reported, and leaves no group current. */
    lqi_alloc_fail_after(0);
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_ENOMEM);
    lqi_alloc_fail_after(-1);
    LQ_CHECK_STATUS(lq_outset_begin(&s, NULL), LQ_OK);
    lq_outset_abort(s);

    unlink(a);
    unlink(b);
    unlink(c);
    LQ_CHECK(rmdir(dir) == 0);
}
