"""Which questions keep their authored option order: letters, ordered values, cross-references."""

import pytest

from assessments.exams.engine import (
    DrawRule,
    QuestionType,
    draw_paper,
    fixed_order_reason,
    may_shuffle_options,
)

from .builders import candidate
from .test_drawing import SEEDS, blueprint

SINGLE, MULTIPLE = QuestionType.SINGLE, QuestionType.MULTIPLE

# The demo bank's question that showed "A. D类 / B. A类 / C. B类 / D. C类".
LETTER_CLASSES = ("A类、一般风险企业", "B类、较大风险企业", "C类、重大风险企业", "D类、低风险企业")


@pytest.mark.parametrize(
    "texts",
    [
        ("A", "B", "C", "D"),
        ("Ａ", "Ｂ", "Ｃ", "Ｄ"),  # full-width letters
        LETTER_CLASSES,
        ("一级", "二级", "三级", "四级"),
        ("第一类", "第二类", "第三类"),
        ("甲类", "乙类", "丙类", "丁类"),
        ("Ⅰ级", "Ⅱ级", "Ⅲ级"),
        ("2019年", "2020年", "2021年", "2022年"),
        ("2024年6月底前", "2024年底前", "2025年底前", "2026年底前"),
        ("3", "5", "10", "15"),
        ("0.5MPa", "1.0MPa", "1.6MPa", "2.5MPa"),
        ("一万元以上五万元以下", "五万元以上十万元以下", "十万元以上五十万元以下"),
        ("三个月", "半年", "一年", "两年"),
        ("红色", "橙色", "黄色", "蓝色"),
        ("戴安全帽", "系安全带", "穿防静电服", "以上都对"),
        ("戴安全帽", "系安全带", "穿防静电服", "上述均不正确"),
        ("动火作业", "受限空间作业", "A和B", "都不对"),
    ],
)
def test_labels_and_ordered_values_keep_their_order(texts):
    assert fixed_order_reason(texts) is not None
    assert not may_shuffle_options(SINGLE, texts)
    assert not may_shuffle_options(MULTIPLE, texts)


@pytest.mark.parametrize(
    "texts",
    [
        ("继续在岗工作", "由班组长口头教育后直接上岗", "调整到非生产岗位", "脱产培训"),
        # Words that start with a letter are not labels: one or none of them per question.
        ("CO中毒", "PLC控制系统", "DCS报警", "SIS联锁"),
        ("X射线探伤", "超声波探伤", "磁粉探伤", "渗透探伤"),
        # A number among statements is not a scale.
        ("3名以上专职安全员", "设置安全管理机构", "配备注册安全工程师", "建立安全生产责任制"),
        ("剧毒化学品和其他化学品", "仅限剧毒化学品", "全部工业原材料", "仅限易燃易爆物品"),
    ],
)
def test_statements_may_be_shuffled(texts):
    assert fixed_order_reason(texts) is None
    assert may_shuffle_options(SINGLE, texts)
    assert may_shuffle_options(MULTIPLE, texts)


def test_true_false_and_fill_never_shuffle():
    statements = ("继续在岗工作", "脱产培训")
    assert not may_shuffle_options(QuestionType.TRUE_FALSE, statements)
    assert not may_shuffle_options(QuestionType.FILL, ())


def test_the_reason_names_what_was_found():
    assert "字母" in (fixed_order_reason(LETTER_CLASSES) or "")
    assert "顺序" in (fixed_order_reason(("一级", "二级")) or "")
    assert "以上都对" in (fixed_order_reason(("甲醇", "以上都对")) or "")


def test_drawing_keeps_the_authored_order_of_letter_options():
    letters = candidate(1, option_texts=LETTER_CLASSES)
    statements = candidate(
        2, option_texts=("继续在岗工作", "口头教育后上岗", "调整岗位", "脱产培训")
    )
    orders = set()
    for seed in SEEDS:
        paper = draw_paper(blueprint(DrawRule(count=2)), [letters, statements], (), seed)
        by_id = {slot.question_id: slot.option_order for slot in paper.slots}
        assert by_id[1] == ("A", "B", "C", "D")
        orders.add(by_id[2])
    assert len(orders) > 1  # the statements question is still shuffled
