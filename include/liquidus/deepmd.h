/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deep potentials: DeePMD-kit models (backend-independent serialization, format version 2) read,
 * evaluated in float64 (energies, forces, virials) and written with random weights.
 * Units: Angstrom (_A), eV (_eV), as DeePMD-kit and LAMMPS "metal". */
#ifndef LIQUIDUS_DEEPMD_H
#define LIQUIDUS_DEEPMD_H

#include <stddef.h>

#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A DeePMD-kit energy model (descriptor se_e2_a or se_e2_r + energy fitting net); opaque. */
typedef struct lq_dp_model lq_dp_model;

/** Descriptor kinds that liquidus evaluates. */
typedef enum lq_dp_descriptor {
    LQ_DP_SE_E2_A = 0, /**< smooth edition, full environment matrix ("se_e2_a", "se_a") */
    LQ_DP_SE_E2_R = 1  /**< smooth edition, radial only ("se_e2_r", "se_r") */
} lq_dp_descriptor;

/**
 * Reads a model written by DeePMD-kit's `dp convert-backend` (deepmd/dpmodel/utils/
 * serialization.py): the YAML form (`.yaml`/`.yml`, arrays as {"@class": "np.ndarray", dtype,
 * value}) or the HDF5 form (`.dp`/`.hlo`: the tree as JSON in the root attribute "json", each
 * array a dataset named by its string). The form is chosen by the extension. Only
 * model.type "standard" with descriptor se_e2_a/se_e2_r and fitting "ener" is accepted; any other
 * class or option (spin, compression, use_exp_switch, unknown activation, ...) is refused naming
 * it. Shapes, finiteness of every weight and the type maps are checked.
 * @param path   model file (in)
 * @param out    the model (out; free with lq_dp_model_free); untouched on error
 * @param diag   file and key path (e.g. "model.descriptor.sel") of the first problem
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (malformed tree, shapes, NaN),
 *         LQ_EUNSUPPORTED (a class or option not implemented), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_model_read(const char *path, lq_dp_model **out, lq_diag *diag);
/** Frees a model (NULL is a no-op). */
LQ_API void lq_dp_model_free(lq_dp_model *m);

/**
 * Model compression (DeePMD-kit's idea, Lu et al., J. Chem. Theory Comput. 18 (2022) 5559): each
 * embedding net is replaced by a table of fifth-order polynomials on a uniform grid of its input
 * (value, first and second derivatives matched at the nodes), covering neighbour distances from
 * r_min_A to rcut; inputs outside the table use the exact net. The interpolation error is at most
 * step^6 / 46080 * max|g^(6)| per output; the largest error of g and dg/ds found at the interval
 * midpoints is returned in max_err. Later lq_dp_compute calls use the tables.
 * @param step      grid step of the embedding input (DeePMD-kit uses 0.01)
 * @param r_min_A   smallest neighbour distance to tabulate, Angstrom
 * @param max_err   measured largest error (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_EUNSUPPORTED (an activation without tabulated derivatives: gelu,
 *         relu, relu6), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_model_compress(lq_dp_model *m, double step, double r_min_A, double *max_err,
                                      lq_diag *diag);

/** Number of atom types of the model (length of its type_map). */
LQ_API size_t lq_dp_model_ntypes(const lq_dp_model *m);
/** Name of type t in the model's type_map ("O", "Na", ...); NULL when t is out of range. */
LQ_API const char *lq_dp_model_type_name(const lq_dp_model *m, size_t t);
/** Index of a type_map name. @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND */
LQ_API lq_status lq_dp_model_type_find(const lq_dp_model *m, const char *name, size_t *t);
/** Cut-off radius of the descriptor, Angstrom. */
LQ_API double lq_dp_model_rcut_A(const lq_dp_model *m);
/** Descriptor kind. */
LQ_API lq_dp_descriptor lq_dp_model_descriptor(const lq_dp_model *m);
/** Number of frame parameters (fparam) the model takes. */
LQ_API size_t lq_dp_model_dim_fparam(const lq_dp_model *m);
/** Number of atomic parameters (aparam) per atom the model takes. */
LQ_API size_t lq_dp_model_dim_aparam(const lq_dp_model *m);
/** Length of one atom's descriptor (ng x axis_neuron for se_e2_a, ng for se_e2_r). */
LQ_API size_t lq_dp_model_dim_descriptor(const lq_dp_model *m);
/** Width of the last hidden layer of the fitting net (0 when it has none). */
LQ_API size_t lq_dp_model_dim_fit_last(const lq_dp_model *m);

/** One configuration to evaluate. */
typedef struct lq_dp_frame {
    size_t n_atoms;
    const int *type;      /**< [n_atoms] model type index of each atom (0..ntypes-1) */
    const double *pos_A;  /**< [3 n_atoms] Cartesian positions */
    const double *box_A;  /**< [9] cell, rows are the lattice vectors a, b, c (any triclinic
                               cell, right- or left-handed); NULL for an open cluster */
    const double *fparam; /**< [dim_fparam] frame parameters (NULL when the model takes none) */
    const double *aparam; /**< [n_atoms x dim_aparam] atomic parameters, atom-major (NULL when
                               the model takes none) */
} lq_dp_frame;

