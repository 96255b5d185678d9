"""Chinese word segmentation for the lexical arm (jieba → PostgreSQL `simple` tsvector).

PostgreSQL's parsers don't split Chinese into words, so text is segmented here and the
space-joined tokens are fed to `to_tsvector('simple', …)`; queries are segmented the same
way and ORed. Both sides NFKC-normalise and lowercase, so ＨＡＺＯＰ matches hazop.

Gotcha: segmentation depends on the user words loaded, so index and query processes must
call `load_user_words` with the same words, and the index be rebuilt when they change.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Iterable

import jieba

EMPTY_QUERY_MESSAGE = "请输入要搜索的内容"

# Question words, particles and modal verbs that users type but regulations don't
# distinguish by. Deliberately small: 谁/不/未/没有 carry meaning ("谁检查、谁签名、谁负责").
_STOPWORD_TEXT = """
的 了 吗 呢 吧 啊 呀 么 嘛 哦 着 过 地 得 和 与 及 或 把 被 给 在 对 向
是 要 能 会 该 应 想 有 我 我们 你 您 他 她 它 他们 这 那 这个 那个
怎么 怎么办 怎样 怎么样 如何 为什么 什么 啥 哪 哪些 哪个 哪几 几个 哪几个
多少 多久 几 能不能 不能 能否 可以 可不可以 可否 会不会 是不是 要不要 有没有
需要 应该 请问 一下 一些 关于 还是 就 都 也 还
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())


class EmptyQueryError(ValueError):
    """The query is empty once cleaned; its message is shown to the user as is."""

    def __init__(self, message: str = EMPTY_QUERY_MESSAGE) -> None:
        super().__init__(message)


# Control, format (zero-width, bidi) and surrogate code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_user_words: set[str] = set()


def segment_for_index(text: str) -> str:
    """Space-separated search tokens of text, for `to_tsvector('simple', %s)`.

    Use to_tsvector, not array_to_tsvector: PostgreSQL's parser must split a token such
    as "a&b" the same way it splits the quoted lexemes of `to_tsquery_string`.
    """
    return " ".join(_tokens(text))


def query_terms(query: str) -> list[str]:
    """Distinct search tokens of a query, in order, without stopwords and punctuation."""
    terms: dict[str, None] = {}
    for token in _tokens(query):
        if token not in STOPWORDS:
            terms.setdefault(token)
    return list(terms)


def to_tsquery_string(terms: Iterable[str]) -> str:
    """OR the terms into a string for `to_tsquery('simple', %s)`; "" if none is usable.

    Each term is one quoted lexeme (quotes doubled, backslashes escaped), so tsquery
    operators in user input are plain text (a term PostgreSQL splits, like "it's", becomes
    a phrase 'it' <-> 's'). Callers should skip the lexical arm on "".
    """
    quoted: dict[str, None] = {}
    for term in terms:
        clean = "".join(ch for ch in term if unicodedata.category(ch) not in _INVISIBLE).strip()
        if _is_word(clean):
            quoted.setdefault("'" + clean.replace("\\", "\\\\").replace("'", "''") + "'")
    return " | ".join(quoted)


def sanitize_query(query: str, max_len: int = 200) -> str:
    """Query without control/format characters, whitespace collapsed, cut to `max_len`.

    Raises EmptyQueryError if nothing is left. Lone surrogates are dropped, so the result
    always encodes to UTF-8.
    """
    if max_len < 1:
        raise ValueError("max_len must be positive")
    kept = (
        " " if ch.isspace() else ch
        for ch in query
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    cleaned = " ".join("".join(kept).split())[:max_len].rstrip()
    if not cleaned:
        raise EmptyQueryError()
    return cleaned


def load_user_words(words: Iterable[str]) -> int:
    """Teach jieba domain words (重大危险源, 受限空间…); idempotent. Returns how many were new."""
    tokenizer = _jieba()
    added = 0
    with _lock:
        for raw in words:
            word = unicodedata.normalize("NFKC", raw).strip().lower()
            if word and word not in _user_words:
                tokenizer.add_word(word)
                _user_words.add(word)
                added += 1
    return added


def _tokens(text: str) -> list[str]:
    normalised = unicodedata.normalize("NFKC", text).lower()
    return [t for t in (t.strip() for t in _jieba().cut_for_search(normalised)) if _is_word(t)]


def _is_word(token: str) -> bool:
    """A token is a word if it has a letter or digit (Chinese characters count as letters)."""
    return any(ch.isalnum() for ch in token)


def _jieba() -> jieba.Tokenizer:
    """Our own jieba tokenizer, built once and quietly (the module-level one is left alone)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer
