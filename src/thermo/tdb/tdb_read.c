/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reader of Thermo-Calc TDB databases: statements, keywords, functions, phases, parameters. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "thermo/thermo_internal.h"

/*
 * The dialect is the one of Thermo-Calc's TDB files as published databases use it (Thermo-Calc
 * Database Manager User's Guide; B. Sundman et al., Calphad 9 (1985) 153 for the models):
 * statements end with '!', may span lines, keywords are case-insensitive and may be abbreviated
 * part by part (FUN, PARA, CONST, TYPE_DEF, LIST_OF_REF), '$' starts a comment that runs to the
 * end of the line. Models liquidus does not implement are refused with LQ_EUNSUPPORTED, naming
 * file, line and model; they are never skipped silently.
 */

enum {
    KW_ELEMENT,
    KW_SPECIES,
    KW_FUNCTION,
    KW_PHASE,
    KW_CONSTITUENT,
    KW_PARAMETER,
    KW_TYPE_DEFINITION,
    KW_DEFINE_SYSTEM_DEFAULT,
    KW_DEFAULT_COMMAND,
    KW_LIST_OF_REFERENCES,
    KW_ADD_REFERENCES,
    KW_TEMPERATURE_LIMITS,
    KW_DATABASE_INFORMATION,
    KW_VERSION_DATE,
    KW_VERSION_DATA,
    KW_ASSESSED_SYSTEMS,
    KW_REFERENCE_FILE,
    KW_ZERO_VOLUME_SPECIES,
    KW_DIFFUSION,
    KW_COUNT
};

static const char *const kw_names[KW_COUNT] = {"ELEMENT",
                                               "SPECIES",
                                               "FUNCTION",
                                               "PHASE",
                                               "CONSTITUENT",
                                               "PARAMETER",
                                               "TYPE_DEFINITION",
                                               "DEFINE_SYSTEM_DEFAULT",
                                               "DEFAULT_COMMAND",
                                               "LIST_OF_REFERENCES",
                                               "ADD_REFERENCES",
                                               "TEMPERATURE_LIMITS",
                                               "DATABASE_INFORMATION",
                                               "VERSION_DATE",
                                               "VERSION_DATA",
                                               "ASSESSED_SYSTEMS",
                                               "REFERENCE_FILE",
                                               "ZERO_VOLUME_SPECIES",
                                               "DIFFUSION"};

/* Does `abbr` abbreviate `full` part by part ("TYPE_DEF" -> "TYPE_DEFINITION")? */
static int abbreviates(const char *abbr, size_t alen, const char *full) {
    size_t i = 0, j = 0;
    if (alen == 0) return 0;
    while (i < alen) {
        /* one part of abbr must be a prefix of the current part of full */
        while (i < alen && abbr[i] != '_') {
            if (full[j] == '\0' || full[j] == '_') return 0;
            if (toupper((unsigned char)abbr[i]) != full[j]) return 0;
            i++, j++;
        }
        if (i < alen) { /* abbr has '_': skip the rest of full's part */
            while (full[j] && full[j] != '_') j++;
            if (full[j] != '_') return 0;
            i++, j++;
        }
    }
    return 1;
}

/* -1: unknown, -2: ambiguous. OpenCalphad writes '-' where Thermo-Calc writes '_' (TEMP-LIM). */
static int keyword_lookup(const char *w0, size_t n) {
    char w[LQI_TDB_NAME_MAX];
    if (n >= sizeof w) return -1;
    for (size_t i = 0; i < n; i++) w[i] = w0[i] == '-' ? '_' : w0[i];
    w[n] = '\0';
    int found = -1, count = 0;
    for (int k = 0; k < KW_COUNT; k++) {
        if (strlen(kw_names[k]) == n && lqi_strncasecmp(w, kw_names[k], n) == 0) return k;
        if (abbreviates(w, n, kw_names[k])) {
            found = k;
            count++;
        }
    }
    return count > 1 ? -2 : found;
}

/* ------------------------------------------------------------------ reader state */
/* A pair or quadruplet species of OpenCalphad's MQMQA syntax ("SPECIES NA/CL NA/CL 6 6 2.4"):
 * its name and the text "formula numbers" that a ':Q' CONSTITUENT takes in its place. */
typedef struct mqspec {
    char name[LQI_TDB_NAME_MAX];
    char *text;
} mqspec;

typedef struct reader {
    lq_db *db;
    lq_diag *diag;
    const char *file;
    long line; /* line of the current statement */
    const char *kw;
    mqspec *mq;
    size_t nmq, cap_mq;
} reader;

