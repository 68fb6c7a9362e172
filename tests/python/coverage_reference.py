# SPDX-License-Identifier: MIT
"""Independent dense numpy implementations of the coverage measures and a numpy greedy MCLP:
what a researcher would write, used by the tests as references and by the benchmark as the
baseline. Written from the formulas in DESIGN §2.6, not from edplan's code."""

from __future__ import annotations

import numpy as np


def weights(cost: np.ndarray, max_cost: float, decay=None) -> np.ndarray:
    """Dense w_ij: decay(c) for finite c <= max_cost, else 0 (decay None -> 1)."""
    inside = np.isfinite(cost) & (cost <= max_cost)
    safe = np.where(inside, cost, 0.0)
    w = np.ones_like(cost) if decay is None else np.asarray(decay(safe), dtype=float)
    return np.where(inside, w, 0.0)


def _ratio(supply: np.ndarray, d: np.ndarray) -> np.ndarray:
    return np.divide(supply, d, out=np.zeros_like(d, dtype=float), where=d > 0)


def two_step(demand, supply, cost, max_cost, decay=None):
    W = weights(cost, max_cost, decay)
    return W @ _ratio(supply, demand @ W)


def three_step(demand, supply, cost, max_cost, decay=None):
    W = weights(cost, max_cost, decay)
    W_all = weights(cost, np.inf, decay)
    tot = W_all.sum(axis=1, keepdims=True)
    G = np.divide(W_all, tot, out=np.zeros_like(W_all), where=tot > 0)
    WG = W * G
    return WG @ _ratio(supply, demand @ WG)


def weighted_catchment(supply, cost, max_cost, decay=None):
    return weights(cost, max_cost, decay) @ supply


def bfca(demand, supply, cost, max_cost, decay=None):
    W = weights(cost, max_cost, decay)
    rs = W.sum(axis=1, keepdims=True)
    cs = W.sum(axis=0, keepdims=True)
    Wi = np.divide(W, rs, out=np.zeros_like(W), where=rs > 0)
    Wj = np.divide(W, cs, out=np.zeros_like(W), where=cs > 0)
    return Wj @ _ratio(supply, demand @ Wi)


def spatial_availability(demand, supply, cost, max_cost, decay=None, alpha=1.0):
    W = weights(cost, max_cost, decay)
    Pa = demand**alpha
    return Pa * (W @ _ratio(supply, Pa @ W))


def greedy_mclp(demand, cost, max_cost, p):
    """Greedy MCLP as a competent numpy user writes it: the boolean coverage matrix once, the
    gains as column sums of the demand, then per step only the newly covered rows are
    subtracted (each row leaves the gains once, so the whole greedy reads the matrix about
    twice). Ties go to the lowest column (``argmax``)."""
    cover = cost <= max_cost
    gains = demand @ cover
    covered = np.zeros(len(demand), bool)
    sites = []
    for _ in range(p):
        j = int(np.argmax(gains))
        sites.append(j)
        new = cover[:, j] & ~covered
        covered |= new
        gains -= demand[new] @ cover[new]
        gains[sites] = -1.0
    return sorted(sites), float(demand[covered].sum())


def greedy_p_median(demand, cost, p):
    """Greedy p-median as a competent numpy user writes it: the running nearest cost ``d`` and
    each step's vectorised saving Σ_i P_i max(0, d_i - c_ij) for every column at once (the
    first step: the column of least Σ_i P_i c_ij), computed in place in one scratch matrix:
    ``np.maximum(d[:, None] - cost, 0)`` would allocate two matrices of the cost's size a step,
    and their page faults made it 1.7x slower (2.2 s against 1.3 s at 10,000 x 1,000, p = 50).
    Ties go to the lowest column."""
    first = int(np.argmin(demand @ cost))
    d = cost[:, first].copy()
    sites = [first]
    scratch = np.empty_like(cost)
    for _ in range(p - 1):
        np.subtract(d[:, None], cost, out=scratch)
        np.maximum(scratch, 0.0, out=scratch)
        saving = demand @ scratch
        saving[sites] = -1.0
        j = int(np.argmax(saving))
        sites.append(j)
        np.minimum(d, cost[:, j], out=d)
    return sorted(sites), float(demand @ d)
