"""The assessments app's tables: the question bank's and the exams' models, which live in
their domains (``assessments.bank``, ``assessments.exams``) and keep this app's label."""

from assessments.bank.corrections import AnswerKeyCorrection
from assessments.bank.models import (
    BasisSnapshot,
    Difficulty,
    PreviewJobState,
    Question,
    QuestionImport,
    QuestionPreviewJob,
    QuestionStatus,
    QuestionType,
    QuestionVersion,
)
from assessments.exams.models import (
    Absence,
    AbsenceExcuse,
    AnswerStep,
    Assessment,
    AssessmentKind,
    Assignment,
    Attempt,
    AttemptSlot,
    AttemptState,
    BlueprintRule,
    ExamBlueprint,
    MultipleScoring,
    PreparedBy,
    ReviewPolicy,
    RoutineFrequency,
    RoutineSchedule,
)
from assessments.exams.prepared import PreparedPaper

__all__ = [
    "Absence",
    "AbsenceExcuse",
    "AnswerKeyCorrection",
    "AnswerStep",
    "Assessment",
    "AssessmentKind",
    "Assignment",
    "Attempt",
    "AttemptSlot",
    "AttemptState",
    "BasisSnapshot",
    "BlueprintRule",
    "Difficulty",
    "ExamBlueprint",
    "MultipleScoring",
    "PreparedBy",
    "PreparedPaper",
    "PreviewJobState",
    "Question",
    "QuestionImport",
    "QuestionPreviewJob",
    "QuestionStatus",
    "QuestionType",
    "QuestionVersion",
    "ReviewPolicy",
    "RoutineFrequency",
    "RoutineSchedule",
]
