#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Converts MatGL's pretrained MEGNet-MP-2018.6.1-Eform (model.json, model.pt, state.pt) once into
the model file liquidus reads (src/ml/megnet_read.c; layout in scripts/lqml.py).

A conversion tool only (Debian's python3-torch, python3-numpy); liquidus never runs it. Usage:
    /usr/bin/python3 scripts/convert_megnet.py MODEL_DIR OUT.lqml --commit SHA [--repo URL]
MODEL_DIR holds model.json, model.pt, state.pt and README.md of
pretrained_models/MEGNet-MP-2018.6.1-Eform in github.com/materialsvirtuallab/matgl.

The file: every tensor of state.pt under its state-dict key, stored as float32, which is the dtype
of the published tensors (so the conversion is exact). Header keys:
  architecture      "MEGNet" (the class in model.pt)
  name              "MEGNet-MP-2018.6.1-Eform"
  hyperparameters   model.json as published
  element_types     the embedding rows' element symbols: model.pt says
                    element_types=None, so MEGNet uses matgl.config.DEFAULT_ELEMENTS (Z = 1..94
                    without Po, At, Rn, Fr, Ra: 89 elements, in Z order)
  target_mean, target_std   the Normalizer of model.pt (eform = output * std + mean), float64
  test_mae_eV_per_atom      0.028, the test MAE of the model's README
  provenance        source repository, commit, path, sha256 of each source file, licence
"""
import argparse
import hashlib
import io
import json
import os
import pickle
import sys
import zipfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lqml  # noqa: E402

# matgl.config.DEFAULT_ELEMENTS before commit e1b0baa4 (2025-03-24) spelled out; the later form
# (pymatgen's Element enum with Z < 95 minus Po, At, Rn, Fr, Ra) gives the same tuple.
EXCLUDED = {"Po", "At", "Rn", "Fr", "Ra"}
SYMBOLS = ("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge "
           "As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm "
           "Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th "
           "Pa U Np Pu").split()
DEFAULT_ELEMENTS = [s for s in SYMBOLS if s not in EXCLUDED]


class _Normalizer:
    """Stands in for matgl.data.transformer.Normalizer while unpickling model.pt (no matgl)."""

    def __setstate__(self, state):
        self.__dict__.update(state)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("matgl.data.transformer", "Normalizer"):
            return _Normalizer
        raise pickle.UnpicklingError(f"model.pt: unexpected class {module}.{name}")


def read_model_pt(path):
    """model.pt is torch.save of a plain dict (zip archive holding data.pkl, no tensors)."""
    with zipfile.ZipFile(path) as z:
        pkl = [n for n in z.namelist() if n.endswith("data.pkl")]
        if len(pkl) != 1:
            sys.exit(f"{path}: expected one data.pkl, found {pkl}")
        return _Unpickler(io.BytesIO(z.read(pkl[0]))).load()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("out")
    ap.add_argument("--commit", required=True, help="matgl commit the files were taken from")
    ap.add_argument("--repo", default="https://github.com/materialsvirtuallab/matgl")
    a = ap.parse_args()
    d = a.model_dir.rstrip("/")
    with open(f"{d}/model.json") as f:
        model_json = f.read()
    mj = json.loads(model_json)
    args = read_model_pt(f"{d}/model.pt")
    if args["model"]["@class"] != "MEGNet":
        sys.exit(f"model.pt: architecture {args['model']['@class']}, expected MEGNet")
    init = args["model"]["init_args"]
    if init.get("element_types") not in (None, ()):
        elements = list(init["element_types"])
    else:
        elements = DEFAULT_ELEMENTS
    norm = args["target_transformer"]
    mean, std = float(norm.mean), float(norm.std)
    state = torch.load(f"{d}/state.pt", map_location="cpu")
    emb = state["model.embedding.layer_node_embedding.weight"]
    if emb.shape[0] != len(elements):
        sys.exit(f"embedding has {emb.shape[0]} rows but {len(elements)} element types")
    path = "pretrained_models/MEGNet-MP-2018.6.1-Eform"
    prov = {
        "source": a.repo,
        "commit": a.commit,
        "path": path,
        "files": {n: {"sha256": sha256(f"{d}/{n}")} for n in
                  ("model.json", "model.pt", "state.pt", "README.md")},
        "licence": "BSD-3-Clause (matgl LICENSE: Copyright (c) 2022, Materials Virtual Lab)",
        "converter": "scripts/convert_megnet.py of liquidus (float32 tensors copied exactly)",
        "reference": "C. Chen, W. Ye, Y. Zuo, C. Zheng, S. P. Ong, Chem. Mater. 31 (2019) 3564",
    }
    tensors = {}
    for k, v in state.items():
        arr = v.detach().cpu().numpy()
        if arr.dtype != np.float32:
            sys.exit(f"{k}: dtype {arr.dtype}, expected float32")
        tensors[k] = arr
    meta = {"architecture": "MEGNet", "name": "MEGNet-MP-2018.6.1-Eform",
            "hyperparameters": mj, "element_types": list(elements),
            "target_mean": mean, "target_std": std, "test_mae_eV_per_atom": 0.028,
            "provenance": prov}
    lqml.write(a.out, meta, tensors, dtype="<f4")
    n = sum(v.numel() for v in state.values())
    print(f"{a.out}: {len(state)} tensors, {n} float32 values, mean {mean} std {std}, "
          f"{len(elements)} elements; cutoff {mj['kwargs']['model']['init_args']['cutoff']}")


if __name__ == "__main__":
    main()
