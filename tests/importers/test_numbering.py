"""Chinese numbering, numerals, dates, lead-in headings and the provision hierarchy."""

from __future__ import annotations

from datetime import date

import pytest

from importers.numbering import (
    HEADING_MAX_CHARS,
    NumberingStyle,
    build_provisions,
    cn_to_int,
    int_to_cn,
    match_numbering,
    parse_cn_date,
    split_lead_in,
)

S = NumberingStyle


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十八", 28),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("一百〇五", 105),
        ("一百一十", 110),
        ("一百二十三", 123),
        ("两百", 200),
        ("一千零五", 1005),
        ("一千零一十", 1010),
        ("一万零五百", 10500),
        ("三千二百万", 32_000_000),
        ("一百五", 150),  # colloquial: the trailing digit fills the next place
        ("零", 0),
        ("〇", 0),
        ("二〇二四", 2024),  # digit-by-digit, as years are written
        ("二零二四", 2024),
    ],
)
def test_cn_to_int(text: str, expected: int) -> None:
    assert cn_to_int(text) == expected


@pytest.mark.parametrize(
    "text", ["", "百", "千", "十十", "一百十", "二十零", "一百零", "abc", "一a"]
)
def test_cn_to_int_rejects_malformed_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (15, "十五"),
        (19, "十九"),
        (20, "二十"),
        (28, "二十八"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (1010, "一千零一十"),
        (10005, "一万零五"),
        (100000, "十万"),
    ],
)
def test_int_to_cn(number: int, expected: str) -> None:
    assert int_to_cn(number) == expected


def test_int_to_cn_round_trips_through_cn_to_int() -> None:
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(0, 20_001))


@pytest.mark.parametrize("number", [-1, 100_000_000])
def test_int_to_cn_rejects_out_of_range(number: int) -> None:
    with pytest.raises(ValueError):
        int_to_cn(number)


@pytest.mark.parametrize(
    ("line", "style", "label", "number", "rest"),
    [
        ("第一编　总则", S.PART, "第一编", 1, "总则"),
        (
            "第三章 生产安全事故的应急救援与调查处理",
            S.CHAPTER,
            "第三章",
            3,
            "生产安全事故的应急救援与调查处理",
        ),
        ("第二节　一般规定", S.SECTION, "第二节", 2, "一般规定"),
        ("第二十八条　生产经营单位应当…", S.ARTICLE, "第二十八条", 28, "生产经营单位应当…"),
        ("第一百零五条 内容", S.ARTICLE, "第一百零五条", 105, "内容"),
        ("第28条　内容", S.ARTICLE, "第28条", 28, "内容"),
        ("第一百二十条之一　内容", S.ARTICLE, "第一百二十条之一", 120, "内容"),
        ("第一章总则", S.CHAPTER, "第一章", 1, "总则"),
        ("一、推动企业主体责任落地生根", S.CN_ITEM, "一、", 1, "推动企业主体责任落地生根"),
        ("十、其他", S.CN_ITEM, "十、", 10, "其他"),
        ("三、三项制度", S.CN_ITEM, "三、", 3, "三项制度"),
        ("（一）聚焦重点人员", S.PAREN_CN, "（一）", 1, "聚焦重点人员"),
        (
            "（十五）加强烟花爆竹“五禁”工作。",
            S.PAREN_CN,
            "（十五）",
            15,
            "加强烟花爆竹“五禁”工作。",
        ),
        ("(十九) half-width brackets", S.PAREN_CN, "（十九）", 19, "half-width brackets"),
        ("1.加强培训", S.ARABIC, "1.", 1, "加强培训"),
        ("1．加强培训", S.ARABIC, "1.", 1, "加强培训"),
        ("１．全角数字", S.ARABIC, "1.", 1, "全角数字"),
        ("12、第十二项", S.ARABIC, "12、", 12, "第十二项"),
        ("3. 空格分隔", S.ARABIC, "3.", 3, "空格分隔"),
        ("1.2024年底前完成", S.ARABIC, "1.", 1, "2024年底前完成"),  # a year, not a decimal
        ("2、2025年6月前", S.ARABIC, "2、", 2, "2025年6月前"),
        ("（1）新任主要负责人", S.PAREN_ARABIC, "（1）", 1, "新任主要负责人"),
        ("(12) 项目", S.PAREN_ARABIC, "（12）", 12, "项目"),
        ("①第一项", S.CIRCLED, "①", 1, "第一项"),
        ("⑳第二十项", S.CIRCLED, "⑳", 20, "第二十项"),
        ("㉑第二十一项", S.CIRCLED, "㉑", 21, "第二十一项"),
        ("\u3000\u3000（二）缩进的条目", S.PAREN_CN, "（二）", 2, "缩进的条目"),
        ("二、", S.CN_ITEM, "二、", 2, ""),
    ],
)
def test_match_numbering(
    line: str, style: NumberingStyle, label: str, number: int, rest: str
) -> None:
    match = match_numbering(line)
    assert match is not None
    assert (match.style, match.label, match.number, match.rest) == (style, label, number, rest)
    assert isinstance(match.style, str)  # a str enum: stores and serialises as its value


