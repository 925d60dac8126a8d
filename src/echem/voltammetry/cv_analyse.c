/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whole cyclic voltammograms: sweeps, peaks, onsets, crossovers, D across scan rates. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/ref/ana_internal.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"

lq_echem_cv_analysis_options lq_echem_cv_analysis_options_default(void) {
    lq_echem_cv_analysis_options o;
    memset(&o, 0, sizeof o);
    o.sweep = lq_echem_cv_options_default();
    o.max_sweeps = 4096;
    o.model = LQ_ECHEM_BERZINS_DELAHAY; /* metal deposition: an insoluble product */
    o.rev_tol = 0.1;
    o.alpha = 0.5;
    return o;
}

void lq_echem_cv_analysis_free(lq_echem_cv_analysis *a) {
    if (!a) return;
    for (size_t f = 0; f < a->nfiles; f++) {
        lqi_free(a->files[f].sweeps);
        lqi_free(a->files[f].cycles);
        lqi_free(a->files[f].semi_E_V);
        lqi_free(a->files[f].semi_m);
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
    if (o->diffusion && o->model != LQ_ECHEM_RANDLES_SEVCIK &&
        o->model != LQ_ECHEM_BERZINS_DELAHAY && o->model != LQ_ECHEM_IRREVERSIBLE)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "model", "unknown peak model");
    if (o->deconv && (!(o->T_K > 0.0) || o->deconv_npeaks > LQ_ECHEM_MAX_PEAKS))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "deconv",
                            "deconvolution needs T_K > 0 and at most %d components",
                            LQ_ECHEM_MAX_PEAKS);
    if (!(o->rev_tol > 0.0) || !isfinite(o->rev_tol) || !(o->alpha > 0.0 && o->alpha < 1.0) ||
        !(o->D_m2_per_s >= 0.0) || !isfinite(o->D_m2_per_s) || o->n_electrons < 0 ||
        !(o->T_K >= 0.0) || !isfinite(o->T_K))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "reversibility",
                            "need rev_tol > 0, 0 < alpha < 1, D >= 0, n >= 0, T >= 0");
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
static const char *const note_no_anodic =
    "no anodic sweep after the cathodic one: no nucleation loop can be looked for";
static const char *const note_short =
    "no nucleation loop can be looked for: the cathodic sweep or the anodic one after it is too "
    "short";
static const char *const note_no_strip =
    "no nucleation loop: the return current exceeds the forward one but the return sweep has no "
    "stripping peak";

/* Lavagnini's fit of Nicholson's working curve is used over this range of n dEp at 25 C, mV. */
#define CV_PSI_X_MIN 61.0
#define CV_PSI_X_MAX 212.0
#define CV_PSI_X_FIT 141.0

/*
 * dEp against the reversible 2.218 RT/nF and, inside Lavagnini's range, Nicholson's psi and k0
 * (sources at lq_echem_cv_cycle). The working curve is in n dEp at 25 C; dEp scales with T
 * (dimensionless n F dEp / RT), so X = n dEp 298.15 / T.
 */
