/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The library's one nonlinear least-squares fit: GSL's trust-region driver behind plain arrays. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <string.h>

#include "core/core_internal.h"

/*
 * Levenberg-Marquardt trust region of GSL (gsl_multifit_nlinear_trust with its default
 * parameters: J. J. More, "The Levenberg-Marquardt algorithm: implementation and theory", Lecture
 * Notes in Mathematics 630 (1978) 105). The callbacks see plain row-major arrays, so that models
 * need not know GSL; the adapters below copy only when GSL's views are not contiguous.
 */

static int adapt_f(const gsl_vector *x, void *params, gsl_vector *f) {
    const lqi_nlfit *p = params;
    if (x->stride != 1 || f->stride != 1) return GSL_EBADLEN;
    return p->f(x->data, p->ctx, f->data) == 0 ? GSL_SUCCESS : GSL_EDOM;
}

static int adapt_df(const gsl_vector *x, void *params, gsl_matrix *J) {
    const lqi_nlfit *p = params;
    if (x->stride != 1 || J->tda != J->size2) return GSL_EBADLEN;
    return p->df(x->data, p->ctx, J->data) == 0 ? GSL_SUCCESS : GSL_EDOM;
}

lq_status lqi_nlfit_solve(const lqi_nlfit *fit, double *x, double *se, lqi_nlfit_result *res) {
    if (!fit || !fit->f || !fit->df || !x || !res || fit->p == 0 || fit->n < fit->p)
        return LQ_EINVAL;
    memset(res, 0, sizeof *res);
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, fit->n, fit->p);
    gsl_matrix *cov = se ? gsl_matrix_alloc(fit->p, fit->p) : NULL;
    if (!w || (se && !cov)) {
        if (w) gsl_multifit_nlinear_free(w);
        gsl_matrix_free(cov);
        return LQ_ENOMEM;
    }
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = adapt_f;
    fdf.df = adapt_df;
    fdf.n = fit->n;
    fdf.p = fit->p;
    fdf.params = (void *)(uintptr_t)fit;
    gsl_vector_view x0 = gsl_vector_view_array(x, fit->p);
    int info = 0;
    int gs = gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
    if (gs == GSL_SUCCESS)
        gs = gsl_multifit_nlinear_driver(fit->max_iter, fit->xtol, fit->gtol, fit->ftol, NULL, NULL,
                                         &info, w);
    res->iterations = gsl_multifit_nlinear_niter(w);
    /* GSL_ENOPROG: no step lowers the cost any more in double precision; with tolerances near
     * machine precision this is how a converged fit ends (when the caller accepts it). */
    lq_status st = LQ_OK;
    if (gs != GSL_SUCCESS && !(fit->accept_noprog && gs == GSL_ENOPROG && res->iterations > 0)) {
        res->reason = gsl_strerror(gs);
        st = LQ_ENOCONV;
    } else {
        gsl_vector *f = gsl_multifit_nlinear_residual(w);
        gsl_vector *pos = gsl_multifit_nlinear_position(w);
        double chi2 = 0.0;
        gsl_blas_ddot(f, f, &chi2);
        res->chi2 = chi2;
        for (size_t j = 0; j < fit->p; j++) x[j] = gsl_vector_get(pos, j);
        if (se) {
            /* covariance at the solution times the residual variance */
            double s2 = fit->n > fit->p ? chi2 / (double)(fit->n - fit->p) : (double)NAN;
            gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov);
            for (size_t j = 0; j < fit->p; j++) se[j] = sqrt(s2 * gsl_matrix_get(cov, j, j));
        }
    }
    gsl_multifit_nlinear_free(w);
    gsl_matrix_free(cov);
    return st;
}