/**
 * Outputs of lq_dp_compute. Every array is caller-owned and optional (NULL: not computed).
 * Virials follow DeePMD-kit: virial[3k + l] = -sum over pairs of (dE/dr_ij)_k (r_ij)_l with
 * r_ij = r_j - r_i, and the per-atom virial puts each pair's share on the neighbour j, so that
 * summing atom_virial gives virial and -virial/V is the potential part of the stress.
 */
typedef struct lq_dp_result {
    double energy_eV;        /**< total energy (always computed) */
    double virial_eV[9];     /**< total virial (always computed) */
    double *atom_energy_eV;  /**< [n_atoms] */
    double *forces_eV_per_A; /**< [3 n_atoms] */
    double *atom_virial_eV;  /**< [9 n_atoms] */
    double *descriptor;      /**< [n_atoms x dim_descriptor], the fitting net's input */
    double *fit_last;        /**< [n_atoms x dim_fit_last], last hidden layer of the fitting net */
} lq_dp_result;

/** Options of lq_dp_compute. */
typedef struct lq_dp_compute_options {
    int n_threads; /**< OpenMP threads over atoms; 0: the OpenMP default */
} lq_dp_compute_options;
/** Defaults: n_threads 0. */
LQ_API void lq_dp_compute_options_default(lq_dp_compute_options *opt);

/**
 * Evaluates the model on one frame: energy, per-atom energies, forces and virials, analytically
 * in float64 (the reverse derivative of DeePMD-kit's smooth-edition descriptors; Zhang et al.,
 * NeurIPS 2018; Wang et al., Comput. Phys. Commun. 228 (2018) 178). Neighbours of each atom are
 * all periodic images closer than rcut, per type the nearest sel[t] (as DeePMD-kit truncates).
 * @param m     model (in)
 * @param f     frame (in)
 * @param opt   options (NULL: defaults)
 * @param res   results (out; the caller's arrays are filled where non-NULL)
 * @param diag  what is wrong with the frame
 * @return LQ_OK, LQ_EINVAL (NULL arrays, unknown type, singular box, missing fparam/aparam,
 *         non-finite input), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_compute(const lq_dp_model *m, const lq_dp_frame *f,
                               const lq_dp_compute_options *opt, lq_dp_result *res, lq_diag *diag);

/** Sizes and options of a model with random weights (lq_dp_model_write_random). */
typedef struct lq_dp_random_spec {
    lq_dp_descriptor descriptor;
    size_t n_types;
    const char *const *type_map; /**< [n_types] names */
    const size_t *sel;           /**< [n_types] neighbours kept per type */
    double rcut_A, rcut_smth_A;
    size_t n_embed;          /**< number of embedding layers (1..8) */
    size_t embed_neuron[8];  /**< widths of the embedding layers */
    size_t axis_neuron;      /**< se_e2_a: columns of the second factor (<= last width) */
    size_t n_fit;            /**< number of hidden fitting layers (0..8) */
    size_t fit_neuron[8];    /**< widths of the hidden fitting layers */
    int type_one_side;       /**< 1: one embedding net per neighbour type */
    int resnet_dt;           /**< fitting layers carry a time-step vector idt */
    size_t n_exclude;        /**< descriptor exclude_types pairs */
    const int (*exclude)[2]; /**< [n_exclude] type pairs */
    size_t numb_fparam, numb_aparam;
    const char *activation; /**< "tanh" when NULL */
    unsigned long seed;
} lq_dp_random_spec;
/** A small se_e2_a spec: 2 types "A","B", sel 40/40, rcut 6/0.5 A, embedding [8,16], axis 4,
 *  fitting [16,16], tanh, type_one_side 1, seed 1. */
LQ_API void lq_dp_random_spec_default(lq_dp_random_spec *spec);

/**
 * Writes a model with random weights (normal, scaled by 1/sqrt(fan-in)) and random but plausible
 * statistics (davg, dstd, bias_atom_e, fparam/aparam averages) in DeePMD-kit's YAML form, for
 * tests and benchmarks. Written atomically.
 * @return LQ_OK, LQ_EINVAL (bad sizes), LQ_EIO, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_model_write_random(const char *path, const lq_dp_random_spec *spec,
                                          lq_diag *diag);

/**
 * Converts a model file between the YAML and the HDF5 `.dp` forms (chosen by the extensions),
 * keeping the tree and every array value bit for bit.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_model_convert(const char *in_path, const char *out_path, lq_diag *diag);

/* ---------------------------------------------------------------- configurations */