static void reversibility(const lq_echem_cv_analysis_options *o, double v, lq_echem_cv_cycle *c) {
    c->dEp_rev_V = c->psi = c->k0_m_per_s = (double)NAN;
    if (o->n_electrons < 1 || !(o->T_K > 0.0) || !isfinite(c->dEp_V) || !(c->dEp_V > 0.0)) return;
    double n = (double)o->n_electrons,
           rt_nf = LQ_GAS_CONSTANT_J_PER_MOL_K * o->T_K / (n * LQ_FARADAY_C_PER_MOL);
    c->dEp_rev_V = 2.218 * rt_nf;
    double dev = (c->dEp_V - c->dEp_rev_V) / c->dEp_rev_V;
    if (dev > o->rev_tol)
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNDECIDED,
                       "dEp %.1f mV is %.0f %% above the reversible 2.218 RT/nF = %.1f mV: "
                       "quasi-reversible electron transfer or uncompensated resistance",
                       1e3 * c->dEp_V, 100.0 * dev, 1e3 * c->dEp_rev_V);
    else if (dev < -o->rev_tol)
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNDECIDED,
                       "dEp %.1f mV is %.0f %% below the reversible 2.218 RT/nF = %.1f mV: "
                       "adsorbed or insoluble species, or more electrons than n = %d",
                       1e3 * c->dEp_V, -100.0 * dev, 1e3 * c->dEp_rev_V, o->n_electrons);
    double X = n * 1e3 * c->dEp_V * 298.15 / o->T_K;
    if (X < CV_PSI_X_MIN) return; /* reversible at this scan rate: psi > 20, no k0 to read */
    if (X > CV_PSI_X_MAX) {
        if (o->D_m2_per_s > 0.0)
            lqi_echem_flag(&c->quality, LQ_ECHEM_Q_RANGE_SHORT,
                           "no k0: n dEp = %.1f mV (at 25 C) is past Nicholson's working curve "
                           "as fitted by Lavagnini (%.0f-%.0f mV): use an irreversible analysis",
                           X, CV_PSI_X_MIN, CV_PSI_X_MAX);
        return;
    }
    c->psi = (-0.6288 + 0.0021 * X) / (1.0 - 0.017 * X);
    /* Against Nicholson's own table (psi 0.25 at 141 mV, 0.1 at 212 mV) the fit reads 5 % and 30 %
     * low: beyond 141 mV the number is flagged. */
    if (X > CV_PSI_X_FIT && o->D_m2_per_s > 0.0)
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_RANGE_SHORT,
                       "n dEp = %.1f mV (at 25 C) is past %.0f mV, where Lavagnini's fit departs "
                       "from Nicholson's table (30 %% low at 212 mV): k0 uncertain",
                       X, CV_PSI_X_FIT);
    if (!(o->D_m2_per_s > 0.0) || !(v > 0.0) || !isfinite(v)) return;
    /* psi = k0 / (pi D n F v / RT)^1/2 for D_O = D_R (Nicholson 1965, Eq. 21 with gamma = 1). */
    c->k0_m_per_s = c->psi * sqrt(LQ_PI * o->D_m2_per_s * v / rt_nf);
    if (o->alpha < 0.3 || o->alpha > 0.7)
        lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNPHYSICAL,
                       "k0 from a working curve computed for alpha = 0.5 (dEp depends little on "
                       "alpha only for 0.3 <= alpha <= 0.7; alpha = %.2f)",
                       o->alpha);
}

/* |Ip,return / Ip,forward| of a cycle: the return sweep's Nicholson peak over the forward sweep's
 * last peak (the one whose decay it rides on). */
static void peak_ratio(const lq_echem_cv_sweep_entry *fw, const lq_echem_cv_sweep_entry *bw,
                       lq_echem_cv_cycle *c) {
    c->ip_ratio = (double)NAN;
    const lq_echem_peak *last = NULL, *ret = NULL;
    for (size_t k = 0; k < fw->res.npeaks; k++)
        if (!last || fw->res.peaks[k].index > last->index) last = &fw->res.peaks[k];
    for (size_t k = 0; k < bw->res.npeaks; k++)
        if (bw->res.peaks[k].base_kind == LQ_ECHEM_BASE_NICHOLSON) ret = &bw->res.peaks[k];
    if (!last || !ret) return;
    double hf = isfinite(last->Ip_ext_A) ? last->Ip_ext_A : last->Ip_A;
    if (fabs(hf) > 0.0) c->ip_ratio = fabs(ret->Ip_ext_A / hf);
    if (ret->quality.flags & LQ_ECHEM_Q_BASELINE)
        lqi_echem_flag(&c->ratio_quality, LQ_ECHEM_Q_BASELINE, "return peak: %s",
                       ret->quality.reason);
}

