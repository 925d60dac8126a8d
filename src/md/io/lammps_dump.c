/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS text dumps (dump custom / atom): a streaming frame reader and an atomic writer. Format:
 * LAMMPS manual, "dump command" (ITEM: TIMESTEP / NUMBER OF ATOMS / BOX BOUNDS / ATOMS <columns>).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "md/md_tools_internal.h"

#define MAX_COLS 64

struct lq_lammps_dump {
    FILE *fp;
    char path[LQ_DIAG_FILE_SIZE];
    long line;
    char *buf;
    size_t cap;
    size_t n_names;
    char names[LQ_MD_MAX_SPECIES][LQ_MD_SPECIES_NAME];
    /* scratch of the last frame size */
    size_t scratch_n;
    double *raw; /* [n * n_used] parsed numbers */
    long *order; /* [2 n] (id, row) pairs for sorting */
    char (*elem)[LQ_MD_SPECIES_NAME];
};

lq_status lq_lammps_dump_open(const char *path, const char *type_names, lq_lammps_dump **out,
                              lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    lq_lammps_dump *d = lqi_calloc(1, sizeof *d);
    if (!d) return LQ_ENOMEM;
    snprintf(d->path, sizeof d->path, "%s", path);
    if (type_names && *type_names) {
        const char *p = type_names;
        while (*p) {
            size_t len = strcspn(p, ", ");
            if (len > 0) {
                if (d->n_names == LQ_MD_MAX_SPECIES || len >= LQ_MD_SPECIES_NAME) {
                    lqi_free(d);
                    return lqi_diag_set(diag, LQ_EINVAL, NULL, 0, "types",
                                        "bad type names '%s' (at most %d names of < %d chars)",
                                        type_names, LQ_MD_MAX_SPECIES, LQ_MD_SPECIES_NAME);
                }
                memcpy(d->names[d->n_names], p, len);
                d->names[d->n_names++][len] = '\0';
            }
            p += len;
            while (*p == ',' || *p == ' ') p++;
        }
    }
    d->fp = fopen(path, "r");
    if (!d->fp) {
        lqi_free(d);
        return lqi_diag_set(diag, LQ_EIO, path, 0, NULL, "cannot open the dump");
    }
    *out = d;
    return LQ_OK;
}

void lq_lammps_dump_close(lq_lammps_dump *d) {
    if (!d) return;
    if (d->fp) fclose(d->fp);
    free(d->buf); /* from getline */
    lqi_free(d->raw);
    lqi_free(d->order);
    lqi_free(d->elem);
    lqi_free(d);
}

void lq_md_frame_free(lq_md_frame *frame) {
    if (!frame) return;
    lq_md_system_free(&frame->sys);
    lqi_free(frame->force_eV_per_A);
    memset(frame, 0, sizeof *frame);
}

/* Next line without its newline; NULL at end of file. */
static char *next_line(lq_lammps_dump *d) {
    ssize_t r = getline(&d->buf, &d->cap, d->fp);
    if (r < 0) return NULL;
    d->line++;
    while (r > 0 && (d->buf[r - 1] == '\n' || d->buf[r - 1] == '\r')) d->buf[--r] = '\0';
    return d->buf;
}

static int parse_long(const char *s, long *v) {
    char *end = NULL;
    long x = strtol(s, &end, 10);
    while (end && isspace((unsigned char)*end)) end++;
    if (end == s || !end || *end) return -1;
    *v = x;
    return 0;
}

static lq_status perr(lq_lammps_dump *d, const char *field, lq_diag *diag, const char *msg) {
    return lqi_diag_set(diag, LQ_EPARSE, d->path, d->line, field, "%s", msg);
}

enum {
    C_ID,
    C_TYPE,
    C_ELEM,
    C_Q,
    C_X,
    C_Y,
    C_Z,
    C_XU,
    C_YU,
    C_ZU,
    C_XS,
    C_YS,
    C_ZS,
    C_XSU,
    C_YSU,
    C_ZSU,
    C_IX,
    C_IY,
    C_IZ,
    C_VX,
    C_VY,
    C_VZ,
    C_FX,
    C_FY,
    C_FZ,
    C_N
};
static const char *const col_names[C_N] = {
    "id",  "type", "element", "q",  "x",  "y",  "z",  "xu", "yu", "zu", "xs", "ys", "zs",
    "xsu", "ysu",  "zsu",     "ix", "iy", "iz", "vx", "vy", "vz", "fx", "fy", "fz"};

