# SPDX-License-Identifier: MIT
"""edplan.population: hand-computed cases, the numpy reference, properties, errors."""

from __future__ import annotations

import threading
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import edplan
from edplan import population as pop
from numpy_reference import project as reference

A = 50
NAN = np.nan


def hand_case():
    """The case of tests/cpp/test_population.cpp, computed by hand there."""
    base = np.zeros((1, 2, A + 1))
    base[0, 0, [0, 20, 49, 50]] = [100, 1000, 500, 200]
    base[0, 1, [0, 49, 50]] = [110, 400, 150]
    survival = np.empty((1, 1, 2, A + 1))
    survival[..., 0, :] = 0.9
    survival[..., 1, :] = 0.8
    survival[..., 0, A] = 0.5
    survival[..., 1, A] = 0.4
    fertility = np.zeros((1, 1, 35))
    fertility[..., [5, 6]] = 0.1  # ages 20 and 21
    return base, survival, fertility


def random_inputs(rng, R, T, A, *, migration=True, observed=True, broadcast=False):
    base = rng.uniform(0, 1000, (R, 2, A + 1))
    survival = rng.uniform(0.8, 1.0, (1 if broadcast else R, T, 2, A + 1))
    fertility = rng.uniform(0, 0.12, (R, 1 if broadcast else T, 35))
    mig = rng.normal(0, 30, (R, T, 2, A + 1)) if migration else None
    births = None
    if observed:
        births = rng.uniform(100, 2000, (R, T))
        births[rng.random((R, T)) < 0.5] = np.nan
    return base, survival, fertility, mig, births


def test_hand_computed_step():
    base, survival, fertility = hand_case()
    result = pop.project_detailed(base, survival, fertility, years=1, srb=1.05, birth_survival=(0.99, 0.98))
    P = result.population[0, 1]
    assert P[0, 1] == pytest.approx(90.0)
    assert P[0, 21] == pytest.approx(900.0)
    assert P[0, A] == pytest.approx(550.0)  # 500·0.9 + 200·0.5
    assert P[1, A] == pytest.approx(380.0)  # 400·0.8 + 150·0.4
    assert result.births[0, 0] == pytest.approx(95.0, rel=1e-14)  # 0.1·½(1000+0) + 0.1·½(0+900)
    assert P[0, 0] == pytest.approx(95 / 2.05 * 0.99, rel=1e-14)
    assert P[1, 0] == pytest.approx(95 * 1.05 / 2.05 * 0.98, rel=1e-14)
    np.testing.assert_array_equal(result.population[:, 0], base)


def test_migration_clamps_and_warns():
    base, survival, fertility = hand_case()
    mig = np.zeros((1, 1, 2, A + 1))
    mig[0, 0, 0, 1] = -100  # 90 survive to age 1, 100 leave
    mig[0, 0, 0, 21] = 50
    mig[0, 0, 1, 0] = -60  # more than the boys born
    with pytest.warns(pop.ClampWarning, match="2 cells made negative"):
        P = pop.project(base, survival, fertility, mig, years=1, srb=1.05, birth_survival=(0.99, 0.98))
    assert P[0, 1, 0, 1] == 0.0
    assert P[0, 1, 1, 0] == 0.0
    # births see the clamped and migrated women: 0.1·½(1000+0) + 0.1·½(0+950)
    assert P[0, 1, 0, 0] == pytest.approx(97.5 / 2.05 * 0.99, rel=1e-14)
    detail = pop.project_detailed(base, survival, fertility, mig, years=1, srb=1.05, birth_survival=(0.99, 0.98))
    assert detail.clamped_cells.tolist() == [[2]]
    assert detail.clamped_people[0, 0] == pytest.approx(10 + 60 - 97.5 * 1.05 / 2.05 * 0.98, rel=1e-13)


