/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole cyclic voltammograms: sweeps, peaks, onsets, crossovers, D across scan rates. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/echem.h"

lq_echem_cv_analysis_options lq_echem_cv_analysis_options_default(void) {
    lq_echem_cv_analysis_options o;
    memset(&o, 0, sizeof o);
    o.sweep = lq_echem_cv_options_default();
    o.max_sweeps = 4096;
    o.model = LQ_ECHEM_BERZINS_DELAHAY; /* metal deposition: an insoluble product */
    return o;
}

void lq_echem_cv_analysis_free(lq_echem_cv_analysis *a) {
    if (!a) return;
    for (size_t f = 0; f < a->nfiles; f++) {
        lqi_free(a->files[f].sweeps);
        lqi_free(a->files[f].cycles);
    }
    lqi_free(a->files);
    lqi_free(a->v_V_per_s);
    lqi_free(a->Ip_A);
    lqi_free(a->sqrt_v);
    lqi_free(a);
}

static lq_status check_options(const lq_echem_cv_analysis_options *o, lq_diag *diag) {
    if (!(o->Ru_ohm >= 0.0) || !isfinite(o->Ru_ohm))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "Ru", "need a finite Ru >= 0, got %g",
                            o->Ru_ohm);
    if (o->max_sweeps < 1 || !isfinite(o->hysteresis_V))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "max_sweeps",
                            "need max_sweeps >= 1 and a finite hysteresis");
    if (o->diffusion && (o->n_electrons < 1 || !(o->area_m2 > 0.0) || !(o->conc_mol_per_m3 > 0.0) ||
                         !(o->T_K > 0.0)))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "diffusion",
                            "D needs n_electrons, area_m2, conc_mol_per_m3 and T_K (> 0)");
    if (o->diffusion && o->model != LQ_ECHEM_RANDLES_SEVCIK && o->model != LQ_ECHEM_BERZINS_DELAHAY)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "model", "unknown peak model");
    return LQ_OK;
}

/* Splits a record into sweeps (entries allocated, not yet analysed). */
static lq_status split(const lq_echem_record *r, const char *name,
                       const lq_echem_cv_analysis_options *o, lq_echem_cv_file *F, lq_diag *diag) {
    size_t *starts = lqi_malloc_array(o->max_sweeps, sizeof *starts);
    size_t ns = 0;
    lq_status st = starts ? lq_echem_sweeps_find(r->potential_V, r->n, o->hysteresis_V, starts,
                                                 o->max_sweeps, &ns)
                          : LQ_ENOMEM;
    if (st == LQ_OK) {
        F->sweeps = lqi_calloc(ns ? ns : 1, sizeof *F->sweeps);
        F->cycles = lqi_calloc(ns / 2 + 1, sizeof *F->cycles);
        if (!F->sweeps || !F->cycles) st = LQ_ENOMEM;
    }
    if (st != LQ_OK) {
        lqi_free(starts);
        if (st == LQ_ENOMEM) return st;
        return lqi_diag_set(diag, st, name, 0, NULL,
                            "cannot split into sweeps: need >= 3 finite potentials and at most "
                            "%zu sweeps (%s)",
                            o->max_sweeps, lq_status_str(st));
    }
    F->nsweeps = ns;
    for (size_t s = 0; s < ns; s++) {
        F->sweeps[s].start = starts[s];
        F->sweeps[s].end = s + 1 < ns ? starts[s + 1] : r->n;
        F->sweeps[s].cycle = s / 2 + 1;
    }
    lqi_free(starts);
    return LQ_OK;
}

/* Static reasons for a cycle without crossovers. */
static const char *const note_soluble =
    "no nucleation loop: the return current is nowhere more cathodic than the forward one (a "
    "soluble couple, or no deposition)";
static const char *const note_no_strip =
    "no nucleation loop: the return current exceeds the forward one but the return sweep has no "
    "stripping peak";

/*
 * Each cathodic sweep with the anodic sweep after it. Crossovers are reported only for a
 * deposition/stripping pair: a nucleation loop on the return branch (lq_echem_cv_nucleation_loop:
 * the return current more cathodic than the forward one over a stretch) and a stripping
 * (oxidation) peak on the return sweep positive of the loop's start. A soluble couple (e.g.
 * ferricyanide) has neither loop nor crossovers, however close the two branches run in the noise.
 * dEp = Epa - Epc of the most prominent peaks; an anodic peak negative of the cathodic one is
 * flagged (the two are not one couple).
 */
