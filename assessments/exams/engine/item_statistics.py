"""Item statistics from graded attempts: how easy each question was, whether it separates
strong from weak examinees, and how its options drew answers (after Moodle's quiz
statistics, classical test theory).

Pure: the caller passes graded attempts (first attempts by default, as Moodle does:
later attempts repeat what the person has seen) and each question's options and key.

- **Facility index**: the mean fraction of the slot's points scored, 0..1 (1 = everyone
  right). Partial credit on a 多选 counts as its fraction.
- **Discrimination index** (Kelley's upper-lower groups): among the attempts holding the
  question, rank by total score; the top and bottom 27 % (at least one each) are the
  upper and lower groups; the index is the upper group's mean fraction minus the lower
  group's, -1..1. Papers are drawn at random, so each question is ranked among the
  attempts that saw it. Ties at a group's edge are broken by attempt id, so the figure
  is reproducible.
- **Options**: how often each option key was chosen, by all and by the upper group
  (counted by key, not by the letter shown: shuffled papers show a key under different
  letters).
- **Flags** (only from ``min_attempts`` attempts up: below that they are noise): facility
  above 0.95 or below 0.2, discrimination below 0.2, a distractor nobody picks, a
  distractor the upper group picks more often than the key (for 多选, than the least
  picked correct option).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assessments.exams.engine.types import LabelledEnum

__all__ = [
    "DISCRIMINATION_MIN",
    "FACILITY_MAX",
    "FACILITY_MIN",
    "GROUP_SHARE",
    "MIN_ATTEMPTS",
    "GradedAttempt",
    "ItemFlag",
    "ItemStatistics",
    "OptionStatistics",
    "QuestionKey",
    "SlotOutcome",
    "group_size",
    "item_statistics",
]

#: Kelley's 27 %: the share that makes the upper and lower groups most distinct for a
#: normally distributed score while keeping them large enough to compare.
GROUP_SHARE = 0.27
#: Above this facility almost everyone is right: the question tells nothing.
FACILITY_MAX = 0.95
#: Below this almost nobody is right: a wrong key, a trick question or an untaught topic.
FACILITY_MIN = 0.2
#: Below this the question hardly separates those who know from those who do not.
DISCRIMINATION_MIN = 0.2
#: Fewer attempts than this give figures but no flags.
MIN_ATTEMPTS = 10


class ItemFlag(LabelledEnum):
    TOO_EASY = "too_easy", "过易（难度系数高于0.95）"
    TOO_HARD = "too_hard", "过难（难度系数低于0.2）"
    LOW_DISCRIMINATION = "low_discrimination", "区分度低于0.2"
    UNUSED_DISTRACTOR = "unused_distractor", "有无人选择的干扰项"
    STRONG_DISTRACTOR = "strong_distractor", "高分组选干扰项多于正确答案"


@dataclass(frozen=True, slots=True)
class SlotOutcome:
    """One question on one graded paper: the fraction of its points scored and the keys chosen."""

    question_id: int
    fraction: Decimal
    chosen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GradedAttempt:
    """One graded paper: its id (to break ties reproducibly), total score and slots."""

    attempt_id: int
    total: Decimal
    slots: tuple[SlotOutcome, ...]


@dataclass(frozen=True, slots=True)
class QuestionKey:
    """A question's option keys in authored order and its correct keys (none for 填空)."""

    question_id: int
    options: tuple[str, ...]
    answer: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OptionStatistics:
    key: str
    is_correct: bool
    chosen: int
    chosen_upper: int
    share: float
    share_upper: float | None


@dataclass(frozen=True, slots=True)
class ItemStatistics:
    question_id: int
    attempts: int
    facility: float
    discrimination: float | None
    group_size: int
    options: tuple[OptionStatistics, ...]
    flags: tuple[ItemFlag, ...]
    unused_distractors: tuple[str, ...] = ()
    strong_distractors: tuple[str, ...] = ()

    @property
    def is_dubious(self) -> bool:
        return bool(self.flags)


def group_size(count: int) -> int:
    """Attempts in each of the upper and lower groups: 27 % rounded half up, at least 1."""
    if count < 2:
        return 0
    return max(1, math.floor(count * GROUP_SHARE + 0.5))


def item_statistics(
    attempts: Iterable[GradedAttempt],
    keys: Mapping[int, QuestionKey],
    *,
    min_attempts: int = MIN_ATTEMPTS,
) -> dict[int, ItemStatistics]:
    """Statistics per question id for every question on any of ``attempts``.

    ``keys`` gives each question's options and answer (a question missing from it gets
    no option figures). A question that appears twice on one paper counts once per slot.
    """
    seen_on: dict[int, list[tuple[Decimal, int, SlotOutcome]]] = {}
    for attempt in attempts:
        for slot in attempt.slots:
            seen_on.setdefault(slot.question_id, []).append(
                (attempt.total, attempt.attempt_id, slot)
            )
    return {
        question_id: _one_item(question_id, rows, keys.get(question_id), min_attempts)
        for question_id, rows in sorted(seen_on.items())
    }


def _mean(values: Sequence[Decimal]) -> float:
    return float(sum(values, Decimal(0)) / len(values)) if values else 0.0


def _one_item(
    question_id: int,
    rows: list[tuple[Decimal, int, SlotOutcome]],
    key: QuestionKey | None,
    min_attempts: int,
) -> ItemStatistics:
    rows.sort(key=lambda row: (row[0], row[1]))  # total score, then attempt id
    count = len(rows)
    size = group_size(count)
    lower = [slot for _, _, slot in rows[:size]]
    upper = [slot for _, _, slot in rows[count - size :]] if size else []
    facility = _mean([slot.fraction for _, _, slot in rows])
    discrimination = (
        _mean([slot.fraction for slot in upper]) - _mean([slot.fraction for slot in lower])
        if size
        else None
    )

    options: list[OptionStatistics] = []
    if key is not None:
        for option in key.options:
            chosen = sum(option in slot.chosen for _, _, slot in rows)
            chosen_upper = sum(option in slot.chosen for slot in upper)
            options.append(
                OptionStatistics(
                    key=option,
                    is_correct=option in key.answer,
                    chosen=chosen,
                    chosen_upper=chosen_upper,
                    share=chosen / count,
                    share_upper=chosen_upper / size if size else None,
                )
            )
    distractors = [option for option in options if not option.is_correct]
    correct = [option for option in options if option.is_correct]
    unused = tuple(option.key for option in distractors if option.chosen == 0)
    weakest_key = min((option.chosen_upper for option in correct), default=None)
    strong = tuple(
        option.key
        for option in distractors
        if weakest_key is not None and option.chosen_upper > weakest_key
    )

    flags: list[ItemFlag] = []
    if count >= min_attempts:
        if facility > FACILITY_MAX:
            flags.append(ItemFlag.TOO_EASY)
        if facility < FACILITY_MIN:
            flags.append(ItemFlag.TOO_HARD)
        if discrimination is not None and discrimination < DISCRIMINATION_MIN:
            flags.append(ItemFlag.LOW_DISCRIMINATION)
        if unused:
            flags.append(ItemFlag.UNUSED_DISTRACTOR)
        if strong:
            flags.append(ItemFlag.STRONG_DISTRACTOR)
    return ItemStatistics(
        question_id=question_id,
        attempts=count,
        facility=facility,
        discrimination=discrimination,
        group_size=size,
        options=tuple(options),
        flags=tuple(flags),
        unused_distractors=unused,
        strong_distractors=strong,
    )
