#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages liquidus needs to build, test and benchmark.
# Only what is missing is installed; run as root (or with sudo available).
set -euo pipefail

# Build and runtime libraries.
build_pkgs=(build-essential cmake pkg-config clang clang-format git
            libgsl-dev liblapacke-dev libopenblas-dev libfftw3-dev libcjson-dev libcairo2-dev fonts-dejavu-core
            libyaml-dev libhdf5-dev libopenmpi-dev openmpi-bin python3-dev python3-numpy python3-pytest
            xz-utils)
# Reference engines used only by regression tests and benchmarks, never at run time
# (python3-matplotlib: the figures of docs/python.md).
ref_pkgs=(lammps python3-pymatgen python3-ase python3-emcee python3-matplotlib)

want=("${build_pkgs[@]}")
if [ "${LQ_NO_REFERENCE_ENGINES:-0}" != 1 ]; then
    want+=("${ref_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps.sh: all packages present" >&2
    exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps.sh: done" >&2
