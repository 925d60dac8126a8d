/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SGTE unary data (Dinsdale 1991) for the elements liquidus tabulates, as ESPEI 0.9.1 uses them. */
/*
 * Source of every number: A.T. Dinsdale, "SGTE data for pure elements", Calphad 15 (1991)
 * 317-425, doi:10.1016/0364-5916(91)90030-N, in the form ESPEI 0.9.1 uses it (espei/refdata.py:
 * SGTE91Stable = GHSER functions, SGTE91 = lattice stabilities keyed by (element, phase),
 * SGTE91SER = reference phase, mass, H298-H0, S298). Each function is piecewise in T over
 * [lo, hi) and zero outside (pycalphad's Piecewise(..., (0, True))). Lattice stabilities that
 * ESPEI writes relative to GHSER<EL> carry `ghser = 1`.
 *
 * Only the elements below (Al, B, Bi, Co, Cr, Cu, La, Mg, Nd, Zn) are transcribed; parameter
 * generation reports LQ_EUNSUPPORTED, naming the element, for any other, rather than silently
 * differing from ESPEI.
 */
#include <math.h>
#include <string.h>

#include "assess/paramgen_internal.h"

#define N_(a) (sizeof(a) / sizeof((a)[0]))
#define PIECES(name) \
    { N_(name), name }

/* ---------------------------------------------------------------- GHSER functions */
static const lqi_pg_mono cu_ser_1[] = {{-7770.458, 0, 0},   {130.485235, 1, 0}, {-24.112392, 1, 1},
                                       {-0.00265684, 2, 0}, {1.29223e-7, 3, 0}, {52478, -1, 0}};
static const lqi_pg_mono cu_ser_2[] = {
    {-13542.026, 0, 0}, {183.803828, 1, 0}, {-31.38, 1, 1}, {3.64167e+29, -9, 0}};
static const lqi_pg_piece cu_ser_p[] = {{298.15, 1357.77, N_(cu_ser_1), cu_ser_1, 0},
                                        {1357.77, 3200.0, N_(cu_ser_2), cu_ser_2, 0}};
static const lqi_pg_piecewise cu_ser = PIECES(cu_ser_p);

static const lqi_pg_mono mg_ser_1[] = {{-8367.34, 0, 0},  {143.675547, 1, 0},   {-26.1849782, 1, 1},
                                       {0.0004858, 2, 0}, {-1.393669e-6, 3, 0}, {78950, -1, 0}};
static const lqi_pg_mono mg_ser_2[] = {
    {-14130.185, 0, 0}, {204.716215, 1, 0}, {-34.3088, 1, 1}, {1.038192e+28, -9, 0}};
static const lqi_pg_piece mg_ser_p[] = {{298.15, 923.0, N_(mg_ser_1), mg_ser_1, 0},
                                        {923.0, 3000.0, N_(mg_ser_2), mg_ser_2, 0}};
static const lqi_pg_piecewise mg_ser = PIECES(mg_ser_p);

static const lqi_pg_mono al_ser_1[] = {{-7976.15, 0, 0},    {137.093038, 1, 0},
                                       {-24.3671976, 1, 1}, {-0.001884662, 2, 0},
                                       {-8.77664e-7, 3, 0}, {74092, -1, 0}};
static const lqi_pg_mono al_ser_2[] = {{-11276.24, 0, 0},    {223.048446, 1, 0},
                                       {-38.5844296, 1, 1},  {0.018531982, 2, 0},
                                       {-5.764227e-6, 3, 0}, {74092, -1, 0}};
static const lqi_pg_mono al_ser_3[] = {
    {-11278.378, 0, 0}, {188.684153, 1, 0}, {-31.748192, 1, 1}, {-1.230524e+28, -9, 0}};
static const lqi_pg_piece al_ser_p[] = {{298.15, 700.0, N_(al_ser_1), al_ser_1, 0},
                                        {700.0, 933.47, N_(al_ser_2), al_ser_2, 0},
                                        {933.47, 2900.0, N_(al_ser_3), al_ser_3, 0}};
static const lqi_pg_piecewise al_ser = PIECES(al_ser_p);

static const lqi_pg_mono b_ser_1[] = {{-7735.284, 0, 0},    {107.111864, 1, 0}, {-15.6641, 1, 1},
                                      {-0.006864515, 2, 0}, {6.18878e-7, 3, 0}, {370843, -1, 0}};
static const lqi_pg_mono b_ser_2[] = {{-16649.474, 0, 0},  {184.801744, 1, 0}, {-26.6047, 1, 1},
                                      {-0.00079809, 2, 0}, {-2.556e-8, 3, 0},  {1748270, -1, 0}};
