/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DFT post-processing: E-V equations of state, formation energies and the 0 K convex hull, crystal
 * structures (POSCAR/CONTCAR, CIF), species substitution, powder X-ray diffraction. */
#ifndef LIQUIDUS_DFT_H
#define LIQUIDUS_DFT_H

#include <stddef.h>

#include "liquidus/core.h"
#include "liquidus/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest atomic number of the element table (lq_element_z and lq_element_symbol, core.h). */
#define LQ_DFT_MAX_Z LQ_ELEMENT_MAX_Z

/* ------------------------------------------------------------------------------------------ */
/* Crystal structures                                                                          */
/* ------------------------------------------------------------------------------------------ */

/**
 * A periodic crystal structure. Rows of `lattice_A` are the lattice vectors a, b, c in Angstrom;
 * a Cartesian position is r = f0 a + f1 b + f2 c. A partially occupied or mixed site is stored as
 * one entry per species at the same position with its occupancy (so sum of occupancies at a point
 * <= 1). Allocate with lq_structure_alloc; every array has `n_sites` entries.
 */
typedef struct lq_structure {
    char title[128];        /**< comment line / CIF data block name */
    double lattice_A[3][3]; /**< rows: a, b, c (Angstrom) */
    size_t n_sites;         /**< number of entries in the arrays below */
    double (*frac)[3];      /**< fractional coordinates */
    int *z;                 /**< atomic numbers (1..118) */
    double *occupancy;      /**< site occupancy in (0, 1] */
    char (*label)[16];      /**< site labels, "" when none */
} lq_structure;

/**
 * Allocates a structure with room for `n_sites` sites (zeroed, occupancies 1, identity lattice).
 * @return LQ_OK, LQ_EINVAL (NULL out), LQ_ENOMEM. Free with lq_structure_free.
 */
LQ_API lq_status lq_structure_alloc(size_t n_sites, lq_structure **out);
/** Frees a structure (NULL is a no-op). */
LQ_API void lq_structure_free(lq_structure *s);
/** Deep copy. @return LQ_OK, LQ_EINVAL, LQ_ENOMEM */
LQ_API lq_status lq_structure_copy(const lq_structure *s, lq_structure **out);
/** Cell volume a . (b x c) in Angstrom^3 (positive for a right-handed cell). */
LQ_API double lq_structure_volume_A3(const lq_structure *s);
/** Sum of occupancies (number of atoms in the cell). */
LQ_API double lq_structure_atom_count(const lq_structure *s);

/**
 * Lattice vectors from cell parameters: a along x, b in the xy plane, c completing a right-handed
 * cell (the usual crystallographic orientation).
 * @param abc_A       a, b, c in Angstrom (> 0)
 * @param angles_deg  alpha (b^c), beta (a^c), gamma (a^b) in degrees, each in (0, 180)
 * @param lattice_A   rows a, b, c (out)
 * @return LQ_OK, LQ_EINVAL (non-positive lengths, impossible angles)
 */
LQ_API lq_status lq_lattice_from_parameters(const double abc_A[3], const double angles_deg[3],
                                            double lattice_A[3][3]);
/** Cell parameters (a, b, c in Angstrom; alpha, beta, gamma in degrees) of a lattice. */
LQ_API void lq_lattice_parameters(const double lattice_A[3][3], double abc_A[3],
                                  double angles_deg[3]);

/**
 * Parses a VASP POSCAR/CONTCAR held in memory (VASP 5 with a species line, or VASP 4 where the
 * species come from the first comment-line words). Supports the universal scale factor (a negative
 * value is the target cell volume in Angstrom^3), three per-axis scale factors, "Selective
 * dynamics", Direct and Cartesian coordinates. Velocities and predictor blocks of CONTCAR are
 * ignored. `name` is used in messages (file name).
 * @return LQ_OK, LQ_EINVAL, LQ_EPARSE (diag: file, line, field, what is wrong), LQ_ENOMEM
 * Source: VASP manual, "POSCAR" (vasp.at/wiki/index.php/POSCAR).
 */
LQ_API lq_status lq_structure_parse_poscar(const char *text, const char *name, lq_structure **out,
                                           lq_diag *diag);
/** Reads a POSCAR/CONTCAR file (see lq_structure_parse_poscar). Adds LQ_EIO. */
LQ_API lq_status lq_structure_read_poscar(const char *path, lq_structure **out, lq_diag *diag);
/**
 * Writes VASP 5 POSCAR (scale 1, species and counts lines, Direct coordinates, %.16f), grouping
 * sites by species in order of first appearance. Atomically (temporary + rename).
 * @return LQ_OK, LQ_EINVAL, LQ_EUNSUPPORTED (partial occupancy cannot be written), LQ_EIO
 */
