/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Standard atomic weights (CIAAW 2021) and the usual ion charges of the elements in halide melts.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

typedef struct element {
    const char *sym;
    double weight; /* g/mol */
    int usual_ion; /* usual charge in a chloride melt; 0 = none assumed */
} element;

/*
 * T. Prohaska et al., "Standard atomic weights of the elements 2021 (IUPAC Technical Report)",
 * Pure Appl. Chem. 94 (2022) 573-600, Table 1; for elements given as an interval ([a, b]) the
 * conventional value of its Table 3 (e.g. Li 6.94, Cl 35.45, Mg 24.305). Elements without a
 * standard atomic weight are absent. Usual ions: alkali +1, alkaline earth +2, Al/Sc/Y/lanthanides
 * +3 (Ce, Eu, Sm, Yb are also met as +4/+2: write the charge explicitly), halides -1, O/S -2.
 */
static const element elements[] = {
    {"H", 1.008, 1},         {"He", 4.002602, 0},     {"Li", 6.94, 1},        {"Be", 9.0121831, 2},
    {"B", 10.81, 3},         {"C", 12.011, 0},        {"N", 14.007, -3},      {"O", 15.999, -2},
    {"F", 18.998403162, -1}, {"Ne", 20.1797, 0},      {"Na", 22.98976928, 1}, {"Mg", 24.305, 2},
    {"Al", 26.9815384, 3},   {"Si", 28.085, 0},       {"P", 30.973761998, 0}, {"S", 32.06, -2},
    {"Cl", 35.45, -1},       {"Ar", 39.95, 0},        {"K", 39.0983, 1},      {"Ca", 40.078, 2},
    {"Sc", 44.955907, 3},    {"Ti", 47.867, 0},       {"V", 50.9415, 0},      {"Cr", 51.9961, 0},
    {"Mn", 54.938043, 2},    {"Fe", 55.845, 0},       {"Co", 58.933194, 2},   {"Ni", 58.6934, 2},
    {"Cu", 63.546, 0},       {"Zn", 65.38, 2},        {"Ga", 69.723, 3},      {"Ge", 72.630, 0},
    {"As", 74.921595, 0},    {"Se", 78.971, 0},       {"Br", 79.904, -1},     {"Kr", 83.798, 0},
    {"Rb", 85.4678, 1},      {"Sr", 87.62, 2},        {"Y", 88.905838, 3},    {"Zr", 91.222, 4},
    {"Nb", 92.90637, 0},     {"Mo", 95.95, 0},        {"Ru", 101.07, 0},      {"Rh", 102.90549, 0},
    {"Pd", 106.42, 0},       {"Ag", 107.8682, 1},     {"Cd", 112.414, 2},     {"In", 114.818, 3},
    {"Sn", 118.710, 0},      {"Sb", 121.760, 0},      {"Te", 127.60, 0},      {"I", 126.90447, -1},
    {"Xe", 131.293, 0},      {"Cs", 132.90545196, 1}, {"Ba", 137.327, 2},     {"La", 138.90547, 3},
    {"Ce", 140.116, 3},      {"Pr", 140.90766, 3},    {"Nd", 144.242, 3},     {"Sm", 150.36, 3},
    {"Eu", 151.964, 3},      {"Gd", 157.249, 3},      {"Tb", 158.925354, 3},  {"Dy", 162.500, 3},
    {"Ho", 164.930329, 3},   {"Er", 167.259, 3},      {"Tm", 168.934219, 3},  {"Yb", 173.045, 3},
    {"Lu", 174.9668, 3},     {"Hf", 178.486, 4},      {"Ta", 180.94788, 0},   {"W", 183.84, 0},
    {"Re", 186.207, 0},      {"Os", 190.23, 0},       {"Ir", 192.217, 0},     {"Pt", 195.084, 0},
    {"Au", 196.966570, 0},   {"Hg", 200.592, 0},      {"Tl", 204.38, 1},      {"Pb", 207.2, 2},
    {"Bi", 208.98040, 3},    {"Th", 232.0377, 4},     {"Pa", 231.03588, 0},   {"U", 238.02891, 3},
};

static const element *find_element(const char *sym, size_t len) {
    for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++)
        if (strlen(elements[i].sym) == len && strncmp(elements[i].sym, sym, len) == 0)
            return &elements[i];
    return NULL;
}

lq_status lq_md_element_mass(const char *symbol, double *mass_amu) {
    if (!symbol || !mass_amu) return LQ_EINVAL;
    const element *e = find_element(symbol, strlen(symbol));
    if (!e) return LQ_ENOTFOUND;
    *mass_amu = e->weight;
    return LQ_OK;
}

lq_status lq_md_species_parse(const char *text, lq_md_species *sp, lq_diag *diag) {
    if (!text || !sp) return LQ_EINVAL;
    const char *p = text;
    while (*p == ' ') p++;
    size_t len = 0;
    if (!isupper((unsigned char)p[0]))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species",
                            "'%s' is not a species (an element symbol such as Na, Mg2+, Mg0)",
                            text);
    len = 1;
    while (islower((unsigned char)p[len])) len++;
    const element *e = find_element(p, len);
    if (!e)
        return lqi_diag_set(
            diag, LQ_ENOTFOUND, NULL, 0, "species",
            "unknown element '%.*s' in '%s' (or one without a standard atomic weight)", (int)len, p,
            text);
    const char *q = p + len;
    int charge = e->usual_ion, neutral = 0;
    /* charge forms: "", "+", "-", "2+", "+2", "3-", "0" */
    if (*q == '0' && (q[1] == '\0' || q[1] == ' ')) {
        neutral = 1;
        charge = 0;
        q++;
    } else if (*q) {
        int sign = 0, mag = 1;
        if (*q == '+' || *q == '-') {
            sign = *q == '+' ? 1 : -1;
            q++;
            if (isdigit((unsigned char)*q)) mag = (int)strtol(q, (char **)&q, 10);
        } else if (isdigit((unsigned char)*q)) {
            mag = (int)strtol(q, (char **)&q, 10);
            if (*q == '+' || *q == '-') {
                sign = *q == '+' ? 1 : -1;
                q++;
            }
        }
        if (sign == 0 || mag < 1 || mag > 8)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species",
                                "bad charge in '%s' (write e.g. Mg2+, Cl-, Mg0)", text);
        charge = sign * mag;
    } else if (charge == 0) {
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "species",
                            "no usual ion charge for '%s': write it (e.g. %s2+) or %s0 for atoms",
                            text, e->sym, e->sym);
    }
    while (*q == ' ') q++;
    if (*q)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "species", "trailing text in species '%s'",
                            text);
    lq_md_species s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s%s", e->sym, neutral ? "0" : "");
    s.mass_amu = e->weight;
    s.charge_e = (double)charge;
    *sp = s;
    return LQ_OK;
}