static const lqi_pg_mono b_ser_3[] = {{-36667.582, 0, 0},  {231.336244, 1, 0}, {-31.5957527, 1, 1},
                                      {-0.00159488, 2, 0}, {1.34719e-7, 3, 0}, {11205883, -1, 0}};
static const lqi_pg_mono b_ser_4[] = {{-21530.653, 0, 0}, {222.396264, 1, 0}, {-31.4, 1, 1}};
static const lqi_pg_piece b_ser_p[] = {{298.15, 1100.0, N_(b_ser_1), b_ser_1, 0},
                                       {1100.0, 2348.0, N_(b_ser_2), b_ser_2, 0},
                                       {2348.0, 3000.0, N_(b_ser_3), b_ser_3, 0},
                                       {3000.0, 6000.0, N_(b_ser_4), b_ser_4, 0}};
static const lqi_pg_piecewise b_ser = PIECES(b_ser_p);

static const lqi_pg_mono co_ser_1[] = {{310.241, 0, 0},      {133.36601, 1, 0},  {-25.0861, 1, 1},
                                       {-0.002654739, 2, 0}, {-1.7348e-7, 3, 0}, {72527, -1, 0}};
static const lqi_pg_mono co_ser_2[] = {
    {-17197.666, 0, 0}, {253.28374, 1, 0}, {-40.5, 1, 1}, {9.3488e+30, -9, 0}};
static const lqi_pg_piece co_ser_p[] = {{298.15, 1768.0, N_(co_ser_1), co_ser_1, 0},
                                        {1768.0, 6000.0, N_(co_ser_2), co_ser_2, 0}};
static const lqi_pg_piecewise co_ser = PIECES(co_ser_p);

static const lqi_pg_mono cr_ser_1[] = {{-8856.94, 0, 0},   {157.48, 1, 0},      {-26.908, 1, 1},
                                       {0.00189435, 2, 0}, {-1.47721e-6, 3, 0}, {139250, -1, 0}};
static const lqi_pg_mono cr_ser_2[] = {
    {-34869.344, 0, 0}, {344.18, 1, 0}, {-50, 1, 1}, {-2.88526e+32, -9, 0}};
static const lqi_pg_piece cr_ser_p[] = {{298.15, 2180.0, N_(cr_ser_1), cr_ser_1, 0},
                                        {2180.0, 6000.0, N_(cr_ser_2), cr_ser_2, 0}};
static const lqi_pg_piecewise cr_ser = PIECES(cr_ser_p);

static const lqi_pg_mono zn_ser_1[] = {{-7285.787, 0, 0},
                                       {118.470069, 1, 0},
                                       {-23.701314, 1, 1},
                                       {-0.001712034, 2, 0},
                                       {-1.264963e-6, 3, 0}};
static const lqi_pg_mono zn_ser_2[] = {
    {-11070.559, 0, 0}, {172.34566, 1, 0}, {-31.38, 1, 1}, {4.70514e+26, -9, 0}};
static const lqi_pg_piece zn_ser_p[] = {{298.15, 692.68, N_(zn_ser_1), zn_ser_1, 0},
                                        {692.68, 1700.0, N_(zn_ser_2), zn_ser_2, 0}};
static const lqi_pg_piecewise zn_ser = PIECES(zn_ser_p);

static const lqi_pg_mono bi_ser_1[] = {{-7817.776, 0, 0},
                                       {128.418925, 1, 0},
                                       {-28.4096529, 1, 1},
                                       {0.012338888, 2, 0},
                                       {-8.381598e-6, 3, 0}};
static const lqi_pg_mono bi_ser_2[] = {
    {30208.022, 0, 0},    {-393.650351, 1, 0}, {51.8556592, 1, 1},  {-0.075311163, 2, 0},
    {1.3499885e-5, 3, 0}, {-3616168, -1, 0},   {1.66145e+25, -9, 0}};
static const lqi_pg_mono bi_ser_3[] = {{-11045.664, 0, 0}, {182.548971, 1, 0},
                                       {-35.9824, 1, 1},   {0.0074266, 2, 0},
                                       {-1.046e-6, 3, 0},  {1.66145e+25, -9, 0}};
static const lqi_pg_mono bi_ser_4[] = {
    {-7581.312, 0, 0}, {124.77144, 1, 0}, {-27.196, 1, 1}, {1.66145e+25, -9, 0}};
static const lqi_pg_piece bi_ser_p[] = {{298.15, 544.55, N_(bi_ser_1), bi_ser_1, 0},
                                        {544.55, 800.0, N_(bi_ser_2), bi_ser_2, 0},
                                        {800.0, 1200.0, N_(bi_ser_3), bi_ser_3, 0},
                                        {1200.0, 3000.0, N_(bi_ser_4), bi_ser_4, 0}};
