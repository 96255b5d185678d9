"""Authentication backend: the logged-in user comes with their staff profile.

Every view scopes by the profile (role, enterprise, jurisdiction), so loading it with the
user in one query saves a round trip on every request — the answer-save endpoint of an
exam is called twenty times per paper.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("profile").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
