"""What gets indexed: chunk drafts for a regulation page, a catalogue item, a culture page.

A draft is everything a `Chunk` row holds except the embedding and the tokens; building
one reads the live source and nothing else. Regulations chunk per provision (heading path
from the provisions above it); culture articles per section (a heading block starts one);
a catalogue item is one chunk.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

from django.utils.html import strip_tags

from .chunking import (
    PATH_SEPARATOR,
    Chunk,
    ProvisionInput,
    chunk_provision,
    pieces_with_leads,
)
from .models import SourceType

CATALOGUE_TITLE = "淘汰落后危险化学品安全生产工艺技术设备目录"
PREAMBLE_LABEL = "正文"
# Chunks longer than this also get sentence-sized pieces (see Chunk.piece); a piece's
# ordinal is PIECE_ORDINAL_BASE + its running number within the provision.
PIECE_CHARS = 120
PIECE_ORDINAL_BASE = 1000
# Editors' 常见问法 of a provision: ordinals from here (pieces never reach it).
PHRASING_ORDINAL_BASE = 20000
BANK_PHRASING_ORDINAL_BASE = 26000

# Texts by provision id, for one regulation page: how a provision is asked for.
PhrasingSource = Callable[[int], dict[int, list[str]]]
# The question bank's questions citing a provision ask for it the way exams and workers
# do. Content never imports the bank: the bank registers its reader here
# (`register_bank_phrasings`), and indexing a regulation page reads them through it.
_bank_phrasing_sources: list[PhrasingSource] = []
IN_FORCE = "in_force"


@dataclass(frozen=True, slots=True)
class ChunkDraft:
    """One chunk to write; `context` is the heading path below the document title."""

    anchor: str
    ordinal: int
    provision_id: int | None
    provision_label: str
    document_title: str
    context: tuple[str, ...]
    text: str
    url: str
    piece: bool = False
    phrasing: bool = False
    from_bank: bool = False  # a phrasing taken from the question bank, not an editor's

    @property
    def heading_path(self) -> str:
        return PATH_SEPARATOR.join((self.document_title, *self.context))


@dataclass(frozen=True, slots=True)
class SourceDrafts:
    """All chunks of one source, with the metadata they share.

    `version` identifies the live content read (the live revision), so a writer can tell
    whether the source changed while its chunks were being embedded.
    """

    source_type: str
    model_label: str  # "app_label.model" of the content type
    object_id: int
    version: int | None
    chunks: tuple[ChunkDraft, ...]
    status: str = IN_FORCE
    level: str = ""
    authority: str = ""
    tags: tuple[str, ...] = ()
    issue_date: date | None = None
    effective_date: date | None = None
    enterprise_id: int | None = None


def regulation_drafts(page) -> SourceDrafts:
    """Chunks of a RegulationPage: its preamble, then every provision with text."""
    page_url = page.get_url() or ""
    provisions = page.provisions.all().order_by("sort_order")
    return SourceDrafts(
        source_type=SourceType.REGULATION,
        model_label="regulations.regulationpage",
        object_id=page.pk,
        version=page.live_revision_id,
        chunks=tuple(
            with_phrasings(
                with_phrasings(
                    provision_drafts(
                        page.title,
                        page_url,
                        page.preamble,
                        provisions,
                        intro=getattr(page, "attachment_intro", ""),
                    ),
                    live_phrasings(page.pk),
                ),
                bank_phrasings(page.pk),
                from_bank=True,
            )
        ),
        status=page.status,
        level=page.level,
        authority=page.authority,
        tags=tuple(sorted(page.tags.names())),
        issue_date=page.issue_date,
        effective_date=page.effective_date,
    )


def provision_drafts(
    title: str, page_url: str, preamble: str, provisions: Iterable, intro: str = ""
) -> list[ChunkDraft]:
    """Chunks of a regulation's preamble and provisions, in document order.

    `provisions` are Provision rows or anything with pk, anchor, label, heading, text and
    depth (the latency benchmark passes importer records); the heading path comes from
    the provisions above each one, by depth.
    """
    chunks: list[ChunkDraft] = []
    # The body before the first provision (a notice's own text, an attachment's intro) has
    # no anchor on the page: its chunks link to the page itself.
    for anchor, text in (("preamble", preamble), ("intro", intro)):
        if text.strip():
            item = ProvisionInput(anchor=anchor, label="", heading=PREAMBLE_LABEL, text=text)
            chunks += _drafts(title, item, None, PREAMBLE_LABEL, page_url)
    stack: list[tuple[int, str]] = []  # (depth, "label heading") of the open ancestors
    for provision in provisions:
        while stack and stack[-1][0] >= provision.depth:
            stack.pop()
        own = " ".join(p for p in (provision.label.strip(), provision.heading.strip()) if p)
        item = ProvisionInput(
            anchor=provision.anchor,
            label=provision.label,
            heading=provision.heading,
            text=with_heading(provision.heading, provision.text),
            path=tuple(heading for _, heading in stack),
        )
        url = f"{page_url}#{provision.anchor}" if provision.anchor else page_url
        chunks += _drafts(title, item, provision.pk, provision.label.strip(), url)
        stack.append((provision.depth, own))
    return chunks


def live_phrasings(page_id: int) -> dict[int, list[str]]:
    """The enabled 常见问法 of a regulation page's provisions, by provision id."""
    from .models import CommonPhrasing

    phrasings: dict[int, list[str]] = {}
    for provision_id, text in (
        CommonPhrasing.objects.filter(provision__page_id=page_id, live=True)
        .order_by("pk")
        .values_list("provision_id", "text")
    ):
        phrasings.setdefault(provision_id, []).append(text)
    return phrasings


