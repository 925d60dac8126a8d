/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TDB arithmetic expressions: parsing, evaluation with T derivatives (jets), printing. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/thermo_internal.h"

/*
 * Expressions follow the Thermo-Calc TDB dialect (Thermo-Calc "Database Manager User's Guide",
 * FUNCTION/PARAMETER statements): numbers, the state variables T (K) and P (Pa), references to
 * FUNCTIONs (with or without the trailing '#'), LN(x) and LOG(x) (both the natural logarithm, as
 * in Thermo-Calc and pycalphad), EXP(x), + - * /, ** (right associative, binds tighter than unary
 * minus: -T**2 = -(T**2)), unary minus/plus and parentheses. Two names are predefined when the
 * database does not define them, as in Thermo-Calc: R (the gas constant) and RTLNP =
 * R*T*LN(1E-5*P).
 */

int lqi_thermo_grow(void **arr, size_t *cap, size_t n, size_t sz) {
    if (n < *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc <= n) nc *= 2;
    void *p = lqi_realloc(*arr, nc * sz);
    if (!p) return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

void lqi_thermo_pool_free(lqi_xpool *p) {
    if (!p) return;
    lqi_free(p->node);
    lqi_free(p->range);
    lqi_free(p->func);
    lqi_free(p->unres);
    lqi_free(p->callee);
    memset(p, 0, sizeof *p);
}

static void *dup_array(const void *src, size_t n, size_t sz) {
    void *d = lqi_malloc_array(n ? n : 1, sz);
    if (d && n) memcpy(d, src, n * sz);
    return d;
}

lq_status lqi_thermo_pool_copy(const lqi_xpool *src, lqi_xpool *dst) {
    memset(dst, 0, sizeof *dst);
    dst->node = dup_array(src->node, src->nnode, sizeof *src->node);
    dst->range = dup_array(src->range, src->nrange, sizeof *src->range);
    dst->func = dup_array(src->func, src->nfunc, sizeof *src->func);
    dst->unres = dup_array(src->unres, src->nunres, sizeof *src->unres);
    dst->callee = dup_array(src->callee, src->ncallee, sizeof *src->callee);
    if (!dst->node || !dst->range || !dst->func || !dst->unres || !dst->callee) {
        lqi_thermo_pool_free(dst);
        return LQ_ENOMEM;
    }
    dst->nnode = dst->cap_node = src->nnode;
    dst->nrange = dst->cap_range = src->nrange;
    dst->nfunc = dst->cap_func = src->nfunc;
    dst->nunres = dst->cap_unres = src->nunres;
    dst->ncallee = dst->cap_callee = src->ncallee;
    return LQ_OK;
}

int lqi_thermo_node_add(lqi_xpool *p, int kind, int a, int b, double num) {
    if (p->nnode >= 0x7fffffff) return -1;
    if (lqi_thermo_grow((void **)&p->node, &p->cap_node, p->nnode, sizeof *p->node)) return -1;
    int h = 1;
    int unary = kind == LQI_X_NEG || kind == LQI_X_LN || kind == LQI_X_EXP || kind == LQI_X_GEIN;
    int binary = kind >= LQI_X_ADD && kind <= LQI_X_POW;
    if (unary || binary) h = 1 + p->node[a].h;
    if (binary && 1 + p->node[b].h > h) h = 1 + p->node[b].h;
    if (h > LQI_TDB_MAX_HEIGHT) return -2;
    lqi_xnode *n = &p->node[p->nnode];
    n->kind = kind;
    n->a = a;
    n->b = b;
    n->h = h;
    n->num = num;
    return (int)p->nnode++;
}

/* ------------------------------------------------------------------ parser */
typedef struct xparser {
    lqi_xpool *pool;
    const char *s;
    size_t len, pos;
    int depth;
    char *err;
    size_t errsize;
    int failed;
} xparser;

static void xp_fail(xparser *xp, const char *fmt, const char *arg) {
    if (xp->failed) return;
    xp->failed = 1;
    if (xp->err && xp->errsize) snprintf(xp->err, xp->errsize, fmt, arg ? arg : "");
}

static void xp_skip(xparser *xp) {
    while (xp->pos < xp->len && isspace((unsigned char)xp->s[xp->pos])) xp->pos++;
}

static int xp_peek(xparser *xp) {
    xp_skip(xp);
    return xp->pos < xp->len ? (unsigned char)xp->s[xp->pos] : 0;
}

static int xp_node(xparser *xp, int kind, int a, int b, double num) {
    if (xp->failed) return -1;
    if (a < 0 || b < 0) {
        xp_fail(xp, "malformed expression%s", "");
        return -1;
    }
    int r = lqi_thermo_node_add(xp->pool, kind, a, b, num);
    if (r == -2) xp_fail(xp, "expression too long or nested too deeply%s", "");
    if (r < 0) xp_fail(xp, "out of memory%s", "");
    return r;
}

static int xp_expr(xparser *xp);
static int xp_unary(xparser *xp);

/* Function nodes start unresolved (a = -1); xp_node refuses negative children, so set it after. */
static int set_unresolved(xparser *xp) {
    int r = (int)xp->pool->nnode - 1;
    xp->pool->node[r].a = -1;
    return r;
}

static int xp_number(xparser *xp) {
    size_t start = xp->pos, i = xp->pos;
    int digits = 0;
    while (i < xp->len && isdigit((unsigned char)xp->s[i])) i++, digits++;
    if (i < xp->len && xp->s[i] == '.') {
        i++;
        while (i < xp->len && isdigit((unsigned char)xp->s[i])) i++, digits++;
    }
    if (!digits) {
        xp_fail(xp, "malformed number%s", "");
        return -1;
    }
    if (i < xp->len && (xp->s[i] == 'E' || xp->s[i] == 'e' || xp->s[i] == 'D' || xp->s[i] == 'd')) {
        size_t j = i + 1;
        if (j < xp->len && (xp->s[j] == '+' || xp->s[j] == '-')) j++;
        if (j < xp->len && isdigit((unsigned char)xp->s[j])) {
            while (j < xp->len && isdigit((unsigned char)xp->s[j])) j++;
            i = j;
        }
    }
    char tmp[80];
    size_t n = i - start;
    if (n >= sizeof tmp) {
        xp_fail(xp, "number too long%s", "");
        return -1;
    }
    memcpy(tmp, xp->s + start, n);
    tmp[n] = '\0';
    for (size_t k = 0; k < n; k++)
        if (tmp[k] == 'D' || tmp[k] == 'd') tmp[k] = 'E'; /* Fortran-style exponent */
    double v;
    if (lqi_parse_double(tmp, n, 0, &v) != 0 || !isfinite(v)) {
        xp_fail(xp, "malformed or out-of-range number '%s'", tmp);
        return -1;
    }
    xp->pos = i;
    return xp_node(xp, LQI_X_NUM, 0, 0, v);
}

static int is_ident_char(int c) { return isalnum(c) || c == '_'; }

static int xp_atom(xparser *xp) {
    int c = xp_peek(xp);
    if (c == '(') {
        xp->pos++;
        int r = xp_expr(xp);
        if (xp_peek(xp) != ')') {
            xp_fail(xp, "missing ')'%s", "");
            return -1;
        }
        xp->pos++;
        return r;
    }
    if (isdigit(c) || c == '.') return xp_number(xp);
    if (isalpha(c) || c == '_') {
        char name[LQI_TDB_NAME_MAX];
        size_t n = 0;
        while (xp->pos < xp->len && is_ident_char((unsigned char)xp->s[xp->pos])) {
            if (n + 1 >= sizeof name) {
                xp_fail(xp, "name too long in expression%s", "");
                return -1;
            }
            name[n++] = (char)toupper((unsigned char)xp->s[xp->pos++]);
        }
        name[n] = '\0';
        int hash = 0;
        if (xp->pos < xp->len && xp->s[xp->pos] == '#') {
            xp->pos++;
            hash = 1;
        }
        if (!hash && xp_peek(xp) == '(') {
            int kind;
            if (strcmp(name, "LN") == 0 || strcmp(name, "LOG") == 0) {
                kind = LQI_X_LN;
            } else if (strcmp(name, "EXP") == 0) {
                kind = LQI_X_EXP;
            } else if (strcmp(name, "GEIN") == 0) {
                kind = LQI_X_GEIN;
            } else {
                xp_fail(xp, "unknown mathematical function '%s' (LN, LOG, EXP and GEIN are known)",
                        name);
                return -1;
            }
            xp->pos++;
            int a = xp_expr(xp);
            if (xp_peek(xp) != ')') {
                xp_fail(xp, "missing ')' after the argument of %s", name);
                return -1;
            }
            xp->pos++;
            return xp_node(xp, kind, a, 0, 0.0);
        }
        if (!hash && strcmp(name, "T") == 0) return xp_node(xp, LQI_X_T, 0, 0, 0.0);
        if (!hash && strcmp(name, "P") == 0) return xp_node(xp, LQI_X_P, 0, 0, 0.0);
        /* function reference, resolved after the whole database is read */
        lqi_xpool *p = xp->pool;
        size_t k;
        for (k = 0; k < p->nunres; k++)
            if (strcmp(p->unres[k], name) == 0) break;
        if (k == p->nunres) {
            if (lqi_thermo_grow((void **)&p->unres, &p->cap_unres, p->nunres, sizeof *p->unres)) {
                xp_fail(xp, "out of memory%s", "");
                return -1;
            }
            memcpy(p->unres[p->nunres++], name, n + 1);
        }
        return xp_node(xp, LQI_X_FUN, 0, (int)k, 0.0) >= 0 ? set_unresolved(xp) : -1;
    }
    if (c == 0) {
        xp_fail(xp, "expression ends where a value is expected%s", "");
    } else {
        char t[2] = {(char)c, 0};
        xp_fail(xp, "unexpected character '%s' in expression", t);
    }
    return -1;
}

static int xp_power(xparser *xp) {
    int base = xp_atom(xp);
    if (xp->failed) return -1;
    xp_skip(xp);
    if (xp->pos + 1 < xp->len && xp->s[xp->pos] == '*' && xp->s[xp->pos + 1] == '*') {
        xp->pos += 2;
        int ex = xp_unary(xp); /* right associative; T**-1 is accepted as T**(-1) */
        return xp_node(xp, LQI_X_POW, base, ex, 0.0);
    }
    return base;
}

static int xp_unary(xparser *xp) {
    if (++xp->depth > LQI_TDB_MAX_DEPTH) {
        xp_fail(xp, "expression nested too deeply%s", "");
        return -1;
    }
    int c = xp_peek(xp), r;
    if (c == '-' || c == '+') {
        xp->pos++;
        int a = xp_unary(xp);
        if (xp->failed) return -1;
        if (c == '+') {
            r = a;
        } else if (xp->pool->node[a].kind == LQI_X_NUM) {
            xp->pool->node[a].num = -xp->pool->node[a].num; /* fold "-5" into one constant */
            r = a;
        } else {
            r = xp_node(xp, LQI_X_NEG, a, 0, 0.0);
        }
    } else {
        r = xp_power(xp);
    }
    xp->depth--;
    return r;
}

static int xp_term(xparser *xp) {
    int a = xp_unary(xp);
    for (;;) {
        if (xp->failed) return -1;
        int c = xp_peek(xp);
        if (c == '*' && !(xp->pos + 1 < xp->len && xp->s[xp->pos + 1] == '*')) {
            xp->pos++;
            int b = xp_unary(xp);
            a = xp_node(xp, LQI_X_MUL, a, b, 0.0);
        } else if (c == '/') {
            xp->pos++;
            int b = xp_unary(xp);
            a = xp_node(xp, LQI_X_DIV, a, b, 0.0);
        } else {
            return a;
        }
    }
}

static int xp_expr(xparser *xp) {
    if (++xp->depth > LQI_TDB_MAX_DEPTH) {
        xp_fail(xp, "expression nested too deeply%s", "");
        return -1;
    }
    int a = xp_term(xp);
    for (;;) {
        if (xp->failed) return -1;
        int c = xp_peek(xp);
        if (c == '+' || c == '-') {
            xp->pos++;
            int b = xp_term(xp);
            a = xp_node(xp, c == '+' ? LQI_X_ADD : LQI_X_SUB, a, b, 0.0);
        } else {
            xp->depth--;
            return a;
        }
    }
}

int lqi_thermo_expr_parse(lqi_xpool *p, const char *s, size_t len, char *errbuf, size_t errsize) {
    xparser xp = {p, s, len, 0, 0, errbuf, errsize, 0};
    if (errbuf && errsize) errbuf[0] = '\0';
    int r = xp_expr(&xp);
    if (!xp.failed && xp_peek(&xp) != 0) {
        char t[2] = {xp.s[xp.pos], 0};
        xp_fail(&xp, "unexpected '%s' in expression", t);
    }
    return xp.failed ? -1 : r;
}

/* ------------------------------------------------------------------ evaluation */
/* Jet arithmetic: value and first and second derivatives with respect to T (chain rule). */
static lqi_jet jmul(lqi_jet a, lqi_jet b) {
    lqi_jet r = {a.v * b.v, a.d * b.v + a.v * b.d, a.dd * b.v + 2.0 * a.d * b.d + a.v * b.dd};
    return r;
}

static lqi_jet jinv(lqi_jet b) {
    double i = 1.0 / b.v;
    lqi_jet r = {i, -b.d * i * i, 2.0 * b.d * b.d * i * i * i - b.dd * i * i};
    return r;
}

/* f(a) given f, f', f'' at a.v */
static lqi_jet jcompose(lqi_jet a, double f, double f1, double f2) {
    lqi_jet r = {f, f1 * a.d, f1 * a.dd + f2 * a.d * a.d};
    return r;
}

/*
 * GEIN(theta): the Gibbs energy of an Einstein solid with Einstein temperature theta (K), the
 * integrated low-temperature heat capacity, as OpenCalphad defines its unary function GEIN
 * (src/models/gtp3Z.F90, tpfun_geinstein): f = 1.5 R theta + 3 R T ln(1 - exp(-theta/T)).
 * With u = theta/T and s = 1/(exp(u) - 1): f_theta = 1.5 R + 3 R s, f_T = 3 R (ln(1 - e^-u) - u s),
 * f_theta,theta = -3 R s (1 + s)/T, f_theta,T = 3 R u s (1 + s)/T, f_T,T = -3 R u^2 s (1 + s)/T,
 * the last one -Cv/T of the Einstein solid. theta may depend on T (chain rule); OpenCalphad
 * requires a constant. theta <= 0 gives a non-finite value.
 */
static lqi_jet gein_jet(lqi_jet th, double T) {
    const double R = LQ_GAS_CONSTANT_J_PER_MOL_K;
    double u = th.v / T;
    double s = 1.0 / expm1(u); /* exp overflows to inf for large u: s = 0, as it should */
    double ss = s * (1.0 + s), L = log1p(-exp(-u));
    double f = 1.5 * R * th.v + 3.0 * R * T * L;
    double ft = 1.5 * R + 3.0 * R * s, fT = 3.0 * R * (L - u * s);
    double ftt = -3.0 * R * ss / T, ftT = 3.0 * R * u * ss / T, fTT = -3.0 * R * u * u * ss / T;
    if (!(u > 0.0)) {
        lqi_jet bad = {(double)NAN, (double)NAN, (double)NAN};
        return bad;
    }
    lqi_jet r = {f, fT + ft * th.d, fTT + 2.0 * ftT * th.d + ftt * th.d * th.d + ft * th.dd};
    return r;
}

static int const_int_exponent(double e, long *n) {
    if (fabs(e) <= 64.0 && e == floor(e)) {
        *n = (long)e;
        return 1;
    }
    return 0;
}

static double ipow(double x, long n) {
    double r = 1.0, b = x;
    unsigned long m = (unsigned long)(n < 0 ? -n : n);
    while (m) {
        if (m & 1u) r *= b;
        b *= b;
        m >>= 1;
    }
    return n < 0 ? 1.0 / r : r;
}

typedef struct xeval {
    const lqi_xpool *p;
    double T, P;
    const lqi_jet *fcache;
    const unsigned *fgen;
    unsigned gen;
    const char *missing;
} xeval;

static int xeval_node(xeval *e, int i, lqi_jet *out) {
    const lqi_xnode *n = &e->p->node[i];
    lqi_jet a, b;
    switch (n->kind) {
        case LQI_X_NUM:
            out->v = n->num;
            out->d = out->dd = 0.0;
            return 0;
        case LQI_X_T:
            out->v = e->T;
            out->d = 1.0;
            out->dd = 0.0;
            return 0;
        case LQI_X_P:
            out->v = e->P;
            out->d = out->dd = 0.0;
            return 0;
        case LQI_X_FUN:
            if (n->a < 0) {
                /* Thermo-Calc's predefined symbols, used when the database does not define them */
                const char *nm = e->p->unres[n->b];
                if (strcmp(nm, "R") == 0) {
                    out->v = LQ_GAS_CONSTANT_J_PER_MOL_K;
                    out->d = out->dd = 0.0;
                    return 0;
                }
                if (strcmp(nm, "RTLNP") == 0) {
                    double R = LQ_GAS_CONSTANT_J_PER_MOL_K, l = log(1e-5 * e->P);
                    out->v = R * e->T * l;
                    out->d = R * l;
                    out->dd = 0.0;
                    return 0;
                }
                e->missing = nm;
                return -1;
            }
            if (!e->fgen || e->fgen[n->a] != e->gen) {
                e->missing = e->p->func[n->a].name;
                return -1;
            }
            *out = e->fcache[n->a];
            return 0;
        case LQI_X_NEG:
            if (xeval_node(e, n->a, &a)) return -1;
            out->v = -a.v;
            out->d = -a.d;
            out->dd = -a.dd;
            return 0;
        case LQI_X_LN:
            if (xeval_node(e, n->a, &a)) return -1;
            *out = jcompose(a, log(a.v), 1.0 / a.v, -1.0 / (a.v * a.v));
            return 0;
        case LQI_X_EXP: {
            if (xeval_node(e, n->a, &a)) return -1;
            double x = exp(a.v);
            *out = jcompose(a, x, x, x);
            return 0;
        }
        case LQI_X_GEIN:
            if (xeval_node(e, n->a, &a)) return -1;
            *out = gein_jet(a, e->T);
            return 0;
        default:
            break;
    }
    if (xeval_node(e, n->a, &a) || xeval_node(e, n->b, &b)) return -1;
    switch (n->kind) {
        case LQI_X_ADD:
            out->v = a.v + b.v;
            out->d = a.d + b.d;
            out->dd = a.dd + b.dd;
            return 0;
        case LQI_X_SUB:
            out->v = a.v - b.v;
            out->d = a.d - b.d;
            out->dd = a.dd - b.dd;
            return 0;
        case LQI_X_MUL:
            *out = jmul(a, b);
            return 0;
        case LQI_X_DIV:
            *out = jmul(a, jinv(b));
            return 0;
        case LQI_X_POW: {
            long k;
            if (b.d == 0.0 && b.dd == 0.0 && const_int_exponent(b.v, &k)) {
                /* integer powers (T**2, T**(-9)): exact for negative bases too */
                double f = ipow(a.v, k), f1 = (double)k * ipow(a.v, k - 1),
                       f2 = (double)k * (double)(k - 1) * ipow(a.v, k - 2);
                *out = jcompose(a, f, f1, f2);
            } else if (b.d == 0.0 && b.dd == 0.0) {
                double c = b.v;
                *out = jcompose(a, pow(a.v, c), c * pow(a.v, c - 1.0),
                                c * (c - 1.0) * pow(a.v, c - 2.0));
            } else {
                /* a**b = exp(b ln a) */
                lqi_jet la = jcompose(a, log(a.v), 1.0 / a.v, -1.0 / (a.v * a.v));
                lqi_jet m = jmul(b, la);
                double x = exp(m.v);
                *out = jcompose(m, x, x, x);
            }
            return 0;
        }
        default:
            return -1;
    }
}

/*
 * Range selection. Inside the tabulated ranges: lo <= T < hi of a range. Outside: pycalphad
 * (since its PR #431 of August 2023, "Model/calculate: Piecewise branching performance and
 * extrapolation") extrapolates every piecewise expression, using the first range's expression
 * below the lowest limit and the last range's above the highest; liquidus does the same.
 */
int lqi_thermo_pick_range(const lqi_xpool *p, const lqi_func *fn, double T, int *extrap) {
    const lqi_range *r = p->range + fn->range0;
    int n = fn->nrange;
    if (extrap) *extrap = 0;
    if (T < r[0].lo) {
        if (extrap) *extrap = 1;
        return 0;
    }
    for (int k = 0; k < n; k++)
        if (T < r[k].hi) return k;
    if (extrap) *extrap = 1;
    return n - 1;
}

int lqi_thermo_expr_eval(const lqi_xpool *p, int root, double T, double P, const lqi_jet *fcache,
                         const unsigned *fgen, unsigned gen, lqi_jet *out, const char **missing) {
    xeval e = {p, T, P, fcache, fgen, gen, NULL};
    int r = xeval_node(&e, root, out);
    if (missing) *missing = e.missing;
    return r;
}

int lqi_thermo_func_eval(const lqi_xpool *p, int f, double T, double P, lqi_jet *fcache,
                         unsigned *fgen, unsigned gen, lqi_jet *out, int *extrap,
                         const char **missing) {
    const lqi_func *fn = &p->func[f];
    if (missing) *missing = NULL;
    if (fn->nrange <= 0) return -1;
    int k = lqi_thermo_pick_range(p, fn, T, extrap);
    if (lqi_thermo_expr_eval(p, p->range[fn->range0 + k].root, T, P, fcache, fgen, gen, out,
                             missing))
        return -1;
    if (fcache && fgen) {
        fcache[f] = *out;
        fgen[f] = gen;
    }
    return 0;
}

/* ------------------------------------------------------------------ call graph */
static int collect_callees(lqi_xpool *p, int node, int f) {
    const lqi_xnode *n = &p->node[node];
    switch (n->kind) {
        case LQI_X_FUN:
            if (n->a < 0) return 0;
            for (int k = 0; k < p->func[f].ncallee; k++)
                if (p->callee[p->func[f].callee0 + k] == n->a) return 0;
            if (lqi_thermo_grow((void **)&p->callee, &p->cap_callee, p->ncallee, sizeof *p->callee))
                return -1;
            p->callee[p->ncallee++] = n->a;
            p->func[f].ncallee++;
            return 0;
        case LQI_X_NEG:
        case LQI_X_LN:
        case LQI_X_EXP:
        case LQI_X_GEIN:
            return collect_callees(p, n->a, f);
        case LQI_X_ADD:
        case LQI_X_SUB:
        case LQI_X_MUL:
        case LQI_X_DIV:
        case LQI_X_POW:
            if (collect_callees(p, n->a, f)) return -1;
            return collect_callees(p, n->b, f);
        default:
            return 0;
    }
}

int lqi_thermo_pool_callees(lqi_xpool *p) {
    p->ncallee = 0;
    for (size_t f = 0; f < p->nfunc; f++) {
        lqi_func *fn = &p->func[f];
        fn->callee0 = (int)p->ncallee;
        fn->ncallee = 0;
        for (int k = 0; k < fn->nrange; k++)
            if (collect_callees(p, p->range[fn->range0 + k].root, (int)f)) return -1;
    }
    return 0;
}

int lqi_thermo_func_order(const lqi_xpool *p, const int *roots, size_t nroots, int *order,
                          size_t *norder, int *cyc) {
    size_t n = p->nfunc, no = 0;
    *norder = 0;
    if (n == 0) return 0;
    /* iterative depth-first search; state 0 new, 1 on the stack, 2 done */
    unsigned char *state = lqi_calloc(n, 1);
    int *stk = lqi_malloc_array(n, sizeof *stk), *pos = lqi_malloc_array(n, sizeof *pos);
    if (!state || !stk || !pos) {
        lqi_free(state);
        lqi_free(stk);
        lqi_free(pos);
        return -1;
    }
    int rc = 0;
    for (size_t r = 0; r < nroots && rc == 0; r++) {
        int f0 = roots[r];
        if (f0 < 0 || (size_t)f0 >= n || state[f0] == 2) continue;
        size_t top = 0;
        stk[top] = f0;
        pos[top] = 0;
        state[f0] = 1;
        top++;
        while (top > 0) {
            int f = stk[top - 1];
            const lqi_func *fn = &p->func[f];
            if (pos[top - 1] < fn->ncallee) {
                int g = p->callee[fn->callee0 + pos[top - 1]++];
                if (state[g] == 1) {
                    if (cyc) *cyc = g;
                    rc = -2;
                    break;
                }
                if (state[g] == 0) {
                    state[g] = 1;
                    stk[top] = g;
                    pos[top] = 0;
                    top++;
                }
            } else {
                state[f] = 2;
                order[no++] = f;
                top--;
            }
        }
    }
    lqi_free(state);
    lqi_free(stk);
    lqi_free(pos);
    *norder = no;
    return rc;
}

/* ------------------------------------------------------------------ printing */
static int sb_put(char **buf, size_t *len, size_t *cap, const char *s) {
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t nc = *cap ? *cap : 256;
        while (*len + n + 1 > nc) nc *= 2;
        char *q = lqi_realloc(*buf, nc);
        if (!q) return -1;
        *buf = q;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    return 0;
}

/* Shortest decimal text that reads back to exactly the same double. */
static void fmt_num(double v, char *out, size_t size) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, size, "%.*G", prec, v);
        double back;
        if (lqi_parse_double(out, strlen(out), 0, &back) == 0 && back == v) break;
    }
}

