/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Molecular dynamics of ionic melts: systems, rigid-ion potentials, Ewald/PPPM, integrators,
 * LAMMPS interchange, trajectory analysis and redox potentials.
 * Units: LAMMPS "metal" units, carried in names: Angstrom (_A), eV (_eV), ps (_ps), amu (_amu),
 * elementary charges (_e), K, bar (_bar). */
#ifndef LIQUIDUS_MD_H
#define LIQUIDUS_MD_H

#include <stddef.h>

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
 * Sections read: Masses, Atom Type Labels, Atoms, Velocities (optional); the header counts "atoms"
 * and "atom types".
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
 * As lq_md_data_read, naming atom types 1, 2, ... from `type_names` ("Na,Cl"; NULL: names from
 * the file only). Names come from, in rising priority, the Masses comments, an "Atom Type Labels"
 * section (LAMMPS 2022+) and type_names. The Masses section may be absent: a named type then
 * takes its element's standard atomic weight (IUPAC 2021).
 * @return as lq_md_data_read; LQ_EINVAL (diag field "types") for more names than types or a name
 *         too long; LQ_EPARSE (field "Masses") for a type with neither a mass nor an element name
 */
LQ_API lq_status lq_md_data_read_types(const char *path, const char *type_names, lq_md_system *sys,
                                       lq_diag *diag);

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
                                below 1e-8 in energy, 1e-6 in force, docs/md-engine.md);
                                0: analytic (default 1) */
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

/* ---------------------------------------------------------------- potentials of any kind */

/**
 * A potential of any kind, read from its file: a record (rigid ions from a `.pot` file; a deep
 * potential from a DeePMD-kit model once its record is registered) and its parameters. Opaque;
 * free with lq_md_model_free. The evaluators and simulations made from a model borrow it: keep
 * the model alive until they are freed.
 */
typedef struct lq_md_model lq_md_model;

/**
 * Reads a potential file, choosing the record by the file's kind (each record recognises its
 * files by name and first bytes; `.pot` text files are rigid-ion models).
 * @param model  new model (out; free with lq_md_model_free), written only on success
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (diag: file, line, field), LQ_EUNSUPPORTED (no
 *         record reads this kind of file; diag names it), LQ_ENOMEM
 */
LQ_API lq_status lq_md_model_read(const char *path, lq_md_model **model, lq_diag *diag);

/**
 * A rigid-ion model holding a copy of `pot`.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_md_model_from_potential(const lq_md_potential *pot, lq_md_model **model);

/** Frees a model (NULL is a no-op). */
LQ_API void lq_md_model_free(lq_md_model *model);

/** Name of the model's record ("born-coul" for rigid ions), "" for NULL. */
LQ_API const char *lq_md_model_kind(const lq_md_model *model);

/** Provenance text of the model (the source/derived lines of a `.pot` file), "" when none. */
LQ_API const char *lq_md_model_source(const lq_md_model *model);

/** The rigid-ion parameters of a born-coul model, NULL for other kinds. */
LQ_API const lq_md_potential *lq_md_model_potential(const lq_md_model *model);

/**
 * Maps a system's species onto the model by name (rigid ions: lq_md_potential_apply).
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (a species the model does not know; diag names it),
 *         LQ_EDOM
 */
LQ_API lq_status lq_md_model_apply(const lq_md_model *model, lq_md_system *sys, lq_diag *diag);

/**
 * lq_md_forcefield_create for a model of any kind (the model must outlive the evaluator).
 * @return as lq_md_forcefield_create, as the record's checks
 */
LQ_API lq_status lq_md_forcefield_create_model(const lq_md_model *model, const lq_md_system *sys,
                                               const lq_md_ff_options *opt, lq_md_forcefield **ff,
                                               lq_diag *diag);

/**
 * lq_md_forcefield_compute with per-atom terms in the system's atom order.
 * @param forces          [n3 = 3 n_atoms] eV/A (out, required here)
 * @param atom_e_eV       [n_atoms] per-atom energies (out), may be NULL
 * @param atom_virial_eV  [9 n_atoms] per-atom virials, row-major xx xy xz yx yy yz zx zy zz
 *                        (out), may be NULL
 * @return as lq_md_forcefield_compute, plus LQ_EUNSUPPORTED when per-atom terms are asked of a
 *         record without them (the rigid-ion record has none)
 */
LQ_API lq_status lq_md_forcefield_compute_atoms(lq_md_forcefield *ff, lq_md_system *sys,
                                                double *forces, size_t n3, lq_md_energy *e,
                                                double *atom_e_eV, double *atom_virial_eV,
                                                lq_diag *diag);

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
 * Draws Maxwell–Boltzmann velocities at T (the library's xoshiro256** generator seeded with
 * `seed`, Box–Muller normal deviates), removes the centre-of-mass momentum and rescales to exactly
 * T with 3N - 3 degrees of freedom. The same seed gives the same velocities.
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
 * The LAMMPS commands of this model (metal units): masses, pair_style born/coul/long with one
 * pair_coeff line per type pair, pair_modify shift when opt->shift, kspace_style ewald or pppm
 * at opt->accuracy with kspace_modify for an explicit g, kmax, mesh and order, and neighbor with
 * the skin. Atom types are the system's species in order (type t+1 = species[t]).
 * @param opt        force-field options (in; NULL: lq_md_ff_options_default)
 * @param table_off  1 adds "pair_modify table 0" (exact erfc, as the regression test needs)
 * @param text       the commands, NUL-terminated, one per line (out; the caller frees it with
 *                   lq_free); written only on success
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (a species not in the potential), LQ_EDOM (a pair of
 *         present species without parameters), LQ_ENOMEM
 */
LQ_API lq_status lq_md_lammps_model_format(const lq_md_system *sys, const lq_md_potential *pot,
                                           const lq_md_ff_options *opt, int table_off, char **text,
                                           lq_diag *diag);

/** lq_md_sim_create for a model of any kind (the model must outlive the simulation). */
LQ_API lq_status lq_md_sim_create_model(const lq_md_system *sys, const lq_md_model *model,
                                        const lq_md_ff_options *ffopt,
                                        const lq_md_run_options *runopt, lq_md_sim **sim,
                                        lq_diag *diag);

/** lq_md_sim_restart_read for a model of any kind (the model must outlive the simulation). */
LQ_API lq_status lq_md_sim_restart_read_model(const char *path, const lq_md_model *model,
                                              const lq_md_ff_options *ffopt,
                                              const lq_md_run_options *runopt, lq_md_sim **sim,
                                              lq_diag *diag);

