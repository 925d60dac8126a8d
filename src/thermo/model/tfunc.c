/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fast evaluation of temperature functions: range expressions compiled to sums of basis terms. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/thermo_internal.h"

/*
 * Nearly every expression of a CALPHAD database (SGTE unary data, Dinsdale 1991, eq. 1:
 * a + b T + c T ln T + sum d_n T^n, plus references to other functions times constants) is a
 * linear combination of the basis c T^k, c T^k ln T and c F(T). Such expressions are compiled
 * once per system; at each (T, P) the powers T^k and ln T are computed once and every function
 * costs a few multiply-adds, with exact first and second T derivatives:
 *   d/dT T^k = k T^(k-1),   d/dT (T^k ln T) = k T^(k-1) ln T + T^(k-1),
 *   d2/dT2 (T^k ln T) = k(k-1) T^(k-2) ln T + (2k-1) T^(k-2).
 * Expressions outside this form (EXP, P, LN of anything but T, products of functions) keep
 * their tree evaluation (tdb_expr.c); the result is the same up to rounding.
 */

#define KMAX 40 /* |k| allowed in T^k */
#define NTMP 256

typedef struct lin {
    double c0;
    int n;
    lqi_lterm t[NTMP];
} lin;

static void lin_scale(lin *a, double s) {
    a->c0 *= s;
    for (int i = 0; i < a->n; i++) a->t[i].c *= s;
}

static int lin_push(lin *a, int kind, int k, int f, double c) {
    for (int i = 0; i < a->n; i++)
        if (a->t[i].kind == kind && a->t[i].k == k && a->t[i].f == f) {
            a->t[i].c += c;
            return 0;
        }
    if (a->n >= NTMP || k > KMAX || k < -KMAX) return -1;
    lqi_lterm *t = &a->t[a->n++];
    t->kind = kind;
    t->k = k;
    t->f = f;
    t->c = c;
    return 0;
}

static int lin_add(lin *a, const lin *b, double s) {
    a->c0 += s * b->c0;
    for (int i = 0; i < b->n; i++)
        if (lin_push(a, b->t[i].kind, b->t[i].k, b->t[i].f, s * b->t[i].c)) return -1;
    return 0;
}

/* a * b when neither holds function references multiplied by something non-constant. */
static int lin_mul(const lin *a, const lin *b, lin *out) {
    if (a->n == 0) {
        *out = *b;
        lin_scale(out, a->c0);
        return 0;
    }
    if (b->n == 0) {
        *out = *a;
        lin_scale(out, b->c0);
        return 0;
    }
    out->c0 = a->c0 * b->c0;
    out->n = 0;
    for (int i = 0; i < a->n; i++)
        if (a->t[i].kind == 2 || lin_push(out, a->t[i].kind, a->t[i].k, -1, a->t[i].c * b->c0))
            return -1;
    for (int j = 0; j < b->n; j++)
        if (b->t[j].kind == 2 || lin_push(out, b->t[j].kind, b->t[j].k, -1, b->t[j].c * a->c0))
            return -1;
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++) {
            if (a->t[i].kind + b->t[j].kind > 1) return -1; /* ln T squared */
            if (lin_push(out, a->t[i].kind + b->t[j].kind, a->t[i].k + b->t[j].k, -1,
                         a->t[i].c * b->t[j].c))
                return -1;
        }
    return 0;
}

/* Is a exactly T^k (one term, coefficient 1, no constant)? */
static int pure_power(const lin *a, int *k) {
    if (a->n != 1 || a->c0 != 0.0 || a->t[0].kind != 0 || a->t[0].c != 1.0) return 0;
    *k = a->t[0].k;
    return 1;
}

/* Linear form of node i; 0, or -1 when the expression is not of the compiled form. The lin
 * structs are large, so they come from a scratch stack (depth bounded by the tree height). */
