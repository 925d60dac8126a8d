/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VASP OUTCAR and vasprun.xml runs to deepmd/npy frames: every ionic step, as dpdata reads them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/units.h"
#include "md/dp/dp_data_internal.h"

/*
 * What is read follows dpdata (deepmodeling/dpdata, dpdata/formats/vasp/outcar.py and xml.py,
 * LGPL-3.0; facts only): the energy of a frame is VASP's free energy "free  energy   TOTEN"
 * (vasprun.xml: e_fr_energy), not energy(sigma->0); positions and forces from the
 * "POSITION ... TOTAL-FORCE (eV/Angst)" table (vasprun.xml: direct positions times the basis);
 * the cell from the "direct lattice vectors" after "VOLUME and BASIS-vectors are now"; the virial
 * from the stress line "in kB" (XX YY ZZ XY YZ ZX) as virial = stress x volume, 1 kB = 0.1 GPa.
 * A frame whose electronic loop reached NELM iterations is unconverged and left out (dpdata's
 * default convergence_check), unless the options keep it.
 */

/* kB (0.1 GPa) x A^3 in eV: 1e8 Pa x 1e-30 m^3 / (e J/eV). dpdata writes 1e3/1.602176621e6, the
 * same factor with the CODATA 2014 charge (relative difference 8e-9). */
static double kbar_A3_to_eV(void) { return 1e3 * LQ_BAR_PA / LQ_EV_PER_A3_TO_PA; }

void lq_dp_vasp_options_default(lq_dp_vasp_options *opt) {
    if (!opt) return;
    opt->keep_unconverged = 0;
}

/* Frames gathered while reading, grown as needed. */
typedef struct frame_buf {
    size_t na, nf, cap;
    double *coord, *box, *energy, *force, *virial;
    int all_virial; /* 1 while every frame so far had a virial */
} frame_buf;

static void frame_buf_free(frame_buf *b) {
    lqi_free(b->coord);
    lqi_free(b->box);
    lqi_free(b->energy);
    lqi_free(b->force);
    lqi_free(b->virial);
    memset(b, 0, sizeof *b);
}

static lq_status frame_buf_push(frame_buf *b, const double *coord, const double *box, double e,
                                const double *force, const double *virial) {
    lq_status st = lqi_dp_frames_reserve(b->na, b->nf, 16, &b->cap, &b->coord, &b->force, &b->box,
                                         &b->virial, &b->energy);
    if (st != LQ_OK) return st;
    size_t w = 3 * b->na;
    memcpy(b->coord + b->nf * w, coord, w * sizeof(double));
    memcpy(b->force + b->nf * w, force, w * sizeof(double));
    memcpy(b->box + b->nf * 9, box, 9 * sizeof(double));
    if (virial)
        memcpy(b->virial + b->nf * 9, virial, 9 * sizeof(double));
    else
        b->all_virial = 0;
    b->energy[b->nf++] = e;
    return LQ_OK;
}

/* Moves the frames into a system with the given names and per-atom type indices. */
static lq_status frame_buf_finish(frame_buf *b, const char *path, char (*names)[8], size_t ntypes,
                                  const int *type, lq_dp_system *out, lq_diag *diag) {
    if (b->nf == 0)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, NULL, "no complete (converged) ionic step");
    lq_dp_system s;
    memset(&s, 0, sizeof s);
    s.path = lqi_strdup(path);
    s.type_map = lqi_malloc_array(ntypes, sizeof *s.type_map);
    s.type = lqi_malloc_array(b->na, sizeof(int));
    if (!s.path || !s.type_map || !s.type) {
        lq_dp_system_free(&s);
        return LQ_ENOMEM;
    }
    memcpy(s.type_map, names, ntypes * sizeof *names);
    memcpy(s.type, type, b->na * sizeof(int));
    s.n_atoms = b->na;
    s.n_types = ntypes;
    s.n_frames = b->nf;
    s.coord_A = b->coord;
    s.box_A = b->box;
    s.energy_eV = b->energy;
    s.force_eV_per_A = b->force;
    if (b->all_virial) {
        s.virial_eV = b->virial;
    } else {
        lqi_free(b->virial);
    }
    memset(b, 0, sizeof *b);
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_dp_system_check(&s, &d);
    if (st != LQ_OK) {
        lq_dp_system_free(&s);
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, d.field, "%s", d.msg);
    }
    *out = s;
    return LQ_OK;
}