static const lqi_pg_piecewise bi_ser = PIECES(bi_ser_p);

static const lqi_pg_mono la_ser_1[] = {
    {-7968.403, 0, 0}, {120.284604, 1, 0}, {-26.34, 1, 1}, {-0.001295165, 2, 0}};
static const lqi_pg_mono la_ser_2[] = {{-3381.413, 0, 0},    {59.06113, 1, 0},  {-17.1659411, 1, 1},
                                       {-0.008371705, 2, 0}, {6.8932e-7, 3, 0}, {-399448, -1, 0}};
static const lqi_pg_mono la_ser_3[] = {{-15608.882, 0, 0}, {181.390071, 1, 0}, {-34.3088, 1, 1}};
static const lqi_pg_piece la_ser_p[] = {{298.15, 550.0, N_(la_ser_1), la_ser_1, 0},
                                        {550.0, 2000.0, N_(la_ser_2), la_ser_2, 0},
                                        {2000.0, 4000.0, N_(la_ser_3), la_ser_3, 0}};
static const lqi_pg_piecewise la_ser = PIECES(la_ser_p);

static const lqi_pg_mono nd_ser_1[] = {{-8402.93, 0, 0},    {111.10239, 1, 0},  {-27.0858, 1, 1},
                                       {0.000556125, 2, 0}, {-2.6923e-6, 3, 0}, {34887, -1, 0}};
static const lqi_pg_mono nd_ser_2[] = {
    {-6984.083, 0, 0}, {83.662617, 1, 0}, {-22.7536, 1, 1}, {-0.00420402, 2, 0}, {-1.802e-6, 3, 0}};
static const lqi_pg_mono nd_ser_3[] = {{-225610.846, 0, 0},  {1673.04075, 1, 0},
                                       {-238.182873, 1, 1},  {0.078615997, 2, 0},
                                       {-6.048207e-6, 3, 0}, {38810350, -1, 0}};
static const lqi_pg_mono nd_ser_4[] = {{-25742.331, 0, 0}, {276.257088, 1, 0}, {-48.7854, 1, 1}};
static const lqi_pg_piece nd_ser_p[] = {{298.15, 900.0, N_(nd_ser_1), nd_ser_1, 0},
                                        {900.0, 1128.0, N_(nd_ser_2), nd_ser_2, 0},
                                        {1128.0, 1799.0, N_(nd_ser_3), nd_ser_3, 0},
                                        {1799.0, 1800.0, N_(nd_ser_4), nd_ser_4, 0}};
static const lqi_pg_piecewise nd_ser = PIECES(nd_ser_p);

