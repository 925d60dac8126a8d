/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crystal structures: allocation, cell geometry, substitution, format dispatch. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"
#include "liquidus/core.h"
#include "liquidus/units.h"

lq_status lqi_dft_structure_resize(lq_structure *s, size_t n) {
    size_t cap = n ? n : 1;
    double(*frac)[3] = lqi_realloc(s->frac, cap * sizeof *frac);
    if (!frac) return LQ_ENOMEM;
    s->frac = frac;
    int *z = lqi_realloc(s->z, cap * sizeof *z);
    if (!z) return LQ_ENOMEM;
    s->z = z;
    double *occ = lqi_realloc(s->occupancy, cap * sizeof *occ);
    if (!occ) return LQ_ENOMEM;
    s->occupancy = occ;
    char(*label)[16] = lqi_realloc(s->label, cap * sizeof *label);
    if (!label) return LQ_ENOMEM;
    s->label = label;
    for (size_t i = s->n_sites; i < n; i++) {
        s->frac[i][0] = s->frac[i][1] = s->frac[i][2] = 0.0;
        s->z[i] = 0;
        s->occupancy[i] = 1.0;
        s->label[i][0] = '\0';
    }
    s->n_sites = n;
    return LQ_OK;
}

lq_status lq_structure_alloc(size_t n_sites, lq_structure **out) {
    if (!out) return LQ_EINVAL;
    lq_structure *s = lqi_calloc(1, sizeof *s);
    if (!s) return LQ_ENOMEM;
    for (int i = 0; i < 3; i++) s->lattice_A[i][i] = 1.0;
    if (lqi_dft_structure_resize(s, n_sites) != LQ_OK) {
        lq_structure_free(s);
        return LQ_ENOMEM;
    }
    *out = s;
    return LQ_OK;
}

void lq_structure_free(lq_structure *s) {
    if (!s) return;
    lqi_free(s->frac);
    lqi_free(s->z);
    lqi_free(s->occupancy);
    lqi_free(s->label);
    lqi_free(s);
}

lq_status lq_structure_copy(const lq_structure *s, lq_structure **out) {
    if (!s || !out) return LQ_EINVAL;
    lq_structure *c = NULL;
    lq_status st = lq_structure_alloc(s->n_sites, &c);
    if (st != LQ_OK) return st;
    memcpy(c->title, s->title, sizeof c->title);
    memcpy(c->lattice_A, s->lattice_A, sizeof c->lattice_A);
    if (s->n_sites) {
        memcpy(c->frac, s->frac, s->n_sites * sizeof *s->frac);
        memcpy(c->z, s->z, s->n_sites * sizeof *s->z);
        memcpy(c->occupancy, s->occupancy, s->n_sites * sizeof *s->occupancy);
        memcpy(c->label, s->label, s->n_sites * sizeof *s->label);
    }
    *out = c;
    return LQ_OK;
}

static double det3(const double m[3][3]) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