/** lq_md_lammps_model_format for a model of any kind (the record writes its commands). */
LQ_API lq_status lq_md_model_lammps_format(const lq_md_model *model, const lq_md_system *sys,
                                           const lq_md_ff_options *opt, int table_off, char **text,
                                           lq_diag *diag);

/**
 * A DeePMD-kit model as LAMMPS's `pair_style deepmd` (the DeePMD-kit plugin) runs it.
 * LAMMPS's DeePMD-kit interface loads frozen or converted models (`.pb`, `.pth`, ...), not the
 * backend-independent `.yaml`/`.dp` serialization: a deck for such a file names the `.pth`
 * conversion and gives the `dp convert-backend` command in a comment.
 */
typedef struct lq_md_deepmd_deck {
    const char *model_path;      /**< model file name as given to pair_style (required) */
    size_t n_types;              /**< entries of type_map (>= 1) */
    const char *const *type_map; /**< [n_types] the model's type names in its order */
    size_t n_fparam;             /**< frame parameters passed with `fparam` (0: none) */
    const double *fparam;        /**< [n_fparam] */
} lq_md_deepmd_deck;

/**
 * The LAMMPS model commands of a deep potential: masses, `pair_style deepmd MODEL [fparam ...]`,
 * `pair_coeff * * NAME_1 .. NAME_T` (the type_map name of each atom type, type t+1 =
 * species[t]; a species matches a type_map name exactly or by its element: "Mg0", a neutral Mg
 * atom, is "Mg"), and the neighbour skin.
 * @param skin_A  neighbour skin (the engine's skin_A; 2 by default)
 * @param text    the commands (out; free with lq_free)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (a species matching no type_map name; diag names it),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_md_lammps_deepmd_format(const lq_md_system *sys, const lq_md_deepmd_deck *dp,
                                            double skin_A, char **text, lq_diag *diag);

/** Seed of the Maxwell–Boltzmann velocities when a run starts without any
 * (lq_md_sim_velocities_start). */
#define LQ_MD_VELOCITY_SEED_DEFAULT 12345L

/** 1 when every velocity of `sys` is exactly zero (or there are no atoms), else 0. */
LQ_API int lq_md_system_velocities_zero(const lq_md_system *sys);

/**
 * Starting velocities of a run: with seed >= 0, Maxwell–Boltzmann velocities at T_K drawn with
 * that seed (lq_md_sim_velocities_init); with seed < 0, the system's own velocities are kept
 * unless they are all zero, then they are drawn with LQ_MD_VELOCITY_SEED_DEFAULT.
 * @return LQ_OK, LQ_EINVAL (NULL sim, T < 0 or not finite)
 */
LQ_API lq_status lq_md_sim_velocities_start(lq_md_sim *sim, double T_K, long seed);

/* ---------------------------------------------------------------- energy minimisation */

/**
 * FIRE minimiser settings (defaults: lq_md_min_options_default). FIRE is E. Bitzek, P. Koskinen,
 * F. Gähler, M. Moseler, P. Gumbsch, Phys. Rev. Lett. 97 (2006) 170201; the defaults are theirs
 * and LAMMPS's `min_style fire/old`.
 */
typedef struct lq_md_min_options {
    double ftol_eV_per_A; /**< stop when the largest per-atom force norm is below this (1e-3);
                               0 disables */
    double etol;          /**< stop when |E_k - E_k-1| < etol (|E_k| + |E_k-1|) / 2 after N_min
                               steps without an uphill move, as LAMMPS's etol (0: disabled) */
    long max_iter;        /**< at most this many FIRE steps (= force evaluations), 10000 */
    double dt_ps;         /**< initial FIRE time step, 0.001 */
    double dt_max_factor; /**< dt_max = dt_max_factor * dt_ps (10) */
    double alpha0;        /**< initial velocity mixing (0.1) */
    double f_alpha;       /**< alpha shrink factor after a downhill step (0.99) */
    double f_inc;         /**< time step growth (1.1) */
    double f_dec;         /**< time step shrink on an uphill step (0.5) */
    int n_min;            /**< downhill steps before dt grows and alpha shrinks (5) */
    double dmax_A;        /**< largest displacement of any atom in one step (0.1) */
} lq_md_min_options;

/** Fills the defaults listed in lq_md_min_options. */
LQ_API void lq_md_min_options_default(lq_md_min_options *opt);

/** Why a minimisation stopped. */
typedef enum lq_md_min_stop {
    LQ_MD_MIN_FTOL = 0,   /**< largest force below ftol */
    LQ_MD_MIN_ETOL = 1,   /**< relative energy change below etol */
    LQ_MD_MIN_MAXITER = 2 /**< max_iter reached (not converged) */
} lq_md_min_stop;

/** Outcome of a minimisation. */
typedef struct lq_md_min_result {
    long iterations;              /**< FIRE steps taken (each one force evaluation) */
    double e_initial_eV;          /**< potential energy before */
    double e_final_eV;            /**< potential energy after */
    double fmax_eV_per_A;         /**< largest per-atom force norm after */
    double fmax_initial_eV_per_A; /**< the same before */
    lq_md_min_stop stop;          /**< which criterion ended it */
} lq_md_min_result;

/**
 * Relaxes the positions of `sys` to a local minimum of the potential energy of `ff` (any record:
 * rigid ions, deep potentials) with FIRE; the box is fixed. Velocities of `sys` are untouched
 * (FIRE's own velocities are scratch). Reaching max_iter is not an error: res->stop says so.
 * @param ff    evaluator made for sys (lq_md_forcefield_create_model)
 * @param sys   system whose positions are relaxed (in/out; wrapped into the box at list builds)
 * @param opt   settings (NULL: lq_md_min_options_default)
 * @param res   outcome (out)
 * @return LQ_OK, LQ_EINVAL (bad options or a system that does not match ff), LQ_ENOMEM, or as
 *         lq_md_forcefield_compute (LQ_EDOM: overlapping atoms, non-finite energy)
 */
LQ_API lq_status lq_md_minimize(lq_md_forcefield *ff, lq_md_system *sys,
                                const lq_md_min_options *opt, lq_md_min_result *res, lq_diag *diag);

/**
 * lq_md_minimize on a simulation's system with its force field; forces and energies of the
 * simulation are those of the relaxed configuration afterwards. Call before drawing velocities.
 * @return as lq_md_minimize
 */
LQ_API lq_status lq_md_sim_minimize(lq_md_sim *sim, const lq_md_min_options *opt,
                                    lq_md_min_result *res, lq_diag *diag);