static void stress_to_virial(const double *kb, const double *box, double *vir) {
    /* XX YY ZZ XY YZ ZX, symmetric */
    double f = fabs(lqi_dp_box_volume(box)) * kbar_A3_to_eV();
    vir[0] = kb[0] * f;
    vir[4] = kb[1] * f;
    vir[8] = kb[2] * f;
    vir[1] = vir[3] = kb[3] * f;
    vir[5] = vir[7] = kb[4] * f;
    vir[2] = vir[6] = kb[5] * f;
}

/* ------------------------------------------------------------------------- OUTCAR */

/* Up to max numbers of a line (in place; a '-' glued to the previous number starts a new one, as
 * in "10.000000000-0.011409000"). Returns how many were read before the first non-number. */
static size_t line_numbers(const char *s, const char *e, double *v, size_t max) {
    size_t n = 0;
    const char *p = s;
    while (n < max) {
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (p >= e) break;
        const char *q = p + 1;
        while (q < e && *q != ' ' && *q != '\t' && !(*q == '-' && q[-1] != 'E' && q[-1] != 'e'))
            q++;
        if (lqi_parse_double(p, (size_t)(q - p), 0, &v[n]) != 0) break;
        n++;
        p = q;
    }
    return n;
}

static const char *find_in(const char *s, const char *e, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = s; p + n <= e; p++)
        if (*p == needle[0] && memcmp(p, needle, n) == 0) return p;
    return NULL;
}

/* "POTCAR:    PAW_PBE O 08Apr2002" / "TITEL  = PAW_PBE H 15Jun2001": the element, cut at '_'. */
static int potcar_name(const char *s, const char *e, size_t skip, char out[8]) {
    char buf[128];
    size_t len = (size_t)(e - s) < sizeof buf - 1 ? (size_t)(e - s) : sizeof buf - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *w[8];
    size_t nw = lqi_words(buf, w, 8);
    if (nw <= skip) return -1;
    char *u = strchr(w[skip], '_');
    if (u) *u = '\0';
    if (!*w[skip] || strlen(w[skip]) > 7) return -1;
    memset(out, 0, 8);
    memcpy(out, w[skip], strlen(w[skip]));
    return 0;
}

typedef struct outcar_head {
    char titel[16][8], potcar[32][8];
    size_t n_titel, n_potcar, n_kinds;
    long counts[16];
    long nelm;
} outcar_head;

static lq_status outcar_header(const char *text, size_t size, const char *path, outcar_head *h,
                               lq_diag *diag) {
    memset(h, 0, sizeof *h);
    h->nelm = -1;
    lqi_lines l;
    lqi_lines_init(&l, text, size);
    const char *s, *e, *q;
    while (lqi_lines_next(&l, &s, &e)) {
        if ((q = find_in(s, e, "TITEL")) != NULL && h->n_titel < 16) {
            if (potcar_name(q, e, 3, h->titel[h->n_titel]) == 0) h->n_titel++;
        } else if ((q = find_in(s, e, "POTCAR:")) != NULL && h->n_potcar < 32) {
            if (potcar_name(q, e, 2, h->potcar[h->n_potcar]) == 0) h->n_potcar++;
        } else if (h->nelm < 0 && (q = find_in(s, e, "NELM")) != NULL) {
            q += 4;
            while (q < e && *q == ' ') q++;
            if (q < e && *q == '=') h->nelm = strtol(q + 1, NULL, 10);
        }
        if ((q = find_in(s, e, "ions per type")) != NULL && !h->n_kinds) {
            q = memchr(q, '=', (size_t)(e - q));
            double v[16];
            size_t n = q ? line_numbers(q + 1, e, v, 16) : 0;
            for (size_t i = 0; i < n; i++) {
                if (!(v[i] >= 1 && v[i] < 1e7))
                    return lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "ions per type",
                                        "bad atom count");
                h->counts[i] = (long)v[i];
            }
            h->n_kinds = n;
        }
        if (find_in(s, e, "Iteration")) break; /* the header ends with the first step */
    }
    if (!h->n_kinds)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "ions per type", "no 'ions per type' line");
    if (h->nelm <= 0) return lqi_diag_set(diag, LQ_EPARSE, path, 0, "NELM", "no NELM value");
    return LQ_OK;
}

