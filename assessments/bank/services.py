"""Every write to the question bank: save (with its version), import, retire, tag, and
accept a suggested provision. The user is always an explicit argument.

Retiring and tagging touch no part of a question's content (``Question.content()``), so
neither makes a new version; each leaves an entry in the question's Wagtail history.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from assessments.bank.basis_review import record_basis
from assessments.bank.importing import (
    NOTHING_IMPORTABLE,
    ImportPreview,
    QuestionImportError,
    question_fields,
)
from assessments.bank.models import Question, QuestionImport, QuestionStatus, QuestionVersion
from assessments.bank.search_phrasings import schedule_bank_phrasing_refresh
from assessments.bank.twins import schedule_twin_refresh
from assessments.bank.versioning import record_version
from safetykb.audit import Actor

RETIRE_ACTION = "assessments.question.retire"
TAG_ACTION = "assessments.question.tag"


def save_question(question: Question, *, user: Actor) -> QuestionVersion:
    """Save ``question`` and keep its latest version in step, recorded as ``user``'s: an
    unused version is updated, a version already on a paper is kept and a new one made.

    The question is then checked against its provision's current text: a flag
    依据已修订，待复核 is cleared (the save is the editor's review). After commit the worker
    embeds its point and rebuilds the same-point pairs (``bank.twins``)."""
    with transaction.atomic():
        question.save()
        version = record_version(question, user)
        record_basis(question, user=user)
        schedule_twin_refresh()
        return version


def retire_questions(questions: Iterable[Question], *, user: Actor = None) -> int:
    """Set every not-yet-retired question to 停用; returns how many changed. Never deletes."""
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for question in questions:
            if question.status == QuestionStatus.RETIRED:
                continue
            question.status = QuestionStatus.RETIRED
            question.updated_at = now
            # .update(): status is no part of a version's content, so no snapshot is due.
            Question.objects.filter(pk=question.pk).update(
                status=QuestionStatus.RETIRED, updated_at=now
            )
            log(instance=question, action=RETIRE_ACTION, user=user)
            changed += 1
        if changed:
            schedule_bank_phrasing_refresh()  # a retired question no longer asks in search
    return changed


def _merged(current: Sequence[str], extra: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*current, *extra]))


def add_question_tags(
    questions: Iterable[Question],
    *,
    topics: Sequence[str] = (),
    levels: Sequence[str] = (),
    specialties: Sequence[str] = (),
    posts: Sequence[str] = (),
    user: Actor = None,
) -> int:
    """Add tags to every question (existing tags are kept); returns how many changed."""
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for question in questions:
            new = {
                "topics": _merged(question.topics, topics),
                "levels": _merged(question.levels, levels),
                "specialties": _merged(question.specialties, specialties),
                "posts": _merged(question.posts, posts),
            }
            if all(getattr(question, name) == value for name, value in new.items()):
                continue
            for name, value in new.items():
                setattr(question, name, value)
            question.updated_at = now
            Question.objects.filter(pk=question.pk).update(updated_at=now, **new)
            log(instance=question, action=TAG_ACTION, user=user)
            changed += 1
    return changed


ACCEPT_SUGGESTION_ACTION = "assessments.question.accept_suggestion"


def accept_suggested_provisions(questions: Iterable[Question], *, user: Actor = None) -> int:
    """Confirm the search's suggested provision as each question's 依据; returns how many changed.

    The provision is part of a version's content, so this saves through the model (a used
    version is kept and a new one made).
    """
    changed = 0
    with transaction.atomic():
        for question in questions:
            if (
                question.suggested_provision_id is None
                or question.suggested_provision_id == question.source_provision_id
            ):
                continue
            question.source_provision_id = question.suggested_provision_id
            save_question(question, user=user)
            log(instance=question, action=ACCEPT_SUGGESTION_ACTION, user=user)
            changed += 1
    return changed


def import_questions(
    preview: ImportPreview,
    *,
    jurisdiction_id: int,
    enterprise_id: int | None,
    user: Actor = None,
    selected: Collection[int] | None = None,
    excluded: Collection[int] = (),
    file_format: str = "",
) -> QuestionImport:
    """Import the valid questions (those in ``selected`` if given, none of those in
    ``excluded``) in one transaction."""
    if not preview.valid_count:
        raise QuestionImportError(NOTHING_IMPORTABLE)
    chosen = [
        item
        for item in preview.items
        if item.is_valid
        and (selected is None or item.number in selected)
        and item.number not in excluded
    ]
    if not chosen:
        raise QuestionImportError("没有可导入的题目：请至少选择一道没有问题的题目。")
    left_out = [
        {
            "number": item.number,
            "stem": item.question.stem[:80],
            "problems": item.problems or ["未选择"],
        }
        for item in preview.items
        if item not in chosen
    ]
    with transaction.atomic():
        batch = QuestionImport.objects.create(
            filename=preview.filename,
            file_format=file_format or PurePath(preview.filename).suffix.lstrip(".").lower(),
            jurisdiction_id=jurisdiction_id,
            enterprise_id=enterprise_id,
            imported_by=user,
            question_count=len(chosen),
            skipped_count=len(left_out) + len(preview.skipped),
            report=left_out
            + [{"number": None, "stem": "", "problems": [m]} for m in preview.skipped],
        )
        for item in chosen:
            question = Question(
                jurisdiction_id=jurisdiction_id,
                enterprise_id=enterprise_id,
                source_provision_id=item.provision_id,
                import_batch=batch,
                created_by=user,
                status=QuestionStatus.ACTIVE,
                **question_fields(item.question),
            )
            save_question(question, user=user)
        if any(item.provision_id is None for item in chosen):
            transaction.on_commit(lambda: _enqueue_suggestions(batch.pk))
    return batch


def _enqueue_suggestions(import_id: int) -> None:
    from assessments.bank.tasks import suggest_provisions_for_import

    suggest_provisions_for_import.enqueue(import_id)
