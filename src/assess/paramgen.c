/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ESPEI 0.9.1 parameter generation: endmembers, interactions, candidate models, AICc selection. */
/*
 * This follows ESPEI 0.9.1 (MIT, github.com/PhasesResearchLab/ESPEI, tag 0.9.1) step by step:
 *   espei/paramselect.py            generate_parameters, phase_fit, fit_parameters,
 *                                   insert_parameter (VV#### symbols, sigfigs 6)
 *   espei/database_utils.py         initialize_database (active constituents, GHSER symbols)
 *   espei/sublattice_tools.py       canonicalize, generate_endmembers, generate_symmetric_group,
 *                                   generate_interactions, sorted_interactions
 *   espei/core_utils.py             get_prop_data, symmetry_filter, filter_configurations,
 *                                   filter_temperatures
 *   espei/error_functions/non_equilibrium_thermochemical_error.py
 *                                   get_prop_samples, get_sample_condition_dicts (YS, Z, V_I..)
 *   espei/parameter_selection/      fitting_steps.py (StepCPM, StepSM, StepHM: features and
 *                                   response vectors), model_building.py (candidate models),
 *                                   selection.py (fit_model, score_model, select_model),
 *                                   redlich_kister.py (interaction products)
 * and pycalphad's Model for the fixed part of the model (reference, ideal mixing with R = 8.3145,
 * Redlich-Kister-Muggianu excess), evaluated with every GHSER function set to zero.
 * The derivation and the correspondence table are in docs/assessment.md.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/paramgen_internal.h"
#include "core/core_internal.h"
#include "liquidus/assess.h"
#include "liquidus/core.h"
#include "liquidus/thermo.h"

#define MAX_SUBL LQI_PG_MAX_SUBL
#define MAX_SP LQI_PG_MAX_SP
#define PG_R 8.3145 /* pycalphad.variables.R, J/(mol K): pycalphad's value, not CODATA */
#define MAX_FEAT 32 /* features of one candidate: 4 orders x 4 temperature features, or 3 x 4 */

/* ============================================================================ configurations */
/* A sublattice of a configuration: one species (list = 0, ESPEI's plain string) or a tuple. */
typedef struct cfg_subl {
    size_t n;
    int list;
    const char *sp[MAX_SP];
} cfg_subl;

typedef struct cfg {
    size_t ns;
    cfg_subl s[MAX_SUBL];
} cfg;

/* Python equality of the tuplified configurations ('CU' differs from ('CU',)). */
static int subl_equal(const cfg_subl *a, const cfg_subl *b) {
    if (a->list != b->list || a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->sp[i], b->sp[i]) != 0) return 0;
    return 1;
}

static int cfg_equal(const cfg *a, const cfg *b) {
    if (a->ns != b->ns) return 0;
    for (size_t s = 0; s < a->ns; s++)
        if (!subl_equal(&a->s[s], &b->s[s])) return 0;
    return 1;
}

/* canonical_sort_key of one sublattice: the tuple of its species (a string is a 1-tuple). */
static int subl_key_cmp(const cfg_subl *a, const cfg_subl *b) {
    size_t n = a->n < b->n ? a->n : b->n;
    for (size_t i = 0; i < n; i++) {
        int c = strcmp(a->sp[i], b->sp[i]);
        if (c) return c;
    }
    return a->n < b->n ? -1 : (a->n > b->n ? 1 : 0);
}

static int cfg_key_cmp(const cfg *a, const cfg *b) {
    size_t n = a->ns < b->ns ? a->ns : b->ns;
    for (size_t s = 0; s < n; s++) {
        int c = subl_key_cmp(&a->s[s], &b->s[s]);
        if (c) return c;
    }
    return a->ns < b->ns ? -1 : (a->ns > b->ns ? 1 : 0);
}

/* Symmetry: ESPEI's equivalent_sublattices as groups of indices. */
typedef struct symm {
    size_t ng;
    size_t len[MAX_SUBL];
    size_t idx[MAX_SUBL][MAX_SUBL];
} symm;

/* sublattice_tools.canonicalize: within each group, sort the sublattices by canonical_sort_key
 * (Python's sort is stable) and put them back at the group's sorted indices. */
static void canonicalize(const cfg *in, const symm *sy, cfg *out) {
    *out = *in;
    if (!sy) return;
    for (size_t g = 0; g < sy->ng; g++) {
        size_t n = sy->len[g], id[MAX_SUBL];
        for (size_t i = 0; i < n; i++) id[i] = sy->idx[g][i];
        for (size_t i = 1; i < n; i++) /* sorted(subl) */
            for (size_t j = i; j > 0 && id[j - 1] > id[j]; j--) {
                size_t t = id[j];
                id[j] = id[j - 1];
                id[j - 1] = t;
            }
        cfg_subl tmp[MAX_SUBL];
        for (size_t i = 0; i < n; i++) tmp[i] = in->s[id[i]];
        for (size_t i = 1; i < n; i++) /* stable insertion sort by key */
            for (size_t j = i; j > 0 && subl_key_cmp(&tmp[j - 1], &tmp[j]) > 0; j--) {
                cfg_subl t = tmp[j];
                tmp[j] = tmp[j - 1];
                tmp[j - 1] = t;
            }
        for (size_t i = 0; i < n; i++) out->s[id[i]] = tmp[i];
    }
}

static int interaction_test(const cfg *c, size_t order) {
    for (size_t s = 0; s < c->ns; s++)
        if (c->s[s].list && (order ? c->s[s].n == order : c->s[s].n > 1)) return 1;
    return 0;
}

/* Growable array of configurations. */
typedef struct cfg_list {
    size_t n, cap;
    cfg *v;
} cfg_list;

static int cfg_push(cfg_list *l, const cfg *c) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        cfg *v = lqi_realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *c;
    return 0;
}

static int cfg_list_has(const cfg_list *l, const cfg *c) {
    for (size_t i = 0; i < l->n; i++)
        if (cfg_equal(&l->v[i], c)) return 1;
    return 0;
}

/* Stable merge-free insertion sort with a comparison (lists are short). */
static void cfg_sort(cfg_list *l, int (*cmp)(const cfg *, const cfg *, const void *),
                     const void *ctx) {
    for (size_t i = 1; i < l->n; i++) {
        cfg t = l->v[i];
        size_t j = i;
        while (j > 0 && cmp(&l->v[j - 1], &t, ctx) > 0) {
            l->v[j] = l->v[j - 1];
            j--;
        }
        l->v[j] = t;
    }
}

static int cmp_key(const cfg *a, const cfg *b, const void *ctx) {
    (void)ctx;
    return cfg_key_cmp(a, b);
}

/* Python tuple ordering of endmembers (tuples of strings): same as the key order. */

/* All permutations of idx[0..n) in itertools.permutations order, appended to out (rows of n). */
static int permutations(const size_t *idx, size_t n, size_t **out, size_t *count) {
    /* itertools.permutations yields lexicographic order of positions */
    size_t total = 1;
    for (size_t i = 2; i <= n; i++) total *= i;
    size_t *r = lqi_malloc_array(total * (n ? n : 1), sizeof *r);
    if (!r) return -1;
    size_t pos[MAX_SUBL];
    for (size_t i = 0; i < n; i++) pos[i] = i;
    for (size_t k = 0; k < total; k++) {
        for (size_t i = 0; i < n; i++) r[k * n + i] = idx[pos[i]];
        /* next lexicographic permutation of pos */
        if (n < 2) break;
        size_t i = n - 1;
        while (i > 0 && pos[i - 1] >= pos[i]) i--;
        if (i == 0) break;
        size_t j = n - 1;
        while (pos[j] <= pos[i - 1]) j--;
        size_t t = pos[i - 1];
        pos[i - 1] = pos[j];
        pos[j] = t;
        for (size_t a = i, b = n - 1; a < b; a++, b--) {
            t = pos[a];
            pos[a] = pos[b];
            pos[b] = t;
        }
    }
    *out = r;
    *count = total;
    return 0;
}

/* sublattice_tools.generate_symmetric_group: every configuration reached by permuting within
 * each group and permuting the groups, deduplicated and sorted by canonical_sort_key. */
static int symmetric_group(const cfg *c, const symm *sy, cfg_list *out) {
    out->n = 0;
    if (!sy) return cfg_push(out, c);
    size_t ng = sy->ng;
    size_t *perm[MAX_SUBL] = {0};
    size_t np[MAX_SUBL] = {0};
    int rc = -1;
    int seen[MAX_SUBL] = {0};
    for (size_t g = 0; g < ng; g++) {
        if (permutations(sy->idx[g], sy->len[g], &perm[g], &np[g])) goto done;
        for (size_t i = 0; i < sy->len[g]; i++) seen[sy->idx[g][i]] = 1;
    }
    {
        size_t gidx[MAX_SUBL];
        for (size_t g = 0; g < ng; g++) gidx[g] = g;
        size_t *gperm = NULL, ngp = 0;
        if (permutations(gidx, ng, &gperm, &ngp)) goto done;
        size_t choice[MAX_SUBL] = {0};
        for (;;) { /* itertools.product over the intra-group permutations */
            for (size_t k = 0; k < ngp; k++) {
                size_t flat[MAX_SUBL], nf = 0;
                for (size_t a = 0; a < ng; a++) {
                    size_t g = gperm[k * ng + a];
                    for (size_t i = 0; i < sy->len[g]; i++)
                        flat[nf++] = perm[g][choice[g] * sy->len[g] + i];
                }
                cfg nc;
                nc.ns = 0;
                size_t fi = 0;
                for (size_t s = 0; s < c->ns; s++) {
                    /* fixed (unlisted) sublattices stay at their index */
                    if (!seen[s])
                        nc.s[nc.ns++] = c->s[s];
                    else if (fi < nf)
                        nc.s[nc.ns++] = c->s[flat[fi++]];
                }
                if (!cfg_list_has(out, &nc) && cfg_push(out, &nc)) {
                    lqi_free(gperm);
                    goto done;
                }
            }
            int carry = 1; /* odometer, last group fastest (itertools.product) */
            for (size_t g = ng; g-- > 0;) {
                if (++choice[g] < np[g]) {
                    carry = 0;
                    break;
                }
                choice[g] = 0;
            }
            if (carry) break;
        }
        lqi_free(gperm);
    }
    cfg_sort(out, cmp_key, NULL);
    rc = 0;
done:
    for (size_t g = 0; g < ng; g++) lqi_free(perm[g]);
    return rc;
}

