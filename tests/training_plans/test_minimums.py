"""The statutory minimum per level and the plan's warnings: pure, no database."""

from __future__ import annotations

from decimal import Decimal

from training.plan_minimums import (
    PlannedLine,
    check_levels,
    describe_minimum,
    minimum_for,
    warning_text,
)
from training.rules.hours import TrainingKind


def test_operators_in_a_high_risk_unit_owe_20_hours_a_year_citing_article_13() -> None:
    rule = minimum_for("operator", high_risk=True)
    assert rule is not None and rule.hours == Decimal(20)
    assert describe_minimum(rule) == "≥ 20 学时（《生产经营单位安全培训规定》第十三条）"


def test_operators_elsewhere_have_no_yearly_number_of_hours() -> None:
    assert minimum_for("operator", high_risk=False) is None
    assert describe_minimum(None) == "法规未规定年度学时下限"


def test_management_minimum_depends_on_the_unit() -> None:
    assert minimum_for("principal", high_risk=True).hours == Decimal(16)
    assert minimum_for("principal", high_risk=False).hours == Decimal(12)
    assert minimum_for("deputy_principal", high_risk=True).hours == Decimal(16)
    assert minimum_for("safety_manager", high_risk=False).source.endswith("第九条")


def test_new_hires_owe_the_pre_post_hours() -> None:
    assert minimum_for("new_hire", high_risk=True).hours == Decimal(72)
    assert minimum_for("new_hire", high_risk=False).hours == Decimal(24)


def test_a_level_short_of_its_minimum_is_warned_with_the_gap() -> None:
    lines = [
        PlannedLine("operator", TrainingKind.REFRESHER, Decimal(8)),
        PlannedLine("operator", TrainingKind.EXTERNAL, Decimal(4)),
        # A drill is practice, not refresher hours: it does not count.
        PlannedLine("operator", TrainingKind.DRILL, Decimal(12)),
        PlannedLine("principal", TrainingKind.REFRESHER, Decimal(16)),
    ]
    checks = {c.level: c for c in check_levels(lines, high_risk=True)}
    assert checks["operator"].planned == Decimal(24)
    assert checks["operator"].counted == Decimal(12)
    assert checks["operator"].short and checks["operator"].shortfall == Decimal(8)
    assert not checks["principal"].short  # 16 ≥ 16: the boundary meets the minimum
    assert warning_text(checks["operator"], "操作人员") == (
        "操作人员：计入“从业人员每年再培训（高危行业单位）”的计划学时为 12，"
        "少于《生产经营单位安全培训规定》第十三条规定的 20 学时，还差 8 学时。"
    )


def test_a_level_with_staff_but_no_line_is_short_by_the_whole_minimum() -> None:
    checks = check_levels([], high_risk=True, levels_present=["safety_manager", "operator"])
    assert [c.level for c in checks] == ["safety_manager", "operator"]
    assert [c.shortfall for c in checks] == [Decimal(16), Decimal(20)]


def test_no_warning_where_the_law_names_no_hours() -> None:
    (check,) = check_levels(
        [PlannedLine("operator", TrainingKind.REFRESHER, Decimal(2))], high_risk=False
    )
    assert check.rule is None and not check.short


def test_the_plan_cores_import_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, training.plan_minimums, training.plan_progress;"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('django', 'accounts')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
