"""The progress page's charts: pygal's server-rendered SVG, no JavaScript (as the
principal's and the jurisdiction's pages). The SVG has a viewBox and no fixed size, so
it shrinks to a phone's width; the table under each chart carries the same figures."""

from __future__ import annotations

import re

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

from practice.breakdown import BreakdownRow

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif",
    # mastered, practising, not yet practised
    colors=("#2e7d32", "#f9a825", "#cfd8dc"),
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=14,
    legend_font_size=15,
    title_font_size=17,
)

#: A phone shows a dozen bars legibly; the table lists every group.
MOST_BARS = 10
#: Long regulation titles are cut in the chart (the table has them whole).
LABEL_CHARS = 14

#: pygal always writes a config <script> (for its optional tooltips); the page loads none.
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def progress_chart(title: str, rows: tuple[BreakdownRow, ...]) -> SafeString | None:
    """Stacked bars per group: mastered, practised but not mastered, not yet practised."""
    shown = rows[:MOST_BARS]
    if not any(row.seen for row in shown):
        return None
    chart = pygal.HorizontalStackedBar(
        title=title,
        width=480,
        height=120 + 40 * len(shown),
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        print_values=True,
        print_zeroes=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_label=LABEL_CHARS,
        show_y_guides=False,
        value_formatter=lambda v: f"{v:g}",
    )
    chart.x_labels = [row.label for row in shown]
    chart.add("已掌握", [row.mastered for row in shown])
    chart.add("练习中", [row.learning for row in shown])
    chart.add("未练习", [row.unseen for row in shown])
    # pygal escapes every label and value it writes, so the SVG may be inlined.
    return mark_safe(SCRIPT.sub("", chart.render(is_unicode=True)))