/** Run settings of a LAMMPS input deck beyond the model (lq_md_lammps_deck_write). */
typedef struct lq_md_lammps_deck_options {
    const char *stem;      /**< file stem inside the deck: reads STEM.data, writes
                                STEM.lammpstrj, STEM.final.data, STEM.restart.lmp (required) */
    const char *potential; /**< potential file name, quoted in the header comment (or NULL) */
    long steps;            /**< run length (>= 0) */
    long thermo_every;     /**< thermo output every N steps; 0 means 100 (LAMMPS needs one) */
    long dump_every;       /**< trajectory frame every N steps; 0: no dump */
    long seed;             /**< velocity seed; < 0: as lq_md_sim_velocities_start */
    int table_off;         /**< 1: pair_modify table 0 */
} lq_md_lammps_deck_options;

/**
 * Writes, atomically, the LAMMPS input deck of the run `liquidus md run` would do: a header
 * naming the liquidus version and the potential (its source lines as comments), metal units,
 * read_data, the model (lq_md_lammps_model_format), velocities (the rule of
 * lq_md_sim_velocities_start), the time step, the integrator fix (nve; nvt or npt with
 * Nose–Hoover chains of run->chain_length and the run's T, P, Tdamp, Pdamp), thermo output, an
 * optional dump, the run and the final data and restart files.
 * @param path  the deck (in), e.g. "md.in"
 * @param sys   the system (in): species, and velocities for the seed rule
 * @param pot   the potential (in); its `source` text is quoted in the header
 * @param ff    force-field options (in; NULL: defaults)
 * @param run   integrator settings (in; NULL: defaults)
 * @param deck  deck settings (in)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND, LQ_EDOM (as lq_md_lammps_model_format), LQ_EIO,
 *         LQ_ENOMEM; on failure `path` is left untouched
 */
LQ_API lq_status lq_md_lammps_deck_write(const char *path, const lq_md_system *sys,
                                         const lq_md_potential *pot, const lq_md_ff_options *ff,
                                         const lq_md_run_options *run,
                                         const lq_md_lammps_deck_options *deck, lq_diag *diag);

/** lq_md_lammps_deck_write for a model of any kind (its record writes the model commands). */
LQ_API lq_status lq_md_lammps_deck_write_model(const char *path, const lq_md_system *sys,
                                               const lq_md_model *model, const lq_md_ff_options *ff,
                                               const lq_md_run_options *run,
                                               const lq_md_lammps_deck_options *deck,
                                               lq_diag *diag);

/**
 * The whole LAMMPS deck (as lq_md_lammps_deck_write) of a run with a DeePMD-kit model in
 * LAMMPS (pair_style deepmd, lq_md_lammps_deepmd_format); ff gives the skin (NULL: defaults).
 * @return as lq_md_lammps_deck_write and lq_md_lammps_deepmd_format
 */
LQ_API lq_status lq_md_lammps_deck_write_deepmd(const char *path, const lq_md_system *sys,
                                                const lq_md_deepmd_deck *dp,
                                                const lq_md_ff_options *ff,
                                                const lq_md_run_options *run,
                                                const lq_md_lammps_deck_options *deck,
                                                lq_diag *diag);

/* ============================================================================================ */
/* Builders, LAMMPS interchange, analysis and redox potentials (src/md/io, src/md/analysis)     */
/* ============================================================================================ */

/* ------------------------------------------------------------------------------------------ */
/* Elements and compositions (src/md/build)                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * Standard atomic weight of an element, in g/mol (= amu), from the CIAAW 2021 table (T. Prohaska
 * et al., "Standard atomic weights of the elements 2021 (IUPAC Technical Report)", Pure Appl. Chem.
 * 94 (2022) 573-600); where CIAAW gives an interval, its conventional value. Elements without a
 * standard atomic weight (Tc, Pm, Po-Ac, Np and heavier) are not listed.
 * @param symbol  element symbol, case as written ("Na", "Cl"); trailing charge marks are not
 *                accepted here (see lq_md_species_parse)
 * @param mass_amu  atomic weight (out)
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_ENOTFOUND (unknown symbol or no standard atomic weight)
 */
LQ_API lq_status lq_md_element_mass(const char *symbol, double *mass_amu);

/**
 * Parses a species name as chemists write it into an lq_md_species: "Na" or "Na+" (the element's
 * usual ion in a chloride melt: alkali +1, alkaline earth +2, Sc/Y/La-Lu/Al +3, halide -1, O -2),
 * "Mg2+"/"Mg+2"/"La3+" (explicit charge), "Mg0" (neutral metal atom, as in the ox/red states of the
 * Mg-La study, Table 1). The name stored is the element for ions ("Mg") and the element + "0" for
 * neutral atoms ("Mg0"); the mass is the element's standard atomic weight.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (unknown element, or no usual ion and no charge given)
 */
LQ_API lq_status lq_md_species_parse(const char *text, lq_md_species *sp, lq_diag *diag);

/** Whole numbers of each species: the result of lq_md_composition_parse. */
typedef struct lq_md_composition {
    size_t n_species;
    lq_md_species species[LQ_MD_MAX_SPECIES];
    long count[LQ_MD_MAX_SPECIES]; /**< number of atoms/ions of each species */
    /** salt components (n_salts = 0 for explicit ion counts): formula, mole fraction requested
     *  (before rounding, per formula unit) and whole formula units built */
    size_t n_salts;
    char salt[LQ_MD_MAX_SPECIES][16];
    double salt_x_requested[LQ_MD_MAX_SPECIES];
    long salt_units[LQ_MD_MAX_SPECIES]; /**< formula units of each salt after rounding */
} lq_md_composition;

/** How the size of the system is given to lq_md_composition_parse. */
typedef enum lq_md_size_kind {
    LQ_MD_SIZE_AS_WRITTEN = 0, /**< explicit ion counts only */
    LQ_MD_SIZE_IONS,           /**< total number of ions and atoms (nearest whole formula units) */
    LQ_MD_SIZE_FORMULA_UNITS   /**< total number of formula units */
} lq_md_size_kind;

