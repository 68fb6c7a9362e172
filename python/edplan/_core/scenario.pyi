"""
The whole chain of a scenario on arrays (DESIGN §3).
"""
from __future__ import annotations
import collections.abc
import edplan._core.capacity
import edplan._core.coverage
import edplan._core.enrolment
import edplan._core.population
import edplan._core.targets
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Coverage', 'CoverageResults', 'DEFAULT_NEW_SITES', 'DEFAULT_OLDER_AGE', 'Places', 'PlacesResults', 'Preschool', 'PreschoolResults', 'Programme', 'ProgrammeResults', 'Recommendation', 'RegionResults', 'Results', 'RunOptions', 'Scenario', 'Targets', 'WorkPlan', 'finish', 'join_regions', 'project_regions', 'run']
class Places:
    """
    Places per region and level in the base year and how they change (DESIGN §2.3).
    """
    def __init__(self, *, base: typing.Any, classes: typing.Any = None, changes: collections.abc.Sequence[edplan._core.capacity.PlaceChange] = []) -> None:
        """
        base, classes (R, L); changes: planned projects (places > 0) and closures (< 0).
        """
class Programme:
    """
    The expansion programme's candidates and rules (DESIGN §2.4).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, candidates: collections.abc.Sequence[edplan._core.capacity.Candidate] = [], stages: collections.abc.Sequence[edplan._core.capacity.StageYears] = [], budget: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = ..., max_per_batch: typing.SupportsInt | typing.SupportsIndex = -1, weights: edplan._core.capacity.Weights = ..., heuristic: edplan._core.capacity.HeuristicOptions = ..., levers: edplan._core.capacity.Levers = ...) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def budget(self) -> list[float]:
        """
        Budget per start year: one for every year, or one per year.
        """
    @property
    def candidates(self) -> list[edplan._core.capacity.Candidate]:
        """
        Candidate projects the scheduler may choose and time.
        """
    @property
    def heuristic(self) -> edplan._core.capacity.HeuristicOptions:
        """
        Settings of the heuristic.
        """
    @property
    def levers(self) -> edplan._core.capacity.Levers:
        """
        Conversions, temporary places and crowding (DESIGN §2.4b).
        """
    @property
    def max_per_batch(self) -> int:
        """
        Candidates per batch; negative for no cap.
        """
    @property
    def stages(self) -> list[edplan._core.capacity.StageYears]:
        """
        Stage years, one per level.
        """
    @property
    def weights(self) -> edplan._core.capacity.Weights:
        """
        The objective's weights.
        """
class Preschool:
    """
    Kindergarten places by sector (DESIGN §2.5).
    """
    def __init__(self, *, level: typing.SupportsInt | typing.SupportsIndex, places: typing.Any, pupils: typing.Any = None, changes: collections.abc.Sequence[edplan._core.capacity.PlaceChange] = [], fill: str = 'public_first', targets: edplan._core.capacity.ShareTargets = ..., norm: edplan._core.capacity.NurseryNorm = ...) -> None:
        """
        level: the kindergarten level's index; places, pupils (R, 3): public, inclusive, private in the base year; changes: planned public places and closures; fill "public_first" or "proportional".
        """
class Recommendation:
    """
    New elder-education sites to recommend (DESIGN §2.6).
    """
    def __init__(self, *, cost: typing.Any, candidate: typing.Any, capacity: typing.Any, learners: typing.Any, new_sites: typing.SupportsInt | typing.SupportsIndex = 10, year: typing.SupportsInt | typing.SupportsIndex = 0, siting: edplan._core.coverage.SitingOptions = ...) -> None:
        """
        cost (n, m'): areas to existing sites and candidates; candidate (m') 1 for a candidate; year 0: the horizon.
        """
class Coverage:
    """
    Elder-education coverage inputs (DESIGN §2.6).
    """
    def __init__(self, *, regions: typing.SupportsInt | typing.SupportsIndex, area_region: typing.Any, area_kind: typing.Any, site_area: typing.Any, capacity: typing.Any, learners: typing.Any, tier: typing.Any, open_year: typing.Any, cost: typing.Any, max_cost: typing.SupportsFloat | typing.SupportsIndex, decay: edplan._core.coverage.Decay, targets: edplan._core.coverage.CoverageTargets, area_home: typing.Any, area_population: typing.Any, older_age: typing.SupportsInt | typing.SupportsIndex = 60, older_sum: str = 'kahan', recommend: typing.Any = None) -> None:
        """
        As coverage_metrics, with area_home (each area's scenario region) and area_population (its people aged older_age+ in the base year) instead of the population by year; older_sum "kahan" or "reduceat".
        """
class Targets:
    """
    Indicator series and their targets (DESIGN §2.7).
    """
    def __init__(self, *, years: typing.Any, values: typing.Any, offsets: typing.Any, target: typing.Any, target_year: typing.Any, baseline_year: typing.Any, direction: typing.Any, limit: typing.Any, labels: collections.abc.Sequence[str] = [], options: edplan._core.targets.AssessOptions = ...) -> None:
        """
        The columns of assess_many and its options.
        """
class WorkPlan:
    """
    The year's work plan and its progress reports.
    """
    def __init__(self, *, target: typing.Any, start: typing.Any, deadline: typing.Any, labels: collections.abc.Sequence[str], item: typing.Any, day: typing.Any, count: typing.Any, options: edplan._core.targets.TrackOptions) -> None:
        """
        The columns of track and its options.
        """
class Scenario:
    """
    A scenario as arrays: what the chain reads (DESIGN §3).
    """
    def __init__(self, *, name: str, base_year: typing.SupportsInt | typing.SupportsIndex, horizon: typing.SupportsInt | typing.SupportsIndex, regions: collections.abc.Sequence[str], population: edplan._core.population.ProjectionInputs, srb: typing.SupportsFloat | typing.SupportsIndex = 1.06, birth_survival: typing.Annotated[collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], "FixedSize(2)"] = [1.0, 1.0], levels: collections.abc.Sequence[edplan._core.enrolment.Level], history: typing.Any, births_first_year: typing.SupportsInt | typing.SupportsIndex, births: typing.Any, dwellings_first_year: typing.SupportsInt | typing.SupportsIndex = 0, dwellings: typing.Any = None, enrolment: edplan._core.enrolment.EnrolmentOptions = ..., places: typing.Any = None, programme: Programme | None = None, preschool: typing.Any = None, coverage: typing.Any = None, targets: typing.Any = None, workplan: typing.Any = None) -> None:
        ...
    @property
    def name(self) -> str:
        """
        The scenario's name.
        """
    @property
    def regions(self) -> list[str]:
        """
        Region names.
        """
class RunOptions:
    """
    How to run the chain.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, draws: typing.SupportsInt | typing.SupportsIndex = 0, seed: typing.SupportsInt | typing.SupportsIndex = 1, quantiles: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = [0.1, 0.5, 0.9], tfr_sd: typing.SupportsFloat | typing.SupportsIndex = 0.1, migration_sd: typing.SupportsFloat | typing.SupportsIndex = 0.2, land_years: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex] | None = None, levers: edplan._core.capacity.LeverPlan | None = None, threads: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def draws(self) -> int:
        """
        Monte Carlo draws for intervals; 0 for none.
        """
    @property
    def land_years(self) -> list[int] | None:
        """
        A schedule chosen elsewhere (the exact MILP): land year per candidate, -1 when not chosen.
        """
    @property
    def levers(self) -> edplan._core.capacity.LeverPlan | None:
        """
        The LeverPlan of that schedule, or None (no levers).
        """
    @property
    def migration_sd(self) -> float:
        """
        Standard deviation of the log migration factor.
        """
    @property
    def quantiles(self) -> list[float]:
        """
        Quantiles of the intervals.
        """
    @property
    def seed(self) -> int:
        """
        Draw i uses random stream (seed, i).
        """
    @property
    def tfr_sd(self) -> float:
        """
        Standard deviation of the log fertility factor of a draw.
        """
    @property
    def threads(self) -> int:
        """
        Threads; 0 = default. Results do not depend on it.
        """
