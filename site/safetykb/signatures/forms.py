"""The signing form: the password, re-entered; ``sign_or_error`` calls the service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from .models import Signature
from .services import sign


class SignForm(forms.Form):
    password = forms.CharField(
        label="请输入登录密码以签名",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "请输入登录密码以签名。"},
    )

    def sign_or_error(
        self,
        obj: models.Model,
        *,
        request: HttpRequest,
        capacity: str,
        content: Mapping[str, Any],
        drawn_png: bytes | None = None,
    ) -> Signature | None:
        """Sign as ``request.user``; on refusal the reason lands on the form, None returned."""
        if not self.is_valid():
            return None
        try:
            return sign(
                obj,
                user=request.user,
                password=self.cleaned_data["password"],
                capacity=capacity,
                content=content,
                drawn_png=drawn_png,
                request=request,
            )
        except ValidationError as refusal:
            # The service keys errors by its arguments; only the password is a field here.
            for field, messages in refusal.message_dict.items():
                self.add_error("password" if field == "password" else None, messages)
            return None
