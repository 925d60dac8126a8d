/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Compositions as chemists write them -> whole, charge-neutral numbers of ions; ox/red states. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "md/md_tools_internal.h"

#define MAX_TEXT 1024

/*
 * Eutectic (minimum-melting) compositions, mole fractions of the first salt:
 *  NaCl-KCl 50.6:49.4 mol%, the liquidus minimum at 657 C in the assessment of J. Sangster,
 *           A. D. Pelton, J. Phys. Chem. Ref. Data 16 (1987) 509 (the equimolar melt is also
 *           common in electrochemistry: write "NaCl-KCl (50:50 mol%)" for it);
 *  LiCl-KCl 58.5:41.5 mol%, 352 C (same compilation; the usual electrorefining electrolyte).
 */
typedef struct eutectic {
    const char *a, *b;
    double x_a;
} eutectic;
static const eutectic eutectics[] = {{"NaCl", "KCl", 0.506}, {"LiCl", "KCl", 0.585}};

typedef struct salt {
    char formula[16];
    size_t n_el; /* distinct species in the formula */
    lq_md_species sp[4];
    long nu[4];        /* ions per formula unit */
    double molar_mass; /* g/mol */
} salt;

static void trim(char *s) {
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    size_t k = 0;
    while (isspace((unsigned char)s[k])) k++;
    if (k) memmove(s, s + k, n - k + 1);
}

/* "MgCl2" -> Mg2+ x1, Cl- x2, checked neutral with the usual charges. */
static lq_status parse_salt(const char *f, salt *out, lq_diag *diag) {
    salt s;
    memset(&s, 0, sizeof s);
    if (strlen(f) == 0 || strlen(f) >= sizeof s.formula)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "bad salt formula '%s'", f);
    snprintf(s.formula, sizeof s.formula, "%s", f);
    const char *p = f;
    double q = 0.0;
    while (*p) {
        if (!isupper((unsigned char)*p))
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "bad salt formula '%s' (write e.g. NaCl, MgCl2, LaCl3)", f);
        char sym[4] = {0};
        size_t k = 0;
        sym[k++] = *p++;
        while (islower((unsigned char)*p) && k < 3) sym[k++] = *p++;
        long nu = 1;
        if (isdigit((unsigned char)*p)) nu = strtol(p, (char **)&p, 10);
        if (nu < 1 || nu > 20)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "bad count in '%s'", f);
        lq_md_species sp;
        lq_status st = lq_md_species_parse(sym, &sp, diag);
        if (st != LQ_OK) return st;
        size_t j = 0;
        while (j < s.n_el && strcmp(s.sp[j].name, sp.name) != 0) j++;
        if (j == s.n_el) {
            if (s.n_el == 4)
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                    "too many elements in '%s'", f);
            s.sp[s.n_el++] = sp;
        }
        s.nu[j] += nu;
        q += (double)nu * sp.charge_e;
        s.molar_mass += (double)nu * sp.mass_amu;
    }
    if (fabs(q) > 1e-9)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                            "'%s' is not charge-neutral with the usual ion charges (net %+g e)", f,
                            q);
    *out = s;
    return LQ_OK;
}

static int add_species(lq_md_composition *c, const lq_md_species *sp, long n) {
    for (size_t i = 0; i < c->n_species; i++)
        if (strcmp(c->species[i].name, sp->name) == 0) {
            c->count[i] += n;
            return 0;
        }
    if (c->n_species == LQ_MD_MAX_SPECIES) return -1;
    c->species[c->n_species] = *sp;
    c->count[c->n_species++] = n;
    return 0;
}

/* "Na:250 K:250 Cl:510 Mg2+:5" */
static lq_status parse_counts(char *text, lq_md_composition *out, lq_diag *diag) {
    lq_md_composition c;
    memset(&c, 0, sizeof c);
    double q = 0.0;
    char *save = NULL;
    for (char *tok = strtok_r(text, " ,;\t", &save); tok; tok = strtok_r(NULL, " ,;\t", &save)) {
        char *colon = strchr(tok, ':');
        if (!colon)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "'%s' is not 'Species:count'", tok);
        *colon = '\0';
        char *end = NULL;
        long n = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || n < 0)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "bad count '%s' for %s (a whole number >= 0)", colon + 1, tok);
        lq_md_species sp;
        lq_status st = lq_md_species_parse(tok, &sp, diag);
        if (st != LQ_OK) return st;
        if (add_species(&c, &sp, n) != 0)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "more than %d species",
                                LQ_MD_MAX_SPECIES);
        q += (double)n * sp.charge_e;
    }
    long total = 0;
    for (size_t i = 0; i < c.n_species; i++) total += c.count[i];
    if (total == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "no atoms or ions given");
    if (fabs(q) > 1e-9)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                            "the ion counts are not charge-neutral: net charge %+g e", q);
    *out = c;
    return LQ_OK;
}

