/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the thermal module: real exports of three vendors, synthetic traces with known
 * onsets and areas, heating-rate extrapolation, calibration, bad files, datasets, prediction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "liquidus/thermal.h"
#include "lq_test.h"
#include "synth.h"

LQ_TEST_MAIN_DEFINE;

static const char *src_dir(void) {
    const char *d = getenv("LQ_SOURCE_DIR");
    return d ? d : "..";
}

static lq_thermal_trace *read_fixture(const char *rel) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/thermal/%s", src_dir(), rel);
    lq_thermal_trace *tr = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_thermal_read_file(path, NULL, &tr, &d);
    if (st != LQ_OK) {
        char buf[800];
        fprintf(stderr, "  %s\n", lq_diag_format(&d, buf, sizeof buf));
    }
    LQ_CHECK_STATUS(st, LQ_OK);
    return tr;
}

/* NETZSCH export (MaCFP): first data line "40,0,-4.31E-03,..." (line 2), last line 1521
 * "797.78961,75.93923,-1.42411,...": °C, min, uV/mg. Exact: the conversions add at most 1 ulp. */
static void test_netzsch_file(void) {
    lq_thermal_trace *tr = read_fixture("macfp/Aalto_ExpDat_mcfp_STA_10N2800Trial01-1.csv");
    if (!tr) return;
    LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_NETZSCH);
    LQ_CHECK(tr->n == 1520);
    LQ_CHECK(tr->line[0] == 2 && tr->line[tr->n - 1] == 1521);
    LQ_CHECK_CLOSE(tr->T_K[0], 40.0 + 273.15, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->t_s[0], 0.0, 0, 0);
    LQ_CHECK_CLOSE(tr->hf[0], -4.31e-3, 1e-15, 0); /* uV/mg = V/kg */
    LQ_CHECK(tr->hf_unit == LQ_THERMAL_SIGNAL_V_PER_KG);
    LQ_CHECK_CLOSE(tr->T_K[tr->n - 1], 797.78961 + 273.15, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->t_s[tr->n - 1], 75.93923 * 60.0, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->hf[tr->n - 1], -1.42411, 1e-15, 0);
    LQ_CHECK(tr->exo_sign == 0); /* the export has no #EXO line */
    LQ_CHECK(tr->n_segments == 1 && tr->segments[0].kind == LQ_THERMAL_HEATING);
    /* 40 -> 797.8 °C in 75.94 min: 9.98 K/min mean; the fit over the segment, 2 % */
    LQ_CHECK_CLOSE(tr->segments[0].rate_K_per_s * 60.0, 10.0, 0.02, 0);
    lq_thermal_trace_free(tr);
}

/* TA Universal Analysis (pkynetics): "Size 9.00000 mg", "Exotherm Up", first data line 34
 * "187.9960 -21.18184 -10.46185", last line 19034 "370.9860 -20.73705 -10.24684"; segment
 * markers at lines 32, 33, 9534, 19035 -> heating rows 34-9533, cooling rows 9535-19034. */
