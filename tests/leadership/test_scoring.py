"""The leadership check's scoring, without a database: measured figures to points,
reviewer scores, modules, total, grade, weak modules and missing data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from leadership.scoring import (
    NO_DATA,
    Fact,
    ItemSort,
    ItemStatus,
    Measure,
    Module,
    Review,
    RubricItem,
    fact_from_dict,
    fact_to_dict,
    item_from_dict,
    item_to_dict,
    measured_points,
    score,
)

D = Decimal


def measured(key, module, measure, points, full_at, zero_at):
    return RubricItem(
        key=key,
        module=module,
        title=f"取数{key}",
        sort=ItemSort.MEASURED,
        max_points=D(points),
        measure=measure,
        full_at=D(full_at),
        zero_at=D(zero_at),
    )


def reviewed(key, module, points, sort=ItemSort.INTERVIEW):
    return RubricItem(key=key, module=module, title=f"评分{key}", sort=sort, max_points=D(points))


RUBRIC = (
    measured("c", Module.LEADERSHIP, Measure.COMMITMENT_ON_TIME, 10, 1, 0),
    measured("p", Module.LEADERSHIP, Measure.PLAN_COMPLETION, 10, 100, 50),
    reviewed("i", Module.LEADERSHIP, 10),
    measured("o", Module.SKILLS, Measure.OFF_POST_SHARE, 10, 0, 10),
    measured("t", Module.SKILLS, Measure.OWN_TEST_SCORE, 10, 100, 60),
    reviewed("e", Module.EMERGENCY, 20, ItemSort.EVIDENCE),
)


def test_measured_points_are_linear_between_the_lines_and_clamped():
    plan = RUBRIC[1]
    assert measured_points(plan, D(100)) == D(10)
    assert measured_points(plan, D(75)) == D(5)
    assert measured_points(plan, D(50)) == D(0)
    assert measured_points(plan, D(20)) == D(0)
    assert measured_points(plan, D(120)) == D(10)


def test_lower_is_better_figures_score_downwards():
    off_post = RUBRIC[3]
    assert measured_points(off_post, D(0)) == D(10)
    assert measured_points(off_post, D(2.5)) == D("7.5")
    assert measured_points(off_post, D(10)) == D(0)
    assert measured_points(off_post, D(30)) == D(0)


def test_full_scorecard_totals_modules_and_grade():
    facts = {
        Measure.COMMITMENT_ON_TIME: Fact(D(1), "已按时签订"),
        Measure.PLAN_COMPLETION: Fact(D(90), "完成 18 / 计划 20 次"),
        Measure.OFF_POST_SHARE: Fact(D(5), "在职 40 人，脱产培训 2 人"),
        Measure.OWN_TEST_SCORE: Fact(D(80), "88 / 110 分"),
    }
    reviews = {"i": Review(D(8), "职责答得完整"), "e": Review(D(15), "演练记录齐全")}
    card = score(RUBRIC, facts, reviews)
    by_module = {m.module: m for m in card.modules}
    assert by_module[Module.LEADERSHIP].points == D(10 + 8 + 8)
    assert by_module[Module.SKILLS].points == D(5 + 5)
    assert by_module[Module.EMERGENCY].points == D(15)
    assert card.points == D(51)
    assert card.counted_max == card.full_max == D(70)
    assert card.percent == D("72.9")
    assert card.grade == "合格"
    assert card.complete
    assert [m.module for m in card.weak_modules] == [Module.SKILLS]  # 10 of 20
    plan = next(r for r in card.items if r.item.key == "p")
    assert plan.basis == "完成 18 / 计划 20 次"
    assert next(r for r in card.items if r.item.key == "e").basis == "演练记录齐全"


def test_missing_data_is_left_out_not_counted_as_zero():
    facts = {
        Measure.COMMITMENT_ON_TIME: Fact(D(1), "已按时签订"),
        Measure.PLAN_COMPLETION: Fact.missing("2026年无个人安全行动计划"),
        # OFF_POST_SHARE and OWN_TEST_SCORE are absent altogether.
    }
    reviews = {"i": Review(D(10), "好"), "e": Review(D(20), "好")}
    card = score(RUBRIC, facts, reviews)
    plan = next(r for r in card.items if r.item.key == "p")
    assert plan.status is ItemStatus.NO_DATA and plan.points is None
    assert plan.basis == "2026年无个人安全行动计划"
    assert next(r for r in card.items if r.item.key == "t").basis == NO_DATA
    assert card.points == D(40)
    assert card.counted_max == D(40)
    assert card.full_max == D(70)
    assert card.no_data_points == D(30)
    assert card.percent == D(100)
    skills = next(m for m in card.modules if m.module is Module.SKILLS)
    assert skills.percent is None and not skills.weak  # nothing measured is not weak
    assert card.complete


def test_nothing_measured_and_nothing_reviewed():
    card = score(RUBRIC, {}, {})
    assert card.points == D(0)
    assert card.percent is None and card.grade is None
    assert not card.complete
    pending = [r.item.key for r in card.items if r.status is ItemStatus.PENDING]
    assert pending == ["i", "e"]


def test_a_review_out_of_range_is_refused_naming_the_item():
    with pytest.raises(ValueError, match=r"评分i.*0 到 10"):
        score(RUBRIC, {}, {"i": Review(D(11), "超了")})
    with pytest.raises(ValueError, match="评分e"):
        score(RUBRIC, {}, {"e": Review(D(-1), "负分")})


def test_a_measured_item_needs_its_lines_and_keys_are_unique():
    with pytest.raises(ValueError, match="满分线"):
        RubricItem("x", Module.RISK, "缺线", ItemSort.MEASURED, D(5), Measure.PLAN_COMPLETION)
    with pytest.raises(ValueError, match="重复"):
        score((RUBRIC[2], RUBRIC[2]), {}, {})


def test_grades_by_percentage():
    item = reviewed("i", Module.RISK, 100)
    grades = {
        points: score((item,), {}, {"i": Review(D(points), "x")}).grade
        for points in (95, 90, 89, 75, 60, 59)
    }
    assert grades == {95: "优秀", 90: "优秀", 89: "良好", 75: "良好", 60: "合格", 59: "不合格"}


def test_snapshots_round_trip():
    for item in RUBRIC:
        assert item_from_dict(item_to_dict(item)) == item
    for fact in (Fact(D("87.5"), "x"), Fact.missing()):
        assert fact_from_dict(fact_to_dict(fact)) == fact
