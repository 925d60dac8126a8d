/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Entry point of the `liquidus` command: global options and dispatch to app/cmd_*.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "liquidus/core.h"

#define LQ_CMD(n) extern const lq_cmd lq_cmd_##n;
#include "lq_commands.h"
#undef LQ_CMD

static const lq_cmd *const commands[] = {
#define LQ_CMD(n) &lq_cmd_##n,
#include "lq_commands.h"
#undef LQ_CMD
    NULL};

static void usage(FILE *fp) {
    fprintf(fp,
            "liquidus %s: thermodynamics and electrochemistry of alloys made in molten salts\n\n"
            "usage: liquidus <command> [options] [files]\n"
            "       liquidus <command> --help\n\ncommands:\n",
            lq_version());
    for (size_t i = 0; commands[i]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(
        fp,
        "\nglobal options: --json (machine-readable output on stdout), --quiet/-q (no progress),\n"
        "                --version, --help\n"
        "Units are SI unless a name says otherwise. Licence: GPL-3.0-or-later.\n");
}

/* Output to stdout that did not reach its destination (a full disk, a closed pipe) is a failed
 * command: flush and close it here, once for every command, and say so. */
static int finish(int rc) {
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "liquidus: error: standard output could not be written (disk full?)\n");
        return rc == LQA_EXIT_OK ? LQA_EXIT_IO : rc;
    }
    return rc;
}

static int dispatch(int argc, char **argv, const lqa_ctx *ctx);

/* Commands that write several files (figure, CSV, JSON, ...) run inside one output group
 * (lq_outset, include/liquidus/core.h): their files appear together when the command succeeds, and
 * when any of them cannot be written, or the command fails or is interrupted after writing some,
 * none appears. An entry "cmd sub" groups one subcommand only. Not here: `md run`, whose restart
 * file must appear while it runs (--restart-every) and stay when it stops (its thermo, trajectory
 * and final data are removed together by cmd_md.c when it fails); `assess`, whose trace files
 * grow in place as checkpoints of the sampler (ESPEI's restart_trace). */
static const char *const grouped[] = {
    "map",    "step", "cv",   "ca",  "swv", "ocp", "eos",   "xrd",    "dsc",
    "cell",   "uq",   "hull", "rdf", "msd", "emf", "build", "energy", "md export-lammps",
    "screen", NULL};

/* argv as main's: argv[1] is the command, argv[2] its subcommand. */
static int is_grouped(const char *name, int argc, char **argv) {
    for (size_t i = 0; grouped[i]; i++) {
        const char *g = grouped[i], *sp = strchr(g, ' ');
        size_t n = sp ? (size_t)(sp - g) : strlen(g);
        if (strlen(name) != n || strncmp(g, name, n) != 0) continue;
        if (!sp || (argc > 2 && strcmp(argv[2], sp + 1) == 0)) return 1;
    }
    return 0;
}

static int run_command(const lq_cmd *cmd, int argc, char **argv, const lqa_ctx *ctx) {
    int group = is_grouped(cmd->name, argc, argv);
    if (!group) return cmd->run(argc - 1, argv + 1, ctx);
    lq_outset *set = NULL;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = lq_outset_begin(&set, &d);
    if (st != LQ_OK) return lqa_fail(cmd->name, st, &d);
    int rc = cmd->run(argc - 1, argv + 1, ctx);
    if (rc != LQA_EXIT_OK) {
        lq_outset_abort(set);
        return rc;
    }
    st = lq_outset_commit(set, &d);
    return st == LQ_OK ? rc : lqa_fail(cmd->name, st, &d);
}

int main(int argc, char **argv) {
    lqa_ctx ctx = {0, 0, NULL};
    static char data_dir[4096]; /* for messages; files are found with lqa_data_path */
    ctx.data_dir = lq_data_path("", data_dir, sizeof data_dir, NULL) == LQ_OK ? data_dir : "data";

    /* Global options may stand anywhere; remove them so that subcommands see only their own. */
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && strcmp(argv[i], "--json") == 0) {
            ctx.json = 1;
        } else if (i > 0 && (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)) {
            ctx.quiet = 1;
        } else {
            argv[n++] = argv[i];
        }
    }
    argc = n;
    argv[argc] = NULL;
    return finish(dispatch(argc, argv, &ctx));
}

static int dispatch(int argc, char **argv, const lqa_ctx *ctx) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc >= 3 && strcmp(argv[1], "help") == 0) {
            for (size_t i = 0; commands[i]; i++)
                if (strcmp(commands[i]->name, argv[2]) == 0) {
                    char *sub[] = {argv[2], "--help", NULL};
                    return commands[i]->run(2, sub, ctx);
                }
        }
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? LQA_EXIT_USAGE : LQA_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("liquidus %s\n", lq_version());
        return LQA_EXIT_OK;
    }
    for (size_t i = 0; commands[i]; i++)
        if (strcmp(commands[i]->name, argv[1]) == 0)
            return run_command(commands[i], argc, argv, ctx);
    fprintf(stderr, "liquidus: unknown command '%s' (see liquidus --help)\n", argv[1]);
    return LQA_EXIT_USAGE;
}
