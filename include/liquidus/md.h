/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Molecular dynamics of ionic melts: systems, rigid-ion potentials, Ewald/PPPM, integrators,
 * LAMMPS interchange, trajectory analysis and redox potentials.
 * Units: LAMMPS "metal" units, carried in names: Angstrom (_A), eV (_eV), ps (_ps), amu (_amu),
 * elementary charges (_e), K, bar (_bar). */
#ifndef LIQUIDUS_MD_H
#define LIQUIDUS_MD_H

#include <stddef.h>
#include <stdio.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================================================ */
/* Systems (shared by the engine, the builders, the LAMMPS readers/writers and the analyses)     */
/* ============================================================================================ */

#define LQ_MD_MAX_SPECIES 16
#define LQ_MD_SPECIES_NAME 8

/** One atom or ion type. */
typedef struct lq_md_species {
    char name[LQ_MD_SPECIES_NAME]; /**< e.g. "Na", "Cl", "La" */
    double mass_amu;
    double charge_e; /**< formal charge in elementary charges (0 for a neutral metal atom) */
} lq_md_species;

/**
 * Atoms in an orthorhombic periodic box with its lower corner at the origin. The arrays are owned
 * by the system (lq_md_system_alloc / lq_md_system_free). Positions may lie outside [0, L)
 * (unwrapped); `image` then counts the box crossings when known (all zero otherwise).
 */
typedef struct lq_md_system {
    size_t n_atoms;
    size_t n_species;
    lq_md_species species[LQ_MD_MAX_SPECIES];
    double box_A[3];      /**< edge lengths */
    double *pos_A;        /**< [3 * n_atoms] x, y, z of atom i at 3i..3i+2 */
    double *vel_A_per_ps; /**< [3 * n_atoms] */
    int *type;            /**< [n_atoms] index into species[] */
    long *id;             /**< [n_atoms] 1-based atom ids (LAMMPS convention) */
    int *image;           /**< [3 * n_atoms] periodic image flags */
} lq_md_system;

/**
 * Allocates the arrays of a system of n atoms (zeroed; ids set to 1..n). `sys` itself is the
 * caller's (e.g. on the stack); lq_md_system_free releases only the arrays.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM (then nothing is allocated)
 */
LQ_API lq_status lq_md_system_alloc(lq_md_system *sys, size_t n_atoms);
/** Frees the arrays of a system and zeroes it (NULL is a no-op). */
LQ_API void lq_md_system_free(lq_md_system *sys);

/* ============================================================================================ */
/* Engine: potentials, Coulomb (Ewald, PPPM), neighbour lists, integrators (src/md)              */
/* ============================================================================================ */

/* ---------------------------------------------------------------- LAMMPS data files */

/**
 * Reads a LAMMPS data file with atom_style charge ("id type q x y z [ix iy iz]") and an
 * orthorhombic box (xlo xhi, ylo yhi, zlo zhi; a non-zero "xy xz yz" tilt line is refused).
 * Sections read: Masses, Atoms, Velocities (optional); the header counts "atoms" and "atom types".
 * Positions are shifted so that the lower box corner is the origin. A species name is taken from
 * a comment after its mass ("1 22.98977 # Na"); without one the name is "" (map it with
 * lq_md_potential_apply). All atoms of one type must carry the same charge (the system stores
 * charges per species). Atoms are stored sorted by id.
 * @param path  file to read (in)
 * @param sys   system to fill (out; free with lq_md_system_free); untouched on error
 * @param diag  file, line and field of the first problem
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (malformed file), LQ_EUNSUPPORTED (triclinic box or
 *         another atom style), LQ_ENOMEM
 * Format: LAMMPS manual, read_data command.
 */
LQ_API lq_status lq_md_data_read(const char *path, lq_md_system *sys, lq_diag *diag);

/**
 * Writes a system as a LAMMPS data file (atom_style charge, with "# name" after each mass, image
 * flags and a Velocities section) that LAMMPS's read_data and lq_md_data_read read back exactly
 * (numbers in %.17g). Written atomically (temporary + rename).
 * @param title  first line (free text, may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO
 */
LQ_API lq_status lq_md_data_write(const char *path, const lq_md_system *sys, const char *title,
                                  lq_diag *diag);

/* ---------------------------------------------------------------- rigid-ion potentials */

/**
 * One Born–Mayer–Huggins pair in LAMMPS's `born` form (pair_style born, born/coul/long):
 *   E(r) = A exp((sigma - r) / rho) - C / r^6 + D / r^8.
 * Tosi–Fumi's -D/r^8 dipole–quadrupole term therefore enters with D < 0.
 */
