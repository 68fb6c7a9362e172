# SPDX-License-Identifier: MIT
"""The compiled module's bound classes: structs cross the binding with named fields, built by
keyword with the C++ defaults, read-only, pickled and compared by value; results hand out
their arrays as numpy views without a copy; bad values and unknown names raise InputError
naming the field."""

from __future__ import annotations

import dataclasses
import gc
import inspect
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import edplan
from edplan import _core
from edplan import capacity, coverage, enrolment, population

C, E, P, T, V = _core.capacity, _core.enrolment, _core.population, _core.targets, _core.coverage

# Every bound value class with its defaults as the C++ headers write them (default member
# initialisers of capacity/programme.hpp, scheduler.hpp, ledger.hpp, preschool.hpp,
# enrolment/levels.hpp, ratios.hpp, inputs.hpp, simulate.hpp, population/projection.hpp,
# coverage/fca.hpp, siting_common.hpp, targets/growth_ratio.hpp, assess.hpp, workplan.hpp).
DEFAULTS = [
    (C.StageYears, {}, {"land_to_start": 1, "start_to_open": 2}),
    (C.Weights, {}, {"unmet": 1.0, "cost": 1e-6, "stranded": 0.2}),
    (C.Candidate, {}, {"id": "", "region": 0, "level": 0, "places": 0.0, "cost": 0.0, "earliest_land_year": 0}),
    (C.HeuristicOptions, {}, {"improve": True, "max_passes": 200, "kick_rounds": 2, "kick_patience": 16,
                              "lever_rounds": 3, "max_lever_solves": 120}),
    (C.PlaceChange, {}, {"id": "", "region": 0, "level": 0, "places": 0.0, "year": 0}),
    (C.ShareTargets, {}, {"public_share": 0.5, "inclusive_share": 0.9}),
    (C.NurseryNorm, {}, {"per_1000": 4.5, "class_size": 30.0, "nursery_class_size": 20.0}),
    (E.Level, {"name": "x"}, {"name": "x", "kind": "progression", "first": 1, "last": 6, "entry_age": None,
                              "class_size": 45.0, "yield_": 0.0, "ger": None}),
    (E.RatioMethod, {}, {"rule": "mean", "k": 3, "alpha": 0.4}),
    (E.DrawOptions, {}, {"draws": 1000, "seed": 1, "quantiles": [0.1, 0.5, 0.9], "tfr_sd": 0.1, "migration_sd": 0.2,
                         "first_region": 0}),
    (P.ProjectionOptions, {}, {"years": 0, "srb": 1.06, "birth_survival": (1.0, 1.0), "threads": 0}),
    (V.FcaOptions, {}, {"max_cost": np.inf, "alpha": 1.0, "threads": 0, "dense_budget": 4096 * 1024 * 1024}),
    (V.SitingOptions, {}, {"max_swaps": 10000, "rounds": 10, "seed": 20240601, "dense_budget": 4096 * 1024 * 1024,
                           "threads": 0}),
    (T.RatioThresholds, {}, {"on_track": 0.95, "acceleration": 0.6, "limited": 0.0}),
    (T.GrowthThresholds, {}, {"on_track": 0.015, "acceleration": 0.005, "limited": 0.0, "exponent": 4.44}),
    (T.AssessOptions, {}, {"method": "linear", "upper": 1.0, "ratio": T.RatioThresholds(),
                           "growth": T.GrowthThresholds(), "zero_replacement": 0.001, "threads": 0}),
    (T.TrackOptions, {}, {"as_of": 0, "counts": "cumulative", "at_risk": 0.8}),
]
IDS = [cls.__name__ for cls, _, _ in DEFAULTS]


@pytest.mark.parametrize("cls,required,defaults", DEFAULTS, ids=IDS)
def test_defaults_are_the_cpp_defaults(cls, required, defaults):
    value = cls(**required)
    assert {name: getattr(value, name) for name in defaults} == defaults