static int linearize(const lqi_xpool *p, int i, lin *out, lin *stack, int depth) {
    const lqi_xnode *n = &p->node[i];
    out->c0 = 0.0;
    out->n = 0;
    if (depth > 60) return -1;
    lin *a = stack, *b = stack + 1;
    int k;
    switch (n->kind) {
        case LQI_X_NUM:
            out->c0 = n->num;
            return 0;
        case LQI_X_T:
            return lin_push(out, 0, 1, -1, 1.0);
        case LQI_X_FUN:
            if (n->a >= 0) return lin_push(out, 2, 0, n->a, 1.0);
            if (strcmp(p->unres[n->b], "R") == 0) {
                out->c0 = LQ_GAS_CONSTANT_J_PER_MOL_K;
                return 0;
            }
            return -1;
        case LQI_X_NEG:
            if (linearize(p, n->a, out, stack, depth + 1)) return -1;
            lin_scale(out, -1.0);
            return 0;
        case LQI_X_ADD:
        case LQI_X_SUB:
            if (linearize(p, n->a, out, stack, depth + 1)) return -1;
            if (linearize(p, n->b, a, stack + 1, depth + 1)) return -1;
            return lin_add(out, a, n->kind == LQI_X_ADD ? 1.0 : -1.0);
        case LQI_X_MUL:
            if (linearize(p, n->a, a, stack + 2, depth + 1)) return -1;
            if (linearize(p, n->b, b, stack + 2, depth + 1)) return -1;
            return lin_mul(a, b, out);
        case LQI_X_DIV:
            if (linearize(p, n->a, a, stack + 2, depth + 1)) return -1;
            if (linearize(p, n->b, b, stack + 2, depth + 1)) return -1;
            if (b->n == 0 && b->c0 != 0.0) {
                *out = *a;
                lin_scale(out, 1.0 / b->c0);
                return 0;
            }
            if (pure_power(b, &k)) {
                b->t[0].k = -k;
                return lin_mul(a, b, out);
            }
            return -1;
        case LQI_X_POW:
            if (linearize(p, n->a, a, stack + 2, depth + 1)) return -1;
            if (linearize(p, n->b, b, stack + 2, depth + 1)) return -1;
            if (b->n != 0 || b->c0 != floor(b->c0) || fabs(b->c0) > KMAX) return -1;
            if (pure_power(a, &k)) return lin_push(out, 0, k * (int)b->c0, -1, 1.0);
            if (a->n == 0) {
                out->c0 = pow(a->c0, b->c0);
                return isfinite(out->c0) ? 0 : -1;
            }
            return -1;
        case LQI_X_LN:
            if (linearize(p, n->a, a, stack + 2, depth + 1)) return -1;
            if (pure_power(a, &k) && k == 1) return lin_push(out, 1, 0, -1, 1.0);
            return -1;
        default:
            return -1; /* P, EXP */
    }
}

lq_status lqi_thermo_compile(lq_system *sys) {
    const lqi_xpool *p = &sys->pool;
    sys->rlin = lqi_malloc_array(p->nrange ? p->nrange : 1, sizeof *sys->rlin);
    /* scratch: 2 per level of linearize plus the result */
    lin *stack = lqi_malloc_array(2 * 64 + 2, sizeof *stack);
    if (!sys->rlin || !stack) {
        lqi_free(stack);
        return LQ_ENOMEM;
    }
    for (size_t r = 0; r < p->nrange; r++) sys->rlin[r] = -1;
    sys->kmin = 0;
    sys->kmax = 0;
    lq_status st = LQ_OK;
    for (size_t q = 0; q < sys->nforder && st == LQ_OK; q++) {
        const lqi_func *fn = &p->func[sys->forder[q]];
        for (int r = 0; r < fn->nrange; r++) {
            lin *out = stack + 2 * 64;
            if (linearize(p, p->range[fn->range0 + r].root, out, stack, 0)) continue;
            if (lqi_thermo_grow((void **)&sys->lf, &sys->cap_lf, sys->nlf, sizeof *sys->lf) ||
                lqi_thermo_grow((void **)&sys->lt, &sys->cap_lt, sys->nlt + (size_t)out->n,
                                sizeof *sys->lt)) {
                st = LQ_ENOMEM;
                break;
            }
            lqi_lform *f = &sys->lf[sys->nlf];
            f->c0 = out->c0;
            f->t0 = (int)sys->nlt;
            f->nt = out->n;
            for (int t = 0; t < out->n; t++) {
                sys->lt[sys->nlt++] = out->t[t];
                if (out->t[t].kind == 2) continue;
                if (out->t[t].k - 2 < sys->kmin) sys->kmin = out->t[t].k - 2;
                if (out->t[t].k > sys->kmax) sys->kmax = out->t[t].k;
            }
            sys->rlin[fn->range0 + r] = (int)sys->nlf++;
        }
    }
    lqi_free(stack);
    return st;
}

