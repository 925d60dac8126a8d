/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Final energies and cells of VASP runs: OUTCAR, OSZICAR, vasprun.xml (formats: VASP manual). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core_internal.h"
#include "dft/dft_internal.h"
#include "liquidus/core.h"

/* Number after the first occurrence of `key` in [beg, end); 0 on success. */
static int number_after(const char *beg, const char *end, const char *key, double *v) {
    size_t klen = strlen(key);
    for (const char *p = beg; p + klen <= end; p++) {
        if (memcmp(p, key, klen) != 0) continue;
        const char *q = p + klen;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '=' || *q == ':')) q++;
        const char *b = q;
        while (q < end && *q != ' ' && *q != '\t' && *q != '<') q++;
        return lqi_dft_word_double(b, (size_t)(q - b), v);
    }
    return 1;
}

static int contains(const char *beg, const char *end, const char *key) {
    size_t klen = strlen(key);
    for (const char *p = beg; p + klen <= end; p++)
        if (memcmp(p, key, klen) == 0) return 1;
    return 0;
}

lq_status lq_vasp_read_outcar(const char *path, lq_vasp_run *run, lq_diag *diag) {
    if (!path || !run) return LQ_EINVAL;
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    lq_vasp_run r = {(double)NAN, (double)NAN, 0.0, 0};
    lqi_lines it;
    lqi_lines_init(&it, text, strlen(text));
    const char *b, *e;
    long toten_line = 0;
    while (lqi_lines_next(&it, &b, &e)) {
        double v;
        if (contains(b, e, "NIONS =")) {
            if (number_after(b, e, "NIONS =", &v) != 0 || !(v >= 1.0)) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, it.lineno, "NIONS", "bad atom count");
                break;
            }
            r.n_atoms = (size_t)v;
        } else if (contains(b, e, "volume of cell :")) {
            if (number_after(b, e, "volume of cell :", &v) != 0 || !(v > 0.0)) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, it.lineno, "volume of cell",
                                  "no positive number after 'volume of cell :'");
                break;
            }
            r.volume_A3 = v;
        } else if (contains(b, e, "free  energy   TOTEN")) {
            if (number_after(b, e, "TOTEN", &v) != 0) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, it.lineno, "TOTEN",
                                  "no number after 'free  energy   TOTEN  ='");
                break;
            }
            r.free_energy_eV = v;
            r.energy_eV = (double)NAN; /* must be followed by its energy(sigma->0) line */
            toten_line = it.lineno;
        } else if (contains(b, e, "energy(sigma->0)")) {
            if (number_after(b, e, "energy(sigma->0)", &v) != 0) {
                st = lqi_diag_set(diag, LQ_EPARSE, path, it.lineno, "energy(sigma->0)",
                                  "no number after 'energy(sigma->0) ='");
                break;
            }
            r.energy_eV = v;
        }
    }
    lq_free(text);
    if (st != LQ_OK) return st;
    if (!isfinite(r.free_energy_eV))
        return lqi_diag_set(diag, LQ_EPARSE, path, it.lineno, "TOTEN",
                            "no 'free  energy   TOTEN' line: the run finished no ionic step");
    if (!isfinite(r.energy_eV))
        return lqi_diag_set(diag, LQ_EPARSE, path, toten_line, "energy(sigma->0)",
                            "the last TOTEN line is not followed by 'energy(sigma->0)'");
    if (!(r.volume_A3 > 0.0))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "volume of cell", "no cell volume found");
    *run = r;
    return LQ_OK;
}

lq_status lq_vasp_read_oszicar(const char *path, lq_vasp_run *run, lq_diag *diag) {
    if (!path || !run) return LQ_EINVAL;
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    lq_vasp_run r = {(double)NAN, (double)NAN, 0.0, 0};
    lqi_lines it;
    lqi_lines_init(&it, text, strlen(text));
    const char *b, *e;
    while (lqi_lines_next(&it, &b, &e)) {
        /* Ionic step lines: "   1 F= -.10847024E+02 E0= -.10846385E+02  d E =-.1085E+02". */
        if (!contains(b, e, " F=")) continue;
        double f, e0;
        if (number_after(b, e, " F=", &f) != 0 || number_after(b, e, "E0=", &e0) != 0) {
            st = lqi_diag_set(diag, LQ_EPARSE, path, it.lineno,
                              "F=", "ionic step line without numbers after 'F=' and 'E0='");
            break;
        }
        r.free_energy_eV = f;
        r.energy_eV = e0;
    }
    lq_free(text);
    if (st != LQ_OK) return st;
    if (!isfinite(r.energy_eV))
        return lqi_diag_set(diag, LQ_EPARSE, path, it.lineno,
                            "F=", "no ionic step line ('F= ... E0= ...') found");
    *run = r;
    return LQ_OK;
}