static void crossovers(const double *E, const double *smoothed, lq_echem_cv_file *F) {
    for (size_t s = 0; s + 1 < F->nsweeps; s++) {
        const lq_echem_cv_sweep_entry *fw = &F->sweeps[s], *bw = &F->sweeps[s + 1];
        if (fw->status != LQ_OK || bw->status != LQ_OK || fw->res.direction >= 0 ||
            bw->res.direction <= 0)
            continue;
        lq_echem_cv_cycle *c = &F->cycles[F->ncycles];
        memset(c, 0, sizeof *c);
        double loop[2];
        double noise = fmax(fw->res.noise_A, bw->res.noise_A);
        if (fw->end - fw->start < 2 || bw->end - bw->start < 2 ||
            lq_echem_cv_nucleation_loop(E, smoothed, fw->start, fw->end, bw->end, noise,
                                        c->E_cross_V, LQ_ECHEM_CV_MAX_CROSS, &c->ncross,
                                        loop) != LQ_OK)
            continue;
        c->cycle = fw->cycle;
        c->sweep_c = s;
        c->sweep_a = s + 1;
        if (!isfinite(loop[0])) {
            c->ncross = 0;
            c->loop_note = note_soluble;
        } else {
            int strip = 0;
            for (size_t k = 0; k < bw->res.npeaks; k++)
                if (!bw->res.peaks[k].cathodic && bw->res.peaks[k].E_V > loop[0]) strip = 1;
            if (!strip) {
                c->ncross = 0;
                c->loop_note = note_no_strip;
            }
        }
        c->dEp_V = (double)NAN;
        if (fw->res.npeaks && bw->res.npeaks) {
            double epc = fw->res.peaks[0].E_V, epa = bw->res.peaks[0].E_V;
            c->dEp_V = epa - epc;
            if (c->dEp_V < 0.0)
                lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNPHYSICAL,
                               "anodic peak %.4f V negative of the cathodic peak %.4f V: not one "
                               "couple",
                               epa, epc);
        }
        F->ncycles++;
    }
}

/* Every sweep of one record, its crossovers, scan rate and largest first-cycle cathodic peak. */
static lq_status analyse_file(const lq_echem_record *r, const char *name,
                              const lq_echem_cv_analysis_options *o, lq_echem_cv_file *F,
                              lq_diag *diag) {
    F->name = name;
    lq_status st = split(r, name, o, F, diag);
    if (st != LQ_OK) return st;
    double *smoothed = lqi_malloc_array(r->n ? r->n : 1, sizeof *smoothed);
    if (!smoothed) return LQ_ENOMEM;
    /* iR compensation: the electrode sees E - I Ru (IUPAC current; Bard & Faulkner, Electrochemical
     * Methods, 2nd ed., §1.3.4). Sweeps stay split on the recorded potential. */
    const double *E = r->potential_V;
    double *Ec = NULL;
    if (o->Ru_ohm > 0.0) {
        Ec = lqi_malloc_array(r->n ? r->n : 1, sizeof *Ec);
        if (!Ec) {
            lqi_free(smoothed);
            return LQ_ENOMEM;
        }
        for (size_t i = 0; i < r->n; i++) Ec[i] = r->potential_V[i] - r->current_A[i] * o->Ru_ohm;
        E = Ec;
    }
    double best = 0.0;
    F->scan_rate_V_per_s = r->scan_rate_V_per_s;
    for (size_t s = 0; s < F->nsweeps; s++) {
        lq_echem_cv_sweep_entry *e = &F->sweeps[s];
        lq_diag_clear(&e->diag);
        e->status = lq_echem_cv_sweep(r->has_time ? r->time_s : NULL, E, r->current_A, r->n,
                                      e->start, e->end, &o->sweep, &e->res, smoothed, &e->diag);
        if (e->status == LQ_ENOMEM) {
            lqi_free(Ec);
            lqi_free(smoothed);
            return LQ_ENOMEM;
        }
        if (e->status != LQ_OK) continue;
        if (!isfinite(F->scan_rate_V_per_s)) F->scan_rate_V_per_s = e->res.scan_rate_V_per_s;
        /* D comes from the first cycle, before deposits of earlier cycles change the surface. */
        for (size_t k = 0; k < e->res.npeaks && s < 2; k++)
            if (e->res.peaks[k].cathodic && fabs(e->res.peaks[k].Ip_A) > best)
                best = fabs(e->res.peaks[k].Ip_A);
    }
    crossovers(E, smoothed, F);
    lqi_free(Ec);
    lqi_free(smoothed);
    F->largest_cathodic_Ip_A = best > 0.0 ? -best : (double)NAN;
    return LQ_OK;
}

