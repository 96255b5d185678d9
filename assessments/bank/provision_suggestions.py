"""Suggesting the provision a question tests, with the knowledge-base search.

The query is the stem with its blanks filled by the correct answer, so the text reads like
the provision it came from; an editor confirms or changes the suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from assessments.bank.models import Question
from assessments.bank.question_points import point_text

# Exam questions copy their provision's wording, so the lexical arm alone ranks best here:
# benchmarks/provision_suggestions.py measured top-1 0.955 (lexical) vs 0.926 (hybrid) on
# the demo bank, equal on the sample bank, at an eighth of the time. Hybrid is the fallback.
SUGGESTION_MODE = "lexical"


@dataclass(frozen=True)
class Suggestion:
    provision_id: int
    document: str
    label: str
    score: float


def suggestion_query(question_type: str, stem: str, options: list[dict], answer: list[str]) -> str:
    """Stem with blanks replaced by the answer text; 判断题 use the statement itself."""
    return point_text(question_type, stem, options, answer)


def suggest_for(
    question_type: str, stem: str, options: list[dict], answer: list[str], *, limit: int = 3
) -> list[Suggestion]:
    from content.search.querying import SearchFilters, search

    query = suggestion_query(question_type, stem, options, answer)
    filters = SearchFilters(source_types=("regulation",), statuses=())
    results = search(query, limit=limit, filters=filters, mode=SUGGESTION_MODE)
    if not results.hits:
        results = search(query, limit=limit, filters=filters, mode="hybrid")
    return [
        Suggestion(hit.provision_id, hit.document, hit.provision, hit.score)
        for hit in results.hits
        if hit.provision_id is not None
    ]


def suggest_for_question(question: Question, *, limit: int = 3) -> list[Suggestion]:
    return suggest_for(question.type, question.stem, question.options, question.answer, limit=limit)


def store_suggestions(questions) -> int:
    """Record the top suggestion on each question that has no confirmed provision."""
    updated = 0
    for question in questions:
        suggestions = suggest_for_question(question, limit=1)
        suggested = suggestions[0].provision_id if suggestions else None
        if suggested != question.suggested_provision_id:
            with transaction.atomic():
                Question.objects.filter(pk=question.pk).update(suggested_provision_id=suggested)
            updated += 1
    return updated
