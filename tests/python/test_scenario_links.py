# SPDX-License-Identifier: MIT
"""A scenario's travel links as its run holds them (``coverage/_scenario_links.py``): the
existing sites' links with their minutes, the recommendation's links without theirs, and the
matrix of every link, built only when read — each against the one matrix of every link that a
scenario held before (``travel_matrix``), which they must reproduce to the bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import edplan
from edplan import _core
from edplan.coverage import _scenario_links
from edplan.coverage._costs import cost_arg, first_columns, within
from edplan.coverage.inputs import travel_matrix
from edplan.coverage.travel import travel_links


@pytest.fixture(scope="module")
def scenario():
    return edplan.Scenario.default()


def _usable(sites: pd.DataFrame) -> np.ndarray:
    """The columns the engine's recommendation reads (recommend.hpp): candidates, and existing
    sites with spare places."""
    return np.flatnonzero(sites["_new"].to_numpy(bool) | (sites["capacity"].to_numpy(float) > sites["learners"]))


def test_each_part_is_the_matrix_of_every_link(scenario):
    cv = scenario.parts.coverage
    settings = scenario.section("coverage")
    full = within(travel_matrix(scenario.tables, settings), cv.max_cost)
    sites = len(scenario.tables["coverage.sites"])
    # the existing sites' links with their minutes: the first columns, to the bit
    existing = cv.inputs.cost.links
    expected = first_columns(full, sites, cv.max_cost)
    assert existing.shape == (full.shape[0], sites) and existing.nnz == expected.nnz > 0
    for a, b in ((existing.indptr, expected.indptr), (existing.indices, expected.indices),
                 (existing.data, expected.data)):
        np.testing.assert_array_equal(a, b)
    # every link with its minutes, built when read: what the scenario's recommend.cost always gave
    every = cv.recommend.cost
    assert not every._source.held and every.shape == full.shape
    for a, b in ((every.links.indptr, full.indptr), (every.links.indices, full.indices),
                 (every.links.data, full.data)):
        np.testing.assert_array_equal(a, b)
    # the recommendation's: the same links to the usable columns, no other, and no minutes
    reach = cv.reach.matrix
    usable = _usable(cv.recommend.sites)
    assert 0 < len(usable) < full.shape[1]  # some existing sites are full: their links are left out
    wanted = np.zeros(full.shape[1], bool)
    wanted[usable] = True
    keep = wanted[full.indices]
    rows = np.repeat(np.arange(full.shape[0]), np.diff(full.indptr))
    assert reach.shape == full.shape and reach.nnz == int(keep.sum())
    np.testing.assert_array_equal(reach.indices, full.indices[keep])
    np.testing.assert_array_equal(np.diff(reach.indptr), np.bincount(rows[keep], minlength=full.shape[0]))
    assert not reach.data.any()


def test_the_recommendation_reads_the_same_sites_from_either(scenario):
    cv = scenario.parts.coverage
    every = cv.recommend.cost.links
    people = cv.recommend.population[0] * np.linspace(0.5, 2.0, len(cv.recommend.population[0]))  # fewer ties
    s = cv.recommend.sites
    args = dict(demand=people, candidate=s["_new"].to_numpy(np.uint8), capacity=s["capacity"].to_numpy(float),
                learners=s["learners"].to_numpy(float), new_sites=12, max_cost=cv.max_cost, dense_budget=2**30)
    by_minutes = _core.coverage.recommend_sites(cost=cost_arg(every), **args)
    by_reach = _core.coverage.recommend_sites(cost=cost_arg(cv.reach.matrix), **args)
    assert len(by_minutes) >= 2  # the sites that bring anyone new within reach (4 here)
    assert [(r.site, r.added, r.reached) for r in by_reach] == [(r.site, r.added, r.reached) for r in by_minutes]
    assert all(s["_new"].iloc[r.site] for r in by_reach)


def test_reach_found_in_blocks_is_found_at_once(scenario, monkeypatch):
    cv = scenario.parts.coverage
    whole = cv.reach.matrix
    monkeypatch.setattr(_scenario_links, "AREAS_PER_BLOCK", 7)
    links = _scenario_links.ScenarioLinks(scenario.tables, scenario.section("coverage"))
    small = links.reach(_usable(cv.recommend.sites)).matrix
    for a, b in ((small.indptr, whole.indptr), (small.indices, whole.indices), (small.data, whole.data)):
        np.testing.assert_array_equal(a, b)


def test_a_link_rounded_past_max_cost_is_cut_from_each():
    # 13 minutes at 15 km/h with a detour of 1.3: the radius in km, divided back into minutes,
    # rounds to 13.000000000000002 — a link the catchment drops (within max_cost), as before
    speed, detour, max_cost = 15.0, 1.3, 13
    radius = max_cost * (speed / 60.0 / detour)
    areas = pd.DataFrame({"area": ["a", "b", "c"], "region": "r", "x": [0.0, radius, 1.0], "y": 0.0,
                          "population": [10.0, 20.0, 30.0]})
    sites = pd.DataFrame({"site": ["s", "t"], "area": ["b", "c"], "capacity": [5.0, 5.0], "learners": [1.0, 1.0]})
    candidates = pd.DataFrame({"site": ["n", "o"], "area": ["b", "a"]})
    tables = {"coverage.areas": areas, "coverage.sites": sites, "coverage.candidates": candidates}
    settings = {"travel": {"speed_kmh": speed, "detour": detour}, "max_cost": max_cost}
    _, _, minutes = travel_links(areas, pd.concat([sites, candidates])[["site", "area"]], speed_kmh=speed,
                                 detour=detour, max_cost=max_cost)
    assert minutes.max() > max_cost  # the case this test is about
    links = _scenario_links.ScenarioLinks(tables, settings)
    full = travel_matrix(tables, settings)
    kept = within(full, max_cost)
    assert kept.nnz < full.nnz
    # a reaches b's site s and candidate n only past 13 minutes: neither is a link
    np.testing.assert_array_equal(links.existing.matrix.toarray(), kept.toarray()[:, :2])
    np.testing.assert_array_equal(links.every.matrix.toarray(), kept.toarray())
    reach = links.reach(np.arange(4)).matrix
    np.testing.assert_array_equal(reach.indptr, kept.indptr)
    np.testing.assert_array_equal(reach.indices, kept.indices)
    assert (full.toarray()[0, [0, 2]] > max_cost).all() and (kept.toarray()[0, [0, 2]] == 0).all()