LQ_API lq_status lq_structure_write_poscar(const lq_structure *s, const char *path, lq_diag *diag);

/**
 * Parses a CIF 1.1 text (the first data block holding atom sites; see
 * lq_structure_parse_cif_block to choose another): cell (_cell_length_*, _cell_angle_*; numbers may
 * carry uncertainties such as 5.4321(3)), symmetry operations (_symmetry_equiv_pos_as_xyz or
 * _space_group_symop_operation_xyz; identity when absent) and the _atom_site_ loop (label,
 * type_symbol in any case, with or without an oxidation state such as Fe3+, fract_x/y/z,
 * occupancy; `.` and `?` mean unknown). Each site is expanded by every operation; images closer
 * than `1e-4` in fractional coordinates (periodic) are merged. Quoted strings, semicolon text
 * fields, comments and several loops are handled.
 * @return LQ_OK, LQ_EINVAL, LQ_EPARSE (diag: file, line, field), LQ_EUNSUPPORTED (e.g. only a space
 *         group symbol without operations), LQ_ENOMEM
 * Source: S. R. Hall, F. H. Allen, I. D. Brown, Acta Cryst. A47 (1991) 655 (CIF); IUCr CIF 1.1
 * syntax specification.
 */
LQ_API lq_status lq_structure_parse_cif(const char *text, const char *name, lq_structure **out,
                                        lq_diag *diag);
/**
 * As lq_structure_parse_cif, from the data block named `block` (case-insensitive); NULL takes
 * the first block that holds atom sites and, when others do too, sets a warning in diag naming
 * them. Blocks without atom sites are passed over.
 * @return as lq_structure_parse_cif; LQ_ENOTFOUND when no block of that name holds atom sites.
 */
LQ_API lq_status lq_structure_parse_cif_block(const char *text, const char *name, const char *block,
                                              lq_structure **out, lq_diag *diag);
/** Reads a CIF file (see lq_structure_parse_cif). Adds LQ_EIO. */
LQ_API lq_status lq_structure_read_cif(const char *path, lq_structure **out, lq_diag *diag);
/** Writes a P1 CIF (cell, identity operation, all sites with occupancies), atomically. */
LQ_API lq_status lq_structure_write_cif(const lq_structure *s, const char *path, lq_diag *diag);
/**
 * Reads a structure choosing the format by name: *.cif is CIF; names containing POSCAR or
 * CONTCAR (any case) and *.vasp are POSCAR.
 * @return as the format readers, LQ_EUNSUPPORTED for an unknown name
 */
LQ_API lq_status lq_structure_read(const char *path, lq_structure **out, lq_diag *diag);
/**
 * As lq_structure_read, choosing the CIF data block `block` (NULL: as lq_structure_read).
 * @return LQ_EINVAL when a block is given for a format without blocks.
 */
LQ_API lq_status lq_structure_read_block(const char *path, const char *block, lq_structure **out,
                                         lq_diag *diag);
/** Writes by name as lq_structure_read (*.cif: CIF, anything else: POSCAR). */
LQ_API lq_status lq_structure_write(const lq_structure *s, const char *path, lq_diag *diag);

/** How a substituted structure's volume is chosen. */
typedef enum lq_rescale_mode {
    LQ_RESCALE_NONE = 0,       /**< keep the prototype's cell */
    LQ_RESCALE_SLATER,         /**< V' = V * sum r'^3 / sum r^3 with Slater's atomic radii */
    LQ_RESCALE_VOLUME_PER_ATOM /**< V' = N * given volume per atom */
} lq_rescale_mode;

/**
 * Species substitution: every site of element from_z[i] becomes to_z[i] (simultaneously, so swaps
 * work), then the cell is scaled isotropically (fractional coordinates kept).
 * LQ_RESCALE_SLATER uses J. C. Slater, J. Chem. Phys. 41 (1964) 3199 atomic radii (occupancy
 * weighted); volume_A3_per_atom is used only by LQ_RESCALE_VOLUME_PER_ATOM.
 * @return LQ_OK, LQ_EINVAL (bad z, n == 0, bad volume), LQ_ENOTFOUND (no Slater radius for an
 *         element), LQ_ENOMEM. `out` is a new structure owned by the caller.
 */
LQ_API lq_status lq_structure_substitute(const lq_structure *s, const int *from_z, const int *to_z,
                                         size_t n, lq_rescale_mode mode, double volume_A3_per_atom,
                                         lq_structure **out, lq_diag *diag);
/**
 * Distinct elements of a structure ordered by increasing total occupancy (ties: increasing Z), as
 * used to map an AB2 prototype's A (minority) and B (majority) onto new species.
 * @param z      out, up to `max` atomic numbers
 * @param count  out (may be NULL), the occupancy sum of each
 * @param n      out, number of distinct elements (may exceed max; then only max are written)
 */