static void test_ta_file(void) {
    lq_thermal_trace *tr = read_fixture("pkynetics/sample_dsc_tainstruments.txt");
    if (!tr) return;
    LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_TA);
    LQ_CHECK_CLOSE(tr->mass_kg, 9.0e-6, 1e-15, 0);
    LQ_CHECK(tr->exo_sign == 1);
    LQ_CHECK(strcmp(tr->sample, "Eicosane") == 0);
    LQ_CHECK(tr->n == 19000);
    LQ_CHECK(tr->line[0] == 34 && tr->line[tr->n - 1] == 19034);
    LQ_CHECK_CLOSE(tr->t_s[0], 187.9960 * 60, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->T_K[0], -21.18184 + 273.15, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->hf[0], -10.46185e-3, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->hf[tr->n - 1], -10.24684e-3, 1e-15, 0);
    LQ_CHECK(tr->n_segments == 2);
    if (tr->n_segments == 2) {
        LQ_CHECK(tr->segments[0].from_file && tr->segments[0].kind == LQ_THERMAL_HEATING);
        LQ_CHECK(tr->segments[1].kind == LQ_THERMAL_COOLING);
        LQ_CHECK(tr->line[tr->segments[1].start] == 9535);
        /* 1 °C/min program ("eicosane 1°Cmin" in OrgFile); 2 % */
        LQ_CHECK_CLOSE(tr->segments[0].rate_K_per_s * 60, 1.0, 0.02, 0);
    }
    /* eicosane melts at 36.8 °C (NIST WebBook, n-eicosane T_fus = 309.9 K). Tolerance 1.5 K:
     * the file's own one-point calibration ("TempCal 1 pts 157.87 156.60", indium) moved this
     * instrument's scale by 1.27 K, so its temperatures are not known better than that */
    lq_dsc_options o;
    lq_dsc_options_default(&o);
    lq_dsc_result *r = NULL;
    LQ_CHECK_STATUS(lq_dsc_analyse(tr, &o, &r, NULL), LQ_OK);
    if (r) {
        size_t big = 0;
        for (size_t k = 1; k < r->n_peaks; k++)
            if (r->peaks[k].area > r->peaks[big].area) big = k;
        LQ_CHECK(r->n_peaks >= 1);
        if (r->n_peaks >= 1) {
            LQ_CHECK(r->peaks[big].endothermic == 1);
            LQ_CHECK_CLOSE(r->peaks[big].T_onset_K, 309.9, 0, 1.5);
            fprintf(stderr, "  eicosane: onset %.2f K, peak %.2f K, %.1f J/g\n",
                    r->peaks[big].T_onset_K, r->peaks[big].T_peak_K,
                    r->peaks[big].area_J_per_kg * 1e-3);
        }
    }
    lq_dsc_result_free(r);
    lq_thermal_trace_free(tr);
}

/* Setaram (pyDSC P85_4): line 4 "8.22 0 -0.96", last line 4804 "64.55 7200 0.39" (°C, s, mW). */
static void test_setaram_file(void) {
    lq_thermal_trace *tr = read_fixture("pydsc/P85_4");
    if (!tr) return;
    LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_SETARAM);
    LQ_CHECK(tr->n == 4801);
    LQ_CHECK(strcmp(tr->sample, "P85") == 0);
    LQ_CHECK(tr->line[0] == 4 && tr->line[tr->n - 1] == 4804);
    LQ_CHECK_CLOSE(tr->T_K[0], 8.22 + 273.15, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->hf[0], -0.96e-3, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->t_s[tr->n - 1], 7200.0, 0, 0);
    LQ_CHECK_CLOSE(tr->T_K[tr->n - 1], 64.55 + 273.15, 1e-15, 0);
    LQ_CHECK_CLOSE(tr->hf[tr->n - 1], 0.39e-3, 1e-15, 0);
    /* the run cools briefly to the start temperature, then heats: two segments from dT/dt */
    LQ_CHECK(tr->n_segments == 2);
    if (tr->n_segments == 2) LQ_CHECK(tr->segments[1].kind == LQ_THERMAL_HEATING);
    lq_thermal_trace_free(tr);
}

static lq_thermal_trace *read_text(const char *text, lq_diag *d, lq_status want) {
    lq_thermal_trace *tr = NULL;
    lq_diag_clear(d);
    lq_status st = lq_thermal_read_buffer(text, strlen(text), "mem.csv", NULL, &tr, d);
    LQ_CHECK_STATUS(st, want);
    if (st != LQ_OK && want == LQ_OK) {
        char buf[800];
        fprintf(stderr, "  %s\n", lq_diag_format(d, buf, sizeof buf));
    }
    return tr;
}

