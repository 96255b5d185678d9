"""知识薄弱点 as a page and a spreadsheet: a ``GapGrid`` (``assessments.exams.selectors.
knowledge_gaps``) with labels, colour bands, drill-down links and the .xlsx rows.

The colours are ColorBrewer's RdBu steps (readable with the common colour-vision
deficiencies, each with a text colour of at least 4.5:1 contrast); every cell prints its
share and its number of answers, so the colour never carries the figure alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.exams.engine.knowledge_gaps import BAND_LIMITS, Cell, GapGrid
from assessments.exams.selectors.knowledge_gaps import ProvisionLabel

SPARSE_TEXT = "样本不足"


def band_labels(min_answers: int) -> list[tuple[str, str]]:
    """(css class, label) of each band, weakest first, then the greyed cells."""
    limits = [round(limit * 100) for limit in BAND_LIMITS]
    labels = [f"低于{limits[0]}%"]
    labels += [f"{low}%–{high - 1}%" for low, high in pairwise(limits)]
    labels.append(f"{limits[-1]}%及以上")
    bands = [(f"heat-{n}", label) for n, label in enumerate(labels)]
    return [*bands, ("heat-sparse", f"{SPARSE_TEXT}（少于{min_answers}人次）")]


def cell_css(cell: Cell) -> str:
    if cell.is_empty:
        return "heat-empty"
    if cell.is_sparse:
        return "heat-sparse"
    return f"heat-{cell.band}"


def describe(cell: Cell, where: str) -> str:
    """What a cell says, in words (its tooltip and what a screen reader reads)."""
    if cell.is_empty:
        return f"{where}：无作答"
    if cell.is_sparse:
        return f"{where}：{SPARSE_TEXT}，{cell.answers}人次作答，答对{cell.correct}人次"
    return f"{where}：正确率{cell.percent}%，{cell.answers}人次作答，答错{cell.wrong}人次"


@dataclass(frozen=True)
class HeatCell:
    cell: Cell
    css: str
    title: str
    url: str  # the drill-down ("" where nobody answered)


@dataclass(frozen=True)
class HeatColumn:
    key: str
    label: str
    total: HeatCell


@dataclass(frozen=True)
class HeatRow:
    provision: ProvisionLabel
    cells: tuple[HeatCell, ...]
    total: HeatCell

    @property
    def cells_html(self) -> SafeString:
        """The row's total and cells as ``<td>``s (see ``cell_html``, which escapes every
        value it puts in)."""
        return mark_safe("".join(cell_html(cell) for cell in (self.total, *self.cells)))


@dataclass(frozen=True)
class HeatMap:
    columns: tuple[HeatColumn, ...]
    rows: tuple[HeatRow, ...]
    total: Cell
    min_answers: int

    @property
    def is_empty(self) -> bool:
        return not self.rows


def cell_html(heat: HeatCell) -> str:
    """One ``<td>``: the share (or 样本不足) and the number of answers, printed; the colour
    by class; the words in ``title``; a link to the drill-down. Built here, not by a
    template: a grid of 80 provisions × 40 posts has 3,000 cells, and the template loop
    took 0.3 s of a 0.5 s page (benchmarks/knowledge_gaps.py)."""
    cell = heat.cell
    title = escape(heat.title)
    if cell.is_empty:
        return f'<td class="heat heat-empty" title="{title}">—</td>'
    figure = SPARSE_TEXT if cell.is_sparse else f"<strong>{cell.percent}%</strong>"
    inner = f'{figure}<span class="heat-n">{cell.answers}人次</span>'
    if heat.url:
        inner = f'<a href="{escape(heat.url)}">{inner}</a>'
    return f'<td class="heat {heat.css}" title="{title}">{inner}</td>'


def _heat(cell: Cell, where: str, url: str = "") -> HeatCell:
    return HeatCell(cell, cell_css(cell), describe(cell, where), url if not cell.is_empty else "")


def heat_map(
    grid: GapGrid,
    provisions: Mapping[int, ProvisionLabel],
    column_labels: Mapping[str, str],
    cell_url: Callable[[int, str], str],
) -> HeatMap:
    """The page's grid: ``cell_url(provision_id, column_key)`` links a cell's drill-down."""
    columns = tuple(
        HeatColumn(
            key, column_labels[key], _heat(grid.column_totals[key], f"{column_labels[key]}合计")
        )
        for key in grid.columns
    )
    rows = []
    for provision_id in grid.rows:
        provision = provisions.get(provision_id) or ProvisionLabel(
            provision_id, "（条款已删除）", ""
        )
        cells = tuple(
            _heat(
                grid.cell(provision_id, column.key),
                f"{provision.label} · {column.label}",  # the document is in the row header
                cell_url(provision_id, column.key),
            )
            for column in columns
        )
        total = _heat(grid.row_totals[provision_id], f"{provision.label} · 合计")
        rows.append(HeatRow(provision, cells, total))
    return HeatMap(columns, tuple(rows), grid.total, grid.min_answers)


def _rate(cell: Cell) -> int | str:
    if cell.is_empty:
        return ""
    if cell.is_sparse:
        return SPARSE_TEXT
    return cell.percent if cell.percent is not None else ""


def export_table(heat: HeatMap) -> tuple[list[str], list[list], list[int]]:
    """(headers, rows, column widths) of the .xlsx: per column its share right in whole
    percent (样本不足 for a greyed cell) and its number of answers."""
    headers = ["法规/文件", "条款", "合计正确率（%）", "合计作答人次"]
    for column in heat.columns:
        headers += [f"{column.label} 正确率（%）", f"{column.label} 作答人次"]
    rows: list[list] = []
    for row in heat.rows:
        line: list = [row.provision.document, row.provision.label]
        for cell in (row.total, *row.cells):
            line += [_rate(cell.cell), cell.cell.answers or ""]
        rows.append(line)
    totals: list = ["合计", ""]
    for cell in (heat.total, *(column.total.cell for column in heat.columns)):
        totals += [_rate(cell), cell.answers or ""]
    rows.append(totals)
    widths = [28, 30, 12, 12] + [14, 10] * len(heat.columns)
    return headers, rows, widths


def cell_query(params: Mapping[str, str], column: str) -> dict[str, str]:
    """The drill-down's query string: the page's filters and the cell's column."""
    return {**{k: v for k, v in params.items() if v}, "column": column}


def choices_with(current: str, choices: Sequence[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for a <select>."""
    return [(value, label, value == current) for value, label in choices]
