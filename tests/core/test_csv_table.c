/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lq_csv_table_read: a table written by lq_csv_* reads back exactly; text columns and errors. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "liquidus/core.h"
#include "lq_test.h"

void test_core_csv_table(void);

void test_core_csv_table(void) {
    char path[] = "lq_csv_table_XXXXXX";
    int fd = mkstemp(path);
    LQ_CHECK(fd >= 0);
    close(fd);
    /* Round trip through the writer: %.17g numbers come back bit for bit. */
    const char *names[] = {"T_K", "E_V", "note"};
    lq_csv *c = NULL;
    LQ_CHECK_STATUS(lq_csv_open(path, names, 3, "comment", &c, NULL), LQ_OK);
    const char *r1[] = {"973.15", "-1.2345678901234567", "a, quoted"};
    const char *r2[] = {"1000", "", "b"};
    LQ_CHECK_STATUS(lq_csv_row_str(c, r1, 3), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_row_str(c, r2, 3), LQ_OK);
    LQ_CHECK_STATUS(lq_csv_close(c, NULL), LQ_OK);
    lq_csv_table *t = NULL;
    LQ_CHECK_STATUS(lq_csv_table_read(path, &t, NULL), LQ_OK);
    if (t) {
        LQ_CHECK(t->ncol == 3 && t->nrow == 2);
        LQ_CHECK(strcmp(t->names[1], "E_V") == 0);
        LQ_CHECK(t->values[0] == 973.15 && t->values[1] == -1.2345678901234567);
        LQ_CHECK(isnan(t->values[4])); /* empty field */
        LQ_CHECK(t->bad_line[0] == 0 && t->bad_line[1] == 0);
        LQ_CHECK(t->bad_line[2] == t->line[0] && strcmp(t->bad_text[2], "a, quoted") == 0);
        size_t col = 99;
        LQ_CHECK_STATUS(lq_csv_table_column_find(t, "E_V", &col), LQ_OK);
        LQ_CHECK(col == 1);
        LQ_CHECK_STATUS(lq_csv_table_column_find(t, "3", &col), LQ_OK);
        LQ_CHECK(col == 2);
        LQ_CHECK_STATUS(lq_csv_table_column_find(t, "4", &col), LQ_ENOTFOUND);
    }
    lq_csv_table_free(t);
    /* A header and no rows is refused, naming the file. */
    FILE *f = fopen(path, "w");
    LQ_CHECK(f != NULL);
    if (f) {
        fputs("# only\nT_K,E_V\n", f);
        fclose(f);
    }
    lq_diag d;
    lq_diag_clear(&d);
    t = NULL;
    LQ_CHECK_STATUS(lq_csv_table_read(path, &t, &d), LQ_EPARSE);
    LQ_CHECK(t == NULL && strcmp(d.file, path) == 0);
    unlink(path);
    LQ_CHECK_STATUS(lq_csv_table_read(path, &t, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_csv_table_read(NULL, &t, NULL), LQ_EINVAL);
    lq_csv_table_free(NULL);
}
