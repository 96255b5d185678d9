"""Whether a bank can fill a blueprint (题库够不够抽): per-rule counts and a trial draw.

A blueprint targets every combination of its levels, specialties and posts; a rule is
only as well supplied as the worst-served of those audiences, because each worker draws
from the questions that apply to them (``applicable_candidates``). Used by the admin to
refuse a blueprint the bank cannot serve and to show how many questions each rule has.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from assessments.exams.engine.blueprint import Blueprint, DrawRule
from assessments.exams.engine.drawing import draw_paper, rule_matches
from assessments.exams.engine.eligibility import applicable_candidates
from assessments.exams.engine.errors import InsufficientQuestionsError
from assessments.exams.engine.types import CandidateQuestion

__all__ = [
    "Audience",
    "RuleSupply",
    "audiences_of",
    "rule_supply",
    "trial_draw_shortfall",
    "uncovered_required_topics",
]


@dataclass(frozen=True, slots=True)
class Audience:
    """One kind of examinee a blueprint targets; ``None`` means that layer is not filtered."""

    level: str | None = None
    specialty: str | None = None
    post: str | None = None

    def applicable(self, candidates: Sequence[CandidateQuestion]) -> tuple[CandidateQuestion, ...]:
        return applicable_candidates(
            candidates, level=self.level, specialty=self.specialty, post=self.post
        )


def audiences_of(
    levels: Sequence[str], specialties: Sequence[str], posts: Sequence[str]
) -> tuple[Audience, ...]:
    """Every level × specialty × post the blueprint names; an empty list is one unfiltered value."""
    return tuple(
        Audience(level, specialty, post)
        for level, specialty, post in product(
            _or_unfiltered(levels), _or_unfiltered(specialties), _or_unfiltered(posts)
        )
    )


def _or_unfiltered(values: Sequence[str]) -> Sequence[str | None]:
    return values or (None,)


@dataclass(frozen=True, slots=True)
class RuleSupply:
    """How many bank questions match rule ``number`` (1-based) for its worst-served audience."""

    number: int
    rule: DrawRule
    available: int
    audience: Audience

    @property
    def sufficient(self) -> bool:
        return self.available >= self.rule.count


def rule_supply(
    rules: Sequence[DrawRule],
    candidates: Sequence[CandidateQuestion],
    audiences: Sequence[Audience] = (Audience(),),
) -> tuple[RuleSupply, ...]:
    """Per rule, the smallest number of matching questions any audience can draw from."""
    matching = [[c for c in candidates if rule_matches(rule, c)] for rule in rules]
    supplies = []
    for number, (rule, pool) in enumerate(zip(rules, matching, strict=True), start=1):
        counts = [(len(audience.applicable(pool)), audience) for audience in audiences]
        available, audience = min(counts, key=lambda pair: pair[0])
        supplies.append(RuleSupply(number, rule, available, audience))
    return tuple(supplies)


def trial_draw_shortfall(
    blueprint: Blueprint,
    candidates: Sequence[CandidateQuestion],
    audiences: Sequence[Audience] = (Audience(),),
) -> tuple[InsufficientQuestionsError, Audience] | None:
    """Draw once per audience as a fresh worker would; the first refusal, or None.

    Catches what per-rule counts miss: overlapping rules competing for the same questions.
    """
    for audience in audiences:
        try:
            draw_paper(blueprint, audience.applicable(candidates), (), seed=0)
        except InsufficientQuestionsError as exc:
            return exc, audience
    return None


def uncovered_required_topics(
    blueprint: Blueprint,
    candidates: Sequence[CandidateQuestion],
    audiences: Sequence[Audience] = (Audience(),),
) -> tuple[tuple[str, ...], Audience] | None:
    """Required topics a fresh worker's paper would miss, for the first audience that misses
    any (the topics have no question the rules can take), or None when every paper covers them.

    Audiences whose paper cannot be drawn at all are ``trial_draw_shortfall``'s to report.
    """
    if not blueprint.required_topics:
        return None
    for audience in audiences:
        try:
            paper = draw_paper(blueprint, audience.applicable(candidates), (), seed=0)
        except InsufficientQuestionsError:
            continue
        if paper.uncovered_topics:
            return paper.uncovered_topics, audience
    return None