@pytest.mark.parametrize(
    "line",
    [
        "",
        "\u3000",
        "1.5米以下的管廊区域",  # a decimal, not item 1
        "3.14%",
        "2024年全区化工和危险化学品安全监管工作",  # a year
        "2024年3月21日",  # a date at line start
        "2024.3.21",
        "二〇二四年三月二十一日",
        "5、6月份开展专项检查",  # a list of months
        "一、二级重大危险源企业",  # a range of grades
        "一、二季度",
        "一二、不是编号",
        "一是强化责任",  # 一 needs its 、
        "一 总体要求",
        "（二〇二四）年度",  # digit-by-digit numerals are years, not item numbers
        "两、不用两编号",
        "(2024)",  # four digits in brackets
        "第二十八号令",  # 第X must be followed by 编/章/节/条
        "根据第二十八条规定",  # numbering only counts at the start
        "十一月份",
    ],
)
def test_match_numbering_rejects_non_numbering(line: str) -> None:
    assert match_numbering(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月21日", date(2024, 3, 21)),
        (" 2024 年 3 月 21 日 ", date(2024, 3, 21)),
        ("２０２４年３月２１日", date(2024, 3, 21)),
        ("二〇二四年三月二十一日", date(2024, 3, 21)),
        ("二○二四年十二月三十一日", date(2024, 12, 31)),  # U+25CB white circle for 〇
        ("二零二三年十月一日", date(2023, 10, 1)),
        ("2024年2月30日", None),  # no such day
        ("2024年3月", None),
        ("长治市上党区应急管理局", None),
        ("于2024年3月21日印发", None),  # the whole line must be the date
    ],
)
def test_parse_cn_date(text: str, expected: date | None) -> None:
    assert parse_cn_date(text) == expected


@pytest.mark.parametrize(
    ("rest", "heading", "text"),
    [
        # Run-in heading: a short first sentence with more text after it.
        (
            "聚焦重点人员安全素质提升和履职能力考核。企业主要负责人必须认真履责。",
            "聚焦重点人员安全素质提升和履职能力考核",
            "企业主要负责人必须认真履责。",
        ),
        # A whole short line without terminal punctuation is a heading on its own.
        ("推动企业主体责任落地生根", "推动企业主体责任落地生根", ""),
        ("加强应急力量建设，提高应急处突能力", "加强应急力量建设，提高应急处突能力", ""),
        # Full stops inside quotes or brackets do not end the first sentence.
        ("落实“三个必须。”要求。企业要……", "落实“三个必须。”要求", "企业要……"),
        # A single sentence with nothing after it is text, not a heading.
        ("易燃易爆物品。", "", "易燃易爆物品。"),
        # Clause endings are list items, not headings.
        ("易燃易爆物品；", "", "易燃易爆物品；"),
        ("企业应当：", "", "企业应当："),
        # A long first sentence is body text.
        (
            "甲" * (HEADING_MAX_CHARS + 1) + "。其余。",
            "",
            "甲" * (HEADING_MAX_CHARS + 1) + "。其余。",
        ),
        ("甲" * (HEADING_MAX_CHARS + 1), "", "甲" * (HEADING_MAX_CHARS + 1)),
        # An unclosed bracket (as in the seed notice) must not hide the first full stop.
        (
            "坚持“一防四提升”（防范重大风险。落实方案。",
            "坚持“一防四提升”（防范重大风险",
            "落实方案。",
        ),
        ("", "", ""),
    ],
)
def test_split_lead_in(rest: str, heading: str, text: str) -> None:
    assert split_lead_in(rest) == (heading, text)


