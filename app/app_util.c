/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Option parsing and messages for the `liquidus` subcommands. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"

static const lqa_opt *find_opt(const lqa_opt *opts, size_t nopts, const char *name, size_t len) {
    for (size_t i = 0; i < nopts; i++)
        if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0) return &opts[i];
    return NULL;
}

static void print_help(const char *usage, const lqa_opt *opts, size_t nopts) {
    printf("usage: %s\n\noptions:\n", usage);
    for (size_t i = 0; i < nopts; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", opts[i].name, opts[i].metavar ? " " : "",
                 opts[i].metavar ? opts[i].metavar : "");
        printf("  %-26s %s\n", left, opts[i].help ? opts[i].help : "");
    }
    printf("  %-26s %s\n  %-26s %s\n  %-26s %s\n", "--json", "machine-readable output on stdout",
           "--quiet, -q", "no progress messages", "--help, -h", "this text");
}

static int set_value(const char *cmd, const lqa_opt *o, const char *val) {
    char *end = NULL;
    switch (o->kind) {
        case LQA_FLAG:
            *(int *)o->dest = 1;
            return 0;
        case LQA_STRING:
            *(const char **)o->dest = val;
            return 0;
        case LQA_DOUBLE: {
            errno = 0;
            double v = strtod(val, &end);
            if (end == val || *end || errno || !isfinite(v))
                return lqa_usage_error(cmd, "--%s: '%s' is not a number", o->name, val);
            *(double *)o->dest = v;
            return 0;
        }
        case LQA_INT: {
            errno = 0;
            long v = strtol(val, &end, 10);
            if (end == val || *end || errno)
                return lqa_usage_error(cmd, "--%s: '%s' is not an integer", o->name, val);
            *(long *)o->dest = v;
            return 0;
        }
        case LQA_LIST: {
            lqa_list *l = o->dest;
            if (l->n >= LQA_LIST_MAX)
                return lqa_usage_error(cmd, "--%s given more than %d times", o->name, LQA_LIST_MAX);
            l->v[l->n++] = val;
            return 0;
        }
    }
    return LQA_EXIT_USAGE;
}

int lqa_parse(const char *cmd, const char *usage, const lqa_opt *opts, size_t nopts, int argc,
              char **argv, const char **positional, size_t max_pos, size_t *npos) {
    size_t np = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(usage, opts, nopts);
            return 1;
        }
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (np >= max_pos) return lqa_usage_error(cmd, "too many arguments: '%s'", argv[i]);
                positional[np++] = argv[i];
            }
            break;
        }
        if (strncmp(a, "--", 2) == 0) {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            const lqa_opt *o = find_opt(opts, nopts, name, len);
            if (!o)
                return lqa_usage_error(cmd, "unknown option '%.*s' (see --help)", (int)len + 2, a);
            const char *val = NULL;
            if (o->kind == LQA_FLAG) {
                if (eq) return lqa_usage_error(cmd, "--%s takes no value", o->name);
            } else if (eq) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                return lqa_usage_error(cmd, "--%s needs a value (%s)", o->name,
                                       o->metavar ? o->metavar : "value");
            }
            if (set_value(cmd, o, val)) return LQA_EXIT_USAGE;
            continue;
        }
        if (np >= max_pos) return lqa_usage_error(cmd, "unexpected argument '%s' (see --help)", a);
        positional[np++] = a;
    }
    if (npos) *npos = np;
    return 0;
}

size_t lqa_parse_range(const char *s, double *values, size_t max) {
    if (!s || !*s || max == 0) return 0;
    double a, b, step;
    char tail;
    if (strchr(s, ':')) {
        if (sscanf(s, "%lf:%lf:%lf%c", &a, &b, &step, &tail) == 3) {
            if (!(step > 0) || !(b >= a)) return 0;
            double nd = floor((b - a) / step + 1e-9) + 1.0;
            if (nd > (double)max) return 0;
            size_t n = (size_t)nd;
            for (size_t i = 0; i < n; i++) values[i] = a + step * (double)i;
            return n;
        }
        if (sscanf(s, "%lf:%lf%c", &a, &b, &tail) == 2 && b >= a) {
            values[0] = a;
            values[1] = b;
            return 2;
        }
        return 0;
    }
    size_t n = 0;
    const char *p = s;
    while (*p) {
        char *end = NULL;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || n >= max) return 0;
        values[n++] = v;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            return 0;
    }
    return n;
}

