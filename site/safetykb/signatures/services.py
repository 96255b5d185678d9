"""Signing a record and checking it later: ``sign`` and ``verify``.

Signing re-checks the signer's password, so a signature means the person was at the
keyboard, not just that a session was open. A wrong password counts as a failed login
for django-axes when the request is given: guessing through the signing form locks the
account exactly as guessing at the login page does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

# The audit helper moves into this app with the domain refactor; until then it lives
# with the exams (an allowed upward import, see tests/test_dependencies.py).
from safetykb.audit import audit
from safetykb.models import AuditKind

from .canonical import SCHEME, canonical_json, content_hash, digest_text
from .models import Signature, SignCapacity

#: A drawn signature is a small image; anything larger is not one.
MAX_DRAWN_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

WRONG_PASSWORD = "登录密码不正确，未签名。请重新输入本人的登录密码。"
LOCKED_OUT = "密码错误次数过多，账号已暂时锁定，请稍后再试，或请安全管理员解除锁定。"


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


@dataclass(frozen=True)
class CheckedPassword:
    """Proof that ``user_id`` has just re-entered their password (``check_signing_password``).

    A service that must check the password before its own transaction (so that axes keeps
    a failure the rollback would forget) passes this to ``sign`` instead of the password,
    and the password is hashed once, not twice (hashing is the slow part of signing)."""

    user_id: int


def check_signing_password(
    user: Any, password: str, request: HttpRequest | None
) -> CheckedPassword:
    """Refuse a locked-out account or a wrong password (``ValidationError``, counted by
    axes); call outside any transaction and give the result to ``sign``."""
    _check_password(user, password, request)
    return CheckedPassword(user.pk)


def _check_password(user: Any, password: str, request: HttpRequest | None) -> None:
    """Refuse a locked-out account or a wrong password; the failure is counted by axes.

    Runs outside any transaction of ``sign``: axes records the failure in the database,
    and a rollback would forget it. A caller that wraps ``sign`` in its own transaction
    rolls the count back with its error, so views call ``sign`` without one.
    """
    credentials = {"username": user.get_username()}
    throttled = request is not None and getattr(settings, "AXES_ENABLED", True)
    if throttled:
        from axes.handlers.proxy import AxesProxyHandler

        if not AxesProxyHandler.is_allowed(request, credentials):
            raise _refuse("password", LOCKED_OUT)
    if user.is_active and user.check_password(password or ""):
        return
    if throttled:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    raise _refuse("password", WRONG_PASSWORD)


def _drawn_file(drawn_png: bytes) -> ContentFile:
    if len(drawn_png) > MAX_DRAWN_BYTES or not drawn_png.startswith(PNG_MAGIC):
        raise _refuse("drawn_png", "手写签名须为 PNG 图片，且不超过 512 KB。")
    # An unguessable name: media files are served to whoever has the URL.
    return ContentFile(drawn_png, name=f"{secrets.token_hex(16)}.png")


def sign(
    obj: models.Model,
    *,
    user: Any,
    password: str | CheckedPassword,
    capacity: str,
    content: Mapping[str, Any],
    now: dt.datetime | None = None,
    drawn_png: bytes | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """``user`` signs ``obj`` as ``capacity``, over ``content`` (what the page showed).

    Raises ``ValidationError`` (keyed by field, Chinese message) for a wrong password, a
    locked-out account, an unknown capacity, a second signature by the same person in the
    same capacity on the same object, or a drawn signature that is not a small PNG.
    Writes one ``signed`` audit event with the signature.
    """
    if capacity not in SignCapacity.values:
        raise _refuse("capacity", f"未知的签名身份：{capacity}。")
    if obj.pk is None:
        raise ValueError("Only a saved object can be signed.")
    if isinstance(password, CheckedPassword):
        if password.user_id != user.pk:
            raise _refuse("password", WRONG_PASSWORD)
    else:
        _check_password(user, password, request)
    label = SignCapacity(capacity).label
    content_type = ContentType.objects.get_for_model(obj)
    already = _refuse("capacity", f"您已以“{label}”身份签过这份记录，不能重复签名。")
    text = canonical_json(content)
    image = _drawn_file(drawn_png) if drawn_png is not None else None
    try:
        with transaction.atomic():
            if Signature.objects.filter(
                content_type=content_type, object_id=obj.pk, signer=user, capacity=capacity
            ).exists():
                raise already
            signature = Signature(
                signer=user,
                signed_at=now or timezone.now(),
                capacity=capacity,
                content_type=content_type,
                object_id=obj.pk,
                content_hash=digest_text(text),
                signed_text=text,
                drawn_hash=hashlib.sha256(drawn_png).hexdigest() if drawn_png else "",
            )
            if image is not None:
                signature.drawn_image = image
            signature.save()
            profile = getattr(user, "profile", None)
            audit(
                AuditKind.SIGNED,
                actor=user,
                enterprise_id=getattr(profile, "enterprise_id", None),
                signature_id=signature.pk,
                capacity=capacity,
                object=f"{content_type.app_label}.{content_type.model}:{obj.pk}",
                content_hash=signature.content_hash,
            )
    except IntegrityError:
        # Two submissions raced past the check; the unique constraint kept one.
        raise already from None
    return signature


def verify(signature: Signature, content: Mapping[str, Any]) -> bool:
    """Whether ``content`` is still exactly what ``signature`` was made over."""
    if signature.scheme != SCHEME:
        raise ValueError(f"Unknown signature scheme {signature.scheme!r}")
    return hmac.compare_digest(signature.content_hash, content_hash(content))
