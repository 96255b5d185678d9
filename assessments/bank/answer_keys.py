"""The answer key in force for frozen question versions: the latest correction, if any.

Grading always asks here (submits and regrades alike), so an attempt still in progress
when a key is corrected is graded with the corrected key when it is handed in.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from assessments.bank.corrections import AnswerKeyCorrection
from assessments.bank.models import QuestionVersion
from assessments.exams.engine import KeyCorrection


def corrections_in_force(version_ids: Iterable[int]) -> dict[int, KeyCorrection]:
    """Version id → its latest correction, for the versions that have one (one query)."""
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    rows = (
        AnswerKeyCorrection.objects.filter(version_id__in=ids)
        .order_by("version_id", "-pk")
        .distinct("version_id")
        .values_list("version_id", "answer", "full_marks")
    )
    return {
        version_id: KeyCorrection(version_id, () if full_marks else tuple(answer), full_marks)
        for version_id, answer, full_marks in rows
    }


def latest_correction(version: QuestionVersion) -> AnswerKeyCorrection | None:
    return version.corrections.order_by("-pk").first()


def lock_versions_for_grading(version_ids: Iterable[int]) -> None:
    """Share-lock the versions a paper uses until the grading transaction ends.

    A regrade holds the version FOR UPDATE, so a paper graded concurrently either waits
    and sees the new correction, or is committed first and is then regraded. Django has
    no FOR SHARE (``select_for_update`` would serialise concurrent submits), hence SQL.
    """
    ids = sorted(set(version_ids))
    if not ids:
        return
    table = connection.ops.quote_name(QuestionVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [ids])
