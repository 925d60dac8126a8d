/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `liquidus demo`: a readable report of the studies' calculations, one section per module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "demo.h"

/* Report order; a module adds its section here and defines it in app/demo_<module>.c. */
static const lqa_demo_section *const SECTIONS[] = {
    &lqa_demo_thermo, &lqa_demo_map, &lqa_demo_assess, &lqa_demo_mgla, &lqa_demo_screen};

/* --json: each section's report is gathered in memory and given with its name, title and exit
 * status: {"sections": [{"name", "title", "status", "report"}], "status"}. */
static int run_json(const char *only, const lqa_ctx *ctx) {
    cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "sections");
    int status = LQA_EXIT_OK;
    size_t ran = 0;
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
        if (only && strcmp(only, SECTIONS[i]->name) != 0) continue;
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        int r = mem ? SECTIONS[i]->run(ctx, mem) : LQA_EXIT_FAIL;
        if (mem) fclose(mem);
        if (r != 0) status = LQA_EXIT_FAIL;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", SECTIONS[i]->name);
        cJSON_AddStringToObject(o, "title", SECTIONS[i]->title);
        cJSON_AddNumberToObject(o, "status", r);
        cJSON_AddStringToObject(o, "report", text ? text : "");
        cJSON_AddItemToArray(arr, o);
        free(text); /* from open_memstream */
        ran++;
    }
    cJSON_AddNumberToObject(root, "status", status);
    int rc = LQA_EXIT_OK;
    lq_diag d;
    lq_diag_clear(&d);
    lq_status st = LQ_OK;
    if (ran == 0)
        rc = lqa_usage_error("demo", "no section named '%s'", only);
    else if ((st = lqa_json_write(root, "-", &d)) != LQ_OK)
        rc = lqa_fail("demo", st, &d);
    cJSON_Delete(root);
    return rc ? rc : status;
}

static int run(int argc, char **argv, const lqa_ctx *ctx) {
    const char *only = NULL;
    const lqa_opt opts[] = {
        {"only", LQA_STRING, &only, "NAME", "run one section (thermo, ...)"},
    };
    int rc =
        lqa_parse("demo", "liquidus demo [--only SECTION]", opts, 1, argc, argv, NULL, 0, NULL);
    if (rc) return rc == 1 ? LQA_EXIT_OK : LQA_EXIT_USAGE;
    if (ctx->json) return run_json(only, ctx);
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
