#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 5, item 3: molten NaCl (1000 ions, Tosi-Fumi, 1100 K, PPPM 1e-5, rc 10 A, dt 2 fs) run by
# LAMMPS (Debian's lmp) and by liquidus's engine (liquidus md run) with the same model; density
# (NPT, 1 bar), g(r) first peaks and D(Na+), D(Cl-) (NVT at the mean NPT density) analysed by the
# same liquidus tools for both. Long (about 15-25 min per replica and engine on one core): not part
# of ctest. Results: docs/md-validation-nacl.md.
#
# usage: run_validation.sh OUTDIR [lammps|liquidus|liquidus-nvt|analyse|all] [N_NPT N_NVT]
#   N_NPT: steps of NPT equilibration and of NPT production (25000 = 50 ps each)
#   N_NVT: steps of NVT production (50000 = 100 ps); replicas: seeds in SEEDS (default 2 seeds),
#   numbered from FIRST (default 1); THREADS for liquidus md (default 1)
set -eu
out=${1:?usage: run_validation.sh OUTDIR [lammps|liquidus|analyse|all] [N_NPT N_NVT]}
what=${2:-all}
n_npt=${3:-25000}
n_nvt=${4:-50000}
n_eq=${N_EQ:-5000} # liquidus: NVT steps from each random start (LAMMPS melts a crystal for 5000)
here=$(cd "$(dirname "$0")" && pwd)
bin=${LQ_BIN:-$here/../../../build/release/liquidus}
seeds=${SEEDS:-"4928459 771931"}
mkdir -p "$out"

run_lammps() { # seed dir
    mkdir -p "$2"
    (cd "$2" && nice lmp -in "$here/in.nacl_tf.lmp" -var seed "$1" -var nsteps_npt "$n_npt" \
        -var nsteps_nvt "$n_nvt" -log log.lammps -screen none)
}

# liquidus md with the model and the thermostat and barostat periods of in.nacl_tf.lmp
# (Tdamp 0.2 ps, Pdamp 2 ps)
pot=tosi_fumi_NaCl.pot
md="nice $bin md run --potential $pot --dt 2 --T 1100 --tdamp 0.2 --pdamp 2"
md="$md --threads ${THREADS:-1} --quiet"

# liquidus at a fixed box (the LAMMPS NVT box of replica 1, edge L_NVT): NVT only. The density is
# then compared through the pressure at that box (1 bar when both engines share the equation of
# state), used when the NPT legs are too long for the machine.
run_liquidus_nvt() { # seed dir
    mkdir -p "$2"
    cd "$2"
    # the builder sizes the box with its own masses (CIAAW Cl = 35.45) before the potential's
    # masses are applied, so the density asked for is the one that gives the edge L_NVT
    local rho
    rho=$(python3 -c "print(repr(500*(22.98976928+35.45)/6.02214076e23/(${L_NVT:?}**3*1e-24)))")
    "$bin" build NaCl --ions 1000 --density "$rho" --T 1100 --seed "$1" --min-sep 2.2 \
        --potential $pot --out nvt_start.data --quiet > /dev/null
    $md --data nvt_start.data --ensemble nvt --steps "$n_eq" --thermo 500 --out d
    $md --data d.final.data --ensemble nvt --steps "$n_nvt" --thermo 50 --dump 100 --out e
    cd - > /dev/null
}

run_liquidus() { # seed dir
    mkdir -p "$2"
    cd "$2"
    # random start at roughly the liquid density; 10 ps NVT replaces LAMMPS's melting of a crystal
    "$bin" build NaCl --ions 1000 --density 1.45 --T 1100 --seed "$1" --min-sep 2.2 \
        --potential $pot --out start.data --quiet > /dev/null
    $md --data start.data --ensemble nvt --steps "$n_eq" --thermo 500 --out a
    $md --data a.final.data --ensemble npt --P 1 --steps "$n_npt" --thermo 500 --out b
    $md --data b.final.data --ensemble npt --P 1 --steps "$n_npt" --thermo 50 --out c
    # NVT at the mean NPT density: a new random start at that density, 10 ps NVT, production
    local rho
    rho=$("$bin" energy c.thermo.csv --column density_g_cm3 --skip 0 --json --quiet |
        python3 -c "import json,sys; print(json.load(sys.stdin)['mean'])")
    "$bin" build NaCl --ions 1000 --density "$rho" --T 1100 --seed "$1" --min-sep 2.2 \
        --potential $pot --out nvt_start.data --quiet > /dev/null
    $md --data nvt_start.data --ensemble nvt --steps "$n_eq" --thermo 500 --out d
    $md --data d.final.data --ensemble nvt --steps "$n_nvt" --thermo 50 --dump 100 --out e
    cd - > /dev/null
}