/*
 * The cycles of a file: each forward sweep with the return sweep after it, the forward direction
 * being that of the file's first analysed sweep. Cathodic-first: a cathodic sweep and the anodic
 * one after it. Anodic-first: an anodic sweep and the cathodic one after it; Nicholson's ratio is
 * then the mirrored one (forward peak anodic, return peak cathodic on Nicholson's baseline:
 * return_of and cv_nicholson work in the forward sweep's frame). Crossovers are reported only for
 * a deposition/stripping pair: a nucleation loop on the anodic sweep after the cycle's cathodic
 * one (lq_echem_cv_nucleation_loop: the return current more cathodic than the forward one over a
 * stretch; in an anodic-first file that anodic sweep is the next cycle's forward one) and a
 * stripping (oxidation) peak on it positive of the loop's start. A soluble couple (e.g.
 * ferricyanide) has neither loop nor crossovers, however close the two branches run in the noise.
 * dEp = Epa - Epc of the most prominent peaks; an anodic peak negative of the cathodic one is
 * flagged (the two are not one couple).
 */
static void crossovers(const double *E, const double *smoothed,
                       const lq_echem_cv_analysis_options *o, lq_echem_cv_file *F) {
    int fdir = 0;
    for (size_t s = 0; s < F->nsweeps && !fdir; s++)
        if (F->sweeps[s].status == LQ_OK) fdir = F->sweeps[s].res.direction;
    if (!fdir) return;
    for (size_t s = 0; s + 1 < F->nsweeps; s++) {
        const lq_echem_cv_sweep_entry *fw = &F->sweeps[s], *bw = &F->sweeps[s + 1];
        if (fw->status != LQ_OK || bw->status != LQ_OK || fw->res.direction != fdir ||
            bw->res.direction != -fdir)
            continue;
        size_t sc = fdir < 0 ? s : s + 1, sa = fdir < 0 ? s + 1 : s;
        const lq_echem_cv_sweep_entry *cat = &F->sweeps[sc], *ano = &F->sweeps[sa];
        /* The anodic sweep after the cathodic one, where a deposit would be stripped. */
        const lq_echem_cv_sweep_entry *strip_sw = fdir < 0 ? bw : NULL;
        if (fdir > 0 && s + 2 < F->nsweeps) {
            const lq_echem_cv_sweep_entry *nx = &F->sweeps[s + 2];
            if (nx->status == LQ_OK && nx->res.direction > 0) strip_sw = nx;
        }
        lq_echem_cv_cycle *c = &F->cycles[F->ncycles];
        memset(c, 0, sizeof *c);
        double loop[2] = {(double)NAN, (double)NAN};
        if (strip_sw) {
            double noise = fmax(cat->res.noise_A, strip_sw->res.noise_A);
            if (cat->end - cat->start < 2 || strip_sw->end - strip_sw->start < 2 ||
                lq_echem_cv_nucleation_loop(E, smoothed, cat->start, cat->end, strip_sw->end, noise,
                                            c->E_cross_V, LQ_ECHEM_CV_MAX_CROSS, &c->ncross,
                                            loop) != LQ_OK) {
                if (fdir < 0) continue;
                c->ncross = 0;
                loop[0] = loop[1] = (double)NAN;
                c->loop_note = note_short;
            }
        } else {
            c->loop_note = note_no_anodic;
        }
        c->cycle = fw->cycle;
        c->sweep_c = sc;
        c->sweep_a = sa;
        if (strip_sw && !c->loop_note) {
            if (!isfinite(loop[0])) {
                c->ncross = 0;
                c->loop_note = note_soluble;
            } else {
                int strip = 0;
                for (size_t k = 0; k < strip_sw->res.npeaks; k++)
                    if (!strip_sw->res.peaks[k].cathodic && strip_sw->res.peaks[k].E_V > loop[0])
                        strip = 1;
                if (!strip) {
                    c->ncross = 0;
                    c->loop_note = note_no_strip;
                }
            }
        }
        peak_ratio(fw, bw, c);
        if (isfinite(loop[0]) && isfinite(c->ip_ratio))
            lqi_echem_flag(&c->ratio_quality, LQ_ECHEM_Q_UNDECIDED,
                           "a nucleation loop (deposit stripped on the return): Nicholson's "
                           "baseline assumes a soluble product");
        c->dEp_V = (double)NAN;
        if (cat->res.npeaks && ano->res.npeaks) {
            double epc = cat->res.peaks[0].E_V, epa = ano->res.peaks[0].E_V;
            c->dEp_V = epa - epc;
            if (c->dEp_V < 0.0)
                lqi_echem_flag(&c->quality, LQ_ECHEM_Q_UNPHYSICAL,
                               "anodic peak %.4f V negative of the cathodic peak %.4f V: not one "
                               "couple",
                               epa, epc);
        }
        double v =
            isfinite(F->scan_rate_V_per_s) ? F->scan_rate_V_per_s : fw->res.scan_rate_V_per_s;
        reversibility(o, v, c);
        F->ncycles++;
    }
}

