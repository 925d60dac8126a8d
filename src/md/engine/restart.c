/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Restart files (exact continuation) and LAMMPS-style trajectory dumps. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "md/md_sim_internal.h"

/* Format "liquidus-md-restart 2": keyword lines, every real number a C99 hexadecimal float
 * (%a), so that values read back are bit-identical. Sections in order:
 *   step S / time T / box X Y Z / kspace KIND g kx ky kz mx my mz order / ensemble E chain M
 *   thermostat eta_1..eta_M veta_1..veta_M / barostat veps etab_1.. vetab_1..
 *   species NAME MASS CHARGE (n_species lines) / atoms N, then N lines
 *   "id type x y z vx vy vz ix iy iz" / "list none", or "list R_LIST BX BY BZ" and N lines
 *   "x y z": the positions and box the Verlet list was last built from.
 * The list section makes a continuation exact to the bit: forces are sums over the list's pairs
 * in its order, and the list (hence the summation order and the steps of later rebuilds, which
 * depend on the displacements since the build) is rebuilt from the same positions. Version 1
 * files (without it) are read too; their continuation builds a new list and agrees to round-off.
 * Nothing else carries over between steps: the integrators use no random numbers after the
 * initial velocities, and the thermostat and barostat variables are stored. */

/* Limits of a readable file: 1e7 A coordinates keep image counts within int; 200 k-vectors and a
 * 512-point mesh per direction (16.8 million points in all) exceed any run liquidus makes. */
#define RS_MAX_COORD_A 1e7
#define RS_MAX_KMAX 200
#define RS_MAX_MESH 512
#define RS_MAX_MESH_POINTS 16777216.0

lq_status lq_md_sim_restart_write(lq_md_sim *s, const char *path, lq_diag *diag) {
    if (!s || !path) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    lq_outfile *of = NULL;
    lq_status st = lq_outfile_open(path, &of, diag);
    if (st != LQ_OK) return st;
    FILE *fp = lqi_outfile_stream(of);
    const lq_md_system *y = &s->sys;
    lq_md_kspace_info ki;
    lq_md_forcefield_kspace_info(s->ff, &ki);
    const int m = s->ro.chain_length;
    fprintf(fp, "liquidus-md-restart 2\nstep %ld\ntime %a\nbox %a %a %a\n", s->step, s->time_ps,
            y->box_A[0], y->box_A[1], y->box_A[2]);
    fprintf(fp, "kspace %d %a %d %d %d %d %d %d %d\n", (int)ki.kspace, ki.g_ewald_per_A, ki.kmax[0],
            ki.kmax[1], ki.kmax[2], ki.mesh[0], ki.mesh[1], ki.mesh[2], ki.order);
    fprintf(fp, "ensemble %d chain %d\nthermostat", (int)s->ro.ensemble, m);
    for (int k = 0; k < m; k++) fprintf(fp, " %a", s->eta[k]);
    for (int k = 0; k < m; k++) fprintf(fp, " %a", s->veta[k]);
    fprintf(fp, "\nbarostat %a", s->veps);
    for (int k = 0; k < m; k++) fprintf(fp, " %a", s->etab[k]);
    for (int k = 0; k < m; k++) fprintf(fp, " %a", s->vetab[k]);
    fprintf(fp, "\n");
    for (size_t t = 0; t < y->n_species; t++)
        fprintf(fp, "species %s %a %a\n", y->species[t].name, y->species[t].mass_amu,
                y->species[t].charge_e);
    fprintf(fp, "atoms %zu\n", y->n_atoms);
    for (size_t i = 0; i < y->n_atoms; i++) {
        const double *x = &y->pos_A[3 * i], *v = &y->vel_A_per_ps[3 * i];
        const int *im = &y->image[3 * i];
        fprintf(fp, "%ld %d %a %a %a %a %a %a %d %d %d\n", y->id[i], y->type[i], x[0], x[1], x[2],
                v[0], v[1], v[2], im[0], im[1], im[2]);
    }
    const double *xb = NULL;
    double bb[3], rl = 0.0;
    if (lqi_md_forcefield_list_state(s->ff, &xb, bb, &rl)) {
        fprintf(fp, "list %a %a %a %a\n", rl, bb[0], bb[1], bb[2]);
        for (size_t i = 0; i < y->n_atoms; i++)
            fprintf(fp, "%a %a %a\n", xb[3 * i], xb[3 * i + 1], xb[3 * i + 2]);
    } else {
        fprintf(fp, "list none\n");
    }
    return lq_outfile_commit(of, diag);
}

