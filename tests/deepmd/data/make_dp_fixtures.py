#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the .dp fixtures of tests/deepmd from small_se_e2_a.yaml, the way DeePMD-kit's
deepmd/dpmodel/utils/serialization.py save_dp_model does (h5py defaults, datasets
variable_0000, variable_0001, ... in traversal order, the tree as compact JSON in the root
attribute "json" as a variable-length string), plus two files liquidus must refuse by name.
Uses Debian's python3-h5py, python3-yaml and NumPy; run from the repository root:
    /usr/bin/python3 tests/deepmd/data/make_dp_fixtures.py
"""
import json

import h5py
import numpy as np
import yaml

D = "tests/deepmd/data"


def traverse(obj, callback, is_variable=False):
    if isinstance(obj, dict):
        if obj.get("@is_variable", False):
            return callback(obj)
        for k, v in obj.items():
            obj[k] = traverse(v, callback, is_variable or k == "@variables")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            obj[i] = traverse(v, callback, is_variable)
    elif obj is None:
        return obj
    elif is_variable:
        obj = callback(obj)
    return obj


def arrays(x):
    if isinstance(x, dict) and x.get("@class") == "np.ndarray":
        return np.asarray(x["value"], dtype=np.dtype(x["dtype"]))
    return x


def save(path, model, **kw):
    counter = iter(range(1 << 30))
    with h5py.File(path, "w", libver=kw.get("libver")) as f:
        tree = traverse(json.loads(json.dumps(model)), arrays)
        def store(x):
            i = next(counter)  # only the first dataset compressed: the file stays small
            return f.create_dataset(f"variable_{i:04d}", data=x,
                                    compression=kw.get("compression") if i == 0 else None).name
        tree = traverse(tree, store)
        f.attrs["json"] = json.dumps({"software": "deepmd-kit", "version": "fixture", **tree},
                                     separators=(",", ":"))


with open(f"{D}/small_se_e2_a.yaml") as fh:
    m = yaml.safe_load(fh)
for k in ("software", "version", "time"):
    m.pop(k, None)
save(f"{D}/small_se_e2_a.dp", m)
save(f"{D}/small_se_e2_a_latest.dp", m, libver="latest")
save(f"{D}/small_se_e2_a_gzip.dp", m, compression="gzip")
