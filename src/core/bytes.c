/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Little-endian loads of integers and IEEE 754 floats from byte buffers, on any host byte order. */
#include <string.h>

#include "core/core_internal.h"

uint64_t lqi_load_le_uint(const unsigned char *p, size_t width) {
    uint64_t v = 0;
    for (size_t k = width; k-- > 0;) v = (v << 8) | p[k];
    return v;
}

uint32_t lqi_load_le_u32(const unsigned char *p) { return (uint32_t)lqi_load_le_uint(p, 4); }

uint64_t lqi_load_le_u64(const unsigned char *p) { return lqi_load_le_uint(p, 8); }

/* The integer is assembled arithmetically above, so only the bits are copied here: the host's
 * float and integer byte orders agree on every platform liquidus builds for. */
float lqi_load_le_f32(const unsigned char *p) {
    uint32_t u = lqi_load_le_u32(p);
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

double lqi_load_le_f64(const unsigned char *p) {
    uint64_t u = lqi_load_le_u64(p);
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

double lqi_load_le_float(const unsigned char *p, size_t width) {
    return width == 8 ? lqi_load_le_f64(p) : (double)lqi_load_le_f32(p);
}
