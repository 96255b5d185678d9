"""The words question banks use: type labels, 判断 answers, difficulty, tag lists.

Shared by every text-based parser (docx, plain text, xlsx/csv) so 单选题/单项选择题 and
正确/对/√ mean the same wherever they appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import QuestionType

__all__ = [
    "OPTION_KEYS",
    "TypeLabel",
    "fold",
    "parse_difficulty",
    "parse_true_false",
    "split_tags",
    "type_label",
]

# Text layouts label options A..H; the xlsx template has columns for A..F.
OPTION_KEYS = "ABCDEFGH"

# Full-width ASCII (U+FF01..FF5E) and the ideographic space, mapped one char to one char so
# indices into the folded text are indices into the original too.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20


def fold(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII; same length as ``text``."""
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class TypeLabel:
    """What a 题型 label says: a supported type, "choice, infer single/multiple", or foreign."""

    type: QuestionType | None
    supported: bool = True  # False for 简答/论述/…: recognised, but not importable


_SUPPORTED_LABELS: dict[str, QuestionType | None] = {
    "单选": QuestionType.SINGLE,
    "单项选择": QuestionType.SINGLE,
    "单项": QuestionType.SINGLE,
    "单择": QuestionType.SINGLE,
    "single": QuestionType.SINGLE,
    "multichoice_single": QuestionType.SINGLE,
    "多选": QuestionType.MULTIPLE,
    "多项选择": QuestionType.MULTIPLE,
    "多项": QuestionType.MULTIPLE,
    "multiple": QuestionType.MULTIPLE,
    "判断": QuestionType.TRUE_FALSE,
    "是非": QuestionType.TRUE_FALSE,
    "对错": QuestionType.TRUE_FALSE,
    "正误": QuestionType.TRUE_FALSE,
    "判断正误": QuestionType.TRUE_FALSE,
    "true_false": QuestionType.TRUE_FALSE,
    "truefalse": QuestionType.TRUE_FALSE,
    "填空": QuestionType.FILL,
    "fill": QuestionType.FILL,
    # 选择题 / 不定项 may have one or several answers: the answer decides.
    "选择": None,
    "不定项选择": None,
    "不定项": None,
}
_UNSUPPORTED_LABELS = frozenset(
    {
        "简答",
        "问答",
        "论述",
        "案例分析",
        "案例",
        "计算",
        "名词解释",
        "综合",
        "材料分析",
        "主观",
        "作图",
        "排序",
        "连线",
        "匹配",
        "essay",
    }
)


def type_label(text: str) -> TypeLabel | None:
    """Interpret a 题型 label ("单选题", "【多项选择题】", "判断"); None if it is not one."""
    key = fold(text).strip().strip("【】[]()").strip().lower()
    key = re.sub(r"\s+", "", key)
    for suffix in ("题型", "题"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    if key in _SUPPORTED_LABELS:
        return TypeLabel(_SUPPORTED_LABELS[key])
    if key in _UNSUPPORTED_LABELS:
        return TypeLabel(None, supported=False)
    return None


# Words that can only mean 正确/错误; enough to infer that an untagged question is 判断.
_TRUE_MARKS = frozenset({"正确", "对", "√", "✓", "✔"})
_FALSE_MARKS = frozenset({"错误", "错", "×", "✗", "✘"})
# Accepted once the question is known to be 判断 (Excel TRUE/FALSE, T/F, 是/否, A/B).
_TRUE_WORDS = _TRUE_MARKS | {"是", "t", "true", "y", "yes", "1", "a"}
_FALSE_WORDS = _FALSE_MARKS | {"否", "x", "f", "false", "n", "no", "0", "b"}
_TRAILING = "。.，,；;、！!"


def parse_true_false(text: str, *, strict: bool = False) -> str | None:
    """ "true"/"false" for a 判断 answer: 正确/错误/对/错/√/×, and unless ``strict`` also
    T/F, 是/否, 1/0 and A/B (A=正确, B=错误); None if it is none of them."""
    key = fold(text).strip().rstrip(_TRAILING).strip().lower()
    if key in (_TRUE_MARKS if strict else _TRUE_WORDS):
        return "true"
    if key in (_FALSE_MARKS if strict else _FALSE_WORDS):
        return "false"
    return None


_DIFFICULTY = {
    "易": "易",
    "容易": "易",
    "简单": "易",
    "较易": "易",
    "低": "易",
    "easy": "易",
    "1": "易",
    "中": "中",
    "中等": "中",
    "一般": "中",
    "适中": "中",
    "medium": "中",
    "2": "中",
    "难": "难",
    "困难": "难",
    "较难": "难",
    "高": "难",
    "hard": "难",
    "3": "难",
}


def parse_difficulty(text: str) -> str | None:
    """易/中/难 from the many ways banks write difficulty; None if blank or unrecognised."""
    return _DIFFICULTY.get(fold(text).strip().rstrip(_TRAILING).lower())


_TAG_SEPARATORS = re.compile(r"[、,，;；|/\n]+")


def split_tags(text: str) -> tuple[str, ...]:
    """ "全员、班组长；新员工" -> ("全员", "班组长", "新员工"), order kept, duplicates dropped."""
    seen: dict[str, None] = {}
    for part in _TAG_SEPARATORS.split(text):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)
