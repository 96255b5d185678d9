"""Read queries for the exam pages (writes live in `assessments.exams.services`).

Every function takes an already-scoped object or queryset (from `accounts.scoping`), so a
page can only ever show what its viewer may see.
"""

from assessments.exams.selectors.examinee import (
    ExamCard,
    OptionView,
    PaperQuestion,
    PaperSlot,
    ReviewItem,
    WorkerExams,
    answer_text,
    clock,
    finished_attempts,
    option_views,
    paper_questions,
    paper_slots,
    pending_exams,
    review_items,
    review_visible,
    seconds_left,
    start_refusal,
    worker_exams,
)
from assessments.exams.selectors.launching import blueprints_for, strata_of

__all__ = [
    "ExamCard",
    "OptionView",
    "PaperQuestion",
    "PaperSlot",
    "ReviewItem",
    "WorkerExams",
    "answer_text",
    "blueprints_for",
    "clock",
    "finished_attempts",
    "option_views",
    "paper_questions",
    "paper_slots",
    "pending_exams",
    "review_items",
    "review_visible",
    "seconds_left",
    "start_refusal",
    "strata_of",
    "worker_exams",
]