/*
 * The (T, P) cache of an assessment's workspace (lq_thermo_ws.tc_*). A function that no symbol
 * set by value reaches (through the compiled forms' function terms; any function with a range
 * evaluated from its expression tree counts as reached) has the same value at a (T, P) whatever
 * the symbols' values, so it is evaluated once per (T, P) and then copied: the same bits. At most
 * TC_BYTES of values per workspace; when the table is 3/4 full, further (T, P) are evaluated as
 * usual.
 */
#define TC_BYTES (1u << 20)

static void tc_prepare(lq_thermo_ws *ws) {
    const lq_system *sys = ws->sys;
    const lqi_xpool *p = &sys->pool;
    size_t nf = p->nfunc ? p->nfunc : 1;
    ws->tc_ok = 1;
    ws->tc_nind = 0;
    ws->tc_used = 0;
    if (!ws->tc_dep) ws->tc_dep = lqi_malloc_array(nf, sizeof *ws->tc_dep);
    if (!ws->tc_dep) return;
    memset(ws->tc_dep, 1, nf);
    for (size_t q = 0; q < sys->nforder; q++) {
        int f = sys->forder[q], dep = ws->sym_on[f] != 0;
        const lqi_func *fn = &p->func[f];
        for (int r = 0; r < fn->nrange && !dep; r++) {
            int li = sys->rlin[fn->range0 + r];
            if (li < 0) {
                dep = 1;
                break;
            }
            const lqi_lform *lf = &sys->lf[li];
            for (int j = 0; j < lf->nt && !dep; j++) {
                const lqi_lterm *t = &sys->lt[lf->t0 + j];
                dep = t->kind == 2 && (t->f < 0 || ws->tc_dep[t->f]);
            }
        }
        ws->tc_dep[f] = (unsigned char)dep;
        if (!dep) ws->tc_nind++;
    }
    size_t cap = ws->tc_nind ? TC_BYTES / (ws->tc_nind * sizeof(lqi_jet)) : 0;
    if (cap > 1024) cap = 1024;
    if (cap != ws->tc_cap || cap * ws->tc_nind != ws->tc_nval) {
        lqi_free(ws->tc_key);
        lqi_free(ws->tc_val);
        ws->tc_key = NULL;
        ws->tc_val = NULL;
        ws->tc_cap = 0;
        ws->tc_nval = 0;
        if (cap < 16) return;
        ws->tc_key = lqi_malloc_array(2 * cap, sizeof *ws->tc_key);
        ws->tc_val = lqi_malloc_array(cap * ws->tc_nind, sizeof *ws->tc_val);
        if (!ws->tc_key || !ws->tc_val) return;
        ws->tc_cap = cap;
        ws->tc_nval = cap * ws->tc_nind;
    }
    for (size_t i = 0; i < 2 * ws->tc_cap; i++) ws->tc_key[i] = 0.0;
}

/* The cache entry of (T, P): its values (*hit = 1), or a free entry to fill (*hit = 0), or -1. */
static long tc_find(const lq_thermo_ws *ws, double T, double P, int *hit) {
    size_t cap = ws->tc_cap;
    if (!cap) return -1;
    unsigned long long b;
    memcpy(&b, &T, sizeof b);
    size_t h = (size_t)((b * 0x9E3779B97F4A7C15ULL) >> 20) % cap;
    for (size_t k = 0; k < cap; k++, h = h + 1 == cap ? 0 : h + 1) {
        const double *key = ws->tc_key + 2 * h;
        if (key[0] == 0.0) {
            *hit = 0;
            return 4 * ws->tc_used < 3 * cap ? (long)h : -1;
        }
        if (key[0] == T && key[1] == P) {
            *hit = 1;
            return (long)h;
        }
    }
    return -1;
}

