/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fixed-charge long-range baseline of a deep potential: Ewald/PPPM Coulomb minus DSF within r_c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/md.h"
#include "liquidus/units.h"
#include "md/dp/dp_internal.h"
#include "md/md_internal.h"

/* E_B = E_Ewald(q) - E_DSF(q; alpha, r_c). The Ewald (training labels) or PPPM (MD) part is the
 * rigid-ion record of the engine with every Born parameter zero, so the long-range Coulomb sum of
 * training and of MD is one code path; the DSF part is computed here over all periodic images
 * closer than r_c (r_c may exceed half the box, as the DP's own neighbour search allows). */

void lq_dp_baseline_default(lq_dp_baseline *b) {
    if (!b) return;
    memset(b, 0, sizeof *b);
    b->dsf_alpha_per_A = 0.25;
    b->dsf_rcut_A = 6.0;
    b->ewald_accuracy = 1e-8;
}

struct lqi_dp_lr {
    lq_dp_baseline b;
    size_t n;
    double q[LQ_MD_MAX_SPECIES]; /* charge of each system species */
    lq_md_potential *pot;        /* Coulomb only */
    lq_md_model *model;
    lq_md_forcefield *ff;
    lq_md_ff_options fo;
    lq_md_system s; /* scratch copy handed to the force field */
    double *f;      /* [3n] scratch */
};

void lqi_dp_lr_free(lqi_dp_lr *lr) {
    if (!lr) return;
    lq_md_forcefield_free(lr->ff);
    lq_md_model_free(lr->model);
    lqi_free(lr->pot);
    lq_md_system_free(&lr->s);
    lqi_free(lr->f);
    lqi_free(lr);
}

static lq_status check_baseline(const lq_dp_baseline *b, lq_diag *diag) {
    if (!b || b->n_types < 1 || b->n_types > LQ_DP_BASELINE_MAX_TYPES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "baseline", "no types in the baseline");
    if (!(b->dsf_alpha_per_A >= 0) || !(b->dsf_rcut_A > 0) || !isfinite(b->dsf_rcut_A) ||
        !(b->ewald_accuracy > 0 && b->ewald_accuracy < 1))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "baseline",
                            "need dsf_alpha >= 0, dsf_rcut > 0, 0 < ewald_accuracy < 1");
    for (size_t t = 0; t < b->n_types; t++)
        if (!isfinite(b->charge_e[t]) || fabs(b->charge_e[t]) > 10)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "charge",
                                "charge of type '%s' is not a number in -10..10", b->type_map[t]);
    return LQ_OK;
}

/* (Re)builds the Coulomb force field for the scratch system's box. */
static lq_status lr_build(lqi_dp_lr *lr, lq_diag *diag) {
    lq_md_forcefield_free(lr->ff);
    lr->ff = NULL;
    double lmin = fmin(lr->s.box_A[0], fmin(lr->s.box_A[1], lr->s.box_A[2]));
    lr->fo.cutoff_A = fmin(10.0, 0.4999 * lmin); /* the Ewald energy does not depend on it */
    return lq_md_forcefield_create_model(lr->model, &lr->s, &lr->fo, &lr->ff, diag);
}