/* What the analysed sweep fw leaves for the return sweep after it (Nicholson's baseline): its last
 * peak's height and its faradaic current at the switching potential, both above its charging line
 * (zero current without one). 0 when fw has no usable peak. */
static int return_of(const lq_echem_cv_file *F, size_t s, const double *E, const double *smoothed,
                     double sign, lqi_echem_cv_return *ret) {
    const lq_echem_cv_sweep_entry *fw = &F->sweeps[s - 1];
    if (fw->status != LQ_OK || fw->res.npeaks == 0 || fw->end < fw->start + 2) return 0;
    const lq_echem_peak *last = &fw->res.peaks[0];
    for (size_t k = 1; k < fw->res.npeaks; k++)
        if (fw->res.peaks[k].index > last->index) last = &fw->res.peaks[k];
    double d = sign * (double)fw->res.direction; /* the forward faradaic current counts > 0 */
    double h = isfinite(last->Ip_ext_A) ? last->Ip_ext_A : last->Ip_A;
    if (!(d * h > 0.0)) return 0;
    ret->ipf_A = d * h;
    /* The forward charging line: the forward sweep's own, else the latest earlier sweep's (a
     * sweep of the other direction with its sign reversed: capacitive current follows dE/dt). */
    ret->ch_a_A = ret->ch_b_A_per_V = (double)NAN;
    for (size_t t = s; t-- > 0;) {
        const lq_echem_cv_sweep_entry *e = &F->sweeps[t];
        if (e->status != LQ_OK || !isfinite(e->res.charge_a_A)) continue;
        double m = e->res.direction == fw->res.direction ? 1.0 : -1.0;
        ret->ch_a_A = m * e->res.charge_a_A;
        ret->ch_b_A_per_V = m * e->res.charge_b_A_per_V;
        break;
    }
    size_t j = fw->end - 1;
    double base = isfinite(ret->ch_a_A) ? ret->ch_a_A + ret->ch_b_A_per_V * E[j] : 0.0;
    ret->isp_A = d * (smoothed[j] - base);
    return 1;
}

/* Samples above which the O(n^2) semi-integral is not attempted (~10 s of work). */
#define CV_SEMI_MAX 60000