def register_bank_phrasings(source: PhrasingSource) -> None:
    """Index what `source` returns for a page as hidden phrasings of its provisions."""
    if source not in _bank_phrasing_sources:
        _bank_phrasing_sources.append(source)


def bank_phrasings(page_id: int) -> dict[int, list[str]]:
    """The registered sources' phrasings of a regulation page's provisions, by provision id."""
    merged: dict[int, list[str]] = {}
    for source in _bank_phrasing_sources:
        for provision_id, texts in source(page_id).items():
            merged.setdefault(provision_id, []).extend(texts)
    return merged


def with_phrasings(
    drafts: list[ChunkDraft], phrasings: dict[int, list[str]], *, from_bank: bool = False
) -> list[ChunkDraft]:
    """`drafts` plus one hidden chunk per phrasing (an editor's 常见问法, or with `from_bank`
    a bank question's), pointing where its provision's first chunk does (same anchor,
    provision id and url: the fusion counts it as the provision).

    A provision without chunks (no text) gets none: there would be nothing to show.
    """
    if not phrasings:
        return drafts
    first: dict[int, ChunkDraft] = {}
    for draft in drafts:
        if draft.provision_id is not None and not draft.piece:
            first.setdefault(draft.provision_id, draft)
    extra = []
    base = BANK_PHRASING_ORDINAL_BASE if from_bank else PHRASING_ORDINAL_BASE
    for provision_id, texts in phrasings.items():
        whole = first.get(provision_id)
        for number, text in enumerate(texts) if whole else ():
            extra.append(
                replace(
                    whole,
                    ordinal=base + number,
                    text=text,
                    piece=True,
                    phrasing=True,
                    from_bank=from_bank,
                )
            )
    return [*drafts, *extra]


def catalogue_drafts(item) -> SourceDrafts:
    """The one chunk of an EliminatedItem: name, disposal, risk, scope, deadline, replacement."""
    regulation = item.regulation if item.regulation_id and item.regulation.live else None
    title = regulation.title if regulation else CATALOGUE_TITLE
    label = f"{item.batch}第{item.number}项" if item.number else item.batch
    lines = [f"{item.name}（{item.get_category_display()}，{item.get_action_display()}）"]
    for name, value in (
        ("主要安全风险", item.main_risk),
        ("适用范围", item.scope),
        ("改造期限", item.deadline),
        ("可替代的技术装备", item.replacement),
    ):
        if value.strip():
            lines.append(f"{name}：{value.strip()}")
    provision = ProvisionInput(
        anchor=f"item-{item.pk}", label=label, heading=item.name, text="\n".join(lines)
    )
    return SourceDrafts(
        source_type=SourceType.CATALOGUE,
        model_label="catalogue.eliminateditem",
        object_id=item.pk,
        version=item.live_revision_id,
        chunks=tuple(_drafts(title, provision, None, label, item.get_absolute_url() or "")),
        level=regulation.level if regulation else "",
        authority=regulation.authority if regulation else "",
        tags=tuple(
            t for t in (item.batch, item.get_category_display(), item.get_action_display()) if t
        ),
        issue_date=regulation.issue_date if regulation else None,
        effective_date=regulation.effective_date if regulation else None,
    )


