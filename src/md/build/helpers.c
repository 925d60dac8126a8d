/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small numerical helpers of the md tools. */
#include <ctype.h>
#include <math.h>

#include "md/md_tools_internal.h"

void lqi_md_element_of(const char *name, char *sym, size_t size) {
    size_t k = 0;
    if (size == 0) return;
    for (; name && name[k] && k + 1 < size && isalpha((unsigned char)name[k]); k++)
        sym[k] = name[k];
    sym[k] = '\0';
}

int lqi_md_linfit(const double *x, const double *y, size_t n, double *a, double *b) {
    if (n < 2) return -1;
    double mx = 0.0, my = 0.0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxx = 0.0, sxy = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    if (!(sxx > 0.0)) return -1;
    *b = sxy / sxx;
    *a = my - *b * mx;
    return 0;
}
