"""Errors of leadership's services, and signing a record inside the transaction that
creates it (the password is checked first, outside it, so django-axes counts a wrong one)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import HttpRequest

from safetykb.signatures.models import Signature
from safetykb.signatures.services import CheckedPassword, check_signing_password, sign

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TYPES = (".jpg", ".jpeg", ".png", ".pdf")


class LeadershipError(Exception):
    """A refused action; the message is Chinese and says what and where."""


class NotAllowed(LeadershipError):
    """The wrong person for this step (谁检查、谁签名、谁负责)."""


def check_password(user: Any, password: str, request: HttpRequest | None) -> CheckedPassword:
    """Refuse a wrong password before any write; counted as a failed login by axes."""
    try:
        return check_signing_password(user, password, request)
    except ValidationError as refusal:
        raise LeadershipError(" ".join(refusal.messages)) from None


def sign_now(
    obj: models.Model,
    *,
    user: Any,
    password: CheckedPassword,
    capacity: str,
    content: Mapping[str, Any],
) -> Signature:
    """Sign inside the caller's transaction, after ``check_password`` passed."""
    try:
        return sign(obj, user=user, password=password, capacity=capacity, content=content)
    except ValidationError as refusal:
        raise LeadershipError(" ".join(refusal.messages)) from None


def checked_upload(upload: UploadedFile, what: str) -> str:
    """The SHA-256 of an uploaded photo or document; refuses other types and big files."""
    name = (upload.name or "").lower()
    if not name.endswith(UPLOAD_TYPES):
        raise LeadershipError(f"{what}“{upload.name}”须为 JPG、PNG 图片或 PDF 文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        raise LeadershipError(f"{what}“{upload.name}”超过 10 MB。")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
