"""Question versions: keep the latest snapshot in step with the editable question."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from assessments.bank.models import Question, QuestionVersion
from safetykb.audit import Actor


def record_version(question: Question, user: Actor = None) -> QuestionVersion:
    """Snapshot ``question``: update the latest version while unused, else add a new one."""
    content_hash = question.content_hash()
    with transaction.atomic():
        latest = (
            QuestionVersion.objects.select_for_update()
            .filter(question=question)
            .order_by("-number")
            .first()
        )
        if latest is not None and latest.content_hash == content_hash:
            return latest
        if latest is not None and not latest.is_frozen:
            latest.content = question.content()
            latest.content_hash = content_hash
            latest.source_provision_id = question.source_provision_id
            latest.save(update_fields=["content", "content_hash", "source_provision"])
            return latest
        return QuestionVersion.objects.create(
            question=question,
            number=(latest.number + 1) if latest else 1,
            content=question.content(),
            content_hash=content_hash,
            source_provision_id=question.source_provision_id,
            created_by=user,
        )


def freeze_all(version_ids: Iterable[int]) -> int:
    """Freeze many versions in one statement (a paper's worth at attempt start)."""
    return QuestionVersion.objects.filter(pk__in=list(version_ids), used_at=None).update(
        used_at=timezone.now()
    )
