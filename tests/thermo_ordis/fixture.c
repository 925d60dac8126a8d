/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers of the order-disorder tests (ordis_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lq_test.h"
#include "ordis_fixture.h"

lq_db *ofx_read_alni(int plain) {
    char path[1024];
    if (lq_test_shared_path("data/tdb/alni_dupin_2001.tdb", path, sizeof path)) {
        LQ_FAIL("missing alni_dupin_2001.tdb");
        return NULL;
    }
    lq_db *db = NULL;
    lq_diag d;
    if (!plain) {
        LQ_CHECK_STATUS(lq_db_read_file(path, &db, &d), LQ_OK);
        if (!db) fprintf(stderr, "  %s:%ld: %s\n", d.file, d.line, d.msg);
        return db;
    }
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = malloc(1 << 20);
    size_t n = text ? fread(text, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!text) return NULL;
    text[n] = '\0';
    /* comment out the DISORDERED_PART statements (one line each in this file) */
    for (char *p = strstr(text, "DIS_PART"); p; p = strstr(p + 1, "DIS_PART")) {
        char *l = p;
        while (l > text && l[-1] != '\n') l--;
        *l = '$';
    }
    LQ_CHECK_STATUS(lq_db_read_string(text, "alni_plain.tdb", &db, &d), LQ_OK);
    free(text);
    return db;
}
