"""Word layouts seen in real banks, each built as a real .docx with python-docx."""

from __future__ import annotations

import pytest

from importers.questions import Option, QuestionType, parse_docx_bank

from .builders import docx_with_auto_numbering, docx_with_table, write_docx
from .builders import parse_docx_paragraphs as parse
from .builders import single_docx_question as only

SINGLE, MULTIPLE = QuestionType.SINGLE, QuestionType.MULTIPLE
TRUE_FALSE, FILL = QuestionType.TRUE_FALSE, QuestionType.FILL
ABCD = ("特种作业人员", "新上岗人员", "班组长", "主要负责人")


@pytest.mark.parametrize(
    ("stem", "expected_stem", "answer"),
    [
        (
            "1.危险化学品仓库应当设置明显的标志。(  C  )",
            "危险化学品仓库应当设置明显的标志。（ ）",
            "C",
        ),
        (
            "1.危险化学品仓库应当设置明显的标志（ B ）。",
            "危险化学品仓库应当设置明显的标志（ ）。",
            "B",
        ),
        (
            "1.危险化学品仓库应当（C）设置明显的标志。",
            "危险化学品仓库应当（ ）设置明显的标志。",
            "C",
        ),
    ],
)
def test_answer_in_brackets_in_the_stem_becomes_a_blank(tmp_path, stem, expected_stem, answer):
    question = only(tmp_path, [stem, "A.由企业自定", "B.不需要", "C.符合国家标准", "D.视情况"])

    assert question.stem == expected_stem
    assert question.answer == (answer,)
    assert question.type is SINGLE
    assert question.is_valid


def test_answer_in_brackets_for_several_letters_makes_a_multiple(tmp_path):
    question = only(
        tmp_path,
        ["1.动火作业前应当（ ABD ）。", "A.办理许可", "B.清理可燃物", "C.先动火", "D.检测"],
    )

    assert question.type is MULTIPLE
    assert question.answer == ("A", "B", "D")
    assert question.stem == "动火作业前应当（ ）。"


def test_bracket_that_agrees_with_the_answer_line_is_blanked_too(tmp_path):
    question = only(
        tmp_path, ["1.【单选】按照（ B ）标准培训。", "A.甲", "B.乙", "C.丙", "答案：B"]
    )

    assert question.stem == "按照（ ）标准培训。"
    assert question.answer == ("B",)


def test_true_false_with_tick_in_brackets(tmp_path):
    report = parse(
        tmp_path,
        ["三、判断题", "1.企业主要负责人是第一责任人。（√）", "2.可以全权委托第三方。（ × ）"],
    )

    assert [q.answer for q in report.questions] == [("true",), ("false",)]
    assert report.questions[0].stem == "企业主要负责人是第一责任人。（ ）"


def test_single_choice_with_only_three_options(tmp_path):
    question = only(
        tmp_path,
        ["1.【单选】特种作业人员应当（ ）。", "A.持证上岗", "B.无需培训", "C.自学", "答案：A"],
    )

    assert question.type is SINGLE
    assert [o.key for o in question.options] == ["A", "B", "C"]
    assert question.is_valid


def test_everything_on_one_line(tmp_path):
    question = only(
        tmp_path,
        ["1.【单选】危险化学品应当储存在（ ）A.专用仓库B.露天堆场C.办公室D.居民区答案:A"],
    )

    assert question.type is SINGLE
    assert question.stem == "危险化学品应当储存在（ ）"
    assert question.options == (
        Option("A", "专用仓库"),
        Option("B", "露天堆场"),
        Option("C", "办公室"),
        Option("D", "居民区"),
    )
    assert question.answer == ("A",)


def test_one_line_with_spaces_and_explanation(tmp_path):
    question = only(
        tmp_path,
        [
            "2．下列属于特种作业的是？ A．电工作业 B．文秘 C．焊接与热切割作业 D．保洁 答案：AC 解析：见目录。"
        ],
    )

    assert question.type is MULTIPLE
    assert question.stem == "下列属于特种作业的是？"
    assert [o.text for o in question.options] == ["电工作业", "文秘", "焊接与热切割作业", "保洁"]
    assert question.answer == ("A", "C")
    assert question.explanation == "见目录。"


def test_two_options_per_line(tmp_path):
    question = only(
        tmp_path,
        [
            "1.【单选】员工考核不合格的，应当按照（ ）培训标准脱产培训。",
            "A.特种作业人员    B.新上岗人员",
            "C.班组长\tD.主要负责人",
            "答案：B",
        ],
    )

    assert question.options == tuple(Option(k, t) for k, t in zip("ABCD", ABCD, strict=True))
    assert question.answer == ("B",)


