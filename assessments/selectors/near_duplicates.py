"""Near-duplicate questions among a paper's candidates, scored by the bank's duplicate check."""

from __future__ import annotations

from collections.abc import Iterable

from importers.questions.normalize import DUPLICATE_THRESHOLD, near_duplicate_pairs

from ..models import Question


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
