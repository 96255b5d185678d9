"""jieba segmentation, query terms, safe tsquery strings and query sanitising."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from content.search import segment
from content.search.segment import (
    STOPWORDS,
    EmptyQueryError,
    load_user_words,
    query_terms,
    sanitize_query,
    segment_for_index,
    to_tsquery_string,
)

# One quoted lexeme: anything but quote/backslash, or a doubled quote, or an escaped backslash.
LEXEME = r"'(?:[^'\\]|''|\\\\)+'"
TSQUERY = re.compile(rf"^(?:{LEXEME}(?: \| {LEXEME})*)?$")

ADVERSARIAL = [
    "a & b",
    "' OR 1=1 --",
    "!():*<->",
    "a\\b",
    "x\\",
    "'",
    "''",
    "\\'",
    "it's",
    "a:*",
    "!a | b & (c <-> d)",
    "安全'); DROP TABLE content_chunk; --",
    "\x00安全",
    "’＇‘",
    "",
    "   ",
]


def test_segment_for_index_gives_search_tokens_without_punctuation() -> None:
    tokens = segment_for_index("企业主要负责人必须认真履责，并作出安全承诺。").split(" ")

    assert {"企业", "主要", "负责人", "安全", "承诺"} <= set(tokens)
    assert "，" not in tokens and "。" not in tokens
    assert "" not in tokens


def test_segment_for_index_lowercases_and_normalises_width() -> None:
    assert segment_for_index("ＨＡＺＯＰ分析") == "hazop 分析"
    assert segment_for_index("HAZOP分析") == "hazop 分析"


def test_segment_for_index_drops_whitespace_and_symbol_tokens() -> None:
    assert segment_for_index("  a , b ！！ -- \n\t") == "a b"
    assert segment_for_index("") == ""


def test_search_mode_emits_sub_words_of_long_words() -> None:
    tokens = segment_for_index("第三方").split(" ")

    assert {"第三", "三方", "第三方"} <= set(tokens)


def test_query_terms_drop_stopwords_and_keep_content() -> None:
    assert query_terms("员工考核不合格要怎么处理") == ["员工", "考核", "不", "合格", "处理"]


def test_query_terms_keep_meaningful_short_words() -> None:
    assert "谁" in query_terms("检查人员签字后出了问题谁负责")


def test_query_terms_dedupe_in_order() -> None:
    assert query_terms("安全 安全，安全！生产") == ["安全", "生产"]


def test_query_terms_of_punctuation_only_is_empty() -> None:
    assert query_terms("？？！!...") == []


def test_stopwords_are_normalised_like_tokens() -> None:
    assert all(w == w.strip().lower() and w for w in STOPWORDS)


def test_to_tsquery_string_quotes_and_ors_terms() -> None:
    assert to_tsquery_string(["安全", "生产"]) == "'安全' | '生产'"


def test_to_tsquery_string_dedupes_and_skips_unusable_terms() -> None:
    assert to_tsquery_string(["安全", "安全", "", "  ", "!():*<->"]) == "'安全'"
    assert to_tsquery_string([]) == ""


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("a & b", "'a & b'"),
        ("' OR 1=1 --", "''' OR 1=1 --'"),
        ("a\\b", "'a\\\\b'"),
        ("x\\", "'x\\\\'"),
        ("it's", "'it''s'"),
        ("a:*", "'a:*'"),
        ("\x00安\u200b全", "'安全'"),
    ],
)
def test_to_tsquery_string_escapes_quotes_and_backslashes(term: str, expected: str) -> None:
    assert to_tsquery_string([term]) == expected


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_input_always_gives_well_formed_lexemes(text: str) -> None:
    for terms in ([text], query_terms(text), text.split()):
        query = to_tsquery_string(terms)

        assert TSQUERY.match(query), query
        assert "\x00" not in query


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_query_terms_never_contain_tsquery_operators_alone(text: str) -> None:
    for term in query_terms(text):
        assert any(ch.isalnum() for ch in term)
        assert term.strip() == term


def test_sanitize_query_strips_control_and_format_characters() -> None:
    assert sanitize_query("\x00安全\x07生产\u200b管理\ufeff") == "安全生产管理"


def test_sanitize_query_collapses_whitespace() -> None:
    assert sanitize_query("  动火 \t\n 作业\u3000审批  ") == "动火 作业 审批"


def test_sanitize_query_cuts_to_max_len() -> None:
    assert sanitize_query("安" * 300) == "安" * 200
    assert sanitize_query("a" * 9 + " b", max_len=10) == "a" * 9  # no trailing space


def test_sanitize_query_never_leaves_broken_surrogates() -> None:
    emoji = sanitize_query("🔥" * 300, max_len=5)
    lone = sanitize_query("安\ud800全\udfff")

    assert emoji == "🔥" * 5
    assert lone == "安全"
    emoji.encode("utf-8")
    lone.encode("utf-8")


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "\x00\x07", "\u200b\ufeff"])
def test_sanitize_query_rejects_empty(query: str) -> None:
    with pytest.raises(EmptyQueryError, match="请输入要搜索的内容") as raised:
        sanitize_query(query)

    assert isinstance(raised.value, ValueError)


def test_sanitize_query_rejects_non_positive_max_len() -> None:
    with pytest.raises(ValueError):
        sanitize_query("安全", max_len=0)


def test_load_user_words_changes_segmentation_and_is_idempotent() -> None:
    before = segment_for_index("七溯源一分析").split(" ")

    first = load_user_words(["七溯源", "七溯源", " "])
    second = load_user_words(["七溯源"])

    assert "七溯源" not in before
    assert "七溯源" in segment_for_index("七溯源一分析").split(" ")
    assert (first, second) == (1, 0)


def test_tokenizer_is_built_once() -> None:
    assert segment._jieba() is segment._jieba()


def test_jieba_initialises_quietly() -> None:
    script = "from content.search.segment import segment_for_index; segment_for_index('安全生产')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    assert result.stderr == ""
    assert result.stdout == ""
