/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Physical constants (CODATA 2018) and unit conversion factors: the only place they are defined. */
#ifndef LIQUIDUS_UNITS_H
#define LIQUIDUS_UNITS_H

/*
 * Source: E. Tiesinga, P. J. Mohr, D. B. Newell, B. N. Taylor, "CODATA recommended values of the
 * fundamental physical constants: 2018", Rev. Mod. Phys. 93 (2021) 025010; values as published at
 * physics.nist.gov/constants. Since the 2019 SI redefinition, h, e, k_B and N_A are exact, and so
 * are R = N_A k_B and F = N_A e (given here to double precision).
 */

/* ---------------------------------------------------------------- exact SI defining constants */
#define LQ_AVOGADRO_PER_MOL 6.02214076e23      /* N_A, exact */
#define LQ_BOLTZMANN_J_PER_K 1.380649e-23      /* k_B, exact */
#define LQ_ELEMENTARY_CHARGE_C 1.602176634e-19 /* e, exact */
#define LQ_PLANCK_J_S 6.62607015e-34           /* h, exact */
#define LQ_SPEED_OF_LIGHT_M_PER_S 299792458.0  /* c, exact */
#define LQ_PI 3.14159265358979323846           /* pi (no M_PI in strict C11) */
/* Derived exact constants. */
#define LQ_GAS_CONSTANT_J_PER_MOL_K 8.314462618153240 /* R = N_A k_B */
/* pycalphad's R (pycalphad/variables.py, si_gas_constant), which ESPEI's activity residual uses */
#define LQ_GAS_CONSTANT_PYCALPHAD_J_PER_MOL_K 8.3145
#define LQ_FARADAY_C_PER_MOL 96485.33212331002      /* F = N_A e */
#define LQ_BOLTZMANN_EV_PER_K 8.617333262145179e-05 /* k_B / e */

/* ---------------------------------------------------------------- measured constants (CODATA 2018)
 */
#define LQ_VACUUM_PERMITTIVITY_F_PER_M 8.8541878128e-12 /* epsilon_0, u_r = 1.5e-10 */
#define LQ_ATOMIC_MASS_UNIT_KG 1.66053906660e-27        /* m_u, u_r = 3.0e-10 */
#define LQ_ELECTRON_MASS_KG 9.1093837015e-31            /* m_e */
#define LQ_BOHR_RADIUS_M 5.29177210903e-11              /* a_0 */
#define LQ_HARTREE_EV 27.211386245988                   /* E_h in eV */
#define LQ_CLASSICAL_ELECTRON_RADIUS_M 2.8179403262e-15 /* r_e (Thomson scattering) */
/* e^2 / (4 pi epsilon_0) in eV*Angstrom = e * 1e10 / (4 pi epsilon_0), from the values above. */
#define LQ_COULOMB_EV_A 14.399645478425668

/* ---------------------------------------------------------------- conversion factors (exact) */
#define LQ_EV_J 1.602176634e-19                           /* 1 eV in J */
#define LQ_EV_PER_PARTICLE_TO_J_PER_MOL 96485.33212331002 /* 1 eV/particle in J/mol (= F / C) */
#define LQ_ANGSTROM_M 1e-10                               /* 1 Angstrom in m */
#define LQ_A3_M3 1e-30                                    /* 1 Angstrom^3 in m^3 */
#define LQ_EV_PER_A3_TO_PA 1.602176634e11                 /* 1 eV/Angstrom^3 in Pa */
#define LQ_GPA_PA 1e9                                     /* 1 GPa in Pa */
#define LQ_BAR_PA 1e5                                     /* 1 bar in Pa */
#define LQ_ATM_PA 101325.0                                /* 1 standard atmosphere in Pa */
#define LQ_CAL_J 4.184                                    /* thermochemical calorie in J */
#define LQ_ZERO_CELSIUS_K 273.15                          /* 0 degC in K */
#define LQ_PS_S 1e-12                                     /* 1 picosecond in s */
#define LQ_FS_S 1e-15                                     /* 1 femtosecond in s */
#define LQ_AMU_G_PER_MOL 1.0 /* 1 u corresponds to 1 g/mol (to 3e-10) */
#define LQ_HOUR_S 3600.0     /* 1 h in s */
#define LQ_CM2_M2 1e-4       /* 1 cm^2 in m^2 */
#define LQ_CM3_M3 1e-6       /* 1 cm^3 in m^3 */

/* ---------------------------------------------------------------- module sections
 * Module-specific constants go into their own section below (keeps merges clean). */

/* --- thermo --- */

/* --- echem --- */
#define LQ_ECHEM_MINUTE_S 60.0 /* 1 min in s (exact) */
#define LQ_ECHEM_MAH_C 3.6     /* 1 mA h = 1e-3 A * 3600 s in C (exact) */

