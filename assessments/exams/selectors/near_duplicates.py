"""Near-duplicate questions among a paper's candidates: copies (the bank's lexical duplicate
check) and twins (the same point of the same provision, ``assessments.bank.twins``).

The lexical check alone misses one rule asked three ways: the demo's 脱产培训 rule (通知
（一）) as "考核不合格的，应当（ ）" with the rule as option D, as "应当按照（ ）培训标准脱产培训"
with 新上岗人员 as option B, and as the 判断题 "…可由所在班组安排随岗学习…无需脱产培训" —
stems and options share too few characters to score as copies (0.9), while their point
texts' embeddings are close. Twins are precomputed by the task worker; reading them is
one query on the pairs table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from django.core.cache import cache

from assessments.exams.engine import CandidateQuestion
from assessments.models import Question, QuestionTwin
from importers.questions.normalize import DUPLICATE_THRESHOLD, near_duplicate_pairs

#: How long a bank's conflicts are reused. Scoring is ~0.2 s for 1,000 questions and
#: ~0.7-1.2 s for 3,000 (measured on the 2-core machine); a routine round starts hundreds
#: of papers from one bank within minutes. The key holds every candidate's version, so a
#: new version (any edit of a used question) is scored at once; an edit of a question no
#: paper used yet may wait this long to be seen.
CACHE_SECONDS = 600


def conflicts_for(candidates: Sequence[CandidateQuestion]) -> dict[int, frozenset[int]]:
    """``near_duplicate_conflicts`` of a paper's candidates: the copies cached per set of
    versions, the stored twins read each time (one query: the worker rebuilds them after
    any save, in another process than this cache's)."""
    versions = sorted((c.question_id, c.version_id) for c in candidates)
    digest = hashlib.sha256(repr(versions).encode()).hexdigest()
    copies = cache.get_or_set(
        f"assessments:near-duplicates:{digest}",
        lambda: copy_conflicts(question_id for question_id, _ in versions),
        CACHE_SECONDS,
    )
    return _merged(copies, twin_pairs_among(question_id for question_id, _ in versions))


def near_duplicate_conflicts(
    question_ids: Iterable[int], threshold: float = DUPLICATE_THRESHOLD
) -> dict[int, frozenset[int]]:
    """For ``draw_paper(conflicts=…)``: each question id → the ids that are copies or twins
    of it (two queries, nothing cached)."""
    ids = list(question_ids)
    return _merged(copy_conflicts(ids, threshold), twin_pairs_among(ids))


def copy_conflicts(
    question_ids: Iterable[int], threshold: float = DUPLICATE_THRESHOLD
) -> dict[int, frozenset[int]]:
    """Each question id → the ids that are copies of it.

    Stems and option texts are compared as an import compares the questions of one file,
    so questions sharing a generic stem ("下列说法正确的是") but not their options are not
    copies. One query; the scoring runs on the candidate index, not on every pair.
    """
    rows = Question.objects.filter(pk__in=list(question_ids)).values_list("pk", "stem", "options")
    texts = {
        pk: (stem, tuple(option.get("text", "") for option in options or ()))
        for pk, stem, options in rows
    }
    pairs = [(first, second) for first, second, _ in near_duplicate_pairs(texts, threshold)]
    return _merged({}, pairs)


def _merged(
    conflicts: dict[int, frozenset[int]], pairs: Iterable[tuple[int, int]]
) -> dict[int, frozenset[int]]:
    merged: dict[int, set[int]] = {pk: set(others) for pk, others in conflicts.items()}
    for first, second in pairs:
        merged.setdefault(first, set()).add(second)
        merged.setdefault(second, set()).add(first)
    return {pk: frozenset(others) for pk, others in merged.items()}


def twin_pairs_among(question_ids: Iterable[int]) -> list[tuple[int, int]]:
    """The stored twins (same provision, same point) with both questions in ``question_ids``."""
    ids = set(question_ids)
    rows = QuestionTwin.objects.filter(first_id__in=ids).values_list("first_id", "second_id")
    return [(first, second) for first, second in rows if second in ids]