/* Names of the kinds: TITEL lines, else the POTCAR: lines (VASP prints them twice). */
static lq_status outcar_names(const outcar_head *h, const char *path, char (*names)[8],
                              lq_diag *diag) {
    size_t n = h->n_titel;
    const char(*src)[8] = (const char(*)[8])h->titel;
    if (n == 0) {
        n = h->n_potcar / 2;
        src = (const char(*)[8])h->potcar;
        for (size_t i = 0; i < n; i++)
            if (strcmp(h->potcar[i], h->potcar[n + i]) != 0) n = 0;
    }
    if (n < h->n_kinds)
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "TITEL",
                            "%zu atom kinds in 'ions per type' but %zu POTCAR names "
                            "(vasprun.xml names them reliably)",
                            h->n_kinds, n);
    for (size_t i = 0; i < h->n_kinds; i++) memcpy(names[i], src[i], 8);
    return LQ_OK;
}

typedef struct outcar_step {
    double box[9], vir_kb[6];
    int has_box, has_vir, has_force;
    long max_iter;
} outcar_step;

static lq_status outcar_frames(const char *text, size_t size, const char *path, long nelm,
                               const lq_dp_vasp_options *opt, frame_buf *b, size_t *n_skipped,
                               lq_diag *diag) {
    size_t na = b->na;
    double *coord = lqi_malloc_array(3 * na, sizeof(double));
    double *force = lqi_malloc_array(3 * na, sizeof(double));
    if (!coord || !force) {
        lqi_free(coord);
        lqi_free(force);
        return LQ_ENOMEM;
    }
    outcar_step st_;
    memset(&st_, 0, sizeof st_);
    lqi_lines l;
    lqi_lines_init(&l, text, size);
    const char *s, *e, *q;
    lq_status st = LQ_OK;
    while (st == LQ_OK && lqi_lines_next(&l, &s, &e)) {
        if ((q = find_in(s, e, "Iteration")) != NULL) {
            const char *p = memchr(q, '(', (size_t)(e - q));
            long it = p ? strtol(p + 1, NULL, 10) : 0;
            if (it > st_.max_iter) st_.max_iter = it;
        } else if (find_in(s, e, "VOLUME and BASIS")) {
            /* the three rows 5, 6, 7 lines below: direct lattice vectors first */
            for (int k = 0; k < 5 && st == LQ_OK; k++)
                if (!lqi_lines_next(&l, &s, &e))
                    st = lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "cell", "cut short");
            for (int r = 0; r < 3 && st == LQ_OK; r++) {
                if ((r > 0 && !lqi_lines_next(&l, &s, &e)) ||
                    line_numbers(s, e, st_.box + 3 * r, 3) != 3)
                    st = lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "cell",
                                      "direct lattice vector %d is not 3 numbers", r + 1);
            }
            st_.has_box = 1;
        } else if (find_in(s, e, "FORCE on cell =-STRESS")) {
            long start = l.lineno;
            while (lqi_lines_next(&l, &s, &e) && l.lineno < start + 40) {
                while (s < e && *s == ' ') s++;
                if ((size_t)(e - s) > 5 && memcmp(s, "in kB", 5) == 0) {
                    if (line_numbers(s + 5, e, st_.vir_kb, 6) != 6)
                        st = lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "in kB",
                                          "not 6 stress values");
                    st_.has_vir = 1;
                    break;
                }
            }
        } else if (find_in(s, e, "TOTAL-FORCE") && !find_in(s, e, "ML")) {
            lqi_lines_next(&l, &s, &e); /* the dashes */
            for (size_t i = 0; i < na && st == LQ_OK; i++) {
                double v[6];
                if (!lqi_lines_next(&l, &s, &e) || line_numbers(s, e, v, 6) != 6) {
                    st = lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "TOTAL-FORCE",
                                      "atom %zu: not 6 numbers (position, force)", i);
                    break;
                }
                memcpy(coord + 3 * i, v, 3 * sizeof(double));
                memcpy(force + 3 * i, v + 3, 3 * sizeof(double));
            }
            st_.has_force = 1;
        } else if ((q = find_in(s, e, "free  energy   TOTEN")) != NULL) {
            q = memchr(q, '=', (size_t)(e - q));
            double en;
            if (!q || line_numbers(q + 1, e, &en, 1) != 1) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "TOTEN", "no energy value");
                break;
            }
            if (!st_.has_force || !st_.has_box) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, l.lineno, "TOTAL-FORCE",
                                  "ionic step %zu has no %s", b->nf + *n_skipped,
                                  st_.has_box ? "force table" : "cell");
                break;
            }
            if (st_.max_iter >= nelm && !opt->keep_unconverged) {
                (*n_skipped)++;
            } else {
                double vir[9];
                if (st_.has_vir) stress_to_virial(st_.vir_kb, st_.box, vir);
                st = frame_buf_push(b, coord, st_.box, en, force, st_.has_vir ? vir : NULL);
            }
            /* the cell is printed at every step; keep it in case a step omits it */
            int had_box = st_.has_box;
            double box[9];
            memcpy(box, st_.box, sizeof box);
            memset(&st_, 0, sizeof st_);
            st_.has_box = had_box;
            memcpy(st_.box, box, sizeof box);
        }
    }
    lqi_free(coord);
    lqi_free(force);
    return st;
}

