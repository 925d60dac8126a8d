/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LAMMPS data files (atom_style charge, orthorhombic box): reader and writer. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_internal.h"
#include "liquidus/core.h"
#include "liquidus/md.h"
#include "md/md_internal.h"
#include "md/md_tools_internal.h"

/* Format: LAMMPS manual, "read_data" (header keywords, then sections; a section keyword line is
 * followed by a blank line and one entry per line; '#' starts a comment). */

typedef struct data_reader {
    const char *path;
    char *buf;
    char *p;   /* next unread character */
    long line; /* number of the line last returned */
    lq_diag *diag;
} data_reader;

/* Returns the next line (NUL-terminated in place, comment kept), or NULL at the end. */
static char *next_line(data_reader *r) {
    if (!*r->p) return NULL;
    char *s = r->p;
    char *e = strchr(s, '\n');
    if (e) {
        *e = '\0';
        r->p = e + 1;
    } else {
        r->p = s + strlen(s);
    }
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r') s[n - 1] = '\0';
    r->line++;
    return s;
}

/* Splits the part of a line before '#' into at most max blank-separated words; the comment (text
 * after '#', trimmed) is returned in *comment when non-NULL. Modifies the line. */
static size_t split_words(char *s, char **w, size_t max, char **comment) {
    char *hash = strchr(s, '#');
    if (comment) *comment = NULL;
    if (hash) {
        *hash = '\0';
        if (comment) {
            char *c = hash + 1;
            while (*c && isspace((unsigned char)*c)) c++;
            size_t n = strlen(c);
            while (n && isspace((unsigned char)c[n - 1])) c[--n] = '\0';
            *comment = c;
        }
    }
    return lqi_words(s, w, max);
}

static int parse_num(const char *s, double *v) { return lqi_parse_double(s, strlen(s), 0, v); }

static int parse_long(const char *s, long *v) {
    char *end = NULL;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (end == s || *end || errno) return -1;
    *v = x;
    return 0;
}

static int is_blank(const char *s) {
    for (; *s && *s != '#'; s++)
        if (!isspace((unsigned char)*s)) return 0;
    return 1;
}

/* Next non-blank line of a section body, or NULL at the end of the file. */
static char *next_entry(data_reader *r) {
    char *s;
    while ((s = next_line(r)) && is_blank(s)) {
    }
    return s;
}

static lq_status perr(data_reader *r, const char *field, const char *msg) {
    return lqi_diag_set(r->diag, LQ_EPARSE, r->path, r->line, field, "%s", msg);
}

typedef struct data_header {
    long natoms, ntypes;
    double lo[3], hi[3];
    int have_box[3];
} data_header;

static lq_status read_header_line(data_reader *r, const char *line, data_header *h,
                                  int *is_header) {
    char s[512], *w[8];
    snprintf(s, sizeof s, "%s", line); /* the caller may re-read the line as a section keyword */
    size_t n = split_words(s, w, 8, NULL);
    *is_header = 1;
    if (n == 0) return LQ_OK;
    if (n == 2 && strcmp(w[1], "atoms") == 0) {
        if (parse_long(w[0], &h->natoms) || h->natoms <= 0)
            return perr(r, "atoms", "the number of atoms must be a positive integer");
        return LQ_OK;
    }
    if (n == 3 && strcmp(w[1], "atom") == 0 && strcmp(w[2], "types") == 0) {
        if (parse_long(w[0], &h->ntypes) || h->ntypes <= 0 || h->ntypes > LQ_MD_MAX_SPECIES)
            return lqi_diag_set(r->diag, LQ_EPARSE, r->path, r->line, "atom types",
                                "the number of atom types must be 1..%d", LQ_MD_MAX_SPECIES);
        return LQ_OK;
    }
    static const char *const lohi[3][2] = {{"xlo", "xhi"}, {"ylo", "yhi"}, {"zlo", "zhi"}};
    for (int d = 0; d < 3; d++)
        if (n == 4 && strcmp(w[2], lohi[d][0]) == 0 && strcmp(w[3], lohi[d][1]) == 0) {
            if (parse_num(w[0], &h->lo[d]) || parse_num(w[1], &h->hi[d]) || !(h->hi[d] > h->lo[d]))
                return perr(r, lohi[d][0], "box bounds must be two numbers with lo < hi");
            h->have_box[d] = 1;
            return LQ_OK;
        }
    if (n == 6 && strcmp(w[3], "xy") == 0) {
        double t[3];
        for (int k = 0; k < 3; k++)
            if (parse_num(w[k], &t[k])) return perr(r, "xy xz yz", "tilt factors must be numbers");
        if (t[0] != 0.0 || t[1] != 0.0 || t[2] != 0.0)
            return lqi_diag_set(r->diag, LQ_EUNSUPPORTED, r->path, r->line, "xy xz yz",
                                "triclinic boxes are not supported (orthorhombic only)");
        return LQ_OK;
    }
    /* Other counts (bonds, angles, ...) must be zero for atom_style charge. */
    if (n >= 2 && isdigit((unsigned char)w[0][0])) {
        long k;
        if (parse_long(w[0], &k) == 0 && k != 0 && strstr("bonds angles dihedrals impropers", w[1]))
            return lqi_diag_set(r->diag, LQ_EUNSUPPORTED, r->path, r->line, w[1],
                                "molecular topology is not supported (atom_style charge)");
        return LQ_OK;
    }
    *is_header = 0;
    return LQ_OK;
}

