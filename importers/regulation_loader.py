"""Saving a parsed regulation as a Wagtail page, through revisions, inside one transaction.

Parsers (regulation_docx, statutes) produce plain records; this module is the only place
that turns them into pages. Re-importing the same 文号 (or source key) makes a new revision
of the existing page, never a duplicate, and keeps provision rows (and so their ids and
anchors) where the numbering is unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from content.regulations.anchors import anchor_for, deduplicate
from content.regulations.models import (
    Provision,
    RegulationIndexPage,
    RegulationLevel,
    RegulationPage,
    RegulationStatus,
)


@dataclass(frozen=True)
class ProvisionRecord:
    kind: str
    label: str
    number: int
    depth: int
    heading: str
    text: str
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegulationRecord:
    title: str
    provisions: tuple[ProvisionRecord, ...]
    doc_number: str = ""
    source_key: str = ""
    authority: str = ""
    issue_date: date | None = None
    effective_date: date | None = None
    first_effective_date: date | None = None
    level: str = RegulationLevel.OTHER
    status: str = RegulationStatus.IN_FORCE
    recipients: str = ""
    preamble: str = ""
    signature: str = ""
    cc_line: str = ""
    attachment_title: str = ""
    attachment_intro: str = ""
    tags: tuple[str, ...] = ()
    # Words that show a question is in the law's field (RegulationPage.scope_terms).
    scope_terms: str = ""

    @property
    def level_label(self) -> str:
        """The level as editors read it ("工作要点"), not its stored code."""
        try:
            return RegulationLevel(self.level).label
        except ValueError:
            return self.level


@dataclass(frozen=True)
class SourceFile:
    filename: str
    data: bytes


@dataclass(frozen=True)
class ImportOutcome:
    page_id: int
    title: str
    created: bool
    published: bool
    provision_count: int
    revision_id: int


class RegulationImportError(ValueError):
    """A regulation could not be saved; the message is for the user (Chinese)."""


def provision_anchors(provisions: Sequence[ProvisionRecord]) -> list[str]:
    """Anchors for provisions in document order, from each one's numbering path."""
    stack: list[tuple[int, str, int]] = []  # (depth, kind, number) of open ancestors
    anchors = []
    for provision in provisions:
        while stack and stack[-1][0] >= provision.depth:
            stack.pop()
        anchors.append(anchor_for(provision.kind, provision.number, [(k, n) for _, k, n in stack]))
        stack.append((provision.depth, provision.kind, provision.number))
    return deduplicate(anchors)


def regulation_index() -> RegulationIndexPage:
    index = RegulationIndexPage.objects.first()
    if index is None:
        raise RegulationImportError(
            "尚未创建“法规标准”栏目页，请先运行 `manage.py load_demo` 或在后台创建。"
        )
    return index


def find_existing(record: RegulationRecord) -> RegulationPage | None:
    if record.doc_number:
        page = RegulationPage.objects.filter(doc_number=record.doc_number).first()
        if page:
            return page
    if record.source_key:
        return RegulationPage.objects.filter(source_key=record.source_key).first()
    return None


def save_regulation(
    record: RegulationRecord,
    *,
    publish: bool,
    user=None,
    source_file: SourceFile | None = None,
    parent: RegulationIndexPage | None = None,
) -> ImportOutcome:
    """Create or update the regulation page for ``record`` and save (and maybe publish) a revision."""
    if not record.title.strip():
        raise RegulationImportError("未识别到文件标题，无法保存。")
    if not record.provisions:
        raise RegulationImportError(f"《{record.title}》没有识别到任何条款，无法保存。")
    with transaction.atomic():
        existing = find_existing(record)
        page = existing.get_latest_revision_as_object() if existing else RegulationPage()
        _apply_fields(page, record)
        if source_file is not None:
            page.source_document = _document_for(source_file, record.title, user)
        _apply_provisions(page, record.provisions, existing)
        if existing is None:
            page.live = False
            (parent or regulation_index()).add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
        return ImportOutcome(
            page_id=page.pk,
            title=page.title,
            created=existing is None,
            published=publish,
            provision_count=len(record.provisions),
            revision_id=revision.pk,
        )


def _apply_fields(page: RegulationPage, record: RegulationRecord) -> None:
    page.title = record.title[:255]
    page.doc_number = record.doc_number
    page.source_key = record.source_key or page.source_key
    page.authority = record.authority
    page.issue_date = record.issue_date
    page.effective_date = record.effective_date
    page.first_effective_date = record.first_effective_date
    page.level = record.level
    page.status = record.status
    page.recipients = record.recipients
    page.preamble = record.preamble
    page.signature = record.signature
    page.cc_line = record.cc_line
    page.attachment_title = record.attachment_title
    page.attachment_intro = record.attachment_intro
    if record.scope_terms and not page.scope_terms:  # an editor's words are kept
        page.scope_terms = record.scope_terms
    if not page.slug:
        page.slug = _slug_for(record)
    if record.tags:
        page.tags.set(list(record.tags))


def _slug_for(record: RegulationRecord) -> str:
    # Chinese titles don't slugify; a short stable hash of the identity does.
    identity = record.doc_number or record.source_key or record.title
    return "reg-" + hashlib.sha1(identity.encode()).hexdigest()[:10]


def _apply_provisions(
    page: RegulationPage, provisions: Sequence[ProvisionRecord], existing: RegulationPage | None
) -> None:
    anchors = provision_anchors(provisions)
    # Reuse the rows of unchanged anchors so ids (and links to them) survive re-imports.
    known = dict(existing.provisions.values_list("anchor", "pk")) if existing else {}
    page.provisions = [
        Provision(
            pk=known.get(anchor),
            kind=p.kind,
            label=p.label,
            number=p.number,
            depth=p.depth,
            heading=p.heading[:300],
            text=p.text,
            anchor=anchor,
            parent_path=" › ".join(p.path)[:500],
            sort_order=position,
        )
        for position, (p, anchor) in enumerate(zip(provisions, anchors, strict=True))
    ]


def _document_for(source_file: SourceFile, title: str, user):
    Document = get_document_model()
    file_hash = hashlib.sha1(source_file.data).hexdigest()
    document = Document.objects.filter(file_hash=file_hash).first()
    if document is None:
        document = Document(title=title[:255], uploaded_by_user=user)
        document.file.save(source_file.filename, ContentFile(source_file.data), save=False)
        document._set_document_file_metadata()
        document.save()
    return document
