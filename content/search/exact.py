"""The provisions a query names outright (``references.Reference``), from the chunk table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from .models import Chunk, SourceType
from .references import NAME_MARKS, Reference, matching_titles, named_titles

#: A bare "第二十八条" names an article of every law in the index; show this many of them.
MAX_EXACT_HITS = 5


@dataclass(frozen=True, slots=True)
class NamedLookup:
    """What a named reference found: one chunk per provision, best first, and the live
    titles its law's name matched (None when it named no law)."""

    chunks: Sequence[Chunk] = field(default_factory=list)
    titles: list[str] | None = None


def exact_chunks(reference: Reference, candidates: QuerySet[Chunk]) -> NamedLookup:
    """One chunk per provision (its first, whole) that ``reference`` names, best first.

    ``candidates`` is the caller's scoped, filtered chunk queryset. A named document that
    matches no title in it names nothing: the query then gets only the semantic list.
    """
    from content.regulations.models import RegulationPage

    chunks = candidates.filter(source_type=SourceType.REGULATION, piece=False)
    if reference.doc_number:
        pages = RegulationPage.objects.live().filter(doc_number=reference.doc_number)
        chunks = chunks.filter(object_id__in=pages.values("pk"))
    titles = None
    if reference.law:
        # Names from the live pages (hundreds of rows), not a DISTINCT over every chunk
        # (48k on all laws); the chunk filter below still applies the caller's scope.
        live_titles = RegulationPage.objects.live().values_list("title", flat=True)
        titles = matching_titles(reference.law, live_titles)
        if not titles:
            return NamedLookup(titles=titles)
        chunks = chunks.filter(document_title__in=titles)
    if reference.labels:
        chunks = chunks.filter(provision_label__in=reference.labels)
    elif not reference.doc_number:
        return NamedLookup(titles=titles)
    # The document's or provision's first chunk: DISTINCT ON keeps the lowest ordinal. Of
    # those, the laws for every field (no scope terms, like 安全生产法) first: a bare
    # "第二十八条" names that article of every law and is most often asked of the general one.
    firsts_ids = (
        chunks.order_by("object_id", "provision_id", "ordinal")
        .distinct("object_id", "provision_id")
        .values("pk")
    )
    general = Exists(RegulationPage.objects.filter(pk=OuterRef("object_id"), scope_terms=""))
    firsts = list(
        Chunk.objects.filter(pk__in=firsts_ids)
        .annotate(general=general)
        .order_by("-general", "document_title", "provision_id")
        .defer("embedding", "lexical_text", "lexical_context", "lexical_title", "search_vector")[
            : MAX_EXACT_HITS * 4
        ]
    )
    if not reference.labels:  # a 文号 alone: the document, at its first provision
        return NamedLookup(firsts[:1], titles)
    order = {title: rank for rank, title in enumerate(titles or ())}
    asked = {label: rank for rank, label in enumerate(reference.labels)}
    firsts.sort(
        key=lambda chunk: (
            order.get(chunk.document_title, 0),
            not chunk.general,
            chunk.document_title,
            asked.get(chunk.provision_label, 0),
        )
    )
    return NamedLookup(firsts[:MAX_EXACT_HITS], titles)


def unmatched_note(reference: Reference, lookup: NamedLookup) -> str:
    """What a query named by law and number that the index does not hold, said to the
    user above the ranked list ("《…安全生产法》中没有第一千条"); "" when all of it was
    found, or when it exists but the caller's scope or filters left it out."""
    titles = lookup.titles
    if titles is None or not reference.labels:
        return ""
    found = {chunk.provision_label for chunk in lookup.chunks}
    missing = [label for label in reference.labels if label not in found]
    if not missing:
        return ""
    if not titles:
        return f"本库未收录“{reference.law}”，以下是按问题内容查到的结果。"
    held = Chunk.objects.filter(
        source_type=SourceType.REGULATION,
        document_title=titles[0],
        provision_label__in=missing,
    )
    if held.exists():
        return ""
    return f"《{titles[0]}》中没有{'、'.join(missing)}，以下是按问题内容查到的结果。"


def named_document_ids(query: str) -> frozenset[int]:
    """The live regulation pages a query names by title or short form, without naming a
    provision: their provisions come first in the ranking (ranking.fuse_provisions)."""
    from content.regulations.models import RegulationPage

    if not any(mark in query for mark in NAME_MARKS):
        return frozenset()
    pages = dict(RegulationPage.objects.live().values_list("title", "pk"))
    return frozenset(pages[title] for title in named_titles(query, pages))
