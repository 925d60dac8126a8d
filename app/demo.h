/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus demo`: the report is a list of sections, one per module; each prints its part. */
#ifndef LIQUIDUS_APP_DEMO_H
#define LIQUIDUS_APP_DEMO_H

#include <stdio.h>

#include "app.h"

/** One section of the demo report: prints to `out`, returns 0 on success (LQA_EXIT_* else). */
typedef struct lqa_demo_section {
    const char *name;  /**< short name, e.g. "thermo" (`liquidus demo --only thermo`) */
    const char *title; /**< heading printed above the section */
    int (*run)(const lqa_ctx *ctx, FILE *out);
} lqa_demo_section;

/* Sections, in report order (defined in app/demo_<module>.c; cmd_demo.c lists them). */
extern const lqa_demo_section lqa_demo_thermo;
extern const lqa_demo_section lqa_demo_map;
extern const lqa_demo_section lqa_demo_mgla;
extern const lqa_demo_section lqa_demo_assess;
extern const lqa_demo_section lqa_demo_screen;

#endif /* LIQUIDUS_APP_DEMO_H */