typedef struct atom_row {
    long id;
    int type;
    double q, x[3], v[3];
    int img[3];
    int have_v;
} atom_row;

static int cmp_row(const void *a, const void *b) {
    long x = ((const atom_row *)a)->id, y = ((const atom_row *)b)->id;
    return (x > y) - (x < y);
}

static lq_status read_masses(data_reader *r, const data_header *h, lq_md_system *s) {
    for (long k = 0; k < h->ntypes; k++) {
        char *line = next_entry(r), *w[4], *comment;
        if (!line) return perr(r, "Masses", "file ends inside the Masses section");
        size_t n = split_words(line, w, 4, &comment);
        long t;
        double m;
        if (n != 2 || parse_long(w[0], &t) || parse_num(w[1], &m))
            return perr(r, "Masses", "expected 'type mass [# name]'");
        if (t < 1 || t > h->ntypes) return perr(r, "Masses", "atom type out of range");
        if (!(m > 0)) return perr(r, "Masses", "mass must be positive");
        lq_md_species *sp = &s->species[t - 1];
        sp->mass_amu = m;
        if (comment && *comment) {
            size_t len = strcspn(comment, " \t");
            if (len >= LQ_MD_SPECIES_NAME)
                return perr(r, "Masses", "species name in the comment is too long");
            memcpy(sp->name, comment, len);
            sp->name[len] = '\0';
        }
    }
    return LQ_OK;
}

/* "Atom Type Labels" (LAMMPS 2022 and later): "type label" lines naming the types. */
static lq_status read_labels(data_reader *r, const data_header *h, lq_md_system *s) {
    for (long k = 0; k < h->ntypes; k++) {
        char *line = next_entry(r), *w[3];
        if (!line) return perr(r, "Atom Type Labels", "file ends inside the section");
        size_t n = split_words(line, w, 3, NULL);
        long t;
        if (n != 2 || parse_long(w[0], &t) || t < 1 || t > h->ntypes)
            return perr(r, "Atom Type Labels", "expected 'type label' with a type in range");
        if (strlen(w[1]) >= LQ_MD_SPECIES_NAME)
            return perr(r, "Atom Type Labels", "label too long");
        snprintf(s->species[t - 1].name, LQ_MD_SPECIES_NAME, "%s", w[1]);
    }
    return LQ_OK;
}