int lqa_fail(const char *cmd, lq_status st, const lq_diag *diag) {
    if (st == LQ_ECANCELLED) return lqa_exit_interrupted(cmd, NULL);
    char buf[1024];
    if (diag && (diag->msg[0] || diag->file[0]))
        fprintf(stderr, "liquidus %s: error: %s\n", cmd, lq_diag_format(diag, buf, sizeof buf));
    else
        fprintf(stderr, "liquidus %s: error: %s\n", cmd, lq_status_str(st));
    if (st == LQ_EWRITE) return LQA_EXIT_IO;
    return (st == LQ_EINVAL || st == LQ_EPARSE || st == LQ_EIO || st == LQ_ENOTFOUND ||
            st == LQ_EUNSUPPORTED || st == LQ_EDOM)
               ? LQA_EXIT_USAGE
               : LQA_EXIT_FAIL;
}

static volatile sig_atomic_t cancel_flag = 0;

static void on_signal(int sig) { cancel_flag = sig; }

void lqa_signals_catch(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

const volatile sig_atomic_t *lqa_cancel_flag(void) { return &cancel_flag; }

int lqa_exit_interrupted(const char *cmd, const char *kept) {
    int sig = cancel_flag ? (int)cancel_flag : SIGINT;
    fprintf(stderr, "liquidus %s: interrupted (signal %d); %s\n", cmd, sig,
            kept ? kept : "no output written");
    return 128 + sig;
}

int lqa_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "liquidus %s: error: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return LQA_EXIT_USAGE;
}

void lqa_progress(const lqa_ctx *ctx, const char *fmt, ...) {
    if (ctx && ctx->quiet) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void lqa_warn_diag(const char *cmd, const lq_diag *diag) {
    if (!diag || !diag->warning) return;
    char buf[1024];
    fprintf(stderr, "liquidus %s: warning: %s\n", cmd, lq_diag_format(diag, buf, sizeof buf));
}

const char *lqa_data_path(const lqa_ctx *ctx, const char *rel, char *buf, size_t size) {
    (void)ctx; /* the library's lq_data_path: LIQUIDUS_DATA_DIR, installed share/ or source data/ */
    if (size > 0) buf[0] = '\0';
    if (lq_data_path(rel, buf, size, NULL) != LQ_OK && size > 0 && !buf[0])
        snprintf(buf, size, "data/%s", rel);
    return buf;
}

/* The command's JSON: cJSON stays out of the library's public API (docs/layout.md). */
lq_status lqa_json_write(const struct cJSON *json, const char *path, lq_diag *diag) {
    if (!json || !path) return LQ_EINVAL;
    char *text = cJSON_Print(json);
    if (!text) return LQ_ENOMEM;
    lq_status st = LQ_OK;
    if (strcmp(path, "-") == 0) {
        if (fputs(text, stdout) == EOF || fputc('\n', stdout) == EOF) {
            st = LQ_EWRITE;
            if (diag) {
                lq_diag_clear(diag);
                snprintf(diag->file, sizeof diag->file, "<stdout>");
                snprintf(diag->msg, sizeof diag->msg, "write error");
            }
        }
    } else {
        size_t n = strlen(text);
        text[n] = '\n'; /* replace the NUL: exactly n + 1 bytes are written below */
        st = lq_file_write_atomic(path, text, n + 1, diag);
    }
    cJSON_free(text);
    return st;
}

lq_status lqa_json_read(const char *path, struct cJSON **json, lq_diag *diag) {
    if (!path || !json) return LQ_EINVAL;
    char *data = NULL;
    size_t n = 0;
    lq_status st = lq_file_read_all(path, &data, &n, diag);
    if (st != LQ_OK) return st;
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(data, n, &end, 0);
    if (!j) {
        long line = 1, col = 1;
        const char *stop = end ? end : data;
        for (const char *p = data; p < stop && *p; p++) {
            if (*p == '\n')
                line++, col = 1;
            else
                col++;
        }
        if (diag) {
            lq_diag_clear(diag);
            snprintf(diag->file, sizeof diag->file, "%s", path);
            diag->line = line;
            diag->column = col;
            snprintf(diag->msg, sizeof diag->msg, "JSON syntax error");
        }
        lq_free(data);
        return LQ_EPARSE;
    }
    lq_free(data);
    *json = j;
    return LQ_OK;
}
