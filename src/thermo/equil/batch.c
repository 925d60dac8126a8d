/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Batches of equilibria: conditions to mole fractions, OpenMP over chunks of points with warm
 * starts, one status per point. */
#include <ctype.h>
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "equil_internal.h"
#include "liquidus/core.h"
#include "liquidus/thermo.h"

/* Components a batch handles (the bits of a mask of present components). */
#define MAXC 64
/* A balance mole fraction within this of zero is zero: 1 - 0.3 - 0.7 is 5.6e-17, not a trace. */
#define BALANCE_ZERO 1e-12
/* Given fractions that must add up to 1 may miss it by this much (then renormalised). */
#define SUM_TOL 1e-9

void lq_eq_batch_options_default(lq_eq_batch_options *opt) {
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    lq_eq_options_default(&opt->eq);
    opt->n_threads = 0;
    opt->chunk = 64;
    opt->warm_start = 1;
    opt->zero_phase = LQ_EQ_BATCH_NO_ZERO;
    opt->free_var = LQ_EQ_BATCH_FREE_T;
}

void lq_eq_batch_result_free(lq_eq_batch_result *r) {
    if (!r) return;
    if (r->message)
        for (size_t i = 0; i < r->n_points; i++) lqi_free(r->message[i]);
    void *arrays[] = {r->status, r->message,   r->T,          r->P,    r->N,  r->x,
                      r->mu,     r->G,         r->H,          r->S,    r->Cp, r->amount,
                      r->n_sets, r->set_phase, r->set_amount, r->set_x};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) lqi_free(arrays[k]);
    lqi_free(r);
}

static lq_eq_batch_result *result_alloc(size_t n, size_t nc, size_t np) {
    lq_eq_batch_result *r = lqi_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->n_points = n;
    r->ncomp = nc;
    r->n_phases = np;
    r->max_sets = nc + 1;
    size_t n1 = n ? n : 1, ms = r->max_sets;
    r->status = lqi_calloc(n1, sizeof *r->status);
    r->message = lqi_calloc(n1, sizeof *r->message);
    r->T = lqi_malloc_array(n1, sizeof *r->T);
    r->P = lqi_malloc_array(n1, sizeof *r->P);
    r->N = lqi_malloc_array(n1, sizeof *r->N);
    r->x = lqi_malloc_array(n1 * nc, sizeof *r->x);
    r->mu = lqi_malloc_array(n1 * nc, sizeof *r->mu);
    r->G = lqi_malloc_array(n1, sizeof *r->G);
    r->H = lqi_malloc_array(n1, sizeof *r->H);
    r->S = lqi_malloc_array(n1, sizeof *r->S);
    r->Cp = lqi_malloc_array(n1, sizeof *r->Cp);
    r->amount = lqi_calloc(n1 * (np ? np : 1), sizeof *r->amount);
    r->n_sets = lqi_calloc(n1, sizeof *r->n_sets);
    r->set_phase = lqi_calloc(n1 * ms, sizeof *r->set_phase);
    r->set_amount = lqi_calloc(n1 * ms, sizeof *r->set_amount);
    r->set_x = lqi_calloc(n1 * ms * nc, sizeof *r->set_x);
    if (!r->status || !r->message || !r->T || !r->P || !r->N || !r->x || !r->mu || !r->G || !r->H ||
        !r->S || !r->Cp || !r->amount || !r->n_sets || !r->set_phase || !r->set_amount ||
        !r->set_x) {
        lq_eq_batch_result_free(r);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        r->T[i] = r->P[i] = r->N[i] = r->G[i] = r->H[i] = r->S[i] = r->Cp[i] = (double)NAN;
        for (size_t c = 0; c < nc; c++) r->x[i * nc + c] = r->mu[i * nc + c] = (double)NAN;
    }
    return r;
}

/* Marks point i failed with status st and the message "point i[ (file line L)]: ...". The
 * message is best effort: without memory for it the status alone remains. */
