/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CIF 1.1 reader (any data block holding atom sites, loops, symmetry expansion, occupancies,
 * type symbols in any case or with oxidation states) and P1 writer.
 * Syntax: IUCr CIF 1.1 specification; S. R. Hall, F. H. Allen, I. D. Brown, Acta Cryst. A47
 * (1991) 655. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"
#include "dft/spacegroup.h"
#include "liquidus/core.h"

/* Images of one site closer than this (largest periodic difference of fractional coordinates)
 * are the same atom: CIFs give 1/3 as 0.3333, so operations like x-y land 1e-4 away. */
#define CIF_MERGE_TOL 1e-3

enum { TOK_TAG, TOK_VALUE, TOK_LOOP, TOK_DATA, TOK_OTHER };

typedef struct {
    const char *p;
    size_t len;
    long line;
    int kind;
} token;

typedef struct {
    token *t;
    size_t n, cap;
} token_list;

static int push(token_list *l, const char *p, size_t len, long line, int kind) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        token *t = lqi_realloc(l->t, cap * sizeof *t);
        if (!t) return -1;
        l->t = t;
        l->cap = cap;
    }
    l->t[l->n++] = (token){p, len, line, kind};
    return 0;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Splits the text into tokens (with their lines). Quoted strings end at a matching quote that is
 * followed by blank space; text fields run between lines starting with ';'. */
static lq_status tokenize(const char *text, const char *name, token_list *l, lq_diag *diag) {
    const char *p = text;
    long line = 1;
    int at_line_start = 1;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
            at_line_start = 1;
            continue;
        }
        if (is_blank(*p)) {
            p++;
            at_line_start = 0;
            continue;
        }
        if (*p == '#') {
            while (*p && *p != '\n') p++;
            continue;
        }
        if (*p == ';' && at_line_start) {
            long start_line = line;
            const char *b = p + 1;
            const char *q = b;
            for (;;) {
                const char *nl = strchr(q, '\n');
                if (!nl)
                    return lqi_diag_set(diag, LQ_EPARSE, name, start_line, NULL,
                                        "text field starting with ';' is not closed");
                line++;
                q = nl + 1;
                if (*q == ';') break;
            }
            if (push(l, b, (size_t)(q - b), start_line, TOK_VALUE)) return LQ_ENOMEM;
            p = q + 1;
            at_line_start = 0;
            continue;
        }
        at_line_start = 0;
        if (*p == '\'' || *p == '"') {
            char quote = *p;
            const char *b = p + 1, *q = b;
            while (*q && *q != '\n' && !(*q == quote && (q[1] == '\0' || is_blank(q[1])))) q++;
            if (*q != quote)
                return lqi_diag_set(diag, LQ_EPARSE, name, line, NULL,
                                    "quoted string is not closed on its line");
            if (push(l, b, (size_t)(q - b), line, TOK_VALUE)) return LQ_ENOMEM;
            p = q + 1;
            continue;
        }
        const char *b = p;
        while (*p && !is_blank(*p)) p++;
        size_t len = (size_t)(p - b);
        int kind = TOK_VALUE;
        if (*b == '_')
            kind = TOK_TAG;
        else if (len == 5 && lqi_strncasecmp(b, "loop_", 5) == 0)
            kind = TOK_LOOP;
        else if (len >= 5 && lqi_strncasecmp(b, "data_", 5) == 0)
            kind = TOK_DATA;
        else if ((len >= 5 && lqi_strncasecmp(b, "save_", 5) == 0) ||
                 (len == 7 && lqi_strncasecmp(b, "global_", 7) == 0) ||
                 (len == 5 && lqi_strncasecmp(b, "stop_", 5) == 0))
            kind = TOK_OTHER;
        if (push(l, b, len, line, kind)) return LQ_ENOMEM;
    }
    return LQ_OK;
}

static int tag_is(const token *t, const char *tag) {
    return t->kind == TOK_TAG && strlen(tag) == t->len && lqi_strncasecmp(t->p, tag, t->len) == 0;
}

