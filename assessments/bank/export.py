"""Exporting bank questions to the files the importers read: tagged .docx and template .xlsx.

``as_parsed_question`` is the inverse of ``question_import.question_fields``: stored
codes become the labels a bank author writes (easy → 易, team_leader → 班组长), and a
question linked to a provision but without 依据 text gets a citation that resolves back
to it ("《title》第X条"), so importing an export gives the same questions back
(``tests/bank/test_export_roundtrip.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from accounts.vocab import Level, Specialty
from assessments.bank.basis import parse_basis
from assessments.bank.models import Difficulty, Question
from importers.questions import Option, ParsedQuestion, QuestionType, export_docx, export_xlsx

_DIFFICULTY_LABEL = {value: label for value, label in Difficulty.choices}
_LEVEL_LABEL = {value: label for value, label in Level.choices}
_SPECIALTY_LABEL = {value: label for value, label in Specialty.choices}

#: File extension, content type and base name of each export format.
EXPORT_FORMATS = {
    "docx": (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def basis_text(question: Question) -> str:
    """The 依据 as written, else the linked provision as "《title》第X条" (or, for an item
    of a numbered document, "《title》长上应急字〔2024〕22号（一）"), so it resolves again."""
    if question.basis:
        return question.basis
    provision = question.source_provision
    if provision is None:
        return ""
    page = provision.page
    text = f"《{page.title}》{provision.label}"
    ref = parse_basis(text)
    if (ref is None or not ref.label) and page.doc_number:
        text = f"《{page.title}》{page.doc_number}{provision.label}"
    return text


def as_parsed_question(question: Question) -> ParsedQuestion:
    return ParsedQuestion(
        type=QuestionType(question.type),
        stem=question.stem,
        options=tuple(Option(o["key"], o.get("text", "")) for o in question.options or []),
        answer=tuple(question.answer),
        explanation=question.explanation,
        difficulty=_DIFFICULTY_LABEL.get(question.difficulty),
        levels=tuple(_LEVEL_LABEL.get(value, value) for value in question.levels),
        specialties=tuple(_SPECIALTY_LABEL.get(value, value) for value in question.specialties),
        posts=tuple(question.posts),
        topics=tuple(question.topics),
        basis=basis_text(question),
        source_ref=f"题库 #{question.pk}" if question.pk else "",
    )


def export_questions(questions: Iterable[Question], file_format: str) -> bytes:
    """The questions as a Word bank ("docx") or an import-template spreadsheet ("xlsx")."""
    parsed = [as_parsed_question(question) for question in questions]
    if file_format == "docx":
        return export_docx(parsed)
    if file_format == "xlsx":
        return export_xlsx(parsed)
    raise ValueError(f"unknown export format {file_format!r}")
