"""Answers, explanations, metadata and headings in Word banks, built as real .docx files."""

from __future__ import annotations

import pytest

from importers.questions import QuestionType

from .builders import parse_docx_paragraphs as parse
from .builders import single_docx_question as only

SINGLE, MULTIPLE = QuestionType.SINGLE, QuestionType.MULTIPLE
TRUE_FALSE, FILL = QuestionType.TRUE_FALSE, QuestionType.FILL


@pytest.mark.parametrize(
    "marker", ["答案：", "答案:", "参考答案:", "【答案】", "【答案】：", "正确答案："]
)
def test_answer_markers(tmp_path, marker):
    question = only(tmp_path, ["1.【单选】按照（ ）培训。", "A.甲", "B.乙", "C.丙", f"{marker}C"])

    assert question.answer == ("C",)


@pytest.mark.parametrize("marker", ["解析：", "解析:", "【解析】", "答案解析："])
def test_explanation_markers_on_own_line_and_inline(tmp_path, marker):
    own_line = only(
        tmp_path, ["1.【单选】按照（ ）培训。", "A.甲", "B.乙", "答案：A", f"{marker}因为甲。"]
    )
    inline = only(
        tmp_path, ["1.【单选】按照（ ）培训。", "A.甲", "B.乙", f"答案：A。{marker}因为甲。"]
    )

    assert own_line.explanation == inline.explanation == "因为甲。"
    assert inline.answer == ("A",)


def test_explanation_running_over_several_paragraphs_with_its_own_list(tmp_path):
    report = parse(
        tmp_path,
        [
            "3.【多选】动火作业前应当（ ）。",
            "A.办理许可",
            "B.清理可燃物",
            "C.检测可燃气体",
            "答案：ABC",
            "解析：要点如下：",
            "1.办理动火许可；",
            "2.清理可燃物。",
            "4.【判断】动火可以不监护。",
            "答案：错",
        ],
    )

    assert len(report.questions) == 2
    assert report.questions[0].explanation == "要点如下：\n1.办理动火许可；\n2.清理可燃物。"
    assert report.questions[1].answer == ("false",)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("正确", "true"),
        ("错误", "false"),
        ("对", "true"),
        ("错", "false"),
        ("√", "true"),
        ("×", "false"),
        ("✓", "true"),
        ("✗", "false"),
        ("A", "true"),
        ("B", "false"),
        ("错误。", "false"),
    ],
)
def test_true_false_answers(tmp_path, written, expected):
    question = only(tmp_path, ["1.【判断】企业主要负责人是第一责任人。", f"答案：{written}"])

    assert question.type is TRUE_FALSE
    assert question.answer == (expected,)
    assert question.options == ()


def test_true_false_written_with_options(tmp_path):
    question = only(tmp_path, ["1.【判断】隐患整改无需签名。", "A.正确", "B.错误", "答案：B"])

    assert question.type is TRUE_FALSE
    assert question.answer == ("false",)
    assert question.options == ()


@pytest.mark.parametrize(
    ("paragraphs", "expected_type", "expected_answer"),
    [
        (
            ["1.下列属于危险化学品的有（ ）。", "A.汽油", "B.液氯", "C.清水", "答案：AB"],
            MULTIPLE,
            ("A", "B"),
        ),
        (["1.下列属于危险化学品的是（ ）。", "A.汽油", "B.清水", "答案：A"], SINGLE, ("A",)),
        (["1.企业可以不培训员工。", "答案：错误"], TRUE_FALSE, ("false",)),
        (["1.天然气的主要成分是____。", "答案：甲烷；CH4"], FILL, ("甲烷", "CH4")),
    ],
)
def test_type_inferred_without_tag_or_section(tmp_path, paragraphs, expected_type, expected_answer):
    question = only(tmp_path, paragraphs)

    assert question.type is expected_type
    assert question.answer == expected_answer
    assert question.is_valid


@pytest.mark.parametrize(
    ("answer", "variants"),
    [
        ("甲烷；CH4", ("甲烷", "CH4")),
        ("甲烷;CH4", ("甲烷", "CH4")),
        ("甲烷|CH4", ("甲烷", "CH4")),
        ("甲烷或CH4", ("甲烷", "CH4")),
        ("甲烷", ("甲烷",)),
    ],
)
def test_fill_answer_variants(tmp_path, answer, variants):
    question = only(tmp_path, ["1.【填空】天然气的主要成分是____。", f"答案：{answer}"])

    assert question.type is FILL
    assert question.answer == variants
    assert question.fill_blanks() == (variants,)