/* sublattice_tools.generate_endmembers: product of the sublattices, canonicalized, deduplicated,
 * sorted (tuples of strings). */
static int generate_endmembers(const lqi_pg_phase *ph, const symm *sy, cfg_list *out) {
    out->n = 0;
    size_t ix[MAX_SUBL] = {0};
    for (size_t s = 0; s < ph->ns; s++)
        if (ph->nc[s] == 0) return 0;
    for (;;) {
        cfg c, cc;
        c.ns = ph->ns;
        for (size_t s = 0; s < ph->ns; s++) {
            c.s[s].n = 1;
            c.s[s].list = 0;
            c.s[s].sp[0] = ph->c[s][ix[s]];
        }
        canonicalize(&c, sy, &cc);
        if (!cfg_list_has(out, &cc) && cfg_push(out, &cc)) return -1;
        size_t s = ph->ns;
        int carry = 1;
        while (s-- > 0) {
            if (++ix[s] < ph->nc[s]) {
                carry = 0;
                break;
            }
            ix[s] = 0;
        }
        if (carry) break;
    }
    cfg_sort(out, cmp_key, NULL);
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct int_key_ctx {
    size_t order;
} int_key_ctx;

/* sorted_interactions.int_sort_key: counts of order-o tuples (o = order..1), then the key. */
static int cmp_int_key(const cfg *a, const cfg *b, const void *vctx) {
    const int_key_ctx *ctx = vctx;
    for (size_t o = ctx->order; o >= 1; o--) {
        size_t ca = 0, cb = 0;
        for (size_t s = 0; s < a->ns; s++) ca += a->s[s].list && a->s[s].n == o;
        for (size_t s = 0; s < b->ns; s++) cb += b->s[s].list && b->s[s].n == o;
        if (ca != cb) return ca < cb ? -1 : 1;
    }
    return cfg_key_cmp(a, b);
}

/* sublattice_tools.generate_interactions + sorted_interactions. */
static int generate_interactions(const cfg_list *ems, size_t order, const symm *sy, cfg_list *out) {
    out->n = 0;
    int forbid_cross = sy == NULL;
    cfg_list raw = {0};
    size_t n = ems->n, ix[3];
    if (n < order) return 0;
    for (size_t i = 0; i < order; i++) ix[i] = i;
    for (;;) { /* itertools.combinations */
        cfg c;
        c.ns = ems->v[0].ns;
        int has = 0, broke = 0;
        for (size_t s = 0; s < c.ns; s++) {
            const char *set[3];
            size_t nset = 0;
            for (size_t k = 0; k < order; k++) {
                const char *sp = ems->v[ix[k]].s[s].sp[0];
                int dup = 0;
                for (size_t q = 0; q < nset; q++) dup |= strcmp(set[q], sp) == 0;
                if (!dup) set[nset++] = sp;
            }
            if (nset == 1) {
                c.s[s].n = 1;
                c.s[s].list = 0;
                c.s[s].sp[0] = set[0];
            } else {
                if (has && forbid_cross) {
                    has = 0;
                    broke = 1;
                    break;
                }
                if (nset == order) has = 1;
                qsort(set, nset, sizeof set[0], cmp_str);
                c.s[s].n = nset;
                c.s[s].list = 1;
                for (size_t q = 0; q < nset; q++) c.s[s].sp[q] = set[q];
            }
        }
        (void)broke;
        if (has) {
            cfg cc;
            canonicalize(&c, sy, &cc);
            if (!cfg_list_has(&raw, &cc) && cfg_push(&raw, &cc)) {
                lqi_free(raw.v);
                return -1;
            }
        }
        size_t i = order;
        int done = 1;
        while (i-- > 0) {
            if (ix[i] != i + n - order) {
                ix[i]++;
                for (size_t j = i + 1; j < order; j++) ix[j] = ix[j - 1] + 1;
                done = 0;
                break;
            }
        }
        if (done) break;
    }
    int_key_ctx ctx = {order};
    cfg_sort(&raw, cmp_int_key, &ctx);
    for (size_t i = 0; i < raw.n; i++) {
        const cfg *c = &raw.v[i];
        if (interaction_test(c, 2) && interaction_test(c, 3)) continue;
        size_t n3 = 0;
        for (size_t s = 0; s < c->ns; s++) n3 += c->s[s].list && c->s[s].n == 3;
        if (n3 > 1) continue;
        if (cfg_push(out, c)) {
            lqi_free(raw.v);
            return -1;
        }
    }
    lqi_free(raw.v);
    return 0;
}

/* ================================================================================== database */
static long db_find_symbol(const lqi_pg_db *db, const char *name) {
    for (size_t i = 0; i < db->n_sym; i++)
        if (strcmp(db->sym[i].name, name) == 0) return (long)i;
    return -1;
}

static long db_add_symbol(lqi_pg_db *db, const lqi_pg_symbol *s) {
    if (db->n_sym == db->cap_sym) {
        size_t cap = db->cap_sym ? 2 * db->cap_sym : 32;
        lqi_pg_symbol *v = lqi_realloc(db->sym, cap * sizeof *v);
        if (!v) return -1;
        db->sym = v;
        db->cap_sym = cap;
    }
    db->sym[db->n_sym] = *s;
    return (long)db->n_sym++;
}

/* constituent arrays compared as tuples of species (tuplify drops the string/tuple difference) */
static int param_matches(const lqi_pg_param *p, size_t phase, char type, const cfg *c) {
    if (p->phase != phase || p->type != type || p->ns != c->ns) return 0;
    for (size_t s = 0; s < c->ns; s++) {
        if (p->n_sp[s] != c->s[s].n) return 0;
        for (size_t k = 0; k < c->s[s].n; k++)
            if (strcmp(p->sp[s][k], c->s[s].sp[k]) != 0) return 0;
    }
    return 1;
}

/* paramselect._param_present_in_database */
static int param_present(const lqi_pg_db *db, size_t phase, char type, const cfg *c) {
    for (size_t i = 0; i < db->n_par; i++)
        if (param_matches(&db->par[i], phase, type, c)) return 1;
    return 0;
}

static int db_add_param(lqi_pg_db *db, size_t phase, char type, const cfg *c, int order,
                        const lqi_pg_term *t, size_t nt) {
    if (db->n_par == db->cap_par) {
        size_t cap = db->cap_par ? 2 * db->cap_par : 32;
        lqi_pg_param *v = lqi_realloc(db->par, cap * sizeof *v);
        if (!v) return -1;
        db->par = v;
        db->cap_par = cap;
    }
    lqi_pg_param *p = &db->par[db->n_par];
    memset(p, 0, sizeof *p);
    p->phase = phase;
    p->type = type;
    p->ns = c->ns;
    for (size_t s = 0; s < c->ns; s++) {
        p->n_sp[s] = c->s[s].n;
        for (size_t k = 0; k < c->s[s].n; k++) p->sp[s][k] = c->s[s].sp[k];
    }
    p->order = order;
    p->t = lqi_malloc_array(nt ? nt : 1, sizeof *p->t);
    if (!p->t) return -1;
    memcpy(p->t, t, nt * sizeof *t);
    p->nt = nt;
    db->n_par++;
    return 0;
}

static void db_free(lqi_pg_db *db) {
    for (size_t i = 0; i < db->n_el; i++) lqi_free(db->el[i]);
    lqi_free(db->el);
    lqi_free(db->ph);
    lqi_free(db->sym);
    for (size_t i = 0; i < db->n_par; i++) lqi_free(db->par[i].t);
    lqi_free(db->par);
    memset(db, 0, sizeof *db);
}

/* "GHSER" + (element*2)[:2], as ESPEI names the SER functions ("B" -> GHSERBB). */
static void ghser_name(const char *el, char out[16]) {
    char two[3] = {0};
    size_t n = strlen(el);
    two[0] = el[0];
    two[1] = n > 1 ? el[1] : el[0];
    snprintf(out, 16, "GHSER%s", two);
}

/* ==================================================================== fixed model evaluation */
/* The site fractions of one sample on the phase's constituents (missing ones are zero). */
typedef struct yvec {
    double y[MAX_SUBL][MAX_SP];
} yvec;

static double term_transform(const lqi_pg_db *db, const lqi_pg_term *t, double T, int kind) {
    if (t->sym < 0) return t->coef * lqi_pg_mono_transform(t->p, t->lg, T, kind);
    const lqi_pg_symbol *s = &db->sym[t->sym];
    if (s->kind == LQI_PG_SYM_VALUE)
        return t->coef * s->value * lqi_pg_mono_transform(t->p, t->lg, T, kind);
    if (s->kind == LQI_PG_SYM_GHSER) return 0.0; /* GHSER = 0 in the fixed model */
    /* lattice stabilities only appear with T^0 */
    return t->coef * lqi_pg_piecewise_transform(s->f, T, kind);
}

static double y_of(const lqi_pg_phase *ph, const yvec *y, size_t s, const char *sp) {
    for (size_t k = 0; k < ph->nc[s]; k++)
        if (strcmp(ph->c[s][k], sp) == 0) return y->y[s][k];
    return 0.0;
}

static int param_is_endmember(const lqi_pg_param *p) {
    for (size_t s = 0; s < p->ns; s++)
        if (p->n_sp[s] > 1) return 0;
    return 1;
}

/* pycalphad (0.11) Model.redlich_kister_sum mixing term of one parameter: product of the site
 * fractions; (y_A - y_B)^k for a binary on one sublattice; for a reciprocal parameter (two mixing
 * sublattices) order 1 takes (y_A - y_B) of the last mixing sublattice and order 2 of the first;
 * a ternary takes the Muggianu-corrected fraction of constituent k, and a lone order-0 ternary is
 * symmetric (pycalphad adds orders 1 and 2 with the same value: the factors sum to 1).
 * Returns NaN for parameters pycalphad refuses (ESPEI then fails). */
static double mixing_term(const lqi_pg_db *db, const lqi_pg_param *p, const yvec *y) {
    const lqi_pg_phase *ph = &db->ph[p->phase];
    size_t mix_idx[MAX_SUBL], nmix = 0, maxdof = 0;
    for (size_t s = 0; s < p->ns; s++) {
        if (p->n_sp[s] > 1) mix_idx[nmix++] = s;
        if (p->n_sp[s] > maxdof) maxdof = p->n_sp[s];
    }
    if (nmix > 1 && maxdof > 2) return (double)NAN;
    double m = 1.0;
    for (size_t s = 0; s < p->ns; s++) {
        double ys[MAX_SP];
        for (size_t k = 0; k < p->n_sp[s]; k++) {
            ys[k] = y_of(ph, y, s, p->sp[s][k]);
            m *= ys[k];
        }
        if (p->n_sp[s] == 2 && p->order > 0) {
            if (nmix == 1) {
                m *= pow(ys[0] - ys[1], (double)p->order);
            } else if (nmix == 2) {
                if (p->order > 2) return (double)NAN;
                if (s == mix_idx[nmix - (size_t)p->order]) m *= ys[0] - ys[1];
            } else {
                return (double)NAN;
            }
        }
        if (p->n_sp[s] == 3) {
            double corr = (1.0 - (ys[0] + ys[1] + ys[2])) / 3.0;
            if (p->order == 0) {
                int others = 0;
                for (size_t i = 0; i < db->n_par; i++) {
                    const lqi_pg_param *q = &db->par[i];
                    if (q == p || q->phase != p->phase || q->type != p->type || q->ns != p->ns)
                        continue;
                    int same = 1;
                    for (size_t t = 0; t < p->ns && same; t++) {
                        if (q->n_sp[t] != p->n_sp[t]) same = 0;
                        for (size_t k = 0; same && k < p->n_sp[t]; k++)
                            same = strcmp(q->sp[t][k], p->sp[t][k]) == 0;
                    }
                    others |= same;
                }
                if (others)
                    m *= ys[0] + corr;
                else
                    m *= (ys[0] + corr) + (ys[1] + corr) + (ys[2] + corr);
            } else if (p->order <= 2) {
                m *= ys[p->order] + corr;
            } else {
                return (double)NAN;
            }
        }
    }
    return m;
}

static double param_transform(const lqi_pg_db *db, const lqi_pg_param *p, double T, int kind) {
    double v = 0.0;
    for (size_t i = 0; i < p->nt; i++) v += term_transform(db, &p->t[i], T, kind);
    return v;
}

/* Contributions of pycalphad's Model, multiplied by the moles of atoms per formula unit (ESPEI
 * multiplies Model.ast by _site_ratio_normalization, undoing pycalphad's division). */
typedef struct contrib {
    double ref, idmix, xsmix;
} contrib;

static contrib model_transform(const lqi_pg_db *db, size_t phase, const yvec *y, double T,
                               int kind) {
    contrib c = {0.0, 0.0, 0.0};
    for (size_t i = 0; i < db->n_par; i++) {
        const lqi_pg_param *p = &db->par[i];
        if (p->phase != phase) continue;
        double m = mixing_term(db, p, y);
        if (m == 0.0) continue; /* NaN propagates: refused like pycalphad refuses it */
        double v = m * param_transform(db, p, T, kind);
        if (param_is_endmember(p))
            c.ref += v;
        else
            c.xsmix += v;
    }
    if (kind == LQI_PG_SM) { /* G_id = R T sum_s a_s sum_i y ln y (y > 1e-15); S = -dG/dT */
        const lqi_pg_phase *ph = &db->ph[phase];
        double sum = 0.0;
        for (size_t s = 0; s < ph->ns; s++)
            for (size_t k = 0; k < ph->nc[s]; k++) {
                double yy = y->y[s][k];
                if (yy > 1e-15) sum += ph->ratio[s] * (yy * log(yy)); /* MIN_SITE_FRACTION/10 */
            }
        c.idmix = -PG_R * sum;
    }
    return c;
}

static double site_ratio_normalization(const lqi_pg_phase *ph, const yvec *y) {
    double n = 0.0;
    for (size_t s = 0; s < ph->ns; s++) {
        double sub = 0.0;
        for (size_t k = 0; k < ph->nc[s]; k++)
            if (strcmp(ph->c[s][k], "VA") != 0) sub += y->y[s][k];
        n += ph->ratio[s] * sub;
    }
    return n;
}

/* ================================================================ features and candidates */
enum { INTER_NONE = -1, INTER_VI = 21, INTER_VJ = 22, INTER_VK = 23 };

/* A feature of the Gibbs energy: T^p ln(T)^lg times an interaction factor (1, YS*Z^k or
 * YS*V_I/J/K), ESPEI's symbolic features of fit_parameters. */
typedef struct feat {
    int p, lg;
    int inter;
} feat;

typedef struct step_def {
    const char *name; /* data_types_read */
    int kind;
    size_t nf;
    int p[4], lg[4];
} step_def;

/* fitting_descriptions.gibbs_energy_fitting_description = [StepCPM, StepSM, StepHM] */
static const step_def k_steps[3] = {
    {"CPM", LQI_PG_CPM, 4, {1, 2, -1, 3}, {1, 0, 0, 0}}, /* T ln T, T^2, T^-1, T^3 */
    {"SM", LQI_PG_SM, 1, {1, 0, 0, 0}, {0, 0, 0, 0}},    /* T */
    {"HM", LQI_PG_HM, 1, {0, 0, 0, 0}, {0, 0, 0, 0}},    /* 1 */
};

typedef struct cand {
    size_t k;
    feat f[MAX_FEAT];
} cand;

typedef struct cand_list {
    size_t n, cap;
    cand *v;
} cand_list;

static int cand_push(cand_list *l, const cand *c) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cand *v = lqi_realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *c;
    return 0;
}

