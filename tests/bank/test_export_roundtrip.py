"""Exporting the bank to .docx/.xlsx and importing the file gives the same questions."""

from __future__ import annotations

import pytest

from assessments.bank.export import as_parsed_question, export_questions
from assessments.bank.importing import preview_question_file, question_fields
from assessments.bank.services import import_questions
from assessments.models import Question
from importers.questions import parse_question_file
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

COMPARED = (
    "type",
    "stem",
    "options",
    "answer",
    "explanation",
    "difficulty",
    "levels",
    "specialties",
    "posts",
    "topics",
    "basis",
)


@pytest.fixture
def questions(bank) -> list[Question]:
    j1 = bank.j1
    return [
        QuestionFactory(
            jurisdiction=j1,
            stem="动火作业前应当首先做什么？",
            difficulty="easy",
            levels=["team_leader", "operator"],
            specialties=["process"],
            posts=["合成岗", "中控岗"],
            topics=["动火作业"],
            basis="《中华人民共和国安全生产法》第二十八条",
        ),
        QuestionFactory(
            jurisdiction=j1,
            type="multiple",
            stem="下列哪些属于特殊作业？",
            options=[
                {"key": "A", "text": "动火作业"},
                {"key": "B", "text": "受限空间作业"},
                {"key": "C", "text": "办公室值班"},
                {"key": "D", "text": "高处作业"},
                {"key": "E", "text": "盲板抽堵作业"},
            ],
            answer=["A", "B", "D", "E"],
            explanation="GB 30871 规定的八类特殊作业。",
            difficulty="hard",
            specialties=["safety", "equipment"],
        ),
        QuestionFactory(
            jurisdiction=j1,
            type="true_false",
            stem="进入受限空间前必须通风、检测。",
            options=[],
            answer=["true"],
            explanation="",
            levels=["new_hire"],
        ),
        QuestionFactory(
            jurisdiction=j1,
            type="true_false",
            stem="可以在储罐区吸烟。",
            options=[],
            answer=["false"],
            topics=["防火防爆", "储罐区"],
        ),
        QuestionFactory(
            jurisdiction=j1,
            type="fill",
            stem="天然气的主要成分是（ ）。",
            options=[],
            answer=["甲烷", "CH4"],
            explanation="甲烷的化学式为 CH4。",
        ),
        QuestionFactory(
            jurisdiction=j1,
            type="fill",
            stem="燃烧三要素是可燃物、（ ）和（ ）。",
            options=[],
            answer=["助燃物|氧气", "点火源"],
        ),
    ]


def stored(question: Question) -> dict:
    return {name: getattr(question, name) for name in COMPARED}


@pytest.mark.parametrize("file_format", ["docx", "xlsx"])
def test_export_then_parse_gives_the_same_questions(questions, file_format):
    data = export_questions(questions, file_format)
    report = parse_question_file(f"bank.{file_format}", data)
    assert [q.problems for q in report.questions] == [()] * len(questions)
    reparsed = [question_fields(parsed) for parsed in report.questions]
    assert [{k: fields[k] for k in COMPARED} for fields in reparsed] == [
        stored(q) for q in questions
    ]


@pytest.mark.parametrize("file_format", ["docx", "xlsx"])
def test_importing_an_export_into_another_bank_recreates_it(bank, questions, file_format):
    data = export_questions(questions, file_format)
    preview = preview_question_file(
        f"bank.{file_format}", data, jurisdiction_id=bank.j2.pk, enterprise_id=None
    )
    batch = import_questions(preview, jurisdiction_id=bank.j2.pk, enterprise_id=None)
    copies = list(Question.objects.filter(import_batch=batch).order_by("pk"))
    assert [stored(q) for q in copies] == [stored(q) for q in questions]


def test_a_linked_provision_survives_the_round_trip(bank, seed_notice):
    provision = seed_notice.provisions.get(label="（一）")
    question = QuestionFactory(jurisdiction=bank.j1, source_provision=provision, basis="")
    assert (
        as_parsed_question(question).basis == f"《{seed_notice.title}》长上应急字〔2024〕22号（一）"
    )
    data = export_questions([question], "xlsx")
    preview = preview_question_file("b.xlsx", data, jurisdiction_id=bank.j2.pk, enterprise_id=None)
    assert preview.items[0].provision_id == provision.pk
