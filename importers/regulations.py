"""Importing a regulation from a .docx: parse → record → preview or save."""

from __future__ import annotations

import io
import re

from content.regulations.models import RegulationLevel

from .regulation_docx import ParsedRegulation, RegulationParseError, parse_regulation_docx
from .regulation_loader import (
    ImportOutcome,
    ProvisionRecord,
    RegulationImportError,
    RegulationRecord,
    SourceFile,
    save_regulation,
)

__all__ = [
    "RegulationImportError",
    "import_regulation_file",
    "infer_level",
    "parse_regulation_file",
]

_LEVEL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"工作要点"), RegulationLevel.WORK_POINTS),
    (re.compile(r"^GB[/ T]"), RegulationLevel.NATIONAL_STANDARD),
    (re.compile(r"^(AQ|HG|SH|SY|WS)[/ T]"), RegulationLevel.INDUSTRY_STANDARD),
    (re.compile(r"条例$"), RegulationLevel.ADMINISTRATIVE_REGULATION),
    (re.compile(r"(中华人民共和国).*法$"), RegulationLevel.LAW),
)


def infer_level(title: str, doc_number: str = "") -> str:
    """A best guess of the level from the title; editors can correct it in the admin."""
    for pattern, level in _LEVEL_RULES:
        if pattern.search(title) or (doc_number and pattern.search(doc_number)):
            return level
    if re.search(r"令.*第\s*\d+\s*号", doc_number):
        return RegulationLevel.DEPARTMENTAL_RULE
    return RegulationLevel.NORMATIVE_DOCUMENT if doc_number else RegulationLevel.OTHER


def record_from_parsed(parsed: ParsedRegulation, level: str | None = None) -> RegulationRecord:
    doc_number = parsed.doc_number or ""
    return RegulationRecord(
        title=parsed.title,
        doc_number=doc_number,
        source_key=doc_number or parsed.title,
        authority=parsed.authority or "",
        issue_date=parsed.signed_date,
        level=level or infer_level(parsed.attachment_title or parsed.title, doc_number),
        recipients=parsed.recipients or "",
        preamble=parsed.preamble,
        signature=parsed.signature or "",
        cc_line=parsed.cc_line or "",
        attachment_title=parsed.attachment_title or "",
        attachment_intro=parsed.attachment_intro,
        provisions=tuple(
            ProvisionRecord(
                kind=str(p.style.value if hasattr(p.style, "value") else p.style),
                label=p.label,
                number=p.number,
                depth=p.depth,
                heading=p.heading,
                text=p.text,
                path=p.path,
            )
            for p in parsed.provisions
        ),
    )


def parse_regulation_file(data: bytes, level: str | None = None) -> RegulationRecord:
    """Parse a .docx into a record without saving anything (for previews)."""
    try:
        parsed = parse_regulation_docx(io.BytesIO(data))
    except RegulationParseError as exc:
        raise RegulationImportError(str(exc)) from exc
    return record_from_parsed(parsed, level)


def import_regulation_file(
    filename: str, data: bytes, *, publish: bool, user=None, level: str | None = None
) -> ImportOutcome:
    record = parse_regulation_file(data, level)
    return save_regulation(
        record, publish=publish, user=user, source_file=SourceFile(filename=filename, data=data)
    )
