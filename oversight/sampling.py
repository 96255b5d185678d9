"""Who is tested on site: a stratified random sample of those on post, plus named people.

Pure (no ORM): the same pool, request and seed always give the same list, so the stored
seed and pool let anyone re-draw a spot test's sample and compare. The stratified draw
itself is the exam engine's (``sample_people``: proportional by post, largest remainder);
this module fixes the pool's order and what a stratum is for an inspection.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assessments.exams.engine import Person, SamplingError, sample_people

NO_POST = "未设岗位"
#: Seeds are stored in a BigIntegerField; 48 bits keep them short enough to read aloud.
SEED_BITS = 48


@dataclass(frozen=True, slots=True)
class PoolMember:
    """One person on post that day: their staff id and post (the stratum)."""

    staff_id: int
    post: str

    @property
    def stratum(self) -> str:
        return self.post.strip() or NO_POST


@dataclass(frozen=True, slots=True)
class SampleRequest:
    """Exactly one of ``count`` (people) or ``percent`` (of the pool, rounded up)."""

    count: int | None = None
    percent: Decimal | None = None


def parse_request(count: str | int | None, percent: str | Decimal | None) -> SampleRequest:
    """The inspector's form input as a request; SamplingError names what is wrong."""
    count_text = str(count).strip() if count not in (None, "") else ""
    percent_text = str(percent).strip() if percent not in (None, "") else ""
    if bool(count_text) == bool(percent_text):
        raise SamplingError("请填写抽取人数或抽取比例（二选一）。")
    if count_text:
        if not count_text.isdigit() or int(count_text) < 1:
            raise SamplingError(f"抽取人数应为正整数（当前：{count_text}）。")
        return SampleRequest(count=int(count_text))
    try:
        value = Decimal(percent_text.rstrip("%"))
    except InvalidOperation:
        raise SamplingError(f"抽取比例应为 0 到 100 之间的数（当前：{percent_text}）。") from None
    if not value.is_finite() or not Decimal(0) < value <= Decimal(100):
        raise SamplingError(f"抽取比例应为 0 到 100 之间的数（当前：{percent_text}）。")
    return SampleRequest(percent=value)


def new_seed() -> int:
    return secrets.randbits(SEED_BITS)


def draw(pool: Sequence[PoolMember], request: SampleRequest, seed: int) -> tuple[int, ...]:
    """The sorted staff ids of a stratified random sample of ``pool``.

    The pool's order does not matter (the engine sorts within each stratum).
    """
    if not pool:
        raise SamplingError("当天在岗人员为空，无法抽样。")
    people = [Person(id=member.staff_id, stratum=member.stratum) for member in pool]
    return sample_people(people, count=request.count, percent=request.percent, seed=seed)


def with_named(sampled: Iterable[int], named: Iterable[int]) -> tuple[int, ...]:
    """The list to test: the sample plus the people named on site, each once."""
    return tuple(sorted(set(sampled) | set(named)))


def pool_to_json(pool: Sequence[PoolMember]) -> list[list[int | str]]:
    return [[member.staff_id, member.post] for member in sorted(pool, key=lambda m: m.staff_id)]


def pool_from_json(rows: Sequence[Sequence[int | str]]) -> list[PoolMember]:
    return [PoolMember(staff_id=int(staff_id), post=str(post)) for staff_id, post in rows]
