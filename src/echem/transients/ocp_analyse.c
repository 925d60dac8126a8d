/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole open-circuit records: the potential plateaus of every segment. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"

lq_echem_ocp_analysis_options lq_echem_ocp_analysis_options_default(void) {
    lq_echem_ocp_analysis_options o;
    memset(&o, 0, sizeof o);
    o.ocp = lq_echem_ocp_options_default();
    return o;
}

void lq_echem_ocp_analysis_free(lq_echem_ocp_analysis *a) {
    if (!a) return;
    for (size_t s = 0; s < a->nsegments; s++) lqi_free(a->segments[s].plateaus);
    lqi_free(a->segments);
    lqi_free(a);
}

/* Plateaus of one segment: counted first, then stored (no fixed cap). */
static lq_status analyse_segment(const lq_echem_record *rec, size_t s,
                                 const lq_echem_ocp_options *o, lq_echem_ocp_segment *g) {
    const lq_echem_segment *sg = &rec->segments[s];
    const double *t = rec->time_s + sg->start, *E = rec->potential_V + sg->start;
    g->segment = s + 1;
    g->label = sg->label;
    lq_diag_clear(&g->diag);
    size_t np = 0;
    g->status = lq_echem_ocp_plateaus(t, E, sg->count, o, NULL, 0, &np, &g->diag);
    if (g->status != LQ_OK) return g->status == LQ_ENOMEM ? LQ_ENOMEM : LQ_OK;
    g->plateaus = lqi_malloc_array(np ? np : 1, sizeof *g->plateaus);
    if (!g->plateaus) return LQ_ENOMEM;
    g->status = lq_echem_ocp_plateaus(t, E, sg->count, o, g->plateaus, np, &g->nplateaus, &g->diag);
    return g->status == LQ_ENOMEM ? LQ_ENOMEM : LQ_OK;
}

lq_status lq_echem_ocp_analyse(const lq_echem_record *rec, const lq_echem_ocp_analysis_options *opt,
                               lq_echem_ocp_analysis **out, lq_diag *diag) {
    if (!rec || !opt || !out) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    if (!rec->has_time || !rec->has_potential)
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, NULL,
                            "needs time and potential columns");
    if (opt->segment > rec->nsegments)
        return lqi_diag_set(diag, LQ_EINVAL, rec->file, 0, "segment",
                            "segment %zu: the record has %zu", opt->segment, rec->nsegments);
    lq_echem_ocp_analysis *A = lqi_calloc(1, sizeof *A);
    if (!A ||
        !(A->segments = lqi_calloc(rec->nsegments ? rec->nsegments : 1, sizeof *A->segments))) {
        lqi_free(A);
        return LQ_ENOMEM;
    }
    lq_status st = LQ_OK;
    for (size_t s = 0; s < rec->nsegments && st == LQ_OK; s++) {
        if (opt->segment && opt->segment != s + 1) continue;
        lq_echem_ocp_segment *g = &A->segments[A->nsegments++];
        st = analyse_segment(rec, s, &opt->ocp, g);
        if (g->status == LQ_OK) A->n_analysed++;
    }
    if (st != LQ_OK) {
        lq_echem_ocp_analysis_free(A);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
    }
    *out = A;
    return LQ_OK;
}
