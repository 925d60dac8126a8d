/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Around the peak analysis: molar mass of an alloy, heating-rate extrapolation, calibration with
 * reference metals, ZPF datasets of measured transitions. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "thermal/thermal_internal.h"

lq_status lq_thermal_molar_mass(const char *const *elements, const double *x, size_t n,
                                double *M_kg_per_mol) {
    if (!elements || !x || !M_kg_per_mol || n == 0) return LQ_EINVAL;
    double sx = 0.0, sm = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!elements[i] || !(x[i] > 0) || !isfinite(x[i])) return LQ_EINVAL;
        /* "ND", "nd" and "Nd" all name neodymium */
        char sym[4] = {0};
        size_t l = strlen(elements[i]);
        if (l == 0 || l > 2) return LQ_ENOTFOUND;
        sym[0] = (char)toupper((unsigned char)elements[i][0]);
        if (l == 2) sym[1] = (char)tolower((unsigned char)elements[i][1]);
        lq_element el;
        if (lq_element_find(sym, &el) != LQ_OK || !isfinite(el.mass_g_per_mol)) return LQ_ENOTFOUND;
        sx += x[i];
        sm += x[i] * el.mass_g_per_mol;
    }
    *M_kg_per_mol = sm / sx * 1e-3;
    return LQ_OK;
}

lq_status lq_dsc_rate_extrapolate(const double *rate_K_per_s, const double *T_K, size_t n,
                                  lq_dsc_rate_fit *fit) {
    if (!rate_K_per_s || !T_K || !fit || n < 2) return LQ_EINVAL;
    lqi_linfit_result f;
    lq_status st = lqi_linfit(rate_K_per_s, T_K, NULL, n, &f);
    if (st != LQ_OK) return st;
    fit->T0_K = f.a;
    fit->T0_u_K = f.a_se;
    fit->slope_s = f.b;
    fit->slope_u_s = f.b_se;
    fit->rms_K = f.rms;
    fit->n = n;
    return LQ_OK;
}

/*
 * Reference metals. Melting temperatures: ITS-90 fixed points (freezing points of In, Sn, Zn, Al,
 * Ag; H. Preston-Thomas, Metrologia 27 (1990) 3) and, for Bi, the secondary reference point of
 * R. E. Bedford et al., Metrologia 33 (1996) 133 (271.402 °C). Enthalpies of fusion: In, the
 * certified value of D. G. Archer, S. Rudtsch, J. Chem. Eng. Data 48 (2003) 1157
 * (28.6624 J/g); Bi, Zn, Al computed from the SGTE unary data (A. T. Dinsdale, Calphad 15 (1991)
 * 317): H(liquid) - H(solid) at the SGTE melting point, a - 6 c T^7 of the lattice stability
 * a + b T + c T^7, divided by the IUPAC 2021 atomic weight. Sn and Ag: no enthalpy tabulated
 * here (NaN), they calibrate temperature only.
 */
static const lq_dsc_reference refs[] = {
    {"In", 429.7485, 28.6624e3, "ITS-90; dH Archer & Rudtsch, J. Chem. Eng. Data 48 (2003) 1157"},
    {"Sn", 505.078, (double)NAN, "ITS-90 freezing point"},
    {"Bi", 544.552, 11296.80 / 208.98040e-3,
     "Bedford et al., Metrologia 33 (1996) 133; dH from SGTE unary (Dinsdale 1991)"},
    {"Zn", 692.677, 7322.00 / 65.38e-3, "ITS-90; dH from SGTE unary (Dinsdale 1991)"},
    {"Al", 933.473, 10711.04 / 26.9815384e-3, "ITS-90; dH from SGTE unary (Dinsdale 1991)"},
    {"Ag", 1234.93, (double)NAN, "ITS-90 freezing point"},
};

const lq_dsc_reference *lq_dsc_references(size_t *n) {
    if (n) *n = sizeof refs / sizeof refs[0];
    return refs;
}

const lq_dsc_reference *lq_dsc_reference_find(const char *element) {
    if (!element) return NULL;
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        if (lqi_strcasecmp(refs[i].element, element) == 0) return &refs[i];
    return NULL;
}

