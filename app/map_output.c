/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus map` outputs of every kind of map (binary, isothermal section, isopleth, liquidus
 * projection): each --out file by its extension, then JSON or text on stdout. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "map_ternary.h"

const char *lqa_map_phase_name(const lq_system *sys, size_t p) {
    lq_phase_info in;
    return lq_system_phase_info(sys, p, &in) == LQ_OK ? in.name : "?";
}

lq_status lqa_map_csv_end(lq_csv *cs, lq_status st, lq_diag *diag) {
    if (st != LQ_OK) {
        lq_csv_abort(cs);
        return st;
    }
    return lq_csv_close(cs, diag);
}

int lqa_map_outputs(const lqa_map_writers *w, const void *r, const void *fig, const lqa_thermo *t,
                    const lqa_list *outs, const lqa_ctx *ctx) {
    int rc = 0;
    lq_diag d;
    for (size_t i = 0; rc == 0 && i < outs->n; i++) {
        const char *e = strrchr(outs->v[i], '.');
        lq_status st;
        lq_diag_clear(&d);
        if (!strcasecmp(e, ".csv")) {
            st = w->csv(r, t->sys, outs->v[i], &d);
        } else if (!strcasecmp(e, ".json")) {
            cJSON *o = w->json(r, t->sys, t->path);
            st = lqa_json_write(o, outs->v[i], &d);
            cJSON_Delete(o);
        } else {
            st = w->figure(r, t->sys, fig, outs->v[i], &d);
        }
        if (st != LQ_OK) rc = lqa_fail("map", st, &d);
        if (rc == 0) lqa_progress(ctx, "liquidus map: wrote %s", outs->v[i]);
    }
    if (rc == 0 && ctx->json) {
        cJSON *o = w->json(r, t->sys, t->path);
        lqa_json_write(o, "-", NULL);
        cJSON_Delete(o);
    } else if (rc == 0) {
        w->text(r, t->sys);
    }
    return rc;
}