/* A CIF number: optional standard uncertainty in brackets, "5.4321(3)". */
static int cif_number(const token *t, double *v) {
    size_t n = t->len;
    const char *br = memchr(t->p, '(', n);
    if (br) {
        if (t->p[n - 1] != ')') return -1;
        n = (size_t)(br - t->p);
    }
    return lqi_dft_word_double(t->p, n, v);
}

static int is_unknown(const token *t) { return t->len == 1 && (t->p[0] == '?' || t->p[0] == '.'); }

/* The element of a type symbol or label: 'Fe', 'FE', 'fe', 'Fe3+', 'O2-', 'Fe1', 'OW1'. The
 * leading letters are read case-insensitively; two letters are tried before one (COD writes 'AL'
 * for Al, labels such as 'OW1' fall back to O). 0 when no element is named. */
static int symbol_z(const char *p, size_t len) {
    size_t nl = 0;
    while (nl < len && nl < 3 && isalpha((unsigned char)p[nl])) nl++;
    for (size_t m = nl < 2 ? nl : 2; m >= 1; m--) {
        char buf[3] = {0, 0, 0};
        buf[0] = (char)toupper((unsigned char)p[0]);
        if (m == 2) buf[1] = (char)tolower((unsigned char)p[1]);
        int z = lq_element_z(buf);
        if (z) return z;
    }
    return 0;
}

/* ---------------------------------------------------------------- symmetry operations */

typedef struct {
    double r[3][3];
    double t[3];
} symop;

/* Parses one component such as "-x+y+1/2" or "1/2+x" or "x-0.25" into row and translation. */
static int parse_component(const char *s, size_t n, double row[3], double *tr) {
    row[0] = row[1] = row[2] = 0.0;
    *tr = 0.0;
    size_t i = 0;
    int any = 0;
    while (i < n) {
        while (i < n && isspace((unsigned char)s[i])) i++;
        if (i >= n) break;
        double sign = 1.0;
        if (s[i] == '+' || s[i] == '-') {
            sign = s[i] == '-' ? -1.0 : 1.0;
            i++;
            while (i < n && isspace((unsigned char)s[i])) i++;
        } else if (any) {
            return -1;
        }
        if (i >= n) return -1;
        char c = (char)tolower((unsigned char)s[i]);
        if (c == 'x' || c == 'y' || c == 'z') {
            row[c - 'x'] += sign;
            i++;
        } else if (isdigit((unsigned char)s[i]) || s[i] == '.') {
            size_t b = i;
            while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.')) i++;
            double num;
            if (lqi_dft_word_double(s + b, i - b, &num) != 0) return -1;
            if (i < n && s[i] == '/') {
                size_t b2 = ++i;
                while (i < n && isdigit((unsigned char)s[i])) i++;
                double den;
                if (lqi_dft_word_double(s + b2, i - b2, &den) != 0 || den == 0.0) return -1;
                num /= den;
            }
            /* A coefficient times a variable, "2x" or "0.5*x", is allowed too. */
            while (i < n && isspace((unsigned char)s[i])) i++;
            if (i < n && s[i] == '*') i++;
            while (i < n && isspace((unsigned char)s[i])) i++;
            char v = i < n ? (char)tolower((unsigned char)s[i]) : '\0';
            if (v == 'x' || v == 'y' || v == 'z') {
                row[v - 'x'] += sign * num;
                i++;
            } else {
                *tr += sign * num;
            }
        } else {
            return -1;
        }
        any = 1;
    }
    return any ? 0 : -1;
}

static int parse_symop(const char *s, size_t n, symop *op) {
    size_t b = 0;
    int comp = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == ',') {
            if (comp > 2 || parse_component(s + b, i - b, op->r[comp], &op->t[comp]) != 0)
                return -1;
            comp++;
            b = i + 1;
        }
    }
    return comp == 3 ? 0 : -1;
}

