"""QR codes that open a verification page, and the codes they carry.

Two kinds of code, for two uses:

- A certificate printed on paper carries a random 128-bit token stored on the
  certificate (``new_token``). The database is the authority, so the code outlives a
  change of SECRET_KEY and a suspended or revoked certificate answers so at once; a token
  nobody issued is simply not found. ``looks_like_token`` turns away junk before any
  query.
- A code that is never stored (an on-site test code shown for a morning) is signed with
  the SECRET_KEY instead (``signed_code`` / ``read_signed_code``), and may expire; a
  forged or altered one is recognised without any lookup.

``qr_svg`` draws a URL as an inline SVG with segno (pure Python, no Pillow).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import segno
from django.core import signing

#: 16 random bytes, URL-safe base64 without padding: 22 characters.
TOKEN_BYTES = 16
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
#: Long enough for any verification URL we build; a longer one is a bug, not an input.
MAX_URL_LENGTH = 500


def new_token() -> str:
    """A fresh unguessable token (128 bits) to store on a certificate and put in its QR."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(text: str) -> bool:
    """Whether ``text`` has a token's shape: check before querying, answer junk at once."""
    return bool(_TOKEN.fullmatch(text or ""))


def qr_svg(url: str, *, title: str = "扫码核验", scale: int = 4, border: int = 4) -> str:
    """``url`` as an inline ``<svg>`` QR code (error correction M: survives a smudge).

    ``border`` is the quiet zone in modules; 4 is what the standard asks for, and phone
    scanners miss codes printed with less next to a table line.
    """
    if not url or len(url) > MAX_URL_LENGTH:
        raise ValueError(f"二维码网址为空或过长（{len(url or '')} 个字符）。")
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_inline(scale=scale, border=border, title=title, svgclass="qr")


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """What a scanned signed code says: its value, or why it has none."""

    value: str | None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None


FORGED = "二维码无效：不是本系统签发的，或已被改动。"
EXPIRED = "二维码已过期，请向现场工作人员索取新的二维码。"


def signed_code(value: str, *, purpose: str) -> str:
    """``value`` signed for one ``purpose`` (the salt): a code for one use can't pass
    for another's. Timestamped, so ``read_signed_code`` can give it a lifetime."""
    return signing.TimestampSigner(salt=f"safetykb.qr.{purpose}").sign(value)


def read_signed_code(code: str, *, purpose: str, max_age: int | None = None) -> CodeCheck:
    """The value in a code from ``signed_code``; a forged, altered, other-purpose or
    (with ``max_age`` seconds) expired code gives no value and a Chinese reason."""
    signer = signing.TimestampSigner(salt=f"safetykb.qr.{purpose}")
    try:
        return CodeCheck(signer.unsign(code or "", max_age=max_age))
    except signing.SignatureExpired:
        return CodeCheck(None, EXPIRED)
    except signing.BadSignature:
        return CodeCheck(None, FORGED)