typedef struct component {
    salt s;
    int has_amount;
    int wt; /* 1: wt%, 0: mol% */
    double pct;
} component;

/* One "+"-separated part: "[<amount> wt%|mol%] Formula" or the base "A-B[-C] (a:b unit)" /
 * "A-B eutectic". Appends to comps. */
static lq_status parse_part(char *part, component *comps, size_t *nc, int *base_seen,
                            lq_diag *diag) {
    trim(part);
    if (!*part) return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "empty component");
    if (isdigit((unsigned char)part[0]) || part[0] == '.') {
        char *end = NULL;
        double pct = strtod(part, &end);
        while (isspace((unsigned char)*end)) end++;
        int wt;
        if (lqi_strncasecmp(end, "wt%", 3) == 0 || lqi_strncasecmp(end, "wt.%", 4) == 0)
            wt = 1;
        else if (lqi_strncasecmp(end, "mol%", 4) == 0)
            wt = 0;
        else
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "'%s': give the amount as 'x wt%%' or 'x mol%%'", part);
        end += wt ? (end[2] == '.' ? 4 : 3) : 4;
        if (!(pct >= 0.0 && pct <= 100.0))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "composition",
                                "'%s': amount must lie in [0, 100] %%", part);
        char f[64];
        snprintf(f, sizeof f, "%s", end);
        trim(f);
        if (*nc == LQ_MD_MAX_SPECIES)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "too many components");
        component *c = &comps[(*nc)++];
        c->has_amount = 1;
        c->wt = wt;
        c->pct = pct;
        return parse_salt(f, &c->s, diag);
    }
    if (*base_seen)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                            "'%s': only one component may go without an amount (the base)", part);
    *base_seen = 1;
    /* base: salts separated by '-', then "(r1:r2 unit)" or "eutectic" */
    char names[MAX_TEXT];
    snprintf(names, sizeof names, "%s", part);
    char *spec = strpbrk(names, "( ");
    char ratio[MAX_TEXT] = "";
    if (spec) {
        snprintf(ratio, sizeof ratio, "%s", spec);
        *spec = '\0';
        trim(ratio);
    }
    char *formulas[4];
    size_t nf = 0;
    char *save = NULL;
    for (char *t = strtok_r(names, "-", &save); t; t = strtok_r(NULL, "-", &save)) {
        if (nf == 4)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "at most 4 salts in the base '%s'", part);
        formulas[nf++] = t;
    }
    if (nf == 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "empty base '%s'", part);
    double r[4] = {1.0, 0.0, 0.0, 0.0};
    int wt = 0;
    if (nf > 1 && lqi_strcasecmp(ratio, "eutectic") == 0) {
        size_t e = 0;
        for (; e < sizeof eutectics / sizeof eutectics[0]; e++)
            if (nf == 2 && strcmp(formulas[0], eutectics[e].a) == 0 &&
                strcmp(formulas[1], eutectics[e].b) == 0)
                break;
        if (e == sizeof eutectics / sizeof eutectics[0])
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "no eutectic known for '%s': give the ratio, e.g. (50:50 mol%%)",
                                part);
        r[0] = eutectics[e].x_a;
        r[1] = 1.0 - eutectics[e].x_a;
    } else if (nf > 1) {
        if (ratio[0] != '(' || ratio[strlen(ratio) - 1] != ')')
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "'%s': give the ratio of the salts, e.g. (50.6:49.4 mol%%), or "
                                "'eutectic'",
                                part);
        ratio[strlen(ratio) - 1] = '\0';
        char *p = ratio + 1;
        for (size_t i = 0; i < nf; i++) {
            char *end = NULL;
            r[i] = strtod(p, &end);
            if (end == p || !(r[i] >= 0.0))
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "bad ratio in '%s'",
                                    part);
            p = end;
            while (isspace((unsigned char)*p)) p++;
            if (i + 1 < nf) {
                if (*p != ':')
                    return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                        "'%s': %zu salts need %zu ratio numbers", part, nf, nf);
                p++;
            }
        }
        if (lqi_strncasecmp(p, "wt%", 3) == 0) {
            wt = 1;
            p += 3;
        } else if (lqi_strncasecmp(p, "mol%", 4) == 0) {
            p += 4;
        }
        while (isspace((unsigned char)*p)) p++;
        if (*p)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "'%s': unexpected '%s' in the ratio", part, p);
    } else if (ratio[0]) {
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                            "'%s': a single salt takes no ratio", part);
    }
    /* base salts as components with negative pct marking "base, relative amount" */
    double sum = 0.0;
    for (size_t i = 0; i < nf; i++) sum += r[i];
    if (!(sum > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "composition", "ratio sums to zero in '%s'",
                            part);
    for (size_t i = 0; i < nf; i++) {
        if (*nc == LQ_MD_MAX_SPECIES)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "too many components");
        component *c = &comps[(*nc)++];
        c->has_amount = 0;
        c->wt = wt;
        c->pct = r[i] / sum;
        lq_status st = parse_salt(formulas[i], &c->s, diag);
        if (st != LQ_OK) return st;
    }
    return LQ_OK;
}

