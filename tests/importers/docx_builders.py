"""Builders for real .docx files (python-docx) that exercise importer edge cases.

Each builder writes into a directory the test owns (pytest's ``tmp_path``) and returns the
file's path. Paragraphs are described as plain strings or ``Para`` values.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


@dataclass(frozen=True)
class Para:
    text: str
    align: str = ""  # "center", "right" or "" (left)
    page_break_after: bool = False
    style: str | None = None  # a paragraph style name, e.g. "Title"


def centre(text: str) -> Para:
    return Para(text, "center")


def right(text: str, *, page_break_after: bool = False) -> Para:
    return Para(text, "right", page_break_after)


def write_docx(path: Path, paragraphs: Iterable[str | Para]) -> Path:
    """A .docx with one paragraph per item, in order."""
    document = Document()
    for item in paragraphs:
        para = item if isinstance(item, Para) else Para(item)
        paragraph = document.add_paragraph(para.text, style=para.style)
        if para.align:
            paragraph.alignment = _ALIGN[para.align]
        if para.page_break_after:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(path)
    return path


def law_docx(directory: Path) -> Path:
    """第X章/第X节/第X条 layout with a note under the title and a 目录 to skip."""
    return write_docx(
        directory / "law.docx",
        [
            centre("危险化学品安全管理示范条例"),
            centre("（2024年1月5日示范市人民代表大会常务委员会第八次会议通过）"),
            centre("目　　录"),
            "第一章　总　　则",
            "第二章　生产和储存安全",
            centre("第一章　总　　则"),
            centre("第一节　一般规定"),
            "第一条　为了加强危险化学品的安全管理，预防和减少危险化学品事故，制定本条例。",
            "第二条　危险化学品生产、储存、使用、经营和运输的安全管理，适用本条例。",
            "本条例所称危险化学品，包括下列物质：",
            "（一）易燃易爆物品；",
            "（二）有毒有害物品。",
            centre("第二节　职责"),
            "第三条　县级以上人民政府应急管理部门负责危险化学品安全监督管理综合工作。",
            centre("第二章　生产和储存安全"),
            "第四条　生产、储存危险化学品的单位，应当对其铺设的危险化学品管道设置明显标志。",
        ],
    )


def four_level_docx(directory: Path) -> Path:
    """一、/（一）/1./（1） work-points layout, with numbers-that-are-not-numbering inside."""
    return write_docx(
        directory / "four_level.docx",
        [
            centre("2024年危险化学品安全培训工作方案"),
            "为提升从业人员安全素质，制定本方案。",
            "一、总体要求",
            "（一）工作目标。到2025年底，重点企业主要负责人培训考核合格率达到100%。",
            "1.加强主要负责人培训。企业主要负责人每年接受安全培训不少于12学时。",
            "（1）新任主要负责人应当在任职后6个月内完成初始培训。",
            "（2）培训记录应当存档备查。",
            "1.5米以下的管廊区域，应当设置防撞警示标识。",
            "2.强化特种作业人员持证上岗",
            "（二）基本原则。坚持问题导向，分级分类推进。",
            "二、重点任务",
            "（三）开展全员安全培训",
            "2024年底前，全面完成企业全员安全培训。",
        ],
    )


def split_title_notice_docx(directory: Path, *, red_head: bool = False) -> Path:
    """A notice with a three-line title, [ ] 文号, Chinese-numeral date, attachment and 版记."""
    head = [centre("示范市安全生产委员会办公室文件")] if red_head else []
    return write_docx(
        directory / "notice.docx",
        [
            *head,
            centre("示应急发[2024]7号"),
            centre("示范市应急管理局关于印发"),
            centre("《危险化学品企业安全培训考核办法》的"),
            centre("通　　知"),
            "各县（区）应急管理局，各有关企业：",
            "现将《危险化学品企业安全培训考核办法》印发给你们，请认真贯彻执行。",
            "附件：危险化学品企业安全培训考核办法",
            right("示范市应急管理局"),
            right("二〇二四年三月二十一日", page_break_after=True),
            "附件",
            centre("危险化学品企业安全培训"),
            centre("考核办法"),
            "第一条　为规范危险化学品企业安全培训考核工作，制定本办法。",
            "第二条　本办法适用于本市行政区域内的危险化学品企业。",
            "抄送：市安委会办公室。",
            "示范市应急管理局办公室\t\t2024年3月22日印发",
        ],
    )


def artefacts_docx(directory: Path) -> Path:
    """Word artefacts: a _GoBack bookmark before pPr, zero-width and odd spaces, hidden text."""
    path = write_docx(
        directory / "artefacts.docx",
        [
            centre("关于　加强\u00a0危险化学品\u200b安全管理的通知"),
            "",
            "\u3000\u3000一、 总体 要求",
            "\u3000\u3000（一）落实\ufeff主体责任。企业  要  建立\u200d制度。",
            "\u3000",
            "二、GB 30871 作业要求",
        ],
    )
    document = Document(path)
    target = document.paragraphs[3]._p
    # Word puts the _GoBack bookmark first, even before w:pPr, exactly as in the seed notice.
    bookmark = OxmlElement("w:bookmarkStart")
    bookmark.set(qn("w:id"), "0")
    bookmark.set(qn("w:name"), "_GoBack")
    target.insert(0, bookmark)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    target.append(end)
    hidden = document.paragraphs[5].add_run("隐藏的批注文字")
    hidden.font.hidden = True
    document.save(path)
    return path


def table_docx(directory: Path) -> Path:
    """Provisions followed by a table, whose rows become text of the last provision."""
    document = Document()
    document.add_paragraph("储罐区安全要求").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("一、储罐区分级")
    table = document.add_table(rows=2, cols=2)
    for row, (a, b) in zip(table.rows, (("等级", "储量"), ("一级", "100吨以上")), strict=True):
        row.cells[0].text, row.cells[1].text = a, b
    path = directory / "table.docx"
    document.save(path)
    return path


# ---------------------------------------------------------------- bad inputs


def empty_docx(directory: Path) -> Path:
    """A valid .docx whose paragraphs hold only whitespace."""
    return write_docx(directory / "empty.docx", ["", "\u3000\u3000", " "])


def no_structure_docx(directory: Path) -> Path:
    return write_docx(
        directory / "prose.docx",
        [
            centre("关于做好节日期间安全生产工作的提示"),
            "节日将至，请各企业做好值班值守，加强巡回检查，确保安全。",
            "2024年1月全市未发生较大以上事故。",
        ],
    )


def renamed_text_file(directory: Path) -> Path:
    path = directory / "notes.docx"
    path.write_text("第一条　这其实是一个改了扩展名的文本文件。", encoding="utf-8")
    return path


def renamed_pdf(directory: Path) -> Path:
    path = directory / "scan.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    return path


def ole_file(directory: Path) -> Path:
    """What an encrypted .docx (or a legacy .doc) starts with: an OLE compound file header."""
    path = directory / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path


def zip_not_docx(directory: Path) -> Path:
    path = directory / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "不是 Word 文档")
    return path


def corrupt_zip(directory: Path) -> Path:
    """A real .docx cut in half: the zip's central directory is gone."""
    source = write_docx(directory / "whole.docx", ["一、总体要求"])
    data = source.read_bytes()
    path = directory / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    return path


def broken_xml_docx(directory: Path) -> Path:
    """A .docx whose word/document.xml is not well-formed XML."""
    source = write_docx(directory / "whole.docx", ["一、总体要求"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w") as patched:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            patched.writestr(item, data)
    path = directory / "broken.docx"
    path.write_bytes(buffer.getvalue())
    return path


def empty_file(directory: Path) -> Path:
    path = directory / "zero.docx"
    path.write_bytes(b"")
    return path
