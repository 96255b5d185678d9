"""Which bank questions apply to a worker, by 层级 (level), 专业 (specialty) and 岗位 (post).

A question lists the layers it applies to; an empty list means it applies to every value of
that layer. Run this before ``draw_paper``, which only draws from what it is given.
"""

from collections.abc import Iterable

from assessments.exams.engine.types import CandidateQuestion

__all__ = ["applicable_candidates", "applies_to"]


def applies_to(
    candidate: CandidateQuestion,
    *,
    level: str | None = None,
    specialty: str | None = None,
    post: str | None = None,
) -> bool:
    """A layer given as ``None`` is not filtered on."""
    return all(
        value is None or not allowed or value in allowed
        for value, allowed in (
            (level, candidate.levels),
            (specialty, candidate.specialties),
            (post, candidate.posts),
        )
    )


def applicable_candidates(
    candidates: Iterable[CandidateQuestion],
    *,
    level: str | None = None,
    specialty: str | None = None,
    post: str | None = None,
) -> tuple[CandidateQuestion, ...]:
    return tuple(
        candidate
        for candidate in candidates
        if applies_to(candidate, level=level, specialty=specialty, post=post)
    )
