/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dense layers of DeePMD-kit networks, batched as matrix products, with forward derivatives. */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "md/dp/dp_internal.h"

/* Activations as deepmd/dpmodel/utils/network.py get_activation_fn defines them ("gelu" is the
 * tanh approximation there, Hendrycks & Gimpel 2016, Eq. for GELU(x) ~ 0.5x(1+tanh(...))). */
int lqi_dp_act_parse(const char *name, dpi_act *act) {
    static const struct {
        const char *name;
        dpi_act act;
    } tab[] = {{"none", DPI_ACT_LINEAR},     {"linear", DPI_ACT_LINEAR},
               {"tanh", DPI_ACT_TANH},       {"relu", DPI_ACT_RELU},
               {"relu6", DPI_ACT_RELU6},     {"gelu", DPI_ACT_GELU},
               {"gelu_tf", DPI_ACT_GELU},    {"softplus", DPI_ACT_SOFTPLUS},
               {"sigmoid", DPI_ACT_SIGMOID}, {"silu", DPI_ACT_SILU}};
    if (!name) {
        *act = DPI_ACT_LINEAR;
        return 1;
    }
    for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++) {
        const char *a = tab[k].name, *b = name;
        while (*a && (*b | 0x20) == *a) a++, b++; /* case-insensitive, as DeePMD-kit lowers */
        if (!*a && !*b) {
            *act = tab[k].act;
            return 1;
        }
    }
    return 0;
}

void lqi_dp_act_eval(dpi_act act, const double *z, double *y, double *dy, size_t n) {
    const double k_gelu = 0.7978845608028654; /* sqrt(2/pi) */
    for (size_t i = 0; i < n; i++) {
        double x = z[i], f, d;
        switch (act) {
            case DPI_ACT_TANH:
                f = tanh(x);
                d = 1.0 - f * f;
                break;
            case DPI_ACT_RELU:
                f = x > 0 ? x : 0.0;
                d = x > 0 ? 1.0 : 0.0;
                break;
            case DPI_ACT_RELU6:
                f = x < 0 ? 0.0 : x > 6 ? 6.0 : x;
                d = x > 0 && x < 6 ? 1.0 : 0.0;
                break;
            case DPI_ACT_GELU: {
                double u = k_gelu * (x + 0.044715 * x * x * x), t = tanh(u);
                f = 0.5 * x * (1.0 + t);
                d = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * k_gelu * (1.0 + 0.134145 * x * x);
                break;
            }
            case DPI_ACT_SOFTPLUS:
                f = (x > 0 ? x : 0.0) + log1p(exp(-fabs(x)));
                d = 1.0 / (1.0 + exp(-x));
                break;
            case DPI_ACT_SIGMOID:
                f = 1.0 / (1.0 + exp(-x));
                d = f * (1.0 - f);
                break;
            case DPI_ACT_SILU: {
                double s = 1.0 / (1.0 + exp(-x));
                f = x * s;
                d = s + x * s * (1.0 - s);
                break;
            }
            default:
                f = x;
                d = 1.0;
                break;
        }
        y[i] = f;
        if (dy) dy[i] = d;
    }
}

/* One layer on n rows. x [n x nin] -> y [n x nout]; dx/dy optional forward derivatives. */
static void layer_forward(const dpi_layer *L, size_t n, const double *x, const double *dx,
                          double *y, double *dy) {
    const int rows = (int)n, nin = (int)L->nin, nout = (int)L->nout;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, nout, nin, 1.0, x, nin, L->w, nout,
                0.0, y, nout);
    if (dx)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, nout, nin, 1.0, dx, nin, L->w,
                    nout, 0.0, dy, nout);
    for (size_t i = 0; i < n; i++) {
        double *yi = y + i * L->nout, *dyi = dx ? dy + i * L->nout : NULL;
        const double *xi = x + i * L->nin, *dxi = dx ? dx + i * L->nin : NULL;
        for (size_t o = 0; o < L->nout; o++) {
            double z = yi[o] + (L->b ? L->b[o] : 0.0), f, d;
            lqi_dp_act_eval(L->act, &z, &f, &d, 1);
            double s = L->idt ? L->idt[o] : 1.0;
            size_t src = L->resnet == 2 ? o % L->nin : o;
            yi[o] = f * s + (L->resnet ? xi[src] : 0.0);
            if (dyi) dyi[o] = d * dyi[o] * s + (L->resnet ? dxi[src] : 0.0);
        }
    }
}

void lqi_dp_net_forward(const dpi_net *net, size_t n, const double *x, const double *dx, double *y,
                        double *dy, double *ws) {
    size_t stride = n * net->max_width;
    double *buf[2] = {ws, ws + stride}, *dbuf[2] = {ws + 2 * stride, ws + 3 * stride};
    const double *cx = x, *cdx = dx;
    for (size_t l = 0; l < net->n_layers; l++) {
        const dpi_layer *L = &net->layers[l];
        int last = l + 1 == net->n_layers;
        double *ny = last ? y : buf[l % 2], *ndy = last ? dy : dbuf[l % 2];
        layer_forward(L, n, cx, cdx, ny, cdx ? ndy : NULL);
        cx = ny;
        cdx = cdx ? ndy : NULL;
    }
}
