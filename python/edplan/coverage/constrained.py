# SPDX-License-Identifier: MIT
"""R ``accessibility``'s constrained accessibility (Soukhov et al. 2025): total, singly and
doubly constrained, on the links of a cost matrix taken as :mod:`edplan.coverage.accessibility`
takes them (a dense array, a scipy.sparse matrix or a :class:`~edplan.coverage.Catchment`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..errors import InputError
from .accessibility import DecayLike, checked_amounts, link_arrays, link_weights

__all__ = ["ConstrainedAccess", "constrained_accessibility"]


def _singly(weighted: np.ndarray, group: np.ndarray, groups: int, moved: np.ndarray, into: np.ndarray,
            size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One side's singly-constrained balance: each link's share ``kappa`` of its group's total
    ``weighted`` (0 where the total is 0), the ``moved`` amount it carries, summed by ``into``;
    returns (access, flow, kappa, the balancing factor 1 / total per group)."""
    total = np.bincount(group, weights=weighted, minlength=groups)
    at = total[group]
    kappa = np.where(at > 0, weighted / np.where(at > 0, at, 1.0), 0.0)
    flow = kappa * moved
    factor = np.where(total > 0, 1.0 / np.where(total > 0, total, 1.0), 0.0)
    return np.bincount(into, weights=flow, minlength=size), flow, kappa, factor


@dataclass(frozen=True)
class ConstrainedAccess:
    """The result of :func:`constrained_accessibility`: per-origin or per-destination access and
    the flows on each link (R's ``detailed_results``)."""

    access: Optional[np.ndarray]
    """Aggregated access: supply reached from each origin (n,) when active, demand reaching each
    destination (m,) when passive; None for the doubly-constrained model, whose sums are the
    margins themselves."""
    rows: np.ndarray
    """The origin (row) of each link."""
    cols: np.ndarray
    """The destination (column) of each link."""
    flow: np.ndarray
    """Per link: the constrained opportunities (total: R's ``supply``/``demand``), the allocated
    supply or demand (singly), or the flow T_ij (doubly)."""
    kappa: np.ndarray
    """Per link: R's kappa (``kappa_total``/``hatkappa_total``, ``kappa_singly``/``hatkappa_singly``,
    ``kappa_doubly`` = A_i B_j O_i f_ij)."""
    A: Optional[np.ndarray] = None
    """Origin balancing factors (n,): 1/Σ_j D_j f_ij (singly, passive; 0 where the sum is 0) or
    the fitted A_i (doubly)."""
    B: Optional[np.ndarray] = None
    """Destination balancing factors (m,): 1/Σ_i O_i f_ij (singly, active) or the fitted B_j (doubly)."""
    K: Optional[float] = None
    """Total-constrained: the region's total over the weighted total (R's ``K_total``/``hatK_total``)."""
    error: Optional[float] = None
    """Doubly: (Σ_i |O_i − Σ_j T_ij| + Σ_j |D_j − Σ_i T_ij|) / Σ_i O_i at the last iteration."""
    iterations: Optional[int] = None
    """Doubly: balancing iterations run."""
    stop_reason: Optional[str] = None
    """Doubly: "Error threshold met", "Slow improvement" or "Max iterations reached" (R's words)."""
    shape: tuple[int, int] = (0, 0)
    """(n, m) of the cost matrix."""

    def flow_matrix(self) -> np.ndarray:
        """The flows as a dense (n, m) array (0 where there is no link)."""
        out = np.zeros(self.shape)
        np.add.at(out, (self.rows, self.cols), self.flow)
        return out