int lqi_dft_inv3(const double m[3][3], double inv[3][3]) {
    double d = det3(m);
    double scale = 0.0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) scale = fmax(scale, fabs(m[i][j]));
    if (!(fabs(d) > 1e-12 * scale * scale * scale)) return 0;
    inv[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / d;
    inv[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) / d;
    inv[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) / d;
    inv[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) / d;
    inv[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / d;
    inv[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) / d;
    inv[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) / d;
    inv[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) / d;
    inv[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) / d;
    return 1;
}

double lq_structure_volume_A3(const lq_structure *s) { return s ? det3(s->lattice_A) : 0.0; }

double lq_structure_atom_count(const lq_structure *s) {
    double n = 0.0;
    if (s)
        for (size_t i = 0; i < s->n_sites; i++) n += s->occupancy[i];
    return n;
}

lq_status lq_lattice_from_parameters(const double abc_A[3], const double angles_deg[3],
                                     double lattice_A[3][3]) {
    if (!abc_A || !angles_deg || !lattice_A) return LQ_EINVAL;
    for (int i = 0; i < 3; i++) {
        if (!(abc_A[i] > 0.0) || !isfinite(abc_A[i])) return LQ_EINVAL;
        if (!(angles_deg[i] > 0.0 && angles_deg[i] < 180.0)) return LQ_EINVAL;
    }
    double ca = cos(angles_deg[0] * LQ_PI / 180.0), cb = cos(angles_deg[1] * LQ_PI / 180.0);
    double cg = cos(angles_deg[2] * LQ_PI / 180.0), sg = sin(angles_deg[2] * LQ_PI / 180.0);
    /* a along x, b in xy; c from the dot products c.a = ac cos(beta), c.b = bc cos(alpha). */
    double cx = cb, cy = (ca - cb * cg) / sg, cz2 = 1.0 - cx * cx - cy * cy;
    if (!(cz2 > 1e-12)) return LQ_EINVAL;
    double m[3][3] = {{abc_A[0], 0.0, 0.0},
                      {abc_A[1] * cg, abc_A[1] * sg, 0.0},
                      {abc_A[2] * cx, abc_A[2] * cy, abc_A[2] * sqrt(cz2)}};
    memcpy(lattice_A, m, sizeof m);
    return LQ_OK;
}

void lq_lattice_parameters(const double lattice_A[3][3], double abc_A[3], double angles_deg[3]) {
    double len[3];
    for (int i = 0; i < 3; i++)
        len[i] = sqrt(lattice_A[i][0] * lattice_A[i][0] + lattice_A[i][1] * lattice_A[i][1] +
                      lattice_A[i][2] * lattice_A[i][2]);
    for (int i = 0; i < 3; i++) {
        abc_A[i] = len[i];
        int j = (i + 1) % 3, k = (i + 2) % 3;
        double d = lattice_A[j][0] * lattice_A[k][0] + lattice_A[j][1] * lattice_A[k][1] +
                   lattice_A[j][2] * lattice_A[k][2];
        double c = d / (len[j] * len[k]);
        c = fmax(-1.0, fmin(1.0, c));
        angles_deg[i] = acos(c) * 180.0 / LQ_PI;
    }
}

lq_status lq_structure_species(const lq_structure *s, int *z, double *count, size_t max,
                               size_t *n) {
    if (!s || !n || (max && !z)) return LQ_EINVAL;
    double tot[LQI_DFT_N_ELEMENTS + 1];
    memset(tot, 0, sizeof tot);
    for (size_t i = 0; i < s->n_sites; i++) {
        if (s->z[i] < 1 || s->z[i] > LQI_DFT_N_ELEMENTS) return LQ_EINVAL;
        tot[s->z[i]] += s->occupancy[i];
    }
    /* Selection by increasing count, ties by increasing Z: simple and n is at most 118. */
    int used[LQI_DFT_N_ELEMENTS + 1];
    memset(used, 0, sizeof used);
    size_t k = 0;
    for (;;) {
        int best = 0;
        for (int e = 1; e <= LQI_DFT_N_ELEMENTS; e++)
            if (tot[e] > 0.0 && !used[e] && (best == 0 || tot[e] < tot[best])) best = e;
        if (!best) break;
        used[best] = 1;
        if (k < max) {
            z[k] = best;
            if (count) count[k] = tot[best];
        }
        k++;
    }
    *n = k;
    return LQ_OK;
}

lq_status lq_structure_substitute(const lq_structure *s, const int *from_z, const int *to_z,
                                  size_t n, lq_rescale_mode mode, double volume_A3_per_atom,
                                  lq_structure **out, lq_diag *diag) {
    if (!s || !from_z || !to_z || n == 0 || !out) return LQ_EINVAL;
    for (size_t k = 0; k < n; k++)
        if (!lq_element_symbol(from_z[k]) || !lq_element_symbol(to_z[k]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "substitution", "invalid element");
    if (mode == LQ_RESCALE_VOLUME_PER_ATOM &&
        !(volume_A3_per_atom > 0.0 && isfinite(volume_A3_per_atom)))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "volume", "volume per atom must be > 0");
    lq_structure *c = NULL;
    lq_status st = lq_structure_copy(s, &c);
    if (st != LQ_OK) return st;
    double r3_old = 0.0, r3_new = 0.0;
    for (size_t i = 0; i < c->n_sites; i++) {
        int zo = s->z[i], zn = zo;
        for (size_t k = 0; k < n; k++)
            if (from_z[k] == zo) {
                zn = to_z[k];
                break;
            }
        c->z[i] = zn;
        if (zn != zo) {
            /* A label naming the old element would now mislead: use the new symbol. */
            snprintf(c->label[i], sizeof c->label[i], "%s", lq_element_symbol(zn));
        }
        if (mode == LQ_RESCALE_SLATER) {
            double ro = lqi_elements[zo].slater_radius_A;
            double rn = lqi_elements[zn].slater_radius_A;
            if (!(ro > 0.0) || !(rn > 0.0)) {
                lq_structure_free(c);
                return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "slater_radius",
                                    "no Slater radius tabulated for %s",
                                    ro > 0.0 ? lq_element_symbol(zn) : lq_element_symbol(zo));
            }
            r3_old += s->occupancy[i] * ro * ro * ro;
            r3_new += s->occupancy[i] * rn * rn * rn;
        }
    }
    double ratio = 1.0;
    if (mode == LQ_RESCALE_SLATER && r3_old > 0.0) ratio = r3_new / r3_old;
    if (mode == LQ_RESCALE_VOLUME_PER_ATOM) {
        double v = lq_structure_volume_A3(s);
        if (!(fabs(v) > 0.0)) {
            lq_structure_free(c);
            return LQ_EINVAL;
        }
        ratio = volume_A3_per_atom * lq_structure_atom_count(s) / fabs(v);
    }
    double f = cbrt(ratio);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) c->lattice_A[i][j] *= f;
    *out = c;
    return LQ_OK;
}