/** One configuration: species symbols, positions and an optional periodic cell. */
typedef struct lq_md_config {
    size_t n_atoms;
    char (*symbol)[8]; /**< [n_atoms] species names as written in the file */
    double *pos_A;     /**< [3 n_atoms] Cartesian positions */
    double box_A[9];   /**< cell rows a, b, c (valid when periodic) */
    int periodic;      /**< 1: periodic in all three directions; 0: open cluster */
} lq_md_config;

/**
 * Reads the first frame of an extended XYZ file (ASE/QUIP convention): line 1 the atom count,
 * line 2 key=value pairs with Lattice="ax ay az bx by bz cx cy cz" (periodic; none: an open
 * cluster), optional pbc="T T T" (all F: open; mixed is refused) and Properties (default
 * species:S:1:pos:R:3; other columns are skipped), then one line per atom.
 * @param cfg  the configuration (out; free with lq_md_config_free); untouched on error
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (file and line named), LQ_EUNSUPPORTED, LQ_ENOMEM
 */
LQ_API lq_status lq_md_extxyz_read(const char *path, lq_md_config *cfg, lq_diag *diag);
/** Same for a text in memory; `name` is used in diagnostics. */
LQ_API lq_status lq_md_extxyz_parse(const char *text, size_t size, const char *name,
                                    lq_md_config *cfg, lq_diag *diag);
/** Frees the arrays of a configuration and zeroes it (NULL is a no-op). */
LQ_API void lq_md_config_free(lq_md_config *cfg);

/**
 * Model type of each atom of a configuration, by its symbol in the model's type_map.
 * @param type  [n_atoms] (out)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (a species not in type_map, named in diag)
 */
LQ_API lq_status lq_dp_config_types(const lq_dp_model *m, const lq_md_config *cfg, int *type,
                                    lq_diag *diag);

/* ---------------------------------------------------------------- training data */

/** Frames of one system in DeePMD-kit's deepmd/npy layout (one atom count and type list). */
typedef struct lq_dp_system {
    char *path; /**< folder it was read from (owned) */
    size_t n_atoms, n_frames, n_types;
    char (*type_map)[8];    /**< [n_types] names from type_map.raw ("Type_0".. when absent) */
    int *type;              /**< [n_atoms] type index of each atom (type.raw) */
    double *coord_A;        /**< [n_frames x 3 n_atoms] */
    double *box_A;          /**< [n_frames x 9] rows a,b,c; NULL when the folder has nopbc */
    double *energy_eV;      /**< [n_frames] */
    double *force_eV_per_A; /**< [n_frames x 3 n_atoms] */
    double *virial_eV;      /**< [n_frames x 9] or NULL when absent */
} lq_dp_system;

/**
 * Reads a system folder in DeePMD-kit's deepmd/npy layout (deepmd/utils/data.py, dpdata's
 * deepmd/npy format): type.raw (one type index per atom), optional type_map.raw (one name per
 * line), an optional empty file `nopbc`, and set.* folders (taken in name order, their frames
 * concatenated) each with coord.npy [nf, 3 na], box.npy [nf, 9] (not needed with nopbc),
 * energy.npy [nf] or [nf, 1], force.npy [nf, 3 na] and optional virial.npy [nf, 9] (in all sets
 * or none). Arrays may be float64 or float32, either byte order. Every value is checked: frame
 * counts agree within a set, type indices are below the type_map length, energies, forces,
 * coordinates, boxes and virials are finite, each box has a positive volume (right-handed
 * a, b, c). The first problem is named in diag by file and frame index (0-based, within the
 * file; the message also gives the index over the whole system).
 * @param dir   system folder (in)
 * @param sys   the frames (out; free with lq_dp_system_free); untouched on error
 * @return LQ_OK, LQ_EINVAL, LQ_EIO (missing file), LQ_EPARSE (bad shape, count, value),
 *         LQ_EUNSUPPORTED (a .npy dtype other than float32/float64), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_system_read(const char *dir, lq_dp_system *sys, lq_diag *diag);
/**
 * Writes a system in the deepmd/npy layout: type.raw, type_map.raw, nopbc (when box_A is NULL),
 * set.000, set.001, ... of at most set_size frames each (0: one set), float64 arrays. The
 * folder appears whole: everything is written into a temporary folder beside `dir` that is
 * renamed to `dir` at the end (the files are not lq_outfile members of an output group). An
 * existing `dir` must be empty (lq_dp_system_write_ex replaces one). The system is checked as
 * lq_dp_system_check does (sys->path is not used).
 * @return LQ_OK, LQ_EINVAL (bad sizes or values, existing non-empty dir), LQ_EWRITE, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_system_write(const char *dir, const lq_dp_system *sys, size_t set_size,
                                    lq_diag *diag);
/** Frees the arrays of a system and zeroes it (NULL is a no-op). */
LQ_API void lq_dp_system_free(lq_dp_system *sys);
/**
 * lq_dp_system_write that, with overwrite = 1, replaces an existing system folder: the new
 * folder is renamed into place after the old one was moved aside, then the old one's deepmd/npy
 * files are removed (a warning in diag when it held other files: it is then kept, renamed
 * `dir.oldXXXXXX`).
 */
