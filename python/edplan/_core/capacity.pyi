"""
Capacity ledger and balance, the 1+3 programme, preschool shares, teachers (DESIGN §2.3-2.5).
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Balance', 'Candidate', 'Conversion', 'HeuristicOptions', 'Hire', 'LeverPlan', 'Levers', 'MAX_STAFF_AGE', 'MIN_STAFF_AGE', 'NurseryNorm', 'Outcome', 'PlaceChange', 'PreschoolShares', 'Programme', 'Redeploy', 'Schedule', 'ShareTargets', 'StaffRules', 'StageYears', 'TeacherNorm', 'Teachers', 'Temporary', 'Totals', 'Weights', 'balance', 'class_timeline', 'count_large_classes', 'peak_year', 'preschool', 'teachers', 'teachers_needed', 'timeline']
class PlaceChange:
    """
    A change of places in one region and level from a given year: an opened project (places > 0) or a closure (places < 0).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, id: str = '', region: typing.SupportsInt | typing.SupportsIndex = 0, level: typing.SupportsInt | typing.SupportsIndex = 0, places: typing.SupportsFloat | typing.SupportsIndex = 0.0, year: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def id(self) -> str:
        """
        The project's id, for messages.
        """
    @property
    def level(self) -> int:
        """
        Level index.
        """
    @property
    def places(self) -> float:
        """
        Places added (negative: removed).
        """
    @property
    def region(self) -> int:
        """
        Region index.
        """
    @property
    def year(self) -> int:
        """
        The first year in which the change counts.
        """
class Balance:
    """
    Demand against capacity, all (R, T, L) (DESIGN §2.3).
    """
    @property
    def classes_needed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        ceil(demand / class size).
        """
    @property
    def deficit(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, demand - capacity).
        """
    @property
    def large_classes(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Classes over the norm with pupils spread evenly over the classes; 0 without class counts.
        """
    @property
    def surplus(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        capacity - demand (negative when short).
        """
    @property
    def utilisation(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        demand / capacity; NaN where capacity is 0.
        """
class StageYears:
    """
    Stage durations of a level in whole years (DESIGN §2.4).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, land_to_start: typing.SupportsInt | typing.SupportsIndex = 1, start_to_open: typing.SupportsInt | typing.SupportsIndex = 2) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def land_to_start(self) -> int:
        """
        L: years from getting the land to starting to build.
        """
    @property
    def start_to_open(self) -> int:
        """
        B: years from starting to build to opening.
        """
    @property
    def total(self) -> int:
        """
        L + B.
        """
class Weights:
    """
    Weights of the objective's three terms.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, unmet: typing.SupportsFloat | typing.SupportsIndex = 1.0, cost: typing.SupportsFloat | typing.SupportsIndex = 1e-06, stranded: typing.SupportsFloat | typing.SupportsIndex = 0.2, crowd: typing.SupportsFloat | typing.SupportsIndex | None = None) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def cost(self) -> float:
        """
        Per unit of cost (1e-6: one million yuan weighs as one unmet place-year).
        """
    @property
    def crowd(self) -> float | None:
        """
        Per crowded pupil-year (DESIGN §2.4b); None: half of unmet.
        """
    @property
    def stranded(self) -> float:
        """
        Per stranded place-year after the demand peak.
        """
    @property
    def unmet(self) -> float:
        """
        Per unmet place-year.
        """
class Conversion:
    """
    A pair of levels whose places may be converted (DESIGN §2.4b).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, from_level: typing.SupportsInt | typing.SupportsIndex = 0, to_level: typing.SupportsInt | typing.SupportsIndex = 0, ratio: typing.SupportsFloat | typing.SupportsIndex = 1.0, cost_per_place: typing.SupportsFloat | typing.SupportsIndex = 0.0, region: typing.SupportsInt | typing.SupportsIndex = -1) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def cost_per_place(self) -> float:
        """
        Cost per converted place of a (>= 0).
        """
    @property
    def from_level(self) -> int:
        """
        a: the level that gives places (index).
        """
    @property
    def ratio(self) -> float:
        """
        Places of b per converted place of a (> 0).
        """
    @property
    def region(self) -> int:
        """
        The one region (index) the pair applies to; -1: every region.
        """
    @property
    def to_level(self) -> int:
        """
        b: the level that gains them (index).
        """
