"""Result snippets: escaped, terms marked, cut around the part that matched best."""

from content.search.highlight import SNIPPET_CHARS, highlight

FILLER = "生产经营单位应当建立健全安全生产责任制度。" * 20  # 400 characters, no query term


def test_terms_are_marked_and_the_text_escaped() -> None:
    html = highlight("<b>未经培训</b>不得上岗", ["培训", "上岗"])

    assert html == "&lt;b&gt;未经<mark>培训</mark>&lt;/b&gt;不得<mark>上岗</mark>"


def test_single_characters_are_not_marked() -> None:
    assert "<mark>" not in highlight("谁检查谁负责", ["谁"])


def test_a_short_text_is_shown_whole() -> None:
    assert highlight("短文本，包含管理。", ["管理"]) == "短文本，包含<mark>管理</mark>。"


def test_a_long_text_is_cut_around_the_window_with_the_most_matched_terms() -> None:
    # 管理 occurs early and alone; the sentence holding both rarer terms comes later.
    text = "安全管理" + FILLER + "剧毒化学品实行双人收发、双人保管制度。" + FILLER

    html = highlight(text, ["管理", "双人收发", "双人保管"])

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>双人收发</mark>、<mark>双人保管</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS + 2


def test_a_match_near_the_start_keeps_the_start() -> None:
    html = highlight("前言：" + "动火作业" + FILLER, ["动火作业"])

    assert html.startswith("前言：<mark>动火作业</mark>") and html.endswith("…")
