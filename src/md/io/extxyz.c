/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Extended XYZ configurations (first frame): species, positions, Lattice and pbc. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/deepmd.h"

/* Format: the extended XYZ convention of ASE/QUIP (github.com/libAtoms/extxyz): line 1 the atom
 * count, line 2 key=value pairs (Lattice="ax ay az bx by bz cx cy cz", Properties=name:T:n:...,
 * pbc="T T T"), then one line per atom with the Properties columns (default species:S:1:pos:R:3).
 */

#define XYZ_MAX_COLS 64

typedef struct xyz_cols {
    size_t species, pos, ncols; /* column indices */
} xyz_cols;

/* Next key=value pair of the comment line; value quotes removed. Returns 0 at the end, 1 for a
 * word without '=', 2 for a pair. */
static int next_pair(const char **p, const char *e, char *key, size_t ksz, char *val, size_t vsz) {
    const char *s = *p;
    while (s < e && isspace((unsigned char)*s)) s++;
    if (s >= e) return 0;
    size_t k = 0;
    while (s < e && *s != '=' && !isspace((unsigned char)*s)) {
        if (k + 1 < ksz) key[k++] = *s;
        s++;
    }
    key[k] = '\0';
    size_t v = 0;
    int has_value = s < e && *s == '=';
    if (has_value) {
        s++;
        char q = (s < e && (*s == '"' || *s == '\'')) ? *s++ : 0;
        while (s < e && (q ? *s != q : !isspace((unsigned char)*s))) {
            if (v + 1 < vsz) val[v++] = *s;
            s++;
        }
        if (q && s < e) s++;
    }
    val[v] = '\0';
    *p = s;
    return has_value ? 2 : 1; /* a bare word of a free comment is not a key */
}

static int ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return !*a && !*b;
}

/* Properties=species:S:1:pos:R:3:... -> the columns of species and pos. */
static lq_status parse_properties(const char *v, xyz_cols *c, const char *path, lq_diag *diag) {
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", v);
    char *f[3 * XYZ_MAX_COLS];
    size_t n = 0;
    char *s = buf;
    while (n < 3 * XYZ_MAX_COLS) {
        f[n++] = s;
        char *t = strchr(s, ':');
        if (!t) break;
        *t = '\0';
        s = t + 1;
    }
    c->species = c->pos = (size_t)-1;
    c->ncols = 0;
    if (n % 3)
        return lqi_diag_set(diag, LQ_EPARSE, path, 2, "Properties", "expected name:type:count");
    for (size_t k = 0; k < n; k += 3) {
        long cnt = strtol(f[k + 2], NULL, 10);
        if (cnt < 1 || cnt > 16)
            return lqi_diag_set(diag, LQ_EPARSE, path, 2, "Properties", "bad count for %s", f[k]);
        if (ieq(f[k], "species") && cnt == 1 && ieq(f[k + 1], "S")) c->species = c->ncols;
        if (ieq(f[k], "pos") && cnt == 3 && ieq(f[k + 1], "R")) c->pos = c->ncols;
        c->ncols += (size_t)cnt;
    }
    if (c->species == (size_t)-1 || c->pos == (size_t)-1 || c->ncols > XYZ_MAX_COLS)
        return lqi_diag_set(diag, LQ_EPARSE, path, 2, "Properties",
                            "needs species:S:1 and pos:R:3 (at most %d columns)", XYZ_MAX_COLS);
    return LQ_OK;
}

static lq_status parse_comment(const char *s, const char *e, lq_md_config *cfg, xyz_cols *c,
                               const char *path, lq_diag *diag) {
    char key[64], val[1024];
    int has_lattice = 0, pbc[3] = {1, 1, 1};
    c->species = 0;
    c->pos = 1;
    c->ncols = 4;
    int kind;
    while ((kind = next_pair(&s, e, key, sizeof key, val, sizeof val)) != 0) {
        if (kind == 1) continue;
        if (ieq(key, "Lattice")) {
            char *p = val, *end;
            for (int k = 0; k < 9; k++, p = end) {
                cfg->box_A[k] = strtod(p, &end);
                if (end == p || !isfinite(cfg->box_A[k]))
                    return lqi_diag_set(diag, LQ_EPARSE, path, 2, "Lattice", "expected 9 numbers");
            }
            has_lattice = 1;
        } else if (ieq(key, "Properties")) {
            lq_status st = parse_properties(val, c, path, diag);
            if (st != LQ_OK) return st;
        } else if (ieq(key, "pbc")) {
            char *w[4];
            if (lqi_words(val, w, 4) != 3)
                return lqi_diag_set(diag, LQ_EPARSE, path, 2, "pbc", "expected three T/F");
            for (int k = 0; k < 3; k++) pbc[k] = toupper((unsigned char)w[k][0]) == 'T';
        }
    }
    int npbc = pbc[0] + pbc[1] + pbc[2];
    if (has_lattice && npbc != 0 && npbc != 3)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 2, "pbc",
                            "periodic in some directions only is not supported");
    cfg->periodic = has_lattice && npbc == 3;
    return LQ_OK;
}