lq_status lq_dp_vasp_outcar_read(const char *path, const lq_dp_vasp_options *opt, lq_dp_system *sys,
                                 size_t *n_skipped, lq_diag *diag) {
    if (!path || !sys) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no file");
    char *text = NULL;
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &text, &size, diag);
    if (st != LQ_OK) return st;
    lq_status r = lqi_dp_vasp_outcar_parse(text, size, path, opt, sys, n_skipped, diag);
    lq_free(text);
    return r;
}

lq_status lqi_dp_vasp_outcar_parse(const char *text, size_t size, const char *path,
                                   const lq_dp_vasp_options *opt, lq_dp_system *sys,
                                   size_t *n_skipped, lq_diag *diag) {
    lq_dp_vasp_options def;
    lq_dp_vasp_options_default(&def);
    if (!opt) opt = &def;
    outcar_head h;
    lq_status st = outcar_header(text, size, path, &h, diag);
    char names[16][8];
    if (st == LQ_OK) st = outcar_names(&h, path, names, diag);
    if (st != LQ_OK) return st;
    size_t na = 0;
    for (size_t k = 0; k < h.n_kinds; k++) na += (size_t)h.counts[k];
    int *type = lqi_malloc_array(na, sizeof(int));
    if (!type) return LQ_ENOMEM;
    for (size_t k = 0, i = 0; k < h.n_kinds; k++)
        for (long j = 0; j < h.counts[k]; j++) type[i++] = (int)k;
    frame_buf b;
    memset(&b, 0, sizeof b);
    b.na = na;
    b.all_virial = 1;
    size_t skipped = 0;
    st = outcar_frames(text, size, path, h.nelm, opt, &b, &skipped, diag);
    if (st == LQ_OK) st = frame_buf_finish(&b, path, names, h.n_kinds, type, sys, diag);
    frame_buf_free(&b);
    lqi_free(type);
    if (st == LQ_OK && n_skipped) *n_skipped = skipped;
    return st;
}

/* ------------------------------------------------------------------------- vasprun.xml */

/*
 * A small scanner of the XML VASP writes: tags, the `name` attribute, text. It is not a general
 * XML parser (no entities, CDATA or namespaces: vasprun.xml has none in the parts read here).
 * Elements read: atominfo/array[@name=atoms]/set/rc/c (element, atomtype), parameters' <i
 * name="NELM">, and for each complete <calculation>: structure/crystal/varray[@name=basis],
 * structure/varray[@name=positions] (direct), varray[@name=forces], varray[@name=stress], the
 * calculation's own energy/i[@name=e_fr_energy] and the number of scstep children.
 */
#define XML_DEPTH 32

typedef struct xml_state {
    const char *path;
    char stack[XML_DEPTH][24];
    char vname[XML_DEPTH][24]; /* name attribute of each open element */
    size_t depth;
    long line;
} xml_state;

