/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The `liquidus` command: subcommand table, option parsing and output helpers shared by
 * app/cmd_*.c. */
#ifndef LIQUIDUS_APP_H
#define LIQUIDUS_APP_H

#include <signal.h>
#include <stddef.h>

#include "liquidus/status.h"

/* Exit codes of the command. */
/* Exit status of every command (DESIGN.md): 0 ok, 1 computation failed, 2 bad input or usage,
 * 3 an output could not be written (full disk, permissions); 130/143 interrupted. */
enum { LQA_EXIT_OK = 0, LQA_EXIT_FAIL = 1, LQA_EXIT_USAGE = 2, LQA_EXIT_IO = 3 };

/** Options every subcommand understands; main() removes them from argv wherever they stand. */
typedef struct lqa_ctx {
    int json;  /**< --json: machine-readable result on stdout */
    int quiet; /**< --quiet/-q: no progress on stderr */
    const char
        *data_dir; /**< bundled data folder (lq_data_path: LIQUIDUS_DATA_DIR, share/liquidus) */
} lqa_ctx;

/** One subcommand; app/cmd_<name>.c defines `const lq_cmd lq_cmd_<name>`. */
typedef struct lq_cmd {
    const char *name;
    const char *summary; /**< one line for `liquidus --help` */
    /** argv[0] is the subcommand name; returns an exit code (LQA_EXIT_*). */
    int (*run)(int argc, char **argv, const lqa_ctx *ctx);
} lq_cmd;

/* ---------------------------------------------------------------- option parsing */
typedef enum lqa_kind {
    LQA_FLAG,   /**< int, set to 1 */
    LQA_STRING, /**< const char * */
    LQA_DOUBLE, /**< double, finite */
    LQA_INT,    /**< long */
    LQA_LIST    /**< lqa_list: repeatable string option */
} lqa_kind;

#define LQA_LIST_MAX 64
typedef struct lqa_list {
    const char *v[LQA_LIST_MAX];
    size_t n;
} lqa_list;

typedef struct lqa_opt {
    const char *name; /**< long name without dashes, e.g. "T" for --T */
    lqa_kind kind;
    void *dest;          /**< where the value goes (type by kind) */
    const char *metavar; /**< e.g. "K" (NULL for flags) */
    const char *help;
} lqa_opt;

/**
 * Parses `--name value`, `--name=value` and flags after argv[0]; other words are positional.
 * `--help`/`-h` prints usage (the `usage` line, then the options) to stdout.
 * @return 0 to go on, 1 when help was printed (exit 0), 2 on a usage error (message on stderr).
 */
int lqa_parse(const char *cmd, const char *usage, const lqa_opt *opts, size_t nopts, int argc,
              char **argv, const char **positional, size_t max_pos, size_t *npos);

/** Parses "a:b:step" or "a,b,c" or "a" into values (at most max); returns the count, 0 on error. */
size_t lqa_parse_range(const char *s, double *values, size_t max);

/** Prints "liquidus CMD: error: <diag or status>" on stderr; returns the exit status of `st`:
 * LQA_EXIT_IO for LQ_EWRITE, LQA_EXIT_USAGE for bad input (EINVAL, EPARSE, EIO, ENOTFOUND,
 * EUNSUPPORTED, EDOM), else LQA_EXIT_FAIL. */
int lqa_fail(const char *cmd, lq_status st, const lq_diag *diag);

/**
 * Signals for long commands: after lqa_signals_catch, SIGINT, SIGTERM and SIGHUP set a flag
 * (lqa_cancel_flag, for the library's `cancel` options) instead of killing the process, so that
 * the command can finish its step, write its restart file and remove its temporaries.
 */
void lqa_signals_catch(void);
/** The flag the handlers set (the signal number), 0 until a signal arrives. */
const volatile sig_atomic_t *lqa_cancel_flag(void);
/** Exit status of an interrupted command, 128 + signal (130 SIGINT, 143 SIGTERM), after a note on
 *  stderr naming what was kept (`kept` may be NULL). */
int lqa_exit_interrupted(const char *cmd, const char *kept);
/** Prints "liquidus CMD: error: <message>" on stderr; returns LQA_EXIT_USAGE. */
int lqa_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Progress line on stderr unless --quiet. */
void lqa_progress(const lqa_ctx *ctx, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Prints a warning carried by a diag (diag->warning set) on stderr. */
void lqa_warn_diag(const char *cmd, const lq_diag *diag);

struct cJSON;
/** Writes a cJSON tree (formatted) to `path` atomically, or to stdout when path is "-". The
 *  command formats JSON itself; the library's public API carries no cJSON. */
lq_status lqa_json_write(const struct cJSON *json, const char *path, lq_diag *diag);
/** Parses a JSON file; the caller frees the tree with cJSON_Delete. */
lq_status lqa_json_read(const char *path, struct cJSON **json, lq_diag *diag);

/** Resolves a bundled data file ("tdb/BiNd.tdb") against ctx->data_dir into buf. */
const char *lqa_data_path(const lqa_ctx *ctx, const char *rel, char *buf, size_t size);

/** `liquidus md eval` (app/md_eval.c), dispatched by app/cmd_md.c. */
int lqa_md_eval(int argc, char **argv, const lqa_ctx *ctx);
/** `liquidus md random-model` (app/md_eval.c). */
int lqa_md_random_model(int argc, char **argv, const lqa_ctx *ctx);
/** `liquidus dp train` (app/dp_train.c), dispatched by app/cmd_dp.c. */
int lqa_dp_train(int argc, char **argv, const lqa_ctx *ctx);

#endif /* LIQUIDUS_APP_H */
