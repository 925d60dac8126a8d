/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writer of TDB databases: the read -> write -> read round trip reproduces every Gibbs energy. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "thermo/thermo_internal.h"

/*
 * Numbers are written with the fewest digits (15 to 17) that read back to the same double and
 * expressions from their parsed trees, so the round trip is exact (thermo_tdb tests check G to
 * 1e-10 relative). Long expressions are wrapped before a '+' or '-' operator.
 */

typedef struct wbuf {
    char *s;
    size_t len, cap;
    int col;
    int failed;
} wbuf;

static void put(wbuf *w, const char *t) {
    if (w->failed) return;
    size_t n = strlen(t);
    if (w->len + n + 1 > w->cap) {
        size_t nc = w->cap ? w->cap : 4096;
        while (w->len + n + 1 > nc) nc *= 2;
        char *q = lqi_realloc(w->s, nc);
        if (!q) {
            w->failed = 1;
            return;
        }
        w->s = q;
        w->cap = nc;
    }
    memcpy(w->s + w->len, t, n + 1);
    w->len += n;
    const char *nl = strrchr(t, '\n');
    w->col = nl ? (int)strlen(nl + 1) : w->col + (int)n;
}

static void putf(wbuf *w, const char *fmt, const char *a, const char *b) {
    char tmp[3 * LQI_TDB_NAME_MAX + 64];
    snprintf(tmp, sizeof tmp, fmt, a, b ? b : "");
    put(w, tmp);
}

static void put_num(wbuf *w, double v) {
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*G", prec, v);
        double back;
        if (lqi_parse_double(tmp, strlen(tmp), 0, &back) == 0 && back == v) break;
    }
    put(w, tmp);
}

/*
 * Expression text, wrapped so that the line keeps within `limit` columns where possible. A break
 * may go before any operator or parenthesis (blanks between tokens are ignored when reading),
 * never inside a number such as 1E+25 or inside '**'.
 */
static void put_expr(wbuf *w, const lqi_xpool *p, int root, int limit) {
    char *e = NULL;
    size_t len = 0, cap = 0;
    if (lqi_thermo_expr_print(p, root, &e, &len, &cap)) {
        w->failed = 1;
        lqi_free(e);
        return;
    }
    size_t st = 0, last = 0;
    for (size_t i = 1; i <= len; i++) {
        int op = 0;
        if (i < len) {
            char c = e[i], prev = e[i - 1];
            op = strchr("+-*/()", c) != NULL && !(c == '*' && prev == '*') &&
                 !((c == '+' || c == '-') && (prev == 'E' || prev == 'e') && i >= 2 &&
                   e[i - 2] >= '0' && e[i - 2] <= '9');
        }
        if (w->col + (int)(i - st) > limit && last > st) {
            char save = e[last];
            e[last] = '\0';
            put(w, e + st);
            e[last] = save;
            put(w, "\n     ");
            st = last;
        }
        if (op) last = i;
    }
    put(w, e + st);
    lqi_free(e);
}

static void put_piecewise(wbuf *w, const lqi_xpool *p, const lqi_func *fn) {
    const lqi_range *r = p->range + fn->range0;
    put(w, " ");
    put_num(w, r[0].lo);
    put(w, " ");
    for (int k = 0; k < fn->nrange; k++) {
        if (k > 0) put(w, "\n     ");
        char hi[40];
        snprintf(hi, sizeof hi, "%.17G", r[k].hi);
        /* room for "; HIGH Y", and on the last range for " REF !" */
        int tail = 5 + (int)strlen(hi) + (k + 1 < fn->nrange ? 0 : (int)strlen(fn->ref) + 3);
        put_expr(w, p, r[k].root, 79 - tail);
        put(w, "; ");
        put_num(w, r[k].hi);
        put(w, k + 1 < fn->nrange ? " Y" : " N");
    }
    if (fn->ref[0]) {
        put(w, " ");
        put(w, fn->ref);
    }
    put(w, " !\n");
}

