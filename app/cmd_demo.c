/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus demo`: a readable report of the studies' calculations, one section per module. */
#include <stdio.h>
#include <string.h>

#include "demo.h"

/* Report order; a module adds its section here and defines it in app/demo_<module>.c. */
static const lqa_demo_section *const SECTIONS[] = {&lqa_demo_thermo, &lqa_demo_map,
                                                   &lqa_demo_assess, &lqa_demo_mgla};

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *only = NULL;
    const lqa_opt opts[] = {
        {"only", LQA_STRING, &only, "NAME", "run one section (thermo, ...)"},
    };
    int rc =
        lqa_parse("demo", "liquidus demo [--only SECTION]", opts, 1, argc, argv, NULL, 0, NULL);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    size_t n = sizeof SECTIONS / sizeof SECTIONS[0], ran = 0;
    int status = LQA_EXIT_OK;
    printf("liquidus demo: the calculations of the studies in seeds/, section by section.\n");
    for (size_t i = 0; i < n; i++) {
        if (only && strcmp(only, SECTIONS[i]->name) != 0) continue;
        printf("\n==== %s ====\n\n", SECTIONS[i]->title);
        fflush(stdout);
        int r = SECTIONS[i]->run(ctx, stdout);
        if (r != 0) {
            fprintf(stderr, "liquidus demo: section '%s' failed\n", SECTIONS[i]->name);
            status = LQA_EXIT_FAIL;
        }
        ran++;
    }
    if (only && ran == 0) return lqa_usage_error("demo", "no section named '%s'", only);
    return status;
}

const lq_cmd lq_cmd_demo = {"demo", "readable report of the studies' calculations", run};
