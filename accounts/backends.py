"""Authentication backend: log in by username, 工号 or phone; the user comes with their profile.

Every view scopes by the profile (role, enterprise, jurisdiction), so loading it with the
user in one query saves a round trip on every request — the answer-save endpoint of an
exam is called twenty times per paper.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.login import accounts_for


class ProfileModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        matches = accounts_for(username)
        if len(matches) != 1:
            # None, or a 工号/phone shared by several accounts: never guess which one.
            # Hash anyway so the answer takes as long as a wrong password (no probing).
            get_user_model()().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("profile").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