/* Append the temperature feature set j (the first j+1 features of the step) times `inter`. */
static void add_tset(cand *c, const step_def *st, size_t j, int inter) {
    for (size_t i = 0; i <= j && c->k < MAX_FEAT; i++) {
        c->f[c->k].p = st->p[i];
        c->f[c->k].lg = st->lg[i];
        c->f[c->k].inter = inter;
        c->k++;
    }
}

/* model_building.build_candidate_models with successive interaction features inters[0..m):
 * the "complex" algorithm (every combination of temperature sets per order, orders successive),
 * or the simple Cartesian one when it would give more than 1000 candidates. */
static int build_candidates(const step_def *st, const int *inters, size_t m, cand_list *out) {
    size_t N = st->nf;
    double nn = (double)N;
    int simple = N > 1 && nn * (1.0 - pow(nn, (double)m)) / (1.0 - nn) > 1000.0;
    if (simple) {
        for (size_t j = 0; j < N; j++)
            for (size_t o = 1; o <= m; o++) {
                cand c;
                c.k = 0;
                for (size_t i = 0; i <= j; i++) /* product(temp_features, intr_features) */
                    for (size_t q = 0; q < o; q++) {
                        c.f[c.k].p = st->p[i];
                        c.f[c.k].lg = st->lg[i];
                        c.f[c.k].inter = inters[q];
                        c.k++;
                    }
                if (cand_push(out, &c)) return -1;
            }
        return 0;
    }
    for (size_t o = 1; o <= m; o++) {
        size_t ix[8] = {0};
        for (;;) {
            cand c;
            c.k = 0;
            for (size_t q = 0; q < o; q++) add_tset(&c, st, ix[q], inters[q]);
            if (cand_push(out, &c)) return -1;
            int carry = 1;
            for (size_t q = o; q-- > 0;) {
                if (++ix[q] < N) {
                    carry = 0;
                    break;
                }
                ix[q] = 0;
            }
            if (carry) break;
        }
    }
    return 0;
}

/* model_building.build_redlich_kister_candidate_models (max binary order 3, symmetric and
 * asymmetric ternary parameters). */
static int redlich_kister_candidates(const cfg *c, const step_def *st, cand_list *out) {
    out->n = 0;
    if (!interaction_test(c, 0)) {
        int one = INTER_NONE;
        return build_candidates(st, &one, 1, out);
    }
    if (interaction_test(c, 2)) {
        int in[4] = {0, 1, 2, 3};
        return build_candidates(st, in, 4, out);
    }
    if (interaction_test(c, 3)) {
        int ys = 0;
        if (build_candidates(st, &ys, 1, out)) return -1;
        for (size_t j = 0; j < st->nf; j++) {
            cand cc;
            cc.k = 0;
            add_tset(&cc, st, j, INTER_VI);
            add_tset(&cc, st, j, INTER_VJ);
            add_tset(&cc, st, j, INTER_VK);
            if (cand_push(out, &cc)) return -1;
        }
        return 0;
    }
    return -2; /* "Interaction order not known" */
}

