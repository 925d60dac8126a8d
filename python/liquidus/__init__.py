# SPDX-License-Identifier: GPL-3.0-or-later
"""liquidus: thermodynamics and electrochemistry of alloys made in molten salts.

Python binding of the liquidus C library (a C extension over its public API, NumPy arrays in and
out). Units are SI unless a name says otherwise (T in K, P in Pa, energies in J/mol of atoms).

    >>> import liquidus
    >>> eq = liquidus.equilibrium("BiNd", T=973, x={"ND": 0.1})
    >>> eq.phase("LIQUID").x["ND"]          # 0.0726919

Bundled data (databases such as data/tdb/BiNd.tdb) are found with :func:`data_path`: in
$LIQUIDUS_DATA_DIR when set, else in the installed share/liquidus. Errors raise subclasses of
:class:`Error` (one per library status) carrying the library's message with file, line and field.

Modules: :mod:`liquidus.echem` (potentiostat files and analyses), :mod:`liquidus.dft`
(structures, XRD, equations of state, hull), :mod:`liquidus.md` (g(r) and MSD from dumps),
:mod:`liquidus.ml` (MEGNet formation energies of structures),
:mod:`liquidus.assess` (ESPEI datasets, parameter generation, log-probability, uncertainty).
"""

import numpy as _np

from . import _liquidus
from ._liquidus import (  # noqa: F401  (re-exported)
    ConvergenceError,
    Database,
    DomainError,
    Error,
    FileError,
    InvalidArgumentError,
    NotFoundError,
    OutOfMemoryError,
    ParseError,
    SingularError,
    UnsupportedError,
    cell,
    cell_invert,
    WriteError,
    CancelledError,
    data_path,
    version,
)

__version__ = _liquidus.version()

__all__ = [
    "Database", "Equilibrium", "BatchEquilibrium", "Phase", "equilibrium", "prop", "map",
    "solubility", "step", "eq_batch", "liquidus_T", "prop_grid", "liquidus_scan",
    "equilibrium_conditions", "liquidus_projection",
    "data_path", "version", "Error", "InvalidArgumentError", "OutOfMemoryError",
    "DomainError", "ConvergenceError", "SingularError", "ParseError", "FileError",
    "UnsupportedError", "NotFoundError", "WriteError", "CancelledError", "echem", "dft", "md", "ml",
    "assess", "cell", "cell_invert",
]


class Phase:
    """One stable phase (composition set) of an equilibrium.

    Attributes: ``name``; ``amount`` (mol of atoms per mol of atoms of the system); ``x`` (dict
    component -> mole fraction in the phase); ``y`` (site fractions, numpy array, sublattice by
    sublattice, with ``constituents`` and ``sublattice`` naming each entry); ``site_ratio``;
    ``G``, ``H``, ``S``, ``Cp`` per mole of atoms of the phase (J/mol, J/mol/K); ``fixed_zero``
    (True for a phase held at zero amount by ``zero=``).
    """

    def __init__(self, d, components):
        self.name = d["name"]
        self.index = d["index"]
        self.amount = d["amount"]
        self.x = dict(zip(components, (float(v) for v in d["x"])))
        self.y = d["y"]
        self.constituents = d["constituents"]
        self.sublattice = d["sublattice"]
        self.site_ratio = d["site_ratio"]
        self.moles_per_formula = d["moles_per_formula"]
        self.G, self.H, self.S, self.Cp = d["G"], d["H"], d["S"], d["Cp"]
        self.fixed_zero = d["fixed_zero"]

    def __repr__(self):
        xs = ", ".join("%s=%.6g" % kv for kv in self.x.items())
        return "Phase(%s, amount=%.6g, x={%s})" % (self.name, self.amount, xs)


class Equilibrium:
    """Result of :func:`equilibrium` at one set of conditions.

    Attributes: ``T`` (K), ``P`` (Pa), ``components``; ``x`` (dict, overall mole fractions);
    ``phases`` (list of :class:`Phase`, largest amount first); ``mu`` (dict, chemical potentials
    in J/mol against the database's reference, SER for SGTE data) and ``mu_array`` (the same as a
    numpy array in component order); ``activity`` and ``ln_activity`` (dicts, against
    ``reference``: the phase of each pure component, the stable one at T unless ``ref=`` chose
    one); ``G``, ``H``, ``S``, ``Cp`` of the system per mole of atoms; ``newton_iterations``,
    ``max_residual``.
    """

    def __init__(self, d):
        comps = d["components"]
        self.components = comps
        self.T, self.P = d["T"], d["P"]
        self.x = dict(zip(comps, (float(v) for v in d["x"])))
        self.mu_array = d["mu"]
        self.mu = dict(zip(comps, (float(v) for v in d["mu"])))
        self.activity = dict(zip(comps, (float(v) for v in d["activity"])))
        self.ln_activity = dict(zip(comps, (float(v) for v in d["ln_activity"])))
        self.reference = dict(zip(comps, d["reference"]))
        self.phases = [Phase(p, comps) for p in d["phases"]]
        self.G, self.H, self.S, self.Cp = d["G"], d["H"], d["S"], d["Cp"]
        self.newton_iterations = d["newton_iterations"]
        self.max_residual = d["max_residual"]

    def phase(self, name):
        """The first composition set of phase ``name`` (case-insensitive); KeyError if absent."""
        for p in self.phases:
            if p.name == name.upper():
                return p
        raise KeyError("%s is not stable here (phases: %s)"
                       % (name, ", ".join(p.name for p in self.phases)))

    def __repr__(self):
        return "Equilibrium(T=%g K, phases=[%s])" % (
            self.T, ", ".join("%s %.4g" % (p.name, p.amount) for p in self.phases))