LQ_API lq_status lq_dp_system_write_ex(const char *dir, const lq_dp_system *sys, size_t set_size,
                                       int overwrite, lq_diag *diag);
/**
 * Checks a system in memory as lq_dp_system_read checks a folder: non-empty, type names of 1..7
 * characters without blanks, type indices below n_types, finite values, boxes of positive volume.
 * @return LQ_OK, LQ_EINVAL (diag names the array and frame)
 */
LQ_API lq_status lq_dp_system_check(const lq_dp_system *sys, lq_diag *diag);

/** Options of the VASP converters. */
typedef struct lq_dp_vasp_options {
    int keep_unconverged; /**< 1: keep ionic steps whose electronic loop reached NELM */
} lq_dp_vasp_options;
/** Defaults: keep_unconverged 0 (dpdata's convergence_check). */
LQ_API void lq_dp_vasp_options_default(lq_dp_vasp_options *opt);

/**
 * Reads every ionic step of a VASP OUTCAR as dpdata's "vasp/outcar" does: names from the TITEL
 * (else POTCAR:) lines, counts from "ions per type", per step the cell ("direct lattice vectors"
 * after "VOLUME and BASIS-vectors are now"), positions and forces (the TOTAL-FORCE table), the
 * energy "free  energy   TOTEN" (VASP's free energy, dpdata's choice, not energy(sigma->0)) and,
 * when printed, the virial from the stress line "in kB": virial_eV = stress_kB x V / 1602.18.
 * Steps whose electronic loop reached NELM are left out and counted in n_skipped (unless
 * opt->keep_unconverged); a run cut inside a step keeps the complete steps.
 * @param opt        options (NULL: defaults)
 * @param sys        frames, type_map in POTCAR order (out; lq_dp_system_free)
 * @param n_skipped  unconverged steps left out (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (file and line named), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_vasp_outcar_read(const char *path, const lq_dp_vasp_options *opt,
                                        lq_dp_system *sys, size_t *n_skipped, lq_diag *diag);
/**
 * Reads every complete <calculation> of a vasprun.xml as dpdata's "vasp/xml" does: atominfo
 * names and types, basis, direct positions (converted to Cartesian), forces, e_fr_energy (the free
 * energy) and the stress (kB; virial = stress x V, as for the OUTCAR). A step with NELM or more
 * <scstep> is unconverged (left out unless opt->keep_unconverged). A file cut short keeps its
 * complete steps. Returns as lq_dp_vasp_outcar_read.
 */
LQ_API lq_status lq_dp_vasp_vasprun_read(const char *path, const lq_dp_vasp_options *opt,
                                         lq_dp_system *sys, size_t *n_skipped, lq_diag *diag);

/** Systems grouped by atom list (one folder each), sharing one type_map. */
typedef struct lq_dp_systems {
    size_t n;
    lq_dp_system *sys; /**< [n]; each carries a copy of the shared type_map */
    size_t n_types;
    char (*type_map)[8]; /**< [n_types] the shared names */
} lq_dp_systems;

/**
 * Adds the frames of s (checked as lq_dp_system_check) to the set (zeroed before the first
 * call): its names join the shared type_map, and its frames join the system with the same atom
 * count, the same species atom by atom, and the same presence of box and virial (else a new
 * system). s is copied.
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_systems_add(lq_dp_systems *set, const lq_dp_system *s, lq_diag *diag);
/** Seeds the shared type_map of an empty set with comma-separated names ("O,H"); names met
 *  later are appended. @return LQ_OK, LQ_EINVAL (bad name, repeat, set not empty), LQ_ENOMEM */