/* ==================================================================================== samples */
typedef struct sample {
    double T, P, w, v;
    double ys, z, vi, vj, vk;
    double norm;
    int mix;
    const lq_dataset *ds;
    yvec y;
} sample;

typedef struct sample_list {
    size_t n, cap;
    sample *v;
} sample_list;

static int sample_push(sample_list *l, const sample *s) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        sample *v = lqi_realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *s;
    return 0;
}

/* The datasets' sublattice is a tuple in ESPEI's terms when written as a JSON list. */
#define DS_SUBL_IS_LIST(sub) ((sub)->mixing)

/* A dataset configuration in ESPEI's tuple form, or -1 when it cannot be represented (then it
 * cannot equal any configuration liquidus fits either). */
static int ds_cfg(const lq_dataset_config *dc, cfg *out) {
    if (dc->n_sublattices > MAX_SUBL) return -1;
    out->ns = dc->n_sublattices;
    for (size_t s = 0; s < dc->n_sublattices; s++) {
        const lq_dataset_sublattice *sb = &dc->sub[s];
        if (sb->n_species == 0 || sb->n_species > MAX_SP) return -1;
        out->s[s].n = sb->n_species;
        out->s[s].list = DS_SUBL_IS_LIST(sb) ? 1 : 0;
        for (size_t k = 0; k < sb->n_species; k++) out->s[s].sp[k] = sb->species[k];
    }
    return 0;
}

static const lq_dataset_cond *ds_cond(const lq_dataset *d, const char *name) {
    for (size_t i = 0; i < d->n_conds; i++)
        if (strcmp(d->conds[i].name, name) == 0) return &d->conds[i];
    return NULL;
}

static int str_in(const char *s, char *const *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, v[i]) == 0) return 1;
    return 0;
}

/* core_utils.get_prop_data + symmetry_filter: does the dataset feed this step of this fit? */
static int ds_selected(const lqi_pg_db *db, const lq_dataset *d, const lqi_pg_phase *ph,
                       const step_def *st, const cfg *c, const symm *sy) {
    if (d->kind != LQ_DATASET_NONEQ_THERMO || !d->output) return 0;
    if (d->n_phases != 1 || strcmp(d->phases[0], ph->name) != 0) return 0;
    char want[2][16];
    snprintf(want[0], sizeof want[0], "%s_MIX", st->name);
    snprintf(want[1], sizeof want[1], "%s_FORM", st->name);
    if (strcmp(d->output, want[0]) != 0 && strcmp(d->output, want[1]) != 0) return 0;
    for (size_t i = 0; i < d->n_components; i++)
        if (!str_in(d->components[i], db->el, db->n_el)) return 0;
    if (!d->solver_mode || strcmp(d->solver_mode, "manual") != 0) return 0; /* symmetry_filter */
    if (d->n_configs == 0 || d->configs[0].n_sublattices != c->ns) return 0;
    cfg cc;
    canonicalize(c, sy, &cc);
    for (size_t k = 0; k < d->n_configs; k++) {
        cfg dc, dcc;
        if (ds_cfg(&d->configs[k], &dc)) continue;
        canonicalize(&dc, sy, &dcc);
        if (cfg_equal(&dcc, &cc)) return 1;
    }
    return 0;
}

/* The samples of one dataset for the configuration c (filter_configurations,
 * filter_temperatures, get_prop_samples, get_sample_condition_dicts, build_sitefractions). */
static lq_status ds_samples(const lq_dataset *d, const lqi_pg_phase *ph, const cfg *c,
                            const symm *sy, sample_list *out, lq_diag *diag) {
    const char *file = d->path ? d->path : "(dataset)";
    const lq_dataset_cond *cT = ds_cond(d, "T"), *cP = ds_cond(d, "P");
    if (!cT || !cP || cT->n == 0 || cP->n == 0)
        return lqi_diag_set(diag, LQ_EINVAL, file, 0, "conditions", "needs T and P");
    size_t nP = d->shape[0], nT = d->shape[1], nl = d->shape[2];
    if (nP != cP->n || nT != cT->n || nl != d->n_configs || !d->values)
        return lqi_diag_set(diag, LQ_EINVAL, file, 0, "values",
                            "shape [%zu][%zu][%zu] does not match %zu P, %zu T, %zu configurations",
                            nP, nT, nl, cP->n, cT->n, d->n_configs);
    cfg cc;
    canonicalize(c, sy, &cc);
    int mix = strlen(d->output) > 4 && strcmp(d->output + strlen(d->output) - 4, "_MIX") == 0;
    for (size_t iP = 0; iP < nP; iP++)
        for (size_t iT = 0; iT < nT; iT++) {
            double T = cT->values[iT];
            if (!(T >= 298.15)) continue; /* filter_temperatures */
            for (size_t k = 0; k < nl; k++) {
                const lq_dataset_config *dc = &d->configs[k];
                cfg dcfg, dcc;
                if (ds_cfg(dc, &dcfg)) continue;
                canonicalize(&dcfg, sy, &dcc);
                if (!cfg_equal(&dcc, &cc)) continue; /* filter_configurations */
                int has_occ = 0;
                for (size_t s = 0; s < dc->n_sublattices; s++) has_occ |= dc->sub[s].occupancy != 0;
                if (mix && !has_occ)
                    return lqi_diag_set(diag, LQ_EINVAL, file, 0, "solver.sublattice_occupancies",
                                        "a _MIX property needs sublattice occupancies (ESPEI)");
                sample sm;
                memset(&sm, 0, sizeof sm);
                sm.T = T;
                sm.P = cP->values[iP];
                sm.w = d->weight;
                sm.v = d->values[(iP * nT + iT) * nl + k];
                sm.mix = mix;
                sm.ds = d;
                /* points on the fitted configuration (calculate_points_array) */
                double pts[MAX_SUBL][MAX_SP];
                double ys = 1.0;
                for (size_t s = 0; s < c->ns; s++) {
                    const lq_dataset_sublattice *sb = &dc->sub[s];
                    for (size_t q = 0; q < c->s[s].n; q++) pts[s][q] = 0.0;
                    if (dcfg.s[s].list && !sb->occupancy)
                        return lqi_diag_set(diag, LQ_EINVAL, file, 0,
                                            "solver.sublattice_occupancies",
                                            "mixing sublattice without occupancies");
                    for (size_t j = 0; j < sb->n_species; j++) {
                        int found = 0;
                        for (size_t q = 0; q < c->s[s].n; q++)
                            if (strcmp(c->s[s].sp[q], sb->species[j]) == 0) {
                                pts[s][q] = dcfg.s[s].list ? sb->occupancy[j] : 1.0;
                                found = 1;
                            }
                        /* ESPEI's calculate_points_array fails the same way (list.index) when
                         * a symmetry-equivalent configuration is written in another order */
                        if (!found)
                            return lqi_diag_set(diag, LQ_EINVAL, file, 0,
                                                "solver.sublattice_configurations",
                                                "%s on sublattice %zu is not in the fitted "
                                                "configuration (write it in canonical order)",
                                                sb->species[j], s);
                    }
                    for (size_t q = 0; q < c->s[s].n; q++) ys *= pts[s][q];
                }
                sm.ys = ys;
                /* redlich_kister.calc_interaction_product */
                int tern = 0;
                for (size_t s = 0; s < c->ns; s++) tern |= c->s[s].n == 3;
                if (!tern) {
                    double z = 1.0;
                    for (size_t s = 0; s < c->ns; s++)
                        if (c->s[s].n == 2) z *= pts[s][0] - pts[s][1];
                    sm.z = z;
                } else {
                    double pr[3] = {1.0, 1.0, 1.0};
                    for (size_t s = 0; s < c->ns; s++) {
                        size_t n = c->s[s].n;
                        if (n < 3) continue;
                        double sum = 0.0;
                        for (size_t q = 0; q < n; q++) sum += pts[s][q];
                        double corr = (1.0 - sum) / (double)n;
                        for (size_t q = 0; q < n && q < 3; q++) pr[q] *= pts[s][q] + corr;
                    }
                    sm.vi = pr[0];
                    sm.vj = pr[1];
                    sm.vk = pr[2];
                }
                /* site fractions for the model (build_sitefractions; the rest are zero) */
                for (size_t s = 0; s < dc->n_sublattices; s++) {
                    const lq_dataset_sublattice *sb = &dc->sub[s];
                    for (size_t j = 0; j < sb->n_species; j++) {
                        double occ = sb->occupancy ? sb->occupancy[j] : 1.0;
                        for (size_t q = 0; q < ph->nc[s]; q++)
                            if (strcmp(ph->c[s][q], sb->species[j]) == 0) sm.y.y[s][q] = occ;
                    }
                }
                sm.norm = site_ratio_normalization(ph, &sm.y);
                if (sample_push(out, &sm)) return LQ_ENOMEM;
            }
        }
    return LQ_OK;
}

static double inter_value(int inter, const sample *s) {
    switch (inter) {
        case INTER_NONE:
            return 1.0;
        case INTER_VI:
            return s->ys * s->vi;
        case INTER_VJ:
            return s->ys * s->vj;
        case INTER_VK:
            return s->ys * s->vk;
        default:
            return inter == 0 ? s->ys : s->ys * pow(s->z, (double)inter);
    }
}

