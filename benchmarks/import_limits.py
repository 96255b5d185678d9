"""Oversized Office files through every .docx/.xlsx importer: now against before the caps.

    .venv/bin/python benchmarks/import_limits.py [--memory-mb 1024] [--timeout 60]

Builds the issue's files under /tmp (small on disk; the big parts are written as a
stream), then parses each in a child process limited to ``--memory-mb`` of address space
and ``--timeout`` seconds, with the importers as they are now and as they were at
a3c0bb6 (extracted with ``git archive``). Prints the outcome, wall time and the child's
peak RSS growth over its imports. A real file of each kind is the baseline row.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.importers.office_builders import (  # noqa: E402 (path set up above)
    formatted_docx,
    sparse_xlsx,
)
from tests.question_parsers.builders import docx_bytes, xlsx_bytes  # noqa: E402

BEFORE = "a3c0bb6"
MB = 1024 * 1024
SAMPLES = ROOT.parent.parent / "shared" / "samples"

PARSERS = {
    "bank": "from importers.questions import parse_question_file as parse\n"
    "run = lambda name, data: len(parse(name, data).questions)",
    "regulation": "import io\nfrom importers.regulation_docx import parse_regulation_docx as parse\n"
    "run = lambda name, data: len(parse(io.BytesIO(data)).provisions)",
    "catalogue": "from importers.catalogue import preview_catalogue_file as parse\n"
    "run = lambda name, data: len(parse(name, data).rows)",
}

CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
{parser}
data = open(sys.argv[2], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    outcome = f"read {{run(sys.argv[3], data)}}"
except MemoryError:
    outcome = "MemoryError"
except Exception as exc:
    outcome = str(exc)
print(json.dumps({{
    "outcome": outcome,
    "seconds": time.perf_counter() - started,
    "rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024,
}}, ensure_ascii=False))
"""


def padded_docx(part_bytes: int, path: Path) -> Path:
    """A small .docx whose document.xml holds ``part_bytes`` of whitespace (a zip bomb),
    written as a stream so the builder never holds the part in memory."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["1.【判断】甲。", "答案：对"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename != "word/document.xml":
                target.writestr(info.filename, body)
                continue
            end = body.index(b"?>") + 2
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(body[:end] + b"<!--")
                chunk = b" " * MB
                for _ in range(part_bytes // MB):
                    stream.write(chunk)
                stream.write(b"-->" + body[end:])
    return path


def cases(directory: Path) -> list[tuple[str, str, str, Path]]:
    """(label, parser, upload name, file)."""

    def write(name: str, data: bytes) -> Path:
        path = directory / name
        path.write_bytes(data)
        return path

    rows = [["题型", "题干", "答案"], ["判断题", "动火作业必须办理作业票。", "对"]]
    catalogue = ["批次", "序号", "类别", "名称", "处置", "主要安全风险", "适用范围"]
    catalogue_row = ["第三批", "", "设备", "某型号老旧设备", "淘汰", "", ""]
    found = [
        (
            "bank .xlsx, 2 rows (baseline)",
            "bank",
            "bank.xlsx",
            write("b.xlsx", xlsx_bytes({"题库": rows})),
        ),
        (
            "bank .xlsx, a cell at XFD1048576",
            "bank",
            "bank.xlsx",
            write("xfd.xlsx", sparse_xlsx(rows, {"XFD1048576": "x"}, "A1:XFD1048576")),
        ),
        (
            "bank .xlsx, declared A1:XFD1048576, 2 rows",
            "bank",
            "bank.xlsx",
            write("dim.xlsx", sparse_xlsx(rows, {}, "A1:XFD1048576")),
        ),
        (
            "bank .docx, 2 paragraphs (baseline)",
            "bank",
            "bank.docx",
            write("b.docx", docx_bytes(["1.【判断】甲。", "答案：对"])),
        ),
        (
            "bank .docx, 1 GB document.xml",
            "bank",
            "bank.docx",
            padded_docx(1024 * MB, directory / "bomb.docx"),
        ),
        (
            "regulation .docx, 6,000 formatted articles (15 MB XML)",
            "regulation",
            "r.docx",
            write("fat.docx", formatted_docx(6_000)),
        ),
        (
            "regulation .docx, 190 MB document.xml",
            "regulation",
            "r.docx",
            padded_docx(190 * MB, directory / "reg-bomb.docx"),
        ),
        (
            "catalogue .xlsx, 1 row (baseline)",
            "catalogue",
            "c.xlsx",
            write("c.xlsx", xlsx_bytes({"目录": [catalogue, catalogue_row]})),
        ),
        (
            "catalogue .xlsx, a cell at XFD1048576",
            "catalogue",
            "c.xlsx",
            write(
                "cxfd.xlsx",
                sparse_xlsx([catalogue, catalogue_row], {"XFD1048576": "x"}, "A1:XFD1048576"),
            ),
        ),
    ]
    for name, parser in (("question-bank.xlsx", "bank"), ("seed-notice.docx", "regulation")):
        if (SAMPLES / name).exists():
            found.append((f"{name} (real sample)", parser, name, SAMPLES / name))
    return found


def measure(code_root: Path, parser: str, name: str, path: Path, args) -> dict:
    def limit() -> None:
        size = args.memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    script = CHILD.format(parser=PARSERS[parser])
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(code_root), str(path), name],
            capture_output=True,
            text=True,
            timeout=args.timeout,
            preexec_fn=limit,
            check=False,
            cwd=code_root,
        )
    except subprocess.TimeoutExpired:
        return {
            "outcome": f"still running after {args.timeout} s (stopped)",
            "seconds": args.timeout,
            "rss_mb": float("nan"),
        }
    lines = done.stdout.strip().splitlines()
    if not lines:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {"outcome": tail[0][:80], "seconds": float("nan"), "rss_mb": float("nan")}
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        before_root = directory / "before"
        before_root.mkdir()
        archive = subprocess.run(
            ["git", "archive", BEFORE, "importers"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(before_root, filter="data")
        print(f"child limits: {args.memory_mb} MB address space, {args.timeout:.0f} s")
        print("| file | on disk | now | s | RSS MB | before (a3c0bb6) | s | RSS MB |")
        print("|---|---|---|---|---|---|---|---|")
        for label, kind, name, path in cases(directory):
            now = measure(ROOT, kind, name, path, args)
            old = measure(before_root, kind, name, path, args)
            size = path.stat().st_size
            shown = f"{size / 1024:,.0f} KB" if size < MB else f"{size / MB:,.1f} MB"
            print(
                f"| {label} | {shown} | {now['outcome'][:70]} | {now['seconds']:.2f} "
                f"| {now['rss_mb']:.0f} | {old['outcome'][:70]} | {old['seconds']:.2f} "
                f"| {old['rss_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