/* Semi-integral analysis of the record's first sweep, above its charging line. */
static lq_status semi(const lq_echem_record *r, const double *E,
                      const lq_echem_cv_analysis_options *o, lq_echem_cv_file *F) {
    lq_diag_clear(&F->semi_diag);
    F->semi_status = LQ_EINVAL;
    const lq_echem_cv_sweep_entry *e = F->nsweeps ? &F->sweeps[0] : NULL;
    if (!e || e->status != LQ_OK) {
        snprintf(F->semi_diag.msg, sizeof F->semi_diag.msg, "the first sweep was not analysed");
        return LQ_OK;
    }
    size_t m = e->end - e->start;
    if (!r->has_time || m > CV_SEMI_MAX) {
        snprintf(F->semi_diag.msg, sizeof F->semi_diag.msg,
                 r->has_time ? "first sweep of %zu samples: more than the semi-integral's limit"
                             : "no time column (give --scan-rate)",
                 m);
        return LQ_OK;
    }
    double *I = lqi_malloc_array(m, sizeof *I);
    F->semi_E_V = lqi_malloc_array(m, sizeof(double));
    F->semi_m = lqi_malloc_array(m, sizeof(double));
    if (!I || !F->semi_E_V || !F->semi_m) {
        lqi_free(I);
        return LQ_ENOMEM;
    }
    double a = e->res.charge_a_A, b = e->res.charge_b_A_per_V;
    int line = isfinite(a) && isfinite(b);
    for (size_t i = 0; i < m; i++) {
        F->semi_E_V[i] = E[e->start + i];
        I[i] = r->current_A[e->start + i] - (line ? a + b * F->semi_E_V[i] : 0.0);
    }
    F->semi_n = m;
    F->semi_status = lq_echem_cv_semi_analyse(r->time_s + e->start, F->semi_E_V, I, m,
                                              o->n_electrons, o->area_m2, o->conc_mol_per_m3,
                                              o->T_K, &F->semi, F->semi_m, &F->semi_diag);
    lqi_free(I);
    if (F->semi_status == LQ_ENOMEM) return LQ_ENOMEM;
    F->has_semi = F->semi_status == LQ_OK;
    if (F->has_semi && !line)
        lqi_echem_flag(&F->semi.quality, LQ_ECHEM_Q_BASELINE,
                       "no charging line under the first sweep: the raw current was integrated");
    return LQ_OK;
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
        lqi_echem_cv_return ret;
        int has_ret =
            s > 0 && return_of(F, s, E, smoothed, o->sweep.cathodic_positive ? -1.0 : 1.0, &ret);
        e->status = lqi_echem_cv_sweep_ret(r->has_time ? r->time_s : NULL, E, r->current_A, r->n,
                                           e->start, e->end, &o->sweep, has_ret ? &ret : NULL,
                                           &e->res, smoothed, &e->diag);
        if (e->status == LQ_ENOMEM) {
            lqi_free(Ec);
            lqi_free(smoothed);
            return LQ_ENOMEM;
        }
        if (e->status != LQ_OK) continue;
        if (o->deconv) {
            /* Each sweep separated into reversible waves, on E - I Ru when compensated. */
            lq_echem_cv_deconv_options dop = lq_echem_cv_deconv_options_default();
            dop.T_K = o->T_K;
            dop.npeaks = o->deconv_npeaks;
            dop.min_prominence_frac = o->sweep.min_prominence_frac;
            lq_diag_clear(&e->deconv_diag);
            e->deconv_status =
                lq_echem_cv_deconvolve(E + e->start, r->current_A + e->start, e->end - e->start,
                                       &dop, &e->deconv, &e->deconv_diag);
            if (e->deconv_status == LQ_ENOMEM) {
                lqi_free(Ec);
                lqi_free(smoothed);
                return LQ_ENOMEM;
            }
            /* After a vertex the previous wave's decay runs under this sweep; the model's line
             * cannot follow it. */
            int after_vertex = s > 0 && F->sweeps[s - 1].status == LQ_OK &&
                               F->sweeps[s - 1].res.direction != e->res.direction &&
                               F->sweeps[s - 1].res.npeaks > 0;
            for (size_t k = 0; after_vertex && e->deconv_status == LQ_OK && k < e->deconv.ncomp;
                 k++)
                lqi_echem_flag(&e->deconv.comp[k].quality, LQ_ECHEM_Q_BASELINE,
                               "return sweep: the forward wave's decay under it is taken as a "
                               "straight line");
        }
        if (!isfinite(F->scan_rate_V_per_s)) F->scan_rate_V_per_s = e->res.scan_rate_V_per_s;
        /* D comes from the first cycle, before deposits of earlier cycles change the surface,
         * from the peak heights above the conventional baselines (the local ones where there is
         * none). */
        for (size_t k = 0; k < e->res.npeaks && s < 2; k++) {
            const lq_echem_peak *p = &e->res.peaks[k];
            double h = isfinite(p->Ip_ext_A) ? p->Ip_ext_A : p->Ip_A;
            if (p->cathodic && fabs(h) > best) best = fabs(h);
        }
    }
    crossovers(E, smoothed, o, F);
    lq_status ss = o->semi ? semi(r, E, o, F) : LQ_OK;
    lqi_free(Ec);
    lqi_free(smoothed);
    F->largest_cathodic_Ip_A = best > 0.0 ? -best : (double)NAN;
    return ss;
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
        lq_echem_cv_diffusion(A->v_V_per_s, A->Ip_A, A->npoints, o->model, o->n_electrons, o->alpha,
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

/*
 * dEp of each record's first cycle against log10 v. A reversible couple keeps dEp at 2.218 RT/nF
 * at every scan rate; a quasi-reversible one (or an uncompensated resistance) widens it as v grows
 * (Nicholson 1965). Flagged when the fitted rise over the scan rates measured exceeds rev_tol of
 * the reversible value (5 mV without n and T) and, with 3 or more rates, twice its standard error.
 */
static lq_status dEp_trend(const lq_echem_cv_analysis_options *o, lq_echem_cv_analysis *A) {
    double *buf = lqi_malloc_array(2 * A->nfiles, sizeof *buf);
    if (!buf) return LQ_ENOMEM;
    double *lv = buf, *dep = buf + A->nfiles, lo = 0.0, hi = 0.0, rev = (double)NAN;
    size_t m = 0;
    for (size_t f = 0; f < A->nfiles; f++) {
        const lq_echem_cv_file *F = &A->files[f];
        double v = F->scan_rate_V_per_s;
        if (!F->ncycles || !isfinite(F->cycles[0].dEp_V) || !(v > 0.0) || !isfinite(v)) continue;
        lv[m] = log10(v);
        dep[m] = F->cycles[0].dEp_V;
        rev = F->cycles[0].dEp_rev_V;
        if (!m || lv[m] < lo) lo = lv[m];
        if (!m || lv[m] > hi) hi = lv[m];
        m++;
    }
    if (m >= 2 && hi > lo && lq_echem_linfit_compute(lv, dep, m, &A->dEp_fit) == LQ_OK) {
        A->has_dEp_fit = 1;
        double rise = A->dEp_fit.b * (hi - lo), thr = isfinite(rev) ? o->rev_tol * rev : 5e-3;
        int sig = !isfinite(A->dEp_fit.b_se) || A->dEp_fit.b > 2.0 * A->dEp_fit.b_se;
        if (rise > thr && sig)
            lqi_echem_flag(&A->rev_quality, LQ_ECHEM_Q_UNDECIDED,
                           "dEp grows with the scan rate (%.1f mV per decade, +%.1f mV over "
                           "%.2g decades): quasi-reversible electron transfer or uncompensated "
                           "resistance",
                           1e3 * A->dEp_fit.b, 1e3 * rise, hi - lo);
    }
    lqi_free(buf);
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
    if (st == LQ_OK) st = dEp_trend(opt, A);
    if (st == LQ_OK) st = diffusion(opt, A, diag);
    if (st != LQ_OK) {
        if (st == LQ_ENOMEM) lqi_diag_set(diag, st, NULL, 0, NULL, "out of memory");
        lq_echem_cv_analysis_free(A);
        return st;
    }
    *out = A;
    return LQ_OK;
}
