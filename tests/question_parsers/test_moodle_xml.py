"""Moodle XML: Moodle's own fixture (read from ../shared, never copied) and our own strings."""

from __future__ import annotations

import pytest

from importers.questions import (
    Option,
    ProblemCode,
    QuestionType,
    parse_moodle_xml,
    parse_question_file,
)

from .builders import MOODLE_FIXTURES


def fixture(name: str) -> bytes:
    path = MOODLE_FIXTURES / name
    if not path.exists():
        pytest.skip(f"Moodle fixture {path} not available")
    return path.read_bytes()


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>"
    ).encode()


def test_nested_categories_fixture_per_readme():
    report = parse_moodle_xml(fixture("nested_categories_with_questions.xml"))

    # Four true/false questions, all "true"; the essay is skipped, not dropped.
    assert [q.type for q in report.questions] == [QuestionType.TRUE_FALSE] * 4
    assert [q.answer for q in report.questions] == [("true",)] * 4
    assert [q.stem for q in report.questions] == [
        "Testing Iota Question",  # <p> in CDATA comes through as plain text
        "Testing Kappa Question",
        "Testing Lambda Question",
        "Testing Mu Question",
    ]
    assert [q.topics for q in report.questions] == [
        ("Iota",),
        ("Iota", "Kappa"),
        ("Iota", "Kappa", "Lambda"),
        ("Iota", "Mu"),
    ]
    assert all(q.is_valid for q in report.questions)
    (essay,) = report.skipped
    assert essay.kind == "essay"
    assert essay.source_ref == "题目 2"
    assert essay.message == "第2题“Kappa Essay Question”（essay 类型）不支持，已跳过"


def test_fixture_through_the_dispatcher():
    report = parse_question_file("export.xml", fixture("nested_categories_with_questions.xml"))

    assert len(report.questions) == 4
    assert len(report.skipped) == 1


MULTICHOICE_SINGLE = """
<question type="multichoice">
  <name><text>培训</text></name>
  <questiontext format="html"><text><![CDATA[<p>员工考核不合格的，应当按照<b>（ ）</b>培训标准脱产培训。</p>]]></text></questiontext>
  <generalfeedback format="html"><text>&lt;p&gt;考核不合格的，按照新上岗人员培训标准。&lt;/p&gt;</text></generalfeedback>
  <single>true</single>
  <answer fraction="0" format="html"><text>特种作业人员</text></answer>
  <answer fraction="100" format="html"><text><![CDATA[<span>新上岗人员</span>]]></text></answer>
  <answer fraction="0" format="html"><text>班组长</text></answer>
</question>"""

MULTICHOICE_MULTIPLE = """
<question type="multichoice">
  <name><text>四个系统</text></name>
  <questiontext format="plain_text"><text>“四个系统”包括（ ）。</text></questiontext>
  <single>false</single>
  <answer fraction="33.33333"><text>气体检测</text></answer>
  <answer fraction="33.33333"><text>紧急切断</text></answer>
  <answer fraction="-100"><text>人员定位</text></answer>
  <answer fraction="33.33334"><text>视频监控</text></answer>
</question>"""

SHORTANSWER = """
<question type="shortanswer">
  <name><text>天然气</text></name>
  <questiontext format="html"><text>天然气的主要成分是____。</text></questiontext>
  <answer fraction="100"><text>甲烷</text></answer>
  <answer fraction="100"><text>CH4</text></answer>
  <answer fraction="0"><text>乙烷</text></answer>
</question>"""

FOREIGN = """
<question type="matching"><name><text>配对</text></name><questiontext><text>x</text></questiontext></question>
<question type="numerical"><name><text>数值</text></name><questiontext><text>y</text></questiontext></question>
<question type="description"><name><text>说明</text></name><questiontext><text>z</text></questiontext></question>
<question type="multianswer"><name><text>完形</text></name><questiontext><text>w</text></questiontext></question>"""