def test_observed_births_override():
    base, survival, fertility = hand_case()
    P = pop.project(base, survival, fertility, years=2, births=[[200.0, NAN]], srb=1.05)
    assert P[0, 1, 0, 0] == pytest.approx(200 / 2.05, rel=1e-14)
    # year 2 births are projected again: only the 900 women now aged 21 → 22 (rate 0 at 22) count at 21
    assert P[0, 2, 0, 0] == pytest.approx(0.1 * 0.5 * 900 / 2.05, rel=1e-14)


@pytest.mark.parametrize("broadcast", [False, True])
def test_matches_numpy_reference(broadcast):
    rng = np.random.default_rng(7)
    args = random_inputs(rng, 6, 12, 100, broadcast=broadcast)
    base, survival, fertility, mig, births = args
    kwargs = dict(years=12, srb=1.12, birth_survival=(0.995, 0.994), births=births)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pop.ClampWarning)
        got = pop.project_detailed(base, survival, fertility, mig, **kwargs)
    want, want_births = reference(base, survival, fertility, mig, **kwargs)
    np.testing.assert_allclose(got.population, want, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(got.births, want_births, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    R=st.integers(1, 4),
    T=st.integers(0, 6),
    A=st.integers(50, 70),
    seed=st.integers(0, 2**32 - 1),
    migration=st.booleans(),
    observed=st.booleans(),
    broadcast=st.booleans(),
)
def test_reference_agreement_property(R, T, A, seed, migration, observed, broadcast):
    rng = np.random.default_rng(seed)
    base, survival, fertility, mig, births = random_inputs(
        rng, R, T, A, migration=migration, observed=observed, broadcast=broadcast
    )
    got = pop.project_detailed(base, survival, fertility, mig, years=T, births=births)
    want, want_births = reference(base, survival, fertility, mig, years=T, births=births)
    np.testing.assert_allclose(got.population, want, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(got.births, want_births, rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(R=st.integers(1, 3), T=st.integers(1, 8), A=st.integers(50, 60), seed=st.integers(0, 2**32 - 1))
def test_no_births_deaths_or_moves_conserves_and_shifts(R, T, A, seed):
    base = np.random.default_rng(seed).uniform(0, 500, (R, 2, A + 1))
    P = pop.project(base, np.ones((1, 1, 2, A + 1)), np.zeros((1, 1, 35)), years=T)
    np.testing.assert_allclose(P.sum(axis=(2, 3)), np.repeat(base.sum(axis=(1, 2))[:, None], T + 1, axis=1), rtol=1e-12)
    for t in range(T):
        np.testing.assert_array_equal(P[:, t + 1, :, 1:A], P[:, t, :, : A - 1])
        np.testing.assert_array_equal(P[:, t + 1, :, 0], 0.0)
        np.testing.assert_allclose(P[:, t + 1, :, A], P[:, t, :, A - 1] + P[:, t, :, A], rtol=1e-15)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.floats(0.01, 100.0), T=st.integers(1, 8))
def test_scaling_base_and_migration_scales_result(seed, k, T):
    rng = np.random.default_rng(seed)
    base, survival, fertility, mig, _ = random_inputs(rng, 3, T, 60, observed=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pop.ClampWarning)
        P1 = pop.project(base, survival, fertility, mig, years=T)
        Pk = pop.project(k * base, survival, fertility, k * mig, years=T)
    np.testing.assert_allclose(Pk, k * P1, rtol=1e-11, atol=1e-9 * k)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), T=st.integers(1, 10), extra=st.floats(0.0, 0.05))
def test_more_fertility_never_fewer_people(seed, T, extra):
    rng = np.random.default_rng(seed)
    base, survival, fertility, mig, _ = random_inputs(rng, 2, T, 60, observed=False)
    more = fertility + extra * rng.random(fertility.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pop.ClampWarning)
        low = pop.project_detailed(base, survival, fertility, mig, years=T)
        high = pop.project_detailed(base, survival, more, mig, years=T)
    assert np.all(high.population >= low.population - 1e-9 * np.maximum(1, low.population))
    assert np.all(high.births >= low.births - 1e-9 * np.maximum(1, low.births))


