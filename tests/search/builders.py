"""Builders for search tests: a fast stand-in embedder and small published content."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from datetime import date

import numpy as np

from content.search.models import EMBEDDING_DIMENSIONS


class FakeEmbedder:
    """Hashed character bigrams → unit vectors: instant, deterministic, loosely lexical.

    Counts its calls so tests can check what the indexer embeds.
    """

    def __init__(self, name: str = "fake-bigrams-1") -> None:
        self.name = name
        self.dimension = EMBEDDING_DIMENSIONS
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 32, show_progress: bool = False):
        self.encoded += list(texts)
        return (
            np.stack([self._vector(t) for t in texts]) if texts else np.empty((0, self.dimension))
        )

    def encode_query(self, text: str):
        return self._vector(text)

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        chars = [c for c in text if c.isalnum()]
        # 512 buckets whatever the column's width: the tests' near and far pairs were
        # written against these collisions.
        for a, b in itertools.pairwise(chars):
            digest = hashlib.blake2b(f"{a}{b}".encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % 512] += 1.0
        vector[len(self.name) % 512] += 0.01  # never all zero
        return vector / np.linalg.norm(vector)


def make_regulation(
    title: str,
    provisions: Sequence[tuple[str, str, str]] | None = None,
    *,
    status: str = "in_force",
    level: str = "law",
    authority: str = "全国人民代表大会常务委员会",
    tags: Sequence[str] = (),
    publish: bool = True,
    source_key: str = "",
    doc_number: str = "",
):
    """A regulation page saved through the importer's loader; provisions as (label, heading, text)."""
    from importers.regulation_loader import ProvisionRecord, RegulationRecord, save_regulation

    provisions = provisions or [("第一条", "", f"{title}的正文。")]
    records = tuple(
        ProvisionRecord("article", label, number, 0, heading, text)
        for number, (label, heading, text) in enumerate(provisions, start=1)
    )
    outcome = save_regulation(
        RegulationRecord(
            title=title,
            provisions=records,
            source_key=source_key or f"test:{title}",
            authority=authority,
            issue_date=date(2021, 6, 10),
            level=level,
            status=status,
            tags=tuple(tags),
            doc_number=doc_number,
        ),
        publish=publish,
    )
    from content.regulations.models import RegulationPage

    return RegulationPage.objects.get(pk=outcome.page_id)


def make_catalogue_item(name: str, main_risk: str, *, publish: bool = True):
    from content.catalogue.models import EliminatedItem

    item = EliminatedItem.objects.create(
        batch="第一批",
        number=1,
        category="process",
        action="eliminate",
        name=name,
        main_risk=main_risk,
        live=False,
    )
    if publish:
        item.save_revision().publish()
        item.refresh_from_db()  # publishing saved another instance of the row
    return item


# Three articles of a safety law, for the tests of what pulls one of them up.
TRAINING = "未经安全生产教育和培训合格的从业人员，不得上岗作业。"
HOT_WORK = "动火作业前应当办理动火审批手续，落实现场监护措施。"
STORAGE = "危险化学品应当储存在专用仓库内，并由专人负责管理。"


def make_indexed_safety_law():
    """安全生产法 with 第二十六条 (hot work), 第二十七条 (storage), 第二十八条 (training),
    published and indexed."""
    from content.search import indexing

    page = make_regulation(
        "中华人民共和国安全生产法",
        [("第二十六条", "", HOT_WORK), ("第二十七条", "", STORAGE), ("第二十八条", "", TRAINING)],
    )
    indexing.index_regulation(page.pk)
    return page