LQ_API lq_status lq_dp_systems_set_type_map(lq_dp_systems *set, const char *names, lq_diag *diag);
/** Frees every system and the map, and zeroes the set (NULL is a no-op). */
LQ_API void lq_dp_systems_free(lq_dp_systems *set);
/** The formula of a system in type_map order, e.g. "O2H4" (counts > 0 only), into buf. */
LQ_API void lq_dp_system_formula(const lq_dp_system *s, char *buf, size_t size);
/**
 * Writes each system as lq_dp_system_write into dir/FORMULA (".2", ".3" for repeated formulas).
 * A new or empty `dir` appears whole (written beside it, then renamed); in an existing non-empty
 * `dir` each system folder is written on its own (replaced when overwrite = 1, else refused).
 * @return LQ_OK, LQ_EINVAL, LQ_EWRITE, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_systems_write(const char *dir, const lq_dp_systems *set, size_t set_size,
                                     int overwrite, lq_diag *diag);

/** Input formats of lq_dp_data_convert. */
typedef enum lq_dp_format {
    LQ_DP_FORMAT_AUTO = 0, /**< from the name: a folder is deepmd/npy, *OUTCAR* and *.xml VASP,
                            *.lammpstrj and *.dump LAMMPS */
    LQ_DP_FORMAT_NPY,      /**< a deepmd/npy system folder */
    LQ_DP_FORMAT_OUTCAR,   /**< VASP OUTCAR */
    LQ_DP_FORMAT_VASPRUN,  /**< VASP vasprun.xml */
    LQ_DP_FORMAT_LAMMPS    /**< LAMMPS dump with fx fy fz, energies from a log */
} lq_dp_format;
/** The format guessed from a path (LQ_DP_FORMAT_AUTO when it cannot tell). */
LQ_API lq_dp_format lq_dp_format_detect(const char *path);
/** dpdata's name of a format ("deepmd/npy", "vasp/outcar", "vasp/xml", "lammps/dump"; "auto"). */
LQ_API const char *lq_dp_format_name(lq_dp_format f);
/** A format by name (dpdata's names, or npy/outcar/vasprun/lammps). @return LQ_OK, LQ_ENOTFOUND */
LQ_API lq_status lq_dp_format_parse(const char *name, lq_dp_format *f);

/** Options of lq_dp_data_convert. */
typedef struct lq_dp_convert_options {
    lq_dp_format format;              /**< of every input; AUTO: detected per input */
    lq_dp_vasp_options vasp;          /**< VASP readers */
    const char *type_map;             /**< "O,H": order of the shared type_map (NULL: as met) */
    const char *lammps_types;         /**< LAMMPS dumps: names of types 1, 2, ... ("Na,Cl") when the
                                           dump has no element column */
    const char *lammps_energy;        /**< LAMMPS dumps: the log or series file with energies */
    const char *lammps_energy_column; /**< its column (NULL: PotEng) */
} lq_dp_convert_options;
/** Defaults: AUTO, lq_dp_vasp_options_default, no type_map, no LAMMPS names or energies. */
LQ_API void lq_dp_convert_options_default(lq_dp_convert_options *opt);

/**
 * What dpdata does for DeePMD-kit users: reads every input (format per opt) and groups the frames
 * into systems (lq_dp_systems_add). The first bad input stops the conversion, named in diag.
 * @param frames   [n_inputs] frames taken from each input (out, may be NULL)
 * @param skipped  [n_inputs] unconverged VASP steps left out (out, may be NULL)
 * @param out      the systems (out; lq_dp_systems_free); untouched on error
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED (format not recognised), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_data_convert(const char *const *inputs, size_t n_inputs,
                                    const lq_dp_convert_options *opt, lq_dp_systems *out,
                                    size_t *frames, size_t *skipped, lq_diag *diag);

/* ---------------------------------------------------------------- long-range baseline */

/** Most types a baseline holds (the type_map limit of lq_dp_train_input_read). */
#define LQ_DP_BASELINE_MAX_TYPES 64

/**
 * A fixed-charge long-range baseline of a deep potential, the DPLR idea (Zhang et al., J. Chem.
 * Phys. 156 (2022) 124107) with fixed charges per type: the part of the Coulomb energy of these
 * charges a model of finite cut-off cannot see,
 *   E_B = E_Ewald(q) - E_DSF(q; alpha, r_c),
 * where E_DSF is the damped shifted-force Coulomb sum within r_c (Fennell & Gezelter, J. Chem.
 * Phys. 124 (2006) 234104, Eqs. 19-20 with their self term). The model is trained on
 * reference - baseline (energies, forces, virials) and run as model + baseline. Training labels
 * use an Ewald sum at `ewald_accuracy`; MD uses the engine's k-space solver (PPPM by default).
 */
typedef struct lq_dp_baseline {
    size_t n_types;                             /**< entries of type_map/charge_e (>= 1) */
    char type_map[LQ_DP_BASELINE_MAX_TYPES][8]; /**< type names (the model's type_map) */
    double charge_e[LQ_DP_BASELINE_MAX_TYPES];  /**< fixed charge of each type, e */
    double dsf_alpha_per_A;                     /**< DSF damping alpha (0.25 /A), >= 0 */
    double dsf_rcut_A;                          /**< DSF cut-off r_c (6 A), > 0 */
    double ewald_accuracy;                      /**< relative Ewald accuracy of labels (1e-8) */
} lq_dp_baseline;

/** No types, alpha 0.25 /A, r_c 6 A, Ewald accuracy 1e-8. */
LQ_API void lq_dp_baseline_default(lq_dp_baseline *b);

