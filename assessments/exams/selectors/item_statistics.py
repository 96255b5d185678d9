"""Item statistics of a bank's questions from graded first attempts, for the admin report
and the question's page. The figures are the engine's (``engine.item_statistics``); this
module only reads the rows and decides whose bank a user may analyse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.scoping import profile_of, role_of, shared_bank
from accounts.vocab import ENTERPRISE_MANAGER_ROLES, Role
from assessments.exams.engine.item_statistics import (
    GradedAttempt,
    ItemStatistics,
    QuestionKey,
    SlotOutcome,
)
from assessments.exams.engine.item_statistics import item_statistics as compute
from assessments.exams.engine.keys import answer_keys
from assessments.exams.selectors.answer_secrecy import questions_hidden_from
from assessments.models import AnswerStep, AttemptSlot, AttemptState, Question

#: The roles that keep a jurisdiction's shared bank (editors at the bureau, regulators).
BUREAU_ROLES = (Role.EDITOR, Role.REGULATOR)


def may_read_statistics(user) -> bool:
    return statistics_scope(user) is not None


def statistics_scope(user) -> QuerySet[Question] | None:
    """The bank whose statistics ``user`` reads, or None (no report for this role).

    Safety managers and principals: their enterprise's own bank. Bureau editors and
    regulators: their jurisdiction's shared bank. A superuser without a profile: every
    shared bank. Questions on the user's own open paper are left out (their statistics
    name the correct option).
    """
    role, profile = role_of(user), profile_of(user)
    if role in ENTERPRISE_MANAGER_ROLES and profile.enterprise_id:
        questions = Question.objects.filter(enterprise_id=profile.enterprise_id)
    elif role in BUREAU_ROLES and profile.jurisdiction_id:
        questions = Question.objects.filter(shared_bank(profile.jurisdiction_id))
    elif role is None and user.is_authenticated and user.is_superuser:
        questions = Question.objects.filter(enterprise__isnull=True)
    else:
        return None
    return questions.exclude(pk__in=questions_hidden_from(user).values("pk"))


def statistics_for(question_ids: Iterable[int]) -> dict[int, ItemStatistics]:
    """Statistics of the given questions from every graded first attempt holding them.

    Two queries: the slots (with each attempt's total and the last saved answer as a
    subquery) and the questions' current options and key.
    """
    ids = list(question_ids)
    last_answer = (
        AnswerStep.objects.filter(slot=OuterRef("pk")).order_by("-pk").values("response")[:1]
    )
    rows = (
        AttemptSlot.objects.filter(
            question_version__question_id__in=ids,
            attempt__state=AttemptState.GRADED,
            attempt__number=1,
        )
        .annotate(response=Subquery(last_answer))
        .values_list(
            "attempt_id",
            "attempt__score",
            "question_version__question_id",
            "points",
            "points_awarded",
            "response",
        )
    )
    papers: dict[int, tuple[Decimal, list[SlotOutcome]]] = {}
    for attempt_id, score, question_id, points, awarded, response in rows:
        fraction = (awarded or Decimal(0)) / points if points else Decimal(0)
        chosen = tuple(str(key) for key in response or ())
        papers.setdefault(attempt_id, (score or Decimal(0), []))[1].append(
            SlotOutcome(question_id, fraction, chosen)
        )
    attempts = [
        GradedAttempt(attempt_id, total, tuple(slots))
        for attempt_id, (total, slots) in papers.items()
    ]
    keys = {
        pk: QuestionKey(
            pk,
            answer_keys(question_type, (option["key"] for option in options or ())),
            tuple(answer or ()),
        )
        for pk, question_type, options, answer in Question.objects.filter(pk__in=ids).values_list(
            "pk", "type", "options", "answer"
        )
    }
    return compute(attempts, keys)


@dataclass(frozen=True)
class ReportRow:
    question: Question
    stats: ItemStatistics


#: ?sort= values → (key, descending by default). Unknown values sort by facility.
SORTS = {
    "facility": lambda row: row.stats.facility,
    "discrimination": lambda row: (
        row.stats.discrimination if row.stats.discrimination is not None else 2.0
    ),
    "attempts": lambda row: row.stats.attempts,
    "flags": lambda row: len(row.stats.flags),
}


def report_rows(
    questions: QuerySet[Question], *, sort: str = "facility", dubious_only: bool = False
) -> list[ReportRow]:
    """One row per question of ``questions`` that has been answered on a graded first
    attempt. ``sort`` is a key of ``SORTS``, with a leading "-" for descending."""
    questions_by_id = {question.pk: question for question in questions.order_by("pk")}
    stats = statistics_for(questions_by_id)
    rows = [ReportRow(questions_by_id[pk], item) for pk, item in stats.items()]
    if dubious_only:
        rows = [row for row in rows if row.stats.is_dubious]
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["facility"])
    return sorted(rows, key=lambda row: (key(row), row.question.pk), reverse=descending)