static int cmp_pair(const void *a, const void *b) {
    long x = ((const long *)a)[0], y = ((const long *)b)[0];
    return (x > y) - (x < y);
}

static lq_status ensure_scratch(lq_lammps_dump *d, size_t n) {
    if (d->scratch_n >= n) return LQ_OK;
    lqi_free(d->raw);
    lqi_free(d->order);
    lqi_free(d->elem);
    d->raw = lqi_malloc_array(n * C_N, sizeof *d->raw);
    d->order = lqi_malloc_array(2 * n, sizeof *d->order);
    d->elem = lqi_malloc_array(n, sizeof *d->elem);
    if (!d->raw || !d->order || !d->elem) {
        d->scratch_n = 0;
        return LQ_ENOMEM;
    }
    d->scratch_n = n;
    return LQ_OK;
}

/* Reads the "ITEM: ATOMS" rows into d->raw (C_N numbers per row, NaN where absent). */
static lq_status read_atoms(lq_lammps_dump *d, size_t n, const int *colmap, size_t ncol,
                            lq_diag *diag) {
    for (size_t i = 0; i < n; i++) {
        char *s = next_line(d);
        if (!s)
            return lqi_diag_set(diag, LQ_EPARSE, d->path, d->line + 1, "ATOMS",
                                "file ends after %zu of %zu atom rows", i, n);
        double *row = &d->raw[i * C_N];
        for (int c = 0; c < C_N; c++) row[c] = (double)NAN;
        d->elem[i][0] = '\0';
        size_t k = 0;
        char *save = NULL;
        for (char *tok = strtok_r(s, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save), k++) {
            if (k >= ncol) break;
            int c = colmap[k];
            if (c < 0) continue;
            if (c == C_ELEM) {
                snprintf(d->elem[i], sizeof d->elem[i], "%s", tok);
                continue;
            }
            double v;
            if (lqi_parse_double(tok, strlen(tok), 0, &v) != 0 || !isfinite(v)) {
                char msg[160];
                snprintf(msg, sizeof msg, "'%.40s' is not a number", tok);
                return perr(d, col_names[c], diag, msg);
            }
            row[c] = v;
        }
        if (k != ncol) {
            char msg[160];
            snprintf(msg, sizeof msg, "atom row has %zu values, the ATOMS header names %zu", k,
                     ncol);
            return perr(d, "ATOMS", diag, msg);
        }
    }
    return LQ_OK;
}

