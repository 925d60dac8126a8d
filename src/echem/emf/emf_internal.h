/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers of the whole-titration emf analysis: the ESPEI datasets it produces. */
#ifndef LIQUIDUS_ECHEM_EMF_INTERNAL_H
#define LIQUIDUS_ECHEM_EMF_INTERNAL_H

#include "liquidus/echem.h"

/**
 * The ESPEI activity dataset (ACR_<SOLUTE>) of one titration's liquid points (R->n_liquid > 0).
 * `scale` names the electrode the emf is reported against (in the comment).
 * @return LQ_OK, LQ_EINVAL (names the builder refuses), LQ_ENOMEM
 */
lq_status lqi_echem_emf_acr(const lq_echem_emf_analysis_options *o, const char *scale,
                            const lq_echem_emf_run *R, lq_dataset **out, lq_diag *diag);

/**
 * The cell-emf dataset (output "EMF") of one run with liquid points: measured emfs vs `ref`, the
 * reference's potential against the reporting electrode declared (lq_echem_emf_run.emf).
 * @return LQ_OK, LQ_EINVAL (names the builder refuses), LQ_ENOMEM
 */
lq_status lqi_echem_emf_emf(const lq_echem_emf_analysis_options *o, const lq_echem_emf_run *R,
                            lq_dataset **out, lq_diag *diag);

/**
 * The ESPEI ZPF dataset: the liquid at x_sat with the solid of the plateau, one region per
 * temperature with a solubility (at least one).
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
lq_status lqi_echem_emf_zpf(const lq_echem_emf_analysis_options *o, const lq_echem_emf_analysis *A,
                            lq_dataset **out, lq_diag *diag);

#endif