class RegionResults:
    """
    Population, pupils and intervals, region by region.
    """
    def __getstate__(self) -> tuple:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def births(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T) births during each projected year.
        """
    @property
    def clamped_cells(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        (R, T) cells set to 0 because out-migration exceeded the population.
        """
    @property
    def clamped_people(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T) the people those cells were short.
        """
    @property
    def enrolment(self) -> typing.Any:
        """
        Pupils, housing additions, ratios and observations.
        """
    @property
    def intervals(self) -> typing.Any:
        """
        Quantiles of grades and level totals, or None.
        """
    @property
    def population(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T+1, 2, A+1) population at the start of each year from the base year.
        """
    @property
    def totals(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) level totals.
        """
    @property
    def warnings(self) -> list[str]:
        """
        One line per region and step with clamped cells (regions by index).
        """
class PlacesResults:
    """
    Places against demand (DESIGN §2.3).
    """
    @property
    def balance(self) -> typing.Any:
        """
        Surplus, deficit, utilisation, classes needed, large classes.
        """
    @property
    def capacity(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) places by year.
        """
    @property
    def classes(self) -> typing.Any:
        """
        (R, T, L) classes by year, or None when the base classes are not known.
        """
    @property
    def peaks(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        (R, L) year index of the first year of peak demand.
        """
class ProgrammeResults:
    """
    The programme's schedule and how it is judged (DESIGN §2.4).
    """
    @property
    def floor(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, L) unmet place-years no schedule can avoid.
        """
    @property
    def land_years(self) -> numpy.typing.NDArray[numpy.int32]:
        """
        Candidate k's land year, or -1.
        """
    @property
    def levers(self) -> typing.Any:
        """
        The conversions and temporary places (a LeverPlan).
        """
    @property
    def need(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) max(0, demand - existing).
        """
    @property
    def outcome(self) -> typing.Any:
        """
        The objective and its terms by region, year and level.
        """
    @property
    def windows(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        (K, 2) first and last land year of each candidate.
        """
class PreschoolResults:
    """
    Kindergarten places, pupils and shares (DESIGN §2.5).
    """
    @property
    def demand(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T') kindergarten demand.
        """
    @property
    def first_year(self) -> int:
        """
        The calendar year of column 0.
        """
    @property
    def places(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T', 3) places by sector.
        """
    @property
    def residents(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T') residents.
        """
    @property
    def shares(self) -> typing.Any:
        """
        Pupils by sector, shares, places needed, nursery places.
        """
class CoverageResults:
    """
    Elder-education coverage and the sites to add (DESIGN §2.6).
    """
    @property
    def metrics(self) -> typing.Any:
        """
        The coverage metrics of every year.
        """
    @property
    def older(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (n, T+1) people aged 60+ by area from the base year.
        """
    @property
    def recommended(self) -> typing.Any:
        """
        The recommended new sites, best first, or None.
        """
class Results:
    """
    Everything the chain computes.
    """
    @property
    def coverage(self) -> typing.Any:
        """
        Coverage, or None.
        """
    @property
    def places(self) -> typing.Any:
        """
        The balance, or None.
        """
    @property
    def preschool(self) -> typing.Any:
        """
        Kindergarten shares, or None.
        """
    @property
    def programme(self) -> typing.Any:
        """
        The schedule, or None.
        """
    @property
    def regions(self) -> typing.Any:
        """
        Population, pupils and intervals, region by region.
        """
    @property
    def targets(self) -> typing.Any:
        """
        The assessments as columns (as assess_many), or None.
        """
    @property
    def workplan(self) -> typing.Any:
        """
        The plan items' states as columns (as track), or None.
        """
def finish(scenario: Scenario, options: RunOptions, regions: RegionResults) -> Results:
    """
    Balance, programme, kindergarten shares, coverage, targets and the work plan on the regions' results.
    """
def join_regions(parts: collections.abc.Sequence[RegionResults]) -> RegionResults:
    """
    The results of consecutive slices of the regions, in order, as one.
    """
def project_regions(scenario: Scenario, options: RunOptions, first: typing.SupportsInt | typing.SupportsIndex = 0, count: typing.SupportsInt | typing.SupportsIndex = -1) -> RegionResults:
    """
    Population, pupils and intervals of regions first .. first + count - 1 (all by default).
    """
def run(scenario: Scenario, options: RunOptions) -> Results:
    """
    The whole chain over all regions.
    """
DEFAULT_NEW_SITES: int = 10
DEFAULT_OLDER_AGE: int = 60
