/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Electrochemistry: potentiostat file readers and the analyses of the two studies (emf titration,
 * CV, SWV, chronoamperometry, open-circuit chronopotentiometry, reference electrodes). */
#ifndef LIQUIDUS_ECHEM_H
#define LIQUIDUS_ECHEM_H

#include <stddef.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Records and instrument readers (src/echem/io)                                               */
/* ============================================================================================ */

/* ============================================================================================ */
/* Analyses (src/echem/emf, voltammetry, transients, reference electrodes)                      */
/* ============================================================================================ */

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_ECHEM_H */