/* ---------------------------------------------------------------- parser */

typedef struct {
    const char *name;
    lq_diag *diag;
    token_list tl;
    size_t block_end;
    /* Scalars we need. */
    const token *cell[6];
    const token *sg_name, *sg_hall, *sg_number;
    /* Loops of interest: index of first tag, number of tags, first value, number of values. */
    size_t site_tag0, site_ntag, site_val0, site_nval;
    size_t op_tag0, op_ntag, op_val0, op_nval;
    int have_site, have_ops;
} cif;

static const char *const cell_tags[6] = {"_cell_length_a",   "_cell_length_b",
                                         "_cell_length_c",   "_cell_angle_alpha",
                                         "_cell_angle_beta", "_cell_angle_gamma"};

static lq_status scan_block(cif *c, size_t start) {
    const token *t = c->tl.t;
    size_t i = start;
    while (i < c->block_end) {
        if (t[i].kind == TOK_TAG) {
            if (i + 1 >= c->block_end || t[i + 1].kind != TOK_VALUE)
                return lqi_diag_set(c->diag, LQ_EPARSE, c->name, t[i].line, NULL,
                                    "tag '%.*s' has no value", (int)(t[i].len > 60 ? 60 : t[i].len),
                                    t[i].p);
            for (int k = 0; k < 6; k++)
                if (tag_is(&t[i], cell_tags[k])) c->cell[k] = &t[i + 1];
            if (tag_is(&t[i], "_symmetry_space_group_name_H-M") ||
                tag_is(&t[i], "_space_group_name_H-M_alt") ||
                tag_is(&t[i], "_space_group.name_H-M_alt"))
                c->sg_name = &t[i + 1];
            if (tag_is(&t[i], "_space_group_name_Hall") ||
                tag_is(&t[i], "_symmetry_space_group_name_Hall") ||
                tag_is(&t[i], "_space_group.name_Hall"))
                c->sg_hall = &t[i + 1];
            if (tag_is(&t[i], "_space_group_IT_number") ||
                tag_is(&t[i], "_symmetry_Int_Tables_number") ||
                tag_is(&t[i], "_space_group.IT_number"))
                c->sg_number = &t[i + 1];
            i += 2;
        } else if (t[i].kind == TOK_LOOP) {
            size_t tag0 = ++i;
            while (i < c->block_end && t[i].kind == TOK_TAG) i++;
            size_t ntag = i - tag0;
            size_t val0 = i;
            while (i < c->block_end && t[i].kind == TOK_VALUE) i++;
            size_t nval = i - val0;
            if (ntag == 0)
                return lqi_diag_set(c->diag, LQ_EPARSE, c->name, t[tag0 - 1].line, "loop_",
                                    "loop_ without tags");
            if (nval % ntag != 0)
                return lqi_diag_set(c->diag, LQ_EPARSE, c->name, t[tag0].line, "loop_",
                                    "loop starting '%.*s' has %zu values, not a multiple "
                                    "of its %zu tags",
                                    (int)(t[tag0].len > 60 ? 60 : t[tag0].len), t[tag0].p, nval,
                                    ntag);
            for (size_t k = tag0; k < tag0 + ntag; k++) {
                if (tag_is(&t[k], "_atom_site_fract_x")) {
                    c->have_site = 1;
                    c->site_tag0 = tag0;
                    c->site_ntag = ntag;
                    c->site_val0 = val0;
                    c->site_nval = nval;
                }
                if (tag_is(&t[k], "_symmetry_equiv_pos_as_xyz") ||
                    tag_is(&t[k], "_space_group_symop_operation_xyz")) {
                    c->have_ops = 1;
                    c->op_tag0 = tag0;
                    c->op_ntag = ntag;
                    c->op_val0 = val0;
                    c->op_nval = nval;
                }
            }
        } else if (t[i].kind == TOK_VALUE) {
            return lqi_diag_set(c->diag, LQ_EPARSE, c->name, t[i].line, NULL,
                                "value '%.*s' without a tag", (int)(t[i].len > 40 ? 40 : t[i].len),
                                t[i].p);
        } else {
            i++;
        }
    }
    return LQ_OK;
}

