"""Files that cannot be imported get a FileFormatError with a Chinese message saying why."""

from __future__ import annotations

import pytest

from importers.questions import (
    FileFormatError,
    parse_csv_bank,
    parse_docx_bank,
    parse_question_file,
    parse_xlsx_bank,
)
from importers.questions.tabular import build_template_xlsx

from .builders import docx_bytes, xlsx_bytes

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
GOOD_DOCX = docx_bytes(["1.【判断】甲。", "答案：对"])
GOOD_XLSX = xlsx_bytes({"题库": [["题型", "题干", "答案"], ["判断题", "甲。", "对"]]})


def error_for(filename, data):
    with pytest.raises(FileFormatError) as caught:
        parse_question_file(filename, data)
    message = str(caught.value)
    assert message.startswith(f"“{filename}”"), message
    return message


@pytest.mark.parametrize("filename", ["bank.docx", "bank.xlsx", "bank.csv", "bank.xml", "b.txt"])
def test_empty_file(filename):
    assert "文件是空的" in error_for(filename, b"")
    assert "文件是空的" in error_for(filename, b"  \n\t ")


def test_pdf_named_docx():
    assert "这不是 Word（.docx）文件，而是 PDF 文件" in error_for("bank.docx", PDF)


def test_xlsx_named_docx_and_docx_named_xlsx():
    assert "而是 Excel（.xlsx）文件" in error_for("bank.docx", GOOD_XLSX)
    assert "而是 Word（.docx）文件" in error_for("bank.xlsx", GOOD_DOCX)


def test_old_office_file_with_new_extension():
    assert "旧版 Office 文件" in error_for("bank.docx", OLE)
    assert "另存为" in error_for("bank.xlsx", OLE)


@pytest.mark.parametrize(("filename", "word"), [("bank.doc", ".docx"), ("bank.xls", ".xlsx")])
def test_old_extensions_are_explained(filename, word):
    message = error_for(filename, OLE)
    assert "不能直接导入" in message and word in message


def test_corrupt_docx_and_xlsx():
    assert "Word 文件已损坏" in error_for("bank.docx", GOOD_DOCX[: len(GOOD_DOCX) // 2])
    assert "Excel 文件已损坏" in error_for("bank.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 2])


def test_zip_that_is_neither():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "ZIP 压缩包" in error_for("bank.docx", buffer.getvalue())


def test_unsupported_extension():
    message = error_for("bank.pdf", PDF)
    assert "不支持的文件类型“.pdf”" in message
    assert "Word（.docx）" in message
    assert "（无扩展名）" in error_for("bank", b"1.abc")


def test_binary_file_with_a_text_extension():
    assert "扩展名是 .csv，但文件实际上是 PDF 文件" in error_for("bank.csv", PDF)
    assert "PDF 文件" in error_for("bank.txt", PDF)


def test_docx_without_questions():
    message = error_for("bank.docx", docx_bytes(["安全生产知识题库", "（内部资料）"]))
    assert "中没有找到题目" in message
    assert "答案" in message  # says what to check


def test_no_questions_error_carries_the_report():
    with pytest.raises(FileFormatError) as caught:
        parse_question_file("bank.docx", docx_bytes(["安全生产知识题库"]))
    assert caught.value.report is not None
    assert [item.kind for item in caught.value.report.skipped] == ["text"]


def test_xlsx_without_a_header_row():
    data = xlsx_bytes({"Sheet1": [["甲", "乙"], ["丙", "丁"]]})
    message = error_for("bank.xlsx", data)
    assert "没有找到表头" in message and "题干" in message


def test_template_left_with_only_its_example():
    message = error_for("模板.xlsx", build_template_xlsx())
    assert "没有找到题目" in message and "模板示例" in message


def test_undecodable_csv():
    data = "题型,题干,答案\n判断题,甲,对\n".encode("gbk") + b"\x80\xff\xfe\x81" * 4
    message = error_for("bank.csv", data)
    assert "无法识别 CSV 文件的文字编码" in message
    assert "UTF-8" in message and "GBK" in message


def test_malformed_and_foreign_xml():
    assert "XML 格式错误（第1行附近）" in error_for("bank.xml", b"<quiz><question></quiz>")
    assert "根元素应为 <quiz>" in error_for("bank.xml", b"<html><body/></html>")


def test_xml_with_entities_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;">]><quiz>&b;</quiz>'
    )
    assert "DOCTYPE" in error_for("bank.xml", bomb)


def test_aiken_file_with_only_broken_blocks_lists_the_errors():
    message = error_for("bank.txt", b"A) orphan option\nANSWER: A\n")
    assert "没有找到题目" in message and "没有题干" in message


def test_parsers_called_directly_raise_too():
    with pytest.raises(FileFormatError, match="PDF"):
        parse_docx_bank(PDF)
    with pytest.raises(FileFormatError, match="PDF"):
        parse_xlsx_bank(PDF)
    with pytest.raises(FileFormatError, match="CSV 文件为空"):
        parse_csv_bank(b"")
    with pytest.raises(FileFormatError, match="Word 文件为空"):
        parse_docx_bank(b"")


def test_file_format_error_is_a_value_error():
    assert issubclass(FileFormatError, ValueError)


_ENTITY_QUIZ = (
    '<!DOCTYPE quiz [<!ENTITY a "负责人负责人负责人"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    '<quiz><question type="truefalse"><questiontext format="plain_text"><text>&b;</text>'
    '</questiontext><answer fraction="100"><text>true</text></answer></question></quiz>'
)


def test_a_dtd_after_a_long_comment_is_refused():
    # A look at the first 4,096 bytes missed it, and internal entities were expanded.
    data = '<?xml version="1.0" encoding="UTF-8"?><!--' + " " * 5000 + "-->" + _ENTITY_QUIZ
    assert "DOCTYPE/实体声明" in error_for("bank.xml", data.encode())


def test_a_dtd_in_utf16_is_refused():
    data = '<?xml version="1.0" encoding="UTF-16"?>' + _ENTITY_QUIZ
    assert "DOCTYPE/实体声明" in error_for("bank.xml", data.encode("utf-16"))
