/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference electrodes linear in temperature and potential conversion between them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/echem.h"
#include "liquidus/units.h"

typedef struct builtin_ref {
    const char *key;
    const char *name;
    const char *scale;
    double a_V, b_V_per_K;
} builtin_ref;

/* The sources of the coefficients are named in units.h next to the constants. */
static const builtin_ref builtins[] = {
    {"AgAgCl", "Ag/AgCl", "Cl2/Cl-", LQ_ECHEM_AGAGCL_VS_CL2_A_V, LQ_ECHEM_AGAGCL_VS_CL2_B_V_PER_K},
    {"Cl2", "Cl2/Cl-", "Cl2/Cl-", 0.0, 0.0},
    {"NdSn", "Nd-Sn (x_Nd=0.10)", "Nd(s)", LQ_ECHEM_NDSN_VS_ND_A_V, LQ_ECHEM_NDSN_VS_ND_B_V_PER_K},
    {"Nd", "Nd(s)", "Nd(s)", 0.0, 0.0},
};

static void set_ref(lq_echem_ref *ref, const char *name, const char *scale, double a, double b) {
    memset(ref, 0, sizeof *ref);
    snprintf(ref->name, sizeof ref->name, "%s", name);
    snprintf(ref->scale, sizeof ref->scale, "%s", scale);
    ref->a_V = a;
    ref->b_V_per_K = b;
}

lq_status lq_echem_ref_builtin(const char *name, lq_echem_ref *ref) {
    if (!name || !ref) return LQ_EINVAL;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        if (lqi_strcasecmp(name, builtins[i].key) == 0) {
            set_ref(ref, builtins[i].name, builtins[i].scale, builtins[i].a_V,
                    builtins[i].b_V_per_K);
            return LQ_OK;
        }
    }
    return LQ_ENOTFOUND;
}

lq_status lq_echem_ref_parse(const char *spec, lq_echem_ref *ref, lq_diag *diag) {
    if (!spec || !ref) return LQ_EINVAL;
    if (lq_echem_ref_builtin(spec, ref) == LQ_OK) return LQ_OK;
    const char *comma = strchr(spec, ',');
    const char *at = strchr(spec, '@');
    if (!comma || (at && at < comma))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "reference",
                            "'%s' is neither a built-in reference (AgAgCl, Cl2, NdSn, Nd) nor "
                            "'a,b[@SCALE]' (phi = a + b*T in V)",
                            spec);
    double a, b;
    size_t blen = at ? (size_t)(at - comma - 1) : strlen(comma + 1);
    if (lqi_parse_double(spec, (size_t)(comma - spec), 0, &a) != 0 ||
        lqi_parse_double(comma + 1, blen, 0, &b) != 0 || !isfinite(a) || !isfinite(b))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "reference",
                            "'%s': expected two numbers 'a,b' (V and V/K)", spec);
    if (at && !at[1])
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "reference", "'%s': empty scale after '@'",
                            spec);
    set_ref(ref, "user", at ? at + 1 : "user", a, b);
    return LQ_OK;
}

lq_status lq_echem_ref_potential(const lq_echem_ref *ref, double T_K, double *phi_V) {
    if (!ref || !phi_V || !isfinite(T_K) || !(T_K > 0.0)) return LQ_EINVAL;
    *phi_V = ref->a_V + ref->b_V_per_K * T_K;
    return LQ_OK;
}

lq_status lq_echem_ref_convert(double E_V, double T_K, const lq_echem_ref *from,
                               const lq_echem_ref *to, double *E_out_V, lq_diag *diag) {
    if (!from || !E_out_V) return LQ_EINVAL;
    if (!isfinite(E_V))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "E", "potential is not finite");
    if (!isfinite(T_K) || !(T_K > 0.0))
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "T", "temperature %g K is not > 0", T_K);
    if (to && lqi_strcasecmp(from->scale, to->scale) != 0)
        return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "reference",
                            "cannot convert from %s (vs %s) to %s (vs %s): different base scales",
                            from->name, from->scale, to->name, to->scale);
    /* E(WE vs to) = E(WE vs from) + E(from vs base) - E(to vs base). */
    double phi_to = to ? to->a_V + to->b_V_per_K * T_K : 0.0;
    *E_out_V = E_V + from->a_V + from->b_V_per_K * T_K - phi_to;
    return LQ_OK;
}
