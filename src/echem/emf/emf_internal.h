/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers of the whole-titration emf analysis: the ESPEI datasets it produces. */
#ifndef LIQUIDUS_ECHEM_EMF_INTERNAL_H
#define LIQUIDUS_ECHEM_EMF_INTERNAL_H

#include "liquidus/echem.h"

/**
 * The ESPEI activity dataset (ACR_<SOLUTE>) of one titration's liquid points as JSON text
 * (lqi_malloc'd, caller frees). `scale` names the electrode the emf is reported against.
 * @return LQ_OK, LQ_ENOMEM
 */
lq_status lqi_echem_emf_acr_json(const lq_echem_emf_analysis_options *o, const char *scale,
                                 const lq_echem_emf_run *R, char **json);

/**
 * The ESPEI ZPF dataset (liquid at x_sat with the solid of the plateau, one region per
 * temperature with a solubility) as JSON text (lqi_malloc'd, caller frees).
 * @return LQ_OK, LQ_ENOMEM
 */
lq_status lqi_echem_emf_zpf_json(const lq_echem_emf_analysis_options *o,
                                 const lq_echem_emf_analysis *A, char **json);

#endif