LQ_API lq_status lq_structure_species(const lq_structure *s, int *z, double *count, size_t max,
                                      size_t *n);

/**
 * Reduced formula of a structure, e.g. "NdBi2": elements in the order of lq_structure_species
 * (increasing count), each count divided by the smallest one; when any ratio is not an integer
 * (within 1e-6) the raw occupancy sums are written instead (partial occupancies, "Na0.5Cl0.5").
 * Counts of 1 are left out; other counts are written with %g. At most 64 elements are used.
 * @param buf   out: the formula, NUL-terminated; an element is only appended while at least 16
 *              bytes remain, so a short buffer holds a truncated formula ("" on failure)
 * @param size  size of buf in bytes (> 0)
 * @return LQ_OK, LQ_EINVAL (NULL s or buf, size 0), LQ_ENOMEM
 */
LQ_API lq_status lq_structure_formula_reduced(const lq_structure *s, char *buf, size_t size);

/* ------------------------------------------------------------------------------------------ */
/* Equations of state                                                                          */
/* ------------------------------------------------------------------------------------------ */

/** E(V) forms. */
typedef enum lq_eos_model {
    /** E = k1 + k2 V^-2/3 + k3 V^-4/3 + k4 V^-2 (Nd-Bi study Eq. 9; Shang et al., Comput. Mater.
     *  Sci. 47 (2010) 1040), fitted by linear least squares. */
    LQ_EOS_POLY4 = 0,
    /** Third-order Birch-Murnaghan, E0 + 9 V0 B0/16 {(x-1)^3 B' + (x-1)^2 (6 - 4x)}, x = (V0/V)^2/3
     *  (F. Birch, Phys. Rev. 71 (1947) 809), nonlinear least squares in (E0, V0, B0, B'). */
    LQ_EOS_BIRCH_MURNAGHAN3,
    /** Murnaghan, E0 + B0 V/B' [(V0/V)^B'/(B'-1) + 1] - B0 V0/(B'-1) (F. D. Murnaghan, PNAS 30
     *  (1944) 244), nonlinear. */
    LQ_EOS_MURNAGHAN,
    /** Vinet, E0 + 2 B0 V0/(B'-1)^2 {2 - [5 + 3B'(eta-1) - 3 eta] exp[-3(B'-1)(eta-1)/2]},
     *  eta = (V/V0)^1/3 (P. Vinet et al., J. Geophys. Res. 92 (1987) 9319), nonlinear. */
    LQ_EOS_VINET
} lq_eos_model;

/** Stopping criteria of the nonlinear fits (GSL multifit_nlinear, trust region Levenberg-Marquardt
 *  with geodesic acceleration off). */
typedef struct lq_eos_options {
    size_t max_iter; /**< iterations (default 500) */
    double xtol;     /**< relative step tolerance (default 1e-14) */
    double gtol;     /**< scaled gradient tolerance (default 1e-14) */
    double ftol;     /**< relative cost change tolerance (default 1e-15) */
} lq_eos_options;

/** Default options. */
LQ_API lq_eos_options lq_eos_options_default(void);

/** Result of an E-V fit. Energies in eV, volumes in Angstrom^3 (per cell or per atom, as given). */
typedef struct lq_eos_result {
    lq_eos_model model;
    double e0_eV;        /**< energy at the minimum (= H0 at P = 0) */
    double v0_A3;        /**< equilibrium volume */
    double b0_eV_per_A3; /**< bulk modulus V d2E/dV2 at V0 */
    double b0_GPa;       /**< the same in GPa */
    double bp;           /**< B' = dB/dP at V0 (dimensionless) */
    double k[4];         /**< LQ_EOS_POLY4: k1..k4 of Eq. 9 (eV, eV A^2, eV A^4, eV A^6); else 0 */
    /** Fitting error as the Nd-Bi study defines it: sqrt(sum[(E_fit - E_calc)/E_calc]^2 / n). */
    double fit_error;
    double rms_eV;     /**< root-mean-square residual */
    size_t n_points;   /**< number of points fitted */
    size_t iterations; /**< iterations of the nonlinear fit (0 for the linear one) */
} lq_eos_result;

/**
 * Fits E(V). Needs n >= 4 distinct volumes and a minimum inside (or near) the data. The nonlinear
 * fits start from a parabola fitted to the data (E0, V0 = its vertex, B0 = V0 E'', B' = 4), the
 * same starting rule as pymatgen and ASE, and stop on `opt` (NULL = defaults).
 * @param v_A3  volumes (> 0)   @param e_eV energies (finite)   @param n number of points
 * @return LQ_OK, LQ_EINVAL (n < 4, non-finite or non-positive input), LQ_EDOM (no minimum, or the
 *         parabola opens downwards), LQ_ENOCONV (iteration limit, or B' <= 1 for Vinet/Murnaghan),
 *         LQ_ESINGULAR (collinear data), LQ_ENOMEM
 */