typedef struct lq_md_born {
    double A_eV;
    double rho_A;
    double sigma_A;
    double C_eV_A6;
    double D_eV_A8;
} lq_md_born;

/** Maximum length of the provenance text kept from a potential file. */
#define LQ_MD_SOURCE_SIZE 2048

/**
 * A rigid-ion model: species (name, mass, formal charge) and Born pairs between them.
 * Read from the text format documented in docs/md-engine.md and data/md/README.md.
 */
typedef struct lq_md_potential {
    size_t n_species;
    lq_md_species species[LQ_MD_MAX_SPECIES];
    lq_md_born pair[LQ_MD_MAX_SPECIES][LQ_MD_MAX_SPECIES]; /**< symmetric */
    unsigned char has_pair[LQ_MD_MAX_SPECIES][LQ_MD_MAX_SPECIES];
    char source[LQ_MD_SOURCE_SIZE]; /**< "source"/"derived" lines of the file, newline-separated */
} lq_md_potential;

/**
 * Reads a potential file (lines: `species NAME mass M_amu charge Q_e`,
 * `pair I J A_eV rho_A sigma_A C_eV_A6 D_eV_A8`, `source TEXT`, `derived TEXT`, `#` comments).
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (diag: file, line, field), LQ_ENOMEM
 */
LQ_API lq_status lq_md_potential_read(const char *path, lq_md_potential *pot, lq_diag *diag);

/**
 * Index of a species of a potential by name (case-sensitive).
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND
 */
LQ_API lq_status lq_md_potential_find(const lq_md_potential *pot, const char *name, size_t *index);

/**
 * Gives the species of a system their potential's masses and charges, matching by name; a species
 * with an empty name is matched by mass (within 0.05 amu, unique) and named. The potential is
 * authoritative for charges (a data file's charges are replaced; diag carries a warning then).
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (a species unknown to the potential; diag names it),
 *         LQ_EDOM (a pair of present species without parameters)
 */
LQ_API lq_status lq_md_potential_apply(const lq_md_potential *pot, lq_md_system *sys,
                                       lq_diag *diag);

/* ---------------------------------------------------------------- force field */

/** Long-range Coulomb solver. */
typedef enum lq_md_kspace {
    LQ_MD_KSPACE_EWALD = 0, /**< Ewald summation (exact to the requested accuracy) */
    LQ_MD_KSPACE_PPPM = 1   /**< particle–particle particle–mesh, FFTW3, ik differentiation */
} lq_md_kspace;

/** Settings of the energy/force evaluation (defaults: lq_md_ff_options_default). */
typedef struct lq_md_ff_options {
    double cutoff_A; /**< real-space cutoff of Born and Coulomb terms (10) */
    int shift;       /**< 1: Born energy shifted to 0 at the cutoff (LAMMPS pair_modify shift) */
    lq_md_kspace kspace; /**< LQ_MD_KSPACE_PPPM */
    double accuracy; /**< relative RMS force accuracy (LAMMPS kspace_style ... accuracy), 1e-5 */
    int pppm_order;  /**< charge assignment order 2..7 (5) */
    double g_ewald_per_A;  /**< Ewald splitting parameter; 0 = chosen from accuracy like LAMMPS */
    int kmax[3];           /**< Ewald k-vectors per axis; 0 = chosen from accuracy */
    int mesh[3];           /**< PPPM mesh; 0 = chosen from accuracy */
    double skin_A;         /**< Verlet-list skin (2.0) */
    double min_distance_A; /**< pairs closer than this are an error ("overlapping atoms"), 0.5 */
    int n_threads;         /**< OpenMP threads for the pair loop; 0 = OpenMP's default */
    int tabulate;          /**< 1: pair energy and force from cubic Hermite tables in r^2
                                (2048 intervals from min_distance to the cutoff; relative error
                                below 1e-8 in energy, 1e-6 in force, see docs/md-engine.md); 0: analytic (1) */
} lq_md_ff_options;

/** Fills the defaults listed in lq_md_ff_options. */
LQ_API void lq_md_ff_options_default(lq_md_ff_options *opt);

/** Energy terms of one evaluation, eV; virial W_ab = sum r_a F_b in eV (xx yy zz xy xz yz). */
typedef struct lq_md_energy {
    double born_eV;        /**< Born–Mayer–Huggins terms (shifted when options.shift); with
                                tabulate = 1 the whole real-space pair energy (Born + Coulomb) */
    double coul_real_eV;   /**< erfc-screened real-space Coulomb (0 with tabulate = 1) */
    double coul_kspace_eV; /**< reciprocal space + self + neutralising background */
    double total_eV;       /**< potential energy */
    double virial_eV[6];
} lq_md_energy;