static long find_col(const cif *c, size_t tag0, size_t ntag, const char *tag) {
    for (size_t k = 0; k < ntag; k++)
        if (tag_is(&c->tl.t[tag0 + k], tag)) return (long)k;
    return -1;
}

static double wrap01(double x) {
    double f = x - floor(x);
    return f >= 1.0 ? 0.0 : f;
}

/* Rhombohedral axes: a = b = c and alpha = beta = gamma, not 90 degrees (a hexagonal-axes cell
 * has gamma = 120 and alpha = beta = 90). */
static int rhombohedral_cell(const double par[6]) {
    double a = par[0];
    return fabs(par[1] - a) < 1e-4 * a && fabs(par[2] - a) < 1e-4 * a &&
           fabs(par[4] - par[3]) < 1e-3 && fabs(par[5] - par[3]) < 1e-3 &&
           fabs(par[3] - 90.0) > 1e-3;
}

static lq_status group_error(const cif *c, const token *v, const char *tag, const char *what) {
    return lqi_diag_set(c->diag, LQ_EUNSUPPORTED, c->name, v->line, tag,
                        "%s '%.*s' given without symmetry operations is not a known setting; add "
                        "the operations (_space_group_symop_operation_xyz) or write the CIF in P1",
                        what, (int)(v->len > 40 ? 40 : v->len), v->p);
}

/* The operations of the group a block names when it lists none: by Hall symbol, else by
 * Hermann-Mauguin symbol, else by number (standard setting); the identity when it names none. */
static lq_status ops_from_group(const cif *c, const double par[6], symop **out, size_t *nout) {
    const token *hall = c->sg_hall && !is_unknown(c->sg_hall) ? c->sg_hall : NULL;
    const token *hm = c->sg_name && !is_unknown(c->sg_name) ? c->sg_name : NULL;
    const token *num = c->sg_number && !is_unknown(c->sg_number) ? c->sg_number : NULL;
    int rh = rhombohedral_cell(par);
    lqi_spacegroup_pick p = {-1, 0};
    double nv = 0.0;
    if (num && (cif_number(num, &nv) != 0 || nv != floor(nv) || nv < 1.0 || nv > 230.0))
        return lqi_diag_set(c->diag, LQ_EPARSE, c->name, num->line, "_space_group_IT_number",
                            "'%.*s' is not a space-group number 1..230",
                            (int)(num->len > 40 ? 40 : num->len), num->p);
    if (hall) {
        p.index = lqi_spacegroup_by_hall(hall->p, hall->len);
        if (p.index < 0) return group_error(c, hall, "_space_group_name_Hall", "Hall symbol");
    } else if (hm) {
        p = lqi_spacegroup_by_hm(hm->p, hm->len, rh);
        if (p.index < 0 && !num)
            return group_error(c, hm, "_symmetry_space_group_name_H-M", "space group");
        if (p.index < 0) {
            /* A full symbol ("P 21/n 21/m 21/a") or a spelling not known here: the number. */
            p = lqi_spacegroup_by_number((int)nv, rh);
            lqi_diag_warn(c->diag, c->name, hm->line, "_symmetry_space_group_name_H-M",
                          "symbol '%.*s' not known: read the standard setting of group %d",
                          (int)(hm->len > 40 ? 40 : hm->len), hm->p, (int)nv);
        }
    } else if (num) {
        p = lqi_spacegroup_by_number((int)nv, rh);
    } else {
        *out = NULL;
        *nout = 1;
        return LQ_OK;
    }
    const lqi_spacegroup *g = &lqi_spacegroups[p.index];
    if (num && (int)nv != g->number)
        return lqi_diag_set(c->diag, LQ_EPARSE, c->name, num->line, "_space_group_IT_number",
                            "number %d disagrees with the symbol of group %d ('%s')", (int)nv,
                            g->number, g->hm);
    if (p.origin_guessed)
        lqi_diag_warn(c->diag, c->name, (hm ? hm : num)->line, "_symmetry_space_group_name_H-M",
                      "'%s' has two origin choices and the file names none: read with origin "
                      "choice 2 (at a centre of symmetry); write '%s :1' for origin choice 1",
                      g->hm, g->hm);
    double cen[4][3];
    int ncen = lqi_spacegroup_centring(g->lattice, cen);
    size_t nrep = 1;
    for (const char *q = g->ops; *q; q++) nrep += *q == ';';
    symop *ops = lqi_malloc_array(nrep * (size_t)ncen, sizeof *ops);
    if (!ops) return LQ_ENOMEM;
    const char *q = g->ops;
    for (size_t k = 0; k < nrep; k++) {
        const char *e = strchr(q, ';');
        size_t len = e ? (size_t)(e - q) : strlen(q);
        symop rep;
        /* The table is generated and checked; a failure here is a corrupt table. */
        if (parse_symop(q, len, &rep) != 0) {
            lqi_free(ops);
            return lqi_diag_set(c->diag, LQ_EINVAL, c->name, 0, "space group table",
                                "cannot read operation %zu of '%s'", k + 1, g->hall);
        }
        for (int j = 0; j < ncen; j++) {
            ops[k * (size_t)ncen + (size_t)j] = rep;
            for (int a = 0; a < 3; a++) ops[k * (size_t)ncen + (size_t)j].t[a] += cen[j][a];
        }
        q = e ? e + 1 : q + len;
    }
    *out = ops;
    *nout = nrep * (size_t)ncen;
    return LQ_OK;
}