/* ---------------------------------------------------------------- lattice stabilities */
/* One-range stabilities a + b*T + GHSER<EL> over [lo, hi). */
#define LIN(name, a, b, lo, hi)                                                   \
    static const lqi_pg_mono name##_m[] = {{a, 0, 0}, {b, 1, 0}};                 \
    static const lqi_pg_piece name##_p[] = {{lo, hi, N_(name##_m), name##_m, 1}}; \
    static const lqi_pg_piecewise name = PIECES(name##_p)

LIN(cu_bcc, 4017, -1.255, 298.15, 3200.0);
LIN(cu_fcc, 0, 0, 298.15, 3200.0);
LIN(cu_hcp, 600, 0.2, 298.15, 3200.0);
static const lqi_pg_mono cu_liq_1[] = {{12964.735, 0, 0}, {-9.511904, 1, 0}, {-5.8489e-21, 7, 0}};
static const lqi_pg_mono cu_liq_2[] = {{-46.545, 0, 0}, {173.881484, 1, 0}, {-31.38, 1, 1}};
static const lqi_pg_piece cu_liq_p[] = {{298.15, 1357.77, N_(cu_liq_1), cu_liq_1, 1},
                                        {1357.77, 3200.0, N_(cu_liq_2), cu_liq_2, 0}};
static const lqi_pg_piecewise cu_liq = PIECES(cu_liq_p);

LIN(mg_bcc, 3100, -2.1, 298.15, 3000.0);
LIN(mg_cbcc, 4602.4, -3.011, 298.15, 3000.0);
LIN(mg_cub, 5000, -3, 298.15, 3000.0);
LIN(mg_fcc, 2600, -0.9, 298.15, 3000.0);
LIN(mg_hcp, 0, 0, 298.15, 3000.0);
static const lqi_pg_mono mg_liq_1[] = {{8202.243, 0, 0}, {-8.83693, 1, 0}, {-8.0176e-20, 7, 0}};
static const lqi_pg_mono mg_liq_2[] = {{-5439.869, 0, 0}, {195.324057, 1, 0}, {-34.3088, 1, 1}};
static const lqi_pg_piece mg_liq_p[] = {{298.15, 923.0, N_(mg_liq_1), mg_liq_1, 1},
                                        {923.0, 3000.0, N_(mg_liq_2), mg_liq_2, 0}};
static const lqi_pg_piecewise mg_liq = PIECES(mg_liq_p);

LIN(al_bcc, 10083, -4.813, 298.15, 2900.0);
LIN(al_bct, 10083, -4.813, 298.15, 2900.0);
LIN(al_cbcc, 10083.4, -4.813, 298.15, 2900.0);
LIN(al_cub, 10920.44, -4.8116, 298.15, 2900.0);
LIN(al_dia, 0, 30, 298.15, 2900.0);
LIN(al_fcc, 0, 0, 298.15, 2900.0);
LIN(al_hcp, 5481, -1.8, 298.15, 2900.0);
static const lqi_pg_mono al_liq_1[] = {{11005.029, 0, 0}, {-11.841867, 1, 0}, {7.9337e-20, 7, 0}};
static const lqi_pg_mono al_liq_2[] = {{11005.03, 0, 0}, {-11.841867, 1, 0}, {7.9337e-20, 7, 0}};
static const lqi_pg_mono al_liq_3[] = {{-795.996, 0, 0}, {177.430178, 1, 0}, {-31.748192, 1, 1}};
static const lqi_pg_piece al_liq_p[] = {{298.15, 700.0, N_(al_liq_1), al_liq_1, 1},
                                        {700.0, 933.47, N_(al_liq_2), al_liq_2, 1},
                                        {933.47, 2900.0, N_(al_liq_3), al_liq_3, 0}};
static const lqi_pg_piecewise al_liq = PIECES(al_liq_p);

LIN(b_beta, 0, 0, 298.15, 6000.0);
LIN(b_dia, 0, 0, 298.15, 6000.0);
LIN(b_fcc, 43514, -12.217, 298.15, 6000.0);
LIN(b_gra, 5000, 0, 298.15, 6000.0);
LIN(b_hcp, 50208, -9.706, 298.15, 6000.0);
static const lqi_pg_mono b_liq_1[] = {{48458.559, 0, 0}, {-20.268025, 1, 0}};
static const lqi_pg_mono b_liq_2[] = {{41119.703, 0, 0},    {82.101722, 1, 0},  {-14.9827763, 1, 1},
                                      {-0.007095669, 2, 0}, {5.07347e-7, 3, 0}, {335484, -1, 0}};
static const lqi_pg_mono b_liq_3[] = {{28842.012, 0, 0}, {200.94731, 1, 0}, {-31.4, 1, 1}};
static const lqi_pg_mono b_liq_4[] = {{50372.665, 0, 0}, {-21.448954, 1, 0}};
static const lqi_pg_piece b_liq_p[] = {{298.15, 500.0, N_(b_liq_1), b_liq_1, 1},
                                       {500.0, 2348.0, N_(b_liq_2), b_liq_2, 0},
                                       {2348.0, 3000.0, N_(b_liq_3), b_liq_3, 0},
                                       {3000.0, 6000.0, N_(b_liq_4), b_liq_4, 1}};
static const lqi_pg_piecewise b_liq = PIECES(b_liq_p);

LIN(co_bcc, 2938, -0.7138, 298.15, 6000.0);
LIN(co_cbcc, 4155, 0, 298.15, 6000.0);
LIN(co_cub, 3155, 0, 298.15, 6000.0);
static const lqi_pg_mono co_fcc_1[] = {{427.591, 0, 0}, {-0.615248, 1, 0}};
static const lqi_pg_mono co_fcc_2[] = {{427.591, 0, 0}, {-0.615253, 1, 0}};
static const lqi_pg_piece co_fcc_p[] = {{298.15, 1768.0, N_(co_fcc_1), co_fcc_1, 1},
                                        {1768.0, 6000.0, N_(co_fcc_2), co_fcc_2, 1}};
static const lqi_pg_piecewise co_fcc = PIECES(co_fcc_p);
LIN(co_hcp, 0, 0, 298.15, 6000.0);
static const lqi_pg_mono co_liq_1[] = {{15085.037, 0, 0}, {-8.931932, 1, 0}, {-2.19801e-21, 7, 0}};
static const lqi_pg_mono co_liq_2[] = {{-846.61, 0, 0}, {243.599944, 1, 0}, {-40.5, 1, 1}};
static const lqi_pg_piece co_liq_p[] = {{298.15, 1768.0, N_(co_liq_1), co_liq_1, 1},
                                        {1768.0, 6000.0, N_(co_liq_2), co_liq_2, 0}};
static const lqi_pg_piecewise co_liq = PIECES(co_liq_p);

LIN(cr_bcc, 0, 0, 298.15, 6000.0);
LIN(cr_cbcc, 11087, 2.7196, 298.15, 6000.0);
LIN(cr_cub, 15899, 0.6276, 298.15, 6000.0);
LIN(cr_fcc, 7284, 0.163, 298.15, 6000.0);
LIN(cr_hcp, 4438, 0, 298.15, 6000.0);
static const lqi_pg_mono cr_liq_1[] = {{24339.955, 0, 0}, {-11.420225, 1, 0}, {2.37615e-21, 7, 0}};
static const lqi_pg_mono cr_liq_2[] = {{-16459.984, 0, 0}, {335.616316, 1, 0}, {-50, 1, 1}};
static const lqi_pg_piece cr_liq_p[] = {{298.15, 2180.0, N_(cr_liq_1), cr_liq_1, 1},
                                        {2180.0, 6000.0, N_(cr_liq_2), cr_liq_2, 0}};
static const lqi_pg_piecewise cr_liq = PIECES(cr_liq_p);

LIN(zn_bcc, 2886.96, -2.5104, 298.15, 1700.0);
LIN(zn_bct, 2886.96, -2.5104, 298.15, 1700.0);
LIN(zn_dia, 0, 30, 298.15, 1700.0);
LIN(zn_fcc, 2969.82, -1.56968, 298.15, 1700.0);
LIN(zn_hcp, 0, 0, 298.15, 1700.0);
static const lqi_pg_mono zn_liq_1[] = {{7157.213, 0, 0}, {-10.29299, 1, 0}, {-3.58958e-19, 7, 0}};
static const lqi_pg_mono zn_liq_2[] = {{-3620.391, 0, 0}, {161.608594, 1, 0}, {-31.38, 1, 1}};
static const lqi_pg_piece zn_liq_p[] = {{298.15, 692.68, N_(zn_liq_1), zn_liq_1, 1},
                                        {692.68, 1700.0, N_(zn_liq_2), zn_liq_2, 0}};
static const lqi_pg_piecewise zn_liq = PIECES(zn_liq_p);

LIN(bi_bcc, 11297, -13.9, 298.15, 3000.0);
LIN(bi_bct, 4184.07, 0, 298.15, 3000.0);
LIN(bi_fcc, 9900, -12.5, 298.15, 3000.0);
LIN(bi_hcp, 9900, -11.8, 298.15, 3000.0);
LIN(bi_rho, 0, 0, 298.15, 3000.0);
LIN(bi_tet, 4184.07, 0, 298.15, 3000.0);
LIN(bi_tal, 4234, 0, 298.15, 3000.0);
static const lqi_pg_mono bi_liq_1[] = {{11246.066, 0, 0}, {-20.636509, 1, 0}, {-5.9549e-19, 7, 0}};
static const lqi_pg_mono bi_liq_2[] = {{11336.26, 0, 0}, {-20.810418, 1, 0}, {-1.66145e+25, -9, 0}};
static const lqi_pg_mono bi_liq_3[] = {
    {11336.259, 0, 0}, {-20.810418, 1, 0}, {-1.66145e+25, -9, 0}};
static const lqi_pg_mono bi_liq_4[] = {{3754.947, 0, 0}, {103.961021, 1, 0}, {-27.196, 1, 1}};
static const lqi_pg_piece bi_liq_p[] = {{298.15, 544.55, N_(bi_liq_1), bi_liq_1, 1},
                                        {544.55, 800.0, N_(bi_liq_2), bi_liq_2, 1},
                                        {800.0, 1200.0, N_(bi_liq_3), bi_liq_3, 1},
                                        {1200.0, 3000.0, N_(bi_liq_4), bi_liq_4, 0}};
static const lqi_pg_piecewise bi_liq = PIECES(bi_liq_p);

static const lqi_pg_mono la_bcc_1[] = {{-3952.161, 0, 0},
                                       {88.072353, 1, 0},
                                       {-21.7919, 1, 1},
                                       {-0.004045175, 2, 0},
                                       {-5.25865e-7, 3, 0}};
static const lqi_pg_mono la_bcc_2[] = {{321682.673, 0, 0},   {-3565.08252, 1, 0},
                                       {513.440708, 1, 1},   {-0.387295093, 2, 0},
                                       {4.9547989e-5, 3, 0}, {-36581228, -1, 0}};
static const lqi_pg_mono la_bcc_3[] = {{-16377.894, 0, 0}, {218.492988, 1, 0}, {-39.5388, 1, 1}};
static const lqi_pg_mono la_bcc_4[] = {{-136609.91, 0, 0},   {1123.34397, 1, 0},
                                       {-163.413074, 1, 1},  {0.053968535, 2, 0},
                                       {-4.056395e-6, 3, 0}, {21167204, -1, 0}};
static const lqi_pg_mono la_bcc_5[] = {{7402.894, 0, 0}, {-6.553756, 1, 0}};
static const lqi_pg_piece la_bcc_p[] = {{298.15, 800.0, N_(la_bcc_1), la_bcc_1, 0},
                                        {800.0, 1134.0, N_(la_bcc_2), la_bcc_2, 0},
                                        {1134.0, 1193.0, N_(la_bcc_3), la_bcc_3, 0},
                                        {1193.0, 2000.0, N_(la_bcc_4), la_bcc_4, 0},
                                        {2000.0, 4000.0, N_(la_bcc_5), la_bcc_5, 1}};
static const lqi_pg_piecewise la_bcc = PIECES(la_bcc_p);
LIN(la_dhcp, 0, 0, 298.15, 4000.0);
static const lqi_pg_mono la_fcc_1[] = {{-6109.797, 0, 0},
                                       {89.878761, 1, 0},
                                       {-21.7919, 1, 1},
                                       {-0.004045175, 2, 0},
                                       {-5.25865e-7, 3, 0}};
static const lqi_pg_mono la_fcc_2[] = {{-124598.976, 0, 0},  {955.878375, 1, 0},
                                       {-139.346741, 1, 1},  {0.042032405, 2, 0},
                                       {-3.066199e-6, 3, 0}, {20994153, -1, 0}};
static const lqi_pg_mono la_fcc_3[] = {{3009.496, 0, 0}, {-2.846081, 1, 0}};
static const lqi_pg_piece la_fcc_p[] = {{298.15, 1134.0, N_(la_fcc_1), la_fcc_1, 0},
                                        {1134.0, 2000.0, N_(la_fcc_2), la_fcc_2, 0},
                                        {2000.0, 4000.0, N_(la_fcc_3), la_fcc_3, 1}};
static const lqi_pg_piecewise la_fcc = PIECES(la_fcc_p);
static const lqi_pg_mono la_liq_1[] = {{5332.653, 0, 0},    {18.23012, 1, 0},
                                       {-11.0188191, 1, 1}, {-0.020171603, 2, 0},
                                       {2.93775e-6, 3, 0},  {-133541, -1, 0}};
static const lqi_pg_mono la_liq_2[] = {{-3942.004, 0, 0}, {171.018431, 1, 0}, {-34.3088, 1, 1}};
static const lqi_pg_mono la_liq_3[] = {{11666.878, 0, 0}, {-10.37164, 1, 0}};
static const lqi_pg_piece la_liq_p[] = {{298.15, 1134.0, N_(la_liq_1), la_liq_1, 0},
                                        {1134.0, 2000.0, N_(la_liq_2), la_liq_2, 0},
                                        {2000.0, 4000.0, N_(la_liq_3), la_liq_3, 1}};
static const lqi_pg_piecewise la_liq = PIECES(la_liq_p);

static const lqi_pg_mono nd_bcc_1[] = {{1437.295, 0, 0}, {-0.546281, 1, 0}};
static const lqi_pg_mono nd_bcc_2[] = {{7312.2, 0, 0},    {-153.033976, 1, 0}, {14.9956777, 1, 1},
                                       {-0.050479, 2, 0}, {7.287217e-6, 3, 0}, {-831810, -1, 0}};
static const lqi_pg_mono nd_bcc_3[] = {{-18030.266, 0, 0}, {239.677322, 1, 0}, {-44.5596, 1, 1}};
static const lqi_pg_mono nd_bcc_4[] = {{334513.017, 0, 0},   {-2363.9199, 1, 0},
                                       {311.409193, 1, 1},   {-0.156030778, 2, 0},
                                       {1.2408421e-5, 3, 0}, {-64319604, -1, 0}};
static const lqi_pg_piece nd_bcc_p[] = {{298.15, 400.0, N_(nd_bcc_1), nd_bcc_1, 1},
                                        {400.0, 1128.0, N_(nd_bcc_2), nd_bcc_2, 0},
                                        {1128.0, 1289.0, N_(nd_bcc_3), nd_bcc_3, 0},
                                        {1289.0, 1800.0, N_(nd_bcc_4), nd_bcc_4, 0}};
static const lqi_pg_piecewise nd_bcc = PIECES(nd_bcc_p);
LIN(nd_dhcp, 0, 0, 298.15, 1800.0);
static const lqi_pg_mono nd_fcc_1[] = {{500, 0, 0}};
static const lqi_pg_mono nd_fcc_2[] = {{500, 0, 0}, {9.99999884e-7, 1, 0}, {3.00000011e-7, 1, 1}};
static const lqi_pg_piece nd_fcc_p[] = {{298.15, 1128.0, N_(nd_fcc_1), nd_fcc_1, 1},
                                        {1128.0, 1799.0, N_(nd_fcc_2), nd_fcc_2, 1},
                                        {1799.0, 1800.0, N_(nd_fcc_1), nd_fcc_1, 1}};
static const lqi_pg_piecewise nd_fcc = PIECES(nd_fcc_p);
static const lqi_pg_mono nd_liq_1[] = {{5051.743, 0, 0}, {-1.585076, 1, 0}};
static const lqi_pg_mono nd_liq_2[] = {{5350.01, 0, 0},      {-86.593963, 1, 0},  {5.357301, 1, 1},
                                       {-0.046955463, 2, 0}, {6.860782e-6, 3, 0}, {-374380, -1, 0}};
static const lqi_pg_mono nd_liq_3[] = {{-16335.232, 0, 0}, {268.625903, 1, 0}, {-48.7854, 1, 1}};
static const lqi_pg_mono nd_liq_4[] = {{9407.099, 0, 0}, {-7.631185, 1, 0}};
static const lqi_pg_piece nd_liq_p[] = {{298.15, 300.0, N_(nd_liq_1), nd_liq_1, 1},
                                        {300.0, 1128.0, N_(nd_liq_2), nd_liq_2, 0},
                                        {1128.0, 1799.0, N_(nd_liq_3), nd_liq_3, 0},
                                        {1799.0, 1800.0, N_(nd_liq_4), nd_liq_4, 1}};
static const lqi_pg_piecewise nd_liq = PIECES(nd_liq_p);

typedef struct lattice_entry {
    const char *element, *phase;
    const lqi_pg_piecewise *f;
} lattice_entry;

static const lattice_entry sgte91_lattice[] = {
    {"AL", "BCC_A2", &al_bcc},        {"AL", "BCT_A5", &al_bct},
    {"AL", "CBCC_A12", &al_cbcc},     {"AL", "CUB_A13", &al_cub},
    {"AL", "DIAMOND_A4", &al_dia},    {"AL", "FCC_A1", &al_fcc},
    {"AL", "HCP_A3", &al_hcp},        {"AL", "LIQUID", &al_liq},
    {"B", "BETA_RHOMBO_B", &b_beta},  {"B", "DIAMOND_A4", &b_dia},
    {"B", "FCC_A1", &b_fcc},          {"B", "GRAPHITE", &b_gra},
    {"B", "HCP_A3", &b_hcp},          {"B", "LIQUID", &b_liq},
    {"BI", "BCC_A2", &bi_bcc},        {"BI", "BCT_A5", &bi_bct},
    {"BI", "FCC_A1", &bi_fcc},        {"BI", "HCP_A3", &bi_hcp},
    {"BI", "LIQUID", &bi_liq},        {"BI", "RHOMBOHEDRAL_A7", &bi_rho},
    {"BI", "TETRAGONAL_A6", &bi_tet}, {"BI", "TET_ALPHA1", &bi_tal},
    {"CO", "BCC_A2", &co_bcc},        {"CO", "CBCC_A12", &co_cbcc},
    {"CO", "CUB_A13", &co_cub},       {"CO", "FCC_A1", &co_fcc},
    {"CO", "HCP_A3", &co_hcp},        {"CO", "LIQUID", &co_liq},
    {"CR", "BCC_A2", &cr_bcc},        {"CR", "CBCC_A12", &cr_cbcc},
    {"CR", "CUB_A13", &cr_cub},       {"CR", "FCC_A1", &cr_fcc},
    {"CR", "HCP_A3", &cr_hcp},        {"CR", "LIQUID", &cr_liq},
    {"CU", "BCC_A2", &cu_bcc},        {"CU", "FCC_A1", &cu_fcc},
    {"CU", "HCP_A3", &cu_hcp},        {"CU", "LIQUID", &cu_liq},
    {"LA", "BCC_A2", &la_bcc},        {"LA", "DHCP", &la_dhcp},
    {"LA", "FCC_A1", &la_fcc},        {"LA", "LIQUID", &la_liq},
    {"MG", "BCC_A2", &mg_bcc},        {"MG", "CBCC_A12", &mg_cbcc},
    {"MG", "CUB_A13", &mg_cub},       {"MG", "FCC_A1", &mg_fcc},
    {"MG", "HCP_A3", &mg_hcp},        {"MG", "LIQUID", &mg_liq},
    {"ND", "BCC_A2", &nd_bcc},        {"ND", "DHCP", &nd_dhcp},
    {"ND", "FCC_A1", &nd_fcc},        {"ND", "LIQUID", &nd_liq},
    {"ZN", "BCC_A2", &zn_bcc},        {"ZN", "BCT_A5", &zn_bct},
    {"ZN", "DIAMOND_A4", &zn_dia},    {"ZN", "FCC_A1", &zn_fcc},
    {"ZN", "HCP_A3", &zn_hcp},        {"ZN", "LIQUID", &zn_liq},
};

static const lqi_pg_ser sgte91_ser[] = {
    {"/-", "ELECTRON_GAS", 0.0, 0.0, 0.0, NULL},
    {"VA", "VACUUM", 0.0, 0.0, 0.0, NULL},
    {"AL", "FCC_A1", 26.982, 4577.3, 28.322, &al_ser},
    {"B", "BETA_RHOMBO_B", 10.811, 1222.0, 5.9, &b_ser},
    {"BI", "RHOMBOHEDRAL_A7", 208.98, 6426.6, 56.735, &bi_ser},
    {"CO", "HCP_A3", 58.933, 0.0, 0.0, &co_ser},
    {"CR", "BCC_A2", 51.996, 4050.0, 23.56, &cr_ser},
    {"CU", "FCC_A1", 63.546, 5004.1, 33.15, &cu_ser},
    {"LA", "DHCP", 138.91, 0.0, 0.0, &la_ser},
    {"MG", "HCP_A3", 24.305, 4998.0, 32.671, &mg_ser},
    {"ND", "DHCP", 144.24, 0.0, 0.0, &nd_ser},
    {"ZN", "HCP_A3", 65.39, 5656.8, 41.631, &zn_ser},
};

int lqi_pg_ref_state_known(const char *ref_state) {
    return ref_state && strcmp(ref_state, "SGTE91") == 0;
}

const lqi_pg_ser *lqi_pg_ser_find(const char *ref_state, const char *element) {
    if (!lqi_pg_ref_state_known(ref_state) || !element) return NULL;
    for (size_t i = 0; i < N_(sgte91_ser); i++)
        if (strcmp(sgte91_ser[i].element, element) == 0) return &sgte91_ser[i];
    return NULL;
}

const lqi_pg_piecewise *lqi_pg_lattice_find(const char *ref_state, const char *element,
                                            const char *phase) {
    if (!lqi_pg_ref_state_known(ref_state) || !element || !phase) return NULL;
    for (size_t i = 0; i < N_(sgte91_lattice); i++)
        if (strcmp(sgte91_lattice[i].element, element) == 0 &&
            strcmp(sgte91_lattice[i].phase, phase) == 0)
            return sgte91_lattice[i].f;
    return NULL;
}

/* Closed forms after symbolic simplification, as SymEngine gives them before evaluation:
 * G = T^p:       H = (1-p) T^p,            S = -p T^(p-1),           Cp = -p(p-1) T^(p-1);
 * G = T^p ln T:  H = (1-p) T^p ln T - T^p, S = -p T^(p-1) ln T - T^(p-1),
 *                Cp = -(p(p-1) ln T + 2p - 1) T^(p-1). */
double lqi_pg_mono_transform(int p, int lg, double T, int kind) {
    double pd = (double)p;
    double tp = p == 0 ? 1.0 : pow(T, pd), tp1 = p == 1 ? 1.0 : pow(T, pd - 1.0);
    double l = lg ? log(T) : 0.0;
    switch (kind) {
        case LQI_PG_HM:
            if (!lg) return (1.0 - pd) * tp;
            return p == 1 ? -T : (1.0 - pd) * tp * l - tp;
        case LQI_PG_SM:
            if (!lg) return -pd * tp1;
            return p == 1 ? -l - 1.0 : -pd * tp1 * l - tp1;
        case LQI_PG_CPM:
            if (!lg) return -pd * (pd - 1.0) * tp1;
            return p == 1 ? -1.0 : -(pd * (pd - 1.0) * l + 2.0 * pd - 1.0) * tp1;
        default:
            return lg ? tp * l : tp;
    }
}

double lqi_pg_piecewise_transform(const lqi_pg_piecewise *f, double T, int kind) {
    if (!f) return 0.0;
    for (size_t i = 0; i < f->n; i++) {
        const lqi_pg_piece *pc = &f->pieces[i];
        if (T >= pc->lo && T < pc->hi) {
            double s = 0.0;
            for (size_t j = 0; j < pc->n; j++)
                s += pc->t[j].c * lqi_pg_mono_transform(pc->t[j].p, pc->t[j].lg, T, kind);
            return s;
        }
    }
    return 0.0;
}