int lqi_thermo_eval_functions(lq_thermo_ws *ws, double T, double P) {
    const lq_system *sys = ws->sys;
    const lqi_xpool *p = &sys->pool;
    /* powers of T needed by the compiled forms, and ln T */
    double *pw = ws->tpow - sys->kmin; /* pw[k] = T^k */
    double inv = 1.0 / T, x = 1.0;
    for (int k = 0; k <= sys->kmax; k++, x *= T) pw[k] = x;
    x = inv;
    for (int k = -1; k >= sys->kmin; k--, x *= inv) pw[k] = x;
    const double L = log(T);
    /* cached values of the functions no symbol reaches (hit), or where to keep them (fill) */
    const lqi_jet *hit = NULL;
    lqi_jet *fill = NULL;
    long slot = -1;
    size_t jc = 0;
    if (ws->sym_on) {
        if (!ws->tc_ok) tc_prepare(ws);
        int h = 0;
        slot = ws->tc_dep ? tc_find(ws, T, P, &h) : -1;
        if (slot >= 0 && h) hit = ws->tc_val + (size_t)slot * ws->tc_nind;
        if (slot >= 0 && !h) fill = ws->tc_val + (size_t)slot * ws->tc_nind;
    }
    for (size_t q = 0; q < sys->nforder; q++) {
        int f = sys->forder[q];
        if (ws->sym_on && ws->sym_on[f]) { /* a symbol set by value (symbols.c) */
            ws->fcache[f] = (lqi_jet){ws->sym_val[f], 0.0, 0.0};
            ws->fgen[f] = ws->gen;
            continue;
        }
        if (hit && !ws->tc_dep[f]) {
            ws->fcache[f] = hit[jc++];
            ws->fgen[f] = ws->gen;
            continue;
        }
        const lqi_func *fn = &p->func[f];
        int r = lqi_thermo_pick_range(p, fn, T, NULL);
        int li = sys->rlin[fn->range0 + r];
        lqi_jet out;
        if (li < 0) {
            if (lqi_thermo_expr_eval(p, p->range[fn->range0 + r].root, T, P, ws->fcache, ws->fgen,
                                     ws->gen, &out, NULL))
                return -1;
        } else {
            const lqi_lform *lf = &sys->lf[li];
            const lqi_lterm *t = sys->lt + lf->t0;
            double v = lf->c0, d = 0.0, dd = 0.0;
            for (int j = 0; j < lf->nt; j++) {
                const double c = t[j].c;
                const int k = t[j].k;
                if (t[j].kind == 0) {
                    v += c * pw[k];
                    d += c * k * pw[k - 1];
                    dd += c * k * (k - 1) * pw[k - 2];
                } else if (t[j].kind == 1) {
                    v += c * pw[k] * L;
                    d += c * (k * pw[k - 1] * L + pw[k - 1]);
                    dd += c * (k * (k - 1) * pw[k - 2] * L + (2 * k - 1) * pw[k - 2]);
                } else {
                    const lqi_jet g = ws->fcache[t[j].f];
                    v += c * g.v;
                    d += c * g.d;
                    dd += c * g.dd;
                }
            }
            out.v = v;
            out.d = d;
            out.dd = dd;
        }
        ws->fcache[f] = out;
        ws->fgen[f] = ws->gen;
        if (fill && !ws->tc_dep[f]) fill[jc++] = out;
    }
    if (fill) { /* every value in place: the entry is now valid */
        ws->tc_key[2 * slot] = T;
        ws->tc_key[2 * slot + 1] = P;
        ws->tc_used++;
    }
    return 0;
}

/*
 * Extrapolated functions of a calculation between T_lo and T_hi: the same test as
 * lqi_thermo_pick_range (below the first lower limit, or not below the last upper limit), over
 * the functions the system evaluates. Asked once per calculation, so set_TP stays as it is.
 */
lq_status lq_system_extrapolations(const lq_system *sys, double T_lo_K, double T_hi_K,
                                   lq_thermo_extrapolation *out, size_t n, size_t *count) {
    if (!sys || !count || (!out && n > 0)) return LQ_EINVAL;
    if (!isfinite(T_lo_K) || !isfinite(T_hi_K) || T_lo_K > T_hi_K) return LQ_EDOM;
    const lqi_xpool *p = &sys->pool;
    size_t k = 0;
    for (size_t q = 0; q < sys->nforder; q++) {
        const lqi_func *fn = &p->func[sys->forder[q]];
        if (fn->nrange < 1) continue;
        double lo = p->range[fn->range0].lo, hi = p->range[fn->range0 + fn->nrange - 1].hi;
        if (!(T_lo_K < lo || T_hi_K >= hi)) continue;
        if (k < n) {
            out[k].function = fn->name;
            out[k].line = fn->line;
            out[k].T_low_K = lo;
            out[k].T_high_K = hi;
        }
        k++;
    }
    *count = k;
    return LQ_OK;
}