def _outline(lines: list[str]) -> list[tuple[int, str, tuple[str, ...]]]:
    return [(p.depth, p.label, p.path) for p in build_provisions(lines).provisions]


def test_depth_follows_first_appearance_for_a_law() -> None:
    assert _outline(
        ["第一章 总则", "第一条 内容", "第二条 内容", "第二章 附则", "第三条 内容"]
    ) == [
        (0, "第一章", ()),
        (1, "第一条", ("第一章",)),
        (1, "第二条", ("第一章",)),
        (0, "第二章", ()),
        (1, "第三条", ("第二章",)),
    ]


def test_depth_follows_first_appearance_for_work_points() -> None:
    assert _outline(["一、甲", "（一）乙", "1.丙", "2.丁", "（二）戊", "二、己", "1.庚"]) == [
        (0, "一、", ()),
        (1, "（一）", ("一、",)),
        (2, "1.", ("一、", "（一）")),
        (2, "2.", ("一、", "（一）")),
        (1, "（二）", ("一、",)),
        (0, "二、", ()),
        (2, "1.", ("二、",)),  # depth is per style, even when a level is skipped
    ]


def test_articles_first_make_articles_the_top_level() -> None:
    assert _outline(["第一条 甲", "（一）乙", "第二条 丙"]) == [
        (0, "第一条", ()),
        (1, "（一）", ("第一条",)),
        (0, "第二条", ()),
    ]


def test_unnumbered_lines_continue_the_current_provision() -> None:
    body = build_provisions(
        ["前言一", "前言二", "一、总体要求", "第一段。", "第二段。", "二、附则"]
    )
    assert body.preamble == ("前言一", "前言二")
    first, second = body.provisions
    assert (first.heading, first.text) == ("总体要求", "第一段。\n第二段。")
    assert (second.heading, second.text) == ("附则", "")


def test_headings_and_text_by_style() -> None:
    chapter, article, item = build_provisions(
        ["第一章 总则", "第一条 为了加强管理，制定本条例。", "（一）工作目标。到2025年底完成。"]
    ).provisions
    assert (chapter.heading, chapter.text) == ("总则", "")
    assert (article.heading, article.text) == ("", "为了加强管理，制定本条例。")
    assert (item.heading, item.text) == ("工作目标", "到2025年底完成。")


def test_items_may_run_on_across_sections_or_restart() -> None:
    run_on = build_provisions(["一、甲", "（一）a", "（二）b", "二、乙", "（三）c"])
    restart = build_provisions(["一、甲", "（一）a", "（二）b", "二、乙", "（一）c"])
    assert run_on.warnings == restart.warnings == ()


def test_a_numbering_gap_is_reported() -> None:
    body = build_provisions(["一、甲", "二、乙", "四、丁"])
    assert body.warnings == ("编号可能不连续：四、。",)


def test_a_table_of_contents_is_skipped() -> None:
    body = build_provisions(
        ["目　录", "第一章 总则", "第二章 附则", "第一章 总则", "第一条 甲", "第二章 附则"]
    )
    assert [p.label for p in body.provisions] == ["第一章", "第一条", "第二章"]
    assert body.warnings == ("已跳过目录（2 行）。",)