static double feat_value(const feat *f, const sample *s, int kind) {
    return lqi_pg_mono_transform(f->p, f->lg, s->T, kind) * inter_value(f->inter, s);
}

/* ============================================================================ fit and score */
/* numpy's pairwise summation (numpy/core/src/umath/loops_utils.h.src pairwise_sum), so that the
 * residual sum of squares is added in numpy's order. */
static double np_pairwise_sum(const double *a, size_t n) {
    if (n < 8) {
        double res = 0.0;
        for (size_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (size_t j = 0; j < 8; j++) r[j] = a[j];
        size_t i;
        for (i = 8; i < n - (n % 8); i += 8)
            for (size_t j = 0; j < 8; j++) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    size_t n2 = n / 2;
    n2 -= n2 % 8;
    return np_pairwise_sum(a, n2) + np_pairwise_sum(a + n2, n - n2);
}

/* selection.fit_model: sklearn LinearRegression(fit_intercept=False) with sample weights, i.e.
 * rows scaled by sqrt(w) and scipy.linalg.lstsq (LAPACK gelsd, cond = max(m, n) * eps); or
 * Ridge(fit_intercept=False, alpha) by its Cholesky path (primal normal equations, or the kernel
 * form when there are more features than samples). */
static lq_status fit_model(const double *A, const double *b, const double *w, size_t m, size_t k,
                           const lq_assess_paramgen_options *opt, double *x) {
    size_t mx = m > k ? m : k;
    double *aw = lqi_malloc_array(m * k, sizeof *aw);
    double *bw = lqi_malloc_array(mx, sizeof *bw);
    lq_status st = LQ_ENOMEM;
    if (!aw || !bw) goto out;
    for (size_t i = 0; i < m; i++) {
        double sw = sqrt(w[i]);
        for (size_t j = 0; j < k; j++) aw[i * k + j] = A[i * k + j] * sw;
        bw[i] = b[i] * sw;
    }
    if (!opt->use_ridge) {
        for (size_t i = m; i < mx; i++) bw[i] = 0.0;
        double rcond = opt->lstsq_cond > 0.0 ? opt->lstsq_cond : (double)mx * DBL_EPSILON;
        st = lqi_lstsq(aw, m, k, bw, rcond, NULL);
        if (st == LQ_OK)
            for (size_t j = 0; j < k; j++) x[j] = bw[j];
        goto out;
    }
    if (k > m) { /* _solve_cholesky_kernel: (X X^T + a I) d = y, coef = X^T d */
        double *K = lqi_malloc_array(m * m, sizeof *K);
        if (!K) goto out;
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++) {
                double s = 0.0;
                for (size_t q = 0; q < k; q++) s += aw[i * k + q] * aw[j * k + q];
                K[i * m + j] = s + (i == j ? opt->ridge_alpha : 0.0);
            }
        st = lqi_linsolve(K, m, bw, 1);
        lqi_free(K);
        if (st == LQ_OK)
            for (size_t j = 0; j < k; j++) {
                double s = 0.0;
                for (size_t i = 0; i < m; i++) s += aw[i * k + j] * bw[i];
                x[j] = s;
            }
    } else { /* _solve_cholesky: (X^T X + a I) coef = X^T y */
        double *N = lqi_malloc_array(k * k, sizeof *N), *r = lqi_malloc_array(k, sizeof *r);
        if (!N || !r) {
            lqi_free(N);
            lqi_free(r);
            goto out;
        }
        for (size_t i = 0; i < k; i++) {
            for (size_t j = 0; j < k; j++) {
                double s = 0.0;
                for (size_t q = 0; q < m; q++) s += aw[q * k + i] * aw[q * k + j];
                N[i * k + j] = s + (i == j ? opt->ridge_alpha : 0.0);
            }
            double s = 0.0;
            for (size_t q = 0; q < m; q++) s += aw[q * k + i] * bw[q];
            r[i] = s;
        }
        st = lqi_linsolve(N, k, r, 1);
        if (st == LQ_OK)
            for (size_t j = 0; j < k; j++) x[j] = r[j];
        lqi_free(N);
        lqi_free(r);
    }
out:
    lqi_free(aw);
    lqi_free(bw);
    return st;
}

/* selection.score_model: the modified AICc with penalty factor p,
 * n ln(RSS/n) + 2pk + (2p^2k^2 + 2pk)/(n - pk - 1), with ESPEI's guard for pk >= n - 1 and
 * RSS = sum((A x - b) * w)^2 floored at 1e-16. */
static double score_model(const double *A, const double *b, const double *w, size_t m, size_t k,
                          const double *x, double p, double *tmp) {
    for (size_t i = 0; i < m; i++) {
        double ax = 0.0;
        for (size_t j = 0; j < k; j++) ax += A[i * k + j] * x[j];
        double r = (ax - b[i]) * w[i];
        tmp[i] = r * r;
    }
    double rss = np_pairwise_sum(tmp, m);
    if (fabs(rss) < 1.0e-16) rss = 1.0e-16;
    double n = (double)m, kk = (double)k, pk = kk * p;
    double aic = n * log(rss / n) + 2.0 * pk;
    double num = 2.0 * (p * p) * (kk * kk) + 2.0 * pk, corr;
    if (pk >= n - 1.0) /* keeps the denominator from vanishing or turning negative */
        corr = num * (-n + pk + 3.0);
    else
        corr = num / (n - pk - 1.0);
    return aic + corr;
}

/* ====================================================================== inserting parameters */
/* paramselect._stable_sort_key: str(sorted(feature.args, key=str)) in SymEngine's printing. */
static void feat_sort_key(const feat *f, char *out, size_t cap) {
    char fac[6][32];
    size_t nf = 0;
    if (f->p == 1)
        snprintf(fac[nf++], 32, "T");
    else if (f->p > 1)
        snprintf(fac[nf++], 32, "T**%d", f->p);
    else if (f->p < 0)
        snprintf(fac[nf++], 32, "T**(%d)", f->p);
    if (f->lg) snprintf(fac[nf++], 32, "log(T)");
    if (f->inter != INTER_NONE) snprintf(fac[nf++], 32, "YS");
    if (f->inter == 1)
        snprintf(fac[nf++], 32, "Z");
    else if (f->inter >= 2 && f->inter <= 9)
        snprintf(fac[nf++], 32, "Z**%d", f->inter);
    else if (f->inter == INTER_VI)
        snprintf(fac[nf++], 32, "V_I");
    else if (f->inter == INTER_VJ)
        snprintf(fac[nf++], 32, "V_J");
    else if (f->inter == INTER_VK)
        snprintf(fac[nf++], 32, "V_K");
    if (nf == 0 || (nf == 1 && (f->p == 0 || f->p == 1))) { /* 1 or a lone Symbol: no args */
        snprintf(out, cap, "[]");
        return;
    }
    if (nf == 1) { /* a lone power T**p: args (T, p), sorted by str */
        snprintf(out, cap, "[%d, T]", f->p);
        return;
    }
    for (size_t i = 1; i < nf; i++)
        for (size_t j = i; j > 0 && strcmp(fac[j - 1], fac[j]) > 0; j--) {
            char t[32];
            memcpy(t, fac[j], 32);
            memcpy(fac[j], fac[j - 1], 32);
            memcpy(fac[j - 1], t, 32);
        }
    size_t o = 0;
    o += (size_t)snprintf(out + o, cap - o, "[");
    for (size_t i = 0; i < nf && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? ", " : "", fac[i]);
    if (o < cap) snprintf(out + o, cap - o, "]");
}

/* Human-readable feature, e.g. "T*log(T)*YS*Z**2". */
static void feat_name(const feat *f, char *out, size_t cap) {
    char t[32] = "", in[32] = "";
    if (f->p == 0)
        t[0] = 0;
    else if (f->p == 1)
        snprintf(t, sizeof t, f->lg ? "T*log(T)" : "T");
    else if (f->p > 1)
        snprintf(t, sizeof t, "T**%d", f->p);
    else
        snprintf(t, sizeof t, "T**(%d)", f->p);
    if (f->inter == 0)
        snprintf(in, sizeof in, "YS");
    else if (f->inter == 1)
        snprintf(in, sizeof in, "YS*Z");
    else if (f->inter >= 2 && f->inter <= 9)
        snprintf(in, sizeof in, "YS*Z**%d", f->inter);
    else if (f->inter == INTER_VI)
        snprintf(in, sizeof in, "YS*V_I");
    else if (f->inter == INTER_VJ)
        snprintf(in, sizeof in, "YS*V_J");
    else if (f->inter == INTER_VK)
        snprintf(in, sizeof in, "YS*V_K");
    if (!t[0] && !in[0])
        snprintf(out, cap, "1");
    else if (!t[0])
        snprintf(out, cap, "%s", in);
    else if (!in[0])
        snprintf(out, cap, "%s", t);
    else
        snprintf(out, cap, "%s*%s", t, in);
}

/* numpy's power_of_ten (numpy/core/src/multiarray/calculation.c). */
static double np_power_of_ten(int n) {
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    if (n < 9) return p10[n];
    double r = 1e9;
    while (n-- > 9) r *= 10.;
    return r;
}

/* utils.sigfigs(x, n) = np.around(x, -floor(log10|x|) + n - 1), with numpy's rounding
 * (multiply, rint, divide; divide, rint, multiply for negative decimals). */
static double sigfigs(double x, int n) {
    if (x == 0.0 || !isfinite(x)) return x;
    int dec = -(int)floor(log10(fabs(x))) + (n - 1);
    if (dec >= 0) {
        double f = np_power_of_ten(dec);
        return rint(x * f) / f;
    }
    double f = np_power_of_ten(-dec);
    return rint(x / f) * f;
}

typedef struct fitted {
    feat f;
    double v;
} fitted;

typedef struct fit_ctx {
    lqi_pg_db *db;
    const lq_dataset_set *data;
    const lq_assess_paramgen_options *opt;
    lq_assess_paramgen_result *res;
    size_t cap_sel;
    long vv_counter;
    lq_diag *diag;
} fit_ctx;

static long next_vv(fit_ctx *fc, double value) {
    lqi_pg_symbol s;
    memset(&s, 0, sizeof s);
    for (;;) { /* paramselect.get_next_symbol */
        snprintf(s.name, sizeof s.name, "VV%04ld", fc->vv_counter);
        if (db_find_symbol(fc->db, s.name) < 0) break;
        fc->vv_counter++;
    }
    s.kind = LQI_PG_SYM_VALUE;
    s.value = sigfigs(value, 6);
    return db_add_symbol(fc->db, &s);
}

/* paramselect.insert_parameter: VV symbols in sorted feature order by descending degree, the
 * GHSER sum for Gibbs endmembers, one parameter per degree and per symmetric configuration. */
static lq_status insert_parameter(fit_ctx *fc, size_t phase, const cfg *c, const symm *sy,
                                  fitted *P, size_t np) {
    lqi_pg_db *db = fc->db;
    const lqi_pg_phase *ph = &db->ph[phase];
    /* stable sort by key */
    char(*keys)[96] = lqi_malloc_array(np ? np : 1, sizeof *keys);
    if (!keys) return LQ_ENOMEM;
    for (size_t i = 0; i < np; i++) feat_sort_key(&P[i].f, keys[i], sizeof keys[i]);
    for (size_t i = 1; i < np; i++)
        for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            fitted t = P[j];
            P[j] = P[j - 1];
            P[j - 1] = t;
            char tk[96];
            memcpy(tk, keys[j], sizeof tk);
            memcpy(keys[j], keys[j - 1], sizeof tk);
            memcpy(keys[j - 1], tk, sizeof tk);
        }
    lqi_free(keys);
    int is_em = !interaction_test(c, 0);
    int is_asym = 0;
    for (size_t i = 0; i < np; i++) is_asym |= P[i].f.inter == INTER_VI && P[i].v != 0.0;
    lqi_pg_term terms[10][MAX_FEAT + MAX_SUBL];
    size_t nterm[10] = {0};
    int used[MAX_FEAT * 3] = {0};
    if (np > MAX_FEAT * 3) return LQ_EINVAL;
    for (int degree = 9; degree >= 0; degree--) {
        int d = is_em ? 0 : degree;
        if (!is_em && is_asym && d > 2) continue;
        for (size_t i = 0; i < np; i++) {
            if (used[i] || P[i].v == 0.0) continue;
            int match;
            const feat *f = &P[i].f;
            if (is_em)
                match = 1;
            else if (is_asym)
                match = f->inter == (d == 0 ? INTER_VI : (d == 1 ? INTER_VJ : INTER_VK));
            else {
                int zpow = (f->inter >= 0 && f->inter <= 9) ? f->inter : 0;
                match = f->inter != INTER_NONE && zpow >= d;
            }
            if (!match) continue;
            long sidx = next_vv(fc, P[i].v);
            if (sidx < 0) return LQ_ENOMEM;
            lqi_pg_term t = {1.0, sidx, f->p, f->lg};
            terms[d][nterm[d]++] = t;
            used[i] = 1;
        }
        if (is_em) break;
    }
    char type = is_em ? 'G' : 'L';
    if (is_em) { /* + sum of site_ratio * GHSER<EL> over the non-VA sublattices */
        for (size_t s = 0; s < c->ns; s++) {
            const char *sp = c->s[s].sp[0];
            if (strcmp(sp, "VA") == 0) continue;
            char gn[16];
            ghser_name(sp, gn);
            long gi = db_find_symbol(db, gn);
            if (gi < 0) {
                lqi_pg_symbol g;
                memset(&g, 0, sizeof g);
                snprintf(g.name, sizeof g.name, "%s", gn);
                g.kind = LQI_PG_SYM_GHSER;
                gi = db_add_symbol(db, &g);
                if (gi < 0) return LQ_ENOMEM;
            }
            lqi_pg_term t = {ph->ratio[s], gi, 0, 0};
            terms[0][nterm[0]++] = t;
        }
    }
    cfg_list group = {0};
    if (symmetric_group(c, sy, &group)) return LQ_ENOMEM;
    for (int d = 0; d < 10; d++) {
        if (!nterm[d]) continue;
        for (size_t g = 0; g < group.n; g++)
            if (db_add_param(db, phase, type, &group.v[g], d, terms[d], nterm[d])) {
                lqi_free(group.v);
                return LQ_ENOMEM;
            }
    }
    lqi_free(group.v);
    return LQ_OK;
}

