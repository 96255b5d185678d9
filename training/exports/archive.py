"""The archive card (.docx) and the enterprise workbooks: 一人一档, ledger, roll-up, certificates.

Builders take scoped objects (the views check scope) and return bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from accounts.models import Enterprise, StaffProfile
from accounts.timeline import actor_label
from training.archive import (
    Archive,
    EntryRow,
    certificate_rows,
    enterprise_attempts,
    enterprise_people,
    person_entries,
)
from training.certificate_status import certificate_gaps, enterprise_summary, held_certificates
from training.compliance import enterprise_rollup
from training.models import TrainingSession
from training.rules.certificates import GapState
from training.rules.hours import format_hours

from .workbook import Sheet, workbook_bytes

DASH = "—"


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


def _profile_pairs(staff: StaffProfile) -> list[tuple[str, str]]:
    return [
        ("姓名", staff.display_name),
        ("工号", staff.employee_no or DASH),
        ("身份证号", staff.id_number_masked or DASH),
        ("企业", staff.enterprise.name if staff.enterprise_id else DASH),
        ("部门/车间/班组", staff.department.name if staff.department_id else "未分配部门"),
        ("人员层级", staff.get_level_display() or DASH),
        ("专业", staff.get_specialty_display() or DASH),
        ("岗位", staff.post or DASH),
        ("入职日期", _day(staff.hire_date)),
        ("在岗状态", staff.get_status_display()),
    ]


def _entry_values(row: EntryRow) -> list[str]:
    entry, session = row.entry, row.entry.session
    return [
        _day(entry.on),
        entry.kind_label,
        session.title,
        session.trainer_name,
        format_hours(entry.hours),
        "计入" if row.counts else "不计入",
        row.note,
    ]


def _attempt_values(attempt) -> list[str]:
    if attempt.passed is None:
        outcome = attempt.get_state_display()
    else:
        outcome = "合格" if attempt.passed else "不合格"
    score = DASH if attempt.score is None else f"{attempt.score.normalize():f}"
    return [_day(attempt.started_at), attempt.assignment.assessment.title, score, outcome]


def _table(document, headers: Iterable[str], rows: Iterable[Iterable[str]]) -> None:
    headers = list(headers)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    empty = True
    for values in rows:
        empty = False
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = str(text)
    if empty:
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = "无记录"


def archive_card(archive: Archive) -> bytes:
    """The person's training archive card: profile, 三级教育, hours, exams, certificates,
    status history, and lines to sign and stamp, as a bureau files it."""
    staff = archive.staff
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    title = document.add_heading("从业人员安全培训档案", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"建档单位：{staff.enterprise.name if staff.enterprise_id else DASH}")

    document.add_heading("一、基本情况", level=2)
    pairs = _profile_pairs(staff)
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for index in range(0, len(pairs), 2):
        cells = table.add_row().cells
        for offset, (label, value) in enumerate(pairs[index : index + 2]):
            cells[offset * 2].text = label
            cells[offset * 2 + 1].text = value

    document.add_heading("二、三级安全教育", level=2)
    _table(
        document,
        ("级别", "完成日期", "学时", "培训内容"),
        (
            [
                row.kind.label,
                _day(row.done_on),
                format_hours(row.hours) if row.entries else DASH,
                "；".join(e.entry.session.title for e in row.entries if e.counts) or "无台账记录",
            ]
            for row in archive.three_levels
        ),
    )

    document.add_heading(
        f"三、培训记录（{archive.year}年度学时：{archive.hours.status.label}）", level=2
    )
    _table(
        document,
        ("日期", "类别", "培训名称", "培训人", "学时", "计入", "说明"),
        (_entry_values(row) for row in archive.entries),
    )
    document.add_paragraph(f"计入学时合计：{format_hours(archive.counted_hours)} 学时")

    document.add_heading("四、考核记录", level=2)
    _table(
        document, ("日期", "考核", "得分", "结果"), (_attempt_values(a) for a in archive.attempts)
    )

    document.add_heading("五、持证情况", level=2)
    _table(
        document,
        ("证书", "编号", "发证机关", "发证日期", "有效期至", "复审日期", "状态"),
        (
            [
                str(row.certificate.get_kind_display())
                + (f"（{row.certificate.category.name}）" if row.certificate.category_id else ""),
                row.certificate.number,
                row.certificate.issuer or DASH,
                _day(row.certificate.issued_on),
                _day(row.certificate.expires_on),
                _day(row.certificate.review_due_on),
                "暂停" if row.certificate.suspended else row.state.status.label,
            ]
            for row in archive.certificates
        ),
    )

    document.add_heading("六、状态变更记录", level=2)
    _table(
        document,
        ("时间", "事件", "变更", "操作人", "原因"),
        (
            [
                _day(item.event.at),
                item.event.get_kind_display(),
                f"{item.from_label} → {item.to_label}" if item.event.to_status else DASH,
                actor_label(item.event),
                item.event.reason or item.detail or DASH,
            ]
            for item in archive.timeline
        ),
    )
    document.add_paragraph("")
    document.add_paragraph(
        f"本人签字：____________    安全管理人员签字：____________    单位（盖章）"
        f"\n打印日期：{archive.made_on:%Y-%m-%d}（系统生成）"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _staff(enterprise: Enterprise):
    return enterprise_people(StaffProfile.objects.filter(enterprise=enterprise))


def _who(staff: StaffProfile) -> list[str]:
    return [
        staff.employee_no,
        staff.display_name,
        staff.department.name if staff.department_id else "未分配部门",
    ]


def enterprise_archive(enterprise: Enterprise, year: int) -> bytes:
    """一人一档 for a whole enterprise: people, every entry, every exam, every certificate."""
    people = list(_staff(enterprise))
    rollup = {p.staff.pk: p for p in enterprise_rollup(enterprise, year).people}
    today = timezone.localdate()
    person_rows = []
    for staff in people:
        hours = rollup.get(staff.pk)
        person_rows.append(
            [
                *(value for _, value in _profile_pairs(staff)),
                format_hours(hours.done) if hours else DASH,
                format_hours(hours.required) if hours else DASH,
                hours.status.label if hours else DASH,
            ]
        )
    staff_qs = StaffProfile.objects.filter(enterprise=enterprise)
    entry_rows = [
        [*_who(e.staff), *_entry_values(EntryRow(e))]
        for e in person_entries(staff_qs).select_related("staff__department")
    ]
    attempt_rows = [
        [a.assignment.staff.employee_no, a.assignment.staff.display_name, *_attempt_values(a)]
        for a in enterprise_attempts(staff_qs)
    ]
    certificate_rows_ = [
        [
            *_who(staff),
            row.certificate.get_kind_display(),
            row.certificate.category.name if row.certificate.category_id else "",
            row.certificate.number,
            _day(row.certificate.expires_on),
            _day(row.certificate.review_due_on),
            "暂停" if row.certificate.suspended else row.state.status.label,
        ]
        for staff in people
        for row in certificate_rows(staff.certificates.all(), today)
    ]
    profile_headers = [label for label, _ in _profile_pairs(people[0])] if people else []
    return workbook_bytes(
        [
            Sheet(
                "人员",
                [*profile_headers, f"{year}年已完成学时", "应完成学时", "学时状态"],
                person_rows,
                caption=f"{enterprise.name} 一人一档（{year}年度学时）",
            ),
            Sheet(
                "培训记录",
                [
                    "工号",
                    "姓名",
                    "部门",
                    "日期",
                    "类别",
                    "培训名称",
                    "培训人",
                    "学时",
                    "计入",
                    "说明",
                ],
                entry_rows,
            ),
            Sheet("考核记录", ["工号", "姓名", "日期", "考核", "得分", "结果"], attempt_rows),
            Sheet(
                "持证情况",
                ["工号", "姓名", "部门", "证书", "类别", "编号", "有效期至", "复审日期", "状态"],
                certificate_rows_,
            ),
        ]
    )


def ledger_workbook(enterprise: Enterprise, year: int) -> bytes:
    """The year's 培训学时台账: sessions, and every attendee's entries."""
    sessions = (
        TrainingSession.objects.filter(enterprise=enterprise, starts_on__year=year)
        .select_related("recorded_by")
        .annotate(attendees=Count("entries__staff", distinct=True))
        .order_by("starts_on", "pk")
    )
    session_rows = [
        [
            _day(s.starts_on),
            _day(s.ends_on),
            s.kind_label,
            s.title,
            s.content,
            s.trainer_name,
            s.place,
            format_hours(s.hours_per_day),
            s.attendees,
            s.recorded_by.get_full_name() or s.recorded_by.get_username(),
        ]
        for s in sessions
    ]
    entries = person_entries(StaffProfile.objects.filter(enterprise=enterprise)).filter(
        on__year=year
    )
    entry_rows = [
        [*_who(e.staff), *_entry_values(EntryRow(e))]
        for e in entries.select_related("staff__department")
    ]
    return workbook_bytes(
        [
            Sheet(
                "培训活动",
                [
                    "开始日期",
                    "结束日期",
                    "类别",
                    "培训名称",
                    "培训内容",
                    "培训人",
                    "地点",
                    "每人每天学时",
                    "参训人数",
                    "录入人",
                ],
                session_rows,
                caption=f"{enterprise.name} {year}年培训学时台账",
            ),
            Sheet(
                "学时明细",
                [
                    "工号",
                    "姓名",
                    "部门",
                    "日期",
                    "类别",
                    "培训名称",
                    "培训人",
                    "学时",
                    "计入",
                    "说明",
                ],
                entry_rows,
            ),
        ]
    )


def compliance_workbook(enterprise: Enterprise, year: int) -> bytes:
    """Required against done per person, and the roll-up by department, level and post."""
    rollup = enterprise_rollup(enterprise, year)
    person_rows = [
        [
            *_who(p.staff),
            p.staff.get_level_display(),
            p.staff.post,
            format_hours(p.required),
            format_hours(p.done),
            format_hours(p.shortfall),
            f"{p.percent}%",
            p.status.label,
            "；".join(f"{o.rule.title}（{o.rule.source}）" for o in p.report.unmet),
        ]
        for p in sorted(rollup.people, key=lambda p: (-p.shortfall, p.staff.display_name))
    ]
    group_rows = [
        [by, g.label, g.people, g.met, g.short, g.pre_post, f"{g.percent}%"]
        for by, groups in (
            ("全企业", [rollup.total]),
            ("部门", rollup.by_department),
            ("层级", rollup.by_level),
            ("岗位", rollup.by_post),
        )
        for g in groups
    ]
    return workbook_bytes(
        [
            Sheet(
                "人员学时",
                [
                    "工号",
                    "姓名",
                    "部门",
                    "层级",
                    "岗位",
                    "应完成学时",
                    "已完成学时",
                    "差额",
                    "进度",
                    "状态",
                    "未满足的规定",
                ],
                person_rows,
                caption=f"{enterprise.name} {year}年安全培训学时达标情况",
            ),
            Sheet(
                "汇总",
                ["分组", "名称", "人数", "达标", "不足", "未完成岗前培训", "进度"],
                group_rows,
            ),
        ]
    )


def certificate_workbook(enterprise: Enterprise, year: int) -> bytes:
    """Certificates held with their status today, and every requirement not fully met."""
    today = timezone.localdate()
    staff_qs = StaffProfile.objects.filter(enterprise=enterprise)
    held = [
        [
            *_who(c.staff),
            c.get_kind_display(),
            c.category.name if c.category_id else "",
            c.number,
            c.issuer,
            _day(c.issued_on),
            _day(c.expires_on),
            _day(c.review_due_on),
            "暂停" if c.suspended else state.status.label,
        ]
        for c, state in held_certificates(staff_qs, today)
    ]
    gaps = [
        [*_who(g.person), g.kind_label, g.state.label, _day(g.due_by), g.requirement.source]
        for g in certificate_gaps(staff_qs, today)
    ]
    summary = enterprise_summary(enterprise, staff_qs, today)
    labels = {"required": "应持证（人·证）", **{s.value: s.label for s in GapState}}
    return workbook_bytes(
        [
            Sheet(
                "持证汇总",
                ["项目", "数量"],
                [[labels[key], count] for key, count in summary.items()],
                caption=f"{enterprise.name} 持证情况（{today:%Y-%m-%d}）",
            ),
            Sheet(
                "证书",
                [
                    "工号",
                    "姓名",
                    "部门",
                    "证书",
                    "类别",
                    "编号",
                    "发证机关",
                    "发证日期",
                    "有效期至",
                    "复审日期",
                    "状态",
                ],
                held,
            ),
            Sheet(
                "缺证与到期",
                ["工号", "姓名", "部门", "证书", "状态", "应取得/到期日", "依据"],
                gaps,
            ),
        ]
    )