def test_thread_count_does_not_change_a_bit():
    rng = np.random.default_rng(3)
    base, survival, fertility, mig, births = random_inputs(rng, 37, 10, 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pop.ClampWarning)
        one = pop.project(base, survival, fertility, mig, years=10, births=births, threads=1)
        two = pop.project(base, survival, fertility, mig, years=10, births=births, threads=2)
    assert one.tobytes() == two.tobytes()


def test_concurrent_calls_from_python_threads_agree():
    rng = np.random.default_rng(4)
    base, survival, fertility, _, _ = random_inputs(rng, 50, 20, 100, migration=False, observed=False)
    expected = pop.project(base, survival, fertility, years=20)
    results = [None] * 4

    def work(i):
        results[i] = pop.project(base, survival, fertility, years=20, threads=1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for r in results:
        assert r.tobytes() == expected.tobytes()


def test_any_layout_and_dtype_gives_the_same_answer():
    rng = np.random.default_rng(5)
    base, survival, fertility, _, _ = random_inputs(rng, 3, 4, 60, migration=False, observed=False)
    survival32 = survival.astype(np.float32)
    want = pop.project(base, survival32.astype(np.float64), fertility, years=4)
    got = pop.project(np.asfortranarray(base), survival32, fertility.tolist(), years=4)
    np.testing.assert_array_equal(got, want)
    before = base.copy()
    pop.project(base, survival, fertility, years=4)
    np.testing.assert_array_equal(base, before)  # inputs are read, never written


def test_out_array_is_filled_in_place():
    base, survival, fertility = hand_case()
    want = pop.project(base, survival, fertility, years=3)
    out = np.full(want.shape, -1.0)
    got = pop.project(base, survival, fertility, years=3, out=out)
    assert np.shares_memory(got, out)
    np.testing.assert_array_equal(out, want)
    assert problems_of(lambda: pop.project(base, survival, fertility, years=2, out=out)) == [
        f"out: got an array of shape (1, 4, 2, {A + 1}); expected a writeable C-ordered float64 array "
        f"of shape (1, 3, 2, {A + 1})"
    ]
    assert problems_of(lambda: pop.project(base, survival, fertility, years=3, out=out.astype(np.float32)))[0].startswith(
        "out: got ndarray; expected"
    )


def test_zero_years_returns_the_base():
    base, survival, fertility = hand_case()
    P = pop.project(base, survival, fertility, years=0)
    assert P.shape == (1, 1, 2, A + 1)
    np.testing.assert_array_equal(P[:, 0], base)


# --- errors ------------------------------------------------------------------------------------


def problems_of(call):
    with pytest.raises(edplan.InputError) as info:
        call()
    assert isinstance(info.value, ValueError)
    return [str(p) for p in info.value.problems]


def test_errors_name_argument_index_and_value():
    base, survival, fertility = hand_case()
    base[0, 1, 7] = -3
    survival[0, 0, 0, 45] = 1.2
    fertility[0, 0, 0] = 80  # per 1,000 women
    mig = np.zeros((1, 1, 2, A + 1))
    mig[0, 0, 1, 3] = np.inf
    problems = problems_of(lambda: pop.project(base, survival, fertility, mig, years=2, births=[[np.nan, -1.0]]))
    assert problems == [
        "base[region=0, sex=M, age=7]: got -3; expected a count >= 0",
        "survival[region=0, year=0, sex=F, age=45]: got 1.2; expected a probability in [0, 1]",
        "fertility[region=0, year=0, age=15]: got 80; expected births per woman per year in [0, 1] "
        "(divide rates per 1,000 women by 1,000)",
        "migration[region=0, year=0, sex=M, age=3]: got inf; expected a finite number of net migrants",
        "births[region=0, year=1]: got -1; expected a count >= 0, or NaN to project births",
    ]


def test_a_bad_value_found_by_the_kernel_leaves_no_partial_result_in_out():
    # The values are tested as the kernel reads them: a bad one in the last region's last year
    # is found after the other regions were written. The error is the one validation gives, and
    # out= holds NaN, not part of a projection; a wrong out= shape is reported after the inputs.
    rng = np.random.default_rng(3)
    base, survival, fertility, mig, births = random_inputs(rng, 4, 5, A)
    survival[3, 4, 1, 20] = 1.5
    want = ["survival[region=3, year=4, sex=M, age=20]: got 1.5; expected a probability in [0, 1]"]
    for threads in (1, 2):
        out = np.full((4, 6, 2, A + 1), 7.0)
        assert problems_of(lambda: pop.project(base, survival, fertility, mig, years=5, births=births, out=out,
                                               threads=threads)) == want
        assert np.isnan(out).all()
        assert problems_of(lambda: pop.project(base, survival, fertility, mig, years=5, births=births,
                                               threads=threads)) == want
    short = np.full((4, 5, 2, A + 1), 7.0)
    assert problems_of(lambda: pop.project(base, survival, fertility, mig, years=5, births=births, out=short)) == want
    assert (short == 7.0).all()
    survival[3, 4, 1, 20] = 0.9
    out = np.full((4, 6, 2, A + 1), 7.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pop.ClampWarning)
        pop.project(base, survival, fertility, mig, years=5, births=births, out=out)
    np.testing.assert_allclose(out, reference(base, survival, fertility, mig, years=5, births=births)[0],
                               rtol=1e-12, atol=1e-9)


def test_a_large_out_array_gets_the_bits_of_a_fresh_result():
    # Over 16 MiB, an out= array is written with streaming stores and a fresh result with
    # ordinary ones (population/projection.hpp, stream_result_bytes): the same bits either way,
    # on 1 and 2 threads, and the numpy reference's numbers; a bad value fills out= with NaN.
    rng = np.random.default_rng(8)
    R, T = 900, 11
    base, survival, fertility, mig, births = random_inputs(rng, R, T, 100)
    assert R * (T + 1) * 2 * 101 * 8 > 16 << 20
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pop.ClampWarning)
        fresh = pop.project(base, survival, fertility, mig, years=T, births=births, threads=1)
        for threads in (1, 2):
            out = np.full(fresh.shape, 7.0)
            pop.project(base, survival, fertility, mig, years=T, births=births, threads=threads, out=out)
            assert out.tobytes() == fresh.tobytes()
    np.testing.assert_allclose(fresh, reference(base, survival, fertility, mig, years=T, births=births)[0],
                               rtol=1e-12, atol=1e-9)
    mig[R - 1, T - 1, 0, 3] = np.inf
    assert problems_of(lambda: pop.project(base, survival, fertility, mig, years=T, births=births, out=out)) == [
        f"migration[region={R - 1}, year={T - 1}, sex=F, age=3]: got inf; expected a finite number of net migrants"
    ]
    assert np.isnan(out).all()