/* =========================================================================== fit_parameters */
static void cfg_string(const cfg *c, char *out, size_t cap) {
    size_t o = 0;
    out[0] = 0;
    for (size_t s = 0; s < c->ns && o < cap; s++)
        for (size_t k = 0; k < c->s[s].n && o < cap; k++)
            o +=
                (size_t)snprintf(out + o, cap - o, "%s%s", k ? "," : (s ? ":" : ""), c->s[s].sp[k]);
}

static double aicc_factor(const fit_ctx *fc, const char *phase, const char *type) {
    for (size_t i = 0; i < fc->opt->n_aicc_penalty; i++) {
        const lq_assess_aicc_penalty *a = &fc->opt->aicc_penalty[i];
        if (a->phase && a->data_type && strcmp(a->phase, phase) == 0 &&
            strcmp(a->data_type, type) == 0)
            return a->factor;
    }
    return 1.0;
}

static lq_status record_selection(fit_ctx *fc, const lqi_pg_phase *ph, const cfg *c,
                                  const step_def *st, size_t n, size_t ncand, const cand *best,
                                  double aicc) {
    lq_assess_paramgen_result *r = fc->res;
    if (r->n_selections == fc->cap_sel) {
        size_t cap = fc->cap_sel ? 2 * fc->cap_sel : 16;
        lq_assess_paramgen_selection *v = lqi_realloc(r->selections, cap * sizeof *v);
        if (!v) return LQ_ENOMEM;
        r->selections = v;
        fc->cap_sel = cap;
    }
    lq_assess_paramgen_selection *s = &r->selections[r->n_selections];
    memset(s, 0, sizeof *s);
    char cs[512], fs[1024];
    cfg_string(c, cs, sizeof cs);
    size_t o = 0;
    fs[0] = 0;
    for (size_t i = 0; i < best->k && o < sizeof fs; i++) {
        char fn[64];
        feat_name(&best->f[i], fn, sizeof fn);
        o += (size_t)snprintf(fs + o, sizeof fs - o, "%s%s", i ? ", " : "", fn);
    }
    s->phase = lqi_strdup(ph->name);
    s->configuration = lqi_strdup(cs);
    s->data_type = lqi_strdup(st->name);
    s->features = lqi_strdup(fs);
    s->n_samples = n;
    s->n_candidates = ncand;
    s->aicc = aicc;
    r->n_selections++;
    if (!s->phase || !s->configuration || !s->data_type || !s->features) return LQ_ENOMEM;
    return LQ_OK;
}

