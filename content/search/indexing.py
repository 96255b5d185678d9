"""Index services: keep the chunk table in step with live, public content.

Each `index_*` reads the live source, chunks it, embeds only chunks whose content hash
(model + embedded text) has no stored vector yet, and replaces the source's rows in one
transaction. Embedding happens outside the transaction; if the source was republished
meanwhile, the work is redone with the new content. Anything not live (or behind a view
restriction) is removed instead of indexed, so callers need not check.

Serve first: `reindex_all(embed=False)` writes every chunk at once without computing
vectors (the lexical arm answers immediately) and `embed_missing` fills them in later,
in committed batches, on the task worker; `selectors.index_progress` counts how far it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from tqdm import tqdm

from . import lexemes
from .chunking import content_hash
from .glossary_store import active_glossary, clear_glossary_cache
from .models import Chunk, SourceType
from .segment import segment_for_index
from .sources import (
    SourceDrafts,
    catalogue_drafts,
    chunk_embedding_input,
    culture_drafts,
    embedding_input,
    regulation_drafts,
)
from .vectors import TextEmbedder, active_embedder, active_model_name

logger = logging.getLogger("safetykb.search")

EMBED_BATCH = 32  # sentence-transformers batch: bigger gains nothing on 2 CPU cores
LOOKUP_BATCH = 2000
WRITE_BATCH = 500
MAX_ATTEMPTS = 3
PAGE_SOURCES = (SourceType.REGULATION, SourceType.CULTURE)


@dataclass(frozen=True, slots=True)
class IndexOutcome:
    """What indexing one source did: rows now in the index, vectors computed, rows removed."""

    source_type: str
    object_id: int
    written: int = 0
    embedded: int = 0
    removed: int = 0


@dataclass(frozen=True, slots=True)
class ReindexOutcome:
    sources: int
    chunks: int
    embedded: int
    removed: int
    skipped: int  # sources republished while the run embedded; their own task indexes them
    pending: int = 0  # chunks written without a vector (embed=False), for embed_missing


class SourceChanged(Exception):
    """The source's live revision moved on while its chunks were being embedded."""


def index_regulation(page_id: int, *, embedder: TextEmbedder | None = None) -> IndexOutcome:
    from content.regulations.models import RegulationPage

    return _index_with_retry(
        SourceType.REGULATION,
        page_id,
        lambda: _live_public_page(RegulationPage, page_id),
        regulation_drafts,
        embedder,
    )


def index_culture_page(page_id: int, *, embedder: TextEmbedder | None = None) -> IndexOutcome:
    from content.culture.models import CulturePage

    return _index_with_retry(
        SourceType.CULTURE,
        page_id,
        lambda: _live_public_page(CulturePage, page_id),
        culture_drafts,
        embedder,
    )


def index_catalogue_item(pk: int, *, embedder: TextEmbedder | None = None) -> IndexOutcome:
    from content.catalogue.models import EliminatedItem

    def load():
        return EliminatedItem.objects.filter(pk=pk, live=True).select_related("regulation").first()

    return _index_with_retry(SourceType.CATALOGUE, pk, load, catalogue_drafts, embedder)


def remove_source(source_type: str, object_id: int) -> int:
    """Delete a source's chunks; returns how many went."""
    return _delete(Chunk.objects.filter(source_type=source_type, object_id=object_id))


def remove_page(page_id: int) -> int:
    """Delete the chunks of a page of any indexed type (page ids are unique across types)."""
    return _delete(Chunk.objects.filter(source_type__in=PAGE_SOURCES, object_id=page_id))


def _delete(chunks) -> int:
    with transaction.atomic():
        sources = set(chunks.values_list("content_type_id", "object_id").distinct())
        for content_type_id, object_id in sources:
            lexemes.add_source(content_type_id, object_id, -1)
        deleted, _ = chunks.delete()
    return deleted


def reindex_all(
    *,
    force: bool = False,
    progress: bool = False,
    embedder: TextEmbedder | None = None,
    embed: bool = True,
) -> ReindexOutcome:
    """Rebuild the index from every live source and drop everything else.

    Stored vectors are reused by content hash, so after a model change exactly the chunks
    are embedded (all of them); `force` re-embeds even unchanged chunks. With
    `embed=False` nothing is embedded and the model is not even loaded: chunks with no
    stored vector are written without one (`pending`) for `embed_missing`.
    """
    if embed:
        embedder = embedder or active_embedder()
    name = embedder.name if embedder is not None else active_model_name()
    active_glossary()
    drafts = list(_all_live_drafts(progress))
    rows: dict[tuple[str, int], list[Chunk]] = {}
    texts: dict[str, str] = {}
    for draft in drafts:
        rows[(draft.source_type, draft.object_id)], source_texts = _rows(draft, name)
        texts.update(source_texts)
    all_rows = [row for source_rows in rows.values() for row in source_rows]
    if embedder is not None and embed:
        embedded = _fill_embeddings(all_rows, texts, embedder, reuse=not force, progress=progress)
    else:
        embedded = 0
        _reuse_embeddings(all_rows, texts)
    written = skipped = 0
    kept: set[tuple[str, int]] = set()
    for draft in tqdm(drafts, desc="写入索引", unit="篇", disable=not progress):
        key = (draft.source_type, draft.object_id)
        try:
            written += _replace(draft, rows[key])
        except SourceChanged:
            skipped += 1
        kept.add(key)
    removed = _remove_all_but(kept)
    with transaction.atomic():
        lexemes.rebuild()
    pending = sum(row.embedding is None for row in all_rows)
    return ReindexOutcome(len(drafts), written, embedded, removed, skipped, pending)


