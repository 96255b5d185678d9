"""The inspection record as a 现场检查记录 (.docx) and the spot test's score sheet (.xlsx).

The .docx follows the paper form's order: the header facts, the four checks, the spot
test (sample, scores, 缺考), the findings with their deadlines, the signatures as the
drawn images, and the seal's hash with a verification code read off it. A record not
yet filed is marked 草稿 at the top, so a printout is never taken for the filed one.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.shared import Cm, Pt

from oversight.models import FindingState, Inspection, InspectionState
from oversight.spot_tests import examinee_rows
from safetykb.signatures.models import Signature
from safetykb.spreadsheets import table_bytes

SCORE_HEADERS = (
    "序号",
    "姓名",
    "岗位",
    "选取方式",
    "现场核验",
    "身份证后四位",
    "状态",
    "得分",
    "是否合格",
)


def verification_code(seal_hash: str) -> str:
    """Twelve characters of the seal in groups of four: read over the phone, typed back."""
    code = seal_hash[:12].upper()
    return "-".join(code[i : i + 4] for i in range(0, 12, 4)) if code else ""


def _score(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def score_rows(inspection: Inspection) -> list[list]:
    spot = getattr(inspection, "spot_test", None)
    if spot is None:
        return []
    return [
        [
            n,
            row.name,
            row.post or "未设岗位",
            "随机抽取" if row.mode == "random" else "现场指定",
            "已核验" if row.verified else "未核验",
            "一致"
            if row.id_checked
            else (f"不符 {row.id_mismatches} 次" if row.id_mismatches else "—"),
            row.status,
            _score(row.score),
            {True: "合格", False: "不合格", None: ""}[row.passed],
        ]
        for n, row in enumerate(examinee_rows(spot), start=1)
    ]


def score_sheet_xlsx(inspection: Inspection) -> bytes:
    return table_bytes(
        SCORE_HEADERS,
        score_rows(inspection),
        "xlsx",
        title="现场抽考成绩",
        widths=(6, 12, 14, 10, 10, 14, 10, 8, 10),
    )


SIGNATURE_WIDTH = Cm(4)


def _picture(cell, file_field) -> None:
    paragraph = cell.paragraphs[0]
    try:
        with file_field.open("rb") as handle:
            paragraph.add_run().add_picture(io.BytesIO(handle.read()), width=SIGNATURE_WIDTH)
    except Exception:  # a lost or unreadable image must not stop the export
        paragraph.add_run("（手写签名图片无法读取）")


def _table(document, headers, rows) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def record_docx(inspection: Inspection) -> bytes:
    enterprise = inspection.enterprise
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    if inspection.state != InspectionState.FILED:
        document.add_paragraph(f"草稿（{inspection.get_state_display()}，未归档）")
    document.add_heading("现场检查记录", level=0)
    principal = enterprise.staff.filter(role="principal").select_related("user").first()
    inspectors = list(inspection.inspectors.select_related("user"))
    start = timezone.localtime(inspection.started_at) if inspection.started_at else None
    end = timezone.localtime(inspection.on_site_done_at) if inspection.on_site_done_at else None
    when = f"{inspection.date:%Y年%m月%d日}"
    if start:
        when += f" {start:%H:%M}" + (f" 至 {end:%H:%M}" if end else "")
    header = [
        ("被检查单位", enterprise.name),
        ("地址", enterprise.address or "—"),
        ("主要负责人", principal.display_name if principal else "—"),
        ("检查场所", inspection.place),
        ("检查时间", when),
        (
            "检查人员及执法证号",
            "；".join(
                f"{i.user.get_full_name() or i.user.username}（{i.enforcement_number}）"
                for i in inspectors
            ),
        ),
        ("企业在场负责人", f"{inspection.representative_name}（{inspection.representative_post}）"),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in header:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value

    document.add_heading("一、检查情况", level=1)
    _table(
        document,
        ("检查项", "结果", "检查情况"),
        [
            (c.get_kind_display(), c.get_result_display(), c.notes or "—")
            for c in inspection.checks.order_by("pk")
        ],
    )

    document.add_heading("二、现场抽考安全生产常识", level=1)
    spot = getattr(inspection, "spot_test", None)
    rows = score_rows(inspection)
    if spot is None or not rows:
        document.add_paragraph("未进行现场抽考。")
    else:
        absent = [r[1] for r in rows if r[6] == "缺考"]
        seed = f"，抽样种子 {spot.seed}" if spot.seed is not None else ""
        document.add_paragraph(
            f"抽考 {len(rows)} 人{seed}；合格 {sum(r[8] == '合格' for r in rows)} 人，"
            f"缺考 {len(absent)} 人{('（' + '、'.join(absent) + '）') if absent else ''}。"
        )
        _table(
            document,
            ("序号", "姓名", "岗位", "选取方式", "状态", "得分"),
            [(r[0], r[1], r[2], r[3], r[6], r[7] or "—") for r in rows],
        )

    document.add_heading("三、发现问题及整改要求", level=1)
    findings = inspection.findings.exclude(
        state__in=(FindingState.PROPOSED, FindingState.DISMISSED)
    ).order_by("number")
    if not findings:
        document.add_paragraph("未发现问题。")
    else:
        _table(
            document,
            ("序号", "问题", "违反条款", "整改要求", "整改期限", "状态"),
            [
                (
                    f.number,
                    f.description,
                    f.provision_citation or "—",
                    f.rectification,
                    f"{f.deadline:%Y-%m-%d}" if f.deadline else "—",
                    f.get_state_display(),
                )
                for f in findings
            ],
        )

    document.add_heading("四、签名", level=1)
    signatures = list(Signature.objects.for_object(inspection).select_related("signer"))
    representative = getattr(inspection, "representative_signature", None)
    sign_table = document.add_table(rows=0, cols=3)
    sign_table.style = "Table Grid"
    for s in signatures:
        cells = sign_table.add_row().cells
        cells[
            0
        ].text = f"{s.get_capacity_display()}：{s.signer.get_full_name() or s.signer.username}"
        if s.drawn_image:
            _picture(cells[1], s.drawn_image)
        cells[2].text = f"{timezone.localtime(s.signed_at):%Y-%m-%d %H:%M}"
    if representative is not None:
        cells = sign_table.add_row().cells
        cells[0].text = f"被检查单位代表：{representative.name}（{representative.post}）"
        _picture(cells[1], representative.drawn_image)
        cells[2].text = f"{timezone.localtime(representative.signed_at):%Y-%m-%d %H:%M}"
    if not signatures and representative is None:
        document.add_paragraph("尚未签名。")

    document.add_heading("五、封存", level=1)
    if inspection.seal_hash:
        document.add_paragraph(f"封存摘要（SHA-256）：{inspection.seal_hash}")
        document.add_paragraph(f"验证码：{verification_code(inspection.seal_hash)}")
        document.add_paragraph(
            f"封存时间：{timezone.localtime(inspection.sealed_at):%Y-%m-%d %H:%M}"
        )
    else:
        document.add_paragraph("尚未归档封存。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
