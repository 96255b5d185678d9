"""Near-duplicate questions among a paper's candidates, scored by the bank's duplicate check."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from django.core.cache import cache

from assessments.exams.engine import CandidateQuestion
from assessments.models import Question
from importers.questions.normalize import DUPLICATE_THRESHOLD, near_duplicate_pairs

#: How long a bank's conflicts are reused. Scoring is ~0.2 s for 1,000 questions and
#: ~0.7-1.2 s for 3,000 (measured on the 2-core machine); a routine round starts hundreds
#: of papers from one bank within minutes. The key holds every candidate's version, so a
#: new version (any edit of a used question) is scored at once; an edit of a question no
#: paper used yet may wait this long to be seen.
CACHE_SECONDS = 600


def conflicts_for(candidates: Sequence[CandidateQuestion]) -> dict[int, frozenset[int]]:
    """``near_duplicate_conflicts`` of a paper's candidates, cached per set of versions."""
    versions = sorted((c.question_id, c.version_id) for c in candidates)
    digest = hashlib.sha256(repr(versions).encode()).hexdigest()
    return cache.get_or_set(
        f"assessments:near-duplicates:{digest}",
        lambda: near_duplicate_conflicts(question_id for question_id, _ in versions),
        CACHE_SECONDS,
    )


def near_duplicate_conflicts(
    question_ids: Iterable[int], threshold: float = DUPLICATE_THRESHOLD
) -> dict[int, frozenset[int]]:
    """For ``draw_paper(conflicts=…)``: each question id → the ids that are copies of it.

    Stems and option texts are compared as an import compares the questions of one file,
    so questions sharing a generic stem ("下列说法正确的是") but not their options are not
    copies. One query; the scoring runs on the candidate index, not on every pair.
    """
    rows = Question.objects.filter(pk__in=list(question_ids)).values_list("pk", "stem", "options")
    texts = {
        pk: (stem, tuple(option.get("text", "") for option in options or ()))
        for pk, stem, options in rows
    }
    conflicts: dict[int, set[int]] = {}
    for first, second, _ in near_duplicate_pairs(texts, threshold):
        conflicts.setdefault(first, set()).add(second)
        conflicts.setdefault(second, set()).add(first)
    return {pk: frozenset(others) for pk, others in conflicts.items()}