static lq_status read_atoms(data_reader *r, const data_header *h, atom_row *rows) {
    for (long k = 0; k < h->natoms; k++) {
        char *line = next_entry(r), *w[12];
        if (!line) return perr(r, "Atoms", "file ends inside the Atoms section");
        size_t n = split_words(line, w, 12, NULL);
        if (n != 6 && n != 9)
            return perr(r, "Atoms", "expected 'id type q x y z [ix iy iz]' (atom_style charge)");
        atom_row *a = &rows[k];
        long t;
        if (parse_long(w[0], &a->id) || a->id < 1) return perr(r, "Atoms", "bad atom id");
        if (parse_long(w[1], &t) || t < 1 || t > h->ntypes)
            return perr(r, "Atoms", "atom type out of range");
        a->type = (int)t - 1;
        if (parse_num(w[2], &a->q)) return perr(r, "Atoms", "charge is not a number");
        for (int d = 0; d < 3; d++)
            if (parse_num(w[3 + d], &a->x[d]))
                return perr(r, "Atoms", "coordinate is not a number");
        for (int d = 0; d < 3 && n == 9; d++) {
            long im;
            if (parse_long(w[6 + d], &im) || labs(im) > 1000000000L)
                return perr(r, "Atoms", "image flag is not an integer");
            a->img[d] = (int)im;
        }
    }
    return LQ_OK;
}

static lq_status read_velocities(data_reader *r, const data_header *h, atom_row *rows) {
    for (long k = 0; k < h->natoms; k++) {
        char *line = next_entry(r), *w[6];
        if (!line) return perr(r, "Velocities", "file ends inside the Velocities section");
        size_t n = split_words(line, w, 6, NULL);
        long id;
        double v[3];
        if (n != 4 || parse_long(w[0], &id) || parse_num(w[1], &v[0]) || parse_num(w[2], &v[1]) ||
            parse_num(w[3], &v[2]))
            return perr(r, "Velocities", "expected 'id vx vy vz'");
        atom_row key = {.id = id};
        atom_row *a = bsearch(&key, rows, (size_t)h->natoms, sizeof *rows, cmp_row);
        if (!a) return perr(r, "Velocities", "velocity of an atom id not in the Atoms section");
        memcpy(a->v, v, sizeof v);
        a->have_v = 1;
    }
    return LQ_OK;
}

/* Skips the body of a section we do not use (up to the next keyword line, which is returned). */
static char *skip_section(data_reader *r) {
    char *s;
    while ((s = next_line(r))) {
        const char *t = s;
        while (*t == ' ' || *t == '\t') t++;
        if (isalpha((unsigned char)*t)) return s;
    }
    return NULL;
}

static lq_status fill_system(data_reader *r, const data_header *h, atom_row *rows,
                             lq_md_system *tmp) {
    double qtype[LQ_MD_MAX_SPECIES];
    int seen[LQ_MD_MAX_SPECIES] = {0};
    for (long k = 0; k < h->natoms; k++) {
        const atom_row *a = &rows[k];
        if (k > 0 && rows[k - 1].id == a->id)
            return lqi_diag_set(r->diag, LQ_EPARSE, r->path, 0, "Atoms",
                                "atom id %ld appears twice", a->id);
        if (!seen[a->type]) {
            seen[a->type] = 1;
            qtype[a->type] = a->q;
        } else if (fabs(a->q - qtype[a->type]) > 1e-10 * (1.0 + fabs(qtype[a->type]))) {
            return lqi_diag_set(r->diag, LQ_EPARSE, r->path, 0, "Atoms",
                                "atom %ld of type %d has charge %g, other atoms of that type %g "
                                "(charges are per species)",
                                a->id, a->type + 1, a->q, qtype[a->type]);
        }
        size_t i = (size_t)k;
        tmp->id[i] = a->id;
        tmp->type[i] = a->type;
        for (int d = 0; d < 3; d++) {
            tmp->pos_A[3 * i + (size_t)d] = a->x[d] - h->lo[d];
            tmp->vel_A_per_ps[3 * i + (size_t)d] = a->v[d];
            tmp->image[3 * i + (size_t)d] = a->img[d];
        }
    }
    tmp->n_species = (size_t)h->ntypes;
    for (long t = 0; t < h->ntypes; t++) {
        lq_md_species *sp = &tmp->species[t];
        sp->charge_e = seen[t] ? qtype[t] : 0.0;
        char sym[LQ_MD_SPECIES_NAME];
        lqi_md_element_of(sp->name, sym, sizeof sym);
        /* Without a Masses entry a named type takes its element's standard atomic weight. */
        if (!(sp->mass_amu > 0) &&
            (!sp->name[0] || lq_md_element_mass(sym, &sp->mass_amu) != LQ_OK))
            return lqi_diag_set(r->diag, LQ_EPARSE, r->path, 0, "Masses",
                                sp->name[0] ? "no mass given for atom type %ld ('%s' is not an "
                                              "element)"
                                            : "no mass given for atom type %ld%s: add a Masses "
                                              "section or name the types (e.g. --types Na,Cl)",
                                t + 1, sp->name);
    }
    for (int d = 0; d < 3; d++) tmp->box_A[d] = h->hi[d] - h->lo[d];
    return LQ_OK;
}