/* Precedence: 1 sum, 2 product, 3 unary minus, 4 power, 5 atom. */
static int prec_of(const lqi_xpool *p, int i) {
    const lqi_xnode *n = &p->node[i];
    switch (n->kind) {
        case LQI_X_ADD:
        case LQI_X_SUB:
            return 1;
        case LQI_X_MUL:
        case LQI_X_DIV:
            return 2;
        case LQI_X_NEG:
            return 3;
        case LQI_X_POW:
            return 4;
        case LQI_X_NUM:
            return n->num < 0.0 || (n->num == 0.0 && signbit(n->num)) ? 3 : 5;
        default:
            return 5;
    }
}

static int print_node(const lqi_xpool *p, int i, char **b, size_t *l, size_t *c, int depth);

static int print_child(const lqi_xpool *p, int i, int minprec, char **b, size_t *l, size_t *c,
                       int depth) {
    int paren = prec_of(p, i) < minprec;
    if (paren && sb_put(b, l, c, "(")) return -1;
    if (print_node(p, i, b, l, c, depth + 1)) return -1;
    if (paren && sb_put(b, l, c, ")")) return -1;
    return 0;
}

static int print_node(const lqi_xpool *p, int i, char **b, size_t *l, size_t *c, int depth) {
    const lqi_xnode *n = &p->node[i];
    char tmp[LQI_TDB_NAME_MAX + 8];
    if (depth > LQI_TDB_MAX_HEIGHT + 2) return -1;
    switch (n->kind) {
        case LQI_X_NUM:
            fmt_num(n->num, tmp, sizeof tmp);
            return sb_put(b, l, c, tmp);
        case LQI_X_T:
            return sb_put(b, l, c, "T");
        case LQI_X_P:
            return sb_put(b, l, c, "P");
        case LQI_X_FUN:
            snprintf(tmp, sizeof tmp, "%s#", n->a >= 0 ? p->func[n->a].name : p->unres[n->b]);
            return sb_put(b, l, c, tmp);
        case LQI_X_LN:
        case LQI_X_EXP:
        case LQI_X_GEIN:
            if (sb_put(b, l, c,
                       n->kind == LQI_X_LN    ? "LN("
                       : n->kind == LQI_X_EXP ? "EXP("
                                              : "GEIN("))
                return -1;
            if (print_node(p, n->a, b, l, c, depth + 1)) return -1;
            return sb_put(b, l, c, ")");
        case LQI_X_NEG:
            if (sb_put(b, l, c, "-")) return -1;
            return print_child(p, n->a, 4, b, l, c, depth);
        case LQI_X_ADD:
        case LQI_X_SUB: {
            if (print_child(p, n->a, 1, b, l, c, depth)) return -1;
            /* a+(-x) is written a-x and a-(-x) a+x: the same double results, exactly */
            const lqi_xnode *r = &p->node[n->b];
            int neg = r->kind == LQI_X_NEG || (r->kind == LQI_X_NUM && signbit(r->num));
            int plus = (n->kind == LQI_X_ADD) != neg;
            if (sb_put(b, l, c, plus ? "+" : "-")) return -1;
            if (r->kind == LQI_X_NEG) return print_child(p, r->a, 2, b, l, c, depth);
            if (r->kind == LQI_X_NUM && neg) {
                fmt_num(-r->num, tmp, sizeof tmp);
                return sb_put(b, l, c, tmp);
            }
            return print_child(p, n->b, 2, b, l, c, depth);
        }
        case LQI_X_MUL:
        case LQI_X_DIV:
            if (print_child(p, n->a, 2, b, l, c, depth)) return -1;
            if (sb_put(b, l, c, n->kind == LQI_X_MUL ? "*" : "/")) return -1;
            return print_child(p, n->b, n->kind == LQI_X_MUL ? 4 : 5, b, l, c, depth);
        case LQI_X_POW:
            if (print_child(p, n->a, 5, b, l, c, depth)) return -1;
            if (sb_put(b, l, c, "**")) return -1;
            if (prec_of(p, n->b) == 5) return print_node(p, n->b, b, l, c, depth + 1);
            if (sb_put(b, l, c, "(")) return -1;
            if (print_node(p, n->b, b, l, c, depth + 1)) return -1;
            return sb_put(b, l, c, ")");
        default:
            return -1;
    }
}

int lqi_thermo_expr_print(const lqi_xpool *p, int root, char **buf, size_t *len, size_t *cap) {
    return print_node(p, root, buf, len, cap, 0);
}
