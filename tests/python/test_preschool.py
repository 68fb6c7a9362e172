# SPDX-License-Identifier: MIT
"""edplan.preschool.shares: 公办率, 普惠率, places needed and nursery places, by hand and by property."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import preschool
from edplan.synthetic import programme_instance


def tables():
    demand = pd.DataFrame({"region": "A", "level": "kindergarten", "year": [2024, 2025, 2026],
                           "pupils": [1000.0, 1200.0, 900.0]})
    kgs = pd.DataFrame({"region": "A", "sector": ["public", "inclusive", "private", "public"],
                        "places": [250, 450, 300, 150], "pupils": [240, 400, 260, 150]})
    return demand, kgs


def test_public_first_by_hand():
    demand, kgs = tables()
    projects = pd.DataFrame({"id": ["K1"], "region": ["A"], "level": ["kindergarten"], "places": [270],
                             "status": ["planned"], "open_year": [2026]})
    population = pd.DataFrame({"region": "A", "year": [2024, 2025, 2026], "population": [2e5, 2e5, 1.8e5]})
    res = preschool.shares(demand, kgs, projects, population=population, targets={"year": 2025})
    assert list(res.table.columns) == preschool.PRESCHOOL_COLUMNS
    t = res.table.set_index("year")
    # 2024: public 400, inclusive 450, private 300 places; 1,000 pupils fill public, inclusive, then 150 private
    assert tuple(t.loc[2024, ["public_pupils", "inclusive_pupils", "private_pupils"]]) == (400, 450, 150)
    assert t.loc[2024, "public_share"] == pytest.approx(0.4) and t.loc[2024, "inclusive_share"] == pytest.approx(0.85)
    assert t.loc[2024, "public_places_needed"] == 100 and t.loc[2024, "inclusive_places_needed"] == 50
    assert t.loc[2024, "nursery_convertible"] == 100  # 150 empty places: 5 classrooms of 30, 20 under-3s each
    assert t.loc[2024, "nursery_demand"] == pytest.approx(900)  # 4.5 per 1,000 of 200,000
    # 2025: 1,200 pupils for 1,150 places
    assert t.loc[2025, "unplaced"] == 50 and t.loc[2025, "public_share"] == pytest.approx(400 / 1150)
    assert t.loc[2025, "public_places_needed"] == 200 and t.loc[2025, "inclusive_places_needed"] == 230
    # 2026: K1 opens, public places 670: 900 pupils all in public and inclusive
    assert t.loc[2026, "public_places"] == 670
    assert t.loc[2026, "public_share"] == pytest.approx(670 / 900) and t.loc[2026, "inclusive_share"] == 1.0
    assert t.loc[2026, "public_places_needed"] == 0
    assert t.loc[2026, "nursery_convertible"] == 340  # 520 empty → 17 rooms
    tg = res.targets.iloc[0]
    assert tg.year == 2025 and not tg.public_met and not tg.inclusive_met and tg.public_places_needed == 200


def test_proportional_fill_and_observed_base_year():
    demand, kgs = tables()
    res = preschool.shares(demand, kgs, base_year=2023, fill="proportional")
    t = res.table.set_index("year")
    # the base year as observed: 390 public, 400 inclusive, 260 private pupils
    assert t.loc[2023, "demand"] == 1050 and t.loc[2023, "public_pupils"] == 390
    assert t.loc[2023, "public_share"] == pytest.approx(390 / 1050)
    assert t.loc[2023, "nursery_convertible"] == 60  # 1,150 − 1,050 = 100 empty → 3 rooms
    assert t.loc[2024, "public_pupils"] == pytest.approx(1000 * 400 / 1150)
    assert t.loc[2024, "public_share"] == pytest.approx(400 / 1150)
    assert math.isnan(t.loc[2024, "nursery_demand"])


def test_programme_result_adds_public_places_and_total():
    inst = programme_instance(5, regions=2)
    sched = edplan.capacity.schedule(inst.demand, inst.capacity, inst.projects, **inst.settings)
    kg = sched.programme[sched.programme.level == "kindergarten"]
    res = preschool.shares(inst.demand, inst.kindergartens, inst.projects, sched, population=inst.population)
    base = inst.kindergartens.query("sector == 'public'").set_index("region").places
    planned = inst.projects.query("status == 'planned' and level == 'kindergarten'")
    for row in res.table.itertuples():
        opened = kg[(kg.region == row.region) & (kg.open_year <= row.year)].places.sum()
        opened += planned[(planned.region == row.region) & (planned.open_year <= row.year)].places.sum()
        assert row.public_places == base[row.region] + opened
    total = res.total.set_index("year")
    by_year = res.table.groupby("year")
    np.testing.assert_allclose(total.demand, by_year.demand.sum())
    np.testing.assert_allclose(total.public_share, by_year.public_pupils.sum() / (
        by_year.public_pupils.sum() + by_year.inclusive_pupils.sum() + by_year.private_pupils.sum()))
    assert (res.table.nursery_demand > 0).all()


def test_population_table_by_sex_and_age_is_summed():
    demand, kgs = tables()
    pop = pd.DataFrame([("A", y, s, a, 1000.0) for y in (2024, 2025, 2026) for s in "FM" for a in range(100)],
                       columns=["region", "year", "sex", "age", "count"])
    res = preschool.shares(demand, kgs, population=pop)
    assert res.table.nursery_demand.tolist() == pytest.approx([900.0] * 3)  # 4.5 per 1,000 of 200,000


def test_errors_all_at_once():
    demand, kgs = tables()
    kgs.loc[1, "sector"] = "inclusve"
    kgs.loc[2, "places"] = -3
    with pytest.raises(edplan.InputError) as info:
        preschool.shares(demand, kgs, population=pd.DataFrame({"region": ["A"], "year": [2024], "population": [1e5]}),
                         targets={"year": 2040, "public": 0.5})
    assert [str(p) for p in info.value.problems] == [
        "targets.public: unknown setting; expected public_share, inclusive_share or year",
        "targets.year: got 2040; expected a year of the demand, 2024..2026",
        "kindergartens[row=1].sector: unknown sector 'inclusve'; expected one of public, inclusive, private",
        "kindergartens[row=2].places: got -3; expected places >= 0",
    ]
    with pytest.raises(edplan.InputError, match="population: no residents for A 2025, A 2026"):
        preschool.shares(demand, tables()[1], population=pd.DataFrame({"region": ["A"], "year": [2024],
                                                                        "population": [1e5]}))
    with pytest.raises(edplan.InputError, match="fill: got 'public'"):
        preschool.shares(demand, tables()[1], fill="public")


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 5000, allow_subnormal=False), st.lists(st.floats(0, 3000, allow_subnormal=False), min_size=3,
                                                             max_size=3), st.floats(0, 1), st.floats(0, 1))
def test_needed_places_reach_the_targets(demand, places, x_public, x_inclusive):
    """Adding the public places needed (public first) makes the public share reach its target;
    adding the inclusive places needed does the same for the inclusive share."""
    d = np.array([[demand]])
    cube = np.array([[places]], dtype=float)
    core = edplan._core.capacity
    kw = dict(fill="public_first", targets=core.ShareTargets(public_share=x_public, inclusive_share=x_inclusive),
              norm=core.NurseryNorm(per_1000=4.5, class_size=30.0, nursery_class_size=20.0))
    s = core.preschool(d, cube, **kw)
    pupils, unplaced = s.pupils, s.unplaced
    assert pupils.sum() + unplaced.sum() == pytest.approx(demand)
    assert pupils.sum() == pytest.approx(min(demand, sum(places)))
    proportional = core.preschool(d, cube, **{**kw, "fill": "proportional"})
    if demand > 0 and sum(places) > 0:
        assert s.public_share[0, 0] >= proportional.public_share[0, 0] - 1e-12  # public first never lowers 公办率
    more = cube.copy()
    more[0, 0, 0] += s.public_places_needed[0, 0]
    out = core.preschool(d, more, **kw)
    if demand > 0:
        assert out.pupils[0, 0, 0] >= x_public * demand - 1e-9 * max(1.0, demand)
    more = cube.copy()
    more[0, 0, 1] += s.inclusive_places_needed[0, 0]
    out = core.preschool(d, more, **kw)
    if demand > 0:
        assert out.pupils[0, 0, :2].sum() >= x_inclusive * demand - 1e-9 * max(1.0, demand)
    conv = s.nursery_convertible
    assert conv[0, 0] % 20 == 0 and conv[0, 0] / 20 * 30 <= max(0.0, sum(places) - pupils.sum()) + 1e-6
