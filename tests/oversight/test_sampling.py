"""The spot test's sample: reproducible from its seed, stratified by post (no database)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from assessments.exams.engine import SamplingError
from oversight import sampling
from oversight.sampling import PoolMember

POOL = [
    PoolMember(i, post)
    for i, post in enumerate(["合成岗"] * 10 + ["储运岗"] * 6 + ["中控岗"] * 4 + [""] * 2, start=1)
]


def test_the_same_seed_draws_the_same_people_whatever_the_pool_order():
    request = sampling.SampleRequest(count=6)
    first = sampling.draw(POOL, request, seed=20241206)
    again = sampling.draw(list(reversed(POOL)), request, seed=20241206)
    assert first == again and len(first) == 6


def test_the_stored_pool_and_seed_redraw_the_list():
    request = sampling.SampleRequest(percent=Decimal(30))
    stored = sampling.pool_to_json(POOL)
    assert sampling.draw(sampling.pool_from_json(stored), request, 7) == sampling.draw(
        POOL, request, 7
    )


def test_another_seed_draws_other_people():
    request = sampling.SampleRequest(count=6)
    draws = {sampling.draw(POOL, request, seed) for seed in range(20)}
    assert len(draws) > 1


def test_every_post_is_represented_in_proportion():
    chosen = set(sampling.draw(POOL, sampling.SampleRequest(count=11), seed=3))
    by_post = Counter(m.stratum for m in POOL if m.staff_id in chosen)
    assert by_post["合成岗"] == 5 and by_post["储运岗"] == 3 and by_post["中控岗"] == 2
    assert by_post[sampling.NO_POST] == 1


def test_a_percentage_rounds_up():
    assert len(sampling.draw(POOL, sampling.SampleRequest(percent=Decimal(10)), seed=1)) == 3


@pytest.mark.parametrize(
    ("count", "percent", "message"),
    [
        ("", "", "二选一"),
        ("3", "10", "二选一"),
        ("0", None, "正整数"),
        ("abc", None, "正整数"),
        (None, "150", "0 到 100"),
        (None, "x%", "0 到 100"),
    ],
)
def test_bad_requests_say_what_is_wrong(count, percent, message):
    with pytest.raises(SamplingError, match=message):
        sampling.parse_request(count, percent)


def test_more_people_than_on_post_is_refused():
    with pytest.raises(SamplingError, match="超过"):
        sampling.draw(POOL, sampling.SampleRequest(count=99), seed=1)
    with pytest.raises(SamplingError, match="为空"):
        sampling.draw([], sampling.SampleRequest(count=1), seed=1)


def test_named_people_join_the_sample_once():
    assert sampling.with_named((1, 4), (4, 9)) == (1, 4, 9)
