"""A paper blueprint (组卷规则): which questions to draw, how many, and what they are worth."""

from dataclasses import dataclass
from decimal import Decimal

from assessments.exams.engine.errors import BlueprintError
from assessments.exams.engine.types import QuestionType, as_decimal, difficulty_label

__all__ = ["POINTS_QUANTUM", "Blueprint", "BlueprintError", "DrawRule"]

# Points, marks and scores are kept to the cent (two decimal places).
POINTS_QUANTUM = Decimal("0.01")


def _blueprint_decimal(value: Decimal | int | str, what: str) -> Decimal:
    try:
        result = as_decimal(value, what)
    except (TypeError, ValueError) as exc:
        raise BlueprintError(str(exc)) from exc
    if result != result.quantize(POINTS_QUANTUM):
        raise BlueprintError(f"{what}最多保留两位小数，当前为{value}")
    return result


@dataclass(frozen=True, slots=True)
class DrawRule:
    """Draw ``count`` questions matching every given filter; ``topics`` match if any overlaps.

    ``points_each`` is the value of each drawn question; leave it ``None`` on every rule to
    split the blueprint's total evenly. Counts and points are checked by ``Blueprint``.
    """

    count: int
    type: QuestionType | None = None
    difficulty: str | None = None
    topics: tuple[str, ...] = ()
    points_each: Decimal | None = None

    def __post_init__(self) -> None:
        if self.type is not None:
            try:
                object.__setattr__(self, "type", QuestionType(self.type))
            except ValueError as exc:
                raise BlueprintError(f"未知题型：{self.type!r}") from exc
        if isinstance(self.topics, str):
            raise BlueprintError(f"规则的知识点须为序列，不能是单个字符串：{self.topics!r}")
        object.__setattr__(self, "topics", tuple(self.topics))
        if self.points_each is not None:
            object.__setattr__(
                self, "points_each", _blueprint_decimal(self.points_each, "每题分值")
            )

    def describe(self) -> str:
        """Short Chinese description used in messages, e.g. ``多选，难度中``."""
        parts = []
        if self.type is not None:
            parts.append(self.type.label)
        if self.difficulty is not None:
            parts.append(f"难度{difficulty_label(self.difficulty)}")
        if self.topics:
            parts.append(f"知识点{'/'.join(self.topics)}")
        return "，".join(parts) or "不限题型"


@dataclass(frozen=True, slots=True)
class Blueprint:
    """Rules in paper order (each rule is a section), plus paper-wide settings.

    ``pass_mark`` is in points on the same scale as ``total_points``. Every topic in
    ``required_topics`` must appear on the paper if the bank allows it (see ``draw_paper``).
    """

    rules: tuple[DrawRule, ...]
    required_topics: tuple[str, ...] = ()
    shuffle_questions: bool = True
    shuffle_options: bool = True
    pass_mark: Decimal = Decimal(80)
    total_points: Decimal = Decimal(100)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", tuple(self.rules))
        if isinstance(self.required_topics, str):
            raise BlueprintError(f"必考知识点须为序列，不能是单个字符串：{self.required_topics!r}")
        # Duplicates are harmless but would be reported twice; keep first-seen order.
        object.__setattr__(self, "required_topics", tuple(dict.fromkeys(self.required_topics)))
        object.__setattr__(self, "total_points", _blueprint_decimal(self.total_points, "试卷总分"))
        object.__setattr__(self, "pass_mark", _blueprint_decimal(self.pass_mark, "及格分"))
        self._validate()

    def _validate(self) -> None:
        if not self.rules:
            raise BlueprintError("组卷规则不能为空")
        for number, rule in enumerate(self.rules, start=1):
            if not isinstance(rule, DrawRule):
                raise BlueprintError(f"规则{number}不是 DrawRule：{rule!r}")
            if isinstance(rule.count, bool) or not isinstance(rule.count, int) or rule.count <= 0:
                raise BlueprintError(f"规则{number}的题目数量须为正整数，当前为{rule.count}")
            if rule.points_each is not None and rule.points_each <= 0:
                raise BlueprintError(f"规则{number}的每题分值须大于0，当前为{rule.points_each}")
        if any(not topic for topic in self.required_topics):
            raise BlueprintError("必考知识点不能为空")
        if self.total_points <= 0:
            raise BlueprintError(f"试卷总分须大于0，当前为{self.total_points}")
        if not 0 < self.pass_mark <= self.total_points:
            raise BlueprintError(
                f"及格分须大于0且不超过试卷总分{self.total_points}，当前为{self.pass_mark}"
            )
        with_points = [rule.points_each is not None for rule in self.rules]
        if any(with_points) and not all(with_points):
            raise BlueprintError("每题分值须在所有规则上都设置，或都不设置（按总分平均分配）")
        if all(with_points):
            rule_total = sum(
                (rule.count * rule.points_each for rule in self.rules if rule.points_each),
                Decimal(0),
            )
            if rule_total != self.total_points:
                raise BlueprintError(
                    f"各规则分值合计{rule_total}分，与试卷总分{self.total_points}分不符"
                )
        if self.question_count * POINTS_QUANTUM > self.total_points:
            raise BlueprintError(
                f"试卷共{self.question_count}题，总分{self.total_points}分不足以每题至少0.01分"
            )

    @property
    def question_count(self) -> int:
        return sum(rule.count for rule in self.rules)

    @property
    def has_fixed_points(self) -> bool:
        """True when every rule sets ``points_each``; otherwise points are split evenly."""
        return self.rules[0].points_each is not None
