"""The eliminated-process catalogue from .csv (columns as in the official sample)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction

COLUMNS = (
    "批次",
    "序号",
    "类别",
    "名称",
    "处置",
    "主要安全风险",
    "适用范围",
    "改造期限",
    "可替代的技术装备",
    "来源说明",
)
_CATEGORIES = {"工艺技术": "process", "工艺": "process", "设备": "equipment"}
_ACTIONS = {"淘汰": "eliminate", "限制": "restrict"}
_SAMPLE_MARKERS = ("示例", "公示稿", "征求意见稿")


class CatalogueFormatError(ValueError):
    pass


@dataclass(frozen=True)
class CatalogueRow:
    line: int
    batch: str
    number: int | None
    category: str
    action: str
    name: str
    main_risk: str
    scope: str
    deadline: str
    replacement: str
    source_note: str

    @property
    def is_sample(self) -> bool:
        return any(marker in self.source_note for marker in _SAMPLE_MARKERS)


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueFormatError("无法识别 CSV 文件编码，请另存为 UTF-8 或 GBK 编码。")


def parse_catalogue_csv(data: bytes) -> list[CatalogueRow]:
    """Parse every row; raise CatalogueFormatError naming the line of the first bad row."""
    reader = csv.DictReader(io.StringIO(decode_csv(data)))
    missing = [c for c in ("批次", "类别", "名称", "处置") if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogueFormatError(f"CSV 缺少必需的列：{'、'.join(missing)}")
    rows = []
    for line, raw in enumerate(reader, start=2):
        value = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        if not any(value.values()):
            continue
        if not value["名称"]:
            raise CatalogueFormatError(f"第 {line} 行：名称为空")
        category = _CATEGORIES.get(value["类别"])
        action = _ACTIONS.get(value["处置"])
        if category is None:
            raise CatalogueFormatError(f"第 {line} 行：类别“{value['类别']}”应为“工艺技术”或“设备”")
        if action is None:
            raise CatalogueFormatError(f"第 {line} 行：处置“{value['处置']}”应为“淘汰”或“限制”")
        number = value["序号"]
        if number and not number.isdigit():
            raise CatalogueFormatError(f"第 {line} 行：序号“{number}”不是数字")
        rows.append(
            CatalogueRow(
                line=line,
                batch=value["批次"],
                number=int(number) if number else None,
                category=category,
                action=action,
                name=value["名称"],
                main_risk=value["主要安全风险"],
                scope=value["适用范围"],
                deadline=value["改造期限"],
                replacement=value["可替代的技术装备"],
                source_note=value["来源说明"],
            )
        )
    if not rows:
        raise CatalogueFormatError("CSV 中没有任何条目")
    return rows


def save_catalogue(rows: list[CatalogueRow], *, user=None) -> tuple[int, int]:
    """Create or update items by (batch, name) and publish them; returns (created, updated)."""
    from content.catalogue.models import EliminatedItem

    fields = (
        "number",
        "category",
        "action",
        "main_risk",
        "scope",
        "deadline",
        "replacement",
        "source_note",
    )
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            item = EliminatedItem.objects.filter(batch=row.batch, name=row.name).first()
            is_new = item is None
            item = item or EliminatedItem(batch=row.batch, name=row.name, live=False)
            changed = [f for f in fields if getattr(item, f) != getattr(row, f)]
            if not is_new and not changed and item.is_sample == row.is_sample:
                continue  # re-running an import must not pile up identical revisions
            for field in fields:
                setattr(item, field, getattr(row, field))
            item.is_sample = row.is_sample
            item.save()
            item.save_revision(user=user, log_action=True).publish(user=user)
            created += is_new
            updated += not is_new
    return created, updated