/*
 * Moles of each component for a total of 1 g of mixture. Additives: n_i = x_i N (mol%) or
 * n_i = w_i / M_i (wt%, per gram); the base (mole fractions y_j inside it, mean molar mass M_b)
 * takes the rest: with X = sum x_i (mol%), S = sum w_i / M_i, W = sum w_i (wt%) and
 * P = sum x_i M_i, the total moles are N = (1 - W + M_b S) / (M_b (1 - X) + P), and the base has
 * N (1 - X) - S moles. Without a base, the amounts must add up to 100 %.
 */
static lq_status solve_moles(component *comps, size_t nc, double *moles, lq_diag *diag) {
    double X = 0.0, S = 0.0, W = 0.0, P = 0.0;
    int has_base = 0;
    /* base: convert a wt ratio to mole fractions */
    double base_wsum = 0.0, base_m = 0.0;
    for (size_t i = 0; i < nc; i++) {
        if (comps[i].has_amount) continue;
        has_base = 1;
        if (comps[i].wt) base_wsum += comps[i].pct / comps[i].s.molar_mass;
    }
    for (size_t i = 0; i < nc; i++) {
        if (comps[i].has_amount) continue;
        if (comps[i].wt) {
            comps[i].pct = comps[i].pct / comps[i].s.molar_mass / base_wsum;
            comps[i].wt = 0;
        }
        base_m += comps[i].pct * comps[i].s.molar_mass;
    }
    for (size_t i = 0; i < nc; i++) {
        if (!comps[i].has_amount) continue;
        double f = comps[i].pct / 100.0;
        if (comps[i].wt) {
            W += f;
            S += f / comps[i].s.molar_mass;
        } else {
            X += f;
            P += f * comps[i].s.molar_mass;
        }
    }
    if (!has_base) {
        if (fabs(X + W - 1.0) > 1e-6 || (X > 0.0 && W > 0.0))
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "composition",
                                "without a base, the amounts must all be wt%% or all mol%% and "
                                "add up to 100 (they add up to %g)",
                                100.0 * (X + W));
        for (size_t i = 0; i < nc; i++)
            moles[i] =
                comps[i].wt ? comps[i].pct / 100.0 / comps[i].s.molar_mass : comps[i].pct / 100.0;
        return LQ_OK;
    }
    double N = (1.0 - W + base_m * S) / (base_m * (1.0 - X) + P);
    double nb = N * (1.0 - X) - S;
    if (!(X + W < 1.0) || !(nb > 0.0))
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "composition",
                            "the additives take %g wt%% + %g mol%%: nothing is left for the base",
                            100.0 * W, 100.0 * X);
    for (size_t i = 0; i < nc; i++) {
        if (!comps[i].has_amount)
            moles[i] = nb * comps[i].pct;
        else if (comps[i].wt)
            moles[i] = comps[i].pct / 100.0 / comps[i].s.molar_mass;
        else
            moles[i] = comps[i].pct / 100.0 * N;
    }
    return LQ_OK;
}

/* Largest-remainder rounding of real formula-unit numbers f[] to whole numbers that add up to the
 * nearest integer of their sum. */
static void round_units(const double *f, size_t n, long *out) {
    double sum = 0.0;
    long whole = 0;
    for (size_t i = 0; i < n; i++) {
        sum += f[i];
        out[i] = (long)floor(f[i]);
        whole += out[i];
    }
    long target = lround(sum);
    while (whole < target) {
        size_t best = 0;
        double best_rem = -1.0;
        for (size_t i = 0; i < n; i++) {
            double rem = f[i] - (double)out[i];
            if (rem > best_rem) {
                best_rem = rem;
                best = i;
            }
        }
        out[best]++;
        whole++;
    }
}

static int looks_like_counts(const char *t) {
    /* counts mode: no '(' or '%', and the first token has "Sym...:digits" */
    if (strchr(t, '(') || strchr(t, '%')) return 0;
    const char *c = strchr(t, ':');
    return c && isdigit((unsigned char)c[1]);
}