@pytest.mark.parametrize("cls,required,defaults", DEFAULTS, ids=IDS)
def test_value_classes_are_keyword_built_read_only_values(cls, required, defaults):
    value = cls(**required)
    name = next(iter(defaults))
    with pytest.raises(AttributeError):
        setattr(value, name, getattr(value, name))
    with pytest.raises(TypeError):  # keywords only: no positional tuples
        cls(*defaults.values())
    assert cls(**{**required, name: getattr(value, name)}) == value
    assert pickle.loads(pickle.dumps(value)) == value
    assert repr(value).startswith(f"{cls.__name__}({name}=")
    names = {c.__name__: c for c in (cls, E.RatioMethod, T.RatioThresholds, T.GrowthThresholds)}
    assert eval(repr(value), {**names, "inf": np.inf}) == value  # noqa: S307 - our own repr
    assert hash(pickle.loads(pickle.dumps(value))) == hash(value)


def test_keyword_construction_and_nested_options():
    w = C.Weights(stranded=0.5)
    assert (w.unmet, w.cost, w.stranded) == (1.0, 1e-6, 0.5)
    assert w != C.Weights() and w == C.Weights(unmet=1.0, cost=1e-6, stranded=0.5)
    assert C.StageYears(land_to_start=2, start_to_open=3).total == 5
    o = E.EnrolmentOptions(method=E.RatioMethod(rule="ses", alpha=0.6), ramp=2.0)
    assert (o.method.rule, o.method.k, o.method.alpha, o.ramp, o.threads) == ("ses", 3, 0.6, 2.0, 0)
    assert E.EnrolmentOptions().method == E.RatioMethod()
    level = E.Level(name="k", kind="rate", first=3, last=5, class_size=30, ger={2030: 0.98, 2023: 0.95})
    assert level.ger == {2023: 0.95, 2030: 0.98} and level.grades == 3 and level.entry_age is None
    assert E.Level(name="p", entry_age=6).entry_age == 6


def test_bad_values_raise_input_error_naming_the_field():
    with pytest.raises(edplan.InputError) as error:
        E.Level(name="primary", kind="grades")
    assert error.value.problems[0].where == "levels.primary.kind"
    assert "\"rate\", \"progression\" or \"transition\"" in error.value.problems[0].message
    with pytest.raises(edplan.InputError) as error:
        E.Level(name="kindergarten", kind="rate", first=3, last=5, ger={2023: float("nan")})
    assert error.value.problems[0].where == "levels.kindergarten.ger[2023]"
    with pytest.raises(edplan.InputError, match="method: got 'median'; expected one of \"mean\", \"ses\", \"damped\" or \"auto\""):
        E.RatioMethod(rule="median")
    # range checks are made once, where the struct is used, with the field's path
    with pytest.raises(edplan.InputError) as error:
        E.check_levels([E.Level(name="primary", entry_age=6, class_size=-45)])
    assert [p.where for p in error.value.problems] == ["levels.primary.class_size"]
    demand = np.ones((1, 3, 1))
    with pytest.raises(edplan.InputError) as error:
        C.Programme(demand, demand, [], [C.StageYears()], base_year=2023, weights=C.Weights(cost=-1.0))
    assert [p.where for p in error.value.problems] == ["weights.cost"]
    with pytest.raises(edplan.InputError) as error:
        C.Programme(demand, demand, [C.Candidate(id="A", places=0.0)], [C.StageYears(start_to_open=60)],
                    base_year=2023)
    assert {p.where for p in error.value.problems} == {"stage_years[0]", "candidates[A]"}
    with pytest.raises(edplan.InputError, match="targets.public_share"):
        C.preschool(np.ones((1, 1)), np.ones((1, 1, 3)), targets=C.ShareTargets(public_share=1.5))
    with pytest.raises(edplan.InputError, match="fill: got 'public'; expected \"public_first\" or \"proportional\""):
        C.preschool(np.ones((1, 1)), np.ones((1, 1, 3)), fill="public")