/**
 * Turns a composition into whole, charge-neutral numbers of ions. Accepted forms:
 *  - explicit counts: "Na:250 K:250 Cl:510 Mg2+:5 Mg0:1" (size must be LQ_MD_SIZE_AS_WRITTEN;
 *    the net charge must be zero);
 *  - salt mixtures: a base ("NaCl", "NaCl-KCl (50.6:49.4 mol%)", "NaCl-KCl (44:56 wt%)",
 *    "NaCl-KCl eutectic", "LiCl-KCl eutectic") followed by additives "+ 0.5 wt% MgCl2",
 *    "+ 2 mol% LaCl3". An additive's wt% or mol% is of the whole final mixture; the base takes the
 *    rest. Each formula must be charge-neutral with the usual ion charges (lq_md_species_parse).
 * Rounding (documented in docs/md-redox.md): the exact, real-valued numbers of formula units for
 * the requested size are rounded by the largest-remainder method so that the total number of
 * formula units is the nearest integer; ions follow from whole formula units, so the result is
 * always charge-neutral, and the ion total may differ from the request by at most the ions of one
 * formula unit per component. A component that rounds to zero formula units is an error (LQ_EDOM,
 * the message gives the smallest size that keeps it).
 * @param text  composition (in)
 * @param size_kind, size  requested size (ignored for LQ_MD_SIZE_AS_WRITTEN, then pass 0)
 * @param out   result (out, written only on success)
 * @return LQ_OK, LQ_EINVAL (syntax, unknown salt or eutectic, non-neutral), LQ_ENOTFOUND (unknown
 *         element), LQ_EDOM (fractions out of [0, 100] or summing over 100, component lost)
 */
LQ_API lq_status lq_md_composition_parse(const char *text, lq_md_size_kind size_kind, double size,
                                         lq_md_composition *out, lq_diag *diag);

/**
 * The reduced state of the Mg-La study, Table 1 (after Nam and Morgan): one cation M^n+ fewer, the
 * n charge-balancing Cl- removed and one neutral M atom added (species "M0"). `ox` is the oxidised
 * state; it must contain the cation and at least n Cl-.
 * @param cation  element symbol of the cation reduced ("Mg", "La")
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (no such cation or no Cl-), LQ_EDOM (too few ions)
 */
LQ_API lq_status lq_md_composition_reduce(const lq_md_composition *ox, const char *cation,
                                          lq_md_composition *red, lq_diag *diag);
/** Mole fraction of salt i as built: salt_units[i] over all salt units (NaN when i >= n_salts
 *  or there are none). */
LQ_API double lq_md_composition_salt_x_compute(const lq_md_composition *c, size_t i);

/** Settings of lq_md_system_build; lq_md_build_options_default gives the defaults noted. */
typedef struct lq_md_build_options {
    double T_K;                 /**< temperature of the Maxwell-Boltzmann velocities (1000 K) */
    double density_g_cm3;       /**< starting mass density (required, > 0; default 0 = unset) */
    double min_separation_A;    /**< smallest distance between two atoms at placement (2.0 A) */
    unsigned long long seed;    /**< random seed: the same seed gives the same system (1) */
    long max_attempts_per_atom; /**< random trials before giving up on one atom (100000) */
} lq_md_build_options;

/** Defaults of lq_md_build_options (density unset). */
LQ_API lq_md_build_options lq_md_build_options_default(void);

/**
 * Builds a system: a cubic box whose edge gives the requested density for the composition's mass,
 * atoms placed uniformly at random with a minimum separation (random sequential addition on a cell
 * grid; reproducible for a seed, xoshiro256** generator), velocities drawn from Maxwell-Boltzmann
 * at T with zero total momentum and rescaled to exactly T (3N - 3 degrees of freedom). Species keep
 * the order of the composition; atoms are grouped by species with ids 1..N.
 * @param sys  new system (out; free with lq_md_system_free)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM, LQ_ENOCONV (an atom found no place within the attempts:
 *         lower the density or the separation)
 */
LQ_API lq_status lq_md_system_build(const lq_md_composition *comp, const lq_md_build_options *opt,
                                    lq_md_system *sys, lq_diag *diag);

/**
 * Mass density of a system in g/cm^3 from its species masses and box volume.
 * @return LQ_OK, LQ_EINVAL (NULL, empty box, a species without mass)
 */
LQ_API lq_status lq_md_system_density(const lq_md_system *sys, double *rho_g_cm3);

/* ------------------------------------------------------------------------------------------ */
/* LAMMPS custom dumps and logs (src/md/io/lammps_dump.c, lammps_log.c)                        */
/* ------------------------------------------------------------------------------------------ */

/** A streaming reader of LAMMPS text dumps (`dump custom` or `atom`). Opaque. */
typedef struct lq_lammps_dump lq_lammps_dump;

/**
 * One frame of a dump. The system's box has its lower corner at the origin (the dump's lower
 * bounds are subtracted and kept in box_lo_A); atoms are sorted by id. Positions are unwrapped when
 * the dump has xu/yu/zu (or xsu..., or x + image flags); otherwise wrapped (`unwrapped` = 0).
 * Species: one per LAMMPS type (species[t-1] for type t); names from the `element` column when
 * present, else from the names given to lq_lammps_dump_open, else "1", "2", ...; masses from the
 * element table when the name is an element; charges from the `q` column (first atom of the type).
 */
typedef struct lq_md_frame {
    long timestep;
    double box_lo_A[3];
    int unwrapped;    /**< 1 when positions are unwrapped */
    int has_velocity; /**< 1 when vx vy vz were read */
    int has_charge;   /**< 1 when q was read */
    lq_md_system sys;
    int has_force;          /**< 1 when fx fy fz were read */
    double *force_eV_per_A; /**< [3 n_atoms] fx fy fz in id order when has_force (the dump's
                                 force unit: eV/A for LAMMPS `units metal`); owned by the frame */
} lq_md_frame;

/**
 * Opens a dump for reading frame by frame (any column order; orthorhombic boxes).
 * @param type_names  optional comma-separated names of types 1, 2, ... ("Na,Cl"), or NULL
 * @return LQ_OK, LQ_EINVAL, LQ_EIO (cannot open), LQ_ENOMEM
 */
LQ_API lq_status lq_lammps_dump_open(const char *path, const char *type_names, lq_lammps_dump **out,
                                     lq_diag *diag);
/**
 * Reads the next frame into `frame` (zero it before the first call; its arrays are reused and
 * grown). Returns LQ_ENOTFOUND at the clean end of the file.
 * @return LQ_OK, LQ_ENOTFOUND (end), LQ_EPARSE (diag: file, line, field), LQ_EUNSUPPORTED
 *         (triclinic box), LQ_ENOMEM, LQ_EIO
 */
LQ_API lq_status lq_lammps_dump_next(lq_lammps_dump *d, lq_md_frame *frame, lq_diag *diag);
/** Closes the reader (NULL is a no-op). */
LQ_API void lq_lammps_dump_close(lq_lammps_dump *d);
/** Frees a frame's arrays and zeroes it (NULL is a no-op). */
LQ_API void lq_md_frame_free(lq_md_frame *frame);