/* "Na,Cl" names types 1, 2; at most ntypes names. */
static lq_status name_types(const char *path, const char *names, long ntypes, lq_md_system *s,
                            lq_diag *diag) {
    long t = 0;
    for (const char *p = names; *p; t++) {
        size_t len = strcspn(p, ",");
        if (t >= ntypes || len == 0 || len >= LQ_MD_SPECIES_NAME)
            return lqi_diag_set(diag, LQ_EINVAL, path, 0, "types",
                                "'%s': at most %ld names of 1 to %d characters, comma-separated",
                                names, ntypes, LQ_MD_SPECIES_NAME - 1);
        snprintf(s->species[t].name, LQ_MD_SPECIES_NAME, "%.*s", (int)len, p);
        p += len;
        if (*p == ',') p++;
    }
    return LQ_OK;
}

lq_status lq_md_data_read(const char *path, lq_md_system *sys, lq_diag *diag) {
    return lq_md_data_read_types(path, NULL, sys, diag);
}

lq_status lq_md_data_read_types(const char *path, const char *type_names, lq_md_system *sys,
                                lq_diag *diag) {
    if (!path || !sys) return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "NULL argument");
    data_reader r = {path, NULL, NULL, 0, diag};
    size_t size = 0;
    lq_status st = lq_file_read_all(path, &r.buf, &size, diag);
    if (st != LQ_OK) return st;
    r.p = r.buf;
    data_header h;
    memset(&h, 0, sizeof h);
    atom_row *rows = NULL;
    lq_md_system tmp;
    memset(&tmp, 0, sizeof tmp);
    int have_atoms = 0;

    char *s = next_line(&r); /* title line */
    if (!s) {
        st = perr(&r, NULL, "empty file");
        goto done;
    }
    /* Header: keyword lines until the first section keyword. */
    while ((s = next_line(&r))) {
        int is_header;
        st = read_header_line(&r, s, &h, &is_header);
        if (st != LQ_OK) goto done;
        if (!is_header) break;
    }
    if (h.natoms <= 0 || h.ntypes <= 0 || !h.have_box[0] || !h.have_box[1] || !h.have_box[2]) {
        st =
            perr(&r, "header", "header must give 'N atoms', 'N atom types' and xlo/ylo/zlo bounds");
        goto done;
    }
    /* every atom takes a line: a count beyond the lines left is refused before it is allocated */
    long lines_left = 1;
    for (const char *q = r.p; (q = memchr(q, '\n', size - (size_t)(q - r.buf))); q++) lines_left++;
    if (h.natoms > lines_left) {
        st = perr(&r, "atoms", "the header gives more atoms than the file has lines");
        goto done;
    }
    rows = lqi_calloc((size_t)h.natoms, sizeof *rows);
    if (!rows) {
        st = LQ_ENOMEM;
        goto done;
    }
    while (s) {
        char *w[4], *comment;
        long kw_line = r.line;
        size_t n = split_words(s, w, 4, &comment);
        if (n == 0) {
            s = next_line(&r);
            continue;
        }
        if (n == 1 && strcmp(w[0], "Masses") == 0) {
            st = read_masses(&r, &h, &tmp);
        } else if (n == 3 && strcmp(w[0], "Atom") == 0 && strcmp(w[1], "Type") == 0 &&
                   strcmp(w[2], "Labels") == 0) {
            st = read_labels(&r, &h, &tmp);
        } else if (n == 1 && strcmp(w[0], "Atoms") == 0) {
            if (comment && *comment && strcmp(comment, "charge") != 0) {
                st = lqi_diag_set(diag, LQ_EUNSUPPORTED, path, kw_line, "Atoms",
                                  "atom style '%s' is not supported (atom_style charge only)",
                                  comment);
                goto done;
            }
            st = read_atoms(&r, &h, rows);
            if (st == LQ_OK) qsort(rows, (size_t)h.natoms, sizeof *rows, cmp_row);
            have_atoms = 1;
        } else if (n == 1 && strcmp(w[0], "Velocities") == 0) {
            if (!have_atoms) {
                st = perr(&r, "Velocities", "Velocities section before the Atoms section");
                goto done;
            }
            st = read_velocities(&r, &h, rows);
        } else if (isalpha((unsigned char)w[0][0])) {
            s = skip_section(&r); /* Pair Coeffs and the like: not part of the system */
            continue;
        } else {
            st = perr(&r, w[0], "unexpected line (expected a section keyword)");
        }
        if (st != LQ_OK) goto done;
        s = next_line(&r);
    }
    if (!have_atoms) {
        st = lqi_diag_set(diag, LQ_EPARSE, path, r.line, "Atoms", "section missing");
        goto done;
    }
    if (type_names && (st = name_types(path, type_names, h.ntypes, &tmp, diag)) != LQ_OK) goto done;
    lq_md_species masses[LQ_MD_MAX_SPECIES];
    memcpy(masses, tmp.species, sizeof masses); /* alloc clears the system */
    st = lq_md_system_alloc(&tmp, (size_t)h.natoms);
    if (st != LQ_OK) goto done;
    memcpy(tmp.species, masses, sizeof masses);
    st = fill_system(&r, &h, rows, &tmp);
    if (st != LQ_OK) goto done;
    *sys = tmp;
    memset(&tmp, 0, sizeof tmp);
