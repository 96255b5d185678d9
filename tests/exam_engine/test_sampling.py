import math
import random
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest

from assessments.exams.engine import (
    Person,
    SamplingError,
    allocate_proportionally,
    sample_people,
    sample_size,
)


def workforce(**sizes: int) -> list[Person]:
    """People with consecutive ids, grouped by stratum (post) in the given sizes."""
    people = []
    next_id = 1
    for stratum, size in sizes.items():
        for _ in range(size):
            people.append(Person(id=next_id, stratum=stratum))
            next_id += 1
    return people


def per_stratum(people: list[Person], chosen: tuple[int, ...]) -> Counter[str]:
    stratum_of = {person.id: person.stratum for person in people}
    return Counter(stratum_of[person_id] for person_id in chosen)


class TestAllocation:
    def test_exact_proportions(self):
        allocation = allocate_proportionally({"操作工": 60, "班组长": 30, "安全员": 10}, 10)
        assert allocation == {"操作工": 6, "班组长": 3, "安全员": 1}

    def test_largest_remainder(self):
        # Quotas 4.4, 3.3, 2.3 → floors 4, 3, 2 and the one leftover goes to the largest remainder.
        allocation = allocate_proportionally({"a": 44, "b": 33, "c": 23}, 10)
        assert allocation == {"a": 5, "b": 3, "c": 2}

    def test_at_least_one_per_stratum_when_the_sample_allows(self):
        allocation = allocate_proportionally({"大岗位": 97, "小岗位1": 2, "小岗位2": 1}, 5)
        assert allocation == {"大岗位": 3, "小岗位1": 1, "小岗位2": 1}

    def test_small_samples_favour_the_biggest_strata(self):
        allocation = allocate_proportionally({"a": 50, "b": 30, "c": 20}, 2)
        assert allocation == {"a": 1, "b": 1, "c": 0}

    def test_ties_are_broken_by_the_rng_not_always_by_name(self):
        winners = {
            name
            for seed in range(30)
            for name, places in allocate_proportionally(
                {"a": 10, "b": 10, "c": 10}, 1, random.Random(seed)
            ).items()
            if places
        }
        assert winners == {"a", "b", "c"}

    def test_never_exceeds_a_stratum_and_always_sums_to_total(self):
        rng = random.Random(5)
        for _ in range(300):
            sizes = {f"s{i}": rng.randint(0, 12) for i in range(rng.randint(1, 6))}
            population = sum(sizes.values())
            total = rng.randint(0, population)
            allocation = allocate_proportionally(sizes, total, random.Random(total))
            assert sum(allocation.values()) == total
            assert all(0 <= allocation[name] <= sizes[name] for name in sizes)
            non_empty = [name for name in sizes if sizes[name]]
            if total >= len(non_empty):
                assert all(allocation[name] >= 1 for name in non_empty)
            else:  # plain largest remainder: every stratum gets its quota rounded down or up
                for name in sizes:
                    quota = Fraction(total * sizes[name], population)
                    assert math.floor(quota) <= allocation[name] <= math.ceil(quota)

    def test_empty_strata_get_nothing(self):
        assert allocate_proportionally({"a": 5, "b": 0}, 3) == {"a": 3, "b": 0}

    def test_refuses_impossible_totals(self):
        with pytest.raises(SamplingError):
            allocate_proportionally({"a": 2}, 3)
        with pytest.raises(SamplingError):
            allocate_proportionally({"a": -1}, 0)


class TestSampleSize:
    @pytest.mark.parametrize(
        ("population", "percent", "expected"),
        [(100, 10, 10), (101, 10, 11), (7, "50", 4), (3, Decimal("0.1"), 1), (40, 100, 40)],
    )
    def test_percent_rounds_up(self, population, percent, expected):
        assert sample_size(population, percent=percent) == expected

    def test_count_is_taken_as_is(self):
        assert sample_size(10, count=3) == 3


class TestSamplePeople:
    def test_proportional_by_post(self):
        people = workforce(操作工=60, 班组长=30, 安全员=10)
        chosen = sample_people(people, count=10, seed=1)
        assert per_stratum(people, chosen) == {"操作工": 6, "班组长": 3, "安全员": 1}

    def test_percent(self):
        people = workforce(操作工=45, 班组长=15)
        chosen = sample_people(people, percent=Decimal(20), seed=1)
        assert len(chosen) == 12
        assert per_stratum(people, chosen) == {"操作工": 9, "班组长": 3}

    def test_reproducible_for_a_seed(self):
        people = workforce(a=20, b=13, c=7)
        for seed in range(20):
            assert sample_people(people, count=9, seed=seed) == sample_people(
                people, count=9, seed=seed
            )

    def test_different_seeds_pick_different_people(self):
        people = workforce(a=20, b=13, c=7)
        samples = {sample_people(people, count=9, seed=seed) for seed in range(20)}
        assert len(samples) == 20

    def test_independent_of_input_order(self):
        people = workforce(a=20, b=13, c=7)
        for seed in range(20):
            shuffled = list(people)
            random.Random(seed).shuffle(shuffled)
            assert sample_people(shuffled, count=9, seed=seed) == sample_people(
                people, count=9, seed=seed
            )

    def test_result_is_sorted_unique_and_from_the_population(self):
        people = workforce(a=20, b=13, c=7)
        chosen = sample_people(people, count=15, seed=3)
        assert list(chosen) == sorted(set(chosen))
        assert set(chosen) <= {person.id for person in people}

    def test_whole_population(self):
        people = workforce(a=3, b=2)
        assert sample_people(people, percent=100, seed=0) == (1, 2, 3, 4, 5)
        assert sample_people(people, count=5, seed=0) == (1, 2, 3, 4, 5)

    def test_everyone_is_eventually_chosen(self):
        people = workforce(a=6, b=4)
        chosen = set()
        for seed in range(60):
            chosen.update(sample_people(people, count=2, seed=seed))
        assert chosen == set(range(1, 11))

    def test_empty_population_with_percent(self):
        assert sample_people([], percent=50, seed=0) == ()


class TestSamplingErrors:
    people = workforce(a=5, b=5)

    def test_count_above_population(self):
        with pytest.raises(SamplingError, match="抽取人数11超过总人数10"):
            sample_people(self.people, count=11, seed=0)

    def test_both_or_neither(self):
        with pytest.raises(SamplingError, match="须且只能指定其一"):
            sample_people(self.people, count=2, percent=10, seed=0)
        with pytest.raises(SamplingError, match="须且只能指定其一"):
            sample_people(self.people, seed=0)

    @pytest.mark.parametrize("percent", [0, -5, "100.01", 101])
    def test_percent_outside_range(self, percent):
        with pytest.raises(SamplingError, match="抽取比例须大于0%且不超过100%"):
            sample_people(self.people, percent=percent, seed=0)

    def test_percent_not_a_number(self):
        with pytest.raises(SamplingError, match="抽取比例"):
            sample_people(self.people, percent="十", seed=0)

    @pytest.mark.parametrize("count", [0, -1, True])
    def test_count_must_be_positive(self, count):
        with pytest.raises(SamplingError, match="抽取人数须为正整数"):
            sample_people(self.people, count=count, seed=0)

    def test_duplicate_people(self):
        with pytest.raises(SamplingError, match="人员1重复出现"):
            sample_people([Person(1, "a"), Person(1, "b")], count=1, seed=0)

    def test_seed_must_be_an_int(self):
        with pytest.raises(TypeError):
            sample_people(self.people, count=1, seed="1")  # type: ignore[arg-type]

    def test_is_a_value_error(self):
        assert issubclass(SamplingError, ValueError)
