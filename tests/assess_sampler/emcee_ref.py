# SPDX-License-Identifier: GPL-3.0-or-later
"""emcee (Debian python3-emcee) runs that tests/assess_sampler compares liquidus' sampler with.

  emcee_ref.py stat DIR NAME:ITERATIONS:SEED ...
      For each target NAME, starts emcee's EnsembleSampler (StretchMove, a = 2) from the walkers
      in DIR/NAME_init.npy and writes DIR/NAME_emcee_chain.npy (walkers, iterations, params) and
      DIR/NAME_emcee_acc.npy (walkers,), the acceptance fraction of each walker.
  emcee_ref.py replay DIR NAME
      Runs emcee with its random numbers replaced by liquidus' (DIR/NAME_draws.npy, see
      ReplayRandom) from DIR/NAME_init.npy, writes DIR/NAME_replay_chain.npy.
  emcee_ref.py check DIR W IT P N_DONE
      Reads DIR/check_trace.npy and DIR/check_lnprob.npy as ESPEI and corner do: shapes, dtype,
      C order, the completed iterations by ESPEI's rule; re-saves them as DIR/check_*_np.npy.
The targets are the ones the C test defines (test_emcee.c); keep them in step.
Exits non-zero when emcee or numpy cannot be imported: the test must then fail.
"""
import sys

import numpy as np
import emcee

MU2 = np.array([1.0, -2.0])
COV2 = np.array([[1.0, 1.8], [1.8, 4.0]])
MU5 = np.array([0.0, 1.0, -1.0, 2.0, 0.5])
SD5 = np.array([1.0, 2.0, 0.5, 3.0, 1.0])
COV5 = np.array([[SD5[i] * SD5[j] * 0.8 ** abs(i - j) for j in range(5)] for i in range(5)])


def gaussian(mu, cov):
    prec = np.linalg.inv(cov)

    def lnprob(x):  # vectorised over walkers
        d = x - mu
        return -0.5 * np.einsum("ij,jk,ik->i", d, prec, d)

    return lnprob


def rosenbrock(x):
    # x1 ~ N(1, 1), x2 | x1 ~ N(x1^2, 0.1)
    return -0.5 * (1.0 - x[:, 0]) ** 2 - 5.0 * (x[:, 1] - x[:, 0] ** 2) ** 2


TARGETS = {"gauss2": gaussian(MU2, COV2), "gauss5": gaussian(MU5, COV5), "rosen": rosenbrock}


def run_stat(d, spec):
    name, iterations, seed = spec.split(":")
    init = np.load(f"{d}/{name}_init.npy")
    nw, ndim = init.shape
    s = emcee.EnsembleSampler(nw, ndim, TARGETS[name], vectorize=True,
                              moves=emcee.moves.StretchMove(a=2.0))
    s.random_state = np.random.RandomState(int(seed)).get_state()
    s.run_mcmc(init, int(iterations))
    np.save(f"{d}/{name}_emcee_chain.npy", np.ascontiguousarray(np.swapaxes(s.get_chain(), 0, 1)))
    np.save(f"{d}/{name}_emcee_acc.npy", np.asarray(s.acceptance_fraction, dtype=np.float64))


class ReplayRandom:
    """Stands in for emcee's numpy RandomState and hands out liquidus' random numbers.

    draws[t] is (4, walkers): the half label of each walker (the shuffled arange % 2), and each
    walker's u_z, partner index into the other half, and u_acc. emcee asks, per iteration: choice
    (the move), shuffle(inds), then per half rand(Ns), randint(Nc, size=Ns), and rand() per
    walker of the half in walker order: the replies follow that order.
    """

    def __init__(self, draws):
        self.draws, self.t, self.split, self.pending = draws, -1, -1, []

    def choice(self, moves, p=None):
        self.t += 1
        self.split = -1
        return moves[0]

    def shuffle(self, inds):
        inds[:] = self.draws[self.t][0].astype(int)

    def members(self):
        return np.nonzero(self.draws[self.t][0].astype(int) == self.split)[0]

    def rand(self, *size):
        if size:  # the u_z of the next half
            self.split += 1
            m = self.members()
            self.pending = list(self.draws[self.t][3][m])
            return self.draws[self.t][1][m].copy()
        return self.pending.pop(0)

    def randint(self, n, size=None):
        return self.draws[self.t][2][self.members()].astype(int)

    def get_state(self):
        return None

    def set_state(self, state):
        pass


def run_replay(d, name):
    init = np.load(f"{d}/{name}_init.npy")
    draws = np.load(f"{d}/{name}_draws.npy")  # (iterations, 4, walkers)
    nw, ndim = init.shape
    s = emcee.EnsembleSampler(nw, ndim, TARGETS[name], vectorize=True,
                              moves=emcee.moves.StretchMove(a=2.0))
    s._random = ReplayRandom(draws)
    s.run_mcmc(init, draws.shape[0])
    np.save(f"{d}/{name}_replay_chain.npy",
            np.ascontiguousarray(np.swapaxes(s.get_chain(), 0, 1)))


def run_check(d, w, it, p, n_done):
    tr = np.load(f"{d}/check_trace.npy")
    lp = np.load(f"{d}/check_lnprob.npy")
    assert tr.shape == (w, it, p) and lp.shape == (w, it), (tr.shape, lp.shape)
    assert tr.dtype == np.float64 and lp.dtype == np.float64
    assert tr.flags["C_CONTIGUOUS"] and lp.flags["C_CONTIGUOUS"]
    # espei.utils.optimal_parameters: the iterations that ran have a non-zero parameter
    nz = np.nonzero(np.any(tr != 0, axis=-1))
    assert nz[-1].max() + 1 == n_done, (nz[-1].max() + 1, n_done)
    assert not np.any(tr[:, n_done:, :]) and not np.any(lp[:, n_done:])
    # ESPEI's restart (EmceeOptimizer.initialize_chains_from_trace) takes these walkers
    last = tr[np.nonzero(tr)].reshape((tr.shape[0], -1, tr.shape[2]))[:, -1, :]
    assert np.array_equal(last, tr[:, n_done - 1, :])
    np.save(f"{d}/check_trace_np.npy", tr)
    np.save(f"{d}/check_lnprob_np.npy", lp)


def main(argv):
    if len(argv) >= 3 and argv[0] == "stat":
        for spec in argv[2:]:
            run_stat(argv[1], spec)
    elif len(argv) == 3 and argv[0] == "replay":
        run_replay(argv[1], argv[2])
    elif len(argv) == 6 and argv[0] == "check":
        run_check(argv[1], *(int(a) for a in argv[2:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