static lq_status build(cif *c, lq_structure **out) {
    const token *t = c->tl.t;
    lq_diag *diag = c->diag;
    double par[6];
    for (int k = 0; k < 6; k++) {
        if (!c->cell[k])
            return lqi_diag_set(diag, LQ_EPARSE, c->name, 0, cell_tags[k],
                                "missing cell parameter");
        if (cif_number(c->cell[k], &par[k]) != 0)
            return lqi_diag_set(diag, LQ_EPARSE, c->name, c->cell[k]->line, cell_tags[k],
                                "'%.*s' is not a number",
                                (int)(c->cell[k]->len > 40 ? 40 : c->cell[k]->len), c->cell[k]->p);
    }
    double lat[3][3];
    if (lq_lattice_from_parameters(par, par + 3, lat) != LQ_OK)
        return lqi_diag_set(diag, LQ_EPARSE, c->name, c->cell[0]->line, "_cell",
                            "impossible cell parameters");

    /* Symmetry operations. */
    symop *ops = NULL;
    size_t nops = 1;
    symop identity = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, {0, 0, 0}};
    if (c->have_ops) {
        long col = find_col(c, c->op_tag0, c->op_ntag, "_symmetry_equiv_pos_as_xyz");
        if (col < 0) col = find_col(c, c->op_tag0, c->op_ntag, "_space_group_symop_operation_xyz");
        nops = c->op_nval / c->op_ntag;
        if (nops == 0)
            return lqi_diag_set(diag, LQ_EPARSE, c->name, t[c->op_tag0].line, "symmetry",
                                "empty loop of symmetry operations");
        ops = lqi_malloc_array(nops, sizeof *ops);
        if (!ops) return LQ_ENOMEM;
        for (size_t k = 0; k < nops; k++) {
            const token *v = &t[c->op_val0 + k * c->op_ntag + (size_t)col];
            if (parse_symop(v->p, v->len, &ops[k]) != 0) {
                lqi_free(ops);
                return lqi_diag_set(diag, LQ_EPARSE, c->name, v->line, "symmetry operation",
                                    "cannot read '%.*s'", (int)(v->len > 60 ? 60 : v->len), v->p);
            }
        }
    } else {
        lq_status st = ops_from_group(c, par, &ops, &nops);
        if (st != LQ_OK) return st;
    }
    const symop *opl = ops ? ops : &identity;

    if (!c->have_site) {
        lqi_free(ops);
        return lqi_diag_set(diag, LQ_EPARSE, c->name, 0, "_atom_site_fract_x",
                            "no loop of atom sites with fractional coordinates");
    }
    size_t nt = c->site_ntag, nrow = c->site_nval / nt;
    long cx = find_col(c, c->site_tag0, nt, "_atom_site_fract_x");
    long cy = find_col(c, c->site_tag0, nt, "_atom_site_fract_y");
    long cz = find_col(c, c->site_tag0, nt, "_atom_site_fract_z");
    long clab = find_col(c, c->site_tag0, nt, "_atom_site_label");
    long ctyp = find_col(c, c->site_tag0, nt, "_atom_site_type_symbol");
    long cocc = find_col(c, c->site_tag0, nt, "_atom_site_occupancy");
    if (cy < 0 || cz < 0 || (clab < 0 && ctyp < 0)) {
        lqi_free(ops);
        return lqi_diag_set(diag, LQ_EPARSE, c->name, t[c->site_tag0].line, "_atom_site",
                            "atom site loop needs fract_x, fract_y, fract_z and a label or type "
                            "symbol");
    }
    lq_structure *s = NULL;
    lq_status st = lq_structure_alloc(0, &s);
    if (st != LQ_OK) {
        lqi_free(ops);
        return st;
    }
    memcpy(s->lattice_A, lat, sizeof lat);
    /* Sites are counted in m and the arrays grow geometrically (capacity cap = s->n_sites while
     * filling): a resize per site copied the arrays once per site, quadratic for large cells. */
    size_t m = 0, cap = 0;
    for (size_t row = 0; row < nrow; row++) {
        const token *v = &t[c->site_val0 + row * nt];
        const token *sym = &v[ctyp >= 0 ? ctyp : clab];
        if (is_unknown(sym) && clab >= 0) sym = &v[clab];
        int z = symbol_z(sym->p, sym->len);
        if (!z && clab >= 0 && sym != &v[clab]) z = symbol_z(v[clab].p, v[clab].len);
        if (!z) {
            char buf[16];
            snprintf(buf, sizeof buf, "%.*s", (int)(sym->len > 15 ? 15 : sym->len), sym->p);
            st = lqi_diag_set(diag, LQ_EPARSE, c->name, sym->line, "_atom_site_type_symbol",
                              "'%s' does not name an element", buf);
            goto fail;
        }
        double f[3], occ = 1.0;
        const long cols[3] = {cx, cy, cz};
        for (int k = 0; k < 3; k++)
            if (cif_number(&v[cols[k]], &f[k]) != 0) {
                st = lqi_diag_set(diag, LQ_EPARSE, c->name, v[cols[k]].line, "_atom_site_fract",
                                  "'%.*s' is not a number",
                                  (int)(v[cols[k]].len > 40 ? 40 : v[cols[k]].len), v[cols[k]].p);
                goto fail;
            }
        if (cocc >= 0 && !is_unknown(&v[cocc])) {
            if (cif_number(&v[cocc], &occ) != 0 || !(occ > 0.0) || occ > 1.0 + 1e-6) {
                st = lqi_diag_set(diag, LQ_EPARSE, c->name, v[cocc].line, "_atom_site_occupancy",
                                  "'%.*s' is not an occupancy in (0, 1]",
                                  (int)(v[cocc].len > 40 ? 40 : v[cocc].len), v[cocc].p);
                goto fail;
            }
            occ = fmin(occ, 1.0);
        }
        size_t first = m;
        for (size_t k = 0; k < nops; k++) {
            double g[3];
            for (int a = 0; a < 3; a++)
                g[a] = wrap01(opl[k].r[a][0] * f[0] + opl[k].r[a][1] * f[1] +
                              opl[k].r[a][2] * f[2] + opl[k].t[a]);
            int dup = 0;
            for (size_t j = first; j < m && !dup; j++) {
                double dmax = 0.0;
                for (int a = 0; a < 3; a++) {
                    double d = g[a] - s->frac[j][a];
                    d -= floor(d + 0.5);
                    dmax = fmax(dmax, fabs(d));
                }
                dup = dmax < CIF_MERGE_TOL;
            }
            if (dup) continue;
            size_t at = m++;
            if (at == cap) {
                cap = cap ? 2 * cap : 64;
                if ((st = lqi_dft_structure_resize(s, cap)) != LQ_OK) goto fail;
            }
            memcpy(s->frac[at], g, sizeof g);
            s->z[at] = z;
            s->occupancy[at] = occ;
            const token *lab = clab >= 0 ? &v[clab] : sym;
            snprintf(s->label[at], sizeof s->label[at], "%.*s",
                     (int)(lab->len > 15 ? 15 : lab->len), lab->p);
        }
    }
    if (m == 0) {
        st = lqi_diag_set(diag, LQ_EPARSE, c->name, t[c->site_tag0].line, "_atom_site",
                          "no atom sites");
        goto fail;
    }
    if ((st = lqi_dft_structure_resize(s, m)) != LQ_OK) goto fail;
    lqi_free(ops);
    *out = s;
    return LQ_OK;