/* 1 when the open elements, innermost last, end with the given names (a '/'-joined path). */
static int xml_at(const xml_state *x, const char *tail) {
    size_t n = 1;
    for (const char *c = tail; *c; c++) n += *c == '/';
    if (n > x->depth) return 0;
    const char *p = tail;
    for (size_t i = 0; i < n; i++) {
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        const char *name = x->stack[x->depth - n + i];
        if (strlen(name) != len || memcmp(name, p, len) != 0) return 0;
        p = q ? q + 1 : p + len;
    }
    return 1;
}

static void attr_name(const char *s, const char *e, char out[24]) {
    out[0] = '\0';
    const char *q = find_in(s, e, " name=\"");
    if (!q) return;
    q += 7;
    size_t n = 0;
    while (q < e && *q != '"' && n < 23) out[n++] = *q++;
    out[n] = '\0';
}

typedef struct vasprun_acc {
    frame_buf *b;
    size_t n_atoms_seen, cap_atoms;
    int *type;
    char names[64][8];
    size_t n_names;
    int atomtype_max;
    char cell_c[2][16]; /* the <c> values of the current <rc> */
    size_t n_c;
    long nelm;
    /* the current calculation */
    int in_calc;
    double basis[9], *pos, *force, stress[9], energy;
    size_t n_basis, n_pos, n_force, n_stress, n_scstep;
    int has_energy;
    size_t n_skipped;
    const lq_dp_vasp_options *opt;
} vasprun_acc;

static lq_status vec_row(const xml_state *x, const char *s, const char *e, double *dst, size_t *n,
                         size_t cap, lq_diag *diag) {
    double v[3];
    if (line_numbers(s, e, v, 3) != 3 || *n + 3 > cap)
        return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, x->vname[x->depth - 1],
                            "<v> is not 3 numbers, or too many rows");
    memcpy(dst + *n, v, sizeof v);
    *n += 3;
    return LQ_OK;
}

static lq_status on_text(vasprun_acc *a, const xml_state *x, const char *s, const char *e,
                         lq_diag *diag) {
    if (x->depth == 0) return LQ_OK;
    const char *top = x->stack[x->depth - 1];
    if (strcmp(top, "c") == 0 && xml_at(x, "atominfo/array/set/rc/c") && a->n_c < 2) {
        while (s < e && (*s == ' ' || *s == '\n' || *s == '\t')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t')) e--;
        size_t n = (size_t)(e - s) < 15 ? (size_t)(e - s) : 15;
        memcpy(a->cell_c[a->n_c], s, n);
        a->cell_c[a->n_c++][n] = '\0';
    } else if (strcmp(top, "i") == 0 && strcmp(x->vname[x->depth - 1], "NELM") == 0 &&
               a->nelm < 0) {
        double v;
        if (line_numbers(s, e, &v, 1) == 1) a->nelm = (long)v;
    } else if (a->in_calc && strcmp(top, "i") == 0 &&
               strcmp(x->vname[x->depth - 1], "e_fr_energy") == 0 &&
               xml_at(x, "calculation/energy/i")) {
        if (line_numbers(s, e, &a->energy, 1) != 1)
            return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "e_fr_energy", "not a number");
        a->has_energy = 1;
    } else if (a->in_calc && strcmp(top, "v") == 0 && x->depth >= 2) {
        const char *vn = x->vname[x->depth - 2];
        size_t na3 = 3 * a->b->na;
        if (xml_at(x, "calculation/structure/crystal/varray/v") && !strcmp(vn, "basis"))
            return vec_row(x, s, e, a->basis, &a->n_basis, 9, diag);
        if (xml_at(x, "calculation/structure/varray/v") && !strcmp(vn, "positions"))
            return vec_row(x, s, e, a->pos, &a->n_pos, na3, diag);
        if (xml_at(x, "calculation/varray/v") && !strcmp(vn, "forces"))
            return vec_row(x, s, e, a->force, &a->n_force, na3, diag);
        if (xml_at(x, "calculation/varray/v") && !strcmp(vn, "stress"))
            return vec_row(x, s, e, a->stress, &a->n_stress, 9, diag);
    }
    return LQ_OK;
}

