"""Real upload files built in the tests: template .xlsx banks, .docx banks, catalogue sheets."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from importers.questions import TEMPLATE_COLUMNS


def bank_xlsx(rows: Sequence[dict[str, str]]) -> bytes:
    """An .xlsx in the import template's columns, one row per dict (missing cells blank)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(TEMPLATE_COLUMNS))
    for row in rows:
        sheet.append([row.get(column, "") for column in TEMPLATE_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_xlsx(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bank(paragraphs: Sequence[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def single(stem: str, answer: str = "A", **extra) -> dict[str, str]:
    return {
        "题型": "单选题",
        "题干": stem,
        "选项A": "气体检测",
        "选项B": "直接动火",
        "选项C": "口头通知",
        "选项D": "无需准备",
        "答案": answer,
        **extra,
    }


#: Three good questions and two bad ones (answer not among the options; 多选 with one answer).
MIXED_ROWS = [
    single("动火作业前应当首先做什么？", 解析="先检测可燃气体。", 难度="易", 知识点="动火作业"),
    {"题型": "判断题", "题干": "进入受限空间前必须通风、检测。", "答案": "正确"},
    {"题型": "填空题", "题干": "天然气的主要成分是（ ）。", "答案": "甲烷；CH4"},
    single("受限空间作业监护人应当在哪里？", answer="E"),
    {
        "题型": "多选题",
        "题干": "下列哪些属于特殊作业？",
        "选项A": "动火作业",
        "选项B": "受限空间作业",
        "选项C": "办公室值班",
        "答案": "A",
    },
]