def test_targets_options_by_name():
    with pytest.raises(edplan.InputError, match="method: got 'cubic'; expected one of \"linear\", \"time_weighted\" "
                                                 "or \"logistic\""):
        T.AssessOptions(method="cubic")
    with pytest.raises(edplan.InputError, match="counts: got 'total'; expected \"cumulative\" or \"increments\""):
        T.TrackOptions(counts="total")
    assert edplan.targets.METHODS == T.METHODS == ("linear", "time_weighted", "logistic")
    # the public tuples of thresholds are the engine's defaults, field by field
    from edplan.targets.assess import GROWTH_THRESHOLDS, RATIO_THRESHOLDS
    assert RATIO_THRESHOLDS == (0.95, 0.6, 0.0) and GROWTH_THRESHOLDS == (0.015, 0.005, 0.0, 4.44)
    with pytest.raises(edplan.InputError, match="ratio_thresholds: got 2 values; expected 3"):
        edplan.targets.assess([2020, 2021], [1.0, 2.0], target=3.0, target_year=2025, ratio_thresholds=(0.9, 0.5))
    loose = edplan.targets.assess([2020, 2021], [1.0, 1.1], target=3.0, target_year=2030,
                                  ratio_thresholds=(0.1, 0.05, 0.0))
    assert loose.category == "on track"


def test_unknown_model_and_measure_names_raise_input_error_listing_the_accepted_ones():
    cost = np.array([[1.0, 5.0], [5.0, 1.0]])
    with pytest.raises(edplan.InputError) as error:
        V.siting("lcsp", cost, None, max_cost=2.0, p=1, fixed=[])  # a typo was once LSCP
    assert error.value.problems[0].where == "model"
    assert error.value.problems[0].message == "got 'lcsp'; expected one of \"mclp\", \"p_median\", \"lscp\", \"lscp_b\" or \"p_center\""
    assert list(V.siting("lscp", cost, None, max_cost=2.0, p=0, fixed=[]).sites) == [0, 1]
    with pytest.raises(edplan.InputError) as error:
        V.fca("two_stage", np.ones((1, 2)), np.ones((1, 2)), cost, [V.Decay.none()])
    assert error.value.problems[0].where == "measure"
    assert "\"two_step\"" in error.value.problems[0].message and "\"bfca\"" in error.value.problems[0].message
    with pytest.raises(edplan.InputError, match="method: got 'greedy'; expected 'heuristic' or 'exact'"):
        coverage.lscp(cost, max_cost=2.0, method="greedy")


def test_siting_result_by_name():
    cost = np.array([[1.0, 9.0, 9.0], [9.0, 1.0, 9.0], [9.0, 9.0, 1.0]])
    r = V.siting("mclp", cost, np.array([5.0, 3.0, 1.0]), max_cost=2.0, p=2, fixed=[],
                 options=V.SitingOptions(rounds=0, dense_budget=coverage.dense_budget()))
    assert list(r.sites) == [0, 1] and r.objective == 8.0 and r.unserved == 1.0
    assert list(r.greedy_order) == [0, 1] and r.swaps == 0


def hand_programme():
    # one region and level, 2024..2029, demand peaking in 2027 over 1,000 existing places
    # (the hand case of tests/cpp/test_programme.cpp)
    demand = np.array([1000, 1200, 1400, 1500, 1300, 1100], float).reshape(1, 6, 1)
    existing = np.full((1, 6, 1), 1000.0)
    candidates = [C.Candidate(id="C1", places=540, cost=1e8, earliest_land_year=2024),
                  C.Candidate(id="C2", places=270, cost=3e7, earliest_land_year=2024)]
    return C.Programme(demand, existing, candidates, [C.StageYears(land_to_start=1, start_to_open=1)], base_year=2023)