LQ_API lq_status lq_eos_fit(lq_eos_model model, const double *v_A3, const double *e_eV, size_t n,
                            const lq_eos_options *opt, lq_eos_result *res, lq_diag *diag);
/** Energy of a fitted EOS at volume v (eV). */
LQ_API double lq_eos_energy(const lq_eos_result *r, double v_A3);
/** Name of a model ("poly4", "bm3", "murnaghan", "vinet"). */
LQ_API const char *lq_eos_model_name(lq_eos_model m);
/** Model from its name (also "eq9", "birch_murnaghan"). @return LQ_OK or LQ_ENOTFOUND */
LQ_API lq_status lq_eos_model_parse(const char *name, lq_eos_model *m);

/** Final energy and cell of one VASP run. */
typedef struct lq_vasp_run {
    double energy_eV;      /**< energy(sigma->0) (E0 of OSZICAR, e_0_energy of vasprun.xml) */
    double free_energy_eV; /**< free energy TOTEN (F of OSZICAR, e_fr_energy) */
    double volume_A3;      /**< final cell volume (0 when unknown, e.g. OSZICAR alone) */
    size_t n_atoms;        /**< atoms in the cell (0 when unknown) */
} lq_vasp_run;

/**
 * Reads the last ionic step of a VASP OUTCAR ("volume of cell", "free  energy   TOTEN",
 * "energy  without entropy ... energy(sigma->0)", "NIONS").
 * @return LQ_OK, LQ_EIO, LQ_EPARSE (no complete ionic step; diag names file:line of the bad line)
 */
LQ_API lq_status lq_vasp_read_outcar(const char *path, lq_vasp_run *run, lq_diag *diag);
/** Reads the last "F= ... E0= ..." line of an OSZICAR (volume and atom count stay 0). */
LQ_API lq_status lq_vasp_read_oszicar(const char *path, lq_vasp_run *run, lq_diag *diag);
/** Reads vasprun.xml: the last e_fr_energy/e_0_energy, the last "volume", <atoms>. */
LQ_API lq_status lq_vasp_read_vasprun(const char *path, lq_vasp_run *run, lq_diag *diag);
/**
 * Reads one run folder: vasprun.xml if present, else OUTCAR, else OSZICAR with the cell of
 * CONTCAR (or POSCAR).
 * @return LQ_OK, LQ_ENOTFOUND (none of these files), LQ_EPARSE (OSZICAR without CONTCAR or
 *         POSCAR), or the reader's status
 */
LQ_API lq_status lq_vasp_read_dir(const char *dir, lq_vasp_run *run, lq_diag *diag);

/** Which VASP energy an E-V set takes from each run. */
typedef enum lq_vasp_energy {
    LQ_VASP_ENERGY_SIGMA0 = 0, /**< energy(sigma->0), lq_vasp_run.energy_eV */
    LQ_VASP_ENERGY_TOTEN = 1   /**< free energy TOTEN, lq_vasp_run.free_energy_eV */
} lq_vasp_energy;

/** Settings of lq_ev_points_read (lq_ev_read_options_default: sigma0, no progress). */
typedef struct lq_ev_read_options {
    lq_vasp_energy energy; /**< energy of VASP runs */
    /** Called after each VASP run folder is read (may be NULL): its path, V (A^3), E (eV). */
    void (*progress)(void *user, const char *run_dir, double v_A3, double e_eV);
    void *user; /**< passed to progress */
} lq_ev_read_options;

/** The defaults noted in lq_ev_read_options. */
LQ_API lq_ev_read_options lq_ev_read_options_default(void);

/** Energy-volume points of one input, per cell (or per atom after lq_ev_points_per_atom_convert).
 */
typedef struct lq_ev_points {
    double *v_A3; /**< [n] volumes, A^3 */
    double *e_eV; /**< [n] energies, eV */
    size_t n;
    size_t n_atoms; /**< atoms per cell when the input says (VASP runs), else 0 */
} lq_ev_points;

