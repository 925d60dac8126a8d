/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redox potentials of M^n+/M in chloride melts from total energies of oxidised and reduced states.
 */
#include <math.h>

#include "md/md_tools_internal.h"

lq_status lq_md_redox_potential(const lq_md_redox_input *in, lq_md_redox_result *out) {
    if (!in || !out || in->n_electrons < 1) return LQ_EINVAL;
    if (!isfinite(in->e_ox_eV) || !isfinite(in->e_red_eV) || !isfinite(in->mu_cl2_eV) ||
        !(in->T_K > 0.0) || !isfinite(in->T_K))
        return LQ_EINVAL;
    if (!(in->e_ox_err_eV >= 0.0) || !(in->e_red_err_eV >= 0.0) || !(in->mu_cl2_err_eV >= 0.0))
        return LQ_EINVAL;
    double n = (double)in->n_electrons;
    lq_md_redox_result r;
    /* Nam & Morgan 2015 (Sec. 2): the reduced cell is the oxidised cell minus MCl_n plus M, i.e.
     * ox -> red + (n/2) Cl2(g) is the reaction M^n+ + n Cl- -> M + (n/2) Cl2, whose reversible
     * potential vs the Cl2/Cl- electrode is E = -dG / (n F); per ion, in eV and V, E = -dG / n. */
    r.dG_eV = in->e_red_eV + 0.5 * n * in->mu_cl2_eV - in->e_ox_eV;
    r.E_vs_cl2_V = -r.dG_eV / n;
    r.E_err_V = sqrt(in->e_ox_err_eV * in->e_ox_err_eV + in->e_red_err_eV * in->e_red_err_eV +
                     0.25 * n * n * in->mu_cl2_err_eV * in->mu_cl2_err_eV) /
                n;
    /* Mg-La study, Eq. (6): phi(Ag/AgCl vs Cl2/Cl-) = -1.0910 + 1.17e-5 T */
    r.phi_agagcl_vs_cl2_V = LQ_MD_AGAGCL_VS_CL2_A_V + LQ_MD_AGAGCL_VS_CL2_B_V_PER_K * in->T_K;
    r.E_vs_agagcl_V = r.E_vs_cl2_V - r.phi_agagcl_vs_cl2_V;
    *out = r;
    return LQ_OK;
}