/**
 * Adds sign x the baseline to every frame's labels of a system (sign -1: the labels a model is
 * trained on; energies, forces, and virials when present). Frames need an orthorhombic box (the
 * engine's Ewald sum); each type name of the system is matched to the baseline's type_map by name
 * or element (lqi_md_type_map_index rules).
 * @return LQ_OK, LQ_EINVAL (bad arguments, no box), LQ_ENOTFOUND (a type without a charge),
 *         LQ_EUNSUPPORTED (a triclinic box or nopbc, named by frame), LQ_EDOM (a charged cell,
 *         overlapping atoms), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_baseline_labels(const lq_dp_baseline *b, lq_dp_system *sys, double sign,
                                       lq_diag *diag);

/**
 * Writes a `.dplr` file: the baseline and the DeePMD-kit model it goes with (model_file, written
 * as given; a relative path is relative to the folder of the `.dplr`). `md run --potential
 * x.dplr` runs model + baseline, `dp test x.dplr data` tests it. Text, one statement a line:
 *   liquidus-dplr 1 / model FILE / charge TYPE Q (one a type, type_map order) / dsf_alpha A /
 *   dsf_rcut R / ewald_accuracy E.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO
 */
LQ_API lq_status lq_dp_baseline_write(const char *path, const lq_dp_baseline *b,
                                      const char *model_file, lq_diag *diag);
/**
 * Reads a `.dplr` file. model_path receives the model file resolved against the `.dplr`'s folder.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (named by line and keyword)
 */
LQ_API lq_status lq_dp_baseline_read(const char *path, lq_dp_baseline *b, char *model_path,
                                     size_t model_path_size, lq_diag *diag);

/** Options of lq_dp_test_system. */
typedef struct lq_dp_test_options {
    lq_dp_compute_options compute; /**< threads of the evaluation */
    /** NULL, or a baseline added to the model: the errors are those of model + baseline against
     *  the system's labels (lq_dp_baseline_labels) */
    const lq_dp_baseline *baseline;
} lq_dp_test_options;
/** Defaults: lq_dp_compute_options_default, no baseline. */
LQ_API void lq_dp_test_options_default(lq_dp_test_options *opt);

/** Errors of a model on a system, as DeePMD-kit's `dp test` prints them. */
typedef struct lq_dp_test_result {
    size_t n_frames, n_atoms; /**< n_atoms: per frame (lq_dp_test_pool: summed over frames) */
    double energy_rmse_eV, energy_mae_eV;
    double energy_rmse_eV_per_atom, energy_mae_eV_per_atom; /**< of E / N */
    double force_rmse_eV_per_A, force_mae_eV_per_A;         /**< over all components */
    int has_virial;                       /**< the data have virials (and a box) */
    double virial_rmse_eV, virial_mae_eV; /**< over the 9 components */
    double virial_rmse_eV_per_atom, virial_mae_eV_per_atom; /**< of W / N */
} lq_dp_test_result;

/**
 * Evaluates the model on every frame of a system (lq_dp_compute; the system's type names are
 * looked up in the model's type_map) and returns the RMSE and MAE of energies, energies per atom,
 * force components and virial components (DeePMD-kit deepmd/entrypoints/test.py).
 * @return LQ_OK, LQ_EINVAL (bad system; a frame lq_dp_compute refuses, named), LQ_ENOTFOUND (a
 *         type not in the model), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_test_system(const lq_dp_model *m, const lq_dp_system *sys,
                                   const lq_dp_test_options *opt, lq_dp_test_result *res,
                                   lq_diag *diag);
/** Pools the results of n systems as dp test's weighted average (each mean square weighted by
 *  the number of values behind it). */
LQ_API void lq_dp_test_pool(const lq_dp_test_result *r, size_t n, lq_dp_test_result *all);

/**
 * The system folders under each root, as `dp test -s` finds them: a root holding type.raw is a
 * system; otherwise its sub-folders holding type.raw are, in name order.
 * @param paths  [*n] folder paths (out; free with lq_dp_system_dirs_free)
 * @return LQ_OK, LQ_EINVAL, LQ_EIO (a root cannot be opened), LQ_EPARSE (a root with no system),
 *         LQ_ENOMEM
 */
LQ_API lq_status lq_dp_system_dirs(const char *const *roots, size_t n_roots, char ***paths,
                                   size_t *n, lq_diag *diag);
/** Frees the list of lq_dp_system_dirs (NULL is a no-op). */
LQ_API void lq_dp_system_dirs_free(char **paths, size_t n);

