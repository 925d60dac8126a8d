/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the echem analysis commands (cmd_cv, cmd_swv, cmd_ca, cmd_ocp, cmd_emf). */
#ifndef LIQUIDUS_APP_ECHEM_CMD_H
#define LIQUIDUS_APP_ECHEM_CMD_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "liquidus/echem.h"
#include "liquidus/plot.h"

/** Columns an analysis needs (bit flags for lqa_echem_read). */
enum { LQA_NEED_TIME = 1u, LQA_NEED_POTENTIAL = 2u, LQA_NEED_CURRENT = 4u };

/** How an analysis reads its file: the options of `liquidus read`, shared by every command. */
typedef struct lqa_echem_in {
    lq_echem_read_options o; /**< filled by lqa_echem_parse */
    const char *format, *delim;
    int dcomma, dpoint;
    double scan_rate; /**< --scan-rate, V/s (0: from the file) */
} lqa_echem_in;

/** Most options lqa_echem_parse adds to a command's own. */
#define LQA_ECHEM_IN_NOPTS 16

/**
 * lqa_parse with the command's own options plus the reading options of `liquidus read`
 * (--format, --col-t/E/I/Q/cycle, --unit-t/E/I/Q, --decimal-comma, --decimal-point,
 * --delimiter, --negate-current) and, when `sweep` is 1, --scan-rate (for files without a time
 * column). Checks them and fills in->o. Same return values as lqa_parse (0 go on, 1 help printed,
 * 2 usage error, message printed).
 */
int lqa_echem_parse(const char *cmd, const char *usage, const lqa_opt *own, size_t nown, int sweep,
                    lqa_echem_in *in, int argc, char **argv, const char **positional,
                    size_t max_pos, size_t *npos);

/**
 * Reads an instrument file with the options of `in`, prints the record's warnings, sets the
 * record's scan rate from --scan-rate, and checks that it has the columns in `need` and that
 * `segment` (1-based; 0 means all) exists. Returns 0, or an exit code after printing the error
 * (then nothing is left in *out).
 */
int lqa_echem_read(const char *cmd, const char *path, const lqa_echem_in *in, unsigned need,
                   long segment, const lqa_ctx *ctx, lq_echem_record **out);
/** PREFIX + suffix, or the input's base name without extension + suffix (current folder). */
void lqa_echem_outpath(const char *in, const char *prefix, const char *suffix, char *buf,
                       size_t size);
/** Saves the figure and the JSON result file, prints the JSON on stdout with --json; frees both. */
int lqa_echem_finish(const char *cmd, lq_plot *plot, const char *fig, cJSON *json,
                     const char *json_path, const lqa_ctx *ctx);
/** Saves a further figure (w x h pt), frees it, and records its path in obj under key. */
lq_status lqa_echem_figure(lq_plot *plot, const char *path, double w, double h, cJSON *obj,
                           const char *key, const lqa_ctx *ctx, lq_diag *diag);
/** Warning (unless --quiet) for a segment an analysis skipped: its number, label and reason. */
void lqa_echem_segment_warn(const char *cmd, const char *file, size_t segment, const char *label,
                            lq_status st, const lq_diag *diag, const lqa_ctx *ctx);
/** The error when no segment could be analysed: the last failure's diag, named after `file`. */
int lqa_echem_none_analysed(const char *cmd, const char *file, lq_status st, const lq_diag *last);
/** A JSON number, or null for a non-finite value. */
cJSON *lqa_num(double v);

/** A fit's quality as JSON: {"flags": [names], "reason": "..."}, or null when not flagged. */
cJSON *lqa_echem_quality_json(const lq_echem_quality *q);
/** A library report (lq_echem_report) as JSON: objects, lists, numbers (null when not finite),
 *  strings and qualities as lqa_echem_quality_json writes them. */
cJSON *lqa_echem_report_json(const lq_echem_report *r);

#endif /* LIQUIDUS_APP_ECHEM_CMD_H */
