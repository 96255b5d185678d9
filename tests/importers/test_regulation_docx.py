"""parse_regulation_docx on the real seed notice and on .docx files built for edge cases."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from importers.docx_lines import clean_text
from importers.numbering import NumberingStyle, int_to_cn
from importers.regulation_docx import (
    ParsedRegulation,
    RegulationParseError,
    parse_regulation_docx,
)
from tests.importers import docx_builders as build

REPO = Path(__file__).resolve().parents[2]
SEED_DOCX = REPO / "demo" / "files" / "seed-notice.docx"
SEED_TEXT = REPO.parent / "shared" / "samples" / "seed-notice.txt"
SEED_TITLE = (
    "长治市上党区应急管理局关于印发2024年全区化工医药、危险化学品和烟花爆竹"
    "安全生产监管工作要点的通知"
)
WORD_ARTEFACTS = re.compile(r"_GoBack|bookmark|[\u3000\u00a0\u200b\u200c\u200d\ufeff]")


def all_strings(value: object) -> Iterator[str]:
    """Every string inside a parsed result (fields, provisions, paths, warnings)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from all_strings(getattr(value, item.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from all_strings(item)


# ---------------------------------------------------------------- the seed notice


@pytest.fixture(scope="module")
def seed() -> ParsedRegulation:
    return parse_regulation_docx(SEED_DOCX)


def test_seed_front_matter(seed: ParsedRegulation) -> None:
    assert seed.doc_number == "长上应急字〔2024〕22号"
    # The authority line, the 关于… line and "通   知" are one centred title block.
    assert seed.title == SEED_TITLE
    assert seed.authority == "长治市上党区应急管理局"
    assert seed.recipients == "局有关股室，各有关企业"


def test_seed_signature_and_date(seed: ParsedRegulation) -> None:
    assert seed.signature == "长治市上党区应急管理局"
    assert seed.signed_date == date(2024, 3, 21)


def test_seed_cc_line_is_the_printed_by_line(seed: ParsedRegulation) -> None:
    assert seed.cc_line == "长治市上党区应急管理局办公室 2024年3月21日印发"
    assert "印发" not in seed.provisions[-1].text


def test_seed_attachment_after_the_page_break(seed: ParsedRegulation) -> None:
    assert seed.attachment_title == "2024年全区化工医药、危险化学品和烟花爆竹安全生产监管工作要点"


def test_seed_preamble_is_the_notice_text_and_the_intro_stays_with_the_attachment(
    seed: ParsedRegulation,
) -> None:
    notice = seed.preamble
    assert notice.startswith("根据《长治市应急管理局关于印发")
    assert notice.endswith("请各企业认真抓好贯彻落实。")
    assert seed.attachment_intro.startswith("2024年全区化工和危险化学品安全监管工作将以")
    assert "安全监管工作将以" not in notice
    assert "长治市上党区应急管理局\n" not in seed.preamble  # the signature stays out


def test_seed_has_seven_sections(seed: ParsedRegulation) -> None:
    sections = [p for p in seed.provisions if p.depth == 0]
    assert [p.label for p in sections] == [f"{int_to_cn(n)}、" for n in range(1, 8)]
    assert {p.style for p in sections} == {NumberingStyle.CN_ITEM}
    assert all(p.text == "" and p.path == () for p in sections)
    assert sections[0].heading == "推动企业主体责任落地生根"
    assert sections[6].heading == "加强应急力量建设，提高应急处突能力"


def test_seed_has_nineteen_items_numbered_across_sections(seed: ParsedRegulation) -> None:
    items = [p for p in seed.provisions if p.depth == 1]
    assert [p.number for p in items] == list(range(1, 20))
    assert [p.label for p in items] == [f"（{int_to_cn(n)}）" for n in range(1, 20)]
    assert {p.style for p in items} == {NumberingStyle.PAREN_CN}
    assert len(seed.provisions) == 26
    assert seed.warnings == ()


def test_seed_items_sit_under_their_sections(seed: ParsedRegulation) -> None:
    by_label = {p.label: p for p in seed.provisions}
    # In the text, （十二）–（十五） follow "五、狠抓安全管理水平提档升级" and precede "六、".
    assert by_label["（十五）"].path == ("五、",)
    assert by_label["（一）"].path == ("一、",)
    assert by_label["（十六）"].path == ("六、",)
    assert by_label["（十九）"].path == ("七、",)


def test_seed_lead_in_headings(seed: ParsedRegulation) -> None:
    by_label = {p.label: p for p in seed.provisions}
    first = by_label["（一）"]
    assert first.heading == "聚焦重点人员安全素质提升和履职能力考核"
    assert first.text.startswith("企业主要负责人必须认真履责")
    assert first.text.endswith("作为执法重要内容和安全生产标准化评审重点。")
    assert by_label["（十五）"].heading == "加强烟花爆竹“五禁”工作"
    assert by_label["（十七）"].heading == "完善“谁检查、谁签名、谁负责”的责任倒查机制"
    assert all(p.heading and p.text for p in seed.provisions if p.depth == 1)


def test_seed_no_word_artefacts_anywhere(seed: ParsedRegulation) -> None:
    leaks = [s for s in all_strings(seed) if WORD_ARTEFACTS.search(s)]
    assert leaks == []


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="text twin of the seed notice not present")
def test_seed_provisions_match_the_text_twin(seed: ParsedRegulation) -> None:
    twin = re.sub(r"\s+", "", SEED_TEXT.read_text(encoding="utf-8"))
    for provision in seed.provisions:
        lead = provision.heading + ("。" if provision.text else "")
        assert provision.label + lead + provision.text in twin, provision.label


def test_seed_parses_the_same_from_path_str_and_stream(seed: ParsedRegulation) -> None:
    assert parse_regulation_docx(str(SEED_DOCX)) == seed
    assert parse_regulation_docx(io.BytesIO(SEED_DOCX.read_bytes())) == seed


# ---------------------------------------------------------------- built layouts


def test_law_chapters_sections_articles_and_items(tmp_path: Path) -> None:
    law = parse_regulation_docx(build.law_docx(tmp_path))
    assert law.title == "危险化学品安全管理示范条例"
    assert law.doc_number is None and law.signed_date is None and law.attachment_title is None
    assert law.preamble == "（2024年1月5日示范市人民代表大会常务委员会第八次会议通过）"
    outline = [(p.depth, p.label, p.heading) for p in law.provisions]
    assert outline == [
        (0, "第一章", "总则"),
        (1, "第一节", "一般规定"),
        (2, "第一条", ""),
        (2, "第二条", ""),
        (3, "（一）", ""),
        (3, "（二）", ""),
        (1, "第二节", "职责"),
        (2, "第三条", ""),
        (0, "第二章", "生产和储存安全"),
        (2, "第四条", ""),
    ]
    by_label = {p.label: p for p in law.provisions}
    assert by_label["第二条"].text == (
        "危险化学品生产、储存、使用、经营和运输的安全管理，适用本条例。\n"
        "本条例所称危险化学品，包括下列物质："
    )
    assert by_label["（二）"].path == ("第一章", "第一节", "第二条")
    assert by_label["（二）"].text == "有毒有害物品。"
    assert by_label["第四条"].path == ("第二章",)
    assert law.warnings == ("已跳过目录（2 行）。",)


def test_four_level_work_points(tmp_path: Path) -> None:
    plan = parse_regulation_docx(build.four_level_docx(tmp_path))
    assert plan.preamble == "为提升从业人员安全素质，制定本方案。"
    outline = [(p.depth, p.style, p.label, p.path) for p in plan.provisions]
    assert outline == [
        (0, NumberingStyle.CN_ITEM, "一、", ()),
        (1, NumberingStyle.PAREN_CN, "（一）", ("一、",)),
        (2, NumberingStyle.ARABIC, "1.", ("一、", "（一）")),
        (3, NumberingStyle.PAREN_ARABIC, "（1）", ("一、", "（一）", "1.")),
        (3, NumberingStyle.PAREN_ARABIC, "（2）", ("一、", "（一）", "1.")),
        (2, NumberingStyle.ARABIC, "2.", ("一、", "（一）")),
        (1, NumberingStyle.PAREN_CN, "（二）", ("一、",)),
        (0, NumberingStyle.CN_ITEM, "二、", ()),
        (1, NumberingStyle.PAREN_CN, "（三）", ("二、",)),
    ]
    by_label = {p.label: p for p in plan.provisions}
    assert (by_label["1."].heading, by_label["1."].text) == (
        "加强主要负责人培训",
        "企业主要负责人每年接受安全培训不少于12学时。",
    )
    # "1.5米…" is a decimal, so it continues (2) instead of opening a new item.
    assert (
        by_label["（2）"].text
        == "培训记录应当存档备查。\n1.5米以下的管廊区域，应当设置防撞警示标识。"
    )
    assert (by_label["2."].heading, by_label["2."].text) == ("强化特种作业人员持证上岗", "")
    assert (by_label["（三）"].heading, by_label["（三）"].text) == (
        "开展全员安全培训",
        "2024年底前，全面完成企业全员安全培训。",
    )


@pytest.mark.parametrize("red_head", [False, True])
def test_notice_with_split_title_attachment_and_cc(tmp_path: Path, red_head: bool) -> None:
    notice = parse_regulation_docx(build.split_title_notice_docx(tmp_path, red_head=red_head))
    assert notice.title == "示范市应急管理局关于印发《危险化学品企业安全培训考核办法》的通知"
    assert notice.doc_number == "示应急发〔2024〕7号"  # [ ] normalised to 〔 〕
    assert notice.recipients == "各县（区）应急管理局，各有关企业"
    assert notice.signature == "示范市应急管理局"
    assert notice.signed_date == date(2024, 3, 21)  # 二〇二四年三月二十一日
    # A red head ("…文件") names the issuer; without one the signature does.
    expected = "示范市安全生产委员会办公室" if red_head else "示范市应急管理局"
    assert notice.authority == expected
    assert notice.attachment_title == "危险化学品企业安全培训考核办法"
    assert notice.cc_line == "抄送：市安委会办公室。\n示范市应急管理局办公室 2024年3月22日印发"
    assert notice.preamble.startswith("现将《危险化学品企业安全培训考核办法》印发给你们")
    assert [p.label for p in notice.provisions] == ["第一条", "第二条"]
    assert notice.provisions[-1].text == "本办法适用于本市行政区域内的危险化学品企业。"
    assert notice.warnings == ()


def test_a_date_alone_mid_body_is_not_the_signature(tmp_path: Path) -> None:
    path = build.write_docx(
        tmp_path / "dated.docx",
        [
            build.centre("检查安排"),
            "一、第一次检查",
            "2024年3月21日",
            "二、第二次检查",
            "2024年4月21日",
        ],
    )
    parsed = parse_regulation_docx(path)
    assert [p.label for p in parsed.provisions] == ["一、", "二、"]
    assert parsed.provisions[0].text == "2024年3月21日"
    # The last line, with nothing after it, closes the document as its date.
    assert parsed.signed_date == date(2024, 4, 21)
    assert parsed.provisions[1].text == ""


def test_unaligned_signature_with_a_note_after_the_date(tmp_path: Path) -> None:
    path = build.write_docx(
        tmp_path / "plain.docx",
        [
            build.centre("关于开展安全检查的通知"),
            "各企业：",
            "一、检查范围",
            "全区危险化学品企业。",
            "\u3000\u3000\u3000\u3000示范区应急管理局",
            "\u3000\u3000\u3000\u3000二〇二四年五月六日",
            "（此件公开发布）",
        ],
    )
    parsed = parse_regulation_docx(path)
    assert (parsed.signature, parsed.signed_date) == ("示范区应急管理局", date(2024, 5, 6))
    assert parsed.authority == "示范区应急管理局"
    assert parsed.provisions[0].text == "全区危险化学品企业。"
    assert parsed.warnings == ("已跳过落款后的内容：「（此件公开发布）」",)


def test_signature_and_date_on_one_line(tmp_path: Path) -> None:
    path = build.write_docx(
        tmp_path / "one_line.docx",
        [build.centre("关于开展安全检查的通知"), "一、检查范围", "示范区应急管理局\t2024年5月6日"],
    )
    parsed = parse_regulation_docx(path)
    assert (parsed.signature, parsed.signed_date) == ("示范区应急管理局", date(2024, 5, 6))
    assert parsed.provisions[0].text == ""


def test_only_the_first_attachment_is_imported(tmp_path: Path) -> None:
    path = build.write_docx(
        tmp_path / "two_attachments.docx",
        [
            build.centre("关于印发两项制度的通知"),
            "现将两项制度印发给你们。",
            build.right("示范市应急管理局"),
            build.right("2024年3月21日"),
            "附件1",  # a marker opens the attachment even without a page break
            build.centre("安全培训制度"),
            "第一条　内容。",
            "附件2",
            build.centre("检查制度"),
            "第一条　其他内容。",
        ],
    )
    parsed = parse_regulation_docx(path)
    assert parsed.attachment_title == "安全培训制度"
    assert [(p.label, p.text) for p in parsed.provisions] == [("第一条", "内容。")]
    assert parsed.warnings == (
        "文档含多个附件，只导入第一个附件的条款；从「附件2」起的 3 段未导入。",
    )


def test_word_artefacts_are_cleaned(tmp_path: Path) -> None:
    parsed = parse_regulation_docx(build.artefacts_docx(tmp_path))
    assert parsed.title == "关于加强危险化学品安全管理的通知"
    assert [(p.label, p.heading, p.text) for p in parsed.provisions] == [
        ("一、", "总体要求", ""),
        ("（一）", "落实主体责任", "企业要建立制度。"),
        ("二、", "GB 30871作业要求", ""),  # the hidden run is gone
    ]
    assert [s for s in all_strings(parsed) if WORD_ARTEFACTS.search(s)] == []


def test_tables_become_text_with_a_warning(tmp_path: Path) -> None:
    parsed = parse_regulation_docx(build.table_docx(tmp_path))
    assert parsed.provisions[0].text == "等级 储量\n一级 100吨以上"
    assert parsed.warnings == ("文档中的表格已按行转为文字（单元格以空格分隔），请人工核对。",)


def test_style_centred_title_is_recognised(tmp_path: Path) -> None:
    path = build.write_docx(
        tmp_path / "styled.docx",
        [build.Para("安全生产责任制规定", style="Title"), "第一条　内容。"],
    )
    assert parse_regulation_docx(path).title == "安全生产责任制规定"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("通   知", "通知"),
        ("通\u3000\u3000知", "通知"),
        ("\u3000\u3000（一）企业  要\u00a0建立", "（一）企业要建立"),
        ("GB  30871-2022 标准", "GB 30871-2022标准"),
        ("零\u200b宽\ufeff字符\u200d", "零宽字符"),
        ("办公室\t\t2024年3月21日印发", "办公室 2024年3月21日印发"),
        ("２０２４年", "2024年"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("builder", "message"),
    [
        (build.renamed_text_file, "文件不是 .docx 格式"),
        (build.renamed_pdf, "文件是 PDF"),
        (build.zip_not_docx, "不是 Word 文档（缺少 word/document.xml）"),
        (build.ole_file, "文件已加密或为旧版 .doc 格式"),
        (build.corrupt_zip, "文件已损坏：无法解压 .docx"),
        (build.broken_xml_docx, "文件已损坏或不是有效的 Word 文档"),
        (build.empty_file, "文件为空（0 字节）"),
        (build.empty_docx, "文档为空"),
        (build.no_structure_docx, "未识别到条款编号结构"),
    ],
)
def test_bad_input_raises_a_chinese_message(
    tmp_path: Path, builder: Callable[[Path], Path], message: str
) -> None:
    with pytest.raises(RegulationParseError, match=re.escape(message)) as raised:
        parse_regulation_docx(builder(tmp_path))
    assert isinstance(raised.value, ValueError)


def test_missing_file_raises_a_chinese_message(tmp_path: Path) -> None:
    with pytest.raises(RegulationParseError, match="无法读取文件"):
        parse_regulation_docx(tmp_path / "missing.docx")


def test_text_mode_stream_is_refused() -> None:
    with pytest.raises(RegulationParseError, match="二进制"):
        parse_regulation_docx(io.StringIO("一、总体要求"))  # type: ignore[arg-type]