lq_status lqi_dp_lr_create(const lq_dp_baseline *b, const lq_md_system *sys, lq_md_kspace kspace,
                           double accuracy, int n_threads, lqi_dp_lr **out, lq_diag *diag) {
    lq_status st = check_baseline(b, diag);
    if (st != LQ_OK) return st;
    if (!sys || !out || sys->n_atoms < 2 || sys->n_species < 1 ||
        sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or empty system");
    lqi_dp_lr *lr = lqi_calloc(1, sizeof *lr);
    if (!lr) return LQ_ENOMEM;
    lr->b = *b;
    lr->n = sys->n_atoms;
    const char *names[LQ_DP_BASELINE_MAX_TYPES];
    for (size_t t = 0; t < b->n_types; t++) names[t] = b->type_map[t];
    lr->pot = lqi_calloc(1, sizeof *lr->pot);
    st = lr->pot ? lq_md_system_alloc(&lr->s, sys->n_atoms) : LQ_ENOMEM;
    if (st == LQ_OK) {
        lr->f = lqi_malloc_array(3 * sys->n_atoms, sizeof *lr->f);
        if (!lr->f) st = LQ_ENOMEM;
    }
    for (size_t t = 0; st == LQ_OK && t < sys->n_species; t++) {
        long k = lqi_md_type_map_index(names, b->n_types, sys->species[t].name);
        if (k < 0) {
            st = lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "charge",
                              "type '%s' has no charge in the long-range baseline",
                              sys->species[t].name);
            break;
        }
        lr->q[t] = b->charge_e[k];
        lq_md_species *sp = &lr->pot->species[t];
        snprintf(sp->name, sizeof sp->name, "%s", sys->species[t].name);
        sp->mass_amu = 1.0;
        sp->charge_e = lr->q[t];
    }
    if (st == LQ_OK) {
        lr->pot->n_species = sys->n_species;
        for (size_t a = 0; a < sys->n_species; a++)
            for (size_t c = 0; c < sys->n_species; c++) {
                lq_md_born z = {0.0, 1.0, 0.0, 0.0, 0.0};
                lr->pot->pair[a][c] = z;
                lr->pot->has_pair[a][c] = 1;
            }
        snprintf(lr->pot->source, sizeof lr->pot->source, "fixed-charge long-range baseline");
        st = lq_md_model_from_potential(lr->pot, &lr->model);
    }
    if (st == LQ_OK) {
        lr->s.n_species = sys->n_species;
        for (size_t t = 0; t < sys->n_species; t++) lr->s.species[t] = lr->pot->species[t];
        memcpy(lr->s.type, sys->type, sys->n_atoms * sizeof *sys->type);
        memcpy(lr->s.pos_A, sys->pos_A, 3 * sys->n_atoms * sizeof *sys->pos_A);
        memcpy(lr->s.box_A, sys->box_A, sizeof lr->s.box_A);
        lq_md_ff_options_default(&lr->fo);
        lr->fo.kspace = kspace;
        lr->fo.accuracy = accuracy;
        lr->fo.skin_A = 0.0;
        lr->fo.tabulate = 0;
        lr->fo.shift = 0;
        lr->fo.min_distance_A = 0.0;
        lr->fo.n_threads = n_threads > 0 ? n_threads : 1;
        st = lr_build(lr, diag);
    }
    if (st != LQ_OK) {
        lqi_dp_lr_free(lr);
        return st;
    }
    *out = lr;
    return LQ_OK;
}

/* DSF Coulomb (Fennell & Gezelter 2006, Eqs. 19-20 and the self term of Eq. 18): pair energy
 *   k qq [erfc(a r)/r - erfc(a rc)/rc + (erfc(a rc)/rc^2 + 2a/sqrt(pi) exp(-a^2 rc^2)/rc)(r - rc)]
 * for r < rc over all periodic images, self energy -k q^2 (erfc(a rc)/(2 rc) + a/sqrt(pi)).
 * Forces are subtracted from f (f -= F_DSF); returns E_DSF, virial (xx yy zz xy xz yz) subtracted
 * from vir. Orthorhombic box, positions anywhere. */
static double dsf_sub(const lqi_dp_lr *lr, const double *pos, const int *type, const double box[3],
                      double *f, double vir[6]) {
    const double k = LQ_COULOMB_EV_A, a = lr->b.dsf_alpha_per_A, rc = lr->b.dsf_rcut_A;
    const double sp = 2.0 / sqrt(LQ_PI);
    const double erc = erfc(a * rc) / rc, fc = erc / rc + sp * a * exp(-a * a * rc * rc) / rc;
    int nim[3];
    for (int d = 0; d < 3; d++) nim[d] = (int)ceil(rc / box[d]);
    double e = 0, w[6] = {0};
    for (size_t i = 0; i < lr->n; i++) {
        const double qi = lr->q[type[i]];
        e -= k * qi * qi * (0.5 * erc + a / sqrt(LQ_PI));
        if (qi == 0) continue;
        for (size_t j = i; j < lr->n; j++) {
            const double qq = qi * lr->q[type[j]];
            if (qq == 0) continue;
            double d0[3];
            for (int d = 0; d < 3; d++) {
                d0[d] = pos[3 * i + (size_t)d] - pos[3 * j + (size_t)d];
                d0[d] -= box[d] * round(d0[d] / box[d]);
            }
            for (int ia = -nim[0]; ia <= nim[0]; ia++)
                for (int ib = -nim[1]; ib <= nim[1]; ib++)
                    for (int ic = -nim[2]; ic <= nim[2]; ic++) {
                        if (i == j && ia == 0 && ib == 0 && ic == 0) continue;
                        const double dv[3] = {d0[0] + ia * box[0], d0[1] + ib * box[1],
                                              d0[2] + ic * box[2]};
                        const double r2 = dv[0] * dv[0] + dv[1] * dv[1] + dv[2] * dv[2];
                        if (r2 >= rc * rc) continue;
                        const double r = sqrt(r2), er = erfc(a * r) / r;
                        /* i == j: each image pair is met twice (+n and -n), count half */
                        const double h = i == j ? 0.5 : 1.0;
                        e += h * k * qq * (er - erc + fc * (r - rc));
                        const double fr =
                            h * k * qq * (er / r + sp * a * exp(-a * a * r2) / r - fc) / r;
                        for (int d = 0; d < 3; d++) {
                            f[3 * i + (size_t)d] -= fr * dv[d];
                            f[3 * j + (size_t)d] += fr * dv[d];
                        }
                        w[0] += fr * dv[0] * dv[0];
                        w[1] += fr * dv[1] * dv[1];
                        w[2] += fr * dv[2] * dv[2];
                        w[3] += fr * dv[0] * dv[1];
                        w[4] += fr * dv[0] * dv[2];
                        w[5] += fr * dv[1] * dv[2];
                    }
        }
    }
    for (int c = 0; c < 6; c++) vir[c] -= w[c];
    return e;
}