lq_status lq_lammps_dump_next(lq_lammps_dump *d, lq_md_frame *frame, lq_diag *diag) {
    if (!d || !frame) return LQ_EINVAL;
    char *s;
    do {
        s = next_line(d);
        if (!s) return LQ_ENOTFOUND;
    } while (s[strspn(s, " \t")] == '\0');
    long timestep = 0;
    long natoms = -1;
    double lo[3] = {0}, hi[3] = {0};
    int have_ts = 0, have_box = 0;
    for (;;) {
        if (strncmp(s, "ITEM:", 5) != 0) return perr(d, "ITEM", diag, "expected an ITEM: line");
        const char *item = s + 5;
        while (*item == ' ') item++;
        if (strncmp(item, "TIMESTEP", 8) == 0) {
            if (!(s = next_line(d)) || parse_long(s, &timestep) != 0)
                return perr(d, "TIMESTEP", diag, "expected the timestep (an integer)");
            have_ts = 1;
        } else if (strncmp(item, "NUMBER OF ATOMS", 15) == 0) {
            if (!(s = next_line(d)) || parse_long(s, &natoms) != 0 || natoms < 1)
                return perr(d, "NUMBER OF ATOMS", diag, "expected a number of atoms >= 1");
        } else if (strncmp(item, "BOX BOUNDS", 10) == 0) {
            if (strstr(item, "xy") || strstr(item, "abc"))
                return lqi_diag_set(diag, LQ_EUNSUPPORTED, d->path, d->line, "BOX BOUNDS",
                                    "triclinic boxes are not supported (orthorhombic only)");
            for (int k = 0; k < 3; k++) {
                if (!(s = next_line(d)) || sscanf(s, "%lf %lf", &lo[k], &hi[k]) != 2 ||
                    !(hi[k] > lo[k]) || !isfinite(lo[k]) || !isfinite(hi[k]))
                    return perr(d, "BOX BOUNDS", diag, "expected 'lo hi' with hi > lo");
            }
            have_box = 1;
        } else if (strncmp(item, "ATOMS", 5) == 0) {
            break;
        } else {
            /* ITEM: TIME, UNITS and others carry one value line */
            if (!next_line(d)) return perr(d, "ITEM", diag, "file ends inside an ITEM");
        }
        if (!(s = next_line(d))) return perr(d, "ITEM", diag, "file ends before ITEM: ATOMS");
    }
    if (!have_ts || natoms < 1 || !have_box)
        return perr(d, "ATOMS", diag,
                    "ITEM: ATOMS before the TIMESTEP, NUMBER OF ATOMS and BOX BOUNDS items");
    /* column names */
    /* column names follow "ITEM: ATOMS" */
    char hcopy[4096];
    snprintf(hcopy, sizeof hcopy, "%s", s + 5 + strspn(s + 5, " ") + 5);
    int colmap[MAX_COLS];
    int have[C_N] = {0};
    size_t ncol = 0;
    char *save = NULL;
    for (char *tok = strtok_r(hcopy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (ncol == MAX_COLS) return perr(d, "ATOMS", diag, "too many columns");
        int c = -1;
        for (int k = 0; k < C_N; k++)
            if (strcmp(tok, col_names[k]) == 0) c = k;
        if (c >= 0) {
            if (have[c]) return perr(d, "ATOMS", diag, "a column is named twice");
            have[c] = 1;
        }
        colmap[ncol++] = c;
    }
    int pos0;
    int unwrapped = 0, scaled = 0, images = 0;
    if (have[C_XU] && have[C_YU] && have[C_ZU]) {
        pos0 = C_XU;
        unwrapped = 1;
    } else if (have[C_XSU] && have[C_YSU] && have[C_ZSU]) {
        pos0 = C_XSU;
        unwrapped = scaled = 1;
    } else if (have[C_X] && have[C_Y] && have[C_Z]) {
        pos0 = C_X;
        images = have[C_IX] && have[C_IY] && have[C_IZ];
        unwrapped = images;
    } else if (have[C_XS] && have[C_YS] && have[C_ZS]) {
        pos0 = C_XS;
        scaled = 1;
        images = have[C_IX] && have[C_IY] && have[C_IZ];
        unwrapped = images;
    } else {
        return perr(d, "ATOMS", diag,
                    "no positions: need x y z, xu yu zu, xs ys zs or xsu ysu zsu");
    }
    if (!have[C_TYPE] && !have[C_ELEM])
        return perr(d, "ATOMS", diag, "need a 'type' or an 'element' column");
    size_t n = (size_t)natoms;
    /* each atom takes a line (two bytes at the least): a count the rest of a regular file cannot
     * hold is refused before the frame's arrays are allocated (shorter frames are reported where
     * their lines run out) */
    struct stat sb;
    long pos = ftell(d->fp);
    if (pos >= 0 && fstat(fileno(d->fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
        (long long)sb.st_size >= (long long)pos &&
        n > (size_t)((long long)sb.st_size - (long long)pos) / 2)
        return perr(d, "NUMBER OF ATOMS", diag,
                    "the frame gives more atoms than the rest of the file can hold");
    lq_status st = ensure_scratch(d, n);
    if (st != LQ_OK) return st;
    long header_line = d->line;
    st = read_atoms(d, n, colmap, ncol, diag);
    if (st != LQ_OK) return st;

    /* Atoms are taken in id order (LAMMPS writes dumps unsorted unless dump_modify sort). */
    for (size_t i = 0; i < n; i++) {
        const double *row = &d->raw[i * C_N];
        long id = have[C_ID] ? lround(row[C_ID]) : (long)i + 1;
        if (have[C_ID] && (row[C_ID] != floor(row[C_ID]) || id < 1))
            return lqi_diag_set(diag, LQ_EPARSE, d->path, header_line + 1 + (long)i, "id",
                                "atom ids are integers >= 1");
        d->order[2 * i] = id;
        d->order[2 * i + 1] = (long)i;
    }
    qsort(d->order, n, 2 * sizeof(long), cmp_pair);
    for (size_t i = 1; i < n; i++)
        if (d->order[2 * i] == d->order[2 * i - 2])
            return lqi_diag_set(diag, LQ_EPARSE, d->path, header_line, "id",
                                "atom id %ld appears twice in the frame", d->order[2 * i]);

    /* types: from the type column, else elements in order of first appearance by id, so that
     * every frame of an unsorted dump numbers them alike */
    int ntypes = 0;
    char tnames[LQ_MD_MAX_SPECIES][LQ_MD_SPECIES_NAME];
    memset(tnames, 0, sizeof tnames);
    double tq[LQ_MD_MAX_SPECIES];
    int tq_set[LQ_MD_MAX_SPECIES] = {0};
    for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)d->order[2 * k + 1];
        double *row = &d->raw[i * C_N];
        int t;
        if (have[C_TYPE]) {
            double tv = row[C_TYPE];
            if (!(tv >= 1.0 && tv <= LQ_MD_MAX_SPECIES) || tv != floor(tv))
                return lqi_diag_set(diag, LQ_EPARSE, d->path, header_line + 1 + (long)i, "type",
                                    "type must be an integer in 1..%d", LQ_MD_MAX_SPECIES);
            t = (int)tv - 1;
            if (have[C_ELEM] && !tnames[t][0])
                snprintf(tnames[t], sizeof tnames[t], "%s", d->elem[i]);
        } else {
            t = -1;
            for (int u = 0; u < ntypes; u++)
                if (strcmp(tnames[u], d->elem[i]) == 0) t = u;
            if (t < 0) {
                if (ntypes == LQ_MD_MAX_SPECIES)
                    return lqi_diag_set(diag, LQ_EPARSE, d->path, header_line + 1 + (long)i,
                                        "element", "more than %d elements", LQ_MD_MAX_SPECIES);
                t = ntypes;
                snprintf(tnames[t], sizeof tnames[t], "%s", d->elem[i]);
            }
            row[C_TYPE] = t + 1;
        }
        if (t + 1 > ntypes) ntypes = t + 1;
        if (have[C_Q] && !tq_set[t]) {
            tq[t] = row[C_Q];
            tq_set[t] = 1;
        }
    }

    if (frame->sys.n_atoms != n) {
        lq_md_system_free(&frame->sys);
        st = lq_md_system_alloc(&frame->sys, n);
        if (st != LQ_OK) return st;
    }
    lq_md_system *sys = &frame->sys;
    sys->n_species = (size_t)ntypes;
    for (int t = 0; t < ntypes; t++) {
        lq_md_species *sp = &sys->species[t];
        memset(sp, 0, sizeof *sp);
        if (tnames[t][0])
            snprintf(sp->name, sizeof sp->name, "%s", tnames[t]);
        else if ((size_t)t < d->n_names)
            snprintf(sp->name, sizeof sp->name, "%s", d->names[t]);
        else
            snprintf(sp->name, sizeof sp->name, "%u", (unsigned)(t + 1) % 100u);
        for (int u = 0; u < t; u++)
            if (strcmp(sys->species[u].name, sp->name) == 0) {
                char base[LQ_MD_SPECIES_NAME];
                snprintf(base, sizeof base, "%s", sp->name);
                snprintf(sp->name, sizeof sp->name, "%.4s_%u", base, (unsigned)(t + 1) % 100u);
            }
        char sym[LQ_MD_SPECIES_NAME];
        lqi_md_element_of(sp->name, sym, sizeof sym);
        if (lq_md_element_mass(sym, &sp->mass_amu) != LQ_OK) sp->mass_amu = 0.0;
        sp->charge_e = tq_set[t] ? tq[t] : 0.0;
    }
    double L[3];
    for (int k = 0; k < 3; k++) {
        L[k] = hi[k] - lo[k];
        sys->box_A[k] = L[k];
        frame->box_lo_A[k] = lo[k];
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = (size_t)d->order[2 * i + 1];
        const double *row = &d->raw[r * C_N];
        sys->id[i] = d->order[2 * i];
        sys->type[i] = (int)row[C_TYPE] - 1;
        for (size_t k = 0; k < 3; k++) {
            double x = row[(size_t)pos0 + k];
            if (scaled) x = lo[k] + x * L[k];
            if (images) x += row[(size_t)C_IX + k] * L[k];
            sys->pos_A[3 * i + k] = x - lo[k];
            sys->image[3 * i + k] = 0;
            sys->vel_A_per_ps[3 * i + k] =
                have[C_VX] && have[C_VY] && have[C_VZ] ? row[(size_t)C_VX + k] : 0.0;
        }
    }
    /* forces (fx fy fz), in id order like the positions */
    frame->has_force = have[C_FX] && have[C_FY] && have[C_FZ];
    if (frame->has_force) {
        double *g = lqi_realloc(frame->force_eV_per_A, 3 * n * sizeof(double));
        if (!g) return LQ_ENOMEM;
        frame->force_eV_per_A = g;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < 3; k++)
                g[3 * i + k] = d->raw[(size_t)d->order[2 * i + 1] * C_N + (size_t)C_FX + k];
    }
    frame->timestep = timestep;
    frame->unwrapped = unwrapped;
    frame->has_velocity = have[C_VX] && have[C_VY] && have[C_VZ];
    frame->has_charge = have[C_Q];
    return LQ_OK;
}

