/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the thermodynamic subcommands: open a database, parse compositions and references. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "demo_thermo.h"

const char *lqa_fmt(double v, char *buf, size_t size) {
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, v < 0 ? "-inf" : "inf");
    else
        snprintf(buf, size, "%.6g", v);
    return buf;
}

/* Splits "A,B,C" into upper-case words stored in `store`; returns the count. */
static size_t split_names(const char *s, char store[][32], const char **ptrs, size_t max) {
    size_t n = 0;
    while (s && *s && n < max) {
        size_t len = strcspn(s, ",");
        if (len > 0 && len < 32) {
            for (size_t i = 0; i < len; i++) {
                char c = s[i];
                store[n][i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
            }
            store[n][len] = '\0';
            ptrs[n] = store[n];
            n++;
        }
        s += len;
        if (*s == ',') s++;
    }
    return n;
}

int lqa_thermo_open(const lqa_ctx *ctx, const char *cmd, const char *db_arg, const char *comps,
                    const char *phases, lqa_thermo *t) {
    memset(t, 0, sizeof *t);
    if (!db_arg) return lqa_usage_error(cmd, "no database given (e.g. BiNd.tdb)");
    snprintf(t->path, sizeof t->path, "%s", db_arg);
    if (access(t->path, R_OK) != 0 && !strchr(db_arg, '/')) {
        char rel[512];
        snprintf(rel, sizeof rel, "tdb/%s", db_arg);
        lqa_data_path(ctx, rel, t->path, sizeof t->path);
        if (access(t->path, R_OK) != 0) snprintf(t->path, sizeof t->path, "%s", db_arg);
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_db_read_file(t->path, &t->db, &d);
    if (st != LQ_OK) return lqa_fail(cmd, st, &d);
    lqa_warn_diag(cmd, &d);
    char cstore[LQA_THERMO_MAXC][32], pstore[64][32];
    const char *cn[LQA_THERMO_MAXC], *pn[64];
    size_t nc = 0, np = 0;
    if (comps) {
        nc = split_names(comps, cstore, cn, LQA_THERMO_MAXC);
    } else {
        for (size_t i = 0; i < lq_db_element_count(t->db) && nc < LQA_THERMO_MAXC; i++) {
            const char *e = lq_db_element_name(t->db, i);
            if (!e || strcmp(e, "VA") == 0 || e[0] == '/' || strcmp(e, "*") == 0) continue;
            snprintf(cstore[nc], sizeof cstore[nc], "%s", e);
            cn[nc] = cstore[nc];
            nc++;
        }
    }
    if (nc == 0) {
        lqa_thermo_close(t);
        return lqa_usage_error(cmd, "no components (give --comps)");
    }
    if (phases) np = split_names(phases, pstore, pn, 64);
    lq_diag_clear(&d);
    st = lq_system_create(t->db, cn, nc, phases ? pn : NULL, np, &t->sys, &d);
    if (st == LQ_OK) st = lq_eq_ws_alloc(t->sys, NULL, &t->ws, &d);
    if (st == LQ_OK) st = lq_eq_result_alloc(t->ws, &t->res);
    if (st != LQ_OK) {
        int rc = lqa_fail(cmd, st, &d);
        lqa_thermo_close(t);
        return rc;
    }
    t->ncomp = lq_system_component_count(t->sys);
    return 0;
}

void lqa_thermo_close(lqa_thermo *t) {
    if (!t) return;
    lq_eq_result_free(t->res);
    lq_eq_ws_free(t->ws);
    lq_system_free(t->sys);
    lq_db_free(t->db);
    memset(t, 0, sizeof *t);
}

long lqa_thermo_comp(const lqa_thermo *t, const char *name, size_t len) {
    for (size_t c = 0; c < t->ncomp; c++) {
        const char *cn = lq_system_component_name(t->sys, c);
        if (cn && strlen(cn) == len && strncasecmp(cn, name, len) == 0) return (long)c;
    }
    return -1;
}

int lqa_thermo_set_x(const lqa_thermo *t, double *x, size_t range_comp, double v) {
    if (range_comp < t->ncomp) x[range_comp] = v;
    double s = 0.0;
    for (size_t c = 0; c < t->ncomp; c++)
        if (c != t->balance) s += x[c];
    x[t->balance] = 1.0 - s;
    return x[t->balance] < -1e-12 ? -1 : 0;
}

int lqa_thermo_parse_x(const char *cmd, lqa_thermo *t, const lqa_list *xs, double *x,
                       size_t *range_comp, double *vals, size_t maxvals, size_t *nvals) {
    int given[LQA_THERMO_MAXC] = {0};
    *range_comp = t->ncomp;
    *nvals = 1;
    for (size_t c = 0; c < t->ncomp; c++) x[c] = 0.0;
    for (size_t i = 0; i < xs->n; i++) {
        const char *s = xs->v[i], *eq = strchr(s, '=');
        if (!eq) return lqa_usage_error(cmd, "--x '%s': expected EL=VALUE (e.g. ND=0.1)", s);
        long c = lqa_thermo_comp(t, s, (size_t)(eq - s));
        if (c < 0)
            return lqa_usage_error(cmd, "--x '%s': %.*s is not a component of the system", s,
                                   (int)(eq - s), s);
        double v[4096];
        size_t n = lqa_parse_range(eq + 1, v, 4096);
        if (n == 0) return lqa_usage_error(cmd, "--x '%s': bad value or range", s);
        for (size_t k = 0; k < n; k++)
            if (!(v[k] >= 0.0 && v[k] <= 1.0))
                return lqa_usage_error(cmd, "--x '%s': mole fraction %g outside [0, 1]", s, v[k]);
        given[c] = 1;
        x[c] = v[0];
        if (n > 1 || strchr(eq + 1, ':') || strchr(eq + 1, ',')) {
            if (*range_comp < t->ncomp) return lqa_usage_error(cmd, "only one --x may be a range");
            if (n > maxvals) return lqa_usage_error(cmd, "--x '%s': too many values", s);
            *range_comp = (size_t)c;
            memcpy(vals, v, n * sizeof *v);
            *nvals = n;
        } else {
            vals[0] = v[0];
        }
    }
    size_t missing = 0;
    for (size_t c = 0; c < t->ncomp; c++)
        if (!given[c]) {
            missing++;
            t->balance = c;
        }
    if (missing != 1)
        return lqa_usage_error(cmd,
                               "give --x for all components but one (the balance); the system "
                               "has %zu components",
                               t->ncomp);
    if (lqa_thermo_set_x(t, x, *range_comp, vals[0]) != 0)
        return lqa_usage_error(cmd, "mole fractions given add up to more than 1");
    return 0;
}

int lqa_thermo_parse_refs(const char *cmd, const lqa_thermo *t, const lqa_list *refs, size_t *ref) {
    for (size_t c = 0; c < t->ncomp; c++) ref[c] = LQ_PROPS_REF_STABLE;
    for (size_t i = 0; refs && i < refs->n; i++) {
        const char *s = refs->v[i], *eq = strchr(s, '=');
        if (!eq) return lqa_usage_error(cmd, "--ref '%s': expected EL=PHASE (e.g. ND=DHCP)", s);
        long c = lqa_thermo_comp(t, s, (size_t)(eq - s));
        if (c < 0) return lqa_usage_error(cmd, "--ref '%s': unknown component", s);
        size_t p;
        if (lq_system_phase_find(t->sys, eq + 1, &p) != LQ_OK)
            return lqa_usage_error(cmd, "--ref '%s': unknown phase %s", s, eq + 1);
        ref[c] = p;
    }
    return 0;
}