struct lq_md_sim;
/** Frames of a liquidus MD run gathered for a deepmd/npy system folder. Opaque. */
typedef struct lq_dp_frames lq_dp_frames;
/**
 * Starts gathering frames for the system folder `dir` (written by lq_dp_frames_commit as
 * lq_dp_system_write_ex writes it). A non-empty existing `dir` is refused here, before the run,
 * unless overwrite = 1.
 * @param set_size  frames per set.* folder (0: one set)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_frames_begin(const char *dir, size_t set_size, int overwrite,
                                    lq_dp_frames **out, lq_diag *diag);
/**
 * Adds the current state of a simulation (lq_md_sim of md.h): positions, box, potential energy,
 * forces and the potential virial W_ab = sum r_a F_b (eV; DeePMD-kit's convention), with the
 * species names as type_map. Every frame must have the same atoms.
 * @return LQ_OK, LQ_EINVAL (other atoms than the first frame, a species name over 7
 *         characters), LQ_EDOM (a non-finite value), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_frames_add_sim(lq_dp_frames *w, const struct lq_md_sim *sim, lq_diag *diag);
/** Frames gathered so far (0 for NULL). */
LQ_API size_t lq_dp_frames_count(const lq_dp_frames *w);
/** Writes the folder (whole or not at all) and frees w. @return LQ_OK, LQ_EINVAL (no frames),
 *  LQ_EWRITE, LQ_ENOMEM */
LQ_API lq_status lq_dp_frames_commit(lq_dp_frames *w, lq_diag *diag);
/** Frees w without writing anything (NULL is a no-op). */
LQ_API void lq_dp_frames_abort(lq_dp_frames *w);

/**
 * Reads a LAMMPS text dump whose frames carry fx fy fz (lq_lammps_dump_next; orthorhombic) with
 * the potential energy of each frame from opt->lammps_energy (a LAMMPS log or any file
 * lq_md_series_read reads; column opt->lammps_energy_column, default PotEng), matched by
 * timestep when the file has a Step column, else in order. LAMMPS `units metal` is assumed.
 * No virials (a dump has none).
 * @return LQ_OK, LQ_EINVAL (no energy file), LQ_EIO, LQ_EPARSE (a frame without forces, other
 *         atoms, no energy for a timestep: named), LQ_EUNSUPPORTED (triclinic), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_lammps_read(const char *path, const lq_dp_convert_options *opt,
                                   lq_dp_system *sys, lq_diag *diag);

/* ---------------------------------------------------------------- training */

/** Progress of lq_dp_train, reported every disp_freq steps (the columns of lcurve.out). RMSEs:
 *  rmse = sqrt(loss); energies per atom (eV/atom), forces eV/A, virials per atom (eV/atom); NaN
 *  when there is no such label or no validation data. */
typedef struct lq_dp_train_progress {
    size_t step, numb_steps;
    double lr;
    double rmse_trn, rmse_e_trn, rmse_f_trn, rmse_v_trn; /**< on the step's training batch */
    double rmse_val, rmse_e_val, rmse_f_val, rmse_v_val; /**< on all validation frames */
    double wall_s;                                       /**< seconds since the start of this run */
} lq_dp_train_progress;

/**
 * Options of lq_dp_train: the model (se_e2_a + energy fitting), learning rate, loss and training
 * loop with DeePMD-kit's meaning (input.json sections model, learning_rate, loss, training).
 */
typedef struct lq_dp_train_options {
    lq_dp_random_spec model;  /**< sizes, type_map, sel, rcut, initial-weight seed (model.seed) */
    double start_lr, stop_lr; /**< exponential decay start_lr * r^floor(step/decay_steps), with r
                                   such that the last step reaches stop_lr (learning_rate.py) */
    size_t decay_steps;
    double start_pref_e, limit_pref_e, start_pref_f, limit_pref_f, start_pref_v, limit_pref_v;
    int intensive_ener_virial; /**< 1: energy and virial terms / N^2 instead of / N */
    size_t numb_steps;
    size_t batch_size; /**< frames per step (1..64); 0: "auto", the fewest frames of the first
                            training system with at least 32 atoms (DeePMD-kit's rule) */
    size_t disp_freq, save_freq;
    unsigned long seed;    /**< order of the training frames (shuffled every epoch) */
    int n_threads;         /**< OpenMP threads; 0: the OpenMP default */
    const char *lcurve;    /**< lcurve.out path (NULL: none); on restart the lines past the
                                checkpoint's step are dropped and new lines appended */
    const char *save_ckpt; /**< checkpoint written every save_freq steps and at the end (.yaml;
                                NULL: none), atomically */
    /** Called every disp_freq steps (may be NULL); returning non-zero stops the training after a
     *  checkpoint is written (lq_dp_train then returns LQ_ECANCELLED). */
    int (*progress)(void *ctx, const lq_dp_train_progress *p);
    void *progress_ctx;
    /** rcond of the energy-bias least squares (fitting_net.rcond): singular values below
     *  rcond x the largest are dropped. <= 0: numpy.linalg.lstsq's default, machine epsilon x
     *  max(frames, types), as DeePMD-kit (rcond None). With one composition in every frame the
     *  per-type biases are the minimum-norm solution, not a numerically singular one. */
    double bias_rcond;
    /** NULL, or a fixed-charge long-range baseline (model.modifier type "fixed_charge"): the
     *  model is trained on labels - baseline (so every RMSE is that of model + baseline against
     *  the labels), and a `.dplr` file naming model_out and the baseline is written beside it */
    const lq_dp_baseline *baseline;
} lq_dp_train_options;

