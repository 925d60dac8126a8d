/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reader of ChemSage/FactSage/Thermochimica .dat databases into an lq_db. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "thermo/model/kt_internal.h"
#include "thermo/model/mqmqa_internal.h"
#include "thermo/thermo_internal.h"

/*
 * The format, as ChemApp's manual ("The format of a ChemApp data-file") describes it and as
 * Thermochimica (src/parser/ParseCS*.f90) and pycalphad (pycalphad/io/cs_dat.py) read it: a title
 * line; the numbers of elements, solution phases, species of each solution phase and
 * stoichiometric compounds; element names and masses; the indices of the Gibbs-energy and excess
 * coefficients in use; then the solution phases and the compounds. Everything after the title is
 * read as blank-separated tokens (as Fortran list-directed input reads it, except that a short
 * line does not drop trailing values), so errors name the line of the token that is wrong.
 *
 * A Gibbs energy is given in temperature intervals, each valid up to its T_max:
 *   G = a + b T + c T ln T + d T^2 + e T^3 + f / T + sum_k g_k T^p_k      (p_k = 99: g_k ln T)
 * (data options 1 and 4; +12 when a Curie temperature and a magnetic moment follow).
 * Models kept: IDMX (ideal), RKMP/RKMPM (Redlich-Kister-Muggianu, magnetic), SUBL/SUBLM (compound
 * energy formalism) as CEF phases; SUBG/SUBQ (modified quasichemical model in the quadruplet
 * approximation) as an MQMQA record (model/mqmqa_internal.h); SUBI (ionic liquid) as a phase of
 * the ionic record (model/ionic.c); QKTO (Kohler-Toop polynomial) as a CEF phase and SUBM as an
 * ionic liquid phase, each with its Kohler-Toop excess record (model/kt_internal.h). Other
 * models, heat-capacity data options and molar volumes are refused.
 */

#define TOK_MAX 128
#define MAX_COEF 16

typedef struct dat {
    const char *s;
    size_t pos, len;
    long line;     /* line of the last token read */
    long cur_line; /* line at pos */
    const char *file;
    const char *field; /* what is being read (for messages) */
    lq_db *db;
    lq_diag *diag;
    int nel;
    int ngc, gidx[MAX_COEF]; /* Gibbs coefficient positions: 1 T TlnT T2 T3 1/T */
    int nxc, xidx[MAX_COEF]; /* excess coefficient positions: same, then P, P2 */
} dat;

