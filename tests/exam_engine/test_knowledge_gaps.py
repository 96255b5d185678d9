"""The knowledge-gap grid and its period, without a database."""

from datetime import date

import pytest

from assessments.exams.engine.knowledge_gaps import (
    MIN_ANSWERS,
    Cell,
    GapCount,
    build_grid,
    period_choices,
    period_from,
)

COUNTS = [
    GapCount(1, "合成岗", 6, 4),
    GapCount(1, "储运岗", 4, 2),
    GapCount(2, "合成岗", 3, 2),
    GapCount(2, "储运岗", 2, 0),
    GapCount(3, "合成岗", 2, 2),  # provision 3: 2 answers in all, a sparse row
]


def test_cells_rows_and_columns_add_up_and_the_weakest_provision_comes_first():
    grid = build_grid(COUNTS)
    assert grid.cell(1, "合成岗") == Cell(6, 4)
    assert grid.cell(1, "储运岗").is_sparse and grid.cell(1, "合成岗").band is not None
    # Provision 2: 5 answers, 2 right (40 %); 1: 10 answers, 6 right (60 %); 3: sparse.
    assert grid.rows == (2, 1, 3)
    assert grid.row_totals[2] == Cell(5, 2) and grid.row_totals[2].percent == 40
    assert grid.columns == ("合成岗", "储运岗")
    assert grid.column_totals["合成岗"] == Cell(11, 8)
    assert grid.total == Cell(17, 10)
    assert grid.cell(3, "储运岗").is_empty and grid.cell(3, "储运岗").band is None


def test_a_group_given_twice_is_summed_and_empty_groups_are_dropped():
    grid = build_grid([GapCount(1, "", 3, 1), GapCount(1, "", 3, 2), GapCount(2, "x", 0, 0)])
    assert grid.cell(1, "") == Cell(6, 3)
    assert grid.rows == (1,)


@pytest.mark.parametrize(
    ("answers", "correct", "band"),
    [
        (MIN_ANSWERS - 1, 0, None),  # sparse: greyed, never coloured
        (10, 4, 0),
        (200, 99, 1),  # 49.5 % prints as 50 % and takes the 50 % band
        (200, 100, 1),
        (200, 139, 2),  # 69.5 % → 70 %
        (20, 17, 3),  # 85 %
        (20, 19, 4),  # 95 %
        (5, 5, 4),
    ],
)
def test_bands_follow_the_printed_percent(answers, correct, band):
    assert Cell(answers, correct).band == band


def test_the_threshold_can_be_lowered():
    assert not build_grid([GapCount(1, "a", 2, 1)], min_answers=2).cell(1, "a").is_sparse


def test_periods():
    today = date(2026, 12, 6)
    default = period_from(None, today)
    assert default.key == "90d" and default.label == "近90天"
    assert (default.end - default.start).days == 90 and default.end == date(2026, 12, 7)
    year = period_from("2025", today)
    assert (year.start, year.end, year.label) == (date(2025, 1, 1), date(2026, 1, 1), "2025年")
    # Anything not understood, or a year still to come, is the default.
    for junk in ("2027", "abc", "1999", "", "20251"):
        assert period_from(junk, today).key == "90d"
    assert [key for key, _ in period_choices(today)] == ["90d", "2026", "2025", "2024"]