/* ------------------------------------------------------------------------------ writer */

struct lq_lammps_dump_writer {
    lq_outfile *f;
    int error;
};

lq_status lq_lammps_dump_writer_open(const char *path, lq_lammps_dump_writer **out, lq_diag *diag) {
    if (!path || !out) return LQ_EINVAL;
    lq_lammps_dump_writer *w = lqi_calloc(1, sizeof *w);
    if (!w) return LQ_ENOMEM;
    lq_status st = lq_outfile_open(path, &w->f, diag);
    if (st != LQ_OK) {
        lqi_free(w);
        return st;
    }
    *out = w;
    return LQ_OK;
}

lq_status lq_lammps_dump_writer_frame(lq_lammps_dump_writer *w, long timestep,
                                      const lq_md_system *sys) {
    if (!w || !sys || !sys->pos_A || sys->n_atoms == 0) return LQ_EINVAL;
    FILE *fp = lqi_outfile_stream(w->f);
    int r = fprintf(fp,
                    "ITEM: TIMESTEP\n%ld\nITEM: NUMBER OF ATOMS\n%zu\nITEM: BOX BOUNDS pp pp pp\n"
                    "0 %.17g\n0 %.17g\n0 %.17g\nITEM: ATOMS id type element q xu yu zu vx vy vz\n",
                    timestep, sys->n_atoms, sys->box_A[0], sys->box_A[1], sys->box_A[2]);
    for (size_t i = 0; i < sys->n_atoms && r >= 0; i++) {
        int t = sys->type[i];
        if (t < 0 || (size_t)t >= sys->n_species) return LQ_EINVAL;
        const lq_md_species *sp = &sys->species[t];
        double x[3], v[3];
        for (size_t k = 0; k < 3; k++) {
            x[k] = sys->pos_A[3 * i + k] +
                   (sys->image ? (double)sys->image[3 * i + k] * sys->box_A[k] : 0.0);
            v[k] = sys->vel_A_per_ps ? sys->vel_A_per_ps[3 * i + k] : 0.0;
        }
        r = fprintf(fp, "%ld %d %s %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n",
                    sys->id ? sys->id[i] : (long)i + 1, t + 1, sp->name[0] ? sp->name : "X",
                    sp->charge_e, x[0], x[1], x[2], v[0], v[1], v[2]);
    }
    if (r < 0) {
        w->error = 1;
        return LQ_EWRITE;
    }
    return LQ_OK;
}

lq_status lq_lammps_dump_writer_close(lq_lammps_dump_writer *w, lq_diag *diag) {
    if (!w) return LQ_EINVAL;
    lq_status st;
    if (w->error) {
        lq_outfile_abort(w->f);
        st = LQ_EWRITE;
    } else {
        st = lq_outfile_commit(w->f, diag);
    }
    lqi_free(w);
    return st;
}

void lq_lammps_dump_writer_abort(lq_lammps_dump_writer *w) {
    if (!w) return;
    lq_outfile_abort(w->f);
    lqi_free(w);
}