/* Synthetic trace: linear baseline, two melting peaks with known onsets and areas, noise. */
static void test_synthetic_peaks(void) {
    const double rate = 10.0 / 60.0;
    synth_peak pk[2] = {{540.0, 543.0, 0.8, 1.0}, {775.0, 779.0, 0.5, 1.5}};
    char *csv = synth_csv(450, 900, 0.05, rate, 0.05, 2e-4, pk, 2, 0.002, 0, 1, 0, 7);
    lq_diag d;
    lq_thermal_trace *tr = read_text(csv, &d, LQ_OK);
    free(csv);
    if (!tr) return;
    for (int bl = 0; bl < 2; bl++) {
        lq_dsc_options o;
        lq_dsc_options_default(&o);
        o.baseline = bl ? LQ_DSC_BASELINE_SIGMOIDAL : LQ_DSC_BASELINE_LINEAR;
        o.molar_mass_kg_per_mol = 0.1;
        lq_dsc_result *r = NULL;
        LQ_CHECK_STATUS(lq_dsc_analyse(tr, &o, &r, &d), LQ_OK);
        if (!r) continue;
        LQ_CHECK(r->n_peaks == 2);
        for (size_t k = 0; k < 2 && k < r->n_peaks; k++) {
            const lq_dsc_peak *p = &r->peaks[k];
            LQ_CHECK(p->endothermic == 1);
            /* done-when: onset within 0.1 K, area within 1 % */
            LQ_CHECK_CLOSE(p->T_onset_K, pk[k].T0, 0, 0.1);
            LQ_CHECK_CLOSE(p->area_J_per_kg, synth_area_J_per_kg(&pk[k], rate), 0.01, 0);
            LQ_CHECK_CLOSE(p->area_J_per_mol, p->area_J_per_kg * 0.1, 1e-12, 0);
            LQ_CHECK_CLOSE(p->T_peak_K, pk[k].Tp, 0, 0.5); /* the 1 K smoothing rounds the tip */
            LQ_CHECK(p->T_onset_u_K < 0.1);
        }
        /* the baseline away from the peaks is the one generated (noise sd 0.002 W/g) */
        size_t i = 100;
        LQ_CHECK_CLOSE(r->baseline[i], 1e3 * (0.05 + 2e-4 * (r->T_K[i] - 500)), 0, 2.0);
        lq_dsc_result_free(r);
    }
    lq_thermal_trace_free(tr);
}

/* Heating-rate series with a known thermal lag of 6 s: onsets at T0 + 6 s * rate extrapolate
 * to T0 (done-when: within 0.2 K). */
static void test_rate_series(void) {
    const double rates_Kmin[4] = {2, 5, 10, 20};
    double rate[4], on[4];
    synth_peak pk = {600.0, 602.5, 0.6, 1.2};
    for (int k = 0; k < 4; k++) {
        rate[k] = rates_Kmin[k] / 60.0;
        char *csv = synth_csv(560, 650, 0.02, rate[k], 0.02, 1e-4, &pk, 1, 0.001, 6.0, 1, 0,
                              (unsigned long)(11 + k));
        lq_diag d;
        lq_thermal_trace *tr = read_text(csv, &d, LQ_OK);
        free(csv);
        lq_dsc_result *r = NULL;
        on[k] = (double)NAN;
        if (tr && lq_dsc_analyse(tr, NULL, &r, &d) == LQ_OK && r->n_peaks == 1)
            on[k] = r->peaks[0].T_onset_K;
        LQ_CHECK(isfinite(on[k]));
        lq_dsc_result_free(r);
        lq_thermal_trace_free(tr);
    }
    lq_dsc_rate_fit f;
    LQ_CHECK_STATUS(lq_dsc_rate_extrapolate(rate, on, 4, &f), LQ_OK);
    LQ_CHECK_CLOSE(f.T0_K, 600.0, 0, 0.2);
    LQ_CHECK_CLOSE(f.slope_s, 6.0, 0.05, 0);
    LQ_CHECK_STATUS(lq_dsc_rate_extrapolate(rate, on, 1, &f), LQ_EINVAL);
}

/* Onset of the single peak of a synthetic run (recorded T = scale T + shift). */
static double measured_onset(double T0, double scale, double shift, double *area) {
    synth_peak pk = {T0, T0 + 2.0, 0.7, 1.0};
    char *csv =
        synth_csv(T0 - 40, T0 + 40, 0.02, 10.0 / 60, 0.01, 0, &pk, 1, 0.001, 0, scale, shift, 3);
    lq_diag d;
    lq_thermal_trace *tr = read_text(csv, &d, LQ_OK);
    free(csv);
    lq_dsc_result *r = NULL;
    double on = (double)NAN;
    if (tr && lq_dsc_analyse(tr, NULL, &r, &d) == LQ_OK && r->n_peaks == 1) {
        on = r->peaks[0].T_onset_K;
        if (area) *area = r->peaks[0].area_J_per_kg;
    }
    lq_dsc_result_free(r);
    lq_thermal_trace_free(tr);
    return on;
}

