"""
Decays, floating catchments and facility siting (DESIGN §2.6).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Catchment', 'Decay', 'default_dense_budget', 'fca', 'memory_pass', 'siting']
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
        The links as (rows, cols, costs) arrays, row by row.
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
def default_dense_budget() -> int:
    """
    $EDPLAN_DENSE_BUDGET_MB megabytes, else 4096 MB, in bytes.
    """
def fca(measure: str, demand: typing.Any, supply: typing.Any, cost: typing.Any, decays: collections.abc.Sequence[Decay], *, max_cost: typing.SupportsFloat | typing.SupportsIndex, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0, threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    A floating-catchment measure for demand (T, n), supply (T|1, m) and K decays: (K, T, n).
    """
def memory_pass(array: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], threads: typing.SupportsInt | typing.SupportsIndex = 0) -> float:
    """
    Reads every element once (their sum): the floor for any kernel that reads the array (benchmarks).
    """
def siting(model: str, cost: typing.Any, demand: typing.Any, *, max_cost: typing.SupportsFloat | typing.SupportsIndex, p: typing.SupportsInt | typing.SupportsIndex, fixed: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex, max_swaps: typing.SupportsInt | typing.SupportsIndex = 10000, rounds: typing.SupportsInt | typing.SupportsIndex = 10, seed: typing.SupportsInt | typing.SupportsIndex = 20240601) -> dict:
    """
    Heuristic siting: model 'mclp', 'p_median' or 'lscp'; returns a dict.
    """
