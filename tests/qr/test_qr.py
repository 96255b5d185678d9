"""QR drawing, stored tokens and signed codes (no database)."""

from __future__ import annotations

import re
import time

import pytest
import segno
from django.core import signing
from django.test import override_settings

from safetykb.qr import (
    EXPIRED,
    FORGED,
    looks_like_token,
    new_token,
    qr_svg,
    read_signed_code,
    signed_code,
)

URL = "https://safetykb.example.cn/verify/Kq3v0x9ZPd2LmA7sT1uYbQ/"


def drawn_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SVG from segno draws, read back from its path."""
    path = re.search(r' d="([^"]+)"', svg)
    assert path is not None
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(x) + i, int(y)) for i in range(int(a))}
            x += int(a)
    return dark


def test_the_svg_draws_the_url_s_symbol_with_a_four_module_quiet_zone():
    svg = qr_svg(URL, title="上岗证核验")
    symbol = segno.make(URL, error="m", micro=False, boost_error=False)
    expected = {
        (col + 4, row + 4)
        for row, line in enumerate(symbol.matrix)
        for col, bit in enumerate(line)
        if bit
    }
    assert drawn_modules(svg) == expected
    size = (symbol.symbol_size(border=4)[0]) * 4
    assert svg.startswith(f'<svg width="{size}" height="{size}" class="qr">')
    assert "<title>上岗证核验</title>" in svg
    assert drawn_modules(qr_svg(URL.replace("Kq3", "Kq4"))) != expected


@pytest.mark.parametrize("url", ["", "https://x.cn/" + "a" * 500])
def test_an_empty_or_overlong_url_is_refused(url):
    with pytest.raises(ValueError, match="二维码网址为空或过长"):
        qr_svg(url)


def test_tokens_are_128_random_bits_in_22_url_safe_characters():
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    assert all(looks_like_token(t) and len(t) == 22 for t in tokens)


@pytest.mark.parametrize(
    "text",
    ["", "short", "Kq3v0x9ZPd2LmA7sT1uYb/", "Kq3v0x9ZPd2LmA7sT1uYbQQ", "' OR 1=1 --xxxxxxxxxx"],
)
def test_junk_is_not_a_token(text):
    assert not looks_like_token(text)


def test_a_signed_code_reads_back_for_its_purpose_only():
    code = signed_code("exam-42", purpose="onsite-exam")
    assert read_signed_code(code, purpose="onsite-exam").value == "exam-42"
    assert read_signed_code(code, purpose="certificate").problem == FORGED
    altered = code.replace("exam-42", "exam-43", 1)
    check = read_signed_code(altered, purpose="onsite-exam")
    assert not check.ok and check.problem == "二维码无效：不是本系统签发的，或已被改动。"


def test_a_signed_code_expires_after_its_lifetime(monkeypatch):
    code = signed_code("exam-42", purpose="onsite-exam")
    assert read_signed_code(code, purpose="onsite-exam", max_age=3600).ok
    later = time.time() + 3601
    monkeypatch.setattr(signing.time, "time", lambda: later)
    check = read_signed_code(code, purpose="onsite-exam", max_age=3600)
    assert (check.value, check.problem) == (None, EXPIRED)


def test_a_rotated_secret_key_still_reads_codes_signed_before_the_rotation():
    with override_settings(SECRET_KEY="old-key-" + "x" * 50):
        code = signed_code("exam-42", purpose="onsite-exam")
    with override_settings(SECRET_KEY="new-key-" + "y" * 50):
        assert read_signed_code(code, purpose="onsite-exam").problem == FORGED
    with override_settings(
        SECRET_KEY="new-key-" + "y" * 50, SECRET_KEY_FALLBACKS=["old-key-" + "x" * 50]
    ):
        assert read_signed_code(code, purpose="onsite-exam").value == "exam-42"