/** DeePMD-kit's defaults where it has them (start_lr 1e-3, stop_lr 5e-8, decay_steps 5000,
 *  prefactors e 0.02 -> 1, f 1000 -> 1, v 0 -> 0, numb_steps 1000000 ... see deepmd/utils/
 *  argcheck.py), batch_size 1, disp_freq 1000, save_freq 1000, lcurve "lcurve.out", save_ckpt
 *  "model.ckpt.yaml", the model lq_dp_random_spec_default gives. */
LQ_API void lq_dp_train_options_default(lq_dp_train_options *opt);

/** Figures of a training run. RMSEs as in lq_dp_train_progress, over all frames of each set with
 *  the final model. */
typedef struct lq_dp_train_result {
    size_t steps; /**< the step reached (numb_steps unless stopped) */
    double rmse_e_trn, rmse_f_trn, rmse_v_trn;
    double rmse_e_val, rmse_f_val, rmse_v_val;
    double wall_s;   /**< seconds of this run */
    size_t n_params; /**< trainable weights */
} lq_dp_train_result;

/**
 * Trains a Deep Potential (DeePMD-kit's se_e2_a + energy fitting, Zhang et al., NeurIPS 2018;
 * Wang et al., Comput. Phys. Commun. 228 (2018) 178) on labelled frames, as DeePMD-kit's
 * `dp train` does: descriptor statistics davg/dstd per type from the training frames
 * (deepmd/utils/env_mat_stat.py), the energy bias per type by least squares on the frame
 * energies (deepmd/utils/out_stat.py), the loss of deepmd/dpmodel/loss/ener.py with prefactors
 * p = p_limit + (p_start - p_limit) lr / start_lr, exponential learning-rate decay, and Adam
 * (beta 0.9/0.999, eps 1e-8) with analytic gradients of all three terms. The result does not
 * depend on the number of threads. The model is written in DeePMD-kit's YAML serialization
 * (lq_dp_model_read reads it).
 * @param opt        options (in)
 * @param train      [n_train] training systems; their type names must be in opt->model.type_map
 * @param valid      [n_valid] validation systems (may be NULL with n_valid 0)
 * @param restart    checkpoint to continue from (NULL: start afresh); its model replaces
 *                   opt->model, the step, Adam moments and statistics are taken from it
 * @param model_out  the trained model (.yaml), written atomically (NULL: none)
 * @param res        figures (out, may be NULL)
 * @return LQ_OK, LQ_EINVAL (options, a type not in type_map), LQ_EUNSUPPORTED, LQ_EIO/LQ_EPARSE
 *         (checkpoint, outputs), LQ_ECANCELLED (stopped by the progress callback), LQ_ENOMEM
 */
LQ_API lq_status lq_dp_train(const lq_dp_train_options *opt, const lq_dp_system *train,
                             size_t n_train, const lq_dp_system *valid, size_t n_valid,
                             const char *restart, const char *model_out, lq_dp_train_result *res,
                             lq_diag *diag);

/** An input.json of DeePMD-kit read for lq_dp_train (owns the strings its options point to). */
typedef struct lq_dp_train_input {
    lq_dp_train_options opt;
    char **train_systems, **valid_systems; /**< folders, as written in the file */
    size_t n_train, n_valid;
    char (*names)[8]; /**< storage of opt.model.type_map */
    const char **name_ptr;
    size_t *sel;
    char *owned[2];          /**< storage of opt.lcurve and opt.save_ckpt */
    lq_dp_baseline baseline; /**< model.modifier (opt.baseline points here when given) */
} lq_dp_train_input;

/**
 * Reads the parts of a DeePMD-kit input.json that liquidus trains with: model.type_map,
 * model.descriptor {type se_e2_a|se_a, sel, rcut, rcut_smth, neuron, axis_neuron, type_one_side,
 * resnet_dt, seed, activation_function tanh, precision float64}, model.fitting_net {neuron,
 * resnet_dt, seed, activation_function tanh, precision float64}, learning_rate {type exp,
 * start_lr, stop_lr, decay_steps}, loss {type ener, start/limit_pref_e/f/v,
 * intensive_ener_virial}, training {training_data.systems, validation_data.systems, numb_steps,
 * batch_size, seed, disp_freq, save_freq, disp_file, save_ckpt}. Keys starting with '_' are
 * comments. Any other key, or a value liquidus does not implement, is refused naming the file and
 * the key path.
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE, LQ_EUNSUPPORTED, LQ_ENOMEM
 */
LQ_API lq_status lq_dp_train_input_read(const char *path, lq_dp_train_input *in, lq_diag *diag);
/** Frees what lq_dp_train_input_read allocated (NULL is a no-op). */
LQ_API void lq_dp_train_input_free(lq_dp_train_input *in);

#ifdef __cplusplus
}
#endif

#endif /* LIQUIDUS_DEEPMD_H */
