from decimal import Decimal

import pytest

from assessments.exams.engine import Blueprint, BlueprintError, DrawRule, QuestionType


def test_default_pass_mark_does_not_scale_with_total_points():
    with pytest.raises(BlueprintError, match="及格分须大于0且不超过试卷总分50，当前为80"):
        Blueprint(rules=(DrawRule(count=10),), total_points=Decimal(50))


def test_defaults():
    blueprint = Blueprint(rules=(DrawRule(count=10),))
    assert blueprint.pass_mark == Decimal(80)
    assert blueprint.total_points == Decimal(100)
    assert blueprint.shuffle_questions
    assert blueprint.shuffle_options
    assert blueprint.required_topics == ()
    assert blueprint.question_count == 10
    assert not blueprint.has_fixed_points


def test_coerces_rule_fields():
    rule = DrawRule(count=2, type="multiple", topics=["防爆"], points_each="2.5")  # type: ignore[arg-type]
    assert rule.type is QuestionType.MULTIPLE
    assert rule.topics == ("防爆",)
    assert rule.points_each == Decimal("2.5")


def test_fixed_points_must_add_up_to_total():
    blueprint = Blueprint(
        rules=(
            DrawRule(count=20, type=QuestionType.SINGLE, points_each=Decimal(2)),
            DrawRule(count=10, type=QuestionType.MULTIPLE, points_each=Decimal(4)),
            DrawRule(count=10, type=QuestionType.TRUE_FALSE, points_each=Decimal(2)),
        ),
    )
    assert blueprint.has_fixed_points
    assert blueprint.question_count == 40


def test_required_topics_are_deduplicated_in_order():
    blueprint = Blueprint(rules=(DrawRule(count=3),), required_topics=("b", "a", "b"))
    assert blueprint.required_topics == ("b", "a")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rules": ()}, "组卷规则不能为空"),
        ({"rules": (DrawRule(count=0),)}, "规则1的题目数量须为正整数，当前为0"),
        ({"rules": (DrawRule(count=2), DrawRule(count=-1))}, "规则2的题目数量须为正整数"),
        ({"rules": (DrawRule(count=True),)}, "规则1的题目数量须为正整数"),  # type: ignore[arg-type]
        (
            {"rules": (DrawRule(count=5, points_each=Decimal(0)),), "total_points": 0},
            "每题分值须大于0",
        ),
        (
            {
                "rules": (
                    DrawRule(count=10, points_each=Decimal(5)),
                    DrawRule(count=10, points_each=Decimal(4)),
                )
            },
            "各规则分值合计90分，与试卷总分100分不符",
        ),
        (
            {"rules": (DrawRule(count=10, points_each=Decimal(5)), DrawRule(count=10))},
            "都不设置",
        ),
        ({"rules": (DrawRule(count=5),), "total_points": 0}, "试卷总分须大于0"),
        ({"rules": (DrawRule(count=5),), "pass_mark": 0}, "及格分须大于0且不超过试卷总分"),
        ({"rules": (DrawRule(count=5),), "pass_mark": 101}, "及格分须大于0且不超过试卷总分"),
        ({"rules": (DrawRule(count=5),), "total_points": "100.005"}, "最多保留两位小数"),
        ({"rules": (DrawRule(count=5),), "total_points": "abc"}, "试卷总分不是有效数字"),
        (
            {"rules": (DrawRule(count=5),), "total_points": "0.04", "pass_mark": "0.01"},
            "不足以每题至少0.01分",
        ),
        ({"rules": (DrawRule(count=5),), "required_topics": ("",)}, "必考知识点不能为空"),
        ({"rules": (DrawRule(count=5),), "required_topics": "防爆"}, "不能是单个字符串"),
    ],
)
def test_invalid_blueprints_are_refused_in_chinese(kwargs, message):
    with pytest.raises(BlueprintError, match=message):
        Blueprint(**kwargs)


def test_rule_validation_errors():
    with pytest.raises(BlueprintError, match="未知题型"):
        DrawRule(count=1, type="essay")  # type: ignore[arg-type]
    with pytest.raises(BlueprintError, match="最多保留两位小数"):
        DrawRule(count=1, points_each=Decimal("0.333"))
    with pytest.raises(BlueprintError, match="单个字符串"):
        DrawRule(count=1, topics="防爆")  # type: ignore[arg-type]


def test_blueprint_error_is_a_value_error():
    assert issubclass(BlueprintError, ValueError)


@pytest.mark.parametrize(
    ("rule", "description"),
    [
        (DrawRule(count=5, type=QuestionType.MULTIPLE, difficulty="medium"), "多选，难度中"),
        (DrawRule(count=5, difficulty="较难"), "难度较难"),
        (DrawRule(count=5, topics=("防爆", "防毒")), "知识点防爆/防毒"),
        (DrawRule(count=5), "不限题型"),
    ],
)
def test_rule_descriptions(rule, description):
    assert rule.describe() == description
