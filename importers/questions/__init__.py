"""Pure parsers for exam question banks (题库导入): Word, Excel/CSV, Moodle XML, GIFT, Aiken.

No Django here: ``parse_question_file`` turns an upload into a ``ParseReport`` of
``ParsedQuestion`` values with problems spelled out in Chinese; saving is the import
service's job. ``report_to_json`` is what a ``--json`` CLI prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from .aiken import looks_like_aiken, parse_aiken
from .docx_bank import parse_docx_bank
from .export import export_docx, export_xlsx
from .gift import looks_like_gift, parse_gift
from .model import (
    FileFormatError,
    Option,
    ParsedQuestion,
    ParseReport,
    Problem,
    ProblemCode,
    QuestionType,
    ReportError,
    SkippedItem,
)
from .moodle_xml import parse_moodle_xml
from .normalize import (
    ExistingStem,
    ProgressHook,
    find_duplicates,
    normalize_stem,
    similarity,
)
from .sniff import decode_text, wrong_kind_message
from .tabular import TEMPLATE_COLUMNS, build_template_xlsx, parse_csv_bank, parse_xlsx_bank
from .text_bank import TextLine, parse_text_lines

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "TEMPLATE_COLUMNS",
    "FileFormatError",
    "Option",
    "ParseReport",
    "ParsedQuestion",
    "Problem",
    "ProblemCode",
    "ProgressHook",
    "QuestionType",
    "ReportError",
    "SkippedItem",
    "build_template_xlsx",
    "export_docx",
    "export_xlsx",
    "find_duplicates",
    "normalize_stem",
    "parse_aiken",
    "parse_csv_bank",
    "parse_docx_bank",
    "parse_gift",
    "parse_moodle_xml",
    "parse_question_file",
    "parse_text_bank",
    "parse_xlsx_bank",
    "report_to_json",
    "similarity",
]

SUPPORTED_EXTENSIONS = (".docx", ".xlsx", ".xlsm", ".csv", ".xml", ".gift", ".txt")
_SUPPORTED_TEXT = "Word（.docx）、Excel（.xlsx）、CSV、Moodle XML（.xml）、GIFT 或 Aiken（.txt）"
_OLD_FORMATS = {
    ".doc": "旧版 Word（.doc）文件不能直接导入，请在 Word/WPS 中另存为 .docx 后上传",
    ".wps": "WPS 文字（.wps）文件不能直接导入，请另存为 .docx 后上传",
    ".xls": "旧版 Excel（.xls）文件不能直接导入，请在 Excel/WPS 中另存为 .xlsx 后上传",
    ".et": "WPS 表格（.et）文件不能直接导入，请另存为 .xlsx 后上传",
}


def parse_question_file(
    filename: str,
    data: bytes,
    *,
    existing_stems: Iterable[ExistingStem] = (),
    duplicate_threshold: float = 0.9,
    on_progress: ProgressHook | None = None,
) -> ParseReport:
    """Parse an uploaded bank by its extension (content-checked) and flag duplicates.

    Duplicates are looked for within the file and against ``existing_stems`` (stems, or
    ``(stem, option_texts)`` pairs, already in the bank). Raises ``FileFormatError``
    with a Chinese message for an empty, corrupt or mislabelled file, or one in which no
    question was found (its ``report`` then says what was skipped or failed).
    ``on_progress(done, total)`` follows the duplicate check (see ``find_duplicates``).
    """
    name = PurePath(filename).name or "上传的文件"
    extension = PurePath(filename).suffix.lower()
    try:
        if not data or not data.strip():
            raise FileFormatError("文件是空的")
        report = _parse_by_extension(extension, data)
    except FileFormatError as exc:
        raise FileFormatError(f"“{name}”无法导入：{exc}", exc.report) from exc
    if not report.questions:
        raise FileFormatError(f"“{name}”中没有找到题目{_why_empty(report)}", report)
    questions = find_duplicates(
        report.questions, existing_stems, duplicate_threshold, on_progress=on_progress
    )
    return replace(report, questions=questions)


def parse_text_bank(text: str) -> ParseReport:
    """A bank typed as plain text in the Word layout ("1.【单选】…", "A.…", "答案：B")."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return parse_text_lines(TextLine(line, f"第{n}行") for n, line in enumerate(lines, 1))


def _parse_by_extension(extension: str, data: bytes) -> ParseReport:
    if extension in _OLD_FORMATS:
        raise FileFormatError(_OLD_FORMATS[extension])
    if extension == ".docx":
        return parse_docx_bank(data)
    if extension in (".xlsx", ".xlsm"):
        return parse_xlsx_bank(data)
    if extension not in (".csv", ".xml", ".gift", ".txt"):
        shown = extension or "（无扩展名）"
        raise FileFormatError(f"不支持的文件类型“{shown}”，请上传{_SUPPORTED_TEXT}文件")
    if message := wrong_kind_message(data, "text", f"扩展名是 {extension}，但文件实际上是"):
        raise FileFormatError(message)
    if extension == ".csv":
        return parse_csv_bank(data)
    if extension == ".xml":
        return parse_moodle_xml(data)
    text = decode_text(data, "文本文件")
    if extension == ".gift" or (looks_like_gift(text) and not looks_like_aiken(text)):
        return parse_gift(text)
    if looks_like_aiken(text):
        return parse_aiken(text)
    return parse_text_bank(text)


def _why_empty(report: ParseReport) -> str:
    reasons = [error.message for error in report.errors]
    reasons += [item.message for item in report.skipped if item.kind != "text"]
    if reasons:
        shown = "；".join(reasons[:3]) + ("……" if len(reasons) > 3 else "")
        return f"：{shown}"
    return "：请检查题目是否以“1.”等编号或【单选】等标记开头、选项是否以“A.”开头、是否写明“答案：”"


def report_to_json(report: ParseReport) -> list[dict[str, Any]]:
    """One JSON-ready dict per question, fields as in ``ParsedQuestion``."""
    return [
        {
            "type": question.type.value if question.type is not None else None,
            "stem": question.stem,
            "options": [{"key": option.key, "text": option.text} for option in question.options],
            "answer": list(question.answer),
            "explanation": question.explanation,
            "difficulty": question.difficulty,
            "levels": list(question.levels),
            "specialties": list(question.specialties),
            "posts": list(question.posts),
            "topics": list(question.topics),
            "basis": question.basis,
            "source_ref": question.source_ref,
            "problems": [
                {"code": problem.code.value, "message": problem.message}
                for problem in question.problems
            ],
        }
        for question in report.questions
    ]