static lq_status fit_step(fit_ctx *fc, size_t phase, const cfg *c, const symm *sy,
                          const step_def *st, fitted *P, size_t *np) {
    lqi_pg_db *db = fc->db;
    const lqi_pg_phase *ph = &db->ph[phase];
    sample_list S = {0};
    cand_list C = {0};
    double *A = NULL, *b = NULL, *w = NULL, *x = NULL, *best_x = NULL, *tmp = NULL;
    lq_status stt = LQ_OK;
    size_t nsel = 0;
    for (size_t i = 0; i < fc->data->n; i++) {
        const lq_dataset *d = fc->data->ds[i];
        if (!d || !ds_selected(db, d, ph, st, c, sy)) continue;
        nsel++;
        stt = ds_samples(d, ph, c, sy, &S, fc->diag);
        if (stt != LQ_OK) goto out;
    }
    if (nsel == 0) goto out;
    char cs[512];
    cfg_string(c, cs, sizeof cs);
    if (S.n == 0) {
        stt = lqi_diag_set(fc->diag, LQ_EINVAL, NULL, 0, ph->name,
                           "%s data for %s:%s has no values at T >= 298.15 K", st->name, ph->name,
                           cs);
        goto out;
    }
    int rc = redlich_kister_candidates(c, st, &C);
    if (rc == -1) {
        stt = LQ_ENOMEM;
        goto out;
    }
    if (rc < 0) {
        stt = lqi_diag_set(fc->diag, LQ_EUNSUPPORTED, NULL, 0, ph->name,
                           "interaction order of %s not known", cs);
        goto out;
    }
    size_t m = S.n;
    b = lqi_malloc_array(m, sizeof *b);
    w = lqi_malloc_array(m, sizeof *w);
    A = lqi_malloc_array(m * MAX_FEAT, sizeof *A);
    x = lqi_malloc_array(MAX_FEAT, sizeof *x);
    best_x = lqi_malloc_array(MAX_FEAT, sizeof *best_x);
    tmp = lqi_malloc_array(m, sizeof *tmp);
    if (!b || !w || !A || !x || !best_x || !tmp) {
        stt = LQ_ENOMEM;
        goto out;
    }
    /* response vector (StepHM.get_response_vector and shift_reference_state) */
    for (size_t i = 0; i < m; i++) {
        const sample *s = &S.v[i];
        contrib mc = model_transform(db, phase, &s->y, s->T, st->kind);
        double r = s->v * s->norm;
        if (s->mix) r += mc.ref;
        const lq_dataset *d = s->ds;
        for (size_t e = 0; e < d->n_excluded; e++) {
            int dup = 0; /* a set of unique contributions */
            for (size_t q = 0; q < e; q++) dup |= strcmp(d->excluded[q], d->excluded[e]) == 0;
            if (dup) continue;
            if (strcmp(d->excluded[e], "ref") == 0)
                r += mc.ref;
            else if (strcmp(d->excluded[e], "idmix") == 0)
                r += mc.idmix;
            else if (strcmp(d->excluded[e], "xsmix") == 0)
                r += mc.xsmix;
            /* other contributions (mag, 2st, ein, vol, ord) are zero in these models */
        }
        r -= mc.ref + mc.idmix + mc.xsmix;
        double fixed = 0.0;
        for (size_t q = 0; q < *np; q++) fixed += P[q].v * feat_value(&P[q].f, s, st->kind);
        b[i] = r - fixed;
        w[i] = s->w;
        if (!isfinite(b[i])) {
            stt = lqi_diag_set(fc->diag, LQ_EUNSUPPORTED, NULL, 0, ph->name,
                               "the model of %s cannot be evaluated for %s (an interaction "
                               "pycalphad refuses, or a non-finite datum)",
                               ph->name, cs);
            goto out;
        }
    }
    double pfac = aicc_factor(fc, ph->name, st->name);
    double best = (double)INFINITY;
    size_t best_i = (size_t)-1;
    for (size_t ci = 0; ci < C.n; ci++) {
        const cand *cd = &C.v[ci];
        size_t k = cd->k;
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < k; j++) A[i * k + j] = feat_value(&cd->f[j], &S.v[i], st->kind);
        stt = fit_model(A, b, w, m, k, fc->opt, x);
        if (stt != LQ_OK) {
            lqi_diag_set(fc->diag, stt, NULL, 0, ph->name, "least squares failed for %s (%s)", cs,
                         st->name);
            goto out;
        }
        double score = score_model(A, b, w, m, k, x, pfac, tmp);
        if (isinf(score) && score < 0) { /* exact fit: ESPEI stops here */
            best = score;
            best_i = ci;
            memcpy(best_x, x, k * sizeof *x);
            break;
        }
        if (score < best) {
            best = score;
            best_i = ci;
            memcpy(best_x, x, k * sizeof *x);
        }
    }
    if (best_i == (size_t)-1) {
        stt = lqi_diag_set(fc->diag, LQ_ESINGULAR, NULL, 0, ph->name,
                           "no candidate model of %s (%s) could be scored", cs, st->name);
        goto out;
    }
    const cand *bc = &C.v[best_i];
    for (size_t j = 0; j < bc->k; j++) {
        P[*np].f = bc->f[j];
        P[*np].v = best_x[j];
        (*np)++;
    }
    stt = record_selection(fc, ph, c, st, m, C.n, bc, best);
out:
    lqi_free(S.v);
    lqi_free(C.v);
    lqi_free(A);
    lqi_free(b);
    lqi_free(w);
    lqi_free(x);
    lqi_free(best_x);
    lqi_free(tmp);
    return stt;
}

/* paramselect.fit_parameters with the Gibbs energy steps CPM, SM, HM (all "G" parameters). */
static lq_status fit_parameters(fit_ctx *fc, size_t phase, const cfg *c, const symm *sy) {
    if (param_present(fc->db, phase, 'G', c) || param_present(fc->db, phase, 'L', c)) return LQ_OK;
    fitted P[MAX_FEAT * 3];
    size_t np = 0;
    for (size_t i = 0; i < 3; i++) {
        lq_status st = fit_step(fc, phase, c, sy, &k_steps[i], P, &np);
        if (st != LQ_OK) return st;
    }
    return insert_parameter(fc, phase, c, sy, P, np);
}

/* ================================================================================ phase_fit */
static lq_status phase_fit(fit_ctx *fc, size_t phase, const lq_assess_phase_model *pm,
                           const lq_assess_phase_models *models) {
    lqi_pg_db *db = fc->db;
    const lqi_pg_phase *ph = &db->ph[phase];
    symm sy_store, *sy = NULL;
    if (pm->n_equivalent > 0) {
        if (pm->n_equivalent > MAX_SUBL || !pm->equivalent)
            return lqi_diag_set(fc->diag, LQ_EINVAL, NULL, 0, pm->name,
                                "bad equivalent_sublattices");
        sy_store.ng = pm->n_equivalent;
        for (size_t g = 0; g < pm->n_equivalent; g++) {
            sy_store.len[g] = pm->equivalent[g].n;
            if (sy_store.len[g] > MAX_SUBL)
                return lqi_diag_set(fc->diag, LQ_EINVAL, NULL, 0, pm->name,
                                    "bad equivalent_sublattices");
            for (size_t i = 0; i < sy_store.len[g]; i++) {
                size_t ix = pm->equivalent[g].index[i];
                if (ix >= ph->ns)
                    return lqi_diag_set(fc->diag, LQ_EINVAL, NULL, 0, pm->name,
                                        "equivalent_sublattices index %zu out of range", ix);
                sy_store.idx[g][i] = ix;
            }
        }
        sy = &sy_store;
    }
    /* aliases: every name that maps to this phase, sorted (utils.extract_aliases) */
    const char *aliases[64];
    size_t nal = 0;
    aliases[nal++] = pm->name;
    for (size_t p = 0; p < models->n_phases; p++) {
        const lq_assess_phase_model *q = &models->phases[p];
        if (strcmp(q->name, pm->name) != 0) continue;
        for (size_t a = 0; a < q->n_aliases && nal < 64; a++) aliases[nal++] = q->aliases[a];
    }
    qsort(aliases, nal, sizeof aliases[0], cmp_str);

    cfg_list ems = {0}, all = {0}, group = {0}, inter = {0};
    lq_status st = LQ_OK;
    if (generate_endmembers(ph, sy, &ems)) {
        st = LQ_ENOMEM;
        goto out;
    }
    for (size_t e = 0; e < ems.n; e++) {
        const cfg *em = &ems.v[e];
        if (symmetric_group(em, sy, &group)) {
            st = LQ_ENOMEM;
            goto out;
        }
        for (size_t g = 0; g < group.n; g++)
            if (cfg_push(&all, &group.v[g])) {
                st = LQ_ENOMEM;
                goto out;
            }
        if (!param_present(db, phase, 'G', em)) {
            /* pure-component endmember: one element, or one element then a VA sublattice */
            const char *comp = NULL;
            int pure = 0;
            const char *set[MAX_SUBL];
            size_t nset = 0;
            for (size_t s = 0; s < em->ns; s++) {
                int dup = 0;
                for (size_t q = 0; q < nset; q++) dup |= strcmp(set[q], em->s[s].sp[0]) == 0;
                if (!dup) set[nset++] = em->s[s].sp[0];
            }
            if (nset == 1 && strcmp(set[0], "VA") != 0) {
                pure = 1;
                comp = set[0];
            } else if (nset == 2 && strcmp(em->s[em->ns - 1].sp[0], "VA") == 0) {
                int one = 1;
                for (size_t s = 1; s + 1 < em->ns; s++)
                    one &= strcmp(em->s[s].sp[0], em->s[0].sp[0]) == 0;
                if (one) {
                    pure = 1;
                    comp = strcmp(set[0], "VA") == 0 ? set[1] : set[0];
                }
            }
            if (pure) {
                char sym_name[64] = "";
                for (size_t a = 0; a < nal; a++) {
                    char pre[4] = {0};
                    for (size_t i = 0; i < 3 && aliases[a][i]; i++)
                        pre[i] = (char)((aliases[a][i] >= 'a' && aliases[a][i] <= 'z')
                                            ? aliases[a][i] - 32
                                            : aliases[a][i]);
                    snprintf(sym_name, sizeof sym_name, "G%s%s", pre, comp);
                    if (!lqi_pg_ser_find(db->ref_state, comp)) {
                        st = lqi_diag_set(fc->diag, LQ_EUNSUPPORTED, NULL, 0, pm->name,
                                          "no %s unary data for %s in liquidus's table",
                                          db->ref_state, comp);
                        goto out;
                    }
                    const lqi_pg_piecewise *f =
                        lqi_pg_lattice_find(db->ref_state, comp, aliases[a]);
                    if (f) {
                        long si = db_find_symbol(db, sym_name);
                        if (si < 0) {
                            lqi_pg_symbol s;
                            memset(&s, 0, sizeof s);
                            snprintf(s.name, sizeof s.name, "%s", sym_name);
                            s.kind = LQI_PG_SYM_LATTICE;
                            s.f = f;
                            ghser_name(comp, s.ghser);
                            if (db_add_symbol(db, &s) < 0) {
                                st = LQ_ENOMEM;
                                goto out;
                            }
                        } else {
                            db->sym[si].kind = LQI_PG_SYM_LATTICE;
                            db->sym[si].f = f;
                            ghser_name(comp, db->sym[si].ghser);
                        }
                        break;
                    }
                }
                long si = db_find_symbol(db, sym_name);
                if (si >= 0) {
                    double moles = 0.0;
                    for (size_t s = 0; s < em->ns; s++)
                        if (strcmp(em->s[s].sp[0], "VA") != 0) moles += ph->ratio[s];
                    lqi_pg_term t = {moles, si, 0, 0};
                    for (size_t g = 0; g < group.n; g++)
                        if (db_add_param(db, phase, 'G', &group.v[g], 0, &t, 1)) {
                            st = LQ_ENOMEM;
                            goto out;
                        }
                }
            }
        }
        st = fit_parameters(fc, phase, em, sy);
        if (st != LQ_OK) goto out;
    }
    for (size_t order = 2; order <= 3; order++) {
        if (generate_interactions(&all, order, sy, &inter)) {
            st = LQ_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < inter.n; i++) {
            st = fit_parameters(fc, phase, &inter.v[i], sy);
            if (st != LQ_OK) goto out;
        }
    }
out:
    lqi_free(ems.v);
    lqi_free(all.v);
    lqi_free(group.v);
    lqi_free(inter.v);
    return st;
}

