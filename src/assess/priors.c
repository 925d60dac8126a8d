/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Priors of the assessment parameters: ESPEI 0.9.1's zero, normal, uniform and triangular. */
#include <math.h>
#include <string.h>

#include "liquidus/assess.h"
#include "liquidus/units.h"

/*
 * ESPEI 0.9.1 espei/priors.py: a PriorSpec holds distribution parameters (loc, scale, c), each
 * either absolute or derived from the parameter's start value p (DistributionParameter:
 * relative p*v, shift_absolute p + v, shift_relative p + |p| v, identity p); the prior is the
 * scipy distribution with |scale|. The log-densities below are scipy.stats' closed forms:
 *   norm:    -((x - loc)/scale)^2 / 2 - ln scale - ln(2 pi)/2
 *   uniform: -ln scale on [loc, loc + scale] (ends included), -inf elsewhere
 *   triang:  ln f(u) - ln scale, u = (x - loc)/scale in [0, 1], f = 2u/c (u < c),
 *            2(1 - u)/(1 - c) (u >= c), with scipy's special cases c = 0 (2 - 2u), c = 1 (2u).
 * A zero or invalid scale gives NaN, as scipy does for an invalid distribution.
 */

void lq_prior_spec_default(lq_prior_spec *spec) {
    if (!spec) return;
    memset(spec, 0, sizeof *spec);
    spec->kind = LQ_PRIOR_ZERO;
}

lq_status lq_prior_spec_set_name(lq_prior_spec *spec, const char *name) {
    static const char *const names[] = {"zero", "normal", "uniform", "triangular"};
    if (!spec || !name) return LQ_EINVAL;
    for (int k = 0; k < 4; k++)
        if (strcmp(name, names[k]) == 0) {
            spec->kind = (lq_prior_kind)k;
            return LQ_OK;
        }
    return LQ_EINVAL;
}

lq_status lq_prior_spec_set(lq_prior_spec *spec, const char *key, double value) {
    static const char *const refs[] = {"absolute", "relative", "shift_absolute", "shift_relative",
                                       "identity"};
    if (!spec || !key || !isfinite(value)) return LQ_EINVAL;
    const char *us = strchr(key, '_');
    size_t n = us ? (size_t)(us - key) : strlen(key);
    lq_prior_param *p = NULL;
    if (n == 3 && strncmp(key, "loc", 3) == 0) p = &spec->loc;
    if (n == 5 && strncmp(key, "scale", 5) == 0) p = &spec->scale;
    if (n == 1 && key[0] == 'c') p = &spec->c;
    if (!p) return LQ_EINVAL;
    lq_prior_ref ref = LQ_PRIOR_ABSOLUTE;
    if (us) {
        int found = 0;
        for (int k = 0; k < 5 && !found; k++)
            if (strcmp(us + 1, refs[k]) == 0) {
                ref = (lq_prior_ref)k;
                found = 1;
            }
        if (!found) return LQ_EINVAL;
    }
    p->set = 1;
    p->ref = ref;
    p->value = value;
    return LQ_OK;
}

/* ESPEI's DistributionParameter.value(p); `dflt` when the parameter was not given. */
static double param_value(const lq_prior_param *q, double p, double dflt) {
    if (!q->set) return dflt;
    switch (q->ref) {
        case LQ_PRIOR_ABSOLUTE:
            return q->value;
        case LQ_PRIOR_RELATIVE:
            return p * q->value;
        case LQ_PRIOR_SHIFT_ABSOLUTE:
            return p + q->value;
        case LQ_PRIOR_SHIFT_RELATIVE:
            return p + fabs(p) * q->value;
        case LQ_PRIOR_IDENTITY:
            return p;
    }
    return (double)NAN;
}

static double triang_std_pdf(double u, double c) {
    if (c == 0.0) return 2.0 - 2.0 * u;
    if (u < c) return 2.0 * u / c;
    if (c == 1.0) return 2.0 * u;
    return 2.0 * (1.0 - u) / (1.0 - c);
}

double lq_prior_logpdf(const lq_prior_spec *spec, double start, double theta) {
    if (!spec) return (double)NAN;
    if (spec->kind == LQ_PRIOR_ZERO) return 0.0;
    double loc = param_value(&spec->loc, start, 0.0);
    double scale = fabs(param_value(&spec->scale, start, 1.0));
    if (!(scale > 0.0) || !isfinite(scale) || !isfinite(loc) || isnan(theta)) return (double)NAN;
    double u = (theta - loc) / scale;
    switch (spec->kind) {
        case LQ_PRIOR_NORMAL:
            return -0.5 * u * u - log(scale) - 0.5 * log(2.0 * LQ_PI);
        case LQ_PRIOR_UNIFORM:
            return (u >= 0.0 && u <= 1.0) ? -log(scale) : -HUGE_VAL;
        case LQ_PRIOR_TRIANGULAR: {
            double c = param_value(&spec->c, start, 0.5);
            if (!(c >= 0.0 && c <= 1.0)) return (double)NAN;
            if (!(u >= 0.0 && u <= 1.0)) return -HUGE_VAL;
            return log(triang_std_pdf(u, c)) - log(scale);
        }
        default:
            return (double)NAN;
    }
}
