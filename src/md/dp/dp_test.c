/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `dp test`: errors of a model's energies, forces and virials on deepmd/npy systems. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/dp/dp_data_internal.h"

/*
 * The measures of DeePMD-kit's `dp test` (deepmd/entrypoints/test.py, test_ener): over the frames
 * of a system, the RMSE and MAE of the energy, of the energy divided by the atom count, of every
 * force component, of every virial component and of the virial divided by the atom count.
 * Several systems are pooled as dp test's weighted average: each mean square is weighted by the
 * number of values it averages (frames for energies and virials, 3 N frames for forces).
 */

void lq_dp_test_options_default(lq_dp_test_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    lq_dp_compute_options_default(&opt->compute);
}

static void finish_means(lq_dp_test_result *r, double se, double ae, double sea, double aea,
                         double sf, double af, double sv, double av, double sva, double ava) {
    double nf = (double)r->n_frames, nfc = nf * 3.0 * (double)r->n_atoms, nv = nf * 9.0;
    r->energy_rmse_eV = sqrt(se / nf);
    r->energy_mae_eV = ae / nf;
    r->energy_rmse_eV_per_atom = sqrt(sea / nf);
    r->energy_mae_eV_per_atom = aea / nf;
    r->force_rmse_eV_per_A = sqrt(sf / nfc);
    r->force_mae_eV_per_A = af / nfc;
    if (r->has_virial) {
        r->virial_rmse_eV = sqrt(sv / nv);
        r->virial_mae_eV = av / nv;
        r->virial_rmse_eV_per_atom = sqrt(sva / nv);
        r->virial_mae_eV_per_atom = ava / nv;
    }
}

static lq_status test_labels(const lq_dp_model *m, const lq_dp_system *s,
                             const lq_dp_test_options *opt, lq_dp_test_result *res, lq_diag *diag);

/* With a baseline: model + baseline against the labels is the model against labels - baseline
 * (the same differences), computed on a copy of the labels. */
lq_status lq_dp_test_system(const lq_dp_model *m, const lq_dp_system *s,
                            const lq_dp_test_options *opt, lq_dp_test_result *res, lq_diag *diag) {
    if (!m || !s || !res) return LQ_EINVAL;
    if (!opt || !opt->baseline) return test_labels(m, s, opt, res, diag);
    lq_status st = lq_dp_system_check(s, diag);
    if (st != LQ_OK) return st;
    lq_dp_system c = *s;
    size_t nf = s->n_frames, n3 = 3 * s->n_atoms * nf;
    c.energy_eV = lqi_malloc_array(nf ? nf : 1, sizeof(double));
    c.force_eV_per_A = lqi_malloc_array(n3 ? n3 : 1, sizeof(double));
    c.virial_eV = s->virial_eV ? lqi_malloc_array(9 * (nf ? nf : 1), sizeof(double)) : NULL;
    if (!c.energy_eV || !c.force_eV_per_A || (s->virial_eV && !c.virial_eV)) {
        st = LQ_ENOMEM;
    } else {
        memcpy(c.energy_eV, s->energy_eV, nf * sizeof(double));
        memcpy(c.force_eV_per_A, s->force_eV_per_A, n3 * sizeof(double));
        if (s->virial_eV) memcpy(c.virial_eV, s->virial_eV, 9 * nf * sizeof(double));
        st = lq_dp_baseline_labels(opt->baseline, &c, -1.0, diag);
    }
    if (st == LQ_OK) st = test_labels(m, &c, opt, res, diag);
    lqi_free(c.energy_eV);
    lqi_free(c.force_eV_per_A);
    lqi_free(c.virial_eV);
    return st;
}

