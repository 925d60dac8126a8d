#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Generator of the erfc coefficients in src/md/engine/erfc.c: fits P(t) in
#   erfc(x) = t P(t) exp(-x^2),  t = 1 / (1 + p x),  p = 0.3275911 (Abramowitz & Stegun 7.1.26's p)
# by weighted (relative) least squares in a Chebyshev basis on x in [0, 9], reference values from
# mpmath at 30 digits, and prints the power-basis coefficients and the maximum relative error.
# Needs numpy and mpmath (Debian python3-numpy, python3-mpmath).
import numpy as np
from mpmath import mp, erfc, exp, mpf

mp.dps = 30
P = 0.3275911
DEG = 16


def target(x):
    x = mpf(x)
    return float(erfc(x) * exp(x * x) * (1 + P * x))


xs = np.linspace(0.0, 9.0, 4000)
ts = 1.0 / (1.0 + P * xs)
ys = np.array([target(x) for x in xs])
cheb = np.polynomial.chebyshev.Chebyshev.fit(ts, ys, DEG, w=1.0 / ys)
coef = cheb.convert(kind=np.polynomial.Polynomial).coef
xt = np.linspace(0.0, 9.0, 2001)
tt = 1.0 / (1.0 + P * xt)
ref = np.array([target(x) for x in xt])
err = np.max(np.abs(np.polyval(coef[::-1], tt) / ref - 1.0))
print("/* max relative error on [0, 9]: %.3g */" % err)
for c in coef:
    print("    %.17g," % c)
