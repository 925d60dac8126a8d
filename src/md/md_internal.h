/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal interfaces of the MD engine: erfc, Verlet lists, Ewald and PPPM solvers. */
#ifndef LIQUIDUS_MD_INTERNAL_H
#define LIQUIDUS_MD_INTERNAL_H

#include <stddef.h>

#include "core/core_internal.h"
#include "liquidus/md.h"

/** Position of atom i wrapped into [0, L) per axis, and its image flags updated accordingly. */
void lqi_md_wrap(const lq_md_system *sys, size_t i, double x[3], int img[3]);

/**
 * erfc(x) for x >= 0 given exp(-x^2) (which the caller needs anyway for the force): a rational
 * fit in t = 1/(1 + p x), relative error below 1e-13 on [0, 9] (docs/md-engine.md).
 */
double lqi_md_erfc_given_exp(double x, double exp_mx2);

/* ---------------------------------------------------------------- Verlet list (ghost atoms) */
/* Per-thread scratch of a parallel list build (grown between builds, never inside a region). */
#define LQI_MD_MAX_THREADS 64

typedef struct lqi_md_nlist {
    size_t n_local; /* owned atoms */
    size_t n_ghost; /* periodic images near the faces */
    size_t cap_ghost;
    size_t *ghost_of;    /* [cap_ghost] owner of each ghost (index into x: sorted order) */
    size_t *ghost_first; /* [n_local + 1] ghosts of owned atom k: n_local + [gf[k], gf[k + 1]) */
    size_t *perm;        /* [n_local] system atom at sorted position k (cell order) */
    double *ghost_shift; /* [3 cap_ghost] shift vector (multiples of the box) */
    double *x;           /* [3 (n_local + cap_ghost)] positions, owned first */
    int *xtype;          /* [n_local + cap_ghost] */
    size_t *first;       /* [n_local + 1] CSR offsets of neighbours of owned atom i */
    int *neigh;          /* [cap_neigh] neighbour indices (into x) */
    size_t cap_neigh;
    double *x_build; /* [3 n_local] positions at the last build */
    double box_build[3];
    double r_list; /* cutoff + skin */
    int full;      /* 1: every pair stored from both atoms; 0: half list (see neighbor.c) */
    size_t *cell_head_next; /* scratch: [n_cells + n_local + cap_ghost] */
    size_t cap_cells;
    int *tbuf[LQI_MD_MAX_THREADS]; /* per-thread neighbour chunks of a parallel build */
    size_t tcap[LQI_MD_MAX_THREADS];
    long builds;
} lqi_md_nlist;

/**
 * Builds the list for the system's positions (wrapping positions into the box first) with
 * nthreads OpenMP threads. The list is the same for any thread count (each thread fills a
 * contiguous range of atoms; the ranges are concatenated in order).
 * @param full  1: a full list (pair i-j stored from i and from j; for many-body providers),
 *              0: a half list (each pair once; Newton's third law in the provider)
 */
lq_status lqi_md_nlist_build(lqi_md_nlist *nl, lq_md_system *sys, double r_list, int full,
                             int nthreads);
/** 1 when some atom moved more than skin/2 since the build or the box changed. */
int lqi_md_nlist_stale(const lqi_md_nlist *nl, const lq_md_system *sys, double skin);
/** Copies current owned positions into nl->x and updates ghost positions. */
void lqi_md_nlist_update(lqi_md_nlist *nl, const lq_md_system *sys);
void lqi_md_nlist_free(lqi_md_nlist *nl);

/**
 * Sums nt per-thread force buffers laid out in list order ([nt][3 (n_local + n_ghost)], thread
 * t at fbuf + t * 3 nall), folds each ghost's force onto its owner and writes the total in the
 * system's atom order into f_sys [3 n_local] (overwritten). Threads sum in the fixed order
 * 0..nt-1, so the result is deterministic for a given nt. Parallel over atoms with nthreads.
 */
void lqi_md_nlist_reduce_forces(const lqi_md_nlist *nl, double *fbuf, int nt, double *f_sys,
                                int nthreads);
/** The loop of lqi_md_nlist_reduce as an orphaned `omp for`, to call inside a parallel region
 * (saves a fork and join per step when fused with the loop that fills the buffers). */
void lqi_md_nlist_reduce_for(const lqi_md_nlist *nl, const double *buf, int ncomp, int nt,
                             double *out_sys);
/** The same for ncomp (1..16) values per atom, e.g. 9 for per-atom virials of ghosts. */
void lqi_md_nlist_reduce(const lqi_md_nlist *nl, const double *buf, int ncomp, int nt,
                         double *out_sys, int nthreads);