/* Two standards (In, Zn) measured on an instrument reading T_meas = 1.003 T + 1.2 K: the
 * calibration brings a sample's onset back to its true value. */
static void test_calibration(void) {
    const lq_dsc_reference *in = lq_dsc_reference_find("in"), *zn = lq_dsc_reference_find("Zn");
    LQ_CHECK(in && zn);
    if (!in || !zn) return;
    LQ_CHECK_CLOSE(in->T_fus_K, 429.7485, 0, 0); /* ITS-90 */
    const char *std[2] = {"In", "Zn"};
    double on[2] = {measured_onset(in->T_fus_K, 1.003, 1.2, NULL),
                    measured_onset(zn->T_fus_K, 1.003, 1.2, NULL)};
    lq_dsc_calibration cal;
    LQ_CHECK_STATUS(lq_dsc_calibration_fit(std, on, NULL, 2, &cal, NULL), LQ_OK);
    double raw = measured_onset(600.0, 1.003, 1.2, NULL);
    LQ_CHECK(fabs(raw - 600.0) > 2.0); /* the shift the calibration has to remove */
    LQ_CHECK_CLOSE(lq_dsc_calibration_T(&cal, raw), 600.0, 0, 0.1);
    /* applied through the options, the analysis reports the corrected onset */
    synth_peak pk = {600.0, 602.0, 0.7, 1.0};
    char *csv = synth_csv(560, 640, 0.02, 10.0 / 60, 0.01, 0, &pk, 1, 0.001, 0, 1.003, 1.2, 3);
    lq_diag d;
    lq_thermal_trace *tr = read_text(csv, &d, LQ_OK);
    free(csv);
    lq_dsc_options o;
    lq_dsc_options_default(&o);
    o.calibration = &cal;
    lq_dsc_result *r = NULL;
    if (tr && lq_dsc_analyse(tr, &o, &r, &d) == LQ_OK && r->n_peaks == 1)
        LQ_CHECK_CLOSE(r->peaks[0].T_onset_K, 600.0, 0, 0.1);
    else
        LQ_FAIL("calibrated analysis");
    lq_dsc_result_free(r);
    lq_thermal_trace_free(tr);
    /* enthalpy factor from indium's certified 28.6624 J/g against a measured area */
    double a_in = (double)NAN;
    (void)measured_onset(in->T_fus_K, 1, 0, &a_in);
    const char *one[1] = {"In"};
    double on1[1] = {in->T_fus_K}, ar1[1] = {a_in};
    LQ_CHECK_STATUS(lq_dsc_calibration_fit(one, on1, ar1, 1, &cal, NULL), LQ_OK);
    LQ_CHECK_CLOSE(cal.area_factor * a_in, 28.6624e3, 1e-12, 0);
    const char *bad[1] = {"Cu"};
    LQ_CHECK_STATUS(lq_dsc_calibration_fit(bad, on1, NULL, 1, &cal, NULL), LQ_ENOTFOUND);
}

