"""Oversized Office files: a zip bomb or a sheet declaring the whole grid gets a plain
"文件过大"/"表格范围过大" message, at bounded memory, in every .docx/.xlsx importer."""

from __future__ import annotations

import io
import zipfile

import pytest

from importers.office_files import (
    MAX_MEMBERS,
    OfficeFileError,
    OfficeLimits,
    check_office_zip,
)
from importers.questions import FileFormatError, parse_question_file
from importers.regulation_docx import RegulationParseError, parse_regulation_docx
from tests.question_parsers.builders import docx_bytes

from .office_builders import MB, formatted_docx, pad_member, run_bounded, sparse_xlsx

SMALL = OfficeLimits(max_member_bytes=1 * MB, max_total_bytes=2 * MB)
BANK_ROWS = [["题型", "题干", "答案"], ["判断题", "动火作业必须办理作业票。", "对"]]


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def refusal(data: bytes, limits: OfficeLimits = SMALL) -> str:
    with pytest.raises(OfficeFileError) as caught:
        check_office_zip(data, limits)
    return str(caught.value)


def test_a_part_over_the_member_cap_is_named():
    message = refusal(zip_of({"word/document.xml": bytes(range(256)) * 5000}))
    assert message.startswith("文件过大：其中的 word/document.xml 解压后为 1.2 MB")
    assert "上限 1.0 MB" in message


def test_parts_over_the_total_cap():
    part = bytes(range(256)) * 3000  # 0.73 MB each, under the member cap
    message = refusal(zip_of({f"xl/media/image{n}.bin": part for n in range(3)}))
    assert message == "文件过大：解压后共 2.2 MB，超过上限 2.0 MB"


def test_a_part_compressed_beyond_any_real_ratio():
    message = refusal(
        zip_of({"xl/sharedStrings.xml": b" " * 4 * MB}), OfficeLimits(MB * 64, MB * 64)
    )
    assert "压缩比为" in message and "正常文件不超过 200:1" in message


def test_too_many_parts():
    message = refusal(zip_of({f"customXml/item{n}.xml": b"<a/>" for n in range(MAX_MEMBERS + 1)}))
    assert message == f"文件过大：压缩包内有 {MAX_MEMBERS + 1:,} 个部件，上限 {MAX_MEMBERS:,} 个"


def test_real_files_and_broken_zips_pass_the_guard():
    check_office_zip(docx_bytes(["1.【判断】甲。", "答案：对"]), SMALL)
    check_office_zip(b"PK\x03\x04 not really a zip", SMALL)  # the reader says "已损坏"


def test_a_bank_docx_whose_document_xml_decompresses_beyond_the_cap():
    data = pad_member(docx_bytes(["1.【判断】甲。", "答案：对"]), "word/document.xml", 41 * MB)
    assert len(data) < 200 * 1024  # a small upload

    with pytest.raises(FileFormatError) as caught:
        parse_question_file("bank.docx", data)

    assert "文件过大：其中的 word/document.xml 解压后为 41 MB，超过上限 40 MB" in str(caught.value)


def test_the_regulation_importer_refuses_what_no_regulation_needs():
    # 17 MB of document.xml: under the old 200 MB cap, over what the longest law needs.
    data = pad_member(docx_bytes(["关于加强安全生产工作的通知"]), "word/document.xml", 17 * MB)

    with pytest.raises(RegulationParseError) as caught:
        parse_regulation_docx(io.BytesIO(data))

    assert str(caught.value).startswith("文件过大：其中的 word/document.xml 解压后为 17 MB")


PARSE_BANK = """
    from importers.questions import parse_question_file
    result["questions"] = len(parse_question_file("bank.xlsx", data).questions)
"""


def test_a_stray_cell_at_xfd1048576_is_a_plain_problem_at_bounded_memory(tmp_path):
    data = sparse_xlsx(BANK_ROWS, {"XFD1048576": "x"}, "A1:XFD1048576")
    assert len(data) < 6 * 1024

    result = run_bounded(PARSE_BANK, data, tmp_path)

    assert result["error"] == (
        "FileFormatError: “bank.xlsx”无法导入：表格范围过大：工作表“题库”的 XFD1048576 单元格"
        "（第 1,048,576 行、第 16,384 列）有内容，上限 50,000 行 × 50 列；"
        "请删除多余的行列或拆分后上传"
    )
    assert result["peak_mb"] < 50


def test_a_declared_full_grid_is_not_allocated(tmp_path):
    # Excel's Ctrl+End accident: the data is 2,000 rows × 3 columns, the dimension says
    # XFD; padding each row to the declared 16,384 columns cost 260 MB.
    rows = BANK_ROWS[:1] + [
        ["判断题", f"第{n}条规定的作业必须办理作业票。", "对"] for n in range(2000)
    ]
    data = sparse_xlsx(rows, {}, "A1:XFD1048576")

    result = run_bounded(PARSE_BANK, data, tmp_path)

    assert result["error"] is None and result["questions"] == 2000
    assert result["peak_mb"] < 50


def test_data_just_past_the_column_cap_is_named(tmp_path):
    data = sparse_xlsx(BANK_ROWS, {"AY2": "备注"}, "A1:AY2")  # AY is column 51

    with pytest.raises(FileFormatError) as caught:
        parse_question_file("bank.xlsx", data)

    assert "AY2 单元格（第 2 行、第 51 列）有内容，上限 50,000 行 × 50 列" in str(caught.value)


def test_the_catalogue_import_of_a_sparse_sheet_returns_at_once_with_the_message(tmp_path):
    from importers.catalogue import COLUMNS

    row = ["第三批", "", "设备", "某型号老旧设备", "淘汰", "", "", "", "", ""]
    data = sparse_xlsx([list(COLUMNS), row], {"XFD1048576": "x"}, "A1:XFD1048576")
    body = """
    from importers.catalogue import preview_catalogue_file
    result["rows"] = len(preview_catalogue_file("catalogue.xlsx", data).rows)
"""
    result = run_bounded(body, data, tmp_path, timeout=60)

    assert result["error"].startswith(
        "CatalogueFormatError: 表格范围过大：工作表“题库”的 XFD1048576"
    )
    assert "上限 10,000 行 × 30 列" in result["error"]
    assert result["peak_mb"] < 50


def test_the_regulation_body_is_read_as_a_stream(tmp_path):
    # 15 MB of formatted paragraphs, just under the cap: a whole-document DOM cost ~190 MB.
    data = formatted_docx(6_000)
    body = """
    import io, resource
    from importers.regulation_docx import parse_regulation_docx
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["provisions"] = len(parse_regulation_docx(io.BytesIO(data)).provisions)
    result["rss_growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
"""
    result = run_bounded(body, data, tmp_path)

    assert result["error"] is None and result["provisions"] == 6_000
    assert result["rss_growth_mb"] < 50
