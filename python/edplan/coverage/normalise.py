# SPDX-License-Identifier: MIT
"""PySAL ``access``'s supply-to-demand ratio and its normalised outputs: :func:`fca_ratio`,
:func:`normalized_access` (access over its population-weighted mean) and :func:`access_score`
(a weighted sum of normalised access to several kinds of supply)."""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from ..errors import InputError
from .accessibility import DecayLike, checked_amounts, link_arrays, link_weights

__all__ = ["access_score", "fca_ratio", "normalized_access"]


def fca_ratio(
    demand: Any,
    supply: Any,
    cost: Any,
    *,
    demand_cost: Any,
    max_cost: float,
    decay: DecayLike = None,
    unreachable: str = "zero",
) -> np.ndarray:
    """The floating catchment ratio (PySAL ``access``'s ``fca_ratio``): the supply within reach of
    each demand point over the demand within reach of it,
    ``A_i = Σ_j S_j w(c_ij) / Σ_k P_k w(d_ik)``, both sums over links within ``max_cost``.

    ``cost`` (n, m) links demand points to sites, ``demand_cost`` (n, n) demand points to demand
    points (row i: from i; give each point a link to itself, usually of cost 0). Where no demand
    is within reach (the denominator is 0) the ratio is 0, or NaN with ``unreachable="nan"``
    (PySAL gives NaN, or inf where supply is reached). ``decay`` a Decay, a function of costs, or
    None (w = 1)."""
    if unreachable not in ("zero", "nan"):
        raise InputError(f"got {unreachable!r}; expected 'zero' or 'nan'", "unreachable")
    to_sites = link_arrays(cost, max_cost)
    to_people = link_arrays(demand_cost, max_cost)
    problems = []
    if to_people.n != to_sites.n or to_people.m != to_sites.n:
        problems.append(("demand_cost", f"got shape ({to_people.n}, {to_people.m}); expected "
                                        f"({to_sites.n}, {to_sites.n}), demand points to demand points"))
    if problems:
        raise InputError(problems)
    P = checked_amounts(demand, to_sites.n, "demand", "row (demand point)")
    S = checked_amounts(supply, to_sites.m, "supply", "column (site)")
    reached_supply = np.bincount(to_sites.rows, weights=S[to_sites.cols] * link_weights(decay, to_sites.cost),
                                 minlength=to_sites.n)
    reached_demand = np.bincount(to_people.rows, weights=P[to_people.cols] * link_weights(decay, to_people.cost),
                                 minlength=to_sites.n)
    fill = np.nan if unreachable == "nan" else 0.0
    safe = np.where(reached_demand > 0, reached_demand, 1.0)
    return np.where(reached_demand > 0, reached_supply / safe, fill)


def normalized_access(values: Any, demand: Any) -> np.ndarray:
    """Access over its population-weighted mean, ``x_i / (Σ_k x_k P_k / Σ_k P_k)``, as PySAL
    ``access``'s ``normalize=True``: 1 is the average person's access. NaN values (points out of
    reach) stay NaN and add nothing to the mean's numerator, while their population still counts
    in its denominator, as in ``access``. The last axis is the demand points: (n,) or (K, n)."""
    x = np.asarray(values, dtype=float)
    if x.ndim not in (1, 2) or x.shape[-1] == 0:
        raise InputError(f"got shape {x.shape}; expected (n,) or (K, n) access values", "values")
    P = checked_amounts(demand, x.shape[-1], "demand", "access value")
    if P.sum() <= 0:
        raise InputError("every population is 0; expected some people to weight the mean", "demand")
    mean = np.nansum(x * P, axis=-1, keepdims=True) / P.sum()
    if np.any(mean == 0):
        raise InputError("the population-weighted mean access is 0; nothing to normalise by", "values")
    return x / mean


def access_score(components: Mapping[str, Any], weights: Mapping[str, float], demand: Any,
                 *, normalize: bool = True) -> np.ndarray:
    """A composite score over several kinds of supply (PySAL ``access``'s ``score``):
    ``Σ_k weights[k] · normalized_access(components[k], demand)`` (with ``normalize=False`` the
    components are summed as given). ``components`` maps a name to an (n,) access array (e.g.
    places per older person at elder schools and at learning points); ``weights`` maps the same
    names to their weights, and every name in ``weights`` must be in ``components``."""
    problems = [(f"weights[{name!r}]", f"no such component; expected one of {', '.join(map(repr, components))}")
                for name in weights if name not in components]
    problems += [(f"weights[{name!r}]", f"got {w}; expected a finite weight")
                 for name, w in weights.items() if not np.isfinite(float(w))]
    if not weights:
        problems.append(("weights", "empty; expected {component name: weight}"))
    if problems:
        raise InputError(problems)
    parts = []
    for name, w in weights.items():
        x = np.asarray(components[name], dtype=float)
        parts.append(float(w) * (normalized_access(x, demand) if normalize else x))
    shapes = {p.shape for p in parts}
    if len(shapes) != 1:
        raise InputError(f"components have shapes {sorted(shapes)}; expected one shape", "components")
    return np.sum(parts, axis=0)