/* Text wrapped at blanks before column 79 (a line break reads as a blank). */
static void put_words(wbuf *w, const char *t) {
    char word[256];
    while (*t) {
        size_t l = strcspn(t, " ");
        if (w->col + (int)l > 78 && w->col > 14) put(w, "\n          ");
        while (l > 0) { /* a word longer than the buffer goes out in pieces, unbroken */
            size_t m = l < sizeof word - 1 ? l : sizeof word - 1;
            memcpy(word, t, m);
            word[m] = '\0';
            put(w, word);
            t += m;
            l -= m;
        }
        while (*t == ' ') t++;
        if (*t) put(w, " ");
    }
}

static void put_param(wbuf *w, const lq_db *db, const lqi_param *pa) {
    putf(w, " PARAMETER %s(%s,", pa->type, pa->phase);
    int k = 0;
    for (int s = 0; s < pa->nsub; s++) {
        if (s > 0) put(w, ":");
        for (int j = 0; j < pa->ncons[s]; j++, k++) {
            if (j > 0) put(w, ",");
            put(w, pa->cons[k] < 0 ? "*" : db->sp[pa->cons[k]].name);
        }
    }
    char ord[32];
    snprintf(ord, sizeof ord, ";%d)", pa->order);
    put(w, ord);
    put_piecewise(w, &db->pool, &db->pool.func[pa->func]);
}

int lqi_thermo_db_write_text(const lq_db *db, char **text, size_t *len) {
    for (size_t i = 0; i < db->nph; i++)
        if (db->ph[i].mq || db->ph[i].kt)
            return -2; /* MQMQA, QKTO, SUBM: no TDB form (lq_db_write_file says so) */
    wbuf w = {NULL, 0, 0, 0, 0};
    const lqi_xpool *p = &db->pool;
    put(&w, "$ TDB database written by liquidus (read -> write -> read gives the same G)\n$\n");
    for (size_t i = 0; i < db->nel; i++) {
        const lqi_element *e = &db->el[i];
        putf(&w, " ELEMENT %-4s %-24s ", e->name, e->ref_phase[0] ? e->ref_phase : "BLANK");
        put_num(&w, e->mass);
        put(&w, " ");
        put_num(&w, e->h298);
        put(&w, " ");
        put_num(&w, e->s298);
        put(&w, " !\n");
    }
    for (size_t i = 0; i < db->nsp; i++) {
        const lqi_species *s = &db->sp[i];
        if (s->is_element) continue;
        putf(&w, " SPECIES %-12s ", s->name, NULL);
        for (int k = 0; k < s->nel; k++) {
            put(&w, db->el[s->el[k]].name);
            put_num(&w, s->n[k]);
        }
        if (s->charge != 0.0) {
            put(&w, s->charge > 0 ? "/+" : "/-");
            put_num(&w, s->charge > 0 ? s->charge : -s->charge);
        }
        put(&w, " !\n");
    }
    put(&w, "$\n");
    for (size_t f = 0; f < p->nfunc; f++) {
        if (!p->func[f].name[0]) continue;
        putf(&w, " FUNCTION %-10s", p->func[f].name, NULL);
        put_piecewise(&w, p, &p->func[f]);
    }
    put(&w, "$\n");
    for (size_t i = 0; i < db->ntd; i++) {
        put(&w, " ");
        put(&w, db->td[i].raw);
        put(&w, " !\n");
    }
    for (size_t i = 0; i < db->nraw; i++) {
        put(&w, " ");
        put_words(&w, db->raw[i].text);
        put(&w, " !\n");
    }
    for (size_t i = 0; i < db->nph; i++) {
        const lqi_phase *ph = &db->ph[i];
        char suf[3] = {':', ph->suffix, 0};
        put(&w, "$\n PHASE ");
        put(&w, ph->name);
        if (ph->suffix) put(&w, suf);
        /* a phase read from a .dat file has no type codes */
        put(&w, " ");
        put(&w, ph->codes[0] ? ph->codes : "%");
        put(&w, " ");
        char ns[16];
        snprintf(ns, sizeof ns, "%d", ph->nsub);
        put(&w, ns);
        for (int s = 0; s < ph->nsub; s++) {
            put(&w, " ");
            put_num(&w, ph->site[s]);
        }
        put(&w, " !\n CONSTITUENT ");
        put(&w, ph->name);
        if (ph->suffix) put(&w, suf);
        put(&w, " :");
        size_t k = 0;
        for (int s = 0; s < ph->nsub; s++) {
            for (int j = 0; j < ph->ncons[s]; j++, k++) {
                if (j > 0) put(&w, ",");
                /* long lists continue on the next line (blanks are ignored when reading) */
                if (w.col + (int)strlen(db->sp[ph->cons[k]].name) > 76) put(&w, "\n    ");
                put(&w, db->sp[ph->cons[k]].name);
                if (ph->major[k]) put(&w, "%");
            }
            put(&w, " : ");
        }
        put(&w, "!\n");
        for (size_t j = 0; j < db->npar; j++)
            if (lqi_strcasecmp(db->par[j].phase, ph->name) == 0) put_param(&w, db, &db->par[j]);
    }
    int header = 0;
    for (size_t j = 0; j < db->npar; j++) {
        if (lqi_thermo_find_phase(db, db->par[j].phase) >= 0) continue;
        if (!header) put(&w, "$ parameters of phases the database does not declare\n");
        header = 1;
        put_param(&w, db, &db->par[j]);
    }
    if (db->nref) {
        put(&w, "$\n LIST_OF_REFERENCES\n NUMBER  SOURCE\n");
        for (size_t i = 0; i < db->nref; i++) {
            putf(&w, "  %-8s '", db->ref[i].id, NULL);
            put_words(&w, db->ref[i].text);
            put(&w, "'\n");
        }
        put(&w, " !\n");
    }
    if (w.failed) {
        lqi_free(w.s);
        return -1;
    }
    *text = w.s;
    *len = w.len;
    return 0;
}