/* ---------------------------------------------------------------- text helpers */

size_t lqi_dft_split(const char *beg, const char *end, const char **w, size_t *len, size_t max) {
    const char *fs[LQI_CSV_MAX_FIELDS], *fe[LQI_CSV_MAX_FIELDS];
    size_t n = lqi_csv_split(beg, end, " ", 0, fs, fe,
                             max < LQI_CSV_MAX_FIELDS ? max : LQI_CSV_MAX_FIELDS);
    for (size_t k = 0; k < n; k++) {
        w[k] = fs[k];
        len[k] = (size_t)(fe[k] - fs[k]);
    }
    return n;
}

int lqi_dft_word_double(const char *w, size_t len, double *out) {
    double v;
    if (len == 0 || lqi_parse_double(w, len, 0, &v) != 0 || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

lq_status lqi_dft_read_file(const char *path, lqi_dft_parse_fn fn, lq_structure **out,
                            lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    if (strlen(text) == 0) {
        lq_free(text);
        return lqi_diag_set(diag, LQ_EPARSE, path, 1, NULL, "empty file");
    }
    st = fn(text, path, out, diag);
    lq_free(text);
    return st;
}

static const char *base_name(const char *path) {
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int ends_with_ci(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && lqi_strcasecmp(s + n - m, suffix) == 0;
}

static int contains_ci(const char *s, const char *part) {
    size_t m = strlen(part);
    for (; *s; s++)
        if (lqi_strncasecmp(s, part, m) == 0) return 1;
    return 0;
}

/* POSCAR, CONTCAR, POSCAR_12, Bi.POSCAR, NdBi2-CONTCAR, x.vasp */
static int is_poscar_name(const char *b) {
    return contains_ci(b, "POSCAR") || contains_ci(b, "CONTCAR") || ends_with_ci(b, ".vasp");
}

lq_status lq_structure_read(const char *path, lq_structure **out, lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    const char *b = base_name(path);
    if (ends_with_ci(b, ".cif")) return lq_structure_read_cif(path, out, diag);
    if (is_poscar_name(b)) return lq_structure_read_poscar(path, out, diag);
    return lqi_diag_set(diag, LQ_EUNSUPPORTED, path, 0, NULL,
                        "unknown structure format (expected *.cif, or a name containing POSCAR or "
                        "CONTCAR, or *.vasp)");
}

lq_status lq_structure_read_block(const char *path, const char *block, lq_structure **out,
                                  lq_diag *diag) {
    if (!block) return lq_structure_read(path, out, diag);
    if (!path || !out) return LQ_EINVAL;
    if (!ends_with_ci(base_name(path), ".cif"))
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, "block",
                            "only a CIF has data blocks to choose from");
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    st = lq_structure_parse_cif_block(text, path, block, out, diag);
    lq_free(text);
    return st;
}

lq_status lq_structure_write(const lq_structure *s, const char *path, lq_diag *diag) {
    if (!s || !path) return LQ_EINVAL;
    if (ends_with_ci(base_name(path), ".cif")) return lq_structure_write_cif(s, path, diag);
    return lq_structure_write_poscar(s, path, diag);
}

lq_status lq_structure_formula_reduced(const lq_structure *s, char *buf, size_t size) {
    if (!buf || size == 0) return LQ_EINVAL;
    buf[0] = '\0';
    if (!s) return LQ_EINVAL;
    int z[64];
    double cnt[64];
    size_t n = 0;
    lq_status st = lq_structure_species(s, z, cnt, 64, &n);
    if (st != LQ_OK) return st;
    if (n > 64) n = 64;
    if (n == 0) return LQ_OK;
    double g = cnt[0];
    for (size_t k = 1; k < n; k++) g = fmin(g, cnt[k]);
    /* integral ratios to the smallest count give the formula unit; tolerance 1e-6 absorbs the
     * rounding of occupancies read from CIF files */
    int integral = 1;
    for (size_t k = 0; k < n; k++) {
        double r = cnt[k] / g;
        if (fabs(r - round(r)) > 1e-6) integral = 0;
    }
    size_t m = 0;
    for (size_t k = 0; k < n && m + 16 < size; k++) {
        double a = integral ? round(cnt[k] / g) : cnt[k];
        if (fabs(a - 1.0) < 1e-9)
            m += (size_t)snprintf(buf + m, size - m, "%s", lq_element_symbol(z[k]));
        else
            m += (size_t)snprintf(buf + m, size - m, "%s%g", lq_element_symbol(z[k]), a);
    }
    return LQ_OK;
}