/** A dump being written (atomically: the file appears on lq_lammps_dump_writer_close). Opaque. */
typedef struct lq_lammps_dump_writer lq_lammps_dump_writer;

/** Opens `path` for a custom dump with columns id type element q xu yu zu vx vy vz. */
LQ_API lq_status lq_lammps_dump_writer_open(const char *path, lq_lammps_dump_writer **out,
                                            lq_diag *diag);
/** Appends one frame (positions written as unwrapped: pos + image * box, box from 0 to L). */
LQ_API lq_status lq_lammps_dump_writer_frame(lq_lammps_dump_writer *w, long timestep,
                                             const lq_md_system *sys);
/** Commits the file and frees `w`; on error nothing is left at `path`. */
LQ_API lq_status lq_lammps_dump_writer_close(lq_lammps_dump_writer *w, lq_diag *diag);
/** Discards the file and frees `w` (NULL is a no-op). */
LQ_API void lq_lammps_dump_writer_abort(lq_lammps_dump_writer *w);

/** One thermo block of a LAMMPS log (the rows printed by one `run`). */
typedef struct lq_lammps_thermo_block {
    size_t n_cols;
    char **names; /**< column names as LAMMPS prints them ("Step", "TotEng", ...) */
    size_t n_rows;
    double *values;  /**< row-major [n_rows * n_cols] */
    long first_line; /**< line of the header in the log */
} lq_lammps_thermo_block;

/** All thermo output of a LAMMPS log. */
typedef struct lq_lammps_log {
    size_t n_blocks;
    lq_lammps_thermo_block *blocks;
    size_t n_warnings; /**< WARNING lines met (skipped) */
} lq_lammps_log;

/**
 * Reads every thermo block of a LAMMPS log: thermo_style one/custom (a header line starting with
 * "Step", rows of numbers, ended by "Loop time" or any other text), multi (a "--- Step N --- CPU =
 * t (sec) ---" line then "Name = value" pairs; columns Step, CPU and the names) and yaml
 * ("keywords: [...]" then "- [...]" rows). WARNING lines between rows are skipped and counted; a
 * run cut short (no "Loop time") keeps its complete rows.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_ENOMEM, LQ_EPARSE (a row with the wrong number of values or
 *         a bad number: diag names file, line and column name), LQ_ENOTFOUND (no thermo output)
 */
LQ_API lq_status lq_lammps_log_read(const char *path, lq_lammps_log *log, lq_diag *diag);
/** Frees a log's contents and zeroes it (NULL is a no-op). */
LQ_API void lq_lammps_log_free(lq_lammps_log *log);

/* ------------------------------------------------------------------------------------------ */
/* Time series: reading (LAMMPS log, CSV) and statistics (src/md/analysis/series.c, stats.c)   */
/* ------------------------------------------------------------------------------------------ */

/** A series read from a file: values (and, when the file has one, the time or step column). */
typedef struct lq_md_series {
    size_t n;
    double *value;
    double *time;    /**< step or time as read (NULL when the file has none) */
    char column[64]; /**< the column read */
    char time_column[64];
} lq_md_series;

/**
 * Reads one column as a series from a LAMMPS log (any thermo_style, see lq_lammps_log_read), a
 * LAMMPS `fix print` file (a '#' title line, then rows of blank-separated numbers; columns are
 * named by the title's words when there are as many, else col1, col2, ...) or a CSV file ('#'
 * comments, a header row, comma-separated numbers; e.g. liquidus thermo output or another
 * engine's). The kind is detected from the text.
 * @param column  column name (case-insensitive); NULL picks the total energy: the first of TotEng,
 *                etotal, etot_eV (liquidus md), E_total_eV, Etot_eV, E_tot, total_energy present
 * @param block   for logs: 0 = the last thermo block containing the column, k >= 1 = the k-th
 *                block, -1 = all blocks containing it, joined (a row repeating the previous block's
 *                last step is dropped)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_ENOTFOUND (no such column/block), LQ_ENOMEM
 */
LQ_API lq_status lq_md_series_read(const char *path, const char *column, long block,
                                   lq_md_series *out, lq_diag *diag);
/** Frees a series (NULL is a no-op). */
LQ_API void lq_md_series_free(lq_md_series *s);

#define LQ_MD_BLOCK_MAX_LEVELS 64
/**
 * Flyvbjerg-Petersen block averaging (H. Flyvbjerg, H. G. Petersen, J. Chem. Phys. 91 (1989) 461,
 * Eqs. 27-28): the standard error of the mean at each blocking level and the level where it
 * reaches its plateau.
 */
typedef struct lq_md_block_result {
    double mean;
    double variance; /**< sample variance of the data (n - 1) */
    size_t n_levels;
    size_t
        block_size[LQ_MD_BLOCK_MAX_LEVELS]; /**< data points per block at each level (1, 2, 4..) */
    size_t n_blocks[LQ_MD_BLOCK_MAX_LEVELS];
    double sem[LQ_MD_BLOCK_MAX_LEVELS];     /**< standard error of the mean at each level */
    double sem_err[LQ_MD_BLOCK_MAX_LEVELS]; /**< its uncertainty, sem / sqrt(2 (n_blocks - 1)) */
    size_t plateau_level;                   /**< level chosen (see lq_md_block_average) */
    int plateau_found;               /**< 0 when no level met the criterion (error not converged) */
    double sem_plateau;              /**< standard error of the mean at the chosen level */
    double statistical_inefficiency; /**< g = n sem^2 / variance (1 for uncorrelated data) */
} lq_md_block_result;

/**
 * Block averages with standard errors. The level chosen is the smallest block size B with
 * B^3 > 2 n (sem_B / sem_1)^4 (M. A. Lee et al., Phys. Rev. B 83 (2011) 245125, Sec. IV: blocks
 * long against the correlation time) among levels with at least 8 blocks; if none qualifies, the
 * level with the largest sem among them, with plateau_found = 0.
 * @param x, n  data (n >= 16)
 * @return LQ_OK, LQ_EINVAL (NULL, n < 16, non-finite values)
 */
LQ_API lq_status lq_md_block_average(const double *x, size_t n, lq_md_block_result *res);