static lq_status fail(reader *r, lq_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static lq_status fail(reader *r, lq_status st, const char *fmt, ...) {
    char msg[LQ_DIAG_MSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lqi_diag_set(r->diag, st, r->file, r->line, r->kw ? r->kw : "", "%s", msg);
}

static lq_status warn(reader *r, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static lq_status warn(reader *r, long line, const char *fmt, ...) {
    char msg[LQ_DIAG_MSG_SIZE + LQ_DIAG_FILE_SIZE];
    int k = snprintf(msg, sizeof msg, "%s:%ld: ", r->file, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + (k > 0 ? k : 0), sizeof msg - (size_t)(k > 0 ? k : 0), fmt, ap);
    va_end(ap);
    lq_db *db = r->db;
    char *s = lqi_strdup(msg);
    if (!s || lqi_thermo_grow((void **)&db->warn, &db->cap_warn, db->nwarn, sizeof *db->warn)) {
        lqi_free(s);
        return fail(r, LQ_ENOMEM, "out of memory");
    }
    db->warn[db->nwarn++] = s;
    return LQ_OK;
}

/* ------------------------------------------------------------------ tokens */
typedef struct cursor {
    const char *s;
    size_t len, pos;
} cursor;

static void cur_skip(cursor *c) {
    while (c->pos < c->len && isspace((unsigned char)c->s[c->pos])) c->pos++;
}

/* Next blank-separated word; returns its length (0 at the end). */
static size_t cur_word(cursor *c, const char **w) {
    cur_skip(c);
    size_t st = c->pos;
    while (c->pos < c->len && !isspace((unsigned char)c->s[c->pos])) c->pos++;
    *w = c->s + st;
    return c->pos - st;
}

static int copy_name(char *dst, const char *src, size_t n) {
    if (n == 0 || n >= LQI_TDB_NAME_MAX) return -1;
    for (size_t i = 0; i < n; i++) dst[i] = (char)toupper((unsigned char)src[i]);
    dst[n] = '\0';
    return 0;
}

static int parse_num(const char *w, size_t n, double *v) {
    if (n == 0 || n > 64) return -1;
    char tmp[72];
    memcpy(tmp, w, n);
    tmp[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (tmp[i] == 'D' || tmp[i] == 'd') tmp[i] = 'E';
    if (lqi_parse_double(tmp, n, 0, v) != 0 || !isfinite(*v)) return -1;
    return 0;
}

/* ------------------------------------------------------------------ lookups */
int lqi_thermo_find_element(const lq_db *db, const char *name) {
    for (size_t i = 0; i < db->nel; i++)
        if (lqi_strcasecmp(db->el[i].name, name) == 0) return (int)i;
    return -1;
}
int lqi_thermo_find_species(const lq_db *db, const char *name) {
    for (size_t i = 0; i < db->nsp; i++)
        if (lqi_strcasecmp(db->sp[i].name, name) == 0) return (int)i;
    return -1;
}
int lqi_thermo_find_phase(const lq_db *db, const char *name) {
    for (size_t i = 0; i < db->nph; i++)
        if (lqi_strcasecmp(db->ph[i].name, name) == 0) return (int)i;
    return -1;
}
int lqi_thermo_find_func(const lq_db *db, const char *name) {
    for (size_t i = 0; i < db->pool.nfunc; i++)
        if (db->pool.func[i].name[0] && lqi_strcasecmp(db->pool.func[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------------ raw statements */
static lq_status keep_raw(reader *r, const char *text, size_t len) {
    lq_db *db = r->db;
    while (len > 0 && isspace((unsigned char)text[len - 1])) len--;
    char *t = lqi_malloc(len + 1);
    if (!t || lqi_thermo_grow((void **)&db->raw, &db->cap_raw, db->nraw, sizeof *db->raw)) {
        lqi_free(t);
        return fail(r, LQ_ENOMEM, "out of memory");
    }
    memcpy(t, text, len);
    t[len] = '\0';
    db->raw[db->nraw].text = t;
    db->raw[db->nraw].line = r->line;
    db->nraw++;
    return LQ_OK;
}

/* ------------------------------------------------------------------ ELEMENT, SPECIES */
static lq_status add_species(reader *r, lqi_species *sp) {
    lq_db *db = r->db;
    if (lqi_thermo_grow((void **)&db->sp, &db->cap_sp, db->nsp, sizeof *db->sp))
        return fail(r, LQ_ENOMEM, "out of memory");
    db->sp[db->nsp++] = *sp;
    return LQ_OK;
}

/*
 * Numbers after H298-H0 and S298 (OpenCalphad's cslaf-excess.TDB writes a fourth one) carry no
 * model in TDB; they are skipped with a warning. Anything but numbers is an error.
 */
static lq_status element_extra(reader *r, cursor *c, const char *name) {
    const char *w;
    size_t n;
    int extra = 0;
    while ((n = cur_word(c, &w)) > 0) {
        double x;
        if (parse_num(w, n, &x))
            return fail(r, LQ_EPARSE, "element %s: unexpected '%.*s'", name, (int)n, w);
        extra++;
    }
    if (!extra) return LQ_OK;
    return warn(r, r->line, "element %s: %d number(s) after the entropy S298 ignored", name, extra);
}

static lq_status st_element(reader *r, cursor *c) {
    lq_db *db = r->db;
    const char *w;
    size_t n = cur_word(c, &w);
    lqi_element e;
    memset(&e, 0, sizeof e);
    if (n == 0) return fail(r, LQ_EPARSE, "ELEMENT without a name");
    if (copy_name(e.name, w, n)) return fail(r, LQ_EPARSE, "element name too long");
    n = cur_word(c, &w);
    if (n >= LQI_TDB_NAME_MAX) return fail(r, LQ_EPARSE, "reference phase name too long");
    memcpy(e.ref_phase, w, n);
    e.ref_phase[n] = '\0';
    double *num[3] = {&e.mass, &e.h298, &e.s298};
    for (int k = 0; k < 3; k++) {
        n = cur_word(c, &w);
        if (n == 0) break;
        if (parse_num(w, n, num[k]))
            return fail(r, LQ_EPARSE, "element %s: malformed number '%.*s'", e.name, (int)n, w);
    }
    lq_status sx = element_extra(r, c, e.name);
    if (sx) return sx;
    if (lqi_thermo_find_element(db, e.name) >= 0)
        return warn(r, r->line, "element %s declared again; the first declaration is kept", e.name);
    if (lqi_thermo_find_species(db, e.name) >= 0)
        return fail(r, LQ_EPARSE, "element %s has the name of a species", e.name);
    if (lqi_thermo_grow((void **)&db->el, &db->cap_el, db->nel, sizeof *db->el))
        return fail(r, LQ_ENOMEM, "out of memory");
    db->el[db->nel++] = e;
    lqi_species sp;
    memset(&sp, 0, sizeof sp);
    memcpy(sp.name, e.name, sizeof sp.name);
    sp.nel = 1;
    sp.el[0] = (int)db->nel - 1;
    sp.n[0] = 1.0;
    sp.is_element = 1;
    sp.line = r->line;
    return add_species(r, &sp);
}

/* Parses a species formula such as AL2O3, FE/+2, O1/-2, CL/-. */
static lq_status parse_formula(reader *r, const char *w, size_t n, lqi_species *sp) {
    lq_db *db = r->db;
    size_t i = 0;
    while (i < n && w[i] != '/') {
        /* longest declared element name at position i */
        int best = -1;
        size_t blen = 0;
        for (size_t e = 0; e < db->nel; e++) {
            size_t l = strlen(db->el[e].name);
            if (l > blen && l <= n - i && lqi_strncasecmp(w + i, db->el[e].name, l) == 0 &&
                isalpha((unsigned char)db->el[e].name[0])) {
                best = (int)e;
                blen = l;
            }
        }
        if (best < 0)
            return fail(r, LQ_EPARSE, "species %s: no declared element at '%.*s'", sp->name,
                        (int)(n - i), w + i);
        i += blen;
        size_t st = i;
        while (i < n && (isdigit((unsigned char)w[i]) || w[i] == '.')) i++;
        double k = 1.0;
        if (i > st && parse_num(w + st, i - st, &k))
            return fail(r, LQ_EPARSE, "species %s: malformed stoichiometry", sp->name);
        if (!(k > 0.0))
            return fail(r, LQ_EPARSE, "species %s: stoichiometry must be > 0", sp->name);
        int slot = -1;
        for (int m = 0; m < sp->nel; m++)
            if (sp->el[m] == best) slot = m;
        if (slot < 0) {
            if (sp->nel >= LQI_TDB_MAX_SPECIES_EL)
                return fail(r, LQ_EPARSE, "species %s: too many elements", sp->name);
            slot = sp->nel++;
            sp->el[slot] = best;
            sp->n[slot] = 0.0;
        }
        sp->n[slot] += k;
    }
    if (i < n) { /* charge: /+2, /-1, /-, /+, and /2 (positive, as pycalphad reads it) */
        i++;
        int digit = i < n && isdigit((unsigned char)w[i]);
        if (i >= n || (w[i] != '+' && w[i] != '-' && !digit))
            return fail(r, LQ_EPARSE, "species %s: charge must be written /+n or /-n", sp->name);
        double sign = w[i] == '-' ? -1.0 : 1.0, q = 1.0;
        if (!digit) i++;
        if (i < n && parse_num(w + i, n - i, &q))
            return fail(r, LQ_EPARSE, "species %s: malformed charge", sp->name);
        sp->charge = sign * q;
    }
    if (sp->nel == 0) return fail(r, LQ_EPARSE, "species %s: empty formula", sp->name);
    return LQ_OK;
}

/*
 * OpenCalphad's TDB form of the modified quasichemical model (MQMQA) declares pair and
 * quadruplet species whose formulas name a cation and an anion across a '/' ("NA/CL",
 * "MG,NA/CL") followed by coordination numbers (examples/macros/MgNaClX.TDB): pairs
 * "A/X Z_A Z_X zeta", quadruplets "A,B/X Z_A Z_B Z_X" as in the ':Q' CONSTITUENT form of
 * tdb_mqmqa.c. A declared element after the '/', or a ',' before it, marks them; a charge is '/'
 * followed by a sign. Such a species is not an lq_db species: its name and the rest of the
 * statement are kept (*taken = 1) for the CONSTITUENT of a ':Q' phase that names it (with or
 * without OpenCalphad's "-Q" suffix), which is read as if it held that text.
 */
static lq_status mqmqa_species(reader *r, const lqi_species *sp, const char *w, size_t n,
                               const cursor *c, int *taken) {
    *taken = 0;
    const char *slash = memchr(w, '/', n);
    if (!slash) return LQ_OK;
    size_t a = (size_t)(slash - w) + 1, b = a;
    while (b < n && isalpha((unsigned char)w[b])) b++;
    char el[LQI_TDB_NAME_MAX];
    int pair = memchr(w, ',', (size_t)(slash - w)) != NULL;
    if (!pair && b > a && !copy_name(el, w + a, b - a))
        pair = lqi_thermo_find_element(r->db, el) >= 0;
    if (!pair) return LQ_OK;
    for (size_t k = 0; k < r->nmq; k++)
        if (lqi_strcasecmp(r->mq[k].name, sp->name) == 0)
            return warn(r, r->line, "species %s declared again; the first declaration is kept",
                        sp->name);
    /* the formula and the numbers after it, up to the end of the statement */
    size_t rest = c->len - c->pos;
    char *text = lqi_malloc(n + rest + 2);
    if (!text || lqi_thermo_grow((void **)&r->mq, &r->cap_mq, r->nmq, sizeof *r->mq)) {
        lqi_free(text);
        return fail(r, LQ_ENOMEM, "out of memory");
    }
    memcpy(text, w, n);
    text[n] = ' ';
    memcpy(text + n + 1, c->s + c->pos, rest);
    text[n + 1 + rest] = '\0';
    mqspec *m = &r->mq[r->nmq++];
    memcpy(m->name, sp->name, sizeof m->name);
    m->text = text;
    *taken = 1;
    return LQ_OK;
}

/* The constituent text of a ':Q' phase with OpenCalphad's pair and quadruplet species replaced by
 * their formulas and numbers (allocated; *len its length); NULL when out of memory. */
static char *mq_expand(const reader *r, const char *s, size_t n, size_t *len) {
    char *out = NULL;
    size_t m = 0, i = 0;
    /* two passes: length, then text */
    for (int pass = 0; pass < 2; pass++) {
        m = 0;
        i = 0;
        while (i < n) {
            if (isspace((unsigned char)s[i]) || s[i] == ':') {
                if (out) out[m] = s[i];
                m++;
                i++;
                continue;
            }
            size_t e = i;
            while (e < n && !isspace((unsigned char)s[e]) && s[e] != ':') e++;
            size_t wl = e - i;
            if (wl > 2 && s[e - 2] == '-' && (s[e - 1] == 'Q' || s[e - 1] == 'q')) wl -= 2;
            const char *rep = NULL;
            for (size_t k = 0; k < r->nmq && !rep; k++)
                if (strlen(r->mq[k].name) == wl && lqi_strncasecmp(r->mq[k].name, s + i, wl) == 0)
                    rep = r->mq[k].text;
            size_t rl = rep ? strlen(rep) : e - i;
            if (out) memcpy(out + m, rep ? rep : s + i, rl);
            m += rl;
            i = e;
        }
        if (pass == 0) {
            out = lqi_malloc(m + 1);
            if (!out) return NULL;
        }
    }
    out[m] = '\0';
    *len = m;
    return out;
}

static lq_status st_species(reader *r, cursor *c) {
    const char *w;
    size_t n = cur_word(c, &w);
    lqi_species sp;
    memset(&sp, 0, sizeof sp);
    sp.line = r->line;
    if (n == 0) return fail(r, LQ_EPARSE, "SPECIES without a name");
    if (copy_name(sp.name, w, n)) return fail(r, LQ_EPARSE, "species name too long");
    n = cur_word(c, &w);
    if (n == 0) return fail(r, LQ_EPARSE, "species %s without a formula", sp.name);
    int taken = 0;
    lq_status st = mqmqa_species(r, &sp, w, n, c, &taken);
    if (st || taken) return st;
    st = parse_formula(r, w, n, &sp);
    if (st) return st;
    n = cur_word(c, &w);
    if (n) return fail(r, LQ_EPARSE, "species %s: unexpected '%.*s'", sp.name, (int)n, w);
    if (lqi_thermo_find_species(r->db, sp.name) >= 0)
        return warn(r, r->line, "species %s declared again; the first declaration is kept",
                    sp.name);
    return add_species(r, &sp);
}

/* ------------------------------------------------------------------ piecewise functions */
static lq_status note_unresolved(reader *r, size_t before) {
    lq_db *db = r->db;
    for (size_t k = before; k < db->pool.nunres; k++) {
        if (lqi_thermo_grow((void **)&db->unres_line, &db->cap_unres_line, k,
                            sizeof *db->unres_line))
            return fail(r, LQ_ENOMEM, "out of memory");
        db->unres_line[k] = r->line;
    }
    return LQ_OK;
}

/*
 * Temperature limits left out ("PARA G(LIQUID,AL) +GALLIQ; N !" in pycalphad's alcrni.tdb):
 * pycalphad reads such a function as valid from 0.01 K, Thermo-Calc takes its default limits.
 * A first word that is not a number but starts an expression with a sign or '(', or holds the
 * ';' that ends one ("+GALLIQ;", "1000;"), is read as the expression, with the default lower
 * limit of the database and a warning; anything else (a bare name may be a mistyped limit) stays
 * an error. The cursor goes back to the start of the word.
 */
static lq_status missing_low_limit(reader *r, cursor *c, size_t save, const char *what,
                                   const char *w, size_t n, double *lo) {
    unsigned char c0 = (unsigned char)w[0];
    if (!(c0 == '+' || c0 == '-' || c0 == '(') && !memchr(w, ';', n))
        return fail(r, LQ_EPARSE, "%s: malformed lower temperature limit '%.*s'", what, (int)n, w);
    c->pos = save;
    *lo = r->db->tlo_default;
    return warn(r, r->line, "%s: no lower temperature limit; the default %g is used", what, *lo);
}

/* After "expr;": is the upper limit left out (the next word is Y or N, or nothing follows)? */
static int missing_high_limit(const cursor *c) {
    size_t p = c->pos;
    if (p >= c->len) return 1;
    char ch = (char)toupper((unsigned char)c->s[p]);
    return (ch == 'N' || ch == 'Y') && (p + 1 >= c->len || isspace((unsigned char)c->s[p + 1]));
}

/*
 * Parses "LOW expr; HIGH Y expr; HIGH N [REF]" from the cursor into a new pool function.
 * Returns the status; *fidx receives the function index.
 */
static lq_status parse_piecewise(reader *r, cursor *c, const char *what, int *fidx) {
    lq_db *db = r->db;
    lqi_xpool *p = &db->pool;
    const char *w;
    size_t n;
    double lo;
    cur_skip(c);
    /* the low limit ends at a blank; ',' marks Thermo-Calc's "default value" */
    if (c->pos < c->len && c->s[c->pos] == ',') {
        while (c->pos < c->len && c->s[c->pos] == ',') c->pos++;
        lo = db->tlo_default;
    } else {
        size_t save = c->pos;
        n = cur_word(c, &w);
        if (n == 0) return fail(r, LQ_EPARSE, "%s: missing lower temperature limit", what);
        if (parse_num(w, n, &lo)) {
            lq_status sm = missing_low_limit(r, c, save, what, w, n, &lo);
            if (sm) return sm;
        }
    }
    size_t range0 = p->nrange;
    int nr = 0;
    for (;;) {
        /* expression up to ';' */
        size_t e0 = c->pos;
        while (c->pos < c->len && c->s[c->pos] != ';') c->pos++;
        if (c->pos >= c->len)
            return fail(r, LQ_EPARSE, "%s: missing ';' after the expression of range %d", what,
                        nr + 1);
        char err[160];
        size_t before = p->nunres;
        int root = lqi_thermo_expr_parse(p, c->s + e0, c->pos - e0, err, sizeof err);
        if (root < 0) {
            if (strstr(err, "out of memory")) return fail(r, LQ_ENOMEM, "out of memory");
            return fail(r, LQ_EPARSE, "%s: %s", what, err);
        }
        lq_status s2 = note_unresolved(r, before);
        if (s2) return s2;
        c->pos++; /* ';' */
        cur_skip(c);
        double hi;
        if (c->pos < c->len && c->s[c->pos] == ',') {
            c->pos++;
            hi = db->thi_default;
            while (c->pos < c->len && c->s[c->pos] == ',') c->pos++;
        } else if (missing_high_limit(c)) {
            hi = db->thi_default; /* "...; N" (alcrni.tdb), as pycalphad: open above */
            lq_status sw = warn(r, r->line,
                                "%s: no upper temperature limit after range %d; the default %g "
                                "is used",
                                what, nr + 1, hi);
            if (sw) return sw;
        } else {
            /* the upper limit may be glued to a default-value ',' or Y/N: stop at blanks */
            n = cur_word(c, &w);
            if (n == 0) return fail(r, LQ_EPARSE, "%s: missing upper temperature limit", what);
            size_t m = n;
            while (m > 0 && w[m - 1] == ',') m--;
            if (parse_num(w, m, &hi))
                return fail(r, LQ_EPARSE, "%s: malformed upper temperature limit '%.*s'", what,
                            (int)n, w);
        }
        if (!(hi > lo))
            return fail(r, LQ_EPARSE,
                        "%s: temperature range %d has upper limit %g not above lower limit %g",
                        what, nr + 1, hi, lo);
        if (lqi_thermo_grow((void **)&p->range, &p->cap_range, p->nrange, sizeof *p->range))
            return fail(r, LQ_ENOMEM, "out of memory");
        p->range[p->nrange].lo = lo;
        p->range[p->nrange].hi = hi;
        p->range[p->nrange].root = root;
        p->nrange++;
        nr++;
        lo = hi;
        size_t save = c->pos;
        n = cur_word(c, &w);
        if (n == 1 && (w[0] == 'Y' || w[0] == 'y')) continue;
        if (n == 0 || (n == 1 && (w[0] == 'N' || w[0] == 'n'))) break;
        /* "HIGH REF !" without N: accepted as the end (pycalphad does the same), with a warning */
        c->pos = save;
        lq_status sw = warn(r, r->line,
                            "%s: no Y or N after the upper limit %g; '%.*s' read as "
                            "the reference",
                            what, hi, (int)n, w);
        if (sw) return sw;
        break;
    }
    if (lqi_thermo_grow((void **)&p->func, &p->cap_func, p->nfunc, sizeof *p->func))
        return fail(r, LQ_ENOMEM, "out of memory");
    lqi_func *fn = &p->func[p->nfunc];
    memset(fn, 0, sizeof *fn);
    fn->range0 = (int)range0;
    fn->nrange = nr;
    fn->line = r->line;
    n = cur_word(c, &w);
    if (n) {
        if (n >= LQI_TDB_NAME_MAX) return fail(r, LQ_EPARSE, "%s: reference id too long", what);
        memcpy(fn->ref, w, n);
        fn->ref[n] = '\0';
        n = cur_word(c, &w);
        if (n)
            return fail(r, LQ_EPARSE, "%s: unexpected '%.*s' after the reference id", what, (int)n,
                        w);
    }
    *fidx = (int)p->nfunc++;
    return LQ_OK;
}

static int valid_ident(const char *s) {
    if (!isalpha((unsigned char)s[0]) && s[0] != '_') return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_') return 0;
    return 1;
}

static lq_status st_function(reader *r, cursor *c) {
    const char *w;
    size_t n = cur_word(c, &w);
    char name[LQI_TDB_NAME_MAX];
    if (n == 0) return fail(r, LQ_EPARSE, "FUNCTION without a name");
    if (copy_name(name, w, n)) return fail(r, LQ_EPARSE, "function name too long");
    if (!valid_ident(name)) return fail(r, LQ_EPARSE, "invalid function name '%s'", name);
    if (strcmp(name, "T") == 0 || strcmp(name, "P") == 0 || strcmp(name, "LN") == 0 ||
        strcmp(name, "LOG") == 0 || strcmp(name, "EXP") == 0 || strcmp(name, "GEIN") == 0)
        return fail(r, LQ_EPARSE, "function name '%s' is reserved", name);
    char what[LQI_TDB_NAME_MAX + 16];
    snprintf(what, sizeof what, "function %s", name);
    int f;
    lq_status st = parse_piecewise(r, c, what, &f);
    if (st) return st;
    lqi_xpool *p = &r->db->pool;
    int old = lqi_thermo_find_func(r->db, name);
    memcpy(p->func[f].name, name, sizeof name);
    if (old >= 0) {
        /* the later definition wins (as in pycalphad); the old entry becomes anonymous */
        p->func[old].name[0] = '\0';
        return warn(r, r->line,
                    "function %s defined again (first at line %ld); the later "
                    "definition is used",
                    name, p->func[old].line);
    }
    return LQ_OK;
}

/* ------------------------------------------------------------------ TYPE_DEFINITION */
static int word_is(const char *w, size_t n, const char *full) {
    return abbreviates(w, n, full) || (strlen(full) == n && lqi_strncasecmp(w, full, n) == 0);
}

static lq_status st_typedef(reader *r, cursor *c, const char *text, size_t len) {
    lq_db *db = r->db;
    const char *w;
    size_t n = cur_word(c, &w);
    lqi_typedef td;
    memset(&td, 0, sizeof td);
    td.line = r->line;
    if (n != 1) return fail(r, LQ_EPARSE, "TYPE_DEFINITION needs a one-character code");
    td.code = w[0];
    const char *words[16];
    size_t lens[16];
    int nw = 0;
    while ((n = cur_word(c, &w)) > 0) {
        if (nw < 16) {
            words[nw] = w;
            lens[nw] = n;
        }
        nw++;
    }
    if (nw == 0) return fail(r, LQ_EPARSE, "TYPE_DEFINITION %c without an action", td.code);
    if (nw > 16) nw = 16;
    /* "GES A_P_D phase ACTION args" (GES AMEND_PHASE_DESCRIPTION); other forms (SEQ *) carry no
     * model */
    int k = 3;
    if (nw >= 4 && word_is(words[0], lens[0], "GES") &&
        (word_is(words[1], lens[1], "AMEND_PHASE_DESCRIPTION") ||
         (lens[1] == 5 && lqi_strncasecmp(words[1], "A_P_D", 5) == 0))) {
        int dk =
            word_is(words[k], lens[k], "DISORDERED_PART") || word_is(words[k], lens[k], "DIS_PART")
                ? 1
                : (word_is(words[k], lens[k], "NEVER_DISORDERED") ? 2 : 0);
        if (dk) {
            /* order-disorder: "GES A_P_D <ordered> DIS_PART <disordered>[,,,]" (Thermo-Calc),
             * "... NEVER <disordered>" (OpenCalphad: the ordered part is not subtracted);
             * linked to the phases by name once all are read (as pycalphad, io/tdb.py) */
            size_t l4 = k + 1 < nw ? lens[k + 1] : 0;
            while (l4 > 0 && (words[k + 1][l4 - 1] == ',' || words[k + 1][l4 - 1] == '!')) l4--;
            for (size_t q = 0; q < l4; q++)
                if (words[k + 1][q] == ',') l4 = q;
            if (l4 == 0 || copy_name(td.phase, words[2], lens[2]) ||
                copy_name(td.dis_phase, words[k + 1], l4))
                return fail(r, LQ_EPARSE,
                            "TYPE_DEFINITION %c %s needs the ordered and the disordered phase "
                            "names",
                            td.code, dk == 1 ? "DISORDERED_PART" : "NEVER");
            td.dis_part = dk;
        } else if (word_is(words[k], lens[k], "EXCESS_MODEL")) {
            if (!(k + 1 < nw && (word_is(words[k + 1], lens[k + 1], "REDLICH_KISTER_MUGGIANU") ||
                                 word_is(words[k + 1], lens[k + 1], "REDLICH-KISTER_MUGGIANU"))))
                return fail(r, LQ_EUNSUPPORTED,
                            "excess model '%.*s' (TYPE_DEFINITION %c) is not supported: liquidus "
                            "implements Redlich-Kister-Muggianu only",
                            k + 1 < nw ? (int)lens[k + 1] : 0, k + 1 < nw ? words[k + 1] : "",
                            td.code);
        } else if (word_is(words[k], lens[k], "MAGNETIC")) {
            /* trailing default-value ',' marks after p occur (COST507: "-1 0.400,") */
            size_t l2 = k + 2 < nw ? lens[k + 2] : 0;
            while (l2 > 0 && words[k + 2][l2 - 1] == ',') l2--;
            if (k + 2 >= nw || parse_num(words[k + 1], lens[k + 1], &td.afm) ||
                parse_num(words[k + 2], l2, &td.p))
                return fail(r, LQ_EPARSE,
                            "TYPE_DEFINITION %c MAGNETIC needs the antiferromagnetic factor and "
                            "the structure factor p (e.g. -1 0.4)",
                            td.code);
            if (!(td.p > 0.0 && td.p <= 1.0))
                return fail(r, LQ_EPARSE, "TYPE_DEFINITION %c MAGNETIC: p %g must be in (0, 1]",
                            td.code, td.p);
            td.magnetic = 1;
            if (copy_name(td.phase, words[2], lens[2]))
                return fail(r, LQ_EPARSE, "phase name too long");
        } else if (!word_is(words[k], lens[k], "COMPOSITION_SETS") &&
                   !word_is(words[k], lens[k], "C_S") &&
                   !word_is(words[k], lens[k], "MAJOR_CONSTITUENT") &&
                   !word_is(words[k], lens[k], "DEFAULT_CONSTITUENT")) {
            lq_status sw = warn(r, r->line,
                                "TYPE_DEFINITION %c: action '%.*s' not known; ignored (it "
                                "does not change G in liquidus)",
                                td.code, (int)lens[k], words[k]);
            if (sw) return sw;
        }
    }
    while (len > 0 && isspace((unsigned char)text[len - 1])) len--;
    td.raw = lqi_malloc(len + 1);
    if (!td.raw) return fail(r, LQ_ENOMEM, "out of memory");
    memcpy(td.raw, text, len);
    td.raw[len] = '\0';
    for (size_t q = 0; q < db->ntd; q++)
        if (db->td[q].code == td.code && db->td[q].magnetic && td.magnetic) {
            lqi_free(db->td[q].raw);
            db->td[q] = td;
            return warn(r, r->line, "TYPE_DEFINITION %c redefined; the later one is used", td.code);
        }
    if (lqi_thermo_grow((void **)&db->td, &db->cap_td, db->ntd, sizeof *db->td)) {
        lqi_free(td.raw);
        return fail(r, LQ_ENOMEM, "out of memory");
    }
    db->td[db->ntd++] = td;
    return LQ_OK;
}

/* ------------------------------------------------------------------ PHASE, CONSTITUENT */
/* Splits "NAME:S" into name and suffix letter. */
static lq_status phase_name(reader *r, const char *w, size_t n, char *name, char *suffix) {
    size_t k = 0;
    while (k < n && w[k] != ':') k++;
    if (copy_name(name, w, k)) return fail(r, LQ_EPARSE, "missing or too long phase name");
    *suffix = 0;
    if (k < n) {
        if (n - k != 2 || !isalpha((unsigned char)w[k + 1]))
            return fail(r, LQ_EPARSE, "phase %s: malformed suffix '%.*s'", name, (int)(n - k),
                        w + k);
        *suffix = (char)toupper((unsigned char)w[k + 1]);
    }
    return LQ_OK;
}

static lq_status st_phase(reader *r, cursor *c) {
    lq_db *db = r->db;
    const char *w;
    size_t n = cur_word(c, &w);
    lqi_phase ph;
    memset(&ph, 0, sizeof ph);
    ph.line = r->line;
    if (n == 0) return fail(r, LQ_EPARSE, "PHASE without a name");
    lq_status st = phase_name(r, w, n, ph.name, &ph.suffix);
    if (st) return st;
    /* the ionic two-sublattice liquid (src/thermo/model/ionic.c): type Y, or a phase named
     * IONIC_LIQ... as Thermo-Calc and pycalphad recognise it */
    ph.ionic = ph.suffix == 'Y' || lqi_strncasecmp(ph.name, "IONIC_LIQ", 9) == 0;
    /* G gas, L liquid, B/F ordered bcc/fcc (symmetry hints), I ionic crystal (a system that
     * keeps its charged constituents is refused by lq_system_create) */
    if (ph.suffix && ph.suffix != 'G' && ph.suffix != 'L' && ph.suffix != 'A' && ph.suffix != 'B' &&
        ph.suffix != 'F' && ph.suffix != 'I' && ph.suffix != 'Y' &&
        ph.suffix != 'Q') /* Q: MQMQA, tdb_mqmqa.c */
        return fail(r, LQ_EUNSUPPORTED, "phase %s: phase type ':%c' is not supported", ph.name,
                    ph.suffix);
    if (ph.suffix == 'A')
        return fail(r, LQ_EUNSUPPORTED,
                    "phase %s: the aqueous solution model (type A) is not supported", ph.name);
    n = cur_word(c, &w);
    if (n == 0 || n >= sizeof ph.codes)
        return fail(r, LQ_EPARSE, "phase %s: missing or malformed type codes", ph.name);
    memcpy(ph.codes, w, n);
    ph.codes[n] = '\0';
    n = cur_word(c, &w);
    double ns;
    if (n == 0 || parse_num(w, n, &ns) || ns != floor(ns) || ns < 1 || ns > LQI_TDB_MAX_SUBL)
        return fail(r, LQ_EPARSE, "phase %s: number of sublattices must be an integer 1..%d",
                    ph.name, LQI_TDB_MAX_SUBL);
    ph.nsub = (int)ns;
    if (ph.ionic && ph.nsub != 2)
        return fail(r, LQ_EUNSUPPORTED,
                    "phase %s: the ionic two-sublattice liquid has 2 sublattices (cations : "
                    "anions, VA, neutrals), not %d",
                    ph.name, ph.nsub);
    for (int s = 0; s < ph.nsub; s++) {
        n = cur_word(c, &w);
        if (n == 0)
            return fail(r, LQ_EPARSE, "phase %s: %d sublattices declared but %d site ratios given",
                        ph.name, ph.nsub, s);
        if (parse_num(w, n, &ph.site[s]) || !(ph.site[s] > 0.0))
            return fail(r, LQ_EPARSE, "phase %s: site ratio '%.*s' must be a number > 0", ph.name,
                        (int)n, w);
    }
    n = cur_word(c, &w);
    if (n)
        return fail(r, LQ_EPARSE, "phase %s: more site ratios than the %d sublattices", ph.name,
                    ph.nsub);
    if (lqi_thermo_find_phase(db, ph.name) >= 0)
        return fail(r, LQ_EPARSE, "phase %s declared twice", ph.name);
    if (lqi_thermo_grow((void **)&db->ph, &db->cap_ph, db->nph, sizeof *db->ph))
        return fail(r, LQ_ENOMEM, "out of memory");
    db->ph[db->nph++] = ph;
    return LQ_OK;
}

/*
 * The constituent lists without blanks, into t (capacity len + 1); returns the length. A blank
 * between two names separates them as a ',' does: OpenCalphad writes ":MO RE:" (MoRe.TDB), which
 * Thermo-Calc's "MO,RE" means; blanks next to ':' or ',' are dropped.
 */
static size_t constituent_text(const char *s, size_t len, char *t) {
    size_t m = 0;
    int gap = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (isspace((unsigned char)ch)) {
            gap = 1;
            continue;
        }
        if (gap && m > 0 && t[m - 1] != ':' && t[m - 1] != ',' && ch != ':' && ch != ',')
            t[m++] = ',';
        gap = 0;
        t[m++] = ch;
    }
    t[m] = '\0';
    return m;
}

static lq_status st_constituent(reader *r, cursor *c) {
    lq_db *db = r->db;
    const char *w;
    cur_skip(c);
    /* the name ends at a blank or at the first ':' that follows a blank */
    size_t st = c->pos;
    while (c->pos < c->len && !isspace((unsigned char)c->s[c->pos])) {
        if (c->s[c->pos] == ':' && c->pos + 2 < c->len &&
            isalpha((unsigned char)c->s[c->pos + 1]) &&
            (isspace((unsigned char)c->s[c->pos + 2]) || c->s[c->pos + 2] == ':'))
            c->pos += 2; /* LIQUID:L */
        else if (c->s[c->pos] == ':')
            break;
        else
            c->pos++;
    }
    w = c->s + st;
    size_t n = c->pos - st;
    char name[LQI_TDB_NAME_MAX], suffix;
    int pi = -1;
    if (n == 0) {
        /* OpenCalphad gives a CONSTITUENT to the PHASE just before it and skips the name (its
         * readtdb, gtp3E.F90: the list starts after " :"); its cslaf-excess.TDB has one without */
        if (db->nph == 0 || db->ph[db->nph - 1].has_const)
            return fail(r, LQ_EPARSE, "CONSTITUENT without a phase name");
        pi = (int)db->nph - 1;
        memcpy(name, db->ph[pi].name, sizeof name);
        lq_status s = warn(r, r->line,
                           "CONSTITUENT without a phase name: read as that of the phase declared "
                           "before it, %s (as OpenCalphad does)",
                           name);
        if (s) return s;
    } else {
        lq_status s = phase_name(r, w, n, name, &suffix);
        if (s) return s;
        pi = lqi_thermo_find_phase(db, name);
    }
    if (pi < 0) return fail(r, LQ_EPARSE, "CONSTITUENT for undeclared phase %s", name);
    lqi_phase *ph = &db->ph[pi];
    if (ph->has_const) return fail(r, LQ_EPARSE, "phase %s: second CONSTITUENT statement", name);
    if (ph->suffix == 'Q') { /* MQMQA pairs and quadruplets (tdb_mqmqa.c) */
        if (r->nmq == 0)
            return lqi_tdb_mqmqa_constituent(db, pi, c->s + c->pos, c->len - c->pos, r->line,
                                             r->diag);
        size_t xl = 0;
        char *x = mq_expand(r, c->s + c->pos, c->len - c->pos, &xl);
        if (!x) return fail(r, LQ_ENOMEM, "out of memory");
        lq_status q = lqi_tdb_mqmqa_constituent(db, pi, x, xl, r->line, r->diag);
        lqi_free(x);
        return q;
    }
    size_t cap = c->len - c->pos + 1, m = 0;
    char *t = lqi_malloc(cap);
    if (!t) return fail(r, LQ_ENOMEM, "out of memory");
    m = constituent_text(c->s + c->pos, c->len - c->pos, t);
    lq_status ret = LQ_OK;
    int *cons = NULL;
    char *major = NULL;
    int ncons[LQI_TDB_MAX_SUBL] = {0};
    size_t total = 0, capc = 0, capm = 0;
    if (m == 0 || t[0] != ':') {
        ret = fail(r, LQ_EPARSE, "phase %s: constituents must start with ':'", name);
        goto done;
    }
    size_t i = 1;
    int sub = 0;
    while (i < m) {
        if (sub >= ph->nsub) {
            ret = fail(r, LQ_EPARSE, "phase %s: more constituent lists than its %d sublattices",
                       name, ph->nsub);
            goto done;
        }
        size_t e = i;
        while (e < m && t[e] != ':') e++;
        /* list t[i..e) separated by ',' */
        size_t a = i;
        while (a <= e) {
            size_t b = a;
            while (b < e && t[b] != ',') b++;
            size_t l = b - a;
            int maj = 0;
            while (l > 0 && (t[a + l - 1] == '%' || t[a + l - 1] == '#')) {
                maj = 1;
                l--;
            }
            if (l == 0) {
                ret = fail(r, LQ_EPARSE, "phase %s: empty constituent name in sublattice %d", name,
                           sub + 1);
                goto done;
            }
            char sn[LQI_TDB_NAME_MAX];
            if (copy_name(sn, t + a, l)) {
                ret = fail(r, LQ_EPARSE, "phase %s: constituent name too long", name);
                goto done;
            }
            int sp = lqi_thermo_find_species(db, sn);
            for (size_t k = 0; sp < 0 && k < r->nmq && ret == LQ_OK; k++)
                if (lqi_strcasecmp(r->mq[k].name, sn) == 0)
                    ret = fail(r, LQ_EUNSUPPORTED,
                               "phase %s: '%s' is a pair/quadruplet species of OpenCalphad's MQMQA "
                               "syntax, which only a phase of type Q (NAME:Q) holds",
                               name, sn);
            if (ret != LQ_OK) goto done;
            if (sp < 0) {
                ret = fail(r, LQ_EPARSE, "phase %s: unknown species '%s' in sublattice %d", name,
                           sn, sub + 1);
                goto done;
            }
            for (size_t k = total - (size_t)ncons[sub]; k < total; k++)
                if (cons[k] == sp) {
                    ret = fail(r, LQ_EPARSE, "phase %s: species %s twice in sublattice %d", name,
                               sn, sub + 1);
                    goto done;
                }
            if (lqi_thermo_grow((void **)&cons, &capc, total, sizeof *cons) ||
                lqi_thermo_grow((void **)&major, &capm, total, 1)) {
                ret = fail(r, LQ_ENOMEM, "out of memory");
                goto done;
            }
            cons[total] = sp;
            major[total] = (char)maj;
            total++;
            ncons[sub]++;
            a = b + 1;
        }
        sub++;
        i = e + 1;
    }
    if (sub != ph->nsub) {
        ret = fail(r, LQ_EPARSE, "phase %s: %d constituent lists for %d sublattices", name, sub,
                   ph->nsub);
        goto done;
    }
    ph->cons = cons;
    ph->major = major;
    memcpy(ph->ncons, ncons, sizeof ncons);
    ph->has_const = 1;
    ph->const_line = r->line;
    cons = NULL;
    major = NULL;
done:
    lqi_free(t);
    lqi_free(cons);
    lqi_free(major);
    return ret;
}

/* ------------------------------------------------------------------ PARAMETER */
/*
 * Parameters of the models beyond CEF + IHJ that pycalphad (model.py) reads: NT, the Neel
 * temperature of the Xiong magnetic model (W. Xiong et al., Calphad 39 (2012) 11); THETA, ln of
 * the Einstein temperature; GD, the liquid-amorphous two-state parameter (Thermo-Calc's names).
 */
static int extra_param_kind(const char *type, lqi_pkind *kind) {
    if (strcmp(type, "NT") == 0) {
        *kind = LQI_P_NT;
        return 0;
    }
    if (strcmp(type, "THETA") == 0) {
        *kind = LQI_P_THETA;
        return 0;
    }
    if (strcmp(type, "GD") == 0) {
        *kind = LQI_P_GD;
        return 0;
    }
    return -1;
}

static int param_kind(const char *type, lqi_pkind *kind) {
    if (strcmp(type, "G") == 0 || strcmp(type, "L") == 0) {
        *kind = LQI_P_G;
        return 0;
    }
    if (strcmp(type, "TC") == 0) {
        *kind = LQI_P_TC;
        return 0;
    }
    /* abbreviations of BMAGN as Thermo-Calc accepts them (BMAG in iron4cd.TDB) */
    if (strlen(type) >= 2 && strncmp(type, "BMAGN", strlen(type)) == 0) {
        *kind = LQI_P_BMAGN;
        return 0;
    }
    if (extra_param_kind(type, kind) == 0) return 0;
    /* mobilities (MQ&X, MF&X, DQ, DF, ...), molar volumes and viscosity (ETA) do not enter G
     * at 1 bar */
    static const char *const other[] = {"MQ", "MF",   "DQ",   "DF",   "QT",  "RQ", "V0",
                                        "VA", "VB",   "VC",   "VK",   "VS",  "VL", "ETA",
                                        "XI", "VISC", "ELRS", "THCD", "SIGM"};
    for (size_t k = 0; k < sizeof other / sizeof other[0]; k++) {
        size_t l = strlen(other[k]);
        if (strncmp(type, other[k], l) == 0 && (type[l] == '\0' || type[l] == '&')) {
            *kind = LQI_P_OTHER;
            return 0;
        }
    }
    return -1;
}

/* Alphabetical order of species names; the wildcard (-1) first. */
static int species_before(const lq_db *db, int a, int b) {
    if (a < 0 || b < 0) return a < 0 && b >= 0;
    return strcmp(db->sp[a].name, db->sp[b].name) < 0;
}

static lq_status st_parameter(reader *r, cursor *c) {
    lq_db *db = r->db;
    lqi_param pa;
    memset(&pa, 0, sizeof pa);
    pa.line = r->line;
    pa.phase_idx = -1;
    cur_skip(c);
    size_t st = c->pos;
    while (c->pos < c->len && c->s[c->pos] != '(' && !isspace((unsigned char)c->s[c->pos]))
        c->pos++;
    if (copy_name(pa.type, c->s + st, c->pos - st))
        return fail(r, LQ_EPARSE, "PARAMETER: missing or too long parameter type");
    cur_skip(c);
    if (c->pos >= c->len || c->s[c->pos] != '(')
        return fail(r, LQ_EPARSE, "PARAMETER %s: missing '(' after the type", pa.type);
    c->pos++;
    size_t a = c->pos;
    while (c->pos < c->len && c->s[c->pos] != ')') c->pos++;
    if (c->pos >= c->len) return fail(r, LQ_EPARSE, "PARAMETER %s: missing ')'", pa.type);
    size_t b = c->pos++;
    /* inside: PHASE,ARRAY[;ORDER] (blanks ignored) */
    char in[512];
    size_t m = 0;
    for (size_t i = a; i < b; i++)
        if (!isspace((unsigned char)c->s[i])) {
            if (m + 1 >= sizeof in) return fail(r, LQ_EPARSE, "PARAMETER: '(...)' too long");
            in[m++] = c->s[i];
        }
    in[m] = '\0';
    char *comma = strchr(in, ',');
    if (!comma)
        return fail(r, LQ_EPARSE, "PARAMETER %s: missing ',' after the phase name", pa.type);
    *comma = '\0';
    char *colon = strchr(in, ':');
    if (colon) *colon = '\0'; /* G(GAS:G,...) */
    if (copy_name(pa.phase, in, strlen(in)))
        return fail(r, LQ_EPARSE, "PARAMETER %s: missing or too long phase name", pa.type);
    char *arr = comma + 1;
    char *semi = strchr(arr, ';');
    if (semi) {
        *semi = '\0';
        double ord;
        if (parse_num(semi + 1, strlen(semi + 1), &ord) || ord != floor(ord) || ord < 0 ||
            ord > 100)
            return fail(r, LQ_EPARSE, "PARAMETER %s(%s,...): order '%s' must be an integer 0..100",
                        pa.type, pa.phase, semi + 1);
        pa.order = (int)ord;
    }
    char what[2 * LQI_TDB_NAME_MAX + 16];
    snprintf(what, sizeof what, "parameter %s(%s,...)", pa.type, pa.phase);
    if (strcmp(pa.type, "LNTH") == 0 || strcmp(pa.type, "G2") == 0)
        return fail(r, LQ_EUNSUPPORTED,
                    "%s: OpenCalphad's %s model (parameter %s) is not supported by liquidus: its "
                    "contribution counts per mole of atoms and OpenCalphad turns it on outside the "
                    "TDB file (liquidus reads the THETA and GD parameters of Thermo-Calc and "
                    "pycalphad)",
                    what, pa.type[0] == 'L' ? "Einstein low-temperature" : "liquid two-state",
                    pa.type);
    if (param_kind(pa.type, &pa.kind))
        return fail(r, LQ_EUNSUPPORTED,
                    "%s: parameter type %s is part of a model liquidus does not implement (known: "
                    "G, L, TC, BMAGN, NT, THETA, GD; mobilities and volumes are kept but do not "
                    "enter G)",
                    what, pa.type);
    int qpi = lqi_thermo_find_phase(db, pa.phase);
    if (qpi >= 0 && db->ph[qpi].suffix == 'Q') { /* MQMQA quadruplet parameter (tdb_mqmqa.c) */
        lq_status qs = parse_piecewise(r, c, what, &pa.func);
        return qs ? qs
                  : lqi_tdb_mqmqa_param(db, qpi, pa.type, arr, pa.order, pa.func, r->line, r->diag);
    }
    /* constituent array */
    size_t total = 0, cap = 0;
    int *cons = NULL;
    char *p = arr;
    int sub = 0;
    lq_status ret = LQ_OK;
    if (*p == '\0') {
        ret = fail(r, LQ_EPARSE, "%s: empty constituent array", what);
        goto bad;
    }
    for (;;) {
        if (sub >= LQI_TDB_MAX_SUBL) {
            ret = fail(r, LQ_EPARSE, "%s: too many sublattices", what);
            goto bad;
        }
        char *e = p;
        while (*e && *e != ':' && *e != ',') e++;
        size_t l = (size_t)(e - p);
        char sn[LQI_TDB_NAME_MAX];
        if (l == 0 || copy_name(sn, p, l)) {
            ret = fail(r, LQ_EPARSE, "%s: empty or too long constituent name", what);
            goto bad;
        }
        int sp = -1;
        if (strcmp(sn, "*") != 0) {
            sp = lqi_thermo_find_species(db, sn);
            if (sp < 0) {
                /* as pycalphad: such a parameter cannot apply; it is reported, not used */
                ret = warn(r, r->line, "%s: unknown species '%s'; parameter not used", what, sn);
                lqi_free(cons);
                return ret;
            }
        }
        if (lqi_thermo_grow((void **)&cons, &cap, total, sizeof *cons)) {
            ret = fail(r, LQ_ENOMEM, "out of memory");
            goto bad;
        }
        cons[total++] = sp;
        pa.ncons[sub]++;
        if (*e == ',') {
            p = e + 1;
        } else if (*e == ':') {
            sub++;
            p = e + 1;
            if (*p == '\0') break; /* trailing ':' */
        } else {
            sub++;
            break;
        }
    }
    pa.nsub = sub;
    pa.cons = cons;
    /* Constituents of a sublattice are sorted alphabetically, as Thermo-Calc does and pycalphad
     * (issue #17) follows: L(P,B,A;1) is L(P,A,B;1), i.e. (y_A - y_B)^1. */
    for (int s = 0, k0 = 0; s < pa.nsub; k0 += pa.ncons[s], s++) {
        int *v = cons + k0;
        for (int i = 1; i < pa.ncons[s]; i++)
            for (int j = i; j > 0 && species_before(db, v[j], v[j - 1]); j--) {
                int t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        for (int i = 1; i < pa.ncons[s]; i++)
            if (v[i] == v[i - 1]) {
                ret = fail(r, LQ_EPARSE, "%s: constituent %s twice in sublattice %d", what,
                           v[i] < 0 ? "*" : db->sp[v[i]].name, s + 1);
                goto bad;
            }
    }
    ret = parse_piecewise(r, c, what, &pa.func);
    if (ret) goto bad;
    /* the same parameter again: the later one is used */
    for (size_t k = 0; k < db->npar; k++) {
        lqi_param *q = &db->par[k];
        if (strcmp(q->type, pa.type) || strcmp(q->phase, pa.phase) || q->order != pa.order ||
            q->nsub != pa.nsub || memcmp(q->ncons, pa.ncons, sizeof pa.ncons) ||
            memcmp(q->cons, pa.cons, total * sizeof *cons))
            continue;
        lqi_free(q->cons);
        long old = q->line;
        *q = pa;
        return warn(r, r->line, "%s given again (first at line %ld); the later one is used", what,
                    old);
    }
    if (lqi_thermo_grow((void **)&db->par, &db->cap_par, db->npar, sizeof *db->par)) {
        ret = fail(r, LQ_ENOMEM, "out of memory");
        goto bad;
    }
    db->par[db->npar++] = pa;
    return LQ_OK;
bad:
    lqi_free(cons);
    return ret;
}

/* ------------------------------------------------------------------ references */
/* Structured parse of "id 'text' id 'text' ..." into db->ref; -1 when the list has another form. */
static int parse_references(reader *r, cursor *c, lq_status *st) {
    lq_db *db = r->db;
    const char *w;
    size_t n;
    *st = LQ_OK;
    for (;;) {
        cur_skip(c);
        if (c->pos >= c->len) return 0;
        n = cur_word(c, &w);
        if ((n == 6 && lqi_strncasecmp(w, "NUMBER", 6) == 0) ||
            (n == 6 && lqi_strncasecmp(w, "SOURCE", 6) == 0))
            continue;
        lqi_ref ref;
        memset(&ref, 0, sizeof ref);
        if (n >= LQI_TDB_NAME_MAX || memchr(w, '\'', n)) return -1;
        memcpy(ref.id, w, n);
        ref.id[n] = '\0';
        cur_skip(c);
        /* some exports put a number between the id and the text ("REF1 1 'text'") */
        if (c->pos < c->len && c->s[c->pos] != '\'') {
            const char *w2;
            size_t n2 = cur_word(c, &w2);
            double x;
            if (memchr(w2, '\'', n2) || parse_num(w2, n2, &x)) return -1;
            cur_skip(c);
        }
        if (c->pos >= c->len || c->s[c->pos] != '\'') return -1;
        size_t a = ++c->pos;
        while (c->pos < c->len && c->s[c->pos] != '\'') c->pos++;
        if (c->pos >= c->len) return -1;
        size_t b = c->pos++;
        /* collapse runs of blanks (line breaks of the file) */
        ref.text = lqi_malloc(b - a + 1);
        if (!ref.text) {
            *st = fail(r, LQ_ENOMEM, "out of memory");
            return -1;
        }
        size_t m = 0;
        for (size_t i = a; i < b; i++) {
            int sp = isspace((unsigned char)c->s[i]);
            if (sp && (m == 0 || ref.text[m - 1] == ' ')) continue;
            ref.text[m++] = sp ? ' ' : c->s[i];
        }
        while (m > 0 && ref.text[m - 1] == ' ') m--;
        ref.text[m] = '\0';
        if (lqi_thermo_grow((void **)&db->ref, &db->cap_ref, db->nref, sizeof *db->ref)) {
            lqi_free(ref.text);
            *st = fail(r, LQ_ENOMEM, "out of memory");
            return -1;
        }
        db->ref[db->nref++] = ref;
    }
}

/*
 * LIST_OF_REFERENCES / ADD_REFERENCES. References are bibliography, not model: a list in another
 * layout (unquoted texts, bare numbers) is kept as written, with a warning.
 */
static lq_status st_references(reader *r, cursor *c, const char *text, size_t len) {
    lq_db *db = r->db;
    size_t n0 = db->nref;
    lq_status st;
    if (parse_references(r, c, &st) == 0) return LQ_OK;
    if (st != LQ_OK) return st;
    for (size_t i = n0; i < db->nref; i++) lqi_free(db->ref[i].text);
    db->nref = n0;
    st = keep_raw(r, text, len);
    if (st) return st;
    return warn(r, r->line, "reference list not in the form id 'text'; kept as written");
}

/* ------------------------------------------------------------------ statements */
static lq_status statement(reader *r, const char *text, size_t len, long line) {
    cursor c = {text, len, 0};
    const char *w;
    r->line = line;
    r->kw = NULL;
    size_t n = cur_word(&c, &w);
    if (n == 0) return LQ_OK;
    int alnum = 0;
    for (size_t i = 0; i < n; i++) alnum |= isalnum((unsigned char)w[i]) != 0;
    /* a stray ": !" after a CONSTITUENT (SGTE PURE5 export), a '"' after a '!' (crtiv_ghosh) */
    if (!alnum)
        return warn(r, line, "stray statement '%.*s' ignored", (int)(len < 40 ? len : 40), text);
    int k = keyword_lookup(w, n);
    if (k == -2) return fail(r, LQ_EPARSE, "ambiguous keyword '%.*s'", (int)n, w);
    if (k < 0) return fail(r, LQ_EPARSE, "unknown keyword '%.*s'", (int)n, w);
    r->kw = kw_names[k];
    switch (k) {
        case KW_ELEMENT:
            return st_element(r, &c);
        case KW_SPECIES:
            return st_species(r, &c);
        case KW_FUNCTION:
            return st_function(r, &c);
        case KW_PHASE:
            return st_phase(r, &c);
        case KW_CONSTITUENT:
            return st_constituent(r, &c);
        case KW_PARAMETER:
            return st_parameter(r, &c);
        case KW_TYPE_DEFINITION:
            return st_typedef(r, &c, text, len);
        case KW_LIST_OF_REFERENCES:
        case KW_ADD_REFERENCES:
            return st_references(r, &c, text, len);
        case KW_TEMPERATURE_LIMITS: {
            double lo, hi;
            size_t n1 = cur_word(&c, &w);
            if (n1 == 0 || parse_num(w, n1, &lo))
                return fail(r, LQ_EPARSE, "TEMPERATURE_LIMITS needs two numbers");
            n1 = cur_word(&c, &w);
            if (n1 == 0 || parse_num(w, n1, &hi) || !(hi > lo))
                return fail(r, LQ_EPARSE, "TEMPERATURE_LIMITS needs two increasing numbers");
            r->db->tlo_default = lo;
            r->db->thi_default = hi;
            return keep_raw(r, text, len);
        }
        default:
            return keep_raw(r, text, len);
    }
}

static int is_ref_keyword(const char *buf, size_t len) {
    size_t i = 0;
    while (i < len && isspace((unsigned char)buf[i])) i++;
    size_t st = i;
    while (i < len && !isspace((unsigned char)buf[i])) i++;
    int k = keyword_lookup(buf + st, i - st);
    return k == KW_LIST_OF_REFERENCES || k == KW_ADD_REFERENCES;
}

/* Splits the text into statements ('!'), removing '$' comments; feeds them to statement(). */
static lq_status split(reader *r, const char *s, size_t n) {
    char *buf = NULL;
    size_t len = 0, cap = 0;
    long line = 1, start_line = 0;
    int quote = 0, checked_ref = 0, is_ref = 0;
    lq_status st = LQ_OK;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\0') {
            r->line = line;
            r->kw = NULL;
            st = fail(r, LQ_EPARSE, "NUL byte in the text (not a TDB file?)");
            goto out;
        }
        if (ch == '$' && !quote) {
            while (i + 1 < n && s[i + 1] != '\n') i++;
            continue;
        }
        if (ch == '\'' && is_ref) quote = !quote;
        if (ch == '!' && !quote) {
            if (start_line) {
                st = statement(r, buf, len, start_line);
                if (st) goto out;
            }
            len = 0;
            start_line = 0;
            checked_ref = is_ref = 0;
            /* Punctuation after the '!' up to the end of the line (a '"' in crtiv_ghosh.tdb, a
             * second ": !" in the SGTE PURE5 export) is ignored with a warning, as pycalphad
             * ignores what follows '!' on its line; a further statement on the line is read. */
            size_t j = i + 1;
            int junk = 0, alnum = 0;
            for (; j < n && s[j] != '\n' && s[j] != '$'; j++) {
                if (isalnum((unsigned char)s[j]) || s[j] == '\0') alnum = 1;
                if (!isspace((unsigned char)s[j])) junk = 1;
            }
            if (junk && !alnum) {
                st = warn(r, line, "text after '!' ignored: '%.*s'",
                          (int)(j - i - 1 < 40 ? j - i - 1 : 40), s + i + 1);
                if (st) goto out;
                i = j - 1;
            }
            continue;
        }
        if (ch == '\n') line++;
        int blank = isspace((unsigned char)ch);
        if (!blank && !start_line) start_line = line;
        if (!start_line) continue;
        if (lqi_thermo_grow((void **)&buf, &cap, len + 1, 1)) {
            st = fail(r, LQ_ENOMEM, "out of memory");
            goto out;
        }
        buf[len++] = blank ? ' ' : ch;
        if (blank && !checked_ref) {
            checked_ref = 1;
            is_ref = is_ref_keyword(buf, len);
        }
    }
    if (start_line) {
        size_t k = 0;
        while (k < len && k < 40 && !isspace((unsigned char)buf[k])) k++;
        r->line = start_line;
        r->kw = NULL;
        st =
            fail(r, LQ_EPARSE, "unterminated statement starting '%.*s' (missing '!')", (int)k, buf);
    }
out:
    lqi_free(buf);
    return st;
}

/* After all statements: resolve function names, check cycles, phases and parameters. */
/*
 * Order-disorder links (TYPE_DEFINITION ... DISORDERED_PART / NEVER): the ordered phase records
 * its disordered part. A link whose ordered phase is not in the database is ignored with a
 * warning (the TYPE_DEFINITION then describes nothing); a missing disordered phase is an error,
 * as in pycalphad (io/tdb.py raises), since the ordered phase's G would lack its larger part.
 */
static lq_status link_disordered_parts(reader *r) {
    lq_db *db = r->db;
    for (size_t i = 0; i < db->ntd; i++) {
        const lqi_typedef *td = &db->td[i];
        if (!td->dis_part) continue;
        r->line = td->line;
        r->kw = "TYPE_DEFINITION";
        int po = lqi_thermo_find_phase(db, td->phase);
        int pd = lqi_thermo_find_phase(db, td->dis_phase);
        if (po < 0) {
            lq_status st = warn(r, td->line,
                                "TYPE_DEFINITION %c: ordered phase %s is not in the database; "
                                "ignored",
                                td->code, td->phase);
            if (st) return st;
            continue;
        }
        if (pd < 0 || pd == po || db->ph[pd].dis_part)
            return fail(r, LQ_EPARSE,
                        "TYPE_DEFINITION %c: disordered part %s of %s is not a phase of the "
                        "database (or is itself ordered)",
                        td->code, td->dis_phase, td->phase);
        db->ph[po].dis_part = td->dis_part;
        db->ph[po].dis_phase = pd;
    }
    /* one level only: a disordered part is not itself ordered (no chains, no cycles) */
    for (size_t i = 0; i < db->ntd; i++) {
        const lqi_typedef *td = &db->td[i];
        int po = td->dis_part ? lqi_thermo_find_phase(db, td->phase) : -1;
        if (po < 0 || !db->ph[po].dis_part || !db->ph[db->ph[po].dis_phase].dis_part) continue;
        r->line = td->line;
        return fail(r, LQ_EPARSE,
                    "TYPE_DEFINITION %c: disordered part %s of %s is itself an ordered phase",
                    td->code, td->dis_phase, td->phase);
    }
    return LQ_OK;
}

static lq_status finish(reader *r) {
    lq_db *db = r->db;
    lqi_xpool *p = &db->pool;
    r->kw = NULL;
    for (size_t i = 0; i < p->nnode; i++) {
        lqi_xnode *nd = &p->node[i];
        if (nd->kind != LQI_X_FUN || nd->a >= 0) continue;
        nd->a = lqi_thermo_find_func(db, p->unres[nd->b]);
    }
    for (size_t k = 0; k < p->nunres; k++) {
        if (lqi_thermo_find_func(db, p->unres[k]) >= 0) continue;
        if (strcmp(p->unres[k], "R") == 0 || strcmp(p->unres[k], "RTLNP") == 0) continue;
        lq_status st = warn(r, db->unres_line[k],
                            "function %s is used but not defined (phases that need it cannot be "
                            "evaluated)",
                            p->unres[k]);
        if (st) return st;
    }
    if (lqi_thermo_pool_callees(p)) return fail(r, LQ_ENOMEM, "out of memory");
    int *order = lqi_malloc_array(p->nfunc ? p->nfunc : 1, sizeof *order);
    int *all = lqi_malloc_array(p->nfunc ? p->nfunc : 1, sizeof *all);
    if (!order || !all) {
        lqi_free(order);
        lqi_free(all);
        return fail(r, LQ_ENOMEM, "out of memory");
    }
    for (size_t f = 0; f < p->nfunc; f++) all[f] = (int)f;
    size_t no;
    int cyc = -1;
    int rc = lqi_thermo_func_order(p, all, p->nfunc, order, &no, &cyc);
    lqi_free(order);
    lqi_free(all);
    if (rc == -1) return fail(r, LQ_ENOMEM, "out of memory");
    if (rc == -2) {
        r->line = p->func[cyc].line;
        return fail(r, LQ_EPARSE, "function %s calls itself through a cycle of functions",
                    p->func[cyc].name[0] ? p->func[cyc].name : "(parameter)");
    }
    /* phases: constituents and type codes */
    for (size_t i = 0; i < db->nph; i++) {
        lqi_phase *ph = &db->ph[i];
        r->line = ph->line;
        if (!ph->has_const)
            return fail(r, LQ_EPARSE, "phase %s has no CONSTITUENT statement", ph->name);
        for (const char *q = ph->codes; *q; q++) {
            int found = 0;
            for (size_t k = 0; k < db->ntd; k++) {
                if (db->td[k].code != *q) continue;
                found = 1;
                if (db->td[k].magnetic) {
                    ph->magnetic = 1;
                    ph->afm = db->td[k].afm;
                    ph->p = db->td[k].p;
                }
            }
            if (!found) {
                lq_status st = warn(r, ph->line, "phase %s: no TYPE_DEFINITION for type code '%c'",
                                    ph->name, *q);
                if (st) return st;
            }
        }
    }
    lq_status sd = link_disordered_parts(r);
    if (sd) return sd;
    /* parameters: phase, sublattices, constituents */
    for (size_t i = 0; i < db->npar; i++) {
        lqi_param *pa = &db->par[i];
        r->line = pa->line;
        r->kw = "PARAMETER";
        int pi = lqi_thermo_find_phase(db, pa->phase);
        pa->phase_idx = -1;
        if (pi < 0) {
            lq_status st =
                warn(r, pa->line, "parameter %s(%s,...) for an undeclared phase; not used",
                     pa->type, pa->phase);
            if (st) return st;
            continue;
        }
        lqi_phase *ph = &db->ph[pi];
        /* ionic liquid: neutral constituents of the anion sublattice are written with that
         * sublattice alone, G(IONIC_LIQ,S;0) (Sundman, Calphad 15 (1991) 109; pycalphad) */
        int soff = ph->ionic && ph->nsub == 2 && pa->nsub == 1;
        if (pa->nsub + soff != ph->nsub) {
            /* as pycalphad: reported, not used */
            lq_status st = warn(
                r, pa->line, "parameter %s(%s,...) has %d sublattices, the phase has %d; not used",
                pa->type, pa->phase, pa->nsub, ph->nsub);
            if (st) return st;
            continue;
        }
        int ok = 1, k = 0, base = soff ? ph->ncons[0] : 0;
        for (int s = 0; s < pa->nsub && ok; s++) {
            for (int j = 0; j < pa->ncons[s]; j++, k++) {
                int sp = pa->cons[k];
                if (sp < 0) continue;
                int in = 0;
                for (int m = 0; m < ph->ncons[s + soff]; m++)
                    if (ph->cons[base + m] == sp) in = 1;
                if (!in) {
                    lq_status st = warn(r, pa->line,
                                        "parameter %s(%s,...): %s is not a constituent of "
                                        "sublattice %d; not used",
                                        pa->type, pa->phase, db->sp[sp].name, s + soff + 1);
                    if (st) return st;
                    ok = 0;
                    break;
                }
            }
            base += ph->ncons[s + soff];
        }
        if (ok && pa->kind != LQI_P_OTHER) pa->phase_idx = pi;
        if ((pa->kind == LQI_P_TC || pa->kind == LQI_P_BMAGN || pa->kind == LQI_P_NT) &&
            !ph->magnetic && ok) {
            lq_status st = warn(r, pa->line,
                                "parameter %s(%s,...): the phase has no magnetic TYPE_DEFINITION; "
                                "not used",
                                pa->type, pa->phase);
            if (st) return st;
            pa->phase_idx = -1;
        }
    }
    return LQ_OK;
}

void lq_db_free(lq_db *db) {
    if (!db) return;
    lqi_thermo_pool_free(&db->pool);
    for (size_t i = 0; i < db->ntd; i++) lqi_free(db->td[i].raw);
    for (size_t i = 0; i < db->nph; i++) {
        lqi_free(db->ph[i].cons);
        lqi_free(db->ph[i].major);
        lqi_thermo_mqdb_free(db->ph[i].mq);
        lqi_thermo_ktdb_free(db->ph[i].kt);
    }
    for (size_t i = 0; i < db->npar; i++) lqi_free(db->par[i].cons);
    for (size_t i = 0; i < db->nref; i++) lqi_free(db->ref[i].text);
    for (size_t i = 0; i < db->nraw; i++) lqi_free(db->raw[i].text);
    for (size_t i = 0; i < db->nwarn; i++) lqi_free(db->warn[i]);
    lqi_free(db->el);
    lqi_free(db->sp);
    lqi_free(db->td);
    lqi_free(db->ph);
    lqi_free(db->par);
    lqi_free(db->ref);
    lqi_free(db->raw);
    lqi_free(db->warn);
    lqi_free(db->unres_line);
    lqi_free(db);
}

static lq_status read_text(const char *text, size_t n, const char *name, lq_db **out,
                           lq_diag *diag) {
    lq_db *db = lqi_calloc(1, sizeof *db);
    if (!db) return lqi_diag_set(diag, LQ_ENOMEM, name, 0, "", "out of memory");
    snprintf(db->name, sizeof db->name, "%s", name);
    db->tlo_default = 298.15;
    db->thi_default = 6000.0;
    reader r = {db, diag, name, 0, NULL, NULL, 0, 0};
    lq_status st = split(&r, text, n);
    if (st == LQ_OK) st = finish(&r);
    for (size_t k = 0; k < r.nmq; k++) lqi_free(r.mq[k].text);
    lqi_free(r.mq);
    if (st != LQ_OK) {
        lq_db_free(db);
        return st;
    }
    if (db->nwarn > 0 && diag) {
        lq_diag_clear(diag);
        lqi_diag_warn(diag, "", 0, "", "%s%s", db->warn[0],
                      db->nwarn > 1 ? " (and more warnings)" : "");
    }
    *out = db;
    return LQ_OK;
}

lq_status lq_db_read_string(const char *text, const char *name, lq_db **db, lq_diag *diag) {
    if (!text || !db)
        return lqi_diag_set(diag, LQ_EINVAL, name ? name : "", 0, "", "NULL text or output");
    if (lqi_db_sniff_format(text) == LQI_DB_FORMAT_CHEMSAGE_DAT) /* src/thermo/dat */
        return lqi_dat_read_string(text, name ? name : "(string)", db, diag);
    return read_text(text, strlen(text), name ? name : "(string)", db, diag);
}

lq_status lq_db_read_file(const char *path, lq_db **db, lq_diag *diag) {
    if (!path || !db) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL path or output");
    char *buf = NULL;
    size_t len = 0;
    lq_status st = lq_file_read_all(path, &buf, &len, diag);
    if (st != LQ_OK) return st;
    if (strlen(buf) == len && lqi_db_sniff_format(buf) == LQI_DB_FORMAT_CHEMSAGE_DAT)
        st = lqi_dat_read_string(buf, path, db, diag);
    else
        st = read_text(buf, len, path, db, diag);
    lq_free(buf);
    return st;
}
