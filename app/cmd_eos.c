/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus eos`: E(V) equation-of-state fits from CSV files or folders of VASP runs. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"
#include "liquidus/plot.h"

#define CMD "eos"
#define MAX_PTS 4096

typedef struct {
    const char *source;
    double v[MAX_PTS], e[MAX_PTS];
    size_t n;
    size_t atoms; /* atoms per cell, 0 when unknown */
} ev_set;

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* CSV: '#' comments, optional header; columns named volume.../energy... or the first two. */
static int read_csv(const char *path, ev_set *s) {
    char *text = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_file_read_all(path, &text, NULL, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    int cv = 0, ce = 1, header = 0;
    long lineno = 0;
    char *next = text;
    while (next && *next) {
        char *line = next;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            next = nl + 1;
        } else {
            next = NULL;
        }
        lineno++;
        while (*line == ' ' || *line == '\t') line++;
        if (*line == '#' || *line == '\0' || *line == '\r') continue;
        char *f[16];
        size_t nf = 0;
        char *sv2 = NULL;
        for (char *tok = strtok_r(line, ",;\t \r", &sv2); tok && nf < 16;
             tok = strtok_r(NULL, ",;\t \r", &sv2))
            f[nf++] = tok;
        char *end = NULL;
        double a = nf > 0 ? strtod(f[0], &end) : 0.0;
        int numeric = nf > 0 && end != f[0] && *end == '\0';
        (void)a;
        if (!numeric && !header && s->n == 0) {
            header = 1;
            for (size_t k = 0; k < nf; k++) {
                if (strncmp(f[k], "vol", 3) == 0 || strncmp(f[k], "V_", 2) == 0) cv = (int)k;
                if (strncmp(f[k], "ener", 4) == 0 || strncmp(f[k], "E_", 2) == 0) ce = (int)k;
            }
            continue;
        }
        double v, e;
        char *e1 = NULL, *e2 = NULL;
        if ((size_t)(cv > ce ? cv : ce) >= nf ||
            ((v = strtod(f[cv], &e1)), e1 == f[cv] || *e1 != '\0') ||
            ((e = strtod(f[ce], &e2)), e2 == f[ce] || *e2 != '\0') || !isfinite(v) ||
            !isfinite(e)) {
            lq_free(text);
            return lqa_usage_error(CMD, "%s:%ld: expected volume_A3 and energy_eV numbers", path,
                                   lineno);
        }
        if (s->n == MAX_PTS) {
            lq_free(text);
            return lqa_usage_error(CMD, "%s: more than %d points", path, MAX_PTS);
        }
        s->v[s->n] = v;
        s->e[s->n++] = e;
    }
    lq_free(text);
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every subfolder of `dir` that holds a VASP run is one point (sorted by name). */
static int read_runs(const char *dir, int use_toten, ev_set *s, const lqa_ctx *ctx) {
    DIR *dp = opendir(dir);
    if (!dp) return lqa_usage_error(CMD, "%s: cannot open folder", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    size_t atoms = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (!is_dir(path)) continue;
        lq_vasp_run run;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_vasp_read_dir(path, &run, &d);
        if (st == LQ_ENOTFOUND) continue; /* not a run folder */
        if (st != LQ_OK) {
            rc = lqa_fail(CMD, st, &d);
            break;
        }
        if (s->n == MAX_PTS) {
            rc = lqa_usage_error(CMD, "%s: more than %d runs", dir, MAX_PTS);
            break;
        }
        if (atoms && run.n_atoms && run.n_atoms != atoms) {
            rc = lqa_usage_error(CMD, "%s: %zu atoms, but earlier runs have %zu", path, run.n_atoms,
                                 atoms);
            break;
        }
        if (run.n_atoms) atoms = run.n_atoms;
        s->v[s->n] = run.volume_A3;
        s->e[s->n++] = use_toten ? run.free_energy_eV : run.energy_eV;
        lqa_progress(ctx, "eos: %s: V = %.6f A^3, E = %.8f eV", path, run.volume_A3,
                     use_toten ? run.free_energy_eV : run.energy_eV);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    s->atoms = atoms;
    if (rc == 0 && s->n == 0)
        rc = lqa_usage_error(CMD, "%s: no VASP run folders (vasprun.xml, OUTCAR or OSZICAR) in it",
                             dir);
    return rc;
}

static const char *const col_names[] = {"source", "model",     "E0_eV",  "V0_A3",    "B0_GPa",
                                        "Bprime", "fit_error", "rms_eV", "n_points", "per_atom"};

int lq_cmd_eos_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_eos_run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *model = "all", *out = NULL, *plot = NULL, *points = NULL, *energy = "sigma0";
    int per_atom = 0;
    long atoms_opt = 0;
    const lqa_opt opts[] = {
        {"model", LQA_STRING, &model, "NAME",
         "poly4 (the study's Eq. 9), bm3, murnaghan, vinet or all (default)"},
        {"energy", LQA_STRING, &energy, "KIND",
         "VASP energy: sigma0 (energy(sigma->0), default) or toten (free energy)"},
        {"per-atom", LQA_FLAG, &per_atom, NULL,
         "divide volumes and energies by the atoms per cell (from VASP, or --atoms)"},
        {"atoms", LQA_INT, &atoms_opt, "N", "atoms per cell for CSV input"},
        {"out", LQA_STRING, &out, "FILE.csv", "write the fitted parameters"},
        {"points", LQA_STRING, &points, "FILE.csv", "write the E-V points read (VASP folders)"},
        {"plot", LQA_STRING, &plot, "FIG.png|svg|pdf", "draw the points and the fitted curves"},
    };
    const char *pos[64];
    size_t npos = 0;
    int rc =
        lqa_parse(CMD,
                  "liquidus eos [options] INPUT...\n"
                  "  INPUT: a CSV of volume_A3,energy_eV, or a folder whose subfolders are VASP "
                  "runs\n  (vasprun.xml, else OUTCAR, else OSZICAR + CONTCAR/POSCAR), one "
                  "point each.\n  Energies in eV, volumes in A^3 (per cell unless --per-atom), "
                  "B0 in GPa;\n  fit_error = sqrt(sum[(E_fit-E_calc)/E_calc]^2/n) as in the "
                  "Nd-Bi study",
                  opts, sizeof opts / sizeof opts[0], argc, argv, pos, 64, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (npos == 0) return lqa_usage_error(CMD, "no input (see --help)");
    lq_eos_model models[4];
    size_t nm = 0;
    if (strcmp(model, "all") == 0) {
        models[0] = LQ_EOS_POLY4;
        models[1] = LQ_EOS_BIRCH_MURNAGHAN3;
        models[2] = LQ_EOS_MURNAGHAN;
        models[3] = LQ_EOS_VINET;
        nm = 4;
    } else if (lq_eos_model_parse(model, &models[0]) == LQ_OK) {
        nm = 1;
    } else {
        return lqa_usage_error(CMD, "--model: unknown '%s'", model);
    }
    int use_toten = 0;
    if (strcmp(energy, "toten") == 0)
        use_toten = 1;
    else if (strcmp(energy, "sigma0") != 0)
        return lqa_usage_error(CMD, "--energy: expected sigma0 or toten, not '%s'", energy);
    if (atoms_opt < 0) return lqa_usage_error(CMD, "--atoms must be positive");
    /* GSL's default handler aborts; the library reports every failure as a status instead. */
    gsl_set_error_handler_off();

    ev_set *sets = calloc(npos, sizeof *sets);
    if (!sets) return LQA_EXIT_FAIL;
    for (size_t i = 0; i < npos && rc == 0; i++) {
        sets[i].source = pos[i];
        rc = is_dir(pos[i]) ? read_runs(pos[i], use_toten, &sets[i], ctx)
                            : read_csv(pos[i], &sets[i]);
        if (rc) break;
        if (atoms_opt > 0) sets[i].atoms = (size_t)atoms_opt;
        if (per_atom) {
            if (!sets[i].atoms) {
                rc = lqa_usage_error(CMD, "%s: --per-atom needs the atom count (give --atoms)",
                                     pos[i]);
                break;
            }
            for (size_t k = 0; k < sets[i].n; k++) {
                sets[i].v[k] /= (double)sets[i].atoms;
                sets[i].e[k] /= (double)sets[i].atoms;
            }
        }
    }
    lq_csv *csv = NULL;
    cJSON *json = ctx->json ? cJSON_CreateArray() : NULL;
    lq_plot *fig = NULL;
    if (rc == 0 && points) {
        const char *pn[3] = {"source", "volume_A3", "energy_eV"};
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_csv_open(points, pn, 3,
                                   per_atom ? "E-V points read by liquidus eos (per atom)"
                                            : "E-V points read by liquidus eos (per cell)",
                                   &csv, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        for (size_t i = 0; i < npos && rc == 0; i++)
            for (size_t k = 0; k < sets[i].n; k++) {
                char vb[32], eb[32];
                snprintf(vb, sizeof vb, "%.10g", sets[i].v[k]);
                snprintf(eb, sizeof eb, "%.10f", sets[i].e[k]);
                const char *row[3] = {sets[i].source, vb, eb};
                lq_csv_row_str(csv, row, 3);
            }
        if (rc == 0 && (st = lq_csv_close(csv, &d)) != LQ_OK) rc = lqa_fail(CMD, st, &d);
        csv = NULL;
    }
    if (rc == 0 && out) {
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_csv_open(
            out, col_names, 10,
            "E-V equation-of-state fits by liquidus eos. E0 in eV, V0 in A^3 (per atom when "
            "per_atom = 1, else per cell), B0 in GPa,\nfit_error = sqrt(sum[(E_fit-E_calc)/"
            "E_calc]^2/n) (Nd-Bi study, after Shang et al. 2010); poly4 = the study's Eq. 9",
            &csv, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (rc == 0 && plot) {
        if (lq_plot_create("E(V) fits", per_atom ? "V (A^3/atom)" : "V (A^3/cell)",
                           per_atom ? "E (eV/atom)" : "E (eV/cell)", &fig) != LQ_OK)
            rc = LQA_EXIT_FAIL;
    }
    if (rc == 0 && !ctx->json)
        printf("# %-24s %-9s %16s %14s %10s %8s %11s %10s %3s\n", "source", "model", "E0_eV",
               "V0_A3", "B0_GPa", "B'", "fit_error", "rms_eV", "n");
    for (size_t i = 0; i < npos && rc == 0; i++) {
        const ev_set *s = &sets[i];
        if (fig) lq_plot_add_points(fig, s->v, s->e, s->n, NULL, s->source);
        for (size_t m = 0; m < nm && rc == 0; m++) {
            lq_eos_result r;
            lq_diag d;
            lq_diag_clear(&d);
            lq_status st = lq_eos_fit(models[m], s->v, s->e, s->n, NULL, &r, &d);
            if (st != LQ_OK) {
                fprintf(stderr, "liquidus eos: %s: %s fit: ", s->source,
                        lq_eos_model_name(models[m]));
                rc = lqa_fail(CMD, st, &d);
                break;
            }
            if (json) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "source", s->source);
                cJSON_AddStringToObject(o, "model", lq_eos_model_name(models[m]));
                cJSON_AddNumberToObject(o, "E0_eV", r.e0_eV);
                cJSON_AddNumberToObject(o, "V0_A3", r.v0_A3);
                cJSON_AddNumberToObject(o, "B0_GPa", r.b0_GPa);
                cJSON_AddNumberToObject(o, "B0_eV_per_A3", r.b0_eV_per_A3);
                cJSON_AddNumberToObject(o, "Bprime", r.bp);
                cJSON_AddNumberToObject(o, "fit_error", r.fit_error);
                cJSON_AddNumberToObject(o, "rms_eV", r.rms_eV);
                cJSON_AddNumberToObject(o, "n_points", (double)r.n_points);
                cJSON_AddBoolToObject(o, "per_atom", per_atom);
                if (models[m] == LQ_EOS_POLY4) {
                    cJSON *k = cJSON_AddArrayToObject(o, "k_eq9");
                    for (int j = 0; j < 4; j++) cJSON_AddItemToArray(k, cJSON_CreateNumber(r.k[j]));
                }
                cJSON_AddItemToArray(json, o);
            } else {
                printf("  %-24s %-9s %16.8f %14.6f %10.4f %8.4f %11.3e %10.3e %3zu\n", s->source,
                       lq_eos_model_name(models[m]), r.e0_eV, r.v0_A3, r.b0_GPa, r.bp, r.fit_error,
                       r.rms_eV, r.n_points);
            }
            if (csv) {
                char b[8][40];
                snprintf(b[0], 40, "%.17g", r.e0_eV);
                snprintf(b[1], 40, "%.17g", r.v0_A3);
                snprintf(b[2], 40, "%.17g", r.b0_GPa);
                snprintf(b[3], 40, "%.17g", r.bp);
                snprintf(b[4], 40, "%.17g", r.fit_error);
                snprintf(b[5], 40, "%.17g", r.rms_eV);
                snprintf(b[6], 40, "%zu", r.n_points);
                snprintf(b[7], 40, "%d", per_atom);
                const char *row[10] = {s->source, lq_eos_model_name(models[m]),
                                       b[0],      b[1],
                                       b[2],      b[3],
                                       b[4],      b[5],
                                       b[6],      b[7]};
                lq_csv_row_str(csv, row, 10);
            }
            if (fig) {
                double vmin = s->v[0], vmax = s->v[0], x[200], y[200];
                for (size_t k = 1; k < s->n; k++) {
                    vmin = fmin(vmin, s->v[k]);
                    vmax = fmax(vmax, s->v[k]);
                }
                for (int k = 0; k < 200; k++) {
                    x[k] = vmin + (vmax - vmin) * k / 199.0;
                    y[k] = lq_eos_energy(&r, x[k]);
                }
                char label[128];
                snprintf(label, sizeof label, "%s (V0 %.3f, B0 %.1f GPa)",
                         lq_eos_model_name(models[m]), r.v0_A3, r.b0_GPa);
                lq_plot_add_line(fig, x, y, 200, NULL, label);
            }
        }
    }
    lq_diag d;
    lq_diag_clear(&d);
    if (csv) {
        if (rc != 0) {
            lq_csv_abort(csv);
        } else {
            lq_status st = lq_csv_close(csv, &d);
            if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
        }
    }
    if (fig && rc == 0) {
        lq_status st = lq_plot_save(fig, plot, 480, 360, &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    if (json && rc == 0) {
        lq_status st = lqa_json_write(json, "-", &d);
        if (st != LQ_OK) rc = lqa_fail(CMD, st, &d);
    }
    lq_plot_free(fig);
    cJSON_Delete(json);
    free(sets);
    return rc;
}

const lq_cmd lq_cmd_eos = {"eos",
                           "E(V) equation of state fits (Eq. 9, Birch-Murnaghan, Murnaghan, Vinet)",
                           lq_cmd_eos_run};