/**
 * Reads E-V points from a CSV file or from a folder of VASP runs.
 * CSV: '#' comments and blank lines skipped, fields separated by commas, semicolons, tabs or
 * blanks; an optional header line (first line whose first field is not a number) names the
 * columns: the one starting with "vol" or "V_" is the volume (A^3), "ener" or "E_" the energy
 * (eV); without a header the first two columns.
 * Folder: every subfolder (in name order) that lq_vasp_read_dir can read is one point; the
 * others are skipped; all runs must have the same number of atoms (when known).
 * @param opt  settings (in, may be NULL for the defaults)
 * @param out  points (out, on success only), free with lq_ev_points_free
 * @return LQ_OK, LQ_EINVAL, LQ_EIO (cannot read the file or folder), LQ_EPARSE (diag: file:line of
 *         a line without two numbers; runs with different atom counts), LQ_ENOTFOUND (a folder
 *         without VASP runs), a VASP reader's status, LQ_ENOMEM
 */
LQ_API lq_status lq_ev_points_read(const char *path, const lq_ev_read_options *opt,
                                   lq_ev_points *out, lq_diag *diag);
/** The CSV form of lq_ev_points_read from `size` bytes in memory (`name` for diagnostics). */
LQ_API lq_status lq_ev_points_read_csv_buffer(const char *data, size_t size, const char *name,
                                              lq_ev_points *out, lq_diag *diag);
/** Divides volumes and energies by `atoms` (> 0) and sets n_atoms to 1.
 *  @return LQ_OK, LQ_EINVAL (NULL, atoms 0) */
LQ_API lq_status lq_ev_points_per_atom_convert(lq_ev_points *p, size_t atoms);
/** Frees the points' arrays (NULL is a no-op). */
LQ_API void lq_ev_points_free(lq_ev_points *p);

/* ------------------------------------------------------------------------------------------ */
/* Formation energies and the 0 K convex hull                                                  */
/* ------------------------------------------------------------------------------------------ */

/** Most elements a hull may span. */
#define LQ_HULL_MAX_ELEMENTS 16

/**
 * Parses a chemical formula such as "NdBi2", "Nd3Bi7", "Bi0.5Nd0.5", "Ca(OH)2" into elements and
 * amounts (repeated elements are summed).
 * @param z       out, atomic numbers in order of first appearance (max entries)
 * @param amount  out, atoms of each per formula unit
 * @param n       out, number of distinct elements
 * @return LQ_OK, LQ_EINVAL (NULL), LQ_EPARSE (unknown element, bad number, unbalanced brackets,
 *         more than max elements)
 */
LQ_API lq_status lq_formula_parse(const char *formula, int *z, double *amount, size_t max,
                                  size_t *n);

/** A phase diagram at 0 K over n_el elements. Opaque; built by lq_hull_build. */
typedef struct lq_hull lq_hull;

/**
 * Builds the lower convex hull of formation energy versus composition. Reference energies per
 * atom are the lowest per-atom energies among the pure-element entries (as pymatgen's
 * PhaseDiagram); the formation energy of an entry is (E - sum n_i mu_i) / N. The hull energy at
 * composition x is the linear programme min sum_j lambda_j e_j subject to sum_j lambda_j x_j = x,
 * lambda >= 0 (e_j formation energies per atom, x_j atom fractions), solved by a dense simplex
 * method (Bland's rule, no cycling) over the lowest entry of each distinct composition; its
 * optimal basis is the decomposition. Works for any number of elements (<= LQ_HULL_MAX_ELEMENTS).
 * @param n_el        number of elements (>= 1)
 * @param z           atomic numbers of the elements (n_el)
 * @param amounts     n_entries x n_el row-major: atoms of each element in the entry's cell
 * @param energy_eV   total energy of each entry's cell (for those atoms)
 * @return LQ_OK, LQ_EINVAL, LQ_ENOTFOUND (an element without an elemental entry; diag names it),
 *         LQ_ENOCONV (simplex iteration limit), LQ_ENOMEM
 */
LQ_API lq_status lq_hull_build(size_t n_el, const int *z, const double *amounts,
                               const double *energy_eV, size_t n_entries, lq_hull **out,
                               lq_diag *diag);
/** Frees a hull (NULL is a no-op). */
LQ_API void lq_hull_free(lq_hull *h);
/** Number of entries. */
LQ_API size_t lq_hull_count(const lq_hull *h);
/**
 * Formation energy and energy above the hull of entry i (eV/atom; e_above >= 0, 0 on the hull).
 * Either output may be NULL. @return LQ_OK, LQ_EINVAL (i out of range)
 */
LQ_API lq_status lq_hull_entry(const lq_hull *h, size_t i, double *eform_eV_per_atom,
                               double *e_above_hull_eV_per_atom);
/** Elemental reference energy (eV/atom) of element k (0..n_el-1). */
LQ_API double lq_hull_reference_eV_per_atom(const lq_hull *h, size_t k);
/**
 * Decomposition of entry i into hull entries: indices and atom fractions (sum 1), stable entries
 * decompose into themselves. Writes at most max; returns the number of products in *n.
 */
