/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Space-group settings by Hall symbol, Hermann-Mauguin symbol or International Tables number,
 * for CIFs that name their group but list no symmetry operations. Symbol conventions: ITA (2005)
 * Sections 4.1-4.3 (setting codes, origin choices, the 'e' glide); Hall, Acta Cryst. A37 (1981)
 * 517 (Hall symbols, lattice letters); CIF core dictionary (_space_group_name_H-M_alt: blanks
 * between the parts, ':' before a setting code). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dft/spacegroup.h"

/* Copies s without blanks and '_' into buf (NUL-terminated); 0 when it does not fit. */
static int compact(const char *s, size_t len, char *buf, size_t size) {
    size_t m = 0;
    for (size_t i = 0; i < len && s[i]; i++) {
        if (isspace((unsigned char)s[i]) || s[i] == '_') continue;
        if (m + 1 >= size) return 0;
        buf[m++] = s[i];
    }
    buf[m] = '\0';
    return 1;
}

static int compact_equal(const char *table, const char *key) {
    char t[64];
    if (!compact(table, strlen(table), t, sizeof t)) return 0;
    size_t n = strlen(t);
    if (n != strlen(key)) return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)t[i]) != tolower((unsigned char)key[i])) return 0;
    return 1;
}

int lqi_spacegroup_by_hall(const char *s, size_t len) {
    /* Words separated by blanks or '_' are compared one by one, case-insensitively. */
    char key[64];
    size_t m = 0;
    for (size_t i = 0; i < len && s[i]; i++) {
        int sep = isspace((unsigned char)s[i]) || s[i] == '_';
        if (sep && (m == 0 || key[m - 1] == ' ')) continue;
        if (m + 1 >= sizeof key) return -1;
        key[m++] = sep ? ' ' : (char)tolower((unsigned char)s[i]);
    }
    while (m > 0 && key[m - 1] == ' ') m--;
    key[m] = '\0';
    if (m == 0) return -1;
    for (int k = 0; k < LQI_N_SPACEGROUPS; k++) {
        const char *h = lqi_spacegroups[k].hall;
        size_t n = strlen(h), i = 0;
        if (n != m) continue;
        while (i < n && tolower((unsigned char)h[i]) == key[i]) i++;
        if (i == n) return k;
    }
    return -1;
}

/* The setting code of a symbol: "1" "2" "H" "R", or "" when none. */
static const char *code_of(char c) {
    switch (c) {
        case '1':
        case 'S':
        case 's':
            return "1";
        case '2':
        case 'Z':
        case 'z':
            return "2";
        case 'H':
        case 'h':
            return "H";
        case 'R':
        case 'r':
            return "R";
        default:
            return NULL;
    }
}

/* Splits a symbol into its compact core and setting code; 0 when malformed. */
static int split_symbol(const char *s, size_t len, char *core, size_t size, const char **code) {
    *code = "";
    const char *colon = memchr(s, ':', len);
    if (colon) {
        char c[8];
        size_t rest = len - (size_t)(colon - s) - 1;
        if (!compact(colon + 1, rest, c, sizeof c) || strlen(c) != 1 || !(*code = code_of(c[0])))
            return 0;
        len = (size_t)(colon - s);
    }
    if (!compact(s, len, core, size) || !core[0]) return 0;
    /* ICSD and others append the code as a capital after the symbol ("R -3 m H", "Fd-3mZ"):
     * capitals other than the lattice letter do not occur in Hermann-Mauguin symbols. */
    size_t n = strlen(core);
    if (!colon && n > 2 && strchr("HRSZ", core[n - 1])) {
        *code = code_of(core[n - 1]);
        core[n - 1] = '\0';
    }
    return 1;
}

/* Candidates named by a compact symbol: the settings whose symbol (or alias) it is. */
static size_t candidates(const char *core, int *idx, const char **codes, size_t max) {
    size_t n = 0;
    for (int k = 0; k < LQI_N_SPACEGROUPS && n < max; k++)
        if (compact_equal(lqi_spacegroups[k].hm, core)) {
            idx[n] = k;
            codes[n++] = lqi_spacegroups[k].choice;
        }
    for (int a = 0; a < LQI_N_SPACEGROUP_ALIASES && n < max; a++) {
        const lqi_spacegroup_alias *al = &lqi_spacegroup_aliases[a];
        char c[64];
        const char *code;
        if (!split_symbol(al->hm, strlen(al->hm), c, sizeof c, &code)) continue;
        if (!compact_equal(c, core)) continue;
        idx[n] = al->index;
        codes[n++] = code[0] ? code : lqi_spacegroups[al->index].choice;
    }
    return n;
}