lq_status lqi_dp_lr_compute(lqi_dp_lr *lr, const double *pos, const double box[3], double *f,
                            double *energy, double vir[6], lq_diag *diag) {
    int rebuild = 0;
    for (int d = 0; d < 3; d++) {
        if (!(box[d] > 0) || !isfinite(box[d]))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "box", "box edge %c is not positive",
                                "xyz"[d]);
        if (box[d] != lr->s.box_A[d]) rebuild = 1;
        lr->s.box_A[d] = box[d];
    }
    memcpy(lr->s.pos_A, pos, 3 * lr->n * sizeof *pos);
    lq_status st = rebuild ? lr_build(lr, diag) : LQ_OK;
    lq_md_energy e;
    if (st == LQ_OK) st = lq_md_forcefield_compute(lr->ff, &lr->s, lr->f, 3 * lr->n, &e, diag);
    if (st != LQ_OK) return st;
    for (size_t k = 0; k < 3 * lr->n; k++) f[k] = lr->f[k];
    for (int c = 0; c < 6; c++) vir[c] = e.virial_eV[c];
    *energy = e.total_eV - dsf_sub(lr, pos, lr->s.type, box, f, vir);
    return LQ_OK;
}

void lqi_dp_lr_kspace_info(const lqi_dp_lr *lr, lq_md_kspace_info *info) {
    lq_md_forcefield_kspace_info(lr->ff, info);
}

lq_status lq_dp_baseline_labels(const lq_dp_baseline *b, lq_dp_system *sys, double sign,
                                lq_diag *diag) {
    lq_status st = check_baseline(b, diag);
    if (st != LQ_OK) return st;
    if (!sys || sys->n_atoms < 2 || !sys->type || sys->n_types > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, sys ? sys->path : NULL, 0, NULL,
                            "NULL argument, fewer than 2 atoms or more than %d types",
                            LQ_MD_MAX_SPECIES);
    if (!sys->box_A)
        return lqi_diag_set(diag, LQ_EUNSUPPORTED, sys->path, 0, "box",
                            "the long-range baseline needs periodic frames (the system is nopbc)");
    const size_t n = sys->n_atoms;
    lq_md_system ms;
    st = lq_md_system_alloc(&ms, n);
    if (st != LQ_OK) return st;
    ms.n_species = sys->n_types;
    for (size_t t = 0; t < sys->n_types; t++)
        snprintf(ms.species[t].name, sizeof ms.species[t].name, "%s", sys->type_map[t]);
    memcpy(ms.type, sys->type, n * sizeof *ms.type);
    double *f = lqi_malloc_array(3 * n, sizeof *f);
    if (!f) st = LQ_ENOMEM;
    lqi_dp_lr *lr = NULL;
    for (size_t fr = 0; st == LQ_OK && fr < sys->n_frames; fr++) {
        const double *bx = sys->box_A + 9 * fr;
        if (bx[1] != 0 || bx[2] != 0 || bx[3] != 0 || bx[5] != 0 || bx[6] != 0 || bx[7] != 0) {
            st = lqi_diag_set(diag, LQ_EUNSUPPORTED, sys->path, 0, "box",
                              "frame %zu: the long-range baseline needs an orthorhombic box", fr);
            break;
        }
        const double box[3] = {bx[0], bx[4], bx[8]};
        const double *x = sys->coord_A + 3 * n * fr;
        if (!lr) {
            memcpy(ms.box_A, box, sizeof box);
            memcpy(ms.pos_A, x, 3 * n * sizeof *x);
            st = lqi_dp_lr_create(b, &ms, LQ_MD_KSPACE_EWALD, b->ewald_accuracy, 1, &lr, diag);
            if (st != LQ_OK) break;
        }
        double e = 0, v[6];
        st = lqi_dp_lr_compute(lr, x, box, f, &e, v, diag);
        if (st != LQ_OK) {
            char m[sizeof diag->msg];
            snprintf(m, sizeof m, "%s", diag ? diag->msg : "");
            st = lqi_diag_set(diag, st, sys->path, 0, "baseline", "frame %zu: %s", fr, m);
            break;
        }
        sys->energy_eV[fr] += sign * e;
        double *fl = sys->force_eV_per_A + 3 * n * fr;
        for (size_t k = 0; k < 3 * n; k++) fl[k] += sign * f[k];
        if (sys->virial_eV) {
            /* DeePMD-kit's virial is sum r_ij (x) F_ij, the engine's (xx yy zz xy xz yz) */
            double *vl = sys->virial_eV + 9 * fr;
            const int idx[9] = {0, 3, 4, 3, 1, 5, 4, 5, 2};
            for (int c = 0; c < 9; c++) vl[c] += sign * v[idx[c]];
        }
    }
    lqi_dp_lr_free(lr);
    lqi_free(f);
    lq_md_system_free(&ms);
    return st;
}