def test_nan_in_base_is_rejected():
    base, survival, fertility = hand_case()
    base[0, 0, 3] = np.nan
    assert problems_of(lambda: pop.project(base, survival, fertility, years=1)) == [
        "base[region=0, sex=F, age=3]: got nan; expected a count >= 0"
    ]


def test_shape_errors_are_all_reported():
    base, survival, fertility = hand_case()
    problems = problems_of(
        lambda: pop.project(np.zeros((2, 2, A + 1)), np.ones((3, 1, 2, A + 1)), np.zeros((1, 4, 35)), years=2)
    )
    assert problems == [
        "survival: axis 0 (region) has length 3; expected 2 (regions in base) or 1 (the same for all)",
        "fertility: axis 1 (year) has length 4; expected 2 (years) or 1 (the same for all)",
    ]
    assert problems_of(lambda: pop.project(base[0], survival, fertility, years=1)) == [
        f"base: got an array of shape (2, {A + 1}); expected 3 dimensions (region, sex, age)"
    ]
    assert problems_of(lambda: pop.project(np.zeros((1, 2, 30)), np.ones((1, 1, 2, 30)), fertility, years=1)) == [
        "base: axis 2 (age) has length 30; expected at least 51 (ages 0..A with open age A >= 50)"
    ]
    assert problems_of(lambda: pop.project("many people", survival, fertility, years=1)) == [
        "base: got str; expected an array of numbers"
    ]


