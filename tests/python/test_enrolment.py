# SPDX-License-Identifier: MIT
"""edplan.enrolment: hand-computed cases, the numpy reference, properties, table errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import enrolment as en
from edplan.enrolment import Level
from edplan.population import Projection
from numpy_enrolment import project as reference

LEVELS = [Level.rate("k", (3, 4)), Level.progression("p", (1, 2), entry_age=6, yield_=0.12),
          Level.progression("j", (3, 3), class_size=50)]
REF_LEVELS = [("rate", 3, 4, None), ("progression", 1, 2, 6), ("progression", 3, 3, None)]


def hand_tables():
    """The case of tests/cpp/test_enrolment.cpp."""
    rows = []
    for year, grades in {2021: {("p", 1): 95, ("p", 2): 90, ("j", 3): 80},
                         2022: {("p", 1): 99, ("p", 2): 95, ("j", 3): 81},
                         2023: {("k", 1): 50, ("k", 2): 60, ("p", 1): 120, ("p", 2): 99, ("j", 3): 95}}.items():
        rows += [("A", year, lv, g, n) for (lv, g), n in grades.items()]
    history = pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"])
    births = pd.DataFrame({"region": "A", "year": range(2015, 2020), "births": [100, 110, 120, 90, 80]})
    pop = np.zeros((1, 3, 2, 6))
    pop[0, 0, :, 3], pop[0, 0, :, 4] = [30, 30], [30, 40]
    pop[0, 1, :, 3], pop[0, 1, :, 4] = [25, 25], [30, 35]
    pop[0, 2, :, 3], pop[0, 2, :, 4] = [20, 20], [25, 25]
    projection = Projection(pop, np.zeros((1, 2)), np.zeros((1, 2), dtype=np.int64), np.zeros((1, 2)))
    return history, births, projection


def test_hand_computed_chain():
    history, births, projection = hand_tables()
    res = en.project(history, births, base_year=2023, horizon=2025, levels=LEVELS, population=projection)
    d = res.demand.set_index(["year", "level", "grade"])["pupils"]
    assert d[(2024, "p", 1)] == pytest.approx(0.95 * 90)
    assert d[(2024, "p", 2)] == pytest.approx(120)
    assert d[(2024, "j", 3)] == pytest.approx(0.95 * 99)
    assert d[(2025, "j", 3)] == pytest.approx(0.95 * 120)
    assert d[(2025, "k", 2)] == pytest.approx(110 / 130 * 50)  # age 4 in 2025: 50 people
    t = res.totals.set_index(["year", "level"])["pupils"]
    assert t[(2025, "p")] == pytest.approx(0.95 * 80 + 0.95 * 90)
    r = res.ratios.set_index(["level", "grade"])
    assert r.loc[("p", 1), "kind"] == "entry" and r.loc[("p", 1), "ratio"] == pytest.approx(0.95)
    assert r.loc[("j", 3), "observed"] == 2
    assert list(res.demand.columns) == ["region", "year", "level", "grade", "pupils"]


def test_housing_and_ses():
    history, births, projection = hand_tables()
    housing = pd.DataFrame({"region": ["A"], "year": [2024], "dwellings": [100]})
    res = en.project(history, births, base_year=2023, horizon=2025, levels=LEVELS, population=projection,
                     housing=housing, method="ses", alpha=0.4)
    t = res.totals.set_index(["year", "level"])["pupils"]
    # ER by SES: 0.95 → 0.93 → 0.958; housing 0.12·100·2/3 = 8 in 2025
    assert t[(2025, "p")] == pytest.approx(0.958 * 80 + 0.958 * 90 + 8.0, rel=1e-12)


def test_births_without_region_apply_to_every_region():
    history, births, projection = hand_tables()
    two = pd.concat([history, history.assign(region="B", pupils=history.pupils * 2)])
    pop2 = Projection(np.concatenate([projection.population] * 2), np.zeros((2, 2)),
                      np.zeros((2, 2), dtype=np.int64), np.zeros((2, 2)))
    res = en.project(two, births.drop(columns="region"), base_year=2023, horizon=2025, levels=LEVELS,
                     population=pop2)
    t = res.totals.set_index(["region", "year", "level"])["pupils"]
    # region B's entry ratio doubles (twice the pupils, the same births): its totals double
    assert t[("B", 2025, "p")] == pytest.approx(2 * t[("A", 2025, "p")])


def random_case(rng, R, H, T, k_levels):
    levels = REF_LEVELS if k_levels else REF_LEVELS[1:]
    G = sum(last - first + 1 for _, first, last, _ in levels)
    history = rng.uniform(50, 500, (R, H, G))
    history[rng.random((R, H, G)) < 0.1] = np.nan
    history[:, -1, :] = rng.uniform(50, 500, (R, G))  # base year complete
    births = rng.uniform(80, 600, (R, H + T + 10))
    births_first = 2023 - H - 8
    population = rng.uniform(10, 300, (R, T + 1, 2, 6))
    return levels, history, births, births_first, population


@settings(max_examples=40, deadline=None)
@given(R=st.integers(1, 4), H=st.integers(2, 8), T=st.integers(1, 6), k=st.integers(1, 4),
       seed=st.integers(0, 2**32 - 1), with_rate=st.booleans(), housing=st.booleans())
def test_matches_numpy_reference(R, H, T, k, seed, with_rate, housing):
    rng = np.random.default_rng(seed)
    levels, history, births, births_first, population = random_case(rng, R, H, T, with_rate)
    # every grade needs two consecutive observations somewhere: make year -2 complete too
    history[:, -2, :] = rng.uniform(50, 500, history[:, -2, :].shape)
    specs = [Level(f"l{i}", kind, first, last, entry, 30.0, 0.1 * (i + 1)).spec()
             for i, (kind, first, last, entry) in enumerate(levels)]
    dw = rng.uniform(0, 100, (R, 5)) if housing else None
    core = edplan._core.enrolment
    pupils = core.project(
        specs, history, base_year=2023, horizon=2023 + T, births=births, births_first_year=births_first,
        population=population if with_rate else None, dwellings=dw, dwellings_first_year=2021,
        options=core.EnrolmentOptions(method=core.RatioMethod(k=k))).pupils
    want = reference(levels, history, births, births_first, 2023, 2023 + T, population, k=k,
                     dwellings=dw, dwellings_first_year=2021, yields=[0.1 * (i + 1) for i in range(len(levels))])
    np.testing.assert_allclose(pupils, want, rtol=1e-12)


def chain_inputs(rng, scale=1.0):
    history, births, projection = hand_tables()
    return history.assign(pupils=history.pupils * scale), births.assign(births=births.births * scale), projection


@settings(max_examples=25, deadline=None)
@given(extra=st.lists(st.floats(0, 200), min_size=5, max_size=5))
def test_more_births_never_fewer_pupils(extra):
    history, births, projection = hand_tables()
    low = en.project(history, births, base_year=2023, horizon=2025, levels=LEVELS, population=projection)
    more = births.assign(births=births.births + np.array(extra) * (births.year >= 2018))  # projection-year births
    high = en.project(history, more, base_year=2023, horizon=2025, levels=LEVELS, population=projection)
    assert np.all(high.pupils >= low.pupils - 1e-9)


@settings(max_examples=25, deadline=None)
@given(k=st.floats(0.1, 50))
def test_scaling_history_and_births_scales_demand(k):
    history, births, _ = hand_tables()
    history = history[history.level != "k"]
    base = en.project(history, births, base_year=2023, horizon=2025, levels=LEVELS[1:])
    scaled = en.project(history.assign(pupils=history.pupils * k), births.assign(births=births.births * k),
                        base_year=2023, horizon=2025, levels=LEVELS[1:])
    np.testing.assert_allclose(scaled.pupils, k * base.pupils, rtol=1e-12)


def test_draws_centre_on_the_point_projection_and_are_reproducible():
    rng = np.random.default_rng(11)
    R, H = 3, 12
    G = 9
    history = rng.normal(1.0, 0.03, (R, H, G)) * 400  # stationary: ratios vary around 1
    rows = [(f"r{r}", 2012 + h, "primary" if g < 6 else "junior", g + 1, history[r, h, g])
            for r in range(R) for h in range(H) for g in range(G)]
    table = pd.DataFrame(rows, columns=["region", "year", "level", "grade", "pupils"])
    births = pd.DataFrame({"year": range(2000, 2030), "births": rng.uniform(380, 420, 30)})
    levels = edplan.enrolment.default_levels()[1:]
    point = en.project(table, births, base_year=2023, horizon=2030, levels=levels)
    a = en.project(table, births, base_year=2023, horizon=2030, levels=levels, draws=2000, seed=5, threads=1)
    b = en.project(table, births, base_year=2023, horizon=2030, levels=levels, draws=2000, seed=5, threads=2)
    pd.testing.assert_frame_equal(a.totals, b.totals)
    assert np.all(a.totals.p10 <= a.totals.p50) and np.all(a.totals.p50 <= a.totals.p90)
    # The draws scale the point projection by the method's own past errors, which scatter around
    # 0 on a stationary series: the point projection lies inside every 80% interval at leads 1-5.
    # At leads 6-7 twelve history years leave three overlapping origins per region, whose errors
    # may share a sign and leave the point just outside (5 of the 12 here).
    inside = (a.totals.p10 <= point.totals.pupils) & (point.totals.pupils <= a.totals.p90)
    near = a.totals.year <= 2028
    assert inside[near].all(), a.totals[near & ~inside]
    assert inside.mean() >= 0.85, inside.mean()


def test_draws_with_the_population_chain_widen_rate_levels():
    from edplan.population import ProjectionInputs, fertility_from_tfr
    history, births, _ = hand_tables()
    A = 60
    base = np.full((1, 2, A + 1), 40.0)
    chain = ProjectionInputs(base, np.full((1, 1, 2, A + 1), 0.99),
                             fertility_from_tfr(np.ones(35), 1.1, first_year=2023, years=2),
                             migration=np.full((1, 1, 2, A + 1), 1.0))
    res = en.project(history, births, base_year=2023, horizon=2025, levels=LEVELS, population=chain, draws=500)
    k = res.totals[res.totals.level == "k"]
    assert np.all(k.p90 > k.p10)  # migration scaled per draw moves the kindergarten-age population
    assert np.all((k.p10 <= k.pupils) & (k.pupils <= k.p90))



def test_chain_draws_do_not_depend_on_the_thread_count():
    # Each region's draws come from streams keyed by (seed, draw, region), never by thread: the
    # built-in scenario's 13 regions with the population chain re-projected per draw give the
    # same bits on 1, 2 and 5 threads (5 splits the regions 3, 3, 3, 2, 2 against 7, 6 and 13).
    scenario = edplan.Scenario.default()
    runs = [scenario.run(draws=40, seed=3, threads=threads) for threads in (1, 2, 5)]
    for name in ("demand", "totals", "population"):
        for other in runs[1:]:
            pd.testing.assert_frame_equal(other.tables[name], runs[0].tables[name], check_exact=True)
    totals = runs[0].tables["totals"]
    assert (totals.p90 > totals.p10).any()  # the draws spread: a comparison of intervals, not of points

def problems_of(call):
    with pytest.raises(edplan.InputError) as info:
        call()
    return [str(p) for p in info.value.problems]


def test_table_errors_are_listed_together():
    history, births, projection = hand_tables()
    bad = pd.concat([history, pd.DataFrame([("A", 2023, "primry", 1, 5), ("A", 2022, "p", 9, 5),
                                            ("A", 2024, "p", 1, 5), ("A", 2023, "p", 1, 7)],
                                           columns=history.columns)], ignore_index=True)
    bad["pupils"] = bad["pupils"].astype(object)
    bad.loc[0, "pupils"] = "many"
    problems = problems_of(lambda: en.project(bad, births, base_year=2023, horizon=2025, levels=LEVELS,
                                              population=projection))
    assert problems == [
        "enrolment[row=0].pupils: got 'many'; expected a number of pupils >= 0",
        "enrolment[row=11].level: unknown level 'primry'; expected one of k, p, j",
        "enrolment[row=13].year: year 2024 is after the base year 2023 (1 rows); expected the history to "
        "end at the base year",
        "enrolment[row=12].grade: got 9; level p has grades 1..2",
        "enrolment[row=14]: repeats region=A, year=2023, level=p, grade=1; expected each (region, year, level, "
        "grade) once",
    ]


def test_missing_columns_suggest_spelling():
    history, births, projection = hand_tables()
    problems = problems_of(lambda: en.project(history.rename(columns={"pupils": "pupil"}), births,
                                              base_year=2023, horizon=2025, levels=LEVELS))
    assert problems == ["enrolment: missing column 'pupils' (found 'pupil': check the spelling); expected columns "
                        "region, year, level, grade, pupils"]


def test_engine_errors_name_region_and_grade():
    history, births, projection = hand_tables()
    problems = problems_of(lambda: en.project(history, births[births.year < 2019], base_year=2023, horizon=2025,
                                              levels=LEVELS, population=projection))
    assert problems == ["births: A, grade 1 of p needs births of 2019; expected observed or projected births for "
                        "those years"]


def test_levels_from_config():
    levels = en.levels_from_config({
        "kindergarten": {"kind": "rate", "ages": [3, 5], "class_size": 30, "ger": {"2023": 0.95, "2030": 0.98}},
        "primary": {"kind": "progression", "grades": [1, 6], "entry_age": 6, "class_size": 45, "yield": 0.12},
        "junior": {"kind": "progression", "grades": [7, 9], "class_size": 50},
    })
    assert levels[0].ger == {2023: 0.95, 2030: 0.98}
    assert levels[1].yield_ == 0.12 and levels[1].entry_age == 6
    assert levels[2].entry_age is None
    with pytest.raises(edplan.InputError) as info:
        en.levels_from_config({"primary": {"grades": [1], "colour": "red", "class_size": "big"}})
    assert [str(p) for p in info.value.problems] == [
        "levels.primary.colour: unknown setting; expected one of ages, class_size, complement, entry_age, ger, grades, kind, share, yield",
        "levels.primary.grades: got [1]; expected [first, last] as two integers",
    ]


def test_transition_levels_from_config():
    # complement = "vocational" adds the level on the same grades with the same class size ...
    levels = en.levels_from_config({
        "junior": {"kind": "progression", "grades": [7, 9], "class_size": 50},
        "senior": {"kind": "transition", "grades": [10, 12], "share": {"2023": 0.6}, "complement": "vocational"},
    })
    assert [lv.name for lv in levels] == ["junior", "senior", "vocational"]
    senior, vocational = levels[1], levels[2]
    assert (senior.kind, senior.share, senior.complement, senior.class_size) == ("transition", {2023: 0.6},
                                                                                 "vocational", 50.0)
    assert (vocational.kind, vocational.first, vocational.last, vocational.share) == ("transition", 10, 12, None)
    # ... and a table of its own may set its class size, its kind and grades following the level it complements
    levels = en.levels_from_config({
        "primary": {"kind": "progression", "grades": [1, 6], "entry_age": 6},
        "junior": {"kind": "progression", "grades": [7, 9]},
        "senior": {"kind": "transition", "grades": [10, 12], "complement": "vocational"},
        "vocational": {"class_size": 40},
    })
    assert (levels[3].kind, levels[3].first, levels[3].class_size) == ("transition", 10, 40.0)
    import edplan._core as core
    core.enrolment.check_levels([lv.spec() for lv in levels])
    with pytest.raises(edplan.InputError) as info:
        core.enrolment.check_levels([lv.spec() for lv in en.levels_from_config({
            "primary": {"kind": "progression", "grades": [1, 6], "entry_age": 6},
            "junior": {"kind": "progression", "grades": [7, 9]},
            "senior": {"kind": "transition", "grades": [10, 12], "share": {"2024": 1.2}, "complement": "junior"}})])
    assert [str(p) for p in info.value.problems] == [
        "levels.senior.share[2024]: got 1.2; expected a share in [0, 1]",
        "levels.senior.complement: level junior is not a transition level; expected one on grades 10..",
    ]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 4), st.integers(1, 5), st.data())
def test_interval_warnings_read_each_region_and_level(R, T, data):
    # one line per region and non-rate level with a lead of fewer than 5 errors, written here
    # region by region and lead by lead (the function says each distinct line's tail once)
    from edplan.enrolment.tables import MIN_LEAD_ERRORS, interval_warnings

    levels = LEVELS
    errors = np.asarray(data.draw(st.lists(st.sampled_from([0.0, 3.0, 4.0, 5.0, 8.0, np.nan]),
                                           min_size=R * T * len(levels), max_size=R * T * len(levels)))
                        ).reshape(R, T, len(levels))
    regions, years = [f"区{r}" for r in range(R)], list(range(2030, 2030 + T))
    expected = []
    for li, lv in enumerate(levels):
        for ri in range(R):
            short = [t for t in range(T) if errors[ri, t, li] < MIN_LEAD_ERRORS] if lv.kind != "rate" else []
            if short:
                span = str(years[short[0]]) if len(short) == 1 else f"{years[short[0]]}..{years[short[-1]]}"
                expected.append(f"{regions[ri]}, {lv.name}: no interval (NaN) for {span}: fewer than 5 rolling-origin "
                                f"errors at those leads in the history (lead {short[0] + 1}: "
                                f"{int(errors[ri, short[0], li])}); a longer history gives them")
    assert interval_warnings(regions, levels, years, errors) == expected
