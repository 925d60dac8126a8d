/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PalmSens PSTrace session files (.pssession): UTF-16LE JSON with one data set per measurement. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"

/* UTF-16LE (with or without BOM) to UTF-8; unpaired surrogates become U+FFFD. */
static char *utf16le_to_utf8(const unsigned char *d, size_t n, size_t *outlen) {
    size_t i = (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) ? 2 : 0;
    char *o = lqi_malloc((n / 2) * 3 + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (; i + 1 < n; i += 2) {
        uint32_t c = (uint32_t)d[i] | (uint32_t)d[i + 1] << 8;
        if (c >= 0xD800 && c < 0xDC00 && i + 3 < n) {
            uint32_t c2 = (uint32_t)d[i + 2] | (uint32_t)d[i + 3] << 8;
            if (c2 >= 0xDC00 && c2 < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
                i += 2;
            } else {
                c = 0xFFFD;
            }
        } else if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD;
        }
        if (c == 0xFEFF) continue; /* PSTrace also ends the file with a BOM */
        if (c < 0x80) {
            o[k++] = (char)c;
        } else if (c < 0x800) {
            o[k++] = (char)(0xC0 | (c >> 6));
            o[k++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            o[k++] = (char)(0xE0 | (c >> 12));
            o[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            o[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            /* 4-byte sequences need one byte more than the 3 per unit reserved: two units were
             * consumed, so there is room. */
            o[k++] = (char)(0xF0 | (c >> 18));
            o[k++] = (char)(0x80 | ((c >> 12) & 0x3F));
            o[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            o[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    o[k] = '\0';
    *outlen = k;
    return o;
}

/* Member of an object, whatever the case of its key: PSTrace up to 5.x writes "measurements",
 * "dataset", "datavalues", PSTrace 5.11 "Measurements", "DataSet", "DataValues". */
static const cJSON *jget(const cJSON *o, const char *key) {
    return o ? cJSON_GetObjectItem(o, key) : NULL;
}

static const char *jstr(const cJSON *o, const char *key) {
    const cJSON *x = jget(o, key);
    return cJSON_IsString(x) && x->valuestring ? x->valuestring : NULL;
}

/* SI factor of a PalmSens unit type ("PalmSens.Units.MicroAmpere"); 0 when unknown. */
static double unit_scale(const char *type, const char **si) {
    static const struct {
        const char *suffix;
        double scale;
        const char *si;
    } u[] = {{".Ampere", 1.0, "A"},
             {".MilliAmpere", 1e-3, "A"},
             {".MicroAmpere", 1e-6, "A"},
             {".NanoAmpere", 1e-9, "A"},
             {".PicoAmpere", 1e-12, "A"},
             {".Volt", 1.0, "V"},
             {".MilliVolt", 1e-3, "V"},
             {".Time", 1.0, "s"},
             {".Second", 1.0, "s"},
             {".Hertz", 1.0, "Hz"},
             {".Ohm", 1.0, "ohm"},
             {".Coulomb", 1.0, "C"},
             {".MilliCoulomb", 1e-3, "C"},
             {".MicroCoulomb", 1e-6, "C"},
             {".ZRe", 1.0, "ohm"},
             {".ZIm", 1.0, "ohm"},
             {".Z", 1.0, "ohm"},
             {".Phase", 1.0, "deg"},
             {".Farad", 1.0, "F"},
             {".FahradReal", 1.0, "F"},
             {".FahradImaginary", 1.0, "F"},
             {".Y", 1.0, "S"},
             {".YRe", 1.0, "S"},
             {".YIm", 1.0, "S"}};
    if (!type) return 0.0;
    size_t n = strlen(type);
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        size_t k = strlen(u[i].suffix);
        if (n >= k && strcmp(type + n - k, u[i].suffix) == 0) {
            *si = u[i].si;
            return u[i].scale;
        }
    }
    return 0.0;
}

/* Value of "KEY=value" in PSTrace's method text, as a number (NaN when absent). */
static double method_value(const char *method, const char *key) {
    if (!method) return (double)NAN;
    size_t n = strlen(key);
    for (const char *p = method; (p = strstr(p, key)) != NULL; p += n) {
        if ((p == method || p[-1] == '\n') && p[n] == '=') {
            const char *v = p + n + 1, *e = v;
            while (*e && *e != '\r' && *e != '\n') e++;
            double x;
            if (lqi_csv_num(v, e, 0, &x) == 0) return x;
            return (double)NAN;
        }
    }
    return (double)NAN;
}

static void method_text(const char *method, const char *key, char *dst, size_t size) {
    dst[0] = '\0';
    if (!method) return;
    size_t n = strlen(key);
    for (const char *p = method; (p = strstr(p, key)) != NULL; p += n)
        if ((p == method || p[-1] == '\n') && p[n] == '=') {
            const char *v = p + n + 1, *e = v;
            while (*e && *e != '\r' && *e != '\n') e++;
            lqi_echem_copy_text(dst, size, v, e);
            return;
        }
}

/* One data array into table column `c` from row0 (npts values, scaled to SI). */
static void fill_array(lqi_table *t, long c, size_t row0, const cJSON *dv, double scale) {
    size_t i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, dv) {
        const cJSON *x = jget(v, "v");
        t->col[c].v[row0 + i++] = cJSON_IsNumber(x) ? x->valuedouble * scale : (double)NAN;
    }
}

/* The column label of a data array: description (with PSTrace's sign when its quantity is
 * negated, e.g. ZIm is "-Z''": "-ZIm") and SI unit; *scale the factor to SI, *si the unit. */
static void array_label(const cJSON *a, const char *desc, char *label, size_t size, double *scale,
                        const char **si) {
    const cJSON *unit = jget(a, "unit");
    const char *utype = unit ? jstr(unit, "type") : NULL;
    const char *q = unit ? jstr(unit, "q") : NULL;
    const char *neg = q && q[0] == '-' ? "-" : "";
    *si = "";
    *scale = unit_scale(utype, si);
    if (*scale > 0) {
        snprintf(label, size, "%s%s/%s", neg, desc, *si);
    } else {
        const char *sym = unit ? jstr(unit, "s") : NULL;
        snprintf(label, size, "%s%s/%s", neg, desc, sym ? sym : "");
        *scale = 1.0;
    }
}

/* Role of an array from its unit type (time, potential, current, charge), 0 when none. */
static int unit_role(const cJSON *a) {
    const cJSON *unit = jget(a, "unit");
    const char *si = "";
    if (!unit || unit_scale(jstr(unit, "type"), &si) <= 0) return LQI_ROLE_NONE;
    if (strcmp(si, "s") == 0) return LQI_ROLE_TIME;
    if (strcmp(si, "V") == 0) return LQI_ROLE_E;
    if (strcmp(si, "A") == 0) return LQI_ROLE_I;
    if (strcmp(si, "C") == 0) return LQI_ROLE_Q;
    return LQI_ROLE_NONE;
}

/* Does the data set hold several scans (arrays "scan1", "scan2", ... of potential), so that
 * only the curves give the scans apart? Also 1 when it holds no data at all. */
static int dataset_needs_curves(const cJSON *vals) {
    const char *first = NULL;
    int any = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, vals) {
        const cJSON *dv = jget(a, "datavalues");
        const char *desc = jstr(a, "description");
        if (!cJSON_IsArray(dv) || cJSON_GetArraySize(dv) == 0 || !desc) continue;
        any = 1;
        if (unit_role(a) != LQI_ROLE_E || lqi_strcasecmp(desc, "potential") == 0) continue;
        if (lqi_strncasecmp(desc, "scan", 4) != 0) continue;
        if (first && strcmp(first, desc) != 0) return 1;
        first = desc;
    }
    return !any;
}

/* The measurement's curves (PSTrace's plotted X/Y pairs): one segment per curve, numbered as
 * cycles 1, 2, ... Used when the data set cannot give the points (empty, as in DPV sessions of
 * PSTrace 5.0, or several scans of unequal length in CV sessions). */
static lq_status add_curves(lqi_table *t, const cJSON *m, long index, const cJSON *curves,
                            lq_echem_technique tq, long *cycle, lq_diag *diag, const char *name) {
    const cJSON *c;
    long added = 0;
    cJSON_ArrayForEach(c, curves) {
        const cJSON *xa = jget(c, "xaxisdataarray"), *ya = jget(c, "yaxisdataarray");
        const cJSON *xv = jget(xa, "datavalues"), *yv = jget(ya, "datavalues");
        if (!cJSON_IsArray(xv) || !cJSON_IsArray(yv)) continue;
        int nx = cJSON_GetArraySize(xv), ny = cJSON_GetArraySize(yv);
        const char *title = jstr(c, "title");
        if (nx != ny) {
            lq_status st = lqi_table_warn(t,
                                          "measurement %ld: curve '%s' has %d x and %d y "
                                          "values; left out",
                                          index + 1, title ? title : "", nx, ny);
            if (st != LQ_OK) return st;
            continue;
        }
        char lab[64];
        snprintf(lab, sizeof lab, "%s", title ? title : "curve");
        lq_status st = lqi_table_begin_segment(t, ++*cycle, tq, lab);
        if (st != LQ_OK) return st;
        size_t row0 = t->nrow;
        for (int i = 0; i < nx; i++)
            if (lqi_table_add_row(t) < 0) return LQ_ENOMEM;
        long cc = lqi_table_column(t, "cycle", NULL);
        if (cc < 0) return lqi_table_column_error(t, cc, diag);
        t->col[cc].role = LQI_ROLE_CYCLE;
        t->col[cc].text = 0;
        for (int i = 0; i < nx; i++) t->col[cc].v[row0 + (size_t)i] = (double)*cycle;
        const cJSON *axes[2] = {xa, ya};
        for (int k = 0; k < 2; k++) {
            /* Name the axis by its quantity ("Potential", "Current"): the description is the
             * scan's name ("scan1channel1"). */
            const cJSON *unit = jget(axes[k], "unit");
            const char *qn = unit ? jstr(unit, "q") : NULL;
            const char *desc = qn && qn[0] ? qn : jstr(axes[k], "description");
            char label[96];
            double scale;
            const char *si;
            array_label(axes[k], desc ? desc : (k ? "y" : "x"), label, sizeof label, &scale, &si);
            long col = lqi_table_column(t, label, NULL);
            if (col < 0) return lqi_table_column_error(t, col, diag);
            t->col[col].text = 0;
            int role = unit_role(axes[k]);
            if (role) t->col[col].role = role;
            fill_array(t, col, row0, k ? yv : xv, scale);
        }
        lqi_table_end_segment(t);
        added++;
    }
    (void)m;
    if (added == 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "curves",
                            "measurement %ld holds no data: neither its data set nor its curves "
                            "have values",
                            index + 1);
    return LQ_OK;
}

/* Adds one measurement's data set (or, failing that, its curves) to the table. */
static lq_status add_measurement(lqi_table *t, const cJSON *m, long index, long *cycle,
                                 lq_diag *diag, const char *name, lq_echem_technique *tq_out,
                                 double *rate_out) {
    const cJSON *ds = jget(m, "dataset");
    const cJSON *vals = ds ? jget(ds, "values") : NULL;
    const cJSON *curves = jget(m, "curves");
    const char *title = jstr(m, "title");
    const char *method = jstr(m, "method");
    char mid[32];
    method_text(method, "METHOD_ID", mid, sizeof mid);
    lq_echem_technique tq = lqi_echem_technique_from_name(mid);
    if (tq == LQ_ECHEM_TECH_UNKNOWN && title) tq = lqi_echem_technique_from_name(title);
    *tq_out = tq;
    /* Scan rate: CV/LSV state SCAN_RATE; a square wave sweeps E_STEP per period (E_STEP*FREQ). */
    double rate = method_value(method, "SCAN_RATE");
    if (tq == LQ_ECHEM_TECH_SWV)
        rate = method_value(method, "E_STEP") * method_value(method, "FREQ");
    *rate_out = rate;
    if ((!cJSON_IsArray(vals) || dataset_needs_curves(vals)) && cJSON_IsArray(curves) &&
        cJSON_GetArraySize(curves) > 0)
        return add_curves(t, m, index, curves, tq, cycle, diag, name);
    if (!cJSON_IsArray(vals))
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "dataset",
                            "measurement %ld has no dataset.values array", index + 1);
    /* All arrays of a data set have the points of the measurement; the time array (else the
     * first non-empty one) fixes n. */
    int npts = -1;
    const cJSON *a;
    cJSON_ArrayForEach(a, vals) {
        const cJSON *dv = jget(a, "datavalues");
        const char *desc = jstr(a, "description");
        if (cJSON_IsArray(dv) && desc && lqi_strcasecmp(desc, "time") == 0)
            npts = cJSON_GetArraySize(dv);
    }
    cJSON_ArrayForEach(a, vals) {
        const cJSON *dv = jget(a, "datavalues");
        if (cJSON_IsArray(dv) && npts <= 0 && cJSON_GetArraySize(dv) > 0)
            npts = cJSON_GetArraySize(dv);
    }
    if (npts <= 0)
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "datavalues",
                            "measurement %ld holds no data (no datavalues, no curves)", index + 1);
    lq_status st = lqi_table_begin_segment(t, ++*cycle, tq, title ? title : "measurement");
    if (st != LQ_OK) return st;
    size_t row0 = t->nrow;
    for (int i = 0; i < npts; i++)
        if (lqi_table_add_row(t) < 0) return LQ_ENOMEM;
    long ccol = lqi_table_column(t, "cycle", NULL);
    if (ccol < 0) return lqi_table_column_error(t, ccol, diag);
    t->col[ccol].role = LQI_ROLE_CYCLE;
    t->col[ccol].text = 0;
    for (int i = 0; i < npts; i++) t->col[ccol].v[row0 + (size_t)i] = (double)*cycle;
    /* Roles: the arrays named time/potential/current; else the first array of each unit
     * (PSTrace 5.11 names a CV's arrays after the scan, "scan1channel1"). */
    int named[LQI_ROLE_COUNT_] = {0};
    cJSON_ArrayForEach(a, vals) {
        const char *desc = jstr(a, "description");
        if (!desc) continue;
        if (lqi_strcasecmp(desc, "time") == 0) named[LQI_ROLE_TIME] = 1;
        if (lqi_strcasecmp(desc, "potential") == 0) named[LQI_ROLE_E] = 1;
        if (lqi_strcasecmp(desc, "current") == 0) named[LQI_ROLE_I] = 1;
    }
    int taken[LQI_ROLE_COUNT_] = {0};
    cJSON_ArrayForEach(a, vals) {
        const cJSON *dv = jget(a, "datavalues");
        const char *desc = jstr(a, "description");
        if (!cJSON_IsArray(dv) || !desc || cJSON_GetArraySize(dv) == 0) continue;
        if (cJSON_GetArraySize(dv) != npts) {
            st = lqi_table_warn(t,
                                "measurement %ld: array '%s' has %d values, expected %d; "
                                "left out",
                                index + 1, desc, cJSON_GetArraySize(dv), npts);
            if (st != LQ_OK) return st;
            continue;
        }
        char label[96];
        double scale;
        const char *si;
        array_label(a, desc, label, sizeof label, &scale, &si);
        long c = lqi_table_column(t, label, NULL);
        if (c < 0) return lqi_table_column_error(t, c, diag);
        t->col[c].text = 0;
        int role = LQI_ROLE_NONE;
        if (lqi_strcasecmp(desc, "time") == 0) role = LQI_ROLE_TIME;
        if (lqi_strcasecmp(desc, "potential") == 0) role = LQI_ROLE_E;
        if (lqi_strcasecmp(desc, "current") == 0) role = LQI_ROLE_I;
        if (role == LQI_ROLE_NONE) {
            int ur = unit_role(a);
            if (ur && ur != LQI_ROLE_TIME && !named[ur] && !taken[ur]) role = ur;
        }
        if (role) {
            t->col[c].role = role;
            taken[role] = 1;
        }
        fill_array(t, c, row0, dv, scale);
    }
    lqi_table_end_segment(t);
    return LQ_OK;
}

lq_status lqi_echem_read_palmsens(const char *data, size_t size, const char *name,
                                  const lq_echem_read_options *opt, lq_echem_record **out,
                                  lq_diag *diag) {
    (void)opt;
    size_t n = 0;
    char *js;
    if (size >= 2 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) {
        js = utf16le_to_utf8((const unsigned char *)data, size, &n);
    } else {
        js = lqi_malloc(size + 1);
        if (js) memcpy(js, data, size), js[size] = '\0', n = size;
    }
    if (!js) return LQ_ENOMEM;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(js, n, &end, 0);
    if (!root) {
        /* Locate the error as line:column of the decoded text. */
        size_t off = end && end >= js && end <= js + n ? (size_t)(end - js) : 0;
        long line = 1;
        for (size_t i = 0; i < off; i++) line += js[i] == '\n';
        lqi_free(js);
        return lqi_diag_set(diag, LQ_EPARSE, name, line, "",
                            "invalid JSON near character %zu (expected a PSTrace session)", off);
    }
    lqi_free(js);
    const cJSON *ms = jget(root, "measurements");
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) == 0) {
        cJSON_Delete(root);
        return lqi_diag_set(diag, LQ_EPARSE, name, 0, "measurements",
                            "expected a non-empty 'measurements' array");
    }
    lqi_table t;
    lqi_table_init(&t, name);
    lq_status st = LQ_OK;
    long idx = 0, cycle = 0;
    lq_echem_technique tq0 = LQ_ECHEM_TECH_UNKNOWN;
    double rate0 = (double)NAN;
    char serial[64] = "", tlabel[64] = "";
    const cJSON *m;
    cJSON_ArrayForEach(m, ms) {
        lq_echem_technique tq = LQ_ECHEM_TECH_UNKNOWN;
        double rate = (double)NAN;
        st = add_measurement(&t, m, idx, &cycle, diag, name, &tq, &rate);
        if (st != LQ_OK) break;
        if (idx == 0) {
            tq0 = tq;
            rate0 = rate;
            const char *ser = jstr(m, "deviceserial");
            if (ser) snprintf(serial, sizeof serial, "%s", ser);
            char mid[32];
            method_text(jstr(m, "method"), "METHOD_ID", mid, sizeof mid);
            snprintf(tlabel, sizeof tlabel, "%s", mid);
        }
        idx++;
    }
    char version[64] = "";
    const char *cv = jstr(root, "coreversion");
    if (cv) snprintf(version, sizeof version, "%s", cv);
    cJSON_Delete(root);
    t.tech = tq0;
    lq_echem_record *r = NULL;
    if (st == LQ_OK) st = lqi_table_to_record(&t, 0, &r, diag);
    lqi_table_free(&t);
    if (st != LQ_OK) return st;
    r->technique = tq0;
    if (isfinite(rate0) && rate0 > 0) r->scan_rate_V_per_s = rate0;
    snprintf(r->technique_label, sizeof r->technique_label, "METHOD_ID=%s", tlabel);
    snprintf(r->instrument, sizeof r->instrument, "PalmSens %s", serial);
    snprintf(r->software, sizeof r->software, "PSTrace %s", version);
    *out = r;
    return LQ_OK;
}