static void point_fail(lq_eq_batch_result *r, const lq_eq_points *pts, size_t i, lq_status st,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void point_fail(lq_eq_batch_result *r, const lq_eq_points *pts, size_t i, lq_status st,
                       const char *fmt, ...) {
    char msg[LQ_DIAG_MSG_SIZE], buf[LQ_DIAG_MSG_SIZE + 64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pts->line[i] > 0)
        snprintf(buf, sizeof buf, "point %zu (line %ld): %s", i, pts->line[i], msg);
    else
        snprintf(buf, sizeof buf, "point %zu: %s", i, msg);
    r->status[i] = st;
    lqi_free(r->message[i]);
    r->message[i] = lqi_strdup(buf);
}

/* ---------------------------------------------------------------- conditions -> x */

/* What the conditions of a batch refer to, resolved once against the system. */
typedef struct cond_map {
    size_t nc;
    /* per condition: component index, -1 (T, P, N), -2 (not in the system), -3 (nor in db) */
    long comp[LQI_CSV_MAX_FIELDS];
    double mass[MAXC]; /* g/mol of each component, NaN when not an element */
} cond_map;

/* Standard atomic weight of a component named as a TDB element ("ND" -> Nd). */
static double comp_mass(const char *name) {
    char sym[4];
    size_t n = strlen(name);
    if (n == 0 || n > 2) return (double)NAN;
    sym[0] = (char)toupper((unsigned char)name[0]);
    sym[1] = n > 1 ? (char)tolower((unsigned char)name[1]) : '\0';
    sym[2] = '\0';
    lq_element el;
    return lq_element_find(sym, &el) == LQ_OK ? el.mass_g_per_mol : (double)NAN;
}

/* 1 when the database declares the element `name`. */
static int db_has(const lq_db *db, const char *name) {
    for (size_t e = 0; e < lq_db_element_count(db); e++)
        if (lqi_strcasecmp(lq_db_element_name(db, e), name) == 0) return 1;
    return 0;
}

static void cond_map_init(cond_map *m, const lq_db *db, const lq_system *sys,
                          const lq_eq_points *pts) {
    m->nc = lq_system_component_count(sys);
    for (size_t c = 0; c < m->nc; c++) m->mass[c] = comp_mass(lq_system_component_name(sys, c));
    for (size_t k = 0; k < pts->n_cond; k++) {
        m->comp[k] = -1;
        if (!pts->cond[k].comp[0]) continue;
        m->comp[k] = db && !db_has(db, pts->cond[k].comp) ? -3 : -2;
        for (size_t c = 0; c < m->nc; c++)
            if (lqi_strcasecmp(pts->cond[k].comp, lq_system_component_name(sys, c)) == 0)
                m->comp[k] = (long)c;
    }
}

/* The conditions of one point, gathered per component. */
typedef struct point_cond {
    double T, P, N, B;
    int kind[MAXC]; /* -1 unset, else LQ_EQ_COND_X, _W, _NC or _BC */
    double v[MAXC];
} point_cond;

static const char *kind_letter(int kind) {
    return kind == LQ_EQ_COND_X    ? "X"
           : kind == LQ_EQ_COND_W  ? "W"
           : kind == LQ_EQ_COND_BC ? "B"
           : kind == LQ_EQ_COND_MU ? "MU"
           : kind == LQ_EQ_COND_AC ? "AC"
                                   : "N";
}

static int is_potential(int kind) { return kind == LQ_EQ_COND_MU || kind == LQ_EQ_COND_AC; }

/* Gathers and range-checks the conditions of point i. Returns LQ_OK or a status with msg set. */
static lq_status gather(const cond_map *m, const lq_system *sys, const lq_eq_points *pts, size_t i,
                        double P_default, point_cond *pc, char *msg, size_t size) {
    pc->T = pc->N = pc->B = (double)NAN;
    pc->P = P_default;
    for (size_t c = 0; c < m->nc; c++) pc->kind[c] = -1;
    for (size_t k = 0; k < pts->n_cond; k++) {
        double v = pts->value[i * pts->n_cond + k];
        const lq_eq_cond *cd = &pts->cond[k];
        if (isnan(v)) continue;
        if (!isfinite(v)) {
            snprintf(msg, size, "condition %zu is not finite", k + 1);
            return LQ_EDOM;
        }
        if (cd->kind == LQ_EQ_COND_T) {
            pc->T = v;
        } else if (cd->kind == LQ_EQ_COND_P) {
            pc->P = v;
        } else if (cd->kind == LQ_EQ_COND_N) {
            pc->N = v;
        } else if (cd->kind == LQ_EQ_COND_B) {
            pc->B = v;
        } else if (m->comp[k] < 0) {
            if (v != 0.0 || is_potential((int)cd->kind)) {
                snprintf(msg, size, "%s(%s) = %g: %s is not %s", kind_letter((int)cd->kind),
                         cd->comp, v, cd->comp,
                         m->comp[k] == -3 ? "in the database" : "a component of the system");
                return LQ_ENOTFOUND;
            }
        } else {
            size_t c = (size_t)m->comp[k];
            if (pc->kind[c] >= 0) {
                snprintf(msg, size, "%s(%s) and %s(%s) both set", kind_letter(pc->kind[c]),
                         cd->comp, kind_letter((int)cd->kind), cd->comp);
                return LQ_EINVAL;
            }
            int frac = cd->kind == LQ_EQ_COND_X || cd->kind == LQ_EQ_COND_W;
            if (cd->kind == LQ_EQ_COND_AC && !(v > 0.0)) {
                snprintf(msg, size, "AC(%s) = %g is not > 0", cd->comp, v);
                return LQ_EDOM;
            }
            if (!is_potential((int)cd->kind) && (v < 0.0 || (frac && v > 1.0))) {
                snprintf(msg, size, "%s(%s) = %g is outside %s", kind_letter((int)cd->kind),
                         cd->comp, v, frac ? "[0, 1]" : "[0, inf)");
                return LQ_EDOM;
            }
            pc->kind[c] = (int)cd->kind;
            pc->v[c] = v;
        }
    }
    (void)sys;
    if (isnan(pc->T)) {
        snprintf(msg, size, "no temperature (condition T)");
        return LQ_EINVAL;
    }
    if (!(pc->T > 0.0)) {
        snprintf(msg, size, "temperature T = %g K is not > 0", pc->T);
        return LQ_EDOM;
    }
    if (!(pc->P > 0.0)) {
        snprintf(msg, size, "pressure P = %g Pa is not > 0", pc->P);
        return LQ_EDOM;
    }
    if (!isnan(pc->N) && !(pc->N > 0.0)) {
        snprintf(msg, size, "amount N = %g mol is not > 0", pc->N);
        return LQ_EDOM;
    }
    if (!isnan(pc->B) && !(pc->B > 0.0)) {
        snprintf(msg, size, "mass B = %g g is not > 0", pc->B);
        return LQ_EDOM;
    }
    return LQ_OK;
}

/*
 * Amounts to fractions: N(EL) (mol) to mole fractions with the total N, or B(EL) (g) to mass
 * fractions with the total mass B. Either every component has an amount (fraction = amount / sum;
 * the total is the sum), or the total is given (fraction = amount / total).
 */
static lq_status amounts_to_fractions(const cond_map *m, const lq_system *sys, point_cond *pc,
                                      int mass, char *msg, size_t size) {
    int from = mass ? LQ_EQ_COND_BC : LQ_EQ_COND_NC, to = mass ? LQ_EQ_COND_W : LQ_EQ_COND_X;
    const char *L = mass ? "B" : "N", *unit = mass ? "g" : "mol";
    size_t n_from = 0;
    double sum = 0.0;
    for (size_t c = 0; c < m->nc; c++)
        if (pc->kind[c] == from) {
            n_from++;
            sum += pc->v[c];
        }
    if (n_from == 0) return LQ_OK;
    double tot = mass ? pc->B : pc->N;
    if (n_from == m->nc) {
        if (!(sum > 0.0)) {
            snprintf(msg, size, "amounts %s(EL) add up to 0", L);
            return LQ_EDOM;
        }
        if (!isnan(tot) && fabs(tot - sum) > SUM_TOL * sum) {
            snprintf(msg, size, "%s = %g %s but the amounts %s(EL) add up to %g %s", L, tot, unit,
                     L, sum, unit);
            return LQ_EINVAL;
        }
        tot = sum;
    } else if (isnan(tot)) {
        snprintf(msg, size,
                 "%s(EL) of some components needs %s (the total) or %s(EL) of every component", L,
                 L, L);
        return LQ_EINVAL;
    }
    for (size_t c = 0; c < m->nc; c++)
        if (pc->kind[c] == from) {
            pc->kind[c] = to;
            pc->v[c] /= tot;
            if (pc->v[c] > 1.0 + SUM_TOL) {
                snprintf(msg, size, "%s(%s) = %g %s is more than %s = %g %s", L,
                         lq_system_component_name(sys, c), pc->v[c] * tot, unit, L, tot, unit);
                return LQ_EDOM;
            }
        }
    if (mass)
        pc->B = tot;
    else
        pc->N = tot;
    return LQ_OK;
}

/* The total amount N (mol of atoms) of a point given its mass B: B / sum_i x_i M_i. */
static lq_status mass_to_amount(const cond_map *m, point_cond *pc, const double *x, char *msg,
                                size_t size) {
    if (isnan(pc->B)) return LQ_OK;
    double Mbar = 0.0;
    for (size_t c = 0; c < m->nc; c++)
        if (x[c] > 0.0) Mbar += x[c] * m->mass[c];
    if (!isfinite(Mbar) || !(Mbar > 0.0)) {
        snprintf(msg, size, "B: no atomic mass for a component present");
        return LQ_ENOTFOUND;
    }
    double N = pc->B / Mbar;
    if (!isnan(pc->N) && fabs(N - pc->N) > SUM_TOL * N) {
        snprintf(msg, size, "N = %g mol but B = %g g is %g mol", pc->N, pc->B, N);
        return LQ_EINVAL;
    }
    pc->N = N;
    return LQ_OK;
}

/*
 * Mole fractions from mole and mass fractions with one balance component b. With the mean molar
 * mass Mbar = sum_j x_j M_j, a mass fraction gives x_i = w_i Mbar / M_i; putting that and
 * x_b = 1 - sum x into the definition of Mbar gives the closed form
 *   Mbar = (K + (1 - Sx) M_b) / (1 - Sw + M_b sum_w w_i / M_i),
 * K = sum over mole-fraction components of x_j M_j, Sx their sum, Sw the sum of the mass
 * fractions. Without a balance, only mass fractions of every component (sum 1) are accepted:
 * x_i = (w_i / M_i) / sum_j (w_j / M_j).
 */
static lq_status fractions_to_x(const cond_map *m, const lq_system *sys, const point_cond *pc,
                                double *x, char *msg, size_t size) {
    size_t nc = m->nc, balance = nc, n_unset = 0, n_w = 0;
    for (size_t c = 0; c < nc; c++) {
        if (pc->kind[c] < 0) {
            n_unset++;
            balance = c;
        }
        if (pc->kind[c] == LQ_EQ_COND_W) {
            n_w++;
            if (!isfinite(m->mass[c])) {
                snprintf(msg, size, "W(%s): no atomic mass for %s",
                         lq_system_component_name(sys, c), lq_system_component_name(sys, c));
                return LQ_ENOTFOUND;
            }
        }
    }
    if (n_unset > 1) {
        snprintf(msg, size, "%zu components without a condition: give all but one (the balance)",
                 n_unset);
        return LQ_EINVAL;
    }
    double K = 0.0, Sx = 0.0, Sw = 0.0, Swm = 0.0;
    for (size_t c = 0; c < nc; c++) {
        if (pc->kind[c] == LQ_EQ_COND_X) {
            Sx += pc->v[c];
            K += pc->v[c] * m->mass[c];
        } else if (pc->kind[c] == LQ_EQ_COND_W) {
            Sw += pc->v[c];
            Swm += pc->v[c] / m->mass[c];
        }
    }
    if (n_w > 0 && balance < nc && !isfinite(m->mass[balance])) {
        snprintf(msg, size, "mass fractions with balance %s: no atomic mass for it",
                 lq_system_component_name(sys, balance));
        return LQ_ENOTFOUND;
    }
    if (balance == nc) {
        if (n_w > 0 && n_w < nc) {
            snprintf(msg, size, "mole and mass fractions of every component: leave one out");
            return LQ_EINVAL;
        }
        double sum = n_w ? Sw : Sx;
        if (fabs(sum - 1.0) > SUM_TOL) {
            snprintf(msg, size, "the %s fractions of all components add up to %.10g, not 1",
                     n_w ? "mass" : "mole", sum);
            return LQ_EDOM;
        }
        for (size_t c = 0; c < nc; c++) x[c] = n_w ? pc->v[c] / m->mass[c] / Swm : pc->v[c] / Sx;
        return LQ_OK;
    }
    double Mbar = 0.0;
    if (n_w > 0) {
        double Mb = m->mass[balance];
        double den = 1.0 - Sw + Mb * Swm;
        Mbar = den > 0.0 ? (K + (1.0 - Sx) * Mb) / den : -1.0;
        if (!(Mbar > 0.0) || !isfinite(Mbar)) {
            snprintf(msg, size, "the mass and mole fractions given add up to more than 1");
            return LQ_EDOM;
        }
    }
    double rest = 1.0;
    for (size_t c = 0; c < nc; c++) {
        if (c == balance) continue;
        x[c] = pc->kind[c] == LQ_EQ_COND_W ? pc->v[c] * Mbar / m->mass[c] : pc->v[c];
        rest -= x[c];
    }
    if (fabs(rest) <= BALANCE_ZERO) rest = 0.0;
    if (rest < 0.0) {
        snprintf(msg, size, "the fractions given add up to more than 1 (balance X(%s) = %.6g)",
                 lq_system_component_name(sys, balance), rest);
        return LQ_EDOM;
    }
    x[balance] = rest;
    return LQ_OK;
}

/*
 * Start mole fractions of a point with potential conditions (MU, AC): the closed components take
 * their X (only X: a mass fraction or an amount of a closed component would need the open
 * component's mass, which is unknown until solved), one component without a condition is the
 * balance, and the open components and the balance share what the X leave equally. Returns the
 * balance in *balance.
 */
static lq_status open_to_x(const cond_map *m, const lq_system *sys, const point_cond *pc, double *x,
                           size_t *balance, char *msg, size_t size) {
    size_t nc = m->nc, n_open = 0, n_unset = 0;
    double rest = 1.0;
    for (size_t c = 0; c < nc; c++) {
        int k = pc->kind[c];
        if (k < 0) {
            n_unset++;
            *balance = c;
        } else if (is_potential(k)) {
            n_open++;
        } else if (k != LQ_EQ_COND_X) {
            snprintf(msg, size,
                     "%s(%s) with a potential condition: give the closed components as X(EL)",
                     kind_letter(k), lq_system_component_name(sys, c));
            return LQ_EINVAL;
        } else {
            rest -= pc->v[c];
        }
    }
    if (n_unset != 1) {
        snprintf(msg, size,
                 "%zu components without a condition: with MU or AC, exactly one (the balance)",
                 n_unset);
        return LQ_EINVAL;
    }
    if (!(rest > BALANCE_ZERO)) {
        snprintf(msg, size,
                 "the X given add up to %.10g: nothing is left for %s and the open "
                 "components",
                 1.0 - rest, lq_system_component_name(sys, *balance));
        return LQ_EDOM;
    }
    for (size_t c = 0; c < nc; c++)
        x[c] = pc->kind[c] == LQ_EQ_COND_X ? pc->v[c] : rest / (double)(n_open + 1);
    return LQ_OK;
}

/* ---------------------------------------------------------------- subsystems */

/* The system of the components present at some points (the whole system when all are). */
typedef struct subsys {
    uint64_t mask;
    lq_system *own; /* NULL when the full system is used */
    const lq_system *sys;
    size_t ncomp, comp[MAXC]; /* full index of each component */
    size_t nphase;
    size_t *phase_map;     /* [nphase] full index of each phase */
    size_t zero, free_var; /* the batch's zero phase and free component here, or NONE */
    lq_status st;          /* status of building it; its points fail with it */
    char msg[LQ_DIAG_MSG_SIZE];
} subsys;

static void subsys_free(subsys *s) {
    lq_system_free(s->own);
    lqi_free(s->phase_map);
}

/* The subsystem of s->mask: built from db with the phases of the full system that can exist
 * without the absent components (lq_system_create with all phases, then keeping only those). */
static void subsys_build(subsys *s, const lq_db *db, const lq_system *full) {
    size_t nc = lq_system_component_count(full);
    const char *names[MAXC];
    s->ncomp = 0;
    for (size_t c = 0; c < nc; c++)
        if (s->mask >> c & 1u) {
            s->comp[s->ncomp] = c;
            names[s->ncomp++] = lq_system_component_name(full, c);
        }
    lq_diag d;
    lq_diag_clear(&d);
    s->st = LQ_OK;
    if (s->ncomp == nc) {
        s->sys = full;
    } else if (!db) {
        s->st = LQ_EDOM;
        snprintf(s->msg, sizeof s->msg,
                 "a component at zero needs the database (to solve without it); none given");
        return;
    } else {
        lq_system *all = NULL;
        s->st = lq_system_create(db, names, s->ncomp, NULL, 0, &all, &d);
        const char **keep = NULL;
        size_t nk = 0;
        if (s->st == LQ_OK) {
            size_t na = lq_system_phase_count(all), idx;
            keep = lqi_malloc_array(na ? na : 1, sizeof *keep);
            if (!keep) s->st = LQ_ENOMEM;
            for (size_t p = 0; keep && p < na; p++) {
                lq_phase_info in;
                lq_system_phase_info(all, p, &in);
                if (lq_system_phase_find(full, in.name, &idx) == LQ_OK) keep[nk++] = in.name;
            }
            if (s->st == LQ_OK && nk == 0) {
                s->st = LQ_ENOTFOUND;
                snprintf(d.msg, sizeof d.msg, "no phase of the system holds these components");
            }
        }
        if (s->st == LQ_OK) s->st = lq_system_create(db, names, s->ncomp, keep, nk, &s->own, &d);
        lqi_free(keep);
        lq_system_free(all);
        if (s->st != LQ_OK) {
            snprintf(s->msg, sizeof s->msg, "system without the absent components: %.400s",
                     d.msg[0] ? d.msg : lq_status_str(s->st));
            return;
        }
        s->sys = s->own;
    }
    s->nphase = lq_system_phase_count(s->sys);
    s->phase_map = lqi_malloc_array(s->nphase ? s->nphase : 1, sizeof *s->phase_map);
    if (!s->phase_map) {
        s->st = LQ_ENOMEM;
        snprintf(s->msg, sizeof s->msg, "out of memory");
        return;
    }
    for (size_t p = 0; p < s->nphase; p++) {
        lq_phase_info in;
        lq_system_phase_info(s->sys, p, &in);
        lq_system_phase_find(full, in.name, &s->phase_map[p]);
    }
}

/* The zero phase and free component of the options in subsystem s (SIZE_MAX when absent). */
static void subsys_targets(subsys *s, const lq_eq_batch_options *o) {
    s->zero = s->free_var = SIZE_MAX;
    for (size_t p = 0; p < s->nphase && o->zero_phase != LQ_EQ_BATCH_NO_ZERO; p++)
        if (s->phase_map[p] == o->zero_phase) s->zero = p;
    for (size_t c = 0; c < s->ncomp && o->free_var != LQ_EQ_BATCH_FREE_T; c++)
        if (s->comp[c] == o->free_var) s->free_var = c;
}

/* ---------------------------------------------------------------- solving */

/* Per-thread scratch: a workspace and two results per subsystem (made when first needed). */
typedef struct thread_ws {
    lq_eq_ws **ws;
    lq_eq_result **res; /* [2 * nsub] */
    int *last;          /* [nsub] result slot of the chunk's last solved point there, or -1 */
} thread_ws;

typedef struct batch {
    const lq_system *sys;
    const lq_eq_points *pts;
    const lq_eq_batch_options *opt;
    lq_eq_batch_result *r;
    subsys *subs;
    size_t nsub;
    size_t *sub_of; /* [n_points] subsystem of each valid point */
    /* potential conditions, NULL when no condition of the batch is MU or AC: per point and
     * component (full indices) the fixed mu (J/mol) or activity, NaN where none, and the point's
     * balance component (SIZE_MAX: the point has no potential) */
    double *pot_mu, *pot_ac;
    size_t *pot_balance;
} batch;

static void thread_ws_free(thread_ws *t, size_t nsub) {
    for (size_t s = 0; t->ws && s < nsub; s++) lq_eq_ws_free(t->ws[s]);
    for (size_t s = 0; t->res && s < 2 * nsub; s++) lq_eq_result_free(t->res[s]);
    lqi_free(t->ws);
    lqi_free(t->res);
    lqi_free(t->last);
}

/* Copies an equilibrium of subsystem s into point i of the result (full indices). */
static void store(lq_eq_batch_result *r, size_t i, const subsys *s, const lq_eq_result *e) {
    size_t nc = r->ncomp, ms = r->max_sets;
    r->T[i] = e->T;
    r->P[i] = e->P;
    for (size_t c = 0; c < nc; c++) {
        r->x[i * nc + c] = 0.0;
        r->mu[i * nc + c] = -HUGE_VAL;
    }
    for (size_t k = 0; k < s->ncomp; k++) {
        r->x[i * nc + s->comp[k]] = e->x[k];
        r->mu[i * nc + s->comp[k]] = e->mu[k];
    }
    r->G[i] = e->G;
    r->H[i] = e->H;
    r->S[i] = e->S;
    r->Cp[i] = e->Cp;
    size_t n = e->n_phases < ms ? e->n_phases : ms;
    r->n_sets[i] = n;
    for (size_t k = 0; k < n; k++) {
        const lq_eq_phase *ph = &e->phases[k];
        size_t p = s->phase_map[ph->phase];
        r->set_phase[i * ms + k] = p;
        r->set_amount[i * ms + k] = ph->amount;
        r->amount[i * r->n_phases + p] += ph->amount;
        double *xs = r->set_x + (i * ms + k) * nc;
        for (size_t c = 0; c < nc; c++) xs[c] = 0.0;
        for (size_t c = 0; c < s->ncomp; c++) xs[s->comp[c]] = ph->x[c];
    }
}

/* A point with potential conditions: lq_eq_solve_conditions from its start x (subsystem order),
 * with the batch's zero phase and its unknown when set. Cold: the open x moves, so a neighbour's
 * state is no better a start than the global hull. */
static lq_status solve_open(const batch *b, const subsys *s, size_t i, const double *x,
                            lq_eq_ws *ws, lq_eq_result *res, lq_diag *d) {
    size_t nc = b->r->ncomp;
    double mu[MAXC], ac[MAXC];
    size_t bal = SIZE_MAX;
    for (size_t k = 0; k < s->ncomp; k++) {
        size_t c = s->comp[k];
        mu[k] = b->pot_mu[i * nc + c];
        ac[k] = b->pot_ac[i * nc + c];
        if (c == b->pot_balance[i]) bal = k;
    }
    lq_eq_conditions c;
    lq_eq_conditions_default(&c);
    c.T = b->r->T[i];
    c.x = x;
    c.mu = mu;
    c.ac = ac;
    c.balance = bal == SIZE_MAX ? LQ_EQ_BALANCE_RATIOS : bal;
    const lq_eq_batch_options *o = b->opt;
    if (o->zero_phase != LQ_EQ_BATCH_NO_ZERO) {
        if (s->zero == SIZE_MAX || (o->free_var != LQ_EQ_BATCH_FREE_T && s->free_var == SIZE_MAX))
            return lqi_diag_set(d, LQ_ENOTFOUND, NULL, 0, NULL,
                                "the phase held at zero or the free component is absent here");
        c.zero_phase = &s->zero;
        c.n_zero = 1;
        if (o->free_var == LQ_EQ_BATCH_FREE_T)
            c.free_T = 1;
        else {
            c.free_x = &s->free_var;
            c.n_free_x = 1;
        }
    }
    return lq_eq_solve_conditions(ws, &c, res, d);
}

/* Solves point i with thread scratch t; a chunk's earlier result in the same subsystem is the
 * warm start. */
static void solve_point(const batch *b, thread_ws *t, size_t i) {
    lq_eq_batch_result *r = b->r;
    size_t si = b->sub_of[i];
    const subsys *s = &b->subs[si];
    if (s->st != LQ_OK) {
        point_fail(r, b->pts, i, s->st, "%s", s->msg);
        return;
    }
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (!t->ws[si]) {
        st = lq_eq_ws_alloc(s->sys, &b->opt->eq, &t->ws[si], &d);
        if (st == LQ_OK) st = lq_eq_result_alloc(t->ws[si], &t->res[2 * si]);
        if (st == LQ_OK) st = lq_eq_result_alloc(t->ws[si], &t->res[2 * si + 1]);
        if (st != LQ_OK) {
            point_fail(r, b->pts, i, st, "workspace: %s", d.msg[0] ? d.msg : lq_status_str(st));
            return;
        }
    }
    lq_eq_ws *ws = t->ws[si];
    double x[MAXC];
    for (size_t k = 0; k < s->ncomp; k++) x[k] = r->x[i * r->ncomp + s->comp[k]];
    if (ws->opt.P != r->P[i]) {
        /* the sampled energies are cached per T only: a new P invalidates them */
        ws->opt.P = r->P[i];
        ws->s_T = 0.0;
    }
    int last = t->last[si];
    int slot = last == 0 ? 1 : 0;
    lq_eq_result *res = t->res[2 * si + (size_t)slot];
    const lq_eq_batch_options *o = b->opt;
    if (b->pot_balance && b->pot_balance[i] != SIZE_MAX) {
        st = solve_open(b, s, i, x, ws, res, &d);
    } else if (o->zero_phase != LQ_EQ_BATCH_NO_ZERO) {
        if (s->zero == SIZE_MAX || (o->free_var != LQ_EQ_BATCH_FREE_T && s->free_var == SIZE_MAX))
            st = lqi_diag_set(&d, LQ_ENOTFOUND, NULL, 0, NULL,
                              "the phase held at zero or the free component is absent here");
        else if (o->free_var == LQ_EQ_BATCH_FREE_T)
            st = lq_eq_solve_T(ws, r->T[i], x, s->ncomp, s->zero, res, &d);
        else
            st = lq_eq_solve_x(ws, r->T[i], x, s->ncomp, s->free_var, s->zero, res, &d);
    } else if (o->warm_start && last >= 0)
        st = lqi_eq_solve_warm(ws, r->T[i], x, s->ncomp, t->res[2 * si + (size_t)last], res);
    else
        st = lq_eq_solve(ws, r->T[i], x, s->ncomp, res, &d);
    /* the warm path does not fill a diag: the cold solve it fell back on again, for the message */
    if (st != LQ_OK && !d.msg[0] && !(b->pot_balance && b->pot_balance[i] != SIZE_MAX))
        st = lq_eq_solve(ws, r->T[i], x, s->ncomp, res, &d);
    if (st != LQ_OK) {
        point_fail(r, b->pts, i, st, "%s", d.msg[0] ? d.msg : lq_status_str(st));
        return;
    }
    store(r, i, s, res);
    t->last[si] = slot;
}

/* Solves every valid point: chunks of opt->chunk consecutive points, each in order on one thread,
 * so that the warm starts (and the results) do not depend on the number of threads. */
static lq_status solve_all(const batch *b, int nt) {
    size_t n = b->pts->n_points, chunk = b->opt->chunk;
    size_t nchunk = (n + chunk - 1) / chunk;
    int nomem = 0;
#pragma omp parallel num_threads(nt) reduction(| : nomem)
    {
        thread_ws t;
        t.ws = lqi_calloc(b->nsub, sizeof *t.ws);
        t.res = lqi_calloc(2 * b->nsub, sizeof *t.res);
        t.last = lqi_malloc_array(b->nsub, sizeof *t.last);
        int ok = t.ws && t.res && t.last;
        nomem |= !ok;
#pragma omp for schedule(dynamic, 1)
        for (size_t ch = 0; ch < nchunk; ch++) {
            if (!ok || (b->opt->cancel && *b->opt->cancel)) continue;
            for (size_t s = 0; s < b->nsub; s++) t.last[s] = -1;
            size_t i1 = (ch + 1) * chunk < n ? (ch + 1) * chunk : n;
            for (size_t i = ch * chunk; i < i1; i++)
                if (b->r->status[i] == LQ_OK) solve_point(b, &t, i);
        }
        thread_ws_free(&t, b->nsub);
    }
    if (nomem) return LQ_ENOMEM;
    return b->opt->cancel && *b->opt->cancel ? LQ_ECANCELLED : LQ_OK;
}

/* Converts the conditions of every point to T, P, N and x (failing the invalid ones) and assigns
 * each valid point its subsystem. */
static lq_status prepare(batch *b, const lq_db *db, const lq_eq_points *pts, const lq_system *sys) {
    cond_map m;
    cond_map_init(&m, db, sys, pts);
    lq_eq_batch_result *r = b->r;
    size_t nc = r->ncomp;
    char msg[LQ_DIAG_MSG_SIZE - 64];
    for (size_t i = 0; i < pts->n_points; i++) {
        if (pts->error[i]) {
            point_fail(r, pts, i, LQ_EPARSE, "%.400s", pts->error[i]);
            if (!r->message[i]) return LQ_ENOMEM;
            continue;
        }
        point_cond pc;
        double *x = r->x + i * nc;
        msg[0] = '\0';
        lq_status st = gather(&m, sys, pts, i, b->opt->eq.P, &pc, msg, sizeof msg);
        int open = 0;
        for (size_t c = 0; st == LQ_OK && c < nc; c++) open |= is_potential(pc.kind[c]);
        if (open) {
            size_t bal = SIZE_MAX;
            st = open_to_x(&m, sys, &pc, x, &bal, msg, sizeof msg);
            if (st == LQ_OK && !isnan(pc.N) && pc.N != 1.0) {
                snprintf(msg, sizeof msg, "N with a potential condition: the amount follows");
                st = LQ_EINVAL;
            }
            for (size_t c = 0; st == LQ_OK && c < nc; c++) {
                b->pot_mu[i * nc + c] = pc.kind[c] == LQ_EQ_COND_MU ? pc.v[c] : (double)NAN;
                b->pot_ac[i * nc + c] = pc.kind[c] == LQ_EQ_COND_AC ? pc.v[c] : (double)NAN;
            }
            if (st == LQ_OK) b->pot_balance[i] = bal;
        } else {
            if (st == LQ_OK) st = amounts_to_fractions(&m, sys, &pc, 0, msg, sizeof msg);
            if (st == LQ_OK) st = amounts_to_fractions(&m, sys, &pc, 1, msg, sizeof msg);
            if (st == LQ_OK) st = fractions_to_x(&m, sys, &pc, x, msg, sizeof msg);
            if (st == LQ_OK) st = mass_to_amount(&m, &pc, x, msg, sizeof msg);
        }
        if (st != LQ_OK) {
            for (size_t c = 0; c < nc; c++) x[c] = (double)NAN;
            point_fail(r, pts, i, st, "%s", msg);
            if (!r->message[i]) return LQ_ENOMEM;
            continue;
        }
        r->T[i] = pc.T;
        r->P[i] = pc.P;
        r->N[i] = isnan(pc.N) ? 1.0 : pc.N;
        uint64_t mask = 0;
        double sum = 0.0;
        for (size_t c = 0; c < nc; c++) {
            sum += x[c];
            if (x[c] > 0.0) mask |= (uint64_t)1 << c;
        }
        for (size_t c = 0; c < nc; c++) x[c] /= sum;
        size_t s = 0;
        while (s < b->nsub && b->subs[s].mask != mask) s++;
        if (s == b->nsub) {
            subsys *ns = lqi_realloc(b->subs, (b->nsub + 1) * sizeof *ns);
            if (!ns) return LQ_ENOMEM;
            b->subs = ns;
            memset(&ns[s], 0, sizeof ns[s]);
            ns[s].mask = mask;
            b->nsub++;
        }
        b->sub_of[i] = s;
    }
    return LQ_OK;
}

lq_status lq_eq_batch_run(const lq_db *db, const lq_system *sys, const lq_eq_points *pts,
                          const lq_eq_batch_options *opt, lq_eq_batch_result **out, lq_diag *diag) {
    lq_eq_batch_options dflt;
    lq_eq_batch_options_default(&dflt);
    if (!opt) opt = &dflt;
    if (!sys || !pts || !out || (pts->n_points && (!pts->value || !pts->line || !pts->error)) ||
        (pts->n_cond && !pts->cond))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL, "batch: NULL argument");
    size_t nc = lq_system_component_count(sys), np = lq_system_phase_count(sys);
    if (nc == 0 || nc > MAXC || pts->n_cond > LQI_CSV_MAX_FIELDS || opt->chunk == 0 ||
        opt->n_threads < 0 || (opt->zero_phase != LQ_EQ_BATCH_NO_ZERO && opt->zero_phase >= np) ||
        (opt->zero_phase != LQ_EQ_BATCH_NO_ZERO && opt->free_var != LQ_EQ_BATCH_FREE_T &&
         opt->free_var >= nc))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, NULL,
                            "batch: %zu components (1..%d), %zu conditions (at most %d), chunk "
                            "%zu (> 0), %d threads (>= 0), or a zero phase / free component "
                            "out of range",
                            nc, MAXC, pts->n_cond, LQI_CSV_MAX_FIELDS, opt->chunk, opt->n_threads);
    batch b;
    memset(&b, 0, sizeof b);
    b.sys = sys;
    b.pts = pts;
    b.opt = opt;
    b.r = result_alloc(pts->n_points, nc, np);
    b.sub_of = lqi_calloc(pts->n_points ? pts->n_points : 1, sizeof *b.sub_of);
    int any_pot = 0;
    for (size_t k = 0; k < pts->n_cond; k++) any_pot |= is_potential((int)pts->cond[k].kind);
    int pot_ok = 1;
    if (any_pot) {
        size_t n = pts->n_points ? pts->n_points : 1;
        b.pot_mu = lqi_malloc_array(n * nc, sizeof *b.pot_mu);
        b.pot_ac = lqi_malloc_array(n * nc, sizeof *b.pot_ac);
        b.pot_balance = lqi_malloc_array(n, sizeof *b.pot_balance);
        pot_ok = b.pot_mu && b.pot_ac && b.pot_balance;
        for (size_t i = 0; pot_ok && i < pts->n_points; i++) b.pot_balance[i] = SIZE_MAX;
    }
    lq_status st = b.r && b.sub_of && pot_ok ? prepare(&b, db, pts, sys) : LQ_ENOMEM;
    for (size_t s = 0; st == LQ_OK && s < b.nsub; s++) {
        subsys_build(&b.subs[s], db, sys);
        if (b.subs[s].st == LQ_OK) subsys_targets(&b.subs[s], opt);
    }
    int nt = opt->n_threads > 0 ? opt->n_threads : omp_get_max_threads();
    if (st == LQ_OK) st = solve_all(&b, nt);
    for (size_t s = 0; s < b.nsub; s++) subsys_free(&b.subs[s]);
    lqi_free(b.subs);
    lqi_free(b.sub_of);
    lqi_free(b.pot_mu);
    lqi_free(b.pot_ac);
    lqi_free(b.pot_balance);
    if (st != LQ_OK) {
        lq_eq_batch_result_free(b.r);
        return lqi_diag_set(diag, st, NULL, 0, NULL, "batch: %s", lq_status_str(st));
    }
    for (size_t i = 0; i < pts->n_points; i++) {
        lq_status s = b.r->status[i];
        if (s == LQ_OK) continue;
        b.r->n_failed++;
        if (s == LQ_EDOM || s == LQ_EINVAL || s == LQ_ENOTFOUND || s == LQ_EPARSE) b.r->n_invalid++;
    }
    b.r->n_threads = nt;
    *out = b.r;
    return LQ_OK;
}
