/* SPDX-License-Identifier: GPL-3.0-or-later */
/* State of a running simulation (shared by the integrator and the restart files). */
#ifndef LIQUIDUS_MD_SIM_INTERNAL_H
#define LIQUIDUS_MD_SIM_INTERNAL_H

#include "md/md_internal.h"

#define LQ_MD_MAX_CHAIN 10

struct lq_md_sim {
    lq_md_system sys;
    lq_md_forcefield *ff;
    lq_md_run_options ro;
    double *f;
    lq_md_energy e;
    long step;
    double time_ps;
    double nf; /* degrees of freedom, 3N - 3 */
    double q[LQ_MD_MAX_CHAIN], eta[LQ_MD_MAX_CHAIN], veta[LQ_MD_MAX_CHAIN];
    double qb[LQ_MD_MAX_CHAIN], etab[LQ_MD_MAX_CHAIN], vetab[LQ_MD_MAX_CHAIN];
    double wmass, veps;
};

/** lq_md_sim_create_model without the first force evaluation (the caller does it, after
 * restoring a Verlet list: restart.c). */
lq_status lqi_md_sim_create_unforced(const lq_md_system *sys, const lq_md_model *model,
                                     const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                                     lq_md_sim **out, lq_diag *diag);

/** Recomputes forces and energies of the current configuration. */
lq_status lqi_md_sim_forces(lq_md_sim *s, lq_diag *diag);

#endif