/* ====================================================================================== API */
void lq_assess_paramgen_options_default(lq_assess_paramgen_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->ref_state = "SGTE91";
    opt->excess_model = "linear";
    opt->use_ridge = 0;
    opt->ridge_alpha = 0.0;
}

void lq_assess_paramgen_free(lq_assess_paramgen_result *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n_symbols; i++) lqi_free(r->symbols[i].name);
    lqi_free(r->symbols);
    for (size_t i = 0; i < r->n_selections; i++) {
        lq_assess_paramgen_selection *s = &r->selections[i];
        lqi_free(s->phase);
        lqi_free(s->configuration);
        lqi_free(s->data_type);
        lqi_free(s->features);
    }
    lqi_free(r->selections);
    lqi_free(r->tdb);
    lqi_free(r);
}

static void to_upper(char *s) {
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z') *s = (char)(*s - 32);
}

/* database_utils.initialize_database: elements, phases with their active constituents (sorted),
 * GHSER symbols. */
static lq_status init_db(lqi_pg_db *db, const lq_assess_phase_models *m, const char *ref_state,
                         lq_diag *diag) {
    db->ref_state = ref_state;
    db->el = lqi_calloc(m->n_components ? m->n_components : 1, sizeof *db->el);
    if (!db->el) return LQ_ENOMEM;
    for (size_t i = 0; i < m->n_components; i++) {
        if (!m->components[i] || !m->components[i][0])
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "components", "empty component name");
        char *u = lqi_strdup(m->components[i]);
        if (!u) return LQ_ENOMEM;
        to_upper(u);
        if (str_in(u, db->el, db->n_el)) {
            lqi_free(u);
            continue;
        }
        db->el[db->n_el++] = u;
    }
    qsort(db->el, db->n_el, sizeof db->el[0], cmp_str);
    for (size_t i = 0; i < db->n_el; i++) {
        const char *e = db->el[i];
        lqi_pg_symbol s;
        memset(&s, 0, sizeof s);
        s.kind = LQI_PG_SYM_GHSER;
        if (strcmp(e, "VA") == 0) {
            snprintf(s.name, sizeof s.name, "GHSERVA");
        } else {
            const lqi_pg_ser *ser = lqi_pg_ser_find(ref_state, e);
            if (!ser || !ser->ghser)
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, "components",
                                    "no %s unary data for %s in liquidus's table (only AL, B, "
                                    "BI, CO, CR, CU, LA, MG, ND, ZN are transcribed)",
                                    ref_state, e);
            ghser_name(e, s.name);
            s.f = ser->ghser;
        }
        if (db_find_symbol(db, s.name) < 0 && db_add_symbol(db, &s) < 0) return LQ_ENOMEM;
    }
    db->ph = lqi_calloc(m->n_phases ? m->n_phases : 1, sizeof *db->ph);
    if (!db->ph) return LQ_ENOMEM;
    /* phases in fitting order: sorted by name */
    size_t *order = lqi_malloc_array(m->n_phases ? m->n_phases : 1, sizeof *order);
    if (!order) return LQ_ENOMEM;
    for (size_t i = 0; i < m->n_phases; i++) order[i] = i;
    for (size_t i = 1; i < m->n_phases; i++)
        for (size_t j = i;
             j > 0 && strcmp(m->phases[order[j - 1]].name, m->phases[order[j]].name) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    lq_status st = LQ_OK;
    for (size_t oi = 0; oi < m->n_phases; oi++) {
        const lq_assess_phase_model *pm = &m->phases[order[oi]];
        if (!pm->name || pm->n_sublattices == 0 || !pm->sublattices || !pm->site_ratios) {
            st = lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "phases", "phase without name or model");
            break;
        }
        if (pm->n_sublattices > MAX_SUBL) {
            st = lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, pm->name, "more than %d sublattices",
                              MAX_SUBL);
            break;
        }
        lqi_pg_phase ph;
        memset(&ph, 0, sizeof ph);
        ph.name = pm->name;
        ph.ns = pm->n_sublattices;
        int ok = 1;
        for (size_t s = 0; s < ph.ns; s++) {
            const lq_assess_sublattice *sb = &pm->sublattices[s];
            ph.ratio[s] = pm->site_ratios ? pm->site_ratios[s] : 0.0;
            for (size_t k = 0; k < sb->n_species; k++) {
                const char *c = sb->species[k];
                if (!c || !str_in(c, db->el, db->n_el)) continue;
                int dup = 0;
                for (size_t q = 0; q < ph.nc[s]; q++) dup |= strcmp(ph.c[s][q], c) == 0;
                if (dup) continue;
                if (ph.nc[s] == MAX_SP) {
                    lqi_free(order);
                    return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, pm->name,
                                        "more than %d constituents on a sublattice", MAX_SP);
                }
                ph.c[s][ph.nc[s]++] = c;
            }
            qsort(ph.c[s], ph.nc[s], sizeof ph.c[s][0], cmp_str);
            ok &= ph.nc[s] > 0;
        }
        if (ok) db->ph[db->n_ph++] = ph;
    }
    lqi_free(order);
    return st;
}

static const lq_assess_phase_model *find_pm(const lq_assess_phase_models *m, const char *name) {
    for (size_t i = 0; i < m->n_phases; i++)
        if (m->phases[i].name == name) return &m->phases[i];
    return NULL;
}

lq_status lq_assess_paramgen(const lq_assess_phase_models *models, const lq_dataset_set *data,
                             const lq_assess_paramgen_options *opt_in,
                             lq_assess_paramgen_result **out, lq_diag *diag) {
    if (!models || !data || !out || (models->n_components && !models->components) ||
        (models->n_phases && !models->phases) || (data->n && !data->ds))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    lq_assess_paramgen_options opt;
    if (opt_in)
        opt = *opt_in;
    else
        lq_assess_paramgen_options_default(&opt);
    if (!opt.ref_state || !lqi_pg_ref_state_known(opt.ref_state))
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, "ref_state",
                            "reference state %s is not tabulated (SGTE91 is)",
                            opt.ref_state ? opt.ref_state : "(null)");
    if (!opt.excess_model || strcmp(opt.excess_model, "linear") != 0)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, NULL, 0, "excess_model",
                            "only the linear excess model exists (ESPEI 0.9.1)");
    if (opt.use_ridge && !(opt.ridge_alpha >= 0.0 && isfinite(opt.ridge_alpha)))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "ridge_alpha", "must be finite, >= 0");
    if (!(opt.lstsq_cond >= 0.0 && opt.lstsq_cond < 1.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "lstsq_cond", "must be in [0, 1)");
    if (opt.n_aicc_penalty && !opt.aicc_penalty)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "aicc_penalty_factor", "NULL array");

    lqi_pg_db db;
    memset(&db, 0, sizeof db);
    lq_assess_paramgen_result *res = lqi_calloc(1, sizeof *res);
    if (!res) return LQ_ENOMEM;
    fit_ctx fc = {&db, data, &opt, res, 0, 0, diag};
    lq_status st = init_db(&db, models, opt.ref_state, diag);
    for (size_t p = 0; st == LQ_OK && p < db.n_ph; p++)
        st = phase_fit(&fc, p, find_pm(models, db.ph[p].name), models);
    if (st == LQ_OK) {
        size_t nvv = 0;
        for (size_t i = 0; i < db.n_sym; i++) nvv += db.sym[i].kind == LQI_PG_SYM_VALUE;
        res->symbols = lqi_calloc(nvv ? nvv : 1, sizeof *res->symbols);
        if (!res->symbols) st = LQ_ENOMEM;
        for (size_t i = 0; st == LQ_OK && i < db.n_sym; i++) {
            if (db.sym[i].kind != LQI_PG_SYM_VALUE) continue;
            lq_assess_paramgen_symbol *s = &res->symbols[res->n_symbols];
            s->name = lqi_strdup(db.sym[i].name);
            s->value = db.sym[i].value;
            if (!s->name)
                st = LQ_ENOMEM;
            else
                res->n_symbols++;
        }
    }
    if (st == LQ_OK && lqi_pg_db_tdb(&db, &res->tdb)) st = LQ_ENOMEM;
    db_free(&db);
    if (st != LQ_OK) {
        lq_assess_paramgen_free(res);
        return st;
    }
    *out = res;
    return LQ_OK;
}

lq_status lq_assess_paramgen_write_tdb(const lq_assess_paramgen_result *result, const char *path,
                                       lq_diag *diag) {
    if (!result || !result->tdb || !path)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    return lq_file_write_atomic(path, result->tdb, strlen(result->tdb), diag);
}

lq_status lq_assess_paramgen_db(const lq_assess_paramgen_result *result, lq_db **db,
                                lq_diag *diag) {
    if (!result || !result->tdb || !db)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument");
    return lq_db_read_string(result->tdb, "generated parameters", db, diag);
}
