#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# NumPy reference for bench_echem.c: reads the CSV chronoamperogram and runs the same analysis as
# lq_echem_ca_analyse (moving average, nucleation maximum, Scharifker-Hills RMS and golden-section
# fit, noise from second differences, Cottrell window search on a log grid, straight-line fit).
# Prints: seconds (read + analysis), t_m, I_m, D, CPU seconds (read + analysis).
import math
import sys
import time

import numpy as np

F = 96485.33212331002
INST = (1.9542, 1.2564)
PROG = (1.2254, 2.3367)


def sh(mode, r):
    a, b = mode
    e = 1.0 - np.exp(-b * r) if mode is INST else 1.0 - np.exp(-b * r * r)
    return a / r * e * e


def sh_sse(mode, tau, y, tm):
    # sqrt(model) = sqrt(A tm / tau) (1 - exp(-B (tau/tm)^p)), as in ca.c
    a, b = mode
    p = 1 if mode is INST else 2
    g = math.sqrt(a * tm) / np.sqrt(tau) * (1.0 - np.exp(-b * (tau / tm) ** p))
    sgy, sgg, syy = np.dot(g, y), np.dot(g, g), np.dot(y, y)
    return syy - sgy * sgy / sgg, sgy / sgg


def analyse(t, I, t0=0.0, maxr=5.0, n_el=2, area=0.322e-4, conc=100.0):
    keep = t - t0 > 0.0
    tau, I = t[keep] - t0, I[keep]
    m = tau.size
    sgn = -1.0 if I.sum() < 0.0 else 1.0
    y = sgn * I
    w = int(m * 0.01)
    w = min(w, 101)
    w = max(w, 5)
    if w % 2 == 0:
        w += 1
    h = w // 2
    cs = np.concatenate(([0.0], np.cumsum(y)))
    i = np.arange(m)
    lo, hi = np.maximum(i - h, 0), np.minimum(i + h + 1, m)
    ys = (cs[hi] - cs[lo]) / (hi - lo)
    stride = (m - 2) // 20000 + 1
    k = np.arange(1, m - 1, stride)[:20000]
    noise = np.median(np.abs(y[k + 1] - 2.0 * y[k] + y[k - 1])) / (0.6744897501960817 * math.sqrt(6.0))
    up = np.nonzero(np.diff(ys) > 0.0)[0]
    imin = int(up[0]) if up.size else m - 1
    ip = imin + int(np.argmax(ys[imin:]))
    ymax = np.abs(y).max()
    has_peak = ip > imin and ip + 1 < m and ys[ip] - ys[imin] > 3.0 * noise + 0.01 * ys[ip]
    tm = im = float("nan")
    if has_peak:
        b = int(np.searchsorted(tau, maxr * tau[ip], side="right"))
        tw, yw = tau[imin:b], y[imin:b]
        q = (yw / ys[ip]) ** 2
        rin = math.sqrt(np.mean((q - sh(INST, tw / tau[ip])) ** 2))
        rpr = math.sqrt(np.mean((q - sh(PROG, tw / tau[ip])) ** 2))
        mode = INST if rin <= rpr else PROG
        # Brent's minimisation on [0.5, 2] t_peak, relative tolerance 1e-8 (as in ca.c)
        cg = 0.3819660112501051
        lo_, hi_ = 0.5 * tau[ip], 2.0 * tau[ip]
        x = w = v = lo_ + cg * (hi_ - lo_)
        fx = fw = fv = sh_sse(mode, tw, yw, x)[0]
        d = e = 0.0
        for _ in range(200):
            mid = 0.5 * (lo_ + hi_)
            tol1 = 1e-8 * abs(x)
            tol2 = 2.0 * tol1
            if abs(x - mid) <= tol2 - 0.5 * (hi_ - lo_):
                break
            golden = True
            if abs(e) > tol1:
                r = (x - w) * (fx - fv)
                q = (x - v) * (fx - fw)
                p = (x - v) * q - (x - w) * r
                q = 2.0 * (q - r)
                if q > 0.0:
                    p = -p
                else:
                    q = -q
                eprev, e = e, d
                if abs(p) < abs(0.5 * q * eprev) and q * (lo_ - x) < p < q * (hi_ - x):
                    d = p / q
                    u = x + d
                    if u - lo_ < tol2 or hi_ - u < tol2:
                        d = tol1 if x < mid else -tol1
                    golden = False
            if golden:
                e = hi_ - x if x < mid else lo_ - x
                d = cg * e
            u = x + d if abs(d) >= tol1 else x + (tol1 if d > 0.0 else -tol1)
            fu = sh_sse(mode, tw, yw, u)[0]
            if fu <= fx:
                if u < x:
                    hi_ = x
                else:
                    lo_ = x
                v, fv, w, fw, x, fx = w, fw, x, fx, u, fu
            else:
                if u < x:
                    lo_ = u
                else:
                    hi_ = u
                if fu <= fw or w == x:
                    v, fv, w, fw = w, fw, u, fu
                elif fu <= fv or v == x or v == w:
                    v, fv = u, fu
        tm = x
        im = sgn * sh_sse(mode, tw, yw, tm)[1]
    # Without a maximum the search starts at the first sample (as in ca.c).
    s0 = ip if has_peak else 0
    if m - s0 < 10:
        s0 = m - 10 if m > 10 else 0
    la, lb = math.log(tau[s0]), math.log(tau[m - 1])
    grid = []
    for g in range(33):
        tg = math.exp(la + (lb - la) * g / 32)
        k0 = grid[-1] if grid else s0
        k1 = max(k0, min(int(np.searchsorted(tau, tg, side="left")), m - 1))
        if g == 32:
            k1 = m
        if not grid or k1 > grid[-1]:
            grid.append(k1)
    u_all = 1.0 / np.sqrt(tau)
    uref, yref = 1.0 / math.sqrt(tau[m - 1]), y[m - 1]
    blk = []
    for g in range(len(grid) - 1):
        uu = u_all[grid[g]:grid[g + 1]] - uref
        vv = y[grid[g]:grid[g + 1]] - yref
        blk.append(np.array([uu.size, uu.sum(), vv.sum(), uu @ uu, uu @ vv, vv @ vv]))
    accept = 1.5 * noise + 1e-3 * ymax
    best, ba, bb = -1.0, 0, 0
    # First the whole diffusion-limited range: the earliest grid start whose window runs to the
    # end, passes the RMS test, the runs test and puts its first block on the line (as in ca.c).
    tail = np.zeros(6)
    tails = [None] * (len(grid) - 1)
    for g in range(len(grid) - 2, -1, -1):
        tail = tail + blk[g]
        tails[g] = tail
    for ga in range(len(grid) - 1):
        s = tails[ga]
        n = s[0]
        if n < 10:
            continue
        suu = s[3] - s[1] * s[1] / n
        suy = s[4] - s[1] * s[2] / n
        syy = s[5] - s[2] * s[2] / n
        if not (suu > 0.0 and suy > 0.0):
            continue
        if math.sqrt(max(syy - suy * suy / suu, 0.0) / n) > accept:
            continue
        u, v = u_all[grid[ga]:], y[grid[ga]:]
        du = u - u.mean()
        slope = (du @ (v - v.mean())) / (du @ du)
        res = v - (v.mean() - slope * u.mean() + slope * u)
        sg = np.sign(res)
        sg = sg[sg != 0.0]
        npos, nneg = float(np.count_nonzero(sg > 0)), float(np.count_nonzero(sg < 0))
        N = npos + nneg
        if N >= 10 and npos >= 1 and nneg >= 1:
            runs = 1.0 + np.count_nonzero(sg[1:] != sg[:-1])
            mu = 2.0 * npos * nneg / N + 1.0
            var = (mu - 1.0) * (mu - 2.0) / (N - 1.0)
            if var > 0.0 and (runs - mu) / math.sqrt(var) < -3.0:
                continue
        nb = grid[ga + 1] - grid[ga]
        if abs(res[:nb].mean()) > 3.0 * noise / math.sqrt(nb):
            continue
        best, ba, bb = u_all[grid[ga]] - u_all[m - 1], grid[ga], m
        break
    for ga in range(len(grid) - 1):
        if best > 0.0:
            break
        s = np.zeros(6)
        for gb in range(ga + 1, len(grid)):
            s = s + blk[gb - 1]
            n = s[0]
            if n < 10:
                continue
            suu = s[3] - s[1] * s[1] / n
            suy = s[4] - s[1] * s[2] / n
            syy = s[5] - s[2] * s[2] / n
            if not (suu > 0.0 and suy > 0.0):
                continue
            sse = syy - suy * suy / suu
            rms = math.sqrt(max(sse, 0.0) / n)
            if rms > accept:
                continue
            span = u_all[grid[ga]] - u_all[grid[gb] - 1]
            if span > best:
                best, ba, bb = span, grid[ga], grid[gb]
    D = float("nan")
    if best > 0.0:
        u, v = u_all[ba:bb], y[ba:bb]
        du = u - u.mean()
        slope = (du @ (v - v.mean())) / (du @ du)
        qq = slope / (n_el * F * area * conc)
        D = math.pi * qq * qq
    return tm, im, D


def main():
    t0, c0 = time.perf_counter(), time.process_time()
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    tm, im, D = analyse(data[:, 0], data[:, 2])
    el, cpu = time.perf_counter() - t0, time.process_time() - c0
    # wall and CPU seconds (CPU: all threads of the process; on a loaded machine the wall time
    # also counts waiting for a core)
    print("%.6f %.17g %.17g %.17g %.6f" % (el, tm, im, D, cpu))


if __name__ == "__main__":
    main()