LQ_API lq_status lq_hull_decomposition(const lq_hull *h, size_t i, size_t *idx, double *frac,
                                       size_t max, size_t *n);
/**
 * Hull (lowest) formation energy at composition x (atom fractions of the n_el elements, sum 1),
 * in eV/atom. @return LQ_OK, LQ_EINVAL (bad composition), LQ_ENOCONV
 */
LQ_API lq_status lq_hull_energy(const lq_hull *h, const double *x, double *e_eV_per_atom);

/** One line of a hull entries file (lq_hull_entries_read). */
typedef struct lq_hull_input_entry {
    char name[64];                       /**< the name column, or the formula when absent */
    char formula[64];                    /**< formula as written (e.g. "Nd2Bi4") */
    char phase[64];                      /**< the optional phase column, or "" */
    int z[LQ_HULL_MAX_ELEMENTS];         /**< elements of the formula (lq_formula_parse order) */
    double amount[LQ_HULL_MAX_ELEMENTS]; /**< atoms of each per formula as written */
    size_t nz;                           /**< number of elements of the formula */
    double energy_eV;                    /**< total energy of the formula as written, eV (or eV
                                              per atom when read so; see lq_hull_entries_build) */
    long line;                           /**< line of the file, 1-based */
} lq_hull_input_entry;

/** The entries of a hull file, and the elements they span in order of first appearance. */
typedef struct lq_hull_entries {
    lq_hull_input_entry *entries; /**< [n] */
    size_t n;
    int z[LQ_HULL_MAX_ELEMENTS]; /**< [n_el] atomic numbers */
    size_t n_el;
    char path[256]; /**< file read (for diagnostics), "" for a buffer without a name */
} lq_hull_entries;

/**
 * Reads a hull entries file: CSV with a header naming at least `formula` and `energy...`
 * (e.g. energy_eV), optionally `name` and `phase`; '#' lines and blank lines are skipped; fields
 * are trimmed, not quoted. Each row is one formula as written with its total energy in eV.
 * @param out  entries (out, on success only), free with lq_hull_entries_free
 * @return LQ_OK, LQ_EINVAL, LQ_EIO, LQ_EPARSE (diag: file, line and field: missing header columns,
 *         too few columns, a formula lq_formula_parse rejects, an energy that is not a finite
 *         number, no entries, more than LQ_HULL_MAX_ELEMENTS elements), LQ_ENOMEM
 */
LQ_API lq_status lq_hull_entries_read(const char *path, lq_hull_entries *out, lq_diag *diag);
/** As lq_hull_entries_read, from `size` bytes in memory; `name` is used in diagnostics (may be
 *  NULL). */
LQ_API lq_status lq_hull_entries_read_buffer(const char *data, size_t size, const char *name,
                                             lq_hull_entries *out, lq_diag *diag);
/** Frees the entries' arrays (NULL is a no-op). */
LQ_API void lq_hull_entries_free(lq_hull_entries *e);

/**
 * Builds the hull (lq_hull_build) of the entries; entry i of the hull is entries->entries[i].
 * @param per_atom  1: energy_eV is per atom (multiplied by the formula's atoms), 0: per formula
 * @return as lq_hull_build; diag names the file and the line of the entry concerned
 */
LQ_API lq_status lq_hull_entries_build(const lq_hull_entries *entries, int per_atom, lq_hull **out,
                                       lq_diag *diag);

struct lq_dataset; /* the ESPEI dataset type, include/liquidus/assess.h */

/**
 * ESPEI formation-enthalpy dataset (output HM_FORM, lq_dataset_build_hm_form) of one compound
 * entry: one sublattice per element of its formula in formula order, site ratios the formula's
 * amounts (integer formulas reduced by their greatest common divisor, Na4Cl4 -> 1:1), components
 * the element symbols in capitals, phase the entry's phase (or name) in capitals with other
 * characters as '_', P = 101325 Pa and T, the value ef_eV_per_atom in J/mol of atoms rounded to
 * 1e-3 J/mol, and a comment naming the entry and the hull. Format: ESPEI non-equilibrium
 * thermochemical datasets (espei.org, "Input data").
 * @param entry           the compound (in)
 * @param ef_eV_per_atom  its formation energy (lq_hull_entry), eV/atom
 * @param T               temperature stated in the dataset, K (298.15 for 0 K DFT, as ESPEI
 *                        users do)
 * @param reference       the dataset's "reference" tag (in), e.g. "liquidus_dft"
 * @param out             new dataset (out), free with lq_dataset_free, write with
 *                        lq_dataset_write_file
 * @param file_name       out: "<COMPONENTS>-HM_FORM-<PHASE>-<reference>.json" (e.g.
 *                        "BI-ND-HM_FORM-NDBI-liquidus_dft.json"), may be NULL
 * @param name_size       size of file_name
 * @return LQ_OK, LQ_EINVAL (NULL, not finite, or the builder's checks), LQ_ENOMEM
 */
