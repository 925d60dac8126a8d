/* SPDX-License-Identifier: GPL-3.0-or-later */
/* In-memory phase models and datasets for the parameter-generation tests. */
#include "pg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cpy(char *dst, size_t cap, const char *src) {
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static size_t split(const char *s, char sep, char out[][64], size_t max) {
    size_t n = 0;
    const char *p = s;
    while (n < max) {
        const char *e = strchr(p, sep);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len > 63) len = 63;
        memcpy(out[n], p, len);
        out[n][len] = 0;
        n++;
        if (!e) break;
        p = e + 1;
    }
    return n;
}

void tds_init(tds *t, const char *phase, const char *output, const char *comps, const char *configs,
              const double *occ, const double *T, size_t nT, const double *values, double weight,
              const char *excluded) {
    memset(t, 0, sizeof *t);
    lq_dataset *d = &t->d;
    d->kind = LQ_DATASET_NONEQ_THERMO;
    cpy(t->mode, sizeof t->mode, "manual");
    d->solver_mode = t->mode;
    cpy(t->outbuf, sizeof t->outbuf, output);
    d->output = t->outbuf;
    char tok[8][64];
    size_t nc = split(comps, ',', tok, 4);
    for (size_t i = 0; i < nc; i++) {
        cpy(t->compbuf[i], sizeof t->compbuf[i], tok[i]);
        t->comps[i] = t->compbuf[i];
    }
    d->n_components = nc;
    d->components = t->comps;
    cpy(t->phbuf, sizeof t->phbuf, phase);
    t->phases[0] = t->phbuf;
    d->n_phases = 1;
    d->phases = t->phases;
    char cfgs[16][64];
    size_t ncfg = split(configs, ';', cfgs, 16);
    size_t io = 0;
    for (size_t k = 0; k < ncfg; k++) {
        char subs[4][64];
        size_t ns = split(cfgs[k], ':', subs, 4);
        t->cfg[k].n_sublattices = ns;
        t->cfg[k].sub = t->sub[k];
        for (size_t s = 0; s < ns; s++) {
            char sps[4][64];
            size_t nsp = split(subs[s], ',', sps, 4);
            lq_dataset_sublattice *sb = &t->sub[k][s];
            sb->n_species = nsp;
            sb->mixing = nsp > 1;
            sb->species = t->sp[k][s];
            for (size_t j = 0; j < nsp; j++) {
                cpy(t->spbuf[k][s][j], 8, sps[j]);
                t->sp[k][s][j] = t->spbuf[k][s][j];
                if (occ) t->occ[k][s][j] = occ[io++];
            }
            sb->occupancy = occ ? t->occ[k][s] : NULL;
        }
    }
    d->n_configs = ncfg;
    d->configs = t->cfg;
    t->condname[0][0] = 'P';
    t->condname[1][0] = 'T';
    t->P[0] = 101325.0;
    for (size_t i = 0; i < nT; i++) t->T[i] = T[i];
    t->cond[0].name = t->condname[0];
    t->cond[0].n = 1;
    t->cond[0].values = t->P;
    t->cond[1].name = t->condname[1];
    t->cond[1].n = nT;
    t->cond[1].values = t->T;
    d->n_conds = 2;
    d->conds = t->cond;
    d->shape[0] = 1;
    d->shape[1] = nT;
    d->shape[2] = ncfg;
    for (size_t i = 0; i < nT * ncfg; i++) t->values[i] = values[i];
    d->values = t->values;
    d->weight = weight;
    if (excluded) {
        size_t ne = split(excluded, ',', tok, 4);
        for (size_t i = 0; i < ne; i++) {
            cpy(t->exclbuf[i], sizeof t->exclbuf[i], tok[i]);
            t->excl[i] = t->exclbuf[i];
        }
        d->n_excluded = ne;
        d->excluded = t->excl;
    }
}

void tpm_init(tpm *p, const char *components) {
    memset(p, 0, sizeof *p);
    char tok[8][64];
    size_t n = split(components, ',', tok, 8);
    for (size_t i = 0; i < n; i++) {
        cpy(p->compbuf[i], sizeof p->compbuf[i], tok[i]);
        p->comps[i] = p->compbuf[i];
    }
    p->m.n_components = n;
    p->m.components = p->comps;
    p->m.phases = p->ph;
}

void tpm_phase(tpm *p, const char *name, const char *model, const double *ratios) {
    size_t i = p->m.n_phases++;
    lq_assess_phase_model *ph = &p->ph[i];
    cpy(p->names[i], sizeof p->names[i], name);
    ph->name = p->names[i];
    char subs[4][64];
    size_t ns = split(model, ':', subs, 4);
    ph->n_sublattices = ns;
    ph->sublattices = p->sl[i];
    ph->site_ratios = p->ratios[i];
    for (size_t s = 0; s < ns; s++) {
        char sps[8][64];
        size_t nsp = split(subs[s], ',', sps, 8);
        for (size_t j = 0; j < nsp; j++) {
            cpy(p->buf[i][s][j], 8, sps[j]);
            p->cons[i][s][j] = p->buf[i][s][j];
        }
        p->ratios[i][s] = ratios[s];
        p->sl[i][s].n_species = nsp;
        p->sl[i][s].species = p->cons[i][s];
    }
}

void tpm_equivalent(tpm *p, const char *group) {
    size_t i = p->m.n_phases - 1;
    lq_assess_phase_model *ph = &p->ph[i];
    size_t g = ph->n_equivalent++;
    char tok[8][64];
    size_t n = split(group, ',', tok, 8);
    for (size_t k = 0; k < n; k++) p->eqidx[i][g][k] = (size_t)atoi(tok[k]);
    p->eqv[i][g].n = n;
    p->eqv[i][g].index = p->eqidx[i][g];
    ph->equivalent = p->eqv[i];
}

double pg_symbol(const lq_assess_paramgen_result *r, const char *name) {
    for (size_t i = 0; r && i < r->n_symbols; i++)
        if (strcmp(r->symbols[i].name, name) == 0) return r->symbols[i].value;
    return (double)NAN;
}

size_t pg_count_params(const lq_assess_paramgen_result *r, char type, const char *phase) {
    size_t n = 0;
    char pat[64];
    if (phase)
        snprintf(pat, sizeof pat, "PARAMETER %c(%s,", type, phase);
    else
        snprintf(pat, sizeof pat, "PARAMETER %c(", type);
    for (const char *p = r ? r->tdb : NULL; p && (p = strstr(p, pat)) != NULL; p++) n++;
    return n;
}