void lq_dsc_calibration_identity(lq_dsc_calibration *cal) {
    if (!cal) return;
    cal->a_K = 0.0;
    cal->b = 1.0;
    cal->area_factor = 1.0;
    cal->rms_K = 0.0;
    cal->n_standards = 0;
}

double lq_dsc_calibration_T(const lq_dsc_calibration *cal, double T) {
    return cal ? cal->a_K + cal->b * T : T;
}

lq_status lq_dsc_calibration_fit(const char *const *elements, const double *T_onset_K,
                                 const double *area_J_per_kg, size_t n, lq_dsc_calibration *cal,
                                 lq_diag *diag) {
    if (!elements || !T_onset_K || !cal || n == 0) return LQ_EINVAL;
    double Tm[64], To[64];
    if (n > 64) return LQ_EINVAL;
    double fsum = 0.0;
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        const lq_dsc_reference *r = lq_dsc_reference_find(elements[i]);
        if (!r)
            return lqi_diag_set(diag, LQ_ENOTFOUND, "", 0, "standard",
                                "'%s' is not a reference metal (In, Sn, Bi, Zn, Al, Ag)",
                                elements[i] ? elements[i] : "(null)");
        if (!isfinite(T_onset_K[i]) || !(T_onset_K[i] > 0)) return LQ_EINVAL;
        Tm[i] = r->T_fus_K;
        To[i] = T_onset_K[i];
        if (area_J_per_kg && isfinite(area_J_per_kg[i]) && area_J_per_kg[i] > 0 &&
            isfinite(r->dH_fus_J_per_kg)) {
            fsum += r->dH_fus_J_per_kg / area_J_per_kg[i];
            nf++;
        }
    }
    lq_dsc_calibration c;
    lq_dsc_calibration_identity(&c);
    if (n == 1) {
        c.a_K = Tm[0] - To[0];
    } else {
        lqi_linfit_result f;
        lq_status st = lqi_linfit(To, Tm, NULL, n, &f);
        if (st != LQ_OK)
            return lqi_diag_set(diag, st, "", 0, "standard",
                                "the standards' onsets do not define a line");
        c.a_K = f.a;
        c.b = f.b;
        c.rms_K = f.rms;
    }
    c.area_factor = nf ? fsum / (double)nf : 1.0;
    c.n_standards = n;
    *cal = c;
    return LQ_OK;
}

lq_status lq_dsc_zpf_dataset(const char *comp, const char *other, const char *const *phases,
                             const double *x_comp, size_t n_phases, double T_K, double T_u_K,
                             const char *reference, const char *comment_extra, lq_dataset **out,
                             lq_diag *diag) {
    if (!comp || !other || !phases || !x_comp || !out || n_phases == 0 || n_phases > 3 ||
        !(T_K > 0) || !isfinite(T_K))
        return LQ_EINVAL;
    int known = 0;
    for (size_t p = 0; p < n_phases; p++) known |= isfinite(x_comp[p]);
    if (!known)
        return lqi_diag_set(diag, LQ_EINVAL, "", 0, "x",
                            "no phase of the region has a known composition (ESPEI needs one)");
    lq_dataset *ds = NULL;
    lq_status st =
        lq_dataset_build_zpf(comp, other, phases, n_phases, &T_K, x_comp, 1, reference, &ds, diag);
    if (st != LQ_OK) return st;
    char buf[600];
    snprintf(buf, sizeof buf, "T = %.2f +- %.2f K (standard uncertainty), DSC%s%s", T_K,
             isfinite(T_u_K) ? T_u_K : 0.0, comment_extra ? ": " : "",
             comment_extra ? comment_extra : "");
    lqi_free(ds->comment);
    if (!(ds->comment = lqi_strdup(buf))) {
        lq_dataset_free(ds);
        return LQ_ENOMEM;
    }
    st = lq_dataset_validate(ds, diag);
    if (st != LQ_OK) {
        lq_dataset_free(ds);
        return st;
    }
    *out = ds;
    return LQ_OK;
}