static long line_of(const char *text, const char *p) {
    long n = 1;
    for (const char *q = text; q < p; q++)
        if (*q == '\n') n++;
    return n;
}

/* Value of the last <i name="key"> element; 0 on success, 1 when absent, -1 when malformed. */
static int last_item(const char *text, const char *key, double *v, const char **where) {
    char pat[64];
    snprintf(pat, sizeof pat, "name=\"%s\"", key);
    const char *last = NULL;
    for (const char *p = strstr(text, pat); p; p = strstr(p + 1, pat)) last = p;
    if (!last) return 1;
    *where = last;
    const char *gt = strchr(last, '>');
    if (!gt) return -1;
    const char *lt = strchr(gt, '<');
    if (!lt) return -1;
    const char *b = gt + 1, *e = lt;
    while (b < e && (*b == ' ' || *b == '\n' || *b == '\t' || *b == '\r')) b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r')) e--;
    return lqi_dft_word_double(b, (size_t)(e - b), v) == 0 ? 0 : -1;
}

lq_status lq_vasp_read_vasprun(const char *path, lq_vasp_run *run, lq_diag *diag) {
    if (!path || !run) return LQ_EINVAL;
    char *text = NULL;
    lq_status st = lq_file_read_all(path, &text, NULL, diag);
    if (st != LQ_OK) return st;
    lq_vasp_run r = {(double)NAN, (double)NAN, 0.0, 0};
    static const char *const keys[3] = {"e_fr_energy", "e_0_energy", "volume"};
    double vals[3];
    for (int k = 0; k < 3; k++) {
        const char *where = text;
        int rc = last_item(text, keys[k], &vals[k], &where);
        if (rc != 0) {
            long line = rc < 0 ? line_of(text, where) : 0;
            lq_free(text);
            return lqi_diag_set(diag, LQ_EPARSE, path, line, keys[k],
                                rc < 0 ? "malformed value" : "not found (incomplete run?)");
        }
    }
    /* The calculation-level <energy> block follows the electronic steps of its ionic step, and
     * "finalpos" is the last structure, so the last occurrences are the final values. */
    r.free_energy_eV = vals[0];
    r.energy_eV = vals[1];
    r.volume_A3 = vals[2];
    const char *a = strstr(text, "<atoms>");
    if (a) {
        double n;
        const char *b = a + 7, *e = strchr(b, '<');
        while (e && b < e && *b == ' ') b++;
        while (e && e > b && e[-1] == ' ') e--;
        if (!e || lqi_dft_word_double(b, (size_t)(e - b), &n) != 0 || !(n >= 1.0)) {
            long line = line_of(text, a);
            lq_free(text);
            return lqi_diag_set(diag, LQ_EPARSE, path, line, "atoms", "bad atom count");
        }
        r.n_atoms = (size_t)n;
    }
    lq_free(text);
    if (!(r.volume_A3 > 0.0))
        return lqi_diag_set(diag, LQ_EPARSE, path, 0, "volume", "volume is not positive");
    *run = r;
    return LQ_OK;
}

static int file_exists(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    fclose(fp);
    return 1;
}

lq_status lq_vasp_read_dir(const char *dir, lq_vasp_run *run, lq_diag *diag) {
    if (!dir || !run) return LQ_EINVAL;
    char path[4096];
    snprintf(path, sizeof path, "%s/vasprun.xml", dir);
    if (file_exists(path)) return lq_vasp_read_vasprun(path, run, diag);
    snprintf(path, sizeof path, "%s/OUTCAR", dir);
    if (file_exists(path)) return lq_vasp_read_outcar(path, run, diag);
    snprintf(path, sizeof path, "%s/OSZICAR", dir);
    if (!file_exists(path))
        return lqi_diag_set(diag, LQ_ENOTFOUND, dir, 0, NULL,
                            "no vasprun.xml, OUTCAR or OSZICAR in this folder");
    lq_vasp_run r;
    lq_status st = lq_vasp_read_oszicar(path, &r, diag);
    if (st != LQ_OK) return st;
    lq_structure *s = NULL;
    snprintf(path, sizeof path, "%s/CONTCAR", dir);
    if (!file_exists(path)) snprintf(path, sizeof path, "%s/POSCAR", dir);
    if (!file_exists(path))
        return lqi_diag_set(diag, LQ_EPARSE, dir, 0, "CONTCAR",
                            "OSZICAR has no volume and there is no CONTCAR or POSCAR");
    st = lq_structure_read_poscar(path, &s, diag);
    if (st != LQ_OK) return st;
    r.volume_A3 = fabs(lq_structure_volume_A3(s));
    r.n_atoms = s->n_sites;
    lq_structure_free(s);
    *run = r;
    return LQ_OK;
}
