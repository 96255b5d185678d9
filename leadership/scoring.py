"""The leadership check's scoring, in plain Python: rubric + measured facts + reviewer
scores → a scorecard (total, per module, each item with its figure or note).

The rubric follows the 安全履职能力评估 practice: four modules, each with items either
measured from the product's records or scored by a reviewer. No Django here; the
models take their choices from these vocabularies, so each is worded once.

Missing data is not zero: a measured item whose source has no figure is reported as
"无数据" and left out of both the points and the maximum, so the percentage reads what
was measured. A reviewed item not yet scored is "待评分" and the card is incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

NO_DATA = "无数据"
PENDING = "待评分"

#: A module scoring below this share of what was measured is shown as weak (the
#: 安全履职能力评估 pass line is 60 of 100).
WEAK_BELOW = Decimal(60)
#: Grades by percentage, highest first.
GRADES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优秀"),
    (Decimal(75), "良好"),
    (Decimal(60), "合格"),
    (Decimal(0), "不合格"),
)
HUNDRED = Decimal(100)
CENT = Decimal("0.1")


class Module(StrEnum):
    """The four modules of the check, in the order a scorecard shows them."""

    LEADERSHIP = "leadership"
    RISK = "risk"
    SKILLS = "skills"
    EMERGENCY = "emergency"

    @property
    def label(self) -> str:
        return MODULE_LABELS[self]


MODULE_LABELS = {
    Module.LEADERSHIP: "安全领导能力",
    Module.RISK: "风险管控能力",
    Module.SKILLS: "安全基本技能",
    Module.EMERGENCY: "应急处置能力",
}


class ItemSort(StrEnum):
    """How an item is scored: measured from the records, or by a reviewer."""

    MEASURED = "measured"
    INTERVIEW = "interview"
    ON_SITE = "on_site"
    EVIDENCE = "evidence"

    @property
    def label(self) -> str:
        return SORT_LABELS[self]

    @property
    def is_measured(self) -> bool:
        return self is ItemSort.MEASURED


SORT_LABELS = {
    ItemSort.MEASURED: "系统取数",
    ItemSort.INTERVIEW: "访谈提问",
    ItemSort.ON_SITE: "现场表现",
    ItemSort.EVIDENCE: "证明材料",
}


class Measure(StrEnum):
    """What a measured item reads. Values are percentages (0–100) or 1/0 for yes/no."""

    COMMITMENT_ON_TIME = "commitment_on_time"
    PLAN_COMPLETION = "plan_completion"
    PROBLEMS_CLOSED_ON_TIME = "problems_closed_on_time"
    TRAINING_PLAN_APPROVED = "training_plan_approved"
    TRAINING_DELIVERY = "training_delivery"
    ROUTINE_PASS_RATE = "routine_pass_rate"
    SURPRISE_PASS_RATE = "surprise_pass_rate"
    OFF_POST_SHARE = "off_post_share"
    CERTIFICATE_GAP_SHARE = "certificate_gap_share"
    SHORT_OF_HOURS_SHARE = "short_of_hours_share"
    OWN_TEST_SCORE = "own_test_score"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    Measure.COMMITMENT_ON_TIME: "年度安全承诺按时签订（是=1，否=0）",
    Measure.PLAN_COMPLETION: "个人安全行动计划完成率（%）",
    Measure.PROBLEMS_CLOSED_ON_TIME: "发现问题按期整改关闭率（%）",
    Measure.TRAINING_PLAN_APPROVED: "年度培训计划已审批（是=1，否=0）",
    Measure.TRAINING_DELIVERY: "年度培训计划执行率（%）",
    Measure.ROUTINE_PASS_RATE: "常态化考核合格率（%）",
    Measure.SURPRISE_PASS_RATE: "不定期抽考合格率（%）",
    Measure.OFF_POST_SHARE: "脱产培训人员占比（%）",
    Measure.CERTIFICATE_GAP_SHARE: "持证缺口人员占比（%）",
    Measure.SHORT_OF_HOURS_SHARE: "学时不足人员占比（%）",
    Measure.OWN_TEST_SCORE: "本人层级知识考核得分率（%）",
}


class ItemStatus(StrEnum):
    SCORED = "scored"
    NO_DATA = "no_data"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class RubricItem:
    """One line of the rubric. Measured items map their figure to points linearly:
    ``full_at`` earns all points, ``zero_at`` none (either may be the larger, so
    "lower is better" figures such as the off-post share need no special case)."""

    key: str
    module: Module
    title: str
    sort: ItemSort
    max_points: Decimal
    measure: Measure | None = None
    full_at: Decimal | None = None
    zero_at: Decimal | None = None
    guidance: str = ""

    def __post_init__(self) -> None:
        if self.max_points <= 0:
            raise ValueError(f"{self.title}: 分值必须大于 0。")
        if self.sort.is_measured:
            if self.measure is None or self.full_at is None or self.zero_at is None:
                raise ValueError(f"{self.title}: 系统取数项须指定取数指标、满分线和零分线。")
            if self.full_at == self.zero_at:
                raise ValueError(f"{self.title}: 满分线和零分线不能相同。")


@dataclass(frozen=True, slots=True)
class Fact:
    """A measured figure: ``value`` (None when the source has no data) and the words
    that show where it comes from, e.g. "12 人中 11 人合格"."""

    value: Decimal | None
    figure: str = ""

    @classmethod
    def missing(cls, why: str = "") -> Fact:
        return cls(None, why or NO_DATA)


@dataclass(frozen=True, slots=True)
class Review:
    """A reviewer's points for one item, with the note that justifies them."""

    points: Decimal
    note: str = ""


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: RubricItem
    status: ItemStatus
    points: Decimal | None
    #: The source figure (measured) or the reviewer's note (reviewed).
    basis: str

    @property
    def counted_max(self) -> Decimal:
        return self.item.max_points if self.status is ItemStatus.SCORED else Decimal(0)