/** What the long-range solver chose. */
typedef struct lq_md_kspace_info {
    lq_md_kspace kspace;
    double g_ewald_per_A;
    int kmax[3];            /**< Ewald */
    int mesh[3];            /**< PPPM */
    int order;              /**< PPPM */
    double est_force_error; /**< estimated RMS force error, eV/A (LAMMPS's estimate) */
    double est_relative; /**< the same relative to the force between two unit charges 1 A apart */
} lq_md_kspace_info;

/** Energy/force evaluator for one system size and species set (opaque). */
typedef struct lq_md_forcefield lq_md_forcefield;

/**
 * Prepares the evaluation of `pot` for `sys` (species, charges, box; the arrays are not kept).
 * Checks: every species present has pair parameters with every other (LQ_EDOM), the box is at
 * least twice the cutoff in each direction (LQ_EDOM), the system is neutral within 1e-8 e.
 * @param ff  new evaluator (out), free with lq_md_forcefield_free
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM, LQ_ENOMEM
 */
LQ_API lq_status lq_md_forcefield_create(const lq_md_potential *pot, const lq_md_system *sys,
                                         const lq_md_ff_options *opt, lq_md_forcefield **ff,
                                         lq_diag *diag);
/** Frees an evaluator (NULL is a no-op). */
LQ_API void lq_md_forcefield_free(lq_md_forcefield *ff);

/**
 * Energy and forces of a configuration (pair + Ewald or PPPM Coulomb), rebuilding the Verlet list
 * when an atom moved more than half the skin or the box changed; a rebuild wraps the positions
 * into the box and updates the image flags (the unwrapped trajectory is unchanged). Coulomb
 * energy uses e^2/(4 pi eps0) = LQ_COULOMB_EV_A.
 * @param forces  [n3 = 3 n_atoms] eV/A (out), may be NULL
 * @param e       energy terms (out), may be NULL
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM (two atoms closer than min_distance_A; diag names their ids,
 *         or the box shrank below twice the cutoff), LQ_ENOMEM
 */
LQ_API lq_status lq_md_forcefield_compute(lq_md_forcefield *ff, lq_md_system *sys, double *forces,
                                          size_t n3, lq_md_energy *e, lq_diag *diag);
/** The long-range settings in use (after create). */
LQ_API void lq_md_forcefield_kspace_info(const lq_md_forcefield *ff, lq_md_kspace_info *info);

/* ---------------------------------------------------------------- dynamics */

/** Statistical ensemble of a run. */
typedef enum lq_md_ensemble {
    LQ_MD_NVE = 0,
    LQ_MD_NVT = 1, /**< Nose–Hoover chain (Martyna, Klein, Tuckerman, JCP 97 (1992) 2635) */
    LQ_MD_NPT = 2  /**< isotropic MTK barostat + chains (Martyna, Tobias, Klein, JCP 101 (1994)
                        4177; Tuckerman et al., J. Phys. A 39 (2006) 5629) */
} lq_md_ensemble;

/** Integrator settings (defaults: lq_md_run_options_default). */
typedef struct lq_md_run_options {
    lq_md_ensemble ensemble; /**< LQ_MD_NVE */
    double T_K;              /**< target temperature (NVT, NPT), 1000 */
    double P_bar;            /**< target pressure (NPT), 1 */
    double dt_ps;            /**< time step, 0.001 */
    double tdamp_ps;         /**< thermostat period (LAMMPS Tdamp), 0.1 */
    double pdamp_ps;         /**< barostat period (LAMMPS Pdamp), 1.0 */
    int chain_length;        /**< Nose–Hoover chain length, 3 */
} lq_md_run_options;

/** Fills the defaults listed in lq_md_run_options. */
LQ_API void lq_md_run_options_default(lq_md_run_options *opt);

/** Instantaneous thermodynamic state. Temperature uses 3N - 3 degrees of freedom. */
typedef struct lq_md_thermo {
    long step;
    double time_ps;
    double T_K;
    double pe_eV;
    double ke_eV;
    double etot_eV;       /**< pe + ke */
    double econserved_eV; /**< etot + thermostat/barostat energy (constant for exact dynamics) */
    double P_bar;         /**< virial pressure */
    double volume_A3;
    double density_g_cm3;
} lq_md_thermo;