lq_status lq_md_composition_parse(const char *text, lq_md_size_kind size_kind, double size,
                                  lq_md_composition *out, lq_diag *diag) {
    if (!text || !out) return LQ_EINVAL;
    char buf[MAX_TEXT];
    if (strlen(text) >= sizeof buf)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "composition too long");
    snprintf(buf, sizeof buf, "%s", text);
    if (looks_like_counts(buf)) {
        if (size_kind != LQ_MD_SIZE_AS_WRITTEN)
            return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition",
                                "explicit ion counts fix the size: give no number of ions");
        return parse_counts(buf, out, diag);
    }
    if (size_kind == LQ_MD_SIZE_AS_WRITTEN || !(size >= 1.0) || !isfinite(size))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "size",
                            "a salt composition needs a number of ions or formula units >= 1");
    component comps[LQ_MD_MAX_SPECIES];
    memset(comps, 0, sizeof comps);
    size_t nc = 0;
    int base_seen = 0;
    char *save = NULL;
    for (char *part = strtok_r(buf, "+", &save); part; part = strtok_r(NULL, "+", &save)) {
        lq_status st = parse_part(part, comps, &nc, &base_seen, diag);
        if (st != LQ_OK) return st;
    }
    double moles[LQ_MD_MAX_SPECIES] = {0};
    lq_status st = solve_moles(comps, nc, moles, diag);
    if (st != LQ_OK) return st;
    /* merge repeated salts, then scale to the requested size */
    double tot_units = 0.0, ions_per_mol = 0.0;
    for (size_t i = 0; i < nc; i++) {
        tot_units += moles[i];
        long nu = 0;
        for (size_t j = 0; j < comps[i].s.n_el; j++) nu += comps[i].s.nu[j];
        ions_per_mol += moles[i] * (double)nu;
    }
    double scale = size_kind == LQ_MD_SIZE_IONS ? size / ions_per_mol : size / tot_units;
    double f[LQ_MD_MAX_SPECIES];
    long units[LQ_MD_MAX_SPECIES];
    for (size_t i = 0; i < nc; i++) f[i] = moles[i] * scale;
    round_units(f, nc, units);
    lq_md_composition c;
    memset(&c, 0, sizeof c);
    for (size_t i = 0; i < nc; i++) {
        if (units[i] == 0 && moles[i] > 0.0) {
            double need = size * 0.5 / f[i];
            return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "composition",
                                "%s rounds to no formula unit at this size (%.3g): use at least "
                                "%.0f %s",
                                comps[i].s.formula, f[i], ceil(need),
                                size_kind == LQ_MD_SIZE_IONS ? "ions" : "formula units");
        }
        memcpy(c.salt[c.n_salts], comps[i].s.formula, sizeof c.salt[0]);
        c.salt[c.n_salts][sizeof c.salt[0] - 1] = '\0';
        c.salt_x_requested[c.n_salts] = moles[i] / tot_units;
        c.salt_units[c.n_salts++] = units[i];
        for (size_t j = 0; j < comps[i].s.n_el; j++)
            if (add_species(&c, &comps[i].s.sp[j], units[i] * comps[i].s.nu[j]) != 0)
                return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "more than %d species",
                                    LQ_MD_MAX_SPECIES);
    }
    *out = c;
    return LQ_OK;
}

lq_status lq_md_composition_reduce(const lq_md_composition *ox, const char *cation,
                                   lq_md_composition *red, lq_diag *diag) {
    if (!ox || !cation || !red) return LQ_EINVAL;
    lq_md_species m;
    lq_status st = lq_md_species_parse(cation, &m, diag);
    if (st != LQ_OK) return st;
    if (!(m.charge_e > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "cation", "'%s' is not a cation", cation);
    size_t im = ox->n_species, icl = ox->n_species;
    for (size_t i = 0; i < ox->n_species; i++) {
        if (strcmp(ox->species[i].name, m.name) == 0 && ox->species[i].charge_e > 0.0) im = i;
        if (strcmp(ox->species[i].name, "Cl") == 0) icl = i;
    }
    if (im == ox->n_species)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "cation",
                            "the oxidised state has no %s ion to reduce", m.name);
    if (icl == ox->n_species)
        return lqi_diag_set(diag, LQ_ENOTFOUND, NULL, 0, "cation",
                            "the oxidised state has no Cl- to remove");
    long n = lround(ox->species[im].charge_e);
    if (ox->count[im] < 1 || ox->count[icl] < n)
        return lqi_diag_set(diag, LQ_EDOM, NULL, 0, "cation",
                            "need at least one %s and %ld Cl- to reduce", m.name, n);
    lq_md_composition r = *ox;
    r.count[im] -= 1;
    r.count[icl] -= n;
    char atom[LQ_MD_SPECIES_NAME + 2];
    snprintf(atom, sizeof atom, "%s0", m.name);
    lq_md_species m0;
    st = lq_md_species_parse(atom, &m0, diag);
    if (st != LQ_OK) return st;
    if (add_species(&r, &m0, 1) != 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "composition", "more than %d species",
                            LQ_MD_MAX_SPECIES);
    *red = r;
    return LQ_OK;
}
