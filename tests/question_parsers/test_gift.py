"""GIFT, written here (Moodle's GIFT fixtures are not ours to copy)."""

from __future__ import annotations

from importers.questions import Option, ProblemCode, QuestionType, parse_gift, parse_question_file

BANK = """\
// 安全培训题库（GIFT）
$CATEGORY: $course$/top/法律法规/安全生产法

::培训::员工考核不合格的，应当按照（ ）培训标准脱产培训。{
  ~特种作业人员
  =新上岗人员#对
  ~班组长
  ####考核不合格的，按照新上岗人员培训标准。
}

::四个系统:: “四个系统”包括（ ）。{~%33.33333%气体检测 ~%33.33333%紧急切断 ~%33.33334%视频监控 ~%-100%人员定位}

企业主要负责人是本单位安全生产第一责任人。{T}

// 判断题的另一种写法
隐患整改完成后，检查人员无需签名。{FALSE#要签名}

天然气的主要成分是{=甲烷 =CH4 =%50%天然气}。

简述动火作业的要求。{}

1 + 1 = {#2}

::配对:: 配对 {=甲 -> 一 =乙 -> 二}

这只是一段说明文字。
"""


def test_gift_bank():
    report = parse_gift(BANK)

    single, multiple, true_q, false_q, fill = report.questions
    assert single.type is QuestionType.SINGLE
    assert single.stem == "员工考核不合格的，应当按照（ ）培训标准脱产培训。"
    assert single.options == (
        Option("A", "特种作业人员"),
        Option("B", "新上岗人员"),
        Option("C", "班组长"),
    )
    assert single.answer == ("B",)
    assert single.explanation == "考核不合格的，按照新上岗人员培训标准。"
    assert single.topics == ("法律法规", "安全生产法")

    assert multiple.type is QuestionType.MULTIPLE  # ~%n% partial credit
    assert multiple.answer == ("A", "B", "C")
    assert [o.text for o in multiple.options][-1] == "人员定位"

    assert (true_q.type, true_q.answer) == (QuestionType.TRUE_FALSE, ("true",))
    assert (false_q.type, false_q.answer) == (QuestionType.TRUE_FALSE, ("false",))

    assert fill.type is QuestionType.FILL
    assert fill.stem == "天然气的主要成分是____。"  # missing-word placement
    assert fill.answer == ("甲烷", "CH4", "天然气")

    assert all(q.is_valid for q in report.questions)
    assert [item.kind for item in report.skipped] == [
        "essay",
        "numerical",
        "matching",
        "description",
    ]
    assert report.skipped[0].message == "第6题（essay 类型，第20行）不支持，已跳过"
    assert report.errors == ()


def test_source_refs_are_lines():
    report = parse_gift(BANK)

    assert [q.source_ref for q in report.questions] == [
        "第4行",
        "第11行",
        "第13行",
        "第16行",
        "第18行",
    ]


def test_escapes_and_html_format():
    text = r"::esc:: [html]<p>a \= b \{c\} \~ d</p>{=x\#1 ~y}"

    (question,) = parse_gift(text).questions

    assert question.stem == "a = b {c} ~ d"
    assert question.options == (Option("A", "x#1"), Option("B", "y"))
    assert question.answer == ("A",)


def test_missing_word_choice():
    (question,) = parse_gift(
        "油气存储企业应在{~2024年6月底 =2024年底 ~2025年底}前完成配备。"
    ).questions

    assert question.stem == "油气存储企业应在（ ）前完成配备。"
    assert question.answer == ("B",)


def test_unclosed_answer_block_is_an_error_and_others_still_parse():
    report = parse_gift("::坏题:: 甲{=一 ~二\n\n乙。{T}")

    assert len(report.questions) == 1
    (error,) = report.errors
    assert error.source_ref == "第1行"
    assert error.message == "第1题“坏题”（第1行）：答案部分缺少“}”，无法读取"


def test_choice_without_a_right_answer_is_flagged():
    (question,) = parse_gift("甲（ ）{~一 ~二}").questions

    assert [p.code for p in question.problems] == [ProblemCode.NO_ANSWER]


def test_txt_with_gift_braces_is_read_as_gift():
    report = parse_question_file("bank.txt", "甲。{T}\n\n乙{=一 ~二}".encode("gbk"))

    assert [q.type for q in report.questions] == [QuestionType.TRUE_FALSE, QuestionType.SINGLE]
