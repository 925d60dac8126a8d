# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the liquidus Python tests: the package under test, the command to compare with."""

import json
import os
import subprocess

import pytest

import liquidus


@pytest.fixture(scope="session")
def bin_path():
    """The `liquidus` command of the same build (LQ_BIN, set by ctest)."""
    b = os.environ.get("LQ_BIN")
    if not b:
        pytest.fail("LQ_BIN is not set: run through ctest (ctest -R python)")
    return b


@pytest.fixture(scope="session")
def run_json(bin_path):
    """Runs `liquidus ARGS --json` and returns the parsed output."""
    def run(*args, cwd=None):
        out = subprocess.run([bin_path, *args, "--json", "--quiet"], check=True,
                             capture_output=True, text=True, cwd=cwd)
        return json.loads(out.stdout)
    return run


@pytest.fixture(scope="session")
def source_dir():
    return os.environ.get("LQ_SOURCE_DIR",
                          os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="session")
def shared_dir(source_dir):
    return os.environ.get("LQ_SHARED_DIR", os.path.join(source_dir, "..", "shared"))


@pytest.fixture(scope="session")
def bind():
    """The bundled Bi-Nd database, found through data_path."""
    return liquidus.Database("BiNd")


def read_csv(path):
    """A CSV with '#' comment lines and one header row as {column: numpy array}."""
    import numpy as np
    with open(path) as f:
        rows = [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]
    head = rows[0].split(",")
    tab = np.array([[float(v) for v in r.split(",")] for r in rows[1:]])
    return {h: tab[:, i] for i, h in enumerate(head)}
