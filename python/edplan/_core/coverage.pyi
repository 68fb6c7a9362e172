"""
Decays, floating catchments and facility siting (DESIGN §2.6).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Catchment', 'DEFAULT_DENSE_BUDGET', 'Decay', 'FcaOptions', 'SitingOptions', 'SitingResult', 'fca', 'siting']
class FcaOptions:
    """
    Settings shared by the floating-catchment measures.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, max_cost: typing.SupportsFloat | typing.SupportsIndex = ..., alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0, threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex = 4294967296) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def alpha(self) -> float:
        """
        The exponent of demand in spatial availability.
        """
    @property
    def dense_budget(self) -> int:
        """
        The largest dense cost matrix accepted, in bytes.
        """
    @property
    def max_cost(self) -> float:
        """
        Links with a cost above it do not count (inf: every finite link).
        """
    @property
    def threads(self) -> int:
        """
        Threads; 0 = default_threads(). Results do not depend on it.
        """
class SitingOptions:
    """
    Settings of the siting heuristics.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, max_swaps: typing.SupportsInt | typing.SupportsIndex = 10000, rounds: typing.SupportsInt | typing.SupportsIndex = 10, seed: typing.SupportsInt | typing.SupportsIndex = 20240601, dense_budget: typing.SupportsInt | typing.SupportsIndex = 4294967296, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def dense_budget(self) -> int:
        """
        The largest dense cost matrix accepted, in bytes.
        """
    @property
    def max_swaps(self) -> int:
        """
        At most this many improving swaps per descent.
        """
    @property
    def rounds(self) -> int:
        """
        Rounds of iterated local search after the first local optimum.
        """
    @property
    def seed(self) -> int:
        """
        Seed of the perturbations; results are deterministic for a seed.
        """
    @property
    def threads(self) -> int:
        """
        Threads for building the catchment.
        """
class SitingResult:
    """
    Chosen sites and the objective of one siting heuristic.
    """
    @property
    def greedy_order(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        The order in which the greedy step added non-fixed sites (before swaps).
        """
    @property
    def objective(self) -> float:
        """
        Population covered (MCLP), sum of demand x cost to the nearest chosen site (p-median), or the number of sites (LSCP).
        """
    @property
    def sites(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        Chosen candidate columns, fixed sites included, in increasing order.
        """
    @property
    def swaps(self) -> int:
        """
        Improving swaps applied after the greedy step.
        """
    @property
    def unserved(self) -> float:
        """
        Demand no chosen site serves (MCLP, p-median), or the demand points no candidate covers (LSCP).
        """
class Decay:
    """
    A distance decay w(c); build one with Decay.step/linear/gaussian/gravity/exponential/logistic/none.
    """
    @staticmethod
    def exponential(beta: typing.SupportsFloat | typing.SupportsIndex) -> Decay:
        """
        w = exp(-beta c).
        """
    @staticmethod
    def gaussian(sigma: typing.SupportsFloat | typing.SupportsIndex) -> Decay:
        """
        w = exp(-c^2 / (2 sigma^2)).
        """
    @staticmethod
    def gravity(scale: typing.SupportsFloat | typing.SupportsIndex, alpha: typing.SupportsFloat | typing.SupportsIndex, min_cost: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> Decay:
        """
        w = (max(c, min_cost)/scale)^alpha.
        """
    @staticmethod
    def linear(d0: typing.SupportsFloat | typing.SupportsIndex) -> Decay:
        """
        w = max(0, 1 - c/d0).
        """
    @staticmethod
    def logistic(d0: typing.SupportsFloat | typing.SupportsIndex, k: typing.SupportsFloat | typing.SupportsIndex) -> Decay:
        """
        w = (1 + exp(-k d0)) / (1 + exp(k (c - d0))), so w(0) = 1.
        """
    @staticmethod
    def none() -> Decay:
        """
        w = 1 inside the catchment.
        """
    @staticmethod
    def step(steps: typing.Any) -> Decay:
        """
        Right-closed steps {threshold: weight} (PySAL access): w = weight of the first threshold >= c, 0 beyond.
        """
    def __call__(self, cost: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.typing.NDArray[numpy.float64]:
        """
        The weights of an array of costs.
        """
    def __repr__(self) -> str:
        ...
    @property
    def kind(self) -> str:
        ...
    @property
    def params(self) -> typing.Any:
        ...
class Catchment:
    """
    The links of a cost matrix within max_cost, built once and reused.
    """
    def __init__(self, cost: typing.Any, *, max_cost: typing.SupportsFloat | typing.SupportsIndex, threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def to_coo(self) -> tuple[numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.int64], numpy.typing.NDArray[numpy.float64]]:
        """
        The links as (rows, cols, costs) arrays, row by row: the catchment as a sparse COO matrix (edplan.coverage's exact and capacitated siting build their models from it).
        """
    @property
    def links(self) -> int:
        ...
    @property
    def max_cost(self) -> float:
        ...
    @property
    def shape(self) -> tuple[int, int]:
        ...
def fca(measure: str, demand: typing.Any, supply: typing.Any, cost: typing.Any, decays: collections.abc.Sequence[Decay], *, options: FcaOptions = ...) -> numpy.typing.NDArray[numpy.float64]:
    """
    A floating-catchment measure (two_step, three_step, weighted_catchment, bfca or spatial_availability) for demand (T, n), supply (T|1, m) and K decays: (K, T, n).
    """
def siting(model: str, cost: typing.Any, demand: typing.Any, *, max_cost: typing.SupportsFloat | typing.SupportsIndex, p: typing.SupportsInt | typing.SupportsIndex, fixed: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], options: SitingOptions = ...) -> SitingResult:
    """
    Heuristic siting: model "mclp", "p_median" or "lscp" (InputError naming `model` otherwise).
    """
DEFAULT_DENSE_BUDGET: int = 4294967296