/* Bad files are refused naming file, line and column. */
static void test_bad_files(void) {
    lq_diag d;
    read_text("Time (s),Temperature (C),Mass (%)\n0,25,100\n1,26,99\n", &d, LQ_EPARSE);
    LQ_CHECK(strcmp(d.file, "mem.csv") == 0 && d.line == 1 && strcmp(d.field, "heat flow") == 0);
    /* temperature going back 20 K at line 5, column 2 */
    read_text(
        "Time (s),Temperature (K),Heat Flow (mW)\n0,500,1\n1,501,1\n2,502,1\n3,482,1\n"
        "4,504,1\n5,505,1\n6,506,1\n7,507,1\n8,508,1\n9,509,1\n10,510,1\n11,511,1\n"
        "12,512,1\n13,513,1\n14,514,1\n",
        &d, LQ_EPARSE);
    LQ_CHECK(d.line == 5 && d.column == 2 && strstr(d.msg, "not monotonic"));
    /* NETZSCH export whose segment numbers skip 2: segment 2 empty, first row of 3 on line 6 */
    read_text(
        "#EXPORTTYPE:DATA ALL\n#EXO:1\n##Temp./°C;Time/min;DSC/(mW/mg);Segment\n"
        "25;0;0.1;1\n26;0.1;0.1;1\n27;0.2;0.1;3\n28;0.3;0.1;3\n",
        &d, LQ_EPARSE);
    LQ_CHECK(d.line == 6 && d.column == 4 && strstr(d.msg, "empty"));
    /* a number that is not one */
    read_text("Time (s),Temperature (K),Heat Flow (mW)\n0,500,1\n1,50x1,1\n", &d, LQ_EPARSE);
    LQ_CHECK(d.line == 3 && d.column == 2);
    /* a file cut short in its last row: that row is left out with a warning */
    lq_thermal_trace *cut = read_text(
        "Time (s),Temperature (K),Heat Flow (mW)\n0,500,1\n1,501,1\n"
        "2,502,1\n3,503\n",
        &d, LQ_OK);
    if (cut) LQ_CHECK(cut->n == 3 && cut->n_warnings >= 1);
    lq_thermal_trace_free(cut);
    read_text("", &d, LQ_EPARSE);
    lq_thermal_trace *tr = NULL;
    LQ_CHECK_STATUS(lq_thermal_read_file("/nonexistent/x.txt", NULL, &tr, &d), LQ_EIO);
    LQ_CHECK_STATUS(lq_thermal_read_buffer(NULL, 3, "x", NULL, &tr, &d), LQ_EINVAL);
}

/* Vendor layouts without a public file here, written as their software exports them; decimal
 * comma and UTF-16. */
static void test_other_layouts(void) {
    lq_diag d;
    lq_thermal_trace *tr = read_text(
        "Curve Name:\n  Indium run\nSample:\n  Indium, 6.4610 mg\nCurve Values:\n"
        "   Index        t         Ts         Tr      Value\n"
        "               [s]      [°C]      [°C]       [mW]\n"
        "        0    0.0000   150.000   150.000    0.1000\n"
        "        1   60.0000   160.000   160.000    0.2000\n"
        "        2  120.0000   170.000   170.000    0.3000\nResults:\n",
        &d, LQ_OK);
    if (tr) {
        LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_METTLER && tr->n == 3);
        LQ_CHECK_CLOSE(tr->mass_kg, 6.461e-6, 1e-12, 0);
        LQ_CHECK_CLOSE(tr->T_K[2], 443.15, 1e-15, 0);
        LQ_CHECK_CLOSE(tr->hf[1], 2e-4, 1e-15, 0);
    }
    lq_thermal_trace_free(tr);
    tr = read_text(
        "Sample Weight:\t5.000 mg\nTime (min)\tHeat Flow Endo Up (mW)\tSample "
        "Temperature (°C)\n0,0\t1,5\t25,0\n1,0\t1,6\t35,0\n2,0\t1,7\t45,0\n",
        &d, LQ_OK);
    if (tr) {
        LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_PERKINELMER && tr->exo_sign == -1);
        LQ_CHECK_CLOSE(tr->T_K[1], 308.15, 1e-15, 0);
        LQ_CHECK_CLOSE(tr->hf[2], 1.7e-3, 1e-15, 0);
        LQ_CHECK_CLOSE(tr->t_s[2], 120.0, 0, 0);
    }
    lq_thermal_trace_free(tr);
    tr = read_text(
        "Linseis STA PT1600\nSample weight [mg]: 20,1\nTime [min];Temp. [°C];DSC "
        "[uV]\n0;100,5;1,25\n1;110,5;1,5\n2;120,5;1,75\n",
        &d, LQ_OK);
    if (tr) {
        LQ_CHECK(tr->format == LQ_THERMAL_FORMAT_LINSEIS && tr->hf_unit == LQ_THERMAL_SIGNAL_V);
        LQ_CHECK_CLOSE(tr->mass_kg, 20.1e-6, 1e-12, 0);
        LQ_CHECK_CLOSE(tr->T_K[2], 393.65, 1e-15, 0);
    }
    lq_thermal_trace_free(tr);
    /* UTF-16LE with BOM (as Setaram Calisto writes) */
    const char *u8 =
        "Index;Time (s);Sample Temperature (C);HeatFlow (mW)\n1;0;20;-1.5\n2;1;21;-1.25\n";
    size_t m = strlen(u8);
    char *u16 = malloc(2 * m + 2);
    u16[0] = (char)0xFF;
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < m; i++) {
        u16[2 + 2 * i] = u8[i];
        u16[3 + 2 * i] = 0;
    }
    tr = NULL;
    LQ_CHECK_STATUS(lq_thermal_read_buffer(u16, 2 * m + 2, "u16", NULL, &tr, &d), LQ_OK);
    if (tr) {
        LQ_CHECK(tr->n == 2);
        LQ_CHECK_CLOSE(tr->hf[1], -1.25e-3, 1e-15, 0);
    }
    lq_thermal_trace_free(tr);
    free(u16);
}

