/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON files through cJSON: atomic writing and reading with the location of syntax errors. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"

lq_status lq_json_write(const struct cJSON *json, const char *path, lq_diag *diag) {
    if (!json || !path) return LQ_EINVAL;
    char *text = cJSON_Print(json);
    if (!text) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    if (strcmp(path, "-") == 0) {
        if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF)
            st = lqi_diag_set(diag, LQ_EIO, "<stdout>", 0, NULL, "write error");
    } else {
        size_t n = strlen(text);
        text[n] = '\n'; /* replace the NUL: we write exactly n + 1 bytes below */
        st = lq_file_write_atomic(path, text, n + 1, diag);
    }
    cJSON_free(text);
    return st;
}

lq_status lq_json_read(const char *path, struct cJSON **json, lq_diag *diag) {
    if (!path || !json) return LQ_EINVAL;
    char *data = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &data, &n, diag);
    if (st != LQ_OK) return st;
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(data, n, &end, 0);
    if (!j) {
        long line = 1, col = 1;
        const char *stop = end ? end : data;
        for (const char *p = data; p < stop && *p; p++) {
            if (*p == '\n')
                line++, col = 1;
            else
                col++;
        }
        st = lqi_diag_set(diag, LQ_EPARSE, path, line, NULL, "JSON syntax error");
        if (diag) diag->column = col;
        lqi_free(data);
        return st;
    }
    lqi_free(data);
    *json = j;
    return LQ_OK;
}