/** A running simulation (owns a copy of the system, the force field and the integrator state). */
typedef struct lq_md_sim lq_md_sim;

/**
 * Creates a simulation from a copy of `sys` and computes the initial forces.
 * @return as lq_md_forcefield_create and _compute, plus LQ_EINVAL for bad run options
 */
LQ_API lq_status lq_md_sim_create(const lq_md_system *sys, const lq_md_potential *pot,
                                  const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                                  lq_md_sim **sim, lq_diag *diag);
/** Frees a simulation (NULL is a no-op). */
LQ_API void lq_md_sim_free(lq_md_sim *sim);

/**
 * Draws Maxwell–Boltzmann velocities at T (GSL mt19937 seeded with `seed`, Gaussian by
 * Box–Muller of gsl_ran_gaussian), removes the centre-of-mass momentum and rescales to exactly T
 * with 3N - 3 degrees of freedom. The same seed gives the same velocities.
 * @return LQ_OK, LQ_EINVAL (T < 0 or not finite)
 */
LQ_API lq_status lq_md_sim_velocities_init(lq_md_sim *sim, double T_K, unsigned long seed);

/**
 * Called every `every` steps (and after the last step) during lq_md_sim_run; a non-zero return
 * stops the run after the current step (lq_md_sim_run then returns LQ_OK).
 */
typedef int (*lq_md_step_callback)(void *user, const lq_md_sim *sim);

/**
 * Advances n_steps of velocity Verlet in the chosen ensemble.
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM (atoms overlapped, the box collapsed, or the temperature
 *         became non-finite: the state is then the last finite one)
 */
LQ_API lq_status lq_md_sim_run(lq_md_sim *sim, long n_steps, lq_md_step_callback cb, void *user,
                               long every, lq_diag *diag);

/** Current thermodynamic state. */
LQ_API void lq_md_sim_thermo(const lq_md_sim *sim, lq_md_thermo *out);
/** The simulation's system (positions wrapped at the last list build, image flags kept). */
LQ_API const lq_md_system *lq_md_sim_system(const lq_md_sim *sim);
/** Forces of the current configuration, [3 n_atoms] eV/A. */
LQ_API const double *lq_md_sim_forces(const lq_md_sim *sim);
/** The long-range settings in use. */
LQ_API void lq_md_sim_kspace_info(const lq_md_sim *sim, lq_md_kspace_info *info);

/**
 * Writes a restart file: text, every real number as a C99 hexadecimal float, so that a run read
 * back with lq_md_sim_restart_read and the same options continues the same trajectory bit for bit
 * (the writer rebuilds the Verlet list and recomputes forces first, as the reader does).
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_md_sim_restart_write(lq_md_sim *sim, const char *path, lq_diag *diag);

/**
 * Creates a simulation from a restart file (system, step, thermostat and barostat state).
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (diag: file, line), LQ_ENOMEM, or as _create
 */
LQ_API lq_status lq_md_sim_restart_read(const char *path, const lq_md_potential *pot,
                                        const lq_md_ff_options *ffopt,
                                        const lq_md_run_options *runopt, lq_md_sim **sim,
                                        lq_diag *diag);

/**
 * Writes the LAMMPS commands of this model (metal units): masses, pair_style born/coul/long with
 * one pair_coeff line per type pair, pair_modify shift when opt->shift, kspace_style ewald or pppm
 * at opt->accuracy with kspace_modify for an explicit g, kmax, mesh and order, and neighbor with
 * the skin. Atom types are the system's species in order (type t+1 = species[t]).
 * @param table_off  1 adds "pair_modify table 0" (exact erfc, as the regression test needs)
 * @return LQ_OK, LQ_EINVAL, LQ_EDOM (a pair of present species without parameters), LQ_EIO
 */
LQ_API lq_status lq_md_lammps_model_write(FILE *stream, const lq_md_system *sys,
                                          const lq_md_potential *pot, const lq_md_ff_options *opt,
                                          int table_off, lq_diag *diag);

/**
 * Appends one frame in LAMMPS's text dump format ("dump custom" with columns
 * id type x y z ix iy iz vx vy vz; box "pp pp pp"; positions wrapped into the box, so unwrapped
 * x + ix Lx). Distances in A, velocities in A/ps.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO
 */
LQ_API lq_status lq_md_dump_write_frame(FILE *stream, long step, const lq_md_system *sys);

/* ============================================================================================ */
/* Builders, LAMMPS interchange, analysis and redox potentials (src/md/io, src/md/analysis)     */
/* ============================================================================================ */

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_MD_H */
