/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Priors against the closed-form log-densities of scipy.stats' norm, uniform and triang. */
#include <math.h>

#include "liquidus/assess.h"
#include "lq_test.h"

void test_priors_closed_forms(void);
void test_priors_espei_examples(void);
void test_priors_errors(void);

static const double LN2PI_2 = 0.91893853320467274178; /* ln(2 pi)/2 */

static lq_prior_spec spec(const char *name) {
    lq_prior_spec s;
    lq_prior_spec_default(&s);
    LQ_CHECK_STATUS(lq_prior_spec_set_name(&s, name), LQ_OK);
    return s;
}

/* Closed forms written out; 1e-14 relative (one or two roundings apart). */
void test_priors_closed_forms(void) {
    lq_prior_spec z = spec("zero");
    LQ_CHECK(lq_prior_logpdf(&z, 5.0, -1e30) == 0.0);

    lq_prior_spec n = spec("normal");
    LQ_CHECK_STATUS(lq_prior_spec_set(&n, "loc", 1.0), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&n, "scale", -2.0), LQ_OK); /* |scale| as ESPEI */
    LQ_CHECK_CLOSE(lq_prior_logpdf(&n, 123.0, 3.0), -0.5 - log(2.0) - LN2PI_2, 1e-14, 0);

    lq_prior_spec nr = spec("normal");
    LQ_CHECK_STATUS(lq_prior_spec_set(&nr, "scale_relative", 0.1), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&nr, "loc_identity", 1.0), LQ_OK);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&nr, -1000.0, -1100.0), -0.5 - log(100.0) - LN2PI_2, 1e-14, 0);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&nr, 1000.0, 1000.0), -log(100.0) - LN2PI_2, 1e-14, 0);

    lq_prior_spec u = spec("uniform");
    LQ_CHECK_STATUS(lq_prior_spec_set(&u, "loc_shift_relative", -0.5), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&u, "scale_relative", 1.0), LQ_OK);
    /* start 10: loc 5, scale 10, support [5, 15] with both ends included */
    LQ_CHECK_CLOSE(lq_prior_logpdf(&u, 10.0, 5.0), -log(10.0), 1e-14, 0);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&u, 10.0, 15.0), -log(10.0), 1e-14, 0);
    LQ_CHECK(lq_prior_logpdf(&u, 10.0, 15.0001) == -HUGE_VAL);
    LQ_CHECK(lq_prior_logpdf(&u, 10.0, 4.9) == -HUGE_VAL);

    lq_prior_spec t = spec("triangular");
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "loc", 0.0), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "scale", 4.0), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "c", 0.25), LQ_OK);
    /* density 2u/c on u < c, 2(1-u)/(1-c) above, divided by the scale 4 */
    LQ_CHECK_CLOSE(lq_prior_logpdf(&t, 0.0, 1.0), log(0.5), 1e-14, 0);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&t, 0.0, 0.5), log(0.25), 1e-14, 0);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&t, 0.0, 3.0), log(2.0 * 0.25 / 0.75 / 4.0), 1e-14, 0);
    LQ_CHECK(lq_prior_logpdf(&t, 0.0, 0.0) == -HUGE_VAL); /* density 0 at the ends */
    LQ_CHECK(lq_prior_logpdf(&t, 0.0, 4.0) == -HUGE_VAL);
    LQ_CHECK(lq_prior_logpdf(&t, 0.0, -0.1) == -HUGE_VAL);
    /* scipy's special cases c = 0 (2 - 2u) and c = 1 (2u) */
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "c", 0.0), LQ_OK);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&t, 0.0, 0.0), log(2.0 / 4.0), 1e-14, 0);
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "c", 1.0), LQ_OK);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&t, 0.0, 4.0), log(2.0 / 4.0), 1e-14, 0);
    LQ_CHECK_CLOSE(lq_prior_logpdf(&t, 0.0, 1.0), log(2.0 * 0.25 / 4.0), 1e-14, 0);
}

/* The examples of ESPEI 0.9.1's espei/priors.py docstrings. */
void test_priors_espei_examples(void) {
    lq_prior_spec t = spec("triangular");
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "loc_shift_relative", -0.5), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "scale_shift_relative", 0.5), LQ_OK);
    LQ_CHECK_STATUS(lq_prior_spec_set(&t, "c", 0.5), LQ_OK);
    LQ_CHECK(isfinite(lq_prior_logpdf(&t, 10.0, 5.1)));
    LQ_CHECK(lq_prior_logpdf(&t, 10.0, 4.9) == -HUGE_VAL);
    /* DistributionParameter: relative -2 of 2 is -4; shift_absolute -1 of 2 is 1; shift_relative
     * -0.5 of 2 is 1: checked through the normal's location (the density peaks there) */
    const char *keys[3] = {"loc_relative", "loc_shift_absolute", "loc_shift_relative"};
    const double vals[3] = {-2.0, -1.0, -0.5}, locs[3] = {-4.0, 1.0, 1.0};
    for (int k = 0; k < 3; k++) {
        lq_prior_spec n = spec("normal");
        LQ_CHECK_STATUS(lq_prior_spec_set(&n, keys[k], vals[k]), LQ_OK);
        LQ_CHECK_CLOSE(lq_prior_logpdf(&n, 2.0, locs[k]), -LN2PI_2, 1e-14, 0);
        LQ_CHECK_CLOSE(lq_prior_logpdf(&n, 2.0, locs[k] + 1.0), -0.5 - LN2PI_2, 1e-14, 0);
    }
}

void test_priors_errors(void) {
    lq_prior_spec s;
    lq_prior_spec_default(&s);
    LQ_CHECK_STATUS(lq_prior_spec_set_name(&s, "cauchy"), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_prior_spec_set_name(NULL, "normal"), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_prior_spec_set(&s, "df", 1.0), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_prior_spec_set(&s, "loc_sideways", 1.0), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_prior_spec_set(&s, "scale", (double)NAN), LQ_EINVAL);
    LQ_CHECK_STATUS(lq_prior_spec_set(&s, NULL, 1.0), LQ_EINVAL);
    lq_prior_spec n = spec("normal");
    LQ_CHECK_STATUS(lq_prior_spec_set(&n, "scale", 0.0), LQ_OK);
    LQ_CHECK(isnan(lq_prior_logpdf(&n, 1.0, 1.0))); /* scipy: invalid scale */
    LQ_CHECK(isnan(lq_prior_logpdf(NULL, 1.0, 1.0)));
}