/* D across the records with a cathodic peak and a scan rate, and the line |Ip| = k v^1/2. */
static lq_status diffusion(const lq_echem_cv_analysis_options *o, lq_echem_cv_analysis *A,
                           lq_diag *diag) {
    A->v_V_per_s = lqi_malloc_array(A->nfiles, sizeof(double));
    A->Ip_A = lqi_malloc_array(A->nfiles, sizeof(double));
    A->sqrt_v = lqi_malloc_array(A->nfiles, sizeof(double));
    if (!A->v_V_per_s || !A->Ip_A || !A->sqrt_v) return LQ_ENOMEM;
    double vmax = 0.0;
    for (size_t f = 0; f < A->nfiles; f++) {
        const lq_echem_cv_file *F = &A->files[f];
        double v = F->scan_rate_V_per_s;
        if (!isfinite(F->largest_cathodic_Ip_A) || !isfinite(v) || !(v > 0.0)) continue;
        A->v_V_per_s[A->npoints] = v;
        A->sqrt_v[A->npoints] = sqrt(v);
        A->Ip_A[A->npoints++] = -F->largest_cathodic_Ip_A;
        if (sqrt(v) > vmax) vmax = sqrt(v);
    }
    if (!o->diffusion) return LQ_OK;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st =
        lq_echem_cv_diffusion(A->v_V_per_s, A->Ip_A, A->npoints, o->model, o->n_electrons,
                              o->area_m2, o->conc_mol_per_m3, o->T_K, &A->diffusion, &d);
    if (st != LQ_OK) {
        if (!d.msg[0])
            snprintf(d.msg, sizeof d.msg, "%zu files with a cathodic peak and a scan rate",
                     A->npoints);
        if (diag) *diag = d;
        return st;
    }
    A->has_diffusion = 1;
    A->line_sqrt_v[0] = 0.0;
    A->line_sqrt_v[1] = 1.05 * vmax;
    A->line_Ip_A[0] = 0.0;
    A->line_Ip_A[1] = A->diffusion.slope_A * A->line_sqrt_v[1];
    return LQ_OK;
}

lq_status lq_echem_cv_analyse(const lq_echem_record *const *recs, const char *const *names,
                              size_t nrec, const lq_echem_cv_analysis_options *opt,
                              lq_echem_cv_analysis **out, lq_diag *diag) {
    if (!recs || !opt || !out || nrec == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "NULL argument or no record");
    lq_status st = check_options(opt, diag);
    for (size_t f = 0; f < nrec && st == LQ_OK; f++)
        if (!recs[f] || !recs[f]->has_potential || !recs[f]->has_current)
            st = lqi_diag_set(diag, LQ_EINVAL, names && names[f] ? names[f] : NULL, 0, NULL,
                              "needs potential and current columns");
    if (st != LQ_OK) return st;
    lq_echem_cv_analysis *A = lqi_calloc(1, sizeof *A);
    if (!A || !(A->files = lqi_calloc(nrec, sizeof *A->files))) {
        lqi_free(A);
        return LQ_ENOMEM;
    }
    A->nfiles = nrec;
    for (size_t f = 0; f < nrec && st == LQ_OK; f++)
        st = analyse_file(recs[f], names && names[f] ? names[f] : recs[f]->file, opt, &A->files[f],
                          diag);
    if (st == LQ_OK) st = diffusion(opt, A, diag);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
        lq_echem_cv_analysis_free(A);
        return st;
    }
    *out = A;
    return LQ_OK;
}