def culture_drafts(page) -> SourceDrafts:
    """Chunks of a CulturePage: the summary (with accident facts), then each body section."""
    page_url = page.get_url() or ""
    sections: list[tuple[str, list[str]]] = []
    facts = [
        f"{name}：{value}"
        for name, value in (
            ("事故日期", page.accident_date.isoformat() if page.accident_date else ""),
            ("事故地点", page.accident_place),
            ("伤亡情况", page.casualties),
        )
        if value
    ]
    if page.summary.strip() or facts:
        sections.append(("摘要", [page.summary.strip(), *facts]))
    in_body = False  # text before the first heading gets its own untitled section
    for heading, text in culture_sections(page.body):
        if heading or not in_body:
            sections.append((heading, []))
            in_body = True
        sections[-1][1].append(text)
    chunks: list[ChunkDraft] = []
    for number, (heading, texts) in enumerate(sections, start=1):
        provision = ProvisionInput(
            anchor=f"s{number}", label="", heading=heading, text="\n".join(t for t in texts if t)
        )
        # A text fragment scrolls browsers that support it to the section heading.
        url = f"{page_url}#:~:text={quote(heading)}" if heading and number > 1 else page_url
        chunks += _drafts(page.title, provision, None, heading, url)
    return SourceDrafts(
        source_type=SourceType.CULTURE,
        model_label="culture.culturepage",
        object_id=page.pk,
        version=page.live_revision_id,
        chunks=tuple(chunks),
        tags=tuple(t for t in (page.get_kind_display(), *page.audience_level_labels()) if t),
        issue_date=page.date,
    )


def with_heading(heading: str, text: str) -> str:
    """A provision's text as the document reads it: "（八）加强….深刻汲取…" starts with its heading.

    Work-points items put their key sentence in the heading; a hit's text must show it.
    A heading with no text of its own (a section title) stays out: it gives no chunk.
    """
    heading, text = heading.strip(), text.strip()
    if not heading or not text:
        return text
    return f"{heading}{'' if heading[-1] in _SENTENCE_ENDS else '。'}{text}"


_SENTENCE_ENDS = "。；！？.;!?"


def culture_sections(body: Iterable) -> Iterable[tuple[str, str]]:
    """(heading or "", plain text) per StreamField block; a heading yields ("heading", "")."""
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "heading":
            yield str(value).strip(), ""
        elif kind == "paragraph":
            yield "", rich_text_to_plain(getattr(value, "source", str(value)))
        elif kind == "callout":
            title, text = value.get("title") or "", value.get("text") or ""
            yield "", f"{title}：{text}" if title else text
        else:
            yield "", str(value)


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|blockquote)>|<br\s*/?>", re.IGNORECASE)


def rich_text_to_plain(source: str) -> str:
    """Rich-text HTML as plain text, one line per paragraph or list item."""
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", source)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _drafts(
    title: str, provision: ProvisionInput, provision_id: int | None, label: str, url: str
) -> list[ChunkDraft]:
    """A provision's chunks, then the sentence-sized pieces of those longer than PIECE_CHARS;
    a piece starting with a list's item carries the sentence that introduces the list."""
    chunks = chunk_provision(title, provision)
    drafts = [
        _draft(chunk, chunk.text, chunk.ordinal, provision_id, label, url) for chunk in chunks
    ]
    ordinal = PIECE_ORDINAL_BASE
    for chunk in chunks:
        pieces = pieces_with_leads(chunk.text, PIECE_CHARS) if len(chunk.text) > PIECE_CHARS else []
        for text in pieces if len(pieces) > 1 else []:
            drafts.append(_draft(chunk, text, ordinal, provision_id, label, url, piece=True))
            ordinal += 1
    return drafts


def _draft(
    chunk: Chunk,
    text: str,
    ordinal: int,
    provision_id: int | None,
    label: str,
    url: str,
    piece: bool = False,
) -> ChunkDraft:
    return ChunkDraft(
        anchor=chunk.anchor,
        ordinal=ordinal,
        provision_id=provision_id,
        provision_label=label,
        document_title=chunk.heading_path[0],
        context=tuple(chunk.heading_path[1:]),
        text=text,
        url=url,
        piece=piece,
    )


def embedding_input(draft: ChunkDraft) -> str:
    """What the model reads for a chunk: its text alone.

    Measured on the dev set and our statute questions with m3e-small: prefixing the
    heading path (a long notice title, "中华人民共和国…法 › 第三章 …") drowns a short
    provision's meaning — vector hit@1 fell from 0.56 to 0.06 on the dev set. Headings
    still count lexically, and a notice item's heading sentence is part of its text.
    """
    return draft.text


def chunk_embedding_input(chunk) -> str:
    """What the model reads for a stored Chunk: the same as `embedding_input` of its draft
    (indexing stores `draft.text` as `Chunk.text`); change both together."""
    return chunk.text