/* Picks among the settings one symbol names (see lqi_spacegroup_by_hm). */
static lqi_spacegroup_pick choose(const int *idx, const char **codes, size_t n, const char *code,
                                  int rhombohedral_cell) {
    lqi_spacegroup_pick p = {-1, 0};
    if (n == 0) return p;
    if (code[0]) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(codes[i], code) == 0) p.index = idx[i];
        /* A code on a group that has one setting only ("P 1 :1") changes nothing. */
        if (p.index < 0 && n == 1 && !codes[0][0]) p.index = idx[0];
        return p;
    }
    if (n == 1) {
        p.index = idx[0];
        return p;
    }
    const char *want = "2";
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], "H") == 0) want = rhombohedral_cell ? "R" : "H";
    for (size_t i = 0; i < n && p.index < 0; i++)
        if (strcmp(codes[i], want) == 0) p.index = idx[i];
    p.origin_guessed = want[0] == '2' && p.index >= 0;
    return p;
}

lqi_spacegroup_pick lqi_spacegroup_by_hm(const char *s, size_t len, int rhombohedral_cell) {
    lqi_spacegroup_pick none = {-1, 0};
    char core[64], alt[72];
    const char *code;
    int idx[8];
    const char *codes[8];
    if (!split_symbol(s, len, core, sizeof core, &code)) return none;
    size_t n = candidates(core, idx, codes, 8);
    if (n) return choose(idx, codes, n, code, rhombohedral_cell);
    /* A short monoclinic symbol ("P21/c", "C2/m") means unique axis b: "P 1 21/c 1". */
    size_t m = strlen(core);
    if (m >= 2) {
        snprintf(alt, sizeof alt, "%c1%s1", core[0], core + 1);
        n = candidates(alt, idx, codes, 8);
        if (n && lqi_spacegroups[idx[0]].number >= 3 && lqi_spacegroups[idx[0]].number <= 15)
            return choose(idx, codes, n, code, rhombohedral_cell);
    }
    /* Cubic symbols before 1983 had no bar on the 3: "Fd3m", "Pm3n", "Ia3d". */
    const char *three = strchr(core, '3');
    if (three && three > core + 1 && strchr("mnad", three[-1])) {
        size_t at = (size_t)(three - core);
        snprintf(alt, sizeof alt, "%.*s-%s", (int)at, core, three);
        n = candidates(alt, idx, codes, 8);
        if (n && lqi_spacegroups[idx[0]].number >= 195)
            return choose(idx, codes, n, code, rhombohedral_cell);
    }
    return none;
}

lqi_spacegroup_pick lqi_spacegroup_by_number(int number, int rhombohedral_cell) {
    lqi_spacegroup_pick none = {-1, 0};
    if (number < 1 || number > 230) return none;
    /* The standard setting is the first of the group in the table; its symbol names it and,
     * for two origins or two axis systems, its partner. */
    for (int k = 0; k < LQI_N_SPACEGROUPS; k++)
        if (lqi_spacegroups[k].number == number) {
            const char *hm = lqi_spacegroups[k].hm;
            return lqi_spacegroup_by_hm(hm, strlen(hm), rhombohedral_cell);
        }
    return none;
}

int lqi_spacegroup_centring(char lattice, double c[4][3]) {
    static const double half = 0.5, third = 1.0 / 3.0;
    memset(c, 0, 4 * sizeof c[0]);
    switch (lattice) {
        case 'P':
            return 1;
        case 'A':
            c[1][1] = c[1][2] = half;
            return 2;
        case 'B':
            c[1][0] = c[1][2] = half;
            return 2;
        case 'C':
            c[1][0] = c[1][1] = half;
            return 2;
        case 'I':
            c[1][0] = c[1][1] = c[1][2] = half;
            return 2;
        case 'R': /* obverse setting on hexagonal axes */
            c[1][0] = 2.0 * third;
            c[1][1] = c[1][2] = third;
            c[2][0] = third;
            c[2][1] = c[2][2] = 2.0 * third;
            return 3;
        case 'F':
            c[1][1] = c[1][2] = half;
            c[2][0] = c[2][2] = half;
            c[3][0] = c[3][1] = half;
            return 4;
        default:
            return 0;
    }
}