/**
 * Start of the equilibrated part of a series by the maximum number of effectively uncorrelated
 * samples (J. D. Chodera, J. Chem. Theory Comput. 12 (2016) 1799, Eq. 9): over candidate starts
 * t0 in the first half of the series (every point when n <= 400, else about 200 evenly spaced),
 * the t0 maximising (n - t0) / g(t0), with
 * g the statistical inefficiency of x[t0..n) from the integrated autocorrelation (Eq. 5-7, summed
 * until the autocorrelation first drops to zero or below).
 * @param t0  first equilibrated index (out); g, n_eff (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL (NULL, n < 16, non-finite)
 */
LQ_API lq_status lq_md_equilibration_detect(const double *x, size_t n, size_t *t0, double *g,
                                            double *n_eff);

/** Statistical inefficiency g = 1 + 2 sum_t (1 - t/n) C(t) (Chodera 2016, Eq. 6), >= 1. */
LQ_API lq_status lq_md_statistical_inefficiency(const double *x, size_t n, double *g);

/** Histogram of a series with a Gaussian fitted to it. */
typedef struct lq_md_histogram {
    size_t n_bins;
    double *center;   /**< [n_bins] bin centres */
    double *count;    /**< [n_bins] counts */
    double width;     /**< bin width */
    double mean, std; /**< sample mean and standard deviation of the data */
    /** Gaussian A exp(-(x - mu)^2 / (2 sigma^2)) fitted to the counts by weighted linear least
     *  squares on ln(count) (weights = counts, Poisson; H. Guo, IEEE Signal Process. Mag. 28 (2011)
     *  134), over bins with at least 1 count */
    double fit_mu, fit_sigma, fit_amplitude;
    int fit_ok;        /**< 1 when the Gaussian could be fitted */
    double fit_mu_err; /**< fit_sigma / sqrt(n): the error of mu for uncorrelated samples (use
                            lq_md_block_average for correlated series) */
} lq_md_histogram;

/**
 * Histogram (n_bins = 0: the Freedman-Diaconis width, at least 5 bins and at most 200) and its
 * Gaussian fit. When the counts are not bell-shaped (fewer than 3 populated bins, or ln(count) not
 * concave), the histogram is still returned with fit_ok = 0 and the fit fields NaN.
 * @param h  result (out); free with lq_md_histogram_free
 * @return LQ_OK, LQ_EINVAL (n < 3, constant data), LQ_ENOMEM
 */
LQ_API lq_status lq_md_histogram_gauss(const double *x, size_t n, size_t n_bins,
                                       lq_md_histogram *h);
/** Frees a histogram's arrays (NULL is a no-op). */
LQ_API void lq_md_histogram_free(lq_md_histogram *h);
/**
 * The fitted Gaussian of a histogram at x: fit_amplitude exp(-(x - fit_mu)^2 / (2 fit_sigma^2)),
 * in counts per bin; NaN when h is NULL or fit_ok is 0.
 */
LQ_API double lq_md_histogram_fit_eval(const lq_md_histogram *h, double x);

/* ------------------------------------------------------------------------------------------ */
/* Structure and transport (src/md/analysis/rdf.c, msd.c)                                      */
/* ------------------------------------------------------------------------------------------ */

/** Partial radial distribution functions accumulated over frames. Opaque. */
typedef struct lq_md_rdf lq_md_rdf;

/**
 * Starts an accumulation of all partial g_ab(r) (a <= b) of `n_species` species on [0, r_max) in
 * n_bins bins.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_md_rdf_create(size_t n_species, double r_max_A, size_t n_bins, lq_md_rdf **out);
/**
 * Adds one frame (minimum-image distances; r_max must not exceed half the shortest box edge).
 * @return LQ_OK, LQ_EINVAL (species mismatch, r_max > L/2 with diag)
 */
LQ_API lq_status lq_md_rdf_add(lq_md_rdf *rdf, const lq_md_system *sys, lq_diag *diag);
/** Frees the accumulator (NULL is a no-op). */
LQ_API void lq_md_rdf_free(lq_md_rdf *rdf);

/** Shells of one pair a-b found in g_ab(r). */
typedef struct lq_md_rdf_pair {
    size_t a, b;
    /** First peak: vertex of the least-squares parabola through g over the top of the peak (the
     *  bins around the maximum of g smoothed over +-0.05 A where the smoothed g is within 20 %
     *  of the peak's height above 1 of that maximum, at least 5 bins; 40, 60, 80 % when the
     *  parabola over the top 20 % does not open downwards with its vertex inside). */
    double r_peak_A, g_peak;
    int has_min;           /**< 1 when a first minimum after the peak was found */
    double r_min_A, g_min; /**< first minimum after the first peak */
    double cn_ab;          /**< mean number of b around an a within r_min (running CN) */
    double cn_ba;          /**< mean number of a around a b within r_min */
    /** Standard errors over blocks of consecutive frames (8 to 16 blocks): the peak's by the
     *  jackknife over the blocks, the minimum's and CN's from the scatter of the blocks' values.
     *  NaN with fewer than 8 frames, or when a block shows no peak or no minimum. */
    double r_peak_err_A, g_peak_err, r_min_err_A, cn_ab_err, cn_ba_err;
    size_t n_blocks; /**< blocks the errors were taken over */
    /** The peak's jackknife errors over blocks half as long (twice as many; NaN with fewer than
     *  16 frames): clearly smaller than r_peak_err_A, g_peak_err when consecutive short blocks
     *  are correlated, i.e. the blocks are not long against the correlation time. */
    double r_peak_err_short_A, g_peak_err_short;
} lq_md_rdf_pair;

/** Number of pairs n_species (n_species + 1) / 2; pair index of (a, b) with a <= b. */
LQ_API size_t lq_md_rdf_n_pairs(const lq_md_rdf *rdf);
LQ_API size_t lq_md_rdf_pair_index(size_t n_species, size_t a, size_t b);
/** Number of bins. */
LQ_API size_t lq_md_rdf_n_bins(const lq_md_rdf *rdf);

/**
 * Results: bin centres r (n_bins), g (n_pairs * n_bins, pair-major), running coordination numbers
 * cn_ab (b around a) and cn_ba (a around b) at the bin's upper edge (n_pairs * n_bins each), and
 * the shells of each pair (n_pairs). Any output pointer may be NULL.
 * g_ab(r) = <n_ab(r)> V / (N_a N_b dV(r)) for a != b and 2 <n_aa(r)> V / (N_a (N_a - 1) dV) for
 * a = b, with dV the exact shell volume, averaged over frames (so an ideal gas gives 1).
 * @return LQ_OK, LQ_EINVAL (no frame added)
 */
LQ_API lq_status lq_md_rdf_result(const lq_md_rdf *rdf, double *r_A, double *g, double *cn_ab,
                                  double *cn_ba, lq_md_rdf_pair *pairs);