static lq_status fail(dat *d, lq_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static lq_status fail(dat *d, lq_status st, const char *fmt, ...) {
    char msg[LQ_DIAG_MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lqi_diag_set(d->diag, st, d->file, d->line, d->field ? d->field : "", "%s", msg);
}

static lq_status warn(dat *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static lq_status warn(dat *d, const char *fmt, ...) {
    char msg[LQ_DIAG_MSG_SIZE + LQ_DIAG_FILE_SIZE];
    int k = snprintf(msg, sizeof msg, "%s:%ld: ", d->file, d->line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + (k > 0 ? k : 0), sizeof msg - (size_t)(k > 0 ? k : 0), fmt, ap);
    va_end(ap);
    lq_db *db = d->db;
    char *s = lqi_strdup(msg);
    if (!s || lqi_thermo_grow((void **)&db->warn, &db->cap_warn, db->nwarn, sizeof *db->warn)) {
        lqi_free(s);
        return fail(d, LQ_ENOMEM, "out of memory");
    }
    db->warn[db->nwarn++] = s;
    return LQ_OK;
}

#define NOMEM(d) fail((d), LQ_ENOMEM, "out of memory")

/* ------------------------------------------------------------------ tokens */
/* Next blank-separated token into buf (NUL-terminated); 0 at the end of the text, -1 too long. */
static int tok_peek(dat *d, char *buf, size_t *after, long *line) {
    size_t p = d->pos;
    long ln = d->cur_line;
    while (p < d->len && isspace((unsigned char)d->s[p])) {
        if (d->s[p] == '\n') ln++;
        p++;
    }
    if (p >= d->len) return 0;
    size_t st = p;
    while (p < d->len && !isspace((unsigned char)d->s[p])) p++;
    *line = ln;
    if (p - st >= TOK_MAX) return -1;
    memcpy(buf, d->s + st, p - st);
    buf[p - st] = '\0';
    *after = p;
    *line = ln;
    return 1;
}

static lq_status tok(dat *d, char *buf) {
    size_t after = d->pos;
    long ln = d->cur_line;
    int rc = tok_peek(d, buf, &after, &ln);
    if (rc == 0) {
        d->line = d->cur_line;
        return fail(d, LQ_EPARSE, "unexpected end of file while reading %s",
                    d->field ? d->field : "data");
    }
    d->line = ln;
    if (rc < 0) return fail(d, LQ_EPARSE, "token longer than %d characters", TOK_MAX - 1);
    d->pos = after;
    d->cur_line = ln;
    return LQ_OK;
}

static lq_status tok_num(dat *d, double *v) {
    char b[TOK_MAX];
    lq_status st = tok(d, b);
    if (st) return st;
    for (char *q = b; *q; q++)
        if (*q == 'D' || *q == 'd') *q = 'E'; /* Fortran double exponents */
    char *end;
    *v = strtod(b, &end);
    if (end == b || *end || !isfinite(*v))
        return fail(d, LQ_EPARSE, "'%s' is not a number (%s)", b, d->field ? d->field : "");
    return LQ_OK;
}

static lq_status tok_int(dat *d, long lo, long hi, int *v) {
    char b[TOK_MAX];
    lq_status st = tok(d, b);
    if (st) return st;
    char *end;
    long x = strtol(b, &end, 10);
    if (end == b || *end)
        return fail(d, LQ_EPARSE, "'%s' is not an integer (%s)", b, d->field ? d->field : "");
    if (x < lo || x > hi)
        return fail(d, LQ_EPARSE, "%ld is outside %ld..%ld (%s)", x, lo, hi,
                    d->field ? d->field : "");
    *v = (int)x;
    return LQ_OK;
}

static lq_status tok_name(dat *d, char *name) {
    char b[TOK_MAX];
    lq_status st = tok(d, b);
    if (st) return st;
    if (strlen(b) >= LQI_TDB_NAME_MAX) return fail(d, LQ_EPARSE, "name '%s' too long", b);
    memcpy(name, b, strlen(b) + 1);
    return LQ_OK;
}

/* Skips the rest of the line of the last token: a name line holds the name first and then
 * anything (Thermochimica reads it list-directed, which drops the rest of the record): "#" for a
 * dummy species, two numbers after SUBQ endmembers, "= MIXTURE PHASE = 1" after a phase name.
 * Returns 1 when a token "#" was on it. */
static int skip_line(dat *d) {
    int hash = 0;
    size_t p = d->pos;
    while (p < d->len && d->s[p] != '\n') {
        if (d->s[p] == '#' && (p == d->pos || isspace((unsigned char)d->s[p - 1]))) hash = 1;
        p++;
    }
    d->pos = p;
    return hash;
}

static void upcase(char *s) {
    for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

/* ------------------------------------------------------------------ expressions */
static int node(dat *d, int kind, int a, int b, double v) {
    return lqi_thermo_node_add(&d->db->pool, kind, a, b, v);
}

/* c * T^p (p = 99: c ln T) appended to the sum `acc` (-1: empty); -1 when out of memory. */
static int add_power(dat *d, int acc, double c, double p) {
    if (c == 0.0) return acc < 0 ? node(d, LQI_X_NUM, 0, 0, 0.0) : acc;
    int t = node(d, LQI_X_T, 0, 0, 0.0), f;
    if (t < 0) return -1;
    if (p == 99.0) {
        f = node(d, LQI_X_LN, t, 0, 0.0);
    } else if (p == 0.0) {
        f = -2;
    } else if (p == 1.0) {
        f = t;
    } else {
        int e = node(d, LQI_X_NUM, 0, 0, p);
        f = e < 0 ? -1 : node(d, LQI_X_POW, t, e, 0.0);
    }
    if (f == -1) return -1;
    int cn = node(d, LQI_X_NUM, 0, 0, c);
    if (cn < 0) return -1;
    int term = f == -2 ? cn : node(d, LQI_X_MUL, cn, f, 0.0);
    if (term < 0 || acc < 0) return term;
    return node(d, LQI_X_ADD, acc, term, 0.0);
}

/* c * (term k of the coefficient list: 1 T TlnT T2 T3 1/T P P2) added to acc. */
static int add_coef(dat *d, int acc, double c, int k) {
    static const double pw[7] = {0.0, 1.0, 0.0, 2.0, 3.0, -1.0, 0.0};
    if (c == 0.0) return acc < 0 ? node(d, LQI_X_NUM, 0, 0, 0.0) : acc;
    if (k == 3) { /* T ln T */
        int t = node(d, LQI_X_T, 0, 0, 0.0);
        int t2 = node(d, LQI_X_T, 0, 0, 0.0);
        int l = t2 < 0 ? -1 : node(d, LQI_X_LN, t2, 0, 0.0);
        int m = (t < 0 || l < 0) ? -1 : node(d, LQI_X_MUL, t, l, 0.0);
        int cn = node(d, LQI_X_NUM, 0, 0, c);
        int term = (m < 0 || cn < 0) ? -1 : node(d, LQI_X_MUL, cn, m, 0.0);
        if (term < 0 || acc < 0) return term;
        return node(d, LQI_X_ADD, acc, term, 0.0);
    }
    if (k >= 7) { /* P or P^2 */
        int p = node(d, LQI_X_P, 0, 0, 0.0);
        int f = p;
        if (k == 8 && p >= 0) {
            int e = node(d, LQI_X_NUM, 0, 0, 2.0);
            f = e < 0 ? -1 : node(d, LQI_X_POW, p, e, 0.0);
        }
        int cn = node(d, LQI_X_NUM, 0, 0, c);
        int term = (f < 0 || cn < 0) ? -1 : node(d, LQI_X_MUL, cn, f, 0.0);
        if (term < 0 || acc < 0) return term;
        return node(d, LQI_X_ADD, acc, term, 0.0);
    }
    return add_power(d, acc, c, pw[k - 1]);
}

/* A new pool function from ranges [r0, pool.nrange); returns its index or -1. */
static int new_func(dat *d, size_t r0, long line) {
    lqi_xpool *p = &d->db->pool;
    if (lqi_thermo_grow((void **)&p->func, &p->cap_func, p->nfunc, sizeof *p->func)) return -1;
    lqi_func *fn = &p->func[p->nfunc];
    memset(fn, 0, sizeof *fn);
    fn->range0 = (int)r0;
    fn->nrange = (int)(p->nrange - r0);
    fn->line = line;
    return (int)p->nfunc++;
}

static int add_range(dat *d, double lo, double hi, int root) {
    lqi_xpool *p = &d->db->pool;
    if (lqi_thermo_grow((void **)&p->range, &p->cap_range, p->nrange, sizeof *p->range)) return -1;
    p->range[p->nrange].lo = lo;
    p->range[p->nrange].hi = hi;
    p->range[p->nrange].root = root;
    p->nrange++;
    return 0;
}

/* A function constant in T (excess coefficients, Curie temperatures). */
static lq_status const_func(dat *d, double v, int *f) {
    size_t r0 = d->db->pool.nrange;
    int root = node(d, LQI_X_NUM, 0, 0, v);
    if (root < 0 || add_range(d, d->db->tlo_default, d->db->thi_default, root)) return NOMEM(d);
    *f = new_func(d, r0, d->line);
    return *f < 0 ? NOMEM(d) : LQ_OK;
}

/* The excess coefficients of one parameter as a function of T (and P). */
static lq_status excess_func(dat *d, int *f) {
    int acc = -1;
    for (int k = 0; k < d->nxc; k++) {
        double c;
        lq_status st = tok_num(d, &c);
        if (st) return st;
        acc = add_coef(d, acc, c, d->xidx[k]);
        if (acc < 0) return NOMEM(d);
    }
    if (acc < 0 && (acc = node(d, LQI_X_NUM, 0, 0, 0.0)) < 0) return NOMEM(d);
    size_t r0 = d->db->pool.nrange;
    if (add_range(d, d->db->tlo_default, d->db->thi_default, acc)) return NOMEM(d);
    *f = new_func(d, r0, d->line);
    return *f < 0 ? NOMEM(d) : LQ_OK;
}

/* ------------------------------------------------------------------ species */
/* One species (endmember or compound) with its Gibbs energy. */
typedef struct dspec {
    char name[LQI_TDB_NAME_MAX];
    int dummy; /* '#' after the name: a dummy species (not used in calculations) */
    double stoich[LQI_TDB_MAX_SPECIES_EL * 4];
    int func;
    int magnetic;
    double tc, beta;
    long line;
} dspec;

#define MAX_ELEMENTS (LQI_TDB_MAX_SPECIES_EL * 4)

/* Lowest temperature of the first interval (ChemSage gives only upper limits; as pycalphad). */
#define DAT_T_MIN 0.01

static lq_status parse_species(dat *d, dspec *sp) {
    memset(sp, 0, sizeof *sp);
    d->field = "species name";
    lq_status st = tok_name(d, sp->name);
    if (st) return st;
    sp->line = d->line;
    sp->dummy = skip_line(d);
    d->field = "data option";
    int opt, nint;
    if ((st = tok_int(d, 1, 24, &opt))) return st;
    sp->magnetic = opt > 12;
    int base = opt > 12 ? opt - 12 : opt;
    if (base >= 7)
        return fail(d, LQ_EUNSUPPORTED,
                    "species %s: data option %d (heat-capacity description) is not supported",
                    sp->name, opt);
    if (base == 2 || base == 5)
        return fail(d, LQ_EUNSUPPORTED,
                    "species %s: data option %d (constant molar volume) is not supported", sp->name,
                    opt);
    int extra = base == 4 || base == 6, ptv = base == 3 || base == 6;
    d->field = "number of temperature intervals";
    if ((st = tok_int(d, 1, 1000, &nint))) return st;
    d->field = "stoichiometry";
    for (int e = 0; e < d->nel; e++)
        if ((st = tok_num(d, &sp->stoich[e]))) return st;
    size_t r0 = d->db->pool.nrange;
    double lo = DAT_T_MIN;
    for (int k = 0; k < nint; k++) {
        double hi;
        d->field = "interval upper temperature";
        if ((st = tok_num(d, &hi))) return st;
        d->field = "Gibbs energy coefficient";
        int acc = -1;
        for (int c = 0; c < d->ngc; c++) {
            double v;
            if ((st = tok_num(d, &v))) return st;
            acc = add_coef(d, acc, v, d->gidx[c]);
            if (acc < 0) return NOMEM(d);
        }
        if (extra) {
            int na;
            d->field = "number of additional terms";
            if ((st = tok_int(d, 0, 100, &na))) return st;
            d->field = "additional term";
            for (int a = 0; a < na; a++) {
                double c, p;
                if ((st = tok_num(d, &c)) || (st = tok_num(d, &p))) return st;
                acc = add_power(d, acc, c, p);
                if (acc < 0) return NOMEM(d);
            }
        }
        if (ptv) {
            d->field = "P-T molar volume term";
            for (int a = 0; a < 11; a++) {
                double v;
                if ((st = tok_num(d, &v))) return st;
                if (v != 0.0)
                    return fail(d, LQ_EUNSUPPORTED,
                                "species %s: pressure-dependent molar volume terms are not "
                                "supported",
                                sp->name);
            }
        }
        if (acc < 0 && (acc = node(d, LQI_X_NUM, 0, 0, 0.0)) < 0) return NOMEM(d);
        /* an interval that does not extend the previous one (same T_max) is never used */
        if (hi > lo) {
            if (add_range(d, lo, hi, acc)) return NOMEM(d);
            lo = hi;
        }
    }
    if (d->db->pool.nrange == r0)
        return fail(d, LQ_EPARSE, "species %s: no temperature interval above %g K", sp->name,
                    DAT_T_MIN);
    sp->func = new_func(d, r0, sp->line);
    if (sp->func < 0) return NOMEM(d);
    if (sp->magnetic) {
        d->field = "magnetic data";
        if ((st = tok_num(d, &sp->tc)) || (st = tok_num(d, &sp->beta))) return st;
    }
    return LQ_OK;
}

/* The vacancy: element and species VA as a TDB file declares them (ELEMENT VA VACUUM), added
 * when a phase first names it. */
static lq_status vacancy(dat *d, int *idx) {
    lq_db *db = d->db;
    int k = lqi_thermo_find_species(db, "VA");
    if (k >= 0 && db->sp[k].is_element) {
        *idx = k;
        return LQ_OK;
    }
    if (k >= 0 || lqi_thermo_find_element(db, "VA") >= 0)
        return fail(d, LQ_EPARSE, "VA is the name of another species or element");
    lqi_element el;
    memset(&el, 0, sizeof el);
    snprintf(el.name, sizeof el.name, "VA");
    snprintf(el.ref_phase, sizeof el.ref_phase, "VACUUM");
    if (lqi_thermo_grow((void **)&db->el, &db->cap_el, db->nel, sizeof *db->el) ||
        lqi_thermo_grow((void **)&db->sp, &db->cap_sp, db->nsp, sizeof *db->sp))
        return NOMEM(d);
    db->el[db->nel] = el;
    lqi_species sp;
    memset(&sp, 0, sizeof sp);
    snprintf(sp.name, sizeof sp.name, "VA");
    sp.nel = 1;
    sp.el[0] = (int)db->nel++;
    sp.n[0] = 1.0;
    sp.is_element = 1;
    sp.line = d->line;
    db->sp[db->nsp] = sp;
    *idx = (int)db->nsp++;
    return LQ_OK;
}

/* Index of a species with this element composition and charge (name given), created when
 * absent. */
static lq_status species_index_q(dat *d, const char *name, const double *stoich, double charge,
                                 int *idx) {
    lq_db *db = d->db;
    lqi_species sp;
    memset(&sp, 0, sizeof sp);
    snprintf(sp.name, sizeof sp.name, "%s", name);
    upcase(sp.name);
    if (strcmp(sp.name, "VA") == 0 && charge == 0.0) {
        int e = 0;
        for (; e < d->nel && stoich[e] == 0.0; e++) {
        }
        if (e == d->nel) return vacancy(d, idx);
    }
    for (int e = 0; e < d->nel; e++) {
        if (stoich[e] == 0.0) continue;
        if (stoich[e] < 0.0) return fail(d, LQ_EPARSE, "species %s: negative stoichiometry", name);
        if (sp.nel >= LQI_TDB_MAX_SPECIES_EL)
            return fail(d, LQ_EUNSUPPORTED, "species %s: more than %d elements", name,
                        LQI_TDB_MAX_SPECIES_EL);
        sp.el[sp.nel] = e;
        sp.n[sp.nel++] = stoich[e];
    }
    /* a name taken by a species of another composition (a gas species CsTe and a compound
     * CsTe0.96 of the same name): the compound's species is named NAME_2, NAME_3, ... */
    char base[LQI_TDB_NAME_MAX];
    memcpy(base, sp.name, sizeof base);
    for (unsigned suffix = 2;; suffix++) {
        int k = lqi_thermo_find_species(db, sp.name);
        if (k < 0) break;
        const lqi_species *o = &db->sp[k];
        int same = o->nel == sp.nel && o->charge == charge;
        for (int m = 0; same && m < sp.nel; m++) same = o->el[m] == sp.el[m] && o->n[m] == sp.n[m];
        if (same) {
            *idx = k;
            return LQ_OK;
        }
        if (suffix > 99 || strlen(base) + 4 >= sizeof sp.name)
            return fail(d, LQ_EPARSE, "species %s is defined again with another composition", base);
        snprintf(sp.name, sizeof sp.name, "%.*s_%u", (int)(sizeof sp.name - 5), base, suffix);
    }
    sp.charge = charge;
    sp.line = d->line;
    if (lqi_thermo_grow((void **)&db->sp, &db->cap_sp, db->nsp, sizeof *db->sp)) return NOMEM(d);
    db->sp[db->nsp] = sp;
    *idx = (int)db->nsp++;
    return LQ_OK;
}

static lq_status species_index(dat *d, const char *name, const double *stoich, int *idx) {
    return species_index_q(d, name, stoich, 0.0, idx);
}

/* Element composition of a constituent name such as "Al2", "Fe[2+]", "Cl", "NbO5/2" or "Va". */
static lq_status formula(dat *d, const char *name, double *stoich) {
    lq_db *db = d->db;
    for (int e = 0; e < d->nel; e++) stoich[e] = 0.0;
    size_t n = strcspn(name, "[");
    if (n == 2 && lqi_strncasecmp(name, "VA", 2) == 0) return LQ_OK;
    size_t i = 0;
    while (i < n) {
        if (name[i] == '+' || name[i] == '-') { /* trailing charge written as Fe2+ */
            i++;
            continue;
        }
        int best = -1;
        size_t blen = 0;
        for (int e = 0; e < d->nel; e++) {
            size_t l = strlen(db->el[e].name);
            if (l > blen && l <= n - i && lqi_strncasecmp(name + i, db->el[e].name, l) == 0) {
                best = e;
                blen = l;
            }
        }
        if (best < 0)
            return fail(d, LQ_EPARSE, "constituent %s: no element of the header at '%s'", name,
                        name + i);
        i += blen;
        size_t st = i;
        while (i < n && (isdigit((unsigned char)name[i]) || name[i] == '.')) i++;
        double k = 1.0;
        if (i > st) {
            char b[32];
            size_t m = i - st < sizeof b - 1 ? i - st : sizeof b - 1;
            memcpy(b, name + st, m);
            b[m] = '\0';
            k = strtod(b, NULL);
        }
        if (i + 1 < n && name[i] == '/' && isdigit((unsigned char)name[i + 1])) {
            /* a fraction written as NbO5/2 (ZIRC_no_liq.dat) */
            char *end;
            double den = strtod(name + i + 1, &end);
            i = (size_t)(end - name) < n ? (size_t)(end - name) : n;
            if (!(den > 0.0)) return fail(d, LQ_EPARSE, "constituent %s: bad stoichiometry", name);
            k /= den;
        }
        if (!(k > 0.0)) return fail(d, LQ_EPARSE, "constituent %s: bad stoichiometry", name);
        stoich[best] += k;
    }
    return LQ_OK;
}

/* ------------------------------------------------------------------ phases and parameters */
static lq_status add_phase(dat *d, const char *name, int nsub, const double *site, const int *cons,
                           const int *ncons, int *pi) {
    lq_db *db = d->db;
    /* a species listed twice in one sublattice (the TDB reader refuses it too): the phase would
     * count its mixing twice and could not be written as a TDB */
    for (int s = 0, base = 0; s < nsub; base += ncons[s++])
        for (int a = 0; a < ncons[s]; a++)
            for (int b = a + 1; b < ncons[s]; b++)
                if (cons[base + a] == cons[base + b])
                    return fail(d, LQ_EPARSE, "phase %s: species %s listed twice in sublattice %d",
                                name, db->sp[cons[base + a]].name, s + 1);
    lqi_phase ph;
    memset(&ph, 0, sizeof ph);
    snprintf(ph.name, sizeof ph.name, "%s", name);
    upcase(ph.name);
    ph.nsub = nsub;
    size_t total = 0;
    for (int s = 0; s < nsub; s++) {
        ph.site[s] = site[s];
        ph.ncons[s] = ncons[s];
        total += (size_t)ncons[s];
    }
    ph.has_const = 1;
    ph.line = ph.const_line = d->line;
    ph.cons = lqi_malloc_array(total ? total : 1, sizeof *ph.cons);
    ph.major = lqi_calloc(total ? total : 1, 1);
    if (!ph.cons || !ph.major ||
        lqi_thermo_grow((void **)&db->ph, &db->cap_ph, db->nph, sizeof *db->ph)) {
        lqi_free(ph.cons);
        lqi_free(ph.major);
        return NOMEM(d);
    }
    memcpy(ph.cons, cons, total * sizeof *cons);
    db->ph[db->nph] = ph;
    *pi = (int)db->nph++;
    return LQ_OK;
}

/* A parameter of phase pi: type "G"/"L"/"TC"/"BMAGN", constituents per sublattice. */
static lq_status add_param(dat *d, int pi, lqi_pkind kind, const char *type, int nsub,
                           const int *cons, const int *ncons, int order, int func) {
    lq_db *db = d->db;
    lqi_param pa;
    memset(&pa, 0, sizeof pa);
    snprintf(pa.type, sizeof pa.type, "%s", type);
    pa.kind = kind;
    memcpy(pa.phase, db->ph[pi].name, sizeof pa.phase);
    pa.nsub = nsub;
    size_t total = 0;
    for (int s = 0; s < nsub; s++) {
        pa.ncons[s] = ncons[s];
        total += (size_t)ncons[s];
    }
    pa.cons = lqi_malloc_array(total ? total : 1, sizeof *pa.cons);
    if (!pa.cons || lqi_thermo_grow((void **)&db->par, &db->cap_par, db->npar, sizeof *db->par)) {
        lqi_free(pa.cons);
        return NOMEM(d);
    }
    memcpy(pa.cons, cons, total * sizeof *cons);
    pa.order = order;
    pa.func = func;
    pa.line = d->line;
    pa.phase_idx = pi;
    db->par[db->npar++] = pa;
    return LQ_OK;
}

static int phase_taken(dat *d, const char *name) {
    char up[LQI_TDB_NAME_MAX];
    snprintf(up, sizeof up, "%s", name);
    upcase(up);
    return lqi_thermo_find_phase(d->db, up) >= 0;
}

/* Stoichiometric compound: one sublattice holding the compound as a species. */
static lq_status compound(dat *d) {
    dspec sp;
    lq_status st = parse_species(d, &sp);
    if (st) return st;
    double afm = 0.0, pf = 0.0;
    if (sp.magnetic) {
        d->field = "magnetic structure factors";
        if ((st = tok_num(d, &afm)) || (st = tok_num(d, &pf))) return st;
    }
    if (sp.dummy) return LQ_OK; /* dummy species: not part of any calculation (ChemApp manual) */
    if (phase_taken(d, sp.name))
        return warn(d, "compound %s appears again; the first entry is kept", sp.name);
    int spi, pi = -1, one = 1;
    if ((st = species_index(d, sp.name, sp.stoich, &spi))) return st;
    if (d->db->sp[spi].nel == 0) return fail(d, LQ_EPARSE, "compound %s has no element", sp.name);
    const double site = 1.0;
    if ((st = add_phase(d, sp.name, 1, &site, &spi, &one, &pi))) return st;
    if ((st = add_param(d, pi, LQI_P_G, "G", 1, &spi, &one, 0, sp.func))) return st;
    if (sp.magnetic && sp.tc != 0.0) {
        lqi_phase *ph = &d->db->ph[pi];
        ph->magnetic = 1;
        ph->afm = afm != 0.0 ? -1.0 / afm : -1.0;
        ph->p = pf;
        int f;
        if ((st = const_func(d, sp.tc, &f)) ||
            (st = add_param(d, pi, LQI_P_TC, "TC", 1, &spi, &one, 0, f)) ||
            (st = const_func(d, sp.beta, &f)) ||
            (st = add_param(d, pi, LQI_P_BMAGN, "BMAGN", 1, &spi, &one, 0, f)))
            return st;
    }
    return LQ_OK;
}

/*
 * Excess parameters of RKMP and SUBL phases: "n i1..in m" then m orders, each with the excess
 * coefficients (magnetic: Tc and beta); 0 ends the list. Indices count the constituents of all
 * sublattices in turn (1-based), as pycalphad's ExcessBase maps them.
 */
static lq_status rk_excess(dat *d, int pi, int magnetic) {
    const lqi_phase *ph0 = &d->db->ph[pi];
    int nsub = ph0->nsub, total = 0;
    for (int s = 0; s < nsub; s++) total += ph0->ncons[s];
    for (;;) {
        int n, nt;
        d->field = magnetic ? "magnetic excess parameter" : "excess parameter";
        lq_status st = tok_int(d, 0, LQI_TDB_MAX_FACTORS, &n);
        if (st) return st;
        skip_line(d); /* "0 = end of ... parameters": the count is read alone, as Fortran does */
        if (n == 0) return LQ_OK;
        int idx[LQI_TDB_MAX_FACTORS];
        for (int k = 0; k < n; k++)
            if ((st = tok_int(d, 1, total, &idx[k]))) return st;
        if ((st = tok_int(d, 0, 100, &nt))) return st;
        /* constituents by sublattice */
        const lqi_phase *ph = &d->db->ph[pi];
        int cons[LQI_TDB_MAX_FACTORS], ncons[LQI_TDB_MAX_SUBL] = {0}, nc = 0;
        for (int s = 0, base = 0; s < nsub; base += ph->ncons[s], s++)
            for (int k = 0; k < n; k++)
                if (idx[k] - 1 >= base && idx[k] - 1 < base + ph->ncons[s]) {
                    cons[nc++] = ph->cons[idx[k] - 1];
                    ncons[s]++;
                }
        for (int s = 0; s < nsub; s++)
            if (ncons[s] == 0)
                return fail(d, LQ_EPARSE,
                            "excess parameter of %s has no constituent on "
                            "sublattice %d",
                            ph->name, s + 1);
        for (int o = 0; o < nt; o++) {
            if (magnetic) {
                double tc, beta;
                int f;
                if ((st = tok_num(d, &tc)) || (st = tok_num(d, &beta))) return st;
                if ((st = const_func(d, tc, &f)) ||
                    (st = add_param(d, pi, LQI_P_TC, "TC", nsub, cons, ncons, o, f)) ||
                    (st = const_func(d, beta, &f)) ||
                    (st = add_param(d, pi, LQI_P_BMAGN, "BMAGN", nsub, cons, ncons, o, f)))
                    return st;
            } else {
                int f;
                if ((st = excess_func(d, &f)) ||
                    (st = add_param(d, pi, LQI_P_G, "L", nsub, cons, ncons, o, f)))
                    return st;
            }
        }
    }
}

/* Function f scaled by s (a new pool function with the same temperature ranges). */
static lq_status scaled_func(dat *d, int f, double s, int *out) {
    if (s == 1.0) {
        *out = f;
        return LQ_OK;
    }
    lqi_xpool *p = &d->db->pool;
    size_t r0 = p->nrange;
    int fr0 = p->func[f].range0, nr = p->func[f].nrange;
    long line = p->func[f].line;
    for (int r = 0; r < nr; r++) {
        const lqi_range rg = p->range[fr0 + r];
        int c = node(d, LQI_X_NUM, 0, 0, s);
        int m = c < 0 ? -1 : node(d, LQI_X_MUL, c, rg.root, 0.0);
        if (m < 0 || add_range(d, rg.lo, rg.hi, m)) return NOMEM(d);
    }
    *out = new_func(d, r0, line);
    return *out < 0 ? NOMEM(d) : LQ_OK;
}

/*
 * Function f plus R T ln(P / 1 bar) (P in Pa; a new pool function with the same ranges): the
 * ideal-gas pressure term of a species of the gas phase. ChemSage data refer to 1 bar, as
 * Thermochimica applies them (CompThermoData.f90 adds ln(P/atm) + 0.10945 J/mol/K / R =
 * ln(P / bar) to the gas species of the first solution phase when it is IDMX); R is CODATA's,
 * as in the TDB reader's predefined RTLNP.
 */
static lq_status gas_func(dat *d, int f, int *out) {
    lqi_xpool *p = &d->db->pool;
    size_t r0 = p->nrange;
    int fr0 = p->func[f].range0, nr = p->func[f].nrange;
    long line = p->func[f].line;
    for (int r = 0; r < nr; r++) {
        const lqi_range rg = p->range[fr0 + r];
        int rn = node(d, LQI_X_NUM, 0, 0, LQ_GAS_CONSTANT_J_PER_MOL_K);
        int t = node(d, LQI_X_T, 0, 0, 0.0);
        int rt = (rn < 0 || t < 0) ? -1 : node(d, LQI_X_MUL, rn, t, 0.0);
        int c = node(d, LQI_X_NUM, 0, 0, 1e-5);
        int pp = node(d, LQI_X_P, 0, 0, 0.0);
        int cp = (c < 0 || pp < 0) ? -1 : node(d, LQI_X_MUL, c, pp, 0.0);
        int l = cp < 0 ? -1 : node(d, LQI_X_LN, cp, 0, 0.0);
        int term = (rt < 0 || l < 0) ? -1 : node(d, LQI_X_MUL, rt, l, 0.0);
        int sum = term < 0 ? -1 : node(d, LQI_X_ADD, rg.root, term, 0.0);
        if (sum < 0 || add_range(d, rg.lo, rg.hi, sum)) return NOMEM(d);
    }
    *out = new_func(d, r0, line);
    return *out < 0 ? NOMEM(d) : LQ_OK;
}

/*
 * SUBI: the ionic two-sublattice liquid (C_i^{+nu_i})_P (A_j^{-nu_j}, Va, B_k^0)_Q, kept as an
 * lq_db phase of the ionic record (model/ionic.c) with the TDB-equivalent parameters. The block
 * after the endmembers, as Thermochimica reads it (src/parser/ParseCSDataBlockSUBI.f90): the
 * numbers of constituents of the two sublattices, their names, one integer not used, the charges
 * of each sublattice (Va is written -1, neutrals 0), the constituent of each sublattice that each
 * endmember names, then the excess parameters "n", "i1..in m", m lines of coefficients (0 ends
 * the list). Indices count the cations first, then the anion sublattice; m counts the
 * Redlich-Kister orders 0..m-1, except that a ternary parameter with m = 1 stands for its three
 * Muggianu terms with the same coefficients (ParseCSDataBlockSUBI reads the line three times),
 * that is the symmetric ternary term.
 *
 * Endmembers: C:A (formula C_{nu_A} A_{nu_C}) and C:Va (the cation alone) are the G(C:A) and
 * G(C:Va) of the TDB form; a neutral B is written once per cation with a multiple of its
 * formula (S2 for the constituent S paired with Ca+2): G(B) is the first one per atom of B.
 * Excess parameters that name a cation and neutrals only (Thermochimica's L_Ci:Bj,Bk) become
 * the TDB parameter of the neutrals alone (times Q, model/ionic.c). With one cation, the terms of
 * CompExcessGibbsEnergySUBI.f90 and of the TDB model are the same; with several cations that
 * routine uses y_C y_Va in place of y_Va in its Redlich-Kister and Muggianu factors, which the
 * TDB form does not.
 */
static lq_status subi_phase(dat *d, const char *name, const dspec *sp, int nsp, long line0) {
    lq_status st;
    int nc, na, v;
    d->field = "SUBI constituents";
    if ((st = tok_int(d, 1, 1000, &nc)) || (st = tok_int(d, 1, 1000, &na))) return st;
    int ntot = nc + na;
    int *cons = lqi_malloc_array((size_t)ntot, sizeof *cons);
    double *q = lqi_malloc_array((size_t)ntot, sizeof *q);
    int *isva = lqi_calloc((size_t)ntot, sizeof *isva);
    int *ci = lqi_malloc_array((size_t)nsp * 2, sizeof *ci);
    int *neu_done = lqi_calloc((size_t)ntot, sizeof *neu_done);
    lqi_ktdb *kt = NULL; /* case-12 terms (model/qkto.c), attached to the phase when kept */
    char(*nm)[LQI_TDB_NAME_MAX] = lqi_malloc_array((size_t)ntot, sizeof *nm);
    if (!cons || !q || !isva || !ci || !neu_done || !nm) {
        st = NOMEM(d);
        goto out;
    }
    d->field = "SUBI constituent name";
    for (int k = 0; k < ntot && st == LQ_OK; k++) st = tok_name(d, nm[k]);
    d->field = "SUBI (unused integer)";
    if (st == LQ_OK) st = tok_int(d, -100000, 100000, &v);
    d->field = "SUBI constituent charge";
    for (int k = 0; k < ntot && st == LQ_OK; k++) st = tok_num(d, &q[k]);
    d->field = "SUBI endmember constituent index";
    for (int k = 0; k < nsp && st == LQ_OK; k++) st = tok_int(d, 0, nc, &ci[2 * k]);
    for (int k = 0; k < nsp && st == LQ_OK; k++) st = tok_int(d, 1, na, &ci[2 * k + 1]);
    if (st) goto out;
    /* constituents as species with their charges */
    d->field = "SUBI constituent";
    double atoms_c[2000];
    for (int k = 0; k < ntot && st == LQ_OK; k++) {
        double stoich[MAX_ELEMENTS];
        char base[LQI_TDB_NAME_MAX];
        size_t n = strcspn(nm[k], "+-[");
        snprintf(base, sizeof base, "%.*s", (int)n, nm[k]);
        if ((st = formula(d, base, stoich))) break;
        atoms_c[k] = 0.0;
        for (int e = 0; e < d->nel; e++) atoms_c[k] += stoich[e];
        isva[k] = k >= nc && atoms_c[k] == 0.0;
        if (k < nc && !(q[k] > 0.0))
            st = fail(d, LQ_EPARSE, "SUBI cation %s with charge %g", nm[k], q[k]);
        else if (k >= nc && !isva[k] && q[k] > 0.0)
            st = fail(d, LQ_EPARSE, "SUBI constituent %s of the anion sublattice with charge %g",
                      nm[k], q[k]);
        else if (k < nc && atoms_c[k] == 0.0)
            st = fail(d, LQ_EPARSE, "SUBI cation %s has no element", nm[k]);
        else
            st = species_index_q(d, isva[k] ? "VA" : nm[k], stoich, isva[k] ? 0.0 : q[k], &cons[k]);
    }
    if (st) goto out;
    if (phase_taken(d, name)) {
        /* a second copy (miscibility gap) is read but not kept, as for the other models */
        st = LQ_OK;
        for (;;) {
            int n;
            d->field = "SUBI excess parameter";
            if ((st = tok_int(d, 0, LQI_TDB_MAX_FACTORS, &n))) break;
            skip_line(d);
            if (n == 0) break;
            int last = 1;
            for (int k = 0; k <= n && st == LQ_OK; k++) st = tok_int(d, -100000, 100000, &last);
            for (int t = 0; t < (last > 1 ? last : 1) && st == LQ_OK; t++)
                for (int k = 0; k < d->nxc && st == LQ_OK; k++) {
                    double x;
                    st = tok_num(d, &x);
                }
            if (st) break;
        }
        if (st == LQ_OK) {
            long l = d->line;
            d->line = line0;
            st = warn(d, "phase %s appears again (a miscibility-gap copy); the first entry is kept",
                      name);
            d->line = l;
        }
        goto out;
    }
    const double site[2] = {1.0, 1.0};
    const int ncons[2] = {nc, na};
    int pi = -1;
    if ((st = add_phase(d, name, 2, site, cons, ncons, &pi))) goto out;
    d->db->ph[pi].ionic = 1;
    /* endmembers */
    for (int k = 0; k < nsp && st == LQ_OK; k++) {
        int c = ci[2 * k] - 1, a = nc + ci[2 * k + 1] - 1;
        double atoms = 0.0, want = 0.0;
        for (int e = 0; e < d->nel; e++) atoms += sp[k].stoich[e];
        int neutral = !isva[a] && q[a] == 0.0;
        if (neutral)
            want = atoms_c[a];
        else if (c < 0)
            st = fail(d, LQ_EPARSE, "SUBI endmember %s names no cation", sp[k].name);
        else
            want = isva[a] ? atoms_c[c] : -q[a] * atoms_c[c] + q[c] * atoms_c[a];
        if (st) break;
        if (!(atoms > 0.0)) {
            st = fail(d, LQ_EPARSE, "SUBI endmember %s has no element", sp[k].name);
            break;
        }
        if (neutral && neu_done[a]) continue;
        int f = -1, one[2] = {1, 1};
        d->line = sp[k].line;
        if ((st = scaled_func(d, sp[k].func, want / atoms, &f))) break;
        if (neutral) {
            neu_done[a] = 1;
            st = add_param(d, pi, LQI_P_G, "G", 1, &cons[a], one, 0, f);
        } else {
            int ec[2] = {cons[c], cons[a]};
            st = add_param(d, pi, LQI_P_G, "G", 2, ec, one, 0, f);
        }
    }
    /* excess parameters */
    int bad = 0;
    long bad_line = 0;
    while (st == LQ_OK) {
        int n, idx[LQI_TDB_MAX_FACTORS + 1], m;
        d->field = "SUBI excess parameter";
        if ((st = tok_int(d, 0, LQI_TDB_MAX_FACTORS, &n))) break;
        skip_line(d);
        if (n == 0) break;
        for (int k = 0; k < n && st == LQ_OK; k++) st = tok_int(d, 1, ntot, &idx[k]);
        if (st == LQ_OK) st = tok_int(d, 1, 100, &m);
        if (st) break;
        int pc[LQI_TDB_MAX_FACTORS], pn[2] = {0, 0}, np = 0, anion = 0, charged = 0;
        for (int k = 0; k < n; k++)
            if (idx[k] <= nc) pc[np++] = cons[idx[k] - 1], pn[0]++;
        for (int k = 0; k < n; k++)
            if (idx[k] > nc) {
                pc[np++] = cons[idx[k] - 1], pn[1]++;
                if (isva[idx[k] - 1] || q[idx[k] - 1] != 0.0) anion = 1;
                if (!isva[idx[k] - 1] && q[idx[k] - 1] < 0.0) charged = 1;
            }
        if (pn[0] == 0 || pn[1] == 0) {
            st = fail(d, LQ_EPARSE, "SUBI excess parameter without a constituent of sublattice %d",
                      pn[0] == 0 ? 1 : 2);
            break;
        }
        /* cation with neutrals only: the TDB parameter of the neutrals (times Q) */
        int nsub = anion ? 2 : 1, *pcs = anion ? pc : pc + pn[0], *pns = anion ? pn : pn + 1;
        /* m = 1: one term. For a ternary ParseCSDataBlockSUBI repeats it as the three Muggianu
         * terms, whose weights sum to 1: the symmetric term, as the TDB form reads order 0 alone.
         * A reciprocal parameter L_Ci,Cj:Ak,Dl with an anion Ak (case 11 of
         * CompExcessGibbsEnergySUBI.f90) has the orders of the TDB reciprocal parameter: order 1
         * multiplies (y_Ak - y_Dl), order 2 (y_Ci - y_Cj) (its "odd" and "even" exponents, up to
         * the m = 3 terms that the TDB form has). The orders of L_Ci,Cj:Va,Bk (case 12) weight
         * y_Ci y_Va, y_Cj y_Va and y_Bk in Muggianu's way, which no TDB parameter does, and more
         * than three orders of case 11 have no TDB form either: the phase is left out. */
        const int recip11 = pn[0] == 2 && pn[1] == 2 && charged && m <= 3;
        /* case 12 with orders: terms of the Kohler-Toop record (model/qkto.c writes them out) */
        int iva = -1, ineu = -1;
        for (int k = 0; k < n; k++) {
            if (idx[k] > nc && isva[idx[k] - 1]) iva = idx[k] - 1;
            if (idx[k] > nc && !isva[idx[k] - 1] && q[idx[k] - 1] == 0.0) ineu = idx[k] - 1;
        }
        const int case12 = m > 1 && m <= 3 && n == 4 && pn[0] == 2 && iva >= 0 && ineu >= 0;
        if (m > 1 && pn[0] > 1 && pn[1] > 1 && !recip11 && !case12 && !bad) {
            bad = 1;
            bad_line = d->line;
        }
        if (case12 && !kt) {
            kt = lqi_thermo_ktdb_alloc(LQI_KT_SUBM, ntot, nc);
            if (!kt) {
                st = NOMEM(d);
                break;
            }
            for (int k = 0; k < nc; k++) kt->w[k] = q[k];
        }
        for (int o = 0; o < m && st == LQ_OK; o++) {
            int f = -1;
            if ((st = excess_func(d, &f)) != LQ_OK || bad) continue;
            if (!case12) {
                st = add_param(d, pi, LQI_P_G, "L", nsub, pcs, pns, o, f);
                continue;
            }
            lqi_kt_param pa;
            memset(&pa, 0, sizeof pa);
            pa.kind = LQI_KT_SUBI12;
            pa.n = 3;
            int nci = 0;
            for (int k = 0; k < n; k++)
                if (idx[k] <= nc) pa.c[nci++] = idx[k] - 1;
            pa.c[2] = ineu;
            pa.other = iva;
            pa.e[0] = o;
            pa.func = f;
            pa.line = d->line;
            if (lqi_thermo_grow((void **)&kt->par, &kt->cap_par, kt->npar, sizeof *kt->par))
                st = NOMEM(d);
            else
                kt->par[kt->npar++] = pa;
        }
    }
    if (st == LQ_OK && !bad && kt) {
        d->db->ph[pi].kt = kt;
        kt = NULL;
    }
    if (st == LQ_OK && bad) {
        lq_db *db = d->db;
        while (db->npar > 0 && db->par[db->npar - 1].phase_idx == pi) {
            lqi_free(db->par[db->npar - 1].cons);
            db->npar--;
        }
        lqi_free(db->ph[pi].cons);
        lqi_free(db->ph[pi].major);
        db->nph--;
        long l = d->line;
        d->line = line0;
        st = warn(d,
                  "phase %s: SUBI excess parameter of line %ld mixes both sublattices with more "
                  "Redlich-Kister orders than Thermochimica's cases 11 (L_Ci,Cj:Ak,Dl) and 12 "
                  "(L_Ci,Cj:Va,Bk) have, or in another way; the phase is left out",
                  name, bad_line);
        d->line = l;
    }
out:
    lqi_thermo_ktdb_free(kt);
    lqi_free(cons);
    lqi_free(q);
    lqi_free(isva);
    lqi_free(ci);
    lqi_free(neu_done);
    lqi_free(nm);
    return st;
}

/*
 * The excess parameters of a QKTO or SUBM phase (Thermochimica's ParseCSDataBlockQKTO.f90 and
 * ParseCSDataBlockSUBM.f90): "n" on its own line, then the constituent indices, the exponents and
 * the excess coefficients; 0 ends the list, -m ends it after m overrides of the interpolation
 * scheme. QKTO: n = 2 or 3 indices i1..in, exponents p1..pn. SUBM: n = 3 or 4 counts the
 * constituent of the other sublattice too, written "i1 .. i(n-1) p1 .. p(n-1) px x" (px is not
 * used: Thermochimica takes the power of that fraction as 1). Indices count the phase's
 * constituents from 1 (SUBM: cations, then anions). kt NULL: read and dropped.
 */
static lq_status kt_excess(dat *d, lqi_ktdb *kt, int ntot, int ncat, int subm, const char *name) {
    lq_status st = LQ_OK;
    for (;;) {
        int n;
        d->field = subm ? "SUBM excess parameter" : "QKTO excess parameter";
        if ((st = tok_int(d, -1000, 4, &n))) return st;
        skip_line(d);
        if (n == 0) return LQ_OK;
        if (n < 0) {
            /* overrides "i j kX  i jX  i kX  j k  m x" (ParseCSInterpolationOverrides.f90): X is K
             * (Kohler) or T followed by a constituent (Toop); a triad with two T entries keeps
             * the constituent they do not name constant */
            d->field = "interpolation override";
            for (int k = 0; k < -n; k++) {
                char t[10][TOK_MAX];
                for (int m = 0; m < 10; m++)
                    if ((st = tok(d, t[m]))) return st;
                lqi_kt_override ov = {{0, 0, 0}, -1};
                int toop[3], ntoop = 0, ok = 1;
                char *end;
                ov.t[0] = (int)strtol(t[0], &end, 10) - 1;
                ok = ok && *end == '\0';
                ov.t[1] = (int)strtol(t[1], &end, 10) - 1;
                ok = ok && *end == '\0';
                for (int m = 0; m < 3 && ok; m++) {
                    const char *x = t[2 + 2 * m];
                    long v = strtol(x, &end, 10);
                    if (m == 0) ov.t[2] = (int)v - 1;
                    if (end == x || (*end != 'K' && *end != 'T')) ok = 0;
                    if (ok && *end == 'T') {
                        char *e2;
                        long c = strtol(end + 1, &e2, 10);
                        if (e2 == end + 1 || *e2) ok = 0;
                        toop[ntoop++] = (int)c - 1;
                    } else if (ok && end[1]) {
                        ok = 0;
                    }
                }
                for (int m = 0; m < 3 && ok; m++) ok = ov.t[m] >= 0 && ov.t[m] < ntot;
                if (!ok)
                    return fail(d, LQ_EPARSE,
                                "phase %s: interpolation override '%s %s %s ...' is not 'i j kK' "
                                "or 'i j kTl'",
                                name, t[0], t[1], t[2]);
                if (ntoop == 2) {
                    for (int m = 0; m < 3; m++)
                        if (ov.t[m] != toop[0] && ov.t[m] != toop[1]) ov.asym = ov.t[m];
                } else if (ntoop != 0) {
                    return fail(d, LQ_EPARSE,
                                "phase %s: interpolation override with %d Toop entries (0 or 2 "
                                "expected)",
                                name, ntoop);
                }
                if (kt) {
                    if (lqi_thermo_grow((void **)&kt->ov, &kt->cap_ov, kt->nov, sizeof *kt->ov))
                        return NOMEM(d);
                    kt->ov[kt->nov++] = ov;
                }
            }
            return LQ_OK;
        }
        const int nmix = subm ? n - 1 : n;
        if (nmix < 2 || nmix > 3)
            return fail(
                d, LQ_EUNSUPPORTED,
                "phase %s: %s excess parameter with %d constituents (Thermochimica reads %s)", name,
                subm ? "SUBM" : "QKTO", n, subm ? "3 or 4" : "2 or 3");
        lqi_kt_param pa;
        memset(&pa, 0, sizeof pa);
        pa.n = nmix;
        pa.other = -1;
        pa.line = d->line;
        int ix[4], ex[4], x;
        d->field = "excess constituent index";
        for (int m = 0; m < nmix; m++)
            if ((st = tok_int(d, 1, ntot, &ix[m]))) return st;
        d->field = "excess exponent";
        for (int m = 0; m < n; m++)
            if ((st = tok_int(d, -100, 100, &ex[m]))) return st;
        if (subm) {
            d->field = "excess constituent index";
            if ((st = tok_int(d, 1, ntot, &x))) return st;
            pa.other = x - 1;
        }
        for (int m = 0; m < nmix; m++) {
            pa.c[m] = ix[m] - 1;
            pa.e[m] = ex[m];
            for (int q = 0; q < m; q++)
                if (pa.c[q] == pa.c[m])
                    return fail(d, LQ_EPARSE, "phase %s: constituent %d given twice", name, ix[m]);
            if (subm && (pa.c[m] < ncat) != (pa.c[0] < ncat))
                return fail(d, LQ_EPARSE,
                            "phase %s: SUBM parameter mixes constituents of both "
                            "sublattices",
                            name);
        }
        if (subm && (pa.other < ncat) == (pa.c[0] < ncat))
            return fail(d, LQ_EPARSE,
                        "phase %s: constituent %d of a SUBM parameter is not on the other "
                        "sublattice",
                        name, x);
        d->field = "excess coefficients";
        if ((st = excess_func(d, &pa.func))) return st;
        if (kt) {
            if (lqi_thermo_grow((void **)&kt->par, &kt->cap_par, kt->npar, sizeof *kt->par))
                return NOMEM(d);
            kt->par[kt->npar++] = pa;
        }
    }
}

/*
 * SUBM (Thermochimica's ParseCSDataBlockSUBM.f90; model/subm.c): after the endmembers, each
 * followed by its numbers of cations m and anions n, the numbers of cations and anions, their
 * names, the charges and chemical groups of the cations, then of the anions, the cation and the
 * anion of each endmember, and the excess parameters (kt_excess). Kept as an ionic liquid phase
 * (C)_P (A)_Q with G(C:A) the energy of C_{q_A} A_{q_C}, q_C / n times the endmember's, and the
 * Kohler-Toop excess record.
 */
static lq_status subm_phase(dat *d, const char *name, const dspec *sp, const double *lc, int nsp,
                            long line0) {
    lq_status st;
    int nc, na;
    d->field = "SUBM constituents";
    if ((st = tok_int(d, 1, 1000, &nc)) || (st = tok_int(d, 1, 1000, &na))) return st;
    if (nc * na != nsp)
        return fail(d, LQ_EPARSE, "phase %s: %d cations and %d anions make %d pairs, not %d", name,
                    nc, na, nc * na, nsp);
    const int ntot = nc + na;
    int *cons = lqi_malloc_array((size_t)ntot, sizeof *cons);
    int *ci = lqi_malloc_array((size_t)nsp * 2, sizeof *ci);
    int *seen = lqi_calloc((size_t)nsp, sizeof *seen);
    char(*nm)[LQI_TDB_NAME_MAX] = lqi_malloc_array((size_t)ntot, sizeof *nm);
    lqi_ktdb *kt = lqi_thermo_ktdb_alloc(LQI_KT_SUBM, ntot, nc);
    if (!cons || !ci || !seen || !nm || !kt) {
        st = NOMEM(d);
        goto out;
    }
    d->field = "SUBM constituent name";
    for (int k = 0; k < ntot && st == LQ_OK; k++) st = tok_name(d, nm[k]);
    for (int s = 0; s < 2 && st == LQ_OK; s++) {
        int k0 = s ? nc : 0, k1 = s ? ntot : nc;
        d->field = "SUBM charge";
        for (int k = k0; k < k1 && st == LQ_OK; k++) {
            st = tok_num(d, &kt->w[k]);
            kt->w[k] = fabs(kt->w[k]);
            if (st == LQ_OK && !(kt->w[k] > 0.0))
                st = fail(d, LQ_EPARSE, "SUBM constituent %s with charge 0", nm[k]);
        }
        d->field = "SUBM chemical group";
        for (int k = k0; k < k1 && st == LQ_OK; k++) st = tok_int(d, -1000, 1000, &kt->group[k]);
    }
    d->field = "SUBM endmember constituent index";
    for (int k = 0; k < nsp && st == LQ_OK; k++) st = tok_int(d, 1, nc, &ci[2 * k]);
    for (int k = 0; k < nsp && st == LQ_OK; k++) st = tok_int(d, 1, na, &ci[2 * k + 1]);
    if (st) goto out;
    d->field = "SUBM constituent";
    for (int k = 0; k < ntot && st == LQ_OK; k++) {
        double stoich[MAX_ELEMENTS];
        char base[LQI_TDB_NAME_MAX], q[LQI_TDB_NAME_MAX + 24];
        snprintf(base, sizeof base, "%.*s", (int)strcspn(nm[k], "+-["), nm[k]);
        if ((st = formula(d, base, stoich))) break;
        snprintf(q, sizeof q, "%s%c%g", base, k < nc ? '+' : '-', kt->w[k]);
        if (strlen(q) >= LQI_TDB_NAME_MAX) {
            st = fail(d, LQ_EPARSE, "constituent name %s too long", nm[k]);
            break;
        }
        upcase(q);
        st = species_index_q(d, q, stoich, k < nc ? kt->w[k] : -kt->w[k], &cons[k]);
        if (st == LQ_OK && d->db->sp[cons[k]].nel == 0)
            st = fail(d, LQ_EPARSE, "SUBM constituent %s has no element", nm[k]);
    }
    if (st) goto out;
    if (phase_taken(d, name)) {
        /* a second copy (miscibility gap) is read but not kept, as for the other models */
        if ((st = kt_excess(d, NULL, ntot, nc, 1, name))) goto out;
        long l = d->line;
        d->line = line0;
        st = warn(d, "phase %s appears again (a miscibility-gap copy); the first entry is kept",
                  name);
        d->line = l;
        goto out;
    }
    const double site[2] = {1.0, 1.0};
    const int ncons[2] = {nc, na};
    int pi = -1;
    {
        long l = d->line;
        d->line = line0;
        st = add_phase(d, name, 2, site, cons, ncons, &pi);
        d->line = l;
    }
    if (st) goto out;
    d->db->ph[pi].ionic = 1;
    for (int k = 0; k < nsp && st == LQ_OK; k++) {
        const int c = ci[2 * k] - 1, a = nc + ci[2 * k + 1] - 1;
        const double m = lc[2 * k], n = lc[2 * k + 1];
        d->line = sp[k].line;
        if (seen[(ci[2 * k] - 1) * na + ci[2 * k + 1] - 1]++) {
            st = fail(d, LQ_EPARSE, "SUBM endmember %s: the pair %s:%s is given twice", sp[k].name,
                      nm[c], nm[a]);
            break;
        }
        if (!(m > 0.0) || !(n > 0.0) || fabs(m * kt->w[c] - n * kt->w[a]) > 1e-9 * m * kt->w[c]) {
            st = fail(d, LQ_EPARSE,
                      "SUBM endmember %s: %g %s (charge %g) and %g %s (charge -%g) are not "
                      "neutral",
                      sp[k].name, m, nm[c], kt->w[c], n, nm[a], kt->w[a]);
            break;
        }
        int f = -1, one[2] = {1, 1}, ec[2] = {cons[c], cons[a]};
        if ((st = scaled_func(d, sp[k].func, kt->w[c] / n, &f))) break;
        st = add_param(d, pi, LQI_P_G, "G", 2, ec, one, 0, f);
    }
    if (st == LQ_OK) st = kt_excess(d, kt, ntot, nc, 1, name);
    if (st == LQ_OK) {
        d->db->ph[pi].kt = kt;
        kt = NULL;
    }
out:
    lqi_thermo_ktdb_free(kt);
    lqi_free(cons);
    lqi_free(ci);
    lqi_free(seen);
    lqi_free(nm);
    return st;
}

/* IDMX, RKMP(M), QKTO, SUBL(M), SUBM: endmembers then the model's mixing data. */
static lq_status cef_phase(dat *d, const char *name, const char *type, int nsp, int gas) {
    const int magnetic = strlen(type) == 5 && type[4] == 'M';
    const int subl = strncmp(type, "SUBL", 4) == 0, qkto = strcmp(type, "QKTO") == 0,
              subm = strcmp(type, "SUBM") == 0, subi = strcmp(type, "SUBI") == 0;
    double afm = 0.0, pf = 0.0;
    lq_status st = LQ_OK;
    long line0 = d->line;
    lqi_ktdb *kt = NULL;
    if (magnetic) {
        d->field = "magnetic structure factors";
        if ((st = tok_num(d, &afm)) || (st = tok_num(d, &pf))) return st;
    }
    dspec *sp = lqi_calloc((size_t)nsp, sizeof *sp);
    double *lc = lqi_calloc((size_t)nsp * 2, sizeof *lc);
    if (!sp || !lc) {
        lqi_free(sp);
        lqi_free(lc);
        return NOMEM(d);
    }
    for (int k = 0; k < nsp && st == LQ_OK; k++) {
        st = parse_species(d, &sp[k]);
        if (st == LQ_OK && (qkto || subm)) { /* QKTO: factor and group; SUBM: stoichiometry */
            d->field =
                qkto ? "QKTO stoichiometric factor and chemical group" : "SUBM stoichiometry";
            if ((st = tok_num(d, &lc[2 * k])) == LQ_OK) st = tok_num(d, &lc[2 * k + 1]);
        }
    }
    for (int k = 0; gas && k < nsp && st == LQ_OK; k++) {
        int f = -1;
        d->line = sp[k].line;
        if ((st = gas_func(d, sp[k].func, &f)) == LQ_OK) sp[k].func = f;
    }
    if (st) goto done;
    if (subi) {
        st = subi_phase(d, name, sp, nsp, line0);
        goto done;
    }
    if (subm) {
        st = subm_phase(d, name, sp, lc, nsp, line0);
        goto done;
    }
    if (qkto) {
        kt = lqi_thermo_ktdb_alloc(LQI_KT_QKTO, nsp, nsp);
        if (!kt) {
            st = NOMEM(d);
            goto done;
        }
        for (int k = 0; k < nsp; k++) {
            kt->w[k] = lc[2 * k];
            kt->group[k] = (int)lc[2 * k + 1];
            d->line = sp[k].line;
            if (!(kt->w[k] > 0.0)) {
                st = fail(d, LQ_EPARSE, "QKTO species %s: stoichiometric factor %g (> 0 expected)",
                          sp[k].name, kt->w[k]);
                goto done;
            }
        }
    }
    int nsub = 1;
    double site[LQI_TDB_MAX_SUBL] = {1.0};
    int ncons[LQI_TDB_MAX_SUBL] = {0};
    int *cons = NULL, *emidx = NULL;
    if (subl) {
        d->field = "number of sublattices";
        if ((st = tok_int(d, 1, LQI_TDB_MAX_SUBL, &nsub))) goto done;
        double atoms = 1.0;
        const char *colon = strchr(name, ':');
        if (colon) atoms = strtod(colon + 1, NULL);
        if (!(atoms > 0.0)) atoms = 1.0;
        d->field = "site ratios";
        for (int s = 0; s < nsub && st == LQ_OK; s++) {
            st = tok_num(d, &site[s]);
            site[s] *= atoms;
            if (st == LQ_OK && !(site[s] > 0.0)) st = fail(d, LQ_EPARSE, "site ratio must be > 0");
        }
        d->field = "constituents per sublattice";
        int total = 0;
        for (int s = 0; s < nsub && st == LQ_OK; s++) {
            st = tok_int(d, 1, 10000, &ncons[s]);
            total += ncons[s];
        }
        if (st) goto done;
        cons = lqi_malloc_array((size_t)total, sizeof *cons);
        emidx = lqi_malloc_array((size_t)nsp * (size_t)nsub, sizeof *emidx);
        if (!cons || !emidx) {
            st = NOMEM(d);
            goto sdone;
        }
        d->field = "constituent name";
        for (int k = 0; k < total && st == LQ_OK; k++) {
            char nm[LQI_TDB_NAME_MAX];
            double stoich[MAX_ELEMENTS];
            st = tok_name(d, nm);
            if (st == LQ_OK) st = formula(d, nm, stoich);
            if (st == LQ_OK) st = species_index(d, nm, stoich, &cons[k]);
        }
        d->field = "endmember constituent index";
        for (int s = 0; s < nsub && st == LQ_OK; s++)
            for (int k = 0; k < nsp && st == LQ_OK; k++)
                st = tok_int(d, 1, ncons[s], &emidx[k * nsub + s]);
        if (st) goto sdone;
    } else {
        cons = lqi_malloc_array((size_t)nsp, sizeof *cons);
        if (!cons) {
            st = NOMEM(d);
            goto sdone;
        }
        ncons[0] = nsp;
        for (int k = 0; k < nsp && st == LQ_OK; k++)
            st = species_index(d, sp[k].name, sp[k].stoich, &cons[k]);
        if (st) goto sdone;
    }
    int pi = -1, dup = phase_taken(d, name);
    if (!dup && (st = add_phase(d, name, nsub, site, cons, ncons, &pi))) goto sdone;
    if (dup) {
        /* a second copy (miscibility gap) is read but not kept, as pycalphad does */
        if ((st = add_phase(d, "~DAT~", nsub, site, cons, ncons, &pi))) goto sdone;
    }
    if (magnetic) {
        lqi_phase *ph = &d->db->ph[pi];
        ph->magnetic = 1;
        ph->afm = afm != 0.0 ? -1.0 / afm : -1.0;
        ph->p = pf;
    }
    for (int k = 0; k < nsp && st == LQ_OK; k++) {
        int ec[LQI_TDB_MAX_SUBL], one[LQI_TDB_MAX_SUBL];
        for (int s = 0; s < nsub; s++) {
            int base = 0;
            for (int t = 0; t < s; t++) base += ncons[t];
            ec[s] = subl ? cons[base + emidx[k * nsub + s] - 1] : cons[k];
            one[s] = 1;
        }
        st = add_param(d, pi, LQI_P_G, "G", nsub, ec, one, 0, sp[k].func);
        if (st == LQ_OK && magnetic && sp[k].magnetic) {
            int f;
            if ((st = const_func(d, sp[k].tc, &f)) == LQ_OK &&
                (st = add_param(d, pi, LQI_P_TC, "TC", nsub, ec, one, 0, f)) == LQ_OK &&
                (st = const_func(d, sp[k].beta, &f)) == LQ_OK)
                st = add_param(d, pi, LQI_P_BMAGN, "BMAGN", nsub, ec, one, 0, f);
        }
    }
    if (st == LQ_OK && qkto) {
        st = kt_excess(d, dup ? NULL : kt, nsp, nsp, 0, name);
        if (st == LQ_OK && !dup) {
            d->db->ph[pi].kt = kt;
            kt = NULL;
        }
    } else if (st == LQ_OK && strcmp(type, "IDMX") != 0) {
        if (magnetic) st = rk_excess(d, pi, 1);
        if (st == LQ_OK) st = rk_excess(d, pi, 0);
    }
    if (st == LQ_OK && dup) {
        /* drop the copy and its parameters */
        lq_db *db = d->db;
        while (db->npar > 0 && db->par[db->npar - 1].phase_idx == pi) {
            lqi_free(db->par[db->npar - 1].cons);
            db->npar--;
        }
        lqi_free(db->ph[pi].cons);
        lqi_free(db->ph[pi].major);
        db->nph--;
        long l = d->line;
        d->line = line0;
        st = warn(d, "phase %s appears again (a miscibility-gap copy); the first entry is kept",
                  name);
        d->line = l;
    }
sdone:
    lqi_free(cons);
    lqi_free(emidx);
done:
    lqi_thermo_ktdb_free(kt);
    lqi_free(sp);
    lqi_free(lc);
    return st;
}

/* ------------------------------------------------------------------ SUBG / SUBQ */
static lq_status mq_phase(dat *d, const char *name, const char *type) {
    lq_status st = LQ_OK;
    const int subq = strcmp(type, "SUBQ") == 0;
    double zeta_all = 0.0;
    int npair, nquad, ncat, nan;
    long line0 = d->line;
    if (!subq) {
        d->field = "SUBG zeta";
        if ((st = tok_num(d, &zeta_all))) return st;
    }
    d->field = "numbers of pairs and quadruplets";
    if ((st = tok_int(d, 1, 100000, &npair)) || (st = tok_int(d, 0, 1000000, &nquad))) return st;
    dspec *sp = lqi_calloc((size_t)npair, sizeof *sp);
    double *pstoich = lqi_calloc((size_t)npair * 6, sizeof *pstoich);
    lqi_mqdb *mq = NULL;
    int *cons = NULL, *pi_idx = NULL;
    if (!sp || !pstoich) {
        st = NOMEM(d);
        goto done;
    }
    for (int k = 0; k < npair; k++) {
        if ((st = parse_species(d, &sp[k]))) goto done;
        d->field = "pair stoichiometry";
        for (int m = 0; m < 5; m++)
            if ((st = tok_num(d, &pstoich[k * 6 + m]))) goto done;
        pstoich[k * 6 + 5] = zeta_all;
        if (subq) {
            d->field = "pair zeta";
            if ((st = tok_num(d, &pstoich[k * 6 + 5]))) goto done;
        }
    }
    d->field = "numbers of constituents";
    if ((st = tok_int(d, 1, 1000, &ncat)) || (st = tok_int(d, 1, 1000, &nan))) goto done;
    if (ncat * nan != npair) {
        st = fail(d, LQ_EPARSE, "phase %s: %d cations and %d anions make %d pairs, not %d", name,
                  ncat, nan, ncat * nan, npair);
        goto done;
    }
    mq = lqi_thermo_mqdb_alloc(ncat, nan);
    cons = lqi_malloc_array((size_t)(ncat + nan), sizeof *cons);
    pi_idx = lqi_malloc_array((size_t)npair * 2, sizeof *pi_idx);
    if (!mq || !cons || !pi_idx) {
        st = NOMEM(d);
        goto done;
    }
    mq->type = subq ? LQI_MQ_SUBQ : LQI_MQ_SUBG;
    d->field = "constituent name";
    char(*cn)[LQI_TDB_NAME_MAX] = lqi_malloc_array((size_t)(ncat + nan), sizeof *cn);
    if (!cn) {
        st = NOMEM(d);
        goto done;
    }
    for (int k = 0; k < ncat + nan && st == LQ_OK; k++) st = tok_name(d, cn[k]);
    d->field = "charges and chemical groups";
    for (int k = 0; k < ncat && st == LQ_OK; k++) st = tok_num(d, &mq->charge[k]);
    for (int k = 0; k < ncat && st == LQ_OK; k++) st = tok_int(d, -1000, 1000, &mq->group[k]);
    for (int k = ncat; k < ncat + nan && st == LQ_OK; k++) st = tok_num(d, &mq->charge[k]);
    for (int k = ncat; k < ncat + nan && st == LQ_OK; k++)
        st = tok_int(d, -1000, 1000, &mq->group[k]);
    for (int k = 0; k < ncat + nan && st == LQ_OK; k++) {
        mq->charge[k] = fabs(mq->charge[k]);
        if (!(mq->charge[k] > 0.0)) st = fail(d, LQ_EPARSE, "constituent %s: charge 0", cn[k]);
    }
    /* constituents as species named NAME+q / NAME-q (a cation and an anion may share a name) */
    for (int k = 0; k < ncat + nan && st == LQ_OK; k++) {
        double stoich[MAX_ELEMENTS];
        char nm[LQI_TDB_NAME_MAX + 16];
        char base[LQI_TDB_NAME_MAX];
        snprintf(base, sizeof base, "%.*s", (int)strcspn(cn[k], "["), cn[k]);
        snprintf(nm, sizeof nm, "%s%c%g", base, k < ncat ? '+' : '-', mq->charge[k]);
        if (strlen(nm) >= LQI_TDB_NAME_MAX) {
            st = fail(d, LQ_EPARSE, "constituent name %s too long", cn[k]);
            break;
        }
        st = formula(d, cn[k], stoich);
        if (st) break;
        upcase(nm);
        int e = lqi_thermo_find_species(d->db, nm);
        if (e < 0) {
            st = species_index(d, nm, stoich, &e);
            if (st) break;
            d->db->sp[e].charge = k < ncat ? mq->charge[k] : -mq->charge[k];
        }
        cons[k] = e;
    }
    lqi_free(cn);
    if (st) goto done;
    d->field = "pair constituent index";
    for (int k = 0; k < npair && st == LQ_OK; k++) st = tok_int(d, 1, ncat, &pi_idx[2 * k]);
    for (int k = 0; k < npair && st == LQ_OK; k++) st = tok_int(d, 1, nan, &pi_idx[2 * k + 1]);
    if (st) goto done;
    for (int k = 0; k < npair; k++) {
        int p = (pi_idx[2 * k] - 1) * nan + (pi_idx[2 * k + 1] - 1);
        if (mq->pair_func[p] >= 0) {
            st = fail(d, LQ_EPARSE, "phase %s: pair %d given twice", name, k + 1);
            goto done;
        }
        mq->pair_func[p] = sp[k].func;
        mq->pair_cat[p] = pstoich[k * 6];
        mq->zeta[p] = pstoich[k * 6 + 5];
        if (!(mq->pair_cat[p] > 0.0) || !(mq->zeta[p] > 0.0)) {
            d->line = sp[k].line;
            st = fail(d, LQ_EPARSE, "pair %s: stoichiometry and zeta must be > 0", sp[k].name);
            goto done;
        }
    }
    mq->quad = lqi_calloc(nquad ? (size_t)nquad : 1, sizeof *mq->quad);
    if (!mq->quad) {
        st = NOMEM(d);
        goto done;
    }
    d->field = "quadruplet coordination numbers";
    for (int k = 0; k < nquad; k++) {
        int ix[4];
        double z[4];
        for (int m = 0; m < 4 && st == LQ_OK; m++) st = tok_int(d, 1, ncat + nan, &ix[m]);
        for (int m = 0; m < 4 && st == LQ_OK; m++) {
            st = tok_num(d, &z[m]);
            if (st == LQ_OK && !(z[m] > 0.0))
                st = fail(d, LQ_EPARSE, "coordination number must be > 0");
        }
        if (st) goto done;
        if (ix[0] > ncat || ix[1] > ncat || ix[2] <= ncat || ix[3] <= ncat) {
            st = fail(d, LQ_EPARSE, "quadruplet %d %d %d %d: two cations then two anions expected",
                      ix[0], ix[1], ix[2], ix[3]);
            goto done;
        }
        lqi_mq_quad *q = &mq->quad[mq->nquad++];
        /* canonical order a <= b, x <= y, coordination numbers follow their species */
        int sa = ix[0] > ix[1], sx = ix[2] > ix[3];
        q->a = ix[sa] - 1;
        q->b = ix[1 - sa] - 1;
        q->z[0] = z[sa];
        q->z[1] = z[1 - sa];
        q->x = ix[2 + sx] - 1 - ncat;
        q->y = ix[3 - sx] - 1 - ncat;
        q->z[2] = z[2 + sx];
        q->z[3] = z[3 - sx];
    }
    /* excess parameters */
    for (;;) {
        int mt;
        d->field = "excess mixing type";
        if ((st = tok_int(d, -1000, 1000, &mt))) goto done;
        skip_line(d);
        if (mt == 0) break;
        if (mt < 0) {
            /* Kohler/Toop overrides of the ternary extrapolation: read, not applied */
            char b[TOK_MAX];
            for (int k = 0; k < -10 * mt && st == LQ_OK; k++) st = tok(d, b);
            if (st == LQ_OK)
                st = warn(d,
                          "phase %s: %d overrides of the ternary interpolation scheme are not "
                          "applied",
                          name, -mt);
            if (st) goto done;
            break;
        }
        char code[TOK_MAX];
        d->field = "excess mixing code";
        if ((st = tok(d, code))) goto done;
        long pline = d->line;
        int ix[4], ex[4], addc, adda;
        for (int m = 0; m < 4 && st == LQ_OK; m++) st = tok_int(d, 1, ncat + nan, &ix[m]);
        d->field = "excess exponents";
        for (int m = 0; m < 4 && st == LQ_OK; m++) st = tok_int(d, 0, 1000, &ex[m]);
        d->field = "excess parameter data";
        for (int m = 0; m < 12 && st == LQ_OK; m++) {
            double x;
            st = tok_num(d, &x);
        }
        if (st == LQ_OK) st = tok_int(d, 0, ncat + nan, &addc);
        if (st == LQ_OK) st = tok_int(d, 0, ncat + nan, &adda);
        int f = -1;
        d->field = "excess coefficients";
        if (st == LQ_OK) st = excess_func(d, &f);
        if (st) goto done;
        if (ix[0] > ncat || ix[1] > ncat || ix[2] <= ncat || ix[3] <= ncat) {
            d->line = pline;
            st = fail(d, LQ_EPARSE,
                      "excess quadruplet %d %d %d %d: two cations then two anions "
                      "expected",
                      ix[0], ix[1], ix[2], ix[3]);
            goto done;
        }
        if ((code[0] != 'G' && code[0] != 'Q') || code[1]) {
            long l = d->line;
            d->line = pline;
            st = warn(d, "phase %s: excess mixing code '%s' is not supported; parameter left out",
                      name, code);
            d->line = l;
            if (st) goto done;
            continue;
        }
        if (addc && adda) {
            d->line = pline;
            st = fail(d, LQ_EPARSE, "excess parameter with an additional cation and anion");
            goto done;
        }
        if (lqi_thermo_grow((void **)&mq->ex, &mq->cap_ex, mq->nex, sizeof *mq->ex)) {
            st = NOMEM(d);
            goto done;
        }
        lqi_mq_excess *e = &mq->ex[mq->nex++];
        int sa = ix[0] > ix[1], sx = ix[2] > ix[3];
        e->a = ix[sa] - 1;
        e->b = ix[1 - sa] - 1;
        e->x = ix[2 + sx] - 1 - ncat;
        e->y = ix[3 - sx] - 1 - ncat;
        /* exponents follow their constituents when the file's order is swapped */
        e->p = (sa || sx) ? ex[1] : ex[0];
        e->q = (sa || sx) ? ex[0] : ex[1];
        e->code = code[0];
        e->m_cat = addc ? addc - 1 : -1;
        e->m_an = adda ? adda - 1 - ncat : -1;
        if ((addc && addc > ncat) || (adda && adda <= ncat)) {
            d->line = pline;
            st = fail(d, LQ_EPARSE, "additional constituent of the wrong sublattice");
            goto done;
        }
        e->r = addc ? ex[2] : adda ? ex[3] : 0;
        e->func = f;
        e->line = pline;
    }
    {
        int ncons2[2] = {ncat, nan}, pi;
        const double site[2] = {1.0, 1.0};
        if (phase_taken(d, name)) {
            long l = d->line;
            d->line = line0;
            st = warn(d, "phase %s appears again; the first entry is kept", name);
            d->line = l;
            goto done;
        }
        long l = d->line;
        d->line = line0;
        st = add_phase(d, name, 2, site, cons, ncons2, &pi);
        d->line = l;
        if (st) goto done;
        d->db->ph[pi].mq = mq;
        mq = NULL;
    }
done:
    lqi_thermo_mqdb_free(mq);
    lqi_free(sp);
    lqi_free(pstoich);
    lqi_free(cons);
    lqi_free(pi_idx);
    return st;
}

/* ------------------------------------------------------------------ file */
/* Solution phase `index` of the header's list (0: the gas phase when IDMX). */
static lq_status solution_phase(dat *d, int nsp, int index) {
    char name[LQI_TDB_NAME_MAX], type[LQI_TDB_NAME_MAX];
    d->field = "phase name";
    lq_status st = tok_name(d, name);
    if (st) return st;
    skip_line(d);
    d->field = "phase model";
    if ((st = tok_name(d, type))) return st;
    if (strcmp(type, "SUBG") == 0 || strcmp(type, "SUBQ") == 0) return mq_phase(d, name, type);
    static const char *const cef[] = {"IDMX",  "RKMP", "RKMPM", "SUBL",
                                      "SUBLM", "QKTO", "SUBM",  "SUBI"};
    for (size_t k = 0; k < sizeof cef / sizeof *cef; k++)
        if (strcmp(type, cef[k]) == 0)
            return cef_phase(d, name, type, nsp, index == 0 && strcmp(type, "IDMX") == 0);
    return fail(d, LQ_EUNSUPPORTED, "phase %s: solution model %s is not supported", name, type);
}

static lq_status header(dat *d, int *nsol, int **nsp, int *ncomp) {
    lq_status st = LQ_OK;
    /* the first line is a title */
    while (d->pos < d->len && d->s[d->pos] != '\n') d->pos++;
    int nel;
    d->field = "number of elements";
    if ((st = tok_int(d, 1, MAX_ELEMENTS, &nel))) return st;
    d->field = "number of solution phases";
    if ((st = tok_int(d, 0, 10000, nsol))) return st;
    *nsp = lqi_calloc(*nsol ? (size_t)*nsol : 1, sizeof **nsp);
    if (!*nsp) return NOMEM(d);
    d->field = "number of species of a solution phase";
    for (int k = 0; k < *nsol; k++)
        if ((st = tok_int(d, 0, 1000000, &(*nsp)[k]))) return st;
    d->field = "number of stoichiometric compounds";
    if ((st = tok_int(d, 0, 1000000, ncomp))) return st;
    lq_db *db = d->db;
    d->field = "element name";
    for (int e = 0; e < nel; e++) {
        lqi_element el;
        memset(&el, 0, sizeof el);
        if ((st = tok_name(d, el.name))) return st;
        upcase(el.name);
        if (lqi_thermo_find_element(db, el.name) >= 0)
            return fail(d, LQ_EPARSE, "element %s given twice", el.name);
        if (lqi_thermo_grow((void **)&db->el, &db->cap_el, db->nel, sizeof *db->el))
            return NOMEM(d);
        db->el[db->nel++] = el;
        lqi_species sp;
        memset(&sp, 0, sizeof sp);
        memcpy(sp.name, el.name, sizeof sp.name);
        sp.nel = 1;
        sp.el[0] = e;
        sp.n[0] = 1.0;
        sp.is_element = 1;
        sp.line = d->line;
        if (lqi_thermo_grow((void **)&db->sp, &db->cap_sp, db->nsp, sizeof *db->sp))
            return NOMEM(d);
        db->sp[db->nsp++] = sp;
    }
    d->nel = nel;
    d->field = "element mass";
    for (int e = 0; e < nel; e++)
        if ((st = tok_num(d, &db->el[e].mass))) return st;
    d->field = "Gibbs energy coefficient indices";
    if ((st = tok_int(d, 0, 6, &d->ngc))) return st;
    for (int k = 0; k < d->ngc; k++)
        if ((st = tok_int(d, 1, 6, &d->gidx[k]))) return st;
    d->field = "excess coefficient indices";
    if ((st = tok_int(d, 0, 8, &d->nxc))) return st;
    for (int k = 0; k < d->nxc; k++)
        if ((st = tok_int(d, 1, 8, &d->xidx[k]))) return st;
    return LQ_OK;
}

lq_status lqi_dat_read_string(const char *text, const char *name, lq_db **out, lq_diag *diag) {
    if (!text || !out)
        return lqi_diag_set(diag, LQ_EINVAL, name ? name : "", 0, "", "NULL text or output");
    if (!name) name = "(string)";
    lq_db *db = lqi_calloc(1, sizeof *db);
    if (!db) return lqi_diag_set(diag, LQ_ENOMEM, name, 0, "", "out of memory");
    snprintf(db->name, sizeof db->name, "%s", name);
    db->tlo_default = 298.15;
    db->thi_default = 6000.0;
    dat d;
    memset(&d, 0, sizeof d);
    d.s = text;
    d.len = strlen(text);
    d.line = d.cur_line = 1;
    d.file = name;
    d.db = db;
    d.diag = diag;
    int nsol = 0, ncomp = 0, *nsp = NULL;
    lq_status st = header(&d, &nsol, &nsp, &ncomp);
    for (int k = 0; k < nsol && st == LQ_OK; k++)
        if (nsp[k] > 0) st = solution_phase(&d, nsp[k], k);
    for (int k = 0; k < ncomp && st == LQ_OK; k++) st = compound(&d);
    lqi_free(nsp);
    if (st == LQ_OK && lqi_thermo_pool_callees(&db->pool)) st = NOMEM(&d);
    if (st != LQ_OK) {
        lq_db_free(db);
        return st;
    }
    /* text after the last compound (comments by convention) is not read */
    if (db->nwarn > 0 && diag) {
        lq_diag_clear(diag);
        lqi_diag_warn(diag, "", 0, "", "%s%s", db->warn[0],
                      db->nwarn > 1 ? " (and more warnings)" : "");
    }
    *out = db;
    return LQ_OK;
}
