from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from accounts.login import accounts_for


class LoginForm(AuthenticationForm):
    """Django's login form with Chinese labels and errors that do not depend on the locale.

    The name may be a username, a 工号 or a phone number (`accounts.login.accounts_for`).
    """

    error_messages = {
        "invalid_login": "账号或密码不正确，请重新输入（注意区分大小写）。",
        "inactive": "该账号已停用，请联系本单位安全管理员。",
        "ambiguous": "该工号或手机号对应多个账号，请改用用户名登录（见账号单或询问安全管理员）。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名 / 工号 / 手机号"
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["username"].error_messages["required"] = "请输入用户名、工号或手机号。"
        self.fields["password"].label = "密码"
        self.fields["password"].error_messages["required"] = "请输入密码。"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and len(accounts_for(username)) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return super().clean()


class ChangePasswordForm(SetPasswordForm):
    """The person sets their own password (the one-time one was just typed to log in)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        self.error_messages = {**self.error_messages, "password_mismatch": "两次输入的密码不一致。"}
        for field in self.fields.values():
            field.error_messages["required"] = "请填写此项。"

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password2")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error("new_password2", "新密码不能与当前密码（一次性密码）相同。")
        return cleaned
