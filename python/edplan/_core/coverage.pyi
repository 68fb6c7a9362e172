"""
Decays, floating catchments and facility siting (DESIGN §2.6).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['AreaCoverage', 'AssignmentFlows', 'CapacitatedSearch', 'Catchment', 'Coordinates', 'CoverageResult', 'CoverageSummary', 'CoverageTargets', 'DEFAULT_DENSE_BUDGET', 'Decay', 'FcaOptions', 'RankedSite', 'SitingOptions', 'SitingResult', 'capacitated_assign', 'capacitated_search', 'coverage_metrics', 'fca', 'older_population', 'pairs_within', 'recommend_sites', 'siting']
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
    def __init__(self, *, max_swaps: typing.SupportsInt | typing.SupportsIndex = 10000, rounds: typing.SupportsInt | typing.SupportsIndex = 10, seed: typing.SupportsInt | typing.SupportsIndex = 20240601, dense_budget: typing.SupportsInt | typing.SupportsIndex = 4294967296, threads: typing.SupportsInt | typing.SupportsIndex = 0, bound_iterations: typing.SupportsInt | typing.SupportsIndex = 300) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def bound_iterations(self) -> int:
        """
        Subgradient steps of the Lagrangian bound (MCLP, p-median); 0: the start only, < 0: none.
        """
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
        Threads for building the catchment and for the bound's passes (0 = default); results do not depend on it.
        """