def constrained_accessibility(
    cost: Any,
    *,
    constraint: str,
    decay: DecayLike,
    demand: Any = None,
    supply: Any = None,
    active: Optional[bool] = None,
    max_cost: Optional[float] = None,
    error_threshold: float = 0.001,
    improvement_threshold: float = 1e-6,
    max_iterations: int = 1000,
) -> ConstrainedAccess:
    """Constrained accessibility (Soukhov et al. 2025; R ``constrained_accessibility``), with
    f_ij = w(c_ij) over the links within ``max_cost``:

    - ``"total"``: active (``supply`` only): ``flow_ij = S_j f_ij / Σ_kl S_l f_kl · Σ_j S_j``,
      the sum over the sites that have a link; passive (``demand`` only): the same with P_i.
      ``access`` sums the flows by origin (active) or destination (passive).
    - ``"singly"`` (both): active: ``flow_ij = P_i f_ij / Σ_k P_k f_kj · S_j`` (as
      :func:`spatial_availability`); passive: ``flow_ij = S_j f_ij / Σ_l S_l f_il · P_i``.
    - ``"doubly"`` (both, with Σ demand = Σ supply within 1e-6): Wilson's doubly-constrained
      model balanced by iterative proportional fitting (Furness) as R does it: from B = 1,
      ``A_i = 1/(Σ_j B_j D_j f_ij + 1e-9)``, then ``B_j = 1/(Σ_i A_i O_i f_ij + 1e-9)``,
      ``T_ij = A_i O_i B_j D_j f_ij``, until the relative margin error is below
      ``error_threshold``, improves by less than ``improvement_threshold``, or
      ``max_iterations`` iterations have run. ``active`` is ignored.

    ``active`` must be True or False for "total" and "singly" (R has no default either)."""
    if constraint not in ("total", "singly", "doubly"):
        raise InputError(f"got {constraint!r}; expected 'total', 'singly' or 'doubly'", "constraint")
    links = link_arrays(cost, max_cost)
    f = link_weights(decay, links.cost)
    r, c = links.rows, links.cols
    if constraint != "doubly" and not isinstance(active, (bool, np.bool_)):
        raise InputError(f"got {active!r}; expected True (active) or False (passive) for constraint {constraint!r}",
                         "active")
    if constraint == "total":
        wanted, unwanted = ("supply", "demand") if active else ("demand", "supply")
        given = {"supply": supply, "demand": demand}
        problems = []
        if given[wanted] is None:
            problems.append((wanted, f"missing; expected the {wanted} for a total constraint with active={active}"))
        if given[unwanted] is not None:
            problems.append((unwanted, f"given; expected None for a total constraint with active={active}"))
        if problems:
            raise InputError(problems)
        at = c if active else r
        size = links.m if active else links.n
        amounts = checked_amounts(given[wanted], size, wanted, "column (site)" if active else "row (demand point)")
        weighted = amounts[at] * f
        total_weighted = float(weighted.sum())
        if not total_weighted > 0:
            raise InputError("no link carries a weight > 0 (every amount or decay weight is 0); expected some", "cost")
        kappa = weighted / total_weighted
        region = float(amounts[np.unique(at)].sum())
        flow = kappa * region
        access = np.bincount(r if active else c, weights=flow, minlength=links.n if active else links.m)
        return ConstrainedAccess(access, r, c, flow, kappa, K=region / total_weighted, shape=(links.n, links.m))
    problems = [(name, f"missing; expected the {name} for a {constraint} constraint")
                for name, value in (("demand", demand), ("supply", supply)) if value is None]
    if problems:
        raise InputError(problems)
    O = checked_amounts(demand, links.n, "demand", "row (demand point)")
    D = checked_amounts(supply, links.m, "supply", "column (site)")
    if constraint == "singly":
        if active:  # each site's supply shared among the points that reach it, by demand × weight
            access, flow, kappa, B = _singly(O[r] * f, c, links.m, D[c], r, links.n)
            return ConstrainedAccess(access, r, c, flow, kappa, B=B, shape=(links.n, links.m))
        access, flow, kappa, A = _singly(D[c] * f, r, links.n, O[r], c, links.m)
        return ConstrainedAccess(access, r, c, flow, kappa, A=A, shape=(links.n, links.m))
    problems = []
    if abs(O.sum() - D.sum()) > 1e-6:
        problems.append(("supply", f"sums to {D.sum():.10g} and demand to {O.sum():.10g}; the doubly-constrained "
                                   "model needs equal totals (within 1e-6)"))
    for name, x in (("error_threshold", error_threshold), ("improvement_threshold", improvement_threshold)):
        if not (np.isfinite(x) and x >= 0):
            problems.append((name, f"got {x}; expected a finite number >= 0"))
    if not (isinstance(max_iterations, (int, np.integer)) and max_iterations >= 1):
        problems.append(("max_iterations", f"got {max_iterations!r}; expected a whole number >= 1"))
    if problems:
        raise InputError(problems)
    total_O = float(O.sum())
    A = np.ones(links.n)
    B = np.ones(links.m)
    previous = np.inf
    iterations = 0
    while True:
        iterations += 1
        A = 1.0 / (np.bincount(r, weights=(B * D)[c] * f, minlength=links.n) + 1e-9)
        B_new = 1.0 / (np.bincount(c, weights=(A * O)[r] * f, minlength=links.m) + 1e-9)
        T = (A * O)[r] * (B_new * D)[c] * f
        error = (np.abs(O - np.bincount(r, weights=T, minlength=links.n)).sum()
                 + np.abs(D - np.bincount(c, weights=T, minlength=links.m)).sum()) / total_O
        if error < error_threshold or abs(previous - error) < improvement_threshold or iterations >= max_iterations:
            B = B_new
            reason = ("Max iterations reached" if iterations >= max_iterations
                      else "Error threshold met" if error < error_threshold else "Slow improvement")
            break
        previous = error
        B = B_new
    kappa = (A * O)[r] * B[c] * f
    return ConstrainedAccess(None, r, c, T, kappa, A=A, B=B, error=float(error), iterations=iterations,
                             stop_reason=reason, shape=(links.n, links.m))
