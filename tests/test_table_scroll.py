"""Every table on the front end sits in `.table-scroll`, the one wrapper that makes it scroll
sideways on a phone and says so (js/table_scroll.js; tests/browser/test_wide_tables.py)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONT_END = ("accounts/templates", "assessments/templates", "content", "site/safetykb/templates")
WRAPPED = re.compile(r'<div class="table-scroll">\s*<table\b')


def test_every_front_end_table_is_in_a_scroll_wrapper() -> None:
    unwrapped = []
    for folder in FRONT_END:
        for template in (ROOT / folder).rglob("*.html"):
            if "admin" in template.relative_to(ROOT).parts[2:]:  # Wagtail admin screens
                continue
            html = template.read_text(encoding="utf-8")
            if html.count("<table") != len(WRAPPED.findall(html)):
                unwrapped.append(str(template.relative_to(ROOT)))
    assert unwrapped == []
