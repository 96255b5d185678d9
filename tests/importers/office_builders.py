"""Builders for oversized and sparse Office files, and a runner that measures a parse in a
child process whose address space is capped (so a regression fails instead of eating the
machine's memory)."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` (a zip) with member ``name`` replaced by ``content``, deflated."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = content if info.filename == name else source.read(info.filename)
            target.writestr(info.filename, body)
    return buffer.getvalue()


def pad_member(data: bytes, name: str, size: int) -> bytes:
    """``data`` with XML member ``name`` grown to at least ``size`` bytes by a comment
    of spaces after its declaration (still well-formed: the bomb's shape)."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read(name)
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    padding = b"<!--" + b" " * max(0, size - len(xml)) + b"-->"
    return replace_member(data, name, xml[:end] + padding + xml[end:])


def sparse_xlsx(rows: list[list[object]], far_cells: dict[str, object], dimension: str) -> bytes:
    """A one-sheet workbook: ``rows`` from A1, ``far_cells`` by reference, and the sheet's
    declared ``<dimension ref=…>`` set to ``dimension`` (what Excel writes after Ctrl+End)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    for row in rows:
        sheet.append(row)
    for ref, value in far_cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    name = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(name).decode()
    start = xml.index('<dimension ref="') + len('<dimension ref="')
    xml = xml[:start] + dimension + xml[xml.index('"', start) :]
    return replace_member(data, name, xml.encode())


_PRELUDE = """
import json, sys, time, tracemalloc
data = open(sys.argv[1], "rb").read()
tracemalloc.start()
started = time.perf_counter()
result = {"error": None}
try:
"""
_EPILOGUE = """
except Exception as exc:
    result["error"] = f"{type(exc).__name__}: {exc}"
result["seconds"] = time.perf_counter() - started
result["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps(result, ensure_ascii=False))
"""


def run_bounded(
    body: str, data: bytes, tmp_path: Path, *, memory_mb: int = 1024, timeout: float = 60
) -> dict:
    """Run ``body`` (indented code that sets ``result[...]`` and reads ``data``) in a child
    Python limited to ``memory_mb`` of address space; its JSON result with the traced
    peak (``peak_mb``) and wall time (``seconds``). A MemoryError shows as ``error``."""
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    script = _PRELUDE + body + _EPILOGUE

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))

    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        # site/ holds safetykb (pure helpers such as safetykb.cells the parsers use).
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")])},
        preexec_fn=limit,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise AssertionError(f"child failed: {done.stderr[-2000:]}")
    return json.loads(lines[-1])


def formatted_docx(paragraphs: int) -> bytes:
    """A regulation-like .docx whose paragraphs carry Word's verbose run formatting:
    ~2.4 KB of XML per "第N条 内容…" paragraph (the shape that makes a DOM expensive)."""
    from tests.question_parsers.builders import docx_bytes

    base = docx_bytes(["关于加强安全生产工作的通知"])
    xml = zipfile.ZipFile(io.BytesIO(base)).read("word/document.xml").decode()
    fonts = "".join(
        f'<w:rFonts w:ascii="仿宋{k}" w:hAnsi="仿宋" w:eastAsia="仿宋_GB2312" w:cs="Times"/>'
        for k in range(6)
    )
    run = f'<w:r><w:rPr>{fonts}<w:sz w:val="32"/></w:rPr><w:t>{{text}}</w:t></w:r>'
    body = "".join(
        "<w:p>" + run.format(text=f"第{n}条") + run.format(text="内容") * 3 + "</w:p>"
        for n in range(1, paragraphs + 1)
    )
    start = xml.index("<w:body>") + len("<w:body>")
    return replace_member(base, "word/document.xml", (xml[:start] + body + xml[start:]).encode())
