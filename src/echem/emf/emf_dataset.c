/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI datasets of a titration (activity ACR_<SOLUTE> per temperature, ZPF of the solubility)
 * as JSON text, in ESPEI's dataset layout (espei.org "Input data"; ESPEI 0.9.1 datasets.py). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/emf/emf_internal.h"
#include "liquidus/units.h"

static void upper(char *dst, size_t size, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        dst[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
    dst[i] = '\0';
}

/* Header shared by the ACR and ZPF datasets: the components sorted, as ESPEI writes them. */
static cJSON *head(const char *solute, const char *solvent) {
    cJSON *o = cJSON_CreateObject();
    cJSON *comps = cJSON_AddArrayToObject(o, "components");
    const char *a = strcmp(solute, solvent) < 0 ? solute : solvent;
    const char *b = a == solute ? solvent : solute;
    cJSON_AddItemToArray(comps, cJSON_CreateString(a));
    cJSON_AddItemToArray(comps, cJSON_CreateString(b));
    cJSON_AddItemToArray(comps, cJSON_CreateString("VA"));
    return o;
}

/* Prints the tree into an lqi_malloc'd string and deletes the tree. */
static lq_status finish(cJSON *o, char **json) {
    char *text = o ? cJSON_Print(o) : NULL;
    cJSON_Delete(o);
    if (!text) return LQ_ENOMEM;
    *json = lqi_strdup(text);
    cJSON_free(text);
    return *json ? LQ_OK : LQ_ENOMEM;
}

lq_status lqi_echem_emf_acr_json(const lq_echem_emf_analysis_options *o, const char *scale,
                                 const lq_echem_emf_run *R, char **json) {
    char sol[16], solv[16], xs[24], outname[24], cm[768];
    upper(sol, sizeof sol, o->solute);
    upper(solv, sizeof solv, o->solvent);
    snprintf(xs, sizeof xs, "X_%s", solv);
    snprintf(outname, sizeof outname, "ACR_%s", sol);
    cJSON *d = head(sol, solv);
    cJSON *ph = cJSON_AddArrayToObject(d, "phases");
    cJSON_AddItemToArray(ph, cJSON_CreateString(o->liquid_phase));
    /* Activity referred to the pure solute (X_solvent = 0) in ref_phase at the same T. */
    cJSON *rs = cJSON_AddObjectToObject(d, "reference_state");
    cJSON *rph = cJSON_AddArrayToObject(rs, "phases");
    cJSON_AddItemToArray(rph, cJSON_CreateString(o->ref_phase));
    cJSON *rc = cJSON_AddObjectToObject(rs, "conditions");
    cJSON_AddNumberToObject(rc, "P", LQ_ATM_PA);
    cJSON_AddNumberToObject(rc, "T", R->T_K);
    cJSON_AddNumberToObject(rc, xs, 0.0);
    cJSON *cond = cJSON_AddObjectToObject(d, "conditions");
    cJSON_AddNumberToObject(cond, "P", LQ_ATM_PA);
    cJSON_AddNumberToObject(cond, "T", R->T_K);
    cJSON *xa = cJSON_AddArrayToObject(cond, xs);
    cJSON_AddStringToObject(d, "output", outname);
    cJSON *v1 = cJSON_CreateArray(), *v2 = cJSON_CreateArray(), *v3 = cJSON_CreateArray();
    cJSON_AddItemToArray(v1, v2);
    cJSON_AddItemToArray(v2, v3);
    for (size_t i = 0; i < R->n_liquid; i++) {
        cJSON_AddItemToArray(xa, cJSON_CreateNumber(R->acr_x_solvent[i]));
        cJSON_AddItemToArray(v3, cJSON_CreateNumber(R->acr_activity[i]));
    }
    cJSON_AddItemToObject(d, "values", v1);
    cJSON_AddStringToObject(d, "reference", "liquidus emf");
    snprintf(cm, sizeof cm,
             "coulometric titration %s at %g K; a = exp(-zFE/RT), z = %d, E vs %s "
             "(last %g s of each rest); liquid points only",
             R->name, R->T_K, o->steps.n_electrons, scale, o->steps.window_s);
    cJSON_AddStringToObject(d, "comment", cm);
    return finish(d, json);
}

/* [phase, [component], [x]] */
static cJSON *vertex(const char *phase, const char *comp, cJSON *x) {
    cJSON *v = cJSON_CreateArray(), *c = cJSON_CreateArray(), *xv = cJSON_CreateArray();
    cJSON_AddItemToArray(v, cJSON_CreateString(phase));
    cJSON_AddItemToArray(c, cJSON_CreateString(comp));
    cJSON_AddItemToArray(v, c);
    cJSON_AddItemToArray(xv, x);
    cJSON_AddItemToArray(v, xv);
    return v;
}

lq_status lqi_echem_emf_zpf_json(const lq_echem_emf_analysis_options *o,
                                 const lq_echem_emf_analysis *A, char **json) {
    char sol[16], solv[16];
    upper(sol, sizeof sol, o->solute);
    upper(solv, sizeof solv, o->solvent);
    cJSON *d = head(sol, solv);
    cJSON *ph = cJSON_AddArrayToObject(d, "phases");
    cJSON_AddItemToArray(ph, cJSON_CreateString(o->liquid_phase));
    cJSON_AddItemToArray(ph, cJSON_CreateString(o->solid_phase));
    cJSON *cond = cJSON_AddObjectToObject(d, "conditions");
    cJSON_AddNumberToObject(cond, "P", LQ_ATM_PA);
    cJSON *ta = cJSON_AddArrayToObject(cond, "T");
    cJSON_AddFalseToObject(d, "broadcast_conditions");
    cJSON_AddStringToObject(d, "output", "ZPF");
    cJSON *vals = cJSON_AddArrayToObject(d, "values");
    for (size_t f = 0; f < A->nruns; f++) {
        const lq_echem_emf_run *R = &A->runs[f];
        if (!R->has_solubility) continue;
        cJSON_AddItemToArray(ta, cJSON_CreateNumber(R->T_K));
        /* The liquid at the solubility; the solid's composition is not measured (null). */
        cJSON *pt = cJSON_CreateArray();
        cJSON_AddItemToArray(pt, vertex(o->liquid_phase, sol, cJSON_CreateNumber(R->sol.x_sat)));
        cJSON_AddItemToArray(pt, vertex(o->solid_phase, sol, cJSON_CreateNull()));
        cJSON_AddItemToArray(vals, pt);
    }
    cJSON_AddStringToObject(d, "reference", "liquidus emf");
    cJSON_AddStringToObject(d, "comment",
                            "solubility of the solute in the liquid from the intersection "
                            "of the liquid emf fit with the two-phase plateau");
    return finish(d, json);
}
