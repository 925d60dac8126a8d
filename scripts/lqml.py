# SPDX-License-Identifier: GPL-3.0-or-later
"""The liquidus ML model file (format 2), written by scripts/convert_megnet.py and
tests/ml/make_tiny_model.py and read by src/ml/megnet_read.c; NumPy only.

Layout, chosen so that the C reader needs no library beyond cJSON and checks every byte:
  line 1   "liquidus-ml-model 2 <H>\\n", H = byte length of the header that follows
  header   H bytes of JSON (UTF-8), one object:
             architecture, name, hyperparameters (the model's JSON as published, an object),
             element_types (list of symbols, one per embedding row), target_mean, target_std,
             test_mae_eV_per_atom, provenance (object),
             dtype ("<f4" or "<f8": little-endian IEEE float of every tensor),
             tensors: [{"name", "shape": [rows] or [rows, cols], "offset": bytes from the data
                        start}, ...] in storage order, each starting where the previous ends,
             data_bytes, data_fnv1a64 (FNV-1a 64-bit hash of the data, 16 hex digits)
  padding  zero bytes up to the next multiple of 8 from the start of the file
  data     the tensors, row-major, back to back; the file ends with the last one
"""
import json

import numpy as np

MAGIC = "liquidus-ml-model 2"


def fnv1a64(data):
    """FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3), as 16 hex digits."""
    h = 0xcbf29ce484222325
    for b in bytes(data):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def write(path, meta, tensors, dtype="<f4"):
    """meta: the header's keys other than dtype/tensors/data_*; tensors: {name: array}."""
    blobs, entries, off = [], [], 0
    for name, arr in tensors.items():
        a = np.ascontiguousarray(arr, dtype=dtype)
        if a.ndim not in (1, 2):
            raise ValueError(f"{name}: {a.ndim} dimensions, expected 1 or 2")
        b = a.tobytes()
        entries.append({"name": name, "shape": list(a.shape), "offset": off})
        blobs.append(b)
        off += len(b)
    data = b"".join(blobs)
    header = dict(meta)
    header.update({"dtype": dtype, "tensors": entries, "data_bytes": len(data),
                   "data_fnv1a64": fnv1a64(data)})
    text = json.dumps(header, indent=1).encode()
    first = f"{MAGIC} {len(text)}\n".encode()
    pad = (-(len(first) + len(text))) % 8
    with open(path, "wb") as f:
        f.write(first + text + b"\0" * pad + data)


def read(path):
    """Returns (header, {name: float64 array}); raises ValueError on anything unexpected."""
    with open(path, "rb") as f:
        raw = f.read()
    nl = raw.index(b"\n")
    magic, _, size = raw[:nl].decode().rpartition(" ")
    if magic != MAGIC:
        raise ValueError(f"{path}: not a liquidus ML model file (format 2)")
    start = nl + 1
    header = json.loads(raw[start:start + int(size)])
    data_start = start + int(size)
    data_start += (-data_start) % 8
    data = raw[data_start:]
    if len(data) != header["data_bytes"] or fnv1a64(data) != header["data_fnv1a64"]:
        raise ValueError(f"{path}: data section truncated or damaged")
    width = np.dtype(header["dtype"]).itemsize
    out = {}
    for t in header["tensors"]:
        n = int(np.prod(t["shape"]))
        a = np.frombuffer(data, dtype=header["dtype"], count=n, offset=t["offset"])
        out[t["name"]] = a.reshape(t["shape"]).astype(np.float64)
        assert t["offset"] + n * width <= len(data)
    return header, out
