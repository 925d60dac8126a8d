/* SPDX-License-Identifier: GPL-3.0-or-later */
/* VASP POSCAR/CONTCAR reader and writer (format: VASP manual, "POSCAR"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"
#include "liquidus/core.h"

#define MAX_WORDS 64
#define MAX_SPECIES 64

/* Element of a species-line word: "Nd", "Nd_3", "Bi_d", "Nd/1a2b3c" (VASP 6 POTCAR hash). */
static int species_word_z(const char *w, size_t len) {
    char buf[8];
    size_t n = 0;
    while (n < len && w[n] != '_' && w[n] != '/' && n < sizeof buf - 1) {
        buf[n] = w[n];
        n++;
    }
    buf[n] = '\0';
    if (n == 0 || n > 2) return 0;
    int z = lq_element_z(buf);
    return (z && strcmp(lq_element_symbol(z), buf) == 0) ? z : 0;
}

static int word_is_number(const char *w, size_t len) {
    double v;
    return lqi_dft_word_double(w, len, &v) == 0;
}

typedef struct {
    lqi_lines it;
    const char *name;
    lq_diag *diag;
    const char *beg, *end;
    const char *w[MAX_WORDS];
    size_t len[MAX_WORDS];
    size_t nw;
} reader;

static lq_status next(reader *r, const char *what) {
    if (!lqi_lines_next(&r->it, &r->beg, &r->end))
        return lqi_diag_set(r->diag, LQ_EPARSE, r->name, r->it.lineno + 1, what,
                            "unexpected end of file (expected %s)", what);
    r->nw = lqi_dft_split(r->beg, r->end, r->w, r->len, MAX_WORDS);
    return LQ_OK;
}

static lq_status numbers(reader *r, const char *field, double *v, size_t n) {
    if (r->nw < n)
        return lqi_diag_set(r->diag, LQ_EPARSE, r->name, r->it.lineno, field,
                            "expected %zu numbers, found %zu words", n, r->nw);
    for (size_t i = 0; i < n; i++)
        if (lqi_dft_word_double(r->w[i], r->len[i], &v[i]) != 0)
            return lqi_diag_set(r->diag, LQ_EPARSE, r->name, r->it.lineno, field,
                                "'%.*s' is not a number", (int)(r->len[i] > 40 ? 40 : r->len[i]),
                                r->w[i]);
    return LQ_OK;
}