/* ---------------------------------------------------------------- the .dplr file */

lq_status lq_dp_baseline_write(const char *path, const lq_dp_baseline *b, const char *model_file,
                               lq_diag *diag) {
    if (!path || !model_file || !*model_file)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    lq_status st = check_baseline(b, diag);
    if (st != LQ_OK) return st;
    if (strchr(model_file, '\n'))
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, "model", "model file name has a newline");
    lqi_sbuf sb = {NULL, 0, 0, 0};
    lqi_sbuf_printf(&sb,
                    "liquidus-dplr 1\n"
                    "# A DeePMD-kit model plus a fixed-charge long-range baseline: E = E_model +\n"
                    "# E_Ewald(q) - E_DSF(q; dsf_alpha, dsf_rcut) (docs/deepmd-train.md).\n"
                    "model %s\n",
                    model_file);
    for (size_t t = 0; t < b->n_types; t++)
        lqi_sbuf_printf(&sb, "charge %s %.17g\n", b->type_map[t], b->charge_e[t]);
    lqi_sbuf_printf(&sb, "dsf_alpha %.17g\ndsf_rcut %.17g\newald_accuracy %.17g\n",
                    b->dsf_alpha_per_A, b->dsf_rcut_A, b->ewald_accuracy);
    char *text = NULL;
    st = lqi_sbuf_finish(&sb, &text);
    if (st == LQ_OK) st = lq_file_write_atomic(path, text, strlen(text), diag);
    lqi_free(text);
    return st;
}

/* One statement of a .dplr file (comment already cut) into nb/model/have; have[] = header,
 * dsf_alpha, dsf_rcut, ewald_accuracy seen. */