typedef struct rs_reader {
    const char *path;
    char *p;
    long line;
    lq_diag *diag;
} rs_reader;

static char *rs_line(rs_reader *r) {
    if (!r->p || !*r->p) return NULL;
    char *s = r->p, *e = strchr(s, '\n');
    if (e) {
        *e = '\0';
        r->p = e + 1;
    } else {
        r->p = s + strlen(s);
    }
    r->line++;
    return s;
}

static lq_status rs_err(rs_reader *r, const char *field) {
    return lqi_diag_set(r->diag, LQ_EPARSE, r->path, r->line, field, "malformed restart line");
}

/* Reads n reals (hex or decimal) from s after a keyword; returns the end or NULL. */
static char *rs_reals(char *s, double *v, int n) {
    for (int k = 0; k < n; k++) {
        char *end = NULL;
        errno = 0;
        v[k] = strtod(s, &end);
        if (end == s || errno || !isfinite(v[k])) return NULL;
        s = end;
    }
    return s;
}

/* The list section of version 2: *xb (allocated, 3n) stays NULL for "list none". */
static lq_status rs_list(rs_reader *r, size_t n, double **xb, double lb[4]) {
    char *s = rs_line(r);
    if (!s || strncmp(s, "list ", 5) != 0) return rs_err(r, "list");
    if (strcmp(s + 5, "none") == 0) return LQ_OK;
    if (!rs_reals(s + 5, lb, 4)) return rs_err(r, "list");
    double *x = lqi_malloc_array(3 * n, sizeof *x);
    if (!x) return LQ_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        s = rs_line(r);
        if (!s || !rs_reals(s, &x[3 * i], 3) || fabs(x[3 * i]) > RS_MAX_COORD_A ||
            fabs(x[3 * i + 1]) > RS_MAX_COORD_A || fabs(x[3 * i + 2]) > RS_MAX_COORD_A) {
            lqi_free(x);
            return rs_err(r, "list");
        }
    }
    *xb = x;
    return LQ_OK;
}

