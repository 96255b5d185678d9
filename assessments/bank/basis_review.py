"""依据已修订，待复核: questions whose cited provision changed when its regulation was
published again (a re-import with the same 文号, or an edit in Wagtail).

Each question citing a provision keeps the text it was written or last reviewed against
(``BasisSnapshot``). After a regulation page's publish is committed, the task worker
compares every snapshot of that page with the provision rows now live: a changed text
(whitespace ignored) or a provision that is gone flags the question. A flagged question
is drawn nowhere (papers, prepared papers, practice) until an editor reviews it:
已复核，无需修改 clears the flag, saving the question (a new version) clears it, and 停用
retires it. Every flag and every review is audit-logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from assessments.bank.models import BasisSnapshot, Question, QuestionStatus
from assessments.bank.search_phrasings import schedule_bank_phrasing_refresh
from assessments.bank.text_diff import Segment, same_text, text_diff
from safetykb.audit import SYSTEM, Actor, audit
from safetykb.models import AuditKind

#: The rule the system flags on (shown as "系统（规则：…）").
RULE_PROVISION_AMENDED = "依据条款在法规发布新版本后已修改或删除，引用它的题目暂停使用，待复核"
PROVISION_CHANGED = "条款内容已修改"
PROVISION_REMOVED = "条款已删除"

REVIEWED_UNCHANGED = "已复核，无需修改"
REVIEWED_EDITED = "编辑题目并保存新版本"
REVIEWED_RETIRED = "停用题目"


def record_basis(question: Question, *, user: Actor, reason: str = REVIEWED_EDITED) -> None:
    """After a save: the question is now checked against its provision's current text.

    Saving a flagged question is its review (the editor saw the flag on the edit page).
    """
    from content.regulations.models import Provision

    provision = (
        Provision.objects.filter(pk=question.source_provision_id)
        .values("pk", "page_id", "label", "text")
        .first()
        if question.source_provision_id
        else None
    )
    if provision is None:
        BasisSnapshot.objects.filter(question_id=question.pk).delete()
    else:
        BasisSnapshot.objects.update_or_create(
            question_id=question.pk,
            defaults={
                "page_id": provision["page_id"],
                "provision_id": provision["pk"],
                "label": provision["label"],
                "text": provision["text"],
                "checked_at": timezone.now(),
            },
        )
    if question.basis_amended_at is not None:
        _clear_flag(question, user=user, reason=reason)


def flag_amended_questions(page_id: int) -> int:
    """Flag the questions whose provision on ``page_id`` changed or went away; returns how
    many were flagged. Run after the publish is committed (the live rows are the new text)."""
    from content.regulations.models import Provision

    live = {
        pk: text for pk, text in Provision.objects.filter(page_id=page_id).values_list("pk", "text")
    }
    now = timezone.now()
    flagged = 0
    with transaction.atomic():
        snapshots = (
            BasisSnapshot.objects.select_for_update(of=("self",))
            .filter(page_id=page_id, question__basis_amended_at__isnull=True)
            .select_related("question")
            .order_by("question_id")
        )
        for snapshot in snapshots:
            new_text = live.get(snapshot.provision_id)
            if new_text is not None and same_text(snapshot.text, new_text):
                continue
            question = snapshot.question
            Question.objects.filter(pk=question.pk).update(basis_amended_at=now)
            audit(
                AuditKind.BASIS_AMENDED,
                actor=SYSTEM,
                rule=RULE_PROVISION_AMENDED,
                reason=PROVISION_REMOVED if new_text is None else PROVISION_CHANGED,
                enterprise_id=question.enterprise_id,
                question_id=question.pk,
                page_id=page_id,
                provision_id=snapshot.provision_id,
                provision_label=snapshot.label,
                old_text=snapshot.text,
                new_text=new_text or "",
            )
            flagged += 1
        if flagged:
            schedule_bank_phrasing_refresh()  # a flagged question no longer asks in search
    return flagged


def confirm_basis(question: Question, *, user: Actor) -> None:
    """已复核，无需修改: the question stands against the provision's new text."""
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.basis_amended_at is None:
            return
        record_basis(question, user=user, reason=REVIEWED_UNCHANGED)


def retire_flagged(question: Question, *, user: Actor) -> None:
    """停用: the question is retired and leaves the queue."""
    from assessments.bank.services import retire_questions

    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        retire_questions([question], user=user)
        if question.basis_amended_at is not None:
            _clear_flag(question, user=user, reason=REVIEWED_RETIRED)


def _clear_flag(question: Question, *, user: Actor, reason: str) -> None:
    Question.objects.filter(pk=question.pk).update(basis_amended_at=None)
    question.basis_amended_at = None
    schedule_bank_phrasing_refresh()
    audit(
        AuditKind.BASIS_REVIEWED,
        actor=user,
        reason=reason,
        enterprise_id=question.enterprise_id,
        question_id=question.pk,
    )


# Reading the queue ----------------------------------------------------------------------


def flagged_questions(questions: QuerySet[Question]) -> QuerySet[Question]:
    """The flagged ones among ``questions`` that are still in use (a retired question keeps
    its flag, so bringing it back needs a review too, but waits in no queue)."""
    return questions.filter(basis_amended_at__isnull=False).exclude(status=QuestionStatus.RETIRED)


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    label: str
    regulation: str
    removed: bool
    old: list[Segment]
    new: list[Segment]


def review_items(questions: QuerySet[Question]) -> list[ReviewItem]:
    """Each flagged question with its provision's old and new text, diffed."""
    from content.regulations.models import Provision

    rows = list(
        flagged_questions(questions)
        .select_related("basis_snapshot__page")
        .order_by("basis_amended_at", "pk")
    )
    snapshots = [getattr(q, "basis_snapshot", None) for q in rows]
    live = dict(
        Provision.objects.filter(
            pk__in=[s.provision_id for s in snapshots if s is not None]
        ).values_list("pk", "text")
    )
    items = []
    for question, snapshot in zip(rows, snapshots, strict=True):
        old = snapshot.text if snapshot else ""
        new = live.get(snapshot.provision_id) if snapshot else None
        left, right = text_diff(old, new or "")
        items.append(
            ReviewItem(
                question=question,
                label=snapshot.label if snapshot else "",
                regulation=snapshot.page.title if snapshot else "",
                removed=new is None,
                old=left,
                new=right,
            )
        )
    return items