LQ_API lq_status lq_hull_dataset_build(const lq_hull_input_entry *entry, double ef_eV_per_atom,
                                       double T, const char *reference, struct lq_dataset **out,
                                       char *file_name, size_t name_size, lq_diag *diag);

/* ------------------------------------------------------------------------------------------ */
/* Powder X-ray diffraction                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Options of a powder pattern. */
typedef struct lq_xrd_options {
    double lambda_A;          /**< wavelength (default LQ_XRD_CU_KALPHA_A of units.h) */
    double two_theta_min_deg; /**< default 0 */
    double two_theta_max_deg; /**< default 90 (at most 180) */
    /** Debye-Waller B factors in Angstrom^2 indexed by Z (LQ_DFT_MAX_Z + 1 entries), or NULL for
     *  none: f is multiplied by exp(-B s^2), s = sin(theta)/lambda. */
    const double *debye_waller_B_A2;
    double merge_tol_deg;     /**< reflections closer than this are one peak (default 1e-5) */
    double min_rel_intensity; /**< peaks below this % of the strongest are dropped (1e-3) */
} lq_xrd_options;

/** Default options (Cu K-alpha, 0-90 degrees, no Debye-Waller factor). */
LQ_API lq_xrd_options lq_xrd_options_default(void);

/** One powder peak (all reflections at one Bragg angle). */
typedef struct lq_xrd_peak {
    double two_theta_deg;
    double d_A;           /**< interplanar spacing */
    double intensity;     /**< relative intensity, strongest peak = 100 */
    double intensity_abs; /**< |F|^2 x Lorentz-polarisation factor, summed (electrons^2) */
    int hkl[3];           /**< a representative reflection (largest indices first) */
    int multiplicity;     /**< number of reciprocal lattice points in the peak */
} lq_xrd_peak;

/** A peak list, sorted by increasing 2 theta. */
typedef struct lq_xrd_pattern {
    size_t n_peaks;
    lq_xrd_peak *peaks;
} lq_xrd_pattern;

/**
 * X-ray scattering factor of element z at s = sin(theta)/lambda (1/Angstrom), in electrons:
 * f = Z - 8 pi^2 a0 s^2 sum_i a_i exp(-b_i s^2) (Mott-Bethe with the Doyle-Turner electron
 * factors; P. A. Doyle, P. S. Turner, Acta Cryst. A24 (1968) 390), coefficients as
 * data/dft/xray_scattering_doyle_turner.csv. Returns NaN for an element without coefficients.
 */
LQ_API double lq_xrd_scattering_factor(int z, double s_per_A);

/**
 * Powder pattern of a structure: every reciprocal lattice point g with 2 theta in the range
 * (Bragg: sin theta = lambda |g| / 2), |F|^2 with F = sum_j occ_j f_j exp(-B_j s^2)
 * exp(2 pi i g.r_j), times the Lorentz-polarisation factor (1 + cos^2 2theta)/(sin^2 theta
 * cos theta) (B. D. Cullity, Elements of X-ray Diffraction, ch. 4); Friedel pairs are equal (no
 * anomalous dispersion). Reflections within merge_tol_deg form one peak, so multiplicities are
 * counted, not tabulated. Intensities are scaled so that the strongest is 100.
 * @return LQ_OK, LQ_EINVAL (bad options, empty structure), LQ_ENOTFOUND (element without
 *         scattering coefficients; diag names it), LQ_EDOM (more than 5e9 reflection-site terms:
 *         absurd cell or wavelength), LQ_ENOMEM. Free with lq_xrd_pattern_free.
 */
LQ_API lq_status lq_xrd_pattern_compute(const lq_structure *s, const lq_xrd_options *opt,
                                        lq_xrd_pattern **out, lq_diag *diag);
/** Frees a pattern (NULL is a no-op). */
LQ_API void lq_xrd_pattern_free(lq_xrd_pattern *p);

/**
 * Broadened profile on the given 2 theta grid: each peak is a pseudo-Voigt of full width at half
 * maximum `fwhm_deg` with Lorentzian fraction `eta` (0 = Gaussian, 1 = Lorentzian), of peak height
 * equal to its relative intensity (so y is in the same % units).
 * @return LQ_OK, LQ_EINVAL (fwhm <= 0, eta outside [0,1], NULL)
 */
LQ_API lq_status lq_xrd_profile(const lq_xrd_pattern *p, double fwhm_deg, double eta,
                                const double *two_theta_deg, size_t n, double *y);