def embed_missing(
    *, embedder: TextEmbedder | None = None, batch_size: int = EMBED_BATCH * 8
) -> int:
    """Give every chunk without a vector of the active model one; returns how many.

    Each batch is its own transaction, so the search page's progress moves as it goes and
    a stopped worker loses one batch at most. A chunk replaced meanwhile (republished) is
    skipped: its replacement has a higher pk and comes in a later batch. The embedded text
    is the chunk's own (`sources.chunk_embedding_input`), as indexing embeds it.
    """
    embedder = embedder or active_embedder()
    missing = Chunk.objects.exclude(model_name=embedder.name, embedding__isnull=False)
    done = last_pk = 0
    while batch := list(
        missing.filter(pk__gt=last_pk).order_by("pk").only("pk", "text")[:batch_size]
    ):
        last_pk = batch[-1].pk
        texts = {content_hash(embedder.name, chunk_embedding_input(c)): c for c in batch}
        known = _stored_vectors(texts)
        todo = [digest for digest in texts if digest not in known]
        vectors = embedder.encode(
            [chunk_embedding_input(texts[d]) for d in todo], batch_size=EMBED_BATCH
        )
        known.update(zip(todo, vectors, strict=True))
        for chunk in batch:
            chunk.content_hash = content_hash(embedder.name, chunk_embedding_input(chunk))
            chunk.embedding = known[chunk.content_hash]
            chunk.model_name = embedder.name
        Chunk.objects.bulk_update(batch, ["embedding", "model_name", "content_hash"])
        done += len(batch)
    return done


def resegment_chunks(batch_size: int = WRITE_BATCH) -> int:
    """Recompute every chunk's jieba tokens (after a glossary edit); no re-embedding.

    Reads the glossary afresh: this runs on a worker whose cached copy may predate the
    edit or migration that queued it."""
    clear_glossary_cache()
    active_glossary()
    changed = 0
    queryset = Chunk.objects.only(
        "pk", "text", "heading_path", "document_title", "lexical_text", "lexical_context"
    ).order_by("pk")
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        updates = []
        for chunk in batch:
            context = chunk.heading_path.removeprefix(chunk.document_title)
            text, ctx = segment_for_index(chunk.text), segment_for_index(context)
            if (text, ctx) != (chunk.lexical_text, chunk.lexical_context):
                chunk.lexical_text, chunk.lexical_context = text, ctx
                updates.append(chunk)
        Chunk.objects.bulk_update(updates, ["lexical_text", "lexical_context"])
        changed += len(updates)
    with transaction.atomic():
        lexemes.rebuild()
    return changed


def stale_chunk_count(model_name: str) -> int:
    """Chunks without a vector of the given model (the vector arm cannot see them)."""
    return Chunk.objects.exclude(model_name=model_name, embedding__isnull=False).count()


# --- internals -------------------------------------------------------------------------


def _index_with_retry(
    source_type: str,
    object_id: int,
    load: Callable[[], object | None],
    build: Callable[[object], SourceDrafts],
    embedder: TextEmbedder | None,
) -> IndexOutcome:
    for _attempt in range(MAX_ATTEMPTS):
        source = load()
        if source is None:
            return IndexOutcome(
                source_type, object_id, removed=remove_source(source_type, object_id)
            )
        embedder = embedder or active_embedder()
        active_glossary()
        drafts = build(source)
        rows, texts = _rows(drafts, embedder.name)
        embedded = _fill_embeddings(rows, texts, embedder, reuse=True)
        try:
            written = _replace(drafts, rows)
        except SourceChanged:
            continue
        return IndexOutcome(source_type, object_id, written=written, embedded=embedded)
    logger.warning("索引 %s:%s 时内容反复变化，留待下次发布后的任务处理", source_type, object_id)
    return IndexOutcome(source_type, object_id)


def _live_public_page(model, page_id: int):
    page = model.objects.live().filter(pk=page_id).first()
    if page is None or page.get_view_restrictions().exists():
        return None
    return page