static lq_status test_labels(const lq_dp_model *m, const lq_dp_system *s,
                             const lq_dp_test_options *opt, lq_dp_test_result *res, lq_diag *diag) {
    lq_dp_test_options def;
    lq_dp_test_options_default(&def);
    if (!opt) opt = &def;
    lq_status st = lq_dp_system_check(s, diag);
    if (st != LQ_OK) return st;
    if (!s->n_frames) return lqi_diag_set(diag, LQ_EINVAL, s->path, 0, NULL, "no frames");
    size_t na = s->n_atoms;
    int *mtype = lqi_malloc_array(na, sizeof(int));
    double *force = lqi_malloc_array(3 * na, sizeof(double));
    if (!mtype || !force) {
        lqi_free(mtype);
        lqi_free(force);
        return LQ_ENOMEM;
    }
    /* the system's names in the model's type_map */
    for (size_t i = 0; i < na && st == LQ_OK; i++) {
        size_t t;
        const char *name = s->type_map[s->type[i]];
        if (lq_dp_model_type_find(m, name, &t) != LQ_OK)
            st = lqi_diag_set(diag, LQ_ENOTFOUND, s->path, 0, "type_map",
                              "type '%s' (atom %zu) is not in the model's type_map", name, i);
        else
            mtype[i] = (int)t;
    }
    lq_dp_test_result r;
    memset(&r, 0, sizeof r);
    r.n_frames = s->n_frames;
    r.n_atoms = na;
    r.has_virial = s->virial_eV != NULL && s->box_A != NULL;
    double se = 0, ae = 0, sea = 0, aea = 0, sf = 0, af = 0, sv = 0, av = 0, sva = 0, ava = 0;
    for (size_t f = 0; f < s->n_frames && st == LQ_OK; f++) {
        lq_dp_frame fr = {na,   mtype, s->coord_A + 3 * na * f, s->box_A ? s->box_A + 9 * f : NULL,
                          NULL, NULL};
        lq_dp_result out;
        memset(&out, 0, sizeof out);
        out.forces_eV_per_A = force;
        st = lq_dp_compute(m, &fr, &opt->compute, &out, diag);
        if (st != LQ_OK) {
            if (diag) {
                char msg[LQ_DIAG_MSG_SIZE], field[64];
                snprintf(msg, sizeof msg, "%s", diag->msg);
                snprintf(field, sizeof field, "%s", diag->field);
                lqi_diag_set(diag, st, s->path, 0, field, "frame %zu: %s", f, msg);
            }
            break;
        }
        double de = out.energy_eV - s->energy_eV[f], dea = de / (double)na;
        se += de * de;
        ae += fabs(de);
        sea += dea * dea;
        aea += fabs(dea);
        const double *fref = s->force_eV_per_A + 3 * na * f;
        for (size_t k = 0; k < 3 * na; k++) {
            double d = force[k] - fref[k];
            sf += d * d;
            af += fabs(d);
        }
        if (r.has_virial)
            for (size_t k = 0; k < 9; k++) {
                double d = out.virial_eV[k] - s->virial_eV[9 * f + k], da = d / (double)na;
                sv += d * d;
                av += fabs(d);
                sva += da * da;
                ava += fabs(da);
            }
    }
    lqi_free(mtype);
    lqi_free(force);
    if (st != LQ_OK) return st;
    finish_means(&r, se, ae, sea, aea, sf, af, sv, av, sva, ava);
    *res = r;
    return LQ_OK;
}

void lq_dp_test_pool(const lq_dp_test_result *r, size_t n, lq_dp_test_result *all) {
    if (!all) return;
    memset(all, 0, sizeof *all);
    if (!r || !n) return;
    double se = 0, ae = 0, sea = 0, aea = 0, sf = 0, af = 0, sv = 0, av = 0, sva = 0, ava = 0;
    double nfc = 0, nvir = 0;
    all->has_virial = 1;
    for (size_t k = 0; k < n; k++) {
        double nf = (double)r[k].n_frames, c = nf * 3.0 * (double)r[k].n_atoms;
        all->n_frames += r[k].n_frames;
        all->n_atoms += r[k].n_atoms * r[k].n_frames; /* atoms over all frames, for the means */
        se += r[k].energy_rmse_eV * r[k].energy_rmse_eV * nf;
        ae += r[k].energy_mae_eV * nf;
        sea += r[k].energy_rmse_eV_per_atom * r[k].energy_rmse_eV_per_atom * nf;
        aea += r[k].energy_mae_eV_per_atom * nf;
        sf += r[k].force_rmse_eV_per_A * r[k].force_rmse_eV_per_A * c;
        af += r[k].force_mae_eV_per_A * c;
        nfc += c;
        if (r[k].has_virial) {
            sv += r[k].virial_rmse_eV * r[k].virial_rmse_eV * 9 * nf;
            av += r[k].virial_mae_eV * 9 * nf;
            sva += r[k].virial_rmse_eV_per_atom * r[k].virial_rmse_eV_per_atom * 9 * nf;
            ava += r[k].virial_mae_eV_per_atom * 9 * nf;
            nvir += 9 * nf;
        }
    }
    double nf = (double)all->n_frames;
    all->energy_rmse_eV = sqrt(se / nf);
    all->energy_mae_eV = ae / nf;
    all->energy_rmse_eV_per_atom = sqrt(sea / nf);
    all->energy_mae_eV_per_atom = aea / nf;
    all->force_rmse_eV_per_A = sqrt(sf / nfc);
    all->force_mae_eV_per_A = af / nfc;
    all->has_virial = nvir > 0;
    if (nvir > 0) {
        all->virial_rmse_eV = sqrt(sv / nvir);
        all->virial_mae_eV = av / nvir;
        all->virial_rmse_eV_per_atom = sqrt(sva / nvir);
        all->virial_mae_eV_per_atom = ava / nvir;
    }
}
