"""Knowledge gaps: how often graded answers were right, per cited provision and per post
or department (the heat map of 知识薄弱点), and the period it covers.

Pure: the caller aggregates graded answers into ``GapCount`` rows (one per provision and
column) and gets back a grid with row and column totals, weakest provisions first.

- A cell's **share** is right answers / answers. Right means full marks on the slot
  (the engine's ``ResponseState.CORRECT``); a partly right 多选 counts as not right, as an
  unanswered question does.
- A cell with fewer than ``MIN_ANSWERS`` answers is **sparse** (样本不足): its share is
  kept for the export but the page greys it out instead of colouring it.
- **Bands** split the share into five steps for the colour scale; the page prints the
  number too, so the colour never carries the figure alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "BAND_LIMITS",
    "DEFAULT_PERIOD",
    "MIN_ANSWERS",
    "PERIOD_DAYS",
    "Cell",
    "GapCount",
    "GapGrid",
    "Period",
    "build_grid",
    "period_choices",
    "period_from",
]

#: Below this many answers a share swings by 20 points on one answer: greyed, not coloured.
MIN_ANSWERS = 5
#: Upper limits of the bands 0..3 (share right); band 4 is everything from 0.95 up. 0.95
#: is item statistics' "too easy" line, 0.5 a coin toss on a true/false question.
BAND_LIMITS = (0.5, 0.7, 0.85, 0.95)
#: The default period: the last 90 days (a quarter, the routine rounds' longest common cycle).
PERIOD_DAYS = 90
DEFAULT_PERIOD = "90d"


@dataclass(frozen=True, slots=True)
class GapCount:
    """One group of graded answers: a provision, a column key ("" = none), the counts."""

    provision_id: int
    column: str
    answers: int
    correct: int


@dataclass(frozen=True, slots=True)
class Cell:
    answers: int = 0
    correct: int = 0
    min_answers: int = MIN_ANSWERS

    @property
    def wrong(self) -> int:
        return self.answers - self.correct

    @property
    def share(self) -> float | None:
        """Right answers / answers, None without answers."""
        return self.correct / self.answers if self.answers else None

    @property
    def percent(self) -> int | None:
        """The share in whole percent, rounded half up (83.5 → 84) in integers: in floats
        99 / 200 * 100 is 49.49999…"""
        if not self.answers:
            return None
        return (200 * self.correct + self.answers) // (2 * self.answers)

    @property
    def is_empty(self) -> bool:
        return self.answers == 0

    @property
    def is_sparse(self) -> bool:
        """Some answers, but fewer than ``min_answers`` (样本不足)."""
        return 0 < self.answers < self.min_answers

    @property
    def band(self) -> int | None:
        """0 (weakest) .. 4 for a cell with enough answers; None when empty or sparse.

        Taken from the printed percent, so a cell showing 70% is never in the band
        labelled 50%–69% (0.695 prints as 70%)."""
        percent = self.percent
        if percent is None or self.is_sparse:
            return None
        return next(
            (n for n, limit in enumerate(BAND_LIMITS) if percent < round(limit * 100)),
            len(BAND_LIMITS),
        )

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.answers + other.answers, self.correct + other.correct, self.min_answers)


@dataclass(frozen=True)
class GapGrid:
    """Provisions (``rows``) × columns with their cells and totals.

    ``rows`` are the weakest first: rows with enough answers by share ascending, then the
    sparse ones; ties by more answers, then id. ``columns`` by answers descending, then key.
    """

    rows: tuple[int, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[int, str], Cell]
    row_totals: Mapping[int, Cell]
    column_totals: Mapping[str, Cell]
    total: Cell
    min_answers: int = MIN_ANSWERS

    def cell(self, provision_id: int, column: str) -> Cell:
        """The cell, or an empty one where nobody answered."""
        return self.cells.get((provision_id, column)) or Cell(min_answers=self.min_answers)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def build_grid(counts: Iterable[GapCount], *, min_answers: int = MIN_ANSWERS) -> GapGrid:
    """The grid of ``counts``; a (provision, column) given twice is summed."""
    cells: dict[tuple[int, str], Cell] = {}
    rows: dict[int, Cell] = {}
    columns: dict[str, Cell] = {}
    total = Cell(min_answers=min_answers)
    for count in counts:
        if count.answers <= 0:
            continue
        cell = Cell(count.answers, count.correct, min_answers)
        empty = Cell(min_answers=min_answers)
        key = (count.provision_id, count.column)
        cells[key] = cells.get(key, empty) + cell
        rows[count.provision_id] = rows.get(count.provision_id, empty) + cell
        columns[count.column] = columns.get(count.column, empty) + cell
        total = total + cell

    def row_order(provision_id: int) -> tuple[bool, float, int, int]:
        row = rows[provision_id]
        return (row.is_sparse, row.share or 0.0, -row.answers, provision_id)

    return GapGrid(
        rows=tuple(sorted(rows, key=row_order)),
        columns=tuple(sorted(columns, key=lambda key: (-columns[key].answers, key))),
        cells=cells,
        row_totals=rows,
        column_totals=columns,
        total=total,
        min_answers=min_answers,
    )


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days: ``start`` included, ``end`` excluded."""

    key: str
    label: str
    start: date
    end: date


def period_from(key: str | None, today: date, *, earliest_year: int = 2000) -> Period:
    """The period a ``?period=`` value names: "90d" (the default, also for anything not
    understood) or a year such as "2025" (not after ``today``'s year)."""
    key = (key or "").strip()
    if key.isdigit() and len(key) == 4 and earliest_year <= int(key) <= today.year:
        year = int(key)
        return Period(key, f"{year}年", date(year, 1, 1), date(year + 1, 1, 1))
    return Period(
        DEFAULT_PERIOD,
        f"近{PERIOD_DAYS}天",
        today - timedelta(days=PERIOD_DAYS - 1),
        today + timedelta(days=1),
    )


def period_choices(today: date, *, years: int = 3) -> list[tuple[str, str]]:
    """The periods offered: the last 90 days, then this year and the ``years - 1`` before."""
    return [(DEFAULT_PERIOD, f"近{PERIOD_DAYS}天")] + [
        (str(year), f"{year}年") for year in range(today.year, today.year - years, -1)
    ]