static lq_status rs_parse(rs_reader *r, lq_md_system *y, lq_md_sim *tmpl, lq_md_ff_options *fo,
                          lq_md_run_options *ro, int *version) {
    char *s = rs_line(r);
    if (!s || (strcmp(s, "liquidus-md-restart 1") != 0 && strcmp(s, "liquidus-md-restart 2") != 0))
        return rs_err(r, "header");
    *version = s[strlen(s) - 1] - '0';
    double v[3 * LQ_MD_MAX_CHAIN + 3];
    int kind, km[3], mesh[3], order, ens, chain;
    s = rs_line(r);
    if (!s || sscanf(s, "step %ld", &tmpl->step) != 1) return rs_err(r, "step");
    s = rs_line(r);
    if (!s || strncmp(s, "time ", 5) || !rs_reals(s + 5, &tmpl->time_ps, 1))
        return rs_err(r, "time");
    s = rs_line(r);
    if (!s || strncmp(s, "box ", 4) || !rs_reals(s + 4, y->box_A, 3)) return rs_err(r, "box");
    for (int d = 0; d < 3; d++)
        if (!(y->box_A[d] > 0.0 && y->box_A[d] <= RS_MAX_COORD_A)) return rs_err(r, "box");
    s = rs_line(r);
    char gstr[64];
    if (!s ||
        sscanf(s, "kspace %d %63s %d %d %d %d %d %d %d", &kind, gstr, &km[0], &km[1], &km[2],
               &mesh[0], &mesh[1], &mesh[2], &order) != 9 ||
        !rs_reals(gstr, &v[0], 1))
        return rs_err(r, "kspace");
    /* Bounds that any real run stays far within; they keep a damaged file from asking for a
     * mesh or k-vector set beyond memory. */
    if ((kind != LQ_MD_KSPACE_EWALD && kind != LQ_MD_KSPACE_PPPM) || v[0] < 0.0 ||
        (kind == LQ_MD_KSPACE_PPPM && (order < 2 || order > 7)))
        return rs_err(r, "kspace");
    double npts = 1.0;
    for (int d = 0; d < 3; d++) {
        if (km[d] < 0 || km[d] > RS_MAX_KMAX || mesh[d] < 0 || mesh[d] > RS_MAX_MESH)
            return rs_err(r, "kspace");
        npts *= (double)mesh[d];
    }
    if (npts > RS_MAX_MESH_POINTS) return rs_err(r, "kspace");
    /* The long-range parameters of the interrupted run are kept so that the continuation
     * evaluates exactly the same forces. */
    fo->kspace = (lq_md_kspace)kind;
    fo->g_ewald_per_A = v[0];
    memcpy(fo->kmax, km, sizeof km);
    memcpy(fo->mesh, mesh, sizeof mesh);
    if (kind == LQ_MD_KSPACE_PPPM) fo->pppm_order = order;
    s = rs_line(r);
    if (!s || sscanf(s, "ensemble %d chain %d", &ens, &chain) != 2 || chain < 1 ||
        chain > LQ_MD_MAX_CHAIN || ens != (int)ro->ensemble || chain != ro->chain_length)
        return lqi_diag_set(r->diag, LQ_EPARSE, r->path, r->line, "ensemble",
                            "restart was written for another ensemble or chain length");
    s = rs_line(r);
    if (!s || strncmp(s, "thermostat", 10) || !rs_reals(s + 10, v, 2 * chain))
        return rs_err(r, "thermostat");
    for (int k = 0; k < chain; k++) {
        tmpl->eta[k] = v[k];
        tmpl->veta[k] = v[chain + k];
    }
    s = rs_line(r);
    if (!s || strncmp(s, "barostat", 8) || !rs_reals(s + 8, v, 1 + 2 * chain))
        return rs_err(r, "barostat");
    tmpl->veps = v[0];
    for (int k = 0; k < chain; k++) {
        tmpl->etab[k] = v[1 + k];
        tmpl->vetab[k] = v[1 + chain + k];
    }
    size_t ns = 0, n = 0;
    while ((s = rs_line(r)) && strncmp(s, "species ", 8) == 0) {
        char name[64], ms[64], qs[64];
        if (ns >= LQ_MD_MAX_SPECIES || sscanf(s, "species %63s %63s %63s", name, ms, qs) != 3 ||
            strlen(name) >= LQ_MD_SPECIES_NAME || !rs_reals(ms, &v[0], 1) ||
            !rs_reals(qs, &v[1], 1))
            return rs_err(r, "species");
        memcpy(y->species[ns].name, name, strlen(name) + 1); /* length checked above */
        y->species[ns].mass_amu = v[0];
        y->species[ns].charge_e = v[1];
        ns++;
    }
    if (!s || sscanf(s, "atoms %zu", &n) != 1 || n < 2 || ns == 0) return rs_err(r, "atoms");
    /* One line per atom must follow: a count beyond the lines left is a damaged file (and would
     * otherwise size the arrays). */
    size_t left = 0;
    for (const char *q = r->p; q && *q; q++) left += *q == '\n';
    if (n > left + 1) return rs_err(r, "atoms");
    lq_md_species sp[LQ_MD_MAX_SPECIES];
    double box[3];
    memcpy(sp, y->species, sizeof sp);
    memcpy(box, y->box_A, sizeof box);
    lq_status st = lq_md_system_alloc(y, n);
    if (st != LQ_OK) return st;
    memcpy(y->species, sp, sizeof sp);
    memcpy(y->box_A, box, sizeof box);
    y->n_species = ns;
    for (size_t i = 0; i < n; i++) {
        s = rs_line(r);
        char *e = NULL;
        if (!s) return rs_err(r, "atoms");
        y->id[i] = strtol(s, &e, 10);
        long t = strtol(e, &e, 10);
        if (t < 0 || (size_t)t >= ns) return rs_err(r, "type");
        y->type[i] = (int)t;
        e = rs_reals(e, v, 6);
        if (!e || fabs(v[0]) > RS_MAX_COORD_A || fabs(v[1]) > RS_MAX_COORD_A ||
            fabs(v[2]) > RS_MAX_COORD_A)
            return rs_err(r, "atoms");
        memcpy(&y->pos_A[3 * i], v, 3 * sizeof(double));
        memcpy(&y->vel_A_per_ps[3 * i], v + 3, 3 * sizeof(double));
        int im[3];
        if (sscanf(e, "%d %d %d", &im[0], &im[1], &im[2]) != 3) return rs_err(r, "image");
        memcpy(&y->image[3 * i], im, sizeof im);
    }
    return LQ_OK;
}

