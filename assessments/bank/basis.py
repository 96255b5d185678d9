"""Resolving a question's 依据 text to the provision it cites.

``parse_basis`` is pure: "《中华人民共和国安全生产法》第二十八条" → ("中华人民共和国安全生产法", "第二十八条"),
"长上应急字〔2024〕22号（一）" → doc number + "（一）". ``resolve_basis`` looks the result up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOOK = re.compile(
    r"《(?P<document>[^》]+)》\s*(?P<label>第[一二三四五六七八九十百零〇两\d]+条(?:之[一二三四五六七八九十])?)?"
)
_DOC_NUMBER = re.compile(
    r"(?P<doc_number>[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号)\s*(?P<label>（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+条)?"
)


@dataclass(frozen=True)
class BasisRef:
    document: str = ""
    doc_number: str = ""
    label: str = ""


def parse_basis(text: str) -> BasisRef | None:
    text = (text or "").strip().replace("[", "〔").replace("]", "〕")
    if not text:
        return None
    if match := _DOC_NUMBER.search(text):
        return BasisRef(doc_number=match["doc_number"], label=match["label"] or "")
    if match := _BOOK.search(text):
        return BasisRef(document=match["document"].strip(), label=match["label"] or "")
    return None


def resolve_basis(text: str):
    """The cited Provision (live page), or None when the text names none we hold."""
    from content.regulations.models import Provision, RegulationPage

    ref = parse_basis(text)
    if ref is None or not ref.label:
        return None
    pages = RegulationPage.objects.live()
    if ref.doc_number:
        pages = pages.filter(doc_number=ref.doc_number)
    else:
        # "《安全生产法》" names 中华人民共和国安全生产法 too.
        exact = pages.filter(title=ref.document)
        pages = exact if exact.exists() else pages.filter(title__endswith=ref.document)
    return (
        Provision.objects.filter(page__in=pages, label=ref.label)
        .select_related("page")
        .order_by("page__title")
        .first()
    )