/* ZPF datasets from measured transitions pass the dataset validator (written and read back). */
static void test_zpf_dataset(void) {
    const char *ph[3] = {"LIQUID", "BI_RHOMBO_A7", "BI7ND3"};
    double x[3] = {(double)NAN, 0.0, 0.3};
    lq_dataset *ds = NULL;
    LQ_CHECK_STATUS(
        lq_dsc_zpf_dataset("ND", "BI", ph, x, 3, 539.2, 1.5, "test", "heating", &ds, NULL), LQ_OK);
    if (!ds) return;
    LQ_CHECK(ds->n_regions == 1 && fabs(ds->regions[0].T - 539.2) < 1e-12);
    LQ_CHECK(strstr(ds->comment, "1.50 K") != NULL);
    char path[] = "thermal_zpf_test.json";
    LQ_CHECK_STATUS(lq_dataset_write_file(ds, path, NULL), LQ_OK);
    lq_dataset *back = NULL;
    LQ_CHECK_STATUS(lq_dataset_read_file(path, &back, NULL), LQ_OK);
    if (back) LQ_CHECK(back->n_regions == 1 && back->regions[0].n_vertices == 3);
    lq_dataset_free(back);
    lq_dataset_free(ds);
    remove(path);
    double none[2] = {(double)NAN, (double)NAN};
    LQ_CHECK_STATUS(lq_dsc_zpf_dataset("ND", "BI", ph, none, 2, 539, 1, NULL, NULL, &ds, NULL),
                    LQ_EINVAL);
}

static void test_molar_mass(void) {
    const char *el[2] = {"BI", "nd"};
    double x[2] = {0.8, 0.2}, M;
    LQ_CHECK_STATUS(lq_thermal_molar_mass(el, x, 2, &M), LQ_OK);
    /* IUPAC 2021 abridged standard atomic weights (the library's table): Bi 208.98, Nd 144.24 */
    LQ_CHECK_CLOSE(M, (0.8 * 208.98 + 0.2 * 144.24) * 1e-3, 1e-14, 0);
    const char *bad[1] = {"Xx"};
    LQ_CHECK_STATUS(lq_thermal_molar_mass(bad, x, 1, &M), LQ_ENOTFOUND);
}

void test_predict_bind(void);
void test_errors(void);
void test_alloc_failures(void);
void test_trios(void);

int main(void) {
    LQ_RUN(test_netzsch_file);
    LQ_RUN(test_ta_file);
    LQ_RUN(test_setaram_file);
    LQ_RUN(test_synthetic_peaks);
    LQ_RUN(test_rate_series);
    LQ_RUN(test_calibration);
    LQ_RUN(test_bad_files);
    LQ_RUN(test_other_layouts);
    LQ_RUN(test_zpf_dataset);
    LQ_RUN(test_molar_mass);
    LQ_RUN(test_predict_bind);
    LQ_RUN(test_errors);
    LQ_RUN(test_alloc_failures);
    LQ_RUN(test_trios);
    return lq_test_finish();
}
