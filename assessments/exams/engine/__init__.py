"""The exam engine core: plain Python, no Django, unit-tested without a database.

Question definitions (``QuestionSnapshot``/``CandidateQuestion``), attempt states
(``AttemptState``) and behaviour (drawing, grading, pass/fail) are kept apart, after
Moodle's question engine; persistence in ``assessments`` wraps these functions.
"""

from assessments.exams.engine.blueprint import POINTS_QUANTUM, Blueprint, DrawRule
from assessments.exams.engine.deadline import effective_deadline, is_expired, remaining_seconds
from assessments.exams.engine.drawing import (
    Paper,
    Slot,
    draw_paper,
    rule_matches,
    split_points_evenly,
)
from assessments.exams.engine.eligibility import applicable_candidates, applies_to
from assessments.exams.engine.errors import (
    BlueprintError,
    DrawError,
    EngineError,
    IllegalTransitionError,
    InsufficientQuestionsError,
    SamplingError,
)
from assessments.exams.engine.grading import GradedResponse, grade_response, normalise_fill_text
from assessments.exams.engine.option_order import fixed_order_reason, may_shuffle_options
from assessments.exams.engine.outcome import (
    AnsweredSlot,
    AttemptResult,
    SlotResult,
    grade_attempt,
    summarise_attempt,
)
from assessments.exams.engine.posted import posted_answer_counts
from assessments.exams.engine.regrading import (
    Flip,
    KeyCorrection,
    ScoreChange,
    corrected_question,
    grade_with_corrections,
    score_change,
)
from assessments.exams.engine.sampling import (
    Person,
    allocate_proportionally,
    sample_people,
    sample_size,
)
from assessments.exams.engine.types import (
    AttemptState,
    CandidateQuestion,
    Difficulty,
    MultipleScoring,
    QuestionSnapshot,
    QuestionType,
    ResponseState,
)

__all__ = [
    "POINTS_QUANTUM",
    "AnsweredSlot",
    "AttemptResult",
    "AttemptState",
    "Blueprint",
    "BlueprintError",
    "CandidateQuestion",
    "Difficulty",
    "DrawError",
    "DrawRule",
    "EngineError",
    "Flip",
    "GradedResponse",
    "IllegalTransitionError",
    "InsufficientQuestionsError",
    "KeyCorrection",
    "MultipleScoring",
    "Paper",
    "Person",
    "QuestionSnapshot",
    "QuestionType",
    "ResponseState",
    "SamplingError",
    "ScoreChange",
    "Slot",
    "SlotResult",
    "allocate_proportionally",
    "applicable_candidates",
    "applies_to",
    "corrected_question",
    "draw_paper",
    "effective_deadline",
    "fixed_order_reason",
    "grade_attempt",
    "grade_response",
    "grade_with_corrections",
    "is_expired",
    "may_shuffle_options",
    "normalise_fill_text",
    "posted_answer_counts",
    "remaining_seconds",
    "rule_matches",
    "sample_people",
    "sample_size",
    "score_change",
    "split_points_evenly",
    "summarise_attempt",
]