static lq_status parse_atoms(lqi_lines *L, lq_md_config *cfg, const xyz_cols *c, const char *path,
                             lq_diag *diag) {
    char line[4096];
    for (size_t i = 0; i < cfg->n_atoms; i++) {
        const char *s, *e;
        if (!lqi_lines_next(L, &s, &e))
            return lqi_diag_set(diag, LQ_EPARSE, path, L->lineno + 1, "",
                                "file ends after %zu of %zu atoms", i, cfg->n_atoms);
        size_t len = (size_t)(e - s) < sizeof line - 1 ? (size_t)(e - s) : sizeof line - 1;
        memcpy(line, s, len);
        line[len] = '\0';
        char *w[XYZ_MAX_COLS];
        size_t nw = lqi_words(line, w, XYZ_MAX_COLS);
        if (nw < c->ncols)
            return lqi_diag_set(diag, LQ_EPARSE, path, L->lineno, "",
                                "%zu columns, Properties needs %zu", nw, c->ncols);
        if (strlen(w[c->species]) >= sizeof cfg->symbol[0])
            return lqi_diag_set(diag, LQ_EPARSE, path, L->lineno, "species", "name too long");
        snprintf(cfg->symbol[i], sizeof cfg->symbol[i], "%s", w[c->species]);
        for (size_t a = 0; a < 3; a++) {
            const char *t = w[c->pos + a];
            if (lqi_csv_num(t, t + strlen(t), 0, &cfg->pos_A[3 * i + a]) != 0 ||
                !isfinite(cfg->pos_A[3 * i + a]))
                return lqi_diag_set(diag, LQ_EPARSE, path, L->lineno, "pos", "'%s' is not a number",
                                    t);
        }
    }
    return LQ_OK;
}

lq_status lq_md_extxyz_parse(const char *text, size_t size, const char *name, lq_md_config *cfg,
                             lq_diag *diag) {
    if (!text || !cfg) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    const char *path = name ? name : "";
    lqi_lines L;
    lqi_lines_init(&L, text, size);
    const char *s, *e;
    if (!lqi_lines_next(&L, &s, &e))
        return lqi_diag_set(diag, LQ_EPARSE, path, 1, "", "empty file");
    char num[32];
    size_t len = (size_t)(e - s) < sizeof num - 1 ? (size_t)(e - s) : sizeof num - 1;
    memcpy(num, s, len);
    num[len] = '\0';
    char *end;
    long n = strtol(num, &end, 10);
    while (*end && isspace((unsigned char)*end)) end++;
    if (n < 1 || n > 100000000L || *end)
        return lqi_diag_set(diag, LQ_EPARSE, path, 1, "", "first line is not an atom count");
    lq_md_config c = {0};
    xyz_cols cols;
    if (!lqi_lines_next(&L, &s, &e))
        return lqi_diag_set(diag, LQ_EPARSE, path, 2, "", "missing comment line");
    lq_status st = parse_comment(s, e, &c, &cols, path, diag);
    if (st != LQ_OK) return st;
    c.n_atoms = (size_t)n;
    c.symbol = lqi_malloc_array(c.n_atoms, sizeof *c.symbol);
    c.pos_A = lqi_malloc_array(3 * c.n_atoms, sizeof *c.pos_A);
    if (!c.symbol || !c.pos_A) st = LQ_ENOMEM;
    if (st == LQ_OK) st = parse_atoms(&L, &c, &cols, path, diag);
    if (st != LQ_OK) {
        lq_md_config_free(&c);
        return st;
    }
    *cfg = c;
    return LQ_OK;
}

lq_status lq_md_extxyz_read(const char *path, lq_md_config *cfg, lq_diag *diag) {
    if (!path || !cfg) return lqi_diag_set(diag, LQ_EINVAL, "", 0, "", "NULL argument");
    FILE *fp = fopen(path, "rb");
    if (!fp) return lqi_diag_set(diag, LQ_EIO, path, 0, "", "cannot open");
    size_t cap = 1 << 16, n = 0;
    char *buf = lqi_malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap) break;
        char *nb = lqi_realloc(buf, 2 * cap);
        if (!nb) lqi_free(buf);
        buf = nb;
        cap *= 2;
    }
    fclose(fp);
    if (!buf) return LQ_ENOMEM;
    lq_status st = lq_md_extxyz_parse(buf, n, path, cfg, diag);
    lqi_free(buf);
    return st;
}

void lq_md_config_free(lq_md_config *cfg) {
    if (!cfg) return;
    lqi_free(cfg->symbol);
    lqi_free(cfg->pos_A);
    memset(cfg, 0, sizeof *cfg);
}