def test_multichoice_single_and_multiple():
    single, multiple = parse_moodle_xml(quiz(MULTICHOICE_SINGLE, MULTICHOICE_MULTIPLE)).questions

    assert single.type is QuestionType.SINGLE
    assert single.stem == "员工考核不合格的，应当按照（ ）培训标准脱产培训。"
    assert single.options == (
        Option("A", "特种作业人员"),
        Option("B", "新上岗人员"),
        Option("C", "班组长"),
    )
    assert single.answer == ("B",)
    assert single.explanation == "考核不合格的，按照新上岗人员培训标准。"
    assert multiple.type is QuestionType.MULTIPLE
    assert multiple.answer == ("A", "B", "D")  # fraction > 0
    assert multiple.options[3] == Option("D", "视频监控")
    assert single.is_valid and multiple.is_valid


def test_single_with_partial_credit_keeps_only_the_best_answer():
    xml = MULTICHOICE_SINGLE.replace(
        'fraction="0" format="html"><text>班组长', 'fraction="50" format="html"><text>班组长'
    )

    (question,) = parse_moodle_xml(quiz(xml)).questions

    assert question.answer == ("B",)


def test_shortanswer_variants():
    (question,) = parse_moodle_xml(quiz(SHORTANSWER)).questions

    assert question.type is QuestionType.FILL
    assert question.answer == ("甲烷", "CH4")
    assert question.options == ()


def test_every_other_type_is_skipped_and_named():
    report = parse_moodle_xml(quiz(SHORTANSWER, FOREIGN))

    assert len(report.questions) == 1
    assert [(item.kind, item.source_ref) for item in report.skipped] == [
        ("matching", "题目 2"),
        ("numerical", "题目 3"),
        ("description", "题目 4"),
        ("multianswer", "题目 5"),
    ]
    assert report.skipped[1].message == "第3题“数值”（numerical 类型）不支持，已跳过"


def test_category_with_top_and_escaped_slash():
    category = '<question type="category"><category><text>$course$/top/防火//防爆/动火</text></category></question>'

    (question,) = parse_moodle_xml(quiz(category, SHORTANSWER)).questions

    assert question.topics == ("防火/防爆", "动火")


def test_problems_name_the_moodle_question():
    broken = MULTICHOICE_MULTIPLE.replace('fraction="33.33333"', 'fraction="0"', 1).replace(
        'fraction="33.33333"', 'fraction="0"', 1
    )

    (question,) = parse_moodle_xml(quiz(broken)).questions

    assert [p.code for p in question.problems] == [ProblemCode.MULTIPLE_WITH_ONE_ANSWER]
    assert question.problems[0].message.startswith("第1题“四个系统”")


def test_html_entities_and_images_become_text():
    xml = """
<question type="truefalse">
  <name><text>t</text></name>
  <questiontext format="html"><text><![CDATA[<p>A &amp; B&nbsp;<img src="x.png" alt="标志"></p><p>second</p>]]></text></questiontext>
  <answer fraction="0"><text>true</text></answer>
  <answer fraction="100"><text>false</text></answer>
</question>"""

    (question,) = parse_moodle_xml(quiz(xml)).questions

    assert question.stem == "A & B [图片：标志]\nsecond"
    assert question.answer == ("false",)


def test_an_option_that_is_only_markup_is_a_problem():
    xml = MULTICHOICE_SINGLE.replace(
        "<![CDATA[<span>新上岗人员</span>]]>", "<![CDATA[<p><span>&nbsp;</span><br></p>]]>"
    )

    (question,) = parse_moodle_xml(quiz(xml)).questions

    assert question.options[1] == Option("B", "")
    assert ProblemCode.EMPTY_OPTION in question.problem_codes
    assert "第1题“培训”：选项 B 没有文字（原文可能只有格式标记）" in [
        problem.message for problem in question.problems
    ]
