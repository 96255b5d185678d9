"""Twins: questions citing one provision that test the same point (never on one paper).

A question's point text (``question_points.point_text``) is embedded with the sentence
model alone (m3e-small, ``vectors.sentence_embedder``; TWIN_COSINE is its cosine) by the task worker after a save commits; then every pair of questions
compared under the same provision (the confirmed 依据, else the suggested one) whose
vectors' cosine reaches ``TWIN_COSINE`` is stored as a ``QuestionTwin``. A draw reads
the stored pairs only (``exams.selectors.near_duplicates``): no model, no vectors, on the
way to a paper.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from assessments.bank.models import Question, QuestionEmbedding, QuestionTwin
from assessments.bank.question_points import TWIN_COSINE, point_text, twin_pairs
from safetykb.transactions import on_commit_once


@dataclass(frozen=True)
class TwinRefresh:
    embedded: int
    moved: int
    twins: int | None  # None: nothing changed, the pairs were left as they were


def text_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()


def refresh_twins(*, threshold: float = TWIN_COSINE) -> TwinRefresh:
    """Embed the questions whose point text (or the model) changed, note the ones whose
    provision changed, and rebuild the pairs if anything did."""
    from content.search.vectors import sentence_embedder, sentence_model_name

    model = sentence_model_name()
    stored = {
        pk: (digest, provision_id)
        for pk, digest, provision_id in QuestionEmbedding.objects.values_list(
            "question_id", "text_hash", "provision_id"
        )
    }
    to_embed: list[tuple[int, str, str, int | None]] = []
    moved: list[tuple[int, int | None]] = []
    rows = Question.objects.order_by("pk").values_list(
        "pk", "type", "stem", "options", "answer", "source_provision_id", "suggested_provision_id"
    )
    for pk, question_type, stem, options, answer, source_id, suggested_id in rows.iterator():
        text = point_text(question_type, stem, options or [], answer or [])
        digest = text_hash(model, text)
        provision_id = source_id or suggested_id
        known = stored.get(pk)
        if known is None or known[0] != digest:
            to_embed.append((pk, text, digest, provision_id))
        elif known[1] != provision_id:
            moved.append((pk, provision_id))
    if not to_embed and not moved:
        return TwinRefresh(embedded=0, moved=0, twins=None)
    vectors = sentence_embedder().encode([text for _, text, _, _ in to_embed]) if to_embed else []
    with transaction.atomic():
        QuestionEmbedding.objects.bulk_create(
            [
                QuestionEmbedding(
                    question_id=pk, provision_id=provision_id, text_hash=digest, vector=vector
                )
                for (pk, _, digest, provision_id), vector in zip(to_embed, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["question"],
            update_fields=["provision", "text_hash", "vector"],
        )
        for pk, provision_id in moved:
            QuestionEmbedding.objects.filter(question_id=pk).update(provision_id=provision_id)
        twins = rebuild_twins(threshold)
    return TwinRefresh(embedded=len(to_embed), moved=len(moved), twins=twins)


def rebuild_twins(threshold: float = TWIN_COSINE) -> int:
    """Replace every stored pair with the pairs the stored vectors give now."""
    groups: dict[int, list] = defaultdict(list)
    rows = QuestionEmbedding.objects.filter(provision__isnull=False).values_list(
        "question_id", "provision_id", "vector"
    )
    for pk, provision_id, vector in rows.iterator():
        groups[provision_id].append((pk, vector))
    pairs = twin_pairs(groups, threshold)
    with transaction.atomic():
        QuestionTwin.objects.all().delete()
        QuestionTwin.objects.bulk_create(
            QuestionTwin(first_id=first, second_id=second, cosine=cosine)
            for first, second, cosine in pairs
        )
    return len(pairs)


def schedule_twin_refresh() -> None:
    """After this transaction commits, have the worker refresh the twins (once per
    transaction, however many questions it saved: an import saves hundreds)."""
    on_commit_once(_enqueue_refresh)


def _enqueue_refresh() -> None:
    from assessments.bank.tasks import refresh_question_twins

    refresh_question_twins.enqueue()
