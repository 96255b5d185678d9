"""What an upload really is: its kind from the first bytes (so "a PDF named .docx" gets a
clear message) and, for text files, its encoding."""

from __future__ import annotations

import codecs
import io
import zipfile

from .model import FileFormatError

__all__ = ["decode_text", "describe_foreign", "sniff_kind", "wrong_kind_message"]

_SIGNATURES = (
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf", "archive"),
    (b"{\\rtf", "rtf"),
)

_NAMES = {
    "pdf": "PDF 文件",
    "ole": "旧版 Office 文件（.doc/.xls）或加密的文件，请在 Office/WPS 中另存为 .docx 或 .xlsx",
    "image": "图片",
    "archive": "压缩包",
    "rtf": "RTF 文档，请在 Word 中另存为 .docx",
    "docx": "Word（.docx）文件",
    "xlsx": "Excel（.xlsx）文件",
    "zip": "ZIP 压缩包或其他格式的文档",
    "text": "文本文件",
}


def sniff_kind(data: bytes) -> str:
    """One of: pdf, ole, image, archive, rtf, docx, xlsx, zip, broken_zip, text, empty."""
    if not data.strip():
        return "empty"
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"PK"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "broken_zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    return "text"


def describe_foreign(data: bytes, expected: str) -> str | None:
    """A Chinese name for what ``data`` is if it cannot be an ``expected`` file, else None.

    A broken zip is not "foreign": the reader reports it as damaged.
    """
    kind = sniff_kind(data)
    if kind in (expected, "broken_zip"):
        return None
    return _NAMES.get(kind, "无法识别的文件")


def wrong_kind_message(data: bytes, expected: str, prefix: str) -> str | None:
    """``prefix`` + what the file really is ("这不是 Word 文件，而是 PDF 文件"), or None."""
    foreign = describe_foreign(data, expected)
    if foreign is None:
        return None
    return f"{prefix}{' ' if foreign[0].isascii() else ''}{foreign}"


def decode_text(data: bytes, what: str) -> str:
    """Text of an uploaded text file: UTF-8 (with or without BOM), UTF-16 with BOM, or
    GBK/GB18030 as Excel and Notepad save it on Chinese Windows.

    ``what`` names the file kind in the error ("CSV 文件").
    """
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise FileFormatError(
        f"无法识别 {what}的文字编码：请保存为 UTF-8 或 GBK 编码后再上传"
        "（Excel 中可“另存为”“CSV UTF-8（逗号分隔）”）"
    )