fail:
    lqi_free(ops);
    lq_structure_free(s);
    return st;
}

/* Name of the data block starting at token i (after "data_"), into buf. */
static void block_name(const token *d, char *buf, size_t size) {
    snprintf(buf, size, "%.*s", (int)(d->len - 5 > 120 ? 120 : d->len - 5), d->p + 5);
}

lq_status lq_structure_parse_cif_block(const char *text, const char *name, const char *block,
                                       lq_structure **out, lq_diag *diag) {
    if (!text || !out) return LQ_EINVAL;
    token_list tl = {NULL, 0, 0};
    const char *fname = name ? name : "CIF";
    lq_status st = tokenize(text, fname, &tl, diag);
    if (st != LQ_OK) {
        lqi_free(tl.t);
        return st;
    }
    /* Every data block is scanned; blocks without atom sites (a publication block, a global
     * block of a multi-structure file) are passed over. */
    size_t nblocks = 0, nstruct = 0, chosen = tl.n;
    char first[128] = "", others[256] = "";
    cif pick;
    memset(&pick, 0, sizeof pick);
    for (size_t start = 0; start < tl.n && st == LQ_OK; start++) {
        if (tl.t[start].kind != TOK_DATA) continue;
        nblocks++;
        cif c;
        memset(&c, 0, sizeof c);
        c.name = fname;
        c.diag = diag;
        c.tl = tl;
        size_t end = start + 1;
        while (end < tl.n && tl.t[end].kind != TOK_DATA) end++;
        c.block_end = end;
        char bname[128];
        block_name(&tl.t[start], bname, sizeof bname);
        int wanted = block ? lqi_strcasecmp(bname, block) == 0 : 1;
        if (!wanted) continue;
        st = scan_block(&c, start + 1);
        if (st != LQ_OK) break;
        if (!c.have_site) {
            /* Kept so that a file with no structure at all is reported by what it lacks. */
            if (nblocks == 1) pick = c;
            continue;
        }
        nstruct++;
        if (chosen == tl.n) {
            chosen = start;
            pick = c;
            snprintf(first, sizeof first, "%s", bname);
        } else if (strlen(others) < sizeof others - 40) {
            size_t m = strlen(others);
            snprintf(others + m, sizeof others - m, "%s'%s'", m ? ", " : "", bname);
        }
    }
    if (st == LQ_OK && nblocks == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, fname, 1, "data_", "no data_ block");
    else if (st == LQ_OK && chosen == tl.n && block)
        st = lqi_diag_set(diag, LQ_ENOTFOUND, fname, 0, "data_",
                          "no data block '%s' with atom sites in the file", block);
    lq_structure *s = NULL;
    if (st == LQ_OK && !pick.tl.t) /* several blocks, none with atom sites */
        st = lqi_diag_set(diag, LQ_EPARSE, fname, 0, "_atom_site_fract_x",
                          "no data block holds a loop of atom sites with fractional coordinates");
    if (st == LQ_OK) st = build(&pick, &s);
    if (st == LQ_OK) {
        snprintf(s->title, sizeof s->title, "%s", first);
        if (nstruct > 1)
            lqi_diag_warn(diag, fname, 0, "data_",
                          "%zu data blocks hold structures; read '%s', not %s (choose one by its "
                          "block name)",
                          nstruct, first, others);
        *out = s;
    }
    lqi_free(tl.t);
    return st;
}

