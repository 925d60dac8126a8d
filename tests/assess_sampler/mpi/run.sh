#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The sampler on 2 MPI ranks writes the same trace.npy and lnprob.npy, byte for byte, as in one
# process with the same seed. Arguments: the driver, the mpiexec to use.
set -u
drv="${1:?driver}"
mpiexec="${2:-mpirun}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# OpenMPI refuses root and more ranks than cores unless told (CI containers run as root, and
# this machine may have fewer free cores than ranks); other MPIs ignore these variables.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMP_NUM_THREADS=1
pass=0; fail=0
check() { # description, command...
    local what="$1"; shift
    if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $what" >&2; fi
}
check "serial run" "$drv" serial "$work/serial"
# OpenMPI's components leak at MPI_Finalize from dlclose'd modules that LeakSanitizer cannot
# name in a suppression: leak detection is off for the ranks (the serial run above keeps it).
check "2-rank run" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    "$mpiexec" -np 2 "$drv" mpi "$work/mpi"
check "same trace.npy" cmp "$work/serial_trace.npy" "$work/mpi_trace.npy"
check "same lnprob.npy" cmp "$work/serial_lnprob.npy" "$work/mpi_lnprob.npy"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