/** Mean-square displacement per species over multiple time origins, and D. */
typedef struct lq_md_msd {
    size_t n_lags; /**< number of lags (frames), lag 0 included */
    size_t n_species;
    double dt_ps;   /**< time between frames */
    double *t_ps;   /**< [n_lags] */
    double *msd_A2; /**< [n_species * n_lags] species-major */
    /* diffusion coefficient of each species */
    double D_cm2_s[LQ_MD_MAX_SPECIES];
    double D_err_cm2_s[LQ_MD_MAX_SPECIES]; /**< block error (NaN when blocks are too short) */
    double fit_t0_ps[LQ_MD_MAX_SPECIES], fit_t1_ps[LQ_MD_MAX_SPECIES]; /**< fit range used */
    double loglog_slope[LQ_MD_MAX_SPECIES]; /**< d ln MSD / d ln t over the fit range */
    int diffusive[LQ_MD_MAX_SPECIES];       /**< 1 when |slope - 1| <= tolerance over the range */
    size_t n_blocks;
} lq_md_msd;

/** Settings of lq_md_msd_compute. */
typedef struct lq_md_msd_options {
    double dt_ps;                /**< time between frames (required, > 0) */
    int remove_drift;            /**< 1: subtract the centre-of-mass motion of the system (1) */
    double slope_tolerance;      /**< |d ln MSD / d ln t - 1| allowed in the fit range (0.1) */
    double fit_t0_ps, fit_t1_ps; /**< fixed fit range; 0, 0 = automatic (default) */
    size_t n_blocks;             /**< blocks for the error of D (5) */
} lq_md_msd_options;

/** Defaults of lq_md_msd_options (dt unset). */
LQ_API lq_md_msd_options lq_md_msd_options_default(void);

/**
 * MSD of each species from n_frames frames of unwrapped positions (pos[f][3 n_atoms], equally
 * spaced by dt), over all time origins (Wiener-Khinchin with FFTW: MSD(m) = S1(m) - 2 S2(m), V.
 * Calandrini et al., Collection SFN 12 (2011) 201, Eqs. 13-14), up to lag n_frames / 2. D = slope /
 * 6 of a linear least-squares fit over the fit range; the automatic range is the longest run of
 * lags (longest by t_end / t_start, at least 1.5) in which the local log-log slope (fitted over
 * lags t/1.5 .. 1.5 t) stays within the tolerance of 1, searched among lags up to half a block
 * (when n_blocks >= 2) so that every block can be fitted over the same lags; if there is none, the
 * last half of those lags with diffusive = 0. The error of D: the trajectory cut into n_blocks
 * equal blocks, the MSD of each (all its origins) fitted over the same range, standard error of
 * the block values (NaN when a fixed range reaches beyond half a block).
 * @param pos_A   frame-major unwrapped positions [n_frames * 3 * n_atoms]
 * @param type    [n_atoms] species index; mass_amu [n_species] for drift removal (may be NULL:
 *                then equal weights)
 * @param res     result (out; free with lq_md_msd_free)
 * @return LQ_OK, LQ_EINVAL (n_frames < 8, bad dt), LQ_ENOMEM
 */
LQ_API lq_status lq_md_msd_compute(const double *pos_A, size_t n_frames, size_t n_atoms,
                                   const int *type, size_t n_species, const double *mass_amu,
                                   const lq_md_msd_options *opt, lq_md_msd *res, lq_diag *diag);
/** Frees the arrays of a result (NULL is a no-op). */
LQ_API void lq_md_msd_free(lq_md_msd *res);

/* ------------------------------------------------------------------------------------------ */
/* Whole trajectories and energy series, as the commands use them (src/md/analysis)            */
/* ------------------------------------------------------------------------------------------ */

/** All frames of a dump, positions unwrapped, atoms in id order. */
typedef struct lq_md_trajectory {
    size_t n_frames, n_atoms, n_species;
    lq_md_species species[LQ_MD_MAX_SPECIES];
    int *type;               /**< [n_atoms] */
    long *id;                /**< [n_atoms] */
    long *timestep;          /**< [n_frames] */
    double *box_A;           /**< [3 n_frames] box edges of each frame */
    double *pos_A;           /**< [n_frames * 3 n_atoms] unwrapped positions */
    int unwrapped_by_reader; /**< 0 when the dump had wrapped positions only and they were
                                  unwrapped here by the minimum image between frames */
} lq_md_trajectory;

/**
 * Reads the frames of a LAMMPS dump into memory: frames skip, skip + every, ... (every >= 1),
 * at most max_frames of them (0: all).
 * Wrapped-only dumps are unwrapped by the minimum image between consecutive frames kept (valid
 * while no atom moves more than half a box edge between them).
 * @param type_names  as lq_lammps_dump_open
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_ENOMEM, LQ_ENOTFOUND (no frame kept), LQ_EPARSE (as the
 *         reader, or the atoms, ids or types change between frames), LQ_EUNSUPPORTED
 */
LQ_API lq_status lq_md_trajectory_read(const char *path, const char *type_names, size_t skip,
                                       size_t every, size_t max_frames, lq_md_trajectory *traj,
                                       lq_diag *diag);
/** Frees a trajectory (NULL is a no-op). */
LQ_API void lq_md_trajectory_free(lq_md_trajectory *traj);
/**
 * Mean mass density over the frames and its standard error (block average when there are at least
 * 16 frames, else NaN error), in g/cm^3.
 * @return LQ_OK, LQ_EINVAL (a species without mass)
 */
LQ_API lq_status lq_md_trajectory_density(const lq_md_trajectory *traj, double *rho_g_cm3,
                                          double *rho_err_g_cm3);

/**
 * Time between frames from the dump's TIMESTEP values: (timestep[1] - timestep[0]) x the MD time
 * step, when every frame is that many steps after the previous one.
 * @param timestep_ps  MD time step (LAMMPS metal units: 0.001 ps)
 * @return LQ_OK, LQ_EINVAL (fewer than 2 frames, timestep_ps not > 0), LQ_EPARSE (frames not
 *         equally spaced or not increasing; diag names the two TIMESTEP values)
 */
LQ_API lq_status lq_md_trajectory_frame_dt_compute(const lq_md_trajectory *traj, double timestep_ps,
                                                   double *dt_ps, lq_diag *diag);
/** 1 when every species of the trajectory has a mass (element names were known), else 0. */
LQ_API int lq_md_trajectory_masses_known(const lq_md_trajectory *traj);