class BatchEquilibrium:
    """Result of :func:`equilibrium` over arrays of conditions (shape ``shape``).

    Arrays: ``T`` (shape; the solved T when ``free='T'``), ``x`` and ``mu`` (shape + (ncomp,)),
    ``G``, ``H``, ``S``, ``Cp`` (shape), ``amount`` (shape + (nphase,): mol of atoms of each
    phase of ``phase_names``, 0 when absent), ``phase_x`` (shape + (nphase, ncomp): composition of
    each phase, NaN when absent), ``status`` (shape; 0 = solved, else the lq_status code: such
    points hold NaN when ``on_error='nan'``), ``activity`` (with ``activities=True``).
    """

    def __init__(self, d):
        self.components = d["components"]
        self.phase_names = d["phase_names"]
        self.P = d["P"]
        for k in ("T", "x", "mu", "G", "H", "S", "Cp", "amount", "phase_x", "status"):
            setattr(self, k, d[k])
        self.activity = d.get("activity")
        self.shape = self.T.shape

    def phase_fraction(self, name):
        """Amount (mol of atoms per mol) of phase ``name`` at every point (numpy array)."""
        return self.amount[..., self.phase_names.index(name.upper())]

    def phase_composition(self, name, component):
        """Mole fraction of ``component`` in phase ``name`` at every point (NaN where absent)."""
        return self.phase_x[..., self.phase_names.index(name.upper()),
                            self.components.index(component.upper())]

    def __repr__(self):
        return "BatchEquilibrium(shape=%s, components=%s)" % (self.shape, self.components)


def equilibrium(db, T, x, components=None, phases=None, P=101325.0, ref=None, zero=None,
                free=None, activities=False, on_error="raise"):
    """Global equilibrium at temperature ``T`` (K), pressure ``P`` (Pa) and composition ``x``.

    ``db`` is a :class:`Database`, a TDB path, or a bundled database name ('BiNd').
    ``x`` maps components to overall mole fractions; the one component left out is the balance.
    When ``T`` or any ``x`` value is an array, the arrays are broadcast together and every point is
    solved in one C loop with the GIL released: a :class:`BatchEquilibrium` comes back (failed
    points raise, or hold NaN with ``on_error='nan'``). Otherwise an :class:`Equilibrium`.

    ``components``: names or "A,B" (default: every element of the database); ``phases``: names
    to consider (default all); ``ref``: {component: phase} references of the activities;
    ``zero``/``free``: hold phase ``zero`` at zero amount with ``free='T'`` (T unknown, ``T`` is the
    start: a liquidus or solidus temperature) or ``free=<component>`` (its x unknown: a solubility).
    """
    r = _liquidus.equilibrium(db, T, x, components=components, phases=phases, P=P, ref=ref,
                              zero=zero, free=free, activities=activities, on_error=on_error)
    return BatchEquilibrium(r) if "status" in r else Equilibrium(r)


equilibrium.__doc__ += "\n\nC level: " + _liquidus.equilibrium.__doc__.split("\n\n", 1)[1]


def equilibrium_conditions(db, T, x, mu=None, ac=None, zero=None, free=None, balance=None,
                           components=None, phases=None, P=101325.0):
    """One equilibrium under Thermo-Calc / OpenCalphad style conditions, as an :class:`Equilibrium`.

    ``x``: {component: mole fraction} for every component but at most one (the balance); ``mu``
    ({component: J/mol against SER}) or ``ac`` ({component: activity against SER}) make a
    component open (its ``x`` is the start); ``zero``: phase name(s) held at zero amount, each
    with one unknown in ``free`` ('T' and/or components; their values are the start);
    ``balance``: the component that compensates alone (default: the closed components keep their
    ratios). E.g. the liquidus of NdBi2 at x(Nd) = 0.01: ``equilibrium_conditions('BiNd', 900,
    {'ND': 0.01}, zero='NDBI2', free='T')``.
    """
    return Equilibrium(_liquidus.equilibrium_conditions(
        db, T, x, mu=mu, ac=ac, zero=zero, free=free, balance=balance, components=components,
        phases=phases, P=P))


