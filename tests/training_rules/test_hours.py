"""What each person owes, per rule and year, with the rule's legal source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from training.rules.hours import (
    DEFAULT_HOURS_RULES,
    Absence,
    HoursRule,
    HoursStatus,
    Level,
    TrainingKind,
    Trigger,
    add_months,
    add_years,
    done_by_kind,
    hours_owed,
)

from .builders import entry, person, three_levels

K = TrainingKind


def codes(report) -> list[str]:
    return [o.rule.code for o in report.obligations]


def owed(report, code: str):
    (found,) = [o for o in report.obligations if o.rule.code == code]
    return found


# --- 第九条: principals and safety managers -----------------------------------------


@pytest.mark.parametrize(
    "high_risk, initial, code",
    [(False, 32, "management_initial"), (True, 48, "management_initial_high_risk")],
)
@pytest.mark.parametrize("level", [Level.PRINCIPAL, Level.SAFETY_MANAGER])
def test_initial_training_in_the_year_of_taking_office(high_risk, initial, code, level):
    facts = person(
        level, high_risk=high_risk, hire_date=dt.date(2020, 1, 1), level_since=dt.date(2024, 5, 10)
    )
    almost = [entry("2024-05-10", K.EXTERNAL, initial - 1), entry("2024-12-31", K.INDUCTION, "0.5")]
    report = hours_owed(facts, almost, 2024)
    assert codes(report) == [code]  # no refresher in the first year
    obligation = owed(report, code)
    assert obligation.required == initial
    assert obligation.rule.source == "《生产经营单位安全培训规定》第九条"
    assert report.status is HoursStatus.SHORT and report.status.label == "不足"
    assert report.shortfall == Decimal("0.5")
    exactly = [*almost, entry("2024-11-01", K.INDUCTION, "0.5")]  # 不得少于: ≥ is enough
    assert hours_owed(facts, exactly, 2024).status is HoursStatus.MET


def test_initial_training_counts_from_taking_office_and_only_its_kinds():
    facts = person(Level.PRINCIPAL, hire_date=dt.date(2020, 1, 1), level_since=dt.date(2024, 5, 10))
    ledger = [
        entry("2024-05-09", K.EXTERNAL, 8),  # the day before taking office
        entry("2024-06-01", K.REFRESHER, 8),  # not an initial course
        entry("2024-06-02", K.DRILL, 8),
        entry("2025-01-02", K.EXTERNAL, 8),  # next year: not in this year's window
        entry("2024-06-03", K.INDUCTION, 8),
    ]
    assert owed(hours_owed(facts, ledger, 2024), "management_initial").done == 8


@pytest.mark.parametrize(
    "high_risk, hours, code",
    [(False, 12, "management_refresher"), (True, 16, "management_refresher_high_risk")],
)
def test_refresher_every_calendar_year_after_taking_office(high_risk, hours, code):
    facts = person(Level.SAFETY_MANAGER, high_risk=high_risk, level_since=dt.date(2024, 3, 1))
    initial = [entry("2024-03-02", K.EXTERNAL, 48)]
    ledger = [
        *initial,
        entry("2024-12-31", K.REFRESHER, 8),  # last year's: does not count in 2025
        entry("2025-01-01", K.REFRESHER, hours - 4),
        entry("2025-12-31", K.OFF_POST, 3),
        entry("2026-01-01", K.REFRESHER, 8),
    ]
    report = hours_owed(facts, ledger, 2025)
    assert codes(report) == [code]  # the met initial training is not carried
    assert owed(report, code).done == hours - 1
    assert owed(report, code).shortfall == 1
    assert report.status is HoursStatus.SHORT
    met = hours_owed(facts, [*ledger, entry("2025-06-01", K.NEW_PROCESS, 1)], 2025)
    assert met.status is HoursStatus.MET


def test_unmet_initial_training_is_carried_into_the_next_year():
    facts = person(Level.PRINCIPAL, level_since=dt.date(2024, 11, 1))
    ledger = [entry("2024-11-02", K.EXTERNAL, 20), entry("2025-02-01", K.INDUCTION, 8)]
    report = hours_owed(facts, ledger, 2025)
    assert codes(report) == ["management_initial", "management_refresher"]
    carried = owed(report, "management_initial")
    assert (carried.since, carried.until, carried.done) == (
        dt.date(2024, 11, 1),
        dt.date(2025, 12, 31),
        28,
    )


# --- 第十三条 and 第十二条: new hires --------------------------------------------------


@pytest.mark.parametrize(
    "high_risk, hours, code",
    [(False, 24, "staff_pre_post"), (True, 72, "staff_pre_post_high_risk")],
)
@pytest.mark.parametrize("level", [Level.WORKER, Level.SPECIAL_OPERATOR])
def test_new_hires_owe_hours_and_all_three_levels_before_the_post(level, high_risk, hours, code):
    facts = person(level, high_risk=high_risk)
    report = hours_owed(facts, [], 2024)
    assert codes(report) == [
        code,
        "three_level_plant_level",
        "three_level_workshop_level",
        "three_level_team_level",
    ]
    assert report.status is HoursStatus.PRE_POST_INCOMPLETE
    assert report.status.label == "未完成岗前培训"
    assert report.shortfall == hours
    assert owed(report, code).rule.source == "《生产经营单位安全培训规定》第十三条"
    assert owed(report, "three_level_team_level").rule.source.endswith("第十二条")
    done = [*three_levels(hours=8), entry("2024-03-10", K.INDUCTION, hours - 24)]
    assert hours_owed(facts, done, 2024).status is HoursStatus.MET


def test_enough_hours_without_the_team_level_is_still_not_ready_for_the_post():
    ledger = [*three_levels()[:2], entry("2024-03-05", K.INDUCTION, 8)]
    report = hours_owed(person(), ledger, 2024)
    assert owed(report, "staff_pre_post").met
    assert [o.rule.code for o in report.unmet] == ["three_level_team_level"]
    assert report.status is HoursStatus.PRE_POST_INCOMPLETE
    assert report.shortfall == 0  # the law names no hours for each level


def test_a_new_hire_sees_what_is_left_before_working_alone_and_a_progress_share():
    ledger = [*three_levels(hours=4)[:2], entry("2024-03-10", K.REFRESHER, 8)]
    report = hours_owed(person(), ledger, 2024)
    assert [o.rule.title for o in report.before_working_alone] == [
        "新上岗从业人员岗前安全培训（一般单位）",
        "上岗前三级安全教育：班组级",
    ]
    # 8 of 24 hours, and two of the three levels: (8 + 2) / (24 + 3).
    assert report.progress == Decimal(10) / Decimal(27)
    over = [*three_levels(hours=20)]
    assert hours_owed(person(), over, 2024).progress == 1
    assert hours_owed(person(), [], 2023).progress == 1


def test_pre_post_training_stays_owed_in_later_years_until_done():
    report = hours_owed(person(), three_levels(hours=4), 2025)
    assert codes(report) == ["staff_pre_post"]
    assert report.status is HoursStatus.PRE_POST_INCOMPLETE and report.shortfall == 12


def test_high_risk_staff_owe_20_hours_a_year_from_the_year_after_hire():
    facts = person(high_risk=True)
    hired = [*three_levels(hours=24)]
    assert "staff_refresher_high_risk" not in codes(hours_owed(facts, hired, 2024))
    report = hours_owed(facts, [*hired, entry("2025-04-01", K.REFRESHER, 19)], 2025)
    assert codes(report) == ["staff_refresher_high_risk"]
    assert owed(report, "staff_refresher_high_risk").rule.source.endswith("第十三条")
    assert report.status is HoursStatus.SHORT and report.shortfall == 1


def test_other_units_staff_owe_no_yearly_hours_the_regulation_does_not_set():
    report = hours_owed(person(), three_levels(), 2025)
    assert report.obligations == () and report.status is HoursStatus.MET


def test_nothing_is_owed_before_the_hire_year():
    assert hours_owed(person(), [], 2023).obligations == ()


def test_one_off_rules_before_the_ledger_starts_are_not_checked():
    """Someone hired in 2010 had their 三级教育 on paper; the ledger starts in 2024."""
    veteran = person(hire_date=dt.date(2010, 5, 1), ledger_since=dt.date(2024, 1, 1))
    assert hours_owed(veteran, [], 2025).obligations == ()
    new_hire = person(hire_date=dt.date(2024, 1, 1), ledger_since=dt.date(2024, 1, 1))
    assert hours_owed(new_hire, [], 2025).status is HoursStatus.PRE_POST_INCOMPLETE


# --- 第十七条: a new post, or back after a year or more ----------------------------------

LONG_SERVING = {"hire_date": dt.date(2020, 1, 1), "ledger_since": dt.date(2024, 1, 1)}


def test_a_post_change_needs_workshop_and_team_level_again_after_the_move():
    facts = person(**LONG_SERVING, post_changes=(dt.date(2025, 6, 1),))
    before_move = [entry("2025-05-31", K.WORKSHOP_LEVEL, 4), entry("2025-05-31", K.TEAM_LEVEL, 4)]
    report = hours_owed(facts, before_move, 2025)
    assert codes(report) == ["post_change_workshop_level", "post_change_team_level"]
    assert report.status is HoursStatus.PRE_POST_INCOMPLETE
    assert owed(report, "post_change_team_level").rule.source.endswith("第十七条")
    after = [*before_move, entry("2025-06-01", K.WORKSHOP_LEVEL, 4)]
    assert [o.rule.code for o in hours_owed(facts, after, 2025).unmet] == ["post_change_team_level"]
    both = [*after, entry("2025-06-02", K.TEAM_LEVEL, 2)]
    assert hours_owed(facts, both, 2025).status is HoursStatus.MET


def test_only_the_latest_post_change_counts():
    facts = person(**LONG_SERVING, post_changes=(dt.date(2025, 3, 1), dt.date(2025, 9, 1)))
    after_first = [entry("2025-03-02", K.WORKSHOP_LEVEL, 4), entry("2025-03-02", K.TEAM_LEVEL, 4)]
    assert owed(hours_owed(facts, after_first, 2025), "post_change_team_level").since == (
        dt.date(2025, 9, 1)
    )
    assert hours_owed(facts, after_first, 2025).status is HoursStatus.PRE_POST_INCOMPLETE


@pytest.mark.parametrize(
    "left, back, binds",
    [
        ("2023-03-01", "2024-03-01", True),  # exactly a year: 一年以上 includes it
        ("2023-03-02", "2024-03-01", False),  # a day short of a year
        ("2024-02-29", "2025-02-28", True),  # a leap day's anniversary
        ("2021-01-01", "2024-06-01", True),
    ],
)
def test_a_return_after_a_year_or_more_needs_the_two_levels_again(left, back, binds):
    away = Absence(dt.date.fromisoformat(left), dt.date.fromisoformat(back))
    facts = person(
        hire_date=dt.date(2015, 1, 1), ledger_since=dt.date(2020, 1, 1), absences=(away,)
    )
    year = away.returned_on.year
    report = hours_owed(facts, [], year)
    assert ("return_team_level" in codes(report)) is binds
    if binds:
        assert report.status is HoursStatus.PRE_POST_INCOMPLETE
        done = [
            entry(away.returned_on, K.WORKSHOP_LEVEL, 2),
            entry(away.returned_on, K.TEAM_LEVEL, 2),
        ]
        assert hours_owed(facts, done, year).status is HoursStatus.MET


def test_a_return_triggered_in_an_earlier_year_is_not_owed_again_once_done():
    away = Absence(dt.date(2022, 1, 1), dt.date(2024, 6, 1))
    facts = person(**LONG_SERVING, absences=(away,))
    done = [entry("2024-06-01", K.WORKSHOP_LEVEL, 2), entry("2024-06-01", K.TEAM_LEVEL, 2)]
    assert hours_owed(facts, done, 2025).obligations == ()
    assert "return_team_level" in codes(hours_owed(facts, [], 2025))


# --- Rules are data -------------------------------------------------------------------


def test_every_default_rule_cites_its_article_and_has_a_unique_code():
    assert len({rule.code for rule in DEFAULT_HOURS_RULES}) == len(DEFAULT_HOURS_RULES)
    for rule in DEFAULT_HOURS_RULES:
        assert rule.source.startswith("《生产经营单位安全培训规定》第")
        assert rule.source.endswith("条") and rule.title and rule.kinds


def test_an_editors_rule_table_replaces_the_defaults():
    drills = HoursRule(
        code="local_drill",
        title="每年应急演练",
        source="区应急管理局 2024 年工作要点",
        levels=frozenset({Level.WORKER}),
        trigger=Trigger.EVERY_YEAR,
        kinds=frozenset({K.DRILL}),
        hours=Decimal(4),
    )
    report = hours_owed(person(), [entry("2025-05-01", K.DRILL, 2)], 2025, rules=(drills,))
    assert codes(report) == ["local_drill"]
    assert (
        report.shortfall == 2
        and report.obligations[0].rule.source == "区应急管理局 2024 年工作要点"
    )


def test_people_sort_by_how_short_they_are():
    ledgers = {
        "甲": [entry("2025-03-01", K.REFRESHER, 19)],
        "乙": [],
        "丙": [entry("2025-03-01", K.REFRESHER, 12)],
    }
    reports = [
        hours_owed(person(name=name, high_risk=True, **LONG_SERVING), ledger, 2025)
        for name, ledger in ledgers.items()
    ]
    ranked = sorted(reports, key=lambda r: r.shortfall, reverse=True)
    assert [(r.name, r.shortfall) for r in ranked] == [("乙", 20), ("丙", 8), ("甲", 1)]


def test_done_by_kind_sums_one_year():
    ledger = [
        entry("2025-01-01", K.REFRESHER, "1.5"),
        entry("2025-12-31", K.REFRESHER, 2),
        entry("2024-12-31", K.REFRESHER, 8),
        entry("2025-06-01", K.DRILL, 1),
    ]
    assert done_by_kind(ledger, 2025) == {K.REFRESHER: Decimal("3.5"), K.DRILL: Decimal(1)}


def test_labels_are_chinese_and_values_are_stable():
    assert Level.PRINCIPAL.label == "主要负责人" and Level.PRINCIPAL == "principal"
    assert ("plant_level", "三级安全教育（厂级）") in TrainingKind.choices()
    assert [s.label for s in HoursStatus] == ["达标", "不足", "未完成岗前培训"]


@pytest.mark.parametrize(
    "start, months, expected",
    [
        ("2024-08-31", 6, "2025-02-28"),
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-07-15", 6, "2025-01-15"),
        ("2024-12-31", 12, "2025-12-31"),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)


def test_add_years_moves_a_leap_day_to_28_february():
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 3, 1), 1) == dt.date(2025, 3, 1)
