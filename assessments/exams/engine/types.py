"""Value types shared by the exam engine: question types, attempt states and question data.

Everything here is plain Python (no Django) so persistence can wrap it; enums are
``StrEnum`` so their values are what the database stores.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import EnumType, StrEnum, nonmember

from assessments.exams.engine.errors import IllegalTransitionError

__all__ = [
    "DIFFICULTY_LABELS",
    "AttemptState",
    "CandidateQuestion",
    "Difficulty",
    "IllegalTransitionError",
    "LabelledEnum",
    "MultipleScoring",
    "QuestionSnapshot",
    "QuestionType",
    "ResponseState",
    "as_decimal",
    "difficulty_label",
]


class _LabelledEnumType(EnumType):
    """Gives a labelled enum the class attributes Django's ``TextChoices`` has."""

    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in _members(cls)]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in _members(cls)]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in _members(cls)]


class LabelledEnum(StrEnum, metaclass=_LabelledEnumType):
    """A ``StrEnum`` whose members carry their Chinese label: ``A = "a", "标签"``.

    The one definition of a vocabulary: the engine uses the members, the models build
    their field ``choices`` from ``.choices`` (Django's ``TextChoices`` needs Django,
    which the engine must not import). Members compare equal to their stored value.
    """

    _label_: str

    # ``label`` has a default only for the type checker: a lookup ``QuestionType("fill")``
    # goes through the enum's value map, never through ``__new__``.
    def __new__(cls, value: str, label: str = "") -> "LabelledEnum":
        member = str.__new__(cls, value)
        member._value_ = value
        member._label_ = label
        return member

    @property
    def label(self) -> str:
        return self._label_

    # Django templates call callables; an enum class must not be called there.
    do_not_call_in_templates = nonmember(True)


def _members(cls: EnumType) -> "list[LabelledEnum]":
    return list(cls)


class QuestionType(LabelledEnum):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"
    TRUE_FALSE = "true_false", "判断"
    FILL = "fill", "填空"

    @property
    def has_options(self) -> bool:
        """Whether answers are option keys (everything but fill-in-the-blank)."""
        return self is not QuestionType.FILL

    @property
    def shuffles_options(self) -> bool:
        """Whether option order may be shuffled; 判断题 always shows 正确 before 错误."""
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE)


class Difficulty(LabelledEnum):
    EASY = "easy", "易"
    MEDIUM = "medium", "中"
    HARD = "hard", "难"


# The bank may store difficulty as a code or as the Chinese word; unknown values show as is.
DIFFICULTY_LABELS: dict[str, str] = dict(Difficulty.choices)


def difficulty_label(difficulty: str) -> str:
    return DIFFICULTY_LABELS.get(difficulty, difficulty)


class AttemptState(LabelledEnum):
    """Closed set of states of one sitting (attempt); move only along ``allowed_transitions``.

    The labels are the ones workers and admins already saw on pages and in the admin
    (作答中, 待评分, 已作废). ``NOT_STARTED`` is never stored: an attempt row is created
    in progress.
    """

    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "作答中"
    SUBMITTED = "submitted", "已交卷"
    GRADED = "graded", "已评分"
    NEEDS_GRADING = "needs_grading", "待评分"
    ABANDONED = "abandoned", "已作废"

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

    def transition_to(self, target: "AttemptState | str") -> "AttemptState":
        """``target`` as a state if this state may move there; else ``IllegalTransitionError``."""
        target = AttemptState(target)
        if not self.can_transition_to(target):
            raise IllegalTransitionError(f"答卷状态不能从“{self.label}”变为“{target.label}”")
        return target


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


class MultipleScoring(LabelledEnum):
    """How a multiple-answer (多选) question is scored; see ``grading.grade_response``."""

    ALL_OR_NOTHING = "all_or_nothing", "全对才得分"
    PARTIAL = "partial", "按比例得分"


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
        from assessments.exams.engine.keys import (  # keys.py builds on this module
            KeyProblem,
            key_problems,
        )

        where = f"题目{self.question_id}（版本{self.version_id}）"
        if self.type.has_options and len(set(self.options)) != len(self.options):
            raise ValueError(f"{where}的选项键重复：{self.options}")
        issues = key_problems(self.type, self.options, self.answer)
        if not issues:
            return
        issue = issues[0]
        messages = {
            KeyProblem.NO_ANSWER: f"{where}没有标准答案",
            KeyProblem.NOT_IN_OPTIONS: f"{where}的答案{list(issue.keys)}不在选项{self.options}中",
            KeyProblem.DUPLICATE: f"{where}的答案重复：{self.answer}",
            KeyProblem.MANY_FOR_ONE: f"{where}是{self.type.label}题，须恰有一个答案",
            KeyProblem.MULTIPLE_WITH_ONE: f"{where}是多选题，须至少有两个答案",
        }
        raise ValueError(messages[issue.problem])


@dataclass(frozen=True, slots=True)
class CandidateQuestion:
    """What drawing needs to know about the current version of a bank question.

    ``levels``/``specialties``/``posts`` are the layers it applies to; empty means all.
    ``option_texts`` are the options' texts in authored order (for ``may_shuffle_options``).
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
    option_texts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", QuestionType(self.type))
        for name, label in (
            ("topics", "知识点"),
            ("levels", "层级"),
            ("specialties", "专业"),
            ("posts", "岗位"),
            ("option_keys", "选项"),
            ("option_texts", "选项内容"),
        ):
            object.__setattr__(self, name, _as_str_tuple(getattr(self, name), label))
        if len(set(self.option_keys)) != len(self.option_keys):
            raise ValueError(f"题目{self.question_id}的选项键重复：{self.option_keys}")
