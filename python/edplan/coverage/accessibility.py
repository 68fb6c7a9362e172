# SPDX-License-Identifier: MIT
"""The rest of R ``accessibility``'s measures (ipeaGIT/accessibility), on the links of a cost
matrix: :func:`cost_to_closest`, :func:`cumulative_cutoff`, :func:`cumulative_interval`,
:func:`gravity` and :func:`constrained_accessibility` (total, singly and doubly constrained).

Each takes ``opportunities`` (or ``demand`` and ``supply``) and ``cost`` as the floating-catchment
measures do: a dense (n, m) array (inf = no link), a scipy.sparse matrix (stored entries are the
links; a stored 0 is a link of cost 0) or a :class:`~edplan.coverage.Catchment`. Rows are origins
(demand points, R's ``from_id``), columns destinations (sites, R's ``to_id``); a pair that is not a
link is a pair R's travel matrix does not list.

``active=True`` (R's default) measures what each origin reaches: ``opportunities`` are at the
destinations, shape (m,), and the result has one value per origin, (n,). ``active=False`` is
passive accessibility (market potential): ``opportunities`` are at the origins (e.g. the older
population), shape (n,), and the result has one value per destination, (m,).

``decay`` is a :class:`~edplan.coverage.Decay` (e.g. ``Decay.stepped``, R's ``decay_stepped``), a
Python callable applied to an array of link costs that returns one weight >= 0 per cost (R's
custom decay functions), or None for a weight of 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from ..errors import InputError
from ._costs import Catchment, catchment

__all__ = [
    "ConstrainedAccess",
    "constrained_accessibility",
    "cost_to_closest",
    "cumulative_cutoff",
    "cumulative_interval",
    "gravity",
]

DecayLike = Union[None, Any, Callable[[np.ndarray], Any]]


@dataclass(frozen=True)
class LinkArrays:
    """The links of a cost matrix as arrays: (n, m), and per link its row, column and cost."""

    n: int
    m: int
    rows: np.ndarray
    cols: np.ndarray
    cost: np.ndarray


def link_arrays(cost: Any, max_cost: Optional[float]) -> LinkArrays:
    """The links of ``cost`` with a cost <= ``max_cost`` (every finite link when None), row by row."""
    if isinstance(cost, Catchment):
        if max_cost is not None and max_cost > cost.max_cost:
            raise InputError(f"got {max_cost}, beyond the catchment's max_cost {cost.max_cost}: its links stop there; "
                             "build the catchment with a larger max_cost", "max_cost")
        c = cost
    else:
        limit = np.inf if max_cost is None else float(max_cost)
        if np.isnan(limit) or limit < 0:
            raise InputError(f"got {max_cost}; expected a cost >= 0 (or None for every link)", "max_cost")
        c = catchment(cost, max_cost=limit)
    rows, cols, costs = c.to_coo()
    if max_cost is not None and isinstance(cost, Catchment):
        keep = costs <= max_cost
        rows, cols, costs = rows[keep], cols[keep], costs[keep]
    n, m = c.shape
    return LinkArrays(int(n), int(m), np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(costs, float))


def checked_amounts(values: Any, size: int, name: str, side: str) -> np.ndarray:
    """A (size,) array of finite amounts >= 0, or InputError naming each bad entry."""
    a = np.asarray(values, dtype=float)
    if a.shape != (size,):
        raise InputError(f"got shape {a.shape}; expected ({size},), one per {side} of the cost matrix", name)
    bad = np.flatnonzero(~(np.isfinite(a) & (a >= 0)))
    if bad.size:
        raise InputError([(f"{name}[{i}]", f"got {a[i]}; expected a finite amount >= 0") for i in bad[:10]])
    return a


def _side(links: LinkArrays, active: bool) -> tuple[np.ndarray, np.ndarray, int, int, str, str]:
    """(the index of the opportunity's end, the index of the group's end, the number of
    opportunity places, the number of groups, their names) for active or passive accessibility."""
    if not isinstance(active, (bool, np.bool_)):
        raise InputError(f"got {active!r}; expected True (active) or False (passive)", "active")
    if active:
        return links.cols, links.rows, links.m, links.n, "column (destination)", "row (origin)"
    return links.rows, links.cols, links.n, links.m, "row (origin)", "column (destination)"


def link_weights(decay: DecayLike, costs: np.ndarray, name: str = "decay") -> np.ndarray:
    """``w(c)`` for every link cost: a :class:`Decay`, a callable (checked to return one finite
    weight >= 0 per cost) or None (1)."""
    from .fca import Decay

    if decay is None:
        return np.ones_like(costs)
    if isinstance(decay, Decay):
        return np.asarray(decay(costs), dtype=float)
    if not callable(decay):
        raise InputError(f"got {type(decay).__name__}; expected an edplan.coverage.Decay, a function of costs "
                         "or None", name)
    try:
        w = np.asarray(decay(costs.copy()), dtype=float)
    except (TypeError, ValueError) as error:
        raise InputError(f"calling it on an array of costs failed ({error}); expected a function of a cost array",
                         name) from None
    if w.shape != costs.shape:
        w = np.broadcast_to(w, costs.shape).astype(float) if w.ndim == 0 else w
    if w.shape != costs.shape:
        raise InputError(f"returned shape {w.shape} for {costs.shape} costs; expected one weight per cost", name)
    bad = np.flatnonzero(~(np.isfinite(w) & (w >= 0)))
    if bad.size:
        raise InputError(f"returned {w[bad[0]]} for a cost of {costs[bad[0]]}; expected finite weights >= 0", name)
    return w


def _scalar_or_list(values: Any, name: str) -> tuple[np.ndarray, bool]:
    many = isinstance(values, (list, tuple, np.ndarray))
    a = np.atleast_1d(np.asarray(values, dtype=float))
    if a.ndim != 1 or a.size == 0:
        raise InputError(f"got {values!r}; expected a number or a non-empty list of numbers", name)
    return a, many


def cumulative_cutoff(
    opportunities: Any, cost: Any, *, cutoff: Union[float, Sequence[float]], active: bool = True
) -> np.ndarray:
    """Cumulative opportunities within a cutoff (R ``cumulative_cutoff``):
    ``A_i = Σ_j O_j [c_ij <= cutoff]`` (active) or ``A_j = Σ_i P_i [c_ij <= cutoff]`` (passive).

    ``cutoff`` a number gives (n,) (passive: (m,)); a list of K cutoffs gives (K, n)."""
    links = link_arrays(cost, None)
    at, group, size, groups, where, _ = _side(links, active)
    opp = checked_amounts(opportunities, size, "opportunities", where)
    cuts, many = _scalar_or_list(cutoff, "cutoff")
    bad = [k for k, c in enumerate(cuts) if not (c >= 0)]
    if bad:
        raise InputError([(f"cutoff[{k}]" if many else "cutoff", f"got {cuts[k]}; expected a cost >= 0") for k in bad])
    out = np.stack([np.bincount(group, weights=np.where(links.cost <= c, opp[at], 0.0), minlength=groups)
                    for c in cuts])
    return out if many else out[0]


def gravity(opportunities: Any, cost: Any, *, decay: DecayLike, max_cost: Optional[float] = None,
            active: bool = True) -> np.ndarray:
    """Gravity accessibility (R ``gravity``): ``A_i = Σ_j O_j w(c_ij)`` (active) or
    ``A_j = Σ_i P_i w(c_ij)`` (passive, market potential), over the links within ``max_cost``
    (every link when None). ``decay`` a :class:`Decay`, a callable of costs, or None (w = 1,
    R's ``decay_binary`` with a cutoff of ``max_cost``)."""
    links = link_arrays(cost, max_cost)
    at, group, size, groups, where, _ = _side(links, active)
    opp = checked_amounts(opportunities, size, "opportunities", where)
    w = link_weights(decay, links.cost)
    return np.bincount(group, weights=opp[at] * w, minlength=groups)


def cost_to_closest(opportunities: Any, cost: Any, *, n: Union[float, Sequence[float]] = 1,
                    active: bool = True) -> np.ndarray:
    """The cost to the closest opportunities (R ``cost_to_closest``).

    With ``n = 1``: the lowest cost of a link to a place with any opportunity (> 0). With
    ``n > 1``: the lowest cost at which the opportunities reached, summed over links in order
    of cost, come to at least ``n``. inf where none is reached (R's ``fill_missing_ids``).
    ``n`` a number gives (n_rows,) (passive: one per column); a list of K numbers, (K, ...).
    ``n`` must be finite, >= 1 and, in a list, unique."""
    links = link_arrays(cost, None)
    at, group, size, groups, where, _ = _side(links, active)
    opp = checked_amounts(opportunities, size, "opportunities", where)
    ns, many = _scalar_or_list(n, "n")
    problems = [(f"n[{k}]" if many else "n", f"got {x}; expected a finite number >= 1")
                for k, x in enumerate(ns) if not (np.isfinite(x) and x >= 1)]
    if len(np.unique(ns)) != len(ns):
        problems.append(("n", f"got {list(ns)}; expected unique numbers"))
    if problems:
        raise InputError(problems)
    has = opp[at] > 0
    g, c, o = group[has], links.cost[has], opp[at][has]
    order = np.lexsort((c, g))
    g, c, o = g[order], c[order], o[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if g.size else np.zeros(0, np.int64)
    cum = np.cumsum(o)
    before = np.repeat(np.r_[0.0, cum][starts], np.diff(np.r_[starts, g.size])) if g.size else cum
    cum_in_group = cum - before
    out = np.full((len(ns), groups), np.inf)
    for k, x in enumerate(ns):
        reached = np.ones(g.size, bool) if x == 1 else cum_in_group >= x
        first_group, first = np.unique(g[reached], return_index=True)
        out[k, first_group] = c[reached][first]
    return out if many else out[0]


def _cutoffs(interval: Any, increment: float) -> tuple[list[tuple[float, float]], bool]:
    many = isinstance(interval, list) and len(interval) > 0 and isinstance(interval[0], (list, tuple, np.ndarray))
    pairs = list(interval) if many else [interval]
    problems: list[tuple[str, str]] = []
    out: list[tuple[float, float]] = []
    for k, pair in enumerate(pairs):
        where = f"interval[{k}]" if many else "interval"
        p = np.asarray(pair, dtype=float) if np.ndim(pair) == 1 else np.zeros(0)
        if p.shape != (2,) or not np.all(np.isfinite(p)) or p[0] < 0 or not p[0] < p[1]:
            problems.append((where, f"got {pair!r}; expected a pair (low, high) of finite costs, 0 <= low < high"))
            continue
        out.append((float(p[0]), float(p[1])))
    if len(set(out)) != len(out):
        problems.append(("interval", "an interval is listed twice; expected each once"))
    if not (np.isfinite(increment) and increment > 0):
        problems.append(("increment", f"got {increment}; expected a finite cost step > 0"))
    if problems:
        raise InputError(problems)
    return out, many


_SUMMARIES: dict[str, Callable[..., np.ndarray]] = {
    "median": np.median, "mean": np.mean, "min": np.min, "max": np.max}


def cumulative_interval(
    opportunities: Any,
    cost: Any,
    *,
    interval: Any,
    increment: float = 1.0,
    summary: Union[str, Callable[[np.ndarray], float]] = "median",
    active: bool = True,
) -> np.ndarray:
    """Cumulative opportunities summarised over a range of cutoffs (R ``cumulative_interval``).

    The cutoffs are ``low, low + increment, ...`` up to ``high`` (as R's ``seq``) for each
    interval (low, high); with several intervals, each takes every cutoff of their union that
    lies within it. :func:`cumulative_cutoff` at each cutoff, then ``summary`` across the
    cutoffs ("median" — R's default —, "mean", "min", "max", or a function of a 1-D array),
    truncated to a whole number of opportunities as R's ``as.integer`` (2.8 → 2). Returns an
    int64 array (n,) (passive: (m,)); for a list of intervals, (K, ...)."""
    pairs, many = _cutoffs(interval, float(increment))
    if isinstance(summary, str):
        if summary not in _SUMMARIES:
            raise InputError(f"got {summary!r}; expected one of {', '.join(_SUMMARIES)} or a function", "summary")
    elif not callable(summary):
        raise InputError(f"got {type(summary).__name__}; expected a name or a function of an array", "summary")
    grids = [lo + increment * np.arange(int(np.floor((hi - lo) / increment + 1e-10)) + 1) for lo, hi in pairs]
    cutoffs = np.unique(np.concatenate(grids))
    access = np.atleast_2d(cumulative_cutoff(opportunities, cost, cutoff=list(cutoffs), active=active))
    out = []
    for lo, hi in pairs:
        within = access[(cutoffs >= lo) & (cutoffs <= hi)]
        if isinstance(summary, str):
            value = _SUMMARIES[summary](within, axis=0)
        else:
            value = np.array([float(summary(within[:, i])) for i in range(within.shape[1])])
        out.append(np.trunc(value).astype(np.int64))
    result = np.stack(out)
    return result if many else result[0]


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
