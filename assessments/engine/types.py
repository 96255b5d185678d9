"""Value types shared by the exam engine: question types, attempt states and question data.

Everything here is plain Python (no Django) so persistence can wrap it; enums are
``StrEnum`` so their values are what the database stores.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

__all__ = [
    "DIFFICULTY_LABELS",
    "AttemptState",
    "CandidateQuestion",
    "MultipleScoring",
    "QuestionSnapshot",
    "QuestionType",
    "ResponseState",
    "as_decimal",
    "difficulty_label",
]


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    FILL = "fill"

    @property
    def label(self) -> str:
        return _QUESTION_TYPE_LABELS[self]

    @property
    def has_options(self) -> bool:
        """Whether answers are option keys (everything but fill-in-the-blank)."""
        return self is not QuestionType.FILL

    @property
    def shuffles_options(self) -> bool:
        """Whether option order may be shuffled; 判断题 always shows 正确 before 错误."""
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE)


_QUESTION_TYPE_LABELS = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUE_FALSE: "判断",
    QuestionType.FILL: "填空",
}


# The bank may store difficulty as a code or as the Chinese word; unknown values show as is.
DIFFICULTY_LABELS = {"easy": "易", "medium": "中", "hard": "难"}


def difficulty_label(difficulty: str) -> str:
    return DIFFICULTY_LABELS.get(difficulty, difficulty)


class AttemptState(StrEnum):
    """Closed set of states of one sitting (attempt); move only along ``allowed_transitions``."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    GRADED = "graded"
    NEEDS_GRADING = "needs_grading"
    ABANDONED = "abandoned"

    @property
    def label(self) -> str:
        return _ATTEMPT_STATE_LABELS[self]

    @property
    def is_active(self) -> bool:
        """Answers may still be saved."""
        return self is AttemptState.IN_PROGRESS

    @property
    def is_finished(self) -> bool:
        """The worker can no longer answer (submitted, graded or abandoned)."""
        return self in _FINISHED_STATES

    @property
    def is_terminal(self) -> bool:
        return not _TRANSITIONS[self]

    @property
    def allowed_transitions(self) -> frozenset["AttemptState"]:
        return _TRANSITIONS[self]

    def can_transition_to(self, target: "AttemptState | str") -> bool:
        return AttemptState(target) in _TRANSITIONS[self]


_ATTEMPT_STATE_LABELS = {
    AttemptState.NOT_STARTED: "未开始",
    AttemptState.IN_PROGRESS: "答题中",
    AttemptState.SUBMITTED: "已交卷",
    AttemptState.GRADED: "已评分",
    AttemptState.NEEDS_GRADING: "待人工评分",
    AttemptState.ABANDONED: "已放弃",
}

_FINISHED_STATES = frozenset(
    {
        AttemptState.SUBMITTED,
        AttemptState.GRADED,
        AttemptState.NEEDS_GRADING,
        AttemptState.ABANDONED,
    }
)

# Graded and abandoned are terminal: a regrade changes the grade, not the state.
_TRANSITIONS: dict[AttemptState, frozenset[AttemptState]] = {
    AttemptState.NOT_STARTED: frozenset({AttemptState.IN_PROGRESS, AttemptState.ABANDONED}),
    AttemptState.IN_PROGRESS: frozenset({AttemptState.SUBMITTED, AttemptState.ABANDONED}),
    AttemptState.SUBMITTED: frozenset({AttemptState.GRADED, AttemptState.NEEDS_GRADING}),
    AttemptState.NEEDS_GRADING: frozenset({AttemptState.GRADED}),
    AttemptState.GRADED: frozenset(),
    AttemptState.ABANDONED: frozenset(),
}


class MultipleScoring(StrEnum):
    """How a multiple-answer (多选) question is scored; see ``grading.grade_response``."""

    ALL_OR_NOTHING = "all_or_nothing"
    PARTIAL = "partial"


class ResponseState(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"
    UNANSWERED = "unanswered"


def as_decimal(value: Decimal | int | str, what: str) -> Decimal:
    """Coerce an int/str/Decimal to a finite Decimal; floats are refused (binary rounding)."""
    if isinstance(value, bool | float):
        raise TypeError(f"{what}须为 Decimal、整数或字符串，不能是 {type(value).__name__}")
    try:
        result = value if isinstance(value, Decimal) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"{what}不是有效数字：{value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"{what}不是有效数字：{value!r}")
    return result


def _as_str_tuple(values: Iterable[str], what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        # A bare string would silently become a tuple of characters.
        raise TypeError(f"{what}须为字符串序列，不能是单个字符串：{values!r}")
    return tuple(values)


@dataclass(frozen=True, slots=True)
class QuestionSnapshot:
    """One frozen version of a question as an attempt saw it; grading reads only this.

    ``options`` are option keys in authored order (empty for fill); ``answer`` holds the
    correct keys, or for fill the accepted variants of the single blank.
    """

    version_id: int
    question_id: int
    type: QuestionType
    options: tuple[str, ...]
    answer: tuple[str, ...]
    difficulty: str = ""
    topics: tuple[str, ...] = ()
    points: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", QuestionType(self.type))
        object.__setattr__(self, "options", _as_str_tuple(self.options, "选项"))
        object.__setattr__(self, "answer", _as_str_tuple(self.answer, "答案"))
        object.__setattr__(self, "topics", _as_str_tuple(self.topics, "知识点"))
        if self.points is not None:
            object.__setattr__(self, "points", as_decimal(self.points, "分值"))
        self._check_answer()

    def _check_answer(self) -> None:
        where = f"题目{self.question_id}（版本{self.version_id}）"
        if not self.answer:
            raise ValueError(f"{where}没有标准答案")
        if not self.type.has_options:
            return
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"{where}的选项键重复：{self.options}")
        unknown = [key for key in self.answer if key not in self.options]
        if unknown:
            raise ValueError(f"{where}的答案{unknown}不在选项{self.options}中")
        if self.type is not QuestionType.MULTIPLE and len(self.answer) != 1:
            raise ValueError(f"{where}是{self.type.label}题，须恰有一个答案")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError(f"{where}的答案重复：{self.answer}")


@dataclass(frozen=True, slots=True)
class CandidateQuestion:
    """What drawing needs to know about the current version of a bank question.

    ``levels``/``specialties``/``posts`` are the layers it applies to; empty means all.
    """

    question_id: int
    version_id: int
    type: QuestionType
    difficulty: str = ""
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()
    option_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", QuestionType(self.type))
        for name, label in (
            ("topics", "知识点"),
            ("levels", "层级"),
            ("specialties", "专业"),
            ("posts", "岗位"),
            ("option_keys", "选项"),
        ):
            object.__setattr__(self, name, _as_str_tuple(getattr(self, name), label))
        if len(set(self.option_keys)) != len(self.option_keys):
            raise ValueError(f"题目{self.question_id}的选项键重复：{self.option_keys}")