def test_programme_results_by_name():
    prog = hand_programme()
    assert [c.id for c in prog.candidates] == ["C1", "C2"] and prog.candidates[1].places == 270
    # validate sets the crowding weight it was not given: half of unmet's
    assert prog.weights == C.Weights(crowd=0.5) and prog.peak.tolist() == [[3]]
    outcome = prog.evaluate([2024, -1])
    t = outcome.totals
    assert (t.unmet, t.stranded, t.cost) == (200, 680, 1e8)
    assert t.objective == pytest.approx(200 + 100 + 0.2 * 680, rel=1e-12)
    assert outcome.unmet[0, :, 0].tolist() == [0, 200, 0, 0, 0, 0]
    assert outcome.new_places[0, :, 0].tolist() == [0, 0, 540, 540, 540, 540]
    assert outcome.stranded[0, :, 0].tolist() == [0, 0, 0, 0, 240, 440]
    s = prog.schedule(C.HeuristicOptions(improve=False))
    assert s.land_year.shape == (2,) and s.totals == prog.evaluate(list(s.land_year)).totals


@pytest.mark.parametrize("name", ["max_passes", "kick_rounds", "kick_patience", "lever_rounds", "max_lever_solves"])
def test_heuristic_options_below_zero_are_named(name):
    with pytest.raises(edplan.InputError) as error:
        hand_programme().schedule(C.HeuristicOptions(**{name: -1}))
    expected = [(f"options.{name}", "got -1; expected a count >= 0")]
    assert [(p.where, p.message) for p in error.value.problems] == expected


def test_heuristic_options_zero_limits_still_schedule():
    # 0 is a limit, not an error: without kicks (and without levers to solve) the construction and
    # local search alone reach the same plan on the hand case.
    prog = hand_programme()
    full = prog.schedule()
    lean = prog.schedule(C.HeuristicOptions(kick_rounds=0, kick_patience=0, max_lever_solves=0, lever_rounds=0))
    assert list(lean.land_year) == list(full.land_year) and lean.totals == full.totals


def test_result_arrays_are_views_that_keep_their_object_alive():
    demand = np.array([[[100.0], [300.0]]])
    b = C.balance(demand, np.full((1, 2, 1), 200.0), class_size=[40.0])
    assert np.shares_memory(b.deficit, b.deficit)  # two reads, one buffer: no copy
    deficit = b.deficit
    del b
    gc.collect()
    assert deficit.tolist() == [[[0.0], [100.0]]]
    assert C.peak_year(demand).tolist() == [[1]]
    with pytest.raises(AttributeError):
        C.balance(demand, demand, class_size=[40.0]).deficit = deficit


def test_population_projection_by_name_and_into_out():
    base = np.full((1, 2, 51), 10.0)
    inputs = P.ProjectionInputs(base=base, survival=np.ones((1, 1, 2, 51)), fertility=np.zeros((1, 1, 35)))
    p = P.project(inputs, P.ProjectionOptions(years=2))
    assert p.population.shape == (1, 3, 2, 51) and p.births.tolist() == [[0.0, 0.0]]
    assert p.clamped_cells.dtype == np.int64 and not p.clamped_cells.any()
    out = np.empty((1, 3, 2, 51))
    q = P.project(inputs, P.ProjectionOptions(years=2), out=out)
    assert q.population is out
    np.testing.assert_array_equal(out, p.population)
    assert inputs.migration is None and inputs.base.dtype == np.float64


