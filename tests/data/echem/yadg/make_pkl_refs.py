#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes pkl_refs.tsv: compact reference values of yadg's own parse of its EC-Lab test files.

yadg (dgbowl/yadg) stores, next to each file of tests/test_x_eclab/, a pickled xarray DataTree
of its parse (<file>.pkl). This script loads each of them and writes, for every data variable
along yadg's time axis: its name and unit as yadg names them, and seven values (the first, the
last and five evenly spaced rows), the sum, the minimum and the maximum. tests/echem_io/
test_yadg_refs.c compares liquidus' read of the same files with these values.

Reference tool only (not a dependency of liquidus): run with Debian's python3 and
python3-xarray (apt). The pickles come from xarray >= 2024.10 (xarray.core.datatree.DataTree)
and NumPy 2 (numpy._core); Debian 12's xarray 2023.01 has no DataTree, so the tree node is
loaded as a plain holder of its pickled state (its variables are ordinary xarray Variables)
and numpy._core is read as numpy.core.

Usage: make_pkl_refs.py PKL_DIR DATA_DIR > pkl_refs.tsv
  PKL_DIR: the folder tests/test_x_eclab/ of yadg at the commit named in README.md, e.g. from
           git -C yadg.git archive 61d55fe1fcf6cdd165b09a17ca99e261e1e34f50 tests/test_x_eclab | tar -x
  DATA_DIR: this folder; only files present here (as such or as <file>.xz) are written.
"""
import math
import os
import pickle
import sys

import numpy as np


class _Node:
    """Holder of a pickled DataTree node's state (Debian 12's xarray has no DataTree)."""

    def __init__(self, *args, **kw):
        self.state = None

    def __setstate__(self, st):
        self.state = st


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith("numpy._core"):
            module = "numpy.core" + module[len("numpy._core"):]
        if module == "xarray.core.datatree" and name == "DataTree":
            return _Node
        return super().find_class(module, name)


def _variables(node):
    """(path, name, Variable) of every node of the tree, depth first."""
    st = node.state[1] if isinstance(node.state, tuple) else node.state
    out = [(name, var) for name, var in st["_data_variables"].items()]
    for child in st["_children"].values():
        out += _variables(child)
    return out


def _fmt(x, f32):
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return "%.9g" % x if f32 else repr(x)


def main():
    pkl_dir, data_dir = sys.argv[1], sys.argv[2]
    print("# yadg's parse of its EC-Lab test files (the .pkl of tests/test_x_eclab/ of dgbowl/yadg")
    print("# at 61d55fe1fcf6cdd165b09a17ca99e261e1e34f50), written by make_pkl_refs.py.")
    print("# file<TAB>name<TAB>rows<TAB>the seven sampled row indices (none when rows = 0)")
    print("# col<TAB>yadg name<TAB>yadg unit<TAB>7 values at those rows<TAB>sum<TAB>min<TAB>max")
    print("# (sum, min, max over the finite values; integer columns printed as integers)")
    for pkl in sorted(os.listdir(pkl_dir)):
        if not pkl.endswith(".pkl"):
            continue
        data = pkl[:-4]
        if not (os.path.exists(os.path.join(data_dir, data)) or
                os.path.exists(os.path.join(data_dir, data + ".xz"))):
            continue
        with open(os.path.join(pkl_dir, pkl), "rb") as fh:
            tree = _Unpickler(fh).load()
        cols = [(n, v) for n, v in _variables(tree) if v.dims == ("uts",)]
        n = max((v.shape[0] for _, v in cols), default=0)
        # Seven rows: the first, five evenly spaced and the last (repeated for short files);
        # none when yadg holds no data (a WAIT technique: one timestamp, no variable).
        rows = [round(k * (n - 1) / 6) for k in range(7)] if n else []
        print("file\t%s\t%d\t%s" % (data, n, "\t".join(str(r) for r in rows)))
        for name, v in cols:
            a = v.values
            if a.dtype.kind not in "fiub":  # text (I Range "1 A"): not compared
                continue
            f32 = a.dtype == np.float32
            fin = a[np.isfinite(a)] if a.dtype.kind == "f" else a
            stats = [np.sum(fin.astype(np.float64)), np.min(fin), np.max(fin)] if fin.size else [
                float("nan")] * 3
            unit = v.attrs.get("units")
            vals = [_fmt(a[r], f32) for r in rows] + [_fmt(stats[0], False)] + \
                [_fmt(s, f32) for s in stats[1:]]
            print("col\t%s\t%s\t%s" % (name, unit if unit else "", "\t".join(vals)))


if __name__ == "__main__":
    main()