/** Agreement between a measured and a simulated profile on the same 2 theta grid. */
typedef struct lq_xrd_fom {
    double scale;      /**< scale s of the calculated profile: y_obs ~ s y_calc + background */
    double background; /**< flat background fitted with the scale (same units as y_obs) */
    double r_p;        /**< profile R factor: sum |y_o - s y_c| / sum |y_o| */
    double r_wp;       /**< weighted profile R factor, weights 1/max(y_o, 1): sqrt(sum w (y_o - s
                            y_c)^2 / sum w y_o^2), y_o background-free (R. A. Young, The Rietveld
                            Method, 1993, ch. 1) */
    double pearson;    /**< Pearson correlation coefficient of y_o and y_c */
    size_t n;          /**< points used */
} lq_xrd_fom;

/**
 * Figures of merit of y_calc against y_obs: scale and flat background fitted together by linear
 * least squares, then R_p and R_wp of the background-free observed profile.
 * @return LQ_OK, LQ_EINVAL (n < 2, NULL, non-finite), LQ_ESINGULAR (calculated profile all zero)
 */
LQ_API lq_status lq_xrd_compare(const double *y_obs, const double *y_calc, size_t n,
                                lq_xrd_fom *fom);

/**
 * Reads a measured two-column pattern (2 theta in degrees, intensity), separated by blanks, tabs,
 * commas or semicolons; '#' and '!' start comments; a first non-numeric line is a header.
 * Arrays are allocated with the library allocator (free with lq_free).
 * @return LQ_OK, LQ_EIO, LQ_EPARSE (file:line), LQ_ENOMEM
 */
LQ_API lq_status lq_xrd_read_measured(const char *path, double **two_theta_deg, double **intensity,
                                      size_t *n, lq_diag *diag);

/** Settings of lq_xrd_profiles_compute (lq_xrd_profiles_options_default gives those noted). */
typedef struct lq_xrd_profiles_options {
    double fwhm_deg;                      /**< pseudo-Voigt full width at half maximum (0.1) */
    double eta;                           /**< Lorentzian fraction, 0..1 (0.5) */
    double two_theta_min_deg;             /**< regular grid when no measured pattern: start (0) */
    double two_theta_max_deg;             /**< ... end (90) */
    double step_deg;                      /**< ... step (0.02); points min + k step up to max */
    const double *measured_two_theta_deg; /**< [n_measured] measured grid, or NULL */
    const double *measured_intensity;     /**< [n_measured] measured intensities, or NULL */
    size_t n_measured;
} lq_xrd_profiles_options;

/** The defaults noted in lq_xrd_profiles_options. */
LQ_API lq_xrd_profiles_options lq_xrd_profiles_options_default(void);

/** Profiles of several patterns on one grid, and their comparison with a measured pattern. */
typedef struct lq_xrd_profiles {
    size_t n_patterns;
    size_t n_grid;
    double *two_theta_deg; /**< [n_grid] the measured grid, or the regular one */
    double *profile;       /**< [n_patterns * n_grid] lq_xrd_profile of pattern i at row i */
    /** [n_patterns] figures of merit against the measured pattern (lq_xrd_compare); where a
     *  pattern has no calculated intensity on the measured range, r_wp = r_p = +inf and
     *  pearson = NaN (fom_ok 0). Zeroed without a measured pattern. */
    lq_xrd_fom *fom;
    int *fom_ok;  /**< [n_patterns] 1 when lq_xrd_compare succeeded */
    size_t *rank; /**< [n_patterns] pattern indices by increasing R_wp (ties keep the input
                       order); the input order without a measured pattern */
} lq_xrd_profiles;

/**
 * Broadened profiles of `n` patterns on the measured grid (or a regular one), and with a measured
 * pattern the figures of merit of each and the ranking of the candidates by R_wp.
 * @param patterns  [n] computed patterns (in)
 * @param opt       settings (in, NULL: defaults without a measured pattern)
 * @param out       result (out, on success only), free with lq_xrd_profiles_free
 * @return LQ_OK, LQ_EINVAL (NULL, n = 0, fwhm <= 0, eta outside [0,1], step <= 0, empty or
 *         reversed range), LQ_ENOMEM
 */
LQ_API lq_status lq_xrd_profiles_compute(const lq_xrd_pattern *const *patterns, size_t n,
                                         const lq_xrd_profiles_options *opt, lq_xrd_profiles **out);
/** Frees profiles (NULL is a no-op). */
LQ_API void lq_xrd_profiles_free(lq_xrd_profiles *p);

#ifdef __cplusplus
}
#endif
#endif /* LIQUIDUS_DFT_H */