class Temporary:
    """
    Temporary places of one level (DESIGN §2.4b).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, cost_per_place_year: typing.SupportsFloat | typing.SupportsIndex = 0.0, lifetime: typing.SupportsInt | typing.SupportsIndex = 3, max_share: typing.SupportsFloat | typing.SupportsIndex = 0.1) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def cost_per_place_year(self) -> float:
        """
        Cost per place per year in use.
        """
    @property
    def lifetime(self) -> int:
        """
        Years in use (>= 1), clipped at the horizon.
        """
    @property
    def max_share(self) -> float:
        """
        Most in use as a share of existing places, in [0, 1].
        """
class Levers:
    """
    The levers besides building; all empty: building alone (DESIGN §2.4).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, conversions: collections.abc.Sequence[Conversion] = [], temporary: collections.abc.Sequence[Temporary | None] = [], crowding: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = []) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def conversions(self) -> list[Conversion]:
        """
        Allowed conversion pairs.
        """
    @property
    def crowding(self) -> list[float]:
        """
        phi per level (empty: 0): most crowded pupils per existing place.
        """
    @property
    def temporary(self) -> list[Temporary | None]:
        """
        Temporary places per level (empty, or one per level; None: none).
        """
class LeverPlan:
    """
    A plan of the continuous levers.
    """
    def __getstate__(self) -> tuple:
        ...
    def __init__(self, converted: typing.Any, temporary: typing.Any) -> None:
        """
        From (R, P, T) converted and (R, T, L) temporary places.
        """
    def __setstate__(self, arg0: tuple) -> None:
        ...
    @property
    def converted(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, P, T) places of pair p's from-level converted in year t.
        """
    @property
    def temporary(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) temporary places installed in year t.
        """
class Candidate:
    """
    A candidate project the scheduler may choose and time.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, id: str = '', region: typing.SupportsInt | typing.SupportsIndex = 0, level: typing.SupportsInt | typing.SupportsIndex = 0, places: typing.SupportsFloat | typing.SupportsIndex = 0.0, cost: typing.SupportsFloat | typing.SupportsIndex = 0.0, earliest_land_year: typing.SupportsInt | typing.SupportsIndex = 0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def cost(self) -> float:
        """
        Its cost (>= 0), counted against the budget of its start year.
        """
    @property
    def earliest_land_year(self) -> int:
        """
        The earliest year it can get its land (no year before base_year + 1 is used).
        """
    @property
    def id(self) -> str:
        """
        The project's id, for messages and tables.
        """
    @property
    def level(self) -> int:
        """
        Level index.
        """
    @property
    def places(self) -> float:
        """
        Places it adds when it opens (> 0).
        """
    @property
    def region(self) -> int:
        """
        Region index.
        """
class HeuristicOptions:
    """
    Settings of the scheduling heuristic.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, improve: bool = True, max_passes: typing.SupportsInt | typing.SupportsIndex = 200, kick_rounds: typing.SupportsInt | typing.SupportsIndex = 2, kick_patience: typing.SupportsInt | typing.SupportsIndex = 16, lever_rounds: typing.SupportsInt | typing.SupportsIndex = 3, max_lever_solves: typing.SupportsInt | typing.SupportsIndex = 120) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def improve(self) -> bool:
        """
        Run the local search after construction.
        """
    @property
    def kick_patience(self) -> int:
        """
        A round of kicks ends after this many kicks in a row found nothing better; 0: no limit.
        """
    @property
    def kick_rounds(self) -> int:
        """
        Rounds of kicks (iterated local search); 0 for none.
        """
    @property
    def lever_rounds(self) -> int:
        """
        With levers: alternations of levers for fixed builds and builds for fixed levers per start.
        """
    @property
    def max_lever_solves(self) -> int:
        """
        With levers: at most this many solves of one district's levers while the builds are changed one candidate at a time.
        """
    @property
    def max_passes(self) -> int:
        """
        At most this many passes of the local search.
        """