def test_all_four_options_on_one_line_with_full_width_labels(tmp_path):
    question = only(
        tmp_path,
        [
            "1、按照（ ）培训。",
            "Ａ、特种作业人员 Ｂ、新上岗人员 Ｃ、班组长 Ｄ、主要负责人",
            "答案：Ｂ",
        ],
    )

    assert [o.text for o in question.options] == list(ABCD)
    assert question.answer == ("B",)


def test_options_on_soft_line_breaks_within_one_paragraph(tmp_path):
    question = only(
        tmp_path, ["1.【单选】按照（ ）培训。\nA.特种作业人员\nB.新上岗人员\nC.班组长\n答案：B"]
    )

    assert [o.text for o in question.options] == list(ABCD[:3])
    assert question.answer == ("B",)


@pytest.mark.parametrize(
    ("heading", "qtype"),
    [
        ("第一部分 单选题（100题）", SINGLE),
        ("一、单选题(每题2分,共30分)", SINGLE),
        ("一、单项选择题（每题1分，共20分）", SINGLE),
        ("二、多项选择题", MULTIPLE),
        ("二、多选题：", MULTIPLE),
        ("三、判断题", TRUE_FALSE),
        ("三、判断题（正确的打√，错误的打×）", TRUE_FALSE),
        ("四、填空题", FILL),
        ("（四）填空题", FILL),
    ],
)
def test_section_headings_give_the_type(tmp_path, heading, qtype):
    bodies = {
        SINGLE: ["1.按照（ ）培训。", "A.甲", "B.乙", "C.丙", "答案：A"],
        MULTIPLE: ["1.包括（ ）。", "A.甲", "B.乙", "C.丙", "答案：AB"],
        TRUE_FALSE: ["1.企业主要负责人是第一责任人。", "答案：对"],
        FILL: ["1.天然气的主要成分是____。", "答案：甲烷"],
    }
    report = parse(tmp_path, [heading, *bodies[qtype]])

    assert [q.type for q in report.questions] == [qtype]
    assert report.questions[0].is_valid
    assert report.skipped == ()


def test_a_section_heading_types_untagged_questions_until_the_next_one(tmp_path):
    report = parse(
        tmp_path,
        [
            "一、单选题(每题2分,共4分)",
            "1.甲（ ）",
            "A.一",
            "B.二",
            "答案：A",
            "2.乙（ ）",
            "A.一",
            "B.二",
            "答案：B",
            "二、多项选择题",
            "1.丙（ ）",
            "A.一",
            "B.二",
            "C.三",
            "答案：ABC",
            "三、判断题",
            "1.丁。",
            "答案：错",
        ],
    )

    assert [q.type for q in report.questions] == [SINGLE, SINGLE, MULTIPLE, TRUE_FALSE]
    assert [q.answer for q in report.questions] == [("A",), ("B",), ("A", "B", "C"), ("false",)]


@pytest.mark.parametrize("separator", [".", "．", "、", ")", "）"])
def test_question_numbering_styles(tmp_path, separator):
    report = parse(
        tmp_path,
        [
            f"1{separator}【单选】按照（ ）培训。",
            "A.甲",
            "B.乙",
            "答案：A",
            f"2{separator}【判断】可以不培训。",
            "答案：错",
        ],
    )

    assert [q.type for q in report.questions] == [SINGLE, TRUE_FALSE]
    assert report.questions[0].stem == "按照（ ）培训。"


@pytest.mark.parametrize(
    "option_lines",
    [
        ["A.甲", "B.乙", "C.丙"],
        ["A．甲", "B．乙", "C．丙"],
        ["A、甲", "B、乙", "C、丙"],
        ["A)甲", "B)乙", "C)丙"],
        ["A）甲", "B）乙", "C）丙"],
        ["（A）甲", "（B）乙", "（C）丙"],
        ["Ａ．甲", "Ｂ．乙", "Ｃ．丙"],
    ],
)
def test_option_label_styles_in_both_widths(tmp_path, option_lines):
    question = only(tmp_path, ["1．【单选】按照（　）培训？", *option_lines, "答案：Ｂ。"])

    assert question.options == (Option("A", "甲"), Option("B", "乙"), Option("C", "丙"))
    assert question.answer == ("B",)


def test_decimal_in_an_option_or_stem_is_not_a_label(tmp_path):
    question = only(
        tmp_path,
        ["1.【单选】栏杆高度不低于（ ）。", "A.1.05米", "B.0.9米", "C.1.2米", "答案：C"],
    )

    assert [o.text for o in question.options] == ["1.05米", "0.9米", "1.2米"]