lq_status lq_structure_parse_poscar(const char *text, const char *name, lq_structure **out,
                                    lq_diag *diag) {
    if (!text || !out) return LQ_EINVAL;
    if (!name) name = "POSCAR";
    reader r;
    memset(&r, 0, sizeof r);
    lqi_lines_init(&r.it, text, strlen(text));
    r.name = name;
    r.diag = diag;
    lq_status st;
    char title[128];
    if ((st = next(&r, "comment line")) != LQ_OK) return st;
    snprintf(title, sizeof title, "%.*s", (int)(r.end - r.beg), r.beg);
    /* Words of the comment line, for VASP 4 files without a species line. */
    const char *tw[MAX_SPECIES];
    size_t tlen[MAX_SPECIES];
    size_t ntw = lqi_dft_split(r.beg, r.end, tw, tlen, MAX_SPECIES);

    if ((st = next(&r, "scale factor")) != LQ_OK) return st;
    double scale[3] = {1.0, 1.0, 1.0};
    int three = r.nw >= 3 && word_is_number(r.w[1], r.len[1]) && word_is_number(r.w[2], r.len[2]);
    if ((st = numbers(&r, "scale factor", scale, three ? 3 : 1)) != LQ_OK) return st;
    if (!three) scale[1] = scale[2] = scale[0];
    if (three && (scale[0] <= 0.0 || scale[1] <= 0.0 || scale[2] <= 0.0))
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "scale factor",
                            "per-axis scale factors must be positive");
    if (scale[0] == 0.0)
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "scale factor", "scale is zero");

    double lat[3][3];
    for (int i = 0; i < 3; i++) {
        if ((st = next(&r, "lattice vector")) != LQ_OK) return st;
        if ((st = numbers(&r, "lattice vector", lat[i], 3)) != LQ_OK) return st;
    }
    if ((st = next(&r, "species or counts line")) != LQ_OK) return st;
    int zs[MAX_SPECIES];
    size_t nsp = 0;
    if (r.nw == 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "species",
                            "empty line where species or counts were expected");
    if (!word_is_number(r.w[0], r.len[0])) {
        /* VASP 5: species line. */
        if (r.nw > MAX_SPECIES)
            return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "species", "too many species");
        for (size_t i = 0; i < r.nw; i++) {
            if (r.w[i][0] == '!' || r.w[i][0] == '#') break;
            zs[nsp] = species_word_z(r.w[i], r.len[i]);
            if (!zs[nsp])
                return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "species",
                                    "'%.*s' is not an element symbol",
                                    (int)(r.len[i] > 20 ? 20 : r.len[i]), r.w[i]);
            nsp++;
        }
        if ((st = next(&r, "counts line")) != LQ_OK) return st;
    }
    long counts[MAX_SPECIES];
    size_t ncount = 0;
    for (size_t i = 0; i < r.nw && ncount < MAX_SPECIES; i++) {
        if (r.w[i][0] == '!' || r.w[i][0] == '#') break;
        double v;
        if (lqi_dft_word_double(r.w[i], r.len[i], &v) != 0 || v < 1.0 || v > 1e7 || floor(v) != v)
            return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "counts",
                                "'%.*s' is not a positive atom count",
                                (int)(r.len[i] > 20 ? 20 : r.len[i]), r.w[i]);
        counts[ncount++] = (long)v;
    }
    if (ncount == 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "counts", "no atom counts");
    if (nsp == 0) {
        /* VASP 4: take the species from the comment line, which must name them in order. */
        if (ntw < ncount)
            return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "species",
                                "no species line (VASP 4 format) and the comment line does not "
                                "name %zu elements",
                                ncount);
        for (size_t i = 0; i < ncount; i++) {
            zs[i] = species_word_z(tw[i], tlen[i]);
            if (!zs[i])
                return lqi_diag_set(
                    diag, LQ_EPARSE, name, 1, "species",
                    "no species line (VASP 4 format) and comment word '%.*s' is not "
                    "an element symbol",
                    (int)(tlen[i] > 20 ? 20 : tlen[i]), tw[i]);
        }
        nsp = ncount;
    }
    if (nsp != ncount)
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "counts",
                            "%zu species but %zu counts", nsp, ncount);
    size_t natoms = 0;
    for (size_t i = 0; i < ncount; i++) natoms += (size_t)counts[i];

    if ((st = next(&r, "Direct or Cartesian")) != LQ_OK) return st;
    if (r.nw > 0 && (r.w[0][0] == 'S' || r.w[0][0] == 's')) {
        if ((st = next(&r, "Direct or Cartesian")) != LQ_OK) return st;
    }
    if (r.nw == 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "coordinates",
                            "expected 'Direct' or 'Cartesian'");
    char mode = r.w[0][0];
    int cart;
    if (mode == 'C' || mode == 'c' || mode == 'K' || mode == 'k') {
        cart = 1;
    } else if (mode == 'D' || mode == 'd') {
        cart = 0;
    } else {
        return lqi_diag_set(diag, LQ_EPARSE, name, r.it.lineno, "coordinates",
                            "expected 'Direct' or 'Cartesian', found '%.*s'",
                            (int)(r.len[0] > 20 ? 20 : r.len[0]), r.w[0]);
    }

    /* Apply the scale: per axis to Cartesian components; negative = target volume. */
    if (scale[0] < 0.0 && !three) {
        double raw[3][3];
        memcpy(raw, lat, sizeof raw);
        double v = raw[0][0] * (raw[1][1] * raw[2][2] - raw[1][2] * raw[2][1]) -
                   raw[0][1] * (raw[1][0] * raw[2][2] - raw[1][2] * raw[2][0]) +
                   raw[0][2] * (raw[1][0] * raw[2][1] - raw[1][1] * raw[2][0]);
        if (!(fabs(v) > 0.0))
            return lqi_diag_set(diag, LQ_EPARSE, name, 3, "lattice",
                                "lattice vectors are singular");
        double f = cbrt(-scale[0] / fabs(v));
        scale[0] = scale[1] = scale[2] = f;
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) lat[i][j] *= scale[j];
    double inv[3][3];
    if (!lqi_dft_inv3((const double(*)[3])lat, inv))
        return lqi_diag_set(diag, LQ_EPARSE, name, 3, "lattice", "lattice vectors are singular");

    lq_structure *s = NULL;
    if ((st = lq_structure_alloc(natoms, &s)) != LQ_OK) return st;
    memcpy(s->lattice_A, lat, sizeof lat);
    memcpy(s->title, title, sizeof title);
    size_t k = 0;
    for (size_t sp = 0; sp < nsp; sp++) {
        for (long c = 0; c < counts[sp]; c++, k++) {
            double x[3];
            if ((st = next(&r, "atom position")) != LQ_OK ||
                (st = numbers(&r, "atom position", x, 3)) != LQ_OK) {
                lq_structure_free(s);
                return st;
            }
            if (cart) {
                double xs[3] = {x[0] * scale[0], x[1] * scale[1], x[2] * scale[2]};
                for (int j = 0; j < 3; j++)
                    x[j] = xs[0] * inv[0][j] + xs[1] * inv[1][j] + xs[2] * inv[2][j];
            }
            memcpy(s->frac[k], x, sizeof x);
            s->z[k] = zs[sp];
            snprintf(s->label[k], sizeof s->label[k], "%s", lq_element_symbol(zs[sp]));
        }
    }
    *out = s;
    return LQ_OK;
}