class Totals:
    """
    The objective of a schedule, term by term.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def cost(self) -> float:
        """
        Sum of the cost of chosen candidates.
        """
    @property
    def crowded(self) -> float:
        """
        Sum of crowded pupil-years.
        """
    @property
    def objective(self) -> float:
        """
        w_unmet * unmet + w_cost * cost + w_stranded * stranded.
        """
    @property
    def stranded(self) -> float:
        """
        Sum of stranded place-years after each pair's first peak year.
        """
    @property
    def unmet(self) -> float:
        """
        Sum of unmet place-years.
        """
class Schedule:
    """
    A schedule: a land year per candidate and its totals.
    """
    @property
    def land_year(self) -> numpy.typing.NDArray[numpy.int32]:
        """
        (K,) candidate k's land year, or -1 when it is not chosen.
        """
    @property
    def levers(self) -> LeverPlan:
        """
        The conversions and temporary places.
        """
    @property
    def totals(self) -> Totals:
        """
        The objective and its terms, as evaluate computes them.
        """
class Outcome:
    """
    A schedule judged: the totals and their parts by region, year and level.
    """
    @property
    def converted_in(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) places gained by conversion by t.
        """
    @property
    def converted_out(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) places converted away by t.
        """
    @property
    def crowded(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) pupils taught above the class-size norm.
        """
    @property
    def new_places(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) N[t], places of chosen candidates open by t.
        """
    @property
    def stranded(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) stranded[t] (0 up to the peak year).
        """
    @property
    def temporary(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) temporary places in use.
        """
    @property
    def totals(self) -> Totals:
        """
        The objective and its unweighted terms.
        """
    @property
    def unmet(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) unmet[t].
        """
class Programme:
    """
    A validated programme: need, peak years, land-year windows; schedule and evaluate.
    """
    def __init__(self, demand: typing.Any, existing: typing.Any, candidates: collections.abc.Sequence[Candidate], stages: collections.abc.Sequence[StageYears], *, base_year: typing.SupportsInt | typing.SupportsIndex, budget: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = ..., max_per_batch: typing.SupportsInt | typing.SupportsIndex = -1, weights: Weights = ..., levers: Levers = ...) -> None:
        """
        demand, existing (R, T, L); Candidates; StageYears per level; budget per year (1 or T values); max_per_batch < 0 for no cap; Levers besides building.
        """
    def evaluate(self, land_years: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], levers: LeverPlan | None = None) -> Outcome:
        """
        The Outcome of a plan (land year per candidate, -1: not chosen; a LeverPlan or None).
        """
    def schedule(self, options: HeuristicOptions = ...) -> Schedule:
        """
        The heuristic's Schedule.
        """
    def unmet_floor(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, L) unmet place-years left with every candidate at its earliest, ignoring budget and caps.
        """
    def violations(self, land_years: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], levers: LeverPlan | None = None) -> list[str]:
        """
        Every broken window, budget, cap or lever bound of a plan, one line each.
        """
    @property
    def base_year(self) -> int:
        ...
    @property
    def budget(self) -> list[float]:
        """
        The budget of each projection year.
        """
    @property
    def candidates(self) -> list[Candidate]:
        """
        The candidates, as given.
        """
    @property
    def existing(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) existing places.
        """
    @property
    def gap(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) demand - existing (negative where places exceed demand).
        """
    @property
    def levers(self) -> Levers:
        """
        The levers as given.
        """
    @property
    def max_per_batch(self) -> int:
        """
        The batch cap; a number >= the candidate count when there is none.
        """
    @property
    def need(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) need[t] = max(0, demand[t] - existing[t]).
        """
    @property
    def peak(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        (R, L) year index of the first year of peak demand.
        """
    @property
    def room(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L) the most pupils that may be crowded: phi * existing.
        """
    @property
    def weights(self) -> Weights:
        """
        The objective's weights.
        """
    @property
    def windows(self) -> numpy.typing.NDArray[numpy.int64]:
        """
        (K, 2) each candidate's first and last land year (first > last: it cannot open by the horizon).
        """
class ShareTargets:
    """
    Target shares of kindergarten pupils (DESIGN §2.5).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, public_share: typing.SupportsFloat | typing.SupportsIndex = 0.5, inclusive_share: typing.SupportsFloat | typing.SupportsIndex = 0.9) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def inclusive_share(self) -> float:
        """
        普惠率 target (Quanzhou standard 0.9).
        """
    @property
    def public_share(self) -> float:
        """
        公办率 target (county standard 0.5).
        """
class NurseryNorm:
    """
    The nursery norm and how empty kindergarten places convert to nursery places.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, per_1000: typing.SupportsFloat | typing.SupportsIndex = 4.5, class_size: typing.SupportsFloat | typing.SupportsIndex = 30.0, nursery_class_size: typing.SupportsFloat | typing.SupportsIndex = 20.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def class_size(self) -> float:
        """
        Kindergarten places per classroom.
        """
    @property
    def nursery_class_size(self) -> float:
        """
        Nursery children per converted classroom.
        """
    @property
    def per_1000(self) -> float:
        """
        Nursery places for under-3s per 1,000 residents.
        """
class PreschoolShares:
    """
    The preschool table's numbers, all (R, T) except pupils.
    """
    @property
    def inclusive_places_needed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, ceil(target inclusive share * demand) - public - inclusive places).
        """
    @property
    def inclusive_share(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (Public + inclusive) pupils / placed pupils; NaN where none is placed.
        """
    @property
    def nursery_convertible(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Nursery places in empty kindergarten classrooms.
        """
    @property
    def nursery_demand(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        per_1000 * population / 1000; NaN without a population.
        """
    @property
    def public_places_needed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, ceil(target public share * demand) - public places).
        """
    @property
    def public_share(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Public pupils / placed pupils; NaN where none is placed.
        """
    @property
    def pupils(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, 3) placed pupils by sector.
        """
    @property
    def unplaced(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Demand beyond all places.
        """
