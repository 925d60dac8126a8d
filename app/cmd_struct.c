/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus struct`: structure conversion (CIF <-> POSCAR), summaries, and species substitution
 * in prototypes over whole folders (the AB2 -> NdBi2 screen of the Nd-Bi study). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "liquidus/core.h"
#include "liquidus/dft.h"

#define CMD "struct"
#define MAX_IN 256
#define MAX_MAP 16

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_structure_name(const char *n) {
    size_t l = strlen(n);
    if (l > 4 && strcmp(n + l - 4, ".cif") == 0) return 1;
    if (l > 5 && strcmp(n + l - 5, ".vasp") == 0) return 1;
    return strstr(n, "POSCAR") != NULL || strstr(n, "CONTCAR") != NULL;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expands files and folders (their structure files, sorted) into a list of paths. */
static int collect(const char *const *in, size_t nin, char ***out, size_t *nout) {
    char **list = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < nin; i++) {
        size_t first = n;
        DIR *dp = is_dir(in[i]) ? opendir(in[i]) : NULL;
        if (is_dir(in[i]) && !dp) return lqa_usage_error(CMD, "%s: cannot open folder", in[i]);
        struct dirent *de = NULL;
        for (;;) {
            const char *name = NULL;
            char buf[4096];
            if (dp) {
                de = readdir(dp);
                if (!de) break;
                if (de->d_name[0] == '.' || !has_structure_name(de->d_name)) continue;
                snprintf(buf, sizeof buf, "%s/%s", in[i], de->d_name);
                name = buf;
            } else {
                name = in[i];
            }
            if (n == cap) {
                cap = cap ? 2 * cap : 256;
                char **nl = realloc(list, cap * sizeof *nl);
                if (!nl) break;
                list = nl;
            }
            list[n++] = strdup(name);
            if (!dp) break;
        }
        if (dp) {
            closedir(dp);
            qsort(list + first, n - first, sizeof *list, cmp_str);
        }
    }
    *out = list;
    *nout = n;
    return 0;
}

static void free_list(char **l, size_t n) {
    for (size_t i = 0; i < n; i++) free(l[i]);
    free(l);
}

/* Reduced formula ("NdBi2"); "" when it cannot be formed. */
static void formula_of(const lq_structure *s, char *buf, size_t size) {
    lq_structure_formula_reduced(s, buf, size);
}

static const char *base_name(const char *p) {
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

static int cmd_convert(const char *const *pos, size_t npos) {
    if (npos != 2) return lqa_usage_error(CMD, "convert needs IN and OUT");
    lq_structure *s = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_structure_read(pos[0], &s, &d);
    if (st == LQ_OK) st = lq_structure_write(s, pos[1], &d);
    lq_structure_free(s);
    return st == LQ_OK ? 0 : lqa_fail(CMD, st, &d);
}

static int cmd_info(char **files, size_t n, const char *block, const lqa_ctx *ctx) {
    cJSON *json = ctx->json ? cJSON_CreateArray() : NULL;
    int rc = 0;
    if (!json)
        printf("# %-40s %-12s %6s %12s %10s %10s %10s %8s %8s %8s\n", "file", "formula", "atoms",
               "V_A3", "a_A", "b_A", "c_A", "alpha", "beta", "gamma");
    for (size_t i = 0; i < n; i++) {
        lq_structure *s = NULL;
        lq_diag d;
        lq_diag_clear(&d);
        lq_status st = lq_structure_read_block(files[i], block, &s, &d);
        lqa_warn_diag(CMD, &d);
        if (st != LQ_OK) {
            rc = lqa_fail(CMD, st, &d);
            continue;
        }
        char f[128];
        formula_of(s, f, sizeof f);
        double abc[3], ang[3];
        lq_lattice_parameters((const double(*)[3])s->lattice_A, abc, ang);
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "file", files[i]);
            cJSON_AddStringToObject(o, "formula", f);
            cJSON_AddNumberToObject(o, "atoms", lq_structure_atom_count(s));
            cJSON_AddNumberToObject(o, "volume_A3", fabs(lq_structure_volume_A3(s)));
            cJSON_AddItemToObject(o, "abc_A", cJSON_CreateDoubleArray(abc, 3));
            cJSON_AddItemToObject(o, "angles_deg", cJSON_CreateDoubleArray(ang, 3));
            cJSON_AddItemToArray(json, o);
        } else {
            printf("  %-40s %-12s %6g %12.4f %10.5f %10.5f %10.5f %8.3f %8.3f %8.3f\n", files[i], f,
                   lq_structure_atom_count(s), fabs(lq_structure_volume_A3(s)), abc[0], abc[1],
                   abc[2], ang[0], ang[1], ang[2]);
        }
        lq_structure_free(s);
    }
    if (json) {
        lq_diag d;
        lq_diag_clear(&d);
        lqa_json_write(json, "-", &d);
        cJSON_Delete(json);
    }
    return rc;
}

/* "Ca=Nd,F=Bi" or "Nd,Bi" into element lists. */
static int parse_pairs(const char *s, int *from, int *to, size_t *n, int need_eq) {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    *n = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (*n == MAX_MAP) return -1;
        char *eq = strchr(t, '=');
        if ((eq != NULL) != need_eq) return -1;
        if (eq) *eq = '\0';
        int a = lq_element_z(t);
        if (!a || strcmp(lq_element_symbol(a), t) != 0) return -1;
        if (eq) {
            int b = lq_element_z(eq + 1);
            if (!b || strcmp(lq_element_symbol(b), eq + 1) != 0) return -1;
            from[*n] = a;
            to[*n] = b;
        } else {
            to[*n] = a;
        }
        (*n)++;
    }
    return *n ? 0 : -1;
}

static int cmd_substitute(char **files, size_t n, const char *map, const char *by_count,
                          const char *rescale, const char *outdir, const char *format,
                          const lqa_ctx *ctx) {
    int from[MAX_MAP], to[MAX_MAP];
    size_t nmap = 0;
    if ((map != NULL) == (by_count != NULL))
        return lqa_usage_error(CMD, "substitute needs exactly one of --map or --by-count");
    if (map && parse_pairs(map, from, to, &nmap, 1) != 0)
        return lqa_usage_error(CMD, "--map: expected El=El,... (e.g. Ca=Nd,F=Bi)");
    if (by_count && parse_pairs(by_count, from, to, &nmap, 0) != 0)
        return lqa_usage_error(CMD, "--by-count: expected El,El,... (e.g. Nd,Bi for AB2 -> NdBi2)");
    lq_rescale_mode mode = LQ_RESCALE_SLATER;
    double vpa = 0.0;
    if (strcmp(rescale, "none") == 0) {
        mode = LQ_RESCALE_NONE;
    } else if (strncmp(rescale, "volume=", 7) == 0) {
        char *end = NULL;
        vpa = strtod(rescale + 7, &end);
        if (end == rescale + 7 || *end || !(vpa > 0.0))
            return lqa_usage_error(CMD, "--rescale volume=V needs V > 0 (A^3/atom)");
        mode = LQ_RESCALE_VOLUME_PER_ATOM;
    } else if (strcmp(rescale, "slater") != 0) {
        return lqa_usage_error(CMD, "--rescale: slater, none or volume=V_A3_per_atom");
    }
    int cif = strcmp(format, "cif") == 0;
    if (!cif && strcmp(format, "poscar") != 0)
        return lqa_usage_error(CMD, "--format: poscar or cif");
    if (!is_dir(outdir)) return lqa_usage_error(CMD, "--out %s: not a folder", outdir);
    char sumpath[4096];
    snprintf(sumpath, sizeof sumpath, "%s/substitution.csv", outdir);
    const char *cols[7] = {"source",       "output",        "prototype", "formula",
                           "volume_in_A3", "volume_out_A3", "status"};
    lq_csv *csv = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_csv_open(sumpath, cols, 7,
                               "species substitution by liquidus struct substitute; volumes "
                               "per cell; status: ok or the reason the file was skipped",
                               &csv, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    size_t n_ok = 0, n_bad = 0;
    for (size_t i = 0; i < n; i++) {
        lq_structure *s = NULL, *t = NULL;
        lq_diag_clear(&d);
        char proto[128] = "", formula[128] = "", outp[4096] = "", vin[32] = "", vout[32] = "";
        char status[LQ_DIAG_MSG_SIZE + 300] = "ok";
        st = lq_structure_read(files[i], &s, &d);
        if (st == LQ_OK) {
            formula_of(s, proto, sizeof proto);
            int f2[MAX_MAP], t2[MAX_MAP];
            size_t nm = nmap;
            memcpy(t2, to, sizeof t2);
            if (by_count) {
                size_t ns = 0;
                int zs[MAX_MAP + 1];
                lq_structure_species(s, zs, NULL, MAX_MAP + 1, &ns);
                if (ns != nmap) {
                    st = LQ_EINVAL;
                    snprintf(d.msg, sizeof d.msg, "%zu elements, --by-count names %zu", ns, nmap);
                    snprintf(d.file, sizeof d.file, "%s", files[i]);
                    d.line = 0;
                    d.field[0] = '\0';
                }
                memcpy(f2, zs, sizeof f2);
            } else {
                memcpy(f2, from, sizeof f2);
            }
            if (st == LQ_OK) st = lq_structure_substitute(s, f2, t2, nm, mode, vpa, &t, &d);
        }
        if (st == LQ_OK) {
            formula_of(t, formula, sizeof formula);
            char stem[256];
            snprintf(stem, sizeof stem, "%s", base_name(files[i]));
            char *dot = strrchr(stem, '.');
            if (dot && (strcmp(dot, ".cif") == 0 || strcmp(dot, ".vasp") == 0)) *dot = '\0';
            snprintf(outp, sizeof outp, "%s/%s_%s.%s", outdir, stem, formula, cif ? "cif" : "vasp");
            snprintf(t->title, sizeof t->title, "%.30s from %.60s (%.20s)", formula, stem, proto);
            snprintf(vin, sizeof vin, "%.6f", fabs(lq_structure_volume_A3(s)));
            snprintf(vout, sizeof vout, "%.6f", fabs(lq_structure_volume_A3(t)));
            st = lq_structure_write(t, outp, &d);
        }
        if (st != LQ_OK) {
            char msg[LQ_DIAG_MSG_SIZE + 300];
            lq_diag_format(&d, msg, sizeof msg);
            snprintf(status, sizeof status, "%s", msg[0] ? msg : lq_status_str(st));
            fprintf(stderr, "liquidus struct: skipped %s: %s\n", files[i], status);
            outp[0] = '\0';
            n_bad++;
        } else {
            n_ok++;
        }
        const char *row[7] = {files[i], outp, proto, formula, vin, vout, status};
        lq_csv_row_str(csv, row, 7);
        lq_structure_free(s);
        lq_structure_free(t);
        if ((i + 1) % 1000 == 0) lqa_progress(ctx, "struct: %zu of %zu", i + 1, n);
    }
    st = lq_csv_close(csv, &d);
    if (st != LQ_OK) return lqa_fail(CMD, st, &d);
    if (ctx->json)
        printf("{\"written\": %zu, \"skipped\": %zu, \"summary\": \"%s\"}\n", n_ok, n_bad, sumpath);
    else
        printf("%zu structures written to %s, %zu skipped (see %s)\n", n_ok, outdir, n_bad,
               sumpath);
    return n_bad ? LQA_EXIT_FAIL : 0;
}

int lq_cmd_struct_run(int argc, char **argv, const lqa_ctx *ctx);

int lq_cmd_struct_run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *map = NULL, *by_count = NULL, *rescale = "slater", *out = NULL;
    const char *format = "poscar", *block = NULL;
    const lqa_opt opts[] = {
        {"block", LQA_STRING, &block, "NAME",
         "info: CIF data block to read (default: the first holding atom sites)"},
        {"map", LQA_STRING, &map, "A=X,B=Y", "substitute: explicit element mapping"},
        {"by-count", LQA_STRING, &by_count, "X,Y",
         "substitute: elements ordered by increasing count become X, Y (AB2 -> NdBi2: Nd,Bi)"},
        {"rescale", LQA_STRING, &rescale, "MODE",
         "substitute: slater (default; Slater radii), none, volume=V_A3_per_atom"},
        {"out", LQA_STRING, &out, "DIR", "substitute: output folder (must exist)"},
        {"format", LQA_STRING, &format, "poscar|cif", "substitute: output format (poscar)"},
    };
    const char *usage =
        "liquidus struct ACTION [options] ARGS\n"
        "  convert IN OUT                 CIF <-> POSCAR by file name (*.cif, POSCAR*/CONTCAR*/"
        "*.vasp)\n"
        "  info FILE|DIR...               formula, atoms, volume (A^3), cell parameters\n"
        "  substitute --out DIR FILE|DIR... species substitution with volume rescaling; folders "
        "are\n"
        "                                 read whole (*.cif, POSCAR*, CONTCAR*, *.vasp); a summary "
        "is\n"
        "                                 written to DIR/substitution.csv";
    if (argc < 2 || argv[1][0] == '-') {
        const char *pos0[1];
        size_t np0 = 0;
        int rc =
            lqa_parse(CMD, usage, opts, sizeof opts / sizeof opts[0], argc, argv, pos0, 0, &np0);
        if (rc == 1) return LQA_EXIT_OK;
        return lqa_usage_error(CMD, "no action (convert, info, substitute; see --help)");
    }
    const char *action = argv[1];
    const char *pos[MAX_IN];
    size_t npos = 0;
    int rc = lqa_parse(CMD, usage, opts, sizeof opts / sizeof opts[0], argc - 1, argv + 1, pos,
                       MAX_IN, &npos);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (strcmp(action, "convert") == 0) return cmd_convert(pos, npos);
    if (strcmp(action, "info") != 0 && strcmp(action, "substitute") != 0)
        return lqa_usage_error(CMD, "unknown action '%s' (convert, info, substitute)", action);
    if (npos == 0) return lqa_usage_error(CMD, "%s: no input", action);
    char **files = NULL;
    size_t nf = 0;
    if ((rc = collect(pos, npos, &files, &nf)) != 0) return rc;
    if (nf == 0) {
        free_list(files, nf);
        return lqa_usage_error(CMD, "no structure files found");
    }
    if (strcmp(action, "info") == 0) {
        rc = cmd_info(files, nf, block, ctx);
    } else {
        if (!out)
            rc = lqa_usage_error(CMD, "substitute needs --out DIR");
        else
            rc = cmd_substitute(files, nf, map, by_count, rescale, out, format, ctx);
    }
    free_list(files, nf);
    return rc;
}

const lq_cmd lq_cmd_struct = {"struct", "structures: CIF/POSCAR conversion, info, substitution",
                              lq_cmd_struct_run};
