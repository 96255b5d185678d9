"""What is signed: a dict, serialised one way only, and its SHA-256 hex digest (no Django).

The same content must give the same bytes on every machine and in every year, so the
serialisation is fixed here: keys sorted, no whitespace, UTF-8 with Chinese kept as is,
and only JSON's own types plus the few values records hold (dates, times, Decimal, UUID),
each written in one unambiguous text form. Anything else is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

#: Stored with every signature, so a later change of scheme can still verify old rows.
SCHEME = "sha256-canonical-json-v1"


class CanonicalError(TypeError):
    """The content holds a value with no single canonical form."""


def _plain(value: Any, where: str) -> Any:
    # bool before int: bool is an int subclass, and True must stay true, not 1.
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        # A float's text depends on its binary value (0.1 + 0.2); hours and scores are
        # Decimal. A whole float is accepted as the integer it is, nothing else.
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise CanonicalError(f"{where}: 小数请用 Decimal，不能用浮点数（{value!r}）。")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CanonicalError(f"{where}: 数值无效（{value}）。")
        # normalize() drops trailing zeros, so 8.0 and 8.00 hours sign the same.
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise CanonicalError(f"{where}: 时间必须带时区。")
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                # json.dumps would turn 1 into "1" and let {1: a, "1": b} collide.
                raise CanonicalError(f"{where}: 键必须是字符串（{key!r}）。")
            out[key] = _plain(item, f"{where}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_plain(item, f"{where}[{i}]") for i, item in enumerate(value)]
    raise CanonicalError(f"{where}: 不能签名的值类型 {type(value).__name__}。")


def canonical_json(content: Mapping[str, Any]) -> str:
    """The one text form of ``content``; equal content (any key order) gives equal text."""
    if not isinstance(content, Mapping):
        raise CanonicalError("签名内容必须是字典。")
    return json.dumps(
        _plain(content, "内容"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def digest_text(text: str) -> str:
    """SHA-256 hex digest of a canonical text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 hex digest (64 lowercase hex characters) of ``canonical_json(content)``."""
    return digest_text(canonical_json(content))