done:
    lq_md_system_free(&tmp);
    lqi_free(rows);
    lqi_free(r.buf);
    return st;
}

lq_status lq_md_data_write(const char *path, const lq_md_system *sys, const char *title,
                           lq_diag *diag) {
    if (!path || !sys || sys->n_atoms == 0 || sys->n_species == 0 ||
        sys->n_species > LQ_MD_MAX_SPECIES)
        return lqi_diag_set(diag, LQ_EINVAL, path, 0, NULL, "no system to write");
    lq_outfile *of = NULL;
    lq_status st = lq_outfile_open(path, &of, diag);
    if (st != LQ_OK) return st;
    FILE *fp = lqi_outfile_stream(of);
    fprintf(fp, "%s (LAMMPS data file, atom_style charge, metal units; written by liquidus %s)\n\n",
            title && *title ? title : "liquidus system", lq_version());
    fprintf(fp, "%zu atoms\n%zu atom types\n\n", sys->n_atoms, sys->n_species);
    static const char *const ax[3] = {"x", "y", "z"};
    for (int d = 0; d < 3; d++) fprintf(fp, "0 %.17g %slo %shi\n", sys->box_A[d], ax[d], ax[d]);
    fprintf(fp, "\nMasses\n\n");
    for (size_t t = 0; t < sys->n_species; t++)
        fprintf(fp, "%zu %.17g%s%s\n", t + 1, sys->species[t].mass_amu,
                sys->species[t].name[0] ? " # " : "", sys->species[t].name);
    fprintf(fp, "\nAtoms # charge\n\n");
    for (size_t i = 0; i < sys->n_atoms; i++) {
        double x[3];
        int img[3];
        lqi_md_wrap(sys, i, x, img);
        fprintf(fp, "%ld %d %.17g %.17g %.17g %.17g %d %d %d\n", sys->id[i], sys->type[i] + 1,
                sys->species[sys->type[i]].charge_e, x[0], x[1], x[2], img[0], img[1], img[2]);
    }
    fprintf(fp, "\nVelocities\n\n");
    for (size_t i = 0; i < sys->n_atoms; i++)
        fprintf(fp, "%ld %.17g %.17g %.17g\n", sys->id[i], sys->vel_A_per_ps[3 * i],
                sys->vel_A_per_ps[3 * i + 1], sys->vel_A_per_ps[3 * i + 2]);
    return lq_outfile_commit(of, diag);
}