@pytest.mark.parametrize(
    "answer",
    ["泄漏；中毒", "泄漏、中毒", "（1）泄漏（2）中毒", "泄漏 中毒"],
)
def test_fill_with_two_blanks_keeps_one_answer_per_blank(tmp_path, answer):
    question = only(tmp_path, ["1.【填空】液氯储罐的主要风险是____和____。", f"答案：{answer}"])

    assert question.answer == ("泄漏", "中毒")
    assert question.fill_blanks() == (("泄漏",), ("中毒",))


def test_fill_with_two_blanks_and_variants_in_a_blank(tmp_path):
    question = only(
        tmp_path, ["1.【填空】____是天然气的主要成分，化学式为____。", "答案：甲烷；CH4|CH₄"]
    )

    assert question.answer == ("甲烷", "CH4|CH₄")
    assert question.fill_blanks() == (("甲烷",), ("CH4", "CH₄"))


def test_metadata_lines_attach_to_the_current_question(tmp_path):
    report = parse(
        tmp_path,
        [
            "1.【单选】生产经营单位应当对从业人员进行（ ）。",
            "A.安全生产教育和培训",
            "B.文艺培训",
            "答案：A",
            "解析：法定义务。",
            "难度：易",
            "适用层级：主要负责人、安全管理人员",
            "专业：危险化学品；烟花爆竹",
            "岗位：班组长",
            "依据：《安全生产法》第二十八条",
            "知识点：教育培训",
            "2.【判断】可以不培训。",
            "答案：错",
        ],
    )

    first, second = report.questions
    assert first.difficulty == "易"
    assert first.levels == ("主要负责人", "安全管理人员")
    assert first.specialties == ("危险化学品", "烟花爆竹")
    assert first.posts == ("班组长",)
    assert first.basis == "《安全生产法》第二十八条"
    assert first.topics == ("教育培训",)
    assert first.explanation == "法定义务。"
    assert (second.difficulty, second.levels, second.basis) == (None, (), "")


def test_topic_headings_apply_to_following_questions(tmp_path):
    report = parse(
        tmp_path,
        [
            "一、法律法规与责任体系",
            "1.【判断】甲。",
            "答案：对",
            "（一）安全生产法",
            "2.【判断】乙。",
            "答案：错",
            "二、重大危险源管理",
            "3.【判断】丙。",
            "答案：对",
        ],
    )

    assert [q.topics for q in report.questions] == [
        ("法律法规与责任体系",),
        ("法律法规与责任体系", "安全生产法"),
        ("重大危险源管理",),
    ]


def test_title_and_notes_are_reported_as_skipped_not_imported(tmp_path):
    report = parse(
        tmp_path,
        ["2024年安全生产知识竞赛题库", "说明：本题库供培训使用", "1.【判断】甲。", "答案：对"],
    )

    assert len(report.questions) == 1
    assert [item.kind for item in report.skipped] == ["text"]
    assert "第1段" in report.skipped[0].message
    assert "2024年安全生产知识竞赛题库" in report.skipped[0].message


def test_answer_on_the_line_after_its_marker(tmp_path):
    question = only(tmp_path, ["1.【单选】按照（ ）培训。", "A.甲", "B.乙", "答案：", "B"])

    assert question.answer == ("B",)


def test_chinese_numbered_statements_inside_a_stem_are_not_topics(tmp_path):
    report = parse(
        tmp_path,
        [
            "一、法律法规",
            "1.【单选】主要负责人的职责有：",
            "（一）建立健全全员安全生产责任制；",
            "（二）组织制定安全生产规章制度。",
            "以上说法（ ）。",
            "A.（一）正确",
            "B.都正确",
            "答案：B",
        ],
    )

    (question,) = report.questions
    assert question.stem.splitlines()[1:] == [
        "（一）建立健全全员安全生产责任制；",
        "（二）组织制定安全生产规章制度。",
        "以上说法（ ）。",
    ]
    assert question.topics == ("法律法规",)
