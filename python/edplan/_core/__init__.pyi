"""
edplan's compiled engine; use the edplan package, which wraps it.
"""
from __future__ import annotations
import numpy
import numpy.typing
import typing
from . import population
from . import enrolment
from . import capacity
from . import targets
from . import coverage
from . import scenario
__all__: list[str] = ['GroupSum', 'capacity', 'coverage', 'default_threads', 'enrolment', 'group_sums', 'kahan_sum', 'memory_pass', 'pairwise_sum', 'pandas_group_sum', 'population', 'python_repr_width', 'python_reprs', 'reduceat_sum', 'scenario', 'targets']
class GroupSum:
    """
    How group_sums adds each group's values.
    
    Members:
    
      kahan : Kahan in row order, NaN skipped (pandas' Cython groupby sum).
    
      reduceat : First value + numpy pairwise sum of the rest (np.add.reduceat).
    """
    __members__: typing.ClassVar[dict[str, GroupSum]]
    kahan: typing.ClassVar[GroupSum]
    reduceat: typing.ClassVar[GroupSum]
    @typing.overload
    def __eq__(self, other: GroupSum) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: GroupSum) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
def default_threads() -> int:
    """
    Threads used when a function is given threads=0: $EDPLAN_NUM_THREADS, else the core count.
    """
def group_sums(ids: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], groups: typing.SupportsInt | typing.SupportsIndex, how: GroupSum) -> numpy.typing.NDArray[numpy.float64]:
    """
    Per-group totals of values by rule how (group ids in [0, groups)).
    """
def kahan_sum(values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> float:
    """
    Kahan's compensated sum in order, as pandas' groupby sum runs it (NaN skipped).
    """
def memory_pass(values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> float:
    """
    One parallel read of an array (its sum, in fixed blocks): the memory floor the benchmarks hold kernels against.
    """
def pairwise_sum(values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> float:
    """
    numpy's pairwise sum, as np.sum of a 1-D float64 array.
    """
def pandas_group_sum(ids: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], nan_in_block: bool) -> GroupSum:
    """
    The rule pandas' groupby sum picks for rows with these group codes.
    """
def python_repr_width() -> int:
    """
    The widest text python_reprs writes.
    """
def python_reprs(x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], out: typing.Annotated[numpy.typing.ArrayLike, numpy.uint8]) -> None:
    """
    Writes repr(x[i]) (Python's text of a float, as pandas writes it in a CSV) into row i of out, padded with NUL bytes: the fields of a numpy S array of width python_repr_width().
    """
def reduceat_sum(values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> float:
    """
    One segment of np.add.reduceat: the first value + the pairwise sum of the rest.
    """
__version__: str = '0.1.0'
