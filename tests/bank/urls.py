"""Admin URLs of the question bank, by view name."""

from __future__ import annotations

from django.urls import reverse


def snippet_url(view: str, *args) -> str:
    return reverse(f"wagtailsnippets_assessments_question:{view}", args=args)


def bulk_url(action: str, *ids, next_url: str = "") -> str:
    query = "&".join(f"id={pk}" for pk in ids)
    url = reverse("wagtail_bulk_action", args=["assessments", "question", action]) + "?" + query
    return f"{url}&next={next_url}" if next_url else url


def preview_url(pk: int, mode: str = "") -> str:
    url = reverse("assessments_question_preview", args=[pk])
    return f"{url}?mode={mode}" if mode else url