class TeacherNorm:
    """
    One level's staffing norm (DESIGN §2.3b).
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, ratio: typing.SupportsFloat | typing.SupportsIndex = ..., per_class: typing.SupportsFloat | typing.SupportsIndex = 0.0, class_size: typing.SupportsFloat | typing.SupportsIndex = 45.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def class_size(self) -> float:
        """
        Pupils per class, for the number of classes.
        """
    @property
    def per_class(self) -> float:
        """
        Teachers per class, the small-school minimum (0: none).
        """
    @property
    def ratio(self) -> float:
        """
        Pupils per teacher (> 0); inf: staffed by class only.
        """
class StaffRules:
    """
    How the staff age: retirement ages by sex (F, M) and yearly attrition per level.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, retirement_age: typing.Annotated[collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], "FixedSize(2)"] = [55, 60], attrition: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex] = []) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def attrition(self) -> list[float]:
        """
        Yearly share leaving before retirement, one per level.
        """
    @property
    def retirement_age(self) -> typing.Annotated[list[int], "FixedSize(2)"]:
        """
        (F, M) the age at which teachers leave.
        """
class Hire:
    """
    Planned hires into a region and level, counted from their year.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, region: typing.SupportsInt | typing.SupportsIndex = 0, level: typing.SupportsInt | typing.SupportsIndex = 0, year: typing.SupportsInt | typing.SupportsIndex = 0, sex: typing.SupportsInt | typing.SupportsIndex = 0, age: typing.SupportsInt | typing.SupportsIndex = 30, count: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def age(self) -> int:
        """
        Their age in that year (18..70).
        """
    @property
    def count(self) -> float:
        """
        How many.
        """
    @property
    def level(self) -> int:
        """
        Level index.
        """
    @property
    def region(self) -> int:
        """
        Region index.
        """
    @property
    def sex(self) -> int:
        """
        0 = F, 1 = M.
        """
    @property
    def year(self) -> int:
        """
        The year they start.
        """
class Redeploy:
    """
    An allowed move of surplus teachers from one level to another within a region.
    """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __getstate__(self) -> dict:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, *, from_level: typing.SupportsInt | typing.SupportsIndex = 0, to_level: typing.SupportsInt | typing.SupportsIndex = 0, share: typing.SupportsFloat | typing.SupportsIndex = 1.0) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, arg0: dict) -> None:
        ...
    @property
    def from_level(self) -> int:
        """
        The giving level (index).
        """
    @property
    def share(self) -> float:
        """
        The share of the giving level's surplus that may move a year.
        """
    @property
    def to_level(self) -> int:
        """
        The receiving level (index).
        """
class Teachers:
    """
    The teacher table's numbers, all (R, T, L) except flows (DESIGN §2.3b).
    """
    @property
    def available(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        The staff profile aged, retired and attrited, plus hires.
        """
    @property
    def flows(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (R, T, L, L) teachers of level from (axis 2) teaching level to (axis 3).
        """
    @property
    def hires_needed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, needed - available - moved_in + moved_out).
        """
    @property
    def moved_in(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Teachers received from other levels of the region.
        """
    @property
    def moved_out(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Teachers given to other levels of the region.
        """
    @property
    def needed(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(pupils / ratio, ceil(pupils / class_size) * per_class).
        """
    @property
    def surplus(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        max(0, available + moved_in - moved_out - needed).
        """
def balance(demand: typing.Any, capacity: typing.Any, *, class_size: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], classes: typing.Any = None) -> Balance:
    """
    The Balance of (R, T, L) demand and capacity, one class size per level.
    """
def class_timeline(classes: typing.Any, changes: collections.abc.Sequence[PlaceChange], *, class_size: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], first_year: typing.SupportsInt | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    Classes (R, years, L) from base classes (R, L) and PlaceChanges in classes of each level's class size.
    """
def count_large_classes(pupils: typing.SupportsFloat | typing.SupportsIndex, classes: typing.SupportsFloat | typing.SupportsIndex, class_size: typing.SupportsFloat | typing.SupportsIndex) -> float:
    """
    Classes over the norm when pupils are spread evenly over the classes.
    """
def peak_year(demand: typing.Any) -> numpy.typing.NDArray[numpy.int64]:
    """
    (R, L) the index into the year axis of the first year of peak (R, T, L) demand.
    """
def preschool(demand: typing.Any, places: typing.Any, *, fill: str = 'public_first', targets: ShareTargets = ..., norm: NurseryNorm = ..., population: typing.Any = None, observed: typing.Any = None) -> PreschoolShares:
    """
    Kindergarten sector shares of (R, T) demand over (R, T, 3) places (public, inclusive, private); fill "public_first" or "proportional"; population (R, T) for the nursery norm; observed (R, 3) pupils by sector in year 0, reported as observed.
    """
def teachers(pupils: typing.Any, norms: collections.abc.Sequence[TeacherNorm], staff: typing.Any, *, rules: StaffRules = ..., hires: collections.abc.Sequence[Hire] = [], redeploy: collections.abc.Sequence[Redeploy] = [], first_year: typing.SupportsInt | typing.SupportsIndex) -> Teachers:
    """
    Teachers needed, available, moved and to hire for (R, T, L) pupils from year first_year, with one TeacherNorm per level and the (R, L, 2, 53) staff profile of the year before (ages 18..70).
    """
def teachers_needed(pupils: typing.Any, norms: collections.abc.Sequence[TeacherNorm]) -> numpy.typing.NDArray[numpy.float64]:
    """
    Teachers needed (R, T, L) for (R, T, L) pupils under one TeacherNorm per level.
    """
def timeline(capacity: typing.Any, changes: collections.abc.Sequence[PlaceChange], *, first_year: typing.SupportsInt | typing.SupportsIndex, years: typing.SupportsInt | typing.SupportsIndex) -> numpy.typing.NDArray[numpy.float64]:
    """
    Places (R, years, L) from base places (R, L) and PlaceChanges.
    """
MAX_STAFF_AGE: int = 70
MIN_STAFF_AGE: int = 18