static lq_status on_atoms_done(vasprun_acc *a, const xml_state *x, lq_diag *diag) {
    if (a->pos)
        return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "atominfo", "a second <atominfo>");
    if (a->n_atoms_seen == 0)
        return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "atominfo", "no atoms");
    a->b->na = a->n_atoms_seen;
    a->pos = lqi_malloc_array(3 * a->b->na, sizeof(double));
    a->force = lqi_malloc_array(3 * a->b->na, sizeof(double));
    return a->pos && a->force ? LQ_OK : LQ_ENOMEM;
}

/* One <rc> of the atoms array: element name and 1-based atomtype. */
static lq_status on_atom(vasprun_acc *a, const xml_state *x, lq_diag *diag) {
    char *end;
    long t = a->n_c == 2 ? strtol(a->cell_c[1], &end, 10) : 0;
    if (a->n_c != 2 || t < 1 || t > 64 || !a->cell_c[0][0] || strlen(a->cell_c[0]) > 7)
        return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "atoms",
                            "atom %zu: expected <c>element</c><c>atomtype</c>", a->n_atoms_seen);
    if ((size_t)t > a->n_names) {
        if ((size_t)t != a->n_names + 1)
            return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "atoms",
                                "atom %zu: atomtype %ld skips a type", a->n_atoms_seen, t);
        memset(a->names[a->n_names], 0, 8);
        memcpy(a->names[a->n_names++], a->cell_c[0], strlen(a->cell_c[0]));
    }
    if (a->n_atoms_seen == a->cap_atoms) {
        size_t cap = a->cap_atoms ? 2 * a->cap_atoms : 64;
        int *g = lqi_realloc(a->type, cap * sizeof(int));
        if (!g) return LQ_ENOMEM;
        a->type = g;
        a->cap_atoms = cap;
    }
    a->type[a->n_atoms_seen++] = (int)t - 1;
    return LQ_OK;
}

static lq_status on_calc_done(vasprun_acc *a, const xml_state *x, lq_diag *diag) {
    size_t na3 = 3 * a->b->na;
    a->in_calc = 0;
    if (!a->b->na)
        return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "atominfo",
                            "<calculation> before <atominfo>");
    if (a->n_basis != 9 || a->n_pos != na3 || a->n_force != na3 || !a->has_energy ||
        (a->n_stress && a->n_stress != 9))
        return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, "calculation",
                            "ionic step %zu lacks basis, positions, forces or e_fr_energy "
                            "(or has the wrong number of rows)",
                            a->b->nf + a->n_skipped);
    if (a->nelm > 0 && (long)a->n_scstep >= a->nelm && !a->opt->keep_unconverged) {
        a->n_skipped++;
        return LQ_OK;
    }
    /* Cartesian = direct coordinates times the rows of the basis */
    double *cart = lqi_malloc_array(na3, sizeof(double));
    if (!cart) return LQ_ENOMEM;
    for (size_t i = 0; i < a->b->na; i++)
        for (size_t k = 0; k < 3; k++)
            cart[3 * i + k] = a->pos[3 * i] * a->basis[k] + a->pos[3 * i + 1] * a->basis[3 + k] +
                              a->pos[3 * i + 2] * a->basis[6 + k];
    double vir[9];
    if (a->n_stress == 9) { /* the 3 x 3 stress as printed (kB), times the volume */
        double f = fabs(lqi_dp_box_volume(a->basis)) * kbar_A3_to_eV();
        for (size_t k = 0; k < 9; k++) vir[k] = a->stress[k] * f;
    }
    lq_status st =
        frame_buf_push(a->b, cart, a->basis, a->energy, a->force, a->n_stress == 9 ? vir : NULL);
    lqi_free(cart);
    return st;
}

static lq_status on_open(vasprun_acc *a, const xml_state *x) {
    const char *top = x->stack[x->depth - 1];
    if (!strcmp(top, "calculation") && x->depth == 2) {
        a->in_calc = 1;
        a->n_basis = a->n_pos = a->n_force = a->n_stress = a->n_scstep = 0;
        a->has_energy = 0;
    } else if (!strcmp(top, "scstep") && xml_at(x, "calculation/scstep")) {
        a->n_scstep++;
    } else if (!strcmp(top, "rc") && xml_at(x, "atominfo/array/set/rc")) {
        a->n_c = 0;
    }
    return LQ_OK;
}

