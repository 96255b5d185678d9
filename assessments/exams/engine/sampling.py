"""Choosing workers for a surprise assessment (不定期抽考): a stratified random sample.

Strata are usually posts (岗位). Sample sizes are allocated to strata in proportion to their
size by the largest-remainder (Hamilton) method; then, if the sample has at least one place
per stratum, every non-empty stratum gets at least one person. The result depends only on
the people, the size and the seed — never on input order.
"""

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from assessments.exams.engine.errors import SamplingError
from assessments.exams.engine.types import as_decimal

__all__ = ["Person", "SamplingError", "allocate_proportionally", "sample_people", "sample_size"]


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    stratum: str


def sample_size(
    population: int, *, count: int | None = None, percent: Decimal | int | str | None = None
) -> int:
    """How many people to draw; a percentage rounds up so the sample is never below it."""
    if (count is None) == (percent is None):
        raise SamplingError("抽取人数与抽取比例须且只能指定其一")
    if percent is None:
        if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise SamplingError(f"抽取人数须为正整数，当前为{count}")
        if count > population:
            raise SamplingError(f"抽取人数{count}超过总人数{population}")
        return count
    try:
        rate = as_decimal(percent, "抽取比例")
    except (TypeError, ValueError) as exc:
        raise SamplingError(str(exc)) from exc
    if not 0 < rate <= 100:
        raise SamplingError(f"抽取比例须大于0%且不超过100%，当前为{rate}%")
    return math.ceil(Fraction(rate) * population / 100)


def allocate_proportionally(
    stratum_sizes: Mapping[str, int], total: int, rng: random.Random | None = None
) -> dict[str, int]:
    """Split ``total`` places over strata by largest remainder, at least one each if possible.

    Equal remainders are broken by ``rng`` (by stratum name without one), so a tie does not
    always favour the same post.
    """
    population = sum(stratum_sizes.values())
    if any(size < 0 for size in stratum_sizes.values()):
        raise SamplingError("分层人数不能为负数")
    if not 0 <= total <= population:
        raise SamplingError(f"抽取人数{total}须在0到总人数{population}之间")
    names = sorted(stratum_sizes)
    tie_break = {name: (rng.random() if rng is not None else 0.0) for name in names}
    if population == 0:
        return dict.fromkeys(names, 0)

    quotas = {name: Fraction(total * stratum_sizes[name], population) for name in names}
    allocation = {name: math.floor(quotas[name]) for name in names}
    leftover = total - sum(allocation.values())
    by_remainder = sorted(
        names, key=lambda name: (-(quotas[name] - allocation[name]), tie_break[name], name)
    )
    for name in by_remainder[:leftover]:
        allocation[name] += 1

    non_empty = [name for name in names if stratum_sizes[name] > 0]
    if total >= len(non_empty):
        for name in non_empty:
            if allocation[name] == 0:
                # Take from the most over-represented stratum that can spare one.
                donor = max(
                    (other for other in names if allocation[other] > 1),
                    key=lambda other: (
                        allocation[other] - quotas[other],
                        -tie_break[other],
                        other,
                    ),
                )
                allocation[donor] -= 1
                allocation[name] = 1
    return allocation


def sample_people(
    people: Sequence[Person],
    *,
    count: int | None = None,
    percent: Decimal | int | str | None = None,
    seed: int,
) -> tuple[int, ...]:
    """Return the sorted ids of a stratified random sample of ``people``.

    Give exactly one of ``count`` (people) or ``percent`` (of everyone, rounded up).
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"随机种子须为整数，当前为{seed!r}")
    by_stratum: dict[str, list[int]] = {}
    seen_ids: set[int] = set()
    for person in people:
        if person.id in seen_ids:
            raise SamplingError(f"人员{person.id}重复出现")
        seen_ids.add(person.id)
        by_stratum.setdefault(person.stratum, []).append(person.id)

    size = sample_size(len(seen_ids), count=count, percent=percent)
    rng = random.Random(seed)
    allocation = allocate_proportionally(
        {stratum: len(ids) for stratum, ids in by_stratum.items()}, size, rng
    )
    chosen: list[int] = []
    for stratum in sorted(by_stratum):
        chosen.extend(rng.sample(sorted(by_stratum[stratum]), allocation[stratum]))
    return tuple(sorted(chosen))
