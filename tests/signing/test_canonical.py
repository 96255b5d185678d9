"""The canonical text and its hash: pure, no database."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from safetykb.signatures.canonical import CanonicalError, canonical_json, content_hash

SESSION = {
    "title": "动火作业安全培训",
    "date": dt.date(2024, 3, 1),
    "hours": Decimal("4.0"),
    "attendees": [{"工号": "E001", "姓名": "张三"}, {"工号": "E002", "姓名": "李四"}],
}


def test_the_hash_is_sha256_of_sorted_compact_utf8_json() -> None:
    assert canonical_json({"b": 1, "a": "安全"}) == '{"a":"安全","b":1}'
    assert (
        content_hash({"b": 1, "a": "安全"})
        == hashlib.sha256('{"a":"安全","b":1}'.encode()).hexdigest()
    )
    assert len(content_hash(SESSION)) == 64


def test_key_order_does_not_matter_at_any_depth() -> None:
    reordered = {
        "attendees": [{"姓名": "张三", "工号": "E001"}, {"姓名": "李四", "工号": "E002"}],
        "hours": Decimal("4"),
        "date": dt.date(2024, 3, 1),
        "title": "动火作业安全培训",
    }
    assert content_hash(reordered) == content_hash(SESSION)


@pytest.mark.parametrize(
    "change",
    [
        {"title": "动火作业安全培训。"},
        {"date": dt.date(2024, 3, 2)},
        {"hours": Decimal("4.5")},
        {"attendees": [{"工号": "E002", "姓名": "李四"}, {"工号": "E001", "姓名": "张三"}]},
    ],
    ids=["one-character", "date", "hours", "list-order"],
)
def test_any_change_changes_the_hash(change: dict) -> None:
    assert content_hash({**SESSION, **change}) != content_hash(SESSION)


def test_values_have_one_text_form() -> None:
    assert canonical_json({"h": Decimal("8.00"), "n": 8.0, "k": (1, 2)}) == (
        '{"h":"8","k":[1,2],"n":8}'
    )
    assert content_hash({"flag": True}) != content_hash({"flag": 1})
    shanghai = dt.datetime(2024, 3, 2, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    utc = dt.datetime(2024, 3, 1, 16, 30, tzinfo=dt.UTC)
    assert content_hash({"at": shanghai}) == content_hash({"at": utc})


@pytest.mark.parametrize(
    "content, words",
    [
        ({"hours": 0.1}, "Decimal"),
        ({"at": dt.datetime(2024, 3, 1, 8, 0)}, "时区"),
        ({1: "a"}, "键必须是字符串"),
        ({"x": {1, 2}}, "set"),
        ({"h": Decimal("NaN")}, "数值无效"),
    ],
    ids=["float", "naive-datetime", "int-key", "set", "nan"],
)
def test_values_without_one_form_are_refused(content: dict, words: str) -> None:
    with pytest.raises(CanonicalError, match=words):
        canonical_json(content)
