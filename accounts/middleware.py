"""People given a one-time password choose their own before they do anything else."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.scoping import profile_of


class PasswordChangeRequiredMiddleware:
    """Send a user whose profile says `must_change_password` to 修改密码.

    Logging out, the change page itself and static/media files stay reachable. The
    profile comes with the user (accounts.backends), so this costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._must_change(user):
            change_url = reverse("accounts:password_change")
            exempt = (
                change_url,
                reverse("accounts:logout"),
                reverse("wagtailadmin_logout"),
                settings.STATIC_URL,
                settings.MEDIA_URL,
            )
            if not request.path.startswith(exempt):
                return redirect(f"{change_url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_change(user) -> bool:
        profile = profile_of(user)
        return bool(profile is not None and profile.must_change_password)
