"""The annual plan as .xlsx (lines, minimums, progress) and as a .docx to file and sign."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from training.models import TrainingPlan
from training.plan_progress import PlanProgress
from training.plan_selectors import LEVEL_LABELS, MinimumReport
from training.rules.hours import format_hours

from .workbook import Sheet, workbook_bytes

HEADERS = (
    "月份",
    "人员层级",
    "专业",
    "岗位",
    "培训类别",
    "课程",
    "培训内容",
    "知识库资料",
    "计划学时",
    "法定最低要求",
    "授课人/机构",
    "培训对象",
    "已完成学时",
    "完成率",
    "状态",
)


def _approval_line(plan: TrainingPlan) -> str:
    if plan.approved_by_id:
        who = plan.approved_by.get_full_name() or plan.approved_by.get_username()
        return f"审批：{who}（主要负责人） {plan.approved_at:%Y-%m-%d %H:%M} 电子签名，内容摘要 {plan.approved_hash}"
    return f"状态：{plan.get_status_display()}，待主要负责人审批"


def plan_xlsx(plan: TrainingPlan, report: MinimumReport, progress: PlanProgress) -> bytes:
    rows = []
    for row in report.rows:
        line, done = row.line, progress.of(row.line.pk)
        rows.append(
            [
                f"{line.month}月",
                line.get_level_display(),
                line.get_specialty_display() if line.specialty else "全部专业",
                line.post or "全部岗位",
                line.kind_label,
                line.course,
                line.content,
                "；".join(page.title for page in line.pages.all()),
                float(line.hours),
                row.minimum,
                line.trainer,
                line.audience,
                float(done.delivered),
                f"{done.percent}%",
                "滞后" if done.behind else ("已完成" if done.complete else "进行中"),
            ]
        )
    levels = [
        [
            LEVEL_LABELS.get(lv.level, lv.level),
            float(lv.planned),
            float(lv.counted),
            f"{lv.percent}%",
            lv.behind,
        ]
        for lv in progress.levels
    ]
    caption = (
        f"{plan.enterprise.name} {plan.title}（第{plan.revision}版，{plan.get_status_display()}）"
    )
    return workbook_bytes(
        [
            Sheet(
                "培训计划",
                HEADERS,
                rows,
                widths=(7, 12, 9, 10, 14, 24, 30, 24, 9, 26, 14, 18, 10, 8, 8),
                caption=caption,
            ),
            Sheet(
                "各层级完成情况",
                ("层级", "计划学时", "已完成（计入计划）", "进度", "滞后条目"),
                levels,
                widths=(16, 10, 16, 8, 10),
            ),
            Sheet("学时预警", ("预警",), [[w] for w in report.warnings], widths=(100,)),
            Sheet("审批", ("审批",), [[_approval_line(plan)]], widths=(120,)),
        ]
    )


def plan_docx(plan: TrainingPlan, report: MinimumReport) -> bytes:
    """The plan as a document: title, table of lines with minimums, warnings, approval."""
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    heading = document.add_heading(f"{plan.enterprise.name}\n{plan.title}", level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"第{plan.revision}版 · {plan.get_status_display()} · 编制人："
        f"{plan.drafted_by.get_full_name() or plan.drafted_by.get_username()}"
        + (f" · 修订原因：{plan.change_reason}" if plan.change_reason else "")
    )
    headers = ("月份", "培训对象", "类别", "课程与内容", "学时", "法定最低要求", "授课人")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in report.rows:
        line = row.line
        content = line.course + (f"：{line.content}" if line.content else "")
        pages = "；".join(page.title for page in line.pages.all())
        if pages:
            content += f"（资料：{pages}）"
        values = (
            f"{line.month}月",
            f"{line.audience_key}\n{line.audience}",
            line.kind_label,
            content,
            format_hours(line.hours),
            row.minimum,
            line.trainer,
        )
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if report.warnings:
        document.add_heading("学时预警", level=2)
        for warning in report.warnings:
            document.add_paragraph(warning, style="List Bullet")
    document.add_heading("审批", level=2)
    document.add_paragraph(_approval_line(plan))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