/** Contiguous ranges of owned atoms [lo[t], lo[t + 1]) with about equal numbers of stored pairs,
 * for nt threads (lo has nt + 1 entries). Depends only on the list. */
void lqi_md_nlist_balance(const lqi_md_nlist *nl, int nt, size_t *lo);

/* ---------------------------------------------------------------- force providers */
/*
 * A potential is a record (DESIGN.md: "one record per potential"): a name, a reader of its file
 * kind, and the evaluation of energy, forces and virial of a configuration given the shared
 * neighbour list. The engine (forcefield.c) owns the list, the thread count and the bookkeeping
 * (box changes, list rebuilds, ghost folding helpers); a provider owns its parameters and
 * scratch. Records are listed in lqi_md_providers[] (src/md/potentials/providers.c); adding a
 * potential is one file and one line there. Units: LAMMPS metal (A, eV).
 */

/** The neighbour list a provider needs (asked once, at create). */
typedef struct lqi_md_list_request {
    double cutoff_A; /* interaction cutoff; the engine adds the skin (0: no list wanted) */
    int full;        /* 1: full list, 0: half list */
} lqi_md_list_request;

/** One configuration, as the engine hands it to a provider. */
typedef struct lqi_md_frame {
    const lq_md_system *sys; /* species, types, box; positions wrapped at the last list build */
    const lqi_md_nlist *nl;  /* the current list (positions of owned atoms and ghosts updated) */
    int box_changed;         /* 1 when the box differs from the previous call (NPT) */
    int nthreads;            /* OpenMP threads to use */
} lqi_md_frame;

/** What a provider writes. Arrays are in the system's atom order. */
typedef struct lqi_md_result {
    double *f;           /* [3 n] forces, eV/A (overwritten) */
    lq_md_energy *e;     /* energy terms, total and virial (overwritten) */
    double *atom_e;      /* [n] per-atom energies, eV, or NULL when not wanted */
    double *atom_virial; /* [9 n] per-atom virials (xx xy xz yx yy yz zx zy zz), eV, or NULL */
} lqi_md_result;

typedef struct lqi_md_provider_ops {
    const char *name; /* "born-coul" (rigid ions), "deepmd", ... */
    /** 1 when the file at `path`, whose first bytes are head[0..n_head), is of this kind. */
    int (*claims)(const char *path, const char *head, size_t n_head);
    /** Reads a model file into `*model` (owned by the record: model_free). */
    lq_status (*read)(const char *path, void **model, lq_diag *diag);
    void (*model_free)(void *model);
    /** Provenance text of a model (for output headers; may return ""). */
    const char *(*source)(const void *model);
    /**
     * Maps a system's species onto the model by name (and fills masses, charges the model
     * defines); LQ_ENOTFOUND names a species the model does not know.
     */
    lq_status (*apply)(const void *model, lq_md_system *sys, lq_diag *diag);
    /**
     * Evaluator of `model` for `sys` (species, box, atom count; arrays are not kept) with the
     * engine options; fills the list it needs. The model must outlive the evaluator.
     */
    lq_status (*create)(const void *model, const lq_md_system *sys, const lq_md_ff_options *opt,
                        void **eval, lqi_md_list_request *req, lq_diag *diag);
    void (*free)(void *eval);
    /** Energy, forces, virial (and per-atom terms when asked) of one frame. */
    lq_status (*compute)(void *eval, const lqi_md_frame *fr, lqi_md_result *res, lq_diag *diag);
    /** Long-range settings in use (NULL when the record has no long-range part). */
    void (*kspace_info)(const void *eval, lq_md_kspace_info *info);
    /** 1 when compute fills atom_e and atom_virial. */
    int has_atom_terms;
    /**
     * Appends the LAMMPS model commands (masses, pair_style, pair_coeff, kspace, neighbor) for a
     * system to sb; table_off as lq_md_lammps_model_format.
     */
    lq_status (*lammps)(const void *model, const lq_md_system *sys, const lq_md_ff_options *opt,
                        int table_off, lqi_sbuf *sb, lq_diag *diag);
} lqi_md_provider_ops;

/** The registered records, terminated by a NULL name. */
extern const lqi_md_provider_ops *const lqi_md_providers[];

/** The rigid-ion record (Born–Mayer–Huggins + Coulomb, src/md/potentials/born_coul.c); its model
 * is an lq_md_potential. */
extern const lqi_md_provider_ops lqi_md_provider_born_coul;
/** The deep-potential record (DeePMD-kit .yaml/.dp models, src/md/potentials/deepmd.c). */
extern const lqi_md_provider_ops lqi_md_provider_deepmd;
/** A deep potential plus its fixed-charge long-range baseline (.dplr, src/md/potentials/
 * deepmd_lr.c). */
