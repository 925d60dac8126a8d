/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text helpers of the calorimeter readers: encodings, searches, labels, units, roles. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "liquidus/units.h"
#include "thermal/thermal_internal.h"

static int blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static size_t utf8_len(const unsigned char *s, const unsigned char *e) {
    if (s[0] < 0x80) return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || (size_t)(e - s) < n) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

void lqi_th_copy_text(char *dst, size_t size, const char *s, const char *e) {
    if (size == 0) return;
    while (s < e && blank(*s)) s++;
    while (e > s && blank(e[-1])) e--;
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s, *pe = (const unsigned char *)e;
    while (p < pe) {
        size_t n = utf8_len(p, pe);
        if (n > 0) {
            if (k + n >= size) break;
            memcpy(dst + k, p, n);
            k += n;
            p += n;
            continue;
        }
        /* Latin-1 / Windows-1252 byte: 0xA0..0xFF map to U+00A0..U+00FF, 0x80..0x9F to '?' */
        unsigned cp = *p >= 0xA0 ? *p : '?';
        p++;
        if (cp < 0x80) {
            if (k + 1 >= size) break;
            dst[k++] = (char)cp;
        } else {
            if (k + 2 >= size) break;
            dst[k++] = (char)(0xC0 | (cp >> 6));
            dst[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    dst[k] = '\0';
}

const char *lqi_th_find(const char *s, const char *e, const char *needle) {
    size_t m = strlen(needle);
    for (const char *p = s; p + m <= e; p++)
        if (lqi_strncasecmp(p, needle, m) == 0) return p;
    return NULL;
}

int lqi_th_starts(const char *s, const char *e, const char *prefix) {
    while (s < e && blank(*s)) s++;
    size_t m = strlen(prefix);
    return (size_t)(e - s) >= m && lqi_strncasecmp(s, prefix, m) == 0;
}

int lqi_th_number_after(const char *p, const char *e, int dc, double *v) {
    for (; p < e; p++) {
        if (!(isdigit((unsigned char)*p) ||
              ((*p == '-' || *p == '+' || *p == '.') && p + 1 < e && isdigit((unsigned char)p[1]))))
            continue;
        const char *q = p;
        while (q < e && (isdigit((unsigned char)*q) || *q == '.' || *q == '-' || *q == '+' ||
                         *q == 'e' || *q == 'E' || (dc && *q == ',')))
            q++;
        /* a trailing exponent letter or sign without digits belongs to a word, not the number */
        while (q > p && !isdigit((unsigned char)q[-1]) && q[-1] != '.') q--;
        if (lqi_csv_num(p, q, dc, v) == 0) return 0;
    }
    return -1;
}

int lqi_th_mass(const char *s, const char *e, double *kg) {
    double v;
    int dc = memchr(s, '.', (size_t)(e - s)) == NULL;
    if (lqi_th_number_after(s, e, dc, &v) != 0 || !(v > 0) || !isfinite(v)) return -1;
    double scale = 1e-6; /* mg unless the text says otherwise */
    if (lqi_th_find(s, e, "mg") == NULL) {
        if (lqi_th_find(s, e, " g") || lqi_th_find(s, e, "\tg")) scale = 1e-3;
        if (lqi_th_find(s, e, "ug")) scale = 1e-9;
    }
    *kg = v * scale;
    return 0;
}

/* Lower-case ASCII copy of a label without the degree sign and other non-ASCII bytes (µ and the
 * micro sign become 'u'), and without blanks. */
static void norm(const char *in, char *out, size_t size, int keep_blanks) {
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && k + 1 < size; p++) {
        unsigned c = *p;
        if (c == 0xC2 && p[1] == 0xB5) { /* U+00B5 MICRO SIGN in UTF-8 */
            out[k++] = 'u';
            p++;
            continue;
        }
        if (c == 0xCE && p[1] == 0xBC) { /* U+03BC GREEK SMALL LETTER MU */
            out[k++] = 'u';
            p++;
            continue;
        }
        if (c >= 0x80) continue;
        if (!keep_blanks && (c == ' ' || c == '\t')) continue;
        out[k++] = (char)tolower((int)c);
    }
    out[k] = '\0';
}

int lqi_th_guess_role(const char *label, int *role) {
    char l[128];
    norm(label, l, sizeof l, 1);
    *role = LQI_TH_NONE;
    if (strstr(l, "segment") || strcmp(l, "seg") == 0) {
        *role = LQI_TH_SEGMENT;
        return 5;
    }
    if (strstr(l, "reversing") || strstr(l, "deriv") || strstr(l, "dtg") || strstr(l, "sensit"))
        return 0;
    if (strstr(l, "heat flow") || strstr(l, "heatflow") || strstr(l, "heat flux") ||
        strstr(l, "dsc")) {
        *role = LQI_TH_HF;
        return 5;
    }
    if (strcmp(l, "value") == 0 || strstr(l, "power") || strcmp(l, "hf") == 0 || strstr(l, "dta")) {
        *role = LQI_TH_HF;
        return 3;
    }
    if (strstr(l, "time") || strcmp(l, "t") == 0) {
        *role = LQI_TH_TIME;
        return strstr(l, "time") ? 5 : 4;
    }
    if (strstr(l, "sample temp") || strcmp(l, "ts") == 0) {
        *role = LQI_TH_TEMP;
        return 6;
    }
    if (strstr(l, "furnace") || strstr(l, "program") || strstr(l, "reference") ||
        strcmp(l, "tr") == 0) {
        *role = strstr(l, "temp") || strcmp(l, "tr") == 0 ? LQI_TH_TEMP : LQI_TH_NONE;
        return *role ? 2 : 0;
    }
    if (strstr(l, "temp") || strcmp(l, "t_k") == 0 || strcmp(l, "t_c") == 0) {
        *role = LQI_TH_TEMP;
        return 5;
    }
    return 0;
}

int lqi_th_unit(int role, const char *unit, double *scale, double *offset, int *unit_kind) {
    char u[40];
    norm(unit, u, sizeof u, 0);
    /* drop the brackets and slashes that wrap units: "(mw/mg)", "[s]", "/c" */
    char w[40];
    size_t k = 0;
    for (const char *p = u; *p && k + 1 < sizeof w; p++)
        if (*p != '(' && *p != ')' && *p != '[' && *p != ']' && !(p == u && *p == '/')) w[k++] = *p;
    w[k] = '\0';
    *scale = 1.0;
    *offset = 0.0;
    if (role == LQI_TH_TEMP) {
        if (strcmp(w, "c") == 0 || strcmp(w, "degc") == 0 || strcmp(w, "oc") == 0 || !w[0]) {
            *offset = LQ_ZERO_CELSIUS_K;
            return w[0] != '\0';
        }
        return strcmp(w, "k") == 0;
    }
    if (role == LQI_TH_TIME) {
        if (strcmp(w, "s") == 0 || strcmp(w, "sec") == 0) return 1;
        if (strcmp(w, "min") == 0) {
            *scale = 60.0;
            return 1;
        }
        if (strcmp(w, "h") == 0) {
            *scale = 3600.0;
            return 1;
        }
        if (strcmp(w, "ms") == 0) {
            *scale = 1e-3;
            return 1;
        }
        return 0;
    }
    if (role == LQI_TH_HF) {
        static const struct {
            const char *u;
            double f;
            int kind;
        } t[] = {{"w", 1.0, LQ_THERMAL_SIGNAL_W},
                 {"mw", 1e-3, LQ_THERMAL_SIGNAL_W},
                 {"uw", 1e-6, LQ_THERMAL_SIGNAL_W},
                 {"w/g", 1e3, LQ_THERMAL_SIGNAL_W_PER_KG},
                 {"mw/mg", 1e3, LQ_THERMAL_SIGNAL_W_PER_KG},
                 {"mw/g", 1.0, LQ_THERMAL_SIGNAL_W_PER_KG},
                 {"uw/mg", 1.0, LQ_THERMAL_SIGNAL_W_PER_KG},
                 {"w/kg", 1.0, LQ_THERMAL_SIGNAL_W_PER_KG},
                 {"uv", 1e-6, LQ_THERMAL_SIGNAL_V},
                 {"mv", 1e-3, LQ_THERMAL_SIGNAL_V},
                 {"v", 1.0, LQ_THERMAL_SIGNAL_V},
                 {"uv/mg", 1.0, LQ_THERMAL_SIGNAL_V_PER_KG}};
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
            if (strcmp(w, t[i].u) == 0) {
                *scale = t[i].f;
                *unit_kind = t[i].kind;
                return 1;
            }
        /* no unit: mW, the unit of most exports */
        *scale = 1e-3;
        *unit_kind = LQ_THERMAL_SIGNAL_W;
        return 0;
    }
    return w[0] == '\0';
}

const char *lqi_th_delims(const char *s, const char *e) {
    switch (lqi_csv_detect_delim(s, e)) {
        case '\t':
            return "\t";
        case ';':
            return ";";
        case ',':
            return ",";
        default:
            return " ";
    }
}

int lqi_th_decimal_comma(const lqi_lines *l, const char *delims) {
    if (strchr(delims, ',')) return 0;
    return lqi_csv_probe_decimal_comma(l);
}

/* Roles present among the fields of a names line (bit 1 << role); 0 when the first field is a
 * number or there are fewer than two fields. */
static unsigned line_roles(const char *s, const char *e, const char *delims, size_t *nf) {
    const char *fs[LQI_TH_MAXCOL], *fe[LQI_TH_MAXCOL];
    size_t n = lqi_csv_split(s, e, delims, 1, fs, fe, LQI_TH_MAXCOL);
    *nf = n;
    if (n < 2 || n > LQI_TH_MAXCOL) return 0;
    double v;
    if (lqi_csv_num(fs[0], fe[0], 0, &v) == 0) return 0;
    unsigned roles = 0;
    for (size_t k = 0; k < n; k++) {
        char lab[128];
        lqi_th_copy_text(lab, sizeof lab, fs[k], fe[k]);
        int role;
        if (lqi_th_guess_role(lab, &role) > 0) roles |= 1u << role;
    }
    return roles;
}

int lqi_th_names_temperature(const char *s, const char *e, const char *delims) {
    size_t n;
    return (line_roles(s, e, delims, &n) & (1u << LQI_TH_TEMP)) != 0;
}

size_t lqi_th_is_header(const char *s, const char *e, const char *delims) {
    size_t n;
    unsigned r = line_roles(s, e, delims, &n);
    return (r & (1u << LQI_TH_TEMP)) && (r & (1u << LQI_TH_HF)) ? n : 0;
}