lq_status lq_structure_read_poscar(const char *path, lq_structure **out, lq_diag *diag) {
    return lqi_dft_read_file(path, lq_structure_parse_poscar, out, diag);
}

lq_status lq_structure_write_poscar(const lq_structure *s, const char *path, lq_diag *diag) {
    if (!s || !path || s->n_sites == 0) return LQ_EINVAL;
    int order[MAX_SPECIES];
    long count[MAX_SPECIES];
    size_t nsp = 0;
    for (size_t i = 0; i < s->n_sites; i++) {
        if (!lq_element_symbol(s->z[i])) return LQ_EINVAL;
        if (fabs(s->occupancy[i] - 1.0) > 1e-6)
            return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, "occupancy",
                                "site %zu has occupancy %g: POSCAR cannot hold partial "
                                "occupancies (write CIF instead)",
                                i + 1, s->occupancy[i]);
        size_t j = 0;
        while (j < nsp && order[j] != s->z[i]) j++;
        if (j == nsp) {
            if (nsp == MAX_SPECIES) return LQ_EUNSUPPORTED;
            order[nsp] = s->z[i];
            count[nsp++] = 0;
        }
        count[j]++;
    }
    lq_outfile *f = NULL;
    lq_status st = lq_outfile_open(path, &f, diag);
    if (st != LQ_OK) return st;
    FILE *fp = lqi_outfile_stream(f);
    /* The comment line must not start with a number-like species list ambiguity: keep as given. */
    fprintf(fp, "%s\n1.0\n", s->title[0] ? s->title : "written by liquidus");
    for (int i = 0; i < 3; i++)
        fprintf(fp, "  %22.16f %22.16f %22.16f\n", s->lattice_A[i][0], s->lattice_A[i][1],
                s->lattice_A[i][2]);
    for (size_t j = 0; j < nsp; j++) fprintf(fp, " %s", lq_element_symbol(order[j]));
    fputc('\n', fp);
    for (size_t j = 0; j < nsp; j++) fprintf(fp, " %ld", count[j]);
    fprintf(fp, "\nDirect\n");
    for (size_t j = 0; j < nsp; j++)
        for (size_t i = 0; i < s->n_sites; i++)
            if (s->z[i] == order[j])
                fprintf(fp, "  %20.16f %20.16f %20.16f %s\n", s->frac[i][0], s->frac[i][1],
                        s->frac[i][2], lq_element_symbol(s->z[i]));
    return lq_outfile_commit(f, diag);
}