extern const lqi_md_provider_ops lqi_md_provider_deepmd_lr;

/** A loaded model of any kind: the record and its data. */
struct lq_md_model {
    const lqi_md_provider_ops *ops;
    void *data;
    int owned; /* 1: data freed with the model; 0: borrowed (lq_md_potential wrappers) */
};

/** A model borrowing an lq_md_potential (no allocation; for the rigid-ion entry points). */
void lqi_md_model_wrap_potential(const lq_md_potential *pot, lq_md_model *m);

/**
 * Index in a model's type_map of a system species name: the same name, else the same element
 * (the leading capital and optional lower-case letter: "Mg0", a neutral Mg atom, and "Mg2+" are
 * "Mg"); -1 when none matches.
 */
long lqi_md_type_map_index(const char *const *type_map, size_t n_types, const char *name);

/** Appends the `pair_style deepmd` model commands of lq_md_lammps_deepmd_format to sb. */
lq_status lqi_md_lammps_deepmd_append(lqi_sbuf *sb, const lq_md_system *sys,
                                      const lq_md_deepmd_deck *dp, double skin_A, lq_diag *diag);

/* ---------------------------------------------------------------- long-range solvers */
typedef struct lqi_md_ewald lqi_md_ewald;
typedef struct lqi_md_pppm lqi_md_pppm;

/**
 * The Ewald parameters LAMMPS would choose (ewald.cpp: g_ewald from the accuracy and the cutoff,
 * then kmax per axis until the RMS reciprocal force error estimate of Kolafa & Perram,
 * Mol. Simul. 9 (1992) 351, drops below it). accuracy_abs = accuracy * qqr2e (eV/A).
 */
double lqi_md_ewald_g(double accuracy_abs, double q2, size_t n, double cutoff, const double box[3]);

/** q[i] per atom; q2 = qqr2e * sum q^2. */
lq_status lqi_md_ewald_create(const double box[3], size_t n, double q2, double g,
                              double accuracy_abs, const int kmax_in[3], lqi_md_ewald **out);
void lqi_md_ewald_free(lqi_md_ewald *ew);
void lqi_md_ewald_info(const lqi_md_ewald *ew, lq_md_kspace_info *info);
/** Re-derives the k-vectors after a box change (kmax kept). */
lq_status lqi_md_ewald_setup(lqi_md_ewald *ew, const double box[3]);
/** Adds reciprocal forces (eV/A) and returns energy (eV) incl. self and background terms. */
double lqi_md_ewald_compute(lqi_md_ewald *ew, size_t n, const double *x, const double *q, double *f,
                            double virial[6]);

lq_status lqi_md_pppm_create(const double box[3], size_t n, double q2, double cutoff,
                             double accuracy_abs, int order, double g_in, const int mesh_in[3],
                             lqi_md_pppm **out);
void lqi_md_pppm_free(lqi_md_pppm *pm);
void lqi_md_pppm_info(const lqi_md_pppm *pm, lq_md_kspace_info *info);
lq_status lqi_md_pppm_setup(lqi_md_pppm *pm, const double box[3]);
/**
 * Reciprocal-space energy (incl. self and background terms, eV), forces added to f (eV/A) and
 * virial added; nthreads OpenMP threads. The result does not depend on nthreads: every mesh point
 * and every sum is accumulated in the same order for any thread count.
 */
double lqi_md_pppm_compute(lqi_md_pppm *pm, size_t n, const double *x, const double *q, double *f,
                           double virial[6], int nthreads);

/** Forces a Verlet-list rebuild at the next compute. */
void lqi_md_forcefield_invalidate(lq_md_forcefield *ff);

/** The state a Verlet list was built from, for restart files: 1 and the positions of the last
 * build (wrapped, system order, borrowed), the box and list radius then; 0 when no list is built.
 */
int lqi_md_forcefield_list_state(const lq_md_forcefield *ff, const double **x_build,
                                 double box_build[3], double *r_list);

/**
 * Rebuilds the Verlet list from the positions and box of an earlier build (restart.c), so that
 * a continued run has the pairs, their order and the rebuild steps of the uninterrupted one. The
 * list radius must be the one these options give for box_build (else LQ_EINVAL and no list: the
 * next compute builds one from the current positions).
 */
lq_status lqi_md_forcefield_list_restore(lq_md_forcefield *ff, const lq_md_system *sys,
                                         const double *x_build, const double box_build[3],
                                         double r_list);

#endif /* LIQUIDUS_MD_INTERNAL_H */