/**
 * lq_md_msd_compute over a whole trajectory, the drift removed with the species' masses when
 * they are known (lq_md_trajectory_masses_known), with equal weights otherwise.
 * @return as lq_md_msd_compute
 */
LQ_API lq_status lq_md_msd_trajectory_compute(const lq_md_trajectory *traj,
                                              const lq_md_msd_options *opt, lq_md_msd *res,
                                              lq_diag *diag);

/**
 * The straight line MSD = a + 6 D t of species s over its fit range at time t_ps (A^2): slope
 * from D_cm2_s[s], intercept a = mean(MSD) - slope mean(t) over the lags of the fit range. NaN
 * when D is not finite or s is out of range.
 */
LQ_API double lq_md_msd_fit_eval(const lq_md_msd *res, size_t s, double t_ps);

/** Partial g(r) of a whole trajectory, its shells, and the mean density
 * (lq_md_rdf_trajectory_compute). */
typedef struct lq_md_rdf_data {
    double r_max_A;                          /**< largest r used */
    double dr_A;                             /**< bin width, r_max_A / n_bins */
    size_t n_bins;                           /**< floor(r_max / dr + 1e-9) of the requested dr */
    size_t n_pairs;                          /**< n_species (n_species + 1) / 2 */
    double *r_A;                             /**< [n_bins] bin centres */
    double *g;                               /**< [n_pairs * n_bins] pair-major */
    double *cn_ab;                           /**< [n_pairs * n_bins] running CN of b around a */
    double *cn_ba;                           /**< [n_pairs * n_bins] running CN of a around b */
    lq_md_rdf_pair *pairs;                   /**< [n_pairs] first shells */
    int have_density;                        /**< 1 when lq_md_trajectory_density succeeded */
    double density_g_cm3, density_err_g_cm3; /**< (error NaN for fewer than 16 frames) */
} lq_md_rdf_data;

/**
 * g(r) of every frame of a trajectory (lq_md_rdf_create/_add/_result) and its mean density.
 * @param r_max_A  largest r, or NaN for half the shortest box edge over the frames, at most 15 A
 * @param dr_A     requested bin width (> 0)
 * @param out      result (out, on success only), free with lq_md_rdf_data_free
 * @return LQ_OK, LQ_EINVAL (NULL, dr <= 0, fewer than 2 bins), LQ_EDOM (r_max beyond half a
 *         box; as lq_md_rdf_add), LQ_ENOMEM
 */
LQ_API lq_status lq_md_rdf_trajectory_compute(const lq_md_trajectory *traj, double r_max_A,
                                              double dr_A, lq_md_rdf_data **out, lq_diag *diag);
/** Frees rdf data (NULL is a no-op). */
LQ_API void lq_md_rdf_data_free(lq_md_rdf_data *data);

/** Statistics of an energy (or any) series: equilibration, block average, Gaussian fit. */
typedef struct lq_md_series_stats {
    size_t n;                 /**< points read */
    size_t t0;                /**< first point used (equilibration detected or given) */
    int t0_detected;          /**< 1 when t0 came from lq_md_equilibration_detect */
    size_t n_used;            /**< n - t0 */
    double g_chodera;         /**< statistical inefficiency of the used part */
    lq_md_block_result block; /**< block average of the used part */
    lq_md_histogram hist;     /**< histogram and Gaussian fit of the used part (owned) */
    /** 1 when the Gaussian centre should not be trusted (no fit, a centre outside the data used,
     *  or a centre that disagrees with the block mean by more than 3 combined standard errors,
     *  the sign of drift left after the equilibration cut); `gauss_reason` says which. */
    int gauss_flagged;
    char gauss_reason[192];
} lq_md_series_stats;

/**
 * Equilibration (unless skip >= 0 is given: then t0 = skip), block average and histogram with a
 * Gaussian fit of x[t0..n).
 * @param skip    points to drop, or -1 for automatic detection
 * @param n_bins  histogram bins (0 = automatic)
 * @param st      result (out; free with lq_md_series_stats_free)
 * @return LQ_OK, LQ_EINVAL (fewer than 16 points used, non-finite values, constant data),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_md_series_stats_compute(const double *x, size_t n, long skip, size_t n_bins,
                                            lq_md_series_stats *st);
/** Frees the histogram of a result (NULL is a no-op). */
LQ_API void lq_md_series_stats_free(lq_md_series_stats *st);

/* ------------------------------------------------------------------------------------------ */
/* Redox potentials from total energies (src/md/redox)                                         */
/* ------------------------------------------------------------------------------------------ */

/** Input of lq_md_redox_potential: energies of the oxidised and reduced states (Table 1). */
typedef struct lq_md_redox_input {
    double e_ox_eV, e_ox_err_eV; /**< ensemble-average total energy and its standard error */
    double e_red_eV, e_red_err_eV;
    int n_electrons;                 /**< n of M^n+ + n e- -> M */
    double mu_cl2_eV, mu_cl2_err_eV; /**< chemical potential of Cl2 (per molecule) */
    double T_K;                      /**< temperature for the Ag/AgCl conversion (> 0) */
} lq_md_redox_input;

/** Output of lq_md_redox_potential. */
typedef struct lq_md_redox_result {
    double dG_eV;               /**< E_red + (n/2) mu(Cl2) - E_ox */
    double E_vs_cl2_V;          /**< -dG / (n e), vs Cl2/Cl- */
    double E_err_V;             /**< propagated standard error */
    double phi_agagcl_vs_cl2_V; /**< Mg-La study Eq. 6 at T */
    double E_vs_agagcl_V;       /**< E_vs_cl2 - phi_agagcl_vs_cl2 */
} lq_md_redox_result;

/**
 * Redox potential of M^n+/M vs Cl2/Cl- from the energies of the oxidised and reduced states (H. O.
 * Nam, D. Morgan, J. Nucl. Mater. 465 (2015) 224; Mg-La study Sec. 3.2.2): the reduced state
 * differs by MCl_n -> M + (n/2) Cl2, so dG = E_red + (n/2) mu(Cl2) - E_ox and E = -dG / (n e); vs
 * Ag/AgCl with Eq. 6 of the Mg-La study, phi(Ag/AgCl vs Cl2/Cl-) = -1.0910 + 1.17e-5 T. Errors add
 * in quadrature. Signs and derivation: docs/md-redox.md.
 * @return LQ_OK, LQ_EINVAL (NULL, n < 1, non-finite, T <= 0, negative errors)
 */
LQ_API lq_status lq_md_redox_potential(const lq_md_redox_input *in, lq_md_redox_result *out);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_MD_H */