def _rows(drafts: SourceDrafts, model_name: str) -> tuple[list[Chunk], dict[str, str]]:
    """Unsaved Chunk rows for a source (without embeddings), and their texts by hash."""
    content_type = _content_type(drafts.model_label)
    segmented: dict[str, str] = {}  # titles and heading paths repeat across chunks and pieces

    def segment(text: str) -> str:
        if text not in segmented:
            segmented[text] = segment_for_index(text)
        return segmented[text]

    rows = []
    texts: dict[str, str] = {}
    for draft in drafts.chunks:
        embedded_text = embedding_input(draft)
        digest = content_hash(model_name, embedded_text)
        texts[digest] = embedded_text
        rows.append(
            Chunk(
                source_type=drafts.source_type,
                content_type=content_type,
                object_id=drafts.object_id,
                provision_id=draft.provision_id,
                enterprise_id=drafts.enterprise_id,
                anchor=draft.anchor,
                ordinal=draft.ordinal,
                piece=draft.piece,
                phrasing=draft.phrasing,
                from_bank=draft.from_bank,
                document_title=draft.document_title[:300],
                provision_label=draft.provision_label[:80],
                heading_path=draft.heading_path,
                url=draft.url[:600],
                text=draft.text,
                status=drafts.status,
                level=drafts.level,
                authority=drafts.authority[:200],
                tags=list(drafts.tags),
                issue_date=drafts.issue_date,
                effective_date=drafts.effective_date,
                lexical_text=segment_for_index(draft.text),
                lexical_context=segment(" ".join(draft.context)),
                lexical_title=segment(draft.document_title),
                model_name=model_name,
                content_hash=digest,
            )
        )
    return rows, texts


def _fill_embeddings(
    rows: Sequence[Chunk],
    texts: dict[str, str],
    embedder: TextEmbedder,
    *,
    reuse: bool,
    progress: bool = False,
) -> int:
    """Set every row's embedding, computing only those with no stored vector; returns how many."""
    known = _stored_vectors(texts) if reuse else {}
    todo = {digest: text for digest, text in texts.items() if digest not in known}
    hashes = list(todo)
    with tqdm(total=len(hashes), desc="计算向量", unit="段", disable=not progress) as bar:
        for start in range(0, len(hashes), EMBED_BATCH * 8):
            batch = hashes[start : start + EMBED_BATCH * 8]
            vectors = embedder.encode([todo[h] for h in batch], batch_size=EMBED_BATCH)
            known.update(zip(batch, vectors, strict=True))
            bar.update(len(batch))
    for row in rows:
        row.embedding = known[row.content_hash]
    return len(hashes)


def _reuse_embeddings(rows: Sequence[Chunk], texts: dict[str, str]) -> None:
    """Give rows the vectors already stored for their content hash; leave the rest None."""
    known = _stored_vectors(texts)
    for row in rows:
        row.embedding = known.get(row.content_hash)


def _stored_vectors(hashes: Iterable[str]) -> dict[str, np.ndarray]:
    wanted = list(hashes)
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(wanted), LOOKUP_BATCH):
        batch = wanted[start : start + LOOKUP_BATCH]
        for digest, vector in (
            Chunk.objects.filter(content_hash__in=batch, embedding__isnull=False)
            .values_list("content_hash", "embedding")
            .distinct("content_hash")
            .order_by("content_hash")
        ):
            found[digest] = vector
    return found


def _replace(drafts: SourceDrafts, rows: list[Chunk]) -> int:
    """Swap a source's rows for `rows`, unless its live revision changed meanwhile."""
    with transaction.atomic():
        content_type = _content_type(drafts.model_label)
        with connection.cursor() as cursor:
            # Serialise writers of one source; the lock ends with the transaction.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [content_type.pk, drafts.object_id % 2_147_483_647],
            )
        if _live_version(content_type, drafts.object_id) != drafts.version:
            raise SourceChanged
        lexemes.add_source(content_type.pk, drafts.object_id, -1)
        Chunk.objects.filter(content_type=content_type, object_id=drafts.object_id).delete()
        Chunk.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        lexemes.add_source(content_type.pk, drafts.object_id, 1)
    return len(rows)


def _live_version(content_type: ContentType, object_id: int) -> int | None:
    model = content_type.model_class()
    row = model._default_manager.filter(pk=object_id, live=True).values("live_revision_id").first()
    return row["live_revision_id"] if row else -1


def _all_live_drafts(progress: bool) -> Iterable[SourceDrafts]:
    from wagtail.models import PageViewRestriction

    from content.catalogue.models import EliminatedItem
    from content.culture.models import CulturePage
    from content.regulations.models import RegulationPage

    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    pages = [
        *RegulationPage.objects.live().order_by("pk"),
        *CulturePage.objects.live().order_by("pk"),
    ]
    for page in tqdm(pages, desc="读取内容", unit="篇", disable=not progress):
        if restricted and page.path.startswith(restricted):
            continue
        yield regulation_drafts(page) if isinstance(page, RegulationPage) else culture_drafts(page)
    for item in EliminatedItem.objects.filter(live=True).select_related("regulation"):
        yield catalogue_drafts(item)


def _remove_all_but(kept: set[tuple[str, int]]) -> int:
    stale = [
        pk
        for pk, source_type, object_id in Chunk.objects.values_list(
            "pk", "source_type", "object_id"
        )
        if (source_type, object_id) not in kept
    ]
    deleted = 0
    for start in range(0, len(stale), LOOKUP_BATCH):
        deleted += Chunk.objects.filter(pk__in=stale[start : start + LOOKUP_BATCH]).delete()[0]
    return deleted


def _content_type(model_label: str) -> ContentType:
    app_label, model = model_label.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model)
