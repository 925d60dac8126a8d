/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text helpers of the readers: fast locale-free numbers, lines, encodings, unit names. */
#include <math.h>
#include <string.h>

#include "core/core_internal.h"
#include "echem/io/io_internal.h"
#include "liquidus/units.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Length of the UTF-8 sequence at s (valid, within e), or 0 when the bytes are not UTF-8. */
static size_t utf8_len(const unsigned char *s, const unsigned char *e) {
    if (s[0] < 0x80) return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || n > 4 || (size_t)(e - s) < n) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

/* Windows-1252 code points of 0x80..0x9F (0 = undefined); 0xA0..0xFF equal Latin-1. */
static const unsigned short cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void lqi_echem_copy_text(char *dst, size_t dstsize, const char *s, const char *e) {
    if (dstsize == 0) return;
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    int utf8 = 1;
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)e;) {
        size_t n = utf8_len(p, (const unsigned char *)e);
        if (n == 0) {
            utf8 = 0;
            break;
        }
        p += n;
    }
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)e;) {
        unsigned cp;
        size_t n = 1;
        if (utf8) {
            n = utf8_len(p, (const unsigned char *)e);
            if (k + n >= dstsize) break;
            memcpy(dst + k, p, n);
            k += n;
            p += n;
            continue;
        }
        cp = *p < 0x80 ? *p : *p < 0xA0 ? cp1252_hi[*p - 0x80] : *p;
        if (cp == 0) cp = '?';
        p++;
        if (cp < 0x80) {
            if (k + 1 >= dstsize) break;
            dst[k++] = (char)cp;
        } else if (cp < 0x800) {
            if (k + 2 >= dstsize) break;
            dst[k++] = (char)(0xC0 | (cp >> 6));
            dst[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            if (k + 3 >= dstsize) break;
            dst[k++] = (char)(0xE0 | (cp >> 12));
            dst[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            dst[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    dst[k] = '\0';
}

char *lqi_echem_dup_text(const char *s, const char *e) {
    size_t cap = (size_t)(e - s) * 3 + 1;
    char *d = lqi_malloc(cap);
    if (d) lqi_echem_copy_text(d, cap, s, e);
    return d;
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

int lqi_echem_starts(const char *s, const char *e, const char *prefix) {
    size_t n = strlen(prefix);
    if ((size_t)(e - s) < n) return 0;
    return lqi_strncasecmp(s, prefix, n) == 0;
}

const char *lqi_echem_find(const char *s, const char *e, const char *needle) {
    size_t n = strlen(needle);
    if (n == 0) return s;
    for (const char *p = s; p + n <= e; p++)
        if (lower((unsigned char)*p) == lower((unsigned char)needle[0]) &&
            lqi_strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

const char *lqi_echem_basename(const char *path) {
    if (!path) return "";
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\') b = p + 1;
    return b;
}

/* ---------------------------------------------------------------- units
 * Unit names as the instruments write them; factors are SI prefixes (exact) and the derived
 * units of units.h (1 mA h = 3.6 C, 1 h = 3600 s, 1 min = 60 s). Matched case-sensitively first
 * (mA vs MA), "\xC2\xB5" (micro sign) and "\xCE\xBC" (Greek mu) are both micro. */
typedef struct unit_def {
    const char *name;
    double scale;
    const char *si;
} unit_def;

static const unit_def units[] = {
    {"V", 1.0, "V"},
    {"mV", 1e-3, "V"},
    {"uV", 1e-6, "V"},
    {"\xC2\xB5V", 1e-6, "V"},
    {"\xCE\xBCV", 1e-6, "V"},
    {"A", 1.0, "A"},
    {"mA", 1e-3, "A"},
    {"uA", 1e-6, "A"},
    {"\xC2\xB5"
     "A",
     1e-6, "A"},
    {"\xCE\xBC"
     "A",
     1e-6, "A"},
    {"nA", 1e-9, "A"},
    {"pA", 1e-12, "A"},
    {"s", 1.0, "s"},
    {"sec", 1.0, "s"},
    {"ms", 1e-3, "s"},
    {"min", LQ_ECHEM_MINUTE_S, "s"},
    {"h", LQ_HOUR_S, "s"},
    {"C", 1.0, "C"},
    {"mC", 1e-3, "C"},
    {"uC", 1e-6, "C"},
    {"\xC2\xB5"
     "C",
     1e-6, "C"},
    {"mA.h", LQ_ECHEM_MAH_C, "C"},
    {"mAh", LQ_ECHEM_MAH_C, "C"},
    {"A.h", LQ_HOUR_S, "C"},
    {"Ah", LQ_HOUR_S, "C"},
    {"Hz", 1.0, "Hz"},
    {"kHz", 1e3, "Hz"},
    {"mHz", 1e-3, "Hz"},
    {"Ohm", 1.0, "ohm"},
    {"ohm", 1.0, "ohm"},
    {"\xCE\xA9", 1.0, "ohm"},
    {"kOhm", 1e3, "ohm"},
    {"kohm", 1e3, "ohm"},
    {"deg", 1.0, "deg"},
    {"\xC2\xB0", 1.0, "deg"},
    {"W", 1.0, "W"},
    {"mW", 1e-3, "W"},
    {"W.h", LQ_HOUR_S, "J"},
    {"F", 1.0, "F"},
    {"\xC2\xB5"
     "F",
     1e-6, "F"},
    {"uF", 1e-6, "F"},
    {"V/s", 1.0, "V/s"},
    {"mV/s", 1e-3, "V/s"},
    /* EC-Lab's impedance-derived columns (admittance, capacitance, resistivity, conductivity). */
    {"Ohm-1", 1.0, "S"},
    {"nF", 1e-9, "F"},
    {"Ohm.cm", 1e-2, "ohm_m"},
    {"mS/cm", 0.1, "S/m"},
};

int lqi_echem_unit(const char *u, double *scale, const char **si_unit) {
    char buf[32];
    size_t n = strlen(u);
    while (n > 0 && is_blank(u[n - 1])) n--;
    while (n > 0 && is_blank(*u)) u++, n--;
    if (n == 0 || n >= sizeof buf) return 0;
    memcpy(buf, u, n);
    buf[n] = '\0';
    /* Gamry writes "V vs. Ref." for potentials: the unit is the first word. */
    char *sp = strchr(buf, ' ');
    if (sp && lqi_strncasecmp(sp, " vs", 3) == 0) *sp = '\0';
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(buf, units[i].name) == 0) {
            *scale = units[i].scale;
            *si_unit = units[i].si;
            return 1;
        }
    if (lqi_strcasecmp(buf, "ohm") == 0 || lqi_strcasecmp(buf, "sec") == 0 ||
        lqi_strcasecmp(buf, "hz") == 0) {
        *scale = 1.0;
        *si_unit = buf[0] == 'o' || buf[0] == 'O'   ? "ohm"
                   : buf[0] == 'h' || buf[0] == 'H' ? "Hz"
                                                    : "s";
        return 1;
    }
    return 0;
}

static void copy_trim(char *dst, size_t size, const char *s, const char *e) {
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    size_t n = (size_t)(e - s);
    if (n >= size) n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

int lqi_echem_split_unit(const char *label, char *base, size_t basesize, char *unit,
                         size_t unitsize, double *scale, const char **si_unit) {
    const char *s = label, *e = label + strlen(label);
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    /* BioLogic "<Ewe/V>": averaged quantity in angle brackets around name and unit. */
    if (e - s > 2 && *s == '<' && e[-1] == '>' && memchr(s, '/', (size_t)(e - s))) s++, e--;
    *scale = 1.0;
    *si_unit = "";
    unit[0] = '\0';
    const char *cut = NULL, *us = NULL, *ue = NULL;
    if (e > s && (e[-1] == ')' || e[-1] == ']')) {
        char open = e[-1] == ')' ? '(' : '[';
        for (const char *p = e - 1; p > s; p--)
            if (p[-1] == open) {
                us = p;
                ue = e - 1;
                cut = p - 1;
                break;
            }
    }
    if (us) {
        char tmp[32];
        copy_trim(tmp, sizeof tmp, us, ue);
        if (lqi_echem_unit(tmp, scale, si_unit)) {
            copy_trim(unit, unitsize, us, ue);
            copy_trim(base, basesize, s, cut);
            return 1;
        }
    }
    /* "name/unit": the unit is after the last '/' (EC-Lab "Q charge/discharge/mA.h"); units with a
     * slash themselves ("mV/s") are tried first. */
    const char *slash = NULL;
    for (const char *p = e; p > s; p--)
        if (p[-1] == '/') {
            char tmp[32];
            copy_trim(tmp, sizeof tmp, p, e);
            double sc;
            const char *si;
            if (lqi_echem_unit(tmp, &sc, &si)) slash = p - 1;
        }
    if (!slash)
        for (const char *p = e; p > s; p--)
            if (p[-1] == '/') {
                slash = p - 1;
                break;
            }
    if (slash && slash > s) {
        copy_trim(base, basesize, s, slash);
        copy_trim(unit, unitsize, slash + 1, e);
        if (lqi_echem_unit(unit, scale, si_unit)) return 1;
        /* Not a unit after all ("ox/red", "Efficiency/%"): the slash belongs to the name. */
        *si_unit = "";
        unit[0] = '\0';
        copy_trim(base, basesize, s, e);
        return 0;
    }
    /* "time_s", "E_V", "I_uA": our own CSV and common spreadsheet names. */
    const char *us2 = NULL;
    for (const char *p = e; p > s; p--)
        if (p[-1] == '_') {
            us2 = p;
            break;
        }
    if (us2 && us2 - 1 > s) {
        char tmp[32];
        copy_trim(tmp, sizeof tmp, us2, e);
        if (lqi_echem_unit(tmp, scale, si_unit)) {
            copy_trim(unit, unitsize, us2, e);
            copy_trim(base, basesize, s, us2 - 1);
            return 1;
        }
    }
    copy_trim(base, basesize, s, e);
    return 0;
}

lq_echem_technique lqi_echem_technique_from_name(const char *s) {
    static const struct {
        const char *key;
        lq_echem_technique t;
    } map[] = {
        {"cyclic voltammetry", LQ_ECHEM_TECH_CV},
        {"linear sweep", LQ_ECHEM_TECH_LSV},
        {"linear scan", LQ_ECHEM_TECH_LSV},
        {"square wave", LQ_ECHEM_TECH_SWV},
        {"square_wave", LQ_ECHEM_TECH_SWV},
        {"differential pulse", LQ_ECHEM_TECH_DPV},
        {"chronoamperometry", LQ_ECHEM_TECH_CA},
        {"amperometric i-t", LQ_ECHEM_TECH_CA},
        {"chronoa", LQ_ECHEM_TECH_CA},
        {"chronopotentiometry", LQ_ECHEM_TECH_CP},
        {"chronop", LQ_ECHEM_TECH_CP},
        {"open circuit", LQ_ECHEM_TECH_OCP},
        {"corpot", LQ_ECHEM_TECH_OCP},
        {"impedance", LQ_ECHEM_TECH_EIS},
        {"eis", LQ_ECHEM_TECH_EIS},
        {"galvanostatic cycling", LQ_ECHEM_TECH_GCPL},
        {"potentiostatic", LQ_ECHEM_TECH_CA},
        {"galvanostatic", LQ_ECHEM_TECH_CP},
    };
    static const struct {
        const char *key;
        lq_echem_technique t;
    } exact[] = {
        {"cv", LQ_ECHEM_TECH_CV},   {"lsv", LQ_ECHEM_TECH_LSV}, {"swv", LQ_ECHEM_TECH_SWV},
        {"dpv", LQ_ECHEM_TECH_DPV}, {"ca", LQ_ECHEM_TECH_CA},   {"cp", LQ_ECHEM_TECH_CP},
        {"ocp", LQ_ECHEM_TECH_OCP}, {"ocv", LQ_ECHEM_TECH_OCP}, {"gcpl", LQ_ECHEM_TECH_GCPL}};
    if (!s) return LQ_ECHEM_TECH_UNKNOWN;
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (lqi_strcasecmp(s, exact[i].key) == 0) return exact[i].t;
    const char *e = s + strlen(s);
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (lqi_echem_find(s, e, map[i].key)) return map[i].t;
    return LQ_ECHEM_TECH_UNKNOWN;
}