static lq_status dplr_statement(char *s, const char *path, long ln, lq_dp_baseline *nb,
                                char model[1024], int have[4], lq_diag *diag) {
    char *w[4];
    size_t n = lqi_words(s, w, 4);
    double v = 0;
    if (n == 0) return LQ_OK;
    if (!have[0]) {
        have[0] = 1;
        if (n != 2 || strcmp(w[0], "liquidus-dplr") || strcmp(w[1], "1"))
            return lqi_diag_set(diag, LQ_EPARSE, path, ln, "liquidus-dplr",
                                "the first statement must be 'liquidus-dplr 1'");
        return LQ_OK;
    }
    if (!strcmp(w[0], "model")) {
        if (n != 2 || model[0] || strlen(w[1]) >= 1024)
            return lqi_diag_set(diag, LQ_EPARSE, path, ln, "model",
                                "expected one 'model FILE' (no spaces in the name)");
        snprintf(model, 1024, "%s", w[1]);
        return LQ_OK;
    }
    if (!strcmp(w[0], "charge")) {
        if (n != 3 || strlen(w[1]) > 7 || lqi_parse_double(w[2], strlen(w[2]), 0, &v) ||
            !isfinite(v) || fabs(v) > 10)
            return lqi_diag_set(diag, LQ_EPARSE, path, ln, "charge",
                                "expected 'charge TYPE Q' (name of 1-7 characters, Q in -10..10)");
        if (nb->n_types >= LQ_DP_BASELINE_MAX_TYPES)
            return lqi_diag_set(diag, LQ_EPARSE, path, ln, "charge", "more than %d types",
                                LQ_DP_BASELINE_MAX_TYPES);
        for (size_t t = 0; t < nb->n_types; t++)
            if (!strcmp(nb->type_map[t], w[1]))
                return lqi_diag_set(diag, LQ_EPARSE, path, ln, "charge", "type '%s' given twice",
                                    w[1]);
        snprintf(nb->type_map[nb->n_types], sizeof nb->type_map[0], "%s", w[1]);
        nb->charge_e[nb->n_types++] = v;
        return LQ_OK;
    }
    static const char *const keys[3] = {"dsf_alpha", "dsf_rcut", "ewald_accuracy"};
    double *dst[3] = {&nb->dsf_alpha_per_A, &nb->dsf_rcut_A, &nb->ewald_accuracy};
    int k = 0;
    while (k < 3 && strcmp(w[0], keys[k])) k++;
    if (k == 3)
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, w[0],
                            "unknown keyword (expected model, charge, dsf_alpha, dsf_rcut or "
                            "ewald_accuracy)");
    if (n != 2 || lqi_parse_double(w[1], strlen(w[1]), 0, &v) || !isfinite(v) || have[k + 1])
        return lqi_diag_set(diag, LQ_EPARSE, path, ln, keys[k], "expected one '%s NUMBER'",
                            keys[k]);
    *dst[k] = v;
    have[k + 1] = 1;
    return LQ_OK;
}

lq_status lq_dp_baseline_read(const char *path, lq_dp_baseline *b, char *model_path,
                              size_t model_path_size, lq_diag *diag) {
    if (!path || !b || !model_path || model_path_size < 2)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *buf = NULL;
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &buf, &size, diag);
    if (st != LQ_OK) return st;
    lq_dp_baseline nb;
    lq_dp_baseline_default(&nb);
    char model[1024] = "", line[2048];
    int have[4] = {0, 0, 0, 0}; /* header, alpha, rcut, accuracy */
    lqi_lines lines;
    lqi_lines_init(&lines, buf, size);
    const char *s, *e;
    long ln = 0;
    while (st == LQ_OK && lqi_lines_next(&lines, &s, &e)) {
        ln = lines.lineno;
        size_t len = (size_t)(e - s);
        if (memchr(s, '\0', len))
            st = lqi_diag_set(diag, LQ_EPARSE, path, ln, NULL,
                              "a NUL byte: not a text file (is this a .dplr file?)");
        else if (len >= sizeof line)
            st = lqi_diag_set(diag, LQ_EPARSE, path, ln, NULL, "line longer than %zu characters",
                              sizeof line - 1);
        if (st != LQ_OK) break;
        memcpy(line, s, len);
        line[len] = '\0';
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        st = dplr_statement(line, path, ln, &nb, model, have, diag);
    }
    lqi_free(buf);
    if (st == LQ_OK && !have[0])
        st = lqi_diag_set(diag, LQ_EPARSE, path, ln, "liquidus-dplr", "not a .dplr file");
    if (st == LQ_OK && !model[0])
        st = lqi_diag_set(diag, LQ_EPARSE, path, ln, "model", "no 'model FILE' line");
    if (st == LQ_OK && nb.n_types == 0)
        st = lqi_diag_set(diag, LQ_EPARSE, path, ln, "charge", "no 'charge TYPE Q' line");
    if (st == LQ_OK && (!(nb.dsf_alpha_per_A >= 0) || !(nb.dsf_rcut_A > 0) ||
                        !(nb.ewald_accuracy > 0 && nb.ewald_accuracy < 1)))
        st = lqi_diag_set(diag, LQ_EPARSE, path, ln, "dsf_alpha",
                          "need dsf_alpha >= 0, dsf_rcut > 0, 0 < ewald_accuracy < 1");
    if (st != LQ_OK) return st;
    /* the model file relative to the folder of the .dplr */
    const char *slash = strrchr(path, '/');
    size_t dlen = model[0] != '/' && slash ? (size_t)(slash - path) + 1 : 0;
    if (dlen + strlen(model) + 1 > model_path_size)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, "model", "model path too long");
    memcpy(model_path, path, dlen);
    snprintf(model_path + dlen, model_path_size - dlen, "%s", model);
    *b = nb;
    return LQ_OK;
}