/* echem analyses (src/echem/ref, emf, voltammetry, transients) */
/* Ag/AgCl (NaCl-KCl-1 wt% AgCl) vs Cl2/Cl-: phi = a + b T (Mg-La study, Trans. Nonferrous Met.
 * Soc. China 2025, Eq. 6). */
#define LQ_ECHEM_AGAGCL_VS_CL2_A_V (-1.0910)
#define LQ_ECHEM_AGAGCL_VS_CL2_B_V_PER_K 1.17e-5
/* Two-phase Nd-Sn (x_Nd = 0.10, L + NdSn3) vs Nd(s): E_II = 0.590 + 1.52e-4 T, 724-1075 K
 * (Nd-Bi study, Im et al., Eq. 8, from Lichtenstein et al.). */
#define LQ_ECHEM_NDSN_VS_ND_A_V 0.590
#define LQ_ECHEM_NDSN_VS_ND_B_V_PER_K 1.52e-4
/* Half-peak width of a reversible square-wave voltammetry peak: W1/2 = 3.52 R T / (n F)
 * (Mg-La study §3.1.2; after J. J. O'Dea, J. Osteryoung, R. A. Osteryoung). */
#define LQ_ECHEM_SWV_W_HALF_FACTOR 3.52
/* Peak-current constants (dimensionless): Randles-Sevcik 0.4463 (Bard & Faulkner 2nd ed.,
 * Eq. 6.2.19), Berzins-Delahay 0.6105 (J. Am. Chem. Soc. 75 (1953) 555). */
#define LQ_ECHEM_RANDLES_SEVCIK_CONST 0.4463
#define LQ_ECHEM_BERZINS_DELAHAY_CONST 0.6105
/* Totally irreversible peak, pi^1/2 chi(bt)max = 0.4958 (Bard & Faulkner 2nd ed., Eq. 6.3.8). */
#define LQ_ECHEM_IRREVERSIBLE_CONST 0.4958
/* Scharifker-Hills constants (Electrochim. Acta 28 (1983) 879; Mg-La study Eqs. 3-4). */
#define LQ_ECHEM_SH_INST_A 1.9542
#define LQ_ECHEM_SH_INST_B 1.2564
#define LQ_ECHEM_SH_PROG_A 1.2254
#define LQ_ECHEM_SH_PROG_B 2.3367

/* --- md --- */
/* Potential of a Ag/AgCl reference (low AgCl in NaCl-KCl) vs Cl2/Cl-: phi = A + B T, Eq. (6) of
 * the Mg-La study (seeds/000_434b7334b4684901.txt, Sec. 3.2.2). */
#define LQ_MD_AGAGCL_VS_CL2_A_V (-1.0910)
#define LQ_MD_AGAGCL_VS_CL2_B_V_PER_K 1.17e-5
/* LAMMPS "metal" units from the SI values above (LAMMPS itself uses older rounded values, e.g.
 * mvv2e = 1.0364269e-4, boltz = 8.617343e-5, qqr2e = 14.399645; relative differences < 4e-7). */
/* 1 amu*A^2/ps^2 in eV (kinetic energy of a mass in amu at a speed in A/ps). */
#define LQ_MD_AMU_A2_PS2_EV (LQ_ATOMIC_MASS_UNIT_KG * 1e-20 / 1e-24 / LQ_EV_J)
/* 1 eV/A^3 in bar (pressure of a virial over a volume). */
#define LQ_MD_EV_A3_BAR (LQ_EV_PER_A3_TO_PA / LQ_BAR_PA)
/* 1 amu/A^3 in g/cm^3 (density). */
#define LQ_MD_AMU_A3_G_CM3 (LQ_ATOMIC_MASS_UNIT_KG * 1e3 / 1e-24)

/* --- dft --- */
/* 8 pi^2 a0 / Angstrom, the Mott-Bethe prefactor of X-ray scattering factors from electron factors,
 * as written in the Doyle-Turner formulation used by M. De Graef and M. E. McHenry, Structure of
 * Materials (2007), and pymatgen's XRDCalculator (41.78214; from CODATA a0 it is 41.782158). */
#define LQ_XRD_MOTT_BETHE_A 41.78214
/* X-ray wavelengths in Angstrom (K-alpha: weighted mean of K-alpha1 and K-alpha2), the values of
 * pymatgen's XRDCalculator table (from International Tables for Crystallography Vol. C, Table
 * 4.2.2.1; Bearden, Rev. Mod. Phys. 39 (1967) 78). */
#define LQ_XRD_CU_KALPHA_A 1.54184
#define LQ_XRD_CU_KALPHA1_A 1.54056
#define LQ_XRD_MO_KALPHA_A 0.71073
#define LQ_XRD_CO_KALPHA_A 1.79026
#define LQ_XRD_FE_KALPHA_A 1.93735
#define LQ_XRD_CR_KALPHA_A 2.29100
#define LQ_XRD_AG_KALPHA_A 0.560885

#endif /* LIQUIDUS_UNITS_H */
