#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference forward pass of MatGL's MEGNet-MP-2018.6.1-Eform in plain torch (not matgl: matgl and
DGL are not installable here), for tests/ml and bench/bench_ml.c.

The graph is built as matgl.ext._pymatgen_dgl.Structure2Graph does (pymatgen's
find_points_in_spheres, r = cutoff, tol 1e-8, self pairs dropped, state attributes [0, 0]); the
layers follow matgl.models._megnet.MEGNet.forward (EmbeddingBlock, MLP encoders, MEGNetBlock x3 with
skip connections, dgl Set2Set over nodes, EdgeSet2Set over edges, output MLP, Normalizer).

Weights: the model file of scripts/convert_megnet.py (default), or --state-pt the original state.pt.
Arguments: structure files (CIF/POSCAR, read by pymatgen). Output: one line per structure,
"<index> <eform eV/atom>". --bench N: time N forward passes over the given structures, cycling,
and print "bench <structures per wall second> <structures per CPU second>".
"""
import argparse
import math
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402
import torch  # noqa: E402
from pymatgen.core import Structure  # noqa: E402
from pymatgen.optimization.neighbors import find_points_in_spheres  # noqa: E402

LN2 = math.log(2.0)


def load(args):
    if args.state_pt:
        sd = torch.load(args.state_pt, map_location="cpu")
        w = {k: v.double() for k, v in sd.items()}
        mean, std, elements = -1.65459073, 1.07266128, None
    else:
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../scripts"))
        import lqml

        header, arrays = lqml.read(args.model)
        w = {k: torch.tensor(v, dtype=torch.float64) for k, v in arrays.items()}
        mean = float(header["target_mean"])
        std = float(header["target_std"])
        elements = list(header["element_types"])
    return w, mean, std, elements


def sp2(x):
    return torch.nn.functional.softplus(x) - LN2  # beta 1, threshold 20 as nn.Softplus


def mlp(w, prefix, x, n, activate_last=True):
    for i in range(n):
        x = x @ w[f"{prefix}.layers.{2 * i}.weight"].T + w[f"{prefix}.layers.{2 * i}.bias"]
        if i < n - 1 or activate_last:
            x = sp2(x)
    return x


def lstm_step(w, prefix, x, h, c):
    gates = (x @ w[f"{prefix}.weight_ih_l0"].T + w[f"{prefix}.bias_ih_l0"]
             + h @ w[f"{prefix}.weight_hh_l0"].T + w[f"{prefix}.bias_hh_l0"])
    i, f, g, o = gates.chunk(4)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h = torch.sigmoid(o) * torch.tanh(c)
    return h, c


def set2set(w, prefix, feat, n_iters=2):
    d = feat.shape[1]
    h = torch.zeros(d, dtype=feat.dtype)
    c = torch.zeros(d, dtype=feat.dtype)
    q_star = torch.zeros(2 * d, dtype=feat.dtype)
    for _ in range(n_iters):
        h, c = lstm_step(w, prefix, q_star, h, c)
        q = h
        if feat.shape[0] == 0:
            readout = torch.zeros(d, dtype=feat.dtype)
        else:
            alpha = torch.softmax(feat @ q, dim=0)
            readout = (feat * alpha[:, None]).sum(0)
        q_star = torch.cat([q, readout])
    return q_star


def graph(s, cutoff=4.0):
    lat = np.array(s.lattice.matrix, dtype=float)
    cart = np.array(s.cart_coords, dtype=float)
    src, dst, images, dist = find_points_in_spheres(cart, cart, r=cutoff, pbc=np.array([1, 1, 1]),
                                                    lattice=lat, tol=1e-8)
    keep = (src != dst) | (dist > 1e-8)
    src, dst, images = src[keep], dst[keep], images[keep]
    # compute_pair_vector_and_distance: dst position + image offset minus src position
    vec = cart[dst] + images @ lat - cart[src]
    return torch.tensor(src, dtype=torch.long), torch.tensor(dst, dtype=torch.long), \
        torch.tensor(np.linalg.norm(vec, axis=1), dtype=torch.float64)


def mean_at(dst, e, n):
    out = torch.zeros(n, e.shape[1], dtype=e.dtype)
    cnt = torch.zeros(n, dtype=e.dtype)
    out.index_add_(0, dst, e)
    cnt.index_add_(0, dst, torch.ones(len(dst), dtype=e.dtype))
    return out / cnt.clamp(min=1)[:, None]


def forward(w, mean, std, types, src, dst, dist):
    n = len(types)
    centers = w["model.bond_expansion.rbf.centers"]
    ea = torch.exp(-0.5 * (dist[:, None] - centers[None, :]) ** 2)
    v = w["model.embedding.layer_node_embedding.weight"][types]
    u = torch.zeros(2, dtype=torch.float64)
    e = mlp(w, "model.edge_encoder", ea, 2)
    v = mlp(w, "model.node_encoder", v, 2)
    u = mlp(w, "model.state_encoder", u, 2)
    for b in range(3):
        p = f"model.blocks.{b}"
        e0, v0, u0 = e, v, u
        if b > 0:
            e = mlp(w, f"{p}.edge_func", e, 2)
            v = mlp(w, f"{p}.node_func", v, 2)
            u = mlp(w, f"{p}.state_func", u, 2)
        ub = u.expand(len(src), -1)
        e = mlp(w, f"{p}.conv.edge_func", torch.cat([v[src], v[dst], e, ub], 1), 3)
        ve = mean_at(dst, e, n)
        v = mlp(w, f"{p}.conv.node_func", torch.cat([v, ve, u.expand(n, -1)], 1), 3)
        me = e.mean(0) if len(src) else torch.zeros(e.shape[1], dtype=e.dtype)
        u = mlp(w, f"{p}.conv.state_func", torch.cat([u, me, v.mean(0)]), 3)
        e, v, u = e + e0, v + v0, u + u0
    vec = torch.cat([set2set(w, "model.node_s2s.lstm", v), set2set(w, "model.edge_s2s.lstm", e), u])
    out = mlp(w, "model.output_proj", vec, 3, activate_last=False)
    return float(out[0]) * std + mean


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="data/ml/megnet_mp_2018_6_1_eform.lqml")
    ap.add_argument("--state-pt", default=None)
    ap.add_argument("--bench", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    w, mean, std, elements = load(args)
    if elements is None:
        excl = {"Po", "At", "Rn", "Fr", "Ra"}
        from pymatgen.core.periodic_table import Element
        elements = [Element.from_Z(z).symbol for z in range(1, 95)
                    if Element.from_Z(z).symbol not in excl]
    graphs = []
    for path in args.files:
        s = Structure.from_file(path)
        types = torch.tensor([elements.index(site.specie.symbol) for site in s])
        graphs.append((types, *graph(s)))
    with torch.no_grad():
        if args.bench:
            t, c = time.perf_counter(), time.process_time()
            for k in range(args.bench):
                forward(w, mean, std, *graphs[k % len(graphs)])
            print("bench", args.bench / (time.perf_counter() - t),
                  args.bench / (time.process_time() - c))
            return
        for k, g in enumerate(graphs):
            print(k, repr(forward(w, mean, std, *g)))


if __name__ == "__main__":
    sys.exit(main())