@dataclass(frozen=True, slots=True)
class ModuleResult:
    module: Module
    items: tuple[ItemResult, ...]
    points: Decimal
    counted_max: Decimal
    full_max: Decimal

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.points, self.counted_max)

    @property
    def weak(self) -> bool:
        percent = self.percent
        return percent is not None and percent < WEAK_BELOW


@dataclass(frozen=True, slots=True)
class Scorecard:
    modules: tuple[ModuleResult, ...]
    points: Decimal
    counted_max: Decimal
    full_max: Decimal

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return tuple(result for module in self.modules for result in module.items)

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.points, self.counted_max)

    @property
    def complete(self) -> bool:
        """Every reviewed item is scored (missing measured data does not block signing)."""
        return all(result.status is not ItemStatus.PENDING for result in self.items)

    @property
    def no_data_points(self) -> Decimal:
        return sum(
            (r.item.max_points for r in self.items if r.status is ItemStatus.NO_DATA), Decimal(0)
        )

    @property
    def grade(self) -> str | None:
        percent = self.percent
        if percent is None:
            return None
        return next(label for floor, label in GRADES if percent >= floor)

    @property
    def weak_modules(self) -> tuple[ModuleResult, ...]:
        return tuple(module for module in self.modules if module.weak)


def _percent(points: Decimal, counted_max: Decimal) -> Decimal | None:
    if counted_max <= 0:
        return None
    return (points * HUNDRED / counted_max).quantize(CENT, rounding=ROUND_HALF_UP)


def measured_points(item: RubricItem, value: Decimal) -> Decimal:
    """Points for a measured figure: linear between the zero and full lines, clamped."""
    assert item.full_at is not None and item.zero_at is not None  # checked on creation
    share = (value - item.zero_at) / (item.full_at - item.zero_at)
    share = min(Decimal(1), max(Decimal(0), share))
    return (item.max_points * share).quantize(CENT, rounding=ROUND_HALF_UP)


def check_review(item: RubricItem, review: Review) -> None:
    """Refuse points outside 0..max with a message naming the item."""
    if not Decimal(0) <= review.points <= item.max_points:
        raise ValueError(f"“{item.title}”的得分须在 0 到 {item.max_points} 分之间。")


def score_item(
    item: RubricItem, facts: Mapping[Measure, Fact], reviews: Mapping[str, Review]
) -> ItemResult:
    if item.sort.is_measured:
        assert item.measure is not None
        fact = facts.get(item.measure)
        if fact is None or fact.value is None:
            basis = fact.figure if fact is not None and fact.figure else NO_DATA
            return ItemResult(item, ItemStatus.NO_DATA, None, basis)
        return ItemResult(item, ItemStatus.SCORED, measured_points(item, fact.value), fact.figure)
    review = reviews.get(item.key)
    if review is None:
        return ItemResult(item, ItemStatus.PENDING, None, PENDING)
    check_review(item, review)
    return ItemResult(item, ItemStatus.SCORED, review.points, review.note)


def score(
    items: Iterable[RubricItem], facts: Mapping[Measure, Fact], reviews: Mapping[str, Review]
) -> Scorecard:
    """The scorecard of a check. Raises ValueError for a review outside its item's range
    or two items with the same key."""
    items = tuple(items)
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("评估细则中有重复的条目编号。")
    results = [score_item(item, facts, reviews) for item in items]
    modules = []
    for module in Module:
        in_module = tuple(r for r in results if r.item.module is module)
        if not in_module:
            continue
        modules.append(
            ModuleResult(
                module=module,
                items=in_module,
                points=sum((r.points or Decimal(0) for r in in_module), Decimal(0)),
                counted_max=sum((r.counted_max for r in in_module), Decimal(0)),
                full_max=sum((r.item.max_points for r in in_module), Decimal(0)),
            )
        )
    return Scorecard(
        modules=tuple(modules),
        points=sum((m.points for m in modules), Decimal(0)),
        counted_max=sum((m.counted_max for m in modules), Decimal(0)),
        full_max=sum((m.full_max for m in modules), Decimal(0)),
    )


def item_from_dict(data: Mapping[str, object]) -> RubricItem:
    """A rubric item from its stored snapshot (the check freezes the rubric it used)."""

    def decimal_or_none(value: object) -> Decimal | None:
        return None if value in (None, "") else Decimal(str(value))

    measure = data.get("measure")
    return RubricItem(
        key=str(data["key"]),
        module=Module(str(data["module"])),
        title=str(data["title"]),
        sort=ItemSort(str(data["sort"])),
        max_points=Decimal(str(data["max_points"])),
        measure=Measure(str(measure)) if measure else None,
        full_at=decimal_or_none(data.get("full_at")),
        zero_at=decimal_or_none(data.get("zero_at")),
        guidance=str(data.get("guidance", "")),
    )


def item_to_dict(item: RubricItem) -> dict[str, str | None]:
    return {
        "key": item.key,
        "module": item.module.value,
        "title": item.title,
        "sort": item.sort.value,
        "max_points": str(item.max_points),
        "measure": item.measure.value if item.measure else None,
        "full_at": None if item.full_at is None else str(item.full_at),
        "zero_at": None if item.zero_at is None else str(item.zero_at),
        "guidance": item.guidance,
    }


def fact_from_dict(data: Mapping[str, object]) -> Fact:
    value = data.get("value")
    return Fact(None if value in (None, "") else Decimal(str(value)), str(data.get("figure", "")))


def fact_to_dict(fact: Fact) -> dict[str, str | None]:
    return {"value": None if fact.value is None else str(fact.value), "figure": fact.figure}