def test_scalar_errors():
    base, survival, fertility = hand_case()
    problems = problems_of(lambda: pop.project(base, survival, fertility, years=-2, srb=float("nan"),
                                               birth_survival=(1.5, 0.9)))
    assert problems == [
        "years: got -2; expected a number of years >= 0",
        "srb: got nan; expected males per female birth, a finite number > 0 (e.g. 1.06)",
        "birth_survival[F]: got 1.5; expected a probability in [0, 1]",
    ]


def test_a_wholly_wrong_array_lists_ten_cells_and_counts_the_rest():
    base, survival, fertility = hand_case()
    problems = problems_of(lambda: pop.project(base, survival * 100, fertility, years=1))
    assert len(problems) == 11
    assert problems[-1] == "survival: 92 more cells not listed; expected a probability in [0, 1]"


# --- fertility from a TFR path and the long table ----------------------------------------------


def test_fertility_from_tfr():
    shape = np.zeros(35)
    shape[[10, 15]] = [3.0, 1.0]  # ages 25 and 30
    f = pop.fertility_from_tfr(shape, {2023: 1.0, 2033: 1.5}, first_year=2023, years=12)
    assert f.shape == (1, 12, 35)
    assert f[0, 0, 10] == pytest.approx(0.75)
    np.testing.assert_allclose(f.sum(axis=-1)[0], [1.0 + 0.05 * min(t, 10) for t in range(12)], rtol=1e-14)
    constant = pop.fertility_from_tfr(np.ones((3, 35)), 1.05, first_year=2023, years=2)
    assert constant.shape == (3, 2, 35)
    np.testing.assert_allclose(constant.sum(axis=-1), 1.05)
    assert problems_of(lambda: pop.fertility_from_tfr(np.zeros(35), 1.0, first_year=2023, years=2)) == [
        "fertility shape[region=0]: sums to 0; expected a positive age pattern"
    ]
    assert problems_of(lambda: pop.fertility_from_tfr(np.ones(35), {2023: -1.0}, first_year=2023, years=2)) == [
        "tfr[2023]: got -1; expected a TFR >= 0"
    ]


def test_to_frame():
    base, survival, fertility = hand_case()
    P = pop.project(base, survival, fertility, years=2)
    frame = pop.to_frame(P, base_year=2023, regions=["鲤城区"])
    assert list(frame.columns) == ["region", "year", "sex", "age", "count"]
    assert len(frame) == 3 * 2 * (A + 1)
    row = frame[(frame.year == 2024) & (frame.sex == "F") & (frame.age == 21)]
    assert row["count"].item() == pytest.approx(900.0)
    assert row["region"].item() == "鲤城区"
    assert not np.shares_memory(frame["count"].to_numpy(), P)  # the table owns its counts
    with pytest.raises(edplan.InputError, match="regions: got 2 names; expected 1"):
        pop.to_frame(P, base_year=2023, regions=["a", "b"])


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(1, 5), st.booleans())
def test_to_frame_lays_out_cells_as_the_long_table(R, years, ages, named):
    # the table of a MultiIndex over (region, year, sex, age), region slowest: the same rows,
    # values and column dtypes, whether regions are named or numbered
    import pandas as pd

    P = np.arange(R * years * 2 * ages, dtype=float).reshape(R, years, 2, ages) / 7
    names = [f"区{r}" for r in range(R)] if named else None
    index = pd.MultiIndex.from_product([names if named else list(range(R)), np.arange(2030, 2030 + years),
                                        ["F", "M"], np.arange(ages)], names=["region", "year", "sex", "age"])
    expected = pd.DataFrame({"count": P.reshape(-1)}, index=index).reset_index()
    pd.testing.assert_frame_equal(pop.to_frame(P, base_year=2030, regions=names), expected, check_exact=True)
