from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form with Chinese labels and errors that do not depend on the locale."""

    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（注意区分大小写）。",
        "inactive": "该账号已停用，请联系本单位安全管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["username"].error_messages["required"] = "请输入用户名。"
        self.fields["password"].label = "密码"
        self.fields["password"].error_messages["required"] = "请输入密码。"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )
