#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/ml/data/tiny_megnet.lqml: a MEGNet of the layout of scripts/convert_megnet.py with
small widths (2 blocks) and random weights (seed 20), for the reader's tests and the fuzz corpus
(the bundled model is larger than libFuzzer's input limit). Uses NumPy only."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../scripts"))
import lqml  # noqa: E402

ELEMENTS = "H Li C N O Na Cl Cs Nd Bi".split()
args = {"dim_node_embedding": 3, "dim_edge_embedding": 6, "dim_state_embedding": 2,
        "ntypes_state": None, "nblocks": 2, "hidden_layer_sizes_input": [4],
        "hidden_layer_sizes_conv": [5, 4], "hidden_layer_sizes_output": [3],
        "nlayers_set2set": 1, "niters_set2set": 2, "activation_type": "softplus2",
        "is_classification": False, "include_state": True, "dropout": None,
        "graph_transformations": None, "element_types": None, "bond_expansion": None,
        "cutoff": 4.0, "gauss_width": 0.5}
hyper = {"@module": "matgl.models", "@class": "TransformedTargetModel", "@model_version": 1,
         "metadata": None, "kwargs": {"model": {"@class": "MEGNet", "@module": "matgl.models._megnet",
                                                "@model_version": 1, "init_args": args},
                                      "target_transformer": "Normalizer: Mean=-1, Std: 1"}}
rng = np.random.default_rng(20)
t = {}


def mlp(prefix, dims):
    for i in range(len(dims) - 1):
        t[f"{prefix}.layers.{2 * i}.weight"] = rng.normal(0, 0.5, (dims[i + 1], dims[i]))
        t[f"{prefix}.layers.{2 * i}.bias"] = rng.normal(0, 0.1, dims[i + 1])


t["model.bond_expansion.rbf.centers"] = np.linspace(0, 5, 6)
t["model.embedding.layer_node_embedding.weight"] = rng.normal(0, 1, (len(ELEMENTS), 3))
mlp("model.edge_encoder", [6, 4])
mlp("model.node_encoder", [3, 4])
mlp("model.state_encoder", [2, 4])
for b in range(2):
    if b:
        for k in ("edge", "node", "state"):
            mlp(f"model.blocks.{b}.{k}_func", [4, 4])
    mlp(f"model.blocks.{b}.conv.edge_func", [16, 5, 4])
    mlp(f"model.blocks.{b}.conv.node_func", [12, 5, 4])
    mlp(f"model.blocks.{b}.conv.state_func", [12, 5, 4])
for s in ("edge_s2s", "node_s2s"):
    t[f"model.{s}.lstm.weight_ih_l0"] = rng.normal(0, 0.5, (16, 8))
    t[f"model.{s}.lstm.weight_hh_l0"] = rng.normal(0, 0.5, (16, 4))
    t[f"model.{s}.lstm.bias_ih_l0"] = rng.normal(0, 0.1, 16)
    t[f"model.{s}.lstm.bias_hh_l0"] = rng.normal(0, 0.1, 16)
mlp("model.output_proj", [20, 3, 1])
out = sys.argv[1] if len(sys.argv) > 1 else "tests/ml/data/tiny_megnet.lqml"
meta = {"architecture": "MEGNet", "name": "tiny-random-MEGNet", "hyperparameters": hyper,
        "element_types": ELEMENTS, "target_mean": -1.0, "target_std": 1.0,
        "test_mae_eV_per_atom": 1.0,
        "provenance": {"generator": "tests/ml/make_tiny_model.py", "seed": 20}}
lqml.write(out, meta, t, dtype="<f4")
print(out, len(t), "tensors")