static lq_status on_close(vasprun_acc *a, const xml_state *x, lq_diag *diag) {
    const char *top = x->stack[x->depth - 1];
    if (!strcmp(top, "rc") && xml_at(x, "atominfo/array/set/rc") &&
        !strcmp(x->vname[x->depth - 3], "atoms"))
        return on_atom(a, x, diag);
    if (!strcmp(top, "atominfo")) return on_atoms_done(a, x, diag);
    if (!strcmp(top, "calculation") && x->depth == 2 && a->in_calc) return on_calc_done(a, x, diag);
    return LQ_OK;
}

static lq_status xml_scan(const char *text, size_t size, xml_state *x, vasprun_acc *a,
                          lq_diag *diag) {
    const char *p = text, *end = text + size;
    x->line = 1;
    lq_status st = LQ_OK;
    while (st == LQ_OK && p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        const char *tend = lt ? lt : end;
        if (tend > p) st = on_text(a, x, p, tend, diag);
        for (const char *c = p; c < tend; c++) x->line += *c == '\n';
        if (!lt || st != LQ_OK) break;
        const char *gt = memchr(lt, '>', (size_t)(end - lt));
        if (!gt) break; /* a file cut inside a tag: the complete steps are kept */
        for (const char *c = lt; c < gt; c++) x->line += *c == '\n';
        p = gt + 1;
        if (lt[1] == '?' || lt[1] == '!') continue; /* declaration, comment */
        if (lt[1] == '/') {
            if (x->depth == 0)
                return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, NULL, "unmatched end tag");
            st = on_close(a, x, diag);
            x->depth--;
            continue;
        }
        if (x->depth == XML_DEPTH)
            return lqi_diag_set(diag, LQ_EPARSE, x->path, x->line, NULL, "nested too deep");
        size_t n = 0;
        const char *q = lt + 1;
        while (q < gt && *q != ' ' && *q != '/' && *q != '\n' && *q != '\t' && n < 23)
            x->stack[x->depth][n++] = *q++;
        x->stack[x->depth][n] = '\0';
        attr_name(lt, gt, x->vname[x->depth]);
        x->depth++;
        st = on_open(a, x);
        if (st == LQ_OK && gt[-1] == '/') { /* <tag/> */
            st = on_close(a, x, diag);
            x->depth--;
        }
    }
    return st;
}

lq_status lqi_dp_vasp_vasprun_parse(const char *text, size_t size, const char *path,
                                    const lq_dp_vasp_options *opt, lq_dp_system *sys,
                                    size_t *n_skipped, lq_diag *diag) {
    lq_dp_vasp_options def;
    lq_dp_vasp_options_default(&def);
    frame_buf b;
    memset(&b, 0, sizeof b);
    b.all_virial = 1;
    vasprun_acc a;
    memset(&a, 0, sizeof a);
    a.b = &b;
    a.nelm = -1;
    a.opt = opt ? opt : &def;
    xml_state x;
    memset(&x, 0, sizeof x);
    x.path = path;
    lq_status st = xml_scan(text, size, &x, &a, diag);
    if (st == LQ_OK && !b.na)
        st = lqi_diag_set(diag, LQ_EPARSE, path, 0, "atominfo", "no <atominfo> with atoms");
    if (st == LQ_OK) st = frame_buf_finish(&b, path, a.names, a.n_names, a.type, sys, diag);
    frame_buf_free(&b);
    lqi_free(a.type);
    lqi_free(a.pos);
    lqi_free(a.force);
    if (st == LQ_OK && n_skipped) *n_skipped = a.n_skipped;
    return st;
}

lq_status lq_dp_vasp_vasprun_read(const char *path, const lq_dp_vasp_options *opt,
                                  lq_dp_system *sys, size_t *n_skipped, lq_diag *diag) {
    if (!path || !sys) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no file");
    char *text = NULL;
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &text, &size, diag);
    if (st != LQ_OK) return st;
    lq_status r = lqi_dp_vasp_vasprun_parse(text, size, path, opt, sys, n_skipped, diag);
    lq_free(text);
    return r;
}