class SitingResult:
    """
    Chosen sites and the objective of one siting heuristic.
    """
    @property
    def backup(self) -> float:
        """
        LSCP-B only: the demand points that at least two chosen sites cover.
        """
    @property
    def bound(self) -> float:
        """
        MCLP: an upper bound on the population any p sites cover; p-median: a lower bound on the optimum's cost (Lagrangian relaxation); NaN when not computed.
        """
    @property
    def gap(self) -> float:
        """
        |bound - objective| / max(|bound|, |objective|): at most this far from the optimum (NaN: no bound).
        """
    @property
    def greedy_order(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        The order in which the greedy step added non-fixed sites (before swaps).
        """
    @property
    def objective(self) -> float:
        """
        Population covered (MCLP), sum of demand x cost to the nearest chosen site (p-median), the number of sites (LSCP, LSCP-B), or the largest cost to the nearest chosen site (p-center).
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
    A distance decay w(c); build one with Decay.step/stepped/linear/gaussian/gravity/exponential/logistic/none.
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
    @staticmethod
    def stepped(steps: typing.Any, weights: typing.Any) -> Decay:
        """
        Lower-boundary steps (R accessibility's decay_stepped): w = 1 below steps[0], weights[k] from steps[k] up to the next step, weights[-1] from the last step on (a non-zero tail).
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
class Coordinates:
    """
    Demand points and sites in the plane: the cost of a link is scale * sqrt(dx*dx + dy*dy). Passed as cost, no dense matrix is built (a grid over the sites finds the links).
    """
    def __init__(self, demand_xy: typing.Any, supply_xy: typing.Any, *, scale: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def reached(self, max_cost: typing.SupportsFloat | typing.SupportsIndex, *, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> numpy.typing.NDArray[numpy.bool]:
        """
        (n,) bool: the demand points with at least one site within max_cost.
        """
    @property
    def demand_xy(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def scale(self) -> float:
        ...
    @property
    def shape(self) -> tuple[int, int]:
        ...
    @property
    def supply_xy(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
class Catchment:
    """
    The links of a cost matrix within max_cost, built once and reused.
    """
    def __init__(self, cost: typing.Any, *, max_cost: typing.SupportsFloat | typing.SupportsIndex, threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def check_reach(self) -> None:
        """
        Raises InputError naming every demand point that no candidate reaches within max_cost (the covering models and p-center need each one reachable).
        """
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
class CoverageTargets:
    """
    Coverage targets as shares in [0, 1]; None sets no target (its gap is NaN).
    """
    def __init__(self, *, participation: typing.SupportsFloat | typing.SupportsIndex | None = 0.2, township_school: typing.SupportsFloat | typing.SupportsIndex | None = 0.9, village_point: typing.SupportsFloat | typing.SupportsIndex | None = 0.6, county_university: typing.SupportsFloat | typing.SupportsIndex | None = 1.0, within_reach: typing.SupportsFloat | typing.SupportsIndex | None = None) -> None:
        ...
    @property
    def county_university(self) -> float | None:
        """
        Share of counties with an elder university.
        """
    @property
    def participation(self) -> float | None:
        """
        Learners per person aged 60+.
        """
    @property
    def township_school(self) -> float | None:
        """
        Share of townships with an elder school.
        """
    @property
    def village_point(self) -> float | None:
        """
        Share of villages with a learning point.
        """
    @property
    def within_reach(self) -> float | None:
        """
        Population-weighted share within reach of a site with spare places.
        """
class AreaCoverage:
    """
    Coverage per area and year; every array is (T, n).
    """
    @property
    def has_point(self) -> numpy.typing.NDArray[numpy.bool]:
        """
        Any open site in the area.
        """
    @property
    def has_school(self) -> numpy.typing.NDArray[numpy.bool]:
        """
        An open elder school or university in the area.
        """
    @property
    def has_university(self) -> numpy.typing.NDArray[numpy.bool]:
        """
        An open elder university in the area.
        """
    @property
    def places_per_person(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        2SFCA places within reach per person aged 60+.
        """
    @property
    def within_reach(self) -> numpy.typing.NDArray[numpy.bool]:
        """
        An open site with spare places within max_cost.
        """
class CoverageSummary:
    """
    Coverage of groups of areas by year; every array is (G, T).
    """
    @property
    def capacity(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Places at open sites.
        """
    @property
    def learners(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Learners at open sites (NaN: not known).
        """
    @property
    def learners_needed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, ceil_count(target * population) - learners).
        """
    @property
    def participation(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        learners / population.
        """
    @property
    def participation_gap(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, target - participation).
        """
    @property
    def population(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        People aged 60+.
        """
    @property
    def township_school(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Share of townships with a school.
        """
    @property
    def township_school_gap(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, target - township_school).
        """
    @property
    def townships(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        The number of townships.
        """
    @property
    def village_point(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Share of villages with a site.
        """
    @property
    def village_point_gap(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, target - village_point).
        """
    @property
    def villages(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        The number of villages.
        """
    @property
    def within_reach(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Population share within reach.
        """
    @property
    def within_reach_gap(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, target - within_reach).
        """
class CoverageResult:
    """
    Everything coverage_metrics computes.
    """
    @property
    def areas(self) -> AreaCoverage:
        """
        Per area and year, (T, n).
        """
    @property
    def counties(self) -> int:
        """
        Regions with at least one area.
        """
    @property
    def county_university(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (T) counties with an elder university / counties.
        """
    @property
    def county_university_gap(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (T) max(0, target - county_university).
        """
    @property
    def has_university(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T) 1 with an open elder university, 0 without, NaN when tiers are not known.
        """
    @property
    def regions(self) -> CoverageSummary:
        """
        Per region and year, (R, T).
        """
    @property
    def total(self) -> CoverageSummary:
        """
        Over all areas, (1, T).
        """
class RankedSite:
    """
    One recommended site, in rank order.
    """
    @property
    def added(self) -> float:
        """
        People newly within reach.
        """
    @property
    def reached(self) -> float:
        """
        People within reach so far, existing sites included.
        """
    @property
    def reached_share(self) -> float:
        """
        reached / all people (NaN when none).
        """
    @property
    def site(self) -> int:
        """
        The site's column in the cost matrix.
        """
class CapacitatedSearch:
    """
    Sites chosen by the capacitated search and its work.
    """
    @property
    def evaluations(self) -> int:
        """
        Assignments evaluated to judge moves.
        """
    @property
    def sites(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        Chosen candidates, fixed ones included, increasing.
        """
    @property
    def swaps(self) -> int:
        """
        Improving swaps applied over all descents.
        """
    @property
    def value(self) -> float:
        """
        The assignment's value: sum c x + unassigned_cost x unassigned.
        """
class AssignmentFlows:
    """
    The flows of a capacitated assignment (positive link flows).
    """
    @property
    def cols(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        Site of each flow.
        """
    @property
    def persons(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Persons on each flow.
        """
    @property
    def rows(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        Demand point of each flow.
        """
    @property
    def value(self) -> float:
        """
        sum c x + unassigned_cost x unassigned.
        """
def capacitated_assign(rows: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], cols: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], costs: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], demand: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], capacity: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, unassigned_cost: typing.SupportsFloat | typing.SupportsIndex, sites: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex]) -> AssignmentFlows:
    """
    The optimal splittable assignment to the given open sites (successive shortest paths).
    """
def capacitated_search(rows: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], cols: typing.Annotated[numpy.typing.ArrayLike, numpy.int64], costs: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], demand: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], capacity: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], *, unassigned_cost: typing.SupportsFloat | typing.SupportsIndex, p: typing.SupportsInt | typing.SupportsIndex, fixed: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], start: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], rounds: typing.SupportsInt | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, patience: typing.SupportsInt | typing.SupportsIndex = 4, max_swaps: typing.SupportsInt | typing.SupportsIndex = 1000) -> CapacitatedSearch:
    """
    Capacitated siting heuristic (greedy, pruned swaps, iterated local search) over validated COO links; capacities finite, p in [max(1, len(fixed)), m]; patience: rounds in a row without improvement before the iterated local search stops (0: all rounds); max_swaps: improving swaps per descent.
    """
def coverage_metrics(*, regions: typing.SupportsInt | typing.SupportsIndex, area_region: typing.Any, area_kind: typing.Any, site_area: typing.Any, capacity: typing.Any, learners: typing.Any, tier: typing.Any, open_year: typing.Any, years: typing.Any, population: typing.Any, cost: typing.Any, max_cost: typing.SupportsFloat | typing.SupportsIndex, decay: Decay, targets: CoverageTargets, threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex) -> CoverageResult:
    """
    Coverage by area, region and year with gaps to targets (edplan::coverage::coverage_metrics).
    area_kind: 0 other, 1 township, 2 village; tier: 0 point, 1 school, 2 university, or None (unknown);
    learners None: unknown; open_year NaN: open now; population (T, n); cost (n, m).
    """
def fca(measure: str, demand: typing.Any, supply: typing.Any, cost: typing.Any, decays: collections.abc.Sequence[Decay], *, options: FcaOptions = ...) -> numpy.typing.NDArray[numpy.float64]:
    """
    A floating-catchment measure (two_step, three_step, weighted_catchment, bfca or spatial_availability) for demand (T, n), supply (T|1, m) and K decays: (K, T, n).
    """
def older_population(*, region: typing.Any, year: typing.Any, age: typing.Any, count: typing.Any, regions: typing.SupportsInt | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex, area_region: typing.Any, base: typing.Any, min_age: typing.SupportsFloat | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    People aged min_age+ by area and year (n, Y) from the rows of a long population table (region and year
    indices numbered in sorted label order): base * O[r, t] / O[r, 0].
    """
def pairs_within(point_x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], point_y: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], site_x: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], site_y: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], radius: typing.SupportsFloat | typing.SupportsIndex, *, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> typing.Any:
    """
    Every (point, site) pair at most radius apart as CSR arrays (indptr int64, site int32, distance), ordered by point, then site: kept when dx*dx + dy*dy <= radius*radius, distance sqrt(dx*dx + dy*dy), as numpy computes them. None when the grid's cells cannot be numbered (points too far apart for the radius).
    """
def recommend_sites(*, demand: typing.Any, cost: typing.Any, candidate: typing.Any, capacity: typing.Any, learners: typing.Any, new_sites: typing.SupportsInt | typing.SupportsIndex, max_cost: typing.SupportsFloat | typing.SupportsIndex, chosen: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] | None = None, threads: typing.SupportsInt | typing.SupportsIndex = 0, dense_budget: typing.SupportsInt | typing.SupportsIndex) -> list[RankedSite]:
    """
    New sites ranked by the people each brings within reach (edplan::coverage::recommend_sites);
    chosen: candidate columns already chosen (skips the MCLP heuristic).
    """
def siting(model: str, cost: typing.Any, demand: typing.Any, *, max_cost: typing.SupportsFloat | typing.SupportsIndex, p: typing.SupportsInt | typing.SupportsIndex, fixed: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], options: SitingOptions = ...) -> SitingResult:
    """
    Heuristic siting: model "mclp", "p_median", "lscp", "lscp_b" or "p_center" (InputError naming `model` otherwise).
    """
DEFAULT_DENSE_BUDGET: int = 4294967296