def test_enrolment_results_by_name():
    history = np.array([[[100.0, 90.0], [110.0, 95.0]]])  # one region, 2022-2023, grades 1-2
    births = np.array([[100.0] * 10])  # 2016..2025
    levels = [E.Level(name="p", first=1, last=2, entry_age=6)]
    kw = dict(base_year=2023, horizon=2025, births=births, births_first_year=2016)
    p = E.project(levels, history, **kw)
    assert p.pupils.shape == (1, 2, 2) and p.housing.shape == (1, 2, 1)
    assert p.ratios.shape == (1, 2) and p.observed.shape == (1, 2, 2)
    q = E.simulate(levels, history, **kw, draws=E.DrawOptions(draws=20, quantiles=[0.5]))
    assert q.grades.shape == (1, 2, 2, 1) and q.levels.shape == (1, 2, 1, 1)
    with pytest.raises(edplan.InputError, match="draws"):
        E.simulate(levels, history, **kw, draws=E.DrawOptions(draws=0))


def test_python_level_wraps_the_bound_level():
    lv = enrolment.Level("primary", entry_age=6)
    assert lv.spec() == E.Level(name="primary", entry_age=6)
    assert enrolment.Level.from_engine(lv.spec()) == lv
    fields = [f.name for f in dataclasses.fields(enrolment.Level)]
    assert fields == ["name", "kind", "first", "last", "entry_age", "class_size", "yield_", "ger", "share", "complement"]
    assert {f: getattr(enrolment.Level("x"), f) for f in fields[1:]} == \
        {f: getattr(E.Level(name="x"), f) for f in fields[1:]}
    assert enrolment.default_levels(senior=True) == \
        [enrolment.Level.from_engine(v) for v in E.default_levels() + [E.senior_level()]]
    assert dataclasses.replace(lv, class_size=40).spec().class_size == 40.0
    with pytest.raises(edplan.InputError, match="levels.primary.kind"):
        enrolment.Level("primary", kind="cohort").spec()


def test_public_defaults_come_from_the_engine():
    method = E.RatioMethod()
    draws = E.DrawOptions()
    sig = inspect.signature(enrolment.project).parameters
    assert (sig["method"].default, sig["k"].default, sig["alpha"].default) == (method.rule, method.k, method.alpha)
    assert sig["ramp"].default == E.EnrolmentOptions().ramp
    assert list(sig["quantiles"].default) == draws.quantiles
    assert (sig["tfr_sd"].default, sig["migration_sd"].default) == (draws.tfr_sd, draws.migration_sd)
    options = P.ProjectionOptions()
    sig = inspect.signature(population.project).parameters
    assert (sig["srb"].default, tuple(sig["birth_survival"].default)) == (options.srb, options.birth_survival)
    w = C.Weights()
    assert capacity.DEFAULT_WEIGHTS == {"unmet": w.unmet, "cost": w.cost, "stranded": w.stranded, "crowd": w.crowd}
    assert capacity.DEFAULT_STAGE_YEARS == (C.StageYears().land_to_start, C.StageYears().start_to_open)
    sig = inspect.signature(capacity.preschool_shares).parameters
    norm = C.NurseryNorm()
    assert (sig["nursery_per_1000"].default, sig["class_size"].default, sig["nursery_class_size"].default) == \
        (norm.per_1000, norm.class_size, norm.nursery_class_size)


@pytest.mark.parametrize("value,expected", [("1", 1024 * 1024), ("0.5", 512 * 1024), ("0", 4096 * 1024 * 1024),
                                            ("lots", 4096 * 1024 * 1024), (None, 4096 * 1024 * 1024)])
def test_dense_budget_is_read_from_the_environment_once_at_import(value, expected):
    env = {k: v for k, v in os.environ.items() if k != "EDPLAN_DENSE_BUDGET_MB"}
    if value is not None:
        env["EDPLAN_DENSE_BUDGET_MB"] = value
    code = "import edplan.coverage as cv; print(cv.dense_budget())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert int(out.stdout) == expected


def test_benchmark_helpers_are_not_in_the_module():
    assert not hasattr(V, "memory_pass")
    assert not hasattr(V, "default_dense_budget")
    assert V.DEFAULT_DENSE_BUDGET == 4096 * 1024 * 1024
