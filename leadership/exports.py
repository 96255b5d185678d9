"""The scorecard as a Word document (.docx), for the file and for printing."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from docx import Document
from docx.shared import Pt

from leadership.models import LeadershipCheck
from leadership.scoring import NO_DATA, PENDING, ItemStatus, Scorecard
from safetykb.signatures.selectors import SignatureRow

#: What the points cell says when there are no points.
STATUS_WORDS = {ItemStatus.NO_DATA: NO_DATA, ItemStatus.PENDING: PENDING}


def _points(value) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def scorecard_docx(
    check: LeadershipCheck, card: Scorecard, signatures: Sequence[SignatureRow]
) -> bytes:
    """The whole scorecard: header, totals, per module and item, signatures."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    name = check.subject.user.get_full_name() or check.subject.user.get_username()
    doc.add_heading(f"{check.year}年度安全领导力评估记分表", level=1)
    doc.add_paragraph(
        f"企业：{check.enterprise.name}\n"
        f"被评估人：{name}（{check.subject.get_level_display() or '—'}）\n"
        f"评估方式：{check.get_kind_display()}\n"
        f"评估人：{check.reviewer.get_full_name() or check.reviewer.get_username()}\n"
        f"状态：{check.get_status_display()}"
    )
    percent = "—" if card.percent is None else f"{_points(card.percent)}%"
    summary = (
        f"总分：{_points(card.points)} / {_points(card.counted_max)} 分"
        f"（得分率 {percent}，等级 {card.grade or '—'}）"
    )
    if card.no_data_points:
        summary += f"；另有 {_points(card.no_data_points)} 分的条目无数据，不计分"
    doc.add_paragraph(summary)
    for module in card.modules:
        module_percent = "—" if module.percent is None else f"{_points(module.percent)}%"
        heading = (
            f"{module.module.label}：{_points(module.points)} / {_points(module.counted_max)} 分"
            f"（{module_percent}）"
        )
        if module.weak:
            heading += " 薄弱"
        doc.add_heading(heading, level=2)
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ("评估内容", "方式", "分值", "得分", "依据（取数或评分说明）"),
            strict=True,
        ):
            cell.text = text
        for result in module.items:
            row = table.add_row().cells
            row[0].text = result.item.title
            row[1].text = result.item.sort.label
            row[2].text = _points(result.item.max_points)
            row[3].text = STATUS_WORDS.get(result.status) or _points(result.points)
            row[4].text = result.basis
    doc.add_heading("签名", level=2)
    if not signatures:
        doc.add_paragraph("尚无签名。")
    for row in signatures:
        when = timezone.localtime(row.signed_at).strftime("%Y-%m-%d %H:%M")
        state = "内容未改动" if row.unchanged else "签名后内容已改动"
        doc.add_paragraph(f"{row.capacity_label}：{row.signer_name}　{when}（{state}）")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
