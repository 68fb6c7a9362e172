# SPDX-License-Identifier: MIT
"""The floating-catchment family (DESIGN §2.6).

For demand points i with population P_i, supply points j with capacity S_j, costs c_ij and
link weights w_ij = w(c_ij) for links with c_ij <= ``max_cost`` (none beyond it):

- :func:`two_step_fca` — ``R_j = S_j / Σ_i P_i w_ij``, ``A_i = Σ_j R_j w_ij`` (2SFCA; E2SFCA
  with a step decay, G2SFCA with a gravity or gaussian one);
- :func:`three_step_fca` — PySAL ``access``'s 3SFCA: selection weights
  ``G_ij = w_ij / Σ_k w_ik`` over every link of i, then the two steps with weights G·w;
- :func:`weighted_catchment` — PySAL ``access``: ``A_i = Σ_j S_j w_ij``;
- :func:`bfca` — R ``accessibility``'s balanced FCA: demand split across sites by
  ``w_ij / Σ_k w_ik`` and ratios split across demand by ``w_ij / Σ_k w_kj``;
- :func:`spatial_availability` — R ``accessibility``: ``A_i = Σ_j S_j P_i^α w_ij / Σ_k P_k^α w_kj``
  (every unit of supply handed out once).

A site that no demand reaches has ``R_j = 0`` (the reference packages give inf or NaN).

Shapes: ``demand`` (n,) or (T, n) for T years; ``supply`` (m,) or (T, m); ``cost`` a dense
(n, m) array (inf = no link), a scipy.sparse matrix (stored entries are the links; a stored 0
is a link of cost 0), a :class:`Catchment`, or :func:`coordinates` (points in the plane: the
links are found through a grid over the sites and the dense matrix is never built). ``decay`` None (weight 1), a :class:`Decay`, or a
list of decays evaluated in one pass. The result is (n,), with a leading year axis when
``demand`` is 2-D and a leading decay axis when ``decay`` is a list: (K, T, n) at most.

A demand point with no link within ``max_cost`` gets 0; ``unreachable="nan"`` gives it NaN instead,
as PySAL ``access`` leaves such points out of its results.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence, Union

import numpy as np

from .. import _core
from ..errors import InputError
from ._costs import Catchment, Coordinates, as_matrix, catchment, cost_arg, dense_budget

__all__ = [
    "Decay",
    "decay_from",
    "bfca",
    "spatial_availability",
    "three_step_fca",
    "two_step_fca",
    "weighted_catchment",
]

Decay = _core.coverage.Decay
DecayArg = Union[None, "Decay", Sequence["Decay"]]


def decay_from(spec: Optional[Mapping[str, Any]]) -> "Decay":
    """A :class:`Decay` from a scenario's ``[coverage] decay`` table (DESIGN §3), e.g.
    ``{"kind": "step", "steps": {"10": 1.0, "20": 0.68, "30": 0.22}}`` or
    ``{"kind": "gaussian", "sigma": 20}``; None or ``{"kind": "none"}`` is no decay. The other
    keys are the factory's arguments: linear(d0), gravity(scale, alpha[, min_cost]),
    exponential(beta), logistic(d0, k), stepped(steps, weights)."""
    if spec is None:
        return Decay.none()
    args = dict(spec)
    kind = args.pop("kind", None)
    factories: dict[str, Callable[..., Decay]] = {
        "none": Decay.none, "step": Decay.step, "linear": Decay.linear, "gaussian": Decay.gaussian,
        "gravity": Decay.gravity, "exponential": Decay.exponential, "logistic": Decay.logistic,
        "stepped": Decay.stepped}
    if kind not in factories:
        raise InputError(f"got kind {kind!r}; expected one of {', '.join(factories)}", "coverage.decay.kind")
    if kind == "step":
        steps = args.pop("steps", None)
        if not isinstance(steps, Mapping) or args:
            raise InputError("expected steps = {threshold = weight, ...} and nothing else", "coverage.decay")
        return Decay.step({float(k): float(v) for k, v in steps.items()})
    try:
        return factories[kind](**args)
    except TypeError as error:
        raise InputError(f"{error}; expected the arguments of Decay.{kind}", "coverage.decay") from None


def decay_list(decay: DecayArg) -> list["Decay"]:
    """``decay`` as a list of checked decays: None is no decay, a list is evaluated in one pass."""
    many = isinstance(decay, (list, tuple))
    given: list[object] = (list(decay) if isinstance(decay, (list, tuple))
                           else [Decay.none() if decay is None else decay])
    decays: list[Decay] = []
    for k, d in enumerate(given):
        if not isinstance(d, Decay):
            where = f"decay[{k}]" if many else "decay"
            raise InputError(f"got {type(d).__name__}; expected an edplan.coverage.Decay (e.g. Decay.linear(30))", where)
        decays.append(d)
    return decays


def _run(
    measure: str,
    demand: Any,
    supply: Any,
    cost: Any,
    max_cost: Optional[float],
    decay: DecayArg,
    alpha: float = 1.0,
    threads: int = 0,
    unreachable: str = "zero",
) -> np.ndarray:
    if unreachable not in ("zero", "nan"):
        raise InputError(f"got {unreachable!r}; expected 'zero' (edplan's default) or 'nan' (PySAL access)",
                         "unreachable")
    many = isinstance(decay, (list, tuple))
    decays = decay_list(decay)
    if max_cost is None:
        if not isinstance(cost, Catchment):
            raise InputError("max_cost is required (np.inf for every link)", "max_cost")
        max_cost = cost.max_cost
    elif isinstance(cost, Catchment) and max_cost > cost.max_cost:
        raise InputError(f"got {max_cost}, beyond the catchment's max_cost {cost.max_cost}: its links stop there; "
                         "build the catchment with a larger max_cost", "max_cost")
    P = as_matrix(demand, "demand")
    S = as_matrix(supply, "supply")
    out = _core.coverage.fca(
        measure,
        P if P.ndim == 2 else P[None, :],
        S if S.ndim == 2 else S[None, :],
        cost_arg(cost),
        decays,
        options=_core.coverage.FcaOptions(max_cost=float(max_cost), alpha=float(alpha), threads=threads,
                                          dense_budget=dense_budget()),
    )
    if unreachable == "nan":
        out[..., ~reached_rows(cost, float(max_cost))] = np.nan
    if P.ndim == 1:
        out = out[:, 0]
    return out if many else out[0]


def reached_rows(cost: Any, max_cost: float) -> np.ndarray:
    """(n,) bool: the demand points with at least one link within ``max_cost``."""
    if isinstance(cost, Coordinates):
        return np.asarray(cost.reached(max_cost))
    c = cost if isinstance(cost, Catchment) else catchment(cost, max_cost=max_cost)
    rows, _, costs = c.to_coo()
    n = int(c.shape[0])
    return np.bincount(np.asarray(rows)[np.asarray(costs) <= max_cost], minlength=n) > 0


def two_step_fca(
    demand: Any, supply: Any, cost: Any, *, max_cost: Optional[float], decay: DecayArg = None, threads: int = 0,
    unreachable: str = "zero",
) -> np.ndarray:
    """Two-step floating catchment: ``R_j = S_j / Σ_i P_i w_ij``, ``A_i = Σ_j R_j w_ij``.

    Supply per person within reach: with capacity in places and demand in people aged 60+,
    ``A_i`` is places per older resident accessible from i. With a dense matrix, one decay and
    one demand vector the matrix is read exactly once (64 costs per SIMD scan, the first step
    summed as the links are found, the second over the links only, on every thread; see
    docs/benchmarks.md for its time against one read of the matrix). From :func:`coordinates` the links are found twice
    through a grid and never stored, so memory stays O(n + m). ``max_cost`` may be None only when
    ``cost`` is a :class:`Catchment` (its own max_cost is used). See the module docstring for
    shapes; bad input raises :class:`~edplan.InputError` listing every problem."""
    return _run("two_step", demand, supply, cost, max_cost, decay, threads=threads, unreachable=unreachable)


def three_step_fca(
    demand: Any, supply: Any, cost: Any, *, max_cost: Optional[float], decay: DecayArg = None, threads: int = 0,
    unreachable: str = "zero",
) -> np.ndarray:
    """Three-step floating catchment as PySAL ``access`` defines it.

    ``G_ij = w_ij / Σ_k w_ik`` summed over every link of i given in ``cost`` (also those
    beyond ``max_cost``; with a :class:`Catchment`, over its links), then
    ``R_j = S_j / Σ_i G_ij P_i w_ij`` and ``A_i = Σ_j G_ij R_j w_ij`` over links within ``max_cost``."""
    return _run("three_step", demand, supply, cost, max_cost, decay, threads=threads, unreachable=unreachable)


def weighted_catchment(
    demand: Any, supply: Any, cost: Any, *, max_cost: Optional[float], decay: DecayArg = None, threads: int = 0,
    unreachable: str = "zero",
) -> np.ndarray:
    """Weighted catchment (PySAL ``access``): ``A_i = Σ_j S_j w_ij``, supply within reach.

    ``demand`` only sets the shape (n or (T, n)); the measure does not depend on it."""
    return _run("weighted_catchment", demand, supply, cost, max_cost, decay, threads=threads, unreachable=unreachable)


def bfca(
    demand: Any, supply: Any, cost: Any, *, max_cost: Optional[float], decay: DecayArg = None, threads: int = 0,
    unreachable: str = "zero",
) -> np.ndarray:
    """Balanced floating catchment (Paez et al. 2019; R ``accessibility``'s ``fca_bfca``).

    ``R_j = S_j / Σ_i P_i w_ij / Σ_k w_ik`` and ``A_i = Σ_j R_j w_ij / Σ_k w_kj``: neither
    demand nor supply is counted twice, so ``Σ_i P_i A_i = Σ_j S_j`` over reached sites."""
    return _run("bfca", demand, supply, cost, max_cost, decay, threads=threads, unreachable=unreachable)


def spatial_availability(
    demand: Any,
    supply: Any,
    cost: Any,
    *,
    max_cost: Optional[float],
    decay: DecayArg = None,
    alpha: float = 1.0,
    threads: int = 0,
    unreachable: str = "zero",
) -> np.ndarray:
    """Spatial availability (Soukhov et al. 2023; R ``accessibility``): the supply each demand
    point gets when every site's capacity is shared out in proportion to ``P_i^α w_ij``:
    ``A_i = Σ_j S_j P_i^α w_ij / Σ_k P_k^α w_kj``. The total equals the supply of reached sites."""
    return _run("spatial_availability", demand, supply, cost, max_cost, decay, alpha=alpha, threads=threads,
                unreachable=unreachable)