def test_unnumbered_questions_separated_by_answers(tmp_path):
    report = parse(
        tmp_path,
        [
            "下列属于危险化学品的是（ ）",
            "A.汽油",
            "B.清水",
            "答案：A",
            "解析：汽油易燃。",
            "下列属于特种作业的是（ ）",
            "A.电工作业",
            "B.文秘",
            "答案：A",
        ],
    )

    assert [q.stem for q in report.questions] == [
        "下列属于危险化学品的是（ ）",
        "下列属于特种作业的是（ ）",
    ]
    assert report.questions[0].explanation == "汽油易燃。"


def test_multi_line_stem(tmp_path):
    question = only(
        tmp_path,
        [
            "1.【多选】某企业发生液氯泄漏。",
            "下列处置正确的有（ ）。",
            "A.疏散",
            "B.堵漏",
            "C.围观",
            "答案：AB",
        ],
    )

    assert question.stem == "某企业发生液氯泄漏。\n下列处置正确的有（ ）。"


def test_sub_items_in_a_stem_are_not_questions(tmp_path):
    question = only(
        tmp_path,
        [
            "1.【单选】下列说法正确的是（ ）。",
            "（1）甲",
            "（2）乙",
            "A.（1）",
            "B.（2）",
            "C.（1）（2）",
            "答案：C",
        ],
    )

    assert question.stem == "下列说法正确的是（ ）。\n（1）甲\n（2）乙"
    assert [o.text for o in question.options] == ["（1）", "（2）", "（1）（2）"]


def test_word_automatic_numbering_is_read(tmp_path):
    path = docx_with_auto_numbering(
        tmp_path,
        [
            (0, "【单选】按照（ ）培训。"),
            (1, "特种作业人员"),
            (1, "新上岗人员"),
            (-1, "答案：B"),
            (0, "【多选】包括（ ）。"),
            (1, "气体检测"),
            (1, "紧急切断"),
            (1, "视频监控"),
            (-1, "答案：AB"),
        ],
    )
    report = parse_docx_bank(path)

    assert [q.type for q in report.questions] == [SINGLE, MULTIPLE]
    assert [o.key for o in report.questions[1].options] == ["A", "B", "C"]  # restarts
    assert report.questions[1].options[0].text == "气体检测"
    assert all(q.is_valid for q in report.questions)


def test_questions_inside_a_table(tmp_path):
    path = docx_with_table(
        tmp_path,
        ["一、单选题"],
        ["1.按照（ ）培训。", "A.甲", "B.乙", "答案：B"],
    )
    question = parse_docx_bank(path).questions[0]

    assert question.type is SINGLE
    assert question.answer == ("B",)
    assert question.source_ref == "第2段"


def test_source_ref_and_number_name_the_paragraph(tmp_path):
    report = parse(tmp_path, ["标题", "", "7.【单选】按照（ ）培训。", "A.甲", "答案：A"])

    question = report.questions[0]
    assert question.source_ref == "第3段"
    assert question.problems[0].message.startswith("第7题（第3段）")


def test_accepts_path_string_and_file_object(tmp_path):
    path = write_docx(tmp_path, ["1.【判断】甲。", "答案：对"])

    assert parse_docx_bank(str(path)).questions == parse_docx_bank(path).questions
    with path.open("rb") as handle:
        assert parse_docx_bank(handle).questions == parse_docx_bank(path).questions


def test_one_line_options_right_after_a_word(tmp_path):
    question = only(tmp_path, ["1.下列属于危险化学品的是A.汽油B.清水C.空气 答案：A"])

    assert question.stem == "下列属于危险化学品的是"
    assert [o.text for o in question.options] == ["汽油", "清水", "空气"]
    assert question.type is SINGLE


def test_a_letter_after_a_word_without_following_labels_stays_in_the_stem(tmp_path):
    question = only(tmp_path, ["1.【判断】按GB 50016，甲A.类仓库可以B.设在地下。", "答案：错"])

    assert question.stem == "按GB 50016，甲A.类仓库可以B.设在地下。"
    assert question.options == ()


def test_pictures_and_formulas_leave_text_behind(tmp_path):
    import base64

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    document = docx.Document()
    stem = document.add_paragraph("1.【单选】下图所示标志的含义是（ ）")
    (tmp_path / "sign.png").write_bytes(png)
    stem.add_run().add_picture(str(tmp_path / "sign.png"))
    formula = document.add_paragraph("A.")
    formula._p.append(
        parse_xml(
            f"<m:oMath {nsdecls('m')}><m:r><m:t>CH</m:t></m:r><m:r><m:t>4</m:t></m:r></m:oMath>"
        )
    )
    document.add_paragraph("B.当心爆炸")
    document.add_paragraph("答案：B")
    path = tmp_path / "pictures.docx"
    document.save(path)

    (question,) = parse_docx_bank(path).questions

    assert question.stem == "下图所示标志的含义是（ ）[图片]"
    assert question.options[0].text == "CH4"
    assert question.answer == ("B",)
