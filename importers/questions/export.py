"""Writing questions back out: the tagged Word layout and the xlsx import template.

Both are read back by our own parsers to the same questions (``source_ref`` and
problems aside), which the round-trip tests check; use them for 题库导出 and for
handing a corrected bank back to its author.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx

from .model import ParsedQuestion, QuestionType
from .tabular import TEMPLATE_COLUMNS, write_bank_xlsx

__all__ = ["answer_text", "export_docx", "export_xlsx"]

_TYPE_WORDS = {
    QuestionType.SINGLE: "单选题",
    QuestionType.MULTIPLE: "多选题",
    QuestionType.TRUE_FALSE: "判断题",
    QuestionType.FILL: "填空题",
}


def answer_text(question: ParsedQuestion) -> str:
    """The answer as a bank author writes it: "B", "ABD", "正确", "甲烷；CH4"."""
    if question.type is QuestionType.TRUE_FALSE:
        return (
            {"true": "正确", "false": "错误"}.get(question.answer[0], "") if question.answer else ""
        )
    if question.type is QuestionType.FILL:
        # One blank: variants; several blanks: one entry per blank (variants joined by |).
        return "；".join(question.answer)
    return "".join(question.answer)


def export_docx(questions: Sequence[ParsedQuestion]) -> bytes:
    """A Word bank in the tagged layout: "1.【单选】题干", "A.…", "答案：B", "解析：…"."""
    document = docx.Document()
    for number, question in enumerate(questions, start=1):
        tag = f"【{question.type.label}】" if question.type is not None else ""
        stem_lines = question.stem.split("\n") or [""]
        document.add_paragraph(f"{number}.{tag}{stem_lines[0]}")
        for line in stem_lines[1:]:
            document.add_paragraph(line)
        for option in question.options:
            document.add_paragraph(f"{option.key}.{option.text}")
        if question.answer:
            document.add_paragraph(f"答案：{answer_text(question)}")
        if question.explanation:
            first, *rest = question.explanation.split("\n")
            document.add_paragraph(f"解析：{first}")
            for line in rest:
                document.add_paragraph(line)
        for label, value in (
            ("难度", question.difficulty or ""),
            ("适用层级", "、".join(question.levels)),
            ("专业", "、".join(question.specialties)),
            ("岗位", "、".join(question.posts)),
            ("依据", question.basis),
            ("知识点", "、".join(question.topics)),
        ):
            if value:
                document.add_paragraph(f"{label}：{value}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_xlsx(questions: Sequence[ParsedQuestion]) -> bytes:
    """An .xlsx in the template's columns; 选项G/选项H only if some question needs them."""
    widest = max((len(question.options) for question in questions), default=0)
    option_keys = "ABCDEFGH"[: max(6, widest)]
    columns = list(TEMPLATE_COLUMNS)
    at = columns.index("选项F") + 1
    columns[at:at] = [f"选项{key}" for key in option_keys[6:]]
    rows = []
    for question in questions:
        options = {option.key: option.text for option in question.options}
        values = {
            "题型": _TYPE_WORDS.get(question.type, "") if question.type else "",
            "题干": question.stem,
            "答案": answer_text(question),
            "解析": question.explanation,
            "难度": question.difficulty or "",
            "适用层级": "、".join(question.levels),
            "专业": "、".join(question.specialties),
            "岗位": "、".join(question.posts),
            "依据": question.basis,
            "知识点": "、".join(question.topics),
        }
        values |= {f"选项{key}": options.get(key, "") for key in option_keys}
        rows.append([values[column] for column in columns])
    return write_bank_xlsx(rows, columns=columns)