def liquidus_projection(db, components, phases=None, grid_n=20, T_min=300.0, T_max=4000.0,
                        x_min=1e-4, liquid=None):
    """Liquidus projection of a ternary; see :func:`_liquidus.liquidus_projection`.

    Returns a dict: 'nodes' (grid: 'x' (n, 3), 'T', 'primary', 'ok'), 'lines' (univariant lines
    L + A + B: 'phases', 'T', 'x' (m, 3) in order along the line), 'invariants' ('phases', 'T',
    'x'), 'liquid', 'component_names', 'n_equilibria', 'n_failed'.
    """
    return _liquidus.liquidus_projection(db, components, phases=phases, grid_n=grid_n,
                                         T_min=T_min, T_max=T_max, x_min=x_min, liquid=liquid)


def prop(db, phase, T, x, components=None, ref=None, P=101325.0):
    """Properties of ``phase`` alone at ``T`` (K) and ``x`` (arrays broadcast), per mole of atoms.

    Returns a dict of numpy arrays: GM, HM, SM, CPM, GM_MIX, HM_MIX, SM_MIX (shape of the
    conditions), MU and ACR (trailing axis over ``components``; ACR against ``ref`` =
    {component: phase}, default the stable pure state at T), with 'units', 'components', 'T'.
    """
    return _liquidus.prop(db, phase, T, x, components=components, ref=ref, P=P)


def map(db, components=None, T_min=400.0, T_max=2400.0, dT_scan=10.0, max_dx=0.01):  # noqa: A001
    """Binary phase diagram between ``T_min`` and ``T_max`` (K); see :func:`_liquidus.map`.

    x is the mole fraction of the second component. The dict holds 'invariants' (T, x (n, 3),
    phases (n, 3) indices into 'phase_names', kind), 'points', 'boundaries' (list of dicts with
    numpy arrays T, x_left, x_right and the two phase names) and 'fields'.
    """
    return _liquidus.map(db, components=components, T_min=T_min, T_max=T_max, dT_scan=dT_scan,
                         max_dx=max_dx)


def solubility(db, T, solute, phase="LIQUID", components=None):
    """Saturation composition of ``phase`` in ``solute`` at ``T`` (K, scalar or array).

    Returns {'x': numpy array, 'other': coexisting phase names, 'x_other': numpy array}.
    """
    return _liquidus.solubility(db, _np.asarray(T, dtype=float), solute, phase=phase,
                                components=components)


def step(db, x, T, components=None, invariant_points=False):
    """Phase amounts over temperatures ``T`` (K) at the fixed overall composition ``x``.

    Returns {'T_K', 'amount' (n_T, n_phases; mol of atoms per mol of atoms), 'phase_names',
    'present', 'ok'}, as ``liquidus step``; a temperature without an equilibrium has ok False
    and NaN amounts.
    """
    return _liquidus.step(db, x, _np.asarray(T, dtype=float), components=components,
                          invariant_points=invariant_points)


def eq_batch(db, grid=None, points=None, components=None, phases=None, threads=0, chunk=64,
             zero=None, free=None):
    """Equilibria at every point of ``grid`` ('T=300:2000:10,X(ND)=0:1:0.01') or of the CSV
    file ``points``, in parallel; a failed point has status != 'ok' and never stops the others.
    """
    return _liquidus.eq_batch(db, grid=grid, points=points, components=components,
                              phases=phases, threads=threads, chunk=chunk, zero=zero, free=free)


def liquidus_T(db, x, T_guess=1000.0, liquid="LIQUID", components=None):
    """Liquidus temperature (K) of composition ``x`` and the phase that appears there."""
    return _liquidus.liquidus_T(db, x, T_guess=T_guess, liquid=liquid, components=components)


def prop_grid(db, phase, T, x, components=None, ref=None):
    """Properties of ``phase`` alone on the grid ``T`` (K, 1-D) x compositions ``x``
    ({component: 1-D array}, one component the balance); arrays shaped (n_T, n_x[, ncomp])."""
    return _liquidus.prop_grid(db, phase, _np.asarray(T, dtype=float), x, components=components,
                               ref=ref)


def liquidus_scan(db, T, solute, phase="LIQUID", x_step=1e-3, x_max=0.999, components=None):
    """Saturation of ``phase`` in ``solute`` at ``T`` (K) by a scan in steps of ``x_step``:
    (x of the solute in the phase, the coexisting phase)."""
    return _liquidus.liquidus_scan(db, T, solute, phase=phase, x_step=x_step, x_max=x_max,
                                   components=components)


for _f in (step, eq_batch, liquidus_T, prop_grid, liquidus_scan):
    _f.__doc__ += "\n\nC level: " + getattr(_liquidus, _f.__name__).__doc__.split("\n\n", 1)[1]

from . import assess, dft, echem, md, ml, thermal  # noqa: E402  (submodules use the names above)