lq_status lq_md_sim_restart_read(const char *path, const lq_md_potential *pot,
                                 const lq_md_ff_options *ffopt, const lq_md_run_options *runopt,
                                 lq_md_sim **out, lq_diag *diag) {
    if (!pot) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    lq_md_model m;
    lqi_md_model_wrap_potential(pot, &m);
    return lq_md_sim_restart_read_model(path, &m, ffopt, runopt, out, diag);
}

lq_status lq_md_sim_restart_read_model(const char *path, const lq_md_model *model,
                                       const lq_md_ff_options *ffopt,
                                       const lq_md_run_options *runopt, lq_md_sim **out,
                                       lq_diag *diag) {
    if (!path || !model || !out)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    char *buf = NULL;
    lq_status st = lq_file_read_all(path, &buf, NULL, diag);
    if (st != LQ_OK) return st;
    lq_md_ff_options fo;
    lq_md_run_options ro;
    if (ffopt)
        fo = *ffopt;
    else
        lq_md_ff_options_default(&fo);
    if (runopt)
        ro = *runopt;
    else
        lq_md_run_options_default(&ro);
    lq_md_sim *tmpl = lqi_calloc(1, sizeof *tmpl);
    lq_md_system y;
    memset(&y, 0, sizeof y);
    rs_reader r = {path, buf, 0, diag};
    int version = 0;
    double *xb = NULL, lb[4] = {0, 0, 0, 0};
    st = tmpl ? rs_parse(&r, &y, tmpl, &fo, &ro, &version) : LQ_ENOMEM;
    if (st == LQ_OK && version >= 2) st = rs_list(&r, y.n_atoms, &xb, lb);
    lq_md_sim *s = NULL;
    if (st == LQ_OK) st = lqi_md_sim_create_unforced(&y, model, &fo, &ro, &s, diag);
    /* A list radius that these options would not give (another cutoff or skin): a fresh list,
     * as for a version 1 file. */
    if (st == LQ_OK && xb &&
        lqi_md_forcefield_list_restore(s->ff, &s->sys, xb, lb + 1, lb[0]) == LQ_ENOMEM)
        st = LQ_ENOMEM;
    if (st == LQ_OK) st = lqi_md_sim_forces(s, diag);
    if (st != LQ_OK) {
        lq_md_sim_free(s);
        s = NULL;
    }
    if (st == LQ_OK) {
        s->step = tmpl->step;
        s->time_ps = tmpl->time_ps;
        s->veps = tmpl->veps;
        memcpy(s->eta, tmpl->eta, sizeof s->eta);
        memcpy(s->veta, tmpl->veta, sizeof s->veta);
        memcpy(s->etab, tmpl->etab, sizeof s->etab);
        memcpy(s->vetab, tmpl->vetab, sizeof s->vetab);
        *out = s;
    }
    lq_md_system_free(&y);
    lqi_free(xb);
    lqi_free(tmpl);
    lqi_free(buf);
    return st;
}