lq_status lq_structure_parse_cif(const char *text, const char *name, lq_structure **out,
                                 lq_diag *diag) {
    return lq_structure_parse_cif_block(text, name, NULL, out, diag);
}

lq_status lq_structure_read_cif(const char *path, lq_structure **out, lq_diag *diag) {
    return lqi_dft_read_file(path, lq_structure_parse_cif, out, diag);
}

lq_status lq_structure_write_cif(const lq_structure *s, const char *path, lq_diag *diag) {
    if (!s || !path || s->n_sites == 0) return LQ_EINVAL;
    for (size_t i = 0; i < s->n_sites; i++)
        if (!lq_element_symbol(s->z[i])) return LQ_EINVAL;
    lq_outfile *f = NULL;
    lq_status st = lq_outfile_open(path, &f, diag);
    if (st != LQ_OK) return st;
    FILE *fp = lqi_outfile_stream(f);
    /* A data block name has no blanks. */
    char block[128];
    size_t m = 0;
    for (const char *p = s->title[0] ? s->title : "liquidus"; *p && m < sizeof block - 1; p++)
        block[m++] =
            (isspace((unsigned char)*p) || *p == '#' || *p == '\'' || *p == '"') ? '_' : *p;
    block[m] = '\0';
    double abc[3], ang[3];
    lq_lattice_parameters(s->lattice_A, abc, ang);
    fprintf(fp, "# written by liquidus (P1: all sites listed, no symmetry reduction)\n");
    fprintf(fp, "data_%s\n", block);
    fprintf(fp, "_cell_length_a    %.10f\n_cell_length_b    %.10f\n_cell_length_c    %.10f\n",
            abc[0], abc[1], abc[2]);
    fprintf(fp, "_cell_angle_alpha %.10f\n_cell_angle_beta  %.10f\n_cell_angle_gamma %.10f\n",
            ang[0], ang[1], ang[2]);
    fprintf(fp, "_cell_volume      %.10f\n", fabs(lq_structure_volume_A3(s)));
    fprintf(fp, "_symmetry_space_group_name_H-M 'P 1'\n_symmetry_Int_Tables_number 1\n");
    fprintf(fp, "loop_\n_symmetry_equiv_pos_site_id\n_symmetry_equiv_pos_as_xyz\n1 'x, y, z'\n");
    fprintf(fp,
            "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n"
            "_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n");
    /* The orientation of the written cell may differ from s->lattice_A (parameters fix only the
     * metric), and the fractional coordinates stay valid only when the cell is right-handed. */
    double sign = lq_structure_volume_A3(s) < 0.0 ? -1.0 : 1.0;
    int serial[LQ_DFT_MAX_Z + 1];
    memset(serial, 0, sizeof serial);
    for (size_t i = 0; i < s->n_sites; i++) {
        const char *sym = lq_element_symbol(s->z[i]);
        fprintf(fp, "%s%d %s %.12f %.12f %.12f %.6f\n", sym, ++serial[s->z[i]], sym,
                sign * s->frac[i][0], sign * s->frac[i][1], sign * s->frac[i][2], s->occupancy[i]);
    }
    return lq_outfile_commit(f, diag);
}