analyse() { # engine dir -> one JSON line
    local eng=$1 dir=$2 dens g msd
    if [ "$eng" = lammps ]; then
        dens=$("$bin" energy "$dir/log.lammps" --column Density --run 3 --skip 0 --json --quiet)
        traj="$dir/dump.nacl.lammpstrj"
    elif [ -f "$dir/c.thermo.csv" ]; then
        dens=$("$bin" energy "$dir/c.thermo.csv" --column density_g_cm3 --skip 0 --json --quiet)
        traj="$dir/e.lammpstrj"
    else
        dens='{"mean": null, "sem_block": null, "block_plateau_found": null}'
        traj="$dir/e.lammpstrj"
    fi
    # mean pressure of the NVT production (both engines, same box for replica 1)
    vol='{"mean": null, "std": null}'
    if [ "$eng" = lammps ]; then
        press=$("$bin" energy "$dir/log.lammps" --column Press --run 5 --skip 0 --json --quiet)
        vol=$("$bin" energy "$dir/log.lammps" --column Volume --run 3 --skip 0 --json --quiet)
    else
        press=$("$bin" energy "$dir/e.thermo.csv" --column P_bar --skip 0 --json --quiet)
    fi
    g=$("$bin" rdf "$traj" --types Na,Cl --dr 0.02 --rmax 12 --json --quiet \
        --out "$dir/gr.csv" --plot "$dir/gr.png")
    # peak positions in 5 contiguous blocks of frames: their scatter gives the error
    local nf blk sub=""
    nf=$(echo "$g" | python3 -c "import json,sys; print(json.load(sys.stdin)['frames'])")
    blk=$((nf / 5))
    for k in 0 1 2 3 4; do
        sub="$sub $("$bin" rdf "$traj" --types Na,Cl --dr 0.02 --rmax 12 --skip $((k * blk)) \
            --count $blk --json --quiet | python3 -c "import json,sys; print(','.join(str(p['r_peak_A']) for p in json.load(sys.stdin)['pairs']))")"
    done
    msd=$("$bin" msd "$traj" --types Na,Cl --timestep 0.002 --json --quiet \
        --out "$dir/msd.csv" --plot "$dir/msd.png")
    python3 - "$eng" "$dir" "$dens" "$g" "$msd" "$sub" "$press" "$vol" <<'PY'
import json, sys, statistics as st
eng, d, dens, g, msd, sub, press, vol = (sys.argv[1], sys.argv[2],
                                         *[json.loads(x) for x in sys.argv[3:6]], sys.argv[6],
                                         json.loads(sys.argv[7]), json.loads(sys.argv[8]))
# isothermal compressibility from the NPT volume fluctuations: kappa = <dV^2> / (k_B T <V>)
kappa = None
if vol["std"]:
    kappa = vol["std"] ** 2 * 1e-30 / (1.380649e-23 * 1100.0 * vol["mean"]) * 1e5  # 1/bar
subs = [list(map(float, s.split(','))) for s in sub.split()]
pe = [st.stdev([s[i] for s in subs]) / len(subs) ** 0.5 for i in range(3)]
r = {"engine": eng, "dir": d, "density": dens["mean"], "density_err": dens["sem_block"],
     "density_block_converged": dens["block_plateau_found"],
     "nvt_density": g.get("density_g_cm3"),
     "pressure": press["mean"], "pressure_err": press["sem_block"], "kappa_per_bar": kappa,
     "r_peak": {f"{p['a']}-{p['b']}": p["r_peak_A"] for p in g["pairs"]},
     "r_peak_err": {f"{p['a']}-{p['b']}": pe[i] for i, p in enumerate(g["pairs"])},
     "cn": {f"{p['a']}-{p['b']}": p.get("cn_b_around_a") for p in g["pairs"]},
     "D": {s["name"]: s["D_cm2_s"] for s in msd["species"]},
     "D_err": {s["name"]: s.get("D_err_cm2_s") for s in msd["species"]},
     "fit": {s["name"]: [s["fit_t0_ps"], s["fit_t1_ps"], s["loglog_slope"]] for s in msd["species"]}}
print(json.dumps(r))
PY
}

i=$((${FIRST:-1} - 1)) # FIRST: number of the first replica (to run replicas separately)
for s in $seeds; do
    i=$((i + 1))
    case $what in lammps | all) run_lammps "$s" "$out/lammps_$i" ;; esac
    case $what in liquidus | all) run_liquidus "$s" "$out/liquidus_$i" ;; esac
    case $what in liquidus-nvt) run_liquidus_nvt "$s" "$out/liquidus_$i" ;; esac
done
case $what in
analyse | all)
    : > "$out/results.jsonl"
    for dir in "$out"/lammps_* "$out"/liquidus_*; do
        [ -d "$dir" ] || continue
        eng=lammps; case $dir in *liquidus_*) eng=liquidus ;; esac
        analyse "$eng" "$dir" >> "$out/results.jsonl"
    done
    python3 "$here/compare.py" "$out/results.jsonl"
    ;;
esac
