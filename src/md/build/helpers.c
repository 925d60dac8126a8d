/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small numerical helpers of the md tools. */
#include <ctype.h>

#include "md/md_tools_internal.h"

void lqi_md_element_of(const char *name, char *sym, size_t size) {
    size_t k = 0;
    if (size == 0) return;
    for (; name && name[k] && k + 1 < size && isalpha((unsigned char)name[k]); k++)
        sym[k] = name[k];
    sym[k] = '\0';
}