/* 1 when a name can be written into a TDB statement and read back as the same name. */
static int tdb_name_ok(const char *name) {
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_-+/.%", *p)) return 0;
    return 1;
}

lq_status lqi_thermo_db_writable(const lq_db *db, lq_diag *diag) {
    for (size_t i = 0; i < db->nph; i++)
        if (db->ph[i].mq)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, db->ph[i].line, "PHASE",
                                "phase %s: the quasichemical model (MQMQA) cannot be written as "
                                "TDB yet",
                                db->ph[i].name);
    for (size_t i = 0; i < db->nph; i++)
        if (db->ph[i].kt)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, db->ph[i].line, "PHASE",
                                "phase %s: the Kohler-Toop excess of a .dat QKTO or SUBM phase has "
                                "no TDB form",
                                db->ph[i].name);
    /* names read from ChemSage .dat files may hold characters a TDB name cannot ("C(S)") */
    for (size_t i = 0; i < db->nph; i++)
        if (!tdb_name_ok(db->ph[i].name))
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, db->ph[i].line, "PHASE",
                                "phase %s: the name cannot be written as a TDB name (letters, "
                                "digits and _ - + / . %% only)",
                                db->ph[i].name);
    for (size_t i = 0; i < db->nsp; i++)
        if (!tdb_name_ok(db->sp[i].name))
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, db->name, db->sp[i].line, "SPECIES",
                                "species %s: the name cannot be written as a TDB name (letters, "
                                "digits and _ - + / . %% only)",
                                db->sp[i].name);
    return LQ_OK;
}

lq_status lq_db_write_file(const lq_db *db, const char *path, lq_diag *diag) {
    if (!db || !path || !*path)
        return lqi_diag_set(diag, LQ_EINVAL, path ? path : "", 0, "", "NULL database or path");
    lq_status wst = lqi_thermo_db_writable(db, diag);
    if (wst != LQ_OK) return wst;
    char *text = NULL;
    size_t len = 0;
    if (lqi_thermo_db_write_text(db, &text, &len))
        return lqi_diag_set(diag, LQ_ENOMEM, path, 0, "", "out of memory");
    lq_status st = lq_file_write_atomic(path, text, len, diag);
    lqi_free(text);
    return st;
}
